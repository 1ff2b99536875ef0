/*
 * vendors.c: vendors.yaml (see vendors.h), the strict reader.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "parse/csvread.h"
#include "workspace/vendors.h"

static const char *const tier_names[VENDOR_TIER__MAX] = {
	"critical", "high", "medium", "low",
};
static const char *const subservice_names[VENDOR_SUBSERVICE__MAX] = {
	"no", "inclusive", "carve-out",
};
static const char *const opinion_names[VENDOR_OPINION__MAX] = {
	"unqualified", "qualified", "adverse", "disclaimer",
};

const char *
vendor_tier_name(enum vendor_tier t)
{
	return (unsigned)t < VENDOR_TIER__MAX ? tier_names[t] : "?";
}

const char *
vendor_opinion_name(enum vendor_opinion o)
{
	return (unsigned)o < VENDOR_OPINION__MAX ? opinion_names[o] : "?";
}

int64_t
vendor_review_default(enum vendor_tier t)
{
	switch (t) {
	case VENDOR_CRITICAL:
		return VENDOR_REVIEW_CRITICAL;
	case VENDOR_HIGH:
		return VENDOR_REVIEW_HIGH;
	case VENDOR_MEDIUM:
		return VENDOR_REVIEW_MEDIUM;
	default:
		return VENDOR_REVIEW_LOW;
	}
}

/*
 * The two readers, of vendors.yaml and of vendors.csv, only turn their
 * text into values and positions; what a value must look like and what a
 * vendor as a whole must hold is checked here, once, so both files mean
 * the same and fail the same way.
 */

/* Where a value is, 1-based, for a located error. */
struct vpos {
	unsigned long	line;
	unsigned long	col;
};

/* The field names the whole-vendor checks report, per file format. */
struct vnames {
	const char	*item;
	const char	*soc2;
	const char	*soc2_need;
	const char	*end;
	const char	*bridge;
	const char	*iso;
	const char	*iso_need;
};

static const struct vnames yaml_names = {
	"vendors", "assurance.soc2", "a SOC 2 report needs type, "
	"period_start, period_end and opinion", "assurance.soc2.period_end",
	"assurance.soc2.bridge_until", "assurance.iso27001", "an ISO 27001 "
	"certificate needs certificate and expires",
};
static const struct vnames csv_names = {
	"vendors", "soc2", "a SOC 2 report needs soc2_type, "
	"soc2_period_start, soc2_period_end and soc2_opinion",
	"soc2_period_end", "soc2_bridge_until", "iso27001", "an ISO 27001 "
	"certificate needs iso27001_certificate and iso27001_expires",
};

struct vctx {
	struct vendors		*p;
	const char		*source;
	struct assure_diag	*diag;
	const struct vnames	*names;
};

/* What a reader saw of one vendor, and where, for vendor_finish(). */
struct vseen {
	struct vpos	 item;
	bool		 tier;
	bool		 soc2;		/* any SOC 2 field was given */
	struct vpos	 soc2_at;
	bool		 type, start, end, opinion;
	struct vpos	 end_at, bridge_at;
	bool		 iso;
	struct vpos	 iso_at;
	bool		 expires;
};

static enum assure_err
vat(struct vctx *c, struct vpos at, const char *field, const char *fmt, ...)
    ASSURE_PRINTF(4, 5);

static enum assure_err
vat(struct vctx *c, struct vpos at, const char *field, const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return assure_diag_set(c->diag, ASSURE_ERR_PARSE, c->source, at.line,
	    at.col, field, "%s", msg);
}

static enum assure_err
vnomem(struct vctx *c, const char *field)
{
	return assure_diag_set(c->diag, ASSURE_ERR_NOMEM, c->source, 0, 0,
	    field, "out of memory");
}

#define NOT_SCALAR(s)	((s) != NULL ? (s) : "(not a scalar)")

/* One of n words into *ret; s NULL: not a scalar. */
static enum assure_err
vword(struct vctx *c, struct vpos at, const char *s, const char *field,
    const char *const *names, size_t n, const char *list, int *ret)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*ret = (int)i;
			return ASSURE_OK;
		}
	return vat(c, at, field, "expected %s, got '%.40s'", list,
	    NOT_SCALAR(s));
}

/* A date or instant; a date means its first (or, end, last) instant. */
static enum assure_err
vdate(struct vctx *c, struct vpos at, const char *s, const char *field,
    bool end, int64_t *ret)
{
	if (s == NULL || assure_time_parse(s, strlen(s), ret) != 0)
		return vat(c, at, field, "expected a date (YYYY-MM-DD) or "
		    "an RFC 3339 instant, got '%.40s'", NOT_SCALAR(s));
	if (end && strlen(s) == 10)
		*ret += 86400 - 1;
	return ASSURE_OK;
}

