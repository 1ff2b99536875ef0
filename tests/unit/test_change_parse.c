/*
 * test_change_parse.c: the GitHub and GitLab change-management parsers
 * (parse/chparse.h): every kind on the project's own fixtures in
 * tests/data/change/ and inline documents, both pull schemas, bots, the
 * review states, located errors, --repo, --branch and --change, "Branch
 * not protected" against an access error, chunked feeding (every split
 * point) equal to whole feeding, a sink error stopping the parse, and the
 * genuine samples in ../shared when it is present.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "testutil.h"

#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/chparse.h"

/* What one parse produced: every record rendered as a line. */
struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	unsigned long		n;
	unsigned long		fail_at;	/* 1-based record to reject */
	unsigned long		records;	/* chg_parser_records */
};

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

static const char *
tri(enum tri t)
{
	return t == TRI_ABSENT ? "-" : t == TRI_TRUE ? "1" : "0";
}

static const char *
s_(const char *s)
{
	return s != NULL ? s : "-";
}

static enum assure_err
counted(struct result *r, struct assure_diag *d)
{
	r->n++;
	if (r->fail_at != 0 && r->n == r->fail_at)
		return assure_diag_set(d, ASSURE_ERR_DB, "sink", 0, 0, NULL,
		    "rejected");
	return ASSURE_OK;
}

static enum assure_err
on_change(const struct chg_change *c, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "C%lu@%lu %s/%s#%lld state=%s title=%s "
	    "author=%s bot=%s", c->index, c->line, c->system, c->repo,
	    (long long)c->number, s_(c->state), s_(c->title), s_(c->author),
	    tri(c->author_bot));
	put_time(&r->out, "created", c->created);
	put_time(&r->out, "updated", c->updated);
	put_time(&r->out, "closed", c->closed);
	put_time(&r->out, "merged_at", c->merged_at);
	assure_buf_printf(&r->out, " merged=%s by=%s base=%s head=%s "
	    "msha=%s labels=%s url=%s\n", tri(c->merged), s_(c->merged_by),
	    s_(c->base_branch), s_(c->head_sha), s_(c->merge_sha),
	    s_(c->labels), s_(c->url));
	return counted(r, d);
}

static enum assure_err
on_review(const struct chg_review *v, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "R%lu@%lu %s/%s#%lld id=%s reviewer=%s "
	    "bot=%s state=%s", v->index, v->line, v->system, v->repo,
	    (long long)v->number, v->review_id, s_(v->reviewer),
	    tri(v->reviewer_bot), v->state);
	put_time(&r->out, "submitted", v->submitted);
	assure_buf_printf(&r->out, " commit=%s\n", s_(v->commit));
	return counted(r, d);
}

static enum assure_err
on_deployment(const struct chg_deployment *x, void *arg,
    struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "D%lu@%lu %s/%s id=%s env=%s sha=%s "
	    "ref=%s", x->index, x->line, x->system, s_(x->repo),
	    x->deployment_id, x->environment, x->sha, s_(x->ref));
	put_time(&r->out, "created", x->created);
	assure_buf_printf(&r->out, " actor=%s prod=%s result=%s url=%s\n",
	    s_(x->actor), tri(x->production), s_(x->result), s_(x->url));
	return counted(r, d);
}

static enum assure_err
on_status(const struct chg_deploy_status *s, void *arg,
    struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "S%lu@%lu %s/%s dep=%s id=%s state=%s",
	    s->index, s->line, s->system, s->repo, s->deployment_id,
	    s->status_id, s->state);
	put_time(&r->out, "created", s->created);
	assure_buf_printf(&r->out, " creator=%s env=%s\n", s_(s->creator),
	    s_(s->environment));
	return counted(r, d);
}

static enum assure_err
on_protection(const struct chg_protection *b, void *arg,
    struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "B@%lu %s/%s/%s protected=%s "
	    "approvals=%ld stale=%s owners=%s lastpush=%s admins=%s force=%s "
	    "del=%s sig=%s linear=%s checks=%s\n", b->line, b->system,
	    b->repo, b->branch, tri(b->protected), b->required_approvals,
	    tri(b->dismiss_stale), tri(b->code_owners),
	    tri(b->last_push_approval), tri(b->enforce_admins),
	    tri(b->force_pushes), tri(b->deletions), tri(b->signatures),
	    tri(b->linear_history), b->status_checks == NULL ? "(none)" :
	    b->status_checks);
	return counted(r, d);
}

static enum assure_err
on_commit(const struct chg_commit *c, void *arg, struct assure_diag *d)
{
	fail_msg("no commit expected from these formats");
	return ASSURE_ERR_INVAL;
}

static char *
read_all(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*ret_len = (size_t)n;
	return data;
}

static void
result_init(struct result *r)
{
	unsigned long fail_at = r->fail_at;

	memset(r, 0, sizeof(*r));
	r->fail_at = fail_at;
	assure_buf_init(&r->out, 0);
}

static void
result_free(struct result *r)
{
	assure_buf_free(&r->out);
}

/*
 * Parse data into r: split at the offsets in cuts (ncuts of them,
 * ascending), or in chunks of chunk bytes when ncuts is 0 (0: whole).
 */
static void
parse_cuts(enum chg_format fmt, const struct chg_opts *o, const char *data,
    size_t len, size_t chunk, const size_t *cuts, size_t ncuts,
    struct result *r)
{
	struct chg_sink sink = { on_change, on_review, on_deployment,
	    on_status, on_protection, on_commit, r };
	struct chg_parser *p = NULL;
	struct assure_diag d;
	size_t off = 0, n, k = 0;

	result_init(r);
	assure_diag_clear(&d);
	r->rc = chg_parser_new(fmt, o, &sink, &p, &d);
	while (r->rc == ASSURE_OK && off < len) {
		if (ncuts > 0)
			n = (k < ncuts ? cuts[k++] : len) - off;
		else
			n = chunk == 0 || len - off < chunk ? len - off :
			    chunk;
		r->rc = chg_parser_feed(p, data + off, n, &d);
		off += n;
	}
	if (r->rc == ASSURE_OK)
		r->rc = chg_parser_finish(p, &d);
	if (r->rc != ASSURE_OK)
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	if (p != NULL)
		r->records = chg_parser_records(p);
	chg_parser_free(p);
}

static void
parse_mem(enum chg_format fmt, const struct chg_opts *o, const char *data,
    size_t len, size_t chunk, struct result *r)
{
	parse_cuts(fmt, o, data, len, chunk, NULL, 0, r);
}

static void
same_result(const struct result *a, const struct result *b)
{
	assert_int_equal(a->rc, b->rc);
	assert_string_equal(a->diag, b->diag);
	assert_int_equal(a->n, b->n);
	assert_string_equal(assure_buf_str(&a->out), assure_buf_str(&b->out));
}

/*
 * Parse data whole into ret, and check that feeding it split at every
 * single point, and byte by byte, gives the same records and diagnostic.
 */
static void
parse_every_way(enum chg_format fmt, const struct chg_opts *o,
    const char *data, size_t len, struct result *ret)
{
	struct result other = { .rc = ASSURE_OK };
	size_t cut;

	parse_mem(fmt, o, data, len, 0, ret);
	for (cut = 0; cut <= len; cut++) {
		parse_cuts(fmt, o, data, len, 0, &cut, 1, &other);
		same_result(ret, &other);
		result_free(&other);
	}
	parse_mem(fmt, o, data, len, 1, &other);
	same_result(ret, &other);
	result_free(&other);
}

