/*
 * gitlog.c: the git-repo kind: the canonical JSON document
 * "assure-git-repo/1" that src/collect/gitrepo.c writes from a clone (the
 * format is specified in collect/gitrepo.h), one commit record per
 * element of "commits", from the branch head down its first-parent
 * history.
 *
 * The envelope: "format" must be "assure-git-repo/1"; "repository" and
 * "branch" are required strings.  Each commit carries them, so these
 * three keys must come before "commits" (as the collector writes them);
 * "head" (optional) must be the sha of position 0 and "collected_at"
 * (optional, RFC 3339) is the instant the file speaks for; both may come
 * anywhere.  Unknown keys are ignored.
 *
 * A commit: "sha" of 40 or 64 lower-case hex digits; "position" the
 * record's own 0-based number (consecutive from 0); "parents" an array of
 * shas of the same length (empty for a root), at most GITLOG_PARENTS_MAX,
 * emitted joined by ' '; "author" and "committer" objects with optional
 * "name" and "email" and a required "time" (RFC 3339, or null when git's
 * time was out of range); "signed" a required boolean (a signature header
 * is present; its validity is not judged); "summary" optional.  The
 * records must form the first-parent chain: each commit is the first
 * parent of the one before it, and nothing follows a root commit.  That
 * chain also rules out a repeated commit.  "commits" must hold at least
 * the head.
 *
 * Memory: one record (jstream) and this file's state: the repository and
 * branch names and two shas.
 */
#include "common/compat.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/chparse_int.h"

#define GITLOG_FORMAT		"assure-git-repo/1"
#define GITLOG_PARENTS_MAX	1024	/* as GITREPO_PARENTS_MAX */
#define GITLOG_SHA_MAX		64

struct gitlog {
	bool		 header;	/* repository, branch read */
	char		 repo[CHG_VALUE_MAX + 1];
	char		 branch[CHG_VALUE_MAX + 1];
	char		 first[GITLOG_SHA_MAX + 1];	/* position 0 */
	bool		 have_prev;	/* a commit before this one */
	char		 next[GITLOG_SHA_MAX + 1];	/* its 1st parent */
	struct assure_buf parents;
};

static bool
is_sha(const char *s, size_t len)
{
	size_t i;

	if (len != 40 && len != 64)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static const char *
type_name(const struct jfield *f)
{
	switch (f->type) {
	case JT_NULL: return "null";
	case JT_BOOL: return "a boolean";
	case JT_NUMBER: return "a number";
	case JT_STRING: return "a string";
	case JT_MAP: return "an object";
	case JT_ARRAY: return "an array";
	}
	return "?";
}

/* What f holds, for "got ...": its quoted text, or its type. */
static void
got(const struct jfield *f, char *out, size_t size)
{
	char q[64];

	if (f->type == JT_STRING || f->type == JT_NUMBER) {
		id_quote(f->val, q, sizeof(q));
		snprintf(out, size, "'%s'", q);
	} else
		snprintf(out, size, "%s", type_name(f));
}

/* ------------------------------------------------------------------ */
/* The envelope */

/*
 * A required string of the envelope into out (size bytes).  at locates a
 * missing key; before says that it had to come before "commits".
 */
static enum assure_err
env_string(struct chg_parser *p, const struct jrec *env, const char *key,
    const struct jfield *at, bool before, char *out, size_t size,
    struct assure_diag *d)
{
	const struct jfield *f = jrec_get(env, key);
	const char *v;
	enum assure_err rc;

	if (f == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), at->line, at->col, key,
		    "expected the key %s%s, got none", key, before ?
		    " before \"commits\"" : "");
	rc = id_json_req(p->js, env, key, &v, d);
	if (rc != ASSURE_OK)
		return rc;
	if (f->type != JT_STRING) {
		char g[80];

		got(f, g, sizeof(g));
		return jstream_error(p->js, env, f, d, ASSURE_ERR_PARSE,
		    "expected a string, got %s", g);
	}
	assure_strlcpy(out, v, size);
	return ASSURE_OK;
}

