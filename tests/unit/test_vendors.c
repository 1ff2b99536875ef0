/*
 * test_vendors.c: vendors.yaml (workspace/vendors.h) and the four vendor
 * tests over it (rules/tests_vendor.c): a full entry read back, every
 * located error (unknown keys, dates, tier, opinion, subservice, a period
 * that ends before it starts, a bridge letter before the period, a vendor
 * named twice, missing fields), no register, current assurance (a bridge
 * letter extending coverage, and lapsing, an expired ISO certificate,
 * qualified and adverse opinions, a report not yet out), DPAs and BAAs
 * (signed after the instant, missing for health data), the review
 * cadence by tier and review_every, and CSOCs mapped to controls.
 *
 * CONTROL: tsc:CC9.2
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "controls/controls.h"
#include "rules/rules.h"
#include "workspace/vendors.h"

#define DAY	86400

static int64_t
t_(const char *s)
{
	int64_t t = 0;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static void
parse_ok(const char *text, struct vendors *v)
{
	struct assure_diag d;
	char msg[2048];

	assure_diag_clear(&d);
	if (vendors_parse(text, strlen(text), "vendors.yaml", v, &d) !=
	    ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("vendors.yaml does not parse: %s", msg);
	}
}

static void
expect_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	struct assure_diag d;
	struct vendors v;
	char msg[2048];

	memset(&v, 0, sizeof(v));
	assure_diag_clear(&d);
	assert_int_equal(vendors_parse(text, strlen(text), "vendors.yaml",
	    &v, &d), ASSURE_ERR_PARSE);
	assert_null(v.v);
	assure_diag_format(&d, msg, sizeof(msg));
	if (line != d.line || col != d.column ||
	    strstr(msg, needle) == NULL ||
	    (field != NULL && strcmp(d.field, field) != 0))
		fail_msg("got '%s' (line %lu col %lu field %s)", msg, d.line,
		    d.column, d.field);
	assert_string_equal(d.source, "vendors.yaml");
}

static const char full[] =
    "vendors:\n"
    "  - name: Amazon Web Services\n"
    "    service: Hosting (EKS, Aurora, S3, KMS)\n"
    "    tier: critical\n"
    "    data: [{ class: confidential, personal: true },\n"
    "           { class: clinical, health: true }]\n"
    "    subservice: carve-out\n"
    "    assurance:\n"
    "      soc2: { type: 2, period_start: 2024-10-01,\n"
    "              period_end: 2025-09-30, opinion: unqualified,\n"
    "              bridge_until: 2026-03-31 }\n"
    "      iso27001: { certificate: \"IS 123\", expires: 2027-01-31 }\n"
    "    dpa_signed: 2023-04-12\n"
    "    baa_signed: null\n"
    "    last_review: 2026-02-10\n"
    "    csocs:\n"
    "      - { description: \"Customers restrict IAM access\",\n"
    "          control: ACC-01 }\n"
    "  - { name: Slack, service: Chat, tier: low, subservice: no,\n"
    "      review_every: 180d, last_review: ~ }\n";

static void
test_parse_full(void **state)
{
	struct vendors v;
	const struct vendor *e;

	(void)state;
	parse_ok(full, &v);
	assert_true(v.present);
	assert_int_equal(v.n, 2);
	e = &v.v[0];
	assert_string_equal(e->name, "Amazon Web Services");
	assert_string_equal(e->service, "Hosting (EKS, Aurora, S3, KMS)");
	assert_int_equal(e->tier, VENDOR_CRITICAL);
	assert_int_equal(e->subservice, VENDOR_SUBSERVICE_CARVE_OUT);
	assert_int_equal(e->ndata, 2);
	assert_string_equal(e->data[0].cls, "confidential");
	assert_true(e->data[0].personal);
	assert_false(e->data[0].health);
	/* Health data is personal data. */
	assert_true(e->data[1].personal);
	assert_true(e->personal && e->health);
	assert_true(e->soc2.have);
	assert_int_equal(e->soc2.type, 2);
	assert_int_equal(e->soc2.start, t_("2024-10-01"));
	assert_int_equal(e->soc2.end, t_("2025-09-30") + DAY - 1);
	assert_int_equal(e->soc2.opinion, VENDOR_UNQUALIFIED);
	assert_true(e->soc2.bridged);
	assert_int_equal(e->soc2.bridge_until, t_("2026-03-31") + DAY - 1);
	assert_true(e->iso.have);
	assert_string_equal(e->iso.certificate, "IS 123");
	assert_true(e->dpa);
	assert_int_equal(e->dpa_signed, t_("2023-04-12"));
	assert_false(e->baa);
	assert_true(e->reviewed);
	assert_int_equal(e->review_every, VENDOR_REVIEW_CRITICAL);
	assert_int_equal(e->ncsocs, 1);
	assert_string_equal(e->csocs[0].control, "ACC-01");
	assert_int_equal(e->csocs[0].line, 17);
	assert_int_equal(e->line, 2);
	e = &v.v[1];
	assert_int_equal(e->tier, VENDOR_LOW);
	assert_int_equal(e->subservice, VENDOR_SUBSERVICE_NO);
	assert_int_equal(e->review_every, 180 * DAY);
	assert_false(e->reviewed);
	assert_false(e->soc2.have || e->iso.have || e->personal);
	vendors_release(&v);
	/* An empty file and an empty list: a register with no vendor. */
	parse_ok("", &v);
	assert_true(v.present);
	assert_int_equal(v.n, 0);
	vendors_release(&v);
	parse_ok("vendors: []\n", &v);
	assert_true(v.present && v.n == 0);
	vendors_release(&v);
}

