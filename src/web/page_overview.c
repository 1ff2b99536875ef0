/*
 * page_overview.c: the dashboard's first page (see pages.h): readiness
 * by category and criterion from the newest evaluation, the failing
 * tests, the controls whose evidence has gaps over the observation
 * period, and the trend of passing tests over the period.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "common/timeutil.h"
#include "period/history.h"
#include "web/chart.h"
#include "web/web.h"

struct trend {
	struct chart_point	*v;
	size_t			 n, cap;
	int64_t			 ymax;
};

static enum assure_err
trend_row(const struct store_val *c, int n, void *arg)
{
	struct trend *t = arg;
	struct chart_point *nv;
	size_t cap;

	if (n < 3)
		return ASSURE_ERR_DB;
	if (t->n == CHART_POINTS_MAX)
		return ASSURE_OK;
	if (t->n == t->cap) {
		cap = t->cap ? t->cap * 2 : 64;
		if ((nv = realloc(t->v, cap * sizeof(*nv))) == NULL)
			return ASSURE_ERR_NOMEM;
		t->v = nv;
		t->cap = cap;
	}
	t->v[t->n].t = c[0].i;
	t->v[t->n].y = c[1].i;
	t->n++;
	if (c[2].i > t->ymax)
		t->ymax = c[2].i;
	return ASSURE_OK;
}

struct gap {
	size_t			 control;	/* index in des->controls */
	size_t			 ngaps;
	enum hist_conclusion	 conclusion;
};

struct web_overview_cache {
	bool		 valid;
	int64_t		 ledger_size;
	int64_t		 start, end;
	size_t		 ncontrols;
	struct gap	*g;
	size_t		 ng;
};

struct web_overview_cache *
web_overview_cache_new(void)
{
	return calloc(1, sizeof(struct web_overview_cache));
}

void
web_overview_cache_free(struct web_overview_cache *c)
{
	if (c == NULL)
		return;
	free(c->g);
	free(c);
}

/* The worst verdict of the tests evidencing criterion id; __MAX: none. */
static enum verdict
criterion_verdict(const struct evaluation *ev, const char *id, size_t *ntests)
{
	enum verdict v = VERDICT__MAX;
	size_t i;

	*ntests = 0;
	for (i = 0; i < ev->n; i++)
		if (web_list_has(ev->results[i].criteria, id)) {
			v = web_verdict_worse(v, ev->results[i].verdict);
			(*ntests)++;
		}
	return v;
}

static void
readiness(struct htmlw *w, const struct web_page *p,
    const struct evaluation *ev)
{
	static const char *const head[] = { "Category", "Criteria", "Pass",
	    "Fail", "No evidence", "Not tested", NULL };
	static const char *const chead[] = { "Criterion", "Summary",
	    "Tests", "Verdict", NULL };
	const struct assure_tsc_criterion *c;
	size_t it, k, nt, cnt[VERDICT__MAX + 1];
	enum verdict v;
	char t[32];

	htmlw_open(w, "section", "readiness");
	htmlw_elem(w, "h2", NULL, "Readiness");
	htmlw_open(w, "table", "num");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if ((p->cfg->categories & (1u << k)) == 0)
			continue;
		memset(cnt, 0, sizeof(cnt));
		ASSURE_CATALOG_TSC_FOREACH(p->des->cat, k, it, c) {
			v = criterion_verdict(ev, c->id, &nt);
			cnt[v == VERDICT_ERROR ? VERDICT_FAIL : v]++;
		}
		htmlw_open(w, "tr", NULL);
		web_td(w, NULL, assure_catalog_category_title(k));
		web_tdf(w, NULL, "%zu", assure_catalog_tsc_count(p->des->cat,
		    k));
		web_tdf(w, cnt[VERDICT_PASS] ? "v-pass" : NULL, "%zu",
		    cnt[VERDICT_PASS]);
		web_tdf(w, cnt[VERDICT_FAIL] ? "v-fail" : NULL, "%zu",
		    cnt[VERDICT_FAIL]);
		web_tdf(w, cnt[VERDICT_NO_EVIDENCE] ? "v-none" : NULL, "%zu",
		    cnt[VERDICT_NO_EVIDENCE]);
		web_tdf(w, NULL, "%zu", cnt[VERDICT__MAX]);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
	web_pf(w, "note", "A criterion's verdict is the worst of its tests' "
	    "in the newest evaluation; a criterion no test evidences is "
	    "not tested (its controls are judged on their design).");
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if ((p->cfg->categories & (1u << k)) == 0)
			continue;
		htmlw_open(w, "details", NULL);
		htmlw_elem(w, "summary", NULL,
		    assure_catalog_category_title(k));
		htmlw_open(w, "table", "crit");
		web_thead(w, chead);
		htmlw_open(w, "tbody", NULL);
		ASSURE_CATALOG_TSC_FOREACH(p->des->cat, k, it, c) {
			v = criterion_verdict(ev, c->id, &nt);
			htmlw_open(w, "tr", NULL);
			web_td(w, NULL, c->id);
			web_td(w, NULL, c->summary);
			snprintf(t, sizeof(t), "%zu", nt);
			web_td(w, NULL, t);
			web_td_verdict(w, v);
			htmlw_close(w);
		}
		htmlw_close(w);
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
}

