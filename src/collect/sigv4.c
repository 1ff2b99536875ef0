/*
 * sigv4.c: AWS Signature Version 4 (see sigv4.h for the rules).
 *
 * Everything is built in assure_bufs bounded by SIGV4_TEXT_MAX; the
 * HMAC chain runs on stack buffers that are zeroed on every return path.
 * The test suite (tests/unit/test_sigv4.c) checks each step against
 * AWS's published vectors.
 */
#include "common/compat.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "collect/sigv4.h"
#include "common/hash.h"

#define SIGV4_ALGORITHM		"AWS4-HMAC-SHA256"
#define SIGV4_SECRET_MAX	256

/* ------------------------------------------------------------------ */
/* Encoding */

static bool
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/* Append s[0..n) percent-encoded; '/' kept when keep_slash. */
static void
uri_encode(struct assure_buf *out, const char *s, size_t n, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c) || (keep_slash && c == '/')) {
			assure_buf_addc(out, (char)c);
			continue;
		}
		assure_buf_addc(out, '%');
		assure_buf_addc(out, hex[c >> 4]);
		assure_buf_addc(out, hex[c & 0xf]);
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append s[0..n) percent-decoded; a '%' not followed by two hex digits
 * stands for itself. */
static void
uri_decode(struct assure_buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n &&
		    (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			assure_buf_addc(out, (char)(hi << 4 | lo));
			i += 2;
			continue;
		}
		assure_buf_addc(out, s[i]);
	}
}

/* Record rc as out's sticky error, as a failed append would. */
static void
buf_fail(struct assure_buf *out, enum assure_err rc)
{
	if (out->err == ASSURE_OK)
		out->err = rc;
}

/* ------------------------------------------------------------------ */
/* The canonical URI */

void
sigv4_canonical_uri(struct assure_buf *out, const char *path)
{
	struct assure_buf norm;
	const char *p, *seg, *end;
	bool trailing = false;

	if (path == NULL || *path == '\0')
		path = "/";
	assure_buf_init(&norm, SIGV4_TEXT_MAX);
	p = path;
	end = path + strlen(path);
	while (p < end) {
		size_t n;

		while (p < end && *p == '/')
			p++;
		if (p == end) {
			trailing = true;
			break;
		}
		seg = p;
		while (p < end && *p != '/')
			p++;
		n = (size_t)(p - seg);
		trailing = false;
		if (n == 1 && seg[0] == '.') {
			trailing = true;
			continue;
		}
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			/* Drop the last segment kept, if any. */
			while (norm.len > 0 && norm.data[norm.len - 1] != '/')
				norm.len--;
			if (norm.len > 0)
				norm.len--;
			if (norm.data != NULL)
				norm.data[norm.len] = '\0';
			trailing = true;
			continue;
		}
		assure_buf_addc(&norm, '/');
		assure_buf_add(&norm, seg, n);
	}
	if (assure_buf_err(&norm) != ASSURE_OK) {
		buf_fail(out, assure_buf_err(&norm));
		assure_buf_free(&norm);
		return;
	}
	if (norm.len == 0)
		assure_buf_addc(out, '/');
	else {
		uri_encode(out, norm.data, norm.len, true);
		if (trailing)
			assure_buf_addc(out, '/');
	}
	assure_buf_free(&norm);
}

/* ------------------------------------------------------------------ */
/* The canonical query */

struct qparam {
	char	*name;
	char	*value;
};

