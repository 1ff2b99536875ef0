/*
 * test_collect_aws.c: the AWS IAM collector (collect/aws.c) against the
 * stub server replaying IAM's Query API XML (tests/data/collect/aws/):
 * every request's SigV4 Authorization recomputed with sigv4_sign() for
 * the same inputs; the credential report polled until COMPLETE, its XML
 * kept as a document and its CSV as aws-iam-credential-report; the
 * authorization details paged by Marker, each XML kept and the whole
 * converted for aws-iam-authorization-details; 503 retried; refused keys,
 * a report never ready and a cut body ending the run incomplete with its
 * earlier pages kept; no key in any message.
 */
#include "common/compat.h"

#include <time.h>

#include "collect/aws.h"
#include "collect/run.h"
#include "collect/sigv4.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "rules/population.h"
#include "rules/rules.h"
#include "secret/secret.h"
#include "collectutil.h"
#include "testutil.h"
#include "workspace/workspace.h"

#define KEY_ID	"AKIDTESTEXAMPLE0001"
#define SECRET	"wJalrXUtnFEMI/K7MDENG+bPxRfiCYTESTKEY01"
#define SESSION	"FwoGZXIvYXdzEXAMPLEsessiontoken0001"


#define fx(name)	tu_fixture("collect/aws", (name))
#define fx_free()	tu_fixtures_free()

static unsigned sleeps;

static void
count_sleep(void *arg, long seconds)
{
	(void)arg;
	(void)seconds;
	sleeps++;
}

struct fixture {
	struct httpstub		*s;
	struct workspace	*ws;
	char			*dir;
	struct http_opts	 ho;
	struct tu_progress		 pr;
	struct collect_progress	 cp;
	struct aws_target	 t;
	struct collect_result	 res;
	struct assure_diag	 d;
};

static struct httpstub_resp r_gen[2], r_report[1], r_authz1[1], r_authz2[1];

static void
script(struct httpstub *s)
{
	static const char *const xml = "Content-Type: text/xml\r\n";

	memset(r_gen, 0, sizeof(r_gen));
	r_gen[0].status = 200;
	r_gen[0].headers = xml;
	r_gen[0].file = fx("generate-started.xml");
	r_gen[1] = r_gen[0];
	r_gen[1].file = fx("generate-complete.xml");
	memset(r_report, 0, sizeof(r_report));
	r_report[0].status = 200;
	r_report[0].headers = xml;
	r_report[0].file = fx("get-report.xml");
	memset(r_authz1, 0, sizeof(r_authz1));
	r_authz1[0].status = 200;
	r_authz1[0].headers = xml;
	r_authz1[0].file = fx("authz-1.xml");
	r_authz2[0] = r_authz1[0];
	r_authz2[0].file = fx("authz-2.xml");
	httpstub_route(s, "GET", "/", "Action=GenerateCredentialReport",
	    r_gen, 2);
	httpstub_route(s, "GET", "/", "Action=GetCredentialReport", r_report,
	    1);
	httpstub_route(s, "GET", "/", "Marker=", r_authz2, 1);
	httpstub_route(s, "GET", "/", "Action=GetAccountAuthorizationDetails",
	    r_authz1, 1);
}

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SESSION_TOKEN");
	f->s = httpstub_start();
	f->ws = tu_workspace_new("acme", &f->dir);
	assert_int_equal(secret_set(f->ws->dotdir, "aws-access-key-id",
	    KEY_ID, strlen(KEY_ID), &f->d), ASSURE_OK);
	assert_int_equal(secret_set(f->ws->dotdir, "aws-secret-access-key",
	    SECRET, strlen(SECRET), &f->d), ASSURE_OK);
	f->ho.timeout = 5;
	f->ho.connect_timeout = 2;
	f->ho.sleep_fn = count_sleep;
	f->cp.page = tu_on_page;
	f->cp.note = tu_on_note;
	f->cp.arg = &f->pr;
	f->t.base_url = httpstub_url(f->s);
	sleeps = 0;
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
	return collect_aws(f->ws, &f->t, &f->ho, &f->cp, assure_now(),
	    &f->res, &f->d);
}

/*
 * Every request's Authorization is the one sigv4_sign() computes for the
 * same method, host, path, query and X-Amz-Date, with the keys given
 * (and the session token, when session is set).
 */
