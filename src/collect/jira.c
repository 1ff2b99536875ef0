/*
 * jira.c: the Jira collector (see jira.h and docs/COLLECT.md).
 *
 * Every page is kept as Jira sent it.  The collector reads only the
 * paging keys (nextPageToken, isLast) with yajl's tree parser; the issues
 * are judged by the jira-issues parser.  /search/jql has no total and is
 * eventually consistent: a run is one pass over the pages Jira gives.
 */
#include "common/compat.h"

#include <curl/curl.h>
#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "collect/jira.h"
#include "collect/run.h"
#include "common/timeutil.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

#define JIRA_AUTH_MAX	(2 * SECRET_VALUE_MAX + 1024)

struct jira {
	struct workspace		*ws;
	struct run			 run;
	const struct http_opts		*hopts;
	const struct collect_progress	*progress;
	const char			*headers[3];
	char				 base[HTTP_URL_MAX];
	int64_t				 as_of;
	bool				 failed;
	char				 why[RUN_NOTE_MAX];
};

/* Why the run stops, the first reason winning (collect.h). */
#define stop(x, rc, d)	collect_stop(&(x)->failed, (x)->why, \
			    sizeof((x)->why), (rc), (d))

/* Jira's first errorMessages[] of an error body (never a secret). */
static void
error_message(const struct http_response *r, char *out, size_t size)
{
	static const char *path[] = { "errorMessages", NULL };
	yajl_val v, m;

	out[0] = '\0';
	if (r->body.data == NULL)
		return;
	v = yajl_tree_parse(r->body.data, NULL, 0);
	m = v != NULL ? yajl_tree_get(v, path, yajl_t_array) : NULL;
	if (m != NULL && YAJL_GET_ARRAY(m)->len > 0 &&
	    YAJL_IS_STRING(YAJL_GET_ARRAY(m)->values[0]))
		snprintf(out, size, ": %.200s",
		    YAJL_GET_STRING(YAJL_GET_ARRAY(m)->values[0]));
	yajl_tree_free(v);
}

/*
 * GET url into resp and keep it as jira-issues.  A 401, any status but
 * 200, a transfer error or a page the parser refuses ends the run: stop()
 * records why.
 */
static enum assure_err
fetch(struct jira *j, const char *url, struct http_response *resp)
{
	struct http_request req;
	struct run_page p;
	struct assure_diag d;
	char u[HTTP_URL_MAX], msg[256];
	size_t records = 0;
	enum assure_err rc;

	http_url_for_message(url, u, sizeof(u));
	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.url = url;
	req.headers = j->headers;
	assure_diag_clear(&d);
	rc = http_do(j->hopts, &req, resp, &d);
	if (rc != ASSURE_OK)
		return stop(j, rc, &d);
	if (resp->status == 401) {
		assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL,
		    "the email and token were refused (expired or revoked "
		    "token, or another account's): assure secret set "
		    JIRA_SECRET);
		return stop(j, ASSURE_ERR_PERM, &d);
	}
	if (resp->status != 200) {
		error_message(resp, msg, sizeof(msg));
		rc = resp->status == 403 || resp->status == 404 ?
		    ASSURE_ERR_PERM : ASSURE_ERR_IO;
		assure_diag_set(&d, rc, u, 0, 0, NULL, "GET answered HTTP "
		    "%u%s", resp->status, msg);
		return stop(j, rc, &d);
	}
	memset(&p, 0, sizeof(p));
	p.kind = "jira-issues";
	p.url = url;
	p.data = resp->body.data != NULL ? resp->body.data : "";
	p.len = resp->body.len;
	p.as_of = j->as_of;
	rc = run_page(&j->run, &p, &records, &d);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, u);
		return stop(j, rc, &d);
	}
	if (j->progress != NULL && j->progress->page != NULL)
		j->progress->page(j->progress->arg, "jira-issues", u, records);
	return ASSURE_OK;
}

/*
 * The page after the one in resp: *ret_token the escaped nextPageToken
 * (curl_free), NULL when isLast or no token.  A body that is not an
 * object is an error.
 */
