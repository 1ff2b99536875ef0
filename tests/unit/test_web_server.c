/*
 * test_web_server.c: assure serve's core, started for real on a loopback
 * port and driven with libcurl, with an in-memory auth hook: public and
 * protected routes, roles, the auditor's read-only rule, CSRF, body and
 * header limits, the security headers, sign-in and sign-out, the status
 * API and evidence uploads (a malformed one stores nothing).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "export/verify.h"
#include "ledger/note.h"
#include "rules/rules.h"
#include "ledger/ledger.h"
#include "policy/approval.h"
#include "ingest/ingest.h"
#include "review/review.h"
#include "store/store.h"
#include "auth/users.h"
#include "web/server.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

/* ------------------------------------------------- the test-double auth */

struct fake_user {
	const char	*name;
	const char	*password;
	enum web_role	 role;
	const char	*session;	/* its cookie once signed in */
	const char	*token;
	bool		 signed_in;
	/* An auditor's period (web_identity's). */
	bool		 has_period;
	int64_t		 period_start, period_end;
};

static struct fake_user users[] = {
	{ "ada", "pw-ada", WEB_ROLE_ADMIN, "s-ada", "t-ada", false, false, 0, 0 },
	{ "olu", "pw-olu", WEB_ROLE_OWNER, "s-olu", "t-olu", false, false, 0, 0 },
	{ "aud", "pw-aud", WEB_ROLE_AUDITOR, "s-aud", "t-aud", false, false, 0, 0 },
	{ "vic", "pw-vic", WEB_ROLE_VIEWER, "s-vic", "t-vic", false, false, 0, 0 },
};

static void
fill(const struct fake_user *u, struct web_identity *ret, bool token)
{
	memset(ret, 0, sizeof(*ret));
	assure_strlcpy(ret->user, u->name, sizeof(ret->user));
	ret->role = u->role;
	ret->has_period = u->has_period;
	ret->period_start = u->period_start;
	ret->period_end = u->period_end;
	if (!token)
		snprintf(ret->csrf, sizeof(ret->csrf), "csrf-%s", u->name);
}

static enum web_auth_result
fake_session(void *arg, const char *cookie, int64_t now,
    struct web_identity *ret)
{
	size_t i;

	(void)arg;
	(void)now;
	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		if (users[i].signed_in && strcmp(cookie, users[i].session) ==
		    0) {
			fill(&users[i], ret, false);
			return WEB_AUTH_OK;
		}
	return WEB_AUTH_DENIED;
}

static enum web_auth_result
fake_token(void *arg, const char *bearer, int64_t now,
    struct web_identity *ret)
{
	size_t i;

	(void)arg;
	(void)now;
	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		if (strcmp(bearer, users[i].token) == 0) {
			fill(&users[i], ret, true);
			return WEB_AUTH_OK;
		}
	return WEB_AUTH_DENIED;
}

static enum web_auth_result
fake_login(void *arg, const char *name, const char *password,
    const char *totp, const char *client, int64_t now, char *ret_session,
    size_t size)
{
	size_t i;

	(void)arg;
	(void)totp;
	(void)now;
	assert_string_equal(client, "127.0.0.1");
	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		if (strcmp(name, users[i].name) == 0 &&
		    strcmp(password, users[i].password) == 0) {
			users[i].signed_in = true;
			assure_strlcpy(ret_session, users[i].session, size);
			return WEB_AUTH_OK;
		}
	return WEB_AUTH_DENIED;
}

static void
fake_logout(void *arg, const char *cookie)
{
	size_t i;

	(void)arg;
	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		if (strcmp(cookie, users[i].session) == 0)
			users[i].signed_in = false;
}

static const struct web_auth_ops fake_auth = {
	fake_session, fake_token, fake_login, fake_logout, NULL,
};

/* ------------------------------------------------------- HTTP with curl */

struct reply {
	long			status;
	CURLcode		rc;
	struct assure_buf	headers;
	struct assure_buf	body;
};

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	assure_buf_add(arg, p, size * n);
	return size * n;
}

/*
 * method path with headers (NULL-terminated, may be NULL) and body (NULL:
 * none; len bytes).
 */
static void
http(unsigned port, const char *method, const char *path,
    const char *const *headers, const char *body, size_t len,
    struct reply *r)
{
	struct curl_slist *hl = NULL;
	CURL *c;
	char url[512];
	size_t i;

	memset(r, 0, sizeof(*r));
	assure_buf_init(&r->headers, 1 << 20);
	assure_buf_init(&r->body, 1 << 24);
	c = curl_easy_init();
	assert_non_null(c);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	for (i = 0; headers != NULL && headers[i] != NULL; i++)
		hl = curl_slist_append(hl, headers[i]);
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	r->rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
}

static void
reply_free(struct reply *r)
{
	assure_buf_free(&r->headers);
	assure_buf_free(&r->body);
}

static bool
has_header(const struct reply *r, const char *line)
{
	return strcasestr(assure_buf_str(&r->headers), line) != NULL;
}

static void
assert_security_headers(const struct reply *r)
{
	assert_true(has_header(r, "Content-Security-Policy: default-src "
	    "'none'; style-src 'self'; img-src 'self' data:; form-action "
	    "'self'; frame-ancestors 'none'; base-uri 'none'\r\n"));
	assert_true(has_header(r, "X-Content-Type-Options: nosniff\r\n"));
	assert_true(has_header(r, "Referrer-Policy: no-referrer\r\n"));
	assert_true(has_header(r, "X-Frame-Options: DENY\r\n"));
}

/* ------------------------------------------------------------ fixtures */

struct fx {
	struct workspace	*ws;
	struct design		 des;
	char			*dir;
	struct web_server	*srv;
	unsigned		 port;
};

