/*
 * test_gitrepo.c: the git-repo collector (collect/gitrepo.h) on
 * repositories built here with libgit2 (no git binary): a linear history,
 * a merge whose side branch the first-parent walk must skip, a commit
 * signed with git_commit_create_with_signature, fixed times so that the
 * shas are stable; the export parsed back by the git-repo parser with
 * every field checked; a bare clone and its default name; a
 * remote-tracking branch; a bad branch, a path that is no repository and
 * a shallow clone refused with the path named; byte-identical output.
 */
#include "common/compat.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#include "collect/gitrepo.h"
#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/chparse.h"

#define T0		1767225600	/* 2026-01-01T00:00:00Z */
#define COLLECTED	1795737600	/* 2026-11-27T00:00:00Z */

static const char fake_sig[] = "-----BEGIN PGP SIGNATURE-----\n"
    "\n"
    "iQEzBAABCAAdFiEEfakefakefakefakefakefakefakefakeFAKE\n"
    "=fake\n"
    "-----END PGP SIGNATURE-----";

/* The commits of the test history, by name. */
struct hist {
	git_oid	c1, c2, s1, s2, c3, m, c5;
};

static git_repository *
repo_init(const char *path, bool bare)
{
	git_repository *r = NULL;

	assert_int_equal(git_repository_init(&r, path, bare), 0);
	return r;
}

static void
tree_of(git_repository *r, const char *content, git_oid *ret)
{
	git_treebuilder *tb = NULL;
	git_oid blob;

	assert_int_equal(git_blob_create_from_buffer(&blob, r, content,
	    strlen(content)), 0);
	assert_int_equal(git_treebuilder_new(&tb, r, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "README", &blob,
	    GIT_FILEMODE_BLOB), 0);
	assert_int_equal(git_treebuilder_write(ret, tb), 0);
	git_treebuilder_free(tb);
}

/*
 * A commit of content with message msg at T0 + dt, authored by name in
 * UTC+02:00 and committed by Bob in UTC-05:00, with parents p[0..n);
 * ref (may be NULL) is moved to it.  sig: sign it with fake_sig.
 */
