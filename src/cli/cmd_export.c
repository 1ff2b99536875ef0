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
#include <unistd.h>

#include "cli/cli.h"
#include "common/fileio.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "export/package.h"
#include "ledger/ledger.h"
#include "ledger/note.h"
#include "report/type2.h"
#include "report/workbook.h"
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

/* The reports bundled, beside the Type 2 report the package is built
 * around.  A kind that cannot be written (no scope.yaml for the scoping
 * statement) is left out and said so. */
static const struct {
	const char	*kind;
	const char	*path;
	enum doc_format	 fmt;
} bundled[] = {
	{ "system-description", "reports/system-description.html", DOC_HTML },
	{ "system-description", "reports/system-description.json", DOC_JSON },
	{ "scoping", "reports/scoping.html", DOC_HTML },
	{ "gap", "reports/gap.html", DOC_HTML },
	{ "gap", "reports/gap.json", DOC_JSON },
	{ "policies", "reports/policies.html", DOC_HTML },
	{ "findings", "reports/findings.html", DOC_HTML },
};

struct exp {
	struct cli_ctx		*ctx;
	struct workspace	*ws;
	struct pkg		*pkg;
	struct type2doc		 t;
	int64_t			 start, end;
	struct assure_buf	 meta;	/* the manifest's meta, as JSON */
	struct jsonw		 w;
	struct assure_buf	 latest;	/* the checkpoint proved to */
	struct assure_buf	 seed;		/* seeding the samples, or "" */
	size_t			 nevidence, nevaluations, left_out;
	char			 xlsx[4096];	/* the workbook, until written */
};

static enum assure_err
add_buf(struct exp *x, const char *path, struct assure_buf *b,
    struct assure_diag *d)
{
	enum assure_err rc = assure_buf_err(b);

	if (rc != ASSURE_OK)
		return assure_diag_set(d, rc, path, 0, 0, NULL, "cannot build");
	return pkg_add(x->pkg, path, b->data, b->len, d);
}

/* The auditor's workbook, written beside the package and added. */
static enum assure_err
workbook(struct exp *x, const char *out, struct assure_diag *d)
{
	enum assure_err rc;
	int fd;

	if (snprintf(x->xlsx, sizeof(x->xlsx), "%s.xlsx.XXXXXX", out) >=
	    (int)sizeof(x->xlsx) || (fd = mkstemp(x->xlsx)) < 0) {
		x->xlsx[0] = '\0';
		return assure_diag_set(d, ASSURE_ERR_IO, out, 0, 0, NULL,
		    "cannot create a temporary file beside it");
	}
	close(fd);
	if ((rc = workbook_write(&x->t, x->xlsx, d)) != ASSURE_OK)
		return rc;
	jsonw_kstr(&x->w, "workbook", "workbook.xlsx");
	return pkg_add_file(x->pkg, "workbook.xlsx", x->xlsx, d);
}

static enum assure_err
reports(struct exp *x, struct assure_diag *d)
{
	static const struct { const char *path; enum doc_format fmt; } t2[] = {
		{ "reports/type2.html", DOC_HTML },
		{ "reports/type2.md", DOC_MARKDOWN },
		{ "reports/type2.json", DOC_JSON },
	};
	struct assure_buf b;
	struct assure_diag skip;
	enum assure_err rc = ASSURE_OK;
	size_t i;

	jsonw_key(&x->w, "reports");
	jsonw_obj_open(&x->w);
	jsonw_kstr(&x->w, "type2_json", "reports/type2.json");
	jsonw_key(&x->w, "files");
	jsonw_arr_open(&x->w);
	for (i = 0; rc == ASSURE_OK && i < ASSURE_ARRAY_LEN(t2); i++) {
		assure_buf_init(&b, 0);
		report_type2(&x->t, t2[i].fmt, &b);
		rc = add_buf(x, t2[i].path, &b, d);
		assure_buf_free(&b);
		jsonw_str(&x->w, t2[i].path);
	}
	for (i = 0; rc == ASSURE_OK && i < ASSURE_ARRAY_LEN(bundled); i++) {
		assure_buf_init(&b, 0);
		assure_diag_clear(&skip);
		if (cli_report_render(x->ctx, x->ws, bundled[i].kind,
		    bundled[i].fmt, &b, &skip) != ASSURE_OK) {
			/* Not every workspace has every register. */
			x->left_out++;
			assure_buf_free(&b);
			continue;
		}
		rc = add_buf(x, bundled[i].path, &b, d);
		assure_buf_free(&b);
		jsonw_str(&x->w, bundled[i].path);
	}
	jsonw_arr_close(&x->w);
	jsonw_obj_close(&x->w);
	return rc;
}

