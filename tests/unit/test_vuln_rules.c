/*
 * test_vuln_rules.c: the finding lifecycle (rules/vulns.h) and the two
 * vulnerability tests over it, on scans and findings stored straight into
 * the store: no or stale scans, the remediation service levels (open and
 * fixed, info never judged, no severity held to medium), fixing by a
 * complete scan and never by a partial one, reopening, a finding listed
 * twice in one report, closing states (VEX not_affected with and without
 * a justification, resolved), the separation of tools and assets, risk
 * acceptances (by rule, expired, by fingerprint, scoped to an asset),
 * findings fixed before the period, observations of unchanged reports,
 * and the scanning cadence of the assets in scope.
 *
 * CONTROL: tsc:CC7.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/hash.h"
#include "common/timeutil.h"
#include "rules/rules.h"
#include "scope/scope.h"
#include "workspace/acceptances.h"
#include "workspace/pentests.h"
#include "workspace/workspace.h"

#define DAY	86400

#define SLA	"vuln.remediation_sla"
#define CADENCE	"vuln.scan_cadence"

struct fixture {
	char			*dir;
	struct workspace	*ws;
	int			 seq;
	struct acceptances	 acc;
	struct evaluation	 ev;
	bool			 has_ev;
};

/* One listing of a finding in a report. */
struct fnd {
	const char	*rule;
	const char	*sev;		/* NULL: none */
	const char	*loc;
	const char	*status;	/* NULL: none */
	const char	*just;		/* NULL: none */
};

static int64_t
t_(const char *s)
{
	int64_t t = 0;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct config cfg;
	struct assure_diag d;

	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "Test Org", sizeof(cfg.organisation));
	assure_strlcpy(cfg.system, "Test", sizeof(cfg.system));
	cfg.period_start = t_("2025-07-01T00:00:00Z");
	cfg.period_end = t_("2026-06-30T23:59:59Z");
	cfg.freshness = 35 * DAY;
	tu_db_setup(&cfg);
	f->dir = tu_mkdtemp();
	assert_int_equal(workspace_create(f->dir, &cfg, &d), ASSURE_OK);
	assert_int_equal(workspace_open(f->dir, 0, &f->ws, &d), ASSURE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f->has_ev)
		evaluation_release(&f->ev);
	acceptances_release(&f->acc);
	workspace_close(f->ws);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
accept(struct fixture *f, const char *yaml)
{
	struct assure_diag d;

	acceptances_release(&f->acc);
	assert_int_equal(acceptances_parse(yaml, strlen(yaml),
	    "risk-acceptances.yaml", &f->acc, &d), ASSURE_OK);
	f->ws->cfg.acceptances = &f->acc;
}

/* The fingerprint as kind_vuln.c computes it. */
static void
fingerprint(const char *tool, const char *rule, const char *asset,
    const char *loc, char out[ASSURE_SHA256_HEXLEN + 1])
{
	const char *part[4] = { tool, rule, asset, loc };
	unsigned char md[ASSURE_SHA256_LEN];
	struct assure_sha256 *h;
	size_t i;

	h = assure_sha256_new();
	assert_non_null(h);
	for (i = 0; i < 4; i++)
		assert_int_equal(assure_sha256_update(h, part[i],
		    strlen(part[i]) + 1), ASSURE_OK);
	assert_int_equal(assure_sha256_final(h, md), ASSURE_OK);
	assure_sha256_free(h);
	assure_hex(md, sizeof(md), out);
}

static int64_t
evidence(struct fixture *f, const char *kind, int64_t as_of)
{
	struct store_val p[10];
	char hex[65];
	int64_t id = 0;

	snprintf(hex, sizeof(hex), "%064d", ++f->seq);
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV(kind);
	p[2] = STORE_INTV(100);
	p[3] = STORE_TEXTV("fixture");
	p[4] = STORE_INTV(as_of);
	p[5] = STORE_INTV(as_of);
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	return id;
}

/*
 * A report of one scan of asset by tool as of when, finished then (or
 * with neither start nor finish: its instant is then the file's as-of),
 * complete 1, 0 or -1 (not said), listing the n findings.
 */
