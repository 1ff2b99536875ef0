/*
 * cmd_report.c: `assure report KIND --out FILE`: write one of the
 * programme's documents.  The format follows the file's extension: .md
 * (Markdown), .html (a printable page) or .json.  The kinds and their
 * renderers are the library's (report/render.h), shared with the auditor
 * package and the web server; this file reads the options into a struct
 * report_args and writes the file.
 *
 * The file is written to a temporary name beside it, synced, and renamed
 * over FILE, so a reader never sees half a report.
 *
 * type2 also writes the auditor's workbook when FILE ends in .xlsx
 * (report/workbook.h).
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
#include "ledger/note.h"
#include "report/doc.h"
#include "report/render.h"
#include "workspace/config.h"
#include "workspace/workspace.h"

#define REPORT_PATH_MAX		4096

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

/*
 * The options k takes into *a, note holding the checkpoint's bytes
 * (ASSURE_NOTE_MAX_SIZE, the caller's to free).  The defaults (now, the
 * observation period) are report_render()'s.
 */
static enum assure_err
args_of(struct cli_ctx *ctx, const struct report_kind *k,
    struct report_args *a, struct assure_buf *note, struct assure_diag *d)
{
	const char *v;
	enum assure_err rc;

	memset(a, 0, sizeof(*a));
	a->soa = cli_opt(ctx, "soa");
	v = cli_opt(ctx, "as-of");
	if ((k->flags & REPORT_TAKES_AS_OF) && v != NULL) {
		if (assure_time_parse(v, strlen(v), &a->as_of) != 0)
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0,
			    0, "--as-of", "expected a date or an RFC 3339 "
			    "instant, got '%s'", v);
		a->has_as_of = true;
		/* type1 reports a day (YYYY-MM-DD) as of its end. */
		a->as_of_day = strlen(v) == 10;
	}
	v = cli_opt(ctx, "period");
	if ((k->flags & REPORT_TAKES_PERIOD) && v != NULL) {
		if (config_parse_period(v, &a->start, &a->end) != 0)
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0,
			    0, "--period", "expected START..END (dates or RFC "
			    "3339 instants, START first), got '%s'", v);
		a->has_period = true;
	}
	v = cli_opt(ctx, "checkpoint");
	if ((k->flags & REPORT_TAKES_CHECKPOINT) && v != NULL) {
		if ((rc = assure_file_read(v, note, d)) != ASSURE_OK)
			return rc;
		a->checkpoint = note->data;
		a->checkpoint_len = note->len;
		a->checkpoint_source = v;
	}
	return ASSURE_OK;
}

/* "scoping, gap, ... or system-description": the kinds, for usage. */
static void
kinds_list(struct assure_buf *b)
{
	const struct report_kind *k;
	size_t i;

	for (i = 0; (k = report_kind_at(i)) != NULL; i++)
		assure_buf_printf(b, "%s%s", i == 0 ? "" :
		    report_kind_at(i + 1) == NULL ? " or " : ", ", k->name);
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
    struct workspace *ws, const struct report_args *a, const char *path)
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
	if (report_workbook(ws, k->name, a, tmp, &d) != ASSURE_OK) {
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
	assure_fsync_parent(path);
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
	const struct report_kind *k;
	struct workspace *ws = NULL;
	struct report_args a;
	struct assure_diag d;
	struct assure_buf out, note;
	enum doc_format fmt = DOC_JSON;
	const char *path;
	size_t n;
	bool xlsx, wb;
	int ret;

	k = ctx->nargs == 1 ? report_kind_find(ctx->args[0]) : NULL;
	if (k == NULL) {
		assure_buf_init(&out, 0);
		kinds_list(&out);
		if (ctx->nargs != 1)
			ret = cli_usage(ctx, "report needs one kind: %s",
			    assure_buf_str(&out));
		else
			ret = cli_usage(ctx, "unknown report '%s': expected "
			    "%s", ctx->args[0], assure_buf_str(&out));
		assure_buf_free(&out);
		return ret;
	}
	wb = (k->flags & REPORT_HAS_WORKBOOK) != 0;
	path = cli_opt(ctx, "out");
	if (path == NULL || *path == '\0')
		return cli_usage(ctx, "report %s needs --out FILE (.md, .html "
		    "or .json)", k->name);
	xlsx = is_xlsx(path);
	if (xlsx && !wb)
		return cli_usage(ctx, "--out %s: report %s has no .xlsx form; "
		    "the extension must be .md, .html or .json", path, k->name);
	if (!xlsx && doc_format_from_path(path, &fmt) != 0)
		return cli_usage(ctx, "--out %s: the extension must be .md, "
		    ".html or .json%s", path, wb ?
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
	assure_buf_init(&out, 0);
	assure_buf_init(&note, ASSURE_NOTE_MAX_SIZE);
	if (args_of(ctx, k, &a, &note, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto out_free;
	}
	if (xlsx) {
		ret = write_workbook(ctx, k, ws, &a, path);
		goto out_free;
	}
	if (report_render(ws, k->name, &a, fmt, &out, &d) != ASSURE_OK) {
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
	assure_buf_free(&note);
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
