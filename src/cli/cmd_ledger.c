/*
 * cmd_ledger.c: `assure ledger status|checkpoint|key|prove|consistency|
 * verify` over the workspace's evidence ledger, and `assure verify
 * PROOF-FILE --key KEY`, which needs no workspace at all.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/verify.h"
#include "common/base64.h"
#include "common/fileio.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "workspace/workspace.h"

#define CLI_FILE_MAX	(4u * 1024 * 1024)

static const struct cli_option ledger_options[] = {
	{ "checkpoint", "FILE", "prove: against this saved checkpoint "
	    "(default: the smallest stored one that covers the entry)", false },
	{ "out", "FILE", "prove, consistency: write the proof here instead "
	    "of standard output", false },
	{ "tsa", "URL", "timestamp: the RFC 3161 Time-Stamping Authority "
	    "(http:// or https://)", false },
	{ "tsa-cert", "FILE", "timestamp, verify: also check the TSA's "
	    "signature against this PEM certificate (the TSA's or a CA's)",
	    false },
	{ NULL, NULL, NULL, false },
};

static const struct cli_option verify_options[] = {
	{ "key", "KEY", "the ledger's verifier key (name+id+base64), or a "
	    "file holding it", false },
	{ "evidence", "FILE", "also check that this file is the evidence the "
	    "proven entry logged", false },
	{ NULL, NULL, NULL, false },
};

/* Read a whole small file into b; one-line error on failure. */
static int
read_file(const struct cli_ctx *ctx, const char *path, struct assure_buf *b)
{
	struct assure_diag d;

	assure_diag_clear(&d);
	if (assure_file_read(path, b, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	return CLI_EXIT_OK;
}

/* Write b to path (0644, replaced atomically) or to standard output. */
static int
emit(const struct cli_ctx *ctx, const char *path, const struct assure_buf *b)
{
	struct assure_diag d;

	if (path == NULL)
		return cli_write_out(ctx, b);
	assure_diag_clear(&d);
	if (assure_buf_err(b) != ASSURE_OK)
		return cli_error(ctx, "%s: cannot build the output: %s", path,
		    assure_strerror(assure_buf_err(b)));
	if (assure_file_replace(path, b->data, b->len, 0644, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	return CLI_EXIT_OK;
}

static void
hex32(const unsigned char *h, char *out)
{
	assure_hex(h, ASSURE_MERKLE_HASH_LEN, out);
}

static int
ledger_status_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct ledger_status st;
	struct assure_diag d;
	struct assure_buf out, b64;
	struct jsonw w;
	char hex[65], when[ASSURE_TIME_STRLEN], vkey[ASSURE_NOTE_VKEY_MAX];
	int ret;

	assure_diag_clear(&d);
	if (ledger_status(ws->ledger, &st, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	hex32(st.root, hex);
	ledger_verifier_text(ws->ledger, vkey);
	assure_buf_init(&out, 0);
	assure_buf_init(&b64, 0);
	assure_base64_encode(&b64, st.root, sizeof(st.root));
	if (st.has_checkpoint)
		assure_time_format(st.checkpoint_at, when);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "origin", ledger_origin(ws->ledger));
		jsonw_kint(&w, "size", (long long)st.size);
		jsonw_kstr(&w, "root", hex);
		jsonw_kstr(&w, "root_base64", assure_buf_str(&b64));
		jsonw_key(&w, "last_checkpoint");
		if (st.has_checkpoint) {
			jsonw_obj_open(&w);
			jsonw_kint(&w, "size", (long long)st.checkpoint_size);
			jsonw_kstr(&w, "at", when);
			jsonw_obj_close(&w);
		} else
			jsonw_null(&w);
		jsonw_kstr(&w, "verifier_key", vkey);
		jsonw_obj_close(&w);
	} else {
		assure_buf_printf(&out, "origin: %s\nentries: %llu\nroot: %s "
		    "(base64 %s)\n", ledger_origin(ws->ledger),
		    (unsigned long long)st.size, hex, assure_buf_str(&b64));
		if (st.has_checkpoint)
			assure_buf_printf(&out, "last checkpoint: size %llu, "
			    "signed %s\n", (unsigned long long)st.checkpoint_size,
			    when);
		else
			assure_buf_adds(&out, "last checkpoint: none\n");
		assure_buf_printf(&out, "verifier key: %s\n", vkey);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	assure_buf_free(&b64);
	return ret;
}

static int
ledger_checkpoint_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct assure_buf note;
	struct assure_diag d;
	int ret;

	assure_diag_clear(&d);
	assure_buf_init(&note, 0);
	if (ledger_checkpoint(ws->ledger, assure_now(), &note, &d) !=
	    ASSURE_OK) {
		assure_buf_free(&note);
		return cli_diag(ctx, &d);
	}
	ret = cli_write_out(ctx, &note);
	assure_buf_free(&note);
	return ret;
}

static int
ledger_prove_cmd(struct cli_ctx *ctx, struct workspace *ws, const char *what)
{
	struct assure_buf out, cp;
	struct assure_diag d;
	const char *cpfile = cli_opt(ctx, "checkpoint");
	enum assure_err rc;
	uint64_t index;
	int ret;

	assure_diag_clear(&d);
	if (ledger_find(ws->ledger, what, &index, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	assure_buf_init(&cp, CLI_FILE_MAX);
	if (cpfile != NULL) {
		ret = read_file(ctx, cpfile, &cp);
		if (ret != CLI_EXIT_OK) {
			assure_buf_free(&cp);
			return ret;
		}
	}
	assure_buf_init(&out, 0);
	rc = ledger_prove(ws->ledger, index, cpfile != NULL ? cp.data : NULL,
	    cp.len, &out, &d);
	if (rc != ASSURE_OK) {
		if (cpfile != NULL && strcmp(d.source, "checkpoint") == 0)
			assure_strlcpy(d.source, cpfile, sizeof(d.source));
		cli_diag(ctx, &d);
		ret = rc == ASSURE_ERR_TAMPER ? CLI_EXIT_FAIL : CLI_EXIT_ERROR;
	} else
		ret = emit(ctx, cli_opt(ctx, "out"), &out);
	assure_buf_free(&out);
	assure_buf_free(&cp);
	return ret;
}

static int
ledger_consistency_cmd(struct cli_ctx *ctx, struct workspace *ws,
    const char *oldfile, const char *newfile)
{
	struct assure_buf old, new, out;
	struct assure_diag d;
	enum assure_err rc;
	int ret;

	assure_buf_init(&old, CLI_FILE_MAX);
	assure_buf_init(&new, CLI_FILE_MAX);
	ret = read_file(ctx, oldfile, &old);
	if (ret == CLI_EXIT_OK && newfile != NULL)
		ret = read_file(ctx, newfile, &new);
	if (ret != CLI_EXIT_OK) {
		assure_buf_free(&old);
		assure_buf_free(&new);
		return ret;
	}
	assure_buf_init(&out, 0);
	assure_diag_clear(&d);
	rc = ledger_consistency(ws->ledger, old.data, old.len,
	    newfile != NULL ? new.data : NULL, new.len, &out, &d);
	if (rc == ASSURE_OK) {
		ret = emit(ctx, cli_opt(ctx, "out"), &out);
		if (ret == CLI_EXIT_OK && cli_opt(ctx, "out") != NULL)
			cli_note(ctx, "%s: the ledger extends this checkpoint",
			    oldfile);
	} else {
		if (strcmp(d.source, "checkpoint") == 0)
			assure_strlcpy(d.source, oldfile, sizeof(d.source));
		else if (newfile != NULL &&
		    strcmp(d.source, "new checkpoint") == 0)
			assure_strlcpy(d.source, newfile, sizeof(d.source));
		cli_diag(ctx, &d);
		ret = rc == ASSURE_ERR_TAMPER ? CLI_EXIT_FAIL : CLI_EXIT_ERROR;
	}
	assure_buf_free(&old);
	assure_buf_free(&new);
	assure_buf_free(&out);
	return ret;
}

static int
ledger_timestamp_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct assure_buf out;
	struct assure_diag d;
	const char *url = cli_opt(ctx, "tsa");
	char when[ASSURE_TIME_STRLEN];
	enum assure_err rc;
	uint64_t size;
	int64_t gt;
	struct jsonw w;
	int ret;

	if (url == NULL)
		return cli_usage(ctx, "ledger timestamp needs --tsa URL");
	assure_diag_clear(&d);
	rc = ledger_timestamp(ws->ledger, url, cli_opt(ctx, "tsa-cert"),
	    assure_now(), &size, &gt, &d);
	if (rc != ASSURE_OK) {
		cli_diag(ctx, &d);
		return rc == ASSURE_ERR_TAMPER ? CLI_EXIT_FAIL : CLI_EXIT_ERROR;
	}
	assure_time_format(gt, when);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kint(&w, "tree_size", (long long)size);
		jsonw_kstr(&w, "tsa", url);
		jsonw_kstr(&w, "gen_time", when);
		jsonw_obj_close(&w);
	} else
		assure_buf_printf(&out, "checkpoint of size %llu time-stamped "
		    "by %s at %s\n", (unsigned long long)size, url, when);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static void
verify_progress(uint64_t done, uint64_t total, void *arg)
{
	cli_progress(arg, "verify", done, total);
}

static int
ledger_verify_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct ledger_verify_report rep;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	enum assure_err rc;
	char line[2048];
	uint64_t nts = 0;
	int ret;

	assure_diag_clear(&d);
	rc = ledger_verify(ws->ledger, ws->evidence_dir, &rep, verify_progress,
	    ctx, &d);
	cli_progress_end(ctx);
	nts = rep.timestamps;
	if (rc == ASSURE_OK && cli_has(ctx, "tsa-cert"))
		rc = ledger_verify_timestamps(ws->ledger, cli_opt(ctx,
		    "tsa-cert"), &nts, &d);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kbool(&w, "ok", rc == ASSURE_OK);
		jsonw_kint(&w, "entries", (long long)rep.entries);
		jsonw_kint(&w, "evidence", (long long)rep.evidence);
		jsonw_kint(&w, "evaluations", (long long)rep.evaluations);
		jsonw_kint(&w, "checkpoints", (long long)rep.checkpoints);
		jsonw_kint(&w, "bytes_hashed", (long long)rep.bytes_hashed);
		jsonw_kint(&w, "timestamps", (long long)nts);
		jsonw_kint(&w, "users", (long long)rep.users);
		jsonw_kint(&w, "tokens", (long long)rep.tokens);
		jsonw_kbool(&w, "timestamp_signatures_checked",
		    cli_has(ctx, "tsa-cert"));
		if (rc != ASSURE_OK) {
			assure_diag_format(&d, line, sizeof(line));
			jsonw_kstr(&w, "error", line);
		}
		jsonw_obj_close(&w);
	} else if (rc == ASSURE_OK) {
		assure_buf_printf(&out, "ledger verified: %llu entries, %llu "
		    "evidence files (%llu bytes re-hashed), %llu evaluations, "
		    "%llu signed checkpoints, %llu RFC 3161 time-stamps%s\n",
		    (unsigned long long)rep.entries,
		    (unsigned long long)rep.evidence,
		    (unsigned long long)rep.bytes_hashed,
		    (unsigned long long)rep.evaluations,
		    (unsigned long long)rep.checkpoints,
		    (unsigned long long)nts, nts == 0 ? "" :
		    cli_has(ctx, "tsa-cert") ? " (TSA signatures checked)" :
		    " (imprints checked; give --tsa-cert to check the TSA's "
		    "signatures)");
		if (rep.users > 0 || rep.tokens > 0)
			assure_buf_printf(&out, "users and tokens verified: "
			    "%llu users, %llu API tokens\n",
			    (unsigned long long)rep.users,
			    (unsigned long long)rep.tokens);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	if (rc == ASSURE_OK)
		return ret;
	cli_diag(ctx, &d);
	return rc == ASSURE_ERR_TAMPER ? CLI_EXIT_FAIL : CLI_EXIT_ERROR;
}

static int
ledger_key_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	char vkey[ASSURE_NOTE_VKEY_MAX];
	struct assure_buf out;
	int ret;

	ledger_verifier_text(ws->ledger, vkey);
	assure_buf_init(&out, 0);
	assure_buf_printf(&out, "%s\n", vkey);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static int
run_ledger(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct assure_diag d;
	const char *sub;
	unsigned flags = WORKSPACE_READONLY;
	int ret;

	if (ctx->nargs < 1)
		return cli_usage(ctx, "ledger needs a subcommand: status, "
		    "checkpoint, key, timestamp, prove, consistency or verify");
	sub = ctx->args[0];
	if (strcmp(sub, "prove") == 0) {
		if (ctx->nargs != 2)
			return cli_usage(ctx, "ledger %s takes one argument",
			    sub);
	} else if (strcmp(sub, "consistency") == 0) {
		if (ctx->nargs != 2 && ctx->nargs != 3)
			return cli_usage(ctx, "ledger consistency takes OLD "
			    "[NEW] checkpoint files");
	} else if (ctx->nargs != 1)
		return cli_usage(ctx, "ledger %s takes no arguments", sub);
	if (strcmp(sub, "status") != 0 && strcmp(sub, "checkpoint") != 0 &&
	    strcmp(sub, "key") != 0 && strcmp(sub, "prove") != 0 &&
	    strcmp(sub, "consistency") != 0 && strcmp(sub, "verify") != 0 &&
	    strcmp(sub, "timestamp") != 0)
		return cli_usage(ctx, "unknown ledger subcommand '%s'", sub);
	if (strcmp(sub, "checkpoint") == 0 || strcmp(sub, "timestamp") == 0)
		flags = 0;
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, flags, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (strcmp(sub, "status") == 0)
		ret = ledger_status_cmd(ctx, ws);
	else if (strcmp(sub, "checkpoint") == 0)
		ret = ledger_checkpoint_cmd(ctx, ws);
	else if (strcmp(sub, "key") == 0)
		ret = ledger_key_cmd(ctx, ws);
	else if (strcmp(sub, "timestamp") == 0)
		ret = ledger_timestamp_cmd(ctx, ws);
	else if (strcmp(sub, "prove") == 0)
		ret = ledger_prove_cmd(ctx, ws, ctx->args[1]);
	else if (strcmp(sub, "consistency") == 0)
		ret = ledger_consistency_cmd(ctx, ws, ctx->args[1],
		    ctx->nargs == 3 ? ctx->args[2] : NULL);
	else
		ret = ledger_verify_cmd(ctx, ws);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_ledger_def = {
	.name = "ledger",
	.args = "status|checkpoint|key|timestamp|verify|prove ENTRY|"
	    "consistency OLD [NEW]",
	.summary = "Inspect, sign, prove and verify the evidence ledger",
	.description = "status: size, root and last checkpoint.  checkpoint: "
	    "sign one now and print it\n(ingests and evaluations sign one "
	    "too).  key: the verifier key to publish.\ntimestamp --tsa URL: "
	    "an RFC 3161 time-stamp of the newest checkpoint.\nprove ENTRY: a "
	    "self-contained inclusion proof (JSON) of an entry, given by\n"
	    "index, evidence digest or evaluation id.  consistency OLD [NEW]: "
	    "check that\nthe ledger today (or the later checkpoint NEW) "
	    "extends a checkpoint OLD\nsaved earlier; a rewritten log "
	    "fails.\nverify: recompute everything "
	    "from the entries, rows and evidence files.\nverify and "
	    "consistency exit 1 naming the first thing that does not "
	    "match.",
	.options = ledger_options,
	.words = (const char *const[]){ "status", "checkpoint", "key",
	    "timestamp", "prove", "consistency", "verify", NULL },
	.run = run_ledger,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};

/* ------------------------------------------------------------ verify */

/* `assure verify FILE.zip --key KEY`: an auditor package. */
static int
verify_package(struct cli_ctx *ctx, const struct assure_note_verifier *key)
{
	struct pkg_verify_report r;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	enum assure_err rc;
	int ret;

	if (cli_has(ctx, "evidence"))
		return cli_usage(ctx, "--evidence does not apply to a package: "
		    "its evidence is inside");
	assure_diag_clear(&d);
	cli_progress(ctx, "verify", 0, 0);
	rc = pkg_verify(ctx->args[0], key, &r, &d);
	cli_progress_end(ctx);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, ctx->args[0]);
		cli_diag(ctx, &d);
		return rc == ASSURE_ERR_TAMPER ? CLI_EXIT_FAIL :
		    CLI_EXIT_ERROR;
	}
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kbool(&w, "ok", true);
		jsonw_kstr(&w, "origin", r.origin);
		jsonw_kint(&w, "files", (long long)r.files);
		jsonw_kint(&w, "bytes", (long long)r.bytes);
		jsonw_kint(&w, "evidence", (long long)r.evidence);
		jsonw_kint(&w, "evaluations", (long long)r.evaluations);
		jsonw_kint(&w, "samples", (long long)r.samples);
		jsonw_kint(&w, "tree_size", (long long)r.tree_size);
		jsonw_obj_close(&w);
	} else
		assure_buf_printf(&out, "package verified: %zu files (%llu "
		    "bytes) match the manifest signed by %s; %zu evidence "
		    "files and %zu evaluations are proved to be in its ledger "
		    "of %llu entries; %zu samples drawn again came out the "
		    "same\n", r.files, (unsigned long long)r.bytes, r.origin,
		    r.evidence, r.evaluations, (unsigned long long)r.tree_size,
		    r.samples);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static int
run_verify(struct cli_ctx *ctx)
{
	struct assure_note_verifier key;
	struct assure_buf proof, keytext, entry, out;
	struct assure_diag d;
	const char *k, *ev;
	uint64_t index, size;
	struct stat st;
	enum assure_err rc;
	struct jsonw w;
	int ret;

	if (ctx->nargs != 1)
		return cli_usage(ctx, "verify takes one proof file");
	k = cli_opt(ctx, "key");
	if (k == NULL)
		return cli_usage(ctx, "verify needs --key, the ledger's "
		    "verifier key (see 'assure ledger key')");
	assure_buf_init(&keytext, CLI_FILE_MAX);
	if (stat(k, &st) == 0 && S_ISREG(st.st_mode)) {
		ret = read_file(ctx, k, &keytext);
		if (ret != CLI_EXIT_OK) {
			assure_buf_free(&keytext);
			return ret;
		}
		while (keytext.len > 0 && (keytext.data[keytext.len - 1] ==
		    '\n' || keytext.data[keytext.len - 1] == '\r'))
			keytext.data[--keytext.len] = '\0';
	} else
		assure_buf_adds(&keytext, k);
	assure_diag_clear(&d);
	rc = assure_note_verifier_parse(assure_buf_str(&keytext), keytext.len,
	    &key, &d);
	assure_buf_free(&keytext);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, "--key");
		return cli_diag(ctx, &d);
	}
	if (strlen(ctx->args[0]) > 4 && strcasecmp(ctx->args[0] +
	    strlen(ctx->args[0]) - 4, ".zip") == 0)
		return verify_package(ctx, &key);
	assure_buf_init(&proof, LEDGER_PROOF_FILE_MAX + 1);
	ret = read_file(ctx, ctx->args[0], &proof);
	if (ret != CLI_EXIT_OK) {
		assure_buf_free(&proof);
		return ret;
	}
	assure_buf_init(&entry, 0);
	ev = cli_opt(ctx, "evidence");
	rc = ledger_verify_proof(assure_buf_str(&proof), proof.len, &key, ev,
	    &index, &size, &entry, &d);
	assure_buf_free(&proof);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, ctx->args[0]);
		cli_diag(ctx, &d);
		assure_buf_free(&entry);
		return rc == ASSURE_ERR_TAMPER ? CLI_EXIT_FAIL :
		    CLI_EXIT_ERROR;
	}
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kbool(&w, "ok", true);
		jsonw_kstr(&w, "origin", key.name);
		jsonw_kint(&w, "index", (long long)index);
		jsonw_kint(&w, "tree_size", (long long)size);
		jsonw_kbool(&w, "evidence_checked", ev != NULL);
		jsonw_key(&w, "entry");
		jsonw_strn(&w, entry.data, entry.len);
		jsonw_obj_close(&w);
	} else {
		assure_buf_printf(&out, "proof verified: entry %llu is in the "
		    "ledger %s of %llu entries, whose checkpoint is signed by "
		    "the key given%s\n\n", (unsigned long long)index, key.name,
		    (unsigned long long)size, ev != NULL ? "; the evidence "
		    "file is the one it logged" : "");
		assure_buf_add(&out, entry.data, entry.len);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	assure_buf_free(&entry);
	return ret;
}

const struct cli_command cmd_verify_def = {
	.name = "verify",
	.args = "PROOF-FILE | PACKAGE.zip",
	.summary = "Check a ledger proof or an auditor package offline with "
	    "nothing but the public key",
	.description = "Checks that the entry in PROOF-FILE (from 'assure "
	    "ledger prove') hashes to\nits leaf, that the inclusion path "
	    "leads to the checkpoint's root, and that\nthe checkpoint is "
	    "signed by --key.  Needs no workspace or database.\n\n"
	    "A PACKAGE.zip from 'assure export auditor' is checked whole: the "
	    "manifest's\nsignature, every file's SHA-256 against the manifest, "
	    "an inclusion proof of\nevery evidence file and evaluation, and "
	    "every sample drawn again from its\npopulation and the package's "
	    "seed checkpoint.\n\nExits 1 when the proof or the package does "
	    "not verify, naming the file.",
	.options = verify_options,
	.run = run_verify,
	.flags = CLI_FORMATTED,
};
