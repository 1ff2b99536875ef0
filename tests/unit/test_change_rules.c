/*
 * test_change_rules.c: the change-management tests on crafted populations
 * stored straight into the store: peer review (comments, superseded and
 * dismissed approvals, bots, late, self and second-account approvals,
 * stale approvals as exceptions or warnings, the production population,
 * records split over files and arriving out of order), deployment
 * traceability (statuses, environments, first-parent history), segregation
 * of duties, emergency changes, branch protection, stale evidence, and a
 * warning recorded and loaded back.
 *
 * CONTROL: tsc:CC8.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "rules/rules.h"
#include "workspace/identity.h"
#include "workspace/workspace.h"

#define DAY	86400
#define HOUR	3600

#define REPO	"acme/api"
#define AS_OF	"2026-01-10T00:00:00Z"	/* the evaluations' instant */
#define EV_AT	"2026-01-09T12:00:00Z"	/* the evidence's as-of */
#define MERGED	"2026-01-05T12:00:00Z"
#define BEFORE	"2026-01-05T10:00:00Z"	/* a review before the merge */
#define AFTER	"2026-01-05T14:00:00Z"	/* and after it */

#define PEER	"change.peer_review"
#define DEPLOY	"change.deploy_traceability"
#define SOD	"change.segregation_of_duties"
#define EMERG	"change.emergency_changes"
#define PROT	"change.branch_protection"

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

/*
 * A 40-character sha, kind and n repeated ("m003m003..."), so that the
 * 12 characters a reason shows tell them apart.  From a ring of buffers:
 * a few may be in use at once.
 */
static const char *
sha(char kind, int n)
{
	static char ring[32][41];
	static size_t next;
	char *s = ring[next++ % 32];
	char part[5];
	size_t i;

	snprintf(part, sizeof(part), "%c%03u", kind, (unsigned)n % 1000);
	for (i = 0; i < 10; i++)
		memcpy(s + 4 * i, part, 4);
	s[40] = '\0';
	return s;
}

#define HEAD(n)		sha('h', (n))	/* the head of pull n */
#define MERGE(n)	sha('m', (n))	/* its merge commit */

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
evidence(struct fixture *f, const char *kind, const char *as_of)
{
	struct store_val p[10];
	char hex[65];
	int64_t id = 0;

	snprintf(hex, sizeof(hex), "%064d", ++f->seq);
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV(kind);
	p[2] = STORE_INTV(100);
	p[3] = STORE_TEXTV("fixture");
	p[4] = STORE_INTV(t_(as_of));
	p[5] = STORE_INTV(t_(as_of));
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	return id;
}

static struct store_val
opt_time(const char *s)
{
	return s != NULL ? STORE_INTV(t_(s)) : STORE_NULLV;
}