/*
 * Read format, repository and branch from the envelope; at locates a
 * missing key (the "commits" array, or the document).
 */
static enum assure_err
read_header(struct chg_parser *p, const struct jfield *at, bool before,
    struct assure_diag *d)
{
	struct gitlog *g = p->state;
	struct jrec env;
	const struct jfield *f;
	char q[80];
	enum assure_err rc;

	jstream_envelope(p->js, &env);
	f = jrec_get(&env, "format");
	if (f == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), at->line, at->col, "format",
		    "expected the key format%s, got none", before ?
		    " before \"commits\"" : "");
	if (f->type != JT_STRING || strcmp(f->val, GITLOG_FORMAT) != 0) {
		got(f, q, sizeof(q));
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected \"%s\", got %s", GITLOG_FORMAT, q);
	}
	rc = env_string(p, &env, "repository", at, before, g->repo,
	    sizeof(g->repo), d);
	if (rc == ASSURE_OK)
		rc = env_string(p, &env, "branch", at, before, g->branch,
		    sizeof(g->branch), d);
	if (rc == ASSURE_OK)
		g->header = true;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Commits */

static enum assure_err
sha_field(struct jstream *js, const struct jrec *r, const struct jfield *f,
    size_t want_len, struct assure_diag *d)
{
	char q[80];

	if (f->type == JT_STRING && is_sha(f->val, f->len) &&
	    (want_len == 0 || f->len == want_len))
		return ASSURE_OK;
	got(f, q, sizeof(q));
	if (want_len != 0)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a sha of %zu lower-case hex digits as the "
		    "commit's, got %s", want_len, q);
	return jstream_error(js, r, f, d, ASSURE_ERR_PARSE, "expected a sha "
	    "of 40 or 64 lower-case hex digits, got %s", q);
}

static enum assure_err
missing(struct jstream *js, const struct jrec *r, const char *path,
    struct assure_diag *d)
{
	return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(js),
	    r->line, r->col, path, "expected the key %s in this record, got "
	    "none", path);
}

static enum assure_err
position(struct jstream *js, const struct jrec *r, long *ret,
    struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, "position");
	long long v;
	char q[80];

	if (f == NULL)
		return missing(js, r, "position", d);
	if (f->type != JT_NUMBER || assure_strtonum(f->val, 0, LONG_MAX,
	    &v) != 0 || (unsigned long long)v != r->index) {
		got(f, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected %lu (positions are consecutive from 0), got %s",
		    r->index, q);
	}
	*ret = (long)v;
	return ASSURE_OK;
}

/* The parents joined by ' ' into g->parents; the first into first. */
static enum assure_err
parents(struct chg_parser *p, const struct jrec *r, size_t sha_len,
    const char **ret_first, struct assure_diag *d)
{
	struct gitlog *g = p->state;
	const struct jfield *f = jrec_get(r, "parents");
	size_t i, n = 0;
	char q[80];
	enum assure_err rc;

	*ret_first = NULL;
	assure_buf_reset(&g->parents);
	if (f == NULL)
		return missing(p->js, r, "parents", d);
	if (f->type != JT_ARRAY) {
		got(f, q, sizeof(q));
		return jstream_error(p->js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an array of shas, got %s", q);
	}
	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		if (strncmp(f->path, "parents.", 8) != 0 ||
		    strchr(f->path + 8, '.') != NULL)
			continue;
		if (n >= GITLOG_PARENTS_MAX)
			return jstream_error(p->js, r, f, d, ASSURE_ERR_LIMIT,
			    "expected at most %d parents, got more",
			    GITLOG_PARENTS_MAX);
		rc = sha_field(p->js, r, f, sha_len, d);
		if (rc != ASSURE_OK)
			return rc;
		if (n > 0)
			assure_buf_addc(&g->parents, ' ');
		else
			*ret_first = f->val;
		assure_buf_add(&g->parents, f->val, f->len);
		n++;
	}
	if (assure_buf_err(&g->parents) != ASSURE_OK)
		return jstream_error(p->js, r, NULL, d,
		    assure_buf_err(&g->parents), "out of memory");
	return ASSURE_OK;
}

