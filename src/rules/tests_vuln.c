/*
 * tests_vuln.c: the vulnerability-management tests over the finding
 * lifecycle of rules/vulns.h (SOC 2 step 6, CC7.1): remediation within the
 * service levels, and the scanning cadence of every asset in scope.
 *
 * A finding's subject names the tool, the finding id and the asset (and
 * its location): "trivy CVE-2024-3094 on ghcr.io/acme/api (xz@5.6.0)".
 * No scan at all, or none newer than the freshness window, is
 * no_evidence.
 *
 * CONTROL: tsc:CC7.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "rules/vulns.h"
#include "scope/scope.h"
#include "workspace/acceptances.h"
#include "workspace/pentests.h"

#define DAY	86400

static const char *const cc71[] = { "CC7.1", NULL };

/* No scans, or only stale ones: settle no_evidence; true when so. */
static bool
no_scans(const struct test_ctx *ctx, const struct vuln_population *p,
    struct test_result *res, enum assure_err *rc)
{
	char day[ASSURE_TIME_STRLEN];

	*rc = ASSURE_OK;
	if (p->nscans == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		*rc = result_set_reason(res, "no scanner evidence (trivy, "
		    "grype, sarif, nessus, openvas, openscap, zap, ...) as of "
		    "this instant");
		return true;
	}
	if (p->newest_scan < ctx->as_of - ctx->cfg->freshness) {
		assure_date_format(p->newest_scan, day);
		res->verdict = VERDICT_NO_EVIDENCE;
		*rc = result_set_reason(res, "the newest scan is of %s, older "
		    "than the %lld-day freshness window", day,
		    (long long)(ctx->cfg->freshness / DAY));
		return true;
	}
	return false;
}

/* ------------------------------------------------------ remediation SLA */

static enum assure_err
run_remediation_sla(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct vuln_population p;
	const struct vepisode *e;
	const struct acceptance *acc;
	char subject[RULES_SUBJECT_MAX], t1[ASSURE_TIME_STRLEN];
	char t2[ASSURE_TIME_STRLEN];
	int64_t sla, age, at;
	enum assure_err rc;
	size_t i, accepted = 0, open = 0;
	bool expired;

	rc = vuln_population_load(ctx, &p, d);
	if (rc == ASSURE_OK)
		rc = vuln_population_evidence(&p, res);
	if (rc != ASSURE_OK || no_scans(ctx, &p, res, &rc))
		goto out;
	for (i = 0; rc == ASSURE_OK && i < p.nep; i++) {
		e = &p.ep[i];
		sla = vuln_sla(ctx->cfg, e->severity);
		/* Findings of the period: open in it at some instant. */
		if (sla == 0 || (e->fixed && e->fixed_at <
		    ctx->cfg->period_start) ||
		    e->first_seen > ctx->cfg->period_end)
			continue;
		/*
		 * The record is the episode, the subject its finding's (as
		 * the exceptions'): listed, a reopened finding is one
		 * member, and in members mode the population counts
		 * findings, not episodes.
		 */
		vuln_subject(e, subject, sizeof(subject));
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		at = e->fixed ? e->fixed_at : ctx->as_of;
		age = at - e->first_seen;
		if (!e->fixed)
			open++;
		if (age <= sla)
			continue;
		acc = acceptances_match(ctx->cfg->acceptances, e->fingerprint,
		    e->tool, e->rule, e->asset, at, &expired);
		if (acc != NULL) {
			accepted++;
			continue;
		}
		assure_date_format(e->first_seen, t1);
		if (e->fixed) {
			assure_date_format(e->fixed_at, t2);
			rc = result_add_exception(res, subject, "%s%s, first "
			    "seen %s, fixed %s: %lld days past its %lld-day "
			    "SLA%s", e->severity != NULL ? e->severity :
			    "no severity (held to medium)", e->reopened ?
			    " (reopened)" : "", t1, t2,
			    (long long)((age - sla) / DAY),
			    (long long)(sla / DAY), expired ?
			    "; its risk acceptance had expired" : "");
		} else
			rc = result_add_exception(res, subject, "%s%s, first "
			    "seen %s, still open: %lld days past its %lld-day "
			    "SLA%s", e->severity != NULL ? e->severity :
			    "no severity (held to medium)", e->reopened ?
			    " (reopened)" : "", t1,
			    (long long)((age - sla) / DAY),
			    (long long)(sla / DAY), expired ?
			    "; its risk acceptance had expired" : "");
	}
	if (rc != ASSURE_OK)
		goto out;
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	rc = result_set_reason(res, "%zu of %lld findings of the period %s "
	    "past their SLA; %zu open now; %zu past it under an unexpired risk "
	    "acceptance", result_failures(res), (long long)res->population,
	    result_failures(res) == 1 ? "is" : "are", open, accepted);
out:
	vuln_population_release(&p);
	return rc;
}

