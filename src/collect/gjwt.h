/*
 * gjwt.h: Google's service-account flow (RFC 7523 JWT bearer grant), for
 * the Google Workspace collectors.
 *
 * A service account's key file (JSON: type "service_account",
 * client_email, private_key (PEM), private_key_id, token_uri) signs a
 * JWT, RS256 (RSASSA-PKCS1-v1_5 with SHA-256):
 *
 *	header	{"alg":"RS256","typ":"JWT","kid":PRIVATE_KEY_ID}
 *	claims	{"iss":CLIENT_EMAIL,"scope":SCOPE,"aud":TOKEN_URI,
 *		 "iat":NOW,"exp":NOW+3600[,"sub":ADMIN]}
 *
 * each part base64url without padding, joined by '.', and the signature
 * after a last '.'.  sub names the user whom the account impersonates
 * (domain-wide delegation: the Directory API wants an administrator).
 * The token request is a POST to token_uri of
 * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT;
 * the answer is read by oauth_token_parse() (oauth.h).
 *
 * Pure: no network.  The private key and the signed assertion live in
 * sodium_malloc'd memory and are zeroed when released; the key file's
 * bytes are read into guarded memory too.  Messages name the file and
 * the field, never a key.
 */
#ifndef ASSURE_COLLECT_GJWT_H
#define ASSURE_COLLECT_GJWT_H

#include "collect/oauth.h"
#include "common/compat.h"
#include "common/err.h"

#define GJWT_FILE_MAX		(64u * 1024)	/* a key file */
#define GJWT_LIFETIME		3600	/* seconds, Google's most */
#define GJWT_GRANT_TYPE	"urn:ietf:params:oauth:grant-type:jwt-bearer"

struct gjwt_key {
	char			 client_email[256];
	char			 private_key_id[128];
	char			 token_uri[512];
	struct oauth_secret	 private_key;	/* PEM */
};

/*
 * Read a key file, or a key's JSON text named source (a secret's name).
 * Errors are located: "FILE:LINE:COL: FIELD: message" for a field that is
 * missing (the object's position), not a string, empty, too long, or
 * wrong (type not "service_account", token_uri not https://, private_key
 * not a PEM private key OpenSSL reads, or not RSA), and the JSON syntax
 * error's position otherwise.  ASSURE_ERR_NOTFOUND for a missing file.
 * Release with gjwt_key_free() whatever the result.
 */
enum assure_err gjwt_key_load(const char *path, struct gjwt_key *ret,
    struct assure_diag *reterr_diag);
enum assure_err gjwt_key_parse(const char *source, const char *json,
    size_t len, struct gjwt_key *ret, struct assure_diag *reterr_diag);
void gjwt_key_free(struct gjwt_key *k);

/*
 * The signed JWT for scope (space-separated scopes) at now, impersonating
 * sub when not NULL, into guarded memory.
 */
enum assure_err gjwt_assertion(const struct gjwt_key *k, const char *scope,
    const char *sub, int64_t now, struct oauth_secret *ret,
    struct assure_diag *reterr_diag);

/* The token request's body (form-encoded, guarded memory). */
enum assure_err gjwt_token_request(const struct gjwt_key *k,
    const char *scope, const char *sub, int64_t now, struct oauth_secret *ret,
    struct assure_diag *reterr_diag);

/* base64url without padding of p[0..n) into out (room for
 * gjwt_b64url_len(n) bytes and a NUL); returns the length written. */
size_t gjwt_b64url_len(size_t n);
size_t gjwt_b64url(char *out, const void *p, size_t n);

#endif
