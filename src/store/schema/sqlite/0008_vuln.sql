-- 0008_vuln: scanner reports (SOC 2 step 6, CC7.1).
--
-- A report holds one scan per target asset and the findings of each.  A
-- finding's fingerprint is the SHA-256 of (tool, rule, asset, location):
-- the same finding in every scan of the same target by the same tool.
-- The lifecycle (first seen, fixed, reopened) is derived from the scans
-- as of an instant (src/rules/vulns.c), never stored.

CREATE TABLE vuln_scan (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	seq		BIGINT NOT NULL,	-- 0-based within the file
	line		BIGINT NOT NULL,
	tool		TEXT NOT NULL,
	tool_version	TEXT,
	asset		TEXT NOT NULL,
	started		BIGINT,
	finished	BIGINT,
	complete	INTEGER,		-- NULL: the report does not say
	PRIMARY KEY (evidence_id, seq)
);
CREATE INDEX vuln_scan_key ON vuln_scan (tool, asset);

CREATE TABLE vuln_finding (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	scan_seq	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	fingerprint	TEXT NOT NULL,
	rule		TEXT NOT NULL,
	title		TEXT,
	severity	TEXT CHECK (severity IS NULL OR severity IN
			    ('critical', 'high', 'medium', 'low', 'info')),
	severity_raw	TEXT,
	cvss10		INTEGER,		-- the CVSS base score x 10
	location	TEXT NOT NULL,
	fixed_in	TEXT,
	status		TEXT,
	justification	TEXT,
	cves		TEXT,
	PRIMARY KEY (evidence_id, row_index),
	FOREIGN KEY (evidence_id, scan_seq)
	    REFERENCES vuln_scan (evidence_id, seq)
);
CREATE INDEX vuln_finding_fp ON vuln_finding (fingerprint);
