/*
 * page_reports.c: /reports (see pages.h), the downloads: every report
 * the library renders (report/render.h), each in its formats, and for a
 * manager or an auditor the auditor package, each built on request for
 * the observation period (an auditor's: the auditor's own).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "report/render.h"
#include "web/web.h"

/* Why one would download each kind, beside its name. */
static const struct {
	const char	*kind;
	const char	*title;
	const char	*about;
} about[] = {
	{ "type2", "SOC 2 Type 2 report", "every control's conclusion over "
	    "the period, its population and sample, seeded by the first "
	    "ledger checkpoint signed after the period's end; .xlsx is the "
	    "auditor's workbook." },
	{ "type1", "SOC 2 Type 1 report", "each control's design and its "
	    "state at the end of the period." },
	{ "system-description", "System description", "the description "
	    "criteria DC1 to DC9 over the period." },
	{ "scoping", "Scoping statement", "the system, its boundary and the "
	    "criteria in scope." },
	{ "gap", "Gap analysis", "every criterion in scope and the controls "
	    "addressing it." },
	{ "policies", "Policies", "every policy with its approval." },
	{ "findings", "Remediation report", "the open vulnerability findings "
	    "by severity and age, and what is past its SLA." },
};

bool
web_role_can_package(const char *role)
{
	return role != NULL && (strcmp(role, "admin") == 0 ||
	    strcmp(role, "manager") == 0 || strcmp(role, "auditor") == 0);
}

/* One kind: its title, a link per format, what it holds. */
static void
report_item(struct htmlw *w, const struct report_kind *k)
{
	static const char *const exts[] = { "html", "md", "json", "xlsx" };
	const char *title = k->what, *text = NULL;
	char href[WEB_HREF_MAX];
	size_t i, n = ASSURE_ARRAY_LEN(exts);

	for (i = 0; i < ASSURE_ARRAY_LEN(about); i++)
		if (strcmp(about[i].kind, k->name) == 0) {
			title = about[i].title;
			text = about[i].about;
		}
	if (!(k->flags & REPORT_HAS_WORKBOOK))
		n--;
	htmlw_open(w, "li", NULL);
	htmlw_elem(w, "strong", NULL, title);
	htmlw_text(w, " (");
	for (i = 0; i < n; i++) {
		if (i > 0)
			htmlw_text(w, ", ");
		snprintf(href, sizeof(href), "/reports/%s.%s", k->name,
		    exts[i]);
		web_link(w, href, exts[i]);
	}
	htmlw_text(w, ")");
	if (text != NULL) {
		htmlw_text(w, ": ");
		htmlw_text(w, text);
	}
	htmlw_close(w);
}

enum assure_err
page_reports(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	const struct report_kind *k;
	struct htmlw w;
	char d1[16], d2[16];
	int64_t start, end;
	size_t i;

	start = p->scoped ? p->scope_start : p->cfg->period_start;
	end = p->scoped ? p->scope_end : p->cfg->period_end;
	web_date(start, d1, sizeof(d1));
	web_date(end, d2, sizeof(d2));
	web_begin(&w, p, out, "Reports", "Reports");
	web_pf(&w, NULL, "Each download is built when asked for, over the "
	    "observation period %s to %s%s.", d1, d2, p->scoped ?
	    " (your period as auditor)" : "");
	htmlw_open(&w, "ul", "downloads");
	for (i = 0; (k = report_kind_at(i)) != NULL; i++)
		report_item(&w, k);
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
