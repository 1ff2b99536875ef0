/*
 * test_identity_rules.c: the identity tests on crafted populations stored
 * straight into the store: admin and user MFA (facets merged, unknown is
 * an exception), unique ids (shared names, declared service accounts,
 * aliases, second accounts), leavers (future terminations, a date-only
 * termination ending at the end of the day in a non-UTC zone, the
 * system's status-change time against the first disabled snapshot, an
 * account gone from a later snapshot, live access, a leaver never
 * observed after termination), dormant accounts, key rotation, least
 * privilege, access reviews, and stale evidence.
 *
 * CONTROL: tsc:CC6.1
 * CONTROL: tsc:CC6.2
 * CONTROL: tsc:CC6.3
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "rules/population.h"
#include "rules/rules.h"
#include "workspace/identity.h"
#include "workspace/workspace.h"

#define DAY	86400
#define HOUR	3600

struct fixture {
	char			*dir;
	struct workspace	*ws;
	int			 seq;
	struct identity		 id;
	struct evaluation	 ev;
	bool			 has_ev;
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
	assure_strlcpy(cfg.timezone, "America/New_York", sizeof(cfg.timezone));
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
	identity_release(&f->id);
	workspace_close(f->ws);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
declare(struct fixture *f, const char *yaml)
{
	struct assure_diag d;

	identity_release(&f->id);
	assert_int_equal(identity_parse(yaml, strlen(yaml), "identity.yaml",
	    &f->id, &d), ASSURE_OK);
	f->ws->cfg.identity = &f->id;
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

static void
person(struct fixture *f, int64_t ev, int idx, const char *email,
    const char *term, bool date_only)
{
	struct store_val p[15];
	char low[128];
	size_t i;

	for (i = 0; email[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ?
		    email[i] + 32 : email[i]);
	low[i] = '\0';
	for (i = 0; i < 15; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[3] = STORE_TEXTV("E1");
	p[4] = STORE_TEXTV(email);
	p[5] = STORE_TEXTV(low);
	p[6] = STORE_TEXTV(email);
	p[7] = STORE_TEXTV(term != NULL ? "terminated" : "active");
	if (term != NULL) {
		p[9] = STORE_INTV(t_(term));
		p[10] = STORE_INTV(date_only);
	}
	assert_int_equal(store_exec(f->ws->store, STMT_PERSON_INSERT, p, 15,
	    NULL, NULL, NULL), ASSURE_OK);
}

struct acct {
	const char	*system;
	const char	*tenant;
	const char	*id;
	const char	*login;
	const char	*kind;	/* NULL, human, service */
	int		 admin;	/* -1 unknown */
	const char	*mfa;
	int		 active; /* -1 unknown */
	const char	*last_login;
	const char	*status_changed;
};

