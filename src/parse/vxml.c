/*
 * vxml.c: the XML scanner reports: Nessus (.nessus v2), OpenVAS /
 * Greenbone GMP reports, OpenSCAP (XCCDF results, standalone or inside an
 * ARF asset-report-collection) and ZAP's traditional XML report.
 *
 * The XML layer is libxml2's push parser with SAX2 callbacks, fed chunks
 * of any size.  It is set up to be safe on hostile input:
 *
 *   - no DTD loading, no entity substitution, no network
 *     (XML_PARSE_NONET; never NOENT, DTDLOAD, DTDATTR or HUGE, so
 *     libxml2's own size limits hold);
 *   - a document type declaration is refused where it starts (a located
 *     error naming the DOCTYPE), as is any entity declaration: a
 *     billion-laughs or external-entity document emits nothing and no
 *     file or URL is ever opened;
 *   - element depth (VXML_DEPTH_MAX), attributes per element
 *     (VXML_ATTRS_MAX) and the text kept of an element (VXML_TEXT_MAX) are
 *     bounded; text of elements no format reads is never kept;
 *   - libxml2 reports errors only through the context's structured
 *     handler, never on stderr.
 *
 * Errors are located "file:line:col: field: ..." with libxml2's line and
 * column (at the end of the start or end tag that carried the value).
 *
 * One record builder per format keeps one host, one item at a time:
 *
 * nessus   root NessusClientData_v2.  A ReportHost is a scan: asset
 *          --asset, else ReportHost@name, else the host-fqdn, else the
 *          host-ip tag; started/finished from HOST_START_TIMESTAMP /
 *          HOST_END_TIMESTAMP (epoch), else HOST_START / HOST_END
 *          ("Thu Jan 20 10:30:00 2022", UTC unless a zone follows).  The
 *          scan is emitted after HostProperties (at the first ReportItem,
 *          or the host's end).  Each ReportItem is a finding: rule
 *          "nessus:<pluginID>", title pluginName, location
 *          "<port>/<protocol>", cvss cvss3_base_score else
 *          cvss_base_score, cves the cve elements.  Severity: the
 *          risk_factor word (None -> info, Low, Medium, High, Critical),
 *          else the severity attribute 0 info, 1 low, 2 medium, 3 high,
 *          4 critical; severity_raw is the word or the number read.
 *          Info items are findings.
 *
 * openvas  root report (the export, which wraps an inner report) or
 *          get_reports_response.  Each results/result is a finding: rule
 *          nvt@oid, title result/name else nvt/name, location port
 *          ("443/tcp", "general/tcp"), cves the refs/ref[@type=cve] ids
 *          (or the old nvt/cve list; NOCVE is none).  Severity: the
 *          severity score as CVSS (>= 9.0 critical, 7.0 high, 4.0 medium,
 *          0.1 low, 0.0 info); a negative score (false positive, error,
 *          debug) or none falls back to the threat word (Log -> info,
 *          Low, Medium, High; others absent); severity_raw is the threat
 *          word, else the score.  cvss is the score when >= 0, else
 *          nvt/cvss_base.  The results precede the per-host start/end in
 *          GMP output, so a scan (asset --asset or the result's host,
 *          started scan_start) is emitted when a result's host differs
 *          from the current scan's: results that alternate hosts repeat a
 *          scan record with the same fields.  A report-level host element
 *          with no results gives a scan with its own start and end.
 *          scan_end, read at the end, moves the parser's as-of.
 *
 * openscap root xccdf Benchmark or TestResult (XCCDF 1.1 or 1.2, any
 *          prefix), or arf:asset-report-collection.  Each TestResult is a
 *          scan: asset --asset, else its target, else the ARF asset's
 *          fqdn or hostname; start-time/end-time (a time without an
 *          offset is taken as UTC); tool_version the version in the
 *          test-system CPE.  Each rule-result whose result is fail, error
 *          or unknown is a finding: rule the idref, severity the severity
 *          attribute (high, medium, low, info; unknown is absent), status
 *          the result, location "".  pass, notapplicable, notchecked,
 *          notselected, informational and fixed are not findings.  An
 *          OVAL-only results document (oval_results) is refused with a
 *          located error naming the document types taken.
 *
 * zap-xml  root OWASPZAPReport.  Each site is a scan: asset --asset or
 *          site@name; finished the report's generated attribute when it
 *          is English ("Tue, 12 May 2020 20:57:30", taken as UTC: ZAP
 *          writes local time without a zone), else absent; tool_version
 *          @version.  Each alertitem gives one finding per
 *          instances/instance: rule "zap:<pluginid>", title alert else
 *          name, location uri, or uri + " " + param when param is not
 *          empty; an alertitem with no instance gives one finding with
 *          its own uri/param or "".  Severity: riskcode 0 info, 1 low,
 *          2 medium, 3 high, else the first word of riskdesc.
 */
#include "common/compat.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "common/timeutil.h"
#include "parse/vparse_int.h"

#define VXML_DEPTH_MAX		128
#define VXML_ATTRS_MAX		64
#define VXML_TEXT_MAX		(64u * 1024)	/* a kept value or CVE list */
#define VXML_HOSTS_MAX		65536		/* openvas hosts tracked */
/*
 * libxml2 is fed in blocks of exactly this size, whatever the caller's
 * chunks: how its push parser places an error can depend on where a
 * chunk ends, and a diagnostic must not depend on how the input was split.
 */
#define VXML_BLOCK		4096

#define NS_XCCDF	"http://checklists.nist.gov/xccdf/"
#define NS_ARF		"http://scap.nist.gov/schema/asset-reporting-format/"

/* A string that grows up to VXML_TEXT_MAX. */
struct vstr {
	char	*s;
	size_t	 len, cap;
	bool	 has;
};

struct hostset {
	char	**slot;
	size_t	  cap, n;
};

struct nessus_st {
	bool		in_host, emitted;
	struct vstr	name, ip, fqdn, tagname;
	struct opt_time	start, end, start_ts, end_ts;
	unsigned long	host_line;
	/* the ReportItem */
	bool		in_item;
	unsigned long	item_line;
	struct vstr	plugin, title, port, proto, sevnum, risk, cvss3,
			cvss2, cves;
};

struct openvas_st {
	struct opt_time	scan_start, scan_end;
	struct vstr	cur;		/* the current scan's asset */
	bool		has_cur;
	struct hostset	seen;
	/* the result */
	bool		in_result;
	unsigned long	res_line;
	struct vstr	host, oid, name, nvtname, port, threat, sev, cvss,
			cves;
	/* a report-level host */
	bool		in_host;
	struct vstr	hip;
	struct opt_time	hstart, hend;
};

struct openscap_st {
	struct vstr	arf_fqdn, arf_hostname;
	bool		in_tr, emitted;
	unsigned long	tr_line;
	struct vstr	target, version;
	struct opt_time	start, end;
	bool		in_rr;
	unsigned long	rr_line;
	struct vstr	idref, sev, result;
};

struct zap_st {
	struct vstr	version;
	struct opt_time	generated;
	bool		in_site;
	bool		in_alert;
	unsigned long	alert_line, inst_line;
	unsigned long	ninst;
	struct vstr	plugin, alert, name, riskcode, riskdesc, uri, param,
			iuri, iparam, loc, rule;
};

struct vxml {
	struct vuln_parser	*p;
	xmlParserCtxtPtr	 ctxt;
	const char		*src;
	enum assure_err		 rc;
	struct assure_diag	 diag;
	bool			 xerr;	/* libxml2's error recorded */
	enum assure_err		 xerr_rc;
	bool			 stopped;	/* xmlStopParser called */
	unsigned long		 end_line, end_col;	/* of the root */
	int			 depth;
	const char		*names[VXML_DEPTH_MAX];
	bool			 root_ok;
	/* the text of the element being kept */
	int			 cap_depth;	/* -1: none */
	struct vstr		 text;
	unsigned char		 blk[VXML_BLOCK];	/* bytes not yet fed */
	size_t			 nblk;
	union {
		struct nessus_st	n;
		struct openvas_st	o;
		struct openscap_st	s;
		struct zap_st		z;
	} u;
};

