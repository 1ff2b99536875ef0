/*
 * test_faults.c: faults injected through the store interface
 * (store_fault_inject) are reported, never swallowed, and leave nothing
 * half-stored.
 *
 * For each operation (ingest of a CSV and of a streaming JSON file, ingest
 * filed against a control, an observation of known bytes, an evaluation
 * recorded, a policy approval) the store calls of a clean run are counted;
 * then, for every call k of them and for an I/O and a database error (in
 * turn, for an operation of over CALLS_BOTH calls), the operation runs
 * once more with call k failing.  It must fail with the
 * injected message in its diagnostic; afterwards the ledger verifies, the
 * row count of every table is what it was before (all or nothing), no
 * temporary evidence copy is left, and the same operation without a fault
 * succeeds and leaves the same row counts as the clean run.
 *
 * CONTROL: tsc:CC7.1
 */
#include "common/compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"
#include "common/buf.h"
#include "ingest/ingest.h"
#include "ledger/ledger.h"
#include "policy/approval.h"
#include "rules/rules.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

#define NOW	1782864000	/* 2026-07-01T00:00:00Z */
#define DAY	86400
/* Operations of up to this many store calls get both errors at each. */
#define CALLS_BOTH	64

struct op {
	const char	*name;
	/* Run before counting (may be NULL). */
	void		(*prepare)(struct workspace *ws);
	enum assure_err	(*run)(struct workspace *ws, struct assure_diag *d);
};

/* Faults injected and operations checked, for the summary line. */
static unsigned long injected, verified;

static enum assure_err
ingest(struct workspace *ws, const char *kind, const char *data,
    const char *control, bool has_as_of, int64_t as_of, struct assure_diag *d)
{
	struct ingest_opts o;
	struct ingest_result r;
	enum assure_err rc;
	char *path;

	memset(&o, 0, sizeof(o));
	path = tu_data_path(data);
	o.kind = kind;
	o.path = path;
	o.collector = "test";
	o.collected_at = NOW;
	o.has_as_of = has_as_of;
	o.as_of = as_of;
	o.control = control;
	rc = ingest_file(ws, &o, &r, d);
	free(path);
	return rc;
}

static enum assure_err
run_ingest_csv(struct workspace *ws, struct assure_diag *d)
{
	return ingest(ws, "aws-iam-credential-report", "cli/report-findings.csv",
	    NULL, false, 0, d);
}

static enum assure_err
run_ingest_json(struct workspace *ws, struct assure_diag *d)
{
	return ingest(ws, "okta-users", "identity/okta_users.json", NULL,
	    false, 0, d);
}

static enum assure_err
run_ingest_control(struct workspace *ws, struct assure_diag *d)
{
	return ingest(ws, "hr-csv", "identity/roster.csv", "CC6.2", false, 0,
	    d);
}

static void
prep_observe(struct workspace *ws)
{
	struct assure_diag d;

	assert_int_equal(ingest(ws, "okta-users", "identity/okta_users.json",
	    NULL, true, NOW - 2 * DAY, &d), ASSURE_OK);
}

static enum assure_err
run_observe(struct workspace *ws, struct assure_diag *d)
{
	/* The same bytes as of another instant, filed against a control. */
	return ingest(ws, "okta-users", "identity/okta_users.json", "CC6.1",
	    true, NOW - DAY, d);
}

static void
prep_evaluate(struct workspace *ws)
{
	struct assure_diag d;

	assert_int_equal(run_ingest_csv(ws, &d), ASSURE_OK);
	assert_int_equal(run_ingest_json(ws, &d), ASSURE_OK);
}