static int64_t
report_kind(struct fixture *f, const char *kind, const char *tool,
    const char *asset, const char *when, bool finished, int complete,
    const struct fnd *fs, size_t n)
{
	struct store_val p[15];
	char fp[ASSURE_SHA256_HEXLEN + 1];
	int64_t ev, t = t_(when);
	size_t i, j;

	ev = evidence(f, kind, t);
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(0);
	p[2] = STORE_INTV(1);
	p[3] = STORE_TEXTV(tool);
	p[4] = STORE_TEXTV("1.0");
	p[5] = STORE_TEXTV(asset);
	p[6] = STORE_NULLV;
	p[7] = finished ? STORE_INTV(t) : STORE_NULLV;
	p[8] = complete >= 0 ? STORE_INTV(complete) : STORE_NULLV;
	assert_int_equal(store_exec(f->ws->store, STMT_VULN_SCAN_INSERT, p,
	    9, NULL, NULL, NULL), ASSURE_OK);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 15; j++)
			p[j] = STORE_NULLV;
		fingerprint(tool, fs[i].rule, asset, fs[i].loc, fp);
		p[0] = STORE_INTV(ev);
		p[1] = STORE_INTV((int64_t)i);
		p[2] = STORE_INTV(0);
		p[3] = STORE_INTV((int64_t)i + 2);
		p[4] = STORE_TEXTV(fp);
		p[5] = STORE_TEXTV(fs[i].rule);
		p[6] = STORE_TEXTV("a title");
		p[7] = STORE_OPTTEXT(fs[i].sev);
		p[8] = STORE_OPTTEXT(fs[i].sev);
		p[10] = STORE_TEXTV(fs[i].loc);
		p[11] = STORE_TEXTV("9.9.9");
		p[12] = STORE_OPTTEXT(fs[i].status);
		p[13] = STORE_OPTTEXT(fs[i].just);
		assert_int_equal(store_exec(f->ws->store,
		    STMT_VULN_FINDING_INSERT, p, 15, NULL, NULL, NULL),
		    ASSURE_OK);
	}
	return ev;
}

static int64_t
report(struct fixture *f, const char *tool, const char *asset,
    const char *when, bool finished, int complete, const struct fnd *fs,
    size_t n)
{
	return report_kind(f, "trivy-json", tool, asset, when, finished,
	    complete, fs, n);
}

/* A complete scan, finished when, listing nothing. */
static void
clean(struct fixture *f, const char *tool, const char *asset,
    const char *when)
{
	report(f, tool, asset, when, true, 1, NULL, 0);
}

static void
observe(struct fixture *f, int64_t ev, const char *when)
{
	struct store_val p[4];

	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(t_(when));
	p[2] = STORE_INTV(t_(when));
	p[3] = STORE_TEXTV("test");
	assert_int_equal(store_exec(f->ws->store, STMT_OBSERVATION_INSERT, p,
	    4, NULL, NULL, NULL), ASSURE_OK);
}

static const struct test_result *
run(struct fixture *f, const char *as_of, const char *id)
{
	struct assure_diag d;
	size_t i;

	if (f->has_ev)
		evaluation_release(&f->ev);
	f->has_ev = false;
	assert_int_equal(evaluation_run(f->ws->store, &f->ws->cfg, t_(as_of),
	    &f->ev, &d), ASSURE_OK);
	/* Every result again with its members (rules.h). */
	tu_check_evaluation_members(f->ws->store, &f->ws->cfg, t_(as_of));
	f->has_ev = true;
	for (i = 0; i < f->ev.n; i++)
		if (strcmp(f->ev.results[i].test_id, id) == 0)
			return &f->ev.results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

/* Whether r has an exception with this subject whose reason holds s. */
static bool
has_exc(const struct test_result *r, const char *subject, const char *s)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (strcmp(r->exc[i].subject, subject) == 0 &&
		    strstr(r->exc[i].reason, s) != NULL)
			return true;
	return false;
}

static bool
reason_has(const struct test_result *r, const char *s)
{
	return r->reason != NULL && strstr(r->reason, s) != NULL;
}

#define SUBJ1	"trivy CVE-2024-1 on img:1 (openssl@3.0.1)"
#define SUBJ2	"trivy CVE-2024-2 on img:1 (zlib@1.2)"

static const struct fnd crit1 = { "CVE-2024-1", "critical",
	"openssl@3.0.1", NULL, NULL };
