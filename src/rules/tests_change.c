/*
 * tests_change.c: the change-management tests over the populations of
 * rules/changes.h (SOC 2 step 5, CC8.1): peer review of every change
 * merged into a production branch, traceability of every production
 * deployment to approved changes, segregation of duties, emergency
 * changes approved after the fact, and branch protection.
 *
 * The period judged is the observation period up to the instant of the
 * evaluation.  A change's subject is "repo#number"; a deployment's is
 * "environment@sha".  No change evidence, or change evidence older than
 * the freshness window at that instant, is no_evidence: events after the
 * newest collection would go unseen.
 *
 * Who is who: two logins are the same person when they are equal (any
 * case), or when identity.yaml (an alias, the owner of a declared or
 * service account) or the identity populations (an account of the code
 * host linked to an HR person) give both the same person.  A bot is an
 * account the code host marks as one ("[bot]", type Bot) or a service
 * account declared in identity.yaml for that system.
 *
 * CONTROL: tsc:CC8.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/timeutil.h"
#include "rules/changes.h"
#include "rules/population.h"
#include "workspace/identity.h"

#define SHORT_SHA	12	/* characters of a sha in a reason */
#define WALK_MAX	100000	/* commits walked back from one deployment */

struct cctx {
	const struct test_ctx	*ctx;
	struct chg_population	 c;
	struct population	 id;	/* accounts and people */
	bool			 id_loaded;
	int64_t			 from, to;	/* the window judged */
};

/* --------------------------------------------------------- who is who */

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool
is_bot(const struct cctx *cc, const char *system, const char *login,
    int flag)
{
	if (login == NULL)
		return false;
	if (flag == 1 || ends_with(login, "[bot]"))
		return true;
	return identity_service(cc->ctx->cfg->identity, system, NULL, login,
	    NULL) != NULL;
}

/* The person (an HR e-mail) behind a code-host login, or NULL. */
static const char *
person_of(const struct cctx *cc, const char *system, const char *login)
{
	const struct identity *id = cc->ctx->cfg->identity;
	const struct identity_account *a;
	const char *s;
	size_t i;

	if (login == NULL)
		return NULL;
	if ((s = identity_alias_of(id, login, NULL)) != NULL)
		return s;
	if ((a = identity_declared(id, system, NULL, login, NULL)) != NULL)
		return a->owner;
	if ((a = identity_service(id, system, NULL, login, NULL)) != NULL)
		return a->owner;
	for (i = 0; i < cc->id.nacc; i++)
		if (cc->id.acc[i].person != NULL &&
		    strcmp(cc->id.acc[i].system, system) == 0 &&
		    cc->id.acc[i].login != NULL &&
		    strcasecmp(cc->id.acc[i].login, login) == 0)
			return cc->id.acc[i].person->email_norm;
	return strchr(login, '@') != NULL ? login : NULL;
}

static bool
same_person(const struct cctx *cc, const char *system, const char *a,
    const char *b)
{
	const char *pa, *pb;

	if (a == NULL || b == NULL)
		return false;
	if (strcasecmp(a, b) == 0)
		return true;
	pa = person_of(cc, system, a);
	pb = person_of(cc, system, b);
	return pa != NULL && pb != NULL && strcasecmp(pa, pb) == 0;
}

/* ------------------------------------------------------ judging changes */

enum jkind {
	J_APPROVED,	/* a peer approved the merged head before the merge */
	J_STALE,	/* a peer approved, but an earlier commit */
	J_SECOND,	/* approved only by a second account of the author */
	J_SELF,		/* approved only by the author */
	J_BOT,		/* approved only by bots */
	J_LATE,		/* a peer approved only after the merge */
	J_COMMENTS,	/* reviews, none an approval */
	J_NONE,		/* no review at all */
};

struct judgement {
	enum jkind		 kind;
	const struct chg_rv	*by;	/* the approval the kind is about */
	const struct chg_rv	*late;	/* the first peer approval after */
	bool			 emergency;
	bool			 changes_requested;
};

