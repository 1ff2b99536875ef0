/*
 * test_merkle.c: the ledger's Merkle tree against the published
 * Certificate Transparency vectors and against a recursive reference.
 *
 * Known answers: the roots of the 8-leaf RFC 6962 test sequence at every
 * size, and its inclusion and consistency proofs, as published in
 * github.com/transparency-dev/merkle proof/verify_test.go (the vectors
 * Google's certificate-transparency and trillian test suites share); the
 * probes that must fail are that file's corruptInclusionProof and
 * corruptConsistencyProof lists.  The node sets each proof reads come from
 * the same repository's proof/proof_test.go.
 *
 * Properties: for every tree size up to PROP_MAX and every index or old
 * size, the proofs generated from an in-memory node table equal the
 * RFC 6962 recursive definitions, verify, and stop verifying when one bit
 * of any hash flips or a size is changed; the frontier's root and the
 * node table's root equal MTH(); the node table is only asked for perfect
 * subtrees below the size asked about.  A tree whose leaves are all equal
 * has node (level, index) independent of index, which lets the last tests
 * build and check proofs for sizes up to 2^63 - 1.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/hash.h"
#include "ledger/merkle.h"

#define HL		ASSURE_MERKLE_HASH_LEN
#define PROP_MAX	70
#define TABLE_LEAVES	200
#define MAX_ACCESS	256

/* ---------------------------------------------------------------------- */
/* The published vectors                                                   */

static const char *const ct_leaves[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

static const char *const ct_empty_root =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* ct_roots[n - 1] is the root of the first n leaves. */
static const char *const ct_roots[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

/* verify_test.go's sha256SomeHash. */
static const char *const some_hash =
    "abacaba000000000000000000000000000000000000000000060061e00123456";

struct ct_inclusion {
	uint64_t	 index;		/* 0-based (the Go table is 1-based) */
	uint64_t	 size;
	size_t		 len;
	const char	*proof[3];
};

static const struct ct_inclusion ct_inclusions[] = {
	{ 0, 1, 0, { NULL } },
	{ 0, 8, 3, {
	    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	} },
	{ 5, 8, 3, {
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	} },
	{ 2, 3, 1, {
	    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	} },
	{ 1, 5, 3, {
	    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	} },
};

struct ct_consistency {
	uint64_t	 old_size;
	uint64_t	 new_size;
	size_t		 len;
	const char	*proof[3];
};

static const struct ct_consistency ct_consistencies[] = {
	{ 1, 1, 0, { NULL } },
	{ 1, 8, 3, {
	    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	} },
	{ 6, 8, 3, {
	    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	} },
	{ 2, 5, 2, {
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	} },
	{ 6, 7, 3, {
	    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	} },
};

/* The nodes a proof reads, as (level, index) pairs; proof_test.go. */
struct node_id {
	unsigned	level;
	uint64_t	index;
};

struct access_case {
	bool		 consistency;
	uint64_t	 a;		/* index, or old size */
	uint64_t	 size;		/* tree size, or new size */
	size_t		 n;
	struct node_id	 nodes[10];
};

static const struct access_case access_cases[] = {
	{ false, 0, 1, 0, { { 0, 0 } } },
	{ false, 0, 2, 1, { { 0, 1 } } },
	{ false, 1, 3, 2, { { 0, 0 }, { 0, 2 } } },
	{ false, 0, 7, 4, { { 0, 1 }, { 1, 1 }, { 0, 6 }, { 1, 2 } } },
	{ false, 2, 7, 4, { { 0, 3 }, { 1, 0 }, { 0, 6 }, { 1, 2 } } },
	{ false, 4, 7, 3, { { 0, 5 }, { 0, 6 }, { 2, 0 } } },
	{ false, 6, 7, 2, { { 1, 2 }, { 2, 0 } } },
	{ false, 3, 5, 3, { { 0, 2 }, { 1, 0 }, { 0, 4 } } },
	{ false, 10, 15, 5, { { 0, 11 }, { 1, 4 }, { 0, 14 }, { 1, 6 },
	    { 3, 0 } } },
	{ false, 24, 31, 6, { { 0, 25 }, { 1, 13 }, { 0, 30 }, { 1, 14 },
	    { 3, 2 }, { 4, 0 } } },
	{ false, 81, 95, 8, { { 0, 80 }, { 1, 41 }, { 2, 21 }, { 0, 94 },
	    { 1, 46 }, { 2, 22 }, { 4, 4 }, { 6, 0 } } },
	{ true, 1, 2, 1, { { 0, 1 } } },
	{ true, 1, 6, 3, { { 0, 1 }, { 1, 1 }, { 1, 2 } } },
	{ true, 2, 8, 2, { { 1, 1 }, { 2, 1 } } },
	{ true, 3, 7, 5, { { 0, 2 }, { 0, 3 }, { 1, 0 }, { 0, 6 },
	    { 1, 2 } } },
	{ true, 4, 7, 2, { { 0, 6 }, { 1, 2 } } },
	{ true, 5, 7, 4, { { 0, 4 }, { 0, 5 }, { 0, 6 }, { 2, 0 } } },
	{ true, 7, 8, 4, { { 0, 6 }, { 0, 7 }, { 1, 2 }, { 2, 0 } } },
	{ true, 3, 6, 4, { { 0, 2 }, { 0, 3 }, { 1, 0 }, { 1, 2 } } },
	{ true, 10, 15, 5, { { 1, 4 }, { 1, 5 }, { 0, 14 }, { 1, 6 },
	    { 3, 0 } } },
	{ true, 24, 31, 5, { { 3, 2 }, { 0, 30 }, { 1, 14 }, { 2, 6 },
	    { 4, 0 } } },
	{ true, 81, 95, 9, { { 0, 80 }, { 0, 81 }, { 1, 41 }, { 2, 21 },
	    { 0, 94 }, { 1, 46 }, { 2, 22 }, { 4, 4 }, { 6, 0 } } },
	{ true, 5, 5, 0, { { 0, 0 } } },
};

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode lowercase hex s into out (at most max bytes); returns the length. */
static size_t
unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = strlen(s), i;
	int hi, lo;

	assert_int_equal(n % 2, 0);
	assert_true(n / 2 <= max);
	for (i = 0; i < n / 2; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			fail_msg("bad hex in '%s'", s);
		out[i] = (unsigned char)((unsigned)hi << 4 | (unsigned)lo);
	}
	return n / 2;
}

static void
unhex32(const char *s, unsigned char out[HL])
{
	assert_int_equal(unhex(s, out, HL), HL);
}

static void
assert_hash_hex(const unsigned char h[HL], const char *want)
{
	char got[2 * HL + 1];

	assure_hex(h, HL, got);
	assert_string_equal(got, want);
}

/*
 * An in-memory node table, filled the way the store will fill it: leaf
 * hashes at level 0, and the nodes each append reports.  limit is the tree
 * size the code under test was told about: asking for a node that is not
 * entirely below it counts as a violation.
 */
struct memtable {
	unsigned char	(*lvl[ASSURE_MERKLE_MAX_LEVEL + 1])[HL];
	uint64_t	 count[ASSURE_MERKLE_MAX_LEVEL + 1];
	uint64_t	 limit;
	unsigned long	 violations;
	unsigned long	 calls;
	bool		 record;
	size_t		 naccess;
	struct node_id	 access[MAX_ACCESS];
	enum assure_err	 fail;		/* returned by every call when set */
	struct assure_merkle_frontier f;
	unsigned char	(*leaves)[HL];
};

static enum assure_err
mem_get_node(unsigned level, uint64_t index, unsigned char out[HL], void *arg)
{
	struct memtable *t = arg;

	t->calls++;
	if (t->fail != ASSURE_OK)
		return t->fail;
	if (t->record && t->naccess < MAX_ACCESS) {
		t->access[t->naccess].level = level;
		t->access[t->naccess].index = index;
		t->naccess++;
	}
	if (level > ASSURE_MERKLE_MAX_LEVEL || index >= t->count[level])
		return ASSURE_ERR_NOTFOUND;
	if (((index + 1) << level) > t->limit)
		t->violations++;
	memcpy(out, t->lvl[level][index], HL);
	return ASSURE_OK;
}

static void
mem_append(struct memtable *t, struct assure_merkle_hasher *h,
    const unsigned char leaf[HL])
{
	struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
	size_t nn, i;
	unsigned lv;

	assert_int_equal(t->count[0], t->f.size);
	memcpy(t->lvl[0][t->count[0]++], leaf, HL);
	assert_int_equal(assure_merkle_frontier_append(h, &t->f, leaf, &t->f,
	    nodes, &nn), ASSURE_OK);
	assert_int_equal(nn, __builtin_ctzll(~(t->f.size - 1)));
	for (i = 0; i < nn; i++) {
		lv = nodes[i].level;
		assert_int_equal(lv, i + 1);
		assert_int_equal(nodes[i].index, t->count[lv]);
		memcpy(t->lvl[lv][t->count[lv]++], nodes[i].hash, HL);
	}
}

static void
mem_init(struct memtable *t, size_t cap)
{
	unsigned lv;

	memset(t, 0, sizeof(*t));
	for (lv = 0; lv <= ASSURE_MERKLE_MAX_LEVEL; lv++) {
		t->lvl[lv] = calloc(cap + 1, HL);
		assert_non_null(t->lvl[lv]);
	}
	assure_merkle_frontier_init(&t->f);
	t->limit = UINT64_MAX;
}

static void
mem_free(struct memtable *t)
{
	unsigned lv;

	for (lv = 0; lv <= ASSURE_MERKLE_MAX_LEVEL; lv++)
		free(t->lvl[lv]);
}

/* The CT test leaves plus deterministic ones after them, in a table. */
static void
mem_fill(struct memtable *t, struct assure_merkle_hasher *h, size_t n)
{
	unsigned char entry[32], leaf[HL];
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (i < ASSURE_ARRAY_LEN(ct_leaves))
			len = unhex(ct_leaves[i], entry, sizeof(entry));
		else {
			memset(entry, (int)(i & 0xff), sizeof(entry));
			entry[0] = (unsigned char)(i >> 8);
			len = 1 + i % 31;
		}
		assert_int_equal(assure_merkle_hash_leaf(h, entry, len, leaf),
		    ASSURE_OK);
		mem_append(t, h, leaf);
	}
}

