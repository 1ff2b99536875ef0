/*
 * vjson_sarif.c: SARIF 2.1.0 from any tool (FORMATS.md 7a).  Each of
 * runs[] is one scan; a file may hold several.
 *
 * Streaming: runs[].results[] are records (a 500 MB log streams in the
 * memory of one result), and so are the parts of a run that grow with
 * the code base: tool.driver.rules[] and tool.extensions[].rules[] (kept,
 * compactly, for the current run: SARIF_RULES_MAX), invocations[] and
 * artifacts[] (the first is kept), and logicalLocations[],
 * threadFlowLocations[], taxonomies[], graphs[], addresses[],
 * webRequests[], webResponses[], policies[], translations[] and the
 * notifications[]/taxa[] of tool components (ignored).  The rest of a run
 * (tool.driver.name/version, versionControlProvenance,
 * originalUriBaseIds) is the envelope.  The scan is emitted at the run's
 * first result (so tool must come before results, as every producer
 * writes it; otherwise a located error), or at the end for a run without
 * results.
 *
 * Scan: tool tool.driver.name (required), tool_version driver.version,
 * else semanticVersion; asset --asset, else
 * versionControlProvenance[0].repositoryUri, else the absolute
 * originalUriBaseIds[b].uri of the first artifact's uriBaseId b, else
 * "sarif:<tool>"; started/finished invocations[0].startTimeUtc/
 * endTimeUtc; complete false when an invocation says
 * executionSuccessful false, true when all say true, else absent.
 *
 * Finding: rule ruleId, else rule.id, else the id of the rule at
 * ruleIndex (rule.index, in the driver or in extension
 * rule.toolComponent.index), else the driver rule whose id (or name) and
 * a space begin message.text (Gitleaks 7 names no rule), else "(none)";
 * title the rule's shortDescription.text, else its name, else
 * message.text; location "uri:startLine" of
 * locations[0].physicalLocation (uri alone without a region; the
 * logical location's fullyQualifiedName when there is no physical one;
 * "" when none); status "suppressed" when a suppression is accepted (or
 * has no status), "resolved" when baselineState is "absent", else kind
 * ("fail" when absent, the spec default; "pass" -> "passed"); cves the
 * rule when it is a CVE id; cvss -1 (security-severity is GitHub's
 * score, not a CVSS vector's).
 *
 * Severity table: properties["security-severity"] of the result, else of
 * its rule (a number, GitHub's convention) -> vuln_sev_from_cvss, raw the
 * number; else level (the result's, else the rule's
 * defaultConfiguration.level, else "warning", the spec default):
 *	error -> high	warning -> medium	note -> low	none -> info
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "parse/vparse_int.h"

#define SARIF_RULES_MAX		200000	/* rules of one run */
#define SARIF_RUNS_MAX		65536
#define SARIF_STR_MAX		1024	/* a kept rule string */

static const char *const sarif_patterns[] = {
	"runs[].results[]",			/* 0 */
	"runs[].tool.driver.rules[]",		/* 1 */
	"runs[].tool.extensions[].rules[]",	/* 2 */
	"runs[].invocations[]",			/* 3 */
	"runs[].artifacts[]",			/* 4 */
	"runs[].logicalLocations[]", "runs[].threadFlowLocations[]",
	"runs[].taxonomies[]", "runs[].graphs[]", "runs[].addresses[]",
	"runs[].webRequests[]", "runs[].webResponses[]", "runs[].policies[]",
	"runs[].translations[]", "runs[].tool.driver.notifications[]",
	"runs[].tool.driver.taxa[]", "runs[].tool.extensions[].notifications[]",
	"runs[].tool.extensions[].taxa[]",
	NULL
};

struct sarif_rule {
	long	 comp;		/* -1: the driver; else the extension */
	long	 idx;		/* its index there */
	char	*id;
	char	*name;
	char	*title;
	char	*level;
	char	*secsev;
};

