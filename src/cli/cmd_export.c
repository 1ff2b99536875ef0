/*
 * cmd_export.c: `assure export auditor --period START..END --out
 * FILE.zip [--checkpoint FILE]`: the auditor package (export/package.h,
 * docs/AUDITOR-PACKAGE.md): the reports, every evidence file the period's
 * evaluations used or filed against a control, the ledger's key and
 * checkpoints, an inclusion proof of every evidence file and every
 * evaluation of the period, and a manifest signed by the ledger's key.
 * `assure verify FILE.zip --key KEY` checks it offline.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/fileio.h"
#include "export/auditor.h"
#include "ledger/note.h"
#include "report/render.h"
#include "workspace/config.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

static const struct cli_option export_options[] = {
	{ "period", "START..END", "the observation period (default: the one "
	    "of assure.yaml)", false },
	{ "out", "FILE", "where to write the package (a .zip file)", false },
	{ "checkpoint", "FILE", "the signed checkpoint that seeds the samples "
	    "(default: the first signed after the period's end)", false },
	{ NULL, NULL, NULL, false },
};

static int
run_export(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct export_opts o;
	struct export_stats st;
	struct report_args ra;
	struct design des;
	struct assure_diag d;
	struct assure_buf out, note;
	const char *v, *path, *cp;
	bool has_design = false;
	enum assure_err rc;
	int ret;

	if (ctx->nargs != 1 || strcmp(ctx->args[0], "auditor") != 0)
		return cli_usage(ctx, "export needs the kind of package: "
		    "auditor");
	path = cli_opt(ctx, "out");
	if (path == NULL || strlen(path) < 5 ||
	    strcasecmp(path + strlen(path) - 4, ".zip") != 0)
		return cli_usage(ctx, "export auditor needs --out FILE.zip");
	memset(&o, 0, sizeof(o));
	cp = cli_opt(ctx, "checkpoint");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	o.start = ws->cfg.period_start;
	o.end = ws->cfg.period_end;
	v = cli_opt(ctx, "period");
	if (v != NULL && config_parse_period(v, &o.start, &o.end) != 0) {
		workspace_close(ws);
		return cli_usage(ctx, "--period: expected START..END, got "
		    "'%s'", v);
	}
	/* The bundled reports, as `assure report` renders them, over the
	 * package's period. */
	memset(&ra, 0, sizeof(ra));
	ra.has_period = true;
	ra.start = o.start;
	ra.end = o.end;
	o.render = report_render_bundled;
	o.render_arg = &ra;
	assure_buf_init(&note, ASSURE_NOTE_MAX_SIZE);
	cli_progress(ctx, "export", 0, 0);
	rc = ASSURE_OK;
	if (cp != NULL && (rc = assure_file_read(cp, &note, &d)) ==
	    ASSURE_OK) {
		o.checkpoint = note.data;
		o.checkpoint_len = note.len;
	}
	if (rc == ASSURE_OK && (rc = design_load(ws, &des, &d)) ==
	    ASSURE_OK)
		has_design = true;
	if (rc == ASSURE_OK)
		rc = export_auditor(ws, &des, &o, path, &st, &d);
	cli_progress_end(ctx);
	if (rc != ASSURE_OK) {
		if (d.msg[0] == '\0')
			assure_diag_set(&d, rc, path, 0, 0, NULL, "%s",
			    assure_strerror(rc));
		ret = cli_diag(ctx, &d);
		goto out;
	}
	assure_buf_init(&out, 0);
	assure_buf_printf(&out, "Wrote the auditor package to %s: %zu files "
	    "(%llu bytes) under a signed manifest, %zu evidence files and %zu "
	    "evaluations with their inclusion proofs, %zu controls%s%s\n",
	    path, st.files, (unsigned long long)st.bytes, st.evidence,
	    st.evaluations, st.controls, st.seeded ? ", samples seeded by a "
	    "signed checkpoint" : ", no samples (no checkpoint signed after "
	    "the period yet)", st.left_out > 0 ? "; reports without their "
	    "registers left out" : "");
	assure_buf_printf(&out, "Check it with: assure verify %s --key "
	    "KEY-FILE\n", path);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
out:
	if (has_design)
		design_release(&des);
	assure_buf_free(&note);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_export_def = {
	.name = "export",
	.args = "auditor --out FILE.zip",
	.summary = "Write the auditor package: reports, evidence, proofs",
	.description = "auditor writes one ZIP file for the observation period "
	    "(--period, default\nthe one of assure.yaml): the Type 2 report "
	    "(HTML, Markdown, JSON with every\npopulation and sample), the "
	    "scoping statement, gap analysis, policies and\nremediation report "
	    "where the workspace has what they need, every evidence\nfile the "
	    "period's evaluations used or that was filed against a control, "
	    "the\nledger's public key and checkpoints, an inclusion proof of "
	    "each evidence file\nand each evaluation of the period, and "
	    "manifest.json listing every file with\nits SHA-256, signed by the "
	    "ledger's key (manifest.sig).\n\n"
	    "'assure verify FILE.zip --key KEY' checks all of it offline and "
	    "draws every\nsample again (docs/AUDITOR-PACKAGE.md).  The package "
	    "is written whole or not\nat all.",
	.options = export_options,
	.words = (const char *const[]){ "auditor", NULL },
	.run = run_export,
	.flags = CLI_WORKSPACE,
};
