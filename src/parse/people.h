/*
 * people.h: the people-evidence parsers (SOC 2 CC1.4): training
 * completions, background checks and policy acknowledgements, each a
 * CSV file.  A parser is
 * chosen by format, fed bytes in chunks of any size, and emits one record
 * per data row into a struct people_sink.  Pure: no I/O, no globals, no
 * logging; every error is located ("file:line:col: field: expected ...,
 * got '...'").  The columns of each format are atop people.c.
 */
#ifndef ASSURE_PARSE_PEOPLE_H
#define ASSURE_PARSE_PEOPLE_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/credreport.h"	/* enum tri, struct opt_time */

enum people_format {
	PEOPLE_FMT_TRAINING,		/* training-completions */
	PEOPLE_FMT_BACKGROUND,		/* background-checks */
	PEOPLE_FMT_ACK,			/* policy-acknowledgements */
	PEOPLE_FMT__MAX
};

#define PEOPLE_VALUE_MAX	4096	/* bytes of one value */
/* A policy id and version, as workspace/policies.h bounds them. */
#define PEOPLE_POLICY_ID_MAX	64
#define PEOPLE_VERSION_MAX	32

struct people_opts {
	const char	*source;	/* for diagnostics */
};

/* One training completion.  Strings are NULL when absent. */
struct people_training {
	unsigned long	 line;		/* of the record */
	unsigned long	 index;		/* 0-based data row */
	const char	*person;	/* e-mail as given */
	const char	*person_norm;	/* lower-cased */
	const char	*course;
	struct opt_time	 completed;	/* always has */
	const char	*score;		/* a number, as given */
	enum tri	 passed;
};

/* One background check. */
struct people_check {
	unsigned long	 line;
	unsigned long	 index;
	const char	*person;
	const char	*person_norm;
	struct opt_time	 completed;	/* always has */
	const char	*result;	/* clear|consider|adverse|pending */
	const char	*provider;
	const char	*type;
};

/* One acknowledgement of a policy's version by a person. */
struct people_ack {
	unsigned long	 line;
	unsigned long	 index;
	const char	*person;
	const char	*person_norm;
	const char	*policy;	/* a policy id, as given */
	const char	*version;	/* the version acknowledged */
	struct opt_time	 acknowledged;	/* always has */
};

struct people_sink {
	enum assure_err	(*training)(const struct people_training *x,
			    void *arg, struct assure_diag *reterr_diag);
	enum assure_err	(*check)(const struct people_check *x, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*ack)(const struct people_ack *x, void *arg,
			    struct assure_diag *reterr_diag);
	void		*arg;
};

struct people_parser;

/*
 * A parser of format fmt emitting into sink (copied); o must outlive it.
 * INVAL on an unknown format or a sink without the callback the format
 * needs, NOMEM otherwise (with a diagnostic).
 */
enum assure_err people_parser_new(enum people_format fmt,
    const struct people_opts *o, const struct people_sink *sink,
    struct people_parser **ret, struct assure_diag *reterr_diag);
void people_parser_free(struct people_parser *p);
/* Feed the next len bytes; errors are sticky. */
enum assure_err people_parser_feed(struct people_parser *p, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* End of input: a header is required. */
enum assure_err people_parser_finish(struct people_parser *p,
    struct assure_diag *reterr_diag);
/* Records emitted so far. */
unsigned long people_parser_records(const struct people_parser *p);

/* The format named name ("training-completions", ...), or __MAX. */
enum people_format people_format_find(const char *name);
const char *people_format_name(enum people_format fmt);

#endif
