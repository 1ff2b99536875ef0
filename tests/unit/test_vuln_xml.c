/*
 * test_vuln_xml.c: the XML scanner parsers (Nessus, OpenVAS, OpenSCAP,
 * ZAP XML; src/parse/vxml.c) and Lynis (src/parse/lynis.c): refusal of
 * billion-laughs and external-entity documents, every field on the
 * project's own fixtures in tests/data/vuln/ and inline documents,
 * severities, located errors, chunked feeding (every split point) equal
 * to whole feeding, a sink error stopping the parse, and the genuine
 * samples in ../shared when it is present.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/buf.h"
#include "common/timeutil.h"
#include "parse/vparse.h"

struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	unsigned long		n;
	unsigned long		fail_at;	/* 1-based record to reject */
	unsigned long		records;
	bool			has_as_of;
	int64_t			as_of;
};

static const char *
s_(const char *s)
{
	return s != NULL ? s : "-";
}

static void
put_time(struct assure_buf *b, const char *k, struct opt_time t)
{
	char s[ASSURE_TIME_STRLEN];

	if (!t.has) {
		assure_buf_printf(b, " %s=-", k);
		return;
	}
	assure_time_format(t.t, s);
	assure_buf_printf(b, " %s=%s", k, s);
}

static enum assure_err
counted(struct result *r, struct assure_diag *d)
{
	r->n++;
	if (r->fail_at != 0 && r->n == r->fail_at)
		return assure_diag_set(d, ASSURE_ERR_DB, "sink", 0, 0, NULL,
		    "rejected");
	return ASSURE_OK;
}

static enum assure_err
on_scan(const struct vuln_scan *s, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assert_non_null(s->tool);
	assert_non_null(s->asset);
	assure_buf_printf(&r->out, "S@%lu %s ver=%s asset=%s", s->line,
	    s->tool, s_(s->tool_version), s->asset);
	put_time(&r->out, "started", s->started);
	put_time(&r->out, "finished", s->finished);
	assure_buf_printf(&r->out, " complete=%s\n", s->complete ==
	    TRI_ABSENT ? "-" : s->complete == TRI_TRUE ? "1" : "0");
	return counted(r, d);
}

static enum assure_err
on_finding(const struct vuln_finding *f, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assert_non_null(f->rule);
	assert_non_null(f->location);
	assure_buf_printf(&r->out, "F%lu@%lu rule=%s title=%s sev=%s raw=%s "
	    "cvss=%.1f loc=%s fixed=%s status=%s cves=%s\n", f->index,
	    f->line, f->rule, s_(f->title), s_(vuln_sev_name(f->severity)),
	    s_(f->severity_raw), f->cvss, f->location, s_(f->fixed_in),
	    s_(f->status), s_(f->cves));
	return counted(r, d);
}

static char *
read_all(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*ret_len = (size_t)n;
	return data;
}

static void
result_init(struct result *r)
{
	unsigned long fail_at = r->fail_at;

	memset(r, 0, sizeof(*r));
	r->fail_at = fail_at;
	assure_buf_init(&r->out, 0);
}

static void
result_free(struct result *r)
{
	assure_buf_free(&r->out);
}

/* Parse data into r: split at cut (when cut <= len), else in chunks of
 * chunk bytes (0: whole). */
static void
parse_split(enum vuln_format fmt, const struct vuln_opts *o,
    const char *data, size_t len, size_t chunk, size_t cut,
    struct result *r)
{
	struct vuln_sink sink = { on_scan, on_finding, r };
	struct vuln_parser *p = NULL;
	struct assure_diag d;
	size_t off = 0, n;

	result_init(r);
	assure_diag_clear(&d);
	r->rc = vuln_parser_new(fmt, o, &sink, &p, &d);
	if (r->rc == ASSURE_OK && cut <= len) {
		r->rc = vuln_parser_feed(p, data, cut, &d);
		if (r->rc == ASSURE_OK)
			r->rc = vuln_parser_feed(p, data + cut, len - cut, &d);
	} else
		while (r->rc == ASSURE_OK && off < len) {
			n = chunk == 0 || len - off < chunk ? len - off :
			    chunk;
			r->rc = vuln_parser_feed(p, data + off, n, &d);
			off += n;
		}
	if (r->rc == ASSURE_OK)
		r->rc = vuln_parser_finish(p, &d);
	if (r->rc != ASSURE_OK)
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	if (p != NULL) {
		r->records = vuln_parser_records(p);
		r->has_as_of = vuln_parser_as_of(p, &r->as_of);
	}
	vuln_parser_free(p);
}

static void
same_result(const struct result *a, const struct result *b)
{
	if (a->rc != b->rc || strcmp(a->diag, b->diag) != 0 ||
	    strcmp(assure_buf_str(&a->out), assure_buf_str(&b->out)) != 0) {
		printf("whole: %d %s\n%s---\nsplit: %d %s\n%s", a->rc,
		    a->diag, assure_buf_str(&a->out), b->rc, b->diag,
		    assure_buf_str(&b->out));
		fail();
	}
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->has_as_of, b->has_as_of);
	assert_true(!a->has_as_of || a->as_of == b->as_of);
}