static bool
emergency(const struct cctx *cc, const struct chg_pr *pr)
{
	const struct config_list *l = &cc->ctx->cfg->change.emergency_labels;
	const char *p, *e;
	size_t i, n;

	for (p = pr->labels; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		/* "bug, emergency": blanks around a name are not part of it */
		while (p < e && *p == ' ')
			p++;
		n = (size_t)(e - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		for (i = 0; i < l->n; i++)
			if (strlen(l->item[i]) == n &&
			    strncasecmp(l->item[i], p, n) == 0)
				return true;
	}
	return false;
}

static bool
in_production(const struct cctx *cc, const struct chg_pr *pr)
{
	return pr->has_merged_at && pr->merged_at >= cc->from &&
	    pr->merged_at <= cc->to &&
	    config_list_has(&cc->ctx->cfg->change.branches, pr->base);
}

/*
 * What the reviews of pr say.  Per reviewer, the latest decisive review
 * submitted by the merge counts (APPROVED, CHANGES_REQUESTED, or
 * DISMISSED, which withdraws); COMMENTED decides nothing and PENDING was
 * never submitted.  A review without a time (GitLab approval) counts as
 * given by the merge: GitLab shows the approvals a merge request has.
 */
static void
judge(const struct cctx *cc, const struct chg_pr *pr, struct judgement *j)
{
	const struct chg_rv *r, *latest[64], *second = NULL, *self = NULL;
	const struct chg_rv *bot = NULL, *stale = NULL;
	const char *who[64];
	size_t i, k, n = 0;
	bool before, any = false;

	memset(j, 0, sizeof(*j));
	j->emergency = emergency(cc, pr);
	for (i = 0; i < pr->nrv; i++) {
		r = &pr->rv[i];
		if (strcmp(r->state, "PENDING") == 0)
			continue;
		any = true;
		before = !r->has_submitted || r->submitted <= pr->merged_at;
		if (!before) {
			if (j->late == NULL && strcmp(r->state, "APPROVED") ==
			    0 && r->reviewer != NULL &&
			    !is_bot(cc, pr->system, r->reviewer, r->bot) &&
			    !same_person(cc, pr->system, r->reviewer,
			    pr->author))
				j->late = r;
			continue;
		}
		if (strcmp(r->state, "COMMENTED") == 0 || r->reviewer == NULL)
			continue;
		if (strcmp(r->state, "CHANGES_REQUESTED") == 0)
			j->changes_requested = true;
		for (k = 0; k < n; k++)
			if (strcasecmp(who[k], r->reviewer) == 0)
				break;
		if (k == n) {
			if (n == sizeof(latest) / sizeof(latest[0]))
				continue;	/* 64 reviewers decide enough */
			who[n++] = r->reviewer;
		}
		latest[k] = r;
	}
	for (k = 0; k < n; k++) {
		r = latest[k];
		if (strcmp(r->state, "APPROVED") != 0)
			continue;
		if (is_bot(cc, pr->system, r->reviewer, r->bot)) {
			bot = bot != NULL ? bot : r;
			continue;
		}
		if (pr->author != NULL &&
		    strcasecmp(r->reviewer, pr->author) == 0) {
			self = self != NULL ? self : r;
			continue;
		}
		if (same_person(cc, pr->system, r->reviewer, pr->author)) {
			second = second != NULL ? second : r;
			continue;
		}
		if (r->commit != NULL && pr->head_sha != NULL &&
		    strcmp(r->commit, pr->head_sha) != 0) {
			stale = stale != NULL ? stale : r;
			continue;
		}
		j->kind = J_APPROVED;
		j->by = r;
		return;
	}
	if (stale != NULL)
		*j = (struct judgement){ J_STALE, stale, j->late, j->emergency,
		    j->changes_requested };
	else if (second != NULL)
		*j = (struct judgement){ J_SECOND, second, j->late,
		    j->emergency, j->changes_requested };
	else if (self != NULL)
		*j = (struct judgement){ J_SELF, self, j->late, j->emergency,
		    j->changes_requested };
	else if (bot != NULL)
		*j = (struct judgement){ J_BOT, bot, j->late, j->emergency,
		    j->changes_requested };
	else if (j->late != NULL)
		j->kind = J_LATE;
	else
		j->kind = any ? J_COMMENTS : J_NONE;
}

/* Whether an emergency change's after-the-fact approval is in time. */
static bool
emergency_ok(const struct cctx *cc, const struct chg_pr *pr,
    const struct judgement *j)
{
	return j->late != NULL && j->late->has_submitted &&
	    j->late->submitted - pr->merged_at <=
	    cc->ctx->cfg->change.emergency_within;
}

/* Whether pr counts as approved for a deployment of it. */
static bool
approved(const struct cctx *cc, const struct chg_pr *pr)
{
	struct judgement j;

	judge(cc, pr, &j);
	if (j.kind == J_APPROVED)
		return true;
	if (j.kind == J_STALE && cc->ctx->cfg->change.stale_is_warning)
		return true;
	return j.emergency && emergency_ok(cc, pr, &j);
}

static void
subject_of(const struct chg_pr *pr, char *out, size_t size)
{
	snprintf(out, size, "%s#%lld", pr->repo, (long long)pr->number);
}

static const char *
short_sha(const char *sha, char *out)
{
	snprintf(out, SHORT_SHA + 1, "%s", sha != NULL ? sha : "?");
	return out;
}

/* ------------------------------------------------------ common verdicts */

static const char *const change_kinds[] = { "github-pulls",
    "github-reviews", "gitlab-merge-requests", "gitlab-approvals", NULL };
static const char *const deploy_kinds[] = { "github-deployments",
    "github-deployment-statuses", "deployments-csv", "deployments-json",
    "git-repo", NULL };

static enum assure_err
load(const struct test_ctx *ctx, struct cctx *cc, bool identity,
    struct assure_diag *d)
{
	enum assure_err rc;

	memset(cc, 0, sizeof(*cc));
	cc->ctx = ctx;
	cc->from = ctx->cfg->period_start;
	cc->to = ctx->as_of < ctx->cfg->period_end ? ctx->as_of :
	    ctx->cfg->period_end;
	rc = chg_population_load(ctx, &cc->c, d);
	if (rc == ASSURE_OK && identity) {
		rc = population_load(ctx, POP_ACCOUNTS | POP_PEOPLE, &cc->id,
		    d);
		cc->id_loaded = true;
	}
	return rc;
}

static void
release(struct cctx *cc)
{
	chg_population_release(&cc->c);
	if (cc->id_loaded)
		population_release(&cc->id);
}

/*
 * No change evidence, or only stale change evidence, is no_evidence;
 * returns true when the verdict is settled so.
 */
static bool
no_changes(const struct cctx *cc, struct test_result *res,
    enum assure_err *rc)
{
	char day[ASSURE_TIME_STRLEN];

	*rc = ASSURE_OK;
	if (!cc->c.has_changes_ev) {
		res->verdict = VERDICT_NO_EVIDENCE;
		*rc = result_set_reason(res, "no pull or merge request "
		    "evidence (github-pulls, gitlab-merge-requests) as of "
		    "this instant");
		return true;
	}
	if (cc->c.changes_as_of < cc->ctx->as_of - cc->ctx->cfg->freshness) {
		assure_date_format(cc->c.changes_as_of, day);
		res->verdict = VERDICT_NO_EVIDENCE;
		*rc = result_set_reason(res, "the newest pull or merge request "
		    "evidence is as of %s, older than the %lld-day freshness "
		    "window: later changes would go unseen", day,
		    (long long)(cc->ctx->cfg->freshness / 86400));
		return true;
	}
	return false;
}

static enum assure_err
settle(struct test_result *res, const char *what)
{
	size_t n = result_failures(res);

	res->verdict = n > 0 ? VERDICT_FAIL : VERDICT_PASS;
	if (n == 0 && res->nwarn == 0)
		return result_set_reason(res, "every one of %lld %s passed",
		    (long long)res->population, what);
	if (n == 0)
		return result_set_reason(res, "%lld %s passed, with %zu "
		    "warning%s", (long long)res->population, what, res->nwarn,
		    res->nwarn == 1 ? "" : "s");
	return result_set_reason(res, "%zu of %lld %s %s", n,
	    (long long)res->population, what, n == 1 ? "is an exception" :
	    "are exceptions");
}

/* ------------------------------------------------------------- peer review */

static enum assure_err
run_peer_review(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct cctx cc;
	struct judgement j;
	const struct chg_pr *pr;
	char subject[RULES_SUBJECT_MAX], t1[ASSURE_TIME_STRLEN];
	char t2[ASSURE_TIME_STRLEN], s1[SHORT_SHA + 1], s2[SHORT_SHA + 1];
	char merger[RULES_SUBJECT_MAX];
	enum assure_err rc;
	size_t i, deferred = 0;

	rc = load(ctx, &cc, true, d);
	if (rc == ASSURE_OK)
		rc = chg_population_evidence(&cc.c, change_kinds, res);
	if (rc != ASSURE_OK || no_changes(&cc, res, &rc))
		goto out;
	for (i = 0; rc == ASSURE_OK && i < cc.c.npr; i++) {
		pr = &cc.c.pr[i];
		if (!in_production(&cc, pr))
			continue;
		judge(&cc, pr, &j);
		if (j.emergency && j.kind != J_APPROVED && j.kind != J_STALE) {
			deferred++;	/* change.emergency_changes judges */
			continue;
		}
		subject_of(pr, subject, sizeof(subject));
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		assure_time_format(pr->merged_at, t1);
		/* A list page does not say who merged. */
		snprintf(merger, sizeof(merger), "%s%s",
		    pr->merged_by != NULL ? "by " : "",
		    pr->merged_by != NULL ? pr->merged_by : "");
		switch (j.kind) {
		case J_APPROVED:
			break;
		case J_STALE:
			rc = (ctx->cfg->change.stale_is_warning ?
			    result_add_warning : result_add_exception)(res,
			    subject, "stale approval: %s approved commit %s, "
			    "not the merged head %s", j.by->reviewer,
			    short_sha(j.by->commit, s1),
			    short_sha(pr->head_sha, s2));
			break;
		case J_SECOND:
			rc = result_add_exception(res, subject, "approved only "
			    "by %s, a second account of its author %s",
			    j.by->reviewer, pr->author);
			break;
		case J_SELF:
			rc = result_add_exception(res, subject, "approved only "
			    "by its author %s", pr->author);
			break;
		case J_BOT:
			rc = result_add_exception(res, subject, "approved only "
			    "by %s, a bot: not a peer review", j.by->reviewer);
			break;
		case J_LATE:
			assure_time_format(j.late->submitted, t2);
			rc = result_add_exception(res, subject, "merged %s%s"
			    "at %s before any approval; %s approved at %s, "
			    "after the merge", merger, *merger ? " " : "", t1,
			    j.late->reviewer, t2);
			break;
		case J_COMMENTS:
			rc = result_add_exception(res, subject, "merged %s%s"
			    "at %s with reviews but no approval%s", merger,
			    *merger ? " " : "", t1, j.changes_requested ?
			    " (changes were requested)" : "");
			break;
		case J_NONE:
			rc = result_add_exception(res, subject, "merged %s%s"
			    "at %s with no review", merger, *merger ? " " : "",
			    t1);
			break;
		}
	}
	if (rc == ASSURE_OK)
		rc = settle(res, "changes merged into a production branch");
	if (rc == ASSURE_OK && deferred > 0 && res->reason != NULL)
		rc = result_set_reason(res, "%s; %zu emergency change%s left "
		    "to change.emergency_changes", res->reason, deferred,
		    deferred == 1 ? "" : "s");
out:
	release(&cc);
	return rc;
}

static const char *const cc81[] = { "CC8.1", NULL };

const struct test_def test_change_peer_review = {
	.id = "change.peer_review",
	.title = "Every production change had a peer approval",
	.description = "Every change merged into a production branch in the "
	    "observation period had an APPROVED review, submitted before the "
	    "merge and not dismissed or superseded, by someone other than its "
	    "author (not a second account of the author, not a bot).  A "
	    "comment is not an approval.  An approval of an earlier commit "
	    "than the merged head is a stale approval (change.stale_approval: "
	    "exception or warning).  Emergency changes without one are left "
	    "to change.emergency_changes.",
	.criteria = cc81,
	.run = run_peer_review,
};

/* -------------------------------------------------- deploy traceability */

static bool
production_env(const struct cctx *cc, const struct chg_dep *x)
{
	const struct config_list *l = &cc->ctx->cfg->change.environments;
	size_t i;

	if (x->production == 1)
		return true;
	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->item[i], x->environment) == 0)
			return true;
	return false;
}

