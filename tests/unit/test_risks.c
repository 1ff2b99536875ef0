/*
 * test_risks.c: risks.yaml (located errors of every kind) and the risk
 * tests: an assessment current or stale, fraud considered or not, risks
 * never or long ago reviewed, and treatments above the appetite linked to
 * existing controls, to unknown ones, or accepted.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "catalog/catalog.h"
#include "common/timeutil.h"
#include "controls/controls.h"
#include "rules/rules.h"
#include "workspace/config.h"
#include "workspace/risks.h"

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
	struct risks rs;
	struct assure_diag d;
	char msg[1024];

	assure_diag_clear(&d);
	assert_int_not_equal(risks_parse(yaml, strlen(yaml), "risks.yaml",
	    &rs, &d), ASSURE_OK);
	assure_diag_format(&d, msg, sizeof(msg));
	if (strstr(msg, expect) == NULL)
		fail_msg("expected '%s' in '%s'", expect, msg);
}

static const char good[] =
    "assessed_at: 2026-01-20\n"
    "assessed_by: maria@acme.com\n"
    "risks:\n"
    "  - { id: R-1, description: Payroll fraud by an administrator,\n"
    "      category: fraud, likelihood: 2, impact: 5,\n"
    "      residual_likelihood: 1, residual_impact: 4,\n"
    "      treatment: mitigate, controls: [ACC-01],\n"
    "      owner: maria@acme.com, last_reviewed: 2026-01-20 }\n"
    "  - { id: R-2, description: Region outage, category: availability,\n"
    "      likelihood: 3, impact: 4, treatment: mitigate,\n"
    "      controls: [AV-01, AV-09], owner: tom@acme.com,\n"
    "      last_reviewed: 2026-01-20 }\n"
    "  - { id: R-3, description: Vendor breach, category: vendor,\n"
    "      likelihood: 3, impact: 4, treatment: accept,\n"
    "      accepted_by: ceo@acme.com, owner: tom@acme.com,\n"
    "      last_reviewed: 2025-01-02 }\n"
    "  - { id: R-4, description: Laptop theft, category: security,\n"
    "      likelihood: 2, impact: 2, owner: tom@acme.com }\n";

static void
test_parse(void **state)
{
	struct risks rs;
	struct assure_diag d;

	(void)state;
	assert_int_equal(risks_parse(good, strlen(good), "risks.yaml", &rs,
	    &d), ASSURE_OK);
	assert_int_equal(rs.n, 4);
	assert_int_equal(risk_inherent(&rs.r[0]), 10);
	assert_int_equal(risk_residual(&rs.r[0]), 4);
	assert_int_equal(risk_residual(&rs.r[1]), 12);
	assert_int_equal(rs.r[1].ncontrols, 2);
	assert_int_equal(rs.r[2].treatment, RISK_ACCEPT);
	assert_int_equal(rs.r[3].last_reviewed, 0);
	risks_release(&rs);

	parse_fails("risks:\n  - { id: R-1, description: x, category: "
	    "fraud, likelihood: 6, impact: 1, owner: o }\n",
	    "risks.yaml:2:");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1, "
	    "description: x, category: fraud, likelihood: 6, impact: 1, "
	    "owner: o }\n", "likelihood: expected 1 to 5, got '6'");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1, "
	    "description: x, category: theft, likelihood: 1, impact: 1, "
	    "owner: o }\n", "category: expected security");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1, "
	    "description: x, category: fraud, likelihood: 1, impact: 1, "
	    "owner: o, treatment: ignore }\n", "treatment: expected accept");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1, "
	    "description: x, category: fraud, likelihood: 1, impact: 1, "
	    "owner: o, treatment: accept }\n", "accepted_by");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1, "
	    "description: x, category: fraud, likelihood: 1, impact: 1, "
	    "owner: o }\n  - { id: R-1, description: y, category: fraud, "
	    "likelihood: 1, impact: 1, owner: o }\n",
	    "risks.yaml:4:5: id: 'R-1' is listed twice (first at line 3)");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1, "
	    "description: x, category: fraud, likelihood: 1, impact: 1, "
	    "owner: o, residual_impact: 2 }\n", "give both");
	parse_fails("assessed_at: 2026-13-01\n", "assessed_at: expected a "
	    "date");
	parse_fails("assessed: 2026-01-01\n", "unknown key");
	parse_fails("assessed_at: 2026-01-01\nrisks:\n  - { id: R-1 }\n",
	    "each risk needs");
}

struct fixture {
	struct config		cfg;
	struct risks		rs;
	struct control_set	set;
	struct test_result	res;
};

static const struct test_result *
run(struct fixture *f, const char *id, const char *as_of)
{
	const struct test_def *t = test_find(id);
	struct test_ctx ctx;
	struct assure_diag d;

	assert_non_null(t);
	result_release(&f->res);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &f->cfg;
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

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const struct assure_catalog *cat;
	struct assure_diag d;
	static const char *const controls[] = {
	    "id: ACC-01\ntitle: Access reviews\nowner: o\n"
	    "frequency: quarterly\nstatus: implemented\ntsc: [CC6.2]\n",
	    "id: AV-01\ntitle: Backups\nowner: o\nfrequency: daily\n"
	    "status: implemented\ntsc: [A1.2]\n",
	};
	size_t i;

	config_defaults(&f->cfg);
	assert_int_equal(risks_parse(good, strlen(good), "risks.yaml", &f->rs,
	    &d), ASSURE_OK);
	assert_int_equal(assure_catalog_get(&cat, &d), ASSURE_OK);
	control_set_init(&f->set);
	for (i = 0; i < 2; i++)
		if (controls_parse(&f->set, controls[i], strlen(controls[i]),
		    "controls/c.yaml", cat, &d) != ASSURE_OK)
			fail_msg("controls: %s", d.msg);
	f->cfg.risks = &f->rs;
	f->cfg.controls = &f->set;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	result_release(&f->res);
	risks_release(&f->rs);
	control_set_release(&f->set);
	free(f);
	return 0;
}

static void
test_assessment_current(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	r = run(f, "risk.assessment_current", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 4);
	assert_true(has(r, "risk R-3", "last reviewed on 2025-01-02, more "
	    "than 365 days ago"));
	assert_true(has(r, "risk R-4", "never reviewed"));
	assert_int_equal(r->nexc, 2);
	/* A year later the assessment itself is stale. */
	r = run(f, "risk.assessment_current", "2027-02-01T00:00:00Z");
	assert_true(has(r, "risk assessment", "last made on 2026-01-20"));
	/* Before it was made: no assessment yet. */
	r = run(f, "risk.assessment_current", "2025-12-01T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	/* Without a fraud risk. */
	f->rs.r[0].category = "security";
	r = run(f, "risk.assessment_current", "2026-06-30T00:00:00Z");
	assert_true(has(r, "risk assessment", "does not consider fraud"));
	f->cfg.risks = NULL;
	r = run(f, "risk.assessment_current", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
}

static void
test_treatment_linked(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	/* Appetite 9: R-2 (12) and R-3 (12, accepted) are above it. */
	f->cfg.risk.appetite = 9;
	r = run(f, "risk.treatment_linked", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has(r, "risk R-2", "linked to AV-09, which is no "
	    "control"));
	/*
	 * Appetite 3: R-1 (4, linked to ACC-01, which exists) and R-4 (4,
	 * no control) join.
	 */
	f->cfg.risk.appetite = 3;
	r = run(f, "risk.treatment_linked", "2026-06-30T00:00:00Z");
	assert_int_equal(r->population, 4);
	assert_int_equal(r->nexc, 2);
	assert_true(has(r, "risk R-4", "by no existing control"));
	/* No control at all. */
	f->rs.r[1].ncontrols = 0;
	r = run(f, "risk.treatment_linked", "2026-06-30T00:00:00Z");
	assert_true(has(r, "risk R-2", "treated (mitigate) by no existing "
	    "control"));
	/* Controls not loaded: nothing to judge against. */
	f->cfg.controls = NULL;
	r = run(f, "risk.treatment_linked", "2026-06-30T00:00:00Z");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test_setup_teardown(test_assessment_current, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_treatment_linked, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
