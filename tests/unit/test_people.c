/*
 * test_people.c: the people evidence (SOC 2 CC1.4).  The
 * training-completions and background-checks parsers (fields, header in
 * any order and case, located errors, chunked input equal to whole), the
 * hr settings of assure.yaml, and every rule of hr.training and
 * hr.background_check on rosters, accounts and rows stored straight into
 * the store.
 *
 * CONTROL: tsc:CC1.4
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/people.h"
#include "policy/approval.h"
#include "rules/rules.h"
#include "workspace/config.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

#define DAY	86400

static int64_t
t_(const char *s)
{
	int64_t t = 0;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

/* ------------------------------------------------------------ parsers */

/* Every record, rendered one per line. */
struct seen {
	char	text[8192];
	size_t	used;
	int	n;
};

static const char *
nz(const char *s)
{
	return s != NULL ? s : "-";
}

static enum assure_err
on_training(const struct people_training *x, void *arg,
    struct assure_diag *d)
{
	struct seen *s = arg;

	(void)d;
	assert_true(x->completed.has);
	s->used += (size_t)snprintf(s->text + s->used, sizeof(s->text) -
	    s->used, "%lu:%lu %s|%s|%s|%lld|%s|%d\n", x->line, x->index,
	    x->person, x->person_norm, x->course, (long long)x->completed.t,
	    nz(x->score), (int)x->passed);
	s->n++;
	return ASSURE_OK;
}

static enum assure_err
on_check(const struct people_check *x, void *arg, struct assure_diag *d)
{
	struct seen *s = arg;

	(void)d;
	s->used += (size_t)snprintf(s->text + s->used, sizeof(s->text) -
	    s->used, "%lu:%lu %s|%s|%lld|%s|%s|%s\n", x->line, x->index,
	    x->person, x->person_norm, (long long)x->completed.t, x->result,
	    nz(x->provider), nz(x->type));
	s->n++;
	return ASSURE_OK;
}

static enum assure_err
on_ack(const struct people_ack *x, void *arg, struct assure_diag *d)
{
	struct seen *s = arg;

	(void)d;
	assert_true(x->acknowledged.has);
	s->used += (size_t)snprintf(s->text + s->used, sizeof(s->text) -
	    s->used, "%lu:%lu %s|%s|%s|%s|%lld\n", x->line, x->index,
	    x->person, x->person_norm, x->policy, x->version,
	    (long long)x->acknowledged.t);
	s->n++;
	return ASSURE_OK;
}

/* Parse text in chunks of chunk bytes (0: whole); the diagnostic or "". */
static enum assure_err
parse(enum people_format fmt, const char *text, size_t chunk,
    struct seen *s, char *diag, size_t size)
{
	struct people_sink sink = { on_training, on_check, on_ack, s };
	struct people_opts o = { "p.csv" };
	struct people_parser *p;
	struct assure_diag d;
	size_t len = strlen(text), off = 0, n;
	enum assure_err rc;

	memset(s, 0, sizeof(*s));
	diag[0] = '\0';
	rc = people_parser_new(fmt, &o, &sink, &p, &d);
	assert_int_equal(rc, ASSURE_OK);
	while (rc == ASSURE_OK && off < len) {
		n = chunk == 0 || len - off < chunk ? len - off : chunk;
		rc = people_parser_feed(p, text + off, n, &d);
		off += n;
	}
	if (rc == ASSURE_OK)
		rc = people_parser_finish(p, &d);
	if (rc != ASSURE_OK)
		assure_diag_format(&d, diag, size);
	people_parser_free(p);
	return rc;
}

static const char training_csv[] =
    "\xef\xbb\xbf" "Completed_At,PERSON,Course,extra,Score,passed\r\n"
    "2025-06-01,Alice@Acme.com,Security Awareness 2025,x,93.5,Yes\r\n"
    "\r\n"
    "\"2025-06-02T10:00:00Z\",bob@acme.com,\"Code of conduct, v2\",,,\r\n"
    "2025-06-03 , carol@acme.com , Phishing ,y,70,false\r\n";

static const char checks_csv[] =
    "person,result,completed_at,provider,type\n"
    "Dave@Acme.com,CLEAR,2025-08-28,Checkr,criminal\n"
    "erin@acme.com,Consider,2026-01-02T09:00:00+01:00,,\n";

