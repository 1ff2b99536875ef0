/*
 * stmt_sqlite.c: the text of every statement, in SQLite's dialect.
 *
 * The table is indexed by enum store_stmt; store_sqlite.c prepares each
 * entry once per connection.  Parameters are always bound ("?"), never
 * spliced in.  Keep the SQL to what PostgreSQL also understands, apart from
 * the placeholder syntax: stmt_postgres.c translates these texts and
 * overrides only the few where the dialects differ.
 */
#include "common/compat.h"

#include "store/store.h"
#include "store/stmt.h"

#define CRED_COLS \
	"evidence_id, row_index, line, aws_partition, account_id, " \
	"user_name, arn, is_root, user_creation_time, password_enabled, " \
	"password_last_used, password_last_changed, password_next_rotation, " \
	"mfa_active, key1_active, key1_last_rotated, key1_last_used, " \
	"key1_last_used_region, key1_last_used_service, key2_active, " \
	"key2_last_rotated, key2_last_used, key2_last_used_region, " \
	"key2_last_used_service, cert1_active, cert1_last_rotated, " \
	"cert2_active, cert2_last_rotated"

/* A collection run as listed, with its page count. */
#define RUN_COLS \
	"r.id, r.source, r.target, r.started_at, r.ended_at, r.complete, " \
	"r.note, (SELECT count(*) FROM collection_page p WHERE p.run_id = " \
	"r.id)"

#define EVIDENCE_COLS \
	"id, sha256, kind, size, source_name, collected_at, as_of, " \
	"as_of_origin, period_start, period_end, collector, records"

