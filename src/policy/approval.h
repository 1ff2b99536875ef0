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

/* Approvals as recorded, for reading back. */
struct policy_approval_row {
	char	id[128];
	char	sha[ASSURE_SHA256_HEXLEN + 1];	/* of the body approved */
	char	by[128];
	int64_t	at;
};

#define POLICY_APPROVALS_MAX	100000

struct policy_approvals {
	struct policy_approval_row	*v;
	size_t				 n, cap;
	int64_t				 as_of;
};

/*
 * Every approval made by as_of (INT64_MAX: all), by policy and time, into
 * *ret; release with policy_approvals_release() whatever the outcome.
 */
enum assure_err policy_approvals_load(struct store *s, int64_t as_of,
    struct policy_approvals *ret, struct assure_diag *reterr_diag);
void policy_approvals_release(struct policy_approvals *a);

/* The newest approval of id (of the text with this digest, when given). */
const struct policy_approval_row *policy_approvals_newest(
    const struct policy_approvals *a, const char *id, const char *sha);

/* The canonical ledger entry of an approval. */
void policy_approval_encode(struct assure_buf *b,
    const struct policy_approval *a);

/* Record the approval of p's current text by by at at. */
enum assure_err policy_approve(struct workspace *ws, const struct policy *p,
    const char *by, int64_t at, struct assure_diag *reterr_diag);

#endif
