/*
 * test_config.c: assure.yaml parsing: defaults, every key, and located
 * errors for unknown keys, bad values and malformed YAML.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/timeutil.h"
#include "workspace/config.h"

static enum assure_err
parse(const char *text, struct config *c, struct assure_diag *d)
{
	assure_diag_clear(d);
	return config_parse(text, strlen(text), "assure.yaml", c, d);
}

static void
test_full(void **state)
{
	struct config c;
	struct assure_diag d;
	int64_t t;

	(void)state;
	assert_int_equal(parse("organisation: Acme Payroll\n"
	    "system: Payroll Platform\ntimezone: Europe/London\n"
	    "categories: [security, availability, privacy]\n"
	    "observation_period:\n  start: 2025-07-01\n  end: 2026-06-30\n"
	    "slas:\n  leaver_revocation: 24h\n  access_review: 13w\n"
	    "  vulnerability: {critical: 3d, high: 14d, medium: 60d, low: 120d}\n"
	    "evidence:\n  freshness: 7d\n", &c, &d), ASSURE_OK);
	assert_string_equal(c.organisation, "Acme Payroll");
	assert_string_equal(c.system, "Payroll Platform");
	assert_string_equal(c.timezone, "Europe/London");
	assert_int_equal(c.categories, TSC_SECURITY | TSC_AVAILABILITY |
	    TSC_PRIVACY);
	assert_int_equal(assure_time_parse("2025-07-01", 10, &t), 0);
	assert_int_equal(c.period_start, t);
	assert_int_equal(assure_time_parse("2026-06-30T23:59:59Z", 20, &t), 0);
	assert_int_equal(c.period_end, t);
	assert_int_equal(c.sla.leaver_revocation, 86400);
	assert_int_equal(c.sla.access_review, 13 * 7 * 86400);
	assert_int_equal(c.sla.vuln_critical, 3 * 86400);
	assert_int_equal(c.sla.vuln_low, 120 * 86400);
	assert_int_equal(c.freshness, 7 * 86400);
}

static void
test_defaults_and_security_forced(void **state)
{
	struct config c;
	struct assure_diag d;

	(void)state;
	assert_int_equal(parse("organisation: X\ncategories: availability\n",
	    &c, &d), ASSURE_OK);
	assert_int_equal(c.categories, TSC_SECURITY | TSC_AVAILABILITY);
	assert_string_equal(c.system, "X");
	assert_int_equal(c.freshness, EVIDENCE_DEFAULT_FRESHNESS);
	assert_int_equal(c.sla.vuln_high, SLA_DEFAULT_VULN_HIGH);
	/* The default period is a year ending today. */
	assert_true(c.period_end - c.period_start == 365 * 86400 - 1);
}

static void expect_error(const char *text, unsigned long line,
    unsigned long col, const char *field, const char *needle);

/* iam: dormant_after and key_max_age, their defaults and errors. */
static void
test_iam_settings(void **state)
{
	struct config c;
	struct assure_diag d;

	(void)state;
	assert_int_equal(parse("organisation: A\n", &c, &d), ASSURE_OK);
	assert_int_equal(c.iam.dormant_after, 90 * 86400);
	assert_int_equal(c.iam.key_max_age, 90 * 86400);
	assert_int_equal(parse("organisation: A\niam:\n  dormant_after: 30d\n"
	    "  key_max_age: 12w\n", &c, &d), ASSURE_OK);
	assert_int_equal(c.iam.dormant_after, 30 * 86400);
	assert_int_equal(c.iam.key_max_age, 84 * 86400);
	expect_error("organisation: A\niam:\n  dormant: 1d\n", 3, 3,
	    NULL, "dormant_after, key_max_age");
	expect_error("organisation: A\niam:\n  key_max_age: never\n", 3, 16,
	    "iam.key_max_age", "");
}

