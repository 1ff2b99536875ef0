/*
 * cmd_evaluate.c: `assure evaluate [--as-of TIME]`: run every test in
 * scope, record the evaluation, and print it.
 */
#include "common/compat.h"

#include <string.h>

#include "cli/cli.h"
#include "cli/render.h"
#include "common/timeutil.h"
#include "catalog/catalog.h"
#include "controls/controls.h"
#include "rules/rules.h"
#include "scope/scope.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

static const struct cli_option evaluate_options[] = {
	{ "as-of", "TIME", "evaluate as of this instant, over the evidence "
	    "that spoke for it (default: now)", false },
	{ NULL, NULL, NULL, false },
};

static int
run_evaluate(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	const struct assure_catalog *cat;
	struct scope *scope = NULL;
	struct control_set cs;
	struct policy_set ps;
	char cdir[WORKSPACE_PATH_MAX + 16];
	enum assure_err rc;
	struct evaluation ev;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	size_t c[VERDICT__MAX];
	const char *v;
	int64_t as_of;
	int ret;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "evaluate takes no arguments");
	as_of = assure_now();
	v = cli_opt(ctx, "as-of");
	if (v != NULL && assure_time_parse(v, strlen(v), &as_of) != 0)
		return cli_usage(ctx, "--as-of: expected a date or an RFC 3339 "
		    "instant, got '%s'", v);
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	/* The scope's scan targets, when there is a scope.yaml. */
	if (assure_catalog_get(&cat, &d) != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	rc = scope_load_workspace(ws->root, cat, &scope, &d);
	if (rc != ASSURE_OK && rc != ASSURE_ERR_NOTFOUND) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	assure_diag_clear(&d);
	ws->cfg.scope = rc == ASSURE_OK ? scope : NULL;
	/* The controls, which vendors' CSOCs map to. */
	control_set_init(&cs);
	if (snprintf(cdir, sizeof(cdir), "%s/%s", ws->root, CONTROLS_DIR) >=
	    (int)sizeof(cdir) ||
	    controls_load_dir(&cs, cdir, cat, &d) != ASSURE_OK) {
		if (d.msg[0] == '\0')
			assure_diag_set(&d, ASSURE_ERR_LIMIT, ws->root, 0, 0,
			    NULL, "path too long");
		control_set_release(&cs);
		scope_free(scope);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	ws->cfg.controls = &cs;
	/* The policies, whose approvals the policy tests judge. */
	policy_set_init(&ps);
	if (snprintf(cdir, sizeof(cdir), "%s/policies", ws->root) >=
	    (int)sizeof(cdir) || policies_load_dir(&ps, cdir, &d) !=
	    ASSURE_OK) {
		if (d.msg[0] == '\0')
			assure_diag_set(&d, ASSURE_ERR_LIMIT, ws->root, 0, 0,
			    NULL, "path too long");
		policy_set_release(&ps);
		control_set_release(&cs);
		scope_free(scope);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	ws->cfg.policies = &ps;
	cli_progress(ctx, "evaluate", 0, 0);
	rc = evaluation_run(ws->store, &ws->cfg, as_of, &ev, &d);
	ws->cfg.scope = NULL;
	ws->cfg.controls = NULL;
	ws->cfg.policies = NULL;
	scope_free(scope);
	control_set_release(&cs);
	policy_set_release(&ps);
	if (rc != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	if (evaluation_record(ws->store, ws->ledger, &ev, &d) != ASSURE_OK) {
		evaluation_release(&ev);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
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
	    "can replay\nhistory.  Exits 1 when any test does not pass.",
	.options = evaluate_options,
	.run = run_evaluate,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