static void
test_training_fields(void **state)
{
	struct seen s;
	char diag[512], want[1024];

	(void)state;
	assert_int_equal(parse(PEOPLE_FMT_TRAINING, training_csv, 0, &s,
	    diag, sizeof(diag)), ASSURE_OK);
	assert_int_equal(s.n, 3);
	snprintf(want, sizeof(want),
	    "2:0 Alice@Acme.com|alice@acme.com|Security Awareness 2025|%lld|"
	    "93.5|%d\n"
	    "4:1 bob@acme.com|bob@acme.com|Code of conduct, v2|%lld|-|%d\n"
	    "5:2 carol@acme.com|carol@acme.com|Phishing|%lld|70|%d\n",
	    (long long)t_("2025-06-01"), (int)TRI_TRUE,
	    (long long)t_("2025-06-02T10:00:00Z"), (int)TRI_ABSENT,
	    (long long)t_("2025-06-03"), (int)TRI_FALSE);
	assert_string_equal(s.text, want);
}

static void
test_check_fields(void **state)
{
	struct seen s;
	char diag[512], want[1024];

	(void)state;
	assert_int_equal(parse(PEOPLE_FMT_BACKGROUND, checks_csv, 0, &s,
	    diag, sizeof(diag)), ASSURE_OK);
	assert_int_equal(s.n, 2);
	snprintf(want, sizeof(want),
	    "2:0 Dave@Acme.com|dave@acme.com|%lld|clear|Checkr|criminal\n"
	    "3:1 erin@acme.com|erin@acme.com|%lld|consider|-|-\n",
	    (long long)t_("2025-08-28"),
	    (long long)t_("2026-01-02T08:00:00Z"));
	assert_string_equal(s.text, want);
	assert_int_equal(people_format_find("background-checks"),
	    PEOPLE_FMT_BACKGROUND);
	assert_int_equal(people_format_find("nope"), PEOPLE_FMT__MAX);
	assert_string_equal(people_format_name(PEOPLE_FMT_TRAINING),
	    "training-completions");
}

static const char acks_csv[] =
    "Acknowledged_At,policy,Person,version,signed_via\r\n"
    "2026-01-20,POL-ISP,Frank@Acme.com,1.0,DocuSign\r\n"
    "\"2026-01-21T09:30:00Z\",POL-AUP,frank@acme.com,\"2.1 (rev. b)\",\r\n";

static void
test_ack_fields(void **state)
{
	struct seen s;
	char diag[512], want[1024];

	(void)state;
	assert_int_equal(parse(PEOPLE_FMT_ACK, acks_csv, 0, &s, diag,
	    sizeof(diag)), ASSURE_OK);
	assert_int_equal(s.n, 2);
	snprintf(want, sizeof(want),
	    "2:0 Frank@Acme.com|frank@acme.com|POL-ISP|1.0|%lld\n"
	    "3:1 frank@acme.com|frank@acme.com|POL-AUP|2.1 (rev. b)|%lld\n",
	    (long long)t_("2026-01-20"),
	    (long long)t_("2026-01-21T09:30:00Z"));
	assert_string_equal(s.text, want);
	assert_int_equal(people_format_find("policy-acknowledgements"),
	    PEOPLE_FMT_ACK);
}

static void
test_chunked_equals_whole(void **state)
{
	static const char *const docs[] = { training_csv, checks_csv,
	    acks_csv };
	static const enum people_format fmts[] = { PEOPLE_FMT_TRAINING,
	    PEOPLE_FMT_BACKGROUND, PEOPLE_FMT_ACK };
	struct seen whole, part;
	char d1[512], d2[512];
	size_t i, chunk;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(docs); i++) {
		enum people_format fmt = fmts[i];

		assert_int_equal(parse(fmt, docs[i], 0, &whole, d1,
		    sizeof(d1)), ASSURE_OK);
		for (chunk = 1; chunk < 8; chunk++) {
			assert_int_equal(parse(fmt, docs[i], chunk, &part, d2,
			    sizeof(d2)), ASSURE_OK);
			assert_string_equal(whole.text, part.text);
		}
	}
	/* An error is the same, and located the same, in pieces. */
	assert_int_not_equal(parse(PEOPLE_FMT_BACKGROUND,
	    "person,completed_at,result\na@b.c,2025-01-01,maybe\n", 0,
	    &whole, d1, sizeof(d1)), ASSURE_OK);
	assert_int_not_equal(parse(PEOPLE_FMT_BACKGROUND,
	    "person,completed_at,result\na@b.c,2025-01-01,maybe\n", 3,
	    &part, d2, sizeof(d2)), ASSURE_OK);
	assert_string_equal(d1, d2);
}

