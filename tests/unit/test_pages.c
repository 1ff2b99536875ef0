/*
 * test_pages.c: the dashboard's pages (src/web/page_*.c) rendered over a
 * fixture workspace: each is one HTML document that parses, links the
 * style sheet, holds no script, no style attribute and no javascript:
 * URL, carries the CSRF token in every form that POSTs, shows hostile
 * text escaped, offers Approve only to the roles that may approve, and
 * draws one chart point per evaluation of the period.
 *
 * The fixture: a monthly control evidenced by iam.aws_root (its title
 * hostile) and one without tests, credential reports in January,
 * February, May and June 2026, an evaluation at each month's end, and
 * a last one whose result carries a hostile exception subject.
 *
 * With ASSURE_PAGES_OUT set to a folder, every page is also written
 * there (for looking at them in a browser).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "rules/rules.h"
#include "web/pages.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

#define DAY	86400
#define HOSTILE	"<script>alert(1)</script>\"q\""
#define HOSTILE_ESC "&lt;script&gt;alert(1)&lt;/script&gt;&quot;q&quot;"
#define CSRF	"tok\"en<1>"
#define CSRF_ESC "tok&quot;en&lt;1&gt;"

struct fixture {
	char			*dir;
	struct workspace	*ws;
	struct design		 des;
	int			 seq;
	char			 sha[65];	/* one evidence digest */
	size_t			 nevals;	/* in the period */
};

