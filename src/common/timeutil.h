/*
 * timeutil.h: instants as seconds since the Unix epoch, always UTC.
 *
 * Evidence speaks for an instant or a period; every instant assure stores is
 * an int64 count of seconds since 1970-01-01T00:00:00Z.  Parsing accepts the
 * RFC 3339 forms vendors emit ("2022-05-27T10:25:43+00:00", "...Z",
 * fractional seconds, which are dropped) and a bare date "2026-06-30"
 * (midnight UTC).  Formatting always yields "YYYY-MM-DDTHH:MM:SSZ".
 */
#ifndef ASSURE_TIMEUTIL_H
#define ASSURE_TIMEUTIL_H

#include <time.h>

#include "compat.h"

#define ASSURE_TIME_STRLEN	21	/* "2026-06-30T00:00:00Z" + NUL */

/*
 * Parse s[0..len) as an RFC 3339 instant or a bare date.  Returns 0 and sets
 * *ret on success, -1 otherwise.  Nothing else (no "N/A") is accepted: the
 * callers decide what is an absence marker.
 */
int assure_time_parse(const char *s, size_t len, int64_t *ret);

/* Format t into out (at least ASSURE_TIME_STRLEN bytes). */
void assure_time_format(int64_t t, char *out);

/* Format only the date part, "YYYY-MM-DD" (out at least 11 bytes). */
void assure_date_format(int64_t t, char *out);

/* The current instant; ASSURE_NOW (seconds, RFC 3339) overrides it so
 * that tests and the demo are reproducible. */
int64_t assure_now(void);

/*
 * Parse a duration such as "90d", "24h", "30m", "45s" or "2w" into seconds.
 * Returns 0 on success, -1 otherwise.
 */
int assure_duration_parse(const char *s, int64_t *ret);

/* Render a duration in the largest whole unit: "90d", "36h", "0s". */
void assure_duration_format(int64_t secs, char *out, size_t size);

#endif
