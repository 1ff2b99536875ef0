/*
 * oauth.h: OAuth 2.0 pieces the live collectors share: form bodies built
 * in guarded memory, the client-credentials grant of Microsoft Graph
 * (Entra ID), and the token endpoint's answer (RFC 6749 5.1 and 5.2),
 * which Google's service-account flow (gjwt.h) reads too.
 *
 * Pure: requests are built and answers read here; http.h sends them.
 * Client secrets, assertions and access tokens live in sodium_malloc'd
 * memory (guarded, locked where the system allows), are zeroed when
 * released and never appear in a message: errors name the field, the
 * endpoint's error code and its description, never a credential.
 */
#ifndef ASSURE_COLLECT_OAUTH_H
#define ASSURE_COLLECT_OAUTH_H

#include "common/compat.h"
#include "common/err.h"

#define OAUTH_BODY_MAX		(64u * 1024)	/* a request body */
#define OAUTH_TOKEN_MAX		(32u * 1024)	/* an access token */
#define OAUTH_EXPIRES_MAX	(366LL * 86400)	/* most expires_in */
#define OAUTH_GRAPH_SCOPE	"https://graph.microsoft.com/.default"
#define OAUTH_MS_LOGIN		"https://login.microsoftonline.com"

/* Bytes in guarded memory: a request body, a JWT, a header line. */
struct oauth_secret {
	char	*data;	/* NUL-terminated; sodium_malloc'd; or NULL */
	size_t	 len;
};

/* Zero and free; s->data may be NULL. */
void oauth_secret_free(struct oauth_secret *s);

/*
 * application/x-www-form-urlencoded (the WHATWG URL standard's
 * serializer, which RFC 6749 appendix B asks for): A-Z a-z 0-9 * - . _
 * kept, space as '+', every other byte %XX.  The length s encodes to,
 * and the encoding written to out (room for that length; no NUL).
 */
size_t oauth_form_len(const char *s);
size_t oauth_form_encode(char *out, const char *s);

/*
 * The form body name1=value1&name2=value2... of pairs (name, value,
 * name, value, ..., NULL), computed to its exact size and written once
 * into guarded memory.  ASSURE_ERR_LIMIT past OAUTH_BODY_MAX.
 */
enum assure_err oauth_form(const char *const *pairs, struct oauth_secret *ret,
    struct assure_diag *reterr_diag);

/*
 * Microsoft identity platform, client credentials: the token endpoint
 * https://login.microsoftonline.com/TENANT/oauth2/v2.0/token into url
 * (size bytes) and the body client_id, client_secret, scope (NULL:
 * OAUTH_GRAPH_SCOPE), grant_type=client_credentials.  The tenant is a
 * GUID or a domain name: 1 to 253 of [A-Za-z0-9.-], anything else is
 * ASSURE_ERR_INVAL, so that nothing can be smuggled into the URL.
 */
enum assure_err oauth_client_credentials(const char *tenant,
    const char *client_id, const char *client_secret, const char *scope,
    char *url, size_t size, struct oauth_secret *ret_body,
    struct assure_diag *reterr_diag);

struct oauth_token {
	struct oauth_secret	 access_token;
	char			 token_type[32];	/* "Bearer" */
	int64_t			 expires_in;	/* seconds, or -1 */
};

void oauth_token_free(struct oauth_token *t);

/*
 * Read a token endpoint's answer (status and body) named source (the
 * endpoint's URL without query, for messages).  The success form
 * {"access_token", "token_type", "expires_in"}: the token copied to
 * guarded memory, token_type, when present, must be Bearer (any case),
 * expires_in a number (or a string of digits, as Microsoft's v1 endpoint
 * sends) up to OAUTH_EXPIRES_MAX.  The error form {"error",
 * "error_description"} (or any status but 2xx): ASSURE_ERR_PERM with
 * "the token endpoint refused (status N): ERROR: DESCRIPTION", control
 * bytes made spaces.  A body that is not such JSON: ASSURE_ERR_PARSE
 * located in it (or ASSURE_ERR_PERM naming the status when that was not
 * 2xx).
 */
enum assure_err oauth_token_parse(const char *source, unsigned status,
    const void *body, size_t len, struct oauth_token *ret,
    struct assure_diag *reterr_diag);

/* "Authorization: Bearer TOKEN" in guarded memory, for http_request. */
enum assure_err oauth_bearer_line(const struct oauth_token *t,
    struct oauth_secret *ret, struct assure_diag *reterr_diag);

#endif
