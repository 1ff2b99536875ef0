/*
 * http.c: the collectors' HTTP client on libcurl (see http.h).
 *
 * One easy handle per attempt: nothing (cookies, connections, a half-read
 * body) carries from a failed attempt into the next.  Only http and https,
 * redirects followed a few times within those, no signals (curl's resolver
 * timeouts would otherwise use SIGALRM), and no Accept-Encoding, so that
 * Content-Length counts the bytes the body callback sees and a body cut
 * short is noticed here as well as by curl.
 */
#include "common/compat.h"

#include <ctype.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "collect/http.h"
#include "common/timeutil.h"

#define HTTP_REDIRECTS_MAX	5
#define HTTP_HEADER_LINE_MAX	(16 * 1024)
#define HTTP_HEADER_BYTES_MAX	(256 * 1024)

/* What one attempt saw, besides the response the caller reads. */
struct attempt {
	struct http_response	*resp;
	uint64_t		 body_max;
	bool			 over;		/* body_max exceeded */
	int64_t			 content_length; /* -1: none */
	long			 retry_after;	/* seconds; -1: none */
	size_t			 header_bytes;
	int64_t			 now;
};

void
http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	assure_buf_init(&r->body, HTTP_BODY_MAX_DEFAULT);
	r->ratelimit_remaining = -1;
	r->ratelimit_reset = -1;
}

void
http_response_free(struct http_response *r)
{
	assure_buf_free(&r->body);
}

/* Everything but the body's storage and the attempt count. */
static void
response_reset(struct http_response *r)
{
	r->status = 0;
	assure_buf_reset(&r->body);
	r->content_type[0] = '\0';
	r->etag[0] = '\0';
	r->last_modified[0] = '\0';
	r->next[0] = '\0';
	r->ratelimit_remaining = -1;
	r->ratelimit_reset = -1;
}

void
http_url_for_message(const char *url, char *out, size_t size)
{
	size_t n = strcspn(url, "?#");

	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(out, url, n);
	out[n] = '\0';
}

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