static int
qparam_cmp(const void *a, const void *b)
{
	const struct qparam *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* Decode then encode s[0..n) into a malloc'd string; NULL on failure. */
static char *
reencode(const char *s, size_t n)
{
	struct assure_buf dec, enc;
	char *ret;

	assure_buf_init(&dec, SIGV4_TEXT_MAX);
	assure_buf_init(&enc, SIGV4_TEXT_MAX);
	uri_decode(&dec, s, n);
	if (dec.len > 0)
		uri_encode(&enc, dec.data, dec.len, false);
	if (assure_buf_err(&dec) != ASSURE_OK)
		ret = NULL;
	else
		ret = assure_buf_detach(&enc, NULL);
	assure_buf_free(&dec);
	assure_buf_free(&enc);
	return ret;
}

void
sigv4_canonical_query(struct assure_buf *out, const char *query)
{
	struct qparam *qp = NULL;
	size_t nqp = 0, cap = 0, i;
	const char *p, *end;
	bool fail = false;

	if (query == NULL || *query == '\0')
		return;
	p = query;
	end = query + strlen(query);
	while (p <= end && !fail) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp != NULL ? amp : end;
		const char *eq;

		if (stop > p) {
			if (nqp == cap) {
				size_t ncap = cap == 0 ? 8 : cap * 2;
				struct qparam *n;

				n = reallocarray(qp, ncap, sizeof(*qp));
				if (n == NULL) {
					fail = true;
					break;
				}
				qp = n;
				cap = ncap;
			}
			eq = memchr(p, '=', (size_t)(stop - p));
			qp[nqp].name = reencode(p,
			    (size_t)((eq != NULL ? eq : stop) - p));
			qp[nqp].value = eq != NULL ?
			    reencode(eq + 1, (size_t)(stop - eq - 1)) :
			    reencode("", 0);
			if (qp[nqp].name == NULL || qp[nqp].value == NULL) {
				free(qp[nqp].name);
				free(qp[nqp].value);
				fail = true;
				break;
			}
			nqp++;
		}
		if (amp == NULL)
			break;
		p = amp + 1;
	}
	if (fail)
		buf_fail(out, ASSURE_ERR_NOMEM);
	else {
		if (nqp > 1)
			qsort(qp, nqp, sizeof(*qp), qparam_cmp);
		for (i = 0; i < nqp; i++) {
			if (i > 0)
				assure_buf_addc(out, '&');
			assure_buf_adds(out, qp[i].name);
			assure_buf_addc(out, '=');
			assure_buf_adds(out, qp[i].value);
		}
	}
	for (i = 0; i < nqp; i++) {
		free(qp[i].name);
		free(qp[i].value);
	}
	free(qp);
}

/* ------------------------------------------------------------------ */
/* Canonical headers */

struct chdr {
	char		 name[128];
	const char	*value;
};

static bool
token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("\"(),/:;<=>?@[\\]{}", c) ==
	    NULL;
}

/*
 * Append value canonicalised: each line (obs-fold) trimmed, inner runs of
 * blanks made one space, non-empty lines joined by ','.
 */
static void
canonical_value(struct assure_buf *out, const char *v)
{
	bool first_line = true;

	while (*v != '\0') {
		const char *nl = strchr(v, '\n');
		const char *e = nl != NULL ? nl : v + strlen(v);
		const char *s = v;
		bool space = false, any = false;

		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'))
			e--;
		if (s < e && !first_line)
			assure_buf_addc(out, ',');
		for (; s < e; s++) {
			if (*s == ' ' || *s == '\t') {
				space = true;
				continue;
			}
			if (space && any)
				assure_buf_addc(out, ' ');
			space = false;
			any = true;
			assure_buf_addc(out, *s);
		}
		if (any)
			first_line = false;
		if (nl == NULL)
			break;
		v = nl + 1;
	}
}

/* ------------------------------------------------------------------ */
/* Signing */

static bool
hmac256(const void *key, size_t keylen, const void *data, size_t n,
    unsigned char out[32])
{
	unsigned int len = 0;

	if (HMAC(EVP_sha256(), key, (int)keylen, data, n, out, &len) == NULL ||
	    len != 32)
		return false;
	return true;
}

bool
sigv4_signing_key(const char *secret, const char *date, const char *region,
    const char *service, unsigned char key[32])
{
	unsigned char k[32];
	char first[4 + SIGV4_SECRET_MAX + 1];
	size_t slen = strlen(secret);
	bool ok;

	if (slen > SIGV4_SECRET_MAX)
		return false;
	memcpy(first, "AWS4", 4);
	memcpy(first + 4, secret, slen);
	ok = hmac256(first, 4 + slen, date, strlen(date), k) &&
	    hmac256(k, 32, region, strlen(region), k) &&
	    hmac256(k, 32, service, strlen(service), k) &&
	    hmac256(k, 32, "aws4_request", 12, key);
	sodium_memzero(first, sizeof(first));
	sodium_memzero(k, sizeof(k));
	return ok;
}

/* A sodium_malloc'd copy of "name: value"; NULL on failure. */
static char *
secure_line(const char *name, const char *value)
{
	size_t n = strlen(name) + 2 + strlen(value) + 1;
	char *p = sodium_malloc(n);

	if (p == NULL)
		return NULL;
	snprintf(p, n, "%s: %s", name, value);
	return p;
}

static bool
field_ok(const char *s)
{
	return s != NULL && *s != '\0';
}

/* No byte that would end or split a header line. */
static bool
line_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static void
buf_zero_free(struct assure_buf *b)
{
	if (b->data != NULL)
		sodium_memzero(b->data, b->cap);
	assure_buf_free(b);
}