/* A required time: an RFC 3339 string, or null (out of git's range). */
static enum assure_err
git_time(struct jstream *js, const struct jrec *r, const char *path,
    struct opt_time *ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);
	char q[80];

	ret->has = false;
	if (f == NULL)
		return missing(js, r, path, d);
	if (f->type == JT_NULL)
		return ASSURE_OK;
	if (f->type != JT_STRING || f->len <= 10 ||
	    assure_time_parse(f->val, f->len, &ret->t) != 0) {
		got(f, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an RFC 3339 time or null, got %s", q);
	}
	ret->has = true;
	return ASSURE_OK;
}

static enum assure_err
person(struct jstream *js, const struct jrec *r, const char *who,
    const char **ret_name, const char **ret_email, struct opt_time *ret_t,
    struct assure_diag *d)
{
	char k[32];
	enum assure_err rc;

	snprintf(k, sizeof(k), "%s.name", who);
	rc = id_json_opt(js, r, k, ret_name, d);
	if (rc != ASSURE_OK)
		return rc;
	snprintf(k, sizeof(k), "%s.email", who);
	rc = id_json_opt(js, r, k, ret_email, d);
	if (rc != ASSURE_OK)
		return rc;
	snprintf(k, sizeof(k), "%s.time", who);
	return git_time(js, r, k, ret_t, d);
}

/* The record is the first parent of the one before it. */
static enum assure_err
chain(struct chg_parser *p, const struct jrec *r, const struct jfield *sf,
    struct assure_diag *d)
{
	struct gitlog *g = p->state;
	char q[80];

	if (!g->have_prev)
		return ASSURE_OK;
	id_quote(sf->val, q, sizeof(q));
	if (g->next[0] == '\0')
		return jstream_error(p->js, r, sf, d, ASSURE_ERR_PARSE,
		    "expected no commit after position %lu, a root commit, "
		    "got '%s'", r->index - 1, q);
	if (strcmp(sf->val, g->next) != 0)
		return jstream_error(p->js, r, sf, d, ASSURE_ERR_PARSE,
		    "expected %s, the first parent of position %lu, got '%s'",
		    g->next, r->index - 1, q);
	return ASSURE_OK;
}