/* A GitHub pull; merged_at NULL: closed without merging. */
static void
change(struct fixture *f, int64_t ev, int idx, const char *repo,
    int64_t number, const char *author, const char *merged_at,
    const char *merged_by, const char *base, const char *head,
    const char *merge_sha, const char *labels)
{
	struct store_val p[21];
	size_t i;

	for (i = 0; i < 21; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV("github");
	p[4] = STORE_TEXTV(repo);
	p[5] = STORE_INTV(number);
	p[6] = STORE_TEXTV("a change");
	p[7] = STORE_OPTTEXT(author);
	p[9] = STORE_TEXTV("closed");
	p[10] = STORE_INTV(t_("2026-01-01T00:00:00Z"));
	p[13] = opt_time(merged_at);
	p[14] = STORE_INTV(merged_at != NULL);
	p[15] = STORE_OPTTEXT(merged_by);
	p[16] = STORE_OPTTEXT(base);
	p[17] = STORE_OPTTEXT(head);
	p[18] = STORE_OPTTEXT(merge_sha);
	p[19] = STORE_OPTTEXT(labels);
	assert_int_equal(store_exec(f->ws->store, STMT_CHG_CHANGE_INSERT, p,
	    21, NULL, NULL, NULL), ASSURE_OK);
}

/* Pull n of REPO by alice into main, merged by bob at MERGED. */
static void
merged(struct fixture *f, int64_t ev, int idx, int64_t n,
    const char *labels)
{
	change(f, ev, idx, REPO, n, "alice", MERGED, "bob", "main",
	    HEAD((int)n), MERGE((int)n), labels);
}

static void
review(struct fixture *f, int64_t ev, int idx, int64_t number,
    const char *id, const char *reviewer, const char *state,
    const char *submitted, const char *commit)
{
	struct store_val p[12];

	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV("github");
	p[4] = STORE_TEXTV(REPO);
	p[5] = STORE_INTV(number);
	p[6] = STORE_TEXTV(id);
	p[7] = STORE_OPTTEXT(reviewer);
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV(state);
	p[10] = opt_time(submitted);
	p[11] = STORE_OPTTEXT(commit);
	assert_int_equal(store_exec(f->ws->store, STMT_CHG_REVIEW_INSERT, p,
	    12, NULL, NULL, NULL), ASSURE_OK);
}

/* An approval of pull n's head by bob before the merge. */
static void
approve(struct fixture *f, int64_t ev, int idx, int64_t n)
{
	char id[16];

	snprintf(id, sizeof(id), "a%d", (int)n);
	review(f, ev, idx, n, id, "bob", "APPROVED", BEFORE, HEAD((int)n));
}

/*
 * A deployment of REPO (repo NULL: a CI/CD log naming none); production
 * is 1, 0 or -1 (not said); result NULL: see its statuses.
 */
static void
deploy(struct fixture *f, int64_t ev, int idx, const char *repo,
    const char *id, const char *env, const char *sha_, const char *created,
    const char *actor, int production, const char *result)
{
	struct store_val p[14];
	size_t i;

	for (i = 0; i < 14; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV(repo != NULL ? "github" : "log");
	p[4] = STORE_OPTTEXT(repo);
	p[5] = STORE_TEXTV(id);
	p[6] = STORE_TEXTV(env);
	p[7] = STORE_TEXTV(sha_);
	p[8] = STORE_TEXTV("main");
	p[9] = STORE_INTV(t_(created));
	p[10] = STORE_OPTTEXT(actor);
	if (production >= 0)
		p[11] = STORE_INTV(production);
	p[12] = STORE_OPTTEXT(result);
	assert_int_equal(store_exec(f->ws->store, STMT_CHG_DEPLOYMENT_INSERT,
	    p, 14, NULL, NULL, NULL), ASSURE_OK);
}

static void
status(struct fixture *f, int64_t ev, int idx, const char *dep_id,
    const char *status_id, const char *state, const char *created)
{
	struct store_val p[11];

	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV("github");
	p[4] = STORE_TEXTV(REPO);
	p[5] = STORE_TEXTV(dep_id);
	p[6] = STORE_TEXTV(status_id);
	p[7] = STORE_TEXTV(state);
	p[8] = STORE_INTV(t_(created));
	p[9] = STORE_TEXTV("deployer");
	p[10] = STORE_NULLV;
	assert_int_equal(store_exec(f->ws->store, STMT_CHG_STATUS_INSERT, p,
	    11, NULL, NULL, NULL), ASSURE_OK);
}

/* Branch protection; required, dismiss, enforce -1: not said. */
static void
protection(struct fixture *f, int64_t ev, const char *repo,
    const char *branch, int protected_, int required, int dismiss,
    int enforce)
{
	struct store_val p[16];
	size_t i;

	for (i = 0; i < 16; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(1);
	p[2] = STORE_TEXTV("github");
	p[3] = STORE_TEXTV(repo);
	p[4] = STORE_TEXTV(branch);
	p[5] = STORE_INTV(protected_);
	if (required >= 0)
		p[6] = STORE_INTV(required);
	if (dismiss >= 0)
		p[7] = STORE_INTV(dismiss);
	if (enforce >= 0)
		p[10] = STORE_INTV(enforce);
	assert_int_equal(store_exec(f->ws->store, STMT_CHG_PROTECTION_INSERT,
	    p, 16, NULL, NULL, NULL), ASSURE_OK);
}

/* A commit of REPO's main at position (0: the head). */
static void
commit(struct fixture *f, int64_t ev, int position, const char *sha_)
{
	struct store_val p[16];
	size_t i;

	for (i = 0; i < 16; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(position);
	p[2] = STORE_INTV(position + 1);
	p[3] = STORE_TEXTV(REPO);
	p[4] = STORE_TEXTV("main");
	p[5] = STORE_TEXTV(sha_);
	p[6] = STORE_INTV(position);
	p[7] = STORE_TEXTV("");
	assert_int_equal(store_exec(f->ws->store, STMT_CHG_COMMIT_INSERT, p,
	    16, NULL, NULL, NULL), ASSURE_OK);
}

static void
person(struct fixture *f, int64_t ev, int idx, const char *email)
{
	struct store_val p[15];
	size_t i;

	for (i = 0; i < 15; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[3] = STORE_TEXTV("E1");
	p[4] = STORE_TEXTV(email);
	p[5] = STORE_TEXTV(email);
	p[6] = STORE_TEXTV(email);
	p[7] = STORE_TEXTV("active");
	assert_int_equal(store_exec(f->ws->store, STMT_PERSON_INSERT, p, 15,
	    NULL, NULL, NULL), ASSURE_OK);
}

struct acct {
	const char	*system;
	const char	*tenant;
	const char	*id;
	const char	*login;
	const char	*email;	/* lower case, or NULL */
	int		 admin;
	int		 active;
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
	p[7] = STORE_OPTTEXT(a->email);
	p[8] = STORE_OPTTEXT(a->email);
	p[10] = STORE_TEXTV("human");
	p[11] = STORE_INTV(a->admin);
	p[13] = STORE_TEXTV(a->active ? "active" : "disabled");
	p[14] = STORE_INTV(a->active);
	p[15] = STORE_INTV(t_("2024-01-01T00:00:00Z"));
	assert_int_equal(store_exec(f->ws->store, STMT_ACCOUNT_INSERT, p, 19,
	    NULL, NULL, NULL), ASSURE_OK);
}

static const struct test_result *
run(struct fixture *f, const char *as_of, const char *id)
{
	struct assure_diag d;
	size_t i;

	assert_non_null(test_find(id));
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

/* Whether r has an exception (not a warning) with subject whose reason
 * holds s. */
static bool
has_exc(const struct test_result *r, const char *subject, const char *s)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (!r->exc[i].warning &&
		    strcmp(r->exc[i].subject, subject) == 0 &&
		    strstr(r->exc[i].reason, s) != NULL)
			return true;
	return false;
}

/* Whether r has any finding with this subject. */
static bool
names(const struct test_result *r, const char *subject)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (strcmp(r->exc[i].subject, subject) == 0)
			return true;
	return false;
}

static void
reason_has(const struct test_result *r, const char *s)
{
	assert_non_null(r->reason);
	if (strstr(r->reason, s) == NULL)
		fail_msg("reason '%s' lacks '%s'", r->reason, s);
}

/* "production@<sha>" */
static const char *
at_env(const char *env, const char *sha_)
{
	static char ring[8][128];
	static size_t next;
	char *s = ring[next++ % 8];

	snprintf(s, 128, "%s@%s", env, sha_);
	return s;
}

/* ------------------------------------------------------- no evidence */

static void
test_no_evidence(void **state)
{
	static const char *const ids[] = { PEER, DEPLOY, SOD, EMERG, PROT,
	    NULL };
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl;
	size_t i;

	for (i = 0; ids[i] != NULL; i++) {
		r = run(f, AS_OF, ids[i]);
		assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
		assert_int_equal(r->population, 0);
		assert_int_equal(r->nexc, 0);
		assert_non_null(r->reason);
	}
	r = run(f, AS_OF, PEER);
	reason_has(r, "no pull or merge request evidence");
	/* Pulls as of 40 days before: later changes would go unseen. */
	pl = evidence(f, "github-pulls", "2025-12-01T00:00:00Z");
	change(f, pl, 0, REPO, 1, "alice", "2025-11-30T00:00:00Z", "bob",
	    "main", HEAD(1), MERGE(1), NULL);
	for (i = 0; ids[i] != NULL; i++) {
		if (strcmp(ids[i], PROT) == 0 || strcmp(ids[i], DEPLOY) == 0)
			continue;
		r = run(f, AS_OF, ids[i]);
		assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
		assert_int_equal(r->nexc, 0);
		reason_has(r, "as of 2025-12-01, older than the 35-day "
		    "freshness window");
	}
	/* Within the window then: judged, and unreviewed. */
	r = run(f, "2025-12-02T00:00:00Z", PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 1);
	assert_true(has_exc(r, REPO "#1", "merged by bob at "
	    "2025-11-30T00:00:00Z with no review"));
}

/* ------------------------------------------------------- peer review */

static void
test_peer_review_pass(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	merged(f, pl, 1, 2, NULL);
	/* #1: a comment, then an approval of the head by a peer. */
	review(f, rv, 0, 1, "r1", "carol", "COMMENTED", BEFORE, HEAD(1));
	approve(f, rv, 1, 1);
	/* #2: changes requested, then approved, by the same reviewer. */
	review(f, rv, 2, 2, "r2", "bob", "CHANGES_REQUESTED",
	    "2026-01-05T08:00:00Z", HEAD(2));
	approve(f, rv, 3, 2);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 0);
	assert_int_equal(r->nev, 2);
	assert_string_equal(r->reason, "every one of 2 changes merged into a "
	    "production branch passed");
}

static void
test_peer_review_no_approval(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	merged(f, pl, 1, 2, NULL);
	merged(f, pl, 2, 3, NULL);
	merged(f, pl, 3, 4, NULL);
	/* #1: comments only. */
	review(f, rv, 0, 1, "r1", "bob", "COMMENTED", BEFORE, HEAD(1));
	review(f, rv, 1, 1, "r2", "carol", "COMMENTED", BEFORE, HEAD(1));
	/* #2: approved, then changes requested by the same reviewer. */
	approve(f, rv, 2, 2);
	review(f, rv, 3, 2, "r3", "BOB", "CHANGES_REQUESTED",
	    "2026-01-05T11:00:00Z", HEAD(2));
	/* #3: an approval since dismissed. */
	review(f, rv, 4, 3, "r4", "bob", "DISMISSED", BEFORE, HEAD(3));
	/* #4: no review; a pending one was never submitted. */
	review(f, rv, 5, 4, "r5", "bob", "PENDING", NULL, HEAD(4));
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 4);
	assert_int_equal(r->nexc, 4);
	assert_true(has_exc(r, REPO "#1", "merged by bob at "
	    "2026-01-05T12:00:00Z with reviews but no approval"));
	assert_true(has_exc(r, REPO "#2", "with reviews but no approval "
	    "(changes were requested)"));
	assert_true(has_exc(r, REPO "#3", "with reviews but no approval"));
	assert_false(has_exc(r, REPO "#3", "changes were requested"));
	assert_true(has_exc(r, REPO "#4", "merged by bob at "
	    "2026-01-05T12:00:00Z with no review"));
	assert_string_equal(r->reason, "4 of 4 changes merged into a "
	    "production branch are exceptions");
}

static void
test_peer_review_bots(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	declare(f, "service_accounts:\n  - { system: github, login: "
	    "ci-robot, owner: alice@acme.com, purpose: release automation }\n"
	    "  - { system: aws, login: deployer, owner: alice@acme.com, "
	    "purpose: deployments }\n");
	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	merged(f, pl, 1, 2, NULL);
	merged(f, pl, 2, 3, NULL);
	review(f, rv, 0, 1, "r1", "dependabot[bot]", "APPROVED", BEFORE,
	    HEAD(1));
	review(f, rv, 1, 2, "r2", "CI-Robot", "APPROVED", BEFORE, HEAD(2));
	/* A service account of another system is no bot on GitHub. */
	review(f, rv, 2, 3, "r3", "deployer", "APPROVED", BEFORE, HEAD(3));
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, REPO "#1", "approved only by dependabot[bot], "
	    "a bot: not a peer review"));
	assert_true(has_exc(r, REPO "#2", "approved only by CI-Robot, a bot"));
	assert_false(names(r, REPO "#3"));
}

