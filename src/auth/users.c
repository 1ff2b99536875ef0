/*
 * users.c: the engine's own users, tokens and sessions (see users.h).
 */
#include "common/compat.h"

#include <sys/stat.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "auth/users.h"
#include "common/fileio.h"
#include "common/hash.h"
#include "common/timeutil.h"

static const char *const role_names[AUTH_ROLE__MAX] = {
	[AUTH_ROLE_VIEWER] = "viewer",
	[AUTH_ROLE_AUDITOR] = "auditor",
	[AUTH_ROLE_OWNER] = "owner",
	[AUTH_ROLE_MANAGER] = "manager",
	[AUTH_ROLE_ADMIN] = "admin",
};

static const char *const outcome_names[AUTH_OUTCOME__MAX] = {
	[AUTH_OK] = "ok",
	[AUTH_DENIED] = "denied",
	[AUTH_LOCKED] = "locked",
	[AUTH_DISABLED] = "disabled",
	[AUTH_MFA_REQUIRED] = "mfa-required",
	[AUTH_MFA_NOT_ENROLLED] = "mfa-not-enrolled",
	[AUTH_MFA_BAD] = "mfa-bad",
};

const char *
auth_role_name(enum auth_role r)
{
	return (unsigned)r < AUTH_ROLE__MAX ? role_names[r] : "?";
}

int
auth_role_parse(const char *s, enum auth_role *ret)
{
	int i;

	for (i = 0; i < AUTH_ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*ret = (enum auth_role)i;
			return 0;
		}
	return -1;
}

bool
auth_role_needs_mfa(enum auth_role r)
{
	return r == AUTH_ROLE_ADMIN || r == AUTH_ROLE_MANAGER;
}

const char *
auth_outcome_name(enum auth_outcome o)
{
	return (unsigned)o < AUTH_OUTCOME__MAX ? outcome_names[o] : "?";
}

bool
auth_name_valid(const char *name)
{
	size_t n = strlen(name), i;

	if (n == 0 || n > AUTH_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
		    name[i] == '_' || name[i] == '@' || name[i] == '-'))
			return false;
	return true;
}

