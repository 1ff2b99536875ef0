/*
 * sigv4.h: AWS Signature Version 4 for the AWS collectors (IAM, STS).
 *
 * Pure: a request description in, the headers that authenticate it out;
 * the HTTP client (http.h) sends them.  The steps are those of AWS's
 * "Create a signed AWS API request" and its test suite:
 *
 *  1. the canonical request: method; the canonical URI (the path as sent,
 *     dot segments removed, empty segments collapsed, each byte outside
 *     A-Z a-z 0-9 - . _ ~ percent-encoded as %XX, '/' kept; a '%' already
 *     there is encoded again, which is the "encode twice" rule of every
 *     service but S3, which this module does not sign for); the canonical
 *     query (each name and value percent-decoded then encoded as above,
 *     a name without '=' given an empty value, sorted by name then value);
 *     the canonical headers (names lower-cased, values trimmed with inner
 *     runs of white space made one space and folded lines joined by ',',
 *     repeated names joined by ',' in the order given, sorted by name),
 *     always with host and x-amz-date, and x-amz-security-token when the
 *     credentials carry a session token; the signed header names; the
 *     hex SHA-256 of the payload;
 *  2. the string to sign: "AWS4-HMAC-SHA256", the X-Amz-Date
 *     (YYYYMMDDTHHMMSSZ), the scope date/region/service/aws4_request, the
 *     hex SHA-256 of the canonical request;
 *  3. the signing key: HMAC-SHA256 chained over "AWS4" + secret, the
 *     date, the region, the service, "aws4_request";
 *  4. the signature, HMAC-SHA256 of the string to sign under that key,
 *     in hex, and the Authorization header.
 *
 * The secret key and the signing key live only on the stack of
 * sigv4_sign() and are zeroed before it returns; nothing here prints.
 * The session token is a credential too: the header lines that carry it
 * are in sodium_malloc'd memory, and they and the canonical request (which
 * holds it) are zeroed by sigv4_signed_free().
 */
#ifndef ASSURE_COLLECT_SIGV4_H
#define ASSURE_COLLECT_SIGV4_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

#define SIGV4_HEADERS_MAX	32	/* headers the caller adds */
#define SIGV4_DATE_LEN		16	/* "20150830T123600Z" */
#define SIGV4_SIG_LEN		64	/* hex */
/* The most bytes of a canonical request or a string to sign. */
#define SIGV4_TEXT_MAX		(1024u * 1024)

struct sigv4_creds {
	const char	*access_key;	/* "AKIDEXAMPLE" */
	const char	*secret_key;
	const char	*session_token;	/* NULL or "" when none */
};

struct sigv4_header {
	const char	*name;
	const char	*value;
};

struct sigv4_request {
	const char	*method;	/* "GET", "POST" */
	const char	*host;		/* "iam.amazonaws.com" */
	const char	*path;		/* as sent; NULL or "": "/" */
	const char	*query;		/* without '?'; NULL: none */
	/* Headers to sign besides host, x-amz-date and the token. */
	const struct sigv4_header *headers;
	size_t		 nheaders;
	const void	*payload;	/* NULL: empty */
	size_t		 payload_len;
	const char	*region;	/* "us-east-1" */
	const char	*service;	/* "iam", "sts" */
	int64_t		 now;		/* epoch seconds, UTC */
};

struct sigv4_signed {
	struct assure_buf	 creq;	/* the canonical request */
	struct assure_buf	 sts;		/* the string to sign */
	char			 signed_headers[1024];
	char			 amz_date[SIGV4_DATE_LEN + 1];
	char			 scope[256];
	char			 signature[SIGV4_SIG_LEN + 1];
	struct assure_buf	 authorization;	/* the header's value */
	/*
	 * "Authorization: ...", "X-Amz-Date: ..." and, with a session
	 * token, "X-Amz-Security-Token: ...", NULL-terminated: what
	 * struct http_request's headers take (with the caller's own).
	 * sodium_malloc'd; zeroed and freed by sigv4_signed_free().
	 */
	char			*lines[4];
};

/*
 * Sign r with c into out (initialised here; release with
 * sigv4_signed_free() whatever the result).  ASSURE_ERR_INVAL (naming the
 * field) for a missing method, host, region, service or key, a header
 * name that is empty, has a byte outside token characters, or is one of
 * those the signer adds (host, x-amz-date, x-amz-security-token,
 * authorization); ASSURE_ERR_LIMIT past SIGV4_HEADERS_MAX or
 * SIGV4_TEXT_MAX; ASSURE_ERR_NOMEM.
 */
enum assure_err sigv4_sign(const struct sigv4_creds *c,
    const struct sigv4_request *r, struct sigv4_signed *out,
    struct assure_diag *reterr_diag);

void sigv4_signed_free(struct sigv4_signed *s);

/*
 * The pieces, for tests and for callers that need one of them.  Each
 * appends to out (errors sticky there).
 */
void sigv4_canonical_uri(struct assure_buf *out, const char *path);
void sigv4_canonical_query(struct assure_buf *out, const char *query);
/* The signing key for date "YYYYMMDD" into key[32]; false on failure. */
bool sigv4_signing_key(const char *secret, const char *date,
    const char *region, const char *service, unsigned char key[32]);

#endif
