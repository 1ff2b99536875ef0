/*
 * jira.h: the Jira collector (`assure collect jira`).
 *
 * The issues a JQL query selects (GET /rest/api/3/search/jql, every page
 * by nextPageToken until isLast), with the fields the jira-issues parser
 * reads and their changelog (expand=changelog), each page kept as
 * jira-issues.  docs/COLLECT.md lists the endpoint and limits.
 *
 * The token is the secret jira-token, else $JIRA_API_TOKEN, sent with the
 * account's email as HTTP basic authentication to base_url only.
 */
#ifndef ASSURE_COLLECT_JIRA_H
#define ASSURE_COLLECT_JIRA_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define JIRA_SECRET		"jira-token"
#define JIRA_TOKEN_ENV		"JIRA_API_TOKEN"
#define JIRA_PAGES_MAX		100000	/* pages of a search, a guard */
#define JIRA_JQL_MAX		1024
/* What the jira-issues parser reads (parse/jira.c). */
#define JIRA_FIELDS		"summary,issuetype,status,priority,project," \
				"labels,created,resolutiondate"

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct jira_target {
	const char	*base_url;	/* https://acme.atlassian.net */
	const char	*email;		/* the token's account */
	const char	*jql;		/* "project = OPS AND type = X" */
	/* The secret holding the token; NULL: JIRA_SECRET. */
	const char	*token_secret;
};

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, there is no token or
 * the run could not be opened or closed.
 */
enum assure_err collect_jira(struct workspace *ws,
    const struct jira_target *t, const struct http_opts *hopts,
    const struct collect_progress *progress, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
