-- 0016_evidence_blob: the evidence bytes, in the database.
--
-- A SQLite workspace keeps an evidence file's bytes in .assure/evidence/
-- by their SHA-256.  A PostgreSQL store is shared by every machine that
-- writes to it, so the bytes live beside their row instead: written in
-- the same transaction as the evidence row, its records and its ledger
-- entry (a crash leaves all or none), backed up and replicated with the
-- rest, and read back only by the organisation that owns them.
--
-- The bytes are split in chunks of 1 MiB (seq 0, 1, ...) so that neither
-- writing nor reading holds a whole file in memory (ingest takes files of
-- up to 4 GiB; a bytea value is at most 1 GB).  A file of 0 bytes has one
-- empty chunk, so that its bytes are found.
--
-- Every table is an organisation's (org_id first in every key, row-level
-- security; see 0001_spine.sql).

CREATE TABLE evidence_blob (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	sha256		text COLLATE "C" NOT NULL,
	seq		bigint NOT NULL CHECK (seq >= 0),
	bytes		bytea NOT NULL CHECK (length(bytes) <= 1048576),
	PRIMARY KEY (org_id, sha256, seq),
	FOREIGN KEY (org_id, sha256) REFERENCES evidence (org_id, sha256)
);
ALTER TABLE evidence_blob ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_blob FORCE ROW LEVEL SECURITY;
CREATE POLICY evidence_blob_org ON evidence_blob
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
