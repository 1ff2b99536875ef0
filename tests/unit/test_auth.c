/*
 * test_auth.c: the engine's own users (auth/users.h): Argon2id round trip,
 * wrong password and unknown user alike, lock-out and its release with an
 * injected clock, RFC 6238 vectors and the window, TOTP enrolment and the
 * MFA rule, tokens (create, verify, revoke, expiry, role ceiling),
 * sessions (idle and absolute timeouts, CSRF), the ledger entry of every
 * change, ledger_verify on an honest store and on edited rows, and the QR
 * code as well-formed SVG.
 */
#include "common/compat.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <liboath/oath.h>
#include <sqlite3.h>

#include "testutil.h"
#include "auth/users.h"
#include "ledger/ledger.h"
#include "workspace/workspace.h"

#define T0	1790000000	/* 2026-09-21, an instant for the tests */
#define PW	"correct horse battery"
#define BY	"test:unit"

struct fixture {
	char			*dir;
	struct workspace	*ws;
	unsigned char		 key[AUTH_KEY_LEN];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ws = tu_workspace_new("Auth Unit", &f->dir);
	assert_int_equal(auth_key_load(f->ws->dotdir, f->key, NULL),
	    ASSURE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

static void
add(struct fixture *f, const char *name, enum auth_role role)
{
	struct assure_diag d;
	bool per = role == AUTH_ROLE_AUDITOR;

	assert_int_equal(user_add(f->ws->store, f->ws->ledger, name, NULL,
	    role, per, per ? T0 - 86400 * 90 : 0, per ? T0 : 0, PW, BY, T0,
	    &d), ASSURE_OK);
}

static enum auth_outcome
login(struct fixture *f, const char *name, const char *pw, const char *code,
    int64_t now)
{
	struct assure_diag d;
	enum auth_outcome o;

	assert_int_equal(user_authenticate(f->ws->store, f->ws->ledger,
	    f->key, name, pw, code, now, &o, NULL, &d), ASSURE_OK);
	return o;
}

static int64_t
sql_int(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(f->ws->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
sql_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->ws->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static enum assure_err
verify(struct fixture *f, struct ledger_verify_report *rep,
    struct assure_diag *d)
{
	assure_diag_clear(d);
	return ledger_verify(f->ws->ledger, f->ws->evidence_dir, rep, NULL,
	    NULL, d);
}

static void
test_roles(void **state)
{
	enum auth_role r;

	assert_int_equal(auth_role_parse("owner", &r), 0);
	assert_int_equal(r, AUTH_ROLE_OWNER);
	assert_int_equal(auth_role_parse("root", &r), -1);
	assert_string_equal(auth_role_name(AUTH_ROLE_AUDITOR), "auditor");
	assert_true(AUTH_ROLE_VIEWER < AUTH_ROLE_AUDITOR &&
	    AUTH_ROLE_AUDITOR < AUTH_ROLE_OWNER &&
	    AUTH_ROLE_OWNER < AUTH_ROLE_MANAGER &&
	    AUTH_ROLE_MANAGER < AUTH_ROLE_ADMIN);
	assert_true(auth_role_needs_mfa(AUTH_ROLE_ADMIN));
	assert_true(auth_role_needs_mfa(AUTH_ROLE_MANAGER));
	assert_false(auth_role_needs_mfa(AUTH_ROLE_OWNER));
	assert_true(auth_name_valid("alice.b-c_d@example.com"));
	assert_false(auth_name_valid("Alice"));
	assert_false(auth_name_valid(""));
	assert_false(auth_name_valid("a b"));
}

static void
test_add_and_validation(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct auth_users us;

	add(f, "alice", AUTH_ROLE_OWNER);
	assert_int_equal(user_add(f->ws->store, f->ws->ledger, "alice", NULL,
	    AUTH_ROLE_VIEWER, false, 0, 0, PW, BY, T0, &d),
	    ASSURE_ERR_CONFLICT);
	assert_int_equal(user_add(f->ws->store, f->ws->ledger, "bob", NULL,
	    AUTH_ROLE_VIEWER, false, 0, 0, "short", BY, T0, &d),
	    ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "password");
	assert_non_null(strstr(d.msg, "bob"));
	assert_int_equal(user_add(f->ws->store, f->ws->ledger, "Bob", NULL,
	    AUTH_ROLE_VIEWER, false, 0, 0, PW, BY, T0, &d), ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "name");
	/* An auditor needs a period; nobody else may have one. */
	assert_int_equal(user_add(f->ws->store, f->ws->ledger, "carol", NULL,
	    AUTH_ROLE_AUDITOR, false, 0, 0, PW, BY, T0, &d), ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "period");
	assert_int_equal(user_add(f->ws->store, f->ws->ledger, "carol", NULL,
	    AUTH_ROLE_VIEWER, true, 0, 10, PW, BY, T0, &d), ASSURE_ERR_INVAL);
	add(f, "carol", AUTH_ROLE_AUDITOR);
	assert_int_equal(user_list(f->ws->store, &us, &d), ASSURE_OK);
	assert_int_equal(us.n, 2);
	assert_string_equal(us.v[0].name, "alice");
	assert_string_equal(us.v[1].name, "carol");
	assert_true(us.v[1].has_period);
	assert_int_equal(us.v[1].period_end, T0);
	auth_users_release(&us);
	/* The stored hash is Argon2id, never the password. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM app_user WHERE "
	    "password_hash LIKE '$argon2id$%' AND password_hash NOT LIKE "
	    "'%correct horse%'"), 2);
}

static void
test_password(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct auth_user u;
	enum auth_outcome o;

	add(f, "alice", AUTH_ROLE_OWNER);
	assert_int_equal(user_authenticate(f->ws->store, f->ws->ledger,
	    f->key, "alice", PW, NULL, T0 + 1, &o, &u, &d), ASSURE_OK);
	assert_int_equal(o, AUTH_OK);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.role, AUTH_ROLE_OWNER);
	assert_int_equal(login(f, "alice", "wrong password!", NULL, T0 + 2),
	    AUTH_DENIED);
	/* Unknown and wrong: the same outcome. */
	assert_int_equal(login(f, "nobody", PW, NULL, T0 + 3), AUTH_DENIED);
	assert_int_equal(login(f, "NOT A NAME", PW, NULL, T0 + 3),
	    AUTH_DENIED);
	assert_int_equal(user_password_set(f->ws->store, f->ws->ledger,
	    "alice", "a new password here", BY, T0 + 4, &d), ASSURE_OK);
	assert_int_equal(login(f, "alice", PW, NULL, T0 + 5), AUTH_DENIED);
	assert_int_equal(login(f, "alice", "a new password here", NULL,
	    T0 + 6), AUTH_OK);
	assert_int_equal(user_disable(f->ws->store, f->ws->ledger, "alice",
	    BY, T0 + 7, &d), ASSURE_OK);
	assert_int_equal(login(f, "alice", "a new password here", NULL,
	    T0 + 8), AUTH_DISABLED);
	assert_int_equal(user_disable(f->ws->store, f->ws->ledger, "alice",
	    BY, T0 + 9, &d), ASSURE_ERR_CONFLICT);
	assert_int_equal(user_disable(f->ws->store, f->ws->ledger, "zed",
	    BY, T0 + 9, &d), ASSURE_ERR_NOTFOUND);
	assert_string_equal(d.field, "zed");
	/* Logins and failures are entries. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger_entry WHERE "
	    "type = 'login'"), 2);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger_entry WHERE "
	    "type = 'login-failed'"), 5);
}

static void
test_lockout(void **state)
{
	struct fixture *f = *state;
	struct auth_user u;
	struct assure_diag d;
	int i;
	int64_t t = T0 + 100;

	add(f, "alice", AUTH_ROLE_OWNER);
	for (i = 0; i < AUTH_LOCK_FAILURES; i++)
		assert_int_equal(login(f, "alice", "wrong password!", NULL,
		    t + i), AUTH_DENIED);
	/* Locked: even the right password is refused. */
	assert_int_equal(login(f, "alice", PW, NULL, t + 10), AUTH_LOCKED);
	assert_int_equal(user_get(f->ws->store, "alice", &u, &d), ASSURE_OK);
	assert_int_equal(u.locked_until, t + 4 + AUTH_LOCK_SECONDS);
	assert_int_equal(login(f, "alice", PW, NULL,
	    t + 4 + AUTH_LOCK_SECONDS - 1), AUTH_LOCKED);
	/* The lock over, five more failures lock again. */
	t = t + 4 + AUTH_LOCK_SECONDS;
	for (i = 0; i < AUTH_LOCK_FAILURES; i++)
		assert_int_equal(login(f, "alice", "wrong password!", NULL,
		    t + i), AUTH_DENIED);
	/* The second lock lasts twice as long. */
	assert_int_equal(user_get(f->ws->store, "alice", &u, &d), ASSURE_OK);
	assert_int_equal(u.locked_until, t + 4 + 2 * AUTH_LOCK_SECONDS);
	assert_int_equal(login(f, "alice", PW, NULL,
	    t + 4 + 2 * AUTH_LOCK_SECONDS - 1), AUTH_LOCKED);
	assert_int_equal(login(f, "alice", PW, NULL,
	    t + 4 + 2 * AUTH_LOCK_SECONDS), AUTH_OK);
	assert_int_equal(user_get(f->ws->store, "alice", &u, &d), ASSURE_OK);
	assert_int_equal(u.failed_logins, 0);
	assert_int_equal(u.locked_until, 0);
	/* The throttling columns are not part of the logged state. */
	struct ledger_verify_report rep;
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
}

static void
test_totp_vectors(void **state)
{
	/* RFC 6238 appendix B, SHA-1. */
	static const struct {
		int64_t		t;
		const char	*otp8;
	} v[] = {
		{ 59, "94287082" },
		{ 1111111109, "07081804" },
		{ 1111111111, "14050471" },
		{ 1234567890, "89005924" },
		{ 2000000000, "69279037" },
		{ 20000000000LL, "65353130" },
	};
	const unsigned char *k = (const unsigned char *)"12345678901234567890";
	char out[9], six[7];
	int64_t step;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(auth_totp_code(k, 20, v[i].t, 8, out), 0);
		assert_string_equal(out, v[i].otp8);
		/* Six digits: the same number mod 10^6. */
		assert_int_equal(auth_totp_code(k, 20, v[i].t, 6, out), 0);
		assert_string_equal(out, v[i].otp8 + 2);
		assert_int_equal(auth_totp_check(k, 20, v[i].t, 0,
		    v[i].otp8 + 2, &step), 0);
		assert_int_equal(step, v[i].t / 30);
		assert_int_equal(auth_totp_check(k, 20, v[i].t, 0, v[i].otp8,
		    NULL), 0);
	}
	/* The window: one step either side, not two. */
	assert_int_equal(auth_totp_code(k, 20, 1111111111, 6, six), 0);
	assert_int_equal(auth_totp_check(k, 20, 1111111111 + 30, 1, six,
	    &step), 0);
	assert_int_equal(step, 1111111111 / 30);
	assert_int_equal(auth_totp_check(k, 20, 1111111111 - 30, 1, six,
	    NULL), 0);
	assert_int_equal(auth_totp_check(k, 20, 1111111111 + 60, 1, six,
	    NULL), -1);
	assert_int_equal(auth_totp_check(k, 20, 1111111111 + 30, 0, six,
	    NULL), -1);
	assert_int_equal(auth_totp_check(k, 20, 1111111111, 1, "12345a",
	    NULL), -1);
	assert_int_equal(auth_totp_check(k, 20, 1111111111, 1, "", NULL),
	    -1);
	/* Against liboath itself. */
	assert_int_equal(oath_totp_generate((const char *)k, 20, 1234567890,
	    30, 0, 6, out), OATH_OK);
	assert_int_equal(auth_totp_check(k, 20, 1234567890, 0, out, NULL), 0);
}

/* The secret of an otpauth URI, decoded. */
static void
uri_secret(const char *uri, unsigned char *out)
{
	const char *p = strstr(uri, "secret="), *e;
	char b32[AUTH_TOTP_B32_MAX + 1];
	char *bin = NULL;
	size_t n = 0;

	assert_non_null(p);
	p += strlen("secret=");
	e = strchr(p, '&');
	assert_non_null(e);
	assert_true((size_t)(e - p) < sizeof(b32));
	memcpy(b32, p, (size_t)(e - p));
	b32[e - p] = '\0';
	assert_int_equal(oath_base32_decode(b32, strlen(b32), &bin, &n),
	    OATH_OK);
	assert_int_equal(n, AUTH_TOTP_SECRET_LEN);
	memcpy(out, bin, n);
	free(bin);
}

static void
test_mfa(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct ledger_verify_report rep;
	unsigned char k[AUTH_TOTP_SECRET_LEN];
	char uri[AUTH_URI_MAX], code[7];
	int64_t t = T0 + 1000;

	add(f, "root", AUTH_ROLE_ADMIN);
	assert_int_equal(login(f, "root", PW, NULL, t), AUTH_MFA_NOT_ENROLLED);
	assert_int_equal(user_totp_enrol(f->ws->store, f->key, "root",
	    uri, sizeof(uri), &d), ASSURE_OK);
	assert_true(strncmp(uri, "otpauth://totp/assure:root?secret=", 34) ==
	    0);
	assert_non_null(strstr(uri, "&issuer=assure"));
	uri_secret(uri, k);
	/* Sealed at rest: the base32 of the URI is not in the database. */
	{
		char sql[256], *p = strstr(uri, "secret=") + 7;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM app_user "
		    "WHERE totp_secret LIKE 'x1:%%' AND instr(totp_secret, "
		    "'%.32s') = 0", p);
		assert_int_equal(sql_int(f, sql), 1);
	}
	/* Pending: not enrolled yet, and verify still passes. */
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
	assert_int_equal(user_totp_confirm(f->ws->store, f->ws->ledger,
	    f->key, "root", "000000", BY, t, &d), ASSURE_ERR_PERM);
	assert_int_equal(auth_totp_code(k, sizeof(k), t, 6, code), 0);
	if (strcmp(code, "000000") == 0)
		skip();
	assert_int_equal(user_totp_confirm(f->ws->store, f->ws->ledger,
	    f->key, "root", code, BY, t, &d), ASSURE_OK);
	assert_int_equal(user_totp_enrol(f->ws->store, f->key, "root",
	    uri, sizeof(uri), &d), ASSURE_ERR_CONFLICT);
	/* The confirming code may not log in again. */
	assert_int_equal(login(f, "root", PW, code, t + 1), AUTH_MFA_BAD);
	assert_int_equal(login(f, "root", PW, NULL, t + 30), AUTH_MFA_REQUIRED);
	assert_int_equal(auth_totp_code(k, sizeof(k), t + 30, 6, code), 0);
	assert_int_equal(login(f, "root", "wrong password!", code, t + 30),
	    AUTH_DENIED);
	/* Another key does not open the secret. */
	{
		unsigned char other[AUTH_KEY_LEN];
		enum auth_outcome o;

		memcpy(other, f->key, sizeof(other));
		other[0] ^= 1;
		assert_int_equal(user_authenticate(f->ws->store,
		    f->ws->ledger, other, "root", PW, code, t + 31, &o, NULL,
		    &d), ASSURE_OK);
		assert_int_equal(o, AUTH_MFA_BAD);
	}
	assert_int_equal(login(f, "root", PW, code, t + 31), AUTH_OK);
	assert_int_equal(login(f, "root", PW, code, t + 32), AUTH_MFA_BAD);
	/* Reset: must enrol again. */
	assert_int_equal(user_reset_mfa(f->ws->store, f->ws->ledger, "root",
	    BY, t + 40, &d), ASSURE_OK);
	assert_int_equal(login(f, "root", PW, NULL, t + 60),
	    AUTH_MFA_NOT_ENROLLED);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM app_user WHERE "
	    "totp_secret IS NOT NULL"), 0);
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
	/* An enrolled secret swapped in the database is caught. */
	assert_int_equal(user_totp_enrol(f->ws->store, f->key, "root",
	    uri, sizeof(uri), &d), ASSURE_OK);
	uri_secret(uri, k);
	assert_int_equal(auth_totp_code(k, sizeof(k), t + 90, 6, code), 0);
	assert_int_equal(user_totp_confirm(f->ws->store, f->ws->ledger,
	    f->key, "root", code, BY, t + 90, &d), ASSURE_OK);
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
	sql_exec(f, "UPDATE app_user SET totp_secret = "
	    "'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' WHERE name = 'root'");
	assert_int_equal(verify(f, &rep, &d), ASSURE_ERR_TAMPER);
	assert_non_null(strstr(d.source, "user root"));
}

