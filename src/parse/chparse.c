/*
 * chparse.c: the change-management parser interface (chparse.h).  The
 * deployments-csv format has its own CSV reader (deploylog.c); every other
 * format is JSON streamed by jstream.c into the format's record callback
 * (github_change.c, gitlab_change.c, gitlog.c, deploylog.c).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/chparse_int.h"

static const char *const format_names[CHG_FMT__MAX] = {
	[CHG_FMT_GITHUB_PULLS] = "github-pulls",
	[CHG_FMT_GITHUB_REVIEWS] = "github-reviews",
	[CHG_FMT_GITHUB_DEPLOYMENTS] = "github-deployments",
	[CHG_FMT_GITHUB_DEPLOYMENT_STATUSES] = "github-deployment-statuses",
	[CHG_FMT_GITHUB_BRANCH_PROTECTION] = "github-branch-protection",
	[CHG_FMT_GITLAB_MERGE_REQUESTS] = "gitlab-merge-requests",
	[CHG_FMT_GITLAB_APPROVALS] = "gitlab-approvals",
	[CHG_FMT_GIT_REPO] = "git-repo",
	[CHG_FMT_DEPLOYMENTS_CSV] = "deployments-csv",
	[CHG_FMT_DEPLOYMENTS_JSON] = "deployments-json",
};

static const struct chg_json_vendor *const vendors[CHG_FMT__MAX] = {
	[CHG_FMT_GITHUB_PULLS] = &chg_vendor_github_pulls,
	[CHG_FMT_GITHUB_REVIEWS] = &chg_vendor_github_reviews,
	[CHG_FMT_GITHUB_DEPLOYMENTS] = &chg_vendor_github_deployments,
	[CHG_FMT_GITHUB_DEPLOYMENT_STATUSES] = &chg_vendor_github_statuses,
	[CHG_FMT_GITHUB_BRANCH_PROTECTION] = &chg_vendor_github_protection,
	[CHG_FMT_GITLAB_MERGE_REQUESTS] = &chg_vendor_gitlab_mrs,
	[CHG_FMT_GITLAB_APPROVALS] = &chg_vendor_gitlab_approvals,
	[CHG_FMT_GIT_REPO] = &chg_vendor_git_repo,
	[CHG_FMT_DEPLOYMENTS_JSON] = &chg_vendor_deployments_json,
};

/* Which options each format takes. */
#define TAKES_REPO	(1u << 0)
#define TAKES_BRANCH	(1u << 1)
#define TAKES_CHANGE	(1u << 2)

static const unsigned format_opts[CHG_FMT__MAX] = {
	[CHG_FMT_GITHUB_PULLS] = TAKES_REPO,
	[CHG_FMT_GITHUB_REVIEWS] = TAKES_REPO | TAKES_CHANGE,
	[CHG_FMT_GITHUB_DEPLOYMENTS] = TAKES_REPO,
	[CHG_FMT_GITHUB_DEPLOYMENT_STATUSES] = TAKES_REPO | TAKES_CHANGE,
	[CHG_FMT_GITHUB_BRANCH_PROTECTION] = TAKES_REPO | TAKES_BRANCH,
	[CHG_FMT_GITLAB_MERGE_REQUESTS] = TAKES_REPO,
	[CHG_FMT_GITLAB_APPROVALS] = TAKES_REPO | TAKES_CHANGE,
	[CHG_FMT_GIT_REPO] = 0,
	[CHG_FMT_DEPLOYMENTS_CSV] = TAKES_REPO,
	[CHG_FMT_DEPLOYMENTS_JSON] = TAKES_REPO,
};

enum chg_format
chg_format_find(const char *name)
{
	int i;

	for (i = 0; i < CHG_FMT__MAX; i++)
		if (strcmp(format_names[i], name) == 0)
			return (enum chg_format)i;
	return CHG_FMT__MAX;
}

const char *
chg_format_name(enum chg_format fmt)
{
	if ((int)fmt < 0 || fmt >= CHG_FMT__MAX)
		return "?";
	return format_names[fmt];
}

static enum assure_err
check_opt(enum chg_format fmt, const char *val, unsigned bit,
    const char *name, const char *src, struct assure_diag *d)
{
	if (val == NULL || (format_opts[fmt] & bit) != 0)
		return ASSURE_OK;
	return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, name,
	    "%s takes no %s", format_names[fmt], name);
}