static enum assure_err
vtype(struct vctx *c, struct vpos at, const char *s, const char *field,
    int *ret)
{
	if (s == NULL || (strcmp(s, "1") != 0 && strcmp(s, "2") != 0))
		return vat(c, at, field, "expected 1 or 2, got '%.40s'",
		    NOT_SCALAR(s));
	*ret = s[0] - '0';
	return ASSURE_OK;
}

static enum assure_err
vevery(struct vctx *c, struct vpos at, const char *s, int64_t *ret)
{
	if (s == NULL || assure_duration_parse(s, ret) != 0 || *ret <= 0)
		return vat(c, at, "review_every", "expected a duration such "
		    "as 180d or 52w, got '%.40s'", NOT_SCALAR(s));
	return ASSURE_OK;
}

/* A data item is complete: health data is personal data. */
static void
vdata_add(struct vendor *e, struct vendor_data *d)
{
	if (d->health)
		d->personal = true;
	e->personal |= d->personal;
	e->health |= d->health;
	e->ndata++;
}

/*
 * The checks on a whole vendor, whichever file it came from: the required
 * fields, a complete SOC 2 report whose period is in order and whose
 * bridge letter follows it, a complete ISO certificate, a name not seen
 * before; then the default review interval, and the vendor is counted.
 */
static enum assure_err
vendor_finish(struct vctx *c, struct vendor *e, const struct vseen *s)
{
	const struct vnames *nm = c->names;
	size_t i;

	if (e->name == NULL || e->service == NULL || !s->tier)
		return vat(c, s->item, nm->item, "each vendor needs name, "
		    "service and tier");
	if (s->soc2) {
		if (!s->type || !s->start || !s->end || !s->opinion)
			return vat(c, s->soc2_at, nm->soc2, "%s",
			    nm->soc2_need);
		if (e->soc2.end < e->soc2.start)
			return vat(c, s->end_at, nm->end, "the period ends "
			    "before it starts");
		if (e->soc2.bridged && e->soc2.bridge_until < e->soc2.end)
			return vat(c, s->bridge_at, nm->bridge, "the bridge "
			    "letter ends before the report's period does");
		e->soc2.have = true;
	}
	if (s->iso) {
		if (e->iso.certificate == NULL || !s->expires)
			return vat(c, s->iso_at, nm->iso, "%s", nm->iso_need);
		e->iso.have = true;
	}
	for (i = 0; i < c->p->n; i++)
		if (strcmp(c->p->v[i].name, e->name) == 0)
			return vat(c, s->item, "name", "vendor '%.80s' is "
			    "already listed at line %lu", e->name,
			    c->p->v[i].line);
	if (e->review_every == 0)
		e->review_every = vendor_review_default(e->tier);
	e->line = s->item.line;
	c->p->n++;
	return ASSURE_OK;
}

/* The YAML reader. */

struct vparse {
	struct vctx		 c;
	struct vendors		*p;
	struct vendor		*cur;
	struct vendor_data	*data;
	struct vendor_csoc	*csoc;
	struct vseen		 seen;
};

static struct vpos
ypos(const yaml_node_t *n)
{
	struct vpos at;

	at.line = n->start_mark.line + 1;
	at.col = n->start_mark.column + 1;
	return at;
}

static enum assure_err
nomem(struct ywalk *w, const char *field)
{
	return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0, 0,
	    field, "out of memory");
}

