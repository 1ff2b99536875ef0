/*
 * graph.c: the Microsoft Graph collector (see graph.h and
 * docs/COLLECT.md).
 *
 * The pages are kept as Graph sent them.  The collector reads one field
 * itself, @odata.nextLink, with yajl's tree parser; everything kept is
 * judged by the kind's own parser.  The client secret and the access
 * token live in guarded memory (secret.h, oauth.h), the token endpoint's
 * answer is zeroed before it is released, and no message carries either.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdlib.h>

#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "collect/graph.h"
#include "collect/oauth.h"
#include "collect/run.h"
#include "common/timeutil.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

#define GRAPH_TOKENS_MAX	2	/* the first, and one after a 401 */
#define GRAPH_USERS_PATH	"/v1.0/users?$select=id,userPrincipalName," \
	"displayName,accountEnabled,signInActivity,createdDateTime,userType" \
	"&$top=999"
#define GRAPH_REG_PATH \
	"/v1.0/reports/authenticationMethods/userRegistrationDetails"

struct gr {
	struct workspace		*ws;
	struct run			 run;
	const struct http_opts		*hopts;
	const struct collect_progress	*progress;
	const struct graph_target	*t;
	struct secret			 client_secret;
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

/* Graph's error.code and error.message of an error body, for the note. */
static void
error_message(const struct http_response *r, char *out, size_t size)
{
	static const char *cpath[] = { "error", "code", NULL };
	static const char *mpath[] = { "error", "message", NULL };
	yajl_val v, c, m;

	out[0] = '\0';
	if (r->body.data == NULL)
		return;
	v = yajl_tree_parse(r->body.data, NULL, 0);
	c = v != NULL ? yajl_tree_get(v, cpath, yajl_t_string) : NULL;
	m = v != NULL ? yajl_tree_get(v, mpath, yajl_t_string) : NULL;
	if (c != NULL || m != NULL)
		snprintf(out, size, ": %.60s%s%.200s", c != NULL ?
		    YAJL_GET_STRING(c) : "", c != NULL && m != NULL ? ": " :
		    "", m != NULL ? YAJL_GET_STRING(m) : "");
	yajl_tree_free(v);
}

/* A new access token from the client-credentials grant. */
static enum assure_err
get_token(struct gr *g)
{
	struct oauth_secret body = { NULL, 0 };
	struct assure_diag d;
	char url[HTTP_URL_MAX];
	enum assure_err rc;

	g->tokens++;
	assure_diag_clear(&d);
	rc = oauth_client_credentials(g->t->tenant, g->t->client_id,
	    g->client_secret.data, NULL, url, sizeof(url), &body, &d);
	if (rc != ASSURE_OK)
		return stop(g, rc, &d);
	/* The login host overridden (tests, national clouds). */
	if (g->t->login_url != NULL)
		snprintf(g->token_url, sizeof(g->token_url), "%s%s",
		    g->t->login_url, url + strlen(OAUTH_MS_LOGIN));
	else
		assure_strlcpy(g->token_url, url, sizeof(g->token_url));
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
fetch(struct gr *g, const char *url, struct http_response *resp)
{
	struct http_request req;
	struct assure_diag d;
	char u[HTTP_URL_MAX], msg[320];
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
		if (g->tokens >= GRAPH_TOKENS_MAX) {
			assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL,
			    "the access token was refused (HTTP 401) again "
			    "after a new one: check the app's permissions "
			    "(User.Read.All, AuditLog.Read.All)");
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

/* The page's @odata.nextLink into out ("" when none); refused when it
 * leaves the base URL's origin. */
static enum assure_err
next_link(struct gr *g, const struct http_response *resp, const char *u,
    char *out, size_t size)
{
	static const char *path[] = { "@odata.nextLink", NULL };
	struct assure_diag d;
	yajl_val v, l;
	enum assure_err rc = ASSURE_OK;

	out[0] = '\0';
	v = yajl_tree_parse(assure_buf_str(&resp->body), NULL, 0);
	if (v == NULL || !YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, NULL,
		    "the page is not a JSON object");
		return stop(g, ASSURE_ERR_PARSE, &d);
	}
	l = yajl_tree_get(v, path, yajl_t_string);
	if (l != NULL && YAJL_GET_STRING(l)[0] != '\0') {
		if (!collect_same_origin(g->base, YAJL_GET_STRING(l))) {
			assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0,
			    "@odata.nextLink", "the next page is on another "
			    "host than the API's; not followed");
			rc = stop(g, ASSURE_ERR_PERM, &d);
		} else if (assure_strlcpy(out, YAJL_GET_STRING(l), size) >=
		    size) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0,
			    "@odata.nextLink", "the next link is longer than "
			    "%d bytes", HTTP_URL_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
		}
	}
	yajl_tree_free(v);
	return rc;
}

