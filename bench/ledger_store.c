/*
 * ledger_store.c: how fast the ledger is in the store, next to what the
 * same disk and SQLite do without it, in one run.
 *
 *	1. appends in batches of 1,000 per transaction, against a bare SQLite
 *	   insert of the same rows into a plain table of the same shape
 *	   (INTEGER PRIMARY KEY, an index on ref, same pragmas): what the
 *	   ledger (hashing, the leaf column, the node table, a checkpoint per
 *	   batch) costs on top of storing the rows;
 *	2. single durable appends (one transaction each, synchronous=FULL,
 *	   with the checkpoint every append signs), against the raw
 *	   fdatasync rate of a file on the same disk;
 *	3. a full `ledger verify` of the ledger built in steps 1 and 2, after
 *	   a fresh read-only open as `assure ledger verify` does;
 *	4. inclusion proofs generated from the store and verified, per second.
 *
 * Built by CMake as bench/bench_ledger_store; run by bench/ledger.sh:
 *
 *	bench_ledger_store [ENTRIES] [DIR]
 *
 * ENTRIES defaults to 1,000,000; DIR (default $TMPDIR or /tmp) is where the
 * temporary workspace and files go: put it on the disk you care about.
 */
#include "common/compat.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "workspace/workspace.h"

#define BATCH		1000
#define DURABLE_N	200
#define PROOFS_N	20000

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct assure_diag *d)
{
	char line[2048];

	assure_diag_format(d, line, sizeof(line));
	fprintf(stderr, "bench_ledger_store: %s: %s\n", what, line);
	exit(1);
}

/* A realistic entry body, about 330 bytes, distinct per i. */
static size_t
entry_body(char *buf, size_t size, uint64_t i)
{
	int n;

	n = snprintf(buf, size, LEDGER_ENTRY_MAGIC "\ntype bench\n"
	    "sha256 %064llx\nkind aws-iam-credential-report\nsize 2164\n"
	    "collected-at 2026-07-01T00:00:00Z\nas-of 2026-06-30T23:59:59Z\n"
	    "as-of-origin given\nperiod -\ncollector bench@host\n"
	    "records %llu\n", (unsigned long long)i,
	    (unsigned long long)(i % 97));
	return (size_t)n;
}

static double
bench_ledger_batches(struct workspace *ws, uint64_t n)
{
	struct assure_diag d;
	char body[512], ref[32];
	uint64_t i;
	size_t len;
	double t0;

	t0 = now_s();
	for (i = 0; i < n; i++) {
		if (i % BATCH == 0 && store_begin(ws->store, &d) != ASSURE_OK)
			die("begin", &d);
		len = entry_body(body, sizeof(body), i);
		snprintf(ref, sizeof(ref), "b%llu", (unsigned long long)i);
		if (ledger_append(ws->ledger, "bench", ref, body, len, 0, NULL,
		    &d) != ASSURE_OK)
			die("append", &d);
		if (i % BATCH == BATCH - 1 || i == n - 1) {
			if (ledger_checkpoint(ws->ledger, 0, NULL, &d) !=
			    ASSURE_OK || store_commit(ws->store, &d) !=
			    ASSURE_OK)
				die("commit", &d);
		}
	}
	return now_s() - t0;
}

static double
bench_bare_sqlite(const char *path, uint64_t n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char body[512], ref[32];
	uint64_t i;
	size_t len;
	double t0;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = "
	    "FULL; CREATE TABLE t (idx INTEGER PRIMARY KEY, type TEXT NOT NULL,"
	    " ref TEXT NOT NULL, body BLOB NOT NULL, created_at BIGINT NOT "
	    "NULL); CREATE INDEX t_ref ON t (ref)", NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?)", -1,
	    &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bare sqlite: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		if (i % BATCH == 0)
			sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		len = entry_body(body, sizeof(body), i);
		snprintf(ref, sizeof(ref), "b%llu", (unsigned long long)i);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		sqlite3_bind_text(st, 2, "bench", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, body, (int)len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, 0);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "bare sqlite: %s\n",
			    sqlite3_errmsg(db));
			exit(1);
		}
		sqlite3_reset(st);
		if (i % BATCH == BATCH - 1 || i == n - 1)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	t0 = now_s() - t0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return t0;
}

static double
bench_fdatasync(const char *path, int n)
{
	char block[512];
	double t0;
	int fd, i;

	memset(block, 'x', sizeof(block));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		exit(1);
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block) ||
		    fdatasync(fd) != 0) {
			perror(path);
			exit(1);
		}
	}
	t0 = now_s() - t0;
	close(fd);
	return t0;
}

static double
bench_durable(struct workspace *ws, uint64_t from, int n)
{
	struct assure_diag d;
	char body[512], ref[32];
	double t0;
	size_t len;
	int i;

	t0 = now_s();
	for (i = 0; i < n; i++) {
		len = entry_body(body, sizeof(body), from + (uint64_t)i);
		snprintf(ref, sizeof(ref), "d%d", i);
		if (store_begin(ws->store, &d) != ASSURE_OK ||
		    ledger_append(ws->ledger, "bench", ref, body, len, 0, NULL,
		    &d) != ASSURE_OK ||
		    ledger_checkpoint(ws->ledger, 0, NULL, &d) != ASSURE_OK ||
		    store_commit(ws->store, &d) != ASSURE_OK)
			die("durable append", &d);
	}
	return now_s() - t0;
}