/* As `assure evaluate` does it (cmd_evaluate.c: evaluate_one). */
static enum assure_err
run_evaluate(struct workspace *ws, struct assure_diag *d)
{
	struct evaluation ev;
	enum assure_err rc;

	rc = evaluation_run(ws->store, &ws->cfg, NOW, &ev, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = evaluation_record(ws->store, ws->ledger, &ev, d);
	evaluation_release(&ev);
	return rc;
}

static enum assure_err
run_approve(struct workspace *ws, struct assure_diag *d)
{
	static const char text[] = "---\nid: POL-A\ntitle: A Policy\n"
	    "owner: CTO\nversion: 1.0\neffective: 2026-01-01\n"
	    "review_every: 365d\naudience: all\n---\n# A\n\nText.\n";
	struct policy_set set;
	struct assure_diag pd;
	enum assure_err rc;

	policy_set_init(&set);
	assert_int_equal(policy_parse(&set, text, strlen(text), "POL-A", &pd),
	    ASSURE_OK);
	rc = policy_approve(ws, &set.v[0], "alice@acme.com", NOW, d);
	policy_set_release(&set);
	return rc;
}

/* The row count of every table, as "name=n,...": what a failed operation
 * must leave as it found. */
static void
fingerprint(struct workspace *ws, struct assure_buf *out)
{
	sqlite3 *db;
	sqlite3_stmt *st, *cnt;
	char sql[256];

	assure_buf_reset(out);
	assert_int_equal(sqlite3_open_v2(ws->db_path, &db,
	    SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM "
	    "sqlite_schema WHERE type = 'table' ORDER BY name", -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"",
		    (const char *)sqlite3_column_text(st, 0));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &cnt, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(cnt), SQLITE_ROW);
		assure_buf_printf(out, "%s=%lld,", sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(cnt, 0));
		sqlite3_finalize(cnt);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(assure_buf_err(out), ASSURE_OK);
}

/* The ledger verifies, and no temporary evidence copy is left. */
static void
consistent(struct workspace *ws, const char *what, uint64_t k)
{
	struct ledger_verify_report rep;
	struct assure_diag d;
	struct dirent *de;
	DIR *dir;
	int64_t nev = -1;

	assure_diag_clear(&d);
	if (ledger_verify(ws->ledger, ws->evidence_dir, &rep, NULL, NULL,
	    &d) != ASSURE_OK)
		fail_msg("%s, fault at call %llu: ledger verify: %s", what,
		    (unsigned long long)k, d.msg);
	assert_int_equal(store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL,
	    0, &nev, NULL, &d), ASSURE_OK);
	assert_int_equal((int64_t)rep.evidence, nev);
	dir = opendir(ws->evidence_dir);
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL)
		if (strncmp(de->d_name, INGEST_TMP_PREFIX,
		    strlen(INGEST_TMP_PREFIX)) == 0)
			fail_msg("%s, fault at call %llu: %s left behind",
			    what, (unsigned long long)k, de->d_name);
	closedir(dir);
	verified++;
}

static struct workspace *
fresh(const struct op *op, char **ret_dir)
{
	struct workspace *ws;

	ws = tu_workspace_new("Fault Org", ret_dir);
	if (op->prepare != NULL)
		op->prepare(ws);
	return ws;
}

static void
check_op(const struct op *op)
{
	static const enum assure_err errs[] = { ASSURE_ERR_IO, ASSURE_ERR_DB };
	struct assure_buf clean, before, after;
	struct workspace *ws;
	struct assure_diag d;
	char line[2048], want[64], *dir;
	uint64_t n, k, c0;
	enum assure_err rc;
	size_t e;

	assure_buf_init(&clean, 0);
	assure_buf_init(&before, 0);
	assure_buf_init(&after, 0);
	ws = fresh(op, &dir);
	c0 = store_calls(ws->store);
	assure_diag_clear(&d);
	if (op->run(ws, &d) != ASSURE_OK)
		fail_msg("%s: clean run: %s", op->name, d.msg);
	n = store_calls(ws->store) - c0;
	assert_true(n > 0);
	fingerprint(ws, &clean);
	tu_workspace_free(ws, dir);

	for (e = 0; e < ASSURE_ARRAY_LEN(errs); e++) {
		for (k = 1; k <= n; k++) {
			/* A long operation (evaluate): each call once, the
			 * errors taking turns. */
			if (n > CALLS_BOTH && k % 2 != e)
				continue;
			ws = fresh(op, &dir);
			fingerprint(ws, &before);
			store_fault_inject(ws->store, k, errs[e]);
			assure_diag_clear(&d);
			rc = op->run(ws, &d);
			injected++;
			assure_diag_format(&d, line, sizeof(line));
			if (store_fault_pending(ws->store))
				fail_msg("%s: call %llu of %llu never made",
				    op->name, (unsigned long long)k,
				    (unsigned long long)n);
			if (rc == ASSURE_OK)
				fail_msg("%s: the fault at call %llu (%s) was "
				    "swallowed", op->name,
				    (unsigned long long)k,
				    assure_strerror(errs[e]));
			snprintf(want, sizeof(want), "injected fault at store "
			    "call %llu", (unsigned long long)k);
			if (strstr(line, want) == NULL)
				fail_msg("%s: fault at call %llu reported as "
				    "'%s'", op->name, (unsigned long long)k,
				    line);
			consistent(ws, op->name, k);
			fingerprint(ws, &after);
			if (strcmp(assure_buf_str(&before),
			    assure_buf_str(&after)) != 0)
				fail_msg("%s: fault at call %llu left rows: "
				    "%s\nbefore: %s", op->name,
				    (unsigned long long)k,
				    assure_buf_str(&after),
				    assure_buf_str(&before));
			/* And again, without a fault. */
			assure_diag_clear(&d);
			if (op->run(ws, &d) != ASSURE_OK)
				fail_msg("%s: re-run after the fault at call "
				    "%llu: %s", op->name,
				    (unsigned long long)k, d.msg);
			consistent(ws, op->name, k);
			fingerprint(ws, &after);
			if (strcmp(assure_buf_str(&clean),
			    assure_buf_str(&after)) != 0)
				fail_msg("%s: re-run after the fault at call "
				    "%llu: %s, a clean run: %s", op->name,
				    (unsigned long long)k,
				    assure_buf_str(&after),
				    assure_buf_str(&clean));
			tu_workspace_free(ws, dir);
		}
	}
	print_message("%s: %llu store calls, each failed (%s): all reported, "
	    "nothing half-stored\n", op->name, (unsigned long long)n,
	    n > CALLS_BOTH ? "I/O and database errors in turn" :
	    "I/O error, then database error");
	assure_buf_free(&clean);
	assure_buf_free(&before);
	assure_buf_free(&after);
}

