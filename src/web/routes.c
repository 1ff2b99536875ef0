/*
 * routes.c: the route table, the one place access is decided, and the
 * built-in handlers: the sign-in page, sign-out, the health check, the
 * style sheet, /api/v1/status and the evidence upload.  The dashboard
 * pages (web_page_fn) are in pages.c until the page renderers replace
 * them in this table.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/embed.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"
#include "report/html.h"
#include "rules/rules.h"
#include "web/server.h"
#include "workspace/workspace.h"

/* The one table: method, path, match, least role, flags, body, handler. */
const struct web_route web_routes[] = {
	/* Public. */
	{ WEB_GET, "/healthz", WEB_MATCH_EXACT, WEB_ROLE_NONE, 0,
	    WEB_BODY_NONE, NULL, web_handle_healthz, NULL },
	{ WEB_GET, "/static/", WEB_MATCH_ID, WEB_ROLE_NONE, 0,
	    WEB_BODY_NONE, NULL, web_handle_static, NULL },
	{ WEB_GET, "/login", WEB_MATCH_EXACT, WEB_ROLE_NONE, 0,
	    WEB_BODY_NONE, NULL, web_handle_login_form, NULL },
	/* No session yet, so no CSRF token: SameSite=Strict and the
	 * form-action CSP guard it. */
	{ WEB_POST, "/login", WEB_MATCH_EXACT, WEB_ROLE_NONE, 0,
	    WEB_BODY_FORM, NULL, web_handle_login, NULL },
	{ WEB_POST, "/logout", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, WEB_CSRF,
	    WEB_BODY_FORM, NULL, web_handle_logout, NULL },
	/* The dashboard (page renderers plug in here). */
	{ WEB_GET, "/", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_overview, NULL, "Overview" },
	{ WEB_GET, "/controls", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_controls, NULL, "Controls" },
	{ WEB_GET, "/controls/", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_control, NULL, "Control" },
	{ WEB_GET, "/tests/", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_test, NULL, "Test" },
	{ WEB_GET, "/evidence", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_evidence, NULL, "Evidence" },
	{ WEB_GET, "/evidence/", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_evidence_item, NULL, "Evidence" },
	{ WEB_GET, "/evidence/*/raw", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_evidence_raw, NULL },
	{ WEB_GET, "/evidence/*/proof", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_evidence_proof, NULL },
	{ WEB_GET, "/policies", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_policies, NULL, "Policies" },
	{ WEB_POST, "/policies/*/approve", WEB_MATCH_ID, WEB_ROLE_MANAGER,
	    WEB_WRITES, WEB_BODY_FORM, NULL, web_handle_policy_approve,
	    NULL },
	{ WEB_GET, "/reviews", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_reviews, NULL, "Reviews" },
	{ WEB_GET, "/reviews/", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_review, NULL, "Review" },
	{ WEB_POST, "/reviews/*/decide", WEB_MATCH_ID, WEB_ROLE_OWNER,
	    WEB_WRITES, WEB_BODY_FORM, NULL, web_handle_review_decide,
	    NULL },
	{ WEB_GET, "/vendors", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_vendors, NULL, "Vendors" },
	{ WEB_GET, "/risks", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_risks, NULL, "Risks" },
	{ WEB_GET, "/incidents", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_incidents, NULL, "Incidents" },
	{ WEB_GET, "/ledger", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_ledger, NULL, "Ledger" },
	{ WEB_GET, "/reports", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, web_page_reports, NULL, "Reports" },
	/* Admin, manager or auditor (the handler refuses an owner).
	 * Before /reports/KIND.EXT: the first route that matches wins. */
	{ WEB_GET, "/reports/auditor.zip", WEB_MATCH_EXACT, WEB_ROLE_AUDITOR,
	    WEB_UNLOCKED, WEB_BODY_NONE, NULL, web_handle_auditor_package,
	    NULL },
	{ WEB_GET, "/reports/", WEB_MATCH_ID, WEB_ROLE_VIEWER, WEB_UNLOCKED,
	    WEB_BODY_NONE, NULL, web_handle_report, NULL },
	/* The API. */
	{ WEB_GET, "/api/v1/status", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_status, NULL },
	{ WEB_GET, "/api/v1/evaluations", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_api_evaluations, NULL },
	{ WEB_GET, "/api/v1/tests/", WEB_MATCH_ID, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_api_test, NULL },
	{ WEB_GET, "/api/v1/controls", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_api_controls, NULL },
	{ WEB_GET, "/api/v1/reports", WEB_MATCH_EXACT, WEB_ROLE_VIEWER, 0,
	    WEB_BODY_NONE, NULL, web_handle_api_reports, NULL },
	{ WEB_GET, "/api/v1/reports/", WEB_MATCH_ID, WEB_ROLE_VIEWER,
	    WEB_UNLOCKED, WEB_BODY_NONE, NULL, web_handle_api_report, NULL },
	{ WEB_POST, "/api/v1/evidence", WEB_MATCH_EXACT, WEB_ROLE_OWNER,
	    WEB_WRITES, WEB_BODY_FILE, NULL, web_handle_upload, NULL },
	/* The sample of a control (route_samples.c): seconds on a large
	 * organisation, so outside the lock, and kept (web/memo.h). */
	{ WEB_GET, "/api/v1/samples/", WEB_MATCH_ID, WEB_ROLE_VIEWER,
	    WEB_UNLOCKED,
	    WEB_BODY_NONE, NULL, web_handle_api_sample, NULL },
	/* The users page and its forms, admin only (route_users.c). */
	{ WEB_GET, "/users", WEB_MATCH_EXACT, WEB_ROLE_ADMIN, 0,
	    WEB_BODY_NONE, web_page_users, NULL, "Users" },
	{ WEB_POST, "/users/disable", WEB_MATCH_EXACT, WEB_ROLE_ADMIN,
	    WEB_WRITES, WEB_BODY_FORM, NULL, web_handle_user_disable, NULL },
	{ WEB_POST, "/users/role", WEB_MATCH_EXACT, WEB_ROLE_ADMIN,
	    WEB_WRITES, WEB_BODY_FORM, NULL, web_handle_user_role, NULL },
	{ WEB_POST, "/users/reset-mfa", WEB_MATCH_EXACT, WEB_ROLE_ADMIN,
	    WEB_WRITES, WEB_BODY_FORM, NULL, web_handle_user_reset_mfa, NULL },
	{ WEB_POST, "/users/revoke-token", WEB_MATCH_EXACT, WEB_ROLE_ADMIN,
	    WEB_WRITES, WEB_BODY_FORM, NULL, web_handle_token_revoke, NULL },
	{ 0, NULL, WEB_MATCH_EXACT, WEB_ROLE_NONE, 0, WEB_BODY_NONE, NULL,
	    NULL, NULL },
};