static enum assure_err
text(struct ywalk *w, struct vparse *vp, yaml_node_t *v, const char *field,
    const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *c;

	rc = ywalk_text(w, v, field, VENDOR_TEXT_MAX + 1, 0, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	c = ypool_strndup(&vp->p->pool, s, len);
	if (c == NULL)
		return nomem(w, field);
	*ret = c;
	return ASSURE_OK;
}

/* One of n words into *ret. */
static enum assure_err
word(struct vparse *vp, yaml_node_t *v, const char *field,
    const char *const *names, size_t n, const char *list, int *ret)
{
	return vword(&vp->c, ypos(v), ywalk_scalar(v), field, names, n, list,
	    ret);
}

/* A plain null, ~ or empty scalar. */
static bool
is_null(const yaml_node_t *v)
{
	const char *s = ywalk_scalar(v);

	return s != NULL && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
}

static enum assure_err
date(struct vparse *vp, yaml_node_t *v, const char *field, bool end,
    int64_t *ret)
{
	return vdate(&vp->c, ypos(v), ywalk_scalar(v), field, end, ret);
}

/* A date, or null: *have says which. */
static enum assure_err
opt_date(struct vparse *vp, yaml_node_t *v, const char *field, bool end,
    bool *have, int64_t *ret)
{
	*have = false;
	if (is_null(v))
		return ASSURE_OK;
	*have = true;
	return date(vp, v, field, end, ret);
}

static enum assure_err
soc2_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;
	int o;
	enum assure_err rc;

	if (strcmp(key, "type") == 0) {
		rc = vtype(&vp->c, ypos(v), ywalk_scalar(v),
		    "assurance.soc2.type", &e->soc2.type);
		vp->seen.type = rc == ASSURE_OK;
		return rc;
	}
	if (strcmp(key, "period_start") == 0) {
		vp->seen.start = true;
		return date(vp, v, "assurance.soc2.period_start", false,
		    &e->soc2.start);
	}
	if (strcmp(key, "period_end") == 0) {
		vp->seen.end = true;
		vp->seen.end_at = ypos(v);
		return date(vp, v, "assurance.soc2.period_end", true,
		    &e->soc2.end);
	}
	if (strcmp(key, "opinion") == 0) {
		rc = word(vp, v, "assurance.soc2.opinion", opinion_names,
		    VENDOR_OPINION__MAX, "unqualified, qualified, adverse or "
		    "disclaimer", &o);
		e->soc2.opinion = (enum vendor_opinion)o;
		vp->seen.opinion = rc == ASSURE_OK;
		return rc;
	}
	if (strcmp(key, "bridge_until") == 0) {
		vp->seen.bridge_at = ypos(v);
		return opt_date(vp, v, "assurance.soc2.bridge_until",
		    true, &e->soc2.bridged, &e->soc2.bridge_until);
	}
	return ywalk_unknown_key(w, k, "assurance.soc2", "type, "
	    "period_start, period_end, opinion, bridge_until");
}

static enum assure_err
iso_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;

	if (strcmp(key, "certificate") == 0)
		return text(w, vp, v, "assurance.iso27001.certificate",
		    &e->iso.certificate);
	if (strcmp(key, "expires") == 0) {
		vp->seen.expires = true;
		return date(vp, v, "assurance.iso27001.expires", true,
		    &e->iso.expires);
	}
	return ywalk_unknown_key(w, k, "assurance.iso27001", "certificate, "
	    "expires");
}

/* The checks on the whole of soc2 and iso27001 are vendor_finish()'s. */
static enum assure_err
assurance_pair(struct ywalk *w, const char *key, yaml_node_t *k,
    yaml_node_t *v, void *arg)
{
	struct vparse *vp = arg;

	if (strcmp(key, "soc2") == 0) {
		vp->seen.soc2 = true;
		vp->seen.soc2_at = ypos(v);
		return ywalk_each_pair(w, v, "assurance.soc2", soc2_pair, vp);
	}
	if (strcmp(key, "iso27001") == 0) {
		vp->seen.iso = true;
		vp->seen.iso_at = ypos(v);
		return ywalk_each_pair(w, v, "assurance.iso27001", iso_pair,
		    vp);
	}
	return ywalk_unknown_key(w, k, "assurance", "soc2, iso27001");
}

static enum assure_err
data_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;

	if (strcmp(key, "class") == 0)
		return text(w, vp, v, "data.class", &vp->data->cls);
	if (strcmp(key, "personal") == 0)
		return ywalk_bool(w, v, "data.personal", &vp->data->personal);
	if (strcmp(key, "health") == 0)
		return ywalk_bool(w, v, "data.health", &vp->data->health);
	return ywalk_unknown_key(w, k, "data", "class, personal, health");
}

static enum assure_err
data_item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;
	enum assure_err rc;

	vp->data = &e->data[e->ndata];
	rc = ywalk_each_pair(w, n, "data", data_pair, vp);
	if (rc != ASSURE_OK)
		return rc;
	if (vp->data->cls == NULL)
		return ywalk_at(w, n, "data", "each data item needs class");
	vdata_add(e, vp->data);
	return ASSURE_OK;
}

static enum assure_err
csoc_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;

	if (strcmp(key, "description") == 0)
		return text(w, vp, v, "csocs.description",
		    &vp->csoc->description);
	if (strcmp(key, "control") == 0)
		return text(w, vp, v, "csocs.control", &vp->csoc->control);
	return ywalk_unknown_key(w, k, "csocs", "description, control");
}

