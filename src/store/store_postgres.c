/*
 * store_postgres.c: the PostgreSQL backend of the store interface (libpq).
 *
 * One database holds many organisations; every organisation's table is
 * row-level secured on the session setting assure.org_id (see
 * schema/postgres/0001_spine.sql), which org_use sets.  The statements of
 * enum store_stmt never name an organisation: the policies do.  A
 * connection that has chosen none reads and writes nothing of anyone's.
 *
 * A write transaction holds its organisation's advisory lock from BEGIN
 * (pg_begin()), which serialises one organisation's writers as SQLite
 * serialises a file's.  The evidence bytes live in the database
 * (evidence_blob, in chunks): a PostgreSQL store is shared by every
 * machine that writes to it.
 *
 * Statements are prepared lazily from stmt_postgres_sql() and cached per
 * connection with their parameter count.  Parameters go as text, blobs as
 * binary; results come back in text form one row at a time (single-row
 * mode), so that a walk over every ledger entry holds one row in memory,
 * not the whole result.
 *
 * Row-level security binds neither a superuser nor a role with BYPASSRLS:
 * store_pg_role_info() tells, for `assure db status` to show.
 */
#include "common/compat.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "common/hash.h"
#include "store/migrate.h"
#include "store/stmt.h"
#include "store/store.h"

/* Type OIDs (catalog/pg_type_d.h, which libpq-dev does not ship). */
#define PG_BOOLOID	16
#define PG_BYTEAOID	17
#define PG_INT8OID	20
#define PG_INT2OID	21
#define PG_INT4OID	23

/*
 * The first key of assure's advisory locks ("asur"): the second is the
 * organisation's id for its ledger appends, 0 for migrations (ids start
 * at 1).
 */
#define PG_LOCK_CLASS	"1634956658"	/* 0x61737572 */

#define PG_WHERE_MAX	512
/* How long a writer waits for another of its organisation. */
#define PG_LOCK_TIMEOUT	"30s"
/* Statements a batch sends before it waits for their results. */
#define PG_PIPE_MAX	1024
/* Evidence bytes go in chunks of this size (schema 0016). */
#define PG_BLOB_CHUNK	(1024 * 1024)

/*
 * The results of one query being read.  Only one query at a time can be
 * in flight on a connection, but a row callback may run another statement
 * (ledger verify looks each entry's ref up while walking the entries, as
 * SQLite allows): then the rest of the outer query's results are read
 * into q first (spilled), and it goes on from there.  Memory is bounded
 * only for a walk that runs nothing inside it.
 */
struct pg_stream {
	PGresult	**q;
	size_t		  n, pos, cap;
	bool		  live;	/* still reading from the connection */
};

struct pg_impl {
	PGconn		*conn;
	/* store_batch(): statements sent in pipeline mode, not yet read. */
	bool		 piped;
	size_t		 npiped;
	enum store_stmt	 piped_stmt[PG_PIPE_MAX];
	/* The stream reading from the connection, if any. */
	struct pg_stream *live;
	bool		 prepared[STMT__MAX];
	int		 nparams[STMT__MAX];
	int64_t		 org_id;	/* 0 until org_use */
	/* The URI for messages, its password masked. */
	char		 where[PG_WHERE_MAX];
};

/* Append src[0..n) to dst (size bytes), truncating. */
static void
append(char *dst, size_t size, const char *src, size_t n)
{
	size_t have = strlen(dst);

	if (have + 1 >= size)
		return;
	if (n > size - have - 1)
		n = size - have - 1;
	memcpy(dst + have, src, n);
	dst[have + n] = '\0';
}

/*
 * The URI for messages: the password of its userinfo
 * (postgresql://user:secret@host/db) and of a password= parameter
 * replaced by "***".
 */
static void
mask_uri(const char *uri, char *out, size_t size)
{
	const char *auth, *end, *at, *colon, *p, *q;

	out[0] = '\0';
	auth = strstr(uri, "://");
	if (auth == NULL) {
		append(out, size, "(a connection string)", 21);
		return;
	}
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon != NULL) {
		append(out, size, uri, (size_t)(colon - uri));
		append(out, size, ":***", 4);
		p = at;
	} else
		p = uri;
	/* The query: every password=... value. */
	while ((q = strstr(p, "password=")) != NULL) {
		append(out, size, p, (size_t)(q - p) + 9);
		p = q + 9;
		if (q > uri && (q[-1] == '?' || q[-1] == '&')) {
			append(out, size, "***", 3);
			p += strcspn(p, "&#");
		}
	}
	append(out, size, p, strlen(p));
}

