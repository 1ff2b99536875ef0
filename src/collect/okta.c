/*
 * okta.c: the Okta collector (see okta.h and docs/COLLECT.md).
 *
 * Every page is kept as Okta sent it.  The collector reads a few fields
 * itself with yajl's tree parser (the ids and statuses of the users, the
 * admins list's _links.next, whether a System Log page is empty);
 * everything kept is judged by the kind's own parser.
 *
 * The System Log is read from `since` without `until`: Okta then answers
 * a polling request whose every page has a rel="next", and a page with
 * no events means the log has been read up to now.  It is read last, so
 * that the run's end (the next run's since) follows its last page.
 */
#include "common/compat.h"

#include <ctype.h>

#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "collect/okta.h"
#include "collect/run.h"
#include "common/timeutil.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

#define OKTA_AUTH_MAX		(SECRET_VALUE_MAX + 32)
#define OKTA_ID_MAX		64
#define OKTA_RUNS_SCAN		64	/* runs read for the last one */

struct okta {
	struct workspace		*ws;
	struct run			 run;
	const struct http_opts		*hopts;
	const struct collect_progress	*progress;
	const char			*headers[3];
	char				 base[HTTP_URL_MAX];
	const char			*tenant;
	int64_t				 as_of;
	bool				 failed;
	char				 why[RUN_NOTE_MAX];
};

/* The kind's options of a page. */
struct page_opts {
	const char	*tenant, *user;
	bool		 body_next;	/* and the body's _links.next.href */
};

/* The run's remarks for people (collect.h). */
#define note(x, ...)	collect_note((x)->progress, __VA_ARGS__)

/* Why the run stops, the first reason winning (collect.h). */
#define stop(x, rc, d)	collect_stop(&(x)->failed, (x)->why, \
			    sizeof((x)->why), (rc), (d))

/* Okta's errorSummary of an error body, for the note (never a secret). */
static void
error_message(const struct http_response *r, char *out, size_t size)
{
	static const char *path[] = { "errorSummary", NULL };
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
 * GET url into resp and keep it as kind.  A 401, any status but 200, a
 * transfer error or a page the parser refuses ends the run: stop()
 * records why.
 */
static enum assure_err
fetch(struct okta *k, const char *url, const char *kind,
    const struct page_opts *po, struct http_response *resp)
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
	req.headers = k->headers;
	assure_diag_clear(&d);
	rc = http_do(k->hopts, &req, resp, &d);
	if (rc != ASSURE_OK)
		return stop(k, rc, &d);
	if (resp->status == 401) {
		assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL,
		    "the token was refused (expired or revoked): assure "
		    "secret set " OKTA_SECRET);
		return stop(k, ASSURE_ERR_PERM, &d);
	}
	if (resp->status != 200) {
		error_message(resp, msg, sizeof(msg));
		rc = resp->status == 403 || resp->status == 404 ?
		    ASSURE_ERR_PERM : ASSURE_ERR_IO;
		assure_diag_set(&d, rc, u, 0, 0, NULL, "GET answered HTTP "
		    "%u%s", resp->status, msg);
		return stop(k, rc, &d);
	}
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.url = url;
	p.data = resp->body.data != NULL ? resp->body.data : "";
	p.len = resp->body.len;
	p.as_of = k->as_of;
	p.tenant = po->tenant;
	p.user = po->user;
	rc = run_page(&k->run, &p, &records, &d);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, u);
		return stop(k, rc, &d);
	}
	if (k->progress != NULL && k->progress->page != NULL)
		k->progress->page(k->progress->arg, kind, u, records);
	return ASSURE_OK;
}

/* What a list's pages are read for, besides being kept; *ret_last set
 * ends the list (a System Log page with no events). */
typedef enum assure_err (*page_fn)(struct okta *k, yajl_val v, void *arg,
    bool *ret_last);

/* The next page's URL: the Link header's, else (po->body_next) the
 * body's _links.next.href; "" when none. */
static void
next_of(const struct http_response *resp, yajl_val v,
    const struct page_opts *po, char *out, size_t size)
{
	static const char *path[] = { "_links", "next", "href", NULL };
	yajl_val h;

	assure_strlcpy(out, resp->next, size);
	if (out[0] != '\0' || !po->body_next || v == NULL)
		return;
	h = yajl_tree_get(v, path, yajl_t_string);
	if (h != NULL && assure_strlcpy(out, YAJL_GET_STRING(h), size) >=
	    size)
		out[0] = '\0';
}