static const struct chg_opts no_opts;

/* The fixture tests/data/change/name, parsed every way. */
static void
parse_fixture(enum chg_format fmt, const struct chg_opts *o0,
    const char *name, struct result *r)
{
	struct chg_opts o = *o0;
	char *path, *data, rel[256];
	size_t len;

	snprintf(rel, sizeof(rel), "change/%s", name);
	path = tu_data_path(rel);
	data = read_all(path, &len);
	o.source = name;
	parse_every_way(fmt, &o, data, len, r);
	free(data);
	free(path);
}

static void
expect_line(const struct result *r, const char *needle)
{
	if (strstr(assure_buf_str(&r->out), needle) == NULL) {
		printf("expected '%s' in:\n%s(%s)\n", needle,
		    assure_buf_str(&r->out), r->diag);
		fail();
	}
}

static void
expect_ok(const struct result *r, unsigned long n)
{
	if (r->rc != ASSURE_OK || r->n != n) {
		printf("got %d '%s' and %lu records, expected %lu:\n%s",
		    r->rc, r->diag, r->n, n, assure_buf_str(&r->out));
		fail();
	}
	assert_int_equal(r->records, n);
}

static void
expect_diag(const struct result *r, enum assure_err rc, const char *diag)
{
	if (r->rc != rc || strstr(r->diag, diag) == NULL) {
		printf("got %d '%s', expected %d '%s'\n", r->rc, r->diag, rc,
		    diag);
		fail();
	}
}

/* An inline document (source "mem"), parsed every way, must fail so. */
static void
expect_mem_error(enum chg_format fmt, const struct chg_opts *o,
    const char *text, enum assure_err rc, const char *diag)
{
	struct chg_opts oo = *o;
	struct result r = { .rc = ASSURE_OK };

	oo.source = "mem";
	parse_every_way(fmt, &oo, text, strlen(text), &r);
	expect_diag(&r, rc, diag);
	result_free(&r);
}

/* An inline document parsed every way into r. */
static void
parse_text(enum chg_format fmt, const struct chg_opts *o, const char *text,
    struct result *r)
{
	struct chg_opts oo = *o;

	oo.source = "mem";
	parse_every_way(fmt, &oo, text, strlen(text), r);
}

/* ------------------------------------------------------------------ */
/* github-pulls */

static void
test_github_pulls(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITHUB_PULLS, &no_opts, "gh_pulls.json", &r);
	expect_ok(&r, 3);
	/* every field of an open pull */
	expect_line(&r, "C0@2 github/acme/web#12 state=open title=Add login "
	    "page author=alice bot=0 created=2026-01-05T10:00:00Z "
	    "updated=2026-01-06T11:00:00Z closed=- merged_at=- merged=0 "
	    "by=- base=main head=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
	    "msha=1111111111111111111111111111111111111111 labels=feature,ui "
	    "url=https://github.com/acme/web/pull/12\n");
	/* merged_at set: merged; a Bot; an empty label list is absence */
	expect_line(&r, "C1@23 github/acme/web#13 state=merged title=Bump "
	    "lodash author=renovate[bot] bot=1 created=2026-01-07T09:00:00Z "
	    "updated=2026-01-08T09:30:00Z closed=2026-01-08T09:30:00Z "
	    "merged_at=2026-01-08T09:30:00Z merged=1 by=- base=main "
	    "head=cccc msha=2222222222222222222222222222222222222222 "
	    "labels=- url=https://github.com/acme/web/pull/13\n");
	/* closed without a merge; "[bot]" without a type; repo from url */
	expect_line(&r, "C2@39 github/acme/web#14 state=closed title="
	    "Abandoned idea author=dependabot[bot] bot=1 "
	    "created=2026-01-09T09:00:00Z updated=2026-01-09T10:00:00Z "
	    "closed=2026-01-09T10:00:00Z merged_at=- merged=0 by=- "
	    "base=develop head=dddd msha=- labels=- url=");
	result_free(&r);
}

static void
test_github_pulls_2012(void **state)
{
	struct chg_opts o = { .repo = "acme/renamed" };
	struct result r = { .rc = ASSURE_OK };

	/* the 2012 schema: no type, no labels, no merge_commit_sha */
	parse_fixture(CHG_FMT_GITHUB_PULLS, &no_opts, "gh_pulls_2012.json",
	    &r);
	expect_ok(&r, 1);
	expect_line(&r, "C0@2 github/acme/tool#39 state=merged title=Old "
	    "style author=bob bot=0 created=2012-05-29T18:06:07Z "
	    "updated=2012-05-29T18:07:54Z closed=2012-05-29T18:07:54Z "
	    "merged_at=2012-05-29T18:07:54Z merged=1 by=- base=topic/x "
	    "head=eeee msha=- labels=- "
	    "url=https://github.com/acme/tool/pull/39\n");
	result_free(&r);
	/* --repo overrides the repository of the URL */
	parse_fixture(CHG_FMT_GITHUB_PULLS, &o, "gh_pulls_2012.json", &r);
	expect_ok(&r, 1);
	expect_line(&r, "C0@2 github/acme/renamed#39 state=merged");
	result_free(&r);
}

static void
test_github_pull_single(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITHUB_PULLS, &no_opts, "gh_pull_single.json",
	    &r);
	expect_ok(&r, 1);
	expect_line(&r, "C0@1 github/acme/web#15 state=merged title=Fix CSP "
	    "header author=carol bot=0 created=2026-02-01T08:00:00Z "
	    "updated=2026-02-02T08:00:01Z closed=2026-02-02T08:00:00Z "
	    "merged_at=2026-02-02T08:00:00Z merged=1 by=dave base=main "
	    "head=9999999999999999999999999999999999999999 "
	    "msha=3333333333333333333333333333333333333333 labels=security "
	    "url=https://github.com/acme/web/pull/15\n");
	result_free(&r);
	/* an open single pull says merged false */
	parse_text(CHG_FMT_GITHUB_PULLS, &no_opts, "{\"number\": 3, "
	    "\"state\": \"open\", \"merged\": false, \"merged_by\": null, "
	    "\"url\": \"https://api.github.com/repos/o/r/pulls/3\"}", &r);
	expect_ok(&r, 1);
	expect_line(&r, "C0@1 github/o/r#3 state=open title=- author=- "
	    "bot=- created=- updated=- closed=- merged_at=- merged=0 by=-");
	result_free(&r);
	/* neither merged nor merged_at: the file cannot say */
	parse_text(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 3, "
	    "\"state\": \"closed\", \"base\": {\"repo\": {\"full_name\": "
	    "\"o/r\"}}}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "state=closed title=- author=- bot=- created=- "
	    "updated=- closed=- merged_at=- merged=- by=-");
	result_free(&r);
}

