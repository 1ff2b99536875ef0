-- 0017_collection: live collection runs (collect/run.h).
--
-- A run fetches the pages of one source's API (`assure collect SOURCE`,
-- the server's schedules).  Each page is ingested as evidence of its kind,
-- and linked here to its run.  A page row is written before its bytes are
-- ingested (evidence_id NULL until they are), so that a crash in between
-- cannot leave the bytes looking as if they came from nowhere.  Closing a
-- run is logged in the ledger ("collection", ref "run:ID"), listing every
-- page; `ledger verify` re-encodes each closed run from these rows.

CREATE TABLE collection_run (
	id		INTEGER PRIMARY KEY,
	source		TEXT NOT NULL,
	target		TEXT NOT NULL,
	started_at	BIGINT NOT NULL,
	ended_at	BIGINT,			-- NULL while open
	complete	BIGINT NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
	note		TEXT NOT NULL DEFAULT '',
	CHECK (complete = 0 OR ended_at IS NOT NULL)
);
CREATE INDEX collection_run_source ON collection_run (source, started_at);

CREATE TABLE collection_page (
	run_id		BIGINT NOT NULL REFERENCES collection_run (id),
	seq		BIGINT NOT NULL CHECK (seq >= 1),
	sha256		TEXT NOT NULL,		-- the page's bytes
	evidence_id	BIGINT REFERENCES evidence (id),	-- once stored
	kind		TEXT NOT NULL,
	url		TEXT NOT NULL,		-- without its query string
	as_of		BIGINT NOT NULL,	-- the instant it was ingested as
	PRIMARY KEY (run_id, seq)
);
CREATE INDEX collection_page_sha256 ON collection_page (sha256, as_of);

-- What the populations read: every instant each evidence file speaks for
-- (evidence_seen), except those a run that is not complete (open, or
-- ended incomplete) brought, unless a complete run brought the same bytes
-- as of the same instant.  A partial account list must not make people
-- look deprovisioned; the evidence stays stored, logged and listed.
-- Evidence ingested by hand (no run) is always usable.
CREATE VIEW evidence_usable AS
	SELECT s.id, s.sha256, s.kind, s.as_of FROM evidence_seen s
	WHERE NOT EXISTS (SELECT 1 FROM collection_page p JOIN
	    collection_run r ON r.id = p.run_id WHERE p.sha256 = s.sha256
	    AND p.as_of = s.as_of AND r.complete = 0)
	OR EXISTS (SELECT 1 FROM collection_page p JOIN collection_run r
	    ON r.id = p.run_id WHERE p.sha256 = s.sha256 AND p.as_of = s.as_of
	    AND r.complete = 1);
