/*
 * gap.c: the gap analysis (see gap.h for the rules).
 *
 * CONTROL: tsc:CC4.1 tsc:CC5.1 -- gap analysis is how the programme
 * evaluates whether its controls reach every criterion in scope.
 *
 * Both sources fill the same rows: the verdict, the ISO controls or
 * workspace controls behind it (each marked when it decided the verdict),
 * and a one-line reason a reader can check by hand.  The SOC 2-specific
 * items are derived from the scope (or its absence) and, for a SoA, from
 * the catalogue's list of criteria with no Annex A counterpart.
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gap/gap.h"

static const char *const status_names[GAP_STATUS__MAX] = {
	[GAP_COVERED] = "covered",
	[GAP_PARTIAL] = "partial",
	[GAP_GAP] = "gap",
};

static const char *const item_status_names[GAP_ITEM_STATUS__MAX] = {
	[GAP_ITEM_OPEN] = "open",
	[GAP_ITEM_ADDRESSED] = "addressed",
};

static const char *const source_names[GAP_SOURCE__MAX] = {
	[GAP_FROM_SOA] = "soa",
	[GAP_FROM_CONTROLS] = "controls",
};

const char *
gap_status_name(enum gap_status s)
{
	return (unsigned)s < GAP_STATUS__MAX ? status_names[s] : "unknown";
}

const char *
gap_item_status_name(enum gap_item_status s)
{
	return (unsigned)s < GAP_ITEM_STATUS__MAX ? item_status_names[s] :
	    "unknown";
}

const char *
gap_source_name(enum gap_source s)
{
	return (unsigned)s < GAP_SOURCE__MAX ? source_names[s] : "unknown";
}

/* Append to a fixed, NUL-terminated buffer; truncates quietly. */
static void ASSURE_PRINTF(3, 4)
add(char *buf, size_t size, const char *fmt, ...)
{
	size_t l = strlen(buf);
	va_list ap;

	if (l + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + l, size - l, fmt, ap);
	va_end(ap);
}

void
gap_report_release(struct gap_report *r)
{
	size_t i;

	if (r->rows != NULL)
		for (i = 0; i < r->nrows; i++) {
			free(r->rows[i].iso);
			free(r->rows[i].controls);
		}
	free(r->rows);
	free(r->items);
	free(r->excluded);
	memset(r, 0, sizeof(*r));
}

static enum assure_err
nomem(struct gap_report *r, struct assure_diag *d)
{
	gap_report_release(r);
	return assure_diag_set(d, ASSURE_ERR_NOMEM, NULL, 0, 0, NULL,
	    "out of memory");
}

/* Allocate the rows of the in-scope criteria, in catalogue order. */
static bool
rows_init(struct gap_report *r, const struct assure_catalog *cat,
    unsigned categories, enum gap_source source)
{
	const struct assure_tsc_criterion *c;
	size_t it;

	memset(r, 0, sizeof(*r));
	r->source = source;
	r->categories = categories;
	r->rows = calloc(cat->ntsc > 0 ? cat->ntsc : 1, sizeof(*r->rows));
	/* three fixed items, plus at most one per criterion */
	r->items = calloc(cat->ntsc + 3, sizeof(*r->items));
	if (r->rows == NULL || r->items == NULL)
		return false;
	ASSURE_CATALOG_TSC_FOREACH(cat, ASSURE_TSC_ANY, it, c) {
		if (!scope_in_scope(c, categories))
			continue;
		r->rows[r->nrows++].tsc = c;
	}
	return true;
}

static void
count(struct gap_report *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		r->counts[r->rows[i].status]++;
		r->by_category[r->rows[i].tsc->category][r->rows[i].status]++;
	}
}

/* ---------------------------------------------------------------- items */

static struct gap_item *
item_new(struct gap_report *r, const char *id, const char *title)
{
	struct gap_item *it = &r->items[r->nitems++];

	assure_strlcpy(it->id, id, sizeof(it->id));
	it->title = title;
	it->status = GAP_ITEM_OPEN;
	it->detail[0] = '\0';
	return it;
}

