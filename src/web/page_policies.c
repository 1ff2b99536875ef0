/*
 * page_policies.c: the policies with their approval state from the
 * ledger (report/policyreport.h's loader and judgement), and an Approve
 * form per policy for the roles that may approve (see pages.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "report/policyreport.h"
#include "web/web.h"

static const char *
status_text(enum polrep_status s)
{
	switch (s) {
	case POLREP_APPROVED:
		return "approved";
	case POLREP_CHANGED:
		return "changed since approval";
	default:
		return "not approved";
	}
}

static const char *
status_class(enum polrep_status s)
{
	switch (s) {
	case POLREP_APPROVED:
		return "st-approved";
	case POLREP_CHANGED:
		return "st-changed";
	default:
		return "st-not-approved";
	}
}

/*
 * POST /policies/ID/approve, with the version and the digest of the text
 * shown, so that the server can refuse to approve a text edited since.
 */
static void
approve_form(struct htmlw *w, const struct web_page *p,
    const struct policy *pol)
{
	char action[WEB_HREF_MAX], hex[ASSURE_SHA256_HEXLEN + 1];
	const char *const form[] = { "method", "post", "action", action,
	    NULL };
	const char *const ver[] = { "type", "hidden", "name", "version",
	    "value", pol->version, NULL };
	const char *const sha[] = { "type", "hidden", "name", "body_sha256",
	    "value", hex, NULL };
	const char *const submit[] = { "type", "submit", NULL };

	web_href(action, sizeof(action), "/policies/", pol->id, "/approve");
	assure_hex(pol->body_sha256, sizeof(pol->body_sha256), hex);
	htmlw_open_attrs(w, "form", "approve", form);
	web_csrf(w, p);
	htmlw_void_attrs(w, "input", NULL, ver);
	htmlw_void_attrs(w, "input", NULL, sha);
	htmlw_open_attrs(w, "button", NULL, submit);
	htmlw_text(w, "Approve");
	htmlw_close(w);
	htmlw_close(w);
}

enum assure_err
page_policies(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Policy", "Title", "Version",
	    "Owner", "Status", "Approved by", "Approved at", "Ledger entry",
	    NULL };
	static const char *const head_act[] = { "Policy", "Title", "Version",
	    "Owner", "Status", "Approved by", "Approved at", "Ledger entry",
	    "Action", NULL };
	const struct polrep_item *it;
	struct polrep r;
	struct htmlw w;
	char t[ASSURE_TIME_STRLEN];
	size_t len0 = out->len, i;
	enum assure_err rc;
	bool can = web_role_can_approve(p->role);

	rc = polrep_load(p->des->ws, &r, d);
	if (rc != ASSURE_OK) {
		polrep_release(&r);
		return web_fail(out, len0, rc);
	}
	web_begin(&w, p, out, "Policies", "Policies");
	if (r.n == 0)
		web_pf(&w, "notice", "No policy under policies/.");
	else {
		web_pf(&w, "note", "A policy is approved when the ledger "
		    "records an approval of its current text.%s", can ? "" :
		    " Only an administrator or a manager may approve.");
		htmlw_open(&w, "table", "policies");
		web_thead(&w, can ? head_act : head);
		htmlw_open(&w, "tbody", NULL);
	}
	for (i = 0; i < r.n; i++) {
		it = &r.items[i];
		htmlw_open(&w, "tr", NULL);
		web_td(&w, NULL, it->p->id);
		web_td(&w, NULL, it->p->title);
		web_td(&w, NULL, it->p->version);
		web_td(&w, NULL, it->p->owner);
		web_td(&w, status_class(it->status), status_text(it->status));
		if (it->last != NULL) {
			web_time(it->last->at, t, sizeof(t));
			web_td(&w, NULL, it->last->by);
			web_td(&w, NULL, t);
		} else {
			web_td(&w, NULL, "-");
			web_td(&w, NULL, "-");
		}
		if (it->ledger_index >= 0)
			web_tdf(&w, "n", "%lld", (long long)it->ledger_index);
		else
			web_td(&w, "n", "-");
		if (can) {
			htmlw_open(&w, "td", NULL);
			if (it->status != POLREP_APPROVED)
				approve_form(&w, p, it->p);
			else
				htmlw_text(&w, "-");
			htmlw_close(&w);
		}
		htmlw_close(&w);
	}
	polrep_release(&r);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
