/*
 * type2.c: the Type 2 report (type2.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ledger/note.h"
#include "report/type2.h"

/* ------------------------------------------------------------- loading */

static enum assure_err
load_checkpoint(struct ledger *l, int64_t end, const char *note, size_t len,
    struct type2doc *t, struct assure_diag *d)
{
	struct assure_note_verifier v;
	struct assure_buf buf;
	char vkey[ASSURE_NOTE_VKEY_MAX + 1];
	enum assure_err rc = ASSURE_OK;

	assure_buf_init(&buf, ASSURE_NOTE_MAX_SIZE);
	if (note == NULL) {
		rc = ledger_checkpoint_after(l, end, &buf, NULL, d);
		if (rc == ASSURE_ERR_NOTFOUND) {
			/* Not an error: the period may have just ended. */
			assure_diag_format(d, t->cp_why, sizeof(t->cp_why));
			assure_diag_clear(d);
			assure_buf_free(&buf);
			return ASSURE_OK;
		}
		note = buf.data;
		len = buf.len;
	}
	ledger_verifier_text(l, vkey);
	/* Only this ledger's checkpoints seed its samples. */
	if (rc == ASSURE_OK)
		rc = assure_note_verifier_parse(vkey, strlen(vkey), &v, d);
	if (rc == ASSURE_OK)
		rc = sample_seed_from_checkpoint(note, len, &v, &t->cp, d);
	if (rc == ASSURE_OK)
		t->has_cp = true;
	assure_buf_free(&buf);
	return rc;
}

static enum assure_err
load_control(struct store *s, const struct config *cfg,
    const struct control *c, struct type2doc *t, struct type2_control *x,
    struct assure_diag *d)
{
	const char **subjects;
	enum assure_err rc;

	x->c = c;
	rc = control_history_load(s, cfg, c, t->start, t->end, &x->h, d);
	if (rc == ASSURE_OK)
		rc = cpop_load(s, cfg, c, &x->h, t->end, &x->pop, d);
	if (rc != ASSURE_OK)
		return rc;
	x->size = (size_t)cfg->sample_size[c->frequency];
	if (!t->has_cp)
		return ASSURE_OK;
	if ((subjects = cpop_subjects(&x->pop)) == NULL)
		return ASSURE_ERR_NOMEM;
	rc = sample_draw(t->cp.root, c->id, subjects, x->pop.n, x->size,
	    &x->s, d);
	free(subjects);
	if (rc == ASSURE_OK)
		x->sampled = true;
	return rc;
}

enum assure_err
type2_load(struct store *s, struct ledger *l, const struct config *cfg,
    const struct control_set *cs, int64_t start, int64_t end,
    const char *note, size_t len, struct type2doc *t, struct assure_diag *d)
{
	struct test_ctx ctx;
	enum assure_err rc;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->start = start;
	t->end = end;
	t->generated = assure_now();
	rc = load_checkpoint(l, end, note, len, t, d);
	if (rc != ASSURE_OK)
		return rc;
	if (cs->n > 0 && (t->v = calloc(cs->n, sizeof(*t->v))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < cs->n; i++) {
		t->n++;
		rc = load_control(s, cfg, &cs->v[i], t, &t->v[i], d);
		if (rc != ASSURE_OK)
			return rc;
		t->conclusions[t->v[i].h.conclusion]++;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.store = s;
	ctx.cfg = cfg;
	ctx.as_of = end;
	rc = incs_load(&ctx, &t->incidents, d);
	if (rc == ASSURE_OK)
		rc = policy_approvals_load(s, end, &t->approvals, d);
	return rc;
}

void
type2_release(struct type2doc *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		control_history_release(&t->v[i].h);
		cpop_release(&t->v[i].pop);
		sample_release(&t->v[i].s);
	}
	free(t->v);
	incs_release(&t->incidents);
	policy_approvals_release(&t->approvals);
	memset(t, 0, sizeof(*t));
}

/* ----------------------------------------------------------- rendering */

static const char *const conclusion_class[HIST_CONCLUSION__MAX] = {
	[HIST_EFFECTIVE] = "covered",
	[HIST_EXCEPTIONS] = "partial",
	[HIST_NOT_EVIDENCED] = "gap",
};

static const char *
unit_word(const struct control *c, size_t n)
{
	static const char *const one[] = { "day", "day", "week", "month",
	    "quarter", "year", "event" };
	static const char *const many[] = { "days", "days", "weeks",
	    "months", "quarters", "years", "events" };

	if ((unsigned)c->frequency >= ASSURE_ARRAY_LEN(one))
		return "?";
	return n == 1 ? one[c->frequency] : many[c->frequency];
}

static void
criteria_of(const struct control *c, char *out, size_t size)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->ntsc && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i > 0 ? ", " :
		    "", c->tsc[i]->id);
	if (c->ntsc == 0)
		snprintf(out, size, "-");
}

