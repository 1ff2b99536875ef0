/*
 * oauth.c: OAuth 2.0 form bodies, Microsoft's client-credentials request
 * and the token endpoint's answer (see oauth.h).
 *
 * Secrets are written once into sodium_malloc'd memory of their final
 * size, never grown through realloc (which would leave copies behind).
 * The answer is read with jstream_parse_text(), whose own buffers are
 * plain heap: the access token passes through them on its way to guarded
 * memory.
 */
#include "common/compat.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "collect/oauth.h"
#include "parse/jstream.h"

void
oauth_secret_free(struct oauth_secret *s)
{
	if (s == NULL)
		return;
	sodium_free(s->data);	/* zeroes before freeing; NULL is fine */
	s->data = NULL;
	s->len = 0;
}

/* Guarded memory for len bytes and a NUL; NULL on failure. */
static char *
secret_alloc(size_t len)
{
	char *p;

	if (sodium_init() < 0)
		return NULL;
	p = sodium_malloc(len + 1);
	if (p != NULL)
		p[len] = '\0';
	return p;
}

/* ------------------------------------------------------------------ */
/* Form bodies */

static bool
form_kept(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '*' || c == '-' || c == '.' ||
	    c == '_';
}

size_t
oauth_form_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += form_kept((unsigned char)*s) || *s == ' ' ? 1 : 3;
	return n;
}

size_t
oauth_form_encode(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (form_kept(c))
			out[n++] = (char)c;
		else if (c == ' ')
			out[n++] = '+';
		else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 0xf];
		}
	}
	return n;
}

enum assure_err
oauth_form(const char *const *pairs, struct oauth_secret *ret,
    struct assure_diag *d)
{
	size_t len = 0, i, n;
	char *p;

	ret->data = NULL;
	ret->len = 0;
	for (i = 0; pairs[i] != NULL; i += 2) {
		if (pairs[i + 1] == NULL)
			return assure_diag_set(d, ASSURE_ERR_INVAL, "oauth", 0,
			    0, pairs[i], "no value");
		len += (i > 0) + oauth_form_len(pairs[i]) + 1 +
		    oauth_form_len(pairs[i + 1]);
		if (len > OAUTH_BODY_MAX)
			return assure_diag_set(d, ASSURE_ERR_LIMIT, "oauth", 0,
			    0, pairs[i], "the request body would pass %u "
			    "bytes", OAUTH_BODY_MAX);
	}
	if ((p = secret_alloc(len)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "oauth", 0, 0,
		    NULL, "out of guarded memory");
	n = 0;
	for (i = 0; pairs[i] != NULL; i += 2) {
		if (i > 0)
			p[n++] = '&';
		n += oauth_form_encode(p + n, pairs[i]);
		p[n++] = '=';
		n += oauth_form_encode(p + n, pairs[i + 1]);
	}
	if (n != len)
		assure_bug("form body: wrote %zu bytes of %zu", n, len);
	p[n] = '\0';
	ret->data = p;
	ret->len = n;
	return ASSURE_OK;
}

/* ------------------------------------------------------------------ */
/* Microsoft identity platform */

static bool
tenant_ok(const char *t)
{
	size_t n = strlen(t), i;

	if (n == 0 || n > 253 || t[0] == '.' || t[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)t[i]) && t[i] != '.' &&
		    t[i] != '-')
			return false;
	return true;
}

enum assure_err
oauth_client_credentials(const char *tenant, const char *client_id,
    const char *client_secret, const char *scope, char *url, size_t size,
    struct oauth_secret *ret, struct assure_diag *d)
{
	const char *pairs[9];

	ret->data = NULL;
	ret->len = 0;
	if (tenant == NULL || !tenant_ok(tenant))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "entra", 0, 0,
		    "tenant", "a tenant is a GUID or a domain name "
		    "([A-Za-z0-9.-])");
	if (client_id == NULL || *client_id == '\0')
		return assure_diag_set(d, ASSURE_ERR_INVAL, "entra", 0, 0,
		    "client_id", "no client id");
	if (client_secret == NULL || *client_secret == '\0')
		return assure_diag_set(d, ASSURE_ERR_INVAL, "entra", 0, 0,
		    "client_secret", "no client secret");
	if ((size_t)snprintf(url, size, "%s/%s/oauth2/v2.0/token",
	    OAUTH_MS_LOGIN, tenant) >= size)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, "entra", 0, 0,
		    "tenant", "the token URL does not fit");
	pairs[0] = "client_id";
	pairs[1] = client_id;
	pairs[2] = "client_secret";
	pairs[3] = client_secret;
	pairs[4] = "scope";
	pairs[5] = scope != NULL ? scope : OAUTH_GRAPH_SCOPE;
	pairs[6] = "grant_type";
	pairs[7] = "client_credentials";
	pairs[8] = NULL;
	return oauth_form(pairs, ret, d);
}