struct sarif {
	long			 run;		/* current run, -1 before */
	bool			 scanned;	/* its scan emitted */
	bool			*done;		/* runs handled */
	size_t			 ndone;
	struct sarif_rule	*rules;
	size_t			 nrules;
	size_t			 caprules;
	bool			 has_inv;
	struct opt_time		 started;
	struct opt_time		 finished;
	enum tri		 complete;
	char			 art_base[SARIF_STR_MAX];	/* uriBaseId */
	struct assure_buf	 loc;
	struct assure_buf	 tmp;
};

static char *
dup_cap(const char *s)
{
	size_t n;
	char *c;

	if (s == NULL)
		return NULL;
	n = strnlen(s, SARIF_STR_MAX);
	if ((c = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static void
rules_clear(struct sarif *s)
{
	size_t i;

	for (i = 0; i < s->nrules; i++) {
		free(s->rules[i].id);
		free(s->rules[i].name);
		free(s->rules[i].title);
		free(s->rules[i].level);
		free(s->rules[i].secsev);
	}
	s->nrules = 0;
}

static enum assure_err
sarif_init(struct vuln_parser *p)
{
	struct sarif *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return ASSURE_ERR_NOMEM;
	s->run = -1;
	assure_buf_init(&s->loc, VJ_TEXT_MAX);
	assure_buf_init(&s->tmp, VJ_TEXT_MAX);
	p->state = s;
	return ASSURE_OK;
}

static void
sarif_release(struct vuln_parser *p)
{
	struct sarif *s = p->state;

	if (s == NULL)
		return;
	rules_clear(s);
	free(s->rules);
	free(s->done);
	assure_buf_free(&s->loc);
	assure_buf_free(&s->tmp);
	free(s);
	p->state = NULL;
}

static enum assure_err
mark_done(struct vuln_parser *p, long run, struct assure_diag *d)
{
	struct sarif *s = p->state;
	bool *n;
	size_t cap;

	if (run < 0)
		return ASSURE_OK;
	if (run >= SARIF_RUNS_MAX)
		return assure_diag_set(d, ASSURE_ERR_LIMIT,
		    jstream_source(p->js), 0, 0, "runs", "more than %d runs",
		    SARIF_RUNS_MAX);
	if ((size_t)run >= s->ndone) {
		cap = (size_t)run + 64;
		if ((n = realloc(s->done, cap * sizeof(*n))) == NULL)
			return assure_diag_set(d, ASSURE_ERR_NOMEM,
			    jstream_source(p->js), 0, 0, NULL, "out of memory");
		memset(n + s->ndone, 0, (cap - s->ndone) * sizeof(*n));
		s->done = n;
		s->ndone = cap;
	}
	s->done[run] = true;
	return ASSURE_OK;
}

/* Emit the scan of run (the current one when cur). */
static enum assure_err
sarif_scan(struct vuln_parser *p, long run, bool cur, unsigned long line,
    unsigned long col, struct assure_diag *d)
{
	struct sarif *s = p->state;
	struct vuln_scan x;
	char k[SARIF_STR_MAX + 64], fallback[SARIF_STR_MAX + 16];
	const char *u;
	enum assure_err rc;

	rc = mark_done(p, run, d);
	if (rc != ASSURE_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.line = line;
	snprintf(k, sizeof(k), "runs.%ld.tool.driver.name", run);
	x.tool = vj_env(p->js, k);
	if (x.tool == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), line, col, k, "expected the run's "
		    "tool.driver.name before its results, got none");
	snprintf(k, sizeof(k), "runs.%ld.tool.driver.version", run);
	x.tool_version = vj_env(p->js, k);
	if (x.tool_version == NULL) {
		snprintf(k, sizeof(k), "runs.%ld.tool.driver.semanticVersion",
		    run);
		x.tool_version = vj_env(p->js, k);
	}
	x.asset = p->o->asset;
	if (x.asset == NULL) {
		snprintf(k, sizeof(k),
		    "runs.%ld.versionControlProvenance.0.repositoryUri", run);
		x.asset = vj_env(p->js, k);
	}
	if (x.asset == NULL && cur && s->art_base[0] != '\0') {
		snprintf(k, sizeof(k), "runs.%ld.originalUriBaseIds.%s.uri",
		    run, s->art_base);
		u = vj_env(p->js, k);
		if (u != NULL && strstr(u, "://") != NULL)
			x.asset = u;
	}
	if (x.asset == NULL) {
		snprintf(fallback, sizeof(fallback), "sarif:%s", x.tool);
		x.asset = fallback;
	}
	if (cur) {
		x.started = s->started;
		x.finished = s->finished;
		x.complete = s->complete;
		s->scanned = true;
	}
	return vuln_emit_scan(p, &x, d);
}

/* A record of another run than the current: close the current one. */
static enum assure_err
switch_run(struct vuln_parser *p, long run, unsigned long line,
    struct assure_diag *d)
{
	struct sarif *s = p->state;
	enum assure_err rc;

	if (run == s->run)
		return ASSURE_OK;
	if (s->run >= 0 && !s->scanned) {
		rc = sarif_scan(p, s->run, true, line, 1, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	rules_clear(s);
	s->run = run;
	s->scanned = false;
	s->has_inv = false;
	memset(&s->started, 0, sizeof(s->started));
	memset(&s->finished, 0, sizeof(s->finished));
	s->complete = TRI_ABSENT;
	s->art_base[0] = '\0';
	return mark_done(p, run, d);
}

static enum assure_err
rule_record(struct vuln_parser *p, struct jstream *js, const struct jrec *r,
    struct assure_diag *d)
{
	struct sarif *s = p->state;
	struct sarif_rule *ru;
	const char *id, *name, *title, *level, *sec;
	const char *dot;
	size_t cap;
	enum assure_err rc;

	rc = id_json_req(js, r, "id", &id, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "name", &name, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "shortDescription.text", &title, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "defaultConfiguration.level", &level, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "properties.security-severity", &sec, d);
	if (rc != ASSURE_OK)
		return rc;
	if (s->nrules >= SARIF_RULES_MAX)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_LIMIT,
		    "more than %d rules in a run", SARIF_RULES_MAX);
	if (s->nrules == s->caprules) {
		cap = s->caprules == 0 ? 64 : s->caprules * 2;
		ru = reallocarray(s->rules, cap, sizeof(*ru));
		if (ru == NULL)
			return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
			    "out of memory");
		s->rules = ru;
		s->caprules = cap;
	}
	ru = &s->rules[s->nrules];
	memset(ru, 0, sizeof(*ru));
	ru->comp = -1;
	if (r->pattern == 2) {
		/* "runs.N.tool.extensions.E.rules.K" */
		dot = strstr(r->path, ".extensions.");
		ru->comp = dot != NULL ? strtol(dot + 12, NULL, 10) : 0;
	}
	dot = strrchr(r->path, '.');
	ru->idx = dot != NULL ? strtol(dot + 1, NULL, 10) : 0;
	ru->id = dup_cap(id);
	ru->name = dup_cap(name);
	ru->title = dup_cap(title);
	ru->level = dup_cap(level);
	ru->secsev = dup_cap(sec);
	s->nrules++;
	if (ru->id == NULL || (name != NULL && ru->name == NULL) ||
	    (title != NULL && ru->title == NULL) ||
	    (level != NULL && ru->level == NULL) ||
	    (sec != NULL && ru->secsev == NULL))
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	return ASSURE_OK;
}

static enum assure_err
inv_record(struct vuln_parser *p, struct jstream *js, const struct jrec *r,
    struct assure_diag *d)
{
	struct sarif *s = p->state;
	struct opt_time a, b;
	enum tri ok;
	enum assure_err rc;

	rc = id_json_time(js, r, "startTimeUtc", true, &a, NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "endTimeUtc", true, &b, NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "executionSuccessful", &ok, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!s->has_inv) {
		s->started = a;
		s->finished = b;
		s->complete = ok;
		s->has_inv = true;
	} else if (ok == TRI_FALSE || (ok == TRI_ABSENT &&
	    s->complete == TRI_TRUE))
		s->complete = ok == TRI_FALSE ? TRI_FALSE : TRI_ABSENT;
	return ASSURE_OK;
}

static const struct sarif_rule *
find_rule(const struct sarif *s, const char *id, long comp, long idx)
{
	size_t i;

	if (idx >= 0 && comp == -1 && (size_t)idx < s->nrules &&
	    s->rules[idx].comp == -1 && s->rules[idx].idx == idx &&
	    (id == NULL || strcmp(s->rules[idx].id, id) == 0))
		return &s->rules[idx];
	for (i = 0; i < s->nrules; i++) {
		if (idx >= 0 && s->rules[i].comp == comp &&
		    s->rules[i].idx == idx)
			return &s->rules[i];
		if (idx < 0 && id != NULL && strcmp(s->rules[i].id, id) == 0)
			return &s->rules[i];
	}
	return NULL;
}

/* Gitleaks 7: the driver rule whose id (or name) begins the message. */
static const struct sarif_rule *
rule_by_message(const struct sarif *s, const char *msg)
{
	const struct sarif_rule *best = NULL;
	size_t i, n, bestn = 0;

	if (msg == NULL)
		return NULL;
	for (i = 0; i < s->nrules; i++) {
		n = strlen(s->rules[i].id);
		if (n > bestn && strncmp(msg, s->rules[i].id, n) == 0 &&
		    msg[n] == ' ') {
			best = &s->rules[i];
			bestn = n;
		}
	}
	return best;
}

static enum assure_err
result_record(struct vuln_parser *p, struct jstream *js, const struct jrec *r,
    struct assure_diag *d)
{
	struct sarif *s = p->state;
	const struct sarif_rule *ru;
	struct vuln_finding x;
	const char *level, *sec, *msg, *uri, *line, *kind, *base, *sst;
	const struct jfield *f;
	long idx = -1, comp = -1;
	double score;
	enum assure_err rc;

	if (!s->scanned) {
		rc = sarif_scan(p, s->run, true, r->line, r->col, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.cvss = -1;
	rc = vj_text(js, r, "ruleId", &x.rule, d);
	if (rc == ASSURE_OK && x.rule == NULL)
		rc = vj_text(js, r, "rule.id", &x.rule, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "level", &level, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "properties.security-severity", &sec, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "message.text", &msg, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "kind", &kind, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r,
		    "locations.0.physicalLocation.artifactLocation.uri", &uri,
		    d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r,
		    "locations.0.physicalLocation.region.startLine", &line, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "baselineState", &base, d);
	if (rc == ASSURE_OK)
		rc = vj_text(js, r, "suppressions.0.status", &sst, d);
	if (rc != ASSURE_OK)
		return rc;
	if ((f = jrec_get(r, "ruleIndex")) != NULL && f->type == JT_NUMBER)
		idx = strtol(f->val, NULL, 10);
	else if ((f = jrec_get(r, "rule.index")) != NULL &&
	    f->type == JT_NUMBER)
		idx = strtol(f->val, NULL, 10);
	if ((f = jrec_get(r, "rule.toolComponent.index")) != NULL &&
	    f->type == JT_NUMBER)
		comp = strtol(f->val, NULL, 10);
	ru = find_rule(s, x.rule, comp, idx);
	if (ru == NULL && x.rule != NULL && idx >= 0)
		ru = find_rule(s, x.rule, comp, -1);
	if (ru == NULL && x.rule == NULL)
		ru = rule_by_message(s, msg);
	if (x.rule == NULL)
		x.rule = ru != NULL ? ru->id : "(none)";
	/* severity */
	if (sec == NULL && ru != NULL)
		sec = ru->secsev;
	if (sec != NULL && (score = strtod(sec, NULL)) >= 0 && score <= 10 &&
	    strspn(sec, "0123456789.") == strlen(sec)) {
		x.severity = vuln_sev_from_cvss(score);
		x.severity_raw = sec;
	} else {
		if (level == NULL && ru != NULL)
			level = ru->level;
		if (level == NULL)
			level = "warning";
		x.severity_raw = level;
		x.severity = strcmp(level, "error") == 0 ? VSEV_HIGH :
		    strcmp(level, "warning") == 0 ? VSEV_MEDIUM :
		    strcmp(level, "note") == 0 ? VSEV_LOW :
		    strcmp(level, "none") == 0 ? VSEV_INFO : VSEV_ABSENT;
	}
	x.title = ru != NULL && ru->title != NULL ? ru->title :
	    ru != NULL && ru->name != NULL ? ru->name : msg;
	/* location */
	assure_buf_reset(&s->loc);
	if (uri != NULL) {
		assure_buf_adds(&s->loc, uri);
		if (line != NULL)
			assure_buf_printf(&s->loc, ":%s", line);
	} else {
		rc = vj_text(js, r,
		    "locations.0.logicalLocations.0.fullyQualifiedName", &uri,
		    d);
		if (rc != ASSURE_OK)
			return rc;
		if (uri != NULL)
			assure_buf_adds(&s->loc, uri);
	}
	if (assure_buf_err(&s->loc) != ASSURE_OK)
		return jstream_limit(js, r, NULL, d, assure_buf_err(&s->loc),
		    "location longer than %u bytes", VJ_TEXT_MAX);
	x.location = s->loc.len > 0 ? s->loc.data : "";
	/* status */
	if (jrec_get(r, "suppressions.0") != NULL && (sst == NULL ||
	    strcmp(sst, "accepted") == 0))
		x.status = "suppressed";
	else if (base != NULL && strcmp(base, "absent") == 0)
		x.status = "resolved";
	else if (kind == NULL || strcmp(kind, "fail") == 0)
		x.status = "fail";
	else
		x.status = strcmp(kind, "pass") == 0 ? "passed" : kind;
	if (vj_is_cve(x.rule))
		x.cves = x.rule;
	return vuln_emit_finding(p, &x, d);
}

static enum assure_err
sarif_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct vuln_parser *p = arg;
	struct sarif *s = p->state;
	const char *b;
	enum assure_err rc;

	rc = switch_run(p, vj_index(r, "runs."), r->line, d);
	if (rc != ASSURE_OK)
		return rc;
	switch (r->pattern) {
	case 0:
		return result_record(p, js, r, d);
	case 1:
	case 2:
		return rule_record(p, js, r, d);
	case 3:
		return inv_record(p, js, r, d);
	case 4:
		if (r->index > 0 && s->art_base[0] != '\0')
			return ASSURE_OK;
		rc = vj_text(js, r, "location.uriBaseId", &b, d);
		if (rc == ASSURE_OK && b != NULL && s->art_base[0] == '\0')
			assure_strlcpy(s->art_base, b, sizeof(s->art_base));
		return rc;
	default:
		return ASSURE_OK;
	}
}

static enum assure_err
sarif_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct sarif *s = p->state;
	struct jrec env;
	const char *e;
	char *end;
	long run;
	size_t i;
	enum assure_err rc;

	if (s->run >= 0 && !s->scanned) {
		rc = sarif_scan(p, s->run, true, 1, 1, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	jstream_envelope(p->js, &env);
	if (jrec_get(&env, "runs") == NULL || jrec_get(&env, "runs")->type !=
	    JT_ARRAY)
		return vj_shape(p, d, "a SARIF log (runs[])");
	/* Runs that held no record at all: a scan with no finding. */
	for (i = 0; i < env.n; i++) {
		if (env.f[i].type != JT_MAP ||
		    strncmp(env.f[i].path, "runs.", 5) != 0)
			continue;
		e = env.f[i].path + 5;
		run = strtol(e, &end, 10);
		if (end == e || *end != '\0')
			continue;
		if ((size_t)run < s->ndone && s->done[run])
			continue;
		rc = sarif_scan(p, run, false, env.f[i].line, env.f[i].col,
		    d);
		if (rc != ASSURE_OK)
			return rc;
		jstream_envelope(p->js, &env);
	}
	return ASSURE_OK;
}

const struct vuln_json_vendor vuln_vendor_sarif = {
	sarif_patterns, sarif_init, sarif_record, sarif_finish, sarif_release,
};
