/*
 * test_store_pg.c: what only the PostgreSQL backend has: organisations,
 * row-level security, concurrent writers, and libpq's value round trips.
 * Runs under the ctest pg fixture only (tests/CMakeLists.txt); SKIPPED
 * (77) without $ASSURE_TEST_DB_FILE.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "ledger/ledger.h"
#include "store/store.h"
#include "testutil.h"

#define WRITERS		8	/* half in each of two organisations */
#define APPENDS		50	/* per writer */

static const char *uri;

/* A name no other test or run uses in the shared database. */
static void
org_name(char *out, size_t size, const char *what)
{
	static unsigned n;

	snprintf(out, size, "pg%ld%s%u", (long)getpid(), what, n++);
}

static struct store *
open_store(void)
{
	struct store *s = NULL;
	struct assure_diag d;

	assure_diag_clear(&d);
	if (store_open(uri, STORE_CREATE, &s, &d) != ASSURE_OK)
		fail_msg("store_open: %s", d.msg);
	return s;
}

static void
new_org(struct store *s, const char *name)
{
	struct assure_diag d;

	assure_diag_clear(&d);
	if (store_org_create(s, name, 1780000000, &d) != ASSURE_OK)
		fail_msg("org_create %s: %s", name, d.msg);
}

/* A second connection, outside the store, for raw SQL. */
static PGconn *
raw_connect(void)
{
	PGconn *c = PQconnectdb(uri);

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect: %s", PQerrorMessage(c));
	return c;
}

/* Run sql on c; the status and, for one value, its text in out. */
static ExecStatusType
raw(PGconn *c, const char *sql, char *out, size_t size, char *state,
    size_t ssize)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	const char *ss;

	if (out != NULL) {
		out[0] = '\0';
		if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
			assure_strlcpy(out, PQgetvalue(r, 0, 0), size);
	}
	if (state != NULL) {
		ss = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		assure_strlcpy(state, ss != NULL ? ss : "", ssize);
	}
	PQclear(r);
	return st;
}

static void
insert_evidence(struct store *s, const char *sha)
{
	struct store_val p[10];
	struct assure_diag d;

	p[0] = STORE_TEXTV(sha);
	p[1] = STORE_TEXTV("aws-iam-credential-report");
	p[2] = STORE_INTV(10);
	p[3] = STORE_TEXTV("r.csv");
	p[4] = STORE_INTV(1780000000);
	p[5] = STORE_INTV(1780000000);
	p[6] = STORE_TEXTV("collected");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assure_diag_clear(&d);
	if (store_exec(s, STMT_EVIDENCE_INSERT, p, 10, NULL, NULL, &d) !=
	    ASSURE_OK)
		fail_msg("evidence insert: %s", d.msg);
}

static int64_t
evidence_count(struct store *s)
{
	struct assure_diag d;
	int64_t n = -1;

	assert_int_equal(store_exec_int(s, STMT_EVIDENCE_COUNT, NULL, 0, &n,
	    NULL, &d), ASSURE_OK);
	return n;
}

/* n tenant settings of evidence id in a batch, from name number from. */
static enum assure_err
batch_settings(struct store *s, int64_t id, int from, int n,
    struct assure_diag *d)
{
	struct store_val p[5];
	char name[32];
	enum assure_err rc = ASSURE_OK;
	int i;

	for (i = from; rc == ASSURE_OK && i < from + n; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		p[0] = STORE_INTV(id);
		p[1] = STORE_TEXTV("okta");
		p[2] = STORE_TEXTV("acme");
		p[3] = STORE_TEXTV(name);
		p[4] = STORE_TEXTV("v");
		rc = store_exec(s, STMT_TENANT_SETTING_INSERT, p, 5, NULL, NULL,
		    d);
	}
	return rc;
}

/*
 * store_batch() pipelines the inserts: more than one pipeline's worth all
 * land, and a failure among them is reported by the batch's end (or the
 * next statement that returns rows), naming the statement, and leaves
 * nothing once rolled back.
 */