static void
account(struct fixture *f, int64_t ev, int idx, const struct acct *a)
{
	struct store_val p[19];
	size_t i;

	for (i = 0; i < 19; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV(a->system);
	p[4] = STORE_TEXTV(a->tenant);
	p[5] = STORE_TEXTV(a->id);
	p[6] = STORE_OPTTEXT(a->login);
	if (a->login != NULL && strchr(a->login, '@') != NULL) {
		p[7] = STORE_TEXTV(a->login);
		p[8] = STORE_TEXTV(a->login);
	}
	p[10] = STORE_OPTTEXT(a->kind);
	if (a->admin >= 0)
		p[11] = STORE_INTV(a->admin);
	p[12] = STORE_OPTTEXT(a->mfa);
	if (a->active >= 0)
		p[14] = STORE_INTV(a->active);
	p[15] = STORE_INTV(t_("2024-01-01T00:00:00Z"));
	if (a->last_login != NULL)
		p[16] = STORE_INTV(t_(a->last_login));
	if (a->status_changed != NULL)
		p[17] = STORE_INTV(t_(a->status_changed));
	assert_int_equal(store_exec(f->ws->store, STMT_ACCOUNT_INSERT, p, 19,
	    NULL, NULL, NULL), ASSURE_OK);
}

static const struct test_result *
run(struct fixture *f, const char *as_of, const char *id)
{
	struct assure_diag d;
	size_t i;

	if (f->has_ev)
		evaluation_release(&f->ev);
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

#define OKTA	"okta", "acme.okta.com"

/* ------------------------------------------------------------ tests */

static void
test_no_evidence(void **state)
{
	static const char *const ids[] = { "iam.admin_mfa", "iam.unique_ids",
	    "iam.leaver_access", "iam.dormant_accounts",
	    "iam.least_privilege", "iam.access_review", "iam.key_rotation",
	    NULL };
	struct fixture *f = *state;
	const struct test_result *r;
	size_t i;

	for (i = 0; ids[i] != NULL; i++) {
		r = run(f, "2026-01-01T00:00:00Z", ids[i]);
		assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
		assert_non_null(r->reason);
	}
}

static void
test_admin_mfa_facets_merged(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t u, fa, ad, g;
	struct acct a1 = { OKTA, "00u1", "alice@acme.com", "human", -1, NULL,
	    1, "2025-12-30T00:00:00Z", NULL };
	struct acct a1f = { OKTA, "00u1", "alice@acme.com", NULL, -1,
	    "enrolled", -1, NULL, NULL };
	struct acct a1a = { OKTA, "00u1", "alice@acme.com", NULL, 1, NULL,
	    -1, NULL, NULL };
	struct acct a2 = { OKTA, "00u2", "bob@acme.com", "human", -1, NULL,
	    1, "2025-12-30T00:00:00Z", NULL };
	struct acct a2a = { OKTA, "00u2", "bob@acme.com", NULL, 1, NULL,
	    -1, NULL, NULL };
	struct acct g1 = { "google", "acme.com", "1001", "carol@acme.com",
	    "human", 1, "not_enrolled", 1, "2025-12-30T00:00:00Z", NULL };

	u = evidence(f, "okta-users", t_("2025-12-31T00:00:00Z"));
	fa = evidence(f, "okta-factors", t_("2025-12-31T00:00:00Z"));
	ad = evidence(f, "okta-admins", t_("2025-12-31T00:00:00Z"));
	g = evidence(f, "google-workspace-users", t_("2025-12-31T00:00:00Z"));
	account(f, u, 0, &a1);
	account(f, u, 1, &a2);
	account(f, fa, 0, &a1f);
	account(f, ad, 0, &a1a);
	account(f, ad, 1, &a2a);
	account(f, g, 0, &g1);
	r = run(f, "2026-01-01T00:00:00Z", "iam.admin_mfa");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	/* bob: an admin whose factors export does not list him: unknown. */
	assert_true(has_exc(r, "okta/acme.okta.com/bob@acme.com",
	    "MFA state unknown"));
	assert_true(has_exc(r, "google/acme.com/carol@acme.com",
	    "admin account without MFA"));
	assert_int_equal(r->nev, 4);
	/* user_mfa over the accounts: bob unknown, carol not enrolled. */
	r = run(f, "2026-01-01T00:00:00Z", "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, "google/acme.com/carol@acme.com",
	    "no MFA enrolled"));
	assert_true(has_exc(r, "okta/acme.okta.com/bob@acme.com",
	    "MFA state unknown"));
	/* Past the freshness window: no evidence, and it says why. */
	r = run(f, "2026-03-01T00:00:00Z", "iam.admin_mfa");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "freshness"));
}

