/*
 * test_collect_okta.c: the Okta collector (collect/okta.c) against the
 * stub server replaying Okta's documented response shapes
 * (tests/data/collect/okta/): the users by Link and the DEPROVISIONED
 * users asked apart, the factors of each ACTIVE user (and their cap), the
 * admins, the System Log from the previous complete run and the 90-day
 * warning; retries; a 401 and a cut body ending the run incomplete with
 * its earlier pages kept; the token on every request and in no message.
 */
#include "common/compat.h"

#include "collect/okta.h"
#include "collect/run.h"
#include "secret/secret.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define TOKEN	"00aTestOktaToken0123456789"
#define U1	"00u1ab2cd3EF4gh5ij6k7"
#define U2	"00u2bc3de4FG5hi6jk7l8"
#define U3	"00u3cd4ef5GH6ij7kl8m9"

#define fx(name)	tu_fixture("collect/okta", (name))
#define fx_free()	tu_fixtures_free()

static struct httpstub_resp r_users1[1], r_users2[1], r_deprov[1],
    r_fac1[1], r_fac2[1], r_admins[1], r_logs1[1], r_logs2[1];

static void
script(struct httpstub *s)
{
	static const char *const json =
	    "Content-Type: application/json\r\n"
	    "X-Rate-Limit-Limit: 600\r\nX-Rate-Limit-Remaining: 598\r\n"
	    "X-Rate-Limit-Reset: 1\r\n";
	static const char *const link =
	    "Content-Type: application/json\r\n"
	    "Link: <%BASE%/api/v1/users?limit=200>; rel=\"self\"\r\n"
	    "Link: <%BASE%/api/v1/users?after=" U2 "&limit=200>; "
	    "rel=\"next\"\r\n";
	static const char *const loglink =
	    "Content-Type: application/json\r\n"
	    "Link: <%BASE%/api/v1/logs?limit=1000&after=1764145802104_1>; "
	    "rel=\"next\"\r\n";
	struct {
		struct httpstub_resp	*r;
		const char		*file;
	} t[] = {
		{ r_users1, "users-1.json" },
		{ r_users2, "users-2.json" },
		{ r_deprov, "users-deprovisioned.json" },
		{ r_fac1, "factors-00u1.json" },
		{ r_fac2, "factors-00u2.json" },
		{ r_admins, "admins.json" },
		{ r_logs1, "logs.json" },
		{ r_logs2, NULL },
	};
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(t); i++) {
		memset(t[i].r, 0, sizeof(*t[i].r));
		t[i].r->status = 200;
		t[i].r->file = t[i].file != NULL ? fx(t[i].file) : NULL;
		t[i].r->headers = json;
	}
	r_users1->headers = link;
	r_logs1->headers = loglink;
	r_logs2->body = "[]";	/* the log read up to now */
	httpstub_route(s, "GET", "/api/v1/users",
	    "filter=status%20eq%20%22DEPROVISIONED%22", r_deprov, 1);
	httpstub_route(s, "GET", "/api/v1/users", "after=" U2, r_users2, 1);
	httpstub_route(s, "GET", "/api/v1/users", NULL, r_users1, 1);
	httpstub_route(s, "GET", "/api/v1/users/" U1 "/factors", NULL,
	    r_fac1, 1);
	httpstub_route(s, "GET", "/api/v1/users/" U2 "/factors", NULL,
	    r_fac2, 1);
	httpstub_route(s, "GET", "/api/v1/iam/assignees/users", NULL,
	    r_admins, 1);
	httpstub_route(s, "GET", "/api/v1/logs", "after=", r_logs2, 1);
	httpstub_route(s, "GET", "/api/v1/logs", NULL, r_logs1, 1);
}

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir;
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct okta_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	unsetenv("OKTA_API_TOKEN");
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	assert_int_equal(secret_set(f->ws->dotdir, "okta-token", TOKEN,
	    strlen(TOKEN), &f->d), ASSURE_OK);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = tu_no_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	f->t.domain = "acme.okta.com";
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
	return collect_okta(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/* Every request carried the token and Okta's Accept. */
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
		assert_string_equal(h, "SSWS " TOKEN);
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
	assert_null(strstr(f->pr.urls, TOKEN));
}

static void
last_run(struct fixture *f, struct run_info *ri)
{
	size_t n = 0;

	assert_int_equal(run_list(f->ws, "okta", ri, 1, &n, &f->d),
	    ASSURE_OK);
	assert_int_equal(n, 1);
}

/* The target of the first request to path. */
static const char *
target_of(struct httpstub *s, const char *path)
{
	size_t i, n = strlen(path);

	for (i = 0; i < httpstub_nrequests(s); i++) {
		const char *t = httpstub_request(s, i)->target;

		if (strncmp(t, path, n) == 0 && (t[n] == '?' || t[n] == '\0'))
			return t;
	}
	return NULL;
}