static void
test_batch(void **state)
{
	char org[STORE_ORG_MAX];
	struct store *s = open_store();
	struct assure_diag d;
	struct store_val q[1];
	int64_t id = 0;
	bool found;

	(void)state;
	org_name(org, sizeof(org), "b");
	new_org(s, org);
	assert_int_equal(store_org_use(s, org, &d), ASSURE_OK);
	assert_int_equal(store_begin(s, &d), ASSURE_OK);
	insert_evidence(s, "b1");
	q[0] = STORE_TEXTV("b1");
	assert_int_equal(store_exec_int(s, STMT_EVIDENCE_ID_BY_SHA256, q, 1,
	    &id, &found, &d), ASSURE_OK);
	assert_true(found);
	assert_int_equal(store_batch(s, true, &d), ASSURE_OK);
	assert_int_equal(batch_settings(s, id, 0, 2500, &d), ASSURE_OK);
	assert_int_equal(store_batch(s, false, &d), ASSURE_OK);
	assert_int_equal(store_commit(s, &d), ASSURE_OK);

	/* A duplicate in the middle of a batch: deferred, then reported. */
	assert_int_equal(store_begin(s, &d), ASSURE_OK);
	assert_int_equal(store_batch(s, true, &d), ASSURE_OK);
	assert_int_equal(batch_settings(s, id, 5000, 10, &d), ASSURE_OK);
	assert_int_equal(batch_settings(s, id, 7, 1, &d), ASSURE_OK);
	assert_int_equal(batch_settings(s, id, 6000, 10, &d), ASSURE_OK);
	assure_diag_clear(&d);
	assert_int_equal(store_batch(s, false, &d), ASSURE_ERR_CONFLICT);
	assert_non_null(strstr(d.msg, "batched"));
	store_rollback(s);
	/* The connection goes on; the failed batch left nothing. */
	assert_int_equal(store_begin(s, &d), ASSURE_OK);
	assert_int_equal(store_batch(s, true, &d), ASSURE_OK);
	assert_int_equal(batch_settings(s, id, 7, 1, &d), ASSURE_OK);
	/* A statement returning rows waits for the batch: reported here. */
	assure_diag_clear(&d);
	assert_int_equal(store_exec_int(s, STMT_EVIDENCE_COUNT, NULL, 0, &id,
	    NULL, &d), ASSURE_ERR_CONFLICT);
	store_rollback(s);
	assert_int_equal(evidence_count(s), 1);
	store_close(s);
}

/*
 * Row-level security holds against a query that forgets, or even names,
 * another organisation: the policy is the server's, not the statements'.
 */
