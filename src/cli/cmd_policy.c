/*
 * cmd_policy.c: `assure policy list` (every policy, its digest and whether
 * its current text is approved) and `assure policy approve ID --by USER`
 * (record the approval of the current text, in the ledger).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "policy/approval.h"
#include "workspace/workspace.h"

static const struct cli_option policy_options[] = {
	{ "by", "USER", "approve: who approves (a member of management)",
	    false },
	{ NULL, NULL, NULL, false },
};

static int
run_policy(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct policy_set set;
	const struct policy *p;
	const struct policy_approval_row *last;
	struct policy_approvals ap;
	struct assure_diag d;
	struct assure_buf out;
	char dir[WORKSPACE_PATH_MAX], hex[ASSURE_SHA256_HEXLEN + 1];
	char t[ASSURE_TIME_STRLEN];
	const char *by, *state;
	size_t i;
	int ret = CLI_EXIT_OK;

	if (ctx->nargs < 1 || (strcmp(ctx->args[0], "list") != 0 &&
	    strcmp(ctx->args[0], "approve") != 0))
		return cli_usage(ctx, "policy needs list or approve ID");
	if (strcmp(ctx->args[0], "approve") == 0 && ctx->nargs != 2)
		return cli_usage(ctx, "policy approve needs one policy id");
	by = cli_opt(ctx, "by");
	if (strcmp(ctx->args[0], "approve") == 0 && (by == NULL ||
	    *by == '\0' || strlen(by) > 120))
		return cli_usage(ctx, "policy approve needs --by USER (1 to "
		    "120 characters)");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	policy_set_init(&set);
	if (snprintf(dir, sizeof(dir), "%s/policies", ws->root) >=
	    (int)sizeof(dir)) {
		ret = cli_error(ctx, "%s: path too long", ws->root);
		goto out;
	}
	if (policies_load_dir(&set, dir, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto out;
	}
	assure_buf_init(&out, 0);
	if (strcmp(ctx->args[0], "approve") == 0) {
		p = policies_find(&set, ctx->args[1]);
		if (p == NULL) {
			ret = cli_usage(ctx, "no policy '%s' in policies/",
			    ctx->args[1]);
			assure_buf_free(&out);
			goto out;
		}
		if (policy_approve(ws, p, by, assure_now(), &d) !=
		    ASSURE_OK) {
			ret = cli_diag(ctx, &d);
			assure_buf_free(&out);
			goto out;
		}
		assure_hex(p->body_sha256, sizeof(p->body_sha256), hex);
		assure_buf_printf(&out, "Approved %s version %s (sha256:%.16s"
		    "...) by %s\n", p->id, p->version, hex, by);
	} else {
		if (policy_approvals_load(ws->store, INT64_MAX, &ap, &d) !=
		    ASSURE_OK) {
			policy_approvals_release(&ap);
			ret = cli_diag(ctx, &d);
			assure_buf_free(&out);
			goto out;
		}
		for (i = 0; i < set.n; i++) {
			p = &set.v[i];
			assure_hex(p->body_sha256, sizeof(p->body_sha256),
			    hex);
			last = policy_approvals_newest(&ap, p->id, NULL);
			state = last == NULL ? "not approved" :
			    strcmp(last->sha, hex) == 0 ? "approved" :
			    "edited since its approval";
			t[0] = '\0';
			if (last != NULL)
				assure_date_format(last->at, t);
			assure_buf_printf(&out, "%-10s %-8s %-26s %s", p->id,
			    p->version, state, p->title);
			if (t[0] != '\0')
				assure_buf_printf(&out, "  (last approved %s)",
				    t);
			assure_buf_addc(&out, '\n');
		}
		policy_approvals_release(&ap);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
out:
	policy_set_release(&set);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_policy_def = {
	.name = "policy",
	.args = "list | approve ID --by USER",
	.summary = "List the policies, or approve one's current text",
	.description = "list shows every policy of policies/ with its "
	    "version and whether its current\ntext is approved.  approve "
	    "records the approval of the current text (the\nSHA-256 of its "
	    "body) by USER, now, in the store and the ledger: an edit\n"
	    "without a new approval is then visible to policy.approved.",
	.options = policy_options,
	.words = (const char *const[]){ "list", "approve", NULL },
	.run = run_policy,
	.flags = CLI_WORKSPACE,
};
