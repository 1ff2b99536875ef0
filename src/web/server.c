/*
 * server.c: the HTTP server core of assure serve (see server.h): route
 * lookup, authentication, authorisation and CSRF, bounded bodies, the
 * security headers, and the start and stop of libmicrohttpd.
 */
#include "common/compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "report/html.h"
#include "web/memo.h"
#include "web/pages.h"
#include "web/server.h"
#include "workspace/workspace.h"

#define WEB_CSP		"default-src 'none'; style-src 'self'; " \
			"img-src 'self' data:; form-action 'self'; " \
			"frame-ancestors 'none'; base-uri 'none'"
#define WEB_PEM_MAX	(256 * 1024)
#define WEB_HOST_MAX	SERVER_LISTEN_MAX

/*
 * One connection as the header watchdog sees it: its own duplicate of the
 * socket (so that a shutdown never reaches a descriptor reused since), and
 * since when it has been waiting for a request's line and headers.
 */
struct conn_watch {
	int			 fd;
	bool			 waiting;
	int64_t			 since;		/* monotonic ms */
	struct conn_watch	*prev, *next;
};

struct web_server {
	struct MHD_Daemon		*mhd;
	/* The header watchdog (see watchdog_main). */
	pthread_mutex_t			 watch_lock;
	pthread_cond_t			 watch_cv;
	pthread_t			 watch_thread;
	bool				 watch_running;
	bool				 watch_stop;
	struct conn_watch		*watch;
	int64_t				 header_timeout_ms;
	struct workspace		*ws;
	const struct design		*des;
	const struct web_auth_ops	*auth;
	const struct web_route		*routes;
	pthread_mutex_t			 lock;
	char				*cert;
	char				*key;
	bool				 tls;
	unsigned			 port;
	uint64_t			 max_body;
	uint64_t			 max_upload;
	/* The overview's, used under lock (page_overview.c). */
	struct web_overview_cache	*overview;
	/* Slow answers kept while the ledger stands still (memo.h). */
	struct web_memo			*memo;
};

static const char *const role_names[WEB_ROLE__MAX] = {
	"none", "viewer", "auditor", "owner", "manager", "admin",
};

const char *
web_role_name(enum web_role r)
{
	return r < WEB_ROLE__MAX ? role_names[r] : "unknown";
}

enum web_role
web_role_parse(const char *s)
{
	int i;

	for (i = WEB_ROLE_VIEWER; i < WEB_ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum web_role)i;
	return WEB_ROLE_NONE;
}

bool
web_role_allows(enum web_role have, enum web_role need, bool writes)
{
	if (need == WEB_ROLE_NONE)
		return true;
	if (have == WEB_ROLE_NONE || have >= WEB_ROLE__MAX)
		return false;
	if (writes && have == WEB_ROLE_AUDITOR)
		return false;
	return have >= need;
}

bool
web_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return strcmp(host, "localhost") == 0;
}

/* ------------------------------------------------------------- routing */

static bool
id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == ':';
}

static bool
route_matches(const struct web_route *r, const char *path, char *id,
    size_t size)
{
	size_t n = strlen(r->path), i;
	const char *rest, *star;

	switch (r->match) {
	case WEB_MATCH_EXACT:
		return strcmp(path, r->path) == 0;
	case WEB_MATCH_PREFIX:
		return strncmp(path, r->path, n) == 0;
	case WEB_MATCH_ID:
		/* The prefix then the id, or a path holding a '*': the
		 * id in its place, the rest of the path after it. */
		star = strchr(r->path, '*');
		if (star != NULL)
			n = (size_t)(star - r->path);
		if (strncmp(path, r->path, n) != 0)
			return false;
		rest = path + n;
		for (i = 0; rest[i] != '\0' && id_char(rest[i]); i++)
			;
		if (i == 0 || i >= size || (i == 1 && rest[0] == '.') ||
		    (i == 2 && rest[0] == '.' && rest[1] == '.'))
			return false;
		if (star != NULL ? strcmp(rest + i, star + 1) != 0 :
		    rest[i] != '\0')
			return false;
		memcpy(id, rest, i);
		id[i] = '\0';
		return true;
	}
	return false;
}