static void
check_signatures(struct fixture *f, const char *session)
{
	struct sigv4_creds c = { KEY_ID, SECRET, session };
	struct sigv4_request r;
	struct sigv4_signed sg;
	struct tm tm;
	char date[64], auth[1024], tok[256];
	const char *host = httpstub_url(f->s) + strlen("http://");
	size_t i;

	assert_true(httpstub_nrequests(f->s) > 0);
	for (i = 0; i < httpstub_nrequests(f->s); i++) {
		const struct httpstub_req *q = httpstub_request(f->s, i);
		const char *qm = strchr(q->target, '?');

		assert_non_null(qm);
		assert_non_null(httpstub_header(q, "X-Amz-Date", date,
		    sizeof(date)));
		assert_non_null(httpstub_header(q, "Authorization", auth,
		    sizeof(auth)));
		assert_non_null(strstr(auth, "AWS4-HMAC-SHA256 Credential="
		    KEY_ID "/"));
		assert_non_null(strstr(auth, "/us-east-1/iam/aws4_request"));
		if (session != NULL) {
			assert_non_null(strstr(auth, "SignedHeaders=host;"
			    "x-amz-date;x-amz-security-token,"));
			assert_non_null(httpstub_header(q,
			    "X-Amz-Security-Token", tok, sizeof(tok)));
			assert_string_equal(tok, session);
		} else
			assert_non_null(strstr(auth, "SignedHeaders=host;"
			    "x-amz-date,"));
		memset(&tm, 0, sizeof(tm));
		assert_int_equal(sscanf(date, "%4d%2d%2dT%2d%2d%2dZ",
		    &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		    &tm.tm_min, &tm.tm_sec), 6);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		memset(&r, 0, sizeof(r));
		r.method = q->method;
		r.host = host;
		r.path = "/";
		r.query = qm + 1;
		r.region = "us-east-1";
		r.service = "iam";
		r.now = (int64_t)timegm(&tm);
		assert_int_equal(sigv4_sign(&c, &r, &sg, &f->d), ASSURE_OK);
		assert_string_equal(auth, assure_buf_str(&sg.authorization));
		sigv4_signed_free(&sg);
	}
}

static void
check_no_secret(const struct fixture *f)
{
	static const char *const bad[] = { SECRET, SESSION, "Signature=" };
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

	assert_int_equal(run_list(f->ws, "aws", ri, 1, &n, &f->d), ASSURE_OK);
	assert_int_equal(n, 1);
}

/*
 * The accounts the identity tests see as of now: alice (admin through
 * the group Admins, whose policy came on the second page) and ci-bot.
 * *ret_alice_admin is alice's is_admin, -2 when she is not there.
 */
static size_t
accounts(struct fixture *f, int *ret_alice_admin)
{
	struct population p;
	struct test_ctx ctx;
	size_t i, n;

	memset(&ctx, 0, sizeof(ctx));
	ctx.store = f->ws->store;
	ctx.cfg = &f->ws->cfg;
	ctx.as_of = assure_now() + 60;
	memset(&p, 0, sizeof(p));
	assert_int_equal(population_load(&ctx, POP_ACCOUNTS, &p, &f->d),
	    ASSURE_OK);
	*ret_alice_admin = -2;
	for (i = 0; i < p.nacc; i++)
		if (strcmp(p.acc[i].login, "alice") == 0)
			*ret_alice_admin = p.acc[i].is_admin;
	n = p.nacc;
	population_release(&p);
	return n;
}

static void
test_complete(void **state)
{
	struct fixture f;
	struct run_info ri;
	size_t i;
	bool marker = false;
	int admin;

	(void)state;
	fixture_init(&f);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	/* The report's XML and CSV; two authorization pages and the
	 * converted whole (alice and ci-bot). */
	assert_string_equal(f.pr.counts, "document 0\n"
	    "aws-iam-credential-report 3\ndocument 0\ndocument 0\n"
	    "aws-iam-authorization-details 2\n");
	assert_int_equal(f.res.pages, 5);
	assert_int_equal(f.res.records, 5);
	/* STARTED, one wait, COMPLETE. */
	assert_int_equal(sleeps, 1);
	assert_non_null(strstr(f.pr.notes, "credential report is STARTED"));
	assert_int_equal(httpstub_count(f.s, "/"), 5);
	for (i = 0; i < httpstub_nrequests(f.s); i++) {
		const char *t = httpstub_request(f.s, i)->target;

		assert_non_null(strstr(t, "Version=2010-05-08"));
		if (strstr(t, "Marker=") != NULL) {
			marker = true;
			assert_non_null(strstr(t, "Marker=EXAMPLEkakv9BCuUNF"
			    "DtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl%2F"
			    "eeaCX3Jo94%2FbKqezEAg8TEVS99EKFLxm3jtbpl25FD"
			    "WEXAMPLE"));
		}
	}
	assert_true(marker);
	check_signatures(&f, NULL);
	check_no_secret(&f);
	last_run(&f, &ri);
	assert_true(ri.complete);
	assert_int_equal(ri.pages, 5);
	assert_int_equal(accounts(&f, &admin), 2);
	assert_int_equal(admin, 1);
	fixture_free(&f);
}

