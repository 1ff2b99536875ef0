/*
 * scope.c: parsing and checking scope.yaml (see scope.h).
 *
 * The walker (ywalk.c) loads the document with positions; the callbacks
 * below know the schema.  Every list is sized from its YAML sequence
 * before it is filled, so the model needs no reallocation, and every
 * string is copied into the scope's pool.  Criterion ids are resolved
 * against the catalogue as they are read, so an unknown id is reported at
 * its own line and column.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/timeutil.h"
#include "scope/scope.h"

static const char *const component_names[SCOPE_COMPONENT__MAX] = {
	[SCOPE_INFRASTRUCTURE] = "infrastructure",
	[SCOPE_SOFTWARE] = "software",
	[SCOPE_PEOPLE] = "people",
	[SCOPE_PROCEDURES] = "procedures",
	[SCOPE_DATA] = "data",
};

static const char *const component_titles[SCOPE_COMPONENT__MAX] = {
	[SCOPE_INFRASTRUCTURE] = "Infrastructure",
	[SCOPE_SOFTWARE] = "Software",
	[SCOPE_PEOPLE] = "People",
	[SCOPE_PROCEDURES] = "Procedures",
	[SCOPE_DATA] = "Data",
};

static const char *const classification_names[SCOPE_CLASSIFICATION__MAX] = {
	[SCOPE_PUBLIC] = "public",
	[SCOPE_INTERNAL] = "internal",
	[SCOPE_CONFIDENTIAL] = "confidential",
	[SCOPE_RESTRICTED] = "restricted",
};

static const char *const method_names[SCOPE_METHOD__MAX] = {
	[SCOPE_CARVE_OUT] = "carve-out",
	[SCOPE_INCLUSIVE] = "inclusive",
};

const char *
scope_component_name(enum scope_component k)
{
	return (unsigned)k < SCOPE_COMPONENT__MAX ? component_names[k] :
	    "unknown";
}

const char *
scope_component_title(enum scope_component k)
{
	return (unsigned)k < SCOPE_COMPONENT__MAX ? component_titles[k] :
	    "Unknown";
}

const char *
scope_classification_name(enum scope_classification c)
{
	return (unsigned)c < SCOPE_CLASSIFICATION__MAX ?
	    classification_names[c] : "unknown";
}

const char *
scope_method_name(enum scope_method m)
{
	return (unsigned)m < SCOPE_METHOD__MAX ? method_names[m] : "unknown";
}

unsigned
scope_category_bit(enum assure_tsc_category c)
{
	return config_category_bit(assure_catalog_category_name(c));
}

bool
scope_in_scope(const struct assure_tsc_criterion *c, unsigned categories)
{
	return (scope_category_bit(c->category) & categories) != 0;
}

/* ---------------------------------------------------------------- parse */

struct sp {
	struct scope			*s;
	const struct assure_catalog	*cat;
	bool				 seen_description;
	bool				 seen_services;
	bool				 seen_commitments;
	bool				 seen_boundary;
	bool				 seen_component[
					    SCOPE_COMPONENT__MAX];
	yaml_node_t			*boundary;
	/* The from and to nodes of each flow, resolved after the walk. */
	yaml_node_t			**flow_nodes;
};

static enum assure_err
nomem(struct ywalk *w)
{
	return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0, 0,
	    NULL, "out of memory");
}

/* Copy the text of n into the pool. */
static enum assure_err
get_text(struct ywalk *w, struct sp *sp, yaml_node_t *n, const char *field,
    size_t max, unsigned flags, const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *copy;

	rc = ywalk_text(w, n, field, max, flags, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	copy = ypool_strndup(&sp->s->pool, s, len);
	if (copy == NULL)
		return nomem(w);
	*ret = copy;
	return ASSURE_OK;
}

/* A list of strings: the array is sized from the sequence. */
struct strlist {
	struct sp	 *sp;
	const char	 *field;
	size_t		  max;
	unsigned	  flags;
	const char	**v;
	size_t		 *n;
};

static enum assure_err
strlist_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct strlist *l = arg;

	return get_text(w, l->sp, item, l->field, l->max, l->flags,
	    &l->v[(*l->n)++]);
}

static enum assure_err
get_strlist(struct ywalk *w, struct sp *sp, yaml_node_t *v, const char *field,
    size_t max, unsigned flags, const char ***ret, size_t *ret_n)
{
	struct strlist l;

	if (v->type != YAML_SEQUENCE_NODE)
		return ywalk_at(w, v, field, "expected a list");
	l.sp = sp;
	l.field = field;
	l.max = max;
	l.flags = flags;
	l.v = ypool_calloc(&sp->s->pool, ywalk_count(v), sizeof(*l.v));
	if (l.v == NULL)
		return nomem(w);
	*ret_n = 0;
	l.n = ret_n;
	*ret = l.v;
	return ywalk_each_item(w, v, field, SCOPE_ITEMS_MAX, strlist_item, &l);
}