static void
expect_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	struct config c;
	struct assure_diag d;
	char msg[2048];

	assert_int_equal(parse(text, &c, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, msg, sizeof(msg));
	if (line != d.line || col != d.column ||
	    strstr(msg, needle) == NULL ||
	    (field != NULL && strcmp(d.field, field) != 0))
		fail_msg("for %s got '%s' (line %lu col %lu)", text, msg,
		    d.line, d.column);
	assert_string_equal(d.source, "assure.yaml");
}

static void
test_located_errors(void **state)
{
	(void)state;
	expect_error("organisation: A\ncolour: blue\n", 2, 1, "colour",
	    "unknown key");
	expect_error("organisation: A\nslas:\n  leaver_revokation: 1d\n", 3,
	    3, "leaver_revokation", "unknown key in slas");
	expect_error("organisation: A\nslas:\n  leaver_revocation: soon\n", 3,
	    22, "slas.leaver_revocation", "expected a duration");
	expect_error("organisation: A\ncategories: [security, avail]\n", 2,
	    24, "categories", "unknown category 'avail'");
	expect_error("organisation: A\nobservation_period:\n  start: "
	    "2025-13-01\n", 3, 10, "observation_period.start",
	    "expected a date");
	expect_error("organisation: A\norganisation: B\n", 2, 1,
	    "organisation", "duplicate key");
	expect_error("organisation: [1, 2]\n", 1, 15, "organisation",
	    "expected a string");
	expect_error("system: S\n", 1, 1, "organisation", "required");
	expect_error("organisation: A\norg: 'acme payroll'\n", 2, 6, "org",
	    "expected 1 to 63 letters");
	expect_error("organisation: A\norg: -acme\n", 2, 6, "org",
	    "a letter or digit first");
	expect_error("organisation: A\nobservation_period: {start: "
	    "2026-01-01, end: 2025-01-01}\n", 1, 1, "observation_period",
	    "end is before start");
	/* Malformed YAML is located by libyaml. */
	expect_error("organisation: A\n  bad: [\n", 2, 6, NULL, "");
	expect_error("", 1, 1, NULL, "empty file");
	expect_error("- a\n- b\n", 1, 1, NULL, "expected a mapping");
}

static void
test_render_round_trip(void **state)
{
	struct config c, c2;
	struct assure_diag d;
	struct assure_buf b;

	(void)state;
	config_defaults(&c);
	assure_strlcpy(c.organisation, "Quote \"Co\"", sizeof(c.organisation));
	assure_strlcpy(c.system, "Sys", sizeof(c.system));
	c.categories = TSC_SECURITY | TSC_CONFIDENTIALITY |
	    TSC_PROCESSING_INTEGRITY;
	c.sla.leaver_revocation = 3600 * 36;
	assure_buf_init(&b, 0);
	config_render(&c, &b);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	assert_int_equal(parse(assure_buf_str(&b), &c2, &d), ASSURE_OK);
	assert_string_equal(c2.organisation, c.organisation);
	assert_int_equal(c2.categories, c.categories);
	assert_int_equal(c2.period_start, c.period_start);
	assert_int_equal(c2.period_end, c.period_end);
	assert_int_equal(c2.sla.leaver_revocation, c.sla.leaver_revocation);
	assert_int_equal(c2.freshness, c.freshness);
	/* The key made from the name is written out. */
	assert_string_equal(c2.org, "quote-co");
	assert_non_null(strstr(assure_buf_str(&b), "\norg: quote-co\n"));
	assure_buf_free(&b);
}

/* org: given, or made from the organisation's name. */
static void
test_org_key(void **state)
{
	struct config c;
	struct assure_diag d;
	char out[64];
	char longname[200];

	(void)state;
	assert_int_equal(parse("organisation: Acme Payroll, Inc.\n", &c, &d),
	    ASSURE_OK);
	assert_string_equal(c.org, "acme-payroll-inc");
	assert_int_equal(parse("organisation: Acme\norg: acme.eu_2\n", &c,
	    &d), ASSURE_OK);
	assert_string_equal(c.org, "acme.eu_2");
	config_org_from_name("  --Ünïcode  Ltd  ", out, sizeof(out));
	assert_string_equal(out, "n-code-ltd");
	config_org_from_name("***", out, sizeof(out));
	assert_string_equal(out, "org");
	/* At most 63 bytes, never ending in '-'. */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	longname[62] = ' ';
	config_org_from_name(longname, out, sizeof(out));
	assert_int_equal(strlen(out), 62);
	assert_true(out[strlen(out) - 1] != '-');
}

