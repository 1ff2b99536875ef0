/*
 * test_identity_parse.c: the identity parsers (parse/idparse.h): every
 * kind on the project's own fixtures in tests/data/identity/, absence
 * markers (0000-00-00, 1970-01-01 never-logged-in, 0001-01-01), statuses,
 * admin derived from AWS policies and groups, located errors, chunked
 * feeding equal to whole feeding, a sink error stopping the parse, and the
 * genuine vendor samples in ../shared when it is present.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/idparse.h"

/* What one parse produced: every record rendered as a line. */
struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	unsigned long		n;
	unsigned long		fail_at;	/* 1-based record to reject */
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
tri(enum tri t)
{
	return t == TRI_ABSENT ? "-" : t == TRI_TRUE ? "1" : "0";
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
on_person(const struct id_person *x, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "P%lu@%lu id=%s email=%s name=%s "
	    "status=%s", x->index, x->line, s_(x->employee_id), s_(x->email),
	    s_(x->name), s_(x->status));
	put_time(&r->out, "hire", x->hire_date);
	put_time(&r->out, "term", x->termination);
	assure_buf_printf(&r->out, " dateonly=%d dept=%s title=%s mgr=%s "
	    "extra=%s\n", x->termination_date_only, s_(x->department),
	    s_(x->title), s_(x->manager_email), s_(x->extra_json));
	return counted(r, d);
}

static enum assure_err
on_account(const struct id_account *a, void *arg, struct assure_diag *d)
{
	static const char *const mfa[] = { "-", "enrolled", "not_enrolled",
	    "unknown" };
	static const char *const kind[] = { "-", "human", "service" };
	struct result *r = arg;

	assure_buf_printf(&r->out, "A%lu@%lu %s/%s/%s login=%s email=%s "
	    "name=%s kind=%s admin=%s mfa=%s status=%s active=%s", a->index,
	    a->line, a->system, a->tenant, a->account_id, s_(a->login),
	    s_(a->email), s_(a->display_name), kind[a->kind], tri(a->admin),
	    mfa[a->mfa], s_(a->status), tri(a->active));
	put_time(&r->out, "created", a->created);
	put_time(&r->out, "login", a->last_login);
	put_time(&r->out, "changed", a->status_changed);
	assure_buf_printf(&r->out, " roles=%s\n", s_(a->roles));
	return counted(r, d);
}

