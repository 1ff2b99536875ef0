/*
 * tests_risk.c: the risk-assessment tests over risks.yaml (SOC 2 CC3.1 to
 * CC3.4, CC9.1): the assessment is current and considers fraud, and every
 * risk above the appetite is treated by an existing control or accepted
 * by a named approver.  A risk's subject is "risk ID".
 *
 * CONTROL: tsc:CC3.1
 * CONTROL: tsc:CC3.2
 * CONTROL: tsc:CC3.3
 * CONTROL: tsc:CC3.4
 * CONTROL: tsc:CC9.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "controls/controls.h"
#include "rules/rules.h"
#include "workspace/risks.h"

#define DAY	86400

static bool
no_register(const struct test_ctx *ctx, struct test_result *res,
    enum assure_err *rc)
{
	const struct risks *rs = ctx->cfg->risks;

	*rc = ASSURE_OK;
	if (rs != NULL && rs->n > 0 && rs->assessed_at <= ctx->as_of)
		return false;
	res->verdict = VERDICT_NO_EVIDENCE;
	*rc = result_set_reason(res, "risks.yaml records no risk assessment "
	    "made by this instant");
	return true;
}

static enum assure_err
run_assessment_current(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct risks *rs = ctx->cfg->risks;
	int64_t every = ctx->cfg->risk.reassess_every;
	char day[ASSURE_TIME_STRLEN], subject[RULES_SUBJECT_MAX];
	enum assure_err rc;
	size_t i, fraud = 0;

	(void)d;
	if (no_register(ctx, res, &rc))
		return rc;
	/*
	 * The records are the risks ("risk ID"); the assessment as a whole
	 * has exceptions of its own ("risk assessment"), so that, listed, it
	 * is a member too, and in members mode the population counts it.
	 */
	rc = ASSURE_OK;
	for (i = 0; rc == ASSURE_OK && i < rs->n; i++) {
		snprintf(subject, sizeof(subject), "risk %s", rs->r[i].id);
		rc = result_add_member(res, ctx, subject);
	}
	if (rc == ASSURE_OK && ctx->members)
		rc = result_add_member(res, ctx, "risk assessment");
	if (rc != ASSURE_OK)
		return rc;
	assure_date_format(rs->assessed_at, day);
	if (ctx->as_of - rs->assessed_at > every)
		rc = result_add_exception(res, "risk assessment", "last made "
		    "on %s, more than %lld days ago", day,
		    (long long)(every / DAY));
	for (i = 0; rc == ASSURE_OK && i < rs->n; i++) {
		if (strcmp(rs->r[i].category, "fraud") == 0)
			fraud++;
		if (rs->r[i].last_reviewed != 0 &&
		    ctx->as_of - rs->r[i].last_reviewed <= every)
			continue;
		snprintf(subject, sizeof(subject), "risk %s", rs->r[i].id);
		if (rs->r[i].last_reviewed == 0)
			rc = result_add_exception(res, subject, "never "
			    "reviewed");
		else {
			assure_date_format(rs->r[i].last_reviewed, day);
			rc = result_add_exception(res, subject, "last reviewed "
			    "on %s, more than %lld days ago", day,
			    (long long)(every / DAY));
		}
	}
	if (rc == ASSURE_OK && fraud == 0)
		rc = result_add_exception(res, "risk assessment", "no risk of "
		    "the fraud category: the assessment does not consider "
		    "fraud (CC3.3)");
	if (rc != ASSURE_OK)
		return rc;
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	assure_date_format(rs->assessed_at, day);
	return result_set_reason(res, "assessed on %s by %s; %zu risks, %zu "
	    "of them fraud; %zu exception%s", day, rs->assessed_by != NULL ?
	    rs->assessed_by : "(not named)", rs->n, fraud,
	    result_failures(res), result_failures(res) == 1 ? "" : "s");
}

static const char *const cc3[] = { "CC3.1", "CC3.2", "CC3.3", "CC3.4",
    NULL };

const struct test_def test_risk_assessment_current = {
	.id = "risk.assessment_current",
	.title = "The risk assessment is current and considers fraud",
	.description = "risks.yaml records a risk assessment made within "
	    "risk.reassess_every (default 365 days) of the evaluation's "
	    "instant, every risk was reviewed within it, and at least one "
	    "risk is of the fraud category.",
	.criteria = cc3,
	.run = run_assessment_current,
};

static bool
control_exists(const struct control_set *set, const char *id)
{
	size_t i;

	for (i = 0; set != NULL && i < set->n; i++)
		if (strcmp(set->v[i].id, id) == 0)
			return true;
	return false;
}

static enum assure_err
run_treatment_linked(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct risks *rs = ctx->cfg->risks;
	const struct control_set *set = ctx->cfg->controls;
	int appetite = ctx->cfg->risk.appetite;
	char subject[RULES_SUBJECT_MAX], missing[256];
	const struct risk *r;
	enum assure_err rc;
	size_t i, k, n, used;

	(void)d;
	if (no_register(ctx, res, &rc))
		return rc;
	if (set == NULL) {
		res->verdict = VERDICT_NO_EVIDENCE;
		return result_set_reason(res, "the controls are not loaded: "
		    "nothing to link the risks to");
	}
	for (i = 0; rc == ASSURE_OK && i < rs->n; i++) {
		r = &rs->r[i];
		if (risk_residual(r) <= appetite)
			continue;
		snprintf(subject, sizeof(subject), "risk %s", r->id);
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		if (r->treatment == RISK_ACCEPT)
			continue;	/* the reader requires accepted_by */
		n = 0;
		used = 0;
		missing[0] = '\0';
		for (k = 0; k < r->ncontrols; k++) {
			if (control_exists(set, r->controls[k])) {
				n++;
				continue;
			}
			if (used < sizeof(missing))
				used += (size_t)snprintf(missing + used,
				    sizeof(missing) - used, "%s%s",
				    used > 0 ? ", " : "", r->controls[k]);
		}
		if (n > 0 && missing[0] == '\0')
			continue;
		if (n > 0)
			rc = result_add_exception(res, subject, "residual "
			    "score %d above the appetite %d; linked to %s, "
			    "which %s no control", risk_residual(r), appetite,
			    missing, strchr(missing, ',') != NULL ? "are" :
			    "is");
		else
			rc = result_add_exception(res, subject, "residual "
			    "score %d above the appetite %d, treated "
			    "(%s) by no existing control%s%s", risk_residual(r),
			    appetite, risk_treatment_name(r->treatment),
			    missing[0] != '\0' ? ": unknown " : "", missing);
	}
	if (rc != ASSURE_OK)
		return rc;
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	return result_set_reason(res, "%lld risk%s above the appetite (%d); "
	    "%zu not linked to an existing control or accepted",
	    (long long)res->population, res->population == 1 ? "" : "s",
	    appetite, result_failures(res));
}

static const char *const cc3_9[] = { "CC3.2", "CC9.1", NULL };

const struct test_def test_risk_treatment_linked = {
	.id = "risk.treatment_linked",
	.title = "Risks above the appetite are treated or accepted",
	.description = "Every risk whose residual score (likelihood x "
	    "impact, 1 to 25) is above risk.appetite is mitigated by at least "
	    "one control that exists in controls/ (every control it names "
	    "must exist), or accepted by a named approver.",
	.criteria = cc3_9,
	.run = run_treatment_linked,
};
