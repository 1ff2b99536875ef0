/*
 * base64.c: RFC 4648 base64 encoding and incremental, strict decoding (see
 * base64.h).  The decoder keeps at most three pending sextets between
 * calls, so any split of the input decodes to the same bytes.
 */
#include "compat.h"

#include <string.h>

#include "base64.h"

/* Bytes decoded per step of the one-shot decoder. */
#define BASE64_STEP	4096

#define B64_BAD		0xff
#define B64_SPACE	0xfe
#define B64_PAD		0xfd

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Byte value -> sextet, or one of the B64_* classes. */
static const unsigned char b64_table[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xfe, 0xfe, 0xff, 0xff, 0xfe, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0x3e, 0xff, 0xff, 0xff, 0x3f,
	0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0xff, 0xff, 0xff, 0xfd, 0xff, 0xff,
	0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
	0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
	0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
	0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
	0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
	0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30,
	0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

void
assure_base64_dec_init(struct assure_base64_dec *d)
{
	memset(d, 0, sizeof(*d));
}

size_t
assure_base64_decoded_max(size_t len)
{
	return (len / 4 + 1) * 3;
}

/*
 * Write the bytes of a final group of nacc (2 or 3) sextets; the bits that
 * do not make a whole byte must be zero.
 */
static enum assure_err
b64_partial(struct assure_base64_dec *d, unsigned char *out, size_t *ret_n)
{
	enum assure_err rc = ASSURE_ERR_PARSE;

	if (d->nacc == 2 && (d->acc & 0xf) == 0) {
		out[0] = (unsigned char)(d->acc >> 4);
		*ret_n = 1;
		rc = ASSURE_OK;
	} else if (d->nacc == 3 && (d->acc & 0x3) == 0) {
		out[0] = (unsigned char)(d->acc >> 10);
		out[1] = (unsigned char)(d->acc >> 2);
		*ret_n = 2;
		rc = ASSURE_OK;
	}
	d->acc = 0;
	d->nacc = 0;
	return rc;
}

enum assure_err
assure_base64_dec_update(struct assure_base64_dec *d, const void *src,
    size_t len, unsigned char *out, size_t *ret_outlen)
{
	const unsigned char *s = src;
	size_t i, n = 0, k;
	unsigned char v;
	enum assure_err rc = ASSURE_OK;

	for (i = 0; i < len; i++) {
		v = b64_table[s[i]];
		if (v == B64_SPACE)
			continue;
		if (v == B64_BAD)
			goto fail;
		if (v == B64_PAD) {
			if (d->npad == 0) {
				d->npad_want = d->nacc == 2 ? 2 : 1;
				if (b64_partial(d, out + n, &k) != ASSURE_OK)
					goto fail;
				n += k;
			}
			d->npad++;
			if (d->npad > d->npad_want)
				goto fail;
			continue;
		}
		if (d->npad > 0)
			goto fail;
		d->acc = (d->acc << 6) | v;
		d->nacc++;
		if (d->nacc == 4) {
			out[n++] = (unsigned char)(d->acc >> 16);
			out[n++] = (unsigned char)(d->acc >> 8);
			out[n++] = (unsigned char)d->acc;
			d->acc = 0;
			d->nacc = 0;
		}
	}
	d->pos += len;
	*ret_outlen = n;
	goto out;
fail:
	d->err_pos = d->pos + i;
	d->pos += len;
	*ret_outlen = n;
	rc = ASSURE_ERR_PARSE;
out:
	return rc;
}

enum assure_err
assure_base64_dec_final(struct assure_base64_dec *d, unsigned char *out,
    size_t *ret_outlen)
{
	enum assure_err rc = ASSURE_OK;

	*ret_outlen = 0;
	if (d->npad > 0 && d->npad != d->npad_want)
		rc = ASSURE_ERR_PARSE;
	else if (d->nacc != 0)
		rc = b64_partial(d, out, ret_outlen);
	if (rc != ASSURE_OK)
		d->err_pos = d->pos;
	return rc;
}

enum assure_err
assure_base64_decode(const char *src, size_t len, struct assure_buf *out)
{
	struct assure_base64_dec d;
	unsigned char tmp[(BASE64_STEP / 4 + 1) * 3];
	size_t off, step, n;
	enum assure_err rc = ASSURE_OK;

	assure_base64_dec_init(&d);
	for (off = 0; off < len && rc == ASSURE_OK; off += step) {
		step = len - off < BASE64_STEP ? len - off : BASE64_STEP;
		rc = assure_base64_dec_update(&d, src + off, step, tmp, &n);
		if (rc == ASSURE_OK)
			assure_buf_add(out, tmp, n);
	}
	if (rc == ASSURE_OK)
		rc = assure_base64_dec_final(&d, tmp, &n);
	if (rc == ASSURE_OK) {
		assure_buf_add(out, tmp, n);
		rc = assure_buf_err(out);
	}
	return rc;
}

void
assure_base64_encode(struct assure_buf *b, const void *p, size_t n)
{
	const unsigned char *s = p;
	char q[4];
	uint32_t v;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		q[0] = b64_alphabet[v >> 18];
		q[1] = b64_alphabet[(v >> 12) & 0x3f];
		q[2] = b64_alphabet[(v >> 6) & 0x3f];
		q[3] = b64_alphabet[v & 0x3f];
		assure_buf_add(b, q, 4);
	}
	if (n - i == 1) {
		v = (uint32_t)s[i] << 16;
		q[0] = b64_alphabet[v >> 18];
		q[1] = b64_alphabet[(v >> 12) & 0x3f];
		q[2] = '=';
		q[3] = '=';
		assure_buf_add(b, q, 4);
	} else if (n - i == 2) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
		q[0] = b64_alphabet[v >> 18];
		q[1] = b64_alphabet[(v >> 12) & 0x3f];
		q[2] = b64_alphabet[(v >> 6) & 0x3f];
		q[3] = '=';
		assure_buf_add(b, q, 4);
	}
}
