/*
 * vparse.c: the scanner parser interface (vparse.h): the format table, the
 * dispatch to the JSON vendors (jstream), the XML formats (vxml.c) and
 * Lynis (lynis.c), ZAP's JSON-or-XML sniffing, emitting, and the severity
 * words every table shares.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/vparse_int.h"

static const char *const format_names[VULN_FMT__MAX] = {
	[VULN_FMT_SARIF] = "sarif",
	[VULN_FMT_TRIVY] = "trivy",
	[VULN_FMT_GRYPE] = "grype",
	[VULN_FMT_CYCLONEDX_VEX] = "cyclonedx-vex",
	[VULN_FMT_ASFF] = "aws-securityhub",
	[VULN_FMT_ZAP_JSON] = "zap",
	[VULN_FMT_ZAP_XML] = "zap-xml",
	[VULN_FMT_OPENSCAP] = "openscap",
	[VULN_FMT_NESSUS] = "nessus",
	[VULN_FMT_OPENVAS] = "openvas",
	[VULN_FMT_LYNIS] = "lynis",
	[VULN_FMT_PENTEST] = "pentest-findings",
};

static const struct vuln_json_vendor *const vendors[VULN_FMT__MAX] = {
	[VULN_FMT_SARIF] = &vuln_vendor_sarif,
	[VULN_FMT_TRIVY] = &vuln_vendor_trivy,
	[VULN_FMT_GRYPE] = &vuln_vendor_grype,
	[VULN_FMT_CYCLONEDX_VEX] = &vuln_vendor_cyclonedx,
	[VULN_FMT_ASFF] = &vuln_vendor_asff,
	[VULN_FMT_ZAP_JSON] = &vuln_vendor_zap_json,
};

static bool
is_xml(enum vuln_format fmt)
{
	return fmt == VULN_FMT_ZAP_XML || fmt == VULN_FMT_OPENSCAP ||
	    fmt == VULN_FMT_NESSUS || fmt == VULN_FMT_OPENVAS;
}

enum vuln_format
vuln_format_find(const char *name)
{
	int i;

	for (i = 0; i < VULN_FMT__MAX; i++)
		if (strcmp(format_names[i], name) == 0)
			return (enum vuln_format)i;
	return VULN_FMT__MAX;
}

const char *
vuln_format_name(enum vuln_format fmt)
{
	if ((int)fmt < 0 || fmt >= VULN_FMT__MAX)
		return "?";
	return format_names[fmt];
}

/* Set up the reader of p->fmt. */
static enum assure_err
start(struct vuln_parser *p, struct assure_diag *d)
{
	const char *src = p->o->source != NULL ? p->o->source : "<input>";
	enum assure_err rc;

	if (is_xml(p->fmt))
		return vxml_new(p, d);
	if (p->fmt == VULN_FMT_LYNIS)
		return lynis_new(p, d);
	if (p->fmt == VULN_FMT_PENTEST)
		return pentest_new(p, d);
	p->v = vendors[p->fmt];
	p->js = jstream_new(src, p->v->patterns, p->v->record, p);
	if (p->js == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	if (p->v->init != NULL) {
		rc = p->v->init(p);
		if (rc != ASSURE_OK)
			return assure_diag_set(d, rc, src, 0, 0, NULL,
			    "out of memory");
	}
	return ASSURE_OK;
}

enum assure_err
vuln_parser_new(enum vuln_format fmt, const struct vuln_opts *o,
    const struct vuln_sink *sink, struct vuln_parser **ret,
    struct assure_diag *d)
{
	struct vuln_parser *p;
	const char *src = o->source != NULL ? o->source : "<input>";
	enum assure_err rc;

	*ret = NULL;
	if ((int)fmt < 0 || fmt >= VULN_FMT__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, NULL,
		    "unknown scanner format");
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	p->fmt = fmt;
	p->o = o;
	p->sink = *sink;
	/* ZAP writes JSON or XML: the first byte that is not blank says. */
	if (fmt == VULN_FMT_ZAP_JSON || fmt == VULN_FMT_ZAP_XML) {
		p->sniffing = true;
		*ret = p;
		return ASSURE_OK;
	}
	rc = start(p, d);
	if (rc != ASSURE_OK) {
		vuln_parser_free(p);
		return rc;
	}
	*ret = p;
	return ASSURE_OK;
}

void
vuln_parser_free(struct vuln_parser *p)
{
	if (p == NULL)
		return;
	if (p->v != NULL && p->v->release != NULL)
		p->v->release(p);
	jstream_free(p->js);
	vxml_free(p->xml);
	lynis_free(p->lynis);
	if (p->fmt == VULN_FMT_PENTEST)
		pentest_free(p);
	free(p);
}

/* Feed the reader chosen for p->fmt. */
static enum assure_err
feed(struct vuln_parser *p, const void *data, size_t len,
    struct assure_diag *d)
{
	if (p->xml != NULL)
		return vxml_feed(p, data, len, d);
	if (p->lynis != NULL)
		return lynis_feed(p, data, len, d);
	if (p->fmt == VULN_FMT_PENTEST)
		return pentest_feed(p, data, len, d);
	return jstream_feed(p->js, data, len, d);
}

/*
 * ZAP: decide JSON or XML on the first byte that is neither blank nor
 * part of a byte order mark, then feed what was held, unchanged, so that
 * how the input is split never changes what the reader sees.  More than
 * VPARSE_SNIFF_MAX leading bytes decide for JSON (whose reader reports
 * them).
 */
static enum assure_err
sniff(struct vuln_parser *p, const unsigned char *s, size_t len,
    struct assure_diag *d)
{
	size_t i, n;
	int c = -1;
	enum assure_err rc;

	for (i = 0; i < len && c < 0; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n' || s[i] >= 0x80)
			continue;
		c = s[i];
	}
	n = c >= 0 ? i - 1 : len;
	if (p->nsniffed + n > VPARSE_SNIFF_MAX)
		c = '{';
	else {
		memcpy(p->sniffed + p->nsniffed, s, n);
		p->nsniffed += n;
		s += n;
		len -= n;
	}
	if (c < 0)
		return ASSURE_OK;	/* only blanks so far */
	p->fmt = c == '<' ? VULN_FMT_ZAP_XML : VULN_FMT_ZAP_JSON;
	p->sniffing = false;
	rc = start(p, d);
	if (rc == ASSURE_OK && p->nsniffed > 0)
		rc = feed(p, p->sniffed, p->nsniffed, d);
	if (rc == ASSURE_OK && len > 0)
		rc = feed(p, s, len, d);
	return rc;
}

enum assure_err
vuln_parser_feed(struct vuln_parser *p, const void *data, size_t len,
    struct assure_diag *d)
{
	if (p->sniffing)
		return sniff(p, data, len, d);
	return feed(p, data, len, d);
}

enum assure_err
vuln_parser_finish(struct vuln_parser *p, struct assure_diag *d)
{
	const char *src = p->o->source != NULL ? p->o->source : "<input>";
	enum assure_err rc;

	if (p->sniffing)
		return assure_diag_set(d, ASSURE_ERR_PARSE, src, 1, 1, NULL,
		    "expected a ZAP report (JSON or XML), got %s",
		    p->nsniffed > 0 ? "only blanks" : "an empty file");
	if (p->xml != NULL)
		return vxml_finish(p, d);
	if (p->lynis != NULL)
		return lynis_finish(p, d);
	if (p->fmt == VULN_FMT_PENTEST)
		return pentest_finish(p, d);
	rc = jstream_finish(p->js, d);
	if (rc == ASSURE_OK && p->v->finish != NULL)
		rc = p->v->finish(p, d);
	return rc;
}

unsigned long
vuln_parser_records(const struct vuln_parser *p)
{
	return p->emitted;
}

bool
vuln_parser_as_of(const struct vuln_parser *p, int64_t *ret)
{
	if (!p->has_as_of)
		return false;
	*ret = p->as_of;
	return true;
}

enum assure_err
vuln_emit_scan(struct vuln_parser *p, const struct vuln_scan *x,
    struct assure_diag *d)
{
	struct opt_time t = x->finished.has ? x->finished : x->started;
	enum assure_err rc = ASSURE_OK;

	if (p->sink.scan != NULL)
		rc = p->sink.scan(x, p->sink.arg, d);
	if (rc != ASSURE_OK)
		return rc;
	p->emitted++;
	if (t.has && (!p->has_as_of || t.t > p->as_of)) {
		p->has_as_of = true;
		p->as_of = t.t;
	}
	return ASSURE_OK;
}

enum assure_err
vuln_emit_finding(struct vuln_parser *p, struct vuln_finding *x,
    struct assure_diag *d)
{
	enum assure_err rc = ASSURE_OK;

	x->index = p->findings;
	if (p->sink.finding != NULL)
		rc = p->sink.finding(x, p->sink.arg, d);
	if (rc != ASSURE_OK)
		return rc;
	p->findings++;
	p->emitted++;
	return ASSURE_OK;
}

/* ------------------------------------------------------------ severities */

const char *
vuln_sev_name(enum vuln_sev s)
{
	switch (s) {
	case VSEV_INFO:
		return "info";
	case VSEV_LOW:
		return "low";
	case VSEV_MEDIUM:
		return "medium";
	case VSEV_HIGH:
		return "high";
	case VSEV_CRITICAL:
		return "critical";
	default:
		return NULL;
	}
}

enum vuln_sev
vuln_sev_from_cvss(double score)
{
	if (score >= 9.0)
		return VSEV_CRITICAL;
	if (score >= 7.0)
		return VSEV_HIGH;
	if (score >= 4.0)
		return VSEV_MEDIUM;
	if (score >= 0.1)
		return VSEV_LOW;
	if (score >= 0.0)
		return VSEV_INFO;
	return VSEV_ABSENT;
}

enum vuln_sev
vuln_sev_word(const char *s)
{
	static const struct {
		const char	*word;
		enum vuln_sev	 sev;
	} words[] = {
		{ "critical", VSEV_CRITICAL }, { "high", VSEV_HIGH },
		{ "important", VSEV_HIGH }, { "medium", VSEV_MEDIUM },
		{ "moderate", VSEV_MEDIUM }, { "low", VSEV_LOW },
		{ "negligible", VSEV_INFO }, { "info", VSEV_INFO },
		{ "informational", VSEV_INFO }, { "none", VSEV_INFO },
		{ "log", VSEV_INFO },
	};
	size_t i;

	if (s == NULL)
		return VSEV_ABSENT;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].word) == 0)
			return words[i].sev;
	return VSEV_ABSENT;
}

