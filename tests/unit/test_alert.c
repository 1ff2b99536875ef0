/*
 * test_alert.c: webhook alerts (collect/alert.h): which tests turned
 * failing between two evaluations, the document each alert is (valid
 * JSON, Slack's "text" and "blocks", the "assure" object with at most
 * ALERT_EXCEPTIONS_MAX exceptions, warnings left out, hostile text
 * escaped), and delivery to a loopback receiver, whose URL never appears
 * in an error.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "httpstub.h"
#include "collectutil.h"
#include "testutil.h"
#include "collect/alert.h"
#include "collect/http.h"
#include "rules/rules.h"

static void
result(struct test_result *r, const char *id, enum verdict v)
{
	memset(r, 0, sizeof(*r));
	assure_strlcpy(r->test_id, id, sizeof(r->test_id));
	assure_strlcpy(r->criteria, "CC6.1", sizeof(r->criteria));
	r->verdict = v;
}

static void
evaluation(struct evaluation *ev, struct test_result *r, size_t n,
    const char *id)
{
	memset(ev, 0, sizeof(*ev));
	assure_strlcpy(ev->id, id, sizeof(ev->id));
	ev->as_of = 1782864000;
	ev->results = r;
	ev->n = n;
}

static void
test_turns(void **state)
{
	struct test_result a[4], b[5];
	struct evaluation prev, cur;
	struct alert_turns t;

	(void)state;
	result(&a[0], "iam.admin_mfa", VERDICT_PASS);
	result(&a[1], "iam.unique_ids", VERDICT_FAIL);
	result(&a[2], "change.peer_review", VERDICT_PASS);
	result(&a[3], "vuln.remediation_sla", VERDICT_NO_EVIDENCE);
	evaluation(&prev, a, 4, "prev");
	/* Turned: admin_mfa (fail) and peer_review (error).  Not: a test
	 * failing before, one new, one from no evidence, one still passing. */
	result(&b[0], "change.peer_review", VERDICT_ERROR);
	result(&b[1], "iam.unique_ids", VERDICT_FAIL);
	result(&b[2], "iam.admin_mfa", VERDICT_FAIL);
	result(&b[3], "vuln.remediation_sla", VERDICT_FAIL);
	result(&b[4], "policy.approved", VERDICT_FAIL);
	evaluation(&cur, b, 5, "cur");
	assert_int_equal(alert_turns_find(&prev, &cur, &t), ASSURE_OK);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.idx[0], 0);
	assert_int_equal(t.idx[1], 2);
	alert_turns_release(&t);
	/* No previous evaluation: nothing turned. */
	assert_int_equal(alert_turns_find(NULL, &cur, &t), ASSURE_OK);
	assert_int_equal(t.n, 0);
	alert_turns_release(&t);
}

static yajl_val
parse(const struct assure_buf *b)
{
	char err[256];
	yajl_val v;

	assert_int_equal(assure_buf_err(b), ASSURE_OK);
	v = yajl_tree_parse(assure_buf_str(b), err, sizeof(err));
	if (v == NULL)
		fail_msg("not JSON: %s\n%s", err, assure_buf_str(b));
	return v;
}

static const char *
str_at(yajl_val root, const char **path)
{
	yajl_val v = yajl_tree_get(root, path, yajl_t_string);

	assert_non_null(v);
	return YAJL_GET_STRING(v);
}