static int64_t
t_(const char *s)
{
	int64_t t;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int64_t
evidence(struct fixture *f, const char *kind, int64_t as_of)
{
	struct store_val p[10];
	char hex[65];
	int64_t id = 0;

	snprintf(hex, sizeof(hex), "%064d", ++f->seq);
	memcpy(f->sha, hex, sizeof(hex));
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV(kind);
	p[2] = STORE_INTV(100);
	p[3] = STORE_TEXTV("fixture " HOSTILE ".csv");
	p[4] = STORE_INTV(as_of);
	p[5] = STORE_INTV(as_of);
	p[6] = STORE_TEXTV("given");
	p[7] = STORE_NULLV;
	p[8] = STORE_NULLV;
	p[9] = STORE_TEXTV("test");
	assert_int_equal(store_exec_int(f->ws->store, STMT_EVIDENCE_INSERT, p,
	    10, &id, NULL, NULL), ASSURE_OK);
	return id;
}

static void
report(struct fixture *f, const char *when, bool leaky)
{
	struct store_val p[28];
	int64_t id = evidence(f, "aws-iam-credential-report", t_(when));
	size_t k = 0;

	p[0] = STORE_INTV(id);
	p[1] = STORE_TEXTV("aws");
	p[2] = STORE_TEXTV("123456789012");
	assert_int_equal(store_exec(f->ws->store, STMT_CRED_REPORT_INSERT, p,
	    3, NULL, NULL, NULL), ASSURE_OK);
	p[k++] = STORE_INTV(id);
	p[k++] = STORE_INTV(0);
	p[k++] = STORE_INTV(2);
	p[k++] = STORE_TEXTV("aws");
	p[k++] = STORE_TEXTV("123456789012");
	p[k++] = STORE_TEXTV("<root_account>");
	p[k++] = STORE_TEXTV("arn:aws:iam::123456789012:root");
	p[k++] = STORE_INTV(1);
	p[k++] = STORE_INTV(t_(when) - 400 * DAY);
	p[k++] = STORE_NULLV;
	p[k++] = STORE_NULLV;
	p[k++] = STORE_NULLV;
	p[k++] = STORE_NULLV;
	p[k++] = STORE_INTV(1);
	p[k++] = STORE_INTV(leaky ? 1 : 0);
	while (k < 28)
		p[k++] = STORE_NULLV;
	p[19] = STORE_INTV(0);
	assert_int_equal(store_exec(f->ws->store, STMT_CRED_INSERT, p, 28,
	    NULL, NULL, NULL), ASSURE_OK);
}

/* Evaluate as of when; hostile: add a hostile exception to aws_root. */
static void
evaluate(struct fixture *f, const char *when, bool hostile)
{
	struct evaluation ev;
	struct assure_diag d;
	size_t i;

	assert_int_equal(evaluation_run(f->ws->store, &f->ws->cfg, t_(when),
	    &ev, &d), ASSURE_OK);
	for (i = 0; hostile && i < ev.n; i++)
		if (strcmp(ev.results[i].test_id, "iam.aws_root") == 0) {
			assert_int_equal(result_add_exception(&ev.results[i],
			    HOSTILE, "reason %s", HOSTILE), ASSURE_OK);
			ev.results[i].verdict = VERDICT_FAIL;
		}
	assert_int_equal(evaluation_record(f->ws->store, f->ws->ledger, &ev,
	    &d), ASSURE_OK);
	evaluation_release(&ev);
	if (t_(when) >= f->ws->cfg.period_start &&
	    t_(when) <= f->ws->cfg.period_end)
		f->nevals++;
}

static const char controls_yaml[] =
    "id: WEB-01\n"
    "title: 'Root " HOSTILE "'\n"
    "owner: Head of Platform\n"
    "frequency: monthly\n"
    "tsc: [CC6.1]\n"
    "tests: [iam.aws_root]\n";
static const char controls2_yaml[] =
    "id: WEB-02\n"
    "title: Background checks\n"
    "owner: People\n"
    "frequency: per-event\n"
    "tsc: [CC1.4]\n";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct assure_diag d;
	char *dir, *path;
	static const char *const ends[] = { "2026-01-31T23:59:59Z",
	    "2026-02-28T23:59:59Z", "2026-03-31T23:59:59Z",
	    "2026-04-30T23:59:59Z", "2026-05-31T23:59:59Z" };
	size_t i;

	assert_non_null(f);
	f->ws = tu_workspace_new("Test Org", &f->dir);
	f->ws->cfg.freshness = 35 * DAY;
	f->ws->cfg.period_start = t_("2026-01-01T00:00:00Z");
	f->ws->cfg.period_end = t_("2026-06-30T23:59:59Z");
	dir = tu_join(f->ws->root, "controls");
	(void)mkdir(dir, 0755);
	path = tu_join(dir, "web.yaml");
	tu_write_file(path, controls_yaml, sizeof(controls_yaml) - 1);
	free(path);
	path = tu_join(dir, "web2.yaml");
	tu_write_file(path, controls2_yaml, sizeof(controls2_yaml) - 1);
	free(path);
	free(dir);
	if (design_load(f->ws, &f->des, &d) != ASSURE_OK) {
		char m[2048];

		assure_diag_format(&d, m, sizeof(m));
		fail_msg("design_load: %s", m);
	}
	report(f, "2026-01-15T09:00:00Z", false);
	report(f, "2026-02-15T09:00:00Z", false);
	report(f, "2026-05-15T09:00:00Z", false);
	report(f, "2026-06-15T09:00:00Z", true);
	for (i = 0; i < ASSURE_ARRAY_LEN(ends); i++)
		evaluate(f, ends[i], false);
	evaluate(f, "2026-06-30T23:59:59Z", true);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f == NULL)
		return 0;
	design_release(&f->des);
	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

static struct web_page
page_ctx(struct fixture *f, const char *role)
{
	struct web_page p;

	memset(&p, 0, sizeof(p));
	p.store = f->ws->store;
	p.ledger = f->ws->ledger;
	p.cfg = &f->ws->cfg;
	p.des = &f->des;
	p.user = "alice " HOSTILE;
	p.role = role;
	p.csrf = CSRF;
	p.now = t_("2026-07-01T12:00:00Z");
	return p;
}

/* libxml2 2.9's HTML parser knows HTML 4 only: its unknown-tag errors
 * (nav, main, svg, ...) are not of consequence; anything else is. */
static int html_errors;

static void
on_error(void *arg, xmlErrorPtr e)
{
	(void)arg;
	if (e->code == XML_HTML_UNKNOWN_TAG)
		return;
	fprintf(stderr, "html: %d: line %d: %s", e->code, e->line,
	    e->message);
	html_errors++;
}

static size_t
xpath_count(xmlDoc *doc, const char *expr)
{
	xmlXPathContext *x = xmlXPathNewContext(doc);
	xmlXPathObject *o;
	size_t n;

	assert_non_null(x);
	o = xmlXPathEvalExpression(BAD_CAST expr, x);
	assert_non_null(o);
	n = o->nodesetval != NULL ? (size_t)o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(x);
	return n;
}

