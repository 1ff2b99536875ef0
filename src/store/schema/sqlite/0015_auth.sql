-- 0015_auth: the engine's own users, API tokens and browser sessions
-- (src/auth/users.h).  Every change to a user or a token is also a ledger
-- entry ("user-*", ref "user:NAME"; "token-*", ref "token:ID") appended
-- in the same transaction, and `assure ledger verify` compares each row
-- with its newest entry.  The throttling columns (failed_logins,
-- lock_count, locked_until, totp_last_step) and sessions are operational
-- state and are not logged; logins and failed logins are ("login",
-- "login-failed", ref "login:NAME").

CREATE TABLE app_user (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	display		TEXT NOT NULL,
	role		TEXT NOT NULL,
	period_start	BIGINT,
	period_end	BIGINT,
	password_hash	TEXT NOT NULL,
	totp_secret	TEXT,
	totp_enrolled	INTEGER NOT NULL DEFAULT 0,
	totp_last_step	BIGINT NOT NULL DEFAULT 0,
	disabled	INTEGER NOT NULL DEFAULT 0,
	failed_logins	INTEGER NOT NULL DEFAULT 0,
	lock_count	INTEGER NOT NULL DEFAULT 0,
	locked_until	BIGINT NOT NULL DEFAULT 0,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	updated_by	TEXT NOT NULL
);

CREATE TABLE api_token (
	id		TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	name		TEXT NOT NULL,
	token_hash	TEXT NOT NULL UNIQUE,
	role		TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	created_by	TEXT NOT NULL,
	expires_at	BIGINT,
	revoked_at	BIGINT,
	revoked_by	TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE app_session (
	id_hash		TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	last_seen	BIGINT NOT NULL,
	csrf_hash	TEXT NOT NULL
);
CREATE INDEX app_session_user ON app_session (user_id);
