/*
 * stmt_postgres.c: the text of every statement, in PostgreSQL's dialect.
 *
 * The statements are kept once, in SQLite's dialect (stmt_sqlite.c),
 * written to what PostgreSQL also understands; this file translates their
 * placeholders and overrides the few texts where the dialects really
 * differ.  A copy of every text would drift from its twin unseen; an
 * override is a deliberate difference, with its reason beside it.
 *
 * Organisations are invisible here: inserts take org_id from the
 * column's default and row-level security limits every read and write to
 * the organisation the backend chose (schema/postgres/0001_spine.sql).
 *
 * Other things that need no override, checked once:
 *  - lower() on a COLLATE "C" column lowers ASCII letters only, as
 *    SQLite's does;
 *  - every ORDER BY is on NOT NULL columns (or coalesce()s them), so
 *    PostgreSQL's NULLS LAST for ascending order never shows;
 *  - count(*), max() and the like of bigint columns are bigint; a bare
 *    "SELECT 1" is an integer the backend reads as any other.
 */
#include "common/compat.h"

#include "store/store.h"
#include "store/stmt.h"

/* SQLite's largest placeholder number (SQLITE_MAX_VARIABLE_NUMBER). */
#define SQLITE_PARAM_MAX	32766

static const char *const overrides[STMT__MAX] = {
	/*
	 * substring() of bytea takes integer positions; the cast keeps the
	 * statement valid whether the backend leaves the parameter's type
	 * to PostgreSQL or declares every integer int8 (which has no
	 * implicit cast to integer).
	 */
	[STMT_LEDGER_NODE_GET] =
	    "SELECT substring(nodes from $1::integer for 32) FROM ledger_entry "
	    "WHERE idx = $2",
	/*
	 * ON CONFLICT's target must be the columns of a unique index, and
	 * every key here begins with org_id.  Naming the whole key keeps
	 * SQLite's meaning: only a duplicate checkpoint (or time-stamp) is
	 * ignored, any other violation still fails.
	 */
	[STMT_LEDGER_CHECKPOINT_INSERT] =
	    "INSERT INTO ledger_checkpoint (tree_size, root, note, created_at) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, tree_size) DO NOTHING",
	[STMT_LEDGER_TIMESTAMP_INSERT] =
	    "INSERT INTO ledger_timestamp (tree_size, tsa_url, token, gen_time, "
	    "created_at) VALUES ($1, $2, $3, $4, $5) "
	    "ON CONFLICT (org_id, tree_size, tsa_url) DO NOTHING",
	/* The same: collect_validator's key is (org_id, url). */
	[STMT_VALIDATOR_PUT] =
	    "INSERT INTO collect_validator (url, etag, last_modified, sha256, "
	    "kind, link_next, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
	    "ON CONFLICT (org_id, url) DO UPDATE SET etag = excluded.etag, "
	    "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
	    "kind = excluded.kind, link_next = excluded.link_next, "
	    "updated_at = excluded.updated_at",
};

char *
stmt_postgres_sql(enum store_stmt stmt)
{
	if ((unsigned)stmt >= STMT__MAX)
		assure_bug("statement %d out of range", (int)stmt);
	if (overrides[stmt] != NULL)
		return strdup(overrides[stmt]);
	if (stmt_sqlite[stmt] == NULL)
		assure_bug("statement %d has no text", (int)stmt);
	return stmt_postgres_translate(stmt_sqlite[stmt]);
}

/*
 * SQLite numbers "?NNN" NNN and a bare "?" one more than the largest
 * number given so far (so "?2, ?" is $2, $3 and "?, ?1" is $1, $1).
 * Quoted text and comments are copied as they are: a '?' in a literal is
 * a question mark, not a parameter.
 */
char *
stmt_postgres_translate(const char *sqlite_sql)
{
	const char *p;
	char *out, *o;
	size_t nq = 0, cap;
	long largest = 0;

	for (p = sqlite_sql; *p != '\0'; p++)
		if (*p == '?')
			nq++;
	/* "?" becomes at most "$32766"; "?NNN" never grows. */
	cap = strlen(sqlite_sql) + nq * 5 + 1;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	o = out;
	p = sqlite_sql;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			/* A doubled quote inside ends and restarts it. */
			char q = *p;

			*o++ = *p++;
			while (*p != '\0' && *p != q)
				*o++ = *p++;
			if (*p != '\0')
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			*o++ = *p++;
			*o++ = *p++;
			while (*p != '\0' && !(p[0] == '*' && p[1] == '/'))
				*o++ = *p++;
			if (*p != '\0') {
				*o++ = *p++;
				*o++ = *p++;
			}
		} else if (*p == '?') {
			long n;
			int w;

			p++;
			if (*p >= '0' && *p <= '9') {
				n = 0;
				while (*p >= '0' && *p <= '9') {
					if (n <= SQLITE_PARAM_MAX)
						n = n * 10 + (*p - '0');
					p++;
				}
				if (n < 1 || n > SQLITE_PARAM_MAX)
					goto bad;
				if (n > largest)
					largest = n;
			} else {
				if (largest == SQLITE_PARAM_MAX)
					goto bad;
				n = ++largest;
			}
			w = snprintf(o, cap - (size_t)(o - out), "$%ld", n);
			if (w < 0 || (size_t)w >= cap - (size_t)(o - out))
				assure_bug("placeholder buffer too small");
			o += w;
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}