static void
save(const char *name, const struct assure_buf *b)
{
	const char *dir = getenv("ASSURE_PAGES_OUT");
	char *path;

	if (dir == NULL || *dir == '\0')
		return;
	path = tu_join(dir, name);
	tu_write_file(path, b->data, b->len);
	free(path);
}

/* The checks every page passes; returns the parsed document. */
static xmlDoc *
check_page(const char *name, const struct assure_buf *b)
{
	xmlDoc *doc;

	save(name, b);
	assert_int_equal(assure_buf_err(b), ASSURE_OK);
	assert_true(strncmp(b->data, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(b->data,
	    "<link rel=\"stylesheet\" href=\"/static/assure.css\">"));
	assert_null(strstr(b->data, "<script"));
	assert_null(strstr(b->data, "<style"));
	assert_null(strstr(b->data, " style="));
	assert_null(strstr(b->data, "javascript:"));
	assert_non_null(strstr(b->data, "</html>\n"));
	html_errors = 0;
	xmlSetStructuredErrorFunc(NULL, on_error);
	doc = htmlReadMemory(b->data, (int)b->len, name, "UTF-8",
	    HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	assert_int_equal(html_errors, 0);
	/* No event handler, no style attribute. */
	assert_int_equal(xpath_count(doc, "//@*[starts-with(name(), 'on')]"),
	    0);
	assert_int_equal(xpath_count(doc, "//@style"), 0);
	/* One header, one main, one footer; the user escaped. */
	assert_int_equal(xpath_count(doc, "//header"), 1);
	assert_int_equal(xpath_count(doc, "//main"), 1);
	assert_int_equal(xpath_count(doc, "//footer"), 1);
	assert_non_null(strstr(b->data, "alice " HOSTILE_ESC));
	/* Every form that POSTs carries the token, once, escaped. */
	assert_int_equal(xpath_count(doc, "//form[@method='post']"),
	    xpath_count(doc, "//form[@method='post'][count(.//input"
	    "[@type='hidden'][@name='csrf'][@value='" "tok\"en<1>"
	    "'])=1]"));
	assert_int_equal(xpath_count(doc, "//form"),
	    xpath_count(doc, "//form[@method='post']"));
	assert_int_equal(xpath_count(doc, "//form[@action='/logout']"), 1);
	assert_non_null(strstr(b->data, CSRF_ESC));
	/* Every link is relative. */
	assert_int_equal(xpath_count(doc, "//a[not(starts-with(@href, '/')"
	    " or starts-with(@href, '#'))]"), 0);
	return doc;
}

#define RENDER(call, name) do {						\
	assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);			\
	assert_int_equal((call), ASSURE_OK);				\
	doc = check_page((name), &b);					\
} while (0)

static void
test_overview(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "viewer");
	struct assure_diag d;
	struct assure_buf b;
	xmlDoc *doc;

	RENDER(page_overview(&p, &b, &d), "overview.html");
	/* One chart point per evaluation as of the period. */
	assert_int_equal(xpath_count(doc, "//svg"), 1);
	assert_int_equal(xpath_count(doc, "//circle[@class='pt']"),
	    f->nevals);
	assert_int_equal(xpath_count(doc, "//polyline"), 1);
	/* The failing test, linked. */
	assert_int_equal(xpath_count(doc,
	    "//a[@href='/tests/iam.aws_root']"), 1);
	/* Readiness: Security, and CC6.1 failing. */
	assert_non_null(strstr(b.data, "<td>Security</td>"));
	assert_non_null(strstr(b.data, "<td>CC6.1</td>"));
	/* The control with gaps (March and April uncovered). */
	assert_int_equal(xpath_count(doc, "//section[@class='gaps']"
	    "//a[@href='/controls/WEB-01']"), 1);
	assert_non_null(strstr(b.data, "Root " HOSTILE_ESC));
	assert_null(strstr(b.data, HOSTILE));
	xmlFreeDoc(doc);
	assure_buf_free(&b);
}

/*
 * With the server's cache, the overview's control histories are kept
 * while the ledger does not grow: a second rendering is the first, and
 * once new evidence is evaluated (a ledger entry) the gaps it closes
 * are gone.  Its own fixture: it adds evidence.
 */
