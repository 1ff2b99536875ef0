/*
 * test_secret.c: the workspace's encrypted secrets (secret/secret.c):
 * round trip, file modes, names, tampering, another workspace's key,
 * list and remove, and the environment fallback of secret_lookup().
 */
#include "common/compat.h"

#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "secret/secret.h"
#include "testutil.h"

static const char value[] = "ghp_0123456789abcdefABCDEF";

static unsigned
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 0777);
}

static void
test_round_trip(void **state)
{
	char *dir = tu_mkdtemp(), *p;
	struct assure_diag d;
	struct secret s;
	struct assure_buf b;

	(void)state;
	assure_diag_clear(&d);
	assert_int_equal(secret_set(dir, "github-token", value,
	    strlen(value), &d), ASSURE_OK);
	assert_int_equal(secret_get(dir, "github-token", &s, &d), ASSURE_OK);
	assert_int_equal(s.len, strlen(value));
	assert_string_equal(s.data, value);
	secret_free(&s);
	assert_null(s.data);
	secret_free(&s);	/* twice is harmless */
	/* Replaced. */
	assert_int_equal(secret_set(dir, "github-token", "v2", 2, &d),
	    ASSURE_OK);
	assert_int_equal(secret_get(dir, "github-token", &s, &d), ASSURE_OK);
	assert_string_equal(s.data, "v2");
	secret_free(&s);
	/* Modes: the key and the secret 0600, the folder 0700. */
	p = tu_join(dir, "secret.key");
	assert_int_equal(mode_of(p), 0600);
	free(p);
	p = tu_join(dir, "secrets");
	assert_int_equal(mode_of(p), 0700);
	free(p);
	p = tu_join(dir, "secrets/github-token");
	assert_int_equal(mode_of(p), 0600);
	/* The nonce, the tag, the two bytes. */
	assure_buf_init(&b, 1 << 20);
	assert_int_equal(assure_file_read(p, &b, &d), ASSURE_OK);
	assert_int_equal(b.len, 24 + 16 + 2);
	assure_buf_free(&b);
	free(p);
	tu_rmtree(dir);
	free(dir);
}

static void
test_plaintext_absent(void **state)
{
	char *dir = tu_mkdtemp(), *p;
	struct assure_diag d;
	struct assure_buf b;

	(void)state;
	assure_diag_clear(&d);
	assert_int_equal(secret_set(dir, "okta-token", value, strlen(value),
	    &d), ASSURE_OK);
	p = tu_join(dir, "secrets/okta-token");
	assure_buf_init(&b, 1 << 20);
	assert_int_equal(assure_file_read(p, &b, &d), ASSURE_OK);
	assert_int_equal(b.len, 24 + 16 + strlen(value));
	assert_null(memmem(b.data, b.len, value, strlen(value)));
	assure_buf_free(&b);
	free(p);
	tu_rmtree(dir);
	free(dir);
}

static void
test_names(void **state)
{
	char *dir = tu_mkdtemp(), name[80];
	struct assure_diag d;
	struct secret s;

	(void)state;
	assert_true(secret_name_ok("github-token"));
	assert_true(secret_name_ok("a"));
	assert_true(secret_name_ok("okta2"));
	assert_false(secret_name_ok(""));
	assert_false(secret_name_ok("1token"));
	assert_false(secret_name_ok("-token"));
	assert_false(secret_name_ok("GitHub"));
	assert_false(secret_name_ok("a/b"));
	assert_false(secret_name_ok("../key"));
	assert_false(secret_name_ok("a.b"));
	assert_false(secret_name_ok("a b"));
	assert_false(secret_name_ok(NULL));
	memset(name, 'a', 63);
	name[63] = '\0';
	assert_true(secret_name_ok(name));
	name[63] = 'a';
	name[64] = '\0';
	assert_false(secret_name_ok(name));
	assure_diag_clear(&d);
	assert_int_equal(secret_set(dir, "../secret.key", "x", 1, &d),
	    ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "name");
	assert_int_equal(secret_get(dir, "Bad", &s, &d), ASSURE_ERR_INVAL);
	assert_int_equal(secret_remove(dir, "a/b", &d), ASSURE_ERR_INVAL);
	/* Empty and over-long values. */
	assert_int_equal(secret_set(dir, "x", "", 0, &d), ASSURE_ERR_INVAL);
	{
		char *big = calloc(1, SECRET_VALUE_MAX + 1);

		assert_non_null(big);
		memset(big, 'v', SECRET_VALUE_MAX + 1);
		assert_int_equal(secret_set(dir, "x", big,
		    SECRET_VALUE_MAX + 1, &d), ASSURE_ERR_LIMIT);
		assert_null(memmem(d.msg, strlen(d.msg), "vvvv", 4));
		assert_int_equal(secret_set(dir, "x", big, SECRET_VALUE_MAX,
		    &d), ASSURE_OK);
		assert_int_equal(secret_get(dir, "x", &s, &d), ASSURE_OK);
		assert_int_equal(s.len, SECRET_VALUE_MAX);
		secret_free(&s);
		free(big);
	}
	tu_rmtree(dir);
	free(dir);
}

