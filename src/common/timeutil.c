/*
 * timeutil.c: RFC 3339 parsing and formatting in UTC (see timeutil.h).
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
digits(const char *s, size_t n, unsigned *ret)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*ret = v;
	return 0;
}

int
assure_time_parse(const char *s, size_t len, int64_t *ret)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	unsigned y, mo, d, h = 0, mi = 0, se = 0, oh, om;
	int64_t t, off = 0;
	size_t i;

	if (len < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (y < 1 || mo < 1 || mo > 12 || d < 1)
		return -1;
	if (d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
		return -1;
	i = 10;
	if (i < len) {
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return -1;
		i++;
		if (len - i < 8 || digits(s + i, 2, &h) || s[i + 2] != ':' ||
		    digits(s + i + 3, 2, &mi) || s[i + 5] != ':' ||
		    digits(s + i + 6, 2, &se))
			return -1;
		if (h > 23 || mi > 59 || se > 60)
			return -1;
		i += 8;
		if (i < len && s[i] == '.') {
			i++;
			if (i >= len || s[i] < '0' || s[i] > '9')
				return -1;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
		if (i >= len)
			return -1;	/* RFC 3339 requires an offset */
		if (s[i] == 'Z' || s[i] == 'z') {
			i++;
		} else if (s[i] == '+' || s[i] == '-') {
			if (len - i < 6 || digits(s + i + 1, 2, &oh) ||
			    s[i + 3] != ':' || digits(s + i + 4, 2, &om) ||
			    oh > 23 || om > 59)
				return -1;
			off = (int64_t)(oh * 3600 + om * 60);
			if (s[i] == '-')
				off = -off;
			i += 6;
		} else
			return -1;
		if (i != len)
			return -1;
	}
	if (se == 60)
		se = 59;	/* a leap second is held at :59 */
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	*ret = t - off;
	return 0;
}

void
assure_time_format(int64_t t, char *out)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL) {
		assure_strlcpy(out, "0000-00-00T00:00:00Z", ASSURE_TIME_STRLEN);
		return;
	}
	strftime(out, ASSURE_TIME_STRLEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
assure_date_format(int64_t t, char *out)
{
	char buf[ASSURE_TIME_STRLEN];

	assure_time_format(t, buf);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

int64_t
assure_now(void)
{
	const char *e = getenv("ASSURE_NOW");
	int64_t t;

	if (e != NULL && *e != '\0' && assure_time_parse(e, strlen(e), &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

int
assure_duration_parse(const char *s, int64_t *ret)
{
	size_t n = strlen(s);
	long long v;
	int64_t unit;
	char num[32];

	if (n < 2 || n >= sizeof(num))
		return -1;
	switch (s[n - 1]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	if (assure_strtonum(num, 0, 100LL * 366 * 86400 / unit, &v) != 0)
		return -1;
	*ret = (int64_t)v * unit;
	return 0;
}

void
assure_duration_format(int64_t secs, char *out, size_t size)
{
	if (secs != 0 && secs % 86400 == 0)
		snprintf(out, size, "%lldd", (long long)(secs / 86400));
	else if (secs != 0 && secs % 3600 == 0)
		snprintf(out, size, "%lldh", (long long)(secs / 3600));
	else if (secs != 0 && secs % 60 == 0)
		snprintf(out, size, "%lldm", (long long)(secs / 60));
	else
		snprintf(out, size, "%llds", (long long)secs);
}
