/*
 * secret.h: the workspace's secrets (API tokens, client secrets, private
 * keys), `assure secret set|list|rm`.
 *
 * Each secret is stored encrypted with libsodium's secretbox
 * (XSalsa20-Poly1305) under a key of its own workspace, .assure/secret.key
 * (0600, made on first use), in .assure/secrets/NAME (0600), written to a
 * temporary file and renamed.  .assure/ is never committed, so neither the
 * key nor the secrets reach git; the encryption keeps a copied secrets
 * folder without its key useless.  Plaintext lives only in sodium_malloc'd
 * memory (guarded, locked where the system allows) and is zeroed when
 * released.  Values are never logged and never appear in a message: errors
 * name the secret, not its content.
 */
#ifndef ASSURE_SECRET_SECRET_H
#define ASSURE_SECRET_SECRET_H

#include "common/compat.h"
#include "common/err.h"

/* A name: 1 to 63 of [a-z0-9-], a letter first ("github-token"). */
#define SECRET_NAME_MAX		64
#define SECRET_VALUE_MAX	(64 * 1024)

struct secret {
	char	*data;	/* NUL-terminated; sodium_malloc'd; NULL when none */
	size_t	 len;
};

bool secret_name_ok(const char *name);

/* Store value[0..len) as name (replacing it). */
enum assure_err secret_set(const char *dotdir, const char *name,
    const void *value, size_t len, struct assure_diag *reterr_diag);

/* Read name; NOTFOUND when there is none, TAMPER when it does not
 * decrypt.  Release with secret_free(). */
enum assure_err secret_get(const char *dotdir, const char *name,
    struct secret *ret, struct assure_diag *reterr_diag);

/* Zero and free; s->data may be NULL. */
void secret_free(struct secret *s);

/* The names stored, sorted, each passed to fn. */
enum assure_err secret_list(const char *dotdir,
    enum assure_err (*fn)(const char *name, void *arg), void *arg,
    struct assure_diag *reterr_diag);

/* Remove name; NOTFOUND when there is none. */
enum assure_err secret_remove(const char *dotdir, const char *name,
    struct assure_diag *reterr_diag);

/*
 * A collector's credential: the secret name if stored, else the
 * environment variable env (may be NULL), copied into guarded memory.
 * NOTFOUND (saying both places) when neither has it.
 */
enum assure_err secret_lookup(const char *dotdir, const char *name,
    const char *env, struct secret *ret, struct assure_diag *reterr_diag);

#endif
