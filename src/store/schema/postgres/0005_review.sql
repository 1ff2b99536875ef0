-- 0005_review: access-review campaigns.
--
-- A campaign freezes the accounts of one system (and optionally one tenant)
-- as they stood when it was started; each frozen account gets a decision,
-- keep or revoke, with who decided, when, and an optional note.  A closed
-- campaign is complete.  Every start, decision and close is also an entry
-- of the ledger (docs/LEDGER.md), appended in the same transaction.
--
-- PostgreSQL's dialect of schema/sqlite/0005_review.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE review_campaign (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	id		text COLLATE "C" NOT NULL,	-- "okta-2026Q1-3"
	seq		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,
	tenant		text COLLATE "C",	-- NULL: every tenant
	as_of		bigint NOT NULL,	-- the population frozen
	started_at	bigint NOT NULL,
	started_by	text COLLATE "C" NOT NULL,
	closed_at	bigint,
	closed_by	text COLLATE "C",
	CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
	PRIMARY KEY (org_id, id),
	UNIQUE (org_id, seq)
);
CREATE INDEX review_campaign_system
    ON review_campaign (org_id, system, closed_at);
ALTER TABLE review_campaign ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_campaign FORCE ROW LEVEL SECURITY;
CREATE POLICY review_campaign_org ON review_campaign
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

CREATE TABLE review_item (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	campaign_id	text COLLATE "C" NOT NULL,
	seq		bigint NOT NULL,
	tenant		text COLLATE "C" NOT NULL,
	account_id	text COLLATE "C" NOT NULL,
	login		text COLLATE "C",
	email		text COLLATE "C",
	is_admin	bigint,
	status		text COLLATE "C",
	active		bigint,
	roles		text COLLATE "C",
	decision	text COLLATE "C" CHECK (decision IS NULL OR decision IN
			    ('keep', 'revoke')),
	decided_by	text COLLATE "C",
	decided_at	bigint,
	note		text COLLATE "C",
	PRIMARY KEY (org_id, campaign_id, seq),
	FOREIGN KEY (org_id, campaign_id)
	    REFERENCES review_campaign (org_id, id)
);
ALTER TABLE review_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_item FORCE ROW LEVEL SECURITY;
CREATE POLICY review_item_org ON review_item
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