struct bad {
	enum people_format	 fmt;
	const char		*text;
	const char		*want;
};

static void
test_errors_located(void **state)
{
	static const struct bad bad[] = {
	    { PEOPLE_FMT_TRAINING, "",
	      "p.csv:1:1: header: expected a header line" },
	    { PEOPLE_FMT_TRAINING, "person,completed_at\n",
	      "p.csv:1:1: header: expected a column course, got none" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at,Course\n",
	      "p.csv:1:28: header: expected one course column" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at\n"
	      "alice,Sec,2025-01-01\n",
	      "p.csv:2:1: person: expected the person's e-mail address, got "
	      "'alice'" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at\n"
	      "a@b.c,,2025-01-01\n",
	      "p.csv:2:7: course: expected the course's name, got ''" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at\n"
	      "a@b.c,Sec,soon\n",
	      "p.csv:2:11: completed_at: expected an RFC 3339 time or a "
	      "date YYYY-MM-DD, got 'soon'" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at,score\n"
	      "a@b.c,Sec,2025-01-01,high\n",
	      "p.csv:2:22: score: expected a number, got 'high'" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at,passed\n"
	      "a@b.c,Sec,2025-01-01,maybe\n",
	      "p.csv:2:22: passed: expected yes, no, true or false, got "
	      "'maybe'" },
	    { PEOPLE_FMT_TRAINING, "person,course,completed_at\n"
	      "a@b.c,Sec\n",
	      "p.csv:2:1: row: expected 3 fields as in the header, got 2" },
	    { PEOPLE_FMT_BACKGROUND, "person,completed_at\n",
	      "p.csv:1:1: header: expected a column result, got none" },
	    { PEOPLE_FMT_BACKGROUND, "person,completed_at,result\n"
	      "a@b.c,2025-01-01,\n",
	      "p.csv:2:18: result: expected clear, consider, adverse or "
	      "pending, got ''" },
	    { PEOPLE_FMT_BACKGROUND, "person,completed_at,result\n"
	      "a@b.c,,clear\n",
	      "p.csv:2:7: completed_at: expected an RFC 3339 time" },
	    { PEOPLE_FMT_BACKGROUND, "person,completed_at,result\n"
	      "\"a@b.c,2025-01-01,clear\n",
	      "p.csv:2:" },
	    { PEOPLE_FMT_ACK, "person,policy,acknowledged_at\n",
	      "p.csv:1:1: header: expected a column version, got none" },
	    { PEOPLE_FMT_ACK, "person,policy,version,acknowledged_at\n"
	      "a@b.c,POL ISP,1.0,2026-01-01\n",
	      "p.csv:2:7: policy: expected a policy id (letters, digits, "
	      "'.', '_', '-'), got 'POL ISP'" },
	    { PEOPLE_FMT_ACK, "person,policy,version,acknowledged_at\n"
	      "a@b.c,POL-ISP,,2026-01-01\n",
	      "p.csv:2:15: version: expected the policy version "
	      "acknowledged" },
	    { PEOPLE_FMT_ACK, "person,policy,version,acknowledged_at\n"
	      "a@b.c,POL-ISP,1.0,yesterday\n",
	      "p.csv:2:19: acknowledged_at: expected an RFC 3339 time or a "
	      "date YYYY-MM-DD, got 'yesterday'" },
	    { PEOPLE_FMT_ACK, "person,policy,version,acknowledged_at\n"
	      "bob,POL-ISP,1.0,2026-01-01\n",
	      "p.csv:2:1: person: expected the person's e-mail address" },
	};
	struct seen s;
	char diag[512];
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assert_int_not_equal(parse(bad[i].fmt, bad[i].text, 0, &s,
		    diag, sizeof(diag)), ASSURE_OK);
		if (strncmp(diag, bad[i].want, strlen(bad[i].want)) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, diag,
			    bad[i].want);
	}
}

