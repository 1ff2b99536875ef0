/*
 * okta.h: the Okta collector (`assure collect okta`).
 *
 * The users (GET /api/v1/users, every page by Link rel="next"), and the
 * DEPROVISIONED users the default list leaves out (the same list with
 * filter=status eq "DEPROVISIONED"), both okta-users: leavers are proven
 * by the second; the factors of each ACTIVE user (okta-factors with the
 * user, at most factors_max a run); the users holding admin roles (GET
 * /api/v1/iam/assignees/users, okta-admins); and the System Log since
 * the end of the newest complete okta run, else the last 90 days
 * (okta-system-log).  docs/COLLECT.md lists the endpoints and limits.
 *
 * The token is the secret okta-token, else $OKTA_API_TOKEN, sent as
 * "Authorization: SSWS TOKEN" to the org's origin only.
 */
#ifndef ASSURE_COLLECT_OKTA_H
#define ASSURE_COLLECT_OKTA_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define OKTA_SECRET		"okta-token"
#define OKTA_TOKEN_ENV		"OKTA_API_TOKEN"
#define OKTA_FACTORS_DEFAULT	2000	/* factor lists a run fetches */
#define OKTA_PAGES_MAX		100000	/* pages of one list, a loop guard */
#define OKTA_LOG_KEPT		(90 * 86400)	/* Okta keeps the log 90 d */
#define OKTA_LOG_WARN		(80 * 86400)	/* warn 10 days before */

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct okta_target {
	const char	*domain;	/* "acme.okta.com"; the tenant */
	const char	*base_url;	/* NULL: https://DOMAIN (tests) */
	size_t		 factors_max;	/* 0: OKTA_FACTORS_DEFAULT */
	/* The secret holding the token; NULL: OKTA_SECRET. */
	const char	*token_secret;
};

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, there is no token or
 * the run could not be opened or closed.
 */
enum assure_err collect_okta(struct workspace *ws,
    const struct okta_target *t, const struct http_opts *hopts,
    const struct collect_progress *progress, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
