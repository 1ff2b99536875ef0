/*
 * store.h: the storage interface every part of assure goes through.
 *
 * A store is a backend (SQLite today, PostgreSQL next) behind a table of
 * function pointers.  Callers never write SQL: they name a statement from
 * enum store_stmt, pass bound values, and receive rows through a callback.
 * Each backend has its own statement table (stmt_<backend>.c) holding the
 * text of every statement in its dialect, and its own numbered migrations
 * (schema/<backend>/NNNN_name.sql), applied forwards only.
 *
 * Transactions are explicit: store_begin, then store_commit or
 * store_rollback.  One evidence file is ingested in one transaction, so a
 * failure or a crash leaves either all of it or none of it.
 *
 * Shared code includes this header only, never sqlite3.h or libpq-fe.h.
 */
#ifndef ASSURE_STORE_H
#define ASSURE_STORE_H

#include "common/compat.h"
#include "common/err.h"

/* Every statement assure runs.  The comment gives the parameters. */
enum store_stmt {
	STMT_EVIDENCE_BY_SHA256,	/* sha256 -> evidence row */
	STMT_EVIDENCE_INSERT,		/* ... RETURNING id */
	STMT_EVIDENCE_FINISH,		/* as_of, records, id */
	STMT_EVIDENCE_LIST,		/* -> all evidence, newest first */
	STMT_EVIDENCE_COUNT,
	STMT_CRED_INSERT,		/* one credential report row */
	STMT_CRED_REPORT_INSERT,	/* evidence_id, partition, account */
	STMT_CRED_LATEST_REPORTS,	/* as_of -> latest report per account */
	STMT_CRED_ROWS,			/* evidence_id -> its rows */
	STMT_CRED_COUNT,		/* -> rows in iam_credential */
	STMT_EVAL_INSERT,		/* id, as_of, started_at, version */
	STMT_EVAL_RESULT_INSERT,
	STMT_EVAL_EXCEPTION_INSERT,
	STMT_EVAL_EVIDENCE_INSERT,
	STMT_EVAL_LATEST,		/* -> newest evaluation */
	STMT_EVAL_GET,			/* id -> that evaluation */
	STMT_EVAL_RESULTS,		/* evaluation id -> results */
	STMT_EVAL_EXCEPTIONS,		/* evaluation id, test id -> exceptions */
	STMT_EVAL_EVIDENCE,		/* evaluation id, test id -> sha256s */
	STMT_LEDGER_SIZE,		/* -> number of entries */
	STMT_LEDGER_ENTRY_INSERT,	/* idx, type, ref, body, leaf, nodes, at */
	STMT_LEDGER_ENTRY_GET,		/* idx -> idx, type, ref, body, created_at */
	STMT_LEDGER_LEAF_GET,		/* idx -> leaf hash */
	STMT_LEDGER_ENTRY_BY_REF,	/* ref -> idx (lowest first) */
	STMT_LEDGER_ENTRIES,		/* from, n -> idx, type, ref, body,
					   leaf, nodes of n entries from
					   index from on */
	STMT_LEDGER_NODE_GET,		/* byte offset + 1, idx -> 32 bytes */
	STMT_LEDGER_CHECKPOINT_INSERT,	/* size, root, note, created_at */
	STMT_LEDGER_CHECKPOINT_LATEST,	/* -> size, root, note, created_at */
	STMT_LEDGER_CHECKPOINT_AT_LEAST, /* size -> the smallest >= size */
	STMT_LEDGER_CHECKPOINT_AFTER,	/* t -> the first signed after t */
	STMT_LEDGER_CHECKPOINTS,	/* -> all, by size */
	STMT_LEDGER_TIMESTAMP_INSERT,	/* size, url, token, gen_time, at */
	STMT_LEDGER_TIMESTAMPS,		/* -> size, url, token, gen_time, note */
	STMT_EVIDENCE_ALL_REFS,		/* -> sha256 of every evidence row */
	STMT_EVAL_ALL_IDS,		/* -> every evaluation id */
	STMT_EVAL_IN_PERIOD,		/* start, end -> id, as_of of every
					   evaluation as of the period, in
					   recording order */
	STMT_PERSON_INSERT,		/* the 15 columns of person */
	STMT_ACCOUNT_INSERT,		/* the 19 columns of account */
	STMT_TENANT_SETTING_INSERT,	/* evidence_id, system, tenant, name, value */
	STMT_ID_SNAPSHOTS,		/* as_of -> system, tenant, kind, evidence
					 * id, as_of, sha256, complete run id
					 * (or NULL) of every account
					 * snapshot not after it */
	STMT_ID_ACCOUNT_ROWS,		/* evidence_id -> its account rows */
	STMT_ID_ACCOUNT_HISTORY,	/* system, tenant, account_id, as_of ->
					 * evidence_id, as_of, active,
					 * status_changed, status, kind */
	STMT_ID_ACCOUNTS_OF,		/* email, email, as_of -> system, tenant,
					 * account_id ever seen with that
					 * e-mail or login */
	STMT_ID_HR_LATEST,		/* as_of -> newest HR roster evidence */
	STMT_ID_PERSON_ROWS,		/* evidence_id -> its people */
	STMT_REVIEW_NEXT_SEQ,		/* -> next campaign seq */
	STMT_REVIEW_CAMPAIGN_INSERT,	/* id, seq, system, tenant, as_of,
					 * started_at, started_by */
	STMT_REVIEW_ITEM_INSERT,	/* the 10 first columns of review_item */
	STMT_REVIEW_CAMPAIGN_GET,	/* id -> campaign */
	STMT_REVIEW_CAMPAIGNS,		/* -> every campaign by seq */
	STMT_REVIEW_ITEMS,		/* campaign id -> items by seq */
	STMT_REVIEW_DECIDE,		/* decision, by, at, note, campaign, seq */
	STMT_REVIEW_CLOSE,		/* at, by, id */
	STMT_CHG_CHANGE_INSERT,		/* the 21 columns of change_request */
	STMT_CHG_REVIEW_INSERT,		/* the 12 columns of change_review */
	STMT_CHG_DEPLOYMENT_INSERT,	/* the 15 columns of deployment */
	STMT_CHG_STATUS_INSERT,		/* the 11 columns of deployment_status */
	STMT_CHG_PROTECTION_INSERT,	/* the 16 columns of branch_protection */
	STMT_CHG_COMMIT_INSERT,		/* the 16 columns of git_commit */
	STMT_CHG_CHANGES,		/* as_of -> changes, newest evidence
					   first per (system, repo, number) */
	STMT_CHG_REVIEWS,		/* as_of -> reviews, likewise per
					   (system, repo, number, review_id) */
	STMT_CHG_DEPLOYMENTS,		/* as_of -> deployments, likewise */
	STMT_CHG_STATUSES,		/* as_of -> deployment statuses */
	STMT_CHG_PROTECTIONS,		/* as_of -> protections, newest first
					   per (system, repo, branch) */
	STMT_CHG_COMMITS,		/* as_of -> commits of the newest
					   git-repo export per (repo, branch) */
	STMT_CHG_EVIDENCE,		/* as_of -> id, sha256, kind, as_of of
					   every change-management file */
	STMT_OBSERVATION_EXISTS,	/* evidence_id, as_of -> 1 */
	STMT_OBSERVATION_INSERT,	/* evidence_id, as_of, collected_at,
					   collector */
	STMT_OBSERVATIONS_ALL,		/* -> sha256, kind, as_of, collected_at,
					   collector */
	STMT_OBSERVATION_BY_REF,	/* sha256, as_of -> 1 */
	STMT_VULN_SCAN_INSERT,		/* the 9 columns of vuln_scan */
	STMT_VULN_FINDING_INSERT,	/* the 15 columns of vuln_finding */
	STMT_VULN_SCANS,		/* as_of -> every scan up to it:
					   evidence_id, seq, tool, asset, time,
					   complete, sha256, kind; by tool,
					   asset, time */
	STMT_VULN_OCCURRENCES,		/* as_of -> fingerprint, tool, asset,
					   time, rule, title, severity, cvss10,
					   location, fixed_in, status,
					   justification, evidence_id; by
					   tool, asset, fingerprint, time */
	STMT_VULN_FINDINGS_OF,		/* evidence_id -> fingerprint, rule,
					   severity, asset */
	STMT_INCIDENT_INSERT,		/* the 17 columns of incident */
	STMT_INCIDENT_EVENT_INSERT,	/* the 10 columns of incident_event */
	STMT_EVIDENCE_ID_BY_SHA256,	/* sha256 -> id */
	STMT_INCIDENTS,			/* as_of -> system, key, title, severity,
					   created, detected, acknowledged,
					   escalated, resolved; newest first
					   per (system, key) */
	STMT_TRAINING_INSERT,		/* the 9 columns of
					   training_completion */
	STMT_BACKGROUND_INSERT,		/* the 9 columns of background_check */
	STMT_TRAINING_ROWS,		/* as_of -> person_norm, course,
					   completed_at, passed, evidence_id,
					   sha256 of every completion up to
					   it, by person, completed_at */
	STMT_BACKGROUND_ROWS,		/* as_of -> person_norm, completed_at,
					   result, evidence_id, sha256, by
					   person, completed_at */
	STMT_POLICY_APPROVAL_INSERT,	/* policy_id, version, body_sha256,
					   approved_by, approved_at */
	STMT_POLICY_APPROVALS,		/* -> policy_id, version, body_sha256,
					   approved_by, approved_at; by
					   policy, then time */
	STMT_POLICY_ACK_INSERT,		/* the 8 columns of
					   policy_acknowledgement */
	STMT_POLICY_ACK_ROWS,		/* as_of -> person_norm, policy,
					   version, acknowledged_at,
					   evidence_id, sha256 of every
					   acknowledgement up to it, by
					   person, policy, time */
	STMT_EVCONTROL_EXISTS,		/* evidence_id, control_id -> 1 */
	STMT_EVCONTROL_INSERT,		/* evidence_id, control_id, linked_at,
					   linked_by */
	STMT_EVCONTROL_ALL,		/* -> sha256, control_id, linked_at,
					   linked_by */
	STMT_EVCONTROL_BY_REF,		/* sha256, control_id -> 1 */
	STMT_EVCONTROL_OF,		/* control_id, start, end -> evidence
					   id, sha256, kind, as_of,
					   period_start, period_end,
					   source_name of the evidence linked
					   whose instant is in [start, end] */
	STMT_HIST_RESULTS,		/* test_id, start, end -> evaluation id,
					   as_of, verdict, population,
					   exceptions (failing or not) of
					   every evaluation in [start, end],
					   by as_of */
	STMT_HIST_EVIDENCE,		/* test_id, start, end -> evidence id,
					   sha256, kind, as_of, source_name
					   used by those evaluations */
	STMT_HIST_EXCEPTIONS,		/* test_id, start, end -> subject,
					   its latest reason, first as_of,
					   last as_of, evaluations, severity,
					   per subject and severity, by
					   first */
	STMT_EVAL_TREND,		/* start, end -> as_of, tests passing,
					   tests of every evaluation as of
					   the period, by as_of */
	STMT_LEDGER_ENTRY_LAST_BY_REF,	/* ref -> idx (the newest) */
	STMT_AUTH_USER_INSERT,		/* name, display, role, period_start,
					   period_end, password_hash,
					   created_at, updated_at, updated_by
					   RETURNING id */
	STMT_AUTH_USER_GET,		/* name -> the AUTH_USER_COLS */
	STMT_AUTH_USER_GET_ID,		/* id -> the AUTH_USER_COLS */
	STMT_AUTH_USERS,		/* -> the AUTH_USER_COLS, by name */
	STMT_AUTH_USER_UPDATE,		/* display, role, period_start,
					   period_end, disabled, password_hash,
					   totp_secret, totp_enrolled,
					   updated_at, updated_by, id */
	STMT_AUTH_USER_THROTTLE,	/* failed_logins, lock_count,
					   locked_until, totp_last_step, id */
	STMT_AUTH_TOKEN_INSERT,		/* id, user_id, name, token_hash, role,
					   created_at, created_by,
					   expires_at */
	STMT_AUTH_TOKEN_BY_HASH,	/* token_hash -> the AUTH_TOKEN_COLS */
	STMT_AUTH_TOKEN_GET,		/* id -> the AUTH_TOKEN_COLS */
	STMT_AUTH_TOKENS,		/* -> the AUTH_TOKEN_COLS, by user,
					   created_at */
	STMT_AUTH_TOKEN_REVOKE,		/* revoked_at, revoked_by, id */
	STMT_AUTH_SESSION_INSERT,	/* id_hash, user_id, created_at,
					   last_seen, csrf_hash */
	STMT_AUTH_SESSION_GET,		/* id_hash -> user_id, created_at,
					   last_seen, csrf_hash */
	STMT_AUTH_SESSION_TOUCH,	/* last_seen, id_hash */
	STMT_AUTH_SESSION_DELETE,	/* id_hash */
	STMT_RUN_INSERT,		/* source, target, started_at
					   RETURNING id */
	STMT_RUN_PAGE_INSERT,		/* run_id, seq, sha256, kind, url,
					   as_of */
	STMT_RUN_PAGE_LINK,		/* evidence_id, run_id, seq */
	STMT_RUN_PAGE_DELETE,		/* run_id, seq (a page refused) */
	STMT_RUN_CLOSE,			/* ended_at, complete, note, id (only
					   while open) */
	STMT_RUN_GET,			/* id -> id, source, target,
					   started_at, ended_at, complete,
					   note, pages */
	STMT_RUN_PAGES,			/* run_id -> seq, kind, sha256, as_of,
					   url, evidence_id; by seq */
	STMT_RUN_LIST,			/* n -> the STMT_RUN_GET columns of
					   the newest n runs, newest first */
	STMT_RUN_LIST_SOURCE,		/* source, n -> likewise, of source */
	STMT_RUN_CLOSED_IDS,		/* -> id of every closed run, by id */
	STMT_VALIDATOR_GET,		/* url -> etag, last_modified, sha256,
					   kind, link_next */
	STMT_VALIDATOR_PUT,		/* url, etag, last_modified, sha256,
					   kind, link_next, updated_at: upsert */
	STMT_VALIDATOR_DELETE,		/* url */
	STMT_MIGRATION_VERSION,		/* -> max applied version */
	STMT_MIGRATION_RECORD,		/* version, name, applied_at */
	STMT_MIGRATION_APPLIED,		/* version -> 1 when applied */
	STMT__MAX
};

