/*
 * tests_incident.c: the incident-handling tests (SOC 2 CC7.3 to CC7.5)
 * over the incidents of Jira and PagerDuty evidence and of incidents.yaml,
 * merged as inclist.h says.  Subjects are the register id, else
 * system:key.
 *
 * CONTROL: tsc:CC7.3
 * CONTROL: tsc:CC7.4
 * CONTROL: tsc:CC7.5
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "rules/rules.h"
#include "rules/inclist.h"
#include "workspace/incidents.h"

#define DAY	86400

/* No incident evidence and no register: settle no_evidence. */
static bool
nothing(const struct test_ctx *ctx, const struct incs *l,
    struct test_result *res, enum assure_err *rc)
{
	*rc = ASSURE_OK;
	if (l->n > 0 || (ctx->cfg->incidents != NULL &&
	    ctx->cfg->incidents->present))
		return false;
	res->verdict = VERDICT_NO_EVIDENCE;
	*rc = result_set_reason(res, "no incident evidence (jira-issues, "
	    "pagerduty-incidents) and no incidents.yaml");
	return true;
}

static bool
in_period(const struct test_ctx *ctx, int64_t t)
{
	return t != 0 && t >= ctx->cfg->period_start && t <= ctx->as_of;
}

static void
hours(int64_t secs, char *out, size_t size)
{
	if (secs < 2 * 3600)
		snprintf(out, size, "%lldm", (long long)(secs / 60));
	else if (secs < 3 * DAY)
		snprintf(out, size, "%lldh", (long long)(secs / 3600));
	else
		snprintf(out, size, "%lldd", (long long)(secs / DAY));
}

static enum assure_err
settle(struct test_result *res, const char *what)
{
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	return result_set_reason(res, "%zu of %lld %s %s", result_failures(res),
	    (long long)res->population, what, result_failures(res) == 1 ?
	    "is an exception" : "are exceptions");
}

static enum assure_err
run_escalation(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct incs l;
	const struct inc *x;
	char t[ASSURE_TIME_STRLEN], took[32], lim[32];
	int64_t limit;
	enum assure_err rc;
	size_t i;

	rc = incs_load(ctx, &l, d);
	if (rc != ASSURE_OK || nothing(ctx, &l, res, &rc))
		goto out;
	for (i = 0; rc == ASSURE_OK && i < l.n; i++) {
		x = &l.v[i];
		if ((x->severity != 1 && x->severity != 2) ||
		    !in_period(ctx, x->detected))
			continue;
		if ((rc = result_add_member(res, ctx, x->subject)) !=
		    ASSURE_OK)
			break;
		limit = x->severity == 1 ? ctx->cfg->incident.escalate_sev1 :
		    ctx->cfg->incident.escalate_sev2;
		hours(limit, lim, sizeof(lim));
		assure_time_format(x->detected, t);
		if (x->escalated == 0) {
			if (ctx->as_of - x->detected > limit)
				rc = result_add_exception(res, x->subject,
				    "severity %d detected %s, no escalation "
				    "recorded (limit %s)", x->severity, t, lim);
			continue;
		}
		if (x->escalated - x->detected <= limit)
			continue;
		hours(x->escalated - x->detected, took, sizeof(took));
		rc = result_add_exception(res, x->subject, "severity %d "
		    "detected %s, escalated %s later, more than %s",
		    x->severity, t, took, lim);
	}
	if (rc == ASSURE_OK)
		rc = settle(res, "severity 1 and 2 incidents of the period");
out:
	incs_release(&l);
	return rc;
}

static const char *const cc73[] = { "CC7.3", "CC7.4", NULL };

const struct test_def test_incident_escalation = {
	.id = "incident.escalation",
	.title = "Severe incidents are escalated in time",
	.description = "Every incident of severity 1 or 2 detected in the "
	    "observation period was escalated (or first acknowledged) within "
	    "incident.escalate_sev1 (default 30 minutes) or "
	    "incident.escalate_sev2 (4 hours) of its detection.",
	.criteria = cc73,
	.run = run_escalation,
};

