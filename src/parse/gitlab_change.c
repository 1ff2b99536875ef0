/*
 * gitlab_change.c: the GitLab change-management kinds (FORMATS.md
 * section 3).  A file is one response body of the REST API as a collector
 * saved it: one page of a list (a JSON array) or a single object.
 *
 * Common rules: system "gitlab"; the project is "group/sub/project", the
 * path of web_url before "/-/merge_requests/" (or "/merge_requests/" in
 * older answers), overridden by --repo; times are RFC 3339 with
 * milliseconds, null is absence.  A user is a bot when its "bot" is true,
 * its username ends in "[bot]", or it is a project or group access token's
 * user ("project_<id>_bot..." or "group_<id>_bot...", as GitLab names
 * them); a human otherwise.  An error body ({"message": "404 Not found"},
 * {"error": ...}) rejects the file: the approval endpoints are Premium
 * only and answer 403 or 404 elsewhere, which says nothing about the
 * merge request.
 *
 * gitlab-merge-requests: GET /projects/:id/merge_requests (an array) or
 * .../merge_requests/:iid (one object).  number = iid; repo from web_url,
 * else references.full without its "!iid"; state opened and locked ->
 * open (locked is an open MR frozen during a merge), merged, closed
 * ("reopened", of old versions, -> open); merged true when the state is
 * merged, else false; author = author.username; merged_by =
 * merge_user.username, else the deprecated merged_by.username;
 * base_branch = target_branch; head_sha = sha; merge_sha =
 * merge_commit_sha, else squash_commit_sha (a squashed MR has no merge
 * commit); labels (strings, or objects with a name with
 * with_labels_details) joined by ','; url = web_url.
 *
 * gitlab-approvals: GET .../merge_requests/:iid/approvals (an object
 * with iid and approved_by[].user, or an array of them) or
 * .../approval_state (rules[].approved_by[], bare users, and no iid:
 * --change names the MR).  One review per approver, each approver once
 * even when several rules list it: review_id "approval:<username>",
 * state APPROVED, no time and no commit (GitLab does not say them),
 * line that of the approver's object, index the approval's number in
 * the file.  repo from --repo, or the object's web_url when it has one.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/chparse_int.h"

#define GL_REPO_MAX	1024	/* "group/sub/.../project" */

static const char *const gl_patterns[] = { "[]", "", NULL };

/* name starts with "<kind>_<digits>_bot". */
static bool
token_user(const char *name, const char *kind)
{
	size_t n = strlen(kind), d;

	if (strncmp(name, kind, n) != 0 || name[n] != '_')
		return false;
	name += n + 1;
	d = strspn(name, "0123456789");
	return d > 0 && strncmp(name + d, "_bot", 4) == 0;
}

static bool
gl_bot_name(const char *name)
{
	size_t n = strlen(name);

	return (n >= 5 && strcmp(name + n - 5, "[bot]") == 0) ||
	    token_user(name, "project") || token_user(name, "group");
}

/* The user object at key: its username and whether it is a bot. */
static enum assure_err
gl_user(struct jstream *js, const struct jrec *r, const char *key,
    const char **ret_name, enum tri *ret_bot, struct assure_diag *d)
{
	char k[64];
	enum tri bot;
	enum assure_err rc;

	*ret_bot = TRI_ABSENT;
	rc = chg_json_user(js, r, key, "username", ret_name, d);
	if (rc != ASSURE_OK || *ret_name == NULL)
		return rc;
	snprintf(k, sizeof(k), "%s.bot", key);
	rc = id_json_bool(js, r, k, &bot, d);
	if (rc != ASSURE_OK)
		return rc;
	*ret_bot = bot == TRI_TRUE || gl_bot_name(*ret_name) ? TRI_TRUE :
	    TRI_FALSE;
	return ASSURE_OK;
}

/*
 * The project path of an MR's web_url, "https://HOST/GROUP/SUB/PROJECT/-/
 * merge_requests/IID" (without "/-" before GitLab 12).  An instance under
 * a relative URL (https://host/gitlab/...) would add its prefix: --repo
 * is the remedy.
 */
