/*
 * test_incident_parse.c: the incident parsers (parse/incparse.h): Jira
 * issues with their changelog, PagerDuty incidents and log entries, on
 * inline documents: every field, the times the changelog gives
 * (acknowledged, escalated, the resolution that stuck), the severity
 * mappings, located errors for documents of the wrong shape, chunked
 * feeding (every split point) equal to whole feeding, a sink error
 * stopping the parse, and the genuine samples in ../shared when it is
 * present.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/incparse.h"

/* What one parse produced: every record rendered as a line. */
struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	unsigned long		n;
	unsigned long		fail_at;	/* 1-based record to reject */
	unsigned long		records;	/* inc_parser_records */
};

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

static const char *
s_(const char *s)
{
	return s != NULL ? s : "-";
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
on_incident(const struct inc_incident *x, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "I%lu@%lu %s/%s title=%s kind=%s sev=%s "
	    "status=%s", x->index, x->line, x->system, x->key, s_(x->title),
	    s_(x->kind), s_(x->severity), s_(x->status));
	put_time(&r->out, "created", x->created);
	put_time(&r->out, "detected", x->detected);
	put_time(&r->out, "ack", x->acknowledged);
	put_time(&r->out, "esc", x->escalated);
	put_time(&r->out, "resolved", x->resolved);
	assure_buf_printf(&r->out, " service=%s url=%s labels=%s\n",
	    s_(x->service), s_(x->url), s_(x->labels));
	return counted(r, d);
}

static enum assure_err
on_event(const struct inc_event *e, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "E%lu@%lu %s/%s id=%s type=%s", e->index,
	    e->line, e->system, e->incident, e->event_id, e->type);
	put_time(&r->out, "at", e->at);
	assure_buf_printf(&r->out, " agent=%s summary=%s\n", s_(e->agent),
	    s_(e->summary));
	return counted(r, d);
}

static char *
read_all(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*ret_len = (size_t)n;
	return data;
}

static void
result_init(struct result *r)
{
	unsigned long fail_at = r->fail_at;

	memset(r, 0, sizeof(*r));
	r->fail_at = fail_at;
	assure_buf_init(&r->out, 0);
}

static void
result_free(struct result *r)
{
	assure_buf_free(&r->out);
}

/*
 * Parse data into r: split at the offsets in cuts (ncuts of them,
 * ascending), or in chunks of chunk bytes when ncuts is 0 (0: whole).
 */
static void
parse_cuts(enum inc_format fmt, const char *source, const char *data,
    size_t len, size_t chunk, const size_t *cuts, size_t ncuts,
    struct result *r)
{
	struct inc_sink sink = { on_incident, on_event, r };
	struct inc_opts o = { .source = source };
	struct inc_parser *p = NULL;
	struct assure_diag d;
	size_t off = 0, n, k = 0;

	result_init(r);
	assure_diag_clear(&d);
	r->rc = inc_parser_new(fmt, &o, &sink, &p, &d);
	while (r->rc == ASSURE_OK && off < len) {
		if (ncuts > 0)
			n = (k < ncuts ? cuts[k++] : len) - off;
		else
			n = chunk == 0 || len - off < chunk ? len - off :
			    chunk;
		r->rc = inc_parser_feed(p, data + off, n, &d);
		off += n;
	}
	if (r->rc == ASSURE_OK)
		r->rc = inc_parser_finish(p, &d);
	if (r->rc != ASSURE_OK)
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	if (p != NULL)
		r->records = inc_parser_records(p);
	inc_parser_free(p);
}

static void
parse_mem(enum inc_format fmt, const char *source, const char *data,
    size_t len, size_t chunk, struct result *r)
{
	parse_cuts(fmt, source, data, len, chunk, NULL, 0, r);
}

