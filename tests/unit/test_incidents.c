/*
 * test_incidents.c: incidents.yaml (located errors) and the incident
 * tests over PagerDuty or Jira rows merged with the register: escalation
 * in time, late, missing and still pending; customer notification;
 * post-mortems ingested, late or missing; tabletop exercises.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/timeutil.h"
#include "rules/rules.h"
#include "workspace/incidents.h"
#include "workspace/workspace.h"

struct fixture {
	struct workspace	*ws;
	char			*dir;
	struct incidents	 reg;
	struct test_result	 res;
	int64_t			 ev;
};

static int64_t
t_(const char *s)
{
	int64_t t = 0;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static void
parse_fails(const char *yaml, const char *expect)
{
	struct incidents in;
	struct assure_diag d;
	char msg[1024];

	assure_diag_clear(&d);
	assert_int_not_equal(incidents_parse(yaml, strlen(yaml),
	    "incidents.yaml", &in, &d), ASSURE_OK);
	assure_diag_format(&d, msg, sizeof(msg));
	if (strstr(msg, expect) == NULL)
		fail_msg("expected '%s' in '%s'", expect, msg);
}

static void
test_parse(void **state)
{
	(void)state;
	parse_fails("incidents:\n  - { id: I-1, severity: 7, detected_at: "
	    "2026-01-01 }\n", "incidents.yaml:2:26: severity: expected 1");
	parse_fails("incidents:\n  - { id: I-1, source: servicenow:1 }\n",
	    "source: expected jira:KEY or pagerduty:ID");
	parse_fails("incidents:\n  - { id: I-1, severity: 1 }\n",
	    "needs its severity and detected_at");
	parse_fails("incidents:\n  - { id: I-1, severity: 1, detected_at: "
	    "2026-01-02, resolved_at: 2026-01-01 }\n", "resolved before");
	parse_fails("incidents:\n  - { id: I-1, source: jira:A-1 }\n"
	    "  - { id: I-1, source: jira:A-2 }\n", "listed twice");
	parse_fails("incidents:\n  - { id: I-1, source: jira:A-1, "
	    "postmortem: abc }\n", "postmortem: expected the digest");
	parse_fails("tabletops:\n  - { date: 2026-01-01 }\n",
	    "needs date, scenario and evidence");
	parse_fails("incident:\n", "unknown key");
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct store_val p[10];
	char hex[65];

	f->ws = tu_workspace_new("Incident Test", &f->dir);
	f->ws->cfg.period_start = t_("2026-01-01T00:00:00Z");
	f->ws->cfg.period_end = t_("2026-12-31T23:59:59Z");
	snprintf(hex, sizeof(hex), "%064d", 1);
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV("pagerduty-incidents");
	p[2] = STORE_INTV(1);
	p[3] = STORE_TEXTV("fixture");
	p[4] = STORE_INTV(t_("2026-06-01T00:00:00Z"));
	p[5] = STORE_INTV(t_("2026-06-01T00:00:00Z"));
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &f->ev, NULL, NULL), ASSURE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	result_release(&f->res);
	incidents_release(&f->reg);
	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

/* A PagerDuty incident: detected, acknowledged, resolved (NULL: none). */
static void
pd(struct fixture *f, int idx, const char *key, const char *sev,
    const char *det, const char *ack, const char *res)
{
	struct store_val p[17];
	size_t i;

	for (i = 0; i < 17; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(f->ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV("pagerduty");
	p[4] = STORE_TEXTV(key);
	p[7] = STORE_TEXTV(sev);
	p[9] = STORE_INTV(t_(det));
	p[10] = STORE_INTV(t_(det));
	if (ack != NULL)
		p[11] = STORE_INTV(t_(ack));
	if (res != NULL)
		p[13] = STORE_INTV(t_(res));
	assert_int_equal(store_exec(f->ws->store, STMT_INCIDENT_INSERT, p, 17,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
declare(struct fixture *f, const char *yaml)
{
	struct assure_diag d;

	incidents_release(&f->reg);
	if (incidents_parse(yaml, strlen(yaml), "incidents.yaml", &f->reg,
	    &d) != ASSURE_OK)
		fail_msg("incidents.yaml: %s", d.msg);
	f->ws->cfg.incidents = &f->reg;
}

static const struct test_result *
run(struct fixture *f, const char *id, const char *as_of)
{
	const struct test_def *t = test_find(id);
	struct test_ctx ctx;
	struct assure_diag d;

	assert_non_null(t);
	result_release(&f->res);
	memset(&ctx, 0, sizeof(ctx));
	ctx.store = f->ws->store;
	ctx.cfg = &f->ws->cfg;
	ctx.as_of = t_(as_of);
	assert_int_equal(t->run(&ctx, &f->res, &d), ASSURE_OK);
	/* Again without and with its members (rules.h). */
	tu_check_test_members(t, &ctx);
	return &f->res;
}

static bool
has(const struct test_result *r, const char *subject, const char *s)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (strcmp(r->exc[i].subject, subject) == 0 &&
		    strstr(r->exc[i].reason, s) != NULL)
			return true;
	return false;
}

static void
test_escalation(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	r = run(f, "incident.escalation", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	pd(f, 0, "P1OK", "1", "2026-03-01T10:00:00Z", "2026-03-01T10:20:00Z",
	    "2026-03-01T12:00:00Z");
	pd(f, 1, "P1LATE", "1", "2026-03-02T10:00:00Z",
	    "2026-03-02T11:10:00Z", NULL);
	pd(f, 2, "P2NONE", "2", "2026-03-03T10:00:00Z", NULL, NULL);
	pd(f, 3, "P3", "3", "2026-03-04T10:00:00Z", NULL, NULL);
	pd(f, 4, "P2OLD", "2", "2025-12-04T10:00:00Z", NULL, NULL);
	r = run(f, "incident.escalation", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	assert_true(has(r, "pagerduty:P1LATE", "escalated 70m later, more "
	    "than 30m"));
	assert_true(has(r, "pagerduty:P2NONE", "no escalation recorded "
	    "(limit 4h)"));
	/* The register names the escalation PagerDuty did not record. */
	declare(f, "incidents:\n  - { id: INC-7, source: pagerduty:P2NONE,"
	    " escalated_at: 2026-03-03T11:00:00Z }\n");
	r = run(f, "incident.escalation", "2026-06-30T00:00:00Z");
	assert_int_equal(r->nexc, 1);
	/* Still within its limit: not yet an exception. */
	pd(f, 5, "P1NOW", "1", "2026-06-29T23:50:00Z", NULL, NULL);
	r = run(f, "incident.escalation", "2026-06-30T00:00:00Z");
	assert_int_equal(r->nexc, 1);
	assert_int_equal(r->population, 4);
}

static void
test_notification_postmortem(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	pd(f, 0, "PA", "1", "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z",
	    "2026-03-01T14:00:00Z");
	pd(f, 1, "PB", "2", "2026-04-01T10:00:00Z", "2026-04-01T10:05:00Z",
	    "2026-04-02T10:00:00Z");
	declare(f, "incidents:\n"
	    "  - { id: INC-A, source: pagerduty:PA, data_involved: true,\n"
	    "      customers_notified_at: 2026-03-05T10:00:00Z,\n"
	    "      postmortem: https://wiki/pm-a, postmortem_at: 2026-03-06 }\n"
	    "  - { id: INC-B, source: pagerduty:PB, data_involved: true,\n"
	    "      customers_notified_at: 2026-04-02T09:00:00Z,\n"
	    "      postmortem: \"sha256:"
	    "1111111111111111111111111111111111111111111111111111111111111111"
	    "\", postmortem_at: 2026-04-08 }\n"
	    "  - { id: INC-C, severity: 2, detected_at: 2026-05-01T08:00:00Z,\n"
	    "      resolved_at: 2026-05-01T09:00:00Z, data_involved: false }\n"
	    "tabletops:\n"
	    "  - { date: 2025-05-01, scenario: Ransomware, evidence: \"sha256:"
	    "2222222222222222222222222222222222222222222222222222222222222222"
	    "\" }\n");
	r = run(f, "incident.customer_notification", "2026-06-30T00:00:00Z");
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has(r, "INC-A", "customers notified 4d later, more than "
	    "3d"));
	r = run(f, "incident.postmortem", "2026-06-30T00:00:00Z");
	assert_int_equal(r->population, 3);
	/* INC-B's document was never ingested; INC-C has none. */
	assert_true(has(r, "INC-B", "no post-mortem ingested"));
	assert_true(has(r, "INC-C", "no post-mortem"));
	assert_int_equal(r->nexc, 2);
	r = run(f, "incident.tabletop", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has(r, "tabletop exercise", "the newest was on "
	    "2025-05-01"));
	r = run(f, "incident.tabletop", "2026-04-01T00:00:00Z");
	assert_true(has(r, "tabletop exercise", "is not an ingested file"));
	f->ws->cfg.incidents = NULL;
	r = run(f, "incident.tabletop", "2026-04-01T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test_setup_teardown(test_escalation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_notification_postmortem,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
