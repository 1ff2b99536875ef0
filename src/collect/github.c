/*
 * github.c: the GitHub collector (see github.h and docs/COLLECT.md).
 *
 * The pages are kept as GitHub sent them, with one exception: a page of
 * GET /orgs/{org}/members?role=R gets "role": R added to each member,
 * since the list itself does not say which role was asked for and the
 * github-org-members parser reads it from the record.  The collector
 * reads a few fields itself (pull numbers and merged_at, deployment ids,
 * the default branch) with yajl's tree parser; everything kept is judged
 * by the kind's own parser.
 */
#include "common/compat.h"

#include <ctype.h>

#include <curl/curl.h>
#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "collect/cond.h"
#include "collect/github.h"
#include "collect/run.h"
#include "common/timeutil.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

#define GITHUB_AUTH_MAX		(SECRET_VALUE_MAX + 32)

struct gh {
	struct workspace		*ws;
	struct run			 run;
	const struct http_opts		*hopts;
	const struct collect_progress	*progress;
	const char			*headers[4];
	char				 base[HTTP_URL_MAX];
	int64_t				 as_of;
	size_t				 singles, singles_max;
	size_t				 unchanged;	/* 304s */
	bool				 failed;
	char				 why[RUN_NOTE_MAX];
};

/* The kind's options of a page. */
struct page_opts {
	const char	*repo, *branch, *change, *tenant;
	const char	*add_role;	/* members pages: the role asked */
	bool		 unprotected_ok; /* a 404 "Branch not protected" */
};

bool
github_name_ok(const char *s, bool repo)
{
	const char *slash = strchr(s, '/');
	size_t i;

	if (repo ? slash == NULL || slash == s || slash[1] == '\0' ||
	    strchr(slash + 1, '/') != NULL : slash != NULL)
		return false;
	if (s[0] == '\0' || strlen(s) > 200)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.' && s[i] != '/')
			return false;
	/* "." and ".." would walk the API's paths. */
	return strstr(s, "..") == NULL && strcmp(s, ".") != 0 &&
	    strncmp(s, "./", 2) != 0 && strstr(s, "/.") == NULL;
}

/* The run's remarks for people (collect.h). */
#define note(x, ...)	collect_note((x)->progress, __VA_ARGS__)

/* Why the run stops, the first reason winning (collect.h). */
#define stop(x, rc, d)	collect_stop(&(x)->failed, (x)->why, \
			    sizeof((x)->why), (rc), (d))

