/*
 * test_gap.c: the Statement of Applicability reader (src/gap/soa.c) and
 * the gap analysis (src/gap/gap.c): header aliases, quoting, every located
 * error, the covered/partial/gap rules from a SoA and from controls, the
 * SOC 2-specific items, and criteria dropping out with their categories.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "gap/gap.h"
#include "gap/soa.h"
#include "report/gapreport.h"

static const struct assure_catalog *
cat_get(void)
{
	const struct assure_catalog *cat = NULL;
	struct assure_diag d;

	assert_int_equal(assure_catalog_get(&cat, &d), ASSURE_OK);
	return cat;
}

static enum assure_err
soa(const char *text, struct soa *ret, struct assure_diag *d)
{
	assure_diag_clear(d);
	return soa_parse(text, strlen(text), "soa.csv", cat_get(), ret, d);
}

static const struct soa_entry *
entry(const struct soa *s, const char *id)
{
	const struct assure_iso_control *iso;

	assert_int_equal(assure_catalog_iso_find(cat_get(), id, &iso),
	    ASSURE_OK);
	return soa_entry(s, iso);
}

static void
test_soa_reader(void **state)
{
	struct soa s;
	struct assure_diag d;
	char msg[1024];

	(void)state;
	/* BOM, CRLF, aliases in any case, extra columns, quoting. */
	if (soa("\xef\xbb\xbfRef,Control,Owner,APPLICABILITY,Status,"
	    "Justification for inclusion/exclusion\r\n"
	    "A.5.15,Access control,Sam,Yes,Implemented,\"Policy AC-1, "
	    "\"\"strict\"\"\"\r\n"
	    "\r\n"
	    "5.18,Access rights,Sam,y,Partially implemented,\"two\nlines\"\r\n"
	    "a7.6,Secure areas,,No,,No premises\r\n"
	    "8.8,Vulns,,TRUE,not-implemented,\r\n"
	    "5.7,Threat intel,,yes,planned\r\n", &s, &d) != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("%s", msg);
	}
	assert_int_equal(s.nlisted, 5);
	assert_int_equal(s.n, ASSURE_CATALOG_ISO_COUNT);
	assert_int_equal(entry(&s, "5.15")->status, SOA_IMPLEMENTED);
	assert_string_equal(entry(&s, "5.15")->justification,
	    "Policy AC-1, \"strict\"");
	assert_int_equal(entry(&s, "5.18")->status, SOA_PARTIAL);
	assert_int_equal(entry(&s, "5.18")->line, 4);
	assert_int_equal(entry(&s, "7.6")->status, SOA_NOT_APPLICABLE);
	assert_false(entry(&s, "7.6")->applicable);
	assert_int_equal(entry(&s, "8.8")->status, SOA_NOT_IMPLEMENTED);
	assert_int_equal(entry(&s, "5.7")->status, SOA_PLANNED);
	assert_int_equal(entry(&s, "5.1")->status, SOA_NOT_LISTED);
	assert_false(entry(&s, "5.1")->listed);
	soa_release(&s);
}

static void
expect_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	struct soa s;
	struct assure_diag d;
	char msg[2048];

	if (soa(text, &s, &d) == ASSURE_OK)
		fail_msg("accepted: %s", text);
	assert_null(s.entries);
	assure_diag_format(&d, msg, sizeof(msg));
	if (line != d.line || col != d.column ||
	    strstr(msg, needle) == NULL ||
	    (field != NULL && strcmp(d.field, field) != 0))
		fail_msg("got '%s' (line %lu col %lu field %s)", msg, d.line,
		    d.column, d.field);
	assert_string_equal(d.source, "soa.csv");
}

#define HDR	"Control ID,Applicable,Implementation status,Justification\n"

static void
test_soa_errors(void **state)
{
	(void)state;
	expect_error(HDR "5.1,yes,implemented,x\nA.9.2.3,yes,implemented,x\n",
	    3, 1, "control id", "unknown ISO/IEC 27001:2022 Annex A control "
	    "'A.9.2.3'");
	expect_error(HDR "5.1,yes,implemented,x\nA.5.1,yes,partial,x\n", 3, 1,
	    "control id", "5.1 is listed twice (first at line 2)");
	expect_error(HDR "5.1,yes,done,x\n", 2, 9, "status",
	    "expected implemented, partial, planned or not_implemented, got "
	    "'done'");
	expect_error(HDR "5.1,maybe,implemented,x\n", 2, 5, "applicable",
	    "expected yes or no, got 'maybe'");
	expect_error(HDR "5.1,yes,,x\n", 2, 9, "status", "empty");
	expect_error(HDR "5.1,no,,\n", 2, 9, "justification",
	    "5.1 is not applicable but has no justification");
	expect_error(HDR ",yes,implemented,x\n", 2, 1, "control id", "empty");
	expect_error("Control,Applicable,Justification\n5.1,yes,x\n", 1, 1,
	    "status", "the header has no status column");
	expect_error("ID,Applicable,id,Status\n", 1, 15, "control id",
	    "two columns give");
	expect_error(HDR "5.1,yes,implemented,\"open\n", 2, 21, NULL,
	    "quoted field is not closed");
	expect_error(HDR "5.1,yes,implemented,a\"b\n", 2, 22, NULL,
	    "quote inside an unquoted field");
	expect_error(HDR "5.1,yes,implemented,\"a\"b\n", 2, 24, NULL,
	    "after a closing quote");
	expect_error("", 1, 1, NULL, "empty file");
}

