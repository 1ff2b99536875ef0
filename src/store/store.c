/*
 * store.c: the backend-independent half of the store interface: choosing a
 * backend, transactions bookkeeping, and small conveniences on top of
 * exec (see store.h).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "store/migrate.h"
#include "store/store.h"

enum assure_err
store_open(const char *target, unsigned flags, struct store **ret_store,
    struct assure_diag *reterr_diag)
{
	struct store *s;
	enum assure_err rc;

	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, target,
		    0, 0, NULL, "out of memory opening the store");
	s->ops = store_target_is_postgres(target) ? &store_postgres_ops :
	    &store_sqlite_ops;
	s->flags = flags;
	rc = s->ops->open(s, target, flags, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	if (!(flags & STORE_READONLY)) {
		rc = store_migrate(s, reterr_diag);
		if (rc != ASSURE_OK)
			goto out_close;
	}
	*ret_store = s;
	return ASSURE_OK;

out_close:
	s->ops->close(s);
out_free:
	free(s);
	return rc;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->in_tx)
		store_rollback(s);
	s->ops->close(s);
	free(s);
}

void
store_fault_inject(struct store *s, uint64_t nth, enum assure_err err)
{
	s->fault_at = nth == 0 ? 0 : s->calls + nth;
	s->fault_nth = nth;
	s->fault_err = err;
}

uint64_t
store_calls(const struct store *s)
{
	return s->calls;
}

bool
store_fault_pending(const struct store *s)
{
	return s->fault_at != 0;
}

/* Count a call; true (d filled) when it is the one to fail. */
static bool
fault_hit(struct store *s, struct assure_diag *d, enum assure_err *ret_rc)
{
	uint64_t n;

	s->calls++;
	if (s->fault_at == 0 || s->calls != s->fault_at)
		return false;
	n = s->fault_nth;
	s->fault_at = 0;
	*ret_rc = assure_diag_set(d, s->fault_err, NULL, 0, 0, NULL,
	    "injected fault at store call %llu", (unsigned long long)n);
	return true;
}

enum assure_err
store_exec(struct store *s, enum store_stmt stmt,
    const struct store_val *params, int nparams, store_row_fn fn, void *arg,
    struct assure_diag *reterr_diag)
{
	enum assure_err rc;

	if ((unsigned)stmt >= STMT__MAX || nparams > STORE_PARAMS_MAX)
		assure_bug("store_exec: bad statement %d or %d parameters",
		    (int)stmt, nparams);
	if (fault_hit(s, reterr_diag, &rc))
		return rc;
	return s->ops->exec(s, stmt, params, nparams, fn, arg, reterr_diag);
}

struct int_result {
	int64_t	v;
	bool	found;
};

static enum assure_err
int_row(const struct store_val *cols, int ncols, void *arg)
{
	struct int_result *r = arg;

	if (!r->found && ncols > 0 && cols[0].type == STORE_INT) {
		r->v = cols[0].i;
		r->found = true;
	}
	return ASSURE_OK;
}

enum assure_err
store_exec_int(struct store *s, enum store_stmt stmt,
    const struct store_val *params, int nparams, int64_t *ret,
    bool *ret_found, struct assure_diag *reterr_diag)
{
	struct int_result r = { 0, false };
	enum assure_err rc;

	rc = store_exec(s, stmt, params, nparams, int_row, &r, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (r.found)
		*ret = r.v;
	if (ret_found != NULL)
		*ret_found = r.found;
	return ASSURE_OK;
}

enum assure_err
store_begin(struct store *s, struct assure_diag *d)
{
	enum assure_err rc;

	if (s->in_tx)
		assure_bug("store_begin: transaction already open");
	if (fault_hit(s, d, &rc))
		return rc;
	rc = s->ops->begin(s, d);
	if (rc == ASSURE_OK) {
		s->in_tx = true;
		s->tx_seq++;
	}
	return rc;
}

enum assure_err
store_commit(struct store *s, struct assure_diag *d)
{
	enum assure_err rc;

	if (!s->in_tx)
		assure_bug("store_commit: no transaction open");
	s->batch = false;
	if (fault_hit(s, d, &rc)) {
		store_rollback(s);
		return rc;
	}
	rc = s->ops->commit(s, d);
	if (rc != ASSURE_OK) {
		store_rollback(s);
		return rc;
	}
	s->in_tx = false;
	return ASSURE_OK;
}

void
store_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	s->batch = false;
	s->ops->rollback(s);
	s->in_tx = false;
}

enum assure_err
store_schema_version(struct store *s, int64_t *ret_have, int64_t *ret_want,
    struct assure_diag *d)
{
	const struct migration *m;
	int64_t have = 0, want = 0;
	enum assure_err rc;

