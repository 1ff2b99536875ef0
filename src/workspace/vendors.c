/*
 * vendors.c: vendors.yaml (see vendors.h), the strict reader.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
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

struct vparse {
	struct vendors		*p;
	struct vendor		*cur;
	struct vendor_data	*data;
	struct vendor_csoc	*csoc;
	bool			 seen_tier;
	bool			 seen_type, seen_start, seen_end;
	bool			 seen_opinion, seen_expires;
	yaml_node_t		*end_node;
	yaml_node_t		*bridge_node;
};

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

	rc = ywalk_text(w, v, field, 512, 0, &s, &len);
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
word(struct ywalk *w, yaml_node_t *v, const char *field,
    const char *const *names, size_t n, const char *list, int *ret)
{
	const char *s = ywalk_scalar(v);
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*ret = (int)i;
			return ASSURE_OK;
		}
	return ywalk_at(w, v, field, "expected %s, got '%.40s'", list,
	    s != NULL ? s : "(not a scalar)");
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

/* A date or instant; a date means its first (or, end, last) instant. */
static enum assure_err
date(struct ywalk *w, yaml_node_t *v, const char *field, bool end,
    int64_t *ret)
{
	const char *s = ywalk_scalar(v);

	if (s == NULL || assure_time_parse(s, strlen(s), ret) != 0)
		return ywalk_at(w, v, field, "expected a date (YYYY-MM-DD) or "
		    "an RFC 3339 instant, got '%.40s'",
		    s != NULL ? s : "(not a scalar)");
	if (end && strlen(s) == 10)
		*ret += 86400 - 1;
	return ASSURE_OK;
}

/* A date, or null: *have says which. */
static enum assure_err
opt_date(struct ywalk *w, yaml_node_t *v, const char *field, bool end,
    bool *have, int64_t *ret)
{
	*have = false;
	if (is_null(v))
		return ASSURE_OK;
	*have = true;
	return date(w, v, field, end, ret);
}

static enum assure_err
soc2_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;
	const char *s;
	int o;
	enum assure_err rc;

	if (strcmp(key, "type") == 0) {
		s = ywalk_scalar(v);
		if (s == NULL || (strcmp(s, "1") != 0 && strcmp(s, "2") != 0))
			return ywalk_at(w, v, "assurance.soc2.type", "expected "
			    "1 or 2, got '%.40s'", s != NULL ? s :
			    "(not a scalar)");
		vp->seen_type = true;
		e->soc2.type = s[0] - '0';
		return ASSURE_OK;
	}
	if (strcmp(key, "period_start") == 0) {
		vp->seen_start = true;
		return date(w, v, "assurance.soc2.period_start", false,
		    &e->soc2.start);
	}
	if (strcmp(key, "period_end") == 0) {
		vp->seen_end = true;
		vp->end_node = v;
		return date(w, v, "assurance.soc2.period_end", true,
		    &e->soc2.end);
	}
	if (strcmp(key, "opinion") == 0) {
		rc = word(w, v, "assurance.soc2.opinion", opinion_names,
		    VENDOR_OPINION__MAX, "unqualified, qualified, adverse or "
		    "disclaimer", &o);
		e->soc2.opinion = (enum vendor_opinion)o;
		vp->seen_opinion = rc == ASSURE_OK;
		return rc;
	}
	if (strcmp(key, "bridge_until") == 0) {
		vp->bridge_node = v;
		return opt_date(w, v, "assurance.soc2.bridge_until",
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
		vp->seen_expires = true;
		return date(w, v, "assurance.iso27001.expires", true,
		    &e->iso.expires);
	}
	return ywalk_unknown_key(w, k, "assurance.iso27001", "certificate, "
	    "expires");
}

