/*
 * sysdesc.c: the system description in Markdown, HTML and JSON, and what
 * it reads from the workspace (see sysdesc.h).
 *
 * The incidents are merged as the incident tests merge them
 * (rules/tests_incident.c): an incidents.yaml entry naming a source
 * (jira:KEY, pagerduty:ID) adds to that evidence incident, its values
 * winning; one naming none is an incident of its own.
 *
 * CONTROL: tsc:CC2.1 tsc:CC2.3 -- the description states the system,
 * its boundary, commitments, incidents and changes for user entities.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "policy/approval.h"
#include "report/diagram.h"
#include "report/scoping.h"
#include "report/sysdesc.h"
#include "rules/inclist.h"

#define SYSDESC_IDS_MAX		1024

/* ---------------------------------------------------------------- load */

static struct sysdesc_incident *
inc_new(struct sysdesc_data *sd)
{
	struct sysdesc_incident *nv;
	size_t cap;

	if (sd->nincidents == sd->cap) {
		if (sd->nincidents >= SYSDESC_INCIDENTS_MAX)
			return NULL;
		cap = sd->cap == 0 ? 32 : sd->cap * 2;
		nv = reallocarray(sd->incidents, cap, sizeof(*nv));
		if (nv == NULL)
			return NULL;
		sd->incidents = nv;
		sd->cap = cap;
	}
	nv = &sd->incidents[sd->nincidents++];
	memset(nv, 0, sizeof(*nv));
	nv->customer_impact = -1;
	return nv;
}

static int
inc_cmp(const void *a, const void *b)
{
	const struct sysdesc_incident *x = a, *y = b;

	if (x->detected != y->detected)
		return x->detected < y->detected ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The incidents the incident tests see (rules/inclist.h), as of now or
 * the period's end if later (an incident of the period may have been
 * pulled after it ended); kept: severity 1 or 2 detected in the period. */
static enum assure_err
load_incidents(const struct workspace *ws, int64_t start, int64_t end,
    struct sysdesc_data *sd, struct assure_diag *d)
{
	const struct inc *y;
	struct sysdesc_incident *x;
	struct test_ctx ctx;
	struct incs l;
	int64_t now = assure_now();
	enum assure_err rc;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.store = ws->store;
	ctx.cfg = &ws->cfg;
	ctx.as_of = now > end ? now : end;
	if ((rc = incs_load(&ctx, &l, d)) != ASSURE_OK) {
		incs_release(&l);
		return rc;
	}
	sd->incident_sources = l.n > 0 || (ws->cfg.incidents != NULL &&
	    ws->cfg.incidents->present);
	for (i = 0; i < l.n; i++) {
		y = &l.v[i];
		if ((y->severity != 1 && y->severity != 2) ||
		    y->detected == 0 || y->detected < start ||
		    y->detected > end)
			continue;
		if ((x = inc_new(sd)) == NULL) {
			incs_release(&l);
			return assure_diag_set(d, sd->nincidents >=
			    SYSDESC_INCIDENTS_MAX ? ASSURE_ERR_LIMIT :
			    ASSURE_ERR_NOMEM, NULL, 0, 0, NULL, "too many "
			    "incidents, or out of memory");
		}
		assure_strlcpy(x->system, y->system, sizeof(x->system));
		assure_strlcpy(x->key, y->key, sizeof(x->key));
		assure_strlcpy(x->id, y->subject, sizeof(x->id));
		assure_strlcpy(x->title, y->title, sizeof(x->title));
		x->severity = y->severity;
		x->detected = y->detected;
		x->resolved = y->resolved;
		if (y->reg != NULL)
			x->customer_impact = y->reg->customer_impact;
	}
	incs_release(&l);
	if (sd->nincidents > 1)
		qsort(sd->incidents, sd->nincidents, sizeof(*sd->incidents),
		    inc_cmp);
	return ASSURE_OK;
}

static int
appr_cmp(const void *a, const void *b)
{
	const struct sysdesc_approval *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->policy, y->policy);
}

/* Approvals made in the period, each judged against the one before it. */
static enum assure_err
load_approvals(const struct workspace *ws, int64_t start, int64_t end,
    struct sysdesc_data *sd, struct assure_diag *d)
{
	struct policy_approvals a;
	const struct policy_approval_row *r, *prev;
	struct sysdesc_approval *x;
	enum assure_err rc;
	size_t i, n = 0;

	memset(&a, 0, sizeof(a));
	rc = policy_approvals_load(ws->store, INT64_MAX, &a, d);
	if (rc != ASSURE_OK)
		goto out;
	for (i = 0; i < a.n; i++)
		if (a.v[i].at >= start && a.v[i].at <= end)
			n++;
	if (n == 0)
		goto out;
	sd->approvals = calloc(n, sizeof(*sd->approvals));
	if (sd->approvals == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, NULL, 0, 0, NULL,
		    "out of memory");
		goto out;
	}
	/* The rows are by policy, then time. */
	for (i = 0; i < a.n; i++) {
		r = &a.v[i];
		if (r->at < start || r->at > end)
			continue;
		prev = i > 0 && strcmp(a.v[i - 1].id, r->id) == 0 ?
		    &a.v[i - 1] : NULL;
		x = &sd->approvals[sd->napprovals++];
		assure_strlcpy(x->policy, r->id, sizeof(x->policy));
		assure_strlcpy(x->by, r->by, sizeof(x->by));
		assure_strlcpy(x->sha, r->sha, sizeof(x->sha));
		x->at = r->at;
		x->kind = prev == NULL ? SYSDESC_FIRST_APPROVAL :
		    strcmp(prev->sha, r->sha) != 0 ? SYSDESC_NEW_VERSION :
		    SYSDESC_REAPPROVAL;
	}
	qsort(sd->approvals, sd->napprovals, sizeof(*sd->approvals),
	    appr_cmp);