static void
test_test_document(void **state)
{
	static const char *text[] = { "text", NULL };
	static const char *event[] = { "assure", "event", NULL };
	static const char *url[] = { "assure", "url", NULL };
	static const char *total[] = { "assure", "exceptions_total",
	    NULL };
	static const char *excs[] = { "assure", "exceptions", NULL };
	static const char *blk[] = { "blocks", NULL };
	struct test_result r;
	struct evaluation ev;
	struct assure_buf b;
	char subj[32];
	yajl_val root, v;
	int i;

	(void)state;
	result(&r, "iam.admin_mfa", VERDICT_FAIL);
	for (i = 0; i < 14; i++) {
		snprintf(subj, sizeof(subj), "admin%02d@acme.com", i);
		assert_int_equal(result_add_exception(&r, subj, "no MFA \"%s\""
		    " <b>", "*bold*"), ASSURE_OK);
	}
	assert_int_equal(result_add_warning(&r, "w@acme.com", "a warning"),
	    ASSURE_OK);
	evaluation(&ev, &r, 1, "0190-ev");
	assure_buf_init(&b, 0);
	alert_test_json("Acme \"Payroll\"", "https://assure.acme.com/", &ev,
	    &r, &b);
	root = parse(&b);
	assert_non_null(strstr(str_at(root, text), "iam.admin_mfa now fail "
	    "(14 exceptions)"));
	assert_string_equal(str_at(root, event), "test-failing");
	assert_string_equal(str_at(root, url),
	    "https://assure.acme.com/tests/iam.admin_mfa");
	v = yajl_tree_get(root, total, yajl_t_number);
	assert_non_null(v);
	assert_int_equal(YAJL_GET_INTEGER(v), 14);
	v = yajl_tree_get(root, excs, yajl_t_array);
	assert_non_null(v);
	assert_int_equal(YAJL_GET_ARRAY(v)->len, ALERT_EXCEPTIONS_MAX);
	v = yajl_tree_get(root, blk, yajl_t_array);
	assert_non_null(v);
	assert_int_equal(YAJL_GET_ARRAY(v)->len, 2);
	/* The body says how many more, and never the warning. */
	assert_non_null(strstr(assure_buf_str(&b), "and 4 more"));
	assert_null(strstr(assure_buf_str(&b), "w@acme.com"));
	yajl_tree_free(root);
	assure_buf_free(&b);
	result_release(&r);
}

static void
test_collector_document(void **state)
{
	static const char *event[] = { "assure", "event", NULL };
	static const char *src[] = { "assure", "source", NULL };
	static const char *url[] = { "assure", "url", NULL };
	struct assure_buf b;
	yajl_val root, v;

	(void)state;
	assure_buf_init(&b, 0);
	alert_collector_json("Acme", NULL, "okta", "acme.okta.com", 3,
	    "HTTP 401 from https://acme.okta.com/api/v1/users", &b);
	root = parse(&b);
	assert_string_equal(str_at(root, event), "collector-failing");
	assert_string_equal(str_at(root, src), "okta");
	v = yajl_tree_get(root, url, yajl_t_null);
	assert_non_null(v);
	assert_non_null(strstr(assure_buf_str(&b), "failed 3 times in a row"));
	yajl_tree_free(root);
	assure_buf_free(&b);
}

/*
 * Delivery: the document POSTed as JSON to the webhook; a receiver that
 * keeps failing is an error naming the webhook's label, never its URL
 * (a Slack webhook URL is a credential).
 */
static void
test_delivery(void **state)
{
	static const struct httpstub_resp ok[] = { { .status = 200,
	    .body = "ok" } };
	static const struct httpstub_resp bad[] = { { .status = 500,
	    .body = "down" } };
	struct httpstub *srv = httpstub_start();
	const struct httpstub_req *req;
	struct http_opts o;
	struct assure_buf b;
	struct assure_diag d;
	char url[256], ctype[128];

	(void)state;
	memset(&o, 0, sizeof(o));
	o.retries = 1;
	o.sleep_fn = tu_no_sleep;
	httpstub_route(srv, "POST", "/hooks/T0/B0/secretpart", NULL, ok, 1);
	httpstub_route(srv, "POST", "/hooks/down/secretpart", NULL, bad, 1);
	assure_buf_init(&b, 0);
	alert_collector_json("Acme", "http://127.0.0.1:8080", "github",
	    "acme/api", 2, "HTTP 401", &b);
	snprintf(url, sizeof(url), "%s/hooks/T0/B0/secretpart",
	    httpstub_url(srv));
	assert_int_equal(alert_send(&o, url, "slack-webhook", &b, &d),
	    ASSURE_OK);
	assert_int_equal(httpstub_nrequests(srv), 1);
	req = httpstub_request(srv, 0);
	assert_string_equal(req->method, "POST");
	assert_non_null(httpstub_header(req, "Content-Type", ctype,
	    sizeof(ctype)));
	assert_string_equal(ctype, "application/json");
	assert_int_equal(req->body_len, b.len);
	assert_memory_equal(req->body, b.data, b.len);

	snprintf(url, sizeof(url), "%s/hooks/down/secretpart",
	    httpstub_url(srv));
	assure_diag_clear(&d);
	assert_int_not_equal(alert_send(&o, url, "slack-webhook", &b, &d),
	    ASSURE_OK);
	assert_non_null(strstr(d.msg, "slack-webhook"));
	assert_null(strstr(d.msg, "secretpart"));
	assert_null(strstr(d.source, "secretpart"));
	assure_buf_free(&b);
	httpstub_stop(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_turns),
		cmocka_unit_test(test_test_document),
		cmocka_unit_test(test_collector_document),
		cmocka_unit_test(test_delivery),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