/* Whole into ret; split at every point and byte by byte must agree. */
static void
parse_every_way(enum vuln_format fmt, const struct vuln_opts *o,
    const char *data, size_t len, struct result *ret)
{
	struct result other = { .rc = ASSURE_OK };
	size_t cut;

	parse_split(fmt, o, data, len, 0, (size_t)-1, ret);
	for (cut = 0; cut <= len; cut++) {
		parse_split(fmt, o, data, len, 0, cut, &other);
		same_result(ret, &other);
		result_free(&other);
	}
	parse_split(fmt, o, data, len, 1, (size_t)-1, &other);
	same_result(ret, &other);
	result_free(&other);
}

static const struct vuln_opts no_opts;

static void
parse_fixture(enum vuln_format fmt, const struct vuln_opts *o0,
    const char *name, struct result *r)
{
	struct vuln_opts o = *o0;
	char *path, *data, rel[256];
	size_t len;

	snprintf(rel, sizeof(rel), "vuln/%s", name);
	path = tu_data_path(rel);
	data = read_all(path, &len);
	o.source = name;
	parse_every_way(fmt, &o, data, len, r);
	free(data);
	free(path);
}

static void
parse_text(enum vuln_format fmt, const struct vuln_opts *o0,
    const char *text, struct result *r)
{
	struct vuln_opts o = *o0;

	o.source = "mem";
	parse_every_way(fmt, &o, text, strlen(text), r);
}

static void
expect_line(const struct result *r, const char *needle)
{
	if (strstr(assure_buf_str(&r->out), needle) == NULL) {
		printf("expected '%s' in:\n%s(%s)\n", needle,
		    assure_buf_str(&r->out), r->diag);
		fail();
	}
}

static void
expect_ok(const struct result *r, unsigned long n)
{
	if (r->rc != ASSURE_OK || r->n != n) {
		printf("got %d '%s' and %lu records, expected %lu:\n%s",
		    r->rc, r->diag, r->n, n, assure_buf_str(&r->out));
		fail();
	}
	assert_int_equal(r->records, n);
}

static void
expect_diag(const struct result *r, enum assure_err rc, const char *diag)
{
	if (r->rc != rc || strstr(r->diag, diag) == NULL) {
		printf("got %d '%s', expected %d '%s'\n", r->rc, r->diag, rc,
		    diag);
		fail();
	}
}

/* An inline document, parsed whole (and split when split), fails so and
 * emits nothing. */
static void
expect_error(enum vuln_format fmt, const char *text, bool split,
    enum assure_err rc, const char *diag)
{
	struct vuln_opts o = no_opts;
	struct result r = { .rc = ASSURE_OK };

	o.source = "mem";
	if (split)
		parse_every_way(fmt, &o, text, strlen(text), &r);
	else
		parse_split(fmt, &o, text, strlen(text), 0, (size_t)-1, &r);
	expect_diag(&r, rc, diag);
	result_free(&r);
	if (!split) {
		parse_split(fmt, &o, text, strlen(text), 1, (size_t)-1, &r);
		expect_diag(&r, rc, diag);
		result_free(&r);
	}
}

