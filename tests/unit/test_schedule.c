/*
 * test_schedule.c: the server's schedules (collect/schedule.h) against a
 * loopback stub standing in for GitHub and for a webhook receiver:
 *
 *  - a source whose runs fail (GitHub answers 401) is alerted once, when
 *    its streak reaches after_failures, and not again until it recovers;
 *  - an evaluation on schedule that turns a test from pass to fail posts
 *    one test-failing alert naming the test, its exceptions and the
 *    dashboard link; the evaluation before it, all passing, posts none;
 *  - the due times move one period on, and schedule_init() picks them up
 *    from the store after a restart.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpstub.h"
#include "collectutil.h"
#include "testutil.h"
#include "collect/run.h"
#include "collect/schedule.h"
#include "ingest/ingest.h"
#include "workspace/workspace.h"

#define T0	1782864000	/* 2026-07-01T00:00:00Z */
#define HOUR	3600

/* The schedule's log, for a failing test's output. */
static void
log_line(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "schedule: %s\n", line);
}

static void
ingest(struct workspace *ws, const char *name, int64_t as_of)
{
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	char *path = tu_data_path(name);

	memset(&o, 0, sizeof(o));
	o.kind = "aws-iam-credential-report";
	o.path = path;
	o.collector = "test";
	o.collected_at = as_of;
	o.has_as_of = true;
	o.as_of = as_of;
	assure_diag_clear(&d);
	if (ingest_file(ws, &o, &r, &d) != ASSURE_OK)
		fail_msg("ingest %s: %s", name, d.msg);
	free(path);
}

/* The requests to path, counted. */
static size_t
posts(struct httpstub *s, const char *path)
{
	return httpstub_count(s, path);
}

static const struct httpstub_req *
last_post(struct httpstub *s, const char *path)
{
	const struct httpstub_req *r, *found = NULL;
	size_t i, n = httpstub_nrequests(s);

	for (i = 0; i < n; i++) {
		r = httpstub_request(s, i);
		if (strcmp(r->method, "POST") == 0 &&
		    strncmp(r->target, path, strlen(path)) == 0)
			found = r;
	}
	return found;
}

/* Whether a POST to path carried needle in its body. */
static bool
posted(struct httpstub *s, const char *path, const char *needle)
{
	const struct httpstub_req *r;
	char body[65536];
	size_t i, n = httpstub_nrequests(s);

	for (i = 0; i < n; i++) {
		r = httpstub_request(s, i);
		if (strcmp(r->method, "POST") != 0 ||
		    strcmp(r->target, path) != 0)
			continue;
		snprintf(body, sizeof(body), "%.*s", (int)r->body_len,
		    r->body);
		if (strstr(body, needle) != NULL)
			return true;
	}
	return false;
}

