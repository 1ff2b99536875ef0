/*
 * test_policies.c: the policy front-matter reader (src/workspace/
 * policies.c): every error class located at file:line:column, a valid
 * set, the digests, the folder loader, and the shipped starter set.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/embed.h"
#include "common/hash.h"
#include "workspace/policies.h"

#define FM_HEAD	"---\n"
#define FM_BODY	"id: POL-X\ntitle: X Policy\nowner: CTO\nversion: 1.0\n" \
		"effective: 2026-01-01\nreview_every: 365d\naudience: all\n"
#define GOOD	FM_HEAD FM_BODY "---\n# X Policy\n\nText.\n"

static enum assure_err
parse1(struct policy_set *set, const char *text, struct assure_diag *d)
{
	assure_diag_clear(d);
	return policy_parse(set, text, strlen(text), "p.md", d);
}

/* text must fail with rc at line:col naming field (NULL: no check). */
static void
expect_err(const char *text, enum assure_err rc, unsigned long line,
    unsigned long col, const char *field, const char *msg)
{
	struct policy_set set;
	struct assure_diag d;
	char out[1024];

	policy_set_init(&set);
	assert_int_equal(parse1(&set, text, &d), rc);
	assure_diag_format(&d, out, sizeof(out));
	if (d.line != line || d.column != col ||
	    (field != NULL && strcmp(d.field, field) != 0) ||
	    (msg != NULL && strstr(d.msg, msg) == NULL))
		fail_msg("got '%s' for\n%s", out, text);
	assert_int_equal(set.n, 0);
	policy_set_release(&set);
}

static void
test_valid(void **state)
{
	struct policy_set set;
	struct assure_diag d;
	unsigned char h[ASSURE_SHA256_LEN];
	const struct policy *p;
	const char *text = FM_HEAD "id: POL-A\ntitle: A\nowner: CTO\n"
	    "version: \"2.1\"\neffective: 2026-02-03\napproved_by: Jo Bloggs\n"
	    "approved_at: 2026-01-30\nreview_every: 26w\n"
	    "audience: [engineering, management]\n---\n# A\n";

	(void)state;
	policy_set_init(&set);
	assert_int_equal(parse1(&set, text, &d), ASSURE_OK);
	assert_int_equal(parse1(&set, GOOD, &d), ASSURE_OK);
	assert_int_equal(set.n, 2);
	p = policies_find(&set, "POL-A");
	assert_non_null(p);
	assert_string_equal(p->title, "A");
	assert_string_equal(p->version, "2.1");
	assert_string_equal(p->approved_by, "Jo Bloggs");
	assert_int_equal(p->effective, 1770076800);
	assert_int_equal(p->approved_at, 1769731200);
	assert_int_equal(p->review_every, 26 * 7 * 86400);
	assert_int_equal(p->naudience, 2);
	assert_string_equal(p->audience[1], "management");
	assert_int_equal(p->line, 2);
	assert_int_equal(p->body_line, 12);
	assert_string_equal(text + p->body_offset, "# A\n");
	assert_int_equal(p->size, strlen(text));
	assure_sha256(text, strlen(text), h);
	assert_memory_equal(h, p->sha256, sizeof(h));
	assure_sha256("# A\n", 4, h);
	assert_memory_equal(h, p->body_sha256, sizeof(h));
	p = policies_find(&set, "POL-X");
	assert_non_null(p);
	assert_null(p->approved_by);
	assert_string_equal(p->version, "1.0");
	assert_int_equal(p->naudience, 1);
	assert_string_equal(p->audience[0], "all");
	assert_null(policies_find(&set, "POL-Z"));
	/* Only the body differs: same body digest would be wrong. */
	assert_memory_not_equal(set.v[0].body_sha256, set.v[1].body_sha256,
	    ASSURE_SHA256_LEN);
	policy_set_release(&set);
}

