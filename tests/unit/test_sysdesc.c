/*
 * test_sysdesc.c: the system description (src/report/sysdesc.c) and its
 * diagrams (diagram.c): scope.yaml's actors, flows and changes and their
 * located errors; every DC section in each format; hostile workspace text
 * escaped in the HTML, in the DOT and in graphviz's SVG, which must be
 * well-formed XML with the text as text; the SVG embedded without its
 * prolog; the Markdown's dot block; the JSON parses.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <yajl/yajl_tree.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/timeutil.h"
#include "report/diagram.h"
#include "report/sysdesc.h"
#include "scope/scope.h"
#include "workspace/config.h"

static const struct assure_catalog *
cat_get(void)
{
	const struct assure_catalog *cat = NULL;
	struct assure_diag d;

	assert_int_equal(assure_catalog_get(&cat, &d), ASSURE_OK);
	return cat;
}

static enum assure_err
parse(const char *text, struct scope **s, struct assure_diag *d)
{
	assure_diag_clear(d);
	return scope_parse(text, strlen(text), "scope.yaml", cat_get(), s, d);
}

#define MIN_SCOPE							\
	"description: A system.\n"					\
	"services: [{name: S}]\n"					\
	"commitments: [C]\n"						\
	"boundary:\n"							\
	"  infrastructure: [{name: I}]\n"				\
	"  software: [{name: W}]\n"					\
	"  people: [{name: P}]\n"					\
	"  procedures: [{name: R}]\n"					\
	"  data: [{name: D, classification: internal}]\n"		\
	"subservice_organisations:\n"					\
	"  - { name: Cloud, service: hosting, method: carve-out,\n"	\
	"      criteria: [CC6.4] }\n"

/* The hostile name: markup, an ampersand, quotes, a backslash escape. */
#define EVIL	"<script>alert(1)</script> & \\\"q\\\" 'a' \\\\N"
/* As graphviz wraps it: two lines, two text elements. */
#define EVIL_LINE1 "<script>alert(1)</script>"
#define EVIL_LINE2 "& \"q\" 'a' \\N"

static void
expect_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	struct assure_diag d;
	struct scope *s = NULL;
	char msg[2048];

	assert_int_equal(parse(text, &s, &d), ASSURE_ERR_PARSE);
	assert_null(s);
	assure_diag_format(&d, msg, sizeof(msg));
	if (line != d.line || col != d.column ||
	    strstr(msg, needle) == NULL ||
	    (field != NULL && strcmp(d.field, field) != 0))
		fail_msg("got '%s' (line %lu col %lu field %s)", msg, d.line,
		    d.column, d.field);
}

static void
test_scope_additions(void **state)
{
	struct assure_diag d;
	struct scope *s = NULL;

	(void)state;
	/* Flows may come before the lists they name. */
	assert_int_equal(parse("flows:\n"
	    "  - { from: Users, to: W, data: uploads, protocol: HTTPS }\n"
	    "  - { from: W, to: Cloud, data: backups }\n"
	    "  - { from: D, to: Users, data: reports }\n"
	    MIN_SCOPE
	    "actors: [{name: Users, description: the customers}]\n"
	    "changes:\n  - { date: 2026-02-01, description: New MFA }\n",
	    &s, &d), ASSURE_OK);
	assert_int_equal(s->nactors, 1);
	assert_string_equal(s->actors[0].name, "Users");
	assert_int_equal(s->nflows, 3);
	assert_int_equal(s->flows[0].from.kind, SCOPE_EP_ACTOR);
	assert_int_equal(s->flows[0].to.kind, SCOPE_EP_COMPONENT);
	assert_int_equal(s->flows[0].to.component, SCOPE_SOFTWARE);
	assert_string_equal(s->flows[0].protocol, "HTTPS");
	assert_int_equal(s->flows[1].to.kind, SCOPE_EP_SUBSERVICE);
	assert_null(s->flows[1].protocol);
	assert_int_equal(s->flows[2].from.component, SCOPE_DATA);
	assert_int_equal(s->nchanges, 1);
	assert_string_equal(s->changes[0].description, "New MFA");
	assert_true(s->changes[0].date > 0);
	scope_free(s);

	/* The unknown endpoint, at its own line and column. */
	expect_error(MIN_SCOPE "flows:\n"
	    "  - { from: W, to: Cloud, data: x }\n"
	    "  - { from: W, to: Nowhere, data: x }\n", 15, 20, "flows.to",
	    "'Nowhere' is not a boundary component");
	expect_error(MIN_SCOPE "flows:\n  - { from: Users, to: W, data: x }\n",
	    14, 13, "flows.from", "declare it under actors");
	expect_error(MIN_SCOPE "flows:\n  - { from: W, to: I }\n", 14, 5,
	    "flows", "needs from, to and the data");
	expect_error(MIN_SCOPE "flows:\n  - { from: W, to: I, data: x, "
	    "port: 443 }\n", 14, 32, "port", "unknown key in flows");
	expect_error(MIN_SCOPE "changes:\n  - { date: soon, description: x }\n",
	    14, 13, "changes.date", "expected a date");
	expect_error(MIN_SCOPE "changes:\n  - { date: 2026-01-01 }\n", 14, 5,
	    "changes", "needs a date and a description");
	expect_error(MIN_SCOPE "actors: [{name: W}]\n", 13, 0, "actors.name",
	    "already the name of a boundary component");
	expect_error(MIN_SCOPE "actors: [{name: U}, {name: U}]\n", 13, 0,
	    "actors.name", "another actor");
}