/* Every page of a list from first on, following rel="next". */
static enum assure_err
fetch_list(struct okta *k, const char *first, const char *kind,
    const struct page_opts *po, page_fn fn, void *arg)
{
	struct http_response resp;
	struct assure_diag d;
	char *url = strdup(first), u[HTTP_URL_MAX], next[HTTP_URL_MAX];
	size_t pages = 0;
	bool last = false;
	yajl_val v;
	enum assure_err rc = ASSURE_OK;

	http_response_init(&resp);
	if (url == NULL) {
		assure_diag_set(&d, ASSURE_ERR_NOMEM, first, 0, 0, NULL,
		    "out of memory");
		return stop(k, ASSURE_ERR_NOMEM, &d);
	}
	while (url != NULL) {
		http_url_for_message(url, u, sizeof(u));
		if (++pages > OKTA_PAGES_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "more than %d pages", OKTA_PAGES_MAX);
			rc = stop(k, ASSURE_ERR_LIMIT, &d);
			break;
		}
		rc = fetch(k, url, kind, po, &resp);
		if (rc != ASSURE_OK)
			break;
		v = NULL;
		if (fn != NULL || po->body_next)
			v = yajl_tree_parse(assure_buf_str(&resp.body), NULL,
			    0);
		if (fn != NULL) {
			if (v == NULL || !YAJL_IS_ARRAY(v)) {
				yajl_tree_free(v);
				assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0,
				    NULL, "the page is not a JSON array");
				rc = stop(k, ASSURE_ERR_PARSE, &d);
				break;
			}
			rc = fn(k, v, arg, &last);
			if (rc != ASSURE_OK) {
				yajl_tree_free(v);
				assure_diag_set(&d, rc, u, 0, 0, NULL,
				    "out of memory");
				rc = stop(k, rc, &d);
				break;
			}
		}
		next_of(&resp, v, po, next, sizeof(next));
		yajl_tree_free(v);
		free(url);
		url = NULL;
		if (next[0] != '\0' && !last) {
			if (!collect_same_origin(k->base, next)) {
				assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0,
				    "Link", "the next page is on another "
				    "host than the org's; not followed");
				rc = stop(k, ASSURE_ERR_PERM, &d);
				break;
			}
			url = strdup(next);
			if (url == NULL) {
				assure_diag_set(&d, ASSURE_ERR_NOMEM, u, 0, 0,
				    NULL, "out of memory");
				rc = stop(k, ASSURE_ERR_NOMEM, &d);
				break;
			}
		}
	}
	free(url);
	http_response_free(&resp);
	return rc;
}

struct ids {
	char	**v;
	size_t	  n, cap;
};

static void
ids_free(struct ids *ids)
{
	while (ids->n > 0)
		free(ids->v[--ids->n]);
	free(ids->v);
}

/* Okta's ids are letters and digits ("00u1ab2cd3EF4gh5ij6k7"): anything
 * else is not put in a path. */
static bool
id_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return i > 0 && i < OKTA_ID_MAX;
}

/* The ids of the ACTIVE users of a page. */
static enum assure_err
active_users(struct okta *k, yajl_val arr, void *arg, bool *ret_last)
{
	static const char *id[] = { "id", NULL };
	static const char *status[] = { "status", NULL };
	struct ids *ids = arg;
	yajl_val i, s;
	const char *is, *ss;
	char **t;
	size_t j;

	(void)k;
	(void)ret_last;
	for (j = 0; j < YAJL_GET_ARRAY(arr)->len; j++) {
		yajl_val o = YAJL_GET_ARRAY(arr)->values[j];

		i = yajl_tree_get(o, id, yajl_t_string);
		s = yajl_tree_get(o, status, yajl_t_string);
		is = i != NULL ? YAJL_GET_STRING(i) : NULL;
		ss = s != NULL ? YAJL_GET_STRING(s) : NULL;
		if (is == NULL || ss == NULL || strcmp(ss, "ACTIVE") != 0 ||
		    !id_ok(is))
			continue;
		if (ids->n == ids->cap) {
			ids->cap = ids->cap == 0 ? 64 : ids->cap * 2;
			t = realloc(ids->v, ids->cap * sizeof(*t));
			if (t == NULL)
				return ASSURE_ERR_NOMEM;
			ids->v = t;
		}
		if ((ids->v[ids->n] = strdup(is)) == NULL)
			return ASSURE_ERR_NOMEM;
		ids->n++;
	}
	return ASSURE_OK;
}

/* A System Log page with no events: the log is read up to now. */
static enum assure_err
log_page(struct okta *k, yajl_val arr, void *arg, bool *ret_last)
{
	(void)k;
	(void)arg;
	*ret_last = YAJL_GET_ARRAY(arr)->len == 0;
	return ASSURE_OK;
}