out:
	policy_approvals_release(&a);
	return rc;
}

enum assure_err
sysdesc_load(const struct workspace *ws, const struct assure_catalog *cat,
    int64_t start, int64_t end, struct sysdesc_data *ret,
    struct assure_diag *d)
{
	char path[WORKSPACE_PATH_MAX];
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	control_set_init(&ret->controls);
	rc = scope_load_workspace(ws->root, cat, &ret->scope, d);
	if (rc != ASSURE_OK)
		return rc;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", ws->root,
	    CONTROLS_DIR) >= sizeof(path))
		return assure_diag_set(d, ASSURE_ERR_LIMIT, ws->root, 0, 0,
		    NULL, "path too long");
	rc = controls_load_dir(&ret->controls, path, cat, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = load_incidents(ws, start, end, ret, d);
	if (rc != ASSURE_OK)
		return rc;
	return load_approvals(ws, start, end, ret, d);
}

void
sysdesc_data_release(struct sysdesc_data *sd)
{
	scope_free(sd->scope);
	sd->scope = NULL;
	control_set_release(&sd->controls);
	free(sd->incidents);
	sd->incidents = NULL;
	sd->nincidents = sd->cap = 0;
	free(sd->approvals);
	sd->approvals = NULL;
	sd->napprovals = 0;
}

/* ---------------------------------------------------------------- helpers */

static void
merge_err(struct assure_buf *out, const struct assure_buf *b)
{
	if (assure_buf_err(b) != ASSURE_OK && out->err == ASSURE_OK)
		out->err = assure_buf_err(b);
}

/* The in-scope ids of a criteria list, comma-separated, or "-". */
static void
ids_text(const struct scope_criteria *cr, unsigned categories, char *out,
    size_t size)
{
	size_t i, l, n = 0;

	out[0] = '\0';
	for (i = 0; i < cr->n; i++) {
		if (!scope_in_scope(cr->v[i], categories))
			continue;
		l = strlen(out);
		snprintf(out + l, size - l, "%s%s", n++ > 0 ? ", " : "",
		    cr->v[i]->id);
	}
	if (n == 0)
		assure_strlcpy(out, "-", size);
}

/* Whether control c addresses criterion t. */
static bool
addresses(const struct control *c, const struct assure_tsc_criterion *t)
{
	size_t i;

	for (i = 0; i < c->ntsc; i++)
		if (c->tsc[i] == t)
			return true;
	return false;
}

static size_t
controls_for(const struct sysdesc *sd, const struct assure_tsc_criterion *t)
{
	size_t i, n = 0;

	for (i = 0; sd->controls != NULL && i < sd->controls->n; i++)
		if (addresses(&sd->controls->v[i], t))
			n++;
	return n;
}

/* "ACC-01 Title; CHG-02 Title (planned)" for a criterion, in b. */
static void
controls_text(const struct sysdesc *sd, const struct assure_tsc_criterion *t,
    struct assure_buf *b)
{
	const struct control *c;
	size_t i, n = 0;

	assure_buf_reset(b);
	for (i = 0; sd->controls != NULL && i < sd->controls->n; i++) {
		c = &sd->controls->v[i];
		if (!addresses(c, t))
			continue;
		assure_buf_printf(b, "%s%s %s", n++ > 0 ? "; " : "", c->id,
		    c->title);
		if (c->status != CONTROL_IMPLEMENTED)
			assure_buf_printf(b, " (%s)",
			    control_status_name(c->status));
	}
}

/* The vendor of the register named like a sub-service organisation. */
static const struct vendor *
vendor_of(const struct sysdesc *sd, const char *name)
{
	size_t i;

	for (i = 0; sd->vendors != NULL && i < sd->vendors->n; i++)
		if (strcasecmp(sd->vendors->v[i].name, name) == 0)
			return &sd->vendors->v[i];
	return NULL;
}

static const char *
approval_kind_text(enum sysdesc_approval_kind k)
{
	switch (k) {
	case SYSDESC_FIRST_APPROVAL:
		return "first approved";
	case SYSDESC_NEW_VERSION:
		return "new version approved";
	case SYSDESC_REAPPROVAL:
		return "re-approved unchanged";
	}
	return "approved";
}

static const char *
impact_text(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : "not recorded";
}

/* The diagrams, laid out unless the caller says not to. */
struct diagrams {
	struct diagram	arch;
	struct diagram	flows;
};

