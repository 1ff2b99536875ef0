/*
 * test_sample.c: the auditor-reproducible sample draw.
 *
 * Known answers: every x, index, subject and population hash below was
 * computed independently with Python's hmac and hashlib by
 * tests/unit/sample_vectors.py (run it to see them), e.g.
 *
 *	python3 -c 'import hmac,hashlib; print(hmac.new(bytes(range(32)),
 *	    b"CTL-1:0", hashlib.sha256).hexdigest()[:16])'
 *
 * prints 0c7026566b33f61e.  SEED_A is the bytes 00..1f, SEED_B is
 * SHA-256("assure").  The rejection rule is tested on its own through
 * sample_accept(): no real population is large enough for a rejection to
 * be likely.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"

#include "common/hash.h"
#include "common/jsonw.h"
#include "ledger/note.h"
#include "sample/sample.h"

static unsigned char seed_a[32], seed_b[32];

struct want {
	uint64_t	 i;
	const char	*x;
	size_t		 index;
	const char	*subject;
};

static int
setup(void **state)
{
	size_t	k;

	(void)state;
	for (k = 0; k < 32; k++)
		seed_a[k] = (unsigned char)k;
	if (assure_sha256("assure", 6, seed_b) != ASSURE_OK)
		return -1;
	return 0;
}

static void
check_items(const struct sample *s, const struct want *w, size_t nw)
{
	char	xs[17];
	size_t	k;

	assert_false(s->whole);
	assert_int_equal(s->nitems, nw);
	for (k = 0; k < nw; k++) {
		snprintf(xs, sizeof(xs), "%016llx",
		    (unsigned long long)s->items[k].x);
		assert_int_equal(s->items[k].i, w[k].i);
		assert_string_equal(xs, w[k].x);
		assert_int_equal(s->items[k].index, w[k].index);
		assert_string_equal(s->items[k].subject, w[k].subject);
		assert_string_equal(s->sorted[w[k].index], w[k].subject);
	}
}

/* n subjects "<prefix><k>", k = 0..n-1 in width digits, malloc'd. */
static char **
make_subjects(const char *prefix, int width, size_t n)
{
	char	**v, tmp[64];
	size_t	  k;

	v = calloc(n, sizeof(*v));
	assert_non_null(v);
	for (k = 0; k < n; k++) {
		snprintf(tmp, sizeof(tmp), "%s%0*zu", prefix, width, k);
		v[k] = strdup(tmp);
		assert_non_null(v[k]);
	}
	return v;
}

static void
free_subjects(char **v, size_t n)
{
	size_t	k;

	for (k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

static void
test_default_sizes(void **state)
{
	(void)state;
	assert_int_equal(sample_default_size(CONTROL_ANNUAL), 1);
	assert_int_equal(sample_default_size(CONTROL_QUARTERLY), 2);
	assert_int_equal(sample_default_size(CONTROL_MONTHLY), 2);
	assert_int_equal(sample_default_size(CONTROL_WEEKLY), 5);
	assert_int_equal(sample_default_size(CONTROL_DAILY), 25);
	assert_int_equal(sample_default_size(CONTROL_CONTINUOUS), 25);
	assert_int_equal(sample_default_size(CONTROL_PER_EVENT), 25);
	assert_int_equal(sample_default_size(CONTROL_FREQUENCY__MAX), 0);
}

static void
test_accept(void **state)
{
	const uint64_t big = UINT64_C(9223372036854775809);	/* 2^63 + 1 */

	(void)state;
	/* n = 3: floor(2^64 / 3) * 3 = 2^64 - 1, so only 2^64 - 1 is out. */
	assert_true(sample_accept(0, 3));
	assert_true(sample_accept(UINT64_MAX - 1, 3));
	assert_false(sample_accept(UINT64_MAX, 3));
	/* n = 7: the limit is 2^64 - 2. */
	assert_true(sample_accept(UINT64_MAX - 2, 7));
	assert_false(sample_accept(UINT64_MAX - 1, 7));
	/* n = 1000: the limit is 2^64 - 616. */
	assert_true(sample_accept(UINT64_MAX - 616, 1000));
	assert_false(sample_accept(UINT64_MAX - 615, 1000));
	/* n = 2^63 + 1: one multiple fits, the limit is n itself. */
	assert_true(sample_accept(big - 1, big));
	assert_false(sample_accept(big, big));
	assert_false(sample_accept(UINT64_MAX, big));
	/* n = 2^64 - 1: the limit is n. */
	assert_true(sample_accept(UINT64_MAX - 1, UINT64_MAX));
	assert_false(sample_accept(UINT64_MAX, UINT64_MAX));
	/* n = 2^32 + 3: the limit is 2^64 - 9. */
	assert_true(sample_accept(UINT64_MAX - 9, UINT64_C(4294967299)));
	assert_false(sample_accept(UINT64_MAX - 8, UINT64_C(4294967299)));
	/* Powers of two: floor(2^64 / n) * n = 2^64, nothing is rejected. */
	assert_true(sample_accept(UINT64_MAX, 1));
	assert_true(sample_accept(UINT64_MAX, 2));
	assert_true(sample_accept(UINT64_MAX, 16));
	assert_true(sample_accept(UINT64_MAX, UINT64_C(1) << 63));
	assert_false(sample_accept(0, 0));
}

static void
test_x(void **state)
{
	uint64_t	x;

	(void)state;
	assert_int_equal(sample_x(seed_a, "CTL-1", 0, &x), ASSURE_OK);
	assert_true(x == UINT64_C(0x0c7026566b33f61e));
	assert_int_equal(sample_x(seed_a, "CTL-1", 1, &x), ASSURE_OK);
	assert_true(x == UINT64_C(0xf267e7b36ca22954));
	assert_int_equal(sample_x(seed_a, "CTL-1", 2, &x), ASSURE_OK);
	assert_true(x == UINT64_C(0xb4b03d3e318bfbc3));
	assert_int_equal(sample_x(seed_a, "CTL 1", 0, &x), ASSURE_ERR_INVAL);
}

static void
test_n1(void **state)
{
	const char *const subj[] = { "only" };
	struct sample s;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "CTL-1", subj, 1, 1, &s, NULL),
	    ASSURE_OK);
	assert_true(s.whole);
	assert_int_equal(s.nitems, 1);
	assert_int_equal(s.iterations, 0);
	assert_string_equal(s.items[0].subject, "only");
	assert_string_equal(s.pop_sha256, "321b4285d2fec34a6dc5b6fdb1ab9ee4"
	    "6b1a3129c83e52a00a713a38bac0fe00");
	sample_release(&s);
}

