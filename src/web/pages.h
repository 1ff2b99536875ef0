/*
 * pages.h: the dashboard's pages (issue 10), as pure renderers.
 *
 * Each page_X() reads what it shows from the store, the ledger and the
 * loaded design, and appends one complete HTML document to out: the
 * doctype, a head linking /static/assure.css (data/web/assure.css), a
 * header with the navigation, the signed-in user and role and a sign-out
 * form, the page's main content and a footer.  Nothing here speaks HTTP:
 * the server maps routes to renderers, sends out with the status the
 * renderer's result implies, and sets the headers.
 *
 * Every byte of data goes through the escaping writer (report/html.h);
 * the pages hold no script, no style attribute and no inline style, so
 * that they work under "default-src 'none'; style-src 'self'".  Every
 * form that changes state POSTs and carries the session's CSRF token as
 * a hidden input named "csrf".  Links are relative paths, each path
 * segment taken from data percent-encoded.
 *
 * Results: ASSURE_OK with the page in out; ASSURE_ERR_NOTFOUND (control,
 * test or evidence unknown) with nothing appended, for the server to
 * answer with page_error(404); anything else (a store error,
 * ASSURE_ERR_NOMEM, the sticky error of out) with d filled and out to
 * be discarded, for page_error(500).
 *
 * The observation period is cfg's (period_start .. period_end).  "Now"
 * is p->now: the pages never read the clock.
 */
#ifndef ASSURE_WEB_PAGES_H
#define ASSURE_WEB_PAGES_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "workspace/config.h"
#include "workspace/design.h"

/* The style sheet's route, and its path among the embedded data files. */
#define WEB_CSS_HREF	"/static/assure.css"
#define WEB_CSS_EMBED	"web/assure.css"
/* The name of the hidden CSRF input of every state-changing form. */
#define WEB_CSRF_FIELD	"csrf"
/* Rows a list page shows at most (the newest first). */
#define WEB_LIST_MAX	1000

struct web_page {
	struct store		*store;
	struct ledger		*ledger;
	const struct config	*cfg;
	const struct design	*des;
	const char		*user;	/* signed in; NULL on an error page
					   shown before sign-in */
	const char		*role;	/* "admin", "manager", ... */
	const char		*csrf;	/* token to embed in state-changing
					   forms */
	int64_t			 now;
	/* An auditor's view: only evaluations as of scope_start ..
	 * scope_end (web_req_period()). */
	bool			 scoped;
	int64_t			 scope_start, scope_end;
	/* The server's memory of the overview's control histories, or
	 * NULL: compute them every time.  Used under the server's lock. */
	struct web_overview_cache *cache;
};

/*
 * What the overview computed of every control's history over the
 * observation period, kept while the ledger does not grow: every
 * evaluation, ingest and filed document appends to it, so its size
 * says when the histories may have changed.
 */
struct web_overview_cache;
struct web_overview_cache *web_overview_cache_new(void);
void web_overview_cache_free(struct web_overview_cache *c);

struct evaluation;
struct web_req;

/*
 * The page context of a request: the identity, its CSRF token, the
 * settings and design, and with_store the request's store and ledger
 * (without: for a handler outside the server's lock).
 */
void web_page_of(struct web_req *req, bool with_store, struct web_page *p);

/*
 * The evaluation a page or API answer shows: the newest recorded, or
 * when scoped the newest recorded of those as of start .. end (an
 * auditor's period).  *ret_found false when there is none.
 */
enum assure_err web_evaluation_load(struct store *s, bool scoped,
    int64_t start, int64_t end, struct evaluation *ret, bool *ret_found,
    struct assure_diag *reterr_diag);
/* web_evaluation_load() for the page p. */
enum assure_err page_evaluation(const struct web_page *p,
    struct evaluation *ret, bool *ret_found,
    struct assure_diag *reterr_diag);

/* What the last `assure ledger verify` found, when the caller kept it. */
struct web_verify {
	int64_t				at;
	bool				ok;
	struct ledger_verify_report	rep;
	char				error[ASSURE_DIAG_MSG_MAX + 64];
};

/*
 * /: readiness by category and criterion from the newest evaluation,
 * the failing tests, the controls with evidence gaps over the period,
 * and the trend of passing tests over the period (web/chart.h).
 */
enum assure_err page_overview(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/* /controls: every control with its latest verdict and conclusion. */
enum assure_err page_controls(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);
/* /controls/ID: one control's design and history over the period. */
enum assure_err page_control(const struct web_page *p, const char *id,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/* /tests/ID: one test's result in the newest evaluation. */
enum assure_err page_test(const struct web_page *p, const char *id,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/* /evidence: the evidence, newest first (WEB_LIST_MAX at most). */
enum assure_err page_evidence(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);
/* /evidence/SHA: one piece of evidence's provenance. */
enum assure_err page_evidence_item(const struct web_page *p,
    const char *sha256_hex, struct assure_buf *out,
    struct assure_diag *reterr_diag);

/*
 * /policies: each policy's approval state from the ledger; an Approve
 * form (POST /policies/ID/approve) when the role is admin or manager.
 */
enum assure_err page_policies(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/* /vendors, /risks, /incidents: the registers. */
enum assure_err page_vendors(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);
enum assure_err page_risks(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);
enum assure_err page_incidents(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/*
 * /ledger: size, checkpoints, the latest checkpoint note, and the last
 * verification (last NULL: none recorded; the page says how to run one).
 */
enum assure_err page_ledger(const struct web_page *p,
    const struct web_verify *last, struct assure_buf *out,
    struct assure_diag *reterr_diag);

/*
 * /reports: the downloads, every report kind (report/render.h) in each
 * format (/reports/KIND.EXT) and, when web_role_can_package(p->role),
 * the auditor package (/reports/auditor.zip).
 */
enum assure_err page_reports(const struct web_page *p,
    struct assure_buf *out, struct assure_diag *reterr_diag);
/* Whether role may download the auditor package: admin, manager or
 * auditor. */
bool web_role_can_package(const char *role);

/*
 * An error page (403, 404, 500, ...) in the same layout; message is
 * shown escaped.  p->user NULL: no navigation.  Fails only with out's
 * sticky error.
 */
enum assure_err page_error(const struct web_page *p, int status,
    const char *message, struct assure_buf *out);

/* Whether role may approve policies: "admin" or "manager". */
bool web_role_can_approve(const char *role);
/* Whether role may decide access reviews: owner, manager, admin. */
bool web_role_can_review(const char *role);
/* /reviews: the access-review campaigns. */
enum assure_err page_reviews(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *reterr_diag);
/* /reviews/ID: one campaign; keep/revoke forms for a reviewer while open.
 * NOTFOUND for an unknown id. */
enum assure_err page_review(const struct web_page *p, const char *id,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/*
 * /users (admin only): every user (role, auditor period, MFA, disabled,
 * failed logins and lock) and every API token (label, role, expiry,
 * revoked; never its text or hash), with the forms of POST
 * /users/disable, /users/role, /users/reset-mfa and /users/revoke-token
 * (route_users.c).  Adding users and creating tokens stay with
 * `assure user`, which shows their secrets once.
 */
enum assure_err page_users(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *reterr_diag);

#endif
