/*
 * cmd_report.c: `assure report KIND --out FILE`: write one of the
 * programme's documents.  The format follows the file's extension: .md
 * (Markdown), .html (a printable page) or .json.  The kinds are a table,
 * so that later documents (system-description, type1, type2) are one row
 * and one function each.
 *
 * The file is written to a temporary name beside it, synced, and renamed
 * over FILE, so a reader never sees half a report.
 *
 * type2 also writes the auditor's workbook when FILE ends in .xlsx
 * (report/workbook.h), until the auditor package takes it over.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "gap/run.h"
#include "report/doc.h"
#include "report/gapreport.h"
#include "report/findings.h"
#include "report/policyreport.h"
#include "report/scoping.h"
#include "report/sysdesc.h"
#include "report/type1.h"
#include "report/type2.h"
#include "report/workbook.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

#define REPORT_PATH_MAX		4096

enum report_kind_flags {
	/* The kind reads --soa. */
	REPORT_TAKES_SOA = 1 << 0,
	REPORT_TAKES_AS_OF = 1 << 1,
	REPORT_TAKES_PERIOD = 1 << 2,
	REPORT_TAKES_CHECKPOINT = 1 << 3,
};

struct report_kind {
	const char	*name;
	const char	*what;		/* "the scoping statement" */
	unsigned	 flags;
	/* Render into out; fill d and return the error on failure. */
	enum assure_err	(*render)(struct cli_ctx *ctx,
			    struct workspace *ws, enum doc_format fmt,
			    struct assure_buf *out, struct assure_diag *d);
	/* Write the XLSX workbook to path, or NULL: no .xlsx form. */
	enum assure_err	(*workbook)(struct cli_ctx *ctx,
			    struct workspace *ws, const char *path,
			    struct assure_diag *d);
};

static enum assure_err
render_scoping(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	const struct assure_catalog *cat;
	struct scope *s;
	struct scoping sc;
	enum assure_err rc;

	(void)ctx;
	rc = assure_catalog_get(&cat, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = scope_load_workspace(ws->root, cat, &s, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&sc, 0, sizeof(sc));
	sc.cfg = &ws->cfg;
	sc.scope = s;
	sc.cat = cat;
	sc.generated = assure_now();
	report_scoping(&sc, fmt, out);
	scope_free(s);
	return ASSURE_OK;
}

static enum assure_err
render_gap(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct gap_run run;
	struct gapdoc g;
	enum assure_err rc;

	rc = gap_run(ws->root, &ws->cfg, cli_opt(ctx, "soa"), &run, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&g, 0, sizeof(g));
	g.cfg = &ws->cfg;
	g.cat = run.cat;
	g.gap = &run.report;
	g.soa = run.have_soa ? &run.soa : NULL;
	g.soa_digest = run.have_soa ? run.soa_digest : NULL;
	g.controls = run.have_controls ? &run.controls : NULL;
	g.generated = assure_now();
	report_gap(&g, fmt, out);
	gap_run_release(&run);
	return ASSURE_OK;
}

static enum assure_err
render_findings(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct vuln_population p;
	struct findingsdoc fd;
	struct test_ctx tc;
	const char *v = cli_opt(ctx, "as-of");
	enum assure_err rc;

	memset(&tc, 0, sizeof(tc));
	tc.store = ws->store;
	tc.cfg = &ws->cfg;
	tc.as_of = assure_now();
	if (v != NULL && assure_time_parse(v, strlen(v), &tc.as_of) != 0)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
		    "--as-of", "expected a date or an RFC 3339 instant, got "
		    "'%s'", v);
	rc = vuln_population_load(&tc, &p, d);
	if (rc == ASSURE_OK) {
		memset(&fd, 0, sizeof(fd));
		fd.cfg = &ws->cfg;
		fd.pop = &p;
		fd.as_of = tc.as_of;
		fd.generated = assure_now();
		report_findings(&fd, fmt, out);
	}
	vuln_population_release(&p);
	return rc;
}

