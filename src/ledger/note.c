/*
 * note.c: C2SP signed notes with Ed25519 and tlog checkpoints (see note.h
 * for the formats, the limits and the error contract).
 *
 * Everything here is a pure function of its arguments except key
 * generation, which reads the system's random source through libsodium.
 * Ed25519 is libsodium's: signing is deterministic (RFC 8032), and
 * verification rejects non-canonical signatures and small-order keys.
 *
 * Base64 decoding goes through common/base64.h with the input first held
 * to the canonical form (length a multiple of four, no white space), which
 * with that decoder's rules (padding only at the end, zero trailing bits)
 * leaves exactly one text per byte string.  Key texts are encoded by a
 * small fixed-size encoder below so that a seed's encoding is only ever
 * written to memory the caller owns and wipes, never to a heap buffer.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/base64.h"
#include "ledger/note.h"

/* "— ": U+2014 EM DASH in UTF-8, then a space. */
#define SIG_PREFIX		"\xe2\x80\x94 "
#define SIG_PREFIX_LEN		4
#define SKEY_PREFIX		"PRIVATE+KEY+"
#define SKEY_PREFIX_LEN		12
#define KEY_ID_HEX_LEN		8
/* Bytes of an encoded key: the type byte and 32 key bytes. */
#define KEY_BYTES		(1 + ASSURE_NOTE_ED25519_PUB_LEN)
#define KEY_B64_LEN		44
/* Bytes of an Ed25519 signature line's payload: key id and signature. */
#define SIG_BYTES		(ASSURE_NOTE_KEY_ID_LEN + \
				    ASSURE_NOTE_ED25519_SIG_LEN)
#define SIG_B64_LEN		92
#define ROOT_B64_LEN		44
/* Decimal digits of a tree size below 2^63. */
#define SIZE_DIGITS_MAX		19
#define TREE_SIZE_MAX		(UINT64_C(1) << 63)
/* Input characters the strict decoder hands to base64.c at a time. */
#define B64_STEP		64

_Static_assert(crypto_sign_PUBLICKEYBYTES == ASSURE_NOTE_ED25519_PUB_LEN,
    "Ed25519 public key size");
_Static_assert(crypto_sign_SEEDBYTES == ASSURE_NOTE_ED25519_SEED_LEN,
    "Ed25519 seed size");
_Static_assert(crypto_sign_BYTES == ASSURE_NOTE_ED25519_SIG_LEN,
    "Ed25519 signature size");
_Static_assert((KEY_BYTES + 2) / 3 * 4 == KEY_B64_LEN, "key base64 size");
_Static_assert((SIG_BYTES + 2) / 3 * 4 == SIG_B64_LEN, "sig base64 size");
_Static_assert((ASSURE_NOTE_ROOT_LEN + 2) / 3 * 4 == ROOT_B64_LEN,
    "root base64 size");

struct assure_note_signer {
	struct assure_note_verifier	pub;
	unsigned char			sk[crypto_sign_SECRETKEYBYTES];
};

/* ---------------------------------------------------------------------- */
/* Text                                                                    */

/*
 * Decode one UTF-8 sequence at p[0..n), n >= 1: its length, or 0 when it
 * is not the shortest encoding of a scalar value.
 */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *ret_cp)
{
	uint32_t cp;
	size_t len, i;

	if (p[0] < 0x80) {
		*ret_cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*ret_cp = cp;
	return len;
}

/* Unicode White_Space, as Go's unicode.IsSpace. */
static bool
is_unicode_space(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/*
 * Check that p[0..n) is note text: UTF-8 with no control character but
 * newline.  Returns true, or false with *ret_off at the first bad byte.
 */
static bool
text_ok(const char *p, size_t n, size_t *ret_off)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t cp;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k == 0 || (cp < 0x20 && cp != '\n')) {
			*ret_off = i;
			return false;
		}
	}
	return true;
}

