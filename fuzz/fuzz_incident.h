/*
 * fuzz_incident.h: the body shared by the incident parsers' libFuzzer
 * targets (fuzz_jira.c, fuzz_pagerduty.c, fuzz_pagerduty_log.c).  Each
 * target defines FUZZ_FORMAT (an enum inc_format) and includes this
 * file.
 *
 * Each input is parsed twice (fuzz_split.h): in one feed, and split in
 * two at a point derived from the input.  The sink reads every field so
 * that the sanitizers see a bad pointer, aborts on a NULL where a store
 * would need a value, and for some inputs rejects a record as a database
 * error would.  The two runs must agree on the result, the records and
 * the diagnostic: a difference is a streaming bug and aborts.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "parse/incparse.h"

#include "fuzz_split.h"

static void
must(const char *s)
{
	if (s == NULL || *s == '\0')
		abort();	/* a NOT NULL column */
}

/* A severity is NULL or one of "1".."5". */
static void
must_severity(const char *s)
{
	if (s != NULL && (s[0] < '1' || s[0] > '5' || s[1] != '\0'))
		abort();
}

static enum assure_err
fuzz_incident(const struct inc_incident *x, void *arg,
    struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &x->line, sizeof(x->line));
	mix(h, &x->index, sizeof(x->index));
	must(x->system);
	must(x->key);
	must_severity(x->severity);
	mix_str(h, x->system);
	mix_str(h, x->key);
	mix_str(h, x->title);
	mix_str(h, x->kind);
	mix_str(h, x->severity);
	mix_str(h, x->status);
	mix_time(h, x->created);
	mix_time(h, x->detected);
	mix_time(h, x->acknowledged);
	mix_time(h, x->escalated);
	mix_time(h, x->resolved);
	mix_str(h, x->service);
	mix_str(h, x->url);
	mix_str(h, x->labels);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_event(const struct inc_event *e, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &e->line, sizeof(e->line));
	mix(h, &e->index, sizeof(e->index));
	must(e->system);
	must(e->event_id);
	must(e->incident);
	must(e->type);
	if (!e->at.has)
		abort();	/* a timeline entry has a time */
	mix_str(h, e->system);
	mix_str(h, e->event_id);
	mix_str(h, e->incident);
	mix_str(h, e->type);
	mix_time(h, e->at);
	mix_str(h, e->agent);
	mix_str(h, e->summary);
	return fuzz_count(run, d);
}

static void
fuzz_parse(const uint8_t *data, size_t size, size_t at, struct fuzz_run *run)
{
	struct inc_sink sink = { fuzz_incident, fuzz_event, run };
	struct inc_opts o;
	struct inc_parser *p = NULL;
	struct assure_diag d;

	memset(run, 0, sizeof(*run));
	memset(&o, 0, sizeof(o));
	o.source = "fuzz";
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size % 3;
	assure_diag_clear(&d);
	run->rc = inc_parser_new(FUZZ_FORMAT, &o, &sink, &p, &d);
	if (run->rc == ASSURE_OK)
		run->rc = inc_parser_feed(p, data, at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = inc_parser_feed(p, data + at, size - at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = inc_parser_finish(p, &d);
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	inc_parser_free(p);
}
