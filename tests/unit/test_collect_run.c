/*
 * test_collect_run.c: collection runs (collect/run.h) over the store: a
 * complete run's pages are one snapshot; the evidence of a run that ended
 * incomplete, or is still open, stays out of the populations (a user only
 * on a missing page is not deprovisioned, the previous complete snapshot
 * still rules) while it stays listed and its bytes readable; the same
 * bytes again are linked, not stored again; the "collection" entries
 * verify, and a run row edited afterwards (a page unlinked, an outcome
 * flipped) is caught.
 *
 * CONTROL: tsc:CC6.2
 * CONTROL: tsc:CC7.2
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "collect/run.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/hash.h"
#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "rules/population.h"
#include "rules/rules.h"
#include "workspace/workspace.h"

#define DAY	86400

struct fixture {
	char			*dir;
	struct workspace	*ws;
};

static int64_t
t_(const char *s)
{
	int64_t t = 0;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->ws = tu_workspace_new("Collect Org", &f->dir);
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

/* A fixture's bytes (tests/data/collect/NAME). */
static void
fixture_read(const char *name, struct assure_buf *b)
{
	char *path, rel[128];
	struct assure_diag d;

	snprintf(rel, sizeof(rel), "collect/%s", name);
	path = tu_data_path(rel);
	assure_buf_init(b, 1024 * 1024);
	assert_int_equal(assure_file_read(path, b, &d), ASSURE_OK);
	free(path);
}

/* Keep fixture name as an okta-users page of r. */
static size_t
page(struct run *r, const char *name, int64_t as_of)
{
	struct run_page p;
	struct assure_buf b;
	struct assure_diag d;
	size_t records = 0;

	fixture_read(name, &b);
	memset(&p, 0, sizeof(p));
	p.kind = "okta-users";
	p.url = "https://acme.okta.com/api/v1/users?limit=2&after=00u2";
	p.data = b.data;
	p.len = b.len;
	p.as_of = as_of;
	assert_int_equal(run_page(r, &p, &records, &d), ASSURE_OK);
	assure_buf_free(&b);
	return records;
}

/* A run of okta-users pages at start, closed complete or not. */
static int64_t
run_of(struct fixture *f, const char *start, const char *const *pages,
    bool complete, const char *why)
{
	struct run r;
	struct assure_diag d;
	int64_t t = t_(start);
	size_t i;

	assert_int_equal(run_begin(f->ws, "okta", "acme.okta.com", t, &r, &d),
	    ASSURE_OK);
	for (i = 0; pages[i] != NULL; i++)
		page(&r, pages[i], 0);
	assert_int_equal(r.pages, i);
	assert_int_equal(run_end(&r, complete, why, t + 60, &d), ASSURE_OK);
	assert_true(r.closed);
	return r.id;
}

struct pop_fixture {
	struct test_ctx		ctx;
	struct population	p;
};

static void
pop_load(struct fixture *f, struct pop_fixture *pf, const char *as_of)
{
	struct assure_diag d;

	memset(pf, 0, sizeof(*pf));
	pf->ctx.store = f->ws->store;
	pf->ctx.cfg = &f->ws->cfg;
	pf->ctx.as_of = t_(as_of);
	assert_int_equal(population_load(&pf->ctx, POP_ACCOUNTS, &pf->p, &d),
	    ASSURE_OK);
}

static bool
has_account(const struct population *p, const char *id)
{
	return population_find(p, "okta", "acme.okta.com", id) != NULL;
}

static enum pop_revocation
revocation(struct pop_fixture *pf, const char *id, const char *since,
    int64_t *when)
{
	enum pop_revocation r = POP_UNOBSERVED;
	struct assure_diag d;

	*when = 0;
	assert_int_equal(population_revocation(&pf->ctx, &pf->p, "okta",
	    "acme.okta.com", id, t_(since), &r, when, &d), ASSURE_OK);
	return r;
}