static void
test_peer_review_late_self_second(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	declare(f, "aliases:\n  - { account: alice, person: alice@acme.com }\n"
	    "  - { account: alice-alt, person: Alice@acme.com }\n");
	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	merged(f, pl, 1, 2, NULL);
	merged(f, pl, 2, 3, NULL);
	merged(f, pl, 3, 4, NULL);
	/* #1: the only approval came after the merge. */
	review(f, rv, 0, 1, "r1", "bob", "APPROVED", AFTER, HEAD(1));
	/* #2: approved by its author (another case of the login). */
	review(f, rv, 1, 2, "r2", "Alice", "APPROVED", BEFORE, HEAD(2));
	/* #3: approved by the author's second account. */
	review(f, rv, 2, 3, "r3", "alice-alt", "APPROVED", BEFORE, HEAD(3));
	/* #4: the second account, and a peer: approved. */
	review(f, rv, 3, 4, "r4", "alice-alt", "APPROVED", BEFORE, HEAD(4));
	approve(f, rv, 4, 4);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 4);
	assert_int_equal(r->nexc, 3);
	assert_true(has_exc(r, REPO "#1", "merged by bob at "
	    "2026-01-05T12:00:00Z before any approval; bob approved at "
	    "2026-01-05T14:00:00Z, after the merge"));
	assert_true(has_exc(r, REPO "#2", "approved only by its author "
	    "alice"));
	assert_true(has_exc(r, REPO "#3", "approved only by alice-alt, a "
	    "second account of its author alice"));
	assert_false(names(r, REPO "#4"));
	/* Without the aliases alice-alt is a peer as far as anyone knows. */
	declare(f, "aliases:\n  - { account: carl, person: carl@acme.com }\n");
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->nexc, 2);
	assert_false(names(r, REPO "#3"));
}