static const struct fnd crit2 = { "CVE-2024-2", "critical", "zlib@1.2",
	NULL, NULL };

/* ------------------------------------------------------------ tests */

static void
test_no_evidence(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	r = run(f, "2026-01-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_true(reason_has(r, "no scanner evidence"));
	r = run(f, "2026-01-31T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_true(reason_has(r, "no scan targets"));
	/* The newest scan 61 days before the instant: stale. */
	report(f, "trivy", "img:1", "2025-12-01", true, 1, &crit1, 1);
	r = run(f, "2026-01-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_true(reason_has(r, "2025-12-01"));
	assert_true(reason_has(r, "35-day freshness"));
	assert_int_equal(r->nev, 1);
	/* Within the window it is judged. */
	r = run(f, "2025-12-05T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
}

static void
test_sla_open(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	const struct fnd both[2] = { crit1, crit2 };

	report(f, "trivy", "img:1", "2026-01-11", true, 1, &crit1, 1);
	report(f, "trivy", "img:1", "2026-01-21", true, 1, both, 2);
	/* CVE-2024-1 open 10 days: within its 15. */
	r = run(f, "2026-01-21T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 0);
	assert_true(reason_has(r, "2 open now"));
	/* 20 days: 5 past; CVE-2024-2 at 10 days is fine. */
	r = run(f, "2026-01-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, SUBJ1, "critical, first seen 2026-01-11, "
	    "still open: 5 days past its 15-day SLA"));
	assert_true(reason_has(r, "1 of 2 findings"));
	assert_int_equal(r->nev, 2);
}

static void
test_sla_fixed_info_null(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	const struct fnd h1 = { "CVE-2024-10", "high", "libx@1", NULL, NULL };
	const struct fnd h2 = { "CVE-2024-11", "high", "liby@1", NULL, NULL };
	const struct fnd i1 = { "CVE-2024-12", "info", "libz@1", NULL, NULL };
	const struct fnd n1 = { "RULE-7", NULL, "", NULL, NULL };
	const struct fnd s1[4] = { h1, h2, i1, n1 };
	const struct fnd s2[3] = { h1, i1, n1 };

	report(f, "trivy", "img:1", "2025-09-01", true, 1, &n1, 1);
	report(f, "trivy", "img:1", "2025-11-01", true, 1, s1, 4);
	/* h2 fixed after 20 days. */
	report(f, "trivy", "img:1", "2025-11-21", true, 1, s2, 3);
	/* h1 fixed after 40 days; info and the unrated one go on. */
	report(f, "trivy", "img:1", "2025-12-11", true, 1, &s2[1], 2);
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	/* info is never judged: h1, h2, n1. */
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, "trivy CVE-2024-10 on img:1 (libx@1)",
	    "high, first seen 2025-11-01, fixed 2025-12-11: 10 days past "
	    "its 30-day SLA"));
	/* No location: no parentheses; held to medium: 121 - 90 days. */
	assert_true(has_exc(r, "trivy RULE-7 on img:1",
	    "no severity (held to medium), first seen 2025-09-01, still "
	    "open: 31 days past its 90-day SLA"));
	assert_true(reason_has(r, "1 open now"));
	/* Before the 90 days are up the unrated finding passes. */
	r = run(f, "2025-11-21T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 3);
}

static void
test_fixed_detection(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	/* img:1: absent from a complete scan: fixed then. */
	report(f, "trivy", "img:1", "2025-12-01", true, 1, &crit1, 1);
	clean(f, "trivy", "img:1", "2025-12-21");
	/* img:2: absent from a partial scan: still open. */
	report(f, "trivy", "img:2", "2025-12-01", true, 1, &crit1, 1);
	report(f, "trivy", "img:2", "2025-12-10", true, 0, NULL, 0);
	/* img:3: a scan that does not say counts as complete. */
	report(f, "trivy", "img:3", "2025-12-01", true, 1, &crit1, 1);
	report(f, "trivy", "img:3", "2025-12-19", true, -1, NULL, 0);
	r = run(f, "2025-12-21T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 3);
	assert_true(has_exc(r, SUBJ1, "fixed 2025-12-21: 5 days past"));
	assert_true(has_exc(r, "trivy CVE-2024-1 on img:2 (openssl@3.0.1)",
	    "still open: 5 days past"));
	assert_true(has_exc(r, "trivy CVE-2024-1 on img:3 (openssl@3.0.1)",
	    "fixed 2025-12-19: 3 days past"));
	assert_true(reason_has(r, "1 open now"));
	/* A later complete scan of img:2 fixes it. */
	report(f, "trivy", "img:2", "2025-12-25", true, 1, NULL, 0);
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_true(has_exc(r, "trivy CVE-2024-1 on img:2 (openssl@3.0.1)",
	    "fixed 2025-12-25: 9 days past"));
	assert_true(reason_has(r, "0 open now"));
}

static void
test_reopened(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	report(f, "trivy", "img:1", "2025-11-01", true, 1, &crit1, 1);
	clean(f, "trivy", "img:1", "2025-11-05");
	report(f, "trivy", "img:1", "2025-12-01", true, 1, &crit1, 1);
	report(f, "trivy", "img:1", "2025-12-31", true, 1, &crit1, 1);
	r = run(f, "2026-01-05T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	/* Two episodes: 4 days, then 35 days and counting. */
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, SUBJ1, "critical (reopened), first seen "
	    "2025-12-01, still open: 20 days past its 15-day SLA"));
	assert_true(reason_has(r, "1 open now"));
	/* Before it reappeared: one episode, fixed within its SLA. */
	r = run(f, "2025-11-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_true(reason_has(r, "0 open now"));
}

static void
test_duplicate_listing(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	const struct fnd twice[2] = { crit1, crit1 };

	report(f, "trivy", "img:1", "2025-12-01", true, 1, twice, 2);
	report(f, "trivy", "img:1", "2025-12-20", true, 1, twice, 2);
	r = run(f, "2025-12-21T00:00:00Z", SLA);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, SUBJ1, "still open: 5 days past"));
}

static void
test_closing_states(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	const struct fnd na = { "CVE-2024-1", "critical", "openssl@3.0.1",
	    "not_affected", "code_not_reachable" };
	const struct fnd nj = { "CVE-2024-1", "critical", "openssl@3.0.1",
	    "not_affected", NULL };
	const struct fnd rs = { "CVE-2024-1", "critical", "openssl@3.0.1",
	    "resolved", NULL };
	const struct fnd aff = { "CVE-2024-1", "critical", "openssl@3.0.1",
	    "exploitable", NULL };

	/* Every later scan is partial: only a closing state can fix. */
	report(f, "cyclonedx", "img:1", "2025-11-01", true, 1, &aff, 1);
	report(f, "cyclonedx", "img:1", "2025-11-30", true, 0, &na, 1);
	report(f, "cyclonedx", "img:2", "2025-11-01", true, 1, &aff, 1);
	report(f, "cyclonedx", "img:2", "2025-11-30", true, 0, &nj, 1);
	report(f, "cyclonedx", "img:3", "2025-11-01", true, 1, &aff, 1);
	report(f, "cyclonedx", "img:3", "2025-11-20", true, 0, &rs, 1);
	r = run(f, "2025-12-15T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 3);
	assert_true(has_exc(r, "cyclonedx CVE-2024-1 on img:1 "
	    "(openssl@3.0.1)", "fixed 2025-11-30: 14 days past"));
	/* not_affected without a justification does not close. */
	assert_true(has_exc(r, "cyclonedx CVE-2024-1 on img:2 "
	    "(openssl@3.0.1)", "still open: 29 days past"));
	assert_true(has_exc(r, "cyclonedx CVE-2024-1 on img:3 "
	    "(openssl@3.0.1)", "fixed 2025-11-20: 4 days past"));
	assert_true(reason_has(r, "1 open now"));
}

static void
test_separation(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	report(f, "trivy", "img:1", "2025-12-01", true, 1, &crit1, 1);
	/* Another tool on the asset, the tool on another asset. */
	clean(f, "grype", "img:1", "2025-12-10");
	clean(f, "trivy", "img:2", "2025-12-10");
	/* Same rule and location elsewhere: another finding. */
	report(f, "trivy", "img:3", "2025-12-01", true, 1, &crit1, 1);
	clean(f, "trivy", "img:3", "2025-12-05");
	r = run(f, "2025-12-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, SUBJ1, "still open: 4 days past"));
	assert_true(reason_has(r, "1 open now"));
}

static void
test_acceptances(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	char fp[ASSURE_SHA256_HEXLEN + 1], yaml[512];

	report(f, "trivy", "img:1", "2025-12-01", true, 1, &crit1, 1);
	report(f, "trivy", "img:1", "2025-12-30", true, 1, &crit1, 1);
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, SUBJ1, "still open: 15 days past"));
	/* A rule acceptance, unexpired at the instant. */
	accept(f, "acceptances:\n"
	    "  - { rule: CVE-2024-1, reason: unreachable, approver: ciso, "
	    "expires: 2026-03-31 }\n");
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 0);
	assert_true(reason_has(r, "1 past it under an unexpired risk "
	    "acceptance"));
	/* Expired by then. */
	accept(f, "acceptances:\n"
	    "  - { rule: CVE-2024-1, tool: trivy, reason: unreachable, "
	    "approver: ciso, expires: 2025-12-20 }\n");
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, SUBJ1, "still open: 15 days past its 15-day "
	    "SLA; its risk acceptance had expired"));
	assert_true(reason_has(r, "0 past it under"));
	/* The finding by a prefix of its fingerprint. */
	fingerprint("trivy", "CVE-2024-1", "img:1", "openssl@3.0.1", fp);
	snprintf(yaml, sizeof(yaml), "acceptances:\n"
	    "  - { finding: %.12s, reason: unreachable, approver: ciso, "
	    "expires: 2026-03-31 }\n", fp);
	accept(f, yaml);
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_true(reason_has(r, "1 past it under"));
	/* An acceptance for another asset covers nothing here. */
	accept(f, "acceptances:\n"
	    "  - { rule: CVE-2024-1, asset: \"img:2\", reason: unreachable, "
	    "approver: ciso, expires: 2026-03-31 }\n");
	r = run(f, "2025-12-31T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, SUBJ1, "still open: 15 days past"));
	assert_false(has_exc(r, SUBJ1, "expired"));
}

