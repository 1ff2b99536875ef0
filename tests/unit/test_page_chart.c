/*
 * test_page_chart.c: the dashboard's trend chart (src/web/chart.c) is
 * well-formed XML, has one point per value in order of time, and
 * handles an empty series; and the HTML writer's attribute openers
 * (src/report/html.c) escape values and keep only relative URLs.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "testutil.h"
#include "common/embed.h"
#include "common/timeutil.h"
#include "report/html.h"
#include "web/chart.h"
#include "web/pages.h"

static int64_t
t_(const char *s)
{
	int64_t t;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static void
render(const struct chart_point *pts, size_t n, struct assure_buf *b)
{
	struct htmlw w;

	assure_buf_init(b, ASSURE_BUF_DEFAULT_MAX);
	htmlw_init(&w, b);
	chart_svg(&w, pts, n, t_("2026-01-01"), t_("2026-06-30T23:59:59Z"), 12,
	    "Trend <of> \"tests\"", "tests passing");
	assert_int_equal(w.depth, 0);
	assert_int_equal(assure_buf_err(b), ASSURE_OK);
}

/* The circles of class pt, in document order: their cx into xs. */
static size_t
points(xmlNode *n, double *xs, size_t max, size_t k)
{
	xmlChar *c, *cx;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "circle") == 0) {
			c = xmlGetProp(n, BAD_CAST "class");
			cx = xmlGetProp(n, BAD_CAST "cx");
			assert_non_null(c);
			assert_non_null(cx);
			assert_string_equal((char *)c, "pt");
			if (k < max)
				xs[k] = strtod((char *)cx, NULL);
			k++;
			xmlFree(c);
			xmlFree(cx);
		}
		k = points(n->children, xs, max, k);
	}
	return k;
}

static xmlDoc *
parse_xml(const struct assure_buf *b)
{
	xmlDoc *doc = xmlReadMemory(b->data, (int)b->len, "chart.svg", "UTF-8",
	    XML_PARSE_NONET);

	assert_non_null(doc);
	assert_string_equal((char *)xmlDocGetRootElement(doc)->name, "svg");
	return doc;
}

static void
test_series(void **state)
{
	/* Out of order on purpose: the chart sorts by time. */
	struct chart_point pts[] = {
		{ t_("2026-03-31T23:59:59Z"), 9 },
		{ t_("2026-01-31T23:59:59Z"), 7 },
		{ t_("2026-02-28T23:59:59Z"), 8 },
		{ t_("2026-06-30T23:59:59Z"), 12 },
		{ t_("2026-05-31T23:59:59Z"), 0 },
	};
	struct assure_buf b;
	double xs[8];
	size_t i, n;
	xmlDoc *doc;

	(void)state;
	render(pts, ASSURE_ARRAY_LEN(pts), &b);
	doc = parse_xml(&b);
	n = points(xmlDocGetRootElement(doc), xs, 8, 0);
	assert_int_equal(n, ASSURE_ARRAY_LEN(pts));
	for (i = 1; i < n; i++)
		assert_true(xs[i] >= xs[i - 1]);
	/* The label is escaped, month ticks are there, one polyline. */
	assert_non_null(strstr(b.data, "Trend &lt;of&gt; &quot;tests&quot;"));
	assert_non_null(strstr(b.data, ">Jan 2026<"));
	assert_non_null(strstr(b.data, ">Jun<"));
	assert_non_null(strstr(b.data, "<polyline class=\"line\""));
	assert_non_null(strstr(b.data, "2026-05-31: 0 tests passing"));
	assert_null(strstr(b.data, "style="));
	xmlFreeDoc(doc);
	assure_buf_free(&b);
}

static void
test_empty(void **state)
{
	struct assure_buf b;
	double xs[1];
	xmlDoc *doc;

	(void)state;
	render(NULL, 0, &b);
	doc = parse_xml(&b);
	assert_int_equal(points(xmlDocGetRootElement(doc), xs, 1, 0), 0);
	assert_non_null(strstr(b.data, "No evaluation recorded"));
	assert_null(strstr(b.data, "polyline"));
	xmlFreeDoc(doc);
	assure_buf_free(&b);
}

static void
test_degenerate(void **state)
{
	struct chart_point pts[] = { { 5, 100 }, { -5, -3 } };
	struct assure_buf b;
	struct htmlw w;
	double xs[2];
	xmlDoc *doc;

	(void)state;
	/* end before start, ymax 0, values out of range: still drawn. */
	assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
	htmlw_init(&w, &b);
	chart_svg(&w, pts, 2, 10, 0, 0, "x", "y");
	doc = parse_xml(&b);
	assert_int_equal(points(xmlDocGetRootElement(doc), xs, 2, 0), 2);
	xmlFreeDoc(doc);
	assure_buf_free(&b);
}

