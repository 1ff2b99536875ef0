/*
 * gitrepo.c: the git-repo collector (see gitrepo.h): libgit2 opens the
 * clone, resolves the branch, and walks its first-parent history
 * (git_revwalk with GIT_SORT_TOPOLOGICAL and first-parent
 * simplification) from the head; each commit becomes one line of the
 * document, written as it is read, so memory is one commit's line
 * whatever the length of the history (plus what libgit2 keeps for the
 * walk).
 *
 * Rules: the walk must be the first-parent chain (each commit the first
 * parent of the one before, ending at a root); a shallow clone is refused,
 * since its history stops short.  Every error names the clone path and
 * carries libgit2's message.
 */
#include "common/compat.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>

#include "collect/gitrepo.h"
#include "common/buf.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "parse/chparse.h"

#define GITREPO_LINE_MAX	(1024u * 1024)	/* bytes of a commit's line */
#define GITREPO_SHA_MAX		64
#define GITREPO_TIME_MIN	(-30610224000LL)	/* 1000-01-01 */
#define GITREPO_TIME_MAX	253402300799LL	/* 9999-12-31T23:59:59 */

struct gitrepo {
	const char		*path;
	git_repository		*repo;
	FILE			*out;
	struct assure_buf	 line;
	struct assure_diag	*d;
};

/* Fill the diagnostic with msg and libgit2's last error. */
static enum assure_err
git_fail(struct gitrepo *g, enum assure_err rc, const char *field,
    const char *msg)
{
	const git_error *e = git_error_last();

	return assure_diag_set(g->d, rc, g->path, 0, 0, field, "%s: %s", msg,
	    e != NULL && e->message != NULL ? e->message : "unknown error");
}

/* ------------------------------------------------------------------ */
/* Strings */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/*
 * The longest prefix of s[0..n) that decodes, once written (a byte that
 * is not UTF-8 becomes the 3 bytes of U+FFFD), to at most CHG_VALUE_MAX
 * bytes, without splitting a character.
 */
static size_t
clip(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, out = 0, l, w;

	while (i < n) {
		l = utf8_len(p + i, n - i);
		w = l == 0 ? 3 : l;
		if (out + w > CHG_VALUE_MAX)
			break;
		out += w;
		i += l == 0 ? 1 : l;
	}
	return i;
}

static void
put_str(struct assure_buf *b, const char *key, const char *s, size_t n)
{
	assure_buf_printf(b, "\"%s\":\"", key);
	jsonw_escape(b, s, clip(s, n));
	assure_buf_addc(b, '"');
}

static void
put_time(struct assure_buf *b, int64_t t)
{
	char s[ASSURE_TIME_STRLEN];

	if (t < GITREPO_TIME_MIN || t > GITREPO_TIME_MAX) {
		assure_buf_adds(b, "\"time\":null");
		return;
	}
	assure_time_format(t, s);
	assure_buf_printf(b, "\"time\":\"%s\"", s);
}

static void
put_person(struct assure_buf *b, const char *key, const git_signature *sig)
{
	const char *name = sig != NULL && sig->name != NULL ? sig->name : "";
	const char *email = sig != NULL && sig->email != NULL ? sig->email :
	    "";

	assure_buf_printf(b, ",\"%s\":{", key);
	put_str(b, "name", name, strlen(name));
	assure_buf_addc(b, ',');
	put_str(b, "email", email, strlen(email));
	assure_buf_addc(b, ',');
	if (sig != NULL)
		put_time(b, (int64_t)sig->when.time);
	else
		assure_buf_adds(b, "\"time\":null");
	assure_buf_addc(b, '}');
}

static void
oid_str(const git_oid *id, char out[GITREPO_SHA_MAX + 1])
{
	git_oid_tostr(out, GITREPO_SHA_MAX + 1, id);
}

/* ------------------------------------------------------------------ */
/* The branch */

/*
 * The name the branch has in its repository: "main" for refs/heads/main
 * and for refs/remotes/origin/main.  The remote is the first component
 * after refs/remotes/, whatever .git/config says (asking libgit2 for the
 * configured remotes would make the output depend on the configuration;
 * and libgit2 1.5 leaks in that config glob).
 */
static void
branch_name(const char *refname, char *out, size_t size)
{
	static const char heads[] = "refs/heads/";
	static const char remotes[] = "refs/remotes/";
	const char *s;

	if (strncmp(refname, heads, sizeof(heads) - 1) == 0)
		s = refname + sizeof(heads) - 1;
	else {
		s = refname + sizeof(remotes) - 1;
		if (strchr(s, '/') != NULL)
			s = strchr(s, '/') + 1;
	}
	assure_strlcpy(out, s, size);
}