static void
test_n2(void **state)
{
	const char *const subj[] = { "b", "a" };
	const struct want w[] = { { 0, "0c7026566b33f61e", 0, "a" } };
	struct sample s;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "CTL-1", subj, 2, 1, &s, NULL),
	    ASSURE_OK);
	check_items(&s, w, 1);
	assert_string_equal(s.pop_sha256, "911169ddaaf146aff539f58c26c489af"
	    "3b892dff0fe283c1c264c65ae5aa59a2");
	sample_release(&s);
}

static void
test_n7_and_other_seed(void **state)
{
	const struct want wa[] = {
		{ 0, "0c7026566b33f61e", 4, "item-4" },
		{ 1, "f267e7b36ca22954", 3, "item-3" },
		{ 2, "b4b03d3e318bfbc3", 6, "item-6" },
	};
	const struct want wb[] = {
		{ 0, "6afa79b4c82c97d9", 1, "item-1" },
		{ 1, "664ceae359b1f6f8", 0, "item-0" },
		{ 2, "78b5131ab4ff7305", 5, "item-5" },
	};
	char **subj = make_subjects("item-", 0, 7);
	struct sample s, t;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "CTL-1",
	    (const char *const *)subj, 7, 3, &s, NULL), ASSURE_OK);
	check_items(&s, wa, 3);
	assert_string_equal(s.pop_sha256, "0c55e4ab24732b2775959def86afe3d9"
	    "37ada5f981a9e0bf394bf4410d5b417e");
	/* The same seed: the same sample. */
	assert_int_equal(sample_draw(seed_a, "CTL-1",
	    (const char *const *)subj, 7, 3, &t, NULL), ASSURE_OK);
	check_items(&t, wa, 3);
	sample_release(&t);
	/* Another seed: another sample, the same population. */
	assert_int_equal(sample_draw(seed_b, "CTL-1",
	    (const char *const *)subj, 7, 3, &t, NULL), ASSURE_OK);
	check_items(&t, wb, 3);
	assert_string_equal(t.pop_sha256, s.pop_sha256);
	sample_release(&t);
	sample_release(&s);
	free_subjects(subj, 7);
}