/* A deployment that did not deploy: failed, cancelled, never ran. */
static bool
not_deployed(const struct chg_dep *x)
{
	static const char *const words[] = { "failure", "error", "cancelled",
	    "canceled", "skipped", "queued", "pending", "in_progress", NULL };
	size_t i;

	for (i = 0; x->result != NULL && words[i] != NULL; i++)
		if (strcasecmp(x->result, words[i]) == 0)
			return true;
	return false;
}

static bool
judged_deployment(const struct cctx *cc, const struct chg_dep *x)
{
	return production_env(cc, x) && !not_deployed(x) && x->has_created &&
	    x->created >= cc->from && x->created <= cc->to;
}

/* The previous deployment of the same repository and environment. */
static const struct chg_dep *
previous(const struct cctx *cc, size_t at)
{
	const struct chg_dep *x = &cc->c.dep[at], *y;
	size_t i;

	for (i = at; i-- > 0; ) {
		y = &cc->c.dep[i];
		if (not_deployed(y) || strcasecmp(y->environment,
		    x->environment) != 0)
			continue;
		if ((x->repo == NULL) != (y->repo == NULL) ||
		    (x->repo != NULL && strcmp(x->repo, y->repo) != 0))
			continue;
		return y;
	}
	return NULL;
}

/*
 * Walk the first-parent history back from the deployed commit (index
 * at) to the previous deployment's commit, naming in out the commits that
 * are no approved change.  Returns how many there are.
 */
