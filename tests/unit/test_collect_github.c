/*
 * test_collect_github.c: the GitHub collector (collect/github.c) against
 * the stub server replaying GitHub's documented response shapes
 * (tests/data/collect/github/): pages via Link, the single pulls, reviews,
 * deployments and statuses, protection 200 and 404, org members; retries;
 * a 401 and a cut body ending the run incomplete with its earlier pages
 * kept; the token on every request and in no message; conditional
 * requests (a 304 keeps the stored page again).
 */
#include "common/compat.h"

#include "collect/github.h"
#include "collect/run.h"
#include "secret/secret.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "rules/changes.h"
#include "rules/rules.h"
#include "store/store.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define TOKEN	"ghp_TestToken0123456789"

#define fx(name)	tu_fixture("collect/github", (name))
#define fx_free()	tu_fixtures_free()

/* The responses of a whole organisation; tests replace some routes
 * first (the first route that matches answers). */
static struct httpstub_resp r_pulls1[1], r_pulls2[1], r_pull12[1],
    r_pull10[1], r_rev12[1], r_rev10[1], r_deps[1], r_stat[1], r_prot[1],
    r_unprot[1], r_admins[1], r_members[1], r_org[1];

static void
script(struct httpstub *s)
{
	static const char *const json =
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "X-RateLimit-Remaining: 4990\r\nX-RateLimit-Reset: 1\r\n";
	static const char *const link =
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "Link: <%BASE%/repos/acme/payroll/pulls?state=closed&per_page=100"
	    "&page=2>; rel=\"next\", <%BASE%/repos/acme/payroll/pulls?"
	    "state=closed&per_page=100&page=2>; rel=\"last\"\r\n";
	struct {
		struct httpstub_resp	*r;
		unsigned		 status;
		const char		*file;
		const char		*headers;
	} t[] = {
		{ r_pulls1, 200, "pulls-1.json", NULL },
		{ r_pulls2, 200, "pulls-2.json", NULL },
		{ r_pull12, 200, "pull-12.json", NULL },
		{ r_pull10, 200, "pull-10.json", NULL },
		{ r_rev12, 200, "reviews-12.json", NULL },
		{ r_rev10, 200, "reviews-10.json", NULL },
		{ r_deps, 200, "deployments.json", NULL },
		{ r_stat, 200, "statuses-501.json", NULL },
		{ r_prot, 200, "protection-main.json", NULL },
		{ r_unprot, 404, "unprotected.json", NULL },
		{ r_admins, 200, "members-admin.json", NULL },
		{ r_members, 200, "members-member.json", NULL },
		{ r_org, 200, "org.json", NULL },
	};
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(t); i++) {
		memset(t[i].r, 0, sizeof(*t[i].r));
		t[i].r->status = t[i].status;
		t[i].r->file = fx(t[i].file);
		t[i].r->headers = json;
	}
	r_pulls1->headers = link;
	httpstub_route(s, "GET", "/repos/acme/payroll/pulls", "page=2",
	    r_pulls2, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/pulls", NULL, r_pulls1,
	    1);
	httpstub_route(s, "GET", "/repos/acme/payroll/pulls/12", NULL,
	    r_pull12, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/pulls/10", NULL,
	    r_pull10, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/pulls/12/reviews", NULL,
	    r_rev12, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/pulls/10/reviews", NULL,
	    r_rev10, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/deployments", NULL,
	    r_deps, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/deployments/501/"
	    "statuses", NULL, r_stat, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/branches/main/"
	    "protection", NULL, r_prot, 1);
	httpstub_route(s, "GET", "/repos/acme/payroll/branches/release%2F1.x/"
	    "protection", NULL, r_unprot, 1);
	httpstub_route(s, "GET", "/orgs/acme/members", "role=admin",
	    r_admins, 1);
	httpstub_route(s, "GET", "/orgs/acme/members", "role=member",
	    r_members, 1);
	httpstub_route(s, "GET", "/orgs/acme", NULL, r_org, 1);
}

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir;
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct github_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