static void
test_user_mfa_pass_without_aws(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t g;
	struct acct g1 = { "google", "acme.com", "1001", "carol@acme.com",
	    "human", 0, "enrolled", 1, "2025-12-30T00:00:00Z", NULL };

	g = evidence(f, "google-workspace-users", t_("2025-12-31T00:00:00Z"));
	account(f, g, 0, &g1);
	r = run(f, "2026-01-01T00:00:00Z", "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_null(r->reason);
}

static void
test_unique_ids(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, u;
	struct acct ops = { OKTA, "00u9", "ops@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct ci = { OKTA, "00u8", "ci-bot@acme.com", NULL, 0, NULL, 1,
	    NULL, NULL };
	struct acct jd = { OKTA, "00u7", "j.doe@acme.io", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct al = { OKTA, "00u1", "alice@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct al2 = { OKTA, "00u2", "ALICE", "human", 0, "enrolled", 1,
	    NULL, NULL };
	struct acct xx = { OKTA, "00u3", "mallory@partner.com", "human", 0,
	    "enrolled", 1, NULL, NULL };

	declare(f, "aliases:\n  - { account: j.doe@acme.io, person: "
	    "jdoe@acme.com }\n  - { account: alice, person: alice@acme.com }\n"
	    "service_accounts:\n  - { system: okta, login: ci-bot@acme.com, "
	    "owner: alice@acme.com, purpose: CI }\n");
	hr = evidence(f, "hr-csv", t_("2025-12-01T00:00:00Z"));
	person(f, hr, 0, "Alice@acme.com", NULL, false);
	person(f, hr, 1, "jdoe@acme.com", NULL, false);
	u = evidence(f, "okta-users", t_("2025-12-31T00:00:00Z"));
	account(f, u, 0, &ops);
	account(f, u, 1, &ci);
	account(f, u, 2, &jd);
	account(f, u, 3, &al);
	account(f, u, 4, &al2);
	account(f, u, 5, &xx);
	r = run(f, "2026-01-01T00:00:00Z", "iam.unique_ids");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 6);
	assert_int_equal(r->nexc, 3);
	assert_true(has_exc(r, "okta/acme.okta.com/ops@acme.com",
	    "generic or shared account name"));
	assert_true(has_exc(r, "okta/acme.okta.com/mallory@partner.com",
	    "no person in the HR roster"));
	assert_true(has_exc(r, "okta/acme.okta.com/ALICE",
	    "second active account of alice@acme.com in okta (also "
	    "okta/acme.okta.com/alice@acme.com)"));
	/* Declared: the shared account and the second account are accepted. */
	declare(f, "aliases:\n  - { account: j.doe@acme.io, person: "
	    "jdoe@acme.com }\n  - { account: alice, person: alice@acme.com }\n"
	    "service_accounts:\n  - { system: okta, login: ci-bot@acme.com, "
	    "owner: alice@acme.com, purpose: CI }\ndeclared_accounts:\n"
	    "  - { system: okta, tenant: acme.okta.com, login: ops@acme.com, "
	    "owner: alice@acme.com, reason: on-call }\n"
	    "  - { system: okta, login: alice, owner: alice@acme.com, "
	    "reason: break-glass }\n"
	    "  - { system: okta, login: mallory@partner.com, owner: "
	    "alice@acme.com, reason: contractor }\n");
	r = run(f, "2026-01-01T00:00:00Z", "iam.unique_ids");
	assert_int_equal(r->verdict, VERDICT_PASS);
}

static void
test_leaver_future_and_live(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, u;
	struct acct a = { OKTA, "00u1", "alice@acme.com", "human", 0,
	    "enrolled", 1, "2026-01-10T00:00:00Z", NULL };

	hr = evidence(f, "hr-csv", t_("2026-01-10T00:00:00Z"));
	person(f, hr, 0, "alice@acme.com", "2026-02-01T17:00:00Z", false);
	u = evidence(f, "okta-users", t_("2026-01-15T00:00:00Z"));
	account(f, u, 0, &a);
	/* Termination after the as-of instant: not yet a leaver. */
	r = run(f, "2026-01-20T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 0);
	/* Terminated, never observed afterwards: no evidence for her. */
	r = run(f, "2026-02-03T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_int_equal(r->population, 1);
	assert_non_null(strstr(r->reason, "alice@acme.com"));
	assert_non_null(strstr(r->reason, "not observed after"));
	/* Still active in a later snapshot: live access. */
	u = evidence(f, "okta-users", t_("2026-02-05T00:00:00Z"));
	account(f, u, 0, &a);
	r = run(f, "2026-02-06T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, "okta/acme.okta.com/alice@acme.com",
	    "still has an active account as of 2026-02-05T00:00:00Z, 3d 7h"));
}

static void
test_leaver_date_only_in_zone(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, u;
	struct acct a = { OKTA, "00u1", "bob@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct off = { OKTA, "00u1", "bob@acme.com", "human", 0,
	    "enrolled", 0, NULL, "2026-03-12T02:00:00Z" };
	struct acct other = { OKTA, "00u5", "carol@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	int64_t end = 0;

	/* 2026-03-10 ends at 03:59:59Z the next day in New York (EDT). */
	assert_int_equal(population_day_end(t_("2026-03-10T00:00:00Z"), true,
	    "America/New_York", &end), ASSURE_OK);
	assert_int_equal(end, t_("2026-03-11T03:59:59Z"));
	assert_int_equal(population_day_end(t_("2026-01-10T00:00:00Z"), true,
	    "America/New_York", &end), ASSURE_OK);
	assert_int_equal(end, t_("2026-01-11T04:59:59Z"));
	assert_int_equal(population_day_end(t_("2026-03-10T00:00:00Z"), true,
	    "UTC", &end), ASSURE_OK);
	assert_int_equal(end, t_("2026-03-10T23:59:59Z"));
	assert_int_equal(population_day_end(t_("2026-03-10T00:00:00Z"), true,
	    "Mars/Olympus_Mons", &end), ASSURE_ERR_INVAL);

	hr = evidence(f, "hr-csv", t_("2026-03-01T00:00:00Z"));
	person(f, hr, 0, "bob@acme.com", "2026-03-10T00:00:00Z", true);
	person(f, hr, 1, "carol@acme.com", NULL, false);
	u = evidence(f, "okta-users", t_("2026-03-01T00:00:00Z"));
	account(f, u, 0, &a);
	account(f, u, 1, &other);
	u = evidence(f, "okta-users", t_("2026-03-15T00:00:00Z"));
	account(f, u, 0, &off);
	account(f, u, 1, &other);
	/* 22 hours after the end of the day in New York: within 24h (it
	 * would be 26 hours after the end of the UTC day). */
	r = run(f, "2026-03-20T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	/* The same in UTC is late. */
	assure_strlcpy(f->ws->cfg.timezone, "UTC",
	    sizeof(f->ws->cfg.timezone));
	r = run(f, "2026-03-20T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, "okta/acme.okta.com/bob@acme.com",
	    "revoked 2026-03-12T02:00:00Z, 1d 2h after termination (SLA 1d)"));
}

static void
test_leaver_status_changed_and_gone(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, u;
	/* dan: disabled with a status-change time; erin: disabled, no time;
	 * fay: gone from the later snapshot (deprovisioned). */
	struct acct dan = { OKTA, "00u1", "dan@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct dan_off = { OKTA, "00u1", "dan@acme.com", "human", 0,
	    "enrolled", 0, NULL, "2026-04-04T10:00:00Z" };
	struct acct erin = { OKTA, "00u2", "erin@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct erin_off = { OKTA, "00u2", "erin@acme.com", "human", 0,
	    "enrolled", 0, NULL, NULL };
	struct acct fay = { OKTA, "00u3", "fay@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct gus = { OKTA, "00u4", "gus@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };

	hr = evidence(f, "hr-csv", t_("2026-04-01T00:00:00Z"));
	person(f, hr, 0, "dan@acme.com", "2026-04-01T12:00:00Z", false);
	person(f, hr, 1, "erin@acme.com", "2026-04-01T12:00:00Z", false);
	person(f, hr, 2, "fay@acme.com", "2026-04-01T12:00:00Z", false);
	person(f, hr, 3, "gus@acme.com", NULL, false);
	u = evidence(f, "okta-users", t_("2026-03-31T00:00:00Z"));
	account(f, u, 0, &dan);
	account(f, u, 1, &erin);
	account(f, u, 2, &fay);
	account(f, u, 3, &gus);
	u = evidence(f, "okta-users", t_("2026-04-10T00:00:00Z"));
	account(f, u, 0, &dan_off);
	account(f, u, 1, &erin_off);
	account(f, u, 3, &gus);
	r = run(f, "2026-04-15T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 3);
	/* The system's own status-change time, not the snapshot's. */
	assert_true(has_exc(r, "okta/acme.okta.com/dan@acme.com",
	    "revoked 2026-04-04T10:00:00Z, 2d 22h after termination"));
	/* No status-change time: the first snapshot showing it disabled. */
	assert_true(has_exc(r, "okta/acme.okta.com/erin@acme.com",
	    "revoked 2026-04-10T00:00:00Z, 8d 12h"));
	/* Gone from the later snapshot: deprovisioned then. */
	assert_true(has_exc(r, "okta/acme.okta.com/fay@acme.com",
	    "revoked 2026-04-10T00:00:00Z"));
	/* A longer SLA from assure.yaml: all within it. */
	f->ws->cfg.sla.leaver_revocation = 10 * DAY;
	r = run(f, "2026-04-15T00:00:00Z", "iam.leaver_access");
	assert_int_equal(r->verdict, VERDICT_PASS);
}

static void
test_dormant(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t u;
	struct acct a = { OKTA, "00u1", "alice@acme.com", "human", 0,
	    "enrolled", 1, "2025-12-20T00:00:00Z", NULL };
	struct acct b = { OKTA, "00u2", "bob@acme.com", "human", 0,
	    "enrolled", 1, "2025-08-01T00:00:00Z", NULL };
	struct acct c = { OKTA, "00u3", "carl@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct s = { OKTA, "00u4", "svc@acme.com", "service", 0,
	    NULL, 1, NULL, NULL };

	u = evidence(f, "okta-users", t_("2025-12-31T00:00:00Z"));
	account(f, u, 0, &a);
	account(f, u, 1, &b);
	account(f, u, 2, &c);
	account(f, u, 3, &s);
	r = run(f, "2026-01-01T00:00:00Z", "iam.dormant_accounts");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, "okta/acme.okta.com/bob@acme.com",
	    "last login 2025-08-01T00:00:00Z: 153 days before"));
	assert_true(has_exc(r, "okta/acme.okta.com/carl@acme.com",
	    "never logged in"));
	f->ws->cfg.iam.dormant_after = 800 * DAY;
	r = run(f, "2026-01-01T00:00:00Z", "iam.dormant_accounts");
	assert_int_equal(r->verdict, VERDICT_PASS);
}

static void
test_key_rotation(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	struct store_val p[28];
	int64_t id;
	size_t k;
	int u;
	static const char *const users[] = { "<root_account>", "old", "idle",
	    "fine" };

	id = evidence(f, "aws-iam-credential-report",
	    t_("2026-01-01T00:00:00Z"));
	p[0] = STORE_INTV(id);
	p[1] = STORE_TEXTV("aws");
	p[2] = STORE_TEXTV("111122223333");
	assert_int_equal(store_exec(f->ws->store, STMT_CRED_REPORT_INSERT, p,
	    3, NULL, NULL, NULL), ASSURE_OK);
	for (u = 0; u < 4; u++) {
		for (k = 0; k < 28; k++)
			p[k] = STORE_NULLV;
		p[0] = STORE_INTV(id);
		p[1] = STORE_INTV(u);
		p[2] = STORE_INTV(u + 2);
		p[3] = STORE_TEXTV("aws");
		p[4] = STORE_TEXTV("111122223333");
		p[5] = STORE_TEXTV(users[u]);
		p[6] = STORE_TEXTV("arn");
		p[7] = STORE_INTV(u == 0);
		p[13] = STORE_INTV(1);
		p[14] = STORE_INTV(1);		/* key1_active */
		p[15] = STORE_INTV(t_(u == 1 ? "2025-06-01T00:00:00Z" :
		    "2025-12-01T00:00:00Z"));
		if (u != 2)
			p[16] = STORE_INTV(t_("2025-12-30T00:00:00Z"));
		p[19] = STORE_INTV(0);		/* key2 inactive */
		assert_int_equal(store_exec(f->ws->store, STMT_CRED_INSERT, p,
		    28, NULL, NULL, NULL), ASSURE_OK);
	}
	r = run(f, "2026-01-02T00:00:00Z", "iam.key_rotation");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, "aws/111122223333/old", "access key 1 last "
	    "rotated 2025-06-01T00:00:00Z, 215 days before (max 90d)"));
	assert_true(has_exc(r, "aws/111122223333/idle", "access key 1 is "
	    "active and has never been used"));
	r = run(f, "2026-03-01T00:00:00Z", "iam.key_rotation");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
}