const struct test_def test_vuln_remediation_sla = {
	.id = "vuln.remediation_sla",
	.title = "Vulnerabilities are fixed within their SLA",
	.description = "No finding of the observation period is open past "
	    "its service level (slas.vulnerability: critical 15d, high 30d, "
	    "medium 90d, low 180d by default; info has none), and every "
	    "finding fixed in the period was fixed within it.  A finding is "
	    "fixed at the first complete scan of its target by its tool that "
	    "no longer lists it (or lists it as not affected, resolved or "
	    "passed); listed again, it reopens.  A risk acceptance in "
	    "risk-acceptances.yaml covers a finding only until it expires.",
	.criteria = cc71,
	.run = run_remediation_sla,
};

/* ------------------------------------------------------- scan cadence */

struct target {
	const char	*asset;
	const char	*component;
};

static int
i64_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static enum assure_err
run_scan_cadence(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct scope *s = ctx->cfg->scope;
	struct vuln_population p;
	struct target *tg = NULL;
	int64_t *times = NULL, from, to, prev, every, gap;
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	char subject[RULES_SUBJECT_MAX];
	enum assure_err rc;
	size_t i, j, k, ntg = 0, cap = 0, nt;
	int c;

	memset(&p, 0, sizeof(p));
	rc = vuln_population_load(ctx, &p, d);
	if (rc == ASSURE_OK)
		rc = vuln_population_evidence(&p, res);
	if (rc != ASSURE_OK)
		goto out;
	for (c = 0; s != NULL && c < SCOPE_COMPONENT__MAX; c++)
		for (i = 0; i < s->ncomponents[c]; i++)
			cap += s->components[c][i].nassets;
	if (cap == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "scope.yaml declares no scan "
		    "targets (assets: of the boundary's infrastructure and "
		    "software)");
		goto out;
	}
	tg = calloc(cap, sizeof(*tg));
	times = calloc(p.nscans + 1, sizeof(*times));
	if (tg == NULL || times == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	for (c = 0; c < SCOPE_COMPONENT__MAX; c++)
		for (i = 0; i < s->ncomponents[c]; i++)
			for (j = 0; j < s->components[c][i].nassets; j++) {
				tg[ntg].asset = s->components[c][i].assets[j];
				tg[ntg++].component =
				    s->components[c][i].name;
			}
	every = ctx->cfg->sla.scan_cadence;
	from = ctx->cfg->period_start;
	to = ctx->as_of < ctx->cfg->period_end ? ctx->as_of :
	    ctx->cfg->period_end;
	for (i = 0; rc == ASSURE_OK && i < ntg; i++) {
		snprintf(subject, sizeof(subject), "%s (%s)", tg[i].asset,
		    tg[i].component);
		if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
			break;
		/* Every scan of the asset, by any tool. */
		for (k = 0, nt = 0; k < p.nscans; k++)
			if (strcmp(p.scans[k].asset, tg[i].asset) == 0)
				times[nt++] = p.scans[k].t;
		qsort(times, nt, sizeof(*times), i64_cmp);
		if (nt == 0) {
			rc = result_add_exception(res, subject, "never "
			    "scanned");
			continue;
		}
		/* The gaps: from the period's start, between scans, to now. */
		prev = from;
		for (k = 0; rc == ASSURE_OK && k <= nt; k++) {
			if (k < nt && times[k] < from)
				continue;
			/* A scan after the period's end: the gap ends there. */
			if (k < nt && times[k] > to)
				k = nt;
			gap = (k < nt ? times[k] : to) - prev;
			if (gap > every) {
				assure_date_format(prev, t1);
				assure_date_format(k < nt ? times[k] : to, t2);
				rc = result_add_exception(res, subject, "not "
				    "scanned from %s to %s%s: %lld days, more "
				    "than every %lld", t1, t2, k < nt ? "" :
				    to < ctx->as_of ? " (the period's end)" :
				    " (now)", (long long)(gap / DAY),
				    (long long)(every / DAY));
			}
			if (k < nt)
				prev = times[k];
		}
	}
	if (rc == ASSURE_OK) {
		res->verdict = result_failures(res) > 0 ? VERDICT_FAIL :
		    VERDICT_PASS;
		rc = result_set_reason(res, "%lld scan targets in scope; %zu "
		    "gaps longer than slas.scan_cadence (%lld days)",
		    (long long)res->population, result_failures(res),
		    (long long)(every / DAY));
	}
out:
	free(tg);
	free(times);
	vuln_population_release(&p);
	return rc;
}

