-- 0003_timestamp: RFC 3161 time-stamp tokens over signed checkpoints.
--
-- Each token is the DER CMS SignedData a Time-Stamping Authority returned
-- for SHA-256 of a stored checkpoint's note text; gen_time is the TSA's
-- genTime.  Only ever inserted.

CREATE TABLE ledger_timestamp (
	tree_size	BIGINT NOT NULL REFERENCES ledger_checkpoint (tree_size),
	tsa_url		TEXT NOT NULL,
	token		BLOB NOT NULL,
	gen_time	BIGINT NOT NULL,
	created_at	BIGINT NOT NULL,
	PRIMARY KEY (tree_size, tsa_url)
);
