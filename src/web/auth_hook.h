/*
 * auth_hook.h: the server's auth hook (server.h, struct web_auth_ops)
 * over the engine's user store (auth/users.h): sessions, bearer tokens
 * and sign-in with password and TOTP, each sign-in and failure a ledger
 * entry.  The store is a read-write handle of the workspace of its own
 * (the pages read through the server's read-only one); the server calls
 * the hook under its lock, one request at a time.
 *
 * The CSRF token of a session is derived from the session token, not
 * stored: hex(SHA-256("assure-csrf\n" session)).  Only the holder of the
 * HttpOnly cookie can compute it, and nothing secret is kept beside the
 * session's hash.
 */
#ifndef ASSURE_WEB_AUTH_HOOK_H
#define ASSURE_WEB_AUTH_HOOK_H

#include "auth/users.h"
#include "web/server.h"
#include "workspace/workspace.h"

struct web_auth_store {
	struct workspace	*ws;		/* read-write; not owned */
	unsigned char		 key[AUTH_KEY_LEN];	/* .assure/auth.key */
	int64_t			 idle, absolute;	/* session timeouts */
	struct auth_lock	 lock;		/* server.login_attempts, lockout */
};

/*
 * Load the key and fill ops to call into st (which must outlive the
 * server).  Errors of auth_key_load().
 */
enum assure_err web_auth_store_init(struct web_auth_store *st,
    struct workspace *ws, struct web_auth_ops *ops,
    struct assure_diag *reterr_diag);
/* Wipe the key. */
void web_auth_store_release(struct web_auth_store *st);

#endif
