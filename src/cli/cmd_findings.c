/*
 * cmd_findings.c: `assure findings`: the remediation tracker.  Every
 * finding of every scanner, merged into one lifecycle (rules/vulns.h) as
 * of an instant, with its age against its service level, filtered and
 * printed as text, JSON or CSV.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "rules/vulns.h"
#include "workspace/acceptances.h"
#include "workspace/workspace.h"

#define DAY	86400

static const struct cli_option findings_options[] = {
	{ "as-of", "TIME", "the instant to look from (default: now)", false },
	{ "open", NULL, "only findings open at that instant", false },
	{ "overdue", NULL, "only findings past their SLA (open or fixed "
	    "late) and not under an unexpired risk acceptance", false },
	{ "severity", "LIST", "only these severities (comma-separated: "
	    "critical, high, medium, low, info)", false },
	{ "asset", "NAME", "only findings of this asset", false },
	{ NULL, NULL, NULL, false },
};

struct row {
	const struct vepisode	*e;
	int64_t			 age;	/* to fixed, or to the instant */
	int64_t			 sla;	/* 0: none */
	int64_t			 due;
	int64_t			 overdue;	/* seconds past the due date */
	const struct acceptance	*acc;
};

static bool
severity_wanted(const char *list, const char *sev)
{
	const char *p, *e;
	size_t n;

	if (list == NULL)
		return true;
	if (sev == NULL)
		sev = "unknown";
	for (p = list; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if (strlen(sev) == n && strncasecmp(p, sev, n) == 0)
			return true;
	}
	return false;
}

static void
csv_field(struct assure_buf *out, const char *s, bool last)
{
	if (s != NULL && strpbrk(s, ",\"\r\n") != NULL) {
		assure_buf_addc(out, '"');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				assure_buf_addc(out, '"');
			assure_buf_addc(out, *s);
		}
		assure_buf_addc(out, '"');
	} else if (s != NULL)
		assure_buf_adds(out, s);
	assure_buf_addc(out, last ? '\n' : ',');
}

static void
emit_csv(const struct row *r, size_t n, struct assure_buf *out)
{
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN], num[32];
	size_t i;

	assure_buf_adds(out, "fingerprint,severity,status,tool,rule,asset,"
	    "location,title,first_seen,fixed_at,age_days,sla_days,"
	    "overdue_days,accepted_until,fixed_in\n");
	for (i = 0; i < n; i++) {
		const struct vepisode *e = r[i].e;

		csv_field(out, e->fingerprint, false);
		csv_field(out, e->severity, false);
		csv_field(out, e->fixed ? "fixed" : "open", false);
		csv_field(out, e->tool, false);
		csv_field(out, e->rule, false);
		csv_field(out, e->asset, false);
		csv_field(out, e->location, false);
		csv_field(out, e->title, false);
		assure_time_format(e->first_seen, t1);
		csv_field(out, t1, false);
		if (e->fixed)
			assure_time_format(e->fixed_at, t2);
		csv_field(out, e->fixed ? t2 : NULL, false);
		snprintf(num, sizeof(num), "%lld", (long long)(r[i].age / DAY));
		csv_field(out, num, false);
		snprintf(num, sizeof(num), "%lld", (long long)(r[i].sla / DAY));
		csv_field(out, r[i].sla > 0 ? num : NULL, false);
		snprintf(num, sizeof(num), "%lld",
		    (long long)(r[i].overdue / DAY));
		csv_field(out, r[i].overdue > 0 ? num : NULL, false);
		if (r[i].acc != NULL)
			assure_date_format(r[i].acc->expires, t1);
		csv_field(out, r[i].acc != NULL ? t1 : NULL, false);
		csv_field(out, e->fixed_in, true);
	}
}

static void
emit_json(const struct row *r, size_t n, int64_t as_of,
    struct assure_buf *out)
{
	char t[ASSURE_TIME_STRLEN];
	struct jsonw w;
	size_t i;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	assure_time_format(as_of, t);
	jsonw_kstr(&w, "as_of", t);
	jsonw_key(&w, "findings");
	jsonw_arr_open(&w);
	for (i = 0; i < n; i++) {
		const struct vepisode *e = r[i].e;

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "fingerprint", e->fingerprint);
		jsonw_key(&w, "severity");
		jsonw_str_or_null(&w, e->severity);
		jsonw_kstr(&w, "status", e->fixed ? "fixed" : "open");
		jsonw_kstr(&w, "tool", e->tool);
		jsonw_kstr(&w, "rule", e->rule);
		jsonw_kstr(&w, "asset", e->asset);
		jsonw_kstr(&w, "location", e->location);
		if (e->title != NULL)
			jsonw_kstr(&w, "title", e->title);
		assure_time_format(e->first_seen, t);
		jsonw_kstr(&w, "first_seen", t);
		assure_time_format(e->last_seen, t);
		jsonw_kstr(&w, "last_seen", t);
		if (e->fixed) {
			assure_time_format(e->fixed_at, t);
			jsonw_kstr(&w, "fixed_at", t);
		}
		jsonw_kbool(&w, "reopened", e->reopened);
		jsonw_kint(&w, "age_days", r[i].age / DAY);
		if (r[i].sla > 0) {
			jsonw_kint(&w, "sla_days", r[i].sla / DAY);
			assure_time_format(r[i].due, t);
			jsonw_kstr(&w, "due", t);
			jsonw_kint(&w, "overdue_days", r[i].overdue > 0 ?
			    r[i].overdue / DAY : 0);
		}
		if (r[i].acc != NULL) {
			jsonw_key(&w, "accepted");
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "reason", r[i].acc->reason);
			jsonw_kstr(&w, "approver", r[i].acc->approver);
			assure_time_format(r[i].acc->expires, t);
			jsonw_kstr(&w, "expires", t);
			jsonw_obj_close(&w);
		}
		if (e->fixed_in != NULL)
			jsonw_kstr(&w, "fixed_in", e->fixed_in);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

