/*
 * test_limits.c: every input limit of the parsers, just under (accepted)
 * and just over (refused with ASSURE_ERR_LIMIT and a message naming the
 * limit).  The inputs are generated in memory.  docs/RELIABILITY.md has
 * the table; the limits too large to reach here (INGEST_FILE_MAX, the
 * record counts) are listed there with why.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "parse/credreport.h"
#include "parse/csvread.h"
#include "parse/jstream.h"
#include "parse/vparse.h"
#include "scope/ywalk.h"
#include "workspace/config.h"

struct outcome {
	enum assure_err	rc;
	char		diag[1024];
};

static void
outcome_set(struct outcome *o, enum assure_err rc,
    const struct assure_diag *d)
{
	o->rc = rc;
	o->diag[0] = '\0';
	if (rc != ASSURE_OK)
		assure_diag_format(d, o->diag, sizeof(o->diag));
}

/* Accepted, or refused for another reason than a limit. */
static void
expect_under(const struct outcome *o, const char *what)
{
	if (o->rc == ASSURE_ERR_LIMIT) {
		printf("%s: just under the limit, refused: %s\n", what,
		    o->diag);
		fail();
	}
}

static void
expect_ok(const struct outcome *o, const char *what)
{
	if (o->rc != ASSURE_OK) {
		printf("%s: just under the limit: rc %d, '%s'\n", what, o->rc,
		    o->diag);
		fail();
	}
}

static void
expect_over(const struct outcome *o, const char *what, const char *needle)
{
	if (o->rc != ASSURE_ERR_LIMIT || strstr(o->diag, needle) == NULL) {
		printf("%s: just over the limit: rc %d, '%s' (wanted "
		    "ASSURE_ERR_LIMIT and '%s')\n", what, o->rc, o->diag,
		    needle);
		fail();
	}
}

static void
rep(struct assure_buf *b, const char *s, size_t n)
{
	while (n-- > 0)
		assure_buf_add(b, s, strlen(s));
}

/* ----------------------------------------------------------------- CSV */

static enum assure_err
csv_rec(struct csvread *cr, void *arg, struct assure_diag *d)
{
	(void)cr;
	(void)d;
	(*(unsigned long *)arg)++;
	return ASSURE_OK;
}

static void
csv_parse(const struct assure_buf *b, size_t record_max, struct outcome *o)
{
	struct csvread *cr;
	struct assure_diag d;
	unsigned long n = 0;
	enum assure_err rc;

	assure_diag_clear(&d);
	cr = csvread_new("mem", record_max, csv_rec, &n);
	assert_non_null(cr);
	rc = csvread_feed(cr, (const unsigned char *)b->data, b->len, &d);
	if (rc == ASSURE_OK)
		rc = csvread_finish(cr, &d);
	csvread_free(cr);
	outcome_set(o, rc, &d);
	if (rc == ASSURE_OK)
		assert_int_equal(n, 1);
}

static void
test_csv_fields(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t n;

	(void)state;
	for (n = CSVREAD_FIELDS_MAX; n <= CSVREAD_FIELDS_MAX + 1; n++) {
		assure_buf_init(&b, 0);
		assure_buf_addc(&b, 'a');
		rep(&b, ",a", n - 1);
		assure_buf_addc(&b, '\n');
		csv_parse(&b, 64 * 1024, &o);
		if (n == CSVREAD_FIELDS_MAX) {
			expect_ok(&o, __func__);
			expect_under(&o, "CSVREAD_FIELDS_MAX");
		} else
			expect_over(&o, "CSVREAD_FIELDS_MAX",
			    "mem:1:513: row: expected at most 256 fields");
		assure_buf_free(&b);
	}
}

/*
 * A record of record_max bytes, its line break included, and one more
 * (the limits the CSV kinds pass: 64 KiB, the registers' 256 KiB).
 */
static void
test_csv_record(void **state)
{
	static const size_t maxes[] = { 64 * 1024, 256 * 1024 };
	struct assure_buf b;
	struct outcome o;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		for (n = maxes[i] - 1; n <= maxes[i]; n++) {
			assure_buf_init(&b, 0);
			rep(&b, "x", n);
			assure_buf_addc(&b, '\n');
			csv_parse(&b, maxes[i], &o);
			if (n == maxes[i] - 1)
				expect_ok(&o, __func__);
			else
				expect_over(&o, "CSV record_max",
				    "row: expected a record of at most");
			assure_buf_free(&b);
		}
	}
}

