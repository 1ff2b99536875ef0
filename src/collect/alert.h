/*
 * alert.h: telling people when something turns bad, through a webhook.
 *
 * Two events: a test whose verdict turns from pass to fail (or error)
 * between two evaluations, and a collector that failed N runs in a row.
 * Each becomes one JSON document a Slack incoming webhook accepts as is
 * ("text", and "blocks" for the details) and that any other receiver can
 * read through its "assure" object: the event, the test or source, the
 * exceptions (at most ALERT_EXCEPTIONS_MAX, with how many more), and a
 * link to the dashboard page.  The webhook's URL is a secret (a Slack
 * webhook URL is a credential): it is never logged.
 */
#ifndef ASSURE_COLLECT_ALERT_H
#define ASSURE_COLLECT_ALERT_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

#define ALERT_EXCEPTIONS_MAX	10

struct evaluation;
struct test_result;
struct http_opts;

/* The tests of cur whose verdict in prev was pass and is fail or error
 * in cur, as indexes into cur->results, in cur's order. */
struct alert_turns {
	size_t	*idx;
	size_t	 n;
};

enum assure_err alert_turns_find(const struct evaluation *prev,
    const struct evaluation *cur, struct alert_turns *ret);
void alert_turns_release(struct alert_turns *t);

/*
 * The document for a test turned failing: organisation, the test, its
 * criteria, the evaluation's instant, the exceptions, and the link
 * base_url/tests/ID (base_url may be NULL: no link).
 */
void alert_test_json(const char *organisation, const char *base_url,
    const struct evaluation *ev, const struct test_result *r,
    struct assure_buf *out);

/* The document for a collector that failed `failures` runs in a row,
 * the last with why. */
void alert_collector_json(const char *organisation, const char *base_url,
    const char *source, const char *target, unsigned failures,
    const char *why, struct assure_buf *out);

/*
 * POST json to the webhook url (2xx is delivered; anything else, after
 * the client's retries, an error naming the webhook by its secret's name
 * label, never its URL).
 */
enum assure_err alert_send(const struct http_opts *o, const char *url,
    const char *label, const struct assure_buf *json,
    struct assure_diag *reterr_diag);

#endif
