/*
 * scoping.c: the scoping statement in Markdown, HTML and JSON (see
 * scoping.h).
 *
 * CONTROL: tsc:CC2.1 tsc:CC2.3 -- the statement records the system
 * boundary and the commitments made to user entities.
 */
#include "common/compat.h"

#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "report/scoping.h"

#define SCOPING_IDS_MAX		1024

bool
scoping_cuec_in_scope(const struct scope_cuec *c, unsigned categories)
{
	size_t i;

	if (c->criteria.n == 0)
		return true;
	for (i = 0; i < c->criteria.n; i++)
		if (scope_in_scope(c->criteria.v[i], categories))
			return true;
	return false;
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

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* ---------------------------------------------------------------- JSON */

void
scoping_json_criteria(struct jsonw *w, const struct scope_criteria *cr,
    unsigned categories)
{
	size_t i;

	jsonw_arr_open(w);
	for (i = 0; i < cr->n; i++)
		if (scope_in_scope(cr->v[i], categories))
			jsonw_str(w, cr->v[i]->id);
	jsonw_arr_close(w);
}

void
scoping_json_items(struct jsonw *w, const struct scope_item *v, size_t n,
    bool data)
{
	size_t i;

	jsonw_arr_open(w);
	for (i = 0; i < n; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "name", v[i].name);
		if (data) {
			jsonw_kstr(w, "classification",
			    scope_classification_name(v[i].classification));
			jsonw_kbool(w, "personal", v[i].personal);
		}
		jsonw_key(w, "description");
		jsonw_str_or_null(w, v[i].description);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

void
scoping_json_strings(struct jsonw *w, const char *const *v, size_t n)
{
	size_t i;

	jsonw_arr_open(w);
	for (i = 0; i < n; i++)
		jsonw_str(w, v[i]);
	jsonw_arr_close(w);
}

void
scoping_json_boundary(struct jsonw *w, const struct scope *sc)
{
	size_t i;
	int k;

	jsonw_key(w, "boundary");
	jsonw_obj_open(w);
	for (k = 0; k < SCOPE_COMPONENT__MAX; k++) {
		jsonw_key(w, scope_component_name((enum scope_component)k));
		scoping_json_items(w, sc->components[k], sc->ncomponents[k],
		    k == SCOPE_DATA);
	}
	jsonw_obj_close(w);
	jsonw_key(w, "out_of_boundary");
	jsonw_arr_open(w);
	for (i = 0; i < sc->noutside; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "name", sc->outside[i].name);
		jsonw_kstr(w, "reason", sc->outside[i].reason);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "locations");
	scoping_json_items(w, sc->locations, sc->nlocations, false);
}

static void
scoping_json(const struct scoping *s, struct assure_buf *out)
{
	const struct scope *sc = s->scope;
	const struct assure_tsc_criterion *c;
	unsigned cats = s->cfg->categories;
	struct scope_notes notes;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	struct jsonw w;
	size_t i, it;
	unsigned k;
	bool in;

	scope_check(sc, cats, &notes);
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "organisation", s->cfg->organisation);
	jsonw_kstr(&w, "system", s->cfg->system);
	jsonw_kstr(&w, "description", sc->description);
	jsonw_ktime(&w, "generated_at", s->generated, true);
	assure_date_format(s->cfg->period_start, d1);
	assure_date_format(s->cfg->period_end, d2);
	jsonw_key(&w, "observation_period");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "start", d1);
	jsonw_kstr(&w, "end", d2);
	jsonw_obj_close(&w);
	jsonw_key(&w, "categories");
	jsonw_arr_open(&w);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		in = (cats & scope_category_bit(
		    (enum assure_tsc_category)k)) != 0;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", assure_catalog_category_name(
		    (enum assure_tsc_category)k));
		jsonw_kstr(&w, "title", assure_catalog_category_title(
		    (enum assure_tsc_category)k));
		jsonw_kbool(&w, "in_scope", in);
		jsonw_kint(&w, "criteria", (long long)assure_catalog_tsc_count(
		    s->cat, (enum assure_tsc_category)k));
		jsonw_key(&w, "reason");
		jsonw_str_or_null(&w, in ? NULL : sc->category_reason[k]);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "criteria");
	jsonw_arr_open(&w);
	it = 0;
	ASSURE_CATALOG_TSC_FOREACH(s->cat, ASSURE_TSC_ANY, it, c) {
		if (!scope_in_scope(c, cats))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", c->id);
		jsonw_kstr(&w, "category",
		    assure_catalog_category_name(c->category));
		jsonw_kstr(&w, "group", c->group);
		jsonw_kstr(&w, "group_name", c->group_name);
		jsonw_kstr(&w, "summary", c->summary);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "services");
	scoping_json_items(&w, sc->services, sc->nservices, false);
	jsonw_key(&w, "commitments");
	scoping_json_strings(&w, sc->commitments, sc->ncommitments);
	jsonw_key(&w, "system_requirements");
	scoping_json_strings(&w, sc->requirements, sc->nrequirements);
	scoping_json_boundary(&w, sc);
	jsonw_key(&w, "subservice_organisations");
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
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "cuecs");
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
	jsonw_key(&w, "notes");
	jsonw_arr_open(&w);
	for (i = 0; i < notes.n; i++)
		jsonw_str(&w, notes.text[i]);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