void
web_handle_healthz(struct web_req *req, struct web_resp *resp)
{
	(void)req;
	resp->content_type = "text/plain; charset=utf-8";
	assure_buf_adds(&resp->body, "ok\n");
}

void
web_handle_static(struct web_req *req, struct web_resp *resp)
{
	const struct embedded_file *f = NULL;

	if (strcmp(req->id, "assure.css") == 0)
		f = assure_embed_find(WEB_STYLESHEET_EMBED);
	if (f == NULL) {
		resp->status = 404;
		resp->content_type = "text/plain; charset=utf-8";
		assure_buf_adds(&resp->body, "Not found\n");
		return;
	}
	resp->content_type = "text/css; charset=utf-8";
	resp->cacheable = true;
	assure_buf_add(&resp->body, f->data, f->len);
}

static void
login_page(struct web_req *req, struct web_resp *resp, const char *failed)
{
	struct htmlw w;
	const char *org = req->ws->cfg.organisation;

	htmlw_init(&w, &resp->body);
	htmlw_begin_linked(&w, "Sign in", WEB_STYLESHEET);
	htmlw_open(&w, "main", "login");
	htmlw_elem(&w, "h1", NULL, org);
	htmlw_elem(&w, "p", NULL, "Sign in to the compliance dashboard.");
	if (failed != NULL)
		htmlw_elem(&w, "p", "error", failed);
	htmlw_open_attrs(&w, "form", NULL, (const char *const[]){ "method",
	    "post", "action", "/login", NULL });
	htmlw_open_attrs(&w, "label", NULL, (const char *const[]){ "for",
	    "name", NULL });
	htmlw_text(&w, "Name");
	htmlw_close(&w);
	htmlw_void_attrs(&w, "input", NULL, (const char *const[]){ "id", "name",
	    "name", "name", "type", "text", "autocomplete", "username",
	    "required", "required", NULL });
	htmlw_open_attrs(&w, "label", NULL, (const char *const[]){ "for",
	    "password", NULL });
	htmlw_text(&w, "Password");
	htmlw_close(&w);
	htmlw_void_attrs(&w, "input", NULL, (const char *const[]){ "id", "password",
	    "name", "password", "type", "password", "autocomplete",
	    "current-password", "required", "required", NULL });
	htmlw_open_attrs(&w, "label", NULL, (const char *const[]){ "for",
	    "totp", NULL });
	htmlw_text(&w, "Authenticator code (if enrolled)");
	htmlw_close(&w);
	htmlw_void_attrs(&w, "input", NULL, (const char *const[]){ "id", "totp",
	    "name", "totp", "type", "text", "inputmode", "numeric",
	    "autocomplete", "one-time-code", "pattern", "[0-9]{6,8}", NULL });
	htmlw_open_attrs(&w, "button", NULL, (const char *const[]){ "type",
	    "submit", NULL });
	htmlw_text(&w, "Sign in");
	htmlw_end(&w);
}