static enum assure_err
commit_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct chg_parser *p = arg;
	struct gitlog *g = p->state;
	struct chg_commit c;
	struct jrec env;
	struct jfield at;
	const struct jfield *sf, *f;
	const char *first;
	enum assure_err rc;

	if (!g->header) {
		/* a missing key is placed at the "commits" array */
		jstream_envelope(js, &env);
		f = jrec_get(&env, "commits");
		memset(&at, 0, sizeof(at));
		at.line = f != NULL ? f->line : r->line;
		at.col = f != NULL ? f->col : r->col;
		rc = read_header(p, &at, true, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	memset(&c, 0, sizeof(c));
	c.line = r->line;
	c.index = r->index;
	c.repo = g->repo;
	c.branch = g->branch;
	sf = jrec_get(r, "sha");
	if (sf == NULL)
		return missing(js, r, "sha", d);
	rc = sha_field(js, r, sf, 0, d);
	if (rc == ASSURE_OK)
		rc = position(js, r, &c.position, d);
	if (rc == ASSURE_OK)
		rc = parents(p, r, sf->len, &first, d);
	if (rc == ASSURE_OK)
		rc = person(js, r, "author", &c.author_name, &c.author_email,
		    &c.authored, d);
	if (rc == ASSURE_OK)
		rc = person(js, r, "committer", &c.committer_name,
		    &c.committer_email, &c.committed, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "signed", &c.signed_, d);
	if (rc == ASSURE_OK && c.signed_ == TRI_ABSENT)
		rc = missing(js, r, "signed", d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "summary", &c.summary, d);
	if (rc == ASSURE_OK)
		rc = chain(p, r, sf, d);
	if (rc != ASSURE_OK)
		return rc;
	c.sha = sf->val;
	c.parents = assure_buf_str(&g->parents);
	rc = chg_emit_commit(p, &c, d);
	if (rc != ASSURE_OK)
		return rc;
	if (r->index == 0)
		assure_strlcpy(g->first, sf->val, sizeof(g->first));
	g->have_prev = true;
	assure_strlcpy(g->next, first != NULL ? first : "", sizeof(g->next));
	return ASSURE_OK;
}

/* ------------------------------------------------------------------ */
/* The end of the document */

static enum assure_err
gitlog_finish(struct chg_parser *p, struct assure_diag *d)
{
	struct gitlog *g = p->state;
	struct jrec env;
	const struct jfield *root, *cf, *f;
	char q[80];
	size_t i;
	enum assure_err rc;

	jstream_envelope(p->js, &env);
	env.line = 1;
	env.col = 1;
	root = jrec_get(&env, "");
	if (root == NULL || root->type != JT_MAP)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, NULL, "expected an object "
		    "with \"format\": \"%s\", got %s", GITLOG_FORMAT,
		    root != NULL ? type_name(root) : "nothing");
	if (!g->header) {
		rc = read_header(p, root, false, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	cf = jrec_get(&env, "commits");
	if (cf == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), root->line, root->col, "commits",
		    "expected the key commits, got none");
	if (cf->type != JT_ARRAY) {
		got(cf, q, sizeof(q));
		return jstream_error(p->js, &env, cf, d, ASSURE_ERR_PARSE,
		    "expected an array of commits, got %s", q);
	}
	for (i = 0; i < env.n; i++) {
		f = &env.f[i];
		if (strncmp(f->path, "commits.", 8) != 0)
			continue;
		got(f, q, sizeof(q));
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected a commit object, got %s", q);
	}
	if (jstream_records(p->js) == 0)
		return jstream_error(p->js, &env, cf, d, ASSURE_ERR_PARSE,
		    "expected at least the head commit, got none");
	f = jrec_get(&env, "head");
	if (f != NULL && f->type != JT_NULL) {
		rc = sha_field(p->js, &env, f, 0, d);
		if (rc != ASSURE_OK)
			return rc;
		if (strcmp(f->val, g->first) != 0)
			return jstream_error(p->js, &env, f, d,
			    ASSURE_ERR_PARSE, "expected %s, the sha of "
			    "position 0, got '%s'", g->first, f->val);
	}
	f = jrec_get(&env, "collected_at");
	if (f != NULL && f->type != JT_NULL) {
		if (f->type != JT_STRING || f->len <= 10 ||
		    assure_time_parse(f->val, f->len, &p->as_of) != 0) {
			got(f, q, sizeof(q));
			return jstream_error(p->js, &env, f, d,
			    ASSURE_ERR_PARSE, "expected an RFC 3339 time, got "
			    "%s", q);
		}
		p->has_as_of = true;
	}
	return ASSURE_OK;
}

static enum assure_err
gitlog_init(struct chg_parser *p)
{
	struct gitlog *g;

	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return ASSURE_ERR_NOMEM;
	assure_buf_init(&g->parents, (size_t)GITLOG_PARENTS_MAX *
	    (GITLOG_SHA_MAX + 1) + 1);
	p->state = g;
	return ASSURE_OK;
}

static void
gitlog_release(struct chg_parser *p)
{
	struct gitlog *g = p->state;

	if (g == NULL)
		return;
	assure_buf_free(&g->parents);
	free(g);
	p->state = NULL;
}

static const char *const gitlog_patterns[] = { "commits[]", NULL };

const struct chg_json_vendor chg_vendor_git_repo = {
	.patterns = gitlog_patterns,
	.init = gitlog_init,
	.record = commit_record,
	.finish = gitlog_finish,
	.release = gitlog_release,
};