static size_t
walk_unapproved(const struct cctx *cc, size_t at, const char *prev_sha,
    char *out, size_t size, bool *ret_bounded)
{
	const struct chg_commit_row *c0 = &cc->c.commits[at], *c;
	const struct chg_pr *pr;
	char s[SHORT_SHA + 1];
	size_t i, n = 0, used = 0, walked = 0;

	*ret_bounded = prev_sha == NULL;
	out[0] = '\0';
	for (i = at; i < cc->c.ncommits && walked < WALK_MAX; i++, walked++) {
		c = &cc->c.commits[i];
		if (c->repo != c0->repo || c->branch != c0->branch)
			break;
		if (prev_sha != NULL && strcmp(c->sha, prev_sha) == 0) {
			*ret_bounded = true;
			break;
		}
		pr = chg_find_by_sha(&cc->c, c->repo, c->sha);
		if (pr == NULL || !approved(cc, pr)) {
			n++;
			if (n <= 3 && used < size)
				used += (size_t)snprintf(out + used,
				    size - used, "%s%s%s", n > 1 ? ", " : "",
				    short_sha(c->sha, s), pr == NULL ? "" :
				    " (unapproved)");
		}
		/* With no earlier deployment, only the commit deployed. */
		if (prev_sha == NULL)
			break;
	}
	return n;
}

