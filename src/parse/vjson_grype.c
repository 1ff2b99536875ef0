/*
 * vjson_grype.c: Grype JSON (`grype -o json`, FORMATS.md 7c): one
 * document is one scan of source.target, its findings under matches[].
 *
 * Records: matches[], streamed.  Grype writes matches[] BEFORE source and
 * descriptor, so the scan (asset, version, time) is known only at the
 * end: the normalised findings wait in memory (GRYPE_PENDING_MAX bytes,
 * about a million findings; beyond it a located LIMIT error) and are
 * emitted after the scan at the end.  A document whose source precedes
 * matches[] streams without waiting.  A document without matches (a
 * Trivy report given as grype) is rejected, located; "matches": [] is a
 * scan with no finding.
 *
 * Scan: tool descriptor.name (else "grype"), tool_version
 * descriptor.version; asset --asset, else source.target.userInput, else
 * source.target when it is a string (a directory scan), else
 * source.target.imageID; finished descriptor.timestamp (newer versions);
 * complete absent.
 *
 * Finding: rule vulnerability.id (required); title
 * vulnerability.description (else the first related one's); location
 * "artifact.name@artifact.version"; fixed_in fix.versions joined by ',';
 * status from fix.state: fixed -> "fix_available" (a fix exists, the
 * package is still vulnerable), not-fixed -> "affected", wont-fix ->
 * "will_not_fix", unknown -> absent; cvss the first
 * vulnerability.cvss[].metrics.baseScore of a 3.x version (else any,
 * else the related vulnerabilities'); cves every CVE id among
 * vulnerability.id and relatedVulnerabilities[].id.
 *
 * Severity table (vulnerability.severity, Title case):
 *	Critical -> critical	High -> high	Medium -> medium
 *	Low -> low		Negligible -> info
 *	Unknown or absent -> from the cvss above (vuln_sev_from_cvss),
 *	absent when there is none.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/vparse_int.h"

#define GRYPE_PENDING_MAX	(256u * 1024 * 1024)
#define GRYPE_NSTR		8

static const char *const grype_patterns[] = { "matches[]", NULL };

struct grype {
	bool			scanned;
	struct assure_buf	pending;	/* packed findings */
	struct assure_buf	loc;
	struct assure_buf	fixed;
	struct assure_buf	cves;
};

/* A packed finding: this header, then GRYPE_NSTR strings (flag, text). */
struct grype_hdr {
	unsigned long	line;
	double		cvss;
	enum vuln_sev	severity;
};

static enum assure_err
grype_init(struct vuln_parser *p)
{
	struct grype *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return ASSURE_ERR_NOMEM;
	assure_buf_init(&g->pending, GRYPE_PENDING_MAX);
	assure_buf_init(&g->loc, VJ_TEXT_MAX);
	assure_buf_init(&g->fixed, VJ_TEXT_MAX);
	assure_buf_init(&g->cves, VJ_TEXT_MAX);
	p->state = g;
	return ASSURE_OK;
}

static void
grype_release(struct vuln_parser *p)
{
	struct grype *g = p->state;

	if (g == NULL)
		return;
	assure_buf_free(&g->pending);
	assure_buf_free(&g->loc);
	assure_buf_free(&g->fixed);
	assure_buf_free(&g->cves);
	free(g);
	p->state = NULL;
}