unsigned
web_route_find(const struct web_route *table, enum web_method m,
    const char *path, const struct web_route **ret_route, char *id,
    size_t size, unsigned *ret_allow)
{
	const struct web_route *r;
	unsigned allow = 0;

	*ret_route = NULL;
	id[0] = '\0';
	for (r = table; r->path != NULL; r++) {
		if (!route_matches(r, path, id, size))
			continue;
		if (r->methods & m) {
			*ret_route = r;
			return 0;
		}
		allow |= r->methods;
	}
	*ret_allow = allow;
	id[0] = '\0';
	return allow != 0 ? 405 : 404;
}

/* ------------------------------------------------------------ requests */

const char *
web_query(struct web_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *
web_form(struct web_req *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].key, name) == 0)
			return assure_buf_str(&req->form[i].value);
	return NULL;
}

const struct web_auth_ops *
web_req_auth(struct web_req *req)
{
	return req->srv->auth;
}

const char *
web_req_cookie(struct web_req *req)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
	    WEB_SESSION_COOKIE);
}

static void client_addr(struct MHD_Connection *conn, char *out,
    size_t size);

void
web_req_client(struct web_req *req, char *out, size_t size)
{
	client_addr(req->conn, out, size);
}

static bool
is_api(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

static void
resp_init(struct web_resp *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	assure_buf_init(&resp->body, ASSURE_BUF_DEFAULT_MAX);
}

static const char *
status_text(unsigned status)
{
	switch (status) {
	case 400:
		return "Bad request";
	case 401:
		return "Sign-in required";
	case 403:
		return "Forbidden";
	case 404:
		return "Not found";
	case 405:
		return "Method not allowed";
	case 413:
		return "Request too large";
	case 415:
		return "Unsupported media type";
	default:
		return "Internal error";
	}
}

/* An error answer: JSON under /api/, a small page otherwise. */
static void
resp_error(struct web_req *req, struct web_resp *resp, unsigned status,
    const char *message)
{
	struct jsonw j;
	struct htmlw w;

	assure_buf_reset(&resp->body);
	resp->status = status;
	if (message == NULL)
		message = status_text(status);
	if (req->path != NULL && is_api(req->path)) {
		resp->content_type = "application/json";
		jsonw_init(&j, &resp->body, false);
		jsonw_obj_open(&j);
		jsonw_kstr(&j, "error", message);
		jsonw_obj_close(&j);
		assure_buf_addc(&resp->body, '\n');
		return;
	}
	resp->content_type = "text/html; charset=utf-8";
	htmlw_init(&w, &resp->body);
	htmlw_begin_linked(&w, status_text(status), WEB_STYLESHEET);
	htmlw_open(&w, "main", NULL);
	htmlw_elem(&w, "h1", NULL, status_text(status));
	htmlw_elem(&w, "p", NULL, message);
	htmlw_open(&w, "p", NULL);
	htmlw_open_attrs(&w, "a", NULL, (const char *const[]){ "href", "/",
	    NULL });
	htmlw_text(&w, "Back to the overview");
	htmlw_end(&w);
}

/* Constant-time comparison of two NUL-terminated secrets. */
static bool
secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = 0;

	if (la != lb || la == 0)
		return false;
	for (i = 0; i < la; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return d == 0;
}

static bool
cookie_value_ok(const char *s)
{
	size_t i;

	if (*s == '\0' || strlen(s) >= WEB_SECRET_MAX)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr("._~-", s[i]) != NULL))
			return false;
	return true;
}

/* ------------------------------------------------------------ responses */

