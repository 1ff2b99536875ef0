/*
 * risks.c: risks.yaml (see risks.h), the strict reader.
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
#include "workspace/risks.h"

static const char *const categories[] = { "security", "availability",
    "confidentiality", "privacy", "processing_integrity", "fraud",
    "operational", "compliance", "vendor", "other", NULL };
static const char *const treatments[] = { "accept", "mitigate",
    "transfer", "avoid", NULL };

/*
 * The two readers, of risks.yaml and of risks.csv, only turn their text
 * into values and positions; what a value must look like and what a risk
 * as a whole must hold is checked here, once.
 */

/* Where a value is, 1-based, for a located error. */
struct rpos {
	unsigned long	line;
	unsigned long	col;
};

struct rctx {
	struct risks		*rs;
	const char		*source;
	struct assure_diag	*diag;
};

struct rparse {
	struct rctx	 c;
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
rat(struct rctx *c, struct rpos at, const char *field, const char *fmt, ...)
    ASSURE_PRINTF(4, 5);

static enum assure_err
rat(struct rctx *c, struct rpos at, const char *field, const char *fmt, ...)
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
rnomem(struct rctx *c, const char *field)
{
	return assure_diag_set(c->diag, ASSURE_ERR_NOMEM, c->source, 0, 0,
	    field, "out of memory");
}

#define NOT_SCALAR(s)	((s) != NULL ? (s) : "(not a scalar)")

static enum assure_err
rscore(struct rctx *c, struct rpos at, const char *s, const char *field,
    int *ret)
{
	if (s == NULL || s[0] < '1' || s[0] > '5' || s[1] != '\0')
		return rat(c, at, field, "expected 1 to 5, got '%.40s'",
		    NOT_SCALAR(s));
	*ret = s[0] - '0';
	return ASSURE_OK;
}

static enum assure_err
rdate(struct rctx *c, struct rpos at, const char *s, const char *field,
    int64_t *ret)
{
	if (s == NULL || assure_time_parse(s, strlen(s), ret) != 0)
		return rat(c, at, field, "expected a date (YYYY-MM-DD) or "
		    "an RFC 3339 instant, got '%.40s'", NOT_SCALAR(s));
	return ASSURE_OK;
}

static enum assure_err
rword(struct rctx *c, struct rpos at, const char *s, const char *field,
    const char *const *words, const char *expected, int *ret)
{
	int i;

	for (i = 0; s != NULL && words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0) {
			*ret = i;
			return ASSURE_OK;
		}
	return rat(c, at, field, "expected %s, got '%.40s'", expected,
	    NOT_SCALAR(s));
}

#define CATEGORY_LIST	"security, availability, confidentiality, " \
	"privacy, processing_integrity, fraud, operational, compliance, " \
	"vendor or other"
#define TREATMENT_LIST	"accept, mitigate, transfer or avoid"

static enum assure_err
rcategory(struct rctx *c, struct rpos at, const char *s, struct risk *r)
{
	enum assure_err rc;
	int i;

	rc = rword(c, at, s, "category", categories, CATEGORY_LIST, &i);
	if (rc == ASSURE_OK)
		r->category = categories[i];
	return rc;
}

/*
 * The checks on a whole risk, whichever file it came from: the required
 * fields, both residual scores or neither, who accepted an accepted risk,
 * an id not seen before; then the risk is counted.  at locates the risk.
 */
static enum assure_err
risk_finish(struct rctx *c, struct risk *r, bool seen_l, bool seen_i,
    struct rpos at)
{
	size_t i;

