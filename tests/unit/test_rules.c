/*
 * test_rules.c: the IAM tests and evaluations: every verdict (pass, fail,
 * no_evidence for absent and for stale evidence, error), as-of replay,
 * absent values never read as true, recording and loading back, and the
 * JSON contract.
 *
 * CONTROL: tsc:CC6.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "rules/rules.h"
#include "workspace/workspace.h"

#define DAY	86400
#define T0	1782864000	/* 2026-07-01T00:00:00Z */

enum { A = -1, F = 0, T = 1 };	/* absent, false, true */

struct user {
	const char	*name;
	int		 root;
	int		 password;
	int		 mfa;
	int		 key1;
	int		 key2;
};

struct fixture {
	char			*dir;
	struct workspace	*ws;
	int			 seq;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ws = tu_workspace_new("Test Org", &f->dir);
	f->ws->cfg.freshness = 35 * DAY;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

static struct store_val
tri(int v)
{
	return v == A ? STORE_NULLV : STORE_INTV(v);
}

/* A credential report for one account as of as_of, stored directly. */
static void
add_report(struct fixture *f, const char *account, int64_t as_of,
    const struct user *users, size_t n, const char *sha)
{
	struct store_val p[28];
	char hex[65], arn[256];
	int64_t id = 0;
	size_t i, k;

	if (sha == NULL) {
		snprintf(hex, sizeof(hex), "%064d", ++f->seq);
		sha = hex;
	}
	p[0] = STORE_TEXTV(sha);
	p[1] = STORE_TEXTV("aws-iam-credential-report");
	p[2] = STORE_INTV(100);
	p[3] = STORE_TEXTV("fixture.csv");
	p[4] = STORE_INTV(as_of);
	p[5] = STORE_INTV(as_of);
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	p[0] = STORE_INTV(id);
	p[1] = STORE_TEXTV("aws");
	p[2] = STORE_TEXTV(account);
	assert_int_equal(store_exec(f->ws->store, STMT_CRED_REPORT_INSERT, p,
	    3, NULL, NULL, NULL), ASSURE_OK);
	for (i = 0; i < n; i++) {
		k = 0;
		if (users[i].root)
			snprintf(arn, sizeof(arn), "arn:aws:iam::%s:root",
			    account);
		else
			snprintf(arn, sizeof(arn), "arn:aws:iam::%s:user/%s",
			    account, users[i].name);
		p[k++] = STORE_INTV(id);
		p[k++] = STORE_INTV((int64_t)i);
		p[k++] = STORE_INTV((int64_t)i + 2);
		p[k++] = STORE_TEXTV("aws");
		p[k++] = STORE_TEXTV(account);
		p[k++] = STORE_TEXTV(users[i].root ? "<root_account>" :
		    users[i].name);
		p[k++] = STORE_TEXTV(arn);
		p[k++] = STORE_INTV(users[i].root);
		p[k++] = STORE_INTV(as_of - 400 * DAY);
		p[k++] = tri(users[i].password);
		p[k++] = STORE_NULLV;
		p[k++] = STORE_NULLV;
		p[k++] = STORE_NULLV;
		p[k++] = tri(users[i].mfa);
		p[k++] = tri(users[i].key1);
		p[k++] = STORE_NULLV;
		p[k++] = STORE_NULLV;
		p[k++] = STORE_NULLV;
		p[k++] = STORE_NULLV;
		p[k++] = tri(users[i].key2);
		while (k < 28)
			p[k++] = STORE_NULLV;
		assert_int_equal(store_exec(f->ws->store, STMT_CRED_INSERT, p,
		    28, NULL, NULL, NULL), ASSURE_OK);
	}
}

static const struct test_result *
result(const struct evaluation *ev, const char *id)
{
	size_t i;

	for (i = 0; i < ev->n; i++)
		if (strcmp(ev->results[i].test_id, id) == 0)
			return &ev->results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static void
evaluate(struct fixture *f, int64_t as_of, struct evaluation *ev)
{
	struct assure_diag d;

	assert_int_equal(evaluation_run(f->ws->store, &f->ws->cfg, as_of, ev,
	    &d), ASSURE_OK);
	/* Every result again with its members (rules.h). */
	tu_check_evaluation_members(f->ws->store, &f->ws->cfg, as_of);
}

static const struct user good[] = {
	{ "root", T, A, T, F, F },
	{ "alice", F, T, T, F, F },
	{ "bob", F, T, T, T, F },
	{ "deploy", F, F, F, T, A },	/* key only: not a console user */
};

static void
test_no_evidence(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	const struct test_result *r;

	evaluate(f, T0, &ev);
	assert_int_equal(ev.n, 32);
	r = result(&ev, "iam.aws_root");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "no aws-iam-credential-report"));
	r = result(&ev, "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_int_equal(r->nev, 0);
	evaluation_release(&ev);
}

static void
test_pass(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	const struct test_result *r;

	add_report(f, "111111111111", T0 - DAY, good, 4, NULL);
	evaluate(f, T0, &ev);
	r = result(&ev, "iam.aws_root");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 1);
	assert_int_equal(r->nev, 1);
	r = result(&ev, "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_PASS);
	assert_int_equal(r->population, 2);
	assert_int_equal(r->nexc, 0);
	evaluation_release(&ev);
}

static void
test_fail(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	const struct test_result *r;
	static const struct user bad[] = {
		{ "root", T, A, F, T, T },
		{ "alice", F, T, F, F, F },
		{ "carol", F, T, A, F, F },	/* absent MFA is not MFA */
		{ "dave", F, A, F, F, F },	/* absent password: not console */
		{ "erin", F, T, T, F, F },
	};

	add_report(f, "222222222222", T0 - DAY, bad, 5, NULL);
	evaluate(f, T0, &ev);
	r = result(&ev, "iam.aws_root");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->nexc, 3);
	assert_string_equal(r->exc[0].subject, "aws/222222222222/root");
	assert_string_equal(r->exc[0].reason, "root account has no MFA device");
	assert_string_equal(r->exc[1].reason, "root access key 1 is active");
	assert_string_equal(r->exc[2].reason, "root access key 2 is active");
	r = result(&ev, "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->population, 3);
	assert_int_equal(r->nexc, 2);
	assert_string_equal(r->exc[0].subject, "aws/222222222222/alice");
	assert_string_equal(r->exc[0].reason,
	    "console password enabled, no MFA device");
	assert_string_equal(r->exc[1].subject, "aws/222222222222/carol");
	evaluation_release(&ev);
}

static void
test_stale_is_no_evidence(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	const struct test_result *r;

	add_report(f, "333333333333", T0 - 36 * DAY, good, 4, NULL);
	evaluate(f, T0, &ev);
	r = result(&ev, "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "333333333333"));
	assert_non_null(strstr(r->reason, "35-day freshness window"));
	assert_int_equal(r->population, 0);
	evaluation_release(&ev);
	/* Exactly at the window's edge it is still fresh. */
	evaluate(f, T0 - DAY, &ev);
	assert_int_equal(result(&ev, "iam.user_mfa")->verdict, VERDICT_PASS);
	evaluation_release(&ev);
}

static void
test_one_stale_account_blocks_pass(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	const struct test_result *r;
	static const struct user nomfa[] = {
		{ "root", T, A, T, F, F },
		{ "zed", F, T, F, F, F },
	};

	add_report(f, "444444444444", T0 - DAY, good, 4, NULL);
	add_report(f, "555555555555", T0 - 90 * DAY, good, 4, NULL);
	evaluate(f, T0, &ev);
	r = result(&ev, "iam.aws_root");
	assert_int_equal(r->verdict, VERDICT_NO_EVIDENCE);
	assert_non_null(strstr(r->reason, "555555555555"));
	evaluation_release(&ev);
	/* With an exception in a fresh account the test fails, and says
	 * which account was not judged. */
	add_report(f, "666666666666", T0 - DAY, nomfa, 2, NULL);
	evaluate(f, T0, &ev);
	r = result(&ev, "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_int_equal(r->nexc, 1);
	assert_non_null(strstr(r->reason, "555555555555"));
	evaluation_release(&ev);
}

static void
test_as_of_replay(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	static const struct user before[] = {
		{ "root", T, A, F, F, F },
	};
	static const struct user after[] = {
		{ "root", T, A, T, F, F },
	};

	add_report(f, "777777777777", T0 - 20 * DAY, before, 1, NULL);
	add_report(f, "777777777777", T0 - 5 * DAY, after, 1, NULL);
	evaluate(f, T0, &ev);
	assert_int_equal(result(&ev, "iam.aws_root")->verdict, VERDICT_PASS);
	evaluation_release(&ev);
	/* Ten days earlier only the older report existed. */
	evaluate(f, T0 - 10 * DAY, &ev);
	assert_int_equal(result(&ev, "iam.aws_root")->verdict, VERDICT_FAIL);
	evaluation_release(&ev);
	/* Before any report: no evidence. */
	evaluate(f, T0 - 30 * DAY, &ev);
	assert_int_equal(result(&ev, "iam.aws_root")->verdict,
	    VERDICT_NO_EVIDENCE);
	evaluation_release(&ev);
}

static void
test_root_row_missing(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	static const struct user noroot[] = {
		{ "alice", F, T, T, F, F },
	};

	add_report(f, "888888888888", T0 - DAY, noroot, 1, NULL);
	evaluate(f, T0, &ev);
	assert_int_equal(result(&ev, "iam.aws_root")->verdict,
	    VERDICT_NO_EVIDENCE);
	assert_int_equal(result(&ev, "iam.user_mfa")->verdict, VERDICT_PASS);
	evaluation_release(&ev);
}

static void
test_error_verdict(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev;
	const struct test_result *r;

	/* A store whose evidence hash is not a hash: the test cannot vouch
	 * for anything, so it says error, never pass. */
	add_report(f, "999999999999", T0 - DAY, good, 4, "not-a-sha256");
	evaluate(f, T0, &ev);
	r = result(&ev, "iam.user_mfa");
	assert_int_equal(r->verdict, VERDICT_ERROR);
	assert_non_null(r->reason);
	assert_int_equal(r->nexc, 0);
	evaluation_release(&ev);
}

static void
test_record_and_load(void **state)
{
	struct fixture *f = *state;
	struct evaluation ev, back;
	struct assure_diag d;
	struct assure_buf b;
	struct jsonw w;
	bool found;
	static const struct user mixed[] = {
		{ "root", T, A, T, F, F },
		{ "alice", F, T, F, F, F },
	};

	assert_int_equal(evaluation_load_latest(f->ws->store, &back, &found,
	    &d), ASSURE_OK);
	assert_false(found);
	add_report(f, "123456789012", T0 - DAY, mixed, 2, NULL);
	evaluate(f, T0, &ev);
	assert_int_equal(evaluation_record(f->ws->store, f->ws->ledger, &ev, &d), ASSURE_OK);
	assert_int_equal(evaluation_load_latest(f->ws->store, &back, &found,
	    &d), ASSURE_OK);
	assert_true(found);
	assert_string_equal(back.id, ev.id);
	assert_int_equal(back.as_of, T0);
	assert_int_equal(back.n, ev.n);
	assert_int_equal(result(&back, "iam.user_mfa")->verdict, VERDICT_FAIL);
	assert_int_equal(result(&back, "iam.user_mfa")->nexc, 1);
	assert_string_equal(result(&back, "iam.user_mfa")->ev[0].digest,
	    result(&ev, "iam.user_mfa")->ev[0].digest);
	/* The JSON contract. */
	assure_buf_init(&b, 0);
	jsonw_init(&w, &b, false);
	evaluation_json(&back, &w);
	assert_non_null(strstr(assure_buf_str(&b), "\"as_of\":"
	    "\"2026-07-01T00:00:00Z\",\"evaluation_id\":\""));
	assert_non_null(strstr(assure_buf_str(&b), "{\"id\":\"iam.user_mfa\","
	    "\"title\":\"Every user has MFA\",\"verdict\":\"fail\","
	    "\"population\":1,\"criteria\":[\"CC6.1\"],\"exceptions\":"
	    "[{\"subject\":\"aws/123456789012/alice\",\"reason\":\"console "
	    "password enabled, no MFA device\"}],\"evidence\":[\"sha256:"));
	assure_buf_free(&b);
	/* UUIDv7: version nibble 7. */
	assert_int_equal(strlen(ev.id), 36);
	assert_int_equal(ev.id[14], '7');
	evaluation_release(&back);
	evaluation_release(&ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_is_no_evidence,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_one_stale_account_blocks_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of_replay, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_root_row_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_verdict, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_record_and_load, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