#define V	"vendors:\n  - name: Acme\n    service: Mail\n"

static void
test_located_errors(void **state)
{
	(void)state;
	expect_error(V "    tier: high\n    colour: blue\n", 5, 5, NULL,
	    "unknown key");
	expect_error("vendor: []\n", 1, 1, NULL, "unknown key");
	expect_error(V "    tier: urgent\n", 4, 11, "tier",
	    "critical, high, medium or low");
	expect_error(V "    tier: high\n    dpa_signed: 2023-13-40\n", 5, 17,
	    "dpa_signed", "expected a date");
	expect_error(V "    tier: high\n    last_review: soon\n", 5, 18,
	    "last_review", "expected a date");
	expect_error(V "    tier: high\n    subservice: partial\n", 5, 17,
	    "subservice", "no, inclusive or carve-out");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      soc2: { type: 2, period_start: 2025-10-01,\n"
	    "              period_end: 2025-09-30, opinion: unqualified }\n",
	    7, 27, "assurance.soc2.period_end", "ends before it starts");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      soc2: { type: 2, period_start: 2024-10-01,\n"
	    "              period_end: 2025-09-30, opinion: glowing }\n",
	    7, 48, "assurance.soc2.opinion",
	    "unqualified, qualified, adverse or disclaimer");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      soc2: { type: 3, period_start: 2024-10-01,\n"
	    "              period_end: 2025-09-30, opinion: qualified }\n",
	    6, 21, "assurance.soc2.type", "1 or 2");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      soc2: { type: 2, period_start: 2024-10-01,\n"
	    "              period_end: 2025-09-30, opinion: qualified,\n"
	    "              bridge_until: 2025-06-30 }\n",
	    8, 29, "assurance.soc2.bridge_until", "bridge letter ends");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      soc2: { type: 2, period_end: 2025-09-30 }\n",
	    6, 13, "assurance.soc2", "needs type, period_start");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      soc2: { type: 2, period_start: 2024-10-01,\n"
	    "              period_end: 2025-09-30, opinion: qualified,\n"
	    "              scope: all }\n", 8, 15, NULL, "unknown key");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      iso27001: { certificate: X, expires: 2027-02-30 }\n",
	    6, 44, "assurance.iso27001.expires", "expected a date");
	expect_error(V "    tier: high\n    assurance:\n"
	    "      iso27001: { certificate: X }\n", 6, 17,
	    "assurance.iso27001", "needs certificate and expires");
	expect_error(V "    tier: high\n    assurance: { sox: {} }\n", 5, 18,
	    NULL, "unknown key");
	expect_error(V "    tier: high\n    data: [{ class: c, personal: "
	    "maybe }]\n", 5, 34, "data.personal", "yes or no");
	expect_error(V "    tier: high\n    data: [{ personal: true }]\n", 5,
	    12, "data", "needs class");
	expect_error(V "    tier: high\n    review_every: often\n", 5, 19,
	    "review_every", "duration");
	expect_error(V "    tier: high\n    csocs: [{ control: ACC-01 }]\n",
	    5, 13, "csocs", "needs description and control");
	expect_error(V "    tier: high\n  - { name: Acme, service: B, "
	    "tier: low }\n", 5, 5, "name", "already listed at line 2");
	expect_error(V "    dpa_signed: null\n", 2, 5, "vendors",
	    "needs name, service and tier");
}

