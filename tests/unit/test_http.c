/*
 * test_http.c: the collectors' HTTP client (collect/http.c) against the
 * loopback stub server: pagination, retries and their waits, rate limits,
 * conditional requests, the body limit, a body cut short, timeouts; and
 * the Retry-After and Link parsers on real header values.
 */
#include "common/compat.h"

#include "collect/http.h"
#include "common/timeutil.h"
#include "httpstub.h"
#include "testutil.h"

struct waits {
	long	 w[16];
	size_t	 n;
	unsigned status[16];
};

static void
fake_sleep(void *arg, long seconds)
{
	(void)arg;
	(void)seconds;	/* recorded by on_wait; never really sleep */
}

static void
record_wait(void *arg, const char *url, unsigned status, long seconds)
{
	struct waits *w = arg;

	assert_null(strchr(url, '?'));
	if (w->n < 16) {
		w->status[w->n] = status;
		w->w[w->n++] = seconds;
	}
}

static void
opts_init(struct http_opts *o, struct waits *w)
{
	memset(o, 0, sizeof(*o));
	memset(w, 0, sizeof(*w));
	o->timeout = 5;
	o->connect_timeout = 2;
	o->on_wait = record_wait;
	o->sleep_fn = fake_sleep;
	o->arg = w;
}

static enum assure_err
get(const struct http_opts *o, const char *url, struct http_response *r,
    struct assure_diag *d)
{
	struct http_request req;
	static const char *const hdr[] = { "Authorization: Bearer s3cr3t",
	    NULL };

	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.url = url;
	req.headers = hdr;
	assure_diag_clear(d);
	return http_do(o, &req, r, d);
}

