/*
 * kind_incident.c: the incident evidence kinds (jira-issues,
 * pagerduty-incidents, pagerduty-log-entries).  Each feeds the bytes to
 * its parser (parse/incparse.h) and stores every incident and event into
 * incident and incident_event (schema/sqlite/0009_incident.sql) within
 * the ingest transaction.  The rules of each kind are in docs/EVIDENCE.md
 * and atop its parser.
 *
 * CONTROL: tsc:CC7.3
 * CONTROL: tsc:CC7.4
 */
#include "common/compat.h"

#include <stdlib.h>

#include "ingest/ingest.h"
#include "parse/incparse.h"

struct inc_state {
	struct ingest_sink	*sink;
	struct inc_parser	*parser;
	struct inc_opts		 o;
};

static enum assure_err
put_incident(const struct inc_incident *x, void *arg, struct assure_diag *d)
{
	struct inc_state *st = arg;
	struct store_val p[17];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->system);
	p[4] = STORE_TEXTV(x->key);
	p[5] = STORE_OPTTEXT(x->title);
	p[6] = STORE_OPTTEXT(x->kind);
	p[7] = STORE_OPTTEXT(x->severity);
	p[8] = STORE_OPTTEXT(x->status);
	p[9] = ingest_time(x->created);
	p[10] = ingest_time(x->detected);
	p[11] = ingest_time(x->acknowledged);
	p[12] = ingest_time(x->escalated);
	p[13] = ingest_time(x->resolved);
	p[14] = STORE_OPTTEXT(x->service);
	p[15] = STORE_OPTTEXT(x->url);
	p[16] = STORE_OPTTEXT(x->labels);
	rc = store_exec(st->sink->store, STMT_INCIDENT_INSERT, p, 17, NULL,
	    NULL, d);
	return ingest_stored(st->sink, rc, x->line, "the incident", d);
}

static enum assure_err
put_event(const struct inc_event *x, void *arg, struct assure_diag *d)
{
	struct inc_state *st = arg;
	struct store_val p[10];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->system);
	p[4] = STORE_TEXTV(x->event_id);
	p[5] = STORE_TEXTV(x->incident);
	p[6] = STORE_TEXTV(x->type);
	p[7] = ingest_time(x->at);
	p[8] = STORE_OPTTEXT(x->agent);
	p[9] = STORE_OPTTEXT(x->summary);
	rc = store_exec(st->sink->store, STMT_INCIDENT_EVENT_INSERT, p, 10,
	    NULL, NULL, d);
	return ingest_stored(st->sink, rc, x->line, "the event", d);
}

static enum assure_err
inc_begin(enum inc_format fmt, struct ingest_sink *sink, void **ret_state,
    struct assure_diag *d)
{
	const struct ingest_opts *io = sink->opts;
	struct inc_state *st;
	struct inc_sink is;
	enum assure_err rc;

	if (io != NULL && (io->tenant != NULL || io->user != NULL ||
	    io->nmaps > 0 || io->repo != NULL || io->branch != NULL ||
	    io->change != NULL || io->asset != NULL))
		return assure_diag_set(d, ASSURE_ERR_INVAL, sink->source, 0, 0,
		    NULL, "%s takes no kind options", inc_format_name(fmt));
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->o.source = sink->source;
	is.incident = put_incident;
	is.event = put_event;
	is.arg = st;
	rc = inc_parser_new(fmt, &st->o, &is, &st->parser, d);
	if (rc != ASSURE_OK) {
		free(st);
		return rc;
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
inc_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	struct inc_state *st = state;

	return inc_parser_feed(st->parser, data, len, d);
}

static enum assure_err
inc_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct inc_state *st = state;

	(void)ret_as_of;
	*ret_has_as_of = false;
	return inc_parser_finish(st->parser, d);
}

static void
inc_free(void *state)
{
	struct inc_state *st = state;

	if (st == NULL)
		return;
	inc_parser_free(st->parser);
	free(st);
}

#define INC_KIND(var, fmt, nm, sum, fmts)				\
static enum assure_err							\
var##_begin(struct ingest_sink *sink, void **ret_state,			\
    struct assure_diag *d)						\
{									\
	return inc_begin(fmt, sink, ret_state, d);			\
}									\
const struct evidence_kind var = {					\
	.name = nm,							\
	.summary = sum,							\
	.formats = fmts,						\
	.begin = var##_begin,						\
	.feed = inc_feed,						\
	.finish = inc_finish,						\
	.free = inc_free,						\
}

INC_KIND(kind_jira_issues, INC_FMT_JIRA_ISSUES, "jira-issues",
    "Jira incident tickets with their status history",
    "the JSON of /rest/api/2|3/search with expand=changelog (one file "
    "per page)");
INC_KIND(kind_pagerduty_incidents, INC_FMT_PAGERDUTY_INCIDENTS,
    "pagerduty-incidents",
    "PagerDuty incidents: urgency, priority, acknowledgement, resolution",
    "the JSON of GET /incidents (one file per page)");
INC_KIND(kind_pagerduty_log_entries, INC_FMT_PAGERDUTY_LOG_ENTRIES,
    "pagerduty-log-entries",
    "PagerDuty incident log entries: triggers, escalations, notifications",
    "the JSON of GET /log_entries or /incidents/{id}/log_entries");