/* GitHub's "message" of an error body, for the note (never a secret). */
static void
error_message(const struct http_response *r, char *out, size_t size)
{
	yajl_val v, m;
	static const char *path[] = { "message", NULL };

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
 * body with "role": role added to each object of its top-level array.
 * A scan of the JSON text (strings and nesting) rather than a parse and
 * a re-serialisation, so that every other byte stays as GitHub sent it.
 */
static enum assure_err
add_role(const char *body, size_t len, const char *role,
    struct assure_buf *out)
{
	int depth = 0;
	bool str = false, esc = false;
	size_t i, j;

	for (i = 0; i < len; i++) {
		char c = body[i];

		assure_buf_addc(out, c);
		if (str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				str = false;
			continue;
		}
		if (c == '"')
			str = true;
		else if (c == '[' || c == '{') {
			depth++;
			if (c == '{' && depth == 2) {
				assure_buf_printf(out, "\"role\":\"%s\"", role);
				for (j = i + 1; j < len &&
				    isspace((unsigned char)body[j]); j++)
					;
				if (j < len && body[j] != '}')
					assure_buf_addc(out, ',');
			}
		} else if (c == ']' || c == '}')
			depth--;
	}
	return assure_buf_err(out);
}

/*
 * GET url into resp and keep it as kind (kind NULL: only read it).  A 401,
 * any status but 200 (and, for protection, the 404 of an unprotected
 * branch), a transfer error or a page the parser refuses ends the run:
 * stop() records why.
 *
 * A page to keep is asked for conditionally (cond.h): a 304 Not Modified
 * answers with the bytes stored for it last time (the role already in
 * them), kept again as this run's page; a 200 with an ETag or a
 * Last-Modified is remembered once stored.
 */
static enum assure_err
fetch(struct gh *g, const char *url, const char *kind,
    const struct page_opts *po, struct http_response *resp)
{
	struct http_request req;
	struct run_page p;
	struct assure_diag d;
	struct assure_buf roled;
	char u[HTTP_URL_MAX], msg[256];
	size_t records = 0, max = 0;
	uint64_t body_max;
	bool keep, not_modified = false;
	enum assure_err rc;

	http_url_for_message(url, u, sizeof(u));
	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.url = url;
	req.headers = g->headers;
	assure_diag_clear(&d);
	if (po->add_role != NULL) {
		/* The stored members pages have the role added. */
		body_max = g->hopts != NULL && g->hopts->body_max > 0 ?
		    g->hopts->body_max : HTTP_BODY_MAX_DEFAULT;
		max = body_max < (SIZE_MAX - 4096) / 2 ?
		    (size_t)(2 * body_max + 4096) : SIZE_MAX - 1;
	}
	rc = cond_get(g->ws, g->hopts, &req, kind, max, resp, &not_modified,
	    &d);
	if (rc != ASSURE_OK)
		return stop(g, rc, &d);
	if (resp->status == 401) {
		assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL,
		    "the token was refused (expired or revoked): assure "
		    "secret set " GITHUB_SECRET);
		return stop(g, ASSURE_ERR_PERM, &d);
	}
	keep = resp->status == 200 || not_modified;
	if (resp->status == 404 && po->unprotected_ok &&
	    resp->body.data != NULL &&
	    strstr(resp->body.data, "Branch not protected") != NULL)
		keep = true;
	if (!keep) {
		error_message(resp, msg, sizeof(msg));
		rc = resp->status == 403 || resp->status == 404 ?
		    ASSURE_ERR_PERM : ASSURE_ERR_IO;
		assure_diag_set(&d, rc, u, 0, 0, NULL, "GET answered HTTP "
		    "%u%s", resp->status, msg);
		return stop(g, rc, &d);
	}
	if (kind == NULL)
		return ASSURE_OK;	/* read, not kept */
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.url = url;
	p.data = resp->body.data != NULL ? resp->body.data : "";
	p.len = resp->body.len;
	p.as_of = g->as_of;
	p.repo = po->repo;
	p.branch = po->branch;
	p.change = po->change;
	p.tenant = po->tenant;
	assure_buf_init(&roled, 2 * resp->body.len + 4096);
	if (po->add_role != NULL && !not_modified) {
		rc = add_role(p.data, p.len, po->add_role, &roled);
		if (rc != ASSURE_OK) {
			assure_buf_free(&roled);
			assure_diag_set(&d, rc, u, 0, 0, NULL,
			    "cannot add the role to the member list");
			return stop(g, rc, &d);
		}
		p.data = assure_buf_str(&roled);
		p.len = roled.len;
	}
	rc = run_page(&g->run, &p, &records, &d);
	if (rc == ASSURE_OK && not_modified)
		g->unchanged++;
	else if (rc == ASSURE_OK && resp->status == 200)
		rc = cond_remember(g->ws, url, kind, resp, p.data, p.len,
		    assure_now(), &d);
	assure_buf_free(&roled);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, u);
		return stop(g, rc, &d);
	}
	if (g->progress != NULL && g->progress->page != NULL)
		g->progress->page(g->progress->arg, kind, u, records);
	return ASSURE_OK;
}

/* What a list's pages are read for, besides being kept. */
typedef enum assure_err (*page_fn)(struct gh *g, yajl_val arr, void *arg);