static bool
text_valid(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* ------------------------------------------------------------ hashing */

static pthread_once_t	init_once = PTHREAD_ONCE_INIT;
static int		init_ok;

/*
 * What unknown names are checked against: Argon2id hashes, at each of the
 * limits in use, of random passwords nobody kept.  Constants, so that a
 * login for an unknown name costs one verification like any other.
 */
static const char dummy_interactive[] = "$argon2id$v=19$m=65536,t=2,p=1$"
    "vAQ4dUWcJglXDDwja3oZMg$DAYyY/FADyuD3N6acLn7itS37izUHCjIpwe7gdLEcH8";
static const char dummy_min[] = "$argon2id$v=19$m=8,t=1,p=1$"
    "68nP//H8G1VQ4KWffNuHkA$7+CGiatgC7b9KDVas9ok94pWdrm5eO5fy8MVSAZpIyc";

void
auth_pwhash_limits(unsigned long long *ret_ops, size_t *ret_mem)
{
	const char *e = getenv(AUTH_TEST_PWHASH_ENV);

	if (e != NULL && strcmp(e, "1") == 0) {
		*ret_ops = crypto_pwhash_OPSLIMIT_MIN;
		*ret_mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*ret_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*ret_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

static const char *
dummy_hash(void)
{
	unsigned long long ops;
	size_t mem;

	auth_pwhash_limits(&ops, &mem);
	return ops == crypto_pwhash_OPSLIMIT_MIN ? dummy_min :
	    dummy_interactive;
}

static int
pw_hash(char out[crypto_pwhash_STRBYTES], const char *password)
{
	unsigned long long ops;
	size_t mem;

	auth_pwhash_limits(&ops, &mem);
	return crypto_pwhash_str_alg(out, password, strlen(password), ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13);
}

static void
auth_init_once(void)
{
	if (sodium_init() < 0 || oath_init() != OATH_OK)
		return;
	init_ok = 1;
}

static enum assure_err
auth_init(struct assure_diag *d)
{
	pthread_once(&init_once, auth_init_once);
	if (!init_ok)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "auth", 0, 0, NULL,
		    "libsodium or liboath could not be initialised");
	return ASSURE_OK;
}

static void
sha256_hex_of(const void *p, size_t n, char hex[ASSURE_SHA256_HEXLEN + 1])
{
	unsigned char d[ASSURE_SHA256_LEN];

	if (assure_sha256(p, n, d) != ASSURE_OK)
		memset(d, 0, sizeof(d));
	assure_hex(d, sizeof(d), hex);
}

/* A random token: 32 bytes as base64url, after prefix. */
static void
random_text(const char *prefix, char *out, size_t size)
{
	unsigned char rnd[AUTH_TOKEN_BYTES];
	size_t pl = strlen(prefix);

	randombytes_buf(rnd, sizeof(rnd));
	memcpy(out, prefix, pl);
	sodium_bin2base64(out + pl, size - pl, rnd, sizeof(rnd),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(rnd, sizeof(rnd));
}

/* ------------------------------------------------------------ rows */

/* A user row with its secrets: never leaves this file. */
struct urow {
	bool		found;
	struct auth_user u;
	char		pwhash[crypto_pwhash_STRBYTES];
	char		totp[AUTH_TOTP_STORED_MAX + 1];	/* sealed, or "" */
	int64_t		totp_last_step;
	int64_t		lock_count;
};

static void
urow_wipe(struct urow *r)
{
	sodium_memzero(r, sizeof(*r));
}

static enum assure_err
urow_fill(struct urow *r, const struct store_val *c, int n)
{
	if (n < 17 || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_TEXT ||
	    c[6].type != STORE_TEXT || c[15].type != STORE_INT ||
	    c[16].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	memset(r, 0, sizeof(*r));
	r->found = true;
	r->u.id = c[0].i;
	assure_strlcpy(r->u.name, c[1].s, sizeof(r->u.name));
	assure_strlcpy(r->u.display, c[2].s, sizeof(r->u.display));
	if (auth_role_parse(c[3].s, &r->u.role) != 0)
		r->u.role = AUTH_ROLE_VIEWER;	/* ledger verify says why */
	r->u.has_period = c[4].type == STORE_INT && c[5].type == STORE_INT;
	r->u.period_start = c[4].i;
	r->u.period_end = c[5].i;
	assure_strlcpy(r->pwhash, c[6].s, sizeof(r->pwhash));
	if (c[7].type == STORE_TEXT)
		assure_strlcpy(r->totp, c[7].s, sizeof(r->totp));
	r->u.totp_enrolled = c[8].i != 0;
	r->totp_last_step = c[9].i;
	r->u.disabled = c[10].i != 0;
	r->u.failed_logins = c[11].i;
	r->lock_count = c[12].i;
	r->u.locked_until = c[13].i;
	r->u.created_at = c[14].i;
	r->u.updated_at = c[15].i;
	assure_strlcpy(r->u.updated_by, c[16].s, sizeof(r->u.updated_by));
	return ASSURE_OK;
}

static enum assure_err
urow_cb(const struct store_val *c, int n, void *arg)
{
	return urow_fill(arg, c, n);
}

static enum assure_err
urow_load(struct store *s, const char *name, struct urow *r,
    struct assure_diag *d)
{
	struct store_val p[1];
	enum assure_err rc;

	memset(r, 0, sizeof(*r));
	p[0] = STORE_TEXTV(name);
	rc = store_exec(s, STMT_AUTH_USER_GET, p, 1, urow_cb, r, d);
	if (rc == ASSURE_ERR_DB)
		return assure_diag_set(d, rc, "app_user", 0, 0, name,
		    "the user's row is malformed");
	return rc;
}

/* Load an existing user, NOTFOUND naming it otherwise. */
static enum assure_err
urow_need(struct store *s, const char *name, struct urow *r,
    struct assure_diag *d)
{
	enum assure_err rc;

	rc = urow_load(s, name, r, d);
	if (rc == ASSURE_OK && !r->found)
		rc = assure_diag_set(d, ASSURE_ERR_NOTFOUND, "user", 0, 0,
		    name, "no such user");
	return rc;
}

/* Append the user's state as entry type, with a checkpoint. */
static enum assure_err
log_user(struct ledger *l, const struct urow *r, const char *type,
    int64_t now, struct assure_diag *d)
{
	struct ledger_user lu;
	struct assure_buf b;
	char pw[ASSURE_SHA256_HEXLEN + 1], mfa[ASSURE_SHA256_HEXLEN + 1];
	char ref[AUTH_NAME_MAX + 16];
	enum assure_err rc;

	memset(&lu, 0, sizeof(lu));
	lu.name = r->u.name;
	lu.display = r->u.display;
	lu.role = auth_role_name(r->u.role);
	lu.has_period = r->u.has_period;
	lu.period_start = r->u.period_start;
	lu.period_end = r->u.period_end;
	lu.disabled = r->u.disabled;
	sha256_hex_of(r->pwhash, strlen(r->pwhash), pw);
	lu.password_sha256 = pw;
	if (r->u.totp_enrolled) {
		sha256_hex_of(r->totp, strlen(r->totp), mfa);
		lu.mfa_sha256 = mfa;
	}
	lu.by = r->u.updated_by;
	lu.at = r->u.updated_at;
	snprintf(ref, sizeof(ref), LEDGER_USER_REF_PREFIX "%s", r->u.name);
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	ledger_encode_user(&b, type, &lu);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = ledger_append(l, type, ref, b.data, b.len, now, NULL, d);
	assure_buf_free(&b);
	return rc;
}

/* Write the audited columns of r. */
static enum assure_err
urow_store(struct store *s, const struct urow *r, struct assure_diag *d)
{
	struct store_val v[11];

	v[0] = STORE_TEXTV(r->u.display);
	v[1] = STORE_TEXTV(auth_role_name(r->u.role));
	v[2] = STORE_OPTINT(r->u.has_period, r->u.period_start);
	v[3] = STORE_OPTINT(r->u.has_period, r->u.period_end);
	v[4] = STORE_INTV(r->u.disabled ? 1 : 0);
	v[5] = STORE_TEXTV(r->pwhash);
	v[6] = r->totp[0] != '\0' ? STORE_TEXTV(r->totp) : STORE_NULLV;
	v[7] = STORE_INTV(r->u.totp_enrolled ? 1 : 0);
	v[8] = STORE_INTV(r->u.updated_at);
	v[9] = STORE_TEXTV(r->u.updated_by);
	v[10] = STORE_INTV(r->u.id);
	return store_exec(s, STMT_AUTH_USER_UPDATE, v, 11, NULL, NULL, d);
}

/* Checkpoint and commit when rc is OK, roll back otherwise. */
static enum assure_err
tx_end(struct store *s, struct ledger *l, enum assure_err rc, int64_t now,
    struct assure_diag *d)
{
	if (rc == ASSURE_OK)
		rc = ledger_checkpoint(l, now, NULL, d);
	if (rc == ASSURE_OK)
		rc = store_commit(s, d);
	if (rc != ASSURE_OK)
		store_rollback(s);
	return rc;
}

static enum assure_err
check_by(const char *by, struct assure_diag *d)
{
	if (by == NULL || !text_valid(by, AUTH_BY_MAX))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0, "by",
		    "the actor must be 1 to %d printable characters",
		    AUTH_BY_MAX);
	return ASSURE_OK;
}

static enum assure_err
check_password(const char *name, const char *pw, struct assure_diag *d)
{
	size_t n = strlen(pw);

	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "password", "the password of %s must be %d to %d "
		    "characters long", name, AUTH_PASSWORD_MIN,
		    AUTH_PASSWORD_MAX);
	return ASSURE_OK;
}

static enum assure_err
check_period(const char *name, enum auth_role role, bool has_period,
    int64_t start, int64_t end, struct assure_diag *d)
{
	if (role == AUTH_ROLE_AUDITOR && !has_period)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "period", "%s: an auditor needs the period they may see",
		    name);
	if (role != AUTH_ROLE_AUDITOR && has_period)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "period", "%s: only auditors are limited to a period",
		    name);
	if (has_period && end <= start)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "period", "%s: the period must end after it starts", name);
	return ASSURE_OK;
}

/* ------------------------------------------------------------ users */

static enum assure_err
id_cb(const struct store_val *c, int n, void *arg)
{
	if (n >= 1 && c[0].type == STORE_INT)
		*(int64_t *)arg = c[0].i;
	return ASSURE_OK;
}