static const char *const repos[] = { "acme/payroll" };
static const char *const branches[] = { "main", "release/1.x" };

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	unsetenv("GITHUB_TOKEN");
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	assert_int_equal(secret_set(f->ws->dotdir, "github-token", TOKEN,
	    strlen(TOKEN), &f->d), ASSURE_OK);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = tu_no_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	f->t.base_url = httpstub_url(f->s);
	f->t.repos = repos;
	f->t.nrepos = 1;
	f->t.branches = branches;
	f->t.nbranches = 2;
	f->t.org = "acme";
}

static void
fixture_free(struct fixture *f)
{
	httpstub_stop(f->s);
	tu_workspace_free(f->ws, f->dir);
	fx_free();
}

static enum assure_err
run(struct fixture *f)
{
	assure_diag_clear(&f->d);
	return collect_github(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/* Every request carried the token and the API's headers. */
static void
check_headers(struct httpstub *s)
{
	char h[256];
	size_t i;

	assert_true(httpstub_nrequests(s) > 0);
	for (i = 0; i < httpstub_nrequests(s); i++) {
		const struct httpstub_req *r = httpstub_request(s, i);

		assert_non_null(httpstub_header(r, "Authorization", h,
		    sizeof(h)));
		assert_string_equal(h, "Bearer " TOKEN);
		assert_non_null(httpstub_header(r, "X-GitHub-Api-Version", h,
		    sizeof(h)));
		assert_string_equal(h, "2022-11-28");
		assert_non_null(httpstub_header(r, "Accept", h, sizeof(h)));
		assert_string_equal(h, "application/vnd.github+json");
	}
}

static void
check_no_token(const struct fixture *f)
{
	char line[1024];

	assure_diag_format(&f->d, line, sizeof(line));
	assert_null(strstr(line, TOKEN));
	assert_null(strstr(f->res.why, TOKEN));
	assert_null(strstr(f->pr.notes, TOKEN));
}

static void
last_run(struct fixture *f, struct run_info *ri)
{
	size_t n = 0;

	assert_int_equal(run_list(f->ws, "github", ri, 1, &n, &f->d),
	    ASSURE_OK);
	assert_int_equal(n, 1);
}

static void
test_complete(void **state)
{
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	/* pulls x2, single x2, reviews x2, deployments, statuses,
	 * protection x2, admins, members, the org. */
	assert_int_equal(f.res.pages, 13);
	assert_int_equal(f.pr.pages, 13);
	assert_true(f.res.records > 0);
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/pulls"), 2);
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/pulls/11"),
	    0);	/* closed unmerged: no single */
	assert_int_equal(httpstub_count(f.s,
	    "/repos/acme/payroll/pulls/12/reviews"), 1);
	assert_non_null(strstr(f.pr.urls, "github-branch-protection"));
	assert_non_null(strstr(f.pr.urls, "github-deployment-statuses"));
	assert_null(strstr(f.pr.urls, "?"));	/* no query in URLs shown */
	assert_non_null(strstr(httpstub_request(f.s, 0)->target,
	    "state=closed&per_page=100"));
	check_headers(f.s);
	check_no_token(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 13);
	assert_int_equal(ri.id, f.res.run_id);
	fixture_free(&f);
}

static void
test_singles_cap(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	script(f.s);
	f.t.singles_max = 1;
	f.t.org = NULL;
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/pulls/12"),
	    1);
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/pulls/10"),
	    0);
	/* The reviews of every merged pull all the same. */
	assert_int_equal(httpstub_count(f.s,
	    "/repos/acme/payroll/pulls/10/reviews"), 1);
	assert_non_null(strstr(f.pr.notes, "beyond the cap"));
	fixture_free(&f);
}