/* 1-based line number of offset off in p. */
static unsigned long
line_of(const char *p, size_t off)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (p[i] == '\n')
			line++;
	return line;
}

bool
assure_note_name_valid(const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t cp;
	size_t i, k;

	if (len == 0 || len > ASSURE_NOTE_NAME_MAX)
		return false;
	for (i = 0; i < len; i += k) {
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0 || cp < 0x20 || cp == '+' || is_unicode_space(cp))
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* Base64                                                                  */

/*
 * Encode p[0..n) into out, which has room for 4 * ceil(n / 3) + 1 bytes,
 * NUL-terminated.
 */
static void
b64_encode_fixed(const unsigned char *p, size_t n, char *out)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t v;
	size_t i, o = 0;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = abc[v >> 18];
		out[o++] = abc[(v >> 12) & 0x3f];
		out[o++] = i + 1 < n ? abc[(v >> 6) & 0x3f] : '=';
		out[o++] = i + 2 < n ? abc[v & 0x3f] : '=';
	}
	out[o] = '\0';
}

/*
 * Decode the canonical base64 text src[0..len): non-empty, a multiple of
 * four long, no white space.  The first outmax bytes go to out (which may
 * be NULL to only check), the full decoded length to *ret_n.  The scratch
 * space is wiped, since keys pass through here.
 */
static enum assure_err
b64_decode_strict(const char *src, size_t len, unsigned char *out,
    size_t outmax, size_t *ret_n)
{
	struct assure_base64_dec d;
	unsigned char tmp[(B64_STEP / 4 + 1) * 3];
	size_t i, off, step, n, total = 0;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (len == 0 || len % 4 != 0)
		goto out;
	for (i = 0; i < len; i++)
		if (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' ||
		    src[i] == '\r')
			goto out;
	assure_base64_dec_init(&d);
	for (off = 0; off < len; off += step) {
		step = len - off < B64_STEP ? len - off : B64_STEP;
		rc = assure_base64_dec_update(&d, src + off, step, tmp, &n);
		if (rc != ASSURE_OK)
			goto out_wipe;
		if (out != NULL && total < outmax)
			memcpy(out + total, tmp,
			    n < outmax - total ? n : outmax - total);
		total += n;
	}
	rc = assure_base64_dec_final(&d, tmp, &n);
	if (rc != ASSURE_OK)
		goto out_wipe;
	if (n != 0) {
		rc = ASSURE_ERR_PARSE;
		goto out_wipe;
	}
	*ret_n = total;

out_wipe:
	sodium_memzero(tmp, sizeof(tmp));
out:
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                    */

static enum assure_err
sodium_ready(void)
{
	return sodium_init() < 0 ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

uint32_t
assure_note_key_id(const char *name, size_t name_len, unsigned char alg,
    const unsigned char *key, size_t key_len)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	unsigned char nl = '\n';

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name, name_len);
	crypto_hash_sha256_update(&st, &nl, 1);
	crypto_hash_sha256_update(&st, &alg, 1);
	crypto_hash_sha256_update(&st, key, key_len);
	crypto_hash_sha256_final(&st, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3];
}

/* Make a read-write signer in guarded memory; NULL when out of memory. */
static struct assure_note_signer *
signer_alloc(void)
{
	struct assure_note_signer *s;

	if (sodium_ready() != ASSURE_OK)
		return NULL;
	s = sodium_malloc(sizeof(*s));
	if (s != NULL)
		memset(s, 0, sizeof(*s));
	return s;
}

