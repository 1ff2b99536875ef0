/*
 * test_collect_pagerduty.c: the PagerDuty collector (collect/pagerduty.c)
 * against the stub server replaying PagerDuty's documented response
 * shapes (tests/data/collect/pagerduty/): the incidents by offset while
 * "more", every incident's log entries and their cap, the 10,000-record
 * offset cap ending the run incomplete; retries; a 401 and a cut body
 * ending the run incomplete with its earlier pages kept; the token on
 * every request and in no message.
 */
#include "common/compat.h"

#include "collect/pagerduty.h"
#include "collect/run.h"
#include "secret/secret.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define TOKEN	"u+PagerDutyTestToken0123"
#define I1	"Q1AAAAAAAAAAA1"
#define I2	"Q1AAAAAAAAAAA2"
#define I3	"Q1AAAAAAAAAAA3"

#define fx(name)	tu_fixture("collect/pagerduty", (name))
#define fx_free()	tu_fixtures_free()

static struct httpstub_resp r_inc1[1], r_inc2[1], r_log1[1], r_log2[1],
    r_log3[1];

static void
script(struct httpstub *s)
{
	struct {
		struct httpstub_resp	*r;
		const char		*file;
	} t[] = {
		{ r_inc1, "incidents-1.json" },
		{ r_inc2, "incidents-2.json" },
		{ r_log1, "log-" I1 ".json" },
		{ r_log2, "log-" I2 ".json" },
		{ r_log3, "log-" I3 ".json" },
	};
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(t); i++) {
		memset(t[i].r, 0, sizeof(*t[i].r));
		t[i].r->status = 200;
		t[i].r->file = fx(t[i].file);
		t[i].r->headers = "Content-Type: application/json; "
		    "charset=utf-8\r\n";
	}
	httpstub_route(s, "GET", "/incidents", "offset=100", r_inc2, 1);
	httpstub_route(s, "GET", "/incidents", "offset=0", r_inc1, 1);
	httpstub_route(s, "GET", "/incidents/" I1 "/log_entries", NULL,
	    r_log1, 1);
	httpstub_route(s, "GET", "/incidents/" I2 "/log_entries", NULL,
	    r_log2, 1);
	httpstub_route(s, "GET", "/incidents/" I3 "/log_entries", NULL,
	    r_log3, 1);
}

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir;
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct pagerduty_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	unsetenv("PAGERDUTY_TOKEN");
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	assert_int_equal(secret_set(f->ws->dotdir, "pagerduty-token", TOKEN,
	    strlen(TOKEN), &f->d), ASSURE_OK);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = tu_no_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	f->t.base_url = httpstub_url(f->s);
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
	return collect_pagerduty(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/* Every request carried the token and the API version's Accept. */
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
		assert_string_equal(h, "Token token=" TOKEN);
		assert_non_null(httpstub_header(r, "Accept", h, sizeof(h)));
		assert_string_equal(h, "application/vnd.pagerduty+json;"
		    "version=2");
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

	assert_int_equal(run_list(f->ws, "pagerduty", ri, 1, &n, &f->d),
	    ASSURE_OK);
	assert_int_equal(n, 1);
}

static void
test_complete(void **state)
{
	struct fixture f;
	struct run_info ri;
	const char *t;

	(void)state;
	fixture_init(&f);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	/* incidents x2, log entries x3. */
	assert_int_equal(f.res.pages, 5);
	assert_int_equal(f.pr.pages, 5);
	assert_true(f.res.records >= 3 + 6);
	assert_int_equal(httpstub_count(f.s, "/incidents"), 2);
	t = httpstub_request(f.s, 0)->target;
	assert_non_null(strstr(t, "date_range=all"));
	assert_non_null(strstr(t, "limit=100&offset=0"));
	assert_non_null(strstr(httpstub_request(f.s, 1)->target,
	    "limit=100&offset=100"));
	assert_int_equal(httpstub_count(f.s, "/incidents/" I1
	    "/log_entries"), 1);
	assert_int_equal(httpstub_count(f.s, "/incidents/" I3
	    "/log_entries"), 1);
	assert_non_null(strstr(f.pr.urls, "pagerduty-log-entries"));
	assert_null(strstr(f.pr.urls, "?"));
	check_headers(f.s);
	check_no_token(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 5);
	fixture_free(&f);
}