/* ---------------------------------------------------------------- document */

void
scoping_doc_items_table(struct doc *d, const char *what, const struct scope_item *v,
    size_t n, bool data)
{
	const char *const cols[] = { what, "Description" };
	static const char *const dcols[] = { "Data", "Classification",
	    "Personal information", "Description" };
	size_t i;

	if (data) {
		doc_table_begin(d, "items", dcols, ASSURE_ARRAY_LEN(dcols));
		for (i = 0; i < n; i++) {
			doc_cell(d, "%s", v[i].name);
			doc_cell(d, "%s",
			    scope_classification_name(v[i].classification));
			doc_cell(d, "%s", v[i].personal ? "yes" : "no");
			doc_cell(d, "%s", or_empty(v[i].description));
		}
	} else {
		doc_table_begin(d, "items", cols, ASSURE_ARRAY_LEN(cols));
		for (i = 0; i < n; i++) {
			doc_cell(d, "%s", v[i].name);
			doc_cell(d, "%s", or_empty(v[i].description));
		}
	}
	doc_table_end(d);
}

static void
scoping_doc(const struct scoping *s, enum doc_format fmt,
    struct assure_buf *out)
{
	static const char *const cat_cols[] = { "Category", "In scope",
	    "Criteria", "Reason if left out" };
	static const char *const out_cols[] = { "Outside the boundary",
	    "Reason" };
	static const char *const sub_cols[] = { "Organisation", "Service",
	    "Presentation", "Criteria",
	    "Complementary controls expected (CSOCs)" };
	static const char *const cuec_cols[] = { "#",
	    "Complementary user-entity control", "Criteria" };
	static const char *const crit_cols[] = { "Criterion", "Summary" };
	static const char *const roles[] = { "Prepared by (management)",
	    "Approved by (executive sponsor)",
	    "Acknowledged by (service auditor)" };
	const struct scope *sc = s->scope;
	const struct assure_tsc_criterion *c;
	const char *group = NULL;
	unsigned cats = s->cfg->categories, k;
	struct scope_notes notes;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	char gen[ASSURE_TIME_STRLEN], ids[SCOPING_IDS_MAX];
	char title[CONFIG_NAME_MAX + 64], sub[CONFIG_NAME_MAX + 64];
	char catlist[256];
	struct doc d;
	size_t i, j, it, n, total = 0;
	bool in;