static void
fx_start(struct fx *f, const struct web_route *routes)
{
	struct web_options o;
	struct assure_diag d;

	memset(&o, 0, sizeof(o));
	o.ws = f->ws;
	o.des = &f->des;
	o.auth = &fake_auth;
	o.listen = "127.0.0.1:0";
	o.routes = routes;
	assure_diag_clear(&d);
	assert_int_equal(web_server_start(&o, &f->srv, &d), ASSURE_OK);
	f->port = web_server_port(f->srv);
	assert_true(f->port > 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	size_t i;

	assert_non_null(f);
	f->ws = tu_workspace_new("Acme <Payroll>", &f->dir);
	{
		struct assure_diag d;

		assert_int_equal(design_load(f->ws, &f->des, &d), ASSURE_OK);
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++) {
		users[i].signed_in = false;
		users[i].has_period = false;
	}
	fx_start(f, NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	web_server_stop(f->srv);
	design_release(&f->des);
	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

static void
restart(struct fx *f, const struct web_route *routes)
{
	web_server_stop(f->srv);
	fx_start(f, routes);
}

static int64_t
evidence_rows(struct fx *f)
{
	struct workspace *ws;
	struct assure_diag d;
	int64_t n = -1;

	assert_int_equal(workspace_open(f->dir, WORKSPACE_READONLY, &ws, &d),
	    ASSURE_OK);
	assert_int_equal(store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL,
	    0, &n, NULL, &d), ASSURE_OK);
	workspace_close(ws);
	return n;
}

/* --------------------------------------------------------------- tests */

static void
test_roles(void **state)
{
	(void)state;
	assert_true(web_role_allows(WEB_ROLE_ADMIN, WEB_ROLE_MANAGER, true));
	assert_true(web_role_allows(WEB_ROLE_OWNER, WEB_ROLE_OWNER, true));
	assert_false(web_role_allows(WEB_ROLE_OWNER, WEB_ROLE_MANAGER, false));
	assert_true(web_role_allows(WEB_ROLE_AUDITOR, WEB_ROLE_VIEWER, false));
	assert_false(web_role_allows(WEB_ROLE_AUDITOR, WEB_ROLE_VIEWER, true));
	assert_false(web_role_allows(WEB_ROLE_NONE, WEB_ROLE_VIEWER, false));
	assert_true(web_role_allows(WEB_ROLE_NONE, WEB_ROLE_NONE, true));
	assert_int_equal(web_role_parse("manager"), WEB_ROLE_MANAGER);
	assert_int_equal(web_role_parse("root"), WEB_ROLE_NONE);
	assert_true(web_is_loopback("127.0.0.2"));
	assert_true(web_is_loopback("::1"));
	assert_false(web_is_loopback("0.0.0.0"));
	assert_false(web_is_loopback("10.1.2.3"));
}

static void
test_public(void **state)
{
	struct fx *f = *state;
	struct reply r;

	http(f->port, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(assure_buf_str(&r.body), "ok\n");
	assert_security_headers(&r);
	reply_free(&r);
	http(f->port, "GET", "/static/assure.css", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type: text/css"));
	assert_non_null(strstr(assure_buf_str(&r.body), "body {"));
	reply_free(&r);
	http(f->port, "GET", "/login", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	/* The organisation is escaped; no script, no inline style. */
	assert_non_null(strstr(assure_buf_str(&r.body), "Acme &lt;Payroll&gt;"));
	assert_null(strstr(assure_buf_str(&r.body), "<script"));
	assert_null(strstr(assure_buf_str(&r.body), "<style"));
	assert_non_null(strstr(assure_buf_str(&r.body), "name=\"totp\""));
	reply_free(&r);
	http(f->port, "GET", "/no/such/page", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	assert_security_headers(&r);
	reply_free(&r);
	http(f->port, "GET", "/tests/../etc", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	http(f->port, "GET", "/logout", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 405);
	assert_true(has_header(&r, "Allow: POST"));
	assert_security_headers(&r);
	reply_free(&r);
	http(f->port, "DELETE", "/", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 405);
	reply_free(&r);
}

/* Every protected route, unauthenticated and with a bad token. */
static void
test_auth_required_everywhere(void **state)
{
	static const char *const bad[] = { "Authorization: Bearer nope",
	    NULL };
	static const char *const badcookie[] = {
	    "Cookie: assure_session=s-forged", NULL };
	struct fx *f = *state;
	const struct web_route *rt;
	struct reply r;
	char path[256];
	const char *star;
	bool api;
	int n = 0;

	for (rt = web_routes; rt->path != NULL; rt++) {
		if (rt->min_role == WEB_ROLE_NONE)
			continue;
		star = strchr(rt->path, '*');
		if (star != NULL)
			snprintf(path, sizeof(path), "%.*sCC6.1-x%s",
			    (int)(star - rt->path), rt->path, star + 1);
		else
			snprintf(path, sizeof(path), "%s%s", rt->path,
			    rt->match == WEB_MATCH_ID ? "CC6.1-x" : "");
		api = strncmp(path, "/api/", 5) == 0;
		http(f->port, (rt->methods & WEB_GET) ? "GET" : "POST", path,
		    NULL, (rt->methods & WEB_GET) ? NULL : "x", 1, &r);
		assert_int_equal(r.status, api ? 401 : 303);
		if (!api)
			assert_true(has_header(&r, "Location: /login\r\n"));
		else
			assert_non_null(strstr(assure_buf_str(&r.body),
			    "\"error\""));
		assert_security_headers(&r);
		reply_free(&r);
		http(f->port, (rt->methods & WEB_GET) ? "GET" : "POST", path,
		    bad, NULL, 0, &r);
		assert_int_equal(r.status, 401);
		reply_free(&r);
		http(f->port, (rt->methods & WEB_GET) ? "GET" : "POST", path,
		    badcookie, NULL, 0, &r);
		assert_int_equal(r.status, api ? 401 : 303);
		reply_free(&r);
		n++;
	}
	assert_true(n >= 9);
}

static void
test_login_pages_logout(void **state)
{
	static const char *const form[] = {
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	static const char *const sess[] = {
	    "Cookie: assure_session=s-vic",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	static const char *const sess_hdr[] = {
	    "Cookie: assure_session=s-vic", "X-CSRF-Token: csrf-vic", NULL };
	static const char *const sess_badhdr[] = {
	    "Cookie: assure_session=s-vic", "X-CSRF-Token: csrf-ada", NULL };
	static const char *const paths[] = { "/", "/controls",
	    "/controls/AC-02", "/tests/iam.aws_root", "/evidence",
	    "/policies", "/vendors", "/risks", "/incidents", "/ledger" };
	static const char *const marks[] = { "Passing tests over the period", "AC-02",
	    "Multi-factor authentication", "iam.aws_root", "Evidence",
	    "POL-ISP", "Vendors", "Risks", "Incidents", "Ledger" };
	struct fx *f = *state;
	struct reply r;
	const char *b;
	size_t i;

	b = "name=vic&password=wrong&totp=";
	http(f->port, "POST", "/login", form, b, strlen(b), &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(assure_buf_str(&r.body), "Sign-in failed"));
	assert_false(has_header(&r, "Set-Cookie"));
	reply_free(&r);
	b = "name=vic&password=pw-vic&totp=123456";
	http(f->port, "POST", "/login", form, b, strlen(b), &r);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Location: /\r\n"));
	assert_true(has_header(&r, "Set-Cookie: assure_session=s-vic; "
	    "HttpOnly; SameSite=Strict; Path=/\r\n"));
	reply_free(&r);
	for (i = 0; i < ASSURE_ARRAY_LEN(paths); i++) {
		http(f->port, "GET", paths[i], sess, NULL, 0, &r);
		assert_int_equal(r.status, 200);
		assert_security_headers(&r);
		assert_true(has_header(&r, "Cache-Control: no-store\r\n"));
		if (strstr(assure_buf_str(&r.body), marks[i]) == NULL)
			fail_msg("%s lacks '%s'", paths[i], marks[i]);
		assert_non_null(strstr(assure_buf_str(&r.body),
		    "href=\"/static/assure.css\""));
		/* The sign-out form carries the CSRF token. */
		assert_non_null(strstr(assure_buf_str(&r.body),
		    "name=\"csrf\" value=\"csrf-vic\""));
		assert_null(strstr(assure_buf_str(&r.body), "<script"));
		reply_free(&r);
	}
	/* Sign-out needs the CSRF token: none, a wrong one, then right. */
	http(f->port, "POST", "/logout", sess, "", 0, &r);
	assert_int_equal(r.status, 403);
	assert_security_headers(&r);
	reply_free(&r);
	b = "csrf=csrf-olu";
	http(f->port, "POST", "/logout", sess, b, strlen(b), &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http(f->port, "POST", "/logout", sess_badhdr, "", 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_true(users[3].signed_in);
	b = "csrf=csrf-vic";
	http(f->port, "POST", "/logout", sess, b, strlen(b), &r);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Location: /login\r\n"));
	assert_true(has_header(&r, "Max-Age=0"));
	reply_free(&r);
	assert_false(users[3].signed_in);
	http(f->port, "GET", "/", sess, NULL, 0, &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* The header form of the token works as well. */
	users[3].signed_in = true;
	http(f->port, "POST", "/logout", sess_hdr, "", 0, &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_false(users[3].signed_in);
}

static void
test_status_api(void **state)
{
	static const char *const tok[] = { "Authorization: Bearer t-vic",
	    NULL };
	struct fx *f = *state;
	struct reply r;

	http(f->port, "GET", "/api/v1/status", tok, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type: application/json"));
	assert_security_headers(&r);
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "\"organisation\": \"Acme <Payroll>\""));
	assert_non_null(strstr(assure_buf_str(&r.body), "\"evaluation\": null"));
	reply_free(&r);
}

static void
test_roles_over_http(void **state)
{
	static const char *const viewer[] = { "Authorization: Bearer t-vic",
	    "Content-Type: application/octet-stream", NULL };
	static const char *const auditor[] = { "Authorization: Bearer t-aud",
	    NULL };
	static const char *const auditor_sess[] = {
	    "Cookie: assure_session=s-aud", "X-CSRF-Token: csrf-aud", NULL };
	static const char *const viewer_sess[] = {
	    "Cookie: assure_session=s-vic", "X-CSRF-Token: csrf-vic", NULL };
	static const char *const viewer_nocsrf[] = {
	    "Cookie: assure_session=s-vic", NULL };
	static const char *const viewer_tok[] = {
	    "Authorization: Bearer t-vic", NULL };
	/* A route that writes and that viewers may use: only the
	 * auditor's read-only rule refuses the auditor. */
	static const struct web_route table[] = {
		{ WEB_POST, "/api/v1/touch", WEB_MATCH_EXACT, WEB_ROLE_VIEWER,
		    WEB_WRITES, WEB_BODY_NONE, NULL, web_handle_healthz, NULL },
		{ WEB_GET, "/healthz", WEB_MATCH_EXACT, WEB_ROLE_NONE, 0,
		    WEB_BODY_NONE, NULL, web_handle_healthz, NULL },
		{ 0, NULL, WEB_MATCH_EXACT, WEB_ROLE_NONE, 0, WEB_BODY_NONE,
		    NULL, NULL, NULL },
	};
	struct fx *f = *state;
	struct reply r;

	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report",
	    viewer, "x", 1, &r);
	assert_int_equal(r.status, 403);
	assert_security_headers(&r);
	reply_free(&r);
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report",
	    auditor, "x", 1, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	restart(f, table);
	users[2].signed_in = users[3].signed_in = true;
	http(f->port, "POST", "/api/v1/touch", auditor, "", 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http(f->port, "POST", "/api/v1/touch", auditor_sess, "", 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http(f->port, "POST", "/api/v1/touch", viewer_sess, "", 0, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* A session without the token is refused; a bearer token needs
	 * none. */
	http(f->port, "POST", "/api/v1/touch", viewer_nocsrf, "", 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http(f->port, "POST", "/api/v1/touch", viewer_tok, "", 0, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void
test_limits(void **state)
{
	static const char *const form[] = {
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	static const char *const chunked[] = {
	    "Content-Type: application/x-www-form-urlencoded",
	    "Transfer-Encoding: chunked", NULL };
	static const char *const owner[] = { "Authorization: Bearer t-olu",
	    NULL };
	const char *hdrs[41];
	char names[40][1100];
	struct fx *f = *state;
	struct reply r;
	char *big;
	size_t i;

	f->ws->cfg.server.max_body_bytes = 1024;
	f->ws->cfg.server.max_upload_bytes = 4096;
	restart(f, NULL);
	big = malloc(64 * 1024);
	assert_non_null(big);
	memset(big, 'a', 64 * 1024);
	memcpy(big, "name=", 5);
	http(f->port, "POST", "/login", form, big, 2048, &r);
	assert_int_equal(r.status, 413);
	assert_security_headers(&r);
	reply_free(&r);
	/* Within the limit it is read. */
	http(f->port, "POST", "/login", form, big, 1000, &r);
	assert_int_equal(r.status, 401);
	reply_free(&r);
	/* No Content-Length: counted as it comes. */
	http(f->port, "POST", "/login", chunked, big, 8192, &r);
	assert_true(r.status == 413 || r.rc != CURLE_OK);
	assert_true(r.status != 200 && r.status != 401);
	reply_free(&r);
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report",
	    owner, big, 5000, &r);
	assert_int_equal(r.status, 413);
	reply_free(&r);
	/* A header flood beyond max_header_bytes (16k). */
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "X-Flood-%zu: ", i);
		memset(names[i] + strlen(names[i]), 'b', 1000);
		names[i][1099] = '\0';
		hdrs[i] = names[i];
	}
	hdrs[40] = NULL;
	http(f->port, "GET", "/healthz", hdrs, NULL, 0, &r);
	assert_true(r.status != 200);
	assert_true(r.rc != CURLE_OK || r.status == 431 || r.status == 413 ||
	    r.status == 400);
	reply_free(&r);
	/* The server still serves. */
	http(f->port, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	free(big);
}

static void
test_upload(void **state)
{
	static const char *const owner[] = { "Authorization: Bearer t-olu",
	    NULL };
	static const char *const owner_sess[] = {
	    "Cookie: assure_session=s-olu", NULL };
	static const char *const bad_json = "{\n  \"Content\": 42,\n"
	    "  \"ReportFormat\": \"text/csv\"\n}\n";
	struct fx *f = *state;
	struct reply r;
	struct assure_buf gb;
	struct assure_diag d;
	char *path;
	const char *good;
	size_t len;
	int64_t before;

	before = evidence_rows(f);
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report"
	    "&name=creds.json", owner, bad_json, strlen(bad_json), &r);
	assert_int_equal(r.status, 400);
	assert_true(has_header(&r, "Content-Type: application/json"));
	/* Located: creds.json:LINE:COL: ... */
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "{\"error\":\"creds.json:"));
	assert_null(strstr(assure_buf_str(&r.body), "upload."));
	print_message("malformed upload: %s", assure_buf_str(&r.body));
	reply_free(&r);
	assert_int_equal(evidence_rows(f), before);
	http(f->port, "POST", "/api/v1/evidence?kind=no-such-kind", owner,
	    "x", 1, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* Session without the CSRF header: refused before the body. */
	users[1].signed_in = true;
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report",
	    owner_sess, "x", 1, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	path = tu_data_path("credreport/acme-get-credential-report.json");
	assure_buf_init(&gb, 1 << 24);
	assert_int_equal(assure_file_read(path, &gb, &d), ASSURE_OK);
	good = assure_buf_str(&gb);
	len = gb.len;
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report"
	    "&name=creds.json", owner, good, len, &r);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(assure_buf_str(&r.body), "\"sha256\""));
	reply_free(&r);
	assert_int_equal(evidence_rows(f), before + 1);
	/* The same bytes again: a duplicate, nothing new stored. */
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report",
	    owner, good, len, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), "\"duplicate\": true"));
	reply_free(&r);
	assert_int_equal(evidence_rows(f), before + 1);
	assure_buf_free(&gb);
	free(path);
}

static void
test_listen_refused(void **state)
{
	struct fx *f = *state;
	struct web_options o;
	struct web_server *s = NULL;
	struct assure_diag d;
	char msg[1024];

	memset(&o, 0, sizeof(o));
	o.ws = f->ws;
	o.auth = &fake_auth;
	o.listen = "0.0.0.0:0";
	assure_diag_clear(&d);
	assert_int_equal(web_server_start(&o, &s, &d), ASSURE_ERR_PERM);
	assure_diag_format(&d, msg, sizeof(msg));
	assert_non_null(strstr(msg, "refusing to serve 0.0.0.0:0 without "
	    "TLS"));
	o.listen = "example.com:80";
	assert_int_equal(web_server_start(&o, &s, &d), ASSURE_ERR_INVAL);
	o.listen = "127.0.0.1";
	assert_int_equal(web_server_start(&o, &s, &d), ASSURE_ERR_INVAL);
	o.listen = "127.0.0.1:0";
	o.tls_cert_file = "/nonexistent/cert.pem";
	assert_int_equal(web_server_start(&o, &s, &d), ASSURE_ERR_INVAL);
	o.tls_key_file = "/nonexistent/key.pem";
	assert_int_not_equal(web_server_start(&o, &s, &d), ASSURE_OK);
	o.tls_cert_file = o.tls_key_file = NULL;
	o.listen = "0.0.0.0:0";
	o.insecure_listen = true;
	assert_int_equal(web_server_start(&o, &s, &d), ASSURE_OK);
	web_server_stop(s);
}

/* Approving a policy from the dashboard: the right role, the CSRF token,
 * the text shown; recorded with its ledger entry. */
static void
test_policy_approve(void **state)
{
	static const char *const ada[] = { "Cookie: assure_session=s-ada",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	static const char *const vic[] = { "Cookie: assure_session=s-vic",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	struct fx *f = *state;
	const struct policy *pol;
	struct policy_approvals a;
	struct ledger_verify_report vr;
	struct assure_diag d;
	struct reply r;
	char hex[ASSURE_SHA256_HEXLEN + 1], body[512];
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		users[i].signed_in = true;
	pol = policies_find(&f->des.policies, "POL-ISP");
	assert_non_null(pol);
	assure_hex(pol->body_sha256, sizeof(pol->body_sha256), hex);
	/* A viewer may not; no CSRF token is refused; a changed text is. */
	snprintf(body, sizeof(body), "csrf=csrf-vic&version=%s&body_sha256=%s",
	    pol->version, hex);
	http(f->port, "POST", "/policies/POL-ISP/approve", vic, body,
	    strlen(body), &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	snprintf(body, sizeof(body), "version=%s&body_sha256=%s",
	    pol->version, hex);
	http(f->port, "POST", "/policies/POL-ISP/approve", ada, body,
	    strlen(body), &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	snprintf(body, sizeof(body), "csrf=csrf-ada&version=%s&body_sha256=%064d",
	    pol->version, 0);
	http(f->port, "POST", "/policies/POL-ISP/approve", ada, body,
	    strlen(body), &r);
	assert_int_equal(r.status, 409);
	reply_free(&r);
	http(f->port, "POST", "/policies/POL-NOPE/approve", ada, body,
	    strlen(body), &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(body, sizeof(body), "csrf=csrf-ada&version=%s&body_sha256=%s",
	    pol->version, hex);
	http(f->port, "POST", "/policies/POL-ISP/approve", ada, body,
	    strlen(body), &r);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Location: /policies\r\n"));
	reply_free(&r);
	/* Recorded, by the signed-in user, of this text; the ledger holds. */
	assert_int_equal(policy_approvals_load(f->ws->store, INT64_MAX, &a, &d),
	    ASSURE_OK);
	assert_non_null(policy_approvals_newest(&a, "POL-ISP", hex));
	assert_string_equal(policy_approvals_newest(&a, "POL-ISP", hex)->by,
	    "ada");
	policy_approvals_release(&a);
	assert_int_equal(ledger_verify(f->ws->ledger, f->ws->evidence_dir,
	    &vr, NULL, NULL, &d), ASSURE_OK);
}


/* Upload the credential report fixture as olu; its SHA-256 in sha. */
static void
upload_fixture(struct fx *f, char sha[ASSURE_SHA256_HEXLEN + 1],
    struct assure_buf *bytes)
{
	static const char *const owner[] = { "Authorization: Bearer t-olu",
	    NULL };
	struct assure_diag d;
	struct reply r;
	const char *p;
	char *path;

	path = tu_data_path("credreport/acme-get-credential-report.json");
	assure_buf_init(bytes, 1 << 24);
	assert_int_equal(assure_file_read(path, bytes, &d), ASSURE_OK);
	free(path);
	http(f->port, "POST", "/api/v1/evidence?kind=aws-iam-credential-report"
	    "&name=creds.json", owner, bytes->data, bytes->len, &r);
	assert_int_equal(r.status, 201);
	p = strstr(assure_buf_str(&r.body), "\"sha256\": \"");
	assert_non_null(p);
	p += strlen("\"sha256\": \"");
	if (strncmp(p, "sha256:", 7) == 0)
		p += 7;
	memcpy(sha, p, ASSURE_SHA256_HEXLEN);
	sha[ASSURE_SHA256_HEXLEN] = '\0';
	reply_free(&r);
}

/* Run and record an evaluation as of as_of; its id in id. */
static void
record_evaluation(struct fx *f, int64_t as_of, char id[EVALUATION_ID_LEN])
{
	struct evaluation ev;
	struct assure_diag d;

	memset(&ev, 0, sizeof(ev));
	assert_int_equal(evaluation_run(f->ws->store, &f->ws->cfg, as_of, &ev,
	    &d), ASSURE_OK);
	assert_int_equal(evaluation_record(f->ws->store, f->ws->ledger, &ev,
	    &d), ASSURE_OK);
	assure_strlcpy(id, ev.id, EVALUATION_ID_LEN);
	evaluation_release(&ev);
}

static void
test_evidence_downloads(void **state)
{
	static const char *const vic[] = { "Authorization: Bearer t-vic",
	    NULL };
	struct fx *f = *state;
	struct assure_buf bytes;
	struct reply r;
	char sha[ASSURE_SHA256_HEXLEN + 1], path[256], line[256];

	upload_fixture(f, sha, &bytes);
	snprintf(path, sizeof(path), "/evidence/%s/raw", sha);
	http(f->port, "GET", path, vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_true(has_header(&r, "Content-Type: application/octet-stream"));
	snprintf(line, sizeof(line), "Content-Disposition: attachment; "
	    "filename=\"%s\"\r\n", sha);
	assert_true(has_header(&r, line));
	assert_int_equal(r.body.len, bytes.len);
	assert_memory_equal(r.body.data, bytes.data, bytes.len);
	reply_free(&r);
	/* The proof of its ledger entry. */
	snprintf(path, sizeof(path), "/evidence/%s/proof", sha);
	http(f->port, "GET", path, vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_true(has_header(&r, "Content-Type: application/json"));
	assert_true(has_header(&r, "Content-Disposition: attachment; "
	    "filename=\""));
	assert_non_null(strstr(assure_buf_str(&r.body), sha));
	reply_free(&r);
	/* Unknown hashes, and no identity. */
	snprintf(path, sizeof(path), "/evidence/%064d/raw", 0);
	http(f->port, "GET", path, vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(path, sizeof(path), "/evidence/%064d/proof", 0);
	http(f->port, "GET", path, vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	http(f->port, "GET", "/evidence/nothex/raw", vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(path, sizeof(path), "/evidence/%s/raw", sha);
	http(f->port, "GET", path, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assure_buf_free(&bytes);
}

static void
test_api_and_auditor_scope(void **state)
{
	static const char *const vic[] = { "Authorization: Bearer t-vic",
	    NULL };
	static const char *const aud[] = { "Authorization: Bearer t-aud",
	    NULL };
	static const char *const aud_sess[] = {
	    "Cookie: assure_session=s-aud", NULL };
	struct fx *f = *state;
	struct assure_buf bytes;
	struct reply r;
	const char *b, *p1, *p2;
	char sha[ASSURE_SHA256_HEXLEN + 1], e1[EVALUATION_ID_LEN],
	    e2[EVALUATION_ID_LEN], path[256];
	int64_t t0 = f->ws->cfg.period_start;

	/* Nothing recorded yet. */
	http(f->port, "GET", "/api/v1/tests/iam.user_mfa", vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	upload_fixture(f, sha, &bytes);
	assure_buf_free(&bytes);
	/* e1 inside the auditor's period, e2 after it. */
	record_evaluation(f, t0 + 10 * 86400, e1);
	record_evaluation(f, t0 + 60 * 86400, e2);
	users[2].has_period = true;
	users[2].period_start = t0;
	users[2].period_end = t0 + 30 * 86400;
	users[2].signed_in = true;

	http(f->port, "GET", "/api/v1/evaluations", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_true(has_header(&r, "Content-Type: application/json"));
	b = assure_buf_str(&r.body);
	assert_non_null(strstr(b, "\"total\": 2"));
	p1 = strstr(b, e1);
	p2 = strstr(b, e2);
	assert_non_null(p1);
	assert_non_null(p2);
	assert_true(p2 < p1);		/* newest first */
	assert_non_null(strstr(b, "\"counts\""));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/evaluations?limit=1", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), e2));
	assert_null(strstr(assure_buf_str(&r.body), e1));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/evaluations?limit=1001", vic, NULL, 0,
	    &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	http(f->port, "GET", "/api/v1/evaluations?limit=x", vic, NULL, 0, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* The auditor sees only what is as of the period. */
	http(f->port, "GET", "/api/v1/evaluations", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	b = assure_buf_str(&r.body);
	assert_non_null(strstr(b, e1));
	assert_null(strstr(b, e2));
	assert_non_null(strstr(b, "\"period\""));
	reply_free(&r);

	/* A test's result: the newest, or the auditor's newest. */
	http(f->port, "GET", "/api/v1/tests/iam.user_mfa", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	b = assure_buf_str(&r.body);
	assert_non_null(strstr(b, e2));
	assert_non_null(strstr(b, "\"verdict\": \""));
	assert_non_null(strstr(b, "\"population\": "));
	assert_non_null(strstr(b, "\"exceptions\": ["));
	assert_non_null(strstr(b, "\"evidence\": ["));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/tests/iam.user_mfa", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), e1));
	assert_null(strstr(assure_buf_str(&r.body), e2));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/tests/no.such_test", vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	assert_true(has_header(&r, "Content-Type: application/json"));
	reply_free(&r);

	/* The controls with their tests' verdicts. */
	http(f->port, "GET", "/api/v1/controls", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	b = assure_buf_str(&r.body);
	assert_non_null(strstr(b, "\"id\": \"AC-02\""));
	assert_non_null(strstr(b, "\"frequency\": \""));
	assert_non_null(strstr(b, "\"tests\": ["));
	assert_non_null(strstr(b, e2));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/controls", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), e1));
	reply_free(&r);

	/* An auditor with a period that holds no evaluation has none. */
	users[2].period_start = t0 + 100 * 86400;
	users[2].period_end = t0 + 110 * 86400;
	http(f->port, "GET", "/api/v1/tests/iam.user_mfa", aud, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	http(f->port, "GET", "/api/v1/evaluations", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), "\"total\": 0"));
	reply_free(&r);
	/* The pages follow the same rule. */
	snprintf(path, sizeof(path), "/tests/iam.user_mfa");
	http(f->port, "GET", path, aud_sess, NULL, 0, &r);
	assert_int_not_equal(r.status, 500);
	reply_free(&r);
	http(f->port, "GET", "/", aud_sess, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

/* The reports `assure export auditor` bundles are in the package. */
static void
assert_package_reports(const char *zip)
{
	static const char *const want[] = { "reports/type2.html",
	    "reports/type2.md", "reports/type2.json", "workbook.xlsx",
	    "reports/system-description.html",
	    "reports/system-description.json", "reports/scoping.html",
	    "reports/gap.html", "reports/gap.json", "reports/policies.html",
	    "reports/findings.html" };
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct assure_buf names;
	size_t i;

	assure_buf_init(&names, 0);
	archive_read_support_format_zip(a);
	assert_int_equal(archive_read_open_filename(a, zip, 8192),
	    ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK)
		assure_buf_printf(&names, "\n%s\n", archive_entry_pathname(e));
	archive_read_free(a);
	for (i = 0; i < ASSURE_ARRAY_LEN(want); i++) {
		char line[128];

		snprintf(line, sizeof(line), "\n%s\n", want[i]);
		if (strstr(assure_buf_str(&names), line) == NULL)
			fail_msg("%s not in the package", want[i]);
	}
	assure_buf_free(&names);
}

static void
test_reports(void **state)
{
	static const char *const vic[] = { "Authorization: Bearer t-vic",
	    NULL };
	static const char *const olu[] = { "Authorization: Bearer t-olu",
	    NULL };
	static const char *const ada[] = { "Authorization: Bearer t-ada",
	    NULL };
	static const char *const aud[] = { "Authorization: Bearer t-aud",
	    NULL };
	static const char *const vic_sess[] = {
	    "Cookie: assure_session=s-vic", NULL };
	static const char *const ada_sess[] = {
	    "Cookie: assure_session=s-ada", NULL };
	struct fx *f = *state;
	struct assure_note_verifier key;
	struct pkg_verify_report vr;
	struct assure_buf bytes;
	struct assure_diag d;
	struct reply r;
	char sha[ASSURE_SHA256_HEXLEN + 1], e1[EVALUATION_ID_LEN],
	    vkey[ASSURE_NOTE_VKEY_MAX + 1], *dir, *zip;
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		users[i].signed_in = true;
	upload_fixture(f, sha, &bytes);
	assure_buf_free(&bytes);
	record_evaluation(f, f->ws->cfg.period_start + 86400, e1);

	/* The page: the package only for those who may have it. */
	http(f->port, "GET", "/reports", vic_sess, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "href=\"/reports/type2.html\""));
	assert_null(strstr(assure_buf_str(&r.body), "/reports/auditor.zip"));
	reply_free(&r);
	http(f->port, "GET", "/reports", ada_sess, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "href=\"/reports/auditor.zip\""));
	reply_free(&r);

	/* The Type 2 report. */
	http(f->port, "GET", "/reports/type2.html", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_true(has_header(&r, "Content-Type: text/html"));
	assert_true(has_header(&r, "Content-Disposition: attachment; "
	    "filename=\"type2.html\"\r\n"));
	assert_non_null(strstr(assure_buf_str(&r.body), "AC-02"));
	reply_free(&r);

	/* The package: refused to a viewer and an owner. */
	http(f->port, "GET", "/reports/auditor.zip", vic, NULL, 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http(f->port, "GET", "/reports/auditor.zip", olu, NULL, 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	ledger_verifier_text(f->ws->ledger, vkey);
	assert_int_equal(assure_note_verifier_parse(vkey, strlen(vkey), &key,
	    &d), ASSURE_OK);
	dir = tu_mkdtemp();
	zip = tu_join(dir, "auditor.zip");
	for (i = 0; i < 2; i++) {
		http(f->port, "GET", "/reports/auditor.zip", i == 0 ? ada : aud,
		    NULL, 0, &r);
		assert_int_equal(r.status, 200);
		assert_security_headers(&r);
		assert_true(has_header(&r, "Content-Type: application/zip\r\n"));
		assert_true(has_header(&r, "Content-Disposition: attachment; "
		    "filename=\"auditor.zip\"\r\n"));
		tu_write_file(zip, r.body.data, r.body.len);
		reply_free(&r);
		assure_diag_clear(&d);
		assert_int_equal(pkg_verify(zip, &key, &vr, &d), ASSURE_OK);
		assert_true(vr.files > 0);
		assert_int_equal(vr.evaluations, 1);
		assert_package_reports(zip);
	}
	free(zip);
	tu_rmtree(dir);
	free(dir);
}

/* An access review decided in the dashboard: the list, the campaign, the
 * forms for a reviewer only, and a decision recorded by its reviewer. */
/*
 * Every kind at /reports/KIND.EXT, the API over them, an auditor's
 * reports over the auditor's period, unknown kinds and formats.
 */
static void
test_report_kinds(void **state)
{
	static const char *const kinds[] = { "scoping", "gap", "findings",
	    "policies", "type1", "type2", "system-description" };
	static const struct { const char *ext, *type; } fmts[] = {
		{ "html", "Content-Type: text/html; charset=utf-8\r\n" },
		{ "md", "Content-Type: text/markdown; charset=utf-8\r\n" },
		{ "json", "Content-Type: application/json\r\n" },
	};
	static const char *const vic[] = { "Authorization: Bearer t-vic",
	    NULL };
	static const char *const aud[] = { "Authorization: Bearer t-aud",
	    NULL };
	static const char *const vic_sess[] = {
	    "Cookie: assure_session=s-vic", NULL };
	static const char *const missing[] = { "/reports/nope.html",
	    "/reports/type2.pdf", "/reports/scoping.xlsx", "/reports/type2",
	    "/reports/.html" };
	struct fx *f = *state;
	struct assure_buf bytes;
	struct reply r;
	char sha[ASSURE_SHA256_HEXLEN + 1], e1[EVALUATION_ID_LEN],
	    path[128], line[160], t1[ASSURE_TIME_STRLEN],
	    t2[ASSURE_TIME_STRLEN];
	int64_t t0 = f->ws->cfg.period_start;
	size_t i, j;

	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		users[i].signed_in = true;
	upload_fixture(f, sha, &bytes);
	assure_buf_free(&bytes);
	record_evaluation(f, t0 + 86400, e1);

	/* Each kind in each format, a download named KIND.EXT. */
	for (i = 0; i < ASSURE_ARRAY_LEN(kinds); i++)
		for (j = 0; j < ASSURE_ARRAY_LEN(fmts); j++) {
			snprintf(path, sizeof(path), "/reports/%s.%s",
			    kinds[i], fmts[j].ext);
			http(f->port, "GET", path, vic, NULL, 0, &r);
			if (r.status != 200)
				fail_msg("%s: %ld", path, r.status);
			assert_security_headers(&r);
			assert_true(has_header(&r, fmts[j].type));
			snprintf(line, sizeof(line), "Content-Disposition: "
			    "attachment; filename=\"%s.%s\"\r\n", kinds[i],
			    fmts[j].ext);
			assert_true(has_header(&r, line));
			assert_true(r.body.len > 0);
			reply_free(&r);
		}
	http(f->port, "GET", "/reports/type2.xlsx", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type: application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"));
	assert_true(has_header(&r, "filename=\"type2.xlsx\""));
	assert_true(r.body.len > 4 && memcmp(r.body.data, "PK", 2) == 0);
	reply_free(&r);
	for (i = 0; i < ASSURE_ARRAY_LEN(missing); i++) {
		http(f->port, "GET", missing[i], vic, NULL, 0, &r);
		if (r.status != 404)
			fail_msg("%s: %ld", missing[i], r.status);
		reply_free(&r);
	}

	/* The page links every kind. */
	http(f->port, "GET", "/reports", vic_sess, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	for (i = 0; i < ASSURE_ARRAY_LEN(kinds); i++) {
		snprintf(line, sizeof(line), "href=\"/reports/%s.md\"",
		    kinds[i]);
		assert_non_null(strstr(assure_buf_str(&r.body), line));
	}
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "href=\"/reports/type2.xlsx\""));
	reply_free(&r);

	/* The API: the list, a report, a format, errors. */
	http(f->port, "GET", "/api/v1/reports", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type: application/json"));
	for (i = 0; i < ASSURE_ARRAY_LEN(kinds); i++) {
		snprintf(line, sizeof(line), "\"kind\": \"%s\"", kinds[i]);
		assert_non_null(strstr(assure_buf_str(&r.body), line));
	}
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "\"url\": \"/reports/type2.xlsx\""));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/reports/type2", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type: application/json\r\n"));
	assert_false(has_header(&r, "Content-Disposition"));
	assert_non_null(strstr(assure_buf_str(&r.body), "AC-02"));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/reports/policies?format=md", vic, NULL,
	    0, &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type: text/markdown"));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/reports/type2?format=pdf", vic, NULL, 0,
	    &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	http(f->port, "GET", "/api/v1/reports/nope", vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	assert_true(has_header(&r, "Content-Type: application/json"));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/reports", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 401);
	reply_free(&r);

	/* An auditor's reports cover the auditor's period. */
	users[2].has_period = true;
	users[2].period_start = t0;
	users[2].period_end = t0 + 30 * 86400;
	assure_time_format(users[2].period_start, t1);
	assure_time_format(users[2].period_end, t2);
	http(f->port, "GET", "/api/v1/reports/type2", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	snprintf(line, sizeof(line), "\"period_start\": \"%s\"", t1);
	assert_non_null(strstr(assure_buf_str(&r.body), line));
	snprintf(line, sizeof(line), "\"period_end\": \"%s\"", t2);
	assert_non_null(strstr(assure_buf_str(&r.body), line));
	reply_free(&r);
	http(f->port, "GET", "/reports/type2.json", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), line));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/reports", aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	snprintf(line, sizeof(line), "\"end\": \"%s\"", t2);
	assert_non_null(strstr(assure_buf_str(&r.body), line));
	reply_free(&r);
	/* The viewer's stays the workspace's. */
	snprintf(line, sizeof(line), "\"period_end\": \"%s\"", t2);
	http(f->port, "GET", "/api/v1/reports/type2", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(assure_buf_str(&r.body), line));
	reply_free(&r);
}

static void
test_review_decide(void **state)
{
	static const char *const olu[] = { "Cookie: assure_session=s-olu",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	static const char *const vic[] = { "Cookie: assure_session=s-vic",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	struct fx *f = *state;
	struct ingest_opts o;
	struct ingest_result ir;
	struct review_campaign c;
	struct assure_diag d;
	struct reply r;
	char id[REVIEW_ID_MAX], path[256], body[512], acct[256];
	char *okta = tu_data_path("identity/okta_users.json");
	size_t n, i;
	bool found;

	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		users[i].signed_in = true;
	memset(&o, 0, sizeof(o));
	o.kind = "okta-users";
	o.path = okta;
	o.collector = "test";
	o.collected_at = assure_now();
	assert_int_equal(ingest_file(f->ws, &o, &ir, &d), ASSURE_OK);
	free(okta);
	assert_int_equal(review_start(f->ws, "okta", NULL, "ada", assure_now(),
	    id, &n, &d), ASSURE_OK);
	assert_true(n > 0);

	http(f->port, "GET", "/reviews", vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), id));
	reply_free(&r);
	snprintf(path, sizeof(path), "/reviews/%s", id);
	http(f->port, "GET", path, vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(assure_buf_str(&r.body), "/decide"));
	reply_free(&r);
	http(f->port, "GET", path, olu, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(assure_buf_str(&r.body), "/decide\""));
	reply_free(&r);
	http(f->port, "GET", "/reviews/okta-1999Q1-9", olu, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);

	assert_int_equal(review_load(f->ws->store, id, &c, &found, &d),
	    ASSURE_OK);
	assert_true(found);
	/* A copy: c is released and loaded again below. */
	assure_strlcpy(acct, c.items[0].account_id, sizeof(acct));
	snprintf(path, sizeof(path), "/reviews/%s/decide", id);
	snprintf(body, sizeof(body), "csrf=csrf-vic&account=%s&decision=revoke",
	    acct);
	http(f->port, "POST", path, vic, body, strlen(body), &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	snprintf(body, sizeof(body), "csrf=csrf-olu&account=%s&decision=maybe",
	    acct);
	http(f->port, "POST", path, olu, body, strlen(body), &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	snprintf(body, sizeof(body), "account=%s&decision=revoke", acct);
	http(f->port, "POST", path, olu, body, strlen(body), &r);
	assert_int_equal(r.status, 403);		/* no CSRF token */
	reply_free(&r);
	snprintf(body, sizeof(body), "csrf=csrf-olu&account=%s&decision=revoke",
	    acct);
	http(f->port, "POST", path, olu, body, strlen(body), &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	review_campaign_release(&c);
	assert_int_equal(review_load(f->ws->store, id, &c, &found, &d),
	    ASSURE_OK);
	for (i = 0; i < c.nitems; i++)
		if (strcmp(c.items[i].account_id, acct) == 0) {
			assert_string_equal(c.items[i].decision, "revoke");
			assert_string_equal(c.items[i].decided_by, "olu");
		}
	review_campaign_release(&c);
}

/* ---------------------------------- samples, the users page, TLS cookies */

/* The output of the assure binary (ASSURE_BIN) run with args, into out. */
static int
run_assure(const char *args, struct assure_buf *out)
{
	const char *bin = getenv("ASSURE_BIN");
	char cmd[2048], chunk[4096];
	size_t n;
	FILE *fp;

	if (bin == NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "'%s' %s", bin, args);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		assure_buf_add(out, chunk, n);
	return pclose(fp);
}

static void
test_api_sample(void **state)
{
	static const char *const vic[] = { "Authorization: Bearer t-vic",
	    NULL };
	static const char *const aud[] = { "Authorization: Bearer t-aud",
	    NULL };
	struct fx *f = *state;
	struct assure_buf bytes, cli;
	struct reply r, r2;
	char sha[ASSURE_SHA256_HEXLEN + 1], d1[16], d2[16], d3[16];
	char path[256], args[1024];
	int64_t t0 = f->ws->cfg.period_start, now = assure_now();
	struct tm tm;
	time_t t;

	/* An unknown control; a bad size; a period past every checkpoint
	 * (the default one ends tonight): 409, said in JSON. */
	http(f->port, "GET", "/api/v1/samples/NOPE-1", vic, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(assure_buf_str(&r.body), "\"error\""));
	reply_free(&r);
	http(f->port, "GET", "/api/v1/samples/AC-01?size=0", vic, NULL, 0,
	    &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	http(f->port, "GET", "/api/v1/samples/AC-01", vic, NULL, 0, &r);
	assert_int_equal(r.status, 409);
	assert_true(has_header(&r, "Content-Type: application/json"));
	assert_non_null(strstr(assure_buf_str(&r.body), "no checkpoint"));
	reply_free(&r);

	/* A period ending yesterday, then a checkpoint signed today. */
	upload_fixture(f, sha, &bytes);
	assure_buf_free(&bytes);
	t = (time_t)t0;
	gmtime_r(&t, &tm);
	strftime(d1, sizeof(d1), "%Y-%m-%d", &tm);
	t = (time_t)(now - 86400);
	gmtime_r(&t, &tm);
	strftime(d2, sizeof(d2), "%Y-%m-%d", &tm);
	snprintf(path, sizeof(path), "/api/v1/samples/AC-01?period=%s..%s"
	    "&size=3", d1, d2);
	http(f->port, "GET", path, vic, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_non_null(strstr(assure_buf_str(&r.body),
	    "\"control\": \"AC-01\""));
	assert_non_null(strstr(assure_buf_str(&r.body), "\"method\": "
	    "\"drawn\""));
	/* Byte for byte what `assure sample --format json` prints. */
	assure_buf_init(&cli, 1 << 24);
	snprintf(args, sizeof(args), "--workspace '%s' sample AC-01 "
	    "--period %s..%s --size 3 --format json", f->dir, d1, d2);
	if (run_assure(args, &cli) == 0) {
		assert_int_equal(cli.len, r.body.len);
		assert_memory_equal(cli.data, r.body.data, cli.len);
	} else
		print_message("ASSURE_BIN unset: CLI comparison skipped\n");
	assure_buf_free(&cli);
	/* Asked again, the kept answer (web/memo.h): the same bytes. */
	http(f->port, "GET", path, vic, NULL, 0, &r2);
	assert_int_equal(r2.status, 200);
	assert_int_equal(r2.body.len, r.body.len);
	assert_memory_equal(r2.body.data, r.body.data, r.body.len);
	reply_free(&r2);
	reply_free(&r);

	/* An auditor: inside the auditor's period, not outside it. */
	users[2].has_period = true;
	users[2].period_start = t0;
	users[2].period_end = now;
	t = (time_t)(t0 + 10 * 86400);
	gmtime_r(&t, &tm);
	strftime(d3, sizeof(d3), "%Y-%m-%d", &tm);
	snprintf(path, sizeof(path), "/api/v1/samples/AC-01?period=%s..%s",
	    d3, d2);
	http(f->port, "GET", path, aud, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	snprintf(path, sizeof(path), "/api/v1/samples/AC-01?period=%s..%s",
	    d1, d1);
	users[2].period_start = t0 + 5 * 86400;
	http(f->port, "GET", path, aud, NULL, 0, &r);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(assure_buf_str(&r.body), "\"error\""));
	reply_free(&r);
}

/* Add user name (role) to the store; the password is its name twice. */
static void
add_user(struct fx *f, const char *name, enum auth_role role)
{
	struct assure_diag d;
	char pw[128];

	snprintf(pw, sizeof(pw), "%s-password-%s", name, name);
	assert_int_equal(user_add(f->ws->store, f->ws->ledger, name, name,
	    role, false, 0, 0, pw, "test", assure_now(), &d), ASSURE_OK);
}

static void
test_users_page(void **state)
{
	static const char *const ada[] = { "Cookie: assure_session=s-ada",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	static const char *const olu[] = { "Cookie: assure_session=s-olu",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	struct fx *f = *state;
	struct ledger_verify_report vr;
	struct auth_user u;
	struct auth_tokens ts;
	struct assure_diag d;
	struct reply r;
	char text[AUTH_TOKEN_TEXT_MAX], id[AUTH_TOKEN_ID_LEN + 1];
	char body[256];
	const char *b;
	size_t i;

	setenv(AUTH_TEST_PWHASH_ENV, "1", 1);
	for (i = 0; i < ASSURE_ARRAY_LEN(users); i++)
		users[i].signed_in = true;
	add_user(f, "ada", AUTH_ROLE_ADMIN);
	add_user(f, "bob@example.com", AUTH_ROLE_VIEWER);
	assert_int_equal(token_create(f->ws->store, f->ws->ledger,
	    "bob@example.com", "ci upload", AUTH_ROLE_VIEWER, 0, "test",
	    assure_now(), text, id, &d), ASSURE_OK);

	/* Only an admin sees the page and the nav item. */
	http(f->port, "GET", "/users", olu, NULL, 0, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http(f->port, "GET", "/", olu, NULL, 0, &r);
	assert_null(strstr(assure_buf_str(&r.body), "href=\"/users\""));
	reply_free(&r);
	http(f->port, "GET", "/users", ada, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	b = assure_buf_str(&r.body);
	assert_non_null(strstr(b, "bob@example.com"));
	assert_non_null(strstr(b, "ci upload"));
	assert_non_null(strstr(b, id));
	assert_non_null(strstr(b, "href=\"/users\""));
	assert_non_null(strstr(b, "assure user add"));
	assert_null(strstr(b, text));		/* never the token */
	assert_null(strstr(b, text + strlen(AUTH_TOKEN_PREFIX)));
	reply_free(&r);

	/* No CSRF token; not an admin. */
	b = "user=bob%40example.com&role=manager";
	http(f->port, "POST", "/users/role", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	b = "csrf=csrf-olu&user=bob%40example.com&role=manager";
	http(f->port, "POST", "/users/role", olu, b, strlen(b), &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_int_equal(user_get(f->ws->store, "bob@example.com", &u, &d),
	    ASSURE_OK);
	assert_int_equal(u.role, AUTH_ROLE_VIEWER);

	/* A role change lands in the store, by ada, and the ledger holds. */
	b = "csrf=csrf-ada&user=bob%40example.com&role=manager&period=";
	http(f->port, "POST", "/users/role", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Location: /users\r\n"));
	reply_free(&r);
	assert_int_equal(user_get(f->ws->store, "bob@example.com", &u, &d),
	    ASSURE_OK);
	assert_int_equal(u.role, AUTH_ROLE_MANAGER);
	assert_string_equal(u.updated_by, "ada");
	/* An auditor needs a period, which is kept. */
	b = "csrf=csrf-ada&user=bob%40example.com&role=auditor&period=";
	http(f->port, "POST", "/users/role", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	b = "csrf=csrf-ada&user=bob%40example.com&role=auditor&"
	    "period=2026-01-01..2026-06-30";
	http(f->port, "POST", "/users/role", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(user_get(f->ws->store, "bob@example.com", &u, &d),
	    ASSURE_OK);
	assert_int_equal(u.role, AUTH_ROLE_AUDITOR);
	assert_true(u.has_period);

	/* The token revoked; twice is a conflict. */
	snprintf(body, sizeof(body), "csrf=csrf-ada&user=bob%%40example.com"
	    "&token=%s", id);
	http(f->port, "POST", "/users/revoke-token", ada, body, strlen(body),
	    &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	http(f->port, "POST", "/users/revoke-token", ada, body, strlen(body),
	    &r);
	assert_int_equal(r.status, 409);
	reply_free(&r);
	assert_int_equal(token_list(f->ws->store, &ts, &d), ASSURE_OK);
	assert_int_equal(ts.n, 1);
	assert_true(ts.v[0].revoked);
	auth_tokens_release(&ts);

	/* Oneself: not disabled, not demoted. */
	b = "csrf=csrf-ada&user=ada";
	http(f->port, "POST", "/users/disable", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(assure_buf_str(&r.body), "cannot disable "
	    "yourself"));
	reply_free(&r);
	b = "csrf=csrf-ada&user=ada&role=manager";
	http(f->port, "POST", "/users/role", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 409);
	reply_free(&r);
	assert_int_equal(user_get(f->ws->store, "ada", &u, &d), ASSURE_OK);
	assert_false(u.disabled);
	assert_int_equal(u.role, AUTH_ROLE_ADMIN);
	/* Another user is disabled; an unknown one is 404. */
	b = "csrf=csrf-ada&user=bob%40example.com";
	http(f->port, "POST", "/users/disable", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	b = "csrf=csrf-ada&user=nobody";
	http(f->port, "POST", "/users/disable", ada, b, strlen(b), &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	assert_int_equal(user_get(f->ws->store, "bob@example.com", &u, &d),
	    ASSURE_OK);
	assert_true(u.disabled);
	assert_int_equal(ledger_verify(f->ws->ledger, f->ws->evidence_dir,
	    &vr, NULL, NULL, &d), ASSURE_OK);
	unsetenv(AUTH_TEST_PWHASH_ENV);
}

/* POST /login as ada over scheme://127.0.0.1:port; the headers in r. */
static void
login_over(unsigned port, bool tls, const char *cafile, struct reply *r)
{
	static const char body[] = "name=ada&password=pw-ada&totp=";
	CURL *c;
	char url[128];

	memset(r, 0, sizeof(*r));
	assure_buf_init(&r->headers, 1 << 20);
	assure_buf_init(&r->body, 1 << 20);
	c = curl_easy_init();
	assert_non_null(c);
	snprintf(url, sizeof(url), "%s://127.0.0.1:%u/login",
	    tls ? "https" : "http", port);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	/* The throwaway certificate is its own CA, for 127.0.0.1. */
	if (cafile != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, cafile);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	r->rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
}

static void
test_tls_secure_cookie(void **state)
{
	struct fx *f = *state;
	struct web_server *tls;
	struct web_options o;
	struct assure_diag d;
	struct reply r;
	char *dir, cert[4096], key[4096], cmd[9000];
	enum assure_err rc;

	/* Plain HTTP: no Secure. */
	login_over(f->port, false, NULL, &r);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Set-Cookie: assure_session=s-ada; "
	    "HttpOnly; SameSite=Strict; Path=/\r\n"));
	assert_false(has_header(&r, "Secure"));
	reply_free(&r);

	dir = tu_mkdtemp();
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	snprintf(cmd, sizeof(cmd), "openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 "
	    "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "
	    "'%s' -out '%s' >/dev/null 2>&1", key, cert);
	if (system(cmd) != 0) {
		tu_rmtree(dir);
		free(dir);
		skip();		/* no openssl CLI */
	}
	memset(&o, 0, sizeof(o));
	o.ws = f->ws;
	o.des = &f->des;
	o.auth = &fake_auth;
	o.listen = "127.0.0.1:0";
	o.tls_cert_file = cert;
	o.tls_key_file = key;
	assure_diag_clear(&d);
	rc = web_server_start(&o, &tls, &d);
	if (rc != ASSURE_OK) {
		/* A libmicrohttpd built without GnuTLS says so. */
		tu_rmtree(dir);
		free(dir);
		assert_int_equal(rc, ASSURE_ERR_INVAL);
		skip();
	}
	assert_true(web_server_tls(tls));
	login_over(web_server_port(tls), true, cert, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Set-Cookie: assure_session=s-ada; "
	    "HttpOnly; SameSite=Strict; Path=/; Secure\r\n"));
	assert_security_headers(&r);
	reply_free(&r);
	/* The TLS listener speaks no plain HTTP. */
	login_over(web_server_port(tls), false, NULL, &r);
	assert_int_not_equal(r.status, 303);
	reply_free(&r);
	web_server_stop(tls);
	tu_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test_setup_teardown(test_public, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_decide, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_policy_approve, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_auth_required_everywhere,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_pages_logout,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_api, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_roles_over_http, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_evidence_downloads, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_api_and_auditor_scope,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_api_sample, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_users_page, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tls_secure_cookie, setup,
		    teardown),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
