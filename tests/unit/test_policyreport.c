/*
 * test_policyreport.c: the policies report (src/report/policyreport.c):
 * the three approval states as policy.approved decides them, the table
 * of contents, the escaping of a hostile title and body, raw HTML shown
 * as text, and javascript: links and images made inert, in HTML,
 * Markdown and JSON.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/hash.h"
#include "report/html.h"
#include "report/policyreport.h"

static const char pol_a[] =
    "---\n"
    "id: POL-A\n"
    "title: \"<script>alert('title')</script> Policy\"\n"
    "owner: Security Lead\n"
    "version: 1.0\n"
    "effective: 2026-01-01\n"
    "approved_by: \"<b>Mallory</b>\"\n"
    "approved_at: 2026-02-01\n"
    "review_every: 365d\n"
    "audience: [all, eng]\n"
    "---\n"
    "# Hostile\n"
    "\n"
    "Text <script>alert(2)</script> and <img src=x onerror=alert(6)>.\n"
    "\n"
    "[x](javascript:alert(1)) [y](JAVASCRIPT&#58;alert(4)) "
    "<javascript:alert(3)> ![i](javascript:alert(5))\n"
    "[ok](https://example.com/) [rel](other.md) [m](mailto:a@b.c)\n"
    "\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n";

static const char pol_b[] =
    "---\n"
    "id: POL-B\n"
    "title: Backup Policy\n"
    "owner: Head of Engineering\n"
    "version: 2.0\n"
    "effective: 2026-01-01\n"
    "review_every: 180d\n"
    "audience: engineering\n"
    "---\n"
    "# Backup\n\nBack up daily.\n";

static const char pol_c[] =
    "---\n"
    "id: POL-C\n"
    "title: Change Policy\n"
    "owner: CTO\n"
    "version: 1.1\n"
    "effective: 2026-01-01\n"
    "review_every: 365d\n"
    "audience: all\n"
    "---\n"
    "# Change\n\nReview every change.\n";

struct fixture {
	struct config		*cfg;
	struct policy_set	 set;
	struct policy_approvals	 ap;
	struct polrep_item	 items[3];
	struct polrepdoc	 doc;
};

static void
add_row(struct policy_approvals *a, const char *id, const char *sha,
    const char *by, int64_t at)
{
	struct policy_approval_row *r;

	r = &a->v[a->n++];
	assure_strlcpy(r->id, id, sizeof(r->id));
	assure_strlcpy(r->sha, sha, sizeof(r->sha));
	assure_strlcpy(r->by, by, sizeof(r->by));
	r->at = at;
}

static void
setup(struct fixture *f)
{
	static const char *const texts[] = { pol_a, pol_b, pol_c };
	struct assure_diag d;
	char hex[ASSURE_SHA256_HEXLEN + 1];
	size_t i;

	memset(f, 0, sizeof(*f));
	f->cfg = calloc(1, sizeof(*f->cfg));
	assert_non_null(f->cfg);
	config_defaults(f->cfg);
	assure_strlcpy(f->cfg->organisation, "<b>Org</b> & Co",
	    sizeof(f->cfg->organisation));
	policy_set_init(&f->set);
	for (i = 0; i < 3; i++) {
		assure_diag_clear(&d);
		if (policy_parse(&f->set, texts[i], strlen(texts[i]),
		    "test.md", &d) != ASSURE_OK)
			fail_msg("policy %zu: %lu:%lu: %s: %s", i, d.line,
			    d.column, d.field, d.msg);
	}
	f->ap.v = calloc(8, sizeof(*f->ap.v));
	assert_non_null(f->ap.v);
	f->ap.cap = 8;
	f->ap.as_of = INT64_MAX;
	/* POL-A: its current text approved. */
	assure_hex(f->set.v[0].body_sha256, ASSURE_SHA256_LEN, hex);
	add_row(&f->ap, "POL-A", hex, "alice", 1780000000);
	/* POL-B: only an older text approved. */
	add_row(&f->ap, "POL-B", "0000000000000000000000000000000000000000"
	    "000000000000000000000000", "bob", 1770000000);
	/* POL-C: nothing. */
	for (i = 0; i < 3; i++) {
		f->items[i].p = &f->set.v[i];
		f->items[i].body = texts[i] + f->set.v[i].body_offset;
		f->items[i].body_len = strlen(texts[i]) -
		    f->set.v[i].body_offset;
		f->items[i].ledger_index = -1;
		polrep_judge(&f->items[i], &f->ap, f->cfg);
	}
	f->items[0].ledger_index = 7;
	f->doc.cfg = f->cfg;
	f->doc.items = f->items;
	f->doc.n = 3;
	f->doc.generated = 1782864000;	/* 2026-07-01 */
}