enum assure_err
user_add(struct store *s, struct ledger *l, const char *name,
    const char *display, enum auth_role role, bool has_period,
    int64_t period_start, int64_t period_end, const char *password,
    const char *by, int64_t now, struct assure_diag *d)
{
	struct urow r;
	struct store_val v[9];
	enum assure_err rc;

	if ((rc = auth_init(d)) != ASSURE_OK)
		return rc;
	if (!auth_name_valid(name))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "name", "'%.80s': a login name is 1 to %d of a-z, 0-9, "
		    "'.', '_', '@' and '-'", name, AUTH_NAME_MAX);
	if (display == NULL || *display == '\0')
		display = name;
	if (!text_valid(display, AUTH_DISPLAY_MAX))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "display", "%s: the display name must be 1 to %d "
		    "printable characters", name, AUTH_DISPLAY_MAX);
	if ((unsigned)role >= AUTH_ROLE__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "role", "%s: no such role", name);
	if ((rc = check_period(name, role, has_period, period_start,
	    period_end, d)) != ASSURE_OK ||
	    (rc = check_password(name, password, d)) != ASSURE_OK ||
	    (rc = check_by(by, d)) != ASSURE_OK)
		return rc;
	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = urow_load(s, name, &r, d);
	if (rc == ASSURE_OK && r.found)
		rc = assure_diag_set(d, ASSURE_ERR_CONFLICT, "user", 0, 0,
		    name, "a user of this name exists");
	if (rc == ASSURE_OK && pw_hash(r.pwhash, password) != 0)
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, "user", 0, 0,
		    "password", "%s: hashing the password failed (out of "
		    "memory)", name);
	if (rc == ASSURE_OK) {
		r.found = true;
		assure_strlcpy(r.u.name, name, sizeof(r.u.name));
		assure_strlcpy(r.u.display, display, sizeof(r.u.display));
		r.u.role = role;
		r.u.has_period = has_period;
		r.u.period_start = period_start;
		r.u.period_end = period_end;
		r.u.created_at = r.u.updated_at = now;
		assure_strlcpy(r.u.updated_by, by, sizeof(r.u.updated_by));
		v[0] = STORE_TEXTV(name);
		v[1] = STORE_TEXTV(display);
		v[2] = STORE_TEXTV(auth_role_name(role));
		v[3] = STORE_OPTINT(has_period, period_start);
		v[4] = STORE_OPTINT(has_period, period_end);
		v[5] = STORE_TEXTV(r.pwhash);
		v[6] = STORE_INTV(now);
		v[7] = STORE_INTV(now);
		v[8] = STORE_TEXTV(by);
		rc = store_exec(s, STMT_AUTH_USER_INSERT, v, 9, id_cb, &r.u.id,
		    d);
	}
	if (rc == ASSURE_OK)
		rc = log_user(l, &r, "user-add", now, d);
	rc = tx_end(s, l, rc, now, d);
	urow_wipe(&r);
	return rc;
}

static enum assure_err
list_cb(const struct store_val *c, int n, void *arg)
{
	struct auth_users *u = arg;
	struct auth_user *nv;
	struct urow r;
	enum assure_err rc;

	rc = urow_fill(&r, c, n);
	if (rc != ASSURE_OK)
		return rc;
	nv = reallocarray(u->v, u->n + 1, sizeof(*nv));
	if (nv == NULL) {
		urow_wipe(&r);
		return ASSURE_ERR_NOMEM;
	}
	u->v = nv;
	u->v[u->n++] = r.u;
	urow_wipe(&r);
	return ASSURE_OK;
}

enum assure_err
user_list(struct store *s, struct auth_users *ret, struct assure_diag *d)
{
	memset(ret, 0, sizeof(*ret));
	return store_exec(s, STMT_AUTH_USERS, NULL, 0, list_cb, ret, d);
}

void
auth_users_release(struct auth_users *u)
{
	free(u->v);
	memset(u, 0, sizeof(*u));
}

enum assure_err
user_get(struct store *s, const char *name, struct auth_user *ret,
    struct assure_diag *d)
{
	struct urow r;
	enum assure_err rc;

	rc = urow_need(s, name, &r, d);
	if (rc == ASSURE_OK)
		*ret = r.u;
	urow_wipe(&r);
	return rc;
}

/*
 * The shape of every change to an existing user: load in a transaction,
 * let change() edit the row, store it, log it as type, commit.
 */
static enum assure_err throttle_store(struct store *s, const struct urow *r,
    struct assure_diag *d);

typedef enum assure_err (*user_change_fn)(struct urow *r, const void *arg,
    struct assure_diag *d);

static enum assure_err
user_change(struct store *s, struct ledger *l, const char *name,
    const char *type, user_change_fn change, const void *arg,
    const char *by, int64_t now, struct assure_diag *d)
{
	struct urow r;
	enum assure_err rc;

	if ((rc = auth_init(d)) != ASSURE_OK ||
	    (rc = check_by(by, d)) != ASSURE_OK)
		return rc;
	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = urow_need(s, name, &r, d);
	if (rc == ASSURE_OK)
		rc = change(&r, arg, d);
	if (rc == ASSURE_OK) {
		r.u.updated_at = now;
		assure_strlcpy(r.u.updated_by, by, sizeof(r.u.updated_by));
		rc = urow_store(s, &r, d);
	}
	/* A new password lifts a lock; a confirmed code is spent. */
	if (rc == ASSURE_OK)
		rc = throttle_store(s, &r, d);
	if (rc == ASSURE_OK)
		rc = log_user(l, &r, type, now, d);
	rc = tx_end(s, l, rc, now, d);
	urow_wipe(&r);
	return rc;
}

static enum assure_err
ch_disable(struct urow *r, const void *arg, struct assure_diag *d)
{
	if (r->u.disabled)
		return assure_diag_set(d, ASSURE_ERR_CONFLICT, "user", 0, 0,
		    r->u.name, "the user is already disabled");
	r->u.disabled = true;
	return ASSURE_OK;
}

enum assure_err
user_disable(struct store *s, struct ledger *l, const char *name,
    const char *by, int64_t now, struct assure_diag *d)
{
	return user_change(s, l, name, "user-disable", ch_disable, NULL, by,
	    now, d);
}

struct role_arg {
	enum auth_role	role;
	bool		has_period;
	int64_t		start, end;
};

static enum assure_err
ch_role(struct urow *r, const void *arg, struct assure_diag *d)
{
	const struct role_arg *a = arg;
	enum assure_err rc;

	if ((unsigned)a->role >= AUTH_ROLE__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    "role", "%s: no such role", r->u.name);
	rc = check_period(r->u.name, a->role, a->has_period, a->start, a->end,
	    d);
	if (rc != ASSURE_OK)
		return rc;
	r->u.role = a->role;
	r->u.has_period = a->has_period;
	r->u.period_start = a->has_period ? a->start : 0;
	r->u.period_end = a->has_period ? a->end : 0;
	return ASSURE_OK;
}