static void
test_pages(void **state)
{
	static const struct httpstub_resp p1[] = { { .status = 200,
	    .headers = "Link: <%BASE%/items?page=2>; rel=\"next\", "
	    "<%BASE%/items?page=2>; rel=\"last\"\r\n"
	    "ETag: W/\"abc\"\r\nContent-Type: application/json\r\n"
	    "X-RateLimit-Remaining: 4999\r\nX-RateLimit-Reset: 1700000000\r\n",
	    .body = "[1,2]" } };
	static const struct httpstub_resp p2[] = { { .status = 200,
	    .headers = "Link: <%BASE%/items?page=1>; rel=\"prev\"\r\n",
	    .body = "[3]" } };
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256], h[128], next[HTTP_URL_MAX];

	(void)state;
	httpstub_route(s, "GET", "/items", "page=2", p2, 1);
	httpstub_route(s, "GET", "/items", NULL, p1, 1);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/items", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_int_equal(r.status, 200);
	assert_string_equal(assure_buf_str(&r.body), "[1,2]");
	assert_string_equal(r.etag, "W/\"abc\"");
	assert_string_equal(r.content_type, "application/json");
	assert_int_equal(r.ratelimit_remaining, 4999);
	assert_int_equal(r.ratelimit_reset, 1700000000);
	assert_int_equal(r.attempts, 1);
	snprintf(next, sizeof(next), "%s/items?page=2", httpstub_url(s));
	assert_string_equal(r.next, next);
	assert_int_equal(get(&o, next, &r, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.body), "[3]");
	assert_string_equal(r.next, "");
	assert_int_equal(r.ratelimit_remaining, -1);
	/* The caller's headers and ours went out. */
	assert_non_null(httpstub_header(httpstub_request(s, 0),
	    "Authorization", h, sizeof(h)));
	assert_string_equal(h, "Bearer s3cr3t");
	assert_non_null(httpstub_header(httpstub_request(s, 0), "User-Agent",
	    h, sizeof(h)));
	assert_string_equal(h, "assure/" ASSURE_VERSION);
	assert_string_equal(httpstub_request(s, 1)->target, "/items?page=2");
	assert_int_equal(w.n, 0);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_retry_after_429(void **state)
{
	static const struct httpstub_resp seq[] = {
		{ .status = 429, .headers = "Retry-After: 7\r\n" },
		{ .status = 200, .body = "ok" },
	};
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	httpstub_route(s, "GET", "/x", NULL, seq, 2);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x?token=no", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.w[0], 7);
	assert_int_equal(w.status[0], 429);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_500_then_ok(void **state)
{
	static const struct httpstub_resp seq[] = {
		{ .status = 500, .body = "oops" },
		{ .status = 502 },
		{ .status = 200, .body = "fine" },
	};
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	httpstub_route(s, "GET", "/x", NULL, seq, 3);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.body), "fine");
	assert_int_equal(r.attempts, 3);
	assert_int_equal(w.n, 2);
	/* 1 s then 2 s, each with up to half again of jitter. */
	assert_true(w.w[0] >= 1 && w.w[0] <= 1);
	assert_true(w.w[1] >= 2 && w.w[1] <= 3);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_500_budget(void **state)
{
	static const struct httpstub_resp seq[] = { { .status = 503 } };
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256], want[256], line[1024];

	(void)state;
	httpstub_route(s, "GET", "/x", NULL, seq, 1);
	opts_init(&o, &w);
	o.retries = 2;
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x?page=3&secret=abc", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_IO);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(httpstub_nrequests(s), 3);
	assure_diag_format(&d, line, sizeof(line));
	snprintf(want, sizeof(want), "GET %s/x", httpstub_url(s));
	assert_non_null(strstr(line, want));
	assert_non_null(strstr(line, "HTTP 503"));
	assert_null(strstr(line, "secret=abc"));
	assert_null(strstr(line, "s3cr3t"));
	/* No retry at all. */
	o.retries = HTTP_NO_RETRY;
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_IO);
	assert_int_equal(r.attempts, 1);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_ratelimit_reset(void **state)
{
	static char past[128], soon[128], later[128];
	static struct httpstub_resp a[] = {
		{ .status = 403, .headers = past, .body = "{\"message\":"
		    "\"API rate limit exceeded\"}" },
		{ .status = 200, .body = "a" },
	};
	static struct httpstub_resp b[] = {
		{ .status = 429, .headers = soon },
		{ .status = 200, .body = "b" },
	};
	static struct httpstub_resp c[] = {
		{ .status = 403, .headers = later },
	};
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256], line[1024];
	int64_t now = (int64_t)time(NULL);

	(void)state;
	snprintf(past, sizeof(past), "X-RateLimit-Remaining: 0\r\n"
	    "X-RateLimit-Reset: %lld\r\n", (long long)(now - 100));
	snprintf(soon, sizeof(soon), "X-RateLimit-Remaining: 0\r\n"
	    "X-RateLimit-Reset: %lld\r\n", (long long)(now + 30));
	snprintf(later, sizeof(later), "X-RateLimit-Remaining: 0\r\n"
	    "X-RateLimit-Reset: %lld\r\n", (long long)(now + 3600));
	httpstub_route(s, "GET", "/a", NULL, a, 2);
	httpstub_route(s, "GET", "/b", NULL, b, 2);
	httpstub_route(s, "GET", "/c", NULL, c, 1);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/a", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.body), "a");
	assert_int_equal(w.n, 1);
	assert_int_equal(w.w[0], 0);	/* the reset is past: at once */
	snprintf(url, sizeof(url), "%s/b", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.body), "b");
	assert_int_equal(w.n, 2);
	assert_true(w.w[1] >= 28 && w.w[1] <= 31);
	/* An hour away: an error saying when, not an hour's sleep. */
	snprintf(url, sizeof(url), "%s/c", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_IO);
	assert_int_equal(w.n, 2);
	assure_diag_format(&d, line, sizeof(line));
	assert_non_null(strstr(line, "retry after"));
	assert_non_null(strstr(line, "HTTP 403"));
	http_response_free(&r);
	httpstub_stop(s);
}

/* Okta's names for the same limit: X-Rate-Limit-* with a hyphen; its
 * Link headers, one per relation. */
