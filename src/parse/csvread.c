/*
 * csvread.c: the streaming RFC 4180 CSV reader (see csvread.h).
 *
 * A byte-at-a-time state machine: the current record's fields are kept,
 * NUL-terminated one after the other, in one bounded buffer, with the
 * offset and position of each; a line break outside quotes hands the
 * record to the callback and empties the buffer.  Lines and columns are
 * counted here, so that how the input is split never changes a position.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parse/csvread.h"

enum cstate {
	CS_START,	/* at the start of a field */
	CS_PLAIN,
	CS_QUOTED,
	CS_QQ,		/* a quote inside a quoted field */
	CS_CR,
};

struct cfield {
	size_t		off;
	unsigned long	line;
	unsigned long	col;
};

struct csvread {
	char			 source[ASSURE_DIAG_SOURCE_MAX];
	csvread_rec_fn		 fn;
	void			*arg;
	size_t			 record_max;
	enum cstate		 st;
	unsigned		 bom;	/* BOM bytes seen; 3 when done */
	struct assure_buf	 rec;
	struct cfield		 f[CSVREAD_FIELDS_MAX];
	size_t			 nf;
	unsigned long		 line;	/* of the current byte */
	unsigned long		 col;
	unsigned long		 rec_line;
	enum assure_err		 err;
	struct assure_diag	 diag;
};

struct csvread *
csvread_new(const char *source, size_t record_max, csvread_rec_fn fn,
    void *arg)
{
	struct csvread *cr;

	cr = calloc(1, sizeof(*cr));
	if (cr == NULL)
		return NULL;
	assure_strlcpy(cr->source, source != NULL ? source : "<input>",
	    sizeof(cr->source));
	cr->fn = fn;
	cr->arg = arg;
	cr->record_max = record_max;
	/* Each field is kept with a NUL in place of its comma or line
	 * break, so a record of record_max bytes, its line break included,
	 * fills record_max bytes; + 1 for the buffer's own NUL. */
	assure_buf_init(&cr->rec, record_max + 1);
	cr->line = 1;
	cr->rec_line = 1;
	assure_diag_clear(&cr->diag);
	return cr;
}

void
csvread_free(struct csvread *cr)
{
	if (cr == NULL)
		return;
	assure_buf_free(&cr->rec);
	free(cr);
}

enum assure_err
csvread_error(struct csvread *cr, struct assure_diag *d, enum assure_err rc,
    unsigned long line, unsigned long col, const char *field,
    const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cr->err = assure_diag_set(&cr->diag, rc, cr->source, line, col, field,
	    "%s", msg);
	if (d != NULL)
		*d = cr->diag;
	return cr->err;
}

/* ------------------------------------------------------------------ */
/* The current record */

size_t
csvread_nfields(const struct csvread *cr)
{
	return cr->nf;
}