static enum assure_err
csoc_item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;
	enum assure_err rc;

	vp->csoc = &e->csocs[e->ncsocs];
	rc = ywalk_each_pair(w, n, "csocs", csoc_pair, vp);
	if (rc != ASSURE_OK)
		return rc;
	if (vp->csoc->description == NULL || vp->csoc->control == NULL)
		return ywalk_at(w, n, "csocs", "each CSOC needs description "
		    "and control");
	vp->csoc->line = n->start_mark.line + 1;
	e->ncsocs++;
	return ASSURE_OK;
}

static enum assure_err
item_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;
	enum assure_err rc;
	size_t n;
	int x;

	if (strcmp(key, "name") == 0)
		return text(w, vp, v, "name", &e->name);
	if (strcmp(key, "service") == 0)
		return text(w, vp, v, "service", &e->service);
	if (strcmp(key, "tier") == 0) {
		rc = word(vp, v, "tier", tier_names, VENDOR_TIER__MAX,
		    "critical, high, medium or low", &x);
		e->tier = (enum vendor_tier)x;
		vp->seen.tier = rc == ASSURE_OK;
		return rc;
	}
	if (strcmp(key, "subservice") == 0) {
		/* The word itself: a bare no is no boolean here. */
		rc = word(vp, v, "subservice", subservice_names,
		    VENDOR_SUBSERVICE__MAX, "no, inclusive or carve-out", &x);
		e->subservice = (enum vendor_subservice)x;
		return rc;
	}
	if (strcmp(key, "data") == 0) {
		n = v->type == YAML_SEQUENCE_NODE ? ywalk_count(v) : 0;
		e->data = ypool_calloc(&vp->p->pool, n, sizeof(*e->data));
		if (e->data == NULL)
			return nomem(w, key);
		return ywalk_each_item(w, v, "data", VENDOR_DATA_MAX,
		    data_item, vp);
	}
	if (strcmp(key, "assurance") == 0)
		return ywalk_each_pair(w, v, "assurance", assurance_pair, vp);
	if (strcmp(key, "dpa_signed") == 0)
		return opt_date(vp, v, "dpa_signed", false, &e->dpa,
		    &e->dpa_signed);
	if (strcmp(key, "baa_signed") == 0)
		return opt_date(vp, v, "baa_signed", false, &e->baa,
		    &e->baa_signed);
	if (strcmp(key, "last_review") == 0)
		return opt_date(vp, v, "last_review", false,
		    &e->reviewed, &e->last_review);
	if (strcmp(key, "review_every") == 0)
		return vevery(&vp->c, ypos(v), ywalk_scalar(v),
		    &e->review_every);
	if (strcmp(key, "csocs") == 0) {
		n = v->type == YAML_SEQUENCE_NODE ? ywalk_count(v) : 0;
		e->csocs = ypool_calloc(&vp->p->pool, n, sizeof(*e->csocs));
		if (e->csocs == NULL)
			return nomem(w, key);
		return ywalk_each_item(w, v, "csocs", VENDOR_CSOCS_MAX,
		    csoc_item, vp);
	}
	return ywalk_unknown_key(w, k, "vendors", "name, service, tier, "
	    "data, subservice, assurance, dpa_signed, baa_signed, "
	    "last_review, review_every, csocs");
}

static enum assure_err
item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = &vp->p->v[vp->p->n];
	enum assure_err rc;

	memset(e, 0, sizeof(*e));
	memset(&vp->seen, 0, sizeof(vp->seen));
	vp->seen.item = ypos(n);
	vp->cur = e;
	rc = ywalk_each_pair(w, n, "vendors", item_pair, vp);
	if (rc != ASSURE_OK)
		return rc;
	return vendor_finish(&vp->c, e, &vp->seen);
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;

	if (strcmp(key, "vendors") != 0)
		return ywalk_unknown_key(w, k, VENDORS_FILE, "vendors");
	vp->p->v = ypool_calloc(&vp->p->pool, ywalk_count(v),
	    sizeof(*vp->p->v));
	if (vp->p->v == NULL)
		return nomem(w, key);
	return ywalk_each_item(w, v, key, VENDORS_MAX, item, vp);
}

enum assure_err
vendors_parse(const char *text_, size_t len, const char *source,
    struct vendors *ret, struct assure_diag *reterr_diag)
{
	struct vendors p;
	struct vparse vp;
	struct ywalk w;
	yaml_node_t *root;
	enum assure_err rc;

