/*
 * tests_policy.c: the policy tests (SOC 2 CC1.x, CC2.x, CC5.3) over the
 * policies of policies/ and their recorded approvals (`assure policy
 * approve`): each policy approved in its current text by a member of
 * management, and reviewed (approved again) within its interval.  A
 * policy's subject is its id.  And over the HR roster (population.h) and
 * the policy-acknowledgements evidence: every employee acknowledged the
 * current version of each policy of their audience; there the subject
 * is the person's e-mail.
 *
 * CONTROL: tsc:CC1.1
 * CONTROL: tsc:CC2.2
 * CONTROL: tsc:CC5.3
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "parse/people.h"
#include "rules/population.h"
#include "rules/rules.h"
#include "policy/approval.h"
#include "workspace/policies.h"

#define DAY		86400
#define ACK_ROWS_MAX	10000000

/* The acknowledgement evidence bounds what a policy may be. */
_Static_assert(PEOPLE_POLICY_ID_MAX == POLICY_ID_MAX, "policy id bound");
_Static_assert(PEOPLE_VERSION_MAX == POLICY_VERSION_MAX, "version bound");

static bool
management(const struct config *cfg, const char *who)
{
	size_t i;

	if (cfg->policy.approvers.n == 0)
		return true;
	for (i = 0; i < cfg->policy.approvers.n; i++)
		if (strcasecmp(cfg->policy.approvers.item[i], who) == 0)
			return true;
	return false;
}

static enum assure_err
load(const struct test_ctx *ctx, struct policy_approvals *a,
    struct test_result *res, bool *ret_settled, struct assure_diag *d)
{
	memset(a, 0, sizeof(*a));
	*ret_settled = false;
	if (ctx->cfg->policies == NULL || ctx->cfg->policies->n == 0) {
		*ret_settled = true;
		res->verdict = VERDICT_NO_EVIDENCE;
		return result_set_reason(res, "no policies in policies/ (or "
		    "they were not loaded)");
	}
	return policy_approvals_load(ctx->store, ctx->as_of, a, d);
}

static enum assure_err
run_approved(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct policy_set *set = ctx->cfg->policies;
	const struct policy_approval_row *cur, *any;
	const struct policy *p;
	struct policy_approvals a;
	char hex[ASSURE_SHA256_HEXLEN + 1], t[ASSURE_TIME_STRLEN];
	enum assure_err rc;
	size_t i;
	bool settled;

	rc = load(ctx, &a, res, &settled, d);
	if (rc != ASSURE_OK || settled)
		goto out;
	for (i = 0; rc == ASSURE_OK && i < set->n; i++) {
		p = &set->v[i];
		if ((rc = result_add_member(res, ctx, p->id)) != ASSURE_OK)
			break;
		assure_hex(p->body_sha256, sizeof(p->body_sha256), hex);
		cur = policy_approvals_newest(&a, p->id, hex);
		if (cur != NULL && management(ctx->cfg, cur->by))
			continue;
		if (cur != NULL) {
			rc = result_add_exception(res, p->id, "version %s "
			    "approved by %s, who is not among policy.approvers",
			    p->version, cur->by);
			continue;
		}
		any = policy_approvals_newest(&a, p->id, NULL);
		if (any != NULL) {
			assure_date_format(any->at, t);
			rc = result_add_exception(res, p->id, "edited since its "
			    "approval on %s by %s: the current text (sha256:"
			    "%.12s...) is not approved", t, any->by, hex);
		} else
			rc = result_add_exception(res, p->id, "version %s was "
			    "never approved", p->version);
	}
	if (rc == ASSURE_OK) {
		res->verdict = result_failures(res) > 0 ? VERDICT_FAIL :
		    VERDICT_PASS;
		rc = result_set_reason(res, "%zu of %lld policies not approved "
		    "in their current text by management",
		    result_failures(res), (long long)res->population);
	}
out:
	policy_approvals_release(&a);
	return rc;
}

static const char *const cc_pol[] = { "CC1.1", "CC2.2", "CC5.3", NULL };

