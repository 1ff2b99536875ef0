/*
 * github_change.c: the GitHub change-management kinds (FORMATS.md
 * section 2).  A file is one response body of the REST API as a collector
 * saved it: one page of a list (a JSON array) or, where the API answers
 * with one, a single object.
 *
 * Common rules: system "github"; --repo "owner/name" overrides the
 * repository a record names (URLs keep the name a repository had when it
 * was collected, and a file may come from a fork); ids are kept as their
 * decimal text; times are RFC 3339, null is absence.  A user is a bot when
 * its type is "Bot" or its login ends in "[bot]" (a GitHub App's account),
 * a human otherwise, absent when the user is null (a deleted account).  An
 * error body where records were expected ({"message": "Not Found"},
 * "Must have admin rights to Repository.", "Resource not accessible by
 * integration") rejects the file: the collector lacked access, and that
 * says nothing about the repository.
 *
 * github-pulls: GET /repos/{o}/{r}/pulls (an array; the 2012 schema and
 * the current one) or GET .../pulls/{n} (one object, which alone carries
 * "merged" and "merged_by").  repo = base.repo.full_name, else from the
 * API url; number (required); state "merged" when merged_at is set or
 * merged is true (a closed pull with merged_at null was closed unmerged),
 * else GitHub's open or closed; merged true/false from the same, absent
 * when the response has neither key; merged and merged_at must agree.
 * author = user.login; merged_by = merged_by.login; base_branch =
 * base.ref; head_sha = head.sha; merge_sha = merge_commit_sha; labels =
 * labels[].name joined by ','; url = html_url.
 *
 * github-reviews: GET .../pulls/{n}/reviews (an array).  repo and number
 * from pull_request_url, else --repo and --change (--change must agree
 * with the URL when both say).  review_id = id; reviewer = user.login;
 * state APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING as
 * given (a PENDING review has no submitted_at); commit = commit_id.
 *
 * github-deployments: GET .../deployments (an array).  deployment_id =
 * id; repo from repository_url, else url; environment and sha required;
 * ref; created = created_at; actor = creator.login; production =
 * production_environment; result absent (a deployment object carries
 * none: its statuses do); url = statuses_url.
 *
 * github-deployment-statuses: GET .../deployments/{id}/statuses (an
 * array).  deployment_id and repo from deployment_url (else --change, and
 * repository_url); status_id = id; state one of error, failure, inactive,
 * in_progress, queued, pending, success; created = created_at; creator =
 * creator.login; environment.
 *
 * github-branch-protection: GET .../branches/{b}/protection (one
 * object).  repo and branch from url (".../repos/o/r/branches/B/
 * protection"), overridden by --repo and --branch.  required_approvals =
 * required_pull_request_reviews.required_approving_review_count (-1 when
 * that key is missing; 0 when required_pull_request_reviews itself is
 * absent: no review is required); its dismiss_stale_reviews,
 * require_code_owner_reviews, require_last_push_approval; the .enabled
 * of enforce_admins, allow_force_pushes, allow_deletions,
 * required_signatures, required_linear_history; status_checks =
 * required_status_checks.contexts (else .checks[].context) joined by ','
 * ("" when the checks are required but none is named, NULL when they are
 * not required).  The 404 body {"message": "Branch not protected"} is a
 * finding: protected false, with --repo and --branch saying which branch,
 * every setting absent.  Any other message is an error (see above): only
 * an admin may read protection, so 403 and 404 answers are common and
 * must never read as "unprotected".
 */
#include "common/hash.h"
#include "common/compat.h"

#include <string.h>

#include "parse/chparse_int.h"

#define GH_REPO_MAX	256	/* "owner/name": 39 + 1 + 100 in practice */
#define GH_ID_MAX	32	/* a decimal id */
#define GH_BRANCH_MAX	1024	/* git allows long ref names */

static const char *const gh_patterns[] = { "[]", "", NULL };

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * The user object at key ("user", "creator"): its login and whether it is
 * a bot; both absent when the key is missing or null (a deleted account).
 */
