-- 0002_ledger: the evidence ledger, an append-only Merkle log.
--
-- ledger_entry holds each entry's canonical bytes (what is hashed into the
-- leaf); ledger_node holds every leaf hash (level 0) and every perfect
-- subtree hash (level >= 1), so that roots and proofs for any size need
-- no recomputation; ledger_checkpoint holds the signed checkpoints.  Rows
-- are only ever inserted: nothing in assure updates or deletes them.

CREATE TABLE ledger_entry (
	idx		BIGINT PRIMARY KEY,
	type		TEXT NOT NULL,
	ref		TEXT NOT NULL,
	body		BLOB NOT NULL,
	created_at	BIGINT NOT NULL
);
CREATE INDEX ledger_entry_ref ON ledger_entry (ref);

CREATE TABLE ledger_node (
	level		INTEGER NOT NULL,
	idx		BIGINT NOT NULL,
	hash		BLOB NOT NULL,
	PRIMARY KEY (level, idx)
);

CREATE TABLE ledger_checkpoint (
	tree_size	BIGINT PRIMARY KEY,
	root		BLOB NOT NULL,
	note		TEXT NOT NULL,
	created_at	BIGINT NOT NULL
);