enum assure_err
user_set_role(struct store *s, struct ledger *l, const char *name,
    enum auth_role role, bool has_period, int64_t period_start,
    int64_t period_end, const char *by, int64_t now, struct assure_diag *d)
{
	struct role_arg a = { role, has_period, period_start, period_end };

	return user_change(s, l, name, "user-role", ch_role, &a, by, now, d);
}

static enum assure_err
ch_reset_mfa(struct urow *r, const void *arg, struct assure_diag *d)
{
	sodium_memzero(r->totp, sizeof(r->totp));
	r->u.totp_enrolled = false;
	return ASSURE_OK;
}

enum assure_err
user_reset_mfa(struct store *s, struct ledger *l, const char *name,
    const char *by, int64_t now, struct assure_diag *d)
{
	return user_change(s, l, name, "user-mfa-reset", ch_reset_mfa, NULL,
	    by, now, d);
}

static enum assure_err
ch_password(struct urow *r, const void *arg, struct assure_diag *d)
{
	enum assure_err rc;

	rc = check_password(r->u.name, arg, d);
	if (rc != ASSURE_OK)
		return rc;
	if (pw_hash(r->pwhash, arg) != 0)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, "user", 0, 0,
		    "password", "%s: hashing the password failed (out of "
		    "memory)", r->u.name);
	/* A new password lifts a lock. */
	r->u.failed_logins = 0;
	r->u.locked_until = 0;
	r->lock_count = 0;
	return ASSURE_OK;
}

static enum assure_err
throttle_store(struct store *s, const struct urow *r, struct assure_diag *d)
{
	struct store_val v[5];

	v[0] = STORE_INTV(r->u.failed_logins);
	v[1] = STORE_INTV(r->lock_count);
	v[2] = STORE_INTV(r->u.locked_until);
	v[3] = STORE_INTV(r->totp_last_step);
	v[4] = STORE_INTV(r->u.id);
	return store_exec(s, STMT_AUTH_USER_THROTTLE, v, 5, NULL, NULL, d);
}

enum assure_err
user_password_set(struct store *s, struct ledger *l, const char *name,
    const char *password, const char *by, int64_t now, struct assure_diag *d)
{
	return user_change(s, l, name, "user-password", ch_password, password,
	    by, now, d);
}

/* ------------------------------------------------------------ TOTP */

int
auth_totp_code(const unsigned char *secret, size_t len, int64_t now,
    unsigned digits, char *out)
{
	if (auth_init(NULL) != ASSURE_OK)
		return -1;
	return oath_totp_generate((const char *)secret, len, (time_t)now,
	    AUTH_TOTP_STEP, 0, digits, out) == OATH_OK ? 0 : -1;
}