	if (r->id == NULL || r->description == NULL || r->category == NULL ||
	    !seen_l || !seen_i || r->owner == NULL)
		return rat(c, at, "risks", "each risk needs id, "
		    "description, category, likelihood, impact and owner");
	if ((r->residual_likelihood == 0) != (r->residual_impact == 0))
		return rat(c, at, "risks", "give both residual_likelihood "
		    "and residual_impact, or neither");
	if (r->treatment == RISK_ACCEPT && r->accepted_by == NULL)
		return rat(c, at, "accepted_by", "an accepted risk names "
		    "who accepted it");
	for (i = 0; i < c->rs->n; i++)
		if (strcmp(c->rs->r[i].id, r->id) == 0)
			return rat(c, at, "id", "'%s' is listed twice "
			    "(first at line %lu)", r->id, c->rs->r[i].line);
	r->line = at.line;
	c->rs->n++;
	return ASSURE_OK;
}

/* The YAML reader. */

static struct rpos
ypos(const yaml_node_t *n)
{
	struct rpos at;

	at.line = n->start_mark.line + 1;
	at.col = n->start_mark.column + 1;
	return at;
}

static enum assure_err
text(struct ywalk *w, struct rparse *p, yaml_node_t *v, const char *field,
    unsigned flags, const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *c;

	rc = ywalk_text(w, v, field, RISK_TEXT_MAX + 1, flags, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	c = ypool_strndup(&p->rs->pool, s, len);
	if (c == NULL)
		return rnomem(&p->c, field);
	*ret = c;
	return ASSURE_OK;
}

static enum assure_err
score(struct rparse *p, yaml_node_t *v, const char *field, int *ret)
{
	return rscore(&p->c, ypos(v), ywalk_scalar(v), field, ret);
}

static enum assure_err
date(struct rparse *p, yaml_node_t *v, const char *field, int64_t *ret)
{
	return rdate(&p->c, ypos(v), ywalk_scalar(v), field, ret);
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
	if (strcmp(key, "category") == 0)
		return rcategory(&p->c, ypos(v), ywalk_scalar(v), r);
	if (strcmp(key, "likelihood") == 0) {
		p->seen_l = true;
		return score(p, v, "likelihood", &r->likelihood);
	}
	if (strcmp(key, "impact") == 0) {
		p->seen_i = true;
		return score(p, v, "impact", &r->impact);
	}
	if (strcmp(key, "residual_likelihood") == 0)
		return score(p, v, "residual_likelihood",
		    &r->residual_likelihood);
	if (strcmp(key, "residual_impact") == 0)
		return score(p, v, "residual_impact", &r->residual_impact);
	if (strcmp(key, "treatment") == 0) {
		rc = rword(&p->c, ypos(v), ywalk_scalar(v), "treatment",
		    treatments, TREATMENT_LIST, &i);
		r->treatment = (enum risk_treatment)i;
		return rc;
	}
	if (strcmp(key, "accepted_by") == 0)
		return text(w, p, v, "accepted_by", 0, &r->accepted_by);
	if (strcmp(key, "owner") == 0)
		return text(w, p, v, "owner", 0, &r->owner);
	if (strcmp(key, "last_reviewed") == 0)
		return date(p, v, "last_reviewed", &r->last_reviewed);
	if (strcmp(key, "controls") == 0) {
		r->controls = ypool_calloc(&p->rs->pool, v->type ==
		    YAML_SEQUENCE_NODE ? ywalk_count(v) : 0,
		    sizeof(*r->controls));
		if (r->controls == NULL)
			return rnomem(&p->c, key);
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

	memset(r, 0, sizeof(*r));
	r->treatment = RISK_MITIGATE;
	p->cur = r;
	p->seen_l = p->seen_i = false;
	rc = ywalk_each_pair(w, n, "risks", risk_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	return risk_finish(&p->c, r, p->seen_l, p->seen_i, ypos(n));
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct rparse *p = arg;

	if (strcmp(key, "assessed_at") == 0)
		return date(p, v, "assessed_at", &p->rs->assessed_at);
	if (strcmp(key, "assessed_by") == 0)
		return text(w, p, v, "assessed_by", 0, &p->rs->assessed_by);
	if (strcmp(key, "risks") != 0)
		return ywalk_unknown_key(w, k, RISKS_FILE, "assessed_at, "
		    "assessed_by, risks");
	p->rs->r = ypool_calloc(&p->rs->pool, ywalk_count(v),
	    sizeof(*p->rs->r));
	if (p->rs->r == NULL)
		return rnomem(&p->c, key);
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
	p.c.rs = &rs;
	p.c.source = source;
	p.c.diag = reterr_diag;
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

/*
 * The CSV reader: a header naming the columns (any order, any case, each
 * once, none unknown), then one risk per row.  Cells are checked by the
 * functions the YAML reader uses, and each row by risk_finish().  The
 * assessment's date and assessor, one pair for the register, may be given
 * on any rows but must agree; without them the assessment is as recent as
 * the newest review and names nobody.
 */

enum {
	RC_ID, RC_DESCRIPTION, RC_CATEGORY, RC_LIKELIHOOD, RC_IMPACT,
	RC_RES_LIKELIHOOD, RC_RES_IMPACT, RC_TREATMENT, RC_ACCEPTED_BY,
	RC_CONTROLS, RC_OWNER, RC_LAST_REVIEWED, RC_ASSESSED_AT,
	RC_ASSESSED_BY, RC__MAX
};

static const char *const rcols[RC__MAX] = {
	"id", "description", "category", "likelihood", "impact",
	"residual_likelihood", "residual_impact", "treatment", "accepted_by",
	"controls", "owner", "last_reviewed", "assessed_at", "assessed_by",
};
#define RC_LIST	"id, description, category, likelihood, impact, " \
	"residual_likelihood, residual_impact, treatment, accepted_by, " \
	"controls, owner, last_reviewed, assessed_at, assessed_by"

struct rcsv {
	struct rctx	 c;
	struct csvread	*cr;
	bool		 have_header;
	size_t		 ncols;
	size_t		 cap;		/* risks allocated */
	int		 col_of[RC__MAX];	/* -1: absent */
	unsigned long	 at_line;	/* where assessed_at was first given */
	unsigned long	 by_line;	/* where assessed_by was first given */
	int64_t		 newest;	/* the newest last_reviewed */
};

/* The checks ywalk_text() makes of a YAML string, then a pool copy. */
static enum assure_err
rtext(struct rctx *c, struct rpos at, const char *field, const char *s,
    bool multiline, const char **ret)
{
	size_t len = strlen(s);
	char *t;

	if (len == 0)
		return rat(c, at, field, "must not be empty");
	if (len > RISK_TEXT_MAX)
		return rat(c, at, field, "longer than %d characters",
		    RISK_TEXT_MAX);
	if (!multiline && strchr(s, '\n') != NULL)
		return rat(c, at, field, "must be one line");
	if (strchr(s, '\r') != NULL)
		return rat(c, at, field, "must not hold a carriage return");
	t = ypool_strndup(&c->rs->pool, s, len);
	if (t == NULL)
		return rnomem(c, field);
	*ret = t;
	return ASSURE_OK;
}

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

/* controls: ids separated by ';'. */
static enum assure_err
csv_controls(struct rctx *c, struct risk *r, struct rpos at, char *s)
{
	char *it, *semi;
	size_t n = 1, i;
	enum assure_err rc;

	for (it = s; *it != '\0'; it++)
		n += *it == ';';
	if (n > RISK_CONTROLS_MAX)
		return rat(c, at, "controls", "expected at most %d ids, got "
		    "%zu", RISK_CONTROLS_MAX, n);
	r->controls = ypool_calloc(&c->rs->pool, n, sizeof(*r->controls));
	if (r->controls == NULL)
		return rnomem(c, "controls");
	for (i = 0; i < n; i++) {
		semi = strchr(s, ';');
		if (semi != NULL)
			*semi = '\0';
		it = trim(s);
		s = semi != NULL ? semi + 1 : s + strlen(s);
		if (*it == '\0')
			return rat(c, at, "controls", "expected control ids "
			    "separated by ';', got an empty one");
		rc = rtext(c, at, "controls", it, false,
		    &r->controls[r->ncontrols]);
		if (rc != ASSURE_OK)
			return rc;
		r->ncontrols++;
	}
	return ASSURE_OK;
}

static enum assure_err
rcsv_header(struct rcsv *x, struct assure_diag *d)
{
	struct csvread *cr = x->cr;
	const char *name;
	size_t i, nf = csvread_nfields(cr);
	int k;

	x->ncols = nf;
	for (i = 0; i < nf; i++) {
		name = csvread_field(cr, i);
		for (k = 0; k < RC__MAX; k++)
			if (strcasecmp(name, rcols[k]) == 0)
				break;
		/* A register is written by hand: a typo is an error. */
		if (k == RC__MAX)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one of " RC_LIST ", got "
			    "'%.40s'", name);
		if (x->col_of[k] >= 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one %s column, got a second "
			    "one", rcols[k]);
		x->col_of[k] = (int)i;
	}
	for (k = RC_ID; k <= RC_IMPACT; k++)
		if (x->col_of[k] < 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_record_line(cr), 1, "header", "expected a "
			    "column %s, got none", rcols[k]);
	if (x->col_of[RC_OWNER] < 0)
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_record_line(cr), 1, "header", "expected a column "
		    "owner, got none");
	x->have_header = true;
	return ASSURE_OK;
}

/* The assessment metadata of one row: the same as every other row's. */
static enum assure_err
rcsv_assessed(struct rcsv *x, const char *const *v, const struct rpos *at)
{
	struct rctx *c = &x->c;
	struct risks *rs = c->rs;
	int64_t t;
	enum assure_err rc;

	if (v[RC_ASSESSED_AT] != NULL) {
		rc = rdate(c, at[RC_ASSESSED_AT], v[RC_ASSESSED_AT],
		    "assessed_at", &t);
		if (rc != ASSURE_OK)
			return rc;
		if (x->at_line == 0) {
			rs->assessed_at = t;
			x->at_line = at[RC_ASSESSED_AT].line;
		} else if (t != rs->assessed_at)
			return rat(c, at[RC_ASSESSED_AT], "assessed_at",
			    "expected the same as on line %lu, got '%.40s'",
			    x->at_line, v[RC_ASSESSED_AT]);
	}
	if (v[RC_ASSESSED_BY] != NULL) {
		if (x->by_line == 0) {
			rc = rtext(c, at[RC_ASSESSED_BY], "assessed_by",
			    v[RC_ASSESSED_BY], false, &rs->assessed_by);
			if (rc != ASSURE_OK)
				return rc;
			x->by_line = at[RC_ASSESSED_BY].line;
		} else if (strcmp(v[RC_ASSESSED_BY], rs->assessed_by) != 0)
			return rat(c, at[RC_ASSESSED_BY], "assessed_by",
			    "expected '%.40s' as on line %lu, got '%.40s'",
			    rs->assessed_by, x->by_line, v[RC_ASSESSED_BY]);
	}
	return ASSURE_OK;
}

static enum assure_err
rcsv_row(struct rcsv *x, struct assure_diag *d)
{
	struct csvread *cr = x->cr;
	struct rctx *c = &x->c;
	struct risk *r;
	struct rpos at[RC__MAX], item;
	char *v[RC__MAX];
	size_t i, nf = csvread_nfields(cr);
	int k, o;
	enum assure_err rc = ASSURE_OK;

	c->diag = d;
	if (nf != x->ncols)
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_record_line(cr), 1, "row", "expected %zu fields "
		    "as in the header, got %zu", x->ncols, nf);
	if (c->rs->n >= x->cap)
		return csvread_error(cr, d, ASSURE_ERR_LIMIT,
		    csvread_record_line(cr), 1, "row", "expected at most %d "
		    "risks, got more", RISKS_MAX);
	for (k = 0; k < RC__MAX; k++) {
		v[k] = NULL;
		at[k].line = csvread_record_line(cr);
		at[k].col = 1;
		if (x->col_of[k] < 0)
			continue;
		i = (size_t)x->col_of[k];
		at[k].line = csvread_field_line(cr, i);
		at[k].col = csvread_field_col(cr, i);
		v[k] = csvread_field(cr, i);
		if (strlen(v[k]) > RISKS_CSV_CELL_MAX)
			return csvread_error(cr, d, ASSURE_ERR_LIMIT,
			    at[k].line, at[k].col, rcols[k], "expected at most "
			    "%d bytes, got %zu", RISKS_CSV_CELL_MAX,
			    strlen(v[k]));
		if (*v[k] == '\0')
			v[k] = NULL;		/* empty: absent */
	}
	item.line = csvread_record_line(cr);
	item.col = 1;
	r = &c->rs->r[c->rs->n];
	memset(r, 0, sizeof(*r));
	r->treatment = RISK_MITIGATE;
	if (v[RC_ID] != NULL)
		rc = rtext(c, at[RC_ID], "id", v[RC_ID], false, &r->id);
	if (rc == ASSURE_OK && v[RC_DESCRIPTION] != NULL)
		rc = rtext(c, at[RC_DESCRIPTION], "description",
		    v[RC_DESCRIPTION], true, &r->description);
	if (rc == ASSURE_OK && v[RC_CATEGORY] != NULL)
		rc = rcategory(c, at[RC_CATEGORY], v[RC_CATEGORY], r);
	if (rc == ASSURE_OK && v[RC_LIKELIHOOD] != NULL)
		rc = rscore(c, at[RC_LIKELIHOOD], v[RC_LIKELIHOOD],
		    "likelihood", &r->likelihood);
	if (rc == ASSURE_OK && v[RC_IMPACT] != NULL)
		rc = rscore(c, at[RC_IMPACT], v[RC_IMPACT], "impact",
		    &r->impact);
	if (rc == ASSURE_OK && v[RC_RES_LIKELIHOOD] != NULL)
		rc = rscore(c, at[RC_RES_LIKELIHOOD], v[RC_RES_LIKELIHOOD],
		    "residual_likelihood", &r->residual_likelihood);
	if (rc == ASSURE_OK && v[RC_RES_IMPACT] != NULL)
		rc = rscore(c, at[RC_RES_IMPACT], v[RC_RES_IMPACT],
		    "residual_impact", &r->residual_impact);
	if (rc == ASSURE_OK && v[RC_TREATMENT] != NULL) {
		rc = rword(c, at[RC_TREATMENT], v[RC_TREATMENT], "treatment",
		    treatments, TREATMENT_LIST, &o);
		r->treatment = (enum risk_treatment)o;
	}
	if (rc == ASSURE_OK && v[RC_ACCEPTED_BY] != NULL)
		rc = rtext(c, at[RC_ACCEPTED_BY], "accepted_by",
		    v[RC_ACCEPTED_BY], false, &r->accepted_by);
	if (rc == ASSURE_OK && v[RC_CONTROLS] != NULL)
		rc = csv_controls(c, r, at[RC_CONTROLS], v[RC_CONTROLS]);
	if (rc == ASSURE_OK && v[RC_OWNER] != NULL)
		rc = rtext(c, at[RC_OWNER], "owner", v[RC_OWNER], false,
		    &r->owner);
	if (rc == ASSURE_OK && v[RC_LAST_REVIEWED] != NULL)
		rc = rdate(c, at[RC_LAST_REVIEWED], v[RC_LAST_REVIEWED],
		    "last_reviewed", &r->last_reviewed);
	if (rc == ASSURE_OK)
		rc = rcsv_assessed(x, (const char *const *)v, at);
	if (rc == ASSURE_OK)
		rc = risk_finish(c, r, v[RC_LIKELIHOOD] != NULL,
		    v[RC_IMPACT] != NULL, item);
	if (rc == ASSURE_OK && r->last_reviewed > x->newest)
		x->newest = r->last_reviewed;
	return rc;
}

static enum assure_err
rcsv_record(struct csvread *cr, void *arg, struct assure_diag *d)
{
	struct rcsv *x = arg;

	(void)cr;
	if (!x->have_header)
		return rcsv_header(x, d);
	return rcsv_row(x, d);
}

enum assure_err
risks_parse_csv(const char *text_, size_t len, const char *source,
    struct risks *ret, struct assure_diag *reterr_diag)
{
	struct risks rs;
	struct rcsv x;
	size_t i, lines = 1;
	enum assure_err rc;
	int k;

	if (source == NULL)
		source = RISKS_CSV_FILE;
	if (len > RISKS_FILE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, source,
		    0, 0, NULL, "larger than %d bytes", RISKS_FILE_MAX);
	memset(&rs, 0, sizeof(rs));
	memset(&x, 0, sizeof(x));
	x.c.rs = &rs;
	x.c.source = source;
	x.c.diag = reterr_diag;
	for (k = 0; k < RC__MAX; k++)
		x.col_of[k] = -1;
	/* Rows are at most lines - 1, and at most RISKS_MAX are kept. */
	for (i = 0; i < len && lines <= RISKS_MAX; i++)
		lines += text_[i] == '\n';
	x.cap = lines < RISKS_MAX ? lines : RISKS_MAX;
	rs.r = ypool_calloc(&rs.pool, x.cap, sizeof(*rs.r));
	x.cr = csvread_new(source, RISKS_CSV_RECORD_MAX, rcsv_record, &x);
	if (rs.r == NULL || x.cr == NULL)
		rc = rnomem(&x.c, NULL);
	else
		rc = csvread_feed(x.cr, (const unsigned char *)text_, len,
		    reterr_diag);
	if (rc == ASSURE_OK)
		rc = csvread_finish(x.cr, reterr_diag);
	if (rc == ASSURE_OK && x.at_line == 0)
		rs.assessed_at = x.newest;
	if (rc == ASSURE_OK && rs.n > 0 && rs.assessed_at == 0)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source,
		    1, 1, "assessed_at", "the register names risks but not "
		    "when they were assessed (no assessed_at, no "
		    "last_reviewed)");
	csvread_free(x.cr);
	if (rc != ASSURE_OK) {
		ypool_free(&rs.pool);
		return rc;
	}
	*ret = rs;
	return ASSURE_OK;
}

static enum assure_err
load(const char *path, bool csv, struct risks *ret,
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
		rc = (csv ? risks_parse_csv : risks_parse)(assure_buf_str(&b),
		    b.len, path, ret, reterr_diag);
	assure_buf_free(&b);
	return rc;
}

enum assure_err
risks_load(const char *path, struct risks *ret,
    struct assure_diag *reterr_diag)
{
	return load(path, false, ret, reterr_diag);
}

enum assure_err
risks_load_csv(const char *path, struct risks *ret,
    struct assure_diag *reterr_diag)
{
	return load(path, true, ret, reterr_diag);
}

void
risks_release(struct risks *r)
{
	if (r == NULL)
		return;
	ypool_free(&r->pool);
	memset(r, 0, sizeof(*r));
}
