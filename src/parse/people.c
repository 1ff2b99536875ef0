/*
 * people.c: the training-completions and background-checks kinds, CSV
 * files with a header naming the columns in any order and any case
 * (values trimmed of blanks; other columns ignored; each known column at
 * most once).
 *
 * training-completions, one completed course per row:
 *
 *   person        required: the person's e-mail (holds '@'); joined to
 *                 the HR roster lower-cased
 *   course        required: the course's name
 *   completed_at  required: RFC 3339, or a date (midnight UTC)
 *   score         optional: a number
 *   passed        optional: yes, no, true or false (any case)
 *
 * background-checks, one check per row:
 *
 *   person        required: the person's e-mail
 *   completed_at  required: RFC 3339, or a date
 *   result        required: clear, consider, adverse or pending (any
 *                 case, lower-cased)
 *   provider      optional: who ran the check
 *   type          optional: e.g. criminal, employment, education
 *
 * policy-acknowledgements, one acknowledgement of a policy per row (an
 * export of the HR or e-signature system):
 *
 *   person           required: the person's e-mail
 *   policy           required: the policy's id as in policies/ (letters,
 *                    digits, '.', '_', '-')
 *   version          required: the version acknowledged, as the policy's
 *                    front matter gives it
 *   acknowledged_at  required: RFC 3339, or a date
 *
 * An empty value is absence; for a required field it is an error.  CSV is
 * RFC 4180, read by csvread.c; memory is one record (PEOPLE_RECORD_MAX).
 * Diagnostics name the place and the field: "training.csv:3:9:
 * completed_at: expected an RFC 3339 time or a date YYYY-MM-DD, got
 * 'soon'".
 */
#include "common/compat.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "parse/csvread.h"
#include "parse/people.h"

#define PEOPLE_RECORD_MAX	(64u * 1024)
#define PEOPLE_ROWS_MAX		10000000ul
#define PEOPLE_COLS		5

struct people_def {
	const char	*name;
	const char	*cols[PEOPLE_COLS];
	unsigned	 required;	/* bit per column */
};

/* Column indices of each format. */
enum { TC_PERSON, TC_COURSE, TC_COMPLETED, TC_SCORE, TC_PASSED };
enum { BC_PERSON, BC_COMPLETED, BC_RESULT, BC_PROVIDER, BC_TYPE };
enum { PA_PERSON, PA_POLICY, PA_VERSION, PA_AT };

static const struct people_def defs[PEOPLE_FMT__MAX] = {
	[PEOPLE_FMT_TRAINING] = { "training-completions",
	    { "person", "course", "completed_at", "score", "passed" },
	    1u << TC_PERSON | 1u << TC_COURSE | 1u << TC_COMPLETED },
	[PEOPLE_FMT_BACKGROUND] = { "background-checks",
	    { "person", "completed_at", "result", "provider", "type" },
	    1u << BC_PERSON | 1u << BC_COMPLETED | 1u << BC_RESULT },
	[PEOPLE_FMT_ACK] = { "policy-acknowledgements",
	    { "person", "policy", "version", "acknowledged_at" },
	    1u << PA_PERSON | 1u << PA_POLICY | 1u << PA_VERSION | 1u << PA_AT },
};

struct people_parser {
	enum people_format	 fmt;
	const struct people_def	*def;
	struct people_sink	 sink;
	struct csvread		*cr;
	bool			 have_header;
	size_t			 ncols;
	int			 col_of[PEOPLE_COLS];	/* -1: absent */
	unsigned long		 rows;
	char			 norm[PEOPLE_VALUE_MAX + 1];
};

static const char *const check_results[] = {
	"clear", "consider", "adverse", "pending",
};

/* Quote at most 40 bytes of s (NULL: empty) for a diagnostic. */
static void
quote(const char *s, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; s != NULL && s[i] != '\0' && i < 40 && o + 5 < size;
	    i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\'')
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	if (s != NULL && s[i] != '\0' && o + 4 < size)
		o += (size_t)snprintf(out + o, size - o, "...");
	out[o] = '\0';
}

