/*
 * chparse.h: one interface over every change-management parser: GitHub
 * pulls, reviews, deployments, deployment statuses and branch protection;
 * GitLab merge requests and approvals; the git-repo export (the canonical
 * JSON `assure ingest git-repo` writes from a clone); and the deployment
 * log a CI/CD system writes (CSV or JSON).  A parser is chosen by format,
 * fed bytes in chunks of any size, and emits the records of
 * parse/change.h into a struct chg_sink.  Pure: no I/O, no globals, no
 * logging; every error is located ("file:line:column: field: expected
 * ..., got '...'").
 *
 * The formats and their rules are in docs/EVIDENCE.md and atop each
 * parser's file (github_change.c, gitlab_change.c, gitlog.c,
 * deploylog.c).
 */
#ifndef ASSURE_PARSE_CHPARSE_H
#define ASSURE_PARSE_CHPARSE_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/change.h"

enum chg_format {
	CHG_FMT_GITHUB_PULLS,
	CHG_FMT_GITHUB_REVIEWS,
	CHG_FMT_GITHUB_DEPLOYMENTS,
	CHG_FMT_GITHUB_DEPLOYMENT_STATUSES,
	CHG_FMT_GITHUB_BRANCH_PROTECTION,
	CHG_FMT_GITLAB_MERGE_REQUESTS,
	CHG_FMT_GITLAB_APPROVALS,
	CHG_FMT_GIT_REPO,
	CHG_FMT_DEPLOYMENTS_CSV,
	CHG_FMT_DEPLOYMENTS_JSON,
	CHG_FMT__MAX
};

#define CHG_VALUE_MAX	4096	/* bytes of one normalised value */

struct chg_opts {
	const char	*source;	/* for diagnostics */
	const char	*repo;		/* --repo "owner/name", or NULL */
	const char	*branch;	/* --branch (branch protection) */
	const char	*change;	/* --change N (gitlab approval_state) */
};

struct chg_parser;

/*
 * A parser of format fmt emitting into sink (copied).  o and what it
 * points to must outlive the parser.  Fails with INVAL (and a diagnostic)
 * on options the format does not take, NOMEM otherwise.
 */
enum assure_err chg_parser_new(enum chg_format fmt, const struct chg_opts *o,
    const struct chg_sink *sink, struct chg_parser **ret,
    struct assure_diag *reterr_diag);
void chg_parser_free(struct chg_parser *p);
/* Feed the next len bytes; errors are sticky. */
enum assure_err chg_parser_feed(struct chg_parser *p, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* End of input: completes the document, emits what waited for it. */
enum assure_err chg_parser_finish(struct chg_parser *p,
    struct assure_diag *reterr_diag);
/* Records emitted so far. */
unsigned long chg_parser_records(const struct chg_parser *p);
/*
 * The instant the file says it speaks for (git-repo: its collected_at),
 * after a successful finish; false when it says none.
 */
bool chg_parser_as_of(const struct chg_parser *p, int64_t *ret);

/* The format named name ("github-pulls", ...), or CHG_FMT__MAX. */
enum chg_format chg_format_find(const char *name);
const char *chg_format_name(enum chg_format fmt);

#endif