static void
test_n25_whole(void **state)
{
	char **subj = make_subjects("s", 2, 25);
	struct sample s;
	size_t k;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "CHG.1",
	    (const char *const *)subj, 25, 25, &s, NULL), ASSURE_OK);
	assert_true(s.whole);
	assert_int_equal(s.nitems, 25);
	assert_int_equal(s.iterations, 0);
	for (k = 0; k < 25; k++) {
		assert_int_equal(s.items[k].index, k);
		assert_string_equal(s.items[k].subject, subj[k]);
	}
	assert_string_equal(s.pop_sha256, "14dcb617bf65a9619c98e59e50c30a4d"
	    "772d6f8676e439e448c330f141af671a");
	sample_release(&s);
	/* Larger than the population: still whole. */
	assert_int_equal(sample_draw(seed_a, "CHG.1",
	    (const char *const *)subj, 25, 1000, &s, NULL), ASSURE_OK);
	assert_true(s.whole);
	assert_int_equal(s.nitems, 25);
	sample_release(&s);
	free_subjects(subj, 25);
}

static void
test_n1000(void **state)
{
	const struct want wa[] = {
		{ 0, "113dd6ba7d03d861", 49, "PR-142" },
		{ 1, "55933e24a4169d74", 284, "PR-354" },
		{ 2, "26d884341ac60c65", 5, "PR-102" },
		{ 3, "58c60ab6c8e42a74", 164, "PR-246" },
		{ 4, "b1a8d6dcdfdde296", 694, "PR-723" },
		{ 5, "2fc5f1bf4b79bcc8", 160, "PR-242" },
		{ 6, "47b5ca5ee0bb9c59", 409, "PR-467" },
		{ 7, "9a2a6365b6743ed5", 989, "PR-99" },
		{ 8, "e9e7a5a3c42cf0d0", 480, "PR-530" },
		{ 9, "b0cc95ff9c07803e", 942, "PR-947" },
		{ 10, "7199fed637fd4e0b", 51, "PR-144" },
		{ 11, "456fb91f8a5c32e7", 287, "PR-357" },
		{ 12, "643f1ded63616472", 674, "PR-705" },
		{ 13, "c569cc9145e56a51", 361, "PR-423" },
		{ 14, "1c09b53c0ec261fd", 421, "PR-478" },
		{ 15, "51c876a72f51e6ca", 666, "PR-699" },
		{ 16, "103075f7d011ab56", 270, "PR-341" },
		{ 17, "6b0ec64adbb34e87", 239, "PR-313" },
		{ 18, "0b6d43a0235f6ea8", 960, "PR-963" },
		{ 19, "64986a9a485a0392", 858, "PR-871" },
		{ 20, "8945dde43505b9cf", 175, "PR-256" },
		{ 21, "7dea7e5af2483e89", 793, "PR-812" },
		{ 22, "e89796468ae0b60a", 802, "PR-820" },
		{ 23, "d6325b37344eb6d2", 842, "PR-857" },
		{ 24, "22c59019cbaea3e0", 264, "PR-336" },
	};
	char **subj = make_subjects("PR-", 0, 1000);
	struct sample s;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "CHG.1",
	    (const char *const *)subj, 1000, 25, &s, NULL), ASSURE_OK);
	check_items(&s, wa, 25);
	assert_int_equal(s.iterations, 25);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(s.repeats, 0);
	assert_string_equal(s.pop_sha256, "3fa87dc74b64fb086a2bc7cf72293df6"
	    "2367fa5a862c92f63267f4c2af654fc0");
	sample_release(&s);
	/* SEED_B starts elsewhere. */
	assert_int_equal(sample_draw(seed_b, "CHG.1",
	    (const char *const *)subj, 1000, 25, &s, NULL), ASSURE_OK);
	assert_int_equal(s.items[0].index, 359);
	assert_string_equal(s.items[0].subject, "PR-421");
	assert_int_equal(s.items[24].index, 50);
	assert_string_equal(s.items[24].subject, "PR-143");
	sample_release(&s);
	free_subjects(subj, 1000);
}

static void
test_power_of_two(void **state)
{
	const struct want w[] = {
		{ 0, "36da7bfc40806d10", 0, "user0" },
		{ 1, "1095e1e771d7ddc9", 9, "user3" },
		{ 2, "02fcbc3cef89f8e8", 8, "user2" },
		{ 3, "3d0dd930c7682781", 1, "user1" },
		{ 4, "df2bd516f021ab17", 7, "user15" },
	};
	char **subj = make_subjects("user", 0, 16);
	struct sample s;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "ACC_2",
	    (const char *const *)subj, 16, 5, &s, NULL), ASSURE_OK);
	check_items(&s, w, 5);
	assert_string_equal(s.pop_sha256, "a0d1b2dc805cbbe9a3a4df4216d7ec0f"
	    "dc081901619a0fb15f9ab589ee6573c1");
	sample_release(&s);
	free_subjects(subj, 16);
}

