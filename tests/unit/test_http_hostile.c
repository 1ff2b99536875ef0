/*
 * test_http_hostile.c: assure serve's core under hostile HTTP, on
 * loopback with raw sockets: bad methods and request lines, HTTP/0.9 and
 * HTTP/9.9, a 1 MB request line, a 100 KB header, 10,000 headers, a header
 * without a colon, NUL, non-UTF-8 and bad percent-encoding in the path,
 * path traversal, bad Content-Lengths, truncated bodies, malformed chunked
 * encoding, a 10 MB sign-in form, pipelining, more connections than the
 * server takes, a slow client that stalls and one that trickles its
 * headers a byte at a time, sooner than the idle timeout.  Each is
 * answered 4xx (505 for an unknown HTTP version) or its connection closed,
 * never another 5xx, and a normal request right after it succeeds.
 *
 * test_fuzz mutates valid requests (byte flips, truncation, duplication,
 * header injection, deletion) for ASSURE_HTTP_FUZZ_SECS seconds (`make
 * soak`), or a fixed 200 requests, checking the server answers a normal
 * request after every 100; it prints the requests sent, the answers by
 * class and the connections closed without one.  ASSURE_HTTP_FUZZ_SEED
 * repeats a run.
 */
#include "common/compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "common/buf.h"
#include "web/server.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

/* The server's limits here: small, so that the limits are reached. */
#define HOSTILE_TIMEOUT		2	/* seconds: request_timeout */
#define HOSTILE_CONNECTIONS	8	/* max_connections */
/*
 * How long a read waits for the server before the test calls it hung:
 * a safety net far beyond any answer or timeout, not a measurement.
 */
#define HUNG_MS			60000

/* -------------------------------------------------- the test-double auth */

static enum web_auth_result
fake_session(void *arg, const char *cookie, int64_t now,
    struct web_identity *ret)
{
	(void)arg;
	(void)now;
	if (strcmp(cookie, "s-ada") != 0)
		return WEB_AUTH_DENIED;
	memset(ret, 0, sizeof(*ret));
	assure_strlcpy(ret->user, "ada", sizeof(ret->user));
	assure_strlcpy(ret->csrf, "csrf-ada", sizeof(ret->csrf));
	ret->role = WEB_ROLE_ADMIN;
	return WEB_AUTH_OK;
}

static enum web_auth_result
fake_token(void *arg, const char *bearer, int64_t now,
    struct web_identity *ret)
{
	(void)arg;
	(void)now;
	if (strcmp(bearer, "t-ada") != 0)
		return WEB_AUTH_DENIED;
	memset(ret, 0, sizeof(*ret));
	assure_strlcpy(ret->user, "ada", sizeof(ret->user));
	ret->role = WEB_ROLE_ADMIN;
	return WEB_AUTH_OK;
}

static enum web_auth_result
fake_login(void *arg, const char *name, const char *password,
    const char *totp, const char *client, int64_t now, char *ret_session,
    size_t size)
{
	(void)arg;
	(void)totp;
	(void)client;
	(void)now;
	if (strcmp(name, "ada") != 0 || strcmp(password, "pw-ada") != 0)
		return WEB_AUTH_DENIED;
	assure_strlcpy(ret_session, "s-ada", size);
	return WEB_AUTH_OK;
}

static void
fake_logout(void *arg, const char *cookie)
{
	(void)arg;
	(void)cookie;
}

static const struct web_auth_ops fake_auth = {
	fake_session, fake_token, fake_login, fake_logout, NULL,
};

/* ------------------------------------------------------------ fixtures */

struct fx {
	struct workspace	*ws;
	struct design		 des;
	char			*dir;
	struct web_server	*srv;
	unsigned		 port;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct web_options o;
	struct assure_diag d;

	assert_non_null(f);
	f->ws = tu_workspace_new("Hostile Co", &f->dir);
	assure_diag_clear(&d);
	assert_int_equal(design_load(f->ws, &f->des, &d), ASSURE_OK);
	f->ws->cfg.server.request_timeout = HOSTILE_TIMEOUT;
	f->ws->cfg.server.max_connections = HOSTILE_CONNECTIONS;
	memset(&o, 0, sizeof(o));
	o.ws = f->ws;
	o.des = &f->des;
	o.auth = &fake_auth;
	o.listen = "127.0.0.1:0";
	assert_int_equal(web_server_start(&o, &f->srv, &d), ASSURE_OK);
	f->port = web_server_port(f->srv);
	assert_true(f->port > 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	web_server_stop(f->srv);
	design_release(&f->des);
	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

/* -------------------------------------------------------- raw sockets */

static int
conn_open(unsigned port)
{
	struct sockaddr_in sin;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)),
	    0);
	return fd;
}