static void
same_result(const struct result *a, const struct result *b)
{
	assert_int_equal(a->rc, b->rc);
	assert_string_equal(a->diag, b->diag);
	assert_int_equal(a->n, b->n);
	assert_string_equal(assure_buf_str(&a->out), assure_buf_str(&b->out));
}

/*
 * Parse text whole into ret (source "mem"), and check that feeding it
 * split at every single point, and byte by byte, gives the same records
 * and diagnostic.
 */
static void
parse_text(enum inc_format fmt, const char *text, struct result *ret)
{
	struct result other = { .rc = ASSURE_OK };
	size_t cut, len = strlen(text);

	parse_mem(fmt, "mem", text, len, 0, ret);
	for (cut = 0; cut <= len; cut++) {
		parse_cuts(fmt, "mem", text, len, 0, &cut, 1, &other);
		same_result(ret, &other);
		result_free(&other);
	}
	parse_mem(fmt, "mem", text, len, 1, &other);
	same_result(ret, &other);
	result_free(&other);
}

static void
expect_line(const struct result *r, const char *needle)
{
	if (strstr(assure_buf_str(&r->out), needle) == NULL) {
		printf("expected '%s' in:\n%s(%s)\n", needle,
		    assure_buf_str(&r->out), r->diag);
		fail();
	}
}

static void
expect_ok(const struct result *r, unsigned long n)
{
	if (r->rc != ASSURE_OK || r->n != n) {
		printf("got %d '%s' and %lu records, expected %lu:\n%s",
		    r->rc, r->diag, r->n, n, assure_buf_str(&r->out));
		fail();
	}
	assert_int_equal(r->records, n);
}

static void
expect_diag(const struct result *r, enum assure_err rc, const char *diag)
{
	if (r->rc != rc || strstr(r->diag, diag) == NULL) {
		printf("got %d '%s', expected %d '%s'\n", r->rc, r->diag, rc,
		    diag);
		fail();
	}
}