static void
test_rls(void **state)
{
	char a[STORE_ORG_MAX], b[STORE_ORG_MAX], sql[512], v[64], st[8];
	char aid[32], bid[32];
	struct store *s = open_store();
	struct assure_diag d;
	PGconn *c;

	org_name(a, sizeof(a), "a");
	org_name(b, sizeof(b), "b");
	new_org(s, a);
	new_org(s, b);
	assert_int_equal(store_org_use(s, a, &d), ASSURE_OK);
	insert_evidence(s, "sha256:aa");
	assert_int_equal(evidence_count(s), 1);
	/* The same connection, switched: nothing of a's. */
	assert_int_equal(store_org_use(s, b, &d), ASSURE_OK);
	assert_int_equal(evidence_count(s), 0);
	assert_int_equal(store_org_use(s, a, &d), ASSURE_OK);
	assert_int_equal(evidence_count(s), 1);
	store_close(s);

	/* Raw SQL on a connection of its own, as the application role. */
	c = raw_connect();
	snprintf(sql, sizeof(sql), "SELECT id FROM organisation WHERE name = "
	    "'%s'", a);
	assert_int_equal(raw(c, sql, aid, sizeof(aid), NULL, 0),
	    PGRES_TUPLES_OK);
	snprintf(sql, sizeof(sql), "SELECT id FROM organisation WHERE name = "
	    "'%s'", b);
	assert_int_equal(raw(c, sql, bid, sizeof(bid), NULL, 0),
	    PGRES_TUPLES_OK);
	assert_true(aid[0] != '\0' && bid[0] != '\0');
	/* No organisation chosen: the policy's setting is missing, an
	 * error rather than rows. */
	assert_int_equal(raw(c, "SELECT count(*) FROM evidence", v, sizeof(v),
	    st, sizeof(st)), PGRES_FATAL_ERROR);
	snprintf(sql, sizeof(sql), "SELECT set_config('assure.org_id', '%s', "
	    "false)", bid);
	assert_int_equal(raw(c, sql, NULL, 0, NULL, 0), PGRES_TUPLES_OK);
	assert_int_equal(raw(c, "SELECT count(*) FROM evidence", v, sizeof(v),
	    NULL, 0), PGRES_TUPLES_OK);
	assert_string_equal(v, "0");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM evidence WHERE "
	    "org_id = %s", aid);
	assert_int_equal(raw(c, sql, v, sizeof(v), NULL, 0), PGRES_TUPLES_OK);
	assert_string_equal(v, "0");
	/* Writing into a while b is chosen is refused... */
	snprintf(sql, sizeof(sql), "INSERT INTO evidence (org_id, sha256, "
	    "kind, size, source_name, collected_at, as_of, as_of_origin, "
	    "collector) VALUES (%s, 'sha256:bb', 'k', 1, 'x', 0, 0, "
	    "'collected', 't')", aid);
	assert_int_equal(raw(c, sql, NULL, 0, st, sizeof(st)),
	    PGRES_FATAL_ERROR);
	assert_string_equal(st, "42501");
	/* ...and so is changing a's rows or taking one over. */
	snprintf(sql, sizeof(sql), "UPDATE evidence SET org_id = %s", bid);
	assert_int_equal(raw(c, sql, NULL, 0, NULL, 0), PGRES_COMMAND_OK);
	snprintf(sql, sizeof(sql), "DELETE FROM evidence WHERE org_id = %s",
	    aid);
	assert_int_equal(raw(c, sql, NULL, 0, NULL, 0), PGRES_COMMAND_OK);
	/* a's row is still there, untouched, seen as a. */
	snprintf(sql, sizeof(sql), "SELECT set_config('assure.org_id', '%s', "
	    "false)", aid);
	assert_int_equal(raw(c, sql, NULL, 0, NULL, 0), PGRES_TUPLES_OK);
	assert_int_equal(raw(c, "SELECT count(*) FROM evidence", v, sizeof(v),
	    NULL, 0), PGRES_TUPLES_OK);
	assert_string_equal(v, "1");
	PQfinish(c);
	/* And the role is one row-level security binds. */
	s = open_store();
	{
		bool bypass = true;
		char role[64];

		assert_int_equal(store_pg_role_info(s, &bypass, role,
		    sizeof(role), &d), ASSURE_OK);
		assert_false(bypass);
		assert_string_equal(role, "assure_app");
	}
	store_close(s);
}

static void
test_orgs(void **state)
{
	char a[STORE_ORG_MAX], none[STORE_ORG_MAX];
	struct store *s = open_store(), *t;
	struct assure_diag d;
	int64_t n = 0;

	org_name(a, sizeof(a), "o");
	org_name(none, sizeof(none), "none");
	new_org(s, a);
	assure_diag_clear(&d);
	assert_int_equal(store_org_create(s, a, 1, &d), ASSURE_ERR_CONFLICT);
	assert_int_equal(store_org_use(s, none, &d), ASSURE_ERR_NOTFOUND);
	/* Before any org_use: refused, and the message says why. */
	t = open_store();
	assure_diag_clear(&d);
	assert_int_not_equal(store_exec_int(t, STMT_EVIDENCE_COUNT, NULL, 0,
	    &n, NULL, &d), ASSURE_OK);
	if (strstr(d.msg, "no organisation") == NULL)
		fail_msg("unclear message: %s", d.msg);
	/* The connection is still usable afterwards. */
	assert_int_equal(store_org_use(t, a, &d), ASSURE_OK);
	assert_int_equal(evidence_count(t), 0);
	store_close(t);
	/* A password never shows in a message. */
	{
		char bad[1024];
		const char *q = strchr(uri, '@');

		assert_non_null(q);
		snprintf(bad, sizeof(bad), "postgresql://nobody:s3cr3tpw%s", q);
		/* A database that is not there, to fail for sure. */
		snprintf(strstr(bad, "/assure?"), sizeof(bad) -
		    (size_t)(strstr(bad, "/assure?") - bad), "/nodb%s",
		    strchr(q, '?'));
		t = NULL;
		assure_diag_clear(&d);
		assert_int_not_equal(store_open(bad, 0, &t, &d), ASSURE_OK);
		assert_null(strstr(d.msg, "s3cr3tpw"));
		assert_null(strstr(d.source, "s3cr3tpw"));
		assert_non_null(strstr(d.source, "nobody:***@"));
	}
	store_close(s);
}