/* RFC 6962 section 2.1: MTH(D[n]), recursively, from leaf hashes. */
static void
ref_mth(struct assure_merkle_hasher *h, unsigned char (*lv)[HL], uint64_t n,
    unsigned char out[HL])
{
	unsigned char l[HL], r[HL];
	uint64_t k = 1;

	if (n == 0) {
		assure_merkle_empty_root(out);
		return;
	}
	if (n == 1) {
		memcpy(out, lv[0], HL);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	ref_mth(h, lv, k, l);
	ref_mth(h, lv + k, n - k, r);
	assert_int_equal(assure_merkle_hash_children(h, l, r, out), ASSURE_OK);
}

static void
proof_push(struct assure_merkle_proof *p, const unsigned char x[HL])
{
	assert_true(p->len < ASSURE_MERKLE_MAX_PROOF);
	memcpy(p->hash[p->len++], x, HL);
}

/* RFC 6962 section 2.1.1: PATH(m, D[n]). */
static void
ref_path(struct assure_merkle_hasher *h, unsigned char (*lv)[HL], uint64_t m,
    uint64_t n, struct assure_merkle_proof *p)
{
	unsigned char x[HL];
	uint64_t k = 1;

	if (n <= 1)
		return;
	while (k * 2 < n)
		k *= 2;
	if (m < k) {
		ref_path(h, lv, m, k, p);
		ref_mth(h, lv + k, n - k, x);
	} else {
		ref_path(h, lv + k, m - k, n - k, p);
		ref_mth(h, lv, k, x);
	}
	proof_push(p, x);
}

/* RFC 6962 section 2.1.2: SUBPROOF(m, D[n], b). */
static void
ref_subproof(struct assure_merkle_hasher *h, unsigned char (*lv)[HL],
    uint64_t m, uint64_t n, bool b, struct assure_merkle_proof *p)
{
	unsigned char x[HL];
	uint64_t k = 1;

	if (m == n) {
		if (!b) {
			ref_mth(h, lv, m, x);
			proof_push(p, x);
		}
		return;
	}
	while (k * 2 < n)
		k *= 2;
	if (m <= k) {
		ref_subproof(h, lv, m, k, b, p);
		ref_mth(h, lv + k, n - k, x);
	} else {
		ref_subproof(h, lv + k, m - k, n - k, false, p);
		ref_mth(h, lv, k, x);
	}
	proof_push(p, x);
}

static void
assert_proof_equal(const struct assure_merkle_proof *a,
    const struct assure_merkle_proof *b)
{
	assert_int_equal(a->len, b->len);
	if (a->len > 0)
		assert_memory_equal(a->hash, b->hash, a->len * HL);
}

static int
setup_hasher(void **state)
{
	struct assure_merkle_hasher *h = NULL;

	if (assure_merkle_hasher_new(&h) != ASSURE_OK)
		return -1;
	*state = h;
	return 0;
}

static int
teardown_hasher(void **state)
{
	assure_merkle_hasher_free(*state);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Known answers                                                           */

static void
test_empty_tree(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_frontier f;
	struct memtable t;
	unsigned char root[HL];

	assure_merkle_empty_root(root);
	assert_hash_hex(root, ct_empty_root);
	assert_int_equal(assure_sha256("", 0, root), ASSURE_OK);
	assert_hash_hex(root, ct_empty_root);

	assure_merkle_frontier_init(&f);
	memset(root, 0, HL);
	assert_int_equal(assure_merkle_frontier_root(h, &f, root), ASSURE_OK);
	assert_hash_hex(root, ct_empty_root);

	mem_init(&t, 1);
	memset(root, 0, HL);
	assert_int_equal(assure_merkle_root(h, 0, mem_get_node, &t, root),
	    ASSURE_OK);
	assert_hash_hex(root, ct_empty_root);
	assert_int_equal(t.calls, 0);
	mem_free(&t);
}

static void
test_ct_leaf_hashes(void **state)
{
	struct assure_merkle_hasher *h = *state;
	unsigned char leaf[HL], b = 0;

	/* SHA-256(0x00): the root of the one-leaf tree of "". */
	assert_int_equal(assure_merkle_hash_leaf(h, "", 0, leaf), ASSURE_OK);
	assert_hash_hex(leaf, ct_roots[0]);
	/* SHA-256(0x00 0x00): the first hash of the (0, 8) proof. */
	assert_int_equal(assure_merkle_hash_leaf(h, &b, 1, leaf), ASSURE_OK);
	assert_hash_hex(leaf, ct_inclusions[1].proof[0]);
	/* A NULL hasher works the same, through a temporary one. */
	assert_int_equal(assure_merkle_hash_leaf(NULL, &b, 1, leaf), ASSURE_OK);
	assert_hash_hex(leaf, ct_inclusions[1].proof[0]);
}

static void
test_ct_roots(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct memtable t;
	unsigned char root[HL], entry[16], leaf[HL];
	uint64_t n;
	size_t len;

	mem_init(&t, 8);
	for (n = 1; n <= 8; n++) {
		len = unhex(ct_leaves[n - 1], entry, sizeof(entry));
		assert_int_equal(assure_merkle_hash_leaf(h, entry, len, leaf),
		    ASSURE_OK);
		mem_append(&t, h, leaf);
		assert_int_equal(assure_merkle_frontier_root(h, &t.f, root),
		    ASSURE_OK);
		assert_hash_hex(root, ct_roots[n - 1]);
		assert_int_equal(assure_merkle_frontier_root(NULL, &t.f, root),
		    ASSURE_OK);
		assert_hash_hex(root, ct_roots[n - 1]);
	}
	/* Every older root from the full table, asking only below it. */
	for (n = 1; n <= 8; n++) {
		t.limit = n;
		assert_int_equal(assure_merkle_root(h, n, mem_get_node, &t,
		    root), ASSURE_OK);
		assert_hash_hex(root, ct_roots[n - 1]);
		assert_int_equal(assure_merkle_root(NULL, n, mem_get_node, &t,
		    root), ASSURE_OK);
		assert_hash_hex(root, ct_roots[n - 1]);
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

/* verify_test.go corruptInclusionProof: every probe must fail. */
static void
check_inclusion_probes(struct assure_merkle_hasher *h, uint64_t index,
    uint64_t size, const struct assure_merkle_proof *p,
    const unsigned char root[HL], const unsigned char leaf[HL])
{
	struct assure_merkle_proof w;
	unsigned char empty[HL], some[HL], zero[HL], wrong_leaf[HL];
	size_t i;

	assure_merkle_empty_root(empty);
	unhex32(some_hash, some);
	memset(zero, 0, HL);
	assert_int_equal(assure_merkle_hash_leaf(h, "WrongLeaf", 9, wrong_leaf),
	    ASSURE_OK);

	assert_int_not_equal(assure_merkle_verify_inclusion(h, leaf, index - 1,
	    size, p->hash, p->len, root), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_inclusion(h, leaf, index + 1,
	    size, p->hash, p->len, root), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_inclusion(h, leaf, index ^ 2,
	    size, p->hash, p->len, root), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_inclusion(h, leaf, index,
	    size * 2, p->hash, p->len, root), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_inclusion(h, leaf, index,
	    size / 2, p->hash, p->len, root), ASSURE_OK);
	assert_int_equal(assure_merkle_verify_inclusion(h, wrong_leaf, index,
	    size, p->hash, p->len, root), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index, size,
	    p->hash, p->len, empty), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index, size,
	    p->hash, p->len, some), ASSURE_ERR_TAMPER);

	/* Trailing and preceding garbage. */
	w = *p;
	memcpy(w.hash[w.len++], zero, HL);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index, size,
	    w.hash, w.len, root), ASSURE_ERR_TAMPER);
	memcpy(w.hash[w.len - 1], root, HL);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index, size,
	    w.hash, w.len, root), ASSURE_ERR_TAMPER);
	memcpy(w.hash[0], zero, HL);
	memcpy(w.hash[1], p->hash, p->len * HL);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index, size,
	    w.hash, w.len, root), ASSURE_ERR_TAMPER);
	memcpy(w.hash[0], root, HL);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index, size,
	    w.hash, w.len, root), ASSURE_ERR_TAMPER);

	/* One bit flipped in each element. */
	for (i = 0; i < p->len; i++) {
		w = *p;
		w.hash[i][0] ^= 8;
		assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index,
		    size, w.hash, w.len, root), ASSURE_ERR_TAMPER);
	}
	/* A component removed, a component inserted. */
	if (p->len > 0) {
		assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index,
		    size, p->hash, p->len - 1, root), ASSURE_ERR_TAMPER);
	}
	if (p->len > 1) {
		w = *p;
		memcpy(w.hash[1], some, HL);
		memcpy(w.hash[2], p->hash[1], (p->len - 1) * HL);
		w.len = p->len + 1;
		assert_int_equal(assure_merkle_verify_inclusion(h, leaf, index,
		    size, w.hash, w.len, root), ASSURE_ERR_TAMPER);
	}
}

