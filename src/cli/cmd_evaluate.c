/*
 * cmd_evaluate.c: `assure evaluate [--as-of TIME]`: run every test in
 * scope, record the evaluation, and print it.  With --period START..END
 * --every DURATION, replay the period instead: one recorded evaluation
 * at the end of each step, so that the history a Type 2 report reads is
 * filled.
 */
#include "common/compat.h"

#include <string.h>

#include "cli/cli.h"
#include "cli/render.h"
#include "common/timeutil.h"
#include "rules/rules.h"
#include "workspace/config.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

/* Steps of one replay, at most: every hour of a year and a half. */
#define EVALUATE_STEPS_MAX	13200

static const struct cli_option evaluate_options[] = {
	{ "as-of", "TIME", "evaluate as of this instant, over the evidence "
	    "that spoke for it (default: now)", false },
	{ "period", "START..END", "replay this period: one evaluation at the "
	    "end of each step of --every, the last at END", false },
	{ "every", "DURATION", "with --period: the step (1h to 366d, e.g. 1d, "
	    "1w; default 1d)", false },
	{ NULL, NULL, NULL, false },
};

/* Run, record and (singly) print the evaluation as of as_of. */
static enum assure_err
evaluate_one(struct workspace *ws, int64_t as_of, struct evaluation *ev,
    struct assure_diag *d)
{
	enum assure_err rc;

	rc = evaluation_run(ws->store, &ws->cfg, as_of, ev, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = evaluation_record(ws->store, ws->ledger, ev, d);
	if (rc != ASSURE_OK)
		evaluation_release(ev);
	return rc;
}

/* One line of a replay: the instant, the id and the counts. */
static void
replay_line(struct cli_ctx *ctx, const struct evaluation *ev,
    struct assure_buf *out, struct jsonw *w)
{
	size_t c[VERDICT__MAX];
	char t[ASSURE_TIME_STRLEN];

	evaluation_counts(ev, c);
	assure_time_format(ev->as_of, t);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_obj_open(w);
		jsonw_ktime(w, "as_of", ev->as_of, true);
		jsonw_kstr(w, "evaluation", ev->id);
		jsonw_kint(w, "tests", (long long)ev->n);
		jsonw_kint(w, "pass", (long long)c[VERDICT_PASS]);
		jsonw_kint(w, "fail", (long long)c[VERDICT_FAIL]);
		jsonw_kint(w, "no_evidence",
		    (long long)c[VERDICT_NO_EVIDENCE]);
		jsonw_kint(w, "error", (long long)c[VERDICT_ERROR]);
		jsonw_obj_close(w);
		return;
	}
	assure_buf_printf(out, "%s  %s  %zu pass, %zu fail, %zu no evidence",
	    t, ev->id, c[VERDICT_PASS], c[VERDICT_FAIL],
	    c[VERDICT_NO_EVIDENCE]);
	if (c[VERDICT_ERROR] > 0)
		assure_buf_printf(out, ", %zu error", c[VERDICT_ERROR]);
	assure_buf_adds(out, "\n");
}

static int
run_replay(struct cli_ctx *ctx, struct workspace *ws, int64_t start,
    int64_t end, int64_t every)
{
	struct evaluation ev;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	unsigned long long steps, k;
	int64_t at;
	bool all_pass = true;
	size_t c[VERDICT__MAX];
	int ret;

	steps = (unsigned long long)((end - start) / every) + 1;
	if (steps > EVALUATE_STEPS_MAX)
		return cli_usage(ctx, "--every: %llu steps over the period; at "
		    "most %d", steps, EVALUATE_STEPS_MAX);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_key(&w, "evaluations");
		jsonw_arr_open(&w);
	}
	for (k = 1; k <= steps; k++) {
		/* The end of the k-th step, and the period's end last. */
		at = start + (int64_t)k * every - 1;
		if (at > end || k == steps)
			at = end;
		cli_progress(ctx, "evaluate", k, steps);
		assure_diag_clear(&d);
		if (evaluate_one(ws, at, &ev, &d) != ASSURE_OK) {
			cli_progress_end(ctx);
			assure_buf_free(&out);
			return cli_diag(ctx, &d);
		}
		evaluation_counts(&ev, c);
		all_pass = all_pass && c[VERDICT_PASS] == ev.n;
		replay_line(ctx, &ev, &out, &w);
		evaluation_release(&ev);
		if (at == end)
			break;
	}
	cli_progress_end(ctx);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	if (ret == CLI_EXIT_OK && !all_pass)
		ret = CLI_EXIT_FAIL;
	return ret;
}