/* ------------------------------------------------------------------ */
/* The token endpoint's answer */

struct tokparse {
	unsigned		 status;
	struct oauth_token	*t;
};

/* Copy s into out (size bytes) with control bytes made spaces. */
static void
clean_copy(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; i + 1 < size && s[i] != '\0'; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' :
		    s[i];
	out[i] = '\0';
}

static enum assure_err
tok_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct tokparse *tp = arg;
	struct oauth_token *t = tp->t;
	const struct jfield *f;
	const char *err, *desc;
	char e[128], ds[320];
	long long v;
	size_t i;

	err = jrec_str(r, "error");
	if (err != NULL || tp->status < 200 || tp->status > 299) {
		desc = jrec_str(r, "error_description");
		clean_copy(e, sizeof(e), err != NULL ? err : "no error code");
		clean_copy(ds, sizeof(ds), desc != NULL ? desc :
		    "no description");
		return assure_diag_set(d, ASSURE_ERR_PERM, jstream_source(js),
		    0, 0, "error", "the token endpoint refused (status %u): "
		    "%s: %s", tp->status, e, ds);
	}
	f = jrec_get(r, "access_token");
	if (f == NULL || f->type != JT_STRING || f->len == 0)
		return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(js),
		    f != NULL ? f->line : r->line, f != NULL ? f->col : r->col,
		    "access_token", "%s", f == NULL ? "missing" :
		    "not a non-empty string");
	if (f->len > OAUTH_TOKEN_MAX || memchr(f->val, '\0', f->len) != NULL)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "longer than %u bytes or holds a NUL", OAUTH_TOKEN_MAX);
	for (i = 0; i < f->len; i++)
		if ((unsigned char)f->val[i] < 0x21 || f->val[i] == 0x7f)
			return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
			    "holds a control byte or a space");
	f = jrec_get(r, "token_type");
	if (f != NULL) {
		if (f->type != JT_STRING || strcasecmp(f->val, "bearer") != 0)
			return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
			    "not Bearer");
		assure_strlcpy(t->token_type, "Bearer",
		    sizeof(t->token_type));
	}
	f = jrec_get(r, "expires_in");
	if (f != NULL && f->type != JT_NULL) {
		if ((f->type != JT_NUMBER && f->type != JT_STRING) ||
		    assure_strtonum(f->val, 0, OAUTH_EXPIRES_MAX, &v) != 0)
			return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
			    "not a whole number of seconds up to %lld",
			    (long long)OAUTH_EXPIRES_MAX);
		t->expires_in = v;
	}
	f = jrec_get(r, "access_token");
	t->access_token.data = secret_alloc(f->len);
	if (t->access_token.data == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, jstream_source(js),
		    0, 0, NULL, "out of guarded memory");
	memcpy(t->access_token.data, f->val, f->len);
	t->access_token.len = f->len;
	return ASSURE_OK;
}

void
oauth_token_free(struct oauth_token *t)
{
	if (t == NULL)
		return;
	oauth_secret_free(&t->access_token);
	t->token_type[0] = '\0';
	t->expires_in = -1;
}

enum assure_err
oauth_token_parse(const char *source, unsigned status, const void *body,
    size_t len, struct oauth_token *ret, struct assure_diag *d)
{
	struct tokparse tp;
	struct assure_diag pd;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	ret->expires_in = -1;
	tp.status = status;
	tp.t = ret;
	assure_diag_clear(&pd);
	rc = jstream_parse_text(source, body != NULL ? body : "",
	    body != NULL ? len : 0, tok_record, &tp, &pd);
	if (rc == ASSURE_ERR_PARSE && (status < 200 || status > 299))
		rc = assure_diag_set(&pd, ASSURE_ERR_PERM, source, 0, 0,
		    "error", "the token endpoint refused (status %u) and its "
		    "answer is not the JSON error form", status);
	if (rc != ASSURE_OK) {
		oauth_token_free(ret);
		if (d != NULL)
			*d = pd;
	}
	return rc;
}

enum assure_err
oauth_bearer_line(const struct oauth_token *t, struct oauth_secret *ret,
    struct assure_diag *d)
{
	static const char pre[] = "Authorization: Bearer ";
	size_t len;

	ret->data = NULL;
	ret->len = 0;
	if (t->access_token.data == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "oauth", 0, 0,
		    "access_token", "no access token");
	len = sizeof(pre) - 1 + t->access_token.len;
	if ((ret->data = secret_alloc(len)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "oauth", 0, 0,
		    NULL, "out of guarded memory");
	memcpy(ret->data, pre, sizeof(pre) - 1);
	memcpy(ret->data + sizeof(pre) - 1, t->access_token.data,
	    t->access_token.len);
	ret->len = len;
	return ASSURE_OK;
}
