/*
 * vjson_asff.c: AWS Security Hub findings in ASFF (FORMATS.md 9c).  A
 * file is a list of findings across resources, in any of three envelopes:
 * GetFindings' {"Findings": [...]} (DefectDojo's lowercase "findings"
 * too), EventBridge's {"detail": {"findings": [...]}}, or a bare array.
 * A document with none of them is rejected, located; an empty list is no
 * scan and no finding (it names no resource).
 *
 * Scan: one per (tool, resource), emitted the first time a finding names
 * it (ASFF_ASSETS_MAX of them).  Security Hub lists findings, not scans:
 * complete is false (a finding not listed is not thereby fixed) and the
 * times are absent.  tool ProductName, else
 * ProductFields["aws/securityhub/ProductName"], else the GeneratorId up
 * to its first '/'; asset --asset, else Resources[0].Id (required).
 *
 * Finding: rule Vulnerabilities[0].Id when the finding is a
 * vulnerability (Inspector), else GeneratorId (required); title Title;
 * location "Name@Version" of Vulnerabilities[0].VulnerablePackages[0]
 * ("" for a control finding: the resource is the asset); fixed_in that
 * package's FixedInVersion; cvss Vulnerabilities[0].Cvss[0].BaseScore;
 * cves every CVE among Vulnerabilities[].Id.  status: "resolved" when
 * Workflow.Status is RESOLVED or RecordState is ARCHIVED, else "passed"
 * when Compliance.Status is PASSED, else "suppressed" for Workflow.Status
 * SUPPRESSED, else Compliance.Status lowercased (failed, warning,
 * not_available), else Workflow.Status lowercased (new, notified), so
 * that the lifecycle can close what Security Hub closed.
 *
 * Severity table: Severity.Label (INFORMATIONAL -> info, LOW, MEDIUM,
 * HIGH, CRITICAL -> the same); without a label the legacy
 * Severity.Normalized 0-100: 0 -> info, 1-39 -> low, 40-69 -> medium,
 * 70-89 -> high, 90-100 -> critical (AWS's own bands); raw the label or
 * the number.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parse/vparse_int.h"

#define ASFF_ASSETS_MAX	1000000u
#define ASFF_KEY_MAX	4096

static const char *const asff_patterns[] = {
	"Findings[]", "findings[]", "detail.findings[]", "[]", NULL
};

struct asff {
	char			**set;		/* open addressing */
	size_t			  cap;
	size_t			  n;
	struct assure_buf	  key;
	struct assure_buf	  loc;
	struct assure_buf	  cves;
	char			  tool[256];
	char			  status[64];
};

static enum assure_err
asff_init(struct vuln_parser *p)
{
	struct asff *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return ASSURE_ERR_NOMEM;
	assure_buf_init(&a->key, ASFF_KEY_MAX);
	assure_buf_init(&a->loc, VJ_TEXT_MAX);
	assure_buf_init(&a->cves, VJ_TEXT_MAX);
	p->state = a;
	return ASSURE_OK;
}

static void
asff_release(struct vuln_parser *p)
{
	struct asff *a = p->state;
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->cap; i++)
		free(a->set[i]);
	free(a->set);
	assure_buf_free(&a->key);
	assure_buf_free(&a->loc);
	assure_buf_free(&a->cves);
	free(a);
	p->state = NULL;
}

static size_t
hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Add k to the set: 1 when new, 0 when there, -1 on failure. */
static int
set_add(struct asff *a, const char *k)
{
	char **ns;
	size_t i, j, ncap;

	if (a->cap == 0 || (a->n + 1) * 2 > a->cap) {
		ncap = a->cap == 0 ? 64 : a->cap * 2;
		if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
			return -1;
		for (i = 0; i < a->cap; i++) {
			if (a->set[i] == NULL)
				continue;
			for (j = hash(a->set[i]) & (ncap - 1); ns[j] != NULL;
			    j = (j + 1) & (ncap - 1))
				;
			ns[j] = a->set[i];
		}
		free(a->set);
		a->set = ns;
		a->cap = ncap;
	}
	for (j = hash(k) & (a->cap - 1); a->set[j] != NULL;
	    j = (j + 1) & (a->cap - 1))
		if (strcmp(a->set[j], k) == 0)
			return 0;
	if ((a->set[j] = strdup(k)) == NULL)
		return -1;
	a->n++;
	return 1;
}

static const char *
lower(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
	return out;
}