static void
test_okta_ratelimit(void **state)
{
	static char soon[160], later[160];
	static struct httpstub_resp a[] = {
		{ .status = 429, .headers = soon, .body = "{\"errorCode\":"
		    "\"E0000047\",\"errorSummary\":\"API call exceeded rate "
		    "limit due to too many requests.\"}" },
		{ .status = 200, .headers = "X-Rate-Limit-Limit: 600\r\n"
		    "X-Rate-Limit-Remaining: 599\r\nX-Rate-Limit-Reset: "
		    "1700000000\r\n"
		    /* Okta's two Link headers, next before self. */
		    "Link: <%BASE%/a?after=00u9&limit=200>; rel=\"next\"\r\n"
		    "Link: <%BASE%/a?limit=200>; rel=\"self\"\r\n",
		    .body = "a" },
	};
	static struct httpstub_resp c[] = {
		{ .status = 429, .headers = later },
	};
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256], line[1024];
	int64_t now = (int64_t)time(NULL);

	(void)state;
	snprintf(soon, sizeof(soon), "X-Rate-Limit-Limit: 600\r\n"
	    "X-Rate-Limit-Remaining: 0\r\nX-Rate-Limit-Reset: %lld\r\n",
	    (long long)(now + 30));
	snprintf(later, sizeof(later), "X-Rate-Limit-Limit: 600\r\n"
	    "X-Rate-Limit-Remaining: 0\r\nX-Rate-Limit-Reset: %lld\r\n",
	    (long long)(now + 3600));
	httpstub_route(s, "GET", "/a", NULL, a, 2);
	httpstub_route(s, "GET", "/c", NULL, c, 1);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/a", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.body), "a");
	assert_int_equal(w.n, 1);
	/* The reset, not the 1 s backoff. */
	assert_true(w.w[0] >= 28 && w.w[0] <= 31);
	assert_int_equal(r.ratelimit_remaining, 599);
	assert_int_equal(r.ratelimit_reset, 1700000000);
	snprintf(url, sizeof(url), "%s/a?after=00u9&limit=200",
	    httpstub_url(s));
	assert_string_equal(r.next, url);
	snprintf(url, sizeof(url), "%s/c", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_IO);
	assure_diag_format(&d, line, sizeof(line));
	assert_non_null(strstr(line, "retry after"));
	assert_non_null(strstr(line, "HTTP 429"));
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_secondary_limit(void **state)
{
	static const struct httpstub_resp seq[] = {
		{ .status = 403, .headers = "Retry-After: 60\r\n",
		    .body = "{\"message\":\"You have exceeded a secondary rate "
		    "limit. Please wait a few minutes before you try again."
		    "\"}" },
		{ .status = 403, .body = "{\"message\":\"You have exceeded a "
		    "secondary rate limit and have been temporarily blocked "
		    "from content creation.\"}" },
		{ .status = 200, .body = "[]" },
	};
	static const struct httpstub_resp forbidden[] = {
		{ .status = 403, .body = "{\"message\":\"Must have admin "
		    "rights to Repository.\"}" },
	};
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	httpstub_route(s, "GET", "/x", NULL, seq, 3);
	httpstub_route(s, "GET", "/admin", NULL, forbidden, 1);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.w[0], 60);
	/* A plain 403 is the caller's answer, at once. */
	snprintf(url, sizeof(url), "%s/admin", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_int_equal(r.status, 403);
	assert_int_equal(r.attempts, 1);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_not_modified(void **state)
{
	static const struct httpstub_resp seq[] = {
		{ .status = 200, .headers = "ETag: \"v1\"\r\nLast-Modified: "
		    "Tue, 01 Sep 2026 10:00:00 GMT\r\n", .body = "[1]" },
		{ .status = 304, .headers = "ETag: \"v1\"\r\n" },
	};
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_request req;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256], h[128], etag[256], lm[64];

	(void)state;
	httpstub_route(s, "GET", "/x", NULL, seq, 2);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assure_strlcpy(etag, r.etag, sizeof(etag));
	assure_strlcpy(lm, r.last_modified, sizeof(lm));
	assert_string_equal(lm, "Tue, 01 Sep 2026 10:00:00 GMT");
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.etag = etag;
	req.last_modified = lm;
	assert_int_equal(http_do(&o, &req, &r, &d), ASSURE_OK);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body.len, 0);
	assert_non_null(httpstub_header(httpstub_request(s, 1),
	    "If-None-Match", h, sizeof(h)));
	assert_string_equal(h, "\"v1\"");
	assert_non_null(httpstub_header(httpstub_request(s, 1),
	    "If-Modified-Since", h, sizeof(h)));
	assert_string_equal(h, lm);
	assert_null(httpstub_header(httpstub_request(s, 0),
	    "If-None-Match", h, sizeof(h)));
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_body_limit(void **state)
{
	static char big[10000];
	static struct httpstub_resp seq[] = { { .status = 200, .body = big } };
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	httpstub_route(s, "GET", "/x", NULL, seq, 1);
	opts_init(&o, &w);
	o.body_max = 4096;
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_LIMIT);
	assert_non_null(strstr(d.msg, "4096"));
	o.body_max = sizeof(big) - 1;
	assert_int_equal(get(&o, url, &r, &d), ASSURE_OK);
	assert_int_equal(r.body.len, sizeof(big) - 1);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_truncated(void **state)
{
	static const struct httpstub_resp seq[] = { { .status = 200,
	    .body = "[{\"id\":1},", .content_length = 500 } };
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	httpstub_route(s, "GET", "/x", NULL, seq, 1);
	opts_init(&o, &w);
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/x", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_PARSE);
	assert_non_null(strstr(d.msg, "the body was cut short"));
	assert_non_null(strstr(d.source, "/x"));
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_timeout(void **state)
{
	static const struct httpstub_resp seq[] = { { .status = 200,
	    .body = "late", .delay_ms = 3000 } };
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	httpstub_route(s, "GET", "/slow", NULL, seq, 1);
	opts_init(&o, &w);
	o.timeout = 1;
	o.retries = HTTP_NO_RETRY;
	http_response_init(&r);
	snprintf(url, sizeof(url), "%s/slow", httpstub_url(s));
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_IO);
	assert_non_null(strstr(d.source, "/slow"));
	assert_int_equal(w.n, 0);
	http_response_free(&r);
	httpstub_stop(s);
}