static enum assure_err
on_setting(const struct id_setting *s, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assure_buf_printf(&r->out, "S %s/%s %s=%s\n", s->system, s->tenant,
	    s->name, s_(s->value));
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

/* Parse data in chunks of chunk bytes (0: whole) into r. */
static void
parse_mem(enum id_format fmt, const struct id_opts *o, const char *data,
    size_t len, size_t chunk, struct result *r)
{
	struct id_sink sink = { on_person, on_account, on_setting, r };
	struct id_parser *p = NULL;
	struct assure_diag d;
	size_t off = 0, n;

	assure_buf_init(&r->out, 0);
	r->n = 0;
	r->diag[0] = '\0';
	assure_diag_clear(&d);
	r->rc = id_parser_new(fmt, o, &sink, &p, &d);
	if (r->rc == ASSURE_OK) {
		do {
			n = chunk == 0 || len - off < chunk ? len - off : chunk;
			r->rc = id_parser_feed(p, data + off, n, &d);
			off += n;
		} while (r->rc == ASSURE_OK && off < len);
	}
	if (r->rc == ASSURE_OK)
		r->rc = id_parser_finish(p, &d);
	if (r->rc != ASSURE_OK)
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	id_parser_free(p);
}

static void
parse_fixture(enum id_format fmt, const struct id_opts *o0, const char *name,
    size_t chunk, struct result *r)
{
	struct id_opts o = *o0;
	char *path, *data;
	size_t len;

	path = tu_data_path(name);
	data = read_all(path, &len);
	o.source = name;
	parse_mem(fmt, &o, data, len, chunk, r);
	free(data);
	free(path);
}

static void
result_free(struct result *r)
{
	assure_buf_free(&r->out);
}

static const struct id_opts no_opts;

/* Whole, 1-byte and 7-byte feeding agree; returns the whole result. */
static void
parse_all_ways(enum id_format fmt, const struct id_opts *o, const char *name,
    struct result *whole)
{
	static const size_t chunks[] = { 1, 7, 4096 };
	struct result other;
	size_t i;

	memset(whole, 0, sizeof(*whole));
	parse_fixture(fmt, o, name, 0, whole);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		memset(&other, 0, sizeof(other));
		parse_fixture(fmt, o, name, chunks[i], &other);
		assert_int_equal(other.rc, whole->rc);
		assert_string_equal(other.diag, whole->diag);
		assert_string_equal(assure_buf_str(&other.out),
		    assure_buf_str(&whole->out));
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
expect_error(enum id_format fmt, const struct id_opts *o, const char *name,
    enum assure_err rc, const char *diag)
{
	struct result r;

	parse_all_ways(fmt, o, name, &r);
	if (r.rc != rc || strstr(r.diag, diag) == NULL) {
		printf("got %d '%s', expected %d '%s'\n", r.rc, r.diag, rc,
		    diag);
		fail();
	}
	result_free(&r);
}

static void
expect_mem_error(enum id_format fmt, const struct id_opts *o,
    const char *text, const char *diag)
{
	struct result r, c;
	struct id_opts oo = *o;

	oo.source = "mem";
	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	parse_mem(fmt, &oo, text, strlen(text), 0, &r);
	parse_mem(fmt, &oo, text, strlen(text), 1, &c);
	assert_int_equal(r.rc, c.rc);
	assert_string_equal(r.diag, c.diag);
	if (r.rc == ASSURE_OK || strstr(r.diag, diag) == NULL) {
		printf("got '%s', expected '%s'\n", r.diag, diag);
		fail();
	}
	result_free(&r);
	result_free(&c);
}

/* ------------------------------------------------------------------ */
/* hr-csv */

static void
test_hr_csv_roster(void **state)
{
	struct result r;

	parse_all_ways(ID_FMT_HR_CSV, &no_opts, "identity/roster.csv", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 5);
	expect_line(&r, "P0@2 id=E1 email=Alice@Example.com name=Alice Able "
	    "status=active hire=2024-01-15T00:00:00Z term=- dateonly=0 "
	    "dept=Engineering title=Engineer mgr=bob@example.com "
	    "extra={\"Cost Center\":\"CC-1\"}");
	/* quotes and commas inside quotes; 0000-00-00 is absence */
	expect_line(&r, "name=Bob \"The Boss\" Baker status=active "
	    "hire=2023-05-01T00:00:00Z term=- dateonly=0 dept=Engineering "
	    "title=Head, Engineering mgr=-");
	/* a date-only termination: midnight UTC and the flag */
	expect_line(&r, "P2@4 id=E3 email=carol@example.com name=Carol Cole "
	    "status=terminated hire=2022-02-01T00:00:00Z "
	    "term=2026-03-31T00:00:00Z dateonly=1");
	/* an RFC 3339 termination is an instant */
	expect_line(&r, "term=2026-04-15T17:30:00Z dateonly=0");
	/* N/A is absence; a quoted line break; lines counted through it */
	expect_line(&r, "P4@6 id=E5 email=erin@example.com name=Erin Eve "
	    "status=on_leave hire=- term=- dateonly=0 dept=Ops title=Ops\n"
	    "Lead");
	result_free(&r);
}

static void
test_hr_csv_map(void **state)
{
	struct id_map maps[] = {
		{ "work email", "email" }, { "STATE", "status" },
		{ "Leaving On", "termination_date" }, { "staff no",
		"employee_id" },
	};
	struct id_opts o = { .maps = maps, .nmaps = 4 };
	struct result r;

	parse_all_ways(ID_FMT_HR_CSV, &o, "identity/roster_mapped.csv", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 2);
	expect_line(&r, "P0@2 id=F1 email=frank@example.com name=- "
	    "status=active");
	expect_line(&r, "P1@3 id=F2 email=grace@example.com name=- "
	    "status=terminated hire=- term=2026-02-28T00:00:00Z dateonly=1");
	result_free(&r);
	/* without the map the required columns are missing */
	expect_error(ID_FMT_HR_CSV, &no_opts, "identity/roster_mapped.csv",
	    ASSURE_ERR_PARSE, "roster_mapped.csv:1:1: header: expected a "
	    "column email");
}

static void
test_hr_csv_errors(void **state)
{
	struct id_map bad[] = { { "x", "salary" } };
	struct id_opts o = { .maps = bad, .nmaps = 1 };
	struct result r;

	expect_error(ID_FMT_HR_CSV, &no_opts, "identity/roster_bad_date.csv",
	    ASSURE_ERR_PARSE, "roster_bad_date.csv:2:22: termination_date: "
	    "expected a date YYYY-MM-DD or an RFC 3339 time, got "
	    "'2026-02-30'");
	expect_error(ID_FMT_HR_CSV, &no_opts, "identity/roster_no_term.csv",
	    ASSURE_ERR_PARSE, "roster_no_term.csv:1:1: header: expected a "
	    "column termination_date");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,status,"
	    "termination_date\na@x,active\n", "mem:2:1: row: expected 3 "
	    "fields as in the header, got 2");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,status,"
	    "termination_date\na@x,active,\"\n", "expected a closing quote");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,status,"
	    "termination_date\ra@x", "mem:1:30: expected a line feed after "
	    "a carriage return");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,status,"
	    "termination_date\nnobody,active,\n", "mem:2:1: email: expected "
	    "an email address, got 'nobody'");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,status,"
	    "termination_date\na@x,,\n", "mem:2:5: status: expected a status");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,EMAIL,status,"
	    "termination_date\n", "mem:1:7: header: expected one email column");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "", "header: expected a "
	    "header line");
	expect_mem_error(ID_FMT_HR_CSV, &no_opts, "email,st\"atus\n",
	    "mem:1:9: expected a quote only around a whole field");
	memset(&r, 0, sizeof(r));
	parse_mem(ID_FMT_HR_CSV, &o, "", 0, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	assert_non_null(strstr(r.diag, "--map: expected HEADER=FIELD"));
	result_free(&r);
}

