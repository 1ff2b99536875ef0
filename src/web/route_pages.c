/*
 * route_pages.c: the dashboard's routes (routes.c) answered by the page
 * renderers (pages.h).  Each adapter builds the page context from the
 * request - the read-only workspace, the design the server loaded, the
 * identity the auth hook vouched for, its CSRF token - and maps the
 * renderer's outcome to a status: the page, a 404 page for an unknown
 * id, or 500 with the diagnostic for the server to log.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "policy/approval.h"
#include "review/review.h"
#include "web/web.h"
#include "web/pages.h"
#include "web/server.h"
#include "workspace/workspace.h"

enum which {
	P_REVIEWS, P_REVIEW, P_OVERVIEW, P_CONTROLS, P_CONTROL, P_TEST, P_EVIDENCE, P_EVIDENCE_ITEM,
	P_POLICIES, P_VENDORS, P_RISKS, P_INCIDENTS, P_LEDGER, P_REPORTS,
};

void
web_page_of(struct web_req *req, bool with_store, struct web_page *p)
{
	memset(p, 0, sizeof(*p));
	if (with_store) {
		p->store = req->ws->store;
		p->ledger = req->ws->ledger;
	}
	p->cfg = &req->ws->cfg;
	p->des = req->des;
	p->user = req->who.user;
	p->role = web_role_name(req->who.role);
	p->csrf = req->who.csrf;
	p->now = req->now;
}

static unsigned
serve(struct web_req *req, enum which k, struct assure_buf *out,
    struct assure_diag *d)
{
	struct web_page p;
	enum assure_err rc;

	web_page_of(req, true, &p);
	p.scoped = web_req_period(req, &p.scope_start, &p.scope_end);
	p.cache = web_server_overview_cache(req->srv);
	switch (k) {
	case P_REVIEWS:
		rc = page_reviews(&p, out, d);
		break;
	case P_REVIEW:
		rc = page_review(&p, req->id, out, d);
		break;
	case P_OVERVIEW:
		rc = page_overview(&p, out, d);
		break;
	case P_CONTROLS:
		rc = page_controls(&p, out, d);
		break;
	case P_CONTROL:
		rc = page_control(&p, req->id, out, d);
		break;
	case P_TEST:
		rc = page_test(&p, req->id, out, d);
		break;
	case P_EVIDENCE:
		rc = page_evidence(&p, out, d);
		break;
	case P_EVIDENCE_ITEM:
		rc = page_evidence_item(&p, req->id, out, d);
		break;
	case P_POLICIES:
		rc = page_policies(&p, out, d);
		break;
	case P_VENDORS:
		rc = page_vendors(&p, out, d);
		break;
	case P_RISKS:
		rc = page_risks(&p, out, d);
		break;
	case P_INCIDENTS:
		rc = page_incidents(&p, out, d);
		break;
	case P_REPORTS:
		rc = page_reports(&p, out, d);
		break;
	default:
		rc = page_ledger(&p, NULL, out, d);
		break;
	}
	if (rc == ASSURE_OK)
		return 200;
	if (rc == ASSURE_ERR_NOTFOUND) {
		page_error(&p, 404, "There is nothing by that name here.", out);
		return 404;
	}
	return 500;
}

#define ADAPTER(fn, k)							\
unsigned								\
fn(struct web_req *req, struct assure_buf *out, struct assure_diag *d)	\
{									\
	return serve(req, k, out, d);					\
}

ADAPTER(web_page_reviews, P_REVIEWS)
ADAPTER(web_page_review, P_REVIEW)
ADAPTER(web_page_overview, P_OVERVIEW)
ADAPTER(web_page_controls, P_CONTROLS)
ADAPTER(web_page_control, P_CONTROL)
ADAPTER(web_page_test, P_TEST)
ADAPTER(web_page_evidence, P_EVIDENCE)
ADAPTER(web_page_evidence_item, P_EVIDENCE_ITEM)
ADAPTER(web_page_policies, P_POLICIES)
ADAPTER(web_page_vendors, P_VENDORS)
ADAPTER(web_page_risks, P_RISKS)
ADAPTER(web_page_incidents, P_INCIDENTS)
ADAPTER(web_page_ledger, P_LEDGER)
ADAPTER(web_page_reports, P_REPORTS)

/* An error page for a handler's response, in the dashboard's layout;
 * it reads no store, so that unlocked handlers may use it too. */
