/*
 * risks.c: risks.yaml (see risks.h), the strict reader.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "workspace/risks.h"

static const char *const categories[] = { "security", "availability",
    "confidentiality", "privacy", "processing_integrity", "fraud",
    "operational", "compliance", "vendor", "other", NULL };
static const char *const treatments[] = { "accept", "mitigate",
    "transfer", "avoid", NULL };

struct rparse {
	struct risks	*rs;
	struct risk	*cur;
	bool		 seen_l, seen_i;
};

const char *
risk_treatment_name(enum risk_treatment t)
{
	return treatments[t];
}

int
risk_inherent(const struct risk *r)
{
	return r->likelihood * r->impact;
}

int
risk_residual(const struct risk *r)
{
	if (r->residual_likelihood == 0 || r->residual_impact == 0)
		return risk_inherent(r);
	return r->residual_likelihood * r->residual_impact;
}

static enum assure_err
text(struct ywalk *w, struct rparse *p, yaml_node_t *v, const char *field,
    unsigned flags, const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *c;

	rc = ywalk_text(w, v, field, 4096, flags, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	c = ypool_strndup(&p->rs->pool, s, len);
	if (c == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, field, "out of memory");
	*ret = c;
	return ASSURE_OK;
}

static enum assure_err
score(struct ywalk *w, yaml_node_t *v, const char *field, int *ret)
{
	const char *s = ywalk_scalar(v);

	if (s == NULL || s[0] < '1' || s[0] > '5' || s[1] != '\0')
		return ywalk_at(w, v, field, "expected 1 to 5, got '%.40s'",
		    s != NULL ? s : "(not a scalar)");
	*ret = s[0] - '0';
	return ASSURE_OK;
}

static enum assure_err
date(struct ywalk *w, yaml_node_t *v, const char *field, int64_t *ret)
{
	const char *s = ywalk_scalar(v);

	if (s == NULL || assure_time_parse(s, strlen(s), ret) != 0)
		return ywalk_at(w, v, field, "expected a date (YYYY-MM-DD) or "
		    "an RFC 3339 instant, got '%.40s'",
		    s != NULL ? s : "(not a scalar)");
	return ASSURE_OK;
}

static enum assure_err
word(struct ywalk *w, yaml_node_t *v, const char *field,
    const char *const *words, const char *expected, int *ret)
{
	const char *s = ywalk_scalar(v);
	int i;

	for (i = 0; s != NULL && words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0) {
			*ret = i;
			return ASSURE_OK;
		}
	return ywalk_at(w, v, field, "expected %s, got '%.40s'", expected,
	    s != NULL ? s : "(not a scalar)");
}

static enum assure_err
control_item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct rparse *p = arg;

	return text(w, p, n, "controls", 0,
	    &p->cur->controls[p->cur->ncontrols++]);
}

static enum assure_err
risk_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct rparse *p = arg;
	struct risk *r = p->cur;
	enum assure_err rc;
	int i;

	if (strcmp(key, "id") == 0)
		return text(w, p, v, "id", 0, &r->id);
	if (strcmp(key, "description") == 0)
		return text(w, p, v, "description", YWALK_MULTILINE,
		    &r->description);
	if (strcmp(key, "category") == 0) {
		rc = word(w, v, "category", categories, "security, "
		    "availability, confidentiality, privacy, "
		    "processing_integrity, fraud, operational, compliance, "
		    "vendor or other", &i);
		if (rc == ASSURE_OK)
			r->category = categories[i];
		return rc;
	}
	if (strcmp(key, "likelihood") == 0) {
		p->seen_l = true;
		return score(w, v, "likelihood", &r->likelihood);
	}
	if (strcmp(key, "impact") == 0) {
		p->seen_i = true;
		return score(w, v, "impact", &r->impact);
	}
	if (strcmp(key, "residual_likelihood") == 0)
		return score(w, v, "residual_likelihood",
		    &r->residual_likelihood);
	if (strcmp(key, "residual_impact") == 0)
		return score(w, v, "residual_impact", &r->residual_impact);
	if (strcmp(key, "treatment") == 0) {
		rc = word(w, v, "treatment", treatments, "accept, mitigate, "
		    "transfer or avoid", &i);
		r->treatment = (enum risk_treatment)i;
		return rc;
	}
	if (strcmp(key, "accepted_by") == 0)
		return text(w, p, v, "accepted_by", 0, &r->accepted_by);
	if (strcmp(key, "owner") == 0)
		return text(w, p, v, "owner", 0, &r->owner);
	if (strcmp(key, "last_reviewed") == 0)
		return date(w, v, "last_reviewed", &r->last_reviewed);
	if (strcmp(key, "controls") == 0) {
		r->controls = ypool_calloc(&p->rs->pool, v->type ==
		    YAML_SEQUENCE_NODE ? ywalk_count(v) : 0,
		    sizeof(*r->controls));
		if (r->controls == NULL)
			return assure_diag_set(w->diag, ASSURE_ERR_NOMEM,
			    w->source, 0, 0, key, "out of memory");
		return ywalk_each_item(w, v, "controls", RISK_CONTROLS_MAX,
		    control_item, p);
	}
	return ywalk_unknown_key(w, k, "risks", "id, description, category, "
	    "likelihood, impact, residual_likelihood, residual_impact, "
	    "treatment, accepted_by, controls, owner, last_reviewed");
}

static enum assure_err
risk_item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct rparse *p = arg;
	struct risk *r = &p->rs->r[p->rs->n];
	enum assure_err rc;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->treatment = RISK_MITIGATE;
	p->cur = r;
	p->seen_l = p->seen_i = false;
	rc = ywalk_each_pair(w, n, "risks", risk_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if (r->id == NULL || r->description == NULL || r->category == NULL ||
	    !p->seen_l || !p->seen_i || r->owner == NULL)
		return ywalk_at(w, n, "risks", "each risk needs id, "
		    "description, category, likelihood, impact and owner");
	if ((r->residual_likelihood == 0) != (r->residual_impact == 0))
		return ywalk_at(w, n, "risks", "give both residual_likelihood "
		    "and residual_impact, or neither");
	if (r->treatment == RISK_ACCEPT && r->accepted_by == NULL)
		return ywalk_at(w, n, "accepted_by", "an accepted risk names "
		    "who accepted it");
	for (i = 0; i < p->rs->n; i++)
		if (strcmp(p->rs->r[i].id, r->id) == 0)
			return ywalk_at(w, n, "id", "'%s' is listed twice "
			    "(first at line %lu)", r->id, p->rs->r[i].line);
	r->line = n->start_mark.line + 1;
	p->rs->n++;
	return ASSURE_OK;
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct rparse *p = arg;

	if (strcmp(key, "assessed_at") == 0)
		return date(w, v, "assessed_at", &p->rs->assessed_at);
	if (strcmp(key, "assessed_by") == 0)
		return text(w, p, v, "assessed_by", 0, &p->rs->assessed_by);
	if (strcmp(key, "risks") != 0)
		return ywalk_unknown_key(w, k, RISKS_FILE, "assessed_at, "
		    "assessed_by, risks");
	p->rs->r = ypool_calloc(&p->rs->pool, ywalk_count(v),
	    sizeof(*p->rs->r));
	if (p->rs->r == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, key, "out of memory");
	return ywalk_each_item(w, v, key, RISKS_MAX, risk_item, p);
}

enum assure_err
risks_parse(const char *text_, size_t len, const char *source,
    struct risks *ret, struct assure_diag *reterr_diag)
{
	struct risks rs;
	struct rparse p;
	struct ywalk w;
	yaml_node_t *root;
	enum assure_err rc;

	memset(&rs, 0, sizeof(rs));
	memset(&p, 0, sizeof(p));
	memset(&w, 0, sizeof(w));
	p.rs = &rs;
	rc = ywalk_load(&w, text_, len, RISKS_FILE_MAX, source, reterr_diag,
	    &root);
	if (rc != ASSURE_OK)
		return rc;
	if (root != NULL && !(root->type == YAML_SCALAR_NODE &&
	    ywalk_scalar(root)[0] == '\0'))
		rc = ywalk_each_pair(&w, root, RISKS_FILE, top_pair, &p);
	if (rc == ASSURE_OK && rs.n > 0 && rs.assessed_at == 0)
		rc = ywalk_at(&w, root, "assessed_at", "the register names "
		    "risks but not when they were assessed");
	ywalk_doc_free(&w);
	if (rc != ASSURE_OK) {
		ypool_free(&rs.pool);
		return rc;
	}
	*ret = rs;
	return ASSURE_OK;
}

enum assure_err
risks_load(const char *path, struct risks *ret,
    struct assure_diag *reterr_diag)
{
	struct assure_buf b;
	struct stat st;
	enum assure_err rc;

	if (stat(path, &st) != 0 && errno == ENOENT) {
		memset(ret, 0, sizeof(*ret));
		return ASSURE_OK;
	}
	assure_buf_init(&b, RISKS_FILE_MAX);
	rc = assure_file_read(path, &b, reterr_diag);
	if (rc == ASSURE_OK)
		rc = risks_parse(assure_buf_str(&b), b.len, path, ret,
		    reterr_diag);
	assure_buf_free(&b);
	return rc;
}

void
risks_release(struct risks *r)
{
	if (r == NULL)
		return;
	ypool_free(&r->pool);
	memset(r, 0, sizeof(*r));
}