static enum assure_err
next_token(struct jira *j, const char *u, const struct http_response *resp,
    char **ret_token)
{
	static const char *tok[] = { "nextPageToken", NULL };
	static const char *last[] = { "isLast", NULL };
	struct assure_diag d;
	yajl_val v, t, l;
	const char *s;

	*ret_token = NULL;
	v = yajl_tree_parse(assure_buf_str(&resp->body), NULL, 0);
	if (v == NULL || !YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, NULL,
		    "the page is not a JSON object");
		return stop(j, ASSURE_ERR_PARSE, &d);
	}
	t = yajl_tree_get(v, tok, yajl_t_string);
	l = yajl_tree_get(v, last, yajl_t_any);
	s = t != NULL ? YAJL_GET_STRING(t) : NULL;
	if (s != NULL && s[0] != '\0' && (l == NULL || !YAJL_IS_TRUE(l))) {
		*ret_token = curl_easy_escape(NULL, s, 0);
		if (*ret_token == NULL) {
			yajl_tree_free(v);
			assure_diag_set(&d, ASSURE_ERR_NOMEM, u, 0, 0, NULL,
			    "out of memory");
			return stop(j, ASSURE_ERR_NOMEM, &d);
		}
	}
	yajl_tree_free(v);
	return ASSURE_OK;
}

/* Every page of the search, following nextPageToken. */
static enum assure_err
collect_search(struct jira *j, const char *jql)
{
	struct http_response resp;
	struct assure_diag d;
	char *q, *token = NULL, *prev = NULL;
	char first[HTTP_URL_MAX], url[HTTP_URL_MAX], u[HTTP_URL_MAX];
	size_t pages = 0;
	int w;
	enum assure_err rc = ASSURE_OK;

	q = curl_easy_escape(NULL, jql, 0);
	if (q == NULL) {
		assure_diag_set(&d, ASSURE_ERR_NOMEM, j->base, 0, 0, NULL,
		    "out of memory");
		return stop(j, ASSURE_ERR_NOMEM, &d);
	}
	w = snprintf(first, sizeof(first), "%s/rest/api/3/search/jql?jql=%s"
	    "&fields=" JIRA_FIELDS "&expand=changelog&maxResults=100",
	    j->base, q);
	curl_free(q);
	if (w < 0 || (size_t)w >= sizeof(first)) {
		assure_diag_set(&d, ASSURE_ERR_LIMIT, j->base, 0, 0, NULL,
		    "a request URL is longer than %d bytes", HTTP_URL_MAX);
		return stop(j, ASSURE_ERR_LIMIT, &d);
	}
	http_response_init(&resp);
	assure_strlcpy(url, first, sizeof(url));
	for (;;) {
		http_url_for_message(url, u, sizeof(u));
		if (++pages > JIRA_PAGES_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "more than %d pages", JIRA_PAGES_MAX);
			rc = stop(j, ASSURE_ERR_LIMIT, &d);
			break;
		}
		rc = fetch(j, url, &resp);
		if (rc == ASSURE_OK)
			rc = next_token(j, u, &resp, &token);
		if (rc != ASSURE_OK || token == NULL)
			break;
		/* The same token twice would page for ever. */
		if (prev != NULL && strcmp(prev, token) == 0) {
			assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0,
			    "nextPageToken", "the same page token twice");
			rc = stop(j, ASSURE_ERR_PARSE, &d);
			break;
		}
		w = snprintf(url, sizeof(url), "%s&nextPageToken=%s", first,
		    token);
		curl_free(prev);
		prev = token;
		token = NULL;
		if (w < 0 || (size_t)w >= sizeof(url)) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0,
			    "nextPageToken", "the next page's URL is longer "
			    "than %d bytes", HTTP_URL_MAX);
			rc = stop(j, ASSURE_ERR_LIMIT, &d);
			break;
		}
	}
	curl_free(token);
	curl_free(prev);
	http_response_free(&resp);
	return rc;
}

