/*
 * test_collect_google.c: the Google Workspace collector
 * (collect/google.c) against the stub server replaying the Directory
 * API's and the token endpoint's documented shapes
 * (tests/data/collect/google/): the assertion JWT verified with the
 * public half of a key made at test time; pages via nextPageToken;
 * retries; a 401 answered with a new token once, a second ending the run
 * incomplete; a cut body; the key file refused inside the workspace; no
 * key, assertion or token in any message.
 */
#include "common/compat.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "collect/google.h"
#include "collect/run.h"
#include "common/base64.h"
#include "common/buf.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define EMAIL	"collector@acme-prod.iam.gserviceaccount.com"
#define ADMIN	"admin@acme.example"
#define TOKEN	"ya29.TestAccessToken-google-0001"
#define USERS	"/admin/directory/v1/users"

static EVP_PKEY *rsa;
static char *pem;
#define fx(name)	tu_fixture("collect/google", (name))
#define fx_free()	tu_fixtures_free()

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir, *keydir, *keyfile;
	char			 token_url[256];
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct google_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

/* A key file as Google writes it, for the key made at test time. */
static char *
key_file(const char *dir)
{
	struct assure_buf b;
	char *path;

	assure_buf_init(&b, 1 << 20);
	assure_buf_adds(&b, "{\n  \"type\": \"service_account\",\n"
	    "  \"project_id\": \"acme-prod\",\n"
	    "  \"private_key_id\": \"1a2b3c4d5e6f\",\n  \"private_key\": \"");
	jsonw_escape(&b, pem, strlen(pem));
	assure_buf_adds(&b, "\",\n  \"client_email\": \"" EMAIL "\",\n"
	    "  \"client_id\": \"1234567890\",\n"
	    "  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}\n");
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	path = tu_join(dir, "key.json");
	tu_write_file(path, b.data, b.len);
	assure_buf_free(&b);
	return path;
}

static struct httpstub_resp r_token[1], r_users1[1], r_users2[1];

static void
script(struct httpstub *s)
{
	static const char *const json =
	    "Content-Type: application/json; charset=UTF-8\r\n";

	memset(r_token, 0, sizeof(r_token));
	r_token[0].status = 200;
	r_token[0].headers = json;
	r_token[0].file = fx("token.json");
	memset(r_users1, 0, sizeof(r_users1));
	r_users1[0].status = 200;
	r_users1[0].headers = json;
	r_users1[0].file = fx("users-1.json");
	memset(r_users2, 0, sizeof(r_users2));
	r_users2[0].status = 200;
	r_users2[0].headers = json;
	r_users2[0].file = fx("users-2.json");
	httpstub_route(s, "POST", "/token", NULL, r_token, 1);
	httpstub_route(s, "GET", USERS, "pageToken=", r_users2, 1);
	httpstub_route(s, "GET", USERS, NULL, r_users1, 1);
}

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	f->keydir = tu_mkdtemp();
	f->keyfile = key_file(f->keydir);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = tu_no_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	snprintf(f->token_url, sizeof(f->token_url), "%s/token",
	    httpstub_url(f->s));
	f->t.base_url = httpstub_url(f->s);
	f->t.token_url = f->token_url;
	f->t.key_file = f->keyfile;
	f->t.subject = ADMIN;
}

static void
fixture_free(struct fixture *f)
{
	httpstub_stop(f->s);
	tu_workspace_free(f->ws, f->dir);
	tu_rmtree(f->keydir);
	free(f->keydir);
	free(f->keyfile);
	fx_free();
}