/* A list of criterion ids, each resolved in the catalogue. */
struct critlist {
	struct sp		*sp;
	const char		*field;
	struct scope_criteria	*out;
};

static enum assure_err
critlist_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct critlist *l = arg;
	const struct assure_tsc_criterion *c;
	const char *id = ywalk_scalar(item);
	size_t i;

	if (id == NULL || *id == '\0')
		return ywalk_at(w, item, l->field, "expected a TSC 2017 "
		    "criterion id such as CC6.1");
	if (assure_catalog_tsc_find(l->sp->cat, id, &c) != ASSURE_OK)
		return ywalk_at(w, item, l->field, "unknown TSC 2017 "
		    "criterion '%.40s' (see 'assure catalog tsc')", id);
	for (i = 0; i < l->out->n; i++)
		if (l->out->v[i] == c)
			return ywalk_at(w, item, l->field, "%s is listed "
			    "twice", c->id);
	l->out->v[l->out->n++] = c;
	return ASSURE_OK;
}

static enum assure_err
get_criteria(struct ywalk *w, struct sp *sp, yaml_node_t *v, const char *field,
    struct scope_criteria *out)
{
	struct critlist l;

	if (v->type != YAML_SEQUENCE_NODE)
		return ywalk_at(w, v, field, "expected a list of criteria "
		    "such as [CC6.1, A1.2]");
	out->n = 0;
	out->v = ypool_calloc(&sp->s->pool, ywalk_count(v), sizeof(*out->v));
	if (out->v == NULL)
		return nomem(w);
	l.sp = sp;
	l.field = field;
	l.out = out;
	return ywalk_each_item(w, v, field, ASSURE_CATALOG_TSC_COUNT,
	    critlist_item, &l);
}

/* ---- items: services, components, locations */

struct itemctx {
	struct sp		*sp;
	/* "services", "boundary.data"; data: classification allowed */
	const char		*field;
	bool			 data;
	bool			 assets;	/* may name scan targets */
	struct scope_item	*v;
	size_t			*n;
	bool			 seen_name;
	bool			 seen_class;
	struct scope_item	*cur;
};

static enum assure_err
item_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct itemctx *ic = arg;
	char field[ASSURE_DIAG_FIELD_MAX];
	const char *s;
	size_t i;

	snprintf(field, sizeof(field), "%s.%s", ic->field, key);
	if (strcmp(key, "name") == 0) {
		ic->seen_name = true;
		return get_text(w, ic->sp, v, field, SCOPE_NAME_MAX, 0,
		    &ic->cur->name);
	}
	if (strcmp(key, "description") == 0)
		return get_text(w, ic->sp, v, field, SCOPE_TEXT_MAX,
		    YWALK_MULTILINE, &ic->cur->description);
	if (ic->data && strcmp(key, "classification") == 0) {
		s = ywalk_scalar(v);
		for (i = 0; s != NULL && i < SCOPE_CLASSIFICATION__MAX; i++)
			if (strcasecmp(s, classification_names[i]) == 0)
				break;
		if (s == NULL || i == SCOPE_CLASSIFICATION__MAX)
			return ywalk_at(w, v, field, "expected public, "
			    "internal, confidential or restricted, got "
			    "'%.40s'", s != NULL ? s : "(not a scalar)");
		ic->cur->classification = (enum scope_classification)i;
		ic->seen_class = true;
		return ASSURE_OK;
	}
	if (ic->data && strcmp(key, "personal") == 0)
		return ywalk_bool(w, v, field, &ic->cur->personal);
	if (ic->assets && strcmp(key, "assets") == 0)
		return get_strlist(w, ic->sp, v, field, SCOPE_NAME_MAX, 0,
		    &ic->cur->assets, &ic->cur->nassets);
	return ywalk_unknown_key(w, k, ic->field, ic->data ?
	    "name, classification, personal, description" : ic->assets ?
	    "name, description, assets" : "name, description");
}

static enum assure_err
item_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct itemctx *ic = arg;
	enum assure_err rc;

	ic->cur = &ic->v[*ic->n];
	ic->cur->line = item->start_mark.line + 1;
	ic->seen_name = false;
	ic->seen_class = false;
	rc = ywalk_each_pair(w, item, ic->field, item_pair, ic);
	if (rc != ASSURE_OK)
		return rc;
	if (!ic->seen_name)
		return ywalk_at(w, item, ic->field, "each entry needs a name");
	if (ic->data && !ic->seen_class)
		return ywalk_at(w, item, ic->field, "each data set needs a "
		    "classification (public, internal, confidential or "
		    "restricted)");
	(*ic->n)++;
	return ASSURE_OK;
}