static void
test_complete(void **state)
{
	struct fixture f;
	struct run_info ri;
	size_t i;
	bool deprov = false;

	(void)state;
	fixture_init(&f);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	/* users x2, deprovisioned, factors x2, admins, log x2. */
	assert_int_equal(f.res.pages, 8);
	assert_int_equal(f.pr.pages, 8);
	/* 4 users, 2 factor facets, 1 admin, 2 events. */
	assert_int_equal(f.res.records, 9);
	assert_int_equal(httpstub_count(f.s, "/api/v1/users"), 3);
	for (i = 0; i < httpstub_nrequests(f.s); i++)
		if (strstr(httpstub_request(f.s, i)->target,
		    "filter=status%20eq%20%22DEPROVISIONED%22") != NULL)
			deprov = true;
	assert_true(deprov);
	assert_non_null(strstr(target_of(f.s, "/api/v1/users"), "limit=200"));
	/* Factors of the ACTIVE users only: not the SUSPENDED one. */
	assert_int_equal(httpstub_count(f.s, "/api/v1/users/" U1 "/factors"),
	    1);
	assert_int_equal(httpstub_count(f.s, "/api/v1/users/" U2 "/factors"),
	    1);
	assert_int_equal(httpstub_count(f.s, "/api/v1/users/" U3 "/factors"),
	    0);
	assert_int_equal(httpstub_count(f.s, "/api/v1/iam/assignees/users"),
	    1);
	/* The log until an empty page. */
	assert_int_equal(httpstub_count(f.s, "/api/v1/logs"), 2);
	assert_non_null(strstr(f.pr.urls, "okta-system-log"));
	assert_non_null(strstr(f.pr.urls, "okta-factors"));
	assert_non_null(strstr(f.pr.urls, "okta-admins"));
	assert_null(strstr(f.pr.urls, "?"));
	check_headers(f.s);
	check_no_token(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 8);
	assert_string_equal(ri.target, "acme.okta.com");
	fixture_free(&f);
}

static void
test_factors_cap(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	script(f.s);
	f.t.factors_max = 1;
	assert_int_equal(run(&f), ASSURE_OK);
	/* Complete: the others' MFA is unknown, said, not a pass. */
	assert_true(f.res.complete);
	assert_int_equal(httpstub_count(f.s, "/api/v1/users/" U1 "/factors"),
	    1);
	assert_int_equal(httpstub_count(f.s, "/api/v1/users/" U2 "/factors"),
	    0);
	assert_non_null(strstr(f.pr.notes, "1 active users beyond the cap"));
	assert_non_null(strstr(f.pr.notes, "unknown"));
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp users[2], admins[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(users, 0, sizeof(users));
	users[0].status = 500;
	users[0].body = "{\"errorCode\":\"E0000009\",\"errorSummary\":"
	    "\"Internal Server Error\"}";
	users[1].status = 200;
	users[1].file = fx("users-1.json");
	memset(admins, 0, sizeof(admins));
	admins[0].status = 429;
	admins[0].headers = "Retry-After: 2\r\nX-Rate-Limit-Remaining: 0\r\n";
	admins[1].status = 200;
	admins[1].file = fx("admins.json");
	httpstub_route(f.s, "GET", "/api/v1/users", "limit=200", users, 2);
	httpstub_route(f.s, "GET", "/api/v1/iam/assignees/users", NULL,
	    admins, 2);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(httpstub_count(f.s, "/api/v1/iam/assignees/users"),
	    2);
	check_headers(f.s);
	fixture_free(&f);
}

static void
test_401_mid_run(void **state)
{
	static struct httpstub_resp fac[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(fac, 0, sizeof(fac));
	fac[0].status = 401;
	fac[0].body = "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid "
	    "token provided\",\"errorLink\":\"E0000011\",\"errorId\":"
	    "\"oaeXyZ\",\"errorCauses\":[]}";
	httpstub_route(f.s, "GET", "/api/v1/users/" U2 "/factors", NULL, fac,
	    1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "the token was refused"));
	assert_non_null(strstr(f.res.why, "assure secret set okta-token"));
	assert_non_null(strstr(f.res.why, "/api/v1/users/" U2 "/factors"));
	/* users x2, deprovisioned, factors of U1 kept; nothing after. */
	assert_int_equal(f.res.pages, 4);
	assert_int_equal(httpstub_count(f.s, "/api/v1/iam/assignees/users"),
	    0);
	assert_int_equal(httpstub_count(f.s, "/api/v1/logs"), 0);
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 4);
	assert_null(strstr(ri.note, TOKEN));
	check_no_token(&f);
	fixture_free(&f);
}