/* base followed by a path: a URL too long stops the run (collect.h). */
#define url_of(x, out, size, ...)\
	collect_url(&(x)->failed, (x)->why, sizeof((x)->why), (x)->base, \
	    (out), (size), __VA_ARGS__)

static enum assure_err
collect_users(struct okta *k, size_t factors_max)
{
	struct page_opts po;
	struct ids active;
	char url[HTTP_URL_MAX];
	size_t i;
	enum assure_err rc;

	memset(&po, 0, sizeof(po));
	memset(&active, 0, sizeof(active));
	po.tenant = k->tenant;
	rc = url_of(k, url, sizeof(url), "/api/v1/users?limit=200");
	if (rc == ASSURE_OK)
		rc = fetch_list(k, url, "okta-users", &po, active_users,
		    &active);
	/* The default list leaves the DEPROVISIONED users out. */
	if (rc == ASSURE_OK)
		rc = url_of(k, url, sizeof(url), "/api/v1/users?filter="
		    "status%%20eq%%20%%22DEPROVISIONED%%22&limit=200");
	if (rc == ASSURE_OK)
		rc = fetch_list(k, url, "okta-users", &po, NULL, NULL);
	for (i = 0; rc == ASSURE_OK && i < active.n && i < factors_max;
	    i++) {
		po.user = active.v[i];
		rc = url_of(k, url, sizeof(url), "/api/v1/users/%s/factors",
		    active.v[i]);
		if (rc == ASSURE_OK)
			rc = fetch_list(k, url, "okta-factors", &po, NULL,
			    NULL);
	}
	if (rc == ASSURE_OK && active.n > factors_max)
		note(k, "okta: %zu active users beyond the cap of %zu factor "
		    "lists a run: their MFA is unknown this run, not a pass",
		    active.n - factors_max, factors_max);
	ids_free(&active);
	return rc;
}

static enum assure_err
collect_admins(struct okta *k)
{
	struct page_opts po;
	char url[HTTP_URL_MAX];
	enum assure_err rc;

	memset(&po, 0, sizeof(po));
	po.tenant = k->tenant;
	po.body_next = true;
	rc = url_of(k, url, sizeof(url), "/api/v1/iam/assignees/users");
	if (rc == ASSURE_OK)
		rc = fetch_list(k, url, "okta-admins", &po, NULL, NULL);
	return rc;
}

/*
 * Where the System Log is read from: the end of the newest complete okta
 * run of this org (its target, the domain), else 90 days ago; a note when that run (else the
 * observation period's start) is older than 80 days, since Okta keeps
 * the log 90.
 */
static enum assure_err
log_since(struct okta *k, int64_t now, int64_t *ret_since,
    struct assure_diag *d)
{
	struct run_info *ri;
	char date[16], last[16];
	int64_t from = 0;
	size_t i, n = 0;
	enum assure_err rc;

	ri = calloc(OKTA_RUNS_SCAN, sizeof(*ri));
	if (ri == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "okta", 0, 0,
		    NULL, "out of memory");
	rc = run_list(k->ws, "okta", ri, OKTA_RUNS_SCAN, &n, d);
	/* Runs of this org only: a workspace may read several. */
	for (i = 0; rc == ASSURE_OK && i < n; i++)
		if (ri[i].complete && ri[i].ended_at > from &&
		    strcmp(ri[i].target, k->tenant) == 0)
			from = ri[i].ended_at;
	free(ri);
	if (rc != ASSURE_OK)
		return rc;
	*ret_since = from > now - OKTA_LOG_KEPT ? from : now - OKTA_LOG_KEPT;
	assure_date_format(now - OKTA_LOG_WARN, date);
	if (from != 0 && now - from > OKTA_LOG_WARN) {
		assure_date_format(from, last);
		note(k, "okta: the last complete run ended %s: events before "
		    "%s are about to fall out of Okta's 90-day System Log",
		    last, date);
	} else if (from == 0 && k->ws->cfg.period_start != 0 &&
	    now - k->ws->cfg.period_start > OKTA_LOG_WARN) {
		assure_date_format(k->ws->cfg.period_start, last);
		note(k, "okta: no complete run yet and the observation period "
		    "began %s: events before %s are about to fall out of "
		    "Okta's 90-day System Log", last, date);
	}
	return ASSURE_OK;
}