static enum assure_err
assurance_pair(struct ywalk *w, const char *key, yaml_node_t *k,
    yaml_node_t *v, void *arg)
{
	struct vparse *vp = arg;
	struct vendor *e = vp->cur;
	enum assure_err rc;

	if (strcmp(key, "soc2") == 0) {
		vp->seen_type = vp->seen_start = vp->seen_end = false;
		vp->seen_opinion = false;
		vp->end_node = vp->bridge_node = NULL;
		rc = ywalk_each_pair(w, v, "assurance.soc2", soc2_pair, vp);
		if (rc != ASSURE_OK)
			return rc;
		if (!vp->seen_type || !vp->seen_start || !vp->seen_end ||
		    !vp->seen_opinion)
			return ywalk_at(w, v, "assurance.soc2", "a SOC 2 "
			    "report needs type, period_start, period_end and "
			    "opinion");
		if (e->soc2.end < e->soc2.start)
			return ywalk_at(w, vp->end_node,
			    "assurance.soc2.period_end", "the period ends "
			    "before it starts");
		if (e->soc2.bridged && e->soc2.bridge_until < e->soc2.end)
			return ywalk_at(w, vp->bridge_node,
			    "assurance.soc2.bridge_until", "the bridge letter "
			    "ends before the report's period does");
		e->soc2.have = true;
		return ASSURE_OK;
	}
	if (strcmp(key, "iso27001") == 0) {
		vp->seen_expires = false;
		rc = ywalk_each_pair(w, v, "assurance.iso27001", iso_pair, vp);
		if (rc != ASSURE_OK)
			return rc;
		if (e->iso.certificate == NULL || !vp->seen_expires)
			return ywalk_at(w, v, "assurance.iso27001", "an ISO "
			    "27001 certificate needs certificate and expires");
		e->iso.have = true;
		return ASSURE_OK;
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
	/* Health data is personal data. */
	if (vp->data->health)
		vp->data->personal = true;
	e->personal |= vp->data->personal;
	e->health |= vp->data->health;
	e->ndata++;
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
	const char *s;
	enum assure_err rc;
	size_t n;
	int x;

	if (strcmp(key, "name") == 0)
		return text(w, vp, v, "name", &e->name);
	if (strcmp(key, "service") == 0)
		return text(w, vp, v, "service", &e->service);
	if (strcmp(key, "tier") == 0) {
		rc = word(w, v, "tier", tier_names, VENDOR_TIER__MAX,
		    "critical, high, medium or low", &x);
		e->tier = (enum vendor_tier)x;
		vp->seen_tier = rc == ASSURE_OK;
		return rc;
	}
	if (strcmp(key, "subservice") == 0) {
		/* The word itself: a bare no is no boolean here. */
		rc = word(w, v, "subservice", subservice_names,
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
		return opt_date(w, v, "dpa_signed", false, &e->dpa,
		    &e->dpa_signed);
	if (strcmp(key, "baa_signed") == 0)
		return opt_date(w, v, "baa_signed", false, &e->baa,
		    &e->baa_signed);
	if (strcmp(key, "last_review") == 0)
		return opt_date(w, v, "last_review", false,
		    &e->reviewed, &e->last_review);
	if (strcmp(key, "review_every") == 0) {
		s = ywalk_scalar(v);
		if (s == NULL || assure_duration_parse(s, &e->review_every) !=
		    0 || e->review_every <= 0)
			return ywalk_at(w, v, "review_every", "expected a "
			    "duration such as 180d or 52w, got '%.40s'",
			    s != NULL ? s : "(not a scalar)");
		return ASSURE_OK;
	}
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
	size_t i;

	memset(e, 0, sizeof(*e));
	vp->cur = e;
	vp->seen_tier = false;
	rc = ywalk_each_pair(w, n, "vendors", item_pair, vp);
	if (rc != ASSURE_OK)
		return rc;
	if (e->name == NULL || e->service == NULL || !vp->seen_tier)
		return ywalk_at(w, n, "vendors", "each vendor needs name, "
		    "service and tier");
	for (i = 0; i < vp->p->n; i++)
		if (strcmp(vp->p->v[i].name, e->name) == 0)
			return ywalk_at(w, n, "name", "vendor '%.80s' is "
			    "already listed at line %lu", e->name,
			    vp->p->v[i].line);
	if (e->review_every == 0)
		e->review_every = vendor_review_default(e->tier);
	e->line = n->start_mark.line + 1;
	vp->p->n++;
	return ASSURE_OK;
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

enum assure_err
vendors_load(const char *path, struct vendors *ret,
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
		rc = vendors_parse(assure_buf_str(&b), b.len, path, ret,
		    reterr_diag);
	assure_buf_free(&b);
	return rc;
}

void
vendors_release(struct vendors *v)
{
	if (v == NULL)
		return;
	ypool_free(&v->pool);
	memset(v, 0, sizeof(*v));
}