static void
test_github_pulls_errors(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"state\": "
	    "\"open\", \"url\": \"https://api.github.com/repos/o/r/pulls/1\"}]",
	    ASSURE_ERR_PARSE, "mem:1:2: number: expected the key number in "
	    "this record, got none");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[\n{\"number\": "
	    "\"7\", \"state\": \"open\"}]", ASSURE_ERR_PARSE, "mem:2:14: "
	    "number: expected a whole number from 1 to");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1.5, "
	    "\"state\": \"open\"}]", ASSURE_ERR_PARSE, "mem:1:15: number: "
	    "expected a whole number from 1 to 9223372036854775807, got "
	    "'1.5'");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1, "
	    "\"state\": \"draft\"}]", ASSURE_ERR_PARSE, "mem:1:31: state: "
	    "expected open or closed, got 'draft'");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1, "
	    "\"state\": \"open\"}]", ASSURE_ERR_PARSE, "mem:1:2: record: "
	    "expected base.repo.full_name or an API url naming the "
	    "repository, got neither: pass --repo");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1, "
	    "\"state\": \"closed\", \"merged\": true, \"merged_at\": null}]",
	    ASSURE_ERR_PARSE, "merged: expected merged_at with merged true");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1, "
	    "\"state\": \"open\", \"created_at\": \"yesterday\"}]",
	    ASSURE_ERR_PARSE, "mem:1:57: created_at: expected an RFC 3339 "
	    "time or a date, got 'yesterday'");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1, "
	    "\"state\": \"open\", \"labels\": [\"x\", 2]}]", ASSURE_ERR_PARSE,
	    "labels.1: expected a string or an object, got '2'");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1, "
	    "\"state\": \"open\", \"user\": \"alice\"}]", ASSURE_ERR_PARSE,
	    "user: expected a user object or null, got 'alice'");
	/* an error body instead of the list */
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "{\"message\": "
	    "\"Not Found\", \"documentation_url\": \"https://docs.github.com\""
	    "}", ASSURE_ERR_PARSE, "mem:1:23: message: expected a pull "
	    "request, got GitHub's error answer 'Not Found': the collector "
	    "lacked access");
	/* not a list of objects */
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[1]",
	    ASSURE_ERR_PARSE, "mem:1:2: 0: expected pull requests (objects), "
	    "got '1'");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "\"pulls\"",
	    ASSURE_ERR_PARSE, "mem:1:7: expected an array of pull requests or "
	    "one of them, got 'pulls'");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "",
	    ASSURE_ERR_PARSE, "mem: expected JSON after here, got parse "
	    "error: premature EOF");
	expect_mem_error(CHG_FMT_GITHUB_PULLS, &no_opts, "[{\"number\": 1,",
	    ASSURE_ERR_PARSE, "mem:1:14: expected JSON after here");
	/* an empty page is no records, not an error */
	parse_text(CHG_FMT_GITHUB_PULLS, &no_opts, " [ ] ", &r);
	expect_ok(&r, 0);
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* github-reviews */

static void
test_github_reviews(void **state)
{
	struct chg_opts o = { .repo = "acme/other" };
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITHUB_REVIEWS, &no_opts, "gh_reviews.json",
	    &r);
	expect_ok(&r, 5);
	expect_line(&r, "R0@2 github/acme/web#15 id=501 reviewer=dave bot=0 "
	    "state=APPROVED submitted=2026-02-02T07:00:00Z "
	    "commit=9999999999999999999999999999999999999999\n");
	expect_line(&r, "R1@13 github/acme/web#15 id=502 reviewer=erin bot=0 "
	    "state=CHANGES_REQUESTED submitted=2026-02-01T09:00:00Z "
	    "commit=8888888888888888888888888888888888888888\n");
	expect_line(&r, "R2@21 github/acme/web#15 id=503 "
	    "reviewer=copilot-reviewer[bot] bot=1 state=COMMENTED");
	/* a deleted account: no reviewer, bot unknown */
	expect_line(&r, "R3@29 github/acme/web#15 id=504 reviewer=- bot=- "
	    "state=DISMISSED submitted=2026-02-01T10:00:00Z");
	/* PENDING has no submitted_at */
	expect_line(&r, "R4@37 github/acme/web#15 id=505 reviewer=frank bot=0 "
	    "state=PENDING submitted=- commit=9999");
	result_free(&r);
	parse_fixture(CHG_FMT_GITHUB_REVIEWS, &o, "gh_reviews.json", &r);
	expect_ok(&r, 5);
	expect_line(&r, "R4@37 github/acme/other#15 id=505");
	result_free(&r);
	parse_fixture(CHG_FMT_GITHUB_REVIEWS, &no_opts,
	    "gh_reviews_bad_state.json", &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "gh_reviews_bad_state.json:12:23: "
	    "state: expected APPROVED, CHANGES_REQUESTED, COMMENTED, "
	    "DISMISSED or PENDING, got 'approved'");
	/* the records before the bad one were emitted */
	assert_int_equal(r.n, 1);
	result_free(&r);
}

static void
test_github_reviews_change(void **state)
{
	static const char bare[] = "[{\"id\": 1, \"state\": \"APPROVED\", "
	    "\"user\": {\"login\": \"a\"}}]";
	struct chg_opts both = { .repo = "o/r", .change = "42" };
	struct chg_opts repo = { .repo = "o/r" };
	struct chg_opts other = { .change = "9" };
	struct result r = { .rc = ASSURE_OK };

	/* without the URL, --repo and --change say which pull */
	parse_text(CHG_FMT_GITHUB_REVIEWS, &both, bare, &r);
	expect_ok(&r, 1);
	expect_line(&r, "R0@1 github/o/r#42 id=1 reviewer=a bot=0 "
	    "state=APPROVED submitted=- commit=-\n");
	result_free(&r);
	/* missing number */
	expect_mem_error(CHG_FMT_GITHUB_REVIEWS, &repo, bare,
	    ASSURE_ERR_PARSE, "mem:1:2: record: expected the number of the "
	    "pull request it belongs to, got none: pass --change");
	expect_mem_error(CHG_FMT_GITHUB_REVIEWS, &other, bare,
	    ASSURE_ERR_PARSE, "mem:1:2: record: expected pull_request_url "
	    "naming the repository, got none: pass --repo");
	/* --change must agree with the URL */
	expect_mem_error(CHG_FMT_GITHUB_REVIEWS, &other, "[{\"id\": 1, "
	    "\"state\": \"APPROVED\", \"pull_request_url\": "
	    "\"https://api.github.com/repos/o/r/pulls/8\"}]",
	    ASSURE_ERR_PARSE, "mem:1:94: pull_request_url: expected 9 as "
	    "--change says, got 8");
	expect_mem_error(CHG_FMT_GITHUB_REVIEWS, &no_opts, "[{\"id\": 1, "
	    "\"state\": \"APPROVED\", \"pull_request_url\": "
	    "\"https://api.github.com/repos/o/r/issues/8\"}]",
	    ASSURE_ERR_PARSE, "pull_request_url: expected an API URL "
	    ".../repos/OWNER/REPO/pulls/NUMBER, got 'https://api.github.com/"
	    "repos/o/r/issues/...'");
	expect_mem_error(CHG_FMT_GITHUB_REVIEWS, &both, "[{\"state\": "
	    "\"APPROVED\"}]", ASSURE_ERR_PARSE, "mem:1:2: id: expected the "
	    "key id in this record, got none");
	expect_mem_error(CHG_FMT_GITHUB_REVIEWS, &both, "[{\"id\": -1, "
	    "\"state\": \"APPROVED\"}]", ASSURE_ERR_PARSE, "mem:1:10: id: "
	    "expected a whole number, got '-1'");
}

