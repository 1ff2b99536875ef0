/*
 * idparse.h: one interface over every identity parser (HR rosters and
 * identity-system exports).  A parser is chosen by format, fed bytes in
 * chunks of any size, and emits struct id_person, id_account and
 * id_setting records (parse/identity.h) into a struct id_sink.  Pure: no
 * I/O, no globals, no logging; every error is located
 * ("file:line:column: field: expected ..., got '...'").
 *
 * The formats and their rules are in docs/EVIDENCE.md; each parser's file
 * (hr_csv.c, bamboohr.c, aws_authz.c, okta.c, google.c, entra.c,
 * github_members.c) starts with the rules it applies.
 */
#ifndef ASSURE_PARSE_IDPARSE_H
#define ASSURE_PARSE_IDPARSE_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/identity.h"

enum id_format {
	ID_FMT_HR_CSV,
	ID_FMT_BAMBOOHR,
	ID_FMT_AWS_AUTHZ,
	ID_FMT_OKTA_USERS,
	ID_FMT_OKTA_FACTORS,
	ID_FMT_OKTA_ADMINS,
	ID_FMT_GOOGLE_USERS,
	ID_FMT_ENTRA_USERS,
	ID_FMT_ENTRA_REGISTRATION,
	ID_FMT_GITHUB_MEMBERS,
	ID_FMT__MAX
};

/* A header rename for hr-csv: the column named from is the field to. */
struct id_map {
	const char	*from;
	const char	*to;
};

#define ID_MAPS_MAX		64	/* --map options */
#define ID_VALUE_MAX		4096	/* bytes of one normalised value */

struct id_opts {
	const char		*source;	/* for diagnostics */
	const char		*tenant;	/* --tenant, or NULL */
	const char		*user;		/* --user (okta-factors) */
	const struct id_map	*maps;
	size_t			 nmaps;
};

struct id_parser;

/*
 * A parser of format fmt emitting into sink (copied).  o and what it
 * points to must outlive the parser.  Fails with INVAL (and a diagnostic)
 * on options the format does not take, NOMEM otherwise.
 */
enum assure_err id_parser_new(enum id_format fmt, const struct id_opts *o,
    const struct id_sink *sink, struct id_parser **ret,
    struct assure_diag *reterr_diag);
void id_parser_free(struct id_parser *p);
/* Feed the next len bytes; errors are sticky. */
enum assure_err id_parser_feed(struct id_parser *p, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* End of input: completes the document, emits what waited for it. */
enum assure_err id_parser_finish(struct id_parser *p,
    struct assure_diag *reterr_diag);
/* Records (people, accounts and settings) emitted so far. */
unsigned long id_parser_records(const struct id_parser *p);

/* The format named name ("okta-users", ...), or ID_FMT__MAX. */
enum id_format id_format_find(const char *name);
const char *id_format_name(enum id_format fmt);

#endif
