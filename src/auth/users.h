/*
 * users.h: the engine's own users, their credentials and roles, API
 * tokens and browser sessions (docs/SECURITY.md).
 *
 * Users live in the store (app_user, migration 0015_auth); passwords are
 * hashed with Argon2id (libsodium crypto_pwhash_str, OPSLIMIT and
 * MEMLIMIT INTERACTIVE); TOTP is RFC 6238 (liboath: SHA-1, 30 s steps, 6
 * digits, a window of one step either side, a code accepted once) and is
 * required for the admin and manager roles.  API tokens are 32 random
 * bytes shown once as "assure_<base64url>" and stored as the SHA-256 of
 * that text; sessions likewise.
 *
 * Every change to a user or a token is a ledger entry appended in the
 * same transaction as its row, with a signed checkpoint (ledger.h,
 * ledger_encode_user/ledger_encode_token), and so are logins and failed
 * logins (auth_record_login).  Nothing here prints; every function takes
 * the instant `now` so that lock-out and expiry can be tested.
 *
 * Functions that change something take `by`, the actor recorded in the
 * ledger (the CLI passes "cli:<login name of the Unix user>").
 */
#ifndef ASSURE_AUTH_USERS_H
#define ASSURE_AUTH_USERS_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

#define AUTH_NAME_MAX		64	/* login name: [a-z0-9._@-] */
#define AUTH_DISPLAY_MAX	128
#define AUTH_BY_MAX		128
#define AUTH_PASSWORD_MIN	12
#define AUTH_PASSWORD_MAX	1024
#define AUTH_LOCK_FAILURES	5	/* consecutive failures before a lock */
#define AUTH_LOCK_SECONDS	(15 * 60)	/* the first lock; doubles */
#define AUTH_LOCK_MAX_SECONDS	(24 * 60 * 60)
#define AUTH_TOTP_SECRET_LEN	20	/* bytes (160 bits, RFC 4226) */
#define AUTH_TOTP_B32_MAX	64
#define AUTH_TOTP_STORED_MAX	128	/* "x1:" + base64url(nonce+ct+tag) */
#define AUTH_KEY_FILE		"auth.key"	/* in .assure/, mode 0600 */
#define AUTH_KEY_LEN		32
#define AUTH_TOTP_STEP		30
#define AUTH_TOTP_DIGITS	6
#define AUTH_TOTP_WINDOW	1
#define AUTH_TOTP_ISSUER	"assure"
#define AUTH_URI_MAX		512
#define AUTH_TOKEN_PREFIX	"assure_"
#define AUTH_TOKEN_BYTES	32
#define AUTH_TOKEN_TEXT_MAX	64	/* prefix + 43 base64url + NUL */
#define AUTH_TOKEN_ID_LEN	16	/* hex characters */
#define AUTH_TOKEN_NAME_MAX	64
#define AUTH_SESSION_IDLE	(30 * 60)
#define AUTH_SESSION_ABSOLUTE	(12 * 60 * 60)
/*
 * Test builds may lower the Argon2id limits to libsodium's minimum by
 * setting this variable to 1 (Argon2id at INTERACTIVE limits under ASan
 * is slow); the hash string records its parameters, so verification is
 * unaffected.  Never set it in production.
 */
#define AUTH_TEST_PWHASH_ENV	"ASSURE_TEST_PWHASH_MIN"

/*
 * The key that encrypts TOTP secrets at rest (XChaCha20-Poly1305, the
 * user's name as associated data): dotdir/auth.key, 64 hex digits, made
 * with mode 0600 when absent.  PERM when the file is readable by group
 * or others.  The caller zeroes key after use.
 */
enum assure_err auth_key_load(const char *dotdir,
    unsigned char key[AUTH_KEY_LEN], struct assure_diag *reterr_diag);

/* Ranked: a token's role may not exceed its user's. */
enum auth_role {
	AUTH_ROLE_VIEWER,	/* read-only */
	AUTH_ROLE_AUDITOR,	/* read-only, limited to a period */
	AUTH_ROLE_OWNER,	/* a control owner: their controls */
	AUTH_ROLE_MANAGER,	/* the compliance manager */
	AUTH_ROLE_ADMIN,	/* users, tokens, everything */
	AUTH_ROLE__MAX
};

/* "viewer", "auditor", "owner", "manager", "admin". */
const char *auth_role_name(enum auth_role r);
/* 0 and *ret set, or -1 when s names no role. */
int auth_role_parse(const char *s, enum auth_role *ret);
/* Whether the role must use TOTP (admin, manager). */
bool auth_role_needs_mfa(enum auth_role r);