static bool
is_email(const char *s)
{
	const char *at = strchr(s, '@');
	size_t i;

	if (at == NULL || at == s || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

static bool
is_number(const char *s)
{
	char *end;
	double v;

	v = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(v);
}

static enum assure_err
col_error(struct people_parser *p, struct assure_diag *d, int k,
    const char *fmt, const char *val)
{
	struct csvread *cr = p->cr;
	size_t i = (size_t)p->col_of[k];
	char q[256];

	quote(val, q, sizeof(q));
	return csvread_error(cr, d, ASSURE_ERR_PARSE,
	    csvread_field_line(cr, i), csvread_field_col(cr, i),
	    p->def->cols[k], "expected %s, got '%s'", fmt, q);
}

static enum assure_err
header(struct people_parser *p, struct assure_diag *d)
{
	struct csvread *cr = p->cr;
	const char *name;
	size_t i, nf = csvread_nfields(cr);
	int k;

	p->ncols = nf;
	for (i = 0; i < nf; i++) {
		name = csvread_field(cr, i);
		for (k = 0; k < PEOPLE_COLS; k++)
			if (p->def->cols[k] != NULL &&
			    strcasecmp(name, p->def->cols[k]) == 0)
				break;
		if (k == PEOPLE_COLS)
			continue;
		if (p->col_of[k] >= 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one %s column, got a second "
			    "one '%.40s'", p->def->cols[k], name);
		p->col_of[k] = (int)i;
	}
	for (k = 0; k < PEOPLE_COLS; k++)
		if (p->col_of[k] < 0 && (p->def->required & 1u << k))
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_record_line(cr), 1, "header", "expected a "
			    "column %s, got none", p->def->cols[k]);
	p->have_header = true;
	return ASSURE_OK;
}

/* The lower-cased e-mail of column k into p->norm. */
static enum assure_err
person(struct people_parser *p, const char *const *v, int k,
    struct assure_diag *d)
{
	size_t i;

	if (v[k] == NULL || !is_email(v[k]))
		return col_error(p, d, k, "the person's e-mail address",
		    v[k]);
	for (i = 0; v[k][i] != '\0'; i++)
		p->norm[i] = (char)tolower((unsigned char)v[k][i]);
	p->norm[i] = '\0';
	return ASSURE_OK;
}

static enum assure_err
when(struct people_parser *p, const char *const *v, int k,
    struct opt_time *ret, struct assure_diag *d)
{
	int64_t t;

	if (v[k] == NULL || assure_time_parse(v[k], strlen(v[k]), &t) != 0)
		return col_error(p, d, k, "an RFC 3339 time or a date "
		    "YYYY-MM-DD", v[k]);
	ret->has = true;
	ret->t = t;
	return ASSURE_OK;
}

static enum assure_err
training_row(struct people_parser *p, const char *const *v,
    struct assure_diag *d)
{
	struct people_training x;
	const char *s;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.line = csvread_record_line(p->cr);
	x.index = p->rows;
	if ((rc = person(p, v, TC_PERSON, d)) != ASSURE_OK)
		return rc;
	x.person = v[TC_PERSON];
	x.person_norm = p->norm;
	x.course = v[TC_COURSE];
	if (x.course == NULL)
		return col_error(p, d, TC_COURSE, "the course's name", NULL);
	if ((rc = when(p, v, TC_COMPLETED, &x.completed, d)) != ASSURE_OK)
		return rc;
	x.score = v[TC_SCORE];
	if (x.score != NULL && !is_number(x.score))
		return col_error(p, d, TC_SCORE, "a number", x.score);
	s = v[TC_PASSED];
	if (s == NULL)
		x.passed = TRI_ABSENT;
	else if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0)
		x.passed = TRI_TRUE;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0)
		x.passed = TRI_FALSE;
	else
		return col_error(p, d, TC_PASSED, "yes, no, true or false", s);
	return p->sink.training(&x, p->sink.arg, d);
}

static enum assure_err
check_row(struct people_parser *p, char *const *v, struct assure_diag *d)
{
	struct people_check x;
	size_t i;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.line = csvread_record_line(p->cr);
	x.index = p->rows;
	if ((rc = person(p, (const char *const *)v, BC_PERSON, d)) !=
	    ASSURE_OK)
		return rc;
	x.person = v[BC_PERSON];
	x.person_norm = p->norm;
	if ((rc = when(p, (const char *const *)v, BC_COMPLETED, &x.completed,
	    d)) != ASSURE_OK)
		return rc;
	for (i = 0; v[BC_RESULT] != NULL &&
	    i < ASSURE_ARRAY_LEN(check_results); i++)
		if (strcasecmp(v[BC_RESULT], check_results[i]) == 0)
			x.result = check_results[i];
	if (x.result == NULL)
		return col_error(p, d, BC_RESULT, "clear, consider, adverse "
		    "or pending", v[BC_RESULT]);
	x.provider = v[BC_PROVIDER];
	x.type = v[BC_TYPE];
	return p->sink.check(&x, p->sink.arg, d);
}

/* A policy id: what policies.h accepts. */
static bool
is_policy_id(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return false;
	return i > 0 && i <= PEOPLE_POLICY_ID_MAX;
}

static enum assure_err
ack_row(struct people_parser *p, const char *const *v, struct assure_diag *d)
{
	struct people_ack x;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	x.line = csvread_record_line(p->cr);
	x.index = p->rows;
	if ((rc = person(p, v, PA_PERSON, d)) != ASSURE_OK)
		return rc;
	x.person = v[PA_PERSON];
	x.person_norm = p->norm;
	if (v[PA_POLICY] == NULL || !is_policy_id(v[PA_POLICY]))
		return col_error(p, d, PA_POLICY, "a policy id (letters, "
		    "digits, '.', '_', '-')", v[PA_POLICY]);
	x.policy = v[PA_POLICY];
	if (v[PA_VERSION] == NULL || strlen(v[PA_VERSION]) > PEOPLE_VERSION_MAX ||
	    strchr(v[PA_VERSION], '\n') != NULL)
		return col_error(p, d, PA_VERSION, "the policy version "
		    "acknowledged (one line, at most 32 bytes)", v[PA_VERSION]);
	x.version = v[PA_VERSION];
	if ((rc = when(p, v, PA_AT, &x.acknowledged, d)) != ASSURE_OK)
		return rc;
	return p->sink.ack(&x, p->sink.arg, d);
}

