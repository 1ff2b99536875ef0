/*
 * test_scope.c: scope.yaml (src/scope): the starter template for every
 * category choice, the Acme Payroll example, every located error, the
 * notes of scope_check(), and the files `assure init` writes.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "common/buf.h"
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

/* A minimal valid scope, with room for one more top-level key. */
#define MIN_SCOPE							\
	"description: A system.\n"					\
	"services: [{name: S}]\n"					\
	"commitments: [C]\n"						\
	"boundary:\n"							\
	"  infrastructure: [{name: I}]\n"				\
	"  software: [{name: W}]\n"					\
	"  people: [{name: P}]\n"					\
	"  procedures: [{name: R}]\n"					\
	"  data: [{name: D, classification: internal}]\n"

static void
render(unsigned categories, struct assure_buf *b)
{
	struct config c;

	config_defaults(&c);
	assure_strlcpy(c.organisation, "Quote \"Co\" \\ Ltd",
	    sizeof(c.organisation));
	c.categories = categories;
	assure_buf_init(b, 0);
	scope_template_render(&c, b);
	assert_int_equal(assure_buf_err(b), ASSURE_OK);
}

static void
test_template(void **state)
{
	static const unsigned choices[] = { TSC_SECURITY,
	    TSC_SECURITY | TSC_AVAILABILITY, TSC_ALL_CATEGORIES };
	struct scope_notes notes;
	struct assure_diag d;
	struct assure_buf b;
	struct scope *s;
	char msg[1024];
	size_t i;
	unsigned c, n;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(choices); i++) {
		render(choices[i], &b);
		if (parse(assure_buf_str(&b), &s, &d) != ASSURE_OK) {
			assure_diag_format(&d, msg, sizeof(msg));
			fail_msg("starter scope does not parse: %s", msg);
		}
		/* The organisation's name survives the quoting. */
		assert_non_null(strstr(s->description,
		    "Quote \"Co\" \\ Ltd provides"));
		assert_true(s->nservices >= 1 && s->ncommitments >= 1);
		for (c = 0; c < SCOPE_COMPONENT__MAX; c++)
			assert_true(s->ncomponents[c] >= 1);
		assert_true(s->nsubservices >= 1 && s->ncuecs >= 1);
		/* A reason for exactly the categories left out: no notes. */
		for (c = 0, n = 0; c < ASSURE_TSC_CATEGORY__MAX; c++) {
			bool in = choices[i] & scope_category_bit(
			    (enum assure_tsc_category)c);

			assert_true(in == (s->category_reason[c] == NULL));
		}
		scope_check(s, choices[i], &notes);
		for (n = 0; n < notes.n; n++)
			fail_msg("unexpected note: %s", notes.text[n]);
		scope_free(s);
		assure_buf_free(&b);
	}
}

static void
test_acme_example(void **state)
{
	const char *src = getenv("ASSURE_SRCDIR");
	struct assure_diag d;
	struct scope *s;
	char *path, msg[1024];

	(void)state;
	if (src == NULL)
		skip();
	path = tu_join(src, "examples/acme-payroll/scope.yaml");
	if (scope_load(path, cat_get(), &s, &d) != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("%s", msg);
	}
	assert_int_equal(s->nsubservices, 3);
	assert_string_equal(s->subservices[0].name, "Amazon Web Services");
	assert_int_equal(s->subservices[0].method, SCOPE_CARVE_OUT);
	assert_int_equal(s->subservices[1].method, SCOPE_INCLUSIVE);
	assert_string_equal(s->subservices[0].criteria.v[2]->id, "A1.2");
	assert_int_equal(s->components[SCOPE_DATA][0].classification,
	    SCOPE_RESTRICTED);
	assert_true(s->components[SCOPE_DATA][0].personal);
	assert_false(s->components[SCOPE_DATA][4].personal);
	assert_int_equal(s->ncuecs, 4);
	assert_null(s->category_reason[ASSURE_TSC_AVAILABILITY]);
	assert_non_null(s->category_reason[ASSURE_TSC_PRIVACY]);
	scope_free(s);
	free(path);
}

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
	assert_string_equal(d.source, "scope.yaml");
}

