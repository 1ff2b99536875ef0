/*
 * test_deploylog.c: the deployment log parsers deployments-csv and
 * deployments-json (parse/deploylog.c) and the git-repo parser's errors
 * (parse/gitlog.c): happy paths, columns in any order and case, quoted
 * fields, --repo, located errors naming the field, feeding split at every
 * byte equal to whole feeding, and a sink error stopping the parse.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/chparse.h"

/* What one parse produced: every record rendered as a line. */
struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	unsigned long		n;
	unsigned long		fail_at;	/* 1-based; the one to reject */
	unsigned long		records;	/* chg_parser_records */
};

static const char *
s_(const char *s)
{
	return s != NULL ? s : "-";
}

static void
put_time(struct assure_buf *b, const char *k, struct opt_time t)
{
	char s[ASSURE_TIME_STRLEN];

	if (!t.has) {
		assure_buf_printf(b, " %s=-", k);
		return;
	}
	assure_time_format(t.t, s);
	assure_buf_printf(b, " %s=%s", k, s);
}

static enum assure_err
counted(struct result *r, struct assure_diag *d)
{
	r->n++;
	if (r->fail_at != 0 && r->n == r->fail_at)
		return assure_diag_set(d, ASSURE_ERR_DB, "sink", 0, 0, NULL,
		    "rejected");
	return ASSURE_OK;
}

static enum assure_err
on_deployment(const struct chg_deployment *x, void *arg,
    struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "D%lu@%lu %s repo=%s id=%s env=%s sha=%s "
	    "ref=%s", x->index, x->line, x->system, s_(x->repo),
	    x->deployment_id, x->environment, x->sha, s_(x->ref));
	put_time(&r->out, "at", x->created);
	assure_buf_printf(&r->out, " actor=%s prod=%s result=%s url=%s\n",
	    s_(x->actor), x->production == TRI_ABSENT ? "-" : "?",
	    s_(x->result), s_(x->url));
	return counted(r, d);
}

static enum assure_err
on_commit(const struct chg_commit *c, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "C%lu@%lu %s@%s %s pos=%ld parents=[%s] "
	    "signed=%d summary=%s\n", c->index, c->line, c->repo, c->branch,
	    c->sha, c->position, c->parents, c->signed_ == TRI_TRUE,
	    s_(c->summary));
	return counted(r, d);
}

/* Parse data, split at at (len: whole), into r. */
static void
parse_split(enum chg_format fmt, const struct chg_opts *o0, const char *data,
    size_t len, size_t at, struct result *r)
{
	struct chg_sink sink = { .deployment = on_deployment,
	    .commit = on_commit, .arg = r };
	struct chg_opts o = *o0;
	struct chg_parser *p = NULL;
	struct assure_diag d;

	if (o.source == NULL)
		o.source = "mem";
	assure_buf_init(&r->out, 0);
	r->n = 0;
	r->diag[0] = '\0';
	assure_diag_clear(&d);
	r->rc = chg_parser_new(fmt, &o, &sink, &p, &d);
	if (r->rc == ASSURE_OK)
		r->rc = chg_parser_feed(p, data, at, &d);
	if (r->rc == ASSURE_OK)
		r->rc = chg_parser_feed(p, data + at, len - at, &d);
	if (r->rc == ASSURE_OK)
		r->rc = chg_parser_finish(p, &d);
	if (r->rc != ASSURE_OK)
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	if (p != NULL)
		r->records = chg_parser_records(p);
	chg_parser_free(p);
}

static void
result_free(struct result *r)
{
	assure_buf_free(&r->out);
}

static const struct chg_opts no_opts;

/*
 * Parse text whole, then split at every byte: every run must agree on
 * the result, the records and the diagnostic.  Returns the whole run.
 */
