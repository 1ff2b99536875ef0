/*
 * gjwt.c: Google's service-account JWT bearer flow (see gjwt.h).
 *
 * The key file is read into guarded memory and parsed with
 * jstream_parse_text(); the PEM key is copied to guarded memory and
 * checked with OpenSSL at load, so that a bad key is reported against
 * its file and field rather than at the first signature.  The password
 * callback refuses, so an encrypted PEM is an error, never a prompt.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include "collect/gjwt.h"
#include "common/buf.h"
#include "common/jsonw.h"
#include "parse/jstream.h"

#define GJWT_JSON_MAX	(16u * 1024)	/* header or claims */

/* ------------------------------------------------------------------ */
/* base64url */

size_t
gjwt_b64url_len(size_t n)
{
	return n / 3 * 4 + (n % 3 != 0 ? n % 3 + 1 : 0);
}

size_t
gjwt_b64url(char *out, const void *p, size_t n)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *s = p;
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 |
		    s[i + 2];

		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
		out[o++] = alpha[v >> 6 & 63];
		out[o++] = alpha[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)s[i] << 16;

		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;

		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
		out[o++] = alpha[v >> 6 & 63];
	}
	out[o] = '\0';
	return o;
}

/* ------------------------------------------------------------------ */
/* The key */

static int
no_password(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)arg;
	return -1;
}

/* The private key of pem[0..len), RSA only; NULL when it is not one. */
static EVP_PKEY *
pem_rsa_key(const char *pem, size_t len)
{
	EVP_PKEY *pk = NULL;
	BIO *bio;

	if (len > INT32_MAX)
		return NULL;
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio != NULL)
		pk = PEM_read_bio_PrivateKey(bio, NULL, no_password, NULL);
	BIO_free(bio);
	ERR_clear_error();
	if (pk != NULL && EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	return pk;
}

void
gjwt_key_free(struct gjwt_key *k)
{
	if (k == NULL)
		return;
	oauth_secret_free(&k->private_key);
	k->client_email[0] = k->private_key_id[0] = k->token_uri[0] = '\0';
}

/* The string field name of r into out (size bytes), checked. */
static enum assure_err
key_str(struct jstream *js, const struct jrec *r, const char *name,
    char *out, size_t size, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, name);

	if (f == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(js),
		    r->line, r->col, name, "missing from the key file");
	if (f->type != JT_STRING || f->len == 0)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "not a non-empty string");
	if (out != NULL) {
		size_t i;

		if (f->len >= size)
			return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
			    "longer than %zu bytes", size - 1);
		for (i = 0; i < f->len; i++)
			if ((unsigned char)f->val[i] < 0x20 ||
			    f->val[i] == 0x7f)
				return jstream_error(js, r, f, d,
				    ASSURE_ERR_PARSE, "holds a control byte");
		memcpy(out, f->val, f->len);
		out[f->len] = '\0';
	}
	return ASSURE_OK;
}