/* Look up one candidate reference: 0 found, 1 not there, -1 error. */
static int
lookup(struct gitrepo *g, const char *refname, git_oid *ret_head,
    char *name, size_t size)
{
	git_reference *ref = NULL, *res = NULL;
	git_object *obj = NULL;
	int rc;

	rc = git_reference_lookup(&ref, g->repo, refname);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
		git_error_clear();
		return 1;
	}
	if (rc == 0)
		rc = git_reference_resolve(&res, ref);
	if (rc == 0)
		rc = git_reference_peel(&obj, res, GIT_OBJECT_COMMIT);
	if (rc == 0) {
		git_oid_cpy(ret_head, git_object_id(obj));
		branch_name(git_reference_name(res), name, size);
	}
	git_object_free(obj);
	git_reference_free(res);
	git_reference_free(ref);
	return rc == 0 ? 0 : -1;
}

static enum assure_err
resolve(struct gitrepo *g, const char *branch, git_oid *ret_head,
    char *name, size_t size)
{
	/* is_text() bounds branch by CHG_VALUE_MAX: never truncated */
	char refname[2][CHG_VALUE_MAX + sizeof("refs/remotes/")];
	size_t i, n;
	int rc;

	if (strncmp(branch, "refs/", 5) == 0) {
		if (strncmp(branch, "refs/heads/", 11) != 0 &&
		    strncmp(branch, "refs/remotes/", 13) != 0)
			return assure_diag_set(g->d, ASSURE_ERR_INVAL, g->path,
			    0, 0, "branch", "expected a branch (refs/heads/... "
			    "or refs/remotes/...), got '%.200s'", branch);
		assure_strlcpy(refname[0], branch, sizeof(refname[0]));
		n = 1;
	} else {
		snprintf(refname[0], sizeof(refname[0]), "refs/heads/%s",
		    branch);
		snprintf(refname[1], sizeof(refname[1]), "refs/remotes/%s",
		    branch);
		n = 2;
	}
	for (i = 0; i < n; i++) {
		rc = lookup(g, refname[i], ret_head, name, size);
		if (rc < 0)
			return git_fail(g, ASSURE_ERR_IO, "branch",
			    "could not read the branch");
		if (rc == 0)
			return ASSURE_OK;
	}
	if (n == 1)
		return assure_diag_set(g->d, ASSURE_ERR_INVAL, g->path, 0, 0,
		    "branch", "expected the branch %.200s, got no such "
		    "reference", branch);
	return assure_diag_set(g->d, ASSURE_ERR_INVAL, g->path, 0, 0,
	    "branch", "expected a local branch '%.200s' (refs/heads/) or a "
	    "remote-tracking one (refs/remotes/), got neither", branch);
}

/* ------------------------------------------------------------------ */
/* Commits */

static enum assure_err
write_error(struct gitrepo *g)
{
	int e = errno;

	assure_diag_set(g->d, ASSURE_ERR_IO, g->path, 0, 0, NULL,
	    "could not write the export");
	if (g->d != NULL)
		g->d->sys_errno = e;
	return ASSURE_ERR_IO;
}

static enum assure_err
write_line(struct gitrepo *g)
{
	struct assure_buf *b = &g->line;

	if (assure_buf_err(b) != ASSURE_OK)
		return assure_diag_set(g->d, assure_buf_err(b), g->path, 0, 0,
		    NULL, "a commit's line is longer than %u bytes",
		    GITREPO_LINE_MAX);
	if (fwrite(b->data, 1, b->len, g->out) != b->len)
		return write_error(g);
	assure_buf_reset(b);
	return ASSURE_OK;
}

/* Whether the commit carries a signature header. */
static enum assure_err
is_signed(struct gitrepo *g, const git_oid *id, bool *ret)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_oid oid;
	int rc;

	git_oid_cpy(&oid, id);
	rc = git_commit_extract_signature(&sig, &data, g->repo, &oid, NULL);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		*ret = false;
		return ASSURE_OK;
	}
	if (rc != 0)
		return git_fail(g, ASSURE_ERR_IO, NULL, "could not read a "
		    "commit's signature");
	*ret = true;
	return ASSURE_OK;
}

/*
 * One commit at position pos into g->line; *ret_first gets its first
 * parent and *ret_root whether it has none.
 */
