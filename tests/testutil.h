/*
 * testutil.h: helpers shared by the cmocka unit tests: temporary
 * directories, fixture paths, and reading whole files.
 */
#ifndef ASSURE_TESTUTIL_H
#define ASSURE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "common/compat.h"

struct config;

/* A fresh directory under $TMPDIR; the caller rm -rf's it with
 * tu_rmtree().  Returns a malloc'd path. */
char *tu_mkdtemp(void);
void tu_rmtree(const char *path);

/* $ASSURE_TEST_DATA/name, malloc'd. */
char *tu_data_path(const char *name);
/* $ASSURE_SHARED/name, malloc'd, or NULL when the shared folder is absent. */
char *tu_shared_path(const char *name);

/* Write len bytes to path (created or truncated); aborts the test on error. */
void tu_write_file(const char *path, const void *data, size_t len);
/* path joined with name, malloc'd. */
char *tu_join(const char *dir, const char *name);

struct workspace;

/*
 * The PostgreSQL URI the tests run against: the first line of the file
 * $ASSURE_TEST_DB_FILE names (the ctest pg/ fixture writes it), NULL when
 * that is unset (SQLite).  When it is set but the file cannot be read
 * (the server did not start) the test exits 77, SKIPPED.
 */
const char *tu_db_uri(void);
/*
 * Before workspace_create: with tu_db_uri(), point the workspace at that
 * database ($ASSURE_DB) and give it an organisation of its own in
 * cfg->org, so that tests sharing the database see only their rows.
 * Nothing otherwise.
 */
void tu_db_setup(struct config *cfg);
/*
 * Keep data as the evidence bytes of hex, where the workspace keeps them
 * (a file by hash, or the store's), as an ingest leaves them.  The
 * evidence row must exist; a transaction of its own when none is open.
 */
void tu_blob_store(struct workspace *ws, const char *hex, const void *data,
    size_t len);

/*
 * A fresh workspace in a new temporary folder for organisation org,
 * created and opened read-write.  Aborts the test on failure.
 */
struct workspace *tu_workspace_new(const char *org, char **ret_dir);
/* Close it and remove its folder (dir is freed). */
void tu_workspace_free(struct workspace *ws, char *dir);

struct store;
struct config;
struct test_def;
struct test_ctx;
struct test_result;

/*
 * The members of a test's result (rules.h), against the same run without
 * them (off): off lists none; on lists population members, sorted and
 * unique, among them every exception's subject; both have the same
 * verdict and exceptions, and the same population unless the test is
 * one whose members mode counts another unit (rules.h).
 */
void tu_check_members(const struct test_result *off,
    const struct test_result *on);
/* Run t as of ctx->as_of without members and with, and check them. */
void tu_check_test_members(const struct test_def *t,
    const struct test_ctx *ctx);
/*
 * Evaluate as of as_of without members and with (evaluation_run_opts()),
 * and check every result; then each test alone (opts.only) with members,
 * which must give the same result.
 */
void tu_check_evaluation_members(struct store *s, const struct config *cfg,
    int64_t as_of);

#endif
