/*
 * controls.c: parsing and loading controls/<name>.yaml, and the starter set
 * (see controls.h).
 *
 * Each file is walked strictly like scope.yaml (scope/ywalk.c).  Ids of
 * criteria, Annex A controls and automated tests are resolved as they are
 * read so that an unknown one is reported where it is written.  A control
 * id must be unique across the folder; a duplicate names the first.
 */
#include "common/compat.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/embed.h"
#include "controls/controls.h"
#include "scope/scope.h"

static const char *const frequency_names[CONTROL_FREQUENCY__MAX] = {
	[CONTROL_CONTINUOUS] = "continuous",
	[CONTROL_DAILY] = "daily",
	[CONTROL_WEEKLY] = "weekly",
	[CONTROL_MONTHLY] = "monthly",
	[CONTROL_QUARTERLY] = "quarterly",
	[CONTROL_ANNUAL] = "annual",
	[CONTROL_PER_EVENT] = "per-event",
};

static const char *const status_names[CONTROL_STATUS__MAX] = {
	[CONTROL_IMPLEMENTED] = "implemented",
	[CONTROL_PARTIAL] = "partial",
	[CONTROL_PLANNED] = "planned",
};

const char *
control_frequency_name(enum control_frequency f)
{
	return (unsigned)f < CONTROL_FREQUENCY__MAX ? frequency_names[f] :
	    "unknown";
}

const char *
control_status_name(enum control_status s)
{
	return (unsigned)s < CONTROL_STATUS__MAX ? status_names[s] :
	    "unknown";
}

void
control_set_init(struct control_set *set)
{
	memset(set, 0, sizeof(*set));
}

void
control_set_release(struct control_set *set)
{
	free(set->v);
	ypool_free(&set->pool);
	control_set_init(set);
}

const struct control *
controls_find(const struct control_set *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].id, id) == 0)
			return &set->v[i];
	return NULL;
}

enum assure_err
controls_check_policies(const struct control_set *set,
    bool (*known)(const char *id, void *arg), void *arg,
    struct assure_diag *d)
{
	const struct control *c;
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		c = &set->v[i];
		for (j = 0; j < c->npolicies; j++)
			if (!known(c->policies[j].id, arg))
				return assure_diag_set(d, ASSURE_ERR_PARSE,
				    c->source, c->policies[j].line,
				    c->policies[j].column, "policies",
				    "control %s: unknown policy '%s' (no "
				    "policies/*.md has this id)", c->id,
				    c->policies[j].id);
	}
	return ASSURE_OK;
}

/* ---------------------------------------------------------------- parse */

struct cp {
	struct control_set		*set;
	const struct assure_catalog	*cat;
	const char			*source;	/* pooled copy */
	struct control			 cur;
	yaml_node_t			*id_node;
	bool				 seen_title;
	bool				 seen_owner;
	bool				 seen_frequency;
};

static enum assure_err
nomem(struct ywalk *w)
{
	return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0, 0,
	    NULL, "out of memory");
}

static enum assure_err
get_text(struct ywalk *w, struct cp *cp, yaml_node_t *n, const char *field,
    size_t max, unsigned flags, const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *copy;

	rc = ywalk_text(w, n, field, max, flags, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	copy = ypool_strndup(&cp->set->pool, s, len);
	if (copy == NULL)
		return nomem(w);
	*ret = copy;
	return ASSURE_OK;
}

static enum assure_err
get_enum(struct ywalk *w, yaml_node_t *v, const char *field,
    const char *const *names, size_t n, const char *expected, unsigned *ret)
{
	const char *s = ywalk_scalar(v);
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcasecmp(s, names[i]) == 0) {
			*ret = (unsigned)i;
			return ASSURE_OK;
		}
	return ywalk_at(w, v, field, "expected %s, got '%.40s'", expected,
	    s != NULL ? s : "(not a scalar)");
}

/* Which kind of id a list holds. */
enum idlist_kind {
	IDLIST_TSC,
	IDLIST_ISO,
	IDLIST_TEST,
	IDLIST_POLICY,
};

struct idlist {
	struct cp				 *cp;
	enum idlist_kind			  kind;
	const char				 *field;
	const struct assure_tsc_criterion	**tsc;
	const struct assure_iso_control		**iso;
	const struct test_def			**tests;
	struct control_ref			 *pol;
	size_t					 *n;
};

