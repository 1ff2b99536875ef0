/*
 * occur.h: the calendar of a control's occurrences over an observation
 * period, and the gaps in its evidence.  Pure: no store, no I/O.
 *
 * A control's frequency (controls.h) divides time into units, in UTC:
 *
 *	continuous, daily	a day		"2026-03-14"
 *	weekly			an ISO week	"2026-W11" (Monday to Sunday)
 *	monthly			a month		"2026-03"
 *	quarterly		a quarter	"2026-Q1"
 *	annual			a year of the period
 *						"2025-07-01..2026-06-30"
 *	per-event		none: each event is an occurrence
 *
 * The units expected in a period [start, end] are those whose last
 * instant falls within it: a period starting mid-month counts that
 * month (it ends inside the period, so the control was due in it), and
 * one ending mid-month does not count the last, unfinished month.  When
 * no unit ends within the period (an annual control over six months), the
 * one unit holding the period's end is expected, so that every control
 * is expected at least once.  Annual units are the years of the period,
 * counted from its start, not calendar years: an annual control is due
 * once in each twelve months observed, whichever month it falls in
 * (occur_unit_at() alone gives the calendar year).  A leap year has 366 days and 52 or 53 ISO
 * weeks as the calendar says.
 *
 * Continuity: each piece of evidence covers a span of time (from its
 * instant for as long as it is fresh); the gaps of a period are the
 * stretches no span covers.
 */
#ifndef ASSURE_PERIOD_OCCUR_H
#define ASSURE_PERIOD_OCCUR_H

#include "common/compat.h"
#include "common/err.h"
#include "controls/controls.h"

/* Units of one period, at most (a daily control over ten years). */
#define OCCUR_UNITS_MAX		(3700)
#define OCCUR_LABEL_LEN		64	/* "2025-07-01..2026-06-30"; any year */
#define OCCUR_DAY		86400

struct occur_unit {
	int64_t	start;		/* first instant */
	int64_t	end;		/* last instant, inclusive */
	char	label[OCCUR_LABEL_LEN];
};

struct occur_span {
	int64_t	start;		/* inclusive */
	int64_t	end;		/* inclusive */
};

/*
 * The units of frequency f expected in [start, end] (see above), in
 * order, into *ret (free() it) and *ret_n.  Per-event has none (*ret NULL,
 * 0).  ASSURE_ERR_INVAL when end < start, ASSURE_ERR_LIMIT past
 * OCCUR_UNITS_MAX units, ASSURE_ERR_NOMEM.
 */
enum assure_err occur_units(enum control_frequency f, int64_t start,
    int64_t end, struct occur_unit **ret, size_t *ret_n);

/* The unit of frequency f holding instant t (per-event: false). */
bool occur_unit_at(enum control_frequency f, int64_t t,
    struct occur_unit *ret);

/*
 * The index among units[0..n) (in order, as occur_units() gives them) of
 * the unit holding t, or -1.
 */
long occur_find(const struct occur_unit *units, size_t n, int64_t t);

/*
 * The stretches of [start, end] that no span of cover[0..n) covers and
 * that last at least min_len seconds, in order, into *ret (free() it) and
 * *ret_n.  cover is sorted in place.  ASSURE_ERR_NOMEM.
 */
enum assure_err occur_gaps(struct occur_span *cover, size_t n,
    int64_t start, int64_t end, int64_t min_len, struct occur_span **ret,
    size_t *ret_n);

/*
 * How long one piece of a control's evidence stays fresh: freshness, or
 * the length of the control's unit plus a week where that is longer (a
 * quarterly review covers its quarter and the start of the next).
 */
int64_t occur_window(enum control_frequency f, int64_t freshness);

/* Days from 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int64_t occur_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The civil date of day z (days from 1970-01-01). */
void occur_civil_from_days(int64_t z, int64_t *ret_y, unsigned *ret_m,
    unsigned *ret_d);

#endif