/* ------------------------------------------------ JSON vendor helpers */

enum assure_err
vj_text(struct jstream *js, const struct jrec *r, const char *path,
    const char **ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);

	*ret = NULL;
	if (f == NULL || f->type == JT_NULL)
		return ASSURE_OK;
	if (f->type != JT_STRING && f->type != JT_NUMBER)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a string, got %s", f->type == JT_MAP ? "an object" :
		    f->type == JT_ARRAY ? "an array" : "a boolean");
	if (f->len > 0)
		*ret = f->val;
	return ASSURE_OK;
}

double
vj_num(const struct jrec *r, const char *path)
{
	const struct jfield *f = jrec_get(r, path);
	char *end;
	double v;

	if (f == NULL || (f->type != JT_NUMBER && f->type != JT_STRING) ||
	    f->len == 0)
		return -1;
	v = strtod(f->val, &end);
	if (*end != '\0' || v != v || v < 0 || v > 100)
		return -1;
	return v;
}

const char *
vj_env(struct jstream *js, const char *path)
{
	struct jrec env;

	jstream_envelope(js, &env);
	const struct jfield *f = jrec_get(&env, path);
	if (f == NULL || (f->type != JT_STRING && f->type != JT_NUMBER) ||
	    f->len == 0)
		return NULL;
	return f->val;
}