static void
diagrams_make(const struct sysdesc *sd, struct diagrams *dg)
{
	diagram_init(&dg->arch);
	diagram_init(&dg->flows);
	diagram_architecture(sd->scope, sd->cfg->system, &dg->arch);
	diagram_flows(sd->scope, sd->cfg->system, &dg->flows);
	if (sd->no_layout) {
		assure_strlcpy(dg->arch.note, "not laid out",
		    sizeof(dg->arch.note));
		assure_strlcpy(dg->flows.note, "not laid out",
		    sizeof(dg->flows.note));
		return;
	}
	(void)diagram_render(&dg->arch);
	if (dg->flows.dot.len > 0)
		(void)diagram_render(&dg->flows);
}

static void
diagrams_free(struct diagrams *dg)
{
	diagram_release(&dg->arch);
	diagram_release(&dg->flows);
}

/* ---------------------------------------------------------------- JSON */

static void
json_diagram(struct jsonw *w, const struct diagram *dg)
{
	jsonw_obj_open(w);
	jsonw_key(w, "dot");
	if (dg->dot.len > 0)
		jsonw_strn(w, dg->dot.data, dg->dot.len);
	else
		jsonw_null(w);
	jsonw_key(w, "svg");
	if (dg->svg != NULL)
		jsonw_strn(w, dg->svg, dg->svglen);
	else
		jsonw_null(w);
	jsonw_key(w, "note");
	jsonw_str_or_null(w, dg->note[0] != '\0' ? dg->note : NULL);
	jsonw_obj_close(w);
}

static void
json_date(struct jsonw *w, const char *key, int64_t t)
{
	char s[ASSURE_TIME_STRLEN];

	assure_date_format(t, s);
	jsonw_kstr(w, key, s);
}

