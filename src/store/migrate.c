/*
 * migrate.c: apply the backend's numbered migrations forwards (see
 * migrate.h).  Each is applied once, recorded by number in
 * schema_migration.  Each migration runs in its own transaction together with the
 * row that records it, so a failed or interrupted migration leaves the
 * database at the previous version.
 */
#include "common/compat.h"

#include "common/timeutil.h"
#include "store/migrate.h"
#include "store/store.h"

static enum assure_err migrate(struct store *, struct assure_diag *);

enum assure_err
store_migrate(struct store *s, struct assure_diag *reterr_diag)
{
	enum assure_err rc;

	if (s->ops->lock_schema == NULL)
		return migrate(s, reterr_diag);
	if ((rc = s->ops->lock_schema(s, true, reterr_diag)) != ASSURE_OK)
		return rc;
	rc = migrate(s, reterr_diag);
	(void)s->ops->lock_schema(s, false, NULL);
	return rc;
}

static enum assure_err
migrate(struct store *s, struct assure_diag *reterr_diag)
{
	const struct migration *m;
	int64_t have = 0, newest = 0;
	bool exists = true;
	enum assure_err rc;
	struct store_val p[3];

	for (m = s->ops->migrations; m->name != NULL; m++) {
		if (m->version <= newest)
			assure_bug("migrations out of order at %d", m->version);
		newest = m->version;
	}
	/* A database that has never been migrated has no table yet. */
	rc = store_exec_int(s, STMT_MIGRATION_VERSION, NULL, 0, &have, NULL,
	    NULL);
	if (rc != ASSURE_OK) {
		exists = false;
		have = 0;
	}
	if (have > newest)
		return assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT, NULL,
		    0, 0, NULL, "the database is at schema version %lld, newer "
		    "than this assure knows (%lld): upgrade assure",
		    (long long)have, (long long)newest);
	for (m = s->ops->migrations; m->name != NULL; m++) {
		/* Each migration once, by number: one that arrives in a later
		 * build with a lower number than one applied still runs. */
		if (exists) {
			bool applied = false;
			int64_t one = 0;

			p[0] = STORE_INTV(m->version);
			rc = store_exec_int(s, STMT_MIGRATION_APPLIED, p, 1, &one,
			    &applied, reterr_diag);
			if (rc != ASSURE_OK)
				return rc;
			if (applied)
				continue;
		}
		rc = store_begin(s, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
		rc = s->ops->exec_script(s, m->sql, reterr_diag);
		if (rc != ASSURE_OK) {
			store_rollback(s);
			if (reterr_diag != NULL)
				assure_diag_set(reterr_diag, rc, NULL, 0, 0,
				    NULL, "migration %04d_%s: %s", m->version,
				    m->name, reterr_diag->msg);
			return rc;
		}
		p[0] = STORE_INTV(m->version);
		p[1] = STORE_TEXTV(m->name);
		p[2] = STORE_INTV(assure_now());
		rc = store_exec(s, STMT_MIGRATION_RECORD, p, 3, NULL, NULL,
		    reterr_diag);
		if (rc == ASSURE_OK)
			rc = store_commit(s, reterr_diag);
		else
			store_rollback(s);
		if (rc != ASSURE_OK)
			return rc;
		exists = true;
	}
	return ASSURE_OK;
}