	memset(&p, 0, sizeof(p));
	memset(&vp, 0, sizeof(vp));
	memset(&w, 0, sizeof(w));
	vp.p = &p;
	vp.c.p = &p;
	vp.c.source = source;
	vp.c.diag = reterr_diag;
	vp.c.names = &yaml_names;
	rc = ywalk_load(&w, text_, len, VENDORS_FILE_MAX, source,
	    reterr_diag, &root);
	if (rc != ASSURE_OK)
		return rc;
	if (root != NULL && !(root->type == YAML_SCALAR_NODE &&
	    ywalk_scalar(root)[0] == '\0'))
		rc = ywalk_each_pair(&w, root, VENDORS_FILE, top_pair, &vp);
	ywalk_doc_free(&w);
	if (rc != ASSURE_OK) {
		ypool_free(&p.pool);
		return rc;
	}
	p.present = true;
	*ret = p;
	return ASSURE_OK;
}

/*
 * The CSV reader: a header naming the columns (any order, any case, each
 * once, none unknown), then one vendor per row.  Each cell is checked by
 * the functions the YAML reader uses, and each row by vendor_finish().
 */

enum {
	VC_NAME, VC_SERVICE, VC_TIER, VC_SUBSERVICE, VC_DATA, VC_SOC2_TYPE,
	VC_SOC2_START, VC_SOC2_END, VC_SOC2_OPINION, VC_SOC2_BRIDGE,
	VC_ISO_CERT, VC_ISO_EXPIRES, VC_DPA, VC_BAA, VC_LAST_REVIEW,
	VC_REVIEW_EVERY, VC_CSOCS, VC__MAX
};

static const char *const vcols[VC__MAX] = {
	"name", "service", "tier", "subservice", "data", "soc2_type",
	"soc2_period_start", "soc2_period_end", "soc2_opinion",
	"soc2_bridge_until", "iso27001_certificate", "iso27001_expires",
	"dpa_signed", "baa_signed", "last_review", "review_every", "csocs",
};
#define VC_LIST	"name, service, tier, subservice, data, soc2_type, " \
	"soc2_period_start, soc2_period_end, soc2_opinion, " \
	"soc2_bridge_until, iso27001_certificate, iso27001_expires, " \
	"dpa_signed, baa_signed, last_review, review_every, csocs"

struct vcsv {
	struct vctx	 c;
	struct csvread	*cr;
	bool		 have_header;
	size_t		 ncols;
	size_t		 cap;		/* vendors allocated */
	int		 col_of[VC__MAX];	/* -1: absent */
};

/* Trim blanks off both ends of s, in place. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* The checks ywalk_text() makes of a YAML string, then a pool copy. */
static enum assure_err
vtext(struct vctx *c, struct vpos at, const char *field, const char *s,
    const char **ret)
{
	size_t len = strlen(s);
	char *t;

	if (len == 0)
		return vat(c, at, field, "must not be empty");
	if (len > VENDOR_TEXT_MAX)
		return vat(c, at, field, "longer than %d characters",
		    VENDOR_TEXT_MAX);
	if (strchr(s, '\n') != NULL)
		return vat(c, at, field, "must be one line");
	if (strchr(s, '\r') != NULL)
		return vat(c, at, field, "must not hold a carriage return");
	t = ypool_strndup(&c->p->pool, s, len);
	if (t == NULL)
		return vnomem(c, field);
	*ret = t;
	return ASSURE_OK;
}

/* How many ';'-separated items s holds, at most max; else an error. */
static enum assure_err
vitems(struct vctx *c, struct vpos at, const char *field, const char *s,
    size_t max, size_t *ret)
{
	size_t n = 1;

	for (; *s != '\0'; s++)
		n += *s == ';';
	if (n > max)
		return vat(c, at, field, "expected at most %zu items, got %zu",
		    max, n);
	*ret = n;
	return ASSURE_OK;
}

/* The next ';'-separated item of *sp, trimmed; *sp moves past it. */
static char *
next_item(char **sp)
{
	char *s = *sp, *semi;

	semi = strchr(s, ';');
	if (semi != NULL) {
		*semi = '\0';
		*sp = semi + 1;
	} else
		*sp = s + strlen(s);
	return trim(s);
}

/* data: class[+personal][+health] items separated by ';'. */
static enum assure_err
csv_data(struct vctx *c, struct vendor *e, struct vpos at, char *s)
{
	struct vendor_data *d;
	char *it, *flag, *plus;
	size_t n = 0, i;
	enum assure_err rc;

	if ((rc = vitems(c, at, "data", s, VENDOR_DATA_MAX, &n)) != ASSURE_OK)
		return rc;
	e->data = ypool_calloc(&c->p->pool, n, sizeof(*e->data));
	if (e->data == NULL)
		return vnomem(c, "data");
	for (i = 0; i < n; i++) {
		d = &e->data[e->ndata];
		it = next_item(&s);
		plus = strchr(it, '+');
		if (plus != NULL)
			*plus++ = '\0';
		it = trim(it);
		if (*it == '\0')
			return vat(c, at, "data", "expected items "
			    "class[+personal][+health] separated by ';', got "
			    "an empty item");
		if ((rc = vtext(c, at, "data", it, &d->cls)) != ASSURE_OK)
			return rc;
		while (plus != NULL) {
			flag = plus;
			plus = strchr(flag, '+');
			if (plus != NULL)
				*plus++ = '\0';
			flag = trim(flag);
			if (strcasecmp(flag, "personal") == 0)
				d->personal = true;
			else if (strcasecmp(flag, "health") == 0)
				d->health = true;
			else
				return vat(c, at, "data", "expected personal "
				    "or health after '+', got '%.40s'", flag);
		}
		vdata_add(e, d);
	}
	return ASSURE_OK;
}

