/*
 * tests_policy.c: the policy tests (SOC 2 CC1.x, CC2.x, CC5.3) over the
 * policies of policies/ and their recorded approvals (`assure policy
 * approve`): each policy approved in its current text by a member of
 * management, and reviewed (approved again) within its interval.  A
 * policy's subject is its id.
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
#include "rules/rules.h"
#include "policy/approval.h"
#include "workspace/policies.h"

#define DAY	86400

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
		res->population++;
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
		res->population++;
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
