/*
 * kind_document.c: the document kind: a file kept as evidence as it is (a
 * penetration test's rules of engagement and report, a signed policy),
 * hashed, stored and logged like any other, with no records.  Registers
 * (pentests.yaml) name documents by digest.
 */
#include "common/compat.h"

#include "ingest/ingest.h"

static int document_state;	/* a non-NULL state; nothing to keep */

static enum assure_err
doc_begin(struct ingest_sink *sink, void **ret_state, struct assure_diag *d)
{
	const struct ingest_opts *o = sink->opts;

	if (o != NULL && (o->tenant != NULL || o->user != NULL ||
	    o->nmaps > 0 || o->repo != NULL || o->branch != NULL ||
	    o->change != NULL || o->asset != NULL))
		return assure_diag_set(d, ASSURE_ERR_INVAL, sink->source, 0, 0,
		    NULL, "document takes no kind options");
	*ret_state = &document_state;
	return ASSURE_OK;
}

static enum assure_err
doc_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	(void)state;
	(void)data;
	(void)len;
	(void)d;
	return ASSURE_OK;
}

static enum assure_err
doc_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	(void)state;
	(void)ret_as_of;
	(void)d;
	*ret_has_as_of = false;
	return ASSURE_OK;
}

static void
doc_free(void *state)
{
	(void)state;
}

const struct evidence_kind kind_document = {
	.name = "document",
	.summary = "A document kept as evidence as it is (rules of "
	    "engagement, a report, a signed policy)",
	.formats = "any file (PDF, text, ...); nothing is parsed",
	.begin = doc_begin,
	.feed = doc_feed,
	.finish = doc_finish,
	.free = doc_free,
};