static void
test_hr_csv_bom_blank(void **state)
{
	static const char text[] = "\xef\xbb\xbf" "email,status,"
	    "termination_date\r\n\r\nA@x,Active,2026-01-01\r\n\r\n";
	struct result r, c;

	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	parse_mem(ID_FMT_HR_CSV, &no_opts, text, sizeof(text) - 1, 0, &r);
	parse_mem(ID_FMT_HR_CSV, &no_opts, text, sizeof(text) - 1, 1, &c);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.out), assure_buf_str(&c.out));
	expect_line(&r, "P0@3 id=- email=A@x name=- status=active hire=- "
	    "term=2026-01-01T00:00:00Z dateonly=1");
	result_free(&r);
	result_free(&c);
}

/* ------------------------------------------------------------------ */
/* Okta */

static void
test_okta_users(void **state)
{
	struct result r;

	parse_all_ways(ID_FMT_OKTA_USERS, &no_opts, "identity/okta_users.json",
	    &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 4);
	expect_line(&r, "A0@2 okta/acme.okta.com/00u1 login=alice@example.com "
	    "email=Alice@Example.com name=Alice Able kind=human admin=- "
	    "mfa=- status=ACTIVE active=1 created=2025-01-02T03:04:05Z "
	    "login=2026-05-01T10:00:00Z changed=- roles=-");
	expect_line(&r, "okta/acme.okta.com/00u2 login=carol@example.com "
	    "email=carol@example.com name=Carol Cole kind=human admin=- mfa=- "
	    "status=SUSPENDED active=0 created=2024-01-02T03:04:05Z login=- "
	    "changed=2026-04-01T09:00:00Z");
	expect_line(&r, "status=DEPROVISIONED active=0");
	expect_line(&r, "status=LOCKED_OUT active=1");
	result_free(&r);

	expect_error(ID_FMT_OKTA_USERS, &no_opts,
	    "identity/okta_users_bad_status.json", ASSURE_ERR_PARSE,
	    "okta_users_bad_status.json:11:34: status: expected STAGED, "
	    "PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, "
	    "SUSPENDED or DEPROVISIONED, got 'GONE'");
	expect_error(ID_FMT_OKTA_USERS, &no_opts,
	    "identity/okta_users_bad_time.json", ASSURE_ERR_PARSE,
	    "okta_users_bad_time.json:4:36: created: expected an RFC 3339 "
	    "time or a date, got '2025-13-01T00:00:00Z'");
	expect_error(ID_FMT_OKTA_USERS, &no_opts,
	    "identity/okta_users_syntax.json", ASSURE_ERR_PARSE,
	    "okta_users_syntax.json:2:21: expected JSON after here");
	expect_mem_error(ID_FMT_OKTA_USERS, &no_opts,
	    "[{\"id\": \"x\", \"status\": \"ACTIVE\", \"profile\": "
	    "{\"login\": \"a\"}}]", "mem:1:2: record: expected a link");
	expect_mem_error(ID_FMT_OKTA_USERS, &no_opts,
	    "[{\"id\": \"x\", \"status\": \"ACTIVE\"}]",
	    "mem:1:2: profile.login: expected the key profile.login");
	expect_mem_error(ID_FMT_OKTA_USERS, &no_opts, "[{\"id\": 1",
	    "expected JSON after here");
}

