/*
 * kind_people.c: the people evidence kinds (training-completions,
 * background-checks, policy-acknowledgements).  Each feeds the bytes to
 * its parser (parse/people.h) and stores every row into
 * training_completion or background_check (schema/sqlite/0010_people.sql)
 * or policy_acknowledgement (0012_policy_ack.sql) within the ingest
 * transaction.  The columns of each kind are atop parse/people.c.
 *
 * CONTROL: tsc:CC1.4
 * CONTROL: tsc:CC2.2
 */
#include "common/compat.h"

#include <stdlib.h>

#include "ingest/ingest.h"
#include "parse/people.h"

struct people_state {
	struct ingest_sink	*sink;
	struct people_parser	*parser;
	struct people_opts	 o;
};

static enum assure_err
put_training(const struct people_training *x, void *arg,
    struct assure_diag *d)
{
	struct people_state *st = arg;
	struct store_val p[9];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->person);
	p[4] = STORE_TEXTV(x->person_norm);
	p[5] = STORE_TEXTV(x->course);
	p[6] = ingest_time(x->completed);
	p[7] = STORE_OPTTEXT(x->score);
	p[8] = ingest_tri(x->passed);
	rc = store_exec(st->sink->store, STMT_TRAINING_INSERT, p, 9, NULL,
	    NULL, d);
	return ingest_stored(st->sink, rc, x->line, "the training completion",
	    d);
}

static enum assure_err
put_check(const struct people_check *x, void *arg, struct assure_diag *d)
{
	struct people_state *st = arg;
	struct store_val p[9];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->person);
	p[4] = STORE_TEXTV(x->person_norm);
	p[5] = ingest_time(x->completed);
	p[6] = STORE_TEXTV(x->result);
	p[7] = STORE_OPTTEXT(x->provider);
	p[8] = STORE_OPTTEXT(x->type);
	rc = store_exec(st->sink->store, STMT_BACKGROUND_INSERT, p, 9, NULL,
	    NULL, d);
	return ingest_stored(st->sink, rc, x->line, "the background check",
	    d);
}

static enum assure_err
put_ack(const struct people_ack *x, void *arg, struct assure_diag *d)
{
	struct people_state *st = arg;
	struct store_val p[8];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->person);
	p[4] = STORE_TEXTV(x->person_norm);
	p[5] = STORE_TEXTV(x->policy);
	p[6] = STORE_TEXTV(x->version);
	p[7] = ingest_time(x->acknowledged);
	rc = store_exec(st->sink->store, STMT_POLICY_ACK_INSERT, p, 8, NULL,
	    NULL, d);
	return ingest_stored(st->sink, rc, x->line,
	    "the policy acknowledgement", d);
}

static enum assure_err
people_begin(enum people_format fmt, struct ingest_sink *sink,
    void **ret_state, struct assure_diag *d)
{
	const struct ingest_opts *io = sink->opts;
	struct people_state *st;
	struct people_sink ps;
	enum assure_err rc;

	if (io != NULL && (io->tenant != NULL || io->user != NULL ||
	    io->nmaps > 0 || io->repo != NULL || io->branch != NULL ||
	    io->change != NULL || io->asset != NULL))
		return assure_diag_set(d, ASSURE_ERR_INVAL, sink->source, 0, 0,
		    NULL, "%s takes no kind options", people_format_name(fmt));
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->o.source = sink->source;
	ps.training = put_training;
	ps.check = put_check;
	ps.ack = put_ack;
	ps.arg = st;
	rc = people_parser_new(fmt, &st->o, &ps, &st->parser, d);
	if (rc != ASSURE_OK) {
		free(st);
		return rc;
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
people_feed(void *state, const void *data, size_t len,
    struct assure_diag *d)
{
	struct people_state *st = state;

	return people_parser_feed(st->parser, data, len, d);
}

static enum assure_err
people_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct people_state *st = state;

	(void)ret_as_of;
	*ret_has_as_of = false;
	return people_parser_finish(st->parser, d);
}

static void
people_free(void *state)
{
	struct people_state *st = state;

	if (st == NULL)
		return;
	people_parser_free(st->parser);
	free(st);
}

#define PEOPLE_KIND(var, fmt, nm, sum, fmts)				\
static enum assure_err							\
var##_begin(struct ingest_sink *sink, void **ret_state,			\
    struct assure_diag *d)						\
{									\
	return people_begin(fmt, sink, ret_state, d);			\
}									\
const struct evidence_kind var = {					\
	.name = nm,							\
	.summary = sum,							\
	.formats = fmts,						\
	.begin = var##_begin,						\
	.feed = people_feed,						\
	.finish = people_finish,					\
	.free = people_free,						\
}

PEOPLE_KIND(kind_training_completions, PEOPLE_FMT_TRAINING,
    "training-completions",
    "Security-awareness and other training completions per person",
    "CSV: person, course, completed_at [, score, passed]");
PEOPLE_KIND(kind_background_checks, PEOPLE_FMT_BACKGROUND,
    "background-checks",
    "Pre-employment background checks and their results",
    "CSV: person, completed_at, result [, provider, type]");
PEOPLE_KIND(kind_policy_acknowledgements, PEOPLE_FMT_ACK,
    "policy-acknowledgements",
    "Acknowledgements of a policy's version by each person",
    "CSV: person, policy, version, acknowledged_at");
