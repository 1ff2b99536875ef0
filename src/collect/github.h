/*
 * github.h: the GitHub collector (`assure collect github`).
 *
 * For each repository: the closed pull requests (every page, Link
 * rel="next"), the single pull of each merged one (only it carries
 * merged_by; at most singles_max a run), the reviews of each merged pull,
 * the deployments and each one's statuses, and the branch protection of
 * the branches given (else the repository's default branch), a 404
 * "Branch not protected" kept as the finding it is.  For the
 * organisation: its members by role and the organisation itself (its
 * two-factor requirement).  Every page is kept through run_page() as the
 * github-* kind `assure ingest` would take it.  docs/COLLECT.md lists
 * the endpoints and limits.
 *
 * The token is the secret github-token, else $GITHUB_TOKEN, sent as a
 * bearer token to base_url only: a Link to another origin is refused.
 */
#ifndef ASSURE_COLLECT_GITHUB_H
#define ASSURE_COLLECT_GITHUB_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define GITHUB_BASE_URL_DEFAULT	"https://api.github.com"
#define GITHUB_SECRET		"github-token"
#define GITHUB_TOKEN_ENV	"GITHUB_TOKEN"
#define GITHUB_API_VERSION	"2022-11-28"
#define GITHUB_REPOS_MAX	256
#define GITHUB_BRANCHES_MAX	16
#define GITHUB_SINGLES_DEFAULT	1000	/* single pulls a run fetches */
#define GITHUB_PAGES_MAX	100000	/* pages of one list, a loop guard */

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct github_target {
	const char		*base_url;	/* NULL: the default */
	const char *const	*repos;		/* "OWNER/NAME" */
	size_t			 nrepos;
	/* Branches whose protection is read; none: each default branch. */
	const char *const	*branches;
	size_t			 nbranches;
	const char		*org;		/* NULL: no organisation */
	size_t			 singles_max;	/* 0: GITHUB_SINGLES_DEFAULT */
	/* The secret holding the token; NULL: GITHUB_SECRET. */
	const char		*token_secret;
};

/* Whether s is a repository "OWNER/NAME" or (repo false) an owner. */
bool github_name_ok(const char *s, bool repo);

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, there is no token or
 * the run could not be opened or closed.
 */
enum assure_err collect_github(struct workspace *ws,
    const struct github_target *t, const struct http_opts *hopts,
    const struct collect_progress *progress, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