static unsigned long
count(const struct result *r, const char *needle)
{
	const char *s = assure_buf_str(&r->out);
	unsigned long n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* ------------------------------------------------------------ security */

static const char billion_laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<NessusClientData_v2><Report name=\"r\"><ReportHost name=\"&lol9;\">"
    "<ReportItem pluginID=\"1\" port=\"0\" protocol=\"tcp\" "
    "severity=\"0\" pluginName=\"&lol9;\"/></ReportHost></Report>"
    "</NessusClientData_v2>\n";

static const char xxe[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
    "<OWASPZAPReport version=\"1\"><site name=\"&xxe;\"><alerts>"
    "<alertitem><pluginid>1</pluginid><riskcode>1</riskcode>"
    "<alert>&xxe;</alert></alertitem></alerts></site></OWASPZAPReport>\n";

static const char xxe_param[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">\n"
    "<report><report><results><result><host>&xxe;</host></result>"
    "</results></report></report>\n";

static const char undeclared[] =
    "<OWASPZAPReport><site name=\"&xxe;\"/></OWASPZAPReport>";

static void
test_billion_laughs(void **state)
{
	enum vuln_format f[] = { VULN_FMT_NESSUS, VULN_FMT_OPENVAS,
	    VULN_FMT_OPENSCAP, VULN_FMT_ZAP_XML };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		expect_error(f[i], billion_laughs, true, ASSURE_ERR_PARSE,
		    "mem:2:");
	expect_error(VULN_FMT_NESSUS, billion_laughs, false,
	    ASSURE_ERR_PARSE, "mem:2:16: DOCTYPE: expected no document "
	    "type declaration (DTDs and entities are refused), got "
	    "'<!DOCTYPE lolz'");
}

static void
test_xxe(void **state)
{
	struct result r = { .rc = ASSURE_OK };
	struct vuln_opts o = no_opts;

	expect_error(VULN_FMT_ZAP_XML, xxe, true, ASSURE_ERR_PARSE,
	    "mem:2:");
	expect_error(VULN_FMT_ZAP_XML, xxe, false, ASSURE_ERR_PARSE,
	    "DOCTYPE: expected no document type declaration");
	expect_error(VULN_FMT_OPENVAS, xxe_param, true, ASSURE_ERR_PARSE,
	    "mem:2:");
	expect_error(VULN_FMT_OPENVAS, xxe_param, false, ASSURE_ERR_PARSE,
	    "DOCTYPE: expected no document type declaration");
	/* an entity never declared is an error too, never a lookup */
	expect_error(VULN_FMT_ZAP_XML, undeclared, true, ASSURE_ERR_PARSE,
	    "mem:1:");
	/* nothing of /etc/passwd ever reaches a record or a diagnostic */
	o.source = "mem";
	parse_split(VULN_FMT_ZAP_XML, &o, xxe, strlen(xxe), 0, (size_t)-1,
	    &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.records, 0);
	assert_null(strstr(r.diag, "root:"));
	assert_null(strstr(r.diag, "failed to load"));
	result_free(&r);
}

static void
test_limits(void **state)
{
	struct assure_buf b;
	int i;

	/* depth */
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "<OWASPZAPReport>");
	for (i = 0; i < 200; i++)
		assure_buf_printf(&b, "<a>");
	expect_error(VULN_FMT_ZAP_XML, assure_buf_str(&b), false,
	    ASSURE_ERR_LIMIT, "mem:1:400: a: expected elements nested at "
	    "most 128 deep");
	assure_buf_free(&b);
	/* attributes */
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "<OWASPZAPReport");
	for (i = 0; i < 70; i++)
		assure_buf_printf(&b, " a%d=\"1\"", i);
	assure_buf_printf(&b, "/>");
	expect_error(VULN_FMT_ZAP_XML, assure_buf_str(&b), false,
	    ASSURE_ERR_LIMIT, "OWASPZAPReport: expected at most 64 "
	    "attributes, got 70");
	assure_buf_free(&b);
	/* text kept of one element */
	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "<OWASPZAPReport><site name=\"s\"><alerts>"
	    "<alertitem><pluginid>");
	for (i = 0; i < 70000; i++)
		assure_buf_printf(&b, "x");
	assure_buf_printf(&b, "</pluginid></alertitem></alerts></site>"
	    "</OWASPZAPReport>");
	expect_error(VULN_FMT_ZAP_XML, assure_buf_str(&b), false,
	    ASSURE_ERR_LIMIT, "pluginid: expected at most 65536 bytes of "
	    "text");
	assure_buf_free(&b);
}

/* -------------------------------------------------------------- nessus */

static void
test_nessus(void **state)
{
	struct result r = { .rc = ASSURE_OK };
	struct vuln_opts o = no_opts;

	parse_fixture(VULN_FMT_NESSUS, &no_opts, "small.nessus", &r);
	expect_ok(&r, 5);
	expect_line(&r, "S@5 nessus ver=- asset=web1.example.com "
	    "started=2022-01-20T10:30:00Z finished=2022-01-20T11:00:00Z "
	    "complete=-\n");
	expect_line(&r, "F0@10 rule=nessus:19506 title=Nessus Scan "
	    "Information sev=info raw=None cvss=-1.0 loc=0/tcp fixed=- "
	    "status=- cves=-\n");
	expect_line(&r, "F1@13 rule=nessus:58987 title=PHP Unsupported & Old "
	    "sev=critical raw=Critical cvss=9.8 loc=443/tcp fixed=- status=- "
	    "cves=CVE-2012-1823,CVE-2012-2311\n");
	/* no risk_factor: the severity number */
	expect_line(&r, "F2@20 rule=nessus:70658 title=SSH CBC sev=medium "
	    "raw=2 cvss=-1.0 loc=22/tcp");
	/* the epoch tag wins over the ctime one; no items: still a scan */
	expect_line(&r, "S@23 nessus ver=- asset=10.0.0.6 "
	    "started=2022-01-20T10:40:00Z finished=- complete=-\n");
	assert_true(r.has_as_of);
	result_free(&r);

	o.asset = "override";
	parse_fixture(VULN_FMT_NESSUS, &o, "small.nessus", &r);
	assert_int_equal(count(&r, "asset=override"), 2);
	result_free(&r);

	/* the ctime with a zone */
	parse_text(VULN_FMT_NESSUS, &no_opts, "<NessusClientData_v2><Report>"
	    "<ReportHost><HostProperties><tag name=\"host-fqdn\">a.b</tag>"
	    "<tag name=\"HOST_END\">Thu Jan 20 10:30:00 2022 +0100</tag>"
	    "</HostProperties></ReportHost></Report></NessusClientData_v2>",
	    &r);
	expect_ok(&r, 1);
	expect_line(&r, "asset=a.b started=- finished=2022-01-20T09:30:00Z");
	result_free(&r);
}