/* libpq's message without its trailing newline. */
static void
chomp(char *msg, size_t size, const char *src)
{
	size_t n;

	assure_strlcpy(msg, src != NULL ? src : "", size);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
}

/* The error code for a SQLSTATE. */
static enum assure_err
pg_code(const char *state)
{
	if (state == NULL || strlen(state) != 5)
		return ASSURE_ERR_DB;
	/* Integrity, serialisation, deadlock, lock timeout: another writer
	 * came first. */
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		return ASSURE_ERR_CONFLICT;
	if (strcmp(state, "42501") == 0 || strcmp(state, "25006") == 0)
		return ASSURE_ERR_PERM;
	if (strcmp(state, "53200") == 0)
		return ASSURE_ERR_NOMEM;
	if (strncmp(state, "53", 2) == 0 || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "58", 2) == 0)
		return ASSURE_ERR_IO;
	return ASSURE_ERR_DB;
}

/*
 * Report the error of res (NULL: of the connection).  what says what was
 * being done.
 */
static enum assure_err
pg_error(struct pg_impl *impl, const PGresult *res, const char *what,
    struct assure_diag *d)
{
	const char *state = NULL, *prim = NULL, *detail = NULL;
	char msg[512];
	enum assure_err code;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		prim = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	}
	if (prim == NULL)
		chomp(msg, sizeof(msg), res != NULL ?
		    PQresultErrorMessage(res) : PQerrorMessage(impl->conn));
	else
		chomp(msg, sizeof(msg), prim);
	if (msg[0] == '\0')
		chomp(msg, sizeof(msg), PQerrorMessage(impl->conn));
	if (state == NULL && PQstatus(impl->conn) == CONNECTION_BAD)
		code = ASSURE_ERR_IO;
	else
		code = pg_code(state);
	/* The organisation's setting is missing (never set_config'd) or
	 * unusable: name the cause, not the policy's expression. */
	if (state != NULL && (strcmp(state, "42704") == 0 ||
	    strcmp(state, "22023") == 0 || strcmp(state, "22P02") == 0) &&
	    strstr(msg, "assure.org_id") != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, impl->where, 0, 0,
		    "org", "%s: no organisation is selected on this "
		    "connection (org_use first)", what);
	if (detail != NULL)
		return assure_diag_set(d, code, impl->where, 0, 0, NULL,
		    "%s: %s (%s)", what, msg, detail);
	return assure_diag_set(d, code, impl->where, 0, 0, NULL, "%s: %s",
	    what, msg);
}

static enum assure_err pg_ready(struct pg_impl *, struct assure_diag *);

/* Run sql without parameters or rows (BEGIN, SET...). */
static enum assure_err
pg_simple(struct pg_impl *impl, const char *sql, struct assure_diag *d)
{
	PGresult *res;
	enum assure_err rc;

	if ((rc = pg_ready(impl, d)) != ASSURE_OK)
		return rc;
	res = PQexec(impl->conn, sql);
	if (res == NULL)
		return pg_error(impl, NULL, sql, d);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(impl, res, sql, d);
	PQclear(res);
	return rc;
}

/* Migrations' "NOTICE: ..." are not for the user's terminal. */
static void
pg_notice(void *arg, const char *message)
{
}

static enum assure_err
pg_open(struct store *s, const char *target, unsigned flags,
    struct assure_diag *d)
{
	static const char *const keys[] = { "dbname", "application_name",
	    "client_encoding", NULL };
	const char *vals[4] = { target, "assure", "UTF8", NULL };
	struct pg_impl *impl;
	char msg[512];
	enum assure_err rc;

