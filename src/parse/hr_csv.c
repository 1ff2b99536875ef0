/*
 * hr_csv.c: the hr-csv kind: a generic HR roster as CSV.
 *
 * The header names the columns, in any order and any case: employee_id,
 * email, name, status, hire_date, termination_date, department, title,
 * manager_email.  `--map FROM=FIELD` says that the column headed FROM
 * (any case) is FIELD.  email, status and termination_date must be
 * present; every other column is kept, by its header, in extra (a JSON
 * object of strings).  Each data row becomes one person: email must
 * hold '@'; status is lower-cased and must not be empty; dates are
 * YYYY-MM-DD (midnight UTC, and for termination_date the
 * termination_date_only flag: the end of that day in the organisation's
 * time zone is the tests' business) or RFC 3339; empty, "0000-00-00" and
 * "N/A" are absence.  Values are trimmed of blanks.
 *
 * CSV is RFC 4180, read by csvread.c: quoted fields may hold commas,
 * quotes ("") and line breaks; records end in LF or CRLF; a UTF-8 byte
 * order mark is skipped; blank lines are skipped; NUL bytes and a bare CR
 * are errors.  Memory is one record (HRCSV_RECORD_MAX).  Diagnostics name
 * the line and the 1-based byte column where the field starts and the
 * header of the column: "roster.csv:4:23: hire_date: expected ..., got
 * '...'".
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/jsonw.h"
#include "parse/csvread.h"
#include "parse/idparse_int.h"

#define HRCSV_RECORD_MAX	(64u * 1024)	/* bytes in one record */
#define HRCSV_FIELDS_MAX	CSVREAD_FIELDS_MAX	/* columns */
#define HRCSV_ROWS_MAX		10000000ul
#define HRCSV_EXTRA_MAX		(64u * 1024)

enum hr_field {
	HF_EMPLOYEE_ID,
	HF_EMAIL,
	HF_NAME,
	HF_STATUS,
	HF_HIRE_DATE,
	HF_TERMINATION_DATE,
	HF_DEPARTMENT,
	HF_TITLE,
	HF_MANAGER_EMAIL,
	HF__MAX
};

static const char *const hf_names[HF__MAX] = {
	"employee_id", "email", "name", "status", "hire_date",
	"termination_date", "department", "title", "manager_email",
};

struct hrcsv {
	struct csvread		*cr;
	bool			 have_header;
	size_t			 ncols;
	int			 col_of[HF__MAX];	/* -1 when absent */
	char			*headers[HRCSV_FIELDS_MAX];
	bool			 is_known[HRCSV_FIELDS_MAX];
	unsigned long		 rows;
	struct assure_buf	 extra;
};

static int
find_field(const char *name)
{
	int i;

	for (i = 0; i < HF__MAX; i++)
		if (strcasecmp(name, hf_names[i]) == 0)
			return i;
	return -1;
}

static enum assure_err hr_record(struct csvread *cr, void *arg,
    struct assure_diag *d);

enum assure_err
hrcsv_new(struct id_parser *p, struct assure_diag *d)
{
	struct hrcsv *c;
	size_t i;
	const char *src = p->o->source != NULL ? p->o->source : "<input>";

	for (i = 0; i < p->o->nmaps; i++)
		if (find_field(p->o->maps[i].to) < 0 ||
		    p->o->maps[i].from[0] == '\0')
			return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0,
			    "--map", "expected HEADER=FIELD with FIELD one of "
			    "employee_id, email, name, status, hire_date, "
			    "termination_date, department, title, "
			    "manager_email, got '%s=%s'", p->o->maps[i].from,
			    p->o->maps[i].to);
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	c->cr = csvread_new(src, HRCSV_RECORD_MAX, hr_record, p);
	if (c->cr == NULL) {
		free(c);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	}
	assure_buf_init(&c->extra, HRCSV_EXTRA_MAX);
	for (i = 0; i < HF__MAX; i++)
		c->col_of[i] = -1;
	p->csv = c;
	return ASSURE_OK;
}