static void
parse_all_ways(enum chg_format fmt, const struct chg_opts *o,
    const char *text, struct result *whole)
{
	struct result other;
	size_t len = strlen(text), at;

	memset(whole, 0, sizeof(*whole));
	parse_split(fmt, o, text, len, len, whole);
	for (at = 0; at < len; at++) {
		memset(&other, 0, sizeof(other));
		parse_split(fmt, o, text, len, at, &other);
		if (other.rc != whole->rc ||
		    strcmp(other.diag, whole->diag) != 0 ||
		    strcmp(assure_buf_str(&other.out),
		    assure_buf_str(&whole->out)) != 0) {
			printf("split at %zu: %d '%s'\n%s\nwhole: %d '%s'\n%s",
			    at, other.rc, other.diag,
			    assure_buf_str(&other.out), whole->rc, whole->diag,
			    assure_buf_str(&whole->out));
			fail();
		}
		result_free(&other);
	}
}

static void
expect_line(const struct result *r, const char *needle)
{
	if (strstr(assure_buf_str(&r->out), needle) == NULL) {
		printf("expected '%s' in:\n%s", needle,
		    assure_buf_str(&r->out));
		fail();
	}
}

static void
expect_error(enum chg_format fmt, const struct chg_opts *o,
    const char *text, enum assure_err rc, const char *diag)
{
	struct result r;

	parse_all_ways(fmt, o, text, &r);
	if (r.rc != rc || strstr(r.diag, diag) == NULL) {
		printf("got %d '%s', expected %d '%s'\n", r.rc, r.diag, rc,
		    diag);
		fail();
	}
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* deployments-csv */

static const char csv_log[] =
    "Time,Environment,SHA,Actor,Result,URL,Repository,ID,Ref,Notes\n"
    "2026-03-01T10:00:00Z,production,ABCDEF1,alice,Success,"
    "https://ci.example.com/run/1,acme/payroll-api,run-1,main,"
    "\"first, quoted\"\n"
    "2026-03-02,staging,0123456789abcdef0123456789abcdef01234567,bob,"
    "FAILURE,,,,,\r\n"
    "\r\n"
    "\"2026-03-03T09:30:00+02:00\", production ,abcdef0,"
    "\"carol \"\"the deployer\"\"\",canceled,,acme/payroll-api,,v1.2,"
    "\"multi\nline\"\n"
    "2026-03-04T00:00:00Z,prod,1234567,deploy-bot,skipped,,,,,";

static void
test_csv_log(void **state)
{
	struct result r;

	parse_all_ways(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, csv_log, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.records, 4);
	/* sha and result lower-cased; unknown columns ignored */
	expect_line(&r, "D0@2 log repo=acme/payroll-api id=run-1 "
	    "env=production sha=abcdef1 ref=main at=2026-03-01T10:00:00Z "
	    "actor=alice prod=- result=success "
	    "url=https://ci.example.com/run/1\n");
	/* a date; empty optional values are absent; id = the row number */
	expect_line(&r, "D1@3 log repo=- id=2 env=staging "
	    "sha=0123456789abcdef0123456789abcdef01234567 ref=- "
	    "at=2026-03-02T00:00:00Z actor=bob prod=- result=failure url=-\n");
	/* quotes, blanks trimmed, an offset, "canceled", a blank line not
	   counted as a row */
	expect_line(&r, "D2@5 log repo=acme/payroll-api id=3 env=production "
	    "sha=abcdef0 ref=v1.2 at=2026-03-03T07:30:00Z "
	    "actor=carol \"the deployer\" prod=- result=cancelled url=-\n");
	/* lines counted through a quoted line break; the last row has no
	   line break and ends in empty fields */
	expect_line(&r, "D3@7 log repo=- id=4 env=prod sha=1234567 ref=- "
	    "at=2026-03-04T00:00:00Z actor=deploy-bot prod=- result=skipped "
	    "url=-\n");
	result_free(&r);
}

static void
test_csv_columns(void **state)
{
	static const char text[] = "\xef\xbb\xbfRESULT , sha,aCtOr,"
	    "environment,time\n"
	    "error,FFFFFFF,eve,qa,2026-01-01T00:00:00.123Z\n";
	struct chg_opts o = { .repo = "acme/override" };
	struct result r;

	parse_all_ways(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, text, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "D0@2 log repo=- id=1 env=qa sha=fffffff ref=- "
	    "at=2026-01-01T00:00:00Z actor=eve prod=- result=error url=-\n");
	result_free(&r);
	/* --repo fills in ... */
	parse_all_ways(CHG_FMT_DEPLOYMENTS_CSV, &o, text, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "D0@2 log repo=acme/override id=1");
	result_free(&r);
	/* ... and overrides */
	parse_all_ways(CHG_FMT_DEPLOYMENTS_CSV, &o, csv_log, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "D0@2 log repo=acme/override id=run-1");
	expect_line(&r, "D1@3 log repo=acme/override id=2");
	result_free(&r);
	/* only a header: no deployments */
	parse_all_ways(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, "time,environment,"
	    "sha,actor,result\n", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 0);
	result_free(&r);
}

#define HDR	"time,environment,sha,actor,result,repository\n"

static void
test_csv_errors(void **state)
{
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, "time,environment,"
	    "sha,result\n", ASSURE_ERR_PARSE, "mem:1:1: header: expected a "
	    "column actor, got none");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, "time,environment,"
	    "sha,actor,result,SHA\n", ASSURE_ERR_PARSE, "mem:1:35: header: "
	    "expected one sha column, got a second one 'SHA'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, "", ASSURE_ERR_PARSE,
	    "mem:1:1: header: expected a header line naming the columns, got "
	    "an empty file");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,abc123x,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:17: sha: expected a commit sha of 7 to 64 hex digits, got "
	    "'abc123x'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,abc123,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:17: sha: expected a commit sha of 7 to 64 hex digits, got "
	    "'abc123'");
	/* 65 hex digits: one too many (and no write past the buffer) */
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,ABCDEF0123456789abcdef0123456789abcdef0123456789"
	    "abcdef0123456789a,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:17: sha: expected a commit sha of 7 to 64 hex digits, got "
	    "'ABCDEF0123456789abcdef0123456789abcdef01...'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,abcdef1,al,done,\n", ASSURE_ERR_PARSE,
	    "mem:2:28: result: expected success, failure, error, cancelled or "
	    "skipped, got 'done'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-02-30,prod,abcdef1,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:1: time: expected an RFC 3339 time or a date YYYY-MM-DD, "
	    "got '2026-02-30'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "N/A,prod,abcdef1,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:1: time: expected an RFC 3339 time or a date YYYY-MM-DD, "
	    "got 'N/A'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01, ,abcdef1,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:12: environment: expected the environment deployed to, "
	    "got ''");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,abcdef1,,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:25: actor: expected who deployed, got ''");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,abcdef1,al,success,payroll\n", ASSURE_ERR_PARSE,
	    "mem:2:36: repository: expected owner/name, got 'payroll'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,abcdef1,al,success\n", ASSURE_ERR_PARSE,
	    "mem:2:1: row: expected 6 fields as in the header, got 5");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,\"abc\"def,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:22: expected a comma or the end of the line after a "
	    "closing quote, got 'd'");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, HDR
	    "2026-01-01,prod,\"abcdef1,al,success,\n", ASSURE_ERR_PARSE,
	    "mem:2:1: expected a closing quote, got the end of the input");
}