/* ------------------------------------------- the credential report (CSV) */

static const char cred_header[] = "user,arn,user_creation_time,"
    "password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,"
    "access_key_1_last_rotated,access_key_1_last_used_date,"
    "access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,"
    "access_key_2_last_used_date,access_key_2_last_used_region,"
    "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated\n";

static void
cred_parse(const struct assure_buf *b, struct outcome *o)
{
	struct credreport_parser *p;
	struct assure_diag d;
	enum assure_err rc;

	assure_diag_clear(&d);
	p = credreport_parser_new("mem", NULL, NULL);
	assert_non_null(p);
	rc = credreport_parser_feed(p, b->data, b->len, &d);
	if (rc == ASSURE_OK)
		rc = credreport_parser_finish(p, &d);
	credreport_parser_free(p);
	outcome_set(o, rc, &d);
}

/* A row whose user name is n bytes long. */
static void
cred_row(struct assure_buf *b, size_t n)
{
	assure_buf_add(b, cred_header, strlen(cred_header));
	rep(b, "u", n);
	assure_buf_printf(b, ",arn:aws:iam::555566667777:user/u,"
	    "2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,false,N/A,N/A,"
	    "N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
}

static void
test_credreport_field(void **state)
{
	struct assure_buf b;
	struct outcome o;

	(void)state;
	assure_buf_init(&b, 0);
	cred_row(&b, CREDREPORT_FIELD_MAX);
	cred_parse(&b, &o);
	expect_under(&o, "CREDREPORT_FIELD_MAX");
	assure_buf_free(&b);
	assure_buf_init(&b, 0);
	cred_row(&b, CREDREPORT_FIELD_MAX + 1);
	cred_parse(&b, &o);
	expect_over(&o, "CREDREPORT_FIELD_MAX", "8192");
	assure_buf_free(&b);
}

/* ---------------------------------------------------------------- JSON */

static enum assure_err
json_rec(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	(void)js;
	(void)r;
	(void)d;
	(*(unsigned long *)arg)++;
	return ASSURE_OK;
}

/* Records are the elements of the top-level array. */
static void
json_parse(const struct assure_buf *b, struct outcome *o)
{
	static const char *const pats[] = { "[]", NULL };
	struct jstream *js;
	struct assure_diag d;
	unsigned long n = 0;
	enum assure_err rc;

	assure_diag_clear(&d);
	js = jstream_new("mem", pats, json_rec, &n);
	assert_non_null(js);
	rc = jstream_feed(js, b->data, b->len, &d);
	if (rc == ASSURE_OK)
		rc = jstream_finish(js, &d);
	jstream_free(js);
	outcome_set(o, rc, &d);
}

/* [{"a": [[...]]}]: the root array, the record and k arrays. */
static void
test_json_depth(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t k;

	(void)state;
	for (k = JSTREAM_DEPTH_MAX - 2; k <= JSTREAM_DEPTH_MAX - 1; k++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "[{\"a\":");
		rep(&b, "[", k);
		rep(&b, "]", k);
		assure_buf_printf(&b, "}]");
		json_parse(&b, &o);
		if (k == JSTREAM_DEPTH_MAX - 2)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "JSTREAM_DEPTH_MAX",
			    "JSON nested deeper than 64 levels");
		assure_buf_free(&b);
	}
}

/* One record {"a": [0, 0, ...]}: its fields are "a" and its n items. */
static void
test_json_fields(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t n;

	(void)state;
	for (n = JSTREAM_FIELDS_MAX - 1; n <= JSTREAM_FIELDS_MAX; n++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "[{\"a\":[0");
		rep(&b, ",0", n - 1);
		assure_buf_printf(&b, "]}]");
		json_parse(&b, &o);
		if (n == JSTREAM_FIELDS_MAX - 1)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "JSTREAM_FIELDS_MAX",
			    "record longer than 4194304 bytes or 65536 fields");
		assure_buf_free(&b);
	}
}

/*
 * A field whose path from the document's root, as patterns spell it
 * ("[].kkk...": the top-level array, then the key), is 1023 bytes, then
 * 1024.
 */
