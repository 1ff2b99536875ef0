/*
 * test_controls.c: controls/<name>.yaml (src/controls): the starter set
 * covers every common criterion and names only real ids, both file forms
 * (one control, a list), folder loading in name order, located errors,
 * and the policies: key (kept with where each id is written, checked
 * against the policies once both are loaded).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "controls/controls.h"

static const struct assure_catalog *
cat_get(void)
{
	const struct assure_catalog *cat = NULL;
	struct assure_diag d;

	assert_int_equal(assure_catalog_get(&cat, &d), ASSURE_OK);
	return cat;
}

static void
test_starter_covers_every_cc(void **state)
{
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *c;
	struct control_set set;
	struct assure_diag d;
	char *dir, msg[1024];
	size_t it, i, j, n;
	bool with_tests = false;

	(void)state;
	dir = tu_mkdtemp();
	assert_int_equal(controls_write_starter(dir, &d), ASSURE_OK);
	control_set_init(&set);
	if (controls_load_dir(&set, dir, cat, &d) != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("starter controls do not load: %s", msg);
	}
	assert_true(set.n >= 33);
	ASSURE_CATALOG_TSC_FOREACH(cat, ASSURE_TSC_SECURITY, it, c) {
		for (i = n = 0; i < set.n; i++)
			for (j = 0; j < set.v[i].ntsc; j++)
				n += set.v[i].tsc[j] == c;
		if (n == 0)
			fail_msg("no starter control maps %s", c->id);
	}
	for (i = 0; i < set.n; i++) {
		assert_non_null(set.v[i].owner);
		assert_non_null(set.v[i].description);
		assert_int_equal(set.v[i].status, CONTROL_IMPLEMENTED);
		with_tests = with_tests || set.v[i].ntests > 0;
	}
	assert_true(with_tests);
	assert_non_null(controls_find(&set, "AC-02"));
	assert_string_equal(controls_find(&set, "AC-02")->tests[0]->id,
	    "iam.aws_root");
	control_set_release(&set);
	tu_rmtree(dir);
	free(dir);
}

static void
test_forms(void **state)
{
	static const char one[] = "id: X-1\ntitle: One\nowner: CISO\n"
	    "frequency: quarterly\nstatus: partial\ntsc: [cc6.2, A1.2]\n"
	    "iso27001: [A.5.18, 8.13]\ntests: [iam.user_mfa]\n";
	static const char list[] = "- {id: X-2, title: Two, owner: A, "
	    "frequency: per-event}\n- {id: X-3, title: Three, owner: B, "
	    "frequency: continuous, status: planned}\n";
	const struct assure_catalog *cat = cat_get();
	struct control_set set;
	struct assure_diag d;
	const struct control *c;

	(void)state;
	control_set_init(&set);
	assert_int_equal(controls_parse(&set, one, strlen(one), "one.yaml",
	    cat, &d), ASSURE_OK);
	assert_int_equal(controls_parse(&set, list, strlen(list), "list.yaml",
	    cat, &d), ASSURE_OK);
	assert_int_equal(set.n, 3);
	c = controls_find(&set, "X-1");
	assert_non_null(c);
	assert_int_equal(c->frequency, CONTROL_QUARTERLY);
	assert_int_equal(c->status, CONTROL_PARTIAL);
	assert_string_equal(c->tsc[0]->id, "CC6.2");
	assert_string_equal(c->iso[0]->id, "5.18");
	assert_string_equal(c->tests[0]->id, "iam.user_mfa");
	assert_null(c->description);
	c = controls_find(&set, "X-3");
	assert_int_equal(c->frequency, CONTROL_CONTINUOUS);
	assert_int_equal(c->status, CONTROL_PLANNED);
	assert_int_equal(c->line, 2);
	assert_string_equal(c->source, "list.yaml");
	assert_null(controls_find(&set, "X-4"));
	assert_string_equal(control_frequency_name(CONTROL_PER_EVENT),
	    "per-event");
	control_set_release(&set);
}

static void
expect_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	const struct assure_catalog *cat = cat_get();
	struct control_set set;
	struct assure_diag d;
	char msg[2048];

	control_set_init(&set);
	assure_diag_clear(&d);
	assert_int_equal(controls_parse(&set, text, strlen(text), "c.yaml",
	    cat, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, msg, sizeof(msg));
	if (line != d.line || col != d.column ||
	    strstr(msg, needle) == NULL ||
	    (field != NULL && strcmp(d.field, field) != 0))
		fail_msg("got '%s' (line %lu col %lu field %s)", msg, d.line,
		    d.column, d.field);
	control_set_release(&set);
}

#define CTL	"id: A-1\ntitle: T\nowner: O\nfrequency: daily\n"

static void
test_located_errors(void **state)
{
	(void)state;
	expect_error(CTL "tsc: [CC6.1, CC6.9]\n", 5, 14, "tsc",
	    "unknown TSC 2017 criterion 'CC6.9'");
	expect_error(CTL "iso27001: [5.15, A.9.2.3]\n", 5, 18, "iso27001",
	    "unknown ISO/IEC 27001:2022 Annex A control 'A.9.2.3'");
	expect_error(CTL "tests: [iam.root]\n", 5, 9, "tests",
	    "unknown automated test 'iam.root' (known: iam.aws_root");
	expect_error(CTL "tsc: [CC6.1, cc6.1]\n", 5, 14, "tsc",
	    "listed twice");
	expect_error("id: A-1\ntitle: T\nowner: O\nfrequency: hourly\n", 4,
	    12, "frequency", "expected continuous, daily");
	expect_error(CTL "status: done\n", 5, 9, "status",
	    "expected implemented, partial or planned");
	expect_error(CTL "colour: red\n", 5, 1, "colour",
	    "unknown key in a control");
	expect_error("id: A 1\n", 1, 5, "id", "letters, digits");
	expect_error("id: A-1\ntitle: T\nfrequency: daily\n", 1, 1, "owner",
	    "required key is missing");
	expect_error("- " "{id: A-1, title: T, owner: O, frequency: daily}\n"
	    "- {id: A-1, title: U, owner: O, frequency: daily}\n", 2, 8, "id",
	    "duplicate control id 'A-1' (first in c.yaml:1)");
	expect_error("just text\n", 1, 1, NULL, "expected a mapping");
	expect_error("", 1, 1, NULL, "empty file");
}

static void
test_load_dir(void **state)
{
	const struct assure_catalog *cat = cat_get();
	struct control_set set;
	struct assure_diag d;
	char *dir, *a, *b, *missing, msg[1024];

	(void)state;
	dir = tu_mkdtemp();
	a = tu_join(dir, "a.yaml");
	b = tu_join(dir, "b.yml");
	tu_write_file(a, CTL, strlen(CTL));
	tu_write_file(b, CTL, strlen(CTL));
	control_set_init(&set);
	assert_int_equal(controls_load_dir(&set, dir, cat, &d),
	    ASSURE_ERR_PARSE);
	assure_diag_format(&d, msg, sizeof(msg));
	/* Name order: the duplicate is the one in b.yml. */
	assert_non_null(strstr(msg, "b.yml:1:5: id: duplicate control id "
	    "'A-1' (first in "));
	assert_non_null(strstr(msg, "a.yaml:1)"));
	control_set_release(&set);
	missing = tu_join(dir, "nothing-here");
	assert_int_equal(controls_load_dir(&set, missing, cat, &d), ASSURE_OK);
	assert_int_equal(set.n, 0);
	control_set_release(&set);
	free(missing);
	free(a);
	free(b);
	tu_rmtree(dir);
	free(dir);
}