long
http_retry_after(const char *value, int64_t now)
{
	struct tm tm;
	const char *end;
	long long v;
	char tmp[64];
	size_t n;
	time_t t;

	while (is_ows(*value))
		value++;
	n = strlen(value);
	while (n > 0 && (is_ows(value[n - 1]) || value[n - 1] == '\r' ||
	    value[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, value, n);
	tmp[n] = '\0';
	if (isdigit((unsigned char)tmp[0])) {
		/* delta-seconds; a year is already absurd, so is more. */
		if (assure_strtonum(tmp, 0, 366LL * 86400, &v) != 0)
			return -1;
		return (long)v;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(tmp, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	return (int64_t)t <= now ? 0 : (long)((int64_t)t - now);
}

/* Whether the rel parameter's value (space-separated relation types,
 * RFC 8288 3.3) names "next". */
static bool
rel_has_next(const char *v, size_t n)
{
	size_t i = 0, s;

	while (i < n) {
		while (i < n && isspace((unsigned char)v[i]))
			i++;
		s = i;
		while (i < n && !isspace((unsigned char)v[i]))
			i++;
		if (i - s == 4 && strncasecmp(v + s, "next", 4) == 0)
			return true;
	}
	return false;
}

bool
http_link_next(const char *link, char *out, size_t size)
{
	const char *p = link, *url, *name, *val;
	size_t url_len, name_len, val_len;
	bool next;

	for (;;) {
		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p != '<')
			return false;
		url = ++p;
		while (*p != '\0' && *p != '>')
			p++;
		if (*p != '>')
			return false;
		url_len = (size_t)(p - url);
		p++;
		next = false;
		/* Parameters: ; name [= token | quoted-string] */
		for (;;) {
			while (is_ows(*p))
				p++;
			if (*p != ';')
				break;
			p++;
			while (is_ows(*p))
				p++;
			name = p;
			while (*p != '\0' && *p != '=' && *p != ';' &&
			    *p != ',' && !isspace((unsigned char)*p))
				p++;
			name_len = (size_t)(p - name);
			while (is_ows(*p))
				p++;
			val = "";
			val_len = 0;
			if (*p == '=') {
				p++;
				while (is_ows(*p))
					p++;
				if (*p == '"') {
					val = ++p;
					while (*p != '\0' && *p != '"') {
						if (*p == '\\' && p[1] != '\0')
							p++;
						p++;
					}
					val_len = (size_t)(p - val);
					if (*p == '"')
						p++;
				} else {
					val = p;
					while (*p != '\0' && *p != ';' &&
					    *p != ',' &&
					    !isspace((unsigned char)*p))
						p++;
					val_len = (size_t)(p - val);
				}
			}
			if (name_len == 3 && strncasecmp(name, "rel", 3) == 0 &&
			    rel_has_next(val, val_len))
				next = true;
		}
		if (next) {
			if (url_len == 0 || url_len >= size)
				return false;
			memcpy(out, url, url_len);
			out[url_len] = '\0';
			return true;
		}
		/* Skip anything unparsed up to the next link. */
		while (*p != '\0' && *p != ',')
			p++;
		if (*p == '\0')
			return false;
	}
}

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct attempt *a = arg;
	size_t n = size * nmemb;

	if ((uint64_t)a->resp->body.len + n > a->body_max) {
		a->over = true;
		return 0;	/* curl stops with a write error */
	}
	assure_buf_add(&a->resp->body, ptr, n);
	return assure_buf_err(&a->resp->body) == ASSURE_OK ? n : 0;
}

/* The value of a "Name: value" line when its name is name, trimmed into
 * out; false otherwise. */
static bool
header_value(const char *line, size_t len, const char *name, char *out,
    size_t size)
{
	size_t nl = strlen(name), s, e;

	if (len <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return false;
	s = nl + 1;
	e = len;
	while (s < e && is_ows(line[s]))
		s++;
	while (e > s && (is_ows(line[e - 1]) || line[e - 1] == '\r' ||
	    line[e - 1] == '\n'))
		e--;
	if (e - s >= size)
		e = s + size - 1;	/* over-long validators are cut */
	memcpy(out, line + s, e - s);
	out[e - s] = '\0';
	return true;
}

static size_t
on_header(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct attempt *a = arg;
	struct http_response *r = a->resp;
	size_t n = size * nmemb;
	char v[HTTP_URL_MAX * 2], next[HTTP_URL_MAX];
	long long ll;

	a->header_bytes += n;
	if (a->header_bytes > HTTP_HEADER_BYTES_MAX)
		return 0;
	if (n > HTTP_HEADER_LINE_MAX)
		return n;	/* nothing we read is that long */
	if (n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
		/* A new response (after a redirect or a 100): forget the
		 * headers of the previous one. */
		response_reset(r);
		a->content_length = -1;
		a->retry_after = -1;
		return n;
	}
	if (header_value(ptr, n, "Content-Type", r->content_type,
	    sizeof(r->content_type)) ||
	    header_value(ptr, n, "ETag", r->etag, sizeof(r->etag)) ||
	    header_value(ptr, n, "Last-Modified", r->last_modified,
	    sizeof(r->last_modified)))
		return n;
	if (header_value(ptr, n, "Link", v, sizeof(v))) {
		/* Okta sends rel="self" and rel="next" as two Link headers,
		 * in either order: one without a next keeps the other's. */
		if (!http_link_next(v, next, sizeof(next)))
			next[0] = '\0';
		if (next[0] != '\0')
			assure_strlcpy(r->next, next, sizeof(r->next));
	} else if (header_value(ptr, n, "Retry-After", v, sizeof(v))) {
		a->retry_after = http_retry_after(v, a->now);
	} else if (header_value(ptr, n, "X-RateLimit-Remaining", v,
	    sizeof(v)) || header_value(ptr, n, "X-Rate-Limit-Remaining", v,
	    sizeof(v))) {
		/* GitHub's names, and Okta's (with a hyphen). */
		if (assure_strtonum(v, 0, INT64_MAX, &ll) == 0)
			r->ratelimit_remaining = ll;
	} else if (header_value(ptr, n, "X-RateLimit-Reset", v, sizeof(v)) ||
	    header_value(ptr, n, "X-Rate-Limit-Reset", v, sizeof(v))) {
		if (assure_strtonum(v, 0, INT64_MAX, &ll) == 0)
			r->ratelimit_reset = ll;
	} else if (header_value(ptr, n, "Content-Length", v, sizeof(v))) {
		if (assure_strtonum(v, 0, INT64_MAX, &ll) == 0)
			a->content_length = ll;
	}
	return n;
}

static void
system_sleep(void *arg, long seconds)
{
	(void)arg;
	while (seconds > 0)
		seconds = (long)sleep((unsigned)seconds);
}

/* A failure of the connection, not of the request: worth another try. */
static bool
transient(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/*
 * Whether a final status asks for another try, and the wait the server
 * named (-1: none, back off).  GitHub's limits: the primary one answers
 * 403 or 429 with X-RateLimit-Remaining 0 and the reset instant; the
 * secondary one 403 or 429 with Retry-After, or without it and a body
 * saying "secondary rate limit".
 */
static bool
retryable_status(const struct attempt *a, long *ret_wait)
{
	const struct http_response *r = a->resp;
	unsigned s = r->status;

	*ret_wait = -1;
	if (s == 403 || s == 429) {
		if (a->retry_after >= 0) {
			*ret_wait = a->retry_after;
			return true;
		}
		if (r->ratelimit_remaining == 0 && r->ratelimit_reset >= 0) {
			*ret_wait = r->ratelimit_reset > a->now ?
			    (long)(r->ratelimit_reset - a->now) : 0;
			return true;
		}
		if (s == 429)
			return true;
		return r->body.data != NULL &&
		    strcasestr(r->body.data, "secondary rate limit") != NULL;
	}
	if (s == 408 || (s >= 500 && s <= 599)) {
		if (a->retry_after >= 0)
			*ret_wait = a->retry_after;
		return true;
	}
	return false;
}

/* 1, 2, 4, ... seconds, plus up to half again at random so that many
 * collectors failing together do not come back together. */
static long
backoff(unsigned failed)
{
	long b = failed >= 16 ? 1L << 16 : 1L << (failed - 1);

	return b + (long)randombytes_uniform((uint32_t)(b / 2 + 1));
}

/* The request's header list: the caller's lines and the validators. */
static enum assure_err
request_headers(const struct http_request *req, struct curl_slist **ret)
{
	struct curl_slist *h, *t;
	char line[512];
	size_t i;

	*ret = NULL;
	/* No "Expect: 100-continue" pause before a POST body. */
	h = curl_slist_append(NULL, "Expect:");
	if (h == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; req->headers != NULL && req->headers[i] != NULL; i++) {
		if (i >= HTTP_HEADERS_MAX) {
			curl_slist_free_all(h);
			return ASSURE_ERR_LIMIT;
		}
		if ((t = curl_slist_append(h, req->headers[i])) == NULL)
			goto nomem;
		h = t;
	}
	if (req->etag != NULL && req->etag[0] != '\0' &&
	    (size_t)snprintf(line, sizeof(line), "If-None-Match: %s",
	    req->etag) < sizeof(line)) {
		if ((t = curl_slist_append(h, line)) == NULL)
			goto nomem;
		h = t;
	}
	if (req->last_modified != NULL && req->last_modified[0] != '\0' &&
	    (size_t)snprintf(line, sizeof(line), "If-Modified-Since: %s",
	    req->last_modified) < sizeof(line)) {
		if ((t = curl_slist_append(h, line)) == NULL)
			goto nomem;
		h = t;
	}
	*ret = h;
	return ASSURE_OK;
nomem:
	curl_slist_free_all(h);
	return ASSURE_ERR_NOMEM;
}

enum assure_err
http_do(const struct http_opts *o, const struct http_request *req,
    struct http_response *resp, struct assure_diag *reterr_diag)
{
	static const struct http_opts none;
	char where[HTTP_URL_MAX + 16], u[HTTP_URL_MAX];
	char errbuf[CURL_ERROR_SIZE], why[256];
	char when[ASSURE_TIME_STRLEN];
	const char *method = req->method != NULL ? req->method : "GET";
	struct curl_slist *hdr;
	struct attempt a;
	unsigned retries, failed = 0;
	long timeout, connect, wait_max, wait, status;
	void (*sleep_fn)(void *, long);
	CURLcode cc;
	CURL *c;
	enum assure_err rc;

	if (o == NULL)
		o = &none;
	timeout = o->timeout > 0 ? o->timeout : HTTP_TIMEOUT_DEFAULT;
	connect = o->connect_timeout > 0 ? o->connect_timeout :
	    HTTP_CONNECT_DEFAULT;
	wait_max = o->wait_max > 0 ? o->wait_max : HTTP_WAIT_MAX_DEFAULT;
	retries = o->retries == HTTP_NO_RETRY ? 0 : o->retries > 0 ?
	    o->retries : HTTP_RETRIES_DEFAULT;
	sleep_fn = o->sleep_fn != NULL ? o->sleep_fn : system_sleep;

	http_url_for_message(req->url, u, sizeof(u));
	snprintf(where, sizeof(where), "%s %s", method, u);
	if (strlen(req->url) >= HTTP_URL_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, where,
		    0, 0, NULL, "the URL is longer than %d bytes",
		    HTTP_URL_MAX - 1);
	if (strncmp(req->url, "http://", 7) != 0 &&
	    strncmp(req->url, "https://", 8) != 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, where,
		    0, 0, NULL, "the URL must be http:// or https://");
	rc = request_headers(req, &hdr);
	if (rc == ASSURE_ERR_LIMIT)
		return assure_diag_set(reterr_diag, rc, where, 0, 0, NULL,
		    "more than %d request headers", HTTP_HEADERS_MAX);
	if (rc != ASSURE_OK)
		return assure_diag_set(reterr_diag, rc, where, 0, 0, NULL,
		    "out of memory");
	resp->attempts = 0;
	for (;;) {
		memset(&a, 0, sizeof(a));
		a.resp = resp;
		a.body_max = o->body_max > 0 ? o->body_max :
		    HTTP_BODY_MAX_DEFAULT;
		a.content_length = -1;
		a.retry_after = -1;
		/* The servers' clock, not ASSURE_NOW's fixed instant. */
		a.now = (int64_t)time(NULL);
		response_reset(resp);
		/* One byte more than body_max for the buffer's NUL. */
		resp->body.max = a.body_max + 1 < SIZE_MAX ?
		    (size_t)a.body_max + 1 : SIZE_MAX;
		c = curl_easy_init();
		if (c == NULL) {
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM,
			    where, 0, 0, NULL, "cannot set up the HTTP client");
		}
		errbuf[0] = '\0';
		curl_easy_setopt(c, CURLOPT_URL, req->url);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS,
		    (long)HTTP_REDIRECTS_MAX);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		if (req->body != NULL) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)req->body_len);
		}
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
		curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
		curl_easy_setopt(c, CURLOPT_USERAGENT,
		    "assure/" ASSURE_VERSION);
		cc = curl_easy_perform(c);
		resp->attempts++;
		status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(c);
		if (a.over) {
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
			    where, 0, 0, NULL, "the body is larger than %llu "
			    "bytes", (unsigned long long)a.body_max);
		}
		if (cc == CURLE_PARTIAL_FILE || (cc == CURLE_OK &&
		    a.content_length >= 0 && status != 304 &&
		    strcmp(method, "HEAD") != 0 &&
		    (uint64_t)resp->body.len < (uint64_t)a.content_length)) {
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_PARSE,
			    where, 0, 0, NULL, "the body was cut short: %zu "
			    "of %lld bytes", resp->body.len,
			    (long long)a.content_length);
		}
		if (cc != CURLE_OK && assure_buf_err(&resp->body) ==
		    ASSURE_ERR_NOMEM) {
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM,
			    where, 0, 0, NULL, "out of memory for the body");
		}
		if (cc == CURLE_OK) {
			resp->status = (unsigned)status;
			if (!retryable_status(&a, &wait))
				break;
			snprintf(why, sizeof(why), "HTTP %u", resp->status);
		} else if (transient(cc)) {
			wait = -1;
			snprintf(why, sizeof(why), "%s", errbuf[0] != '\0' ?
			    errbuf : curl_easy_strerror(cc));
		} else {
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_IO,
			    where, 0, 0, NULL, "the request failed: %s",
			    errbuf[0] != '\0' ? errbuf :
			    curl_easy_strerror(cc));
		}
		if (failed >= retries) {
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_IO,
			    where, 0, 0, NULL, "gave up after %u attempts: "
			    "%s", resp->attempts, why);
		}
		failed++;
		if (wait > wait_max) {
			/* Sleeping an hour in a collector helps nobody: say
			 * when it is worth running again. */
			assure_time_format(a.now + wait, when);
			curl_slist_free_all(hdr);
			return assure_diag_set(reterr_diag, ASSURE_ERR_IO,
			    where, 0, 0, NULL, "%s: rate limited for %ld s, "
			    "longer than the longest wait (%ld s); retry after "
			    "%s", why, wait, wait_max, when);
		}
		if (wait < 0)
			wait = backoff(failed);
		if (wait > wait_max)
			wait = wait_max;
		if (o->on_wait != NULL)
			o->on_wait(o->arg, u, resp->status, wait);
		if (wait > 0)
			sleep_fn(o->arg, wait);
	}
	curl_slist_free_all(hdr);
	return ASSURE_OK;
}