static enum assure_err
asff_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct vuln_parser *p = arg;
	struct asff *a = p->state;
	struct vuln_finding x;
	struct vuln_scan s;
	const char *tool, *gen, *res, *wf, *rs, *cs, *pkg, *ver, *v;
	char k[96];
	double n;
	int i, added;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.cvss = -1;
	rc = id_json_req(js, r, "GeneratorId", &gen, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "Resources.0.Id", &res, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "ProductName", &tool, d);
	if (rc == ASSURE_OK && tool == NULL)
		rc = vj_text(js, r, "ProductFields.aws/securityhub/ProductName",
		    &tool, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Title", &x.title, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Workflow.Status", &wf, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "RecordState", &rs, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Compliance.Status", &cs, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Severity.Label", &x.severity_raw, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Vulnerabilities.0.Id", &x.rule, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "Vulnerabilities.0.VulnerablePackages.0.Name",
		    &pkg, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r,
		    "Vulnerabilities.0.VulnerablePackages.0.Version", &ver, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r,
		    "Vulnerabilities.0.VulnerablePackages.0.FixedInVersion",
		    &x.fixed_in, d);
	if (rc != ASSURE_OK)
		return rc;
	if (tool == NULL) {
		assure_strlcpy(a->tool, gen, sizeof(a->tool));
		a->tool[strcspn(a->tool, "/")] = '\0';
		tool = a->tool;
	}
	if (p->o->asset != NULL)
		res = p->o->asset;
	/* the scan of (tool, resource), the first time */
	assure_buf_reset(&a->key);
	assure_buf_printf(&a->key, "%s\n%s", tool, res);
	if (assure_buf_err(&a->key) != ASSURE_OK)
		return jstream_limit(js, r, jrec_get(r, "Resources.0.Id"), d,
		    assure_buf_err(&a->key), "resource id longer than %u bytes",
		    ASFF_KEY_MAX);
	if (a->n >= ASFF_ASSETS_MAX)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_LIMIT,
		    "more than %u resources", ASFF_ASSETS_MAX);
	if ((added = set_add(a, a->key.data)) < 0)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	if (added) {
		memset(&s, 0, sizeof(s));
		s.line = r->line;
		s.tool = tool;
		s.asset = res;
		s.complete = TRI_FALSE;
		rc = vuln_emit_scan(p, &s, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (x.rule == NULL)
		x.rule = gen;
	x.severity = vuln_sev_word(x.severity_raw);
	if (x.severity_raw == NULL &&
	    (n = vj_num(r, "Severity.Normalized")) >= 0) {
		x.severity_raw = jrec_get(r, "Severity.Normalized")->val;
		x.severity = n >= 90 ? VSEV_CRITICAL : n >= 70 ? VSEV_HIGH :
		    n >= 40 ? VSEV_MEDIUM : n >= 1 ? VSEV_LOW : VSEV_INFO;
	}
	x.cvss = vj_num(r, "Vulnerabilities.0.Cvss.0.BaseScore");
	assure_buf_reset(&a->cves);
	for (i = 0; i < 4096; i++) {
		snprintf(k, sizeof(k), "Vulnerabilities.%d", i);
		if (jrec_get(r, k) == NULL)
			break;
		snprintf(k, sizeof(k), "Vulnerabilities.%d.Id", i);
		if (vj_is_cve(v = jrec_str(r, k)))
			vj_join(&a->cves, v);
	}
	/* vj_join() keeps to VJ_TEXT_MAX: only memory can fail */
	if (assure_buf_err(&a->cves) != ASSURE_OK)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	x.cves = a->cves.len > 0 ? a->cves.data : NULL;
	assure_buf_reset(&a->loc);
	if (pkg != NULL) {
		assure_buf_adds(&a->loc, pkg);
		if (ver != NULL)
			assure_buf_printf(&a->loc, "@%s", ver);
	}
	if (assure_buf_err(&a->loc) != ASSURE_OK)
		return jstream_limit(js, r, NULL, d, assure_buf_err(&a->loc),
		    "location longer than %u bytes", VJ_TEXT_MAX);
	x.location = a->loc.len > 0 ? a->loc.data : "";
	if ((wf != NULL && strcmp(wf, "RESOLVED") == 0) ||
	    (rs != NULL && strcmp(rs, "ARCHIVED") == 0))
		x.status = "resolved";
	else if (cs != NULL && strcmp(cs, "PASSED") == 0)
		x.status = "passed";
	else if (wf != NULL && strcmp(wf, "SUPPRESSED") == 0)
		x.status = "suppressed";
	else if (cs != NULL)
		x.status = lower(a->status, sizeof(a->status), cs);
	else if (wf != NULL)
		x.status = lower(a->status, sizeof(a->status), wf);
	return vuln_emit_finding(p, &x, d);
}

static enum assure_err
asff_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct jrec env;
	const struct jfield *f;

	jstream_envelope(p->js, &env);
	if (((f = jrec_get(&env, "Findings")) != NULL ||
	    (f = jrec_get(&env, "findings")) != NULL ||
	    (f = jrec_get(&env, "detail.findings")) != NULL ||
	    (f = jrec_get(&env, "")) != NULL) && f->type == JT_ARRAY)
		return ASSURE_OK;
	return vj_shape(p, d, "ASFF findings (Findings[], detail.findings[] "
	    "or a bare array)");
}

const struct vuln_json_vendor vuln_vendor_asff = {
	asff_patterns, asff_init, asff_record, asff_finish, asff_release,
};