static void
test_peer_review_stale(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	merged(f, pl, 1, 2, NULL);
	/* #1: bob approved an earlier commit than the merged head. */
	review(f, rv, 0, 1, "r1", "bob", "APPROVED", BEFORE, sha('e', 1));
	/* #2: likewise, but carol approved the head too. */
	review(f, rv, 1, 2, "r2", "bob", "APPROVED", BEFORE, sha('e', 2));
	review(f, rv, 2, 2, "r3", "carol", "APPROVED", BEFORE, HEAD(2));
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_int_equal(r->nwarn, 0);
	assert_true(has_exc(r, REPO "#1", "stale approval: bob approved "
	    "commit e001e001e001, not the merged head h001h001h001"));
	/* change.stale_approval: warning reports it without failing. */
	f->ws->cfg.change.stale_is_warning = true;
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_int_equal(r->nwarn, 1);
	assert_true(r->exc[0].warning);
	assert_string_equal(r->exc[0].subject, REPO "#1");
	assert_non_null(strstr(r->exc[0].reason, "stale approval"));
	assert_string_equal(r->reason, "2 changes merged into a production "
	    "branch passed, with 1 warning");
}

static void
test_peer_review_population(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	approve(f, rv, 0, 1);
	/* Unreviewed, but none of them a production change of the period:
	 * into develop, merged before the period, closed unmerged. */
	change(f, pl, 1, REPO, 2, "alice", MERGED, "bob", "develop", HEAD(2),
	    MERGE(2), NULL);
	change(f, pl, 2, REPO, 3, "alice", "2025-06-30T23:00:00Z", "bob",
	    "main", HEAD(3), MERGE(3), NULL);
	change(f, pl, 3, REPO, 4, "alice", NULL, NULL, "main", HEAD(4), NULL,
	    NULL);
	/* #5: a production change, unreviewed. */
	change(f, pl, 4, REPO, 5, "alice", "2026-01-09T06:00:00Z", "bob",
	    "main", HEAD(5), MERGE(5), NULL);
	r = run(f, "2026-01-09T00:00:00Z", PEER);
	/* The evidence is as of after that instant: none of it is seen. */
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, REPO "#5", "with no review"));
	/* #5 merged after the end of the observation period. */
	f->ws->cfg.period_end = t_("2026-01-08T00:00:00Z");
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	f->ws->cfg.period_end = t_("2026-06-30T23:59:59Z");
	/* master is a production branch by default; develop when listed. */
	assure_strlcpy(f->ws->cfg.change.branches.item[0], "develop",
	    sizeof(f->ws->cfg.change.branches.item[0]));
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->population, 1);
	assert_true(has_exc(r, REPO "#2", "with no review"));
}

static void
test_peer_review_pages(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t one, list, rv;

	/* The single pull (with merged_by), then a list page without it. */
	one = evidence(f, "github-pulls", "2026-01-08T00:00:00Z");
	list = evidence(f, "github-pulls", EV_AT);
	change(f, one, 0, REPO, 1, "alice", MERGED, "bob", "main", HEAD(1),
	    MERGE(1), NULL);
	change(f, list, 0, REPO, 1, "alice", MERGED, NULL, "main", HEAD(1),
	    MERGE(1), NULL);
	change(f, list, 1, REPO, 2, "alice", MERGED, NULL, "main", HEAD(2),
	    MERGE(2), NULL);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 2);
	assert_int_equal(r->nev, 2);
	assert_true(has_exc(r, REPO "#1", "merged by bob at "
	    "2026-01-05T12:00:00Z with no review"));
	assert_true(has_exc(r, REPO "#2", "merged at 2026-01-0"));
	/* A later page of reviews approves both. */
	rv = evidence(f, "github-reviews", EV_AT);
	approve(f, rv, 0, 1);
	approve(f, rv, 1, 2);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nev, 3);
}

static void
test_peer_review_review_first(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	/* The reviews were ingested, and are as of, before their pull. */
	rv = evidence(f, "github-reviews", "2026-01-06T00:00:00Z");
	approve(f, rv, 0, 1);
	pl = evidence(f, "github-pulls", EV_AT);
	assert_true(rv < pl);
	merged(f, pl, 0, 1, NULL);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 0);
}

static void
test_peer_review_dismissed_later(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv1, rv2;

	pl = evidence(f, "github-pulls", "2026-01-06T00:00:00Z");
	merged(f, pl, 0, 1, NULL);
	rv1 = evidence(f, "github-reviews", "2026-01-07T00:00:00Z");
	approve(f, rv1, 0, 1);
	/* The same review seen again once dismissed. */
	rv2 = evidence(f, "github-reviews", "2026-01-08T00:00:00Z");
	review(f, rv2, 0, 1, "a1", "bob", "DISMISSED", BEFORE, HEAD(1));
	/* As of before the dismissal was collected: approved. */
	r = run(f, "2026-01-07T12:00:00Z", PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, REPO "#1", "with reviews but no approval"));
}

static void
test_peer_review_emergency_deferred(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	approve(f, rv, 0, 1);
	merged(f, pl, 1, 2, "bug,emergency");
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_PASS);
	/* The deferred change is not in this test's population. */
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nexc, 0);
	reason_has(r, "; 1 emergency change left to "
	    "change.emergency_changes");
	/* Without the label it is an exception here. */
	assure_strlcpy(f->ws->cfg.change.emergency_labels.item[0], "hotfix",
	    sizeof(f->ws->cfg.change.emergency_labels.item[0]));
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(has_exc(r, REPO "#2", "with no review"));
}

/* ------------------------------------------------ deploy traceability */

