/*
 * hash.h: SHA-256 through OpenSSL's EVP interface, streaming.
 *
 * Evidence is identified by the SHA-256 of its bytes as received.  The
 * textual form used everywhere a person or a script sees it is
 * "sha256:" followed by 64 lowercase hex digits.
 */
#ifndef ASSURE_HASH_H
#define ASSURE_HASH_H

#include "compat.h"
#include "err.h"

#define ASSURE_SHA256_LEN	32
#define ASSURE_SHA256_HEXLEN	64
/* "sha256:" + 64 hex + NUL */
#define ASSURE_DIGEST_STRLEN	(7 + ASSURE_SHA256_HEXLEN + 1)

struct assure_sha256;

/* Returns NULL on allocation failure. */
struct assure_sha256 *assure_sha256_new(void);
void assure_sha256_free(struct assure_sha256 *h);
enum assure_err assure_sha256_update(struct assure_sha256 *h, const void *p,
    size_t n);
/* Finish into out; the context is reset and may be reused. */
enum assure_err assure_sha256_final(struct assure_sha256 *h,
    unsigned char out[ASSURE_SHA256_LEN]);

/* One-shot digest of p[0..n). */
enum assure_err assure_sha256(const void *p, size_t n,
    unsigned char out[ASSURE_SHA256_LEN]);

/* 64 lowercase hex digits and a NUL into out. */
void assure_hex(const unsigned char *p, size_t n, char *out);

/* "sha256:<hex>" into out (ASSURE_DIGEST_STRLEN bytes). */
void assure_digest_format(const unsigned char d[ASSURE_SHA256_LEN], char *out);

/*
 * Parse "sha256:<64 hex>" or bare 64 hex digits (either case) into d.
 * Returns 0 on success, -1 otherwise.
 */
/* The value of a hexadecimal digit (either case), or -1. */
int assure_hexval(int c);
int assure_digest_parse(const char *s, unsigned char d[ASSURE_SHA256_LEN]);

#endif
