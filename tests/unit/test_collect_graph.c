/*
 * test_collect_graph.c: the Microsoft Graph collector (collect/graph.c)
 * against the stub server replaying Graph's and the identity platform's
 * documented shapes (tests/data/collect/graph/): the client-credentials
 * request; pages via @odata.nextLink, and one to another host refused;
 * 429 and 503 retried; a 401 answered with a new token once, a second
 * ending the run incomplete; a cut body; no secret or token in any
 * message.
 */
#include "common/compat.h"

#include "collect/graph.h"
#include "collect/run.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "secret/secret.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define TENANT	"acme.onmicrosoft.com"
#define CLIENT	"11111111-2222-3333-4444-555555555555"
#define SECRET	"Zx8Q~graph-client-secret-value-0123"
#define TOKEN	"eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.graph-test-token.x"
#define TOKPATH	"/" TENANT "/oauth2/v2.0/token"
#define USERS	"/v1.0/users"
#define REG	"/v1.0/reports/authenticationMethods/userRegistrationDetails"

static struct assure_buf users1;	/* users-1.json, %BASE% in it */

#define fx(name)	tu_fixture("collect/graph", (name))
#define fx_free()	tu_fixtures_free()

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir;
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct graph_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

static struct httpstub_resp r_token[1], r_users1[1], r_users2[1], r_reg[1];

static void
script(struct httpstub *s)
{
	static const char *const json =
	    "Content-Type: application/json; odata.metadata=minimal\r\n";
	struct assure_diag d;

	if (users1.data == NULL) {
		assure_buf_init(&users1, 1 << 20);
		assert_int_equal(assure_file_read(fx("users-1.json"), &users1,
		    &d), ASSURE_OK);
	}
	memset(r_token, 0, sizeof(r_token));
	r_token[0].status = 200;
	r_token[0].headers = json;
	r_token[0].file = fx("token.json");
	memset(r_users1, 0, sizeof(r_users1));
	r_users1[0].status = 200;
	r_users1[0].headers = json;
	r_users1[0].body = assure_buf_str(&users1);
	memset(r_users2, 0, sizeof(r_users2));
	r_users2[0].status = 200;
	r_users2[0].headers = json;
	r_users2[0].file = fx("users-2.json");
	memset(r_reg, 0, sizeof(r_reg));
	r_reg[0].status = 200;
	r_reg[0].headers = json;
	r_reg[0].file = fx("registration.json");
	httpstub_route(s, "POST", TOKPATH, NULL, r_token, 1);
	httpstub_route(s, "GET", USERS, "skiptoken=", r_users2, 1);
	httpstub_route(s, "GET", USERS, NULL, r_users1, 1);
	httpstub_route(s, "GET", REG, NULL, r_reg, 1);
}

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	unsetenv("AZURE_CLIENT_SECRET");
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	assert_int_equal(secret_set(f->ws->dotdir, "graph-client-secret",
	    SECRET, strlen(SECRET), &f->d), ASSURE_OK);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = tu_no_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	f->t.base_url = httpstub_url(f->s);
	f->t.login_url = httpstub_url(f->s);
	f->t.tenant = TENANT;
	f->t.client_id = CLIENT;
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
	return collect_graph(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/* The token requests were client credentials; every GET had the token. */
static void
check_requests(struct httpstub *s)
{
	char h[256];
	size_t i, n = 0;

	for (i = 0; i < httpstub_nrequests(s); i++) {
		const struct httpstub_req *r = httpstub_request(s, i);

		if (strcmp(r->method, "POST") == 0) {
			assert_non_null(r->body);
			assert_non_null(strstr(r->body, "client_id=" CLIENT));
			assert_non_null(strstr(r->body,
			    "grant_type=client_credentials"));
			assert_non_null(strstr(r->body, "scope=https%3A%2F%2F"
			    "graph.microsoft.com%2F.default"));
			assert_non_null(strstr(r->body, "client_secret="));
			continue;
		}
		n++;
		assert_non_null(httpstub_header(r, "Authorization", h,
		    sizeof(h)));
		assert_string_equal(h, "Bearer " TOKEN);
	}
	assert_true(n > 0);
}

static void
check_no_secret(const struct fixture *f)
{
	static const char *const bad[] = { TOKEN, SECRET, "Zx8Q" };
	char line[1024];
	size_t i;

	assure_diag_format(&f->d, line, sizeof(line));
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assert_null(strstr(line, bad[i]));
		assert_null(strstr(f->res.why, bad[i]));
		assert_null(strstr(f->pr.notes, bad[i]));
	}
}

static void
last_run(struct fixture *f, struct run_info *ri)
{
	size_t n = 0;

	assert_int_equal(run_list(f->ws, "graph", ri, 1, &n, &f->d),
	    ASSURE_OK);
	assert_int_equal(n, 1);
}