static size_t
scope_cuecs_in_scope(const struct scope *s, unsigned categories)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->ncuecs; i++) {
		if (s->cuecs[i].criteria.n == 0) {
			n++;
			continue;
		}
		for (j = 0; j < s->cuecs[i].criteria.n; j++)
			if (scope_in_scope(s->cuecs[i].criteria.v[j],
			    categories)) {
				n++;
				break;
			}
	}
	return n;
}

/*
 * The items every gap report carries.  supplier is the SoA entry of 5.22
 * (monitoring of supplier services), or NULL from controls.
 */
static void
common_items(struct gap_report *r, const struct scope *s,
    const struct soa_entry *supplier)
{
	struct gap_item *it;
	size_t i, n, missing = 0;

	it = item_new(r, "system_description", "System Description "
	    "(DC 200, DC1 to DC9)");
	if (s != NULL)
		add(it->detail, sizeof(it->detail), "ISO/IEC 27001 asks for "
		    "no description of the system.  scope.yaml already gives "
		    "the services, commitments and components (DC1 to DC3: "
		    "%zu services, %zu commitments); the description must "
		    "still cover incidents, the controls, CUECs and CSOCs, "
		    "and significant changes (DC4 to DC9).", s->nservices,
		    s->ncommitments);
	else
		add(it->detail, sizeof(it->detail), "ISO/IEC 27001 asks for "
		    "no description of the system.  There is no scope.yaml "
		    "yet: start with the services, commitments and "
		    "components of the boundary (DC1 to DC3).");

	it = item_new(r, "cuecs", "Complementary user-entity controls "
	    "(CUECs)");
	n = s != NULL ? scope_cuecs_in_scope(s, r->categories) : 0;
	if (n > 0) {
		it->status = GAP_ITEM_ADDRESSED;
		add(it->detail, sizeof(it->detail), "%zu user-entity "
		    "control%s declared in scope.yaml, to be stated in the "
		    "report and told to customers.", n, n == 1 ? "" : "s");
	} else
		add(it->detail, sizeof(it->detail), "None declared: list in "
		    "scope.yaml (cuecs) what customers must do themselves "
		    "for the criteria to be met, or confirm there is "
		    "nothing.  ISO 27001 has no equivalent.");

	it = item_new(r, "subservice_monitoring", "Monitoring of sub-service "
	    "organisations (carve-out or inclusive, CSOCs)");
	if (s == NULL || s->nsubservices == 0) {
		add(it->detail, sizeof(it->detail), "No sub-service "
		    "organisation declared: name in scope.yaml each "
		    "organisation that runs part of the system, how it is "
		    "presented, and the controls expected of it (CSOCs).");
	} else {
		for (i = 0; i < s->nsubservices; i++)
			if (s->subservices[i].method == SCOPE_CARVE_OUT &&
			    s->subservices[i].ncsocs == 0)
				missing++;
		add(it->detail, sizeof(it->detail), "%zu declared (",
		    s->nsubservices);
		for (i = 0; i < s->nsubservices; i++)
			add(it->detail, sizeof(it->detail), "%s%s, %s",
			    i > 0 ? "; " : "", s->subservices[i].name,
			    scope_method_name(s->subservices[i].method));
		add(it->detail, sizeof(it->detail), ").");
		if (missing > 0)
			add(it->detail, sizeof(it->detail), "  %zu carved-out "
			    "organisation%s list%s no CSOCs.", missing,
			    missing == 1 ? "" : "s", missing == 1 ? "s" : "");
		else
			it->status = GAP_ITEM_ADDRESSED;
		add(it->detail, sizeof(it->detail), "  SOC 2 also expects "
		    "their own SOC reports to be obtained and reviewed, and "
		    "their CSOCs mapped to our controls.");
	}
	if (supplier != NULL)
		add(it->detail, sizeof(it->detail), "  In the SoA, 5.22 "
		    "(monitoring of supplier services) is %s.",
		    soa_status_name(supplier->status));
}

/* ---------------------------------------------------------------- SoA */