static void
test_hr_settings(void **state)
{
	static const char yaml[] = "organisation: Acme\nhr:\n"
	    "  training_every: 180d\n  training_within: 2w\n"
	    "  security_course: Phishing\n";
	static const char bad1[] = "organisation: A\nhr: { often: 1d }\n";
	static const char bad2[] = "organisation: A\nhr: { training_every: "
	    "soon }\n";
	struct config c, back;
	struct assure_buf out;
	struct assure_diag d;
	char diag[512];

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.hr.training_every, 365 * DAY);
	assert_int_equal(c.hr.training_within, 30 * DAY);
	assert_string_equal(c.hr.security_course, "security awareness");
	assert_int_equal(config_parse(yaml, strlen(yaml), "assure.yaml", &c,
	    &d), ASSURE_OK);
	assert_int_equal(c.hr.training_every, 180 * DAY);
	assert_int_equal(c.hr.training_within, 14 * DAY);
	assert_string_equal(c.hr.security_course, "Phishing");
	assure_buf_init(&out, ASSURE_BUF_DEFAULT_MAX);
	config_render(&c, &out);
	assert_non_null(strstr(assure_buf_str(&out), "\nhr:\n"));
	assert_int_equal(config_parse(assure_buf_str(&out), out.len,
	    "assure.yaml", &back, &d), ASSURE_OK);
	assert_int_equal(back.hr.training_every, 180 * DAY);
	assert_int_equal(back.hr.training_within, 14 * DAY);
	assert_string_equal(back.hr.security_course, "Phishing");
	assure_buf_free(&out);
	assert_int_not_equal(config_parse(bad1, strlen(bad1), "assure.yaml",
	    &c, &d), ASSURE_OK);
	assure_diag_format(&d, diag, sizeof(diag));
	assert_non_null(strstr(diag, "training_every, training_within, "
	    "security_course"));
	assert_int_not_equal(config_parse(bad2, strlen(bad2), "assure.yaml",
	    &c, &d), ASSURE_OK);
}

/* ------------------------------------------------------------ rules */

struct fixture {
	char			*dir;
	struct workspace	*ws;
	int			 seq;
	struct evaluation	 ev;
	bool			 has_ev;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct config cfg;
	struct assure_diag d;

	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "Test Org", sizeof(cfg.organisation));
	assure_strlcpy(cfg.system, "Test", sizeof(cfg.system));
	cfg.period_start = t_("2025-07-01T00:00:00Z");
	cfg.period_end = t_("2026-06-30T23:59:59Z");
	cfg.freshness = 35 * DAY;
	tu_db_setup(&cfg);
	f->dir = tu_mkdtemp();
	assert_int_equal(workspace_create(f->dir, &cfg, &d), ASSURE_OK);
	assert_int_equal(workspace_open(f->dir, 0, &f->ws, &d), ASSURE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f->has_ev)
		evaluation_release(&f->ev);
	workspace_close(f->ws);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int64_t
evidence(struct fixture *f, const char *kind, const char *as_of)
{
	struct store_val p[10];
	char hex[65];
	int64_t id = 0;

	snprintf(hex, sizeof(hex), "%064d", ++f->seq);
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV(kind);
	p[2] = STORE_INTV(100);
	p[3] = STORE_TEXTV("fixture");
	p[4] = STORE_INTV(t_(as_of));
	p[5] = STORE_INTV(t_(as_of));
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	return id;
}