void
hrcsv_free(struct hrcsv *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ncols; i++)
		free(c->headers[i]);
	csvread_free(c->cr);
	assure_buf_free(&c->extra);
	free(c);
}

static enum assure_err
header(struct id_parser *p, struct assure_diag *d)
{
	struct hrcsv *c = p->csv;
	struct csvread *cr = c->cr;
	const char *name, *as;
	size_t i, m, nf = csvread_nfields(cr);
	int k;

	c->ncols = nf;
	for (i = 0; i < nf; i++) {
		name = csvread_field(cr, i);
		as = name;
		for (m = 0; m < p->o->nmaps; m++)
			if (strcasecmp(p->o->maps[m].from, name) == 0)
				as = p->o->maps[m].to;
		c->headers[i] = strdup(name);
		if (c->headers[i] == NULL) {
			c->ncols = i;
			return csvread_error(cr, d, ASSURE_ERR_NOMEM,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "out of memory");
		}
		k = find_field(as);
		if (k < 0)
			continue;
		if (c->col_of[k] >= 0)
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_field_line(cr, i), csvread_field_col(cr, i),
			    "header", "expected one %s column, got a second "
			    "one '%.40s'", hf_names[k], name);
		c->col_of[k] = (int)i;
		c->is_known[i] = true;
	}
	for (k = 0; k < HF__MAX; k++)
		if (c->col_of[k] < 0 && (k == HF_EMAIL || k == HF_STATUS ||
		    k == HF_TERMINATION_DATE))
			return csvread_error(cr, d, ASSURE_ERR_PARSE,
			    csvread_record_line(cr), 1, "header", "expected a "
			    "column %s (or --map HEADER=%s), got none",
			    hf_names[k], hf_names[k]);
	c->have_header = true;
	return ASSURE_OK;
}

static const char *
val(struct hrcsv *c, enum hr_field k)
{
	const char *s;

	if (c->col_of[k] < 0)
		return NULL;
	s = csvread_field(c->cr, (size_t)c->col_of[k]);
	return *s == '\0' ? NULL : s;
}

/* A located error about column k of the current row. */
static enum assure_err
col_error(struct hrcsv *c, struct assure_diag *d, enum hr_field k,
    const char *msg, const char *got)
{
	size_t i = (size_t)c->col_of[k];

	return csvread_error(c->cr, d, ASSURE_ERR_PARSE,
	    csvread_field_line(c->cr, i), csvread_field_col(c->cr, i),
	    c->headers[i], "%s, got '%s'", msg, got);
}

static enum assure_err
date(struct id_parser *p, enum hr_field k, struct opt_time *ret,
    bool *ret_date_only, struct assure_diag *d)
{
	struct hrcsv *c = p->csv;
	const char *s = val(c, k);
	char q[64];

	ret->has = false;
	if (ret_date_only != NULL)
		*ret_date_only = false;
	if (s == NULL)
		return ASSURE_OK;
	if (id_time_text(s, strlen(s), false, ret, ret_date_only) == 0)
		return ASSURE_OK;
	id_quote(s, q, sizeof(q));
	return col_error(c, d, k, "expected a date YYYY-MM-DD or an RFC 3339 "
	    "time", q);
}