static void
test_period_and_categories(void **state)
{
	int64_t a, b, t;
	unsigned bits;
	char bad[64];

	(void)state;
	assert_int_equal(config_parse_period("2025-07-01..2026-06-30", &a, &b),
	    0);
	assert_int_equal(assure_time_parse("2026-06-30T23:59:59Z", 20, &t), 0);
	assert_int_equal(b, t);
	assert_int_equal(config_parse_period("2026-07-01..2025-06-30", &a, &b),
	    -1);
	assert_int_equal(config_parse_period("2025-07-01", &a, &b), -1);
	assert_int_equal(config_parse_categories("availability, privacy",
	    &bits, bad, sizeof(bad)), 0);
	assert_int_equal(bits, TSC_SECURITY | TSC_AVAILABILITY | TSC_PRIVACY);
	assert_int_equal(config_parse_categories("security,bogus", &bits, bad,
	    sizeof(bad)), -1);
	assert_string_equal(bad, "bogus");
}

static void
test_time_and_durations(void **state)
{
	int64_t t;
	char s[ASSURE_TIME_STRLEN], dur[16];

	(void)state;
	assert_int_equal(assure_time_parse("2022-05-27T10:25:43+00:00", 25, &t),
	    0);
	assure_time_format(t, s);
	assert_string_equal(s, "2022-05-27T10:25:43Z");
	assert_int_equal(assure_time_parse("2022-05-27T12:25:43.123+02:00", 29,
	    &t), 0);
	assure_time_format(t, s);
	assert_string_equal(s, "2022-05-27T10:25:43Z");
	assert_int_equal(assure_time_parse("2024-02-29", 10, &t), 0);
	assert_int_equal(assure_time_parse("2023-02-29", 10, &t), -1);
	assert_int_equal(assure_time_parse("2023-01-01T10:00:00", 19, &t), -1);
	assert_int_equal(assure_time_parse("N/A", 3, &t), -1);
	assert_int_equal(assure_time_parse("0000-00-00", 10, &t), -1);
	assert_int_equal(assure_duration_parse("90d", &t), 0);
	assert_int_equal(t, 90 * 86400);
	assert_int_equal(assure_duration_parse("d", &t), -1);
	assert_int_equal(assure_duration_parse("-1d", &t), -1);
	assure_duration_format(36 * 3600, dur, sizeof(dur));
	assert_string_equal(dur, "36h");
}