static void
test_okta_users_tenant(void **state)
{
	struct id_opts o = { .tenant = "acme-prod" };
	static const char text[] = "[{\"id\": \"x\", \"status\": \"STAGED\", "
	    "\"profile\": {\"login\": \"a@x\"}, \"lastLogin\": null}]";
	struct result r;

	memset(&r, 0, sizeof(r));
	parse_mem(ID_FMT_OKTA_USERS, &o, text, sizeof(text) - 1, 0, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "okta/acme-prod/x login=a@x email=- name=- kind=human "
	    "admin=- mfa=- status=STAGED active=0");
	result_free(&r);
}

static void
test_okta_factors(void **state)
{
	struct id_opts o = { .user = "00u7", .tenant = "acme.okta.com" };
	struct id_opts wrong = { .user = "00u7" };
	struct result r;

	parse_all_ways(ID_FMT_OKTA_FACTORS, &no_opts,
	    "identity/okta_factors.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 3);
	/* a question and a pending TOTP: not enrolled */
	expect_line(&r, "okta/acme.okta.com/00u1 login=- email=- name=- "
	    "kind=- admin=- mfa=not_enrolled status=- active=- created=- "
	    "login=- changed=- roles=question");
	expect_line(&r, "okta/acme.okta.com/00u4 login=- email=- name=- "
	    "kind=- admin=- mfa=enrolled");
	result_free(&r);
	/* an empty list with --user: that user has no factor */
	memset(&r, 0, sizeof(r));
	parse_mem(ID_FMT_OKTA_FACTORS, &o, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "okta/acme.okta.com/00u7 login=- email=- name=- "
	    "kind=- admin=- mfa=not_enrolled");
	result_free(&r);
	expect_error(ID_FMT_OKTA_FACTORS, &wrong,
	    "identity/okta_factors.json", ASSURE_ERR_PARSE,
	    "okta_factors.json:2:3: record: expected factors of --user "
	    "'00u7', got user '00u1'");
}

static void
test_okta_admins(void **state)
{
	struct result r;

	parse_all_ways(ID_FMT_OKTA_ADMINS, &no_opts,
	    "identity/okta_roles.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 1);
	expect_line(&r, "okta/acme.okta.com/00u1 login=- email=- name=- "
	    "kind=- admin=1 mfa=- status=- active=- created=- login=- "
	    "changed=- roles=SUPER_ADMIN,HELP_DESK_ADMIN");
	result_free(&r);
	parse_all_ways(ID_FMT_OKTA_ADMINS, &no_opts,
	    "identity/okta_assignees.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 1);
	expect_line(&r, "okta/acme.okta.com/00u4 login=- email=- name=- "
	    "kind=- admin=1 mfa=- status=- active=- created=- login=- "
	    "changed=- roles=-");
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* Google, Entra, BambooHR, GitHub */

static void
test_google(void **state)
{
	struct result r;

	parse_all_ways(ID_FMT_GOOGLE_USERS, &no_opts,
	    "identity/google_users.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 2);
	/* enforced but not enrolled is not enrolled */
	expect_line(&r, "A0@4 google/C0abc/101 login=alice@example.com "
	    "email=alice@example.com name=Alice Able kind=human admin=1 "
	    "mfa=not_enrolled status=active active=1 "
	    "created=2024-01-01T00:00:00Z login=2026-05-02T08:00:00Z "
	    "changed=- roles=super_admin");
	/* 1970-01-01 is "never logged in"; delegated admin is admin */
	expect_line(&r, "google/C0abc/102 login=carol@example.com "
	    "email=carol@example.com name=Carol Cole kind=human admin=1 "
	    "mfa=enrolled status=suspended active=0 "
	    "created=2024-01-01T00:00:00Z login=- changed=- "
	    "roles=delegated_admin");
	result_free(&r);
	parse_all_ways(ID_FMT_GOOGLE_USERS, &no_opts,
	    "identity/google_empty.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 0);
	result_free(&r);
	expect_mem_error(ID_FMT_GOOGLE_USERS, &no_opts, "{\"kind\": \"x\"}",
	    "mem:1:1: users: expected a Directory users list or a user");
	expect_mem_error(ID_FMT_GOOGLE_USERS, &no_opts, "{\"users\": [{\"id\":"
	    " \"1\", \"primaryEmail\": \"a@x\", \"isAdmin\": \"yes\"}]}",
	    "mem:1:62: isAdmin: expected true or false, got 'yes'");
	expect_mem_error(ID_FMT_GOOGLE_USERS, &no_opts, "{\"users\": [{\"id\":"
	    " \"1\", \"primaryEmail\": \"a@x\"}]}", "mem:1:12: record: "
	    "expected customerId");
}

static void
test_entra(void **state)
{
	struct id_opts o = { .tenant = "contoso" };
	struct result r;

	parse_all_ways(ID_FMT_ENTRA_USERS, &no_opts,
	    "identity/entra_users.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 2);
	/* the later of interactive and non-interactive */
	expect_line(&r, "entra/graph.microsoft.com/e1 login=alice@example.com "
	    "email=Alice@example.com name=Alice Able kind=human admin=- mfa=- "
	    "status=enabled active=1 created=2024-01-01T00:00:00Z "
	    "login=2026-05-03T00:00:00Z");
	/* 0001-01-01 is absence; the last successful sign-in wins */
	expect_line(&r, "entra/graph.microsoft.com/e2 login=carol@example.com "
	    "email=- name=- kind=human admin=- mfa=- status=disabled active=0 "
	    "created=- login=2026-01-05T00:00:00Z");
	result_free(&r);
	parse_all_ways(ID_FMT_ENTRA_REGISTRATION, &o,
	    "identity/entra_registration.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "entra/contoso/e1 login=alice@example.com email=- "
	    "name=- kind=- admin=1 mfa=not_enrolled status=- active=- "
	    "created=- login=- changed=- roles=-");
	expect_line(&r, "entra/contoso/e2 login=carol@example.com email=- "
	    "name=- kind=- admin=0 mfa=enrolled status=- active=- created=- "
	    "login=- changed=- roles=microsoftAuthenticatorPush,fido2");
	result_free(&r);
	expect_mem_error(ID_FMT_ENTRA_USERS, &no_opts, "{\"value\": [{\"id\": "
	    "\"1\", \"userPrincipalName\": \"a\"}]}", "mem:1:12: record: "
	    "expected @odata.context");
}

static void
test_bamboohr(void **state)
{
	struct result r;

	parse_all_ways(ID_FMT_BAMBOOHR, &no_opts, "identity/bamboohr.json",
	    &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 2);
	expect_line(&r, "P0@3 id=E1 email=alice@example.com name=Alice Able "
	    "status=active hire=2024-01-15T00:00:00Z term=- dateonly=0 "
	    "dept=Engineering title=Engineer mgr=- "
	    "extra={\"location\":\"Remote\"}");
	expect_line(&r, "P1@6 id=11 email=carol@example.com name=Carol Cole "
	    "status=inactive hire=2022-02-01T00:00:00Z "
	    "term=2026-03-31T00:00:00Z dateonly=1 dept=- title=- mgr=- "
	    "extra=-");
	result_free(&r);
	expect_mem_error(ID_FMT_BAMBOOHR, &no_opts, "{\"title\": \"x\"}",
	    "mem:1:1: employees: expected a custom report");
	expect_mem_error(ID_FMT_BAMBOOHR, &no_opts, "{\"employees\": [{\"id\":"
	    " \"1\", \"status\": \"Active\", \"hireDate\": \"01/02/2020\"}]}",
	    "mem:1:71: hireDate: expected an RFC 3339 time or a date, got "
	    "'01/02/2020'");
}

static void
test_github(void **state)
{
	struct id_opts o = { .tenant = "acme" };
	struct result r;

	parse_all_ways(ID_FMT_GITHUB_MEMBERS, &no_opts,
	    "identity/github_memberships.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "github/acme/501 login=alice email=- name=- "
	    "kind=human admin=1 mfa=- status=active active=1");
	expect_line(&r, "github/acme/502 login=deploy-bot email=- name=- "
	    "kind=service admin=0 mfa=- status=pending active=0");
	result_free(&r);
	parse_all_ways(ID_FMT_GITHUB_MEMBERS, &no_opts,
	    "identity/github_org.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.out),
	    "S github/acme two_factor_requirement_enabled=true\n");
	result_free(&r);
	parse_all_ways(ID_FMT_GITHUB_MEMBERS, &o,
	    "identity/github_members.json", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	expect_line(&r, "github/acme/503 login=carol email=- name=- "
	    "kind=human admin=- mfa=-");
	expect_line(&r, "github/acme/504 login=dan email=- name=- kind=human "
	    "admin=1");
	result_free(&r);
	expect_error(ID_FMT_GITHUB_MEMBERS, &no_opts,
	    "identity/github_members.json", ASSURE_ERR_PARSE,
	    "github_members.json:2:3: record: expected organization.login");
}

/* ------------------------------------------------------------------ */
/* AWS authorization details */

static void
test_aws_admin(void **state)
{
	struct result r;

	parse_all_ways(ID_FMT_AWS_AUTHZ, &no_opts, "identity/aws_authz.json",
	    &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 6);
	/* through a group whose customer policy's default version is *:* */
	expect_line(&r, "aws/123456789012/AIDAALICE login=alice email=- "
	    "name=- kind=human admin=1 mfa=- status=- active=- "
	    "created=2024-01-01T00:00:00Z login=- changed=- "
	    "roles=group:Admins");
	/* AdministratorAccess attached */
	expect_line(&r, "aws/123456789012/AIDABOB login=bob email=- name=- "
	    "kind=human admin=1 mfa=- status=- active=- "
	    "created=2024-01-01T00:00:00Z login=- changed=- "
	    "roles=arn:aws:iam::aws:policy/AdministratorAccess");
	/* a URL-encoded inline policy allowing * on * */
	expect_line(&r, "aws/123456789012/AIDACAROL login=carol email=- "
	    "name=- kind=human admin=1 mfa=- status=- active=- "
	    "created=2024-01-01T00:00:00Z login=- changed=- roles=inline");
	/* Deny, a resource that is not *, a non-default version: not admin;
	 * /service/ path: a service account */
	expect_line(&r, "aws/123456789012/AIDACI login=ci email=- name=- "
	    "kind=service admin=0");
	/* a group not in the file: the file cannot say */
	expect_line(&r, "aws/123456789012/AIDADAN login=dan email=- name=- "
	    "kind=human admin=-");
	expect_line(&r, "aws/123456789012/AIDAERIN login=erin email=- name=- "
	    "kind=human admin=0");
	result_free(&r);
	expect_mem_error(ID_FMT_AWS_AUTHZ, &no_opts, "{\"Policies\": []}",
	    "mem:1:1: UserDetailList: expected the output of "
	    "get-account-authorization-details");
	expect_mem_error(ID_FMT_AWS_AUTHZ, &no_opts, "{\"UserDetailList\": "
	    "[{\"UserName\": \"a\", \"UserId\": \"b\", \"Arn\": \"arn:x\"}]}",
	    "Arn: expected an IAM user ARN");
	expect_mem_error(ID_FMT_AWS_AUTHZ, &no_opts, "{\"UserDetailList\": "
	    "[{\"UserName\": \"a\", \"UserId\": \"b\", \"Arn\": "
	    "\"arn:aws:iam::123456789012:user/a\", \"UserPolicyList\": "
	    "[{\"PolicyDocument\": \"%7Bnope\"}]}]}",
	    "UserPolicyList.0.PolicyDocument: expected a policy document, "
	    "got invalid JSON");
}

/* ------------------------------------------------------------------ */
/* The sink, limits, options */

static void
test_sink_error_stops(void **state)
{
	struct result r;
	char *path, *data;
	size_t len;
	struct id_opts o = { .source = "roster.csv" };

	path = tu_data_path("identity/roster.csv");
	data = read_all(path, &len);
	memset(&r, 0, sizeof(r));
	r.fail_at = 2;
	parse_mem(ID_FMT_HR_CSV, &o, data, len, 3, &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 2);
	assert_non_null(strstr(r.diag, "rejected"));
	result_free(&r);
	free(data);
	free(path);

	path = tu_data_path("identity/okta_users.json");
	data = read_all(path, &len);
	memset(&r, 0, sizeof(r));
	r.fail_at = 3;
	o.source = "okta_users.json";
	parse_mem(ID_FMT_OKTA_USERS, &o, data, len, 5, &r);
	assert_int_equal(r.rc, ASSURE_ERR_DB);
	assert_int_equal(r.n, 3);
	result_free(&r);
	free(data);
	free(path);
}

static void
test_options_refused(void **state)
{
	struct id_map m[] = { { "a", "email" } };
	struct id_opts maps = { .maps = m, .nmaps = 1 };
	struct id_opts user = { .user = "x" };
	struct id_opts tenant = { .tenant = "x" };
	struct result r;

	memset(&r, 0, sizeof(r));
	parse_mem(ID_FMT_OKTA_USERS, &maps, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	parse_mem(ID_FMT_GOOGLE_USERS, &user, "[]", 2, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	parse_mem(ID_FMT_HR_CSV, &tenant, "", 0, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_INVAL);
	result_free(&r);
	assert_int_equal(id_format_find("okta-users"), ID_FMT_OKTA_USERS);
	assert_int_equal(id_format_find("nope"), ID_FMT__MAX);
}

static void
test_json_limits(void **state)
{
	struct assure_buf b;
	struct result r;
	int i;

	/* nesting deeper than the limit */
	assure_buf_init(&b, 0);
	for (i = 0; i < 100; i++)
		assure_buf_addc(&b, '[');
	memset(&r, 0, sizeof(r));
	parse_mem(ID_FMT_OKTA_USERS, &no_opts, b.data, b.len, 0, &r);
	assert_int_equal(r.rc, ASSURE_ERR_LIMIT);
	assert_non_null(strstr(r.diag, "nested deeper"));
	result_free(&r);
	assure_buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* The genuine samples in ../shared */

static void
shared(enum id_format fmt, const char *name, enum assure_err rc,
    unsigned long n, struct result *ret)
{
	static const size_t chunks[] = { 0, 1, 13 };
	struct result r;
	struct id_opts o = { .source = name };
	char *path, *data;
	size_t len, i;

	path = tu_shared_path(name);
	if (path == NULL) {
		printf("SKIPPED: ../shared absent\n");
		skip();
	}
	data = read_all(path, &len);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		memset(&r, 0, sizeof(r));
		parse_mem(fmt, &o, data, len, chunks[i], &r);
		if (r.rc != rc)
			printf("%s: %s\n", name, r.diag);
		assert_int_equal(r.rc, rc);
		assert_int_equal(r.n, n);
		if (i == 0)
			*ret = r;
		else {
			assert_string_equal(assure_buf_str(&r.out),
			    assure_buf_str(&ret->out));
			result_free(&r);
		}
	}
	free(data);
	free(path);
}

static void
test_genuine_samples(void **state)
{
	struct result r;

	shared(ID_FMT_OKTA_USERS, "formats/samples/okta/"
	    "list_users_truncated_okta-sdk-test-server.json", ASSURE_OK, 12,
	    &r);
	expect_line(&r, "status=STAGED active=0");
	expect_line(&r, "status=PASSWORD_EXPIRED active=1");
	expect_line(&r, "okta/qa-vijet-preview.oktapreview.com/00ua8j1q9t7if"
	    "Pv040h7 login=sachin.tendulkar@corp.oktatest.com");
	result_free(&r);
	shared(ID_FMT_OKTA_USERS, "formats/samples/okta/"
	    "list_users_filter_status_SUSPENDED_okta-sdk-test-server.json",
	    ASSURE_OK, 2, &r);
	expect_line(&r, "status=SUSPENDED active=0 "
	    "created=2017-04-28T23:28:02Z login=2017-04-28T23:46:55Z "
	    "changed=2017-05-30T18:29:59Z");
	result_free(&r);
	shared(ID_FMT_OKTA_FACTORS, "formats/samples/okta/"
	    "list_factors_doc_example.json", ASSURE_OK, 1, &r);
	expect_line(&r, "00u15s1KDETTQMQYABRL login=- email=- name=- kind=- "
	    "admin=- mfa=enrolled");
	result_free(&r);
	shared(ID_FMT_GOOGLE_USERS, "formats/samples/google_workspace/"
	    "directory_user_get_timfee-cep-idp.json", ASSURE_OK, 1, &r);
	expect_line(&r, "A0@1 google/C03ly86ew/116949259093507633648 "
	    "login=azuread-provisioning@feeley.xyz "
	    "email=azuread-provisioning@feeley.xyz name=Microsoft "
	    "Provisioning kind=human admin=0 mfa=not_enrolled status=active "
	    "active=1 created=2025-06-09T15:48:16Z login=- changed=- "
	    "roles=-");
	result_free(&r);
	shared(ID_FMT_ENTRA_USERS, "formats/samples/entra/"
	    "users_signInActivity_graph-docs.json", ASSURE_OK, 2, &r);
	expect_line(&r, "AdeleV@contoso.com email=- name=Adele Vance "
	    "kind=human admin=- mfa=- status=- active=- created=- "
	    "login=2021-06-17T16:41:33Z");
	result_free(&r);
	shared(ID_FMT_ENTRA_REGISTRATION, "formats/samples/entra/"
	    "userRegistrationDetails_list_graph-docs.json", ASSURE_OK, 3, &r);
	expect_line(&r, "login=AllanD@Contoso.com email=- name=Allan Deyoung "
	    "kind=- admin=0 mfa=not_enrolled");
	result_free(&r);
	shared(ID_FMT_BAMBOOHR, "formats/samples/hris_bamboohr/"
	    "custom_report_employees_truncated_jupiterone.json", ASSURE_OK,
	    30, &r);
	expect_line(&r, "status=inactive");
	expect_line(&r, "term=2021-03-15T00:00:00Z dateonly=1");
	result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hr_csv_roster),
		cmocka_unit_test(test_hr_csv_map),
		cmocka_unit_test(test_hr_csv_errors),
		cmocka_unit_test(test_hr_csv_bom_blank),
		cmocka_unit_test(test_okta_users),
		cmocka_unit_test(test_okta_users_tenant),
		cmocka_unit_test(test_okta_factors),
		cmocka_unit_test(test_okta_admins),
		cmocka_unit_test(test_google),
		cmocka_unit_test(test_entra),
		cmocka_unit_test(test_bamboohr),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_aws_admin),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_options_refused),
		cmocka_unit_test(test_json_limits),
		cmocka_unit_test(test_genuine_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
