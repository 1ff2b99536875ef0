/*
 * page_controls.c: the controls list and one control's page (see
 * pages.h): its design, and its history over the observation period
 * (period/history.h): the units of its frequency with and without an
 * occurrence, the evaluations, the exceptions, the gaps and the
 * evidence.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "period/history.h"
#include "web/web.h"

/* Rows of a control's evaluations shown, the newest. */
#define RESULTS_SHOWN	60

static const char *
conclusion_class(enum hist_conclusion c)
{
	return c == HIST_EFFECTIVE ? "c-ok" : c == HIST_EXCEPTIONS ? "c-exc" :
	    "c-none";
}

/* The worst verdict of c's tests in ev; VERDICT__MAX when none ran. */
static enum verdict
control_verdict(const struct control *c, const struct evaluation *ev)
{
	const struct test_result *r;
	enum verdict v = VERDICT__MAX;
	size_t i;

	for (i = 0; i < c->ntests; i++)
		if ((r = web_result(ev, c->tests[i]->id)) != NULL)
			v = web_verdict_worse(v, r->verdict);
	return v;
}

static void
test_links(struct htmlw *w, const struct control *c)
{
	char href[WEB_HREF_MAX];
	size_t i;

	for (i = 0; i < c->ntests; i++) {
		if (i > 0)
			htmlw_text(w, ", ");
		web_href(href, sizeof(href), "/tests/", c->tests[i]->id, NULL);
		web_link(w, href, c->tests[i]->id);
	}
	if (c->ntests == 0)
		htmlw_text(w, "-");
}

enum assure_err
page_controls(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Control", "Title", "Owner",
	    "Frequency", "Tests", "Latest verdict", "Over the period", NULL };
	const struct control *c;
	struct control_history h;
	struct evaluation ev;
	struct htmlw w;
	size_t len0 = out->len, i;
	enum assure_err rc;
	bool found;

	memset(&ev, 0, sizeof(ev));
	rc = page_evaluation(p, &ev, &found, d);
	if (rc != ASSURE_OK)
		return web_fail(out, len0, rc);
	web_begin(&w, p, out, "Controls", "Controls");
	if (p->des->controls.n == 0)
		web_pf(&w, "notice", "No control is defined: add them under "
		    "controls/.");
	else {
		htmlw_open(&w, "table", "controls");
		web_thead(&w, head);
		htmlw_open(&w, "tbody", NULL);
	}
	for (i = 0; i < p->des->controls.n; i++) {
		c = &p->des->controls.v[i];
		rc = control_history_load(p->store, p->cfg, c,
		    p->cfg->period_start, p->cfg->period_end, &h, d);
		if (rc != ASSURE_OK) {
			control_history_release(&h);
			evaluation_release(&ev);
			return web_fail(out, len0, rc);
		}
		htmlw_open(&w, "tr", NULL);
		web_td_link(&w, "/controls/", c->id, NULL, c->id);
		web_td(&w, NULL, c->title);
		web_td(&w, NULL, c->owner);
		web_td(&w, NULL, control_frequency_name(c->frequency));
		htmlw_open(&w, "td", NULL);
		test_links(&w, c);
		htmlw_close(&w);
		web_td_verdict(&w, control_verdict(c, &ev));
		web_td(&w, conclusion_class(h.conclusion),
		    hist_conclusion_text(h.conclusion));
		htmlw_close(&w);
		control_history_release(&h);
	}
	evaluation_release(&ev);
	return web_end(&w, p, d) == ASSURE_OK ? ASSURE_OK :
	    web_fail(out, len0, assure_buf_err(out));
}

