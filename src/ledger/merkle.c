/*
 * merkle.c: RFC 6962 / RFC 9162 Merkle tree hashing, the incremental
 * frontier, proof generation over a store of perfect subtrees, and proof
 * verification (see merkle.h for the model and the error contract).
 *
 * Every tree range this file hashes is either a perfect subtree, fetched
 * with one get_node call, or a range [start, size) that ends at the tree's
 * right edge and starts on a boundary aligned to the next power of two of
 * its length.  The latter is the right fold of the perfect subtrees named
 * by the set bits of its length, which is exactly how MTH() splits it, so
 * no hash is ever computed from more than 63 stored ones.
 *
 * Hashing goes through one EVP_MD_CTX per hasher and a SHA-256 EVP_MD
 * fetched once: re-initialising a context with a fetched digest skips the
 * provider lookup that EVP_sha256() costs on every EVP_DigestInit_ex()
 * under OpenSSL 3, which doubles the hash rate on small inputs.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include "ledger/merkle.h"

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "merkle.c needs OpenSSL 3.0 or later (EVP_MD_fetch, EVP_DigestInit_ex2)"
#endif

#define LEAF_PREFIX	0x00
#define NODE_PREFIX	0x01
#define HLEN		ASSURE_MERKLE_HASH_LEN

struct assure_merkle_hasher {
	EVP_MD_CTX	*ctx;
	EVP_MD		*md;
};

static const unsigned char empty_root[HLEN] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

/* ---------------------------------------------------------------------- */
/* Bit helpers                                                             */

static unsigned
popcount64(uint64_t x)
{
	return (unsigned)__builtin_popcountll(x);
}

static bool
is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* The largest power of two strictly smaller than n; n >= 2. */
static uint64_t
split_point(uint64_t n)
{
	return UINT64_C(1) << (63 - __builtin_clzll(n - 1));
}

static bool
frontier_ok(const struct assure_merkle_frontier *f)
{
	return f->size < ASSURE_MERKLE_MAX_SIZE &&
	    f->count == popcount64(f->size);
}

/* ---------------------------------------------------------------------- */
/* Hashing                                                                 */

enum assure_err
assure_merkle_hasher_new(struct assure_merkle_hasher **ret_h)
{
	struct assure_merkle_hasher *h;
	enum assure_err rc = ASSURE_ERR_NOMEM;

	h = calloc(1, sizeof(*h));
	if (h == NULL)
		goto out;
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL)
		goto out_free_hasher;
	h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (h->md == NULL)
		goto out_free_hasher;
	*ret_h = h;
	rc = ASSURE_OK;
	goto out;

out_free_hasher:
	assure_merkle_hasher_free(h);
out:
	return rc;
}