/* Sample sizes: defaults by frequency, each settable, bounded, rendered. */
static void
test_sample_sizes(void **state)
{
	static const int want[CONFIG_FREQUENCIES] = { 25, 25, 5, 2, 2, 1, 25 };
	struct config c, back;
	struct assure_diag d;
	struct assure_buf out;
	char diag[512];
	size_t i;

	(void)state;
	assert_int_equal(parse("organisation: A\n", &c, &d), ASSURE_OK);
	for (i = 0; i < CONFIG_FREQUENCIES; i++)
		assert_int_equal(c.sample_size[i], want[i]);
	assert_int_equal(parse("organisation: A\nsample:\n  quarterly: 4\n"
	    "  per-event: 40\n", &c, &d), ASSURE_OK);
	assert_int_equal(c.sample_size[4], 4);
	assert_int_equal(c.sample_size[6], 40);
	assert_int_equal(c.sample_size[5], 1);
	assure_buf_init(&out, ASSURE_BUF_DEFAULT_MAX);
	config_render(&c, &out);
	assert_non_null(strstr(assure_buf_str(&out), "\nsample:\n"));
	assert_int_equal(config_parse(assure_buf_str(&out), out.len,
	    "assure.yaml", &back, &d), ASSURE_OK);
	for (i = 0; i < CONFIG_FREQUENCIES; i++)
		assert_int_equal(back.sample_size[i], c.sample_size[i]);
	assure_buf_free(&out);
	assert_int_equal(parse("organisation: A\nsample:\n  weekly: 0\n", &c,
	    &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, diag, sizeof(diag));
	assert_string_equal(diag, "assure.yaml:3:11: sample.weekly: expected "
	    "a sample size from 1 to 1000, got '0'");
	assert_int_equal(parse("organisation: A\nsample:\n  hourly: 3\n", &c,
	    &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, diag, sizeof(diag));
	assert_non_null(strstr(diag, "assure.yaml:3:3: hourly: unknown key in sample"));
}

/* server: defaults, every key, bounds, the listen address, rendering. */
static void
test_server_settings(void **state)
{
	struct config c, back;
	struct assure_diag d;
	struct assure_buf out;
	char diag[512], host[64], why[128];
	unsigned port;
	uint64_t n;

	(void)state;
	assert_int_equal(parse("organisation: A\n", &c, &d), ASSURE_OK);
	assert_string_equal(c.server.listen, "127.0.0.1:8080");
	assert_int_equal(c.server.max_header_bytes, 16 * 1024);
	assert_int_equal(c.server.max_body_bytes, 1024 * 1024);
	assert_int_equal(c.server.max_upload_bytes, 64 * 1024 * 1024);
	assert_int_equal(c.server.max_connections, 64);
	assert_int_equal(c.server.request_timeout, 30);
	assert_int_equal(c.server.session_idle, 30 * 60);
	assert_int_equal(c.server.session_absolute, 12 * 3600);
	assert_int_equal(c.server.login_attempts, 5);
	assert_int_equal(c.server.lockout, 15 * 60);
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  listen: \"[::1]:9000\"\n  max_header_bytes: 32k\n"
	    "  max_body_bytes: 2M\n  max_upload_bytes: 1G\n"
	    "  max_connections: 10\n  request_timeout: 1m\n"
	    "  session_idle: 10m\n  session_absolute: 8h\n"
	    "  login_attempts: 3\n  lockout: 1h\n", &c, &d), ASSURE_OK);
	assert_string_equal(c.server.listen, "[::1]:9000");
	assert_int_equal(c.server.max_header_bytes, 32 * 1024);
	assert_int_equal(c.server.max_body_bytes, 2 * 1024 * 1024);
	assert_int_equal(c.server.max_upload_bytes, 1024ull * 1024 * 1024);
	assert_int_equal(c.server.max_connections, 10);
	assert_int_equal(c.server.request_timeout, 60);
	assert_int_equal(c.server.session_absolute, 8 * 3600);
	assert_int_equal(c.server.login_attempts, 3);
	assert_int_equal(c.server.lockout, 3600);
	assure_buf_init(&out, ASSURE_BUF_DEFAULT_MAX);
	config_render(&c, &out);
	assert_non_null(strstr(assure_buf_str(&out), "\nserver:\n"
	    "  listen: \"[::1]:9000\"\n  max_header_bytes: 32k\n"
	    "  max_body_bytes: 2M\n  max_upload_bytes: 1G\n"));
	assert_int_equal(config_parse(assure_buf_str(&out), out.len,
	    "assure.yaml", &back, &d), ASSURE_OK);
	assert_string_equal(back.server.listen, c.server.listen);
	assert_int_equal(back.server.max_upload_bytes,
	    c.server.max_upload_bytes);
	assert_int_equal(back.server.session_idle, c.server.session_idle);
	assert_int_equal(back.server.lockout, c.server.lockout);
	assure_buf_free(&out);
	/* Located errors. */
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  max_body_bytes: 10\n", &c, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, diag, sizeof(diag));
	assert_string_equal(diag, "assure.yaml:3:19: server.max_body_bytes: "
	    "expected a size from 1k to 64M bytes (suffix k, M or G), got "
	    "'10'");
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  listen: 8080\n", &c, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, diag, sizeof(diag));
	assert_non_null(strstr(diag, "assure.yaml:3:11: server.listen: "
	    "expected HOST:PORT"));
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  listen: \"127.0.0.1:99999\"\n", &c, &d), ASSURE_ERR_PARSE);
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  max_connections: 0\n", &c, &d), ASSURE_ERR_PARSE);
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  login_attempts: many\n", &c, &d), ASSURE_ERR_PARSE);
	assert_int_equal(parse("organisation: A\nserver:\n"
	    "  session_idle: 1d\n  session_absolute: 1h\n", &c, &d),
	    ASSURE_ERR_PARSE);
	assert_int_equal(parse("organisation: A\nserver:\n  port: 80\n",
	    &c, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, diag, sizeof(diag));
	assert_non_null(strstr(diag, "assure.yaml:3:3: port: unknown key in "
	    "server"));
	/* The helpers. */
	assert_int_equal(config_parse_size("16k", &n), 0);
	assert_int_equal(n, 16384);
	assert_int_equal(config_parse_size("16kb", &n), -1);
	assert_int_equal(config_parse_size("-1", &n), -1);
	assert_int_equal(config_parse_size("99999999999999999999", &n), -1);
	assert_int_equal(config_parse_listen("localhost:0", host,
	    sizeof(host), &port, why, sizeof(why)), 0);
	assert_string_equal(host, "localhost");
	assert_int_equal(port, 0);
	assert_int_equal(config_parse_listen("::1:80", host, sizeof(host),
	    &port, why, sizeof(why)), -1);
	assert_int_equal(config_parse_listen("[::1]:80", host, sizeof(host),
	    &port, why, sizeof(why)), 0);
	assert_string_equal(host, "::1");
}