/* ------------------------------------------------------------ helpers */

static unsigned long
cur_line(const struct vxml *x)
{
	int l = xmlSAX2GetLineNumber(x->ctxt);

	return l > 0 ? (unsigned long)l : 0;
}

static unsigned long
cur_col(const struct vxml *x)
{
	int c = xmlSAX2GetColumnNumber(x->ctxt);

	return c > 0 ? (unsigned long)c : 0;
}

static void vx_fail(struct vxml *x, enum assure_err rc, const char *field,
    const char *fmt, ...) ASSURE_PRINTF(4, 5);

/*
 * Record the first error at the current place.  The parser is not
 * stopped from inside a callback (libxml2 may still read the input it
 * would free): every callback returns at once once x->rc is set, so no
 * record follows an error however the input was split, and feed stops
 * the parser when the chunk is done.
 */
static void
vx_fail(struct vxml *x, enum assure_err rc, const char *field,
    const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	if (x->rc != ASSURE_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x->rc = assure_diag_set(&x->diag, rc, x->src, cur_line(x),
	    cur_col(x), field, "%s", msg);
}

/* A sink (or emit) error: its diagnostic is the sink's. */
static void
vx_sink_failed(struct vxml *x, enum assure_err rc)
{
	if (x->rc != ASSURE_OK)
		return;
	x->rc = rc;
	assure_diag_default_source(&x->diag, x->src);
}

static void
vs_clear(struct vstr *v)
{
	v->len = 0;
	v->has = false;
	if (v->s != NULL)
		v->s[0] = '\0';
}

static void
vs_free(struct vstr *v)
{
	free(v->s);
	memset(v, 0, sizeof(*v));
}

static const char *
vs_get(const struct vstr *v)
{
	return v->has ? v->s : NULL;
}

/* A value that is there and not empty, else NULL. */
static const char *
vs_val(const struct vstr *v)
{
	return v->has && v->len > 0 ? v->s : NULL;
}

/* Append n bytes of s to v; false (error set) beyond the limit. */
static bool
vs_add(struct vxml *x, struct vstr *v, const char *s, size_t n,
    const char *field)
{
	size_t cap;
	char *ns;

	if (v->len + n > VXML_TEXT_MAX) {
		vx_fail(x, ASSURE_ERR_LIMIT, field, "expected at most %u "
		    "bytes of text, got more", VXML_TEXT_MAX);
		return false;
	}
	if (v->len + n + 1 > v->cap) {
		cap = v->cap == 0 ? 64 : v->cap;
		while (cap < v->len + n + 1)
			cap *= 2;
		ns = realloc(v->s, cap);
		if (ns == NULL) {
			vx_fail(x, ASSURE_ERR_NOMEM, field, "out of memory");
			return false;
		}
		v->s = ns;
		v->cap = cap;
	}
	if (n > 0)
		memcpy(v->s + v->len, s, n);
	v->len += n;
	v->s[v->len] = '\0';
	v->has = true;
	return true;
}

static bool
vs_set(struct vxml *x, struct vstr *v, const char *s, size_t n,
    const char *field)
{
	vs_clear(v);
	return vs_add(x, v, s, n, field);
}

static bool
vs_sets(struct vxml *x, struct vstr *v, const char *s, const char *field)
{
	return vs_set(x, v, s, strlen(s), field);
}

/* Trim blanks at both ends in place. */
static void
vs_trim(struct vstr *v)
{
	size_t a = 0;

	/* Kept but never given a byte: nothing to trim. */
	if (!v->has || v->s == NULL)
		return;
	while (a < v->len && isspace((unsigned char)v->s[a]))
		a++;
	while (v->len > a && isspace((unsigned char)v->s[v->len - 1]))
		v->len--;
	if (a > 0)
		memmove(v->s, v->s + a, v->len - a);
	v->len -= a;
	v->s[v->len] = '\0';
}

/* Append id to the comma-joined list, unless it is there already. */
static bool
list_add(struct vxml *x, struct vstr *list, const char *id, size_t n,
    const char *field)
{
	const char *s;

	if (n == 0)
		return true;
	if (list->has && list->len > 0) {
		for (s = list->s; s != NULL; s = strchr(s, ',')) {
			if (*s == ',')
				s++;
			if (strncmp(s, id, n) == 0 &&
			    (s[n] == ',' || s[n] == '\0'))
				return true;
		}
		if (!vs_add(x, list, ",", 1, field))
			return false;
	}
	return vs_add(x, list, id, n, field);
}

/*
 * Without entity substitution libxml2 hands an attribute's '&' (written
 * &amp; or &#38;) over as "&#38;"; every other reference is replaced.
 */
static void
unamp(struct vstr *v)
{
	char *r, *w;

	if (v->s == NULL || strstr(v->s, "&#38;") == NULL)
		return;
	for (r = w = v->s; *r != '\0'; ) {
		if (strncmp(r, "&#38;", 5) == 0) {
			*w++ = '&';
			r += 5;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	v->len = (size_t)(w - v->s);
}

/* Attribute name of a SAX2 attribute list into v; false if absent. */
static bool
attr(struct vxml *x, const xmlChar **attrs, int n, const char *name,
    struct vstr *v)
{
	int i;

	vs_clear(v);
	/* once stopped, libxml2 has freed the input the values point into */
	if (x->rc != ASSURE_OK)
		return false;
	for (i = 0; i < n; i++) {
		const char *ln = (const char *)attrs[5 * i];
		const char *b = (const char *)attrs[5 * i + 3];
		const char *e = (const char *)attrs[5 * i + 4];

		if (attrs[5 * i + 1] != NULL || strcmp(ln, name) != 0)
			continue;
		if (!vs_set(x, v, b, (size_t)(e - b), name))
			return false;
		unamp(v);
		return true;
	}
	return false;
}

/* Keep the text of the element just started. */
static void
keep_text(struct vxml *x)
{
	x->cap_depth = x->depth;
	vs_clear(&x->text);
	/* Kept and empty is "" (allocated), never a NULL string. */
	(void)vs_add(x, &x->text, "", 0, "text");
}

/* The name of the element k levels above the current one (0: itself). */
static const char *
up(const struct vxml *x, int k)
{
	int i = x->depth - 1 - k;

	return i >= 0 ? x->names[i] : "";
}

static bool
is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static void
quote(const char *s, char *out, size_t size)
{
	id_quote(s, out, size);
}

/* A score 0..10 (lo: the lowest accepted); false when not a number. */
static bool
score(const char *s, double lo, double *ret)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end != '\0' || !isfinite(v) || v < lo || v > 10.0)
		return false;
	*ret = v;
	return true;
}

/* An RFC 3339 time, or one without an offset (taken as UTC). */
static int
time_text(const char *s, struct opt_time *ret)
{
	char buf[32];
	size_t n;

	ret->has = false;
	if (s == NULL || *s == '\0')
		return 0;
	n = strlen(s);
	if (id_time_text(s, n, false, ret, NULL) == 0)
		return 0;
	if (n >= 19 && n < 28 && (s[10] == 'T' || s[10] == ' ') &&
	    strpbrk(s + 19, "Zz+-") == NULL) {
		snprintf(buf, sizeof(buf), "%.10sT%.*sZ", s, (int)(n - 11),
		    s + 11);
		if (assure_time_parse(buf, strlen(buf), &ret->t) == 0) {
			ret->has = true;
			return 0;
		}
	}
	return -1;
}

static int
month_of(const char *m)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int i;

	for (i = 0; i < 12; i++)
		if (strcmp(m, mon[i]) == 0)
			return i + 1;
	return 0;
}

