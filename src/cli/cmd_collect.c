/*
 * cmd_collect.c: `assure collect SOURCE [options]`: one collection run
 * (collect/run.h) against a system's API.
 *
 * The sources are a table: a name and a function that turns the command
 * line into that collector's target and runs it, so that each new
 * collector is one row.  A run prints one line per page kept and a
 * summary (pages, records, complete or not).  Exit 0 when the run is
 * complete, 1 when it ended incomplete (its pages are kept, but left out
 * of the populations), 2 when no run could be made (usage, no
 * credential, the store).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "collect/collect.h"
#include "collect/aws.h"
#include "collect/github.h"
#include "collect/google.h"
#include "collect/graph.h"
#include "collect/http.h"
#include "collect/sources.h"
#include "collect/jira.h"
#include "collect/okta.h"
#include "collect/pagerduty.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "workspace/workspace.h"

static const struct cli_option collect_options[] = {
	{ "repo", "OWNER/NAME", "github: a repository (repeatable)", true },
	{ "org", "ORG", "github: the organisation whose members are read",
	    false },
	{ "branch", "B", "github: a branch whose protection is read "
	    "(repeatable; default: each repository's default branch)", true },
	{ "base-url", "URL", "the API's base URL (GitHub Enterprise Server: "
	    "https://HOST/api/v3; jira: the site, https://acme.atlassian.net)",
	    false },
	{ "domain", "HOST", "okta: the org's domain (acme.okta.com)", false },
	{ "email", "ADDRESS", "jira: the account the token belongs to", false },
	{ "jql", "QUERY", "jira: the JQL query selecting the issues", false },
	{ "key-file", "FILE", "google: the service account's key file "
	    "(outside the workspace)", false },
	{ "subject", "EMAIL", "google: the administrator the service account "
	    "impersonates", false },
	{ "customer", "ID", "google: the customer (default my_customer)",
	    false },
	{ "token-url", "URL", "google, graph: the token endpoint (google: "
	    "default the key's token_uri; graph: the login host, default "
	    "https://login.microsoftonline.com)", false },
	{ "tenant", "TENANT", "graph: the Entra ID tenant (GUID or domain)",
	    false },
	{ "client-id", "ID", "graph: the app registration's client id",
	    false },
	{ "region", "REGION", "aws: the region IAM requests are signed for "
	    "(default us-east-1)", false },
	{ NULL, NULL, NULL, false },
};

struct printer {
	struct cli_ctx	*ctx;
	bool		 quiet;	/* --format json: the summary only */
};

static void
print_page(void *arg, const char *kind, const char *url, size_t records)
{
	struct printer *p = arg;

	if (!p->quiet)
		printf("%-28s %6zu records  %s\n", kind, records, url);
	fflush(stdout);
}

static void
print_note(void *arg, const char *msg)
{
	struct printer *p = arg;

	cli_note(p->ctx, "%s", msg);
}

static void
print_wait(void *arg, const char *url, unsigned status, long seconds)
{
	struct printer *p = arg;

	if (status != 0)
		cli_note(p->ctx, "%s: HTTP %u, waiting %ld s", url, status,
		    seconds);
	else
		cli_note(p->ctx, "%s: no answer, waiting %ld s", url,
		    seconds);
}

#define COLLECT_LIST_MAX	256

