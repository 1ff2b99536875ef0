/*
 * cmd_scope.c: `assure scope`: check scope.yaml against the catalogue and
 * the categories of assure.yaml, and summarise the scope: the system, the
 * categories in scope and the criteria they bring, the categories left out
 * and why, the boundary, the sub-service organisations and the CUECs.
 * With --format json it prints the scoping statement's JSON
 * (report/scoping.h).
 */
#include "common/compat.h"

#include <string.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "common/timeutil.h"
#include "report/scoping.h"
#include "scope/scope.h"
#include "workspace/workspace.h"

/* Text on one line: line breaks and runs of spaces become one space. */
static void
one_line(struct assure_buf *out, const char *s)
{
	bool space = false;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == ' ' || *s == '\t') {
			space = true;
			continue;
		}
		if (space)
			assure_buf_addc(out, ' ');
		space = false;
		assure_buf_addc(out, *s);
	}
}

static void
scope_text(const struct cli_ctx *ctx, const struct config *cfg,
    const struct scope *s, const struct assure_catalog *cat,
    struct assure_buf *out)
{
	const char *name;
	struct scope_notes notes;
	size_t i, j, n, total = 0, nconf = 0, npers = 0, w = 0;
	unsigned k, bit;
	bool first = true;

	scope_check(s, cfg->categories, &notes);
	assure_buf_printf(out, "%s%s%s: %s\n  scope file: %s (valid)\n",
	    cli_c(ctx, CLI_BOLD), cfg->organisation, cli_c(ctx, CLI_RESET),
	    cfg->system, s->source);
	assure_buf_adds(out, "  categories in scope: ");
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(cfg->categories & scope_category_bit(
		    (enum assure_tsc_category)k)))
			continue;
		assure_buf_printf(out, "%s%s", first ? "" : ", ",
		    assure_catalog_category_name((enum assure_tsc_category)k));
		first = false;
		total += assure_catalog_tsc_count(cat,
		    (enum assure_tsc_category)k);
	}
	assure_buf_printf(out, "\n  criteria in scope: %zu (", total);
	first = true;
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(cfg->categories & scope_category_bit(
		    (enum assure_tsc_category)k)))
			continue;
		assure_buf_printf(out, "%s%s %zu", first ? "" : ", ",
		    assure_catalog_category_name((enum assure_tsc_category)k),
		    assure_catalog_tsc_count(cat,
		    (enum assure_tsc_category)k));
		first = false;
	}
	assure_buf_adds(out, ")\n");
	first = true;
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		bit = scope_category_bit((enum assure_tsc_category)k);
		if (cfg->categories & bit)
			continue;
		if (first)
			assure_buf_adds(out, "  left out:\n");
		first = false;
		name = assure_catalog_category_name(
		    (enum assure_tsc_category)k);
		assure_buf_printf(out, "    %-21s ", name);
		if (s->category_reason[k] != NULL)
			one_line(out, s->category_reason[k]);
		else
			assure_buf_printf(out, "%s(no reason given)%s",
			    cli_c(ctx, CLI_YELLOW), cli_c(ctx, CLI_RESET));
		assure_buf_addc(out, '\n');
	}
	assure_buf_printf(out, "  services: %zu; commitments: %zu; system "
	    "requirements: %zu\n  boundary:", s->nservices, s->ncommitments,
	    s->nrequirements);
	for (k = 0; k < SCOPE_COMPONENT__MAX; k++)
		assure_buf_printf(out, "%s %zu %s", k > 0 ? "," : "",
		    s->ncomponents[k],
		    scope_component_name((enum scope_component)k));
	for (i = 0; i < s->ncomponents[SCOPE_DATA]; i++) {
		if (s->components[SCOPE_DATA][i].classification >=
		    SCOPE_CONFIDENTIAL)
			nconf++;
		if (s->components[SCOPE_DATA][i].personal)
			npers++;
	}
	assure_buf_printf(out, "\n    data: %zu confidential or restricted, "
	    "%zu with personal information\n  outside the boundary: %zu\n"
	    "  locations: %zu\n", nconf, npers, s->noutside, s->nlocations);
	if (s->nsubservices == 0)
		assure_buf_adds(out, "  sub-service organisations: none\n");
	else {
		assure_buf_adds(out, "  sub-service organisations:\n");
		for (i = 0; i < s->nsubservices; i++)
			if (strlen(s->subservices[i].name) > w)
				w = strlen(s->subservices[i].name);
		for (i = 0; i < s->nsubservices; i++) {
			const struct scope_subservice *o = &s->subservices[i];

			assure_buf_printf(out, "    %-*s  %-9s  ", (int)w,
			    o->name, scope_method_name(o->method));
			for (j = n = 0; j < o->criteria.n; j++) {
				if (!scope_in_scope(o->criteria.v[j],
				    cfg->categories))
					continue;
				assure_buf_printf(out, "%s%s", n++ > 0 ?
				    ", " : "", o->criteria.v[j]->id);
			}
			if (n == 0)
				assure_buf_adds(out, "(no criteria in scope)");
			assure_buf_printf(out, "; %zu CSOC%s\n", o->ncsocs,
			    o->ncsocs == 1 ? "" : "s");
		}
	}
	for (i = n = 0; i < s->ncuecs; i++)
		if (scoping_cuec_in_scope(&s->cuecs[i], cfg->categories))
			n++;
	assure_buf_printf(out, "  user-entity controls (CUECs): %zu\n", n);
	if (notes.n > 0) {
		assure_buf_printf(out, "\n%sNotes:%s\n", cli_c(ctx, CLI_BOLD),
		    cli_c(ctx, CLI_RESET));
		for (i = 0; i < notes.n; i++)
			assure_buf_printf(out, "  - %s\n", notes.text[i]);
	}
}

static int
run_scope(struct cli_ctx *ctx)
{
	const struct assure_catalog *cat;
	struct workspace *ws = NULL;
	struct scope *s = NULL;
	struct scoping sc;
	struct assure_diag d;
	struct assure_buf out;
	int ret;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "scope takes no arguments");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	if (assure_catalog_get(&cat, &d) != ASSURE_OK ||
	    scope_load_workspace(ws->root, cat, &s, &d) != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		memset(&sc, 0, sizeof(sc));
		sc.cfg = &ws->cfg;
		sc.scope = s;
		sc.cat = cat;
		sc.generated = assure_now();
		report_scoping(&sc, DOC_JSON, &out);
	} else
		scope_text(ctx, &ws->cfg, s, cat, &out);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	scope_free(s);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_scope_def = {
	.name = "scope",
	.args = NULL,
	.summary = "Check scope.yaml and summarise the scope",
	.description = "Checks scope.yaml (the services, commitments, system "
	    "boundary, sub-service\norganisations and user-entity controls) "
	    "against the built-in catalogue and\nsummarises it with the "
	    "categories of assure.yaml: the criteria in scope, the\n"
	    "categories left out and why, the boundary and the sub-service "
	    "organisations.\nAn error is located at file:line:column.  "
	    "--format json prints the scoping\nstatement (as 'assure report "
	    "scoping' does).",
	.options = NULL,
	.run = run_scope,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
