/*
 * gapreport.c: the gap report in Markdown, HTML and JSON (see
 * gapreport.h and, for the rules, gap/gap.h).
 */
#include "common/compat.h"

#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "report/gapreport.h"

/* ---------------------------------------------------------------- JSON */

static void
json_row(const struct gapdoc *g, const struct gap_row *row, struct jsonw *w)
{
	size_t i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", row->tsc->id);
	jsonw_kstr(w, "category", assure_catalog_category_name(
	    row->tsc->category));
	jsonw_kstr(w, "summary", row->tsc->summary);
	jsonw_kstr(w, "status", gap_status_name(row->status));
	jsonw_kstr(w, "reason", row->reason);
	jsonw_kbool(w, "no_counterpart", row->tsc->no_counterpart != NULL);
	jsonw_key(w, "iso27001");
	jsonw_arr_open(w);
	for (i = 0; i < row->niso; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", row->iso[i].pair->iso->id);
		jsonw_kstr(w, "title", row->iso[i].pair->iso->title);
		jsonw_kstr(w, "grade", assure_catalog_grade_name(
		    row->iso[i].pair->grade));
		jsonw_kstr(w, "soa_status",
		    soa_status_name(row->iso[i].entry->status));
		jsonw_kbool(w, "decisive", row->iso[i].decisive);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "controls");
	jsonw_arr_open(w);
	for (i = 0; i < row->ncontrols; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", row->controls[i].ctl->id);
		jsonw_kstr(w, "title", row->controls[i].ctl->title);
		jsonw_kstr(w, "status",
		    control_status_name(row->controls[i].ctl->status));
		jsonw_kbool(w, "decisive", row->controls[i].decisive);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	(void)g;
	jsonw_obj_close(w);
}

static void
gap_json(const struct gapdoc *g, struct assure_buf *out)
{
	const struct gap_report *r = g->gap;
	const struct soa_entry *e;
	struct jsonw w;
	size_t i, j, s;
	unsigned k;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "organisation", g->cfg->organisation);
	jsonw_kstr(&w, "system", g->cfg->system);
	jsonw_ktime(&w, "generated_at", g->generated, true);
	jsonw_kstr(&w, "source", gap_source_name(r->source));
	jsonw_key(&w, "soa");
	if (g->soa != NULL) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "file", g->soa->source);
		jsonw_key(&w, "sha256");
		jsonw_str_or_null(&w, g->soa_digest);
		jsonw_kint(&w, "listed", (long long)g->soa->nlisted);
		jsonw_kint(&w, "not_listed", (long long)r->unlisted);
		jsonw_obj_close(&w);
	} else
		jsonw_null(&w);
	jsonw_key(&w, "controls_loaded");
	if (g->controls != NULL)
		jsonw_int(&w, (long long)g->controls->n);
	else
		jsonw_null(&w);
	jsonw_key(&w, "categories");
	jsonw_arr_open(&w);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++)
		if (r->categories & scope_category_bit(
		    (enum assure_tsc_category)k))
			jsonw_str(&w, assure_catalog_category_name(
			    (enum assure_tsc_category)k));
	jsonw_arr_close(&w);
	jsonw_key(&w, "summary");
	jsonw_obj_open(&w);
	jsonw_kint(&w, "criteria", (long long)r->nrows);
	for (s = 0; s < GAP_STATUS__MAX; s++)
		jsonw_kint(&w, gap_status_name((enum gap_status)s),
		    (long long)r->counts[s]);
	jsonw_key(&w, "by_category");
	jsonw_obj_open(&w);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(r->categories & scope_category_bit(
		    (enum assure_tsc_category)k)))
			continue;
		jsonw_key(&w, assure_catalog_category_name(
		    (enum assure_tsc_category)k));
		jsonw_obj_open(&w);
		for (s = 0; s < GAP_STATUS__MAX; s++)
			jsonw_kint(&w, gap_status_name((enum gap_status)s),
			    (long long)r->by_category[k][s]);
		jsonw_obj_close(&w);
	}
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_key(&w, "criteria");
	jsonw_arr_open(&w);
	for (i = 0; i < r->nrows; i++)
		json_row(g, &r->rows[i], &w);
	jsonw_arr_close(&w);
	jsonw_key(&w, "soc2_specific");
	jsonw_arr_open(&w);
	for (i = 0; i < r->nitems; i++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", r->items[i].id);
		jsonw_kstr(&w, "title", r->items[i].title);
		jsonw_kstr(&w, "status",
		    gap_item_status_name(r->items[i].status));
		jsonw_kstr(&w, "detail", r->items[i].detail);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "excluded_in_soa");
	jsonw_arr_open(&w);
	for (i = 0; i < r->nexcluded; i++) {
		e = r->excluded[i];
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", e->iso->id);
		jsonw_kstr(&w, "title", e->iso->title);
		jsonw_key(&w, "justification");
		jsonw_str_or_null(&w, e->justification);
		jsonw_key(&w, "criteria");
		jsonw_arr_open(&w);
		for (j = 0; j < e->iso->npairs; j++)
			if (scope_in_scope(e->iso->pairs[j]->tsc,
			    r->categories))
				jsonw_str(&w, e->iso->pairs[j]->tsc->id);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

/* ---------------------------------------------------------------- document */

/*
 * The basis of a row in a document: why the verdict, in a sentence, then
 * each related Annex A control or workspace control with its standing.
 */
static void
basis_text(const struct gap_row *row, struct assure_buf *b)
{
	size_t i;

	if (row->niso == 0 && row->ncontrols == 0 &&
	    row->tsc->no_counterpart != NULL && row->controls == NULL)
		assure_buf_printf(b, "No Annex A counterpart; addressed in "
		    "%s.", row->tsc->elsewhere);
	else if (row->controls != NULL && row->ncontrols == 0)
		assure_buf_adds(b, "No control maps this criterion.");
	else if (row->controls == NULL) {
		for (i = 0; i < row->niso; i++)
			if (row->iso[i].decisive && row->status == GAP_COVERED)
				break;
		if (i < row->niso)
			assure_buf_printf(b, "Met on its own by %s.",
			    row->iso[i].pair->iso->id);
		else if (row->status == GAP_GAP)
			assure_buf_adds(b, "None of the related Annex A "
			    "controls is implemented.");
		else {
			for (i = 0; i < row->niso; i++)
				if (row->iso[i].pair->grade ==
				    ASSURE_GRADE_EQUAL ||
				    row->iso[i].pair->grade ==
				    ASSURE_GRADE_SUPERSET)
					break;
			if (i < row->niso)
				assure_buf_printf(b, "%s would meet it on its "
				    "own once implemented.",
				    row->iso[i].pair->iso->id);
			else
				assure_buf_adds(b, "No single Annex A control "
				    "meets it on its own.");
		}
	}
	for (i = 0; i < row->niso; i++)
		assure_buf_printf(b, "%s%s %s (%s, %s)", i > 0 ? "; " : " ",
		    row->iso[i].pair->iso->id, row->iso[i].pair->iso->title,
		    assure_catalog_grade_name(row->iso[i].pair->grade),
		    soa_status_name(row->iso[i].entry->status));
	for (i = 0; i < row->ncontrols; i++)
		assure_buf_printf(b, "%s%s %s (%s)", i > 0 ? "; " : "",
		    row->controls[i].ctl->id, row->controls[i].ctl->title,
		    control_status_name(row->controls[i].ctl->status));
	if (row->niso > 0 || row->ncontrols > 0)
		assure_buf_addc(b, '.');
}

static void
gap_doc(const struct gapdoc *g, enum doc_format fmt, struct assure_buf *out)
{
	static const char *const sum_cols[] = { "Category", "Criteria",
	    "Covered", "Partial", "Gap" };
	static const char *const row_cols[] = { "Criterion", "Status",
	    "Basis" };
	static const char *const item_cols[] = { "Item", "Status",
	    "What is needed" };
	static const char *const excl_cols[] = { "Annex A control",
	    "Justification in the SoA", "In-scope criteria relying on it" };
	const struct gap_report *r = g->gap;
	const struct gap_row *row;
	const struct soa_entry *e;
	enum assure_tsc_category cat = ASSURE_TSC_CATEGORY__MAX;
	char gen[ASSURE_TIME_STRLEN], title[CONFIG_NAME_MAX + 64];
	struct assure_buf b;
	struct doc d;
	size_t i, j, n;
	unsigned k;

	assure_time_format(g->generated, gen);
	snprintf(title, sizeof(title), "%s: SOC 2 gap analysis",
	    g->cfg->system);
	assure_buf_init(&b, 0);
	doc_init(&d, fmt, out);
	doc_begin(&d, title, r->source == GAP_FROM_SOA ?
	    "From the ISO/IEC 27001:2022 Statement of Applicability" :
	    "From the organisation's own controls");
	doc_meta_begin(&d);
	doc_meta(&d, "Service organisation", "%s", g->cfg->organisation);
	doc_meta(&d, "System", "%s", g->cfg->system);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++)
		if (r->categories & scope_category_bit(
		    (enum assure_tsc_category)k))
			assure_buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
			    assure_catalog_category_title(
			    (enum assure_tsc_category)k));
	doc_meta(&d, "Trust services categories", "%s", assure_buf_str(&b));
	if (g->soa != NULL) {
		doc_meta(&d, "Statement of Applicability", "%s",
		    g->soa->source);
		if (g->soa_digest != NULL)
			doc_meta(&d, "SoA digest", "%s", g->soa_digest);
		doc_meta(&d, "Annex A controls listed", "%zu of %zu",
		    g->soa->nlisted, g->soa->n);
	}
	if (g->controls != NULL)
		doc_meta(&d, "Controls", "%zu in controls/", g->controls->n);
	doc_meta(&d, "Prepared", "%.10s", gen);
	doc_meta_end(&d);

	doc_heading(&d, 2, "1. Summary");
	doc_table_begin(&d, NULL, sum_cols, ASSURE_ARRAY_LEN(sum_cols));
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(r->categories & scope_category_bit(
		    (enum assure_tsc_category)k)))
			continue;
		doc_cell(&d, "%s", assure_catalog_category_title(
		    (enum assure_tsc_category)k));
		doc_cell(&d, "%zu", r->by_category[k][GAP_COVERED] +
		    r->by_category[k][GAP_PARTIAL] +
		    r->by_category[k][GAP_GAP]);
		doc_cell(&d, "%zu", r->by_category[k][GAP_COVERED]);
		doc_cell(&d, "%zu", r->by_category[k][GAP_PARTIAL]);
		doc_cell(&d, "%zu", r->by_category[k][GAP_GAP]);
	}
	doc_cell(&d, "Total");
	doc_cell(&d, "%zu", r->nrows);
	doc_cell(&d, "%zu", r->counts[GAP_COVERED]);
	doc_cell(&d, "%zu", r->counts[GAP_PARTIAL]);
	doc_cell(&d, "%zu", r->counts[GAP_GAP]);
	doc_table_end(&d);
	for (i = n = 0; i < r->nitems; i++)
		n += r->items[i].status == GAP_ITEM_OPEN;
	doc_para(&d, "Of the %zu criteria in scope, %zu %s covered, %zu "
	    "partly covered and %zu %s gaps. %zu of the %zu SOC 2 items that "
	    "ISO/IEC 27001 does not ask for are still open (section 4).",
	    r->nrows, r->counts[GAP_COVERED],
	    r->counts[GAP_COVERED] == 1 ? "is" : "are",
	    r->counts[GAP_PARTIAL], r->counts[GAP_GAP],
	    r->counts[GAP_GAP] == 1 ? "is a gap" : "are", n, r->nitems);

	doc_heading(&d, 2, "2. How the verdicts are reached");
	if (r->source == GAP_FROM_SOA) {
		doc_para(&d, "Each criterion is compared with the Annex A "
		    "controls the built-in cross-walk pairs it with. The grade "
		    "says how the ISO control compares with the criterion: "
		    "equal or superset means the control meets the criterion "
		    "on its own; subset and intersect mean it meets only part "
		    "of it.");
		doc_list_begin(&d);
		doc_item(&d, "Covered:", "at least one paired control is "
		    "applicable and implemented, with grade equal or "
		    "superset.");
		doc_item(&d, "Partial:", "not covered, but at least one paired "
		    "control is applicable and implemented or partially "
		    "implemented.");
		doc_item(&d, "Gap:", "no paired control is implemented, even "
		    "in part (planned, not implemented, not applicable or not "
		    "listed), or the criterion has no Annex A counterpart.");
		doc_list_end(&d);
	} else {
		doc_list_begin(&d);
		doc_item(&d, "Covered:", "at least one control in controls/ "
		    "with status implemented names the criterion under tsc.");
		doc_item(&d, "Partial:", "no implemented control names it, "
		    "but one with status partial does.");
		doc_item(&d, "Gap:", "no control names it, or only planned "
		    "ones.");
		doc_list_end(&d);
	}
	doc_note(&d, "A covered criterion is not yet an effective one: the "
	    "service auditor tests design and operation. The verdicts say "
	    "where the programme has nothing, or not enough, to show.");

	doc_heading(&d, 2, "3. Criteria in scope");
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		if (row->tsc->category != cat) {
			if (cat != ASSURE_TSC_CATEGORY__MAX)
				doc_table_end(&d);
			cat = row->tsc->category;
			doc_heading(&d, 3, "%s",
			    assure_catalog_category_title(cat));
			doc_table_begin(&d, "gaps", row_cols,
			    ASSURE_ARRAY_LEN(row_cols));
		}
		doc_cell(&d, "%s %s", row->tsc->id, row->tsc->summary);
		doc_cell_class(&d, gap_status_name(row->status), "%s",
		    gap_status_name(row->status));
		assure_buf_reset(&b);
		basis_text(row, &b);
		doc_cell(&d, "%s", assure_buf_str(&b));
	}
	if (cat != ASSURE_TSC_CATEGORY__MAX)
		doc_table_end(&d);

	doc_heading(&d, 2, "4. SOC 2 items ISO/IEC 27001 does not ask for");
	doc_table_begin(&d, "gaps", item_cols, ASSURE_ARRAY_LEN(item_cols));
	for (i = 0; i < r->nitems; i++) {
		if (r->items[i].tsc != NULL)
			doc_cell(&d, "%s %s", r->items[i].id,
			    r->items[i].title);
		else
			doc_cell(&d, "%s", r->items[i].title);
		doc_cell_class(&d, gap_item_status_name(r->items[i].status),
		    "%s", gap_item_status_name(r->items[i].status));
		doc_cell(&d, "%s", r->items[i].detail);
	}
	doc_table_end(&d);

	if (g->soa != NULL) {
		doc_heading(&d, 2, "5. Statement of Applicability: points to "
		    "revisit");
		if (r->nexcluded == 0)
			doc_para(&d, "No Annex A control that an in-scope "
			    "criterion relies on is marked not applicable.");
		else {
			doc_para(&d, "These controls are marked not applicable "
			    "in the SoA, yet in-scope criteria are paired with "
			    "them. The exclusion may hold for ISO/IEC 27001 "
			    "and still leave a SOC 2 gap.");
			doc_table_begin(&d, "items", excl_cols,
			    ASSURE_ARRAY_LEN(excl_cols));
			for (i = 0; i < r->nexcluded; i++) {
				e = r->excluded[i];
				doc_cell(&d, "%s %s", e->iso->id,
				    e->iso->title);
				doc_cell(&d, "%s", e->justification != NULL ?
				    e->justification : "");
				assure_buf_reset(&b);
				for (j = 0; j < e->iso->npairs; j++)
					if (scope_in_scope(
					    e->iso->pairs[j]->tsc,
					    r->categories))
						assure_buf_printf(&b, "%s%s",
						    b.len > 0 ? ", " : "",
						    e->iso->pairs[j]->tsc->id);
				doc_cell(&d, "%s", assure_buf_str(&b));
			}
			doc_table_end(&d);
		}
		if (r->unlisted > 0) {
			assure_buf_reset(&b);
			for (i = 0; i < g->soa->n; i++)
				if (!g->soa->entries[i].listed)
					assure_buf_printf(&b, "%s%s",
					    b.len > 0 ? ", " : "",
					    g->soa->entries[i].iso->id);
			doc_para(&d, "The SoA does not list %zu of the %zu "
			    "Annex A controls (%s); they count as not "
			    "implemented. ISO/IEC 27001 expects the SoA to "
			    "cover every Annex A control.", r->unlisted,
			    g->soa->n, assure_buf_str(&b));
		}
	}
	if (assure_buf_err(&b) != ASSURE_OK && out->err == ASSURE_OK)
		out->err = assure_buf_err(&b);
	assure_buf_free(&b);
	doc_end(&d, "Generated by assure " ASSURE_VERSION ". Cross-walk "
	    "grades and criteria summaries are assure's own; see assure "
	    "catalog map ID for the rationale of each pair.");
	doc_release(&d);
}

void
report_gap(const struct gapdoc *g, enum doc_format fmt,
    struct assure_buf *out)
{
	if (fmt == DOC_JSON)
		gap_json(g, out);
	else
		gap_doc(g, fmt, out);
}
