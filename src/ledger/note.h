/*
 * note.h: C2SP signed notes (c2sp.org/signed-note) with Ed25519, and the
 * transparency-log checkpoints (c2sp.org/tlog-checkpoint) the ledger signs
 * with them.  The formats are those of golang.org/x/mod/sumdb/note, so any
 * standard signed-note verifier accepts what this module writes.
 *
 * A signed note is a body (UTF-8 text without control characters other
 * than newline, ending in a newline), a blank line, and one or more
 * signature lines:
 *
 *	— <key name> <base64(4-byte key id || signature)>
 *
 * the dash being U+2014 EM DASH followed by a space.  An Ed25519 key is
 * named and identified by
 *
 *	key id = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[0:4]
 *
 * read big-endian, and written as text in two forms:
 *
 *	verifier key	<name>+<hex key id>+<base64(0x01 || public key)>
 *	signer key	PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>
 *
 * the key id as 8 lowercase hex digits.
 *
 * A checkpoint body is the origin line, the tree size in decimal, the
 * base64 tree root, each ending in a newline, then optional non-empty
 * extension lines.
 *
 * Parsing is strict and bounded: a note is at most ASSURE_NOTE_MAX_SIZE
 * bytes with at most ASSURE_NOTE_MAX_SIGS signature lines; base64 must be
 * canonical (standard alphabet, padded, no white space, zero trailing
 * bits); key ids are lowercase hex; key names are 1 to
 * ASSURE_NOTE_NAME_MAX bytes of UTF-8 without Unicode spaces, '+' or
 * control characters.  Signature lines by keys the caller did not ask
 * about are kept, unverified: other keys (witnesses, a rotated key) may
 * co-sign the same checkpoint.
 *
 * Errors: ASSURE_ERR_PARSE for malformed notes, keys and checkpoints,
 * ASSURE_ERR_LIMIT for sizes beyond the limits, ASSURE_ERR_NOTFOUND for a
 * note that carries no signature by the key asked about, ASSURE_ERR_TAMPER
 * for a signature by that key that does not verify, ASSURE_ERR_NOMEM, and
 * ASSURE_ERR_INVAL for bad arguments.  Functions with a reterr_diag fill it
 * (when not NULL) with the line, the field and a message; they leave its
 * source alone for the caller to set.
 *
 * Secrets: the signer is opaque and lives in libsodium guarded memory
 * (sodium_malloc: guard pages, mlock, read-only once made, wiped when
 * freed).  Every temporary copy of a seed is wiped with sodium_memzero.
 */
#ifndef ASSURE_LEDGER_NOTE_H
#define ASSURE_LEDGER_NOTE_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

/* Limits. */
#define ASSURE_NOTE_MAX_SIZE		(1024u * 1024u)
#define ASSURE_NOTE_MAX_SIGS		100
#define ASSURE_NOTE_NAME_MAX		256

/* The Ed25519 signature type and its sizes. */
#define ASSURE_NOTE_ALG_ED25519		0x01
#define ASSURE_NOTE_ED25519_PUB_LEN	32
#define ASSURE_NOTE_ED25519_SEED_LEN	32
#define ASSURE_NOTE_ED25519_SIG_LEN	64
#define ASSURE_NOTE_KEY_ID_LEN		4
#define ASSURE_NOTE_ROOT_LEN		32

/* Text forms, counting the NUL: name, '+', 8 hex, '+', base64 of 33 bytes. */
#define ASSURE_NOTE_VKEY_MAX		\
	(ASSURE_NOTE_NAME_MAX + 1 + 8 + 1 + 44 + 1)
#define ASSURE_NOTE_SKEY_MAX		(12 + ASSURE_NOTE_VKEY_MAX)

/* A public key: enough to verify. */
struct assure_note_verifier {
	char		name[ASSURE_NOTE_NAME_MAX + 1];
	uint32_t	key_id;
	unsigned char	pub[ASSURE_NOTE_ED25519_PUB_LEN];
};

/* A private key, opaque, in guarded memory. */
struct assure_note_signer;

/* One signature line; the pointers are into the note's own copy. */
struct assure_note_sig {
	const char	*name;		/* not NUL-terminated */
	size_t		 name_len;
	uint32_t	 key_id;
	const char	*b64;		/* base64(key id || signature) */
	size_t		 b64_len;
};

/*
 * A parsed note.  text[0..len) is the whole note (NUL-terminated copy);
 * text[0..body_len) is the signed body, ending in a newline.  sigs are in
 * the order of the lines, repeats included.
 */
struct assure_note {
	char			*text;
	size_t			 len;
	size_t			 body_len;
	size_t			 nsigs;
	struct assure_note_sig	 sigs[ASSURE_NOTE_MAX_SIGS];
};

/*
 * A parsed checkpoint body.  origin and ext point into the body given to
 * assure_note_checkpoint_parse() and live as long as it does.  ext is the
 * extension lines, each ending in a newline (ext_len 0 when none).
 */
struct assure_checkpoint {
	const char	*origin;	/* not NUL-terminated */
	size_t		 origin_len;
	uint64_t	 size;
	unsigned char	 root[ASSURE_NOTE_ROOT_LEN];
	const char	*ext;
	size_t		 ext_len;
};

/* ---------------------------------------------------------------------- */
/* Keys                                                                    */

/*
 * Whether name[0..len) is a valid key name: 1..ASSURE_NOTE_NAME_MAX bytes
 * of UTF-8, no Unicode white space, no '+', no control characters.
 */
bool assure_note_name_valid(const char *name, size_t len);

/*
 * The key id of a public key: the first four bytes, big-endian, of
 * SHA-256(name || 0x0A || alg || key[0..key_len)).
 */