static void
test_tokens(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct auth_user u;
	enum auth_role r;
	char text[AUTH_TOKEN_TEXT_MAX], text2[AUTH_TOKEN_TEXT_MAX];
	char id[AUTH_TOKEN_ID_LEN + 1], id2[AUTH_TOKEN_ID_LEN + 1];
	int64_t t = T0 + 5000;

	add(f, "alice", AUTH_ROLE_MANAGER);
	add(f, "vic", AUTH_ROLE_VIEWER);
	/* The role ceiling. */
	assert_int_equal(token_create(f->ws->store, f->ws->ledger, "vic",
	    "ci", AUTH_ROLE_ADMIN, 0, BY, t, text, id, &d), ASSURE_ERR_PERM);
	assert_string_equal(d.field, "role");
	assert_int_equal(token_create(f->ws->store, f->ws->ledger, "alice",
	    "ci", AUTH_ROLE_OWNER, t + 86400, BY, t, text, id, &d), ASSURE_OK);
	assert_true(strncmp(text, "assure_", 7) == 0);
	assert_int_equal(strlen(text), 7 + 43);
	assert_int_equal(strlen(id), AUTH_TOKEN_ID_LEN);
	assert_int_equal(token_verify(f->ws->store, text, t + 1, &u, &r, &d),
	    ASSURE_OK);
	assert_string_equal(u.name, "alice");
	assert_int_equal(r, AUTH_ROLE_OWNER);
	/* Never stored in clear. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM api_token WHERE "
	    "length(token_hash) = 64"), 1);
	/* Expiry. */
	assert_int_equal(token_verify(f->ws->store, text, t + 86400, &u, &r,
	    &d), ASSURE_ERR_PERM);
	/* Unknown or malformed. */
	text[10] = text[10] == 'A' ? 'B' : 'A';
	assert_int_equal(token_verify(f->ws->store, text, t + 1, &u, &r, &d),
	    ASSURE_ERR_PERM);
	assert_int_equal(token_verify(f->ws->store, "nope", t + 1, &u, &r,
	    &d), ASSURE_ERR_PERM);
	/* A user's lowered role lowers the token's. */
	assert_int_equal(token_create(f->ws->store, f->ws->ledger, "alice",
	    "cron", AUTH_ROLE_MANAGER, 0, BY, t, text2, id2, &d), ASSURE_OK);
	assert_int_equal(user_set_role(f->ws->store, f->ws->ledger, "alice",
	    AUTH_ROLE_VIEWER, false, 0, 0, BY, t + 2, &d), ASSURE_OK);
	assert_int_equal(token_verify(f->ws->store, text2, t + 3, &u, &r, &d),
	    ASSURE_OK);
	assert_int_equal(r, AUTH_ROLE_VIEWER);
	/* Revocation. */
	assert_int_equal(token_revoke(f->ws->store, f->ws->ledger, "vic", id2,
	    BY, t + 4, &d), ASSURE_ERR_NOTFOUND);
	assert_int_equal(token_revoke(f->ws->store, f->ws->ledger, "alice",
	    id2, BY, t + 4, &d), ASSURE_OK);
	assert_int_equal(token_revoke(f->ws->store, f->ws->ledger, "alice",
	    id2, BY, t + 4, &d), ASSURE_ERR_CONFLICT);
	assert_int_equal(token_verify(f->ws->store, text2, t + 5, &u, &r, &d),
	    ASSURE_ERR_PERM);
	/* A disabled user's tokens stop working. */
	assert_int_equal(token_create(f->ws->store, f->ws->ledger, "vic",
	    "dash", AUTH_ROLE_VIEWER, 0, BY, t, text, id, &d), ASSURE_OK);
	assert_int_equal(user_disable(f->ws->store, f->ws->ledger, "vic", BY,
	    t + 6, &d), ASSURE_OK);
	assert_int_equal(token_verify(f->ws->store, text, t + 7, &u, &r, &d),
	    ASSURE_ERR_PERM);
	/* Entries: never the token nor its hash. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger_entry WHERE "
	    "type = 'token-create'"), 3);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger_entry WHERE "
	    "type = 'token-revoke'"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger_entry e, "
	    "api_token t WHERE instr(CAST(e.body AS TEXT), t.token_hash) > 0 "
	    "OR instr(CAST(e.body AS TEXT), 'assure_') > 0"), 0);
}

static void
test_sessions(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct auth_user u;
	char sess[AUTH_SESSION_TEXT_MAX], csrf[AUTH_SESSION_TEXT_MAX];
	int64_t t = T0 + 9000, idle = AUTH_SESSION_IDLE;
	int64_t abs = AUTH_SESSION_ABSOLUTE;

	add(f, "alice", AUTH_ROLE_OWNER);
	assert_int_equal(user_get(f->ws->store, "alice", &u, &d), ASSURE_OK);
	assert_int_equal(session_create(f->ws->store, u.id, t, sess, csrf,
	    &d), ASSURE_OK);
	assert_int_equal(session_verify(f->ws->store, sess, NULL, t + 10,
	    idle, abs, &u, &d), ASSURE_OK);
	assert_string_equal(u.name, "alice");
	assert_int_equal(session_verify(f->ws->store, sess, csrf, t + 20,
	    idle, abs, &u, &d), ASSURE_OK);
	assert_int_equal(session_verify(f->ws->store, sess, sess, t + 20,
	    idle, abs, &u, &d), ASSURE_ERR_PERM);
	assert_string_equal(d.field, "csrf");
	/* Kept alive under the idle limit, up to the absolute one. */
	int64_t now = t + 20;
	while (now + idle - 1 < t + abs) {
		now += idle - 1;
		assert_int_equal(session_verify(f->ws->store, sess, NULL, now,
		    idle, abs, &u, &d), ASSURE_OK);
	}
	assert_int_equal(session_verify(f->ws->store, sess, NULL, t + abs + 1,
	    idle, abs, &u, &d), ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "too old"));
	/* ... and deleted. */
	assert_int_equal(session_verify(f->ws->store, sess, NULL, t + abs + 2,
	    idle, abs, &u, &d), ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "unknown"));
	/* Idle. */
	assert_int_equal(session_create(f->ws->store, u.id, t, sess, csrf,
	    &d), ASSURE_OK);
	assert_int_equal(session_verify(f->ws->store, sess, NULL,
	    t + idle + 1, idle, abs, &u, &d), ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "idle"));
	/* Ended. */
	assert_int_equal(session_create(f->ws->store, u.id, t, sess, csrf,
	    &d), ASSURE_OK);
	assert_int_equal(session_end(f->ws->store, sess, &d), ASSURE_OK);
	assert_int_equal(session_verify(f->ws->store, sess, NULL, t + 1,
	    idle, abs, &u, &d), ASSURE_ERR_PERM);
	/* Stored hashed. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM app_session WHERE "
	    "length(id_hash) = 64 AND length(csrf_hash) = 64"),
	    sql_int(f, "SELECT count(*) FROM app_session"));
}

static void
test_ledger_entries_and_tamper(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct ledger_verify_report rep;
	char text[AUTH_TOKEN_TEXT_MAX], id[AUTH_TOKEN_ID_LEN + 1];

	add(f, "alice", AUTH_ROLE_OWNER);
	add(f, "carol", AUTH_ROLE_AUDITOR);
	assert_int_equal(user_set_role(f->ws->store, f->ws->ledger, "alice",
	    AUTH_ROLE_VIEWER, false, 0, 0, BY, T0 + 1, &d), ASSURE_OK);
	assert_int_equal(user_password_set(f->ws->store, f->ws->ledger,
	    "alice", "another long password", BY, T0 + 2, &d), ASSURE_OK);
	assert_int_equal(user_reset_mfa(f->ws->store, f->ws->ledger, "carol",
	    BY, T0 + 3, &d), ASSURE_OK);
	assert_int_equal(token_create(f->ws->store, f->ws->ledger, "alice",
	    "ci", AUTH_ROLE_VIEWER, 0, BY, T0 + 4, text, id, &d), ASSURE_OK);
	assert_int_equal(user_disable(f->ws->store, f->ws->ledger, "carol",
	    BY, T0 + 5, &d), ASSURE_OK);
	assert_int_equal(sql_int(f, "SELECT count(DISTINCT type) FROM "
	    "ledger_entry WHERE type IN ('user-add', 'user-role', "
	    "'user-password', 'user-mfa-reset', 'user-disable', "
	    "'token-create')"), 6);
	/* No secret material in any entry. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger_entry WHERE "
	    "instr(CAST(body AS TEXT), 'argon2') > 0 OR "
	    "instr(CAST(body AS TEXT), 'password here') > 0"), 0);
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
	assert_int_equal(rep.users, 2);
	assert_int_equal(rep.tokens, 1);
	/* Edit a role behind assure's back. */
	sql_exec(f, "UPDATE app_user SET role = 'admin' WHERE name = 'alice'");
	assert_int_equal(verify(f, &rep, &d), ASSURE_ERR_TAMPER);
	assert_string_equal(d.source, "user alice");
	sql_exec(f, "UPDATE app_user SET role = 'viewer' WHERE name = "
	    "'alice'");
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
	/* A replaced password hash. */
	sql_exec(f, "UPDATE app_user SET password_hash = (SELECT "
	    "password_hash FROM app_user WHERE name = 'carol') WHERE name = "
	    "'alice'");
	assert_int_equal(verify(f, &rep, &d), ASSURE_ERR_TAMPER);
	assert_string_equal(d.source, "user alice");
}