/*
 * Bytewise order (a prefix first, ASCII upper case before lower case,
 * multi-byte UTF-8 last) and a repeated index: i = 1 gives index 4 again
 * (0xf267e7b36ca22954 mod 6 = 4), which is skipped.
 */
static void
test_sorted_utf8_and_repeat(void **state)
{
	const char *const subj[] = {
		"b", "a0", "\xc3\xa9", "a", "Z", "\xe6\x97\xa5\xe6\x9c\xac",
	};
	const char *const sorted[] = {
		"Z", "a", "a0", "b", "\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
	};
	const struct want w[] = {
		{ 0, "0c7026566b33f61e", 4, "\xc3\xa9" },
		{ 2, "b4b03d3e318bfbc3", 3, "b" },
	};
	struct sample s;
	size_t k;

	(void)state;
	assert_int_equal(sample_draw(seed_a, "CTL-1", subj, 6, 2, &s, NULL),
	    ASSURE_OK);
	for (k = 0; k < 6; k++)
		assert_string_equal(s.sorted[k], sorted[k]);
	check_items(&s, w, 2);
	assert_int_equal(s.iterations, 3);
	assert_int_equal(s.repeats, 1);
	assert_int_equal(s.rejected, 0);
	/* hashlib.sha256("Z\na\na0\nb\né\n日本\n".encode()) */
	assert_string_equal(s.pop_sha256, "2a83ce2e2ac6b193853c0dd6337b83a6"
	    "a26a8e9e030d528b31ac3caaf5f99f13");
	sample_release(&s);
}