static bool
weekday(const char *w)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun" };
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(wd); i++)
		if (strcmp(w, wd[i]) == 0)
			return true;
	return false;
}

/* Y-M-D h:m:s and a zone ("", "UTC", "GMT", "Z", "+hhmm") as an instant. */
static int
civil(int y, int mo, int d, int h, int mi, int se, const char *zone,
    int64_t *ret)
{
	char buf[40], off[8];

	if (zone[0] == '\0' || strcmp(zone, "UTC") == 0 ||
	    strcmp(zone, "GMT") == 0 || strcmp(zone, "Z") == 0)
		snprintf(off, sizeof(off), "Z");
	else if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5 &&
	    strspn(zone + 1, "0123456789") == 4)
		snprintf(off, sizeof(off), "%c%.2s:%.2s", zone[0], zone + 1,
		    zone + 3);
	else
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
		return -1;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo,
	    d, h, mi, se, off);
	return assure_time_parse(buf, strlen(buf), ret);
}

/* Nessus's ctime: "Thu Jan 20 10:30:00 2022" with an optional zone. */
static int
ctime_text(const char *s, struct opt_time *ret)
{
	char wd[8], mon[8], zone[16], extra[2];
	int d, h, mi, se, y, n;

	ret->has = false;
	zone[0] = '\0';
	n = sscanf(s, "%7s %7s %d %d:%d:%d %d %15s %1s", wd, mon, &d, &h, &mi,
	    &se, &y, zone, extra);
	if ((n != 7 && n != 8) || !weekday(wd) || month_of(mon) == 0)
		return -1;
	if (civil(y, month_of(mon), d, h, mi, se, zone, &ret->t) != 0)
		return -1;
	ret->has = true;
	return 0;
}

/* ZAP's generated: "Tue, 12 May 2020 20:57:30" (English only). */
static int
zap_time(const char *s, struct opt_time *ret)
{
	char wd[8], mon[8], extra[2];
	int d, h, mi, se, y;

	ret->has = false;
	if (sscanf(s, "%3[A-Za-z], %d %3[A-Za-z] %d %d:%d:%d %1s", wd, &d, mon,
	    &y, &h, &mi, &se, extra) != 7 || !weekday(wd) ||
	    month_of(mon) == 0)
		return -1;
	if (civil(y, month_of(mon), d, h, mi, se, "", &ret->t) != 0)
		return -1;
	ret->has = true;
	return 0;
}

static int
epoch_text(const char *s, struct opt_time *ret)
{
	char *end;
	long long v;

	ret->has = false;
	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0 || v > 253402300799LL)
		return -1;
	ret->has = true;
	ret->t = (int64_t)v;
	return 0;
}

/* ---------------------------------------------------------- host set */

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Add s; *ret_new tells whether it was not there.  false on error. */
static bool
hostset_add(struct vxml *x, struct hostset *hs, const char *s,
    bool *ret_new)
{
	size_t i, j, cap;
	char **ns;

	*ret_new = false;
	if (hs->cap > 0)
		for (i = fnv(s) & (hs->cap - 1); hs->slot[i] != NULL;
		    i = (i + 1) & (hs->cap - 1))
			if (strcmp(hs->slot[i], s) == 0)
				return true;
	if (hs->n >= VXML_HOSTS_MAX) {
		vx_fail(x, ASSURE_ERR_LIMIT, "host", "expected at most %d "
		    "hosts, got more", VXML_HOSTS_MAX);
		return false;
	}
	if ((hs->n + 1) * 2 > hs->cap) {
		cap = hs->cap == 0 ? 16 : hs->cap * 2;
		ns = calloc(cap, sizeof(*ns));
		if (ns == NULL) {
			vx_fail(x, ASSURE_ERR_NOMEM, "host", "out of memory");
			return false;
		}
		for (j = 0; j < hs->cap; j++) {
			if (hs->slot[j] == NULL)
				continue;
			for (i = fnv(hs->slot[j]) & (cap - 1); ns[i] != NULL;
			    i = (i + 1) & (cap - 1))
				;
			ns[i] = hs->slot[j];
		}
		free(hs->slot);
		hs->slot = ns;
		hs->cap = cap;
	}
	for (i = fnv(s) & (hs->cap - 1); hs->slot[i] != NULL;
	    i = (i + 1) & (hs->cap - 1))
		;
	hs->slot[i] = strdup(s);
	if (hs->slot[i] == NULL) {
		vx_fail(x, ASSURE_ERR_NOMEM, "host", "out of memory");
		return false;
	}
	hs->n++;
	*ret_new = true;
	return true;
}

static bool
hostset_has(const struct hostset *hs, const char *s)
{
	size_t i;

	if (hs->cap == 0)
		return false;
	for (i = fnv(s) & (hs->cap - 1); hs->slot[i] != NULL;
	    i = (i + 1) & (hs->cap - 1))
		if (strcmp(hs->slot[i], s) == 0)
			return true;
	return false;
}

static void
hostset_free(struct hostset *hs)
{
	size_t i;

	for (i = 0; i < hs->cap; i++)
		free(hs->slot[i]);
	free(hs->slot);
	memset(hs, 0, sizeof(*hs));
}

/* ------------------------------------------------------------ emitting */

static void
emit_scan(struct vxml *x, unsigned long line, const char *tool,
    const char *version, const char *asset, struct opt_time started,
    struct opt_time finished)
{
	struct vuln_scan s;
	enum assure_err rc;

	memset(&s, 0, sizeof(s));
	s.line = line;
	s.tool = tool;
	s.tool_version = version;
	s.asset = asset;
	s.started = started;
	s.finished = finished;
	s.complete = TRI_ABSENT;
	rc = vuln_emit_scan(x->p, &s, &x->diag);
	if (rc != ASSURE_OK)
		vx_sink_failed(x, rc);
}

static void
emit_finding(struct vxml *x, struct vuln_finding *f)
{
	enum assure_err rc;

	if (f->location == NULL)
		f->location = "";
	rc = vuln_emit_finding(x->p, f, &x->diag);
	if (rc != ASSURE_OK)
		vx_sink_failed(x, rc);
}

static void
finding_init(struct vuln_finding *f, unsigned long line)
{
	memset(f, 0, sizeof(*f));
	f->line = line;
	f->cvss = -1;
	f->location = "";
}

/* -------------------------------------------------------------- nessus */

static void
nessus_emit_scan(struct vxml *x)
{
	struct nessus_st *n = &x->u.n;
	const char *asset = x->p->o->asset;
	struct opt_time st, en;

	n->emitted = true;
	if (asset == NULL)
		asset = vs_val(&n->name);
	if (asset == NULL)
		asset = vs_val(&n->fqdn);
	if (asset == NULL)
		asset = vs_val(&n->ip);
	if (asset == NULL) {
		vx_fail(x, ASSURE_ERR_PARSE, "ReportHost", "expected a host "
		    "name (ReportHost@name, host-fqdn or host-ip), got none");
		return;
	}
	st = n->start_ts.has ? n->start_ts : n->start;
	en = n->end_ts.has ? n->end_ts : n->end;
	emit_scan(x, n->host_line, "nessus", NULL, asset, st, en);
}

