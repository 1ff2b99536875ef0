/*
 * pagerduty.c: PagerDuty incidents and log entries (FORMATS.md section
 * 10b).  A file is one page of GET /incidents ({"incidents": [...]}) or
 * of GET /log_entries or /incidents/{id}/log_entries ({"log_entries":
 * [...]}), or a bare array of the same (pages a collector joined).  The
 * paging keys (limit, offset, more, total) are not checked.
 *
 * pagerduty-incidents: system "pagerduty"; key = id (required); status
 * required, one of triggered, acknowledged, resolved (anything else is
 * a file of another kind); title = title, else summary; kind =
 * incident_type.name; service = service.summary, else service.id; url =
 * html_url; labels = teams[].summary joined by ','.
 *   severity: priority.summary "P1".."P5" (any case) -> "1".."5" (the
 *   account's priority scheme, when it has one); else urgency high ->
 *   "2", low -> "4" (PagerDuty's two urgencies sit within the five
 *   levels, below a P1 that only a priority can assert); else NULL.
 *   urgency, when given, must be high or low.
 *   created = created_at; detected = created_at too (PagerDuty opens
 *   the incident when monitoring triggers it, so the two are the same
 *   instant); acknowledged = the earliest acknowledgements[].at (the
 *   list holds the acknowledgements still standing: a timeline needs the
 *   log entries); escalated absent (only log entries say); resolved =
 *   resolved_at, else last_status_change_at when status is resolved
 *   (resolved_at is a later schema addition).
 *
 * pagerduty-log-entries: event_id = id, type (both required); the
 * event type is type less "_log_entry" or "_log_entry_reference"
 * ("acknowledge_log_entry" -> "acknowledge"); incident = incident.id
 * (required: an entry that belongs to no incident says nothing); at =
 * created_at (required); agent = agent.summary, else agent.id; summary.
 */
#include "common/compat.h"

#include <string.h>

#include "parse/incparse_int.h"

#define PD_TYPE_MAX	128

static const char *const incident_patterns[] = { "incidents[]", "[]",
    NULL };
static const char *const log_patterns[] = { "log_entries[]", "[]", NULL };

/* A located error for a string field with a value out of its set. */
static enum assure_err
bad_value(struct jstream *js, const struct jrec *r, const char *path,
    const char *expected, struct assure_diag *d)
{
	char q[64];

	id_quote(jrec_str(r, path), q, sizeof(q));
	return jstream_error(js, r, jrec_get(r, path), d, ASSURE_ERR_PARSE,
	    "expected %s, got '%s'", expected, q);
}

static enum assure_err
pd_severity(struct jstream *js, const struct jrec *r, const char **ret,
    struct assure_diag *d)
{
	static const char *const levels[] = { "1", "2", "3", "4", "5" };
	const char *prio, *urgency;
	enum assure_err rc;

	*ret = NULL;
	rc = id_json_opt(js, r, "priority.summary", &prio, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "urgency", &urgency, d);
	if (rc != ASSURE_OK)
		return rc;
	if (urgency != NULL && strcmp(urgency, "high") != 0 &&
	    strcmp(urgency, "low") != 0)
		return bad_value(js, r, "urgency", "high or low", d);
	if (prio != NULL && (prio[0] == 'P' || prio[0] == 'p') &&
	    prio[1] >= '1' && prio[1] <= '5' && prio[2] == '\0')
		*ret = levels[prio[1] - '1'];
	else if (urgency != NULL)
		*ret = strcmp(urgency, "high") == 0 ? "2" : "4";
	return ASSURE_OK;
}

/* The earliest acknowledgements[].at. */
static enum assure_err
pd_acknowledged(struct jstream *js, const struct jrec *r,
    struct opt_time *ret, struct assure_diag *d)
{
	static const char pre[] = "acknowledgements.";
	const struct jfield *f;
	struct opt_time t;
	const char *s;
	size_t i, n;
	enum assure_err rc;

	ret->has = false;
	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		if (strncmp(f->path, pre, sizeof(pre) - 1) != 0)
			continue;
		s = f->path + sizeof(pre) - 1;
		n = strspn(s, "0123456789");
		if (n == 0 || strcmp(s + n, ".at") != 0)
			continue;
		rc = inc_json_time(js, r, f->path, &t, d);
		if (rc != ASSURE_OK)
			return rc;
		inc_time_min(ret, t);
	}
	return ASSURE_OK;
}

