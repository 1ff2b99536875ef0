/*
 * approval.h: approving a policy's current text.  An approval names the
 * policy, its version, the SHA-256 of its body (the text after the front
 * matter), who approved and when; it is stored and appended to the
 * ledger ("policy-approval", ref "ID@HEX") in one transaction, so that an
 * edit without a new approval is visible to policy.approved and to an
 * auditor reading the ledger.
 */
#ifndef ASSURE_POLICY_APPROVAL_H
#define ASSURE_POLICY_APPROVAL_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

struct policy_approval {
	const char	*policy_id;
	const char	*version;
	char		 body_sha256[ASSURE_SHA256_HEXLEN + 1];
	const char	*approved_by;
	int64_t		 approved_at;
};

/* The canonical ledger entry of an approval. */
void policy_approval_encode(struct assure_buf *b,
    const struct policy_approval *a);

/* Record the approval of p's current text by by at at. */
enum assure_err policy_approve(struct workspace *ws, const struct policy *p,
    const char *by, int64_t at, struct assure_diag *reterr_diag);

#endif
