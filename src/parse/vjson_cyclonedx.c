/*
 * vjson_cyclonedx.c: CycloneDX 1.2-1.6 JSON with vulnerabilities[] (VEX,
 * or a BOM carrying its vulnerabilities; FORMATS.md 7g).  One document is
 * one scan of the BOM's subject.
 *
 * Records: vulnerabilities[], streamed; components[] and dependencies[]
 * are records too, so that a large SBOM streams, but they are not
 * findings: the BOM's inventory says nothing about vulnerabilities.
 * metadata is the envelope, and must come before vulnerabilities[] (as
 * every producer writes it) to name the asset.  bomFormat must be
 * "CycloneDX"; a BOM without a vulnerabilities key is rejected, located:
 * an SBOM is not a statement that nothing is vulnerable, while
 * "vulnerabilities": [] is a scan with no finding.
 *
 * Scan: tool metadata.tools[0].name (1.4) or
 * metadata.tools.components[0].name (1.5+), else "cyclonedx";
 * tool_version its version; asset --asset, else metadata.component
 * "name@version" (name alone without a version), else serialNumber (an
 * error when none); finished metadata.timestamp; complete absent.
 *
 * Finding: one per vulnerability x affects[].ref (one with location ""
 * when affects is empty): rule id (required); title description (else
 * detail); location the ref as given (a bom-ref, a purl or a BOM-Link);
 * status analysis.state (resolved, resolved_with_pedigree, exploitable,
 * in_triage, false_positive, not_affected), absent when there is no
 * analysis; justification analysis.justification; fixed_in absent;
 * cves every CVE id among id and references[].id; cvss the first
 * ratings[].score whose method starts with "CVSS" (else -1).
 *
 * Severity table: the first ratings[].severity that is a word
 * (critical, high, medium, low -> the same; info and none -> info;
 * unknown is skipped), else the cvss above through vuln_sev_from_cvss,
 * else absent.  severity_raw the word, else the score as written.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/vparse_int.h"

#define CDX_AFFECTS_MAX	65536

static const char *const cdx_patterns[] = {
	"vulnerabilities[]", "components[]", "dependencies[]", NULL
};

struct cdx {
	bool			scanned;
	struct assure_buf	asset;
	struct assure_buf	cves;
};

static enum assure_err
cdx_init(struct vuln_parser *p)
{
	struct cdx *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return ASSURE_ERR_NOMEM;
	assure_buf_init(&c->asset, VJ_TEXT_MAX);
	assure_buf_init(&c->cves, VJ_TEXT_MAX);
	p->state = c;
	return ASSURE_OK;
}

static void
cdx_release(struct vuln_parser *p)
{
	struct cdx *c = p->state;

	if (c == NULL)
		return;
	assure_buf_free(&c->asset);
	assure_buf_free(&c->cves);
	free(c);
	p->state = NULL;
}

static enum assure_err
cdx_scan(struct vuln_parser *p, struct assure_diag *d)
{
	struct cdx *c = p->state;
	struct vuln_scan s;
	struct jrec env;
	const struct jfield *f;
	const char *name, *ver, *fmt;
	enum assure_err rc;

	if (c->scanned)
		return ASSURE_OK;
	jstream_envelope(p->js, &env);
	fmt = jrec_str(&env, "bomFormat");
	if (fmt == NULL || strcmp(fmt, "CycloneDX") != 0) {
		f = jrec_get(&env, "bomFormat");
		if (f == NULL)
			return vj_shape(p, d, "a CycloneDX BOM (bomFormat "
			    "\"CycloneDX\")");
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected \"CycloneDX\", got '%.40s'",
		    f->val != NULL ? f->val : "?");
	}
	memset(&s, 0, sizeof(s));
	s.line = 1;
	s.tool = vj_env(p->js, "metadata.tools.0.name");
	s.tool_version = vj_env(p->js, "metadata.tools.0.version");
	if (s.tool == NULL) {
		s.tool = vj_env(p->js, "metadata.tools.components.0.name");
		s.tool_version = vj_env(p->js,
		    "metadata.tools.components.0.version");
	}
	if (s.tool == NULL) {
		s.tool = "cyclonedx";
		s.tool_version = NULL;
	}
	s.asset = p->o->asset;
	if (s.asset == NULL && (name = vj_env(p->js,
	    "metadata.component.name")) != NULL) {
		ver = vj_env(p->js, "metadata.component.version");
		assure_buf_reset(&c->asset);
		assure_buf_adds(&c->asset, name);
		if (ver != NULL)
			assure_buf_printf(&c->asset, "@%s", ver);
		if (assure_buf_err(&c->asset) == ASSURE_ERR_NOMEM)
			return jstream_error(p->js, NULL, NULL, d,
			    ASSURE_ERR_NOMEM, "out of memory");
		if (assure_buf_err(&c->asset) == ASSURE_OK)
			s.asset = c->asset.data;
	}
	if (s.asset == NULL)
		s.asset = vj_env(p->js, "serialNumber");
	if (s.asset == NULL)
		return vj_shape(p, d, "metadata.component before "
		    "vulnerabilities (or serialNumber, or --asset)");
	jstream_envelope(p->js, &env);
	rc = id_json_time(p->js, &env, "metadata.timestamp", true,
	    &s.finished, NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	s.complete = TRI_ABSENT;
	c->scanned = true;
	return vuln_emit_scan(p, &s, d);
}

static enum assure_err
cdx_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct vuln_parser *p = arg;
	struct cdx *c = p->state;
	struct vuln_finding x;
	const char *m, *w, *s;
	char k[96];
	int i;
	enum assure_err rc;

	if (r->pattern != 0)
		return ASSURE_OK;
	rc = cdx_scan(p, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.cvss = -1;
	rc = id_json_req(js, r, "id", &x.rule, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "description", &x.title, d);
	if (rc == ASSURE_OK && x.title == NULL)
		rc = vj_text(js, r, "detail", &x.title, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "analysis.state", &x.status, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "analysis.justification",
		    &x.justification, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; i < 256; i++) {
		snprintf(k, sizeof(k), "ratings.%d", i);
		if (jrec_get(r, k) == NULL)
			break;
		snprintf(k, sizeof(k), "ratings.%d.severity", i);
		w = jrec_str(r, k);
		if (x.severity == VSEV_ABSENT && vuln_sev_word(w) !=
		    VSEV_ABSENT) {
			x.severity = vuln_sev_word(w);
			x.severity_raw = w;
		}
		snprintf(k, sizeof(k), "ratings.%d.method", i);
		m = jrec_str(r, k);
		snprintf(k, sizeof(k), "ratings.%d.score", i);
		if (x.cvss < 0 && m != NULL && strncmp(m, "CVSS", 4) == 0 &&
		    vj_num(r, k) >= 0) {
			x.cvss = vj_num(r, k);
			if (x.severity == VSEV_ABSENT)
				x.severity_raw = jrec_get(r, k)->val;
		}
	}
	if (x.severity == VSEV_ABSENT && x.cvss >= 0)
		x.severity = vuln_sev_from_cvss(x.cvss);
	else if (x.severity == VSEV_ABSENT)
		x.severity_raw = NULL;
	assure_buf_reset(&c->cves);
	if (vj_is_cve(x.rule))
		vj_join(&c->cves, x.rule);
	for (i = 0; i < 4096; i++) {
		snprintf(k, sizeof(k), "references.%d", i);
		if (jrec_get(r, k) == NULL)
			break;
		snprintf(k, sizeof(k), "references.%d.id", i);
		if (vj_is_cve(s = jrec_str(r, k)))
			vj_join(&c->cves, s);
	}
	/* vj_join() keeps to VJ_TEXT_MAX: only memory can fail */
	if (assure_buf_err(&c->cves) != ASSURE_OK)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	x.cves = c->cves.len > 0 ? c->cves.data : NULL;
	for (i = 0; i < CDX_AFFECTS_MAX; i++) {
		snprintf(k, sizeof(k), "affects.%d", i);
		if (jrec_get(r, k) == NULL)
			break;
		snprintf(k, sizeof(k), "affects.%d.ref", i);
		rc = id_json_req(js, r, k, &x.location, d);
		if (rc == ASSURE_OK)
			rc = vuln_emit_finding(p, &x, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (i == 0) {
		x.location = "";
		return vuln_emit_finding(p, &x, d);
	}
	return ASSURE_OK;
}

static enum assure_err
cdx_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct cdx *c = p->state;
	struct jrec env;
	const char *fmt;

	jstream_envelope(p->js, &env);
	fmt = jrec_str(&env, "bomFormat");
	if (!c->scanned && fmt != NULL && strcmp(fmt, "CycloneDX") == 0 &&
	    jrec_get(&env, "vulnerabilities") == NULL)
		return vj_shape(p, d, "a CycloneDX VEX (vulnerabilities[]; "
		    "an SBOM alone lists no findings)");
	return cdx_scan(p, d);	/* also checks bomFormat */
}

const struct vuln_json_vendor vuln_vendor_cyclonedx = {
	cdx_patterns, cdx_init, cdx_record, cdx_finish, cdx_release,
};