/* An inline document, parsed every way, must fail so. */
static void
expect_error(enum inc_format fmt, const char *text, const char *diag)
{
	struct result r = { .rc = ASSURE_OK };

	parse_text(fmt, text, &r);
	expect_diag(&r, ASSURE_ERR_PARSE, diag);
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* jira-issues */

/*
 * INC-1 is reopened and resolved again: resolved is the second
 * resolution, not the first; INC-2 says resolutiondate; INC-3 sits in
 * "Dev Done", a workflow step whose name holds "Done".  INC-3's history
 * gives created after its items, and a non-status item first.
 */
static const char jira_doc[] =
    "{\"expand\":\"schema,names\",\"startAt\":0,\"maxResults\":50,"
    "\"total\":3,\"issues\":[\n"
    "{\"id\":\"1\",\"key\":\"INC-1\","
    "\"self\":\"https://ex.atlassian.net/rest/api/2/issue/1\","
    "\"fields\":{\"summary\":\"DB down\","
    "\"issuetype\":{\"name\":\"Incident\"},"
    "\"project\":{\"key\":\"INC\"},"
    "\"priority\":{\"name\":\"Highest\"},"
    "\"labels\":[\"sev1\",\"db\"],"
    "\"status\":{\"name\":\"Resolved\","
    "\"statusCategory\":{\"key\":\"done\"}},"
    "\"created\":\"2024-03-01T10:00:00.000-0500\","
    "\"resolutiondate\":null},"
    "\"changelog\":{\"startAt\":0,\"maxResults\":5,\"total\":5,"
    "\"histories\":["
    "{\"id\":\"11\",\"created\":\"2024-03-01T10:05:00.000-0500\","
    "\"items\":[{\"field\":\"status\",\"fromString\":\"Open\","
    "\"toString\":\"In Progress\"}]},"
    "{\"id\":\"12\",\"created\":\"2024-03-01T10:20:00.000-0500\","
    "\"items\":[{\"field\":\"status\",\"toString\":\"Escalated\"}]},"
    "{\"id\":\"13\",\"created\":\"2024-03-01T11:00:00.000-0500\","
    "\"items\":[{\"field\":\"status\",\"toString\":\"Resolved\"}]},"
    "{\"id\":\"14\",\"created\":\"2024-03-01T12:00:00.000-0500\","
    "\"items\":[{\"field\":\"status\",\"toString\":\"Reopened\"}]},"
    "{\"id\":\"15\",\"created\":\"2024-03-01T13:30:00.000-0500\","
    "\"items\":[{\"field\":\"status\",\"toString\":\"resolved\"}]}"
    "]}},\n"
    "{\"id\":\"2\",\"key\":\"INC-2\","
    "\"self\":\"http://jira.ex.com/jira/rest/api/2/issue/2\","
    "\"fields\":{\"summary\":\"Slow login\","
    "\"priority\":{\"name\":\"Low\"},\"labels\":[],"
    "\"status\":{\"name\":\"Done\"},"
    "\"created\":\"2024-03-02T08:00:00Z\","
    "\"resolutiondate\":\"2024-03-02T09:15:00.000+0100\"}},\n"
    "{\"id\":\"3\",\"key\":\"INC-3\","
    "\"fields\":{\"priority\":{\"name\":\"Medium\"},"
    "\"status\":{\"name\":\"Dev Done\","
    "\"statusCategory\":{\"key\":\"indeterminate\"}},"
    "\"created\":\"2024-03-03T08:00:00Z\"},"
    "\"changelog\":{\"histories\":["
    "{\"items\":[{\"field\":\"assignee\",\"toString\":\"Done\"},"
    "{\"field\":\"status\",\"toString\":\"Dev Done\"}],"
    "\"created\":\"2024-03-03T09:00:00Z\"}]}}\n"
    "]}";

static void
test_jira_issues(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_text(INC_FMT_JIRA_ISSUES, jira_doc, &r);
	expect_ok(&r, 3);
	expect_line(&r, "I0@2 jira/INC-1 title=DB down kind=Incident sev=1 "
	    "status=Resolved created=2024-03-01T15:00:00Z detected=- "
	    "ack=2024-03-01T15:05:00Z esc=2024-03-01T15:20:00Z "
	    "resolved=2024-03-01T18:30:00Z service=INC "
	    "url=https://ex.atlassian.net/browse/INC-1 labels=sev1,db\n");
	/* resolutiondate wins; the site's context path is kept */
	expect_line(&r, "I1@3 jira/INC-2 title=Slow login kind=- sev=4 "
	    "status=Done created=2024-03-02T08:00:00Z detected=- ack=- "
	    "esc=- resolved=2024-03-02T08:15:00Z service=- "
	    "url=http://jira.ex.com/jira/browse/INC-2 labels=-\n");
	/* "Dev Done" is not done; an assignee named Done is no status */
	expect_line(&r, "I2@4 jira/INC-3 title=- kind=- sev=3 "
	    "status=Dev Done created=2024-03-03T08:00:00Z detected=- ack=- "
	    "esc=- resolved=- service=- url=- labels=-\n");
	result_free(&r);

	/* a bare array of issues; an empty answer */
	parse_text(INC_FMT_JIRA_ISSUES, "[{\"key\":\"A-1\",\"fields\":"
	    "{\"priority\":{\"name\":\"Blocker\"}}}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "jira/A-1 title=- kind=- sev=1 status=-");
	result_free(&r);
	parse_text(INC_FMT_JIRA_ISSUES, "{\"issues\":[],\"total\":0}", &r);
	expect_ok(&r, 0);
	result_free(&r);
	parse_text(INC_FMT_JIRA_ISSUES, "[]", &r);
	expect_ok(&r, 0);
	result_free(&r);
}

/* The current status in the done category is done whatever its name. */
static void
test_jira_done_category(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_text(INC_FMT_JIRA_ISSUES, "{\"issues\":[{\"key\":\"K-9\","
	    "\"fields\":{\"status\":{\"name\":\"Shipped\",\"statusCategory\":"
	    "{\"key\":\"done\"}},\"priority\":{\"name\":\"Unusual\"}},"
	    "\"changelog\":{\"histories\":["
	    "{\"created\":\"2024-01-01T00:02:00Z\",\"items\":[{\"field\":"
	    "\"status\",\"toString\":\"Shipped\"}]},"
	    "{\"created\":\"2024-01-01T00:01:00Z\",\"items\":[{\"field\":"
	    "\"status\",\"toString\":\"Investigating\"}]}]}}]}", &r);
	expect_ok(&r, 1);
	/* out of order: compared by time; an unknown priority is no sev */
	expect_line(&r, "jira/K-9 title=- kind=- sev=- status=Shipped "
	    "created=- detected=- ack=2024-01-01T00:01:00Z esc=- "
	    "resolved=2024-01-01T00:02:00Z");
	result_free(&r);

	/* done now, but the changelog lacks the transition: unknown */
	parse_text(INC_FMT_JIRA_ISSUES, "[{\"key\":\"K-1\",\"fields\":"
	    "{\"status\":{\"name\":\"Closed\"}}}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "resolved=-");
	result_free(&r);
}

static void
test_jira_errors(void **state)
{
	const enum inc_format f = INC_FMT_JIRA_ISSUES;

	expect_error(f, "{\"errorMessages\":[\"The value 'X' does not "
	    "exist for the field 'project'.\"],\"errors\":{}}",
	    "mem:1:73: errorMessages.0: expected Jira issues, got the API's "
	    "error answer 'The value 'X' does not exist for the fie...'");
	expect_error(f, "{\"total\":0}", "mem:1:1: expected {\"issues\": "
	    "[...]} of Jira issues, got an object without \"issues\"");
	expect_error(f, "{\"issues\":5}", "mem:1:11: issues: expected an "
	    "array of Jira issues, got '5'");
	expect_error(f, "{\"issues\":[{\"key\":\"A-1\",\"fields\":{}},7]}",
	    "issues.1: expected Jira issues (objects), got '7'");
	expect_error(f, "[\"A-1\"]", "mem:1:6: 0: expected Jira issues "
	    "(objects), got 'A-1'");
	expect_error(f, "", "mem: expected JSON after here");
	expect_error(f, "null", "got 'null'");
	expect_error(f, "{\"issues\":[{\"id\":\"1\"}]}", "mem:1:12: key: ");
	expect_error(f, "{\"issues\":[{\"id\":\"1\",\"key\":\"A-1\"}]}",
	    "mem:1:12: record: expected the issue's fields (an object), "
	    "got none");
	expect_error(f, "[{\"key\":\"A-1\",\"fields\":{\"created\":"
	    "\"yesterday\"}}]", "fields.created: expected an RFC 3339 time, "
	    "got 'yesterday'");
	expect_error(f, "[{\"key\":\"A-1\",\"fields\":{\"created\":"
	    "\"2024-01-01T00:00:00.000-05\"}}]", "fields.created: expected");
	expect_error(f, "[{\"key\":\"A-1\",\"fields\":{},\"changelog\":"
	    "{\"histories\":[{\"items\":[{\"field\":\"status\",\"toString\":"
	    "\"Done\"}]}]}}]", "changelog.histories.0.items.0.field: "
	    "expected the time of the status change (created), got none");
	expect_error(f, "[{\"key\":\"A-1\",\"fields\":{\"labels\":\"x\"}}]",
	    "fields.labels: expected an array, got 'x'");
	expect_error(f, "[{\"key\":\"A-1\",\"fields\":{}}", "mem:1:");
}

/* ------------------------------------------------------------------ */
/* pagerduty-incidents */

static const char pd_doc[] =
    "{\"incidents\":[\n"
    "{\"id\":\"PA1\",\"type\":\"incident\",\"title\":\"API 500s\","
    "\"summary\":\"[#7] API 500s\",\"status\":\"resolved\","
    "\"urgency\":\"high\",\"priority\":{\"summary\":\"P1\"},"
    "\"incident_type\":{\"name\":\"major\"},"
    "\"service\":{\"id\":\"PS1\",\"summary\":\"API\"},"
    "\"html_url\":\"https://ex.pagerduty.com/incidents/PA1\","
    "\"teams\":[{\"id\":\"T1\",\"summary\":\"SRE\"},"
    "{\"id\":\"T2\",\"summary\":\"Web\"}],"
    "\"acknowledgements\":[{\"at\":\"2024-05-01T10:09:00Z\"},"
    "{\"at\":\"2024-05-01T10:04:00Z\"}],"
    "\"created_at\":\"2024-05-01T10:00:00Z\","
    "\"last_status_change_at\":\"2024-05-01T11:00:00Z\","
    "\"resolved_at\":\"2024-05-01T10:45:00Z\"},\n"
    "{\"id\":\"PA2\",\"summary\":\"[#8] Disk\",\"status\":\"resolved\","
    "\"urgency\":\"low\",\"priority\":null,"
    "\"service\":{\"id\":\"PS2\"},\"teams\":[],"
    "\"created_at\":\"2024-05-02T10:00:00Z\","
    "\"last_status_change_at\":\"2024-05-02T12:00:00Z\"},\n"
    "{\"id\":\"PA3\",\"status\":\"triggered\","
    "\"priority\":{\"summary\":\"Sev-A\"},"
    "\"created_at\":\"2024-05-03T10:00:00Z\","
    "\"last_status_change_at\":\"2024-05-03T10:00:00Z\"}\n"
    "],\"limit\":25,\"offset\":0,\"more\":false}";

static void
test_pagerduty_incidents(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_text(INC_FMT_PAGERDUTY_INCIDENTS, pd_doc, &r);
	expect_ok(&r, 3);
	expect_line(&r, "I0@2 pagerduty/PA1 title=API 500s kind=major sev=1 "
	    "status=resolved created=2024-05-01T10:00:00Z "
	    "detected=2024-05-01T10:00:00Z ack=2024-05-01T10:04:00Z esc=- "
	    "resolved=2024-05-01T10:45:00Z service=API "
	    "url=https://ex.pagerduty.com/incidents/PA1 labels=SRE,Web\n");
	/* no resolved_at: the last status change of a resolved one */
	expect_line(&r, "I1@3 pagerduty/PA2 title=[#8] Disk kind=- sev=4 "
	    "status=resolved created=2024-05-02T10:00:00Z "
	    "detected=2024-05-02T10:00:00Z ack=- esc=- "
	    "resolved=2024-05-02T12:00:00Z service=PS2 url=- labels=-\n");
	/* not resolved: its last change is no resolution */
	expect_line(&r, "I2@4 pagerduty/PA3 title=- kind=- sev=- "
	    "status=triggered created=2024-05-03T10:00:00Z "
	    "detected=2024-05-03T10:00:00Z ack=- esc=- resolved=- "
	    "service=- url=- labels=-\n");
	result_free(&r);

	parse_text(INC_FMT_PAGERDUTY_INCIDENTS, "[{\"id\":\"X\",\"status\":"
	    "\"acknowledged\",\"urgency\":\"high\",\"priority\":{\"summary\":"
	    "\"p5\"}}]", &r);
	expect_ok(&r, 1);
	expect_line(&r, "pagerduty/X title=- kind=- sev=5 status=acknowledged");
	result_free(&r);
}

static void
test_pagerduty_errors(void **state)
{
	const enum inc_format f = INC_FMT_PAGERDUTY_INCIDENTS;

	expect_error(f, "{\"error\":{\"message\":\"Invalid Input Provided\","
	    "\"code\":2001}}", "mem:1:44: error.message: expected PagerDuty "
	    "incidents, got the API's error answer 'Invalid Input Provided'");
	expect_error(f, "{\"incidents\":[{\"id\":\"P\",\"status\":\"open\"}]}",
	    "mem:1:39: status: expected triggered, acknowledged or "
	    "resolved, got 'open'");
	expect_error(f, "[{\"id\":\"P\",\"status\":\"resolved\",\"urgency\":"
	    "\"medium\"}]", "urgency: expected high or low, got 'medium'");
	expect_error(f, "[{\"status\":\"resolved\"}]", "mem:1:2: id: ");
	expect_error(f, "[{\"id\":\"P\",\"status\":\"resolved\","
	    "\"acknowledgements\":[{\"at\":\"soon\"}]}]",
	    "acknowledgements.0.at: expected an RFC 3339 time, got 'soon'");
	/* a log entries page given as incidents */
	expect_error(f, "{\"log_entries\":[{\"id\":\"Q\"}]}",
	    "expected {\"incidents\": [...]} of PagerDuty incidents, got an "
	    "object without \"incidents\"");
	expect_error(f, "{\"incidents\":[[]]}", "incidents.0: expected "
	    "PagerDuty incidents (objects), got 'an array'");
}

/* ------------------------------------------------------------------ */
/* pagerduty-log-entries */

static const char pd_log_doc[] =
    "{\"log_entries\":[\n"
    "{\"id\":\"L1\",\"type\":\"trigger_log_entry\","
    "\"summary\":\"Triggered through the API\","
    "\"created_at\":\"2024-05-01T10:00:00Z\","
    "\"agent\":{\"id\":\"PS1\",\"summary\":\"API\"},"
    "\"incident\":{\"id\":\"PA1\"}},\n"
    "{\"id\":\"L2\",\"type\":\"acknowledge_log_entry\","
    "\"created_at\":\"2024-05-01T10:04:00Z\","
    "\"agent\":{\"id\":\"PU1\"},\"incident\":{\"id\":\"PA1\"}},\n"
    "{\"id\":\"L3\",\"type\":\"escalate_log_entry_reference\","
    "\"created_at\":\"2024-05-01T10:06:00Z\","
    "\"incident\":{\"id\":\"PA1\"}},\n"
    "{\"id\":\"L4\",\"type\":\"resolve_log_entry\","
    "\"created_at\":\"2024-05-01T10:45:00Z\",\"agent\":null,"
    "\"incident\":{\"id\":\"PA1\"}},\n"
    "{\"id\":\"L5\",\"type\":\"custom\","
    "\"created_at\":\"2024-05-01T10:46:00Z\","
    "\"incident\":{\"id\":\"PA1\"}}\n"
    "],\"more\":false}";

static void
test_pagerduty_log_entries(void **state)
{
	struct result r = { .rc = ASSURE_OK };
	const enum inc_format f = INC_FMT_PAGERDUTY_LOG_ENTRIES;

	parse_text(f, pd_log_doc, &r);
	expect_ok(&r, 5);
	expect_line(&r, "E0@2 pagerduty/PA1 id=L1 type=trigger "
	    "at=2024-05-01T10:00:00Z agent=API "
	    "summary=Triggered through the API\n");
	expect_line(&r, "E1@3 pagerduty/PA1 id=L2 type=acknowledge "
	    "at=2024-05-01T10:04:00Z agent=PU1 summary=-\n");
	expect_line(&r, "E2@4 pagerduty/PA1 id=L3 type=escalate "
	    "at=2024-05-01T10:06:00Z agent=- summary=-\n");
	expect_line(&r, "E3@5 pagerduty/PA1 id=L4 type=resolve "
	    "at=2024-05-01T10:45:00Z agent=- summary=-\n");
	expect_line(&r, "E4@6 pagerduty/PA1 id=L5 type=custom ");
	result_free(&r);

	expect_error(f, "[{\"id\":\"L\",\"type\":\"notify_log_entry\","
	    "\"created_at\":\"2024-05-01T10:00:00Z\"}]", "mem:1:2: "
	    "incident.id: ");
	expect_error(f, "[{\"id\":\"L\",\"type\":\"notify_log_entry\","
	    "\"incident\":{\"id\":\"P\"}}]", "mem:1:2: record: expected the "
	    "entry's time (created_at), got none");
	expect_error(f, "[{\"id\":\"L\",\"incident\":{\"id\":\"P\"}}]",
	    "type: ");
	expect_error(f, "{\"incidents\":[]}", "expected {\"log_entries\": "
	    "[...]} of PagerDuty log entries, got an object without "
	    "\"log_entries\"");
}

/* ------------------------------------------------------------------ */
/* The sink, formats */

static void
test_sink_error_stops(void **state)
{
	struct result r = { .rc = ASSURE_OK };
	struct inc_sink none = { NULL, NULL, NULL };
	struct inc_opts o = { .source = "x" };
	struct inc_parser *p;
	struct assure_diag d;

	r.fail_at = 2;
	parse_mem(INC_FMT_JIRA_ISSUES, "j", jira_doc, strlen(jira_doc), 7,
	    &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 2);
	/* the rejected record is not counted as emitted */
	assert_int_equal(r.records, 1);
	assert_string_equal(r.diag, "sink: rejected");
	result_free(&r);
	r.fail_at = 1;
	parse_mem(INC_FMT_PAGERDUTY_LOG_ENTRIES, "l", pd_log_doc,
	    strlen(pd_log_doc), 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.records, 0);
	result_free(&r);

	/* a sink without the callback the format needs */
	assure_diag_clear(&d);
	assert_int_equal(inc_parser_new(INC_FMT_PAGERDUTY_LOG_ENTRIES, &o,
	    &none, &p, &d), ASSURE_ERR_INVAL);
	assert_null(p);
	assert_int_equal(inc_parser_new(INC_FMT__MAX, &o, &none, &p, &d),
	    ASSURE_ERR_INVAL);

	assert_int_equal(inc_format_find("jira-issues"), INC_FMT_JIRA_ISSUES);
	assert_int_equal(inc_format_find("pagerduty-log-entries"),
	    INC_FMT_PAGERDUTY_LOG_ENTRIES);
	assert_int_equal(inc_format_find("jira"), INC_FMT__MAX);
	assert_string_equal(inc_format_name(INC_FMT_PAGERDUTY_INCIDENTS),
	    "pagerduty-incidents");
}

/* ------------------------------------------------------------------ */
/* The genuine samples in ../shared */

/* Read $ASSURE_SHARED/formats/samples/name, or skip the test. */
static char *
shared_read(const char *name, size_t *ret_len)
{
	char rel[256], *path, *data;

	snprintf(rel, sizeof(rel), "formats/samples/%s", name);
	path = tu_shared_path(rel);
	if (path == NULL) {
		printf("SKIPPED: ../shared absent\n");
		skip();
	}
	data = read_all(path, ret_len);
	free(path);
	return data;
}

/* A sample parsed whole, byte by byte and in 13-byte chunks. */
static void
shared(enum inc_format fmt, const char *name, unsigned long n,
    struct result *ret)
{
	static const size_t chunks[] = { 1, 13 };
	struct result r = { .rc = ASSURE_OK };
	char *data;
	size_t len, i;

	data = shared_read(name, &len);
	parse_mem(fmt, name, data, len, 0, ret);
	if (ret->rc != ASSURE_OK || ret->n != n)
		printf("%s: %lu records, %s\n", name, ret->n, ret->diag);
	expect_ok(ret, n);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		parse_mem(fmt, name, data, len, chunks[i], &r);
		same_result(ret, &r);
		result_free(&r);
	}
	free(data);
}

static unsigned long
count(const struct result *r, const char *needle)
{
	const char *s = assure_buf_str(&r->out);
	unsigned long n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_genuine_jira(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	/* A recorded Jira Cloud v2 search, 8 of its 25 issues kept. */
	shared(INC_FMT_JIRA_ISSUES, "jira/search_with_changelog_"
	    "jira-to-analytics_truncated.json", 8, &r);
	assert_int_equal(count(&r, " jira/UT-"), 8);
	assert_int_equal(count(&r, " service=UT url=https://"
	    "actionableagile.atlassian.net/browse/UT-"), 8);
	/* priority null throughout; no status is an acknowledgement */
	assert_int_equal(count(&r, " sev=- "), 8);
	assert_int_equal(count(&r, " ack=- esc=- "), 8);
	/* four are done; only UT-33 has a resolutiondate */
	assert_int_equal(count(&r, " status=Done "), 4);
	assert_int_equal(count(&r, " resolved=-"), 4);
	expect_line(&r, "jira/UT-26 title=Sample Item 26 kind=Bug sev=- "
	    "status=Test created=2015-11-21T12:03:02Z detected=- ack=- "
	    "esc=- resolved=- service=UT");
	expect_line(&r, "jira/UT-33 title=Sample Item 33 ");
	expect_line(&r, "created=2015-11-21T12:03:02Z detected=- ack=- "
	    "esc=- resolved=2015-11-21T12:14:39Z service=UT "
	    "url=https://actionableagile.atlassian.net/browse/UT-33");
	/* Done with resolutiondate null: when it entered Done */
	expect_line(&r, "resolved=2015-12-14T12:14:17Z service=UT "
	    "url=https://actionableagile.atlassian.net/browse/UT-27");
	expect_line(&r, "resolved=2015-12-10T13:44:08Z service=UT "
	    "url=https://actionableagile.atlassian.net/browse/UT-42");
	expect_line(&r, "resolved=2016-03-29T11:19:53Z service=UT "
	    "url=https://actionableagile.atlassian.net/browse/UT-47");
	/* "Dev Done" is in progress */
	expect_line(&r, "status=Dev Done ");
	result_free(&r);
}

static void
test_genuine_pagerduty(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	/* Doc examples from PagerDuty's OpenAPI file. */
	shared(INC_FMT_PAGERDUTY_INCIDENTS,
	    "pagerduty/list_incidents_openapi_example.json", 1, &r);
	assert_string_equal(assure_buf_str(&r.out), "I0@3 pagerduty/PT4KHLK "
	    "title=The server is on fire. kind=incident_default sev=2 "
	    "status=resolved created=2015-10-06T21:30:42Z "
	    "detected=2015-10-06T21:30:42Z ack=- esc=- "
	    "resolved=2015-10-06T21:38:23Z service=My Mail Service "
	    "url=https://subdomain.pagerduty.com/incidents/PT4KHLK "
	    "labels=Engineering\n");
	result_free(&r);
	shared(INC_FMT_PAGERDUTY_LOG_ENTRIES,
	    "pagerduty/incident_log_entries_openapi_example.json", 1, &r);
	assert_string_equal(assure_buf_str(&r.out), "E0@3 pagerduty/PT4KHLK "
	    "id=Q02JTSNZWHSEKV type=trigger at=2015-11-07T00:14:20Z "
	    "agent=My Mail Service summary=Triggered through the API\n");
	result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jira_issues),
		cmocka_unit_test(test_jira_done_category),
		cmocka_unit_test(test_jira_errors),
		cmocka_unit_test(test_pagerduty_incidents),
		cmocka_unit_test(test_pagerduty_errors),
		cmocka_unit_test(test_pagerduty_log_entries),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_genuine_jira),
		cmocka_unit_test(test_genuine_pagerduty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
