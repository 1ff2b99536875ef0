/*
 * cmd_catalog.c: `assure catalog tsc|iso27001|dc200` lists the built-in
 * frameworks and `assure catalog map ID` shows the ISO/IEC 27001:2022 to
 * TSC 2017 cross-walk for one criterion or control, with each pair's grade
 * and rationale.  The catalogue is reference data: it lists everything
 * whatever a workspace's scope, and needs no workspace.
 *
 * Text output is for reading (aligned columns, one record per line, group
 * headings for the criteria); JSON output is a stable interface whose
 * field names are documented in docs/CATALOG.md.
 */
#include "common/compat.h"

#include <string.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "common/jsonw.h"

static const struct cli_option catalog_options[] = {
	{ "category", "C", "with tsc: only the criteria of category C",
	    false },
	{ "theme", "T", "with iso27001: only the controls of theme T",
	    false },
	{ NULL, NULL, NULL, false },
};

/* s followed by spaces up to width columns, then a two-space gutter. */
static void
add_cell(struct assure_buf *out, const char *s, size_t width)
{
	size_t n = strlen(s);

	assure_buf_adds(out, s);
	while (n++ < width)
		assure_buf_addc(out, ' ');
	assure_buf_adds(out, "  ");
}

/* ------------------------------------------------------------ tsc */

static void
tsc_text(const struct cli_ctx *ctx, const struct assure_catalog *cat,
    enum assure_tsc_category filter, struct assure_buf *out)
{
	const struct assure_tsc_criterion *c;
	const char *group = NULL;
	size_t it, w = 0;

	ASSURE_CATALOG_TSC_FOREACH(cat, filter, it, c)
		if (strlen(c->id) > w)
			w = strlen(c->id);
	ASSURE_CATALOG_TSC_FOREACH(cat, filter, it, c) {
		if (group == NULL || strcmp(group, c->group) != 0) {
			assure_buf_printf(out, "%s%s%s %s%s (%s)\n",
			    group == NULL ? "" : "\n", cli_c(ctx, CLI_BOLD),
			    c->group, c->group_name, cli_c(ctx, CLI_RESET),
			    assure_catalog_category_name(c->category));
			group = c->group;
		}
		assure_buf_adds(out, "  ");
		add_cell(out, c->id, w);
		assure_buf_printf(out, "%s\n", c->summary);
	}
}

static void
tsc_json(const struct assure_catalog *cat, enum assure_tsc_category filter,
    struct assure_buf *out)
{
	const struct assure_tsc_criterion *c;
	struct jsonw w;
	size_t it;

	jsonw_init(&w, out, true);
	jsonw_arr_open(&w);
	ASSURE_CATALOG_TSC_FOREACH(cat, filter, it, c) {
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
}

/* ------------------------------------------------------------ iso27001 */

static void
iso_text(const struct assure_catalog *cat, enum assure_iso_theme filter,
    struct assure_buf *out)
{
	const struct assure_iso_control *c;
	size_t it, wid = strlen("ID"), wth = strlen("THEME");

	ASSURE_CATALOG_ISO_FOREACH(cat, filter, it, c) {
		if (strlen(c->id) > wid)
			wid = strlen(c->id);
		if (strlen(assure_catalog_theme_name(c->theme)) > wth)
			wth = strlen(assure_catalog_theme_name(c->theme));
	}
	add_cell(out, "ID", wid);
	add_cell(out, "THEME", wth);
	assure_buf_adds(out, "TITLE\n");
	ASSURE_CATALOG_ISO_FOREACH(cat, filter, it, c) {
		add_cell(out, c->id, wid);
		add_cell(out, assure_catalog_theme_name(c->theme), wth);
		assure_buf_printf(out, "%s\n", c->title);
	}
}

static void
iso_json(const struct assure_catalog *cat, enum assure_iso_theme filter,
    struct assure_buf *out)
{
	const struct assure_iso_control *c;
	struct jsonw w;
	size_t it;

