/*
 * test_vuln_json.c: the JSON scanner parsers (parse/vparse.h): SARIF,
 * Trivy, Grype, CycloneDX VEX, Security Hub ASFF and ZAP traditional
 * JSON on the project's own inline fixtures (every field, the severity
 * tables, the envelope shapes, located errors, wrong-shape documents),
 * chunked feeding at every split equal to whole feeding, a sink error
 * stopping the parse, and the genuine samples in ../shared when present.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "common/buf.h"
#include "parse/vparse.h"

struct result {
	enum assure_err		rc;
	char			diag[1024];
	struct assure_buf	out;
	unsigned long		n;
	unsigned long		fail_at;
	unsigned long		records;
};

static const char *
s_(const char *s)
{
	return s != NULL ? s : "-";
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
	assure_buf_printf(&r->out, "S@%lu %s %s asset=%s", s->line, s->tool,
	    s_(s->tool_version), s->asset);
	if (s->started.has)
		assure_buf_printf(&r->out, " start=%lld",
		    (long long)s->started.t);
	if (s->finished.has)
		assure_buf_printf(&r->out, " fin=%lld",
		    (long long)s->finished.t);
	assure_buf_printf(&r->out, " complete=%d\n", (int)s->complete);
	return counted(r, d);
}

static enum assure_err
on_finding(const struct vuln_finding *f, void *arg, struct assure_diag *d)
{
	struct result *r = arg;

	assert_non_null(f->rule);
	assert_true(f->rule[0] != '\0');
	assert_non_null(f->location);
	assure_buf_printf(&r->out, "F%lu@%lu rule=%s sev=%s raw=%s cvss=%.1f "
	    "loc=%s fixed=%s status=%s just=%s cves=%s title=%s\n", f->index,
	    f->line, f->rule, s_(vuln_sev_name(f->severity)),
	    s_(f->severity_raw), f->cvss, f->location, s_(f->fixed_in),
	    s_(f->status), s_(f->justification), s_(f->cves), s_(f->title));
	return counted(r, d);
}

static void
result_free(struct result *r)
{
	assure_buf_free(&r->out);
}

/* Parse len bytes, cut at the offsets in cuts (or in chunks of chunk). */
static void
parse_cuts(enum vuln_format fmt, const char *asset, const char *data,
    size_t len, size_t chunk, const size_t *cuts, size_t ncuts,
    struct result *r)
{
	struct vuln_opts o = { "t.json", asset };
	unsigned long fail_at = r->fail_at;
	struct vuln_sink sink = { on_scan, on_finding, r };
	struct vuln_parser *p = NULL;
	struct assure_diag d;
	size_t at = 0, next, i = 0;

	memset(r, 0, sizeof(*r));
	r->fail_at = fail_at;
	assure_buf_init(&r->out, 0);
	assure_diag_clear(&d);
	r->rc = vuln_parser_new(fmt, &o, &sink, &p, &d);
	while (r->rc == ASSURE_OK && at < len) {
		if (cuts != NULL)
			next = i < ncuts ? cuts[i++] : len;
		else
			next = chunk == 0 ? len : at + chunk;
		if (next > len)
			next = len;
		if (next < at)
			next = at;
		r->rc = vuln_parser_feed(p, data + at, next - at, &d);
		at = next;
		if (cuts != NULL && i > ncuts && at < len)
			break;
	}
	if (r->rc == ASSURE_OK)
		r->rc = vuln_parser_finish(p, &d);
	if (r->rc != ASSURE_OK)
		assure_diag_format(&d, r->diag, sizeof(r->diag));
	if (p != NULL)
		r->records = vuln_parser_records(p);
	vuln_parser_free(p);
}

static void
parse(enum vuln_format fmt, const char *asset, const char *doc,
    struct result *r)
{
	parse_cuts(fmt, asset, doc, strlen(doc), 0, NULL, 0, r);
}

static void
same_result(const struct result *a, const struct result *b)
{
	assert_int_equal(a->rc, b->rc);
	assert_string_equal(a->diag, b->diag);
	assert_int_equal(a->n, b->n);
	assert_string_equal(assure_buf_str(&a->out), assure_buf_str(&b->out));
}

/* Whole, split at every point, and byte by byte: the same. */
static void
parse_every_way(enum vuln_format fmt, const char *doc, struct result *ret)
{
	struct result other = { .rc = ASSURE_OK };
	size_t len = strlen(doc), cut;

	parse(fmt, NULL, doc, ret);
	for (cut = 0; cut <= len; cut++) {
		parse_cuts(fmt, NULL, doc, len, 0, &cut, 1, &other);
		same_result(ret, &other);
		result_free(&other);
	}
	parse_cuts(fmt, NULL, doc, len, 1, NULL, 0, &other);
	same_result(ret, &other);
	result_free(&other);
}

