-- 0010_people: people evidence (SOC 2 CC1.4): security-training
-- completions and background checks.  Like changes, they are events:
-- the record of a period is the union of every file.  person_norm is
-- the lower-cased e-mail, joined to person.email_norm.
--
-- PostgreSQL's dialect of schema/sqlite/0010_people.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE training_completion (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	person		text COLLATE "C" NOT NULL,	-- e-mail as given
	person_norm	text COLLATE "C" NOT NULL,
	course		text COLLATE "C" NOT NULL,
	completed_at	bigint NOT NULL,
	score		text COLLATE "C",	-- a number, as given
	passed		bigint,			-- 1, 0, NULL when not said
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX training_completion_person
    ON training_completion (org_id, person_norm);
ALTER TABLE training_completion ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_completion FORCE ROW LEVEL SECURITY;
CREATE POLICY training_completion_org ON training_completion
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

CREATE TABLE background_check (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	person		text COLLATE "C" NOT NULL,
	person_norm	text COLLATE "C" NOT NULL,
	completed_at	bigint NOT NULL,
	-- clear|consider|adverse|...
	result		text COLLATE "C" NOT NULL,
	provider	text COLLATE "C",
	type		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX background_check_person ON background_check (org_id, person_norm);
ALTER TABLE background_check ENABLE ROW LEVEL SECURITY;
ALTER TABLE background_check FORCE ROW LEVEL SECURITY;
CREATE POLICY background_check_org ON background_check
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