static void
verify_ok(struct fixture *f)
{
	struct ledger_verify_report rep;
	struct assure_diag d;

	memset(&d, 0, sizeof(d));
	if (ledger_verify(f->ws->ledger, f->ws->evidence_dir, &rep, NULL,
	    NULL, &d) != ASSURE_OK)
		fail_msg("ledger verify: %s: %s", d.source, d.msg);
}

static const char *const both[] = { "okta_page1.json", "okta_page2.json",
    NULL };
static const char *const first_later[] = { "okta_page1_later.json", NULL };

static void
test_complete_run_is_one_snapshot(void **state)
{
	struct fixture *f = *state;
	struct pop_fixture pf;
	struct run_info ri[4];
	struct assure_diag d;
	size_t n, i, newest = 0;
	int64_t id, when;

	id = run_of(f, "2026-05-10T00:00:00Z", both, true, NULL);
	pop_load(f, &pf, "2026-05-11T00:00:00Z");
	assert_int_equal(pf.p.nacc, 3);
	assert_true(has_account(&pf.p, "00u1"));
	assert_true(has_account(&pf.p, "00u3"));
	for (i = 0; i < pf.p.nsnaps; i++)
		newest += pf.p.snaps[i].newest;
	assert_int_equal(newest, 2);
	/* Page 1's users are not gone because page 2 lacks them. */
	assert_int_equal(revocation(&pf, "00u1", "2026-05-01T00:00:00Z",
	    &when), POP_LIVE);
	population_release(&pf.p);

	assert_int_equal(run_list(f->ws, "okta", ri, 4, &n, &d), ASSURE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ri[0].id, id);
	assert_true(ri[0].complete);
	assert_int_equal(ri[0].pages, 2);
	assert_int_equal(ri[0].ended_at, t_("2026-05-10T00:01:00Z"));
	assert_string_equal(ri[0].target, "acme.okta.com");
	assert_int_equal(run_list(f->ws, "github", ri, 4, &n, &d), ASSURE_OK);
	assert_int_equal(n, 0);
	verify_ok(f);
}

/* Whether the evidence of these bytes is listed and its bytes readable. */
static void
still_kept(struct fixture *f, const char *name)
{
	struct assure_buf b;
	struct assure_diag d;
	unsigned char dg[ASSURE_SHA256_LEN], got[64];
	char hex[ASSURE_SHA256_HEXLEN + 1];
	struct store_val p[1];
	bool found = false;
	int64_t id = 0;
	ssize_t r;
	int fd = -1;

	fixture_read(name, &b);
	assert_int_equal(assure_sha256(b.data, b.len, dg), ASSURE_OK);
	assure_hex(dg, sizeof(dg), hex);
	p[0] = STORE_TEXTV(hex);
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_ID_BY_SHA256,
	    p, 1, &id, &found, &d), ASSURE_OK);
	assert_true(found);
	assert_int_equal(workspace_blob_open(f->ws, hex, &fd, &d), ASSURE_OK);
	r = read(fd, got, sizeof(got));
	assert_int_equal(r, sizeof(got));
	assert_memory_equal(got, b.data, sizeof(got));
	close(fd);
	assure_buf_free(&b);
}