	for (m = s->ops->migrations; m->name != NULL; m++)
		if (m->version > want)
			want = m->version;
	rc = store_exec_int(s, STMT_MIGRATION_VERSION, NULL, 0, &have, NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	*ret_have = have;
	*ret_want = want;
	return ASSURE_OK;
}

bool
store_target_is_postgres(const char *target)
{
	return target != NULL && (strncasecmp(target, "postgres://", 11) == 0 ||
	    strncasecmp(target, "postgresql://", 13) == 0);
}

bool
store_org_name_ok(const char *name)
{
	size_t i, n;

	if (name == NULL || (n = strlen(name)) == 0 || n >= STORE_ORG_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return true;
}

static enum assure_err
bad_org_name(const char *name, struct assure_diag *d)
{
	return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, "org",
	    "'%s' is not an organisation name: 1 to %d letters, digits, "
	    "'.', '_' or '-', a letter or digit first", name != NULL ? name :
	    "", STORE_ORG_MAX - 1);
}

enum assure_err
store_org_use(struct store *s, const char *name, struct assure_diag *d)
{
	enum assure_err rc;

	if (!store_org_name_ok(name))
		return bad_org_name(name, d);
	if (s->ops->org_use != NULL &&
	    (rc = s->ops->org_use(s, name, d)) != ASSURE_OK)
		return rc;
	assure_strlcpy(s->org, name, sizeof(s->org));
	return ASSURE_OK;
}

enum assure_err
store_org_create(struct store *s, const char *name, int64_t now,
    struct assure_diag *d)
{
	if (!store_org_name_ok(name))
		return bad_org_name(name, d);
	if (s->ops->org_create == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, NULL,
		    "a %s store holds one organisation, the workspace's: "
		    "organisations need PostgreSQL (--db postgres://...)",
		    s->ops->name);
	return s->ops->org_create(s, name, now, d);
}

enum assure_err
store_org_list(struct store *s, store_row_fn fn, void *arg,
    struct assure_diag *d)
{
	if (s->ops->org_list == NULL)
		return ASSURE_OK;
	return s->ops->org_list(s, fn, arg, d);
}

bool
store_has_orgs(const struct store *s)
{
	return s->ops->org_use != NULL;
}

enum assure_err
store_lock_ledger(struct store *s, struct assure_diag *d)
{
	if (!s->in_tx)
		assure_bug("store_lock_ledger: no transaction open");
	if (s->ops->lock_ledger == NULL)
		return ASSURE_OK;
	return s->ops->lock_ledger(s, d);
}

void
store_target_display(const char *target, char *out, size_t size)
{
	const char *p, *at, *colon, *q, *end;
	struct assure_buf b;

	if (size == 0)
		return;
	assure_buf_init(&b, size > 1 ? size - 1 : 1);
	p = strstr(target, "://");
	if (p == NULL) {
		assure_strlcpy(out, target, size);
		return;
	}
	p += 3;
	/* The authority ends at the first '/', '?' or '#'. */
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	colon = at != NULL ? memchr(p, ':', (size_t)(at - p)) : NULL;
	if (colon != NULL) {
		assure_buf_add(&b, target, (size_t)(colon + 1 - target));
		assure_buf_adds(&b, "***");
		p = at;
	} else
		p = target;
	/* password=... in the query, up to the next '&' or '#'. */
	while ((q = strstr(p, "password=")) != NULL) {
		if (q != p && q[-1] != '?' && q[-1] != '&') {
			assure_buf_add(&b, p, (size_t)(q + 9 - p));
			p = q + 9;
			continue;
		}
		assure_buf_add(&b, p, (size_t)(q + 9 - p));
		assure_buf_adds(&b, "***");
		p = q + 9 + strcspn(q + 9, "&#");
	}
	assure_buf_adds(&b, p);
	if (assure_buf_err(&b) != ASSURE_OK)
		assure_strlcpy(out, "(a database URI too long to show)", size);
	else
		assure_strlcpy(out, assure_buf_str(&b), size);
	assure_buf_free(&b);
}

bool
store_keeps_blobs(const struct store *s)
{
	return s->ops->blob_put != NULL;
}

enum assure_err
store_blob_put(struct store *s, const char *hex, int fd,
    struct assure_diag *d)
{
	enum assure_err rc;

	if (!s->in_tx)
		assure_bug("store_blob_put: no transaction open");
	if (s->ops->blob_put == NULL)
		assure_bug("store_blob_put: the %s store keeps no bytes",
		    s->ops->name);
	if (fault_hit(s, d, &rc))
		return rc;
	return s->ops->blob_put(s, hex, fd, d);
}

enum assure_err
store_blob_read(struct store *s, const char *hex,
    enum assure_err (*fn)(const void *chunk, size_t len, void *arg),
    void *arg, struct assure_diag *d)
{
	if (s->ops->blob_read == NULL)
		assure_bug("store_blob_read: the %s store keeps no bytes",
		    s->ops->name);
	return s->ops->blob_read(s, hex, fn, arg, d);
}

enum assure_err
store_batch(struct store *s, bool on, struct assure_diag *d)
{
	enum assure_err rc;

	if (!s->in_tx)
		assure_bug("store_batch: no transaction open");
	if (fault_hit(s, d, &rc))
		return rc;
	s->batch = on;
	if (!on && s->ops->flush != NULL)
		return s->ops->flush(s, d);
	return ASSURE_OK;
}