static void
teardown(struct fixture *f)
{
	policy_approvals_release(&f->ap);
	policy_set_release(&f->set);
	free(f->cfg);
}

static size_t
occurrences(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_states(void **state)
{
	struct fixture f;
	char hex[ASSURE_SHA256_HEXLEN + 1];
	struct polrep_item it;

	(void)state;
	setup(&f);
	assert_int_equal(f.items[0].status, POLREP_APPROVED);
	assert_string_equal(f.items[0].cur->by, "alice");
	assert_true(f.items[0].by_management);
	assert_int_equal(f.items[1].status, POLREP_CHANGED);
	assert_null(f.items[1].cur);
	assert_string_equal(f.items[1].last->by, "bob");
	assert_int_equal(f.items[2].status, POLREP_NOT_APPROVED);
	assert_null(f.items[2].last);

	/* Approved, then other text approved, then reverted: approved. */
	add_row(&f.ap, "POL-A", "1111111111111111111111111111111111111111"
	    "111111111111111111111111", "carol", 1790000000);
	memset(&it, 0, sizeof(it));
	it.p = &f.set.v[0];
	polrep_judge(&it, &f.ap, f.cfg);
	assert_int_equal(it.status, POLREP_APPROVED);
	assure_hex(f.set.v[0].body_sha256, ASSURE_SHA256_LEN, hex);
	assert_string_equal(it.cur->sha, hex);
	assert_string_equal(it.last->by, "carol");
	teardown(&f);
}

static void
test_html(void **state)
{
	struct fixture f;
	struct assure_buf b;
	const char *s;

	(void)state;
	setup(&f);
	assure_buf_init(&b, 0);
	report_policies(&f.doc, DOC_HTML, &b);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	s = assure_buf_str(&b);

	/* Nothing from the policies becomes a tag. */
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<img src=x"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(&#39;title&#39;)"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(2)&lt;/script&gt;"));
	assert_non_null(strstr(s, "&lt;img src=x onerror=alert(6)&gt;"));
	assert_non_null(strstr(s, "&lt;b&gt;Org&lt;/b&gt; &amp; Co"));
	assert_non_null(strstr(s, "&lt;b&gt;Mallory&lt;/b&gt;"));

	/* javascript: is never a live link or image, in any spelling. */
	assert_null(strcasestr(s, "href=\"javascript"));
	assert_null(strcasestr(s, "src=\"javascript"));
	assert_non_null(strstr(s, "<a>x</a>"));
	assert_non_null(strstr(s, "<a href=\"https://example.com/\">ok</a>"));
	assert_non_null(strstr(s, "<a href=\"other.md\">rel</a>"));
	assert_non_null(strstr(s, "<a href=\"mailto:a@b.c\">m</a>"));
	assert_non_null(strstr(s, "<table>"));

	/* The table of contents, then a page per policy. */
	assert_non_null(strstr(s, "<h2>Contents</h2>"));
	assert_non_null(strstr(s, "<td>POL-A</td>"));
	assert_non_null(strstr(s, "<td>2.0</td>"));
	assert_non_null(strstr(s, "<td>Head of Engineering</td>"));
	assert_non_null(strstr(s, "<td class=\"in\">approved</td>"));
	assert_non_null(strstr(s,
	    "<td class=\"partial\">changed since approval</td>"));
	assert_non_null(strstr(s, "<td class=\"gap\">not approved</td>"));
	assert_int_equal(occurrences(s, "<section class=\"policy\">"), 3);
	assert_int_equal(occurrences(s, "<p class=\"st-approved\">"), 1);
	assert_int_equal(occurrences(s, "<p class=\"st-changed\">"), 1);
	assert_int_equal(occurrences(s, "<p class=\"st-not-approved\">"), 1);
	assert_non_null(strstr(s, "<dd>7 (policy-approval POL-A@"));
	assert_non_null(strstr(s, "by alice at 2026-05-28T"));
	assert_non_null(strstr(s, "<dd>1 of 3</dd>"));
	assert_non_null(strstr(s, "of earlier text (sha256:0000000000000000"
	    "...) by bob"));
	assert_non_null(strstr(s, "page-break-before: always"));
	assert_null(strstr(s, "<script>"));
	assure_buf_free(&b);
	teardown(&f);
}

static void
test_markdown_and_json(void **state)
{
	struct fixture f;
	struct assure_buf b;
	const char *s;

	(void)state;
	setup(&f);
	assure_buf_init(&b, 0);
	report_policies(&f.doc, DOC_MARKDOWN, &b);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	s = assure_buf_str(&b);
	/* Our text is escaped; the body is the policy's Markdown as is. */
	assert_non_null(strstr(s, "## POL-A: \\<script\\>"));
	assert_non_null(strstr(s, "| POL-B | Backup Policy | 2\\.0 | Head of "
	    "Engineering | **changed since approval** |"));
	assert_non_null(strstr(s, "# Backup\n\nBack up daily.\n"));
	assert_non_null(strstr(s, "- **Status**: not approved"));

	assure_buf_reset(&b);
	report_policies(&f.doc, DOC_JSON, &b);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	s = assure_buf_str(&b);
	assert_non_null(strstr(s, "\"status\": \"approved\""));
	assert_non_null(strstr(s, "\"status\": \"changed-since-approval\""));
	assert_non_null(strstr(s, "\"status\": \"not-approved\""));
	assert_non_null(strstr(s, "\"ledger_index\": 7"));
	assert_non_null(strstr(s, "\"approved\": 1"));
	assert_null(strstr(s, "Back up daily"));
	assure_buf_free(&b);
	teardown(&f);
}

static void
test_markdown_html(void **state)
{
	struct assure_buf b;
	const char *md = "<div onclick=x>hi</div>\n\n"
	    "[a](JavaScript:x) [b](vbscript:x) [c](data:text/html,x) "
	    "[d](#frag) [e](/abs?q=1&r=2)\n";

	(void)state;
	assure_buf_init(&b, 0);
	assert_int_equal(polrep_markdown_html(md, strlen(md), &b), 0);
	assert_null(strstr(assure_buf_str(&b), "<div"));
	assert_non_null(strstr(assure_buf_str(&b), "&lt;div onclick=x&gt;"));
	assert_non_null(strstr(assure_buf_str(&b), "<a>a</a>"));
	assert_non_null(strstr(assure_buf_str(&b), "<a>b</a>"));
	assert_non_null(strstr(assure_buf_str(&b), "<a>c</a>"));
	assert_non_null(strstr(assure_buf_str(&b), "<a href=\"#frag\">d</a>"));
	assert_non_null(strstr(assure_buf_str(&b),
	    "<a href=\"/abs?q=1&amp;r=2\">e</a>"));
	assure_buf_free(&b);
}

static void
test_trusted_fragment_utf8(void **state)
{
	struct assure_buf b;
	struct htmlw w;

	(void)state;
	assure_buf_init(&b, 0);
	htmlw_init(&w, &b);
	htmlw_trusted_fragment(&w, "<p>caf\xc3\xa9 \xff\x07</p>\n", 16);
	assert_string_equal(assure_buf_str(&b),
	    "<p>caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd</p>\n");
	assure_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_markdown_and_json),
		cmocka_unit_test(test_markdown_html),
		cmocka_unit_test(test_trusted_fragment_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