static void
test_incomplete_run_excluded(void **state)
{
	struct fixture *f = *state;
	struct pop_fixture pf;
	struct run_info ri[4];
	struct assure_diag d;
	size_t n;
	int64_t when;

	run_of(f, "2026-05-10T00:00:00Z", both, true, NULL);
	/* The next day's run fails after page 1. */
	run_of(f, "2026-05-11T00:00:00Z", first_later, false,
	    "page 2: HTTP 502\nfrom the API");
	pop_load(f, &pf, "2026-05-12T00:00:00Z");
	/* The complete snapshot of the 10th still rules: carol (page 2
	 * only) is there and not deprovisioned on the 11th. */
	assert_int_equal(pf.p.nacc, 3);
	assert_true(has_account(&pf.p, "00u3"));
	assert_int_equal(revocation(&pf, "00u3", "2026-05-09T00:00:00Z",
	    &when), POP_LIVE);
	assert_int_equal(when, t_("2026-05-10T00:00:00Z"));
	population_release(&pf.p);
	/* Stored, listed and downloadable all the same. */
	still_kept(f, "okta_page1_later.json");
	assert_int_equal(run_list(f->ws, NULL, ri, 4, &n, &d), ASSURE_OK);
	assert_int_equal(n, 2);
	assert_false(ri[0].complete);
	assert_int_equal(ri[0].pages, 1);
	assert_string_equal(ri[0].note, "page 2: HTTP 502 from the API");
	assert_true(ri[1].complete);
	verify_ok(f);

	/* The same bytes in a later complete run count from then. */
	run_of(f, "2026-05-13T00:00:00Z", first_later, true, NULL);
	pop_load(f, &pf, "2026-05-14T00:00:00Z");
	assert_int_equal(pf.p.nacc, 2);
	assert_false(has_account(&pf.p, "00u3"));
	assert_int_equal(revocation(&pf, "00u3", "2026-05-09T00:00:00Z",
	    &when), POP_REVOKED);
	assert_int_equal(when, t_("2026-05-13T00:00:00Z"));
	population_release(&pf.p);
	verify_ok(f);
}

static void
test_open_run_excluded(void **state)
{
	struct fixture *f = *state;
	struct pop_fixture pf;
	struct run r;
	struct run_info ri[2];
	struct assure_diag d;
	size_t n;

	run_of(f, "2026-05-10T00:00:00Z", both, true, NULL);
	assert_int_equal(run_begin(f->ws, "okta", "acme.okta.com",
	    t_("2026-05-11T00:00:00Z"), &r, &d), ASSURE_OK);
	assert_int_equal(page(&r, "okta_page1_later.json", 0), 2);
	pop_load(f, &pf, "2026-05-12T00:00:00Z");
	assert_int_equal(pf.p.nacc, 3);
	assert_true(has_account(&pf.p, "00u3"));
	population_release(&pf.p);
	still_kept(f, "okta_page1_later.json");
	assert_int_equal(run_list(f->ws, "okta", ri, 2, &n, &d), ASSURE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ri[0].ended_at, 0);
	/* An open run has no entry yet; the ledger verifies. */
	verify_ok(f);
	/* Closed complete, its page counts. */
	assert_int_equal(run_end(&r, true, NULL, t_("2026-05-11T00:05:00Z"),
	    &d), ASSURE_OK);
	pop_load(f, &pf, "2026-05-12T00:00:00Z");
	assert_int_equal(pf.p.nacc, 2);
	population_release(&pf.p);
	verify_ok(f);
}

