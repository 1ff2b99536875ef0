/*
 * collect.c: what every collector shares (see collect.h).
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "collect/collect.h"
#include "collect/http.h"
#include "collect/oauth.h"

void
collect_note(const struct collect_progress *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p == NULL || p->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->note(p->arg, msg);
}

enum assure_err
collect_stop(bool *failed, char *why, size_t size, enum assure_err rc,
    const struct assure_diag *d)
{
	if (!*failed) {
		*failed = true;
		assure_diag_format(d, why, size);
	}
	return rc;
}

bool
collect_same_origin(const char *base, const char *url)
{
	size_t n = strcspn(base + strcspn(base, ":") + 3, "/") +
	    strcspn(base, ":") + 3;

	return strncmp(base, url, n) == 0 && (url[n] == '/' ||
	    url[n] == '\0' || url[n] == '?');
}

enum assure_err
collect_token_exchange(const struct http_opts *o, const char *token_url,
    const struct oauth_secret *body, struct oauth_secret *bearer,
    struct assure_diag *d)
{
	static const char *const hdr[] = {
		"Content-Type: application/x-www-form-urlencoded",
		"Accept: application/json", NULL };
	struct http_request req;
	struct http_response resp;
	struct oauth_token tok;
	char u[HTTP_URL_MAX];
	enum assure_err rc;

	http_url_for_message(token_url, u, sizeof(u));
	memset(&tok, 0, sizeof(tok));
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = token_url;
	req.headers = hdr;
	req.body = body->data;
	req.body_len = body->len;
	http_response_init(&resp);
	rc = http_do(o, &req, &resp, d);
	if (rc == ASSURE_OK)
		rc = oauth_token_parse(u, resp.status, resp.body.data != NULL ?
		    resp.body.data : "", resp.body.len, &tok, d);
	/* The answer held the token. */
	if (resp.body.data != NULL)
		sodium_memzero(resp.body.data, resp.body.len);
	http_response_free(&resp);
	if (rc == ASSURE_OK) {
		oauth_secret_free(bearer);
		rc = oauth_bearer_line(&tok, bearer, d);
	}
	oauth_token_free(&tok);
	return rc;
}

enum assure_err
collect_url(bool *failed, char *why, size_t why_size, const char *base,
    char *out, size_t size, const char *fmt, ...)
{
	struct assure_diag d;
	size_t n = strlen(base);
	va_list ap;
	int w;

	if (n >= size)
		w = -1;
	else {
		memcpy(out, base, n + 1);
		va_start(ap, fmt);
		w = vsnprintf(out + n, size - n, fmt, ap);
		va_end(ap);
	}
	if (w < 0 || (size_t)w >= size - n) {
		assure_diag_set(&d, ASSURE_ERR_LIMIT, base, 0, 0, NULL,
		    "a request URL is longer than %d bytes", HTTP_URL_MAX);
		return collect_stop(failed, why, why_size, ASSURE_ERR_LIMIT,
		    &d);
	}
	return ASSURE_OK;
}