static void
test_collect_settings(void **state)
{
	static const char yaml[] =
	    "organisation: A\n"
	    "collect:\n"
	    "  github:\n"
	    "    org: acme\n"
	    "    repos: [acme/payroll-api, acme/web.site]\n"
	    "    branches: [main, release]\n"
	    "    token: github-token\n"
	    "    every: 1d\n"
	    "    alert: { webhook_secret: ops-webhook, after_failures: 2 }\n"
	    "  okta:\n"
	    "    domain: acme.okta.com\n"
	    "    every: 6h\n"
	    "    alert: { webhook: \"https://hooks.example.com/T1/B2\" }\n"
	    "  google:\n"
	    "    subject: admin@acme.com\n"
	    "    key_file: /etc/assure/google.json\n"
	    "  graph: { tenant: acme.onmicrosoft.com, client_id: "
	    "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, client_secret: graph-app }\n"
	    "  aws: { region: eu-west-1, access_key_id: aws-key-id, "
	    "secret_access_key: aws-key }\n"
	    "  jira: { base_url: \"https://acme.atlassian.net\", email: "
	    "bot@acme.com, jql: \"project = SEC AND type = Incident\", "
	    "token: jira-token }\n"
	    "  pagerduty: { every: 1h }\n"
	    "  evaluate:\n"
	    "    every: 1h\n"
	    "    alert: { webhook_secret: slack-webhook }\n"
	    "server: { public_url: \"https://assure.acme.com\" }\n";
	struct config c, back;
	struct assure_diag d;
	struct assure_buf out;
	const struct collect_settings *s;
	size_t i;

	(void)state;
	/* None by default, and none rendered. */
	assert_int_equal(parse("organisation: A\n", &c, &d), ASSURE_OK);
	for (i = 0; i < COLLECT_SOURCES; i++)
		assert_false(c.collect.src[i].set);
	assure_buf_init(&out, ASSURE_BUF_DEFAULT_MAX);
	config_render(&c, &out);
	assert_null(strstr(assure_buf_str(&out), "collect:"));
	assure_buf_free(&out);

	assert_int_equal(parse(yaml, &c, &d), ASSURE_OK);
	s = &c.collect.src[COLLECT_GITHUB];
	assert_true(s->set);
	assert_string_equal(s->org, "acme");
	assert_string_equal(s->base_url, "https://api.github.com");
	assert_string_equal(s->token, "github-token");
	assert_int_equal(s->every, 86400);
	assert_string_equal(s->alert.webhook_secret, "ops-webhook");
	assert_int_equal(s->alert.after_failures, 2);
	assert_int_equal(c.collect.repos.n, 2);
	assert_string_equal(c.collect.repos.item[1], "acme/web.site");
	assert_int_equal(c.collect.branches.n, 2);
	s = &c.collect.src[COLLECT_OKTA];
	assert_string_equal(s->domain, "acme.okta.com");
	assert_int_equal(s->every, 6 * 3600);
	assert_string_equal(s->alert.webhook,
	    "https://hooks.example.com/T1/B2");
	assert_int_equal(s->alert.after_failures, 1);
	s = &c.collect.src[COLLECT_GOOGLE];
	assert_string_equal(s->customer, "my_customer");
	assert_string_equal(s->key_file, "/etc/assure/google.json");
	assert_int_equal(s->every, 0);
	assert_string_equal(c.collect.src[COLLECT_GRAPH].client_secret,
	    "graph-app");
	assert_string_equal(c.collect.src[COLLECT_AWS].region, "eu-west-1");
	assert_string_equal(c.collect.src[COLLECT_AWS].secret_access_key,
	    "aws-key");
	assert_string_equal(c.collect.src[COLLECT_JIRA].jql,
	    "project = SEC AND type = Incident");
	assert_string_equal(c.collect.src[COLLECT_PAGERDUTY].base_url,
	    "https://api.pagerduty.com");
	assert_string_equal(config_collect_source_name(COLLECT_PAGERDUTY),
	    "pagerduty");
	assert_int_equal(c.collect.evaluate_every, 3600);
	assert_string_equal(c.collect.evaluate_alert.webhook_secret,
	    "slack-webhook");
	assert_int_equal(c.collect.evaluate_alert.after_failures, 1);
	assert_string_equal(c.server.public_url, "https://assure.acme.com");

	/* Rendered and read back the same. */
	assure_buf_init(&out, ASSURE_BUF_DEFAULT_MAX);
	config_render(&c, &out);
	assert_int_equal(assure_buf_err(&out), ASSURE_OK);
	assert_non_null(strstr(assure_buf_str(&out), "\ncollect:\n"
	    "  github:\n    every: 1d\n    token: \"github-token\"\n"));
	assert_int_equal(parse(assure_buf_str(&out), &back, &d), ASSURE_OK);
	for (i = 0; i < COLLECT_SOURCES; i++)
		assert_memory_equal(&back.collect.src[i], &c.collect.src[i],
		    sizeof(c.collect.src[i]));
	assert_memory_equal(&back.collect.repos, &c.collect.repos,
	    sizeof(c.collect.repos));
	assert_memory_equal(&back.collect.branches, &c.collect.branches,
	    sizeof(c.collect.branches));
	assert_int_equal(back.collect.evaluate_every, 3600);
	assert_memory_equal(&back.collect.evaluate_alert,
	    &c.collect.evaluate_alert, sizeof(c.collect.evaluate_alert));
	assert_string_equal(back.server.public_url, c.server.public_url);
	assure_buf_free(&out);

	/* Located errors: a credential as a value is refused. */
	expect_error("organisation: A\ncollect:\n  okta:\n    domain: a.b\n"
	    "    token: \"00aBcD-Secret_Value\"\n", 5, 12,
	    "collect.okta.token", "expected the name of a secret");
	expect_error("organisation: A\ncollect:\n  jira:\n    base_url: "
	    "\"https://bot:pw@acme.atlassian.net\"\n    email: a@b.c\n", 4,
	    15, "collect.jira.base_url", "must not carry credentials");
	expect_error("organisation: A\ncollect:\n  github:\n    org: acme\n"
	    "    base_url: \"https://ghe.acme.com/api?access_token=x\"\n", 5,
	    15, "collect.github.base_url", "query string");
	expect_error("organisation: A\ncollect:\n  github:\n    org: acme\n"
	    "    base_url: \"http://ghe.acme.com\"\n", 5, 15,
	    "collect.github.base_url", "https://");
	expect_error("organisation: A\ncollect:\n  slack: {}\n", 3, 3,
	    "slack", "unknown key in collect");
	expect_error("organisation: A\ncollect:\n  evaluate: { every: 1m }\n",
	    3, 22, "collect.evaluate.every", "at least every 5m");
	expect_error("organisation: A\ncollect:\n  evaluate: { often: 1d }\n",
	    3, 15, "often", "unknown key in collect.evaluate");
	expect_error("organisation: A\ncollect:\n  evaluate:\n    alert: "
	    "{ hook: x }\n", 4, 14, "hook", "unknown key in "
	    "collect.evaluate.alert");
	expect_error("organisation: A\nserver: { public_url: "
	    "\"http://a.b\" }\n", 2, 23, "server.public_url", "https://");
	expect_error("organisation: A\ncollect:\n  okta:\n    domain: a.b\n"
	    "    repos: [a/b]\n", 5, 5, "repos", "unknown key in "
	    "collect.okta (known: every, token, domain, alert)");
	expect_error("organisation: A\ncollect:\n  okta:\n    every: 1d\n",
	    4, 5, "collect.okta", "needs domain");
	expect_error("organisation: A\ncollect:\n  github:\n    repos: "
	    "[acme]\n", 4, 12, "collect.github.repos", "expected OWNER/NAME");
	expect_error("organisation: A\ncollect:\n  github:\n    org: acme\n"
	    "    every: 1m\n", 5, 12, "collect.github.every",
	    "at least every 5m");
	expect_error("organisation: A\ncollect:\n  google:\n    subject: "
	    "a@b.c\n    key_file: google.json\n", 5, 15,
	    "collect.google.key_file", "absolute path");
	expect_error("organisation: A\ncollect:\n  okta:\n    domain: "
	    "\"https://acme.okta.com\"\n", 4, 13, "collect.okta.domain",
	    "host name");
	expect_error("organisation: A\ncollect:\n  aws:\n    region: "
	    "EU-WEST-1\n", 4, 13, "collect.aws.region", "region");
	expect_error("organisation: A\ncollect:\n  pagerduty:\n    alert: "
	    "{ after_failures: 0 }\n", 4, 30,
	    "collect.pagerduty.alert.after_failures",
	    "from 1 to 100");
	expect_error("organisation: A\ncollect:\n  pagerduty:\n    alert: "
	    "{ after_failures: 3 }\n", 4, 5, "collect.pagerduty",
	    "without webhook");
	expect_error("organisation: A\ncollect:\n  pagerduty:\n    alert: "
	    "{ webhook: \"https://h.example.com/x\", webhook_secret: w }\n",
	    4, 5, "collect.pagerduty", "exclude each other");
	expect_error("organisation: A\ncollect:\n  pagerduty:\n    alert: "
	    "{ email: ops@acme.com }\n", 4, 14, "email", "unknown key in "
	    "collect.pagerduty.alert");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_sample_sizes),
		cmocka_unit_test(test_defaults_and_security_forced),
		cmocka_unit_test(test_located_errors),
		cmocka_unit_test(test_iam_settings),
		cmocka_unit_test(test_render_round_trip),
		cmocka_unit_test(test_period_and_categories),
		cmocka_unit_test(test_time_and_durations),
		cmocka_unit_test(test_server_settings),
		cmocka_unit_test(test_collect_settings),
		cmocka_unit_test(test_org_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
