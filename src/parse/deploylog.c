/*
 * deploylog.c: the deployments-csv and deployments-json kinds: the
 * deployment log a CI/CD system writes, one deployment per row or object.
 *
 * Fields (CSV: the header names the columns, in any order and any case,
 * values trimmed of blanks; JSON: an array of objects with these keys, or
 * {"deployments": [...]}, string values, id also a number):
 *
 *   time         required: RFC 3339, or a date (midnight UTC)
 *   environment  required: as the pipeline names it
 *   sha          required: 7 to 64 hex digits, lower-cased
 *   actor        required: who or what deployed
 *   result       required: success | failure | error | cancelled |
 *                skipped, any case, lower-cased ("canceled" is taken as
 *                cancelled); anything else is an error
 *   url          optional: the pipeline run
 *   repository   optional: "owner/name" (or "group/sub/project"); --repo
 *                fills it in or overrides it
 *   id           optional: the deployment's id; else the record's 1-based
 *                number (the data row, not counting the header or blank
 *                lines) as text
 *   ref          optional: branch or tag deployed
 *
 * Other CSV columns and JSON keys are ignored.  A CSV header must have
 * the required columns, each once; a JSON object must have the required
 * keys.  An empty value (or null) is absence; for a required field it is
 * an error.  Every deployment has system "log" and production absent:
 * which environments are production is the workspace's to declare.
 *
 * CSV is RFC 4180, read by csvread.c.  Memory is one record
 * (DEPLOYCSV_RECORD_MAX) or one JSON object (jstream).  Diagnostics name
 * the place and the field: "deploys.csv:4:23: sha: expected ..., got
 * '...'".
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/chparse_int.h"
#include "parse/csvread.h"

#define DEPLOYCSV_RECORD_MAX	(64u * 1024)	/* bytes of a record */
#define DEPLOYCSV_ROWS_MAX	10000000ul
#define DEPLOY_SHA_MIN		7
#define DEPLOY_SHA_MAX		64

enum dl_field {
	DF_TIME,
	DF_ENVIRONMENT,
	DF_SHA,
	DF_ACTOR,
	DF_RESULT,
	DF_URL,
	DF_REPOSITORY,
	DF_ID,
	DF_REF,
	DF__MAX
};

static const char *const df_names[DF__MAX] = {
	"time", "environment", "sha", "actor", "result", "url", "repository",
	"id", "ref",
};

static bool
required(int k)
{
	return k == DF_TIME || k == DF_ENVIRONMENT || k == DF_SHA ||
	    k == DF_ACTOR || k == DF_RESULT;
}

/* One record's values, as read (NULL when empty), and what is derived. */
struct dl_row {
	const char	*v[DF__MAX];
	char		 sha[DEPLOY_SHA_MAX + 1];
	char		 id[24];
};

static const char *const results[] = {
	"success", "failure", "error", "cancelled", "skipped",
};

/* The result s normalised, or NULL. */
static const char *
result_of(const char *s)
{
	size_t i;

	if (strcasecmp(s, "canceled") == 0)
		return "cancelled";
	for (i = 0; i < ASSURE_ARRAY_LEN(results); i++)
		if (strcasecmp(s, results[i]) == 0)
			return results[i];
	return NULL;
}

/* "owner/name", "group/sub/project": segments, no blanks. */
static bool
is_repo(const char *s)
{
	size_t i, seg = 0, n = 0;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f)
			return false;
		if (c == '/') {
			if (seg == 0)
				return false;
			seg = 0;
			n++;
		} else
			seg++;
	}
	return n > 0 && seg > 0;
}

/*
 * Check and normalise w (record number rowno, 1-based) into x.  Returns
 * DF__MAX, or the field at fault with "expected ..., got ..." in msg.
 */