static void
test_fixed_before_period(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	const struct fnd h = { "CVE-2024-2", "high", "zlib@1.2", NULL, NULL };

	/* 19 days, past its SLA, but fixed before the period began. */
	report(f, "trivy", "img:1", "2025-06-01", true, 1, &crit1, 1);
	clean(f, "trivy", "img:1", "2025-06-20");
	report(f, "trivy", "img:1", "2025-07-10", true, 1, &h, 1);
	r = run(f, "2025-07-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 0);
}

static void
test_observations(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t ev;

	/* A report without start or finish: its instant is its as-of. */
	ev = report(f, "trivy", "img:1", "2025-12-01", false, 1, &crit1, 1);
	r = run(f, "2026-01-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	/* The same bytes seen again: a scan then, still listing it. */
	observe(f, ev, "2025-12-25T00:00:00Z");
	r = run(f, "2026-01-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, SUBJ1, "critical, first seen 2025-12-01, "
	    "still open: 35 days past"));
	assert_int_equal(r->nev, 1);
	/* Before the observation's instant it is not seen. */
	r = run(f, "2025-12-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, SUBJ1, "still open: 4 days past"));
}

static void
test_observation_clean(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t ev, ev2;

	ev = report(f, "trivy", "img:1", "2025-11-01", false, 1, NULL, 0);
	r = run(f, "2026-01-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	observe(f, ev, "2026-01-10T00:00:00Z");
	r = run(f, "2026-01-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 0);
	/* A report that says when it finished stays a scan of then. */
	ev2 = report(f, "trivy", "img:2", "2025-10-01", true, 1, NULL, 0);
	observe(f, ev2, "2026-02-20T00:00:00Z");
	r = run(f, "2026-03-01T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
}

static void
test_scan_cadence(void **state)
{
	static const char *a_prod[] = { "img:1", "img:2", "img:3" };
	static const char *a_edge[] = { "img:5", "img:6" };
	struct fixture *f = *state;
	const struct test_result *r;
	struct scope_item items[2];
	struct scope sc;
	char day[ASSURE_TIME_STRLEN];
	int64_t t, start = t_("2025-07-01"), end = t_("2026-01-31");
	int i;

	memset(items, 0, sizeof(items));
	memset(&sc, 0, sizeof(sc));
	items[0].name = "prod";
	items[0].assets = a_prod;
	items[0].nassets = 3;
	items[1].name = "edge";
	items[1].assets = a_edge;
	items[1].nassets = 2;
	sc.components[SCOPE_INFRASTRUCTURE] = items;
	sc.ncomponents[SCOPE_INFRASTRUCTURE] = 2;
	f->ws->cfg.scope = &sc;
	r = run(f, "2026-01-31T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 5);
	assert_int_equal(r->nexc, 5);
	assert_true(has_exc(r, "img:1 (prod)", "never scanned"));
	/* img:1 weekly; img:2 weekly but for a 45-day gap. */
	for (t = start; t <= end; t += 7 * DAY) {
		assure_date_format(t, day);
		clean(f, "trivy", "img:1", day);
		if (t < t_("2025-10-01") || t >= t_("2025-11-15"))
			clean(f, "trivy", "img:2", day);
	}
	clean(f, "trivy", "img:2", "2025-10-01");
	clean(f, "trivy", "img:2", "2025-11-15");
	/* img:3 every 20 days, by trivy and grype in turn. */
	for (t = start, i = 0; t <= end; t += 20 * DAY, i++) {
		assure_date_format(t, day);
		clean(f, i % 2 ? "grype" : "trivy", "img:3", day);
	}
	/* img:6 scanned until December; img:5 never. */
	for (t = start; t <= t_("2025-12-01"); t += 10 * DAY) {
		assure_date_format(t, day);
		clean(f, "zap", "img:6", day);
	}
	r = run(f, "2026-01-31T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 5);
	assert_int_equal(r->nexc, 3);
	assert_true(has_exc(r, "img:2 (prod)", "not scanned from 2025-10-01 "
	    "to 2025-11-15: 45 days, more than every 30"));
	assert_true(has_exc(r, "img:5 (edge)", "never scanned"));
	assert_true(has_exc(r, "img:6 (edge)", "not scanned from 2025-11-28 "
	    "to 2026-01-31 (now): 64 days"));
	assert_true(reason_has(r, "5 scan targets in scope; 3 gaps"));
	/* Weekly, and by turns: on schedule. */
	items[0].nassets = 1;
	sc.ncomponents[SCOPE_INFRASTRUCTURE] = 1;
	r = run(f, "2026-01-31T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	items[0].assets = &a_prod[2];
	r = run(f, "2026-01-31T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	f->ws->cfg.scope = NULL;
}

static void
test_newest_severity(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	const struct fnd hi = { "CVE-2024-1", "high", "openssl@3.0.1", NULL,
	    NULL };
	const struct fnd lo = { "CVE-2024-1", "low", "openssl@3.0.1",
	    "resolved", NULL };

	/* Rated critical, then high: held to high's 30 days. */
	report(f, "trivy", "img:1", "2025-12-01", true, 1, &crit1, 1);
	report(f, "trivy", "img:1", "2025-12-20", true, 1, &hi, 1);
	r = run(f, "2025-12-25T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	r = run(f, "2026-01-05T00:00:00Z", SLA);
	assert_true(has_exc(r, SUBJ1, "high, first seen 2025-12-01, still "
	    "open: 5 days past its 30-day SLA"));
	/* A closing listing's severity is not the finding's. */
	report(f, "trivy", "img:1", "2026-01-10", true, 0, &lo, 1);
	r = run(f, "2026-01-12T00:00:00Z", SLA);
	assert_true(has_exc(r, SUBJ1, "high, first seen 2025-12-01, fixed "
	    "2026-01-10: 10 days past its 30-day SLA"));
}

/* Evaluated after the period's end: what came after is not judged. */
static void
test_after_period(void **state)
{
	static const char *assets[] = { "img:1" };
	struct fixture *f = *state;
	const struct test_result *r;
	struct scope_item item;
	struct scope sc;
	char day[ASSURE_TIME_STRLEN];
	int64_t t;

	/* First seen after the period: not a finding of it. */
	report(f, "trivy", "img:2", "2026-07-01", true, 1, &crit1, 1);
	report(f, "trivy", "img:2", "2026-07-19", true, 1, &crit1, 1);
	r = run(f, "2026-07-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 0);
	/* Open in the period and after: judged. */
	report(f, "trivy", "img:3", "2026-06-25", true, 1, &crit1, 1);
	report(f, "trivy", "img:3", "2026-07-19", true, 1, &crit1, 1);
	r = run(f, "2026-07-20T00:00:00Z", SLA);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 1);
	assert_true(has_exc(r, "trivy CVE-2024-1 on img:3 (openssl@3.0.1)",
	    "still open: 10 days past"));
	/* Weekly to 2026-06-09, then 2026-07-20: 21 days to the end. */
	memset(&item, 0, sizeof(item));
	memset(&sc, 0, sizeof(sc));
	item.name = "prod";
	item.assets = assets;
	item.nassets = 1;
	sc.components[SCOPE_SOFTWARE] = &item;
	sc.ncomponents[SCOPE_SOFTWARE] = 1;
	f->ws->cfg.scope = &sc;
	for (t = t_("2025-07-01"); t <= t_("2026-06-09"); t += 7 * DAY) {
		assure_date_format(t, day);
		clean(f, "trivy", "img:1", day);
	}
	r = run(f, "2026-07-25T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_PASS);
	clean(f, "trivy", "img:1", "2026-07-20");
	r = run(f, "2026-07-25T00:00:00Z", CADENCE);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	f->ws->cfg.scope = NULL;
}

/*
 * vuln.pentest: one record counted (the pentest), but listed with its
 * high and critical findings, the subjects of its other exceptions.
 */
static void
test_pentest_members(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	struct evaluation ev;
	struct evaluation_opts o;
	struct pentests pt;
	struct assure_diag d;
	const char *only[] = { "vuln.pentest", NULL };
	char yaml[1024];
	int roe, fnd;

	evidence(f, "document", t_("2026-01-20"));
	roe = f->seq;
	report_kind(f, "pentest-findings", "cobalt", "api", "2026-01-24",
	    true, 1, &crit1, 1);
	fnd = f->seq;
	snprintf(yaml, sizeof(yaml), "pentests:\n"
	    "  - { id: PT-1, tester: Cobalt, started: 2026-01-12,\n"
	    "      ended: 2026-01-23,\n"
	    "      rules_of_engagement: \"sha256:%064d\",\n"
	    "      report: \"sha256:%064d\",\n"
	    "      findings: [\"sha256:%064d\"] }\n", roe, 999999, fnd);
	memset(&pt, 0, sizeof(pt));
	if (pentests_parse(yaml, strlen(yaml), "pentests.yaml", &pt, &d) !=
	    ASSURE_OK)
		fail_msg("pentests.yaml: %s", d.msg);
	f->ws->cfg.pentests = &pt;
	/* The checks of run() hold; the report is not ingested. */
	r = run(f, "2026-03-01T00:00:00Z", "vuln.pentest");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nmembers, 0);
	assert_true(has_exc(r, "pentest PT-1", "report"));
	memset(&o, 0, sizeof(o));
	o.only = only;
	o.members = true;
	assert_int_equal(evaluation_run_opts(f->ws->store, &f->ws->cfg,
	    t_("2026-03-01T00:00:00Z"), &o, &ev, &d), ASSURE_OK);
	assert_int_equal(ev.n, 1);
	r = &ev.results[0];
	assert_int_equal(r->nmembers, 2);
	assert_int_equal(r->population, 2);
	assert_true(result_has_member(r, "pentest PT-1"));
	assert_true(result_has_member(r, "pentest PT-1 CVE-2024-1 on api"));
	evaluation_release(&ev);
	/* A misspelt test id runs nothing and says so. */
	only[0] = "vuln.pentests";
	assert_int_equal(evaluation_run_opts(f->ws->store, &f->ws->cfg,
	    t_("2026-03-01T00:00:00Z"), &o, &ev, &d), ASSURE_ERR_INVAL);
	f->ws->cfg.pentests = NULL;
	pentests_release(&pt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sla_open, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sla_fixed_info_null,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_detection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reopened, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pentest_members, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_listing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_closing_states, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_separation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_acceptances, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fixed_before_period,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_observations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_observation_clean, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scan_cadence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_newest_severity, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_after_period, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
