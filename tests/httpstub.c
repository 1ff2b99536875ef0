/*
 * httpstub.c: the scripted loopback HTTP server of the tests (httpstub.h).
 *
 * The thread polls the listening socket and a pipe; a byte on the pipe
 * stops it, also while it holds an answer back (delay_ms), so that
 * httpstub_stop() never waits for a slow script.
 */
#include "common/compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "httpstub.h"
#include "testutil.h"

#define STUB_ROUTES_MAX		64
#define STUB_REQUESTS_MAX	4096
#define STUB_HEAD_MAX		(64 * 1024)
#define STUB_BODY_MAX		(16 * 1024 * 1024)

struct route {
	const char			*method, *path, *query;
	const struct httpstub_resp	*resps;
	size_t				 n, used;
};

struct httpstub {
	int			 fd;
	int			 stop[2];
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	char			 url[64];
	struct route		 routes[STUB_ROUTES_MAX];
	size_t			 nroutes;
	char			*dir;
	struct httpstub_req	*reqs;
	size_t			 nreqs;
};

/* Wait up to ms for fd to be readable; false when stopped or timed out. */
static bool
wait_readable(struct httpstub *s, int fd, int ms)
{
	struct pollfd p[2];

	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = s->stop[0];
	p[1].events = POLLIN;
	for (;;) {
		if (poll(p, 2, ms) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (p[1].revents != 0)
			return false;
		return p[0].revents != 0;
	}
}

static void
send_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t w;

	while (len > 0) {
		w = send(fd, p, len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* the client went away: its test will say */
		p += w;
		len -= (size_t)w;
	}
}

/* Replace %BASE% with the server's URL. */
static void
expand(struct httpstub *s, struct assure_buf *b, const char *text)
{
	const char *p;

	while ((p = strstr(text, "%BASE%")) != NULL) {
		assure_buf_add(b, text, (size_t)(p - text));
		assure_buf_adds(b, s->url);
		text = p + 6;
	}
	assure_buf_adds(b, text);
}

static const char *
reason(unsigned status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 304: return "Not Modified";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static void
respond(struct httpstub *s, int fd, const struct httpstub_resp *r)
{
	struct assure_buf head, body;
	struct assure_diag d;
	size_t declared;

	assure_buf_init(&head, 0);
	assure_buf_init(&body, 0);
	if (r->delay_ms > 0 && wait_readable(s, s->stop[0],
	    (int)r->delay_ms))
		goto out;	/* stopping */
	if (r->file != NULL) {
		assure_diag_clear(&d);
		if (assure_file_read(r->file, &body, &d) != ASSURE_OK)
			fail_msg("httpstub: %s: %s", r->file, d.msg);
	} else if (r->body != NULL)
		expand(s, &body, r->body);
	declared = r->content_length > body.len ? r->content_length :
	    body.len;
	assure_buf_printf(&head, "HTTP/1.1 %u %s\r\n", r->status,
	    reason(r->status));
	if (r->headers != NULL)
		expand(s, &head, r->headers);
	if (r->status != 304 && r->status != 204)
		assure_buf_printf(&head, "Content-Length: %zu\r\n", declared);
	assure_buf_adds(&head, "Connection: close\r\n\r\n");
	send_all(fd, head.data, head.len);
	if (r->status != 304 && r->status != 204 && body.len > 0)
		send_all(fd, body.data, body.len);
out:
	assure_buf_free(&head);
	assure_buf_free(&body);
}

static const struct httpstub_resp not_found = {
	.status = 404,
	.headers = "Content-Type: application/json; charset=utf-8\r\n",
	.body = "{\"message\":\"Not Found\"}",
};

/* Serve a file of s->dir; false when there is none (or the path tries
 * to leave the directory). */
static bool
serve_file(struct httpstub *s, int fd, const char *path)
{
	struct httpstub_resp r;
	char *full;
	bool ok;

	if (s->dir == NULL || strstr(path, "..") != NULL)
		return false;
	full = tu_join(s->dir, path + (path[0] == '/'));
	ok = access(full, R_OK) == 0;
	if (ok) {
		memset(&r, 0, sizeof(r));
		r.status = 200;
		r.headers = "Content-Type: application/json; charset=utf-8\r\n";
		r.file = full;
		respond(s, fd, &r);
	}
	free(full);
	return ok;
}

static void
handle(struct httpstub *s, int fd)
{
	struct assure_buf in;
	struct httpstub_req req;
	const struct httpstub_resp *r = NULL;
	char buf[8192], path[4096], *end, *cl;
	const char *query;
	size_t head_len, body_len = 0, i, plen;
	ssize_t n;

	assure_buf_init(&in, STUB_HEAD_MAX + STUB_BODY_MAX);
	for (;;) {
		end = in.data != NULL ? strstr(in.data, "\r\n\r\n") : NULL;
		if (end != NULL)
			break;
		if (!wait_readable(s, fd, 5000))
			goto out;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			goto out;
		assure_buf_add(&in, buf, (size_t)n);
		if (in.len > STUB_HEAD_MAX)
			goto out;
	}
	head_len = (size_t)(end - in.data) + 4;
	cl = strcasestr(in.data, "\r\nContent-Length:");
	if (cl != NULL && cl < end)
		body_len = strtoul(cl + 17, NULL, 10);
	while (in.len < head_len + body_len) {
		if (!wait_readable(s, fd, 5000))
			goto out;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			goto out;
		assure_buf_add(&in, buf, (size_t)n);
	}
	memset(&req, 0, sizeof(req));
	if (sscanf(in.data, "%15s %4095s", req.method, req.target) != 2)
		goto out;
	i = strcspn(in.data, "\n") + 1;
	req.headers = strndup(in.data + i, head_len - i);
	req.body = malloc(body_len + 1);
	if (req.headers == NULL || req.body == NULL)
		fail_msg("httpstub: out of memory");
	memcpy(req.body, in.data + head_len, body_len);
	req.body[body_len] = '\0';
	req.body_len = body_len;
	plen = strcspn(req.target, "?");
	snprintf(path, sizeof(path), "%.*s", (int)plen, req.target);
	query = req.target[plen] == '?' ? req.target + plen + 1 : "";

	pthread_mutex_lock(&s->lock);
	if (s->nreqs < STUB_REQUESTS_MAX)
		s->reqs[s->nreqs++] = req;
	else {
		free(req.headers);
		free(req.body);
	}
	for (i = 0; i < s->nroutes; i++) {
		struct route *rt = &s->routes[i];

		if (rt->method != NULL && strcmp(rt->method, req.method) != 0)
			continue;
		if (strcmp(rt->path, path) != 0)
			continue;
		if (rt->query != NULL && strstr(query, rt->query) == NULL)
			continue;
		r = &rt->resps[rt->used < rt->n ? rt->used : rt->n - 1];
		rt->used++;
		break;
	}
	pthread_mutex_unlock(&s->lock);
	if (r != NULL)
		respond(s, fd, r);
	else if (!serve_file(s, fd, path))
		respond(s, fd, &not_found);
out:
	assure_buf_free(&in);
}

static void *
loop(void *arg)
{
	struct httpstub *s = arg;
	int fd;

	for (;;) {
		if (!wait_readable(s, s->fd, -1))
			return NULL;
		fd = accept(s->fd, NULL, NULL);
		if (fd < 0)
			continue;
		handle(s, fd);
		/* Closing after the answer is what cuts a body short. */
		shutdown(fd, SHUT_WR);
		close(fd);
	}
}

struct httpstub *
httpstub_start(void)
{
	struct httpstub *s = calloc(1, sizeof(*s));
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	if (s == NULL)
		fail_msg("httpstub: out of memory");
	s->reqs = calloc(STUB_REQUESTS_MAX, sizeof(*s->reqs));
	if (s->reqs == NULL || pipe(s->stop) != 0)
		fail_msg("httpstub: setup: %s", strerror(errno));
	pthread_mutex_init(&s->lock, NULL);
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(s->fd, 16) != 0 ||
	    getsockname(s->fd, (struct sockaddr *)&sa, &len) != 0)
		fail_msg("httpstub: listen: %s", strerror(errno));
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%u",
	    (unsigned)ntohs(sa.sin_port));
	if (pthread_create(&s->thread, NULL, loop, s) != 0)
		fail_msg("httpstub: cannot start its thread");
	return s;
}

