/*
 * incparse_int.h: what the incident parsers share inside parse/ (not for
 * other layers): the parser object, the vendor table and helpers.  The
 * string and boolean helpers are the identity parsers' (idparse_int.h);
 * joining lists is the change parsers' (chparse_int.h: chg_json_join).
 */
#ifndef ASSURE_PARSE_INCPARSE_INT_H
#define ASSURE_PARSE_INCPARSE_INT_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/chparse_int.h"
#include "parse/idparse_int.h"
#include "parse/incparse.h"
#include "parse/jstream.h"

/* A format: where its records are and what to do with them. */
struct inc_vendor {
	const char *const	*patterns;
	jstream_rec_fn		 record;
	/* the key of the wrapper object holding the list ("issues") */
	const char		*list_key;
	const char		*what;	/* a record, plural: "Jira issues" */
	bool			 needs_event;	/* sink.event required */
};

struct inc_parser {
	enum inc_format			 fmt;
	const struct inc_opts		*o;
	struct inc_sink			 sink;
	unsigned long			 emitted;
	struct jstream			*js;
	const struct inc_vendor		*v;
};

extern const struct inc_vendor inc_vendor_jira_issues;
extern const struct inc_vendor inc_vendor_pagerduty_incidents;
extern const struct inc_vendor inc_vendor_pagerduty_log_entries;

/* Emit through the sink, counting. */
enum assure_err inc_emit_incident(struct inc_parser *p,
    const struct inc_incident *x, struct assure_diag *d);
enum assure_err inc_emit_event(struct inc_parser *p,
    const struct inc_event *x, struct assure_diag *d);

/*
 * A time string s of len bytes: RFC 3339, or Jira's form whose offset has
 * no colon ("2015-11-21T07:03:02.000-0500").  -1 when neither.
 */
int inc_time_text(const char *s, size_t len, struct opt_time *ret);
/*
 * A time field of r at path: absent when missing or null; else a time as
 * inc_time_text takes it, or a located PARSE error.
 */
enum assure_err inc_json_time(struct jstream *js, const struct jrec *r,
    const char *path, struct opt_time *ret, struct assure_diag *d);
/* Keep the earlier of *t and u in *t (absent counts as later). */
void inc_time_min(struct opt_time *t, struct opt_time u);

#endif