static enum assure_err
get_items_of(struct ywalk *w, struct sp *sp, yaml_node_t *v,
    const char *field, bool data, bool assets, bool required,
    struct scope_item **ret, size_t *ret_n)
{
	struct itemctx ic;

	if (v->type != YAML_SEQUENCE_NODE)
		return ywalk_at(w, v, field, "expected a list of entries, each "
		    "with a name");
	if (required && ywalk_count(v) == 0)
		return ywalk_at(w, v, field, "must list at least one entry");
	memset(&ic, 0, sizeof(ic));
	ic.sp = sp;
	ic.field = field;
	ic.data = data;
	ic.assets = assets;
	ic.v = ypool_calloc(&sp->s->pool, ywalk_count(v), sizeof(*ic.v));
	if (ic.v == NULL)
		return nomem(w);
	*ret_n = 0;
	ic.n = ret_n;
	*ret = ic.v;
	return ywalk_each_item(w, v, field, SCOPE_ITEMS_MAX, item_item, &ic);
}

static enum assure_err
get_items(struct ywalk *w, struct sp *sp, yaml_node_t *v, const char *field,
    bool data, bool required, struct scope_item **ret, size_t *ret_n)
{
	return get_items_of(w, sp, v, field, data, false, required, ret,
	    ret_n);
}

/* ---- out_of_boundary */

struct exclctx {
	struct sp		*sp;
	struct scope_exclusion	*cur;
	bool			 seen_name;
	bool			 seen_reason;
};

static enum assure_err
excl_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct exclctx *ec = arg;

	if (strcmp(key, "name") == 0) {
		ec->seen_name = true;
		return get_text(w, ec->sp, v, "out_of_boundary.name",
		    SCOPE_NAME_MAX, 0, &ec->cur->name);
	}
	if (strcmp(key, "reason") == 0) {
		ec->seen_reason = true;
		return get_text(w, ec->sp, v, "out_of_boundary.reason",
		    SCOPE_TEXT_MAX, YWALK_MULTILINE, &ec->cur->reason);
	}
	return ywalk_unknown_key(w, k, "out_of_boundary", "name, reason");
}

static enum assure_err
excl_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct exclctx *ec = arg;
	struct scope *s = ec->sp->s;
	enum assure_err rc;

	ec->cur = &s->outside[s->noutside];
	ec->cur->line = item->start_mark.line + 1;
	ec->seen_name = false;
	ec->seen_reason = false;
	rc = ywalk_each_pair(w, item, "out_of_boundary", excl_pair, ec);
	if (rc != ASSURE_OK)
		return rc;
	if (!ec->seen_name || !ec->seen_reason)
		return ywalk_at(w, item, "out_of_boundary", "each entry needs "
		    "a name and the reason it is outside the boundary");
	s->noutside++;
	return ASSURE_OK;
}

/* ---- subservice_organisations */

struct subctx {
	struct sp		*sp;
	struct scope_subservice	*cur;
	bool			 seen_name;
	bool			 seen_service;
	bool			 seen_method;
	bool			 seen_criteria;
};

static enum assure_err
sub_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct subctx *sc = arg;
	const char *s;
	size_t i;

	if (strcmp(key, "name") == 0) {
		sc->seen_name = true;
		return get_text(w, sc->sp, v, "subservice_organisations.name",
		    SCOPE_NAME_MAX, 0, &sc->cur->name);
	}
	if (strcmp(key, "service") == 0) {
		sc->seen_service = true;
		return get_text(w, sc->sp, v,
		    "subservice_organisations.service", SCOPE_TEXT_MAX,
		    YWALK_MULTILINE, &sc->cur->service);
	}
	if (strcmp(key, "method") == 0) {
		s = ywalk_scalar(v);
		for (i = 0; s != NULL && i < SCOPE_METHOD__MAX; i++)
			if (strcasecmp(s, method_names[i]) == 0)
				break;
		if (s != NULL && strcasecmp(s, "carve_out") == 0)
			i = SCOPE_CARVE_OUT;
		if (s == NULL || i == SCOPE_METHOD__MAX)
			return ywalk_at(w, v, "subservice_organisations.method",
			    "expected carve-out or inclusive, got '%.40s'",
			    s != NULL ? s : "(not a scalar)");
		sc->cur->method = (enum scope_method)i;
		sc->seen_method = true;
		return ASSURE_OK;
	}
	if (strcmp(key, "criteria") == 0) {
		sc->seen_criteria = true;
		return get_criteria(w, sc->sp, v,
		    "subservice_organisations.criteria", &sc->cur->criteria);
	}
	if (strcmp(key, "csocs") == 0)
		return get_strlist(w, sc->sp, v,
		    "subservice_organisations.csocs",
		    SCOPE_TEXT_MAX, YWALK_MULTILINE, &sc->cur->csocs,
		    &sc->cur->ncsocs);
	return ywalk_unknown_key(w, k, "subservice_organisations",
	    "name, service, method, criteria, csocs");
}