static void
test_nessus_errors(void **state)
{
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2><Report>"
	    "<ReportHost name=\"h\"><HostProperties>\n<tag name=\"HOST_END\">"
	    "yesterday</tag></HostProperties></ReportHost></Report>"
	    "</NessusClientData_v2>", true, ASSURE_ERR_PARSE,
	    "mem:2:37: HOST_END: expected a time like 'Thu Jan 20 10:30:00 "
	    "2022', got 'yesterday'");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2><Report>"
	    "<ReportHost name=\"h\"><ReportItem pluginID=\"1\" severity=\"7\"/>"
	    "</ReportHost></Report></NessusClientData_v2>", true,
	    ASSURE_ERR_PARSE, "mem:1:90: severity: expected 0 to 4, got '7'");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2><Report>"
	    "<ReportHost name=\"h\"><ReportItem severity=\"1\"/>"
	    "</ReportHost></Report></NessusClientData_v2>", true,
	    ASSURE_ERR_PARSE, "pluginID: expected a plugin id, got ''");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2><Report>"
	    "<ReportHost><ReportItem pluginID=\"1\"/>"
	    "</ReportHost></Report></NessusClientData_v2>", true,
	    ASSURE_ERR_PARSE, "ReportHost: expected a host name");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2><Report>"
	    "<ReportHost name=\"h\"><ReportItem pluginID=\"1\">"
	    "<cvss_base_score>high</cvss_base_score></ReportItem>"
	    "</ReportHost></Report></NessusClientData_v2>", true,
	    ASSURE_ERR_PARSE, "cvss_base_score: expected a CVSS score 0 to "
	    "10, got 'high'");
	/* wrong root, malformed, empty, truncated */
	expect_error(VULN_FMT_NESSUS, "<?xml version=\"1.0\"?>\n<NessusClientData>"
	    "</NessusClientData>", true, ASSURE_ERR_PARSE, "mem:2:18: root: "
	    "expected a Nessus v2 report (NessusClientData_v2), got "
	    "'NessusClientData'");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2>\n<Report></Repor>"
	    "</NessusClientData_v2>", false, ASSURE_ERR_PARSE, "mem:2:");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2>\n<Report></Repor>"
	    "</NessusClientData_v2>", false, ASSURE_ERR_PARSE, "xml: "
	    "expected well-formed XML, got: ");
	expect_error(VULN_FMT_NESSUS, "", true, ASSURE_ERR_PARSE, "mem:");
	expect_error(VULN_FMT_NESSUS, "<NessusClientData_v2><Report>", true,
	    ASSURE_ERR_PARSE, "mem:1:");
}

/* ------------------------------------------------------------- openvas */

static void
test_openvas(void **state)
{
	struct result r = { .rc = ASSURE_OK };
	char s[ASSURE_TIME_STRLEN];

	parse_fixture(VULN_FMT_OPENVAS, &no_opts, "small_openvas.xml", &r);
	expect_ok(&r, 8);
	expect_line(&r, "S@6 openvas ver=- asset=10.0.0.1 "
	    "started=2023-09-28T14:48:02Z finished=- complete=-\n"
	    "F0@6 rule=1.3.6.1.4.1.25623.1.0.832260 title=Firefox Update "
	    "sev=critical raw=High cvss=10.0 loc=general/tcp fixed=- "
	    "status=- cves=CVE-2023-4573,CVE-2023-4574\n");
	expect_line(&r, "S@10 openvas ver=- asset=10.0.0.2 "
	    "started=2023-09-28T14:48:02Z finished=- complete=-\n"
	    "F1@10 rule=1.3.6.1.4.1.25623.1.0.105611 title=SSH weak sev=medium "
	    "raw=Medium cvss=4.3 loc=22/tcp fixed=- status=- "
	    "cves=CVE-2008-5161,CVE-2008-5162\n");
	/* back to the first host: its scan record again */
	expect_line(&r, "S@13 openvas ver=- asset=10.0.0.1 "
	    "started=2023-09-28T14:48:02Z finished=- complete=-\n"
	    "F2@13 rule=1.3.6.1.4.1.25623.1.0.105937 title=OS detection "
	    "sev=info raw=Log cvss=0.0 loc=general/tcp fixed=- status=- "
	    "cves=-\n");
	/* a negative score: the threat word; cvss from cvss_base */
	expect_line(&r, "F3@16 rule=1.3.6.1.4.1.25623.1.0.1 title=False one "
	    "sev=- raw=False Positive cvss=5.0 loc=80/tcp");
	/* a host without results: a scan with its own times */
	expect_line(&r, "asset=10.0.0.9 started=2023-09-28T14:48:02Z "
	    "finished=2023-09-28T15:10:00Z complete=-\n");
	assert_int_equal(count(&r, "asset=10.0.0.1"), 2);
	/* scan_end moves the as-of */
	assert_true(r.has_as_of);
	assure_time_format(r.as_of, s);
	assert_string_equal(s, "2023-09-28T16:12:15Z");
	result_free(&r);

	/* get_reports_response wraps the same */
	parse_text(VULN_FMT_OPENVAS, &no_opts, "<get_reports_response "
	    "status=\"200\"><report id=\"x\"><report id=\"x\"><results>"
	    "<result><host>h1</host><nvt oid=\"1.2\"/><threat>Low</threat>"
	    "</result></results></report></report></get_reports_response>",
	    &r);
	expect_ok(&r, 2);
	expect_line(&r, "F0@1 rule=1.2 title=- sev=low raw=Low cvss=-1.0 "
	    "loc= ");
	result_free(&r);
}

