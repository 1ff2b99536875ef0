/*
 * ledger_writers.c: ledger appends per second with 1, 4 and 8 writers at
 * once, into one store, as `assure ingest` appends them: one transaction
 * each, holding the entry and the signed checkpoint that covers it.
 *
 *	bench_ledger_writers WORKSPACE [WORKSPACE2] [APPENDS]
 *
 * Each writer is a process of its own with its own connection
 * (workspace_open()), as concurrent `assure` commands are.  The store is
 * the workspace's: its SQLite file, or with ASSURE_DB set a PostgreSQL
 * database.  With WORKSPACE2 (another organisation in the same
 * PostgreSQL database) the writers are split between the two, to show
 * that organisations do not wait for each other.  APPENDS (default 200)
 * is per writer.  After each round the ledger is verified, and the run
 * fails if it does not verify or lost an append.
 *
 * Prints one line per writer count: appends, seconds, appends/s.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ledger/ledger.h"
#include "workspace/workspace.h"

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
	fprintf(stderr, "bench_ledger_writers: %s: %s\n", what, line);
	exit(1);
}

/* One writer: n appends, a transaction each, with its checkpoint. */
static void
writer(const char *dir, int w, unsigned n)
{
	struct workspace *ws = NULL;
	struct assure_diag d;
	char body[256], ref[64];
	unsigned i;
	int len;

	if (workspace_open(dir, 0, &ws, &d) != ASSURE_OK)
		die(dir, &d);
	for (i = 0; i < n; i++) {
		len = snprintf(body, sizeof(body), LEDGER_ENTRY_MAGIC
		    "\ntype bench\nwriter %d\nappend %u\npid %ld\n", w, i,
		    (long)getpid());
		snprintf(ref, sizeof(ref), "w%d.%ld.%u", w, (long)getpid(), i);
		if (store_begin(ws->store, &d) != ASSURE_OK ||
		    ledger_append(ws->ledger, "bench", ref, body, (size_t)len,
		    0, NULL, &d) != ASSURE_OK ||
		    ledger_checkpoint(ws->ledger, 0, NULL, &d) != ASSURE_OK ||
		    store_commit(ws->store, &d) != ASSURE_OK)
			die("append", &d);
	}
	workspace_close(ws);
	_exit(0);
}

static uint64_t
verified_size(const char *dir)
{
	struct ledger_verify_report rep;
	struct workspace *ws = NULL;
	struct assure_diag d;

	if (workspace_open(dir, WORKSPACE_READONLY, &ws, &d) != ASSURE_OK)
		die(dir, &d);
	memset(&rep, 0, sizeof(rep));
	if (ledger_verify(ws->ledger, ws->evidence_dir, &rep, NULL, NULL,
	    &d) != ASSURE_OK)
		die("ledger verify", &d);
	workspace_close(ws);
	return rep.entries;
}

int
main(int argc, char **argv)
{
	static const int counts[] = { 1, 4, 8 };
	const char *dirs[2];
	unsigned n = 200;
	uint64_t before[2], after[2];
	size_t k, ndirs = 1;
	int i, st;
	double t0, dt;
	pid_t pid;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: bench_ledger_writers WORKSPACE "
		    "[WORKSPACE2] [APPENDS]\n");
		return 2;
	}
	dirs[0] = argv[1];
	if (argc >= 3 && strspn(argv[2], "0123456789") != strlen(argv[2])) {
		dirs[1] = argv[2];
		ndirs = 2;
	}
	if (argc == 4 || (argc == 3 && ndirs == 1))
		n = (unsigned)strtoul(argv[argc - 1], NULL, 10);
	if (n == 0)
		n = 200;
	printf("%-8s %-10s %10s %10s %12s\n", "writers", "orgs", "appends",
	    "seconds", "appends/s");
	for (k = 0; k < ASSURE_ARRAY_LEN(counts); k++) {
		for (i = 0; i < (int)ndirs; i++)
			before[i] = verified_size(dirs[i]);
		t0 = now_s();
		for (i = 0; i < counts[k]; i++) {
			if ((pid = fork()) < 0) {
				perror("fork");
				return 1;
			}
			if (pid == 0)
				writer(dirs[(size_t)i % ndirs], i, n);
		}
		for (i = 0; i < counts[k]; i++) {
			if (wait(&st) < 0 || !WIFEXITED(st) ||
			    WEXITSTATUS(st) != 0) {
				fprintf(stderr, "bench_ledger_writers: a writer "
				    "failed\n");
				return 1;
			}
		}
		dt = now_s() - t0;
		for (i = 0; i < (int)ndirs; i++)
			after[i] = verified_size(dirs[i]);
		if ((after[0] - before[0]) + (ndirs > 1 ? after[1] -
		    before[1] : 0) != (uint64_t)counts[k] * n) {
			fprintf(stderr, "bench_ledger_writers: %d writers: "
			    "appends lost\n", counts[k]);
			return 1;
		}
		printf("%-8d %-10zu %10llu %10.2f %12.0f\n", counts[k], ndirs,
		    (unsigned long long)counts[k] * n, dt,
		    (double)counts[k] * n / dt);
		fflush(stdout);
	}
	return 0;
}