static enum assure_err
sub_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct subctx *sc = arg;
	struct scope *s = sc->sp->s;
	enum assure_err rc;
	size_t i;

	sc->cur = &s->subservices[s->nsubservices];
	sc->cur->line = item->start_mark.line + 1;
	sc->seen_name = sc->seen_service = false;
	sc->seen_method = sc->seen_criteria = false;
	rc = ywalk_each_pair(w, item, "subservice_organisations", sub_pair,
	    sc);
	if (rc != ASSURE_OK)
		return rc;
	if (!sc->seen_name || !sc->seen_service || !sc->seen_method ||
	    !sc->seen_criteria)
		return ywalk_at(w, item, "subservice_organisations", "each "
		    "organisation needs name, service, method (carve-out or "
		    "inclusive) and the criteria its controls bear on");
	for (i = 0; i < s->nsubservices; i++)
		if (strcmp(s->subservices[i].name, sc->cur->name) == 0)
			return ywalk_at(w, item,
			    "subservice_organisations.name",
			    "'%s' is listed twice (first at line %lu)",
			    sc->cur->name, s->subservices[i].line);
	s->nsubservices++;
	return ASSURE_OK;
}

/* ---- cuecs */

struct cuecctx {
	struct sp		*sp;
	struct scope_cuec	*cur;
	bool			 seen_description;
};

static enum assure_err
cuec_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct cuecctx *cc = arg;

	if (strcmp(key, "description") == 0) {
		cc->seen_description = true;
		return get_text(w, cc->sp, v, "cuecs.description",
		    SCOPE_TEXT_MAX, YWALK_MULTILINE, &cc->cur->description);
	}
	if (strcmp(key, "criteria") == 0)
		return get_criteria(w, cc->sp, v, "cuecs.criteria",
		    &cc->cur->criteria);
	return ywalk_unknown_key(w, k, "cuecs", "description, criteria");
}

static enum assure_err
cuec_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct cuecctx *cc = arg;
	struct scope *s = cc->sp->s;
	enum assure_err rc;

	cc->cur = &s->cuecs[s->ncuecs];
	cc->cur->line = item->start_mark.line + 1;
	cc->seen_description = false;
	rc = ywalk_each_pair(w, item, "cuecs", cuec_pair, cc);
	if (rc != ASSURE_OK)
		return rc;
	if (!cc->seen_description)
		return ywalk_at(w, item, "cuecs", "each user-entity control "
		    "needs a description");
	s->ncuecs++;
	return ASSURE_OK;
}

/* ---- flows */

struct flowctx {
	struct sp		*sp;
	struct scope_flow	*cur;
	yaml_node_t		*from, *to;
	bool			 seen_data;
};

static enum assure_err
flow_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct flowctx *fc = arg;

	if (strcmp(key, "from") == 0) {
		fc->from = v;
		return get_text(w, fc->sp, v, "flows.from", SCOPE_NAME_MAX, 0,
		    &fc->cur->from.name);
	}
	if (strcmp(key, "to") == 0) {
		fc->to = v;
		return get_text(w, fc->sp, v, "flows.to", SCOPE_NAME_MAX, 0,
		    &fc->cur->to.name);
	}
	if (strcmp(key, "data") == 0) {
		fc->seen_data = true;
		return get_text(w, fc->sp, v, "flows.data", SCOPE_TEXT_MAX,
		    YWALK_MULTILINE, &fc->cur->data);
	}
	if (strcmp(key, "protocol") == 0)
		return get_text(w, fc->sp, v, "flows.protocol",
		    SCOPE_NAME_MAX, 0, &fc->cur->protocol);
	return ywalk_unknown_key(w, k, "flows", "from, to, data, protocol");
}

