/*
 * okta_log.c: the Okta System Log parser (see okta_log.h).  The events
 * are read with jstream as the records of the top-level array.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "parse/jstream.h"
#include "parse/okta_log.h"

static const char *const log_patterns[] = { "[]", NULL };

struct okta_log {
	struct jstream	*js;
	okta_log_fn	 fn;
	void		*arg;
	bool		 seen_root;
};

/* A required string field of r, or a located error. */
static enum assure_err
need_str(struct jstream *js, const struct jrec *r, const char *path,
    const struct jfield **ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);

	*ret = f;
	if (f == NULL)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected %s, got none", path);
	if (f->type != JT_STRING || f->len == 0)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a non-empty string");
	return ASSURE_OK;
}

static enum assure_err
on_event(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct okta_log *p = arg;
	const struct jfield *f;
	int64_t t;
	enum assure_err rc;

	if ((rc = need_str(js, r, "uuid", &f, d)) != ASSURE_OK ||
	    (rc = need_str(js, r, "eventType", &f, d)) != ASSURE_OK ||
	    (rc = need_str(js, r, "outcome.result", &f, d)) != ASSURE_OK ||
	    (rc = need_str(js, r, "published", &f, d)) != ASSURE_OK)
		return rc;
	if (assure_time_parse(f->val, f->len, &t) != 0)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an RFC 3339 instant");
	return p->fn(r->line, p->arg, d);
}

struct okta_log *
okta_log_new(const char *source, okta_log_fn fn, void *arg)
{
	struct okta_log *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->fn = fn;
	p->arg = arg;
	p->js = jstream_new(source, log_patterns, on_event, p);
	if (p->js == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
okta_log_free(struct okta_log *p)
{
	if (p == NULL)
		return;
	jstream_free(p->js);
	free(p);
}

enum assure_err
okta_log_feed(struct okta_log *p, const void *data, size_t len,
    struct assure_diag *d)
{
	const char *s = data;
	size_t i;

	/* The root must be an array: an object (an error body, an event
	 * hook's {"data": ...}) is another document. */
	for (i = 0; !p->seen_root && i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n')
			continue;
		p->seen_root = true;
		if (s[i] != '[')
			return assure_diag_set(d, ASSURE_ERR_PARSE,
			    jstream_source(p->js), 0, 0, NULL, "expected a "
			    "JSON array of System Log events");
	}
	return jstream_feed(p->js, data, len, d);
}

enum assure_err
okta_log_finish(struct okta_log *p, struct assure_diag *d)
{
	if (!p->seen_root)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 0, 0, NULL, "expected a JSON array "
		    "of System Log events, got an empty file");
	return jstream_finish(p->js, d);
}