static void
commit(git_repository *r, const char *ref, const char *name,
    const char *msg, int64_t dt, const git_oid *p, size_t n, bool sig,
    git_oid *ret)
{
	git_signature *a = NULL, *c = NULL;
	git_commit *parents[2] = { NULL, NULL };
	git_tree *tree = NULL;
	git_reference *rf = NULL;
	git_buf buf = GIT_BUF_INIT;
	git_oid t;
	size_t i;

	assert_true(n <= 2);
	assert_int_equal(git_signature_new(&a, name, "alice@example.com",
	    T0 + dt, 120), 0);
	assert_int_equal(git_signature_new(&c, "Bob Baker",
	    "bob@example.com", T0 + dt + 60, -300), 0);
	tree_of(r, msg, &t);
	assert_int_equal(git_tree_lookup(&tree, r, &t), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(git_commit_lookup(&parents[i], r, &p[i]), 0);
	if (!sig) {
		assert_int_equal(git_commit_create(ret, r, NULL, a, c, NULL,
		    msg, tree, n, (const git_commit **)parents), 0);
	} else {
		assert_int_equal(git_commit_create_buffer(&buf, r, a, c, NULL,
		    msg, tree, n, (const git_commit **)parents), 0);
		assert_int_equal(git_commit_create_with_signature(ret, r,
		    buf.ptr, fake_sig, NULL), 0);
		git_buf_dispose(&buf);
	}
	if (ref != NULL) {
		assert_int_equal(git_reference_create(&rf, r, ref, ret, 1,
		    NULL), 0);
		git_reference_free(rf);
	}
	for (i = 0; i < n; i++)
		git_commit_free(parents[i]);
	git_tree_free(tree);
	git_signature_free(a);
	git_signature_free(c);
}

/*
 * main: c1 - c2 - c3 - m - c5 (signed), with side: c2 - s1 - s2 merged
 * into m as its second parent.
 */
static void
build(git_repository *r, struct hist *h)
{
	git_oid p[2];

	commit(r, "refs/heads/main", "Alice Able", "initial commit\n", 0,
	    NULL, 0, false, &h->c1);
	commit(r, "refs/heads/main", "Ren\xe9 Latin", "Fix \"quoted\" "
	    "na\xc3\xafve caf\xc3\xa9  \r\n\nThe body.\n", 100, &h->c1, 1,
	    false, &h->c2);
	commit(r, "refs/heads/side", "Alice Able", "side work\n", 200,
	    &h->c2, 1, false, &h->s1);
	commit(r, "refs/heads/side", "Alice Able", "more side work\n", 300,
	    &h->s1, 1, false, &h->s2);
	commit(r, "refs/heads/main", "Alice Able", "hotfix\n", 400, &h->c2,
	    1, false, &h->c3);
	p[0] = h->c3;
	p[1] = h->s2;
	commit(r, "refs/heads/main", "Alice Able", "Merge branch 'side'\n",
	    500, p, 2, false, &h->m);
	commit(r, "refs/heads/main", "Alice Able", "signed release\n\nbody\n",
	    600, &h->m, 1, true, &h->c5);
}

/* Export into a malloc'd string; rc and diag returned. */
static enum assure_err
export(const char *path, const char *branch, const char *name,
    char **ret, size_t *ret_len, unsigned long *ret_n, char *diag,
    size_t dsize)
{
	struct assure_diag d;
	FILE *f;
	enum assure_err rc;

	*ret = NULL;
	*ret_len = 0;
	f = open_memstream(ret, ret_len);
	assert_non_null(f);
	assure_diag_clear(&d);
	rc = gitrepo_export(path, branch, name, COLLECTED, f, ret_n, &d);
	assert_int_equal(fclose(f), 0);
	diag[0] = '\0';
	if (rc != ASSURE_OK)
		assure_diag_format(&d, diag, dsize);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Parsing the export back */

struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	bool			has_as_of;
	int64_t			as_of;
};

static const char *
s_(const char *s)
{
	return s != NULL ? s : "-";
}

static void
put_time(struct assure_buf *b, const char *k, struct opt_time t)
{
	char s[ASSURE_TIME_STRLEN];

	if (!t.has) {
		assure_buf_printf(b, " %s=-", k);
		return;
	}
	assure_time_format(t.t, s);
	assure_buf_printf(b, " %s=%s", k, s);
}

static enum assure_err
on_commit(const struct chg_commit *c, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "C%lu@%lu %s@%s %s pos=%ld parents=[%s] "
	    "author=%s <%s>", c->index, c->line, c->repo, c->branch, c->sha,
	    c->position, c->parents, s_(c->author_name),
	    s_(c->author_email));
	put_time(&r->out, "at", c->authored);
	assure_buf_printf(&r->out, " committer=%s <%s>",
	    s_(c->committer_name), s_(c->committer_email));
	put_time(&r->out, "at", c->committed);
	assure_buf_printf(&r->out, " signed=%s summary=%s\n",
	    c->signed_ == TRI_TRUE ? "1" : c->signed_ == TRI_FALSE ? "0" :
	    "-", s_(c->summary));
	return ASSURE_OK;
}

static void
parse(const char *data, size_t len, size_t chunk, struct result *r)
{
	struct chg_sink sink = { .commit = on_commit, .arg = r };
	struct chg_opts o = { .source = "export.json" };
	struct chg_parser *p = NULL;
	struct assure_diag d;
	size_t off = 0, n;

	memset(r, 0, sizeof(*r));
	assure_buf_init(&r->out, 0);
	assure_diag_clear(&d);
	r->rc = chg_parser_new(CHG_FMT_GIT_REPO, &o, &sink, &p, &d);
	while (r->rc == ASSURE_OK && off < len) {
		n = chunk == 0 || len - off < chunk ? len - off : chunk;
		r->rc = chg_parser_feed(p, data + off, n, &d);
		off += n;
	}
	if (r->rc == ASSURE_OK)
		r->rc = chg_parser_finish(p, &d);
	if (r->rc == ASSURE_OK)
		r->has_as_of = chg_parser_as_of(p, &r->as_of);
	else
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	chg_parser_free(p);
}

