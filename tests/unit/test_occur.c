/*
 * test_occur.c: the occurrence calendar (src/period/occur.c): the civil
 * date arithmetic against every day of 1900-2100 walked one by one, the
 * units expected of each frequency over ordinary, leap, partial and short
 * periods, ISO week labels at year boundaries, and continuity gaps.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/timeutil.h"
#include "period/occur.h"

#define DAY	OCCUR_DAY

static int64_t
t_(const char *s)
{
	int64_t t;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

/* Walk every day from 1900-01-01 to 2100-12-31 by the calendar rules. */
static void
test_civil_walk(void **state)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int64_t z = occur_days_from_civil(1900, 1, 1), y, yy;
	unsigned m, d, mm, dd, len;

	(void)state;
	assert_int_equal(occur_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(occur_days_from_civil(2000, 3, 1), 11017);
	for (y = 1900; y <= 2100; y++)
		for (m = 1; m <= 12; m++) {
			len = mdays[m - 1];
			if (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
			    y % 400 == 0))
				len = 29;
			for (d = 1; d <= len; d++, z++) {
				assert_int_equal(occur_days_from_civil(y, m, d),
				    z);
				occur_civil_from_days(z, &yy, &mm, &dd);
				assert_int_equal(yy, y);
				assert_int_equal(mm, m);
				assert_int_equal(dd, d);
			}
		}
}

static size_t
count(enum control_frequency f, const char *a, const char *b)
{
	struct occur_unit *u;
	size_t n;

	assert_int_equal(occur_units(f, t_(a), t_(b), &u, &n), ASSURE_OK);
	free(u);
	return n;
}

static void
test_expected_counts(void **state)
{
	const char *a = "2025-07-01T00:00:00Z", *b = "2026-06-30T23:59:59Z";

	(void)state;
	/* A year from July: 365 days, 12 months, 4 quarters, 1 year end. */
	assert_int_equal(count(CONTROL_DAILY, a, b), 365);
	assert_int_equal(count(CONTROL_CONTINUOUS, a, b), 365);
	assert_int_equal(count(CONTROL_MONTHLY, a, b), 12);
	assert_int_equal(count(CONTROL_QUARTERLY, a, b), 4);
	assert_int_equal(count(CONTROL_ANNUAL, a, b), 1);
	/* Weeks ending Sunday 2025-07-06 .. Sunday 2026-06-28. */
	assert_int_equal(count(CONTROL_WEEKLY, a, b), 52);
	assert_int_equal(count(CONTROL_PER_EVENT, a, b), 0);
	/* A leap year has 366 days, and February 29 is a day. */
	assert_int_equal(count(CONTROL_DAILY, "2024-01-01T00:00:00Z",
	    "2024-12-31T23:59:59Z"), 366);
	assert_int_equal(count(CONTROL_DAILY, "2024-02-28T00:00:00Z",
	    "2024-03-01T23:59:59Z"), 3);
	assert_int_equal(count(CONTROL_DAILY, "2023-02-28T00:00:00Z",
	    "2023-03-01T23:59:59Z"), 2);
	/* 2020 has 53 ISO weeks; 2021's first days belong to 2020-W53. */
	assert_int_equal(count(CONTROL_WEEKLY, "2019-12-30T00:00:00Z",
	    "2021-01-03T23:59:59Z"), 53);
	/* A partial first month counts (it ends inside the period); a
	 * partial last month does not. */
	assert_int_equal(count(CONTROL_MONTHLY, "2025-07-15T00:00:00Z",
	    "2026-07-14T23:59:59Z"), 12);
	assert_int_equal(count(CONTROL_QUARTERLY, "2025-07-15T00:00:00Z",
	    "2026-07-14T23:59:59Z"), 4);
	/* Quarter boundaries: Q1 ends at the last second of March 31. */
	assert_int_equal(count(CONTROL_QUARTERLY, "2026-01-01T00:00:00Z",
	    "2026-03-31T23:59:58Z"), 1);	/* none ends: the one holding */
	assert_int_equal(count(CONTROL_QUARTERLY, "2026-01-01T00:00:00Z",
	    "2026-03-31T23:59:59Z"), 1);
	assert_int_equal(count(CONTROL_QUARTERLY, "2026-01-01T00:00:00Z",
	    "2026-04-01T00:00:00Z"), 1);
	assert_int_equal(count(CONTROL_QUARTERLY, "2025-12-31T23:59:59Z",
	    "2026-06-30T23:59:59Z"), 3);
	/* Years of the period, not calendar years; an unfinished second
	 * year is not expected. */
	assert_int_equal(count(CONTROL_ANNUAL, "2025-07-01T00:00:00Z",
	    "2027-06-30T23:59:59Z"), 2);
	assert_int_equal(count(CONTROL_ANNUAL, "2025-07-01T00:00:00Z",
	    "2026-12-31T23:59:59Z"), 1);
	/* Six months of an annual control: still expected once. */
	assert_int_equal(count(CONTROL_ANNUAL, "2026-01-01T00:00:00Z",
	    "2026-06-30T23:59:59Z"), 1);
	/* A single day. */
	assert_int_equal(count(CONTROL_DAILY, "2026-03-14T00:00:00Z",
	    "2026-03-14T23:59:59Z"), 1);
	assert_int_equal(count(CONTROL_MONTHLY, "2026-03-14T00:00:00Z",
	    "2026-03-14T23:59:59Z"), 1);
}