/* Send all of p; false once the server has closed (EPIPE, reset). */
static bool
send_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		w = send(fd, s, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

static bool
send_str(int fd, const char *s)
{
	return send_all(fd, s, strlen(s));
}

/*
 * Read until the server closes (or resets) the connection, keeping what
 * came in out.  wait_ms: how long to wait for the next bytes before giving
 * up (HUNG_MS fails the test: the server neither answered nor closed).
 * Returns true when the server closed, false when wait_ms passed.
 */
static bool
read_until_close(int fd, struct assure_buf *out, int wait_ms)
{
	struct pollfd p;
	char buf[16384];
	ssize_t r;
	int n;

	for (;;) {
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		n = poll(&p, 1, wait_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) {
			if (wait_ms >= HUNG_MS)
				fail_msg("the server neither answered nor "
				    "closed the connection");
			return false;
		}
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return true;
		assure_buf_add(out, buf, (size_t)r);
	}
}

/* The status of the first answer in s, or 0 for none. */
static unsigned
status_of(const char *s, size_t len)
{
	unsigned st;

	if (len < 12 || strncmp(s, "HTTP/1.", 7) != 0)
		return 0;
	if (sscanf(s + 8, " %3u", &st) != 1)
		return 0;
	return st;
}

/* How many answers with status st are in s. */
static int
count_status(const char *s, unsigned st)
{
	char pat[32];
	const char *p;
	int n = 0;

	snprintf(pat, sizeof(pat), "HTTP/1.1 %u ", st);
	for (p = s; (p = strstr(p, pat)) != NULL; p += strlen(pat))
		n++;
	return n;
}

/*
 * Send req (len bytes) on a new connection, half-close when asked, and
 * read what comes until the server closes.  The status of its answer, 0
 * when it closed without one.
 */
static unsigned
exchange(unsigned port, const char *req, size_t len, bool halfclose)
{
	struct assure_buf out;
	unsigned st;
	int fd;

	fd = conn_open(port);
	assure_buf_init(&out, 64 << 20);
	if (send_all(fd, req, len) && halfclose)
		(void)shutdown(fd, SHUT_WR);
	(void)read_until_close(fd, &out, HUNG_MS);
	st = status_of(assure_buf_str(&out), out.len);
	assure_buf_free(&out);
	close(fd);
	return st;
}

/* A refusal: 4xx, or the connection closed; 505 when version_ok. */
static void
assert_refused(const char *what, unsigned st, bool version_ok)
{
	if (st == 0 || (st >= 400 && st < 500) || (version_ok && st == 505))
		return;
	fail_msg("%s: answered %u", what, st);
}

/*
 * A normal request succeeds.  A connection the server closes unanswered
 * is tried again (a few times, a moment apart): the connections a test
 * just closed may not all be reaped yet, and a new one over the limit is
 * closed at once.
 */
static void
assert_healthy(unsigned port)
{
	static const char req[] = "GET /api/v1/status HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nAuthorization: Bearer t-ada\r\n"
	    "Connection: close\r\n\r\n";
	unsigned st = 0;
	int i;

	for (i = 0; i < 100; i++) {
		st = exchange(port, req, sizeof(req) - 1, false);
		if (st != 0)
			break;
		usleep(50 * 1000);
	}
	assert_int_equal(st, 200);
}

/* req answered or closed as assert_refused says, then a normal request. */
static void
hostile(struct fx *f, const char *what, const char *req, size_t len,
    bool halfclose, bool version_ok)
{
	unsigned st = exchange(f->port, req, len, halfclose);

	printf("  %-36s %s%u\n", what, st == 0 ? "closed " : "", st);
	assert_refused(what, st, version_ok);
	assert_healthy(f->port);
}

/* 100 fields of a form. */
#define K10	"a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&"
#define K100	K10 K10 K10 K10 K10 K10 K10 K10 K10 K10
#define CTYPE	"Content-Type: application/x-www-form-urlencoded\r\n"
/* A literal request (NULs and all), half-closed; 505 allowed or not. */
#define HOSTILE_STR(f, what, s) \
	hostile((f), (what), (s), sizeof(s) - 1, true, false)
#define HOSTILE_VERSION(f, what, s) \
	hostile((f), (what), (s), sizeof(s) - 1, true, true)

/* --------------------------------------------------------------- tests */

static void
test_methods_and_lines(void **state)
{
	struct fx *f = *state;

	assert_healthy(f->port);
	HOSTILE_STR(f, "FOO", "FOO / HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "lowercase get", "get / HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "empty method", " / HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "no path", "GET HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "a lone word", "GET\r\n\r\n");
	HOSTILE_STR(f, "an empty line", "\r\n\r\n\r\n");
	HOSTILE_STR(f, "no version, spaces", "GET  /  \r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "a relative path", "GET healthz HTTP/1.1\r\n"
	    "Host: x\r\n\r\n");
	HOSTILE_STR(f, "an absolute URI", "GET http://evil.example/ "
	    "HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "a bare LF", "GET /\nHost: x\n\n");
	HOSTILE_STR(f, "HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n");
	HOSTILE_STR(f, "HTTP/0.9", "GET /\r\n\r\n");
	HOSTILE_VERSION(f, "HTTP/9.9", "GET / HTTP/9.9\r\nHost: x\r\n\r\n");
	HOSTILE_VERSION(f, "HTTP/1.x", "GET / HTTP/1.x\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "a header without a colon", "GET / HTTP/1.1\r\n"
	    "Host: x\r\nNo colon here\r\n\r\n");
	HOSTILE_STR(f, "a header continuation", "GET / HTTP/1.1\r\n"
	    "Host: x\r\n folded\r\n\r\n");
	HOSTILE_STR(f, "a control byte in a token", "GET /api/v1/status "
	    "HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t-\x01\x7f"
	    "ada\r\n\r\n");
	HOSTILE_STR(f, "a NUL in the path", "GET /heal\0thz HTTP/1.1\r\n"
	    "Host: x\r\n\r\n");
	HOSTILE_STR(f, "a NUL in a header", "GET /x HTTP/1.1\r\nHost: x\0y\r\n"
	    "\r\n");
	HOSTILE_STR(f, "non-UTF-8 path", "GET /\xff\xfe\xc0\xaf HTTP/1.1\r\n"
	    "Host: x\r\n\r\n");
	HOSTILE_STR(f, "bad percent-encoding", "GET /%zz%4%%%c0%af "
	    "HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "an encoded NUL", "GET /%00 HTTP/1.1\r\nHost: x\r\n"
	    "\r\n");
	HOSTILE_STR(f, "an encoded NUL after a route", "GET /healthz%00.css "
	    "HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "an encoded NUL in a static file",
	    "GET /static/assure.css%00.png HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "traversal", "GET /static/../../etc/passwd HTTP/1.1\r\n"
	    "Host: x\r\n\r\n");
	HOSTILE_STR(f, "encoded traversal", "GET /static/%2e%2e/%2e%2e/etc/"
	    "passwd HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "encoded slash traversal", "GET /static/..%2f..%2f"
	    "etc%2fpasswd HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "backslash traversal", "GET /static/..\\..\\etc\\"
	    "passwd HTTP/1.1\r\nHost: x\r\n\r\n");
	HOSTILE_STR(f, "a bad token", "GET /api/v1/status HTTP/1.1\r\n"
	    "Host: x\r\nAuthorization: Bearer \xff\xfe\r\n\r\n");
	HOSTILE_STR(f, "a bad cookie", "GET /api/v1/status HTTP/1.1\r\n"
	    "Host: x\r\nCookie: assure_session=\"; ;;=;\x01\r\n\r\n");
}

/* A request whose line or headers are far beyond max_header_bytes. */
static void
test_huge_heads(void **state)
{
	struct fx *f = *state;
	struct assure_buf b;
	int i;

	assure_buf_init(&b, 64 << 20);
	assure_buf_adds(&b, "GET /");
	for (i = 0; i < 1024 * 1024; i++)
		assure_buf_addc(&b, 'a');
	assure_buf_adds(&b, " HTTP/1.1\r\nHost: x\r\n\r\n");
	hostile(f, "1 MB request line", b.data, b.len, true, false);

	assure_buf_reset(&b);
	assure_buf_adds(&b, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
	for (i = 0; i < 100 * 1024; i++)
		assure_buf_addc(&b, 'b');
	assure_buf_adds(&b, "\r\n\r\n");
	hostile(f, "100 KB header", b.data, b.len, true, false);

	assure_buf_reset(&b);
	assure_buf_adds(&b, "GET / HTTP/1.1\r\nHost: x\r\n");
	for (i = 0; i < 10000; i++)
		assure_buf_printf(&b, "X-H%d: v\r\n", i);
	assure_buf_adds(&b, "\r\n");
	hostile(f, "10,000 headers", b.data, b.len, true, false);

	assure_buf_reset(&b);
	assure_buf_adds(&b, "GET / HTTP/1.1\r\nHost: x\r\nCookie: ");
	for (i = 0; i < 4000; i++)
		assure_buf_printf(&b, "c%d=v; ", i);
	assure_buf_adds(&b, "\r\n\r\n");
	hostile(f, "4,000 cookies", b.data, b.len, true, false);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	assure_buf_free(&b);
}

/* The start of a sign-in form's request, and its headers' end. */
#define FORM	"POST /login HTTP/1.1\r\nHost: x\r\n" CTYPE
#define CHUNKED	"Transfer-Encoding: chunked\r\n\r\n"

static void
test_bodies(void **state)
{
	static const char form[] = FORM;
	static const char open_trunc[] = FORM "Content-Length: 1000\r\n\r\n"
	    "name=ada&p";
	struct fx *f = *state;
	struct assure_buf b;
	char *big;
	int fd;

	HOSTILE_STR(f, "Content-Length: abc", FORM "Content-Length: abc\r\n"
	    "\r\nname=ada");
	HOSTILE_STR(f, "Content-Length: -1", FORM "Content-Length: -1\r\n"
	    "\r\nname=ada");
	HOSTILE_STR(f, "Content-Length: huge", FORM "Content-Length: "
	    "99999999999999999999999999\r\n\r\nname=ada");
	HOSTILE_STR(f, "Content-Length: 2^64", FORM "Content-Length: "
	    "18446744073709551616\r\n\r\nname=ada");
	HOSTILE_STR(f, "two Content-Lengths", FORM "Content-Length: 3\r\n"
	    "Content-Length: 300\r\n\r\na=b");
	HOSTILE_STR(f, "Content-Length and chunked", FORM "Content-Length: "
	    "3\r\n" CHUNKED "3\r\na=b\r\n0\r\n\r\n");
	HOSTILE_STR(f, "truncated body, half-closed", FORM "Content-Length: "
	    "1000\r\n\r\nname=ada&p");
	/* Truncated and left open: the server's timeout ends it. */
	hostile(f, "truncated body, left open", open_trunc,
	    sizeof(open_trunc) - 1, false, false);
	HOSTILE_STR(f, "bad chunk size", FORM CHUNKED "ZZZ\r\nabc\r\n0\r\n"
	    "\r\n");
	HOSTILE_STR(f, "chunk longer than said", FORM CHUNKED "2\r\nabcdef"
	    "\r\n0\r\n\r\n");
	HOSTILE_STR(f, "huge chunk size", FORM CHUNKED "ffffffffffffffffffff"
	    "\r\nabc\r\n0\r\n\r\n");
	HOSTILE_STR(f, "negative chunk size", FORM CHUNKED "-5\r\nabc\r\n"
	    "0\r\n\r\n");
	HOSTILE_STR(f, "unterminated chunks", FORM CHUNKED "5\r\nab");
	HOSTILE_STR(f, "chunk extension flood", FORM CHUNKED "3;a=b;c=d;e=f;"
	    "g=h;i=j;k=l\r\na=b\r\n0\r\n\r\n");
	HOSTILE_STR(f, "an unknown coding", FORM "Transfer-Encoding: gzip, "
	    "chunked, zz\r\n\r\n3\r\na=b\r\n0\r\n\r\n");
	HOSTILE_STR(f, "a form that is not one", FORM "Content-Length: 12\r\n"
	    "\r\n%%%&&&===%zz");
	HOSTILE_STR(f, "a form of 1,000 fields", FORM "Content-Length: 4000"
	    "\r\n\r\n" K100 K100 K100 K100 K100 K100 K100 K100 K100 K100);

	/* 10 MB to the sign-in form, said up front: refused at once. */
	big = malloc(10 << 20);
	assert_non_null(big);
	memset(big, 'a', 10 << 20);
	memcpy(big, "name=", 5);
	assure_buf_init(&b, 64 << 20);
	assure_buf_printf(&b, "%sContent-Length: %d\r\n\r\n", form, 10 << 20);
	assure_buf_add(&b, big, 10 << 20);
	hostile(f, "10 MB form", b.data, b.len, true, false);
	/* The same chunked, without a length: cut off past the limit. */
	assure_buf_reset(&b);
	assure_buf_printf(&b, "%sTransfer-Encoding: chunked\r\n\r\n", form);
	assure_buf_printf(&b, "%x\r\n", 10 << 20);
	assure_buf_add(&b, big, 10 << 20);
	assure_buf_adds(&b, "\r\n0\r\n\r\n");
	hostile(f, "10 MB chunked form", b.data, b.len, true, false);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	assure_buf_free(&b);
	free(big);

	/* A body on a GET is read and thrown away. */
	fd = conn_open(f->port);
	assert_true(send_str(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n"
	    "Content-Length: 5\r\nConnection: close\r\n\r\nhello"));
	assure_buf_init(&b, 1 << 20);
	assert_true(read_until_close(fd, &b, HUNG_MS));
	assert_int_equal(status_of(b.data, b.len), 200);
	assure_buf_free(&b);
	close(fd);
	assert_healthy(f->port);
}

static void
test_pipelined(void **state)
{
	static const char three[] =
	    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /login HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	static const char bad_second[] =
	    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
	    "FOO\r\n\r\n"
	    "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct fx *f = *state;
	struct assure_buf b;
	int fd;

	fd = conn_open(f->port);
	assert_true(send_str(fd, three));
	assure_buf_init(&b, 1 << 20);
	assert_true(read_until_close(fd, &b, HUNG_MS));
	assert_int_equal(count_status(assure_buf_str(&b), 200), 3);
	close(fd);

	/* A malformed request in the middle: the first is answered, the
	 * rest refused or dropped, nothing 5xx. */
	fd = conn_open(f->port);
	assert_true(send_str(fd, bad_second));
	assure_buf_reset(&b);
	assert_true(read_until_close(fd, &b, HUNG_MS));
	assert_int_equal(status_of(b.data, b.len), 200);
	assert_null(strstr(assure_buf_str(&b), "HTTP/1.1 5"));
	assure_buf_free(&b);
	close(fd);
	assert_healthy(f->port);
}

/*
 * More connections than max_connections: the server stops accepting at
 * the limit, so one more waits in the listen queue (or is closed), never
 * a 5xx; it is served once a held connection ends, and the held ones
 * still work meanwhile.
 */
static void
test_connection_limit(void **state)
{
	struct fx *f = *state;
	int fds[HOSTILE_CONNECTIONS], i, extra;
	struct assure_buf b;
	unsigned st;

	for (i = 0; i < HOSTILE_CONNECTIONS; i++) {
		fds[i] = conn_open(f->port);
		assert_true(send_str(fds[i], "GET /healthz HTTP/1.1\r\n"));
	}
	extra = conn_open(f->port);
	(void)send_str(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n");
	/* The held ones still work. */
	assert_true(send_str(fds[0], "Host: x\r\nConnection: close\r\n\r\n"));
	assure_buf_init(&b, 1 << 20);
	assert_true(read_until_close(fds[0], &b, HUNG_MS));
	assert_int_equal(status_of(b.data, b.len), 200);
	for (i = 0; i < HOSTILE_CONNECTIONS; i++)
		close(fds[i]);
	assure_buf_reset(&b);
	assert_true(read_until_close(extra, &b, HUNG_MS));
	st = status_of(b.data, b.len);
	if (st != 200 && st != 503)
		assert_refused("over the connection limit", st, false);
	assure_buf_free(&b);
	close(extra);
	assert_healthy(f->port);
}

/*
 * A slow client: headers a byte at a time, then silence.  Others are
 * served meanwhile, and the server drops it after its timeout, without an
 * answer other than a 4xx.
 */
static void
test_slow_client(void **state)
{
	static const char head[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
	    "X-Slow: ";
	struct fx *f = *state;
	struct assure_buf b;
	size_t i;
	int fd;

	fd = conn_open(f->port);
	for (i = 0; i < sizeof(head) - 1; i++) {
		if (!send_all(fd, head + i, 1))
			break;
		usleep(20 * 1000);
		if (i % 10 == 0)
			assert_healthy(f->port);
	}
	assert_healthy(f->port);
	assure_buf_init(&b, 1 << 20);
	/* Dropped: closed (or reset) by the server, HUNG_MS fails. */
	assert_true(read_until_close(fd, &b, HUNG_MS));
	assert_refused("slow client", status_of(b.data, b.len), false);
	assure_buf_free(&b);
	close(fd);
	assert_healthy(f->port);
}

/*
 * A slower client still: a byte of its headers every half second, always
 * sooner than the idle timeout.  The header watchdog drops it once its
 * request line and headers have taken request_timeout in all.
 */
static void
test_trickling_client(void **state)
{
	static const char head[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
	    "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	struct fx *f = *state;
	struct assure_buf b;
	bool dropped = false;
	size_t i;
	int fd;

	fd = conn_open(f->port);
	assure_buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(head) - 1 && !dropped; i++) {
		if (!send_all(fd, head + i, 1))
			dropped = true;
		else
			dropped = read_until_close(fd, &b, 500);
		if (i % 4 == 0)
			assert_healthy(f->port);
	}
	if (!dropped)
		fail_msg("a client sending %zu header bytes over %zu s was "
		    "not dropped (request_timeout %d s)", i, i / 2,
		    HOSTILE_TIMEOUT);
	printf("  trickling client dropped after %zu bytes\n", i);
	assert_refused("trickling client", status_of(b.data, b.len), false);
	assure_buf_free(&b);
	close(fd);
	assert_healthy(f->port);
}

/* ----------------------------------------------------- randomised mode */

static const char *const templates[] = {
	"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
	"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n",
	"HEAD /static/assure.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
	"GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Authorization: Bearer t-ada\r\n\r\n",
	"GET /controls?x=1&y=%41 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Cookie: assure_session=s-ada\r\n\r\n",
	"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: 27\r\n\r\nname=ada&password=pw-ada&x",
	"POST /logout HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Cookie: assure_session=s-ada\r\nX-CSRF-Token: csrf-ada\r\n"
	    "Content-Length: 0\r\n\r\n",
	"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"
	    "a\r\nname=ada&p\r\n0\r\n\r\n",
	"GET /evidence HTTP/1.0\r\nAuthorization: Bearer t-ada\r\n\r\n",
};

static const char *const injections[] = {
	"Content-Length: 5\r\n", "Content-Length: -3\r\n",
	"Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n",
	"Connection: keep-alive\r\n", "Host: \r\n", "\r\n", "\n", ":\r\n",
	"X-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
	"Cookie: assure_session=\xff\r\n", "Authorization: Basic Og==\r\n",
	"Content-Type: multipart/form-data; boundary=x\r\n", "\0",
	"GET / HTTP/1.1\r\n", " \t \r\n",
};

/* A small xorshift, seeded by the run. */
static uint64_t rng;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n == 0 ? 0 : (uint32_t)(rng % n);
}

static void
mutate(struct assure_buf *b)
{
	struct assure_buf t;
	size_t pos, len, i;
	const char *inj;
	unsigned kind, rounds = 1 + rnd(4);

	while (rounds-- > 0 && b->len > 0) {
		kind = rnd(6);
		pos = rnd((uint32_t)b->len);
		switch (kind) {
		case 0:		/* flip bits of a few bytes */
			for (i = 0; i < 1 + rnd(4); i++)
				b->data[rnd((uint32_t)b->len)] ^=
				    (char)(1u << rnd(8));
			break;
		case 1:		/* truncate */
			b->len = pos;
			b->data[b->len] = '\0';
			break;
		case 2:		/* duplicate a range */
		case 3:		/* inject a header line at a line start */
		case 4:		/* delete a range */
		case 5:		/* a random byte */
			assure_buf_init(&t, 1 << 20);
			len = 1 + rnd((uint32_t)(b->len - pos));
			if (kind == 3) {
				while (pos > 0 && b->data[pos - 1] != '\n')
					pos--;
				inj = injections[rnd(ASSURE_ARRAY_LEN(
				    injections))];
				assure_buf_add(&t, b->data, pos);
				assure_buf_add(&t, inj, *inj == '\0' ? 1 :
				    strlen(inj));
				assure_buf_add(&t, b->data + pos, b->len - pos);
			} else if (kind == 2) {
				assure_buf_add(&t, b->data, pos + len);
				for (i = 0; i < 1 + rnd(3); i++)
					assure_buf_add(&t, b->data + pos, len);
				assure_buf_add(&t, b->data + pos + len,
				    b->len - pos - len);
			} else if (kind == 4) {
				assure_buf_add(&t, b->data, pos);
				assure_buf_add(&t, b->data + pos + len,
				    b->len - pos - len);
			} else {
				assure_buf_add(&t, b->data, pos);
				assure_buf_addc(&t, (char)rnd(256));
				assure_buf_add(&t, b->data + pos, b->len - pos);
			}
			assure_buf_reset(b);
			assure_buf_add(b, t.data != NULL ? t.data : "", t.len);
			assure_buf_free(&t);
			break;
		}
	}
}

static void
test_fuzz(void **state)
{
	struct fx *f = *state;
	unsigned long sent = 0, closed = 0, by_class[6] = { 0 };
	struct assure_buf req, out;
	const char *env;
	time_t end = 0;
	unsigned long limit = 200;
	unsigned st;
	long long n;
	bool done;
	int fd;

	env = getenv("ASSURE_HTTP_FUZZ_SECS");
	if (env != NULL && *env != '\0' &&
	    assure_strtonum(env, 1, 86400, &n) == 0) {
		end = time(NULL) + (time_t)n;
		limit = 0;
	}
	env = getenv("ASSURE_HTTP_FUZZ_SEED");
	if (env != NULL && *env != '\0' &&
	    assure_strtonum(env, 1, INT64_MAX, &n) == 0)
		rng = (uint64_t)n;
	else
		rng = (uint64_t)time(NULL) * 2654435761u + (uint64_t)getpid();
	if (rng == 0)
		rng = 1;
	printf("http fuzz: seed %llu\n", (unsigned long long)rng);
	assure_buf_init(&req, 1 << 20);
	assure_buf_init(&out, 16 << 20);
	while (limit != 0 ? sent < limit : time(NULL) < end) {
		assure_buf_reset(&req);
		assure_buf_adds(&req, templates[rnd(ASSURE_ARRAY_LEN(
		    templates))]);
		mutate(&req);
		fd = conn_open(f->port);
		assure_buf_reset(&out);
		/* What the server answers to the request as it is; a
		 * request it still waits on (truncated) then ends with a
		 * half-close rather than its timeout. */
		if (send_all(fd, req.data != NULL ? req.data : "", req.len)) {
			done = read_until_close(fd, &out, 50);
			if (!done) {
				(void)shutdown(fd, SHUT_WR);
				(void)read_until_close(fd, &out, HUNG_MS);
			}
		} else
			(void)read_until_close(fd, &out, HUNG_MS);
		close(fd);
		sent++;
		st = status_of(assure_buf_str(&out), out.len);
		if (st == 0)
			closed++;
		else if (st >= 100 && st < 600)
			by_class[st / 100]++;
		if (st >= 500 && st != 505) {
			fprintf(stderr, "http fuzz: %u to:\n%.*s\n", st,
			    (int)req.len, req.data);
			fail_msg("a 5xx answer (%u) to a mutated request", st);
		}
		if (sent % 100 == 0)
			assert_healthy(f->port);
	}
	assert_healthy(f->port);
	printf("http fuzz: %lu requests sent; answers 1xx %lu, 2xx %lu, "
	    "3xx %lu, 4xx %lu, 5xx %lu (505 only); %lu closed unanswered\n",
	    sent, by_class[1], by_class[2], by_class[3], by_class[4],
	    by_class[5], closed);
	assure_buf_free(&req);
	assure_buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_methods_and_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_huge_heads, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipelined, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_connection_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_slow_client, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_trickling_client, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