const char *const stmt_sqlite[STMT__MAX] = {
	[STMT_EVIDENCE_BY_SHA256] =
	    "SELECT " EVIDENCE_COLS " FROM evidence WHERE sha256 = ?",
	[STMT_EVIDENCE_INSERT] =
	    "INSERT INTO evidence (sha256, kind, size, source_name, "
	    "collected_at, as_of, as_of_origin, period_start, period_end, "
	    "collector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[STMT_EVIDENCE_FINISH] =
	    "UPDATE evidence SET as_of = ?, as_of_origin = ?, records = ? "
	    "WHERE id = ?",
	[STMT_EVIDENCE_LIST] =
	    "SELECT " EVIDENCE_COLS " FROM evidence ORDER BY as_of DESC, id DESC",
	[STMT_EVIDENCE_COUNT] =
	    "SELECT count(*) FROM evidence",
	[STMT_CRED_INSERT] =
	    "INSERT INTO iam_credential (" CRED_COLS ") VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	/*
	 * For each AWS account, the credential report with the latest as_of
	 * not after the given instant (ties broken by the later ingest).
	 * Columns: account_id, evidence id, as_of, sha256.
	 */
	[STMT_CRED_LATEST_REPORTS] =
	    "SELECT account_id, id, as_of, sha256 FROM ("
	    " SELECT c.account_id, e.id, e.as_of, e.sha256,"
	    "  row_number() OVER (PARTITION BY c.account_id"
	    "   ORDER BY e.as_of DESC, e.id DESC) AS rn"
	    " FROM evidence_usable e JOIN cred_report c ON c.evidence_id = e.id"
	    " WHERE e.kind = 'aws-iam-credential-report' AND e.as_of <= ?"
	    ") latest WHERE rn = 1 ORDER BY account_id",
	[STMT_CRED_REPORT_INSERT] =
	    "INSERT INTO cred_report (evidence_id, aws_partition, account_id) "
	    "VALUES (?, ?, ?)",
	[STMT_CRED_ROWS] =
	    "SELECT " CRED_COLS " FROM iam_credential WHERE evidence_id = ? "
	    "ORDER BY row_index",
	[STMT_CRED_COUNT] =
	    "SELECT count(*) FROM iam_credential",
	[STMT_EVAL_INSERT] =
	    "INSERT INTO evaluation (id, seq, as_of, started_at, assure_version) "
	    "VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM evaluation), "
	    "?, ?, ?)",
	[STMT_EVAL_RESULT_INSERT] =
	    "INSERT INTO evaluation_result (evaluation_id, seq, test_id, "
	    "verdict, population, reason, criteria) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_EVAL_EXCEPTION_INSERT] =
	    "INSERT INTO evaluation_exception (evaluation_id, test_id, seq, "
	    "subject, reason, severity) VALUES (?, ?, ?, ?, ?, ?)",
	[STMT_EVAL_EVIDENCE_INSERT] =
	    "INSERT INTO evaluation_evidence (evaluation_id, test_id, "
	    "evidence_id) VALUES (?, ?, ?)",
	[STMT_EVAL_LATEST] =
	    "SELECT id, as_of, started_at, assure_version FROM evaluation "
	    "ORDER BY seq DESC LIMIT 1",
	[STMT_EVAL_GET] =
	    "SELECT id, as_of, started_at, assure_version FROM evaluation "
	    "WHERE id = ?",
	[STMT_EVAL_RESULTS] =
	    "SELECT test_id, verdict, population, reason, criteria "
	    "FROM evaluation_result WHERE evaluation_id = ? ORDER BY seq",
	[STMT_EVAL_EXCEPTIONS] =
	    "SELECT subject, reason, severity FROM evaluation_exception "
	    "WHERE evaluation_id = ? AND test_id = ? ORDER BY seq",
	[STMT_EVAL_EVIDENCE] =
	    "SELECT e.sha256 FROM evaluation_evidence x JOIN evidence e "
	    "ON e.id = x.evidence_id WHERE x.evaluation_id = ? "
	    "AND x.test_id = ? ORDER BY e.sha256",
	/* max() walks down the primary key's index; count(*) scans it. */
	[STMT_LEDGER_SIZE] =
	    "SELECT coalesce(max(idx) + 1, 0) FROM ledger_entry",
	[STMT_LEDGER_ENTRY_INSERT] =
	    "INSERT INTO ledger_entry (idx, type, ref, body, leaf, nodes, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_LEDGER_LEAF_GET] =
	    "SELECT leaf FROM ledger_entry WHERE idx = ?",
	[STMT_LEDGER_ENTRY_GET] =
	    "SELECT idx, type, ref, body, created_at FROM ledger_entry "
	    "WHERE idx = ?",
	[STMT_LEDGER_ENTRY_BY_REF] =
	    "SELECT idx FROM ledger_entry WHERE ref = ? ORDER BY idx",
	[STMT_LEDGER_ENTRIES] =
	    "SELECT idx, type, ref, body, leaf, nodes FROM ledger_entry "
	    "WHERE idx >= ? ORDER BY idx LIMIT ?",
	[STMT_LEDGER_NODE_GET] =
	    "SELECT substr(nodes, ?, 32) FROM ledger_entry WHERE idx = ?",
	[STMT_LEDGER_CHECKPOINT_INSERT] =
	    "INSERT INTO ledger_checkpoint (tree_size, root, note, created_at) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
	[STMT_LEDGER_CHECKPOINT_LATEST] =
	    "SELECT tree_size, root, note, created_at FROM ledger_checkpoint "
	    "ORDER BY tree_size DESC LIMIT 1",
	[STMT_LEDGER_CHECKPOINT_AFTER] =
	    "SELECT tree_size, root, note, created_at FROM ledger_checkpoint "
	    "WHERE created_at > ? ORDER BY tree_size LIMIT 1",
	[STMT_LEDGER_CHECKPOINT_AT_LEAST] =
	    "SELECT tree_size, root, note, created_at FROM ledger_checkpoint "
	    "WHERE tree_size >= ? ORDER BY tree_size LIMIT 1",
	[STMT_LEDGER_CHECKPOINTS] =
	    "SELECT tree_size, root, note, created_at FROM ledger_checkpoint "
	    "ORDER BY tree_size",
	[STMT_LEDGER_TIMESTAMP_INSERT] =
	    "INSERT INTO ledger_timestamp (tree_size, tsa_url, token, gen_time, "
	    "created_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT (tree_size, tsa_url) DO NOTHING",
	[STMT_LEDGER_TIMESTAMPS] =
	    "SELECT t.tree_size, t.tsa_url, t.token, t.gen_time, c.note "
	    "FROM ledger_timestamp t LEFT JOIN ledger_checkpoint c "
	    "ON c.tree_size = t.tree_size ORDER BY t.tree_size, t.tsa_url",
	[STMT_EVIDENCE_ALL_REFS] =
	    "SELECT " EVIDENCE_COLS " FROM evidence ORDER BY id",
	[STMT_EVAL_ALL_IDS] =
	    "SELECT id FROM evaluation ORDER BY seq",
	[STMT_EVAL_IN_PERIOD] =
	    "SELECT id, as_of FROM evaluation WHERE as_of BETWEEN ? AND ? "
	    "ORDER BY seq",
	[STMT_PERSON_INSERT] =
	    "INSERT INTO person (evidence_id, row_index, line, employee_id, "
	    "email, email_norm, name, status, hire_date, termination_date, "
	    "termination_date_only, department, title, manager_email, extra) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_ACCOUNT_INSERT] =
	    "INSERT INTO account (evidence_id, row_index, line, system, tenant, "
	    "account_id, login, email, email_norm, display_name, kind, "
	    "is_admin, mfa, status, active, created, last_login, "
	    "status_changed, roles) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_TENANT_SETTING_INSERT] =
	    "INSERT INTO tenant_setting (evidence_id, system, tenant, name, "
	    "value) VALUES (?, ?, ?, ?, ?)",
	/*
	 * Identity snapshots: every (system, tenant, kind) an evidence row
	 * holds accounts of, as of an instant, newest first within each;
	 * last, the complete collection run the file is a page of (NULL:
	 * none), whose pages are one snapshot.
	 * NEEDSWORK: the DISTINCT scans account; a snapshot table written at
	 * ingest would avoid it.
	 */
	[STMT_ID_SNAPSHOTS] =
	    "SELECT s.system, s.tenant, e.kind, e.id, e.as_of, e.sha256, "
	    "(SELECT min(p.run_id) FROM collection_page p JOIN collection_run "
	    "r ON r.id = p.run_id WHERE p.sha256 = e.sha256 AND p.as_of = "
	    "e.as_of AND r.complete = 1) "
	    "FROM evidence_usable e JOIN (SELECT DISTINCT evidence_id, system, "
	    "tenant "
	    "FROM account) s ON s.evidence_id = e.id WHERE e.as_of <= ? "
	    "ORDER BY s.system, s.tenant, e.kind, e.as_of DESC, e.id DESC",
	[STMT_ID_ACCOUNT_ROWS] =
	    "SELECT system, tenant, account_id, login, email_norm, "
	    "display_name, kind, is_admin, mfa, status, active, created, "
	    "last_login, status_changed, roles, email FROM account "
	    "WHERE evidence_id = ? ORDER BY row_index",
	[STMT_ID_ACCOUNT_HISTORY] =
	    "SELECT a.evidence_id, e.as_of, a.active, a.status_changed, "
	    "a.status, e.kind FROM account a JOIN evidence_usable e "
	    "ON e.id = a.evidence_id "
	    "WHERE a.system = ? AND a.tenant = ? AND a.account_id = ? "
	    "AND e.as_of <= ? ORDER BY e.as_of, e.id",
	[STMT_ID_ACCOUNTS_OF] =
	    "SELECT DISTINCT a.system, a.tenant, a.account_id FROM account a "
	    "JOIN evidence_usable e ON e.id = a.evidence_id WHERE (a.email_norm = ? "
	    "OR lower(a.login) = ?) AND e.as_of <= ? "
	    "ORDER BY a.system, a.tenant, a.account_id",
	[STMT_ID_HR_LATEST] =
	    "SELECT id, as_of, sha256, kind FROM evidence_usable "
	    "WHERE kind IN ('hr-csv', 'bamboohr-report') AND as_of <= ? "
	    "ORDER BY as_of DESC, id DESC LIMIT 1",
	[STMT_ID_PERSON_ROWS] =
	    "SELECT employee_id, email, email_norm, name, status, "
	    "termination_date, termination_date_only, hire_date, department "
	    "FROM person "
	    "WHERE evidence_id = ? ORDER BY row_index",
	[STMT_REVIEW_NEXT_SEQ] =
	    "SELECT coalesce(max(seq), 0) + 1 FROM review_campaign",
	[STMT_REVIEW_CAMPAIGN_INSERT] =
	    "INSERT INTO review_campaign (id, seq, system, tenant, as_of, "
	    "started_at, started_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_REVIEW_ITEM_INSERT] =
	    "INSERT INTO review_item (campaign_id, seq, tenant, account_id, "
	    "login, email, is_admin, status, active, roles) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_REVIEW_CAMPAIGN_GET] =
	    "SELECT id, seq, system, tenant, as_of, started_at, started_by, "
	    "closed_at, closed_by FROM review_campaign WHERE id = ?",
	[STMT_REVIEW_CAMPAIGNS] =
	    "SELECT id, seq, system, tenant, as_of, started_at, started_by, "
	    "closed_at, closed_by FROM review_campaign ORDER BY seq",
	[STMT_REVIEW_ITEMS] =
	    "SELECT seq, tenant, account_id, login, email, is_admin, status, "
	    "active, roles, decision, decided_by, decided_at, note "
	    "FROM review_item WHERE campaign_id = ? ORDER BY seq",
	[STMT_REVIEW_DECIDE] =
	    "UPDATE review_item SET decision = ?, decided_by = ?, "
	    "decided_at = ?, note = ? WHERE campaign_id = ? AND seq = ?",
	[STMT_REVIEW_CLOSE] =
	    "UPDATE review_campaign SET closed_at = ?, closed_by = ? "
	    "WHERE id = ? AND closed_at IS NULL",
	[STMT_CHG_CHANGE_INSERT] =
	    "INSERT INTO change_request (evidence_id, row_index, line, system, "
	    "repo, number, title, author, author_bot, state, created, updated, "
	    "closed, merged_at, merged, merged_by, base_branch, head_sha, "
	    "merge_sha, labels, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CHG_REVIEW_INSERT] =
	    "INSERT INTO change_review (evidence_id, row_index, line, system, "
	    "repo, number, review_id, reviewer, reviewer_bot, state, submitted, "
	    "commit_sha) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CHG_DEPLOYMENT_INSERT] =
	    "INSERT INTO deployment (evidence_id, row_index, line, system, repo, "
	    "deployment_id, environment, sha, ref, created, actor, production, "
	    "result, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CHG_STATUS_INSERT] =
	    "INSERT INTO deployment_status (evidence_id, row_index, line, "
	    "system, repo, deployment_id, status_id, state, created, creator, "
	    "environment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CHG_PROTECTION_INSERT] =
	    "INSERT INTO branch_protection (evidence_id, line, system, repo, "
	    "branch, protected, required_approvals, dismiss_stale, code_owners, "
	    "last_push_approval, enforce_admins, force_pushes, deletions, "
	    "signatures, linear_history, status_checks) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CHG_COMMIT_INSERT] =
	    "INSERT INTO git_commit (evidence_id, row_index, line, repo, branch, "
	    "sha, position, parents, author_name, author_email, authored, "
	    "committer_name, committer_email, committed, signed, summary) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CHG_CHANGES] =
	    "SELECT c.system, c.repo, c.number, c.title, c.author, c.author_bot, "
	    "c.state, c.created, c.merged_at, c.merged, c.merged_by, "
	    "c.base_branch, c.head_sha, c.merge_sha, c.labels, c.url, "
	    "c.evidence_id FROM change_request c JOIN evidence_usable e "
	    "ON e.id = c.evidence_id WHERE e.as_of <= ? "
	    "ORDER BY c.system, c.repo, c.number, e.as_of DESC, e.id DESC",
	[STMT_CHG_REVIEWS] =
	    "SELECT r.system, r.repo, r.number, r.review_id, r.reviewer, "
	    "r.reviewer_bot, r.state, r.submitted, r.commit_sha, r.evidence_id "
	    "FROM change_review r JOIN evidence_usable e "
	    "ON e.id = r.evidence_id "
	    "WHERE e.as_of <= ? ORDER BY r.system, r.repo, r.number, "
	    "r.review_id, e.as_of DESC, e.id DESC",
	[STMT_CHG_DEPLOYMENTS] =
	    "SELECT d.system, d.repo, d.deployment_id, d.environment, d.sha, "
	    "d.ref, d.created, d.actor, d.production, d.result, d.url, "
	    "d.evidence_id FROM deployment d JOIN evidence_usable e "
	    "ON e.id = d.evidence_id WHERE e.as_of <= ? ORDER BY d.system, "
	    "coalesce(d.repo, ''), d.deployment_id, e.as_of DESC, e.id DESC",
	[STMT_CHG_STATUSES] =
	    "SELECT s.system, s.repo, s.deployment_id, s.status_id, s.state, "
	    "s.created, s.creator, s.evidence_id FROM deployment_status s "
	    "JOIN evidence_usable e ON e.id = s.evidence_id WHERE e.as_of <= ? "
	    "ORDER BY s.system, s.repo, s.deployment_id, s.status_id, "
	    "e.as_of DESC, e.id DESC",
	[STMT_CHG_PROTECTIONS] =
	    "SELECT b.system, b.repo, b.branch, b.protected, "
	    "b.required_approvals, b.dismiss_stale, b.enforce_admins, "
	    "b.evidence_id, e.as_of, e.sha256 FROM branch_protection b "
	    "JOIN evidence_usable e ON e.id = b.evidence_id "
	    "WHERE e.as_of <= ? "
	    "ORDER BY b.system, b.repo, b.branch, e.as_of DESC, e.id DESC",
	[STMT_CHG_COMMITS] =
	    "SELECT g.repo, g.branch, g.sha, g.position, g.parents, "
	    "g.evidence_id FROM git_commit g JOIN (SELECT repo, branch, "
	    "(SELECT x.evidence_id FROM git_commit x JOIN evidence_usable e "
	    "ON e.id = x.evidence_id WHERE x.repo = k.repo AND "
	    "x.branch = k.branch AND e.as_of <= ?1 ORDER BY e.as_of DESC, "
	    "e.id DESC LIMIT 1) AS ev FROM (SELECT DISTINCT repo, branch "
	    "FROM git_commit) k) n ON g.evidence_id = n.ev "
	    "AND g.repo = n.repo AND g.branch = n.branch "
	    "ORDER BY g.repo, g.branch, g.position",
	[STMT_CHG_EVIDENCE] =
	    "SELECT id, sha256, kind, as_of FROM evidence_usable "
	    "WHERE as_of <= ? AND "
	    "kind IN ('github-pulls', 'github-reviews', 'github-deployments', "
	    "'github-deployment-statuses', 'github-branch-protection', "
	    "'gitlab-merge-requests', 'gitlab-approvals', 'git-repo', "
	    "'deployments-csv', 'deployments-json') ORDER BY id",
	[STMT_OBSERVATION_EXISTS] =
	    "SELECT 1 FROM evidence_observation WHERE evidence_id = ? "
	    "AND as_of = ?",
	[STMT_OBSERVATION_INSERT] =
	    "INSERT INTO evidence_observation (evidence_id, as_of, "
	    "collected_at, collector) VALUES (?, ?, ?, ?)",
	[STMT_OBSERVATIONS_ALL] =
	    "SELECT e.sha256, e.kind, o.as_of, o.collected_at, o.collector "
	    "FROM evidence_observation o JOIN evidence e "
	    "ON e.id = o.evidence_id ORDER BY e.id, o.as_of",
	[STMT_OBSERVATION_BY_REF] =
	    "SELECT 1 FROM evidence_observation o JOIN evidence e "
	    "ON e.id = o.evidence_id WHERE e.sha256 = ? AND o.as_of = ?",
	[STMT_VULN_SCAN_INSERT] =
	    "INSERT INTO vuln_scan (evidence_id, seq, line, tool, tool_version, "
	    "asset, started, finished, complete) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)",
	[STMT_VULN_FINDING_INSERT] =
	    "INSERT INTO vuln_finding (evidence_id, row_index, scan_seq, line, "
	    "fingerprint, rule, title, severity, severity_raw, cvss10, "
	    "location, fixed_in, status, justification, cves) VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/*
	 * A scan's instant: its finish, else its start, else its file's
	 * as-of (each observation of an unchanged report is a scan too).
	 */
	[STMT_VULN_SCANS] =
	    "SELECT s.evidence_id, s.seq, s.tool, s.asset, t, s.complete, "
	    "e.sha256, e.kind FROM (SELECT s.*, coalesce(s.finished, "
	    "s.started, e.as_of) AS t, e.as_of AS ev_as_of FROM vuln_scan s "
	    "JOIN evidence_usable e ON e.id = s.evidence_id) s JOIN evidence e "
	    "ON e.id = s.evidence_id WHERE t <= ?1 AND s.ev_as_of <= ?1 "
	    "ORDER BY s.tool, s.asset, t, s.evidence_id, s.seq",
	[STMT_VULN_OCCURRENCES] =
	    "SELECT f.fingerprint, s.tool, s.asset, coalesce(s.finished, "
	    "s.started, e.as_of) AS t, f.rule, f.title, f.severity, f.cvss10, "
	    "f.location, f.fixed_in, f.status, f.justification, f.evidence_id "
	    "FROM vuln_finding f JOIN vuln_scan s ON s.evidence_id = "
	    "f.evidence_id AND s.seq = f.scan_seq JOIN evidence_usable e "
	    "ON e.id = f.evidence_id WHERE e.as_of <= ?1 AND coalesce("
	    "s.finished, s.started, e.as_of) <= ?1 "
	    "ORDER BY s.tool, s.asset, f.fingerprint, t",
	[STMT_VULN_FINDINGS_OF] =
	    "SELECT f.fingerprint, f.rule, f.severity, s.asset FROM "
	    "vuln_finding f JOIN vuln_scan s ON s.evidence_id = f.evidence_id "
	    "AND s.seq = f.scan_seq WHERE f.evidence_id = ? "
	    "ORDER BY f.row_index",
	[STMT_INCIDENT_INSERT] =
	    "INSERT INTO incident (evidence_id, row_index, line, system, key, "
	    "title, kind, severity, status, created, detected, acknowledged, "
	    "escalated, resolved, service, url, labels) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_INCIDENT_EVENT_INSERT] =
	    "INSERT INTO incident_event (evidence_id, row_index, line, system, "
	    "event_id, incident, type, at, agent, summary) VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?)",
	[STMT_EVIDENCE_ID_BY_SHA256] =
	    "SELECT id FROM evidence WHERE sha256 = ?",
	[STMT_INCIDENTS] =
	    "SELECT i.system, i.key, i.title, i.severity, i.created, "
	    "i.detected, i.acknowledged, i.escalated, i.resolved FROM incident "
	    "i JOIN evidence_usable e ON e.id = i.evidence_id WHERE e.as_of <= ? "
	    "ORDER BY i.system, i.key, e.as_of DESC, e.id DESC",
	[STMT_TRAINING_INSERT] =
	    "INSERT INTO training_completion (evidence_id, row_index, line, "
	    "person, person_norm, course, completed_at, score, passed) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_BACKGROUND_INSERT] =
	    "INSERT INTO background_check (evidence_id, row_index, line, "
	    "person, person_norm, completed_at, result, provider, type) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_TRAINING_ROWS] =
	    "SELECT t.person_norm, t.course, t.completed_at, t.passed, "
	    "e.id, e.sha256 FROM training_completion t JOIN evidence e "
	    "ON e.id = t.evidence_id WHERE t.evidence_id IN (SELECT id FROM "
	    "evidence_usable WHERE as_of <= ?1) AND t.completed_at <= ?1 "
	    "ORDER BY t.person_norm, t.completed_at",
	[STMT_BACKGROUND_ROWS] =
	    "SELECT b.person_norm, b.completed_at, b.result, e.id, e.sha256 "
	    "FROM background_check b JOIN evidence e ON e.id = "
	    "b.evidence_id WHERE b.evidence_id IN (SELECT id FROM "
	    "evidence_usable WHERE as_of <= ?1) AND b.completed_at <= ?1 "
	    "ORDER BY b.person_norm, b.completed_at",
	[STMT_POLICY_APPROVAL_INSERT] =
	    "INSERT INTO policy_approval (policy_id, seq, version, "
	    "body_sha256, approved_by, approved_at) VALUES (?1, (SELECT "
	    "coalesce(max(seq), 0) + 1 FROM policy_approval WHERE policy_id "
	    "= ?1), ?2, ?3, ?4, ?5)",
	[STMT_POLICY_APPROVALS] =
	    "SELECT policy_id, version, body_sha256, approved_by, approved_at "
	    "FROM policy_approval ORDER BY policy_id, approved_at, seq",
	[STMT_POLICY_ACK_INSERT] =
	    "INSERT INTO policy_acknowledgement (evidence_id, row_index, "
	    "line, person, person_norm, policy, version, acknowledged_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_POLICY_ACK_ROWS] =
	    "SELECT a.person_norm, a.policy, a.version, a.acknowledged_at, "
	    "e.id, e.sha256 FROM policy_acknowledgement a JOIN evidence e ON "
	    "e.id = a.evidence_id WHERE a.evidence_id IN (SELECT id FROM "
	    "evidence_usable WHERE as_of <= ?1) AND a.acknowledged_at <= ?1 "
	    "ORDER BY a.person_norm, a.policy, a.acknowledged_at",
	[STMT_EVCONTROL_EXISTS] =
	    "SELECT 1 FROM evidence_control WHERE evidence_id = ? AND "
	    "control_id = ?",
	[STMT_EVCONTROL_INSERT] =
	    "INSERT INTO evidence_control (evidence_id, control_id, linked_at, "
	    "linked_by) VALUES (?, ?, ?, ?)",
	[STMT_EVCONTROL_ALL] =
	    "SELECT e.sha256, c.control_id, c.linked_at, c.linked_by FROM "
	    "evidence_control c JOIN evidence e ON e.id = c.evidence_id "
	    "ORDER BY e.id, c.control_id",
	[STMT_EVCONTROL_BY_REF] =
	    "SELECT 1 FROM evidence_control c JOIN evidence e ON e.id = "
	    "c.evidence_id WHERE e.sha256 = ? AND c.control_id = ?",
	[STMT_EVCONTROL_OF] =
	    "SELECT e.id, e.sha256, e.kind, e.as_of, e.period_start, "
	    "e.period_end, e.source_name FROM evidence_control c JOIN evidence "
	    "e ON e.id = c.evidence_id WHERE c.control_id = ?1 AND e.as_of "
	    "BETWEEN ?2 AND ?3 AND EXISTS (SELECT 1 FROM evidence_usable u "
	    "WHERE u.id = e.id AND u.as_of = e.as_of) ORDER BY e.as_of, e.id",
	[STMT_HIST_RESULTS] =
	    "SELECT e.id, e.as_of, r.verdict, r.population, (SELECT count(*) "
	    "FROM evaluation_exception x WHERE x.evaluation_id = e.id AND "
	    "x.test_id = r.test_id) FROM evaluation e JOIN evaluation_result r "
	    "ON r.evaluation_id = e.id WHERE r.test_id = ?1 AND e.as_of "
	    "BETWEEN ?2 AND ?3 ORDER BY e.as_of, e.seq",
	[STMT_HIST_EVIDENCE] =
	    "SELECT DISTINCT v.id, v.sha256, v.kind, v.as_of, v.source_name "
	    "FROM evaluation_evidence x JOIN evaluation e ON e.id = "
	    "x.evaluation_id JOIN evidence v ON v.id = x.evidence_id WHERE "
	    "x.test_id = ?1 AND e.as_of BETWEEN ?2 AND ?3 AND v.id IN (SELECT "
	    "id FROM evidence_usable) ORDER BY v.as_of, "
	    "v.id",
	[STMT_HIST_EXCEPTIONS] =
	    "SELECT x.subject, (SELECT x2.reason FROM evaluation_exception x2 "
	    "JOIN evaluation e2 ON e2.id = x2.evaluation_id WHERE x2.test_id = "
	    "?1 AND x2.subject = x.subject AND x2.severity = x.severity AND "
	    "e2.as_of BETWEEN ?2 AND ?3 ORDER BY e2.as_of DESC, e2.seq DESC, "
	    "x2.seq DESC LIMIT 1), min(e.as_of), max(e.as_of), "
	    "count(DISTINCT e.id), x.severity FROM evaluation_exception x JOIN "
	    "evaluation e ON e.id = x.evaluation_id WHERE x.test_id = ?1 AND "
	    "e.as_of BETWEEN ?2 AND ?3 GROUP BY x.subject, x.severity "
	    "ORDER BY 3, 1",
	[STMT_EVAL_TREND] =
	    "SELECT e.as_of, (SELECT count(*) FROM evaluation_result r WHERE "
	    "r.evaluation_id = e.id AND r.verdict = 'pass'), (SELECT count(*) "
	    "FROM evaluation_result r WHERE r.evaluation_id = e.id) FROM "
	    "evaluation e WHERE e.as_of BETWEEN ? AND ? ORDER BY e.as_of, "
	    "e.seq",
	[STMT_LEDGER_ENTRY_LAST_BY_REF] =
	    "SELECT idx FROM ledger_entry WHERE ref = ? ORDER BY idx DESC "
	    "LIMIT 1",
	[STMT_AUTH_USER_INSERT] =
	    "INSERT INTO app_user (name, display, role, period_start, "
	    "period_end, password_hash, created_at, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[STMT_AUTH_USER_GET] =
	    "SELECT id, name, display, role, period_start, period_end, "
	    "password_hash, totp_secret, totp_enrolled, totp_last_step, "
	    "disabled, failed_logins, lock_count, locked_until, "
	    "created_at, updated_at, updated_by FROM app_user WHERE name "
	    "= ?",
	[STMT_AUTH_USER_GET_ID] =
	    "SELECT id, name, display, role, period_start, period_end, "
	    "password_hash, totp_secret, totp_enrolled, totp_last_step, "
	    "disabled, failed_logins, lock_count, locked_until, "
	    "created_at, updated_at, updated_by FROM app_user WHERE id = "
	    "?",
	[STMT_AUTH_USERS] =
	    "SELECT id, name, display, role, period_start, period_end, "
	    "password_hash, totp_secret, totp_enrolled, totp_last_step, "
	    "disabled, failed_logins, lock_count, locked_until, "
	    "created_at, updated_at, updated_by FROM app_user ORDER BY "
	    "name",
	[STMT_AUTH_USER_UPDATE] =
	    "UPDATE app_user SET display = ?, role = ?, period_start = ?, "
	    "period_end = ?, disabled = ?, password_hash = ?, totp_secret "
	    "= ?, totp_enrolled = ?, updated_at = ?, updated_by = ? WHERE "
	    "id = ?",
	[STMT_AUTH_USER_THROTTLE] =
	    "UPDATE app_user SET failed_logins = ?, lock_count = ?, "
	    "locked_until = ?, totp_last_step = ? WHERE id = ?",
	[STMT_AUTH_TOKEN_INSERT] =
	    "INSERT INTO api_token (id, user_id, name, token_hash, role, "
	    "created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?)",
	[STMT_AUTH_TOKEN_BY_HASH] =
	    "SELECT t.id, u.name, t.name, t.role, t.created_at, "
	    "t.created_by, t.expires_at, t.revoked_at, t.revoked_by, "
	    "t.user_id FROM api_token t JOIN app_user u ON u.id = "
	    "t.user_id WHERE t.token_hash = ?",
	[STMT_AUTH_TOKEN_GET] =
	    "SELECT t.id, u.name, t.name, t.role, t.created_at, "
	    "t.created_by, t.expires_at, t.revoked_at, t.revoked_by, "
	    "t.user_id FROM api_token t JOIN app_user u ON u.id = "
	    "t.user_id WHERE t.id = ?",
	[STMT_AUTH_TOKENS] =
	    "SELECT t.id, u.name, t.name, t.role, t.created_at, "
	    "t.created_by, t.expires_at, t.revoked_at, t.revoked_by, "
	    "t.user_id FROM api_token t JOIN app_user u ON u.id = "
	    "t.user_id ORDER BY u.name, t.created_at, t.id",
	[STMT_AUTH_TOKEN_REVOKE] =
	    "UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id "
	    "= ? AND revoked_at IS NULL",
	[STMT_AUTH_SESSION_INSERT] =
	    "INSERT INTO app_session (id_hash, user_id, created_at, "
	    "last_seen, csrf_hash) VALUES (?, ?, ?, ?, ?)",
	[STMT_AUTH_SESSION_GET] =
	    "SELECT user_id, created_at, last_seen, csrf_hash FROM "
	    "app_session WHERE id_hash = ?",
	[STMT_AUTH_SESSION_TOUCH] =
	    "UPDATE app_session SET last_seen = ? WHERE id_hash = ?",
	[STMT_AUTH_SESSION_DELETE] =
	    "DELETE FROM app_session WHERE id_hash = ?",
	[STMT_RUN_INSERT] =
	    "INSERT INTO collection_run (source, target, started_at) VALUES "
	    "(?, ?, ?) RETURNING id",
	[STMT_RUN_PAGE_INSERT] =
	    "INSERT INTO collection_page (run_id, seq, sha256, kind, url, "
	    "as_of) VALUES (?, ?, ?, ?, ?, ?)",
	[STMT_RUN_PAGE_LINK] =
	    "UPDATE collection_page SET evidence_id = ? WHERE run_id = ? AND "
	    "seq = ?",
	[STMT_RUN_PAGE_DELETE] =
	    "DELETE FROM collection_page WHERE run_id = ? AND seq = ?",
	[STMT_RUN_CLOSE] =
	    "UPDATE collection_run SET ended_at = ?, complete = ?, note = ? "
	    "WHERE id = ? AND ended_at IS NULL",
	[STMT_RUN_GET] =
	    "SELECT " RUN_COLS " FROM collection_run r WHERE r.id = ?",
	[STMT_RUN_PAGES] =
	    "SELECT seq, kind, sha256, as_of, url, evidence_id FROM "
	    "collection_page WHERE run_id = ? ORDER BY seq",
	[STMT_RUN_LIST] =
	    "SELECT " RUN_COLS " FROM collection_run r ORDER BY "
	    "r.started_at DESC, r.id DESC LIMIT ?",
	[STMT_RUN_LIST_SOURCE] =
	    "SELECT " RUN_COLS " FROM collection_run r WHERE r.source = ? "
	    "ORDER BY r.started_at DESC, r.id DESC LIMIT ?",
	[STMT_RUN_CLOSED_IDS] =
	    "SELECT id FROM collection_run WHERE ended_at IS NOT NULL ORDER "
	    "BY id",
	[STMT_VALIDATOR_GET] =
	    "SELECT etag, last_modified, sha256, kind, link_next FROM "
	    "collect_validator WHERE url = ?",
	[STMT_VALIDATOR_PUT] =
	    "INSERT INTO collect_validator (url, etag, last_modified, sha256, "
	    "kind, link_next, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
	    "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
	    "kind = excluded.kind, link_next = excluded.link_next, "
	    "updated_at = excluded.updated_at",
	[STMT_VALIDATOR_DELETE] =
	    "DELETE FROM collect_validator WHERE url = ?",
	[STMT_MIGRATION_VERSION] =
	    "SELECT max(version) FROM schema_migration",
	[STMT_MIGRATION_APPLIED] =
	    "SELECT 1 FROM schema_migration WHERE version = ?",
	[STMT_MIGRATION_RECORD] =
	    "INSERT INTO schema_migration (version, name, applied_at) "
	    "VALUES (?, ?, ?)",
};