static void
emit_text(struct cli_ctx *ctx, const struct row *r, size_t n,
    size_t total, struct assure_buf *out)
{
	char t1[ASSURE_TIME_STRLEN], state[64], subject[RULES_SUBJECT_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct vepisode *e = r[i].e;

		assure_date_format(e->first_seen, t1);
		if (e->fixed) {
			char t2[ASSURE_TIME_STRLEN];

			assure_date_format(e->fixed_at, t2);
			snprintf(state, sizeof(state), "fixed %s", t2);
		} else
			snprintf(state, sizeof(state), "open %lldd",
			    (long long)(r[i].age / DAY));
		vuln_subject(e, subject, sizeof(subject));
		assure_buf_printf(out, "%s%-8s%s %-16s since %s%s%s\n"
		    "  %.12s  %s\n", cli_c(ctx, r[i].overdue > 0 &&
		    r[i].acc == NULL ? CLI_RED : CLI_BOLD), e->severity != NULL ?
		    e->severity : "?", cli_c(ctx, CLI_RESET), state, t1,
		    r[i].acc != NULL ? "  accepted" : "", r[i].overdue > 0 ?
		    "  OVERDUE" : "", e->fingerprint, subject);
		if (r[i].overdue > 0)
			assure_buf_printf(out, "  %lld days past its %lld-day "
			    "SLA\n", (long long)(r[i].overdue / DAY),
			    (long long)(r[i].sla / DAY));
	}
	assure_buf_printf(out, "%zu of %zu findings shown\n", n, total);
}

static int
run_findings(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct vuln_population p;
	struct test_ctx tc;
	struct assure_diag d;
	struct assure_buf out;
	struct row *rows = NULL;
	const char *v, *sev, *asset;
	int64_t as_of;
	size_t i, n = 0;
	bool only_open, only_overdue;
	int ret;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "findings takes no arguments");
	as_of = assure_now();
	v = cli_opt(ctx, "as-of");
	if (v != NULL && assure_time_parse(v, strlen(v), &as_of) != 0)
		return cli_usage(ctx, "--as-of: expected a date or an RFC 3339 "
		    "instant, got '%s'", v);
	sev = cli_opt(ctx, "severity");
	asset = cli_opt(ctx, "asset");
	only_open = cli_has(ctx, "open");
	only_overdue = cli_has(ctx, "overdue");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	memset(&tc, 0, sizeof(tc));
	tc.store = ws->store;
	tc.cfg = &ws->cfg;
	tc.as_of = as_of;
	if (vuln_population_load(&tc, &p, &d) != ASSURE_OK) {
		vuln_population_release(&p);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	rows = calloc(p.nep + 1, sizeof(*rows));
	if (rows == NULL) {
		vuln_population_release(&p);
		workspace_close(ws);
		return cli_error(ctx, "out of memory");
	}
	for (i = 0; i < p.nep; i++) {
		struct row *r = &rows[n];
		const struct vepisode *e = &p.ep[i];
		int64_t at = e->fixed ? e->fixed_at : as_of;

		r->e = e;
		r->age = at - e->first_seen;
		r->sla = vuln_sla(&ws->cfg, e->severity);
		r->due = e->first_seen + r->sla;
		r->overdue = r->sla > 0 && r->age > r->sla ? r->age - r->sla :
		    0;
		r->acc = acceptances_match(ws->cfg.acceptances,
		    e->fingerprint, e->tool, e->rule, e->asset, at, NULL);
		if ((only_open && e->fixed) ||
		    (only_overdue && (r->overdue == 0 || r->acc != NULL)) ||
		    !severity_wanted(sev, e->severity) ||
		    (asset != NULL && strcmp(asset, e->asset) != 0))
			continue;
		n++;
	}
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON)
		emit_json(rows, n, as_of, &out);
	else if (ctx->format == CLI_FORMAT_CSV)
		emit_csv(rows, n, &out);
	else
		emit_text(ctx, rows, n, p.nep, &out);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	free(rows);
	vuln_population_release(&p);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_findings_def = {
	.name = "findings",
	.args = NULL,
	.summary = "The remediation tracker: every scanner's findings in one "
	    "lifecycle",
	.description = "Every finding of every ingested scan, merged by "
	    "fingerprint (tool, rule, asset,\nlocation) into one lifecycle "
	    "as of --as-of: first seen, fixed at the first\ncomplete scan "
	    "that no longer lists it, reopened when listed again.  Each "
	    "is\nshown with its age against its SLA (slas.vulnerability) and "
	    "any risk\nacceptance (risk-acceptances.yaml).",
	.options = findings_options,
	.run = run_findings,
	.flags = CLI_WORKSPACE | CLI_FORMATTED | CLI_CSV,
};
