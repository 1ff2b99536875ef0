/*
 * ledger_merkle.c: how fast the storage-independent ledger core is.
 *
 * Measures, on one core: leaf hashes per second through OpenSSL's EVP
 * SHA-256 with a reused context (the ledger's hasher), with a fresh
 * context per hash, and through libsodium's crypto_hash_sha256; the append
 * rate of the incremental frontier appender, alone and with leaf hashing
 * (which is what "recompute the whole ledger" costs before any I/O); root,
 * inclusion and consistency proof generation and verification per second
 * against an in-memory node table of 2^20 leaves, shaped exactly as the
 * store's (leaf hashes plus every perfect subtree); and checkpoint signing
 * and verification (Ed25519, libsodium) per second.
 *
 * Build and run from the top of the checkout (not part of the CMake
 * build; -O2 is what the figures mean):
 *
 *	cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -Isrc/common \
 *	    bench/ledger_merkle.c src/ledger/merkle.c src/ledger/note.c \
 *	    src/common/err.c src/common/buf.c src/common/hash.c \
 *	    src/common/base64.c -lcrypto -lsodium -o /tmp/ledger_merkle
 *	/tmp/ledger_merkle [log2-leaves]
 *
 * The optional argument sets the node table size (default 20, 1M leaves).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/buf.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

#define HL			ASSURE_MERKLE_HASH_LEN
#define DEFAULT_LOG2_LEAVES	20
#define MAX_LOG2_LEAVES		26
/* A canonical evidence entry is about this long (hash, kind, times). */
#define ENTRY_LEN		128
#define HASH_ROUNDS		2000000
#define FRESH_ROUNDS		300000
#define PROOF_ROUNDS		200000
#define BATCH			1000
#define SIGN_ROUNDS		20000

struct table {
	unsigned char	(*lvl[ASSURE_MERKLE_MAX_LEVEL + 1])[HL];
	uint64_t	 count[ASSURE_MERKLE_MAX_LEVEL + 1];
	unsigned	 levels;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

ASSURE_NORETURN static void
die(const char *what, enum assure_err rc)
{
	fprintf(stderr, "ledger_merkle: %s: %s\n", what, assure_strerror(rc));
	exit(1);
}

static void
report(const char *what, double n, double secs, const char *unit)
{
	printf("  %-48s %12.0f %s/s  (%.3f s)\n", what, n / secs, unit, secs);
}

static enum assure_err
table_get_node(unsigned level, uint64_t index, unsigned char out[HL],
    void *arg)
{
	struct table *t = arg;

	if (level >= t->levels || index >= t->count[level])
		return ASSURE_ERR_NOTFOUND;
	memcpy(out, t->lvl[level][index], HL);
	return ASSURE_OK;
}

static void
entry_fill(unsigned char *e, uint64_t i)
{
	memset(e, 0x5a, ENTRY_LEN);
	memcpy(e, &i, sizeof(i));
}

static void
bench_leaf_hashing(struct assure_merkle_hasher *h)
{
	crypto_hash_sha256_state st;
	unsigned char e[ENTRY_LEN], out[HL], zero = 0;
	double t;
	uint64_t i;
	enum assure_err rc;

	printf("leaf hashing, %d-byte entries\n", ENTRY_LEN);
	entry_fill(e, 0);
	t = now();
	for (i = 0; i < HASH_ROUNDS; i++) {
		e[0] = (unsigned char)i;
		rc = assure_merkle_hash_leaf(h, e, sizeof(e), out);
		if (rc != ASSURE_OK)
			die("hash_leaf", rc);
	}
	report("OpenSSL EVP, reused context (the ledger)", HASH_ROUNDS,
	    now() - t, "leaves");

	t = now();
	for (i = 0; i < FRESH_ROUNDS; i++) {
		e[0] = (unsigned char)i;
		rc = assure_merkle_hash_leaf(NULL, e, sizeof(e), out);
		if (rc != ASSURE_OK)
			die("hash_leaf", rc);
	}
	report("OpenSSL EVP, new context per hash", FRESH_ROUNDS, now() - t,
	    "leaves");

	t = now();
	for (i = 0; i < HASH_ROUNDS; i++) {
		e[0] = (unsigned char)i;
		crypto_hash_sha256_init(&st);
		crypto_hash_sha256_update(&st, &zero, 1);
		crypto_hash_sha256_update(&st, e, sizeof(e));
		crypto_hash_sha256_final(&st, out);
	}
	report("libsodium crypto_hash_sha256", HASH_ROUNDS, now() - t,
	    "leaves");

	t = now();
	for (i = 0; i < HASH_ROUNDS; i++) {
		out[0] = (unsigned char)i;
		rc = assure_merkle_hash_children(h, out, e, out);
		if (rc != ASSURE_OK)
			die("hash_children", rc);
	}
	report("node hashes (65 bytes), OpenSSL EVP reused", HASH_ROUNDS,
	    now() - t, "nodes");
}

/* Append n leaves to an empty table; returns seconds. */
static double
build_table(struct assure_merkle_hasher *h, struct table *t,
    unsigned char (*leaves)[HL], uint64_t n, bool hash_entries,
    unsigned char root[HL])
{
	struct assure_merkle_frontier f;
	struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
	unsigned char e[ENTRY_LEN], leaf[HL];
	size_t nn, k;
	uint64_t i;
	unsigned lv;
	double t0;
	enum assure_err rc;

	memset(t->count, 0, sizeof(t->count));
	assure_merkle_frontier_init(&f);
	entry_fill(e, 0);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (hash_entries) {
			memcpy(e, &i, sizeof(i));
			rc = assure_merkle_hash_leaf(h, e, sizeof(e), leaf);
			if (rc != ASSURE_OK)
				die("hash_leaf", rc);
			memcpy(leaves[i], leaf, HL);
		} else
			memcpy(leaf, leaves[i], HL);
		memcpy(t->lvl[0][t->count[0]++], leaf, HL);
		rc = assure_merkle_frontier_append(h, &f, leaf, &f, nodes,
		    &nn);
		if (rc != ASSURE_OK)
			die("frontier_append", rc);
		for (k = 0; k < nn; k++) {
			lv = nodes[k].level;
			memcpy(t->lvl[lv][t->count[lv]++], nodes[k].hash, HL);
		}
	}
	rc = assure_merkle_frontier_root(h, &f, root);
	if (rc != ASSURE_OK)
		die("frontier_root", rc);
	return now() - t0;
}