static void
nessus_start(struct vxml *x, const char *name, const xmlChar **attrs,
    int na)
{
	struct nessus_st *n = &x->u.n;

	if (is(name, "ReportHost") && is(up(x, 1), "Report")) {
		n->in_host = true;
		n->emitted = false;
		n->host_line = cur_line(x);
		vs_clear(&n->ip);
		vs_clear(&n->fqdn);
		n->start.has = n->end.has = false;
		n->start_ts.has = n->end_ts.has = false;
		attr(x, attrs, na, "name", &n->name);
		vs_trim(&n->name);
		return;
	}
	if (!n->in_host)
		return;
	if (is(name, "tag") && is(up(x, 1), "HostProperties")) {
		attr(x, attrs, na, "name", &n->tagname);
		keep_text(x);
		return;
	}
	if (is(name, "ReportItem") && is(up(x, 1), "ReportHost")) {
		if (!n->emitted)
			nessus_emit_scan(x);
		n->in_item = true;
		n->item_line = cur_line(x);
		attr(x, attrs, na, "pluginID", &n->plugin);
		attr(x, attrs, na, "pluginName", &n->title);
		attr(x, attrs, na, "port", &n->port);
		attr(x, attrs, na, "protocol", &n->proto);
		attr(x, attrs, na, "severity", &n->sevnum);
		vs_clear(&n->risk);
		vs_clear(&n->cvss3);
		vs_clear(&n->cvss2);
		vs_clear(&n->cves);
		return;
	}
	if (n->in_item && is(up(x, 1), "ReportItem") &&
	    (is(name, "risk_factor") || is(name, "cvss3_base_score") ||
	    is(name, "cvss_base_score") || is(name, "cve")))
		keep_text(x);
}

static const char *const nessus_sev_words[] = {
	"0", "1", "2", "3", "4",
};

static void
nessus_item(struct vxml *x)
{
	struct nessus_st *n = &x->u.n;
	struct vuln_finding f;
	char rule[128], loc[128], q[64];
	const char *v;
	size_t i;

	finding_init(&f, n->item_line);
	v = vs_val(&n->plugin);
	if (v == NULL || strlen(v) > 100) {
		quote(v, q, sizeof(q));
		vx_fail(x, ASSURE_ERR_PARSE, "pluginID", "expected a plugin "
		    "id, got '%s'", q);
		return;
	}
	snprintf(rule, sizeof(rule), "nessus:%s", v);
	f.rule = rule;
	f.title = vs_val(&n->title);
	v = vs_val(&n->risk);
	if (v != NULL && vuln_sev_word(v) != VSEV_ABSENT) {
		f.severity = vuln_sev_word(v);
		f.severity_raw = v;
	} else if ((v = vs_val(&n->sevnum)) != NULL) {
		for (i = 0; i < ASSURE_ARRAY_LEN(nessus_sev_words); i++)
			if (strcmp(v, nessus_sev_words[i]) == 0)
				break;
		if (i == ASSURE_ARRAY_LEN(nessus_sev_words)) {
			quote(v, q, sizeof(q));
			vx_fail(x, ASSURE_ERR_PARSE, "severity", "expected 0 "
			    "to 4, got '%s'", q);
			return;
		}
		f.severity = (enum vuln_sev)(VSEV_INFO + i);
		f.severity_raw = v;
	} else if ((v = vs_val(&n->risk)) != NULL) {
		f.severity_raw = v;	/* a word we do not know */
	}
	v = vs_val(&n->cvss3) != NULL ? vs_val(&n->cvss3) : vs_val(&n->cvss2);
	if (v != NULL && !score(v, 0.0, &f.cvss)) {
		quote(v, q, sizeof(q));
		vx_fail(x, ASSURE_ERR_PARSE, vs_val(&n->cvss3) != NULL ?
		    "cvss3_base_score" : "cvss_base_score", "expected a CVSS "
		    "score 0 to 10, got '%s'", q);
		return;
	}
	if (vs_val(&n->port) != NULL || vs_val(&n->proto) != NULL) {
		snprintf(loc, sizeof(loc), "%.60s/%.60s",
		    vs_val(&n->port) != NULL ? n->port.s : "",
		    vs_val(&n->proto) != NULL ? n->proto.s : "");
		f.location = loc;
	}
	f.cves = vs_val(&n->cves);
	emit_finding(x, &f);
}

static void
nessus_end(struct vxml *x, const char *name, struct vstr *t)
{
	struct nessus_st *n = &x->u.n;
	const char *tag, *v;
	char q[64];
	int bad = 0;

	if (!n->in_host)
		return;
	if (is(name, "tag") && is(up(x, 1), "HostProperties") && t != NULL) {
		vs_trim(t);
		tag = vs_get(&n->tagname);
		v = t->s;
		if (tag == NULL || *v == '\0')
			return;
		if (is(tag, "host-ip"))
			vs_sets(x, &n->ip, v, "host-ip");
		else if (is(tag, "host-fqdn"))
			vs_sets(x, &n->fqdn, v, "host-fqdn");
		else if (is(tag, "HOST_START"))
			bad = ctime_text(v, &n->start);
		else if (is(tag, "HOST_END"))
			bad = ctime_text(v, &n->end);
		else if (is(tag, "HOST_START_TIMESTAMP"))
			bad = epoch_text(v, &n->start_ts);
		else if (is(tag, "HOST_END_TIMESTAMP"))
			bad = epoch_text(v, &n->end_ts);
		if (bad != 0) {
			quote(v, q, sizeof(q));
			vx_fail(x, ASSURE_ERR_PARSE, tag, "expected %s, got "
			    "'%s'", strstr(tag, "TIMESTAMP") != NULL ?
			    "seconds since the epoch" : "a time like 'Thu Jan "
			    "20 10:30:00 2022'", q);
		}
		return;
	}
	if (n->in_item && t != NULL && is(up(x, 1), "ReportItem")) {
		vs_trim(t);
		if (is(name, "risk_factor"))
			vs_set(x, &n->risk, t->s, t->len, name);
		else if (is(name, "cvss3_base_score"))
			vs_set(x, &n->cvss3, t->s, t->len, name);
		else if (is(name, "cvss_base_score"))
			vs_set(x, &n->cvss2, t->s, t->len, name);
		else if (is(name, "cve"))
			list_add(x, &n->cves, t->s, t->len, name);
		return;
	}
	if (is(name, "ReportItem") && n->in_item) {
		n->in_item = false;
		nessus_item(x);
		return;
	}
	if (is(name, "ReportHost")) {
		if (!n->emitted)
			nessus_emit_scan(x);
		n->in_host = false;
	}
}

static void
nessus_free(struct nessus_st *n)
{
	vs_free(&n->name);
	vs_free(&n->ip);
	vs_free(&n->fqdn);
	vs_free(&n->tagname);
	vs_free(&n->plugin);
	vs_free(&n->title);
	vs_free(&n->port);
	vs_free(&n->proto);
	vs_free(&n->sevnum);
	vs_free(&n->risk);
	vs_free(&n->cvss3);
	vs_free(&n->cvss2);
	vs_free(&n->cves);
}

/* ------------------------------------------------------------- openvas */

static void
openvas_start(struct vxml *x, const char *name, const xmlChar **attrs,
    int na)
{
	struct openvas_st *o = &x->u.o;
	struct vstr tmp = { 0 };
	const char *par = up(x, 1);

	if (is(name, "result") && is(par, "results") && is(up(x, 2),
	    "report")) {
		o->in_result = true;
		o->res_line = cur_line(x);
		vs_clear(&o->host);
		vs_clear(&o->oid);
		vs_clear(&o->name);
		vs_clear(&o->nvtname);
		vs_clear(&o->port);
		vs_clear(&o->threat);
		vs_clear(&o->sev);
		vs_clear(&o->cvss);
		vs_clear(&o->cves);
		return;
	}
	if (o->in_result) {
		if (is(par, "result") && (is(name, "host") ||
		    is(name, "name") || is(name, "port") ||
		    is(name, "threat") || is(name, "severity")))
			keep_text(x);
		else if (is(par, "result") && is(name, "nvt"))
			attr(x, attrs, na, "oid", &o->oid);
		else if (is(par, "nvt") && (is(name, "name") ||
		    is(name, "cvss_base") || is(name, "cve")))
			keep_text(x);
		else if (is(par, "refs") && is(name, "ref")) {
			if (attr(x, attrs, na, "type", &tmp) &&
			    strcasecmp(tmp.s, "cve") == 0 &&
			    attr(x, attrs, na, "id", &tmp))
				list_add(x, &o->cves, tmp.s, tmp.len, "ref");
			vs_free(&tmp);
		}
		return;
	}
	if (is(par, "report") && (is(name, "scan_start") ||
	    is(name, "scan_end")))
		keep_text(x);
	else if (is(par, "report") && is(name, "host")) {
		o->in_host = true;
		vs_clear(&o->hip);
		o->hstart.has = o->hend.has = false;
	} else if (o->in_host && is(par, "host") && (is(name, "ip") ||
	    is(name, "start") || is(name, "end")))
		keep_text(x);
}

