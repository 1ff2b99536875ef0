-- 0013_evidence_control: manual evidence filed against a control (board
-- minutes, a signed review, a DR test report: `assure ingest --control
-- ID`).  Each link is an occurrence of the control at the evidence's
-- instant, for the Type 2 report; each is logged in the ledger
-- ("evidence-control"), so a link cannot be added or removed unseen.

CREATE TABLE evidence_control (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	control_id	TEXT NOT NULL,
	linked_at	BIGINT NOT NULL,
	linked_by	TEXT NOT NULL,		-- the collector named
	PRIMARY KEY (evidence_id, control_id)
);
CREATE INDEX evidence_control_control ON evidence_control (control_id);
