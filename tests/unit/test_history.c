/*
 * test_history.c: a control's history over a period (src/period/
 * history.c): occurrences by unit from recorded evaluations and from
 * evidence filed against the control, units without one, exceptions with
 * the first and last evaluation that saw them, continuity gaps from the
 * evidence's freshness, and the conclusion.
 *
 * The fixture is a monthly control evidenced by iam.aws_root over
 * January to June 2026: credential reports on the 15th of January,
 * February, May and June, none in March or April, and an evaluation
 * recorded at each month's end.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "controls/controls.h"
#include "period/history.h"
#include "rules/rules.h"
#include "workspace/workspace.h"

#define DAY	86400

struct fixture {
	char			*dir;
	struct workspace	*ws;
	int			 seq;
	const struct test_def	*tests[1];
	struct control		 control;
};

static int64_t
t_(const char *s)
{
	int64_t t;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ws = tu_workspace_new("Test Org", &f->dir);
	f->ws->cfg.freshness = 35 * DAY;
	f->tests[0] = test_find("iam.aws_root");
	assert_non_null(f->tests[0]);
	f->control.id = "AC-09";
	f->control.title = "Root account locked down";
	f->control.owner = "Head of Platform";
	f->control.frequency = CONTROL_MONTHLY;
	f->control.tests = f->tests;
	f->control.ntests = 1;
	f->control.source = "controls/ac-09.yaml";
	f->control.line = 1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

static int64_t
evidence(struct fixture *f, const char *kind, int64_t as_of, bool period,
    int64_t start)
{
	struct store_val p[10];
	char hex[65];
	int64_t id = 0;

	snprintf(hex, sizeof(hex), "%064d", ++f->seq);
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV(kind);
	p[2] = STORE_INTV(100);
	p[3] = STORE_TEXTV("fixture.csv");
	p[4] = STORE_INTV(as_of);
	p[5] = STORE_INTV(as_of);
	p[6] = STORE_TEXTV("given");
	p[7] = period ? STORE_INTV(start) : STORE_NULLV;
	p[8] = period ? STORE_INTV(as_of) : STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	return id;
}

/* A credential report of one account: the root, with an active key when
 * leaky. */
