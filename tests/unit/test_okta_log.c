/*
 * test_okta_log.c: the okta-system-log kind (parse/okta_log.c,
 * ingest/kind_okta_log.c): events counted whole and split anywhere, each
 * required field located when missing or wrong, a root that is not an
 * array refused, and a page ingested as evidence with its record count.
 */
#include "common/compat.h"

#include "ingest/ingest.h"
#include "parse/okta_log.h"
#include "testutil.h"
#include "workspace/workspace.h"

struct count {
	unsigned long	n;
	unsigned long	last_line;
};

static enum assure_err
on_event(unsigned long line, void *arg, struct assure_diag *d)
{
	struct count *c = arg;

	(void)d;
	c->n++;
	c->last_line = line;
	return ASSURE_OK;
}

/* Parse text fed as [0, at) and [at, len); the result, *ret the count. */
static enum assure_err
parse(const char *text, size_t at, struct count *ret, char *diag,
    size_t size)
{
	struct okta_log *p;
	struct assure_diag d;
	size_t len = strlen(text);
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	assure_diag_clear(&d);
	p = okta_log_new("log.json", on_event, ret);
	assert_non_null(p);
	if (at > len)
		at = len;
	rc = okta_log_feed(p, text, at, &d);
	if (rc == ASSURE_OK)
		rc = okta_log_feed(p, text + at, len - at, &d);
	if (rc == ASSURE_OK)
		rc = okta_log_finish(p, &d);
	diag[0] = '\0';
	if (rc != ASSURE_OK)
		assure_diag_format(&d, diag, size);
	okta_log_free(p);
	return rc;
}

#define EV(uuid, pub, type, res)					\
	"{\"uuid\":\"" uuid "\",\"published\":\"" pub "\","		\
	"\"eventType\":\"" type "\",\"outcome\":{\"result\":\"" res "\"," \
	"\"reason\":null},\"actor\":{\"id\":\"00u1\"},\"target\":null}"

static void
test_events(void **state)
{
	static const char text[] = "[\n" EV("a1", "2026-11-26T08:12:44.517Z",
	    "user.session.start", "SUCCESS") ",\n" EV("a2",
	    "2026-11-26T09:30:02.104Z", "user.lifecycle.deactivate",
	    "SUCCESS") ",\n" EV("a3", "2026-11-26T10:00:00+01:00",
	    "policy.evaluate_sign_on", "DENY") "\n]\n";
	struct count c;
	char diag[512];
	size_t at;

	(void)state;
	for (at = 0; at <= sizeof(text) - 1; at++) {
		assert_int_equal(parse(text, at, &c, diag, sizeof(diag)),
		    ASSURE_OK);
		assert_int_equal(c.n, 3);
		assert_int_equal(c.last_line, 4);
	}
	assert_int_equal(parse("[]", 1, &c, diag, sizeof(diag)), ASSURE_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(parse(" \n [ ] ", 2, &c, diag, sizeof(diag)),
	    ASSURE_OK);
}

static void
test_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} bad[] = {
		{ "[{\"published\":\"2026-01-01T00:00:00Z\","
		    "\"eventType\":\"x\",\"outcome\":{\"result\":\"S\"}}]",
		    "uuid" },
		{ "[{\"uuid\":\"u\",\"published\":\"2026-01-01T00:00:00Z\","
		    "\"outcome\":{\"result\":\"S\"}}]", "eventType" },
		{ "[{\"uuid\":\"u\",\"published\":\"2026-01-01T00:00:00Z\","
		    "\"eventType\":\"x\",\"outcome\":null}]",
		    "outcome.result" },
		{ "[{\"uuid\":\"u\",\"eventType\":\"x\",\"outcome\":"
		    "{\"result\":\"S\"}}]", "published" },
		/* Okta's own doc example has this impossible date. */
		{ "[{\"uuid\":\"u\",\"published\":"
		    "\"2017-09-31T22:23:07.777Z\",\"eventType\":\"x\","
		    "\"outcome\":{\"result\":\"S\"}}]", "RFC 3339" },
		{ "[{\"uuid\":7,\"published\":\"2026-01-01T00:00:00Z\","
		    "\"eventType\":\"x\",\"outcome\":{\"result\":\"S\"}}]",
		    "non-empty string" },
		{ "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid "
		    "token provided\"}", "JSON array" },
		{ "", "empty file" },
		{ "[{\"uuid\":\"u\",\"published\":\"2026-", "log.json" },
	};
	struct count c;
	char diag[512];
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assert_int_equal(parse(bad[i].text, 3, &c, diag,
		    sizeof(diag)), ASSURE_ERR_PARSE);
		if (strstr(diag, bad[i].want) == NULL)
			fail_msg("%zu: '%s' lacks '%s'", i, diag, bad[i].want);
		assert_non_null(strstr(diag, "log.json"));
	}
	/* Located: line and column of the field. */
	assert_int_equal(parse("[\n{\"uuid\":\"u\",\"published\":\"x\","
	    "\"eventType\":\"x\",\"outcome\":{\"result\":\"S\"}}]", 0, &c,
	    diag, sizeof(diag)), ASSURE_ERR_PARSE);
	assert_non_null(strstr(diag, "log.json:2:"));
}

static void
test_ingest(void **state)
{
	struct workspace *ws;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	char *dir, *path, *fx;

	(void)state;
	ws = tu_workspace_new("acme", &dir);
	fx = tu_data_path("collect/okta/logs.json");
	memset(&o, 0, sizeof(o));
	o.kind = "okta-system-log";
	o.path = fx;
	o.collector = "test";
	o.collected_at = 1780000000;
	assert_non_null(ingest_kind_find("okta-system-log"));
	assert_int_equal(ingest_file(ws, &o, &r, &d), ASSURE_OK);
	assert_int_equal(r.records, 2);
	/* A refused page stores nothing. */
	path = tu_join(dir, "bad.json");
	tu_write_file(path, "[{\"uuid\":\"u\"}]", 14);
	o.path = path;
	assert_int_equal(ingest_file(ws, &o, &r, &d), ASSURE_ERR_PARSE);
	assert_non_null(strstr(d.msg, "eventType"));
	/* No kind options (bytes not stored yet). */
	tu_write_file(path, "[]\n", 3);
	o.tenant = "acme.okta.com";
	assert_int_equal(ingest_file(ws, &o, &r, &d), ASSURE_ERR_INVAL);
	free(path);
	free(fx);
	tu_workspace_free(ws, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_ingest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