static enum MHD_Result
send_resp(struct web_req *req, struct web_resp *resp, unsigned allow)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char methods[32];

	if (!resp->has_fd && assure_buf_err(&resp->body) != ASSURE_OK) {
		fprintf(stderr, "assure serve: %s: response too large or out "
		    "of memory\n", req->path != NULL ? req->path : "?");
		assure_buf_reset(&resp->body);
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
		assure_buf_adds(&resp->body, "Internal error\n");
	}
	if (resp->has_fd) {
		/* libmicrohttpd owns the descriptor from here on. */
		r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
		if (r == NULL)
			(void)close(resp->fd);
		resp->has_fd = false;
	} else
		r = MHD_create_response_from_buffer(resp->body.len,
		    resp->body.data != NULL ? resp->body.data : (char *)"",
		    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", resp->content_type);
	MHD_add_response_header(r, "Content-Security-Policy", WEB_CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy",
	    "same-origin");
	MHD_add_response_header(r, "Cache-Control", resp->cacheable ?
	    "public, max-age=3600" : "no-store");
	if (req->tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
		    "max-age=31536000");
	if (resp->location[0] != '\0')
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->attachment[0] != '\0') {
		char cd[sizeof(resp->attachment) + 40];

		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"",
		    resp->attachment);
		MHD_add_response_header(r, "Content-Disposition", cd);
	}
	if (resp->set_cookie[0] != '\0')
		MHD_add_response_header(r, "Set-Cookie", resp->set_cookie);
	if (resp->status == 401 && req->path != NULL && is_api(req->path))
		MHD_add_response_header(r, "WWW-Authenticate",
		    "Bearer realm=\"assure\"");
	if (resp->status == 405) {
		snprintf(methods, sizeof(methods), "%s%s%s",
		    (allow & WEB_GET) ? "GET, HEAD" : "",
		    (allow & WEB_GET) && (allow & WEB_POST) ? ", " : "",
		    (allow & WEB_POST) ? "POST" : "");
		MHD_add_response_header(r, "Allow", methods);
	}
	ret = MHD_queue_response(req->conn, resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Answer with an error now (before or instead of the handler). */
static enum MHD_Result
send_error(struct web_req *req, unsigned status, const char *message,
    unsigned allow)
{
	struct web_resp resp;
	enum MHD_Result ret;

	resp_init(&resp);
	resp_error(req, &resp, status, message);
	ret = send_resp(req, &resp, allow);
	assure_buf_free(&resp.body);
	return ret;
}

static enum MHD_Result
send_redirect(struct web_req *req, const char *to)
{
	struct web_resp resp;
	enum MHD_Result ret;

	resp_init(&resp);
	resp.status = 303;
	assure_strlcpy(resp.location, to, sizeof(resp.location));
	ret = send_resp(req, &resp, 0);
	assure_buf_free(&resp.body);
	return ret;
}

/* --------------------------------------------------------------- bodies */

static enum MHD_Result
form_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct web_req *req = cls;
	struct web_form_field *f = NULL;
	size_t i;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	for (i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].key, key) == 0)
			f = &req->form[i];
	if (f == NULL || off == 0) {
		if (f != NULL)
			return MHD_YES;	/* a repeated key: the first wins */
		if (req->nform == WEB_FORM_FIELDS_MAX ||
		    strlen(key) >= WEB_FORM_KEY_MAX) {
			req->form_overflow = true;
			return MHD_YES;
		}
		f = &req->form[req->nform++];
		assure_strlcpy(f->key, key, sizeof(f->key));
		assure_buf_init(&f->value, (size_t)req->body_max + 1);
	}
	assure_buf_add(&f->value, data, size);
	return MHD_YES;
}

static bool
upload_name_ok(const char *s)
{
	size_t i;

	if (*s == '\0' || *s == '.' || strlen(s) > 64)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!id_char(s[i]))
			return false;
	return true;
}

