/*
 * approval.c: recording a policy approval with its ledger entry (see
 * approval.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "policy/approval.h"

void
policy_approval_encode(struct assure_buf *b, const struct policy_approval *a)
{
	struct ledger_policy_approval la;

	la.policy_id = a->policy_id;
	la.version = a->version;
	la.body_sha256 = a->body_sha256;
	la.approved_by = a->approved_by;
	la.approved_at = a->approved_at;
	ledger_encode_policy_approval(b, &la);
}

enum assure_err
policy_approve(struct workspace *ws, const struct policy *p, const char *by,
    int64_t at, struct assure_diag *d)
{
	struct policy_approval a;
	struct assure_buf entry;
	struct store_val v[5];
	char ref[300];
	enum assure_err rc;

	a.policy_id = p->id;
	a.version = p->version;
	assure_hex(p->body_sha256, sizeof(p->body_sha256), a.body_sha256);
	a.approved_by = by;
	a.approved_at = at;
	snprintf(ref, sizeof(ref), "%s@%s", p->id, a.body_sha256);
	rc = store_begin(ws->store, d);
	if (rc != ASSURE_OK)
		return rc;
	v[0] = STORE_TEXTV(a.policy_id);
	v[1] = STORE_TEXTV(a.version);
	v[2] = STORE_TEXTV(a.body_sha256);
	v[3] = STORE_TEXTV(by);
	v[4] = STORE_INTV(at);
	rc = store_exec(ws->store, STMT_POLICY_APPROVAL_INSERT, v, 5, NULL,
	    NULL, d);
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	policy_approval_encode(&entry, &a);
	if (rc == ASSURE_OK)
		rc = assure_buf_err(&entry);
	if (rc == ASSURE_OK)
		rc = ledger_append(ws->ledger, "policy-approval", ref,
		    entry.data, entry.len, at, NULL, d);
	assure_buf_free(&entry);
	if (rc == ASSURE_OK)
		rc = ledger_checkpoint(ws->ledger, at, NULL, d);
	if (rc == ASSURE_OK)
		rc = store_commit(ws->store, d);
	if (rc != ASSURE_OK)
		store_rollback(ws->store);
	return rc;
}

static enum assure_err
approval_cb(const struct store_val *c, int n, void *arg)
{
	struct policy_approvals *a = arg;
	struct policy_approval_row *nv;
	size_t cap;

	if (n < 5 || c[0].type != STORE_TEXT || c[2].type != STORE_TEXT ||
	    c[3].type != STORE_TEXT || c[4].type != STORE_INT)
		return ASSURE_ERR_DB;
	if (c[4].i > a->as_of)
		return ASSURE_OK;	/* not yet made at the instant */
	if (a->n == a->cap) {
		if (a->n >= POLICY_APPROVALS_MAX)
			return ASSURE_ERR_LIMIT;
		cap = a->cap == 0 ? 32 : a->cap * 2;
		nv = reallocarray(a->v, cap, sizeof(*nv));
		if (nv == NULL)
			return ASSURE_ERR_NOMEM;
		a->v = nv;
		a->cap = cap;
	}
	assure_strlcpy(a->v[a->n].id, c[0].s, sizeof(a->v[0].id));
	assure_strlcpy(a->v[a->n].sha, c[2].s, sizeof(a->v[0].sha));
	assure_strlcpy(a->v[a->n].by, c[3].s, sizeof(a->v[0].by));
	a->v[a->n++].at = c[4].i;
	return ASSURE_OK;
}

const struct policy_approval_row *
policy_approvals_newest(const struct policy_approvals *a, const char *id,
    const char *sha)
{
	const struct policy_approval_row *best = NULL;
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].id, id) == 0 && (sha == NULL ||
		    strcmp(a->v[i].sha, sha) == 0) && (best == NULL ||
		    a->v[i].at >= best->at))
			best = &a->v[i];
	return best;
}

enum assure_err
policy_approvals_load(struct store *s, int64_t as_of,
    struct policy_approvals *ret, struct assure_diag *d)
{
	memset(ret, 0, sizeof(*ret));
	ret->as_of = as_of;
	return store_exec(s, STMT_POLICY_APPROVALS, NULL, 0, approval_cb, ret,
	    d);
}

void
policy_approvals_release(struct policy_approvals *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}