char *
csvread_field(struct csvread *cr, size_t i)
{
	char *s = cr->rec.data + cr->f[i].off;
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

unsigned long
csvread_field_line(const struct csvread *cr, size_t i)
{
	return cr->f[i].line;
}

unsigned long
csvread_field_col(const struct csvread *cr, size_t i)
{
	return cr->f[i].col;
}

unsigned long
csvread_record_line(const struct csvread *cr)
{
	return cr->rec_line;
}

unsigned long
csvread_line(const struct csvread *cr)
{
	return cr->line;
}

const char *
csvread_source(const struct csvread *cr)
{
	return cr->source;
}

/* ------------------------------------------------------------------ */
/* Tokenizing */

static enum assure_err
too_long(struct csvread *cr)
{
	if (assure_buf_err(&cr->rec) == ASSURE_ERR_NOMEM)
		return csvread_error(cr, NULL, ASSURE_ERR_NOMEM, cr->rec_line,
		    1, "row", "out of memory");
	return csvread_error(cr, NULL, ASSURE_ERR_LIMIT, cr->rec_line, 1,
	    "row", "expected a record of at most %zu bytes", cr->record_max);
}

static enum assure_err
end_field(struct csvread *cr)
{
	assure_buf_addc(&cr->rec, '\0');
	if (assure_buf_err(&cr->rec) != ASSURE_OK)
		return too_long(cr);
	return ASSURE_OK;
}

/* A new field starts at the current byte. */
static enum assure_err
start_field(struct csvread *cr)
{
	if (cr->nf >= CSVREAD_FIELDS_MAX)
		return csvread_error(cr, NULL, ASSURE_ERR_LIMIT, cr->line,
		    cr->col, "row", "expected at most %d fields",
		    CSVREAD_FIELDS_MAX);
	if (cr->nf == 0)
		cr->rec_line = cr->line;
	cr->f[cr->nf].off = cr->rec.len;
	cr->f[cr->nf].line = cr->line;
	cr->f[cr->nf].col = cr->col;
	cr->nf++;
	return ASSURE_OK;
}

static enum assure_err
end_record(struct csvread *cr)
{
	struct assure_diag d;
	enum assure_err rc = ASSURE_OK;

	if (cr->nf == 1 && cr->rec.data[cr->f[0].off] == '\0')
		;	/* a blank line */
	else {
		assure_diag_clear(&d);
		rc = cr->fn(cr, cr->arg, &d);
		if (rc != ASSURE_OK && cr->err == ASSURE_OK) {
			cr->err = rc;
			cr->diag = d;
		}
	}
	assure_buf_reset(&cr->rec);
	cr->nf = 0;
	return rc;
}

static enum assure_err
byte(struct csvread *cr, unsigned char ch)
{
	enum assure_err rc = ASSURE_OK;

	if (ch == '\0')
		return csvread_error(cr, NULL, ASSURE_ERR_PARSE, cr->line,
		    cr->col, NULL, "expected text, got a NUL byte");
	switch (cr->st) {
	case CS_CR:
		if (ch != '\n')
			return csvread_error(cr, NULL, ASSURE_ERR_PARSE,
			    cr->line, cr->col - 1, NULL, "expected a line feed "
			    "after a carriage return, got a bare CR");
		cr->st = CS_START;
		return end_record(cr);
	case CS_START:
		rc = start_field(cr);
		if (rc != ASSURE_OK)
			return rc;
		if (ch == '"') {
			cr->st = CS_QUOTED;
			return ASSURE_OK;
		}
		cr->st = CS_PLAIN;
		/* FALLTHROUGH */
	case CS_PLAIN:
		if (ch == ',' || ch == '\n' || ch == '\r') {
			rc = end_field(cr);
			if (rc != ASSURE_OK)
				return rc;
			cr->st = ch == '\r' ? CS_CR : CS_START;
			return ch == '\n' ? end_record(cr) : ASSURE_OK;
		}
		if (ch == '"')
			return csvread_error(cr, NULL, ASSURE_ERR_PARSE,
			    cr->line, cr->col, NULL, "expected a quote only "
			    "around a whole field, got one inside");
		assure_buf_addc(&cr->rec, (char)ch);
		break;
	case CS_QUOTED:
		if (ch == '"') {
			cr->st = CS_QQ;
			return ASSURE_OK;
		}
		assure_buf_addc(&cr->rec, (char)ch);
		break;
	case CS_QQ:
		if (ch == '"') {
			cr->st = CS_QUOTED;
			assure_buf_addc(&cr->rec, '"');
			break;
		}
		if (ch != ',' && ch != '\n' && ch != '\r')
			return csvread_error(cr, NULL, ASSURE_ERR_PARSE,
			    cr->line, cr->col, NULL, "expected a comma or the "
			    "end of the line after a closing quote, got '%c'",
			    isprint(ch) ? ch : '?');
		rc = end_field(cr);
		if (rc != ASSURE_OK)
			return rc;
		cr->st = ch == '\r' ? CS_CR : CS_START;
		return ch == '\n' ? end_record(cr) : ASSURE_OK;
	}
	if (assure_buf_err(&cr->rec) != ASSURE_OK)
		return too_long(cr);
	return ASSURE_OK;
}

static enum assure_err
sticky(struct csvread *cr, struct assure_diag *d)
{
	if (cr->err != ASSURE_OK && d != NULL)
		*d = cr->diag;
	return cr->err;
}

enum assure_err
csvread_feed(struct csvread *cr, const unsigned char *data, size_t len,
    struct assure_diag *d)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	size_t i;

	for (i = 0; i < len && cr->err == ASSURE_OK; i++) {
		if (cr->bom < 3) {
			if (data[i] == bom[cr->bom]) {
				cr->bom++;
				continue;
			}
			if (cr->bom > 0) {
				csvread_error(cr, NULL, ASSURE_ERR_PARSE, 1, 1,
				    NULL, "expected UTF-8 text, got a broken "
				    "byte order mark");
				break;
			}
			cr->bom = 3;
		}
		cr->col++;
		if (byte(cr, data[i]) != ASSURE_OK)
			break;
		if (data[i] == '\n') {
			cr->line++;
			cr->col = 0;
		}
	}
	return sticky(cr, d);
}

enum assure_err
csvread_finish(struct csvread *cr, struct assure_diag *d)
{
	if (cr->err == ASSURE_OK) {
		if (cr->st == CS_QUOTED)
			csvread_error(cr, NULL, ASSURE_ERR_PARSE, cr->rec_line,
			    1, NULL, "expected a closing quote, got the end of "
			    "the input");
		else if (cr->st == CS_CR)
			csvread_error(cr, NULL, ASSURE_ERR_PARSE, cr->line,
			    cr->col, NULL, "expected a line feed after a "
			    "carriage return, got the end of the input");
		else if (cr->st == CS_START && cr->nf > 0) {
			/* "a,b," at the end: the empty last field */
			cr->col++;
			if (start_field(cr) == ASSURE_OK &&
			    end_field(cr) == ASSURE_OK)
				end_record(cr);
		} else if (cr->st != CS_START) {
			if (end_field(cr) == ASSURE_OK)
				end_record(cr);
		}
		cr->st = CS_START;
	}
	return sticky(cr, d);
}
