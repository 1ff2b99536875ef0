/*
 * incidents.c: incidents.yaml (see incidents.h), the strict reader.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "workspace/incidents.h"

struct iparse {
	struct incidents	*in;
	struct incident_entry	*cur;
	struct tabletop		*tt;
};

static enum assure_err
text(struct ywalk *w, struct iparse *p, yaml_node_t *v, const char *field,
    const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *c;

	rc = ywalk_text(w, v, field, 2048, 0, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	c = ypool_strndup(&p->in->pool, s, len);
	if (c == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, field, "out of memory");
	*ret = c;
	return ASSURE_OK;
}

/* A date or instant; null leaves *ret 0. */
static enum assure_err
when(struct ywalk *w, yaml_node_t *v, const char *field, int64_t *ret)
{
	const char *s = ywalk_scalar(v);

	if (s != NULL && (*s == '\0' || strcmp(s, "null") == 0 ||
	    strcmp(s, "~") == 0))
		return ASSURE_OK;
	if (s == NULL || assure_time_parse(s, strlen(s), ret) != 0)
		return ywalk_at(w, v, field, "expected a date (YYYY-MM-DD) or "
		    "an RFC 3339 instant, got '%.40s'",
		    s != NULL ? s : "(not a scalar)");
	return ASSURE_OK;
}

static enum assure_err
digest(struct ywalk *w, yaml_node_t *v, const char *field, char *out)
{
	const char *s = ywalk_scalar(v), *h;
	size_t i;

	h = s != NULL && strncmp(s, "sha256:", 7) == 0 ? s + 7 : s;
	for (i = 0; h != NULL && i < ASSURE_SHA256_HEXLEN; i++)
		if (!((h[i] >= '0' && h[i] <= '9') ||
		    (h[i] >= 'a' && h[i] <= 'f')))
			break;
	if (h == NULL || i != ASSURE_SHA256_HEXLEN || h[i] != '\0')
		return ywalk_at(w, v, field, "expected the digest of an "
		    "ingested document (sha256: and 64 hex digits), got "
		    "'%.40s'", s != NULL ? s : "(not a scalar)");
	memcpy(out, h, ASSURE_SHA256_HEXLEN + 1);
	return ASSURE_OK;
}

static enum assure_err
entry_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct iparse *p = arg;
	struct incident_entry *e = p->cur;
	const char *s, *colon;
	bool b;
	enum assure_err rc;

	if (strcmp(key, "id") == 0)
		return text(w, p, v, "id", &e->id);
	if (strcmp(key, "title") == 0)
		return text(w, p, v, "title", &e->title);
	if (strcmp(key, "source") == 0) {
		rc = text(w, p, v, "source", &s);
		if (rc != ASSURE_OK)
			return rc;
		colon = strchr(s, ':');
		if (colon == NULL || colon[1] == '\0' ||
		    !((colon - s == 4 && strncmp(s, "jira", 4) == 0) ||
		    (colon - s == 9 && strncmp(s, "pagerduty", 9) == 0)))
			return ywalk_at(w, v, "source", "expected jira:KEY or "
			    "pagerduty:ID, got '%.40s'", s);
		e->source_system = ypool_strndup(&p->in->pool, s,
		    (size_t)(colon - s));
		e->source_key = colon + 1;
		return e->source_system != NULL ? ASSURE_OK :
		    assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, key, "out of memory");
	}
	if (strcmp(key, "severity") == 0) {
		s = ywalk_scalar(v);
		if (s == NULL || s[0] < '1' || s[0] > '5' || s[1] != '\0')
			return ywalk_at(w, v, "severity", "expected 1 (worst) "
			    "to 5, got '%.40s'", s != NULL ? s :
			    "(not a scalar)");
		e->severity = s[0] - '0';
		return ASSURE_OK;
	}
	if (strcmp(key, "detected_at") == 0)
		return when(w, v, key, &e->detected_at);
	if (strcmp(key, "escalated_at") == 0)
		return when(w, v, key, &e->escalated_at);
	if (strcmp(key, "resolved_at") == 0)
		return when(w, v, key, &e->resolved_at);
	if (strcmp(key, "customers_notified_at") == 0)
		return when(w, v, key, &e->notified_at);
	if (strcmp(key, "postmortem_at") == 0)
		return when(w, v, key, &e->postmortem_at);
	if (strcmp(key, "customer_impact") == 0 ||
	    strcmp(key, "data_involved") == 0) {
		rc = ywalk_bool(w, v, key, &b);
		if (rc == ASSURE_OK)
			*(key[0] == 'c' ? &e->customer_impact :
			    &e->data_involved) = b;
		return rc;
	}
	if (strcmp(key, "postmortem") == 0) {
		s = ywalk_scalar(v);
		if (s != NULL && strncmp(s, "http", 4) == 0)
			return text(w, p, v, "postmortem", &e->postmortem_url);
		return digest(w, v, "postmortem", e->postmortem);
	}
	return ywalk_unknown_key(w, k, "incidents", "id, source, title, "
	    "severity, detected_at, escalated_at, resolved_at, "
	    "customer_impact, data_involved, customers_notified_at, "
	    "postmortem, postmortem_at");
}