int
auth_totp_check(const unsigned char *secret, size_t len, int64_t now,
    unsigned window, const char *code, int64_t *ret_step)
{
	size_t n = strlen(code), i;
	int pos = 0, rc;

	if (auth_init(NULL) != ASSURE_OK || (n != 6 && n != 8))
		return -1;
	for (i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	rc = oath_totp_validate2((const char *)secret, len, (time_t)now,
	    AUTH_TOTP_STEP, 0, window, &pos, code);
	if (rc < 0)
		return -1;
	if (ret_step != NULL)
		*ret_step = now / AUTH_TOTP_STEP + pos;
	return 0;
}

#define TOTP_SEAL_PREFIX	"x1:"
#define TOTP_SEAL_AD		"assure-totp-secret/1:"

/* "x1:" + base64url(nonce || ciphertext || tag), the user's name bound. */
static int
totp_seal(const unsigned char key[AUTH_KEY_LEN], const char *name,
    const unsigned char *secret, char *out, size_t size)
{
	unsigned char box[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
	    AUTH_TOTP_SECRET_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	unsigned char *nonce = box, *ct = box +
	    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	char ad[AUTH_NAME_MAX + sizeof(TOTP_SEAL_AD)];
	unsigned long long clen;
	size_t pl = strlen(TOTP_SEAL_PREFIX);

	snprintf(ad, sizeof(ad), TOTP_SEAL_AD "%s", name);
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &clen, secret,
	    AUTH_TOTP_SECRET_LEN, (const unsigned char *)ad, strlen(ad), NULL,
	    nonce, key) != 0 || size < pl + sodium_base64_ENCODED_LEN(
	    sizeof(box), sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	memcpy(out, TOTP_SEAL_PREFIX, pl);
	sodium_bin2base64(out + pl, size - pl, box, sizeof(box),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/* Open a sealed secret into out (AUTH_TOTP_SECRET_LEN); -1 if it fails. */
static int
totp_open(const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *sealed, unsigned char *out)
{
	unsigned char box[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
	    AUTH_TOTP_SECRET_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	char ad[AUTH_NAME_MAX + sizeof(TOTP_SEAL_AD)];
	unsigned long long mlen;
	size_t pl = strlen(TOTP_SEAL_PREFIX), n = 0;

	if (strncmp(sealed, TOTP_SEAL_PREFIX, pl) != 0 ||
	    sodium_base642bin(box, sizeof(box), sealed + pl,
	    strlen(sealed + pl), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != sizeof(box))
		return -1;
	snprintf(ad, sizeof(ad), TOTP_SEAL_AD "%s", name);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL,
	    box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    sizeof(box) - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    (const unsigned char *)ad, strlen(ad), box, key) != 0 ||
	    mlen != AUTH_TOTP_SECRET_LEN) {
		sodium_memzero(out, AUTH_TOTP_SECRET_LEN);
		return -1;
	}
	return 0;
}

enum assure_err
auth_key_load(const char *dotdir, unsigned char key[AUTH_KEY_LEN],
    struct assure_diag *d)
{
	struct assure_buf b;
	struct stat st;
	unsigned char rnd[AUTH_KEY_LEN];
	char path[4096], hex[AUTH_KEY_LEN * 2 + 2];
	size_t n = 0;
	enum assure_err rc;

	if ((rc = auth_init(d)) != ASSURE_OK)
		return rc;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dotdir,
	    AUTH_KEY_FILE) >= sizeof(path))
		return assure_diag_set(d, ASSURE_ERR_LIMIT, dotdir, 0, 0, NULL,
		    "path too long");
	if (stat(path, &st) != 0) {
		/* The first use: make it. */
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
		hex[AUTH_KEY_LEN * 2] = '\n';
		hex[AUTH_KEY_LEN * 2 + 1] = '\0';
		rc = assure_file_create(path, hex, AUTH_KEY_LEN * 2 + 1, 0600,
		    d);
		sodium_memzero(hex, sizeof(hex));
		sodium_memzero(rnd, sizeof(rnd));
		/* Another process may have made it meanwhile. */
		if (rc != ASSURE_OK && rc != ASSURE_ERR_CONFLICT)
			return rc;
		if (stat(path, &st) != 0)
			return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0,
			    NULL, "cannot read the TOTP key");
	}
	if ((st.st_mode & 077) != 0)
		return assure_diag_set(d, ASSURE_ERR_PERM, path, 0, 0, NULL,
		    "the TOTP key is readable by others (mode %03o); "
		    "chmod 600 it", (unsigned)(st.st_mode & 0777));
	assure_buf_init(&b, 256);
	rc = assure_file_read(path, &b, d);
	if (rc == ASSURE_OK && (b.len < AUTH_KEY_LEN * 2 ||
	    sodium_hex2bin(key, AUTH_KEY_LEN, b.data, b.len, "\n", &n,
	    NULL) != 0 || n != AUTH_KEY_LEN))
		rc = assure_diag_set(d, ASSURE_ERR_PARSE, path, 0, 0, NULL,
		    "not a key of %d hex digits", AUTH_KEY_LEN * 2);
	if (b.data != NULL)
		sodium_memzero(b.data, b.cap);
	assure_buf_free(&b);
	return rc;
}

enum assure_err
user_totp_enrol(struct store *s, const unsigned char key[AUTH_KEY_LEN],
    const char *name, char *uri, size_t uri_size, struct assure_diag *d)
{
	struct urow r;
	unsigned char secret[AUTH_TOTP_SECRET_LEN];
	char *b32 = NULL;
	size_t n = 0;
	enum assure_err rc;

	if ((rc = auth_init(d)) != ASSURE_OK)
		return rc;
	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = urow_need(s, name, &r, d);
	if (rc == ASSURE_OK && r.u.totp_enrolled)
		rc = assure_diag_set(d, ASSURE_ERR_CONFLICT, "user", 0, 0,
		    name, "TOTP is already enrolled; reset it first "
		    "(user reset-mfa)");
	if (rc == ASSURE_OK) {
		randombytes_buf(secret, sizeof(secret));
		memset(r.totp, 0, sizeof(r.totp));
		if (oath_base32_encode((const char *)secret, sizeof(secret),
		    &b32, &n) != OATH_OK || totp_seal(key, name, secret,
		    r.totp, sizeof(r.totp)) != 0)
			rc = assure_diag_set(d, ASSURE_ERR_NOMEM, "user", 0, 0,
			    name, "encoding the TOTP secret failed");
		sodium_memzero(secret, sizeof(secret));
	}
	/* Pending: not enrolled, so not in the logged state. */
	if (rc == ASSURE_OK)
		rc = urow_store(s, &r, d);
	if (rc == ASSURE_OK && (size_t)snprintf(uri, uri_size,
	    "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&"
	    "digits=%d&period=%d", AUTH_TOTP_ISSUER, name, b32,
	    AUTH_TOTP_ISSUER, AUTH_TOTP_DIGITS, AUTH_TOTP_STEP) >= uri_size)
		rc = assure_diag_set(d, ASSURE_ERR_LIMIT, "user", 0, 0, name,
		    "the otpauth URI is too long");
	if (rc == ASSURE_OK)
		rc = store_commit(s, d);
	if (rc != ASSURE_OK)
		store_rollback(s);
	if (b32 != NULL) {
		sodium_memzero(b32, n);
		free(b32);
	}
	urow_wipe(&r);
	return rc;
}

struct confirm_arg {
	const unsigned char *key;
	const char	*code;
	int64_t		 now;
	int64_t		 step;
};

static enum assure_err
ch_confirm(struct urow *r, const void *arg, struct assure_diag *d)
{
	struct confirm_arg *a = (struct confirm_arg *)arg;
	unsigned char secret[AUTH_TOTP_SECRET_LEN];
	int bad;

	if (r->u.totp_enrolled)
		return assure_diag_set(d, ASSURE_ERR_CONFLICT, "user", 0, 0,
		    r->u.name, "TOTP is already enrolled");
	if (r->totp[0] == '\0')
		return assure_diag_set(d, ASSURE_ERR_INVAL, "user", 0, 0,
		    r->u.name, "no TOTP enrolment is pending (user totp "
		    "NAME first)");
	if (totp_open(a->key, r->u.name, r->totp, secret) != 0)
		return assure_diag_set(d, ASSURE_ERR_TAMPER, "user", 0, 0,
		    r->u.name, "the pending TOTP secret does not open with "
		    "the workspace's key (%s)", AUTH_KEY_FILE);
	bad = auth_totp_check(secret, sizeof(secret), a->now,
	    AUTH_TOTP_WINDOW, a->code, &a->step);
	sodium_memzero(secret, sizeof(secret));
	if (bad)
		return assure_diag_set(d, ASSURE_ERR_PERM, "user", 0, 0,
		    "code", "%s: the TOTP code is wrong (check the "
		    "authenticator's clock)", r->u.name);
	r->u.totp_enrolled = true;
	r->totp_last_step = a->step;
	return ASSURE_OK;
}

enum assure_err
user_totp_confirm(struct store *s, struct ledger *l,
    const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *code, const char *by, int64_t now, struct assure_diag *d)
{
	struct confirm_arg a = { key, code, now, 0 };

	return user_change(s, l, name, "user-mfa-enrol", ch_confirm, &a, by,
	    now, d);
}

/* ------------------------------------------------------------ logins */

enum assure_err
auth_record_login(struct ledger *l, struct store *s, const char *name,
    bool ok, const char *method, const char *reason, int64_t now,
    struct assure_diag *d)
{
	struct assure_buf b;
	char ref[AUTH_NAME_MAX + 16];
	const char *who;
	enum assure_err rc;

	/* A name that is not a login name is not worth logging verbatim. */
	who = auth_name_valid(name) ? name : "(invalid name)";
	snprintf(ref, sizeof(ref), LEDGER_LOGIN_REF_PREFIX "%s", who);
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	ledger_encode_login(&b, ok, who, method, reason, now);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = ledger_append(l, ok ? "login" : "login-failed", ref,
		    b.data, b.len, now, NULL, d);
	assure_buf_free(&b);
	return rc;
}

/* One more failure; a lock after lock->failures of them. */
static void
note_failure(struct urow *r, const struct auth_lock *lock, int64_t now)
{
	int64_t secs;
	int64_t i;

	if (++r->u.failed_logins < lock->failures)
		return;
	r->lock_count++;
	secs = lock->seconds;
	for (i = 1; i < r->lock_count && secs < AUTH_LOCK_MAX_SECONDS; i++)
		secs *= 2;
	if (secs > AUTH_LOCK_MAX_SECONDS)
		secs = AUTH_LOCK_MAX_SECONDS;
	r->u.locked_until = now + secs;
	r->u.failed_logins = 0;
}

enum assure_err
user_authenticate(struct store *s, struct ledger *l,
    const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *password, const char *totp_code, int64_t now,
    enum auth_outcome *ret_outcome, struct auth_user *ret_user,
    struct assure_diag *d)
{
	static const struct auth_lock dflt = { AUTH_LOCK_FAILURES,
	    AUTH_LOCK_SECONDS };

	return user_authenticate_lock(s, l, key, name, password, totp_code,
	    &dflt, now, ret_outcome, ret_user, d);
}

enum assure_err
user_authenticate_lock(struct store *s, struct ledger *l,
    const unsigned char key[AUTH_KEY_LEN], const char *name,
    const char *password, const char *totp_code,
    const struct auth_lock *lock, int64_t now,
    enum auth_outcome *ret_outcome, struct auth_user *ret_user,
    struct assure_diag *d)
{
	struct urow r;
	unsigned char secret[AUTH_TOTP_SECRET_LEN];
	enum auth_outcome o;
	const char *method = "password";
	bool pw_ok, count = false, record = true;
	int64_t step = 0;
	enum assure_err rc;

	*ret_outcome = AUTH_DENIED;
	if ((rc = auth_init(d)) != ASSURE_OK)
		return rc;
	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	if (auth_name_valid(name))
		rc = urow_load(s, name, &r, d);
	if (rc != ASSURE_OK)
		goto out;
	/* Always one Argon2id verification: an unknown name costs the
	 * same as a wrong password. */
	pw_ok = crypto_pwhash_str_verify(r.found ? r.pwhash : dummy_hash(),
	    password, strlen(password)) == 0 && r.found;
	if (!r.found)
		o = AUTH_DENIED;
	else if (r.u.locked_until > now)
		o = AUTH_LOCKED;
	else if (!pw_ok) {
		o = AUTH_DENIED;
		count = true;
	} else if (r.u.disabled)
		o = AUTH_DISABLED;
	else if (!r.u.totp_enrolled && auth_role_needs_mfa(r.u.role))
		o = AUTH_MFA_NOT_ENROLLED;
	else if (r.u.totp_enrolled && (totp_code == NULL ||
	    *totp_code == '\0')) {
		o = AUTH_MFA_REQUIRED;	/* the first of two steps */
		record = false;
	} else if (r.u.totp_enrolled) {
		method = "password+totp";
		if (totp_open(key, r.u.name, r.totp, secret) != 0 ||
		    auth_totp_check(secret, sizeof(secret), now,
		    AUTH_TOTP_WINDOW, totp_code, &step) != 0 ||
		    step <= r.totp_last_step) {
			o = AUTH_MFA_BAD;
			count = true;
		} else {
			o = AUTH_OK;
			r.totp_last_step = step;
		}
		sodium_memzero(secret, sizeof(secret));
	} else
		o = AUTH_OK;
	if (r.found && o == AUTH_OK) {
		r.u.failed_logins = 0;
		r.u.locked_until = 0;
		r.lock_count = 0;
	} else if (count) {
		note_failure(&r, lock, now);
	}
	if (r.found && (o == AUTH_OK || count))
		rc = throttle_store(s, &r, d);
	if (rc == ASSURE_OK && record) {
		rc = auth_record_login(l, s, name, o == AUTH_OK, method,
		    auth_outcome_name(o), now, d);
		if (rc == ASSURE_OK)
			rc = ledger_checkpoint(l, now, NULL, d);
	}
	if (rc == ASSURE_OK)
		rc = store_commit(s, d);
out:
	if (rc != ASSURE_OK)
		store_rollback(s);
	else {
		*ret_outcome = o;
		if (o == AUTH_OK && ret_user != NULL)
			*ret_user = r.u;
	}
	urow_wipe(&r);
	return rc;
}

/* ------------------------------------------------------------ tokens */

struct trow {
	bool		 found;
	struct auth_token t;
	char		 created_by[AUTH_BY_MAX + 1];
	char		 revoked_by[AUTH_BY_MAX + 1];
	int64_t		 user_id;
};

static enum assure_err
trow_cb(const struct store_val *c, int n, void *arg)
{
	struct trow *r = arg;

	if (n < 10 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_TEXT ||
	    c[4].type != STORE_INT || c[5].type != STORE_TEXT ||
	    c[9].type != STORE_INT)
		return ASSURE_ERR_DB;
	memset(r, 0, sizeof(*r));
	r->found = true;
	assure_strlcpy(r->t.id, c[0].s, sizeof(r->t.id));
	assure_strlcpy(r->t.user, c[1].s, sizeof(r->t.user));
	assure_strlcpy(r->t.name, c[2].s, sizeof(r->t.name));
	if (auth_role_parse(c[3].s, &r->t.role) != 0)
		r->t.role = AUTH_ROLE_VIEWER;
	r->t.created_at = c[4].i;
	assure_strlcpy(r->created_by, c[5].s, sizeof(r->created_by));
	r->t.expires = c[6].type == STORE_INT;
	r->t.expires_at = c[6].i;
	r->t.revoked = c[7].type == STORE_INT;
	r->t.revoked_at = c[7].i;
	if (c[8].type == STORE_TEXT)
		assure_strlcpy(r->revoked_by, c[8].s, sizeof(r->revoked_by));
	r->user_id = c[9].i;
	return ASSURE_OK;
}

static enum assure_err
log_token(struct ledger *l, const struct trow *r, const char *type,
    int64_t now, struct assure_diag *d)
{
	struct ledger_token lt;
	struct assure_buf b;
	char ref[AUTH_TOKEN_ID_LEN + 16];
	enum assure_err rc;

	memset(&lt, 0, sizeof(lt));
	lt.id = r->t.id;
	lt.user = r->t.user;
	lt.name = r->t.name;
	lt.role = auth_role_name(r->t.role);
	lt.created_at = r->t.created_at;
	lt.created_by = r->created_by;
	lt.expires = r->t.expires;
	lt.expires_at = r->t.expires_at;
	lt.revoked = r->t.revoked;
	lt.revoked_at = r->t.revoked_at;
	lt.revoked_by = r->t.revoked ? r->revoked_by : "-";
	snprintf(ref, sizeof(ref), LEDGER_TOKEN_REF_PREFIX "%s", r->t.id);
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	ledger_encode_token(&b, type, &lt);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = ledger_append(l, type, ref, b.data, b.len, now, NULL, d);
	assure_buf_free(&b);
	return rc;
}

enum assure_err
token_create(struct store *s, struct ledger *l, const char *user,
    const char *label, enum auth_role role, int64_t expires_at,
    const char *by, int64_t now, char *text, char *ret_id,
    struct assure_diag *d)
{
	struct urow u;
	struct trow t;
	struct store_val v[8];
	unsigned char idb[AUTH_TOKEN_ID_LEN / 2];
	char hash[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc;

	if ((rc = auth_init(d)) != ASSURE_OK ||
	    (rc = check_by(by, d)) != ASSURE_OK)
		return rc;
	if (!text_valid(label, AUTH_TOKEN_NAME_MAX))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "token", 0, 0,
		    "name", "%s: a token's name must be 1 to %d printable "
		    "characters", user, AUTH_TOKEN_NAME_MAX);
	if ((unsigned)role >= AUTH_ROLE__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "token", 0, 0,
		    "role", "%s: no such role", user);
	if (expires_at != 0 && expires_at <= now)
		return assure_diag_set(d, ASSURE_ERR_INVAL, "token", 0, 0,
		    "expires", "%s: the token would expire before it is "
		    "made", user);
	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = urow_need(s, user, &u, d);
	if (rc == ASSURE_OK && u.u.disabled)
		rc = assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0, user,
		    "the user is disabled");
	if (rc == ASSURE_OK && role > u.u.role)
		rc = assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0, "role",
		    "%s: a token's role (%s) may not exceed its user's (%s)",
		    user, auth_role_name(role), auth_role_name(u.u.role));
	if (rc == ASSURE_OK) {
		memset(&t, 0, sizeof(t));
		randombytes_buf(idb, sizeof(idb));
		assure_hex(idb, sizeof(idb), t.t.id);
		assure_strlcpy(t.t.user, user, sizeof(t.t.user));
		assure_strlcpy(t.t.name, label, sizeof(t.t.name));
		t.t.role = role;
		t.t.created_at = now;
		t.t.expires = expires_at != 0;
		t.t.expires_at = expires_at;
		assure_strlcpy(t.created_by, by, sizeof(t.created_by));
		random_text(AUTH_TOKEN_PREFIX, text, AUTH_TOKEN_TEXT_MAX);
		sha256_hex_of(text, strlen(text), hash);
		v[0] = STORE_TEXTV(t.t.id);
		v[1] = STORE_INTV(u.u.id);
		v[2] = STORE_TEXTV(label);
		v[3] = STORE_TEXTV(hash);
		v[4] = STORE_TEXTV(auth_role_name(role));
		v[5] = STORE_INTV(now);
		v[6] = STORE_TEXTV(by);
		v[7] = STORE_OPTINT(expires_at != 0, expires_at);
		rc = store_exec(s, STMT_AUTH_TOKEN_INSERT, v, 8, NULL, NULL, d);
		if (rc == ASSURE_OK)
			rc = log_token(l, &t, "token-create", now, d);
		if (rc == ASSURE_OK && ret_id != NULL)
			assure_strlcpy(ret_id, t.t.id, AUTH_TOKEN_ID_LEN + 1);
	}
	rc = tx_end(s, l, rc, now, d);
	if (rc != ASSURE_OK)
		sodium_memzero(text, AUTH_TOKEN_TEXT_MAX);
	urow_wipe(&u);
	return rc;
}