static enum assure_err
run_notification(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct incs l;
	const struct inc *x;
	char t[ASSURE_TIME_STRLEN], took[32], lim[32];
	int64_t limit = ctx->cfg->incident.notify_within;
	enum assure_err rc;
	size_t i;

	rc = incs_load(ctx, &l, d);
	if (rc != ASSURE_OK || nothing(ctx, &l, res, &rc))
		goto out;
	hours(limit, lim, sizeof(lim));
	for (i = 0; rc == ASSURE_OK && i < l.n; i++) {
		x = &l.v[i];
		if (x->reg == NULL || x->reg->data_involved != 1 ||
		    !in_period(ctx, x->detected))
			continue;
		if ((rc = result_add_member(res, ctx, x->subject)) !=
		    ASSURE_OK)
			break;
		assure_time_format(x->detected, t);
		if (x->reg->notified_at == 0 ||
		    x->reg->notified_at > ctx->as_of) {
			if (ctx->as_of - x->detected > limit)
				rc = result_add_exception(res, x->subject,
				    "customer data involved, detected %s; "
				    "customers not notified (limit %s)", t,
				    lim);
			continue;
		}
		if (x->reg->notified_at - x->detected <= limit)
			continue;
		hours(x->reg->notified_at - x->detected, took, sizeof(took));
		rc = result_add_exception(res, x->subject, "customer data "
		    "involved, detected %s; customers notified %s later, more "
		    "than %s", t, took, lim);
	}
	if (rc == ASSURE_OK)
		rc = settle(res, "incidents involving customer data");
out:
	incs_release(&l);
	return rc;
}

static const char *const cc74[] = { "CC7.4", NULL };

const struct test_def test_incident_notification = {
	.id = "incident.customer_notification",
	.title = "Customers are told in time when their data is involved",
	.description = "Every incident of the observation period that "
	    "incidents.yaml says involved customer data (data_involved) has "
	    "customers_notified_at within incident.notify_within (default "
	    "72 hours) of its detection.",
	.criteria = cc74,
	.run = run_notification,
};

static enum assure_err
run_postmortem(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct incs l;
	const struct inc *x;
	struct store_val p[1];
	char t[ASSURE_TIME_STRLEN], lim[32];
	int64_t limit = ctx->cfg->incident.postmortem_within;
	enum assure_err rc;
	size_t i;
	bool doc;

	rc = incs_load(ctx, &l, d);
	if (rc != ASSURE_OK || nothing(ctx, &l, res, &rc))
		goto out;
	hours(limit, lim, sizeof(lim));
	for (i = 0; rc == ASSURE_OK && i < l.n; i++) {
		x = &l.v[i];
		if ((x->severity != 1 && x->severity != 2) ||
		    !in_period(ctx, x->resolved))
			continue;
		if ((rc = result_add_member(res, ctx, x->subject)) !=
		    ASSURE_OK)
			break;
		assure_time_format(x->resolved, t);
		doc = false;
		if (x->reg != NULL && x->reg->postmortem[0] != '\0') {
			int64_t id = 0;
			bool found = false;

			p[0] = STORE_TEXTV(x->reg->postmortem);
			rc = store_exec_int(ctx->store,
			    STMT_EVIDENCE_ID_BY_SHA256, p, 1, &id, &found, d);
			if (rc != ASSURE_OK)
				break;
			doc = found;
			if (found)
				rc = result_add_evidence(res, id,
				    x->reg->postmortem);
		} else if (x->reg != NULL && x->reg->postmortem_url != NULL)
			doc = true;
		if (doc && x->reg->postmortem_at != 0 &&
		    x->reg->postmortem_at <= ctx->as_of &&
		    x->reg->postmortem_at - x->resolved <= limit)
			continue;
		if (!doc || x->reg->postmortem_at == 0 ||
		    x->reg->postmortem_at > ctx->as_of) {
			if (ctx->as_of - x->resolved > limit)
				rc = result_add_exception(res, x->subject,
				    "severity %d resolved %s; no post-mortem "
				    "%s(limit %s)", x->severity, t, x->reg !=
				    NULL && x->reg->postmortem[0] != '\0' &&
				    !doc ? "ingested " : "", lim);
			continue;
		}
		rc = result_add_exception(res, x->subject, "severity %d "
		    "resolved %s; post-mortem %lld days later, more than %s",
		    x->severity, t,
		    (long long)((x->reg->postmortem_at - x->resolved) / DAY),
		    lim);
	}
	if (rc == ASSURE_OK)
		rc = settle(res, "severity 1 and 2 incidents resolved in the "
		    "period");
out:
	incs_release(&l);
	return rc;
}

