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
-- updates or deletes them.  (INTEGER PRIMARY KEY keeps the entries one
-- B-tree: this file is SQLite's dialect; PostgreSQL's has its own.)

CREATE TABLE ledger_entry (
	idx		INTEGER PRIMARY KEY,
	type		TEXT NOT NULL,
	ref		TEXT NOT NULL,
	body		BLOB NOT NULL,
	leaf		BLOB NOT NULL,
	nodes		BLOB NOT NULL,
	created_at	BIGINT NOT NULL
);
CREATE INDEX ledger_entry_ref ON ledger_entry (ref);

CREATE TABLE ledger_checkpoint (
	tree_size	BIGINT PRIMARY KEY,
	root		BLOB NOT NULL,
	note		TEXT NOT NULL,
	created_at	BIGINT NOT NULL
);