static void
test_csv_limits(void **state)
{
	struct assure_buf b;
	size_t i;

	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HDR "2026-01-01,prod,abcdef1,");
	for (i = 0; i <= CHG_VALUE_MAX; i++)
		assure_buf_addc(&b, 'a');
	assure_buf_adds(&b, ",success,\n");
	expect_error(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, assure_buf_str(&b),
	    ASSURE_ERR_LIMIT, "mem:2:25: actor: expected at most 4096 bytes, "
	    "got 4097");
	assure_buf_free(&b);
}

/* A sink error stops the parse and comes back as it is. */
static void
test_sink_error_stops(void **state)
{
	static const char json[] = "[{\"time\": \"2026-01-01\", "
	    "\"environment\": \"p\", \"sha\": \"abcdef1\", \"actor\": \"a\", "
	    "\"result\": \"success\"}, {\"x\": 1}]";
	struct result r;

	memset(&r, 0, sizeof(r));
	r.fail_at = 2;
	parse_split(CHG_FMT_DEPLOYMENTS_CSV, &no_opts, csv_log,
	    strlen(csv_log), strlen(csv_log), &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_string_equal(r.diag, "sink: rejected");
	assert_int_equal(r.n, 2);
	assert_int_equal(r.records, 1);
	result_free(&r);
	memset(&r, 0, sizeof(r));
	r.fail_at = 1;
	parse_split(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, json, strlen(json),
	    50, &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.records, 0);
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* deployments-json */

static const char json_log[] =
    "[\n"
    " {\"time\": \"2026-03-01T10:00:00Z\", \"environment\": \"production\","
    " \"sha\": \"ABCDEF1\", \"actor\": \"alice\", \"result\": \"Success\","
    " \"url\": \"https://ci.example.com/run/1\", \"repository\":"
    " \"acme/payroll-api\", \"id\": 4711, \"ref\": \"main\","
    " \"extra\": {\"ignored\": [1, 2]}},\n"
    " {\"time\": \"2026-03-02\", \"environment\": \"staging\","
    " \"sha\": \"0123456789abcdef0123456789abcdef01234567\","
    " \"actor\": \"bob\", \"result\": \"failure\", \"url\": null,"
    " \"id\": \"\", \"ref\": null}\n"
    "]\n";

static void
test_json_log(void **state)
{
	struct chg_opts o = { .repo = "acme/override" };
	struct result r, w;
	struct assure_buf b;

	parse_all_ways(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, json_log, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 2);
	expect_line(&r, "D0@2 log repo=acme/payroll-api id=4711 "
	    "env=production sha=abcdef1 ref=main at=2026-03-01T10:00:00Z "
	    "actor=alice prod=- result=success "
	    "url=https://ci.example.com/run/1\n");
	expect_line(&r, "D1@3 log repo=- id=2 env=staging "
	    "sha=0123456789abcdef0123456789abcdef01234567 ref=- "
	    "at=2026-03-02T00:00:00Z actor=bob prod=- result=failure url=-\n");
	/* the same records under {"deployments": [...]} */
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "{\"source\": \"ci\", \"deployments\": %s}",
	    json_log);
	parse_all_ways(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, assure_buf_str(&b),
	    &w);
	assert_int_equal(w.rc, ASSURE_OK);
	assert_string_equal(assure_buf_str(&w.out), assure_buf_str(&r.out));
	assure_buf_free(&b);
	result_free(&w);
	result_free(&r);
	parse_all_ways(CHG_FMT_DEPLOYMENTS_JSON, &o, json_log, &r);
	expect_line(&r, "D0@2 log repo=acme/override id=4711");
	expect_line(&r, "D1@3 log repo=acme/override id=2");
	result_free(&r);
	/* empty logs */
	parse_all_ways(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[]", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 0);
	result_free(&r);
	parse_all_ways(CHG_FMT_DEPLOYMENTS_JSON, &no_opts,
	    "{\"deployments\": []}", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	result_free(&r);
}

#define JREC	"\"time\": \"2026-01-01\", \"environment\": \"p\", "

static void
test_json_errors(void **state)
{
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC
	    "\"sha\": \"abcdef1\", \"result\": \"success\"}]",
	    ASSURE_ERR_PARSE, "mem:1:2: actor: expected the key actor in "
	    "this record, got none");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC
	    "\"sha\": \"xyz\", \"actor\": \"a\", \"result\": \"success\"}]",
	    ASSURE_ERR_PARSE, "mem:1:56: sha: expected a commit sha of 7 to "
	    "64 hex digits, got 'xyz'");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC
	    "\"sha\": 1234567, \"actor\": \"a\", \"result\": \"success\"}]",
	    ASSURE_ERR_PARSE, "mem:1:58: sha: expected a string, got the "
	    "number 1234567");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC
	    "\"sha\": \"abcdef1\", \"actor\": [\"a\"], \"result\": "
	    "\"success\"}]", ASSURE_ERR_PARSE, "mem:1:72: actor: expected a "
	    "string, got an array");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC
	    "\"sha\": \"abcdef1\", \"actor\": \"a\", \"result\": \"ok\"}]",
	    ASSURE_ERR_PARSE, "mem:1:90: result: expected success, failure, "
	    "error, cancelled or skipped, got 'ok'");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC
	    "\"sha\": \"abcdef1\", \"actor\": null, \"result\": \"error\"}]",
	    ASSURE_ERR_PARSE, "mem:1:75: actor: expected who deployed, got "
	    "''");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{\"time\": "
	    "\"yesterday\"}]", ASSURE_ERR_PARSE, "mem:1:2: environment: "
	    "expected the key environment in this record, got none");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[1]",
	    ASSURE_ERR_PARSE, "mem:1:2: record: expected a deployment object, "
	    "got a number");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "{\"deployments\": "
	    "[\"x\"]}", ASSURE_ERR_PARSE, "mem:1:20: record: expected a "
	    "deployment object, got a string");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "{\"runs\": []}",
	    ASSURE_ERR_PARSE, "mem:1:1: deployments: expected an array of "
	    "deployments, got none");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "\"log\"",
	    ASSURE_ERR_PARSE, "mem:1:1: expected an array of deployments or "
	    "{\"deployments\": [...]}, got a string");
	expect_error(CHG_FMT_DEPLOYMENTS_JSON, &no_opts, "[{" JREC,
	    ASSURE_ERR_PARSE, "expected JSON after here");
}