/* What an entry is worth: 2 implemented, 1 partial, 0 nothing. */
static int
entry_weight(const struct soa_entry *e)
{
	if (!e->applicable)
		return 0;
	if (e->status == SOA_IMPLEMENTED)
		return 2;
	if (e->status == SOA_PARTIAL)
		return 1;
	return 0;
}

static bool
grade_covers(enum assure_xwalk_grade g)
{
	return g == ASSURE_GRADE_EQUAL || g == ASSURE_GRADE_SUPERSET;
}

static void
soa_row(struct gap_row *row, const struct soa *soa)
{
	const struct assure_xwalk_pair *p;
	struct gap_iso *gi;
	size_t i, ndec = 0;
	bool covered = false, some = false;

	for (i = 0; i < row->niso; i++) {
		gi = &row->iso[i];
		if (entry_weight(gi->entry) == 2 &&
		    grade_covers(gi->pair->grade))
			covered = true;
		if (entry_weight(gi->entry) > 0)
			some = true;
	}
	for (i = 0; i < row->niso; i++) {
		gi = &row->iso[i];
		if (covered)
			gi->decisive = entry_weight(gi->entry) == 2 &&
			    grade_covers(gi->pair->grade);
		else
			gi->decisive = entry_weight(gi->entry) > 0;
	}
	row->status = covered ? GAP_COVERED : some ? GAP_PARTIAL : GAP_GAP;
	row->reason[0] = '\0';
	if (row->niso == 0) {
		add(row->reason, sizeof(row->reason), "no Annex A "
		    "counterpart%s%s", row->tsc->elsewhere != NULL ?
		    "; addressed in " : "", row->tsc->elsewhere != NULL ?
		    row->tsc->elsewhere : "");
		return;
	}
	if (row->status == GAP_GAP) {
		add(row->reason, sizeof(row->reason), "none of the %zu "
		    "related Annex A controls is implemented", row->niso);
		return;
	}
	add(row->reason, sizeof(row->reason), row->status == GAP_COVERED ?
	    "met on its own by " : "in part by ");
	for (i = 0; i < row->niso; i++) {
		gi = &row->iso[i];
		if (!gi->decisive)
			continue;
		p = gi->pair;
		add(row->reason, sizeof(row->reason), "%s%s (%s%s)",
		    ndec++ > 0 ? ", " : "", p->iso->id,
		    assure_catalog_grade_name(p->grade),
		    gi->entry->status == SOA_PARTIAL ? ", partial" : "");
	}
	if (row->status == GAP_PARTIAL) {
		for (i = 0; i < row->niso; i++)
			if (grade_covers(row->iso[i].pair->grade))
				break;
		if (i < row->niso)
			add(row->reason, sizeof(row->reason), "; %s would "
			    "meet it on its own once implemented",
			    row->iso[i].pair->iso->id);
		else
			add(row->reason, sizeof(row->reason), "; no single "
			    "Annex A control meets it on its own");
	}
}

enum assure_err
gap_from_soa(const struct assure_catalog *cat, unsigned categories,
    const struct soa *soa, const struct scope *scope, struct gap_report *ret,
    struct assure_diag *reterr_diag)
{
	struct gap_report r;
	struct gap_row *row;
	struct gap_item *it;
	const struct soa_entry *e;
	const struct assure_iso_control *iso;
	size_t i, j;

