/*
 * cmd_review.c: `assure review start|decide|close|show`: access-review
 * campaigns (review/review.h).
 *
 *	review start SYSTEM [--tenant T] --by USER
 *	review decide CAMPAIGN ACCOUNT keep|revoke --by USER [--note TEXT]
 *	review close CAMPAIGN --by USER
 *	review show [CAMPAIGN]
 *
 * Each change is recorded in the ledger with a signed checkpoint.  The
 * instants are now (ASSURE_NOW overrides it, as everywhere).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/timeutil.h"
#include "review/review.h"
#include "workspace/workspace.h"

static const struct cli_option review_options[] = {
	{ "by", "USER", "who starts, decides or closes (required for "
	    "start, decide and close)", false },
	{ "tenant", "TENANT", "start: only this tenant of the system (an "
	    "Okta org, a domain, an AWS account)", false },
	{ "note", "TEXT", "decide: why, recorded with the decision", false },
	{ NULL, NULL, NULL, false },
};

static const char *
by_or_usage(struct cli_ctx *ctx)
{
	const char *by = cli_opt(ctx, "by");

	if (by == NULL || by[0] == '\0' || strlen(by) >= REVIEW_NAME_MAX)
		return NULL;
	return by;
}

static int
review_start_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	char id[REVIEW_ID_MAX], when[ASSURE_TIME_STRLEN];
	const char *by = by_or_usage(ctx), *tenant = cli_opt(ctx, "tenant");
	int64_t now = assure_now();
	size_t n = 0;
	int ret;

	if (ctx->nargs != 2)
		return cli_usage(ctx, "review start takes one SYSTEM");
	if (by == NULL)
		return cli_usage(ctx, "review start needs --by USER");
	assure_diag_clear(&d);
	if (review_start(ws, ctx->args[1], tenant, by, now, id, &n, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	assure_buf_init(&out, 0);
	assure_time_format(now, when);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", id);
		jsonw_kstr(&w, "system", ctx->args[1]);
		jsonw_key(&w, "tenant");
		jsonw_str_or_null(&w, tenant);
		jsonw_kint(&w, "accounts", (long long)n);
		jsonw_ktime(&w, "as_of", now, true);
		jsonw_obj_close(&w);
	} else {
		assure_buf_printf(&out, "Started %s: %zu accounts of %s%s%s "
		    "frozen as of %s\nNext: assure review decide %s ACCOUNT "
		    "keep|revoke --by USER\n", id, n, ctx->args[1],
		    tenant != NULL ? "/" : "", tenant != NULL ? tenant : "",
		    when, id);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static int
review_decide_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct assure_diag d;
	struct assure_buf out;
	const char *by = by_or_usage(ctx), *note = cli_opt(ctx, "note");
	int ret;

	if (ctx->nargs != 4)
		return cli_usage(ctx, "review decide takes CAMPAIGN ACCOUNT "
		    "keep|revoke");
	if (by == NULL)
		return cli_usage(ctx, "review decide needs --by USER");
	if (strcmp(ctx->args[3], "keep") != 0 &&
	    strcmp(ctx->args[3], "revoke") != 0)
		return cli_usage(ctx, "expected keep or revoke, got '%s'",
		    ctx->args[3]);
	if (note != NULL && strlen(note) >= REVIEW_NOTE_MAX)
		return cli_usage(ctx, "--note: longer than %d bytes",
		    REVIEW_NOTE_MAX - 1);
	assure_diag_clear(&d);
	if (review_decide(ws, ctx->args[1], ctx->args[2], ctx->args[3], by,
	    note, assure_now(), &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (ctx->format == CLI_FORMAT_JSON)
		return CLI_EXIT_OK;
	assure_buf_init(&out, 0);
	assure_buf_printf(&out, "%s: %s %s by %s\n", ctx->args[1],
	    ctx->args[3], ctx->args[2], by);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static int
review_close_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct assure_diag d;
	struct assure_buf out;
	const char *by = by_or_usage(ctx);
	int ret;

	if (ctx->nargs != 2)
		return cli_usage(ctx, "review close takes one CAMPAIGN");
	if (by == NULL)
		return cli_usage(ctx, "review close needs --by USER");
	assure_diag_clear(&d);
	if (review_close(ws, ctx->args[1], by, assure_now(), &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (ctx->format == CLI_FORMAT_JSON)
		return CLI_EXIT_OK;
	assure_buf_init(&out, 0);
	assure_buf_printf(&out, "Closed %s by %s\n", ctx->args[1], by);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static void
text_campaign(const struct review_campaign *c, bool with_items,
    struct assure_buf *out)
{
	const struct review_item *it;
	char t[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	size_t i;

	assure_time_format(c->started_at, t);
	assure_buf_printf(out, "%s  %s%s%s  %s  started %s by %s; %zu "
	    "accounts, %zu undecided", c->id, c->system,
	    c->tenant[0] != '\0' ? "/" : "", c->tenant,
	    c->closed ? "closed" : "open", t, c->started_by, c->nitems,
	    c->undecided);
	if (c->closed) {
		assure_time_format(c->closed_at, t2);
		assure_buf_printf(out, "; closed %s by %s", t2, c->closed_by);
	}
	assure_buf_addc(out, '\n');
	for (i = 0; with_items && i < c->nitems; i++) {
		it = &c->items[i];
		assure_buf_printf(out, "  %-9s %s/%s%s%s",
		    it->decision != NULL ? it->decision : "undecided",
		    it->tenant, it->login != NULL ? it->login : it->account_id,
		    it->is_admin == 1 ? "  admin" : "",
		    it->active == 0 ? "  inactive" : "");
		if (it->decision != NULL) {
			assure_time_format(it->decided_at, t2);
			assure_buf_printf(out, "  by %s %s", it->decided_by,
			    t2);
		}
		if (it->note != NULL)
			assure_buf_printf(out, "  (%s)", it->note);
		assure_buf_addc(out, '\n');
	}
}

static int
review_show_cmd(struct cli_ctx *ctx, struct workspace *ws)
{
	struct review_campaign *list = NULL, c;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	size_t i, n = 0;
	bool found;
	int ret = CLI_EXIT_OK;

	if (ctx->nargs > 2)
		return cli_usage(ctx, "review show takes at most one CAMPAIGN");
	assure_diag_clear(&d);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON)
		jsonw_init(&w, &out, true);
	if (ctx->nargs == 2) {
		if (review_load(ws->store, ctx->args[1], &c, &found, &d) !=
		    ASSURE_OK) {
			ret = cli_diag(ctx, &d);
			goto out;
		}
		if (!found) {
			ret = cli_error(ctx, "%s: no such campaign",
			    ctx->args[1]);
			goto out;
		}
		if (ctx->format == CLI_FORMAT_JSON)
			review_json(&c, true, &w);
		else
			text_campaign(&c, true, &out);
		review_campaign_release(&c);
		ret = cli_write_out(ctx, &out);
		goto out;
	}
	if (review_list(ws->store, &list, &n, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto out;
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_obj_open(&w);
		jsonw_key(&w, "campaigns");
		jsonw_arr_open(&w);
	} else if (n == 0) {
		assure_buf_adds(&out, "No access-review campaigns; start one "
		    "with 'assure review start SYSTEM --by USER'\n");
	}
	for (i = 0; i < n; i++) {
		if (review_load(ws->store, list[i].id, &c, &found, &d) !=
		    ASSURE_OK || !found) {
			ret = cli_diag(ctx, &d);
			goto out;
		}
		/* The list shows the undecided accounts of open campaigns. */
		if (ctx->format == CLI_FORMAT_JSON)
			review_json(&c, false, &w);
		else
			text_campaign(&c, !c.closed, &out);
		review_campaign_release(&c);
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	ret = cli_write_out(ctx, &out);
out:
	free(list);
	assure_buf_free(&out);
	return ret;
}

