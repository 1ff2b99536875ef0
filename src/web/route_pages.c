/*
 * route_pages.c: the dashboard's routes (routes.c) answered by the page
 * renderers (pages.h).  Each adapter builds the page context from the
 * request - the read-only workspace, the design the server loaded, the
 * identity the auth hook vouched for, its CSRF token - and maps the
 * renderer's outcome to a status: the page, a 404 page for an unknown
 * id, or 500 with the diagnostic for the server to log.
 */
#include "common/compat.h"

#include <string.h>

#include "web/pages.h"
#include "web/server.h"
#include "workspace/workspace.h"

enum which {
	P_OVERVIEW, P_CONTROLS, P_CONTROL, P_TEST, P_EVIDENCE, P_EVIDENCE_ITEM,
	P_POLICIES, P_VENDORS, P_RISKS, P_INCIDENTS, P_LEDGER,
};

static unsigned
serve(struct web_req *req, enum which k, struct assure_buf *out,
    struct assure_diag *d)
{
	struct web_page p;
	enum assure_err rc;

	memset(&p, 0, sizeof(p));
	p.store = req->ws->store;
	p.ledger = req->ws->ledger;
	p.cfg = &req->ws->cfg;
	p.des = req->des;
	p.user = req->who.user;
	p.role = web_role_name(req->who.role);
	p.csrf = req->who.csrf;
	p.now = req->now;
	switch (k) {
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