static void
known_tests(char *out, size_t size)
{
	size_t i, l;

	out[0] = '\0';
	for (i = 0; test_defs[i] != NULL; i++) {
		l = strlen(out);
		snprintf(out + l, size - l, "%s%s", i > 0 ? ", " : "",
		    test_defs[i]->id);
	}
}

static enum assure_err
idlist_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct idlist *l = arg;
	const struct assure_tsc_criterion *tsc;
	const struct assure_iso_control *iso;
	const struct test_def *t;
	const char *id = ywalk_scalar(item);
	char known[256];
	size_t i;
	bool dup = false;

	if (id == NULL || *id == '\0')
		return ywalk_at(w, item, l->field, "expected an id");
	switch (l->kind) {
	case IDLIST_TSC:
		if (assure_catalog_tsc_find(l->cp->cat, id, &tsc) !=
		    ASSURE_OK)
			return ywalk_at(w, item, l->field, "unknown TSC 2017 "
			    "criterion '%.40s' (see 'assure catalog tsc')",
			    id);
		for (i = 0; i < *l->n; i++)
			dup = dup || l->tsc[i] == tsc;
		if (!dup)
			l->tsc[*l->n] = tsc;
		break;
	case IDLIST_ISO:
		if (assure_catalog_iso_find(l->cp->cat, id, &iso) !=
		    ASSURE_OK)
			return ywalk_at(w, item, l->field, "unknown ISO/IEC "
			    "27001:2022 Annex A control '%.40s' (see 'assure "
			    "catalog iso27001')", id);
		for (i = 0; i < *l->n; i++)
			dup = dup || l->iso[i] == iso;
		if (!dup)
			l->iso[*l->n] = iso;
		break;
	case IDLIST_TEST:
		t = test_find(id);
		if (t == NULL) {
			known_tests(known, sizeof(known));
			return ywalk_at(w, item, l->field, "unknown automated "
			    "test '%.40s' (known: %s)", id, known);
		}
		for (i = 0; i < *l->n; i++)
			dup = dup || l->tests[i] == t;
		if (!dup)
			l->tests[*l->n] = t;
		break;
	case IDLIST_POLICY:
		for (i = 0; id[i] != '\0'; i++)
			if (!((id[i] >= 'A' && id[i] <= 'Z') ||
			    (id[i] >= 'a' && id[i] <= 'z') ||
			    (id[i] >= '0' && id[i] <= '9') || id[i] == '.' ||
			    id[i] == '_' || id[i] == '-') || i >= 63)
				return ywalk_at(w, item, l->field, "'%.40s': "
				    "expected a policy id (letters, digits, "
				    "'.', '_' and '-')", id);
		for (i = 0; i < *l->n; i++)
			dup = dup || strcmp(l->pol[i].id, id) == 0;
		if (dup)
			break;
		l->pol[*l->n].id = ypool_strndup(&l->cp->set->pool, id,
		    strlen(id));
		if (l->pol[*l->n].id == NULL)
			return nomem(w);
		l->pol[*l->n].line = item->start_mark.line + 1;
		l->pol[*l->n].column = item->start_mark.column + 1;
		break;
	}
	if (dup)
		return ywalk_at(w, item, l->field, "'%.40s' is listed twice",
		    id);
	(*l->n)++;
	return ASSURE_OK;
}

/* Size the list's array from the sequence v, then fill it. */
static enum assure_err
get_ids(struct ywalk *w, struct cp *cp, yaml_node_t *v, const char *field,
    struct idlist *l)
{
	size_t count = ywalk_count(v);

	if (v->type != YAML_SEQUENCE_NODE)
		return ywalk_at(w, v, field, "expected a list of ids");
	l->cp = cp;
	l->field = field;
	*l->n = 0;
	switch (l->kind) {
	case IDLIST_TSC:
		l->tsc = ypool_calloc(&cp->set->pool, count, sizeof(*l->tsc));
		if (l->tsc == NULL)
			return nomem(w);
		cp->cur.tsc = l->tsc;
		break;
	case IDLIST_ISO:
		l->iso = ypool_calloc(&cp->set->pool, count, sizeof(*l->iso));
		if (l->iso == NULL)
			return nomem(w);
		cp->cur.iso = l->iso;
		break;
	case IDLIST_TEST:
		l->tests = ypool_calloc(&cp->set->pool, count,
		    sizeof(*l->tests));
		if (l->tests == NULL)
			return nomem(w);
		cp->cur.tests = l->tests;
		break;
	case IDLIST_POLICY:
		l->pol = ypool_calloc(&cp->set->pool, count, sizeof(*l->pol));
		if (l->pol == NULL)
			return nomem(w);
		cp->cur.policies = l->pol;
		break;
	}
	return ywalk_each_item(w, v, field, CONTROL_LIST_MAX, idlist_item, l);
}