	if (!rows_init(&r, cat, categories, GAP_FROM_SOA))
		return nomem(&r, reterr_diag);
	r.excluded = calloc(cat->niso > 0 ? cat->niso : 1,
	    sizeof(*r.excluded));
	if (r.excluded == NULL)
		return nomem(&r, reterr_diag);
	for (i = 0; i < r.nrows; i++) {
		row = &r.rows[i];
		row->niso = row->tsc->npairs;
		row->iso = calloc(row->niso > 0 ? row->niso : 1,
		    sizeof(*row->iso));
		if (row->iso == NULL)
			return nomem(&r, reterr_diag);
		for (j = 0; j < row->niso; j++) {
			row->iso[j].pair = row->tsc->pairs[j];
			row->iso[j].entry = soa_entry(soa,
			    row->tsc->pairs[j]->iso);
		}
		soa_row(row, soa);
	}
	/* Not-applicable controls that in-scope criteria are walked to. */
	for (i = 0; i < soa->n; i++) {
		e = &soa->entries[i];
		if (!e->listed)
			r.unlisted++;
		if (e->status != SOA_NOT_APPLICABLE)
			continue;
		iso = e->iso;
		for (j = 0; j < iso->npairs; j++)
			if (scope_in_scope(iso->pairs[j]->tsc, categories))
				break;
		if (j < iso->npairs)
			r.excluded[r.nexcluded++] = e;
	}
	common_items(&r, scope, assure_catalog_iso_find(cat, "5.22", &iso) ==
	    ASSURE_OK ? soa_entry(soa, iso) : NULL);
	for (i = 0; i < r.nrows; i++) {
		row = &r.rows[i];
		if (row->niso > 0 || row->tsc->no_counterpart == NULL)
			continue;
		it = item_new(&r, row->tsc->id, row->tsc->summary);
		it->tsc = row->tsc;
		add(it->detail, sizeof(it->detail), "No Annex A counterpart; "
		    "addressed in %s.  %s", row->tsc->elsewhere,
		    row->tsc->no_counterpart);
	}
	count(&r);
	*ret = r;
	return ASSURE_OK;
}

/* ---------------------------------------------------------------- controls */

static bool
maps(const struct control *c, const struct assure_tsc_criterion *t)
{
	size_t i;

	for (i = 0; i < c->ntsc; i++)
		if (c->tsc[i] == t)
			return true;
	return false;
}

static void
controls_row(struct gap_row *row)
{
	struct gap_ctl *gc;
	size_t i, ndec = 0;
	bool impl = false, part = false;

	for (i = 0; i < row->ncontrols; i++) {
		impl = impl || row->controls[i].ctl->status ==
		    CONTROL_IMPLEMENTED;
		part = part || row->controls[i].ctl->status ==
		    CONTROL_PARTIAL;
	}
	row->status = impl ? GAP_COVERED : part ? GAP_PARTIAL : GAP_GAP;
	for (i = 0; i < row->ncontrols; i++) {
		gc = &row->controls[i];
		gc->decisive = impl ? gc->ctl->status == CONTROL_IMPLEMENTED :
		    gc->ctl->status == CONTROL_PARTIAL;
	}
	row->reason[0] = '\0';
	if (row->ncontrols == 0) {
		add(row->reason, sizeof(row->reason), "no control maps it");
		return;
	}
	if (row->status == GAP_GAP) {
		add(row->reason, sizeof(row->reason), "only planned: ");
		for (i = 0; i < row->ncontrols; i++)
			add(row->reason, sizeof(row->reason), "%s%s",
			    i > 0 ? ", " : "", row->controls[i].ctl->id);
		return;
	}
	add(row->reason, sizeof(row->reason), row->status == GAP_COVERED ?
	    "implemented: " : "partly implemented: ");
	for (i = 0; i < row->ncontrols; i++)
		if (row->controls[i].decisive)
			add(row->reason, sizeof(row->reason), "%s%s",
			    ndec++ > 0 ? ", " : "", row->controls[i].ctl->id);
}

enum assure_err
gap_from_controls(const struct assure_catalog *cat, unsigned categories,
    const struct control_set *set, const struct scope *scope,
    struct gap_report *ret, struct assure_diag *reterr_diag)
{
	struct gap_report r;
	struct gap_row *row;
	size_t i, j;

	if (!rows_init(&r, cat, categories, GAP_FROM_CONTROLS))
		return nomem(&r, reterr_diag);
	for (i = 0; i < r.nrows; i++) {
		row = &r.rows[i];
		row->controls = calloc(set->n > 0 ? set->n : 1,
		    sizeof(*row->controls));
		if (row->controls == NULL)
			return nomem(&r, reterr_diag);
		for (j = 0; j < set->n; j++)
			if (maps(&set->v[j], row->tsc))
				row->controls[row->ncontrols++].ctl =
				    &set->v[j];
		controls_row(row);
	}
	common_items(&r, scope, NULL);
	count(&r);
	*ret = r;
	return ASSURE_OK;
}