/*
 * --change names a pull request, merge request or deployment by its
 * number: checked once here so that a record never meets a bad one.
 */
static enum assure_err
check_change(const char *val, const char *src, struct assure_diag *d)
{
	long long n;
	char q[64];

	if (val == NULL || assure_strtonum(val, 1, INT64_MAX, &n) == 0)
		return ASSURE_OK;
	id_quote(val, q, sizeof(q));
	return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, "--change",
	    "expected a positive whole number, got '%s'", q);
}

enum assure_err
chg_parser_new(enum chg_format fmt, const struct chg_opts *o,
    const struct chg_sink *sink, struct chg_parser **ret,
    struct assure_diag *d)
{
	struct chg_parser *p;
	const char *src = o->source != NULL ? o->source : "<input>";
	enum assure_err rc;

	*ret = NULL;
	if ((int)fmt < 0 || fmt >= CHG_FMT__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, NULL,
		    "unknown change-management format");
	rc = check_opt(fmt, o->repo, TAKES_REPO, "--repo", src, d);
	if (rc == ASSURE_OK)
		rc = check_opt(fmt, o->branch, TAKES_BRANCH, "--branch", src,
		    d);
	if (rc == ASSURE_OK)
		rc = check_opt(fmt, o->change, TAKES_CHANGE, "--change", src,
		    d);
	if (rc == ASSURE_OK)
		rc = check_change(o->change, src, d);
	if (rc != ASSURE_OK)
		return rc;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	p->fmt = fmt;
	p->o = o;
	p->sink = *sink;
	if (fmt == CHG_FMT_DEPLOYMENTS_CSV) {
		rc = deploycsv_new(p, d);
		if (rc != ASSURE_OK)
			goto fail;
		*ret = p;
		return ASSURE_OK;
	}
	p->v = vendors[fmt];
	p->js = jstream_new(src, p->v->patterns, p->v->record, p);
	if (p->js == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
		goto fail;
	}
	if (p->v->init != NULL) {
		rc = p->v->init(p);
		if (rc != ASSURE_OK) {
			assure_diag_set(d, rc, src, 0, 0, NULL,
			    "out of memory");
			goto fail;
		}
	}
	*ret = p;
	return ASSURE_OK;
fail:
	chg_parser_free(p);
	return rc;
}

void
chg_parser_free(struct chg_parser *p)
{
	if (p == NULL)
		return;
	if (p->v != NULL && p->v->release != NULL)
		p->v->release(p);
	jstream_free(p->js);
	deploycsv_free(p->csv);
	free(p);
}

enum assure_err
chg_parser_feed(struct chg_parser *p, const void *data, size_t len,
    struct assure_diag *d)
{
	if (p->fmt == CHG_FMT_DEPLOYMENTS_CSV)
		return deploycsv_feed(p, data, len, d);
	return jstream_feed(p->js, data, len, d);
}

enum assure_err
chg_parser_finish(struct chg_parser *p, struct assure_diag *d)
{
	enum assure_err rc;

	if (p->fmt == CHG_FMT_DEPLOYMENTS_CSV)
		return deploycsv_finish(p, d);
	rc = jstream_finish(p->js, d);
	if (rc == ASSURE_OK && p->v->finish != NULL)
		rc = p->v->finish(p, d);
	return rc;
}

unsigned long
chg_parser_records(const struct chg_parser *p)
{
	return p->emitted;
}

bool
chg_parser_as_of(const struct chg_parser *p, int64_t *ret)
{
	if (!p->has_as_of)
		return false;
	*ret = p->as_of;
	return true;
}

/* ------------------------------------------------------------------ */
/* Emitting */

#define EMIT(fn, type, member)						\
enum assure_err								\
fn(struct chg_parser *p, const type *x, struct assure_diag *d)		\
{									\
	enum assure_err rc = ASSURE_OK;					\
									\
	if (p->sink.member != NULL)					\
		rc = p->sink.member(x, p->sink.arg, d);			\
	if (rc == ASSURE_OK)						\
		p->emitted++;						\
	return rc;							\
}

