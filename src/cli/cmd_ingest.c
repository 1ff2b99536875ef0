/*
 * cmd_ingest.c: `assure ingest KIND FILE...`: add evidence files, each in
 * its own transaction; `assure ingest --list` names every kind.
 */
#include "common/compat.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"
#include "parse/chparse.h"
#include "parse/vparse.h"
#include "catalog/catalog.h"
#include "controls/controls.h"
#include "workspace/workspace.h"

static const struct cli_option ingest_options[] = {
	{ "list", NULL, "list the evidence kinds and exit", false },
	{ "as-of", "TIME", "the instant the evidence speaks for (default: "
	    "from the file where the format carries it, else now)", false },
	{ "period", "START..END", "the period the evidence speaks for "
	    "(instead of --as-of)", false },
	{ "collector", "NAME", "who or what collected it (default: "
	    "cli:USER@HOST)", false },
	{ "tenant", "NAME", "the tenant of an identity export (Okta org, "
	    "Google customer, Entra tenant, GitHub org, AWS account) when the "
	    "file does not name it", false },
	{ "user", "ID", "okta-factors: the user whose factors the file "
	    "lists", false },
	{ "map", "FROM=TO", "hr-csv: the column headed FROM is the field TO "
	    "(repeatable)", true },
	{ "repo", "OWNER/NAME", "change kinds: the repository (GitLab: the "
	    "project path) when the file does not name it, or to override "
	    "it", false },
	{ "branch", "NAME", "git-repo: the branch of a clone to read; "
	    "github-branch-protection: the branch of a \"not protected\" "
	    "answer", false },
	{ "change", "N", "github-reviews, gitlab-approvals: the pull or "
	    "merge request the file is about when it does not say", false },
	{ "asset", "NAME", "scanner kinds: the target scanned (host, image, "
	    "repository, URL) when the report does not name it, or to "
	    "override it", false },
	{ "control", "ID", "file the evidence against this control of "
	    "controls/ (board minutes, a signed review): an occurrence of the "
	    "control at its instant", false },
	{ NULL, NULL, NULL, false },
};

/* Whether id names a control of controls/ (a usage error if not). */
static int
known_control(struct cli_ctx *ctx, struct workspace *ws, const char *id)
{
	const struct assure_catalog *cat;
	struct control_set cs;
	struct assure_diag d;
	char dir[WORKSPACE_PATH_MAX + 16];
	bool found;

	assure_diag_clear(&d);
	control_set_init(&cs);
	if (snprintf(dir, sizeof(dir), "%s/%s", ws->root, CONTROLS_DIR) >=
	    (int)sizeof(dir))
		return cli_usage(ctx, "--control: the workspace path is too "
		    "long");
	if (assure_catalog_get(&cat, &d) != ASSURE_OK ||
	    controls_load_dir(&cs, dir, cat, &d) != ASSURE_OK) {
		control_set_release(&cs);
		return cli_diag(ctx, &d);
	}
	found = controls_find(&cs, id) != NULL;
	control_set_release(&cs);
	if (!found)
		return cli_usage(ctx, "--control: no control '%s' in %s/ (see "
		    "'assure status')", id, CONTROLS_DIR);
	return CLI_EXIT_OK;
}