static void
design(struct htmlw *w, const struct control *c)
{
	char s[CONTROL_TEXT_MAX + 64];
	size_t i, n;

	htmlw_open(w, "section", "design");
	htmlw_elem(w, "h2", NULL, "Design");
	htmlw_open(w, "dl", "meta");
	web_kv(w, "Title", c->title);
	web_kv(w, "Owner", c->owner);
	web_kv(w, "Frequency", control_frequency_name(c->frequency));
	web_kv(w, "Status", control_status_name(c->status));
	for (i = 0, n = 0, s[0] = '\0'; i < c->ntsc; i++)
		n += (size_t)snprintf(s + (n < sizeof(s) ? n : sizeof(s) - 1),
		    n < sizeof(s) ? sizeof(s) - n : 1, "%s%s", i ? ", " : "",
		    c->tsc[i]->id);
	web_kv(w, "Criteria", c->ntsc ? s : "-");
	htmlw_elem(w, "dt", NULL, "Tests");
	htmlw_open(w, "dd", NULL);
	test_links(w, c);
	htmlw_close(w);
	for (i = 0, n = 0, s[0] = '\0'; i < c->npolicies; i++)
		n += (size_t)snprintf(s + (n < sizeof(s) ? n : sizeof(s) - 1),
		    n < sizeof(s) ? sizeof(s) - n : 1, "%s%s", i ? ", " : "",
		    c->policies[i].id);
	web_kv(w, "Policies", c->npolicies ? s : "-");
	snprintf(s, sizeof(s), "%s:%lu", c->source, c->line);
	web_kv(w, "Defined in", s);
	htmlw_close(w);
	if (c->description != NULL)
		htmlw_elem(w, "p", "description", c->description);
	htmlw_close(w);
}

static void
timeline(struct htmlw *w, const struct control_history *h)
{
	const struct hist_unit *u;
	char tip[OCCUR_LABEL_LEN + 96];
	const char *a[] = { "title", tip, NULL };
	size_t i;

	htmlw_open(w, "section", "timeline");
	htmlw_elem(w, "h2", NULL, "Occurrences");
	htmlw_open(w, "p", "summary");
	htmlw_elem(w, "span", conclusion_class(h->conclusion),
	    hist_conclusion_text(h->conclusion));
	if (h->nunits > 0)
		snprintf(tip, sizeof(tip), ": %zu of %zu expected units had "
		    "an occurrence; %zu occurrences in all.", h->actual,
		    h->nunits, h->occurrences);
	else
		snprintf(tip, sizeof(tip), ": a per-event control; %zu "
		    "occurrences from evaluations and filed evidence.",
		    h->occurrences);
	htmlw_text(w, tip);
	htmlw_close(w);
	if (h->nunits > 0) {
		htmlw_open(w, "ol", "timeline");
		for (i = 0; i < h->nunits; i++) {
			u = &h->units[i];
			snprintf(tip, sizeof(tip), "%s: %zu evaluations, %zu "
			    "filed", u->u.label, u->evaluations, u->filed);
			htmlw_open_attrs(w, "li", u->evaluations + u->filed >
			    0 ? "u-ok" : "u-miss", a);
			htmlw_elem(w, "span", "lbl", u->u.label);
			htmlw_close(w);
		}
		htmlw_close(w);
	}
	htmlw_close(w);
}

