-- 0013_evidence_control: manual evidence filed against a control (board
-- minutes, a signed review, a DR test report: `assure ingest --control
-- ID`).  Each link is an occurrence of the control at the evidence's
-- instant, for the Type 2 report; each is logged in the ledger
-- ("evidence-control"), so a link cannot be added or removed unseen.
--
-- PostgreSQL's dialect of schema/sqlite/0013_evidence_control.sql:
-- every table is an organisation's (org_id first in every key, row-level
-- security; see 0001_spine.sql).

CREATE TABLE evidence_control (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	control_id	text COLLATE "C" NOT NULL,
	linked_at	bigint NOT NULL,
	linked_by	text COLLATE "C" NOT NULL,	-- the collector named
	PRIMARY KEY (org_id, evidence_id, control_id),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX evidence_control_control ON evidence_control (org_id, control_id);
ALTER TABLE evidence_control ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_control FORCE ROW LEVEL SECURITY;
CREATE POLICY evidence_control_org ON evidence_control
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