static enum assure_err
check_target(const struct jira_target *t, struct assure_diag *d)
{
	if (t->base_url == NULL || t->email == NULL || t->jql == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "jira", 0, 0,
		    NULL, "the site's base URL, the account's email and a "
		    "JQL query are needed");
	if (strlen(t->base_url) >= HTTP_URL_MAX / 4 ||
	    (strncmp(t->base_url, "https://", 8) != 0 &&
	    strncmp(t->base_url, "http://", 7) != 0) ||
	    strchr(t->base_url, '?') != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->base_url, 0, 0,
		    "base-url", "the site's base URL must be http:// or "
		    "https:// (https://acme.atlassian.net)");
	if (t->email[0] == '\0' || strlen(t->email) > 254 ||
	    strchr(t->email, '@') == NULL || strpbrk(t->email,
	    ":\r\n ") != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "jira", 0, 0,
		    "email", "the account's email is an address without ':' "
		    "or spaces");
	if (t->jql[0] == '\0' || strlen(t->jql) > JIRA_JQL_MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "jira", 0, 0,
		    "jql", "the JQL query is 1 to %d bytes (Jira refuses an "
		    "unbounded one)", JIRA_JQL_MAX);
	return ASSURE_OK;
}

enum assure_err
collect_jira(struct workspace *ws, const struct jira_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct jira *j = NULL;
	struct secret tok = { NULL, 0 };
	struct assure_diag d;
	char *auth = NULL, *cred = NULL, target[256];
	size_t n, clen = 0;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = check_target(t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = secret_lookup(ws->dotdir, t->token_secret != NULL &&
	    *t->token_secret != '\0' ? t->token_secret : JIRA_SECRET, JIRA_TOKEN_ENV, &tok,
	    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	/* The credential and the header holding it live in guarded memory
	 * too (secret_lookup() initialised libsodium). */
	auth = sodium_malloc(JIRA_AUTH_MAX);
	cred = sodium_malloc(SECRET_VALUE_MAX + 512);
	j = calloc(1, sizeof(*j));
	if (auth == NULL || cred == NULL || j == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, "jira", 0,
		    0, NULL, "out of memory");
		goto out;
	}
	if (tok.len == 0 || strpbrk(tok.data, "\r\n") != NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    JIRA_SECRET, 0, 0, NULL, "the token is empty or holds a "
		    "line break");
		goto out;
	}
	clen = (size_t)snprintf(cred, SECRET_VALUE_MAX + 512, "%s:%s",
	    t->email, tok.data);
	memcpy(auth, "Authorization: Basic ", 21);
	sodium_bin2base64(auth + 21, JIRA_AUTH_MAX - 21,
	    (const unsigned char *)cred, clen,
	    sodium_base64_VARIANT_ORIGINAL);
	j->ws = ws;
	j->hopts = hopts;
	j->progress = progress;
	j->headers[0] = auth;
	j->headers[1] = "Accept: application/json";
	j->headers[2] = NULL;
	assure_strlcpy(j->base, t->base_url, sizeof(j->base));
	n = strlen(j->base);
	while (n > 0 && j->base[n - 1] == '/')
		j->base[--n] = '\0';
	http_url_for_message(j->base, target, sizeof(target));

	rc = run_begin(ws, "jira", target, now, &j->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = j->run.id;
	j->as_of = j->run.started_at;

	(void)collect_search(j, t->jql);

	ret->pages = j->run.pages;
	ret->records = j->run.records;
	ret->complete = !j->failed;
	assure_strlcpy(ret->why, j->why, sizeof(ret->why));
	assure_diag_clear(&d);
	rc = run_end(&j->run, !j->failed, j->failed ? j->why : NULL,
	    assure_now(), &d);
	if (rc != ASSURE_OK && reterr_diag != NULL)
		*reterr_diag = d;
out:
	sodium_free(auth);
	sodium_free(cred);
	secret_free(&tok);
	free(j);
	return rc;
}