/* Every page of a list from url on, following rel="next". */
static enum assure_err
fetch_list(struct gh *g, const char *first, const char *kind,
    const struct page_opts *po, page_fn fn, void *arg)
{
	struct http_response resp;
	struct assure_diag d;
	char *url = strdup(first), u[HTTP_URL_MAX];
	size_t pages = 0;
	yajl_val v;
	enum assure_err rc = ASSURE_OK;

	http_response_init(&resp);
	if (url == NULL) {
		assure_diag_set(&d, ASSURE_ERR_NOMEM, first, 0, 0, NULL,
		    "out of memory");
		return stop(g, ASSURE_ERR_NOMEM, &d);
	}
	while (url != NULL) {
		http_url_for_message(url, u, sizeof(u));
		if (++pages > GITHUB_PAGES_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "more than %d pages", GITHUB_PAGES_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
			break;
		}
		rc = fetch(g, url, kind, po, &resp);
		if (rc != ASSURE_OK)
			break;
		if (fn != NULL) {
			v = yajl_tree_parse(assure_buf_str(&resp.body), NULL,
			    0);
			if (v == NULL || !YAJL_IS_ARRAY(v)) {
				yajl_tree_free(v);
				assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0,
				    NULL, "the page is not a JSON array");
				rc = stop(g, ASSURE_ERR_PARSE, &d);
				break;
			}
			rc = fn(g, v, arg);
			yajl_tree_free(v);
			if (rc != ASSURE_OK) {
				assure_diag_set(&d, rc, u, 0, 0, NULL,
				    "out of memory");
				rc = stop(g, rc, &d);
				break;
			}
		}
		free(url);
		url = NULL;
		if (resp.next[0] != '\0') {
			if (!collect_same_origin(g->base, resp.next)) {
				assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0,
				    "Link", "the next page is on another "
				    "host than the API's; not followed");
				rc = stop(g, ASSURE_ERR_PERM, &d);
				break;
			}
			url = strdup(resp.next);
			if (url == NULL) {
				assure_diag_set(&d, ASSURE_ERR_NOMEM, u, 0, 0,
				    NULL, "out of memory");
				rc = stop(g, ASSURE_ERR_NOMEM, &d);
				break;
			}
		}
	}
	free(url);
	http_response_free(&resp);
	return rc;
}

struct ids {
	int64_t	*v;
	size_t	 n, cap;
};

static enum assure_err
ids_add(struct ids *ids, int64_t id)
{
	int64_t *t;

	if (ids->n == ids->cap) {
		ids->cap = ids->cap == 0 ? 64 : ids->cap * 2;
		t = realloc(ids->v, ids->cap * sizeof(*t));
		if (t == NULL)
			return ASSURE_ERR_NOMEM;
		ids->v = t;
	}
	ids->v[ids->n++] = id;
	return ASSURE_OK;
}

/* The numbers of the merged pulls of a page. */
static enum assure_err
merged_pulls(struct gh *g, yajl_val arr, void *arg)
{
	static const char *num[] = { "number", NULL };
	static const char *merged[] = { "merged_at", NULL };
	yajl_val n, m;
	size_t i;

	(void)g;
	for (i = 0; i < YAJL_GET_ARRAY(arr)->len; i++) {
		yajl_val o = YAJL_GET_ARRAY(arr)->values[i];

		n = yajl_tree_get(o, num, yajl_t_number);
		m = yajl_tree_get(o, merged, yajl_t_string);
		if (n != NULL && YAJL_IS_INTEGER(n) && m != NULL &&
		    ids_add(arg, YAJL_GET_INTEGER(n)) != ASSURE_OK)
			return ASSURE_ERR_NOMEM;
	}
	return ASSURE_OK;
}

/* The ids of the deployments of a page. */
static enum assure_err
deployment_ids(struct gh *g, yajl_val arr, void *arg)
{
	static const char *id[] = { "id", NULL };
	yajl_val n;
	size_t i;

	(void)g;
	for (i = 0; i < YAJL_GET_ARRAY(arr)->len; i++) {
		n = yajl_tree_get(YAJL_GET_ARRAY(arr)->values[i], id,
		    yajl_t_number);
		if (n != NULL && YAJL_IS_INTEGER(n) &&
		    ids_add(arg, YAJL_GET_INTEGER(n)) != ASSURE_OK)
			return ASSURE_ERR_NOMEM;
	}
	return ASSURE_OK;
}