/* A roster row: e-mail (lower case), hire date, termination or NULL. */
static void
person(struct fixture *f, int64_t ev, int idx, const char *email,
    const char *hire, const char *term)
{
	struct store_val p[15];
	size_t i;

	for (i = 0; i < 15; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[4] = STORE_TEXTV(email);
	p[5] = STORE_TEXTV(email);
	p[7] = STORE_TEXTV(term != NULL ? "terminated" : "active");
	if (hire != NULL)
		p[8] = STORE_INTV(t_(hire));
	if (term != NULL) {
		p[9] = STORE_INTV(t_(term));
		p[10] = STORE_INTV(1);
	}
	assert_int_equal(store_exec(f->ws->store, STMT_PERSON_INSERT, p, 15,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
account(struct fixture *f, int64_t ev, int idx, const char *login,
    const char *created)
{
	struct store_val p[19];
	size_t i;

	for (i = 0; i < 19; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 1);
	p[3] = STORE_TEXTV("okta");
	p[4] = STORE_TEXTV("acme.okta.com");
	p[5] = STORE_TEXTV(login);
	p[6] = STORE_TEXTV(login);
	p[7] = STORE_TEXTV(login);
	p[8] = STORE_TEXTV(login);
	p[10] = STORE_TEXTV("human");
	p[14] = STORE_INTV(1);
	if (created != NULL)
		p[15] = STORE_INTV(t_(created));
	assert_int_equal(store_exec(f->ws->store, STMT_ACCOUNT_INSERT, p, 19,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
training(struct fixture *f, int64_t ev, int idx, const char *who,
    const char *course, const char *at, int passed)
{
	struct store_val p[9];

	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[3] = STORE_TEXTV(who);
	p[4] = STORE_TEXTV(who);
	p[5] = STORE_TEXTV(course);
	p[6] = STORE_INTV(t_(at));
	p[7] = STORE_NULLV;
	p[8] = passed < 0 ? STORE_NULLV : STORE_INTV(passed);
	assert_int_equal(store_exec(f->ws->store, STMT_TRAINING_INSERT, p, 9,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
check(struct fixture *f, int64_t ev, int idx, const char *who,
    const char *at, const char *result)
{
	struct store_val p[9];

	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[3] = STORE_TEXTV(who);
	p[4] = STORE_TEXTV(who);
	p[5] = STORE_INTV(t_(at));
	p[6] = STORE_TEXTV(result);
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	assert_int_equal(store_exec(f->ws->store, STMT_BACKGROUND_INSERT, p,
	    9, NULL, NULL, NULL), ASSURE_OK);
}

static const struct test_result *
run(struct fixture *f, const char *as_of, const char *id)
{
	struct assure_diag d;
	size_t i;

	if (f->has_ev)
		evaluation_release(&f->ev);
	assert_int_equal(evaluation_run(f->ws->store, &f->ws->cfg, t_(as_of),
	    &f->ev, &d), ASSURE_OK);
	/* Every result again with its members (rules.h). */
	tu_check_evaluation_members(f->ws->store, &f->ws->cfg, t_(as_of));
	f->has_ev = true;
	for (i = 0; i < f->ev.n; i++)
		if (strcmp(f->ev.results[i].test_id, id) == 0)
			return &f->ev.results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static bool
has_exc(const struct test_result *r, const char *subject, const char *s)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (strcmp(r->exc[i].subject, subject) == 0 &&
		    strstr(r->exc[i].reason, s) != NULL)
			return true;
	return false;
}

#define AS_OF	"2026-01-15T00:00:00Z"

/* The roster of both rule tests, as of 2026-01-10. */
static int64_t
roster(struct fixture *f)
{
	int64_t hr = evidence(f, "hr-csv", "2026-01-10T00:00:00Z");

	person(f, hr, 0, "alice@acme.com", "2020-01-06", NULL);
	person(f, hr, 1, "bob@acme.com", "2021-03-01", NULL);
	person(f, hr, 2, "carol@acme.com", "2022-05-01", NULL);
	person(f, hr, 3, "dave@acme.com", "2025-09-01", NULL);
	person(f, hr, 4, "erin@acme.com", "2026-01-05", NULL);
	person(f, hr, 5, "frank@acme.com", "2025-08-01", "2025-12-31");
	person(f, hr, 6, "gina@acme.com", "2019-01-01", NULL);
	person(f, hr, 7, "hank@acme.com", "2025-08-01", NULL);
	return hr;
}

static void
test_no_evidence(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t tr;

	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "no HR roster"));
	r = run(f, AS_OF, "hr.background_check");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "no HR roster"));
	/* Training evidence but no roster: still none. */
	tr = evidence(f, "training-completions", "2026-01-01T00:00:00Z");
	training(f, tr, 0, "alice@acme.com", "Security awareness",
	    "2025-12-01", 1);
	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	/* A roster older than the freshness window. */
	person(f, evidence(f, "hr-csv", "2025-10-01T00:00:00Z"), 0,
	    "alice@acme.com", "2020-01-06", NULL);
	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "freshness"));
}

static void
test_training_no_training_evidence(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;

	roster(f);
	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "no training evidence"));
	/* Training filed after the instant is not evidence at it. */
	training(f, evidence(f, "training-completions",
	    "2026-02-01T00:00:00Z"), 0, "alice@acme.com",
	    "Security Awareness", "2026-01-20", 1);
	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
}

static void
test_training_rules(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t tr;

	roster(f);
	tr = evidence(f, "training-completions", "2026-01-12T00:00:00Z");
	/* Current: passes (any case, by substring). */
	training(f, tr, 0, "alice@acme.com", "SECURITY AWARENESS 2025",
	    "2025-06-01", -1);
	/* Last completed more than 365 days ago. */
	training(f, tr, 1, "bob@acme.com", "Security Awareness",
	    "2024-06-01", 1);
	/* Only another course: never. */
	training(f, tr, 2, "carol@acme.com", "Code of conduct",
	    "2025-06-01", 1);
	/* Hired in the period, first trained more than 30 days after. */
	training(f, tr, 3, "dave@acme.com", "Security Awareness",
	    "2025-11-01", 1);
	/* erin: hired 10 days ago, not yet due. */
	/* frank: a leaver, not counted. */
	/* A failed attempt is no completion. */
	training(f, tr, 4, "gina@acme.com", "Security Awareness",
	    "2025-10-01", 0);
	/* Hired in the period, trained in time. */
	training(f, tr, 5, "hank@acme.com", "Security Awareness",
	    "2025-08-15", 1);
	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 7);
	assert_int_equal(r->nexc, 4);
	assert_true(has_exc(r, "bob@acme.com", "last completed the security "
	    "course on 2024-06-01, more than 365 days ago"));
	assert_true(has_exc(r, "carol@acme.com", "never completed the "
	    "security course ('security awareness')"));
	assert_true(has_exc(r, "dave@acme.com", "hired on 2025-09-01, first "
	    "completed the security course on 2025-11-01, more than 30 "
	    "days after"));
	assert_true(has_exc(r, "gina@acme.com", "never completed"));
	assert_non_null(strstr(r->reason, "1 new hire not yet due"));
	assert_int_equal(r->nev, 2);	/* the roster and the training */
	/* Past erin's window she is an exception too. */
	r = run(f, "2026-02-05T00:00:00Z", "hr.training");
	assert_true(has_exc(r, "erin@acme.com", "never completed the "
	    "security course ('security awareness'); hired on 2026-01-05"));
	/* Another course name configured. */
	assure_strlcpy(f->ws->cfg.hr.security_course, "conduct",
	    sizeof(f->ws->cfg.hr.security_course));
	r = run(f, AS_OF, "hr.training");
	assert_false(has_exc(r, "carol@acme.com", "never"));
	assert_true(has_exc(r, "alice@acme.com", "never"));
}

static void
test_training_pass(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, tr;

	hr = evidence(f, "hr-csv", "2026-01-10T00:00:00Z");
	person(f, hr, 0, "alice@acme.com", "2020-01-06", NULL);
	person(f, hr, 1, "hank@acme.com", "2025-08-01", NULL);
	tr = evidence(f, "training-completions", "2026-01-12T00:00:00Z");
	training(f, tr, 0, "alice@acme.com", "Security awareness",
	    "2024-01-01", 1);
	training(f, tr, 1, "alice@acme.com", "Security awareness",
	    "2025-03-01", 1);
	/* Before the hire date (pre-boarding) counts. */
	training(f, tr, 2, "hank@acme.com", "Security awareness",
	    "2025-07-25", 1);
	r = run(f, AS_OF, "hr.training");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 0);
}