/* csocs: CONTROL-ID: description items separated by ';'. */
static enum assure_err
csv_csocs(struct vctx *c, struct vendor *e, struct vpos at, char *s)
{
	struct vendor_csoc *o;
	char *it, *colon;
	size_t n = 0, i;
	enum assure_err rc;

	if ((rc = vitems(c, at, "csocs", s, VENDOR_CSOCS_MAX, &n)) !=
	    ASSURE_OK)
		return rc;
	e->csocs = ypool_calloc(&c->p->pool, n, sizeof(*e->csocs));
	if (e->csocs == NULL)
		return vnomem(c, "csocs");
	for (i = 0; i < n; i++) {
		o = &e->csocs[e->ncsocs];
		it = next_item(&s);
		colon = strchr(it, ':');
		if (colon == NULL || *trim(colon + 1) == '\0' ||
		    (*colon = '\0', *trim(it) == '\0'))
			return vat(c, at, "csocs", "expected items 'CONTROL-ID: "
			    "description' separated by ';', got '%.40s'", it);
		if ((rc = vtext(c, at, "csocs", trim(it), &o->control)) !=
		    ASSURE_OK || (rc = vtext(c, at, "csocs", trim(colon + 1),
		    &o->description)) != ASSURE_OK)
			return rc;
		o->line = at.line;
		e->ncsocs++;
	}
	return ASSURE_OK;
}

static enum assure_err
vcsv_header(struct vcsv *x, struct assure_diag *d)
{
	struct csvread *cr = x->cr;
	const char *name;
	size_t i, nf = csvread_nfields(cr);
	int k;

	x->ncols = nf;
	for (i = 0; i < nf; i++) {
		name = csvread_field(cr, i);
		for (k = 0; k < VC__MAX; k++)
			if (strcasecmp(name, vcols[k]) == 0)
				break;
		/* A register is written by hand: a typo is an error. */
		if (k == VC__MAX)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one of " VC_LIST ", got "
			    "'%.40s'", name);
		if (x->col_of[k] >= 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one %s column, got a second "
			    "one", vcols[k]);
		x->col_of[k] = (int)i;
	}
	for (k = VC_NAME; k <= VC_TIER; k++)
		if (x->col_of[k] < 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_record_line(cr), 1, "header", "expected a "
			    "column %s, got none", vcols[k]);
	x->have_header = true;
	return ASSURE_OK;
}

/* Mark a SOC 2 field as given, the first one locating the report. */
static void
soc2_given(struct vseen *sn, struct vpos at)
{
	if (!sn->soc2)
		sn->soc2_at = at;
	sn->soc2 = true;
}