/*
 * Roots and proofs for random sizes and indexes, in batches of BATCH so
 * that the proofs stay in cache: what is timed is the core and the node
 * table lookups, not page faults on a large proof array.
 */
static void
bench_proofs(struct assure_merkle_hasher *h, struct table *t, uint64_t n)
{
	static struct assure_merkle_proof proofs[BATCH];
	static unsigned char roots[BATCH][HL], old_roots[BATCH][HL];
	static uint64_t a[BATCH], b[BATCH];
	double t_root = 0, t_igen = 0, t_iver = 0, t_cgen = 0, t_cver = 0, t0;
	uint64_t seed = 88172645463325252ULL, round, i;
	size_t ilen = 0, clen = 0;
	enum assure_err rc;

	printf("roots and proofs, node table of %llu leaves\n",
	    (unsigned long long)n);
	for (round = 0; round < PROOF_ROUNDS; round += BATCH) {
		for (i = 0; i < BATCH; i++) {
			b[i] = 1 + rnd(&seed) % n;
			a[i] = rnd(&seed) % b[i];
		}
		t0 = now();
		for (i = 0; i < BATCH; i++) {
			rc = assure_merkle_root(h, b[i], table_get_node, t,
			    roots[i]);
			if (rc != ASSURE_OK)
				die("root", rc);
		}
		t_root += now() - t0;

		t0 = now();
		for (i = 0; i < BATCH; i++) {
			rc = assure_merkle_inclusion_proof(h, a[i], b[i],
			    table_get_node, t, &proofs[i]);
			if (rc != ASSURE_OK)
				die("inclusion_proof", rc);
		}
		t_igen += now() - t0;
		t0 = now();
		for (i = 0; i < BATCH; i++) {
			rc = assure_merkle_verify_inclusion(h,
			    t->lvl[0][a[i]], a[i], b[i], proofs[i].hash,
			    proofs[i].len, roots[i]);
			if (rc != ASSURE_OK)
				die("verify_inclusion", rc);
			ilen += proofs[i].len;
		}
		t_iver += now() - t0;

		/* Consistency from the older size a + 1 to b. */
		for (i = 0; i < BATCH; i++) {
			rc = assure_merkle_root(h, a[i] + 1, table_get_node, t,
			    old_roots[i]);
			if (rc != ASSURE_OK)
				die("root", rc);
		}
		t0 = now();
		for (i = 0; i < BATCH; i++) {
			rc = assure_merkle_consistency_proof(h, a[i] + 1, b[i],
			    table_get_node, t, &proofs[i]);
			if (rc != ASSURE_OK)
				die("consistency_proof", rc);
		}
		t_cgen += now() - t0;
		t0 = now();
		for (i = 0; i < BATCH; i++) {
			rc = assure_merkle_verify_consistency(h, a[i] + 1,
			    b[i], old_roots[i], roots[i], proofs[i].hash,
			    proofs[i].len);
			if (rc != ASSURE_OK)
				die("verify_consistency", rc);
			clen += proofs[i].len;
		}
		t_cver += now() - t0;
	}
	report("root at a random size", PROOF_ROUNDS, t_root, "roots");
	report("inclusion proof generation (random index, size)",
	    PROOF_ROUNDS, t_igen, "proofs");
	report("inclusion proof verification", PROOF_ROUNDS, t_iver,
	    "proofs");
	printf("  %-48s %12.1f hashes\n", "mean inclusion proof length",
	    (double)ilen / PROOF_ROUNDS);
	report("consistency proof generation (random sizes)", PROOF_ROUNDS,
	    t_cgen, "proofs");
	report("consistency proof verification", PROOF_ROUNDS, t_cver,
	    "proofs");
	printf("  %-48s %12.1f hashes\n", "mean consistency proof length",
	    (double)clen / PROOF_ROUNDS);
}

