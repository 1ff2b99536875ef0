/*
 * kind_okta_log.c: the okta-system-log kind: a page of Okta's System Log
 * (GET /api/v1/logs), checked by parse/okta_log.c and counted.  No table
 * holds the events yet: the evidence row, its bytes and its record count
 * are what is kept.
 */
#include "common/compat.h"

#include <stdlib.h>

#include "ingest/ingest.h"
#include "parse/okta_log.h"

struct log_state {
	struct ingest_sink	*sink;
	struct okta_log		*parser;
};

static enum assure_err
count_event(unsigned long line, void *arg, struct assure_diag *d)
{
	struct log_state *st = arg;

	return ingest_stored(st->sink, ASSURE_OK, line, "an event", d);
}

static enum assure_err
log_begin(struct ingest_sink *sink, void **ret_state, struct assure_diag *d)
{
	const struct ingest_opts *o = sink->opts;
	struct log_state *st;

	if (o != NULL && (o->tenant != NULL || o->user != NULL ||
	    o->nmaps > 0 || o->repo != NULL || o->branch != NULL ||
	    o->change != NULL || o->asset != NULL))
		return assure_diag_set(d, ASSURE_ERR_INVAL, sink->source, 0, 0,
		    NULL, "okta-system-log takes no kind options");
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->parser = okta_log_new(sink->source, count_event, st);
	if (st->parser == NULL) {
		free(st);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
log_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	struct log_state *st = state;

	return okta_log_feed(st->parser, data, len, d);
}

static enum assure_err
log_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct log_state *st = state;

	(void)ret_as_of;
	*ret_has_as_of = false;
	return okta_log_finish(st->parser, d);
}

static void
log_free(void *state)
{
	struct log_state *st = state;

	if (st == NULL)
		return;
	okta_log_free(st->parser);
	free(st);
}

const struct evidence_kind kind_okta_system_log = {
	.name = "okta-system-log",
	.summary = "Okta System Log events (kept and counted; not read by "
	    "the tests yet)",
	.formats = "the JSON of GET /api/v1/logs (one file per page)",
	.begin = log_begin,
	.feed = log_feed,
	.finish = log_finish,
	.free = log_free,
};