static enum assure_err
key_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct gjwt_key *k = arg;
	const struct jfield *f;
	enum assure_err rc;
	EVP_PKEY *pk;
	char type[64];

	if ((rc = key_str(js, r, "type", type, sizeof(type), d)) != ASSURE_OK)
		return rc;
	if (strcmp(type, "service_account") != 0)
		return jstream_error(js, r, jrec_get(r, "type"), d,
		    ASSURE_ERR_PARSE, "\"%s\", not \"service_account\"", type);
	if ((rc = key_str(js, r, "client_email", k->client_email,
	    sizeof(k->client_email), d)) != ASSURE_OK ||
	    (rc = key_str(js, r, "private_key_id", k->private_key_id,
	    sizeof(k->private_key_id), d)) != ASSURE_OK ||
	    (rc = key_str(js, r, "token_uri", k->token_uri,
	    sizeof(k->token_uri), d)) != ASSURE_OK ||
	    (rc = key_str(js, r, "private_key", NULL, 0, d)) != ASSURE_OK)
		return rc;
	if (strchr(k->client_email, '@') == NULL)
		return jstream_error(js, r, jrec_get(r, "client_email"), d,
		    ASSURE_ERR_PARSE, "not an e-mail address");
	if (strncmp(k->token_uri, "https://", 8) != 0 ||
	    k->token_uri[8] == '\0')
		return jstream_error(js, r, jrec_get(r, "token_uri"), d,
		    ASSURE_ERR_PARSE, "not an https:// URL");
	f = jrec_get(r, "private_key");
	if ((pk = pem_rsa_key(f->val, f->len)) == NULL)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "not an unencrypted PEM RSA private key");
	EVP_PKEY_free(pk);
	if (sodium_init() < 0 ||
	    (k->private_key.data = sodium_malloc(f->len + 1)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, jstream_source(js),
		    0, 0, "private_key", "out of guarded memory");
	memcpy(k->private_key.data, f->val, f->len);
	k->private_key.data[f->len] = '\0';
	k->private_key.len = f->len;
	return ASSURE_OK;
}

enum assure_err
gjwt_key_parse(const char *source, const char *json, size_t len,
    struct gjwt_key *ret, struct assure_diag *d)
{
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = jstream_parse_text(source, json, len, key_record, ret, d);
	if (rc != ASSURE_OK)
		gjwt_key_free(ret);
	return rc;
}

enum assure_err
gjwt_key_load(const char *path, struct gjwt_key *ret, struct assure_diag *d)
{
	struct stat st;
	enum assure_err rc;
	size_t got = 0;
	char *buf;
	int fd, e;

	memset(ret, 0, sizeof(*ret));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		e = errno;
		rc = assure_diag_set(d, e == ENOENT ? ASSURE_ERR_NOTFOUND :
		    ASSURE_ERR_IO, path, 0, 0, NULL, "cannot open: %s",
		    strerror(e));
		if (d != NULL)
			d->sys_errno = e;
		return rc;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "not a regular file");
	}
	if ((uint64_t)st.st_size > GJWT_FILE_MAX) {
		close(fd);
		return assure_diag_set(d, ASSURE_ERR_LIMIT, path, 0, 0, NULL,
		    "larger than %u bytes: not a service account key",
		    GJWT_FILE_MAX);
	}
	if (sodium_init() < 0 ||
	    (buf = sodium_malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0, NULL,
		    "out of guarded memory");
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	e = errno;
	close(fd);
	if (got != (size_t)st.st_size) {
		sodium_free(buf);
		rc = assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "short read");
		if (d != NULL)
			d->sys_errno = e;
		return rc;
	}
	buf[got] = '\0';
	rc = gjwt_key_parse(path, buf, got, ret, d);
	sodium_free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The assertion */

static void
json_kstr(struct assure_buf *b, const char *key, const char *val,
    bool first)
{
	if (!first)
		assure_buf_addc(b, ',');
	assure_buf_addc(b, '"');
	assure_buf_adds(b, key);
	assure_buf_adds(b, "\":\"");
	jsonw_escape(b, val, strlen(val));
	assure_buf_addc(b, '"');
}