static void
test_located_errors(void **state)
{
	(void)state;
	expect_error(MIN_SCOPE "colour: blue\n", 10, 1, "colour",
	    "unknown key in scope.yaml");
	expect_error(MIN_SCOPE "locations: [{name: L, where: x}]\n", 10, 23,
	    "where", "unknown key in locations");
	expect_error(MIN_SCOPE "subservice_organisations:\n"
	    "  - name: AWS\n    service: hosting\n    method: carve-out\n"
	    "    criteria: [CC6.4, CC10.1]\n", 14, 23,
	    "subservice_organisations.criteria",
	    "unknown TSC 2017 criterion 'CC10.1'");
	expect_error(MIN_SCOPE "cuecs:\n  - description: x\n"
	    "    criteria: [cc6.1, CC6.1]\n", 12, 23, "cuecs.criteria",
	    "CC6.1 is listed twice");
	expect_error(MIN_SCOPE "subservice_organisations:\n"
	    "  - name: AWS\n    service: hosting\n    method: outsourced\n"
	    "    criteria: [CC6.4]\n", 13, 13,
	    "subservice_organisations.method", "expected carve-out or "
	    "inclusive");
	expect_error(MIN_SCOPE "subservice_organisations:\n"
	    "  - name: AWS\n    service: hosting\n", 11, 5,
	    "subservice_organisations", "needs name, service, method");
	expect_error(MIN_SCOPE "excluded_categories:\n  security: no\n", 11,
	    3, "security", "always in scope");
	expect_error(MIN_SCOPE "excluded_categories:\n  marketing: no\n", 11,
	    3, "marketing", "unknown category");
	expect_error(MIN_SCOPE "out_of_boundary: [{name: Website}]\n", 10, 19,
	    "out_of_boundary", "reason");
	expect_error(MIN_SCOPE "commitments: [D]\n", 10, 1, "commitments",
	    "duplicate key (first at line 3)");
	expect_error(MIN_SCOPE "locations: [{name: ''}]\n", 10, 20,
	    "locations.name", "must not be empty");
	expect_error(MIN_SCOPE "locations: [{name: \"two\\nlines\"}]\n", 10,
	    20, "locations.name", "one line");
	expect_error("description: A system.\nservices: [{name: S}]\n"
	    "commitments: [C]\nboundary:\n  infrastructure: [{name: I}]\n"
	    "  software: [{name: W}]\n  people: [{name: P}]\n"
	    "  procedures: [{name: R}]\n  data: [{name: D}]\n", 9, 10,
	    "boundary.data", "needs a classification");
	expect_error("description: A system.\nservices: [{name: S}]\n"
	    "commitments: [C]\nboundary:\n  infrastructure: [{name: I}]\n"
	    "  software: [{name: W}]\n  people: [{name: P}]\n"
	    "  procedures: [{name: R}]\n  data: [{name: D, classification: "
	    "secret}]\n", 9, 36, "boundary.data.classification",
	    "expected public, internal, confidential or restricted");
	expect_error("description: A system.\nservices: [{name: S}]\n"
	    "commitments: [C]\nboundary:\n  infrastructure: [{name: I}]\n"
	    "  software: [{name: W}]\n", 5, 3, "boundary",
	    "'people' is missing");
	expect_error("description: A system.\nservices: []\n", 2, 11,
	    "services", "at least one");
	expect_error("services: [{name: S}]\n", 1, 1, "description",
	    "required key is missing");
	expect_error(MIN_SCOPE "---\nmore: 1\n", 11, 1, NULL,
	    "a second YAML document");
	expect_error("description: [unclosed\n", 2, 1, NULL, "");
	expect_error("", 1, 1, NULL, "empty file");
}

static void
test_notes(void **state)
{
	struct scope_notes notes;
	struct assure_diag d;
	struct scope *s;

	(void)state;
	assert_int_equal(parse(MIN_SCOPE "subservice_organisations:\n"
	    "  - {name: AWS, service: hosting, method: carve-out, "
	    "criteria: [CC6.4, A1.2]}\n"
	    "cuecs: [{description: x, criteria: [P4.1]}]\n"
	    "excluded_categories: {availability: later}\n", &s, &d),
	    ASSURE_OK);
	scope_check(s, TSC_SECURITY, &notes);
	assert_int_equal(notes.n, 6);
	assert_non_null(strstr(notes.text[0], "processing-integrity is left "
	    "out of scope without a reason"));
	assert_non_null(strstr(notes.text[3], "AWS is carved out but lists "
	    "no complementary"));
	assert_non_null(strstr(notes.text[4], "AWS bears on A1.2, outside"));
	assert_non_null(strstr(notes.text[5], "names P4.1, outside"));
	/* Availability chosen after all: its reason is flagged. */
	scope_check(s, TSC_SECURITY | TSC_AVAILABILITY, &notes);
	assert_non_null(strstr(notes.text[0], "gives a reason for "
	    "availability, but assure.yaml has it in scope"));
	scope_free(s);
}

static void
test_write_templates(void **state)
{
	struct config c;
	struct assure_diag d;
	struct scope *s;
	struct stat st;
	char *dir, *path, *ctl;

	(void)state;
	dir = tu_mkdtemp();
	config_defaults(&c);
	assure_strlcpy(c.organisation, "Tmpl Co", sizeof(c.organisation));
	path = tu_join(dir, "scope.yaml");
	ctl = tu_join(dir, "controls/ac-02.yaml");
	tu_write_file(path, "keep me\n", 8);
	assert_int_equal(scope_write_templates(dir, &c, &d), ASSURE_OK);
	/* An existing file is left alone; missing ones are written. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 8);
	assert_int_equal(stat(ctl, &st), 0);
	assert_int_equal(scope_load_workspace(dir, cat_get(), &s, &d),
	    ASSURE_ERR_PARSE);
	unlink(path);
	assert_int_equal(scope_write_templates(dir, &c, &d), ASSURE_OK);
	assert_int_equal(scope_load_workspace(dir, cat_get(), &s, &d),
	    ASSURE_OK);
	scope_free(s);
	unlink(path);
	assert_int_equal(scope_load_workspace(dir, cat_get(), &s, &d),
	    ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "no scope file"));
	free(path);
	free(ctl);
	tu_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_acme_example),
		cmocka_unit_test(test_located_errors),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_write_templates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