static void
test_deploy_traceability(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv, dp, st, lg;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	dp = evidence(f, "github-deployments", EV_AT);
	st = evidence(f, "github-deployment-statuses", EV_AT);
	lg = evidence(f, "deployments-csv", EV_AT);
	merged(f, pl, 0, 1, NULL);
	approve(f, rv, 0, 1);
	merged(f, pl, 1, 2, NULL);
	/* 1: the approved change, in progress then successful. */
	deploy(f, dp, 0, REPO, "1", "production", MERGE(1),
	    "2026-01-06T00:00:00Z", "carol", -1, NULL);
	status(f, st, 0, "1", "11", "in_progress", "2026-01-06T00:00:10Z");
	status(f, st, 1, "1", "12", "success", "2026-01-06T00:05:00Z");
	/* 2: the unapproved change. */
	deploy(f, dp, 1, REPO, "2", "production", MERGE(2),
	    "2026-01-06T01:00:00Z", "carol", -1, NULL);
	status(f, st, 2, "2", "21", "success", "2026-01-06T01:05:00Z");
	/* 3: an unknown sha. */
	deploy(f, dp, 2, REPO, "3", "production", sha('x', 3),
	    "2026-01-06T02:00:00Z", "carol", -1, NULL);
	status(f, st, 3, "3", "31", "success", "2026-01-06T02:05:00Z");
	/* 4: failed: not deployed, not judged. */
	deploy(f, dp, 3, REPO, "4", "production", sha('x', 4),
	    "2026-01-06T03:00:00Z", "carol", -1, NULL);
	status(f, st, 4, "4", "41", "failure", "2026-01-06T03:05:00Z");
	/* 5: not a production environment. */
	deploy(f, dp, 4, REPO, "5", "staging", sha('x', 5),
	    "2026-01-06T04:00:00Z", "carol", -1, NULL);
	status(f, st, 5, "5", "51", "success", "2026-01-06T04:05:00Z");
	/* 6: an unlisted environment the vendor says is production; its
	 * success since made inactive by a newer deployment. */
	deploy(f, dp, 5, REPO, "6", "live", MERGE(1),
	    "2026-01-06T05:00:00Z", "carol", 1, NULL);
	status(f, st, 6, "6", "61", "success", "2026-01-06T05:05:00Z");
	status(f, st, 7, "6", "62", "inactive", "2026-01-07T00:00:00Z");
	/* 7: no status at all: judged as deployed. */
	deploy(f, dp, 6, REPO, "7", "prod", MERGE(1),
	    "2026-01-06T06:00:00Z", "carol", -1, NULL);
	/* 8: an unlisted environment the vendor says is not production. */
	deploy(f, dp, 7, REPO, "8", "sandbox", sha('x', 8),
	    "2026-01-06T07:00:00Z", "carol", 0, "success");
	/* 9, 10: a CI/CD log naming no repository, with its own results. */
	deploy(f, lg, 0, NULL, "9", "production", sha('x', 9),
	    "2026-01-06T08:00:00Z", "carol", -1, "failure");
	deploy(f, lg, 1, NULL, "10", "Production", MERGE(1),
	    "2026-01-06T09:00:00Z", "carol", -1, "success");
	/* 11: before the observation period. */
	deploy(f, dp, 8, REPO, "11", "production", sha('x', 11),
	    "2025-06-01T00:00:00Z", "carol", -1, "success");
	r = run(f, AS_OF, DEPLOY);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 6);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, at_env("production", MERGE(2)), "deploys "
	    REPO "#2, which has no peer approval"));
	assert_true(has_exc(r, at_env("production", sha('x', 3)), "deploys a "
	    "commit that is no merged change (no git-repo evidence to trace "
	    "it)"));
	assert_string_equal(r->reason, "2 of 6 successful production "
	    "deployments are exceptions (1 with no final status, judged as "
	    "deployed)");
	assert_int_equal(r->nev, 5);
	/* Any success among its statuses makes 4 deployed, even with a
	 * failure after it. */
	status(f, st, 8, "4", "40", "success", "2026-01-06T03:01:00Z");
	r = run(f, AS_OF, DEPLOY);
	assert_int_equal(r->population, 7);
	assert_true(has_exc(r, at_env("production", sha('x', 4)),
	    "no merged change"));
}

static void
test_deploy_history(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv, dp, git;
	int i;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	dp = evidence(f, "github-deployments", EV_AT);
	git = evidence(f, "git-repo", EV_AT);
	for (i = 1; i <= 3; i++) {
		merged(f, pl, i, i, NULL);
		approve(f, rv, i, i);
	}
	/* main, newest first: #3, a direct push, #2, #1. */
	commit(f, git, 0, MERGE(3));
	commit(f, git, 1, sha('d', 1));
	commit(f, git, 2, MERGE(2));
	commit(f, git, 3, MERGE(1));
	/* production: #1, then #2 (only #2 since), then #3 (which ships
	 * the direct push too), then an unknown sha. */
	deploy(f, dp, 0, REPO, "1", "production", MERGE(1),
	    "2026-01-06T00:00:00Z", "carol", -1, "success");
	deploy(f, dp, 1, REPO, "2", "production", MERGE(2),
	    "2026-01-06T06:00:00Z", "carol", -1, "success");
	deploy(f, dp, 2, REPO, "3", "production", MERGE(3),
	    "2026-01-07T00:00:00Z", "carol", -1, "success");
	deploy(f, dp, 3, REPO, "4", "production", sha('x', 1),
	    "2026-01-08T00:00:00Z", "carol", -1, "success");
	/* prod: #1, then the direct push itself. */
	deploy(f, dp, 4, REPO, "5", "prod", MERGE(1),
	    "2026-01-06T00:00:00Z", "carol", -1, "success");
	deploy(f, dp, 5, REPO, "6", "prod", sha('d', 1),
	    "2026-01-07T00:00:00Z", "carol", -1, "success");
	/* prd: a rollback to #2 after #3 ships nothing unapproved. */
	deploy(f, dp, 6, REPO, "7", "prd", MERGE(3),
	    "2026-01-07T00:00:00Z", "carol", 1, "success");
	deploy(f, dp, 7, REPO, "8", "prd", MERGE(2),
	    "2026-01-08T00:00:00Z", "carol", 1, "success");
	r = run(f, AS_OF, DEPLOY);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 8);
	assert_int_equal(r->nexc, 3);
	assert_false(names(r, at_env("production", MERGE(1))));
	assert_false(names(r, at_env("production", MERGE(2))));
	assert_true(has_exc(r, at_env("production", MERGE(3)), "reaches 1 "
	    "commit since the previous deployment that is no approved "
	    "change: d001d001d001"));
	assert_true(has_exc(r, at_env("production", sha('x', 1)), "deploys "
	    "a commit that is no merged change and not on the first-parent "
	    "history of any git-repo export"));
	assert_true(has_exc(r, at_env("prod", sha('d', 1)), "reaches 1 "
	    "commit since the previous deployment that is no approved "
	    "change: d001d001d001"));
	/* The first deployment of prd: only its own commit is judged; the
	 * rollback reaches nothing new. */
	assert_false(names(r, at_env("prd", MERGE(3))));
	assert_false(names(r, at_env("prd", MERGE(2))));
	/* #2 unapproved: the deployments reaching it say so. */
	review(f, rv, 9, 2, "c2", "bob", "CHANGES_REQUESTED",
	    "2026-01-05T11:00:00Z", HEAD(2));
	r = run(f, AS_OF, DEPLOY);
	assert_true(has_exc(r, at_env("production", MERGE(2)), "deploys "
	    REPO "#2, which has no peer approval"));
	assert_true(has_exc(r, at_env("prod", sha('d', 1)), "reaches 2 "
	    "commits since the previous deployment that are no approved "
	    "change: d001d001d001, m002m002m002 (unapproved)"));
	assert_true(has_exc(r, at_env("prd", MERGE(2)), "deploys " REPO
	    "#2, which has no peer approval"));
	assert_int_equal(r->nexc, 5);
}