/* ------------------------------------------------------------------ */
/* git-repo: the parser's own checks */

#define SHA_A	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA_C	"cccccccccccccccccccccccccccccccccccccccc"
#define GHDR	"{\"format\":\"assure-git-repo/1\"," \
		"\"repository\":\"acme/x\"," \
		"\"branch\":\"main\",\"head\":\"" SHA_A "\"," \
		"\"collected_at\":\"2026-11-27T00:00:00Z\",\n \"commits\":[\n"
#define WHO	"{\"name\":\"A\",\"email\":\"a@x\"," \
		"\"time\":\"2026-01-01T00:00:00Z\"}"
#define COMMIT(sha, pos, parents) \
		"  {\"sha\":\"" sha "\",\"position\":" pos ",\"parents\":[" \
		parents "],\"author\":" WHO ",\"committer\":" WHO "," \
		"\"signed\":false,\"summary\":\"s\"}"

static void
test_git_repo_parse(void **state)
{
	struct result r;

	parse_all_ways(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT(SHA_A, "0", "\"" SHA_B "\",\"" SHA_C "\"") ",\n"
	    COMMIT(SHA_B, "1", "") "]}\n", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 2);
	expect_line(&r, "C0@3 acme/x@main " SHA_A " pos=0 parents=[" SHA_B
	    " " SHA_C "] signed=0 summary=s\n");
	expect_line(&r, "C1@4 acme/x@main " SHA_B " pos=1 parents=[] "
	    "signed=0 summary=s\n");
	result_free(&r);
}

