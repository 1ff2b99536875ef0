/*
 * test_store_names.c: the backend-independent helpers of store.c that
 * need no database: organisation names, the target shown in messages with
 * its password hidden, which targets are PostgreSQL, and what a SQLite
 * store answers to organisations (it holds one).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "store/store.h"

static void
test_org_names(void **state)
{
	char longest[STORE_ORG_MAX], over[STORE_ORG_MAX + 1];

	(void)state;
	assert_true(store_org_name_ok("acme"));
	assert_true(store_org_name_ok("Acme-Payroll.eu_2"));
	assert_true(store_org_name_ok("7up"));
	assert_false(store_org_name_ok(NULL));
	assert_false(store_org_name_ok(""));
	assert_false(store_org_name_ok("-acme"));
	assert_false(store_org_name_ok(".acme"));
	assert_false(store_org_name_ok("acme payroll"));
	assert_false(store_org_name_ok("acme/x"));
	assert_false(store_org_name_ok("acme'; DROP TABLE x; --"));
	assert_false(store_org_name_ok("\xc3\xa9t\xc3\xa9"));
	memset(longest, 'a', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	assert_true(store_org_name_ok(longest));
	memset(over, 'a', sizeof(over) - 1);
	over[sizeof(over) - 1] = '\0';
	assert_false(store_org_name_ok(over));
}

static void
expect_display(const char *target, const char *want)
{
	char out[256];

	store_target_display(target, out, sizeof(out));
	assert_string_equal(out, want);
}

static void
test_target_display(void **state)
{
	char small[16];

	(void)state;
	expect_display("/srv/ws/.assure/assure.db", "/srv/ws/.assure/assure.db");
	expect_display("postgresql://assure@db/assure",
	    "postgresql://assure@db/assure");
	expect_display("postgresql://assure:s3cret@db:5432/assure",
	    "postgresql://assure:***@db:5432/assure");
	expect_display("postgres://u:p@h/d?sslmode=require&password=x&a=b",
	    "postgres://u:***@h/d?sslmode=require&password=***&a=b");
	expect_display("postgresql:///assure?host=/tmp/s&password=hunter2",
	    "postgresql:///assure?host=/tmp/s&password=***");
	/* Not a password parameter, only a name ending like one. */
	expect_display("postgresql:///a?xpassword=1",
	    "postgresql:///a?xpassword=1");
	/* An '@' after the authority is not a user's. */
	expect_display("postgresql://h/d?application_name=a:b@c",
	    "postgresql://h/d?application_name=a:b@c");
	/* Too long to show whole: said, never cut through a password. */
	store_target_display("postgresql://user:password@host/db", small,
	    sizeof(small));
	assert_null(strstr(small, "password@"));
}

static void
test_postgres_targets(void **state)
{
	(void)state;
	assert_true(store_target_is_postgres("postgres://h/d"));
	assert_true(store_target_is_postgres("PostgreSQL://h/d"));
	assert_false(store_target_is_postgres("/tmp/postgres://x"));
	assert_false(store_target_is_postgres("host=h dbname=d"));
	assert_false(store_target_is_postgres(NULL));
}

/* A SQLite store holds one organisation: use is a no-op, create says
 * so, list lists none. */
static void
test_sqlite_one_org(void **state)
{
	struct store *s = NULL;
	struct assure_diag d;
	char *dir = tu_mkdtemp(), *path = tu_join(dir, "s.db");

	(void)state;
	assert_int_equal(store_open(path, STORE_CREATE, &s, &d), ASSURE_OK);
	assert_false(store_has_orgs(s));
	assert_int_equal(store_org_use(s, "acme", &d), ASSURE_OK);
	assert_string_equal(s->org, "acme");
	assert_int_equal(store_org_use(s, "bad name", &d), ASSURE_ERR_INVAL);
	assert_non_null(strstr(d.msg, "not an organisation name"));
	assert_int_equal(store_org_create(s, "beta", 0, &d), ASSURE_ERR_INVAL);
	assert_non_null(strstr(d.msg, "holds one organisation"));
	assert_int_equal(store_org_list(s, NULL, NULL, &d), ASSURE_OK);
	store_close(s);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_names),
		cmocka_unit_test(test_target_display),
		cmocka_unit_test(test_postgres_targets),
		cmocka_unit_test(test_sqlite_one_org),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