static void
bench_checkpoints(struct assure_merkle_hasher *h, const unsigned char root[HL],
    uint64_t n)
{
	struct assure_note_signer *s = NULL;
	struct assure_note_verifier v;
	struct assure_note *note;
	struct assure_buf body, signed_note;
	double secs;
	int i;
	enum assure_err rc;

	(void)h;
	printf("checkpoints (Ed25519, libsodium)\n");
	rc = assure_note_key_generate("assure.example/bench", &s);
	if (rc != ASSURE_OK)
		die("key_generate", rc);
	assure_note_signer_verifier(s, &v);
	assure_buf_init(&body, 0);
	assure_buf_init(&signed_note, 0);
	rc = assure_note_checkpoint_format("assure.example/bench", n, root,
	    NULL, &body);
	if (rc != ASSURE_OK)
		die("checkpoint_format", rc);

	secs = now();
	for (i = 0; i < SIGN_ROUNDS; i++) {
		assure_buf_reset(&signed_note);
		rc = assure_note_sign(s, body.data, body.len, &signed_note,
		    NULL);
		if (rc != ASSURE_OK)
			die("sign", rc);
	}
	report("checkpoint signing", SIGN_ROUNDS, now() - secs, "notes");

	secs = now();
	for (i = 0; i < SIGN_ROUNDS; i++) {
		rc = assure_note_open(signed_note.data, signed_note.len, &v,
		    &note, NULL);
		if (rc != ASSURE_OK)
			die("open", rc);
		assure_note_free(note);
	}
	report("checkpoint parse + verify", SIGN_ROUNDS, now() - secs,
	    "notes");

	assure_buf_free(&signed_note);
	assure_buf_free(&body);
	assure_note_signer_free(s);
}

int
main(int argc, char *argv[])
{
	struct assure_merkle_hasher *h = NULL;
	struct table t;
	unsigned char (*leaves)[HL], root1[HL], root2[HL];
	long long lg = DEFAULT_LOG2_LEAVES;
	uint64_t n;
	unsigned lv;
	double secs;
	enum assure_err rc;

	if (argc > 1 && assure_strtonum(argv[1], 4, MAX_LOG2_LEAVES, &lg) != 0) {
		fprintf(stderr, "usage: ledger_merkle [log2-leaves 4..%d]\n",
		    MAX_LOG2_LEAVES);
		return 2;
	}
	if (sodium_init() < 0)
		die("sodium_init", ASSURE_ERR_NOMEM);
	rc = assure_merkle_hasher_new(&h);
	if (rc != ASSURE_OK)
		die("hasher_new", rc);
	n = UINT64_C(1) << lg;

	memset(&t, 0, sizeof(t));
	t.levels = (unsigned)lg + 1;
	for (lv = 0; lv < t.levels; lv++) {
		t.lvl[lv] = calloc((size_t)(n >> lv), HL);
		if (t.lvl[lv] == NULL)
			die("calloc", ASSURE_ERR_NOMEM);
	}
	leaves = calloc((size_t)n, HL);
	if (leaves == NULL)
		die("calloc", ASSURE_ERR_NOMEM);

	bench_leaf_hashing(h);

	printf("appending %llu leaves (frontier + in-memory node table)\n",
	    (unsigned long long)n);
	secs = build_table(h, &t, leaves, n, true, root1);
	report("hash entry + append", (double)n, secs, "entries");
	secs = build_table(h, &t, leaves, n, false, root2);
	report("append a leaf hash", (double)n, secs, "leaves");
	if (memcmp(root1, root2, HL) != 0)
		die("roots differ", ASSURE_ERR_TAMPER);

	bench_proofs(h, &t, n);
	bench_checkpoints(h, root1, n);

	free(leaves);
	for (lv = 0; lv < t.levels; lv++)
		free(t.lvl[lv]);
	assure_merkle_hasher_free(h);
	return 0;
}