static enum assure_err
flow_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct flowctx *fc = arg;
	struct scope *s = fc->sp->s;
	enum assure_err rc;

	fc->cur = &s->flows[s->nflows];
	fc->cur->line = item->start_mark.line + 1;
	fc->from = fc->to = NULL;
	fc->seen_data = false;
	rc = ywalk_each_pair(w, item, "flows", flow_pair, fc);
	if (rc != ASSURE_OK)
		return rc;
	if (fc->from == NULL || fc->to == NULL || !fc->seen_data)
		return ywalk_at(w, item, "flows", "each flow needs from, to "
		    "and the data it carries");
	fc->sp->flow_nodes[2 * s->nflows] = fc->from;
	fc->sp->flow_nodes[2 * s->nflows + 1] = fc->to;
	s->nflows++;
	return ASSURE_OK;
}

/* Resolve a flow endpoint by name: a component, an organisation, an actor. */
static bool
endpoint_find(const struct scope *s, struct scope_endpoint *ep)
{
	size_t i, k;

	for (k = 0; k < SCOPE_COMPONENT__MAX; k++)
		for (i = 0; i < s->ncomponents[k]; i++)
			if (strcmp(s->components[k][i].name, ep->name) == 0) {
				ep->kind = SCOPE_EP_COMPONENT;
				ep->component = (enum scope_component)k;
				ep->index = i;
				return true;
			}
	for (i = 0; i < s->nsubservices; i++)
		if (strcmp(s->subservices[i].name, ep->name) == 0) {
			ep->kind = SCOPE_EP_SUBSERVICE;
			ep->index = i;
			return true;
		}
	for (i = 0; i < s->nactors; i++)
		if (strcmp(s->actors[i].name, ep->name) == 0) {
			ep->kind = SCOPE_EP_ACTOR;
			ep->index = i;
			return true;
		}
	return false;
}

/*
 * After the walk, when every list is known: actors are named once and not
 * like a component or an organisation, and every flow endpoint resolves.
 */
static enum assure_err
resolve_flows(struct ywalk *w, struct sp *sp)
{
	struct scope *s = sp->s;
	struct scope_endpoint ep;
	struct scope_flow *f;
	size_t i, j;

	for (i = 0; i < s->nactors; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(s->actors[j].name, s->actors[i].name) == 0)
				break;
		memset(&ep, 0, sizeof(ep));
		ep.name = s->actors[i].name;
		if (j < i || (endpoint_find(s, &ep) &&
		    ep.kind != SCOPE_EP_ACTOR)) {
			/* No node kept for actors: locate by line. */
			return assure_diag_set(w->diag, ASSURE_ERR_PARSE,
			    w->source, s->actors[i].line, 0, "actors.name",
			    "'%s' is already the name of %s", ep.name,
			    j < i ? "another actor" : ep.kind ==
			    SCOPE_EP_COMPONENT ? "a boundary component" :
			    "a sub-service organisation");
		}
	}
	for (i = 0; i < s->nflows; i++) {
		f = &s->flows[i];
		if (!endpoint_find(s, &f->from))
			return ywalk_at(w, sp->flow_nodes[2 * i], "flows.from",
			    "'%s' is not a boundary component, a sub-service "
			    "organisation or an actor (declare it under "
			    "actors)", f->from.name);
		if (!endpoint_find(s, &f->to))
			return ywalk_at(w, sp->flow_nodes[2 * i + 1],
			    "flows.to", "'%s' is not a boundary component, a "
			    "sub-service organisation or an actor (declare it "
			    "under actors)", f->to.name);
	}
	return ASSURE_OK;
}

/* ---- changes */

struct chgctx {
	struct sp		*sp;
	struct scope_change	*cur;
	bool			 seen_date;
	bool			 seen_description;
};

static enum assure_err
chg_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct chgctx *cc = arg;
	const char *s;

	if (strcmp(key, "date") == 0) {
		s = ywalk_scalar(v);
		if (s == NULL || assure_time_parse(s, strlen(s),
		    &cc->cur->date) != 0)
			return ywalk_at(w, v, "changes.date", "expected a "
			    "date (YYYY-MM-DD), got '%.40s'", s != NULL ? s :
			    "(not a scalar)");
		cc->seen_date = true;
		return ASSURE_OK;
	}
	if (strcmp(key, "description") == 0) {
		cc->seen_description = true;
		return get_text(w, cc->sp, v, "changes.description",
		    SCOPE_TEXT_MAX, YWALK_MULTILINE, &cc->cur->description);
	}
	return ywalk_unknown_key(w, k, "changes", "date, description");
}

static enum assure_err
chg_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct chgctx *cc = arg;
	struct scope *s = cc->sp->s;
	enum assure_err rc;

	cc->cur = &s->changes[s->nchanges];
	cc->cur->line = item->start_mark.line + 1;
	cc->seen_date = cc->seen_description = false;
	rc = ywalk_each_pair(w, item, "changes", chg_pair, cc);
	if (rc != ASSURE_OK)
		return rc;
	if (!cc->seen_date || !cc->seen_description)
		return ywalk_at(w, item, "changes", "each change needs a date "
		    "and a description");
	s->nchanges++;
	return ASSURE_OK;
}

