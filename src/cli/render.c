/*
 * render.c: the text rendering of an evaluation, shared by `assure
 * evaluate` (the summary and what failed) and `assure status` (readiness by
 * criterion and by test, with the exceptions).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/render.h"
#include "common/timeutil.h"

#define RENDER_EXCEPTIONS_SHOWN	10

static enum cli_color
verdict_color(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return CLI_GREEN;
	case VERDICT_FAIL:
	case VERDICT_ERROR:
		return CLI_RED;
	default:
		return CLI_YELLOW;
	}
}

static const char *
verdict_label(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "PASS";
	case VERDICT_FAIL:
		return "FAIL";
	case VERDICT_NO_EVIDENCE:
		return "NO EVIDENCE";
	default:
		return "ERROR";
	}
}

void
render_summary(const struct cli_ctx *ctx, const struct evaluation *ev,
    struct assure_buf *out)
{
	size_t c[VERDICT__MAX];
	char when[ASSURE_TIME_STRLEN];

	evaluation_counts(ev, c);
	assure_time_format(ev->as_of, when);
	assure_buf_printf(out, "Evaluation %s as of %s\n", ev->id, when);
	assure_buf_printf(out, "%s%zu of %zu tests pass%s", cli_c(ctx,
	    CLI_BOLD), c[VERDICT_PASS], ev->n, cli_c(ctx, CLI_RESET));
	assure_buf_printf(out, ": %s%zu fail%s, %s%zu no evidence%s, "
	    "%s%zu error%s\n",
	    c[VERDICT_FAIL] ? cli_c(ctx, CLI_RED) : "", c[VERDICT_FAIL],
	    c[VERDICT_FAIL] ? cli_c(ctx, CLI_RESET) : "",
	    c[VERDICT_NO_EVIDENCE] ? cli_c(ctx, CLI_YELLOW) : "",
	    c[VERDICT_NO_EVIDENCE],
	    c[VERDICT_NO_EVIDENCE] ? cli_c(ctx, CLI_RESET) : "",
	    c[VERDICT_ERROR] ? cli_c(ctx, CLI_RED) : "", c[VERDICT_ERROR],
	    c[VERDICT_ERROR] ? cli_c(ctx, CLI_RESET) : "");
}

void
render_tests(const struct cli_ctx *ctx, const struct evaluation *ev,
    bool only_failing, struct assure_buf *out)
{
	const struct test_result *r;
	size_t i, j;

	for (i = 0; i < ev->n; i++) {
		r = &ev->results[i];
		if (only_failing && r->verdict == VERDICT_PASS)
			continue;
		assure_buf_printf(out, "  %s%-11s%s %-16s %s\n",
		    cli_c(ctx, verdict_color(r->verdict)),
		    verdict_label(r->verdict), cli_c(ctx, CLI_RESET),
		    r->test_id, r->def != NULL ? r->def->title : "");
		assure_buf_printf(out, "  %-11s %-16s %scriteria %s; "
		    "population %lld; %zu exception%s", "", "",
		    cli_c(ctx, CLI_DIM), r->criteria, (long long)r->population,
		    result_failures(r), result_failures(r) == 1 ? "" : "s");
		if (r->nwarn > 0)
			assure_buf_printf(out, "; %zu warning%s", r->nwarn,
			    r->nwarn == 1 ? "" : "s");
		assure_buf_printf(out, "%s\n", cli_c(ctx, CLI_RESET));
		if (r->reason != NULL)
			assure_buf_printf(out, "  %-11s %-16s %s\n", "", "",
			    r->reason);
		for (j = 0; j < r->nexc && j < RENDER_EXCEPTIONS_SHOWN; j++)
			assure_buf_printf(out, "  %-11s %-16s %s %s: %s\n",
			    "", "", r->exc[j].warning ? "~" : "-",
			    r->exc[j].subject, r->exc[j].reason);
		if (r->nexc > RENDER_EXCEPTIONS_SHOWN)
			assure_buf_printf(out, "  %-11s %-16s ... and %zu more "
			    "(--format json lists them all)\n", "", "",
			    r->nexc - RENDER_EXCEPTIONS_SHOWN);
	}
}