static int
dl_normalise(const struct chg_parser *p, struct dl_row *w,
    unsigned long rowno, struct chg_deployment *x, char *msg, size_t size)
{
	const char *s;
	char q[64];
	size_t i, n;

	x->system = "log";
	x->production = TRI_ABSENT;
	s = w->v[DF_TIME];
	if (s == NULL || id_time_text(s, strlen(s), false, &x->created,
	    NULL) != 0 || !x->created.has) {
		id_quote(s, q, sizeof(q));
		snprintf(msg, size, "expected an RFC 3339 time or a date "
		    "YYYY-MM-DD, got '%s'", q);
		return DF_TIME;
	}
	x->environment = w->v[DF_ENVIRONMENT];
	if (x->environment == NULL) {
		snprintf(msg, size, "expected the environment deployed to, "
		    "got ''");
		return DF_ENVIRONMENT;
	}
	s = w->v[DF_SHA];
	n = s != NULL ? strlen(s) : 0;
	i = 0;
	if (n >= DEPLOY_SHA_MIN && n <= DEPLOY_SHA_MAX)
		for (; i < n && isxdigit((unsigned char)s[i]); i++)
			w->sha[i] = (char)tolower((unsigned char)s[i]);
	if (n < DEPLOY_SHA_MIN || n > DEPLOY_SHA_MAX || i != n) {
		id_quote(s, q, sizeof(q));
		snprintf(msg, size, "expected a commit sha of %d to %d hex "
		    "digits, got '%s'", DEPLOY_SHA_MIN, DEPLOY_SHA_MAX, q);
		return DF_SHA;
	}
	w->sha[n] = '\0';
	x->sha = w->sha;
	x->actor = w->v[DF_ACTOR];
	if (x->actor == NULL) {
		snprintf(msg, size, "expected who deployed, got ''");
		return DF_ACTOR;
	}
	s = w->v[DF_RESULT];
	x->result = s != NULL ? result_of(s) : NULL;
	if (x->result == NULL) {
		id_quote(s, q, sizeof(q));
		snprintf(msg, size, "expected success, failure, error, "
		    "cancelled or skipped, got '%s'", q);
		return DF_RESULT;
	}
	x->url = w->v[DF_URL];
	x->ref = w->v[DF_REF];
	if (p->o->repo != NULL)
		x->repo = p->o->repo;
	else if (w->v[DF_REPOSITORY] != NULL) {
		if (!is_repo(w->v[DF_REPOSITORY])) {
			id_quote(w->v[DF_REPOSITORY], q, sizeof(q));
			snprintf(msg, size, "expected owner/name, got '%s'",
			    q);
			return DF_REPOSITORY;
		}
		x->repo = w->v[DF_REPOSITORY];
	}
	if (w->v[DF_ID] != NULL)
		x->deployment_id = w->v[DF_ID];
	else {
		snprintf(w->id, sizeof(w->id), "%lu", rowno);
		x->deployment_id = w->id;
	}
	return DF__MAX;
}

/* ------------------------------------------------------------------ */
/* deployments-csv */

struct deploycsv {
	struct csvread	*cr;
	bool		 have_header;
	size_t		 ncols;
	int		 col_of[DF__MAX];	/* -1 when absent */
	unsigned long	 rows;
};

static enum assure_err
csv_header(struct chg_parser *p, struct assure_diag *d)
{
	struct deploycsv *c = p->csv;
	struct csvread *cr = c->cr;
	const char *name;
	size_t i, nf = csvread_nfields(cr);
	int k;

	c->ncols = nf;
	for (i = 0; i < nf; i++) {
		name = csvread_field(cr, i);
		for (k = 0; k < DF__MAX; k++)
			if (strcasecmp(name, df_names[k]) == 0)
				break;
		if (k == DF__MAX)
			continue;
		if (c->col_of[k] >= 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one %s column, got a second "
			    "one '%.40s'", df_names[k], name);
		c->col_of[k] = (int)i;
	}
	for (k = 0; k < DF__MAX; k++)
		if (c->col_of[k] < 0 && required(k))
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_record_line(cr), 1, "header", "expected a "
			    "column %s, got none", df_names[k]);
	c->have_header = true;
	return ASSURE_OK;
}

static enum assure_err
csv_row(struct chg_parser *p, struct assure_diag *d)
{
	struct deploycsv *c = p->csv;
	struct csvread *cr = c->cr;
	struct chg_deployment x;
	struct dl_row w;
	char msg[ASSURE_DIAG_MSG_MAX];
	const char *s;
	size_t i, nf = csvread_nfields(cr);
	int k;
	enum assure_err rc;

	if (nf != c->ncols)
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_record_line(cr), 1, "row", "expected %zu fields "
		    "as in the header, got %zu", c->ncols, nf);
	if (c->rows >= DEPLOYCSV_ROWS_MAX)
		return csvread_error(cr, d, ASSURE_ERR_LIMIT,
		    csvread_record_line(cr), 1, "row", "more than %lu rows",
		    DEPLOYCSV_ROWS_MAX);
	memset(&w, 0, sizeof(w));
	for (k = 0; k < DF__MAX; k++) {
		if (c->col_of[k] < 0)
			continue;
		i = (size_t)c->col_of[k];
		s = csvread_field(cr, i);
		if (strlen(s) > CHG_VALUE_MAX)
			return csvread_error(cr, d, ASSURE_ERR_LIMIT,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    df_names[k], "expected at most %d bytes, got %zu",
			    CHG_VALUE_MAX, strlen(s));
		w.v[k] = *s != '\0' ? s : NULL;
	}
	memset(&x, 0, sizeof(x));
	x.line = csvread_record_line(cr);
	x.index = c->rows;
	k = dl_normalise(p, &w, c->rows + 1, &x, msg, sizeof(msg));
	if (k != DF__MAX) {
		i = (size_t)c->col_of[k];
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_field_line(cr, i), csvread_field_col(cr, i),
		    df_names[k], "%s", msg);
	}
	rc = chg_emit_deployment(p, &x, d);
	if (rc != ASSURE_OK)
		return rc;
	c->rows++;
	return ASSURE_OK;
}

/* csvread's callback: the first record is the header. */
static enum assure_err
csv_record(struct csvread *cr, void *arg, struct assure_diag *d)
{
	struct chg_parser *p = arg;

	if (!p->csv->have_header)
		return csv_header(p, d);
	return csv_row(p, d);
}

