/*
 * sources.c: a source's collect: settings turned into its collector's
 * target (see sources.h).
 */
#include "common/compat.h"

#include <string.h>

#include "collect/github.h"
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

static enum assure_err
run_github(struct workspace *ws, const struct config *cfg,
    const struct http_opts *ho, const struct collect_progress *pr,
    int64_t now, struct collect_result *ret, struct assure_diag *d)
{
	const struct collect_settings *cs = &cfg->collect.src[COLLECT_GITHUB];
	const char *repos[SOURCES_LIST_MAX], *branches[SOURCES_LIST_MAX];
	struct github_target t;

	memset(&t, 0, sizeof(t));
	t.base_url = cs->base_url[0] != '\0' ? cs->base_url : NULL;
	t.nrepos = list_ptrs(&cfg->collect.repos, repos);
	t.repos = repos;
	/* The branches to read protection of: collect's own, else the
	 * production branches the change tests judge. */
	t.nbranches = list_ptrs(cfg->collect.branches.n > 0 ?
	    &cfg->collect.branches : &cfg->change.branches, branches);
	t.branches = branches;
	t.org = cs->org[0] != '\0' ? cs->org : NULL;
	t.token_secret = cs->token[0] != '\0' ? cs->token : NULL;
	return collect_github(ws, &t, ho, pr, now, ret, d);
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
