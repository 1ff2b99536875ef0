-- 0012_policy_ack: policy acknowledgements (SOC 2 CC1.1, CC2.2): who
-- acknowledged which version of which policy, and when.  Events, like
-- training completions: the record of a period is the union of every
-- file.  person_norm is the lower-cased e-mail, joined to
-- person.email_norm; policy is the id of policies/<name>.md.

CREATE TABLE policy_acknowledgement (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	person		TEXT NOT NULL,		-- e-mail as given
	person_norm	TEXT NOT NULL,
	policy		TEXT NOT NULL,
	version		TEXT NOT NULL,
	acknowledged_at	BIGINT NOT NULL,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX policy_acknowledgement_person
    ON policy_acknowledgement (person_norm, policy);