static enum assure_err
grype_scan(struct vuln_parser *p, struct assure_diag *d)
{
	struct grype *g = p->state;
	struct vuln_scan s;
	struct jrec env;
	enum assure_err rc;

	memset(&s, 0, sizeof(s));
	s.line = 1;
	s.tool = vj_env(p->js, "descriptor.name");
	if (s.tool == NULL)
		s.tool = "grype";
	s.tool_version = vj_env(p->js, "descriptor.version");
	s.asset = p->o->asset;
	if (s.asset == NULL)
		s.asset = vj_env(p->js, "source.target.userInput");
	if (s.asset == NULL)
		s.asset = vj_env(p->js, "source.target");
	if (s.asset == NULL)
		s.asset = vj_env(p->js, "source.target.imageID");
	if (s.asset == NULL)
		return vj_shape(p, d, "source.target.userInput (or --asset)");
	jstream_envelope(p->js, &env);
	rc = id_json_time(p->js, &env, "descriptor.timestamp", true,
	    &s.finished, NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	s.complete = TRI_ABSENT;
	g->scanned = true;
	return vuln_emit_scan(p, &s, d);
}

static void
pack_str(struct assure_buf *b, const char *s)
{
	assure_buf_addc(b, s != NULL ? 1 : 0);
	if (s != NULL)
		assure_buf_add(b, s, strlen(s) + 1);
}

static const char *
unpack_str(const char **at)
{
	const char *s;

	if (*(*at)++ == 0)
		return NULL;
	s = *at;
	*at += strlen(s) + 1;
	return s;
}

static enum assure_err
grype_cvss(const struct jrec *r, const char *prefix, double *ret)
{
	char k[128];
	const char *v;
	double any = -1, x;
	int i;

	*ret = -1;
	for (i = 0; i < 64; i++) {
		snprintf(k, sizeof(k), "%scvss.%d.metrics.baseScore", prefix,
		    i);
		if ((x = vj_num(r, k)) < 0) {
			snprintf(k, sizeof(k), "%scvss.%d", prefix, i);
			if (jrec_get(r, k) == NULL)
				break;
			continue;
		}
		snprintf(k, sizeof(k), "%scvss.%d.version", prefix, i);
		v = jrec_str(r, k);
		if (v != NULL && v[0] == '3') {
			*ret = x;
			return ASSURE_OK;
		}
		if (any < 0)
			any = x;
	}
	*ret = any;
	return ASSURE_OK;
}

static enum assure_err
grype_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct vuln_parser *p = arg;
	struct grype *g = p->state;
	struct vuln_finding x;
	struct grype_hdr h;
	const char *name, *ver = NULL, *state = NULL, *s;
	char k[128];
	int i;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.line = r->line;
	assure_buf_reset(&g->loc);
	assure_buf_reset(&g->fixed);
	assure_buf_reset(&g->cves);
	rc = id_json_req(js, r, "vulnerability.id", &x.rule, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "vulnerability.severity", &x.severity_raw,
		    d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "vulnerability.description", &x.title, d);
	if (rc == ASSURE_OK && x.title == NULL)
		rc = vj_text(js, r, "relatedVulnerabilities.0.description",
		    &x.title, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "artifact.name", &name, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "artifact.version", &ver, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "vulnerability.fix.state", &state, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; i < 256; i++) {
		snprintf(k, sizeof(k), "vulnerability.fix.versions.%d", i);
		if ((s = jrec_str(r, k)) == NULL)
			break;
		vj_join(&g->fixed, s);
	}
	if (vj_is_cve(x.rule))
		vj_join(&g->cves, x.rule);
	for (i = 0; i < 4096; i++) {
		snprintf(k, sizeof(k), "relatedVulnerabilities.%d", i);
		if (jrec_get(r, k) == NULL)
			break;
		snprintf(k, sizeof(k), "relatedVulnerabilities.%d.id", i);
		if (vj_is_cve(s = jrec_str(r, k)))
			vj_join(&g->cves, s);
	}
	grype_cvss(r, "vulnerability.", &x.cvss);
	if (x.cvss < 0)
		grype_cvss(r, "relatedVulnerabilities.0.", &x.cvss);
	x.severity = vuln_sev_word(x.severity_raw);
	if (x.severity == VSEV_ABSENT && x.cvss >= 0)
		x.severity = vuln_sev_from_cvss(x.cvss);
	if (state != NULL)
		x.status = strcmp(state, "fixed") == 0 ? "fix_available" :
		    strcmp(state, "not-fixed") == 0 ? "affected" :
		    strcmp(state, "wont-fix") == 0 ? "will_not_fix" : NULL;
	assure_buf_adds(&g->loc, name);
	if (ver != NULL)
		assure_buf_printf(&g->loc, "@%s", ver);
	if (assure_buf_err(&g->loc) != ASSURE_OK)
		return jstream_limit(js, r, NULL, d, assure_buf_err(&g->loc),
		    "location longer than %u bytes", VJ_TEXT_MAX);
	x.location = g->loc.data;
	/* vj_join() keeps to VJ_TEXT_MAX: only memory can fail */
	if (assure_buf_err(&g->fixed) != ASSURE_OK ||
	    assure_buf_err(&g->cves) != ASSURE_OK)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	x.fixed_in = g->fixed.len > 0 ? g->fixed.data : NULL;
	x.cves = g->cves.len > 0 ? g->cves.data : NULL;
	/* The scan is known when source came first: stream. */
	if (!g->scanned && g->pending.len == 0 &&
	    vj_env(js, "source.type") != NULL) {
		rc = grype_scan(p, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (g->scanned)
		return vuln_emit_finding(p, &x, d);
	h.line = x.line;
	h.cvss = x.cvss;
	h.severity = x.severity;
	assure_buf_add(&g->pending, &h, sizeof(h));
	pack_str(&g->pending, x.rule);
	pack_str(&g->pending, x.title);
	pack_str(&g->pending, x.severity_raw);
	pack_str(&g->pending, x.location);
	pack_str(&g->pending, x.fixed_in);
	pack_str(&g->pending, x.status);
	pack_str(&g->pending, x.cves);
	if (assure_buf_err(&g->pending) != ASSURE_OK)
		return jstream_limit(js, r, NULL, d,
		    assure_buf_err(&g->pending),
		    "more than %u bytes of findings before source (give "
		    "--asset and put source first, or split the report)",
		    GRYPE_PENDING_MAX);
	return ASSURE_OK;
}

static enum assure_err
grype_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct grype *g = p->state;
	struct vuln_finding x;
	struct grype_hdr h;
	struct jrec env;
	const char *at, *end;
	enum assure_err rc;

	jstream_envelope(p->js, &env);
	if (jrec_get(&env, "matches") == NULL)
		return vj_shape(p, d, "a Grype report (matches[])");
	if (g->scanned)
		return ASSURE_OK;
	rc = grype_scan(p, d);
	if (rc != ASSURE_OK)
		return rc;
	if (g->pending.len == 0)
		return ASSURE_OK;
	at = g->pending.data;
	end = at + g->pending.len;
	while (at < end) {
		memcpy(&h, at, sizeof(h));
		at += sizeof(h);
		memset(&x, 0, sizeof(x));
		x.line = h.line;
		x.cvss = h.cvss;
		x.severity = h.severity;
		x.rule = unpack_str(&at);
		x.title = unpack_str(&at);
		x.severity_raw = unpack_str(&at);
		x.location = unpack_str(&at);
		x.fixed_in = unpack_str(&at);
		x.status = unpack_str(&at);
		x.cves = unpack_str(&at);
		rc = vuln_emit_finding(p, &x, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

const struct vuln_json_vendor vuln_vendor_grype = {
	grype_patterns, grype_init, grype_record, grype_finish, grype_release,
};