static enum assure_err
gh_user(struct jstream *js, const struct jrec *r, const char *key,
    const char **ret_login, enum tri *ret_bot, struct assure_diag *d)
{
	const char *type;
	char k[64];
	enum assure_err rc;

	*ret_bot = TRI_ABSENT;
	rc = chg_json_user(js, r, key, "login", ret_login, d);
	if (rc != ASSURE_OK || *ret_login == NULL)
		return rc;
	snprintf(k, sizeof(k), "%s.type", key);
	rc = id_json_opt(js, r, k, &type, d);
	if (rc != ASSURE_OK)
		return rc;
	*ret_bot = (type != NULL && strcmp(type, "Bot") == 0) ||
	    ends_with(*ret_login, "[bot]") ? TRI_TRUE : TRI_FALSE;
	return ASSURE_OK;
}

/* The record's id: a whole JSON number (or a string), as text. */
static enum assure_err
gh_id(struct jstream *js, const struct jrec *r, const char **ret,
    struct assure_diag *d)
{
	const struct jfield *f;
	enum assure_err rc;

	rc = id_json_req(js, r, "id", ret, d);
	if (rc != ASSURE_OK)
		return rc;
	f = jrec_get(r, "id");
	if (f->type == JT_NUMBER && strspn(f->val, "0123456789") != f->len)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a whole number, got '%.40s'", f->val);
	return ASSURE_OK;
}

/* "owner/name" of a repository API URL ".../repos/owner/name". */
static bool
gh_repo_url(const char *url, char *out, size_t size)
{
	const char *s, *slash;
	size_t n;

	if (url == NULL || (s = strstr(url, "/repos/")) == NULL)
		return false;
	s += strlen("/repos/");
	n = strcspn(s, "?#");
	if (n > 0 && s[n - 1] == '/')
		n--;
	slash = memchr(s, '/', n);
	if (slash == NULL || slash == s || slash == s + n - 1 ||
	    memchr(slash + 1, '/', n - (size_t)(slash + 1 - s)) != NULL ||
	    n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* A located error for a URL field of the wrong shape. */
static enum assure_err
bad_url(struct jstream *js, const struct jrec *r, const char *key,
    const char *shape, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, key);
	char q[64];

	id_quote(f->val, q, sizeof(q));
	return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
	    "expected an API URL %s, got '%s'", shape, q);
}