static void
test_default_branch(void **state)
{
	static struct httpstub_resp repo[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(repo, 0, sizeof(repo));
	repo[0].status = 200;
	repo[0].file = fx("repo.json");
	httpstub_route(f.s, "GET", "/repos/acme/payroll", NULL, repo, 1);
	script(f.s);
	f.t.nbranches = 0;
	f.t.org = NULL;
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	assert_int_equal(httpstub_count(f.s,
	    "/repos/acme/payroll/branches/main/protection"), 1);
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp pulls[2], deps[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	/* A 500 then the page; a 429 with Retry-After then the page. */
	memset(pulls, 0, sizeof(pulls));
	pulls[0].status = 500;
	pulls[0].body = "{\"message\":\"Server Error\"}";
	pulls[1].status = 200;
	pulls[1].file = fx("pulls-2.json");
	memset(deps, 0, sizeof(deps));
	deps[0].status = 429;
	deps[0].headers = "Retry-After: 2\r\n";
	deps[1].status = 200;
	deps[1].file = fx("deployments.json");
	httpstub_route(f.s, "GET", "/repos/acme/payroll/pulls", "state=closed",
	    pulls, 2);
	httpstub_route(f.s, "GET", "/repos/acme/payroll/deployments", NULL,
	    deps, 2);
	script(f.s);
	f.t.org = NULL;
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/pulls"), 2);
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/deployments"),
	    2);
	fixture_free(&f);
}

static void
test_401_mid_run(void **state)
{
	static struct httpstub_resp deps[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(deps, 0, sizeof(deps));
	deps[0].status = 401;
	deps[0].body = "{\"message\":\"Bad credentials\",\"documentation_url\":"
	    "\"https://docs.github.com/rest\",\"status\":\"401\"}";
	httpstub_route(f.s, "GET", "/repos/acme/payroll/deployments", NULL,
	    deps, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "the token was refused"));
	assert_non_null(strstr(f.res.why, "assure secret set github-token"));
	/* The pulls and reviews before it are kept; nothing after. */
	assert_int_equal(f.res.pages, 6);
	assert_int_equal(httpstub_count(f.s, "/orgs/acme"), 0);
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 6);
	assert_non_null(strstr(ri.note, "token was refused"));
	assert_null(strstr(ri.note, TOKEN));
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_truncated(void **state)
{
	static struct httpstub_resp stat[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(stat, 0, sizeof(stat));
	stat[0].status = 200;
	stat[0].body = "[{\"id\": 9002, \"state\": \"succ";
	stat[0].content_length = 4000;
	httpstub_route(f.s, "GET", "/repos/acme/payroll/deployments/501/"
	    "statuses", NULL, stat, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_non_null(strstr(f.res.why, "/deployments/501/statuses"));
	assert_int_equal(f.res.pages, 7);
	last_run(&f, &ri);
	assert_false(ri.complete);
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_forbidden_protection(void **state)
{
	static struct httpstub_resp prot[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	/* Without admin rights: not "unprotected", an incomplete run. */
	memset(prot, 0, sizeof(prot));
	prot[0].status = 404;
	prot[0].body = "{\"message\":\"Not Found\"}";
	httpstub_route(f.s, "GET", "/repos/acme/payroll/branches/main/"
	    "protection", NULL, prot, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "HTTP 404: Not Found"));
	fixture_free(&f);
}

static void
test_no_token_and_bad_targets(void **state)
{
	struct fixture f;
	static const char *const bad[] = { "acme/../x" };
	static const char *const bad2[] = { "acme" };

	(void)state;
	fixture_init(&f);
	assert_int_equal(secret_remove(f.ws->dotdir, "github-token", &f.d),
	    ASSURE_OK);
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(f.d.msg, "GITHUB_TOKEN"));
	assert_int_equal(httpstub_nrequests(f.s), 0);
	setenv("GITHUB_TOKEN", TOKEN, 1);
	f.t.repos = bad;
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.repos = bad2;
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.repos = repos;
	f.t.base_url = "file:///etc";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	/* From the environment, the same requests. */
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	check_headers(f.s);
	unsetenv("GITHUB_TOKEN");
	fixture_free(&f);
}

static void
test_foreign_link(void **state)
{
	static struct httpstub_resp pulls[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(pulls, 0, sizeof(pulls));
	pulls[0].status = 200;
	pulls[0].body = "[]";
	pulls[0].headers = "Link: <https://evil.example/steal?page=2>; "
	    "rel=\"next\"\r\n";
	httpstub_route(f.s, "GET", "/repos/acme/payroll/pulls", NULL, pulls,
	    1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "another host"));
	fixture_free(&f);
}

/* The changes and deployments the change tests see as of now. */
static void
population(struct fixture *f, size_t *ret_pr, size_t *ret_dep)
{
	struct chg_population p;
	struct test_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.store = f->ws->store;
	ctx.cfg = &f->ws->cfg;
	ctx.as_of = assure_now() + 60;
	memset(&p, 0, sizeof(p));
	assert_int_equal(chg_population_load(&ctx, &p, &f->d), ASSURE_OK);
	*ret_pr = p.npr;
	*ret_dep = p.ndep;
	chg_population_release(&p);
}

/*
 * The evaluation reads a run's pages only once the run is complete: an
 * incomplete run's pulls are stored but left out of the populations.
 */
static void
test_populations(void **state)
{
	static struct httpstub_resp deps[1];
	struct fixture f;
	size_t npr, ndep;

	(void)state;
	fixture_init(&f);
	memset(deps, 0, sizeof(deps));
	deps[0].status = 401;
	deps[0].body = "{\"message\":\"Bad credentials\"}";
	httpstub_route(f.s, "GET", "/repos/acme/payroll/deployments", NULL,
	    deps, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_true(f.res.records > 0);
	population(&f, &npr, &ndep);
	assert_int_equal(npr, 0);
	assert_int_equal(ndep, 0);
	httpstub_stop(f.s);
	/* A later complete run: its pulls and deployments count. */
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	population(&f, &npr, &ndep);
	assert_int_equal(npr, 3);	/* #10, #11, #12 */
	assert_int_equal(ndep, 1);
	fixture_free(&f);
}

/* A run's pages as listed (STMT_RUN_PAGES): "kind url sha256\n"... */
static enum assure_err
page_row(const struct store_val *c, int n, void *arg)
{
	struct assure_buf *b = arg;

	assert_true(n >= 6);
	assert_int_equal(c[5].type, STORE_INT);	/* linked to evidence */
	assure_buf_printf(b, "%s %s %s\n", c[1].s, c[4].s, c[2].s);
	return ASSURE_OK;
}

static char *
run_pages(struct fixture *f, int64_t id)
{
	struct assure_buf b;
	struct store_val p[1];

	assure_buf_init(&b, 1 << 20);
	p[0] = STORE_INTV(id);
	assert_int_equal(store_exec(f->ws->store, STMT_RUN_PAGES, p, 1,
	    page_row, &b, &f->d), ASSURE_OK);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	return assure_buf_detach(&b, NULL);
}

/* The sha256 listed for "kind url " in pages (static buffer). */
static const char *
page_sha(const char *pages, const char *kind_url)
{
	static char sha[65];
	const char *p = strstr(pages, kind_url);

	assert_non_null(p);
	p += strlen(kind_url);
	assert_true(strlen(p) >= 64);
	memcpy(sha, p, 64);
	sha[64] = '\0';
	return sha;
}

/* The If-None-Match of the i'th request to path with query holding q and
 * not "page=2" (NULL: none sent), into out. */
static const char *
inm_of(struct httpstub *s, const char *path_q, size_t i, char *out,
    size_t size)
{
	size_t k, seen = 0;

	for (k = 0; k < httpstub_nrequests(s); k++) {
		const struct httpstub_req *r = httpstub_request(s, k);

		if (strncmp(r->target, path_q, strlen(path_q)) != 0 ||
		    strstr(r->target, "page=2") != NULL)
			continue;
		if (seen++ == i)
			return httpstub_header(r, "If-None-Match", out, size);
	}
	fail_msg("no request %zu to %s", i, path_q);
	return NULL;
}

struct vrow {
	bool	found;
	char	etag[64], sha[65];
};

static enum assure_err
vrow(const struct store_val *c, int n, void *arg)
{
	struct vrow *v = arg;

	assert_true(n >= 4);
	v->found = true;
	if (c[0].type == STORE_TEXT)
		assure_strlcpy(v->etag, c[0].s, sizeof(v->etag));
	assure_strlcpy(v->sha, c[2].s, sizeof(v->sha));
	return ASSURE_OK;
}

static void
validator_of(struct fixture *f, const char *url, struct vrow *v)
{
	struct store_val p[1];

	memset(v, 0, sizeof(*v));
	p[0] = STORE_TEXTV(url);
	assert_int_equal(store_exec(f->ws->store, STMT_VALIDATOR_GET, p, 1,
	    vrow, v, &f->d), ASSURE_OK);
}

/*
 * Conditional requests: a page sent with an ETag is asked for with
 * If-None-Match next run; the 304 keeps the stored bytes again as the
 * new run's page (the members page with its role already added), the
 * run is complete, its pulls count, and the note says how many.
 */
static void
test_not_modified(void **state)
{
	static const char *const link_etag =
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "ETag: W/\"pulls-1-v1\"\r\n"
	    "Link: <%BASE%/repos/acme/payroll/pulls?state=closed&per_page=100"
	    "&page=2>; rel=\"next\"\r\n";
	static struct httpstub_resp pulls[2], admins[2];
	struct fixture f;
	struct run_info ri;
	struct vrow v;
	char h[128], url[512], *first, *second, sha_pulls[65], sha_adm[65];
	int64_t run1;
	size_t npr, ndep;

	(void)state;
	fixture_init(&f);
	memset(pulls, 0, sizeof(pulls));
	pulls[0].status = 200;
	pulls[0].file = fx("pulls-1.json");
	pulls[0].headers = link_etag;
	pulls[1].status = 304;	/* no Link: the remembered one is used */
	pulls[1].headers = "ETag: W/\"pulls-1-v1\"\r\n";
	memset(admins, 0, sizeof(admins));
	admins[0].status = 200;
	admins[0].file = fx("members-admin.json");
	admins[0].headers = "Content-Type: application/json\r\n"
	    "Last-Modified: Tue, 03 Nov 2026 10:00:00 GMT\r\n";
	admins[1].status = 304;
	httpstub_route(f.s, "GET", "/repos/acme/payroll/pulls", "page=2",
	    r_pulls2, 1);
	httpstub_route(f.s, "GET", "/repos/acme/payroll/pulls", NULL, pulls,
	    2);
	httpstub_route(f.s, "GET", "/orgs/acme/members", "role=admin", admins,
	    2);
	script(f.s);

	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(f.res.pages, 13);
	run1 = f.res.run_id;
	assert_null(strstr(f.pr.notes, "(304)"));
	assert_null(inm_of(f.s, "/repos/acme/payroll/pulls?", 0, h,
	    sizeof(h)));
	snprintf(url, sizeof(url), "%s/repos/acme/payroll/pulls?state=closed&"
	    "per_page=100", httpstub_url(f.s));
	validator_of(&f, url, &v);
	assert_true(v.found);
	assert_string_equal(v.etag, "W/\"pulls-1-v1\"");

	memset(&f.pr, 0, sizeof(f.pr));
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(f.res.pages, 13);
	assert_true(f.res.run_id != run1);
	/* The validators were sent; the 304 answered. */
	assert_non_null(inm_of(f.s, "/repos/acme/payroll/pulls?", 1, h,
	    sizeof(h)));
	assert_string_equal(h, "W/\"pulls-1-v1\"");
	/* Page 2 still asked for, through the remembered Link. */
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/pulls"), 4);
	assert_non_null(strstr(f.pr.notes,
	    "2 pages unchanged since the last run (304)"));
	check_headers(f.s);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 13);
	/* The second run lists the same bytes as its own pages. */
	first = run_pages(&f, run1);
	second = run_pages(&f, f.res.run_id);
	snprintf(url, sizeof(url), "github-pulls %s/repos/acme/payroll/pulls ",
	    httpstub_url(f.s));
	assure_strlcpy(sha_pulls, page_sha(first, url), sizeof(sha_pulls));
	assert_string_equal(page_sha(second, url), sha_pulls);
	snprintf(url, sizeof(url), "github-org-members %s/orgs/acme/members ",
	    httpstub_url(f.s));
	assure_strlcpy(sha_adm, page_sha(first, url), sizeof(sha_adm));
	assert_string_equal(page_sha(second, url), sha_adm);
	free(first);
	free(second);
	population(&f, &npr, &ndep);
	assert_int_equal(npr, 3);
	assert_int_equal(ndep, 1);
	check_no_token(&f);
	fixture_free(&f);
}

/* A validator whose bytes are not stored is dropped: the page is asked
 * for again in full, and remembered afresh. */
static void
test_not_modified_missing(void **state)
{
	static const char *const etag =
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "ETag: \"deps-v1\"\r\n";
	static struct httpstub_resp deps[3];
	struct fixture f;
	struct store_val p[7];
	struct vrow v;
	char h[128], url[512];
	size_t k, sent = 0;

	(void)state;
	fixture_init(&f);
	memset(deps, 0, sizeof(deps));
	deps[0].status = 200;
	deps[0].file = fx("deployments.json");
	deps[0].headers = etag;
	deps[1].status = 304;
	deps[2] = deps[0];
	httpstub_route(f.s, "GET", "/repos/acme/payroll/deployments", NULL,
	    deps, 3);
	script(f.s);
	f.t.org = NULL;
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	snprintf(url, sizeof(url), "%s/repos/acme/payroll/deployments?"
	    "per_page=100", httpstub_url(f.s));
	validator_of(&f, url, &v);
	assert_true(v.found);
	/* Point it at bytes that were never stored. */
	p[0] = STORE_TEXTV(url);
	p[1] = STORE_TEXTV("\"deps-v1\"");
	p[2] = STORE_NULLV;
	p[3] = STORE_TEXTV("00000000000000000000000000000000"
	    "00000000000000000000000000000000");
	p[4] = STORE_TEXTV("github-deployments");
	p[5] = STORE_NULLV;
	p[6] = STORE_INTV(1);
	assert_int_equal(store_exec(f.ws->store, STMT_VALIDATOR_PUT, p, 7,
	    NULL, NULL, &f.d), ASSURE_OK);
	memset(&f.pr, 0, sizeof(f.pr));
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_null(strstr(f.pr.notes, "(304)"));
	/* 200, then 304 to the validator, then 200 without it. */
	assert_int_equal(httpstub_count(f.s, "/repos/acme/payroll/deployments"),
	    3);
	for (k = 0; k < 3; k++)
		if (inm_of(f.s, "/repos/acme/payroll/deployments?", k, h,
		    sizeof(h)) != NULL)
			sent++;
	assert_int_equal(sent, 1);
	validator_of(&f, url, &v);
	assert_true(v.found);
	assert_string_not_equal(v.sha, "00000000000000000000000000000000"
	    "00000000000000000000000000000000");
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_singles_cap),
		cmocka_unit_test(test_default_branch),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_401_mid_run),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_forbidden_protection),
		cmocka_unit_test(test_no_token_and_bad_targets),
		cmocka_unit_test(test_foreign_link),
		cmocka_unit_test(test_populations),
		cmocka_unit_test(test_not_modified),
		cmocka_unit_test(test_not_modified_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