/* A SoA text with every Annex A control at status st, except overrides. */
static char *
soa_all(const char *st, const char *extra)
{
	const struct assure_catalog *cat = cat_get();
	struct assure_buf b;
	size_t i;

	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HDR);
	assure_buf_adds(&b, extra);
	for (i = 0; i < cat->niso; i++) {
		char id[16];

		snprintf(id, sizeof(id), "%s,", cat->iso[i].id);
		if (strstr(extra, id) == extra || strstr(extra, id) != NULL)
			continue;
		assure_buf_printf(&b, "%s,yes,%s,x\n", cat->iso[i].id, st);
	}
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	return assure_buf_detach(&b, NULL);
}

static const struct gap_row *
row(const struct gap_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].tsc->id, id) == 0)
			return &r->rows[i];
	return NULL;
}

static void
test_soa_rules(void **state)
{
	struct gap_report r;
	struct assure_diag d;
	struct soa s;
	char *text;

	(void)state;
	/* Everything implemented. */
	text = soa_all("implemented", "7.6,no,,cloud only\n");
	assert_int_equal(soa(text, &s, &d), ASSURE_OK);
	assert_int_equal(gap_from_soa(cat_get(), TSC_SECURITY, &s, NULL, &r,
	    &d), ASSURE_OK);
	assert_int_equal(r.nrows, 33);
	/* 5.18 is equal to CC6.2: covered on its own. */
	assert_int_equal(row(&r, "CC6.2")->status, GAP_COVERED);
	assert_non_null(strstr(row(&r, "CC6.2")->reason, "5.18 (equal)"));
	/* CC1.1 has only intersect and subset pairs: partial at best. */
	assert_int_equal(row(&r, "CC1.1")->status, GAP_PARTIAL);
	assert_non_null(strstr(row(&r, "CC1.1")->reason, "no single Annex A "
	    "control meets it on its own"));
	/* No Annex A counterpart: a gap, and a SOC 2-specific item. */
	assert_int_equal(row(&r, "CC1.2")->status, GAP_GAP);
	assert_int_equal(r.nitems, 3 + 3);
	assert_string_equal(r.items[3].id, "CC1.2");
	assert_string_equal(r.items[0].id, "system_description");
	/* no scope: CUECs and sub-service monitoring are open */
	assert_int_equal(r.items[1].status, GAP_ITEM_OPEN);
	assert_int_equal(r.items[2].status, GAP_ITEM_OPEN);
	/* 7.6 is not applicable and pairs with CC6.4. */
	assert_int_equal(r.nexcluded, 1);
	assert_string_equal(r.excluded[0]->iso->id, "7.6");
	assert_int_equal(r.unlisted, 0);
	assert_null(row(&r, "A1.1"));
	gap_report_release(&r);
	/* Adding a category adds its criteria. */
	assert_int_equal(gap_from_soa(cat_get(), TSC_SECURITY |
	    TSC_AVAILABILITY | TSC_PRIVACY, &s, NULL, &r, &d), ASSURE_OK);
	assert_int_equal(r.nrows, 33 + 3 + 18);
	assert_int_equal(row(&r, "A1.1")->status, GAP_COVERED);
	assert_int_equal(row(&r, "P1.1")->status, GAP_GAP);
	assert_int_equal(r.counts[GAP_COVERED] + r.counts[GAP_PARTIAL] +
	    r.counts[GAP_GAP], r.nrows);
	assert_int_equal(r.by_category[ASSURE_TSC_PRIVACY][GAP_COVERED] +
	    r.by_category[ASSURE_TSC_PRIVACY][GAP_PARTIAL] +
	    r.by_category[ASSURE_TSC_PRIVACY][GAP_GAP], 18);
	gap_report_release(&r);
	soa_release(&s);
	free(text);

	/* The equal control only partial: CC6.2 partial, 5.18 decisive. */
	text = soa_all("not_implemented", "5.18,yes,partial,x\n");
	assert_int_equal(soa(text, &s, &d), ASSURE_OK);
	assert_int_equal(gap_from_soa(cat_get(), TSC_SECURITY, &s, NULL, &r,
	    &d), ASSURE_OK);
	assert_int_equal(row(&r, "CC6.2")->status, GAP_PARTIAL);
	assert_non_null(strstr(row(&r, "CC6.2")->reason, "5.18 would meet "
	    "it on its own once implemented"));
	assert_int_equal(row(&r, "CC6.1")->status, GAP_GAP);
	assert_int_equal(r.counts[GAP_PARTIAL], 2);	/* CC6.2, CC6.3 */
	gap_report_release(&r);
	soa_release(&s);
	free(text);

	/* Planned counts for nothing; unlisted controls are counted. */
	assert_int_equal(soa(HDR "5.18,yes,planned,x\n", &s, &d), ASSURE_OK);
	assert_int_equal(gap_from_soa(cat_get(), TSC_SECURITY, &s, NULL, &r,
	    &d), ASSURE_OK);
	assert_int_equal(r.counts[GAP_GAP], 33);
	assert_int_equal(r.unlisted, ASSURE_CATALOG_ISO_COUNT - 1);
	gap_report_release(&r);
	soa_release(&s);
}

