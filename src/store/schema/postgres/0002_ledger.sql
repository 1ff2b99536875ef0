-- 0002_ledger: the evidence ledger, an append-only Merkle log.
--
-- ledger_entry holds each entry's canonical bytes (what is hashed into the
-- leaf), its leaf hash (node level 0) and, in nodes, the hash of every
-- perfect subtree that entry completed, level 1 first, 32 bytes each (as
-- many as idx has trailing one bits; empty for an even idx).  The perfect
-- subtree (level, i) is thus at byte 32 * (level - 1) of the nodes of
-- entry (i + 1) * 2^level - 1, so that roots and proofs for any size need
-- no recomputation, and an append is one row.  ledger_checkpoint holds
-- the signed checkpoints.  Rows are only ever inserted: nothing in assure
-- updates or deletes them.  (The primary key (org_id, idx) is a B-tree
-- beside the heap here: PostgreSQL has no clustered tables.)
--
-- PostgreSQL's dialect of schema/sqlite/0002_ledger.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE ledger_entry (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	idx		bigint NOT NULL,
	type		text COLLATE "C" NOT NULL,
	ref		text COLLATE "C" NOT NULL,
	body		bytea NOT NULL,
	leaf		bytea NOT NULL,
	nodes		bytea NOT NULL,
	created_at	bigint NOT NULL,
	PRIMARY KEY (org_id, idx)
);
CREATE INDEX ledger_entry_ref ON ledger_entry (org_id, ref);
ALTER TABLE ledger_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_entry_org ON ledger_entry
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

CREATE TABLE ledger_checkpoint (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	tree_size	bigint NOT NULL,
	root		bytea NOT NULL,
	note		text COLLATE "C" NOT NULL,
	created_at	bigint NOT NULL,
	PRIMARY KEY (org_id, tree_size)
);
ALTER TABLE ledger_checkpoint ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_checkpoint FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_checkpoint_org ON ledger_checkpoint
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