static void
test_crlf_and_empty_body(void **state)
{
	struct policy_set set;
	struct assure_diag d;
	unsigned char h[ASSURE_SHA256_LEN];
	const char *crlf = "---\r\nid: P\r\ntitle: T\r\nowner: O\r\n"
	    "version: 1\r\neffective: 2026-01-01\r\nreview_every: 1d\r\n"
	    "audience: all\r\n---\r\nBody\r\n";
	const char *nobody = FM_HEAD FM_BODY "---";

	(void)state;
	policy_set_init(&set);
	assert_int_equal(parse1(&set, crlf, &d), ASSURE_OK);
	assert_string_equal(crlf + set.v[0].body_offset, "Body\r\n");
	assert_int_equal(parse1(&set, nobody, &d), ASSURE_OK);
	assert_int_equal(set.v[1].body_offset, strlen(nobody));
	assure_sha256("", 0, h);
	assert_memory_equal(h, set.v[1].body_sha256, sizeof(h));
	policy_set_release(&set);
}

static void
test_delimiters(void **state)
{
	(void)state;
	expect_err("", ASSURE_ERR_PARSE, 1, 1, "front matter", "line 1");
	expect_err("# Title\n---\n", ASSURE_ERR_PARSE, 1, 1, "front matter",
	    "line 1");
	expect_err(" ---\n" FM_BODY "---\n", ASSURE_ERR_PARSE, 1, 1,
	    "front matter", NULL);
	expect_err("---x\n" FM_BODY "---\n", ASSURE_ERR_PARSE, 1, 1,
	    "front matter", NULL);
	expect_err(FM_HEAD FM_BODY "# never closed\n", ASSURE_ERR_PARSE, 1, 1,
	    "front matter", "not closed");
	expect_err("---\n---\n# Empty\n", ASSURE_ERR_PARSE, 2, 1,
	    "front matter", "empty");
	/* Not YAML: libyaml's own error, at the line in the file. */
	expect_err(FM_HEAD "id: [a\n---\n", ASSURE_ERR_PARSE, 3, 1, NULL,
	    NULL);
	expect_err(FM_HEAD "- a\n- b\n---\n", ASSURE_ERR_PARSE, 2, 1,
	    "front matter", "mapping");
}

