-- 0009_incident: incidents as the ticketing and paging systems hold them
-- (jira-issues, pagerduty-incidents) and the events of their handling
-- (pagerduty-log-entries).  Like changes, they are events: the register
-- of a period is the union of every file, the newest row winning.
--
-- PostgreSQL's dialect of schema/sqlite/0009_incident.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

CREATE TABLE incident (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,	-- jira|pagerduty
	-- issue key, incident id
	key		text COLLATE "C" NOT NULL,
	title		text COLLATE "C",
	kind		text COLLATE "C",
	severity	text COLLATE "C",	-- "1" (worst) .. "5"
	status		text COLLATE "C",
	created		bigint,
	detected	bigint,
	acknowledged	bigint,
	escalated	bigint,
	resolved	bigint,
	service		text COLLATE "C",
	url		text COLLATE "C",
	labels		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX incident_key ON incident (org_id, system, key);
ALTER TABLE incident ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident FORCE ROW LEVEL SECURITY;
CREATE POLICY incident_org ON incident
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

CREATE TABLE incident_event (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,
	event_id	text COLLATE "C" NOT NULL,
	incident	text COLLATE "C" NOT NULL,
	type		text COLLATE "C" NOT NULL,
	at		bigint,
	agent		text COLLATE "C",
	summary		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX incident_event_key ON incident_event (org_id, system, incident);
ALTER TABLE incident_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident_event FORCE ROW LEVEL SECURITY;
CREATE POLICY incident_event_org ON incident_event
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