/* A scope of hostile names, with flows and changes. */
static const char hostile[] =
    "description: The \"" EVIL "\" system.\n"
    "services: [{name: \"" EVIL "\"}]\n"
    "commitments: [\"" EVIL "\"]\n"
    "boundary:\n"
    "  infrastructure: [{name: \"" EVIL "\"}]\n"
    "  software: [{name: Web app ```x```}]\n"
    "  people: [{name: Ops}]\n"
    "  procedures: [{name: Change}]\n"
    "  data: [{name: Records, classification: restricted}]\n"
    "subservice_organisations:\n"
    "  - { name: Cloud & Co, service: hosting, method: carve-out,\n"
    "      criteria: [CC6.4], csocs: [Guards at the door] }\n"
    "cuecs: [{description: Users review access, criteria: [CC6.2]}]\n"
    "actors: [{name: \"Actor " EVIL "\"}]\n"
    "flows:\n"
    "  - { from: \"Actor " EVIL "\", to: Web app ```x```,\n"
    "      data: \"" EVIL "\", protocol: HTTPS }\n"
    "  - { from: Web app ```x```, to: Cloud & Co, data: backups }\n"
    "changes: [{date: 2026-02-01, description: \"" EVIL "\"},\n"
    "  {date: 2020-01-01, description: Before the period}]\n";

struct fixture {
	struct config	 cfg;
	struct scope	*scope;
	struct sysdesc	 sd;
	struct sysdesc_incident inc[2];
	struct sysdesc_approval appr[1];
};

static void
fixture(struct fixture *f)
{
	struct assure_diag d;
	char msg[1024];

	memset(f, 0, sizeof(*f));
	config_defaults(&f->cfg);
	assure_strlcpy(f->cfg.organisation, "Org <b>&</b>",
	    sizeof(f->cfg.organisation));
	assure_strlcpy(f->cfg.system, "Sys \"<i>\"", sizeof(f->cfg.system));
	f->cfg.categories = TSC_SECURITY | TSC_AVAILABILITY;
	if (parse(hostile, &f->scope, &d) != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("hostile scope does not parse: %s", msg);
	}
	assert_int_equal(assure_time_parse("2025-07-01", 10,
	    &f->sd.start), 0);
	assert_int_equal(assure_time_parse("2026-06-30T23:59:59Z", 20,
	    &f->sd.end), 0);
	assure_strlcpy(f->inc[0].id, "INC-<1>", sizeof(f->inc[0].id));
	assure_strlcpy(f->inc[0].title, "Down & out", sizeof(f->inc[0].title));
	f->inc[0].severity = 1;
	f->inc[0].detected = f->sd.start + 86400;
	f->inc[0].resolved = f->sd.start + 90000;
	f->inc[0].customer_impact = 1;
	assure_strlcpy(f->appr[0].policy, "POL-ISP", sizeof(f->appr[0].policy));
	assure_strlcpy(f->appr[0].by, "Jane Doe", sizeof(f->appr[0].by));
	f->appr[0].at = f->sd.start + 100 * 86400;
	f->appr[0].kind = SYSDESC_NEW_VERSION;
	f->sd.cfg = &f->cfg;
	f->sd.scope = f->scope;
	f->sd.cat = cat_get();
	f->sd.generated = f->sd.end;
	f->sd.incidents = f->inc;
	f->sd.nincidents = 1;
	f->sd.incident_sources = true;
	f->sd.approvals = f->appr;
	f->sd.napprovals = 1;
}