	impl = calloc(1, sizeof(*impl));
	if (impl == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, NULL, 0, 0, NULL,
		    "out of memory");
	mask_uri(target, impl->where, sizeof(impl->where));
	/* dbname expanded as the URI; the later keys override it. */
	impl->conn = PQconnectdbParams(keys, vals, 1);
	if (impl->conn == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, impl->where, 0, 0,
		    NULL, "out of memory connecting");
		goto out_free;
	}
	if (PQstatus(impl->conn) != CONNECTION_OK) {
		chomp(msg, sizeof(msg), PQerrorMessage(impl->conn));
		/* assure never creates a database (STORE_CREATE creates the
		 * schema in it): that needs rights it should not hold. */
		if (strstr(msg, "database \"") != NULL &&
		    strstr(msg, "does not exist") != NULL)
			rc = assure_diag_set(d, ASSURE_ERR_NOTFOUND,
			    impl->where, 0, 0, NULL, "cannot connect: %s: "
			    "create the database first (createdb -O ROLE "
			    "NAME); assure makes its tables in it", msg);
		else
			rc = assure_diag_set(d, ASSURE_ERR_IO, impl->where, 0,
			    0, NULL, "cannot connect: %s", msg);
		goto out_finish;
	}
	PQsetNoticeProcessor(impl->conn, pg_notice, NULL);
	/* Blobs are read back from their text form: make it hex whatever
	 * the server's default. */
	rc = pg_simple(impl, "SET bytea_output = 'hex'", d);
	/* A writer waits for another of its organisation as SQLite's busy
	 * timeout lets it, then gives up (55P03: CONFLICT). */
	if (rc == ASSURE_OK)
		rc = pg_simple(impl, "SET lock_timeout = '" PG_LOCK_TIMEOUT
		    "'", d);
	if (rc == ASSURE_OK && (flags & STORE_READONLY))
		rc = pg_simple(impl, "SET default_transaction_read_only = on",
		    d);
	if (rc != ASSURE_OK)
		goto out_finish;
	s->impl = impl;
	return ASSURE_OK;

out_finish:
	PQfinish(impl->conn);
out_free:
	free(impl);
	return rc;
}

static void
pg_close(struct store *s)
{
	struct pg_impl *impl = s->impl;

	if (impl == NULL)
		return;
	PQfinish(impl->conn);
	free(impl);
	s->impl = NULL;
}

/*
 * Turn the single row of res into cols and call fn.  Blobs are decoded
 * into a buffer of the row's own, freed when fn returns: fn may run
 * another statement, whose rows must not overwrite this one's.
 */
static enum assure_err
pg_row(struct pg_impl *impl, PGresult *res, store_row_fn fn, void *arg,
    struct assure_diag *d)
{
	struct store_val cols[STORE_COLS_MAX];
	unsigned char *buf = NULL;
	enum assure_err rc;
	size_t need = 0, off = 0, j, n;
	int i, ncols = PQnfields(res);
	const char *v;
	char *end;

