/*
 * page_registers.c: the vendor, risk and incident registers as tables
 * (see pages.h).  Vendors and risks are the workspace's files as
 * workspace_open() loaded them (cfg->vendors, cfg->risks); incidents are
 * the register merged with the incident evidence (rules/inclist.h) as of
 * p->now.
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "rules/inclist.h"
#include "workspace/risks.h"
#include "workspace/vendors.h"
#include "web/web.h"

enum assure_err
page_vendors(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Vendor", "Service", "Tier",
	    "SOC 2", "ISO 27001", "DPA", "Last review", "Next review due",
	    NULL };
	const struct vendors *vs = p->cfg->vendors;
	const struct vendor *v;
	struct htmlw w;
	char a[16], b[16], s[128];
	size_t len0 = out->len, i;
	enum assure_err rc;
	int64_t due;

	web_begin(&w, p, out, "Vendors", "Vendors");
	if (vs == NULL || vs->n == 0)
		web_pf(&w, "notice", "No vendor register: add vendors.yaml "
		    "or vendors.csv.");
	else {
		htmlw_open(&w, "table", "vendors");
		web_thead(&w, head);
		htmlw_open(&w, "tbody", NULL);
		for (i = 0; i < vs->n; i++) {
			v = &vs->v[i];
			htmlw_open(&w, "tr", NULL);
			web_td(&w, NULL, v->name);
			web_td(&w, NULL, v->service);
			web_td(&w, v->tier == VENDOR_CRITICAL ? "tier-critical" :
			    NULL, vendor_tier_name(v->tier));
			if (v->soc2.have) {
				web_date(v->soc2.end, a, sizeof(a));
				snprintf(s, sizeof(s), "Type %d to %s, %s",
				    v->soc2.type, a,
				    vendor_opinion_name(v->soc2.opinion));
				web_td(&w, v->soc2.end < p->now ? "late" : NULL,
				    s);
			} else
				web_td(&w, NULL, "-");
			if (v->iso.have) {
				web_date(v->iso.expires, a, sizeof(a));
				snprintf(s, sizeof(s), "expires %s", a);
				web_td(&w, v->iso.expires < p->now ? "late" :
				    NULL, s);
			} else
				web_td(&w, NULL, "-");
			web_date(v->dpa ? v->dpa_signed : 0, a, sizeof(a));
			web_td(&w, NULL, a);
			if (v->reviewed) {
				web_date(v->last_review, a, sizeof(a));
				due = v->last_review + v->review_every;
				web_date(due, b, sizeof(b));
				web_td(&w, NULL, a);
				web_td(&w, due < p->now ? "late" : NULL, b);
			} else {
				web_td(&w, NULL, "never");
				web_td(&w, "late", "now");
			}
			htmlw_close(&w);
		}
		htmlw_close(&w);
		htmlw_close(&w);
	}
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}

enum assure_err
page_risks(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Risk", "Description",
	    "Category", "Inherent", "Residual", "Treatment", "Owner",
	    "Controls", "Last reviewed", NULL };
	const struct risks *rs = p->cfg->risks;
	const struct risk *r;
	struct htmlw w;
	char a[16];
	size_t len0 = out->len, i, j, n;
	enum assure_err rc;

	web_begin(&w, p, out, "Risks", "Risks");
	if (rs == NULL || rs->n == 0)
		web_pf(&w, "notice", "No risk register: add risks.yaml or "
		    "risks.csv.");
	else {
		web_date(rs->assessed_at, a, sizeof(a));
		web_pf(&w, "summary", "Assessed %s by %s; appetite %d.", a,
		    rs->assessed_by != NULL ? rs->assessed_by : "-",
		    p->cfg->risk.appetite);
		htmlw_open(&w, "table", "risks");
		web_thead(&w, head);
		htmlw_open(&w, "tbody", NULL);
		for (i = 0; i < rs->n; i++) {
			r = &rs->r[i];
			htmlw_open(&w, "tr", NULL);
			web_td(&w, NULL, r->id);
			web_td(&w, NULL, r->description);
			web_td(&w, NULL, r->category);
			web_tdf(&w, "n", "%d", risk_inherent(r));
			web_tdf(&w, risk_residual(r) > p->cfg->risk.appetite ?
			    "late" : "n", "%d", risk_residual(r));
			if (r->accepted_by != NULL)
				web_tdf(&w, NULL, "%s (by %s)",
				    risk_treatment_name(r->treatment),
				    r->accepted_by);
			else
				web_td(&w, NULL,
				    risk_treatment_name(r->treatment));
			web_td(&w, NULL, r->owner);
			htmlw_open(&w, "td", NULL);
			for (j = 0, n = 0; j < r->ncontrols; j++) {
				char href[WEB_HREF_MAX];

				if (n++ > 0)
					htmlw_text(&w, ", ");
				web_href(href, sizeof(href), "/controls/",
				    r->controls[j], NULL);
				web_link(&w, href, r->controls[j]);
			}
			htmlw_close(&w);
			web_date(r->last_reviewed, a, sizeof(a));
			web_td(&w, NULL, a);
			htmlw_close(&w);
		}
		htmlw_close(&w);
		htmlw_close(&w);
	}
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}

enum assure_err
page_incidents(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Incident", "Title", "Severity",
	    "Source", "Detected", "Escalated", "Resolved", NULL };
	struct test_ctx ctx;
	struct incs l;
	const struct inc *x;
	struct htmlw w;
	char a[ASSURE_TIME_STRLEN], s[300];
	size_t len0 = out->len, i;
	enum assure_err rc;

	memset(&ctx, 0, sizeof(ctx));
	memset(&l, 0, sizeof(l));
	ctx.store = p->store;
	ctx.cfg = p->cfg;
	ctx.as_of = p->now;
	rc = incs_load(&ctx, &l, d);
	if (rc != ASSURE_OK) {
		incs_release(&l);
		return web_fail(out, len0, rc);
	}
	web_begin(&w, p, out, "Incidents", "Incidents");
	if (l.n == 0)
		web_pf(&w, "notice", "No incident: none in incidents.yaml "
		    "and none ingested.");
	else {
		htmlw_open(&w, "table", "incidents");
		web_thead(&w, head);
		htmlw_open(&w, "tbody", NULL);
		for (i = 0; i < l.n; i++) {
			x = &l.v[i];
			htmlw_open(&w, "tr", NULL);
			web_td(&w, "subject", x->subject);
			web_td(&w, NULL, x->title[0] != '\0' ? x->title : "-");
			if (x->severity > 0)
				web_tdf(&w, x->severity <= 2 ? "sev-high" :
				    "n", "%d", x->severity);
			else
				web_td(&w, "n", "-");
			if (x->system[0] != '\0')
				snprintf(s, sizeof(s), "%s %s", x->system,
				    x->key);
			else
				snprintf(s, sizeof(s), "register");
			web_td(&w, NULL, s);
			web_date(x->detected, a, sizeof(a));
			web_td(&w, NULL, a);
			web_date(x->escalated, a, sizeof(a));
			web_td(&w, NULL, a);
			web_date(x->resolved, a, sizeof(a));
			web_td(&w, x->resolved == 0 ? "late" : NULL,
			    x->resolved == 0 ? "open" : a);
			htmlw_close(&w);
		}
		htmlw_close(&w);
		htmlw_close(&w);
	}
	incs_release(&l);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
