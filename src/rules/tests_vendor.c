/*
 * tests_vendor.c: the vendor-management tests over vendors.yaml (SOC 2
 * CC9.2): current assurance from critical and high vendors, data
 * processing agreements, the review cadence, and the mapping of each
 * complementary subservice organisation control (CSOC) to a control.
 *
 * Each exception's subject is the vendor's name.  No vendors.yaml is
 * no_evidence for every test.
 *
 * CONTROL: tsc:CC9.2
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "controls/controls.h"
#include "rules/rules.h"
#include "workspace/vendors.h"

#define DAY	86400
/* A SOC 2 report speaks for 12 months after its period ends. */
#define SOC2_FRESH	(365 * DAY)

static const char *const cc92[] = { "CC9.2", NULL };

/* No register: settle no_evidence and return true. */
static bool
no_register(const struct test_ctx *ctx, struct test_result *res,
    enum assure_err *rc)
{
	const struct vendors *reg = ctx->cfg->vendors;

	*rc = ASSURE_OK;
	if (reg != NULL && reg->present)
		return false;
	res->verdict = VERDICT_NO_EVIDENCE;
	*rc = result_set_reason(res, "no vendors.yaml: the workspace keeps no "
	    "vendor register");
	return true;
}

static void
settle(struct test_result *res)
{
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
}

/* ----------------------------------------------------- assurance */

static enum assure_err
run_assurance(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct vendors *reg = ctx->cfg->vendors;
	const struct vendor *v;
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	char why[RULES_REASON_MAX], iso[160];
	enum assure_err rc;
	size_t i;
	bool soc2, cert;

	if (no_register(ctx, res, &rc))
		return rc;
	for (i = 0; rc == ASSURE_OK && i < reg->n; i++) {
		v = &reg->v[i];
		if (v->tier != VENDOR_CRITICAL && v->tier != VENDOR_HIGH)
			continue;
		if ((rc = result_add_member(res, ctx, v->name)) != ASSURE_OK)
			break;
		/* A report is out once its period has ended. */
		soc2 = v->soc2.have && v->soc2.end <= ctx->as_of &&
		    (v->soc2.end >= ctx->as_of - SOC2_FRESH ||
		    (v->soc2.bridged && v->soc2.bridge_until >= ctx->as_of));
		cert = v->iso.have && v->iso.expires >= ctx->as_of;
		if (soc2 && v->soc2.opinion != VENDOR_UNQUALIFIED) {
			assure_date_format(v->soc2.start, t1);
			assure_date_format(v->soc2.end, t2);
			rc = result_add_exception(res, v->name, "its SOC 2 "
			    "type %d report (%s to %s) carries %s %s opinion",
			    v->soc2.type, t1, t2, v->soc2.opinion ==
			    VENDOR_ADVERSE ? "an" : "a",
			    vendor_opinion_name(v->soc2.opinion));
		}
		if (rc != ASSURE_OK || soc2 || cert)
			continue;
		if (!v->soc2.have)
			snprintf(why, sizeof(why), "no SOC 2 report");
		else if (v->soc2.end > ctx->as_of) {
			assure_date_format(v->soc2.end, t2);
			snprintf(why, sizeof(why), "its SOC 2 report's period "
			    "ends %s, after this instant", t2);
		} else {
			assure_date_format(v->soc2.end, t2);
			if (v->soc2.bridged)
				assure_date_format(v->soc2.bridge_until, t1);
			snprintf(why, sizeof(why), "its SOC 2 report's period "
			    "ended %s, more than 12 months ago%s%s", t2,
			    v->soc2.bridged ? ", its bridge letter on " : "",
			    v->soc2.bridged ? t1 : "");
		}
		if (v->iso.have) {
			assure_date_format(v->iso.expires, t1);
			snprintf(iso, sizeof(iso), "its ISO 27001 certificate "
			    "%.80s expired %s", v->iso.certificate, t1);
		} else
			snprintf(iso, sizeof(iso), "no ISO 27001 certificate");
		rc = result_add_exception(res, v->name, "%s tier, not covered "
		    "at this instant: %s; %s", vendor_tier_name(v->tier), why,
		    iso);
	}
	if (rc != ASSURE_OK)
		return rc;
	settle(res);
	return result_set_reason(res, "%lld critical or high vendors; %zu "
	    "exceptions (no current assurance, or not an unqualified "
	    "opinion)", (long long)res->population, result_failures(res));
}

const struct test_def test_vendor_assurance_current = {
	.id = "vendor.assurance_current",
	.title = "Critical and high vendors give current assurance",
	.description = "Every vendor of tier critical or high in vendors.yaml "
	    "is covered at the evaluation's instant by a SOC 2 report whose "
	    "period ended in the 12 months before it, by that report's "
	    "bridge letter reaching the instant, or by an ISO 27001 "
	    "certificate that has not expired.  A current SOC 2 report with "
	    "a qualified, adverse or disclaimer opinion is an exception too.",
	.criteria = cc92,
	.run = run_assurance,
};

/* ----------------------------------------------------------- DPA */

/* The agreement is signed by the instant; else an exception. */
static enum assure_err
agreement(const struct test_ctx *ctx, struct test_result *res,
    const struct vendor *v, const char *what, const char *data, bool have,
    int64_t signed_at)
{
	char t[ASSURE_TIME_STRLEN];

	if (have && signed_at <= ctx->as_of)
		return ASSURE_OK;
	if (!have)
		return result_add_exception(res, v->name, "receives %s data "
		    "but no %s is signed", data, what);
	assure_date_format(signed_at, t);
	return result_add_exception(res, v->name, "receives %s data; its %s "
	    "is signed %s, after this instant", data, what, t);
}