uint32_t assure_note_key_id(const char *name, size_t name_len,
    unsigned char alg, const unsigned char *key, size_t key_len);

/*
 * Make a new Ed25519 key pair named name (NUL-terminated, a valid key
 * name) from the system's random source.  The caller frees *ret_signer
 * with assure_note_signer_free().  ASSURE_ERR_INVAL for a bad name,
 * ASSURE_ERR_NOMEM when guarded memory or libsodium is unavailable.
 */
enum assure_err assure_note_key_generate(const char *name,
    struct assure_note_signer **ret_signer);

/*
 * Parse a signer key "PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>" from
 * text[0..len) (no trailing newline), derive the public key, and check
 * that the id is that key's.  ASSURE_ERR_PARSE for anything malformed, an
 * algorithm other than Ed25519, or an id that does not match.
 */
enum assure_err assure_note_signer_parse(const char *text, size_t len,
    struct assure_note_signer **ret_signer, struct assure_diag *reterr_diag);

/* Wipe and free a signer; NULL is accepted. */
void assure_note_signer_free(struct assure_note_signer *s);

/*
 * Write the signer key text of s into out, NUL-terminated.  out holds the
 * secret: the caller wipes it (sodium_memzero) when done.
 */
void assure_note_signer_format(const struct assure_note_signer *s,
    char out[ASSURE_NOTE_SKEY_MAX]);

/* The public half of s. */
void assure_note_signer_verifier(const struct assure_note_signer *s,
    struct assure_note_verifier *ret_v);

/*
 * Parse a verifier key "<name>+<id>+<base64(0x01 || public key)>" from
 * text[0..len) (no trailing newline) and check the id.  ASSURE_ERR_PARSE
 * for anything malformed, another algorithm, or an id that does not match.
 */
enum assure_err assure_note_verifier_parse(const char *text, size_t len,
    struct assure_note_verifier *ret_v, struct assure_diag *reterr_diag);

/* Write the verifier key text of v into out, NUL-terminated. */
void assure_note_verifier_format(const struct assure_note_verifier *v,
    char out[ASSURE_NOTE_VKEY_MAX]);

/* ---------------------------------------------------------------------- */
/* Notes                                                                   */

/*
 * Sign body[0..len) with s and append the signed note (the body, a blank
 * line, one signature line) to ret_note.  The body must be valid note text
 * ending in a newline, and the note must fit in ASSURE_NOTE_MAX_SIZE.  On
 * failure nothing is appended; an append that fails returns ret_note's
 * sticky error.  Ed25519 is deterministic: the same body and key always
 * give the same note.
 */
enum assure_err assure_note_sign(const struct assure_note_signer *s,
    const char *body, size_t len, struct assure_buf *ret_note,
    struct assure_diag *reterr_diag);

/*
 * Parse the signed note msg[0..len): check the text, split the body from
 * the signature block at the last blank line, and parse every signature
 * line.  Nothing is verified here.  The caller frees *ret_note with
 * assure_note_free().  ASSURE_ERR_LIMIT for a note over
 * ASSURE_NOTE_MAX_SIZE bytes or ASSURE_NOTE_MAX_SIGS signatures,
 * ASSURE_ERR_PARSE for anything malformed (reterr_diag says which line).
 */
enum assure_err assure_note_parse(const char *msg, size_t len,
    struct assure_note **ret_note, struct assure_diag *reterr_diag);

/* Free a parsed note; NULL is accepted. */
void assure_note_free(struct assure_note *n);

/*
 * Verify n against v: every signature line with v's name and key id must
 * be a valid Ed25519 signature of the body by v's key, and there must be
 * at least one.  Lines of other keys are ignored.  ASSURE_OK when so,
 * ASSURE_ERR_NOTFOUND when no line is by v, ASSURE_ERR_TAMPER when a line
 * by v does not verify.
 */
enum assure_err assure_note_verify(const struct assure_note *n,
    const struct assure_note_verifier *v, struct assure_diag *reterr_diag);

/*
 * assure_note_parse() then assure_note_verify(); on success the caller
 * frees *ret_note, on failure there is nothing to free.
 */
enum assure_err assure_note_open(const char *msg, size_t len,
    const struct assure_note_verifier *v, struct assure_note **ret_note,
    struct assure_diag *reterr_diag);

/* ---------------------------------------------------------------------- */
/* Checkpoints                                                             */

/*
 * Append the checkpoint body "<origin>\n<size>\n<base64 root>\n<ext>" to
 * ret_body.  origin is NUL-terminated, non-empty, of note text without a
 * newline; ext (NULL or "" for none) is zero or more non-empty lines each
 * ending in a newline.  ASSURE_ERR_INVAL for a bad origin, size or ext,
 * and then nothing is appended; an append that fails returns ret_body's
 * sticky error.
 */
enum assure_err assure_note_checkpoint_format(const char *origin,
    uint64_t size, const unsigned char root[ASSURE_NOTE_ROOT_LEN],
    const char *ext, struct assure_buf *ret_body);

/*
 * Parse the checkpoint body body[0..len) (a note's text[0..body_len)):
 * a non-empty origin line, a decimal size without leading zeros below
 * 2^63, a canonical base64 32-byte root, then non-empty extension lines.
 * ASSURE_ERR_PARSE for anything else, ASSURE_ERR_LIMIT for a size of 2^63
 * or more or a body over ASSURE_NOTE_MAX_SIZE.
 */
enum assure_err assure_note_checkpoint_parse(const char *body, size_t len,
    struct assure_checkpoint *ret_cp, struct assure_diag *reterr_diag);

#endif