/* A user as listed: never any secret. */
struct auth_user {
	int64_t		id;
	char		name[AUTH_NAME_MAX + 1];
	char		display[AUTH_DISPLAY_MAX + 1];
	enum auth_role	role;
	bool		has_period;	/* auditors: what they may see */
	int64_t		period_start;
	int64_t		period_end;
	bool		disabled;
	bool		totp_enrolled;
	int64_t		failed_logins;
	int64_t		locked_until;	/* 0: not locked */
	int64_t		created_at;
	int64_t		updated_at;
	char		updated_by[AUTH_BY_MAX + 1];
};

struct auth_users {
	struct auth_user	*v;
	size_t			 n;
};

/* Whether name is a valid login name (1-64 of [a-z0-9._@-]). */
bool auth_name_valid(const char *name);

/*
 * Add a user.  period (start, end) is required for auditors and refused
 * for other roles.  CONFLICT when the name is taken; INVAL naming the
 * field for a bad name, display, role or password (shorter than
 * AUTH_PASSWORD_MIN).
 */
enum assure_err user_add(struct store *s, struct ledger *l, const char *name,
    const char *display, enum auth_role role, bool has_period,
    int64_t period_start, int64_t period_end, const char *password,
    const char *by, int64_t now, struct assure_diag *reterr_diag);
/* Every user, by name; release with auth_users_release(). */
enum assure_err user_list(struct store *s, struct auth_users *ret,
    struct assure_diag *reterr_diag);
void auth_users_release(struct auth_users *u);
/* One user by name (NOTFOUND naming it). */
enum assure_err user_get(struct store *s, const char *name,
    struct auth_user *ret, struct assure_diag *reterr_diag);
enum assure_err user_disable(struct store *s, struct ledger *l,
    const char *name, const char *by, int64_t now,
    struct assure_diag *reterr_diag);
/* A new role (and period, for auditors). */
enum assure_err user_set_role(struct store *s, struct ledger *l,
    const char *name, enum auth_role role, bool has_period,
    int64_t period_start, int64_t period_end, const char *by, int64_t now,
    struct assure_diag *reterr_diag);
/* Forget the TOTP secret: the user must enrol again. */
enum assure_err user_reset_mfa(struct store *s, struct ledger *l,
    const char *name, const char *by, int64_t now,
    struct assure_diag *reterr_diag);
enum assure_err user_password_set(struct store *s, struct ledger *l,
    const char *name, const char *password, const char *by, int64_t now,
    struct assure_diag *reterr_diag);
/*
 * Start TOTP enrolment: a new secret (pending until confirmed; not yet a
 * ledger entry, since nothing a login checks has changed), and the
 * otpauth:// URI to show once, into uri (AUTH_URI_MAX bytes; the caller
 * zeroes it after use).  CONFLICT when already enrolled (reset first).
 */
enum assure_err user_totp_enrol(struct store *s,
    const unsigned char key[AUTH_KEY_LEN], const char *name, char *uri,
    size_t uri_size, struct assure_diag *reterr_diag);
/* Confirm with a current code: enrolled, "user-mfa-enrol" entry.  PERM
 * when the code is wrong. */
enum assure_err user_totp_confirm(struct store *s, struct ledger *l,
    const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *code, const char *by, int64_t now,
    struct assure_diag *reterr_diag);

/* RFC 6238 over a raw secret: 0 when code is valid at now within
 * +-window steps (and *ret_step is its step), -1 otherwise. */
int auth_totp_check(const unsigned char *secret, size_t len, int64_t now,
    unsigned window, const char *code, int64_t *ret_step);
/* The code at now (digits 6 or 8) into out (digits + 1 bytes). */
int auth_totp_code(const unsigned char *secret, size_t len, int64_t now,
    unsigned digits, char *out);

enum auth_outcome {
	AUTH_OK,
	AUTH_DENIED,		/* unknown user or wrong password: alike */
	AUTH_LOCKED,		/* too many failures; try after locked_until */
	AUTH_DISABLED,
	AUTH_MFA_REQUIRED,	/* password right; a TOTP code is needed */
	AUTH_MFA_NOT_ENROLLED,	/* the role needs TOTP; enrol first */
	AUTH_MFA_BAD,		/* wrong or reused code */
	AUTH_OUTCOME__MAX
};

/* "ok", "denied", "locked", ... */
const char *auth_outcome_name(enum auth_outcome o);

/*
 * Check a password and (when enrolled or required) a TOTP code (may be
 * NULL) at now; key opens the TOTP secret (auth_key_load).  An unknown
 * name is verified against a dummy hash, so it costs the same and gives
 * AUTH_DENIED like a wrong password.  After AUTH_LOCK_FAILURES
 * consecutive failures the user is locked for AUTH_LOCK_SECONDS, doubling
 * per lock up to AUTH_LOCK_MAX_SECONDS; a success resets both.  Records
 * "login" or "login-failed" in the ledger (auth_record_login).  On
 * AUTH_OK, *ret_user (may be NULL) is the user.
 */