/* base followed by a path: a URL too long stops the run (collect.h). */
#define url_of(x, out, size, ...)\
	collect_url(&(x)->failed, (x)->why, sizeof((x)->why), (x)->base, \
	    (out), (size), __VA_ARGS__)

static enum assure_err
collect_pulls(struct gh *g, const char *repo)
{
	struct page_opts po;
	struct ids merged;
	char url[HTTP_URL_MAX], change[32];
	struct http_response resp;
	size_t i, skipped = 0;
	enum assure_err rc;

	memset(&po, 0, sizeof(po));
	memset(&merged, 0, sizeof(merged));
	po.repo = repo;
	rc = url_of(g, url, sizeof(url),
	    "/repos/%s/pulls?state=closed&per_page=100", repo);
	if (rc == ASSURE_OK)
		rc = fetch_list(g, url, "github-pulls", &po, merged_pulls,
		    &merged);
	http_response_init(&resp);
	for (i = 0; rc == ASSURE_OK && i < merged.n; i++) {
		snprintf(change, sizeof(change), "%lld",
		    (long long)merged.v[i]);
		if (g->singles < g->singles_max) {
			g->singles++;
			rc = url_of(g, url, sizeof(url), "/repos/%s/pulls/%s",
			    repo, change);
			if (rc == ASSURE_OK)
				rc = fetch(g, url, "github-pulls", &po, &resp);
		} else
			skipped++;
		if (rc != ASSURE_OK)
			break;
		po.change = change;
		rc = url_of(g, url, sizeof(url),
		    "/repos/%s/pulls/%s/reviews?per_page=100", repo, change);
		if (rc == ASSURE_OK)
			rc = fetch_list(g, url, "github-reviews", &po, NULL,
			    NULL);
		po.change = NULL;
	}
	if (skipped > 0)
		note(g, "%s: %zu merged pulls beyond the cap of %zu single "
		    "pulls a run: their merged_by is not collected this run",
		    repo, skipped, g->singles_max);
	http_response_free(&resp);
	free(merged.v);
	return rc;
}

static enum assure_err
collect_deployments(struct gh *g, const char *repo)
{
	struct page_opts po;
	struct ids deps;
	char url[HTTP_URL_MAX], change[32];
	size_t i;
	enum assure_err rc;

	memset(&po, 0, sizeof(po));
	memset(&deps, 0, sizeof(deps));
	po.repo = repo;
	rc = url_of(g, url, sizeof(url), "/repos/%s/deployments?per_page=100",
	    repo);
	if (rc == ASSURE_OK)
		rc = fetch_list(g, url, "github-deployments", &po,
		    deployment_ids, &deps);
	for (i = 0; rc == ASSURE_OK && i < deps.n; i++) {
		snprintf(change, sizeof(change), "%lld",
		    (long long)deps.v[i]);
		po.change = change;
		rc = url_of(g, url, sizeof(url),
		    "/repos/%s/deployments/%s/statuses?per_page=100", repo,
		    change);
		if (rc == ASSURE_OK)
			rc = fetch_list(g, url, "github-deployment-statuses",
			    &po, NULL, NULL);
	}
	free(deps.v);
	return rc;
}

/* The repository's default branch, read (not kept) from GET /repos/... */
static enum assure_err
default_branch(struct gh *g, const char *repo, char *out, size_t size)
{
	static const char *path[] = { "default_branch", NULL };
	struct http_response resp;
	struct page_opts po;
	struct assure_diag d;
	char url[HTTP_URL_MAX];
	yajl_val v, b;
	enum assure_err rc;

	memset(&po, 0, sizeof(po));
	http_response_init(&resp);
	rc = url_of(g, url, sizeof(url), "/repos/%s", repo);
	if (rc == ASSURE_OK)
		rc = fetch(g, url, NULL, &po, &resp);
	if (rc == ASSURE_OK) {
		v = yajl_tree_parse(assure_buf_str(&resp.body), NULL, 0);
		b = v != NULL ? yajl_tree_get(v, path, yajl_t_string) : NULL;
		if (b == NULL || assure_strlcpy(out, YAJL_GET_STRING(b),
		    size) >= size || out[0] == '\0') {
			http_url_for_message(url, url, sizeof(url));
			assure_diag_set(&d, ASSURE_ERR_PARSE, url, 0, 0,
			    "default_branch", "no default branch in the "
			    "repository's answer");
			rc = stop(g, ASSURE_ERR_PARSE, &d);
		}
		yajl_tree_free(v);
	}
	http_response_free(&resp);
	return rc;
}