static void
test_tamper_rows(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct ledger_verify_report rep;
	char text[AUTH_TOKEN_TEXT_MAX], id[AUTH_TOKEN_ID_LEN + 1];

	add(f, "alice", AUTH_ROLE_OWNER);
	assert_int_equal(token_create(f->ws->store, f->ws->ledger, "alice",
	    "ci", AUTH_ROLE_VIEWER, 0, BY, T0 + 4, text, id, &d), ASSURE_OK);
	assert_int_equal(token_revoke(f->ws->store, f->ws->ledger, "alice",
	    id, BY, T0 + 5, &d), ASSURE_OK);
	assert_int_equal(verify(f, &rep, &d), ASSURE_OK);
	/* Un-revoke a token. */
	sql_exec(f, "UPDATE api_token SET revoked_at = NULL, revoked_by = "
	    "NULL");
	assert_int_equal(verify(f, &rep, &d), ASSURE_ERR_TAMPER);
	assert_non_null(strstr(d.source, "token"));
	/* A user added without assure. */
	sql_exec(f, "DELETE FROM api_token");
	sql_exec(f, "INSERT INTO app_user (name, display, role, "
	    "password_hash, created_at, updated_at, updated_by) VALUES "
	    "('mallory', 'm', 'admin', 'x', 1, 1, 'x')");
	assert_int_equal(verify(f, &rep, &d), ASSURE_ERR_TAMPER);
	/* The token's entries now log a row that is gone, and mallory has
	 * no entry: either is reported. */
	assert_true(strstr(d.msg, "not in the database") != NULL ||
	    strstr(d.msg, "no ledger entry") != NULL);
	sql_exec(f, "DELETE FROM app_user WHERE name = 'mallory'");
	assert_int_equal(verify(f, &rep, &d), ASSURE_ERR_TAMPER);
	assert_non_null(strstr(d.msg, "not in the database"));
	assert_non_null(strstr(d.msg, "token"));
}