static void
report(struct fixture *f, const char *when, bool leaky)
{
	struct store_val p[28];
	int64_t id = evidence(f, "aws-iam-credential-report", t_(when), false,
	    0);
	size_t k = 0;

	p[0] = STORE_INTV(id);
	p[1] = STORE_TEXTV("aws");
	p[2] = STORE_TEXTV("123456789012");
	assert_int_equal(store_exec(f->ws->store, STMT_CRED_REPORT_INSERT, p,
	    3, NULL, NULL, NULL), ASSURE_OK);
	p[k++] = STORE_INTV(id);
	p[k++] = STORE_INTV(0);
	p[k++] = STORE_INTV(2);
	p[k++] = STORE_TEXTV("aws");
	p[k++] = STORE_TEXTV("123456789012");
	p[k++] = STORE_TEXTV("<root_account>");
	p[k++] = STORE_TEXTV("arn:aws:iam::123456789012:root");
	p[k++] = STORE_INTV(1);
	p[k++] = STORE_INTV(t_(when) - 400 * DAY);
	p[k++] = STORE_NULLV;
	p[k++] = STORE_NULLV;
	p[k++] = STORE_NULLV;
	p[k++] = STORE_NULLV;
	p[k++] = STORE_INTV(1);			/* mfa_active */
	p[k++] = STORE_INTV(leaky ? 1 : 0);	/* access key 1 active */
	while (k < 28)
		p[k++] = STORE_NULLV;
	p[19] = STORE_INTV(0);			/* access key 2 active */
	assert_int_equal(store_exec(f->ws->store, STMT_CRED_INSERT, p, 28,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
evaluate(struct fixture *f, const char *when)
{
	struct evaluation ev;
	struct assure_diag d;

	assert_int_equal(evaluation_run(f->ws->store, &f->ws->cfg, t_(when),
	    &ev, &d), ASSURE_OK);
	assert_int_equal(evaluation_record(f->ws->store, f->ws->ledger, &ev,
	    &d), ASSURE_OK);
	evaluation_release(&ev);
}

static void
history(struct fixture *f, struct control_history *h)
{
	struct assure_diag d;

	assert_int_equal(control_history_load(f->ws->store, &f->ws->cfg,
	    &f->control, t_("2026-01-01T00:00:00Z"),
	    t_("2026-06-30T23:59:59Z"), h, &d), ASSURE_OK);
}

static void
fill(struct fixture *f)
{
	static const char *const ends[] = { "2026-01-31T23:59:59Z",
	    "2026-02-28T23:59:59Z", "2026-03-31T23:59:59Z",
	    "2026-04-30T23:59:59Z", "2026-05-31T23:59:59Z",
	    "2026-06-30T23:59:59Z" };
	size_t i;

	report(f, "2026-01-15T09:00:00Z", false);
	report(f, "2026-02-15T09:00:00Z", false);
	report(f, "2026-05-15T09:00:00Z", false);
	report(f, "2026-06-15T09:00:00Z", true);
	for (i = 0; i < ASSURE_ARRAY_LEN(ends); i++)
		evaluate(f, ends[i]);
	/* Outside the period: not counted. */
	evaluate(f, "2026-07-31T23:59:59Z");
}

static void
test_empty(void **state)
{
	struct fixture *f = *state;
	struct control_history h;

	history(f, &h);
	assert_int_equal(h.nunits, 6);
	assert_int_equal(h.actual, 0);
	assert_int_equal(h.occurrences, 0);
	assert_int_equal(h.ngaps, 1);
	assert_int_equal(h.gaps[0].start, h.start);
	assert_int_equal(h.gaps[0].end, h.end);
	assert_int_equal(h.conclusion, HIST_NOT_EVIDENCED);
	assert_string_equal(hist_conclusion_text(h.conclusion),
	    "not evidenced");
	control_history_release(&h);
}

static void
test_months_and_gaps(void **state)
{
	struct fixture *f = *state;
	struct control_history h;
	size_t i;

	fill(f);
	history(f, &h);
	assert_int_equal(h.nresults, 6);
	assert_int_equal(h.verdicts[VERDICT_PASS], 3);
	assert_int_equal(h.verdicts[VERDICT_FAIL], 1);
	assert_int_equal(h.verdicts[VERDICT_NO_EVIDENCE], 2);
	/* March and April had no fresh evidence: not occurrences. */
	assert_int_equal(h.occurrences, 4);
	assert_int_equal(h.actual, 4);
	assert_string_equal(h.units[2].u.label, "2026-03");
	assert_int_equal(h.units[2].evaluations, 0);
	assert_int_equal(h.units[3].evaluations, 0);
	assert_int_equal(h.units[5].evaluations, 1);
	/* The leaked key of June, seen once, at June's end. */
	assert_int_equal(h.nexc, 1);
	assert_int_equal(h.exc[0].first, t_("2026-06-30T23:59:59Z"));
	assert_int_equal(h.exc[0].times, 1);
	assert_false(h.exc[0].warning);
	/* Four reports used, each fresh for 38 days (a month and a week). */
	assert_int_equal(h.nev, 4);
	for (i = 1; i < h.nev; i++)
		assert_true(h.ev[i - 1].as_of <= h.ev[i].as_of);
	assert_int_equal(h.ngaps, 2);
	assert_int_equal(h.gaps[0].start, t_("2026-01-01T00:00:00Z"));
	assert_int_equal(h.gaps[0].end, t_("2026-01-15T08:59:59Z"));
	assert_int_equal(h.gaps[1].start, t_("2026-03-25T09:00:01Z"));
	assert_int_equal(h.gaps[1].end, t_("2026-05-15T08:59:59Z"));
	assert_int_equal(h.conclusion, HIST_EXCEPTIONS);
	control_history_release(&h);
}

static void
test_filed_evidence(void **state)
{
	struct fixture *f = *state;
	struct control_history h;
	struct store_val p[4];
	int64_t id;

	fill(f);
	/* April's restore test, filed against the control for April. */
	id = evidence(f, "document", t_("2026-04-30T23:59:59Z"), true,
	    t_("2026-04-01T00:00:00Z"));
	p[0] = STORE_INTV(id);
	p[1] = STORE_TEXTV("AC-09");
	p[2] = STORE_INTV(t_("2026-05-02T10:00:00Z"));
	p[3] = STORE_TEXTV("cli:test");
	assert_int_equal(store_exec(f->ws->store, STMT_EVCONTROL_INSERT, p, 4,
	    NULL, NULL, NULL), ASSURE_OK);
	/* Filed against another control: not this one's. */
	p[1] = STORE_TEXTV("AC-01");
	assert_int_equal(store_exec(f->ws->store, STMT_EVCONTROL_INSERT, p, 4,
	    NULL, NULL, NULL), ASSURE_OK);
	history(f, &h);
	assert_int_equal(h.occurrences, 5);
	assert_int_equal(h.actual, 5);
	assert_int_equal(h.units[3].filed, 1);
	assert_int_equal(h.nev, 5);
	assert_true(h.ev[2].filed);
	assert_true(h.ev[2].has_period);
	/* Covered from April 1: the gap shrinks to the last days of March. */
	assert_int_equal(h.ngaps, 2);
	assert_int_equal(h.gaps[1].start, t_("2026-03-25T09:00:01Z"));
	assert_int_equal(h.gaps[1].end, t_("2026-03-31T23:59:59Z"));
	control_history_release(&h);
}

static void
test_quarterly_effective(void **state)
{
	struct fixture *f = *state;
	struct control_history h;
	struct assure_diag d;

	/* A clean report each month, evaluated at each quarter's end. */
	report(f, "2026-01-10T09:00:00Z", false);
	report(f, "2026-02-10T09:00:00Z", false);
	report(f, "2026-03-10T09:00:00Z", false);
	report(f, "2026-04-10T09:00:00Z", false);
	report(f, "2026-05-10T09:00:00Z", false);
	report(f, "2026-06-10T09:00:00Z", false);
	evaluate(f, "2026-03-31T23:59:59Z");
	evaluate(f, "2026-06-30T23:59:59Z");
	f->control.frequency = CONTROL_QUARTERLY;
	assert_int_equal(control_history_load(f->ws->store, &f->ws->cfg,
	    &f->control, t_("2026-01-01T00:00:00Z"),
	    t_("2026-06-30T23:59:59Z"), &h, &d), ASSURE_OK);
	assert_int_equal(h.nunits, 2);
	assert_int_equal(h.actual, 2);
	/* Only the March report is used before April: January and
	 * February are not covered by anything the evaluations used.  The
	 * gap is listed, but each quarter had its occurrence. */
	assert_int_equal(h.nev, 2);
	assert_int_equal(h.ngaps, 1);
	assert_int_equal(h.gaps[0].end, t_("2026-03-10T08:59:59Z"));
	assert_int_equal(h.conclusion, HIST_EFFECTIVE);
	control_history_release(&h);
	/* A monthly evaluation uses every report: no gap, effective. */
	evaluate(f, "2026-01-31T23:59:59Z");
	evaluate(f, "2026-02-28T23:59:59Z");
	report(f, "2025-12-28T09:00:00Z", false);
	evaluate(f, "2026-01-01T00:00:00Z");
	assert_int_equal(control_history_load(f->ws->store, &f->ws->cfg,
	    &f->control, t_("2026-01-01T00:00:00Z"),
	    t_("2026-06-30T23:59:59Z"), &h, &d), ASSURE_OK);
	assert_int_equal(h.ngaps, 0);
	assert_int_equal(h.nexc, 0);
	assert_int_equal(h.conclusion, HIST_EFFECTIVE);
	assert_string_equal(hist_conclusion_text(h.conclusion),
	    "operated effectively");
	control_history_release(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_months_and_gaps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_filed_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quarterly_effective,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