static bool
in_list(const char *s, const char *const *l)
{
	size_t i;

	for (i = 0; l[i] != NULL; i++)
		if (strcmp(s, l[i]) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* github-pulls */

static enum assure_err
pull_merged(struct jstream *js, const struct jrec *r, struct chg_change *c,
    struct assure_diag *d)
{
	const struct jfield *f;
	enum tri merged;
	enum assure_err rc;

	rc = id_json_bool(js, r, "merged", &merged, d);
	if (rc != ASSURE_OK)
		return rc;
	f = jrec_get(r, "merged");
	if (merged == TRI_TRUE && !c->merged_at.has)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected merged_at with merged true, got none");
	if (merged == TRI_FALSE && c->merged_at.has)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected merged true with merged_at set, got false");
	if (merged != TRI_ABSENT)
		c->merged = merged;
	else if (c->merged_at.has)
		c->merged = TRI_TRUE;
	else if (jrec_get(r, "merged_at") != NULL)
		c->merged = TRI_FALSE;	/* null: not merged */
	else
		c->merged = TRI_ABSENT;
	return ASSURE_OK;
}

static enum assure_err
pull_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	static const char *const states[] = { "open", "closed", NULL };
	struct chg_parser *p = arg;
	struct chg_change c;
	const char *full, *url, *state;
	char repo[GH_REPO_MAX], id[GH_ID_MAX], labels[CHG_VALUE_MAX + 1];
	char q[64];
	enum tri bot;
	enum assure_err rc;

	rc = chg_api_error(js, r, "number", "GitHub", "a pull request", d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	c.line = r->line;
	c.index = r->index;
	c.system = "github";
	rc = chg_json_int(js, r, "number", 1, INT64_MAX, NULL, &c.number, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "state", &state, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!in_list(state, states)) {
		id_quote(state, q, sizeof(q));
		return jstream_error(js, r, jrec_get(r, "state"), d,
		    ASSURE_ERR_PARSE, "expected open or closed, got '%s'", q);
	}
	rc = id_json_opt(js, r, "title", &c.title, d);
	if (rc == ASSURE_OK)
		rc = gh_user(js, r, "user", &c.author, &c.author_bot, d);
	if (rc == ASSURE_OK)
		rc = gh_user(js, r, "merged_by", &c.merged_by, &bot, d);
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
		rc = pull_merged(js, r, &c, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "base.ref", &c.base_branch, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "head.sha", &c.head_sha, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "merge_commit_sha", &c.merge_sha, d);
	if (rc == ASSURE_OK)
		rc = chg_json_join(js, r, "labels", "name", labels,
		    sizeof(labels), &c.labels, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "html_url", &c.url, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "base.repo.full_name", &full, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "url", &url, d);
	if (rc != ASSURE_OK)
		return rc;
	c.state = c.merged == TRI_TRUE ? "merged" : state;
	if (p->o->repo != NULL)
		c.repo = p->o->repo;
	else if (full != NULL)
		c.repo = full;
	else if (chg_api_url(url, "pulls", repo, sizeof(repo), id,
	    sizeof(id)))
		c.repo = repo;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected base.repo.full_name or an API url naming the "
		    "repository, got neither: pass --repo");
	return chg_emit_change(p, &c, d);
}

static enum assure_err
pull_finish(struct chg_parser *p, struct assure_diag *d)
{
	return chg_json_shape(p, "pull requests", d);
}

const struct chg_json_vendor chg_vendor_github_pulls = {
	.patterns = gh_patterns,
	.record = pull_record,
	.finish = pull_finish,
};

/* ------------------------------------------------------------------ */
/* github-reviews */

static enum assure_err
review_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	static const char *const states[] = { "APPROVED",
	    "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING", NULL };
	struct chg_parser *p = arg;
	struct chg_review v;
	const char *url;
	char repo[GH_REPO_MAX], id[GH_ID_MAX], q[64];
	long long n = 0;
	enum assure_err rc;

	rc = chg_api_error(js, r, "id", "GitHub", "a review", d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&v, 0, sizeof(v));
	v.line = r->line;
	v.index = r->index;
	v.system = "github";
	rc = gh_id(js, r, &v.review_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "state", &v.state, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!in_list(v.state, states)) {
		id_quote(v.state, q, sizeof(q));
		return jstream_error(js, r, jrec_get(r, "state"), d,
		    ASSURE_ERR_PARSE, "expected APPROVED, CHANGES_REQUESTED, "
		    "COMMENTED, DISMISSED or PENDING, got '%s'", q);
	}
	rc = gh_user(js, r, "user", &v.reviewer, &v.reviewer_bot, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "submitted_at", false, &v.submitted,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "commit_id", &v.commit, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "pull_request_url", &url, d);
	if (rc != ASSURE_OK)
		return rc;
	if (url != NULL && (!chg_api_url(url, "pulls", repo, sizeof(repo),
	    id, sizeof(id)) || assure_strtonum(id, 1, INT64_MAX, &n) != 0))
		return bad_url(js, r, "pull_request_url",
		    ".../repos/OWNER/REPO/pulls/NUMBER", d);
	rc = chg_number(p, r, jrec_get(r, "pull_request_url"), url != NULL,
	    n, "pull request", &v.number, d);
	if (rc != ASSURE_OK)
		return rc;
	if (p->o->repo != NULL)
		v.repo = p->o->repo;
	else if (url != NULL)
		v.repo = repo;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected pull_request_url naming the repository, got "
		    "none: pass --repo");
	return chg_emit_review(p, &v, d);
}

static enum assure_err
review_finish(struct chg_parser *p, struct assure_diag *d)
{
	return chg_json_shape(p, "reviews", d);
}

const struct chg_json_vendor chg_vendor_github_reviews = {
	.patterns = gh_patterns,
	.record = review_record,
	.finish = review_finish,
};

/* ------------------------------------------------------------------ */
/* github-deployments */

static enum assure_err
deployment_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct chg_parser *p = arg;
	struct chg_deployment x;
	const char *rurl, *url;
	char repo[GH_REPO_MAX], id[GH_ID_MAX];
	enum tri bot;
	enum assure_err rc;

	rc = chg_api_error(js, r, "id", "GitHub", "a deployment", d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.index = r->index;
	x.system = "github";
	rc = gh_id(js, r, &x.deployment_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "environment", &x.environment, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "sha", &x.sha, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "ref", &x.ref, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "created_at", false, &x.created, NULL,
		    d);
	if (rc == ASSURE_OK)
		rc = gh_user(js, r, "creator", &x.actor, &bot, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "production_environment",
		    &x.production, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "statuses_url", &x.url, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "repository_url", &rurl, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "url", &url, d);
	if (rc != ASSURE_OK)
		return rc;
	if (p->o->repo != NULL)
		x.repo = p->o->repo;
	else if (gh_repo_url(rurl, repo, sizeof(repo)) ||
	    chg_api_url(url, "deployments", repo, sizeof(repo), id,
	    sizeof(id)))
		x.repo = repo;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected repository_url or url naming the repository, "
		    "got neither: pass --repo");
	return chg_emit_deployment(p, &x, d);
}

