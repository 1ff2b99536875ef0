/*
 * auth_hook.c: the server's auth hook over the user store (auth_hook.h).
 */
#include "common/compat.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/hash.h"
#include "web/auth_hook.h"

/* web_role has "none" first; auth_role starts at viewer. */
static enum web_role
web_role_of(enum auth_role r)
{
	return (enum web_role)((int)r + 1);
}

/* An auditor's period, what the auditor may see. */
static void
period_of(const struct auth_user *u, struct web_identity *ret)
{
	if (ret->role != WEB_ROLE_AUDITOR || !u->has_period)
		return;
	ret->has_period = true;
	ret->period_start = u->period_start;
	ret->period_end = u->period_end;
}

static void
csrf_of(const char *session, char *out, size_t size)
{
	struct assure_sha256 *h = assure_sha256_new();
	unsigned char d[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1];

	out[0] = '\0';
	if (h == NULL)
		return;
	assure_sha256_update(h, "assure-csrf\n", 12);
	assure_sha256_update(h, session, strlen(session));
	assure_sha256_final(h, d);
	assure_sha256_free(h);
	assure_hex(d, sizeof(d), hex);
	assure_strlcpy(out, hex, size);
}

static enum web_auth_result
verify_session(void *arg, const char *cookie, int64_t now,
    struct web_identity *ret)
{
	struct web_auth_store *st = arg;
	struct auth_user u;
	struct assure_diag d;
	enum assure_err rc;

	rc = session_verify(st->ws->store, cookie, NULL, now, st->idle,
	    st->absolute, &u, &d);
	if (rc == ASSURE_ERR_PERM || rc == ASSURE_ERR_NOTFOUND)
		return WEB_AUTH_DENIED;
	if (rc != ASSURE_OK)
		return WEB_AUTH_ERROR;
	memset(ret, 0, sizeof(*ret));
	assure_strlcpy(ret->user, u.name, sizeof(ret->user));
	ret->role = web_role_of(u.role);
	csrf_of(cookie, ret->csrf, sizeof(ret->csrf));
	period_of(&u, ret);
	return WEB_AUTH_OK;
}

static enum web_auth_result
verify_token(void *arg, const char *bearer, int64_t now,
    struct web_identity *ret)
{
	struct web_auth_store *st = arg;
	struct auth_user u;
	struct assure_diag d;
	enum auth_role role;
	enum assure_err rc;

	rc = token_verify(st->ws->store, bearer, now, &u, &role, &d);
	if (rc == ASSURE_ERR_PERM || rc == ASSURE_ERR_NOTFOUND ||
	    rc == ASSURE_ERR_INVAL)
		return WEB_AUTH_DENIED;
	if (rc != ASSURE_OK)
		return WEB_AUTH_ERROR;
	memset(ret, 0, sizeof(*ret));
	assure_strlcpy(ret->user, u.name, sizeof(ret->user));
	ret->role = web_role_of(role);
	ret->via_token = true;
	period_of(&u, ret);
	return WEB_AUTH_OK;
}

static enum web_auth_result
login(void *arg, const char *name, const char *password, const char *totp,
    const char *client, int64_t now, char *ret_session, size_t size)
{
	struct web_auth_store *st = arg;
	char session[AUTH_SESSION_TEXT_MAX], csrf[AUTH_SESSION_TEXT_MAX];
	struct auth_user u;
	struct assure_diag d;
	enum auth_outcome outcome;
	enum assure_err rc;

	(void)client;
	if (!auth_name_valid(name))
		return WEB_AUTH_DENIED;
	rc = user_authenticate_lock(st->ws->store, st->ws->ledger, st->key,
	    name, password, totp != NULL && *totp != '\0' ? totp : NULL,
	    &st->lock, now, &outcome, &u, &d);
	if (rc != ASSURE_OK)
		return WEB_AUTH_ERROR;
	if (outcome != AUTH_OK)
		return WEB_AUTH_DENIED;
	rc = session_create(st->ws->store, u.id, now, session, csrf, &d);
	sodium_memzero(csrf, sizeof(csrf));
	if (rc != ASSURE_OK || strlen(session) >= size) {
		sodium_memzero(session, sizeof(session));
		return WEB_AUTH_ERROR;
	}
	assure_strlcpy(ret_session, session, size);
	sodium_memzero(session, sizeof(session));
	return WEB_AUTH_OK;
}

static void
logout(void *arg, const char *cookie)
{
	struct web_auth_store *st = arg;
	struct assure_diag d;

	(void)session_end(st->ws->store, cookie, &d);
}

enum assure_err
web_auth_store_init(struct web_auth_store *st, struct workspace *ws,
    struct web_auth_ops *ops, struct assure_diag *d)
{
	enum assure_err rc;

	memset(st, 0, sizeof(*st));
	st->ws = ws;
	st->idle = ws->cfg.server.session_idle;
	st->absolute = ws->cfg.server.session_absolute;
	st->lock.failures = ws->cfg.server.login_attempts;
	st->lock.seconds = ws->cfg.server.lockout;
	if ((rc = auth_key_load(ws->dotdir, st->key, d)) != ASSURE_OK)
		return rc;
	memset(ops, 0, sizeof(*ops));
	ops->verify_session = verify_session;
	ops->verify_token = verify_token;
	ops->login = login;
	ops->logout = logout;
	ops->arg = st;
	return ASSURE_OK;
}

void
web_auth_store_release(struct web_auth_store *st)
{
	sodium_memzero(st->key, sizeof(st->key));
}