static enum assure_err
run_dpa(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct vendors *reg = ctx->cfg->vendors;
	const struct vendor *v;
	enum assure_err rc;
	size_t i, health = 0;

	if (no_register(ctx, res, &rc))
		return rc;
	for (i = 0; rc == ASSURE_OK && i < reg->n; i++) {
		v = &reg->v[i];
		if (!v->personal)
			continue;
		if ((rc = result_add_member(res, ctx, v->name)) != ASSURE_OK)
			break;
		rc = agreement(ctx, res, v, "data processing agreement "
		    "(dpa_signed)", "personal", v->dpa, v->dpa_signed);
		if (rc == ASSURE_OK && v->health) {
			health++;
			rc = agreement(ctx, res, v, "business associate "
			    "agreement (baa_signed)", "health", v->baa,
			    v->baa_signed);
		}
	}
	if (rc != ASSURE_OK)
		return rc;
	settle(res);
	return result_set_reason(res, "%lld vendors receive personal data, "
	    "%zu of them health data; %zu agreements missing or signed after "
	    "this instant", (long long)res->population, health,
	    result_failures(res));
}

const struct test_def test_vendor_dpa = {
	.id = "vendor.dpa",
	.title = "Vendors receiving personal data have signed a DPA",
	.description = "Every vendor of vendors.yaml that receives personal "
	    "data (data: personal: true) has a data processing agreement "
	    "signed on or before the evaluation's instant (dpa_signed), and "
	    "every vendor that receives health data (health: true) a "
	    "business associate agreement too (baa_signed).",
	.criteria = cc92,
	.run = run_dpa,
};

/* ---------------------------------------------------------- review */

static enum assure_err
run_review(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct vendors *reg = ctx->cfg->vendors;
	const struct vendor *v;
	char t[ASSURE_TIME_STRLEN];
	enum assure_err rc;
	size_t i;

	if (no_register(ctx, res, &rc))
		return rc;
	for (i = 0; rc == ASSURE_OK && i < reg->n; i++) {
		v = &reg->v[i];
		if ((rc = result_add_member(res, ctx, v->name)) != ASSURE_OK)
			break;
		if (v->reviewed)
			assure_date_format(v->last_review, t);
		if (!v->reviewed)
			rc = result_add_exception(res, v->name, "%s tier, "
			    "never reviewed (last_review: null)",
			    vendor_tier_name(v->tier));
		else if (v->last_review > ctx->as_of)
			rc = result_add_exception(res, v->name, "%s tier, "
			    "reviewed %s, after this instant: not reviewed "
			    "by then", vendor_tier_name(v->tier), t);
		else if (ctx->as_of - v->last_review > v->review_every)
			rc = result_add_exception(res, v->name, "%s tier, "
			    "last reviewed %s: %lld days ago, more than every "
			    "%lld", vendor_tier_name(v->tier), t,
			    (long long)((ctx->as_of - v->last_review) / DAY),
			    (long long)(v->review_every / DAY));
	}
	if (rc != ASSURE_OK)
		return rc;
	settle(res);
	return result_set_reason(res, "%lld vendors; %zu not reviewed within "
	    "their interval", (long long)res->population,
	    result_failures(res));
}

const struct test_def test_vendor_review_cadence = {
	.id = "vendor.review_cadence",
	.title = "Every vendor is reviewed on schedule",
	.description = "Every vendor of vendors.yaml was last reviewed "
	    "(last_review) within its interval before the evaluation's "
	    "instant: review_every when given, else by tier, critical and "
	    "high every 365 days, medium every 730, low every 1095.  A "
	    "vendor never reviewed is an exception.",
	.criteria = cc92,
	.run = run_review,
};

/* ----------------------------------------------------------- CSOCs */

static enum assure_err
run_csoc(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct vendors *reg = ctx->cfg->vendors;
	const struct control_set *cs = ctx->cfg->controls;
	const struct vendor *v;
	enum assure_err rc;
	size_t i, j;

	if (no_register(ctx, res, &rc))
		return rc;
	if (cs == NULL || cs->n == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		return result_set_reason(res, "%s: the CSOCs of vendors.yaml "
		    "cannot be matched to controls", cs == NULL ? "the "
		    "organisation's controls were not loaded" : "controls/ "
		    "holds no control");
	}
	for (i = 0; rc == ASSURE_OK && i < reg->n; i++) {
		v = &reg->v[i];
		for (j = 0; rc == ASSURE_OK && j < v->ncsocs; j++) {
			/*
			 * The record is the CSOC, the subject its vendor's
			 * (as the exceptions'): listed, a vendor is one
			 * member, and in members mode the population counts
			 * vendors with CSOCs, not CSOCs.
			 */
			rc = result_add_member(res, ctx, v->name);
			if (rc == ASSURE_OK &&
			    controls_find(cs, v->csocs[j].control) == NULL)
				rc = result_add_exception(res, v->name, "the "
				    "CSOC \"%.120s\" (line %lu) maps to %.64s, "
				    "not a control of controls/",
				    v->csocs[j].description,
				    v->csocs[j].line, v->csocs[j].control);
		}
	}
	if (rc != ASSURE_OK)
		return rc;
	settle(res);
	return result_set_reason(res, "%lld CSOCs listed; %zu map to no "
	    "control of the %zu in controls/", (long long)res->population,
	    result_failures(res), cs->n);
}

const struct test_def test_vendor_csoc_mapped = {
	.id = "vendor.csoc_mapped",
	.title = "Every CSOC maps to a control",
	.description = "Every complementary subservice organisation control "
	    "(csocs:) that a vendor of vendors.yaml expects of the "
	    "organisation names the id of an existing control of controls/. "
	    " When the controls are not available to the test, no_evidence.",
	.criteria = cc92,
	.run = run_csoc,
};
