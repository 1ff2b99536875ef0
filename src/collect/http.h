/*
 * http.h: the HTTP client every live collector goes through (libcurl).
 *
 * One request is one call; what a collector needs around it is here, once:
 *
 *  - explicit limits: connect and total timeouts, a body size limit, a
 *    header size limit; a body cut short of its Content-Length is an
 *    error, never a page;
 *  - retries with exponential backoff and jitter on connection failures,
 *    408, 429 and 5xx, honouring Retry-After (seconds or an HTTP date)
 *    and the rate-limit headers (X-RateLimit-Remaining 0 with
 *    X-RateLimit-Reset, or Okta's X-Rate-Limit-Remaining and
 *    X-Rate-Limit-Reset; GitHub's secondary limits: 403 with Retry-After
 *    or a "secondary rate limit" body), up to a retry budget and a
 *    longest wait, each wait reported through the progress callback;
 *  - conditional requests: If-None-Match / If-Modified-Since from a
 *    previous response's ETag / Last-Modified; a 304 is answered as such;
 *  - the Link header (RFC 8288) parsed for rel="next".
 *
 * Secrets (bearer tokens, keys) pass through headers the caller builds;
 * they are never logged and never appear in an error message: errors name
 * the method, the URL without its query string, and the status.
 */
#ifndef ASSURE_COLLECT_HTTP_H
#define ASSURE_COLLECT_HTTP_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

#define HTTP_URL_MAX		8192
#define HTTP_HEADERS_MAX	32	/* request headers the caller adds */
#define HTTP_BODY_MAX_DEFAULT	(256ull * 1024 * 1024)
#define HTTP_TIMEOUT_DEFAULT	60	/* seconds, whole request */
#define HTTP_CONNECT_DEFAULT	10	/* seconds */
#define HTTP_RETRIES_DEFAULT	5
#define HTTP_WAIT_MAX_DEFAULT	300	/* seconds, longest single wait */

struct http_opts {
	long		 timeout;	/* seconds; 0: HTTP_TIMEOUT_DEFAULT */
	long		 connect_timeout; /* seconds; 0: default */
	uint64_t	 body_max;	/* bytes; 0: HTTP_BODY_MAX_DEFAULT */
	unsigned	 retries;	/* extra attempts; 0 means default;
					   use HTTP_NO_RETRY for none */
	long		 wait_max;	/* seconds; 0: default */
	/* Called before each wait (attempt is the one that failed). */
	void		(*on_wait)(void *arg, const char *url, unsigned status,
			    long seconds);
	void		*arg;
	/* Tests: the clock and sleep (NULL: the system's). */
	void		(*sleep_fn)(void *arg, long seconds);
};
#define HTTP_NO_RETRY	((unsigned)-1)

struct http_request {
	const char	*method;	/* "GET", "POST" */
	const char	*url;
	/* "Name: value" lines, NULL-terminated; the caller's (auth). */
	const char	*const *headers;
	const void	*body;		/* POST; NULL for none */
	size_t		 body_len;
	/* Conditional request: a previous response's validators, or NULL. */
	const char	*etag;
	const char	*last_modified;
};

struct http_response {
	unsigned		 status;	/* 0 until answered */
	struct assure_buf	 body;
	char			 content_type[128];
	char			 etag[256];
	char			 last_modified[64];
	/* rel="next" of the Link header, or "". */
	char			 next[HTTP_URL_MAX];
	/* Rate limit as last seen: -1 when absent. */
	int64_t			 ratelimit_remaining;
	int64_t			 ratelimit_reset;	/* epoch seconds */
	unsigned		 attempts;	/* requests made */
};

void http_response_init(struct http_response *r);
void http_response_free(struct http_response *r);

/*
 * Perform req with retries (see above) into resp (initialised by the
 * caller; reset before each attempt).  ASSURE_OK for any final status the
 * server gave (2xx, 304, 4xx: the caller decides, e.g. a 401 expired
 * token or a 404 "Branch not protected"); ASSURE_ERR_IO when no answer
 * came after the retries (the diagnostic names method, URL without query,
 * the last status or curl's error), ASSURE_ERR_LIMIT for a body over
 * body_max, ASSURE_ERR_PARSE for a body cut short.
 */
enum assure_err http_do(const struct http_opts *o,
    const struct http_request *req, struct http_response *resp,
    struct assure_diag *reterr_diag);

/*
 * The rel="next" target of a Link header value (RFC 8288: several
 * comma-separated links, parameters in any order, quoted or not), copied
 * to out; false when there is none or it does not fit.
 */
bool http_link_next(const char *link, char *out, size_t size);

/*
 * Seconds to wait from a Retry-After value (delta-seconds or an
 * IMF-fixdate, RFC 9110 10.2.3) at now; -1 when it is neither.
 */
long http_retry_after(const char *value, int64_t now);

/* url without its query string and fragment, for messages. */
void http_url_for_message(const char *url, char *out, size_t size);

#endif
