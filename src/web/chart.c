/*
 * chart.c: the trend chart as inline SVG (see chart.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "period/occur.h"
#include "web/chart.h"

#define LEFT	48
#define RIGHT	16
#define TOP	14
#define BOTTOM	30
/*
 * The labels' extent in viewBox units, for spacing them: the style
 * sheet sets 11px text, whose characters are at most about 0.6 em wide
 * in the sans-serif fonts a browser picks; and the gap kept between two.
 */
#define CHAR_W	6.6
#define LAB_GAP	8.0
#define LAB_H	11.0

struct geom {
	int64_t	start, end, ymax;
};

static int
cmp_point(const void *a, const void *b)
{
	const struct chart_point *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->y < y->y ? -1 : x->y > y->y;
}

static double
xpos(const struct geom *g, int64_t t)
{
	if (t < g->start)
		t = g->start;
	if (t > g->end)
		t = g->end;
	return LEFT + (double)(t - g->start) *
	    (CHART_WIDTH - LEFT - RIGHT) / (double)(g->end - g->start);
}

static double
ypos(const struct geom *g, int64_t v)
{
	if (v < 0)
		v = 0;
	if (v > g->ymax)
		v = g->ymax;
	return CHART_HEIGHT - BOTTOM - (double)v *
	    (CHART_HEIGHT - TOP - BOTTOM) / (double)g->ymax;
}

static void
line(struct htmlw *w, const char *cls, double x1, double y1, double x2,
    double y2)
{
	char a[4][32];
	const char *at[] = { "x1", a[0], "y1", a[1], "x2", a[2], "y2", a[3],
	    NULL };

	snprintf(a[0], sizeof(a[0]), "%.1f", x1);
	snprintf(a[1], sizeof(a[1]), "%.1f", y1);
	snprintf(a[2], sizeof(a[2]), "%.1f", x2);
	snprintf(a[3], sizeof(a[3]), "%.1f", y2);
	htmlw_open_attrs(w, "line", cls, at);
	htmlw_close(w);
}

static void
text(struct htmlw *w, const char *cls, double x, double y, const char *anchor,
    const char *s)
{
	char a[2][32];
	const char *at[] = { "x", a[0], "y", a[1], "text-anchor", anchor,
	    NULL };

	snprintf(a[0], sizeof(a[0]), "%.1f", x);
	snprintf(a[1], sizeof(a[1]), "%.1f", y);
	htmlw_open_attrs(w, "text", cls, at);
	htmlw_text(w, s);
	htmlw_close(w);
}

/* A round step giving at most five intervals up to ymax. */
static int64_t
ystep(int64_t ymax)
{
	static const int64_t m[] = { 1, 2, 5 };
	int64_t p = 1;
	size_t i;

	for (;;) {
		for (i = 0; i < ASSURE_ARRAY_LEN(m); i++)
			if (ymax <= m[i] * p * 5)
				return m[i] * p;
		if (p > INT64_MAX / 100)
			return ymax;
		p *= 10;
	}
}

/*
 * Months between two x-axis labels: the fewest of 1, 2, 3, 4, 6, 12,
 * 24, ... whose width on the chart holds the widest label and a gap.
 */
static int64_t
xevery(const struct geom *g)
{
	static const int64_t m[] = { 1, 2, 3, 4, 6 };
	double month, need = 8 * CHAR_W + LAB_GAP;	/* "Sep 2026" */
	int64_t e;
	size_t i;

	/* The shortest month's width, so that no pair of labels crowds. */
	month = 28.0 * OCCUR_DAY * (CHART_WIDTH - LEFT - RIGHT) /
	    (double)(g->end - g->start);
	for (i = 0; i < ASSURE_ARRAY_LEN(m); i++)
		if (m[i] * month >= need)
			return m[i];
	for (e = 12; e < INT64_MAX / 2 && e * month < need; e *= 2)
		;
	return e;
}