/* ---------------------------------------------------------- rules */

struct run {
	struct vendors		v;
	struct config		cfg;
	struct test_result	res;
};

static void
vrun(struct run *r, const char *id, const char *yaml,
    const struct control_set *cs, const char *as_of)
{
	const struct test_def *t = test_find(id);
	struct test_ctx ctx;
	struct assure_diag d;

	assert_non_null(t);
	assert_string_equal(t->criteria[0], "CC9.2");
	memset(r, 0, sizeof(*r));
	config_defaults(&r->cfg);
	if (yaml != NULL) {
		parse_ok(yaml, &r->v);
		r->cfg.vendors = &r->v;
	}
	r->cfg.controls = cs;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &r->cfg;
	ctx.as_of = t_(as_of);
	assure_diag_clear(&d);
	assert_int_equal(t->run(&ctx, &r->res, &d), ASSURE_OK);
	/* Again without and with its members (rules.h). */
	tu_check_test_members(t, &ctx);
	assert_non_null(r->res.reason);
}

static void
run_release(struct run *r)
{
	result_release(&r->res);
	vendors_release(&r->v);
}

/* The reason of the exception of subject containing needle, or fail. */
static void
expect_exc(const struct run *r, const char *subject, const char *needle)
{
	size_t i;

	for (i = 0; i < r->res.nexc; i++)
		if (strcmp(r->res.exc[i].subject, subject) == 0 &&
		    strstr(r->res.exc[i].reason, needle) != NULL)
			return;
	for (i = 0; i < r->res.nexc; i++)
		print_message("  %s: %s\n", r->res.exc[i].subject,
		    r->res.exc[i].reason);
	fail_msg("no exception for %s saying '%s'", subject, needle);
}

static void
no_exc(const struct run *r, const char *subject)
{
	size_t i;

	for (i = 0; i < r->res.nexc; i++)
		if (strcmp(r->res.exc[i].subject, subject) == 0)
			fail_msg("unexpected exception for %s: %s", subject,
			    r->res.exc[i].reason);
}

static void
test_no_register(void **state)
{
	static const char *const ids[] = { "vendor.assurance_current",
	    "vendor.dpa", "vendor.review_cadence", "vendor.csoc_mapped" };
	struct vendors absent;
	struct assure_diag d;
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		vrun(&r, ids[i], NULL, NULL, "2026-03-15");
		assert_int_equal(r.res.verdict, VERDICT_NO_EVIDENCE);
		assert_non_null(strstr(r.res.reason, "no vendors.yaml"));
		run_release(&r);
	}
	/* A workspace without the file loads as no register. */
	assert_int_equal(vendors_load("/nonexistent/vendors.yaml", &absent,
	    &d), ASSURE_OK);
	assert_false(absent.present);
	assert_int_equal(absent.n, 0);
	vendors_release(&absent);
}

#define A(name, tier, rest) \
    "  - { name: " name ", service: S, tier: " tier rest " }\n"
#define SOC2(s, e, op, extra) ", assurance: { soc2: { type: 2, " \
    "period_start: " s ", period_end: " e ", opinion: " op extra " } }"
#define ISO(e) ", assurance: { iso27001: { certificate: C-1, " \
    "expires: " e " } }"

