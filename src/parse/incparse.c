/*
 * incparse.c: the incident parser interface (incparse.h).  Every format
 * is JSON streamed by jstream.c into the format's record callback
 * (jira.c, pagerduty.c); this file checks at the end that the document
 * had the shape of the format, so that a wrong file (an error answer, a
 * different endpoint's list) is refused instead of read as "no
 * incidents".
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/incparse_int.h"

static const char *const format_names[INC_FMT__MAX] = {
	[INC_FMT_JIRA_ISSUES] = "jira-issues",
	[INC_FMT_PAGERDUTY_INCIDENTS] = "pagerduty-incidents",
	[INC_FMT_PAGERDUTY_LOG_ENTRIES] = "pagerduty-log-entries",
};

static const struct inc_vendor *const vendors[INC_FMT__MAX] = {
	[INC_FMT_JIRA_ISSUES] = &inc_vendor_jira_issues,
	[INC_FMT_PAGERDUTY_INCIDENTS] = &inc_vendor_pagerduty_incidents,
	[INC_FMT_PAGERDUTY_LOG_ENTRIES] = &inc_vendor_pagerduty_log_entries,
};

enum inc_format
inc_format_find(const char *name)
{
	int i;

	for (i = 0; i < INC_FMT__MAX; i++)
		if (strcmp(format_names[i], name) == 0)
			return (enum inc_format)i;
	return INC_FMT__MAX;
}

const char *
inc_format_name(enum inc_format fmt)
{
	if ((int)fmt < 0 || fmt >= INC_FMT__MAX)
		return "?";
	return format_names[fmt];
}

enum assure_err
inc_parser_new(enum inc_format fmt, const struct inc_opts *o,
    const struct inc_sink *sink, struct inc_parser **ret,
    struct assure_diag *d)
{
	struct inc_parser *p;
	const char *src = o->source != NULL ? o->source : "<input>";

	*ret = NULL;
	if ((int)fmt < 0 || fmt >= INC_FMT__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, NULL,
		    "unknown incident format");
	if (vendors[fmt]->needs_event ? sink->event == NULL :
	    sink->incident == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, NULL,
		    "%s: the sink takes no %s", format_names[fmt],
		    vendors[fmt]->what);
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	p->fmt = fmt;
	p->o = o;
	p->sink = *sink;
	p->v = vendors[fmt];
	p->js = jstream_new(src, p->v->patterns, p->v->record, p);
	if (p->js == NULL) {
		free(p);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	}
	*ret = p;
	return ASSURE_OK;
}

void
inc_parser_free(struct inc_parser *p)
{
	if (p == NULL)
		return;
	jstream_free(p->js);
	free(p);
}

enum assure_err
inc_parser_feed(struct inc_parser *p, const void *data, size_t len,
    struct assure_diag *d)
{
	return jstream_feed(p->js, data, len, d);
}

/* What a field of the envelope is, for a diagnostic. */
static const char *
describe(const struct jfield *f, char *q, size_t size)
{
	if (f->val != NULL) {
		id_quote(f->val, q, size);
		return q;
	}
	return f->type == JT_NULL ? "null" : f->type == JT_MAP ?
	    "an object" : "an array";
}

/*
 * The vendor's error answer in place of the list: Jira's
 * {"errorMessages": ["..."]}, PagerDuty's {"error": {"message": ...}}.
 */
static const struct jfield *
error_answer(const struct jrec *env)
{
	static const char *const keys[] = { "errorMessages.0",
	    "error.message", "error", "message", NULL };
	const struct jfield *f;
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if ((f = jrec_get(env, keys[i])) != NULL)
			return f;
	return NULL;
}

/*
 * After the document: a top-level array of records, or an object whose
 * list_key is an array of records.  Objects in those arrays were records
 * and never reach the envelope: anything else directly in them is out of
 * place.
 */