void
web_handle_login_form(struct web_req *req, struct web_resp *resp)
{
	login_page(req, resp, NULL);
}

static void
session_cookie(struct web_req *req, struct web_resp *resp, const char *value,
    bool clear)
{
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	    "%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s",
	    WEB_SESSION_COOKIE, value, clear ? "; Max-Age=0" : "",
	    req->tls ? "; Secure" : "");
}

/* A session value from the hook must be a plain token (it is a cookie). */
static bool
session_value_ok(const char *s)
{
	size_t i;

	if (*s == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr("._~-", s[i]) != NULL))
			return false;
	return true;
}

void
web_handle_login(struct web_req *req, struct web_resp *resp)
{
	const char *name = web_form(req, "name");
	const char *password = web_form(req, "password");
	const char *totp = web_form(req, "totp");
	char session[WEB_SECRET_MAX], client[64];
	enum web_auth_result ar = WEB_AUTH_DENIED;

	web_req_client(req, client, sizeof(client));
	session[0] = '\0';
	if (name != NULL && password != NULL && *name != '\0' &&
	    web_req_auth(req) != NULL)
		ar = web_req_auth(req)->login(web_req_auth(req)->arg, name,
		    password, totp != NULL ? totp : "", client, req->now,
		    session, sizeof(session));
	session[sizeof(session) - 1] = '\0';
	if (ar == WEB_AUTH_OK && !session_value_ok(session)) {
		fprintf(stderr, "assure serve: the auth hook returned a "
		    "session value that cannot be a cookie\n");
		ar = WEB_AUTH_ERROR;
	}
	if (ar == WEB_AUTH_ERROR) {
		resp->status = 500;
		login_page(req, resp, "Sign-in is not available: the server's "
		    "log says why.");
		return;
	}
	if (ar != WEB_AUTH_OK) {
		/* One message whatever failed: name, password, code, lock. */
		resp->status = 401;
		login_page(req, resp, "Sign-in failed: the name, password or "
		    "code is wrong, or the account is locked for now.");
		return;
	}
	session_cookie(req, resp, session, false);
	resp->status = 303;
	assure_strlcpy(resp->location, "/", sizeof(resp->location));
	memset(session, 0, sizeof(session));
}

void
web_handle_logout(struct web_req *req, struct web_resp *resp)
{
	const char *cookie = web_req_cookie(req);

	if (cookie != NULL && web_req_auth(req) != NULL)
		web_req_auth(req)->logout(web_req_auth(req)->arg, cookie);
	session_cookie(req, resp, "", true);
	resp->status = 303;
	assure_strlcpy(resp->location, "/login", sizeof(resp->location));
}

void
web_handle_status(struct web_req *req, struct web_resp *resp)
{
	const struct config *cfg = &req->ws->cfg;
	struct evaluation ev;
	struct assure_diag d;
	struct jsonw j;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN], msg[1024];
	size_t counts[VERDICT__MAX];
	bool found = false;
	int v;

	memset(&ev, 0, sizeof(ev));
	assure_diag_clear(&d);
	if (evaluation_load_latest(req->ws->store, &ev, &found, &d) !=
	    ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: %s: %s\n", req->path, msg);
		resp->status = 500;
		resp->content_type = "application/json";
		assure_buf_adds(&resp->body, "{\"error\":\"the store could "
		    "not be read\"}\n");
		return;
	}
	resp->content_type = "application/json";
	jsonw_init(&j, &resp->body, true);
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "organisation", cfg->organisation);
	jsonw_kstr(&j, "system", cfg->system);
	assure_date_format(cfg->period_start, d1);
	assure_date_format(cfg->period_end, d2);
	jsonw_key(&j, "observation_period");
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "start", d1);
	jsonw_kstr(&j, "end", d2);
	jsonw_obj_close(&j);
	jsonw_key(&j, "evaluation");
	if (found) {
		evaluation_counts(&ev, counts);
		jsonw_obj_open(&j);
		jsonw_kstr(&j, "id", ev.id);
		jsonw_ktime(&j, "as_of", ev.as_of, true);
		jsonw_kint(&j, "tests", (long long)ev.n);
		jsonw_key(&j, "counts");
		jsonw_obj_open(&j);
		for (v = 0; v < VERDICT__MAX; v++)
			jsonw_kint(&j, verdict_name((enum verdict)v),
			    (long long)counts[v]);
		jsonw_obj_close(&j);
		jsonw_obj_close(&j);
		evaluation_release(&ev);
	} else
		jsonw_null(&j);
	jsonw_obj_close(&j);
	assure_buf_addc(&resp->body, '\n');
}

