-- 0008_vuln: scanner reports (SOC 2 step 6, CC7.1).
--
-- A report holds one scan per target asset and the findings of each.  A
-- finding's fingerprint is the SHA-256 of (tool, rule, asset, location):
-- the same finding in every scan of the same target by the same tool.
-- The lifecycle (first seen, fixed, reopened) is derived from the scans
-- as of an instant (src/rules/vulns.c), never stored.
--
-- PostgreSQL's dialect of schema/sqlite/0008_vuln.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE vuln_scan (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	seq		bigint NOT NULL,	-- 0-based within the file
	line		bigint NOT NULL,
	tool		text COLLATE "C" NOT NULL,
	tool_version	text COLLATE "C",
	asset		text COLLATE "C" NOT NULL,
	started		bigint,
	finished	bigint,
	complete	bigint,			-- NULL: the report does not say
	PRIMARY KEY (org_id, evidence_id, seq),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX vuln_scan_key ON vuln_scan (org_id, tool, asset);
ALTER TABLE vuln_scan ENABLE ROW LEVEL SECURITY;
ALTER TABLE vuln_scan FORCE ROW LEVEL SECURITY;
CREATE POLICY vuln_scan_org ON vuln_scan
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

CREATE TABLE vuln_finding (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	scan_seq	bigint NOT NULL,
	line		bigint NOT NULL,
	fingerprint	text COLLATE "C" NOT NULL,
	rule		text COLLATE "C" NOT NULL,
	title		text COLLATE "C",
	severity	text COLLATE "C" CHECK (severity IS NULL OR severity IN
			    ('critical', 'high', 'medium', 'low', 'info')),
	severity_raw	text COLLATE "C",
	cvss10		bigint,			-- the CVSS base score x 10
	location	text COLLATE "C" NOT NULL,
	fixed_in	text COLLATE "C",
	status		text COLLATE "C",
	justification	text COLLATE "C",
	cves		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id, scan_seq)
	    REFERENCES vuln_scan (org_id, evidence_id, seq),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX vuln_finding_fp ON vuln_finding (org_id, fingerprint);
ALTER TABLE vuln_finding ENABLE ROW LEVEL SECURITY;
ALTER TABLE vuln_finding FORCE ROW LEVEL SECURITY;
CREATE POLICY vuln_finding_org ON vuln_finding
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