static int
run_evaluate(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct design des;
	struct evaluation ev;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	size_t c[VERDICT__MAX];
	const char *v, *period, *every;
	int64_t as_of, start = 0, end = 0, step = 86400;
	int ret;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "evaluate takes no arguments");
	as_of = assure_now();
	v = cli_opt(ctx, "as-of");
	period = cli_opt(ctx, "period");
	every = cli_opt(ctx, "every");
	if (v != NULL && period != NULL)
		return cli_usage(ctx, "give --as-of or --period, not both");
	if (every != NULL && period == NULL)
		return cli_usage(ctx, "--every needs --period START..END");
	if (v != NULL && assure_time_parse(v, strlen(v), &as_of) != 0)
		return cli_usage(ctx, "--as-of: expected a date or an RFC 3339 "
		    "instant, got '%s'", v);
	if (period != NULL && config_parse_period(period, &start, &end) != 0)
		return cli_usage(ctx, "--period: expected START..END (dates or "
		    "RFC 3339 instants, START before END), got '%s'", period);
	if (every != NULL && (assure_duration_parse(every, &step) != 0 ||
	    step < 3600 || step > 366 * 86400))
		return cli_usage(ctx, "--every: expected a duration from 1h to "
		    "366d, got '%s'", every);
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	/* The scope's scan targets, the controls vendors' CSOCs map to, the
	 * policies whose approvals the policy tests judge. */
	if (design_load(ws, &des, &d) != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	if (period != NULL) {
		ret = run_replay(ctx, ws, start, end, step);
		design_release(&des);
		workspace_close(ws);
		return ret;
	}
	cli_progress(ctx, "evaluate", 0, 0);
	if (evaluate_one(ws, as_of, &ev, &d) != ASSURE_OK) {
		design_release(&des);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	design_release(&des);
	cli_progress_end(ctx);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		evaluation_json(&ev, &w);
	} else {
		render_summary(ctx, &ev, &out);
		render_tests(ctx, &ev, true, &out);
	}
	ret = cli_write_out(ctx, &out);
	evaluation_counts(&ev, c);
	if (ret == CLI_EXIT_OK && c[VERDICT_PASS] != ev.n)
		ret = CLI_EXIT_FAIL;
	assure_buf_free(&out);
	evaluation_release(&ev);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_evaluate_def = {
	.name = "evaluate",
	.args = NULL,
	.summary = "Run every test in scope and record the evaluation",
	.description = "Each test looks at the newest evidence that speaks "
	    "for an instant no later\nthan --as-of.  Evidence older than the "
	    "freshness window in assure.yaml is\nstale: the test says "
	    "no_evidence, never pass.  The evaluation (each result,\nits "
	    "exceptions and the evidence used) is recorded so that reports "
	    "can replay\nhistory.\n\n"
	    "--period START..END --every DURATION replays a period: an "
	    "evaluation as of\nthe end of each step (START + k x DURATION "
	    "less one second), the last as of\nEND, each recorded, one line "
	    "each.  A Type 2 report counts them as the\noccurrences of the "
	    "controls whose tests they ran.\n\n"
	    "Exits 1 when any test does not pass (in any evaluation of a "
	    "replay).",
	.options = evaluate_options,
	.run = run_evaluate,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
