-- 0016_evidence_blob: nothing to do in SQLite.
--
-- PostgreSQL's 0016 keeps the evidence bytes in the database, because its
-- store is shared by every machine that writes to it.  A SQLite store is
-- one workspace's, whose .assure/evidence/ folder keeps the bytes by
-- their SHA-256 (ingest/ingest.c).  The migration is recorded here too so
-- that both backends count their schema versions alike.
SELECT 1;