static enum assure_err
collect_log(struct okta *k, int64_t since)
{
	struct page_opts po;
	char url[HTTP_URL_MAX], ts[ASSURE_TIME_STRLEN];
	enum assure_err rc;

	memset(&po, 0, sizeof(po));
	assure_time_format(since, ts);
	rc = url_of(k, url, sizeof(url), "/api/v1/logs?since=%s&limit=1000",
	    ts);
	if (rc == ASSURE_OK)
		rc = fetch_list(k, url, "okta-system-log", &po, log_page,
		    NULL);
	return rc;
}

/* A host name: letters, digits, '-' and '.'. */
static bool
domain_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '.')
			return false;
	return i > 0 && i < 254 && strstr(s, "..") == NULL && s[0] != '.';
}

static enum assure_err
check_target(const struct okta_target *t, struct assure_diag *d)
{
	if (t->domain == NULL && t->base_url == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "okta", 0, 0,
		    NULL, "nothing to collect: name the Okta org's domain "
		    "(acme.okta.com)");
	if (t->domain != NULL && !domain_ok(t->domain))
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->domain, 0, 0,
		    "domain", "a domain is a host name (acme.okta.com), "
		    "without scheme or path");
	if (t->base_url != NULL && (strlen(t->base_url) >= HTTP_URL_MAX / 2 ||
	    (strncmp(t->base_url, "https://", 8) != 0 &&
	    strncmp(t->base_url, "http://", 7) != 0)))
		return assure_diag_set(d, ASSURE_ERR_INVAL, t->base_url, 0, 0,
		    "base-url", "the API's base URL must be http:// or "
		    "https://");
	return ASSURE_OK;
}

/* The tenant: the domain, else the base URL's host. */
static void
tenant_of(const struct okta_target *t, char *out, size_t size)
{
	const char *h;
	size_t n;

	if (t->domain != NULL) {
		assure_strlcpy(out, t->domain, size);
		return;
	}
	h = strstr(t->base_url, "://") + 3;
	n = strcspn(h, "/?#");
	snprintf(out, size, "%.*s", (int)n, h);
}

enum assure_err
collect_okta(struct workspace *ws, const struct okta_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct okta *k = NULL;
	struct secret tok = { NULL, 0 };
	struct assure_diag d;
	char *auth = NULL, tenant[256];
	int64_t since = 0;
	size_t n;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = check_target(t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = secret_lookup(ws->dotdir, t->token_secret != NULL &&
	    *t->token_secret != '\0' ? t->token_secret : OKTA_SECRET, OKTA_TOKEN_ENV, &tok,
	    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	/* The header holding the token lives in guarded memory too. */
	auth = sodium_malloc(OKTA_AUTH_MAX);
	k = calloc(1, sizeof(*k));
	if (auth == NULL || k == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, "okta", 0,
		    0, NULL, "out of memory");
		goto out;
	}
	if (tok.len == 0 || strpbrk(tok.data, "\r\n") != NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    OKTA_SECRET, 0, 0, NULL, "the token is empty or holds a "
		    "line break");
		goto out;
	}
	snprintf(auth, OKTA_AUTH_MAX, "Authorization: SSWS %s", tok.data);
	k->ws = ws;
	k->hopts = hopts;
	k->progress = progress;
	k->headers[0] = auth;
	k->headers[1] = "Accept: application/json";
	k->headers[2] = NULL;
	if (t->base_url != NULL)
		assure_strlcpy(k->base, t->base_url, sizeof(k->base));
	else
		snprintf(k->base, sizeof(k->base), "https://%s", t->domain);
	n = strlen(k->base);
	while (n > 0 && k->base[n - 1] == '/')
		k->base[--n] = '\0';
	tenant_of(t, tenant, sizeof(tenant));
	k->tenant = tenant;

	rc = log_since(k, now, &since, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	rc = run_begin(ws, "okta", tenant, now, &k->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = k->run.id;
	k->as_of = k->run.started_at;

	rc = collect_users(k, t->factors_max > 0 ? t->factors_max :
	    OKTA_FACTORS_DEFAULT);
	if (rc == ASSURE_OK)
		rc = collect_admins(k);
	if (rc == ASSURE_OK)
		rc = collect_log(k, since);

	ret->pages = k->run.pages;
	ret->records = k->run.records;
	ret->complete = !k->failed;
	assure_strlcpy(ret->why, k->why, sizeof(ret->why));
	assure_diag_clear(&d);
	rc = run_end(&k->run, !k->failed, k->failed ? k->why : NULL,
	    assure_now(), &d);
	if (rc != ASSURE_OK && reterr_diag != NULL)
		*reterr_diag = d;
out:
	sodium_free(auth);
	secret_free(&tok);
	free(k);
	return rc;
}