static void
failing(struct htmlw *w, const struct evaluation *ev)
{
	static const char *const head[] = { "Test", "Criteria", "Verdict",
	    "Exceptions", "Warnings", "Reason", NULL };
	const struct test_result *r;
	size_t i, n = 0;

	htmlw_open(w, "section", "failing");
	htmlw_elem(w, "h2", NULL, "Failing tests");
	for (i = 0; i < ev->n; i++)
		if (ev->results[i].verdict == VERDICT_FAIL ||
		    ev->results[i].verdict == VERDICT_ERROR)
			n++;
	if (n == 0) {
		web_pf(w, "note", "No test failed in the newest evaluation.");
		htmlw_close(w);
		return;
	}
	htmlw_open(w, "table", "tests");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (i = 0; i < ev->n; i++) {
		r = &ev->results[i];
		if (r->verdict != VERDICT_FAIL && r->verdict != VERDICT_ERROR)
			continue;
		htmlw_open(w, "tr", NULL);
		web_td_link(w, "/tests/", r->test_id, NULL, r->test_id);
		web_td(w, NULL, r->criteria);
		web_td_verdict(w, r->verdict);
		web_tdf(w, "n", "%zu", result_failures(r));
		web_tdf(w, "n", "%zu", r->nwarn);
		web_td(w, NULL, r->reason);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
	htmlw_close(w);
}

static void
gaps(struct htmlw *w, const struct web_page *p, const struct gap *g,
    size_t n)
{
	static const char *const head[] = { "Control", "Title", "Gaps",
	    "Conclusion", NULL };
	const struct control *c;
	size_t i;

	htmlw_open(w, "section", "gaps");
	htmlw_elem(w, "h2", NULL, "Evidence gaps");
	web_pf(w, NULL, "%zu of %zu controls have stretches of a day or "
	    "more over the observation period that no evidence covers.", n,
	    p->des->controls.n);
	if (n > 0) {
		htmlw_open(w, "table", "gaps");
		web_thead(w, head);
		htmlw_open(w, "tbody", NULL);
		for (i = 0; i < n; i++) {
			htmlw_open(w, "tr", NULL);
			c = &p->des->controls.v[g[i].control];
			web_td_link(w, "/controls/", c->id, NULL, c->id);
			web_td(w, NULL, c->title);
			web_tdf(w, "n", "%zu", g[i].ngaps);
			web_td(w, g[i].conclusion == HIST_EFFECTIVE ? "c-ok" :
			    g[i].conclusion == HIST_EXCEPTIONS ? "c-exc" :
			    "c-none", hist_conclusion_text(g[i].conclusion));
			htmlw_close(w);
		}
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
}

/*
 * The controls whose evidence has gaps over the observation period, from
 * p->cache while the ledger has not grown since it was filled (the
 * histories read a few hundred statements on a year of daily
 * evaluations), else computed and kept there.
 */
static enum assure_err
control_gaps(const struct web_page *p, const struct gap **ret,
    size_t *ret_n, struct assure_diag *d)
{
	struct web_overview_cache *c = p->cache, tmp;
	struct control_history h;
	struct gap *g = NULL;
	int64_t size = -1;
	size_t i, ng = 0;
	enum assure_err rc;

	if (c != NULL) {
		rc = store_exec_int(p->store, STMT_LEDGER_SIZE, NULL, 0, &size,
		    NULL, d);
		if (rc != ASSURE_OK)
			return rc;
		if (c->valid && c->ledger_size == size &&
		    c->start == p->cfg->period_start &&
		    c->end == p->cfg->period_end &&
		    c->ncontrols == p->des->controls.n) {
			*ret = c->g;
			*ret_n = c->ng;
			return ASSURE_OK;
		}
	} else {
		memset(&tmp, 0, sizeof(tmp));
		c = &tmp;
	}
	if (p->des->controls.n > 0 &&
	    (g = calloc(p->des->controls.n, sizeof(*g))) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, NULL, 0, 0, NULL,
		    "out of memory");
	for (i = 0; i < p->des->controls.n; i++) {
		rc = control_history_load(p->store, p->cfg,
		    &p->des->controls.v[i], p->cfg->period_start,
		    p->cfg->period_end, &h, d);
		if (rc == ASSURE_OK && h.ngaps > 0) {
			g[ng].control = i;
			g[ng].ngaps = h.ngaps;
			g[ng].conclusion = h.conclusion;
			ng++;
		}
		control_history_release(&h);
		if (rc != ASSURE_OK) {
			free(g);
			return rc;
		}
	}
	free(c->g);
	c->g = g;
	c->ng = ng;
	c->valid = c != &tmp;
	c->ledger_size = size;
	c->start = p->cfg->period_start;
	c->end = p->cfg->period_end;
	c->ncontrols = p->des->controls.n;
	*ret = g;
	*ret_n = ng;
	return ASSURE_OK;
}

enum assure_err
page_overview(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	struct evaluation ev;
	struct trend tr;
	const struct gap *g = NULL;
	struct htmlw w;
	struct store_val q[2];
	size_t len0 = out->len, ng = 0, i, cnt[VERDICT__MAX];
	char when[ASSURE_TIME_STRLEN], num[64];
	enum assure_err rc;
	bool found;

	memset(&ev, 0, sizeof(ev));
	memset(&tr, 0, sizeof(tr));
	rc = page_evaluation(p, &ev, &found, d);
	if (rc != ASSURE_OK)
		goto done;
	q[0] = STORE_INTV(p->cfg->period_start);
	q[1] = STORE_INTV(p->cfg->period_end);
	rc = store_exec(p->store, STMT_EVAL_TREND, q, 2, trend_row, &tr, d);
	if (rc != ASSURE_OK)
		goto done;
	rc = control_gaps(p, &g, &ng, d);
	if (rc != ASSURE_OK)
		goto done;

	web_begin(&w, p, out, "Overview", "Overview");
	if (!found) {
		web_pf(&w, "notice", "No evaluation has been recorded yet: "
		    "run assure evaluate.");
	} else {
		evaluation_counts(&ev, cnt);
		web_time(ev.as_of, when, sizeof(when));
		htmlw_open(&w, "p", "summary");
		htmlw_text(&w, "The newest evaluation, as of ");
		htmlw_elem(&w, "strong", NULL, when);
		htmlw_text(&w, ": ");
		for (i = 0; i < VERDICT__MAX; i++) {
			snprintf(num, sizeof(num), "%zu %s", cnt[i],
			    web_verdict_text((enum verdict)i));
			/* A zero count is not coloured as a failure. */
			htmlw_elem(&w, "span", cnt[i] > 0 ?
			    web_verdict_class((enum verdict)i) : NULL, num);
			htmlw_text(&w, i + 1 < VERDICT__MAX ? ", " : ".");
		}
		htmlw_close(&w);
		readiness(&w, p, &ev);
		failing(&w, &ev);
	}
	htmlw_open(&w, "section", "trend");
	htmlw_elem(&w, "h2", NULL, "Passing tests over the period");
	htmlw_open(&w, "figure", "chart");
	chart_svg(&w, tr.v, tr.n, p->cfg->period_start, p->cfg->period_end,
	    tr.ymax, "Tests passing at each recorded evaluation",
	    "tests passing");
	web_pf(&w, "note", "%zu evaluations recorded as of the observation "
	    "period; each point is the number of tests that passed.", tr.n);
	htmlw_close(&w);
	htmlw_close(&w);
	gaps(&w, p, g, ng);
	rc = web_end(&w, p, d);
done:
	free(tr.v);
	if (p->cache == NULL)
		free((void *)g);	/* else the cache's */
	evaluation_release(&ev);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
