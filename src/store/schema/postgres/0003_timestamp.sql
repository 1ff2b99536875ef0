-- 0003_timestamp: RFC 3161 time-stamp tokens over signed checkpoints.
--
-- Each token is the DER CMS SignedData a Time-Stamping Authority returned
-- for SHA-256 of a stored checkpoint's note text; gen_time is the TSA's
-- genTime.  Only ever inserted.
--
-- PostgreSQL's dialect of schema/sqlite/0003_timestamp.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE ledger_timestamp (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	tree_size	bigint NOT NULL,
	tsa_url		text COLLATE "C" NOT NULL,
	token		bytea NOT NULL,
	gen_time	bigint NOT NULL,
	created_at	bigint NOT NULL,
	PRIMARY KEY (org_id, tree_size, tsa_url),
	FOREIGN KEY (org_id, tree_size)
	    REFERENCES ledger_checkpoint (org_id, tree_size)
);
ALTER TABLE ledger_timestamp ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_timestamp FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_timestamp_org ON ledger_timestamp
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