static enum assure_err
render_policies(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct polrepdoc pd;
	struct polrep r;
	enum assure_err rc;

	(void)ctx;
	rc = polrep_load(ws, &r, d);
	if (rc == ASSURE_OK) {
		memset(&pd, 0, sizeof(pd));
		pd.cfg = &ws->cfg;
		pd.items = r.items;
		pd.n = r.n;
		pd.generated = assure_now();
		report_policies(&pd, fmt, out);
	}
	polrep_release(&r);
	return rc;
}

/* --period, else the observation period of assure.yaml. */
static enum assure_err
period_of(struct cli_ctx *ctx, const struct workspace *ws, int64_t *start,
    int64_t *end, struct assure_diag *d)
{
	const char *v = cli_opt(ctx, "period");

	*start = ws->cfg.period_start;
	*end = ws->cfg.period_end;
	if (v != NULL && config_parse_period(v, start, end) != 0)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
		    "--period", "expected START..END (dates or RFC 3339 "
		    "instants, START first), got '%s'", v);
	return ASSURE_OK;
}

/*
 * Load the Type 2 report into *t (release it with type2_release() and
 * des with design_release() whatever the outcome).
 */
static enum assure_err
type2_of(struct cli_ctx *ctx, struct workspace *ws, struct design *des,
    struct type2doc *t, struct assure_diag *d)
{
	const char *cp = cli_opt(ctx, "checkpoint");
	struct assure_buf note;
	int64_t start, end;
	enum assure_err rc;

	memset(des, 0, sizeof(*des));
	memset(t, 0, sizeof(*t));
	if ((rc = period_of(ctx, ws, &start, &end, d)) != ASSURE_OK)
		return rc;
	assure_buf_init(&note, ASSURE_NOTE_MAX_SIZE);
	if (cp != NULL && (rc = assure_file_read(cp, &note, d)) != ASSURE_OK) {
		assure_buf_free(&note);
		return rc;
	}
	if ((rc = design_load(ws, des, d)) != ASSURE_OK) {
		assure_buf_free(&note);
		return rc;
	}
	rc = type2_load(ws->store, ws->ledger, &ws->cfg, &des->controls, start,
	    end, cp != NULL ? note.data : NULL, note.len, t, d);
	if (rc != ASSURE_OK && cp != NULL)
		assure_diag_default_source(d, cp);
	assure_buf_free(&note);
	return rc;
}

static enum assure_err
render_type2(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct design des;
	struct type2doc t;
	enum assure_err rc;

	rc = type2_of(ctx, ws, &des, &t, d);
	if (rc == ASSURE_OK)
		report_type2(&t, fmt, out);
	type2_release(&t);
	design_release(&des);
	return rc;
}

static enum assure_err
render_type1(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	const char *v = cli_opt(ctx, "as-of");
	struct design des;
	struct type1doc t;
	int64_t as_of = ws->cfg.period_end;
	enum assure_err rc;

	if (v != NULL && assure_time_parse(v, strlen(v), &as_of) != 0)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
		    "--as-of", "expected a date or an RFC 3339 instant, got "
		    "'%s'", v);
	/* A day (YYYY-MM-DD): its state at the end of it. */
	if (v != NULL && strlen(v) == 10)
		as_of += 86399;
	if ((rc = design_load(ws, &des, d)) != ASSURE_OK)
		return rc;
	rc = type1_load(ws->store, &ws->cfg, &des, as_of, &t, d);
	if (rc == ASSURE_OK)
		report_type1(&t, fmt, out);
	type1_release(&t);
	design_release(&des);
	return rc;
}

static enum assure_err
workbook_type2(struct cli_ctx *ctx, struct workspace *ws, const char *path,
    struct assure_diag *d)
{
	struct design des;
	struct type2doc t;
	enum assure_err rc;

	rc = type2_of(ctx, ws, &des, &t, d);
	if (rc == ASSURE_OK)
		rc = workbook_write(&t, path, d);
	type2_release(&t);
	design_release(&des);
	return rc;
}