/* Every page of a list from path on, kept as kind. */
static enum assure_err
collect_list(struct gr *g, const char *path, const char *kind)
{
	struct http_response resp;
	struct run_page p;
	struct assure_diag d;
	char *url, *next, u[HTTP_URL_MAX];
	size_t pages = 0, records;
	enum assure_err rc = ASSURE_OK;

	url = malloc(HTTP_URL_MAX);
	next = malloc(HTTP_URL_MAX);
	if (url == NULL || next == NULL) {
		free(url);
		free(next);
		assure_diag_set(&d, ASSURE_ERR_NOMEM, g->base, 0, 0, NULL,
		    "out of memory");
		return stop(g, ASSURE_ERR_NOMEM, &d);
	}
	snprintf(url, HTTP_URL_MAX, "%s%s", g->base, path);
	http_response_init(&resp);
	for (;;) {
		http_url_for_message(url, u, sizeof(u));
		if (++pages > GRAPH_PAGES_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "more than %d pages", GRAPH_PAGES_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
			break;
		}
		rc = fetch(g, url, &resp);
		if (rc != ASSURE_OK)
			break;
		memset(&p, 0, sizeof(p));
		p.kind = kind;
		p.url = url;
		p.data = resp.body.data != NULL ? resp.body.data : "";
		p.len = resp.body.len;
		p.as_of = g->as_of;
		p.tenant = g->t->tenant;
		records = 0;
		assure_diag_clear(&d);
		rc = run_page(&g->run, &p, &records, &d);
		if (rc != ASSURE_OK) {
			assure_diag_default_source(&d, u);
			rc = stop(g, rc, &d);
			break;
		}
		if (g->progress != NULL && g->progress->page != NULL)
			g->progress->page(g->progress->arg, kind, u, records);
		rc = next_link(g, &resp, u, next, HTTP_URL_MAX);
		if (rc != ASSURE_OK || next[0] == '\0')
			break;
		memcpy(url, next, strlen(next) + 1);
	}
	http_response_free(&resp);
	free(url);
	free(next);
	return rc;
}

static bool
url_ok(const char *u)
{
	return strlen(u) < HTTP_URL_MAX / 2 &&
	    (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

static enum assure_err
check_target(const struct graph_target *t, struct assure_diag *d)
{
	const char *base = t->base_url != NULL ? t->base_url :
	    GRAPH_BASE_URL_DEFAULT;
	size_t i;

	if (t->tenant == NULL || t->tenant[0] == '\0' ||
	    t->client_id == NULL || t->client_id[0] == '\0')
		return assure_diag_set(d, ASSURE_ERR_INVAL, "graph", 0, 0,
		    NULL, "name the tenant and the app's client id");
	for (i = 0; t->tenant[i] != '\0'; i++)
		if (!isalnum((unsigned char)t->tenant[i]) &&
		    t->tenant[i] != '-' && t->tenant[i] != '.')
			return assure_diag_set(d, ASSURE_ERR_INVAL, t->tenant,
			    0, 0, "tenant", "a tenant is a GUID or a domain "
			    "name");
	if (i > 253)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "graph", 0, 0,
		    "tenant", "a tenant is at most 253 bytes");
	for (i = 0; t->client_id[i] != '\0'; i++)
		if (!isalnum((unsigned char)t->client_id[i]) &&
		    t->client_id[i] != '-')
			return assure_diag_set(d, ASSURE_ERR_INVAL,
			    t->client_id, 0, 0, "client-id", "a client id is "
			    "a GUID");
	if (i > 64)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "graph", 0, 0,
		    "client-id", "a client id is at most 64 bytes");
	if (!url_ok(base))
		return assure_diag_set(d, ASSURE_ERR_INVAL, base, 0, 0,
		    "base-url", "the API's base URL must be http:// or "
		    "https://");
	if (t->login_url != NULL && !url_ok(t->login_url))
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->login_url, 0,
		    0, "token-url", "the login endpoint must be http:// or "
		    "https://");
	return ASSURE_OK;
}

enum assure_err
collect_graph(struct workspace *ws, const struct graph_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct gr *g;
	struct assure_diag d;
	size_t n;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = check_target(t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, "graph",
		    0, 0, NULL, "out of memory");
	rc = secret_lookup(ws->dotdir, t->secret != NULL && *t->secret !=
	    '\0' ? t->secret : GRAPH_SECRET, GRAPH_SECRET_ENV,
	    &g->client_secret, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	if (g->client_secret.len == 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    GRAPH_SECRET, 0, 0, NULL, "the client secret is empty");
		goto out;
	}
	g->ws = ws;
	g->hopts = hopts;
	g->progress = progress;
	g->t = t;
	g->headers[1] = "Accept: application/json";
	assure_strlcpy(g->base, t->base_url != NULL ? t->base_url :
	    GRAPH_BASE_URL_DEFAULT, sizeof(g->base));
	n = strlen(g->base);
	while (n > 0 && g->base[n - 1] == '/')
		g->base[--n] = '\0';

	rc = run_begin(ws, "graph", t->tenant, now, &g->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = g->run.id;
	g->as_of = g->run.started_at;

	rc = get_token(g);
	if (rc == ASSURE_OK)
		rc = collect_list(g, GRAPH_USERS_PATH, "entra-users");
	if (rc == ASSURE_OK)
		rc = collect_list(g, GRAPH_REG_PATH,
		    "entra-registration-details");

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
	secret_free(&g->client_secret);
	free(g);
	return rc;
}
