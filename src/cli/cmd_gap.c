/*
 * cmd_gap.c: `assure gap [--soa FILE]`: for every criterion in scope,
 * covered, partial or gap, from an ISO/IEC 27001 Statement of
 * Applicability or from the workspace's own controls, with the SOC 2
 * items ISO does not ask for.  The rules are in gap/gap.h; the JSON is the
 * gap report's (report/gapreport.h).  Exits 1 when any criterion in scope
 * is a gap.
 */
#include "common/compat.h"

#include <string.h>

#include "cli/cli.h"
#include "common/timeutil.h"
#include "gap/run.h"
#include "report/gapreport.h"
#include "workspace/workspace.h"

static const struct cli_option gap_options[] = {
	{ "soa", "FILE", "judge from this ISO 27001 Statement of "
	    "Applicability (CSV) instead of the workspace's controls", false },
	{ NULL, NULL, NULL, false },
};

static enum cli_color
status_color(enum gap_status s)
{
	return s == GAP_COVERED ? CLI_GREEN : s == GAP_PARTIAL ? CLI_YELLOW :
	    CLI_RED;
}

static void
gap_text(const struct cli_ctx *ctx, const struct config *cfg,
    const struct gap_run *run, struct assure_buf *out)
{
	const struct gap_report *r = &run->report;
	const struct gap_row *row;
	const struct soa_entry *e;
	size_t i, j, n;
	unsigned k;
	bool first = true;

	if (r->source == GAP_FROM_SOA)
		assure_buf_printf(out, "%sGap analysis of %s%s from the "
		    "Statement of Applicability %s\n  %s; %zu of %zu Annex A "
		    "controls listed\n", cli_c(ctx, CLI_BOLD), cfg->system,
		    cli_c(ctx, CLI_RESET), run->soa.source, run->soa_digest,
		    run->soa.nlisted, run->soa.n);
	else
		assure_buf_printf(out, "%sGap analysis of %s%s from its "
		    "controls\n  %zu controls in %s/\n", cli_c(ctx, CLI_BOLD),
		    cfg->system, cli_c(ctx, CLI_RESET), run->controls.n,
		    CONTROLS_DIR);
	assure_buf_printf(out, "%zu criteria in scope (", r->nrows);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++) {
		if (!(r->categories & scope_category_bit(
		    (enum assure_tsc_category)k)))
			continue;
		assure_buf_printf(out, "%s%s", first ? "" : ", ",
		    assure_catalog_category_name((enum assure_tsc_category)k));
		first = false;
	}
	assure_buf_printf(out, "): %zu covered, %zu partial, %zu gap\n\n",
	    r->counts[GAP_COVERED], r->counts[GAP_PARTIAL],
	    r->counts[GAP_GAP]);
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		assure_buf_printf(out, "  %-6s %s%-8s%s %s\n", row->tsc->id,
		    cli_c(ctx, status_color(row->status)),
		    gap_status_name(row->status), cli_c(ctx, CLI_RESET),
		    row->reason);
	}
	assure_buf_printf(out, "\n%sSOC 2 items ISO/IEC 27001 does not ask "
	    "for:%s\n", cli_c(ctx, CLI_BOLD), cli_c(ctx, CLI_RESET));
	for (i = 0; i < r->nitems; i++) {
		assure_buf_printf(out, "  %s%-10s%s %s%s%s\n",
		    cli_c(ctx, r->items[i].status == GAP_ITEM_OPEN ?
		    CLI_RED : CLI_GREEN),
		    gap_item_status_name(r->items[i].status),
		    cli_c(ctx, CLI_RESET), r->items[i].tsc != NULL ?
		    r->items[i].id : "", r->items[i].tsc != NULL ? " " : "",
		    r->items[i].title);
		assure_buf_printf(out, "             %s%s%s\n",
		    cli_c(ctx, CLI_DIM), r->items[i].detail,
		    cli_c(ctx, CLI_RESET));
	}
	if (r->nexcluded > 0) {
		assure_buf_printf(out, "\n%sNot applicable in the SoA, yet "
		    "in-scope criteria are paired with them:%s\n",
		    cli_c(ctx, CLI_BOLD), cli_c(ctx, CLI_RESET));
		for (i = 0; i < r->nexcluded; i++) {
			e = r->excluded[i];
			assure_buf_printf(out, "  %-5s %s (", e->iso->id,
			    e->iso->title);
			for (j = n = 0; j < e->iso->npairs; j++)
				if (scope_in_scope(e->iso->pairs[j]->tsc,
				    r->categories))
					assure_buf_printf(out, "%s%s",
					    n++ > 0 ? ", " : "",
					    e->iso->pairs[j]->tsc->id);
			assure_buf_printf(out, "): %s\n",
			    e->justification != NULL ? e->justification : "");
		}
	}
	if (r->source == GAP_FROM_SOA && r->unlisted > 0)
		assure_buf_printf(out, "\nThe SoA does not list %zu Annex A "
		    "controls; they count as not implemented.\n",
		    r->unlisted);
}

static int
run_gap(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct gap_run run;
	struct gapdoc g;
	struct assure_diag d;
	struct assure_buf out;
	const char *soa;
	int ret;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "gap takes no arguments (give the "
		    "Statement of Applicability with --soa FILE)");
	soa = cli_opt(ctx, "soa");
	if (soa != NULL && *soa == '\0')
		return cli_usage(ctx, "--soa needs a file name");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	if (gap_run(ws->root, &ws->cfg, soa, &run, &d) != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		memset(&g, 0, sizeof(g));
		g.cfg = &ws->cfg;
		g.cat = run.cat;
		g.gap = &run.report;
		g.soa = run.have_soa ? &run.soa : NULL;
		g.soa_digest = run.have_soa ? run.soa_digest : NULL;
		g.controls = run.have_controls ? &run.controls : NULL;
		g.generated = assure_now();
		report_gap(&g, DOC_JSON, &out);
	} else
		gap_text(ctx, &ws->cfg, &run, &out);
	ret = cli_write_out(ctx, &out);
	if (ret == CLI_EXIT_OK && run.report.counts[GAP_GAP] > 0)
		ret = CLI_EXIT_FAIL;
	assure_buf_free(&out);
	gap_run_release(&run);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_gap_def = {
	.name = "gap",
	.args = NULL,
	.summary = "Judge each criterion in scope covered, partial or gap",
	.description = "For every criterion of the categories in scope: "
	    "covered, partial or gap.\n\n"
	    "With --soa FILE, from an ISO/IEC 27001:2022 Statement of "
	    "Applicability (CSV:\ncontrol id, applicable, implementation "
	    "status, justification) through the\nbuilt-in cross-walk: "
	    "covered when an applicable, implemented Annex A control\nwith "
	    "grade equal or superset is paired with the criterion; partial "
	    "when some\npaired control is implemented or partially "
	    "implemented; gap otherwise, and for\ncriteria with no Annex A "
	    "counterpart.\n\n"
	    "Without it, from controls/: covered when an implemented control "
	    "maps the\ncriterion, partial when only partially implemented "
	    "ones do, gap otherwise.\n\n"
	    "Also lists the SOC 2 items ISO 27001 does not ask for: the "
	    "System Description,\nCUECs and the monitoring of sub-service "
	    "organisations.  Exits 1 when any\ncriterion in scope is a gap.",
	.options = gap_options,
	.run = run_gap,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
