/*
 * auditor.c: the auditor package for a period (auditor.h), as `assure
 * export auditor` and GET /reports/auditor.zip build it.
 */
#include "common/compat.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "export/auditor.h"
#include "export/package.h"
#include "ledger/ledger.h"
#include "ledger/note.h"
#include "report/type2.h"
#include "report/workbook.h"
#include "workspace/config.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

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
	const struct export_opts *o;
	const char		*out_path;
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
	/* A store that keeps the evidence bytes: their copies, until the
	 * package is written (a folder beside it), or "". */
	char			 blobdir[4096];
};

/* The file the evidence bytes of hex are added from: the workspace's, or
 * a copy of the store's in x->blobdir. */
static enum assure_err
evidence_file(struct exp *x, const char *hex, const char *out_path,
    char *path, size_t size, struct assure_diag *d)
{
	if (!store_keeps_blobs(x->ws->store)) {
		workspace_blob_path(x->ws, hex, path, size);
		return ASSURE_OK;
	}
	if (x->blobdir[0] == '\0') {
		if (snprintf(x->blobdir, sizeof(x->blobdir), "%s.evidence."
		    "XXXXXX", out_path) >= (int)sizeof(x->blobdir)) {
			x->blobdir[0] = '\0';
			return assure_diag_set(d, ASSURE_ERR_LIMIT, out_path, 0,
			    0, NULL, "path too long");
		}
		if (mkdtemp(x->blobdir) == NULL) {
			x->blobdir[0] = '\0';
			return assure_diag_set(d, ASSURE_ERR_IO, out_path, 0, 0,
			    NULL, "cannot create a folder beside it: %s",
			    strerror(errno));
		}
	}
	if (snprintf(path, size, "%s/%s", x->blobdir, hex) >= (int)size)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, x->blobdir, 0, 0,
		    NULL, "path too long");
	return workspace_blob_copy(x->ws, hex, path, d);
}

/* Remove x->blobdir and the copies in it. */
static void
remove_blobdir(struct exp *x)
{
	struct dirent *de;
	char path[sizeof(((struct exp *)0)->blobdir) + 512];
	DIR *dir;

	if (x->blobdir[0] == '\0' || (dir = opendir(x->blobdir)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", x->blobdir, de->d_name);
		(void)unlink(path);
	}
	closedir(dir);
	(void)rmdir(x->blobdir);
}

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
		if (x->o->render == NULL || x->o->render(x->o->render_arg,
		    x->ws, bundled[i].kind, bundled[i].fmt, &b, &skip) !=
		    ASSURE_OK) {
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
			rc = evidence_file(x, e->sha256, x->out_path, blob,
			    sizeof(blob), d);
			if (rc == ASSURE_OK)
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
ledger_files(struct exp *x, struct assure_diag *d)
{
	char vkey[ASSURE_NOTE_VKEY_MAX + 2];
	struct assure_buf b;
	enum assure_err rc;

	rc = ledger_latest_checkpoint(x->ws->ledger, &x->latest, d);
	if (rc == ASSURE_OK && x->o->checkpoint != NULL) {
		assure_buf_add(&x->seed, x->o->checkpoint,
		    x->o->checkpoint_len);
		rc = assure_buf_err(&x->seed);
	} else if (rc == ASSURE_OK && x->t.has_cp)
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

enum assure_err
export_auditor(struct workspace *ws, const struct design *des,
    const struct export_opts *o, const char *out_path,
    struct export_stats *ret_stats, struct assure_diag *d)
{
	struct exp x;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.o = o;
	x.out_path = out_path;
	x.ws = ws;
	x.start = o->start;
	x.end = o->end;
	assure_buf_init(&x.meta, 0);
	assure_buf_init(&x.latest, ASSURE_NOTE_MAX_SIZE);
	assure_buf_init(&x.seed, ASSURE_NOTE_MAX_SIZE);
	rc = pkg_new(&x.pkg);
	if (rc == ASSURE_OK)
		rc = type2_load(ws->store, ws->ledger, &ws->cfg, &des->controls,
		    x.start, x.end, o->checkpoint, o->checkpoint_len, &x.t, d);
	if (rc == ASSURE_OK) {
		jsonw_init(&x.w, &x.meta, true);
		jsonw_obj_open(&x.w);
		jsonw_kstr(&x.w, "organisation", ws->cfg.organisation);
		jsonw_kstr(&x.w, "system", ws->cfg.system);
		jsonw_ktime(&x.w, "period_start", x.start, true);
		jsonw_ktime(&x.w, "period_end", x.end, true);
		jsonw_ktime(&x.w, "generated", x.t.generated, true);
		rc = ledger_files(&x, d);
	}
	if (rc == ASSURE_OK)
		rc = reports(&x, d);
	if (rc == ASSURE_OK)
		rc = workbook(&x, out_path, d);
	if (rc == ASSURE_OK)
		rc = evidence(&x, d);
	if (rc == ASSURE_OK)
		rc = evaluations(&x, d);
	if (rc == ASSURE_OK) {
		jsonw_obj_close(&x.w);
		rc = assure_buf_err(&x.meta);
	}
	if (rc == ASSURE_OK)
		rc = pkg_write(x.pkg, ws->ledger, assure_buf_str(&x.meta),
		    out_path, d);
	if (rc != ASSURE_OK && d->msg[0] == '\0')
		assure_diag_set(d, rc, out_path, 0, 0, NULL, "%s",
		    assure_strerror(rc));
	if (rc == ASSURE_OK && ret_stats != NULL) {
		memset(ret_stats, 0, sizeof(*ret_stats));
		ret_stats->files = pkg_count(x.pkg);
		ret_stats->bytes = pkg_bytes(x.pkg);
		ret_stats->evidence = x.nevidence;
		ret_stats->evaluations = x.nevaluations;
		ret_stats->controls = x.t.n;
		ret_stats->left_out = x.left_out;
		ret_stats->seeded = x.t.has_cp;
	}
	if (x.xlsx[0] != '\0')
		unlink(x.xlsx);
	remove_blobdir(&x);
	type2_release(&x.t);
	pkg_free(x.pkg);
	assure_buf_free(&x.meta);
	assure_buf_free(&x.latest);
	assure_buf_free(&x.seed);
	return rc;
}