static enum assure_err
commit_line(struct gitrepo *g, const git_oid *id, unsigned long pos,
    git_oid *ret_first, bool *ret_root)
{
	struct assure_buf *b = &g->line;
	git_commit *c = NULL;
	char sha[GITREPO_SHA_MAX + 1];
	const char *msg, *e;
	unsigned i, n;
	bool sig = false;
	size_t len;
	enum assure_err rc;

	oid_str(id, sha);
	if (git_commit_lookup(&c, g->repo, id) != 0)
		return git_fail(g, ASSURE_ERR_IO, NULL, "could not read a "
		    "commit");
	n = git_commit_parentcount(c);
	rc = ASSURE_OK;
	if (n > GITREPO_PARENTS_MAX) {
		rc = assure_diag_set(g->d, ASSURE_ERR_LIMIT, g->path, 0, 0,
		    NULL, "commit %s has more than %d parents", sha,
		    GITREPO_PARENTS_MAX);
		goto out;
	}
	rc = is_signed(g, id, &sig);
	if (rc != ASSURE_OK)
		goto out;
	assure_buf_printf(b, "%s  {\"sha\":\"%s\",\"position\":%lu,"
	    "\"parents\":[", pos > 0 ? ",\n" : "", sha, pos);
	for (i = 0; i < n; i++) {
		oid_str(git_commit_parent_id(c, i), sha);
		assure_buf_printf(b, "%s\"%s\"", i > 0 ? "," : "", sha);
	}
	assure_buf_addc(b, ']');
	put_person(b, "author", git_commit_author(c));
	put_person(b, "committer", git_commit_committer(c));
	assure_buf_printf(b, ",\"signed\":%s,", sig ? "true" : "false");
	msg = git_commit_message(c);
	if (msg == NULL)
		msg = "";
	e = strchr(msg, '\n');
	len = e != NULL ? (size_t)(e - msg) : strlen(msg);
	while (len > 0 && (msg[len - 1] == ' ' || msg[len - 1] == '\t' ||
	    msg[len - 1] == '\r'))
		len--;
	put_str(b, "summary", msg, len);
	assure_buf_addc(b, '}');
	*ret_root = n == 0;
	if (n > 0)
		git_oid_cpy(ret_first, git_commit_parent_id(c, 0));
out:
	git_commit_free(c);
	return rc;
}

static enum assure_err
walk(struct gitrepo *g, const git_oid *head, const char *branch,
    unsigned long *ret_n)
{
	git_revwalk *w = NULL;
	git_oid id, want;
	char sha[GITREPO_SHA_MAX + 1];
	unsigned long n = 0;
	bool root = false;
	int grc;
	enum assure_err rc = ASSURE_OK;

	if (git_revwalk_new(&w, g->repo) != 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL) != 0 ||
	    git_revwalk_simplify_first_parent(w) != 0 ||
	    git_revwalk_push(w, head) != 0) {
		rc = git_fail(g, ASSURE_ERR_IO, NULL, "could not walk the "
		    "history");
		goto out;
	}
	git_oid_cpy(&want, head);
	while ((grc = git_revwalk_next(&id, w)) == 0) {
		oid_str(&id, sha);
		if (root || !git_oid_equal(&id, &want)) {
			rc = assure_diag_set(g->d, ASSURE_ERR_IO, g->path, 0,
			    0, NULL, "the walk of %s left its first-parent "
			    "chain at commit %s", branch, sha);
			goto out;
		}
		if (n >= GITREPO_COMMITS_MAX) {
			rc = assure_diag_set(g->d, ASSURE_ERR_LIMIT, g->path,
			    0, 0, NULL, "%s has more than %lu first-parent "
			    "commits", branch, GITREPO_COMMITS_MAX);
			goto out;
		}
		rc = commit_line(g, &id, n, &want, &root);
		if (rc == ASSURE_OK)
			rc = write_line(g);
		if (rc != ASSURE_OK)
			goto out;
		n++;
	}
	if (grc != GIT_ITEROVER)
		rc = git_fail(g, ASSURE_ERR_IO, NULL, "could not walk the "
		    "history");
	else if (!root)
		rc = assure_diag_set(g->d, ASSURE_ERR_IO, g->path, 0, 0, NULL,
		    "the history of %s stops before a root commit", branch);
	if (rc == ASSURE_OK)
		*ret_n = n;
out:
	git_revwalk_free(w);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The document */