static void
openvas_result(struct vxml *x)
{
	struct openvas_st *o = &x->u.o;
	struct vuln_finding f;
	struct opt_time none = { false, 0 };
	const char *asset = x->p->o->asset, *v;
	double sc = -1, cv;
	bool isnew;
	char q[64];

	if (asset == NULL)
		asset = vs_val(&o->host);
	if (asset == NULL) {
		vx_fail(x, ASSURE_ERR_PARSE, "host", "expected the result's "
		    "host, got none");
		return;
	}
	if (vs_val(&o->oid) == NULL) {
		vx_fail(x, ASSURE_ERR_PARSE, "nvt", "expected an nvt oid, got "
		    "none");
		return;
	}
	if (!o->has_cur || strcmp(o->cur.s, asset) != 0) {
		if (!vs_sets(x, &o->cur, asset, "host") ||
		    !hostset_add(x, &o->seen, asset, &isnew))
			return;
		o->has_cur = true;
		emit_scan(x, o->res_line, "openvas", NULL, asset,
		    o->scan_start, none);
		if (x->rc != ASSURE_OK)
			return;
	}
	finding_init(&f, o->res_line);
	f.rule = o->oid.s;
	f.title = vs_val(&o->name) != NULL ? vs_val(&o->name) :
	    vs_val(&o->nvtname);
	v = vs_val(&o->sev);
	if (v != NULL && !score(v, -99.0, &sc)) {
		quote(v, q, sizeof(q));
		vx_fail(x, ASSURE_ERR_PARSE, "severity", "expected a score "
		    "-3.0 to 10.0, got '%s'", q);
		return;
	}
	if (v != NULL && sc >= 0) {
		f.severity = vuln_sev_from_cvss(sc);
		f.cvss = sc;
	} else
		f.severity = vuln_sev_word(vs_val(&o->threat));
	f.severity_raw = vs_val(&o->threat) != NULL ? vs_val(&o->threat) : v;
	if (f.cvss < 0 && (v = vs_val(&o->cvss)) != NULL &&
	    score(v, 0.0, &cv))
		f.cvss = cv;
	f.location = vs_val(&o->port) != NULL ? o->port.s : "";
	f.cves = vs_val(&o->cves);
	emit_finding(x, &f);
}

/* The old nvt/cve: "CVE-2011-1, CVE-2011-2" or NOCVE. */
static void
openvas_cve_list(struct vxml *x, const char *s)
{
	struct openvas_st *o = &x->u.o;
	size_t n;

	while (*s != '\0') {
		s += strspn(s, ", \t\r\n");
		n = strcspn(s, ", \t\r\n");
		if (n > 0 && !(n == 5 && strncmp(s, "NOCVE", 5) == 0) &&
		    !list_add(x, &o->cves, s, n, "cve"))
			return;
		s += n;
	}
}

static void
openvas_end(struct vxml *x, const char *name, struct vstr *t)
{
	struct openvas_st *o = &x->u.o;
	const char *par = up(x, 1);
	struct opt_time *tp = NULL;
	char q[64];
	bool isnew;

	if (o->in_result) {
		if (t != NULL) {
			vs_trim(t);
			if (is(par, "result") && is(name, "host"))
				vs_set(x, &o->host, t->s, t->len, name);
			else if (is(par, "result") && is(name, "name"))
				vs_set(x, &o->name, t->s, t->len, name);
			else if (is(par, "result") && is(name, "port"))
				vs_set(x, &o->port, t->s, t->len, name);
			else if (is(par, "result") && is(name, "threat"))
				vs_set(x, &o->threat, t->s, t->len, name);
			else if (is(par, "result") && is(name, "severity"))
				vs_set(x, &o->sev, t->s, t->len, name);
			else if (is(par, "nvt") && is(name, "name"))
				vs_set(x, &o->nvtname, t->s, t->len, name);
			else if (is(par, "nvt") && is(name, "cvss_base"))
				vs_set(x, &o->cvss, t->s, t->len, name);
			else if (is(par, "nvt") && is(name, "cve"))
				openvas_cve_list(x, t->s);
		}
		if (is(name, "result") && is(par, "results")) {
			o->in_result = false;
			openvas_result(x);
		}
		return;
	}
	if (t != NULL && is(par, "report") && is(name, "scan_start"))
		tp = &o->scan_start;
	else if (t != NULL && is(par, "report") && is(name, "scan_end"))
		tp = &o->scan_end;
	else if (t != NULL && o->in_host && is(par, "host") &&
	    is(name, "start"))
		tp = &o->hstart;
	else if (t != NULL && o->in_host && is(par, "host") &&
	    is(name, "end"))
		tp = &o->hend;
	else if (t != NULL && o->in_host && is(par, "host") &&
	    is(name, "ip")) {
		vs_trim(t);
		vs_set(x, &o->hip, t->s, t->len, name);
	} else if (o->in_host && is(name, "host") && is(par, "report")) {
		o->in_host = false;
		if (x->p->o->asset == NULL && vs_val(&o->hip) != NULL &&
		    !hostset_has(&o->seen, o->hip.s) &&
		    hostset_add(x, &o->seen, o->hip.s, &isnew))
			emit_scan(x, cur_line(x), "openvas", NULL, o->hip.s,
			    o->hstart.has ? o->hstart : o->scan_start,
			    o->hend.has ? o->hend : o->scan_end);
	}
	if (tp != NULL) {
		vs_trim(t);
		if (time_text(t->s, tp) != 0) {
			quote(t->s, q, sizeof(q));
			vx_fail(x, ASSURE_ERR_PARSE, name, "expected an RFC "
			    "3339 time, got '%s'", q);
		}
	}
}

static void
openvas_finish(struct vxml *x)
{
	struct openvas_st *o = &x->u.o;
	struct vuln_parser *p = x->p;

	/* --asset and no result: the report still says the host was
	 * scanned. */
	if (p->emitted == 0 && p->o->asset != NULL)
		emit_scan(x, 1, "openvas", NULL, p->o->asset, o->scan_start,
		    o->scan_end);
	if (x->rc == ASSURE_OK && p->emitted > 0 && o->scan_end.has &&
	    (!p->has_as_of || o->scan_end.t > p->as_of)) {
		p->has_as_of = true;
		p->as_of = o->scan_end.t;
	}
}

static void
openvas_free(struct openvas_st *o)
{
	vs_free(&o->cur);
	hostset_free(&o->seen);
	vs_free(&o->host);
	vs_free(&o->oid);
	vs_free(&o->name);
	vs_free(&o->nvtname);
	vs_free(&o->port);
	vs_free(&o->threat);
	vs_free(&o->sev);
	vs_free(&o->cvss);
	vs_free(&o->cves);
	vs_free(&o->hip);
}

/* ------------------------------------------------------------ openscap */

