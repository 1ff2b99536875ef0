/*
 * test_collect_jira.c: the Jira collector (collect/jira.c) against the
 * stub server replaying Jira Cloud's documented response shapes
 * (tests/data/collect/jira/): the search's pages by nextPageToken until
 * isLast, the JQL, fields and changelog asked for; retries; a 401 and a
 * cut body ending the run incomplete with its earlier pages kept; basic
 * authentication on every request and the token in no message.
 */
#include "common/compat.h"

#include <sodium.h>

#include "collect/jira.h"
#include "collect/run.h"
#include "secret/secret.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define TOKEN	"ATATTJiraTestToken0123456789"
#define EMAIL	"ops-bot@acme.example"
#define SEARCH	"/rest/api/3/search/jql"

#define fx(name)	tu_fixture("collect/jira", (name))
#define fx_free()	tu_fixtures_free()

static struct httpstub_resp r_p1[1], r_p2[1];

static void
script(struct httpstub *s)
{
	memset(r_p1, 0, sizeof(r_p1));
	memset(r_p2, 0, sizeof(r_p2));
	r_p1->status = 200;
	r_p1->file = fx("search-1.json");
	r_p1->headers = "Content-Type: application/json;charset=UTF-8\r\n";
	r_p2->status = 200;
	r_p2->file = fx("search-2.json");
	r_p2->headers = r_p1->headers;
	httpstub_route(s, "GET", SEARCH, "nextPageToken=CAEaAggD", r_p2, 1);
	httpstub_route(s, "GET", SEARCH, NULL, r_p1, 1);
}

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir;
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct jira_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	unsetenv("JIRA_API_TOKEN");
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	assert_int_equal(secret_set(f->ws->dotdir, "jira-token", TOKEN,
	    strlen(TOKEN), &f->d), ASSURE_OK);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = tu_no_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	f->t.base_url = httpstub_url(f->s);
	f->t.email = EMAIL;
	f->t.jql = "project = OPS AND issuetype = Incident ORDER BY created";
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
	memset(&f->pr, 0, sizeof(f->pr));
	return collect_jira(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/* Every request carried basic authentication of email:token. */
static void
check_headers(struct httpstub *s)
{
	char h[256], want[256], b64[192];
	const char cred[] = EMAIL ":" TOKEN;
	size_t i;

	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)cred,
	    strlen(cred), sodium_base64_VARIANT_ORIGINAL);
	snprintf(want, sizeof(want), "Basic %s", b64);
	assert_true(httpstub_nrequests(s) > 0);
	for (i = 0; i < httpstub_nrequests(s); i++) {
		const struct httpstub_req *r = httpstub_request(s, i);

		assert_non_null(httpstub_header(r, "Authorization", h,
		    sizeof(h)));
		assert_string_equal(h, want);
		assert_non_null(httpstub_header(r, "Accept", h, sizeof(h)));
		assert_string_equal(h, "application/json");
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

	assert_int_equal(run_list(f->ws, "jira", ri, 1, &n, &f->d),
	    ASSURE_OK);
	assert_int_equal(n, 1);
}