static void
test_logs_cap(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	script(f.s);
	f.t.log_incidents_max = 1;
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	/* The newest incident's, not the older ones'. */
	assert_int_equal(httpstub_count(f.s, "/incidents/" I1
	    "/log_entries"), 0);
	assert_int_equal(httpstub_count(f.s, "/incidents/" I3
	    "/log_entries"), 1);
	assert_non_null(strstr(f.pr.notes, "2 older incidents beyond the "
	    "cap"));
	fixture_free(&f);
}

/* A list that goes on past offset 10,000: incomplete, said. */
static void
test_offset_cap(void **state)
{
	static struct httpstub_resp more[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(more, 0, sizeof(more));
	more[0].status = 200;
	more[0].file = fx("incidents-1.json");	/* "more": true */
	httpstub_route(f.s, "GET", "/incidents", NULL, more, 1);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_int_equal(httpstub_count(f.s, "/incidents"), 100);
	assert_int_equal(f.res.pages, 100);
	assert_non_null(strstr(f.res.why, "10000 records"));
	assert_non_null(strstr(f.pr.notes, "pagination cap"));
	/* No log entries for a list known to be partial. */
	assert_int_equal(httpstub_count(f.s, "/incidents/" I1
	    "/log_entries"), 0);
	last_run(&f, &ri);
	assert_false(ri.complete);
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp inc[3];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(inc, 0, sizeof(inc));
	inc[0].status = 429;
	inc[0].headers = "Retry-After: 1\r\n";
	inc[1].status = 502;
	inc[1].body = "{\"error\":{\"message\":\"Bad Gateway\",\"code\":"
	    "2000}}";
	inc[2].status = 200;
	inc[2].file = fx("incidents-1.json");
	httpstub_route(f.s, "GET", "/incidents", "offset=0", inc, 3);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(f.res.pages, 5);
	assert_int_equal(httpstub_count(f.s, "/incidents"), 4);
	check_headers(f.s);
	fixture_free(&f);
}

static void
test_401_mid_run(void **state)
{
	static struct httpstub_resp log2[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(log2, 0, sizeof(log2));
	log2[0].status = 401;
	log2[0].body = "{\"error\":{\"message\":\"Unauthorized\",\"code\":"
	    "2006}}";
	httpstub_route(f.s, "GET", "/incidents/" I2 "/log_entries", NULL,
	    log2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "the token was refused"));
	assert_non_null(strstr(f.res.why, "assure secret set "
	    "pagerduty-token"));
	assert_non_null(strstr(f.res.why, "/incidents/" I2 "/log_entries"));
	/* incidents x2 and the first incident's log entries kept. */
	assert_int_equal(f.res.pages, 3);
	assert_int_equal(httpstub_count(f.s, "/incidents/" I3
	    "/log_entries"), 0);
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 3);
	assert_null(strstr(ri.note, TOKEN));
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_truncated(void **state)
{
	static struct httpstub_resp inc2[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(inc2, 0, sizeof(inc2));
	inc2[0].status = 200;
	inc2[0].body = "{\"incidents\": [{\"id\": \"Q1AAAA";
	inc2[0].content_length = 4000;
	httpstub_route(f.s, "GET", "/incidents", "offset=100", inc2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_non_null(strstr(f.res.why, "/incidents"));
	assert_int_equal(f.res.pages, 1);
	assert_int_equal(httpstub_count(f.s, "/incidents/" I1
	    "/log_entries"), 0);
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_no_token_and_bad_targets(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	assert_int_equal(secret_remove(f.ws->dotdir, "pagerduty-token",
	    &f.d), ASSURE_OK);
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(f.d.msg, "PAGERDUTY_TOKEN"));
	setenv("PAGERDUTY_TOKEN", TOKEN, 1);
	f.t.base_url = "gopher://api.pagerduty.com";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	assert_int_equal(httpstub_nrequests(f.s), 0);
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	check_headers(f.s);
	unsetenv("PAGERDUTY_TOKEN");
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_logs_cap),
		cmocka_unit_test(test_offset_cap),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_401_mid_run),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_no_token_and_bad_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