static void
test_ct_inclusion_proofs(void **state)
{
	struct assure_merkle_hasher *h = *state;
	const struct ct_inclusion *v;
	struct assure_merkle_proof want, got;
	struct memtable t;
	unsigned char root[HL];
	size_t i, j;

	mem_init(&t, 8);
	mem_fill(&t, h, 8);
	for (i = 0; i < ASSURE_ARRAY_LEN(ct_inclusions); i++) {
		v = &ct_inclusions[i];
		want.len = v->len;
		for (j = 0; j < v->len; j++)
			unhex32(v->proof[j], want.hash[j]);
		unhex32(ct_roots[v->size - 1], root);

		t.limit = v->size;
		assert_int_equal(assure_merkle_inclusion_proof(h, v->index,
		    v->size, mem_get_node, &t, &got), ASSURE_OK);
		assert_proof_equal(&got, &want);

		assert_int_equal(assure_merkle_verify_inclusion(h,
		    t.lvl[0][v->index], v->index, v->size, want.hash, want.len,
		    root), ASSURE_OK);
		assert_int_equal(assure_merkle_verify_inclusion(NULL,
		    t.lvl[0][v->index], v->index, v->size, want.hash, want.len,
		    root), ASSURE_OK);
		check_inclusion_probes(h, v->index, v->size, &want, root,
		    t.lvl[0][v->index]);
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

static void
test_verify_inclusion_edges(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_proof none = { 0 };
	unsigned char leaf[HL], empty[HL], some[HL];

	/* A one-entry tree: the root is the leaf hash, the proof empty. */
	assert_int_equal(assure_merkle_hash_leaf(h, "data", 4, leaf),
	    ASSURE_OK);
	assure_merkle_empty_root(empty);
	unhex32(some_hash, some);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, 0, 1,
	    none.hash, 0, leaf), ASSURE_OK);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, 0, 1,
	    none.hash, 0, empty), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_inclusion(h, empty, 0, 1,
	    none.hash, 0, leaf), ASSURE_ERR_TAMPER);

	/* verify_test.go TestVerifyInclusion probes. */
	assert_int_equal(assure_merkle_verify_inclusion(h, some, 0, 0,
	    none.hash, 0, empty), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_inclusion(h, some, 0, 1,
	    none.hash, 0, empty), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_inclusion(h, some, 1, 0,
	    none.hash, 0, empty), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_inclusion(h, some, 2, 1,
	    none.hash, 0, empty), ASSURE_ERR_INVAL);
}