void
httpstub_stop(struct httpstub *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (write(s->stop[1], "x", 1) != 1)
		fail_msg("httpstub: cannot stop its thread");
	pthread_join(s->thread, NULL);
	close(s->fd);
	close(s->stop[0]);
	close(s->stop[1]);
	for (i = 0; i < s->nreqs; i++) {
		free(s->reqs[i].headers);
		free(s->reqs[i].body);
	}
	free(s->reqs);
	free(s->dir);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

const char *
httpstub_url(const struct httpstub *s)
{
	return s->url;
}

void
httpstub_route(struct httpstub *s, const char *method, const char *path,
    const char *query, const struct httpstub_resp *resps, size_t n)
{
	struct route *r;

	if (n == 0)
		fail_msg("httpstub: a route needs a response");
	pthread_mutex_lock(&s->lock);
	if (s->nroutes >= STUB_ROUTES_MAX)
		fail_msg("httpstub: more than %d routes", STUB_ROUTES_MAX);
	r = &s->routes[s->nroutes++];
	r->method = method;
	r->path = path;
	r->query = query;
	r->resps = resps;
	r->n = n;
	r->used = 0;
	pthread_mutex_unlock(&s->lock);
}

void
httpstub_serve_dir(struct httpstub *s, const char *dir)
{
	pthread_mutex_lock(&s->lock);
	free(s->dir);
	s->dir = strdup(dir);
	pthread_mutex_unlock(&s->lock);
}

size_t
httpstub_nrequests(struct httpstub *s)
{
	size_t n;

	pthread_mutex_lock(&s->lock);
	n = s->nreqs;
	pthread_mutex_unlock(&s->lock);
	return n;
}

const struct httpstub_req *
httpstub_request(struct httpstub *s, size_t i)
{
	const struct httpstub_req *r;

	pthread_mutex_lock(&s->lock);
	r = i < s->nreqs ? &s->reqs[i] : NULL;
	pthread_mutex_unlock(&s->lock);
	return r;
}

size_t
httpstub_count(struct httpstub *s, const char *path)
{
	size_t i, n = 0, plen;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->nreqs; i++) {
		plen = strcspn(s->reqs[i].target, "?");
		if (strlen(path) == plen &&
		    strncmp(s->reqs[i].target, path, plen) == 0)
			n++;
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

const char *
httpstub_header(const struct httpstub_req *req, const char *name, char *out,
    size_t size)
{
	const char *p = req->headers, *e;
	size_t nl = strlen(name), vl;

	while (p != NULL && *p != '\0') {
		e = strstr(p, "\r\n");
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) > nl && p[nl] == ':' &&
		    strncasecmp(p, name, nl) == 0) {
			p += nl + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			vl = (size_t)(e - p);
			if (vl >= size)
				vl = size - 1;
			memcpy(out, p, vl);
			out[vl] = '\0';
			return out;
		}
		p = *e != '\0' ? e + 2 : e;
	}
	return NULL;
}