static void
sysdesc_json(const struct sysdesc *sd, const struct diagrams *dg,
    struct assure_buf *out)
{
	const struct scope *sc = sd->scope;
	const struct assure_tsc_criterion *c;
	const struct control *ctl;
	const struct vendor *vd;
	unsigned cats = sd->cfg->categories, k;
	struct jsonw w;
	size_t i, j, it;
	bool in;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "organisation", sd->cfg->organisation);
	jsonw_kstr(&w, "system", sd->cfg->system);
	jsonw_ktime(&w, "generated_at", sd->generated, true);
	jsonw_key(&w, "period");
	jsonw_obj_open(&w);
	json_date(&w, "start", sd->start);
	json_date(&w, "end", sd->end);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc1_services");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "description", sc->description);
	jsonw_key(&w, "services");
	scoping_json_items(&w, sc->services, sc->nservices, false);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc2_commitments");
	jsonw_obj_open(&w);
	jsonw_key(&w, "commitments");
	scoping_json_strings(&w, sc->commitments, sc->ncommitments);
	jsonw_key(&w, "system_requirements");
	scoping_json_strings(&w, sc->requirements, sc->nrequirements);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc3_components");
	jsonw_obj_open(&w);
	scoping_json_boundary(&w, sc);
	jsonw_key(&w, "actors");
	scoping_json_items(&w, sc->actors, sc->nactors, false);
	jsonw_key(&w, "flows");
	jsonw_arr_open(&w);
	for (i = 0; i < sc->nflows; i++) {
		jsonw_obj_open(&w);
		jsonw_kint(&w, "number", (long long)i + 1);
		jsonw_kstr(&w, "from", sc->flows[i].from.name);
		jsonw_kstr(&w, "to", sc->flows[i].to.name);
		jsonw_kstr(&w, "data", sc->flows[i].data);
		jsonw_key(&w, "protocol");
		jsonw_str_or_null(&w, sc->flows[i].protocol);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "diagrams");
	jsonw_obj_open(&w);
	jsonw_key(&w, "architecture");
	json_diagram(&w, &dg->arch);
	jsonw_key(&w, "data_flows");
	json_diagram(&w, &dg->flows);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc4_incidents");
	jsonw_obj_open(&w);
	jsonw_kbool(&w, "sources", sd->incident_sources);
	jsonw_key(&w, "incidents");
	jsonw_arr_open(&w);
	for (i = 0; i < sd->nincidents; i++) {
		const struct sysdesc_incident *x = &sd->incidents[i];

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", x->id);
		jsonw_key(&w, "title");
		jsonw_str_or_null(&w, x->title[0] != '\0' ? x->title : NULL);
		jsonw_kint(&w, "severity", x->severity);
		jsonw_ktime(&w, "detected", x->detected, x->detected != 0);
		jsonw_ktime(&w, "resolved", x->resolved, x->resolved != 0);
		jsonw_key(&w, "customer_impact");
		if (x->customer_impact < 0)
			jsonw_null(&w);
		else
			jsonw_bool(&w, x->customer_impact == 1);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc5_criteria");
	jsonw_obj_open(&w);
	jsonw_kbool(&w, "controls_read", sd->controls != NULL);
	jsonw_key(&w, "categories");
	jsonw_arr_open(&w);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		in = (cats & scope_category_bit(
		    (enum assure_tsc_category)k)) != 0;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", assure_catalog_category_name(
		    (enum assure_tsc_category)k));
		jsonw_kbool(&w, "in_scope", in);
		jsonw_key(&w, "reason");
		jsonw_str_or_null(&w, in ? NULL : sc->category_reason[k]);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "criteria");
	jsonw_arr_open(&w);
	it = 0;
	ASSURE_CATALOG_TSC_FOREACH(sd->cat, ASSURE_TSC_ANY, it, c) {
		if (!scope_in_scope(c, cats))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", c->id);
		jsonw_kstr(&w, "summary", c->summary);
		jsonw_key(&w, "controls");
		jsonw_arr_open(&w);
		for (i = 0; sd->controls != NULL && i < sd->controls->n; i++) {
			ctl = &sd->controls->v[i];
			if (!addresses(ctl, c))
				continue;
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "id", ctl->id);
			jsonw_kstr(&w, "title", ctl->title);
			jsonw_kstr(&w, "status",
			    control_status_name(ctl->status));
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc6_cuecs");
	jsonw_arr_open(&w);
	for (i = 0; i < sc->ncuecs; i++) {
		if (!scoping_cuec_in_scope(&sc->cuecs[i], cats))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "description", sc->cuecs[i].description);
		jsonw_key(&w, "criteria");
		scoping_json_criteria(&w, &sc->cuecs[i].criteria, cats);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);

	jsonw_key(&w, "dc7_subservice_organisations");
	jsonw_arr_open(&w);
	for (i = 0; i < sc->nsubservices; i++) {
		const struct scope_subservice *o = &sc->subservices[i];

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", o->name);
		jsonw_kstr(&w, "service", o->service);
		jsonw_kstr(&w, "method", scope_method_name(o->method));
		jsonw_key(&w, "criteria");
		scoping_json_criteria(&w, &o->criteria, cats);
		jsonw_key(&w, "csocs");
		scoping_json_strings(&w, o->csocs, o->ncsocs);
		jsonw_key(&w, "vendor_csocs");
		jsonw_arr_open(&w);
		vd = vendor_of(sd, o->name);
		for (j = 0; vd != NULL && j < vd->ncsocs; j++) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "description",
			    vd->csocs[j].description);
			jsonw_key(&w, "control");
			jsonw_str_or_null(&w, vd->csocs[j].control);
			ctl = vd->csocs[j].control != NULL &&
			    sd->controls != NULL ? controls_find(sd->controls,
			    vd->csocs[j].control) : NULL;
			jsonw_key(&w, "control_title");
			jsonw_str_or_null(&w, ctl != NULL ? ctl->title : NULL);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);

	jsonw_key(&w, "dc8_not_relevant");
	jsonw_obj_open(&w);
	jsonw_key(&w, "without_control");
	jsonw_arr_open(&w);
	it = 0;
	ASSURE_CATALOG_TSC_FOREACH(sd->cat, ASSURE_TSC_ANY, it, c)
		if (scope_in_scope(c, cats) && sd->controls != NULL &&
		    controls_for(sd, c) == 0)
			jsonw_str(&w, c->id);
	jsonw_arr_close(&w);
	jsonw_key(&w, "excluded_categories");
	jsonw_arr_open(&w);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (cats & scope_category_bit((enum assure_tsc_category)k))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", assure_catalog_category_name(
		    (enum assure_tsc_category)k));
		jsonw_kint(&w, "criteria", (long long)assure_catalog_tsc_count(
		    sd->cat, (enum assure_tsc_category)k));
		jsonw_key(&w, "reason");
		jsonw_str_or_null(&w, sc->category_reason[k]);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);

	jsonw_key(&w, "dc9_changes");
	jsonw_obj_open(&w);
	jsonw_key(&w, "declared");
	jsonw_arr_open(&w);
	for (i = 0; i < sc->nchanges; i++) {
		if (sc->changes[i].date < sd->start ||
		    sc->changes[i].date > sd->end)
			continue;
		jsonw_obj_open(&w);
		json_date(&w, "date", sc->changes[i].date);
		jsonw_kstr(&w, "description", sc->changes[i].description);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "policy_approvals");
	jsonw_arr_open(&w);
	for (i = 0; i < sd->napprovals; i++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "policy", sd->approvals[i].policy);
		jsonw_kstr(&w, "by", sd->approvals[i].by);
		jsonw_ktime(&w, "at", sd->approvals[i].at, true);
		jsonw_kstr(&w, "body_sha256", sd->approvals[i].sha);
		jsonw_kstr(&w, "kind",
		    approval_kind_text(sd->approvals[i].kind));
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
}

/* ---------------------------------------------------------------- document */

/* A diagram: the drawing in HTML, the DOT source in Markdown. */
static void
doc_diagram(struct doc *d, const struct diagram *dg, const char *caption)
{
	if (d->fmt == DOC_HTML) {
		if (dg->svg != NULL)
			doc_figure_svg(d, dg->svg, dg->svglen, caption);
		else
			doc_note(d, "%s: the diagram could not be drawn (%s). "
			    "Its graphviz source is in the Markdown and JSON "
			    "forms of this report.", caption, dg->note);
		return;
	}
	doc_note(d, "%s, as graphviz source; the HTML form of this report "
	    "has the drawing.", caption);
	doc_code_block(d, "dot", assure_buf_str(&dg->dot));
}