static enum assure_err
row(struct people_parser *p, struct assure_diag *d)
{
	struct csvread *cr = p->cr;
	char *v[PEOPLE_COLS];
	char *s;
	size_t i, nf = csvread_nfields(cr);
	int k;
	enum assure_err rc;

	if (nf != p->ncols)
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_record_line(cr), 1, "row", "expected %zu fields "
		    "as in the header, got %zu", p->ncols, nf);
	if (p->rows >= PEOPLE_ROWS_MAX)
		return csvread_error(cr, d, ASSURE_ERR_LIMIT,
		    csvread_record_line(cr), 1, "row", "more than %lu rows",
		    PEOPLE_ROWS_MAX);
	for (k = 0; k < PEOPLE_COLS; k++) {
		v[k] = NULL;
		if (p->col_of[k] < 0)
			continue;
		i = (size_t)p->col_of[k];
		s = csvread_field(cr, i);
		if (strlen(s) > PEOPLE_VALUE_MAX)
			return csvread_error(cr, d, ASSURE_ERR_LIMIT,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    p->def->cols[k], "expected at most %d bytes, got "
			    "%zu", PEOPLE_VALUE_MAX, strlen(s));
		v[k] = *s != '\0' ? s : NULL;
	}
	if (p->fmt == PEOPLE_FMT_TRAINING)
		rc = training_row(p, (const char *const *)v, d);
	else if (p->fmt == PEOPLE_FMT_ACK)
		rc = ack_row(p, (const char *const *)v, d);
	else
		rc = check_row(p, v, d);
	if (rc != ASSURE_OK)
		return rc;
	p->rows++;
	return ASSURE_OK;
}

static enum assure_err
record(struct csvread *cr, void *arg, struct assure_diag *d)
{
	struct people_parser *p = arg;

	(void)cr;
	if (!p->have_header)
		return header(p, d);
	return row(p, d);
}

enum assure_err
people_parser_new(enum people_format fmt, const struct people_opts *o,
    const struct people_sink *sink, struct people_parser **ret,
    struct assure_diag *d)
{
	struct people_parser *p;
	const char *src = o != NULL && o->source != NULL ? o->source :
	    "<input>";
	int k;

	*ret = NULL;
	if ((unsigned)fmt >= PEOPLE_FMT__MAX || sink == NULL ||
	    (fmt == PEOPLE_FMT_TRAINING && sink->training == NULL) ||
	    (fmt == PEOPLE_FMT_BACKGROUND && sink->check == NULL) ||
	    (fmt == PEOPLE_FMT_ACK && sink->ack == NULL))
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, NULL,
		    "no such people format, or no sink for it");
	p = calloc(1, sizeof(*p));
	if (p != NULL)
		p->cr = csvread_new(src, PEOPLE_RECORD_MAX, record, p);
	if (p == NULL || p->cr == NULL) {
		free(p);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	}
	p->fmt = fmt;
	p->def = &defs[fmt];
	p->sink = *sink;
	for (k = 0; k < PEOPLE_COLS; k++)
		p->col_of[k] = -1;
	*ret = p;
	return ASSURE_OK;
}

void
people_parser_free(struct people_parser *p)
{
	if (p == NULL)
		return;
	csvread_free(p->cr);
	free(p);
}

enum assure_err
people_parser_feed(struct people_parser *p, const void *data, size_t len,
    struct assure_diag *d)
{
	return csvread_feed(p->cr, data, len, d);
}

enum assure_err
people_parser_finish(struct people_parser *p, struct assure_diag *d)
{
	enum assure_err rc;

	rc = csvread_finish(p->cr, d);
	if (rc == ASSURE_OK && !p->have_header)
		rc = csvread_error(p->cr, d, ASSURE_ERR_PARSE,
		    csvread_line(p->cr), 1, "header", "expected a header line "
		    "naming the columns, got an empty file");
	return rc;
}

unsigned long
people_parser_records(const struct people_parser *p)
{
	return p->rows;
}

enum people_format
people_format_find(const char *name)
{
	int f;

	for (f = 0; f < PEOPLE_FMT__MAX; f++)
		if (strcmp(defs[f].name, name) == 0)
			return (enum people_format)f;
	return PEOPLE_FMT__MAX;
}

const char *
people_format_name(enum people_format fmt)
{
	if ((unsigned)fmt >= PEOPLE_FMT__MAX)
		return "?";
	return defs[fmt].name;
}