static void
test_refusals(void **state)
{
	const char *const dup[] = { "x", "y", "x" };
	const char *const nl[] = { "a\nb" };
	const char *const tab[] = { "a\tb" };
	const char *const empty[] = { "" };
	const char *const bad8[] = { "\xc0\xaf" };	/* overlong '/' */
	const char *const sur[] = { "\xed\xa0\x80" };	/* a surrogate */
	const char *const ok[] = { "a", "b" };
	const char *const nul[] = { "a", NULL };
	struct assure_diag d;
	struct sample s;
	char *big, id[SAMPLE_CONTROL_ID_MAX + 2];

	(void)state;
	assure_diag_clear(&d);
	assert_int_equal(sample_draw(seed_a, "C", dup, 3, 1, &s, &d),
	    ASSURE_ERR_INVAL);
	assert_non_null(strstr(d.msg, "duplicate subject 'x'"));
	assert_null(s.items);
	assert_int_equal(sample_draw(seed_a, "C", nl, 1, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", tab, 1, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", empty, 1, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", bad8, 1, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", sur, 1, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", nul, 2, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", ok, 2, 0, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "", ok, 2, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C:1", ok, 2, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, NULL, ok, 2, 1, &s, NULL),
	    ASSURE_ERR_INVAL);
	assert_int_equal(sample_draw(seed_a, "C", ok,
	    (size_t)SAMPLE_POPULATION_MAX + 1, 1, &s, NULL), ASSURE_ERR_LIMIT);

	memset(id, 'c', sizeof(id) - 1);
	id[SAMPLE_CONTROL_ID_MAX] = '\0';
	assert_int_equal(sample_draw(seed_a, id, ok, 2, 1, &s, NULL),
	    ASSURE_OK);
	sample_release(&s);
	id[SAMPLE_CONTROL_ID_MAX] = 'c';
	id[SAMPLE_CONTROL_ID_MAX + 1] = '\0';
	assert_int_equal(sample_draw(seed_a, id, ok, 2, 1, &s, NULL),
	    ASSURE_ERR_INVAL);

	big = malloc(SAMPLE_SUBJECT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', SAMPLE_SUBJECT_MAX);
	big[SAMPLE_SUBJECT_MAX] = '\0';
	{
		const char *const one[] = { big };

		assert_int_equal(sample_draw(seed_a, "C", one, 1, 1, &s,
		    NULL), ASSURE_OK);
		sample_release(&s);
		big[SAMPLE_SUBJECT_MAX] = 'a';
		big[SAMPLE_SUBJECT_MAX + 1] = '\0';
		assert_int_equal(sample_draw(seed_a, "C", one, 1, 1, &s,
		    NULL), ASSURE_ERR_LIMIT);
	}
	free(big);

	/* An empty population: an empty sample, the hash of nothing. */
	assert_int_equal(sample_draw(seed_a, "C", NULL, 0, 1, &s, NULL),
	    ASSURE_OK);
	assert_true(s.whole);
	assert_int_equal(s.nitems, 0);
	assert_string_equal(s.pop_sha256, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	sample_release(&s);
	sample_release(NULL);
}

/* A signed checkpoint gives the seed; the wrong key or origin does not. */
static void
test_checkpoint_seed(void **state)
{
	struct assure_note_signer *k1 = NULL, *k2 = NULL;
	struct assure_note_verifier v1, v2;
	struct sample_checkpoint cp;
	struct assure_buf body, note, out;
	struct jsonw w;
	struct sample s;
	const char *const subj[] = { "b", "a" };

	(void)state;
	assert_int_equal(assure_note_key_generate("assure.example/acme", &k1),
	    ASSURE_OK);
	assert_int_equal(assure_note_key_generate("other.example/log", &k2),
	    ASSURE_OK);
	assure_note_signer_verifier(k1, &v1);
	assure_note_signer_verifier(k2, &v2);
	assure_buf_init(&body, 0);
	assure_buf_init(&note, 0);
	assure_buf_init(&out, 0);
	assert_int_equal(assure_note_checkpoint_format("assure.example/acme",
	    42, seed_a, NULL, &body), ASSURE_OK);
	assert_int_equal(assure_note_sign(k1, body.data, body.len, &note,
	    NULL), ASSURE_OK);

	assert_int_equal(sample_seed_from_checkpoint(note.data, note.len, &v1,
	    &cp, NULL), ASSURE_OK);
	assert_string_equal(cp.origin, "assure.example/acme");
	assert_int_equal(cp.size, 42);
	assert_memory_equal(cp.root, seed_a, 32);
	assert_true(cp.verified);
	assert_int_equal(sample_seed_from_checkpoint(note.data, note.len, NULL,
	    &cp, NULL), ASSURE_OK);
	assert_false(cp.verified);
	assert_memory_equal(cp.root, seed_a, 32);
	assert_int_equal(sample_seed_from_checkpoint(note.data, note.len, &v2,
	    &cp, NULL), ASSURE_ERR_TAMPER);
	assert_int_equal(sample_seed_from_checkpoint("nonsense\n", 9, NULL,
	    &cp, NULL), ASSURE_ERR_PARSE);

	/* Signed by the other key, but with this origin: refused. */
	assure_buf_reset(&note);
	assert_int_equal(assure_note_sign(k2, body.data, body.len, &note,
	    NULL), ASSURE_OK);
	assert_int_equal(sample_seed_from_checkpoint(note.data, note.len, &v2,
	    &cp, NULL), ASSURE_ERR_TAMPER);
	assert_int_equal(sample_seed_from_checkpoint(note.data, note.len, &v1,
	    &cp, NULL), ASSURE_ERR_TAMPER);

	/* The rendered forms carry what an auditor needs to redo it. */
	assert_int_equal(sample_seed_from_checkpoint(note.data, note.len, NULL,
	    &cp, NULL), ASSURE_OK);
	assert_int_equal(sample_draw(cp.root, "CTL-1", subj, 2, 1, &s, NULL),
	    ASSURE_OK);
	jsonw_init(&w, &out, true);
	sample_json(&w, &s, &cp);
	assert_int_equal(assure_buf_err(&out), ASSURE_OK);
	assert_non_null(strstr(out.data, "\"root_hex\": \"000102030405060708"
	    "090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\""));
	assert_non_null(strstr(out.data, "\"root_base64\": \"AAECAwQFBgcICQoL"
	    "DA0ODxAREhMUFRYXGBkaGxwdHh8=\""));
	assert_non_null(strstr(out.data, "\"x\": \"0c7026566b33f61e\""));
	assert_non_null(strstr(out.data, "\"population_sha256\": \"911169dd"));
	assert_non_null(strstr(out.data, "\"verified\": false"));
	assure_buf_reset(&out);
	sample_text(&out, &s, &cp);
	assert_int_equal(assure_buf_err(&out), ASSURE_OK);
	assert_non_null(strstr(out.data, "0c7026566b33f61e"));
	assert_non_null(strstr(out.data, "NOT verified"));
	sample_release(&s);

	assure_buf_free(&body);
	assure_buf_free(&note);
	assure_buf_free(&out);
	assure_note_signer_free(k1);
	assure_note_signer_free(k2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_sizes),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_x),
		cmocka_unit_test(test_n1),
		cmocka_unit_test(test_n2),
		cmocka_unit_test(test_n7_and_other_seed),
		cmocka_unit_test(test_n25_whole),
		cmocka_unit_test(test_n1000),
		cmocka_unit_test(test_power_of_two),
		cmocka_unit_test(test_sorted_utf8_and_repeat),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_checkpoint_seed),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, NULL);
}
