/*
 * test_ledger.c: the ledger over the store: canonical encodings (fixed
 * bytes, percent-encoding, one encoding per entry), appends only inside a
 * transaction, roots that match the recursive definition after every
 * append, checkpoints that verify, proofs that verify offline and fail on
 * any change, consistency against an earlier checkpoint, and verify on an
 * honest ledger.
 */
#include "common/compat.h"

#include <sodium.h>

#include "testutil.h"
#include "common/hash.h"
#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "rules/rules.h"
#include "workspace/workspace.h"

struct fixture {
	char			*dir;
	struct workspace	*ws;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ws = tu_workspace_new("Ledger Unit", &f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

static void
test_evidence_encoding(void **state)
{
	struct ledger_evidence e = {
		.sha256_hex = "655d4ffa1c208fbd61033187cebbf704407d42aef3a60bd1"
		    "1079f0f7d43163a8",
		.kind = "aws-iam-credential-report",
		.size = 2164,
		.collected_at = 1782864000,
		.as_of = 1761642000,
		.as_of_origin = "given",
		.has_period = true,
		.period_start = 1751328000,
		.period_end = 1782863999,
		.collector = "cli:100% sure\nnew line",
		.records = 8,
	};
	struct assure_buf b;

	(void)state;
	assure_buf_init(&b, 0);
	ledger_encode_evidence(&b, &e);
	assert_string_equal(assure_buf_str(&b),
	    "assure-ledger-entry/1\n"
	    "type evidence\n"
	    "sha256 655d4ffa1c208fbd61033187cebbf704407d42aef3a60bd11079f0f7"
	    "d43163a8\n"
	    "kind aws-iam-credential-report\n"
	    "size 2164\n"
	    "collected-at 2026-07-01T00:00:00Z\n"
	    "as-of 2025-10-28T09:00:00Z\n"
	    "as-of-origin given\n"
	    "period 2025-07-01T00:00:00Z 2026-06-30T23:59:59Z\n"
	    "collector cli:100%25 sure%0Anew line\n"
	    "records 8\n");
	assure_buf_free(&b);
}

static void
test_evaluation_encoding(void **state)
{
	struct test_exception exc[2] = {
		{ "aws/1/alice", "no MFA", false },
		{ "aws/1/bob", "no\tMFA", false },
	};
	struct test_result r[2];
	struct evaluation ev;
	struct assure_buf b, lines;
	unsigned char d[ASSURE_SHA256_LEN];
	char hex[65], expect[1024];

	(void)state;
	memset(r, 0, sizeof(r));
	memset(&ev, 0, sizeof(ev));
	assure_strlcpy(ev.id, "019f1af9-b400-7f8b-b4ed-b2a202315e87",
	    sizeof(ev.id));
	ev.as_of = 1782863999;
	ev.started_at = 1782864000;
	assure_strlcpy(r[0].test_id, "iam.aws_root", sizeof(r[0].test_id));
	r[0].verdict = VERDICT_PASS;
	r[0].population = 2;
	assure_strlcpy(r[1].test_id, "iam.user_mfa", sizeof(r[1].test_id));
	r[1].verdict = VERDICT_FAIL;
	r[1].population = 7;
	r[1].exc = exc;
	r[1].nexc = 2;
	ev.results = r;
	ev.n = 2;
	assure_buf_init(&b, 0);
	assert_int_equal(ledger_encode_evaluation(&b, &ev), ASSURE_OK);
	/* The exception list: subject TAB reason LF, percent-encoded. */
	assure_buf_init(&lines, 0);
	assure_buf_adds(&lines, "aws/1/alice\tno MFA\naws/1/bob\tno%09MFA\n");
	assure_sha256(lines.data, lines.len, d);
	assure_hex(d, sizeof(d), hex);
	snprintf(expect, sizeof(expect),
	    "assure-ledger-entry/1\n"
	    "type evaluation\n"
	    "id 019f1af9-b400-7f8b-b4ed-b2a202315e87\n"
	    "as-of 2026-06-30T23:59:59Z\n"
	    "started-at 2026-07-01T00:00:00Z\n"
	    "test iam.aws_root pass 2 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
	    "649b934ca495991b7852b855\n"
	    "test iam.user_mfa fail 7 2 %s\n", hex);
	assert_string_equal(assure_buf_str(&b), expect);
	assure_buf_free(&b);
	assure_buf_free(&lines);
}

/* Append n generic entries, each in its own transaction with a checkpoint. */
static void
append_n(struct fixture *f, int n, int from)
{
	struct assure_diag d;
	char body[128], ref[32];
	int i;

	for (i = from; i < from + n; i++) {
		snprintf(body, sizeof(body), LEDGER_ENTRY_MAGIC "\ntype test\n"
		    "n %d\n", i);
		snprintf(ref, sizeof(ref), "t%d", i);
		assert_int_equal(store_begin(f->ws->store, &d), ASSURE_OK);
		assert_int_equal(ledger_append(f->ws->ledger, "test", ref, body,
		    strlen(body), 1782864000 + i, NULL, &d), ASSURE_OK);
		assert_int_equal(ledger_checkpoint(f->ws->ledger,
		    1782864000 + i, NULL, &d), ASSURE_OK);
		assert_int_equal(store_commit(f->ws->store, &d), ASSURE_OK);
	}
}

/* The RFC 9162 root of the entries "...n i\n" for i < n, recursively. */
static void
reference_root(int lo, int hi, unsigned char out[32])
{
	unsigned char l[32], r[32], buf[65];
	char body[128];
	int k;

	if (hi - lo == 1) {
		buf[0] = 0;
		snprintf(body, sizeof(body), LEDGER_ENTRY_MAGIC "\ntype test\n"
		    "n %d\n", lo);
		memcpy(buf + 1, body, strlen(body));
		assure_sha256(buf, strlen(body) + 1, out);
		return;
	}
	for (k = 1; k * 2 < hi - lo; k *= 2)
		;
	reference_root(lo, lo + k, l);
	reference_root(lo + k, hi, r);
	buf[0] = 1;
	memcpy(buf + 1, l, 32);
	memcpy(buf + 33, r, 32);
	assure_sha256(buf, 65, out);
}

static void
test_append_roots_and_verify(void **state)
{
	struct fixture *f = *state;
	struct ledger_status st;
	struct ledger_verify_report rep;
	struct assure_diag d;
	unsigned char want[32];
	int n;

	for (n = 1; n <= 21; n++) {
		append_n(f, 1, n - 1);
		assert_int_equal(ledger_status(f->ws->ledger, &st, &d),
		    ASSURE_OK);
		assert_int_equal(st.size, n);
		reference_root(0, n, want);
		assert_memory_equal(st.root, want, 32);
		assert_int_equal(st.checkpoint_size, n);
	}
	assert_int_equal(ledger_verify(f->ws->ledger, f->ws->evidence_dir,
	    &rep, NULL, NULL, &d), ASSURE_OK);
	assert_int_equal(rep.entries, 21);
	assert_int_equal(rep.checkpoints, 21);
}

/*
 * Verify walks the entries a page (16,384) at a time: a ledger of more
 * than two pages is checked whole, its root that of every entry.
 */
static void
test_verify_pages(void **state)
{
	struct fixture *f = *state;
	struct ledger_verify_report rep;
	struct ledger_status st;
	struct assure_diag d;
	char body[128], ref[32];
	unsigned char want[32];
	int i, n = 2 * 16384 + 7;

	assert_int_equal(store_begin(f->ws->store, &d), ASSURE_OK);
	for (i = 0; i < n; i++) {
		snprintf(body, sizeof(body), LEDGER_ENTRY_MAGIC "\ntype test\n"
		    "n %d\n", i);
		snprintf(ref, sizeof(ref), "t%d", i);
		assert_int_equal(ledger_append(f->ws->ledger, "test", ref, body,
		    strlen(body), 1782864000, NULL, &d), ASSURE_OK);
	}
	assert_int_equal(ledger_checkpoint(f->ws->ledger, 1782864000, NULL,
	    &d), ASSURE_OK);
	assert_int_equal(store_commit(f->ws->store, &d), ASSURE_OK);
	assert_int_equal(ledger_status(f->ws->ledger, &st, &d), ASSURE_OK);
	reference_root(0, n, want);
	assert_memory_equal(st.root, want, 32);
	assert_int_equal(ledger_verify(f->ws->ledger, f->ws->evidence_dir,
	    &rep, NULL, NULL, &d), ASSURE_OK);
	assert_int_equal(rep.entries, n);
}

static void
test_prove_and_verify_offline(void **state)
{
	struct fixture *f = *state;
	struct assure_note_verifier key;
	struct assure_buf proof, entry, bad, note;
	struct assure_diag d;
	char vkey[ASSURE_NOTE_VKEY_MAX], *p;
	uint64_t idx, size;

	append_n(f, 13, 0);
	ledger_verifier_text(f->ws->ledger, vkey);
	assert_int_equal(assure_note_verifier_parse(vkey, strlen(vkey), &key,
	    &d), ASSURE_OK);
	assure_buf_init(&proof, 0);
	assert_int_equal(ledger_find(f->ws->ledger, "t5", &idx, &d), ASSURE_OK);
	assert_int_equal(idx, 5);
	/* Against the smallest checkpoint covering entry 5: size 6. */
	assert_int_equal(ledger_prove(f->ws->ledger, 5, NULL, 0, &proof, &d),
	    ASSURE_OK);
	assure_buf_init(&entry, 0);
	assert_int_equal(ledger_verify_proof(proof.data, proof.len, &key, NULL,
	    &idx, &size, &entry, &d), ASSURE_OK);
	assert_int_equal(idx, 5);
	assert_int_equal(size, 6);
	assert_non_null(strstr(assure_buf_str(&entry), "n 5\n"));
	/* Against the latest checkpoint, given explicitly. */
	assure_buf_init(&note, 0);
	assert_int_equal(ledger_latest_checkpoint(f->ws->ledger, &note, &d),
	    ASSURE_OK);
	assure_buf_reset(&proof);
	assert_int_equal(ledger_prove(f->ws->ledger, 5, note.data, note.len,
	    &proof, &d), ASSURE_OK);
	assert_int_equal(ledger_verify_proof(proof.data, proof.len, &key, NULL,
	    &idx, &size, NULL, &d), ASSURE_OK);
	assert_int_equal(size, 13);
	/* A different index claimed for the same path does not verify. */
	assure_buf_init(&bad, 0);
	assure_buf_adds(&bad, assure_buf_str(&proof));
	p = strstr(bad.data, "\"index\": 5");
	assert_non_null(p);
	p[9] = '4';
	assure_diag_clear(&d);
	assert_int_equal(ledger_verify_proof(bad.data, bad.len, &key, NULL,
	    &idx, &size, NULL, &d), ASSURE_ERR_TAMPER);
	/* A leaf hash that is not the entry's. */
	assure_buf_reset(&bad);
	assure_buf_adds(&bad, assure_buf_str(&proof));
	p = strstr(bad.data, "\"leaf_hash\": \"");
	assert_non_null(p);
	p[14] = p[14] == 'a' ? 'b' : 'a';
	assert_int_equal(ledger_verify_proof(bad.data, bad.len, &key, NULL,
	    &idx, &size, NULL, &d), ASSURE_ERR_TAMPER);
	/* Not a proof at all. */
	assert_int_equal(ledger_verify_proof("[]", 2, &key, NULL, &idx, &size,
	    NULL, &d), ASSURE_ERR_PARSE);
	assure_buf_free(&bad);
	assure_buf_free(&note);
	assure_buf_free(&entry);
	assure_buf_free(&proof);
}

static void
test_consistency(void **state)
{
	struct fixture *f = *state;
	struct assure_buf old, out, mid;
	struct assure_diag d;

	append_n(f, 5, 0);
	assure_buf_init(&old, 0);
	assert_int_equal(ledger_latest_checkpoint(f->ws->ledger, &old, &d),
	    ASSURE_OK);
	append_n(f, 9, 5);
	assure_buf_init(&out, 0);
	assert_int_equal(ledger_consistency(f->ws->ledger, old.data, old.len,
	    NULL, 0, &out, &d), ASSURE_OK);
	assert_non_null(strstr(assure_buf_str(&out), "\"old_size\": 5"));
	assert_non_null(strstr(assure_buf_str(&out), "\"new_size\": 14"));
	/* Between two saved checkpoints, and not backwards. */
	assure_buf_init(&mid, 0);
	assert_int_equal(ledger_latest_checkpoint(f->ws->ledger, &mid, &d),
	    ASSURE_OK);
	append_n(f, 3, 14);
	assure_buf_reset(&out);
	assert_int_equal(ledger_consistency(f->ws->ledger, old.data, old.len,
	    mid.data, mid.len, &out, &d), ASSURE_OK);
	assert_non_null(strstr(assure_buf_str(&out), "\"new_size\": 14"));
	assert_int_equal(ledger_consistency(f->ws->ledger, mid.data, mid.len,
	    old.data, old.len, NULL, &d), ASSURE_ERR_TAMPER);
	assure_buf_free(&mid);
	assure_buf_free(&out);
	assure_buf_free(&old);
}

static void
test_append_needs_transaction_and_limits(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	char *big;

	big = malloc(LEDGER_ENTRY_MAX + 1);
	assert_non_null(big);
	memset(big, 'x', LEDGER_ENTRY_MAX + 1);
	assert_int_equal(store_begin(f->ws->store, &d), ASSURE_OK);
	assert_int_equal(ledger_append(f->ws->ledger, "test", "big", big,
	    LEDGER_ENTRY_MAX + 1, 0, NULL, &d), ASSURE_ERR_LIMIT);
	store_rollback(f->ws->store);
	free(big);
	assert_int_equal(ledger_find(f->ws->ledger, "0", NULL, &d),
	    ASSURE_ERR_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evidence_encoding),
		cmocka_unit_test(test_evaluation_encoding),
		cmocka_unit_test_setup_teardown(test_append_roots_and_verify,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prove_and_verify_offline,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_consistency, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_append_needs_transaction_and_limits, setup, teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
