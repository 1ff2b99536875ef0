/*
 * occur.c: units of a control's frequency, expected occurrences, and gaps
 * in coverage (occur.h).  Calendar arithmetic is Howard Hinnant's
 * days_from_civil / civil_from_days, exact over the proleptic Gregorian
 * calendar, so leap years need no special case.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period/occur.h"

/* Floor division, for instants before 1970. */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
occur_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
occur_civil_from_days(int64_t z, int64_t *ret_y, unsigned *ret_m,
    unsigned *ret_d)
{
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*ret_d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*ret_m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*ret_y = y + (*ret_m <= 2);
}

/* The unit spanning days [d0, d1) (days from the epoch). */
static void
unit_days(struct occur_unit *u, int64_t d0, int64_t d1)
{
	u->start = d0 * OCCUR_DAY;
	u->end = d1 * OCCUR_DAY - 1;
}

bool
occur_unit_at(enum control_frequency f, int64_t t, struct occur_unit *u)
{
	int64_t z = floordiv(t, OCCUR_DAY), y, thu, wk;
	unsigned m, d, first;

	memset(u, 0, sizeof(*u));
	occur_civil_from_days(z, &y, &m, &d);
	switch (f) {
	case CONTROL_CONTINUOUS:
	case CONTROL_DAILY:
		unit_days(u, z, z + 1);
		snprintf(u->label, sizeof(u->label), "%04lld-%02u-%02u",
		    (long long)y, m, d);
		return true;
	case CONTROL_WEEKLY:
		/* 1970-01-01 was a Thursday: Monday-based weekday. */
		z -= ((z + 3) % 7 + 7) % 7;
		unit_days(u, z, z + 7);
		/* The ISO year is the year of the week's Thursday. */
		thu = z + 3;
		occur_civil_from_days(thu, &y, &m, &d);
		wk = (thu - occur_days_from_civil(y, 1, 1)) / 7 + 1;
		snprintf(u->label, sizeof(u->label), "%04lld-W%02lld",
		    (long long)y, (long long)wk);
		return true;
	case CONTROL_MONTHLY:
		unit_days(u, occur_days_from_civil(y, m, 1), m == 12 ?
		    occur_days_from_civil(y + 1, 1, 1) :
		    occur_days_from_civil(y, m + 1, 1));
		snprintf(u->label, sizeof(u->label), "%04lld-%02u",
		    (long long)y, m);
		return true;
	case CONTROL_QUARTERLY:
		first = (m - 1) / 3 * 3 + 1;
		unit_days(u, occur_days_from_civil(y, first, 1), first == 10 ?
		    occur_days_from_civil(y + 1, 1, 1) :
		    occur_days_from_civil(y, first + 3, 1));
		snprintf(u->label, sizeof(u->label), "%04lld-Q%u",
		    (long long)y, (first + 2) / 3);
		return true;
	case CONTROL_ANNUAL:
		unit_days(u, occur_days_from_civil(y, 1, 1),
		    occur_days_from_civil(y + 1, 1, 1));
		snprintf(u->label, sizeof(u->label), "%04lld", (long long)y);
		return true;
	default:
		return false;
	}
}

static void
date_label(int64_t t, char *out, size_t size)
{
	int64_t y;
	unsigned m, d;

	occur_civil_from_days(floordiv(t, OCCUR_DAY), &y, &m, &d);
	snprintf(out, size, "%04lld-%02u-%02u", (long long)y, m, d);
}

/*
 * Annual units are years of the period, not calendar years: an annual
 * control (the risk assessment, the DR test) is expected once in each
 * twelve months from the period's start, whenever in them it happens, so
 * a July-to-June period expects one whatever month it falls in.  The
 * last, shorter stretch counts only when it is the only one.
 */
static enum assure_err
annual_units(int64_t start, int64_t end, struct occur_unit **ret,
    size_t *ret_n)
{
	struct occur_unit *v = NULL, *nv;
	int64_t z = floordiv(start, OCCUR_DAY), y0, yk, a, b, tod;
	unsigned m0, d0, dd;
	size_t n = 0;
	char d1[28], d2[28];

	occur_civil_from_days(z, &y0, &m0, &d0);
	tod = start - z * OCCUR_DAY;
	for (yk = y0 + 1; ; yk++) {
		a = n == 0 ? start : v[n - 1].end + 1;
		if (a > end)
			break;
		/* A February 29 start falls on the 28th in common years. */
		dd = m0 == 2 && d0 == 29 && occur_days_from_civil(yk, 3, 1) -
		    occur_days_from_civil(yk, 2, 1) == 28 ? 28 : d0;
		b = occur_days_from_civil(yk, m0, dd) * OCCUR_DAY + tod - 1;
		if (b > end && n > 0)
			break;	/* an unfinished last year is not expected */
		if (n >= OCCUR_UNITS_MAX) {
			free(v);
			return ASSURE_ERR_LIMIT;
		}
		if ((nv = reallocarray(v, n + 1, sizeof(*v))) == NULL) {
			free(v);
			return ASSURE_ERR_NOMEM;
		}
		v = nv;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].start = a;
		v[n].end = b > end ? end : b;
		date_label(v[n].start, d1, sizeof(d1));
		date_label(v[n].end, d2, sizeof(d2));
		snprintf(v[n].label, sizeof(v[n].label), "%s..%s", d1, d2);
		n++;
		if (b >= end)
			break;
	}
	*ret = v;
	*ret_n = n;
	return ASSURE_OK;
}