static enum assure_err
urow_by_id(struct store *s, int64_t id, struct urow *r, struct assure_diag *d)
{
	struct store_val p[1];

	memset(r, 0, sizeof(*r));
	p[0] = STORE_INTV(id);
	return store_exec(s, STMT_AUTH_USER_GET_ID, p, 1, urow_cb, r, d);
}

enum assure_err
token_verify(struct store *s, const char *text, int64_t now,
    struct auth_user *ret_user, enum auth_role *ret_role,
    struct assure_diag *d)
{
	struct trow t;
	struct urow u;
	struct store_val p[1];
	char hash[ASSURE_SHA256_HEXLEN + 1];
	size_t n = strlen(text);
	enum assure_err rc;

	if (n <= strlen(AUTH_TOKEN_PREFIX) || n >= AUTH_TOKEN_TEXT_MAX ||
	    strncmp(text, AUTH_TOKEN_PREFIX, strlen(AUTH_TOKEN_PREFIX)) != 0)
		return assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0, NULL,
		    "not an assure token");
	sha256_hex_of(text, n, hash);
	memset(&t, 0, sizeof(t));
	p[0] = STORE_TEXTV(hash);
	rc = store_exec(s, STMT_AUTH_TOKEN_BY_HASH, p, 1, trow_cb, &t, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!t.found)
		return assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0, NULL,
		    "unknown token");
	if (t.t.revoked)
		return assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0,
		    t.t.id, "the token of %s was revoked", t.t.user);
	if (t.t.expires && now >= t.t.expires_at)
		return assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0,
		    t.t.id, "the token of %s has expired", t.t.user);
	rc = urow_by_id(s, t.user_id, &u, d);
	if (rc == ASSURE_OK && (!u.found || u.u.disabled))
		rc = assure_diag_set(d, ASSURE_ERR_PERM, "token", 0, 0,
		    t.t.id, "the user %s is disabled", t.t.user);
	if (rc == ASSURE_OK) {
		if (ret_user != NULL)
			*ret_user = u.u;
		/* The user's role may have been lowered since. */
		if (ret_role != NULL)
			*ret_role = t.t.role < u.u.role ? t.t.role : u.u.role;
	}
	urow_wipe(&u);
	return rc;
}

