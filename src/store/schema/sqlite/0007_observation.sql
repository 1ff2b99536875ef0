-- 0007_observation: the same evidence seen again at a later instant.
--
-- A snapshot that has not changed (a branch's protection, a roster
-- nobody edited) comes back as the very same bytes.  They are stored
-- once, under their digest; each later collection of them is an
-- observation: the evidence stands as of that instant too, so it is not
-- stale.  Every observation is also a ledger entry
-- ("evidence-observation"), appended in the same transaction.

CREATE TABLE evidence_observation (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	as_of		BIGINT NOT NULL,
	collected_at	BIGINT NOT NULL,
	collector	TEXT NOT NULL,
	PRIMARY KEY (evidence_id, as_of)
);

-- Every instant each evidence file speaks for: its own as-of, and each
-- observation's.  The populations read evidence through this view.
CREATE VIEW evidence_seen AS
	SELECT id, sha256, kind, as_of FROM evidence
	UNION ALL
	SELECT e.id, e.sha256, e.kind, o.as_of
	FROM evidence_observation o JOIN evidence e ON e.id = o.evidence_id;