enum assure_err
deploycsv_new(struct chg_parser *p, struct assure_diag *d)
{
	struct deploycsv *c;
	const char *src = p->o->source != NULL ? p->o->source : "<input>";
	int k;

	c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->cr = csvread_new(src, DEPLOYCSV_RECORD_MAX, csv_record, p);
	if (c == NULL || c->cr == NULL) {
		free(c);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	}
	for (k = 0; k < DF__MAX; k++)
		c->col_of[k] = -1;
	p->csv = c;
	return ASSURE_OK;
}

void
deploycsv_free(struct deploycsv *c)
{
	if (c == NULL)
		return;
	csvread_free(c->cr);
	free(c);
}

enum assure_err
deploycsv_feed(struct chg_parser *p, const unsigned char *data, size_t len,
    struct assure_diag *d)
{
	return csvread_feed(p->csv->cr, data, len, d);
}

enum assure_err
deploycsv_finish(struct chg_parser *p, struct assure_diag *d)
{
	struct deploycsv *c = p->csv;
	enum assure_err rc;

	rc = csvread_finish(c->cr, d);
	if (rc == ASSURE_OK && !c->have_header)
		rc = csvread_error(c->cr, d, ASSURE_ERR_PARSE,
		    csvread_line(c->cr), 1, "header", "expected a header line "
		    "naming the columns, got an empty file");
	return rc;
}

/* ------------------------------------------------------------------ */
/* deployments-json */

static const char *
type_name(enum jtype t)
{
	switch (t) {
	case JT_NULL: return "null";
	case JT_BOOL: return "a boolean";
	case JT_NUMBER: return "a number";
	case JT_STRING: return "a string";
	case JT_MAP: return "an object";
	case JT_ARRAY: return "an array";
	}
	return "?";
}

/* The value of key k: a string (id: or a number), NULL when absent. */
static enum assure_err
json_val(struct jstream *js, const struct jrec *r, int k,
    const char **ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, df_names[k]);
	char q[64];

	*ret = NULL;
	if (f == NULL) {
		if (!required(k))
			return ASSURE_OK;
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(js), r->line, r->col, df_names[k],
		    "expected the key %s in this record, got none",
		    df_names[k]);
	}
	if (f->type == JT_NUMBER && k != DF_ID) {
		id_quote(f->val, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a string, got the number %s", q);
	}
	if (f->type != JT_NULL && f->type != JT_STRING &&
	    f->type != JT_NUMBER)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a string, got %s", type_name(f->type));
	return id_json_opt(js, r, df_names[k], ret, d);
}

static enum assure_err
json_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct chg_parser *p = arg;
	struct chg_deployment x;
	struct dl_row w;
	const struct jfield *f;
	char msg[ASSURE_DIAG_MSG_MAX];
	int k;
	enum assure_err rc;

	memset(&w, 0, sizeof(w));
	for (k = 0; k < DF__MAX; k++) {
		rc = json_val(js, r, k, &w.v[k], d);
		if (rc != ASSURE_OK)
			return rc;
	}
	memset(&x, 0, sizeof(x));
	x.line = r->line;
	x.index = r->index;
	k = dl_normalise(p, &w, r->index + 1, &x, msg, sizeof(msg));
	if (k != DF__MAX) {
		f = jrec_get(r, df_names[k]);
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(js), f != NULL ? f->line : r->line,
		    f != NULL ? f->col : r->col, df_names[k], "%s", msg);
	}
	return chg_emit_deployment(p, &x, d);
}

/* The document: an array of objects, or {"deployments": [objects]}. */
static enum assure_err
json_finish(struct chg_parser *p, struct assure_diag *d)
{
	struct jrec env;
	const struct jfield *root, *f;
	const char *prefix;
	size_t i, n;

	jstream_envelope(p->js, &env);
	env.line = 1;
	env.col = 1;
	root = jrec_get(&env, "");
	if (root != NULL && root->type == JT_MAP) {
		f = jrec_get(&env, "deployments");
		if (f == NULL || f->type != JT_ARRAY)
			return assure_diag_set(d, ASSURE_ERR_PARSE,
			    jstream_source(p->js), f != NULL ? f->line : 1,
			    f != NULL ? f->col : 1, "deployments", "expected "
			    "an array of deployments, got %s", f != NULL ?
			    type_name(f->type) : "none");
		prefix = "deployments.";
	} else if (root != NULL && root->type == JT_ARRAY)
		prefix = "";
	else
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, NULL, "expected an array of "
		    "deployments or {\"deployments\": [...]}, got %s",
		    root != NULL ? type_name(root->type) : "nothing");
	n = strlen(prefix);
	for (i = 0; i < env.n; i++) {
		f = &env.f[i];
		if (f->path[0] == '\0' || strncmp(f->path, prefix, n) != 0 ||
		    !isdigit((unsigned char)f->path[n]))
			continue;
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), f->line, f->col, "record",
		    "expected a deployment object, got %s",
		    type_name(f->type));
	}
	return ASSURE_OK;
}

static const char *const json_patterns[] = { "[]", "deployments[]", NULL };

const struct chg_json_vendor chg_vendor_deployments_json = {
	.patterns = json_patterns,
	.record = json_record,
	.finish = json_finish,
};
