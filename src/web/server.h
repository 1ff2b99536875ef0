/*
 * server.h: assure serve, the dashboard and the JSON API over
 * libmicrohttpd.
 *
 * One route table (web_routes[], routes.c) is the only place access is
 * decided: each route names its method, its path (exact, or a prefix
 * followed by one id segment), the least role it needs, and whether it
 * changes state.  The server finds the route, authenticates the request
 * through the auth hook (struct web_auth_ops: a session cookie or a
 * bearer token), checks the role and, for session requests to a route that
 * changes state, the CSRF token; only then does it read the body (bounded)
 * and call the handler.  Every response carries the security headers.
 *
 *	unknown path			404
 *	known path, other method	405 (with Allow)
 *	no identity			303 to /login; 401 JSON under /api/
 *	role below the route's		403 (an auditor on any route that
 *					writes, whatever the rank)
 *	session without CSRF token	403
 *	body beyond the limit		413
 *
 * Handlers run one at a time under the server's lock (the workspace and
 * its store are not shared between threads otherwise); connections are
 * read and written in their own threads.
 */
#ifndef ASSURE_WEB_SERVER_H
#define ASSURE_WEB_SERVER_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

struct htmlw;
struct workspace;

/* The session cookie and the CSRF form field and header. */
#define WEB_SESSION_COOKIE	"assure_session"
#define WEB_CSRF_FIELD		"csrf"
#define WEB_CSRF_HEADER		"X-CSRF-Token"
#define WEB_STYLESHEET		"/static/assure.css"
/* The embedded file (data/web/assure.css) served at WEB_STYLESHEET. */
#define WEB_STYLESHEET_EMBED	"web/assure.css"

#define WEB_USER_MAX		128	/* a user name, with the NUL */
#define WEB_SECRET_MAX		256	/* cookie values, tokens, CSRF */
#define WEB_ID_MAX		128	/* the id segment of a route */
#define WEB_FORM_FIELDS_MAX	32	/* fields of one form */
#define WEB_FORM_KEY_MAX	64
#define WEB_LOCATION_MAX	256
#define WEB_PP_BUFFER		4096	/* MHD's post processor buffer */
/* A chunked body this far beyond its limit is cut off, not drained. */
#define WEB_DRAIN_MAX		(1024 * 1024)

/* ---------------------------------------------------------------- roles */

/*
 * Roles by rank: each may do what the ranks below it may, except that
 * the auditor is read-only: a route that writes refuses an auditor
 * whatever its rank.
 */
enum web_role {
	WEB_ROLE_NONE = 0,	/* not signed in; as a route's: no auth */
	WEB_ROLE_VIEWER,
	WEB_ROLE_AUDITOR,
	WEB_ROLE_OWNER,		/* control owner */
	WEB_ROLE_MANAGER,
	WEB_ROLE_ADMIN,
	WEB_ROLE__MAX
};

const char *web_role_name(enum web_role r);
/* The role named s ("admin", "owner", ...), or WEB_ROLE_NONE. */
enum web_role web_role_parse(const char *s);
/* Whether have may use a route needing need that writes or not. */
bool web_role_allows(enum web_role have, enum web_role need, bool writes);

/* ------------------------------------------------------------ auth hook */

/* Who a request is. */
struct web_identity {
	char		user[WEB_USER_MAX];
	enum web_role	role;
	/* The CSRF token the session's forms carry; "" for a bearer token
	 * (API calls by token are exempt from CSRF). */
	char		csrf[WEB_SECRET_MAX];
	bool		via_token;
	/* An auditor's observation period (auth_user's has_period): what
	 * the auditor may see (docs/API.md, "The auditor's view"). */
	bool		has_period;
	int64_t		period_start;
	int64_t		period_end;
};

enum web_auth_result {
	WEB_AUTH_OK,
	WEB_AUTH_DENIED,	/* unknown, wrong, expired, disabled, locked */
	WEB_AUTH_ERROR,		/* the store failed: 500 */
};