static void
writer(const char *org, const char *keydir, int w)
{
	struct store *s = NULL;
	struct ledger *l = NULL;
	struct assure_diag d;
	char body[128], ref[32];
	int i;

	assure_diag_clear(&d);
	if (store_open(uri, 0, &s, &d) != ASSURE_OK ||
	    store_org_use(s, org, &d) != ASSURE_OK ||
	    ledger_open(s, keydir, "Writers", true, &l, &d) != ASSURE_OK)
		goto fail;
	for (i = 0; i < APPENDS; i++) {
		snprintf(body, sizeof(body), LEDGER_ENTRY_MAGIC "\ntype test\n"
		    "w %d n %d\n", w, i);
		snprintf(ref, sizeof(ref), "w%dn%d", w, i);
		if (store_begin(s, &d) != ASSURE_OK)
			goto fail;
		if (ledger_append(l, "test", ref, body, strlen(body),
		    1780000000 + i, NULL, &d) != ASSURE_OK ||
		    ledger_checkpoint(l, 1780000000 + i, NULL, &d) !=
		    ASSURE_OK) {
			store_rollback(s);
			goto fail;
		}
		if (store_commit(s, &d) != ASSURE_OK)
			goto fail;
	}
	ledger_close(l);
	store_close(s);
	_exit(0);
fail:
	fprintf(stderr, "writer %d: %s\n", w, d.msg);
	_exit(1);
}

struct idx_seen {
	bool	seen[WRITERS / 2 * APPENDS];
	int	n;
	bool	bad;
};

static enum assure_err
idx_row(const struct store_val *cols, int ncols, void *arg)
{
	struct idx_seen *x = arg;

	if (cols[0].type != STORE_INT || cols[0].i < 0 ||
	    cols[0].i >= (int64_t)ASSURE_ARRAY_LEN(x->seen) ||
	    x->seen[cols[0].i])
		x->bad = true;
	else
		x->seen[cols[0].i] = true;
	x->n++;
	return ASSURE_OK;
}

/*
 * Eight writers at once, four per organisation, each entry signed by a
 * checkpoint in its transaction: each ledger is whole.
 */
static void
test_writers(void **state)
{
	char org[2][STORE_ORG_MAX], *dir[2];
	struct store *s;
	struct ledger *l;
	struct ledger_status st;
	struct ledger_verify_report rep;
	struct assure_diag d;
	struct idx_seen x;
	struct store_val q[2];
	pid_t pid[WRITERS];
	int i, status, failed = 0;

	s = open_store();
	for (i = 0; i < 2; i++) {
		org_name(org[i], sizeof(org[i]), i == 0 ? "x" : "y");
		new_org(s, org[i]);
		dir[i] = tu_mkdtemp();
		assert_int_equal(ledger_keygen(dir[i], "Writers", &d),
		    ASSURE_OK);
	}
	store_close(s);
	fflush(NULL);
	for (i = 0; i < WRITERS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			writer(org[i % 2], dir[i % 2], i);
	}
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	assert_int_equal(failed, 0);
	for (i = 0; i < 2; i++) {
		s = open_store();
		assert_int_equal(store_org_use(s, org[i], &d), ASSURE_OK);
		assert_int_equal(ledger_open(s, dir[i], "Writers", false, &l,
		    &d), ASSURE_OK);
		assert_int_equal(ledger_status(l, &st, &d), ASSURE_OK);
		assert_int_equal(st.size, WRITERS / 2 * APPENDS);
		memset(&x, 0, sizeof(x));
		q[0] = STORE_INTV(0);
		q[1] = STORE_INTV(INT64_MAX);
		assert_int_equal(store_exec(s, STMT_LEDGER_ENTRIES, q, 2,
		    idx_row, &x, &d), ASSURE_OK);
		assert_false(x.bad);
		assert_int_equal(x.n, WRITERS / 2 * APPENDS);
		assure_diag_clear(&d);
		if (ledger_verify(l, dir[i], &rep, NULL, NULL, &d) != ASSURE_OK)
			fail_msg("verify %s: %s", org[i], d.msg);
		assert_int_equal(rep.entries, WRITERS / 2 * APPENDS);
		ledger_close(l);
		store_close(s);
		tu_rmtree(dir[i]);
		free(dir[i]);
	}
}

