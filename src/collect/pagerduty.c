/*
 * pagerduty.c: the PagerDuty collector (see pagerduty.h and
 * docs/COLLECT.md).
 *
 * Every page is kept as PagerDuty sent it.  The collector reads "more"
 * and the incidents' ids with yajl's tree parser; everything kept is
 * judged by the kind's own parser.  Classic pagination ends at offset
 * 10,000: a list longer than that cannot be read whole, and the run ends
 * incomplete saying so rather than pass for a complete list.
 */
#include "common/compat.h"

#include <ctype.h>

#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "collect/pagerduty.h"
#include "collect/run.h"
#include "common/timeutil.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

#define PAGERDUTY_AUTH_MAX	(SECRET_VALUE_MAX + 48)
#define PAGERDUTY_ID_MAX	32

struct pd {
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

/* The run's remarks for people (collect.h). */
#define note(x, ...)	collect_note((x)->progress, __VA_ARGS__)

/* Why the run stops, the first reason winning (collect.h). */
#define stop(x, rc, d)	collect_stop(&(x)->failed, (x)->why, \
			    sizeof((x)->why), (rc), (d))

/* PagerDuty's error.message of an error body (never a secret). */
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
 * GET url into resp and keep it as kind.  A 401, any status but 200, a
 * transfer error or a page the parser refuses ends the run: stop()
 * records why.
 */
static enum assure_err
fetch(struct pd *g, const char *url, const char *kind,
    struct http_response *resp)
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
	req.headers = g->headers;
	assure_diag_clear(&d);
	rc = http_do(g->hopts, &req, resp, &d);
	if (rc != ASSURE_OK)
		return stop(g, rc, &d);
	if (resp->status == 401) {
		assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL,
		    "the token was refused (expired or revoked): assure "
		    "secret set " PAGERDUTY_SECRET);
		return stop(g, ASSURE_ERR_PERM, &d);
	}
	if (resp->status != 200) {
		error_message(resp, msg, sizeof(msg));
		rc = resp->status == 403 || resp->status == 404 ?
		    ASSURE_ERR_PERM : ASSURE_ERR_IO;
		assure_diag_set(&d, rc, u, 0, 0, NULL, "GET answered HTTP "
		    "%u%s", resp->status, msg);
		return stop(g, rc, &d);
	}
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.url = url;
	p.data = resp->body.data != NULL ? resp->body.data : "";
	p.len = resp->body.len;
	p.as_of = g->as_of;
	rc = run_page(&g->run, &p, &records, &d);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, u);
		return stop(g, rc, &d);
	}
	if (g->progress != NULL && g->progress->page != NULL)
		g->progress->page(g->progress->arg, kind, u, records);
	return ASSURE_OK;
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

/* PagerDuty's ids are letters and digits ("PT4KHLK"). */
static bool
id_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return i > 0 && i < PAGERDUTY_ID_MAX;
}

/* The ids of the incidents of a page (ids NULL: none wanted). */
static enum assure_err
incident_ids(yajl_val list, struct ids *ids)
{
	static const char *id[] = { "id", NULL };
	yajl_val i;
	const char *s;
	char **t;
	size_t j;

	for (j = 0; ids != NULL && j < YAJL_GET_ARRAY(list)->len; j++) {
		i = yajl_tree_get(YAJL_GET_ARRAY(list)->values[j], id,
		    yajl_t_string);
		s = i != NULL ? YAJL_GET_STRING(i) : NULL;
		if (s == NULL || !id_ok(s))
			continue;
		if (ids->n == ids->cap) {
			ids->cap = ids->cap == 0 ? 64 : ids->cap * 2;
			t = realloc(ids->v, ids->cap * sizeof(*t));
			if (t == NULL)
				return ASSURE_ERR_NOMEM;
			ids->v = t;
		}
		if ((ids->v[ids->n] = strdup(s)) == NULL)
			return ASSURE_ERR_NOMEM;
		ids->n++;
	}
	return ASSURE_OK;
}

/*
 * Every page of the list at path (no query) whose records are under key,
 * by offset while "more" is true; the incidents' ids into ids when not
 * NULL.  Reaching PagerDuty's offset cap ends the run incomplete.
 */