static enum assure_err
deployment_finish(struct chg_parser *p, struct assure_diag *d)
{
	return chg_json_shape(p, "deployments", d);
}

const struct chg_json_vendor chg_vendor_github_deployments = {
	.patterns = gh_patterns,
	.record = deployment_record,
	.finish = deployment_finish,
};

/* ------------------------------------------------------------------ */
/* github-deployment-statuses */

static enum assure_err
status_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	static const char *const states[] = { "error", "failure", "inactive",
	    "in_progress", "queued", "pending", "success", NULL };
	struct chg_parser *p = arg;
	struct chg_deploy_status s;
	const char *durl, *rurl;
	char repo[GH_REPO_MAX], id[GH_ID_MAX], q[64];
	long long n = 0;
	int64_t dep;
	enum tri bot;
	enum assure_err rc;

	rc = chg_api_error(js, r, "id", "GitHub", "a deployment status", d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&s, 0, sizeof(s));
	s.line = r->line;
	s.index = r->index;
	s.system = "github";
	rc = gh_id(js, r, &s.status_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "state", &s.state, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!in_list(s.state, states)) {
		id_quote(s.state, q, sizeof(q));
		return jstream_error(js, r, jrec_get(r, "state"), d,
		    ASSURE_ERR_PARSE, "expected error, failure, inactive, "
		    "in_progress, queued, pending or success, got '%s'", q);
	}
	rc = id_json_time(js, r, "created_at", false, &s.created, NULL, d);
	if (rc == ASSURE_OK)
		rc = gh_user(js, r, "creator", &s.creator, &bot, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "environment", &s.environment, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "deployment_url", &durl, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "repository_url", &rurl, d);
	if (rc != ASSURE_OK)
		return rc;
	if (durl != NULL && (!chg_api_url(durl, "deployments", repo,
	    sizeof(repo), id, sizeof(id)) ||
	    assure_strtonum(id, 1, INT64_MAX, &n) != 0))
		return bad_url(js, r, "deployment_url",
		    ".../repos/OWNER/REPO/deployments/ID", d);
	/* --change names the deployment of a file without the URLs. */
	rc = chg_number(p, r, jrec_get(r, "deployment_url"), durl != NULL, n,
	    "deployment", &dep, d);
	if (rc != ASSURE_OK)
		return rc;
	snprintf(id, sizeof(id), "%lld", (long long)dep);
	s.deployment_id = id;
	if (p->o->repo != NULL)
		s.repo = p->o->repo;
	else if (durl != NULL || gh_repo_url(rurl, repo, sizeof(repo)))
		s.repo = repo;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected deployment_url or repository_url naming the "
		    "repository, got neither: pass --repo");
	return chg_emit_status(p, &s, d);
}

static enum assure_err
status_finish(struct chg_parser *p, struct assure_diag *d)
{
	return chg_json_shape(p, "deployment statuses", d);
}

const struct chg_json_vendor chg_vendor_github_statuses = {
	.patterns = gh_patterns,
	.record = status_record,
	.finish = status_finish,
};

/* ------------------------------------------------------------------ */
/* github-branch-protection */

#define NOT_PROTECTED	"Branch not protected"

/* The keys of which a protection answer has at least one. */
static const char *const protection_keys[] = { "url",
	"required_status_checks", "required_pull_request_reviews",
	"enforce_admins", "required_signatures", "required_linear_history",
	"allow_force_pushes", "allow_deletions", "restrictions", NULL };

/*
 * Repository and branch of ".../repos/OWNER/NAME/branches/BRANCH/
 * protection".  A branch may hold '/' ("release/1.x"), as itself or as
 * %2F, so it is everything up to the final "/protection", decoded.
 */