/* verify_test.go corruptConsistencyProof: every probe must fail. */
static void
check_consistency_probes(struct assure_merkle_hasher *h, uint64_t m,
    uint64_t n, const struct assure_merkle_proof *p,
    const unsigned char r1[HL], const unsigned char r2[HL])
{
	struct assure_merkle_proof w;
	unsigned char zero[HL], wrong[HL];
	size_t i;

	memset(zero, 0, HL);
	assert_int_equal(assure_sha256("WrongRoot", 9, wrong), ASSURE_OK);

	assert_int_not_equal(assure_merkle_verify_consistency(h, m - 1, n, r1,
	    r2, p->hash, p->len), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_consistency(h, m + 1, n, r1,
	    r2, p->hash, p->len), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_consistency(h, m ^ 2, n, r1,
	    r2, p->hash, p->len), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_consistency(h, m, n * 2, r1,
	    r2, p->hash, p->len), ASSURE_OK);
	assert_int_not_equal(assure_merkle_verify_consistency(h, m, n / 2, r1,
	    r2, p->hash, p->len), ASSURE_OK);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, wrong, r2,
	    p->hash, p->len), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, wrong,
	    p->hash, p->len), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r2, r1,
	    p->hash, p->len), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    p->hash, 0), ASSURE_ERR_TAMPER);

	/* Trailing garbage, trailing roots. */
	w = *p;
	w.len++;
	memcpy(w.hash[w.len - 1], zero, HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);
	memcpy(w.hash[w.len - 1], r1, HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);
	memcpy(w.hash[w.len - 1], r2, HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);
	/* Preceding garbage, roots, and a repeated first element. */
	memcpy(w.hash[1], p->hash, p->len * HL);
	memcpy(w.hash[0], zero, HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);
	memcpy(w.hash[0], r1, HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);
	memcpy(w.hash[0], r2, HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);
	memcpy(w.hash[0], p->hash[0], HL);
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    w.hash, w.len), ASSURE_ERR_TAMPER);

	/* Truncated; one bit flipped in each element. */
	assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1, r2,
	    p->hash, p->len - 1), ASSURE_ERR_TAMPER);
	for (i = 0; i < p->len; i++) {
		w = *p;
		w.hash[i][0] ^= 16;
		assert_int_equal(assure_merkle_verify_consistency(h, m, n, r1,
		    r2, w.hash, w.len), ASSURE_ERR_TAMPER);
	}
}