static void
test_background_rules(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, ok, bc;

	hr = roster(f);
	person(f, hr, 8, "ivan@acme.com", "2025-10-01", NULL);
	person(f, hr, 9, "judy@acme.com", "2025-11-01", NULL);
	person(f, hr, 10, "kim@acme.com", "2025-12-01", NULL);
	person(f, hr, 11, "lee@acme.com", "2025-10-01", NULL);
	ok = evidence(f, "okta-users", "2026-01-14T00:00:00Z");
	/* dave's account predates his hire; the check came after it. */
	account(f, ok, 0, "dave@acme.com", "2025-08-25");
	account(f, ok, 1, "dave.admin@acme.com", "2025-09-10");
	account(f, ok, 2, "alice@acme.com", "2020-01-06");
	bc = evidence(f, "background-checks", "2026-01-12T00:00:00Z");
	check(f, bc, 0, "dave@acme.com", "2025-08-28", "clear");
	/* erin: consider, before her hire (no account known). */
	check(f, bc, 1, "erin@acme.com", "2026-01-02", "consider");
	/* hank: clear before his hire. */
	check(f, bc, 2, "hank@acme.com", "2025-07-20", "clear");
	check(f, bc, 3, "ivan@acme.com", "2025-09-15", "adverse");
	check(f, bc, 4, "judy@acme.com", "2025-10-20", "pending");
	/* kim: none.  lee: clear, but after the hire date. */
	check(f, bc, 5, "lee@acme.com", "2025-10-05", "clear");
	/* frank is a leaver; alice was hired before the period. */
	r = run(f, AS_OF, "hr.background_check");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 7);
	assert_int_equal(r->nexc, 5);
	assert_true(has_exc(r, "dave@acme.com", "background check completed "
	    "on 2025-08-28 (clear), after their first account "
	    "(okta/acme.okta.com/dave@acme.com) was created on 2025-08-25"));
	assert_true(has_exc(r, "ivan@acme.com", "came back adverse"));
	assert_true(has_exc(r, "judy@acme.com", "came back pending"));
	assert_true(has_exc(r, "kim@acme.com", "no background check on "
	    "record; one was due before their hire date 2025-12-01 (no "
	    "account of theirs is known)"));
	assert_true(has_exc(r, "lee@acme.com", "after their hire date "
	    "2025-10-01 (no account of theirs is known)"));
	assert_int_equal(r->nev, 3);
}

