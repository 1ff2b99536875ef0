-- 0010_people: people evidence (SOC 2 CC1.4): security-training
-- completions and background checks.  Like changes, they are events:
-- the record of a period is the union of every file.  person_norm is
-- the lower-cased e-mail, joined to person.email_norm.

CREATE TABLE training_completion (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	person		TEXT NOT NULL,		-- e-mail as given
	person_norm	TEXT NOT NULL,
	course		TEXT NOT NULL,
	completed_at	BIGINT NOT NULL,
	score		TEXT,			-- a number, as given
	passed		INTEGER,		-- 1, 0, NULL when not said
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX training_completion_person
    ON training_completion (person_norm);

CREATE TABLE background_check (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	person		TEXT NOT NULL,
	person_norm	TEXT NOT NULL,
	completed_at	BIGINT NOT NULL,
	result		TEXT NOT NULL,		-- clear|consider|adverse|...
	provider	TEXT,
	type		TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX background_check_person ON background_check (person_norm);