/* ------------------------------------------------------------------ */
/* github-deployments and github-deployment-statuses */

static void
test_github_deployments(void **state)
{
	struct chg_opts o = { .repo = "acme/web" };
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITHUB_DEPLOYMENTS, &no_opts,
	    "gh_deployments.json", &r);
	expect_ok(&r, 2);
	expect_line(&r, "D0@2 github/acme/web id=7001 env=production "
	    "sha=3333333333333333333333333333333333333333 ref=main "
	    "created=2026-02-02T09:00:00Z actor=deploy-bot[bot] prod=1 "
	    "result=- url=https://api.github.com/repos/acme/web/deployments/"
	    "7001/statuses\n");
	/* repo from url when repository_url is missing; creator null */
	expect_line(&r, "D1@16 github/acme/web id=7000 env=staging "
	    "sha=2222222222222222222222222222222222222222 ref=v1.2.0 "
	    "created=2026-02-01T09:00:00Z actor=- prod=- result=- url=");
	result_free(&r);
	expect_mem_error(CHG_FMT_GITHUB_DEPLOYMENTS, &o, "[{\"id\": 1, "
	    "\"sha\": \"abc\"}]", ASSURE_ERR_PARSE, "mem:1:2: environment: "
	    "expected the key environment in this record, got none");
	expect_mem_error(CHG_FMT_GITHUB_DEPLOYMENTS, &no_opts, "[{\"id\": 1, "
	    "\"sha\": \"abc\", \"environment\": \"prod\"}]", ASSURE_ERR_PARSE,
	    "got neither: pass --repo");
	expect_mem_error(CHG_FMT_GITHUB_DEPLOYMENTS, &o, "[{\"id\": 1, "
	    "\"sha\": \"abc\", \"environment\": \"prod\", "
	    "\"production_environment\": \"yes\"}]", ASSURE_ERR_PARSE,
	    "production_environment: expected true or false, got 'yes'");
}

static void
test_github_statuses(void **state)
{
	struct chg_opts o = { .repo = "acme/web", .change = "7001" };
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, &no_opts,
	    "gh_statuses.json", &r);
	expect_ok(&r, 2);
	expect_line(&r, "S0@2 github/acme/web dep=7001 id=81 state=success "
	    "created=2026-02-02T09:05:00Z creator=deploy-bot[bot] "
	    "env=production\n");
	expect_line(&r, "S1@12 github/acme/web dep=7001 id=80 "
	    "state=in_progress created=2026-02-02T09:01:00Z "
	    "creator=deploy-bot[bot] env=-\n");
	result_free(&r);
	/* without URLs: --repo, and --change naming the deployment */
	parse_text(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, &o, "[{\"id\": 5, "
	    "\"state\": \"failure\"}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "S0@1 github/acme/web dep=7001 id=5 state=failure");
	result_free(&r);
	expect_mem_error(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, &no_opts,
	    "[{\"id\": 5, \"state\": \"SUCCESS\", \"deployment_url\": "
	    "\"https://api.github.com/repos/o/r/deployments/1\"}]",
	    ASSURE_ERR_PARSE, "mem:1:29: state: expected error, failure, "
	    "inactive, in_progress, queued, pending or success, got "
	    "'SUCCESS'");
	expect_mem_error(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, &no_opts,
	    "[{\"id\": 5, \"state\": \"success\"}]", ASSURE_ERR_PARSE,
	    "mem:1:2: record: expected the number of the deployment it "
	    "belongs to, got none: pass --change");
	expect_mem_error(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, &no_opts,
	    "[{\"id\": 5, \"state\": \"success\", \"deployment_url\": "
	    "\"https://api.github.com/repos/o/r/deployments/x\"}]",
	    ASSURE_ERR_PARSE, "deployment_url: expected an API URL "
	    ".../repos/OWNER/REPO/deployments/ID");
}

/* ------------------------------------------------------------------ */
/* github-branch-protection */

static void
test_github_protection(void **state)
{
	struct chg_opts o = { .repo = "acme/api", .branch = "prod" };
	struct chg_opts repo_only = { .repo = "acme/api" };
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "gh_protection.json", &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/acme/web/main protected=1 approvals=2 "
	    "stale=1 owners=0 lastpush=1 admins=1 force=0 del=1 sig=1 "
	    "linear=0 checks=ci/build,ci/test\n");
	result_free(&r);
	/* --repo and --branch override the url */
	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o,
	    "gh_protection.json", &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/acme/api/prod protected=1 approvals=2");
	result_free(&r);
	/*
	 * No review rule: zero approvals required; an encoded '/' in the
	 * branch; the checks[] list when contexts is missing.
	 */
	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "gh_protection_min.json", &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/acme/web/release/1.x protected=1 "
	    "approvals=0 stale=- owners=- lastpush=- admins=0 force=- del=- "
	    "sig=- linear=- checks=lint\n");
	result_free(&r);
	/* a review rule without a count; checks required, none named */
	parse_text(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, "{\"url\": "
	    "\"https://api.github.com/repos/a/b/branches/feature/x/protection"
	    "\", \"required_pull_request_reviews\": {}, "
	    "\"required_status_checks\": {\"contexts\": []}}", &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/acme/api/prod protected=1 approvals=-1 "
	    "stale=- owners=- lastpush=- admins=- force=- del=- sig=- "
	    "linear=- checks=\n");
	result_free(&r);
	parse_text(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts, "{\"url\": "
	    "\"https://api.github.com/repos/a/b/branches/feature/x/protection"
	    "\", \"enforce_admins\": true}", &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/a/b/feature/x protected=1 approvals=0 "
	    "stale=- owners=- lastpush=- admins=1 force=- del=- sig=- "
	    "linear=- checks=(none)\n");
	result_free(&r);

	/* 404 "Branch not protected" is a finding */
	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o,
	    "gh_not_protected.json", &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/acme/api/prod protected=0 approvals=-1 "
	    "stale=- owners=- lastpush=- admins=- force=- del=- sig=- "
	    "linear=- checks=(none)\n");
	result_free(&r);
	/* ... that needs --repo and --branch */
	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &repo_only,
	    "gh_not_protected.json", &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "gh_not_protected.json:1:33: "
	    "message: expected --repo and --branch with 'Branch not "
	    "protected', got no --branch");
	result_free(&r);
	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "gh_not_protected.json", &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "got neither: the answer does not "
	    "say which branch it is about");
	result_free(&r);
	/* a 403 (or any other message) is never "unprotected" */
	parse_fixture(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o,
	    "gh_no_access.json", &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "gh_no_access.json:2:52: message: "
	    "expected the branch protection, got GitHub's error answer 'Must "
	    "have admin rights to Repository.': the collector lacked access");
	assert_int_equal(r.n, 0);
	result_free(&r);
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, "{\"message\": "
	    "\"Not Found\"}", ASSURE_ERR_PARSE, "this does not show the "
	    "branch unprotected");
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, "{\"message\": "
	    "\"Resource not accessible by integration\", \"status\": \"403\"}",
	    ASSURE_ERR_PARSE, "mem:1:52: message: expected the branch "
	    "protection, got GitHub's error answer 'Resource not accessible "
	    "by integration'");
	/* not an answer at all */
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, "{}",
	    ASSURE_ERR_PARSE, "mem:1:1: record: expected a branch protection "
	    "object");
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, "[{\"url\": "
	    "\"x\"}, {}]", ASSURE_ERR_PARSE, "mem:1:2: record: expected one "
	    "branch protection object, got an array");
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, "[]",
	    ASSURE_ERR_PARSE, "mem:1:1: expected the object GET /repos/OWNER/"
	    "REPO/branches/BRANCH/protection answers, got an array without "
	    "objects");
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "{\"enforce_admins\": {\"enabled\": true}}", ASSURE_ERR_PARSE,
	    "expected url naming the repository and branch, got none: pass "
	    "--repo and --branch");
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "{\"url\": \"https://api.github.com/repos/a/b/protection\"}",
	    ASSURE_ERR_PARSE, "url: expected an API URL .../repos/OWNER/REPO/"
	    "branches/BRANCH/protection");
	expect_mem_error(CHG_FMT_GITHUB_BRANCH_PROTECTION, &o,
	    "{\"enforce_admins\": true, \"required_pull_request_reviews\": "
	    "{\"required_approving_review_count\": -1}}", ASSURE_ERR_PARSE,
	    "required_pull_request_reviews.required_approving_review_count: "
	    "expected a whole number from 0 to");
}