static enum assure_err
collect_protection(struct gh *g, const char *repo, const char *branch)
{
	struct http_response resp;
	struct page_opts po;
	struct assure_diag d;
	char url[HTTP_URL_MAX];
	char *esc;
	enum assure_err rc;

	/* A branch "release/1.x" is one path segment of the API. */
	esc = curl_easy_escape(NULL, branch, 0);
	if (esc == NULL) {
		assure_diag_set(&d, ASSURE_ERR_NOMEM, branch, 0, 0, NULL,
		    "out of memory");
		return stop(g, ASSURE_ERR_NOMEM, &d);
	}
	memset(&po, 0, sizeof(po));
	po.repo = repo;
	po.branch = branch;
	po.unprotected_ok = true;
	http_response_init(&resp);
	rc = url_of(g, url, sizeof(url), "/repos/%s/branches/%s/protection",
	    repo, esc);
	curl_free(esc);
	if (rc == ASSURE_OK)
		rc = fetch(g, url, "github-branch-protection", &po, &resp);
	http_response_free(&resp);
	return rc;
}

static enum assure_err
collect_org(struct gh *g, const char *org)
{
	static const char *roles[] = { "admin", "member" };
	struct http_response resp;
	struct page_opts po;
	char url[HTTP_URL_MAX];
	size_t i;
	enum assure_err rc = ASSURE_OK;

	memset(&po, 0, sizeof(po));
	po.tenant = org;
	for (i = 0; rc == ASSURE_OK && i < ASSURE_ARRAY_LEN(roles); i++) {
		po.add_role = roles[i];
		rc = url_of(g, url, sizeof(url),
		    "/orgs/%s/members?role=%s&per_page=100", org, roles[i]);
		if (rc == ASSURE_OK)
			rc = fetch_list(g, url, "github-org-members", &po,
			    NULL, NULL);
	}
	po.add_role = NULL;
	http_response_init(&resp);
	if (rc == ASSURE_OK)
		rc = url_of(g, url, sizeof(url), "/orgs/%s", org);
	if (rc == ASSURE_OK)
		rc = fetch(g, url, "github-org-members", &po, &resp);
	http_response_free(&resp);
	return rc;
}

static enum assure_err
check_target(const struct github_target *t, struct assure_diag *d)
{
	const char *base = t->base_url != NULL ? t->base_url :
	    GITHUB_BASE_URL_DEFAULT;
	size_t i;

	if (t->nrepos == 0 && t->org == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "github", 0, 0,
		    NULL, "nothing to collect: name a repository or an "
		    "organisation");
	if (t->nrepos > GITHUB_REPOS_MAX || t->nbranches >
	    GITHUB_BRANCHES_MAX)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, "github", 0, 0,
		    NULL, "at most %d repositories and %d branches a run",
		    GITHUB_REPOS_MAX, GITHUB_BRANCHES_MAX);
	for (i = 0; i < t->nrepos; i++)
		if (!github_name_ok(t->repos[i], true))
			return assure_diag_set(d, ASSURE_ERR_INVAL,
			    t->repos[i], 0, 0, "repo", "a repository is "
			    "OWNER/NAME of letters, digits, '-', '_', '.'");
	if (t->org != NULL && !github_name_ok(t->org, false))
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->org, 0, 0,
		    "org", "an organisation is letters, digits, '-', '_', "
		    "'.'");
	for (i = 0; i < t->nbranches; i++)
		if (t->branches[i][0] == '\0' || strlen(t->branches[i]) >
		    255)
			return assure_diag_set(d, ASSURE_ERR_INVAL, "github",
			    0, 0, "branch", "a branch name is 1 to 255 bytes");
	if (strlen(base) >= HTTP_URL_MAX / 2 ||
	    (strncmp(base, "https://", 8) != 0 &&
	    strncmp(base, "http://", 7) != 0))
		return assure_diag_set(d, ASSURE_ERR_INVAL, base, 0, 0,
		    "base-url", "the API's base URL must be http:// or "
		    "https:// (GitHub Enterprise Server: "
		    "https://HOST/api/v3)");
	return ASSURE_OK;
}