/* The last component of the repository's folder, without ".git". */
static enum assure_err
default_name(struct gitrepo *g, char *out, size_t size)
{
	const char *dir = git_repository_workdir(g->repo);
	const char *s, *e;
	size_t n;

	if (dir == NULL)
		dir = git_repository_path(g->repo);
	e = dir + strlen(dir);
	while (e > dir && e[-1] == '/')
		e--;
	for (s = e; s > dir && s[-1] != '/'; s--)
		;
	n = (size_t)(e - s);
	if (n >= 4 && memcmp(e - 4, ".git", 4) == 0)
		n -= 4;
	if (n == 0 || n >= size)
		return assure_diag_set(g->d, ASSURE_ERR_INVAL, g->path, 0, 0,
		    "repository", "expected a name for the repository, got "
		    "none from its path: pass one");
	memcpy(out, s, n);
	out[n] = '\0';
	return ASSURE_OK;
}

static enum assure_err
header(struct gitrepo *g, const char *name, const char *branch,
    const git_oid *head, int64_t collected_at)
{
	struct assure_buf *b = &g->line;
	char sha[GITREPO_SHA_MAX + 1], t[ASSURE_TIME_STRLEN];

	oid_str(head, sha);
	assure_time_format(collected_at, t);
	assure_buf_adds(b, "{\"format\":\"" GITREPO_FORMAT "\",");
	put_str(b, "repository", name, strlen(name));
	assure_buf_addc(b, ',');
	put_str(b, "branch", branch, strlen(branch));
	assure_buf_printf(b, ",\"head\":\"%s\",\"collected_at\":\"%s\",\n"
	    " \"commits\":[\n", sha, t);
	return write_line(g);
}

static bool
is_text(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > CHG_VALUE_MAX)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return clip(s, n) == n;
}

enum assure_err
gitrepo_export(const char *clone_path, const char *branch,
    const char *repo_name, int64_t collected_at, FILE *out,
    unsigned long *ret_commits, struct assure_diag *d)
{
	struct gitrepo g;
	git_oid head;
	char name[CHG_VALUE_MAX + 1], bname[CHG_VALUE_MAX + 1];
	unsigned long n = 0;
	enum assure_err rc;
	int grc;

	memset(&g, 0, sizeof(g));
	g.path = clone_path;
	g.out = out;
	g.d = d;
	if (branch == NULL || !is_text(branch))
		return assure_diag_set(d, ASSURE_ERR_INVAL, clone_path, 0, 0,
		    "branch", "expected a branch name");
	if (repo_name != NULL && !is_text(repo_name))
		return assure_diag_set(d, ASSURE_ERR_INVAL, clone_path, 0, 0,
		    "repository", "expected a repository name of at most %d "
		    "bytes of UTF-8 text", CHG_VALUE_MAX);
	if (collected_at < GITREPO_TIME_MIN || collected_at > GITREPO_TIME_MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, clone_path, 0, 0,
		    "collected_at", "expected an instant in the years 1000 to "
		    "9999");
	grc = git_libgit2_init();
	if (grc < 0)
		return git_fail(&g, ASSURE_ERR_NOMEM, NULL, "could not start "
		    "libgit2");
	assure_buf_init(&g.line, GITREPO_LINE_MAX);
	grc = git_repository_open_ext(&g.repo, clone_path,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (grc != 0) {
		rc = git_fail(&g, grc == GIT_ENOTFOUND ? ASSURE_ERR_NOTFOUND :
		    ASSURE_ERR_IO, NULL, "expected a git repository (a clone, "
		    "bare or not)");
		goto out;
	}
	if (git_repository_is_shallow(g.repo) == 1) {
		rc = assure_diag_set(d, ASSURE_ERR_INVAL, clone_path, 0, 0,
		    NULL, "a shallow clone holds only part of the history: "
		    "fetch all of it (git fetch --unshallow)");
		goto out;
	}
	if (repo_name != NULL)
		assure_strlcpy(name, repo_name, sizeof(name));
	else {
		rc = default_name(&g, name, sizeof(name));
		if (rc != ASSURE_OK)
			goto out;
	}
	rc = resolve(&g, branch, &head, bname, sizeof(bname));
	if (rc == ASSURE_OK)
		rc = header(&g, name, bname, &head, collected_at);
	if (rc == ASSURE_OK)
		rc = walk(&g, &head, bname, &n);
	if (rc == ASSURE_OK) {
		assure_buf_adds(&g.line, "]}\n");
		rc = write_line(&g);
	}
	if (rc == ASSURE_OK && (fflush(out) != 0 || ferror(out)))
		rc = write_error(&g);
	if (rc == ASSURE_OK && ret_commits != NULL)
		*ret_commits = n;
out:
	git_repository_free(g.repo);
	assure_buf_free(&g.line);
	git_libgit2_shutdown();
	return rc;
}