	jsonw_init(&w, out, true);
	jsonw_arr_open(&w);
	ASSURE_CATALOG_ISO_FOREACH(cat, filter, it, c) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", c->id);
		jsonw_kstr(&w, "title", c->title);
		jsonw_kstr(&w, "theme", assure_catalog_theme_name(c->theme));
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
}

/* ------------------------------------------------------------ dc200 */

static void
dc_text(const struct assure_catalog *cat, struct assure_buf *out)
{
	size_t i, w = strlen("ID");

	for (i = 0; i < cat->ndc; i++)
		if (strlen(cat->dc[i].id) > w)
			w = strlen(cat->dc[i].id);
	add_cell(out, "ID", w);
	assure_buf_adds(out, "SUMMARY\n");
	for (i = 0; i < cat->ndc; i++) {
		add_cell(out, cat->dc[i].id, w);
		assure_buf_printf(out, "%s\n", cat->dc[i].summary);
	}
}

static void
dc_json(const struct assure_catalog *cat, struct assure_buf *out)
{
	struct jsonw w;
	size_t i;

	jsonw_init(&w, out, true);
	jsonw_arr_open(&w);
	for (i = 0; i < cat->ndc; i++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", cat->dc[i].id);
		jsonw_kstr(&w, "summary", cat->dc[i].summary);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
}

/* ------------------------------------------------------------ map */

static void
map_text(const struct cli_ctx *ctx, const struct assure_catalog_entry *e,
    struct assure_buf *out)
{
	const struct assure_xwalk_pair *p;
	const char *other, *text;
	size_t i, wid = 0, wgr = strlen("intersect");

	if (e->kind == ASSURE_CATALOG_TSC) {
		assure_buf_printf(out, "%s%s%s  TSC 2017, %s, %s %s\n%s\n",
		    cli_c(ctx, CLI_BOLD), e->id, cli_c(ctx, CLI_RESET),
		    assure_catalog_category_name(e->tsc->category),
		    e->tsc->group, e->tsc->group_name, e->text);
		if (e->npairs == 0) {
			if (e->tsc->no_counterpart != NULL)
				assure_buf_printf(out, "\nNo ISO/IEC "
				    "27001:2022 Annex A counterpart: %s\n"
				    "Addressed in: %s\n",
				    e->tsc->no_counterpart, e->tsc->elsewhere);
			else
				assure_buf_adds(out, "\nNo ISO/IEC "
				    "27001:2022 Annex A control is mapped to "
				    "this criterion.\n");
			return;
		}
		assure_buf_adds(out, "\nISO/IEC 27001:2022 Annex A controls "
		    "(grade: how the ISO control compares with the "
		    "criterion)\n");
	} else {
		assure_buf_printf(out, "%s%s%s  ISO/IEC 27001:2022 Annex A, "
		    "%s\n%s\n", cli_c(ctx, CLI_BOLD), e->id,
		    cli_c(ctx, CLI_RESET),
		    assure_catalog_theme_name(e->iso->theme), e->text);
		if (e->npairs == 0) {
			assure_buf_adds(out, "\nNo TSC 2017 criterion is "
			    "mapped to this control.\n");
			return;
		}
		assure_buf_adds(out, "\nTSC 2017 criteria (grade: how this "
		    "ISO control compares with the criterion)\n");
	}
	for (i = 0; i < e->npairs; i++) {
		p = e->pairs[i];
		other = e->kind == ASSURE_CATALOG_TSC ? p->iso->id :
		    p->tsc->id;
		if (strlen(other) > wid)
			wid = strlen(other);
	}
	for (i = 0; i < e->npairs; i++) {
		p = e->pairs[i];
		if (e->kind == ASSURE_CATALOG_TSC) {
			other = p->iso->id;
			text = p->iso->title;
		} else {
			other = p->tsc->id;
			text = p->tsc->summary;
		}
		assure_buf_adds(out, "  ");
		add_cell(out, other, wid);
		add_cell(out, assure_catalog_grade_name(p->grade), wgr);
		assure_buf_printf(out, "%s\n", text);
		assure_buf_printf(out, "  %*s  %*s  %s%s%s\n", (int)wid, "",
		    (int)wgr, "", cli_c(ctx, CLI_DIM), p->rationale,
		    cli_c(ctx, CLI_RESET));
	}
}

static void
map_json(const struct assure_catalog_entry *e, struct assure_buf *out)
{
	const struct assure_xwalk_pair *p;
	struct jsonw w;
	size_t i;
	bool from_tsc = e->kind == ASSURE_CATALOG_TSC;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "id", e->id);
	jsonw_kstr(&w, "kind", from_tsc ? "tsc" : "iso27001");
	jsonw_kstr(&w, "title_or_summary", e->text);
	if (from_tsc) {
		jsonw_key(&w, "no_counterpart");
		if (e->tsc->no_counterpart == NULL)
			jsonw_null(&w);
		else {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "reason", e->tsc->no_counterpart);
			jsonw_kstr(&w, "elsewhere", e->tsc->elsewhere);
			jsonw_obj_close(&w);
		}
	}
	jsonw_key(&w, "mappings");
	jsonw_arr_open(&w);
	for (i = 0; i < e->npairs; i++) {
		p = e->pairs[i];
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", from_tsc ? p->iso->id : p->tsc->id);
		jsonw_kstr(&w, "kind", from_tsc ? "iso27001" : "tsc");
		jsonw_kstr(&w, "grade", assure_catalog_grade_name(p->grade));
		jsonw_kstr(&w, "rationale", p->rationale);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

/* ------------------------------------------------------------ command */

/* Reject an option that the chosen listing does not take. */
static int
refuse_option(struct cli_ctx *ctx, const char *what, const char *opt)
{
	if (cli_has(ctx, opt))
		return cli_usage(ctx, "--%s does not apply to 'catalog %s'",
		    opt, what);
	return CLI_EXIT_OK;
}

static int
run_catalog(struct cli_ctx *ctx)
{
	const struct assure_catalog *cat;
	struct assure_catalog_entry e;
	enum assure_tsc_category category = ASSURE_TSC_ANY;
	enum assure_iso_theme theme = ASSURE_ISO_ANY;
	const struct assure_dc_item *dc;
	struct assure_diag d;
	struct assure_buf out;
	const char *what, *v;
	bool json = ctx->format == CLI_FORMAT_JSON;
	int ret;

	if (ctx->nargs == 0)
		return cli_usage(ctx, "catalog needs one of tsc, iso27001, "
		    "dc200 or map ID");
	what = ctx->args[0];
	if (strcmp(what, "tsc") != 0 && strcmp(what, "iso27001") != 0 &&
	    strcmp(what, "dc200") != 0 && strcmp(what, "map") != 0)
		return cli_usage(ctx, "unknown catalogue '%s': expected tsc, "
		    "iso27001, dc200 or map", what);
	if (strcmp(what, "map") == 0) {
		if (ctx->nargs != 2)
			return cli_usage(ctx, "catalog map takes one id, such "
			    "as CC6.1 or A.5.15");
	} else if (ctx->nargs != 1)
		return cli_usage(ctx, "catalog %s takes no further arguments "
		    "(got '%s')", what, ctx->args[1]);
	if (strcmp(what, "tsc") != 0) {
		ret = refuse_option(ctx, what, "category");
		if (ret != CLI_EXIT_OK)
			return ret;
	}
	if (strcmp(what, "iso27001") != 0) {
		ret = refuse_option(ctx, what, "theme");
		if (ret != CLI_EXIT_OK)
			return ret;
	}
	v = cli_opt(ctx, "category");
	if (v != NULL && assure_catalog_category_parse(v, &category) !=
	    ASSURE_OK)
		return cli_usage(ctx, "--category: unknown category '%s' "
		    "(security, availability, processing-integrity, "
		    "confidentiality, privacy)", v);
	v = cli_opt(ctx, "theme");
	if (v != NULL && assure_catalog_theme_parse(v, &theme) != ASSURE_OK)
		return cli_usage(ctx, "--theme: unknown theme '%s' "
		    "(organisational, people, physical, technological)", v);

	assure_diag_clear(&d);
	if (assure_catalog_get(&cat, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);

	assure_buf_init(&out, 0);
	if (strcmp(what, "tsc") == 0) {
		if (json)
			tsc_json(cat, category, &out);
		else
			tsc_text(ctx, cat, category, &out);
	} else if (strcmp(what, "iso27001") == 0) {
		if (json)
			iso_json(cat, theme, &out);
		else
			iso_text(cat, theme, &out);
	} else if (strcmp(what, "dc200") == 0) {
		if (json)
			dc_json(cat, &out);
		else
			dc_text(cat, &out);
	} else {
		if (assure_catalog_map(cat, ctx->args[1], &e) != ASSURE_OK) {
			assure_buf_free(&out);
			if (assure_catalog_dc_find(cat, ctx->args[1], &dc) ==
			    ASSURE_OK)
				return cli_error(ctx, "'%s' is a DC 200 "
				    "description criterion; only TSC criteria "
				    "and Annex A controls are cross-walked",
				    ctx->args[1]);
			return cli_error(ctx, "no TSC 2017 criterion or "
			    "ISO/IEC 27001:2022 Annex A control '%s'",
			    ctx->args[1]);
		}
		if (json)
			map_json(&e, &out);
		else
			map_text(ctx, &e, &out);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

const struct cli_command cmd_catalog_def = {
	.name = "catalog",
	.args = "tsc|iso27001|dc200|map [ID]",
	.summary = "List the built-in frameworks and the ISO 27001 cross-walk",
	.description = "tsc lists the 61 Trust Services Criteria (2017, "
	    "revised points of focus 2022)\nby group, iso27001 the 93 "
	    "ISO/IEC 27001:2022 Annex A controls, dc200 the nine\n"
	    "description criteria of a SOC 2 system description.  "
	    "Summaries are in assure's\nown words, not the AICPA text.  "
	    "Categories: security, availability,\nprocessing-integrity, "
	    "confidentiality, privacy.  Themes: organisational,\npeople, "
	    "physical, technological.\n\n"
	    "map ID shows the cross-walk for a criterion (CC6.1, cc6.1) or "
	    "an Annex A\ncontrol (5.15, A.5.15): each pair's grade and why.  "
	    "The grade says how the\nISO control compares with the criterion: "
	    "equal, subset (covers part of it),\nsuperset (covers all of it "
	    "and more) or intersect (each asks for something\nthe other does "
	    "not).  Criteria with no Annex A counterpart say why.\n\n"
	    "The catalogue is reference data and needs no workspace.",
	.options = catalog_options,
	.words = (const char *const[]){ "tsc", "iso27001", "dc200", "map",
	    NULL },
	.run = run_catalog,
	.flags = CLI_FORMATTED,
};