static void
test_controls_rules(void **state)
{
	static const char text[] =
	    "- {id: A, title: A, owner: o, frequency: daily, tsc: [CC1.1]}\n"
	    "- {id: B, title: B, owner: o, frequency: daily, status: partial, "
	    "tsc: [CC1.2, CC1.1]}\n"
	    "- {id: C, title: C, owner: o, frequency: daily, status: planned, "
	    "tsc: [CC1.3, A1.1]}\n";
	struct control_set set;
	struct gap_report r;
	struct assure_diag d;

	(void)state;
	control_set_init(&set);
	assert_int_equal(controls_parse(&set, text, strlen(text), "c.yaml",
	    cat_get(), &d), ASSURE_OK);
	assert_int_equal(gap_from_controls(cat_get(), TSC_SECURITY, &set,
	    NULL, &r, &d), ASSURE_OK);
	assert_int_equal(row(&r, "CC1.1")->status, GAP_COVERED);
	assert_int_equal(row(&r, "CC1.1")->ncontrols, 2);
	assert_true(row(&r, "CC1.1")->controls[0].decisive);
	assert_false(row(&r, "CC1.1")->controls[1].decisive);
	assert_int_equal(row(&r, "CC1.2")->status, GAP_PARTIAL);
	assert_int_equal(row(&r, "CC1.3")->status, GAP_GAP);
	assert_string_equal(row(&r, "CC1.3")->reason, "only planned: C");
	assert_string_equal(row(&r, "CC2.1")->reason, "no control maps it");
	assert_int_equal(r.counts[GAP_GAP], 33 - 2);
	assert_null(row(&r, "A1.1"));
	assert_int_equal(r.nitems, 3);
	gap_report_release(&r);
	control_set_release(&set);
}

static void
test_report_json_lists_every_criterion(void **state)
{
	struct control_set set;
	struct gap_report r;
	struct assure_diag d;
	struct assure_buf out;
	struct gapdoc g;
	struct config cfg;
	size_t i, n = 0;
	const char *p;

	(void)state;
	control_set_init(&set);
	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, "O <&>", sizeof(cfg.organisation));
	assure_strlcpy(cfg.system, "S", sizeof(cfg.system));
	cfg.categories = TSC_SECURITY | TSC_CONFIDENTIALITY;
	assert_int_equal(gap_from_controls(cat_get(), cfg.categories, &set,
	    NULL, &r, &d), ASSURE_OK);
	memset(&g, 0, sizeof(g));
	g.cfg = &cfg;
	g.cat = cat_get();
	g.gap = &r;
	g.controls = &set;
	assure_buf_init(&out, 0);
	report_gap(&g, DOC_JSON, &out);
	assert_int_equal(assure_buf_err(&out), ASSURE_OK);
	for (p = assure_buf_str(&out); (p = strstr(p, "\"status\": \"gap\""))
	    != NULL; p++)
		n++;
	assert_int_equal(n, 35);
	assure_buf_reset(&out);
	report_gap(&g, DOC_HTML, &out);
	assert_null(strstr(assure_buf_str(&out), "O <&>"));
	assert_non_null(strstr(assure_buf_str(&out), "O &lt;&amp;&gt;"));
	assert_null(strstr(assure_buf_str(&out), "<script"));
	for (i = 0; i < r.nrows; i++) {
		char id[32];

		snprintf(id, sizeof(id), "<td>%s ", r.rows[i].tsc->id);
		assert_non_null(strstr(assure_buf_str(&out), id));
	}
	assure_buf_free(&out);
	gap_report_release(&r);
	control_set_release(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soa_reader),
		cmocka_unit_test(test_soa_errors),
		cmocka_unit_test(test_soa_rules),
		cmocka_unit_test(test_controls_rules),
		cmocka_unit_test(test_report_json_lists_every_criterion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