static enum assure_err
tlist_cb(const struct store_val *c, int n, void *arg)
{
	struct auth_tokens *ts = arg;
	struct auth_token *nv;
	struct trow r;
	enum assure_err rc;

	if ((rc = trow_cb(c, n, &r)) != ASSURE_OK)
		return rc;
	nv = reallocarray(ts->v, ts->n + 1, sizeof(*nv));
	if (nv == NULL)
		return ASSURE_ERR_NOMEM;
	ts->v = nv;
	ts->v[ts->n++] = r.t;
	return ASSURE_OK;
}

enum assure_err
token_list(struct store *s, struct auth_tokens *ret, struct assure_diag *d)
{
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = store_exec(s, STMT_AUTH_TOKENS, NULL, 0, tlist_cb, ret, d);
	if (rc != ASSURE_OK)
		auth_tokens_release(ret);
	return rc;
}

void
auth_tokens_release(struct auth_tokens *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

enum assure_err
token_revoke(struct store *s, struct ledger *l, const char *user,
    const char *id, const char *by, int64_t now, struct assure_diag *d)
{
	struct trow t;
	struct store_val p[3];
	enum assure_err rc;

	if ((rc = check_by(by, d)) != ASSURE_OK)
		return rc;
	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	p[0] = STORE_TEXTV(id);
	rc = store_exec(s, STMT_AUTH_TOKEN_GET, p, 1, trow_cb, &t, d);
	if (rc == ASSURE_OK && (!t.found || strcmp(t.t.user, user) != 0))
		rc = assure_diag_set(d, ASSURE_ERR_NOTFOUND, "token", 0, 0,
		    id, "%s has no such token", user);
	if (rc == ASSURE_OK && t.t.revoked)
		rc = assure_diag_set(d, ASSURE_ERR_CONFLICT, "token", 0, 0,
		    id, "the token of %s is already revoked", user);
	if (rc == ASSURE_OK) {
		t.t.revoked = true;
		t.t.revoked_at = now;
		assure_strlcpy(t.revoked_by, by, sizeof(t.revoked_by));
		p[0] = STORE_INTV(now);
		p[1] = STORE_TEXTV(by);
		p[2] = STORE_TEXTV(id);
		rc = store_exec(s, STMT_AUTH_TOKEN_REVOKE, p, 3, NULL, NULL, d);
	}
	if (rc == ASSURE_OK)
		rc = log_token(l, &t, "token-revoke", now, d);
	return tx_end(s, l, rc, now, d);
}

/* ------------------------------------------------------------ sessions */

enum assure_err
session_create(struct store *s, int64_t user_id, int64_t now,
    char *ret_session, char *ret_csrf, struct assure_diag *d)
{
	struct store_val v[5];
	char sh[ASSURE_SHA256_HEXLEN + 1], ch[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc;

	if ((rc = auth_init(d)) != ASSURE_OK)
		return rc;
	random_text("", ret_session, AUTH_SESSION_TEXT_MAX);
	random_text("", ret_csrf, AUTH_SESSION_TEXT_MAX);
	sha256_hex_of(ret_session, strlen(ret_session), sh);
	sha256_hex_of(ret_csrf, strlen(ret_csrf), ch);
	v[0] = STORE_TEXTV(sh);
	v[1] = STORE_INTV(user_id);
	v[2] = STORE_INTV(now);
	v[3] = STORE_INTV(now);
	v[4] = STORE_TEXTV(ch);
	rc = store_exec(s, STMT_AUTH_SESSION_INSERT, v, 5, NULL, NULL, d);
	if (rc != ASSURE_OK) {
		sodium_memzero(ret_session, AUTH_SESSION_TEXT_MAX);
		sodium_memzero(ret_csrf, AUTH_SESSION_TEXT_MAX);
	}
	return rc;
}

struct srow {
	bool	found;
	int64_t	user_id, created_at, last_seen;
	char	csrf[ASSURE_SHA256_HEXLEN + 1];
};

static enum assure_err
srow_cb(const struct store_val *c, int n, void *arg)
{
	struct srow *r = arg;

	if (n < 4 || c[0].type != STORE_INT || c[1].type != STORE_INT ||
	    c[2].type != STORE_INT || c[3].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	r->found = true;
	r->user_id = c[0].i;
	r->created_at = c[1].i;
	r->last_seen = c[2].i;
	assure_strlcpy(r->csrf, c[3].s, sizeof(r->csrf));
	return ASSURE_OK;
}

enum assure_err
session_verify(struct store *s, const char *session, const char *csrf,
    int64_t now, int64_t idle, int64_t absolute, struct auth_user *ret_user,
    struct assure_diag *d)
{
	struct srow r;
	struct urow u;
	struct store_val p[2];
	char sh[ASSURE_SHA256_HEXLEN + 1], ch[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc;

	memset(&r, 0, sizeof(r));
	memset(&u, 0, sizeof(u));
	if (strlen(session) >= AUTH_SESSION_TEXT_MAX)
		return assure_diag_set(d, ASSURE_ERR_PERM, "session", 0, 0,
		    NULL, "unknown session");
	sha256_hex_of(session, strlen(session), sh);
	p[0] = STORE_TEXTV(sh);
	rc = store_exec(s, STMT_AUTH_SESSION_GET, p, 1, srow_cb, &r, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!r.found)
		return assure_diag_set(d, ASSURE_ERR_PERM, "session", 0, 0,
		    NULL, "unknown session");
	if (now - r.last_seen > idle || now - r.created_at > absolute) {
		(void)store_exec(s, STMT_AUTH_SESSION_DELETE, p, 1, NULL, NULL,
		    NULL);
		return assure_diag_set(d, ASSURE_ERR_PERM, "session", 0, 0,
		    NULL, now - r.created_at > absolute ? "the session is "
		    "too old; sign in again" : "the session was idle too "
		    "long; sign in again");
	}
	if (csrf != NULL) {
		sha256_hex_of(csrf, strlen(csrf), ch);
		if (sodium_memcmp(ch, r.csrf, ASSURE_SHA256_HEXLEN) != 0)
			return assure_diag_set(d, ASSURE_ERR_PERM, "session",
			    0, 0, "csrf", "the CSRF token is not the "
			    "session's");
	}
	rc = urow_by_id(s, r.user_id, &u, d);
	if (rc == ASSURE_OK && (!u.found || u.u.disabled)) {
		(void)store_exec(s, STMT_AUTH_SESSION_DELETE, p, 1, NULL, NULL,
		    NULL);
		rc = assure_diag_set(d, ASSURE_ERR_PERM, "session", 0, 0,
		    u.u.name, "the user is disabled");
	}
	if (rc == ASSURE_OK) {
		p[0] = STORE_INTV(now);
		p[1] = STORE_TEXTV(sh);
		rc = store_exec(s, STMT_AUTH_SESSION_TOUCH, p, 2, NULL, NULL,
		    d);
	}
	if (rc == ASSURE_OK && ret_user != NULL)
		*ret_user = u.u;
	urow_wipe(&u);
	return rc;
}

enum assure_err
session_end(struct store *s, const char *session, struct assure_diag *d)
{
	struct store_val p[1];
	char sh[ASSURE_SHA256_HEXLEN + 1];

	sha256_hex_of(session, strlen(session), sh);
	p[0] = STORE_TEXTV(sh);
	return store_exec(s, STMT_AUTH_SESSION_DELETE, p, 1, NULL, NULL, d);
}
