/*
 * test_memo.c: the server's kept answers (src/web/memo.c): found only
 * under the same key at the same ledger size, replaced least recently
 * used first, too-large answers not kept, and safe to use from several
 * threads at once.
 */
#include "common/compat.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/memo.h"

static bool
get(struct web_memo *m, const char *key, int64_t size, char *out,
    size_t n)
{
	struct assure_buf b;
	bool ok;

	assure_buf_init(&b, 1 << 26);
	ok = web_memo_get(m, key, size, &b);
	snprintf(out, n, "%s", ok ? assure_buf_str(&b) : "");
	assure_buf_free(&b);
	return ok;
}

static void
test_key_and_size(void **state)
{
	struct web_memo *m = web_memo_new();
	char v[64];

	(void)state;
	assert_non_null(m);
	assert_false(get(m, "a", 1, v, sizeof(v)));
	web_memo_put(m, "a", 1, "one", 3);
	assert_true(get(m, "a", 1, v, sizeof(v)));
	assert_string_equal(v, "one");
	/* The ledger grew: not served. */
	assert_false(get(m, "a", 2, v, sizeof(v)));
	assert_false(get(m, "b", 1, v, sizeof(v)));
	/* The same key replaced, not kept twice. */
	web_memo_put(m, "a", 2, "two", 3);
	assert_true(get(m, "a", 2, v, sizeof(v)));
	assert_string_equal(v, "two");
	assert_false(get(m, "a", 1, v, sizeof(v)));
	/* NULL (out of memory at start) keeps nothing and says so. */
	web_memo_put(NULL, "a", 1, "x", 1);
	assert_false(get(NULL, "a", 1, v, sizeof(v)));
	web_memo_free(m);
}

static void
test_eviction_and_limits(void **state)
{
	struct web_memo *m = web_memo_new();
	char key[32], v[64], *big;
	int i;

	(void)state;
	for (i = 0; i < WEB_MEMO_SLOTS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		web_memo_put(m, key, 7, key, strlen(key));
	}
	/* k0 used again: k1 is now the least recently used. */
	assert_true(get(m, "k0", 7, v, sizeof(v)));
	web_memo_put(m, "new", 7, "new", 3);
	assert_true(get(m, "k0", 7, v, sizeof(v)));
	assert_false(get(m, "k1", 7, v, sizeof(v)));
	assert_true(get(m, "new", 7, v, sizeof(v)));
	for (i = 2; i < WEB_MEMO_SLOTS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_true(get(m, key, 7, v, sizeof(v)));
		assert_string_equal(v, key);
	}
	/* Too large an answer, or too long a key, is not kept. */
	big = calloc(1, WEB_MEMO_BYTES + 2);
	assert_non_null(big);
	memset(big, 'x', WEB_MEMO_BYTES + 1);
	web_memo_put(m, "big", 7, big, WEB_MEMO_BYTES + 1);
	assert_false(get(m, "big", 7, v, sizeof(v)));
	memset(big, 'k', WEB_MEMO_KEY_MAX);
	big[WEB_MEMO_KEY_MAX] = '\0';
	web_memo_put(m, big, 7, "v", 1);
	assert_false(get(m, big, 7, v, sizeof(v)));
	free(big);
	web_memo_free(m);
}

static void *
hammer(void *arg)
{
	struct web_memo *m = arg;
	char key[32], v[64];
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "k%d", i % 50);
		if (get(m, key, i % 3, v, sizeof(v)) && strcmp(v, key) != 0)
			return (void *)1;
		web_memo_put(m, key, i % 3, key, strlen(key));
	}
	return NULL;
}

/* Four threads putting and getting at once: every answer is its key's
 * (under ThreadSanitizer or Helgrind this is the race test too). */
static void
test_threads(void **state)
{
	struct web_memo *m = web_memo_new();
	pthread_t t[4];
	void *r;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, m), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
	web_memo_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_and_size),
		cmocka_unit_test(test_eviction_and_limits),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