static void
test_schedule(void **state)
{
	static const struct httpstub_resp refused[] = { { .status = 401,
	    .headers = "Content-Type: application/json\r\n",
	    .body = "{\"message\": \"Bad credentials\"}" } };
	static const struct httpstub_resp ok[] = { { .status = 200,
	    .body = "ok" } };
	struct httpstub *srv = httpstub_start();
	struct workspace *ws;
	struct config *cfg;
	struct collect_settings *gh;
	struct schedule s, s2;
	struct assure_diag d;
	struct run_info runs[4];
	const struct httpstub_req *req;
	char *dir, body[65536];
	int64_t next;
	size_t n, tests_alerted;

	(void)state;
	setenv("GITHUB_TOKEN", "ghp_testtoken_never_shown", 1);
	ws = tu_workspace_new("Schedule Co", &dir);
	cfg = &ws->cfg;
	/* In memory: the stub speaks http, which assure.yaml refuses. */
	gh = &cfg->collect.src[COLLECT_GITHUB];
	gh->set = true;
	gh->every = HOUR;
	snprintf(gh->base_url, sizeof(gh->base_url), "%s", httpstub_url(srv));
	assure_strlcpy(gh->org, "acme", sizeof(gh->org));
	snprintf(gh->alert.webhook, sizeof(gh->alert.webhook),
	    "%s/hooks/collect", httpstub_url(srv));
	gh->alert.after_failures = 2;
	cfg->collect.evaluate_every = HOUR;
	snprintf(cfg->collect.evaluate_alert.webhook,
	    sizeof(cfg->collect.evaluate_alert.webhook), "%s/hooks/tests",
	    httpstub_url(srv));
	assure_strlcpy(cfg->server.public_url, "https://assure.example.com",
	    sizeof(cfg->server.public_url));
	httpstub_route(srv, "GET", "/orgs/acme", NULL, refused, 1);
	httpstub_route(srv, "GET", "/orgs/acme/members", NULL, refused, 1);
	httpstub_route(srv, "POST", "/hooks/collect", NULL, ok, 1);
	httpstub_route(srv, "POST", "/hooks/tests", NULL, ok, 1);

	assert_true(schedule_wanted(cfg));
	memset(&s, 0, sizeof(s));
	s.sleep_fn = tu_no_sleep;
	s.log = log_line;
	assert_int_equal(schedule_init(&s, ws->root, cfg, T0, &d), ASSURE_OK);
	assert_int_equal(s.next[COLLECT_GITHUB], T0);
	assert_int_equal(s.next_eval, T0);

	/* T0: a clean report; GitHub refuses (1 in a row: no alert yet);
	 * the evaluation passes iam.aws_root and has nothing to compare. */
	ingest(ws, "cli/report-clean.csv", T0 - HOUR);
	assert_int_equal(schedule_tick(&s, ws->root, cfg, T0, &next, &d),
	    ASSURE_OK);
	assert_int_equal(next, T0 + HOUR);
	assert_int_equal(s.failures[COLLECT_GITHUB], 1);
	assert_int_equal(posts(srv, "/hooks/collect"), 0);
	assert_int_equal(posts(srv, "/hooks/tests"), 0);
	assert_int_equal(run_list(ws, "github", runs, 4, &n, &d), ASSURE_OK);
	assert_int_equal(n, 1);
	assert_false(runs[0].complete);

	/* Nothing due before T0 + 1h. */
	assert_int_equal(schedule_tick(&s, ws->root, cfg, T0 + 60, &next,
	    &d), ASSURE_OK);
	assert_int_equal(httpstub_count(srv, "/orgs/acme/members"), 1);

	/* T0 + 1h: root's access key appears (iam.aws_root turns failing);
	 * GitHub refuses again: 2 in a row, the collector alert. */
	ingest(ws, "cli/report-findings.csv", T0 + HOUR - 60);
	assert_int_equal(schedule_tick(&s, ws->root, cfg, T0 + HOUR, &next,
	    &d), ASSURE_OK);
	assert_int_equal(posts(srv, "/hooks/collect"), 1);
	req = last_post(srv, "/hooks/collect");
	assert_non_null(req);
	snprintf(body, sizeof(body), "%.*s", (int)req->body_len, req->body);
	assert_non_null(strstr(body, "\"event\":\"collector-failing\""));
	assert_non_null(strstr(body, "\"failures\":2"));
	assert_null(strstr(body, "ghp_testtoken_never_shown"));
	/* Each test the evaluation turned failing, iam.aws_root among
	 * them (the new report also fails root's MFA). */
	tests_alerted = posts(srv, "/hooks/tests");
	assert_true(tests_alerted >= 1);
	assert_true(posted(srv, "/hooks/tests",
	    "\"event\":\"test-failing\""));
	assert_true(posted(srv, "/hooks/tests",
	    "\"test\":\"iam.aws_root\""));
	assert_true(posted(srv, "/hooks/tests", "https://assure.example.com/"
	    "tests/iam.aws_root"));
	assert_false(posted(srv, "/hooks/tests", "ghp_testtoken"));

	/* T0 + 2h: still refused (3 in a row) and still failing: no new
	 * alert of either kind. */
	assert_int_equal(schedule_tick(&s, ws->root, cfg, T0 + 2 * HOUR,
	    &next, &d), ASSURE_OK);
	assert_int_equal(posts(srv, "/hooks/collect"), 1);
	assert_int_equal(posts(srv, "/hooks/tests"), tests_alerted);
	assert_int_equal(s.failures[COLLECT_GITHUB], 3);

	/* A restart: the due times and the streak come from the store. */
	memset(&s2, 0, sizeof(s2));
	assert_int_equal(schedule_init(&s2, ws->root, cfg, T0 + 2 * HOUR + 60,
	    &d), ASSURE_OK);
	assert_int_equal(s2.failures[COLLECT_GITHUB], 3);
	assert_true(s2.next[COLLECT_GITHUB] > T0 + 2 * HOUR + 60);
	assert_true(s2.next_eval > T0 + 2 * HOUR + 60);

	unsetenv("GITHUB_TOKEN");
	httpstub_stop(srv);
	tu_workspace_free(ws, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