static int
source_github(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	const char *repos[COLLECT_LIST_MAX], *branches[COLLECT_LIST_MAX], *v;
	struct github_target t;
	int it = 0;

	memset(&t, 0, sizeof(t));
	while ((v = cli_opt_next(ctx, "repo", &it)) != NULL) {
		if (t.nrepos == COLLECT_LIST_MAX)
			return cli_usage(ctx, "at most %d --repo",
			    COLLECT_LIST_MAX);
		repos[t.nrepos++] = v;
	}
	it = 0;
	while ((v = cli_opt_next(ctx, "branch", &it)) != NULL) {
		if (t.nbranches == COLLECT_LIST_MAX)
			return cli_usage(ctx, "at most %d --branch",
			    COLLECT_LIST_MAX);
		branches[t.nbranches++] = v;
	}
	t.repos = repos;
	t.branches = branches;
	t.org = cli_opt(ctx, "org");
	t.base_url = cli_opt(ctx, "base-url");
	if (t.nrepos == 0 && t.org == NULL)
		return cli_usage(ctx, "collect github needs --repo or --org");
	if (collect_github(ws, &t, ho, pr, assure_now(), res, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

static int
source_google(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	struct google_target t;

	memset(&t, 0, sizeof(t));
	t.key_file = cli_opt(ctx, "key-file");
	t.subject = cli_opt(ctx, "subject");
	t.customer = cli_opt(ctx, "customer");
	t.base_url = cli_opt(ctx, "base-url");
	t.token_url = cli_opt(ctx, "token-url");
	if (t.key_file == NULL || t.subject == NULL)
		return cli_usage(ctx, "collect google needs --key-file and "
		    "--subject");
	if (collect_google(ws, &t, ho, pr, assure_now(), res, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

static int
source_graph(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	struct graph_target t;

	memset(&t, 0, sizeof(t));
	t.tenant = cli_opt(ctx, "tenant");
	t.client_id = cli_opt(ctx, "client-id");
	t.base_url = cli_opt(ctx, "base-url");
	t.login_url = cli_opt(ctx, "token-url");
	if (t.tenant == NULL || t.client_id == NULL)
		return cli_usage(ctx, "collect graph needs --tenant and "
		    "--client-id");
	if (collect_graph(ws, &t, ho, pr, assure_now(), res, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

static int
source_aws(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	struct aws_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = cli_opt(ctx, "base-url");
	t.region = cli_opt(ctx, "region");
	if (collect_aws(ws, &t, ho, pr, assure_now(), res, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

static int
source_okta(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	struct okta_target t;

	memset(&t, 0, sizeof(t));
	t.domain = cli_opt(ctx, "domain");
	t.base_url = cli_opt(ctx, "base-url");
	if (t.domain == NULL && t.base_url == NULL)
		return cli_usage(ctx, "collect okta needs --domain");
	if (collect_okta(ws, &t, ho, pr, assure_now(), res, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

static int
source_jira(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	struct jira_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = cli_opt(ctx, "base-url");
	t.email = cli_opt(ctx, "email");
	t.jql = cli_opt(ctx, "jql");
	if (t.base_url == NULL || t.email == NULL || t.jql == NULL)
		return cli_usage(ctx, "collect jira needs --base-url, --email "
		    "and --jql");
	if (collect_jira(ws, &t, ho, pr, assure_now(), res, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

static int
source_pagerduty(struct cli_ctx *ctx, struct workspace *ws,
    const struct http_opts *ho, const struct collect_progress *pr,
    struct collect_result *res, struct assure_diag *d)
{
	struct pagerduty_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = cli_opt(ctx, "base-url");
	if (collect_pagerduty(ws, &t, ho, pr, assure_now(), res, d) !=
	    ASSURE_OK)
		return cli_diag(ctx, d);
	return CLI_EXIT_OK;
}

/* The sources: one row per collector. */
static const struct source {
	const char	*name;
	int		(*run)(struct cli_ctx *, struct workspace *,
			    const struct http_opts *,
			    const struct collect_progress *,
			    struct collect_result *, struct assure_diag *);
} sources[] = {
	{ "github", source_github },
	{ "google", source_google },
	{ "graph", source_graph },
	{ "aws", source_aws },
	{ "okta", source_okta },
	{ "jira", source_jira },
	{ "pagerduty", source_pagerduty },
};

/* Whether a target flag was given: then the flags are the targets. */
static bool
target_flags(const struct cli_ctx *ctx)
{
	const struct cli_option *o;

	for (o = collect_options; o->name != NULL; o++)
		if (cli_has(ctx, o->name))
			return true;
	return false;
}

/* Whether assure.yaml's collect: has a section for the source name. */
static bool
source_configured(const struct workspace *ws, const char *name,
    enum collect_source *ret)
{
	const char *n;
	int i;

	for (i = 0; i < COLLECT_SOURCES; i++) {
		n = config_collect_source_name((enum collect_source)i);
		if (n != NULL && strcmp(n, name) == 0 &&
		    ws->cfg.collect.src[i].set) {
			*ret = (enum collect_source)i;
			return true;
		}
	}
	return false;
}

static int
run_collect(struct cli_ctx *ctx)
{
	enum collect_source cs;
	const struct source *src = NULL;
	struct workspace *ws = NULL;
	struct collect_progress pr;
	struct collect_result res;
	struct http_opts ho;
	struct printer p;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	size_t i;
	int ret;

	if (ctx->nargs != 1)
		return cli_usage(ctx, "collect needs one SOURCE (github, "
		    "google, graph, aws, okta, jira, pagerduty)");
	for (i = 0; i < ASSURE_ARRAY_LEN(sources); i++)
		if (strcmp(sources[i].name, ctx->args[0]) == 0)
			src = &sources[i];
	if (src == NULL)
		return cli_usage(ctx, "unknown source %s (github, google, "
		    "graph, aws, okta, jira, pagerduty)", ctx->args[0]);
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.quiet = ctx->format == CLI_FORMAT_JSON;
	memset(&pr, 0, sizeof(pr));
	pr.page = print_page;
	pr.note = print_note;
	pr.arg = &p;
	memset(&ho, 0, sizeof(ho));
	ho.on_wait = print_wait;
	ho.arg = &p;
	memset(&res, 0, sizeof(res));
	if (!target_flags(ctx) && source_configured(ws, src->name, &cs))
		ret = collect_source(ws, &ws->cfg, cs, &ho, &pr, assure_now(),
		    &res, &d) == ASSURE_OK ? CLI_EXIT_OK : cli_diag(ctx, &d);
	else
		ret = src->run(ctx, ws, &ho, &pr, &res, &d);
	workspace_close(ws);
	if (ret != CLI_EXIT_OK)
		return ret;
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "source", src->name);
		jsonw_kint(&w, "run", (long long)res.run_id);
		jsonw_kint(&w, "pages", (long long)res.pages);
		jsonw_kint(&w, "records", (long long)res.records);
		jsonw_kbool(&w, "complete", res.complete);
		jsonw_key(&w, "note");
		jsonw_str_or_null(&w, res.complete ? NULL : res.why);
		jsonw_obj_close(&w);
		assure_buf_addc(&out, '\n');
	} else
		assure_buf_printf(&out, "run %lld: %zu pages, %zu records, "
		    "%s%s%s\n", (long long)res.run_id, res.pages,
		    res.records, res.complete ? "complete" : "incomplete",
		    res.complete ? "" : ": ", res.complete ? "" : res.why);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	if (ret != CLI_EXIT_OK)
		return ret;
	return res.complete ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

const struct cli_command cmd_collect_def = {
	.name = "collect",
	.args = "github --repo OWNER/NAME... [--org ORG] [--branch B]... "
	    "[--base-url URL] | google --key-file FILE --subject EMAIL "
	    "[--customer ID] | graph --tenant TENANT --client-id ID | aws "
	    "[--region REGION] | okta --domain HOST | jira --base-url URL "
	    "--email ADDRESS --jql QUERY | pagerduty [--base-url URL]",
	.summary = "Collect evidence from a system's API in one run",
	.description = "One collection run: every page the source's API "
	    "gives is kept as evidence\nof its kind (as assure ingest would) "
	    "and logged in the ledger with the\nrun.  A run that fails "
	    "part-way keeps its pages but is incomplete, and\nthe tests leave "
	    "an incomplete run's evidence out of their populations.\ngithub "
	    "reads pull requests, reviews, deployments and their statuses,\n"
	    "branch protection and the organisation's members, with the "
	    "secret\ngithub-token (assure secret set github-token) or "
	    "$GITHUB_TOKEN.\ngoogle reads the Workspace users (a service "
	    "account's key file,\nimpersonating an administrator); graph the "
	    "Entra ID users and their\nMFA registration (secret "
	    "graph-client-secret); aws the IAM credential\nreport and "
	    "authorization details (secrets aws-access-key-id and\n"
	    "aws-secret-access-key).\n"
	    "okta --domain HOST reads the users (and the deprovisioned ones),"
	    "\nthe active users' factors, the admins and the System Log "
	    "(secret\nokta-token or $OKTA_API_TOKEN); jira --base-url URL "
	    "--email ADDRESS\n--jql QUERY the issues with their changelog "
	    "(secret jira-token or\n$JIRA_API_TOKEN); pagerduty every "
	    "incident and the incidents' log\nentries (secret pagerduty-token "
	    "or $PAGERDUTY_TOKEN).\n"
	    "Without any of a source's flags, the source's section of "
	    "collect: in\nassure.yaml gives its targets (and the names of its "
	    "secrets).\nExit 0 when the run is complete, 1 when it is "
	    "incomplete.",
	.options = collect_options,
	.words = (const char *const[]){ "github", "google", "graph", "aws",
	    "okta", "jira", "pagerduty", NULL },
	.run = run_collect,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