static enum assure_err
run_deploy_traceability(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct cctx cc;
	const struct chg_dep *x, *prev;
	const struct chg_pr *pr;
	char subject[RULES_SUBJECT_MAX], list[200], sub[RULES_SUBJECT_MAX];
	char day[ASSURE_TIME_STRLEN];
	enum assure_err rc;
	size_t i, at, n, unknown = 0;
	bool bounded;

	rc = load(ctx, &cc, true, d);
	if (rc == ASSURE_OK)
		rc = chg_population_evidence(&cc.c, change_kinds, res);
	if (rc == ASSURE_OK)
		rc = chg_population_evidence(&cc.c, deploy_kinds, res);
	if (rc != ASSURE_OK)
		goto out;
	if (!cc.c.has_deploy_ev) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no deployment evidence "
		    "(github-deployments, deployments-csv, deployments-json) "
		    "as of this instant");
		goto out;
	}
	if (cc.c.deploy_as_of < ctx->as_of - ctx->cfg->freshness) {
		assure_date_format(cc.c.deploy_as_of, day);
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "the newest deployment evidence is "
		    "as of %s, older than the %lld-day freshness window", day,
		    (long long)(ctx->cfg->freshness / 86400));
		goto out;
	}
	if (no_changes(&cc, res, &rc))
		goto out;
	for (i = 0; rc == ASSURE_OK && i < cc.c.ndep; i++) {
		x = &cc.c.dep[i];
		if (!judged_deployment(&cc, x))
			continue;
		/* Two deployments of one commit to one environment: one. */
		snprintf(subject, sizeof(subject), "%s@%s", x->environment,
		    x->sha);
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		if (x->result == NULL)
			unknown++;
		pr = chg_find_by_sha(&cc.c, x->repo, x->sha);
		if (pr != NULL && !approved(&cc, pr)) {
			subject_of(pr, sub, sizeof(sub));
			rc = result_add_exception(res, subject, "deploys %s, "
			    "which has no peer approval", sub);
			continue;
		}
		if (!chg_find_commit(&cc.c, x->repo, x->sha, &at)) {
			if (pr == NULL)
				rc = result_add_exception(res, subject,
				    "deploys a commit that is no merged "
				    "change%s", cc.c.ncommits > 0 ? " and not "
				    "on the first-parent history of any "
				    "git-repo export" : " (no git-repo "
				    "evidence to trace it)");
			continue;
		}
		/*
		 * An approved change ships, too, what its first-parent
		 * history holds since the previous deployment; where that
		 * deployment is not on it (a rollback), the change alone.
		 */
		prev = previous(&cc, i);
		n = walk_unapproved(&cc, at, prev != NULL ? prev->sha : NULL,
		    list, sizeof(list), &bounded);
		if (n > 0 && (pr == NULL || bounded))
			rc = result_add_exception(res, subject, "reaches %zu "
			    "commit%s since the previous deployment that %s no "
			    "approved change: %s%s", n, n == 1 ? "" : "s",
			    n == 1 ? "is" : "are", list, n > 3 ? ", ..." : "");
		else if (!bounded && pr == NULL)
			rc = result_add_exception(res, subject, "the previous "
			    "deployment (%.12s) is not on the first-parent "
			    "history of %s: the commits between cannot be "
			    "traced", prev->sha,
			    cc.c.commits[at].branch);
	}
	if (rc == ASSURE_OK)
		rc = settle(res, "successful production deployments");
	if (rc == ASSURE_OK && unknown > 0)
		rc = result_set_reason(res, "%s (%zu with no final status, "
		    "judged as deployed)", res->reason, unknown);
out:
	release(&cc);
	return rc;
}

const struct test_def test_change_deploy_traceability = {
	.id = "change.deploy_traceability",
	.title = "Every production deployment traces to approved changes",
	.description = "Every successful deployment to a production "
	    "environment in the observation period deploys the merge (or "
	    "head) commit of an approved change, or, by the first-parent "
	    "history of a git-repo export, reaches only approved changes "
	    "since the previous deployment (both, where the export holds "
	    "the commit deployed).  A deployment of an unknown sha is an "
	    "exception.",
	.criteria = cc81,
	.run = run_deploy_traceability,
};

/* ---------------------------------------------- segregation of duties */

