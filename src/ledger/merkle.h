/*
 * merkle.h: the Merkle tree of the evidence ledger, hashed exactly as
 * RFC 6962, RFC 9162 section 2.1 and C2SP merkle-tree say, and kept so
 * that a store can answer any proof without recomputing the tree.
 *
 * Hashing.  For a list of entries D[0..n):
 *
 *	leaf hash	SHA-256(0x00 || entry)
 *	node hash	SHA-256(0x01 || left || right)
 *	MTH({})		SHA-256("")
 *	MTH(D[n])	H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest
 *			power of two smaller than n
 *
 * Perfect subtrees.  The node (level, index) is the root of the perfect
 * subtree over leaves [index * 2^level, (index + 1) * 2^level); level 0 is
 * the leaf hash itself.  A perfect subtree never changes once its last leaf
 * is appended, so a store keeps (a) every leaf hash by index and (b) the
 * hash of every perfect subtree of level >= 1 (the node table; about n of
 * them for n leaves).  Every root and every proof for every size is then a
 * fold of at most 2 * 64 stored hashes, fetched through the get_node
 * callback below.
 *
 * Frontier.  The tree of size n is the concatenation of one perfect subtree
 * per set bit of n, largest first: its "right frontier".  Appending a leaf
 * merges the frontier's trailing subtrees of equal size, and each merge
 * completes one perfect subtree that the store must persist.
 * assure_merkle_frontier_append() does that with no store access at all.
 *
 * Errors.  A proof that does not prove (wrong hash, wrong length, wrong
 * root) is ASSURE_ERR_TAMPER; a size or index that cannot be right whatever
 * the proof (index >= size, old size > new size, size >= 2^63) is
 * ASSURE_ERR_INVAL; a proof longer than ASSURE_MERKLE_MAX_PROOF is
 * ASSURE_ERR_LIMIT; a hashing failure is ASSURE_ERR_NOMEM; a get_node
 * failure is returned unchanged.  Outputs are written only on success.
 *
 * Every function that hashes takes a hasher (one reused OpenSSL EVP
 * context, several times faster than a fresh one per hash).  NULL is
 * accepted and means "make a temporary one", which costs an allocation.
 * A hasher is not thread-safe: use one per thread.
 */
#ifndef ASSURE_LEDGER_MERKLE_H
#define ASSURE_LEDGER_MERKLE_H

#include "common/compat.h"
#include "common/err.h"

#define ASSURE_MERKLE_HASH_LEN		32
/* Tree sizes and leaf indexes are below 2^63. */
#define ASSURE_MERKLE_MAX_SIZE		(UINT64_C(1) << 63)
/* Levels of perfect subtrees: 0 (leaves) .. 62 for sizes below 2^63. */
#define ASSURE_MERKLE_MAX_LEVEL		62
/* Frontier entries: one per set bit of a size below 2^63. */
#define ASSURE_MERKLE_MAX_FRONTIER	63
/* Hashes in an inclusion or consistency proof. */
#define ASSURE_MERKLE_MAX_PROOF		64

struct assure_merkle_hasher;

/*
 * The frontier of a tree: hash[0..count) are the roots of its perfect
 * subtrees, largest (leftmost) first, count == popcount(size).  The
 * entries past count are zero in every frontier these functions make, so
 * two frontiers are equal when their sizes and hash arrays are (memcmp).
 * A plain value: copy it, store it.
 */
struct assure_merkle_frontier {
	uint64_t	size;
	unsigned	count;
	unsigned char	hash[ASSURE_MERKLE_MAX_FRONTIER]
			    [ASSURE_MERKLE_HASH_LEN];
};

/* A perfect subtree that an append completed; the store persists it. */
struct assure_merkle_node {
	unsigned	level;		/* 1 .. ASSURE_MERKLE_MAX_LEVEL */
	uint64_t	index;		/* leaves [index << level, */
					/*   (index + 1) << level) */
	unsigned char	hash[ASSURE_MERKLE_HASH_LEN];
};