	scope_check(sc, cats, &notes);
	assure_date_format(s->cfg->period_start, d1);
	assure_date_format(s->cfg->period_end, d2);
	assure_time_format(s->generated, gen);
	catlist[0] = '\0';
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(cats & scope_category_bit((enum assure_tsc_category)k)))
			continue;
		n = strlen(catlist);
		snprintf(catlist + n, sizeof(catlist) - n, "%s%s",
		    n > 0 ? ", " : "", assure_catalog_category_title(
		    (enum assure_tsc_category)k));
		total += assure_catalog_tsc_count(s->cat,
		    (enum assure_tsc_category)k);
	}
	snprintf(title, sizeof(title), "%s: SOC 2 scoping statement",
	    s->cfg->system);

	snprintf(sub, sizeof(sub), "Prepared by the management of %s",
	    s->cfg->organisation);
	doc_init(&d, fmt, out);
	doc_begin(&d, title, sub);
	doc_meta_begin(&d);
	doc_meta(&d, "Service organisation", "%s", s->cfg->organisation);
	doc_meta(&d, "System", "%s", s->cfg->system);
	doc_meta(&d, "Trust services categories", "%s", catlist);
	doc_meta(&d, "Criteria", "Trust Services Criteria 2017 (revised "
	    "points of focus, 2022): %zu criteria in scope", total);
	doc_meta(&d, "Observation period", "%s to %s", d1, d2);
	doc_meta(&d, "Prepared", "%.10s, from assure.yaml and scope.yaml",
	    gen);
	doc_meta_end(&d);

	doc_heading(&d, 2, "1. Purpose");
	doc_para(&d, "This statement sets out the system, its boundary and "
	    "the Trust Services Criteria against which %s asks to be "
	    "examined in a SOC 2 engagement. It is prepared by management as "
	    "the basis of the engagement letter with the service auditor. "
	    "Management remains responsible for the system description and "
	    "for the design and operation of the controls.",
	    s->cfg->organisation);

	doc_heading(&d, 2, "2. The system");
	doc_para(&d, "%s", sc->description);
	doc_heading(&d, 3, "Services provided");
	scoping_doc_items_table(&d, "Service", sc->services, sc->nservices,
	    false);
	doc_heading(&d, 3, "Principal service commitments");
	doc_list_begin(&d);
	for (i = 0; i < sc->ncommitments; i++)
		doc_item(&d, NULL, "%s", sc->commitments[i]);
	doc_list_end(&d);
	if (sc->nrequirements > 0) {
		doc_heading(&d, 3, "System requirements");
		doc_list_begin(&d);
		for (i = 0; i < sc->nrequirements; i++)
			doc_item(&d, NULL, "%s", sc->requirements[i]);
		doc_list_end(&d);
	}

	doc_heading(&d, 2, "3. Trust services categories");
	doc_table_begin(&d, NULL, cat_cols, ASSURE_ARRAY_LEN(cat_cols));
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		in = (cats & scope_category_bit(
		    (enum assure_tsc_category)k)) != 0;
		doc_cell(&d, "%s", assure_catalog_category_title(
		    (enum assure_tsc_category)k));
		doc_cell_class(&d, in ? "in" : "out", "%s", in ? "yes" : "no");
		doc_cell(&d, "%zu", assure_catalog_tsc_count(s->cat,
		    (enum assure_tsc_category)k));
		if (k == ASSURE_TSC_SECURITY)
			doc_cell(&d, "%s", "Always in scope: the common "
			    "criteria apply to every SOC 2 examination.");
		else if (in)
			doc_cell(&d, "%s", "");
		else
			doc_cell(&d, "%s", sc->category_reason[k] != NULL ?
			    sc->category_reason[k] : "No reason recorded.");
	}
	doc_table_end(&d);

	doc_heading(&d, 2, "4. System boundary");
	doc_para(&d, "The components below make up the system and are inside "
	    "the boundary of the examination.");
	for (k = 0; k < SCOPE_COMPONENT__MAX; k++) {
		doc_heading(&d, 3, "%s", scope_component_title(
		    (enum scope_component)k));
		scoping_doc_items_table(&d, "Component", sc->components[k],
		    sc->ncomponents[k], k == SCOPE_DATA);
	}
	if (sc->nlocations > 0) {
		doc_heading(&d, 3, "Locations");
		scoping_doc_items_table(&d, "Location", sc->locations,
		    sc->nlocations, false);
	}
	doc_heading(&d, 3, "Outside the boundary");
	if (sc->noutside == 0)
		doc_para(&d, "Nothing is declared outside the boundary.");
	else {
		doc_table_begin(&d, "items", out_cols,
		    ASSURE_ARRAY_LEN(out_cols));
		for (i = 0; i < sc->noutside; i++) {
			doc_cell(&d, "%s", sc->outside[i].name);
			doc_cell(&d, "%s", sc->outside[i].reason);
		}
		doc_table_end(&d);
	}

	doc_heading(&d, 2, "5. Sub-service organisations");
	if (sc->nsubservices == 0)
		doc_para(&d, "No sub-service organisation runs part of the "
		    "system.");
	else {
		doc_para(&d, "Under the carve-out method the organisation's "
		    "controls are excluded from the description and the "
		    "examination, and the complementary controls expected of "
		    "it are stated; under the inclusive method its controls "
		    "are described and tested together with ours.");
		doc_table_begin(&d, NULL, sub_cols, ASSURE_ARRAY_LEN(sub_cols));
		for (i = 0; i < sc->nsubservices; i++) {
			const struct scope_subservice *o = &sc->subservices[i];
			struct assure_buf cs;

			doc_cell(&d, "%s", o->name);
			doc_cell(&d, "%s", o->service);
			doc_cell(&d, "%s method", o->method ==
			    SCOPE_CARVE_OUT ? "Carve-out" : "Inclusive");
			ids_text(&o->criteria, cats, ids, sizeof(ids));
			doc_cell(&d, "%s", ids);
			assure_buf_init(&cs, 0);
			for (j = 0; j < o->ncsocs; j++)
				assure_buf_printf(&cs, "%s(%zu) %s",
				    j > 0 ? " " : "", j + 1, o->csocs[j]);
			doc_cell(&d, "%s", o->ncsocs > 0 ?
			    assure_buf_str(&cs) : "None stated.");
			if (assure_buf_err(&cs) != ASSURE_OK &&
			    out->err == ASSURE_OK)
				out->err = assure_buf_err(&cs);
			assure_buf_free(&cs);
		}
		doc_table_end(&d);
	}

	doc_heading(&d, 2, "6. Complementary user-entity controls");
	for (i = n = 0; i < sc->ncuecs; i++)
		if (scoping_cuec_in_scope(&sc->cuecs[i], cats))
			n++;
	if (n == 0)
		doc_para(&d, "No complementary user-entity controls are "
		    "declared.");
	else {
		doc_para(&d, "The criteria can be met only if user entities "
		    "carry out these controls themselves; they will be stated "
		    "in the report.");
		doc_table_begin(&d, "num", cuec_cols,
		    ASSURE_ARRAY_LEN(cuec_cols));
		for (i = n = 0; i < sc->ncuecs; i++) {
			if (!scoping_cuec_in_scope(&sc->cuecs[i], cats))
				continue;
			doc_cell(&d, "CUEC-%zu", ++n);
			doc_cell(&d, "%s", sc->cuecs[i].description);
			ids_text(&sc->cuecs[i].criteria, cats, ids,
			    sizeof(ids));
			doc_cell(&d, "%s", ids);
		}
		doc_table_end(&d);
	}

	doc_heading(&d, 2, "7. Criteria in scope");
	doc_para(&d, "%zu criteria of the Trust Services Criteria 2017. The "
	    "summaries are paraphrases in assure's own words; the AICPA text "
	    "of each criterion and its points of focus governs.", total);
	it = 0;
	ASSURE_CATALOG_TSC_FOREACH(s->cat, ASSURE_TSC_ANY, it, c) {
		if (!scope_in_scope(c, cats))
			continue;
		if (group == NULL || strcmp(group, c->group) != 0) {
			if (group != NULL)
				doc_table_end(&d);
			doc_heading(&d, 3, "%s %s (%s)", c->group,
			    c->group_name, assure_catalog_category_title(
			    c->category));
			doc_table_begin(&d, "crit", crit_cols,
			    ASSURE_ARRAY_LEN(crit_cols));
			group = c->group;
		}
		doc_cell(&d, "%s", c->id);
		doc_cell(&d, "%s", c->summary);
	}
	if (group != NULL)
		doc_table_end(&d);

	if (notes.n > 0) {
		doc_heading(&d, 2, "Points to settle before the engagement");
		doc_list_begin(&d);
		for (i = 0; i < notes.n; i++)
			doc_item(&d, NULL, "%s", notes.text[i]);
		doc_list_end(&d);
	}

	doc_heading(&d, 2, "Sign-off");
	doc_signoff(&d, roles, ASSURE_ARRAY_LEN(roles));
	doc_end(&d, "Generated by assure " ASSURE_VERSION " from the "
	    "workspace files. Criteria summaries are not the AICPA text.");
	doc_release(&d);
}

void
report_scoping(const struct scoping *s, enum doc_format fmt,
    struct assure_buf *out)
{
	if (fmt == DOC_JSON)
		scoping_json(s, out);
	else
		scoping_doc(s, fmt, out);
}