/*
 * The users, sessions and tokens (src/auth in the end; a table in the
 * tests).  The server calls these under its lock, one at a time.  now is
 * the wall clock (seconds); client the peer's address as text, for
 * throttling.  Session idle and absolute timeouts, login throttling and
 * lock-out (assure.yaml server: session_idle, session_absolute,
 * login_attempts, lockout) are the hook's to enforce.  Values written to
 * the ret_ buffers must be NUL-terminated; a session value must consist of
 * [A-Za-z0-9._~-] only (it becomes a cookie).
 */
struct web_auth_ops {
	/* The session whose cookie value is cookie; fills *ret (with the
	 * CSRF token) and refreshes its idle time. */
	enum web_auth_result (*verify_session)(void *arg, const char *cookie,
			    int64_t now, struct web_identity *ret);
	/* The API token bearer (the part after "Bearer "). */
	enum web_auth_result (*verify_token)(void *arg, const char *bearer,
			    int64_t now, struct web_identity *ret);
	/* Check name, password and TOTP code (totp "" when not given);
	 * on success a new session's cookie value in ret_session. */
	enum web_auth_result (*login)(void *arg, const char *name,
			    const char *password, const char *totp,
			    const char *client, int64_t now, char *ret_session,
			    size_t size);
	/* End the session (unknown values are ignored). */
	void		(*logout)(void *arg, const char *cookie);
	void		*arg;
};

/* ------------------------------------------------------------- requests */

enum web_method {
	WEB_GET = 1 << 0,	/* and HEAD */
	WEB_POST = 1 << 1,
};

struct web_form_field {
	char			key[WEB_FORM_KEY_MAX];
	struct assure_buf	value;
};

/* One request as a handler sees it. */
struct web_req {
	struct web_server		*srv;
	struct workspace		*ws;	/* opened read-only */
	const struct design		*des;	/* loaded by the server's
						   owner, or NULL */
	const struct web_route		*route;
	const char			*path;
	char				 id[WEB_ID_MAX];	/* WEB_MATCH_ID */
	bool				 authenticated;
	struct web_identity		 who;
	int64_t				 now;
	bool				 tls;
	/* The rest is the server's. */
	struct MHD_Connection		*conn;
	enum web_method			 method;
	uint64_t			 body_len;
	uint64_t			 body_max;
	bool				 body_too_large;
	bool				 started;
	struct MHD_PostProcessor	*pp;
	struct web_form_field		 form[WEB_FORM_FIELDS_MAX];
	size_t				 nform;
	bool				 form_overflow;
	/* WEB_BODY_FILE: the body streamed to a 0600 file in its own
	 * directory (the file name is the upload's ?name=, or "upload") */
	int				 fd;
	char				 tmpdir[4096];
	char				 tmpfile[4096 + 80];
	bool				 io_error;
};

/* What a handler answers. */
struct web_resp {
	unsigned		status;
	const char		*content_type;	/* a literal */
	struct assure_buf	body;
	char			location[WEB_LOCATION_MAX];	/* 3xx */
	char			set_cookie[WEB_SECRET_MAX + 128];
	bool			cacheable;	/* static files only */
	/* A download: Content-Disposition: attachment; filename="..."
	 * ([A-Za-z0-9._-] only), or "" for none. */
	char			attachment[WEB_ID_MAX + 32];
	/* The body read from this open file instead of body (size bytes
	 * from its start), when has_fd; the server closes it. */
	bool			has_fd;
	int			fd;
	uint64_t		fd_size;
};

/*
 * The observation period a request is limited to: an auditor's own
 * period, or the workspace's for an auditor without one; false for the
 * other roles (everything is theirs to see).
 */
bool web_req_period(const struct web_req *req, int64_t *ret_start,
    int64_t *ret_end);

/* A query (?name=value) argument or a form field; NULL when absent. */
const char *web_query(struct web_req *req, const char *name);
const char *web_form(struct web_req *req, const char *name);

/* The auth hook, the session cookie's value (or NULL), the peer. */
const struct web_auth_ops *web_req_auth(struct web_req *req);
const char *web_req_cookie(struct web_req *req);
void web_req_client(struct web_req *req, char *out, size_t size);

/*
 * The page frame every dashboard page uses: the document with the linked
 * style sheet, the header with the navigation and (signed in) the user,
 * role and a sign-out form carrying the CSRF token; web_page_end closes
 * it.  web_csrf_input writes the hidden CSRF field every state-changing
 * form must carry.
 */