static void
test_complete(void **state)
{
	struct fixture f;
	struct run_info ri;
	const struct httpstub_req *r;

	(void)state;
	fixture_init(&f);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(f.res.pages, 3);
	assert_int_equal(f.pr.pages, 3);
	assert_string_equal(f.pr.kinds, "entra-users\nentra-users\n"
	    "entra-registration-details\n");
	assert_int_equal(f.res.records, 4);
	assert_int_equal(httpstub_count(f.s, TOKPATH), 1);
	r = httpstub_request(f.s, 1);
	assert_string_equal(r->target, USERS "?$select=id,userPrincipalName,"
	    "displayName,accountEnabled,signInActivity,createdDateTime,"
	    "userType&$top=999");
	r = httpstub_request(f.s, 2);
	assert_non_null(strstr(r->target, "$skiptoken=RFNwdAIAAQAAAA"));
	check_requests(f.s);
	check_no_secret(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 3);
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp users2[2], reg[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(users2, 0, sizeof(users2));
	users2[0].status = 429;
	users2[0].headers = "Retry-After: 3\r\n";
	users2[0].body = "{\"error\":{\"code\":\"TooManyRequests\",\"message\":"
	    "\"Too many requests\"}}";
	users2[1].status = 200;
	users2[1].file = fx("users-2.json");
	memset(reg, 0, sizeof(reg));
	reg[0].status = 503;
	reg[0].body = "{\"error\":{\"code\":\"ServiceUnavailable\"}}";
	reg[1].status = 200;
	reg[1].file = fx("registration.json");
	httpstub_route(f.s, "GET", USERS, "skiptoken=", users2, 2);
	httpstub_route(f.s, "GET", REG, NULL, reg, 2);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(httpstub_count(f.s, USERS), 3);
	assert_int_equal(httpstub_count(f.s, REG), 2);
	assert_int_equal(f.res.pages, 3);
	fixture_free(&f);
}

static void
test_401_new_token(void **state)
{
	static struct httpstub_resp reg[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(reg, 0, sizeof(reg));
	reg[0].status = 401;
	reg[0].body = "{\"error\":{\"code\":\"InvalidAuthenticationToken\","
	    "\"message\":\"Lifetime validation failed, the token is "
	    "expired.\"}}";
	reg[1].status = 200;
	reg[1].file = fx("registration.json");
	httpstub_route(f.s, "GET", REG, NULL, reg, 2);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(httpstub_count(f.s, TOKPATH), 2);
	assert_int_equal(f.res.pages, 3);
	check_requests(f.s);
	fixture_free(&f);
}

static void
test_401_twice(void **state)
{
	static struct httpstub_resp reg[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(reg, 0, sizeof(reg));
	reg[0].status = 401;
	reg[0].body = "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}";
	httpstub_route(f.s, "GET", REG, NULL, reg, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "refused (HTTP 401) again"));
	assert_non_null(strstr(f.res.why, REG));
	assert_int_equal(httpstub_count(f.s, TOKPATH), 2);
	assert_int_equal(httpstub_count(f.s, REG), 2);
	/* Both users pages kept. */
	assert_int_equal(f.res.pages, 2);
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 2);
	check_no_secret(&f);
	fixture_free(&f);
}

static void
test_truncated(void **state)
{
	static struct httpstub_resp users2[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(users2, 0, sizeof(users2));
	users2[0].status = 200;
	users2[0].body = "{\"value\": [{\"id\": \"4c0f";
	users2[0].content_length = 4000;
	httpstub_route(f.s, "GET", USERS, "skiptoken=", users2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_int_equal(f.res.pages, 1);
	assert_int_equal(httpstub_count(f.s, REG), 0);
	check_no_secret(&f);
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
	users[0].body = "{\"@odata.context\": \"https://graph.microsoft.com/"
	    "v1.0/$metadata#users\", \"value\": [], \"@odata.nextLink\": "
	    "\"https://evil.example/v1.0/users?$skiptoken=x\"}";
	httpstub_route(f.s, "GET", USERS, NULL, users, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "another host"));
	assert_int_equal(f.res.pages, 1);
	fixture_free(&f);
}

static void
test_no_secret_and_bad_targets(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	assert_int_equal(secret_remove(f.ws->dotdir, "graph-client-secret",
	    &f.d), ASSURE_OK);
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(f.d.msg, "AZURE_CLIENT_SECRET"));
	setenv("AZURE_CLIENT_SECRET", SECRET, 1);
	f.t.tenant = "acme/../x";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.tenant = TENANT;
	f.t.client_id = "x&scope=y";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.client_id = CLIENT;
	assert_int_equal(httpstub_nrequests(f.s), 0);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_true(f.res.complete);
	check_requests(f.s);
	unsetenv("AZURE_CLIENT_SECRET");
	fixture_free(&f);
}

static int
teardown(void **state)
{
	(void)state;
	assure_buf_free(&users1);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_401_new_token),
		cmocka_unit_test(test_401_twice),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_foreign_link),
		cmocka_unit_test(test_no_secret_and_bad_targets),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
