-- 0005_review: access-review campaigns.
--
-- A campaign freezes the accounts of one system (and optionally one tenant)
-- as they stood when it was started; each frozen account gets a decision,
-- keep or revoke, with who decided, when, and an optional note.  A closed
-- campaign is complete.  Every start, decision and close is also an entry
-- of the ledger (docs/LEDGER.md), appended in the same transaction.

CREATE TABLE review_campaign (
	id		TEXT PRIMARY KEY,	-- "okta-2026Q1-3"
	seq		BIGINT NOT NULL UNIQUE,
	system		TEXT NOT NULL,
	tenant		TEXT,			-- NULL: every tenant
	as_of		BIGINT NOT NULL,	-- the population frozen
	started_at	BIGINT NOT NULL,
	started_by	TEXT NOT NULL,
	closed_at	BIGINT,
	closed_by	TEXT,
	CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
CREATE INDEX review_campaign_system ON review_campaign (system, closed_at);

CREATE TABLE review_item (
	campaign_id	TEXT NOT NULL REFERENCES review_campaign (id),
	seq		BIGINT NOT NULL,
	tenant		TEXT NOT NULL,
	account_id	TEXT NOT NULL,
	login		TEXT,
	email		TEXT,
	is_admin	INTEGER,
	status		TEXT,
	active		INTEGER,
	roles		TEXT,
	decision	TEXT CHECK (decision IS NULL OR decision IN
			    ('keep', 'revoke')),
	decided_by	TEXT,
	decided_at	BIGINT,
	note		TEXT,
	PRIMARY KEY (campaign_id, seq)
);