const struct test_def test_policy_approved = {
	.id = "policy.approved",
	.title = "Every policy is approved in its current text",
	.description = "Every policy of policies/ has an approval (assure "
	    "policy approve) of its current text, the SHA-256 of its body, "
	    "by a member of management (policy.approvers; when empty, any "
	    "approver); an edit since the approval is an exception.",
	.criteria = cc_pol,
	.run = run_approved,
};

static enum assure_err
run_reviewed(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct policy_set *set = ctx->cfg->policies;
	const struct policy_approval_row *any;
	const struct policy *p;
	struct policy_approvals a;
	char t[ASSURE_TIME_STRLEN];
	enum assure_err rc;
	size_t i;
	bool settled;

	rc = load(ctx, &a, res, &settled, d);
	if (rc != ASSURE_OK || settled)
		goto out;
	for (i = 0; rc == ASSURE_OK && i < set->n; i++) {
		p = &set->v[i];
		if ((rc = result_add_member(res, ctx, p->id)) != ASSURE_OK)
			break;
		any = policy_approvals_newest(&a, p->id, NULL);
		if (any == NULL) {
			rc = result_add_exception(res, p->id, "never reviewed "
			    "(no approval recorded)");
			continue;
		}
		if (ctx->as_of - any->at <= p->review_every)
			continue;
		assure_date_format(any->at, t);
		rc = result_add_exception(res, p->id, "last approved on %s, "
		    "more than its review interval of %lld days ago", t,
		    (long long)(p->review_every / DAY));
	}
	if (rc == ASSURE_OK) {
		res->verdict = result_failures(res) > 0 ? VERDICT_FAIL :
		    VERDICT_PASS;
		rc = result_set_reason(res, "%zu of %lld policies not reviewed "
		    "within their interval", result_failures(res),
		    (long long)res->population);
	}
out:
	policy_approvals_release(&a);
	return rc;
}

const struct test_def test_policy_reviewed = {
	.id = "policy.reviewed",
	.title = "Every policy is reviewed within its interval",
	.description = "Every policy of policies/ was approved (reviewed) "
	    "within its review_every before the evaluation's instant.",
	.criteria = cc_pol,
	.run = run_reviewed,
};

/* ------------------------------------------------------ acknowledgements */

struct ack_row {
	char	*person;	/* lower-cased e-mail */
	char	*policy;
	char	*version;
	int64_t	 at;
};

struct ack_rows {
	struct ack_row		*v;
	size_t			 n, cap;
	struct test_result	*res;
};

static void
acks_release(struct ack_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].person);
		free(r->v[i].policy);
		free(r->v[i].version);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static enum assure_err