static void
test_background_pass_and_empty(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	int64_t hr, bc;

	hr = evidence(f, "hr-csv", "2026-01-10T00:00:00Z");
	person(f, hr, 0, "alice@acme.com", "2020-01-06", NULL);
	r = run(f, AS_OF, "hr.background_check");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "hired in the observation"));
	person(f, hr, 1, "hank@acme.com", "2025-08-01", NULL);
	bc = evidence(f, "background-checks", "2026-01-12T00:00:00Z");
	/* An adverse first, then clear in time: the clear one counts. */
	check(f, bc, 0, "hank@acme.com", "2025-07-01", "adverse");
	r = run(f, AS_OF, "hr.background_check");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	check(f, bc, 1, "hank@acme.com", "2025-07-25", "clear");
	r = run(f, AS_OF, "hr.background_check");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
}

/* ---------------------------------------------------- policy.acknowledged */

static void
member(struct fixture *f, int64_t ev, int idx, const char *email,
    const char *hire, const char *term, const char *dept)
{
	struct store_val p[15];
	size_t i;

	for (i = 0; i < 15; i++)
		p[i] = STORE_NULLV;
	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[4] = STORE_TEXTV(email);
	p[5] = STORE_TEXTV(email);
	p[7] = STORE_TEXTV(term != NULL ? "terminated" : "active");
	p[8] = STORE_INTV(t_(hire));
	if (term != NULL) {
		p[9] = STORE_INTV(t_(term));
		p[10] = STORE_INTV(1);
	}
	p[11] = STORE_TEXTV(dept);
	assert_int_equal(store_exec(f->ws->store, STMT_PERSON_INSERT, p, 15,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
ack(struct fixture *f, int64_t ev, int idx, const char *who,
    const char *policy, const char *version, const char *at)
{
	struct store_val p[8];

	p[0] = STORE_INTV(ev);
	p[1] = STORE_INTV(idx);
	p[2] = STORE_INTV(idx + 2);
	p[3] = STORE_TEXTV(who);
	p[4] = STORE_TEXTV(who);
	p[5] = STORE_TEXTV(policy);
	p[6] = STORE_TEXTV(version);
	p[7] = STORE_INTV(t_(at));
	assert_int_equal(store_exec(f->ws->store, STMT_POLICY_ACK_INSERT, p, 8,
	    NULL, NULL, NULL), ASSURE_OK);
}

static void
policy(struct policy_set *set, const char *id, const char *version,
    const char *audience)
{
	struct assure_diag d;
	char text[512];

	snprintf(text, sizeof(text), "---\nid: %s\ntitle: %s Policy\n"
	    "owner: CTO\nversion: %s\neffective: 2026-01-01\n"
	    "review_every: 365d\naudience: %s\n---\n# %s\n\nText.\n", id, id,
	    version, audience, id);
	assert_int_equal(policy_parse(set, text, strlen(text), id, &d),
	    ASSURE_OK);
}

static bool
has_exc_n(const struct test_result *r, const char *subject, const char *a,
    const char *b)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (strcmp(r->exc[i].subject, subject) == 0 &&
		    strstr(r->exc[i].reason, a) != NULL &&
		    strstr(r->exc[i].reason, b) != NULL)
			return true;
	return false;
}

static void
test_policy_acknowledged(void **state)
{
	struct fixture *f = *state;
	const struct test_result *r;
	struct policy_set set;
	struct assure_diag d;
	int64_t hr, ak;
	size_t i;

	policy_set_init(&set);
	policy(&set, "POL-A", "1.0", "all");
	policy(&set, "POL-E", "2.0", "engineering");
	policy(&set, "POL-M", "1.0", "[management, people]");
	policy(&set, "POL-U", "0.9", "all");		/* never approved */
	f->ws->cfg.policies = &set;
	assure_strlcpy(f->ws->cfg.policy.approvers.item[0], "alice@acme.com",
	    sizeof(f->ws->cfg.policy.approvers.item[0]));
	f->ws->cfg.policy.approvers.n = 1;
	for (i = 0; i < 3; i++)
		assert_int_equal(policy_approve(f->ws, &set.v[i],
		    "alice@acme.com", t_("2026-01-10T12:00:00Z"), &d),
		    ASSURE_OK);
	hr = evidence(f, "hr-csv", "2026-03-10T00:00:00Z");
	member(f, hr, 0, "alice@acme.com", "2020-01-06", NULL, "Finance");
	member(f, hr, 1, "bob@acme.com", "2021-03-01", NULL, "Engineering");
	member(f, hr, 2, "carol@acme.com", "2026-03-01", NULL, "engineering");
	member(f, hr, 3, "dave@acme.com", "2021-01-01", "2026-02-01", "Sales");
	member(f, hr, 4, "erin@acme.com", "2021-01-01", NULL, "Sales");
	member(f, hr, 5, "fay@acme.com", "2022-01-01", NULL, "People");

	/* A roster but no acknowledgement evidence. */
	r = run(f, "2026-03-15T00:00:00Z", "policy.acknowledged");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "no policy-acknowledgements"));

	ak = evidence(f, "policy-acknowledgements", "2026-03-12T00:00:00Z");
	ack(f, ak, 0, "alice@acme.com", "POL-A", "1.0", "2026-01-15");
	ack(f, ak, 1, "alice@acme.com", "POL-M", "1.0", "2026-01-20");
	ack(f, ak, 2, "bob@acme.com", "POL-A", "1.0", "2026-03-01");
	ack(f, ak, 3, "bob@acme.com", "POL-E", "1.0", "2025-06-01");
	ack(f, ak, 4, "erin@acme.com", "POL-A", "1.0", "2026-02-09");
	ack(f, ak, 5, "fay@acme.com", "POL-A", "1.0", "2026-01-31");
	ack(f, ak, 6, "fay@acme.com", "POL-M", "1.0", "2026-01-31");
	ack(f, ak, 7, "erin@acme.com", "POL-U", "0.9", "2026-01-31");

	r = run(f, "2026-03-15T00:00:00Z", "policy.acknowledged");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	/* alice A, M (management); bob A, E; carol A, E (new, not yet
	 * due); erin A; fay A, M (department People); dave has left; POL-U
	 * is not published. */
	assert_int_equal(r->population, 9);
	assert_int_equal(r->nexc, 2);
	assert_true(has_exc_n(r, "bob@acme.com", "POL-A version 1.0 "
	    "acknowledged on 2026-03-01", "its publication"));
	assert_true(has_exc_n(r, "bob@acme.com", "POL-E version 2.0 not "
	    "acknowledged (only version 1.0, on 2025-06-01)", "2026-01-10"));
	assert_non_null(strstr(r->reason, "(2 not yet due)"));
	assert_non_null(strstr(r->reason, "1 policy not approved"));

	/* Carol's window closes 30 days after her hire. */
	r = run(f, "2026-04-05T00:00:00Z", "policy.acknowledged");
	assert_int_equal(r->nexc, 4);
	assert_true(has_exc_n(r, "carol@acme.com", "POL-A version 1.0 not "
	    "acknowledged", "their hire"));
	assert_true(has_exc_n(r, "carol@acme.com", "POL-E", "2026-03-01"));

	/* A new version owes new acknowledgements once approved. */
	ack(f, ak, 8, "bob@acme.com", "POL-E", "2.0", "2026-01-12");
	ack(f, ak, 9, "bob@acme.com", "POL-A", "1.0", "2026-01-11");
	ack(f, ak, 10, "carol@acme.com", "POL-A", "1.0", "2026-03-02");
	ack(f, ak, 11, "carol@acme.com", "POL-E", "2.0", "2026-03-02");
	r = run(f, "2026-04-05T00:00:00Z", "policy.acknowledged");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->nexc, 0);

	f->ws->cfg.policies = NULL;
	policy_set_release(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_training_fields),
		cmocka_unit_test(test_check_fields),
		cmocka_unit_test(test_ack_fields),
		cmocka_unit_test(test_chunked_equals_whole),
		cmocka_unit_test(test_errors_located),
		cmocka_unit_test(test_hr_settings),
		cmocka_unit_test_setup_teardown(test_policy_acknowledged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_training_no_training_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_training_pass, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_background_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_background_pass_and_empty, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