static void
dc3(const struct sysdesc *sd, const struct diagrams *dg, struct doc *d)
{
	static const char *const out_cols[] = { "Outside the boundary",
	    "Reason" };
	static const char *const flow_cols[] = { "#", "From", "To", "Data",
	    "Protocol" };
	const struct scope *sc = sd->scope;
	unsigned k;
	size_t i;

	doc_heading(d, 2, "DC3. Components of the system");
	doc_para(d, "The system is made up of the infrastructure, software, "
	    "people, procedures and data below, all inside the boundary of "
	    "this description. The diagram shows them grouped by kind, the "
	    "parties that use the system and the sub-service organisations "
	    "it relies on, which are outside the boundary.");
	doc_diagram(d, &dg->arch, "Figure 1. System architecture and "
	    "boundary");
	for (k = 0; k < SCOPE_COMPONENT__MAX; k++) {
		doc_heading(d, 3, "DC3.%u %s", k + 1, scope_component_title(
		    (enum scope_component)k));
		scoping_doc_items_table(d, "Component", sc->components[k],
		    sc->ncomponents[k], k == SCOPE_DATA);
	}
	doc_heading(d, 3, "DC3.6 Data flows");
	if (sc->nflows == 0)
		doc_para(d, "No data flows are declared (flows: in "
		    "scope.yaml).");
	else {
		if (sc->nactors > 0) {
			doc_para(d, "Parties outside the system that send or "
			    "receive its data:");
			scoping_doc_items_table(d, "Party", sc->actors, sc->nactors,
			    false);
		}
		doc_para(d, "How data enters, moves through and leaves the "
		    "system. The numbers match the diagram.");
		doc_table_begin(d, "num", flow_cols,
		    ASSURE_ARRAY_LEN(flow_cols));
		for (i = 0; i < sc->nflows; i++) {
			doc_cell(d, "%zu", i + 1);
			doc_cell(d, "%s", sc->flows[i].from.name);
			doc_cell(d, "%s", sc->flows[i].to.name);
			doc_cell(d, "%s", sc->flows[i].data);
			doc_cell(d, "%s", sc->flows[i].protocol != NULL ?
			    sc->flows[i].protocol : "-");
		}
		doc_table_end(d);
		doc_diagram(d, &dg->flows, "Figure 2. Data flows");
	}
	doc_heading(d, 3, "DC3.7 Outside the boundary");
	if (sc->noutside == 0)
		doc_para(d, "Nothing is declared outside the boundary.");
	else {
		doc_table_begin(d, "items", out_cols,
		    ASSURE_ARRAY_LEN(out_cols));
		for (i = 0; i < sc->noutside; i++) {
			doc_cell(d, "%s", sc->outside[i].name);
			doc_cell(d, "%s", sc->outside[i].reason);
		}
		doc_table_end(d);
	}
	doc_heading(d, 3, "DC3.8 Locations");
	if (sc->nlocations == 0)
		doc_para(d, "No locations are declared.");
	else
		scoping_doc_items_table(d, "Location", sc->locations, sc->nlocations,
		    false);
}

static void
dc4(const struct sysdesc *sd, struct doc *d)
{
	static const char *const cols[] = { "Incident", "Severity",
	    "Detected", "Resolved", "Customer impact" };
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	size_t i;

	doc_heading(d, 2, "DC4. Significant incidents");
	doc_para(d, "System incidents of severity 1 or 2 detected during the "
	    "period, whether or not they resulted from a failure of "
	    "controls, from the incident evidence and the incident register.");
	if (!sd->incident_sources) {
		doc_para(d, "None: no incident evidence was ingested and there "
		    "is no incident register (incidents.yaml), so no "
		    "incident can be reported.");
		return;
	}
	if (sd->nincidents == 0) {
		doc_para(d, "None: no incident of severity 1 or 2 was detected "
		    "during the period.");
		return;
	}
	doc_table_begin(d, NULL, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < sd->nincidents; i++) {
		const struct sysdesc_incident *x = &sd->incidents[i];

		if (x->title[0] != '\0')
			doc_cell(d, "%s: %s", x->id, x->title);
		else
			doc_cell(d, "%s", x->id);
		doc_cell(d, "%d", x->severity);
		assure_time_format(x->detected, t1);
		doc_cell(d, "%s", t1);
		if (x->resolved != 0) {
			assure_time_format(x->resolved, t2);
			doc_cell(d, "%s", t2);
		} else
			doc_cell_class(d, "open", "%s", "not resolved");
		doc_cell(d, "%s", impact_text(x->customer_impact));
	}
	doc_table_end(d);
}