/* The lock-out: after failures consecutive failures, seconds (doubling
 * per lock up to AUTH_LOCK_MAX_SECONDS). */
struct auth_lock {
	int	failures;
	int64_t	seconds;
};

/* user_authenticate() with the lock-out of assure.yaml's server:. */
enum assure_err user_authenticate_lock(struct store *s, struct ledger *l,
    const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *password, const char *totp_code,
    const struct auth_lock *lock, int64_t now,
    enum auth_outcome *ret_outcome, struct auth_user *ret_user,
    struct assure_diag *reterr_diag);
enum assure_err user_authenticate(struct store *s, struct ledger *l,
    const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *password, const char *totp_code, int64_t now,
    enum auth_outcome *ret_outcome, struct auth_user *ret_user,
    struct assure_diag *reterr_diag);

/*
 * Append a "login" or "login-failed" entry for name (method e.g.
 * "password", "password+totp", "token"; reason an auth_outcome_name, for
 * failures).  Like ledger_append, inside the caller's store transaction;
 * the caller signs a checkpoint and commits (as user_authenticate does).
 */
enum assure_err auth_record_login(struct ledger *l, struct store *s,
    const char *name, bool ok, const char *method, const char *reason,
    int64_t now, struct assure_diag *reterr_diag);

/* An API token, as read back (never its text or hash). */
struct auth_token {
	char		id[AUTH_TOKEN_ID_LEN + 1];
	char		user[AUTH_NAME_MAX + 1];
	char		name[AUTH_TOKEN_NAME_MAX + 1];
	enum auth_role	role;
	int64_t		created_at;
	bool		expires;
	int64_t		expires_at;
	bool		revoked;
	int64_t		revoked_at;
};

/*
 * Create a token for user with a label and role (at most the user's;
 * PERM otherwise), expiring at expires_at (0: never).  The token text
 * (AUTH_TOKEN_TEXT_MAX bytes) is returned once in text; only its SHA-256
 * is stored.  The caller zeroes text after showing it.
 */
enum assure_err token_create(struct store *s, struct ledger *l,
    const char *user, const char *label, enum auth_role role,
    int64_t expires_at, const char *by, int64_t now, char *text,
    char *ret_id, struct assure_diag *reterr_diag);
/*
 * A token's user and effective role (the lower of the token's and the
 * user's current role) at now.  PERM when the token is unknown, revoked,
 * expired, or its user is disabled.
 */
enum assure_err token_verify(struct store *s, const char *text, int64_t now,
    struct auth_user *ret_user, enum auth_role *ret_role,
    struct assure_diag *reterr_diag);
struct auth_tokens {
	struct auth_token	*v;
	size_t			 n;
};

/* Every token, by user and creation; release with auth_tokens_release(). */
enum assure_err token_list(struct store *s, struct auth_tokens *ret,
    struct assure_diag *reterr_diag);
void auth_tokens_release(struct auth_tokens *t);
/* Revoke the token id of user (NOTFOUND; CONFLICT when revoked). */
enum assure_err token_revoke(struct store *s, struct ledger *l,
    const char *user, const char *id, const char *by, int64_t now,
    struct assure_diag *reterr_diag);

#define AUTH_SESSION_TEXT_MAX	AUTH_TOKEN_TEXT_MAX

/*
 * A browser session for user id: the session token and the CSRF token
 * (AUTH_SESSION_TEXT_MAX bytes each), stored hashed.
 */
enum assure_err session_create(struct store *s, int64_t user_id, int64_t now,
    char *ret_session, char *ret_csrf, struct assure_diag *reterr_diag);
/*
 * The session's user at now, and the last-seen time moved to now.  PERM
 * (and the session deleted) when idle for more than idle seconds, older
 * than absolute seconds, unknown, or its user disabled.  With csrf (may
 * be NULL), the CSRF token must be the session's (PERM otherwise).
 */
enum assure_err session_verify(struct store *s, const char *session,
    const char *csrf, int64_t now, int64_t idle, int64_t absolute,
    struct auth_user *ret_user, struct assure_diag *reterr_diag);
enum assure_err session_end(struct store *s, const char *session,
    struct assure_diag *reterr_diag);

/* The Argon2id limits in use (see AUTH_TEST_PWHASH_ENV). */
void auth_pwhash_limits(unsigned long long *ret_ops, size_t *ret_mem);

/*
 * The QR code of text: as terminal text (two modules per character cell
 * with Unicode half blocks, a quiet zone of 2), and as a standalone SVG
 * document.
 */
enum assure_err qr_text(const char *text, struct assure_buf *out);
enum assure_err qr_svg(const char *text, struct assure_buf *out);

#endif