enum store_type {
	STORE_NULL = 0,
	STORE_INT,
	STORE_TEXT,
	STORE_BLOB,
};

/* A bound parameter or a column value. */
struct store_val {
	enum store_type	 type;
	int64_t		 i;
	const char	*s;	/* TEXT (NUL-terminated) or BLOB bytes */
	size_t		 n;	/* BLOB length */
};

#define STORE_NULLV		((struct store_val){ .type = STORE_NULL })
#define STORE_INTV(v)		((struct store_val){ .type = STORE_INT, .i = (v) })
#define STORE_TEXTV(v)		((struct store_val){ .type = STORE_TEXT, .s = (v) })
/* TEXT when non-NULL, else NULL. */
#define STORE_OPTTEXT(v)	((v) != NULL ? STORE_TEXTV(v) : STORE_NULLV)
/* INT when has, else NULL. */
#define STORE_OPTINT(has, v)	((has) ? STORE_INTV(v) : STORE_NULLV)

#define STORE_PARAMS_MAX	40
#define STORE_COLS_MAX		40

/*
 * Called once per result row with ncols values; the values are valid only
 * during the call.  Return ASSURE_OK to go on, anything else to stop (the
 * code is returned from store_exec).
 */
typedef enum assure_err (*store_row_fn)(const struct store_val *cols,
    int ncols, void *arg);