static void
test_ct_consistency_proofs(void **state)
{
	struct assure_merkle_hasher *h = *state;
	const struct ct_consistency *v;
	struct assure_merkle_proof want, got;
	struct memtable t;
	unsigned char r1[HL], r2[HL];
	size_t i, j;

	mem_init(&t, 8);
	mem_fill(&t, h, 8);
	for (i = 0; i < ASSURE_ARRAY_LEN(ct_consistencies); i++) {
		v = &ct_consistencies[i];
		want.len = v->len;
		for (j = 0; j < v->len; j++)
			unhex32(v->proof[j], want.hash[j]);
		unhex32(ct_roots[v->old_size - 1], r1);
		unhex32(ct_roots[v->new_size - 1], r2);

		t.limit = v->new_size;
		assert_int_equal(assure_merkle_consistency_proof(h, v->old_size,
		    v->new_size, mem_get_node, &t, &got), ASSURE_OK);
		assert_proof_equal(&got, &want);

		assert_int_equal(assure_merkle_verify_consistency(h,
		    v->old_size, v->new_size, r1, r2, want.hash, want.len),
		    ASSURE_OK);
		assert_int_equal(assure_merkle_verify_consistency(NULL,
		    v->old_size, v->new_size, r1, r2, want.hash, want.len),
		    ASSURE_OK);
		if (want.len > 0)
			check_consistency_probes(h, v->old_size, v->new_size,
			    &want, r1, r2);
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

static void
test_verify_consistency_edges(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_proof none = { 0 }, one = { 0 };
	unsigned char r1[HL], r2[HL], empty[HL];

	assert_int_equal(assure_sha256("don't care 1", 12, r1), ASSURE_OK);
	assert_int_equal(assure_sha256("don't care 2", 12, r2), ASSURE_OK);
	assure_merkle_empty_root(empty);
	one.len = 1;
	memcpy(one.hash[0], empty, HL);

	/* verify_test.go TestVerifyConsistency, case by case. */
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 0, r1, r2,
	    none.hash, 0), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 1, 1, r1, r2,
	    none.hash, 0), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 0, r1, r1,
	    none.hash, 0), ASSURE_OK);
	assert_int_equal(assure_merkle_verify_consistency(h, 1, 1, r2, r2,
	    none.hash, 0), ASSURE_OK);
	/* Size 0 is a prefix of anything, but its root must be MTH({}). */
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 1, empty, r2,
	    none.hash, 0), ASSURE_OK);
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 1, r1, r2,
	    none.hash, 0), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 1, 0, r1, r2,
	    none.hash, 0), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_consistency(h, 2, 1, r1, r2,
	    none.hash, 0), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_consistency(h, 1, 2, r1, r2,
	    none.hash, 0), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 0, empty, r2,
	    none.hash, 0), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 1, 1, empty, r2,
	    none.hash, 0), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 0, empty, empty,
	    one.hash, 1), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 0, 1, empty, empty,
	    one.hash, 1), ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 1, 1, empty, empty,
	    one.hash, 1), ASSURE_ERR_TAMPER);
}