void
sigv4_signed_free(struct sigv4_signed *s)
{
	size_t i;

	if (s == NULL)
		return;
	buf_zero_free(&s->creq);
	buf_zero_free(&s->sts);
	buf_zero_free(&s->authorization);
	for (i = 0; i < ASSURE_ARRAY_LEN(s->lines); i++) {
		sodium_free(s->lines[i]);	/* zeroes before freeing */
		s->lines[i] = NULL;
	}
}

static enum assure_err
build_headers(const struct sigv4_creds *c, const struct sigv4_request *r,
    const char *amz_date, struct chdr *h, size_t *ret_n,
    struct assure_diag *d)
{
	size_t n = 0, i, j;
	bool token = field_ok(c->session_token);

	if (r->nheaders > SIGV4_HEADERS_MAX)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, "sigv4", 0, 0,
		    "headers", "more than %d headers to sign",
		    SIGV4_HEADERS_MAX);
	for (i = 0; i < r->nheaders; i++) {
		const char *nm = r->headers[i].name;
		size_t len = nm != NULL ? strlen(nm) : 0;

		if (len == 0 || len >= sizeof(h[n].name) ||
		    r->headers[i].value == NULL)
			return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0,
			    0, "headers", "header %zu: empty or too long a "
			    "name, or no value", i + 1);
		for (j = 0; j < len; j++) {
			if (!token_char((unsigned char)nm[j]))
				return assure_diag_set(d, ASSURE_ERR_INVAL,
				    "sigv4", 0, 0, "headers", "header %zu: "
				    "a name holds a byte outside a token",
				    i + 1);
			h[n].name[j] = (char)tolower((unsigned char)nm[j]);
		}
		h[n].name[len] = '\0';
		if (strcmp(h[n].name, "host") == 0 ||
		    strcmp(h[n].name, "x-amz-date") == 0 ||
		    strcmp(h[n].name, "x-amz-security-token") == 0 ||
		    strcmp(h[n].name, "authorization") == 0)
			return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0,
			    0, "headers", "header %s is the signer's own",
			    h[n].name);
		h[n].value = r->headers[i].value;
		n++;
	}
	assure_strlcpy(h[n].name, "host", sizeof(h[n].name));
	h[n++].value = r->host;
	assure_strlcpy(h[n].name, "x-amz-date", sizeof(h[n].name));
	h[n++].value = amz_date;
	if (token) {
		assure_strlcpy(h[n].name, "x-amz-security-token",
		    sizeof(h[n].name));
		h[n++].value = c->session_token;
	}
	/* Stable insertion sort by name: repeated names keep their order. */
	for (i = 1; i < n; i++) {
		struct chdr t = h[i];

		for (j = i; j > 0 && strcmp(h[j - 1].name, t.name) > 0; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
	*ret_n = n;
	return ASSURE_OK;
}

enum assure_err
sigv4_sign(const struct sigv4_creds *c, const struct sigv4_request *r,
    struct sigv4_signed *out, struct assure_diag *d)
{
	struct chdr h[SIGV4_HEADERS_MAX + 3];
	unsigned char digest[ASSURE_SHA256_LEN], key[32], sig[32];
	char hex[2 * ASSURE_SHA256_LEN + 1], date[9];
	struct assure_buf sh;
	struct tm tm;
	time_t tt;
	size_t nh = 0, i;
	enum assure_err rc;
	bool ok;

	memset(out, 0, sizeof(*out));
	assure_buf_init(&out->creq, SIGV4_TEXT_MAX);
	assure_buf_init(&out->sts, SIGV4_TEXT_MAX);
	assure_buf_init(&out->authorization, SIGV4_TEXT_MAX);
	if (sodium_init() < 0)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "sigv4", 0, 0,
		    NULL, "libsodium failed to initialise");
	if (!field_ok(r->method))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "method", "no method");
	if (!field_ok(r->host) || !line_safe(r->host))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "host", "no host, or a control byte in it");
	if (!field_ok(r->region) || !line_safe(r->region))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "region", "no region");
	if (!field_ok(r->service) || !line_safe(r->service))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "service", "no service");
	if (!field_ok(c->access_key) || !line_safe(c->access_key))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "access_key", "no access key, or a control byte in it");
	if (!field_ok(c->secret_key) ||
	    strlen(c->secret_key) > SIGV4_SECRET_MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "secret_key", "no secret key, or one over %d bytes",
		    SIGV4_SECRET_MAX);
	if (field_ok(c->session_token) && !line_safe(c->session_token))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "session_token", "a control byte in the session token");

	tt = (time_t)r->now;
	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 < 1000 ||
	    tm.tm_year + 1900 > 9999 || strftime(out->amz_date,
	    sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm) != SIGV4_DATE_LEN)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "sigv4", 0, 0,
		    "now", "the time is out of range");
	memcpy(date, out->amz_date, 8);
	date[8] = '\0';
	if ((size_t)snprintf(out->scope, sizeof(out->scope),
	    "%s/%s/%s/aws4_request", date, r->region, r->service) >=
	    sizeof(out->scope))
		return assure_diag_set(d, ASSURE_ERR_LIMIT, "sigv4", 0, 0,
		    "region", "the region and service are too long");

	rc = build_headers(c, r, out->amz_date, h, &nh, d);
	if (rc != ASSURE_OK)
		return rc;

	/* 1. The canonical request. */
	assure_buf_adds(&out->creq, r->method);
	assure_buf_addc(&out->creq, '\n');
	sigv4_canonical_uri(&out->creq, r->path);
	assure_buf_addc(&out->creq, '\n');
	sigv4_canonical_query(&out->creq, r->query);
	assure_buf_addc(&out->creq, '\n');
	assure_buf_init(&sh, sizeof(out->signed_headers));
	for (i = 0; i < nh; i++) {
		bool again = i > 0 && strcmp(h[i - 1].name, h[i].name) == 0;

		if (again)
			assure_buf_addc(&out->creq, ',');
		else {
			if (i > 0) {
				assure_buf_addc(&out->creq, '\n');
				assure_buf_addc(&sh, ';');
			}
			assure_buf_adds(&out->creq, h[i].name);
			assure_buf_addc(&out->creq, ':');
			assure_buf_adds(&sh, h[i].name);
		}
		canonical_value(&out->creq, h[i].value);
	}
	assure_buf_adds(&out->creq, "\n\n");
	if (assure_buf_err(&sh) != ASSURE_OK) {
		assure_buf_free(&sh);
		return assure_diag_set(d, ASSURE_ERR_LIMIT, "sigv4", 0, 0,
		    "headers", "the signed header names are too long");
	}
	assure_strlcpy(out->signed_headers, assure_buf_str(&sh),
	    sizeof(out->signed_headers));
	assure_buf_free(&sh);
	assure_buf_adds(&out->creq, out->signed_headers);
	assure_buf_addc(&out->creq, '\n');
	if (assure_sha256(r->payload != NULL ? r->payload : "",
	    r->payload != NULL ? r->payload_len : 0, digest) != ASSURE_OK)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "sigv4", 0, 0,
		    "payload", "hashing the payload failed");
	assure_hex(digest, sizeof(digest), hex);
	assure_buf_adds(&out->creq, hex);
	if ((rc = assure_buf_err(&out->creq)) != ASSURE_OK)
		return assure_diag_set(d, rc, "sigv4", 0, 0, "request",
		    "the canonical request: %s", assure_strerror(rc));

	/* 2. The string to sign. */
	if (assure_sha256(out->creq.data, out->creq.len, digest) != ASSURE_OK)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "sigv4", 0, 0,
		    "request", "hashing the canonical request failed");
	assure_hex(digest, sizeof(digest), hex);
	assure_buf_printf(&out->sts, "%s\n%s\n%s\n%s", SIGV4_ALGORITHM,
	    out->amz_date, out->scope, hex);
	if ((rc = assure_buf_err(&out->sts)) != ASSURE_OK)
		return assure_diag_set(d, rc, "sigv4", 0, 0, "request",
		    "the string to sign: %s", assure_strerror(rc));

	/* 3 and 4. The signing key and the signature. */
	ok = sigv4_signing_key(c->secret_key, date, r->region, r->service,
	    key) && hmac256(key, sizeof(key), out->sts.data, out->sts.len,
	    sig);
	sodium_memzero(key, sizeof(key));
	if (!ok)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "sigv4", 0, 0,
		    "secret_key", "HMAC-SHA256 failed");
	assure_hex(sig, sizeof(sig), out->signature);
	assure_buf_printf(&out->authorization,
	    "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
	    SIGV4_ALGORITHM, c->access_key, out->scope, out->signed_headers,
	    out->signature);
	if ((rc = assure_buf_err(&out->authorization)) != ASSURE_OK)
		return assure_diag_set(d, rc, "sigv4", 0, 0, "request",
		    "the Authorization header: %s", assure_strerror(rc));

	out->lines[0] = secure_line("Authorization",
	    assure_buf_str(&out->authorization));
	out->lines[1] = secure_line("X-Amz-Date", out->amz_date);
	if (field_ok(c->session_token))
		out->lines[2] = secure_line("X-Amz-Security-Token",
		    c->session_token);
	if (out->lines[0] == NULL || out->lines[1] == NULL ||
	    (field_ok(c->session_token) && out->lines[2] == NULL))
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "sigv4", 0, 0,
		    NULL, "out of memory");
	return ASSURE_OK;
}