static enum assure_err
entry_item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct iparse *p = arg;
	struct incident_entry *e = &p->in->e[p->in->n];
	enum assure_err rc;
	size_t i;

	memset(e, 0, sizeof(*e));
	e->customer_impact = e->data_involved = -1;
	p->cur = e;
	rc = ywalk_each_pair(w, n, "incidents", entry_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if (e->id == NULL)
		return ywalk_at(w, n, "incidents", "each incident needs an id");
	if (e->source_system == NULL && (e->severity == 0 ||
	    e->detected_at == 0))
		return ywalk_at(w, n, "incidents", "an incident with no source "
		    "needs its severity and detected_at");
	if ((e->escalated_at != 0 && e->detected_at != 0 &&
	    e->escalated_at < e->detected_at) ||
	    (e->resolved_at != 0 && e->detected_at != 0 &&
	    e->resolved_at < e->detected_at))
		return ywalk_at(w, n, "incidents", "escalated or resolved "
		    "before it was detected");
	for (i = 0; i < p->in->n; i++)
		if (strcmp(p->in->e[i].id, e->id) == 0)
			return ywalk_at(w, n, "id", "'%s' is listed twice "
			    "(first at line %lu)", e->id, p->in->e[i].line);
	e->line = n->start_mark.line + 1;
	p->in->n++;
	return ASSURE_OK;
}

static enum assure_err
tabletop_pair(struct ywalk *w, const char *key, yaml_node_t *k,
    yaml_node_t *v, void *arg)
{
	struct iparse *p = arg;

	if (strcmp(key, "date") == 0)
		return when(w, v, "date", &p->tt->date);
	if (strcmp(key, "scenario") == 0)
		return text(w, p, v, "scenario", &p->tt->scenario);
	if (strcmp(key, "evidence") == 0)
		return digest(w, v, "evidence", p->tt->evidence);
	return ywalk_unknown_key(w, k, "tabletops", "date, scenario, "
	    "evidence");
}

static enum assure_err
tabletop_item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct iparse *p = arg;
	enum assure_err rc;

	p->tt = &p->in->t[p->in->nt];
	memset(p->tt, 0, sizeof(*p->tt));
	rc = ywalk_each_pair(w, n, "tabletops", tabletop_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if (p->tt->date == 0 || p->tt->scenario == NULL ||
	    p->tt->evidence[0] == '\0')
		return ywalk_at(w, n, "tabletops", "each exercise needs date, "
		    "scenario and evidence");
	p->tt->line = n->start_mark.line + 1;
	p->in->nt++;
	return ASSURE_OK;
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct iparse *p = arg;
	size_t n = ywalk_count(v);

	if (strcmp(key, "incidents") == 0) {
		p->in->e = ypool_calloc(&p->in->pool, n, sizeof(*p->in->e));
		if (p->in->e == NULL)
			goto nomem;
		return ywalk_each_item(w, v, key, INCIDENTS_MAX, entry_item,
		    p);
	}
	if (strcmp(key, "tabletops") == 0) {
		p->in->t = ypool_calloc(&p->in->pool, n, sizeof(*p->in->t));
		if (p->in->t == NULL)
			goto nomem;
		return ywalk_each_item(w, v, key, INCIDENTS_MAX,
		    tabletop_item, p);
	}
	return ywalk_unknown_key(w, k, INCIDENTS_FILE, "incidents, "
	    "tabletops");
nomem:
	return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0, 0,
	    key, "out of memory");
}

enum assure_err
incidents_parse(const char *text_, size_t len, const char *source,
    struct incidents *ret, struct assure_diag *reterr_diag)
{
	struct incidents in;
	struct iparse p;
	struct ywalk w;
	yaml_node_t *root;
	enum assure_err rc;

	memset(&in, 0, sizeof(in));
	memset(&p, 0, sizeof(p));
	memset(&w, 0, sizeof(w));
	p.in = &in;
	in.present = true;
	rc = ywalk_load(&w, text_, len, INCIDENTS_FILE_MAX, source,
	    reterr_diag, &root);
	if (rc != ASSURE_OK)
		return rc;
	if (root != NULL && !(root->type == YAML_SCALAR_NODE &&
	    ywalk_scalar(root)[0] == '\0'))
		rc = ywalk_each_pair(&w, root, INCIDENTS_FILE, top_pair, &p);
	ywalk_doc_free(&w);
	if (rc != ASSURE_OK) {
		ypool_free(&in.pool);
		return rc;
	}
	*ret = in;
	return ASSURE_OK;
}

enum assure_err
incidents_load(const char *path, struct incidents *ret,
    struct assure_diag *reterr_diag)
{
	struct assure_buf b;
	struct stat st;
	enum assure_err rc;

	if (stat(path, &st) != 0 && errno == ENOENT) {
		memset(ret, 0, sizeof(*ret));
		return ASSURE_OK;
	}
	assure_buf_init(&b, INCIDENTS_FILE_MAX);
	rc = assure_file_read(path, &b, reterr_diag);
	if (rc == ASSURE_OK)
		rc = incidents_parse(assure_buf_str(&b), b.len, path, ret,
		    reterr_diag);
	assure_buf_free(&b);
	return rc;
}

void
incidents_release(struct incidents *i)
{
	if (i == NULL)
		return;
	ypool_free(&i->pool);
	memset(i, 0, sizeof(*i));
}
