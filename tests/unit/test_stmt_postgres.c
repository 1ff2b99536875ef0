/*
 * test_stmt_postgres.c: PostgreSQL's statement texts (stmt_postgres.c).
 *
 * The placeholder translation on the inputs where it could go wrong
 * (SQLite's numbering of a bare "?" after "?NNN", question marks in
 * literals, identifiers and comments, placeholders SQLite refuses), and,
 * for every statement, that it has a text, that no "?" is left outside
 * quotes, and that it takes $1..$n with the same n as its SQLite twin
 * (the callers pass the same parameters to both; PostgreSQL cannot type
 * a parameter the text skips).  That each text prepares against the
 * schema needs a PostgreSQL server, which the unit tests do without.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "store/stmt.h"

static void
expect(const char *in, const char *want)
{
	char *got;

	got = stmt_postgres_translate(in);
	if (want == NULL) {
		if (got != NULL)
			fail_msg("\"%s\" gave \"%s\", wanted a refusal", in,
			    got);
		return;
	}
	if (got == NULL)
		fail_msg("\"%s\" refused, wanted \"%s\"", in, want);
	if (strcmp(got, want) != 0)
		fail_msg("\"%s\" gave \"%s\", wanted \"%s\"", in, got, want);
	free(got);
}

static void
test_translate_plain(void **state)
{
	(void)state;
	expect("", "");
	expect("SELECT 1", "SELECT 1");
	expect("?", "$1");
	expect("a = ? AND b = ?", "a = $1 AND b = $2");
	expect("VALUES (?,?,?)", "VALUES ($1,$2,$3)");
	expect("?1", "$1");
	expect("?12", "$12");
	expect("x <= ?1 AND y <= ?1", "x <= $1 AND y <= $1");
	expect("?007", "$7");
	expect("?32766", "$32766");
}

static void
test_translate_numbering(void **state)
{
	(void)state;
	/* A bare ? is one more than the largest so far. */
	expect("?2, ?", "$2, $3");
	expect("?, ?1", "$1, $1");
	expect("?, ?1, ?", "$1, $1, $2");
	expect("?3, ?, ?1, ?", "$3, $4, $1, $5");
	expect("?12, ?", "$12, $13");
	expect("?1 ?2 ?3 ?4 ?5 ?6 ?7 ?8 ?9 ?10 ?",
	    "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $11");
}

static void
test_translate_quoted(void **state)
{
	(void)state;
	expect("'?'", "'?'");
	expect("x = '?' AND y = ?", "x = '?' AND y = $1");
	expect("'it''s ?' || ?", "'it''s ?' || $1");
	expect("''?", "''$1");
	expect("'?1' ?", "'?1' $1");
	expect("\"?\"", "\"?\"");
	expect("SELECT \"a?b\" FROM t WHERE \"c\"\"?\" = ?",
	    "SELECT \"a?b\" FROM t WHERE \"c\"\"?\" = $1");
	expect("'\"?' = ? AND \"'?\" = ?", "'\"?' = $1 AND \"'?\" = $2");
	expect("? -- what?\n?", "$1 -- what?\n$2");
	expect("? /* ?1 ? */ ?", "$1 /* ?1 ? */ $2");
	expect("a - ? - ?", "a - $1 - $2");
	expect("a / ? / ?", "a / $1 / $2");
	/* Unterminated: copied as is, nothing after it is a parameter. */
	expect("? '?", "$1 '?");
	expect("? \"?", "$1 \"?");
	expect("? /* ?", "$1 /* ?");
}

static void
test_translate_refused(void **state)
{
	(void)state;
	expect("?0", NULL);
	expect("?00", NULL);
	expect("? AND ?0", NULL);
	expect("?32767", NULL);
	expect("?99999999999999999999", NULL);
	expect("?32766, ?", NULL);
}

/*
 * The largest $n outside quotes, and whether every $1..$n occurs; fails
 * on a "?" outside quotes.
 */
static int
params_of(const char *name, const char *sql, bool *ret_dense)
{
	bool seen[STORE_PARAMS_MAX + 1] = { false };
	const char *p;
	int max = 0, i;

	for (p = sql; *p != '\0'; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p++;

			while (*p != '\0' && *p != q)
				p++;
			if (*p == '\0')
				fail_msg("%s: unterminated quote", name);
		} else if (*p == '?')
			fail_msg("%s: \"?\" left in \"%s\"", name, sql);
		else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int n = 0;

			for (p++; *p >= '0' && *p <= '9'; p++)
				n = n * 10 + (*p - '0');
			p--;
			if (n > STORE_PARAMS_MAX)
				fail_msg("%s: $%d", name, n);
			seen[n] = true;
			if (n > max)
				max = n;
		}
	}
	*ret_dense = true;
	for (i = 1; i <= max; i++)
		if (!seen[i])
			*ret_dense = false;
	return max;
}

static void
test_every_statement(void **state)
{
	int i, overridden = 0;

	(void)state;
	for (i = 0; i < STMT__MAX; i++) {
		char *pg, *tr, name[32];
		bool dense, dense_tr;
		int n, n_tr;

		snprintf(name, sizeof(name), "statement %d", i);
		assert_non_null(stmt_sqlite[i]);
		pg = stmt_postgres_sql((enum store_stmt)i);
		if (pg == NULL)
			fail_msg("%s has no PostgreSQL text", name);
		tr = stmt_postgres_translate(stmt_sqlite[i]);
		assert_non_null(tr);
		n = params_of(name, pg, &dense);
		n_tr = params_of(name, tr, &dense_tr);
		if (!dense)
			fail_msg("%s skips a parameter: \"%s\"", name, pg);
		if (n != n_tr)
			fail_msg("%s takes %d parameters, SQLite's %d", name, n,
			    n_tr);
		if (strcmp(pg, tr) != 0)
			overridden++;
		free(pg);
		free(tr);
	}
	/* Overrides are the exception: most texts are SQLite's. */
	assert_true(overridden > 0);
	assert_true(overridden < STMT__MAX / 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translate_plain),
		cmocka_unit_test(test_translate_numbering),
		cmocka_unit_test(test_translate_quoted),
		cmocka_unit_test(test_translate_refused),
		cmocka_unit_test(test_every_statement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
