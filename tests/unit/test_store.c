/*
 * test_store.c: the store and ingest: migrations on an empty and on an
 * existing database, refusal of a newer database, the connection
 * hardening, idempotent re-ingest, and rollback of a file that does not
 * parse (no rows, no evidence, no bytes left behind).
 */
#include "common/compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "common/hash.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"
#include "store/migrate.h"
#include "workspace/workspace.h"

static const char header[] = "user,arn,user_creation_time,password_enabled,"
    "password_last_used,password_last_changed,password_next_rotation,"
    "mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,"
    "access_key_1_last_used_service,access_key_2_active,"
    "access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,"
    "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";
static const char root_row[] = "<root_account>,arn:aws:iam::123456789012:"
    "root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,"
    "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,"
    "N/A,N/A,false,N/A,false,N/A\n";
static const char user_row[] = "alice,arn:aws:iam::123456789012:user/alice,"
    "2021-01-01T00:00:00+00:00,true,2026-01-02T00:00:00+00:00,"
    "2021-01-01T00:00:00+00:00,N/A,false,true,2021-01-01T00:00:00+00:00,"
    "N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
static const char bad_row[] = "bob,arn:aws:iam::123456789012:user/bob,"
    "2021-01-01T00:00:00+00:00,true,N/A,N/A,N/A,maybe,false,N/A,N/A,N/A,"
    "N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

struct fixture {
	char			*dir;
	struct workspace	*ws;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ws = tu_workspace_new("Store Test", &f->dir);
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

static int64_t
count(struct store *s, enum store_stmt st)
{
	int64_t n = -1;

	assert_int_equal(store_exec_int(s, st, NULL, 0, &n, NULL, NULL),
	    ASSURE_OK);
	return n;
}

/* Files in the evidence store, counting temporaries, recursively. */
static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	char *p;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = tu_join(dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_files(p);
		else
			n++;
		free(p);
	}
	closedir(d);
	return n;
}

static char *
write_report(struct fixture *f, const char *name, const char *rows)
{
	char *path = tu_join(f->dir, name);
	size_t hl = strlen(header), rl = strlen(rows);
	char *text = malloc(hl + rl + 1);

	memcpy(text, header, hl);
	memcpy(text + hl, rows, rl + 1);
	tu_write_file(path, text, hl + rl);
	free(text);
	return path;
}

static void
opts(struct ingest_opts *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->kind = "aws-iam-credential-report";
	o->path = path;
	o->collector = "test";
	o->collected_at = 1780000000;
}

static void
test_migrations(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	struct assure_diag d;
	struct store_val p[3];
	int64_t have, want;

	/* The fixture's database was created and migrated on open. */
	assert_int_equal(store_schema_version(f->ws->store, &have, &want, &d),
	    ASSURE_OK);
	assert_true(want >= 1);
	assert_int_equal(have, want);
	/* Reopening an up-to-date database applies nothing again. */
	assert_int_equal(store_open(f->ws->db_target, 0, &s, &d), ASSURE_OK);
	assert_int_equal(store_schema_version(s, &have, &want, &d), ASSURE_OK);
	assert_int_equal(have, want);
	/* The schema is the whole database's, not an organisation's: on the
	 * PostgreSQL that every pg/ test shares, a version from the future
	 * would stop all the others. */
	if (tu_db_uri() != NULL) {
		store_close(s);
		return;
	}
	/* A database from a newer assure is refused, not downgraded. */
	p[0] = STORE_INTV(want + 1);
	p[1] = STORE_TEXTV("from_the_future");
	p[2] = STORE_INTV(0);
	assert_int_equal(store_exec(s, STMT_MIGRATION_RECORD, p, 3, NULL, NULL,
	    &d), ASSURE_OK);
	store_close(s);
	assure_diag_clear(&d);
	assert_int_equal(store_open(f->ws->db_path, 0, &s, &d),
	    ASSURE_ERR_CONFLICT);
	assert_non_null(strstr(d.msg, "newer than this assure"));
}

static void
test_migrate_empty_file(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	struct assure_diag d;
	char *path = tu_join(f->dir, "empty.db"), *wal, junk[4096];
	int64_t have, want;

	/* A SQLite file whatever the workspace's store: a new file, then
	 * one that is not a database, are SQLite's cases. */

	assert_int_equal(store_open(path, STORE_CREATE, &s, &d), ASSURE_OK);
	assert_int_equal(store_schema_version(s, &have, &want, &d), ASSURE_OK);
	assert_int_equal(have, want);
	assert_int_equal(count(s, STMT_EVIDENCE_COUNT), 0);
	store_close(s);
	/* Not a database at all: a clear error, not a crash. */
	memset(junk, 'x', sizeof(junk));
	tu_write_file(path, junk, sizeof(junk));
	wal = tu_join(f->dir, "empty.db-wal");
	unlink(wal);
	free(wal);
	assure_diag_clear(&d);
	assert_int_not_equal(store_open(path, 0, &s, &d), ASSURE_OK);
	assert_non_null(strstr(d.source, "empty.db"));
	free(path);
}

static void
test_defensive(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	struct assure_diag d;

	/* Read-only opening cannot write. */
	assert_int_equal(store_open(f->ws->db_target, STORE_READONLY, &s, &d),
	    ASSURE_OK);
	assure_diag_clear(&d);
	assert_int_not_equal(store_exec(s, STMT_MIGRATION_RECORD,
	    (struct store_val[]){ STORE_INTV(99), STORE_TEXTV("x"),
	    STORE_INTV(0) }, 3, NULL, NULL, &d), ASSURE_OK);
	store_close(s);
}