static void
test_attrs(void **state)
{
	struct assure_buf b;
	struct htmlw w;
	const char *const a1[] = { "href", "/controls/A%20B?x=1&y=2",
	    "title", "\"><script>alert(1)</script>'", NULL };
	const char *const a2[] = { "href", "javascript:alert(1)", NULL };
	const char *const a3[] = { "href", "//evil.example/", NULL };
	const char *const a4[] = { "action", "http://evil.example/", NULL };
	const char *const a5[] = { "href", "/\\evil", "value", NULL, NULL };
	const char *const a6[] = { "href", "#top", NULL };
	const char *const a7[] = { "type", "hidden", "name", "csrf", "value",
	    "a\"b", NULL };

	(void)state;
	assure_buf_init(&b, 1 << 20);
	htmlw_init(&w, &b);
	htmlw_open_attrs(&w, "a", "x", a1);
	htmlw_close(&w);
	assert_string_equal(b.data, "<a class=\"x\" "
	    "href=\"/controls/A%20B?x=1&amp;y=2\" title=\"&quot;&gt;&lt;"
	    "script&gt;alert(1)&lt;/script&gt;&#39;\"></a>");
	assure_buf_reset(&b);
	htmlw_open_attrs(&w, "a", NULL, a2);
	htmlw_open_attrs(&w, "a", NULL, a3);
	htmlw_open_attrs(&w, "form", NULL, a4);
	htmlw_open_attrs(&w, "a", NULL, a5);
	htmlw_open_attrs(&w, "a", NULL, a6);
	while (w.depth > 0)
		htmlw_close(&w);
	assert_string_equal(b.data, "<a href=\"#\"><a href=\"#\">"
	    "<form action=\"#\"><a href=\"#\"><a href=\"#top\"></a></a>"
	    "</form></a></a>");
	assure_buf_reset(&b);
	htmlw_void_attrs(&w, "input", NULL, a7);
	assert_string_equal(b.data, "<input type=\"hidden\" name=\"csrf\" "
	    "value=\"a&quot;b\">");
	assert_true(htmlw_url_ok("/"));
	assert_true(htmlw_url_ok("#x"));
	assert_false(htmlw_url_ok("javascript:x"));
	assert_false(htmlw_url_ok(" /x"));
	assert_false(htmlw_url_ok("/x\ny"));
	assert_false(htmlw_url_ok("data:text/html,x"));
	assert_false(htmlw_url_ok(NULL));
	assure_buf_reset(&b);
	htmlw_begin_linked(&w, "T <1>", "/static/assure.css");
	htmlw_end(&w);
	assert_non_null(strstr(b.data, "<title>T &lt;1&gt;</title>"));
	assert_non_null(strstr(b.data,
	    "<link rel=\"stylesheet\" href=\"/static/assure.css\">"));
	assert_null(strstr(b.data, "<style"));
	assure_buf_free(&b);
	/* The style sheet the pages link is embedded. */
	assert_non_null(assure_embed_find(WEB_CSS_EMBED));
}

/* The text elements of class cls: their x (or y) and their text. */
static size_t
labels(xmlNode *n, const char *cls, const char *coord, double *pos,
    size_t *len, size_t max, size_t k)
{
	xmlChar *c, *v, *t;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "text") == 0) {
			c = xmlGetProp(n, BAD_CAST "class");
			if (c != NULL && strcmp((char *)c, cls) == 0 &&
			    k < max) {
				v = xmlGetProp(n, BAD_CAST coord);
				t = xmlNodeGetContent(n);
				pos[k] = strtod((char *)v, NULL);
				len[k] = strlen((char *)t);
				k++;
				xmlFree(v);
				xmlFree(t);
			}
			xmlFree(c);
		}
		k = labels(n->children, cls, coord, pos, len, max, k);
	}
	return k;
}

/*
 * At the chart's width no two x labels overlap (11px text, at most 0.6
 * em a character, as chart.c reckons) and none leaves the chart; y
 * labels are a line apart: over periods from a month to ten years and
 * scales from 1 to a million.
 */
static void
test_labels_apart(void **state)
{
	static const char *const ends[] = { "2026-01-31", "2026-03-31",
	    "2026-12-31", "2027-06-30", "2027-12-31", "2028-12-31",
	    "2030-12-31", "2035-12-31" };
	static const int64_t ymaxes[] = { 1, 7, 12, 30, 99, 1000, 1000000 };
	struct assure_buf b;
	struct htmlw w;
	xmlDoc *doc;
	double pos[256];
	size_t len[256], n, i, k;
	char end[32];

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(ends); i++) {
		assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
		htmlw_init(&w, &b);
		snprintf(end, sizeof(end), "%sT23:59:59Z", ends[i]);
		chart_svg(&w, NULL, 0, t_("2026-01-01"), t_(end), 10, "T",
		    "u");
		doc = parse_xml(&b);
		n = labels(xmlDocGetRootElement(doc), "xlab", "x", pos, len,
		    ASSURE_ARRAY_LEN(pos), 0);
		assert_true(n >= 1);
		if (i > 0)
			assert_true(n >= 2);
		for (k = 0; k < n; k++) {
			assert_true(pos[k] - len[k] * 3.3 >= 0);
			assert_true(pos[k] + len[k] * 3.3 <= CHART_WIDTH);
			if (k > 0 && pos[k] - len[k] * 3.3 <
			    pos[k - 1] + len[k - 1] * 3.3 + 4)
				fail_msg("period to %s: labels %zu and %zu "
				    "overlap", ends[i], k - 1, k);
		}
		xmlFreeDoc(doc);
		assure_buf_free(&b);
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(ymaxes); i++) {
		assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
		htmlw_init(&w, &b);
		chart_svg(&w, NULL, 0, t_("2026-01-01"),
		    t_("2026-12-31T23:59:59Z"), ymaxes[i], "T", "u");
		doc = parse_xml(&b);
		n = labels(xmlDocGetRootElement(doc), "ylab", "y", pos, len,
		    ASSURE_ARRAY_LEN(pos), 0);
		assert_true(n >= 2);
		for (k = 1; k < n; k++)
			assert_true(pos[k - 1] - pos[k] >= 11 + 4);
		xmlFreeDoc(doc);
		assure_buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_attrs),
		cmocka_unit_test(test_labels_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