	if (ncols > STORE_COLS_MAX)
		assure_bug("a statement has %d columns", ncols);
	for (i = 0; i < ncols; i++)
		if (PQftype(res, i) == PG_BYTEAOID && !PQgetisnull(res, 0, i))
			need += (size_t)PQgetlength(res, 0, i) / 2;
	if (need > 0 && (buf = malloc(need)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, impl->where, 0, 0,
		    NULL, "out of memory");
	for (i = 0; i < ncols; i++) {
		memset(&cols[i], 0, sizeof(cols[i]));
		if (PQgetisnull(res, 0, i)) {
			cols[i].type = STORE_NULL;
			continue;
		}
		v = PQgetvalue(res, 0, i);
		n = (size_t)PQgetlength(res, 0, i);
		switch (PQftype(res, i)) {
		case PG_INT2OID:
		case PG_INT4OID:
		case PG_INT8OID:
			cols[i].type = STORE_INT;
			errno = 0;
			cols[i].i = strtoll(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0') {
				rc = assure_diag_set(d, ASSURE_ERR_DB,
				    impl->where, 0, 0, NULL, "not an integer "
				    "in column %d: '%s'", i + 1, v);
				goto out;
			}
			break;
		case PG_BOOLOID:
			cols[i].type = STORE_INT;
			cols[i].i = v[0] == 't';
			break;
		case PG_BYTEAOID:
			if (n < 2 || v[0] != '\\' || v[1] != 'x' ||
			    n % 2 != 0) {
				rc = assure_diag_set(d, ASSURE_ERR_DB,
				    impl->where, 0, 0, NULL, "column %d: bytea "
				    "not in hex form", i + 1);
				goto out;
			}
			cols[i].type = STORE_BLOB;
			/* Never NULL, even for no bytes. */
			cols[i].s = buf != NULL ? (const char *)buf + off : "";
			cols[i].n = (n - 2) / 2;
			for (j = 2; j < n; j += 2) {
				int hi = assure_hexval(v[j]);
				int lo = assure_hexval(v[j + 1]);

				if (hi < 0 || lo < 0) {
					rc = assure_diag_set(d,
					    ASSURE_ERR_DB, impl->where, 0, 0,
					    NULL, "column %d: bad bytea hex",
					    i + 1);
					goto out;
				}
				buf[off++] = (unsigned char)(hi << 4 | lo);
			}
			break;
		default:
			/* text, and numeric and the rest as their text. */
			cols[i].type = STORE_TEXT;
			cols[i].s = v;
			cols[i].n = n;
			break;
		}
	}
	rc = fn(cols, ncols, arg);
out:
	free(buf);
	return rc;
}

/* Read the rest of the live stream's results into its queue. */
static enum assure_err
pg_spill(struct pg_impl *impl, struct assure_diag *d)
{
	struct pg_stream *st = impl->live;
	PGresult *res;
	enum assure_err rc = ASSURE_OK;

	while ((res = PQgetResult(impl->conn)) != NULL) {
		if (st->n == st->cap) {
			size_t cap = st->cap != 0 ? st->cap * 2 : 64;
			PGresult **nq = reallocarray(st->q, cap, sizeof(*nq));

			if (nq == NULL) {
				/* Drop the rest; the outer query says so. */
				PQclear(res);
				rc = ASSURE_ERR_NOMEM;
				continue;
			}
			st->q = nq;
			st->cap = cap;
		}
		st->q[st->n++] = res;
	}
	st->live = false;
	impl->live = NULL;
	if (rc != ASSURE_OK)
		return assure_diag_set(d, rc, impl->where, 0, 0, NULL,
		    "out of memory holding a query's rows");
	return ASSURE_OK;
}

/* The next result of st, from its queue or the connection; NULL at end. */
static PGresult *
pg_next(struct pg_impl *impl, struct pg_stream *st)
{
	if (st->pos < st->n)
		return st->q[st->pos++];
	if (st->live)
		return PQgetResult(impl->conn);
	return NULL;
}

/*
 * Before sending a query: when a row callback of another is running,
 * take that one's results off the connection first.
 */
/*
 * Read the results of the statements a batch pipelined, in order, and
 * leave pipeline mode.  The first failure is reported, naming its
 * statement; the ones after it were not run (PGRES_PIPELINE_ABORTED).
 */
static enum assure_err
pg_flush(struct pg_impl *impl, struct assure_diag *d)
{
	PGresult *res;
	ExecStatusType st;
	enum assure_err rc = ASSURE_OK;
	char what[48];
	size_t i;

	if (!impl->piped)
		return ASSURE_OK;
	if (!PQpipelineSync(impl->conn))
		rc = pg_error(impl, NULL, "pipeline sync", d);
	for (i = 0; rc == ASSURE_OK && i < impl->npiped; i++) {
		while ((res = PQgetResult(impl->conn)) != NULL) {
			st = PQresultStatus(res);
			if (rc == ASSURE_OK && st != PGRES_COMMAND_OK &&
			    st != PGRES_TUPLES_OK) {
				snprintf(what, sizeof(what), "statement %d "
				    "(batched)", (int)impl->piped_stmt[i]);
				rc = pg_error(impl, res, what, d);
			}
			PQclear(res);
		}
	}
	/* The rest after a failure, then the sync's own result. */
	for (; i < impl->npiped; i++)
		while ((res = PQgetResult(impl->conn)) != NULL)
			PQclear(res);
	if ((res = PQgetResult(impl->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_PIPELINE_SYNC &&
		    rc == ASSURE_OK)
			rc = pg_error(impl, res, "pipeline sync", d);
		PQclear(res);
	}
	if (!PQexitPipelineMode(impl->conn) && rc == ASSURE_OK)
		rc = pg_error(impl, NULL, "leaving pipeline mode", d);
	impl->piped = false;
	impl->npiped = 0;
	return rc;
}

static enum assure_err
pg_ready(struct pg_impl *impl, struct assure_diag *d)
{
	if (impl->piped)
		return pg_flush(impl, d);
	if (impl->live == NULL)
		return ASSURE_OK;
	return pg_spill(impl, d);
}

/*
 * Read the results of the query just sent, one row at a time, calling fn
 * on each.  Always reads to the end, even after an error or fn's stop, so
 * that the connection can take the next query.
 */
static enum assure_err
pg_results(struct pg_impl *impl, const char *what, store_row_fn fn,
    void *arg, struct assure_diag *d)
{
	struct pg_stream st;
	PGresult *res;
	enum assure_err rc = ASSURE_OK;
	size_t i;

	if (!PQsetSingleRowMode(impl->conn))
		assure_bug("PQsetSingleRowMode refused");
	memset(&st, 0, sizeof(st));
	st.live = true;
	impl->live = &st;
	while ((res = pg_next(impl, &st)) != NULL) {
		switch (PQresultStatus(res)) {
		case PGRES_SINGLE_TUPLE:
			if (rc == ASSURE_OK && fn != NULL)
				rc = pg_row(impl, res, fn, arg, d);
			break;
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			break;
		default:
			if (rc == ASSURE_OK)
				rc = pg_error(impl, res, what, d);
			break;
		}
		PQclear(res);
	}
	if (impl->live == &st)
		impl->live = NULL;
	for (i = st.pos; i < st.n; i++)
		PQclear(st.q[i]);
	free(st.q);
	if (rc == ASSURE_OK && PQstatus(impl->conn) == CONNECTION_BAD)
		rc = pg_error(impl, NULL, what, d);
	return rc;
}

static enum assure_err
pg_prepare(struct pg_impl *impl, enum store_stmt stmt, struct assure_diag *d)
{
	char name[16], what[32];
	PGresult *res;
	char *sql;
	enum assure_err rc = ASSURE_OK;

	if (impl->prepared[stmt])
		return ASSURE_OK;
	snprintf(name, sizeof(name), "s%d", (int)stmt);
	snprintf(what, sizeof(what), "statement %d", (int)stmt);
	sql = stmt_postgres_sql(stmt);
	if (sql == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, impl->where, 0, 0,
		    NULL, "out of memory");
	res = PQprepare(impl->conn, name, sql, 0, NULL);
	free(sql);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error(impl, res, what, d);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	res = PQdescribePrepared(impl->conn, name);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error(impl, res, what, d);
		PQclear(res);
		/* Prepared but not described: drop it, to prepare anew. */
		snprintf(what, sizeof(what), "DEALLOCATE %s", name);
		PQclear(PQexec(impl->conn, what));
		return rc;
	}
	impl->nparams[stmt] = PQnparams(res);
	PQclear(res);
	impl->prepared[stmt] = true;
	return ASSURE_OK;
}

/*
 * Make libpq's arrays from params: integers as decimal text (in ibuf),
 * blobs as binary.
 */
static void
pg_params(const struct store_val *params, int nparams,
    char ibuf[][24], const char **vals, int *lens, int *fmts)
{
	int i;

	for (i = 0; i < nparams; i++) {
		lens[i] = 0;
		fmts[i] = 0;
		switch (params[i].type) {
		case STORE_NULL:
			vals[i] = NULL;
			break;
		case STORE_INT:
			snprintf(ibuf[i], 24, "%" PRId64, params[i].i);
			vals[i] = ibuf[i];
			break;
		case STORE_TEXT:
			vals[i] = params[i].s != NULL ? params[i].s : "";
			break;
		case STORE_BLOB:
			if (params[i].n > INT32_MAX)
				assure_bug("a blob of %zu bytes", params[i].n);
			/* A 0-length blob is not NULL: point somewhere. */
			vals[i] = params[i].s != NULL ? params[i].s : "";
			lens[i] = (int)params[i].n;
			fmts[i] = 1;
			break;
		default:
			assure_bug("bad parameter type");
		}
	}
}

static enum assure_err
pg_exec(struct store *s, enum store_stmt stmt,
    const struct store_val *params, int nparams, store_row_fn fn, void *arg,
    struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	char ibuf[STORE_PARAMS_MAX][24], name[16], what[32];
	const char *vals[STORE_PARAMS_MAX];
	int lens[STORE_PARAMS_MAX], fmts[STORE_PARAMS_MAX];
	enum assure_err rc;
	bool pipe = s->batch && fn == NULL && impl->live == NULL;

	/* A batch keeps the pipeline going while its statements are
	 * prepared; anything else waits for what is in flight. */
	if ((!pipe || !impl->prepared[stmt]) &&
	    (rc = pg_ready(impl, d)) != ASSURE_OK)
		return rc;
	if ((rc = pg_prepare(impl, stmt, d)) != ASSURE_OK)
		return rc;
	if (impl->nparams[stmt] != nparams)
		assure_bug("statement %d wants %d parameters, got %d",
		    (int)stmt, impl->nparams[stmt], nparams);
	pg_params(params, nparams, ibuf, vals, lens, fmts);
	snprintf(name, sizeof(name), "s%d", (int)stmt);
	snprintf(what, sizeof(what), "statement %d", (int)stmt);
	if (pipe) {
		if (!impl->piped) {
			if (!PQenterPipelineMode(impl->conn))
				return pg_error(impl, NULL, "pipeline mode", d);
			impl->piped = true;
		}
		if (!PQsendQueryPrepared(impl->conn, name, nparams, vals,
		    lens, fmts, 0))
			return pg_error(impl, NULL, what, d);
		impl->piped_stmt[impl->npiped++] = stmt;
		return impl->npiped == PG_PIPE_MAX ? pg_flush(impl, d) :
		    ASSURE_OK;
	}
	if (!PQsendQueryPrepared(impl->conn, name, nparams, vals, lens, fmts,
	    0))
		return pg_error(impl, NULL, what, d);
	return pg_results(impl, what, fn, arg, d);
}

/* One of the backend's own statements (organisations, locks): unprepared. */
static enum assure_err
pg_query(struct pg_impl *impl, const char *sql,
    const struct store_val *params, int nparams, store_row_fn fn, void *arg,
    struct assure_diag *d)
{
	char ibuf[4][24];
	const char *vals[4];
	int lens[4], fmts[4];
	enum assure_err rc;