static enum assure_err
incident_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	static const char *const states[] = { "triggered", "acknowledged",
	    "resolved", NULL };
	struct inc_parser *p = arg;
	struct inc_incident x;
	struct opt_time changed;
	char labels[INC_VALUE_MAX + 1];
	size_t i;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.index = r->index;
	x.system = "pagerduty";
	rc = id_json_req(js, r, "id", &x.key, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "status", &x.status, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; states[i] != NULL; i++)
		if (strcmp(x.status, states[i]) == 0)
			break;
	if (states[i] == NULL)
		return bad_value(js, r, "status",
		    "triggered, acknowledged or resolved", d);
	rc = id_json_opt(js, r, "title", &x.title, d);
	if (rc == ASSURE_OK && x.title == NULL)
		rc = id_json_opt(js, r, "summary", &x.title, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "incident_type.name", &x.kind, d);
	if (rc == ASSURE_OK)
		rc = pd_severity(js, r, &x.severity, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "service.summary", &x.service, d);
	if (rc == ASSURE_OK && x.service == NULL)
		rc = id_json_opt(js, r, "service.id", &x.service, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "html_url", &x.url, d);
	if (rc == ASSURE_OK)
		rc = chg_json_join(js, r, "teams", "summary", labels,
		    sizeof(labels), &x.labels, d);
	if (rc == ASSURE_OK)
		rc = inc_json_time(js, r, "created_at", &x.created, d);
	if (rc == ASSURE_OK)
		rc = pd_acknowledged(js, r, &x.acknowledged, d);
	if (rc == ASSURE_OK)
		rc = inc_json_time(js, r, "resolved_at", &x.resolved, d);
	if (rc == ASSURE_OK)
		rc = inc_json_time(js, r, "last_status_change_at", &changed,
		    d);
	if (rc != ASSURE_OK)
		return rc;
	x.detected = x.created;
	if (!x.resolved.has && strcmp(x.status, "resolved") == 0)
		x.resolved = changed;
	return inc_emit_incident(p, &x, d);
}

const struct inc_vendor inc_vendor_pagerduty_incidents = {
	.patterns = incident_patterns,
	.record = incident_record,
	.list_key = "incidents",
	.what = "PagerDuty incidents",
};

static enum assure_err
log_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	static const char *const suffixes[] = { "_log_entry_reference",
	    "_log_entry", NULL };
	struct inc_parser *p = arg;
	struct inc_event e;
	const char *type;
	char t[PD_TYPE_MAX];
	size_t i, n, m;
	enum assure_err rc;

	memset(&e, 0, sizeof(e));
	e.line = r->line;
	e.index = r->index;
	e.system = "pagerduty";
	rc = id_json_req(js, r, "id", &e.event_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "type", &type, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "incident.id", &e.incident, d);
	if (rc == ASSURE_OK)
		rc = inc_json_time(js, r, "created_at", &e.at, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "agent.summary", &e.agent, d);
	if (rc == ASSURE_OK && e.agent == NULL)
		rc = id_json_opt(js, r, "agent.id", &e.agent, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "summary", &e.summary, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!e.at.has)
		return jstream_error(js, r, jrec_get(r, "created_at"), d,
		    ASSURE_ERR_PARSE, "expected the entry's time "
		    "(created_at), got none");
	n = strlen(type);
	if (n >= sizeof(t))
		return bad_value(js, r, "type", "a log entry type such as "
		    "acknowledge_log_entry", d);
	for (i = 0; suffixes[i] != NULL; i++) {
		m = strlen(suffixes[i]);
		if (n > m && strcmp(type + n - m, suffixes[i]) == 0) {
			n -= m;
			break;
		}
	}
	memcpy(t, type, n);
	t[n] = '\0';
	e.type = t;
	return inc_emit_event(p, &e, d);
}

const struct inc_vendor inc_vendor_pagerduty_log_entries = {
	.patterns = log_patterns,
	.record = log_record,
	.list_key = "log_entries",
	.what = "PagerDuty log entries",
	.needs_event = true,
};
