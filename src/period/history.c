/*
 * history.c: a control's occurrences, exceptions and evidence continuity
 * over a period, from the recorded evaluations (history.h).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "period/history.h"

struct walk {
	struct control_history	*h;
	const char		*test_id;	/* static, the control's */
	size_t			 cap;
};

/* Make room for one more element of size in *v (n used, *cap held). */
static enum assure_err
grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return ASSURE_OK;
	if (n >= HISTORY_ROWS_MAX)
		return ASSURE_ERR_LIMIT;
	ncap = *cap == 0 ? 32 : *cap * 2;
	if ((nv = reallocarray(*v, ncap, size)) == NULL)
		return ASSURE_ERR_NOMEM;
	*v = nv;
	*cap = ncap;
	return ASSURE_OK;
}

static enum assure_err
result_row(const struct store_val *c, int n, void *arg)
{
	struct walk *w = arg;
	struct control_history *h = w->h;
	struct hist_result *r;
	enum assure_err rc;

	if (n < 5 || c[0].type != STORE_TEXT || c[1].type != STORE_INT ||
	    c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	rc = grow((void **)&h->results, h->nresults, &w->cap, sizeof(*r));
	if (rc != ASSURE_OK)
		return rc;
	r = &h->results[h->nresults];
	memset(r, 0, sizeof(*r));
	assure_strlcpy(r->evaluation, c[0].s, sizeof(r->evaluation));
	r->test_id = w->test_id;
	r->as_of = c[1].i;
	r->verdict = verdict_parse(c[2].s);
	if (r->verdict == VERDICT__MAX)
		return ASSURE_ERR_DB;
	r->population = c[3].i;
	r->exceptions = c[4].i;
	h->nresults++;
	return ASSURE_OK;
}

static enum assure_err
exception_row(const struct store_val *c, int n, void *arg)
{
	struct walk *w = arg;
	struct control_history *h = w->h;
	struct hist_exception *x;
	enum assure_err rc;

	if (n < 6 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	rc = grow((void **)&h->exc, h->nexc, &w->cap, sizeof(*x));
	if (rc != ASSURE_OK)
		return rc;
	x = &h->exc[h->nexc];
	memset(x, 0, sizeof(*x));
	x->test_id = w->test_id;
	x->first = c[2].i;
	x->last = c[3].i;
	x->times = c[4].i;
	x->warning = c[5].type == STORE_TEXT && strcmp(c[5].s, "warning") == 0;
	x->subject = strdup(c[0].s);
	x->reason = strdup(c[1].s);
	h->nexc++;	/* so that a failed strdup is freed */
	if (x->subject == NULL || x->reason == NULL)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

/* Evidence used by the control's evaluations (c[0..4]) or filed against
 * it (c[0..6]: with its period). */
static enum assure_err
evidence_row(const struct store_val *c, int n, void *arg, bool filed)
{
	struct walk *w = arg;
	struct control_history *h = w->h;
	struct hist_evidence *e;
	int src = filed ? 6 : 4;
	enum assure_err rc;

	if (n <= src || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[src].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	rc = grow((void **)&h->ev, h->nev, &w->cap, sizeof(*e));
	if (rc != ASSURE_OK)
		return rc;
	e = &h->ev[h->nev];
	memset(e, 0, sizeof(*e));
	e->id = c[0].i;
	assure_strlcpy(e->sha256, c[1].s, sizeof(e->sha256));
	assure_strlcpy(e->kind, c[2].s, sizeof(e->kind));
	e->as_of = c[3].i;
	e->filed = filed;
	if (filed && c[4].type == STORE_INT && c[5].type == STORE_INT) {
		e->has_period = true;
		e->period_start = c[4].i;
		e->period_end = c[5].i;
	}
	e->source = strdup(c[src].s);
	h->nev++;
	return e->source == NULL ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

static enum assure_err
used_row(const struct store_val *c, int n, void *arg)
{
	return evidence_row(c, n, arg, false);
}

static enum assure_err
filed_row(const struct store_val *c, int n, void *arg)
{
	return evidence_row(c, n, arg, true);
}

static int
ev_by_id(const void *a, const void *b)
{
	const struct hist_evidence *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (int)y->filed - (int)x->filed;	/* filed first */
}

static int
ev_by_time(const void *a, const void *b)
{
	const struct hist_evidence *x = a, *y = b;

	if (x->as_of != y->as_of)
		return x->as_of < y->as_of ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
result_by_time(const void *a, const void *b)
{
	const struct hist_result *x = a, *y = b;
	int c;

	if (x->as_of != y->as_of)
		return x->as_of < y->as_of ? -1 : 1;
	if ((c = strcmp(x->test_id, y->test_id)) != 0)
		return c;
	return strcmp(x->evaluation, y->evaluation);
}

static int
exc_by_first(const void *a, const void *b)
{
	const struct hist_exception *x = a, *y = b;
	int c;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if ((c = strcmp(x->test_id, y->test_id)) != 0)
		return c;
	if ((c = strcmp(x->subject, y->subject)) != 0)
		return c;
	return strcmp(x->reason, y->reason);
}

/* One piece of evidence per id (a file used by two tests, or used and
 * filed, is listed once, as filed when it was), by instant. */
static void
dedupe_evidence(struct control_history *h)
{
	size_t i, o = 0;

	if (h->nev == 0)
		return;
	qsort(h->ev, h->nev, sizeof(*h->ev), ev_by_id);
	for (i = 0; i < h->nev; i++) {
		if (o > 0 && h->ev[o - 1].id == h->ev[i].id) {
			free(h->ev[i].source);
			continue;
		}
		h->ev[o++] = h->ev[i];
	}
	h->nev = o;
	qsort(h->ev, h->nev, sizeof(*h->ev), ev_by_time);
}

static enum assure_err
continuity(struct control_history *h, const struct config *cfg)
{
	struct occur_span *cover;
	int64_t window = occur_window(h->control->frequency, cfg->freshness);
	size_t i;
	enum assure_err rc;

	cover = calloc(h->nev > 0 ? h->nev : 1, sizeof(*cover));
	if (cover == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < h->nev; i++) {
		cover[i].start = h->ev[i].has_period ? h->ev[i].period_start :
		    h->ev[i].as_of;
		cover[i].end = h->ev[i].as_of > INT64_MAX - window ? INT64_MAX :
		    h->ev[i].as_of + window;
	}
	rc = occur_gaps(cover, h->nev, h->start, h->end, OCCUR_DAY, &h->gaps,
	    &h->ngaps);
	free(cover);
	return rc;
}

/* The unit holding t, or NULL (per-event, or outside every unit). */
static struct hist_unit *
unit_of(struct control_history *h, int64_t t)
{
	size_t lo = 0, hi = h->nunits, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->units[mid].u.end < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->nunits && h->units[lo].u.start <= t &&
	    t <= h->units[lo].u.end)
		return &h->units[lo];
	return NULL;
}

static void
count_occurrences(struct control_history *h)
{
	struct hist_unit *u;
	size_t i, failing = 0;

	for (i = 0; i < h->nresults; i++) {
		h->verdicts[h->results[i].verdict]++;
		if (h->results[i].verdict != VERDICT_PASS &&
		    h->results[i].verdict != VERDICT_FAIL)
			continue;
		h->occurrences++;
		if ((u = unit_of(h, h->results[i].as_of)) != NULL)
			u->evaluations++;
	}
	for (i = 0; i < h->nev; i++) {
		if (!h->ev[i].filed || h->ev[i].as_of < h->start ||
		    h->ev[i].as_of > h->end)
			continue;
		h->occurrences++;
		if ((u = unit_of(h, h->ev[i].as_of)) != NULL)
			u->filed++;
	}
	for (i = 0; i < h->nunits; i++)
		if (h->units[i].evaluations + h->units[i].filed > 0)
			h->actual++;
	for (i = 0; i < h->nexc; i++)
		if (!h->exc[i].warning)
			failing++;
	if (h->occurrences == 0)
		h->conclusion = HIST_NOT_EVIDENCED;
	else if (failing > 0 || h->verdicts[VERDICT_FAIL] > 0 ||
	    h->actual < h->nunits || (h->nunits == 0 && h->ngaps > 0))
		h->conclusion = HIST_EXCEPTIONS;
	else
		h->conclusion = HIST_EFFECTIVE;
}

enum assure_err
control_history_load(struct store *s, const struct config *cfg,
    const struct control *c, int64_t start, int64_t end,
    struct control_history *h, struct assure_diag *d)
{
	struct occur_unit *units = NULL;
	struct store_val p[3];
	struct walk w;
	size_t i, nunits = 0, cap_res = 0, cap_exc = 0, cap_ev = 0;
	enum assure_err rc;

	memset(h, 0, sizeof(*h));
	h->control = c;
	h->start = start;
	h->end = end;
	rc = occur_units(c->frequency, start, end, &units, &nunits);
	if (rc != ASSURE_OK)
		return assure_diag_set(d, rc, c->source, c->line, 0, "frequency",
		    "control %s: cannot lay out its %s units over the period",
		    c->id, control_frequency_name(c->frequency));
	if (nunits > 0) {
		h->units = calloc(nunits, sizeof(*h->units));
		if (h->units == NULL) {
			free(units);
			return ASSURE_ERR_NOMEM;
		}
		for (i = 0; i < nunits; i++)
			h->units[i].u = units[i];
		h->nunits = nunits;
	}
	free(units);
	p[1] = STORE_INTV(start);
	p[2] = STORE_INTV(end);
	memset(&w, 0, sizeof(w));
	w.h = h;
	for (i = 0; rc == ASSURE_OK && i < c->ntests; i++) {
		w.test_id = c->tests[i]->id;
		p[0] = STORE_TEXTV(w.test_id);
		w.cap = cap_res;
		rc = store_exec(s, STMT_HIST_RESULTS, p, 3, result_row, &w, d);
		cap_res = w.cap;
		w.cap = cap_exc;
		if (rc == ASSURE_OK)
			rc = store_exec(s, STMT_HIST_EXCEPTIONS, p, 3,
			    exception_row, &w, d);
		cap_exc = w.cap;
		w.cap = cap_ev;
		if (rc == ASSURE_OK)
			rc = store_exec(s, STMT_HIST_EVIDENCE, p, 3, used_row,
			    &w, d);
		cap_ev = w.cap;
	}
	if (rc == ASSURE_OK) {
		p[0] = STORE_TEXTV(c->id);
		w.cap = cap_ev;
		rc = store_exec(s, STMT_EVCONTROL_OF, p, 3, filed_row, &w, d);
	}
	if (rc != ASSURE_OK)
		return rc;
	if (h->nresults > 1)
		qsort(h->results, h->nresults, sizeof(*h->results),
		    result_by_time);
	if (h->nexc > 1)
		qsort(h->exc, h->nexc, sizeof(*h->exc), exc_by_first);
	dedupe_evidence(h);

	if ((rc = continuity(h, cfg)) != ASSURE_OK)
		return rc;
	count_occurrences(h);
	return ASSURE_OK;
}

void
control_history_release(struct control_history *h)
{
	size_t i;

	for (i = 0; i < h->nexc; i++) {
		free(h->exc[i].subject);
		free(h->exc[i].reason);
	}
	for (i = 0; i < h->nev; i++)
		free(h->ev[i].source);
	free(h->units);
	free(h->results);
	free(h->exc);
	free(h->ev);
	free(h->gaps);
	memset(h, 0, sizeof(*h));
}

const char *
hist_conclusion_text(enum hist_conclusion c)
{
	static const char *const text[HIST_CONCLUSION__MAX] = {
		[HIST_EFFECTIVE] = "operated effectively",
		[HIST_EXCEPTIONS] = "exceptions noted",
		[HIST_NOT_EVIDENCED] = "not evidenced",
	};

	return (unsigned)c < HIST_CONCLUSION__MAX ? text[c] : "?";
}
