/*
 * test_review.c: access-review campaigns: start freezes the fresh accounts
 * of one system, decisions name accounts by login, e-mail or id, closing
 * needs every account decided, a closed campaign takes no decision, each
 * step is a ledger entry the verifier accepts, and the entry encodings.
 *
 * CONTROL: tsc:CC6.2
 * CONTROL: tsc:CC6.3
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "review/review.h"
#include "workspace/workspace.h"

#define NOW	1759320000	/* 2025-10-01T12:00:00Z */
#define X_SHA256	\
	"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"

struct fixture {
	char			*dir;
	struct workspace	*ws;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct config cfg;
	struct assure_diag d;
	struct store_val p[19];
	struct ledger_evidence e;
	struct assure_buf b;
	int64_t id = 0;
	size_t i, k;
	static const char *const logins[] = { "alice@acme.com",
	    "bob@acme.com", "carol@acme.com" };

	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "Test Org", sizeof(cfg.organisation));
	tu_db_setup(&cfg);
	f->dir = tu_mkdtemp();
	assert_int_equal(workspace_create(f->dir, &cfg, &d), ASSURE_OK);
	assert_int_equal(workspace_open(f->dir, 0, &f->ws, &d), ASSURE_OK);
	p[0] = STORE_TEXTV(X_SHA256);
	p[1] = STORE_TEXTV("okta-users");
	p[2] = STORE_INTV(1);
	p[3] = STORE_TEXTV("users.json");
	p[4] = STORE_INTV(NOW - 86400);
	p[5] = STORE_INTV(NOW - 86400);
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	for (i = 0; i < 3; i++) {
		char aid[16];

		snprintf(aid, sizeof(aid), "00u%zu", i);
		for (k = 0; k < 19; k++)
			p[k] = STORE_NULLV;
		p[0] = STORE_INTV(id);
		p[1] = STORE_INTV((int64_t)i);
		p[2] = STORE_INTV((int64_t)i);
		p[3] = STORE_TEXTV("okta");
		p[4] = STORE_TEXTV("acme.okta.com");
		p[5] = STORE_TEXTV(aid);
		p[6] = STORE_TEXTV(logins[i]);
		p[7] = STORE_TEXTV(logins[i]);
		p[8] = STORE_TEXTV(logins[i]);
		p[11] = STORE_INTV(i == 0);
		p[13] = STORE_TEXTV("ACTIVE");
		p[14] = STORE_INTV(1);
		assert_int_equal(store_exec(f->ws->store, STMT_ACCOUNT_INSERT,
		    p, 19, NULL, NULL, NULL), ASSURE_OK);
	}
	/* The evidence as an ingest leaves it: bytes by hash and an entry. */
	tu_blob_store(f->ws, X_SHA256, "x", 1);
	memset(&e, 0, sizeof(e));
	e.sha256_hex = X_SHA256;
	e.kind = "okta-users";
	e.size = 1;
	e.collected_at = e.as_of = NOW - 86400;
	e.as_of_origin = "given";
	e.collector = "test";
	assure_buf_init(&b, 0);
	ledger_encode_evidence(&b, &e);
	assert_int_equal(store_begin(f->ws->store, &d), ASSURE_OK);
	assert_int_equal(ledger_append(f->ws->ledger, "evidence", X_SHA256,
	    b.data, b.len, NOW - 86400, NULL, &d), ASSURE_OK);
	assert_int_equal(store_commit(f->ws->store, &d), ASSURE_OK);
	assure_buf_free(&b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	workspace_close(f->ws);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
test_campaign(void **state)
{
	struct fixture *f = *state;
	struct review_campaign c;
	struct ledger_verify_report rep;
	struct ledger_status st;
	struct assure_diag d;
	char id[REVIEW_ID_MAX];
	size_t n = 0;
	bool found;

	assert_int_equal(review_start(f->ws, "github", NULL, "alice", NOW, id,
	    &n, &d), ASSURE_ERR_NOTFOUND);
	assert_int_equal(review_start(f->ws, "okta", NULL, "alice", NOW, id,
	    &n, &d), ASSURE_OK);
	assert_string_equal(id, "okta-2025Q4-1");
	assert_int_equal(n, 3);
	assert_int_equal(review_decide(f->ws, id, "BOB@acme.com", "revoke",
	    "alice", "left the team", NOW + 60, &d), ASSURE_OK);
	assert_int_equal(review_decide(f->ws, id, "nobody", "keep", "alice",
	    NULL, NOW + 60, &d), ASSURE_ERR_NOTFOUND);
	assert_int_equal(review_decide(f->ws, id, "00u0", "maybe", "alice",
	    NULL, NOW + 60, &d), ASSURE_ERR_INVAL);
	assert_int_equal(review_decide(f->ws, id, "00u0", "keep", "alice",
	    NULL, NOW + 60, &d), ASSURE_OK);
	/* One account undecided: the campaign cannot close. */
	assert_int_equal(review_close(f->ws, id, "alice", NOW + 120, &d),
	    ASSURE_ERR_CONFLICT);
	assert_non_null(strstr(d.msg, "1 of 3 accounts"));
	assert_int_equal(review_decide(f->ws, id, "carol@acme.com", "keep",
	    "alice", NULL, NOW + 60, &d), ASSURE_OK);
	assert_int_equal(review_close(f->ws, id, "alice", NOW + 120, &d),
	    ASSURE_OK);
	assert_int_equal(review_close(f->ws, id, "alice", NOW + 180, &d),
	    ASSURE_ERR_CONFLICT);
	assert_int_equal(review_decide(f->ws, id, "00u0", "revoke", "alice",
	    NULL, NOW + 60, &d), ASSURE_ERR_CONFLICT);
	assert_int_equal(review_load(f->ws->store, id, &c, &found, &d),
	    ASSURE_OK);
	assert_true(found);
	assert_true(c.closed);
	assert_int_equal(c.undecided, 0);
	assert_string_equal(c.items[1].decision, "revoke");
	assert_string_equal(c.items[1].note, "left the team");
	review_campaign_release(&c);
	/* The evidence, start, three decisions, close: all verified. */
	assert_int_equal(ledger_status(f->ws->ledger, &st, &d), ASSURE_OK);
	assert_int_equal(st.size, 6);
	if (ledger_verify(f->ws->ledger, f->ws->evidence_dir, &rep, NULL,
	    NULL, &d) != ASSURE_OK)
		fail_msg("verify: %s", d.msg);
}

static void
test_encodings(void **state)
{
	struct review_item it;
	struct review_campaign c;
	struct assure_buf b;

	(void)state;
	memset(&it, 0, sizeof(it));
	it.tenant = "acme.okta.com";
	it.account_id = "00u1";
	it.login = "bob@acme.com";
	it.decision = "revoke";
	it.decided_by = "alice";
	it.decided_at = NOW;
	it.note = "50% done\nreally";
	assure_buf_init(&b, 0);
	review_encode_decision(&b, "okta-2025Q4-1", &it);
	assert_string_equal(assure_buf_str(&b), "assure-ledger-entry/1\n"
	    "type review-decision\ncampaign okta-2025Q4-1\ntenant "
	    "acme.okta.com\naccount 00u1\nlogin bob@acme.com\ndecision revoke\n"
	    "by alice\nat 2025-10-01T12:00:00Z\nnote 50%25 done%0Areally\n");
	memset(&c, 0, sizeof(c));
	assure_strlcpy(c.id, "okta-2025Q4-1", sizeof(c.id));
	assure_strlcpy(c.system, "okta", sizeof(c.system));
	c.as_of = c.started_at = NOW;
	assure_strlcpy(c.started_by, "alice", sizeof(c.started_by));
	assure_buf_reset(&b);
	assert_int_equal(review_encode_start(&b, &c), ASSURE_OK);
	assert_string_equal(assure_buf_str(&b), "assure-ledger-entry/1\n"
	    "type review-start\ncampaign okta-2025Q4-1\nsystem okta\ntenant -\n"
	    "as-of 2025-10-01T12:00:00Z\nat 2025-10-01T12:00:00Z\nby alice\n"
	    "accounts 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4959"
	    "91b7852b855\n");
	assure_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_campaign, setup,
		    teardown),
		cmocka_unit_test(test_encodings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