static void
test_complete(void **state)
{
	struct fixture f;
	struct run_info ri;
	const char *t1, *t2;

	(void)state;
	fixture_init(&f);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(f.res.pages, 2);
	assert_int_equal(f.pr.pages, 2);
	assert_true(f.res.records >= 3);	/* 3 incidents, their events */
	assert_int_equal(httpstub_count(f.s, SEARCH), 2);
	t1 = httpstub_request(f.s, 0)->target;
	t2 = httpstub_request(f.s, 1)->target;
	/* The JQL encoded, the parser's fields, the changelog. */
	assert_non_null(strstr(t1, "jql=project%20%3D%20OPS%20AND%20"
	    "issuetype%20%3D%20Incident%20ORDER%20BY%20created"));
	assert_non_null(strstr(t1, "fields=summary,issuetype,status,"
	    "priority,project,labels,created,resolutiondate"));
	assert_non_null(strstr(t1, "expand=changelog"));
	assert_non_null(strstr(t1, "maxResults=100"));
	assert_null(strstr(t1, "nextPageToken"));
	assert_non_null(strstr(t2, "&nextPageToken=CAEaAggD"));
	assert_non_null(strstr(f.pr.urls, "jira-issues"));
	assert_null(strstr(f.pr.urls, "?"));
	check_headers(f.s);
	check_no_token(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 2);
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp p1[3];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	/* A 429 with Retry-After, a 500, then the page. */
	memset(p1, 0, sizeof(p1));
	p1[0].status = 429;
	p1[0].headers = "Retry-After: 3\r\n";
	p1[1].status = 500;
	p1[1].body = "{\"errorMessages\":[\"Internal server error\"]}";
	p1[2].status = 200;
	p1[2].file = fx("search-1.json");
	memset(r_p2, 0, sizeof(r_p2));
	r_p2->status = 200;
	r_p2->file = fx("search-2.json");
	httpstub_route(f.s, "GET", SEARCH, "nextPageToken=", r_p2, 1);
	httpstub_route(f.s, "GET", SEARCH, NULL, p1, 3);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(f.res.pages, 2);
	assert_int_equal(httpstub_count(f.s, SEARCH), 4);
	check_headers(f.s);
	fixture_free(&f);
}

static void
test_401_mid_run(void **state)
{
	static struct httpstub_resp p2[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(p2, 0, sizeof(p2));
	p2[0].status = 401;
	p2[0].body = "Client must be authenticated to access this resource.";
	httpstub_route(f.s, "GET", SEARCH, "nextPageToken=", p2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "were refused"));
	assert_non_null(strstr(f.res.why, "assure secret set jira-token"));
	assert_non_null(strstr(f.res.why, SEARCH));
	assert_null(strstr(f.res.why, "?"));
	assert_int_equal(f.res.pages, 1);
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 1);
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_truncated(void **state)
{
	static struct httpstub_resp p2[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(p2, 0, sizeof(p2));
	p2[0].status = 200;
	p2[0].body = "{\"issues\": [{\"id\": \"10240\", \"key\": \"OPS-5";
	p2[0].content_length = 4000;
	httpstub_route(f.s, "GET", SEARCH, "nextPageToken=", p2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_non_null(strstr(f.res.why, SEARCH));
	assert_int_equal(f.res.pages, 1);
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_bad_answers(void **state)
{
	static struct httpstub_resp loop[1], bad[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	/* A token that never changes would page for ever. */
	memset(loop, 0, sizeof(loop));
	loop[0].status = 200;
	loop[0].body = "{\"issues\": [], \"nextPageToken\": \"same\", "
	    "\"isLast\": false}";
	httpstub_route(f.s, "GET", SEARCH, NULL, loop, 1);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "the same page token twice"));
	assert_int_equal(httpstub_count(f.s, SEARCH), 2);
	httpstub_stop(f.s);
	/* A field Jira does not know: its errorMessages in the note. */
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	memset(bad, 0, sizeof(bad));
	bad[0].status = 400;
	bad[0].body = "{\"errorMessages\":[\"Field 'priorty' does not exist."
	    "\"],\"errors\":{}}";
	httpstub_route(f.s, "GET", SEARCH, NULL, bad, 1);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "HTTP 400: Field 'priorty'"));
	assert_int_equal(f.res.pages, 0);
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_no_token_and_bad_targets(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	assert_int_equal(secret_remove(f.ws->dotdir, "jira-token", &f.d),
	    ASSURE_OK);
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(f.d.msg, "JIRA_API_TOKEN"));
	setenv("JIRA_API_TOKEN", TOKEN, 1);
	f.t.email = "no-at-sign";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.email = "a:b@acme.example";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.email = EMAIL;
	f.t.jql = "";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.jql = "project = OPS";
	f.t.base_url = "ftp://acme.atlassian.net";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	assert_int_equal(httpstub_nrequests(f.s), 0);
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	check_headers(f.s);
	unsetenv("JIRA_API_TOKEN");
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_401_mid_run),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_answers),
		cmocka_unit_test(test_no_token_and_bad_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
