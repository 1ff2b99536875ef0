-- 0001_spine: evidence, the credential report population, evaluations.
--
-- Instants are BIGINT seconds since the Unix epoch, UTC.  Booleans that a
-- vendor may leave absent are INTEGER 0/1 with NULL for absence: absent is
-- never false.  Types are kept to those PostgreSQL also has.

CREATE TABLE schema_migration (
	version		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	applied_at	BIGINT NOT NULL
);

-- One row per distinct evidence file, identified by the SHA-256 of its
-- bytes as received.  The bytes live in .assure/evidence/ by hash.
CREATE TABLE evidence (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL UNIQUE,
	kind		TEXT NOT NULL,
	size		BIGINT NOT NULL,
	source_name	TEXT NOT NULL,
	collected_at	BIGINT NOT NULL,
	as_of		BIGINT NOT NULL,
	as_of_origin	TEXT NOT NULL CHECK (as_of_origin IN
			    ('given', 'file', 'collected')),
	period_start	BIGINT,
	period_end	BIGINT,
	collector	TEXT NOT NULL,
	records		BIGINT NOT NULL DEFAULT 0,
	CHECK ((period_start IS NULL) = (period_end IS NULL)),
	CHECK (period_start IS NULL OR period_start <= period_end)
);
CREATE INDEX evidence_kind_as_of ON evidence (kind, as_of);

-- aws-iam-credential-report: one row per line of the report.
CREATE TABLE iam_credential (
	evidence_id		BIGINT NOT NULL REFERENCES evidence (id),
	row_index		BIGINT NOT NULL,
	line			BIGINT NOT NULL,
	aws_partition		TEXT NOT NULL,
	account_id		TEXT NOT NULL,
	user_name		TEXT NOT NULL,
	arn			TEXT NOT NULL,
	is_root			INTEGER NOT NULL,
	user_creation_time	BIGINT,
	password_enabled	INTEGER,
	password_last_used	BIGINT,
	password_last_changed	BIGINT,
	password_next_rotation	BIGINT,
	mfa_active		INTEGER,
	key1_active		INTEGER,
	key1_last_rotated	BIGINT,
	key1_last_used		BIGINT,
	key1_last_used_region	TEXT,
	key1_last_used_service	TEXT,
	key2_active		INTEGER,
	key2_last_rotated	BIGINT,
	key2_last_used		BIGINT,
	key2_last_used_region	TEXT,
	key2_last_used_service	TEXT,
	cert1_active		INTEGER,
	cert1_last_rotated	BIGINT,
	cert2_active		INTEGER,
	cert2_last_rotated	BIGINT,
	PRIMARY KEY (evidence_id, row_index)
);

-- One row per credential report: the AWS account it is of (a report covers
-- exactly one account).  Tests find the newest report per account here
-- instead of scanning every row of every report.
CREATE TABLE cred_report (
	evidence_id		BIGINT PRIMARY KEY REFERENCES evidence (id),
	aws_partition		TEXT NOT NULL,
	account_id		TEXT NOT NULL
);
CREATE INDEX cred_report_account ON cred_report (account_id);

-- One run of the tests as of an instant.
CREATE TABLE evaluation (
	id		TEXT PRIMARY KEY,
	seq		BIGINT NOT NULL UNIQUE,	-- recording order
	as_of		BIGINT NOT NULL,
	started_at	BIGINT NOT NULL,
	assure_version	TEXT NOT NULL
);
CREATE INDEX evaluation_as_of ON evaluation (as_of);

CREATE TABLE evaluation_result (
	evaluation_id	TEXT NOT NULL REFERENCES evaluation (id),
	seq		INTEGER NOT NULL,
	test_id		TEXT NOT NULL,
	verdict		TEXT NOT NULL CHECK (verdict IN
			    ('pass', 'fail', 'no_evidence', 'error')),
	population	BIGINT NOT NULL,
	reason		TEXT,
	criteria	TEXT NOT NULL,
	PRIMARY KEY (evaluation_id, test_id)
);

CREATE TABLE evaluation_exception (
	evaluation_id	TEXT NOT NULL,
	test_id		TEXT NOT NULL,
	seq		INTEGER NOT NULL,
	subject		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	PRIMARY KEY (evaluation_id, test_id, seq),
	FOREIGN KEY (evaluation_id, test_id)
	    REFERENCES evaluation_result (evaluation_id, test_id)
);

CREATE TABLE evaluation_evidence (
	evaluation_id	TEXT NOT NULL,
	test_id		TEXT NOT NULL,
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	PRIMARY KEY (evaluation_id, test_id, evidence_id),
	FOREIGN KEY (evaluation_id, test_id)
	    REFERENCES evaluation_result (evaluation_id, test_id)
);