static int
file_open(struct web_req *req)
{
	const char *name = web_query(req, "name");
	const char *tmp;
	int n;

	if (name == NULL || !upload_name_ok(name))
		name = "upload";
	n = snprintf(req->tmpdir, sizeof(req->tmpdir), "%s/tmp",
	    req->ws->dotdir);
	if (n < 0 || (size_t)n >= sizeof(req->tmpdir))
		return -1;
	if (workspace_mkdir(req->tmpdir, 0700) != 0) {
		tmp = getenv("TMPDIR");
		n = snprintf(req->tmpdir, sizeof(req->tmpdir), "%s",
		    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
		if (n < 0 || (size_t)n >= sizeof(req->tmpdir))
			return -1;
	}
	n = snprintf(req->tmpdir + strlen(req->tmpdir),
	    sizeof(req->tmpdir) - strlen(req->tmpdir), "/upload.XXXXXX");
	if (n < 0 || (size_t)n >= sizeof(req->tmpdir) ||
	    mkdtemp(req->tmpdir) == NULL) {
		req->tmpdir[0] = '\0';
		return -1;
	}
	snprintf(req->tmpfile, sizeof(req->tmpfile), "%s/%s", req->tmpdir,
	    name);
	req->fd = open(req->tmpfile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600);
	if (req->fd < 0) {
		req->tmpfile[0] = '\0';
		return -1;
	}
	return 0;
}

static void
file_write(struct web_req *req, const char *data, size_t n)
{
	ssize_t w;

	while (n > 0 && !req->io_error) {
		w = write(req->fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			req->io_error = true;
			break;
		}
		data += w;
		n -= (size_t)w;
	}
}

static void
req_free(struct web_req *req)
{
	size_t i;

	if (req->pp != NULL)
		MHD_destroy_post_processor(req->pp);
	for (i = 0; i < req->nform; i++)
		assure_buf_free(&req->form[i].value);
	if (req->fd >= 0)
		close(req->fd);
	if (req->tmpfile[0] != '\0')
		unlink(req->tmpfile);
	if (req->tmpdir[0] != '\0')
		rmdir(req->tmpdir);
	free(req);
}

/* ------------------------------------------------------ header watchdog */

/*
 * libmicrohttpd's connection timeout is an idle timeout: a client that
 * sends its headers a byte at a time, each a little sooner than the
 * timeout, holds its connection (and thread) for as long as
 * max_header_bytes lasts, days at 30 s a byte.  The watchdog gives the
 * request line and headers request_timeout in all: a connection still
 * waiting for them after that is shut down (the connection's thread then
 * sees the end of the stream and closes it).
 */
static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct conn_watch *
conn_watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/* A request's headers are in (waiting false), or its answer is sent and
 * the next one's are awaited (waiting true). */
static void
conn_watch_mark(struct web_server *s, struct MHD_Connection *conn,
    bool waiting)
{
	struct conn_watch *w = conn_watch_of(conn);

	if (w == NULL)
		return;
	pthread_mutex_lock(&s->watch_lock);
	w->waiting = waiting;
	w->since = mono_ms();
	pthread_mutex_unlock(&s->watch_lock);
}

static void
notify_connection(void *cls, struct MHD_Connection *conn,
    void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	struct web_server *s = cls;
	const union MHD_ConnectionInfo *ci;
	struct conn_watch *w;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = NULL;
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL || (w = calloc(1, sizeof(*w))) == NULL)
			return;	/* unwatched: the idle timeout still holds */
		w->fd = fcntl(ci->connect_fd, F_DUPFD_CLOEXEC, 0);
		if (w->fd < 0) {
			free(w);
			return;
		}
		w->waiting = true;
		w->since = mono_ms();
		pthread_mutex_lock(&s->watch_lock);
		w->next = s->watch;
		if (s->watch != NULL)
			s->watch->prev = w;
		s->watch = w;
		pthread_mutex_unlock(&s->watch_lock);
		*socket_context = w;
		return;
	}
	if (toe != MHD_CONNECTION_NOTIFY_CLOSED || *socket_context == NULL)
		return;
	w = *socket_context;
	*socket_context = NULL;
	pthread_mutex_lock(&s->watch_lock);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		s->watch = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&s->watch_lock);
	close(w->fd);
	free(w);
}

static void *
watchdog_main(void *arg)
{
	struct web_server *s = arg;
	struct conn_watch *w;
	struct timespec until;
	int64_t now;

	pthread_mutex_lock(&s->watch_lock);
	while (!s->watch_stop) {
		now = mono_ms();
		for (w = s->watch; w != NULL; w = w->next)
			if (w->waiting && now - w->since >=
			    s->header_timeout_ms) {
				(void)shutdown(w->fd, SHUT_RDWR);
				w->waiting = false;
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&s->watch_cv, &s->watch_lock,
		    &until);
	}
	pthread_mutex_unlock(&s->watch_lock);
	return NULL;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	if (*con_cls != NULL)
		req_free(*con_cls);
	*con_cls = NULL;
	conn_watch_mark(cls, conn, true);
}