static char *
hex(const git_oid *id)
{
	static char s[8][GIT_OID_HEXSZ + 1];
	static int i;

	i = (i + 1) % 8;
	git_oid_tostr(s[i], sizeof(s[i]), id);
	return s[i];
}

static void
expect_line(const struct result *r, const char *needle)
{
	if (strstr(assure_buf_str(&r->out), needle) == NULL) {
		printf("expected '%s' in:\n%s", needle,
		    assure_buf_str(&r->out));
		fail();
	}
}

/* ------------------------------------------------------------------ */
/* Tests */

static void
test_export_round_trip(void **state)
{
	struct hist h;
	git_repository *r;
	struct result res, one;
	char *dir, *path, *data, diag[1024], want[1024];
	size_t len;
	unsigned long n = 0;

	dir = tu_mkdtemp();
	path = tu_join(dir, "work");
	r = repo_init(path, false);
	build(r, &h);
	assert_int_equal(export(path, "main", "acme/payroll-api", &data,
	    &len, &n, diag, sizeof(diag)), ASSURE_OK);
	assert_int_equal(n, 5);
	/* the header, byte for byte */
	snprintf(want, sizeof(want), "{\"format\":\"assure-git-repo/1\","
	    "\"repository\":\"acme/payroll-api\",\"branch\":\"main\","
	    "\"head\":\"%s\",\"collected_at\":\"2026-11-27T00:00:00Z\",\n"
	    " \"commits\":[\n  {\"sha\":\"%s\",\"position\":0,", hex(&h.c5),
	    hex(&h.c5));
	assert_memory_equal(data, want, strlen(want));
	assert_string_equal(data + len - 4, "}]}\n");
	/* a root has no parents; one commit per line */
	snprintf(want, sizeof(want), ",\n  {\"sha\":\"%s\",\"position\":4,"
	    "\"parents\":[],\"author\":{\"name\":\"Alice Able\","
	    "\"email\":\"alice@example.com\",\"time\":"
	    "\"2026-01-01T00:00:00Z\"},\"committer\":{\"name\":\"Bob Baker\","
	    "\"email\":\"bob@example.com\",\"time\":\"2026-01-01T00:01:00Z\"},"
	    "\"signed\":false,\"summary\":\"initial commit\"}]}\n",
	    hex(&h.c1));
	assert_string_equal(data + len - strlen(want), want);

	parse(data, len, 0, &res);
	assert_int_equal(res.rc, ASSURE_OK);
	assert_true(res.has_as_of);
	assert_int_equal(res.as_of, COLLECTED);
	/* the head: signed; times in UTC whatever the offsets */
	snprintf(want, sizeof(want), "C0@3 acme/payroll-api@main %s pos=0 "
	    "parents=[%s] author=Alice Able <alice@example.com> "
	    "at=2026-01-01T00:10:00Z committer=Bob Baker <bob@example.com> "
	    "at=2026-01-01T00:11:00Z signed=1 summary=signed release\n",
	    hex(&h.c5), hex(&h.m));
	expect_line(&res, want);
	/* the merge: both parents, in order */
	snprintf(want, sizeof(want), "C1@4 acme/payroll-api@main %s pos=1 "
	    "parents=[%s %s] author=Alice Able", hex(&h.m), hex(&h.c3),
	    hex(&h.s2));
	expect_line(&res, want);
	snprintf(want, sizeof(want), "C2@5 acme/payroll-api@main %s pos=2 "
	    "parents=[%s] author=Alice Able", hex(&h.c3), hex(&h.c2));
	expect_line(&res, want);
	/* not UTF-8: U+FFFD; quotes and UTF-8 kept; trailing blanks cut */
	snprintf(want, sizeof(want), "C3@6 acme/payroll-api@main %s pos=3 "
	    "parents=[%s] author=Ren\xef\xbf\xbd Latin <alice@example.com> "
	    "at=2026-01-01T00:01:40Z committer=Bob Baker <bob@example.com> "
	    "at=2026-01-01T00:02:40Z signed=0 summary=Fix \"quoted\" "
	    "na\xc3\xafve caf\xc3\xa9\n", hex(&h.c2), hex(&h.c1));
	expect_line(&res, want);
	snprintf(want, sizeof(want), "C4@7 acme/payroll-api@main %s pos=4 "
	    "parents=[] author=Alice Able <alice@example.com> "
	    "at=2026-01-01T00:00:00Z committer=Bob Baker <bob@example.com> "
	    "at=2026-01-01T00:01:00Z signed=0 summary=initial commit\n",
	    hex(&h.c1));
	expect_line(&res, want);
	/* the side branch is not in the first-parent history */
	assert_null(strstr(data, hex(&h.s1)));
	assert_non_null(strstr(data, hex(&h.s2)));	/* as m's parent */
	assert_null(strstr(assure_buf_str(&res.out), "C5@"));
	/* fed a byte at a time: the same */
	parse(data, len, 1, &one);
	assert_int_equal(one.rc, ASSURE_OK);
	assert_string_equal(assure_buf_str(&one.out),
	    assure_buf_str(&res.out));
	assure_buf_free(&one.out);
	assure_buf_free(&res.out);
	free(data);
	git_repository_free(r);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void
test_export_deterministic(void **state)
{
	struct hist h1, h2;
	git_repository *r1, *r2;
	char *dir, *p1, *p2, *a, *b, *c, diag[1024];
	size_t la, lb, lc;

	dir = tu_mkdtemp();
	p1 = tu_join(dir, "one");
	p2 = tu_join(dir, "two.git");
	r1 = repo_init(p1, false);
	r2 = repo_init(p2, true);
	build(r1, &h1);
	build(r2, &h2);
	/* fixed times: the same shas in another repository */
	assert_true(git_oid_equal(&h1.c5, &h2.c5));
	assert_int_equal(export(p1, "main", "acme/x", &a, &la, NULL, diag,
	    sizeof(diag)), ASSURE_OK);
	assert_int_equal(export(p1, "main", "acme/x", &b, &lb, NULL, diag,
	    sizeof(diag)), ASSURE_OK);
	assert_int_equal(export(p2, "refs/heads/main", "acme/x", &c, &lc,
	    NULL, diag, sizeof(diag)), ASSURE_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_int_equal(la, lc);
	assert_memory_equal(a, c, la);
	free(a);
	free(b);
	free(c);
	/* the default name: the folder, without ".git" */
	assert_int_equal(export(p2, "main", NULL, &a, &la, NULL, diag,
	    sizeof(diag)), ASSURE_OK);
	assert_non_null(strstr(a, "\"repository\":\"two\",\"branch\":"
	    "\"main\""));
	free(a);
	assert_int_equal(export(p1, "main", NULL, &a, &la, NULL, diag,
	    sizeof(diag)), ASSURE_OK);
	assert_non_null(strstr(a, "\"repository\":\"one\","));
	free(a);
	git_repository_free(r1);
	git_repository_free(r2);
	free(p1);
	free(p2);
	tu_rmtree(dir);
	free(dir);
}

static void
test_export_remote_branch(void **state)
{
	struct hist h;
	git_repository *r;
	git_reference *ref = NULL;
	struct result res;
	char *dir, *path, *data, diag[1024], want[256];
	size_t len;
	unsigned long n = 0;

	dir = tu_mkdtemp();
	path = tu_join(dir, "clone.git");
	r = repo_init(path, true);
	build(r, &h);
	assert_int_equal(git_reference_create(&ref, r,
	    "refs/remotes/origin/release", &h.c3, 1, NULL), 0);
	git_reference_free(ref);
	assert_int_equal(export(path, "origin/release", "acme/x", &data, &len,
	    &n, diag, sizeof(diag)), ASSURE_OK);
	assert_int_equal(n, 3);
	/* named as on the remote; the head is what the ref points at */
	snprintf(want, sizeof(want), "\"branch\":\"release\",\"head\":\"%s\"",
	    hex(&h.c3));
	assert_non_null(strstr(data, want));
	parse(data, len, 0, &res);
	assert_int_equal(res.rc, ASSURE_OK);
	expect_line(&res, "C2@5 acme/x@release");
	assure_buf_free(&res.out);
	free(data);
	/* the same through its full name */
	assert_int_equal(export(path, "refs/remotes/origin/release", "acme/x",
	    &data, &len, &n, diag, sizeof(diag)), ASSURE_OK);
	assert_non_null(strstr(data, want));
	free(data);
	git_repository_free(r);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void
test_export_errors(void **state)
{
	struct hist h;
	git_repository *r;
	char *dir, *path, *empty, *shallow, *data, diag[1024], want[1024];
	size_t len;
	unsigned long n = 77;

	dir = tu_mkdtemp();
	path = tu_join(dir, "work");
	r = repo_init(path, false);
	build(r, &h);
	/* no such branch: named, and the path too */
	assert_int_equal(export(path, "nope", "acme/x", &data, &len, &n, diag,
	    sizeof(diag)), ASSURE_ERR_INVAL);
	free(data);
	snprintf(want, sizeof(want), "%s: branch: expected a local branch "
	    "'nope' (refs/heads/) or a remote-tracking one (refs/remotes/), "
	    "got neither", path);
	assert_string_equal(diag, want);
	assert_int_equal(n, 77);	/* untouched on failure */
	assert_int_equal(export(path, "refs/tags/v1", "acme/x", &data, &len,
	    &n, diag, sizeof(diag)), ASSURE_ERR_INVAL);
	free(data);
	assert_non_null(strstr(diag, "branch: expected a branch (refs/heads/"
	    "... or refs/remotes/...), got 'refs/tags/v1'"));
	assert_int_equal(export(path, "refs/heads/gone", "acme/x", &data,
	    &len, &n, diag, sizeof(diag)), ASSURE_ERR_INVAL);
	free(data);
	assert_non_null(strstr(diag, "refs/heads/gone"));
	assert_int_equal(export(path, "bad..name", "acme/x", &data, &len, &n,
	    diag, sizeof(diag)), ASSURE_ERR_INVAL);
	free(data);
	assert_non_null(strstr(diag, "'bad..name'"));
	/* not a repository */
	empty = tu_join(dir, "empty");
	assert_int_equal(mkdir(empty, 0700), 0);
	assert_int_equal(export(empty, "main", NULL, &data, &len, &n, diag,
	    sizeof(diag)), ASSURE_ERR_NOTFOUND);
	free(data);
	snprintf(want, sizeof(want), "%s: expected a git repository (a "
	    "clone, bare or not): ", empty);
	assert_memory_equal(diag, want, strlen(want));
	/* a path that is not there */
	free(empty);
	empty = tu_join(dir, "missing");
	assert_int_equal(export(empty, "main", NULL, &data, &len, &n, diag,
	    sizeof(diag)), ASSURE_ERR_NOTFOUND);
	free(data);
	assert_non_null(strstr(diag, empty));
	/* a shallow clone stops short of the root */
	shallow = tu_join(path, ".git/shallow");
	tu_write_file(shallow, hex(&h.c2), GIT_OID_HEXSZ);
	assert_int_equal(export(path, "main", "acme/x", &data, &len, &n, diag,
	    sizeof(diag)), ASSURE_ERR_INVAL);
	free(data);
	assert_non_null(strstr(diag, ": a shallow clone holds only part of "
	    "the history"));
	/* arguments */
	assert_int_equal(export(path, "", "acme/x", &data, &len, &n, diag,
	    sizeof(diag)), ASSURE_ERR_INVAL);
	free(data);
	assert_non_null(strstr(diag, "branch: expected a branch name"));
	git_repository_free(r);
	free(shallow);
	free(empty);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static int
setup(void **state)
{
	return git_libgit2_init() < 0 ? -1 : 0;
}

static int
teardown(void **state)
{
	git_libgit2_shutdown();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_export_deterministic),
		cmocka_unit_test(test_export_remote_branch),
		cmocka_unit_test(test_export_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