static void
test_ingest_and_idempotent(void **state)
{
	struct fixture *f = *state;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	unsigned char dg[ASSURE_SHA256_LEN];
	char *path, *text, expect[ASSURE_DIGEST_STRLEN], blob[4096];
	struct stat st;
	size_t n;

	path = write_report(f, "r1.csv", "<root_account>,arn:aws:iam::"
	    "123456789012:root,2020-01-01T00:00:00+00:00,not_supported,"
	    "2026-01-01T00:00:00+00:00,not_supported,not_supported,true,false,"
	    "N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
	opts(&o, path);
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_OK);
	assert_false(r.duplicate);
	assert_int_equal(r.records, 1);
	assert_int_equal(r.as_of, o.collected_at);
	assert_string_equal(r.as_of_origin, "collected");
	/* The digest is of the bytes as received. */
	n = strlen(header) + strlen(root_row);
	text = malloc(n + 1);
	memcpy(text, header, strlen(header));
	memcpy(text + strlen(header), root_row, strlen(root_row) + 1);
	assure_sha256(text, n, dg);
	assure_digest_format(dg, expect);
	assert_string_equal(r.digest, expect);
	free(text);
	/* And the bytes are kept under that address: a read-only file, or
	 * in a store that keeps them (PostgreSQL) there, none on disk. */
	if (store_keeps_blobs(f->ws->store)) {
		int bfd = -1;

		assert_int_equal(workspace_blob_open(f->ws, expect + 7, &bfd,
		    &d), ASSURE_OK);
		assert_int_equal(fstat(bfd, &st), 0);
		assert_int_equal((long long)st.st_size, (long long)n);
		close(bfd);
		assert_int_equal(count_files(f->ws->evidence_dir), 0);
	} else {
		workspace_blob_path(f->ws, expect + 7, blob, sizeof(blob));
		assert_int_equal(stat(blob, &st), 0);
		assert_int_equal((long long)st.st_size, (long long)n);
		assert_int_equal(st.st_mode & 0222, 0);
	}
	assert_int_equal(count(f->ws->store, STMT_EVIDENCE_COUNT), 1);
	assert_int_equal(count(f->ws->store, STMT_CRED_COUNT), 1);
	/* The same bytes again: a no-op that says so. */
	o.has_as_of = true;
	o.as_of = 5;
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_OK);
	assert_true(r.duplicate);
	assert_string_equal(r.existing_kind, "aws-iam-credential-report");
	assert_int_equal(r.as_of, 1780000000);
	assert_int_equal(count(f->ws->store, STMT_EVIDENCE_COUNT), 1);
	assert_int_equal(count(f->ws->store, STMT_CRED_COUNT), 1);
	assert_int_equal(count_files(f->ws->evidence_dir),
	    store_keeps_blobs(f->ws->store) ? 0 : 1);
	free(path);
}

static void
test_as_of_and_period(void **state)
{
	struct fixture *f = *state;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	char *path;

	path = write_report(f, "r2.csv", user_row);
	opts(&o, path);
	o.has_period = true;
	o.period_start = 1000;
	o.period_end = 2000;
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_OK);
	assert_int_equal(r.as_of, 2000);
	assert_string_equal(r.as_of_origin, "given");
	free(path);
}

static void
test_rollback_on_parse_error(void **state)
{
	struct fixture *f = *state;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	char rows[2048], *path, msg[2048];

	/* Two good rows, then a bad one: nothing of the file may stay. */
	snprintf(rows, sizeof(rows), "%s%s%s", root_row, user_row, bad_row);
	path = write_report(f, "bad.csv", rows);
	opts(&o, path);
	assure_diag_clear(&d);
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, msg, sizeof(msg));
	assert_non_null(strstr(msg, "bad.csv:4:"));
	assert_non_null(strstr(msg, "mfa_active"));
	assert_int_equal(count(f->ws->store, STMT_EVIDENCE_COUNT), 0);
	assert_int_equal(count(f->ws->store, STMT_CRED_COUNT), 0);
	assert_int_equal(count_files(f->ws->evidence_dir), 0);
	/* The store still works afterwards. */
	free(path);
	path = write_report(f, "good.csv", root_row);
	opts(&o, path);
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_OK);
	assert_int_equal(count(f->ws->store, STMT_EVIDENCE_COUNT), 1);
	free(path);
}

static void
test_unknown_kind_and_missing_file(void **state)
{
	struct fixture *f = *state;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;

	opts(&o, "/nonexistent/report.csv");
	assure_diag_clear(&d);
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_ERR_IO);
	assert_string_equal(d.source, "/nonexistent/report.csv");
	o.kind = "no-such-kind";
	assert_int_equal(ingest_file(f->ws, &o, &r, &d), ASSURE_ERR_INVAL);
	assert_int_equal(count(f->ws->store, STMT_EVIDENCE_COUNT), 0);
}

static void
test_workspace_refuses_overwrite(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct assure_diag d;

	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "Again", sizeof(cfg.organisation));
	assure_diag_clear(&d);
	assert_int_equal(workspace_create(f->dir, &cfg, &d),
	    ASSURE_ERR_CONFLICT);
	assert_non_null(strstr(d.msg, "refusing to overwrite"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate_empty_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_defensive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest_and_idempotent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of_and_period, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rollback_on_parse_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_kind_and_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_workspace_refuses_overwrite, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