/* ------------------------------------------------------------------ */
/* gitlab-merge-requests */

static void
test_gitlab_mrs(void **state)
{
	struct chg_opts o = { .repo = "acme/override" };
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(CHG_FMT_GITLAB_MERGE_REQUESTS, &no_opts, "gl_mrs.json",
	    &r);
	expect_ok(&r, 4);
	expect_line(&r, "C0@2 gitlab/acme/platform/api#1 state=open "
	    "title=Open work author=gina bot=0 created=2026-03-01T10:00:00Z "
	    "updated=2026-03-01T11:00:00Z closed=- merged_at=- merged=0 by=- "
	    "base=main head=aaaa msha=- labels=backend,db url=https://"
	    "gitlab.example.com/acme/platform/api/-/merge_requests/1\n");
	/* merge_user before merged_by; the squash commit; a token user */
	expect_line(&r, "C1@17 gitlab/acme/platform/api#2 state=merged "
	    "title=Squashed author=project_42_bot_3f9a bot=1 created=- "
	    "updated=- closed=- merged_at=2026-03-02T12:00:00Z merged=1 "
	    "by=hank base=main head=bbbb msha=cccc labels=ci url=");
	/* locked is open; references.full; merge_commit_sha first */
	expect_line(&r, "C2@30 gitlab/acme/tools#3 state=open title=- "
	    "author=ivan bot=0 created=- updated=- closed=- merged_at=- "
	    "merged=0 by=jill base=- head=dddd msha=eeee labels=- url=-\n");
	/* an old web_url without "/-/"; a group token's user */
	expect_line(&r, "C3@38 gitlab/acme/legacy#4 state=closed title=- "
	    "author=group_7_bot_1 bot=1 created=- updated=- "
	    "closed=2026-03-04T00:00:00Z merged_at=- merged=0");
	result_free(&r);
	parse_fixture(CHG_FMT_GITLAB_MERGE_REQUESTS, &o, "gl_mrs.json", &r);
	expect_ok(&r, 4);
	expect_line(&r, "C2@30 gitlab/acme/override#3 state=open");
	result_free(&r);
	/* a single MR; names that only look like bots */
	parse_text(CHG_FMT_GITLAB_MERGE_REQUESTS, &o, "{\"iid\": 9, "
	    "\"state\": \"merged\", \"author\": {\"username\": "
	    "\"project_bottle\"}, \"merged_by\": {\"username\": \"x\"}}", &r);
	expect_ok(&r, 1);
	expect_line(&r, "C0@1 gitlab/acme/override#9 state=merged title=- "
	    "author=project_bottle bot=0");
	expect_line(&r, "merged=1 by=x ");
	result_free(&r);
	/* "reopened" of old GitLab versions is open */
	parse_text(CHG_FMT_GITLAB_MERGE_REQUESTS, &o, "[{\"iid\": 8, "
	    "\"state\": \"reopened\"}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "C0@1 gitlab/acme/override#8 state=open title=- "
	    "author=- bot=- created=- updated=- closed=- merged_at=- "
	    "merged=0 by=-");
	result_free(&r);
	expect_mem_error(CHG_FMT_GITLAB_MERGE_REQUESTS, &o, "[{\"iid\": 1, "
	    "\"state\": \"open\"}]", ASSURE_ERR_PARSE, "mem:1:27: state: "
	    "expected opened, closed, locked or merged, got 'open'");
	expect_mem_error(CHG_FMT_GITLAB_MERGE_REQUESTS, &no_opts, "[{\"iid\": "
	    "1, \"state\": \"opened\", \"web_url\": \"https://gitlab.com/x\"}]",
	    ASSURE_ERR_PARSE, "mem:1:2: record: expected web_url or "
	    "references.full naming the project, got neither: pass --repo");
	expect_mem_error(CHG_FMT_GITLAB_MERGE_REQUESTS, &o, "{\"message\": "
	    "\"404 Project Not Found\"}", ASSURE_ERR_PARSE, "message: "
	    "expected a merge request, got GitLab's error answer '404 "
	    "Project Not Found'");
	expect_mem_error(CHG_FMT_GITLAB_MERGE_REQUESTS, &o, "[{\"iid\": 1, "
	    "\"state\": \"opened\", \"author\": {\"username\": \"a\", \"bot\": "
	    "\"no\"}}]", ASSURE_ERR_PARSE, "author.bot: expected true or "
	    "false, got 'no'");
}

/* ------------------------------------------------------------------ */
/* gitlab-approvals */