static void
test_deploy_no_evidence(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, dp;

	pl = evidence(f, "github-pulls", EV_AT);
	merged(f, pl, 0, 1, NULL);
	r = run(f, AS_OF, DEPLOY);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_int_equal(r->population, 0);
	reason_has(r, "no deployment evidence");
	dp = evidence(f, "github-deployments", "2025-12-01T00:00:00Z");
	deploy(f, dp, 0, REPO, "1", "production", sha('x', 1),
	    "2025-11-30T00:00:00Z", "carol", -1, "success");
	r = run(f, AS_OF, DEPLOY);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_int_equal(r->nexc, 0);
	reason_has(r, "the newest deployment evidence is as of 2025-12-01, "
	    "older than the 35-day freshness window");
}

/* ------------------------------------------------ segregation of duties */

#define AWS	"aws", "111122223333"
#define GH	"github", "acme"

static void
test_sod_second_account_and_deployer(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv, dp, hr, gh;
	struct acct a1 = { GH, "1", "alice", "alice@acme.com", 0, 1 };
	struct acct a2 = { GH, "2", "alice-work", "alice@acme.com", 0, 1 };
	struct acct b1 = { GH, "3", "bob", "bob@acme.com", 0, 1 };

	hr = evidence(f, "hr-csv", EV_AT);
	person(f, hr, 0, "alice@acme.com");
	person(f, hr, 1, "bob@acme.com");
	gh = evidence(f, "github-members", EV_AT);
	account(f, gh, 0, &a1);
	account(f, gh, 1, &a2);
	account(f, gh, 2, &b1);
	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	dp = evidence(f, "github-deployments", EV_AT);
	merged(f, pl, 0, 1, NULL);
	approve(f, rv, 0, 1);
	/* #2: approved only by alice's other GitHub account, both linked
	 * to her by the HR roster. */
	merged(f, pl, 1, 2, NULL);
	review(f, rv, 1, 2, "r2", "alice-work", "APPROVED", BEFORE, HEAD(2));
	/* Alice deploys her own #1 from her other account. */
	deploy(f, dp, 0, REPO, "1", "production", MERGE(1),
	    "2026-01-06T00:00:00Z", "alice-work", -1, "success");
	/* Carol deploys #1 again: not an author. */
	deploy(f, dp, 1, REPO, "2", "production", MERGE(1),
	    "2026-01-07T00:00:00Z", "carol", -1, "success");
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	/* Two changes and one developer. */
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, REPO "#2", "approved only by alice-work, a "
	    "second account of its author alice (alice@acme.com)"));
	/* peer_review says so too. */
	r = run(f, AS_OF, PEER);
	assert_true(has_exc(r, REPO "#2", "a second account of its author"));
	/* change.deployer_not_author: the deployments are judged too. */
	f->ws->cfg.change.deployer_not_author = true;
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 5);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, at_env("production", MERGE(1)), "deployed by "
	    "alice-work, the author of " REPO "#1 "
	    "(change.deployer_not_author)"));
	assert_false(has_exc(r, at_env("production", MERGE(1)), "carol"));
}

static void
test_sod_developer_admin(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv, hr, aws, gh;
	int i;
	/* dan: the same login in AWS; erin: linked by HR and an alias. */
	struct acct dan = { AWS, "AIDA1", "Dan", NULL, 1, 1 };
	struct acct erin = { AWS, "AIDA2", "erin.admin", "erin@acme.com", 1,
	    1 };
	struct acct fred = { AWS, "AIDA3", "fred", NULL, 0, 1 };
	struct acct gina = { AWS, "AIDA4", "gina", NULL, 1, 0 };
	struct acct fred_gh = { GH, "9", "fred", NULL, 1, 1 };

	declare(f, "aliases:\n  - { account: erin-gh, person: "
	    "erin@acme.com }\n");
	hr = evidence(f, "hr-csv", EV_AT);
	person(f, hr, 0, "erin@acme.com");
	aws = evidence(f, "aws-iam-users", EV_AT);
	account(f, aws, 0, &dan);
	account(f, aws, 1, &erin);
	account(f, aws, 2, &fred);
	account(f, aws, 3, &gina);
	gh = evidence(f, "github-members", EV_AT);
	account(f, gh, 0, &fred_gh);
	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	/* Each developer authored one approved production change; fred is
	 * only a GitHub admin (the code host), gina's AWS admin account is
	 * disabled, and dependabot is a bot. */
	change(f, pl, 0, REPO, 1, "dan", MERGED, "bob", "main", HEAD(1),
	    MERGE(1), NULL);
	change(f, pl, 1, REPO, 2, "erin-gh", MERGED, "bob", "main", HEAD(2),
	    MERGE(2), NULL);
	change(f, pl, 2, REPO, 3, "fred", MERGED, "bob", "main", HEAD(3),
	    MERGE(3), NULL);
	change(f, pl, 3, REPO, 4, "gina", MERGED, "bob", "main", HEAD(4),
	    MERGE(4), NULL);
	change(f, pl, 4, REPO, 5, "dependabot[bot]", MERGED, "bob", "main",
	    HEAD(5), MERGE(5), NULL);
	change(f, pl, 5, REPO, 6, "dan", MERGED, "bob", "main", HEAD(6),
	    MERGE(6), NULL);
	for (i = 1; i <= 6; i++)
		approve(f, rv, i, i);
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	/* Six changes and four developers (dan once). */
	assert_int_equal(r->population, 10);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, "developer dan", "authored 2 production "
	    "changes and holds production admin access as "
	    "aws/111122223333/Dan, with no compensating control"));
	assert_true(has_exc(r, "developer erin-gh", "authored 1 production "
	    "change and holds production admin access as "
	    "aws/111122223333/erin.admin"));
	assert_false(names(r, "developer fred"));
	assert_false(names(r, "developer gina"));
	/* A compensating control for erin (by her person) and dan (by his
	 * login). */
	declare(f, "aliases:\n  - { account: erin-gh, person: "
	    "erin@acme.com }\ncompensating_controls:\n"
	    "  - { person: erin@acme.com, control: CHG-4, reason: sessions "
	    "recorded }\n");
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->nexc, 1);
	assert_false(names(r, "developer erin-gh"));
	assert_true(names(r, "developer dan"));
	declare(f, "aliases:\n  - { account: erin-gh, person: "
	    "erin@acme.com }\ncompensating_controls:\n"
	    "  - { person: erin@acme.com, control: CHG-4, reason: sessions "
	    "recorded }\n  - { person: DAN, control: CHG-4, reason: sessions "
	    "recorded }\n");
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 10);
	/* Without the controls, but production_systems narrowed to gcp. */
	declare(f, "aliases:\n  - { account: erin-gh, person: "
	    "erin@acme.com }\n");
	assure_strlcpy(f->ws->cfg.change.production_systems.item[0], "gcp",
	    sizeof(f->ws->cfg.change.production_systems.item[0]));
	f->ws->cfg.change.production_systems.n = 1;
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->verdict, VERDICT_PASS);
	/* Listing github makes the code host's admins count. */
	assure_strlcpy(f->ws->cfg.change.production_systems.item[0], "github",
	    sizeof(f->ws->cfg.change.production_systems.item[0]));
	r = run(f, AS_OF, SOD);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, "developer fred", "as github/acme/fred"));
}