void
assure_merkle_hasher_free(struct assure_merkle_hasher *h)
{
	if (h == NULL)
		return;
	EVP_MD_free(h->md);
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

/* out = SHA-256(prefix || a[0..alen) || b[0..blen)). */
static enum assure_err
digest3(struct assure_merkle_hasher *h, unsigned char prefix, const void *a,
    size_t alen, const void *b, size_t blen, unsigned char out[HLEN])
{
	unsigned int len = 0;

	if (EVP_DigestInit_ex2(h->ctx, h->md, NULL) != 1 ||
	    EVP_DigestUpdate(h->ctx, &prefix, 1) != 1)
		return ASSURE_ERR_NOMEM;
	if (alen > 0 && EVP_DigestUpdate(h->ctx, a, alen) != 1)
		return ASSURE_ERR_NOMEM;
	if (blen > 0 && EVP_DigestUpdate(h->ctx, b, blen) != 1)
		return ASSURE_ERR_NOMEM;
	if (EVP_DigestFinal_ex(h->ctx, out, &len) != 1 || len != HLEN)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

/* out = H(0x01 || l || r); out may alias l or r. */
static enum assure_err
node_hash(struct assure_merkle_hasher *h, const unsigned char *l,
    const unsigned char *r, unsigned char *out)
{
	unsigned char buf[2 * HLEN];

	memcpy(buf, l, HLEN);
	memcpy(buf + HLEN, r, HLEN);
	return digest3(h, NODE_PREFIX, buf, sizeof(buf), NULL, 0, out);
}

/* Use h, or make a temporary hasher into *ret_tmp (freed by the caller). */
static enum assure_err
hasher_use(struct assure_merkle_hasher **hp,
    struct assure_merkle_hasher **ret_tmp)
{
	enum assure_err rc;

	*ret_tmp = NULL;
	if (*hp != NULL)
		return ASSURE_OK;
	rc = assure_merkle_hasher_new(ret_tmp);
	if (rc == ASSURE_OK)
		*hp = *ret_tmp;
	return rc;
}

enum assure_err
assure_merkle_hash_leaf(struct assure_merkle_hasher *h, const void *entry,
    size_t len, unsigned char out[ASSURE_MERKLE_HASH_LEN])
{
	struct assure_merkle_hasher *tmp;
	unsigned char res[HLEN];
	enum assure_err rc;

	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;
	rc = digest3(h, LEAF_PREFIX, entry, len, NULL, 0, res);
	if (rc != ASSURE_OK)
		goto out_free_hasher;
	memcpy(out, res, HLEN);

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

enum assure_err
assure_merkle_hash_children(struct assure_merkle_hasher *h,
    const unsigned char left[ASSURE_MERKLE_HASH_LEN],
    const unsigned char right[ASSURE_MERKLE_HASH_LEN],
    unsigned char out[ASSURE_MERKLE_HASH_LEN])
{
	struct assure_merkle_hasher *tmp;
	unsigned char res[HLEN];
	enum assure_err rc;

	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;
	rc = node_hash(h, left, right, res);
	if (rc != ASSURE_OK)
		goto out_free_hasher;
	memcpy(out, res, HLEN);

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

void
assure_merkle_empty_root(unsigned char out[ASSURE_MERKLE_HASH_LEN])
{
	memcpy(out, empty_root, HLEN);
}

/* ---------------------------------------------------------------------- */
/* The frontier                                                            */

void
assure_merkle_frontier_init(struct assure_merkle_frontier *f)
{
	memset(f, 0, sizeof(*f));
}

enum assure_err
assure_merkle_frontier_append(struct assure_merkle_hasher *h,
    const struct assure_merkle_frontier *cur,
    const unsigned char leaf_hash[ASSURE_MERKLE_HASH_LEN],
    struct assure_merkle_frontier *ret_next,
    struct assure_merkle_node ret_nodes[ASSURE_MERKLE_MAX_LEVEL],
    size_t *ret_nnodes)
{
	struct assure_merkle_hasher *tmp = NULL;
	unsigned char carry[HLEN];
	uint64_t s;
	unsigned cnt, level;
	size_t nn;
	enum assure_err rc;

	if (!frontier_ok(cur)) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	if (cur->size >= ASSURE_MERKLE_MAX_SIZE - 1) {
		rc = ASSURE_ERR_LIMIT;
		goto out;
	}
	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;

	/*
	 * Each trailing one bit of the old size is a frontier subtree of the
	 * same size as the carry: merge them, completing one perfect subtree
	 * per merge.
	 */
	memcpy(carry, leaf_hash, HLEN);
	cnt = cur->count;
	level = 0;
	nn = 0;
	for (s = cur->size; (s & 1) != 0; s >>= 1) {
		cnt--;
		rc = node_hash(h, cur->hash[cnt], carry, carry);
		if (rc != ASSURE_OK)
			goto out_free_hasher;
		level++;
		ret_nodes[nn].level = level;
		ret_nodes[nn].index = cur->size >> level;
		memcpy(ret_nodes[nn].hash, carry, HLEN);
		nn++;
	}

	if (ret_next != cur) {
		memcpy(ret_next->hash, cur->hash, (size_t)cnt * HLEN);
		if (cnt + 1 < ASSURE_MERKLE_MAX_FRONTIER)
			memset(ret_next->hash[cnt + 1], 0,
			    (ASSURE_MERKLE_MAX_FRONTIER - cnt - 1) * HLEN);
	} else if (cur->count > cnt + 1) {
		memset(ret_next->hash[cnt + 1], 0,
		    (cur->count - cnt - 1) * HLEN);
	}
	memcpy(ret_next->hash[cnt], carry, HLEN);
	ret_next->count = cnt + 1;
	ret_next->size = cur->size + 1;
	*ret_nnodes = nn;

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

enum assure_err
assure_merkle_frontier_root(struct assure_merkle_hasher *h,
    const struct assure_merkle_frontier *f,
    unsigned char ret_root[ASSURE_MERKLE_HASH_LEN])
{
	struct assure_merkle_hasher *tmp = NULL;
	unsigned char acc[HLEN];
	unsigned i;
	enum assure_err rc = ASSURE_OK;

	if (!frontier_ok(f)) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	if (f->count == 0) {
		memcpy(ret_root, empty_root, HLEN);
		goto out;
	}
	memcpy(acc, f->hash[f->count - 1], HLEN);
	if (f->count > 1) {
		rc = hasher_use(&h, &tmp);
		if (rc != ASSURE_OK)
			goto out;
		for (i = f->count - 1; i-- > 0;) {
			rc = node_hash(h, f->hash[i], acc, acc);
			if (rc != ASSURE_OK)
				goto out_free_hasher;
		}
	}
	memcpy(ret_root, acc, HLEN);

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

enum assure_err
assure_merkle_frontier_load(uint64_t size, assure_merkle_get_node_fn get_node,
    void *arg, struct assure_merkle_frontier *ret_f)
{
	struct assure_merkle_frontier f;
	uint64_t pos;
	int bit;
	enum assure_err rc = ASSURE_OK;

	if (size >= ASSURE_MERKLE_MAX_SIZE) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	assure_merkle_frontier_init(&f);
	pos = 0;
	for (bit = ASSURE_MERKLE_MAX_LEVEL; bit >= 0; bit--) {
		if ((size & (UINT64_C(1) << bit)) == 0)
			continue;
		rc = get_node((unsigned)bit, pos >> bit, f.hash[f.count], arg);
		if (rc != ASSURE_OK)
			goto out;
		f.count++;
		pos += UINT64_C(1) << bit;
	}
	f.size = size;
	memcpy(ret_f, &f, sizeof(f));
out:
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Roots and proofs from a store                                           */

/*
 * MTH(D[start : start + len)), len >= 1, from perfect subtrees: a single
 * get_node when the range is a perfect subtree, otherwise the right fold
 * of one perfect subtree per set bit of len, smallest (rightmost) first.
 * Every piece must be aligned, which holds for the ranges this file asks
 * for; a misaligned one is a bug reported as ASSURE_ERR_INVAL.
 */
static enum assure_err
range_hash(struct assure_merkle_hasher *h, uint64_t start, uint64_t len,
    assure_merkle_get_node_fn get_node, void *arg, unsigned char out[HLEN])
{
	unsigned char acc[HLEN], piece[HLEN];
	uint64_t end, pos, width;
	unsigned bit;
	bool first = true;
	enum assure_err rc = ASSURE_OK;

	end = start + len;
	for (bit = 0; bit <= ASSURE_MERKLE_MAX_LEVEL; bit++) {
		width = UINT64_C(1) << bit;
		if ((len & width) == 0)
			continue;
		pos = end - width;
		if ((pos & (width - 1)) != 0) {
			rc = ASSURE_ERR_INVAL;
			goto out;
		}
		rc = get_node(bit, pos >> bit, first ? acc : piece, arg);
		if (rc != ASSURE_OK)
			goto out;
		if (!first) {
			rc = node_hash(h, piece, acc, acc);
			if (rc != ASSURE_OK)
				goto out;
		}
		first = false;
		end = pos;
	}
	memcpy(out, acc, HLEN);
out:
	return rc;
}

/* Reverse p->hash[from .. p->len) in place. */
static void
proof_reverse(struct assure_merkle_proof *p, size_t from)
{
	unsigned char t[HLEN];
	size_t i, j;

	if (p->len < 2)
		return;
	for (i = from, j = p->len - 1; i < j; i++, j--) {
		memcpy(t, p->hash[i], HLEN);
		memcpy(p->hash[i], p->hash[j], HLEN);
		memcpy(p->hash[j], t, HLEN);
	}
}

enum assure_err
assure_merkle_root(struct assure_merkle_hasher *h, uint64_t size,
    assure_merkle_get_node_fn get_node, void *arg,
    unsigned char ret_root[ASSURE_MERKLE_HASH_LEN])
{
	struct assure_merkle_hasher *tmp = NULL;
	unsigned char root[HLEN];
	enum assure_err rc = ASSURE_OK;

	if (size >= ASSURE_MERKLE_MAX_SIZE) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	if (size == 0) {
		memcpy(ret_root, empty_root, HLEN);
		goto out;
	}
	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;
	rc = range_hash(h, 0, size, get_node, arg, root);
	if (rc != ASSURE_OK)
		goto out_free_hasher;
	memcpy(ret_root, root, HLEN);

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

enum assure_err
assure_merkle_inclusion_proof(struct assure_merkle_hasher *h, uint64_t index,
    uint64_t size, assure_merkle_get_node_fn get_node, void *arg,
    struct assure_merkle_proof *ret_proof)
{
	struct assure_merkle_hasher *tmp = NULL;
	struct assure_merkle_proof p;
	uint64_t start, len, k;
	enum assure_err rc;

	if (size >= ASSURE_MERKLE_MAX_SIZE || index >= size) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;

	/*
	 * Walk down from the root: PATH(m, D[n]) is the path in the half
	 * holding m followed by the other half's hash, so the siblings come
	 * out top first and are reversed at the end.
	 */
	p.len = 0;
	start = 0;
	len = size;
	while (len > 1) {
		k = split_point(len);
		if (index < start + k) {
			rc = range_hash(h, start + k, len - k, get_node, arg,
			    p.hash[p.len]);
			len = k;
		} else {
			rc = range_hash(h, start, k, get_node, arg,
			    p.hash[p.len]);
			start += k;
			len -= k;
		}
		if (rc != ASSURE_OK)
			goto out_free_hasher;
		p.len++;
	}
	proof_reverse(&p, 0);
	ret_proof->len = p.len;
	memcpy(ret_proof->hash, p.hash, p.len * HLEN);

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

enum assure_err
assure_merkle_consistency_proof(struct assure_merkle_hasher *h,
    uint64_t old_size, uint64_t new_size, assure_merkle_get_node_fn get_node,
    void *arg, struct assure_merkle_proof *ret_proof)
{
	struct assure_merkle_hasher *tmp = NULL;
	struct assure_merkle_proof p;
	uint64_t start, len, m, k;
	size_t first;
	bool whole = true;
	enum assure_err rc = ASSURE_OK;

	if (new_size >= ASSURE_MERKLE_MAX_SIZE || old_size > new_size) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	if (old_size == 0 || old_size == new_size) {
		ret_proof->len = 0;
		goto out;
	}
	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;

	/*
	 * RFC 6962 SUBPROOF(m, D[start : start + len), whole), iteratively.
	 * Slot 0 is kept for MTH(D[start : start + m]) which leads the proof
	 * when the old tree is not a whole subtree met on the way down;
	 * siblings follow, collected top first and reversed at the end.
	 */
	p.len = 1;
	m = old_size;
	start = 0;
	len = new_size;
	while (m != len) {
		k = split_point(len);
		if (m <= k) {
			rc = range_hash(h, start + k, len - k, get_node, arg,
			    p.hash[p.len]);
			len = k;
		} else {
			rc = range_hash(h, start, k, get_node, arg,
			    p.hash[p.len]);
			start += k;
			len -= k;
			m -= k;
			whole = false;
		}
		if (rc != ASSURE_OK)
			goto out_free_hasher;
		p.len++;
	}
	proof_reverse(&p, 1);
	first = 1;
	if (!whole) {
		rc = range_hash(h, start, m, get_node, arg, p.hash[0]);
		if (rc != ASSURE_OK)
			goto out_free_hasher;
		first = 0;
	}
	ret_proof->len = p.len - first;
	memcpy(ret_proof->hash, p.hash[first], ret_proof->len * HLEN);

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Verification                                                            */

/* Shift fn and sn right together until fn's low bit is set or fn is 0. */
static void
shift_to_odd(uint64_t *fn, uint64_t *sn)
{
	while ((*fn & 1) == 0 && *fn != 0) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

enum assure_err
assure_merkle_verify_inclusion(struct assure_merkle_hasher *h,
    const unsigned char leaf_hash[ASSURE_MERKLE_HASH_LEN], uint64_t index,
    uint64_t size, const unsigned char (*proof)[ASSURE_MERKLE_HASH_LEN],
    size_t proof_len, const unsigned char root[ASSURE_MERKLE_HASH_LEN])
{
	struct assure_merkle_hasher *tmp = NULL;
	unsigned char r[HLEN];
	uint64_t fn, sn;
	size_t i;
	enum assure_err rc;

	if (size >= ASSURE_MERKLE_MAX_SIZE || index >= size) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	if (proof_len > ASSURE_MERKLE_MAX_PROOF) {
		rc = ASSURE_ERR_LIMIT;
		goto out;
	}
	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;

	fn = index;
	sn = size - 1;
	memcpy(r, leaf_hash, HLEN);
	for (i = 0; i < proof_len; i++) {
		if (sn == 0) {
			rc = ASSURE_ERR_TAMPER;
			goto out_free_hasher;
		}
		if ((fn & 1) != 0 || fn == sn) {
			rc = node_hash(h, proof[i], r, r);
			shift_to_odd(&fn, &sn);
		} else
			rc = node_hash(h, r, proof[i], r);
		if (rc != ASSURE_OK)
			goto out_free_hasher;
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || memcmp(r, root, HLEN) != 0)
		rc = ASSURE_ERR_TAMPER;

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}

enum assure_err
assure_merkle_verify_consistency(struct assure_merkle_hasher *h,
    uint64_t old_size, uint64_t new_size,
    const unsigned char old_root[ASSURE_MERKLE_HASH_LEN],
    const unsigned char new_root[ASSURE_MERKLE_HASH_LEN],
    const unsigned char (*proof)[ASSURE_MERKLE_HASH_LEN], size_t proof_len)
{
	struct assure_merkle_hasher *tmp = NULL;
	unsigned char fr[HLEN], sr[HLEN];
	uint64_t fn, sn;
	size_t i;
	enum assure_err rc = ASSURE_OK;

	if (new_size >= ASSURE_MERKLE_MAX_SIZE || old_size > new_size) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	if (proof_len > ASSURE_MERKLE_MAX_PROOF) {
		rc = ASSURE_ERR_LIMIT;
		goto out;
	}
	if (old_size == new_size) {
		if (proof_len != 0 || memcmp(old_root, new_root, HLEN) != 0)
			rc = ASSURE_ERR_TAMPER;
		goto out;
	}
	if (old_size == 0) {
		if (proof_len != 0 || memcmp(old_root, empty_root, HLEN) != 0)
			rc = ASSURE_ERR_TAMPER;
		goto out;
	}
	if (proof_len == 0) {
		rc = ASSURE_ERR_TAMPER;
		goto out;
	}
	rc = hasher_use(&h, &tmp);
	if (rc != ASSURE_OK)
		goto out;

	/*
	 * A whole old tree (a power of two) is its own first node: the RFC
	 * prepends old_root to the path.
	 */
	i = 0;
	if (is_pow2(old_size))
		memcpy(fr, old_root, HLEN);
	else
		memcpy(fr, proof[i++], HLEN);
	memcpy(sr, fr, HLEN);
	fn = old_size - 1;
	sn = new_size - 1;
	while ((fn & 1) != 0) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < proof_len; i++) {
		if (sn == 0) {
			rc = ASSURE_ERR_TAMPER;
			goto out_free_hasher;
		}
		if ((fn & 1) != 0 || fn == sn) {
			rc = node_hash(h, proof[i], fr, fr);
			if (rc == ASSURE_OK)
				rc = node_hash(h, proof[i], sr, sr);
			shift_to_odd(&fn, &sn);
		} else
			rc = node_hash(h, sr, proof[i], sr);
		if (rc != ASSURE_OK)
			goto out_free_hasher;
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || memcmp(fr, old_root, HLEN) != 0 ||
	    memcmp(sr, new_root, HLEN) != 0)
		rc = ASSURE_ERR_TAMPER;

out_free_hasher:
	assure_merkle_hasher_free(tmp);
out:
	return rc;
}