static void
test_gitlab_approvals(void **state)
{
	struct chg_opts repo = { .repo = "acme/platform/api" };
	struct chg_opts both = { .repo = "acme/platform/api", .change = "5" };
	struct chg_opts wrong = { .repo = "acme/platform/api",
	    .change = "6" };
	struct result r = { .rc = ASSURE_OK };

	/* /approvals: iid gives the MR */
	parse_fixture(CHG_FMT_GITLAB_APPROVALS, &repo, "gl_approvals.json",
	    &r);
	expect_ok(&r, 2);
	expect_line(&r, "R0@8 gitlab/acme/platform/api#5 id=approval:kim "
	    "reviewer=kim bot=0 state=APPROVED submitted=- commit=-\n");
	expect_line(&r, "R1@9 gitlab/acme/platform/api#5 "
	    "id=approval:project_42_bot_77 reviewer=project_42_bot_77 bot=1 "
	    "state=APPROVED submitted=- commit=-\n");
	result_free(&r);
	parse_fixture(CHG_FMT_GITLAB_APPROVALS, &both, "gl_approvals.json",
	    &r);
	expect_ok(&r, 2);
	result_free(&r);
	parse_fixture(CHG_FMT_GITLAB_APPROVALS, &wrong, "gl_approvals.json",
	    &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "gl_approvals.json:2:19: iid: "
	    "expected 6 as --change says, got 5");
	result_free(&r);
	parse_fixture(CHG_FMT_GITLAB_APPROVALS, &no_opts, "gl_approvals.json",
	    &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "gl_approvals.json:1:1: record: "
	    "expected web_url naming the project, got none: pass --repo");
	result_free(&r);

	/* /approval_state: --change; mia approved under two rules */
	parse_fixture(CHG_FMT_GITLAB_APPROVALS, &both,
	    "gl_approval_state.json", &r);
	expect_ok(&r, 2);
	expect_line(&r, "R0@7 gitlab/acme/platform/api#5 id=approval:lee "
	    "reviewer=lee bot=0 state=APPROVED submitted=- commit=-\n"
	    "R1@8 gitlab/acme/platform/api#5 id=approval:mia reviewer=mia "
	    "bot=0 state=APPROVED submitted=- commit=-\n");
	result_free(&r);
	parse_fixture(CHG_FMT_GITLAB_APPROVALS, &repo,
	    "gl_approval_state.json", &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "gl_approval_state.json:1:1: "
	    "record: expected the number of the merge request it belongs to, "
	    "got none: pass --change");
	result_free(&r);

	/* an array of /approvals objects; web_url names the project */
	parse_text(CHG_FMT_GITLAB_APPROVALS, &no_opts, "[{\"iid\": 1, "
	    "\"web_url\": \"https://gl.example/g/p/-/merge_requests/1\", "
	    "\"approved_by\": []}, {\"iid\": 2, \"web_url\": "
	    "\"https://gl.example/g/p/-/merge_requests/2\", \"approved_by\": "
	    "[{\"user\": {\"username\": \"renovate[bot]\"}}, {\"user\": "
	    "{\"username\": \"renovate[bot]\"}}]}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "R0@1 gitlab/g/p#2 id=approval:renovate[bot] "
	    "reviewer=renovate[bot] bot=1 state=APPROVED");
	result_free(&r);

	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"iid\": 5, "
	    "\"approved_by\": [{\"user\": null}]}", ASSURE_ERR_PARSE,
	    "mem:1:28: approved_by.0: expected the approver's username, got "
	    "none");
	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"iid\": 5, "
	    "\"approved_by\": [{\"user\": {\"username\": 7}}]}",
	    ASSURE_ERR_PARSE, "mem:1:50: approved_by.0.user.username: "
	    "expected the approver's username (text of at most 4096 bytes), "
	    "got '7'");
	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"rules\": "
	    "[{\"approved_by\": [\"lee\"]}]}", ASSURE_ERR_PARSE, "mem:1:33: "
	    "rules.0.approved_by.0: expected an approver object, got 'lee'");
	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"rules\": "
	    "[{\"approved_by\": \"lee\"}]}", ASSURE_ERR_PARSE,
	    "rules.0.approved_by: expected an array of approvers, got 'lee'");
	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"iid\": 5}",
	    ASSURE_ERR_PARSE, "mem:1:1: record: expected approved_by (GET "
	    ".../approvals) or rules (GET .../approval_state), got neither");
	/* Free tier: 403 */
	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"message\": "
	    "\"403 Forbidden\"}", ASSURE_ERR_PARSE, "mem:1:27: message: "
	    "expected merge request approvals, got GitLab's error answer "
	    "'403 Forbidden'");
	expect_mem_error(CHG_FMT_GITLAB_APPROVALS, &both, "{\"error\": "
	    "\"insufficient_scope\"}", ASSURE_ERR_PARSE, "error: expected "
	    "merge request approvals, got GitLab's error answer "
	    "'insufficient_scope'");
}

/* ------------------------------------------------------------------ */
/* The sink, options */

static void
test_sink_error_stops(void **state)
{
	struct chg_opts o = { .source = "gh_reviews.json" };
	struct result r = { .rc = ASSURE_OK };
	char *path, *data;
	size_t len;

	path = tu_data_path("change/gh_reviews.json");
	data = read_all(path, &len);
	r.fail_at = 2;
	parse_mem(CHG_FMT_GITHUB_REVIEWS, &o, data, len, 3, &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 2);
	/* the rejected record is not counted as emitted */
	assert_int_equal(r.records, 1);
	assert_string_equal(r.diag, "sink: rejected");
	result_free(&r);
	free(data);
	free(path);

	/* several reviews from one approvals record: stops at the first */
	path = tu_data_path("change/gl_approval_state.json");
	data = read_all(path, &len);
	o.repo = "g/p";
	o.change = "1";
	r.fail_at = 1;
	parse_mem(CHG_FMT_GITLAB_APPROVALS, &o, data, len, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 1);
	result_free(&r);
	free(data);
	free(path);
}