/* A JSON error answer: {"error": msg}. */
void
web_json_error(struct web_resp *resp, unsigned status, const char *msg)
{
	struct jsonw j;

	resp->status = status;
	resp->content_type = "application/json";
	resp->attachment[0] = '\0';
	assure_buf_reset(&resp->body);
	jsonw_init(&j, &resp->body, false);
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "error", msg);
	jsonw_obj_close(&j);
	assure_buf_addc(&resp->body, '\n');
}

/*
 * POST /api/v1/evidence?kind=KIND[&name=FILE][&as_of=WHEN]: the body
 * (already in req->tmpfile, 0600) through ingest_file() as `assure
 * ingest` would, in a workspace opened read-write for the upload.
 */
void
web_handle_upload(struct web_req *req, struct web_resp *resp)
{
	const char *kind = web_query(req, "kind"), *as_of = web_query(req,
	    "as_of"), *name;
	const struct evidence_kind *k;
	struct workspace *ws = NULL;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	struct jsonw j;
	char collector[WEB_USER_MAX + 8], msg[2048];
	enum assure_err rc;

	if (kind == NULL || (k = ingest_kind_find(kind)) == NULL) {
		web_json_error(resp, 400, "kind: unknown or missing evidence kind "
		    "(assure ingest --list names them)");
		return;
	}
	if (k->collect != NULL) {
		web_json_error(resp, 400, "kind: this kind reads a directory, not "
		    "an uploaded file");
		return;
	}
	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.path = req->tmpfile;
	snprintf(collector, sizeof(collector), "web:%s", req->who.user);
	o.collector = collector;
	o.collected_at = req->now;
	if (as_of != NULL) {
		if (assure_time_parse(as_of, strlen(as_of), &o.as_of) != 0) {
			web_json_error(resp, 400, "as_of: expected a date or an "
			    "RFC 3339 instant");
			return;
		}
		o.has_as_of = true;
	}
	assure_diag_clear(&d);
	rc = workspace_open(req->ws->root, 0, &ws, &d);
	if (rc == ASSURE_OK) {
		memset(&r, 0, sizeof(r));
		rc = ingest_file(ws, &o, &r, &d);
	}
	if (rc != ASSURE_OK) {
		/* Name the upload, not the temporary file. */
		name = strrchr(req->tmpfile, '/');
		if (strcmp(d.source, req->tmpfile) == 0)
			assure_strlcpy(d.source, name + 1, sizeof(d.source));
		assure_diag_format(&d, msg, sizeof(msg));
		web_json_error(resp, rc == ASSURE_ERR_PARSE ||
		    rc == ASSURE_ERR_INVAL || rc == ASSURE_ERR_LIMIT ? 400 :
		    500, msg);
		if (resp->status == 500)
			fprintf(stderr, "assure serve: upload: %s\n", msg);
		workspace_close(ws);
		return;
	}
	resp->status = r.duplicate ? 200 : 201;
	resp->content_type = "application/json";
	jsonw_init(&j, &resp->body, true);
	jsonw_obj_open(&j);
	jsonw_kint(&j, "evidence_id", r.evidence_id);
	jsonw_kstr(&j, "kind", kind);
	jsonw_kstr(&j, "sha256", r.digest);
	jsonw_kint(&j, "records", (long long)r.records);
	jsonw_kint(&j, "bytes", (long long)r.size);
	jsonw_ktime(&j, "as_of", r.as_of, true);
	jsonw_kbool(&j, "duplicate", r.duplicate);
	jsonw_obj_close(&j);
	assure_buf_addc(&resp->body, '\n');
	workspace_close(ws);
}
