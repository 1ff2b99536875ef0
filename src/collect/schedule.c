/*
 * schedule.c: the server's own work (see schedule.h): collections and
 * evaluations when due, and the alerts that follow them.
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "collect/alert.h"
#include "collect/http.h"
#include "collect/run.h"
#include "collect/schedule.h"
#include "collect/sources.h"
#include "rules/rules.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

static void
logf_(struct schedule *s, const char *fmt, ...) ASSURE_PRINTF(2, 3);

static void
logf_(struct schedule *s, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (s->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	s->log(s->arg, line);
}

bool
schedule_wanted(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < COLLECT_SOURCES; i++)
		if (cfg->collect.src[i].set && cfg->collect.src[i].every > 0)
			return true;
	return cfg->collect.evaluate_every > 0;
}

enum assure_err
schedule_init(struct schedule *s, const char *root, const struct config *cfg,
    int64_t now, struct assure_diag *d)
{
	struct run_info runs[COLLECT_AFTER_FAILURES_MAX];
	const struct collect_settings *cs;
	struct workspace *ws = NULL;
	struct evaluation ev;
	enum assure_err rc;
	size_t i, j, n;
	bool found;

	memset(s->next, 0, sizeof(s->next));
	memset(s->failures, 0, sizeof(s->failures));
	s->next_eval = 0;
	if (!schedule_wanted(cfg))
		return ASSURE_OK;
	if ((rc = workspace_open(root, WORKSPACE_READONLY, &ws, d)) !=
	    ASSURE_OK)
		return rc;
	for (i = 0; i < COLLECT_SOURCES; i++) {
		cs = &cfg->collect.src[i];
		if (!cs->set || cs->every == 0)
			continue;
		s->next[i] = now;
		rc = run_list(ws, config_collect_source_name(
		    (enum collect_source)i), runs, ASSURE_ARRAY_LEN(runs), &n,
		    d);
		if (rc != ASSURE_OK)
			goto out;
		if (n > 0 && runs[0].started_at + cs->every > now)
			s->next[i] = runs[0].started_at + cs->every;
		/* The streak of failures the newest runs make. */
		for (j = 0; j < n && !runs[j].complete; j++)
			s->failures[i]++;
	}
	if (cfg->collect.evaluate_every > 0) {
		s->next_eval = now;
		memset(&ev, 0, sizeof(ev));
		rc = evaluation_load_latest(ws->store, &ev, &found, d);
		if (rc == ASSURE_OK && found && ev.started_at +
		    cfg->collect.evaluate_every > now)
			s->next_eval = ev.started_at +
			    cfg->collect.evaluate_every;
		evaluation_release(&ev);
	}
out:
	workspace_close(ws);
	return rc;
}

/*
 * The webhook of a, its URL in *url (a secret's lives in sec, released by
 * the caller), and a label for messages; false when there is none or its
 * secret cannot be read (logged).
 */
static bool
webhook(struct schedule *s, const struct workspace *ws,
    const struct collect_alert *a, struct secret *sec, const char **url,
    const char **label)
{
	struct assure_diag d;

	memset(sec, 0, sizeof(*sec));
	if (a->webhook[0] != '\0') {
		*url = a->webhook;
		*label = "(alert.webhook)";
		return true;
	}
	if (a->webhook_secret[0] == '\0')
		return false;
	assure_diag_clear(&d);
	if (secret_lookup(ws->dotdir, a->webhook_secret, NULL, sec, &d) !=
	    ASSURE_OK) {
		logf_(s, "alert: %s", d.msg);
		return false;
	}
	*url = sec->data;
	*label = a->webhook_secret;
	return true;
}

static void
http_defaults(const struct schedule *s, struct http_opts *ho)
{
	memset(ho, 0, sizeof(*ho));
	ho->sleep_fn = s->sleep_fn;
}

static void
send(struct schedule *s, const struct workspace *ws,
    const struct collect_alert *a, const struct assure_buf *json)
{
	struct http_opts ho;
	struct secret sec;
	struct assure_diag d;
	const char *url, *label;

	if (!webhook(s, ws, a, &sec, &url, &label))
		return;
	http_defaults(s, &ho);
	assure_diag_clear(&d);
	if (alert_send(&ho, url, label, json, &d) != ASSURE_OK)
		logf_(s, "alert: %s", d.msg);
	else
		logf_(s, "alert sent to %s", label);
	secret_free(&sec);
}

static void
on_page(void *arg, const char *kind, const char *url, size_t records)
{
	(void)arg;
	(void)kind;
	(void)url;
	(void)records;
}

static void
on_note(void *arg, const char *msg)
{
	logf_(arg, "%s", msg);
}

