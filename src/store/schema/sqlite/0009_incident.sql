-- 0009_incident: incidents as the ticketing and paging systems hold them
-- (jira-issues, pagerduty-incidents) and the events of their handling
-- (pagerduty-log-entries).  Like changes, they are events: the register
-- of a period is the union of every file, the newest row winning.

CREATE TABLE incident (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	system		TEXT NOT NULL,		-- jira|pagerduty
	key		TEXT NOT NULL,		-- issue key, incident id
	title		TEXT,
	kind		TEXT,
	severity	TEXT,			-- "1" (worst) .. "5"
	status		TEXT,
	created		BIGINT,
	detected	BIGINT,
	acknowledged	BIGINT,
	escalated	BIGINT,
	resolved	BIGINT,
	service		TEXT,
	url		TEXT,
	labels		TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX incident_key ON incident (system, key);

CREATE TABLE incident_event (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	system		TEXT NOT NULL,
	event_id	TEXT NOT NULL,
	incident	TEXT NOT NULL,
	type		TEXT NOT NULL,
	at		BIGINT,
	agent		TEXT,
	summary		TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX incident_event_key ON incident_event (system, incident);
