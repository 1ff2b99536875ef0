/*
 * vjson_trivy.c: Trivy JSON, schema 2 (FORMATS.md 7b): one document is
 * one scan of ArtifactName, its findings under Results[] (one per target
 * inside the artifact: the OS packages, each lock file or jar).
 *
 * Records: Results[].Vulnerabilities[], Results[].Misconfigurations[] and
 * Results[].Secrets[], streamed; the Result's Target, Class and the
 * document's ArtifactName, CreatedAt, Trivy.Version are the envelope.
 * Vulnerabilities absent or null (a clean target) is no finding; a report
 * without Results (Trivy omits an empty list) is a scan with none.  A
 * document with neither SchemaVersion nor ArtifactName (a Grype report, a
 * pre-0.20 bare array) is rejected, located; SchemaVersion other than 2
 * likewise.
 *
 * Scan: tool "trivy", tool_version Trivy.Version when given; asset
 * --asset, else ArtifactName, else Metadata.RepoTags[0], else
 * Metadata.ImageID (an error when none); finished CreatedAt (absent in
 * older versions); complete absent.
 *
 * Vulnerability: rule VulnerabilityID (required); title Title; location
 * "PkgName@InstalledVersion (Target)" (the Target keeps two lock files'
 * copies of one package apart); fixed_in FixedVersion; cvss the V3Score
 * of CVSS[SeveritySource], else CVSS.nvd, else the first vendor's;
 * status Status as Trivy gives it (affected, will_not_fix, fix_deferred,
 * end_of_life, under_investigation, not_affected, unknown) except "fixed",
 * which Trivy uses for "a fixed version exists" while the package is still
 * vulnerable: it becomes "fix_available" so that it never reads as
 * closed; cves the id when it is a CVE.
 * Misconfiguration: rule ID (else AVDID); title Title; location
 * "Target:CauseMetadata.StartLine" (or Target); status FAIL -> "fail",
 * PASS -> "passed", EXCEPTION -> "exception".
 * Secret: rule RuleID; title Title; location "Target:StartLine".
 *
 * Severity table (Severity, any case):
 *	CRITICAL -> critical	HIGH -> high	MEDIUM -> medium
 *	LOW -> low		UNKNOWN or absent -> from the cvss above
 *	(vuln_sev_from_cvss), absent when there is none.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/vparse_int.h"

#define TRIVY_TARGET_MAX	4096
#define TRIVY_ASSET_MAX		4096

static const char *const trivy_patterns[] = {
	"Results[].Vulnerabilities[]", "Results[].Misconfigurations[]",
	"Results[].Secrets[]", NULL
};

struct trivy {
	bool			scanned;
	long			result;		/* cached Results index */
	char			target[TRIVY_TARGET_MAX];
	struct assure_buf	loc;
	struct assure_buf	cves;
};

static enum assure_err
trivy_init(struct vuln_parser *p)
{
	struct trivy *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return ASSURE_ERR_NOMEM;
	t->result = -1;
	assure_buf_init(&t->loc, VJ_TEXT_MAX);
	assure_buf_init(&t->cves, VJ_TEXT_MAX);
	p->state = t;
	return ASSURE_OK;
}

static void
trivy_release(struct vuln_parser *p)
{
	struct trivy *t = p->state;

	if (t == NULL)
		return;
	assure_buf_free(&t->loc);
	assure_buf_free(&t->cves);
	free(t);
	p->state = NULL;
}

/* The scan, once: from the envelope as it is when first needed. */
static enum assure_err
trivy_scan(struct vuln_parser *p, struct assure_diag *d)
{
	struct trivy *t = p->state;
	struct vuln_scan s;
	struct jrec env;
	const struct jfield *f;
	const char *asset;
	enum assure_err rc;

	if (t->scanned)
		return ASSURE_OK;
	jstream_envelope(p->js, &env);
	f = jrec_get(&env, "SchemaVersion");
	if (f == NULL && jrec_get(&env, "ArtifactName") == NULL)
		return vj_shape(p, d, "a Trivy report (SchemaVersion, "
		    "ArtifactName, Results[])");
	if (f != NULL && (f->type != JT_NUMBER || strcmp(f->val, "2") != 0))
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected Trivy schema 2, got '%.20s'",
		    f->val != NULL ? f->val : "?");
	memset(&s, 0, sizeof(s));
	s.tool = "trivy";
	s.tool_version = vj_env(p->js, "Trivy.Version");
	asset = p->o->asset;
	if (asset == NULL)
		asset = vj_env(p->js, "ArtifactName");
	if (asset == NULL)
		asset = vj_env(p->js, "Metadata.RepoTags.0");
	if (asset == NULL)
		asset = vj_env(p->js, "Metadata.ImageID");
	if (asset == NULL)
		return vj_shape(p, d, "ArtifactName (or --asset)");
	s.asset = asset;
	s.line = 1;
	jstream_envelope(p->js, &env);
	rc = id_json_time(p->js, &env, "CreatedAt", true, &s.finished, NULL,
	    d);
	if (rc != ASSURE_OK)
		return rc;
	s.complete = TRI_ABSENT;
	t->scanned = true;
	return vuln_emit_scan(p, &s, d);
}

