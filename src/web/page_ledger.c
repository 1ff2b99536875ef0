/*
 * page_ledger.c: the evidence ledger's state (see pages.h): its size and
 * root, the checkpoints, the latest signed checkpoint note, and the last
 * verification when the caller kept one.
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "ledger/note.h"
#include "web/web.h"

static enum assure_err
count_row(const struct store_val *c, int n, void *arg)
{
	(void)c;
	(void)n;
	(*(size_t *)arg)++;
	return ASSURE_OK;
}

enum assure_err
page_ledger(const struct web_page *p, const struct web_verify *last,
    struct assure_buf *out, struct assure_diag *d)
{
	struct ledger_status st;
	struct assure_buf note;
	struct htmlw w;
	char s[160], t[ASSURE_TIME_STRLEN], root[ASSURE_MERKLE_HASH_LEN * 2 + 1];
	char vkey[ASSURE_NOTE_VKEY_MAX];
	size_t len0 = out->len, ncp = 0;
	enum assure_err rc;

	rc = ledger_status(p->ledger, &st, d);
	if (rc == ASSURE_OK)
		rc = store_exec(p->store, STMT_LEDGER_CHECKPOINTS, NULL, 0,
		    count_row, &ncp, d);
	if (rc != ASSURE_OK)
		return web_fail(out, len0, rc);
	assure_buf_init(&note, 64 * 1024);
	if (st.has_checkpoint) {
		rc = ledger_latest_checkpoint(p->ledger, &note, d);
		if (rc != ASSURE_OK && rc != ASSURE_ERR_NOTFOUND) {
			assure_buf_free(&note);
			return web_fail(out, len0, rc);
		}
	}
	web_begin(&w, p, out, "Ledger", "Ledger");
	htmlw_open(&w, "section", "status");
	htmlw_elem(&w, "h2", NULL, "State");
	htmlw_open(&w, "dl", "meta");
	web_kv(&w, "Origin", ledger_origin(p->ledger));
	ledger_verifier_text(p->ledger, vkey);
	htmlw_elem(&w, "dt", NULL, "Verifier key");
	htmlw_elem(&w, "dd", "digest", vkey);
	snprintf(s, sizeof(s), "%llu entries", (unsigned long long)st.size);
	web_kv(&w, "Size", s);
	assure_hex(st.root, sizeof(st.root), root);
	htmlw_elem(&w, "dt", NULL, "Root");
	htmlw_elem(&w, "dd", "digest", st.size > 0 ? root : "-");
	snprintf(s, sizeof(s), "%zu", ncp);
	web_kv(&w, "Checkpoints", s);
	if (st.has_checkpoint) {
		web_time(st.checkpoint_at, t, sizeof(t));
		snprintf(s, sizeof(s), "%llu entries, signed %s",
		    (unsigned long long)st.checkpoint_size, t);
		web_kv(&w, "Latest checkpoint", s);
	} else
		web_kv(&w, "Latest checkpoint", "none yet");
	htmlw_close(&w);
	if (note.len > 0) {
		htmlw_elem(&w, "h3", NULL, "Latest checkpoint note");
		htmlw_elem(&w, "pre", "note", assure_buf_str(&note));
	}
	htmlw_close(&w);
	assure_buf_free(&note);

	htmlw_open(&w, "section", "verify");
	htmlw_elem(&w, "h2", NULL, "Verification");
	if (last == NULL) {
		htmlw_open(&w, "p", "notice");
		htmlw_text(&w, "No verification recorded: run ");
		htmlw_elem(&w, "code", NULL, "assure ledger verify");
		htmlw_text(&w, " to recompute the ledger from its entries, "
		    "rows and evidence files.");
		htmlw_close(&w);
	} else {
		web_time(last->at, t, sizeof(t));
		htmlw_open(&w, "dl", "meta");
		web_kv(&w, "Run at", t);
		htmlw_elem(&w, "dt", NULL, "Result");
		htmlw_elem(&w, "dd", last->ok ? "v-pass" : "v-fail",
		    last->ok ? "verified" : "FAILED");
		if (!last->ok)
			web_kv(&w, "Error", last->error);
		snprintf(s, sizeof(s), "%llu entries, %llu evidence, %llu "
		    "evaluations, %llu checkpoints, %llu timestamps",
		    (unsigned long long)last->rep.entries,
		    (unsigned long long)last->rep.evidence,
		    (unsigned long long)last->rep.evaluations,
		    (unsigned long long)last->rep.checkpoints,
		    (unsigned long long)last->rep.timestamps);
		web_kv(&w, "Checked", s);
		htmlw_close(&w);
	}
	htmlw_close(&w);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
