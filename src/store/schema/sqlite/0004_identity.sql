-- 0004_identity: people from HR and accounts from every identity system.
--
-- Every row belongs to the evidence (snapshot) it was parsed from; a
-- population as of an instant is the newest snapshot per system and tenant
-- not after it.  Values a vendor left absent are NULL, never false.

-- One row per person in an HR roster snapshot (hr-csv, bamboohr-report).
CREATE TABLE person (
	evidence_id		BIGINT NOT NULL REFERENCES evidence (id),
	row_index		BIGINT NOT NULL,
	line			BIGINT NOT NULL,
	employee_id		TEXT,
	email			TEXT,
	email_norm		TEXT,		-- lower-cased, for joins
	name			TEXT,
	status			TEXT,		-- active|terminated|on_leave|...
	hire_date		BIGINT,
	termination_date	BIGINT,		-- instant; NULL when none
	termination_date_only	INTEGER,	-- 1 when the source gave a date
	department		TEXT,
	title			TEXT,
	manager_email		TEXT,
	extra			TEXT,		-- other columns, as JSON
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX person_email ON person (email_norm);

-- One row per account (or per facet of an account: MFA factors, admin
-- roles) in a snapshot of one system.
CREATE TABLE account (
	evidence_id		BIGINT NOT NULL REFERENCES evidence (id),
	row_index		BIGINT NOT NULL,
	line			BIGINT NOT NULL,
	system			TEXT NOT NULL,	-- aws|okta|google|entra|github
	tenant			TEXT NOT NULL,	-- AWS account, Okta org, domain, ...
	account_id		TEXT NOT NULL,	-- the system's stable id
	login			TEXT,
	email			TEXT,
	email_norm		TEXT,
	display_name		TEXT,
	kind			TEXT,		-- human|service, NULL when unknown
	is_admin		INTEGER,	-- NULL when this export cannot say
	mfa			TEXT CHECK (mfa IS NULL OR mfa IN
				    ('enrolled', 'not_enrolled', 'unknown')),
	status			TEXT,		-- the system's own word
	active			INTEGER,	-- 1 can sign in, 0 cannot
	created			BIGINT,
	last_login		BIGINT,
	status_changed		BIGINT,
	roles			TEXT,		-- comma-separated
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX account_key ON account (system, tenant, account_id);
CREATE INDEX account_email ON account (email_norm);

-- Settings of a tenant seen in a snapshot (e.g. GitHub's org-wide
-- two-factor requirement).
CREATE TABLE tenant_setting (
	evidence_id		BIGINT NOT NULL REFERENCES evidence (id),
	system			TEXT NOT NULL,
	tenant			TEXT NOT NULL,
	name			TEXT NOT NULL,
	value			TEXT,
	PRIMARY KEY (evidence_id, system, tenant, name)
);