static void
test_ingest_csv(void **state)
{
	static const struct op op = { "ingest aws-iam-credential-report (CSV)",
	    NULL, run_ingest_csv };

	(void)state;
	check_op(&op);
}

static void
test_ingest_json(void **state)
{
	static const struct op op = { "ingest okta-users (JSON)", NULL,
	    run_ingest_json };

	(void)state;
	check_op(&op);
}

static void
test_ingest_control(void **state)
{
	static const struct op op = { "ingest hr-csv --control", NULL,
	    run_ingest_control };

	(void)state;
	check_op(&op);
}

static void
test_observe(void **state)
{
	static const struct op op = { "observation of known bytes",
	    prep_observe, run_observe };

	(void)state;
	check_op(&op);
}

static void
test_evaluate(void **state)
{
	static const struct op op = { "evaluate", prep_evaluate,
	    run_evaluate };

	(void)state;
	check_op(&op);
}

static void
test_approve(void **state)
{
	static const struct op op = { "policy approval", NULL, run_approve };

	(void)state;
	check_op(&op);
}

/* The hook itself: counts, fires once, then is gone. */
static void
test_hook(void **state)
{
	struct workspace *ws;
	struct assure_diag d;
	int64_t v = -1;
	uint64_t c0;
	char *dir;

	(void)state;
	ws = tu_workspace_new("Fault Org", &dir);
	c0 = store_calls(ws->store);
	store_fault_inject(ws->store, 2, ASSURE_ERR_IO);
	assert_true(store_fault_pending(ws->store));
	assert_int_equal(store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL,
	    0, &v, NULL, &d), ASSURE_OK);
	assert_int_equal(store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL,
	    0, &v, NULL, &d), ASSURE_ERR_IO);
	assert_string_equal(d.msg, "injected fault at store call 2");
	assert_false(store_fault_pending(ws->store));
	assert_int_equal(store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL,
	    0, &v, NULL, &d), ASSURE_OK);
	assert_int_equal(store_calls(ws->store) - c0, 3);
	/* A failed commit rolls back. */
	assert_int_equal(store_begin(ws->store, &d), ASSURE_OK);
	store_fault_inject(ws->store, 1, ASSURE_ERR_DB);
	assert_int_equal(store_commit(ws->store, &d), ASSURE_ERR_DB);
	assert_false(ws->store->in_tx);
	/* 0 disarms. */
	store_fault_inject(ws->store, 1, ASSURE_ERR_DB);
	store_fault_inject(ws->store, 0, ASSURE_ERR_DB);
	assert_int_equal(store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL,
	    0, &v, NULL, &d), ASSURE_OK);
	tu_workspace_free(ws, dir);
}

static void
test_summary(void **state)
{
	(void)state;
	print_message("%lu faults injected, %lu states verified\n", injected,
	    verified);
	assert_true(injected > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hook),
		cmocka_unit_test(test_ingest_csv),
		cmocka_unit_test(test_ingest_json),
		cmocka_unit_test(test_ingest_control),
		cmocka_unit_test(test_observe),
		cmocka_unit_test(test_approve),
		cmocka_unit_test(test_evaluate),
		cmocka_unit_test(test_summary),
	};

	/* The fingerprints read the SQLite file. */
	if (tu_db_uri() != NULL) {
		printf("SKIPPED: the fault tests read the SQLite file\n");
		return 77;
	}
	/*
	 * Some two thousand workspaces and their fsynced commits: on a
	 * memory file system unless TMPDIR says where (durability is not
	 * what this test is about; diskfull.sh and ledger_crash.sh test it).
	 */
	if (getenv("TMPDIR") == NULL && access("/dev/shm", W_OK | X_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
