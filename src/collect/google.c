/*
 * google.c: the Google Workspace collector (see google.h and
 * docs/COLLECT.md).
 *
 * The pages are kept as Google sent them.  The collector reads one field
 * itself, nextPageToken, with yajl's tree parser; everything kept is
 * judged by the kind's own parser.  The access token lives in guarded
 * memory (oauth.h), the token endpoint's answer is zeroed before it is
 * released, and no message carries the key, the assertion or a token.
 */
#include "common/compat.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>

#include <curl/curl.h>
#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "collect/gjwt.h"
#include "collect/google.h"
#include "collect/oauth.h"
#include "collect/run.h"
#include "common/timeutil.h"
#include "workspace/workspace.h"

#define GOOGLE_TOKENS_MAX	2	/* the first, and one after a 401 */

struct gw {
	struct workspace		*ws;
	struct run			 run;
	const struct http_opts		*hopts;
	const struct collect_progress	*progress;
	struct gjwt_key			 key;
	const char			*subject;
	char				 token_url[HTTP_URL_MAX];
	char				 base[HTTP_URL_MAX];
	struct oauth_secret		 bearer;	/* the header line */
	const char			*headers[3];
	int64_t				 as_of;
	unsigned			 tokens;
	bool				 failed;
	char				 why[RUN_NOTE_MAX];
};

/* Why the run stops, the first reason winning (collect.h). */
#define stop(x, rc, d)	collect_stop(&(x)->failed, (x)->why, \
			    sizeof((x)->why), (rc), (d))

/* Google's error.message of an error body, for the note. */
static void
error_message(const struct http_response *r, char *out, size_t size)
{
	static const char *path[] = { "error", "message", NULL };
	yajl_val v, m;

	out[0] = '\0';
	if (r->body.data == NULL)
		return;
	v = yajl_tree_parse(r->body.data, NULL, 0);
	m = v != NULL ? yajl_tree_get(v, path, yajl_t_string) : NULL;
	if (m != NULL)
		snprintf(out, size, ": %.200s", YAJL_GET_STRING(m));
	yajl_tree_free(v);
}

/*
 * A new access token: the signed assertion POSTed to the token endpoint,
 * its answer read by oauth_token_parse(), the bearer line kept.
 */
static enum assure_err
get_token(struct gw *g)
{
	struct oauth_secret body = { NULL, 0 };
	struct assure_diag d;
	enum assure_err rc;

	g->tokens++;
	assure_diag_clear(&d);
	rc = gjwt_token_request(&g->key, GOOGLE_SCOPE, g->subject,
	    assure_now(), &body, &d);
	if (rc != ASSURE_OK)
		return stop(g, rc, &d);
	rc = collect_token_exchange(g->hopts, g->token_url, &body,
	    &g->bearer, &d);
	oauth_secret_free(&body);
	if (rc != ASSURE_OK)
		return stop(g, rc, &d);
	g->headers[0] = g->bearer.data;
	return ASSURE_OK;
}

/*
 * GET url into resp.  A 401 gets a new token and the request again, once
 * a run; any other status but 200, a transfer error, or a second 401 ends
 * the run: stop() records why.
 */
static enum assure_err
fetch(struct gw *g, const char *url, struct http_response *resp)
{
	struct http_request req;
	struct assure_diag d;
	char u[HTTP_URL_MAX], msg[256];
	enum assure_err rc;

	http_url_for_message(url, u, sizeof(u));
	for (;;) {
		memset(&req, 0, sizeof(req));
		req.method = "GET";
		req.url = url;
		req.headers = g->headers;
		assure_diag_clear(&d);
		rc = http_do(g->hopts, &req, resp, &d);
		if (rc != ASSURE_OK)
			return stop(g, rc, &d);
		if (resp->status != 401)
			break;
		if (g->tokens >= GOOGLE_TOKENS_MAX) {
			assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL,
			    "the access token was refused (HTTP 401) again "
			    "after a new one: check the service account's "
			    "domain-wide delegation and the subject");
			return stop(g, ASSURE_ERR_PERM, &d);
		}
		rc = get_token(g);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (resp->status != 200) {
		error_message(resp, msg, sizeof(msg));
		rc = resp->status == 403 || resp->status == 404 ?
		    ASSURE_ERR_PERM : ASSURE_ERR_IO;
		assure_diag_set(&d, rc, u, 0, 0, NULL, "GET answered HTTP "
		    "%u%s", resp->status, msg);
		return stop(g, rc, &d);
	}
	return ASSURE_OK;
}