void
web_error_page(struct web_req *req, struct web_resp *resp, unsigned status,
    const char *message)
{
	struct web_page p;

	web_page_of(req, false, &p);
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	assure_buf_reset(&resp->body);
	page_error(&p, (int)status, message, &resp->body);
}

/*
 * POST /policies/ID/approve: the approval of the policy's current text
 * by the signed-in user, as `assure policy approve` records it (a row and
 * its ledger entry in one transaction).  The form names the version and
 * the SHA-256 of the body it showed: a text edited since is refused (409)
 * rather than approved unseen.
 */
void
web_handle_policy_approve(struct web_req *req, struct web_resp *resp)
{
	const char *version = web_form(req, "version");
	const char *sha = web_form(req, "body_sha256");
	const struct policy *pol;
	struct workspace *ws = NULL;
	struct policy_set set;
	struct assure_diag d;
	char hex[ASSURE_SHA256_HEXLEN + 1], dir[WORKSPACE_PATH_MAX + 16];
	enum assure_err rc;

	if (!web_role_can_approve(web_role_name(req->who.role))) {
		web_error_page(req, resp, 403, "Only an admin or a manager may "
		    "approve a policy.");
		return;
	}
	policy_set_init(&set);
	assure_diag_clear(&d);
	/* The text as it is now, not as the server loaded it. */
	snprintf(dir, sizeof(dir), "%s/%s", req->ws->root, POLICIES_DIR);
	rc = policies_load_dir(&set, dir, &d);
	pol = rc == ASSURE_OK ? policies_find(&set, req->id) : NULL;
	if (pol == NULL) {
		web_error_page(req, resp, rc == ASSURE_OK ? 404 : 500, rc ==
		    ASSURE_OK ? "There is no such policy." : "The policies "
		    "could not be read.");
		policy_set_release(&set);
		return;
	}
	assure_hex(pol->body_sha256, sizeof(pol->body_sha256), hex);
	if (version == NULL || sha == NULL || strcmp(version,
	    pol->version) != 0 || strcmp(sha, hex) != 0) {
		web_error_page(req, resp, 409, "The policy changed after the page "
		    "showed it: reload the page and read it again.");
		policy_set_release(&set);
		return;
	}
	rc = workspace_open(req->ws->root, 0, &ws, &d);
	if (rc == ASSURE_OK)
		rc = policy_approve(ws, pol, req->who.user, req->now, &d);
	workspace_close(ws);
	policy_set_release(&set);
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: approve: %s\n", msg);
		web_error_page(req, resp, 500, "The approval could not be "
		    "recorded.");
		return;
	}
	resp->status = 303;
	assure_strlcpy(resp->location, "/policies", sizeof(resp->location));
}

/*
 * POST /reviews/ID/decide: keep or revoke one account of an open
 * campaign, as `assure review decide` records it (a row and its ledger
 * entry), by the signed-in reviewer; back to the campaign.
 */
void
web_handle_review_decide(struct web_req *req, struct web_resp *resp)
{
	const char *account = web_form(req, "account");
	const char *decision = web_form(req, "decision");
	struct workspace *ws = NULL;
	struct assure_diag d;
	char loc[WEB_LOCATION_MAX];
	enum assure_err rc;

	if (!web_role_can_review(web_role_name(req->who.role))) {
		web_error_page(req, resp, 403, "Only a control owner, a manager "
		    "or an admin may decide an access review.");
		return;
	}
	if (account == NULL || *account == '\0' || decision == NULL ||
	    (strcmp(decision, "keep") != 0 &&
	    strcmp(decision, "revoke") != 0)) {
		web_error_page(req, resp, 400, "A decision names an account and "
		    "keep or revoke.");
		return;
	}
	assure_diag_clear(&d);
	rc = workspace_open(req->ws->root, 0, &ws, &d);
	if (rc == ASSURE_OK)
		rc = review_decide(ws, req->id, account, decision,
		    req->who.user, NULL, req->now, &d);
	workspace_close(ws);
	if (rc == ASSURE_ERR_NOTFOUND) {
		web_error_page(req, resp, 404, "There is no such campaign or "
		    "account.");
		return;
	}
	if (rc == ASSURE_ERR_CONFLICT) {
		web_error_page(req, resp, 409, "The campaign is closed, or the "
		    "account is ambiguous.");
		return;
	}
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: review decide: %s\n", msg);
		web_error_page(req, resp, 500, "The decision could not be "
		    "recorded.");
		return;
	}
	web_href(loc, sizeof(loc), "/reviews/", req->id, NULL);
	resp->status = 303;
	assure_strlcpy(resp->location, loc, sizeof(resp->location));
}