static void
bench_proofs(struct workspace *ws, uint64_t size)
{
	struct assure_note_verifier key;
	struct assure_buf proof, note;
	struct assure_diag d;
	char vkey[ASSURE_NOTE_VKEY_MAX];
	uint64_t idx, got_size, seed = 88172645463325252ull;
	double t_gen = 0, t_ver = 0, t0;
	int i;

	ledger_verifier_text(ws->ledger, vkey);
	if (assure_note_verifier_parse(vkey, strlen(vkey), &key, &d) !=
	    ASSURE_OK)
		die("key", &d);
	assure_buf_init(&note, 0);
	if (ledger_latest_checkpoint(ws->ledger, &note, &d) != ASSURE_OK)
		die("checkpoint", &d);
	assure_buf_init(&proof, 0);
	for (i = 0; i < PROOFS_N; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		idx = seed % size;
		assure_buf_reset(&proof);
		t0 = now_s();
		if (ledger_prove(ws->ledger, idx, note.data, note.len, &proof,
		    &d) != ASSURE_OK)
			die("prove", &d);
		t_gen += now_s() - t0;
		t0 = now_s();
		if (ledger_verify_proof(proof.data, proof.len, &key, NULL,
		    &idx, &got_size, NULL, &d) != ASSURE_OK)
			die("verify proof", &d);
		t_ver += now_s() - t0;
	}
	printf("inclusion proofs (JSON, against a checkpoint of %llu):\n"
	    "  generate from the store   %10.0f /s\n"
	    "  verify offline            %10.0f /s\n",
	    (unsigned long long)size, PROOFS_N / t_gen, PROOFS_N / t_ver);
	assure_buf_free(&proof);
	assure_buf_free(&note);
}

int
main(int argc, char **argv)
{
	struct workspace *ws = NULL;
	struct config cfg;
	struct ledger_verify_report rep;
	struct assure_diag d;
	const char *base = getenv("TMPDIR");
	char dir[4096], path[4200];
	long long v;
	uint64_t n = 1000000;
	double t_ledger, t_bare, t_sync, t_durable, t_verify;

	if (argc > 1) {
		if (assure_strtonum(argv[1], BATCH, 100000000, &v) != 0) {
			fprintf(stderr, "usage: bench_ledger_store [ENTRIES] "
			    "[DIR]\n");
			return 2;
		}
		n = (uint64_t)v;
	}
	if (argc > 2)
		base = argv[2];
	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(dir, sizeof(dir), "%s/assure-bench-XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "Bench", sizeof(cfg.organisation));
	snprintf(path, sizeof(path), "%s/ws", dir);
	if (workspace_create(path, &cfg, &d) != ASSURE_OK ||
	    workspace_open(path, 0, &ws, &d) != ASSURE_OK)
		die("workspace", &d);

	printf("ledger in the store: %llu entries of ~330 bytes, %s\n",
	    (unsigned long long)n, dir);
	t_ledger = bench_ledger_batches(ws, n);
	snprintf(path, sizeof(path), "%s/bare.db", dir);
	t_bare = bench_bare_sqlite(path, n);
	printf("appends in batches of %d per transaction:\n"
	    "  ledger_append             %10.0f /s  (%.2f s)\n"
	    "  bare SQLite insert        %10.0f /s  (%.2f s)\n"
	    "  ledger / bare             %9.0f%%   (goal >= 60%%)\n", BATCH,
	    n / t_ledger, t_ledger, n / t_bare, t_bare,
	    100.0 * t_bare / t_ledger);

	t_durable = bench_durable(ws, n, DURABLE_N);
	snprintf(path, sizeof(path), "%s/sync.dat", dir);
	t_sync = bench_fdatasync(path, DURABLE_N);
	printf("single durable appends (one transaction and one signed "
	    "checkpoint each):\n"
	    "  ledger append + commit    %10.0f /s\n"
	    "  raw write + fdatasync     %10.0f /s\n",
	    DURABLE_N / t_durable, DURABLE_N / t_sync);

	/* As `assure ledger verify` runs it: a fresh read-only open. */
	workspace_close(ws);
	ws = NULL;
	snprintf(path, sizeof(path), "%s/ws", dir);
	if (workspace_open(path, WORKSPACE_READONLY, &ws, &d) != ASSURE_OK)
		die("workspace", &d);
	t_verify = now_s();
	if (ledger_verify(ws->ledger, ws->evidence_dir, &rep, NULL, NULL, &d)
	    != ASSURE_OK)
		die("verify", &d);
	t_verify = now_s() - t_verify;
	printf("full ledger verify: %llu entries, %llu checkpoints in %.2f s "
	    "(%.0f entries/s; goal <= 1 s per million)\n",
	    (unsigned long long)rep.entries,
	    (unsigned long long)rep.checkpoints, t_verify,
	    rep.entries / t_verify);

	bench_proofs(ws, n + DURABLE_N);
	workspace_close(ws);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return 0;
}