/* The V3Score of the preferred CVSS source, or -1. */
static double
trivy_cvss(const struct jrec *r, const char *source)
{
	char k[256];
	double v;
	size_t i, n;

	if (source != NULL) {
		snprintf(k, sizeof(k), "CVSS.%s.V3Score", source);
		if ((v = vj_num(r, k)) >= 0)
			return v;
	}
	if ((v = vj_num(r, "CVSS.nvd.V3Score")) >= 0)
		return v;
	for (i = 0; i < r->n; i++) {
		n = strlen(r->f[i].path);
		if (strncmp(r->f[i].path, "CVSS.", 5) == 0 && n > 8 &&
		    strcmp(r->f[i].path + n - 8, ".V3Score") == 0 &&
		    (v = vj_num(r, r->f[i].path)) >= 0)
			return v;
	}
	return -1;
}

static enum assure_err
trivy_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct vuln_parser *p = arg;
	struct trivy *t = p->state;
	struct vuln_finding x;
	const char *pkg = NULL, *ver = NULL, *src = NULL, *st = NULL;
	const char *line = NULL, *tg;
	char k[64];
	long n;
	enum assure_err rc;

	rc = trivy_scan(p, d);
	if (rc != ASSURE_OK)
		return rc;
	n = vj_index(r, "Results.");
	if (n != t->result) {
		t->result = n;
		snprintf(k, sizeof(k), "Results.%ld.Target", n);
		tg = vj_env(js, k);
		assure_strlcpy(t->target, tg != NULL ? tg : "",
		    sizeof(t->target));
	}
	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.cvss = -1;
	assure_buf_reset(&t->loc);
	assure_buf_reset(&t->cves);
	rc = vj_text(js, r, "Title", &x.title, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Severity", &x.severity_raw, d);
	if (rc != ASSURE_OK)
		return rc;
	x.severity = vuln_sev_word(x.severity_raw);
	if (r->pattern == 0) {
		rc = id_json_req(js, r, "VulnerabilityID", &x.rule, d);
		if (rc == ASSURE_OK)
			rc = id_json_req(js, r, "PkgName", &pkg, d);
		if (rc == ASSURE_OK)
			rc = vj_text(js, r, "InstalledVersion", &ver, d);
		if (rc == ASSURE_OK)
			rc = vj_text(js, r, "FixedVersion", &x.fixed_in, d);
		if (rc == ASSURE_OK)
			rc = vj_text(js, r, "SeveritySource", &src, d);
		if (rc == ASSURE_OK)
			rc = vj_text(js, r, "Status", &st, d);
		if (rc != ASSURE_OK)
			return rc;
		x.cvss = trivy_cvss(r, src);
		assure_buf_adds(&t->loc, pkg);
		if (ver != NULL)
			assure_buf_printf(&t->loc, "@%s", ver);
		if (t->target[0] != '\0')
			assure_buf_printf(&t->loc, " (%s)", t->target);
		x.status = st != NULL && strcmp(st, "fixed") == 0 ?
		    "fix_available" : st;
		if (vj_is_cve(x.rule))
			vj_join(&t->cves, x.rule);
	} else {
		if (r->pattern == 1) {
			rc = vj_text(js, r, "ID", &x.rule, d);
			if (rc == ASSURE_OK && x.rule == NULL)
				rc = id_json_req(js, r, "AVDID", &x.rule, d);
			if (rc == ASSURE_OK)
				rc = vj_text(js, r, "CauseMetadata.StartLine",
				    &line, d);
			if (rc == ASSURE_OK)
				rc = vj_text(js, r, "Status", &st, d);
			if (st != NULL)
				x.status = strcasecmp(st, "PASS") == 0 ?
				    "passed" : strcasecmp(st, "FAIL") == 0 ?
				    "fail" : strcasecmp(st, "EXCEPTION") == 0 ?
				    "exception" : st;
		} else {
			rc = id_json_req(js, r, "RuleID", &x.rule, d);
			if (rc == ASSURE_OK)
				rc = vj_text(js, r, "StartLine", &line, d);
		}
		if (rc != ASSURE_OK)
			return rc;
		assure_buf_adds(&t->loc, t->target);
		if (line != NULL)
			assure_buf_printf(&t->loc, ":%s", line);
	}
	if (x.severity == VSEV_ABSENT && x.cvss >= 0)
		x.severity = vuln_sev_from_cvss(x.cvss);
	if (assure_buf_err(&t->loc) != ASSURE_OK)
		return jstream_limit(js, r, NULL, d, assure_buf_err(&t->loc),
		    "location longer than %u bytes", VJ_TEXT_MAX);
	x.location = t->loc.len > 0 ? t->loc.data : "";
	/* vj_join() keeps to VJ_TEXT_MAX: only memory can fail */
	if (assure_buf_err(&t->cves) != ASSURE_OK)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	x.cves = t->cves.len > 0 ? t->cves.data : NULL;
	return vuln_emit_finding(p, &x, d);
}

static enum assure_err
trivy_finish(struct vuln_parser *p, struct assure_diag *d)
{
	return trivy_scan(p, d);
}

const struct vuln_json_vendor vuln_vendor_trivy = {
	trivy_patterns, trivy_init, trivy_record, trivy_finish, trivy_release,
};