static const char *const cc75[] = { "CC7.4", "CC7.5", NULL };

const struct test_def test_incident_postmortem = {
	.id = "incident.postmortem",
	.title = "Severe incidents have a post-mortem",
	.description = "Every incident of severity 1 or 2 resolved in the "
	    "observation period has a post-mortem (an ingested document named "
	    "by digest, or a link) dated within incident.postmortem_within "
	    "(default 14 days) of its resolution.",
	.criteria = cc75,
	.run = run_postmortem,
};

static enum assure_err
run_tabletop(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct incidents *reg = ctx->cfg->incidents;
	const struct tabletop *best = NULL;
	struct store_val p[1];
	char t[ASSURE_TIME_STRLEN];
	int64_t id = 0;
	bool found = false;
	enum assure_err rc;
	size_t i;

	if (reg == NULL || !reg->present) {
		res->verdict = VERDICT_NO_EVIDENCE;
		return result_set_reason(res, "no incidents.yaml: no tabletop "
		    "exercise recorded");
	}
	for (i = 0; i < reg->nt; i++)
		if (reg->t[i].date <= ctx->as_of && (best == NULL ||
		    reg->t[i].date > best->date))
			best = &reg->t[i];
	/* One record: the organisation's tabletop exercise. */
	if ((rc = result_add_member(res, ctx, "tabletop exercise")) !=
	    ASSURE_OK)
		return rc;
	if (best == NULL || ctx->as_of - best->date >
	    ctx->cfg->incident.tabletop_every) {
		if (best != NULL)
			assure_date_format(best->date, t);
		rc = result_add_exception(res, "tabletop exercise", best ==
		    NULL ? "none recorded" : "the newest was on %s, more than "
		    "%lld days ago", best != NULL ? t : "",
		    (long long)(ctx->cfg->incident.tabletop_every / DAY));
	} else {
		p[0] = STORE_TEXTV(best->evidence);
		rc = store_exec_int(ctx->store, STMT_EVIDENCE_ID_BY_SHA256, p,
		    1, &id, &found, d);
		if (rc == ASSURE_OK && found)
			rc = result_add_evidence(res, id, best->evidence);
		else if (rc == ASSURE_OK)
			rc = result_add_exception(res, "tabletop exercise",
			    "its evidence sha256:%.12s... is not an ingested "
			    "file", best->evidence);
	}
	if (rc != ASSURE_OK)
		return rc;
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	if (best != NULL)
		assure_date_format(best->date, t);
	return result_set_reason(res, best != NULL ? "newest exercise %s: %s" :
	    "%s%s", best != NULL ? t : "no exercise", best != NULL ?
	    best->scenario : "");
}

const struct test_def test_incident_tabletop = {
	.id = "incident.tabletop",
	.title = "The incident response plan is exercised yearly",
	.description = "incidents.yaml records a tabletop exercise within "
	    "incident.tabletop_every (default 365 days) of the evaluation's "
	    "instant, with its evidence ingested (named by digest).",
	.criteria = cc75,
	.run = run_tabletop,
};