/* Fill s from name and seed, then make it read-only. */
static enum assure_err
signer_fill(struct assure_note_signer *s, const char *name, size_t name_len,
    const unsigned char seed[ASSURE_NOTE_ED25519_SEED_LEN])
{
	if (crypto_sign_seed_keypair(s->pub.pub, s->sk, seed) != 0)
		return ASSURE_ERR_NOMEM;
	memcpy(s->pub.name, name, name_len);
	s->pub.name[name_len] = '\0';
	s->pub.key_id = assure_note_key_id(name, name_len,
	    ASSURE_NOTE_ALG_ED25519, s->pub.pub, sizeof(s->pub.pub));
	if (sodium_mprotect_readonly(s) != 0)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

enum assure_err
assure_note_key_generate(const char *name,
    struct assure_note_signer **ret_signer)
{
	struct assure_note_signer *s;
	unsigned char seed[ASSURE_NOTE_ED25519_SEED_LEN];
	size_t len;
	enum assure_err rc;

	len = strnlen(name, ASSURE_NOTE_NAME_MAX + 1);
	if (!assure_note_name_valid(name, len)) {
		rc = ASSURE_ERR_INVAL;
		goto out;
	}
	s = signer_alloc();
	if (s == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	randombytes_buf(seed, sizeof(seed));
	rc = signer_fill(s, name, len, seed);
	sodium_memzero(seed, sizeof(seed));
	if (rc != ASSURE_OK)
		goto out_free_signer;
	*ret_signer = s;
	goto out;

out_free_signer:
	sodium_free(s);
out:
	return rc;
}

void
assure_note_signer_free(struct assure_note_signer *s)
{
	if (s != NULL)
		sodium_free(s);
}

/* Parse exactly KEY_ID_HEX_LEN lowercase hex digits. */
static bool
parse_key_id(const char *p, size_t n, uint32_t *ret_id)
{
	uint32_t v = 0;
	size_t i;

	if (n != KEY_ID_HEX_LEN)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			v = v << 4 | (uint32_t)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			v = v << 4 | (uint32_t)(p[i] - 'a' + 10);
		else
			return false;
	}
	*ret_id = v;
	return true;
}

/*
 * Parse "<name>+<id>+<base64(type || key)>" from p[0..n): the name, the
 * id, and the 32 key bytes (key must be wiped by the caller when secret).
 * field names the key kind for diagnostics.
 */
static enum assure_err
parse_key_text(const char *p, size_t n, const char *field,
    size_t *ret_name_len, uint32_t *ret_id,
    unsigned char key[ASSURE_NOTE_ED25519_PUB_LEN],
    struct assure_diag *reterr_diag)
{
	unsigned char raw[KEY_BYTES];
	const char *plus1, *plus2;
	size_t name_len, raw_len;
	enum assure_err rc = ASSURE_ERR_PARSE;

	plus1 = memchr(p, '+', n);
	if (plus1 == NULL) {
		assure_diag_set(reterr_diag, rc, NULL, 1, 0, field,
		    "expected '<name>+<key id>+<key>'");
		goto out;
	}
	name_len = (size_t)(plus1 - p);
	if (!assure_note_name_valid(p, name_len)) {
		assure_diag_set(reterr_diag, rc, NULL, 1, 1, field,
		    "invalid key name");
		goto out;
	}
	plus2 = memchr(plus1 + 1, '+', n - name_len - 1);
	if (plus2 == NULL ||
	    !parse_key_id(plus1 + 1, (size_t)(plus2 - plus1 - 1), ret_id)) {
		assure_diag_set(reterr_diag, rc, NULL, 1, name_len + 2, field,
		    "key id is not 8 lowercase hex digits");
		goto out;
	}
	if (n - (size_t)(plus2 + 1 - p) != KEY_B64_LEN ||
	    b64_decode_strict(plus2 + 1, KEY_B64_LEN, raw, sizeof(raw),
	    &raw_len) != ASSURE_OK || raw_len != KEY_BYTES) {
		assure_diag_set(reterr_diag, rc, NULL, 1,
		    (size_t)(plus2 + 2 - p), field,
		    "key is not base64 of 33 bytes");
		goto out_wipe;
	}
	if (raw[0] != ASSURE_NOTE_ALG_ED25519) {
		assure_diag_set(reterr_diag, rc, NULL, 1,
		    (size_t)(plus2 + 2 - p), field,
		    "unsupported key type %u (only Ed25519, 1)",
		    (unsigned)raw[0]);
		goto out_wipe;
	}
	memcpy(key, raw + 1, ASSURE_NOTE_ED25519_PUB_LEN);
	*ret_name_len = name_len;
	rc = ASSURE_OK;

out_wipe:
	sodium_memzero(raw, sizeof(raw));
out:
	return rc;
}

enum assure_err
assure_note_signer_parse(const char *text, size_t len,
    struct assure_note_signer **ret_signer, struct assure_diag *reterr_diag)
{
	struct assure_note_signer *s;
	unsigned char seed[ASSURE_NOTE_ED25519_SEED_LEN];
	size_t name_len;
	uint32_t id;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (len >= ASSURE_NOTE_SKEY_MAX || len < SKEY_PREFIX_LEN ||
	    memcmp(text, SKEY_PREFIX, SKEY_PREFIX_LEN) != 0) {
		assure_diag_set(reterr_diag, rc, NULL, 1, 0, "signer key",
		    "expected 'PRIVATE+KEY+<name>+<key id>+<key>'");
		goto out;
	}
	rc = parse_key_text(text + SKEY_PREFIX_LEN, len - SKEY_PREFIX_LEN,
	    "signer key", &name_len, &id, seed, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_wipe;
	s = signer_alloc();
	if (s == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out_wipe;
	}
	rc = signer_fill(s, text + SKEY_PREFIX_LEN, name_len, seed);
	if (rc != ASSURE_OK)
		goto out_free_signer;
	if (s->pub.key_id != id) {
		rc = ASSURE_ERR_PARSE;
		assure_diag_set(reterr_diag, rc, NULL, 1, 0,
		    "signer key", "key id %08x is not that of the key (%08x)",
		    (unsigned)id, (unsigned)s->pub.key_id);
		goto out_free_signer;
	}
	*ret_signer = s;
	goto out_wipe;

out_free_signer:
	sodium_free(s);
out_wipe:
	sodium_memzero(seed, sizeof(seed));
out:
	return rc;
}

void
assure_note_signer_format(const struct assure_note_signer *s,
    char out[ASSURE_NOTE_SKEY_MAX])
{
	unsigned char raw[KEY_BYTES];
	char b64[KEY_B64_LEN + 1];

	raw[0] = ASSURE_NOTE_ALG_ED25519;
	memcpy(raw + 1, s->sk, ASSURE_NOTE_ED25519_SEED_LEN);
	b64_encode_fixed(raw, sizeof(raw), b64);
	snprintf(out, ASSURE_NOTE_SKEY_MAX, SKEY_PREFIX "%s+%08x+%s",
	    s->pub.name, (unsigned)s->pub.key_id, b64);
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(b64, sizeof(b64));
}

void
assure_note_signer_verifier(const struct assure_note_signer *s,
    struct assure_note_verifier *ret_v)
{
	memcpy(ret_v, &s->pub, sizeof(*ret_v));
}

enum assure_err
assure_note_verifier_parse(const char *text, size_t len,
    struct assure_note_verifier *ret_v, struct assure_diag *reterr_diag)
{
	struct assure_note_verifier v;
	size_t name_len;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (len >= ASSURE_NOTE_VKEY_MAX) {
		assure_diag_set(reterr_diag, rc, NULL, 1, 0, "verifier key",
		    "longer than %d bytes", ASSURE_NOTE_VKEY_MAX - 1);
		goto out;
	}
	memset(&v, 0, sizeof(v));
	rc = parse_key_text(text, len, "verifier key", &name_len, &v.key_id,
	    v.pub, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	memcpy(v.name, text, name_len);
	if (assure_note_key_id(text, name_len, ASSURE_NOTE_ALG_ED25519, v.pub,
	    sizeof(v.pub)) != v.key_id) {
		rc = ASSURE_ERR_PARSE;
		assure_diag_set(reterr_diag, rc, NULL, 1,
		    name_len + 2, "verifier key",
		    "key id %08x is not that of the key", (unsigned)v.key_id);
		goto out;
	}
	memcpy(ret_v, &v, sizeof(v));
out:
	return rc;
}

void
assure_note_verifier_format(const struct assure_note_verifier *v,
    char out[ASSURE_NOTE_VKEY_MAX])
{
	unsigned char raw[KEY_BYTES];
	char b64[KEY_B64_LEN + 1];

	raw[0] = ASSURE_NOTE_ALG_ED25519;
	memcpy(raw + 1, v->pub, ASSURE_NOTE_ED25519_PUB_LEN);
	b64_encode_fixed(raw, sizeof(raw), b64);
	snprintf(out, ASSURE_NOTE_VKEY_MAX, "%s+%08x+%s", v->name,
	    (unsigned)v->key_id, b64);
}

/* ---------------------------------------------------------------------- */
/* Notes                                                                   */

/* Check a body to be signed: note text, non-empty, ending in a newline. */
static enum assure_err
body_check(const char *body, size_t len, struct assure_diag *reterr_diag)
{
	size_t off;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (len == 0 || body[len - 1] != '\n')
		assure_diag_set(reterr_diag, rc, NULL, line_of(body, len), 0,
		    "body", "does not end in a newline");
	else if (!text_ok(body, len, &off))
		assure_diag_set(reterr_diag, rc, NULL, line_of(body, off), 0,
		    "body", "invalid UTF-8 or a control character at byte %zu",
		    off);
	else
		rc = ASSURE_OK;
	return rc;
}

enum assure_err
assure_note_sign(const struct assure_note_signer *s, const char *body,
    size_t len, struct assure_buf *ret_note, struct assure_diag *reterr_diag)
{
	unsigned char raw[SIG_BYTES];
	char b64[SIG_B64_LEN + 1];
	size_t name_len, total;
	enum assure_err rc;

	rc = body_check(body, len, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	name_len = strlen(s->pub.name);
	total = len + 1 + SIG_PREFIX_LEN + name_len + 1 + SIG_B64_LEN + 1;
	if (len > ASSURE_NOTE_MAX_SIZE || total > ASSURE_NOTE_MAX_SIZE) {
		rc = ASSURE_ERR_LIMIT;
		assure_diag_set(reterr_diag, rc, NULL, 0, 0,
		    "body", "the signed note would exceed %u bytes",
		    ASSURE_NOTE_MAX_SIZE);
		goto out;
	}
	raw[0] = (unsigned char)(s->pub.key_id >> 24);
	raw[1] = (unsigned char)(s->pub.key_id >> 16);
	raw[2] = (unsigned char)(s->pub.key_id >> 8);
	raw[3] = (unsigned char)s->pub.key_id;
	if (crypto_sign_detached(raw + ASSURE_NOTE_KEY_ID_LEN, NULL,
	    (const unsigned char *)body, len, s->sk) != 0) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	b64_encode_fixed(raw, sizeof(raw), b64);

	assure_buf_add(ret_note, body, len);
	assure_buf_addc(ret_note, '\n');
	assure_buf_add(ret_note, SIG_PREFIX, SIG_PREFIX_LEN);
	assure_buf_add(ret_note, s->pub.name, name_len);
	assure_buf_addc(ret_note, ' ');
	assure_buf_add(ret_note, b64, SIG_B64_LEN);
	assure_buf_addc(ret_note, '\n');
	rc = assure_buf_err(ret_note);
out:
	return rc;
}

/* Parse one signature line p[0..n) (without its newline) into sig. */
static enum assure_err
parse_sig_line(const char *p, size_t n, unsigned long line,
    struct assure_note_sig *sig, struct assure_diag *reterr_diag)
{
	unsigned char id[ASSURE_NOTE_KEY_ID_LEN];
	const char *sp;
	size_t name_len, raw_len;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (n < SIG_PREFIX_LEN || memcmp(p, SIG_PREFIX, SIG_PREFIX_LEN) != 0) {
		assure_diag_set(reterr_diag, rc, NULL, line, 1, "signature",
		    "does not start with an em dash and a space");
		goto out;
	}
	p += SIG_PREFIX_LEN;
	n -= SIG_PREFIX_LEN;
	sp = memchr(p, ' ', n);
	if (sp == NULL) {
		assure_diag_set(reterr_diag, rc, NULL, line, 0, "signature",
		    "no space after the key name");
		goto out;
	}
	name_len = (size_t)(sp - p);
	if (!assure_note_name_valid(p, name_len)) {
		assure_diag_set(reterr_diag, rc, NULL, line, SIG_PREFIX_LEN,
		    "signature", "invalid key name");
		goto out;
	}
	if (b64_decode_strict(sp + 1, n - name_len - 1, id, sizeof(id),
	    &raw_len) != ASSURE_OK || raw_len <= ASSURE_NOTE_KEY_ID_LEN) {
		assure_diag_set(reterr_diag, rc, NULL, line,
		    SIG_PREFIX_LEN + name_len + 2, "signature",
		    "not base64 of a key id and a signature");
		goto out;
	}
	sig->name = p;
	sig->name_len = name_len;
	sig->key_id = (uint32_t)id[0] << 24 | (uint32_t)id[1] << 16 |
	    (uint32_t)id[2] << 8 | id[3];
	sig->b64 = sp + 1;
	sig->b64_len = n - name_len - 1;
	rc = ASSURE_OK;
out:
	return rc;
}

enum assure_err
assure_note_parse(const char *msg, size_t len, struct assure_note **ret_note,
    struct assure_diag *reterr_diag)
{
	struct assure_note *n;
	size_t off, split, pos, eol;
	unsigned long line;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (len > ASSURE_NOTE_MAX_SIZE) {
		rc = ASSURE_ERR_LIMIT;
		assure_diag_set(reterr_diag, rc, NULL, 0, 0,
		    "note", "longer than %u bytes", ASSURE_NOTE_MAX_SIZE);
		goto out;
	}
	if (!text_ok(msg, len, &off)) {
		assure_diag_set(reterr_diag, rc, NULL, line_of(msg, off), 0,
		    "note", "invalid UTF-8 or a control character at byte %zu",
		    off);
		goto out;
	}
	if (len == 0 || msg[len - 1] != '\n') {
		assure_diag_set(reterr_diag, rc, NULL, line_of(msg, len), 0,
		    "note", "does not end in a newline");
		goto out;
	}

	/* The body ends at the last blank line; signatures follow it. */
	for (split = len - 1; split > 0; split--)
		if (msg[split] == '\n' && msg[split - 1] == '\n')
			break;
	if (split == 0 || split + 1 >= len) {
		assure_diag_set(reterr_diag, rc, NULL, line_of(msg, len), 0,
		    "note", "no blank line followed by signature lines");
		goto out;
	}

	n = calloc(1, sizeof(*n));
	if (n == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	n->text = malloc(len + 1);
	if (n->text == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out_free_note;
	}
	memcpy(n->text, msg, len);
	n->text[len] = '\0';
	n->len = len;
	n->body_len = split;

	line = line_of(msg, split + 1);
	for (pos = split + 1; pos < len; pos = eol + 1, line++) {
		eol = (size_t)((const char *)memchr(n->text + pos, '\n',
		    len - pos) - n->text);
		if (n->nsigs == ASSURE_NOTE_MAX_SIGS) {
			rc = ASSURE_ERR_LIMIT;
			assure_diag_set(reterr_diag, rc, NULL, line, 0, "note",
			    "more than %d signatures", ASSURE_NOTE_MAX_SIGS);
			goto out_free_note;
		}
		rc = parse_sig_line(n->text + pos, eol - pos, line,
		    &n->sigs[n->nsigs], reterr_diag);
		if (rc != ASSURE_OK)
			goto out_free_note;
		n->nsigs++;
	}
	if (n->nsigs == 0)
		assure_bug("note with a signature block but no signature");
	*ret_note = n;
	rc = ASSURE_OK;
	goto out;

out_free_note:
	assure_note_free(n);
out:
	return rc;
}

void
assure_note_free(struct assure_note *n)
{
	if (n == NULL)
		return;
	free(n->text);
	free(n);
}

enum assure_err
assure_note_verify(const struct assure_note *n,
    const struct assure_note_verifier *v, struct assure_diag *reterr_diag)
{
	const struct assure_note_sig *sig;
	unsigned char raw[SIG_BYTES];
	size_t i, name_len, raw_len, matched = 0;
	enum assure_err rc;

	rc = sodium_ready();
	if (rc != ASSURE_OK)
		goto out;
	name_len = strlen(v->name);
	for (i = 0; i < n->nsigs; i++) {
		sig = &n->sigs[i];
		if (sig->key_id != v->key_id || sig->name_len != name_len ||
		    memcmp(sig->name, v->name, name_len) != 0)
			continue;
		matched++;
		if (b64_decode_strict(sig->b64, sig->b64_len, raw, sizeof(raw),
		    &raw_len) != ASSURE_OK || raw_len != SIG_BYTES ||
		    crypto_sign_verify_detached(raw + ASSURE_NOTE_KEY_ID_LEN,
		    (const unsigned char *)n->text, n->body_len, v->pub) != 0) {
			rc = ASSURE_ERR_TAMPER;
			assure_diag_set(reterr_diag, rc, NULL,
			    line_of(n->text, (size_t)(sig->name - n->text)), 0,
			    "signature", "signature by '%s+%08x' does not verify",
			    v->name, (unsigned)v->key_id);
			goto out;
		}
	}
	if (matched == 0) {
		rc = ASSURE_ERR_NOTFOUND;
		assure_diag_set(reterr_diag, rc, NULL, 0, 0, "signature",
		    "no signature by '%s+%08x'", v->name, (unsigned)v->key_id);
	}
out:
	return rc;
}

enum assure_err
assure_note_open(const char *msg, size_t len,
    const struct assure_note_verifier *v, struct assure_note **ret_note,
    struct assure_diag *reterr_diag)
{
	struct assure_note *n = NULL;
	enum assure_err rc;

	rc = assure_note_parse(msg, len, &n, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	rc = assure_note_verify(n, v, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_note;
	*ret_note = n;
	goto out;

out_free_note:
	assure_note_free(n);
out:
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Checkpoints                                                             */

/* Whether ext[0..len) is zero or more non-empty lines of note text. */
static bool
ext_ok(const char *ext, size_t len)
{
	size_t off, i;

	if (len == 0)
		return true;
	if (!text_ok(ext, len, &off) || ext[0] == '\n' || ext[len - 1] != '\n')
		return false;
	for (i = 1; i < len; i++)
		if (ext[i] == '\n' && ext[i - 1] == '\n')
			return false;
	return true;
}

enum assure_err
assure_note_checkpoint_format(const char *origin, uint64_t size,
    const unsigned char root[ASSURE_NOTE_ROOT_LEN], const char *ext,
    struct assure_buf *ret_body)
{
	size_t olen, elen, off;
	enum assure_err rc = ASSURE_ERR_INVAL;

	olen = strnlen(origin, ASSURE_NOTE_MAX_SIZE + 1);
	elen = ext == NULL ? 0 : strnlen(ext, ASSURE_NOTE_MAX_SIZE + 1);
	if (olen == 0 || olen > ASSURE_NOTE_MAX_SIZE ||
	    memchr(origin, '\n', olen) != NULL || !text_ok(origin, olen, &off))
		goto out;
	if (size >= TREE_SIZE_MAX || elen > ASSURE_NOTE_MAX_SIZE ||
	    !ext_ok(ext, elen))
		goto out;
	assure_buf_add(ret_body, origin, olen);
	assure_buf_printf(ret_body, "\n%llu\n", (unsigned long long)size);
	assure_base64_encode(ret_body, root, ASSURE_NOTE_ROOT_LEN);
	assure_buf_addc(ret_body, '\n');
	if (elen > 0)
		assure_buf_add(ret_body, ext, elen);
	rc = assure_buf_err(ret_body);
out:
	return rc;
}

/* Parse the decimal tree size p[0..n): no sign, no leading zero. */
static enum assure_err
parse_tree_size(const char *p, size_t n, uint64_t *ret_size)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > SIZE_DIGITS_MAX || (n > 1 && p[0] == '0'))
		return ASSURE_ERR_PARSE;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return ASSURE_ERR_PARSE;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (v >= TREE_SIZE_MAX)
		return ASSURE_ERR_LIMIT;
	*ret_size = v;
	return ASSURE_OK;
}

enum assure_err
assure_note_checkpoint_parse(const char *body, size_t len,
    struct assure_checkpoint *ret_cp, struct assure_diag *reterr_diag)
{
	struct assure_checkpoint cp;
	const char *line[3], *nl;
	size_t llen[3], pos, off, rlen;
	int i;
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (len > ASSURE_NOTE_MAX_SIZE) {
		rc = ASSURE_ERR_LIMIT;
		assure_diag_set(reterr_diag, rc, NULL, 0, 0,
		    "checkpoint", "longer than %u bytes", ASSURE_NOTE_MAX_SIZE);
		goto out;
	}
	if (!text_ok(body, len, &off)) {
		assure_diag_set(reterr_diag, rc, NULL, line_of(body, off), 0,
		    "checkpoint", "invalid UTF-8 or a control character");
		goto out;
	}
	pos = 0;
	for (i = 0; i < 3; i++) {
		nl = pos < len ? memchr(body + pos, '\n', len - pos) : NULL;
		if (nl == NULL || nl == body + pos) {
			assure_diag_set(reterr_diag, rc, NULL,
			    (unsigned long)i + 1, 0, "checkpoint",
			    "expected origin, tree size and root hash lines");
			goto out;
		}
		line[i] = body + pos;
		llen[i] = (size_t)(nl - line[i]);
		pos += llen[i] + 1;
	}
	memset(&cp, 0, sizeof(cp));
	cp.origin = line[0];
	cp.origin_len = llen[0];
	rc = parse_tree_size(line[1], llen[1], &cp.size);
	if (rc != ASSURE_OK) {
		assure_diag_set(reterr_diag, rc, NULL, 2, 0, "tree size", "%s",
		    rc == ASSURE_ERR_LIMIT ? "2^63 or more" :
		    "not a decimal number without leading zeros");
		goto out;
	}
	if (llen[2] != ROOT_B64_LEN || b64_decode_strict(line[2], llen[2],
	    cp.root, sizeof(cp.root), &rlen) != ASSURE_OK ||
	    rlen != ASSURE_NOTE_ROOT_LEN) {
		rc = ASSURE_ERR_PARSE;
		assure_diag_set(reterr_diag, rc, NULL, 3, 0,
		    "root hash", "not base64 of 32 bytes");
		goto out;
	}
	if (!ext_ok(body + pos, len - pos)) {
		rc = ASSURE_ERR_PARSE;
		assure_diag_set(reterr_diag, rc, NULL,
		    line_of(body, len), 0, "checkpoint",
		    "empty or unterminated extension line");
		goto out;
	}
	cp.ext = body + pos;
	cp.ext_len = len - pos;
	memcpy(ret_cp, &cp, sizeof(cp));
out:
	return rc;
}