static enum assure_err
render_sysdesc(struct cli_ctx *ctx, struct workspace *ws,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	const struct assure_catalog *cat;
	struct sysdesc_data data;
	struct sysdesc sd;
	int64_t start, end;
	enum assure_err rc;

	if ((rc = period_of(ctx, ws, &start, &end, d)) != ASSURE_OK)
		return rc;
	rc = assure_catalog_get(&cat, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = sysdesc_load(ws, cat, start, end, &data, d);
	if (rc == ASSURE_OK) {
		memset(&sd, 0, sizeof(sd));
		sd.cfg = &ws->cfg;
		sd.scope = data.scope;
		sd.cat = cat;
		sd.controls = &data.controls;
		sd.vendors = ws->cfg.vendors != NULL &&
		    ws->cfg.vendors->present ? ws->cfg.vendors : NULL;
		sd.start = start;
		sd.end = end;
		sd.generated = assure_now();
		sd.incidents = data.incidents;
		sd.nincidents = data.nincidents;
		sd.incident_sources = data.incident_sources;
		sd.approvals = data.approvals;
		sd.napprovals = data.napprovals;
		report_sysdesc(&sd, fmt, out);
	}
	sysdesc_data_release(&data);
	return rc;
}

static const struct report_kind report_kinds[] = {
	{ "scoping", "the scoping statement", 0, render_scoping, NULL },
	{ "gap", "the gap analysis", REPORT_TAKES_SOA, render_gap, NULL },
	{ "findings", "the vulnerability remediation report",
	    REPORT_TAKES_AS_OF, render_findings, NULL },
	{ "policies", "the policy set", 0, render_policies, NULL },
	{ "type1", "the Type 1 report", REPORT_TAKES_AS_OF, render_type1,
	    NULL },
	{ "type2", "the Type 2 report", REPORT_TAKES_PERIOD |
	    REPORT_TAKES_CHECKPOINT, render_type2, workbook_type2 },
	{ "system-description", "the system description",
	    REPORT_TAKES_PERIOD, render_sysdesc, NULL },
};

static const struct cli_option report_options[] = {
	{ "out", "FILE", "write the report to FILE; its extension chooses "
	    "the format: .md, .html or .json (type2 also .xlsx: the auditor's "
	    "workbook)", false },
	{ "soa", "FILE", "with gap: judge from this ISO 27001 Statement of "
	    "Applicability (CSV)", false },
	{ "as-of", "TIME", "with findings: the instant to report as of "
	    "(default: now); with type1: the day or instant (default: the end "
	    "of the observation period)", false },
	{ "period", "START..END", "with type2 and system-description: the "
	    "period reported (default: the observation period)", false },
	{ "checkpoint", "FILE", "with type2: the signed ledger checkpoint "
	    "that seeds the samples (default: the first signed after the "
	    "period's end)", false },
	{ NULL, NULL, NULL, false },
};

enum assure_err
cli_report_render(struct cli_ctx *ctx, struct workspace *ws, const char *kind,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(report_kinds); i++)
		if (strcmp(kind, report_kinds[i].name) == 0)
			return report_kinds[i].render(ctx, ws, fmt, out, d);
	return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, NULL,
	    "no report '%s'", kind);
}