/* A proof of the entry what names, against the latest checkpoint. */
static enum assure_err
prove(struct exp *x, const char *what, const char *path,
    struct assure_diag *d)
{
	struct assure_buf b;
	uint64_t index;
	enum assure_err rc;

	if ((rc = ledger_find(x->ws->ledger, what, &index, d)) != ASSURE_OK)
		return rc;
	assure_buf_init(&b, LEDGER_PROOF_FILE_MAX);
	rc = ledger_prove(x->ws->ledger, index, x->latest.data, x->latest.len,
	    &b, d);
	if (rc == ASSURE_OK)
		rc = add_buf(x, path, &b, d);
	assure_buf_free(&b);
	return rc;
}

static enum assure_err
evidence(struct exp *x, struct assure_diag *d)
{
	const struct hist_evidence *e;
	char path[PKG_PATH_MAX + 1], proof[PKG_PATH_MAX + 1],
	    blob[WORKSPACE_PATH_MAX + 128];
	enum assure_err rc = ASSURE_OK;
	size_t i, j;

	jsonw_key(&x->w, "evidence");
	jsonw_arr_open(&x->w);
	for (i = 0; rc == ASSURE_OK && i < x->t.n; i++)
		for (j = 0; rc == ASSURE_OK && j < x->t.v[i].h.nev; j++) {
			e = &x->t.v[i].h.ev[j];
			snprintf(path, sizeof(path), "evidence/%s", e->sha256);
			if (pkg_has(x->pkg, path))
				continue;	/* used by several controls */
			snprintf(proof, sizeof(proof),
			    "ledger/proofs/evidence-%s.json", e->sha256);
			workspace_blob_path(x->ws, e->sha256, blob,
			    sizeof(blob));
			rc = pkg_add_file(x->pkg, path, blob, d);
			if (rc == ASSURE_OK)
				rc = prove(x, e->sha256, proof, d);
			jsonw_obj_open(&x->w);
			jsonw_kstr(&x->w, "sha256", e->sha256);
			jsonw_kstr(&x->w, "kind", e->kind);
			jsonw_kstr(&x->w, "source", e->source);
			jsonw_ktime(&x->w, "as_of", e->as_of, true);
			jsonw_kstr(&x->w, "path", path);
			jsonw_kstr(&x->w, "proof", proof);
			jsonw_obj_close(&x->w);
			x->nevidence++;
		}
	jsonw_arr_close(&x->w);
	return rc;
}

struct eval_walk {
	struct exp		*x;
	struct assure_diag	*d;
};

static enum assure_err
eval_row(const struct store_val *c, int n, void *arg)
{
	struct eval_walk *ew = arg;
	struct exp *x = ew->x;
	char proof[PKG_PATH_MAX + 1];
	enum assure_err rc;

	if (n < 2 || c[0].type != STORE_TEXT || c[1].type != STORE_INT)
		return ASSURE_ERR_DB;
	snprintf(proof, sizeof(proof), "ledger/proofs/evaluation-%s.json",
	    c[0].s);
	if ((rc = prove(x, c[0].s, proof, ew->d)) != ASSURE_OK)
		return rc;
	jsonw_obj_open(&x->w);
	jsonw_kstr(&x->w, "id", c[0].s);
	jsonw_ktime(&x->w, "as_of", c[1].i, true);
	jsonw_kstr(&x->w, "proof", proof);
	jsonw_obj_close(&x->w);
	x->nevaluations++;
	return ASSURE_OK;
}

static enum assure_err
evaluations(struct exp *x, struct assure_diag *d)
{
	struct eval_walk ew = { x, d };
	struct store_val p[2];
	enum assure_err rc;

	jsonw_key(&x->w, "evaluations");
	jsonw_arr_open(&x->w);
	p[0] = STORE_INTV(x->start);
	p[1] = STORE_INTV(x->end);
	rc = store_exec(x->ws->store, STMT_EVAL_IN_PERIOD, p, 2, eval_row, &ew,
	    d);
	jsonw_arr_close(&x->w);
	return rc;
}