ack_cb(const struct store_val *c, int n, void *arg)
{
	struct ack_rows *r = arg;
	struct ack_row *x, *v;
	size_t cap;
	enum assure_err rc;

	if (n < 6 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[5].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if ((rc = result_add_evidence(r->res, c[4].i, c[5].s)) != ASSURE_OK)
		return rc;
	if (r->n == r->cap) {
		if (r->n >= ACK_ROWS_MAX)
			return ASSURE_ERR_LIMIT;
		cap = r->cap == 0 ? 64 : r->cap * 2;
		if ((v = reallocarray(r->v, cap, sizeof(*v))) == NULL)
			return ASSURE_ERR_NOMEM;
		r->v = v;
		r->cap = cap;
	}
	x = &r->v[r->n];
	x->person = strdup(c[0].s);
	x->policy = strdup(c[1].s);
	x->version = strdup(c[2].s);
	x->at = c[3].i;
	r->n++;		/* so that acks_release() frees a partial row */
	if (x->person == NULL || x->policy == NULL || x->version == NULL)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

/*
 * The first acknowledgement by person of version of policy (any version
 * when NULL; rows are by person, policy, time), or NULL.
 */
static const struct ack_row *
ack_find(const struct ack_rows *r, const char *person, const char *policy,
    const char *version)
{
	size_t lo = 0, hi = r->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(r->v[mid].person, person);
		if (c == 0)
			c = strcmp(r->v[mid].policy, policy);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->n && strcmp(r->v[lo].person, person) == 0 &&
	    strcmp(r->v[lo].policy, policy) == 0; lo++)
		if (version == NULL || strcmp(r->v[lo].version, version) == 0)
			return &r->v[lo];
	return NULL;
}

static bool
employee(const struct test_ctx *ctx, const struct pop_person *pp)
{
	if (pp->has_term && pp->term <= ctx->as_of)
		return false;
	if (pp->status != NULL && (strcasecmp(pp->status, "terminated") == 0 ||
	    strcasecmp(pp->status, "inactive") == 0))
		return false;
	return !pp->has_hire || pp->hire <= ctx->as_of;
}

/*
 * Whether audience name aud takes in pp: "all" takes everyone,
 * "management" the members of policy.approvers, and any name the people
 * whose department it is (ASCII case ignored).
 */
static bool
audience_has(const struct config *cfg, const char *aud,
    const struct pop_person *pp)
{
	size_t i;

	if (strcasecmp(aud, "all") == 0)
		return true;
	if (pp->department != NULL && strcasecmp(aud, pp->department) == 0)
		return true;
	if (strcasecmp(aud, "management") != 0)
		return false;
	for (i = 0; i < cfg->policy.approvers.n; i++)
		if (strcasecmp(cfg->policy.approvers.item[i],
		    pp->email_norm) == 0)
			return true;
	return false;
}

static bool
in_audience(const struct config *cfg, const struct policy *p,
    const struct pop_person *pp)
{
	size_t i;

	for (i = 0; i < p->naudience; i++)
		if (audience_has(cfg, p->audience[i], pp))
			return true;
	return false;
}

struct ack_count {
	size_t	pending;	/* not yet due */
	size_t	pairs;		/* person and policy */
};

static enum assure_err
judge_ack(const struct test_ctx *ctx, const struct ack_rows *r,
    const struct policy *p, int64_t published, const struct pop_person *pp,
    struct ack_count *cnt, struct test_result *res)
{
	int64_t within = ctx->cfg->policy.acknowledge_within;
	const char *who = pp->email != NULL ? pp->email : pp->email_norm;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	const struct ack_row *a;
	enum assure_err rc;
	bool by_hire;
	int64_t from;

	/* Due from the later of the hire and the publication. */
	by_hire = pp->has_hire && pp->hire > published;
	from = by_hire ? pp->hire : published;
	assure_date_format(from, d1);
	/*
	 * The record is the (employee, policy) pair, but the exceptions
	 * name the employee: listed, an employee owing several policies is
	 * one member, and in members mode the population counts employees
	 * owing acknowledgements, not pairs.  Counted, it is the pairs.
	 */
	cnt->pairs++;
	if ((rc = result_add_member(res, ctx, who)) != ASSURE_OK)
		return rc;
	a = ack_find(r, pp->email_norm, p->id, p->version);
	if (a == NULL) {
		if (from + within > ctx->as_of) {
			cnt->pending++;
			return ASSURE_OK;
		}
		if ((a = ack_find(r, pp->email_norm, p->id, NULL)) == NULL)
			return result_add_exception(res, who, "%s version %s "
			    "not acknowledged; due within %lld days of %s "
			    "(%s)", p->id, p->version,
			    (long long)(within / DAY), d1, by_hire ?
			    "their hire" : "its publication");
		assure_date_format(a->at, d2);
		return result_add_exception(res, who, "%s version %s not "
		    "acknowledged (only version %s, on %s); due within %lld "
		    "days of %s (%s)", p->id, p->version, a->version, d2,
		    (long long)(within / DAY), d1, by_hire ? "their hire" :
		    "its publication");
	}
	if (a->at <= from + within)
		return ASSURE_OK;
	assure_date_format(a->at, d2);
	return result_add_exception(res, who, "%s version %s acknowledged on "
	    "%s, more than %lld days after %s (%s)", p->id, p->version, d2,
	    (long long)(within / DAY), d1, by_hire ? "their hire" :
	    "its publication");
}

/*
 * When the current text of p was published: the later of its effective
 * date and the newest approval of that text; false when that text was
 * never approved or is not yet in effect.
 */
static bool
published_at(const struct test_ctx *ctx, const struct policy_approvals *a,
    const struct policy *p, int64_t *ret)
{
	const struct policy_approval_row *cur;
	char hex[ASSURE_SHA256_HEXLEN + 1];

	assure_hex(p->body_sha256, sizeof(p->body_sha256), hex);
	cur = policy_approvals_newest(a, p->id, hex);
	if (cur == NULL || p->effective > ctx->as_of)
		return false;
	*ret = cur->at > p->effective ? cur->at : p->effective;
	return true;
}

static enum assure_err
run_acknowledged(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct policy_set *set = ctx->cfg->policies;
	struct policy_approvals a;
	struct population pop;
	struct ack_rows r;
	struct ack_count cnt = { 0, 0 };
	const struct pop_person *pp;
	char when[ASSURE_TIME_STRLEN];
	int64_t *pub = NULL;
	size_t i, j, unpublished = 0, employees = 0;
	enum assure_err rc;
	bool settled;

	memset(&pop, 0, sizeof(pop));
	memset(&r, 0, sizeof(r));
	r.res = res;
	assure_time_format(ctx->as_of, when);
	rc = load(ctx, &a, res, &settled, d);
	if (rc != ASSURE_OK || settled)
		goto out;
	rc = population_load(ctx, POP_PEOPLE, &pop, d);
	if (rc != ASSURE_OK)
		goto out;
	if (!pop.has_hr || pop.hr_stale) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no fresh HR roster evidence "
		    "(hr-csv, bamboohr-report) as of %s", when);
		goto out;
	}
	if ((rc = population_evidence(&pop, POP_PEOPLE, res)) != ASSURE_OK)
		goto out;
	{
		struct store_val v[1] = { STORE_INTV(ctx->as_of) };

		rc = store_exec(ctx->store, STMT_POLICY_ACK_ROWS, v, 1, ack_cb,
		    &r, d);
	}
	if (rc != ASSURE_OK)
		goto out;
	if (r.n == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no policy-acknowledgements "
		    "evidence as of %s", when);
		goto out;
	}
	if ((pub = calloc(set->n, sizeof(*pub))) == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	for (j = 0; j < set->n; j++)
		if (!published_at(ctx, &a, &set->v[j], &pub[j])) {
			pub[j] = -1;
			unpublished++;
		}
	for (i = 0; rc == ASSURE_OK && i < pop.npeople; i++) {
		pp = &pop.people[i];
		if (!employee(ctx, pp))
			continue;
		employees++;
		for (j = 0; rc == ASSURE_OK && j < set->n; j++)
			if (pub[j] >= 0 && in_audience(ctx->cfg, &set->v[j], pp))
				rc = judge_ack(ctx, &r, &set->v[j], pub[j], pp,
				    &cnt, res);
	}
	if (rc != ASSURE_OK)
		goto out;
	/* result_add_member() counted the pairs (see judge_ack()). */
	if (cnt.pairs == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no employee of the HR roster is in "
		    "the audience of an approved policy as of %s", when);
		goto out;
	}
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	rc = result_set_reason(res, "%zu employee%s, %zu acknowledgement%s "
	    "owed (%zu not yet due); %zu exception%s; %zu polic%s not "
	    "approved in %s current text, so not yet published", employees,
	    employees == 1 ? "" : "s", cnt.pairs, cnt.pairs == 1 ? "" : "s",
	    cnt.pending, result_failures(res), result_failures(res) == 1 ? "" :
	    "s", unpublished, unpublished == 1 ? "y" : "ies",
	    unpublished == 1 ? "its" : "their");
out:
	free(pub);
	acks_release(&r);
	population_release(&pop);
	policy_approvals_release(&a);
	return rc;
}

const struct test_def test_policy_acknowledged = {
	.id = "policy.acknowledged",
	.title = "Employees acknowledge the policies that apply to them",
	.description = "Every employee of the newest HR roster acknowledged "
	    "(policy-acknowledgements) the current version of each policy of "
	    "their audience within policy.acknowledge_within (default 30 "
	    "days) of the later of their hire and the policy's publication: "
	    "the later of its effective date and the approval of its current "
	    "text.  Audience 'all' is everyone, 'management' the members of "
	    "policy.approvers, any other name a department of the roster.  "
	    "A policy not approved in its current text is not yet published "
	    "and owes no acknowledgement (policy.approved reports it); an "
	    "acknowledgement not yet due is not an exception.",
	.criteria = cc_pol,
	.run = run_acknowledged,
};
