/*
 * httpstub.h: a scripted HTTP/1.1 server on 127.0.0.1 for the collectors'
 * tests.
 *
 * A raw socket server in a thread of its own rather than libmicrohttpd,
 * because the tests need what a correct server library will not do: a
 * Content-Length larger than the bytes sent before the connection closes,
 * and an answer held back past the client's timeout.  One connection at a
 * time, one request per connection (Connection: close).
 *
 * A script is routes: a method and a path (exact, without the query), and
 * optionally a string the query must contain; each with a sequence of
 * responses, one per matching request, the last repeated.  A request no
 * route matches is answered from the directory given to
 * httpstub_serve_dir() when the path names a file there, else 404 with
 * GitHub's {"message": "Not Found"}.  In response headers and bodies
 * (not files), "%BASE%" becomes the server's base URL, so that Link
 * headers and API URLs point back at it.
 *
 * Every request is recorded (method, target, headers) for assertions.
 */
#ifndef ASSURE_HTTPSTUB_H
#define ASSURE_HTTPSTUB_H

#include <stddef.h>

struct httpstub;

struct httpstub_resp {
	unsigned	 status;
	/* "Name: value\r\n" lines, or NULL; Content-Length is added. */
	const char	*headers;
	const char	*body;		/* NULL: empty, or file */
	const char	*file;		/* the body from this file, or NULL */
	/* Declared Content-Length when larger than the body: the body is
	 * sent and the connection closed, cut short.  0: the body's. */
	size_t		 content_length;
	unsigned	 delay_ms;	/* before answering */
};

struct httpstub_req {
	char	 method[16];
	char	 target[4096];	/* path and query, as sent */
	char	*headers;	/* the raw header block, "Name: value\r\n"... */
	char	*body;
	size_t	 body_len;
};

/* Start on 127.0.0.1, a port of the system's choosing; aborts the test on
 * failure. */
struct httpstub *httpstub_start(void);
/* Stop the thread, close the socket, free everything. */
void httpstub_stop(struct httpstub *s);
/* "http://127.0.0.1:PORT", no trailing slash. */
const char *httpstub_url(const struct httpstub *s);

/*
 * Add a route; method NULL matches any, query NULL any query.  The
 * responses (n >= 1) are the caller's and must outlive the server.
 */
void httpstub_route(struct httpstub *s, const char *method, const char *path,
    const char *query, const struct httpstub_resp *resps, size_t n);
/* Answer unmatched GETs from files under dir (the path joined to it). */
void httpstub_serve_dir(struct httpstub *s, const char *dir);

/* Requests received so far, and the i'th (NULL past the end). */
size_t httpstub_nrequests(struct httpstub *s);
const struct httpstub_req *httpstub_request(struct httpstub *s, size_t i);
/* How many requests had path (without query) p. */
size_t httpstub_count(struct httpstub *s, const char *path);
/*
 * The value of header name (case-insensitive) in req, copied to out;
 * NULL when absent.
 */
const char *httpstub_header(const struct httpstub_req *req, const char *name,
    char *out, size_t size);

#endif