static bool
production_system(const struct cctx *cc, const char *system)
{
	const struct config_list *l = &cc->ctx->cfg->change.production_systems;

	if (l->n > 0)
		return config_list_has(l, system);
	return strcmp(system, "github") != 0 && strcmp(system, "gitlab") != 0;
}

/* Developers: authors of merged production changes, one entry each. */
struct dev {
	const char	*system;
	const char	*login;
	const char	*person;
	size_t		 changes;
};

static int
dev_cmp(const void *a, const void *b)
{
	const struct dev *x = a, *y = b;

	return strcasecmp(x->person != NULL ? x->person : x->login,
	    y->person != NULL ? y->person : y->login);
}

/*
 * Developers: the authors of production changes merged in the window, one
 * per person (or per login when no person is known), each checked against
 * the active admin accounts of production systems.
 */
static enum assure_err
judge_developers(struct cctx *cc, struct test_result *res)
{
	struct dev *devs;
	const struct pop_account *a;
	const struct identity_compensation *comp;
	char subject[RULES_SUBJECT_MAX], acc[RULES_SUBJECT_MAX];
	enum assure_err rc = ASSURE_OK;
	const struct chg_pr *pr;
	size_t i, k, n = 0;

	devs = calloc(cc->c.npr + 1, sizeof(*devs));
	if (devs == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < cc->c.npr; i++) {
		pr = &cc->c.pr[i];
		if (!in_production(cc, pr) || pr->author == NULL ||
		    is_bot(cc, pr->system, pr->author, pr->author_bot))
			continue;
		devs[n].system = pr->system;
		devs[n].login = pr->author;
		devs[n].person = person_of(cc, pr->system, pr->author);
		devs[n++].changes = 1;
	}
	qsort(devs, n, sizeof(*devs), dev_cmp);
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && dev_cmp(&devs[k - 1], &devs[i]) == 0) {
			devs[k - 1].changes++;
			continue;
		}
		devs[k++] = devs[i];
	}
	n = k;
	for (i = 0; rc == ASSURE_OK && i < n; i++) {
		snprintf(subject, sizeof(subject), "developer %s",
		    devs[i].login);
		rc = result_add_member(res, cc->ctx, subject);
		for (k = 0; rc == ASSURE_OK && k < cc->id.nacc; k++) {
			a = &cc->id.acc[k];
			if (a->is_admin != 1 || a->active == 0 ||
			    !production_system(cc, a->system))
				continue;
			if (!((a->person != NULL && devs[i].person != NULL &&
			    strcasecmp(a->person->email_norm,
			    devs[i].person) == 0) || (a->login != NULL &&
			    strcasecmp(a->login, devs[i].login) == 0)))
				continue;
			comp = identity_compensation(cc->ctx->cfg->identity,
			    devs[i].login, NULL, devs[i].person);
			if (comp != NULL)
				continue;
			population_subject(a, acc, sizeof(acc));
			rc = result_add_exception(res, subject, "authored %zu "
			    "production change%s and holds production admin "
			    "access as %s, with no compensating control "
			    "declared in identity.yaml", devs[i].changes,
			    devs[i].changes == 1 ? "" : "s", acc);
		}
	}
	free(devs);
	return rc;
}

static enum assure_err
run_segregation(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct cctx cc;
	struct judgement j;
	const struct chg_pr *pr;
	const struct chg_dep *x;
	char subject[RULES_SUBJECT_MAX], sub[RULES_SUBJECT_MAX];
	enum assure_err rc;
	size_t i;

	rc = load(ctx, &cc, true, d);
	if (rc == ASSURE_OK)
		rc = chg_population_evidence(&cc.c, change_kinds, res);
	if (rc == ASSURE_OK && ctx->cfg->change.deployer_not_author)
		rc = chg_population_evidence(&cc.c, deploy_kinds, res);
	if (rc == ASSURE_OK)
		rc = population_evidence(&cc.id, POP_ACCOUNTS, res);
	if (rc != ASSURE_OK || no_changes(&cc, res, &rc))
		goto out;
	/* Changes approved only by the author's own accounts. */
	for (i = 0; rc == ASSURE_OK && i < cc.c.npr; i++) {
		pr = &cc.c.pr[i];
		if (!in_production(&cc, pr))
			continue;
		judge(&cc, pr, &j);
		subject_of(pr, subject, sizeof(subject));
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		if (j.kind == J_SECOND)
			rc = result_add_exception(res, subject, "approved only "
			    "by %s, a second account of its author %s (%s)",
			    j.by->reviewer, pr->author,
			    person_of(&cc, pr->system, pr->author));
		else if (j.kind == J_SELF)
			rc = result_add_exception(res, subject, "approved only "
			    "by its author %s", pr->author);
	}
	/* Deployers who deploy their own changes, where that is barred. */
	for (i = 0; rc == ASSURE_OK && ctx->cfg->change.deployer_not_author &&
	    i < cc.c.ndep; i++) {
		x = &cc.c.dep[i];
		if (!judged_deployment(&cc, x))
			continue;
		snprintf(subject, sizeof(subject), "%s@%s", x->environment,
		    x->sha);
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		pr = chg_find_by_sha(&cc.c, x->repo, x->sha);
		if (pr == NULL || x->actor == NULL ||
		    !same_person(&cc, pr->system, x->actor, pr->author))
			continue;
		subject_of(pr, sub, sizeof(sub));
		rc = result_add_exception(res, subject, "deployed by %s, the "
		    "author of %s (change.deployer_not_author)", x->actor,
		    sub);
	}
	if (rc == ASSURE_OK)
		rc = judge_developers(&cc, res);
	if (rc == ASSURE_OK)
		rc = settle(res, "production changes, deployments and "
		    "developers");
	/* Without fresh identity evidence, production access is unseen. */
	if (rc == ASSURE_OK && cc.id.nfresh == 0)
		rc = result_set_reason(res, "%s; no fresh identity evidence: "
		    "developers' production access was not judged",
		    res->reason);
	else if (rc == ASSURE_OK && cc.id.nstale > 0)
		rc = result_set_reason(res, "%s; stale identity evidence not "
		    "judged: %s", res->reason, cc.id.stale);
out:
	release(&cc);
	return rc;
}