long
vj_index(const struct jrec *r, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *s;
	long v = 0;

	if (r->path == NULL || strncmp(r->path, prefix, n) != 0)
		return -1;
	s = r->path + n;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

bool
vj_is_cve(const char *s)
{
	return s != NULL && strncasecmp(s, "CVE-", 4) == 0 &&
	    s[4] >= '0' && s[4] <= '9';
}

void
vj_join(struct assure_buf *b, const char *s)
{
	const char *at;
	size_t n;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	if (b->len + n + 2 > VJ_TEXT_MAX)
		return;
	for (at = b->len > 0 ? b->data : NULL; at != NULL;
	    at = strchr(at, ',')) {
		if (*at == ',')
			at++;
		if (strncmp(at, s, n) == 0 && (at[n] == ',' ||
		    at[n] == '\0'))
			return;
	}
	if (b->len > 0)
		assure_buf_addc(b, ',');
	assure_buf_add(b, s, n);
}

enum assure_err
vj_shape(struct vuln_parser *p, struct assure_diag *d, const char *what)
{
	struct jrec env;

	jstream_envelope(p->js, &env);
	return assure_diag_set(d, ASSURE_ERR_PARSE, jstream_source(p->js),
	    env.n > 0 ? env.f[0].line : 1, env.n > 0 ? env.f[0].col : 1,
	    NULL, "expected %s, got a document without it", what);
}