/* -------------------------------------------------------------- the flow */

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The path and query arguments, percent-decoded in place as
 * libmicrohttpd's own decoder does, except that %00 stays as it is: a
 * decoded NUL would cut the path short ("/%00" would be "/", and
 * "/static/assure.css%00.png" the style sheet).  Returns the new length.
 */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *w = s;
	const char *r = s;
	int hi, lo;

	(void)cls;
	(void)conn;
	while (*r != '\0') {
		if (r[0] == '%' && (hi = hex_value(r[1])) >= 0 &&
		    (lo = hex_value(r[2])) >= 0 && (hi | lo) != 0) {
			*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void
client_addr(struct MHD_Connection *conn, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	assure_strlcpy(out, "unknown", size);
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr, out, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, out, (socklen_t)size);
}

/*
 * Who is asking: a bearer token first, then the session cookie.
 * *ret_bearer says an Authorization header was given (a bad one is 401,
 * never a redirect to the sign-in page).
 */
static enum web_auth_result
authenticate(struct web_server *s, struct web_req *req, bool *ret_bearer)
{
	const char *authz, *cookie;
	enum web_auth_result ar = WEB_AUTH_DENIED;

	*ret_bearer = false;
	authz = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
	    "Authorization");
	cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
	    WEB_SESSION_COOKIE);
	if (s->auth == NULL)
		return WEB_AUTH_DENIED;
	pthread_mutex_lock(&s->lock);
	if (authz != NULL) {
		*ret_bearer = true;
		if (strncasecmp(authz, "Bearer ", 7) == 0 &&
		    authz[7] != '\0' && strlen(authz + 7) < WEB_SECRET_MAX) {
			ar = s->auth->verify_token(s->auth->arg, authz + 7,
			    req->now, &req->who);
			req->who.via_token = true;
			req->who.csrf[0] = '\0';
		}
	} else if (cookie != NULL && cookie_value_ok(cookie)) {
		ar = s->auth->verify_session(s->auth->arg, cookie, req->now,
		    &req->who);
		req->who.via_token = false;
	}
	pthread_mutex_unlock(&s->lock);
	req->who.user[sizeof(req->who.user) - 1] = '\0';
	req->who.csrf[sizeof(req->who.csrf) - 1] = '\0';
	if (ar == WEB_AUTH_OK && (req->who.role <= WEB_ROLE_NONE ||
	    req->who.role >= WEB_ROLE__MAX))
		ar = WEB_AUTH_DENIED;
	req->authenticated = ar == WEB_AUTH_OK;
	if (!req->authenticated)
		memset(&req->who, 0, sizeof(req->who));
	return ar;
}

static bool
needs_csrf(const struct web_req *req)
{
	return req->authenticated && !req->who.via_token &&
	    (req->route->flags & (WEB_WRITES | WEB_CSRF)) != 0;
}

/* The first call: everything decided from the request line and headers. */
static enum MHD_Result
begin(struct web_server *s, struct web_req *req, const char *method,
    const char *url)
{
	const char *ctype, *clen, *tok;
	enum web_auth_result ar;
	unsigned st, allow = 0;
	long long n;
	bool bearer;

	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		req->method = WEB_GET;
	else if (strcmp(method, "POST") == 0)
		req->method = WEB_POST;
	else
		req->method = 0;
	if (url[0] != '/' || strstr(url, "//") != NULL ||
	    strstr(url, "/..") != NULL)
		return send_error(req, 404, NULL, 0);
	st = web_route_find(s->routes, req->method != 0 ? req->method :
	    (enum web_method)0x80, url, &req->route, req->id, sizeof(req->id),
	    &allow);
	if (st != 0)
		return send_error(req, st, st == 404 ? "There is no page at "
		    "this address." : NULL, allow);
	if (req->route->min_role != WEB_ROLE_NONE) {
		ar = authenticate(s, req, &bearer);
		if (ar == WEB_AUTH_ERROR)
			return send_error(req, 500, NULL, 0);
		if (!req->authenticated) {
			if (is_api(url) || bearer)
				return send_error(req, 401, "authentication "
				    "required: a bearer token or a session",
				    0);
			return send_redirect(req, "/login");
		}
		if (!web_role_allows(req->who.role, req->route->min_role,
		    (req->route->flags & WEB_WRITES) != 0))
			return send_error(req, 403, "Your role does not allow "
			    "this.", 0);
	}
	/* The CSRF token by header; a form may carry it instead. */
	if (needs_csrf(req)) {
		tok = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
		    WEB_CSRF_HEADER);
		if (tok == NULL && req->route->body != WEB_BODY_FORM)
			return send_error(req, 403, "missing CSRF token", 0);
		if (tok != NULL && !secret_equal(tok, req->who.csrf))
			return send_error(req, 403, "bad CSRF token", 0);
	}
	req->body_max = req->route->body == WEB_BODY_FILE ? s->max_upload :
	    s->max_body;
	clen = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
	    "Content-Length");
	if (clen != NULL && (assure_strtonum(clen, 0, INT64_MAX, &n) != 0 ||
	    (uint64_t)n > req->body_max))
		return send_error(req, 413, "The request body is larger than "
		    "the server's limit.", 0);
	if (req->method == WEB_POST && req->route->body == WEB_BODY_FORM) {
		ctype = MHD_lookup_connection_value(req->conn,
		    MHD_HEADER_KIND, "Content-Type");
		if (ctype == NULL || strncasecmp(ctype,
		    "application/x-www-form-urlencoded", 33) != 0)
			return send_error(req, 415, "expected a form "
			    "(application/x-www-form-urlencoded)", 0);
		req->pp = MHD_create_post_processor(req->conn, WEB_PP_BUFFER,
		    form_iter, req);
		if (req->pp == NULL)
			return send_error(req, 415, NULL, 0);
	}
	if (req->method == WEB_POST && req->route->body == WEB_BODY_FILE &&
	    file_open(req) != 0) {
		fprintf(stderr, "assure serve: cannot create a temporary file "
		    "for an upload under %s: %s\n", req->ws->dotdir,
		    strerror(errno));
		return send_error(req, 500, NULL, 0);
	}
	req->started = true;
	return MHD_YES;
}