const struct test_def test_change_segregation = {
	.id = "change.segregation_of_duties",
	.title = "Authors do not approve, or deploy, their own changes",
	.description = "No production change is approved only by its author "
	    "or by a second account of the author (linked through "
	    "identity.yaml or the identity populations); with "
	    "change.deployer_not_author, no production deployment is made by "
	    "the author of the change it deploys; and no developer who "
	    "merged production changes holds administrator access to a "
	    "production system (change.production_systems) unless "
	    "identity.yaml declares a compensating control for them.",
	.criteria = cc81,
	.run = run_segregation,
};

/* ----------------------------------------------------- emergency changes */

static enum assure_err
run_emergency(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct cctx cc;
	struct judgement j;
	const struct chg_pr *pr;
	char subject[RULES_SUBJECT_MAX], t1[ASSURE_TIME_STRLEN];
	int64_t within = ctx->cfg->change.emergency_within, late;
	enum assure_err rc;
	size_t i, pending = 0;

	rc = load(ctx, &cc, true, d);
	if (rc == ASSURE_OK)
		rc = chg_population_evidence(&cc.c, change_kinds, res);
	if (rc != ASSURE_OK || no_changes(&cc, res, &rc))
		goto out;
	for (i = 0; rc == ASSURE_OK && i < cc.c.npr; i++) {
		pr = &cc.c.pr[i];
		if (!in_production(&cc, pr) || !emergency(&cc, pr))
			continue;
		subject_of(pr, subject, sizeof(subject));
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		judge(&cc, pr, &j);
		if (j.kind == J_APPROVED || j.kind == J_STALE ||
		    emergency_ok(&cc, pr, &j))
			continue;
		assure_time_format(pr->merged_at, t1);
		if (j.late != NULL && j.late->has_submitted) {
			late = j.late->submitted - pr->merged_at;
			rc = result_add_exception(res, subject, "emergency "
			    "change merged at %s; approved by %s %lldh after, "
			    "beyond %lldh", t1, j.late->reviewer,
			    (long long)(late / 3600),
			    (long long)(within / 3600));
		} else if (ctx->as_of - pr->merged_at <= within)
			pending++;	/* still within its window */
		else
			rc = result_add_exception(res, subject, "emergency "
			    "change merged at %s with no peer approval within "
			    "%lldh after", t1, (long long)(within / 3600));
	}
	if (rc == ASSURE_OK)
		rc = settle(res, "emergency changes");
	if (rc == ASSURE_OK && pending > 0)
		rc = result_set_reason(res, "%s; %zu still within their "
		    "approval window", res->reason, pending);
out:
	release(&cc);
	return rc;
}

const struct test_def test_change_emergency = {
	.id = "change.emergency_changes",
	.title = "Emergency changes are approved soon after",
	.description = "A change labelled as an emergency "
	    "(change.emergency_labels) may merge into a production branch "
	    "without prior approval, but must then have a peer approval "
	    "within change.emergency_approval_within (default 48h) of the "
	    "merge.",
	.criteria = cc81,
	.run = run_emergency,
};

/* ------------------------------------------------------ branch protection */

struct branch_key {
	const char	*repo;
	const char	*branch;
};

static int
branch_cmp(const void *a, const void *b)
{
	const struct branch_key *x = a, *y = b;
	int c;

	if ((c = strcmp(x->repo, y->repo)) != 0)
		return c;
	return strcmp(x->branch, y->branch);
}

