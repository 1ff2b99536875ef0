/*
 * page_reports.c: /reports (see pages.h), the downloads: the Type 2
 * report and, for a manager or an auditor, the auditor package, each
 * built on request for the observation period (an auditor's: the
 * auditor's own).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "web/web.h"

bool
web_role_can_package(const char *role)
{
	return role != NULL && (strcmp(role, "admin") == 0 ||
	    strcmp(role, "manager") == 0 || strcmp(role, "auditor") == 0);
}

enum assure_err
page_reports(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	struct htmlw w;
	char d1[16], d2[16];
	int64_t start, end;

	start = p->scoped ? p->scope_start : p->cfg->period_start;
	end = p->scoped ? p->scope_end : p->cfg->period_end;
	web_date(start, d1, sizeof(d1));
	web_date(end, d2, sizeof(d2));
	web_begin(&w, p, out, "Reports", "Reports");
	web_pf(&w, NULL, "Each download is built when asked for, over the "
	    "observation period %s to %s%s.", d1, d2, p->scoped ?
	    " (your period as auditor)" : "");
	htmlw_open(&w, "ul", "downloads");
	htmlw_open(&w, "li", NULL);
	web_link(&w, "/reports/type2.html", "SOC 2 Type 2 report (HTML)");
	htmlw_text(&w, ": every control's conclusion over the period, its "
	    "population and sample, seeded by the first ledger checkpoint "
	    "signed after the period's end.");
	htmlw_close(&w);
	if (web_role_can_package(p->role)) {
		htmlw_open(&w, "li", NULL);
		web_link(&w, "/reports/auditor.zip", "Auditor package (ZIP)");
		htmlw_text(&w, ": the reports, the workbook, the evidence "
		    "files, the ledger's key and checkpoints and an inclusion "
		    "proof of each file and evaluation, under a manifest "
		    "signed by the ledger's key.  Check it offline with "
		    "'assure verify FILE.zip --key KEY'.");
		htmlw_close(&w);
	}
	htmlw_close(&w);
	return web_end(&w, p, d);
}