static enum assure_err
vcsv_row(struct vcsv *x, struct assure_diag *d)
{
	struct csvread *cr = x->cr;
	struct vctx *c = &x->c;
	struct vendor *e;
	struct vseen sn;
	struct vpos at[VC__MAX];
	char *v[VC__MAX];
	size_t i, nf = csvread_nfields(cr);
	int k, o;
	enum assure_err rc = ASSURE_OK;

	c->diag = d;
	if (nf != x->ncols)
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_record_line(cr), 1, "row", "expected %zu fields "
		    "as in the header, got %zu", x->ncols, nf);
	if (c->p->n >= x->cap)
		return csvread_error(cr, d, ASSURE_ERR_LIMIT,
		    csvread_record_line(cr), 1, "row", "expected at most %d "
		    "vendors, got more", VENDORS_MAX);
	for (k = 0; k < VC__MAX; k++) {
		v[k] = NULL;
		at[k].line = csvread_record_line(cr);
		at[k].col = 1;
		if (x->col_of[k] < 0)
			continue;
		i = (size_t)x->col_of[k];
		at[k].line = csvread_field_line(cr, i);
		at[k].col = csvread_field_col(cr, i);
		v[k] = csvread_field(cr, i);
		if (strlen(v[k]) > VENDORS_CSV_CELL_MAX)
			return csvread_error(cr, d, ASSURE_ERR_LIMIT,
			    at[k].line, at[k].col, vcols[k], "expected at most "
			    "%d bytes, got %zu", VENDORS_CSV_CELL_MAX,
			    strlen(v[k]));
		if (*v[k] == '\0')
			v[k] = NULL;		/* empty: absent */
	}
	e = &c->p->v[c->p->n];
	memset(e, 0, sizeof(*e));
	memset(&sn, 0, sizeof(sn));
	sn.item.line = csvread_record_line(cr);
	sn.item.col = 1;
	if (v[VC_NAME] != NULL)
		rc = vtext(c, at[VC_NAME], "name", v[VC_NAME], &e->name);
	if (rc == ASSURE_OK && v[VC_SERVICE] != NULL)
		rc = vtext(c, at[VC_SERVICE], "service", v[VC_SERVICE],
		    &e->service);
	if (rc == ASSURE_OK && v[VC_TIER] != NULL) {
		rc = vword(c, at[VC_TIER], v[VC_TIER], "tier", tier_names,
		    VENDOR_TIER__MAX, "critical, high, medium or low", &o);
		e->tier = (enum vendor_tier)o;
		sn.tier = rc == ASSURE_OK;
	}
	if (rc == ASSURE_OK && v[VC_SUBSERVICE] != NULL) {
		rc = vword(c, at[VC_SUBSERVICE], v[VC_SUBSERVICE],
		    "subservice", subservice_names, VENDOR_SUBSERVICE__MAX,
		    "no, inclusive or carve-out", &o);
		e->subservice = (enum vendor_subservice)o;
	}
	if (rc == ASSURE_OK && v[VC_DATA] != NULL)
		rc = csv_data(c, e, at[VC_DATA], v[VC_DATA]);
	if (rc == ASSURE_OK && v[VC_SOC2_TYPE] != NULL) {
		soc2_given(&sn, at[VC_SOC2_TYPE]);
		rc = vtype(c, at[VC_SOC2_TYPE], v[VC_SOC2_TYPE], "soc2_type",
		    &e->soc2.type);
		sn.type = rc == ASSURE_OK;
	}
	if (rc == ASSURE_OK && v[VC_SOC2_START] != NULL) {
		soc2_given(&sn, at[VC_SOC2_START]);
		rc = vdate(c, at[VC_SOC2_START], v[VC_SOC2_START],
		    "soc2_period_start", false, &e->soc2.start);
		sn.start = true;
	}
	if (rc == ASSURE_OK && v[VC_SOC2_END] != NULL) {
		soc2_given(&sn, at[VC_SOC2_END]);
		rc = vdate(c, at[VC_SOC2_END], v[VC_SOC2_END],
		    "soc2_period_end", true, &e->soc2.end);
		sn.end = true;
		sn.end_at = at[VC_SOC2_END];
	}
	if (rc == ASSURE_OK && v[VC_SOC2_OPINION] != NULL) {
		soc2_given(&sn, at[VC_SOC2_OPINION]);
		rc = vword(c, at[VC_SOC2_OPINION], v[VC_SOC2_OPINION],
		    "soc2_opinion", opinion_names, VENDOR_OPINION__MAX,
		    "unqualified, qualified, adverse or disclaimer", &o);
		e->soc2.opinion = (enum vendor_opinion)o;
		sn.opinion = rc == ASSURE_OK;
	}
	if (rc == ASSURE_OK && v[VC_SOC2_BRIDGE] != NULL) {
		soc2_given(&sn, at[VC_SOC2_BRIDGE]);
		rc = vdate(c, at[VC_SOC2_BRIDGE], v[VC_SOC2_BRIDGE],
		    "soc2_bridge_until", true, &e->soc2.bridge_until);
		e->soc2.bridged = true;
		sn.bridge_at = at[VC_SOC2_BRIDGE];
	}
	if (rc == ASSURE_OK && (v[VC_ISO_CERT] != NULL ||
	    v[VC_ISO_EXPIRES] != NULL)) {
		sn.iso = true;
		sn.iso_at = at[v[VC_ISO_CERT] != NULL ? VC_ISO_CERT :
		    VC_ISO_EXPIRES];
	}
	if (rc == ASSURE_OK && v[VC_ISO_CERT] != NULL)
		rc = vtext(c, at[VC_ISO_CERT], "iso27001_certificate",
		    v[VC_ISO_CERT], &e->iso.certificate);
	if (rc == ASSURE_OK && v[VC_ISO_EXPIRES] != NULL) {
		rc = vdate(c, at[VC_ISO_EXPIRES], v[VC_ISO_EXPIRES],
		    "iso27001_expires", true, &e->iso.expires);
		sn.expires = true;
	}
	if (rc == ASSURE_OK && v[VC_DPA] != NULL) {
		e->dpa = true;
		rc = vdate(c, at[VC_DPA], v[VC_DPA], "dpa_signed", false,
		    &e->dpa_signed);
	}
	if (rc == ASSURE_OK && v[VC_BAA] != NULL) {
		e->baa = true;
		rc = vdate(c, at[VC_BAA], v[VC_BAA], "baa_signed", false,
		    &e->baa_signed);
	}
	if (rc == ASSURE_OK && v[VC_LAST_REVIEW] != NULL) {
		e->reviewed = true;
		rc = vdate(c, at[VC_LAST_REVIEW], v[VC_LAST_REVIEW],
		    "last_review", false, &e->last_review);
	}
	if (rc == ASSURE_OK && v[VC_REVIEW_EVERY] != NULL)
		rc = vevery(c, at[VC_REVIEW_EVERY], v[VC_REVIEW_EVERY],
		    &e->review_every);
	if (rc == ASSURE_OK && v[VC_CSOCS] != NULL)
		rc = csv_csocs(c, e, at[VC_CSOCS], v[VC_CSOCS]);
	if (rc == ASSURE_OK)
		rc = vendor_finish(c, e, &sn);
	return rc;
}

