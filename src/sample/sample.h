/*
 * sample.h: the auditor-reproducible sample draw.
 *
 * An auditor testing a control picks items from its population (the
 * changes, the access reviews, the days).  Here the pick cannot be
 * steered by management: the seed is the root hash of a ledger checkpoint
 * signed after the period ended, and everything else is a fixed function
 * of the population and the control id.  Anyone can redo the draw with
 * `sort`, `sha256sum` and `openssl dgst` (docs/SAMPLING.md):
 *
 *	1. Sort the N subjects bytewise (memcmp order, a prefix first) into
 *	   p[0..N-1].  A duplicate is an error: a population is a set.
 *	2. For i = 0, 1, 2, ...: x = the first 8 bytes, big-endian, of
 *	   HMAC-SHA256(key = the 32-byte seed, message = control id ":" i),
 *	   i in decimal ASCII without leading zeros.  Reject x when
 *	   x >= floor(2^64 / N) * N (nothing is rejected when N is a power
 *	   of two); otherwise index = x mod N, skipped when already drawn.
 *	   Every i advances, whatever became of it.
 *	3. Stop when the sample size is reached.  A population no larger than
 *	   the size is taken whole, without a draw.
 *
 * The population hash is SHA-256 over the sorted subjects, each followed
 * by one 0x0A byte: `LC_ALL=C sort subjects.txt | sha256sum`.
 *
 * Subjects are non-empty valid UTF-8 without control characters (so no
 * newline), at most SAMPLE_SUBJECT_MAX bytes; a control id is 1 to
 * SAMPLE_CONTROL_ID_MAX letters, digits, '.', '_' and '-' (the ids
 * controls/ accepts).
 *
 * Errors: ASSURE_ERR_INVAL for bad arguments, subjects or ids and for a
 * duplicate subject (the diagnostic names it), ASSURE_ERR_LIMIT beyond
 * the limits below or when the draw exceeds its iteration cap (which a
 * correct HMAC cannot reach in practice), ASSURE_ERR_NOMEM.  The note
 * errors of note.h for checkpoints.
 *
 * Ownership: a struct sample owns its copy of the control id, the sorted
 * subjects and the items; sample_release() frees them all.
 */
#ifndef ASSURE_SAMPLE_SAMPLE_H
#define ASSURE_SAMPLE_SAMPLE_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "controls/controls.h"
#include "ledger/note.h"

/* Limits. */
#define SAMPLE_POPULATION_MAX	10000000u
#define SAMPLE_SUBJECT_MAX	4096u
#define SAMPLE_CONTROL_ID_MAX	64u
#define SAMPLE_ORIGIN_MAX	1024u
#define SAMPLE_SEED_LEN		32
/* The draw gives up after this many values of i. */
#define SAMPLE_ITER_CAP(size)	(64 * (uint64_t)(size) + 1000000)

/* One item of the sample. */
struct sample_item {
	uint64_t	 i;		/* the counter that drew it */
	uint64_t	 x;		/* its HMAC value */
	size_t		 index;		/* into the sorted population */
	const char	*subject;	/* points into the sample's copy */
};

struct sample {
	char		 control_id[SAMPLE_CONTROL_ID_MAX + 1];
	unsigned char	 seed[SAMPLE_SEED_LEN];
	char		**sorted;	/* the population, sorted, into pool */
	char		*pool;		/* the subjects' bytes, owned */
	size_t		 n;		/* population size */
	char		 pop_sha256[ASSURE_SHA256_HEXLEN + 1];
	bool		 whole;		/* taken whole: i and x mean nothing */
	uint64_t	 iterations;	/* values of i consumed */
	uint64_t	 rejected;	/* of which rejected (x too large) */
	uint64_t	 repeats;	/* of which an index already drawn */
	struct sample_item *items;	/* in draw order (index order if whole) */
	size_t		 nitems;
};

/* A checkpoint read for its seed. */
struct sample_checkpoint {
	char		 origin[SAMPLE_ORIGIN_MAX + 1];
	uint64_t	 size;
	unsigned char	 root[ASSURE_NOTE_ROOT_LEN];
	bool		 verified;	/* signed by the key given */
};

/*
 * The default sample size for a control of frequency f: annual 1,
 * quarterly 2, monthly 2, weekly 5, daily 25, continuous and per-event
 * 25.  0 for a value out of range.
 */
size_t sample_default_size(enum control_frequency f);

/*
 * Whether x is accepted for a population of n (> 0): x < floor(2^64 / n)
 * * n, which is every x when n is a power of two.  Exposed for the tests.
 */
bool sample_accept(uint64_t x, uint64_t n);

/*
 * x for counter i: the first 8 bytes, big-endian, of
 * HMAC-SHA256(seed, control_id ":" i).  control_id must be valid.
 */
enum assure_err sample_x(const unsigned char seed[SAMPLE_SEED_LEN],
    const char *control_id, uint64_t i, uint64_t *ret_x);

/*
 * Draw a sample of size (>= 1) from subjects[0..n) for control_id with
 * seed.  On success the caller releases *ret with sample_release(); on
 * failure there is nothing to release.
 */
enum assure_err sample_draw(const unsigned char seed[SAMPLE_SEED_LEN],
    const char *control_id, const char *const *subjects, size_t n,
    size_t size, struct sample *ret, struct assure_diag *reterr_diag);

/* Free what s owns and zero it; NULL is accepted. */
void sample_release(struct sample *s);

/*
 * Read the seed from the signed checkpoint note note[0..len): parse the
 * note and its checkpoint body and, when v is not NULL, verify it by v
 * (ASSURE_ERR_TAMPER when not signed by v, or when its origin is not v's
 * name, as for the ledger's own checkpoints).  With v NULL nothing is
 * verified and ret->verified is false.
 */
enum assure_err sample_seed_from_checkpoint(const char *note, size_t len,
    const struct assure_note_verifier *v, struct sample_checkpoint *ret,
    struct assure_diag *reterr_diag);

/*
 * Write s as one JSON object through w: control, checkpoint (origin,
 * size, root in hex and base64; null when cp is NULL), seed, population
 * size and sha256, method, sample size, draws, and the items
 * {draw, i, x, index, subject}: draw counts from 1 in draw order, x is 16
 * hex digits, i and x are null when the population was taken whole.
 */
void sample_json(struct jsonw *w, const struct sample *s,
    const struct sample_checkpoint *cp);

/* The same as text, for a person, appended to out. */
void sample_text(struct assure_buf *out, const struct sample *s,
    const struct sample_checkpoint *cp);

#endif