static bool
gl_repo_url(const char *url, char *out, size_t size)
{
	const char *h, *e;
	size_t n;

	if (url == NULL)
		return false;
	if (strncmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		h = url + 7;
	else
		return false;
	h = strchr(h, '/');
	if (h == NULL)
		return false;
	h++;
	e = strstr(h, "/-/merge_requests/");
	if (e == NULL)
		e = strstr(h, "/merge_requests/");
	if (e == NULL)
		return false;
	n = (size_t)(e - h);
	if (n == 0 || n >= size || memchr(h, '/', n) == NULL)
		return false;
	memcpy(out, h, n);
	out[n] = '\0';
	return true;
}

/* "group/sub/project" of references.full "group/sub/project!IID". */
static bool
gl_repo_ref(const char *full, char *out, size_t size)
{
	const char *bang;
	size_t n;

	if (full == NULL || (bang = strrchr(full, '!')) == NULL)
		return false;
	n = (size_t)(bang - full);
	if (n == 0 || n >= size || memchr(full, '/', n) == NULL)
		return false;
	memcpy(out, full, n);
	out[n] = '\0';
	return true;
}

/* ------------------------------------------------------------------ */
/* gitlab-merge-requests */

struct gl_state {
	const char	*gitlab;
	const char	*state;
};

static const struct gl_state gl_states[] = {
	{ "opened", "open" },
	{ "locked", "open" },
	{ "reopened", "open" },
	{ "closed", "closed" },
	{ "merged", "merged" },
	{ NULL, NULL },
};

static enum assure_err
mr_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct chg_parser *p = arg;
	struct chg_change c;
	const char *state, *web, *full, *squash;
	char repo[GL_REPO_MAX], labels[CHG_VALUE_MAX + 1], q[64];
	enum tri bot;
	size_t i;
	enum assure_err rc;

	rc = chg_api_error(js, r, "iid", "GitLab", "a merge request", d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	c.line = r->line;
	c.index = r->index;
	c.system = "gitlab";
	rc = chg_json_int(js, r, "iid", 1, INT64_MAX, NULL, &c.number, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "state", &state, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; gl_states[i].gitlab != NULL; i++)
		if (strcmp(state, gl_states[i].gitlab) == 0)
			break;
	if (gl_states[i].gitlab == NULL) {
		id_quote(state, q, sizeof(q));
		return jstream_error(js, r, jrec_get(r, "state"), d,
		    ASSURE_ERR_PARSE, "expected opened, closed, locked or "
		    "merged, got '%s'", q);
	}
	c.state = gl_states[i].state;
	c.merged = strcmp(c.state, "merged") == 0 ? TRI_TRUE : TRI_FALSE;
	rc = id_json_opt(js, r, "title", &c.title, d);
	if (rc == ASSURE_OK)
		rc = gl_user(js, r, "author", &c.author, &c.author_bot, d);
	if (rc == ASSURE_OK)
		rc = gl_user(js, r, "merge_user", &c.merged_by, &bot, d);
	if (rc == ASSURE_OK && c.merged_by == NULL)
		rc = gl_user(js, r, "merged_by", &c.merged_by, &bot, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "created_at", false, &c.created, NULL,
		    d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "updated_at", false, &c.updated, NULL,
		    d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "closed_at", false, &c.closed, NULL,
		    d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "merged_at", false, &c.merged_at,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "target_branch", &c.base_branch, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "sha", &c.head_sha, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "merge_commit_sha", &c.merge_sha, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "squash_commit_sha", &squash, d);
	if (rc == ASSURE_OK)
		rc = chg_json_join(js, r, "labels", "name", labels,
		    sizeof(labels), &c.labels, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "web_url", &web, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "references.full", &full, d);
	if (rc != ASSURE_OK)
		return rc;
	if (c.merge_sha == NULL)
		c.merge_sha = squash;
	c.url = web;
	if (p->o->repo != NULL)
		c.repo = p->o->repo;
	else if (gl_repo_url(web, repo, sizeof(repo)) ||
	    gl_repo_ref(full, repo, sizeof(repo)))
		c.repo = repo;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected web_url or references.full naming the project, "
		    "got neither: pass --repo");
	return chg_emit_change(p, &c, d);
}

static enum assure_err
mr_finish(struct chg_parser *p, struct assure_diag *d)
{
	return chg_json_shape(p, "merge requests", d);
}

const struct chg_json_vendor chg_vendor_gitlab_mrs = {
	.patterns = gl_patterns,
	.record = mr_record,
	.finish = mr_finish,
};

/* ------------------------------------------------------------------ */
/* gitlab-approvals */

/* Where the approvers are in each of the two answers. */
struct gl_shape {
	const char	*list;		/* an array of approvers */
	const char	*elem;		/* one approver object */
	const char	*username;	/* relative to elem */
	const char	*bot;
};

