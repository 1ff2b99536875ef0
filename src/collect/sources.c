/*
 * sources.c: a source's collect: settings turned into its collector's
 * target (see sources.h).
 */
#include "common/compat.h"

#include <string.h>

#include "collect/aws.h"
#include "collect/github.h"
#include "collect/google.h"
#include "collect/graph.h"
#include "collect/jira.h"
#include "collect/okta.h"
#include "collect/pagerduty.h"
#include "collect/sources.h"
#include "workspace/workspace.h"

#define SOURCES_LIST_MAX	CONFIG_LIST_MAX

/* The items of l as a pointer array (at most SOURCES_LIST_MAX). */
static size_t
list_ptrs(const struct config_list *l, const char **out)
{
	size_t i;

	for (i = 0; i < l->n && i < SOURCES_LIST_MAX; i++)
		out[i] = l->item[i];
	return i;
}

/* "" as NULL: the collector's default. */
static const char *
opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

static enum assure_err
run_github(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_GITHUB];
	const char *repos[SOURCES_LIST_MAX], *branches[SOURCES_LIST_MAX];
	struct github_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = opt(cs->base_url);
	t.nrepos = list_ptrs(&cfg->collect.repos, repos);
	t.repos = repos;
	/* The branches to read protection of: collect's own, else the
	 * production branches the change tests judge. */
	t.nbranches = list_ptrs(cfg->collect.branches.n > 0 ?
	    &cfg->collect.branches : &cfg->change.branches, branches);
	t.branches = branches;
	t.org = opt(cs->org);
	t.token_secret = opt(cs->token);
	return collect_github(ws, &t, ho, pr, now, ret, d);
}

static enum assure_err
run_google(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_GOOGLE];
	struct google_target t;

	memset(&t, 0, sizeof(t));
	t.key_file = cs->key_file;
	t.subject = cs->subject;
	t.customer = opt(cs->customer);
	return collect_google(ws, &t, ho, pr, now, ret, d);
}

static enum assure_err
run_graph(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_GRAPH];
	struct graph_target t;

	memset(&t, 0, sizeof(t));
	t.tenant = cs->tenant;
	t.client_id = cs->client_id;
	t.secret = opt(cs->client_secret);
	return collect_graph(ws, &t, ho, pr, now, ret, d);
}

static enum assure_err
run_aws(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_AWS];
	struct aws_target t;

	memset(&t, 0, sizeof(t));
	t.region = opt(cs->region);
	t.key_id_secret = opt(cs->access_key_id);
	t.secret_key_secret = opt(cs->secret_access_key);
	return collect_aws(ws, &t, ho, pr, now, ret, d);
}

static enum assure_err
run_okta(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_OKTA];
	struct okta_target t;

	memset(&t, 0, sizeof(t));
	t.domain = cs->domain;
	t.token_secret = opt(cs->token);
	return collect_okta(ws, &t, ho, pr, now, ret, d);
}

static enum assure_err
run_jira(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_JIRA];
	struct jira_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = cs->base_url;
	t.email = cs->email;
	t.jql = cs->jql;
	t.token_secret = opt(cs->token);
	return collect_jira(ws, &t, ho, pr, now, ret, d);
}

static enum assure_err
run_pagerduty(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs =
	    &cfg->collect.src[COLLECT_PAGERDUTY];
	struct pagerduty_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = opt(cs->base_url);
	t.token_secret = opt(cs->token);
	return collect_pagerduty(ws, &t, ho, pr, now, ret, d);
}

static const struct {
	enum collect_source	 src;
	enum assure_err		(*run)(struct workspace *,
				    const struct config *,
				    const struct http_opts *,
				    const struct collect_progress *, int64_t,
				    struct collect_result *,
				    struct assure_diag *);
} runners[] = {
	{ COLLECT_GITHUB, run_github },
	{ COLLECT_GOOGLE, run_google },
	{ COLLECT_GRAPH, run_graph },
	{ COLLECT_AWS, run_aws },
	{ COLLECT_OKTA, run_okta },
	{ COLLECT_JIRA, run_jira },
	{ COLLECT_PAGERDUTY, run_pagerduty },
};

bool
collect_source_supported(enum collect_source src)
{
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(runners); i++)
		if (runners[i].src == src)
			return true;
	return false;
}

enum assure_err
collect_source(struct workspace *ws, const struct config *cfg,
    enum collect_source src, const struct http_opts *ho,
    const struct collect_progress *pr, int64_t now,
    struct collect_result *ret, struct assure_diag *d)
{
	const char *name = config_collect_source_name(src);
	size_t i;

	memset(ret, 0, sizeof(*ret));
	if (!cfg->collect.src[src].set)
		return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
		    "collect", "assure.yaml has no collect.%s section",
		    name != NULL ? name : "?");
	for (i = 0; i < ASSURE_ARRAY_LEN(runners); i++)
		if (runners[i].src == src)
			return runners[i].run(ws, cfg, ho, pr, now, ret, d);
	return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0, "collect",
	    "no collector for %s yet", name != NULL ? name : "?");
}