static void
test_git_repo_errors(void **state)
{
	struct chg_opts o = { .repo = "acme/x" };
	struct result r;

	expect_error(CHG_FMT_GIT_REPO, &no_opts, "{\"format\":"
	    "\"assure-git-repo/2\",\"repository\":\"acme/x\",\"branch\":"
	    "\"main\",\n \"commits\":[\n" COMMIT(SHA_A, "0", "") "]}",
	    ASSURE_ERR_PARSE, "mem:1:29: format: expected "
	    "\"assure-git-repo/1\", got 'assure-git-repo/2'");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, "{\"format\":"
	    "\"assure-git-repo/2\",\"commits\":[]}", ASSURE_ERR_PARSE,
	    "mem:1:29: format: expected \"assure-git-repo/1\"");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, "{\"format\":"
	    "\"assure-git-repo/1\",\"branch\":\"main\",\"commits\":[\n"
	    COMMIT(SHA_A, "0", "") "],\"repository\":\"acme/x\"}",
	    ASSURE_ERR_PARSE, "mem:1:57: repository: expected the key "
	    "repository before \"commits\", got none");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT(SHA_A, "0", "\"" SHA_B "\"") ",\n"
	    COMMIT(SHA_B, "2", "") "]}", ASSURE_ERR_PARSE,
	    "mem:4:64: position: expected 1 (positions are consecutive from "
	    "0), got '2'");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "0", "") "]}",
	    ASSURE_ERR_PARSE, "mem:3:51: sha: expected a sha of 40 or 64 "
	    "lower-case hex digits, got "
	    "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT(SHA_A, "0", "\"abc\"") "]}", ASSURE_ERR_PARSE,
	    "mem:3:81: parents.0: expected a sha of 40 lower-case hex digits "
	    "as the commit's, got 'abc'");
	/* not the first-parent chain */
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT(SHA_A, "0", "\"" SHA_B "\"") ",\n"
	    COMMIT(SHA_C, "1", "") "]}", ASSURE_ERR_PARSE,
	    "mem:4:51: sha: expected " SHA_B ", the first parent of position "
	    "0, got '" SHA_C "'");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT(SHA_A, "0", "") ",\n" COMMIT(SHA_B, "1", "") "]}",
	    ASSURE_ERR_PARSE, "mem:4:51: sha: expected no commit after "
	    "position 0, a root commit");
	/* the head is position 0 */
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    COMMIT(SHA_B, "0", "") "]}", ASSURE_ERR_PARSE,
	    "mem:1:117: head: expected " SHA_B ", the sha of position 0, got "
	    "'" SHA_A "'");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR "]}", ASSURE_ERR_PARSE,
	    "mem:2:12: commits: expected at least the head commit, got none");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR "1]}", ASSURE_ERR_PARSE,
	    "mem:3:1: commits.0: expected a commit object, got '1'");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, "[]", ASSURE_ERR_PARSE,
	    "mem:1:1: expected an object with \"format\": "
	    "\"assure-git-repo/1\", got an array");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, "{\"format\":"
	    "\"assure-git-repo/1\",\"repository\":\"r\",\"branch\":\"b\"}",
	    ASSURE_ERR_PARSE, "mem:1:1: commits: expected the key commits, "
	    "got none");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    "{\"sha\":\"" SHA_A "\",\"position\":0,\"parents\":[],"
	    "\"author\":" WHO ",\"committer\":" WHO "}]}", ASSURE_ERR_PARSE,
	    "mem:3:1: signed: expected the key signed in this record, got "
	    "none");
	expect_error(CHG_FMT_GIT_REPO, &no_opts, GHDR
	    "{\"sha\":\"" SHA_A "\",\"position\":0,\"parents\":[],"
	    "\"author\":{\"time\":\"2026-01-01\"}}]}", ASSURE_ERR_PARSE,
	    "mem:3:105: author.time: expected an RFC 3339 time or null, got "
	    "'2026-01-01'");
	/* the format takes no --repo */
	memset(&r, 0, sizeof(r));
	parse_split(CHG_FMT_GIT_REPO, &o, "", 0, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	assert_string_equal(r.diag, "mem: --repo: git-repo takes no --repo");
	result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_log),
		cmocka_unit_test(test_csv_columns),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_json_log),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_git_repo_parse),
		cmocka_unit_test(test_git_repo_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