EMIT(chg_emit_change, struct chg_change, change)
EMIT(chg_emit_review, struct chg_review, review)
EMIT(chg_emit_deployment, struct chg_deployment, deployment)
EMIT(chg_emit_status, struct chg_deploy_status, status)
EMIT(chg_emit_protection, struct chg_protection, protection)
EMIT(chg_emit_commit, struct chg_commit, commit)

/* ------------------------------------------------------------------ */
/* Helpers */

bool
chg_api_url(const char *url, const char *what, char *repo, size_t repo_size,
    char *id, size_t id_size)
{
	const char *r, *w, *e;
	char seg[64];
	size_t n;

	if (url == NULL)
		return false;
	r = strstr(url, "/repos/");
	if (r == NULL)
		return false;
	r += strlen("/repos/");
	if (snprintf(seg, sizeof(seg), "/%s/", what) >= (int)sizeof(seg))
		return false;
	w = strstr(r, seg);
	if (w == NULL || w == r)
		return false;
	n = (size_t)(w - r);
	if (n >= repo_size || memchr(r, '/', n) == NULL)
		return false;
	memcpy(repo, r, n);
	repo[n] = '\0';
	w += strlen(seg);
	for (e = w; *e != '\0' && *e != '/' && *e != '?' && *e != '#'; e++)
		;
	n = (size_t)(e - w);
	if (n == 0 || n >= id_size)
		return false;
	memcpy(id, w, n);
	id[n] = '\0';
	return true;
}

enum assure_err
chg_json_int(struct jstream *js, const struct jrec *r, const char *path,
    int64_t min, int64_t max, bool *ret_has, int64_t *ret,
    struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);
	long long v;
	char q[64];

	if (ret_has != NULL)
		*ret_has = false;
	if (f == NULL && ret_has == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(js),
		    r->line, r->col, path, "expected the key %s in this "
		    "record, got none", path);
	if (f == NULL || (f->type == JT_NULL && ret_has != NULL))
		return ASSURE_OK;
	if (f->type != JT_NUMBER ||
	    assure_strtonum(f->val, min, max, &v) != 0) {
		id_quote(f->val, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a whole number from %lld to %lld, got '%s'",
		    (long long)min, (long long)max,
		    f->val != NULL ? q : f->type == JT_NULL ? "null" :
		    "an object or array");
	}
	if (ret_has != NULL)
		*ret_has = true;
	*ret = v;
	return ASSURE_OK;
}

/* The element index after "path." in s: the rest, or NULL if none. */
static const char *
element_of(const char *s, const char *path, size_t plen)
{
	const char *e;

	if (strncmp(s, path, plen) != 0 || s[plen] != '.')
		return NULL;
	s += plen + 1;
	for (e = s; *e >= '0' && *e <= '9'; e++)
		;
	return e == s ? NULL : e;
}

/* A located error about an element or list of the wrong type. */
static enum assure_err
join_type(struct jstream *js, const struct jrec *r, const struct jfield *f,
    const char *expected, struct assure_diag *d)
{
	char q[64];

	id_quote(f->val, q, sizeof(q));
	return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
	    "expected %s, got '%s'", expected, f->val != NULL ? q :
	    f->type == JT_NULL ? "null" : f->type == JT_MAP ? "an object" :
	    "an array");
}

enum assure_err
chg_json_join(struct jstream *js, const struct jrec *r, const char *path,
    const char *key, char *out, size_t size, const char **ret,
    struct assure_diag *d)
{
	const struct jfield *list = jrec_get(r, path), *f;
	const char *rest;
	size_t i, plen = strlen(path), o = 0, max;

	*ret = NULL;
	if (list == NULL || list->type == JT_NULL)
		return ASSURE_OK;
	if (list->type != JT_ARRAY)
		return join_type(js, r, list, "an array", d);
	max = size - 1 < CHG_VALUE_MAX ? size - 1 : CHG_VALUE_MAX;
	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		rest = element_of(f->path, path, plen);
		if (rest == NULL)
			continue;
		if (*rest == '\0') {
			/* An element: a string, or an object holding key. */
			if (f->type == JT_MAP && key != NULL)
				continue;
			if (f->type != JT_STRING)
				return join_type(js, r, f, key != NULL ?
				    "a string or an object" : "a string", d);
		} else if (key == NULL || *rest != '.' ||
		    strcmp(rest + 1, key) != 0)
			continue;
		else if (f->type != JT_STRING)
			return join_type(js, r, f, "a string", d);
		if (strlen(f->val) != f->len)
			return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
			    "expected text, got a NUL character");
		if (o + (o > 0) + f->len > max)
			return jstream_error(js, r, list, d, ASSURE_ERR_LIMIT,
			    "expected at most %zu bytes of names joined by "
			    "',', got more", max);
		if (o > 0)
			out[o++] = ',';
		memcpy(out + o, f->val, f->len);
		o += f->len;
	}
	out[o] = '\0';
	if (o > 0)
		*ret = out;
	return ASSURE_OK;
}