static void
test_keys(void **state)
{
	(void)state;
	expect_err(FM_HEAD FM_BODY "colour: blue\n---\n", ASSURE_ERR_PARSE,
	    9, 1, "colour", "unknown key");
	expect_err(FM_HEAD FM_BODY "id: POL-Y\n---\n", ASSURE_ERR_PARSE, 9,
	    1, "id", "duplicate key");
	expect_err(FM_HEAD "title: T\nowner: O\nversion: 1\n"
	    "effective: 2026-01-01\nreview_every: 1d\naudience: all\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "id", "required key is missing");
	expect_err(FM_HEAD "id: P\ntitle: T\nowner: O\nversion: 1\n"
	    "effective: 2026-01-01\nreview_every: 1d\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "audience", "required key is missing");
	expect_err(FM_HEAD "id: P\ntitle: T\nversion: 1\n"
	    "effective: 2026-01-01\nreview_every: 1d\naudience: all\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "owner", "required key is missing");
	expect_err(FM_HEAD "id: P\ntitle: T\nowner: O\n"
	    "effective: 2026-01-01\nreview_every: 1d\naudience: all\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "version", "required key is missing");
	expect_err(FM_HEAD "id: P\ntitle: T\nowner: O\nversion: 1\n"
	    "review_every: 1d\naudience: all\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "effective", "required key is missing");
	expect_err(FM_HEAD "id: P\ntitle: T\nowner: O\nversion: 1\n"
	    "effective: 2026-01-01\naudience: all\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "review_every", "required key");
	expect_err(FM_HEAD "id: P\nowner: O\nversion: 1\n"
	    "effective: 2026-01-01\nreview_every: 1d\naudience: all\n---\n",
	    ASSURE_ERR_PARSE, 2, 1, "title", "required key is missing");
}

static void
test_values(void **state)
{
	(void)state;
	expect_err(FM_HEAD "id: POL X\n---\n", ASSURE_ERR_PARSE, 2, 5, "id",
	    "letters");
	expect_err(FM_HEAD "id: [a]\n---\n", ASSURE_ERR_PARSE, 2, 5, "id",
	    "expected a string");
	expect_err(FM_HEAD "id: P\ntitle: \"\"\n---\n", ASSURE_ERR_PARSE, 3,
	    8, "title", "empty");
	expect_err(FM_HEAD "id: P\nowner: |\n  a\n  b\n---\n",
	    ASSURE_ERR_PARSE, 3, 8, "owner", "one line");
	expect_err(FM_HEAD "id: P\neffective: 2026-02-30\n---\n",
	    ASSURE_ERR_PARSE, 3, 12, "effective", "expected a date");
	expect_err(FM_HEAD "id: P\neffective: 2026-01-01T00:00:00Z\n---\n",
	    ASSURE_ERR_PARSE, 3, 12, "effective", "expected a date");
	expect_err(FM_HEAD "id: P\neffective: soon\n---\n",
	    ASSURE_ERR_PARSE, 3, 12, "effective", "expected a date");
	expect_err(FM_HEAD "id: P\napproved_at: yesterday\n---\n",
	    ASSURE_ERR_PARSE, 3, 14, "approved_at", "expected a date");
	expect_err(FM_HEAD "id: P\nreview_every: yearly\n---\n",
	    ASSURE_ERR_PARSE, 3, 15, "review_every", "duration");
	expect_err(FM_HEAD "id: P\nreview_every: 0d\n---\n",
	    ASSURE_ERR_PARSE, 3, 15, "review_every", "duration");
	expect_err(FM_HEAD "id: P\nreview_every: 2000d\n---\n",
	    ASSURE_ERR_PARSE, 3, 15, "review_every", "duration");
	expect_err(FM_HEAD "id: P\nreview_every: 12h\n---\n",
	    ASSURE_ERR_PARSE, 3, 15, "review_every", "duration");
	expect_err(FM_HEAD "id: P\naudience: []\n---\n", ASSURE_ERR_PARSE,
	    3, 11, "audience", "empty list");
	expect_err(FM_HEAD "id: P\naudience: [all, all]\n---\n",
	    ASSURE_ERR_PARSE, 3, 17, "audience", "twice");
	expect_err(FM_HEAD "id: P\naudience: every one\n---\n",
	    ASSURE_ERR_PARSE, 3, 11, "audience", "letters");
	expect_err(FM_HEAD "id: P\naudience: {a: b}\n---\n",
	    ASSURE_ERR_PARSE, 3, 11, "audience", "expected a string");
	expect_err(FM_HEAD "id: P\naudience: [a, b, c, d, e, f, g, h, i, j, "
	    "k, l, m, n, o, p, q]\n---\n", ASSURE_ERR_LIMIT, 3, 60,
	    "audience", "more than 16");
	/* Approval: both or neither. */
	expect_err(FM_HEAD FM_BODY "approved_by: Jo\n---\n",
	    ASSURE_ERR_PARSE, 9, 14, "approved_by", "go together");
	expect_err(FM_HEAD FM_BODY "approved_by: ~\napproved_at: 2026-01-01\n"
	    "---\n", ASSURE_ERR_PARSE, 10, 14, "approved_at", "go together");
	/* A quoted "null" is a name, not a null. */
	expect_err(FM_HEAD FM_BODY "approved_by: \"null\"\n---\n",
	    ASSURE_ERR_PARSE, 9, 14, "approved_by", "go together");
}

static void
test_duplicate_and_limits(void **state)
{
	struct policy_set set;
	struct assure_diag d;
	struct assure_buf b;
	char name[32];
	size_t i;

	(void)state;
	policy_set_init(&set);
	assert_int_equal(parse1(&set, GOOD, &d), ASSURE_OK);
	assure_diag_clear(&d);
	assert_int_equal(policy_parse(&set, GOOD, strlen(GOOD), "q.md", &d),
	    ASSURE_ERR_PARSE);
	assert_string_equal(d.source, "q.md");
	assert_int_equal(d.line, 2);
	assert_int_equal(d.column, 5);
	assert_string_equal(d.field, "id");
	assert_non_null(strstr(d.msg, "first in p.md:2"));
	assert_int_equal(set.n, 1);
	policy_set_release(&set);

	/* At most POLICIES_MAX policies. */
	policy_set_init(&set);
	for (i = 0; i <= POLICIES_MAX; i++) {
		assure_buf_init(&b, 4096);
		assure_buf_printf(&b, "---\nid: P%zu\ntitle: T\nowner: O\n"
		    "version: 1\neffective: 2026-01-01\nreview_every: 1d\n"
		    "audience: all\n---\n", i);
		snprintf(name, sizeof(name), "p%zu.md", i);
		assure_diag_clear(&d);
		assert_int_equal(policy_parse(&set, assure_buf_str(&b), b.len,
		    name, &d), i < POLICIES_MAX ? ASSURE_OK :
		    ASSURE_ERR_LIMIT);
		assure_buf_free(&b);
	}
	assert_int_equal(set.n, POLICIES_MAX);
	policy_set_release(&set);

	/* At most POLICY_FILE_MAX bytes. */
	policy_set_init(&set);
	{
		size_t n = POLICY_FILE_MAX + 1;
		char *big = malloc(n);

		assert_non_null(big);
		memset(big, 'x', n);
		memcpy(big, GOOD, strlen(GOOD));
		assure_diag_clear(&d);
		assert_int_equal(policy_parse(&set, big, n, "big.md", &d),
		    ASSURE_ERR_LIMIT);
		assert_int_equal(policy_parse(&set, big, n - 1, "big.md", &d),
		    ASSURE_OK);
		free(big);
	}
	policy_set_release(&set);
}

static void
test_load_dir(void **state)
{
	struct policy_set set;
	struct assure_diag d;
	char *dir, *p;
	const char *other = "---\nid: POL-B\ntitle: B\nowner: O\nversion: 1\n"
	    "effective: 2026-01-01\nreview_every: 1d\naudience: all\n---\n";

	(void)state;
	dir = tu_mkdtemp();
	p = tu_join(dir, "README.md");
	tu_write_file(p, "# not a policy\n", 15);
	free(p);
	p = tu_join(dir, "notes.txt");
	tu_write_file(p, "ignored\n", 8);
	free(p);
	p = tu_join(dir, "b.md");
	tu_write_file(p, other, strlen(other));
	free(p);
	p = tu_join(dir, "a.md");
	tu_write_file(p, GOOD, strlen(GOOD));
	free(p);
	policy_set_init(&set);
	assure_diag_clear(&d);
	assert_int_equal(policies_load_dir(&set, dir, &d), ASSURE_OK);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.v[0].id, "POL-X");
	assert_string_equal(set.v[1].id, "POL-B");
	assert_non_null(strstr(set.v[0].source, "/a.md"));
	policy_set_release(&set);

	/* The same id in a later file: located there, naming the first. */
	p = tu_join(dir, "c.md");
	tu_write_file(p, other, strlen(other));
	free(p);
	policy_set_init(&set);
	assure_diag_clear(&d);
	assert_int_equal(policies_load_dir(&set, dir, &d), ASSURE_ERR_PARSE);
	assert_non_null(strstr(d.source, "/c.md"));
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "duplicate policy id 'POL-B'"));
	assert_non_null(strstr(d.msg, "/b.md:2)"));
	policy_set_release(&set);

	/* A missing folder is an empty set. */
	p = tu_join(dir, "absent");
	policy_set_init(&set);
	assert_int_equal(policies_load_dir(&set, p, &d), ASSURE_OK);
	assert_int_equal(set.n, 0);
	policy_set_release(&set);
	free(p);
	tu_rmtree(dir);
	free(dir);
}

/* The shipped set, rendered for an awkward name, parses and is whole. */
static void
test_shipped(void **state)
{
	static const char *const ids[] = { "POL-ISP", "POL-AUP", "POL-AC",
	    "POL-CM", "POL-SDLC", "POL-VM", "POL-IR", "POL-BCDR", "POL-BAK",
	    "POL-VEN", "POL-RM", "POL-DCR", "POL-ENC", "POL-HR", "POL-LOG" };
	const struct embedded_file *f;
	struct policy_set set;
	struct assure_diag d;
	struct assure_buf b;
	char out[1024];
	size_t plen = strlen(POLICIES_STARTER_PREFIX), i, nfiles = 0;

	(void)state;
	policy_set_init(&set);
	for (f = embedded_files; f->path != NULL; f++) {
		if (strncmp(f->path, POLICIES_STARTER_PREFIX, plen) != 0)
			continue;
		nfiles++;
		assert_null(strstr(f->data, "{{") != NULL &&
		    strstr(f->data, "{{organisation}}") == NULL ? f->path :
		    NULL);
		assure_buf_init(&b, POLICY_FILE_MAX);
		policies_render(f->data, f->len, "O'Neil: \"Co\" --- {x}", &b);
		assert_int_equal(assure_buf_err(&b), ASSURE_OK);
		assert_null(strstr(assure_buf_str(&b), "{{organisation}}"));
		assure_diag_clear(&d);
		if (policy_parse(&set, assure_buf_str(&b), b.len, f->path,
		    &d) != ASSURE_OK) {
			assure_diag_format(&d, out, sizeof(out));
			fail_msg("%s", out);
		}
		assert_non_null(strstr(assure_buf_str(&b) +
		    set.v[set.n - 1].body_offset, "O'Neil"));
		assure_buf_free(&b);
	}
	assert_int_equal(nfiles, 16);
	assert_int_equal(set.n, 16);
	for (i = 0; i < ASSURE_ARRAY_LEN(ids); i++)
		assert_non_null(policies_find(&set, ids[i]));
	assert_non_null(policies_find(&set, "POL-PRIV"));
	for (i = 0; i < set.n; i++) {
		assert_null(set.v[i].approved_by);
		assert_int_equal(set.v[i].review_every, 365 * 86400);
	}
	policy_set_release(&set);
}

static size_t
count_md(const char *dir, bool *privacy)
{
	struct policy_set set;
	struct assure_diag d;
	size_t n;

	policy_set_init(&set);
	assure_diag_clear(&d);
	assert_int_equal(policies_load_dir(&set, dir, &d), ASSURE_OK);
	n = set.n;
	*privacy = policies_find(&set, "POL-PRIV") != NULL;
	policy_set_release(&set);
	return n;
}

/* init writes 15 policies, 16 with Privacy, and never overwrites. */
static void
test_starter_written(void **state)
{
	struct assure_diag d;
	char *dir, *p, buf[64];
	bool privacy;
	FILE *fp;

	(void)state;
	dir = tu_mkdtemp();
	assure_diag_clear(&d);
	assert_int_equal(policies_write_starter(dir, "Acme Ltd", false, &d),
	    ASSURE_OK);
	assert_int_equal(count_md(dir, &privacy), 15);
	assert_false(privacy);
	p = tu_join(dir, "access-control.md");
	tu_write_file(p, "kept\n", 5);
	assert_int_equal(policies_write_starter(dir, "Acme Ltd", true, &d),
	    ASSURE_OK);
	fp = fopen(p, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	assert_string_equal(buf, "kept\n");
	fclose(fp);
	free(p);
	p = tu_join(dir, POLICIES_PRIVACY_FILE);
	fp = fopen(p, "r");
	assert_non_null(fp);
	fclose(fp);
	free(p);
	tu_rmtree(dir);
	free(dir);

	dir = tu_mkdtemp();
	assert_int_equal(policies_write_starter(dir, "Acme Ltd", true, &d),
	    ASSURE_OK);
	assert_int_equal(count_md(dir, &privacy), 16);
	assert_true(privacy);
	tu_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_crlf_and_empty_body),
		cmocka_unit_test(test_delimiters),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_duplicate_and_limits),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_starter_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
