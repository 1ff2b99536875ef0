-- 0012_policy_ack: policy acknowledgements (SOC 2 CC1.1, CC2.2): who
-- acknowledged which version of which policy, and when.  Events, like
-- training completions: the record of a period is the union of every
-- file.  person_norm is the lower-cased e-mail, joined to
-- person.email_norm; policy is the id of policies/<name>.md.
--
-- PostgreSQL's dialect of schema/sqlite/0012_policy_ack.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE policy_acknowledgement (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	person		text COLLATE "C" NOT NULL,	-- e-mail as given
	person_norm	text COLLATE "C" NOT NULL,
	policy		text COLLATE "C" NOT NULL,
	version		text COLLATE "C" NOT NULL,
	acknowledged_at	bigint NOT NULL,
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX policy_acknowledgement_person
    ON policy_acknowledgement (org_id, person_norm, policy);
ALTER TABLE policy_acknowledgement ENABLE ROW LEVEL SECURITY;
ALTER TABLE policy_acknowledgement FORCE ROW LEVEL SECURITY;
CREATE POLICY policy_acknowledgement_org ON policy_acknowledgement
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