#define WEB01_GAPS "//section[@class='gaps']//tr[td/a[@href=" \
    "'/controls/WEB-01']]/td[3][."

static void
test_overview_cache(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "viewer");
	struct assure_diag d;
	struct assure_buf b, first;
	xmlDoc *doc;

	p.cache = web_overview_cache_new();
	assert_non_null(p.cache);
	RENDER(page_overview(&p, &b, &d), "overview-cached.html");
	/* January before the first report, and March to mid-May. */
	assert_int_equal(xpath_count(doc, WEB01_GAPS "='2']"), 1);
	xmlFreeDoc(doc);
	first = b;
	RENDER(page_overview(&p, &b, &d), "overview-cached.html");
	xmlFreeDoc(doc);
	assert_int_equal(b.len, first.len);
	assert_memory_equal(b.data, first.data, b.len);
	assure_buf_free(&b);
	assure_buf_free(&first);

	/* Fill March and April, and evaluate: the ledger grows. */
	report(f, "2026-03-10T09:00:00Z", false);
	evaluate(f, "2026-03-31T23:59:59Z", false);
	report(f, "2026-04-10T09:00:00Z", false);
	evaluate(f, "2026-04-30T23:59:59Z", false);
	RENDER(page_overview(&p, &b, &d), "overview-cached.html");
	assert_int_equal(xpath_count(doc, WEB01_GAPS "='1']"), 1);
	xmlFreeDoc(doc);
	assure_buf_free(&b);
	web_overview_cache_free(p.cache);
}

static void
test_controls(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "auditor");
	struct assure_diag d;
	struct assure_buf b;
	xmlDoc *doc;

	RENDER(page_controls(&p, &b, &d), "controls.html");
	assert_int_equal(xpath_count(doc, "//table[@class='controls']"
	    "/tbody/tr"), f->des.controls.n);
	assert_non_null(strstr(b.data, "Root " HOSTILE_ESC));
	assert_non_null(strstr(b.data, "exceptions noted"));
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	RENDER(page_control(&p, "WEB-01", &b, &d), "control.html");
	/* Six monthly units, March and April without an occurrence. */
	assert_int_equal(xpath_count(doc, "//ol[@class='timeline']/li"), 6);
	assert_int_equal(xpath_count(doc, "//li[@class='u-miss']"), 2);
	assert_non_null(strstr(b.data, HOSTILE_ESC));
	assert_null(strstr(b.data, HOSTILE));
	assert_true(xpath_count(doc, "//a[starts-with(@href, "
	    "'/evidence/')]") > 0);
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	RENDER(page_control(&p, "WEB-02", &b, &d), "control-hr.html");
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
	assert_int_equal(page_control(&p, "NOPE", &b, &d),
	    ASSURE_ERR_NOTFOUND);
	assert_int_equal(b.len, 0);
	assure_buf_free(&b);
}

static void
test_test(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "viewer");
	struct assure_diag d;
	struct assure_buf b;
	xmlDoc *doc;

	RENDER(page_test(&p, "iam.aws_root", &b, &d), "test.html");
	assert_non_null(strstr(b.data, "<td class=\"subject\">"
	    HOSTILE_ESC "</td>"));
	assert_non_null(strstr(b.data, "reason " HOSTILE_ESC));
	assert_null(strstr(b.data, HOSTILE));
	assert_int_equal(xpath_count(doc, "//dd[@class='v-fail']"), 1);
	assert_true(xpath_count(doc, "//ul[@class='digests']/li/a") > 0);
	assert_int_equal(xpath_count(doc, "//ul[@class='digests']/li/a"),
	    xpath_count(doc, "//ul[@class='digests']/li/a[string-length("
	    "@href)=74]"));
	assert_int_equal(xpath_count(doc, "//a[@href='/controls/WEB-01']"),
	    1);
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
	assert_int_equal(page_test(&p, "no.such", &b, &d),
	    ASSURE_ERR_NOTFOUND);
	assure_buf_free(&b);
}