const struct test_def test_vuln_scan_cadence = {
	.id = "vuln.scan_cadence",
	.title = "Every asset in scope is scanned on schedule",
	.description = "Every scan target declared in scope.yaml (assets: "
	    "of the boundary's infrastructure and software) was scanned, by "
	    "any tool, at least every slas.scan_cadence (default 30 days) "
	    "from the start of the observation period to the evaluation's "
	    "instant; each longer gap is an exception with its dates.",
	.criteria = cc71,
	.run = run_scan_cadence,
};

/* ----------------------------------------------------------- pentest */

struct ev_row {
	bool	found;
	char	kind[64];
	int64_t	id;
	int64_t	as_of;
};

static enum assure_err
ev_cb(const struct store_val *c, int n, void *arg)
{
	struct ev_row *r = arg;

	if (n < 7 || c[0].type != STORE_INT || c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	r->found = true;
	r->id = c[0].i;
	assure_strlcpy(r->kind, c[2].s, sizeof(r->kind));
	r->as_of = c[6].i;
	return ASSURE_OK;
}

/* The evidence with this hex digest ingested by t, or found false. */
static enum assure_err
evidence_of(const struct test_ctx *ctx, const char *hex, struct ev_row *ret,
    struct assure_diag *d)
{
	struct store_val p[1];

	memset(ret, 0, sizeof(*ret));
	p[0] = STORE_TEXTV(hex);
	return store_exec(ctx->store, STMT_EVIDENCE_BY_SHA256, p, 1, ev_cb,
	    ret, d);
}

struct pt_walk {
	const struct test_ctx		*ctx;
	const struct vuln_population	*p;
	struct test_result		*res;
	const char			*id;
	size_t				 judged;
	enum assure_err			 rc;
};

/* fingerprint, rule, severity, asset: high and critical in the tracker. */
static enum assure_err
pt_finding_cb(const struct store_val *c, int n, void *arg)
{
	struct pt_walk *w = arg;
	char subject[RULES_SUBJECT_MAX];
	enum assure_err rc;
	size_t i;

	if (n < 4 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (c[2].type != STORE_TEXT || (strcmp(c[2].s, "critical") != 0 &&
	    strcmp(c[2].s, "high") != 0))
		return ASSURE_OK;
	w->judged++;
	snprintf(subject, sizeof(subject), "pentest %s %s on %s", w->id,
	    c[1].s, c[3].type == STORE_TEXT ? c[3].s : "?");
	/*
	 * Counted, the test is one record (the pentest); listed, its high
	 * and critical findings are members too, as they are the subjects
	 * of its exceptions: in members mode the population counts them.
	 */
	if (w->ctx->members) {
		rc = result_add_member(w->res, w->ctx, subject);
		if (rc != ASSURE_OK)
			return rc;
	}
	for (i = 0; i < w->p->nep; i++)
		if (strcmp(w->p->ep[i].fingerprint, c[0].s) == 0)
			return ASSURE_OK;
	return result_add_exception(w->res, subject, "a %s finding of the "
	    "test that is not in the tracker as of this instant", c[2].s);
}

static enum assure_err
run_pentest(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct pentests *reg = ctx->cfg->pentests;
	const struct pentest_entry *e = NULL;
	struct vuln_population p;
	struct ev_row ev;
	struct pt_walk w;
	struct store_val v[1];
	char subject[RULES_SUBJECT_MAX], day[ASSURE_TIME_STRLEN];
	enum assure_err rc = ASSURE_OK;
	size_t i;

	memset(&p, 0, sizeof(p));
	/* The newest test that has ended by the instant. */
	for (i = 0; reg != NULL && i < reg->n; i++)
		if (reg->e[i].ended <= ctx->as_of && (e == NULL ||
		    reg->e[i].ended > e->ended))
			e = &reg->e[i];
	if (e == NULL) {
		res->verdict = VERDICT_NO_EVIDENCE;
		return result_set_reason(res, "pentests.yaml names no "
		    "penetration test ended by this instant");
	}
	snprintf(subject, sizeof(subject), "pentest %s", e->id);
	if ((rc = result_add_member(res, ctx, subject)) != ASSURE_OK)
		return rc;
	if (e->ended < ctx->as_of - 365 * DAY) {
		assure_date_format(e->ended, day);
		rc = result_add_exception(res, subject, "the newest "
		    "penetration test ended on %s, more than 12 months ago",
		    day);
	}
	/* Its documents, ingested by the instant. */
	for (i = 0; rc == ASSURE_OK && i < 2; i++) {
		const char *hex = i == 0 ? e->roe : e->report;

		rc = evidence_of(ctx, hex, &ev, d);
		if (rc != ASSURE_OK)
			break;
		if (ev.found && ev.as_of <= ctx->as_of)
			rc = result_add_evidence(res, ev.id, hex);
		else
			rc = result_add_exception(res, subject, "its %s "
			    "(sha256:%.12s...) is not an ingested evidence "
			    "file", i == 0 ? "rules of engagement" : "report",
			    hex);
	}
	if (rc == ASSURE_OK)
		rc = vuln_population_load(ctx, &p, d);
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.p = &p;
	w.res = res;
	w.id = e->id;
	for (i = 0; rc == ASSURE_OK && i < e->nfindings; i++) {
		rc = evidence_of(ctx, e->findings[i], &ev, d);
		if (rc != ASSURE_OK)
			break;
		if (!ev.found || ev.as_of > ctx->as_of ||
		    strcmp(ev.kind, "pentest-findings") != 0) {
			rc = result_add_exception(res, subject, "its findings "
			    "file sha256:%.12s... is not ingested as "
			    "pentest-findings", e->findings[i]);
			continue;
		}
		rc = result_add_evidence(res, ev.id, e->findings[i]);
		v[0] = STORE_INTV(ev.id);
		if (rc == ASSURE_OK)
			rc = store_exec(ctx->store, STMT_VULN_FINDINGS_OF, v, 1,
			    pt_finding_cb, &w, d);
	}
	if (rc == ASSURE_OK && e->nfindings == 0)
		rc = result_add_exception(res, subject, "names no findings "
		    "file: its findings are not in the tracker");
	if (rc == ASSURE_OK) {
		assure_date_format(e->ended, day);
		res->verdict = result_failures(res) > 0 ? VERDICT_FAIL :
		    VERDICT_PASS;
		rc = result_set_reason(res, "%s by %s, ended %s; %zu high or "
		    "critical findings in the tracker (their remediation is "
		    "vuln.remediation_sla's)", e->id, e->tester, day, w.judged);
	}
	vuln_population_release(&p);
	return rc;
}

const struct test_def test_vuln_pentest = {
	.id = "vuln.pentest",
	.title = "A penetration test in the last 12 months, its findings "
	    "tracked",
	.description = "pentests.yaml names a penetration test that ended in "
	    "the 12 months before the evaluation's instant, with its tester, "
	    "dates, rules of engagement and report (both ingested as "
	    "document evidence) and its findings (ingested as "
	    "pentest-findings); every high or critical finding of it is in "
	    "the remediation tracker.",
	.criteria = cc71,
	.run = run_pentest,
};