/* The page's nextPageToken, URL-escaped, into out ("" when none). */
static enum assure_err
next_token(struct gw *g, const struct http_response *resp, const char *u,
    char *out, size_t size)
{
	static const char *path[] = { "nextPageToken", NULL };
	struct assure_diag d;
	yajl_val v, t;
	char *esc = NULL;
	enum assure_err rc = ASSURE_OK;

	out[0] = '\0';
	v = yajl_tree_parse(assure_buf_str(&resp->body),
	    NULL, 0);
	if (v == NULL || !YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, NULL,
		    "the page is not a JSON object");
		return stop(g, ASSURE_ERR_PARSE, &d);
	}
	t = yajl_tree_get(v, path, yajl_t_string);
	if (t != NULL && YAJL_GET_STRING(t)[0] != '\0') {
		esc = curl_easy_escape(NULL, YAJL_GET_STRING(t), 0);
		if (esc == NULL || assure_strlcpy(out, esc, size) >= size) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0,
			    "nextPageToken", "the page token is too long");
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
		}
		curl_free(esc);
	}
	yajl_tree_free(v);
	return rc;
}

/* Every page of the users list. */
static enum assure_err
collect_users(struct gw *g, const char *customer)
{
	struct http_response resp;
	struct run_page p;
	struct assure_diag d;
	char url[HTTP_URL_MAX], u[HTTP_URL_MAX], tok[4096];
	size_t pages = 0, records;
	int w;
	enum assure_err rc = ASSURE_OK;

	tok[0] = '\0';
	http_response_init(&resp);
	do {
		w = snprintf(url, sizeof(url), "%s/admin/directory/v1/users?"
		    "customer=%s&maxResults=500&projection=full%s%s", g->base,
		    customer, tok[0] != '\0' ? "&pageToken=" : "", tok);
		http_url_for_message(url, u, sizeof(u));
		if (w < 0 || (size_t)w >= sizeof(url)) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "a request URL is longer than %d bytes",
			    HTTP_URL_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
			break;
		}
		if (++pages > GOOGLE_PAGES_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "more than %d pages", GOOGLE_PAGES_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
			break;
		}
		rc = fetch(g, url, &resp);
		if (rc != ASSURE_OK)
			break;
		memset(&p, 0, sizeof(p));
		p.kind = "google-workspace-users";
		p.url = url;
		p.data = resp.body.data != NULL ? resp.body.data : "";
		p.len = resp.body.len;
		p.as_of = g->as_of;
		records = 0;
		assure_diag_clear(&d);
		rc = run_page(&g->run, &p, &records, &d);
		if (rc != ASSURE_OK) {
			assure_diag_default_source(&d, u);
			rc = stop(g, rc, &d);
			break;
		}
		if (g->progress != NULL && g->progress->page != NULL)
			g->progress->page(g->progress->arg, p.kind, u,
			    records);
		rc = next_token(g, &resp, u, tok, sizeof(tok));
	} while (rc == ASSURE_OK && tok[0] != '\0');
	http_response_free(&resp);
	return rc;
}