static int
node_cmp(const void *a, const void *b)
{
	const struct node_id *x = a, *y = b;

	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

static void
test_proof_node_access(void **state)
{
	struct assure_merkle_hasher *h = *state;
	const struct access_case *c;
	struct node_id want[10];
	struct assure_merkle_proof p;
	struct memtable t;
	size_t i;

	mem_init(&t, 100);
	mem_fill(&t, h, 100);
	for (i = 0; i < ASSURE_ARRAY_LEN(access_cases); i++) {
		c = &access_cases[i];
		t.naccess = 0;
		t.record = true;
		t.limit = c->size;
		if (c->consistency)
			assert_int_equal(assure_merkle_consistency_proof(h,
			    c->a, c->size, mem_get_node, &t, &p), ASSURE_OK);
		else
			assert_int_equal(assure_merkle_inclusion_proof(h, c->a,
			    c->size, mem_get_node, &t, &p), ASSURE_OK);
		t.record = false;
		assert_int_equal(t.naccess, c->n);
		memcpy(want, c->nodes, sizeof(want));
		qsort(want, c->n, sizeof(want[0]), node_cmp);
		qsort(t.access, t.naccess, sizeof(t.access[0]), node_cmp);
		assert_memory_equal(t.access, want, c->n * sizeof(want[0]));
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

/* ---------------------------------------------------------------------- */
/* Properties                                                              */

static void
test_frontier_matches_reference(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_frontier loaded;
	struct memtable t;
	unsigned char want[HL], got[HL], leaf[HL];
	uint64_t n, idx;
	unsigned lv;

	mem_init(&t, TABLE_LEAVES);
	for (n = 0; n <= TABLE_LEAVES; n++) {
		if (n > 0) {
			assert_int_equal(assure_merkle_hash_leaf(h, &n,
			    sizeof(n), leaf), ASSURE_OK);
			mem_append(&t, h, leaf);
		}
		ref_mth(h, t.lvl[0], n, want);
		assert_int_equal(assure_merkle_frontier_root(h, &t.f, got),
		    ASSURE_OK);
		assert_memory_equal(got, want, HL);

		t.limit = n;
		assert_int_equal(assure_merkle_root(h, n, mem_get_node, &t,
		    got), ASSURE_OK);
		assert_memory_equal(got, want, HL);

		assert_int_equal(assure_merkle_frontier_load(n, mem_get_node,
		    &t, &loaded), ASSURE_OK);
		assert_int_equal(loaded.size, t.f.size);
		assert_int_equal(loaded.count, t.f.count);
		assert_memory_equal(loaded.hash, t.f.hash, sizeof(loaded.hash));

		/* Appending into another frontier gives the same one. */
		if (n > 0) {
			struct assure_merkle_frontier prev, next;
			struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
			size_t nn;

			assert_int_equal(assure_merkle_frontier_load(n - 1,
			    mem_get_node, &t, &prev), ASSURE_OK);
			memset(&next, 0xa5, sizeof(next));
			assert_int_equal(assure_merkle_frontier_append(h, &prev,
			    t.lvl[0][n - 1], &next, nodes, &nn), ASSURE_OK);
			assert_int_equal(next.size, n);
			assert_int_equal(next.count, t.f.count);
			assert_memory_equal(next.hash, t.f.hash,
			    sizeof(next.hash));
		}
	}
	/* Every stored node is MTH() of the leaves it covers. */
	for (lv = 1; lv <= 7; lv++) {
		for (idx = 0; idx < t.count[lv]; idx++) {
			ref_mth(h, t.lvl[0] + (idx << lv), UINT64_C(1) << lv,
			    want);
			assert_memory_equal(t.lvl[lv][idx], want, HL);
		}
		assert_int_equal(t.count[lv], TABLE_LEAVES >> lv);
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

static void
test_inclusion_property(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_proof got, ref, w;
	struct memtable t;
	unsigned char roots[PROP_MAX + 1][HL], leaf[HL], root[HL];
	uint64_t n, n2, i;
	size_t j;
	unsigned bit;

	mem_init(&t, PROP_MAX);
	mem_fill(&t, h, PROP_MAX);
	for (n = 0; n <= PROP_MAX; n++)
		ref_mth(h, t.lvl[0], n, roots[n]);

	for (n = 1; n <= PROP_MAX; n++) {
		for (i = 0; i < n; i++) {
			t.limit = n;
			assert_int_equal(assure_merkle_inclusion_proof(h, i, n,
			    mem_get_node, &t, &got), ASSURE_OK);
			ref.len = 0;
			ref_path(h, t.lvl[0], i, n, &ref);
			assert_proof_equal(&got, &ref);
			assert_int_equal(assure_merkle_verify_inclusion(h,
			    t.lvl[0][i], i, n, got.hash, got.len, roots[n]),
			    ASSURE_OK);

			/* One bit flipped anywhere in the proof. */
			for (j = 0; j < got.len; j++) {
				bit = (unsigned)((i * 31 + j * 7 + n) % 256);
				w = got;
				w.hash[j][bit / 8] ^= (unsigned char)(1 <<
				    (bit % 8));
				assert_int_equal(assure_merkle_verify_inclusion(
				    h, t.lvl[0][i], i, n, w.hash, w.len,
				    roots[n]), ASSURE_ERR_TAMPER);
			}
			/* In the leaf, in the root. */
			memcpy(leaf, t.lvl[0][i], HL);
			leaf[(i + n) % HL] ^= 0x40;
			assert_int_equal(assure_merkle_verify_inclusion(h, leaf,
			    i, n, got.hash, got.len, roots[n]),
			    ASSURE_ERR_TAMPER);
			memcpy(root, roots[n], HL);
			root[i % HL] ^= 0x02;
			assert_int_equal(assure_merkle_verify_inclusion(h,
			    t.lvl[0][i], i, n, got.hash, got.len, root),
			    ASSURE_ERR_TAMPER);

			/* Another index, another signed size. */
			if (i + 1 < n)
				assert_int_equal(assure_merkle_verify_inclusion(
				    h, t.lvl[0][i], i + 1, n, got.hash,
				    got.len, roots[n]), ASSURE_ERR_TAMPER);
			assert_int_equal(assure_merkle_verify_inclusion(h,
			    t.lvl[0][i], n, n, got.hash, got.len, roots[n]),
			    ASSURE_ERR_INVAL);
			for (n2 = i + 1; n2 <= PROP_MAX; n2++) {
				if (n2 == n)
					continue;
				assert_int_equal(assure_merkle_verify_inclusion(
				    h, t.lvl[0][i], i, n2, got.hash, got.len,
				    roots[n2]), ASSURE_ERR_TAMPER);
			}
		}
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

/* What verifying p for (old_size, new_size) of the right roots returns. */
static enum assure_err
empty_ok(const struct assure_merkle_proof *p, uint64_t old_size,
    uint64_t new_size)
{
	if (p->len == 0 && (old_size == 0 || old_size == new_size))
		return ASSURE_OK;
	return ASSURE_ERR_TAMPER;
}

static void
test_consistency_property(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_proof got, ref, w;
	struct memtable t;
	unsigned char roots[PROP_MAX + 1][HL];
	uint64_t m, n, x;
	size_t j;
	unsigned bit;

	mem_init(&t, PROP_MAX);
	mem_fill(&t, h, PROP_MAX);
	for (n = 0; n <= PROP_MAX; n++)
		ref_mth(h, t.lvl[0], n, roots[n]);

	for (n = 0; n <= PROP_MAX; n++) {
		for (m = 0; m <= n; m++) {
			t.limit = n;
			assert_int_equal(assure_merkle_consistency_proof(h, m,
			    n, mem_get_node, &t, &got), ASSURE_OK);
			ref.len = 0;
			if (m > 0)
				ref_subproof(h, t.lvl[0], m, n, true, &ref);
			assert_proof_equal(&got, &ref);
			assert_int_equal(assure_merkle_verify_consistency(h, m,
			    n, roots[m], roots[n], got.hash, got.len),
			    ASSURE_OK);

			for (j = 0; j < got.len; j++) {
				bit = (unsigned)((m * 31 + j * 7 + n) % 256);
				w = got;
				w.hash[j][bit / 8] ^= (unsigned char)(1 <<
				    (bit % 8));
				assert_int_equal(
				    assure_merkle_verify_consistency(h, m, n,
				    roots[m], roots[n], w.hash, w.len),
				    ASSURE_ERR_TAMPER);
			}
			/*
			 * The proof proves nothing about other sizes, except
			 * that an empty one stands for the pairs (0, x) and
			 * (x, x) that need no proof.
			 */
			for (x = 0; x <= PROP_MAX; x++) {
				if (x != m && x <= n)
					assert_int_equal(
					    assure_merkle_verify_consistency(h,
					    x, n, roots[x], roots[n], got.hash,
					    got.len), empty_ok(&got, x, n));
				if (x != n && x >= m)
					assert_int_equal(
					    assure_merkle_verify_consistency(h,
					    m, x, roots[m], roots[x], got.hash,
					    got.len), empty_ok(&got, m, x));
			}
			/* Roots of the right sizes but the wrong trees. */
			if (m > 0 && m < n) {
				assert_int_equal(
				    assure_merkle_verify_consistency(h, m, n,
				    roots[m - 1], roots[n], got.hash, got.len),
				    ASSURE_ERR_TAMPER);
				assert_int_equal(
				    assure_merkle_verify_consistency(h, m, n,
				    roots[m], roots[n - 1], got.hash, got.len),
				    ASSURE_ERR_TAMPER);
			}
		}
	}
	assert_int_equal(t.violations, 0);
	mem_free(&t);
}

/*
 * A tree whose every leaf hash is z[0] has node (level, index) == z[level]
 * for every index: a consistent node table of any size, in 63 hashes.
 */
struct uniform {
	unsigned char	z[ASSURE_MERKLE_MAX_LEVEL + 1][HL];
	uint64_t	limit;
	unsigned long	violations;
};

static enum assure_err
uniform_get_node(unsigned level, uint64_t index, unsigned char out[HL],
    void *arg)
{
	struct uniform *u = arg;

	if (level > ASSURE_MERKLE_MAX_LEVEL)
		return ASSURE_ERR_NOTFOUND;
	if (index >= (u->limit >> level))
		u->violations++;
	memcpy(out, u->z[level], HL);
	return ASSURE_OK;
}

static void
test_huge_trees(void **state)
{
	struct assure_merkle_hasher *h = *state;
	static const uint64_t sizes[] = {
		1, 2, 3, UINT64_C(1) << 31, (UINT64_C(1) << 40) + 12345,
		UINT64_C(1) << 62, (UINT64_C(1) << 62) + 1,
		ASSURE_MERKLE_MAX_SIZE - 2, ASSURE_MERKLE_MAX_SIZE - 1,
	};
	struct uniform u;
	struct assure_merkle_frontier f;
	struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
	struct assure_merkle_proof p;
	unsigned char roots[ASSURE_ARRAY_LEN(sizes)][HL], got[HL];
	uint64_t idx[5], n, m;
	size_t a, b, k, nn;
	unsigned lv;

	assert_int_equal(assure_merkle_hash_leaf(h, "x", 1, u.z[0]), ASSURE_OK);
	for (lv = 1; lv <= ASSURE_MERKLE_MAX_LEVEL; lv++)
		assert_int_equal(assure_merkle_hash_children(h, u.z[lv - 1],
		    u.z[lv - 1], u.z[lv]), ASSURE_OK);
	u.violations = 0;

	for (a = 0; a < ASSURE_ARRAY_LEN(sizes); a++) {
		n = sizes[a];
		u.limit = n;
		assert_int_equal(assure_merkle_root(h, n, uniform_get_node, &u,
		    roots[a]), ASSURE_OK);
		/* The frontier of size n, loaded, gives the same root. */
		assert_int_equal(assure_merkle_frontier_load(n,
		    uniform_get_node, &u, &f), ASSURE_OK);
		assert_int_equal(assure_merkle_frontier_root(h, &f, got),
		    ASSURE_OK);
		assert_memory_equal(got, roots[a], HL);

		idx[0] = 0;
		idx[1] = n / 2;
		idx[2] = n - 1;
		idx[3] = n / 3;
		idx[4] = (n - 1) & ~UINT64_C(0xff);
		for (k = 0; k < 5; k++) {
			assert_int_equal(assure_merkle_inclusion_proof(h,
			    idx[k], n, uniform_get_node, &u, &p), ASSURE_OK);
			assert_true(p.len <= ASSURE_MERKLE_MAX_PROOF);
			assert_int_equal(assure_merkle_verify_inclusion(h,
			    u.z[0], idx[k], n, p.hash, p.len, roots[a]),
			    ASSURE_OK);
		}
	}
	/* Consistency between every pair of those sizes. */
	for (a = 0; a < ASSURE_ARRAY_LEN(sizes); a++) {
		for (b = a; b < ASSURE_ARRAY_LEN(sizes); b++) {
			m = sizes[a];
			n = sizes[b];
			u.limit = n;
			assert_int_equal(assure_merkle_consistency_proof(h, m,
			    n, uniform_get_node, &u, &p), ASSURE_OK);
			assert_true(p.len <= ASSURE_MERKLE_MAX_PROOF);
			assert_int_equal(assure_merkle_verify_consistency(h, m,
			    n, roots[a], roots[b], p.hash, p.len), ASSURE_OK);
		}
	}
	/* The longest consistency proof there is. */
	u.limit = ASSURE_MERKLE_MAX_SIZE - 1;
	assert_int_equal(assure_merkle_consistency_proof(h,
	    ASSURE_MERKLE_MAX_SIZE - 2, ASSURE_MERKLE_MAX_SIZE - 1,
	    uniform_get_node, &u, &p), ASSURE_OK);
	assert_int_equal(p.len, 63);
	assert_int_equal(assure_merkle_consistency_proof(h, 3,
	    ASSURE_MERKLE_MAX_SIZE - 1, uniform_get_node, &u, &p), ASSURE_OK);
	assert_int_equal(assure_merkle_verify_consistency(h, 3,
	    ASSURE_MERKLE_MAX_SIZE - 1, roots[2],
	    roots[ASSURE_ARRAY_LEN(sizes) - 1], p.hash, p.len), ASSURE_OK);

	/* Appending to the fullest tree that may still grow, then no more. */
	u.limit = ASSURE_MERKLE_MAX_SIZE - 2;
	assert_int_equal(assure_merkle_frontier_load(ASSURE_MERKLE_MAX_SIZE - 2,
	    uniform_get_node, &u, &f), ASSURE_OK);
	assert_int_equal(assure_merkle_frontier_append(h, &f, u.z[0], &f,
	    nodes, &nn), ASSURE_OK);
	assert_int_equal(nn, 0);
	assert_int_equal(f.size, ASSURE_MERKLE_MAX_SIZE - 1);
	assert_int_equal(f.count, 63);
	assert_int_equal(assure_merkle_frontier_root(h, &f, got), ASSURE_OK);
	assert_memory_equal(got, roots[ASSURE_ARRAY_LEN(sizes) - 1], HL);
	assert_int_equal(assure_merkle_frontier_append(h, &f, u.z[0], &f,
	    nodes, &nn), ASSURE_ERR_LIMIT);
	assert_int_equal(f.size, ASSURE_MERKLE_MAX_SIZE - 1);

	/* 2^62 - 1 leaves plus one completes 62 perfect subtrees. */
	u.limit = (UINT64_C(1) << 62) - 1;
	assert_int_equal(assure_merkle_frontier_load(u.limit,
	    uniform_get_node, &u, &f), ASSURE_OK);
	assert_int_equal(assure_merkle_frontier_append(h, &f, u.z[0], &f,
	    nodes, &nn), ASSURE_OK);
	assert_int_equal(nn, 62);
	for (k = 0; k < nn; k++) {
		assert_int_equal(nodes[k].level, k + 1);
		assert_int_equal(nodes[k].index,
		    ((UINT64_C(1) << 62) - 1) >> (k + 1));
		assert_memory_equal(nodes[k].hash, u.z[k + 1], HL);
	}
	assert_int_equal(f.count, 1);
	assert_memory_equal(f.hash[0], u.z[62], HL);
	assert_int_equal(u.violations, 0);
}

/* ---------------------------------------------------------------------- */
/* Wrong arguments and store failures                                      */

static void
test_bad_arguments(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_proof p = { 0 }, big = { 0 };
	struct assure_merkle_frontier f;
	struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
	struct memtable t;
	unsigned char leaf[HL] = { 0 }, root[HL] = { 0 };
	unsigned char many[ASSURE_MERKLE_MAX_PROOF + 1][HL];
	size_t nn = 99;

	mem_init(&t, 8);
	mem_fill(&t, h, 8);
	memset(many, 0, sizeof(many));

	assert_int_equal(assure_merkle_inclusion_proof(h, 8, 8, mem_get_node,
	    &t, &p), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_inclusion_proof(h, 0, 0, mem_get_node,
	    &t, &p), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_inclusion_proof(h, 0,
	    ASSURE_MERKLE_MAX_SIZE, mem_get_node, &t, &p), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_consistency_proof(h, 5, 4, mem_get_node,
	    &t, &p), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_consistency_proof(h, 1,
	    ASSURE_MERKLE_MAX_SIZE, mem_get_node, &t, &p), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_root(h, ASSURE_MERKLE_MAX_SIZE,
	    mem_get_node, &t, root), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_root(h, UINT64_MAX, mem_get_node, &t,
	    root), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_frontier_load(ASSURE_MERKLE_MAX_SIZE,
	    mem_get_node, &t, &f), ASSURE_ERR_INVAL);

	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, 0,
	    ASSURE_MERKLE_MAX_SIZE, p.hash, 0, root), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, UINT64_MAX,
	    UINT64_MAX, p.hash, 0, root), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, 0, 8,
	    many, ASSURE_MERKLE_MAX_PROOF + 1, root), ASSURE_ERR_LIMIT);
	assert_int_equal(assure_merkle_verify_consistency(h, 1,
	    ASSURE_MERKLE_MAX_SIZE, root, root, p.hash, 0), ASSURE_ERR_INVAL);
	assert_int_equal(assure_merkle_verify_consistency(h, 3, 8, root, root,
	    many, ASSURE_MERKLE_MAX_PROOF + 1), ASSURE_ERR_LIMIT);
	/* A full-length proof of garbage is refused, not overrun. */
	assert_int_equal(assure_merkle_verify_inclusion(h, leaf, 0,
	    ASSURE_MERKLE_MAX_SIZE - 1, many, ASSURE_MERKLE_MAX_PROOF, root),
	    ASSURE_ERR_TAMPER);
	assert_int_equal(assure_merkle_verify_consistency(h, 3,
	    ASSURE_MERKLE_MAX_SIZE - 1, root, root, many,
	    ASSURE_MERKLE_MAX_PROOF), ASSURE_ERR_TAMPER);

	/* Malformed frontiers: count not popcount(size). */
	assure_merkle_frontier_init(&f);
	f.size = 3;
	f.count = 1;
	assert_int_equal(assure_merkle_frontier_append(h, &f, leaf, &f, nodes,
	    &nn), ASSURE_ERR_INVAL);
	assert_int_equal(nn, 99);
	assert_int_equal(assure_merkle_frontier_root(h, &f, root),
	    ASSURE_ERR_INVAL);
	f.size = ASSURE_MERKLE_MAX_SIZE;
	f.count = 1;
	assert_int_equal(assure_merkle_frontier_root(h, &f, root),
	    ASSURE_ERR_INVAL);

	/* Outputs untouched on failure. */
	big.len = 7;
	assert_int_equal(assure_merkle_inclusion_proof(h, 9, 8, mem_get_node,
	    &t, &big), ASSURE_ERR_INVAL);
	assert_int_equal(big.len, 7);
	mem_free(&t);
}

static void
test_store_failure_propagates(void **state)
{
	struct assure_merkle_hasher *h = *state;
	struct assure_merkle_proof p;
	struct assure_merkle_frontier f;
	struct memtable t;
	unsigned char root[HL], before[HL];

	mem_init(&t, 8);
	mem_fill(&t, h, 8);
	memset(root, 0x5a, HL);
	memcpy(before, root, HL);
	p.len = 3;

	t.fail = ASSURE_ERR_DB;
	assert_int_equal(assure_merkle_root(h, 7, mem_get_node, &t, root),
	    ASSURE_ERR_DB);
	assert_memory_equal(root, before, HL);
	assert_int_equal(assure_merkle_inclusion_proof(h, 2, 7, mem_get_node,
	    &t, &p), ASSURE_ERR_DB);
	assert_int_equal(p.len, 3);
	assert_int_equal(assure_merkle_consistency_proof(h, 3, 7, mem_get_node,
	    &t, &p), ASSURE_ERR_DB);
	assert_int_equal(p.len, 3);
	assert_int_equal(assure_merkle_frontier_load(7, mem_get_node, &t, &f),
	    ASSURE_ERR_DB);

	/* A table that lacks a node says so. */
	t.fail = ASSURE_OK;
	assert_int_equal(assure_merkle_root(h, 9, mem_get_node, &t, root),
	    ASSURE_ERR_NOTFOUND);
	assert_int_equal(assure_merkle_inclusion_proof(h, 0, 12, mem_get_node,
	    &t, &p), ASSURE_ERR_NOTFOUND);
	mem_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_tree),
		cmocka_unit_test(test_ct_leaf_hashes),
		cmocka_unit_test(test_ct_roots),
		cmocka_unit_test(test_ct_inclusion_proofs),
		cmocka_unit_test(test_verify_inclusion_edges),
		cmocka_unit_test(test_ct_consistency_proofs),
		cmocka_unit_test(test_verify_consistency_edges),
		cmocka_unit_test(test_proof_node_access),
		cmocka_unit_test(test_frontier_matches_reference),
		cmocka_unit_test(test_inclusion_property),
		cmocka_unit_test(test_consistency_property),
		cmocka_unit_test(test_huge_trees),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_store_failure_propagates),
	};

	return cmocka_run_group_tests(tests, setup_hasher, teardown_hasher);
}