static void
test_openvas_errors(void **state)
{
	expect_error(VULN_FMT_OPENVAS, "<report><report><results>\n<result>"
	    "<host>h</host><severity>x</severity><nvt oid=\"1\"/></result>"
	    "</results></report></report>", true, ASSURE_ERR_PARSE,
	    "mem:2:");
	expect_error(VULN_FMT_OPENVAS, "<report><report><results>\n<result>"
	    "<host>h</host><severity>x</severity><nvt oid=\"1\"/></result>"
	    "</results></report></report>", true, ASSURE_ERR_PARSE,
	    "severity: expected a score -3.0 to 10.0, got 'x'");
	expect_error(VULN_FMT_OPENVAS, "<report><report><results><result>"
	    "<nvt oid=\"1\"/></result></results></report></report>", true,
	    ASSURE_ERR_PARSE, "host: expected the result's host, got none");
	expect_error(VULN_FMT_OPENVAS, "<report><report><results><result>"
	    "<host>h</host></result></results></report></report>", true,
	    ASSURE_ERR_PARSE, "nvt: expected an nvt oid, got none");
	expect_error(VULN_FMT_OPENVAS, "<report><report><scan_start>soon"
	    "</scan_start></report></report>", true, ASSURE_ERR_PARSE,
	    "mem:1:46: scan_start: expected an RFC 3339 time, got 'soon'");
	expect_error(VULN_FMT_OPENVAS, "<envelope/>", true, ASSURE_ERR_PARSE,
	    "mem:1:10: root: expected a Greenbone report (report or "
	    "get_reports_response), got 'envelope'");
}

/* ------------------------------------------------------------ openscap */

static void
test_openscap(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(VULN_FMT_OPENSCAP, &no_opts, "small_xccdf.xml", &r);
	expect_ok(&r, 4);
	expect_line(&r, "S@4 openscap ver=1.3.5 asset=host-a.example "
	    "started=2021-12-09T10:04:30Z finished=2021-12-09T10:05:00Z "
	    "complete=-\n");
	expect_line(&r, "F0@7 rule=xccdf_r_1 title=- sev=high raw=high "
	    "cvss=-1.0 loc= fixed=- status=fail cves=-\n");
	expect_line(&r, "F1@9 rule=xccdf_r_3 title=- sev=low raw=low "
	    "cvss=-1.0 loc= fixed=- status=error cves=-\n");
	expect_line(&r, "F2@10 rule=xccdf_r_4 title=- sev=- raw=unknown "
	    "cvss=-1.0 loc= fixed=- status=unknown cves=-\n");
	result_free(&r);

	/* ARF: the asset's fqdn; a time without an offset is UTC */
	parse_fixture(VULN_FMT_OPENSCAP, &no_opts, "small_arf.xml", &r);
	expect_ok(&r, 2);
	expect_line(&r, "S@5 openscap ver=- asset=db1.example "
	    "started=2019-03-04T07:43:35Z finished=2019-03-04T07:43:39Z "
	    "complete=-\n");
	expect_line(&r, "F0@6 rule=r_fail title=- sev=medium raw=medium "
	    "cvss=-1.0 loc= fixed=- status=fail cves=-\n");
	result_free(&r);
}

static void
test_openscap_errors(void **state)
{
	expect_error(VULN_FMT_OPENSCAP, "<?xml version=\"1.0\"?>\n"
	    "<oval_results xmlns=\"http://oval.mitre.org/XMLSchema/"
	    "oval-results-5\"></oval_results>", true, ASSURE_ERR_PARSE,
	    "mem:2:69: root: expected an XCCDF 1.1/1.2 Benchmark or "
	    "TestResult, or an ARF asset-report-collection (OVAL-only "
	    "results are not taken");
	/* a Benchmark outside the XCCDF namespace */
	expect_error(VULN_FMT_OPENSCAP, "<Benchmark/>", true,
	    ASSURE_ERR_PARSE, "root: expected an XCCDF");
	expect_error(VULN_FMT_OPENSCAP, "<TestResult xmlns=\"http://"
	    "checklists.nist.gov/xccdf/1.2\"><rule-result idref=\"r\">"
	    "<result>fail</result></rule-result></TestResult>", true,
	    ASSURE_ERR_PARSE, "target: expected the scanned system");
	expect_error(VULN_FMT_OPENSCAP, "<TestResult xmlns=\"http://"
	    "checklists.nist.gov/xccdf/1.2\"><target>t</target>\n"
	    "<rule-result idref=\"r\"><result>failed</result></rule-result>"
	    "</TestResult>", true, ASSURE_ERR_PARSE, "mem:2:61: result: "
	    "expected pass, fail");
	expect_error(VULN_FMT_OPENSCAP, "<TestResult xmlns=\"http://"
	    "checklists.nist.gov/xccdf/1.2\" start-time=\"x\"/>", true,
	    ASSURE_ERR_PARSE, "TestResult: expected an xs:dateTime");
}

/* ----------------------------------------------------------------- zap */