static bool
has(const struct result *r, const char *needle)
{
	if (strstr(assure_buf_str(&r->out), needle) != NULL)
		return true;
	printf("missing '%s' in:\n%s%s\n", needle, assure_buf_str(&r->out),
	    r->diag);
	return false;
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

static void
expect_error(enum vuln_format fmt, const char *doc, enum assure_err rc,
    const char *diag)
{
	struct result r = { .rc = ASSURE_OK };

	parse(fmt, NULL, doc, &r);
	if (r.rc != rc || strstr(r.diag, diag) == NULL)
		printf("got %d '%s', want '%s'\n", r.rc, r.diag, diag);
	assert_int_equal(r.rc, rc);
	assert_non_null(strstr(r.diag, diag));
	result_free(&r);
}

/* ------------------------------------------------------------------ */
/* Fixtures */

static const char sarif_doc[] =
    "{\"version\":\"2.1.0\",\"runs\":[\n"
    "{\"tool\":{\"driver\":{\"name\":\"Scan\",\"version\":\"1.2\","
    "\"rules\":[{\"id\":\"R1\",\"shortDescription\":{\"text\":\"Rule one\"},"
    "\"defaultConfiguration\":{\"level\":\"error\"}},"
    "{\"id\":\"R2\",\"name\":\"two\",\"properties\":"
    "{\"security-severity\":\"9.1\"}},{\"id\":\"AWS Key\"}]}},\n"
    "\"invocations\":[{\"executionSuccessful\":false,"
    "\"startTimeUtc\":\"2024-01-02T03:04:05Z\","
    "\"endTimeUtc\":\"2024-01-02T03:05:05Z\"}],\n"
    "\"versionControlProvenance\":[{\"repositoryUri\":"
    "\"https://git.example/app\"}],\n"
    "\"results\":[{\"ruleId\":\"R1\",\"message\":{\"text\":\"m1\"},"
    "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
    "{\"uri\":\"src/a.c\"},\"region\":{\"startLine\":7}}}]},\n"
    "{\"ruleIndex\":1,\"level\":\"note\",\"message\":{\"text\":\"m2\"},"
    "\"suppressions\":[{\"kind\":\"inSource\"}]},\n"
    "{\"message\":{\"text\":\"AWS Key secret detected\"},"
    "\"kind\":\"pass\"},\n"
    "{\"ruleId\":\"CVE-2021-1\",\"level\":\"none\",\"baselineState\":"
    "\"absent\",\"message\":{\"text\":\"m4\"},\"locations\":[{"
    "\"logicalLocations\":[{\"fullyQualifiedName\":\"a::b\"}]}]}]},\n"
    "{\"tool\":{\"driver\":{\"name\":\"Empty\"}},\"results\":[]}]}";

static void
test_sarif(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_every_way(VULN_FMT_SARIF, sarif_doc, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_true(has(&r, "S@5 Scan 1.2 asset=https://git.example/app "
	    "start=1704164645 fin=1704164705 complete=1\n"));
	assert_true(has(&r, "F0@5 rule=R1 sev=high raw=error cvss=-1.0 "
	    "loc=src/a.c:7 fixed=- status=fail just=- cves=- title=Rule one"));
	assert_true(has(&r, "F1@6 rule=R2 sev=critical raw=9.1 cvss=-1.0 "
	    "loc= fixed=- status=suppressed just=- cves=- title=two"));
	assert_true(has(&r, "F2@7 rule=AWS Key sev=medium raw=warning "
	    "cvss=-1.0 loc= fixed=- status=passed"));
	assert_true(has(&r, "F3@8 rule=CVE-2021-1 sev=info raw=none "
	    "cvss=-1.0 loc=a::b fixed=- status=resolved just=- "
	    "cves=CVE-2021-1 title=m4"));
	assert_true(has(&r, "Empty - asset=sarif:Empty complete=0\n"));
	assert_int_equal(r.n, 6);
	result_free(&r);
	/* --asset overrides */
	parse(VULN_FMT_SARIF, "mine", sarif_doc, &r);
	assert_int_equal(count(&r, "asset=mine"), 2);
	result_free(&r);
	/* results before tool: located */
	expect_error(VULN_FMT_SARIF, "{\"runs\":[{\"results\":[{\"ruleId\":"
	    "\"x\",\"message\":{\"text\":\"t\"}}],\"tool\":{\"driver\":"
	    "{\"name\":\"n\"}}}]}", ASSURE_ERR_PARSE,
	    "t.json:1:22: runs.0.tool.driver.name: expected the run's "
	    "tool.driver.name before its results");
	expect_error(VULN_FMT_SARIF, "{\"matches\":[]}", ASSURE_ERR_PARSE,
	    "expected a SARIF log (runs[])");
	expect_error(VULN_FMT_SARIF, "{\"runs\":[{\"tool\":{\"driver\":{"
	    "\"name\":\"n\"}},\"results\":[{\"ruleId\":[1]}]}]}",
	    ASSURE_ERR_PARSE, "ruleId: expected a string, got an array");
}

static const char trivy_doc[] =
    "{\"SchemaVersion\":2,\"CreatedAt\":\"2024-03-01T00:00:00Z\","
    "\"ArtifactName\":\"img:1\",\"Results\":[\n"
    "{\"Target\":\"img:1 (alpine 3.19)\",\"Class\":\"os-pkgs\","
    "\"Vulnerabilities\":[\n"
    "{\"VulnerabilityID\":\"CVE-2024-1\",\"PkgName\":\"zlib\","
    "\"InstalledVersion\":\"1.2\",\"FixedVersion\":\"1.3\","
    "\"Severity\":\"HIGH\",\"Status\":\"fixed\",\"Title\":\"zt\","
    "\"SeveritySource\":\"redhat\",\"CVSS\":{\"nvd\":{\"V3Score\":9.8},"
    "\"redhat\":{\"V3Score\":7.5}}},\n"
    "{\"VulnerabilityID\":\"GHSA-x\",\"PkgName\":\"musl\","
    "\"InstalledVersion\":\"1\",\"Severity\":\"UNKNOWN\","
    "\"CVSS\":{\"ghsa\":{\"V3Score\":4.2}}}]},\n"
    "{\"Target\":\"Dockerfile\",\"Class\":\"config\",\"Misconfigurations\":"
    "[{\"ID\":\"DS002\",\"Title\":\"root\",\"Severity\":\"LOW\","
    "\"Status\":\"FAIL\",\"CauseMetadata\":{\"StartLine\":3}}]},\n"
    "{\"Target\":\"clean.lock\",\"Vulnerabilities\":null}]}";

static void
test_trivy(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_every_way(VULN_FMT_TRIVY, trivy_doc, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_true(has(&r, "S@1 trivy - asset=img:1 fin=1709251200 "
	    "complete=0\n"));
	assert_true(has(&r, "F0@3 rule=CVE-2024-1 sev=high raw=HIGH "
	    "cvss=7.5 loc=zlib@1.2 (img:1 (alpine 3.19)) fixed=1.3 "
	    "status=fix_available just=- cves=CVE-2024-1 title=zt\n"));
	assert_true(has(&r, "F1@4 rule=GHSA-x sev=medium raw=UNKNOWN "
	    "cvss=4.2 loc=musl@1 (img:1 (alpine 3.19)) fixed=- status=- "
	    "just=- cves=- title=-\n"));
	assert_true(has(&r, "F2@5 rule=DS002 sev=low raw=LOW cvss=-1.0 "
	    "loc=Dockerfile:3 fixed=- status=fail"));
	assert_int_equal(r.n, 4);
	result_free(&r);
	/* a clean report: a scan with no finding */
	parse(VULN_FMT_TRIVY, NULL, "{\"SchemaVersion\":2,\"ArtifactName\":"
	    "\".\"}", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 1);
	result_free(&r);
	expect_error(VULN_FMT_TRIVY, "{\"matches\":[],\"source\":{}}",
	    ASSURE_ERR_PARSE, "t.json:1:1: expected a Trivy report");
	expect_error(VULN_FMT_TRIVY, "{\"SchemaVersion\":1,\"ArtifactName\":"
	    "\"a\"}", ASSURE_ERR_PARSE,
	    "t.json:1:18: SchemaVersion: expected Trivy schema 2, got '1'");
	expect_error(VULN_FMT_TRIVY, "{\"SchemaVersion\":2,\"ArtifactName\":"
	    "\"a\",\"Results\":[{\"Target\":\"t\",\"Vulnerabilities\":"
	    "[{\"PkgName\":\"p\"}]}]}", ASSURE_ERR_PARSE, "VulnerabilityID");
}

static const char grype_doc[] =
    "{\"matches\":[\n"
    "{\"vulnerability\":{\"id\":\"GHSA-1\",\"severity\":\"Negligible\","
    "\"description\":\"d1\",\"fix\":{\"versions\":[\"2.0\",\"2.1\"],"
    "\"state\":\"fixed\"},\"cvss\":[{\"version\":\"2.0\",\"metrics\":"
    "{\"baseScore\":5.0}},{\"version\":\"3.1\",\"metrics\":"
    "{\"baseScore\":6.1}}]},\"relatedVulnerabilities\":[{\"id\":"
    "\"CVE-2023-9\"}],\"artifact\":{\"name\":\"lib\",\"version\":\"1.0\"}},\n"
    "{\"vulnerability\":{\"id\":\"CVE-2023-8\",\"severity\":\"Unknown\","
    "\"fix\":{\"versions\":[],\"state\":\"wont-fix\"}},"
    "\"relatedVulnerabilities\":[{\"id\":\"CVE-2023-8\",\"cvss\":"
    "[{\"version\":\"3.0\",\"metrics\":{\"baseScore\":9.0}}]}],"
    "\"artifact\":{\"name\":\"bin\"}}],\n"
    "\"source\":{\"type\":\"image\",\"target\":{\"userInput\":\"app:2\"}},"
    "\"descriptor\":{\"name\":\"grype\",\"version\":\"0.80.0\","
    "\"timestamp\":\"2024-05-06T07:08:09Z\"}}";

static void
test_grype(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_every_way(VULN_FMT_GRYPE, grype_doc, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	/* the scan first, although source comes after matches */
	assert_true(strncmp(assure_buf_str(&r.out), "S@1 grype 0.80.0 "
	    "asset=app:2 fin=1714979289 complete=0\n", 50) == 0);
	assert_true(has(&r, "F0@2 rule=GHSA-1 sev=info raw=Negligible "
	    "cvss=6.1 loc=lib@1.0 fixed=2.0,2.1 status=fix_available just=- "
	    "cves=CVE-2023-9 title=d1\n"));
	assert_true(has(&r, "F1@3 rule=CVE-2023-8 sev=critical raw=Unknown "
	    "cvss=9.0 loc=bin fixed=- status=will_not_fix just=- "
	    "cves=CVE-2023-8 title=-\n"));
	result_free(&r);
	/* source first: streamed */
	parse(VULN_FMT_GRYPE, NULL, "{\"source\":{\"type\":\"directory\","
	    "\"target\":\"/src\"},\"matches\":[{\"vulnerability\":{\"id\":"
	    "\"X\"},\"artifact\":{\"name\":\"a\"}}]}", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_true(has(&r, "S@1 grype - asset=/src complete=0\nF0@1 rule=X "
	    "sev=- raw=-"));
	result_free(&r);
	parse(VULN_FMT_GRYPE, NULL, "{\"matches\":[],\"source\":{\"target\":"
	    "{\"userInput\":\"u\"}}}", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 1);
	result_free(&r);
	expect_error(VULN_FMT_GRYPE, "{\"SchemaVersion\":2,\"ArtifactName\":"
	    "\"a\",\"Results\":[]}", ASSURE_ERR_PARSE,
	    "t.json:1:1: expected a Grype report (matches[])");
	expect_error(VULN_FMT_GRYPE, "{\"matches\":[{\"vulnerability\":{},"
	    "\"artifact\":{\"name\":\"a\"}}]}", ASSURE_ERR_PARSE,
	    "vulnerability.id");
}

static const char cdx_doc[] =
    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\","
    "\"metadata\":{\"timestamp\":\"2022-03-03T00:00:00Z\",\"tools\":"
    "{\"components\":[{\"name\":\"vexer\",\"version\":\"3\"}]},"
    "\"component\":{\"name\":\"prod\",\"version\":\"4.2\"}},\n"
    "\"components\":[{\"bom-ref\":\"c1\",\"name\":\"lib\"}],\n"
    "\"vulnerabilities\":[\n"
    "{\"id\":\"CVE-2021-44228\",\"ratings\":[{\"severity\":\"unknown\"},"
    "{\"score\":10.0,\"method\":\"CVSSv31\",\"severity\":\"critical\"}],"
    "\"references\":[{\"id\":\"CVE-2021-45046\"}],\"affects\":[{\"ref\":"
    "\"c1\"},{\"ref\":\"urn:cdx:x/1#c2\"}],\"analysis\":{\"state\":"
    "\"not_affected\",\"justification\":\"code_not_present\"}},\n"
    "{\"id\":\"GHSA-2\",\"ratings\":[{\"score\":5.3,\"method\":\"CVSSv3\"}],"
    "\"analysis\":{\"state\":\"exploitable\"}}]}";

static void
test_cyclonedx(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_every_way(VULN_FMT_CYCLONEDX_VEX, cdx_doc, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_true(has(&r, "S@1 vexer 3 asset=prod@4.2 fin=1646265600 "
	    "complete=0\n"));
	assert_true(has(&r, "F0@4 rule=CVE-2021-44228 sev=critical "
	    "raw=critical cvss=10.0 loc=c1 fixed=- status=not_affected "
	    "just=code_not_present cves=CVE-2021-44228,CVE-2021-45046"));
	assert_true(has(&r, "F1@4 rule=CVE-2021-44228 sev=critical "
	    "raw=critical cvss=10.0 loc=urn:cdx:x/1#c2"));
	assert_true(has(&r, "F2@5 rule=GHSA-2 sev=medium raw=5.3 cvss=5.3 "
	    "loc= fixed=- status=exploitable just=- cves=- title=-\n"));
	assert_int_equal(r.n, 4);
	result_free(&r);
	expect_error(VULN_FMT_CYCLONEDX_VEX, "{\"bomFormat\":\"CycloneDX\","
	    "\"metadata\":{\"component\":{\"name\":\"a\"}},\"components\":[]}",
	    ASSURE_ERR_PARSE, "expected a CycloneDX VEX (vulnerabilities[]");
	expect_error(VULN_FMT_CYCLONEDX_VEX, "{\"bomFormat\":\"SPDX\","
	    "\"vulnerabilities\":[]}", ASSURE_ERR_PARSE,
	    "t.json:1:19: bomFormat: expected \"CycloneDX\", got 'SPDX'");
	expect_error(VULN_FMT_CYCLONEDX_VEX, "{\"bomFormat\":\"CycloneDX\","
	    "\"vulnerabilities\":[{\"id\":\"x\"}]}", ASSURE_ERR_PARSE,
	    "expected metadata.component before vulnerabilities");
}

#define ASFF_ONE(id, res, extra)					\
    "{\"GeneratorId\":\"std/v/1.0.0/" id "\",\"Title\":\"" id " t\","	\
    "\"Resources\":[{\"Id\":\"" res "\"}]" extra "}"

static const char asff_doc[] = "{\"Findings\":[\n"
    ASFF_ONE("IAM.5", "acct:1", ",\"Severity\":{\"Label\":\"MEDIUM\"},"
    "\"Compliance\":{\"Status\":\"FAILED\"},\"ProductFields\":"
    "{\"aws/securityhub/ProductName\":\"Security Hub\"}") ",\n"
    ASFF_ONE("S3.1", "bucket:b", ",\"Severity\":{\"Normalized\":40},"
    "\"Workflow\":{\"Status\":\"RESOLVED\"}") ",\n"
    ASFF_ONE("IAM.6", "acct:1", ",\"ProductFields\":"
    "{\"aws/securityhub/ProductName\":\"Security Hub\"},"
    "\"Compliance\":{\"Status\":\"PASSED\"}") ",\n"
    "{\"GeneratorId\":\"AWSInspector\",\"ProductName\":\"Inspector\","
    "\"Resources\":[{\"Id\":\"i-1\"}],\"Severity\":{\"Label\":"
    "\"CRITICAL\"},\"RecordState\":\"ARCHIVED\",\"Vulnerabilities\":[{"
    "\"Id\":\"CVE-2017-1\",\"Cvss\":[{\"BaseScore\":9.8}],"
    "\"VulnerablePackages\":[{\"Name\":\"jetty\",\"Version\":\"8\","
    "\"FixedInVersion\":\"9\"}]}]}],\"NextToken\":null}";

static void
test_asff(void **state)
{
	struct result r = { .rc = ASSURE_OK }, b = { .rc = ASSURE_OK };
	char doc[4096];

	parse_every_way(VULN_FMT_ASFF, asff_doc, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_true(has(&r, "S@2 Security Hub - asset=acct:1 complete=1\n"
	    "F0@2 rule=std/v/1.0.0/IAM.5 sev=medium raw=MEDIUM cvss=-1.0 loc= "
	    "fixed=- status=failed just=- cves=- title=IAM.5 t\n"
	    "S@3 std - asset=bucket:b complete=1\n"
	    "F1@3 rule=std/v/1.0.0/S3.1 sev=medium raw=40 cvss=-1.0 loc= "
	    "fixed=- status=resolved"));
	assert_true(has(&r, "F2@4 rule=std/v/1.0.0/IAM.6 sev=- raw=- "
	    "cvss=-1.0 loc= fixed=- status=passed"));
	assert_true(has(&r, "S@5 Inspector - asset=i-1 complete=1\n"
	    "F3@5 rule=CVE-2017-1 sev=critical raw=CRITICAL cvss=9.8 loc=jetty@8 "
	    "fixed=9 status=resolved just=- cves=CVE-2017-1"));
	assert_int_equal(count(&r, "S@"), 3);
	/* the other envelopes give the same records */
	snprintf(doc, sizeof(doc), "{\"detail\":{\"findings\":%s}}",
	    strchr(asff_doc, '['));
	assure_strlcpy(strrchr(doc, ','), "}}", 3);
	parse(VULN_FMT_ASFF, NULL, doc, &b);
	assert_int_equal(b.rc, ASSURE_OK);
	assert_int_equal(b.n, r.n);
	result_free(&b);
	snprintf(doc, sizeof(doc), "%s", strchr(asff_doc, '['));
	*strrchr(doc, ',') = '\0';
	parse(VULN_FMT_ASFF, NULL, doc, &b);
	assert_int_equal(b.rc, ASSURE_OK);
	assert_int_equal(b.n, r.n);
	result_free(&b);
	result_free(&r);
	parse(VULN_FMT_ASFF, NULL, "{\"findings\":[]}", &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_int_equal(r.n, 0);
	result_free(&r);
	expect_error(VULN_FMT_ASFF, "{\"matches\":[]}", ASSURE_ERR_PARSE,
	    "expected ASFF findings");
	expect_error(VULN_FMT_ASFF, "[{\"GeneratorId\":\"g\"}]",
	    ASSURE_ERR_PARSE, "t.json:1:2: Resources.0.Id: expected the key");
}

static const char zap_doc[] =
    "{\"@programName\":\"ZAP\",\"@version\":\"2.14.0\",\"@generated\":"
    "\"Thu, 17 Jun 2021 16:04:28\",\"site\":[\n"
    "{\"@name\":\"https://a.example\",\"@host\":\"a.example\",\"alerts\":[\n"
    "{\"pluginid\":\"40012\",\"name\":\"XSS\",\"riskcode\":\"3\","
    "\"instances\":[{\"uri\":\"https://a.example/q\",\"method\":\"GET\","
    "\"param\":\"x\"},{\"uri\":\"https://a.example/\",\"param\":\"\"}]},\n"
    "{\"pluginid\":10020,\"alert\":\"Frame\",\"riskcode\":0}]},\n"
    "{\"@name\":\"https://b.example\",\"alerts\":[]}]}";

static void
test_zap(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	parse_every_way(VULN_FMT_ZAP_JSON, zap_doc, &r);
	assert_int_equal(r.rc, ASSURE_OK);
	assert_string_equal(assure_buf_str(&r.out),
	    "S@3 zap 2.14.0 asset=https://a.example complete=0\n"
	    "F0@3 rule=40012 sev=high raw=3 cvss=-1.0 "
	    "loc=https://a.example/q param=x fixed=- status=- just=- cves=- "
	    "title=XSS\n"
	    "F1@3 rule=40012 sev=high raw=3 cvss=-1.0 loc=https://a.example/ "
	    "fixed=- status=- just=- cves=- title=XSS\n"
	    "F2@4 rule=10020 sev=info raw=0 cvss=-1.0 loc= fixed=- status=- "
	    "just=- cves=- title=Frame\n"
	    "S@5 zap 2.14.0 asset=https://b.example complete=0\n");
	result_free(&r);
	expect_error(VULN_FMT_ZAP_JSON, "{\"Results\":[]}", ASSURE_ERR_PARSE,
	    "expected a ZAP traditional-json report (site[])");
	expect_error(VULN_FMT_ZAP_JSON, "{\"site\":[{\"@name\":\"n\","
	    "\"alerts\":[{\"pluginid\":\"1\",\"riskcode\":\"7\"}]}]}",
	    ASSURE_ERR_PARSE, "t.json:1:62: riskcode: expected a riskcode 0 "
	    "to 3, got '7'");
	expect_error(VULN_FMT_ZAP_JSON, "", ASSURE_ERR_PARSE,
	    "expected a ZAP report");
}

/* A sink error stops every parser at the record it rejects. */
static void
test_sink_error_stops(void **state)
{
	static const struct {
		enum vuln_format	 fmt;
		const char		*doc;
	} docs[] = {
		{ VULN_FMT_SARIF, sarif_doc }, { VULN_FMT_TRIVY, trivy_doc },
		{ VULN_FMT_GRYPE, grype_doc },
		{ VULN_FMT_CYCLONEDX_VEX, cdx_doc }, { VULN_FMT_ASFF, asff_doc },
		{ VULN_FMT_ZAP_JSON, zap_doc },
	};
	struct result r;
	size_t i;
	unsigned long at;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		for (at = 1; at <= 3; at++) {
			memset(&r, 0, sizeof(r));
			r.fail_at = at;
			parse(docs[i].fmt, NULL, docs[i].doc, &r);
			assert_int_equal(r.rc, ASSURE_ERR_DB);
			assert_int_equal(r.n, at);
			assert_int_equal(r.records, at - 1);
			assert_non_null(strstr(r.diag, "rejected"));
			result_free(&r);
		}
	}
}

static void
test_syntax_error_located(void **state)
{
	expect_error(VULN_FMT_TRIVY, "{\"SchemaVersion\":2,\n\"ArtifactName\":"
	    "\"a\",,}", ASSURE_ERR_PARSE, "t.json:2:19: expected JSON after here");
	assert_int_equal(vuln_format_find("cyclonedx-vex"),
	    VULN_FMT_CYCLONEDX_VEX);
	assert_string_equal(vuln_format_name(VULN_FMT_ASFF),
	    "aws-securityhub");
}

/* ------------------------------------------------------------------ */
/* The genuine samples in ../shared */

static char *
shared_read(const char *name, size_t *ret_len)
{
	char rel[256], *path, *data;
	FILE *f;
	long n;

	snprintf(rel, sizeof(rel), "formats/samples/%s", name);
	path = tu_shared_path(rel);
	if (path == NULL) {
		printf("SKIPPED: ../shared absent\n");
		skip();
	}
	f = fopen(path, "rb");
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
	free(path);
	*ret_len = (size_t)n;
	return data;
}

/* A sample whole, and in 1- and 13-byte chunks: scans and findings. */
static void
shared(enum vuln_format fmt, const char *name, enum assure_err rc,
    unsigned long scans, unsigned long findings, struct result *ret)
{
	static const size_t chunks[] = { 1, 13 };
	struct result r = { .rc = ASSURE_OK };
	char *data;
	size_t len, i;

	data = shared_read(name, &len);
	parse_cuts(fmt, NULL, data, len, 0, NULL, 0, ret);
	if (ret->rc != rc || count(ret, "S@") != scans ||
	    count(ret, "\nF") + (strncmp(assure_buf_str(&ret->out), "F", 1)
	    == 0) != findings)
		printf("%s: %s%s\n", name, assure_buf_str(&ret->out),
		    ret->diag);
	assert_int_equal(ret->rc, rc);
	assert_int_equal(count(ret, "S@"), scans);
	assert_int_equal(count(ret, "\nF"), findings);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		parse_cuts(fmt, NULL, data, len, chunks[i], NULL, 0, &r);
		same_result(ret, &r);
		result_free(&r);
	}
	free(data);
}

static void
test_genuine_samples(void **state)
{
	struct result r = { .rc = ASSURE_OK };

	shared(VULN_FMT_SARIF, "sarif/appendix_k.sarif", ASSURE_OK, 1, 1, &r);
	assert_true(has(&r, "CodeScanner 2.1 asset=https://github.com/"
	    "example-corp/browser start=1468678705 fin=1468678741 "
	    "complete=2\n"));
	assert_true(has(&r, "rule=C2001 sev=high raw=error cvss=-1.0 "
	    "loc=collections/list.h:15 fixed=- status=suppressed"));
	result_free(&r);
	shared(VULN_FMT_SARIF, "sarif/dockle_0_3_15.sarif", ASSURE_OK, 1, 4,
	    &r);
	assert_true(has(&r, "rule=CIS-DI-0010 sev=high raw=error"));
	assert_int_equal(count(&r, "sev=low raw=note"), 3);
	result_free(&r);
	shared(VULN_FMT_SARIF, "sarif/gitleaks_7.5.0.sarif", ASSURE_OK, 1, 8,
	    &r);
	assert_true(has(&r, "Gitleaks v7.4.0 asset=sarif:Gitleaks"));
	assert_int_equal(count(&r, "rule=AWS Access Key sev=medium "
	    "raw=warning"), 6);
	result_free(&r);
	shared(VULN_FMT_TRIVY, "trivy/scheme_2_many_vulns.json", ASSURE_OK, 1,
	    5, &r);
	assert_true(has(&r, "rule=CVE-2019-12900 sev=critical raw=CRITICAL "
	    "cvss=-1.0 loc=libbz2@1.0.6-r6 (teamdojo:latest (alpine 3.9.4)) "
	    "fixed=1.0.6-r7"));
	result_free(&r);
	shared(VULN_FMT_TRIVY, "trivy/all_statuses.json", ASSURE_OK, 1, 8, &r);
	assert_true(has(&r, "asset=sha256:22ae3921bdaac434bb4cb92dbbc209e46b1f"
	    "3f70e9fa0b5fbbb43ce7d452c72d fin=1705309109"));
	assert_int_equal(count(&r, "status=fix_available"), 1);
	assert_int_equal(count(&r, "status=end_of_life"), 1);
	result_free(&r);
	shared(VULN_FMT_GRYPE, "grype/check_all_fields.json", ASSURE_OK, 1, 6,
	    &r);
	assert_true(has(&r, "S@1 grype 0.28.0 asset=vulnerable-image:latest"));
	assert_true(has(&r, "rule=CVE-2004-0971 sev=info raw=Negligible "
	    "cvss=2.1 loc=libgssapi-krb5-2@1.17-3+deb10u3"));
	result_free(&r);
	shared(VULN_FMT_GRYPE, "grype/fix_available.json", ASSURE_OK, 1, 1,
	    &r);
	assert_true(has(&r, "rule=CVE-2009-3882 sev=high raw=High cvss=7.5"));
	result_free(&r);
	shared(VULN_FMT_CYCLONEDX_VEX, "cyclonedx/laravel-7.12.0_bom.1.4.json",
	    ASSURE_ERR_PARSE, 0, 0, &r);
	assert_non_null(strstr(r.diag, "an SBOM alone lists no findings"));
	result_free(&r);
	shared(VULN_FMT_CYCLONEDX_VEX, "cyclonedx/valid-vulnerability-1.4.json",
	    ASSURE_OK, 1, 1, &r);
	assert_true(has(&r, "rule=SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111 "
	    "sev=critical raw=critical cvss=9.8"));
	result_free(&r);
	shared(VULN_FMT_CYCLONEDX_VEX,
	    "cyclonedx/vex_CISA_case1_not_affected.json", ASSURE_OK, 1, 1, &r);
	assert_true(has(&r, "asset=ABC@4.2"));
	assert_true(has(&r, "rule=CVE-2021-44228 sev=- raw=- cvss=-1.0 "
	    "loc=product-ABC fixed=- status=not_affected "
	    "just=code_not_present"));
	result_free(&r);
	shared(VULN_FMT_CYCLONEDX_VEX, "cyclonedx/vex_CISA_case2.json",
	    ASSURE_OK, 1, 19, &r);
	assert_true(has(&r, "rule=CVE-2020-11896 sev=info raw=none cvss=0.0"));
	result_free(&r);
	shared(VULN_FMT_ASFF, "asff/config_one_finding.json", ASSURE_OK, 1, 1,
	    &r);
	assert_true(has(&r, "S@3 Security Hub - asset=AWS::::Account:"
	    "012345678912 complete=1"));
	result_free(&r);
	shared(VULN_FMT_ASFF, "asff/config_many_findings.json", ASSURE_OK, 1,
	    3, &r);
	assert_int_equal(count(&r, "sev=info raw=INFORMATIONAL"), 3);
	assert_int_equal(count(&r, "status=passed"), 3);
	result_free(&r);
	shared(VULN_FMT_ASFF, "asff/one_vuln.json", ASSURE_OK, 1, 1, &r);
	assert_true(has(&r, "rule=CVE-2017-9735 sev=high raw=HIGH cvss=5.0 "
	    "loc=org.eclipse.jetty:jetty-server@8.1.14.v20131031 "
	    "fixed=9.4.6.v20170531 status=new"));
	result_free(&r);
	shared(VULN_FMT_ZAP_JSON,
	    "zap/zap-extensions_basic-traditional-json.json", ASSURE_OK, 1, 2,
	    &r);
	assert_true(has(&r, "rule=1 sev=high raw=3 cvss=-1.0 "
	    "loc=http://example.com/example_3 param=Test Param"));
	result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_trivy),
		cmocka_unit_test(test_grype),
		cmocka_unit_test(test_cyclonedx),
		cmocka_unit_test(test_asff),
		cmocka_unit_test(test_zap),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_syntax_error_located),
		cmocka_unit_test(test_genuine_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