enum assure_err
chg_api_error(struct jstream *js, const struct jrec *r, const char *key,
    const char *vendor, const char *what, struct assure_diag *d)
{
	const struct jfield *f;
	char q[64];

	if (jrec_get(r, key) != NULL)
		return ASSURE_OK;
	f = jrec_get(r, "message");
	if (f == NULL)
		f = jrec_get(r, "error");
	if (f == NULL)
		return ASSURE_OK;
	id_quote(f->val, q, sizeof(q));
	return jstream_error(js, r, f, d, ASSURE_ERR_PARSE, "expected %s, got "
	    "%s's error answer '%s': the collector lacked access or asked for "
	    "something that does not exist", what, vendor,
	    f->val != NULL ? q : "(an object)");
}

enum assure_err
chg_number(struct chg_parser *p, const struct jrec *r,
    const struct jfield *f, bool has, int64_t n, const char *what,
    int64_t *ret, struct assure_diag *d)
{
	long long opt = 0;

	/* chg_parser_new checked --change. */
	if (p->o->change != NULL &&
	    assure_strtonum(p->o->change, 1, INT64_MAX, &opt) != 0)
		assure_bug("--change '%s' was not checked", p->o->change);
	if (has && p->o->change != NULL && n != opt)
		return jstream_error(p->js, r, f, d, ASSURE_ERR_PARSE,
		    "expected %lld as --change says, got %lld", opt,
		    (long long)n);
	if (has) {
		*ret = n;
		return ASSURE_OK;
	}
	if (p->o->change == NULL)
		return jstream_error(p->js, r, f, d, ASSURE_ERR_PARSE,
		    "expected the number of the %s it belongs to, got none: "
		    "pass --change", what);
	*ret = opt;
	return ASSURE_OK;
}

enum assure_err
chg_json_shape(struct chg_parser *p, const char *what, struct assure_diag *d)
{
	struct jrec env;
	const struct jfield *f, *root = NULL;
	size_t i;
	char q[64];

	jstream_envelope(p->js, &env);
	for (i = 0; i < env.n; i++) {
		f = &env.f[i];
		if (f->path[0] == '\0') {
			root = f;
			continue;
		}
		/*
		 * Objects in the top-level array are records and never reach
		 * the envelope: anything else directly in it is out of place.
		 */
		if (strchr(f->path, '.') != NULL)
			continue;
		id_quote(f->val, q, sizeof(q));
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected %s (objects), got '%s'", what, f->val != NULL ?
		    q : f->type == JT_NULL ? "null" : "an array");
	}
	if (jstream_records(p->js) > 0 ||
	    (root != NULL && root->type == JT_ARRAY))
		return ASSURE_OK;
	if (root == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, NULL, "expected an array of "
		    "%s or one of them, got an empty document", what);
	id_quote(root->val, q, sizeof(q));
	return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(p->js),
	    root->line, root->col, NULL, "expected an array of %s or one of "
	    "them, got '%s'", what, root->val != NULL ? q : "null");
}

enum assure_err
chg_json_user(struct jstream *js, const struct jrec *r, const char *key,
    const char *name_field, const char **ret_name, struct assure_diag *d)
{
	const struct jfield *u = jrec_get(r, key);
	char k[64];

	*ret_name = NULL;
	if (u == NULL || u->type == JT_NULL)
		return ASSURE_OK;
	if (u->type != JT_MAP)
		return jstream_error(js, r, u, d, ASSURE_ERR_PARSE,
		    "expected a user object or null, got '%.40s'",
		    u->val != NULL ? u->val : "an array");
	snprintf(k, sizeof(k), "%s.%s", key, name_field);
	return id_json_req(js, r, k, ret_name, d);
}
