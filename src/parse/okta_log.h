/*
 * okta_log.h: the Okta System Log (GET /api/v1/logs), evidence kind
 * okta-system-log.
 *
 * A page is a JSON array of LogEvent objects.  Each event must carry
 * uuid (a string), published (an RFC 3339 instant), eventType (a
 * string) and outcome.result (a string: SUCCESS, FAILURE, ALLOW, DENY,
 * ...; Okta adds values, so any string is taken).  Nothing is stored
 * but the evidence and its record count: the events are counted and
 * checked, an event lacking a field is a located error.  The tests do
 * not read the events yet.
 */
#ifndef ASSURE_PARSE_OKTA_LOG_H
#define ASSURE_PARSE_OKTA_LOG_H

#include "common/compat.h"
#include "common/err.h"

struct okta_log;

/* One event checked: its line in the source, for the caller's count. */
typedef enum assure_err (*okta_log_fn)(unsigned long line, void *arg,
    struct assure_diag *reterr_diag);

/* A parser over the document named source; NULL when out of memory. */
struct okta_log *okta_log_new(const char *source, okta_log_fn fn, void *arg);
void okta_log_free(struct okta_log *p);
enum assure_err okta_log_feed(struct okta_log *p, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* End of input: the document must be a complete array of events. */
enum assure_err okta_log_finish(struct okta_log *p,
    struct assure_diag *reterr_diag);

#endif