static void
test_refused_connection(void **state)
{
	struct httpstub *s = httpstub_start();
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;
	char url[256];

	(void)state;
	snprintf(url, sizeof(url), "%s/x", httpstub_url(s));
	httpstub_stop(s);	/* nothing listens on the port now */
	opts_init(&o, &w);
	o.retries = 1;
	http_response_init(&r);
	assert_int_equal(get(&o, url, &r, &d), ASSURE_ERR_IO);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.status[0], 0);
	assert_int_equal(r.attempts, 2);
	http_response_free(&r);
}

static void
test_bad_url(void **state)
{
	struct http_response r;
	struct http_opts o;
	struct waits w;
	struct assure_diag d;

	(void)state;
	opts_init(&o, &w);
	http_response_init(&r);
	assert_int_equal(get(&o, "file:///etc/passwd", &r, &d),
	    ASSURE_ERR_INVAL);
	assert_int_equal(get(&o, "ftp://example.com/", &r, &d),
	    ASSURE_ERR_INVAL);
	http_response_free(&r);
}

static void
test_retry_after_parse(void **state)
{
	int64_t now = 784111777;	/* Sun, 06 Nov 1994 08:49:37 GMT */

	(void)state;
	assert_int_equal(http_retry_after("120", now), 120);
	assert_int_equal(http_retry_after(" 0 ", now), 0);
	assert_int_equal(http_retry_after("Sun, 06 Nov 1994 08:49:37 GMT",
	    now), 0);
	assert_int_equal(http_retry_after("Sun, 06 Nov 1994 08:50:37 GMT",
	    now), 60);
	assert_int_equal(http_retry_after("Sun, 06 Nov 1994 08:40:37 GMT",
	    now), 0);	/* past: at once */
	assert_int_equal(http_retry_after("", now), -1);
	assert_int_equal(http_retry_after("-5", now), -1);
	assert_int_equal(http_retry_after("12abc", now), -1);
	assert_int_equal(http_retry_after("soon", now), -1);
	assert_int_equal(http_retry_after("Sunday, 06-Nov-94 08:49:37 GMT",
	    now), -1);
	assert_int_equal(http_retry_after("99999999999999999999", now), -1);
}