static enum assure_err
control_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct cp *cp = arg;
	struct control *c = &cp->cur;
	struct idlist l;
	const char *s;
	size_t i;
	unsigned e = 0;
	enum assure_err rc;

	if (strcmp(key, "id") == 0) {
		rc = get_text(w, cp, v, key, CONTROL_ID_MAX, 0, &c->id);
		if (rc != ASSURE_OK)
			return rc;
		for (s = c->id, i = 0; s[i] != '\0'; i++)
			if (!((s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
			    s[i] == '_' || s[i] == '-'))
				return ywalk_at(w, v, key, "'%.40s': use "
				    "letters, digits, '.', '_' and '-' only",
				    s);
		cp->id_node = v;
		return ASSURE_OK;
	}
	if (strcmp(key, "title") == 0) {
		cp->seen_title = true;
		return get_text(w, cp, v, key, CONTROL_NAME_MAX, 0, &c->title);
	}
	if (strcmp(key, "description") == 0)
		return get_text(w, cp, v, key, CONTROL_TEXT_MAX,
		    YWALK_MULTILINE, &c->description);
	if (strcmp(key, "owner") == 0) {
		cp->seen_owner = true;
		return get_text(w, cp, v, key, CONTROL_NAME_MAX, 0, &c->owner);
	}
	if (strcmp(key, "frequency") == 0) {
		cp->seen_frequency = true;
		rc = get_enum(w, v, key, frequency_names,
		    CONTROL_FREQUENCY__MAX, "continuous, daily, weekly, "
		    "monthly, quarterly, annual or per-event", &e);
		c->frequency = (enum control_frequency)e;
		return rc;
	}
	if (strcmp(key, "status") == 0) {
		rc = get_enum(w, v, key, status_names, CONTROL_STATUS__MAX,
		    "implemented, partial or planned", &e);
		c->status = (enum control_status)e;
		return rc;
	}
	memset(&l, 0, sizeof(l));
	if (strcmp(key, "tsc") == 0) {
		l.kind = IDLIST_TSC;
		l.n = &c->ntsc;
		return get_ids(w, cp, v, key, &l);
	}
	if (strcmp(key, "iso27001") == 0) {
		l.kind = IDLIST_ISO;
		l.n = &c->niso;
		return get_ids(w, cp, v, key, &l);
	}
	if (strcmp(key, "tests") == 0) {
		l.kind = IDLIST_TEST;
		l.n = &c->ntests;
		return get_ids(w, cp, v, key, &l);
	}
	if (strcmp(key, "policies") == 0) {
		l.kind = IDLIST_POLICY;
		l.n = &c->npolicies;
		return get_ids(w, cp, v, key, &l);
	}
	return ywalk_unknown_key(w, k, "a control", "id, title, description, "
	    "owner, frequency, status, tsc, iso27001, tests, policies");
}

static enum assure_err
control_node(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct cp *cp = arg;
	struct control_set *set = cp->set;
	const struct control *first;
	struct control *nv;
	enum assure_err rc;
	size_t ncap;

	memset(&cp->cur, 0, sizeof(cp->cur));
	cp->cur.status = CONTROL_IMPLEMENTED;
	cp->cur.source = cp->source;
	cp->cur.line = n->start_mark.line + 1;
	cp->id_node = NULL;
	cp->seen_title = cp->seen_owner = cp->seen_frequency = false;
	rc = ywalk_each_pair(w, n, NULL, control_pair, cp);
	if (rc != ASSURE_OK)
		return rc;
	if (cp->cur.id == NULL || !cp->seen_title || !cp->seen_owner ||
	    !cp->seen_frequency)
		return ywalk_at(w, n, cp->cur.id == NULL ? "id" :
		    !cp->seen_title ? "title" : !cp->seen_owner ? "owner" :
		    "frequency", "required key is missing");
	first = controls_find(set, cp->cur.id);
	if (first != NULL)
		return ywalk_at(w, cp->id_node, "id", "duplicate control id "
		    "'%s' (first in %s:%lu)", cp->cur.id, first->source,
		    first->line);
	if (set->n == CONTROLS_MAX)
		return ywalk_at(w, n, NULL, "more than %d controls",
		    CONTROLS_MAX);
	if (set->n == set->cap) {
		ncap = set->cap < 32 ? 32 : set->cap * 2;
		nv = reallocarray(set->v, ncap, sizeof(*nv));
		if (nv == NULL)
			return nomem(w);
		set->v = nv;
		set->cap = ncap;
	}
	set->v[set->n++] = cp->cur;
	return ASSURE_OK;
}