enum store_open_flags {
	STORE_READONLY = 1 << 0,	/* no writes, no migrations */
	STORE_CREATE = 1 << 1,		/* create the database if absent */
};

struct store;

/* An organisation's name: 1 to 63 bytes of [A-Za-z0-9._-], a letter or
 * digit first. */
#define STORE_ORG_MAX		64

struct store_ops {
	const char	*name;
	enum assure_err	(*open)(struct store *s, const char *target,
			    unsigned flags, struct assure_diag *reterr_diag);
	void		(*close)(struct store *s);
	enum assure_err	(*exec)(struct store *s, enum store_stmt stmt,
			    const struct store_val *params, int nparams,
			    store_row_fn fn, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*begin)(struct store *s, struct assure_diag *d);
	enum assure_err	(*commit)(struct store *s, struct assure_diag *d);
	enum assure_err	(*rollback)(struct store *s);
	/* Run one migration's SQL text (several statements). */
	enum assure_err	(*exec_script)(struct store *s, const char *sql,
			    struct assure_diag *reterr_diag);
	const struct migration *migrations;
	/*
	 * Organisations (NULL for a backend that holds one: SQLite).
	 * org_use: make name the connection's organisation, every later
	 * statement reading and writing its rows only (NOTFOUND when there
	 * is none).  org_create: add one (CONFLICT when it exists).
	 * org_list: name, created_at of each, by name.
	 */
	enum assure_err	(*org_use)(struct store *s, const char *name,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*org_create)(struct store *s, const char *name,
			    int64_t now, struct assure_diag *reterr_diag);
	enum assure_err	(*org_list)(struct store *s, store_row_fn fn,
			    void *arg, struct assure_diag *reterr_diag);
	/*
	 * Serialise ledger appends of the organisation until the open
	 * transaction ends (NULL: the backend's write transaction already
	 * does, as SQLite's BEGIN IMMEDIATE).
	 */
	enum assure_err	(*lock_ledger)(struct store *s,
			    struct assure_diag *reterr_diag);
	/* Hold off other processes migrating the same database, from
	 * before the version is read until after the last migration
	 * (NULL: a write transaction does). */
	enum assure_err	(*lock_schema)(struct store *s, bool lock,
			    struct assure_diag *reterr_diag);
	/*
	 * Evidence bytes kept in the database (NULL: in the workspace's
	 * files, as SQLite does).  blob_put: the whole of fd (from offset
	 * 0) as the bytes of the digest hex, inside the open transaction,
	 * in chunks (bounded memory); an existing copy is kept.  blob_read:
	 * the bytes in order, a chunk a call (NOTFOUND when there are none).
	 */
	enum assure_err	(*blob_put)(struct store *s, const char *hex, int fd,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*blob_read)(struct store *s, const char *hex,
			    enum assure_err (*fn)(const void *chunk,
			    size_t len, void *arg), void *arg,
			    struct assure_diag *reterr_diag);
	/* Wait for the statements sent in a batch (store_batch()) and
	 * report the first failure; NULL: nothing is ever deferred. */
	enum assure_err	(*flush)(struct store *s,
			    struct assure_diag *reterr_diag);
};