/* Keys from the environment, with a session token. */
static void
test_env_session(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	assert_int_equal(secret_remove(f.ws->dotdir, "aws-access-key-id",
	    &f.d), ASSURE_OK);
	assert_int_equal(run(&f), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(f.d.msg, "AWS_ACCESS_KEY_ID"));
	assert_int_equal(httpstub_nrequests(f.s), 0);
	setenv("AWS_ACCESS_KEY_ID", KEY_ID, 1);
	setenv("AWS_SESSION_TOKEN", SESSION, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	check_signatures(&f, SESSION);
	check_no_secret(&f);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SESSION_TOKEN");
	fixture_free(&f);
}

static void
test_retries(void **state)
{
	static struct httpstub_resp report[2], authz[2];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(report, 0, sizeof(report));
	report[0].status = 503;
	report[0].body = "<ErrorResponse><Error><Code>ServiceUnavailable"
	    "</Code></Error></ErrorResponse>";
	report[1].status = 200;
	report[1].file = fx("get-report.xml");
	memset(authz, 0, sizeof(authz));
	authz[0].status = 429;
	authz[0].headers = "Retry-After: 2\r\n";
	authz[1].status = 200;
	authz[1].file = fx("authz-2.xml");
	httpstub_route(f.s, "GET", "/", "Action=GetCredentialReport", report,
	    2);
	httpstub_route(f.s, "GET", "/", "Action=GetAccountAuthorizationDetails",
	    authz, 2);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	if (!f.res.complete)
		fail_msg("incomplete: %s", f.res.why);
	/* The generation 2, the report 2, the authorization 2. */
	assert_int_equal(httpstub_count(f.s, "/"), 6);
	assert_int_equal(f.res.pages, 4);
	check_signatures(&f, NULL);
	fixture_free(&f);
}

static void
test_refused(void **state)
{
	static struct httpstub_resp gen[1];
	struct fixture f;
	struct run_info ri;

	(void)state;
	fixture_init(&f);
	memset(gen, 0, sizeof(gen));
	gen[0].status = 403;
	gen[0].file = fx("error-signature.xml");
	httpstub_route(f.s, "GET", "/", "Action=GenerateCredentialReport",
	    gen, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "keys were refused (HTTP 403: "
	    "SignatureDoesNotMatch"));
	assert_non_null(strstr(f.res.why, "assure secret set "
	    "aws-access-key-id"));
	assert_null(strstr(f.res.why, "Action="));
	assert_int_equal(f.res.pages, 0);
	last_run(&f, &ri);
	assert_false(ri.complete);
	check_no_secret(&f);
	fixture_free(&f);
}

static void
test_never_ready(void **state)
{
	static struct httpstub_resp gen[1];
	struct fixture f;

	(void)state;
	fixture_init(&f);
	memset(gen, 0, sizeof(gen));
	gen[0].status = 200;
	gen[0].file = fx("generate-started.xml");
	httpstub_route(f.s, "GET", "/", "Action=GenerateCredentialReport",
	    gen, 1);
	script(f.s);
	f.t.poll_max = 3;
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "still STARTED after 3 tries"));
	assert_int_equal(httpstub_count(f.s, "/"), 3);
	assert_int_equal(sleeps, 2);
	assert_int_equal(f.res.pages, 0);
	fixture_free(&f);
}

/* The second authorization page cut: the pages before it kept, the
 * converted whole not. */
static void
test_truncated(void **state)
{
	static struct httpstub_resp authz2[1];
	struct fixture f;
	struct run_info ri;
	int admin;

	(void)state;
	fixture_init(&f);
	memset(authz2, 0, sizeof(authz2));
	authz2[0].status = 200;
	authz2[0].body = "<GetAccountAuthorizationDetailsResponse><GetAccount";
	authz2[0].content_length = 4000;
	httpstub_route(f.s, "GET", "/", "Marker=", authz2, 1);
	script(f.s);
	assert_int_equal(run(&f), ASSURE_OK);
	assert_false(f.res.complete);
	assert_non_null(strstr(f.res.why, "cut short"));
	assert_int_equal(f.res.pages, 3);
	assert_null(strstr(f.pr.counts, "aws-iam-authorization-details"));
	last_run(&f, &ri);
	assert_false(ri.complete);
	assert_int_equal(ri.pages, 3);
	/* An incomplete run's pages are no population. */
	assert_int_equal(accounts(&f, &admin), 0);
	check_no_secret(&f);
	fixture_free(&f);
}

static void
test_bad_targets(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	f.t.base_url = "ftp://iam.amazonaws.com";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.base_url = "https://user@evil.example";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	f.t.base_url = httpstub_url(f.s);
	f.t.region = "US_EAST";
	assert_int_equal(run(&f), ASSURE_ERR_INVAL);
	assert_int_equal(httpstub_nrequests(f.s), 0);
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_env_session),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_never_ready),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