static void
test_zap(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_fixture(VULN_FMT_ZAP_XML, &no_opts, "small_zap.xml", &r);
	expect_ok(&r, 6);
	expect_line(&r, "S@2 zap ver=2.9.0 asset=https://app.example "
	    "started=- finished=2020-05-12T20:57:30Z complete=-\n");
	expect_line(&r, "F0@6 rule=zap:10011 title=Cookie Without Secure "
	    "Flag sev=low raw=1 cvss=-1.0 loc=https://app.example/ sid "
	    "fixed=- status=- cves=-\n");
	expect_line(&r, "F1@7 rule=zap:10011 title=Cookie Without Secure "
	    "Flag sev=low raw=1 cvss=-1.0 loc=https://app.example/login "
	    "fixed=-");
	/* no instance: one finding; riskdesc when no riskcode */
	expect_line(&r, "F2@9 rule=zap:40012 title=XSS sev=high raw=3 "
	    "cvss=-1.0 loc= fixed=-");
	expect_line(&r, "F3@10 rule=zap:10096 title=Timestamp sev=info "
	    "raw=Informational (Low) cvss=-1.0 loc=https://app.example/t ");
	expect_line(&r, "S@12 zap ver=2.9.0 asset=http://b.example "
	    "started=- finished=2020-05-12T20:57:30Z complete=-\n");
	result_free(&r);

	/* the kind "zap" sniffs XML; a localised date is absent */
	parse_text(VULN_FMT_ZAP_JSON, &no_opts, "  <OWASPZAPReport "
	    "generated=\"Fr., 30 Sep. 2022 08:40:35\"><site name=\"s\"/>"
	    "</OWASPZAPReport>", &r);
	expect_ok(&r, 1);
	expect_line(&r, "S@1 zap ver=- asset=s started=- finished=- ");
	result_free(&r);
}

static void
test_zap_errors(void **state)
{
	expect_error(VULN_FMT_ZAP_XML, "<OWASPZAPReport><site name=\"s\">"
	    "<alerts><alertitem><riskcode>9</riskcode><pluginid>1</pluginid>"
	    "</alertitem></alerts></site></OWASPZAPReport>", true,
	    ASSURE_ERR_PARSE, "riskcode: expected 0 to 3, got '9'");
	expect_error(VULN_FMT_ZAP_XML, "<OWASPZAPReport><site name=\"s\">"
	    "<alerts><alertitem><instances><instance><uri>u</uri></instance>"
	    "</instances><pluginid>1</pluginid></alertitem></alerts></site>"
	    "</OWASPZAPReport>", true, ASSURE_ERR_PARSE, "pluginid: expected "
	    "the alert's pluginid before its instances, got none");
	expect_error(VULN_FMT_ZAP_XML, "<OWASPZAPReport><site/>"
	    "</OWASPZAPReport>", true, ASSURE_ERR_PARSE, "mem:1:22: site: "
	    "expected the site's name, got none");
	expect_error(VULN_FMT_ZAP_XML, "<site/>", true, ASSURE_ERR_PARSE,
	    "root: expected a ZAP XML report (OWASPZAPReport), got 'site'");
}

/* --------------------------------------------------------------- lynis */

static void
test_lynis(void **state)
{
	struct result r = { .rc = ASSURE_OK };
	struct vuln_opts o = no_opts;

	parse_fixture(VULN_FMT_LYNIS, &no_opts, "small_lynis.dat", &r);
	expect_ok(&r, 4);
	expect_line(&r, "S@1 lynis ver=3.1.4 asset=box1 "
	    "started=2026-07-31T00:00:00Z finished=2026-07-31T00:00:30Z "
	    "complete=1\n");
	expect_line(&r, "F0@6 rule=LOGG-2138 title=klogd is not running "
	    "sev=medium raw=warning cvss=-1.0 loc= fixed=- status=- "
	    "cves=-\n");
	expect_line(&r, "F1@7 rule=NETW-3200 title=Determine if protocol "
	    "'dccp' is really needed sev=low raw=suggestion cvss=-1.0 loc= ");
	expect_line(&r, "F2@8 rule=BOOT-5122 title=Set a password on GRUB "
	    "sev=low raw=suggestion cvss=-1.0 loc=/boot/grub/grub.cfg ");
	result_free(&r);

	/* truncated: no finish=true; CRLF; no final newline; --asset */
	o.asset = "given";
	parse_text(VULN_FMT_LYNIS, &o, "hostname=x\r\n\r\n"
	    "warning[]=A-1|t|-|-|\r\nfoo=bar", &r);
	expect_ok(&r, 2);
	expect_line(&r, "S@1 lynis ver=- asset=given started=- finished=- "
	    "complete=0\n");
	expect_line(&r, "F0@3 rule=A-1 title=t sev=medium");
	result_free(&r);
}

static void
test_lynis_errors(void **state)
{
	expect_error(VULN_FMT_LYNIS, "hostname=h\nwarning[]=|text|-|-|\n",
	    true, ASSURE_ERR_PARSE, "mem:2:11: warning[]: expected "
	    "TEST-ID|text|details|solution|, got '|text|-|-|'");
	expect_error(VULN_FMT_LYNIS, "hostname=h\nthis is not a key\n", true,
	    ASSURE_ERR_PARSE, "mem:2:1: line: expected key=value or "
	    "key[]=value, got 'this is not a key'");
	expect_error(VULN_FMT_LYNIS, "report_datetime_end=yesterday\n", true,
	    ASSURE_ERR_PARSE, "mem:1:21: report_datetime_end: expected a "
	    "time YYYY-MM-DD HH:MM:SS, got 'yesterday'");
	expect_error(VULN_FMT_LYNIS, "lynis_version=3\nfinish=true\n", true,
	    ASSURE_ERR_PARSE, "hostname: expected the host's name");
	expect_error(VULN_FMT_LYNIS, "# only a comment\n", true,
	    ASSURE_ERR_PARSE, "expected a Lynis report.dat");
}

