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
 * CSV is RFC 4180: quoted fields may hold commas, quotes ("") and line
 * breaks; records end in LF or CRLF; a UTF-8 byte order mark is skipped;
 * blank lines are skipped; NUL bytes and a bare CR are errors.  Memory is
 * one record (HRCSV_RECORD_MAX).  Diagnostics name the line and the
 * 1-based byte column where the field starts and the header of the
 * column: "roster.csv:4:23: hire_date: expected ..., got '...'".
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/jsonw.h"
#include "parse/idparse_int.h"

#define HRCSV_RECORD_MAX	(64u * 1024)	/* bytes in one record */
#define HRCSV_FIELDS_MAX	256		/* columns */
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

enum cstate {
	CS_START,	/* at the start of a field */
	CS_PLAIN,
	CS_QUOTED,
	CS_QQ,		/* a quote inside a quoted field */
	CS_CR,
};

struct hfield {
	size_t		off;
	unsigned long	line;
	unsigned long	col;
};

struct hrcsv {
	enum cstate		 st;
	unsigned		 bom;	/* bytes of the BOM seen; 3 when done */
	struct assure_buf	 rec;
	struct hfield		 f[HRCSV_FIELDS_MAX];
	size_t			 nf;
	unsigned long		 line;	/* of the current byte */
	unsigned long		 col;
	unsigned long		 rec_line;
	bool			 have_header;
	size_t			 ncols;
	int			 col_of[HF__MAX];	/* -1 when absent */
	char			*headers[HRCSV_FIELDS_MAX];
	bool			 is_known[HRCSV_FIELDS_MAX];
	unsigned long		 rows;
	struct assure_buf	 extra;
	enum assure_err		 err;
	struct assure_diag	 diag;
};

static enum assure_err
cerr(struct id_parser *p, enum assure_err rc, unsigned long line,
    unsigned long col, const char *field, const char *fmt, ...)
    ASSURE_PRINTF(6, 7);

static enum assure_err
cerr(struct id_parser *p, enum assure_err rc, unsigned long line,
    unsigned long col, const char *field, const char *fmt, ...)
{
	struct hrcsv *c = p->csv;
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->err = assure_diag_set(&c->diag, rc, p->o->source != NULL ?
	    p->o->source : "<input>", line, col, field, "%s", msg);
	return c->err;
}

static int
find_field(const char *name)
{
	int i;

	for (i = 0; i < HF__MAX; i++)
		if (strcasecmp(name, hf_names[i]) == 0)
			return i;
	return -1;
}

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
	assure_buf_init(&c->rec, HRCSV_RECORD_MAX);
	assure_buf_init(&c->extra, HRCSV_EXTRA_MAX);
	c->line = 1;
	c->rec_line = 1;
	for (i = 0; i < HF__MAX; i++)
		c->col_of[i] = -1;
	assure_diag_clear(&c->diag);
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
	assure_buf_free(&c->rec);
	assure_buf_free(&c->extra);
	free(c);
}