static void
test_labels_and_find(void **state)
{
	struct occur_unit u, *v;
	size_t n;

	(void)state;
	assert_true(occur_unit_at(CONTROL_WEEKLY, t_("2021-01-03T12:00:00Z"),
	    &u));
	assert_string_equal(u.label, "2020-W53");
	assert_int_equal(u.start, t_("2020-12-28T00:00:00Z"));
	assert_int_equal(u.end, t_("2021-01-03T23:59:59Z"));
	assert_true(occur_unit_at(CONTROL_WEEKLY, t_("2024-12-30T00:00:00Z"),
	    &u));
	assert_string_equal(u.label, "2025-W01");
	assert_true(occur_unit_at(CONTROL_QUARTERLY, t_("2026-11-27"), &u));
	assert_string_equal(u.label, "2026-Q4");
	assert_int_equal(u.end, t_("2026-12-31T23:59:59Z"));
	assert_true(occur_unit_at(CONTROL_MONTHLY, t_("2024-02-10"), &u));
	assert_string_equal(u.label, "2024-02");
	assert_int_equal(u.end, t_("2024-02-29T23:59:59Z"));
	assert_true(occur_unit_at(CONTROL_ANNUAL, t_("1969-12-31T23:59:59Z"),
	    &u));
	assert_string_equal(u.label, "1969");
	assert_false(occur_unit_at(CONTROL_PER_EVENT, 0, &u));
	assert_int_equal(occur_units(CONTROL_ANNUAL,
	    t_("2024-02-29T00:00:00Z"), t_("2026-02-27T23:59:59Z"), &v, &n),
	    ASSURE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].label, "2024-02-29..2025-02-27");
	assert_int_equal(v[0].end, t_("2025-02-27T23:59:59Z"));
	assert_string_equal(v[1].label, "2025-02-28..2026-02-27");
	assert_int_equal(occur_find(v, n, t_("2025-02-28T00:00:00Z")), 1);
	free(v);
	assert_int_equal(occur_units(CONTROL_ANNUAL,
	    t_("2026-01-01T00:00:00Z"), t_("2026-06-30T23:59:59Z"), &v, &n),
	    ASSURE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].label, "2026-01-01..2026-06-30");
	free(v);

	assert_int_equal(occur_units(CONTROL_MONTHLY,
	    t_("2025-07-15T00:00:00Z"), t_("2026-07-14T23:59:59Z"), &v, &n),
	    ASSURE_OK);
	assert_int_equal(n, 12);
	assert_string_equal(v[0].label, "2025-07");
	assert_string_equal(v[11].label, "2026-06");
	assert_int_equal(occur_find(v, n, t_("2025-07-01T00:00:00Z")), 0);
	assert_int_equal(occur_find(v, n, t_("2026-02-28T23:59:59Z")), 7);
	assert_int_equal(occur_find(v, n, t_("2026-07-01T00:00:00Z")), -1);
	assert_int_equal(occur_find(v, n, t_("2025-06-30T23:59:59Z")), -1);
	free(v);
	assert_int_equal(occur_units(CONTROL_DAILY, 10, 9, &v, &n),
	    ASSURE_ERR_INVAL);
	assert_int_equal(occur_units(CONTROL_DAILY, 0, 3800 * DAY, &v, &n),
	    ASSURE_ERR_LIMIT);
}

static void
test_gaps(void **state)
{
	struct occur_span c[4], *g;
	int64_t s = 0, e = 100 * DAY - 1;
	size_t n;

	(void)state;
	/* Nothing covers: the whole period is one gap. */
	assert_int_equal(occur_gaps(c, 0, s, e, DAY, &g, &n), ASSURE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].start, s);
	assert_int_equal(g[0].end, e);
	free(g);
	/* Unordered, overlapping, with a hole, a short hole, and a tail. */
	c[0] = (struct occur_span){ 50 * DAY, 70 * DAY - 1 };
	c[1] = (struct occur_span){ -5 * DAY, 20 * DAY - 1 };
	c[2] = (struct occur_span){ 10 * DAY, 30 * DAY - 1 };
	c[3] = (struct occur_span){ 70 * DAY + 3600, 90 * DAY - 1 };
	assert_int_equal(occur_gaps(c, 4, s, e, DAY, &g, &n), ASSURE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].start, 30 * DAY);
	assert_int_equal(g[0].end, 50 * DAY - 1);
	assert_int_equal(g[1].start, 90 * DAY);
	assert_int_equal(g[1].end, e);
	free(g);
	/* With no minimum, the hour-long hole is a gap too. */
	assert_int_equal(occur_gaps(c, 4, s, e, 1, &g, &n), ASSURE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(g[1].start, 70 * DAY);
	assert_int_equal(g[1].end, 70 * DAY + 3599);
	free(g);
	/* Fully covered. */
	c[0] = (struct occur_span){ -DAY, e + DAY };
	assert_int_equal(occur_gaps(c, 1, s, e, 1, &g, &n), ASSURE_OK);
	assert_int_equal(n, 0);
	free(g);
	/* Windows by frequency. */
	assert_int_equal(occur_window(CONTROL_DAILY, 35 * DAY), 35 * DAY);
	assert_int_equal(occur_window(CONTROL_QUARTERLY, 35 * DAY), 99 * DAY);
	assert_int_equal(occur_window(CONTROL_ANNUAL, 35 * DAY), 373 * DAY);
	assert_int_equal(occur_window(CONTROL_MONTHLY, 45 * DAY), 45 * DAY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_walk),
		cmocka_unit_test(test_expected_counts),
		cmocka_unit_test(test_labels_and_find),
		cmocka_unit_test(test_gaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
