/*
 * incparse.h: one interface over the incident parsers: Jira issues
 * (a search answer with the changelog expanded), PagerDuty incidents and
 * PagerDuty log entries.  A parser is chosen by format, fed bytes in
 * chunks of any size, and emits the records of parse/incident.h into a
 * struct inc_sink.  Pure: no I/O, no globals, no logging; every error is
 * located ("file:line:column: field: expected ..., got '...'").
 *
 * The rules of each format are atop its file (jira.c, pagerduty.c).
 */
#ifndef ASSURE_PARSE_INCPARSE_H
#define ASSURE_PARSE_INCPARSE_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/incident.h"

enum inc_format {
	INC_FMT_JIRA_ISSUES,
	INC_FMT_PAGERDUTY_INCIDENTS,
	INC_FMT_PAGERDUTY_LOG_ENTRIES,
	INC_FMT__MAX
};

#define INC_VALUE_MAX	4096	/* bytes of one normalised value */

struct inc_opts {
	const char	*source;	/* for diagnostics */
};

struct inc_parser;

/*
 * A parser of format fmt emitting into sink (copied).  o and what it
 * points to must outlive the parser.  Fails with INVAL on an unknown
 * format or a sink without the callback the format needs, NOMEM
 * otherwise (with a diagnostic).
 */
enum assure_err inc_parser_new(enum inc_format fmt, const struct inc_opts *o,
    const struct inc_sink *sink, struct inc_parser **ret,
    struct assure_diag *reterr_diag);
void inc_parser_free(struct inc_parser *p);
/* Feed the next len bytes; errors are sticky. */
enum assure_err inc_parser_feed(struct inc_parser *p, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* End of input: the document must be complete and of the right shape. */
enum assure_err inc_parser_finish(struct inc_parser *p,
    struct assure_diag *reterr_diag);
/* Records emitted so far. */
unsigned long inc_parser_records(const struct inc_parser *p);

/* The format named name ("jira-issues", ...), or INC_FMT__MAX. */
enum inc_format inc_format_find(const char *name);
const char *inc_format_name(enum inc_format fmt);

#endif