static enum assure_err
vcsv_record(struct csvread *cr, void *arg, struct assure_diag *d)
{
	struct vcsv *x = arg;

	(void)cr;
	if (!x->have_header)
		return vcsv_header(x, d);
	return vcsv_row(x, d);
}

enum assure_err
vendors_parse_csv(const char *text_, size_t len, const char *source,
    struct vendors *ret, struct assure_diag *reterr_diag)
{
	struct vendors p;
	struct vcsv x;
	size_t i, lines = 1;
	enum assure_err rc;
	int k;

	if (source == NULL)
		source = VENDORS_CSV_FILE;
	if (len > VENDORS_FILE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, source,
		    0, 0, NULL, "larger than %d bytes", VENDORS_FILE_MAX);
	memset(&p, 0, sizeof(p));
	memset(&x, 0, sizeof(x));
	x.c.p = &p;
	x.c.source = source;
	x.c.diag = reterr_diag;
	x.c.names = &csv_names;
	for (k = 0; k < VC__MAX; k++)
		x.col_of[k] = -1;
	/* Rows are at most lines - 1, and at most VENDORS_MAX are kept. */
	for (i = 0; i < len && lines <= VENDORS_MAX; i++)
		lines += text_[i] == '\n';
	x.cap = lines < VENDORS_MAX ? lines : VENDORS_MAX;
	p.v = ypool_calloc(&p.pool, x.cap, sizeof(*p.v));
	x.cr = csvread_new(source, VENDORS_CSV_RECORD_MAX, vcsv_record, &x);
	if (p.v == NULL || x.cr == NULL)
		rc = vnomem(&x.c, NULL);
	else
		rc = csvread_feed(x.cr, (const unsigned char *)text_, len,
		    reterr_diag);
	if (rc == ASSURE_OK)
		rc = csvread_finish(x.cr, reterr_diag);
	csvread_free(x.cr);
	if (rc != ASSURE_OK) {
		ypool_free(&p.pool);
		return rc;
	}
	p.present = true;
	*ret = p;
	return ASSURE_OK;
}

static enum assure_err
load(const char *path, bool csv, struct vendors *ret,
    struct assure_diag *reterr_diag)
{
	struct assure_buf b;
	struct stat st;
	enum assure_err rc;

	if (stat(path, &st) != 0 && errno == ENOENT) {
		memset(ret, 0, sizeof(*ret));
		return ASSURE_OK;
	}
	assure_buf_init(&b, VENDORS_FILE_MAX);
	rc = assure_file_read(path, &b, reterr_diag);
	if (rc == ASSURE_OK)
		rc = (csv ? vendors_parse_csv : vendors_parse)(
		    assure_buf_str(&b), b.len, path, ret, reterr_diag);
	assure_buf_free(&b);
	return rc;
}

enum assure_err
vendors_load(const char *path, struct vendors *ret,
    struct assure_diag *reterr_diag)
{
	return load(path, false, ret, reterr_diag);
}

enum assure_err
vendors_load_csv(const char *path, struct vendors *ret,
    struct assure_diag *reterr_diag)
{
	return load(path, true, ret, reterr_diag);
}

void
vendors_release(struct vendors *v)
{
	if (v == NULL)
		return;
	ypool_free(&v->pool);
	memset(v, 0, sizeof(*v));
}