/* --------------------------------------------------- emergency changes */

static void
test_emergency(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv, dp;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	/* #1: approved 10h after the merge. */
	merged(f, pl, 0, 1, "emergency");
	review(f, rv, 0, 1, "r1", "bob", "APPROVED", "2026-01-05T22:00:00Z",
	    HEAD(1));
	/* #2: approved 72h after. */
	merged(f, pl, 1, 2, "bug,Emergency");
	review(f, rv, 1, 2, "r2", "bob", "APPROVED", "2026-01-08T12:00:00Z",
	    HEAD(2));
	/* #3: none yet, merged a day before the as-of instant. */
	change(f, pl, 2, REPO, 3, "alice", "2026-01-09T00:00:00Z", "bob",
	    "main", HEAD(3), MERGE(3), "EMERGENCY");
	/* #4: none, and past the window. */
	merged(f, pl, 3, 4, "emergency");
	/* #5: approved before the merge like any change. */
	merged(f, pl, 4, 5, "emergency");
	approve(f, rv, 4, 5);
	/* #6: no emergency (a label containing the word is not it). */
	merged(f, pl, 5, 6, "emergency-ish");
	r = run(f, AS_OF, EMERG);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 5);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, REPO "#2", "emergency change merged at "
	    "2026-01-05T12:00:00Z; approved by bob 72h after, beyond 48h"));
	assert_true(has_exc(r, REPO "#4", "emergency change merged at "
	    "2026-01-05T12:00:00Z with no peer approval within 48h after"));
	assert_string_equal(r->reason, "2 of 5 emergency changes are "
	    "exceptions; 1 still within their approval window");
	/* peer_review leaves the unapproved ones to this test. */
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, REPO "#6", "with no review"));
	reason_has(r, "4 emergency changes left to change.emergency_changes");
	/* A 4h window: #1 is late, and #3 overdue. */
	f->ws->cfg.change.emergency_within = 4 * HOUR;
	r = run(f, AS_OF, EMERG);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->nexc, 4);
	assert_true(has_exc(r, REPO "#1", "approved by bob 10h after, beyond "
	    "4h"));
	assert_true(has_exc(r, REPO "#3", "emergency change merged at "
	    "2026-01-09T00:00:00Z with no peer approval within 4h after"));
	assert_string_equal(r->reason, "4 of 5 emergency changes are "
	    "exceptions");
	/* deploy_traceability: an emergency change approved in time is an
	 * approved change; one approved late is not. */
	f->ws->cfg.change.emergency_within = 48 * HOUR;
	dp = evidence(f, "github-deployments", EV_AT);
	deploy(f, dp, 0, REPO, "1", "production", MERGE(1),
	    "2026-01-08T00:00:00Z", "carol", -1, "success");
	deploy(f, dp, 1, REPO, "2", "production", MERGE(2),
	    "2026-01-08T01:00:00Z", "carol", -1, "success");
	r = run(f, AS_OF, DEPLOY);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, at_env("production", MERGE(2)), "deploys "
	    REPO "#2, which has no peer approval"));
}

static void
test_emergency_pass(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t pl, rv;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, "Emergency");
	review(f, rv, 0, 1, "r1", "carol", "APPROVED", "2026-01-05T22:00:00Z",
	    HEAD(1));
	merged(f, pl, 1, 2, NULL);
	approve(f, rv, 1, 2);
	r = run(f, AS_OF, EMERG);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_string_equal(r->reason, "every one of 1 emergency changes "
	    "passed");
	/* A self-approval after the fact is no peer approval: carol's
	 * still counts for #1, and #3 has none. */
	review(f, rv, 2, 1, "r2", "alice", "APPROVED", "2026-01-05T13:00:00Z",
	    HEAD(1));
	pl = evidence(f, "github-pulls", EV_AT);
	merged(f, pl, 0, 3, "emergency");
	review(f, rv, 3, 3, "r3", "alice", "APPROVED", "2026-01-05T13:00:00Z",
	    HEAD(3));
	r = run(f, AS_OF, EMERG);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, REPO "#3", "with no peer approval within 48h "
	    "after"));
}

/* --------------------------------------------------- branch protection */