static void
run_handler(struct web_server *s, struct web_req *req, struct web_resp *resp)
{
	struct assure_diag d;
	char msg[1024];
	unsigned st;

	if (req->route->flags & WEB_UNLOCKED) {
		req->route->handler(req, resp);
		return;
	}
	pthread_mutex_lock(&s->lock);
	if (req->route->page != NULL) {
		assure_diag_clear(&d);
		st = req->route->page(req, &resp->body, &d);
		if (st >= 500) {
			assure_diag_format(&d, msg, sizeof(msg));
			fprintf(stderr, "assure serve: %s: %s\n", req->path,
			    msg);
			resp_error(req, resp, 500, "The workspace could not "
			    "be read; the server's log says why.");
		} else if (st != 200) {
			resp_error(req, resp, st, NULL);
		} else
			resp->status = 200;
	} else
		req->route->handler(req, resp);
	pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct web_server *s = cls;
	struct web_req *req = *con_cls;
	struct web_resp resp;
	enum MHD_Result ret;
	const char *tok;

	(void)version;
	if (req == NULL) {
		req = calloc(1, sizeof(*req));
		if (req == NULL)
			return MHD_NO;
		req->fd = -1;
		req->srv = s;
		req->ws = s->ws;
		req->des = s->des;
		req->conn = conn;
		req->path = url;
		req->tls = s->tls;
		req->now = assure_now();
		*con_cls = req;
		conn_watch_mark(s, conn, false);
		return begin(s, req, method, url);
	}
	if (!req->started)
		return MHD_YES;	/* an answer is queued; drop the body */
	if (*upload_data_size > 0) {
		req->body_len += *upload_data_size;
		if (req->body_len > req->body_max) {
			req->body_too_large = true;
			if (req->body_len > req->body_max + WEB_DRAIN_MAX)
				return MHD_NO;	/* cut a chunked flood off */
		} else if (req->pp != NULL) {
			if (MHD_post_process(req->pp, upload_data,
			    *upload_data_size) != MHD_YES)
				req->form_overflow = true;
		} else if (req->fd >= 0)
			file_write(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	/* The whole request is in. */
	if (req->body_too_large)
		return send_error(req, 413, "The request body is larger than "
		    "the server's limit.", 0);
	if (req->form_overflow)
		return send_error(req, 400, "malformed form", 0);
	if (req->fd >= 0) {
		if (close(req->fd) != 0)
			req->io_error = true;
		req->fd = -1;
	}
	if (req->io_error) {
		fprintf(stderr, "assure serve: cannot write %s: %s\n",
		    req->tmpfile, strerror(errno));
		return send_error(req, 500, NULL, 0);
	}
	if (needs_csrf(req) && MHD_lookup_connection_value(conn,
	    MHD_HEADER_KIND, WEB_CSRF_HEADER) == NULL) {
		tok = web_form(req, WEB_CSRF_FIELD);
		if (tok == NULL)
			return send_error(req, 403, "missing CSRF token", 0);
		if (!secret_equal(tok, req->who.csrf))
			return send_error(req, 403, "bad CSRF token", 0);
	}
	resp_init(&resp);
	run_handler(s, req, &resp);
	ret = send_resp(req, &resp, 0);
	assure_buf_free(&resp.body);
	return ret;
}

bool
web_req_period(const struct web_req *req, int64_t *ret_start,
    int64_t *ret_end)
{
	if (req->who.role != WEB_ROLE_AUDITOR)
		return false;
	if (req->who.has_period) {
		*ret_start = req->who.period_start;
		*ret_end = req->who.period_end;
	} else {
		*ret_start = req->ws->cfg.period_start;
		*ret_end = req->ws->cfg.period_end;
	}
	return true;
}

/* ---------------------------------------------------------- page frame */

void
web_csrf_input(struct web_req *req, struct htmlw *w)
{
	htmlw_void_attrs(w, "input", NULL, (const char *const[]){ "type", "hidden",
	    "name", WEB_CSRF_FIELD, "value", req->who.csrf, NULL });
}

void
web_page_begin(struct web_req *req, struct htmlw *w, const char *title)
{
	const struct web_route *r;

	htmlw_begin_linked(w, title, WEB_STYLESHEET);
	htmlw_open(w, "header", NULL);
	htmlw_open(w, "nav", NULL);
	for (r = req->srv->routes; r->path != NULL; r++) {
		if (r->page == NULL || r->match != WEB_MATCH_EXACT ||
		    r->title == NULL || !web_role_allows(req->who.role,
		    r->min_role, false))
			continue;
		htmlw_open_attrs(w, "a", r == req->route ? "current" : NULL,
		    (const char *const[]){ "href", r->path, NULL });
		htmlw_text(w, r->title);
		htmlw_close(w);
		htmlw_text(w, " ");
	}
	htmlw_close(w);
	if (req->authenticated) {
		htmlw_open_attrs(w, "form", "signout", (const char *const[]){
		    "method", "post", "action", "/logout", NULL });
		htmlw_open(w, "span", "who");
		htmlw_text(w, req->who.user);
		htmlw_text(w, " (");
		htmlw_text(w, web_role_name(req->who.role));
		htmlw_text(w, ") ");
		htmlw_close(w);
		web_csrf_input(req, w);
		htmlw_open_attrs(w, "button", NULL, (const char *const[]){
		    "type", "submit", NULL });
		htmlw_text(w, "Sign out");
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_open(w, "main", NULL);
	htmlw_elem(w, "h1", NULL, title);
}

void
web_page_end(struct web_req *req, struct htmlw *w)
{
	(void)req;
	htmlw_end(w);
}

/* --------------------------------------------------------- start, stop */

static enum assure_err
read_pem(const char *path, char **ret, struct assure_diag *d)
{
	FILE *f;
	char *buf;
	size_t n;

	f = fopen(path, "rb");
	if (f == NULL) {
		assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
		return ASSURE_ERR_IO;
	}
	buf = malloc(WEB_PEM_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0, NULL,
		    "out of memory");
	}
	n = fread(buf, 1, WEB_PEM_MAX + 1, f);
	fclose(f);
	if (n == 0 || n > WEB_PEM_MAX) {
		free(buf);
		return assure_diag_set(d, ASSURE_ERR_INVAL, path, 0, 0, NULL,
		    "empty, or larger than %d bytes", WEB_PEM_MAX);
	}
	buf[n] = '\0';
	*ret = buf;
	return ASSURE_OK;
}

static void
server_free(struct web_server *s)
{
	struct conn_watch *w;

	/* None left once the daemon has stopped, unless it skipped a
	 * connection's close notification. */
	while ((w = s->watch) != NULL) {
		s->watch = w->next;
		close(w->fd);
		free(w);
	}
	if (s->cert != NULL) {
		memset(s->cert, 0, strlen(s->cert));
		free(s->cert);
	}
	if (s->key != NULL) {
		memset(s->key, 0, strlen(s->key));
		free(s->key);
	}
	web_overview_cache_free(s->overview);
	web_memo_free(s->memo);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->watch_cv);
	pthread_mutex_destroy(&s->watch_lock);
	free(s);
}

enum assure_err
web_server_start(const struct web_options *o, struct web_server **ret,
    struct assure_diag *reterr_diag)
{
	const struct config *cfg = &o->ws->cfg;
	const char *listen = o->listen != NULL ? o->listen : cfg->server.listen;
	char host[WEB_HOST_MAX], why[128];
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct sockaddr *sa;
	const union MHD_DaemonInfo *di;
	struct web_server *s;
	unsigned port, flags;
	enum assure_err rc;

	if (config_parse_listen(listen, host, sizeof(host), &port, why,
	    sizeof(why)) != 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, listen,
		    0, 0, "listen", "%s", why);
	if (strcmp(host, "localhost") == 0)
		assure_strlcpy(host, "127.0.0.1", sizeof(host));
	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (inet_pton(AF_INET, host, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sa = (const struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, host, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)port);
		sa = (const struct sockaddr *)&sin6;
	} else
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, listen,
		    0, 0, "listen", "expected an IP address (or localhost), "
		    "not a host name");
	if ((o->tls_cert_file == NULL) != (o->tls_key_file == NULL))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, listen,
		    0, 0, "tls", "--tls-cert and --tls-key go together");
	if (o->tls_cert_file == NULL && !web_is_loopback(host) &&
	    !o->insecure_listen)
		return assure_diag_set(reterr_diag, ASSURE_ERR_PERM, listen,
		    0, 0, "listen", "refusing to serve %s without TLS: it is "
		    "not a loopback address (give --tls-cert and --tls-key, "
		    "or --insecure-listen)", listen);
	if (o->tls_cert_file != NULL &&
	    MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, listen,
		    0, 0, "tls", "this libmicrohttpd was built without TLS");
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, listen,
		    0, 0, NULL, "out of memory");
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->watch_lock, NULL);
	pthread_cond_init(&s->watch_cv, NULL);
	s->header_timeout_ms = 1000 * (cfg->server.request_timeout > 0 ?
	    cfg->server.request_timeout : SERVER_DEFAULT_REQUEST_TIMEOUT);
	/* None (out of memory): the overview computes every time. */
	s->overview = web_overview_cache_new();
	s->memo = web_memo_new();
	s->ws = o->ws;
	s->des = o->des;
	s->auth = o->auth;
	s->routes = o->routes != NULL ? o->routes : web_routes;
	s->max_body = cfg->server.max_body_bytes;
	s->max_upload = cfg->server.max_upload_bytes;
	if (o->tls_cert_file != NULL) {
		if ((rc = read_pem(o->tls_cert_file, &s->cert, reterr_diag)) !=
		    ASSURE_OK || (rc = read_pem(o->tls_key_file, &s->key,
		    reterr_diag)) != ASSURE_OK) {
			server_free(s);
			return rc;
		}
		s->tls = true;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
	if (sa->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->tls)
		flags |= MHD_USE_TLS;
	errno = 0;
	s->mhd = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL,
	    access_handler, s,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)cfg->server.max_header_bytes,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->server.max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)cfg->server.max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)cfg->server.request_timeout,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_connection, s,
	    /* HTTP/1.1 without Host, spaces in the path: 400. */
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
	    s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->cert,
	    MHD_OPTION_HTTPS_MEM_KEY, s->key,
	    MHD_OPTION_END);
	if (s->mhd == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, listen, 0, 0,
		    "listen", "cannot listen%s%s%s", s->tls ? " with TLS (is "
		    "the certificate or key malformed?)" : "",
		    errno != 0 ? ": " : "", errno != 0 ? strerror(errno) : "");
		server_free(s);
		return rc;
	}
	di = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL ? di->port : port;
	if (pthread_create(&s->watch_thread, NULL, watchdog_main, s) != 0) {
		MHD_stop_daemon(s->mhd);
		server_free(s);
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, listen,
		    0, 0, NULL, "cannot start the header watchdog");
	}
	s->watch_running = true;
	*ret = s;
	return ASSURE_OK;
}

unsigned
web_server_port(const struct web_server *s)
{
	return s->port;
}

bool
web_server_tls(const struct web_server *s)
{
	return s->tls;
}

struct web_overview_cache *
web_server_overview_cache(struct web_server *s)
{
	return s != NULL ? s->overview : NULL;
}

struct web_memo *
web_server_memo(struct web_server *s)
{
	return s != NULL ? s->memo : NULL;
}

void
web_server_stop(struct web_server *s)
{
	if (s == NULL)
		return;
	if (s->watch_running) {
		pthread_mutex_lock(&s->watch_lock);
		s->watch_stop = true;
		pthread_cond_signal(&s->watch_cv);
		pthread_mutex_unlock(&s->watch_lock);
		pthread_join(s->watch_thread, NULL);
	}
	MHD_stop_daemon(s->mhd);
	server_free(s);
}