static void
dc5(const struct sysdesc *sd, struct doc *d, struct assure_buf *tmp)
{
	static const char *const cat_cols[] = { "Category", "In scope",
	    "Criteria", "Reason if not in scope" };
	static const char *const crit_cols[] = { "Criterion", "Summary",
	    "Controls" };
	const struct scope *sc = sd->scope;
	const struct assure_tsc_criterion *c;
	const char *group = NULL;
	unsigned cats = sd->cfg->categories, k;
	size_t it;
	bool in;

	doc_heading(d, 2, "DC5. Trust services criteria and related controls");
	doc_para(d, "The categories of the Trust Services Criteria (2017, "
	    "revised points of focus 2022) in scope, and for each criterion "
	    "the controls of %s designed to meet it. Criterion summaries "
	    "are in assure's own words; the AICPA text governs.",
	    sd->cfg->organisation);
	doc_table_begin(d, NULL, cat_cols, ASSURE_ARRAY_LEN(cat_cols));
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		in = (cats & scope_category_bit(
		    (enum assure_tsc_category)k)) != 0;
		doc_cell(d, "%s", assure_catalog_category_title(
		    (enum assure_tsc_category)k));
		doc_cell_class(d, in ? "in" : "out", "%s", in ? "yes" : "no");
		doc_cell(d, "%zu", assure_catalog_tsc_count(sd->cat,
		    (enum assure_tsc_category)k));
		if (in)
			doc_cell(d, "%s", "");
		else
			doc_cell(d, "%s", sc->category_reason[k] != NULL ?
			    sc->category_reason[k] : "No reason recorded.");
	}
	doc_table_end(d);
	if (sd->controls == NULL || sd->controls->n == 0)
		doc_note(d, "No controls are defined in controls/: the "
		    "criteria below have no control to show.");
	it = 0;
	ASSURE_CATALOG_TSC_FOREACH(sd->cat, ASSURE_TSC_ANY, it, c) {
		if (!scope_in_scope(c, cats))
			continue;
		if (group == NULL || strcmp(group, c->group) != 0) {
			if (group != NULL)
				doc_table_end(d);
			doc_heading(d, 3, "%s %s (%s)", c->group,
			    c->group_name, assure_catalog_category_title(
			    c->category));
			doc_table_begin(d, "crit", crit_cols,
			    ASSURE_ARRAY_LEN(crit_cols));
			group = c->group;
		}
		doc_cell(d, "%s", c->id);
		doc_cell(d, "%s", c->summary);
		controls_text(sd, c, tmp);
		if (tmp->len == 0)
			doc_cell_class(d, "gap", "%s", "None (see DC8)");
		else
			doc_cell(d, "%s", assure_buf_str(tmp));
	}
	if (group != NULL)
		doc_table_end(d);
}

static void
dc6(const struct sysdesc *sd, struct doc *d)
{
	static const char *const cols[] = { "#",
	    "Complementary user entity control", "Criteria" };
	const struct scope *sc = sd->scope;
	unsigned cats = sd->cfg->categories;
	char ids[SYSDESC_IDS_MAX];
	size_t i, n;

	doc_heading(d, 2, "DC6. Complementary user entity controls");
	for (i = n = 0; i < sc->ncuecs; i++)
		if (scoping_cuec_in_scope(&sc->cuecs[i], cats))
			n++;
	if (n == 0) {
		doc_para(d, "None: the criteria can be met by the controls of "
		    "%s alone.", sd->cfg->organisation);
		return;
	}
	doc_para(d, "The system is designed on the assumption that user "
	    "entities carry out the controls below. The criteria they bear "
	    "on can be met only if they do; user entities should check "
	    "that they have them in place.");
	doc_table_begin(d, "num", cols, ASSURE_ARRAY_LEN(cols));
	for (i = n = 0; i < sc->ncuecs; i++) {
		if (!scoping_cuec_in_scope(&sc->cuecs[i], cats))
			continue;
		doc_cell(d, "CUEC-%zu", ++n);
		doc_cell(d, "%s", sc->cuecs[i].description);
		ids_text(&sc->cuecs[i].criteria, cats, ids, sizeof(ids));
		doc_cell(d, "%s", ids);
	}
	doc_table_end(d);
}

static void
dc7(const struct sysdesc *sd, struct doc *d)
{
	static const char *const cols[] = { "Organisation", "Service",
	    "Method", "Criteria" };
	static const char *const csoc_cols[] = { "#",
	    "Complementary control expected of the organisation" };
	static const char *const vcols[] = { "#",
	    "What the organisation expects of us", "Our control" };
	const struct scope *sc = sd->scope;
	const struct vendor *vd;
	const struct control *ctl;
	unsigned cats = sd->cfg->categories;
	char ids[SYSDESC_IDS_MAX];
	size_t i, j;

	doc_heading(d, 2, "DC7. Sub-service organisations");
	if (sc->nsubservices == 0) {
		doc_para(d, "None: no sub-service organisation runs part of "
		    "the system.");
		return;
	}
	doc_para(d, "Under the carve-out method the organisation's controls "
	    "are excluded from this description and the examination, and the "
	    "complementary controls expected of it (CSOCs) are stated; under "
	    "the inclusive method its controls are described and tested with "
	    "those of %s.", sd->cfg->organisation);
	doc_table_begin(d, NULL, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < sc->nsubservices; i++) {
		const struct scope_subservice *o = &sc->subservices[i];

		doc_cell(d, "%s", o->name);
		doc_cell(d, "%s", o->service);
		doc_cell(d, "%s", o->method == SCOPE_CARVE_OUT ? "Carve-out" :
		    "Inclusive");
		ids_text(&o->criteria, cats, ids, sizeof(ids));
		doc_cell(d, "%s", ids);
	}
	doc_table_end(d);
	for (i = 0; i < sc->nsubservices; i++) {
		const struct scope_subservice *o = &sc->subservices[i];

		vd = vendor_of(sd, o->name);
		doc_heading(d, 3, "%s", o->name);
		if (o->ncsocs == 0)
			doc_para(d, "No complementary sub-service organisation "
			    "controls are stated.");
		else {
			doc_table_begin(d, "num", csoc_cols,
			    ASSURE_ARRAY_LEN(csoc_cols));
			for (j = 0; j < o->ncsocs; j++) {
				doc_cell(d, "CSOC-%zu.%zu", i + 1, j + 1);
				doc_cell(d, "%s", o->csocs[j]);
			}
			doc_table_end(d);
		}
		if (vd == NULL || vd->ncsocs == 0)
			continue;
		doc_para(d, "The controls %s expects of its customers, from "
		    "the vendor register, and the control of %s that "
		    "performs each:", o->name, sd->cfg->organisation);
		doc_table_begin(d, "num", vcols, ASSURE_ARRAY_LEN(vcols));
		for (j = 0; j < vd->ncsocs; j++) {
			doc_cell(d, "%zu", j + 1);
			doc_cell(d, "%s", vd->csocs[j].description);
			ctl = vd->csocs[j].control != NULL &&
			    sd->controls != NULL ? controls_find(sd->controls,
			    vd->csocs[j].control) : NULL;
			if (ctl != NULL)
				doc_cell(d, "%s %s", ctl->id, ctl->title);
			else if (vd->csocs[j].control != NULL)
				doc_cell_class(d, "partial", "%s (not in "
				    "controls/)", vd->csocs[j].control);
			else
				doc_cell_class(d, "gap", "%s", "none mapped");
		}
		doc_table_end(d);
	}
}