enum assure_err
gjwt_assertion(const struct gjwt_key *k, const char *scope, const char *sub,
    int64_t now, struct oauth_secret *ret, struct assure_diag *d)
{
	struct assure_buf hdr, clm;
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0, inlen, total, n;
	enum assure_err rc = ASSURE_OK;
	char *p = NULL;

	ret->data = NULL;
	ret->len = 0;
	if (k->private_key.data == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "gjwt", 0, 0,
		    "private_key", "no key loaded");
	if (scope == NULL || *scope == '\0')
		return assure_diag_set(d, ASSURE_ERR_INVAL, k->client_email, 0,
		    0, "scope", "no scope");
	if (sub != NULL && *sub == '\0')
		sub = NULL;
	if (now < 0 || now > INT64_MAX - GJWT_LIFETIME)
		return assure_diag_set(d, ASSURE_ERR_INVAL, k->client_email, 0,
		    0, "iat", "the time is out of range");

	assure_buf_init(&hdr, GJWT_JSON_MAX);
	assure_buf_init(&clm, GJWT_JSON_MAX);
	assure_buf_addc(&hdr, '{');
	json_kstr(&hdr, "alg", "RS256", true);
	json_kstr(&hdr, "typ", "JWT", false);
	json_kstr(&hdr, "kid", k->private_key_id, false);
	assure_buf_addc(&hdr, '}');
	assure_buf_addc(&clm, '{');
	json_kstr(&clm, "iss", k->client_email, true);
	json_kstr(&clm, "scope", scope, false);
	json_kstr(&clm, "aud", k->token_uri, false);
	assure_buf_printf(&clm, ",\"iat\":%lld,\"exp\":%lld", (long long)now,
	    (long long)(now + GJWT_LIFETIME));
	if (sub != NULL)
		json_kstr(&clm, "sub", sub, false);
	assure_buf_addc(&clm, '}');
	if ((rc = assure_buf_err(&hdr)) != ASSURE_OK ||
	    (rc = assure_buf_err(&clm)) != ASSURE_OK) {
		rc = assure_diag_set(d, rc, k->client_email, 0, 0, "scope",
		    "the JWT claims: %s", assure_strerror(rc));
		goto out;
	}

	if ((pk = pem_rsa_key(k->private_key.data,
	    k->private_key.len)) == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_INVAL, k->client_email, 0,
		    0, "private_key", "not a PEM RSA private key");
		goto out;
	}
	siglen = (size_t)EVP_PKEY_get_size(pk);
	inlen = gjwt_b64url_len(hdr.len) + 1 + gjwt_b64url_len(clm.len);
	total = inlen + 1 + gjwt_b64url_len(siglen);
	if (sodium_init() < 0 || (p = sodium_malloc(total + 1)) == NULL ||
	    (sig = OPENSSL_malloc(siglen)) == NULL ||
	    (ctx = EVP_MD_CTX_new()) == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, k->client_email, 0,
		    0, NULL, "out of memory");
		goto out;
	}
	n = gjwt_b64url(p, hdr.data, hdr.len);
	p[n++] = '.';
	n += gjwt_b64url(p + n, clm.data, clm.len);
	if (n != inlen)
		assure_bug("JWT signing input: %zu bytes of %zu", n, inlen);
	if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, (unsigned char *)p, n) != 1) {
		ERR_clear_error();
		rc = assure_diag_set(d, ASSURE_ERR_INVAL, k->client_email, 0,
		    0, "private_key", "RS256 signing failed");
		goto out;
	}
	p[n++] = '.';
	n += gjwt_b64url(p + n, sig, siglen);
	ret->data = p;
	ret->len = n;
	p = NULL;
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	OPENSSL_free(sig);
	sodium_free(p);
	assure_buf_free(&hdr);
	assure_buf_free(&clm);
	return rc;
}

enum assure_err
gjwt_token_request(const struct gjwt_key *k, const char *scope,
    const char *sub, int64_t now, struct oauth_secret *ret,
    struct assure_diag *d)
{
	struct oauth_secret jwt;
	const char *pairs[5];
	enum assure_err rc;

	ret->data = NULL;
	ret->len = 0;
	if ((rc = gjwt_assertion(k, scope, sub, now, &jwt, d)) != ASSURE_OK)
		return rc;
	pairs[0] = "grant_type";
	pairs[1] = GJWT_GRANT_TYPE;
	pairs[2] = "assertion";
	pairs[3] = jwt.data;
	pairs[4] = NULL;
	rc = oauth_form(pairs, ret, d);
	oauth_secret_free(&jwt);
	return rc;
}