static bool
ns_xccdf(const xmlChar *uri)
{
	return uri != NULL && strncmp((const char *)uri, NS_XCCDF,
	    strlen(NS_XCCDF)) == 0;
}

static void
openscap_emit_scan(struct vxml *x)
{
	struct openscap_st *s = &x->u.s;
	const char *asset = x->p->o->asset;

	s->emitted = true;
	if (asset == NULL)
		asset = vs_val(&s->target);
	if (asset == NULL)
		asset = vs_val(&s->arf_fqdn);
	if (asset == NULL)
		asset = vs_val(&s->arf_hostname);
	if (asset == NULL) {
		vx_fail(x, ASSURE_ERR_PARSE, "target", "expected the scanned "
		    "system (TestResult/target or an ARF asset), got none");
		return;
	}
	emit_scan(x, s->tr_line, "openscap", vs_val(&s->version), asset,
	    s->start, s->end);
}

static void
openscap_start(struct vxml *x, const char *name, const xmlChar *uri,
    const xmlChar **attrs, int na)
{
	struct openscap_st *s = &x->u.s;
	struct vstr tmp = { 0 };
	const char *v, *c;
	char q[64];

	if (is(name, "TestResult") && ns_xccdf(uri)) {
		s->in_tr = true;
		s->emitted = false;
		s->tr_line = cur_line(x);
		vs_clear(&s->target);
		vs_clear(&s->version);
		s->start.has = s->end.has = false;
		if (attr(x, attrs, na, "start-time", &tmp) &&
		    time_text(tmp.s, &s->start) != 0)
			goto bad_time;
		if (attr(x, attrs, na, "end-time", &tmp) &&
		    time_text(tmp.s, &s->end) != 0)
			goto bad_time;
		/* cpe:/a:redhat:openscap:1.3.5 */
		if (attr(x, attrs, na, "test-system", &tmp) &&
		    (c = strrchr(tmp.s, ':')) != NULL && isdigit(
		    (unsigned char)c[1]))
			vs_sets(x, &s->version, c + 1, "test-system");
		vs_free(&tmp);
		return;
	}
	if (s->in_tr && is(up(x, 1), "TestResult")) {
		if (is(name, "target"))
			keep_text(x);
		else if (is(name, "rule-result")) {
			if (!s->emitted)
				openscap_emit_scan(x);
			s->in_rr = true;
			s->rr_line = cur_line(x);
			attr(x, attrs, na, "idref", &s->idref);
			attr(x, attrs, na, "severity", &s->sev);
			vs_clear(&s->result);
		}
		return;
	}
	if (s->in_rr && is(up(x, 1), "rule-result") && is(name, "result")) {
		keep_text(x);
		return;
	}
	if (!s->in_tr && is(up(x, 1), "computing-device") &&
	    (is(name, "fqdn") || is(name, "hostname")))
		keep_text(x);
	return;
bad_time:
	v = tmp.s;
	quote(v, q, sizeof(q));
	vx_fail(x, ASSURE_ERR_PARSE, "TestResult", "expected an xs:dateTime "
	    "start-time/end-time, got '%s'", q);
	vs_free(&tmp);
}

static const char *const xccdf_results[] = {
	"pass", "fail", "error", "unknown", "notapplicable", "notchecked",
	"notselected", "informational", "fixed",
};

static void
openscap_rule(struct vxml *x)
{
	struct openscap_st *s = &x->u.s;
	struct vuln_finding f;
	const char *r = vs_val(&s->result);
	char q[64];
	size_t i;

	for (i = 0; r != NULL && i < ASSURE_ARRAY_LEN(xccdf_results); i++)
		if (strcmp(r, xccdf_results[i]) == 0)
			break;
	if (r == NULL || i == ASSURE_ARRAY_LEN(xccdf_results)) {
		quote(r, q, sizeof(q));
		vx_fail(x, ASSURE_ERR_PARSE, "result", "expected pass, fail, "
		    "error, unknown, notapplicable, notchecked, notselected, "
		    "informational or fixed, got '%s'", q);
		return;
	}
	if (!is(r, "fail") && !is(r, "error") && !is(r, "unknown"))
		return;
	if (vs_val(&s->idref) == NULL) {
		vx_fail(x, ASSURE_ERR_PARSE, "idref", "expected the rule's "
		    "idref, got none");
		return;
	}
	finding_init(&f, s->rr_line);
	f.rule = s->idref.s;
	f.severity_raw = vs_val(&s->sev);
	f.severity = vuln_sev_word(f.severity_raw);
	f.status = r;
	emit_finding(x, &f);
}

static void
openscap_end(struct vxml *x, const char *name, struct vstr *t)
{
	struct openscap_st *s = &x->u.s;

	if (t != NULL) {
		vs_trim(t);
		if (s->in_tr && is(name, "target") && !s->target.has)
			vs_set(x, &s->target, t->s, t->len, name);
		else if (s->in_rr && is(name, "result"))
			vs_set(x, &s->result, t->s, t->len, name);
		else if (!s->in_tr && is(name, "fqdn") && !s->arf_fqdn.has &&
		    t->len > 0)
			vs_set(x, &s->arf_fqdn, t->s, t->len, name);
		else if (!s->in_tr && is(name, "hostname") &&
		    !s->arf_hostname.has && t->len > 0)
			vs_set(x, &s->arf_hostname, t->s, t->len, name);
		return;
	}
	if (s->in_rr && is(name, "rule-result")) {
		s->in_rr = false;
		openscap_rule(x);
	} else if (s->in_tr && is(name, "TestResult")) {
		if (!s->emitted)
			openscap_emit_scan(x);
		s->in_tr = false;
	}
}

static void
openscap_free(struct openscap_st *s)
{
	vs_free(&s->arf_fqdn);
	vs_free(&s->arf_hostname);
	vs_free(&s->target);
	vs_free(&s->version);
	vs_free(&s->idref);
	vs_free(&s->sev);
	vs_free(&s->result);
}

/* ----------------------------------------------------------------- zap */

static void
zap_start(struct vxml *x, const char *name, const xmlChar **attrs, int na)
{
	struct zap_st *z = &x->u.z;
	struct vstr tmp = { 0 };
	struct opt_time none = { false, 0 };
	const char *asset;

	if (x->depth == 1) {
		attr(x, attrs, na, "version", &z->version);
		if (attr(x, attrs, na, "generated", &tmp))
			(void)zap_time(tmp.s, &z->generated);
		vs_free(&tmp);
		return;
	}
	if (is(name, "site") && x->depth == 2) {
		z->in_site = true;
		asset = x->p->o->asset;
		if (asset == NULL && attr(x, attrs, na, "name", &tmp))
			asset = tmp.len > 0 ? tmp.s : NULL;
		if (asset == NULL)
			vx_fail(x, ASSURE_ERR_PARSE, "site", "expected the "
			    "site's name, got none");
		else
			emit_scan(x, cur_line(x), "zap", vs_val(&z->version),
			    asset, none, z->generated);
		vs_free(&tmp);
		return;
	}
	if (!z->in_site)
		return;
	if (is(name, "alertitem")) {
		z->in_alert = true;
		z->alert_line = cur_line(x);
		z->ninst = 0;
		vs_clear(&z->plugin);
		vs_clear(&z->alert);
		vs_clear(&z->name);
		vs_clear(&z->riskcode);
		vs_clear(&z->riskdesc);
		vs_clear(&z->uri);
		vs_clear(&z->param);
		return;
	}
	if (!z->in_alert)
		return;
	if (is(up(x, 1), "alertitem") && (is(name, "pluginid") ||
	    is(name, "alert") || is(name, "name") || is(name, "riskcode") ||
	    is(name, "riskdesc") || is(name, "uri") || is(name, "param")))
		keep_text(x);
	else if (is(name, "instance") && is(up(x, 1), "instances")) {
		z->inst_line = cur_line(x);
		vs_clear(&z->iuri);
		vs_clear(&z->iparam);
	} else if (is(up(x, 1), "instance") && (is(name, "uri") ||
	    is(name, "param")))
		keep_text(x);
}