static void
dc8(const struct sysdesc *sd, struct doc *d)
{
	static const char *const cols[] = { "Criteria", "Why not addressed" };
	const struct scope *sc = sd->scope;
	const struct assure_tsc_criterion *c;
	unsigned cats = sd->cfg->categories, k;
	size_t it, n = 0;

	doc_heading(d, 2, "DC8. Criteria not relevant to the system");
	doc_para(d, "Criteria of the categories left out of scope, and any "
	    "criterion of a category in scope that no control addresses.");
	doc_table_begin(d, "gaps", cols, ASSURE_ARRAY_LEN(cols));
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (cats & scope_category_bit((enum assure_tsc_category)k))
			continue;
		n++;
		doc_cell(d, "All %zu criteria of %s", assure_catalog_tsc_count(
		    sd->cat, (enum assure_tsc_category)k),
		    assure_catalog_category_title(
		    (enum assure_tsc_category)k));
		doc_cell(d, "Category not in scope: %s",
		    sc->category_reason[k] != NULL ? sc->category_reason[k] :
		    "no reason recorded in scope.yaml.");
	}
	it = 0;
	ASSURE_CATALOG_TSC_FOREACH(sd->cat, ASSURE_TSC_ANY, it, c) {
		if (!scope_in_scope(c, cats) || sd->controls == NULL ||
		    controls_for(sd, c) > 0)
			continue;
		n++;
		doc_cell(d, "%s %s", c->id, c->summary);
		doc_cell_class(d, "gap", "%s", "In scope, but no control in "
		    "controls/ addresses it: management must add one or "
		    "state why the criterion is not relevant to the system.");
	}
	if (n == 0) {
		doc_cell(d, "%s", "None");
		doc_cell(d, "%s", "Every category is in scope and every "
		    "criterion is addressed by a control.");
	}
	doc_table_end(d);
}

/* A row of DC9: a declared change or a policy approval. */
struct change_row {
	int64_t	 at;
	int	 approval;	/* 0: sd->scope->changes[i], 1: approvals[i] */
	size_t	 i;
};

static int
change_row_cmp(const void *a, const void *b)
{
	const struct change_row *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->approval != y->approval)
		return x->approval - y->approval;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
dc9(const struct sysdesc *sd, struct doc *d)
{
	static const char *const cols[] = { "Date", "Change", "Source" };
	const struct scope *sc = sd->scope;
	const struct sysdesc_approval *a;
	struct change_row *rows;
	char t[ASSURE_TIME_STRLEN];
	size_t i, n = 0;

	doc_heading(d, 2, "DC9. Significant changes during the period");
	rows = calloc(sc->nchanges + sd->napprovals + 1, sizeof(*rows));
	if (rows == NULL) {
		if (d->out->err == ASSURE_OK)
			d->out->err = ASSURE_ERR_NOMEM;
		return;
	}
	for (i = 0; i < sc->nchanges; i++)
		if (sc->changes[i].date >= sd->start &&
		    sc->changes[i].date <= sd->end)
			rows[n++] = (struct change_row){ sc->changes[i].date,
			    0, i };
	for (i = 0; i < sd->napprovals; i++)
		rows[n++] = (struct change_row){ sd->approvals[i].at, 1, i };
	qsort(rows, n, sizeof(*rows), change_row_cmp);
	if (n == 0) {
		doc_para(d, "None: no change to the system or its controls is "
		    "declared for the period and no policy was approved in "
		    "it.");
	} else {
		doc_para(d, "Changes to the system and to its controls during "
		    "the period: those management declares, and the "
		    "approvals of policy texts recorded in the ledger.");
		doc_table_begin(d, NULL, cols, ASSURE_ARRAY_LEN(cols));
		for (i = 0; i < n; i++) {
			assure_date_format(rows[i].at, t);
			doc_cell(d, "%s", t);
			if (!rows[i].approval) {
				doc_cell(d, "%s",
				    sc->changes[rows[i].i].description);
				doc_cell(d, "%s", "scope.yaml");
				continue;
			}
			a = &sd->approvals[rows[i].i];
			doc_cell(d, "Policy %s %s by %s", a->policy,
			    approval_kind_text(a->kind), a->by);
			doc_cell(d, "ledger (text sha256 %.12s)", a->sha);
		}
		doc_table_end(d);
	}
	free(rows);
	doc_note(d, "Controls added or changed during the period are not "
	    "listed: controls/ does not record when a control was "
	    "introduced. Declare such changes under changes: in "
	    "scope.yaml.");
}

