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

-- A finding a test reports without failing on it.
ALTER TABLE evaluation_exception ADD COLUMN severity TEXT NOT NULL
    DEFAULT 'exception' CHECK (severity IN ('exception', 'warning'));

-- One row per pull request or merge request in a file.
CREATE TABLE change_request (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	system		TEXT NOT NULL,		-- github|gitlab
	repo		TEXT NOT NULL,		-- owner/name
	number		BIGINT NOT NULL,	-- pull number, MR iid
	title		TEXT,
	author		TEXT,
	author_bot	INTEGER,
	state		TEXT,			-- open|closed|merged
	created		BIGINT,
	updated		BIGINT,
	closed		BIGINT,
	merged_at	BIGINT,
	merged		INTEGER,
	merged_by	TEXT,
	base_branch	TEXT,
	head_sha	TEXT,
	merge_sha	TEXT,
	labels		TEXT,			-- comma-separated
	url		TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX change_request_key ON change_request (system, repo, number);

-- One row per review (GitHub) or approval (GitLab) in a file.
CREATE TABLE change_review (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	system		TEXT NOT NULL,
	repo		TEXT NOT NULL,
	number		BIGINT NOT NULL,	-- the change reviewed
	review_id	TEXT NOT NULL,
	reviewer	TEXT,			-- NULL: a deleted account
	reviewer_bot	INTEGER,
	state		TEXT NOT NULL,		-- APPROVED|CHANGES_REQUESTED|...
	submitted	BIGINT,
	commit_sha	TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX change_review_key ON change_review (system, repo, number);

-- One row per deployment (GitHub, or a CI/CD deployment log) in a file.
CREATE TABLE deployment (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	system		TEXT NOT NULL,		-- github|log
	repo		TEXT,
	deployment_id	TEXT NOT NULL,
	environment	TEXT NOT NULL,
	sha		TEXT NOT NULL,
	ref		TEXT,
	created		BIGINT,
	actor		TEXT,
	production	INTEGER,
	result		TEXT,			-- NULL: see deployment_status
	url		TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX deployment_key ON deployment (system, repo, deployment_id);

-- One row per status of a GitHub deployment in a file.
CREATE TABLE deployment_status (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	system		TEXT NOT NULL,
	repo		TEXT NOT NULL,
	deployment_id	TEXT NOT NULL,
	status_id	TEXT NOT NULL,
	state		TEXT NOT NULL,
	created		BIGINT,
	creator		TEXT,
	environment	TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX deployment_status_key ON deployment_status
    (system, repo, deployment_id);

-- The protection of a branch as one file shows it (a snapshot).
CREATE TABLE branch_protection (
	evidence_id		BIGINT NOT NULL REFERENCES evidence (id),
	line			BIGINT NOT NULL,
	system			TEXT NOT NULL,
	repo			TEXT NOT NULL,
	branch			TEXT NOT NULL,
	protected		INTEGER NOT NULL,
	required_approvals	INTEGER,
	dismiss_stale		INTEGER,
	code_owners		INTEGER,
	last_push_approval	INTEGER,
	enforce_admins		INTEGER,
	force_pushes		INTEGER,
	deletions		INTEGER,
	signatures		INTEGER,
	linear_history		INTEGER,
	status_checks		TEXT,
	PRIMARY KEY (evidence_id, system, repo, branch)
);

-- The first-parent history of a branch as a git-repo export shows it.
CREATE TABLE git_commit (
	evidence_id	BIGINT NOT NULL REFERENCES evidence (id),
	row_index	BIGINT NOT NULL,
	line		BIGINT NOT NULL,
	repo		TEXT NOT NULL,
	branch		TEXT NOT NULL,
	sha		TEXT NOT NULL,
	position	BIGINT NOT NULL,	-- 0: the branch head
	parents		TEXT NOT NULL,		-- space-separated
	author_name	TEXT,
	author_email	TEXT,
	authored	BIGINT,
	committer_name	TEXT,
	committer_email	TEXT,
	committed	BIGINT,
	signed		INTEGER,
	summary		TEXT,
	PRIMARY KEY (evidence_id, row_index)
);
CREATE INDEX git_commit_sha ON git_commit (repo, sha);
