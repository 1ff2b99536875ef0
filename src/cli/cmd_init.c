/*
 * cmd_init.c: `assure init DIR`: a new workspace from the built-in
 * templates.
 */
#include "common/compat.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "workspace/workspace.h"

static const struct cli_option init_options[] = {
	{ "org", "NAME", "the service organisation (default: the folder's "
	    "name)", false },
	{ "system", "NAME", "the system under audit (default: the "
	    "organisation's name)", false },
	{ "categories", "LIST", "TSC categories in scope, comma-separated: "
	    "security, availability, processing-integrity, confidentiality, "
	    "privacy (default: security; security is always in)", false },
	{ "period", "START..END", "the observation period (default: the "
	    "twelve months ending today)", false },
	{ "timezone", "ZONE", "the organisation's time zone (default: UTC)",
	    false },
	{ NULL, NULL, NULL, false },
};

static void
categories_text(unsigned bits, char *out, size_t size)
{
	unsigned i;
	size_t l;

	out[0] = '\0';
	for (i = 0; i < TSC_NCATEGORIES; i++) {
		if (!(bits & (1u << i)))
			continue;
		l = strlen(out);
		snprintf(out + l, size - l, "%s%s", l > 0 ? ", " : "",
		    config_category_name(1u << i));
	}
}

static int
run_init(struct cli_ctx *ctx)
{
	struct config cfg;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	const char *dir, *v;
	char bad[64], cats[128], d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	char abs[PATH_MAX], base[PATH_MAX];
	enum assure_err rc;
	int ret;

	if (ctx->nargs > 1)
		return cli_usage(ctx, "init takes one folder, got %d",
		    ctx->nargs);
	if (ctx->nargs == 1)
		dir = ctx->args[0];
	else if (ctx->workspace_given)
		dir = ctx->workspace;
	else
		dir = ".";
	config_defaults(&cfg);
	v = cli_opt(ctx, "org");
	if (v == NULL) {
		if (realpath(dir, abs) == NULL)
			assure_strlcpy(abs, dir, sizeof(abs));
		assure_strlcpy(base, abs, sizeof(base));
		v = basename(base);
	}
	if (*v == '\0' || strlen(v) >= sizeof(cfg.organisation) ||
	    strpbrk(v, "\n\r") != NULL)
		return cli_usage(ctx, "--org must be one line of 1 to %zu "
		    "characters", sizeof(cfg.organisation) - 1);
	assure_strlcpy(cfg.organisation, v, sizeof(cfg.organisation));
	v = cli_opt(ctx, "system");
	if (v == NULL)
		v = cfg.organisation;
	if (*v == '\0' || strlen(v) >= sizeof(cfg.system) ||
	    strpbrk(v, "\n\r") != NULL)
		return cli_usage(ctx, "--system must be one line of 1 to %zu "
		    "characters", sizeof(cfg.system) - 1);
	assure_strlcpy(cfg.system, v, sizeof(cfg.system));
	v = cli_opt(ctx, "categories");
	if (v != NULL && config_parse_categories(v, &cfg.categories, bad,
	    sizeof(bad)) != 0)
		return cli_usage(ctx, "--categories: unknown category '%s' "
		    "(expected security, availability, processing-integrity, "
		    "confidentiality, privacy)", bad);
	v = cli_opt(ctx, "period");
	if (v != NULL && config_parse_period(v, &cfg.period_start,
	    &cfg.period_end) != 0)
		return cli_usage(ctx, "--period: expected START..END as dates "
		    "(2025-07-01..2026-06-30), got '%s'", v);
	v = cli_opt(ctx, "timezone");
	if (v != NULL) {
		if (*v == '\0' || strlen(v) >= sizeof(cfg.timezone) ||
		    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
		    "vwxyz0123456789/_+-") != strlen(v))
			return cli_usage(ctx, "--timezone: expected an IANA "
			    "zone name such as UTC or Europe/London");
		assure_strlcpy(cfg.timezone, v, sizeof(cfg.timezone));
	}
	assure_diag_clear(&d);
	rc = workspace_create(dir, &cfg, &d);
	if (rc != ASSURE_OK)
		return cli_diag(ctx, &d);

	categories_text(cfg.categories, cats, sizeof(cats));
	assure_date_format(cfg.period_start, d1);
	assure_date_format(cfg.period_end, d2);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "workspace", dir);
		jsonw_kstr(&w, "organisation", cfg.organisation);
		jsonw_kstr(&w, "system", cfg.system);
		jsonw_key(&w, "categories");
		jsonw_arr_open(&w);
		for (unsigned i = 0; i < TSC_NCATEGORIES; i++)
			if (cfg.categories & (1u << i))
				jsonw_str(&w, config_category_name(1u << i));
		jsonw_arr_close(&w);
		jsonw_key(&w, "observation_period");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "start", d1);
		jsonw_kstr(&w, "end", d2);
		jsonw_obj_close(&w);
		jsonw_obj_close(&w);
	} else {
		assure_buf_printf(&out, "Created the workspace of %s%s%s in "
		    "%s\n  system: %s\n  categories in scope: %s\n  "
		    "observation period: %s to %s\n\nNext: describe the "
		    "system in scope.yaml and adapt controls/, then:\n"
		    "  assure --workspace %s scope\n"
		    "  assure --workspace %s gap\n"
		    "  assure --workspace %s ingest aws-iam-credential-report "
		    "report.csv\n"
		    "  assure --workspace %s evaluate\n", cli_c(ctx, CLI_BOLD),
		    cfg.organisation, cli_c(ctx, CLI_RESET), dir, cfg.system,
		    cats, d1, d2, dir, dir, dir, dir);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

const struct cli_command cmd_init_def = {
	.name = "init",
	.args = "[DIR]",
	.summary = "Create a new workspace from the built-in templates",
	.description = "Writes assure.yaml (organisation, system, time zone, "
	    "categories in scope,\nobservation period, service levels), a "
	    "starter scope.yaml, the starter\ncontrol set in controls/, the "
	    "folders later steps fill (policies/,\nregisters/, evidence/), a "
	    ".gitignore, and in .assure/ the database and\nthe ledger's "
	    "signing key.  Refuses to overwrite an existing workspace.",
	.options = init_options,
	.run = run_init,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