static void
test_truncated(void **state)
{
	static struct httpstub_resp admins[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(admins, 0, sizeof(admins));
	admins[0].status = 200;
	admins[0].body = "{\"value\": [{\"id\": \"00u1ab";
	admins[0].content_length = 4000;
	httpstub_route(f.s, "GET", "/api/v1/iam/assignees/users", NULL,
	    admins, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_non_null(strstr(f.res.why, "/api/v1/iam/assignees/users"));
	assert_int_equal(f.res.pages, 5);
	assert_int_equal(httpstub_count(f.s, "/api/v1/logs"), 0);
	last_run(&f, &ri);
	assert_false(ri.complete);
	check_no_token(&f);
	fixture_free(&f);
}

static void
expect_since(struct httpstub *s, int64_t since)
{
	char ts[ASSURE_TIME_STRLEN], want[64];
	const char *t = target_of(s, "/api/v1/logs");

	assure_time_format(since, ts);
	snprintf(want, sizeof(want), "since=%s&limit=1000", ts);
	assert_non_null(t);
	if (strstr(t, want) == NULL)
		fail_msg("%s: expected %s", t, want);
}

/*
 * since=: 90 days back the first time (with the warning, the default
 * observation period having begun a year ago), then the end of the last
 * complete run; a run older than 80 days warns again.  An incomplete
 * run, or a run of another org, does not move it.
 */
static void
test_since(void **state)
{
	static struct httpstub_resp fac[1];
	struct fixture f;
	struct run_info ri;
	int64_t now, old;

	(void)state;
	fixture_init(&f);
	script(f.s);
	now = assure_now();
	assure_diag_clear(&f.d);
	memset(&f.pr, 0, sizeof(f.pr));
	assert_int_equal(collect_okta(f.ws, &f.t, &f.ho, &f.cp, now, &f.res,
	    &f.d), ASSURE_OK);
	assert_true(f.res.complete);
	expect_since(f.s, now - 90 * 86400);
	assert_non_null(strstr(f.pr.notes, "are about to fall out of Okta's "
	    "90-day System Log"));
	assert_non_null(strstr(f.pr.notes, "no complete run yet"));
	last_run(&f, &ri);

	/* Since the end of that run, and no warning. */
	httpstub_stop(f.s);
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	expect_since(f.s, ri.ended_at);
	assert_null(strstr(f.pr.notes, "fall out"));
	last_run(&f, &ri);

	/* An incomplete run after it does not move since. */
	httpstub_stop(f.s);
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	memset(fac, 0, sizeof(fac));
	fac[0].status = 401;
	fac[0].body = "{}";
	httpstub_route(f.s, "GET", "/api/v1/users/" U1 "/factors", NULL, fac,
	    1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	/* Nor does a complete run of another org. */
	httpstub_stop(f.s);
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	f.t.domain = "other.okta.com";
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	f.t.domain = "acme.okta.com";
	httpstub_stop(f.s);
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	expect_since(f.s, ri.ended_at);
	fixture_free(&f);

	/* A last complete run 85 days ago: the warning names its end. */
	fixture_init(&f);
	script(f.s);
	now = assure_now();
	old = now - 85 * 86400;
	{
		char ts[ASSURE_TIME_STRLEN];

		assure_time_format(old, ts);
		setenv("ASSURE_NOW", ts, 1);
		assert_int_equal(run(&f), ASSURE_OK);
		unsetenv("ASSURE_NOW");
	}
	assert_true(f.res.complete);
	last_run(&f, &ri);
	httpstub_stop(f.s);
	f.s = httpstub_start();
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	expect_since(f.s, ri.ended_at);
	assert_non_null(strstr(f.pr.notes, "the last complete run ended"));
	assert_non_null(strstr(f.pr.notes, "about to fall out"));
	fixture_free(&f);
}

static void
test_no_token_and_bad_targets(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	assert_int_equal(secret_remove(f.ws->dotdir, "okta-token", &f.d),
	    ASSURE_OK);
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(f.d.msg, "OKTA_API_TOKEN"));
	assert_int_equal(httpstub_nrequests(f.s), 0);
	setenv("OKTA_API_TOKEN", TOKEN, 1);
	f.t.domain = "acme.okta.com/evil";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.domain = "acme.okta.com";
	f.t.base_url = "file:///etc";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.domain = NULL;
	f.t.base_url = NULL;
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	assert_int_equal(httpstub_nrequests(f.s), 0);
	/* From the environment, the same requests. */
	f.t.domain = "acme.okta.com";
	f.t.base_url = httpstub_url(f.s);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	check_headers(f.s);
	unsetenv("OKTA_API_TOKEN");
	fixture_free(&f);
}

static void
test_foreign_link(void **state)
{
	static struct httpstub_resp users[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(users, 0, sizeof(users));
	users[0].status = 200;
	users[0].body = "[]";
	users[0].headers = "Link: <https://evil.example/api/v1/users?after=1>;"
	    " rel=\"next\"\r\n";
	httpstub_route(f.s, "GET", "/api/v1/users", "limit=200", users, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "another host"));
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_factors_cap),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_401_mid_run),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_no_token_and_bad_targets),
		cmocka_unit_test(test_foreign_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