/* ---- excluded_categories, boundary, top level */

static enum assure_err
exclcat_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct sp *sp = arg;
	enum assure_tsc_category c;

	if (assure_catalog_category_parse(key, &c) != ASSURE_OK)
		return ywalk_at(w, k, key, "unknown category in "
		    "excluded_categories (expected availability, "
		    "processing-integrity, confidentiality, privacy)");
	if (c == ASSURE_TSC_SECURITY)
		return ywalk_at(w, k, key, "security is always in scope and "
		    "cannot be excluded");
	return get_text(w, sp, v, key, SCOPE_TEXT_MAX, YWALK_MULTILINE,
	    &sp->s->category_reason[c]);
}

static enum assure_err
boundary_pair(struct ywalk *w, const char *key, yaml_node_t *k,
    yaml_node_t *v, void *arg)
{
	struct sp *sp = arg;
	char field[ASSURE_DIAG_FIELD_MAX];
	size_t i;

	for (i = 0; i < SCOPE_COMPONENT__MAX; i++)
		if (strcmp(key, component_names[i]) == 0)
			break;
	if (i == SCOPE_COMPONENT__MAX)
		return ywalk_unknown_key(w, k, "boundary", "infrastructure, "
		    "software, people, procedures, data");
	sp->seen_component[i] = true;
	snprintf(field, sizeof(field), "boundary.%s", key);
	/* Infrastructure and software may name their scan targets. */
	return get_items_of(w, sp, v, field, i == SCOPE_DATA,
	    i == SCOPE_INFRASTRUCTURE || i == SCOPE_SOFTWARE, true,
	    &sp->s->components[i], &sp->s->ncomponents[i]);
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct sp *sp = arg;
	struct scope *s = sp->s;
	union {
		struct exclctx	ec;
		struct subctx	sc;
		struct cuecctx	cc;
		struct flowctx	fc;
		struct chgctx	gc;
	} u;

	if (strcmp(key, "description") == 0) {
		sp->seen_description = true;
		return get_text(w, sp, v, key, SCOPE_TEXT_MAX, YWALK_MULTILINE,
		    &s->description);
	}
	if (strcmp(key, "services") == 0) {
		sp->seen_services = true;
		return get_items(w, sp, v, key, false, true, &s->services,
		    &s->nservices);
	}
	if (strcmp(key, "commitments") == 0) {
		sp->seen_commitments = true;
		if (v->type == YAML_SEQUENCE_NODE && ywalk_count(v) == 0)
			return ywalk_at(w, v, key, "must list at least one "
			    "commitment");
		return get_strlist(w, sp, v, key, SCOPE_TEXT_MAX,
		    YWALK_MULTILINE, &s->commitments, &s->ncommitments);
	}
	if (strcmp(key, "system_requirements") == 0)
		return get_strlist(w, sp, v, key, SCOPE_TEXT_MAX,
		    YWALK_MULTILINE, &s->requirements, &s->nrequirements);
	if (strcmp(key, "boundary") == 0) {
		sp->seen_boundary = true;
		sp->boundary = v;
		return ywalk_each_pair(w, v, key, boundary_pair, sp);
	}
	if (strcmp(key, "locations") == 0)
		return get_items(w, sp, v, key, false, false, &s->locations,
		    &s->nlocations);
	memset(&u, 0, sizeof(u));
	if (strcmp(key, "out_of_boundary") == 0) {
		if (v->type != YAML_SEQUENCE_NODE)
			return ywalk_at(w, v, key, "expected a list of "
			    "{name, reason}");
		s->outside = ypool_calloc(&s->pool, ywalk_count(v),
		    sizeof(*s->outside));
		if (s->outside == NULL)
			return nomem(w);
		u.ec.sp = sp;
		return ywalk_each_item(w, v, key, SCOPE_ITEMS_MAX, excl_item,
		    &u.ec);
	}
	if (strcmp(key, "subservice_organisations") == 0) {
		if (v->type != YAML_SEQUENCE_NODE)
			return ywalk_at(w, v, key, "expected a list of "
			    "organisations");
		s->subservices = ypool_calloc(&s->pool, ywalk_count(v),
		    sizeof(*s->subservices));
		if (s->subservices == NULL)
			return nomem(w);
		u.sc.sp = sp;
		return ywalk_each_item(w, v, key, SCOPE_ITEMS_MAX, sub_item,
		    &u.sc);
	}
	if (strcmp(key, "cuecs") == 0) {
		if (v->type != YAML_SEQUENCE_NODE)
			return ywalk_at(w, v, key, "expected a list of "
			    "{description, criteria}");
		s->cuecs = ypool_calloc(&s->pool, ywalk_count(v),
		    sizeof(*s->cuecs));
		if (s->cuecs == NULL)
			return nomem(w);
		u.cc.sp = sp;
		return ywalk_each_item(w, v, key, SCOPE_ITEMS_MAX, cuec_item,
		    &u.cc);
	}
	if (strcmp(key, "excluded_categories") == 0)
		return ywalk_each_pair(w, v, key, exclcat_pair, sp);
	if (strcmp(key, "actors") == 0)
		return get_items(w, sp, v, key, false, false, &s->actors,
		    &s->nactors);
	if (strcmp(key, "flows") == 0) {
		if (v->type != YAML_SEQUENCE_NODE)
			return ywalk_at(w, v, key, "expected a list of "
			    "{from, to, data, protocol}");
		s->flows = ypool_calloc(&s->pool, ywalk_count(v),
		    sizeof(*s->flows));
		sp->flow_nodes = ypool_calloc(&s->pool, 2 * ywalk_count(v),
		    sizeof(*sp->flow_nodes));
		if (s->flows == NULL || sp->flow_nodes == NULL)
			return nomem(w);
		u.fc.sp = sp;
		return ywalk_each_item(w, v, key, SCOPE_ITEMS_MAX, flow_item,
		    &u.fc);
	}
	if (strcmp(key, "changes") == 0) {
		if (v->type != YAML_SEQUENCE_NODE)
			return ywalk_at(w, v, key, "expected a list of "
			    "{date, description}");
		s->changes = ypool_calloc(&s->pool, ywalk_count(v),
		    sizeof(*s->changes));
		if (s->changes == NULL)
			return nomem(w);
		u.gc.sp = sp;
		return ywalk_each_item(w, v, key, SCOPE_ITEMS_MAX, chg_item,
		    &u.gc);
	}
	return ywalk_unknown_key(w, k, "scope.yaml", "description, services, "
	    "commitments, system_requirements, boundary, out_of_boundary, "
	    "locations, subservice_organisations, cuecs, excluded_categories, "
	    "actors, flows, changes");
}

