/*
 * kind_vuln.c: the scanner evidence kinds (sarif, trivy, grype,
 * cyclonedx-vex, aws-securityhub, zap, openscap, nessus, openvas, lynis,
 * pentest-findings).
 * Each feeds the bytes to its parser (parse/vparse.h) and stores every
 * scan and finding into vuln_scan and vuln_finding within the ingest
 * transaction.  A finding's fingerprint, the SHA-256 of its tool, rule,
 * asset and location (each followed by a NUL), is computed here, so that
 * every parser fingerprints alike.  The rules of each kind are in
 * docs/EVIDENCE.md and atop its parser.
 *
 * CONTROL: tsc:CC7.1
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "ingest/ingest.h"
#include "parse/vparse.h"

#define VULN_KEY_MAX	4096	/* bytes of the current scan's tool, asset */

struct vuln_state {
	struct ingest_sink	*sink;
	struct vuln_parser	*parser;
	struct vuln_opts	 o;
	bool			 in_scan;
	int64_t			 seq;		/* of the current scan */
	char			 tool[VULN_KEY_MAX];
	char			 asset[VULN_KEY_MAX];
};

static enum assure_err
put_scan(const struct vuln_scan *x, void *arg, struct assure_diag *d)
{
	struct vuln_state *st = arg;
	struct store_val p[9];
	enum assure_err rc;

	if (strlen(x->tool) >= VULN_KEY_MAX || strlen(x->asset) >= VULN_KEY_MAX)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, st->sink->source,
		    x->line, 0, "asset", "a tool or asset name longer than "
		    "%d bytes", VULN_KEY_MAX - 1);
	st->seq = st->in_scan ? st->seq + 1 : 0;
	st->in_scan = true;
	assure_strlcpy(st->tool, x->tool, sizeof(st->tool));
	assure_strlcpy(st->asset, x->asset, sizeof(st->asset));
	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV(st->seq);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->tool);
	p[4] = STORE_OPTTEXT(x->tool_version);
	p[5] = STORE_TEXTV(x->asset);
	p[6] = ingest_time(x->started);
	p[7] = ingest_time(x->finished);
	p[8] = x->complete == TRI_ABSENT ? STORE_NULLV :
	    STORE_INTV(x->complete == TRI_TRUE);
	rc = store_exec(st->sink->store, STMT_VULN_SCAN_INSERT, p, 9, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the scan", d);
}

/* The fingerprint: SHA-256 of tool, rule, asset, location, each + NUL. */
static enum assure_err
fingerprint(const struct vuln_state *st, const struct vuln_finding *x,
    char out[ASSURE_SHA256_HEXLEN + 1])
{
	const char *part[4] = { st->tool, x->rule, st->asset, x->location };
	unsigned char md[ASSURE_SHA256_LEN];
	struct assure_sha256 *h;
	enum assure_err rc = ASSURE_OK;
	size_t i;

	h = assure_sha256_new();
	if (h == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; rc == ASSURE_OK && i < 4; i++)
		rc = assure_sha256_update(h, part[i], strlen(part[i]) + 1);
	if (rc == ASSURE_OK)
		rc = assure_sha256_final(h, md);
	assure_sha256_free(h);
	if (rc == ASSURE_OK)
		assure_hex(md, sizeof(md), out);
	return rc;
}