/* Write b to path through a synced temporary file and a rename. */
static int
write_atomic(struct cli_ctx *ctx, const char *path, const struct assure_buf *b)
{
	struct assure_diag d;

	assure_diag_clear(&d);
	if (assure_file_replace(path, b->data, b->len, 0644, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	return CLI_EXIT_OK;
}

static bool
is_xlsx(const char *path)
{
	size_t n = strlen(path);
	const char *e = ".xlsx";
	size_t i;

	if (n < 5)
		return false;
	for (i = 0; i < 5; i++)
		if ((path[n - 5 + i] | 0x20) != e[i])
			return false;
	return true;
}

/*
 * Write k's workbook to path through a temporary file beside it, synced
 * and renamed over path.
 */
static int
write_workbook(struct cli_ctx *ctx, const struct report_kind *k,
    struct workspace *ws, const char *path)
{
	char tmp[REPORT_PATH_MAX + 16];
	struct assure_buf out;
	struct assure_diag d;
	struct stat st;
	int fd, ret;

	assure_diag_clear(&d);
	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(tmp))
		return cli_usage(ctx, "--out: the path is too long");
	if ((fd = mkstemp(tmp)) == -1)
		return cli_error(ctx, "%s: cannot create a temporary file "
		    "beside it: %s", path, strerror(errno));
	/* As write_atomic() leaves a report. */
	if (fchmod(fd, 0644) != 0) {
		ret = cli_error(ctx, "%s: %s", tmp, strerror(errno));
		(void)close(fd);
		(void)unlink(tmp);
		return ret;
	}
	(void)close(fd);
	if (k->workbook(ctx, ws, tmp, &d) != ASSURE_OK) {
		(void)unlink(tmp);
		if (strcmp(d.source, tmp) == 0)
			snprintf(d.source, sizeof(d.source), "%s", path);
		return cli_diag(ctx, &d);
	}
	if ((fd = open(tmp, O_RDONLY)) == -1 || fsync(fd) != 0 ||
	    fstat(fd, &st) != 0) {
		ret = cli_error(ctx, "%s: cannot write: %s", path,
		    strerror(errno));
		if (fd != -1)
			(void)close(fd);
		(void)unlink(tmp);
		return ret;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		ret = cli_error(ctx, "%s: cannot write: %s", path,
		    strerror(errno));
		(void)unlink(tmp);
		return ret;
	}
	assure_buf_init(&out, 0);
	assure_buf_printf(&out, "Wrote %s (xlsx workbook, %lld bytes) to %s\n",
	    k->what, (long long)st.st_size, path);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static int
run_report(struct cli_ctx *ctx)
{
	const struct report_kind *k = NULL;
	struct workspace *ws = NULL;
	struct assure_diag d;
	struct assure_buf out;
	enum doc_format fmt = DOC_JSON;
	const char *path;
	size_t i, n;
	bool xlsx;
	int ret;

	if (ctx->nargs != 1)
		return cli_usage(ctx, "report needs one kind: scoping, gap, "
		    "findings, policies, type1, type2 or system-description");
	for (i = 0; i < ASSURE_ARRAY_LEN(report_kinds); i++)
		if (strcmp(ctx->args[0], report_kinds[i].name) == 0)
			k = &report_kinds[i];
	if (k == NULL)
		return cli_usage(ctx, "unknown report '%s': expected scoping, "
		    "gap, findings, policies, type1, type2 or "
		    "system-description",
		    ctx->args[0]);
	path = cli_opt(ctx, "out");
	if (path == NULL || *path == '\0')
		return cli_usage(ctx, "report %s needs --out FILE (.md, .html "
		    "or .json)", k->name);
	xlsx = is_xlsx(path);
	if (xlsx && k->workbook == NULL)
		return cli_usage(ctx, "--out %s: report %s has no .xlsx form; "
		    "the extension must be .md, .html or .json", path, k->name);
	if (!xlsx && doc_format_from_path(path, &fmt) != 0)
		return cli_usage(ctx, "--out %s: the extension must be .md, "
		    ".html or .json%s", path, k->workbook != NULL ?
		    " (or .xlsx)" : "");
	if (cli_has(ctx, "soa") && !(k->flags & REPORT_TAKES_SOA))
		return cli_usage(ctx, "--soa does not apply to 'report %s'",
		    k->name);
	if (cli_has(ctx, "as-of") && !(k->flags & REPORT_TAKES_AS_OF))
		return cli_usage(ctx, "--as-of does not apply to 'report %s'",
		    k->name);
	if (cli_has(ctx, "period") && !(k->flags & REPORT_TAKES_PERIOD))
		return cli_usage(ctx, "--period does not apply to 'report %s'",
		    k->name);
	if (cli_has(ctx, "checkpoint") &&
	    !(k->flags & REPORT_TAKES_CHECKPOINT))
		return cli_usage(ctx, "--checkpoint does not apply to 'report "
		    "%s'", k->name);
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	if (xlsx) {
		ret = write_workbook(ctx, k, ws, path);
		workspace_close(ws);
		return ret;
	}
	assure_buf_init(&out, 0);
	if (k->render(ctx, ws, fmt, &out, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto out_free;
	}
	if (assure_buf_err(&out) != ASSURE_OK) {
		ret = cli_error(ctx, "cannot build %s: %s", k->what,
		    assure_strerror(assure_buf_err(&out)));
		goto out_free;
	}
	ret = write_atomic(ctx, path, &out);
	if (ret == CLI_EXIT_OK) {
		n = out.len;
		assure_buf_reset(&out);
		assure_buf_printf(&out, "Wrote %s (%s, %zu bytes) to %s\n",
		    k->what, doc_format_name(fmt), n, path);
		ret = cli_write_out(ctx, &out);
	}
out_free:
	assure_buf_free(&out);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_report_def = {
	.name = "report",
	.args = "scoping|gap|findings|policies|type1|type2|"
	    "system-description --out FILE",
	.summary = "Write a report: the scoping statement, the gap analysis, "
	    "the remediation report, the policies, Type 1, Type 2, the "
	    "system description",
	.description = "scoping writes the scoping statement: the system, its "
	    "boundary, the categories\nand criteria in scope, what is left "
	    "out and why, the sub-service\norganisations and how they are "
	    "presented, and the user-entity controls.\n\n"
	    "gap writes the gap analysis (as 'assure gap'), from --soa FILE "
	    "or from\ncontrols/; the JSON lists every criterion in scope with "
	    "its status.\n\n"
	    "findings writes the vulnerability remediation report as of "
	    "--as-of: the\nageing of open findings by severity, what is past "
	    "its SLA, every open\nfinding and its acceptance.\n\n"
	    "policies writes every policy of policies/ as one document: a "
	    "table of\ncontents, then each policy with its approval block "
	    "(approved in its current\nversion, changed since approval or "
	    "not approved, from the ledger) and its\ntext.  It reads the "
	    "store and the ledger and changes neither.\n\n"
	    "type1 writes the Type 1 report as of --as-of (default: the end "
	    "of the\nobservation period): per criterion in scope, each "
	    "control addressing it\nwith its design (owner, frequency, "
	    "status, description, tests, its\npolicies and their approval) "
	    "and its state on the day (each test run as\nof the day with its "
	    "verdict, exceptions and evidence digests, and the\ndocuments "
	    "filed against it); the open design gaps; and the accounts of\n"
	    "each identity system on the day.  It records nothing.\n\n"
	    "type2 writes the Type 2 report over --period: for each control "
	    "its design,\nits occurrences against those its frequency "
	    "expects, every exception its\ntests recorded with when it was "
	    "first and last seen, the gaps in its\nevidence, its sample "
	    "(seeded by --checkpoint, or the first checkpoint\nsigned after "
	    "the period) with what was found, and a conclusion; then the\n"
	    "period's incidents of severity 1 and 2 and policy approvals.  The "
	    "JSON\nlists every population, so that each sample can be "
	    "redone.\n\n"
	    "system-description writes the SOC 2 description of the system "
	    "for --period\n(default: the observation period), by the "
	    "description criteria DC1 to\nDC9: services, commitments, the "
	    "components with an architecture and a\ndata-flow diagram, "
	    "significant incidents, the criteria and their\ncontrols, "
	    "user-entity controls, sub-service organisations, criteria not\n"
	    "relevant and the changes of the period.\n\n"
	    "The extension of --out chooses the format: .md, .html (a "
	    "printable page,\nno script) or .json; type2 also writes .xlsx, "
	    "the auditor's workbook: a\nsummary sheet, one sheet per control "
	    "with its whole population, exceptions,\ngaps and sample, and the "
	    "request list.  Exits 0 once the file is written,\ngaps or not.",
	.options = report_options,
	.words = (const char *const[]){ "scoping", "gap", "findings",
	    "policies", "type1", "type2", "system-description", NULL },
	.run = run_report,
	.flags = CLI_WORKSPACE,
};