static const struct gl_shape gl_approvals = {
	"approved_by", "approved_by.#", "user.username", "user.bot",
};
static const struct gl_shape gl_approval_state = {
	"rules.#.approved_by", "rules.#.approved_by.#", "username", "bot",
};

struct gl_approver {
	const struct jfield	*elem;
	const struct jfield	*user;
	const struct jfield	*bot;
	size_t			 ord;
	bool			 keep;
};

struct gl_approvers {
	struct gl_approver	*v;
	size_t			 n;
	size_t			 cap;
};

/* path is pat, where '#' in pat stands for an array index. */
static bool
path_is(const char *path, const char *pat)
{
	size_t d;

	while (*pat != '\0') {
		if (*pat == '#') {
			d = strspn(path, "0123456789");
			if (d == 0)
				return false;
			path += d;
			pat++;
		} else if (*path++ != *pat++)
			return false;
	}
	return *path == '\0';
}

/* path lies inside the container at prefix: "prefix.<rest>". */
static const char *
inside(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(path, prefix, n) != 0 || path[n] != '.')
		return NULL;
	return path + n + 1;
}

static enum assure_err
approver_add(struct chg_parser *p, const struct jrec *r,
    struct gl_approvers *a, const struct jfield *elem,
    const struct jfield *user, const struct jfield *bot,
    struct assure_diag *d)
{
	struct gl_approver *v;
	size_t ncap;
	char q[64];

	if (user == NULL)
		return jstream_error(p->js, r, elem, d, ASSURE_ERR_PARSE,
		    "expected the approver's username, got none");
	if (user->type != JT_STRING || user->len == 0 ||
	    user->len > CHG_VALUE_MAX || strlen(user->val) != user->len) {
		id_quote(user->val, q, sizeof(q));
		return jstream_error(p->js, r, user, d, ASSURE_ERR_PARSE,
		    "expected the approver's username (text of at most %d "
		    "bytes), got '%s'", CHG_VALUE_MAX, user->val != NULL ? q :
		    user->type == JT_NULL ? "null" : "an object or array");
	}
	if (bot != NULL && bot->type != JT_BOOL && bot->type != JT_NULL)
		return jstream_error(p->js, r, bot, d, ASSURE_ERR_PARSE,
		    "expected true or false, got '%.40s'",
		    bot->val != NULL ? bot->val : "an object or array");
	if (a->n == a->cap) {
		ncap = a->cap == 0 ? 8 : a->cap * 2;
		v = reallocarray(a->v, ncap, sizeof(*v));
		if (v == NULL)
			return jstream_error(p->js, r, NULL, d,
			    ASSURE_ERR_NOMEM, "out of memory");
		a->v = v;
		a->cap = ncap;
	}
	v = &a->v[a->n];
	v->elem = elem;
	v->user = user;
	v->bot = bot;
	v->ord = a->n++;
	v->keep = false;
	return ASSURE_OK;
}

/*
 * The approvers of r in document order: each approver object of the
 * shape's list must name a username.  One pass over the fields: an
 * object's fields follow it, so an approver ends where they stop.
 */
static enum assure_err
approvers_collect(struct chg_parser *p, const struct jrec *r,
    const struct gl_shape *sh, struct gl_approvers *a, struct assure_diag *d)
{
	const struct jfield *f, *cur = NULL, *user = NULL, *bot = NULL;
	const char *rel;
	size_t i;
	char q[64];
	enum assure_err rc;

	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		if (cur != NULL && (rel = inside(f->path, cur->path)) != NULL) {
			if (strcmp(rel, sh->username) == 0)
				user = f;
			else if (strcmp(rel, sh->bot) == 0)
				bot = f;
			continue;
		}
		if (cur != NULL) {
			rc = approver_add(p, r, a, cur, user, bot, d);
			if (rc != ASSURE_OK)
				return rc;
			cur = NULL;
		}
		if (path_is(f->path, sh->list) && f->type != JT_ARRAY &&
		    f->type != JT_NULL) {
			id_quote(f->val, q, sizeof(q));
			return jstream_error(p->js, r, f, d, ASSURE_ERR_PARSE,
			    "expected an array of approvers, got '%s'",
			    f->val != NULL ? q : "an object");
		}
		if (!path_is(f->path, sh->elem))
			continue;
		if (f->type != JT_MAP) {
			id_quote(f->val, q, sizeof(q));
			return jstream_error(p->js, r, f, d, ASSURE_ERR_PARSE,
			    "expected an approver object, got '%s'",
			    f->val != NULL ? q : f->type == JT_NULL ? "null" :
			    "an array");
		}
		cur = f;
		user = NULL;
		bot = NULL;
	}
	if (cur != NULL)
		return approver_add(p, r, a, cur, user, bot, d);
	return ASSURE_OK;
}

