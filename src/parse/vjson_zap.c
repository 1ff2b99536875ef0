/*
 * vjson_zap.c: OWASP ZAP's traditional-json report (FORMATS.md 7d): one
 * scan per site[] (the target URL), its alerts[] the findings.
 *
 * Records: site[].alerts[], streamed; the site's @name, @host and the
 * report's @version are the envelope.  A site without alerts is a scan
 * with no finding (emitted at the end); a document without site[] is
 * rejected, located.  Every number is a string in this format; both are
 * accepted.
 *
 * Scan: tool "zap" (the report says "OWASP ZAP" or "ZAP" by version: a
 * fixed name keeps fingerprints across upgrades); tool_version @version;
 * asset --asset, else the site's @name (else @host); times absent:
 * @generated is local time without a zone ("Thu, 17 Jun 2021 16:04:28"),
 * not an instant, so the ingest's --as-of stands; complete absent.
 *
 * Finding: one per instances[] element (one with location "" when an
 * alert has none): rule pluginid (else alertRef); title name (else
 * alert); location the instance's uri, plus " param=<param>" when it
 * names one (the same URL's two parameters are two findings); status,
 * fixed_in, cves, justification absent; cvss -1.
 *
 * Severity table (riskcode): 3 -> high, 2 -> medium, 1 -> low,
 * 0 -> info (ZAP has no critical); raw the riskcode.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/vparse_int.h"

#define ZAP_SITES_MAX		65536
#define ZAP_INSTANCES_MAX	65536

static const char *const zap_patterns[] = { "site[].alerts[]", NULL };

struct zap {
	bool			*done;
	size_t			 ndone;
	long			 site;
	struct assure_buf	 loc;
};

static enum assure_err
zap_init(struct vuln_parser *p)
{
	struct zap *z = calloc(1, sizeof(*z));

	if (z == NULL)
		return ASSURE_ERR_NOMEM;
	z->site = -1;
	assure_buf_init(&z->loc, VJ_TEXT_MAX);
	p->state = z;
	return ASSURE_OK;
}

static void
zap_release(struct vuln_parser *p)
{
	struct zap *z = p->state;

	if (z == NULL)
		return;
	free(z->done);
	assure_buf_free(&z->loc);
	free(z);
	p->state = NULL;
}

static enum assure_err
zap_scan(struct vuln_parser *p, long site, unsigned long line,
    struct assure_diag *d)
{
	struct zap *z = p->state;
	struct vuln_scan s;
	char k[64];
	bool *n;
	size_t cap;

	if (site < 0 || site >= ZAP_SITES_MAX)
		return assure_diag_set(d, ASSURE_ERR_LIMIT,
		    jstream_source(p->js), line, 1, "site", "more than %d "
		    "sites", ZAP_SITES_MAX);
	if ((size_t)site >= z->ndone) {
		cap = (size_t)site + 64;
		if ((n = realloc(z->done, cap * sizeof(*n))) == NULL)
			return assure_diag_set(d, ASSURE_ERR_NOMEM,
			    jstream_source(p->js), 0, 0, NULL, "out of memory");
		memset(n + z->ndone, 0, (cap - z->ndone) * sizeof(*n));
		z->done = n;
		z->ndone = cap;
	}
	z->done[site] = true;
	memset(&s, 0, sizeof(s));
	s.line = line;
	s.tool = "zap";
	s.tool_version = vj_env(p->js, "@version");
	s.asset = p->o->asset;
	if (s.asset == NULL) {
		snprintf(k, sizeof(k), "site.%ld.@name", site);
		s.asset = vj_env(p->js, k);
	}
	if (s.asset == NULL) {
		snprintf(k, sizeof(k), "site.%ld.@host", site);
		s.asset = vj_env(p->js, k);
	}
	if (s.asset == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), line, 1, k, "expected the site's "
		    "@name before its alerts (or --asset), got none");
	s.complete = TRI_ABSENT;
	return vuln_emit_scan(p, &s, d);
}

static enum assure_err
zap_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct vuln_parser *p = arg;
	struct zap *z = p->state;
	struct vuln_finding x;
	const char *uri, *param;
	char k[96];
	long site = vj_index(r, "site.");
	int i;
	enum assure_err rc;

	if (site != z->site) {
		z->site = site;
		rc = zap_scan(p, site, r->line, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.cvss = -1;
	rc = vj_text(js, r, "pluginid", &x.rule, d);
	if (rc == ASSURE_OK && x.rule == NULL)
		rc = id_json_req(js, r, "alertRef", &x.rule, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "name", &x.title, d);
	if (rc == ASSURE_OK && x.title == NULL)
		rc = vj_text(js, r, "alert", &x.title, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "riskcode", &x.severity_raw, d);
	if (rc != ASSURE_OK)
		return rc;
	x.severity = strcmp(x.severity_raw, "3") == 0 ? VSEV_HIGH :
	    strcmp(x.severity_raw, "2") == 0 ? VSEV_MEDIUM :
	    strcmp(x.severity_raw, "1") == 0 ? VSEV_LOW :
	    strcmp(x.severity_raw, "0") == 0 ? VSEV_INFO : VSEV_ABSENT;
	if (x.severity == VSEV_ABSENT)
		return jstream_error(js, r, jrec_get(r, "riskcode"), d,
		    ASSURE_ERR_PARSE, "expected a riskcode 0 to 3, got "
		    "'%.20s'", x.severity_raw);
	for (i = 0; i < ZAP_INSTANCES_MAX; i++) {
		snprintf(k, sizeof(k), "instances.%d", i);
		if (jrec_get(r, k) == NULL)
			break;
		snprintf(k, sizeof(k), "instances.%d.uri", i);
		rc = vj_text(js, r, k, &uri, d);
		snprintf(k, sizeof(k), "instances.%d.param", i);
		if (rc == ASSURE_OK)
			rc = vj_text(js, r, k, &param, d);
		if (rc != ASSURE_OK)
			return rc;
		assure_buf_reset(&z->loc);
		if (uri != NULL)
			assure_buf_adds(&z->loc, uri);
		if (param != NULL)
			assure_buf_printf(&z->loc, " param=%s", param);
		if (assure_buf_err(&z->loc) != ASSURE_OK)
			return jstream_limit(js, r, NULL, d,
			    assure_buf_err(&z->loc),
			    "location longer than %u bytes", VJ_TEXT_MAX);
		x.location = z->loc.len > 0 ? z->loc.data : "";
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
zap_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct zap *z = p->state;
	struct jrec env;
	const struct jfield *f;
	const char *e;
	char *end;
	long site;
	size_t i;
	enum assure_err rc;

	jstream_envelope(p->js, &env);
	f = jrec_get(&env, "site");
	if (f == NULL || f->type != JT_ARRAY)
		return vj_shape(p, d, "a ZAP traditional-json report "
		    "(site[])");
	for (i = 0; i < env.n; i++) {
		if (env.f[i].type != JT_MAP ||
		    strncmp(env.f[i].path, "site.", 5) != 0)
			continue;
		e = env.f[i].path + 5;
		site = strtol(e, &end, 10);
		if (end == e || *end != '\0')
			continue;
		if ((size_t)site < z->ndone && z->done[site])
			continue;
		rc = zap_scan(p, site, env.f[i].line, d);
		if (rc != ASSURE_OK)
			return rc;
		jstream_envelope(p->js, &env);
	}
	return ASSURE_OK;
}

const struct vuln_json_vendor vuln_vendor_zap_json = {
	zap_patterns, zap_init, zap_record, zap_finish, zap_release,
};