static enum assure_err
run(struct fixture *f)
{
	assure_diag_clear(&f->d);
	memset(&f->pr, 0, sizeof(f->pr));
	return collect_google(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/* base64url text s[0..n) decoded into out. */
static void
b64url_decode(const char *s, size_t n, struct assure_buf *out)
{
	char *t = strndup(s, n);
	size_t i;

	assert_non_null(t);
	for (i = 0; i < n; i++)
		if (t[i] == '-')
			t[i] = '+';
		else if (t[i] == '_')
			t[i] = '/';
	assert_int_equal(assure_base64_decode(t, n, out), ASSURE_OK);
	free(t);
}

/*
 * The token request i: a JWT bearer grant whose assertion verifies under
 * the public key and claims the scope, the subject and the account.
 */
static void
check_token_request(const struct httpstub_req *r)
{
	const char *a, *dot1, *dot2;
	struct assure_buf sig, claims;
	EVP_MD_CTX *ctx;
	char *jwt;
	char h[128];

	assert_string_equal(r->method, "POST");
	assert_non_null(httpstub_header(r, "Content-Type", h, sizeof(h)));
	assert_string_equal(h, "application/x-www-form-urlencoded");
	assert_non_null(r->body);
	assert_non_null(strstr(r->body, "grant_type=urn%3Aietf%3Aparams%3A"
	    "oauth%3Agrant-type%3Ajwt-bearer"));
	a = strstr(r->body, "assertion=");
	assert_non_null(a);
	a += strlen("assertion=");
	jwt = strndup(a, strcspn(a, "&"));
	assert_non_null(jwt);
	dot1 = strchr(jwt, '.');
	dot2 = strrchr(jwt, '.');
	assert_non_null(dot1);
	assert_true(dot2 > dot1);
	assure_buf_init(&claims, 1 << 16);
	b64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &claims);
	assert_non_null(strstr(assure_buf_str(&claims), "\"iss\":\"" EMAIL
	    "\""));
	assert_non_null(strstr(assure_buf_str(&claims), "\"sub\":\"" ADMIN
	    "\""));
	assert_non_null(strstr(assure_buf_str(&claims), "admin.directory."
	    "user.readonly"));
	assure_buf_free(&claims);
	assure_buf_init(&sig, 4096);
	b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig);
	ctx = EVP_MD_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    rsa), 1);
	assert_int_equal(EVP_DigestVerify(ctx, (unsigned char *)sig.data,
	    sig.len, (const unsigned char *)jwt, (size_t)(dot2 - jwt)), 1);
	EVP_MD_CTX_free(ctx);
	assure_buf_free(&sig);
	free(jwt);
}