static enum assure_err
row(struct id_parser *p, struct assure_diag *d)
{
	struct hrcsv *c = p->csv;
	struct csvread *cr = c->cr;
	struct id_person x;
	char *st, q[48];
	size_t i, nf = csvread_nfields(cr);
	bool any = false, date_only;
	enum assure_err rc;

	if (nf != c->ncols)
		return csvread_error(cr, d, ASSURE_ERR_PARSE,
		    csvread_record_line(cr), 1, "row", "expected %zu fields "
		    "as in the header, got %zu", c->ncols, nf);
	if (c->rows >= HRCSV_ROWS_MAX)
		return csvread_error(cr, d, ASSURE_ERR_LIMIT,
		    csvread_record_line(cr), 1, "row", "more than %lu rows",
		    HRCSV_ROWS_MAX);
	memset(&x, 0, sizeof(x));
	x.line = csvread_record_line(cr);
	x.index = c->rows;
	x.employee_id = val(c, HF_EMPLOYEE_ID);
	x.email = val(c, HF_EMAIL);
	x.name = val(c, HF_NAME);
	x.department = val(c, HF_DEPARTMENT);
	x.title = val(c, HF_TITLE);
	x.manager_email = val(c, HF_MANAGER_EMAIL);
	if (x.email == NULL || strchr(x.email, '@') == NULL) {
		snprintf(q, sizeof(q), "%.40s", x.email != NULL ? x.email :
		    "");
		return col_error(c, d, HF_EMAIL, "expected an email address",
		    q);
	}
	st = (char *)val(c, HF_STATUS);
	if (st == NULL)
		return col_error(c, d, HF_STATUS, "expected a status such as "
		    "active or terminated", "");
	for (i = 0; st[i] != '\0'; i++)
		st[i] = (char)tolower((unsigned char)st[i]);
	x.status = st;
	rc = date(p, HF_HIRE_DATE, &x.hire_date, NULL, d);
	if (rc == ASSURE_OK)
		rc = date(p, HF_TERMINATION_DATE, &x.termination, &date_only,
		    d);
	if (rc != ASSURE_OK)
		return rc;
	x.termination_date_only = x.termination.has && date_only;
	assure_buf_reset(&c->extra);
	assure_buf_addc(&c->extra, '{');
	for (i = 0; i < nf; i++) {
		const char *v;

		if (c->is_known[i])
			continue;
		v = csvread_field(cr, i);
		assure_buf_adds(&c->extra, any ? ",\"" : "\"");
		jsonw_escape(&c->extra, c->headers[i], strlen(c->headers[i]));
		assure_buf_adds(&c->extra, "\":\"");
		jsonw_escape(&c->extra, v, strlen(v));
		assure_buf_addc(&c->extra, '"');
		any = true;
	}
	assure_buf_addc(&c->extra, '}');
	if (assure_buf_err(&c->extra) == ASSURE_ERR_NOMEM)
		return csvread_error(cr, d, ASSURE_ERR_NOMEM,
		    csvread_record_line(cr), 1, "row", "out of memory");
	if (assure_buf_err(&c->extra) != ASSURE_OK)
		return csvread_error(cr, d, ASSURE_ERR_LIMIT,
		    csvread_record_line(cr), 1, "row", "expected other "
		    "columns of at most %u bytes", HRCSV_EXTRA_MAX);
	if (any)
		x.extra_json = assure_buf_str(&c->extra);
	rc = id_emit_person(p, &x, d);
	if (rc != ASSURE_OK)
		return rc;
	c->rows++;
	return ASSURE_OK;
}

/* csvread's callback: the first record is the header. */
static enum assure_err
hr_record(struct csvread *cr, void *arg, struct assure_diag *d)
{
	struct id_parser *p = arg;

	if (!p->csv->have_header)
		return header(p, d);
	return row(p, d);
}

enum assure_err
hrcsv_feed(struct id_parser *p, const unsigned char *data, size_t len,
    struct assure_diag *d)
{
	return csvread_feed(p->csv->cr, data, len, d);
}

enum assure_err
hrcsv_finish(struct id_parser *p, struct assure_diag *d)
{
	struct hrcsv *c = p->csv;
	enum assure_err rc;

	rc = csvread_finish(c->cr, d);
	if (rc == ASSURE_OK && !c->have_header)
		rc = csvread_error(c->cr, d, ASSURE_ERR_PARSE,
		    csvread_line(c->cr), 1, "header", "expected a header line "
		    "naming the columns, got an empty file");
	return rc;
}