static void
results(struct htmlw *w, const struct control_history *h)
{
	static const char *const head[] = { "As of", "Test", "Verdict",
	    "Population", "Exceptions", NULL };
	const struct hist_result *r;
	char t[ASSURE_TIME_STRLEN];
	size_t i, from;

	htmlw_open(w, "section", "results");
	htmlw_elem(w, "h2", NULL, "Evaluations");
	if (h->nresults == 0) {
		web_pf(w, "note", "No evaluation of its tests in the period.");
		htmlw_close(w);
		return;
	}
	from = h->nresults > RESULTS_SHOWN ? h->nresults - RESULTS_SHOWN : 0;
	if (from > 0)
		web_pf(w, "note", "The newest %d of %zu.", RESULTS_SHOWN,
		    h->nresults);
	htmlw_open(w, "table", "results");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (i = h->nresults; i-- > from;) {
		r = &h->results[i];
		web_time(r->as_of, t, sizeof(t));
		htmlw_open(w, "tr", NULL);
		web_td(w, NULL, t);
		web_td_link(w, "/tests/", r->test_id, NULL, r->test_id);
		web_td_verdict(w, r->verdict);
		web_tdf(w, "n", "%lld", (long long)r->population);
		web_tdf(w, "n", "%lld", (long long)r->exceptions);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
	htmlw_close(w);
}

static void
exceptions(struct htmlw *w, const struct control_history *h)
{
	static const char *const head[] = { "Test", "Subject", "Reason",
	    "First seen", "Last seen", "Evaluations", NULL };
	const struct hist_exception *x;
	char a[16], b[16];
	size_t i;

	htmlw_open(w, "section", "exceptions");
	htmlw_elem(w, "h2", NULL, "Exceptions");
	if (h->nexc == 0) {
		web_pf(w, "note", "None in the period.");
		htmlw_close(w);
		return;
	}
	htmlw_open(w, "table", "exc");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (i = 0; i < h->nexc; i++) {
		x = &h->exc[i];
		web_date(x->first, a, sizeof(a));
		web_date(x->last, b, sizeof(b));
		htmlw_open(w, "tr", x->warning ? "warning" : NULL);
		web_td(w, NULL, x->test_id);
		web_td(w, "subject", x->subject);
		web_tdf(w, NULL, "%s%s", x->warning ? "(warning) " : "",
		    x->reason != NULL ? x->reason : "");
		web_td(w, NULL, a);
		web_td(w, NULL, b);
		web_tdf(w, "n", "%lld", (long long)x->times);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
	htmlw_close(w);
}

static void
gaps_and_evidence(struct htmlw *w, const struct control_history *h)
{
	static const char *const ghead[] = { "From", "To", "Days", NULL };
	static const char *const ehead[] = { "SHA-256", "Kind", "Source",
	    "As of", "How", NULL };
	const struct hist_evidence *e;
	char a[16], b[16], short_sha[20];
	size_t i;

	htmlw_open(w, "section", "gaps");
	htmlw_elem(w, "h2", NULL, "Gaps in the evidence");
	if (h->ngaps == 0)
		web_pf(w, "note", "The evidence covers the whole period.");
	else {
		htmlw_open(w, "table", "gaps");
		web_thead(w, ghead);
		htmlw_open(w, "tbody", NULL);
		for (i = 0; i < h->ngaps; i++) {
			web_date(h->gaps[i].start, a, sizeof(a));
			web_date(h->gaps[i].end, b, sizeof(b));
			htmlw_open(w, "tr", NULL);
			web_td(w, NULL, a);
			web_td(w, NULL, b);
			web_tdf(w, "n", "%lld", (long long)((h->gaps[i].end -
			    h->gaps[i].start + 1 + OCCUR_DAY - 1) /
			    OCCUR_DAY));
			htmlw_close(w);
		}
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);

	htmlw_open(w, "section", "evidence");
	htmlw_elem(w, "h2", NULL, "Evidence");
	if (h->nev == 0)
		web_pf(w, "note", "No evidence in the period.");
	else {
		htmlw_open(w, "table", "evid");
		web_thead(w, ehead);
		htmlw_open(w, "tbody", NULL);
		for (i = 0; i < h->nev; i++) {
			e = &h->ev[i];
			snprintf(short_sha, sizeof(short_sha), "%.16s",
			    e->sha256);
			web_date(e->as_of, a, sizeof(a));
			htmlw_open(w, "tr", NULL);
			web_td_link(w, "/evidence/", e->sha256, NULL,
			    short_sha);
			web_td(w, NULL, e->kind);
			web_td(w, NULL, e->source);
			web_td(w, NULL, a);
			web_td(w, NULL, e->filed ? "filed against the control" :
			    "used by its tests");
			htmlw_close(w);
		}
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
}

enum assure_err
page_control(const struct web_page *p, const char *id, struct assure_buf *out,
    struct assure_diag *d)
{
	const struct control *c;
	struct control_history h;
	struct htmlw w;
	char title[CONTROL_ID_MAX + CONTROL_NAME_MAX + 8];
	size_t len0 = out->len;
	enum assure_err rc;

	if ((c = controls_find(&p->des->controls, id)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOTFOUND, NULL, 0, 0,
		    NULL, "no control '%s'", id);
	rc = control_history_load(p->store, p->cfg, c, p->cfg->period_start,
	    p->cfg->period_end, &h, d);
	if (rc != ASSURE_OK) {
		control_history_release(&h);
		return web_fail(out, len0, rc);
	}
	snprintf(title, sizeof(title), "%s %s", c->id, c->title);
	web_begin(&w, p, out, title, "Controls");
	design(&w, c);
	timeline(&w, &h);
	exceptions(&w, &h);
	gaps_and_evidence(&w, &h);
	results(&w, &h);
	control_history_release(&h);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