enum assure_err
controls_parse(struct control_set *set, const char *text, size_t len,
    const char *source, const struct assure_catalog *cat,
    struct assure_diag *reterr_diag)
{
	struct ywalk w;
	struct cp cp;
	yaml_node_t *root;
	enum assure_err rc;

	memset(&cp, 0, sizeof(cp));
	cp.set = set;
	cp.cat = cat;
	cp.source = ypool_strndup(&set->pool, source, strlen(source));
	if (cp.source == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source,
		    0, 0, NULL, "out of memory");
	rc = ywalk_load(&w, text, len, CONTROLS_FILE_MAX, source, reterr_diag,
	    &root);
	if (rc != ASSURE_OK)
		return rc;
	if (root == NULL)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source, 1,
		    1, NULL, "empty file: expected a control (id, title, "
		    "owner, frequency, ...) or a list of them");
	else if (root->type == YAML_SEQUENCE_NODE)
		rc = ywalk_each_item(&w, root, NULL, CONTROLS_MAX,
		    control_node, &cp);
	else
		rc = control_node(&w, root, &cp);
	ywalk_doc_free(&w);
	return rc;
}

/* ---------------------------------------------------------------- load */

static bool
is_yaml_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return false;
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum assure_err
controls_load_dir(struct control_set *set, const char *dir,
    const struct assure_catalog *cat, struct assure_diag *reterr_diag)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, **nn, path[4096], *text;
	size_t n = 0, cap = 0, i, len;
	enum assure_err rc = ASSURE_OK;
	int pn;

	d = opendir(dir);
	if (d == NULL) {
		if (errno == ENOENT)
			return ASSURE_OK;
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, dir, 0, 0,
		    NULL, "cannot open the folder: %s", strerror(errno));
		return rc;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (e == NULL)
			break;
		if (!is_yaml_name(e->d_name))
			continue;
		if (n == CONTROLS_FILES_MAX) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir,
			    0, 0, NULL, "more than %d control files",
			    CONTROLS_FILES_MAX);
			goto out_names;
		}
		if (n == cap) {
			cap = cap < 64 ? 64 : cap * 2;
			nn = reallocarray(names, cap, sizeof(*nn));
			if (nn == NULL)
				goto out_nomem;
			names = nn;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL)
			goto out_nomem;
		n++;
	}
	if (errno != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, dir, 0, 0,
		    NULL, "cannot read the folder: %s", strerror(errno));
		goto out_names;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		pn = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (pn < 0 || (size_t)pn >= sizeof(path)) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir,
			    0, 0, NULL, "path too long");
			goto out_names;
		}
		rc = scope_read_file(path, CONTROLS_FILE_MAX, &text, &len,
		    reterr_diag);
		if (rc != ASSURE_OK)
			goto out_names;
		rc = controls_parse(set, text, len, path, cat, reterr_diag);
		free(text);
		if (rc != ASSURE_OK)
			goto out_names;
	}
	goto out_names;
out_nomem:
	rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, dir, 0, 0, NULL,
	    "out of memory");
out_names:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ---------------------------------------------------------------- starter */

enum assure_err
controls_write_starter(const char *dir, struct assure_diag *reterr_diag)
{
	const struct embedded_file *f;
	const char *name;
	char path[4096];
	size_t plen = strlen(CONTROLS_STARTER_PREFIX);
	enum assure_err rc;
	int n;

	for (f = embedded_files; f->path != NULL; f++) {
		if (strncmp(f->path, CONTROLS_STARTER_PREFIX, plen) != 0)
			continue;
		name = f->path + plen;
		if (!is_yaml_name(name) || strchr(name, '/') != NULL)
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (n < 0 || (size_t)n >= sizeof(path))
			return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
			    dir, 0, 0, NULL, "path too long");
		rc = scope_write_new_file(path, f->data, f->len, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}