void web_page_begin(struct web_req *req, struct htmlw *w, const char *title);
void web_page_end(struct web_req *req, struct htmlw *w);
void web_csrf_input(struct web_req *req, struct htmlw *w);

/* ---------------------------------------------------------------- routes */

/*
 * A dashboard page: render the page for req into html_out (through
 * report/html.h's writer; web_page_begin/web_page_end give the frame).
 * Returns the HTTP status: 200, 404 when req->id names nothing; 500 with
 * reterr_diag filled when the workspace could not be read (the server logs
 * the diagnostic and sends its own error page).
 */
typedef unsigned (*web_page_fn)(struct web_req *req,
    struct assure_buf *html_out, struct assure_diag *reterr_diag);

/* Any other route: fill resp (status, type, body, location, cookie). */
typedef void (*web_handler_fn)(struct web_req *req, struct web_resp *resp);

enum web_match {
	WEB_MATCH_EXACT,	/* the path as written */
	WEB_MATCH_ID,		/* the path (ending in '/') and one segment of
				   [A-Za-z0-9._:-], at most WEB_ID_MAX - 1;
				   or a path holding one '*' that stands for
				   that segment, as the approve route's does */
	WEB_MATCH_PREFIX,	/* the path and anything after it (static) */
};

enum web_body {
	WEB_BODY_NONE,		/* a body is read and thrown away */
	WEB_BODY_FORM,		/* application/x-www-form-urlencoded,
				   at most server.max_body_bytes */
	WEB_BODY_FILE,		/* the raw body to a temporary file, at most
				   server.max_upload_bytes */
};

enum web_route_flags {
	/* Changes the workspace: refused to auditors; CSRF token needed
	 * for session requests. */
	WEB_WRITES = 1 << 0,
	/* CSRF token needed for session requests (sign-out, which changes
	 * only the session itself). */
	WEB_CSRF = 1 << 1,
	/* The handler runs outside the server's lock: it must not touch
	 * req->ws's store or ledger, but opens a workspace handle of its
	 * own (long builds: the auditor package, the reports). */
	WEB_UNLOCKED = 1 << 2,
};

struct web_route {
	unsigned		 methods;	/* enum web_method bits */
	const char		*path;
	enum web_match		 match;
	enum web_role		 min_role;	/* WEB_ROLE_NONE: public */
	unsigned		 flags;		/* enum web_route_flags */
	enum web_body		 body;
	/* Exactly one of page and handler. */
	web_page_fn		 page;
	web_handler_fn		 handler;
	const char		*title;		/* the navigation's label */
};

/* The route table, terminated by a NULL path (routes.c). */
extern const struct web_route web_routes[];

/*
 * The route for method and path: *ret_route, with the id segment in id
 * (size bytes).  Returns 0 found, 404 no route has the path, 405 a route
 * has the path but not the method (*ret_allow: the methods it has).
 */
unsigned web_route_find(const struct web_route *table, enum web_method m,
    const char *path, const struct web_route **ret_route, char *id,
    size_t size, unsigned *ret_allow);

/* The built-in handlers and pages (routes.c, pages.c). */
void web_handle_healthz(struct web_req *req, struct web_resp *resp);
void web_handle_static(struct web_req *req, struct web_resp *resp);
void web_handle_login_form(struct web_req *req, struct web_resp *resp);
void web_handle_login(struct web_req *req, struct web_resp *resp);
void web_handle_logout(struct web_req *req, struct web_resp *resp);
void web_handle_status(struct web_req *req, struct web_resp *resp);
void web_handle_upload(struct web_req *req, struct web_resp *resp);
/* POST /policies/ID/approve, /reviews/ID/decide (route_pages.c). */
void web_handle_policy_approve(struct web_req *req, struct web_resp *resp);
void web_handle_review_decide(struct web_req *req, struct web_resp *resp);
/* GET /evidence/SHA/raw and /evidence/SHA/proof (route_api.c). */
void web_handle_evidence_raw(struct web_req *req, struct web_resp *resp);
void web_handle_evidence_proof(struct web_req *req, struct web_resp *resp);
/* The JSON API over evaluations, tests and controls (route_api.c). */
void web_handle_api_evaluations(struct web_req *req, struct web_resp *resp);
void web_handle_api_test(struct web_req *req, struct web_resp *resp);
void web_handle_api_controls(struct web_req *req, struct web_resp *resp);
/* GET /reports/KIND.EXT, /reports/auditor.zip, /api/v1/reports and
 * /api/v1/reports/KIND (route_reports.c). */