static enum assure_err
fetch_list(struct pd *g, const char *path, const char *query,
    const char *key, const char *kind, struct ids *ids)
{
	static const char *more[] = { "more", NULL };
	const char *lpath[] = { key, NULL };
	struct http_response resp;
	struct assure_diag d;
	char url[HTTP_URL_MAX], u[HTTP_URL_MAX];
	unsigned offset;
	yajl_val v, m, l;
	int w;
	enum assure_err rc = ASSURE_OK;

	http_response_init(&resp);
	for (offset = 0;; offset += PAGERDUTY_LIMIT) {
		w = snprintf(url, sizeof(url), "%s%s?%s%slimit=%d&offset=%u",
		    g->base, path, query, query[0] != '\0' ? "&" : "",
		    PAGERDUTY_LIMIT, offset);
		if (w < 0 || (size_t)w >= sizeof(url)) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, g->base, 0, 0,
			    NULL, "a request URL is longer than %d bytes",
			    HTTP_URL_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
			break;
		}
		http_url_for_message(url, u, sizeof(u));
		if (offset + PAGERDUTY_LIMIT > PAGERDUTY_OFFSET_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0,
			    "offset", "more than %d records: PagerDuty's "
			    "offset pagination stops there, the list cannot "
			    "be read whole", PAGERDUTY_OFFSET_MAX);
			rc = stop(g, ASSURE_ERR_LIMIT, &d);
			note(g, "%s: the list is longer than PagerDuty's "
			    "%d-record pagination cap: the run is incomplete",
			    u, PAGERDUTY_OFFSET_MAX);
			break;
		}
		rc = fetch(g, url, kind, &resp);
		if (rc != ASSURE_OK)
			break;
		v = yajl_tree_parse(assure_buf_str(&resp.body), NULL, 0);
		l = v != NULL ? yajl_tree_get(v, lpath, yajl_t_array) : NULL;
		if (l == NULL) {
			yajl_tree_free(v);
			assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, key,
			    "the page has no \"%s\" list", key);
			rc = stop(g, ASSURE_ERR_PARSE, &d);
			break;
		}
		if (incident_ids(l, ids) != ASSURE_OK) {
			yajl_tree_free(v);
			assure_diag_set(&d, ASSURE_ERR_NOMEM, u, 0, 0, NULL,
			    "out of memory");
			rc = stop(g, ASSURE_ERR_NOMEM, &d);
			break;
		}
		m = yajl_tree_get(v, more, yajl_t_any);
		/* An empty page ends the list whatever "more" says. */
		if (m == NULL || !YAJL_IS_TRUE(m) ||
		    YAJL_GET_ARRAY(l)->len == 0) {
			yajl_tree_free(v);
			break;
		}
		yajl_tree_free(v);
	}
	http_response_free(&resp);
	return rc;
}

static enum assure_err
check_target(const struct pagerduty_target *t, struct assure_diag *d)
{
	const char *base = t->base_url != NULL ? t->base_url :
	    PAGERDUTY_BASE_URL_DEFAULT;

	if (strlen(base) >= HTTP_URL_MAX / 2 ||
	    (strncmp(base, "https://", 8) != 0 &&
	    strncmp(base, "http://", 7) != 0) || strchr(base, '?') != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, base, 0, 0,
		    "base-url", "the API's base URL must be http:// or "
		    "https:// (https://api.pagerduty.com, or "
		    "https://api.eu.pagerduty.com)");
	return ASSURE_OK;
}

enum assure_err
collect_pagerduty(struct workspace *ws, const struct pagerduty_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct pd *g = NULL;
	struct secret tok = { NULL, 0 };
	struct assure_diag d;
	struct ids incidents;
	char *auth = NULL, target[256], path[64];
	size_t i, n, logs_max, first;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	memset(&incidents, 0, sizeof(incidents));
	rc = check_target(t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = secret_lookup(ws->dotdir, t->token_secret != NULL &&
	    *t->token_secret != '\0' ? t->token_secret : PAGERDUTY_SECRET, PAGERDUTY_TOKEN_ENV,
	    &tok, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	/* The header holding the token lives in guarded memory too. */
	auth = sodium_malloc(PAGERDUTY_AUTH_MAX);
	g = calloc(1, sizeof(*g));
	if (auth == NULL || g == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM,
		    "pagerduty", 0, 0, NULL, "out of memory");
		goto out;
	}
	if (tok.len == 0 || strpbrk(tok.data, "\r\n") != NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    PAGERDUTY_SECRET, 0, 0, NULL, "the token is empty or "
		    "holds a line break");
		goto out;
	}
	snprintf(auth, PAGERDUTY_AUTH_MAX, "Authorization: Token token=%s",
	    tok.data);
	g->ws = ws;
	g->hopts = hopts;
	g->progress = progress;
	g->headers[0] = auth;
	g->headers[1] = "Accept: application/vnd.pagerduty+json;version=2";
	g->headers[2] = NULL;
	assure_strlcpy(g->base, t->base_url != NULL ? t->base_url :
	    PAGERDUTY_BASE_URL_DEFAULT, sizeof(g->base));
	n = strlen(g->base);
	while (n > 0 && g->base[n - 1] == '/')
		g->base[--n] = '\0';
	logs_max = t->log_incidents_max > 0 ? t->log_incidents_max :
	    PAGERDUTY_LOGS_DEFAULT;
	http_url_for_message(g->base, target, sizeof(target));

	rc = run_begin(ws, "pagerduty", target, now, &g->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = g->run.id;
	g->as_of = g->run.started_at;

	rc = fetch_list(g, "/incidents",
	    "date_range=all&sort_by=created_at:asc", "incidents",
	    "pagerduty-incidents", &incidents);
	/* The newest incidents' log entries (the list is oldest first). */
	first = incidents.n > logs_max ? incidents.n - logs_max : 0;
	for (i = first; rc == ASSURE_OK && i < incidents.n; i++) {
		snprintf(path, sizeof(path), "/incidents/%s/log_entries",
		    incidents.v[i]);
		rc = fetch_list(g, path, "", "log_entries",
		    "pagerduty-log-entries", NULL);
	}
	if (rc == ASSURE_OK && first > 0)
		note(g, "pagerduty: %zu older incidents beyond the cap of %zu "
		    "incidents' log entries a run: their timelines rest on "
		    "the incident alone this run", first, logs_max);

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
	ids_free(&incidents);
	sodium_free(auth);
	secret_free(&tok);
	free(g);
	return rc;
}
