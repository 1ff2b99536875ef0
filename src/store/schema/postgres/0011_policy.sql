-- 0011_policy: approvals of policies.  Each names the exact text
-- approved (the SHA-256 of the policy's body), so that an edit without a
-- new approval is visible; each is also a ledger entry
-- ("policy-approval"), appended in the same transaction.
--
-- PostgreSQL's dialect of schema/sqlite/0011_policy.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE policy_approval (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	policy_id	text COLLATE "C" NOT NULL,
	seq		bigint NOT NULL,
	version		text COLLATE "C" NOT NULL,
	body_sha256	text COLLATE "C" NOT NULL,
	approved_by	text COLLATE "C" NOT NULL,
	approved_at	bigint NOT NULL,
	PRIMARY KEY (org_id, policy_id, seq)
);
ALTER TABLE policy_approval ENABLE ROW LEVEL SECURITY;
ALTER TABLE policy_approval FORCE ROW LEVEL SECURITY;
CREATE POLICY policy_approval_org ON policy_approval
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