static void
test_json_path(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t n;

	(void)state;
	for (n = JSTREAM_PATH_MAX - 4; n <= JSTREAM_PATH_MAX - 3; n++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "[{\"");
		rep(&b, "k", n);
		assure_buf_printf(&b, "\":1}]");
		json_parse(&b, &o);
		if (n == JSTREAM_PATH_MAX - 4)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "JSTREAM_PATH_MAX",
			    "path longer than 1023 bytes");
		assure_buf_free(&b);
	}
}

/*
 * A record of one string a little under, then over, JSTREAM_RECORD_MAX
 * bytes; a string over JSTREAM_TOKEN_MAX is refused as a token before it
 * is even a field.
 */
static void
test_json_record_token(void **state)
{
	struct assure_buf b;
	struct outcome o;

	(void)state;
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "[{\"a\":\"");
	rep(&b, "v", JSTREAM_RECORD_MAX - 64);
	assure_buf_printf(&b, "\"}]");
	json_parse(&b, &o);
	expect_ok(&o, __func__);
	assure_buf_free(&b);

	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "[{\"a\":\"v\",\"b\":\"");
	rep(&b, "v", JSTREAM_RECORD_MAX - 4);
	assure_buf_printf(&b, "\"}]");
	json_parse(&b, &o);
	expect_over(&o, "JSTREAM_RECORD_MAX", "record longer than 4194304");
	assure_buf_free(&b);

	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "[{\"a\":\"");
	rep(&b, "v", JSTREAM_TOKEN_MAX + 1);
	assure_buf_printf(&b, "\"}]");
	json_parse(&b, &o);
	expect_over(&o, "JSTREAM_TOKEN_MAX",
	    "a JSON string or number longer than 4194304 bytes");
	assure_buf_free(&b);
}

/* The envelope: what lies outside the records, {"x": "...", "v": []}. */
static void
test_json_envelope(void **state)
{
	static const char *const pats[] = { "v[]", NULL };
	struct assure_buf b;
	struct jstream *js;
	struct assure_diag d;
	struct outcome o;
	unsigned long n = 0;
	enum assure_err rc;
	int over;

	(void)state;
	for (over = 0; over <= 1; over++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "{\"x\":\"");
		rep(&b, "e", JSTREAM_ENVELOPE_MAX - (over ? 0 : 64));
		assure_buf_printf(&b, "\",\"v\":[]}");
		assure_diag_clear(&d);
		js = jstream_new("mem", pats, json_rec, &n);
		assert_non_null(js);
		rc = jstream_feed(js, b.data, b.len, &d);
		if (rc == ASSURE_OK)
			rc = jstream_finish(js, &d);
		jstream_free(js);
		outcome_set(&o, rc, &d);
		if (!over)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "JSTREAM_ENVELOPE_MAX",
			    "document outside the records longer than 1048576");
		assure_buf_free(&b);
	}
}

/* ---------------------------------------------------------------- YAML */

static void
yaml_parse(const struct assure_buf *b, size_t max, struct outcome *o)
{
	struct ywalk w;
	struct assure_diag d;
	yaml_node_t *root;
	enum assure_err rc;

	assure_diag_clear(&d);
	rc = ywalk_load(&w, b->data, b->len, max, "mem.yaml", &d, &root);
	if (rc == ASSURE_OK)
		ywalk_doc_free(&w);
	outcome_set(o, rc, &d);
}

/* k nested flow lists, and the same as block mappings. */
static void
test_yaml_depth(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t k, i;

	(void)state;
	for (k = YWALK_DEPTH_MAX; k <= YWALK_DEPTH_MAX + 1; k++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "a: ");
		rep(&b, "[", k - 1);
		rep(&b, "]", k - 1);
		assure_buf_addc(&b, '\n');
		yaml_parse(&b, 1024 * 1024, &o);
		if (k == YWALK_DEPTH_MAX)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "YWALK_DEPTH_MAX (flow)",
			    "mem.yaml:1:35: lists and mappings nested more "
			    "than 32 deep");
		assure_buf_free(&b);

		assure_buf_init(&b, 0);
		for (i = 0; i < k; i++) {
			rep(&b, " ", i);
			assure_buf_printf(&b, "k%zu:%s", i, i + 1 < k ? "\n" :
			    " v\n");
		}
		yaml_parse(&b, 1024 * 1024, &o);
		if (k == YWALK_DEPTH_MAX)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "YWALK_DEPTH_MAX (block)",
			    "nested more than 32 deep");
		assure_buf_free(&b);
	}
}