static void
test_duplicate_page_and_refusal(void **state)
{
	struct fixture *f = *state;
	struct run r;
	struct run_page p;
	struct assure_diag d;
	struct assure_buf b;
	size_t rec = 0;
	int64_t n = 0;

	run_of(f, "2026-05-10T00:00:00Z", both, true, NULL);
	/* The same bytes in the next run: linked, not stored again. */
	assert_int_equal(run_begin(f->ws, "okta", "acme.okta.com",
	    t_("2026-05-11T00:00:00Z"), &r, &d), ASSURE_OK);
	assert_int_equal(page(&r, "okta_page1.json", 0), 2);
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_COUNT,
	    NULL, 0, &n, NULL, &d), ASSURE_OK);
	assert_int_equal(n, 2);
	/* A page the parser refuses: the parser's error, nothing linked. */
	memset(&p, 0, sizeof(p));
	p.kind = "okta-users";
	p.url = "https://acme.okta.com/api/v1/users?after=x";
	p.data = "{ not json";
	p.len = strlen(p.data);
	assert_int_not_equal(run_page(&r, &p, &rec, &d), ASSURE_OK);
	assert_int_equal(r.pages, 1);
	/* An unknown kind. */
	p.kind = "no-such-kind";
	assert_int_equal(run_page(&r, &p, &rec, &d), ASSURE_ERR_INVAL);
	assert_int_equal(run_end(&r, false, "page 2 refused",
	    t_("2026-05-11T00:01:00Z"), &d), ASSURE_OK);
	/* The entry lists page 1 with its URL stripped of the query. */
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	assert_int_equal(ledger_collection_from_store(f->ws->store, r.id, &b,
	    &d), ASSURE_OK);
	assure_buf_addc(&b, '\0');
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	assert_non_null(strstr(b.data, "type collection\n"));
	assert_non_null(strstr(b.data, "complete no\n"));
	assert_non_null(strstr(b.data, "pages 1\n"));
	assert_non_null(strstr(b.data, " 2026-05-11T00:00:00Z "
	    "https://acme.okta.com/api/v1/users\n"));
	assert_null(strstr(b.data, "after="));
	assure_buf_free(&b);
	verify_ok(f);
}

static void
tamper(struct fixture *f, const char *sql)
{
	struct assure_diag d;

	assert_int_equal(f->ws->store->ops->exec_script(f->ws->store, sql, &d),
	    ASSURE_OK);
}

static void
verify_caught(struct fixture *f, const char *what)
{
	struct ledger_verify_report rep;
	struct assure_diag d;

	memset(&d, 0, sizeof(d));
	assert_int_equal(ledger_verify(f->ws->ledger, f->ws->evidence_dir,
	    &rep, NULL, NULL, &d), ASSURE_ERR_TAMPER);
	if (strstr(d.source, what) == NULL && strstr(d.msg, what) == NULL)
		fail_msg("expected '%s' in: %s: %s", what, d.source, d.msg);
}

static void
test_verify_catches_tampering(void **state)
{
	struct fixture *f = *state;
	struct ledger_verify_report rep;
	struct assure_diag d;
	char sql[160];
	int64_t ok, bad;

	ok = run_of(f, "2026-05-10T00:00:00Z", both, true, NULL);
	bad = run_of(f, "2026-05-11T00:00:00Z", first_later, false, "502");
	assert_int_equal(ledger_verify(f->ws->ledger, f->ws->evidence_dir,
	    &rep, NULL, NULL, &d), ASSURE_OK);
	assert_int_equal(rep.runs, 2);

	/* The failed run flipped to complete. */
	snprintf(sql, sizeof(sql), "UPDATE collection_run SET complete = 1 "
	    "WHERE id = %lld", (long long)bad);
	tamper(f, sql);
	verify_caught(f, "collection run");
	snprintf(sql, sizeof(sql), "UPDATE collection_run SET complete = 0 "
	    "WHERE id = %lld", (long long)bad);
	tamper(f, sql);
	verify_ok(f);

	/* A page unlinked from the complete run. */
	snprintf(sql, sizeof(sql), "DELETE FROM collection_page WHERE run_id "
	    "= %lld AND seq = 2", (long long)ok);
	tamper(f, sql);
	verify_caught(f, "collection run");
}

static void
test_verify_catches_deleted_run(void **state)
{
	struct fixture *f = *state;
	char sql[160];
	int64_t id;

	id = run_of(f, "2026-05-10T00:00:00Z", first_later, false, "x");
	snprintf(sql, sizeof(sql), "DELETE FROM collection_page WHERE run_id "
	    "= %lld; DELETE FROM collection_run WHERE id = %lld",
	    (long long)id, (long long)id);
	tamper(f, sql);
	verify_caught(f, "run:");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_complete_run_is_one_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incomplete_run_excluded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_run_excluded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_duplicate_page_and_refusal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_catches_tampering,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_verify_catches_deleted_run, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
