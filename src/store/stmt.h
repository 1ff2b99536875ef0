/*
 * stmt.h: the per-backend statement tables, indexed by enum store_stmt.
 * Only backends include this.
 */
#ifndef ASSURE_STORE_STMT_H
#define ASSURE_STORE_STMT_H

#include "store/store.h"

extern const char *const stmt_sqlite[STMT__MAX];

/*
 * PostgreSQL's text of stmt (stmt_postgres.c): its override where the
 * dialects differ, else the SQLite text translated.  malloc'd; NULL when
 * out of memory.
 */
char *stmt_postgres_sql(enum store_stmt stmt);
/*
 * sqlite_sql with SQLite's placeholders ("?", "?NNN") turned into
 * PostgreSQL's ("$NNN"), numbered as SQLite numbers them, and the text of
 * string literals, quoted identifiers and comments left alone.  malloc'd;
 * NULL when out of memory or for a placeholder SQLite refuses (?0, or a
 * number above 32766).
 */
char *stmt_postgres_translate(const char *sqlite_sql);

#endif