static void
axes(struct htmlw *w, const struct geom *g)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char lab[32];
	int64_t y, step, every, t;
	unsigned m, d;
	double x;
	bool first;

	htmlw_open_attrs(w, "g", "axes", NULL);
	line(w, "axis", LEFT, TOP, LEFT, CHART_HEIGHT - BOTTOM);
	line(w, "axis", LEFT, CHART_HEIGHT - BOTTOM, CHART_WIDTH - RIGHT,
	    CHART_HEIGHT - BOTTOM);
	step = ystep(g->ymax);
	/* Rows of labels at least a line and a gap apart. */
	while (step < g->ymax && ypos(g, 0) - ypos(g, step) < LAB_H + LAB_GAP)
		step *= 2;
	for (y = 0; y <= g->ymax; y += step) {
		if (y > 0)
			line(w, "grid", LEFT, ypos(g, y), CHART_WIDTH - RIGHT,
			    ypos(g, y));
		snprintf(lab, sizeof(lab), "%lld", (long long)y);
		text(w, "ylab", LEFT - 6, ypos(g, y) + 4, "end", lab);
		if (y > INT64_MAX - step)
			break;
	}
	/*
	 * A tick on the first of each month in the period; a label every
	 * `every` months (1, 2, 3, 4, 6, then whole years), on months that
	 * divide the year evenly, chosen so that the widest label ("Sep
	 * 2026") and its gap fit between two labels at the chart's width.
	 */
	every = xevery(g);
	occur_civil_from_days(g->start / OCCUR_DAY -
	    (g->start % OCCUR_DAY < 0), &y, &m, &d);
	if (d != 1 || g->start % OCCUR_DAY != 0) {
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	first = true;
	for (; y < 100000;) {
		t = occur_days_from_civil(y, m, 1) * OCCUR_DAY;
		if (t > g->end)
			break;
		x = xpos(g, t);
		line(w, "tick", x, CHART_HEIGHT - BOTTOM, x,
		    CHART_HEIGHT - BOTTOM + 5);
		if ((y * 12 + (int64_t)m - 1) % every == 0) {
			if (first || m == 1)
				snprintf(lab, sizeof(lab), "%s %lld",
				    mon[m - 1], (long long)y);
			else
				snprintf(lab, sizeof(lab), "%s", mon[m - 1]);
			/* Not cut off by the chart's right edge. */
			if (x + strlen(lab) * CHAR_W / 2 <= CHART_WIDTH) {
				text(w, "xlab", x, CHART_HEIGHT - BOTTOM + 18,
				    "middle", lab);
				first = false;
			}
		}
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	htmlw_close(w);
}

void
chart_svg(struct htmlw *w, const struct chart_point *pts, size_t n,
    int64_t start, int64_t end, int64_t ymax, const char *label,
    const char *unit)
{
	struct chart_point *v = NULL;
	struct assure_buf pl;
	struct geom g;
	char a[2][32], day[16], tip[128], vb[64];
	const char *svg[] = { "xmlns", "http://www.w3.org/2000/svg",
	    "viewBox", vb, "role", "img", "aria-label", label, NULL };
	const char *pt[] = { "cx", a[0], "cy", a[1], "r", "3.5", NULL };
	const char *poly[] = { "points", NULL, NULL };
	size_t i;

	g.start = start;
	g.end = end > start ? end : start + 1;
	g.ymax = ymax > 0 ? ymax : 1;
	if (n > CHART_POINTS_MAX)
		n = CHART_POINTS_MAX;
	if (n > 0 && (v = malloc(n * sizeof(*v))) == NULL) {
		w->out->err = w->out->err ? w->out->err : ASSURE_ERR_NOMEM;
		return;
	}
	if (n > 0) {
		memcpy(v, pts, n * sizeof(*v));
		qsort(v, n, sizeof(*v), cmp_point);
	}
	snprintf(vb, sizeof(vb), "0 0 %d %d", CHART_WIDTH, CHART_HEIGHT);
	htmlw_open_attrs(w, "svg", "chart", svg);
	htmlw_elem(w, "title", NULL, label);
	axes(w, &g);
	if (n == 0) {
		text(w, "empty", (LEFT + CHART_WIDTH - RIGHT) / 2.0,
		    (TOP + CHART_HEIGHT - BOTTOM) / 2.0, "middle",
		    "No evaluation recorded in the period");
		htmlw_close(w);
		return;
	}
	assure_buf_init(&pl, ASSURE_BUF_DEFAULT_MAX);
	for (i = 0; i < n; i++)
		assure_buf_printf(&pl, "%s%.1f,%.1f", i ? " " : "",
		    xpos(&g, v[i].t), ypos(&g, v[i].y));
	poly[1] = assure_buf_str(&pl);
	if (assure_buf_err(&pl) != ASSURE_OK && w->out->err == ASSURE_OK)
		w->out->err = assure_buf_err(&pl);
	htmlw_open_attrs(w, "polyline", "line", poly);
	htmlw_close(w);
	assure_buf_free(&pl);
	for (i = 0; i < n; i++) {
		snprintf(a[0], sizeof(a[0]), "%.1f", xpos(&g, v[i].t));
		snprintf(a[1], sizeof(a[1]), "%.1f", ypos(&g, v[i].y));
		assure_date_format(v[i].t, day);
		snprintf(tip, sizeof(tip), "%s: %lld %s", day,
		    (long long)v[i].y, unit);
		htmlw_open_attrs(w, "circle", "pt", pt);
		htmlw_elem(w, "title", NULL, tip);
		htmlw_close(w);
	}
	htmlw_close(w);
	free(v);
}
