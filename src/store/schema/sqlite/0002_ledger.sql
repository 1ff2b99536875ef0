-- 0002_ledger: the evidence ledger, an append-only Merkle log.
--
-- ledger_entry holds each entry's canonical bytes (what is hashed into the
-- leaf) and its leaf hash (node level 0); ledger_node holds every perfect
-- subtree hash of level 1 and up, so that roots and proofs for any size
-- need no recomputation; ledger_checkpoint holds the signed checkpoints.
-- Rows are only ever inserted: nothing in assure updates or deletes them.
-- (INTEGER PRIMARY KEY and WITHOUT ROWID keep each table one B-tree: this
-- file is SQLite's dialect; PostgreSQL's has its own.)

CREATE TABLE ledger_entry (
	idx		INTEGER PRIMARY KEY,
	type		TEXT NOT NULL,
	ref		TEXT NOT NULL,
	body		BLOB NOT NULL,
	leaf		BLOB NOT NULL,
	created_at	BIGINT NOT NULL
);
CREATE INDEX ledger_entry_ref ON ledger_entry (ref);

CREATE TABLE ledger_node (
	level		INTEGER NOT NULL CHECK (level >= 1),
	idx		BIGINT NOT NULL,
	hash		BLOB NOT NULL,
	PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE ledger_checkpoint (
	tree_size	BIGINT PRIMARY KEY,
	root		BLOB NOT NULL,
	note		TEXT NOT NULL,
	created_at	BIGINT NOT NULL
);
