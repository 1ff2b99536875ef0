/*
 * migrate.h: forward-only numbered schema migrations.
 *
 * Each backend has a table of migrations generated from its
 * schema/<backend>/NNNN_name.sql files at build time.  store_migrate()
 * applies, each in its own transaction, every migration newer than the
 * database's recorded version, and refuses a database newer than this
 * build.
 */
#ifndef ASSURE_STORE_MIGRATE_H
#define ASSURE_STORE_MIGRATE_H

#include "common/compat.h"
#include "common/err.h"

struct migration {
	int		 version;
	const char	*name;
	const char	*sql;
};

/* The generated tables, terminated by an entry with name NULL. */
extern const struct migration migrations_sqlite[];
extern const struct migration migrations_postgres[];

struct store;

enum assure_err store_migrate(struct store *s, struct assure_diag *reterr_diag);

#endif