void web_handle_report(struct web_req *req, struct web_resp *resp);
void web_handle_auditor_package(struct web_req *req, struct web_resp *resp);
void web_handle_api_reports(struct web_req *req, struct web_resp *resp);
void web_handle_api_report(struct web_req *req, struct web_resp *resp);

/* GET /api/v1/samples/CONTROL (route_samples.c); GET /users and its
 * forms, POST /users/disable, /users/role, /users/reset-mfa,
 * /users/revoke-token (route_users.c). */
void web_handle_api_sample(struct web_req *req, struct web_resp *resp);
unsigned web_page_users(struct web_req *, struct assure_buf *,
    struct assure_diag *);
void web_handle_user_disable(struct web_req *req, struct web_resp *resp);
void web_handle_user_role(struct web_req *req, struct web_resp *resp);
void web_handle_user_reset_mfa(struct web_req *req, struct web_resp *resp);
void web_handle_token_revoke(struct web_req *req, struct web_resp *resp);

/* The dashboard's pages (route_pages.c, over pages.h). */
unsigned web_page_overview(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_reviews(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_review(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_controls(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_control(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_test(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_evidence(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_evidence_item(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_policies(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_vendors(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_risks(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_incidents(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_ledger(struct web_req *, struct assure_buf *,
    struct assure_diag *);
unsigned web_page_reports(struct web_req *, struct assure_buf *,
    struct assure_diag *);

/* ---------------------------------------------------------------- server */

struct web_options {
	struct workspace		*ws;	/* read-only; not owned */
	const struct web_auth_ops	*auth;
	const char			*listen; /* NULL: ws->cfg.server.listen */
	const char			*tls_cert_file;	/* PEM, or NULL */
	const char			*tls_key_file;
	/* Listen on a non-loopback address without TLS all the same. */
	bool				 insecure_listen;
	/* The routes; NULL: web_routes. */
	const struct web_route		*routes;
	/* scope, controls/, policies/ (design.h), loaded by the caller for
	 * the pages; not owned. */
	const struct design		*des;
};

struct web_server;

/*
 * Start serving in background threads, with the limits of
 * ws->cfg.server: max_header_bytes of memory for a connection's request
 * line and headers, max_connections at once (in all and per address; one
 * more waits in the listen queue), request_timeout both as an idle timeout
 * and as the time a request's line and headers may take in all (a
 * watchdog thread shuts down a connection past it), max_body_bytes and
 * max_upload_bytes.  HTTP/1.1 without Host is refused (400) and a %00 in
 * the path is left encoded.  Refuses (ASSURE_ERR_PERM) a
 * non-loopback listen address without TLS unless insecure_listen, and
 * (ASSURE_ERR_INVAL) a bad address, only one of the TLS files, or a
 * libmicrohttpd without TLS when TLS is asked for.
 */
enum assure_err web_server_start(const struct web_options *o,
    struct web_server **ret, struct assure_diag *reterr_diag);
/* The port listened on (the system's choice for port 0). */
unsigned web_server_port(const struct web_server *s);
bool web_server_tls(const struct web_server *s);

/* A JSON error answer, {"error": msg}, replacing whatever resp held. */
void web_json_error(struct web_resp *resp, unsigned status, const char *msg);
/* An error page in the dashboard's layout, replacing whatever resp held;
 * it reads no store (safe outside the server's lock). */
void web_error_page(struct web_req *req, struct web_resp *resp,
    unsigned status, const char *message);
/* The overview's memory of the control histories (pages.h), or NULL. */
struct web_overview_cache *web_server_overview_cache(struct web_server *s);
/* Slow answers kept while the ledger stands still (memo.h), or NULL. */
struct web_memo;
struct web_memo *web_server_memo(struct web_server *s);
/* Stop accepting, finish the connections, free. */
void web_server_stop(struct web_server *s);

/* Whether host (an address as text) is a loopback address. */
bool web_is_loopback(const char *host);

#endif
