/*
 * chart.h: the dashboard's trend chart, a line of points over a period
 * as inline SVG written through the escaping HTML writer (no script, no
 * style attribute: the look is data/web/assure.css's, by class).
 *
 * The chart is well-formed XML on its own (the <svg> carries its
 * namespace), so that it can be checked with an XML parser and saved as
 * a file.  x is time over [start, end] with a tick at the first of each
 * month (labelled with the month, and the year at the first tick and in
 * January); y is 0 to ymax with at most six round ticks.  Each point is
 * a <circle class="pt"> with a <title> saying its date and value, in
 * order of time (the points are sorted; the caller's array is not
 * touched), joined by a <polyline class="line">.  No point: the axes and
 * a line of text saying so.
 */
#ifndef ASSURE_WEB_CHART_H
#define ASSURE_WEB_CHART_H

#include "common/compat.h"
#include "report/html.h"

#define CHART_WIDTH	720
#define CHART_HEIGHT	240
#define CHART_POINTS_MAX 100000

struct chart_point {
	int64_t	t;	/* the instant */
	int64_t	y;	/* the value, 0..ymax */
};

/*
 * Write the chart of pts[0..n) into w.  label names the chart (its
 * aria-label and <title>) and unit what y counts ("tests passing").
 * Instants outside [start, end] and values outside [0, ymax] are drawn
 * at the edge.  end <= start or ymax <= 0 are taken as one second and
 * one.  More than CHART_POINTS_MAX points: the first ones are drawn.
 * Allocation failure is recorded in w's buffer (sticky).
 */
void chart_svg(struct htmlw *w, const struct chart_point *pts, size_t n,
    int64_t start, int64_t end, int64_t ymax, const char *label,
    const char *unit);

#endif