static const char assurance[] = "vendors:\n"
    A("Cloud", "critical", SOC2("2024-10-01", "2025-09-30", "unqualified",
	""))
    A("Bridged", "high", SOC2("2024-02-01", "2025-01-31", "unqualified",
	", bridge_until: 2026-04-30"))
    A("BridgeLapsed", "high", SOC2("2024-01-01", "2024-12-31",
	"unqualified", ", bridge_until: 2025-03-31"))
    A("Certified", "critical", ISO("2027-01-31"))
    A("Expired", "critical", ISO("2026-01-31"))
    A("Qualified", "high", SOC2("2025-01-01", "2025-12-31", "qualified",
	""))
    A("Adverse", "critical", SOC2("2025-01-01", "2025-12-31", "adverse",
	""))
    A("Nothing", "high", "")
    A("Future", "high", SOC2("2025-07-01", "2026-06-30", "unqualified",
	""))
    A("Small", "medium", "");

static void
test_assurance(void **state)
{
	struct run r;

	(void)state;
	vrun(&r, "vendor.assurance_current", assurance, NULL,
	    "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_FAIL);
	assert_int_equal(r.res.population, 9);
	assert_int_equal(result_failures(&r.res), 6);
	no_exc(&r, "Cloud");
	/* The report ended more than 12 months ago; its bridge reaches. */
	no_exc(&r, "Bridged");
	no_exc(&r, "Certified");
	no_exc(&r, "Small");
	expect_exc(&r, "BridgeLapsed", "ended 2024-12-31, more than 12 "
	    "months ago, its bridge letter on 2025-03-31");
	expect_exc(&r, "Expired", "ISO 27001 certificate C-1 expired "
	    "2026-01-31");
	expect_exc(&r, "Qualified", "carries a qualified opinion");
	expect_exc(&r, "Adverse", "carries an adverse opinion");
	expect_exc(&r, "Nothing", "no SOC 2 report; no ISO 27001");
	expect_exc(&r, "Future", "ends 2026-06-30, after this instant");
	run_release(&r);
	/* Past the bridge letter, the report no longer covers. */
	vrun(&r, "vendor.assurance_current", assurance, NULL,
	    "2026-05-15");
	expect_exc(&r, "Bridged", "its bridge letter on 2026-04-30");
	run_release(&r);
	/* Only the covered vendors: a pass. */
	vrun(&r, "vendor.assurance_current", "vendors:\n"
	    A("Cloud", "critical", SOC2("2024-10-01", "2025-09-30",
	    "unqualified", "")) A("Small", "low", ""), NULL, "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_PASS);
	assert_int_equal(r.res.population, 1);
	run_release(&r);
}

static const char dpa[] = "vendors:\n"
    A("P1", "high", ", data: [{class: c, personal: true}], "
	"dpa_signed: 2023-04-12")
    A("P2", "high", ", data: [{class: c, personal: true}], "
	"dpa_signed: 2026-04-01")
    A("P3", "low", ", data: [{class: c, personal: true}], "
	"dpa_signed: null")
    A("H1", "high", ", data: [{class: h, health: true}], "
	"dpa_signed: 2024-01-01, baa_signed: null")
    A("H2", "high", ", data: [{class: h, health: true}], "
	"dpa_signed: 2024-01-01, baa_signed: 2024-01-01")
    A("N", "high", ", data: [{class: internal, personal: false}]");

static void
test_dpa(void **state)
{
	struct run r;

	(void)state;
	vrun(&r, "vendor.dpa", dpa, NULL, "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_FAIL);
	assert_int_equal(r.res.population, 5);
	assert_int_equal(result_failures(&r.res), 3);
	no_exc(&r, "P1");
	no_exc(&r, "H2");
	no_exc(&r, "N");
	expect_exc(&r, "P2", "signed 2026-04-01, after this instant");
	expect_exc(&r, "P3", "no data processing agreement");
	expect_exc(&r, "H1", "receives health data but no business "
	    "associate agreement");
	assert_non_null(strstr(r.res.reason, "2 of them health data"));
	run_release(&r);
	/* Once signed, a pass. */
	vrun(&r, "vendor.dpa", "vendors:\n" A("P2", "high",
	    ", data: [{class: c, personal: true}], dpa_signed: 2026-04-01"),
	    NULL, "2026-04-01T12:00:00Z");
	assert_int_equal(r.res.verdict, VERDICT_PASS);
	run_release(&r);
}

static const char review[] = "vendors:\n"
    A("C-ok", "critical", ", last_review: 2025-04-01")
    A("C-late", "critical", ", last_review: 2025-03-01")
    A("M-ok", "medium", ", last_review: 2024-06-01")
    A("L-never", "low", ", last_review: null")
    A("L-absent", "low", ", review_every: 1095d, last_review: 2023-03-16")
    A("H-every", "high", ", review_every: 90d, last_review: 2025-12-01")
    A("H-future", "high", ", last_review: 2026-04-01");

static void
test_review(void **state)
{
	struct run r;

	(void)state;
	vrun(&r, "vendor.review_cadence", review, NULL, "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_FAIL);
	assert_int_equal(r.res.population, 7);
	assert_int_equal(result_failures(&r.res), 4);
	no_exc(&r, "C-ok");
	no_exc(&r, "M-ok");
	no_exc(&r, "L-absent");
	expect_exc(&r, "C-late", "critical tier, last reviewed 2025-03-01: "
	    "379 days ago, more than every 365");
	expect_exc(&r, "L-never", "never reviewed");
	expect_exc(&r, "H-every", "104 days ago, more than every 90");
	expect_exc(&r, "H-future", "after this instant");
	run_release(&r);
	/* A medium vendor past 730 days. */
	vrun(&r, "vendor.review_cadence", "vendors:\n" A("M", "medium",
	    ", last_review: 2024-03-14"), NULL, "2026-03-15");
	expect_exc(&r, "M", "731 days ago, more than every 730");
	run_release(&r);
}

static const char csocs[] = "vendors:\n"
    "  - name: AWS\n    service: Hosting\n    tier: critical\n"
    "    csocs:\n"
    "      - { description: Customers restrict IAM, control: X-1 }\n"
    "      - { description: Customers rotate keys, control: ACC-99 }\n"
    "  - { name: Okta, service: SSO, tier: high, csocs: [{ description: "
    "MFA enforced, control: X-2 }] }\n"
    "  - { name: Slack, service: Chat, tier: low }\n";

static void
test_csoc(void **state)
{
	const struct assure_catalog *cat = NULL;
	static const char ctl[] = "- {id: X-1, title: One, owner: A, "
	    "frequency: daily}\n- {id: X-2, title: Two, owner: B, "
	    "frequency: annual}\n";
	struct control_set set, empty;
	struct assure_diag d;
	struct run r;

	(void)state;
	assert_int_equal(assure_catalog_get(&cat, &d), ASSURE_OK);
	control_set_init(&set);
	control_set_init(&empty);
	assert_int_equal(controls_parse(&set, ctl, strlen(ctl), "c.yaml", cat,
	    &d), ASSURE_OK);
	vrun(&r, "vendor.csoc_mapped", csocs, &set, "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_FAIL);
	assert_int_equal(r.res.population, 3);
	assert_int_equal(result_failures(&r.res), 1);
	expect_exc(&r, "AWS", "\"Customers rotate keys\" (line 7) maps to "
	    "ACC-99, not a control");
	no_exc(&r, "Okta");
	run_release(&r);
	/* No controls available: no evidence, saying so. */
	vrun(&r, "vendor.csoc_mapped", csocs, NULL, "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r.res.reason, "controls were not loaded"));
	run_release(&r);
	vrun(&r, "vendor.csoc_mapped", csocs, &empty, "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r.res.reason, "holds no control"));
	run_release(&r);
	/* Every CSOC mapped: a pass. */
	vrun(&r, "vendor.csoc_mapped", "vendors:\n" A("Okta", "high",
	    ", csocs: [{ description: MFA, control: X-2 }]"), &set,
	    "2026-03-15");
	assert_int_equal(r.res.verdict, VERDICT_PASS);
	assert_int_equal(r.res.population, 1);
	run_release(&r);
	control_set_release(&set);
	control_set_release(&empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_located_errors),
		cmocka_unit_test(test_no_register),
		cmocka_unit_test(test_assurance),
		cmocka_unit_test(test_dpa),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_csoc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