/* Field i of the current record, trimmed, NUL-terminated in place. */
static char *
field(struct hrcsv *c, size_t i)
{
	char *s = c->rec.data + c->f[i].off;
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static enum assure_err
header(struct id_parser *p)
{
	struct hrcsv *c = p->csv;
	const char *name, *as;
	size_t i, m;
	int k;

	c->ncols = c->nf;
	for (i = 0; i < c->nf; i++) {
		name = field(c, i);
		as = name;
		for (m = 0; m < p->o->nmaps; m++)
			if (strcasecmp(p->o->maps[m].from, name) == 0)
				as = p->o->maps[m].to;
		c->headers[i] = strdup(name);
		if (c->headers[i] == NULL) {
			c->ncols = i;
			return cerr(p, ASSURE_ERR_NOMEM, c->f[i].line,
			    c->f[i].col, "header", "out of memory");
		}
		k = find_field(as);
		if (k < 0)
			continue;
		if (c->col_of[k] >= 0)
			return cerr(p, ASSURE_ERR_PARSE, c->f[i].line,
			    c->f[i].col, "header", "expected one %s column, "
			    "got a second one '%.40s'", hf_names[k], name);
		c->col_of[k] = (int)i;
		c->is_known[i] = true;
	}
	for (k = 0; k < HF__MAX; k++)
		if (c->col_of[k] < 0 && (k == HF_EMAIL || k == HF_STATUS ||
		    k == HF_TERMINATION_DATE))
			return cerr(p, ASSURE_ERR_PARSE, c->rec_line, 1,
			    "header", "expected a column %s (or --map "
			    "HEADER=%s), got none", hf_names[k], hf_names[k]);
	c->have_header = true;
	return ASSURE_OK;
}

static const char *
val(struct hrcsv *c, enum hr_field k)
{
	const char *s;

	if (c->col_of[k] < 0)
		return NULL;
	s = field(c, (size_t)c->col_of[k]);
	return *s == '\0' ? NULL : s;
}

static enum assure_err
date(struct id_parser *p, enum hr_field k, struct opt_time *ret,
    bool *ret_date_only)
{
	struct hrcsv *c = p->csv;
	const char *s = val(c, k);
	char q[64];
	size_t i;

	ret->has = false;
	if (ret_date_only != NULL)
		*ret_date_only = false;
	if (s == NULL)
		return ASSURE_OK;
	if (id_time_text(s, strlen(s), false, ret, ret_date_only) == 0)
		return ASSURE_OK;
	i = (size_t)c->col_of[k];
	id_quote(s, q, sizeof(q));
	return cerr(p, ASSURE_ERR_PARSE, c->f[i].line, c->f[i].col,
	    c->headers[i], "expected a date YYYY-MM-DD or an RFC 3339 time, "
	    "got '%s'", q);
}

static enum assure_err
row(struct id_parser *p)
{
	struct hrcsv *c = p->csv;
	struct id_person x;
	struct assure_diag d;
	char *st;
	size_t i;
	bool any = false, date_only;
	enum assure_err rc;

	if (c->nf != c->ncols)
		return cerr(p, ASSURE_ERR_PARSE, c->rec_line, 1, "row",
		    "expected %zu fields as in the header, got %zu", c->ncols,
		    c->nf);
	if (c->rows >= HRCSV_ROWS_MAX)
		return cerr(p, ASSURE_ERR_LIMIT, c->rec_line, 1, "row",
		    "more than %lu rows", HRCSV_ROWS_MAX);
	memset(&x, 0, sizeof(x));
	x.line = c->rec_line;
	x.index = c->rows;
	x.employee_id = val(c, HF_EMPLOYEE_ID);
	x.email = val(c, HF_EMAIL);
	x.name = val(c, HF_NAME);
	x.department = val(c, HF_DEPARTMENT);
	x.title = val(c, HF_TITLE);
	x.manager_email = val(c, HF_MANAGER_EMAIL);
	if (x.email == NULL || strchr(x.email, '@') == NULL) {
		i = (size_t)c->col_of[HF_EMAIL];
		return cerr(p, ASSURE_ERR_PARSE, c->f[i].line, c->f[i].col,
		    c->headers[i], "expected an email address, got '%.40s'",
		    x.email != NULL ? x.email : "");
	}
	st = (char *)val(c, HF_STATUS);
	if (st == NULL) {
		i = (size_t)c->col_of[HF_STATUS];
		return cerr(p, ASSURE_ERR_PARSE, c->f[i].line, c->f[i].col,
		    c->headers[i], "expected a status such as active or "
		    "terminated, got ''");
	}
	for (i = 0; st[i] != '\0'; i++)
		st[i] = (char)tolower((unsigned char)st[i]);
	x.status = st;
	rc = date(p, HF_HIRE_DATE, &x.hire_date, NULL);
	if (rc == ASSURE_OK)
		rc = date(p, HF_TERMINATION_DATE, &x.termination, &date_only);
	if (rc != ASSURE_OK)
		return rc;
	x.termination_date_only = x.termination.has && date_only;
	assure_buf_reset(&c->extra);
	assure_buf_addc(&c->extra, '{');
	for (i = 0; i < c->nf; i++) {
		const char *v;

		if (c->is_known[i])
			continue;
		v = field(c, i);
		assure_buf_adds(&c->extra, any ? ",\"" : "\"");
		jsonw_escape(&c->extra, c->headers[i], strlen(c->headers[i]));
		assure_buf_adds(&c->extra, "\":\"");
		jsonw_escape(&c->extra, v, strlen(v));
		assure_buf_addc(&c->extra, '"');
		any = true;
	}
	assure_buf_addc(&c->extra, '}');
	if (assure_buf_err(&c->extra) != ASSURE_OK)
		return cerr(p, ASSURE_ERR_LIMIT, c->rec_line, 1, "row",
		    "expected other columns of at most %u bytes",
		    HRCSV_EXTRA_MAX);
	if (any)
		x.extra_json = assure_buf_str(&c->extra);
	assure_diag_clear(&d);
	rc = id_emit_person(p, &x, &d);
	if (rc != ASSURE_OK) {
		c->err = rc;
		c->diag = d;
		return rc;
	}
	c->rows++;
	return ASSURE_OK;
}

static enum assure_err
end_field(struct id_parser *p)
{
	struct hrcsv *c = p->csv;

	assure_buf_addc(&c->rec, '\0');
	if (assure_buf_err(&c->rec) != ASSURE_OK)
		return cerr(p, ASSURE_ERR_LIMIT, c->rec_line, 1, "row",
		    "expected a record of at most %u bytes",
		    HRCSV_RECORD_MAX);
	return ASSURE_OK;
}

/* A new field starts at the current byte. */
static enum assure_err
start_field(struct id_parser *p)
{
	struct hrcsv *c = p->csv;

	if (c->nf >= HRCSV_FIELDS_MAX)
		return cerr(p, ASSURE_ERR_LIMIT, c->line, c->col, "row",
		    "expected at most %d fields", HRCSV_FIELDS_MAX);
	if (c->nf == 0)
		c->rec_line = c->line;
	c->f[c->nf].off = c->rec.len;
	c->f[c->nf].line = c->line;
	c->f[c->nf].col = c->col;
	c->nf++;
	return ASSURE_OK;
}

static enum assure_err
end_record(struct id_parser *p)
{
	struct hrcsv *c = p->csv;
	enum assure_err rc = ASSURE_OK;

	if (c->nf == 1 && c->rec.data[c->f[0].off] == '\0')
		;	/* a blank line */
	else if (!c->have_header)
		rc = header(p);
	else
		rc = row(p);
	assure_buf_reset(&c->rec);
	c->nf = 0;
	return rc;
}

static enum assure_err
byte(struct id_parser *p, unsigned char ch)
{
	struct hrcsv *c = p->csv;
	enum assure_err rc = ASSURE_OK;

	if (ch == '\0')
		return cerr(p, ASSURE_ERR_PARSE, c->line, c->col, NULL,
		    "expected text, got a NUL byte");
	switch (c->st) {
	case CS_CR:
		if (ch != '\n')
			return cerr(p, ASSURE_ERR_PARSE, c->line, c->col - 1,
			    NULL, "expected a line feed after a carriage "
			    "return, got a bare CR");
		c->st = CS_START;
		return end_record(p);
	case CS_START:
		rc = start_field(p);
		if (rc != ASSURE_OK)
			return rc;
		if (ch == '"') {
			c->st = CS_QUOTED;
			return ASSURE_OK;
		}
		c->st = CS_PLAIN;
		/* FALLTHROUGH */
	case CS_PLAIN:
		if (ch == ',' || ch == '\n' || ch == '\r') {
			rc = end_field(p);
			if (rc != ASSURE_OK)
				return rc;
			c->st = ch == ',' ? CS_START : ch == '\r' ? CS_CR :
			    CS_START;
			return ch == '\n' ? end_record(p) : ASSURE_OK;
		}
		if (ch == '"')
			return cerr(p, ASSURE_ERR_PARSE, c->line, c->col, NULL,
			    "expected a quote only around a whole field, got "
			    "one inside");
		assure_buf_addc(&c->rec, (char)ch);
		break;
	case CS_QUOTED:
		if (ch == '"') {
			c->st = CS_QQ;
			return ASSURE_OK;
		}
		assure_buf_addc(&c->rec, (char)ch);
		break;
	case CS_QQ:
		if (ch == '"') {
			c->st = CS_QUOTED;
			assure_buf_addc(&c->rec, '"');
			break;
		}
		if (ch != ',' && ch != '\n' && ch != '\r')
			return cerr(p, ASSURE_ERR_PARSE, c->line, c->col, NULL,
			    "expected a comma or the end of the line after a "
			    "closing quote, got '%c'", isprint(ch) ? ch : '?');
		rc = end_field(p);
		if (rc != ASSURE_OK)
			return rc;
		c->st = ch == '\r' ? CS_CR : CS_START;
		return ch == '\n' ? end_record(p) : ASSURE_OK;
	}
	if (assure_buf_err(&c->rec) != ASSURE_OK)
		return cerr(p, ASSURE_ERR_LIMIT, c->rec_line, 1, "row",
		    "expected a record of at most %u bytes",
		    HRCSV_RECORD_MAX);
	return ASSURE_OK;
}

enum assure_err
hrcsv_feed(struct id_parser *p, const unsigned char *data, size_t len,
    struct assure_diag *d)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	struct hrcsv *c = p->csv;
	size_t i;
	enum assure_err rc;

	for (i = 0; i < len && c->err == ASSURE_OK; i++) {
		if (c->bom < 3) {
			if (data[i] == bom[c->bom]) {
				c->bom++;
				continue;
			}
			if (c->bom > 0) {
				cerr(p, ASSURE_ERR_PARSE, 1, 1, NULL,
				    "expected UTF-8 text, got a broken byte "
				    "order mark");
				break;
			}
			c->bom = 3;
		}
		c->col++;
		rc = byte(p, data[i]);
		if (rc != ASSURE_OK)
			break;
		if (data[i] == '\n') {
			c->line++;
			c->col = 0;
		}
	}
	if (c->err != ASSURE_OK && d != NULL)
		*d = c->diag;
	return c->err;
}

enum assure_err
hrcsv_finish(struct id_parser *p, struct assure_diag *d)
{
	struct hrcsv *c = p->csv;

	if (c->err == ASSURE_OK) {
		if (c->st == CS_QUOTED)
			cerr(p, ASSURE_ERR_PARSE, c->rec_line, 1, NULL,
			    "expected a closing quote, got the end of the "
			    "input");
		else if (c->st == CS_CR)
			cerr(p, ASSURE_ERR_PARSE, c->line, c->col, NULL,
			    "expected a line feed after a carriage return, "
			    "got the end of the input");
		else if (c->st != CS_START || c->nf > 0) {
			if (end_field(p) == ASSURE_OK)
				end_record(p);
		}
		if (c->err == ASSURE_OK && !c->have_header)
			cerr(p, ASSURE_ERR_PARSE, c->line, 1, "header",
			    "expected a header line naming the columns, got "
			    "an empty file");
		c->st = CS_START;
	}
	if (c->err != ASSURE_OK && d != NULL)
		*d = c->diag;
	return c->err;
}