static const struct chg_prot *
find_prot(const struct cctx *cc, const char *repo, const char *branch)
{
	size_t i;

	for (i = 0; i < cc->c.nprot; i++)
		if (strcmp(cc->c.prot[i].repo, repo) == 0 &&
		    strcmp(cc->c.prot[i].branch, branch) == 0)
			return &cc->c.prot[i];
	return NULL;
}

static enum assure_err
run_branch_protection(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct cctx cc;
	struct branch_key *keys;
	const struct chg_prot *b;
	char subject[RULES_SUBJECT_MAX], why[RULES_REASON_MAX];
	char day[ASSURE_TIME_STRLEN], stale[256];
	enum assure_err rc;
	size_t i, k, n = 0, nstale = 0, nmissing = 0, used = 0;

	rc = load(ctx, &cc, false, d);
	if (rc != ASSURE_OK) {
		release(&cc);
		return rc;
	}
	keys = calloc(cc.c.npr + cc.c.nprot + 1, sizeof(*keys));
	if (keys == NULL) {
		release(&cc);
		return ASSURE_ERR_NOMEM;
	}
	/* The production branches changes merged into, and those known. */
	for (i = 0; i < cc.c.npr; i++)
		if (in_production(&cc, &cc.c.pr[i]) &&
		    strcmp(cc.c.pr[i].system, "github") == 0)
			keys[n++] = (struct branch_key){ cc.c.pr[i].repo,
			    cc.c.pr[i].base };
	for (i = 0; i < cc.c.nprot; i++)
		if (config_list_has(&ctx->cfg->change.branches,
		    cc.c.prot[i].branch))
			keys[n++] = (struct branch_key){ cc.c.prot[i].repo,
			    cc.c.prot[i].branch };
	qsort(keys, n, sizeof(*keys), branch_cmp);
	stale[0] = '\0';
	for (i = 0; rc == ASSURE_OK && i < n; i++) {
		if (i > 0 && branch_cmp(&keys[i - 1], &keys[i]) == 0)
			continue;
		snprintf(subject, sizeof(subject), "%s:%s", keys[i].repo,
		    keys[i].branch);
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		b = find_prot(&cc, keys[i].repo, keys[i].branch);
		if (b == NULL) {
			nmissing++;
			if (used < sizeof(stale))
				used += (size_t)snprintf(stale + used,
				    sizeof(stale) - used, "%s%s (none)",
				    used > 0 ? ", " : "", subject);
			continue;
		}
		for (k = 0; rc == ASSURE_OK && k < cc.c.nev; k++)
			if (cc.c.ev[k].id == b->evidence_id)
				rc = result_add_evidence(res, b->evidence_id,
				    cc.c.ev[k].sha256);
		if (b->as_of < ctx->as_of - ctx->cfg->freshness) {
			nstale++;
			assure_date_format(b->as_of, day);
			if (used < sizeof(stale))
				used += (size_t)snprintf(stale + used,
				    sizeof(stale) - used, "%s%s (as of %s)",
				    used > 0 ? ", " : "", subject, day);
			continue;
		}
		if (!b->protected) {
			rc = result_add_exception(res, subject, "not "
			    "protected: anyone with write access can push "
			    "to it");
			continue;
		}
		snprintf(why, sizeof(why), "%s%s%s", b->required < 1 ?
		    ", no approving review required" : "",
		    b->dismiss_stale != 1 ? ", stale approvals are not "
		    "dismissed" : "", b->enforce_admins != 1 ?
		    ", administrators are exempt" : "");
		if (why[0] != '\0')
			rc = result_add_exception(res, subject, "%s",
			    why + 2);
	}
	free(keys);
	if (rc != ASSURE_OK)
		goto out;
	if (result_failures(res) > 0) {
		rc = settle(res, "production branches");
		if (rc == ASSURE_OK && (nstale > 0 || nmissing > 0))
			rc = result_set_reason(res, "%s; without fresh "
			    "evidence: %s", res->reason, stale);
	} else if (res->population == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no branch protection evidence "
		    "(github-branch-protection) and no changes merged into "
		    "a production branch of a GitHub repository");
	} else if (nstale > 0 || nmissing > 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no fresh branch protection "
		    "evidence (freshness %lld days) for: %s",
		    (long long)(ctx->cfg->freshness / 86400), stale);
	} else
		rc = settle(res, "production branches");
out:
	release(&cc);
	return rc;
}

const struct test_def test_change_branch_protection = {
	.id = "change.branch_protection",
	.title = "Production branches require reviews, also of admins",
	.description = "Every production branch of a GitHub repository "
	    "(change.production_branches) is protected, requires at least "
	    "one approving review, dismisses stale approvals when new "
	    "commits are pushed, and applies these rules to administrators.  "
	    "Branch protection evidence older than the freshness window is "
	    "no_evidence.",
	.criteria = cc81,
	.run = run_branch_protection,
};