static void
tests_of(const struct control *c, char *out, size_t size)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->ntests && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i > 0 ? ", " :
		    "", c->tests[i]->id);
	if (c->ntests == 0)
		snprintf(out, size, "none: evidenced by documents filed "
		    "against it");
}

static size_t
failing(const struct control_history *h)
{
	size_t i, n = 0;

	for (i = 0; i < h->nexc; i++)
		n += !h->exc[i].warning;
	return n;
}

/* What was found for sampled member m of x. */
static void
finding_of(const struct type2_control *x, const struct cpop_member *m,
    char *out, size_t size)
{
	const struct control_history *h = &x->h;
	size_t i, pass = 0, fail = 0, o;
	const struct hist_unit *u = NULL;

	if (x->pop.events) {
		if (m->nexc == 0) {
			snprintf(out, size, "no exception");
			return;
		}
		o = 0;
		for (i = 0; i < m->nexc && o < size; i++)
			o += (size_t)snprintf(out + o, size - o, "%s%s%s: %s",
			    i > 0 ? "; " : "", m->exc[i].warning ?
			    "warning, " : "", m->exc[i].test_id,
			    m->exc[i].reason);
		return;
	}
	for (i = 0; i < h->nunits; i++)
		if (strcmp(h->units[i].u.label, m->subject) == 0)
			u = &h->units[i];
	if (u == NULL || u->evaluations + u->filed == 0) {
		snprintf(out, size, "no occurrence: nothing evidences this %s",
		    unit_word(x->c, 1));
		return;
	}
	for (i = 0; i < h->nresults; i++) {
		if (h->results[i].as_of < u->u.start ||
		    h->results[i].as_of > u->u.end)
			continue;
		pass += h->results[i].verdict == VERDICT_PASS;
		fail += h->results[i].verdict == VERDICT_FAIL;
	}
	snprintf(out, size, "%zu evaluation%s (%zu pass, %zu fail), %zu "
	    "document%s filed", u->evaluations, u->evaluations == 1 ? "" : "s",
	    pass, fail, u->filed, u->filed == 1 ? "" : "s");
}