struct entry {
	int64_t		 idx, at;
	char		 type[32], ref[32];
	unsigned char	 body[64];
	size_t		 n;
	enum store_type	 body_type;
	int		 rows;
};

static enum assure_err
entry_row(const struct store_val *cols, int ncols, void *arg)
{
	struct entry *e = arg;

	assert_int_equal(ncols, 5);
	e->rows++;
	e->idx = cols[0].i;
	assure_strlcpy(e->type, cols[1].s, sizeof(e->type));
	assure_strlcpy(e->ref, cols[2].s, sizeof(e->ref));
	e->body_type = cols[3].type;
	e->n = cols[3].n;
	assert_true(e->n <= sizeof(e->body));
	if (e->n > 0)
		memcpy(e->body, cols[3].s, e->n);
	assert_int_equal(cols[4].type, STORE_INT);
	e->at = cols[4].i;
	return ASSURE_OK;
}

static void
put_entry(struct store *s, int64_t idx, const void *body, size_t n,
    int64_t at)
{
	struct store_val p[7];
	struct assure_diag d;

	p[0] = STORE_INTV(idx);
	p[1] = STORE_TEXTV("t");
	p[2] = STORE_TEXTV("");
	p[3] = (struct store_val){ .type = STORE_BLOB, .s = body, .n = n };
	p[4] = (struct store_val){ .type = STORE_BLOB, .s = "\0\1", .n = 2 };
	p[5] = (struct store_val){ .type = STORE_BLOB, .s = NULL, .n = 0 };
	p[6] = STORE_INTV(at);
	assure_diag_clear(&d);
	if (store_exec(s, STMT_LEDGER_ENTRY_INSERT, p, 7, NULL, NULL, &d) !=
	    ASSURE_OK)
		fail_msg("entry insert: %s", d.msg);
}

static void
get_entry(struct store *s, int64_t idx, struct entry *e)
{
	struct store_val p[1] = { STORE_INTV(idx) };
	struct assure_diag d;

	memset(e, 0, sizeof(*e));
	assert_int_equal(store_exec(s, STMT_LEDGER_ENTRY_GET, p, 1, entry_row,
	    e, &d), ASSURE_OK);
	assert_int_equal(e->rows, 1);
}

struct result {
	int	 n;
	bool	 null_reason[2];
	char	 reason[2][16];
};

static enum assure_err
result_row(const struct store_val *cols, int ncols, void *arg)
{
	struct result *r = arg;

	if (r->n < 2) {
		r->null_reason[r->n] = cols[3].type == STORE_NULL;
		if (cols[3].type == STORE_TEXT)
			assure_strlcpy(r->reason[r->n], cols[3].s,
			    sizeof(r->reason[r->n]));
	}
	r->n++;
	/* Stop early: the rest of the result is drained. */
	return r->n == 2 ? ASSURE_ERR_LIMIT : ASSURE_OK;
}