static void
test_lynis_long_line(void **state)
{
	struct assure_buf b;
	int i;

	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "hostname=h\nx=");
	for (i = 0; i < 70000; i++)
		assure_buf_printf(&b, "y");
	expect_error(VULN_FMT_LYNIS, assure_buf_str(&b), false,
	    ASSURE_ERR_LIMIT, "mem:2:1: line: expected a line of at most "
	    "65536 bytes");
	assure_buf_free(&b);
}

/* ----------------------------------------------------------- the sink */

static void
test_sink_error_stops(void **state)
{
	static const struct {
		enum vuln_format	 fmt;
		const char		*name;
		unsigned long		 n;
	} cases[] = {
		{ VULN_FMT_NESSUS, "small.nessus", 5 },
		{ VULN_FMT_OPENVAS, "small_openvas.xml", 8 },
		{ VULN_FMT_OPENSCAP, "small_xccdf.xml", 4 },
		{ VULN_FMT_ZAP_XML, "small_zap.xml", 6 },
		{ VULN_FMT_LYNIS, "small_lynis.dat", 4 },
	};
	struct vuln_opts o = no_opts;
	struct result r = { .rc = ASSURE_OK };
	char *path, *data, rel[64];
	size_t i, len;
	unsigned long k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(rel, sizeof(rel), "vuln/%s", cases[i].name);
		path = tu_data_path(rel);
		data = read_all(path, &len);
		o.source = cases[i].name;
		for (k = 1; k <= cases[i].n; k++) {
			r.fail_at = k;
			parse_split(cases[i].fmt, &o, data, len, 7,
			    (size_t)-1, &r);
			expect_diag(&r, ASSURE_ERR_DB, "sink: rejected");
			assert_int_equal(r.n, k);
			assert_int_equal(r.records, k - 1);
			result_free(&r);
		}
		r.fail_at = 0;
		free(data);
		free(path);
	}
}

/* ---------------------------------------------------- genuine samples */

static char *
shared_read(const char *name, size_t *ret_len)
{
	char rel[256], *path, *data;

	snprintf(rel, sizeof(rel), "formats/samples/%s", name);
	path = tu_shared_path(rel);
	if (path == NULL) {
		printf("SKIPPED: ../shared absent\n");
		skip();
	}
	data = read_all(path, ret_len);
	free(path);
	return data;
}

/* A sample parsed whole, byte by byte and in 13-byte chunks. */
static void
shared(enum vuln_format fmt, const char *name, enum assure_err rc,
    unsigned long n, struct result *ret)
{
	static const size_t chunks[] = { 1, 13, 4096 };
	struct vuln_opts o = no_opts;
	struct result r = { .rc = ASSURE_OK };
	char *data;
	size_t len, i;

	data = shared_read(name, &len);
	o.source = name;
	parse_split(fmt, &o, data, len, 0, (size_t)-1, ret);
	if (ret->rc != rc || ret->n != n)
		printf("%s: %lu records, %s\n%s", name, ret->n, ret->diag,
		    assure_buf_str(&ret->out));
	assert_int_equal(ret->rc, rc);
	assert_int_equal(ret->n, n);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		parse_split(fmt, &o, data, len, chunks[i], (size_t)-1, &r);
		same_result(ret, &r);
		result_free(&r);
	}
	free(data);
}

static void
test_genuine_nessus(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(VULN_FMT_NESSUS, "nessus/nessus_many_vuln_pruned.nessus",
	    ASSURE_OK, 8, &r);
	expect_line(&r, "S@128 nessus ver=- asset=preprod.boardvantage.net "
	    "started=2013-06-25T10:32:42Z finished=2013-06-25T10:39:42Z ");
	assert_int_equal(count(&r, " sev=info raw=None "), 7);
	result_free(&r);
	shared(VULN_FMT_NESSUS, "nessus/nessus_with_cvssv3_pruned.nessus",
	    ASSURE_OK, 21, &r);
	expect_line(&r, "asset=testphp.vulnweb.com "
	    "started=2022-03-23T13:31:51Z finished=2022-03-23T14:07:52Z ");
	assert_int_equal(count(&r, " sev=critical "), 2);
	assert_int_equal(count(&r, " sev=high "), 10);
	assert_int_equal(count(&r, " sev=medium "), 8);
	expect_line(&r, "rule=nessus:58987 title=PHP Unsupported Version "
	    "Detection sev=critical raw=Critical cvss=10.0 loc=80/tcp ");
	result_free(&r);
}