enum assure_err
occur_units(enum control_frequency f, int64_t start, int64_t end,
    struct occur_unit **ret, size_t *ret_n)
{
	struct occur_unit u, *v = NULL, *nv;
	size_t n = 0, cap = 0;
	int64_t t;

	*ret = NULL;
	*ret_n = 0;
	if (end < start)
		return ASSURE_ERR_INVAL;
	if (f == CONTROL_ANNUAL)
		return annual_units(start, end, ret, ret_n);
	if (!occur_unit_at(f, start, &u))
		return ASSURE_OK;		/* per-event */
	for (t = start; ; t = u.end + 1) {
		if (!occur_unit_at(f, t, &u) || u.start > end)
			break;
		if (u.end > end) {
			if (n > 0)
				break;
			/* None ends inside: the one holding the end. */
			if (!occur_unit_at(f, end, &u))
				break;
		}
		if (n >= OCCUR_UNITS_MAX) {
			free(v);
			return ASSURE_ERR_LIMIT;
		}
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL) {
				free(v);
				return ASSURE_ERR_NOMEM;
			}
			v = nv;
		}
		v[n++] = u;
		if (u.end >= end)
			break;
	}
	*ret = v;
	*ret_n = n;
	return ASSURE_OK;
}

long
occur_find(const struct occur_unit *units, size_t n, int64_t t)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (units[mid].end < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && units[lo].start <= t && t <= units[lo].end)
		return (long)lo;
	return -1;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct occur_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

static enum assure_err
gap_add(struct occur_span **v, size_t *n, size_t *cap, int64_t a, int64_t b)
{
	struct occur_span *nv;

	if (*n == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		if ((nv = reallocarray(*v, *cap, sizeof(**v))) == NULL)
			return ASSURE_ERR_NOMEM;
		*v = nv;
	}
	(*v)[*n].start = a;
	(*v)[*n].end = b;
	(*n)++;
	return ASSURE_OK;
}

enum assure_err
occur_gaps(struct occur_span *cover, size_t n, int64_t start, int64_t end,
    int64_t min_len, struct occur_span **ret, size_t *ret_n)
{
	struct occur_span *v = NULL;
	size_t i, nv = 0, cap = 0;
	int64_t at = start;	/* the first instant not yet covered */

	*ret = NULL;
	*ret_n = 0;
	if (n > 0)
		qsort(cover, n, sizeof(*cover), span_cmp);
	for (i = 0; i < n && at <= end; i++) {
		if (cover[i].end < at)
			continue;
		if (cover[i].start > end)
			break;
		if (cover[i].start > at && cover[i].start - at >= min_len &&
		    gap_add(&v, &nv, &cap, at, cover[i].start - 1) != ASSURE_OK)
			goto nomem;
		if (cover[i].end >= end) {
			at = end + 1;
			break;
		}
		if (cover[i].end + 1 > at)
			at = cover[i].end + 1;
	}
	if (at <= end && end - at + 1 >= min_len &&
	    gap_add(&v, &nv, &cap, at, end) != ASSURE_OK)
		goto nomem;
	*ret = v;
	*ret_n = nv;
	return ASSURE_OK;
nomem:
	free(v);
	return ASSURE_ERR_NOMEM;
}

int64_t
occur_window(enum control_frequency f, int64_t freshness)
{
	int64_t unit;

	switch (f) {
	case CONTROL_QUARTERLY:
		unit = 92 * OCCUR_DAY;
		break;
	case CONTROL_ANNUAL:
		unit = 366 * OCCUR_DAY;
		break;
	case CONTROL_MONTHLY:
		unit = 31 * OCCUR_DAY;
		break;
	default:
		unit = 0;
		break;
	}
	unit += unit > 0 ? 7 * OCCUR_DAY : 0;
	return unit > freshness ? unit : freshness;
}