/* The size bound each register passes to ywalk_load. */
static void
test_yaml_size(void **state)
{
	struct assure_buf b;
	struct outcome o;

	(void)state;
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "a: ");
	rep(&b, "x", 1000 - 4);
	assure_buf_addc(&b, '\n');
	assert_int_equal(b.len, 1000);
	yaml_parse(&b, 1000, &o);
	expect_ok(&o, __func__);
	yaml_parse(&b, 999, &o);
	expect_over(&o, "the file size", "mem.yaml: larger than 999 bytes");
	assure_buf_free(&b);
}

static enum assure_err
yaml_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	const char *s;
	size_t len;

	return ywalk_text(w, item, "list", *(size_t *)arg, 0, &s, &len);
}

/* Items of a list and the length of a string in it. */
static void
test_yaml_items_text(void **state)
{
	struct assure_buf b;
	struct assure_diag d;
	struct ywalk w;
	yaml_node_t *root;
	struct outcome o;
	size_t items, textmax;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assure_buf_init(&b, 0);
		items = i == 1 ? 501 : 500;
		textmax = 200;
		assure_buf_printf(&b, "- ");
		rep(&b, "t", i == 3 ? 200 : 199);
		assure_buf_addc(&b, '\n');
		rep(&b, "- x\n", items - 1);
		assure_diag_clear(&d);
		assert_int_equal(ywalk_load(&w, b.data, b.len, 1024 * 1024,
		    "mem.yaml", &d, &root), ASSURE_OK);
		outcome_set(&o, ywalk_each_item(&w, root, "list", 500,
		    yaml_item, &textmax), &d);
		ywalk_doc_free(&w);
		if (i == 0 || i == 2)
			expect_ok(&o, __func__);
		else if (i == 1)
			expect_over(&o, "items", "mem.yaml:501:3: list: more "
			    "than 500 items");
		else
			expect_over(&o, "text", "mem.yaml:1:3: list: longer "
			    "than 199 characters");
		assure_buf_free(&b);
	}
}

/* assure.yaml loads its own document: the same depth bound. */
static void
test_config_depth(void **state)
{
	struct assure_buf b;
	struct assure_diag d;
	struct config c;
	struct outcome o;

	(void)state;
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "organisation: Acme\nx: ");
	rep(&b, "[", YWALK_DEPTH_MAX);
	rep(&b, "]", YWALK_DEPTH_MAX);
	assure_buf_addc(&b, '\n');
	assure_diag_clear(&d);
	outcome_set(&o, config_parse(b.data, b.len, "assure.yaml", &c, &d),
	    &d);
	expect_over(&o, "YWALK_DEPTH_MAX (assure.yaml)",
	    "assure.yaml:2:35: lists and mappings nested more than 32 deep");
	assure_buf_free(&b);
}

/* -------------------------------------------------- XML (Nessus) and Lynis */

static enum assure_err
v_scan(const struct vuln_scan *s, void *arg, struct assure_diag *d)
{
	(void)s;
	(void)arg;
	(void)d;
	return ASSURE_OK;
}

static enum assure_err
v_finding(const struct vuln_finding *f, void *arg, struct assure_diag *d)
{
	(void)f;
	(void)d;
	(*(unsigned long *)arg)++;
	return ASSURE_OK;
}

static void
vuln_parse(enum vuln_format fmt, const struct assure_buf *b,
    struct outcome *o, unsigned long *ret_findings)
{
	unsigned long n = 0;
	struct vuln_sink sink = { v_scan, v_finding, &n };
	struct vuln_opts vo = { "mem", "asset" };
	struct vuln_parser *p = NULL;
	struct assure_diag d;
	enum assure_err rc;

