/*
 * test_report.c: the report writers (src/report): HTML escaping of every
 * text, including bytes that are not UTF-8; Markdown escaping of markup;
 * the format chosen by a file's extension; and a scoping statement whose
 * scope holds markup, in all three formats.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/md.h"
#include "report/scoping.h"

static void
test_html_escape(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "plain", "plain" },
		{ "<script>alert('x')</script>",
		    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
		{ "a & b \"c\"", "a &amp; b &quot;c&quot;" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
		{ "overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd" },
		{ "bell \x07", "bell \xef\xbf\xbd" },
		{ "line\nbreak", "line\nbreak" },
	};
	struct assure_buf b;
	size_t i;

	(void)state;
	assure_buf_init(&b, 0);
	for (i = 0; i < ASSURE_ARRAY_LEN(cases); i++) {
		assure_buf_reset(&b);
		html_escape(&b, cases[i].in, strlen(cases[i].in));
		assert_string_equal(assure_buf_str(&b), cases[i].out);
	}
	assure_buf_free(&b);
}

static void
test_md_escape(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "plain text", "plain text" },
		{ "a|b *c* _d_ [e](f) <g>", "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) "
		    "\\<g\\>" },
		{ "# not a heading", "\\# not a heading" },
		{ "- not a list", "\\- not a list" },
		{ "1. not a list", "1\\. not a list" },
		{ "two\nlines", "two lines" },
		{ "R&D `code`", "R\\&D \\`code\\`" },
	};
	struct assure_buf b;
	size_t i;

	(void)state;
	assure_buf_init(&b, 0);
	for (i = 0; i < ASSURE_ARRAY_LEN(cases); i++) {
		assure_buf_reset(&b);
		md_text(&b, cases[i].in);
		assert_string_equal(assure_buf_str(&b), cases[i].out);
	}
	assure_buf_free(&b);
}

static void
test_format_from_path(void **state)
{
	enum doc_format f;

	(void)state;
	assert_int_equal(doc_format_from_path("a/b.md", &f), 0);
	assert_int_equal(f, DOC_MARKDOWN);
	assert_int_equal(doc_format_from_path("B.HTML", &f), 0);
	assert_int_equal(f, DOC_HTML);
	assert_int_equal(doc_format_from_path("x.htm", &f), 0);
	assert_int_equal(doc_format_from_path("r.json", &f), 0);
	assert_int_equal(f, DOC_JSON);
	assert_int_equal(doc_format_from_path("r.pdf", &f), -1);
	assert_int_equal(doc_format_from_path("dir.md/report", &f), -1);
	assert_int_equal(doc_format_from_path("report", &f), -1);
}

static void
test_scoping_escapes_everything(void **state)
{
	static const char text[] =
	    "description: \"<img src=x onerror=alert(1)> & | *bold*\"\n"
	    "services: [{name: \"<b>Pay</b>\"}]\n"
	    "commitments: [\"- 99.9%\"]\n"
	    "boundary:\n"
	    "  infrastructure: [{name: I}]\n"
	    "  software: [{name: W}]\n"
	    "  people: [{name: P}]\n"
	    "  procedures: [{name: R}]\n"
	    "  data: [{name: D, classification: internal}]\n";
	const struct assure_catalog *cat;
	struct assure_diag d;
	struct scope *s;
	struct scoping sc;
	struct config cfg;
	struct assure_buf b;

	(void)state;
	assert_int_equal(assure_catalog_get(&cat, &d), ASSURE_OK);
	assert_int_equal(scope_parse(text, strlen(text), "scope.yaml", cat,
	    &s, &d), ASSURE_OK);
	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "Org</title>",
	    sizeof(cfg.organisation));
	assure_strlcpy(cfg.system, "Sys", sizeof(cfg.system));
	cfg.categories = TSC_SECURITY;
	memset(&sc, 0, sizeof(sc));
	sc.cfg = &cfg;
	sc.scope = s;
	sc.cat = cat;
	assure_buf_init(&b, 0);
	report_scoping(&sc, DOC_HTML, &b);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	assert_null(strstr(assure_buf_str(&b), "<img"));
	assert_null(strstr(assure_buf_str(&b), "<b>"));
	assert_null(strstr(assure_buf_str(&b), "Org</title>"));
	assert_non_null(strstr(assure_buf_str(&b), "&lt;img src=x"));
	assert_non_null(strstr(assure_buf_str(&b), "Org&lt;/title&gt;"));
	assert_null(strstr(assure_buf_str(&b), "<script"));
	/* Only the in-scope criteria are listed. */
	assert_non_null(strstr(assure_buf_str(&b), "<td>CC9.2</td>"));
	assert_null(strstr(assure_buf_str(&b), "<td>A1.1</td>"));
	assure_buf_reset(&b);
	report_scoping(&sc, DOC_MARKDOWN, &b);
	assert_non_null(strstr(assure_buf_str(&b), "\\<img src=x"));
	assert_non_null(strstr(assure_buf_str(&b), "- \\- 99.9%"));
	assert_non_null(strstr(assure_buf_str(&b), "\\*bold\\*"));
	assure_buf_reset(&b);
	report_scoping(&sc, DOC_JSON, &b);
	assert_non_null(strstr(assure_buf_str(&b), "\"name\": \"<b>Pay</b>\""));
	assure_buf_free(&b);
	scope_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_md_escape),
		cmocka_unit_test(test_format_from_path),
		cmocka_unit_test(test_scoping_escapes_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