static int
run_review(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct assure_diag d;
	const char *verb;
	int ret;

	if (ctx->nargs < 1)
		return cli_usage(ctx, "review needs start, decide, close or "
		    "show");
	verb = ctx->args[0];
	if (strcmp(verb, "start") != 0 && strcmp(verb, "decide") != 0 &&
	    strcmp(verb, "close") != 0 && strcmp(verb, "show") != 0)
		return cli_usage(ctx, "unknown review command '%s' (expected "
		    "start, decide, close or show)", verb);
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, strcmp(verb, "show") == 0 ?
	    WORKSPACE_READONLY : 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (strcmp(verb, "start") == 0)
		ret = review_start_cmd(ctx, ws);
	else if (strcmp(verb, "decide") == 0)
		ret = review_decide_cmd(ctx, ws);
	else if (strcmp(verb, "close") == 0)
		ret = review_close_cmd(ctx, ws);
	else
		ret = review_show_cmd(ctx, ws);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_review_def = {
	.name = "review",
	.args = "start SYSTEM|decide CAMPAIGN ACCOUNT keep|revoke|"
	    "close CAMPAIGN|show [CAMPAIGN]",
	.summary = "Run access-review campaigns",
	.description = "start SYSTEM freezes the current accounts of a system "
	    "(--tenant: one tenant)\ninto a campaign.  decide records keep or "
	    "revoke for one account, named by\nlogin, e-mail or account id.  "
	    "close records completion once every account\nis decided.  show "
	    "lists the campaigns and their open decisions, or one\ncampaign "
	    "whole.  Every change is a ledger entry with a signed checkpoint;\n"
	    "iam.access_review reads the closed campaigns.",
	.options = review_options,
	.words = (const char *const[]){ "start", "decide", "close", "show",
	    NULL },
	.run = run_review,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