static enum assure_err
check_shape(struct inc_parser *p, struct assure_diag *d)
{
	const struct inc_vendor *v = p->v;
	struct jrec env;
	const struct jfield *f, *root, *list, *err;
	size_t i, klen = strlen(v->list_key);
	const char *rest;
	char q[64];

	jstream_envelope(p->js, &env);
	root = jrec_get(&env, "");
	if (root == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, NULL, "expected {\"%s\": "
		    "[...]} of %s, got an empty document", v->list_key,
		    v->what);
	if (root->type != JT_MAP && root->type != JT_ARRAY)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), root->line, root->col, NULL,
		    "expected {\"%s\": [...]} of %s, got '%s'", v->list_key,
		    v->what, describe(root, q, sizeof(q)));
	if (root->type == JT_MAP) {
		list = jrec_get(&env, v->list_key);
		if (list == NULL && (err = error_answer(&env)) != NULL)
			return jstream_error(p->js, &env, err, d,
			    ASSURE_ERR_PARSE, "expected %s, got the API's "
			    "error answer '%s': the collector lacked access "
			    "or its query was refused", v->what,
			    describe(err, q, sizeof(q)));
		if (list == NULL)
			return assure_diag_set(d, ASSURE_ERR_PARSE,
			    jstream_source(p->js), root->line, root->col,
			    NULL, "expected {\"%s\": [...]} of %s, got an "
			    "object without \"%s\"", v->list_key, v->what,
			    v->list_key);
		if (list->type != JT_ARRAY)
			return jstream_error(p->js, &env, list, d,
			    ASSURE_ERR_PARSE, "expected an array of %s, got "
			    "'%s'", v->what, describe(list, q, sizeof(q)));
	}
	for (i = 0; i < env.n; i++) {
		f = &env.f[i];
		rest = f->path;
		if (root->type == JT_MAP) {
			if (strncmp(rest, v->list_key, klen) != 0 ||
			    rest[klen] != '.')
				continue;
			rest += klen + 1;
		} else if (*rest == '\0')
			continue;
		if (strchr(rest, '.') != NULL)
			continue;
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected %s (objects), got '%s'", v->what,
		    describe(f, q, sizeof(q)));
	}
	return ASSURE_OK;
}

enum assure_err
inc_parser_finish(struct inc_parser *p, struct assure_diag *d)
{
	enum assure_err rc;

	rc = jstream_finish(p->js, d);
	if (rc == ASSURE_OK)
		rc = check_shape(p, d);
	return rc;
}

unsigned long
inc_parser_records(const struct inc_parser *p)
{
	return p->emitted;
}

enum assure_err
inc_emit_incident(struct inc_parser *p, const struct inc_incident *x,
    struct assure_diag *d)
{
	enum assure_err rc;

	rc = p->sink.incident(x, p->sink.arg, d);
	if (rc == ASSURE_OK)
		p->emitted++;
	return rc;
}

enum assure_err
inc_emit_event(struct inc_parser *p, const struct inc_event *x,
    struct assure_diag *d)
{
	enum assure_err rc;

	rc = p->sink.event(x, p->sink.arg, d);
	if (rc == ASSURE_OK)
		p->emitted++;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Helpers */

int
inc_time_text(const char *s, size_t len, struct opt_time *ret)
{
	char buf[64];
	const char *o;
	int i;

	if (id_time_text(s, len, false, ret, NULL) == 0)
		return 0;
	/*
	 * Jira writes the offset without its colon ("...000-0500"), which
	 * RFC 3339 lacks: put it back and try again.
	 */
	if (len < 16 || len + 2 > sizeof(buf))
		return -1;
	o = s + len - 5;
	if (*o != '+' && *o != '-')
		return -1;
	for (i = 1; i <= 4; i++)
		if (o[i] < '0' || o[i] > '9')
			return -1;
	memcpy(buf, s, len - 2);
	buf[len - 2] = ':';
	memcpy(buf + len - 1, s + len - 2, 2);
	buf[len + 1] = '\0';
	return id_time_text(buf, len + 1, false, ret, NULL);
}

enum assure_err
inc_json_time(struct jstream *js, const struct jrec *r, const char *path,
    struct opt_time *ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);
	char q[64];

	ret->has = false;
	if (f == NULL || f->type == JT_NULL)
		return ASSURE_OK;
	if (f->type != JT_STRING || strlen(f->val) != f->len ||
	    inc_time_text(f->val, f->len, ret) != 0) {
		ret->has = false;
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an RFC 3339 time, got '%s'", f->val != NULL ?
		    (id_quote(f->val, q, sizeof(q)), q) :
		    "an object or array");
	}
	return ASSURE_OK;
}

void
inc_time_min(struct opt_time *t, struct opt_time u)
{
	if (u.has && (!t->has || u.t < t->t))
		*t = u;
}