static void
sysdesc_doc(const struct sysdesc *sd, const struct diagrams *dg,
    enum doc_format fmt, struct assure_buf *out)
{
	static const char *const roles[] = { "Prepared by (management)",
	    "Approved by (executive sponsor)" };
	const struct scope *sc = sd->scope;
	unsigned cats = sd->cfg->categories, k;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	char gen[ASSURE_TIME_STRLEN], catlist[256];
	char title[CONFIG_NAME_MAX + 64], sub[CONFIG_NAME_MAX + 128];
	struct assure_buf tmp;
	struct doc d;
	size_t i, n;

	assure_date_format(sd->start, d1);
	assure_date_format(sd->end, d2);
	assure_time_format(sd->generated, gen);
	catlist[0] = '\0';
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(cats & scope_category_bit((enum assure_tsc_category)k)))
			continue;
		n = strlen(catlist);
		snprintf(catlist + n, sizeof(catlist) - n, "%s%s",
		    n > 0 ? ", " : "", assure_catalog_category_title(
		    (enum assure_tsc_category)k));
	}
	snprintf(title, sizeof(title), "%s: description of the system",
	    sd->cfg->system);
	snprintf(sub, sizeof(sub), "Management of %s, for the period %s to "
	    "%s", sd->cfg->organisation, d1, d2);
	assure_buf_init(&tmp, 0);
	doc_init(&d, fmt, out);
	doc_begin(&d, title, sub);
	doc_meta_begin(&d);
	doc_meta(&d, "Service organisation", "%s", sd->cfg->organisation);
	doc_meta(&d, "System", "%s", sd->cfg->system);
	doc_meta(&d, "Period", "%s to %s", d1, d2);
	doc_meta(&d, "Trust services categories", "%s", catlist);
	doc_meta(&d, "Prepared against", "the description criteria for a "
	    "description of a service organisation's system in a SOC 2 "
	    "report (DC 200), DC1 to DC9");
	doc_meta(&d, "Prepared", "%.10s, from the workspace of assure", gen);
	doc_meta_end(&d);
	doc_para(&d, "This description of the %s is prepared by the "
	    "management of %s for user entities and their auditors. It "
	    "follows the description criteria DC1 to DC9, one section each, "
	    "and covers the period %s to %s.", sd->cfg->system,
	    sd->cfg->organisation, d1, d2);

	doc_heading(&d, 2, "DC1. Types of services provided");
	doc_para(&d, "%s", sc->description);
	scoping_doc_items_table(&d, "Service", sc->services, sc->nservices, false);

	doc_heading(&d, 2, "DC2. Principal service commitments and system "
	    "requirements");
	doc_para(&d, "%s commits to its user entities, in its contracts, "
	    "service descriptions and published terms:",
	    sd->cfg->organisation);
	doc_list_begin(&d);
	for (i = 0; i < sc->ncommitments; i++)
		doc_item(&d, NULL, "%s", sc->commitments[i]);
	doc_list_end(&d);
	if (sc->nrequirements > 0) {
		doc_para(&d, "To meet these commitments the system is "
		    "required to:");
		doc_list_begin(&d);
		for (i = 0; i < sc->nrequirements; i++)
			doc_item(&d, NULL, "%s", sc->requirements[i]);
		doc_list_end(&d);
	}

	dc3(sd, dg, &d);
	dc4(sd, &d);
	dc5(sd, &d, &tmp);
	dc6(sd, &d);
	dc7(sd, &d);
	dc8(sd, &d);
	dc9(sd, &d);

	doc_heading(&d, 2, "Sign-off");
	doc_signoff(&d, roles, ASSURE_ARRAY_LEN(roles));
	doc_end(&d, "Generated by assure " ASSURE_VERSION " from the "
	    "workspace files. The description criteria are paraphrased, not "
	    "quoted; criteria summaries are not the AICPA text.");
	doc_release(&d);
	merge_err(out, &tmp);
	assure_buf_free(&tmp);
}

void
report_sysdesc(const struct sysdesc *sd, enum doc_format fmt,
    struct assure_buf *out)
{
	struct diagrams dg;

	diagrams_make(sd, &dg);
	merge_err(out, &dg.arch.dot);
	merge_err(out, &dg.flows.dot);
	if (fmt == DOC_JSON)
		sysdesc_json(sd, &dg, out);
	else
		sysdesc_doc(sd, &dg, fmt, out);
	diagrams_free(&dg);
}