static void
test_branch_protection(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t bp, pl;

	bp = evidence(f, "github-branch-protection", EV_AT);
	protection(f, bp, REPO, "main", 1, 1, 1, 1);
	/* Not a production branch: not judged. */
	protection(f, bp, REPO, "develop", 0, -1, -1, -1);
	r = run(f, AS_OF, PROT);
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nev, 1);
	assert_string_equal(r->reason, "every one of 1 production branches "
	    "passed");
	/* Newer snapshots: web unprotected; api weakened. */
	bp = evidence(f, "github-branch-protection", "2026-01-09T13:00:00Z");
	protection(f, bp, REPO, "main", 1, 0, 0, 0);
	protection(f, bp, "acme/web", "main", 0, -1, -1, -1);
	pl = evidence(f, "github-pulls", EV_AT);
	merged(f, pl, 0, 1, NULL);
	r = run(f, AS_OF, PROT);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc(r, "acme/web:main", "not protected"));
	assert_true(has_exc(r, REPO ":main", "no approving review required, "
	    "stale approvals are not dismissed, administrators are exempt"));
	/* Only the older snapshot as of before the newer one. */
	r = run(f, "2026-01-09T12:30:00Z", PROT);
	assert_int_equal(r->verdict, VERDICT_PASS);
	/* Values not said are not protections. */
	bp = evidence(f, "github-branch-protection", "2026-01-09T14:00:00Z");
	protection(f, bp, REPO, "main", 1, 2, -1, 1);
	r = run(f, AS_OF, PROT);
	assert_true(has_exc(r, REPO ":main", "stale approvals are not "
	    "dismissed"));
	assert_false(has_exc(r, REPO ":main", "no approving review"));
	assert_false(has_exc(r, REPO ":main", "administrators"));
}

static void
test_branch_protection_evidence(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t bp, pl;

	/* Stale protection evidence. */
	bp = evidence(f, "github-branch-protection", "2025-11-01T00:00:00Z");
	protection(f, bp, REPO, "main", 1, 1, 1, 1);
	r = run(f, AS_OF, PROT);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_int_equal(r->population, 1);
	reason_has(r, "no fresh branch protection evidence (freshness 35 "
	    "days) for: " REPO ":main (as of 2025-11-01)");
	/* Fresh, but a production branch changes merged into has none. */
	bp = evidence(f, "github-branch-protection", EV_AT);
	protection(f, bp, REPO, "main", 1, 1, 1, 1);
	pl = evidence(f, "github-pulls", EV_AT);
	change(f, pl, 0, "acme/web", 7, "alice", MERGED, "bob", "master",
	    HEAD(7), MERGE(7), NULL);
	r = run(f, AS_OF, PROT);
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 0);
	reason_has(r, "for: acme/web:master (none)");
	/* A failure elsewhere, with the missing one: fail, naming both. */
	protection(f, bp, "acme/db", "main", 0, -1, -1, -1);
	r = run(f, AS_OF, PROT);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, "acme/db:main", "not protected"));
	reason_has(r, "1 of 3 production branches is an exception; without "
	    "fresh evidence: acme/web:master (none)");
}

static void
test_branch_protection_stale_and_fail(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t old, bp;

	old = evidence(f, "github-branch-protection", "2025-11-01T00:00:00Z");
	protection(f, old, REPO, "main", 1, 1, 1, 1);
	bp = evidence(f, "github-branch-protection", EV_AT);
	protection(f, bp, "acme/web", "main", 1, 0, 1, 1);
	r = run(f, AS_OF, PROT);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 1);
	assert_true(has_exc(r, "acme/web:main", "no approving review "
	    "required"));
	reason_has(r, "without fresh evidence: " REPO ":main (as of "
	    "2025-11-01)");
}

/* ------------------------------------------------- recording a warning */

static void
test_warning_recorded(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	struct evaluation back;
	struct assure_diag d;
	struct assure_buf b;
	struct jsonw w;
	int64_t pl, rv;
	bool found;
	size_t i;

	pl = evidence(f, "github-pulls", EV_AT);
	rv = evidence(f, "github-reviews", EV_AT);
	merged(f, pl, 0, 1, NULL);
	review(f, rv, 0, 1, "r1", "bob", "APPROVED", BEFORE, sha('e', 1));
	merged(f, pl, 1, 2, NULL);
	f->ws->cfg.change.stale_is_warning = true;
	r = run(f, AS_OF, PEER);
	assert_int_equal(r->nwarn, 1);
	assert_int_equal(r->nexc, 2);
	assert_int_equal(evaluation_record(f->ws->store, f->ws->ledger, &f->ev,
	    &d), ASSURE_OK);
	assert_int_equal(evaluation_load(f->ws->store, f->ev.id, &back, &found,
	    &d), ASSURE_OK);
	assert_true(found);
	r = NULL;
	for (i = 0; i < back.n; i++)
		if (strcmp(back.results[i].test_id, PEER) == 0)
			r = &back.results[i];
	assert_non_null(r);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 2);
	assert_int_equal(r->nwarn, 1);
	assert_int_equal(result_failures(r), 1);
	for (i = 0; i < r->nexc; i++)
		assert_int_equal(r->exc[i].warning,
		    strcmp(r->exc[i].subject, REPO "#1") == 0);
	assure_buf_init(&b, 0);
	jsonw_init(&w, &b, false);
	evaluation_json(&back, &w);
	assert_non_null(strstr(assure_buf_str(&b), "\"exceptions\":[{"
	    "\"subject\":\"" REPO "#2\",\"reason\":\"merged by bob at "
	    "2026-01-05T12:00:00Z with no review\"}],\"warnings\":[{"
	    "\"subject\":\"" REPO "#1\",\"reason\":\"stale approval: bob "
	    "approved commit e001e001e001, not the merged head "
	    "h001h001h001\"}]"));
	assure_buf_free(&b);
	evaluation_release(&back);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_pass, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_no_approval,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_bots, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_peer_review_late_self_second, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_stale, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_population,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_peer_review_review_first,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_peer_review_dismissed_later, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_peer_review_emergency_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deploy_traceability,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_deploy_history, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deploy_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_sod_second_account_and_deployer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sod_developer_admin,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_emergency, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_emergency_pass, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_branch_protection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_branch_protection_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_branch_protection_stale_and_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warning_recorded, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