static bool
only_pol_ac(const char *id, void *arg)
{
	(*(int *)arg)++;
	return strcmp(id, "POL-AC") == 0;
}

static void
test_policies_key(void **state)
{
	const struct assure_catalog *cat = cat_get();
	const char *text = CTL "policies: [POL-AC,\n    POL-CM]\n";
	const struct control *c;
	struct control_set set;
	struct assure_diag d;
	char msg[1024];
	int calls = 0;

	(void)state;
	control_set_init(&set);
	assure_diag_clear(&d);
	assert_int_equal(controls_parse(&set, text, strlen(text), "c.yaml",
	    cat, &d), ASSURE_OK);
	assert_non_null(c = controls_find(&set, "A-1"));
	assert_int_equal(c->npolicies, 2);
	assert_string_equal(c->policies[0].id, "POL-AC");
	assert_int_equal(c->policies[0].line, 5);
	assert_int_equal(c->policies[0].column, 12);
	assert_string_equal(c->policies[1].id, "POL-CM");
	assert_int_equal(c->policies[1].line, 6);
	assert_int_equal(c->policies[1].column, 5);
	/* POL-CM is unknown: located where it is written. */
	assert_int_equal(controls_check_policies(&set, only_pol_ac, &calls,
	    &d), ASSURE_ERR_PARSE);
	assert_int_equal(calls, 2);
	assure_diag_format(&d, msg, sizeof(msg));
	if (strstr(msg, "c.yaml:6:5: policies: control A-1: unknown policy "
	    "'POL-CM'") == NULL)
		fail_msg("got '%s'", msg);
	control_set_release(&set);

	/* A control without the key names none; every id is then known. */
	control_set_init(&set);
	assert_int_equal(controls_parse(&set, CTL, strlen(CTL), "c.yaml", cat,
	    &d), ASSURE_OK);
	assert_int_equal(set.v[0].npolicies, 0);
	calls = 0;
	assert_int_equal(controls_check_policies(&set, only_pol_ac, &calls,
	    &d), ASSURE_OK);
	assert_int_equal(calls, 0);
	control_set_release(&set);

	expect_error(CTL "policies: [POL-AC, POL-AC]\n", 5, 20, "policies",
	    "'POL-AC' is listed twice");
	expect_error(CTL "policies: [POL AC]\n", 5, 12, "policies",
	    "expected a policy id");
	expect_error(CTL "policies: POL-AC\n", 5, 11, "policies",
	    "expected a list of ids");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_starter_covers_every_cc),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_located_errors),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_policies_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