enum assure_err
scope_parse(const char *text, size_t len, const char *source,
    const struct assure_catalog *cat, struct scope **ret,
    struct assure_diag *reterr_diag)
{
	struct ywalk w;
	struct sp sp;
	struct scope *s;
	yaml_node_t *root;
	enum assure_err rc;
	size_t i;

	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source,
		    0, 0, NULL, "out of memory");
	s->source = ypool_strndup(&s->pool, source, strlen(source));
	if (s->source == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source, 0,
		    0, NULL, "out of memory");
		goto out_free;
	}
	rc = ywalk_load(&w, text, len, SCOPE_FILE_MAX, source, reterr_diag,
	    &root);
	if (rc != ASSURE_OK)
		goto out_free;
	if (root == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source, 1,
		    1, NULL, "empty file: expected the system's scope "
		    "(description, services, commitments, boundary, ...)");
		goto out_doc;
	}
	memset(&sp, 0, sizeof(sp));
	sp.s = s;
	sp.cat = cat;
	rc = ywalk_each_pair(&w, root, NULL, top_pair, &sp);
	if (rc != ASSURE_OK)
		goto out_doc;
	if (!sp.seen_description || !sp.seen_services ||
	    !sp.seen_commitments || !sp.seen_boundary) {
		rc = ywalk_at(&w, root, !sp.seen_description ? "description" :
		    !sp.seen_services ? "services" : !sp.seen_commitments ?
		    "commitments" : "boundary", "required key is missing");
		goto out_doc;
	}
	for (i = 0; i < SCOPE_COMPONENT__MAX; i++)
		if (!sp.seen_component[i]) {
			rc = ywalk_at(&w, sp.boundary, "boundary", "'%s' is "
			    "missing: the boundary must name its "
			    "infrastructure, software, people, procedures and "
			    "data", component_names[i]);
			goto out_doc;
		}
	rc = resolve_flows(&w, &sp);
	if (rc != ASSURE_OK)
		goto out_doc;
	ywalk_doc_free(&w);
	*ret = s;
	return ASSURE_OK;
out_doc:
	ywalk_doc_free(&w);
out_free:
	scope_free(s);
	return rc;
}

void
scope_free(struct scope *s)
{
	if (s == NULL)
		return;
	ypool_free(&s->pool);
	free(s);
}

enum assure_err
scope_read_file(const char *path, size_t max, char **ret, size_t *ret_len,
    struct assure_diag *reterr_diag)
{
	FILE *f;
	char *buf;
	size_t n;
	enum assure_err rc;