static void
collect_due(struct schedule *s, struct workspace *ws,
    const struct config *cfg, enum collect_source src, int64_t now)
{
	const struct collect_settings *cs = &cfg->collect.src[src];
	const char *name = config_collect_source_name(src);
	struct collect_progress pr = { on_page, on_note, s };
	struct collect_result res;
	struct http_opts ho;
	struct assure_diag d;
	struct assure_buf json;
	const char *why;
	enum assure_err rc;

	s->next[src] = now + cs->every;
	http_defaults(s, &ho);
	assure_diag_clear(&d);
	rc = collect_source(ws, cfg, src, &ho, &pr, now, &res, &d);
	if (rc == ASSURE_OK && res.complete) {
		logf_(s, "collect %s: run %lld complete, %zu pages, %zu "
		    "records", name, (long long)res.run_id, res.pages,
		    res.records);
		s->failures[src] = 0;
		return;
	}
	why = rc != ASSURE_OK ? d.msg : res.why;
	s->failures[src]++;
	logf_(s, "collect %s: %s (%u in a row)", name, why, s->failures[src]);
	/* Once per streak, when it reaches the threshold. */
	if (s->failures[src] != (unsigned)cs->alert.after_failures)
		return;
	assure_buf_init(&json, 0);
	alert_collector_json(cfg->organisation, cfg->server.public_url, name,
	    cs->org[0] != '\0' ? cs->org : cs->domain[0] != '\0' ?
	    cs->domain : name, s->failures[src], why, &json);
	if (assure_buf_err(&json) == ASSURE_OK)
		send(s, ws, &cs->alert, &json);
	assure_buf_free(&json);
}

static void
evaluate_due(struct schedule *s, struct workspace *ws,
    const struct config *cfg, int64_t now)
{
	struct evaluation prev, ev;
	struct alert_turns turns;
	struct assure_diag d;
	struct assure_buf json;
	bool found = false;
	size_t i;

	s->next_eval = now + cfg->collect.evaluate_every;
	memset(&prev, 0, sizeof(prev));
	memset(&ev, 0, sizeof(ev));
	memset(&turns, 0, sizeof(turns));
	assure_diag_clear(&d);
	if (evaluation_load_latest(ws->store, &prev, &found, &d) !=
	    ASSURE_OK || evaluation_run(ws->store, cfg, now, &ev, &d) !=
	    ASSURE_OK || evaluation_record(ws->store, ws->ledger, &ev, &d) !=
	    ASSURE_OK) {
		logf_(s, "evaluate: %s", d.msg);
		goto out;
	}
	if (alert_turns_find(found ? &prev : NULL, &ev, &turns) != ASSURE_OK) {
		logf_(s, "evaluate: out of memory finding the tests turned "
		    "failing");
		goto out;
	}
	logf_(s, "evaluation %s recorded: %zu tests, %zu turned failing",
	    ev.id, ev.n, turns.n);
	for (i = 0; i < turns.n && i < SCHEDULE_ALERTS_MAX; i++) {
		assure_buf_init(&json, 0);
		alert_test_json(cfg->organisation, cfg->server.public_url, &ev,
		    &ev.results[turns.idx[i]], &json);
		if (assure_buf_err(&json) == ASSURE_OK)
			send(s, ws, &cfg->collect.evaluate_alert, &json);
		assure_buf_free(&json);
	}
	if (turns.n > SCHEDULE_ALERTS_MAX)
		logf_(s, "evaluate: %zu more tests turned failing, not alerted",
		    turns.n - SCHEDULE_ALERTS_MAX);
out:
	alert_turns_release(&turns);
	evaluation_release(&ev);
	evaluation_release(&prev);
}

enum assure_err
schedule_tick(struct schedule *s, const char *root, const struct config *cfg,
    int64_t now, int64_t *ret_next, struct assure_diag *d)
{
	struct workspace *ws = NULL;
	int64_t next = INT64_MAX;
	enum assure_err rc = ASSURE_OK;
	bool due = false;
	size_t i;

	for (i = 0; i < COLLECT_SOURCES; i++)
		due |= s->next[i] != 0 && s->next[i] <= now;
	due |= s->next_eval != 0 && s->next_eval <= now;
	if (due && (rc = workspace_open(root, 0, &ws, d)) != ASSURE_OK)
		goto out;
	for (i = 0; due && i < COLLECT_SOURCES; i++) {
		if (s->next[i] == 0 || s->next[i] > now)
			continue;
		collect_due(s, ws, cfg, (enum collect_source)i, now);
	}
	if (due && s->next_eval != 0 && s->next_eval <= now)
		evaluate_due(s, ws, cfg, now);
	workspace_close(ws);
out:
	for (i = 0; i < COLLECT_SOURCES; i++)
		if (s->next[i] != 0 && s->next[i] < next)
			next = s->next[i];
	if (s->next_eval != 0 && s->next_eval < next)
		next = s->next_eval;
	if (ret_next != NULL)
		*ret_next = next;
	return rc;
}
