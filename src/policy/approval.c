/*
 * approval.c: recording a policy approval with its ledger entry (see
 * approval.h).
 */
#include "common/compat.h"

#include <stdio.h>
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