static enum assure_err
ledger_files(struct exp *x, const char *cp, struct assure_diag *d)
{
	char vkey[ASSURE_NOTE_VKEY_MAX + 2];
	struct assure_buf b;
	enum assure_err rc;

	rc = ledger_latest_checkpoint(x->ws->ledger, &x->latest, d);
	if (rc == ASSURE_OK && cp != NULL)
		rc = assure_file_read(cp, &x->seed, d);
	else if (rc == ASSURE_OK && x->t.has_cp)
		rc = ledger_checkpoint_after(x->ws->ledger, x->end, &x->seed,
		    NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	ledger_verifier_text(x->ws->ledger, vkey);
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "%s\n", vkey);
	rc = add_buf(x, "ledger/key.pub", &b, d);
	assure_buf_free(&b);
	if (rc == ASSURE_OK)
		rc = add_buf(x, "ledger/checkpoint.txt", &x->latest, d);
	if (rc == ASSURE_OK && x->seed.len > 0)
		rc = add_buf(x, "ledger/sample-checkpoint.txt", &x->seed, d);
	jsonw_key(&x->w, "ledger");
	jsonw_obj_open(&x->w);
	jsonw_kstr(&x->w, "origin", ledger_origin(x->ws->ledger));
	jsonw_kstr(&x->w, "key", vkey);
	jsonw_kstr(&x->w, "checkpoint", "ledger/checkpoint.txt");
	jsonw_key(&x->w, "sample_checkpoint");
	jsonw_str_or_null(&x->w, x->seed.len > 0 ?
	    "ledger/sample-checkpoint.txt" : NULL);
	jsonw_obj_close(&x->w);
	return rc;
}

static int
run_export(struct cli_ctx *ctx)
{
	struct exp x;
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
	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	cp = cli_opt(ctx, "checkpoint");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &x.ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	x.start = x.ws->cfg.period_start;
	x.end = x.ws->cfg.period_end;
	v = cli_opt(ctx, "period");
	if (v != NULL && config_parse_period(v, &x.start, &x.end) != 0) {
		workspace_close(x.ws);
		return cli_usage(ctx, "--period: expected START..END, got "
		    "'%s'", v);
	}
	assure_buf_init(&x.meta, 0);
	assure_buf_init(&x.latest, ASSURE_NOTE_MAX_SIZE);
	assure_buf_init(&x.seed, ASSURE_NOTE_MAX_SIZE);
	assure_buf_init(&note, ASSURE_NOTE_MAX_SIZE);
	cli_progress(ctx, "export", 0, 0);
	rc = pkg_new(&x.pkg);
	if (rc == ASSURE_OK && cp != NULL)
		rc = assure_file_read(cp, &note, &d);
	if (rc == ASSURE_OK && (rc = design_load(x.ws, &des, &d)) ==
	    ASSURE_OK)
		has_design = true;
	if (rc == ASSURE_OK)
		rc = type2_load(x.ws->store, x.ws->ledger, &x.ws->cfg,
		    &des.controls, x.start, x.end, cp != NULL ? note.data :
		    NULL, note.len, &x.t, &d);
	if (rc == ASSURE_OK) {
		jsonw_init(&x.w, &x.meta, true);
		jsonw_obj_open(&x.w);
		jsonw_kstr(&x.w, "organisation", x.ws->cfg.organisation);
		jsonw_kstr(&x.w, "system", x.ws->cfg.system);
		jsonw_ktime(&x.w, "period_start", x.start, true);
		jsonw_ktime(&x.w, "period_end", x.end, true);
		jsonw_ktime(&x.w, "generated", x.t.generated, true);
		rc = ledger_files(&x, cp, &d);
	}
	if (rc == ASSURE_OK)
		rc = reports(&x, &d);
	if (rc == ASSURE_OK)
		rc = workbook(&x, path, &d);
	if (rc == ASSURE_OK)
		rc = evidence(&x, &d);
	if (rc == ASSURE_OK)
		rc = evaluations(&x, &d);
	if (rc == ASSURE_OK) {
		jsonw_obj_close(&x.w);
		rc = assure_buf_err(&x.meta);
	}
	if (rc == ASSURE_OK)
		rc = pkg_write(x.pkg, x.ws->ledger, assure_buf_str(&x.meta),
		    path, &d);
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
	    path, pkg_count(x.pkg),
	    (unsigned long long)pkg_bytes(x.pkg), x.nevidence, x.nevaluations,
	    x.t.n, x.t.has_cp ? ", samples seeded by a signed checkpoint" :
	    ", no samples (no checkpoint signed after the period yet)",
	    x.left_out > 0 ? "; reports without their registers left out" :
	    "");
	assure_buf_printf(&out, "Check it with: assure verify %s --key "
	    "KEY-FILE\n", path);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
out:
	if (x.xlsx[0] != '\0')
		unlink(x.xlsx);
	type2_release(&x.t);
	if (has_design)
		design_release(&des);
	pkg_free(x.pkg);
	assure_buf_free(&x.meta);
	assure_buf_free(&x.latest);
	assure_buf_free(&x.seed);
	assure_buf_free(&note);
	workspace_close(x.ws);
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