/* An inclusion or consistency proof: hash[0..len), in RFC 9162 order. */
struct assure_merkle_proof {
	size_t		len;
	unsigned char	hash[ASSURE_MERKLE_MAX_PROOF][ASSURE_MERKLE_HASH_LEN];
};

/*
 * The store's answer to "the hash of perfect subtree (level, index)": level
 * 0 is the leaf hash of leaf index.  The core only asks for subtrees that
 * lie entirely below the tree size it was given.  Return ASSURE_OK after
 * writing out, or an error (ASSURE_ERR_NOTFOUND, ASSURE_ERR_DB, ...) that
 * the caller gets back unchanged.
 */
typedef enum assure_err (*assure_merkle_get_node_fn)(unsigned level,
    uint64_t index, unsigned char out[ASSURE_MERKLE_HASH_LEN], void *arg);

/* ---------------------------------------------------------------------- */
/* Hashing                                                                 */

/*
 * Make a hasher: one SHA-256 EVP context reused for every hash.  Returns
 * ASSURE_ERR_NOMEM when OpenSSL cannot allocate or fetch SHA-256.  Free it
 * with assure_merkle_hasher_free(), which accepts NULL.
 */
enum assure_err assure_merkle_hasher_new(struct assure_merkle_hasher **ret_h);
void assure_merkle_hasher_free(struct assure_merkle_hasher *h);

/* out = SHA-256(0x00 || entry[0..len)).  h may be NULL. */
enum assure_err assure_merkle_hash_leaf(struct assure_merkle_hasher *h,
    const void *entry, size_t len, unsigned char out[ASSURE_MERKLE_HASH_LEN]);

/* out = SHA-256(0x01 || left || right), may alias either.  h may be NULL. */
enum assure_err assure_merkle_hash_children(struct assure_merkle_hasher *h,
    const unsigned char left[ASSURE_MERKLE_HASH_LEN],
    const unsigned char right[ASSURE_MERKLE_HASH_LEN],
    unsigned char out[ASSURE_MERKLE_HASH_LEN]);

/* The root of the empty tree, SHA-256(""); a constant, cannot fail. */
void assure_merkle_empty_root(unsigned char out[ASSURE_MERKLE_HASH_LEN]);

/* ---------------------------------------------------------------------- */
/* The frontier: appending without a store                                 */

/* f becomes the frontier of the empty tree. */
void assure_merkle_frontier_init(struct assure_merkle_frontier *f);

/*
 * Append the leaf whose leaf hash is leaf_hash (leaf index cur->size) to the
 * tree whose frontier is cur.  On success *ret_next is the frontier of size
 * cur->size + 1 (ret_next may be cur itself) and ret_nodes[0..*ret_nnodes)
 * are the perfect subtrees of level >= 1 that this leaf completed, lowest
 * first: as many as cur->size has trailing one bits, at most
 * ASSURE_MERKLE_MAX_LEVEL.  The leaf's own hash (level 0) is not repeated
 * there.  ASSURE_ERR_LIMIT when the tree is full (size 2^63 - 1),
 * ASSURE_ERR_INVAL when cur is not a well-formed frontier.  On failure
 * nothing is written to *ret_next or *ret_nnodes (ret_nodes may have been).
 */
enum assure_err assure_merkle_frontier_append(struct assure_merkle_hasher *h,
    const struct assure_merkle_frontier *cur,
    const unsigned char leaf_hash[ASSURE_MERKLE_HASH_LEN],
    struct assure_merkle_frontier *ret_next,
    struct assure_merkle_node ret_nodes[ASSURE_MERKLE_MAX_LEVEL],
    size_t *ret_nnodes);

/*
 * The root of the tree whose frontier is f: the frontier folded right to
 * left, or SHA-256("") when f is empty.  ASSURE_ERR_INVAL for a malformed f.
 */
enum assure_err assure_merkle_frontier_root(struct assure_merkle_hasher *h,
    const struct assure_merkle_frontier *f,
    unsigned char ret_root[ASSURE_MERKLE_HASH_LEN]);

