/*
 * hash.c: SHA-256 with OpenSSL libcrypto (see hash.h).  A reused EVP
 * context is several times faster than libsodium's SHA-256 here, which
 * matters for ingest and for the ledger.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "hash.h"

struct assure_sha256 {
	EVP_MD_CTX	*ctx;
};

struct assure_sha256 *
assure_sha256_new(void)
{
	struct assure_sha256 *h;

	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(h->ctx);
		free(h);
		return NULL;
	}
	return h;
}

void
assure_sha256_free(struct assure_sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

enum assure_err
assure_sha256_update(struct assure_sha256 *h, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate(h->ctx, p, n) != 1)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

enum assure_err
assure_sha256_final(struct assure_sha256 *h,
    unsigned char out[ASSURE_SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(h->ctx, out, &len) != 1 ||
	    len != ASSURE_SHA256_LEN)
		return ASSURE_ERR_NOMEM;
	if (EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

enum assure_err
assure_sha256(const void *p, size_t n, unsigned char out[ASSURE_SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 ||
	    len != ASSURE_SHA256_LEN)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

void
assure_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void
assure_digest_format(const unsigned char d[ASSURE_SHA256_LEN], char *out)
{
	memcpy(out, "sha256:", 7);
	assure_hex(d, ASSURE_SHA256_LEN, out + 7);
}

int
assure_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
assure_digest_parse(const char *s, unsigned char d[ASSURE_SHA256_LEN])
{
	size_t i;
	int hi, lo;

	if (strncmp(s, "sha256:", 7) == 0)
		s += 7;
	if (strlen(s) != ASSURE_SHA256_HEXLEN)
		return -1;
	for (i = 0; i < ASSURE_SHA256_LEN; i++) {
		hi = assure_hexval((unsigned char)s[2 * i]);
		lo = assure_hexval((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		d[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