static void
test_genuine_openvas(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(VULN_FMT_OPENVAS, "openvas/one_vuln.xml", ASSURE_OK, 2, &r);
	expect_line(&r, "openvas ver=- asset=10.0.101.2 "
	    "started=2023-09-28T14:48:02Z finished=- ");
	expect_line(&r, "rule=1.3.6.1.4.1.25623.1.0.832260 title=Mozilla "
	    "Firefox Security Update (mfsa_2023-32_2023-36) - Windows "
	    "sev=critical raw=High cvss=10.0 loc=general/tcp fixed=- "
	    "status=- cves=CVE-2023-4573,CVE-2023-4574,CVE-2023-4575,"
	    "CVE-2023-4576,CVE-2023-4577,CVE-2023-4578,CVE-2023-4579,"
	    "CVE-2023-4580,CVE-2023-4581,CVE-2023-4585,CVE-2023-4583,"
	    "CVE-2023-4584\n");
	assert_true(r.has_as_of);
	result_free(&r);
	shared(VULN_FMT_OPENVAS, "openvas/many_vuln.xml", ASSURE_OK, 45, &r);
	assert_int_equal(count(&r, "S@"), 1);
	assert_int_equal(count(&r, "asset=192.168.1.1001"), 1);
	result_free(&r);
	shared(VULN_FMT_OPENVAS, "openvas/report_detail_v2.xml", ASSURE_OK, 2,
	    &r);
	expect_line(&r, "asset=10.99.99.99 started=2025-08-22T13:01:38Z ");
	result_free(&r);
}

static void
test_genuine_openscap(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(VULN_FMT_OPENSCAP, "openscap/arf_simple_rule_fail.xml",
	    ASSURE_OK, 2, &r);
	expect_line(&r, "openscap ver=1.3.5 asset=rh-hony "
	    "started=2021-11-30T12:51:50Z finished=2021-11-30T12:51:50Z ");
	expect_line(&r, "sev=- raw=unknown cvss=-1.0 loc= fixed=- "
	    "status=fail ");
	result_free(&r);
	shared(VULN_FMT_OPENSCAP, "openscap/xccdf_simple_rule_fail.xml",
	    ASSURE_OK, 2, &r);
	expect_line(&r, "asset=rh-hony started=2021-12-09T10:04:30Z ");
	result_free(&r);
	shared(VULN_FMT_OPENSCAP, "openscap/one_vuln_rhsa.xml", ASSURE_OK, 2,
	    &r);
	expect_line(&r, "openscap ver=1.2.17 asset=sample.system "
	    "started=2019-03-04T07:43:35Z finished=2019-03-04T07:43:39Z ");
	result_free(&r);
	shared(VULN_FMT_OPENSCAP, "openscap/ios-sample-v1.1.3.xccdf.xml",
	    ASSURE_OK, 2, &r);
	expect_line(&r, "asset=lower.test.net started=- "
	    "finished=2004-09-25T17:45:02Z ");
	result_free(&r);
}

static void
test_genuine_zap(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(VULN_FMT_ZAP_XML, "zap/some_2.9.0.xml", ASSURE_OK, 18, &r);
	expect_line(&r, "S@2 zap ver=2.9.0 asset=https://mainsite.com "
	    "started=- finished=2020-05-12T20:57:30Z ");
	result_free(&r);
	shared(VULN_FMT_ZAP_XML, "zap/zap-xml-plus-format.xml", ASSURE_OK, 2,
	    &r);
	expect_line(&r, "zap ver=2.11.1 asset=http://localhost:8080 "
	    "started=- finished=- ");
	expect_line(&r, "rule=zap:90028 title=Insecure HTTP Method - PUT "
	    "sev=medium raw=2 cvss=-1.0 "
	    "loc=http://localhost:8080/bodgeit/js/qndto7n63d fixed=-");
	result_free(&r);
}

static void
test_genuine_lynis(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(VULN_FMT_LYNIS, "lynis/lynis_many_vuln.dat", ASSURE_OK, 39,
	    &r);
	expect_line(&r, "S@1 lynis ver=3.1.4 asset=82103dde74c7 "
	    "started=2026-07-31T00:00:00Z finished=2026-07-31T00:00:30Z "
	    "complete=1\n");
	assert_int_equal(count(&r, " raw=warning "), 1);
	assert_int_equal(count(&r, " raw=suggestion "), 37);
	result_free(&r);
	shared(VULN_FMT_LYNIS, "lynis/lynis_one_vuln.dat", ASSURE_OK, 2, &r);
	assert_int_equal(count(&r, " raw=suggestion "), 1);
	result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_nessus),
		cmocka_unit_test(test_nessus_errors),
		cmocka_unit_test(test_openvas),
		cmocka_unit_test(test_openvas_errors),
		cmocka_unit_test(test_openscap),
		cmocka_unit_test(test_openscap_errors),
		cmocka_unit_test(test_zap),
		cmocka_unit_test(test_zap_errors),
		cmocka_unit_test(test_lynis),
		cmocka_unit_test(test_lynis_errors),
		cmocka_unit_test(test_lynis_long_line),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_genuine_nessus),
		cmocka_unit_test(test_genuine_openvas),
		cmocka_unit_test(test_genuine_openscap),
		cmocka_unit_test(test_genuine_zap),
		cmocka_unit_test(test_genuine_lynis),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
