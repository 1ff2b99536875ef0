-- 0006_change: change management (pull and merge requests, reviews and
-- approvals, deployments and their statuses, branch protection, and the
-- first-parent history of a branch), and warnings among a test's
-- findings.
--
-- Changes, reviews and deployments are events, not snapshots: the
-- population of a period is the union of every file ingested (one file
-- per API page), and where the same record is in several files the one
-- from the newest evidence wins, its absent values filled from the others
-- (a list page lacks merged_by; the single pull carries it).  Values a
-- vendor left absent are NULL, never false.
--
-- PostgreSQL's dialect of schema/sqlite/0006_change.sql: every table is an
-- organisation's (org_id first in every key, row-level security; see
-- 0001_spine.sql).

-- A finding a test reports without failing on it.
ALTER TABLE evaluation_exception ADD COLUMN severity
    text COLLATE "C" NOT NULL DEFAULT 'exception'
    CHECK (severity IN ('exception', 'warning'));

-- One row per pull request or merge request in a file.
CREATE TABLE change_request (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,	-- github|gitlab
	repo		text COLLATE "C" NOT NULL,	-- owner/name
	number		bigint NOT NULL,	-- pull number, MR iid
	title		text COLLATE "C",
	author		text COLLATE "C",
	author_bot	bigint,
	state		text COLLATE "C",	-- open|closed|merged
	created		bigint,
	updated		bigint,
	closed		bigint,
	merged_at	bigint,
	merged		bigint,
	merged_by	text COLLATE "C",
	base_branch	text COLLATE "C",
	head_sha	text COLLATE "C",
	merge_sha	text COLLATE "C",
	labels		text COLLATE "C",	-- comma-separated
	url		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX change_request_key
    ON change_request (org_id, system, repo, number);
ALTER TABLE change_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_request FORCE ROW LEVEL SECURITY;
CREATE POLICY change_request_org ON change_request
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- One row per review (GitHub) or approval (GitLab) in a file.
CREATE TABLE change_review (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,
	repo		text COLLATE "C" NOT NULL,
	number		bigint NOT NULL,	-- the change reviewed
	review_id	text COLLATE "C" NOT NULL,
	reviewer	text COLLATE "C",	-- NULL: a deleted account
	reviewer_bot	bigint,
	-- APPROVED|CHANGES_REQUESTED|...
	state		text COLLATE "C" NOT NULL,
	submitted	bigint,
	commit_sha	text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX change_review_key ON change_review (org_id, system, repo, number);
ALTER TABLE change_review ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_review FORCE ROW LEVEL SECURITY;
CREATE POLICY change_review_org ON change_review
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- One row per deployment (GitHub, or a CI/CD deployment log) in a file.
CREATE TABLE deployment (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,	-- github|log
	repo		text COLLATE "C",
	deployment_id	text COLLATE "C" NOT NULL,
	environment	text COLLATE "C" NOT NULL,
	sha		text COLLATE "C" NOT NULL,
	ref		text COLLATE "C",
	created		bigint,
	actor		text COLLATE "C",
	production	bigint,
	result		text COLLATE "C",	-- NULL: see deployment_status
	url		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX deployment_key ON deployment (org_id, system, repo, deployment_id);
ALTER TABLE deployment ENABLE ROW LEVEL SECURITY;
ALTER TABLE deployment FORCE ROW LEVEL SECURITY;
CREATE POLICY deployment_org ON deployment
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- One row per status of a GitHub deployment in a file.
CREATE TABLE deployment_status (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	system		text COLLATE "C" NOT NULL,
	repo		text COLLATE "C" NOT NULL,
	deployment_id	text COLLATE "C" NOT NULL,
	status_id	text COLLATE "C" NOT NULL,
	state		text COLLATE "C" NOT NULL,
	created		bigint,
	creator		text COLLATE "C",
	environment	text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX deployment_status_key ON deployment_status
    (org_id, system, repo, deployment_id);
ALTER TABLE deployment_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE deployment_status FORCE ROW LEVEL SECURITY;
CREATE POLICY deployment_status_org ON deployment_status
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- The protection of a branch as one file shows it (a snapshot).
CREATE TABLE branch_protection (
	org_id			bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id		bigint NOT NULL,
	line			bigint NOT NULL,
	system			text COLLATE "C" NOT NULL,
	repo			text COLLATE "C" NOT NULL,
	branch			text COLLATE "C" NOT NULL,
	protected		bigint NOT NULL,
	required_approvals	bigint,
	dismiss_stale		bigint,
	code_owners		bigint,
	last_push_approval	bigint,
	enforce_admins		bigint,
	force_pushes		bigint,
	deletions		bigint,
	signatures		bigint,
	linear_history		bigint,
	status_checks		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, system, repo, branch),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
ALTER TABLE branch_protection ENABLE ROW LEVEL SECURITY;
ALTER TABLE branch_protection FORCE ROW LEVEL SECURITY;
CREATE POLICY branch_protection_org ON branch_protection
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);

-- The first-parent history of a branch as a git-repo export shows it.
CREATE TABLE git_commit (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	evidence_id	bigint NOT NULL,
	row_index	bigint NOT NULL,
	line		bigint NOT NULL,
	repo		text COLLATE "C" NOT NULL,
	branch		text COLLATE "C" NOT NULL,
	sha		text COLLATE "C" NOT NULL,
	position	bigint NOT NULL,	-- 0: the branch head
	parents		text COLLATE "C" NOT NULL,	-- space-separated
	author_name	text COLLATE "C",
	author_email	text COLLATE "C",
	authored	bigint,
	committer_name	text COLLATE "C",
	committer_email	text COLLATE "C",
	committed	bigint,
	signed		bigint,
	summary		text COLLATE "C",
	PRIMARY KEY (org_id, evidence_id, row_index),
	FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX git_commit_sha ON git_commit (org_id, repo, sha);
ALTER TABLE git_commit ENABLE ROW LEVEL SECURITY;
ALTER TABLE git_commit FORCE ROW LEVEL SECURITY;
CREATE POLICY git_commit_org ON git_commit
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
