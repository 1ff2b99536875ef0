/*
 * render.c: the reports by kind (render.h).  Each kind is one row of
 * kinds[] and one function that loads what the document needs and
 * renders it; later documents are one row and one function each.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "gap/run.h"
#include "report/doc.h"
#include "report/findings.h"
#include "report/gapreport.h"
#include "report/policyreport.h"
#include "report/render.h"
#include "report/scoping.h"
#include "report/sysdesc.h"
#include "report/type1.h"
#include "report/type2.h"
#include "report/workbook.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

/* Render into out; fill d and return the error on failure. */
typedef enum assure_err (*render_fn)(struct workspace *ws,
    const struct report_args *a, enum doc_format fmt, struct assure_buf *out,
    struct assure_diag *d);
/* Write the XLSX workbook to path. */
typedef enum assure_err (*workbook_fn)(struct workspace *ws,
    const struct report_args *a, const char *path, struct assure_diag *d);

static enum assure_err
render_scoping(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	const struct assure_catalog *cat;
	struct scope *s;
	struct scoping sc;
	enum assure_err rc;

	(void)a;
	rc = assure_catalog_get(&cat, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = scope_load_workspace(ws->root, cat, &s, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&sc, 0, sizeof(sc));
	sc.cfg = &ws->cfg;
	sc.scope = s;
	sc.cat = cat;
	sc.generated = assure_now();
	report_scoping(&sc, fmt, out);
	scope_free(s);
	return ASSURE_OK;
}

static enum assure_err
render_gap(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct gap_run run;
	struct gapdoc g;
	enum assure_err rc;

	rc = gap_run(ws->root, &ws->cfg, a->soa, &run, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&g, 0, sizeof(g));
	g.cfg = &ws->cfg;
	g.cat = run.cat;
	g.gap = &run.report;
	g.soa = run.have_soa ? &run.soa : NULL;
	g.soa_digest = run.have_soa ? run.soa_digest : NULL;
	g.controls = run.have_controls ? &run.controls : NULL;
	g.generated = assure_now();
	report_gap(&g, fmt, out);
	gap_run_release(&run);
	return ASSURE_OK;
}

static enum assure_err
render_findings(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct vuln_population p;
	struct findingsdoc fd;
	struct test_ctx tc;
	enum assure_err rc;

	memset(&tc, 0, sizeof(tc));
	tc.store = ws->store;
	tc.cfg = &ws->cfg;
	tc.as_of = a->has_as_of ? a->as_of : assure_now();
	rc = vuln_population_load(&tc, &p, d);
	if (rc == ASSURE_OK) {
		memset(&fd, 0, sizeof(fd));
		fd.cfg = &ws->cfg;
		fd.pop = &p;
		fd.as_of = tc.as_of;
		fd.generated = assure_now();
		report_findings(&fd, fmt, out);
	}
	vuln_population_release(&p);
	return rc;
}

static enum assure_err
render_policies(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct polrepdoc pd;
	struct polrep r;
	enum assure_err rc;

	(void)a;
	rc = polrep_load(ws, &r, d);
	if (rc == ASSURE_OK) {
		memset(&pd, 0, sizeof(pd));
		pd.cfg = &ws->cfg;
		pd.items = r.items;
		pd.n = r.n;
		pd.generated = assure_now();
		report_policies(&pd, fmt, out);
	}
	polrep_release(&r);
	return rc;
}

/* a's period, else the observation period of assure.yaml. */
static void
period_of(const struct workspace *ws, const struct report_args *a,
    int64_t *start, int64_t *end)
{
	*start = a->has_period ? a->start : ws->cfg.period_start;
	*end = a->has_period ? a->end : ws->cfg.period_end;
}

/*
 * Load the Type 2 report into *t (release it with type2_release() and
 * des with design_release() whatever the outcome).
 */
static enum assure_err
type2_of(struct workspace *ws, const struct report_args *a,
    struct design *des, struct type2doc *t, struct assure_diag *d)
{
	int64_t start, end;
	enum assure_err rc;

	memset(des, 0, sizeof(*des));
	memset(t, 0, sizeof(*t));
	period_of(ws, a, &start, &end);
	if ((rc = design_load(ws, des, d)) != ASSURE_OK)
		return rc;
	rc = type2_load(ws->store, ws->ledger, &ws->cfg, &des->controls, start,
	    end, a->checkpoint, a->checkpoint != NULL ? a->checkpoint_len : 0,
	    t, d);
	if (rc != ASSURE_OK && a->checkpoint_source != NULL)
		assure_diag_default_source(d, a->checkpoint_source);
	return rc;
}

static enum assure_err
render_type2(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct design des;
	struct type2doc t;
	enum assure_err rc;

	rc = type2_of(ws, a, &des, &t, d);
	if (rc == ASSURE_OK)
		report_type2(&t, fmt, out);
	type2_release(&t);
	design_release(&des);
	return rc;
}

static enum assure_err
workbook_type2(struct workspace *ws, const struct report_args *a,
    const char *path, struct assure_diag *d)
{
	struct design des;
	struct type2doc t;
	enum assure_err rc;

	rc = type2_of(ws, a, &des, &t, d);
	if (rc == ASSURE_OK)
		rc = workbook_write(&t, path, d);
	type2_release(&t);
	design_release(&des);
	return rc;
}

static enum assure_err
render_type1(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	struct design des;
	struct type1doc t;
	int64_t as_of = ws->cfg.period_end;
	enum assure_err rc;

	if (a->has_as_of) {
		as_of = a->as_of;
		/* A day (YYYY-MM-DD): its state at the end of it. */
		if (a->as_of_day)
			as_of += 86399;
	}
	if ((rc = design_load(ws, &des, d)) != ASSURE_OK)
		return rc;
	rc = type1_load(ws->store, &ws->cfg, &des, as_of, &t, d);
	if (rc == ASSURE_OK)
		report_type1(&t, fmt, out);
	type1_release(&t);
	design_release(&des);
	return rc;
}

static enum assure_err
render_sysdesc(struct workspace *ws, const struct report_args *a,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	const struct assure_catalog *cat;
	struct sysdesc_data data;
	struct sysdesc sd;
	int64_t start, end;
	enum assure_err rc;

	period_of(ws, a, &start, &end);
	rc = assure_catalog_get(&cat, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = sysdesc_load(ws, cat, start, end, &data, d);
	if (rc == ASSURE_OK) {
		memset(&sd, 0, sizeof(sd));
		sd.cfg = &ws->cfg;
		sd.scope = data.scope;
		sd.cat = cat;
		sd.controls = &data.controls;
		sd.vendors = ws->cfg.vendors != NULL &&
		    ws->cfg.vendors->present ? ws->cfg.vendors : NULL;
		sd.start = start;
		sd.end = end;
		sd.generated = assure_now();
		sd.incidents = data.incidents;
		sd.nincidents = data.nincidents;
		sd.incident_sources = data.incident_sources;
		sd.approvals = data.approvals;
		sd.napprovals = data.napprovals;
		report_sysdesc(&sd, fmt, out);
	}
	sysdesc_data_release(&data);
	return rc;
}

static const struct {
	struct report_kind	 k;
	render_fn		 render;
	workbook_fn		 workbook;	/* REPORT_HAS_WORKBOOK */
} kinds[] = {
	{ { "scoping", "the scoping statement", 0 }, render_scoping, NULL },
	{ { "gap", "the gap analysis", REPORT_TAKES_SOA }, render_gap, NULL },
	{ { "findings", "the vulnerability remediation report",
	    REPORT_TAKES_AS_OF }, render_findings, NULL },
	{ { "policies", "the policy set", 0 }, render_policies, NULL },
	{ { "type1", "the Type 1 report", REPORT_TAKES_AS_OF }, render_type1,
	    NULL },
	{ { "type2", "the Type 2 report", REPORT_TAKES_PERIOD |
	    REPORT_TAKES_CHECKPOINT | REPORT_HAS_WORKBOOK }, render_type2,
	    workbook_type2 },
	{ { "system-description", "the system description",
	    REPORT_TAKES_PERIOD }, render_sysdesc, NULL },
};

static size_t
kind_index(const char *name)
{
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(kinds); i++)
		if (strcmp(name, kinds[i].k.name) == 0)
			return i;
	return ASSURE_ARRAY_LEN(kinds);
}

const struct report_kind *
report_kind_at(size_t i)
{
	return i < ASSURE_ARRAY_LEN(kinds) ? &kinds[i].k : NULL;
}

const struct report_kind *
report_kind_find(const char *name)
{
	return report_kind_at(kind_index(name));
}

enum assure_err
report_render(struct workspace *ws, const char *kind,
    const struct report_args *a, enum doc_format fmt, struct assure_buf *out,
    struct assure_diag *d)
{
	static const struct report_args none;
	size_t i = kind_index(kind);

	if (i == ASSURE_ARRAY_LEN(kinds))
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, NULL,
		    "no report '%s'", kind);
	return kinds[i].render(ws, a != NULL ? a : &none, fmt, out, d);
}

enum assure_err
report_workbook(struct workspace *ws, const char *kind,
    const struct report_args *a, const char *path, struct assure_diag *d)
{
	static const struct report_args none;
	size_t i = kind_index(kind);

	if (i == ASSURE_ARRAY_LEN(kinds) || kinds[i].workbook == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, NULL,
		    "no workbook of report '%s'", kind);
	return kinds[i].workbook(ws, a != NULL ? a : &none, path, d);
}

enum assure_err
report_render_bundled(void *arg, struct workspace *ws, const char *kind,
    enum doc_format fmt, struct assure_buf *out, struct assure_diag *d)
{
	return report_render(ws, kind, arg, fmt, out, d);
}