struct store {
	const struct store_ops	*ops;
	void			*impl;	/* the backend's connection */
	bool			 in_tx;
	uint64_t		 tx_seq;	/* counts store_begin() calls */
	bool			 batch;		/* store_batch() */
	unsigned		 flags;
	char			 org[STORE_ORG_MAX];	/* "" until org_use */
	/* store_fault_inject(): calls counted, the one to fail, how. */
	uint64_t		 calls;
	uint64_t		 fault_at;	/* 0: none armed */
	uint64_t		 fault_nth;	/* as given */
	enum assure_err		 fault_err;
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_postgres_ops;

/* Whether target names a PostgreSQL database (postgres:// or
 * postgresql://) rather than a SQLite file. */
bool store_target_is_postgres(const char *target);

/*
 * Open the store at target (a SQLite file path, or a postgres:// URI) and
 * bring its schema up to date unless STORE_READONLY.  On success
 * *ret_store is set; free it with store_close().  A PostgreSQL store
 * reads and writes nothing of an organisation's until store_org_use().
 */
enum assure_err store_open(const char *target, unsigned flags,
    struct store **ret_store, struct assure_diag *reterr_diag);
/* Roll back any open transaction and release everything; NULL is fine. */
void store_close(struct store *s);

enum assure_err store_exec(struct store *s, enum store_stmt stmt,
    const struct store_val *params, int nparams, store_row_fn fn, void *arg,
    struct assure_diag *reterr_diag);
/* Run a statement that yields one integer (first column of first row);
 * *ret is left alone when there is no row or the value is NULL, and
 * *ret_found (may be NULL) tells which. */
enum assure_err store_exec_int(struct store *s, enum store_stmt stmt,
    const struct store_val *params, int nparams, int64_t *ret,
    bool *ret_found, struct assure_diag *reterr_diag);

enum assure_err store_begin(struct store *s, struct assure_diag *d);
enum assure_err store_commit(struct store *s, struct assure_diag *d);
/* Never fails in a way the caller can act on; logs nothing. */
void store_rollback(struct store *s);

/*
 * target as it may be shown: a URI's password (user:PASSWORD@ and
 * password=... in its query) replaced by "***".
 */
void store_target_display(const char *target, char *out, size_t size);

/* Whether name is a valid organisation name (STORE_ORG_MAX). */
bool store_org_name_ok(const char *name);
/*
 * Organisations.  On a backend that holds one (SQLite), use accepts any
 * valid name and changes nothing, create is refused (INVAL, saying so)
 * and list lists none.
 */
enum assure_err store_org_use(struct store *s, const char *name,
    struct assure_diag *reterr_diag);
enum assure_err store_org_create(struct store *s, const char *name,
    int64_t now, struct assure_diag *reterr_diag);
enum assure_err store_org_list(struct store *s, store_row_fn fn, void *arg,
    struct assure_diag *reterr_diag);
/* Whether the store holds many organisations (PostgreSQL). */
bool store_has_orgs(const struct store *s);
/* Whether the store keeps the evidence bytes (ops->blob_put). */
bool store_keeps_blobs(const struct store *s);
/* ops->blob_put inside a transaction, ops->blob_read (store_ops). */
enum assure_err store_blob_put(struct store *s, const char *hex, int fd,
    struct assure_diag *reterr_diag);
enum assure_err store_blob_read(struct store *s, const char *hex,
    enum assure_err (*fn)(const void *chunk, size_t len, void *arg),
    void *arg, struct assure_diag *reterr_diag);

/*
 * Inside a transaction, between store_batch(s, true) and store_batch(s,
 * false), a backend may send statements that return no rows to the
 * caller (fn NULL) without waiting for each: PostgreSQL pipelines them,
 * which is what makes a bulk ingest fast over a network.  Their failure
 * is then reported by a later statement of the transaction or by the
 * closing store_batch(s, false), which waits for all of them; the
 * transaction can only be rolled back.  For bulk inserts whose every
 * failure fails the whole transaction (ingest's records), never for a
 * statement whose own outcome the caller acts on.
 */
enum assure_err store_batch(struct store *s, bool on,
    struct assure_diag *reterr_diag);

/*
 * For tests only: fault injection through the interface.  Every
 * store_exec (and store_exec_int), store_begin, store_commit,
 * store_blob_put and store_batch call is counted.  store_fault_inject(s,
 * n, err) makes the nth such call from now on (1: the next) fail with err
 * and the message "injected fault at store call n", without reaching the
 * backend (a commit so failed rolls the transaction back, as a real one
 * does); the calls after it succeed again.  n == 0 disarms.
 * store_calls() is the count so far, to measure an operation's calls.
 */
void store_fault_inject(struct store *s, uint64_t nth, enum assure_err err);
uint64_t store_calls(const struct store *s);
/* Whether an armed fault has not fired yet. */
bool store_fault_pending(const struct store *s);

/* ops->lock_ledger, inside a transaction; nothing where it is NULL. */
enum assure_err store_lock_ledger(struct store *s,
    struct assure_diag *reterr_diag);

/* The schema version the database is at, and the newest this build knows. */
enum assure_err store_schema_version(struct store *s, int64_t *ret_have,
    int64_t *ret_want, struct assure_diag *d);

/*
 * PostgreSQL only.  The role s is connected as (in role, size bytes) and
 * whether it escapes row-level security (*ret_bypasses_rls: a superuser
 * or a role with BYPASSRLS, which see and write every organisation's
 * rows), for `assure db status` to show.  INVAL on another backend.
 */
enum assure_err store_pg_role_info(struct store *s, bool *ret_bypasses_rls,
    char *role, size_t size, struct assure_diag *d);

#endif