/* Blobs with NUL bytes and none, int64's extremes, NULL against "". */
static void
test_values(void **state)
{
	static const unsigned char nul[] = { 0, 'a', 0, 0, 0xff, 0 };
	char org[STORE_ORG_MAX];
	struct store *s = open_store();
	struct assure_diag d;
	struct entry e;
	struct result r;
	struct store_val p[7];
	int i;

	org_name(org, sizeof(org), "v");
	new_org(s, org);
	assert_int_equal(store_org_use(s, org, &d), ASSURE_OK);
	assert_int_equal(store_begin(s, &d), ASSURE_OK);
	put_entry(s, INT64_MAX, nul, sizeof(nul), INT64_MIN);
	put_entry(s, 0, "", 0, 0);
	put_entry(s, -1, "x", 1, -1);
	assert_int_equal(store_commit(s, &d), ASSURE_OK);
	get_entry(s, INT64_MAX, &e);
	assert_int_equal(e.idx, INT64_MAX);
	assert_int_equal(e.at, INT64_MIN);
	assert_int_equal(e.body_type, STORE_BLOB);
	assert_int_equal(e.n, sizeof(nul));
	assert_memory_equal(e.body, nul, sizeof(nul));
	assert_string_equal(e.ref, "");
	get_entry(s, 0, &e);
	assert_int_equal(e.body_type, STORE_BLOB);
	assert_int_equal(e.n, 0);
	get_entry(s, -1, &e);
	assert_int_equal(e.at, -1);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.body[0], 'x');

	/* NULL and "" stay apart. */
	assert_int_equal(store_begin(s, &d), ASSURE_OK);
	p[0] = STORE_TEXTV("ev1");
	p[1] = STORE_INTV(1780000000);
	p[2] = STORE_INTV(1780000000);
	p[3] = STORE_TEXTV("test");
	assert_int_equal(store_exec(s, STMT_EVAL_INSERT, p, 4, NULL, NULL,
	    &d), ASSURE_OK);
	for (i = 0; i < 3; i++) {
		char id[16];

		snprintf(id, sizeof(id), "t.%d", i);
		p[0] = STORE_TEXTV("ev1");
		p[1] = STORE_INTV(i);
		p[2] = STORE_TEXTV(id);
		p[3] = STORE_TEXTV("pass");
		p[4] = STORE_INTV(1);
		p[5] = i == 0 ? STORE_NULLV : STORE_TEXTV("");
		p[6] = STORE_TEXTV("c");
		assure_diag_clear(&d);
		if (store_exec(s, STMT_EVAL_RESULT_INSERT, p, 7, NULL, NULL,
		    &d) != ASSURE_OK)
			fail_msg("result insert: %s", d.msg);
	}
	assert_int_equal(store_commit(s, &d), ASSURE_OK);
	memset(&r, 0, sizeof(r));
	p[0] = STORE_TEXTV("ev1");
	assert_int_equal(store_exec(s, STMT_EVAL_RESULTS, p, 1, result_row,
	    &r, &d), ASSURE_ERR_LIMIT);
	assert_int_equal(r.n, 2);
	assert_true(r.null_reason[0]);
	assert_false(r.null_reason[1]);
	assert_string_equal(r.reason[1], "");
	/* And the connection goes on after the early stop. */
	assert_int_equal(evidence_count(s), 0);

	/* A constraint violation is a conflict, and the transaction it
	 * spoilt does not commit. */
	assert_int_equal(store_begin(s, &d), ASSURE_OK);
	p[0] = STORE_INTV(0);
	p[1] = STORE_TEXTV("t");
	p[2] = STORE_TEXTV("");
	p[3] = (struct store_val){ .type = STORE_BLOB, .s = "", .n = 0 };
	p[4] = p[3];
	p[5] = p[3];
	p[6] = STORE_INTV(0);
	assure_diag_clear(&d);
	assert_int_equal(store_exec(s, STMT_LEDGER_ENTRY_INSERT, p, 7, NULL,
	    NULL, &d), ASSURE_ERR_CONFLICT);
	assert_int_not_equal(store_commit(s, &d), ASSURE_OK);
	assert_false(s->in_tx);
	assert_int_equal(evidence_count(s), 0);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rls),
		cmocka_unit_test(test_orgs),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_batch),
	};

	if (getenv("ASSURE_TEST_DB_FILE") == NULL) {
		printf("SKIPPED: no PostgreSQL ($ASSURE_TEST_DB_FILE: run "
		    "under ctest -L pg)\n");
		return 77;
	}
	uri = tu_db_uri();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
