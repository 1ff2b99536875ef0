/*
 * store_sqlite.c: the SQLite backend of the store interface.
 *
 * Every connection gets the same hardening, whether or not we created the
 * file: the defensive flag (no writes to the schema through SQL), no
 * trusted schema, foreign keys on, lowered length limits, WAL journaling
 * with synchronous=FULL so that a committed evidence file survives a power
 * loss, and a busy timeout so that two writers queue instead of failing.
 * Statements are prepared lazily from stmt_sqlite[] and cached.
 * Write transactions are BEGIN IMMEDIATE: the write lock is taken up front,
 * so two concurrent ingests serialise rather than deadlock.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/migrate.h"
#include "store/stmt.h"
#include "store/store.h"

#define SQLITE_BUSY_TIMEOUT_MS		30000
#define SQLITE_LENGTH_LIMIT		(64 * 1024 * 1024)
#define SQLITE_SQL_LENGTH_LIMIT		(256 * 1024)
#define SQLITE_COLUMN_LIMIT		200
#define SQLITE_EXPR_DEPTH_LIMIT		100
#define SQLITE_MMAP_SIZE		"268435456"	/* bytes */
#define SQLITE_CACHE_KIB		"-16384"	/* 16 MiB */

struct sqlite_impl {
	sqlite3		*db;
	sqlite3_stmt	*stmts[STMT__MAX];
	char		 path[1024];
};

static enum assure_err
sqlite_rc(struct sqlite_impl *impl, int rc, const char *what,
    struct assure_diag *d)
{
	enum assure_err code;
	const char *msg = impl->db != NULL ? sqlite3_errmsg(impl->db) :
	    sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		code = ASSURE_ERR_NOMEM;
		break;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		code = ASSURE_ERR_IO;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = ASSURE_ERR_CONFLICT;
		break;
	case SQLITE_CONSTRAINT:
		code = ASSURE_ERR_CONFLICT;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		code = ASSURE_ERR_PERM;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		code = ASSURE_ERR_TAMPER;
		break;
	default:
		code = ASSURE_ERR_DB;
		break;
	}
	/* The busy timeout ran out: say so plainly, not "database is
	 * locked" alone. */
	if ((rc & 0xff) == SQLITE_BUSY)
		return assure_diag_set(d, code, impl->path, 0, 0, NULL,
		    "workspace busy: another process held the store's "
		    "write lock for %d s; try again (%s: %s)",
		    SQLITE_BUSY_TIMEOUT_MS / 1000, what, msg);
	assure_diag_set(d, code, impl->path, 0, 0, NULL, "%s: %s", what, msg);
	/*
	 * The OS error under an I/O failure, so that the message says it
	 * ("disk I/O error (No space left on device)"); a full disk says
	 * so even when SQLite found it out itself.
	 */
	if (d != NULL && code == ASSURE_ERR_IO) {
		d->sys_errno = impl->db != NULL ?
		    sqlite3_system_errno(impl->db) : 0;
		if ((rc & 0xff) == SQLITE_FULL && d->sys_errno == 0)
			d->sys_errno = ENOSPC;
	}
	return code;
}