static void
test_least_privilege(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t u;
	struct acct a = { OKTA, "00u1", "alice@acme.com", "human", 1,
	    "enrolled", 1, NULL, NULL };
	struct acct b = { OKTA, "00u2", "bob@acme.com", "human", 1,
	    "enrolled", 1, NULL, NULL };
	struct acct c = { OKTA, "00u3", "carl@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };

	u = evidence(f, "okta-users", t_("2025-12-31T00:00:00Z"));
	account(f, u, 0, &a);
	account(f, u, 1, &b);
	account(f, u, 2, &c);
	declare(f, "admins:\n  okta: [Alice@acme.com]\n");
	r = run(f, "2026-01-01T00:00:00Z", "iam.least_privilege");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, "okta/acme.okta.com/bob@acme.com",
	    "not in the approved admin roster"));
	declare(f, "admins:\n  okta: [alice@acme.com, bob@acme.com]\n");
	r = run(f, "2026-01-01T00:00:00Z", "iam.least_privilege");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_string_equal(r->reason, "2 admin account(s): "
	    "okta/acme.okta.com 2");
}

static void
campaign(struct fixture *f, const char *id, const char *closed,
    const char *revoke_id, const char *decided)
{
	struct store_val p[10];
	size_t k;

	p[0] = STORE_TEXTV(id);
	p[1] = STORE_INTV(++f->seq);
	p[2] = STORE_TEXTV("okta");
	p[3] = STORE_NULLV;
	p[4] = STORE_INTV(t_(closed) - DAY);
	p[5] = STORE_INTV(t_(closed) - DAY);
	p[6] = STORE_TEXTV("alice");
	assert_int_equal(store_exec(f->ws->store, STMT_REVIEW_CAMPAIGN_INSERT,
	    p, 7, NULL, NULL, NULL), ASSURE_OK);
	if (revoke_id != NULL) {
		for (k = 0; k < 10; k++)
			p[k] = STORE_NULLV;
		p[0] = STORE_TEXTV(id);
		p[1] = STORE_INTV(0);
		p[2] = STORE_TEXTV("acme.okta.com");
		p[3] = STORE_TEXTV(revoke_id);
		p[4] = STORE_TEXTV("bob@acme.com");
		assert_int_equal(store_exec(f->ws->store,
		    STMT_REVIEW_ITEM_INSERT, p, 10, NULL, NULL, NULL),
		    ASSURE_OK);
		p[0] = STORE_TEXTV("revoke");
		p[1] = STORE_TEXTV("alice");
		p[2] = STORE_INTV(t_(decided));
		p[3] = STORE_NULLV;
		p[4] = STORE_TEXTV(id);
		p[5] = STORE_INTV(0);
		assert_int_equal(store_exec(f->ws->store, STMT_REVIEW_DECIDE,
		    p, 6, NULL, NULL, NULL), ASSURE_OK);
	}
	p[0] = STORE_INTV(t_(closed));
	p[1] = STORE_TEXTV("alice");
	p[2] = STORE_TEXTV(id);
	assert_int_equal(store_exec(f->ws->store, STMT_REVIEW_CLOSE, p, 3,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
test_access_review(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t u;
	struct acct a = { OKTA, "00u1", "alice@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };
	struct acct b = { OKTA, "00u2", "bob@acme.com", "human", 0,
	    "enrolled", 1, NULL, NULL };

	u = evidence(f, "okta-users", t_("2025-09-01T00:00:00Z"));
	account(f, u, 0, &a);
	account(f, u, 1, &b);
	u = evidence(f, "okta-users", t_("2025-10-01T00:00:00Z"));
	account(f, u, 0, &a);
	account(f, u, 1, &b);
	/* No quarter has ended yet: nothing to judge. */
	r = run(f, "2025-09-15T00:00:00Z", "iam.access_review");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	/* Q1 ended without a review. */
	r = run(f, "2025-10-02T00:00:00Z", "iam.access_review");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, "okta/2025-07-01..2025-09-30", "no access review of okta completed in this quarter"));
	/* A closed review whose revoke was not carried out. */
	campaign(f, "okta-2025Q3-1", "2025-09-20T00:00:00Z", "00u2",
	    "2025-09-19T00:00:00Z");
	r = run(f, "2025-10-02T00:00:00Z", "iam.access_review");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, "okta/acme.okta.com/bob@acme.com",
	    "not carried out: still active as of 2025-10-01T00:00:00Z"));
	/* Bob gone from the next snapshot: carried out. */
	u = evidence(f, "okta-users", t_("2025-10-05T00:00:00Z"));
	account(f, u, 0, &a);
	r = run(f, "2025-10-06T00:00:00Z", "iam.access_review");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
}

static void
bad_yaml(const char *text, const char *want)
{
	struct identity id;
	struct assure_diag d;
	char msg[512];

	assert_int_equal(identity_parse(text, strlen(text), "identity.yaml",
	    &id, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, msg, sizeof(msg));
	if (strstr(msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", msg, want);
}

static void
test_identity_yaml_errors(void **state)
{
	(void)state;
	bad_yaml("aliases:\n  - { acount: x, person: y }\n",
	    "identity.yaml:2:");
	bad_yaml("service_accounts:\n  - { system: aws, login: x }\n",
	    "identity.yaml:2:5: service_accounts: each account needs system, "
	    "login and owner");
	bad_yaml("admin: {}\n", "identity.yaml:1:1");
	bad_yaml("admins:\n  okta: alice\n", "identity.yaml:2:");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_admin_mfa_facets_merged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_mfa_pass_without_aws,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unique_ids, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_leaver_future_and_live,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_leaver_date_only_in_zone,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_leaver_status_changed_and_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dormant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_rotation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_least_privilege, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_access_review, setup,
		    teardown),
		cmocka_unit_test(test_identity_yaml_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