static bool
gh_branch_url(const char *url, char *repo, size_t repo_size, char *branch,
    size_t branch_size)
{
	static const char tail[] = "/protection";
	const char *s, *e, *b;
	size_t n, o;
	int hi, lo;

	if (url == NULL || (s = strstr(url, "/repos/")) == NULL)
		return false;
	s += strlen("/repos/");
	e = strchr(s, '/');
	if (e == NULL || e == s || e[1] == '/' || e[1] == '\0')
		return false;
	e = strchr(e + 1, '/');
	if (e == NULL || (size_t)(e - s) >= repo_size ||
	    strncmp(e, "/branches/", 10) != 0)
		return false;
	memcpy(repo, s, (size_t)(e - s));
	repo[e - s] = '\0';
	b = e + 10;
	n = strcspn(b, "?#");
	if (n <= sizeof(tail) - 1 ||
	    memcmp(b + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1) != 0)
		return false;
	n -= sizeof(tail) - 1;
	for (o = 0, e = b; e < b + n; e++) {
		if (o + 1 >= branch_size)
			return false;
		if (*e != '%') {
			branch[o++] = *e;
			continue;
		}
		if (e + 2 >= b + n)
			return false;
		hi = assure_hexval((unsigned char)e[1]);
		lo = assure_hexval((unsigned char)e[2]);
		if (hi < 0 || lo < 0 || hi * 16 + lo == 0)
			return false;
		branch[o++] = (char)(hi * 16 + lo);
		e += 2;
	}
	branch[o] = '\0';
	return o > 0;
}

/* A setting {"enabled": bool} at key (a bare boolean is taken too). */
static enum assure_err
gh_enabled(struct jstream *js, const struct jrec *r, const char *key,
    enum tri *ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, key);
	char k[64];

	*ret = TRI_ABSENT;
	if (f != NULL && f->type == JT_BOOL)
		return id_json_bool(js, r, key, ret, d);
	if (f != NULL && f->type != JT_MAP && f->type != JT_NULL)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an object with enabled, got '%.40s'",
		    f->val != NULL ? f->val : "an array");
	snprintf(k, sizeof(k), "%s.enabled", key);
	return id_json_bool(js, r, k, ret, d);
}

static enum assure_err
gh_unprotected(struct chg_parser *p, const struct jrec *r,
    const struct jfield *msg, struct assure_diag *d)
{
	struct chg_protection b;

	if (p->o->repo == NULL || p->o->branch == NULL)
		return jstream_error(p->js, r, msg, d, ASSURE_ERR_PARSE,
		    "expected --repo and --branch with '" NOT_PROTECTED "', "
		    "got %s: the answer does not say which branch it is about",
		    p->o->repo == NULL && p->o->branch == NULL ? "neither" :
		    p->o->repo == NULL ? "no --repo" : "no --branch");
	memset(&b, 0, sizeof(b));
	b.line = r->line;
	b.system = "github";
	b.repo = p->o->repo;
	b.branch = p->o->branch;
	b.protected = TRI_FALSE;
	/* What branch protection would say is unknown, not false. */
	b.required_approvals = -1;
	return chg_emit_protection(p, &b, d);
}

