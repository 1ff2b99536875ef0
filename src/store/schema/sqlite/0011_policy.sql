-- 0011_policy: approvals of policies.  Each names the exact text
-- approved (the SHA-256 of the policy's body), so that an edit without a
-- new approval is visible; each is also a ledger entry
-- ("policy-approval"), appended in the same transaction.

CREATE TABLE policy_approval (
	policy_id	TEXT NOT NULL,
	seq		BIGINT NOT NULL,
	version		TEXT NOT NULL,
	body_sha256	TEXT NOT NULL,
	approved_by	TEXT NOT NULL,
	approved_at	BIGINT NOT NULL,
	PRIMARY KEY (policy_id, seq)
);