	assure_diag_clear(&d);
	rc = vuln_parser_new(fmt, &vo, &sink, &p, &d);
	if (rc == ASSURE_OK)
		rc = vuln_parser_feed(p, b->data, b->len, &d);
	if (rc == ASSURE_OK)
		rc = vuln_parser_finish(p, &d);
	vuln_parser_free(p);
	outcome_set(o, rc, &d);
	if (ret_findings != NULL)
		*ret_findings = n;
}

/* Elements nested k deep under the root (which is one level). */
static void
test_xml_depth_attrs(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t k;
	int i;

	(void)state;
	for (k = 127; k <= 128; k++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "<NessusClientData_v2>");
		rep(&b, "<a>", k);
		rep(&b, "</a>", k);
		assure_buf_printf(&b, "</NessusClientData_v2>");
		vuln_parse(VULN_FMT_NESSUS, &b, &o, NULL);
		if (k == 127)
			expect_under(&o, "VXML_DEPTH_MAX");
		else
			expect_over(&o, "VXML_DEPTH_MAX", "a: expected "
			    "elements nested at most 128 deep");
		assure_buf_free(&b);
	}
	for (i = 64; i <= 65; i++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "<NessusClientData_v2><a");
		for (k = 0; k < (size_t)i; k++)
			assure_buf_printf(&b, " a%zu=\"1\"", k);
		assure_buf_printf(&b, "/></NessusClientData_v2>");
		vuln_parse(VULN_FMT_NESSUS, &b, &o, NULL);
		if (i == 64)
			expect_under(&o, "VXML_ATTRS_MAX");
		else
			expect_over(&o, "VXML_ATTRS_MAX", "a: expected at "
			    "most 64 attributes, got 65");
		assure_buf_free(&b);
	}
}

/* A Lynis line of n bytes (its newline not counted). */
static void
test_lynis_line(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t n;

	(void)state;
	for (n = 64 * 1024; n <= 64 * 1024 + 1; n++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "hostname=h\nx=");
		rep(&b, "y", n - 2);
		assure_buf_printf(&b, "\nfinish=true\n");
		vuln_parse(VULN_FMT_LYNIS, &b, &o, NULL);
		if (n == 64 * 1024)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "LYNIS_LINE_MAX", "mem:2:1: line: "
			    "expected a line of at most 65536 bytes");
		assure_buf_free(&b);
	}
}

/* hostname= of 511 and 512 bytes. */
static void
test_lynis_field(void **state)
{
	struct assure_buf b;
	struct outcome o;
	size_t n;

	(void)state;
	for (n = 511; n <= 512; n++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "hostname=");
		rep(&b, "h", n);
		assure_buf_printf(&b, "\nfinish=true\n");
		vuln_parse(VULN_FMT_LYNIS, &b, &o, NULL);
		if (n == 511)
			expect_ok(&o, __func__);
		else
			expect_over(&o, "LYNIS_FIELD_MAX", "hostname: "
			    "expected at most 511 bytes");
		assure_buf_free(&b);
	}
}

/* 100,000 warnings kept, then one more. */
static void
test_lynis_items(void **state)
{
	struct assure_buf b;
	struct outcome o;
	unsigned long found;
	size_t n;

	(void)state;
	for (n = 100000; n <= 100001; n++) {
		assure_buf_init(&b, 0);
		assure_buf_printf(&b, "hostname=h\n");
		rep(&b, "warning[]=A-1|t|-|-|\n", n);
		assure_buf_printf(&b, "finish=true\n");
		vuln_parse(VULN_FMT_LYNIS, &b, &o, &found);
		if (n == 100000) {
			expect_ok(&o, __func__);
			assert_int_equal(found, n);
		} else
			expect_over(&o, "LYNIS_ITEMS_MAX",
			    "expected at most 100000");
		assure_buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_csv_record),
		cmocka_unit_test(test_credreport_field),
		cmocka_unit_test(test_json_depth),
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_json_path),
		cmocka_unit_test(test_json_record_token),
		cmocka_unit_test(test_json_envelope),
		cmocka_unit_test(test_yaml_depth),
		cmocka_unit_test(test_yaml_size),
		cmocka_unit_test(test_yaml_items_text),
		cmocka_unit_test(test_config_depth),
		cmocka_unit_test(test_xml_depth_attrs),
		cmocka_unit_test(test_lynis_line),
		cmocka_unit_test(test_lynis_field),
		cmocka_unit_test(test_lynis_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