static enum assure_err
put_finding(const struct vuln_finding *x, void *arg, struct assure_diag *d)
{
	struct vuln_state *st = arg;
	struct store_val p[15];
	char fp[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc;

	if (!st->in_scan)
		return assure_diag_set(d, ASSURE_ERR_PARSE, st->sink->source,
		    x->line, 0, "finding", "a finding before any scan names "
		    "its target (pass --asset)");
	rc = fingerprint(st, x, fp);
	if (rc != ASSURE_OK)
		return assure_diag_set(d, rc, st->sink->source, x->line, 0,
		    NULL, "cannot fingerprint the finding");
	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV(st->seq);
	p[3] = STORE_INTV((int64_t)x->line);
	p[4] = STORE_TEXTV(fp);
	p[5] = STORE_TEXTV(x->rule);
	p[6] = STORE_OPTTEXT(x->title);
	p[7] = STORE_OPTTEXT(vuln_sev_name(x->severity));
	p[8] = STORE_OPTTEXT(x->severity_raw);
	p[9] = x->cvss >= 0 ? STORE_INTV((int64_t)(x->cvss * 10 + 0.5)) :
	    STORE_NULLV;
	p[10] = STORE_TEXTV(x->location);
	p[11] = STORE_OPTTEXT(x->fixed_in);
	p[12] = STORE_OPTTEXT(x->status);
	p[13] = STORE_OPTTEXT(x->justification);
	p[14] = STORE_OPTTEXT(x->cves);
	rc = store_exec(st->sink->store, STMT_VULN_FINDING_INSERT, p, 15, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the finding", d);
}

static enum assure_err
vuln_begin(enum vuln_format fmt, struct ingest_sink *sink, void **ret_state,
    struct assure_diag *d)
{
	const struct ingest_opts *io = sink->opts;
	struct vuln_state *st;
	struct vuln_sink vs;
	enum assure_err rc;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->o.source = sink->source;
	if (io != NULL)
		st->o.asset = io->asset;
	vs.scan = put_scan;
	vs.finding = put_finding;
	vs.arg = st;
	rc = vuln_parser_new(fmt, &st->o, &vs, &st->parser, d);
	if (rc != ASSURE_OK) {
		free(st);
		return rc;
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
vuln_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	struct vuln_state *st = state;

	return vuln_parser_feed(st->parser, data, len, d);
}

static enum assure_err
vuln_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct vuln_state *st = state;
	enum assure_err rc;

	*ret_has_as_of = false;
	rc = vuln_parser_finish(st->parser, d);
	if (rc == ASSURE_OK)
		*ret_has_as_of = vuln_parser_as_of(st->parser, ret_as_of);
	return rc;
}

static void
vuln_free(void *state)
{
	struct vuln_state *st = state;

	if (st == NULL)
		return;
	vuln_parser_free(st->parser);
	free(st);
}

#define VULN_KIND(var, fmt, nm, sum, fmts)				\
static enum assure_err							\
var##_begin(struct ingest_sink *sink, void **ret_state,			\
    struct assure_diag *d)						\
{									\
	return vuln_begin(fmt, sink, ret_state, d);			\
}									\
const struct evidence_kind var = {					\
	.name = nm,							\
	.summary = sum,							\
	.formats = fmts,						\
	.begin = var##_begin,						\
	.feed = vuln_feed,						\
	.finish = vuln_finish,						\
	.free = vuln_free,						\
}

VULN_KIND(kind_sarif, VULN_FMT_SARIF, "sarif",
    "Static analysis and scanner results in SARIF 2.1.0, any tool",
    "a SARIF 2.1.0 log (runs[].results[]); --asset names the repository "
    "or target when the log does not");
VULN_KIND(kind_trivy, VULN_FMT_TRIVY, "trivy",
    "Trivy vulnerabilities and misconfigurations of an image or file system",
    "the JSON of trivy --format json (schema 2)");
VULN_KIND(kind_grype, VULN_FMT_GRYPE, "grype",
    "Grype vulnerability matches of an image or SBOM",
    "the JSON of grype -o json");
VULN_KIND(kind_cyclonedx_vex, VULN_FMT_CYCLONEDX_VEX, "cyclonedx-vex",
    "CycloneDX vulnerabilities with analysis states (VEX)",
    "a CycloneDX 1.4+ JSON BOM or VEX document with vulnerabilities[]");
VULN_KIND(kind_aws_securityhub, VULN_FMT_ASFF, "aws-securityhub",
    "AWS Security Hub findings (ASFF)",
    "the JSON of get-findings ({\"Findings\": [...]}) or an EventBridge "
    "event ({\"detail\": {\"findings\": [...]}})");
VULN_KIND(kind_zap, VULN_FMT_ZAP_JSON, "zap",
    "OWASP ZAP alerts of a web application",
    "a ZAP report, traditional JSON or XML");
VULN_KIND(kind_openscap, VULN_FMT_OPENSCAP, "openscap",
    "OpenSCAP rule results of a host against a hardening baseline",
    "XCCDF results or an ARF report (oscap xccdf eval --results/--results-"
    "arf)");
VULN_KIND(kind_nessus, VULN_FMT_NESSUS, "nessus",
    "Nessus plugin results per host",
    "a .nessus (v2) export");
VULN_KIND(kind_openvas, VULN_FMT_OPENVAS, "openvas",
    "OpenVAS / Greenbone results per host",
    "a Greenbone XML report");
VULN_KIND(kind_pentest_findings, VULN_FMT_PENTEST, "pentest-findings",
    "A penetration test's findings (or its retest's)",
    "a CSV with a header naming id, title, severity, asset, location, "
    "status (--as-of: the report's date; --asset when no asset column)");
VULN_KIND(kind_lynis, VULN_FMT_LYNIS, "lynis",
    "Lynis hardening warnings and suggestions of a host",
    "/var/log/lynis-report.dat");