static const struct cpop_member *
member(const struct cpop *p, const char *subject)
{
	size_t lo = 0, hi = p->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(p->m[mid].subject, subject);
		if (c == 0)
			return &p->m[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
type2_finding(const struct type2_control *x, const char *subject, char *out,
    size_t size)
{
	const struct cpop_member *m = member(&x->pop, subject);

	if (m != NULL)
		finding_of(x, m, out, size);
	else
		snprintf(out, size, "?");
}

static bool
significant(const struct type2doc *t, const struct inc *x)
{
	return (x->severity == 1 || x->severity == 2) && x->detected != 0 &&
	    x->detected >= t->start && x->detected <= t->end;
}

static void
doc_control(struct doc *d, const struct type2doc *t,
    const struct type2_control *x)
{
	static const char *const exc_cols[] = { "Test", "Subject", "Exception",
	    "First seen", "Last seen", "Evaluations" };
	static const char *const sample_cols[] = { "#", "Subject",
	    "What was found" };
	const struct control *c = x->c;
	const struct control_history *h = &x->h;
	char crit[512], tests[1024], t1[ASSURE_TIME_STRLEN],
	    t2[ASSURE_TIME_STRLEN], found[2048];
	size_t i;

	doc_heading(d, 2, "%s %s", c->id, c->title);
	criteria_of(c, crit, sizeof(crit));
	tests_of(c, tests, sizeof(tests));
	doc_meta_begin(d);
	doc_meta(d, "Owner", "%s", c->owner);
	doc_meta(d, "Frequency", "%s", control_frequency_name(c->frequency));
	doc_meta(d, "Status", "%s", control_status_name(c->status));
	doc_meta(d, "Criteria", "%s", crit);
	doc_meta(d, "Tests", "%s", tests);
	if (x->pop.events)
		doc_meta(d, "Occurrences", "%zu event%s judged by its tests; "
		    "%zu document%s filed", x->pop.n, x->pop.n == 1 ? "" : "s",
		    h->occurrences - (h->verdicts[VERDICT_PASS] +
		    h->verdicts[VERDICT_FAIL]), h->occurrences -
		    (h->verdicts[VERDICT_PASS] + h->verdicts[VERDICT_FAIL]) ==
		    1 ? "" : "s");
	else
		doc_meta(d, "Occurrences", "%zu of %zu %s expected (%zu "
		    "evaluations judged, %zu documents filed)", h->actual,
		    h->nunits, unit_word(c, h->nunits), h->verdicts[
		    VERDICT_PASS] + h->verdicts[VERDICT_FAIL], h->occurrences -
		    (h->verdicts[VERDICT_PASS] + h->verdicts[VERDICT_FAIL]));
	doc_meta(d, "Test results", "%zu pass, %zu fail, %zu no evidence, %zu "
	    "error (recorded evaluations of its tests)", h->verdicts[VERDICT_PASS], h->verdicts[VERDICT_FAIL],
	    h->verdicts[VERDICT_NO_EVIDENCE], h->verdicts[VERDICT_ERROR]);
	doc_meta(d, "Conclusion", "%s", hist_conclusion_text(h->conclusion));
	doc_meta_end(d);

	if (!x->pop.events && h->actual < h->nunits) {
		doc_heading(d, 3, "%s without an occurrence",
		    unit_word(c, 2));
		doc_list_begin(d);
		for (i = 0; i < h->nunits; i++)
			if (h->units[i].evaluations + h->units[i].filed == 0)
				doc_item(d, NULL, "%s", h->units[i].u.label);
		doc_list_end(d);
	}
	doc_heading(d, 3, "Exceptions across the population");
	if (h->nexc == 0)
		doc_para(d, "None recorded in the period.");
	else {
		doc_table_begin(d, NULL, exc_cols, ASSURE_ARRAY_LEN(exc_cols));
		for (i = 0; i < h->nexc; i++) {
			assure_date_format(h->exc[i].first, t1);
			assure_date_format(h->exc[i].last, t2);
			doc_cell(d, "%s", h->exc[i].test_id);
			doc_cell(d, "%s", h->exc[i].subject);
			doc_cell(d, "%s%s", h->exc[i].warning ? "(warning) " :
			    "", h->exc[i].reason);
			doc_cell(d, "%s", t1);
			doc_cell(d, "%s", t2);
			doc_cell(d, "%lld", (long long)h->exc[i].times);
		}
		doc_table_end(d);
	}
	doc_heading(d, 3, "Evidence continuity");
	if (h->ngaps == 0)
		doc_para(d, "The evidence covers the whole period (%zu "
		    "evidence files).", h->nev);
	else {
		doc_para(d, "%zu evidence files; no fresh evidence in:",
		    h->nev);
		doc_list_begin(d);
		for (i = 0; i < h->ngaps; i++) {
			assure_time_format(h->gaps[i].start, t1);
			assure_time_format(h->gaps[i].end, t2);
			doc_item(d, NULL, "%s to %s (%lld days)", t1, t2,
			    (long long)((h->gaps[i].end - h->gaps[i].start +
			    1 + 43200) / 86400));
		}
		doc_list_end(d);
	}
	doc_heading(d, 3, "Sample");
	if (!x->sampled) {
		doc_para(d, "Not drawn: %s.", t->cp_why);
		return;
	}
	doc_para(d, "%zu of %zu (%s), population SHA-256 %s.", x->s.nitems,
	    x->s.n, x->s.whole ? "the whole population" : "drawn",
	    x->s.pop_sha256);
	if (x->s.nitems == 0)
		return;
	doc_table_begin(d, "num", sample_cols, ASSURE_ARRAY_LEN(sample_cols));
	for (i = 0; i < x->s.nitems; i++) {
		const struct cpop_member *m = member(&x->pop,
		    x->s.items[i].subject);

		if (m != NULL)
			finding_of(x, m, found, sizeof(found));
		else
			snprintf(found, sizeof(found), "?");
		doc_cell(d, "%zu", i + 1);
		doc_cell(d, "%s", x->s.items[i].subject);
		doc_cell(d, "%s", found);
	}
	doc_table_end(d);
}

static void
doc_events(struct doc *d, const struct type2doc *t)
{
	static const char *const inc_cols[] = { "Incident", "Severity",
	    "Title", "Detected", "Resolved" };
	static const char *const pol_cols[] = { "Policy", "Approved by",
	    "Approved at", "Text (SHA-256)" };
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	size_t i, n = 0;

	doc_heading(d, 2, "Significant events during the period");
	doc_heading(d, 3, "Incidents of severity 1 and 2");
	for (i = 0; i < t->incidents.n; i++)
		n += significant(t, &t->incidents.v[i]);
	if (n == 0)
		doc_para(d, "None detected in the period.");
	else {
		doc_table_begin(d, NULL, inc_cols, ASSURE_ARRAY_LEN(inc_cols));
		for (i = 0; i < t->incidents.n; i++) {
			const struct inc *x = &t->incidents.v[i];

			if (!significant(t, x))
				continue;
			assure_time_format(x->detected, t1);
			if (x->resolved != 0)
				assure_time_format(x->resolved, t2);
			doc_cell(d, "%s", x->subject);
			doc_cell(d, "%d", x->severity);
			doc_cell(d, "%s", x->title[0] != '\0' ? x->title : "-");
			doc_cell(d, "%s", t1);
			doc_cell(d, "%s", x->resolved != 0 ? t2 : "not resolved");
		}
		doc_table_end(d);
	}
	doc_heading(d, 3, "Policy versions approved");
	for (i = n = 0; i < t->approvals.n; i++)
		n += t->approvals.v[i].at >= t->start &&
		    t->approvals.v[i].at <= t->end;
	if (n == 0) {
		doc_para(d, "None in the period.");
		return;
	}
	doc_table_begin(d, NULL, pol_cols, ASSURE_ARRAY_LEN(pol_cols));
	for (i = 0; i < t->approvals.n; i++) {
		const struct policy_approval_row *a = &t->approvals.v[i];

		if (a->at < t->start || a->at > t->end)
			continue;
		assure_time_format(a->at, t1);
		doc_cell(d, "%s", a->id);
		doc_cell(d, "%s", a->by);
		doc_cell(d, "%s", t1);
		doc_cell(d, "%.16s...", a->sha);
	}
	doc_table_end(d);
}

static void
render_doc(const struct type2doc *t, enum doc_format fmt,
    struct assure_buf *out)
{
	static const char *const sum_cols[] = { "Control", "Frequency",
	    "Occurred / expected", "Population", "Exceptions", "Gaps",
	    "Conclusion" };
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN],
	    hex[ASSURE_SHA256_HEXLEN + 1], sub[512];
	struct doc d;
	size_t i;

	assure_date_format(t->start, t1);
	assure_date_format(t->end, t2);
	snprintf(sub, sizeof(sub), "%s, %s: %s to %s", t->cfg->organisation,
	    t->cfg->system, t1, t2);
	doc_init(&d, fmt, out);
	doc_begin(&d, "Type 2: operating effectiveness of controls", sub);
	doc_meta_begin(&d);
	doc_meta(&d, "Organisation", "%s", t->cfg->organisation);
	doc_meta(&d, "System", "%s", t->cfg->system);
	doc_meta(&d, "Observation period", "%s to %s", t1, t2);
	assure_time_format(t->generated, t1);
	doc_meta(&d, "Generated", "%s", t1);
	doc_meta(&d, "Controls", "%zu: %zu operated effectively, %zu with "
	    "exceptions noted, %zu not evidenced", t->n,
	    t->conclusions[HIST_EFFECTIVE], t->conclusions[HIST_EXCEPTIONS],
	    t->conclusions[HIST_NOT_EVIDENCED]);
	if (t->has_cp) {
		assure_hex(t->cp.root, sizeof(t->cp.root), hex);
		doc_meta(&d, "Samples seeded by", "checkpoint %s of size %llu, "
		    "root %s", t->cp.origin, (unsigned long long)t->cp.size,
		    hex);
	} else
		doc_meta(&d, "Samples", "not drawn: %s", t->cp_why);
	doc_meta_end(&d);
	doc_note(&d, "Occurrences are the recorded evaluations of a "
	    "control's tests that judged something, and the documents filed "
	    "against it, in the unit of its frequency that holds them; "
	    "exceptions are every one its tests recorded over the whole "
	    "population in the period; a gap is a stretch of a day or more "
	    "that no fresh evidence covered.  Each sample is drawn as "
	    "docs/SAMPLING.md describes and can be redone from the "
	    "checkpoint and the population listed in the JSON form of this "
	    "report.");

	doc_heading(&d, 2, "Summary");
	doc_table_begin(&d, NULL, sum_cols, ASSURE_ARRAY_LEN(sum_cols));
	for (i = 0; i < t->n; i++) {
		const struct type2_control *x = &t->v[i];

		doc_cell(&d, "%s %s", x->c->id, x->c->title);
		doc_cell(&d, "%s", control_frequency_name(x->c->frequency));
		if (x->pop.events)
			doc_cell(&d, "%zu event%s", x->pop.n, x->pop.n == 1 ?
			    "" : "s");
		else
			doc_cell(&d, "%zu / %zu", x->h.actual, x->h.nunits);
		doc_cell(&d, "%zu", x->pop.n);
		doc_cell(&d, "%zu", failing(&x->h));
		doc_cell(&d, "%zu", x->h.ngaps);
		doc_cell_class(&d, conclusion_class[x->h.conclusion], "%s",
		    hist_conclusion_text(x->h.conclusion));
	}
	doc_table_end(&d);
	for (i = 0; i < t->n; i++)
		doc_control(&d, t, &t->v[i]);
	doc_events(&d, t);
	doc_end(&d, "Generated by assure " ASSURE_VERSION " from the recorded "
	    "evaluations and the evidence ledger; the JSON form lists every "
	    "population.");
	doc_release(&d);
}

static void
json_control(struct jsonw *w, const struct type2doc *t,
    const struct type2_control *x)
{
	const struct control_history *h = &x->h;
	const struct cpop_member *m;
	char found[2048];
	size_t i, j;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", x->c->id);
	jsonw_kstr(w, "title", x->c->title);
	jsonw_kstr(w, "owner", x->c->owner);
	jsonw_kstr(w, "frequency", control_frequency_name(x->c->frequency));
	jsonw_kstr(w, "status", control_status_name(x->c->status));
	jsonw_key(w, "criteria");
	jsonw_arr_open(w);
	for (i = 0; i < x->c->ntsc; i++)
		jsonw_str(w, x->c->tsc[i]->id);
	jsonw_arr_close(w);
	jsonw_key(w, "tests");
	jsonw_arr_open(w);
	for (i = 0; i < x->c->ntests; i++)
		jsonw_str(w, x->c->tests[i]->id);
	jsonw_arr_close(w);
	jsonw_kint(w, "expected", x->pop.events ? -1 : (long long)h->nunits);
	jsonw_kint(w, "occurred", x->pop.events ? (long long)x->pop.n :
	    (long long)h->actual);
	jsonw_kint(w, "occurrences", (long long)h->occurrences);
	jsonw_key(w, "evaluations");
	jsonw_obj_open(w);
	for (i = 0; i < VERDICT__MAX; i++)
		jsonw_kint(w, verdict_name((enum verdict)i),
		    (long long)h->verdicts[i]);
	jsonw_obj_close(w);
	jsonw_key(w, "units");
	jsonw_arr_open(w);
	for (i = 0; i < h->nunits; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "unit", h->units[i].u.label);
		jsonw_kint(w, "evaluations", (long long)h->units[i].evaluations);
		jsonw_kint(w, "filed", (long long)h->units[i].filed);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "exceptions");
	jsonw_arr_open(w);
	for (i = 0; i < h->nexc; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "test", h->exc[i].test_id);
		jsonw_kstr(w, "subject", h->exc[i].subject);
		jsonw_kstr(w, "reason", h->exc[i].reason);
		jsonw_kbool(w, "warning", h->exc[i].warning);
		jsonw_ktime(w, "first_seen", h->exc[i].first, true);
		jsonw_ktime(w, "last_seen", h->exc[i].last, true);
		jsonw_kint(w, "evaluations", (long long)h->exc[i].times);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "evidence");
	jsonw_arr_open(w);
	for (i = 0; i < h->nev; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "sha256", h->ev[i].sha256);
		jsonw_kstr(w, "kind", h->ev[i].kind);
		jsonw_kstr(w, "source", h->ev[i].source);
		jsonw_ktime(w, "as_of", h->ev[i].as_of, true);
		jsonw_kbool(w, "filed", h->ev[i].filed);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "gaps");
	jsonw_arr_open(w);
	for (i = 0; i < h->ngaps; i++) {
		jsonw_obj_open(w);
		jsonw_ktime(w, "start", h->gaps[i].start, true);
		jsonw_ktime(w, "end", h->gaps[i].end, true);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_kstr(w, "population_kind", x->pop.events ? "events" : "units");
	jsonw_key(w, "population");
	jsonw_arr_open(w);
	for (i = 0; i < x->pop.n; i++) {
		m = &x->pop.m[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "subject", m->subject);
		if (x->pop.events) {
			jsonw_key(w, "exceptions");
			jsonw_arr_open(w);
			for (j = 0; j < m->nexc; j++) {
				jsonw_obj_open(w);
				jsonw_kstr(w, "test", m->exc[j].test_id);
				jsonw_kstr(w, "reason", m->exc[j].reason);
				jsonw_kbool(w, "warning", m->exc[j].warning);
				jsonw_obj_close(w);
			}
			jsonw_arr_close(w);
		} else {
			jsonw_kint(w, "evaluations", (long long)m->evaluations);
			jsonw_kint(w, "filed", (long long)m->filed);
		}
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "sample");
	if (!x->sampled)
		jsonw_null(w);
	else {
		sample_json(w, &x->s, &t->cp);
	}
	jsonw_key(w, "sample_findings");
	jsonw_arr_open(w);
	for (i = 0; x->sampled && i < x->s.nitems; i++) {
		m = member(&x->pop, x->s.items[i].subject);
		if (m != NULL)
			finding_of(x, m, found, sizeof(found));
		jsonw_str(w, m != NULL ? found : "?");
	}
	jsonw_arr_close(w);
	jsonw_kstr(w, "conclusion", hist_conclusion_text(h->conclusion));
	jsonw_obj_close(w);
}