static void
test_options_refused(void **state)
{
	struct chg_opts branch = { .branch = "main" };
	struct chg_opts change = { .change = "1" };
	struct chg_opts bad = { .repo = "o/r", .change = "12a" };
	struct chg_opts zero = { .change = "0" };
	struct result r = { .rc = ASSURE_OK };

	parse_mem(CHG_FMT_GITHUB_PULLS, &branch, "[]", 2, 0, &r);
	expect_diag(&r, ASSURE_ERR_INVAL, "--branch: github-pulls takes no "
	    "--branch");
	result_free(&r);
	parse_mem(CHG_FMT_GITHUB_PULLS, &change, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	parse_mem(CHG_FMT_GITHUB_DEPLOYMENTS, &change, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	parse_mem(CHG_FMT_GITLAB_MERGE_REQUESTS, &branch, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	parse_mem(CHG_FMT_GITHUB_REVIEWS, &branch, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	parse_mem(CHG_FMT_GITLAB_APPROVALS, &branch, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	/* --change must be a positive number */
	parse_mem(CHG_FMT_GITHUB_REVIEWS, &bad, "[]", 2, 0, &r);
	expect_diag(&r, ASSURE_ERR_INVAL, "--change: expected a positive "
	    "whole number, got '12a'");
	result_free(&r);
	parse_mem(CHG_FMT_GITLAB_APPROVALS, &zero, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	/* taken where they belong */
	parse_mem(CHG_FMT_GITHUB_BRANCH_PROTECTION, &branch, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_PARSE);
	result_free(&r);
	assert_int_equal(chg_format_find("github-pulls"),
	    CHG_FMT_GITHUB_PULLS);
	assert_int_equal(chg_format_find("gitlab-approvals"),
	    CHG_FMT_GITLAB_APPROVALS);
	assert_string_equal(chg_format_name(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES),
	    "github-deployment-statuses");
}

/* ------------------------------------------------------------------ */
/* The genuine samples in ../shared */

/* Read $ASSURE_SHARED/formats/samples/name, or skip the test. */
static char *
shared_read(const char *name, size_t *ret_len)
{
	char rel[256], *path, *data;

	snprintf(rel, sizeof(rel), "formats/samples/%s", name);
	path = tu_shared_path(rel);
	if (path == NULL) {
		printf("SKIPPED: ../shared absent\n");
		skip();
	}
	data = read_all(path, ret_len);
	free(path);
	return data;
}

/* A sample parsed whole, byte by byte and in 13-byte chunks. */
static void
shared(enum chg_format fmt, const struct chg_opts *o0, const char *name,
    enum assure_err rc, unsigned long n, struct result *ret)
{
	static const size_t chunks[] = { 1, 13 };
	struct chg_opts o = *o0;
	struct result r = { .rc = ASSURE_OK };
	char *data;
	size_t len, i;

	data = shared_read(name, &len);
	o.source = name;
	parse_mem(fmt, &o, data, len, 0, ret);
	if (ret->rc != rc || ret->n != n)
		printf("%s: %lu records, %s\n", name, ret->n, ret->diag);
	assert_int_equal(ret->rc, rc);
	assert_int_equal(ret->n, n);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		parse_mem(fmt, &o, data, len, chunks[i], &r);
		same_result(ret, &r);
		result_free(&r);
	}
	free(data);
}

static unsigned long
count(const struct result *r, const char *needle)
{
	const char *s = assure_buf_str(&r->out);
	unsigned long n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_genuine_github(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(CHG_FMT_GITHUB_PULLS, &no_opts,
	    "github/pull_get_merged_pygithub_3370.json", ASSURE_OK, 1, &r);
	/* the author is Dependabot; a maintainer merged it */
	expect_line(&r, "C0@1 github/PyGithub/PyGithub#3370 state=merged "
	    "title=Bump actions/setup-python from 5 to 6 "
	    "author=dependabot[bot] bot=1 created=2025-09-08T06:01:05Z "
	    "updated=2025-11-19T17:43:19Z closed=2025-11-19T17:43:18Z "
	    "merged_at=2025-11-19T17:43:18Z merged=1 by=JLLeitschuh "
	    "base=main head=3253acaabd86de12b73d0a24c98eb9c13d1987b5 "
	    "msha=1f5f434b321e963171a27c13c1137cedb54cc4d0 "
	    "labels=dependencies,github_actions "
	    "url=https://github.com/PyGithub/PyGithub/pull/3370\n");
	result_free(&r);
	shared(CHG_FMT_GITHUB_PULLS, &no_opts,
	    "github/pulls_list_state_closed_pygithub_2012.json", ASSURE_OK, 3,
	    &r);
	/* state=closed mixes merged and unmerged: these three were merged */
	assert_int_equal(count(&r, "state=merged"), 3);
	expect_line(&r, "github/PyGithub/PyGithub#39 state=merged title=Pull "
	    "request to be merged by PyGithub with a custom commit message "
	    "author=jacquev6 bot=0 created=2012-05-29T18:06:07Z");
	expect_line(&r, "github/PyGithub/PyGithub#32 state=merged");
	expect_line(&r, "github/PyGithub/PyGithub#31 state=merged");
	expect_line(&r, "merged_at=2012-05-29T18:07:54Z merged=1 by=- "
	    "base=topic/RewriteWithGeneratedCode "
	    "head=ca6e7ef9ce22dc01290bb59507f24cc17f42daa4 msha=- labels=-");
	result_free(&r);
	shared(CHG_FMT_GITHUB_PULLS, &no_opts,
	    "github/pulls_list_pygithub_PullRequest1375.json", ASSURE_OK, 1,
	    &r);
	expect_line(&r, "github/rsn491/PyGithub#1 state=open");
	expect_line(&r, "author=rsn491 bot=0 created=2020-02-02T18:43:53Z "
	    "updated=2020-02-09T10:54:56Z closed=- merged_at=- merged=0 by=- "
	    "base=master head=a7c8a2142a33b026f51eecd3f5cba3694bd52f8b "
	    "msha=e628e03651c068242bcc1d674e47ee249b901338 labels=- "
	    "url=https://github.com/rsn491/PyGithub/pull/1\n");
	result_free(&r);

	shared(CHG_FMT_GITHUB_REVIEWS, &no_opts,
	    "github/pull_reviews_list_pygithub.json", ASSURE_OK, 5, &r);
	assert_int_equal(count(&r, "state=APPROVED"), 1);
	assert_int_equal(count(&r, "state=COMMENTED"), 4);
	assert_int_equal(count(&r, "github/PyGithub/PyGithub#538 "), 5);
	expect_line(&r, "id=28482091 reviewer=jzelinskie bot=0 "
	    "state=APPROVED submitted=2017-03-22T19:06:59Z "
	    "commit=7a0fcb27b7cd6c346fc3f76216ccb6e0f4ca3bcc\n");
	result_free(&r);

	shared(CHG_FMT_GITHUB_DEPLOYMENTS, &no_opts,
	    "github/deployments_list_pygithub.json", ASSURE_OK, 2, &r);
	expect_line(&r, "D0@2 github/PyGithub/PyGithub id=263877258 env=test "
	    "sha=743f5a58b0bce91c4eab744ff7e39dfca9e6e8a5 "
	    "ref=743f5a58b0bce91c4eab744ff7e39dfca9e6e8a5 "
	    "created=2020-08-26T11:44:53Z actor=jacquev6 prod=0 result=- "
	    "url=https://api.github.com/repos/PyGithub/PyGithub/deployments/"
	    "263877258/statuses\n");
	expect_line(&r, "github/PyGithub/PyGithub id=262350588 "
	    "env=production");
	result_free(&r);
	shared(CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, &no_opts,
	    "github/deployment_statuses_list_pygithub.json", ASSURE_OK, 3, &r);
	assert_int_equal(count(&r, "github/jacquev6/PyGithub dep=263877258 "),
	    3);
	assert_int_equal(count(&r, "state=queued"), 3);
	expect_line(&r, "id=388454671 state=queued "
	    "created=2020-08-26T14:32:51Z creator=jacquev6 env=test\n");
	result_free(&r);

	shared(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "github/branch_protection_get_pygithub.json", ASSURE_OK, 1, &r);
	expect_line(&r, "B@1 github/curvewise-forks/PyGithub/master "
	    "protected=1 approvals=1 stale=0 owners=0 lastpush=0 admins=1 "
	    "force=0 del=0 sig=0 linear=1 checks=build (3.10)\n");
	result_free(&r);
	shared(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts,
	    "github/branch_protection_get_pygithub_2024.json", ASSURE_OK, 1,
	    &r);
	expect_line(&r, "B@1 github/jacquev6/PyGithub/integrations "
	    "protected=1 approvals=2 stale=0 owners=1 lastpush=1 admins=1 "
	    "force=0 del=0 sig=0 linear=0 checks=\n");
	result_free(&r);
	/* a recording of four requests is not one answer */
	shared(CHG_FMT_GITHUB_BRANCH_PROTECTION, &no_opts, "github/"
	    "octokit_fixtures_branch-protection_normalized-fixture.json",
	    ASSURE_ERR_PARSE, 0, &r);
	expect_diag(&r, ASSURE_ERR_PARSE, ":2:3: record: expected one branch "
	    "protection object, got an array");
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* The octokit recording: its response bodies, one by one */

static void
gen_value(yajl_gen g, yajl_val v)
{
	size_t i;

	if (YAJL_IS_OBJECT(v)) {
		yajl_gen_map_open(g);
		for (i = 0; i < v->u.object.len; i++) {
			yajl_gen_string(g,
			    (const unsigned char *)v->u.object.keys[i],
			    strlen(v->u.object.keys[i]));
			gen_value(g, v->u.object.values[i]);
		}
		yajl_gen_map_close(g);
	} else if (YAJL_IS_ARRAY(v)) {
		yajl_gen_array_open(g);
		for (i = 0; i < v->u.array.len; i++)
			gen_value(g, v->u.array.values[i]);
		yajl_gen_array_close(g);
	} else if (YAJL_IS_STRING(v))
		yajl_gen_string(g, (const unsigned char *)v->u.string,
		    strlen(v->u.string));
	else if (YAJL_IS_NUMBER(v))
		yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
	else if (YAJL_IS_TRUE(v))
		yajl_gen_bool(g, 1);
	else if (YAJL_IS_FALSE(v))
		yajl_gen_bool(g, 0);
	else
		yajl_gen_null(g);
}

/* The response body of the ith request of the recording tree. */
static void
octokit_body(yajl_val tree, size_t i, enum chg_format fmt,
    const struct chg_opts *o, struct result *r)
{
	const unsigned char *buf;
	yajl_val req, body = NULL;
	yajl_gen g;
	size_t len, k;

	assert_true(YAJL_IS_ARRAY(tree) && i < tree->u.array.len);
	req = tree->u.array.values[i];
	assert_true(YAJL_IS_OBJECT(req));
	for (k = 0; k < req->u.object.len; k++)
		if (strcmp(req->u.object.keys[k], "response") == 0)
			body = req->u.object.values[k];
	assert_non_null(body);
	g = yajl_gen_alloc(NULL);
	assert_non_null(g);
	yajl_gen_config(g, yajl_gen_beautify, 1);
	gen_value(g, body);
	assert_int_equal(yajl_gen_get_buf(g, &buf, &len), yajl_gen_status_ok);
	parse_every_way(fmt, o, (const char *)buf, len, r);
	yajl_gen_free(g);
}

static void
test_genuine_octokit(void **state)
{
	struct chg_opts o = { .source = "octokit", .repo =
	    "octokit-fixture-org/branch-protection", .branch = "main" };
	struct chg_opts none = { .source = "octokit" };
	struct result r = { .rc = ASSURE_OK };
	yajl_val tree;
	char *data, err[256];
	size_t len;

	data = shared_read("github/"
	    "octokit_fixtures_branch-protection_normalized-fixture.json",
	    &len);
	tree = yajl_tree_parse(data, err, sizeof(err));
	assert_non_null(tree);
	/* GET -> 404 "Branch not protected": a finding */
	octokit_body(tree, 0, CHG_FMT_GITHUB_BRANCH_PROTECTION, &o, &r);
	expect_ok(&r, 1);
	expect_line(&r, "github/octokit-fixture-org/branch-protection/main "
	    "protected=0 approvals=-1");
	result_free(&r);
	octokit_body(tree, 0, CHG_FMT_GITHUB_BRANCH_PROTECTION, &none, &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "message: expected --repo and "
	    "--branch with 'Branch not protected'");
	result_free(&r);
	/* PUT with every rule null: protected, no review rule */
	octokit_body(tree, 1, CHG_FMT_GITHUB_BRANCH_PROTECTION, &none, &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/octokit-fixture-org/branch-protection/"
	    "main protected=1 approvals=0 stale=- owners=- lastpush=- "
	    "admins=0 force=0 del=0 sig=0 linear=0 checks=(none)\n");
	result_free(&r);
	/* PUT with reviews, checks and restrictions */
	octokit_body(tree, 2, CHG_FMT_GITHUB_BRANCH_PROTECTION, &none, &r);
	expect_ok(&r, 1);
	expect_line(&r, "B@1 github/octokit-fixture-org/branch-protection/"
	    "main protected=1 approvals=1 stale=1 owners=0 lastpush=- "
	    "admins=1 force=0 del=0 sig=0 linear=0 checks=foo/bar\n");
	result_free(&r);
	yajl_tree_free(tree);
	free(data);
}

static void
test_genuine_gitlab(void **state)
{
	struct chg_opts repo = { .repo = "gitlab-org/gitlab-ee" };
	struct chg_opts both = { .repo = "gitlab-org/gitlab-ee",
	    .change = "14656" };
	struct result r = { .rc = ASSURE_OK };

	shared(CHG_FMT_GITLAB_MERGE_REQUESTS, &no_opts,
	    "gitlab/get_merge_requests.json", ASSURE_OK, 3, &r);
	assert_int_equal(count(&r, "gitlab/gitlab-org/gitlab-ee#"), 3);
	assert_int_equal(count(&r, "state=open "), 3);
	expect_line(&r, "C0@2 gitlab/gitlab-org/gitlab-ee#15442 state=open");
	expect_line(&r, "author=hfyngvason bot=0 "
	    "created=2019-08-20T10:58:54Z");
	expect_line(&r, "merged=0 by=- base=master "
	    "head=2fc4e8b972ff3208ec63b6143e34ad67ff343ad7 msha=- "
	    "labels=backend,backstage,database,database::review pending,"
	    "group::autodevops and kubernetes url=https://gitlab.com/"
	    "gitlab-org/gitlab-ee/merge_requests/15442\n");
	expect_line(&r, "gitlab/gitlab-org/gitlab-ee#15441 state=open");
	expect_line(&r, "gitlab/gitlab-org/gitlab-ee#15440 state=open");
	result_free(&r);
	shared(CHG_FMT_GITLAB_MERGE_REQUESTS, &no_opts,
	    "gitlab/get_merge_request.json", ASSURE_OK, 1, &r);
	expect_line(&r, "C0@1 gitlab/gitlab-org/gitlab-ee#14656 state=open");
	expect_line(&r, "author=alexkalderimis bot=0 "
	    "created=2019-07-11T22:34:43Z");
	result_free(&r);

	shared(CHG_FMT_GITLAB_APPROVALS, &repo,
	    "gitlab/mr_approvals_doc_example.json", ASSURE_OK, 1, &r);
	expect_line(&r, "gitlab/gitlab-org/gitlab-ee#5 id=approval:root "
	    "reviewer=root bot=0 state=APPROVED submitted=- commit=-\n");
	result_free(&r);
	shared(CHG_FMT_GITLAB_APPROVALS, &both,
	    "gitlab/mr_approval_state_doc_example.json", ASSURE_OK, 1, &r);
	expect_line(&r, "gitlab/gitlab-org/gitlab-ee#14656 id=approval:jdoe "
	    "reviewer=jdoe bot=0 state=APPROVED");
	result_free(&r);
	shared(CHG_FMT_GITLAB_APPROVALS, &repo,
	    "gitlab/mr_approval_state_doc_example.json", ASSURE_ERR_PARSE, 0,
	    &r);
	expect_diag(&r, ASSURE_ERR_PARSE, "pass --change");
	result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_github_pulls),
		cmocka_unit_test(test_github_pulls_2012),
		cmocka_unit_test(test_github_pull_single),
		cmocka_unit_test(test_github_pulls_errors),
		cmocka_unit_test(test_github_reviews),
		cmocka_unit_test(test_github_reviews_change),
		cmocka_unit_test(test_github_deployments),
		cmocka_unit_test(test_github_statuses),
		cmocka_unit_test(test_github_protection),
		cmocka_unit_test(test_gitlab_mrs),
		cmocka_unit_test(test_gitlab_approvals),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_options_refused),
		cmocka_unit_test(test_genuine_github),
		cmocka_unit_test(test_genuine_octokit),
		cmocka_unit_test(test_genuine_gitlab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