static enum assure_err
sqlite_simple(struct sqlite_impl *impl, const char *sql, struct assure_diag *d)
{
	int rc;

	rc = sqlite3_exec(impl->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sqlite_rc(impl, rc, sql, d);
	return ASSURE_OK;
}

static enum assure_err
sqlite_open(struct store *s, const char *target, unsigned flags,
    struct assure_diag *d)
{
	struct sqlite_impl *impl;
	int oflags, rc, on = 1, off = 0;
	enum assure_err arc;

	impl = calloc(1, sizeof(*impl));
	if (impl == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, target, 0, 0, NULL,
		    "out of memory");
	assure_strlcpy(impl->path, target, sizeof(impl->path));
	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else if (flags & STORE_CREATE)
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	else
		oflags = SQLITE_OPEN_READWRITE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(target, &impl->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		arc = sqlite_rc(impl, rc, "cannot open the database", d);
		goto out_close;
	}
	sqlite3_extended_result_codes(impl->db, 1);
	sqlite3_busy_timeout(impl->db, SQLITE_BUSY_TIMEOUT_MS);
	sqlite3_db_config(impl->db, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
	sqlite3_db_config(impl->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
	sqlite3_db_config(impl->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, NULL);
	sqlite3_db_config(impl->db, SQLITE_DBCONFIG_ENABLE_VIEW, on, NULL);
	sqlite3_db_config(impl->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, off,
	    NULL);
	sqlite3_limit(impl->db, SQLITE_LIMIT_LENGTH, SQLITE_LENGTH_LIMIT);
	sqlite3_limit(impl->db, SQLITE_LIMIT_SQL_LENGTH, SQLITE_SQL_LENGTH_LIMIT);
	sqlite3_limit(impl->db, SQLITE_LIMIT_COLUMN, SQLITE_COLUMN_LIMIT);
	sqlite3_limit(impl->db, SQLITE_LIMIT_EXPR_DEPTH, SQLITE_EXPR_DEPTH_LIMIT);
	sqlite3_limit(impl->db, SQLITE_LIMIT_ATTACHED, 0);
	arc = sqlite_simple(impl, "PRAGMA foreign_keys = ON", d);
	/* Reads through the page cache mapping, not a copy per page: the
	 * ledger's full verify reads every entry. */
	if (arc == ASSURE_OK)
		arc = sqlite_simple(impl, "PRAGMA mmap_size = "
		    SQLITE_MMAP_SIZE, d);
	if (arc == ASSURE_OK)
		arc = sqlite_simple(impl, "PRAGMA cache_size = "
		    SQLITE_CACHE_KIB, d);
	if (arc != ASSURE_OK)
		goto out_close;
	if (!(flags & STORE_READONLY)) {
		arc = sqlite_simple(impl, "PRAGMA journal_mode = WAL", d);
		if (arc == ASSURE_OK)
			arc = sqlite_simple(impl, "PRAGMA synchronous = FULL",
			    d);
		if (arc != ASSURE_OK)
			goto out_close;
	}
	/* Touch the file so that "not a database" is found at open. */
	arc = sqlite_simple(impl, "SELECT count(*) FROM sqlite_schema", d);
	if (arc != ASSURE_OK)
		goto out_close;
	s->impl = impl;
	return ASSURE_OK;

out_close:
	/* "PRAGMA ...: disk I/O error" says too little on its own. */
	if (d != NULL && strncmp(d->msg, "cannot open", 11) != 0) {
		char msg[ASSURE_DIAG_MSG_MAX];

		assure_strlcpy(msg, d->msg, sizeof(msg));
		assure_strlcpy(d->msg, "cannot open the database: ",
		    sizeof(d->msg));
		assure_strlcpy(d->msg + strlen(d->msg), msg,
		    sizeof(d->msg) - strlen(d->msg));
	}
	sqlite3_close_v2(impl->db);
	free(impl);
	return arc;
}

static void
sqlite_close(struct store *s)
{
	struct sqlite_impl *impl = s->impl;
	size_t i;

	if (impl == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(impl->stmts[i]);
	sqlite3_close_v2(impl->db);
	free(impl);
	s->impl = NULL;
}

static enum assure_err
sqlite_prepare(struct sqlite_impl *impl, enum store_stmt stmt,
    sqlite3_stmt **ret, struct assure_diag *d)
{
	int rc;

	if (impl->stmts[stmt] == NULL) {
		if (stmt_sqlite[stmt] == NULL)
			assure_bug("statement %d has no SQLite text", (int)stmt);
		rc = sqlite3_prepare_v3(impl->db, stmt_sqlite[stmt], -1,
		    SQLITE_PREPARE_PERSISTENT, &impl->stmts[stmt], NULL);
		if (rc != SQLITE_OK) {
			impl->stmts[stmt] = NULL;
			return sqlite_rc(impl, rc, "prepare", d);
		}
	}
	*ret = impl->stmts[stmt];
	return ASSURE_OK;
}

static enum assure_err
sqlite_exec(struct store *s, enum store_stmt stmt,
    const struct store_val *params, int nparams, store_row_fn fn, void *arg,
    struct assure_diag *d)
{
	struct sqlite_impl *impl = s->impl;
	struct store_val cols[STORE_COLS_MAX];
	sqlite3_stmt *st = NULL;
	enum assure_err arc;
	int i, rc, ncols;

	arc = sqlite_prepare(impl, stmt, &st, d);
	if (arc != ASSURE_OK)
		return arc;
	if (sqlite3_bind_parameter_count(st) != nparams)
		assure_bug("statement %d wants %d parameters, got %d",
		    (int)stmt, sqlite3_bind_parameter_count(st), nparams);
	for (i = 0; i < nparams; i++) {
		switch (params[i].type) {
		case STORE_NULL:
			rc = sqlite3_bind_null(st, i + 1);
			break;
		case STORE_INT:
			rc = sqlite3_bind_int64(st, i + 1, params[i].i);
			break;
		case STORE_TEXT:
			rc = sqlite3_bind_text(st, i + 1, params[i].s, -1,
			    SQLITE_STATIC);
			break;
		case STORE_BLOB:
			rc = sqlite3_bind_blob64(st, i + 1, params[i].s,
			    params[i].n, SQLITE_STATIC);
			break;
		default:
			assure_bug("bad parameter type");
		}
		if (rc != SQLITE_OK) {
			arc = sqlite_rc(impl, rc, "bind", d);
			goto out_reset;
		}
	}
	ncols = sqlite3_column_count(st);
	if (ncols > STORE_COLS_MAX)
		assure_bug("statement %d has %d columns", (int)stmt, ncols);
	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			arc = sqlite_rc(impl, rc, "step", d);
			goto out_reset;
		}
		if (fn == NULL)
			continue;
		for (i = 0; i < ncols; i++) {
			memset(&cols[i], 0, sizeof(cols[i]));
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				cols[i].type = STORE_NULL;
				break;
			case SQLITE_INTEGER:
				cols[i].type = STORE_INT;
				cols[i].i = sqlite3_column_int64(st, i);
				break;
			case SQLITE_BLOB:
				cols[i].type = STORE_BLOB;
				cols[i].s = sqlite3_column_blob(st, i);
				cols[i].n = (size_t)sqlite3_column_bytes(st, i);
				break;
			default:
				cols[i].type = STORE_TEXT;
				cols[i].s = (const char *)
				    sqlite3_column_text(st, i);
				cols[i].n = (size_t)sqlite3_column_bytes(st, i);
				if (cols[i].s == NULL) {
					arc = assure_diag_set(d,
					    ASSURE_ERR_NOMEM, impl->path, 0, 0,
					    NULL, "out of memory");
					goto out_reset;
				}
				break;
			}
		}
		arc = fn(cols, ncols, arg);
		if (arc != ASSURE_OK)
			goto out_reset;
	}
	arc = ASSURE_OK;
out_reset:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return arc;
}

static enum assure_err
sqlite_begin(struct store *s, struct assure_diag *d)
{
	return sqlite_simple(s->impl, (s->flags & STORE_READONLY) ?
	    "BEGIN" : "BEGIN IMMEDIATE", d);
}

static enum assure_err
sqlite_commit(struct store *s, struct assure_diag *d)
{
	return sqlite_simple(s->impl, "COMMIT", d);
}

static enum assure_err
sqlite_rollback(struct store *s)
{
	struct sqlite_impl *impl = s->impl;

	if (sqlite3_get_autocommit(impl->db))
		return ASSURE_OK;
	return sqlite_simple(impl, "ROLLBACK", NULL);
}

static enum assure_err
sqlite_exec_script(struct store *s, const char *sql, struct assure_diag *d)
{
	struct sqlite_impl *impl = s->impl;
	int rc;
	char *err = NULL;

	rc = sqlite3_exec(impl->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		assure_diag_set(d, ASSURE_ERR_DB, impl->path, 0, 0, NULL, "%s",
		    err != NULL ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		return ASSURE_ERR_DB;
	}
	return ASSURE_OK;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.exec_script = sqlite_exec_script,
	.migrations = migrations_sqlite,
};