static enum assure_err
protection_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct chg_parser *p = arg;
	struct chg_protection b;
	const struct jfield *f, *msg;
	const char *url;
	char repo[GH_REPO_MAX], branch[GH_BRANCH_MAX];
	char checks[CHG_VALUE_MAX + 1], q[64];
	int64_t n;
	bool has;
	size_t i;
	enum assure_err rc;

	if (r->pattern == 0)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected one branch protection object, got an array (a "
		    "recording of several requests is not an answer)");
	msg = jrec_get(r, "message");
	if (msg != NULL && jrec_get(r, "url") == NULL) {
		if (msg->type == JT_STRING &&
		    strcmp(msg->val, NOT_PROTECTED) == 0)
			return gh_unprotected(p, r, msg, d);
		id_quote(msg->val, q, sizeof(q));
		return jstream_error(js, r, msg, d, ASSURE_ERR_PARSE,
		    "expected the branch protection, got GitHub's error "
		    "answer '%s': the collector lacked access (reading "
		    "protection needs admin rights) or named no such branch; "
		    "this does not show the branch unprotected",
		    msg->val != NULL ? q : "(an object)");
	}
	for (i = 0; protection_keys[i] != NULL; i++)
		if (jrec_get(r, protection_keys[i]) != NULL)
			break;
	if (protection_keys[i] == NULL)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected a branch protection object (url, "
		    "enforce_admins, required_pull_request_reviews, ...), got "
		    "none of its keys");
	memset(&b, 0, sizeof(b));
	b.line = r->line;
	b.system = "github";
	b.protected = TRI_TRUE;
	rc = id_json_opt(js, r, "url", &url, d);
	if (rc != ASSURE_OK)
		return rc;
	if (url != NULL && !gh_branch_url(url, repo, sizeof(repo), branch,
	    sizeof(branch)))
		return bad_url(js, r, "url",
		    ".../repos/OWNER/REPO/branches/BRANCH/protection", d);
	b.repo = p->o->repo != NULL ? p->o->repo : url != NULL ? repo : NULL;
	b.branch = p->o->branch != NULL ? p->o->branch :
	    url != NULL ? branch : NULL;
	if (b.repo == NULL || b.branch == NULL)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected url naming the repository and branch, got "
		    "none: pass --repo and --branch");

	f = jrec_get(r, "required_pull_request_reviews");
	if (f != NULL && f->type != JT_MAP && f->type != JT_NULL)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an object or null, got '%.40s'",
		    f->val != NULL ? f->val : "an array");
	/* No review rule: the protection requires no approval. */
	b.required_approvals = 0;
	if (f != NULL && f->type == JT_MAP) {
		rc = chg_json_int(js, r, "required_pull_request_reviews."
		    "required_approving_review_count", 0, INT32_MAX, &has, &n,
		    d);
		if (rc != ASSURE_OK)
			return rc;
		b.required_approvals = has ? (long)n : -1;
	}
	rc = id_json_bool(js, r, "required_pull_request_reviews."
	    "dismiss_stale_reviews", &b.dismiss_stale, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "required_pull_request_reviews."
		    "require_code_owner_reviews", &b.code_owners, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "required_pull_request_reviews."
		    "require_last_push_approval", &b.last_push_approval, d);
	if (rc == ASSURE_OK)
		rc = gh_enabled(js, r, "enforce_admins", &b.enforce_admins, d);
	if (rc == ASSURE_OK)
		rc = gh_enabled(js, r, "allow_force_pushes", &b.force_pushes,
		    d);
	if (rc == ASSURE_OK)
		rc = gh_enabled(js, r, "allow_deletions", &b.deletions, d);
	if (rc == ASSURE_OK)
		rc = gh_enabled(js, r, "required_signatures", &b.signatures,
		    d);
	if (rc == ASSURE_OK)
		rc = gh_enabled(js, r, "required_linear_history",
		    &b.linear_history, d);
	if (rc != ASSURE_OK)
		return rc;

	f = jrec_get(r, "required_status_checks");
	if (f != NULL && f->type != JT_MAP && f->type != JT_NULL)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an object or null, got '%.40s'",
		    f->val != NULL ? f->val : "an array");
	if (f != NULL && f->type == JT_MAP) {
		/* contexts is the older list; checks[] names the app too. */
		if (jrec_get(r, "required_status_checks.contexts") != NULL)
			rc = chg_json_join(js, r,
			    "required_status_checks.contexts", NULL, checks,
			    sizeof(checks), &b.status_checks, d);
		else
			rc = chg_json_join(js, r,
			    "required_status_checks.checks", "context",
			    checks, sizeof(checks), &b.status_checks, d);
		if (rc != ASSURE_OK)
			return rc;
		if (b.status_checks == NULL)
			b.status_checks = "";
	}
	return chg_emit_protection(p, &b, d);
}

static enum assure_err
protection_finish(struct chg_parser *p, struct assure_diag *d)
{
	struct jrec env;
	const struct jfield *root;

	if (jstream_records(p->js) > 0)
		return ASSURE_OK;
	jstream_envelope(p->js, &env);
	root = jrec_get(&env, "");
	return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(p->js),
	    root != NULL ? root->line : 1, root != NULL ? root->col : 1, NULL,
	    "expected the object GET /repos/OWNER/REPO/branches/BRANCH/"
	    "protection answers, got %s", root == NULL ? "an empty document" :
	    root->type == JT_ARRAY ? "an array without objects" :
	    "a single value");
}

/*
 * Only the top-level object is the answer; an element of a top-level
 * array is matched too, so that an array is refused at its first object
 * rather than collected whole.
 */
static const char *const protection_patterns[] = { "[]", "", NULL };

const struct chg_json_vendor chg_vendor_github_protection = {
	.patterns = protection_patterns,
	.record = protection_record,
	.finish = protection_finish,
};