static void
zap_finding(struct vxml *x, unsigned long line, const struct vstr *uri,
    const struct vstr *param)
{
	struct zap_st *z = &x->u.z;
	struct vuln_finding f;
	const char *v;
	char q[64];

	v = vs_val(&z->plugin);
	if (v == NULL) {
		vx_fail(x, ASSURE_ERR_PARSE, "pluginid", "expected the alert's "
		    "pluginid before its instances, got none");
		return;
	}
	finding_init(&f, line);
	vs_clear(&z->rule);
	if (!vs_add(x, &z->rule, "zap:", 4, "pluginid") ||
	    !vs_add(x, &z->rule, v, strlen(v), "pluginid"))
		return;
	f.rule = z->rule.s;
	f.title = vs_val(&z->alert) != NULL ? vs_val(&z->alert) :
	    vs_val(&z->name);
	v = vs_val(&z->riskcode);
	if (v != NULL) {
		if (strlen(v) != 1 || v[0] < '0' || v[0] > '3') {
			quote(v, q, sizeof(q));
			vx_fail(x, ASSURE_ERR_PARSE, "riskcode", "expected 0 "
			    "to 3, got '%s'", q);
			return;
		}
		f.severity = (enum vuln_sev)(VSEV_INFO + (v[0] - '0'));
		f.severity_raw = v;
	} else if ((v = vs_val(&z->riskdesc)) != NULL) {
		char w[32];

		snprintf(w, sizeof(w), "%.*s", (int)strcspn(v, " ("), v);
		f.severity = vuln_sev_word(w);
		f.severity_raw = v;
	}
	vs_clear(&z->loc);
	if (vs_val(uri) != NULL && !vs_add(x, &z->loc, uri->s, uri->len,
	    "uri"))
		return;
	if (vs_val(param) != NULL && (!vs_add(x, &z->loc, " ", 1, "param") ||
	    !vs_add(x, &z->loc, param->s, param->len, "param")))
		return;
	f.location = z->loc.has ? z->loc.s : "";
	emit_finding(x, &f);
}

static void
zap_end(struct vxml *x, const char *name, struct vstr *t)
{
	struct zap_st *z = &x->u.z;
	struct vstr *to = NULL;

	if (t != NULL && z->in_alert) {
		vs_trim(t);
		if (is(up(x, 1), "instance"))
			to = is(name, "uri") ? &z->iuri : &z->iparam;
		else if (is(name, "pluginid"))
			to = &z->plugin;
		else if (is(name, "alert"))
			to = &z->alert;
		else if (is(name, "name"))
			to = &z->name;
		else if (is(name, "riskcode"))
			to = &z->riskcode;
		else if (is(name, "riskdesc"))
			to = &z->riskdesc;
		else if (is(name, "uri"))
			to = &z->uri;
		else if (is(name, "param"))
			to = &z->param;
		if (to != NULL)
			vs_set(x, to, t->s, t->len, name);
		return;
	}
	if (z->in_alert && is(name, "instance") && is(up(x, 1), "instances")) {
		z->ninst++;
		zap_finding(x, z->inst_line, &z->iuri, &z->iparam);
	} else if (z->in_alert && is(name, "alertitem")) {
		z->in_alert = false;
		if (z->ninst == 0)
			zap_finding(x, z->alert_line, &z->uri, &z->param);
	} else if (is(name, "site") && x->depth == 2)
		z->in_site = false;
}

static void
zap_free(struct zap_st *z)
{
	vs_free(&z->version);
	vs_free(&z->plugin);
	vs_free(&z->alert);
	vs_free(&z->name);
	vs_free(&z->riskcode);
	vs_free(&z->riskdesc);
	vs_free(&z->uri);
	vs_free(&z->param);
	vs_free(&z->iuri);
	vs_free(&z->iparam);
	vs_free(&z->loc);
	vs_free(&z->rule);
}

/* ------------------------------------------------------- SAX callbacks */

static bool
root_ok(struct vxml *x, const char *name, const xmlChar *uri)
{
	switch (x->p->fmt) {
	case VULN_FMT_NESSUS:
		return is(name, "NessusClientData_v2");
	case VULN_FMT_OPENVAS:
		return is(name, "report") || is(name, "get_reports_response");
	case VULN_FMT_OPENSCAP:
		return ((is(name, "Benchmark") || is(name, "TestResult")) &&
		    ns_xccdf(uri)) || (is(name, "asset-report-collection") &&
		    uri != NULL && strncmp((const char *)uri, NS_ARF,
		    strlen(NS_ARF)) == 0);
	case VULN_FMT_ZAP_XML:
		return is(name, "OWASPZAPReport");
	default:
		return false;
	}
}

static const char *
root_expected(enum vuln_format fmt)
{
	switch (fmt) {
	case VULN_FMT_NESSUS:
		return "a Nessus v2 report (NessusClientData_v2)";
	case VULN_FMT_OPENVAS:
		return "a Greenbone report (report or get_reports_response)";
	case VULN_FMT_OPENSCAP:
		return "an XCCDF 1.1/1.2 Benchmark or TestResult, or an ARF "
		    "asset-report-collection (OVAL-only results are not "
		    "taken: use oscap xccdf eval --results or --results-arf)";
	default:
		return "a ZAP XML report (OWASPZAPReport)";
	}
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
	struct vxml *x = ctx;
	const char *name = (const char *)localname;
	char q[64];

	if (x->rc != ASSURE_OK)
		return;
	if (x->depth >= VXML_DEPTH_MAX) {
		vx_fail(x, ASSURE_ERR_LIMIT, name, "expected elements nested "
		    "at most %d deep, got deeper", VXML_DEPTH_MAX);
		return;
	}
	if (nb_attributes > VXML_ATTRS_MAX) {
		vx_fail(x, ASSURE_ERR_LIMIT, name, "expected at most %d "
		    "attributes, got %d", VXML_ATTRS_MAX, nb_attributes);
		return;
	}
	x->names[x->depth++] = name;
	if (x->depth == 1) {
		if (!root_ok(x, name, uri)) {
			quote(name, q, sizeof(q));
			vx_fail(x, ASSURE_ERR_PARSE, "root", "expected %s, got "
			    "'%s'", root_expected(x->p->fmt), q);
			return;
		}
		x->root_ok = true;
	}
	switch (x->p->fmt) {
	case VULN_FMT_NESSUS:
		nessus_start(x, name, attrs, nb_attributes);
		break;
	case VULN_FMT_OPENVAS:
		openvas_start(x, name, attrs, nb_attributes);
		break;
	case VULN_FMT_OPENSCAP:
		openscap_start(x, name, uri, attrs, nb_attributes);
		break;
	default:
		zap_start(x, name, attrs, nb_attributes);
		break;
	}
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct vxml *x = ctx;
	const char *name = (const char *)localname;
	struct vstr *t = NULL;

	if (x->rc != ASSURE_OK || x->depth == 0)
		return;
	if (x->cap_depth == x->depth) {
		t = &x->text;
		x->cap_depth = -1;
	}
	switch (x->p->fmt) {
	case VULN_FMT_NESSUS:
		nessus_end(x, name, t);
		break;
	case VULN_FMT_OPENVAS:
		openvas_end(x, name, t);
		break;
	case VULN_FMT_OPENSCAP:
		openscap_end(x, name, t);
		break;
	default:
		zap_end(x, name, t);
		break;
	}
	if (x->depth == 1) {
		x->end_line = cur_line(x);
		x->end_col = cur_col(x);
	}
	x->depth--;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct vxml *x = ctx;

	if (x->rc != ASSURE_OK || x->cap_depth != x->depth || len <= 0)
		return;
	vs_add(x, &x->text, (const char *)ch, (size_t)len,
	    x->names[x->depth - 1]);
}