	if (nparams > 4)
		assure_bug("pg_query: %d parameters", nparams);
	if ((rc = pg_ready(impl, d)) != ASSURE_OK)
		return rc;
	pg_params(params, nparams, ibuf, vals, lens, fmts);
	if (!PQsendQueryParams(impl->conn, sql, nparams, NULL, vals, lens,
	    fmts, 0))
		return pg_error(impl, NULL, sql, d);
	return pg_results(impl, sql, fn, arg, d);
}

static enum assure_err pg_lock_org(struct pg_impl *, struct assure_diag *);

/*
 * A write transaction of an organisation holds its advisory lock from the
 * start, as SQLite's BEGIN IMMEDIATE holds the write lock: what it reads
 * to compute a sequence number (an evaluation's, a campaign's), the
 * ledger's size among them, no other writer of the organisation changes
 * before it commits.  Organisations do not wait for each other.
 */
static enum assure_err
pg_begin(struct store *s, struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	enum assure_err rc;

	if (s->flags & STORE_READONLY)
		return pg_simple(impl, "BEGIN READ ONLY", d);
	if ((rc = pg_simple(impl, "BEGIN", d)) != ASSURE_OK)
		return rc;
	/* None chosen yet (migrations): nothing of an organisation's is
	 * written. */
	if (impl->org_id != 0 && (rc = pg_lock_org(impl, d)) != ASSURE_OK)
		(void)pg_simple(impl, "ROLLBACK", NULL);
	return rc;
}

static enum assure_err
pg_commit(struct store *s, struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	PGresult *res;
	enum assure_err rc;

	if ((rc = pg_ready(impl, d)) != ASSURE_OK)
		return rc;
	res = PQexec(impl->conn, "COMMIT");
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(impl, res, "COMMIT", d);
	/* COMMIT of a transaction an error aborted succeeds, saying
	 * ROLLBACK: nothing was written. */
	else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		rc = assure_diag_set(d, ASSURE_ERR_DB, impl->where, 0, 0, NULL,
		    "COMMIT: the transaction was rolled back after an "
		    "earlier error");
	PQclear(res);
	return rc;
}

static enum assure_err
pg_rollback(struct store *s)
{
	struct pg_impl *impl = s->impl;

	/* Whatever a batch had in flight is read and dropped first. */
	(void)pg_flush(impl, NULL);
	switch (PQtransactionStatus(impl->conn)) {
	case PQTRANS_INTRANS:
	case PQTRANS_INERROR:
		return pg_simple(impl, "ROLLBACK", NULL);
	default:
		return ASSURE_OK;
	}
}

static enum assure_err
pg_exec_script(struct store *s, const char *sql, struct assure_diag *d)
{
	/* The simple query protocol: several statements in one text. */
	return pg_simple(s->impl, sql, d);
}

static enum assure_err
id_row(const struct store_val *cols, int ncols, void *arg)
{
	int64_t *id = arg;

	if (ncols > 0 && cols[0].type == STORE_INT)
		*id = cols[0].i;
	return ASSURE_OK;
}

static enum assure_err
pg_org_use(struct store *s, const char *name, struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	struct store_val p[1];
	int64_t id = 0;
	enum assure_err rc;

	p[0] = STORE_TEXTV(name);
	rc = pg_query(impl, "SELECT id FROM organisation WHERE name = $1", p,
	    1, id_row, &id, d);
	if (rc != ASSURE_OK)
		return rc;
	if (id == 0)
		return assure_diag_set(d, ASSURE_ERR_NOTFOUND, impl->where, 0,
		    0, "org", "no organisation '%s'", name);
	/* For the session (false: not only this transaction). */
	p[0] = STORE_INTV(id);
	rc = pg_query(impl, "SELECT set_config('assure.org_id', $1, false)",
	    p, 1, NULL, NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	impl->org_id = id;
	return ASSURE_OK;
}

static enum assure_err
pg_org_create(struct store *s, const char *name, int64_t now,
    struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	struct store_val p[2];
	int64_t id = 0;
	enum assure_err rc;

	p[0] = STORE_TEXTV(name);
	p[1] = STORE_INTV(now);
	rc = pg_query(impl, "INSERT INTO organisation (name, created_at) "
	    "VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id", p, 2,
	    id_row, &id, d);
	if (rc != ASSURE_OK)
		return rc;
	if (id == 0)
		return assure_diag_set(d, ASSURE_ERR_CONFLICT, impl->where, 0,
		    0, "org", "organisation '%s' exists", name);
	return ASSURE_OK;
}

static enum assure_err
pg_org_list(struct store *s, store_row_fn fn, void *arg,
    struct assure_diag *d)
{
	return pg_query(s->impl, "SELECT name, created_at FROM organisation "
	    "ORDER BY name", NULL, 0, fn, arg, d);
}

/*
 * The advisory lock key of an organisation: its id, which fits the int4
 * key in practice; a larger one is folded into 1..INT32_MAX, where two
 * organisations may then share a key and queue behind each other's
 * appends (slower, never wrong).  0 stays the schema's.
 */
static int64_t
lock_key(int64_t id)
{
	uint64_t u = (uint64_t)id;

	if (id > 0 && id <= INT32_MAX)
		return id;
	u = (u ^ (u >> 31) ^ (u >> 62)) & INT32_MAX;
	return u == 0 ? 1 : (int64_t)u;
}

static enum assure_err
pg_lock_org(struct pg_impl *impl, struct assure_diag *d)
{
	struct store_val p[1];

	if (impl->org_id == 0)
		return assure_diag_set(d, ASSURE_ERR_INVAL, impl->where, 0, 0,
		    "org", "the ledger: no organisation is selected on this "
		    "connection (org_use first)");
	p[0] = STORE_INTV(lock_key(impl->org_id));
	/* Until the transaction ends: COMMIT or ROLLBACK releases it. */
	return pg_query(impl, "SELECT pg_advisory_xact_lock(" PG_LOCK_CLASS
	    ", $1::int4)", p, 1, NULL, NULL, d);
}

static enum assure_err
pg_lock_schema(struct store *s, bool lock, struct assure_diag *d)
{
	/* Session-level: migrations commit one by one under it. */
	return pg_query(s->impl, lock ? "SELECT pg_advisory_lock("
	    PG_LOCK_CLASS ", 0)" : "SELECT pg_advisory_unlock(" PG_LOCK_CLASS
	    ", 0)", NULL, 0, NULL, NULL, d);
}

struct role_info {
	char	*role;
	size_t	 size;
	bool	 bypass;
};

static enum assure_err
role_row(const struct store_val *cols, int ncols, void *arg)
{
	struct role_info *ri = arg;

	if (ncols < 3)
		return ASSURE_OK;
	if (cols[0].type == STORE_TEXT && ri->size > 0)
		assure_strlcpy(ri->role, cols[0].s, ri->size);
	ri->bypass = (cols[1].type == STORE_INT && cols[1].i != 0) ||
	    (cols[2].type == STORE_INT && cols[2].i != 0);
	return ASSURE_OK;
}

enum assure_err
store_pg_role_info(struct store *s, bool *ret_bypasses_rls, char *role,
    size_t size, struct assure_diag *d)
{
	struct role_info ri = { role, size, false };
	enum assure_err rc;

	if (s == NULL || s->ops != &store_postgres_ops)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, NULL,
		    "not a PostgreSQL store");
	if (size > 0)
		role[0] = '\0';
	rc = pg_query(s->impl, "SELECT rolname, rolsuper, rolbypassrls "
	    "FROM pg_roles WHERE rolname = current_user", NULL, 0, role_row,
	    &ri, d);
	if (rc != ASSURE_OK)
		return rc;
	*ret_bypasses_rls = ri.bypass;
	return ASSURE_OK;
}

/*
 * The evidence bytes of hex from fd, 1 MiB a row (schema 0016): never
 * more than a chunk in memory.  A file of no bytes has one empty chunk,
 * so that its bytes are found.
 */
static enum assure_err
pg_blob_put(struct store *s, const char *hex, int fd, struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	struct store_val p[3];
	unsigned char *buf;
	enum assure_err rc = ASSURE_OK;
	off_t off = 0;
	int64_t seq = 0;
	size_t have;
	ssize_t n;

	if ((buf = malloc(PG_BLOB_CHUNK)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, impl->where, 0, 0,
		    NULL, "out of memory");
	for (;;) {
		have = 0;
		while (have < PG_BLOB_CHUNK) {
			n = pread(fd, buf + have, PG_BLOB_CHUNK - have, off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = assure_diag_set(d, ASSURE_ERR_IO, NULL, 0,
				    0, NULL, "cannot read the evidence copy: "
				    "%s", strerror(errno));
				goto out;
			}
			if (n == 0)
				break;
			have += (size_t)n;
			off += n;
		}
		if (have == 0 && seq > 0)
			break;
		p[0] = STORE_TEXTV(hex);
		p[1] = STORE_INTV(seq);
		p[2] = (struct store_val){ .type = STORE_BLOB,
		    .s = (const char *)buf, .n = have };
		rc = pg_query(impl, "INSERT INTO evidence_blob (sha256, seq, "
		    "bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", p, 3,
		    NULL, NULL, d);
		if (rc != ASSURE_OK || have < PG_BLOB_CHUNK)
			break;
		seq++;
	}
out:
	free(buf);
	return rc;
}

struct blob_read {
	enum assure_err	(*fn)(const void *, size_t, void *);
	void		*arg;
	bool		 found;
};

static enum assure_err
blob_row(const struct store_val *cols, int ncols, void *arg)
{
	struct blob_read *b = arg;

	if (ncols < 1 || cols[0].type != STORE_BLOB)
		return ASSURE_ERR_DB;
	b->found = true;
	return cols[0].n > 0 ? b->fn(cols[0].s, cols[0].n, b->arg) : ASSURE_OK;
}

/* The chunks in order, one row in memory at a time. */
static enum assure_err
pg_blob_read(struct store *s, const char *hex,
    enum assure_err (*fn)(const void *, size_t, void *), void *arg,
    struct assure_diag *d)
{
	struct pg_impl *impl = s->impl;
	struct blob_read b = { fn, arg, false };
	struct store_val p[1];
	enum assure_err rc;

	p[0] = STORE_TEXTV(hex);
	rc = pg_query(impl, "SELECT bytes FROM evidence_blob WHERE sha256 = "
	    "$1 ORDER BY seq", p, 1, blob_row, &b, d);
	if (rc == ASSURE_OK && !b.found)
		rc = assure_diag_set(d, ASSURE_ERR_NOTFOUND, impl->where, 0, 0,
		    NULL, "no evidence bytes for sha256:%s", hex);
	return rc;
}

static enum assure_err
pg_flush_op(struct store *s, struct assure_diag *d)
{
	return pg_flush(s->impl, d);
}

const struct store_ops store_postgres_ops = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.exec_script = pg_exec_script,
	.migrations = migrations_postgres,
	.org_use = pg_org_use,
	.org_create = pg_org_create,
	.org_list = pg_org_list,
	/* pg_begin() already holds the organisation's lock. */
	.lock_ledger = NULL,
	.lock_schema = pg_lock_schema,
	.blob_put = pg_blob_put,
	.blob_read = pg_blob_read,
	.flush = pg_flush_op,
};