static void
test_evidence(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "viewer");
	struct assure_diag d;
	struct assure_buf b;
	char href[128];
	xmlDoc *doc;

	RENDER(page_evidence(&p, &b, &d), "evidence.html");
	assert_int_equal(xpath_count(doc, "//table[@class='evid']/tbody/tr"),
	    4);
	assert_non_null(strstr(b.data, "fixture " HOSTILE_ESC ".csv"));
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	RENDER(page_evidence_item(&p, f->sha, &b, &d), "evidence-item.html");
	snprintf(href, sizeof(href), "//a[@href='/evidence/%s/proof']",
	    f->sha);
	assert_int_equal(xpath_count(doc, href), 1);
	snprintf(href, sizeof(href), "//a[@href='/evidence/%s/raw']", f->sha);
	assert_int_equal(xpath_count(doc, href), 1);
	assert_non_null(strstr(b.data, "aws-iam-credential-report"));
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
	assert_int_equal(page_evidence_item(&p, "../etc", &b, &d),
	    ASSURE_ERR_NOTFOUND);
	memset(href, 'a', 64);
	href[64] = '\0';
	assert_int_equal(page_evidence_item(&p, href, &b, &d),
	    ASSURE_ERR_NOTFOUND);
	assure_buf_free(&b);
}

static void
test_policies(void **state)
{
	static const char *const roles[] = { "viewer", "auditor", "manager",
	    "admin" };
	struct fixture *f = *state;
	struct web_page p;
	struct assure_diag d;
	struct assure_buf b;
	xmlDoc *doc;
	size_t i, n;

	for (i = 0; i < ASSURE_ARRAY_LEN(roles); i++) {
		p = page_ctx(f, roles[i]);
		RENDER(page_policies(&p, &b, &d), "policies.html");
		n = xpath_count(doc, "//form[@class='approve']");
		if (i < 2)
			assert_int_equal(n, 0);
		else {
			assert_true(n > 0);
			assert_int_equal(n, xpath_count(doc,
			    "//table[@class='policies']/tbody/tr"));
			assert_int_equal(xpath_count(doc, "//form[@class="
			    "'approve'][@method='post'][starts-with(@action,"
			    " '/policies/')]"), n);
		}
		assert_non_null(strstr(b.data, "not approved"));
		xmlFreeDoc(doc);
		assure_buf_free(&b);
	}
}

static void
test_registers(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "viewer");
	struct web_verify v;
	struct assure_diag d;
	struct assure_buf b;
	xmlDoc *doc;

	RENDER(page_vendors(&p, &b, &d), "vendors.html");
	xmlFreeDoc(doc);
	assure_buf_free(&b);
	RENDER(page_risks(&p, &b, &d), "risks.html");
	xmlFreeDoc(doc);
	assure_buf_free(&b);
	RENDER(page_incidents(&p, &b, &d), "incidents.html");
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	RENDER(page_ledger(&p, NULL, &b, &d), "ledger.html");
	assert_non_null(strstr(b.data, "assure ledger verify"));
	assert_int_equal(xpath_count(doc, "//pre[@class='note']"), 1);
	xmlFreeDoc(doc);
	assure_buf_free(&b);
	memset(&v, 0, sizeof(v));
	v.at = p.now;
	v.ok = false;
	snprintf(v.error, sizeof(v.error), "entry 3: %s", HOSTILE);
	RENDER(page_ledger(&p, &v, &b, &d), "ledger-verified.html");
	assert_non_null(strstr(b.data, "FAILED"));
	assert_non_null(strstr(b.data, "entry 3: " HOSTILE_ESC));
	xmlFreeDoc(doc);
	assure_buf_free(&b);
}

static void
test_error(void **state)
{
	struct fixture *f = *state;
	struct web_page p = page_ctx(f, "viewer");
	struct assure_buf b;
	xmlDoc *doc;

	RENDER(page_error(&p, 404, "No control " HOSTILE, &b), "error.html");
	assert_non_null(strstr(b.data, "404 Not found"));
	assert_non_null(strstr(b.data, "No control " HOSTILE_ESC));
	xmlFreeDoc(doc);
	assure_buf_free(&b);

	/* Before sign-in: no navigation and no form. */
	p.user = NULL;
	assure_buf_init(&b, ASSURE_BUF_DEFAULT_MAX);
	assert_int_equal(page_error(&p, 403, "Forbidden", &b), ASSURE_OK);
	assert_null(strstr(b.data, "<nav"));
	assert_null(strstr(b.data, "<form"));
	assure_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overview),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_test),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_error),
		cmocka_unit_test_setup_teardown(test_overview_cache, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