static void
test_link_next(void **state)
{
	char out[HTTP_URL_MAX], small[8];

	(void)state;
	/* GitHub's. */
	assert_true(http_link_next("<https://api.github.com/repositories/"
	    "1300192/issues?page=2>; rel=\"prev\", <https://api.github.com/"
	    "repositories/1300192/issues?page=4>; rel=\"next\", "
	    "<https://api.github.com/repositories/1300192/issues?page=515>; "
	    "rel=\"last\", <https://api.github.com/repositories/1300192/"
	    "issues?page=1>; rel=\"first\"", out, sizeof(out)));
	assert_string_equal(out,
	    "https://api.github.com/repositories/1300192/issues?page=4");
	/* Okta's: one link per header line, unquoted-looking params. */
	assert_true(http_link_next("<https://acme.okta.com/api/v1/users?"
	    "after=00u1&limit=200>; rel=\"next\"", out, sizeof(out)));
	assert_string_equal(out,
	    "https://acme.okta.com/api/v1/users?after=00u1&limit=200");
	assert_false(http_link_next("<https://acme.okta.com/api/v1/users?"
	    "limit=200>; rel=\"self\"", out, sizeof(out)));
	/* Unquoted, other parameters first, odd spacing and case. */
	assert_true(http_link_next("  <https://x/a?p=1> ; title=\"a, b; "
	    "rel=next\" ;REL = Next ,<https://x/b>;rel=last", out,
	    sizeof(out)));
	assert_string_equal(out, "https://x/a?p=1");
	/* A relation list. */
	assert_true(http_link_next("<https://x/c>; rel=\"last next\"", out,
	    sizeof(out)));
	assert_string_equal(out, "https://x/c");
	/* A comma inside the URL. */
	assert_true(http_link_next("<https://x/a?q=1,2>; rel=\"next\"", out,
	    sizeof(out)));
	assert_string_equal(out, "https://x/a?q=1,2");
	/* "nextish" is not next. */
	assert_false(http_link_next("<https://x/a>; rel=\"nextish\"", out,
	    sizeof(out)));
	assert_false(http_link_next("", out, sizeof(out)));
	assert_false(http_link_next("garbage", out, sizeof(out)));
	assert_false(http_link_next("<https://x/a; rel=next", out,
	    sizeof(out)));
	assert_false(http_link_next("<https://x/long>; rel=next", small,
	    sizeof(small)));
}

static void
test_url_for_message(void **state)
{
	char out[64];

	(void)state;
	http_url_for_message("https://a/b?token=x#f", out, sizeof(out));
	assert_string_equal(out, "https://a/b");
	http_url_for_message("https://a/b#f", out, sizeof(out));
	assert_string_equal(out, "https://a/b");
	http_url_for_message("https://a/b", out, 5);
	assert_string_equal(out, "http");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_retry_after_429),
		cmocka_unit_test(test_500_then_ok),
		cmocka_unit_test(test_500_budget),
		cmocka_unit_test(test_ratelimit_reset),
		cmocka_unit_test(test_okta_ratelimit),
		cmocka_unit_test(test_secondary_limit),
		cmocka_unit_test(test_not_modified),
		cmocka_unit_test(test_body_limit),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_refused_connection),
		cmocka_unit_test(test_bad_url),
		cmocka_unit_test(test_retry_after_parse),
		cmocka_unit_test(test_link_next),
		cmocka_unit_test(test_url_for_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