static void
test_tamper(void **state)
{
	char *dir = tu_mkdtemp(), *other = tu_mkdtemp(), *p, *q;
	struct assure_diag d;
	struct assure_buf b;
	struct secret s;

	(void)state;
	assure_diag_clear(&d);
	assert_int_equal(secret_set(dir, "tok", value, strlen(value), &d),
	    ASSURE_OK);
	p = tu_join(dir, "secrets/tok");
	assure_buf_init(&b, 1 << 20);
	assert_int_equal(assure_file_read(p, &b, &d), ASSURE_OK);
	/* A flipped byte of the ciphertext. */
	b.data[b.len - 1] ^= 1;
	tu_write_file(p, b.data, b.len);
	assert_int_equal(secret_get(dir, "tok", &s, &d), ASSURE_ERR_TAMPER);
	assert_null(s.data);
	assert_null(strstr(d.msg, value));
	/* A file too short to hold a box. */
	tu_write_file(p, b.data, 10);
	assert_int_equal(secret_get(dir, "tok", &s, &d), ASSURE_ERR_TAMPER);
	b.data[b.len - 1] ^= 1;
	tu_write_file(p, b.data, b.len);
	assert_int_equal(secret_get(dir, "tok", &s, &d), ASSURE_OK);
	secret_free(&s);
	/* Another workspace's key: the copied file does not decrypt. */
	assert_int_equal(secret_set(other, "unrelated", "x", 1, &d),
	    ASSURE_OK);
	q = tu_join(other, "secrets/tok");
	tu_write_file(q, b.data, b.len);
	assert_int_equal(secret_get(other, "tok", &s, &d),
	    ASSURE_ERR_TAMPER);
	assert_non_null(strstr(d.source, "tok"));
	free(q);
	/* A key file others can read is refused. */
	q = tu_join(dir, "secret.key");
	assert_int_equal(chmod(q, 0644), 0);
	assert_int_equal(secret_get(dir, "tok", &s, &d), ASSURE_ERR_PERM);
	free(q);
	assure_buf_free(&b);
	free(p);
	tu_rmtree(dir);
	tu_rmtree(other);
	free(dir);
	free(other);
}

static enum assure_err
collect(const char *name, void *arg)
{
	struct assure_buf *b = arg;

	assure_buf_printf(b, "%s,", name);
	return ASSURE_OK;
}

static void
test_list_remove(void **state)
{
	char *dir = tu_mkdtemp(), *p;
	struct assure_diag d;
	struct assure_buf b;
	struct secret s;

	(void)state;
	assure_diag_clear(&d);
	assure_buf_init(&b, 0);
	/* Nothing yet: an empty list, not an error. */
	assert_int_equal(secret_list(dir, collect, &b, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&b), "");
	assert_int_equal(secret_set(dir, "okta-token", "a", 1, &d),
	    ASSURE_OK);
	assert_int_equal(secret_set(dir, "github-token", "b", 1, &d),
	    ASSURE_OK);
	assert_int_equal(secret_set(dir, "aws-key", "c", 1, &d), ASSURE_OK);
	/* A stray temporary file is not a name. */
	p = tu_join(dir, "secrets/.tmp.XXXX");
	tu_write_file(p, "x", 1);
	free(p);
	assert_int_equal(secret_list(dir, collect, &b, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&b),
	    "aws-key,github-token,okta-token,");
	assert_int_equal(secret_remove(dir, "github-token", &d), ASSURE_OK);
	assert_int_equal(secret_remove(dir, "github-token", &d),
	    ASSURE_ERR_NOTFOUND);
	assert_int_equal(secret_get(dir, "github-token", &s, &d),
	    ASSURE_ERR_NOTFOUND);
	assure_buf_reset(&b);
	assert_int_equal(secret_list(dir, collect, &b, &d), ASSURE_OK);
	assert_string_equal(assure_buf_str(&b), "aws-key,okta-token,");
	assure_buf_free(&b);
	tu_rmtree(dir);
	free(dir);
}

static void
test_lookup(void **state)
{
	char *dir = tu_mkdtemp();
	struct assure_diag d;
	struct secret s;

	(void)state;
	assure_diag_clear(&d);
	unsetenv("ASSURE_TEST_TOKEN");
	assert_int_equal(secret_lookup(dir, "github-token",
	    "ASSURE_TEST_TOKEN", &s, &d), ASSURE_ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "github-token"));
	assert_non_null(strstr(d.msg, "$ASSURE_TEST_TOKEN"));
	setenv("ASSURE_TEST_TOKEN", "from-env", 1);
	assert_int_equal(secret_lookup(dir, "github-token",
	    "ASSURE_TEST_TOKEN", &s, &d), ASSURE_OK);
	assert_string_equal(s.data, "from-env");
	secret_free(&s);
	/* The stored secret wins over the environment. */
	assert_int_equal(secret_set(dir, "github-token", "stored", 6, &d),
	    ASSURE_OK);
	assert_int_equal(secret_lookup(dir, "github-token",
	    "ASSURE_TEST_TOKEN", &s, &d), ASSURE_OK);
	assert_string_equal(s.data, "stored");
	secret_free(&s);
	unsetenv("ASSURE_TEST_TOKEN");
	tu_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_plaintext_absent),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_list_remove),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