	f = fopen(path, "rb");
	if (f == NULL) {
		rc = assure_diag_set(reterr_diag, errno == ENOENT ?
		    ASSURE_ERR_NOTFOUND : ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
		if (reterr_diag != NULL)
			reterr_diag->sys_errno = errno;
		return rc;
	}
	buf = malloc(max + 1);
	if (buf == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, path, 0, 0,
		    NULL, "out of memory");
		goto out_close;
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, path, 0, 0,
		    NULL, "read error");
		goto out_free;
	}
	if (n > max) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, path, 0, 0,
		    NULL, "larger than %zu bytes", max);
		goto out_free;
	}
	buf[n] = '\0';
	*ret = buf;
	*ret_len = n;
	fclose(f);
	return ASSURE_OK;
out_free:
	free(buf);
out_close:
	fclose(f);
	return rc;
}

enum assure_err
scope_load(const char *path, const struct assure_catalog *cat,
    struct scope **ret, struct assure_diag *reterr_diag)
{
	char *text = NULL;
	size_t len = 0;
	enum assure_err rc;

	rc = scope_read_file(path, SCOPE_FILE_MAX, &text, &len, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = scope_parse(text, len, path, cat, ret, reterr_diag);
	free(text);
	return rc;
}

enum assure_err
scope_load_workspace(const char *root, const struct assure_catalog *cat,
    struct scope **ret, struct assure_diag *reterr_diag)
{
	char path[SCOPE_PATH_MAX];
	enum assure_err rc;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", root, SCOPE_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, root, 0,
		    0, NULL, "path too long");
	rc = scope_load(path, cat, ret, reterr_diag);
	if (rc == ASSURE_ERR_NOTFOUND)
		assure_diag_set(reterr_diag, rc, path, 0, 0, NULL, "no scope "
		    "file: write one (a new workspace gets a starter from "
		    "'assure init'; scope.yaml is described in assure(1))");
	return rc;
}

/* ---------------------------------------------------------------- check */

static void ASSURE_PRINTF(2, 3)
note(struct scope_notes *n, const char *fmt, ...)
{
	va_list ap;

	if (n->n == SCOPE_NOTES_MAX) {
		n->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(n->text[n->n++], SCOPE_NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* The ids of criteria outside the categories, comma-separated, in out. */
static size_t
outside_ids(const struct scope_criteria *cr, unsigned categories, char *out,
    size_t size)
{
	size_t i, l, n = 0;

	out[0] = '\0';
	for (i = 0; i < cr->n; i++) {
		if (scope_in_scope(cr->v[i], categories))
			continue;
		l = strlen(out);
		snprintf(out + l, size - l, "%s%s", n > 0 ? ", " : "",
		    cr->v[i]->id);
		n++;
	}
	return n;
}

void
scope_check(const struct scope *s, unsigned categories,
    struct scope_notes *ret)
{
	char ids[256];
	size_t i, n;
	unsigned c, bit;

	memset(ret, 0, sizeof(*ret));
	for (c = 0; c < ASSURE_TSC_CATEGORY__MAX; c++) {
		bit = scope_category_bit((enum assure_tsc_category)c);
		if ((categories & bit) && s->category_reason[c] != NULL)
			note(ret, "excluded_categories gives a reason for %s, "
			    "but assure.yaml has it in scope; the reason is "
			    "ignored", assure_catalog_category_name(
			    (enum assure_tsc_category)c));
		if (!(categories & bit) && s->category_reason[c] == NULL)
			note(ret, "%s is left out of scope without a reason; "
			    "say why under excluded_categories in scope.yaml",
			    assure_catalog_category_name(
			    (enum assure_tsc_category)c));
	}
	for (i = 0; i < s->nsubservices; i++) {
		const struct scope_subservice *o = &s->subservices[i];

		if (o->method == SCOPE_CARVE_OUT && o->ncsocs == 0)
			note(ret, "%s is carved out but lists no complementary "
			    "subservice organisation controls (csocs)",
			    o->name);
		n = outside_ids(&o->criteria, categories, ids, sizeof(ids));
		if (n > 0)
			note(ret, "%s bears on %s, outside the categories in "
			    "scope; left out of the statement", o->name, ids);
	}
	for (i = 0; i < s->ncuecs; i++) {
		n = outside_ids(&s->cuecs[i].criteria, categories, ids,
		    sizeof(ids));
		if (n > 0)
			note(ret, "the user-entity control at line %lu names "
			    "%s, outside the categories in scope; left out of "
			    "the statement", s->cuecs[i].line, ids);
	}
}