static int
list_kinds(struct cli_ctx *ctx)
{
	struct assure_buf out;
	struct jsonw w;
	size_t i;
	int ret;

	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_arr_open(&w);
		for (i = 0; evidence_kinds[i] != NULL; i++) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "kind", evidence_kinds[i]->name);
			jsonw_kstr(&w, "summary", evidence_kinds[i]->summary);
			jsonw_kstr(&w, "formats", evidence_kinds[i]->formats);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
	} else {
		for (i = 0; evidence_kinds[i] != NULL; i++)
			assure_buf_printf(&out, "%s%s%s\n    %s.\n    Takes "
			    "%s.\n", cli_c(ctx, CLI_BOLD),
			    evidence_kinds[i]->name, cli_c(ctx, CLI_RESET),
			    evidence_kinds[i]->summary,
			    evidence_kinds[i]->formats);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static void
progress(uint64_t done, uint64_t total, void *arg)
{
	cli_progress(arg, "ingest", done, total);
}

static void
default_collector(char *out, size_t size)
{
	struct passwd *pw = getpwuid(geteuid());
	char host[256];

	if (gethostname(host, sizeof(host)) != 0)
		assure_strlcpy(host, "localhost", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	snprintf(out, size, "cli:%s@%s", pw != NULL ? pw->pw_name : "unknown",
	    host);
}

static int
run_ingest(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct ingest_opts o;
	struct ingest_result r;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	char collector[300], when[ASSURE_TIME_STRLEN], line[1400];
	char seen[ASSURE_TIME_STRLEN];
	char mapbuf[INGEST_MAPS_MAX][256];
	struct ingest_map maps[INGEST_MAPS_MAX];
	const char *v, *eq;
	int i, it, ret = CLI_EXIT_OK, nok = 0, ndup = 0, nbad = 0;

	if (cli_has(ctx, "list"))
		return list_kinds(ctx);
	if (ctx->nargs < 2)
		return cli_usage(ctx, "ingest needs a KIND and at least one "
		    "FILE (kinds: 'assure ingest --list')");
	memset(&o, 0, sizeof(o));
	o.kind = ctx->args[0];
	if (ingest_kind_find(o.kind) == NULL)
		return cli_usage(ctx, "unknown evidence kind '%s' (see "
		    "'assure ingest --list')", o.kind);
	v = cli_opt(ctx, "as-of");
	if (v != NULL) {
		if (assure_time_parse(v, strlen(v), &o.as_of) != 0)
			return cli_usage(ctx, "--as-of: expected a date or an "
			    "RFC 3339 instant, got '%s'", v);
		o.has_as_of = true;
	}
	v = cli_opt(ctx, "period");
	if (v != NULL) {
		if (o.has_as_of)
			return cli_usage(ctx, "give --as-of or --period, not "
			    "both");
		if (config_parse_period(v, &o.period_start, &o.period_end) != 0)
			return cli_usage(ctx, "--period: expected START..END, "
			    "got '%s'", v);
		o.has_period = true;
	}
	v = cli_opt(ctx, "collector");
	if (v != NULL) {
		if (*v == '\0' || strlen(v) >= sizeof(collector))
			return cli_usage(ctx, "--collector must be 1 to %zu "
			    "characters", sizeof(collector) - 1);
		assure_strlcpy(collector, v, sizeof(collector));
	} else
		default_collector(collector, sizeof(collector));
	o.collector = collector;
	v = cli_opt(ctx, "tenant");
	if (v != NULL) {
		if (*v == '\0' || strlen(v) > 255)
			return cli_usage(ctx, "--tenant must be 1 to 255 "
			    "characters");
		o.tenant = v;
	}
	v = cli_opt(ctx, "user");
	if (v != NULL) {
		if (*v == '\0' || strlen(v) > 255)
			return cli_usage(ctx, "--user must be 1 to 255 "
			    "characters");
		o.user = v;
	}
	it = 0;
	for (;;) {
		v = cli_opt_next(ctx, "map", &it);
		if (v == NULL)
			break;
		eq = strchr(v, '=');
		if (o.nmaps >= INGEST_MAPS_MAX)
			return cli_usage(ctx, "--map: at most %d",
			    INGEST_MAPS_MAX);
		if (eq == NULL || eq == v || eq[1] == '\0' ||
		    strlen(v) >= sizeof(mapbuf[0]))
			return cli_usage(ctx, "--map: expected FROM=TO, got "
			    "'%s'", v);
		assure_strlcpy(mapbuf[o.nmaps], v, sizeof(mapbuf[0]));
		mapbuf[o.nmaps][eq - v] = '\0';
		maps[o.nmaps].from = mapbuf[o.nmaps];
		maps[o.nmaps].to = mapbuf[o.nmaps] + (eq - v) + 1;
		o.nmaps++;
	}
	o.maps = maps;
	if (o.nmaps > 0 && strcmp(o.kind, "hr-csv") != 0)
		return cli_usage(ctx, "--map: only hr-csv takes it, not %s",
		    o.kind);
	if (o.user != NULL && strcmp(o.kind, "okta-factors") != 0)
		return cli_usage(ctx, "--user: only okta-factors takes it, "
		    "not %s", o.kind);
	if (o.tenant != NULL && (strcmp(o.kind, "hr-csv") == 0 ||
	    strcmp(o.kind, "bamboohr-report") == 0 ||
	    strcmp(o.kind, "aws-iam-credential-report") == 0))
		return cli_usage(ctx, "--tenant: %s takes no tenant", o.kind);
	for (it = 0; it < 3; it++) {
		static const char *const names[3] = { "repo", "branch",
		    "change" };
		const char **slot = it == 0 ? &o.repo : it == 1 ? &o.branch :
		    &o.change;

		v = cli_opt(ctx, names[it]);
		if (v == NULL)
			continue;
		if (*v == '\0' || strlen(v) > 255)
			return cli_usage(ctx, "--%s must be 1 to 255 "
			    "characters", names[it]);
		if (chg_format_find(o.kind) == CHG_FMT__MAX)
			return cli_usage(ctx, "--%s: only the change-management "
			    "kinds take it, not %s", names[it], o.kind);
		*slot = v;
	}
	v = cli_opt(ctx, "asset");
	if (v != NULL) {
		if (*v == '\0' || strlen(v) > 1024)
			return cli_usage(ctx, "--asset must be 1 to 1024 "
			    "characters");
		if (vuln_format_find(o.kind) == VULN_FMT__MAX)
			return cli_usage(ctx, "--asset: only the scanner kinds "
			    "take it, not %s", o.kind);
		o.asset = v;
	}
	if (o.change != NULL && strspn(o.change, "0123456789") !=
	    strlen(o.change))
		return cli_usage(ctx, "--change: expected a number, got '%s'",
		    o.change);
	o.progress = progress;
	o.progress_arg = ctx;

	o.control = cli_opt(ctx, "control");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (o.control != NULL && (ret = known_control(ctx, ws, o.control)) !=
	    CLI_EXIT_OK) {
		workspace_close(ws);
		return ret;
	}
	/* Copies left by an ingest killed an hour or more ago. */
	ingest_sweep_temps(ws);
	assure_buf_init(&out, 0);
	jsonw_init(&w, &out, true);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_obj_open(&w);
		jsonw_key(&w, "files");
		jsonw_arr_open(&w);
	}
	for (i = 1; i < ctx->nargs; i++) {
		o.path = ctx->args[i];
		o.collected_at = assure_now();
		assure_diag_clear(&d);
		if (ingest_file(ws, &o, &r, &d) != ASSURE_OK) {
			cli_diag(ctx, &d);
			nbad++;
			if (ctx->format == CLI_FORMAT_JSON) {
				assure_diag_format(&d, line, sizeof(line));
				jsonw_obj_open(&w);
				jsonw_kstr(&w, "file", o.path);
				jsonw_kstr(&w, "status", "rejected");
				jsonw_kstr(&w, "error", line);
				jsonw_obj_close(&w);
			}
			continue;
		}
		cli_progress_end(ctx);
		if (r.duplicate)
			ndup++;
		else
			nok++;
		assure_time_format(r.as_of, when);
		if (ctx->format == CLI_FORMAT_JSON) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "file", o.path);
			jsonw_kstr(&w, "status", r.duplicate ? "duplicate" :
			    "ingested");
			jsonw_kstr(&w, "evidence", r.digest);
			jsonw_kstr(&w, "kind", r.duplicate ? r.existing_kind :
			    o.kind);
			jsonw_kint(&w, "records", (long long)r.records);
			jsonw_kint(&w, "size", (long long)r.size);
			jsonw_kstr(&w, "as_of", when);
			jsonw_kstr(&w, "as_of_origin", r.as_of_origin);
			if (r.observed) {
				assure_time_format(r.observed_as_of, seen);
				jsonw_kstr(&w, "observed_as_of", seen);
			}
			if (o.control != NULL) {
				jsonw_kstr(&w, "control", o.control);
				jsonw_kbool(&w, "linked", r.linked);
			}
			jsonw_obj_close(&w);
		} else if (r.duplicate && r.observed) {
			assure_time_format(r.observed_as_of, seen);
			assure_buf_printf(&out, "%s: already stored as %s "
			    "(%s, as of %s); seen again as of %s\n", o.path,
			    r.digest, r.existing_kind, when, seen);
		} else if (r.duplicate) {
			assure_buf_printf(&out, "%s: already stored as %s "
			    "(%s, as of %s); nothing changed\n", o.path,
			    r.digest, r.existing_kind, when);
		} else {
			assure_buf_printf(&out, "%s: ingested %lu records, as "
			    "of %s (%s), %s%s%s\n", o.path, r.records, when,
			    strcmp(r.as_of_origin, "file") == 0 ?
			    "from the file" : strcmp(r.as_of_origin,
			    "given") == 0 ? "as given" : "collection time",
			    cli_c(ctx, CLI_BOLD), r.digest,
			    cli_c(ctx, CLI_RESET));
		}
		if (ctx->format != CLI_FORMAT_JSON && r.linked)
			assure_buf_printf(&out, "%s: filed against control "
			    "%s\n", o.path, o.control);
		else if (ctx->format != CLI_FORMAT_JSON && o.control != NULL)
			assure_buf_printf(&out, "%s: already filed against "
			    "control %s\n", o.path, o.control);
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_arr_close(&w);
		jsonw_kint(&w, "ingested", nok);
		jsonw_kint(&w, "duplicates", ndup);
		jsonw_kint(&w, "rejected", nbad);
		jsonw_obj_close(&w);
	}
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	workspace_close(ws);
	if (ret == CLI_EXIT_OK && nbad > 0)
		ret = CLI_EXIT_ERROR;
	return ret;
}

const struct cli_command cmd_ingest_def = {
	.name = "ingest",
	.args = "KIND FILE...",
	.summary = "Add evidence files to the workspace",
	.description = "Each file is stored once, by the SHA-256 of its bytes "
	    "as received, and\nparsed into population records in the same "
	    "transaction.  Identical bytes\nalready stored are a no-op that "
	    "says so.  A file that does not parse is\nrejected whole with "
	    "file:line:column: field: what was expected, and\nnothing of it "
	    "is stored; the other files are still ingested.",
	.options = ingest_options,
	.run = run_ingest,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
