/*
 * base64.h: RFC 4648 base64 (standard alphabet), decoded incrementally.
 *
 * Evidence sometimes arrives base64-encoded inside a JSON string (the AWS
 * CLI prints GetCredentialReport's Content that way).  The decoder takes
 * the text in pieces of any size, so a caller can turn a large blob into
 * bytes a bounded piece at a time.  It is strict where strictness costs
 * nothing: only the standard alphabet, '=' padding only at the end, unused
 * trailing bits must be zero.  It is lenient where encoders differ: ASCII
 * white space (line wrapping) is skipped and the final padding may be left
 * out.
 *
 * The encoder appends to an assure_buf (errors sticky there).
 */
#ifndef ASSURE_BASE64_H
#define ASSURE_BASE64_H

#include "buf.h"
#include "compat.h"
#include "err.h"

/* An incremental decoder; initialise with assure_base64_dec_init(). */
struct assure_base64_dec {
	uint32_t	acc;	/* pending sextets, most recent lowest */
	unsigned	nacc;	/* sextets in acc, 0..3 */
	unsigned	npad;	/* '=' seen so far */
	unsigned	npad_want; /* '=' the final group needs, 1 or 2 */
	size_t		pos;	/* input bytes consumed so far */
	size_t		err_pos; /* offset of the bad byte, after an error */
};

void assure_base64_dec_init(struct assure_base64_dec *d);

/*
 * The most bytes that assure_base64_dec_update() can write for len input
 * bytes, whatever the decoder holds from earlier calls.
 */
size_t assure_base64_decoded_max(size_t len);

/*
 * Decode src[0..len) into out, which has room for
 * assure_base64_decoded_max(len) bytes; *ret_outlen is the number written.
 * Returns ASSURE_OK, or ASSURE_ERR_PARSE on a byte outside the alphabet, a
 * misplaced '=' or non-zero trailing bits, with d->err_pos set to the
 * offset of that byte in the whole input.  After an error the decoder must
 * not be used again.
 */
enum assure_err assure_base64_dec_update(struct assure_base64_dec *d,
    const void *src, size_t len, unsigned char *out, size_t *ret_outlen);

/*
 * End of input: writes the last 0 to 2 bytes of an unpadded final group to
 * out (room for 2) and sets *ret_outlen.  Returns ASSURE_ERR_PARSE (with
 * err_pos at the end of the input) when the input stops inside a group
 * that cannot be completed.
 */
enum assure_err assure_base64_dec_final(struct assure_base64_dec *d,
    unsigned char *out, size_t *ret_outlen);

/*
 * Decode all of src[0..len) and append the bytes to out.  Returns the
 * decoder's error, or out's sticky error (NOMEM, LIMIT).
 */
enum assure_err assure_base64_decode(const char *src, size_t len,
    struct assure_buf *out);

/* Append the padded base64 encoding of p[0..n) to b, on one line. */
void assure_base64_encode(struct assure_buf *b, const void *p, size_t n);

#endif