/*
 * Rebuild the frontier of size from the store: one get_node call per set
 * bit of size, no hashing.  ASSURE_ERR_INVAL when size >= 2^63.
 */
enum assure_err assure_merkle_frontier_load(uint64_t size,
    assure_merkle_get_node_fn get_node, void *arg,
    struct assure_merkle_frontier *ret_f);

/* ---------------------------------------------------------------------- */
/* Roots and proofs from a store                                           */

/*
 * The root of the tree of the first size leaves, from at most 63 stored
 * perfect subtrees.  SHA-256("") for size 0.  ASSURE_ERR_INVAL when
 * size >= 2^63.
 */
enum assure_err assure_merkle_root(struct assure_merkle_hasher *h,
    uint64_t size, assure_merkle_get_node_fn get_node, void *arg,
    unsigned char ret_root[ASSURE_MERKLE_HASH_LEN]);

/*
 * The RFC 9162 inclusion proof (audit path) of leaf index in the tree of
 * size leaves.  ASSURE_ERR_INVAL unless index < size < 2^63.
 */
enum assure_err assure_merkle_inclusion_proof(struct assure_merkle_hasher *h,
    uint64_t index, uint64_t size, assure_merkle_get_node_fn get_node,
    void *arg, struct assure_merkle_proof *ret_proof);

/*
 * The RFC 9162 consistency proof between the trees of old_size and new_size
 * leaves.  It is empty when old_size is 0 or equals new_size.
 * ASSURE_ERR_INVAL unless old_size <= new_size < 2^63.
 */
enum assure_err assure_merkle_consistency_proof(struct assure_merkle_hasher *h,
    uint64_t old_size, uint64_t new_size, assure_merkle_get_node_fn get_node,
    void *arg, struct assure_merkle_proof *ret_proof);

/* ---------------------------------------------------------------------- */
/* Verification: no store needed                                           */

/*
 * RFC 9162 section 2.1.3.2: does proof[0..proof_len) prove that the leaf
 * whose leaf hash is leaf_hash is leaf index of the tree of size leaves
 * whose root is root?  ASSURE_OK if so, ASSURE_ERR_TAMPER if not (including
 * a proof of the wrong length), ASSURE_ERR_INVAL unless index < size < 2^63,
 * ASSURE_ERR_LIMIT when proof_len > ASSURE_MERKLE_MAX_PROOF.
 */
enum assure_err assure_merkle_verify_inclusion(struct assure_merkle_hasher *h,
    const unsigned char leaf_hash[ASSURE_MERKLE_HASH_LEN], uint64_t index,
    uint64_t size, const unsigned char (*proof)[ASSURE_MERKLE_HASH_LEN],
    size_t proof_len, const unsigned char root[ASSURE_MERKLE_HASH_LEN]);

/*
 * RFC 9162 section 2.1.4.2: does proof[0..proof_len) prove that the tree of
 * old_size leaves with root old_root is a prefix of the tree of new_size
 * leaves with root new_root?  Beyond the RFC's 0 < old_size < new_size:
 * old_size == new_size needs an empty proof and equal roots; old_size == 0
 * needs an empty proof and old_root == SHA-256("").  ASSURE_OK if proven,
 * ASSURE_ERR_TAMPER if not, ASSURE_ERR_INVAL unless
 * old_size <= new_size < 2^63, ASSURE_ERR_LIMIT when proof_len is over
 * ASSURE_MERKLE_MAX_PROOF.
 */
enum assure_err assure_merkle_verify_consistency(
    struct assure_merkle_hasher *h, uint64_t old_size, uint64_t new_size,
    const unsigned char old_root[ASSURE_MERKLE_HASH_LEN],
    const unsigned char new_root[ASSURE_MERKLE_HASH_LEN],
    const unsigned char (*proof)[ASSURE_MERKLE_HASH_LEN], size_t proof_len);

#endif
