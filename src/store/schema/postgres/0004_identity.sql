-- 0004_identity: people from HR and accounts from every identity system.
--
-- Every row belongs to the evidence (snapshot) it was parsed from; a
-- population as of an instant is the newest snapshot per system and tenant
-- not after it.  Values a vendor left absent are NULL, never false.
--
-- PostgreSQL's dialect of schema/sqlite/0004_identity.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

-- One row per person in an HR roster snapshot (hr-csv, bamboohr-report).
CREATE TABLE person (
	org_id			bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id		bigint NOT NULL,
	row_index		bigint NOT NULL,
	line			bigint NOT NULL,
	employee_id		text COLLATE "C",
	email			text COLLATE "C",
	-- lower-cased, for joins
	email_norm		text COLLATE "C",
	name			text COLLATE "C",
	-- active|terminated|on_leave|...
	status			text COLLATE "C",
	hire_date		bigint,
	termination_date	bigint,		-- instant; NULL when none
	termination_date_only	bigint,		-- 1 when the source gave a date
	department		text COLLATE "C",
	title			text COLLATE "C",
	manager_email		text COLLATE "C",
	-- other columns, as JSON
	extra			text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX person_email ON person (org_id, email_norm);
ALTER TABLE person ENABLE ROW LEVEL SECURITY;
ALTER TABLE person FORCE ROW LEVEL SECURITY;
CREATE POLICY person_org ON person
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- One row per account (or per facet of an account: MFA factors, admin
-- roles) in a snapshot of one system.
CREATE TABLE account (
	org_id			bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id		bigint NOT NULL,
	row_index		bigint NOT NULL,
	line			bigint NOT NULL,
	-- aws|okta|google|entra|github
	system			text COLLATE "C" NOT NULL,
	-- AWS account, Okta org, domain, ...
	tenant			text COLLATE "C" NOT NULL,
	-- the system's stable id
	account_id		text COLLATE "C" NOT NULL,
	login			text COLLATE "C",
	email			text COLLATE "C",
	email_norm		text COLLATE "C",
	display_name		text COLLATE "C",
	-- human|service, NULL when unknown
	kind			text COLLATE "C",
	-- NULL when this export cannot say
	is_admin		bigint,
	mfa			text COLLATE "C" CHECK (mfa IS NULL OR mfa IN
				    ('enrolled', 'not_enrolled', 'unknown')),
	status			text COLLATE "C",	-- the system's own word
	active			bigint,		-- 1 can sign in, 0 cannot
	created			bigint,
	last_login		bigint,
	status_changed		bigint,
	roles			text COLLATE "C",	-- comma-separated
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX account_key ON account (org_id, system, tenant, account_id);
CREATE INDEX account_email ON account (org_id, email_norm);
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
ALTER TABLE account FORCE ROW LEVEL SECURITY;
CREATE POLICY account_org ON account
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- Settings of a tenant seen in a snapshot (e.g. GitHub's org-wide
-- two-factor requirement).
CREATE TABLE tenant_setting (
	org_id			bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id		bigint NOT NULL,
	system			text COLLATE "C" NOT NULL,
	tenant			text COLLATE "C" NOT NULL,
	name			text COLLATE "C" NOT NULL,
	value			text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, system, tenant, name),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
ALTER TABLE tenant_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_setting FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_setting_org ON tenant_setting
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