static void
render(const struct fixture *f, enum doc_format fmt, struct assure_buf *b)
{
	assure_buf_init(b, 0);
	report_sysdesc(&f->sd, fmt, b);
	assert_int_equal(assure_buf_err(b), ASSURE_OK);
}

static const char *const headings[] = { "DC1. ", "DC2. ", "DC3. ",
    "DC4. ", "DC5. ", "DC6. ", "DC7. ", "DC8. ", "DC9. " };

/* Whether some text node under n holds needle. */
static bool
xml_text_has(xmlNode *n, const char *needle)
{
	xmlChar *c;
	bool found;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    (xmlStrcasecmp(n->name, BAD_CAST "script") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "i") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "b") == 0))
			fail_msg("element <%s> in the SVG", n->name);
		if (n->type == XML_TEXT_NODE) {
			c = xmlNodeGetContent(n);
			found = c != NULL && strstr((const char *)c, needle) !=
			    NULL;
			xmlFree(c);
			if (found)
				return true;
		}
		if (xml_text_has(n->children, needle))
			return true;
	}
	return false;
}

/* The SVG is well-formed XML, and the hostile text is text in it. */
static void
check_svg(const char *svg, size_t len, const char *needle)
{
	xmlDoc *doc;

	assert_true(strncmp(svg, "<svg", 4) == 0);
	assert_null(strstr(svg, "<?xml"));
	assert_null(strstr(svg, "<!DOCTYPE"));
	doc = xmlReadMemory(svg, (int)len, "diagram.svg", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	if (!xml_text_has(xmlDocGetRootElement(doc), needle))
		fail_msg("'%s' is not text in the SVG", needle);
	xmlFreeDoc(doc);
}

static void
test_diagrams(void **state)
{
	struct fixture f;
	struct diagram dg;

	(void)state;
	fixture(&f);
	diagram_init(&dg);
	diagram_architecture(f.scope, f.cfg.system, &dg);
	/* Labels are DOT-quoted: no raw quote ends a string early. */
	assert_non_null(strstr(assure_buf_str(&dg.dot),
	    "\"<script>alert(1)</script>\\n&amp; \\\"q\\\" 'a' \\\\N\""));
	assert_int_equal(diagram_render(&dg), 0);
	check_svg(dg.svg, dg.svglen, EVIL_LINE1);
	check_svg(dg.svg, dg.svglen, EVIL_LINE2);
	check_svg(dg.svg, dg.svglen, "Sys \"<i>\"");
	diagram_release(&dg);

	diagram_init(&dg);
	diagram_flows(f.scope, f.cfg.system, &dg);
	assert_int_equal(diagram_render(&dg), 0);
	check_svg(dg.svg, dg.svglen, EVIL_LINE1);
	check_svg(dg.svg, dg.svglen, "Cloud & Co (carve-out)");
	diagram_release(&dg);

	/* Not DOT: the layout fails with a note, no SVG. */
	diagram_init(&dg);
	assure_buf_adds(&dg.dot, "digraph { a -> }");
	assert_int_equal(diagram_render(&dg), -1);
	assert_null(dg.svg);
	assert_true(dg.note[0] != '\0');
	diagram_release(&dg);
	scope_free(f.scope);
}

static void
test_html(void **state)
{
	struct fixture f;
	struct assure_buf b;
	const char *h, *p;
	size_t i;

	(void)state;
	fixture(&f);
	render(&f, DOC_HTML, &b);
	h = assure_buf_str(&b);
	for (i = 0; i < ASSURE_ARRAY_LEN(headings); i++)
		if (strstr(h, headings[i]) == NULL)
			fail_msg("no heading %s", headings[i]);
	/* Nothing of the workspace is markup, in the page or the SVG. */
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<b>"));
	assert_null(strstr(h, "<i>"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; "
	    "&amp; &quot;q&quot;"));
	/* Two figures, inline, without the XML prolog or DOCTYPE. */
	p = strstr(h, "<figure class=\"diagram\"><svg");
	assert_non_null(p);
	assert_non_null(strstr(p + 1, "<figure class=\"diagram\"><svg"));
	assert_null(strstr(h, "<?xml"));
	assert_null(strstr(h, "<!DOCTYPE svg"));
	assert_null(strstr(h, "<!-- Generated by graphviz"));
	/* The incident, the change in the period, not the one before. */
	assert_non_null(strstr(h, "INC-&lt;1&gt;: Down &amp; out"));
	assert_non_null(strstr(h, "Policy POL-ISP new version approved by "
	    "Jane Doe"));
	assert_null(strstr(h, "Before the period"));
	assure_buf_free(&b);

	/* No graphviz: the notes instead of the drawings. */
	f.sd.no_layout = true;
	render(&f, DOC_HTML, &b);
	h = assure_buf_str(&b);
	assert_null(strstr(h, "<svg"));
	assert_non_null(strstr(h, "the diagram could not be drawn"));
	for (i = 0; i < ASSURE_ARRAY_LEN(headings); i++)
		assert_non_null(strstr(h, headings[i]));
	assure_buf_free(&b);
	scope_free(f.scope);
}

static void
test_markdown(void **state)
{
	struct fixture f;
	struct assure_buf b;
	const char *m;
	size_t i;

	(void)state;
	fixture(&f);
	render(&f, DOC_MARKDOWN, &b);
	m = assure_buf_str(&b);
	for (i = 0; i < ASSURE_ARRAY_LEN(headings); i++)
		if (strstr(m, headings[i]) == NULL)
			fail_msg("no heading %s", headings[i]);
	/* A component named with ``` lengthens the fence. */
	assert_non_null(strstr(m, "\n````dot\ndigraph architecture {"));
	assert_non_null(strstr(m, "\n````dot\ndigraph dataflows {"));
	assert_non_null(strstr(m, "the HTML form of this report has the "
	    "drawing"));
	assert_null(strstr(m, "<svg"));
	assure_buf_free(&b);
	scope_free(f.scope);
}

static void
test_json(void **state)
{
	static const char *arch_svg[] = { "dc3_components", "diagrams",
	    "architecture", "svg", NULL };
	static const char *flow_dot[] = { "dc3_components", "diagrams",
	    "data_flows", "dot", NULL };
	static const char *incidents[] = { "dc4_incidents", "incidents",
	    NULL };
	static const char *flows[] = { "dc3_components", "flows",
	    NULL };
	struct fixture f;
	struct assure_buf b;
	yajl_val tree, v;
	const char *s;
	char err[256];

	(void)state;
	fixture(&f);
	render(&f, DOC_JSON, &b);
	tree = yajl_tree_parse(assure_buf_str(&b), err, sizeof(err));
	if (tree == NULL)
		fail_msg("JSON does not parse: %s", err);
	v = yajl_tree_get(tree, arch_svg, yajl_t_string);
	assert_non_null(v);
	s = YAJL_GET_STRING(v);
	assert_non_null(s);
	check_svg(s, strlen(s), EVIL_LINE2);
	v = yajl_tree_get(tree, flow_dot, yajl_t_string);
	assert_non_null(v);
	s = YAJL_GET_STRING(v);
	assert_non_null(s);
	assert_non_null(strstr(s, "digraph dataflows"));
	v = yajl_tree_get(tree, incidents, yajl_t_array);
	assert_non_null(v);
	assert_int_equal(YAJL_GET_ARRAY(v)->len, 1);
	v = yajl_tree_get(tree, flows, yajl_t_array);
	assert_non_null(v);
	assert_int_equal(YAJL_GET_ARRAY(v)->len, 2);
	yajl_tree_free(tree);
	assure_buf_free(&b);
	scope_free(f.scope);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope_additions),
		cmocka_unit_test(test_diagrams),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_json),
	};

	xmlInitParser();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
