-- 0007_observation: the same evidence seen again at a later instant.
--
-- A snapshot that has not changed (a branch's protection, a roster
-- nobody edited) comes back as the very same bytes.  They are stored
-- once, under their digest; each later collection of them is an
-- observation: the evidence stands as of that instant too, so it is not
-- stale.  Every observation is also a ledger entry
-- ("evidence-observation"), appended in the same transaction.
--
-- PostgreSQL's dialect of schema/sqlite/0007_observation.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE evidence_observation (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	as_of		bigint NOT NULL,
	collected_at	bigint NOT NULL,
	collector	text COLLATE "C" NOT NULL,
	PRIMARY KEY (org_id, evidence_id, as_of),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
ALTER TABLE evidence_observation ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_observation FORCE ROW LEVEL SECURITY;
CREATE POLICY evidence_observation_org ON evidence_observation
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- Every instant each evidence file speaks for: its own as-of, and each
-- observation's.  The populations read evidence through this view.
-- security_invoker (PostgreSQL 15): the tables' row-level security
-- applies as the querying role, as if the query named the tables (the
-- default, the view owner's rights, would also be bound by the FORCEd
-- policies, but should not have to be relied on).  The join is on org_id
-- too so that the view stays co-located if the tables are distributed.
CREATE VIEW evidence_seen WITH (security_invoker = true) AS
	SELECT org_id, id, sha256, kind, as_of FROM evidence
	UNION ALL
	SELECT e.org_id, e.id, e.sha256, e.kind, o.as_of
	FROM evidence_observation o JOIN evidence e
	    ON e.org_id = o.org_id AND e.id = o.evidence_id;
