/*
 * pagerduty.h: the PagerDuty collector (`assure collect pagerduty`).
 *
 * Every incident (GET /incidents?date_range=all, every page by
 * offset while "more" is true), kept as pagerduty-incidents, and the log
 * entries of each (GET /incidents/{id}/log_entries, likewise), kept as
 * pagerduty-log-entries, for at most log_incidents_max incidents a run:
 * the newest listed.  docs/COLLECT.md lists the endpoints and limits.
 *
 * The token is the secret pagerduty-token, else $PAGERDUTY_TOKEN, sent as
 * "Authorization: Token token=TOKEN" to base_url only.
 */
#ifndef ASSURE_COLLECT_PAGERDUTY_H
#define ASSURE_COLLECT_PAGERDUTY_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define PAGERDUTY_BASE_URL_DEFAULT	"https://api.pagerduty.com"
#define PAGERDUTY_SECRET		"pagerduty-token"
#define PAGERDUTY_TOKEN_ENV		"PAGERDUTY_TOKEN"
#define PAGERDUTY_LIMIT			100	/* records a page */
/* Classic (offset) pagination stops at offset + limit 10,000. */
#define PAGERDUTY_OFFSET_MAX		10000
#define PAGERDUTY_LOGS_DEFAULT		1000	/* incidents' log entries */

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct pagerduty_target {
	const char	*base_url;		/* NULL: the default */
	size_t		 log_incidents_max;	/* 0: PAGERDUTY_LOGS_DEFAULT */
	/* The secret holding the token; NULL: PAGERDUTY_SECRET. */
	const char	*token_secret;
};

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, there is no token or
 * the run could not be opened or closed.
 */
enum assure_err collect_pagerduty(struct workspace *ws,
    const struct pagerduty_target *t, const struct http_opts *hopts,
    const struct collect_progress *progress, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