static bool
url_ok(const char *u)
{
	return strlen(u) < HTTP_URL_MAX / 2 &&
	    (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

/* Whether path (which exists) lies inside the workspace's root. */
static bool
inside_workspace(const struct workspace *ws, const char *path)
{
	char root[PATH_MAX], p[PATH_MAX];
	size_t n;

	if (realpath(ws->root, root) == NULL || realpath(path, p) == NULL)
		return false;
	n = strlen(root);
	return strncmp(p, root, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

static enum assure_err
check_target(const struct workspace *ws, const struct google_target *t,
    struct assure_diag *d)
{
	const char *base = t->base_url != NULL ? t->base_url :
	    GOOGLE_BASE_URL_DEFAULT;
	size_t i;

	if (t->key_file == NULL || t->key_file[0] == '\0' ||
	    t->subject == NULL || t->subject[0] == '\0')
		return assure_diag_set(d, ASSURE_ERR_INVAL, "google", 0, 0,
		    NULL, "name the service account's key file and the "
		    "administrator it impersonates (subject)");
	if (strchr(t->subject, '@') == NULL || strlen(t->subject) > 254 ||
	    strpbrk(t->subject, " \t\r\n\"\\") != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->subject, 0, 0,
		    "subject", "expected the e-mail address of an "
		    "administrator");
	if (t->customer != NULL) {
		if (t->customer[0] == '\0' || strlen(t->customer) > 64)
			return assure_diag_set(d, ASSURE_ERR_INVAL, "google",
			    0, 0, "customer", "a customer is 1 to 64 "
			    "letters, digits and '_'");
		for (i = 0; t->customer[i] != '\0'; i++)
			if (!isalnum((unsigned char)t->customer[i]) &&
			    t->customer[i] != '_')
				return assure_diag_set(d, ASSURE_ERR_INVAL,
				    t->customer, 0, 0, "customer", "a "
				    "customer is letters, digits and '_'");
	}
	if (!url_ok(base))
		return assure_diag_set(d, ASSURE_ERR_INVAL, base, 0, 0,
		    "base-url", "the API's base URL must be http:// or "
		    "https://");
	if (t->token_url != NULL && !url_ok(t->token_url))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "google", 0, 0,
		    "token-url", "the token endpoint must be http:// or "
		    "https://");
	if (inside_workspace(ws, t->key_file))
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->key_file, 0, 0,
		    "key-file", "the key file is inside the workspace, which "
		    "is committed: keep the key outside it");
	return ASSURE_OK;
}

enum assure_err
collect_google(struct workspace *ws, const struct google_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct gw *g;
	struct assure_diag d;
	const char *customer = t->customer != NULL ? t->customer :
	    GOOGLE_CUSTOMER_DEFAULT;
	char target[256];
	size_t n;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = check_target(ws, t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (sodium_init() < 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_IO,
		    "google", 0, 0, NULL, "libsodium cannot start");
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, "google",
		    0, 0, NULL, "out of memory");
	rc = gjwt_key_load(t->key_file, &g->key, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	g->ws = ws;
	g->hopts = hopts;
	g->progress = progress;
	g->subject = t->subject;
	g->headers[0] = NULL;
	g->headers[1] = "Accept: application/json";
	g->headers[2] = NULL;
	assure_strlcpy(g->token_url, t->token_url != NULL ? t->token_url :
	    g->key.token_uri, sizeof(g->token_url));
	assure_strlcpy(g->base, t->base_url != NULL ? t->base_url :
	    GOOGLE_BASE_URL_DEFAULT, sizeof(g->base));
	n = strlen(g->base);
	while (n > 0 && g->base[n - 1] == '/')
		g->base[--n] = '\0';

	snprintf(target, sizeof(target), "%s (%s)", customer, t->subject);
	rc = run_begin(ws, "google", target, now, &g->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = g->run.id;
	g->as_of = g->run.started_at;

	rc = get_token(g);
	if (rc == ASSURE_OK)
		rc = collect_users(g, customer);

	ret->pages = g->run.pages;
	ret->records = g->run.records;
	ret->complete = !g->failed;
	assure_strlcpy(ret->why, g->why, sizeof(ret->why));
	assure_diag_clear(&d);
	rc = run_end(&g->run, !g->failed, g->failed ? g->why : NULL,
	    assure_now(), &d);
	if (rc != ASSURE_OK && reterr_diag != NULL)
		*reterr_diag = d;
out:
	oauth_secret_free(&g->bearer);
	gjwt_key_free(&g->key);
	free(g);
	return rc;
}