static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
	struct vxml *x = ctx;
	char q[64];

	quote((const char *)name, q, sizeof(q));
	vx_fail(x, ASSURE_ERR_PARSE, "DOCTYPE", "expected no document type "
	    "declaration (DTDs and entities are refused), got '<!DOCTYPE "
	    "%s'", q);
}

static void
on_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	struct vxml *x = ctx;
	char q[64];

	quote((const char *)name, q, sizeof(q));
	vx_fail(x, ASSURE_ERR_PARSE, "ENTITY", "expected no entity "
	    "declaration (entities are refused), got '%s'", q);
}

static void
on_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id, const xmlChar *notation)
{
	on_entity_decl(ctx, name, 0, public_id, system_id, NULL);
}

static xmlEntityPtr
no_entity(void *ctx, const xmlChar *name)
{
	return NULL;
}

static xmlParserInputPtr
no_resolve(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	struct vxml *x = ctx;

	vx_fail(x, ASSURE_ERR_PARSE, "DOCTYPE", "expected no external "
	    "resource, got a reference to one");
	return NULL;
}

static void
no_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
}

static void
no_doc(void *ctx)
{
}

/* libxml2's errors: the first one, located; never printed. */
static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct vxml *x = ctx;
	char msg[ASSURE_DIAG_MSG_MAX];
	unsigned long e_line, e_col;
	size_t n;

	if (e == NULL || e->level < XML_ERR_ERROR || x->rc != ASSURE_OK ||
	    x->xerr)
		return;
	e_line = e->line > 0 ? (unsigned long)e->line : 0;
	e_col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
	x->xerr = true;
	x->xerr_rc = e->code == XML_ERR_NO_MEMORY ? ASSURE_ERR_NOMEM :
	    ASSURE_ERR_PARSE;
	snprintf(msg, sizeof(msg), "%s", e->message != NULL ? e->message :
	    "malformed XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/*
	 * Where the push parser notices content after the root depends on
	 * how the input was split: place it where the root ended.
	 */
	if (e->code == XML_ERR_DOCUMENT_END && x->end_line > 0) {
		e_line = x->end_line;
		e_col = x->end_col;
	}
	x->rc = assure_diag_set(&x->diag, x->xerr_rc, x->src, e_line, e_col,
	    "xml",
	    "expected well-formed XML, got: %s", msg);
}

/* ------------------------------------------------------------ the API */

enum assure_err
vxml_new(struct vuln_parser *p, struct assure_diag *d)
{
	const char *src = p->o->source != NULL ? p->o->source : "<input>";
	xmlSAXHandler h;
	struct vxml *x;

	x = calloc(1, sizeof(*x));
	if (x == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	x->p = p;
	x->src = src;
	x->cap_depth = -1;
	assure_diag_clear(&x->diag);
	memset(&h, 0, sizeof(h));
	xmlSAXVersion(&h, 2);
	h.startElement = NULL;
	h.endElement = NULL;
	h.startElementNs = on_start;
	h.endElementNs = on_end;
	h.characters = on_text;
	h.cdataBlock = on_text;
	h.ignorableWhitespace = on_text;
	h.internalSubset = on_doctype;
	h.externalSubset = no_subset;
	h.entityDecl = on_entity_decl;
	h.unparsedEntityDecl = on_unparsed_entity;
	h.getEntity = no_entity;
	h.getParameterEntity = no_entity;
	h.resolveEntity = no_resolve;
	h.reference = NULL;
	h.elementDecl = NULL;
	h.attributeDecl = NULL;
	h.notationDecl = NULL;
	h.startDocument = no_doc;
	h.endDocument = no_doc;
	h.setDocumentLocator = NULL;
	h.processingInstruction = NULL;
	h.comment = NULL;
	h.warning = NULL;
	h.error = NULL;
	h.fatalError = NULL;
	h.serror = on_error;
	x->ctxt = xmlCreatePushParserCtxt(&h, x, NULL, 0, src);
	if (x->ctxt == NULL) {
		free(x);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	}
	/* Safe: no NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	x->ctxt->replaceEntities = 0;
	x->ctxt->loadsubset = 0;
	x->ctxt->validate = 0;
	x->ctxt->sax->serror = on_error;
	p->xml = x;
	return ASSURE_OK;
}

/* After libxml2 returned: the first error, into d. */
static enum assure_err
check(struct vxml *x, struct assure_diag *d)
{
	if (x->rc != ASSURE_OK && !x->stopped) {
		x->stopped = true;
		xmlStopParser(x->ctxt);
	}
	if (x->rc != ASSURE_OK && d != NULL)
		*d = x->diag;
	return x->rc;
}

/* Hand libxml2 n bytes (terminate: the last of them). */
static enum assure_err
push(struct vxml *x, const unsigned char *data, size_t n, int terminate,
    struct assure_diag *d)
{
	(void)xmlParseChunk(x->ctxt, (const char *)data, (int)n, terminate);
	if (check(x, d) != ASSURE_OK)
		return x->rc;
	if (!terminate && (x->ctxt->wellFormed == 0 || x->ctxt->disableSAX)) {
		x->rc = assure_diag_set(&x->diag, ASSURE_ERR_PARSE, x->src,
		    cur_line(x), cur_col(x), "xml", "expected well-formed XML, "
		    "got an error");
		return check(x, d);
	}
	return ASSURE_OK;
}

enum assure_err
vxml_feed(struct vuln_parser *p, const unsigned char *data, size_t len,
    struct assure_diag *d)
{
	struct vxml *x = p->xml;
	enum assure_err rc;
	size_t n;

	if (check(x, d) != ASSURE_OK)
		return x->rc;
	while (len > 0) {
		n = VXML_BLOCK - x->nblk;
		if (n > len)
			n = len;
		memcpy(x->blk + x->nblk, data, n);
		x->nblk += n;
		data += n;
		len -= n;
		if (x->nblk < VXML_BLOCK)
			break;
		x->nblk = 0;
		rc = push(x, x->blk, VXML_BLOCK, 0, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

enum assure_err
vxml_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct vxml *x = p->xml;

	if (check(x, d) != ASSURE_OK)
		return x->rc;
	if (x->nblk > 0 && push(x, x->blk, x->nblk, 0, d) != ASSURE_OK)
		return x->rc;
	x->nblk = 0;
	(void)xmlParseChunk(x->ctxt, NULL, 0, 1);
	if (check(x, d) != ASSURE_OK)
		return x->rc;
	if (x->ctxt->wellFormed == 0 || !x->root_ok) {
		x->rc = assure_diag_set(&x->diag, ASSURE_ERR_PARSE, x->src,
		    cur_line(x), cur_col(x), "xml", "expected an XML "
		    "document, got %s", x->root_ok ? "an error" : "none");
		return check(x, d);
	}
	if (p->fmt == VULN_FMT_OPENVAS)
		openvas_finish(x);
	return check(x, d);
}

void
vxml_free(struct vxml *x)
{
	if (x == NULL)
		return;
	if (x->ctxt != NULL) {
		if (x->ctxt->myDoc != NULL)
			xmlFreeDoc(x->ctxt->myDoc);
		x->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(x->ctxt);
	}
	switch (x->p->fmt) {
	case VULN_FMT_NESSUS:
		nessus_free(&x->u.n);
		break;
	case VULN_FMT_OPENVAS:
		openvas_free(&x->u.o);
		break;
	case VULN_FMT_OPENSCAP:
		openscap_free(&x->u.s);
		break;
	default:
		zap_free(&x->u.z);
		break;
	}
	vs_free(&x->text);
	free(x);
}