static void
test_key_file(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	struct stat st;
	unsigned char again[AUTH_KEY_LEN];
	char *path = tu_join(f->ws->dotdir, AUTH_KEY_FILE);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(auth_key_load(f->ws->dotdir, again, &d), ASSURE_OK);
	assert_memory_equal(again, f->key, AUTH_KEY_LEN);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(auth_key_load(f->ws->dotdir, again, &d),
	    ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "chmod 600"));
	free(path);
}

static void
test_qr(void **state)
{
	struct assure_buf b;
	xmlDocPtr doc;
	xmlNodePtr root;
	const char *uri = "otpauth://totp/assure:alice?secret="
	    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=assure";

	assure_buf_init(&b, 0);
	assert_int_equal(qr_svg(uri, &b), ASSURE_OK);
	doc = xmlReadMemory(b.data, (int)b.len, "qr.svg", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "svg");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href,
	    "http://www.w3.org/2000/svg");
	xmlFreeDoc(doc);
	assure_buf_free(&b);
	assure_buf_init(&b, 0);
	assert_int_equal(qr_text(uri, &b), ASSURE_OK);
	assert_non_null(strstr(b.data, "\u2588"));
	assure_buf_free(&b);
}

/* The lock-out of assure.yaml's server: section, not the defaults. */
static void
test_lockout_setting(void **state)
{
	static const struct auth_lock two = { 2, 60 };
	struct fixture *f = *state;
	struct assure_diag d;
	enum auth_outcome o;

	add(f, "lee", AUTH_ROLE_VIEWER);
	assert_int_equal(user_authenticate_lock(f->ws->store, f->ws->ledger,
	    f->key, "lee", "wrong password!", NULL, &two, T0, &o, NULL, &d),
	    ASSURE_OK);
	assert_int_equal(o, AUTH_DENIED);
	assert_int_equal(user_authenticate_lock(f->ws->store, f->ws->ledger,
	    f->key, "lee", "wrong password!", NULL, &two, T0 + 1, &o, NULL,
	    &d), ASSURE_OK);
	assert_int_equal(o, AUTH_DENIED);
	/* Locked after two, for 60 seconds, even with the password. */
	assert_int_equal(user_authenticate_lock(f->ws->store, f->ws->ledger,
	    f->key, "lee", PW, NULL, &two, T0 + 2, &o, NULL, &d), ASSURE_OK);
	assert_int_equal(o, AUTH_LOCKED);
	assert_int_equal(user_authenticate_lock(f->ws->store, f->ws->ledger,
	    f->key, "lee", PW, NULL, &two, T0 + 62, &o, NULL, &d), ASSURE_OK);
	assert_int_equal(o, AUTH_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test_setup_teardown(test_lockout_setting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_add_and_validation,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_password, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test(test_totp_vectors),
		cmocka_unit_test_setup_teardown(test_mfa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_ledger_entries_and_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_key_file, setup,
		    teardown),
		cmocka_unit_test(test_qr),
	};

	/* Argon2id at libsodium's minimum: the suite runs under ASan too. */
	setenv(AUTH_TEST_PWHASH_ENV, "1", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