enum assure_err
collect_github(struct workspace *ws, const struct github_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct gh *g = NULL;
	struct secret tok = { NULL, 0 };
	struct assure_diag d;
	char *auth = NULL, target[256], branch[256];
	size_t i, j, n;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = check_target(t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = secret_lookup(ws->dotdir, t->token_secret != NULL &&
	    *t->token_secret != '\0' ? t->token_secret : GITHUB_SECRET,
	    GITHUB_TOKEN_ENV, &tok, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	/* The header holding the token lives in guarded memory too
	 * (secret_lookup() initialised libsodium). */
	auth = sodium_malloc(GITHUB_AUTH_MAX);
	g = calloc(1, sizeof(*g));
	if (auth == NULL || g == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, "github",
		    0, 0, NULL, "out of memory");
		goto out;
	}
	if (tok.len == 0 || strpbrk(tok.data, "\r\n") != NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    GITHUB_SECRET, 0, 0, NULL, "the token is empty or holds "
		    "a line break");
		goto out;
	}
	snprintf(auth, GITHUB_AUTH_MAX, "Authorization: Bearer %s", tok.data);
	g->ws = ws;
	g->hopts = hopts;
	g->progress = progress;
	g->headers[0] = auth;
	g->headers[1] = "Accept: application/vnd.github+json";
	g->headers[2] = "X-GitHub-Api-Version: " GITHUB_API_VERSION;
	g->headers[3] = NULL;
	assure_strlcpy(g->base, t->base_url != NULL ? t->base_url :
	    GITHUB_BASE_URL_DEFAULT, sizeof(g->base));
	n = strlen(g->base);
	while (n > 0 && g->base[n - 1] == '/')
		g->base[--n] = '\0';
	g->singles_max = t->singles_max > 0 ? t->singles_max :
	    GITHUB_SINGLES_DEFAULT;

	/* What the run collects, for people: the first repository, the
	 * count of the others, the organisation. */
	if (t->nrepos > 0)
		snprintf(target, sizeof(target), "%s%s%s%s%s", t->repos[0],
		    t->nrepos > 1 ? " and others" : "",
		    t->org != NULL ? " (" : "", t->org != NULL ? t->org : "",
		    t->org != NULL ? ")" : "");
	else
		snprintf(target, sizeof(target), "%s", t->org);
	rc = run_begin(ws, "github", target, now, &g->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = g->run.id;
	g->as_of = g->run.started_at;

	rc = ASSURE_OK;
	for (i = 0; rc == ASSURE_OK && i < t->nrepos; i++) {
		const char *repo = t->repos[i];

		rc = collect_pulls(g, repo);
		if (rc == ASSURE_OK)
			rc = collect_deployments(g, repo);
		if (rc == ASSURE_OK && t->nbranches == 0) {
			rc = default_branch(g, repo, branch, sizeof(branch));
			if (rc == ASSURE_OK)
				rc = collect_protection(g, repo, branch);
		}
		for (j = 0; rc == ASSURE_OK && j < t->nbranches; j++)
			rc = collect_protection(g, repo, t->branches[j]);
	}
	if (rc == ASSURE_OK && t->org != NULL)
		rc = collect_org(g, t->org);

	if (g->unchanged > 0)
		note(g, "%zu page%s unchanged since the last run (304)",
		    g->unchanged, g->unchanged == 1 ? "" : "s");
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
	sodium_free(auth);
	secret_free(&tok);
	free(g);
	return rc;
}