static void
render_json(const struct type2doc *t, struct assure_buf *out)
{
	struct jsonw w;
	size_t i;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "report", "type2");
	jsonw_kstr(&w, "organisation", t->cfg->organisation);
	jsonw_kstr(&w, "system", t->cfg->system);
	jsonw_ktime(&w, "period_start", t->start, true);
	jsonw_ktime(&w, "period_end", t->end, true);
	jsonw_ktime(&w, "generated", t->generated, true);
	jsonw_key(&w, "conclusions");
	jsonw_obj_open(&w);
	for (i = 0; i < HIST_CONCLUSION__MAX; i++)
		jsonw_kint(&w, hist_conclusion_text((enum hist_conclusion)i),
		    (long long)t->conclusions[i]);
	jsonw_obj_close(&w);
	if (!t->has_cp)
		jsonw_kstr(&w, "samples_not_drawn", t->cp_why);
	jsonw_key(&w, "controls");
	jsonw_arr_open(&w);
	for (i = 0; i < t->n; i++)
		json_control(&w, t, &t->v[i]);
	jsonw_arr_close(&w);
	jsonw_key(&w, "incidents");
	jsonw_arr_open(&w);
	for (i = 0; i < t->incidents.n; i++) {
		const struct inc *x = &t->incidents.v[i];

		if (!significant(t, x))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", x->subject);
		jsonw_kint(&w, "severity", x->severity);
		jsonw_kstr(&w, "title", x->title);
		jsonw_ktime(&w, "detected", x->detected, true);
		jsonw_ktime(&w, "resolved", x->resolved, x->resolved != 0);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "policy_approvals");
	jsonw_arr_open(&w);
	for (i = 0; i < t->approvals.n; i++) {
		const struct policy_approval_row *a = &t->approvals.v[i];

		if (a->at < t->start || a->at > t->end)
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "policy", a->id);
		jsonw_kstr(&w, "by", a->by);
		jsonw_ktime(&w, "at", a->at, true);
		jsonw_kstr(&w, "body_sha256", a->sha);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	assure_buf_addc(out, '\n');
}

void
report_type2(const struct type2doc *t, enum doc_format fmt,
    struct assure_buf *out)
{
	if (fmt == DOC_JSON)
		render_json(t, out);
	else
		render_doc(t, fmt, out);
}