/* Every GET carried the access token. */
static void
check_gets(struct httpstub *s)
{
	char h[256];
	size_t i, n = 0;

	for (i = 0; i < httpstub_nrequests(s); i++) {
		const struct httpstub_req *r = httpstub_request(s, i);

		if (strcmp(r->method, "GET") != 0) {
			check_token_request(r);
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
	static const char *const bad[] = { TOKEN, "assertion", "eyJ",
	    "PRIVATE KEY", "MII" };
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

	assert_int_equal(run_list(f->ws, "google", ri, 1, &n, &f->d),
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
	assert_int_equal(f.res.pages, 2);
	assert_int_equal(f.pr.pages, 2);
	assert_int_equal(f.res.records, 2);
	assert_int_equal(httpstub_count(f.s, "/token"), 1);
	assert_int_equal(httpstub_count(f.s, USERS), 2);
	r = httpstub_request(f.s, 1);
	assert_non_null(strstr(r->target, "customer=my_customer&"
	    "maxResults=500&projection=full"));
	assert_null(strstr(r->target, "pageToken"));
	/* The token, URL-escaped. */
	r = httpstub_request(f.s, 2);
	assert_non_null(strstr(r->target, "&pageToken=Q2hQ%2Bpage%2F2%3D%3D"));
	check_gets(f.s);
	check_no_secret(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 2);
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp tok[2], users[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(tok, 0, sizeof(tok));
	tok[0].status = 429;
	tok[0].headers = "Retry-After: 1\r\n";
	tok[1].status = 200;
	tok[1].file = fx("token.json");
	memset(users, 0, sizeof(users));
	users[0].status = 503;
	users[0].body = "{\"error\":{\"code\":503,\"message\":\"Backend "
	    "Error\"}}";
	users[1].status = 200;
	users[1].file = fx("users-2.json");
	httpstub_route(f.s, "POST", "/token", NULL, tok, 2);
	httpstub_route(f.s, "GET", USERS, NULL, users, 2);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(httpstub_count(f.s, "/token"), 2);
	assert_int_equal(httpstub_count(f.s, USERS), 2);
	assert_int_equal(f.res.pages, 1);
	fixture_free(&f);
}

/* A 401 once: a new token and the page again. */
static void
test_401_new_token(void **state)
{
	static struct httpstub_resp users2[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(users2, 0, sizeof(users2));
	users2[0].status = 401;
	users2[0].body = "{\"error\":{\"code\":401,\"message\":\"Request had "
	    "invalid authentication credentials.\",\"status\":"
	    "\"UNAUTHENTICATED\"}}";
	users2[1].status = 200;
	users2[1].file = fx("users-2.json");
	httpstub_route(f.s, "GET", USERS, "pageToken=", users2, 2);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	assert_int_equal(httpstub_count(f.s, "/token"), 2);
	assert_int_equal(f.res.pages, 2);
	check_gets(f.s);
	fixture_free(&f);
}

/* A 401 again after the new token: incomplete, page 1 kept. */
static void
test_401_twice(void **state)
{
	static struct httpstub_resp users2[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(users2, 0, sizeof(users2));
	users2[0].status = 401;
	users2[0].body = "{\"error\":{\"code\":401,\"message\":\"Invalid "
	    "Credentials\"}}";
	httpstub_route(f.s, "GET", USERS, "pageToken=", users2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "refused (HTTP 401) again"));
	assert_non_null(strstr(f.res.why, USERS));
	assert_null(strstr(f.res.why, "?"));
	assert_int_equal(httpstub_count(f.s, "/token"), 2);
	assert_int_equal(httpstub_count(f.s, USERS), 3);
	assert_int_equal(f.res.pages, 1);
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 1);
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
	users2[0].body = "{\"kind\": \"admin#directory#users\", \"users\": [";
	users2[0].content_length = 4000;
	httpstub_route(f.s, "GET", USERS, "pageToken=", users2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_int_equal(f.res.pages, 1);
	check_no_secret(&f);
	fixture_free(&f);
}

/* The token endpoint refusing: a run, incomplete, saying why. */
static void
test_token_refused(void **state)
{
	static struct httpstub_resp tok[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(tok, 0, sizeof(tok));
	tok[0].status = 400;
	tok[0].body = "{\"error\":\"unauthorized_client\",\"error_description"
	    "\":\"Client is unauthorized to retrieve access tokens using this "
	    "method\"}";
	httpstub_route(f.s, "POST", "/token", NULL, tok, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "unauthorized_client"));
	assert_int_equal(httpstub_count(f.s, USERS), 0);
	assert_int_equal(f.res.pages, 0);
	check_no_secret(&f);
	fixture_free(&f);
}

static void
test_bad_targets(void **state)
{
	struct fixture f;
	char *inside;

	(void)state;
	fixture_init(&f);
	script(f.s);
	/* A key inside the workspace is refused, relative or not. */
	inside = tu_join(f.dir, "key.json");
	tu_write_file(inside, "{}", 2);
	f.t.key_file = inside;
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	assert_non_null(strstr(f.d.msg, "inside the workspace"));
	f.t.key_file = f.keyfile;
	f.t.subject = "not-an-address";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.subject = ADMIN;
	f.t.customer = "my_customer&x=1";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.customer = NULL;
	f.t.base_url = "file:///etc";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.base_url = httpstub_url(f.s);
	f.t.key_file = "/nonexistent/key.json";
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_int_equal(httpstub_nrequests(f.s), 0);
	free(inside);
	fixture_free(&f);
}

static char *
pem_of(EVP_PKEY *pk)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *ret;
	long n;

	assert_non_null(b);
	assert_int_equal(PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL,
	    NULL), 1);
	n = BIO_get_mem_data(b, &p);
	ret = strndup(p, (size_t)n);
	BIO_free(b);
	return ret;
}

static int
setup(void **state)
{
	(void)state;
	rsa = EVP_RSA_gen(2048);
	assert_non_null(rsa);
	pem = pem_of(rsa);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(rsa);
	free(pem);
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
		cmocka_unit_test(test_token_refused),
		cmocka_unit_test(test_bad_targets),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