static int
by_name(const void *x, const void *y)
{
	const struct gl_approver *a = x, *b = y;
	int c = strcmp(a->user->val, b->user->val);

	if (c != 0)
		return c;
	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

static int
by_ord(const void *x, const void *y)
{
	const struct gl_approver *a = x, *b = y;

	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

/*
 * Keep the first mention of each approver (rules of approval_state list
 * the same user under each rule they satisfy), in document order.
 */
static void
approvers_dedup(struct gl_approvers *a)
{
	size_t i;

	if (a->n == 0)
		return;
	qsort(a->v, a->n, sizeof(*a->v), by_name);
	for (i = 0; i < a->n; i++)
		a->v[i].keep = i == 0 ||
		    strcmp(a->v[i].user->val, a->v[i - 1].user->val) != 0;
	qsort(a->v, a->n, sizeof(*a->v), by_ord);
}

static enum assure_err
approvals_emit(struct chg_parser *p, const struct gl_approvers *a,
    const char *repo, int64_t number, struct assure_diag *d)
{
	struct chg_review v;
	const struct gl_approver *x;
	char id[CHG_VALUE_MAX + 16];
	size_t i;
	enum assure_err rc;

	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		if (!x->keep)
			continue;
		memset(&v, 0, sizeof(v));
		v.line = x->elem->line;
		v.index = p->emitted;
		v.system = "gitlab";
		v.repo = repo;
		v.number = number;
		snprintf(id, sizeof(id), "approval:%s", x->user->val);
		v.review_id = id;
		v.reviewer = x->user->val;
		v.reviewer_bot = (x->bot != NULL && x->bot->type == JT_BOOL &&
		    strcmp(x->bot->val, "true") == 0) ||
		    gl_bot_name(x->user->val) ? TRI_TRUE : TRI_FALSE;
		v.state = "APPROVED";
		rc = chg_emit_review(p, &v, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

static enum assure_err
approvals_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct chg_parser *p = arg;
	const struct jfield *rules, *iid;
	const struct gl_shape *sh;
	struct gl_approvers a;
	const char *web, *repo;
	char rbuf[GL_REPO_MAX];
	int64_t n, number;
	bool has;
	enum assure_err rc;

	rules = jrec_get(r, "rules");
	if (rules == NULL) {
		rc = chg_api_error(js, r, "approved_by", "GitLab",
		    "merge request approvals", d);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (rules != NULL && rules->type != JT_NULL) {
		if (rules->type != JT_ARRAY)
			return jstream_error(js, r, rules, d, ASSURE_ERR_PARSE,
			    "expected an array of approval rules, got '%.40s'",
			    rules->val != NULL ? rules->val : "an object");
		sh = &gl_approval_state;
	} else if (jrec_get(r, "approved_by") != NULL)
		sh = &gl_approvals;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected approved_by (GET .../approvals) or rules (GET "
		    ".../approval_state), got neither");
	rc = chg_json_int(js, r, "iid", 1, INT64_MAX, &has, &n, d);
	if (rc != ASSURE_OK)
		return rc;
	iid = jrec_get(r, "iid");
	rc = chg_number(p, r, iid != NULL && iid->type != JT_NULL ? iid : NULL,
	    has, n, "merge request", &number, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "web_url", &web, d);
	if (rc != ASSURE_OK)
		return rc;
	if (p->o->repo != NULL)
		repo = p->o->repo;
	else if (gl_repo_url(web, rbuf, sizeof(rbuf)))
		repo = rbuf;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected web_url naming the project, got none: pass "
		    "--repo");
	memset(&a, 0, sizeof(a));
	rc = approvers_collect(p, r, sh, &a, d);
	if (rc == ASSURE_OK) {
		approvers_dedup(&a);
		rc = approvals_emit(p, &a, repo, number, d);
	}
	free(a.v);
	return rc;
}

static enum assure_err
approvals_finish(struct chg_parser *p, struct assure_diag *d)
{
	return chg_json_shape(p, "merge request approvals", d);
}

const struct chg_json_vendor chg_vendor_gitlab_approvals = {
	.patterns = gl_patterns,
	.record = approvals_record,
	.finish = approvals_finish,
};
