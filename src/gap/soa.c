/*
 * soa.c: the Statement of Applicability CSV reader (see soa.h).
 *
 * A small RFC 4180 cursor reads one record at a time into a scratch
 * buffer, remembering the line and column where each field starts so that
 * every error can point at it.  The header row decides which column is
 * which; each data row is then checked against the catalogue and stored in
 * the entry of its Annex A control.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "gap/soa.h"
#include "scope/scope.h"

static const char *const status_names[SOA_STATUS__MAX] = {
	[SOA_IMPLEMENTED] = "implemented",
	[SOA_PARTIAL] = "partial",
	[SOA_PLANNED] = "planned",
	[SOA_NOT_IMPLEMENTED] = "not_implemented",
	[SOA_NOT_APPLICABLE] = "not_applicable",
	[SOA_NOT_LISTED] = "not_listed",
};

const char *
soa_status_name(enum soa_status s)
{
	return (unsigned)s < SOA_STATUS__MAX ? status_names[s] : "unknown";
}

/* The columns the reader knows, and the header names of each. */
enum soa_col {
	COL_ID,
	COL_APPLICABLE,
	COL_STATUS,
	COL_JUSTIFICATION,
	COL__MAX
};

static const char *const col_names[COL__MAX] = {
	[COL_ID] = "control id",
	[COL_APPLICABLE] = "applicable",
	[COL_STATUS] = "status",
	[COL_JUSTIFICATION] = "justification",
};

/*
 * Aliases, already normalised (lower case, single spaces), best first:
 * when two columns name the same thing, the better alias wins ("Control
 * ID" over "Control", which many SoAs use for the control's title); two
 * columns with the same alias are an error.
 */
static const struct {
	enum soa_col	 col;
	const char	*name;
} col_aliases[] = {
	{ COL_ID, "control id" },
	{ COL_ID, "annex a control id" },
	{ COL_ID, "id" },
	{ COL_ID, "ref" },
	{ COL_ID, "reference" },
	{ COL_ID, "control ref" },
	{ COL_ID, "control reference" },
	{ COL_ID, "annex a control" },
	{ COL_ID, "annex a" },
	{ COL_ID, "control" },
	{ COL_APPLICABLE, "applicable" },
	{ COL_APPLICABLE, "applicability" },
	{ COL_APPLICABLE, "applies" },
	{ COL_STATUS, "implementation status" },
	{ COL_STATUS, "status" },
	{ COL_STATUS, "implementation" },
	{ COL_STATUS, "implemented" },
	{ COL_JUSTIFICATION, "justification" },
	{ COL_JUSTIFICATION, "justification for inclusion or exclusion" },
	{ COL_JUSTIFICATION, "justification for inclusion/exclusion" },
	{ COL_JUSTIFICATION, "justification for exclusion" },
	{ COL_JUSTIFICATION, "reason" },
	{ COL_JUSTIFICATION, "rationale" },
};

/* ---------------------------------------------------------------- reader */

struct csvr {
	const char		*source;
	const char		*p;
	const char		*end;
	const char		*line_start;
	unsigned long		 line;
	struct assure_diag	*diag;
	/* the current record */
	struct assure_buf	 rec;
	size_t			 nf;
	size_t			 off[SOA_COLS_MAX];
	unsigned long		 fline[SOA_COLS_MAX];
	unsigned long		 fcol[SOA_COLS_MAX];
	unsigned long		 rline;
};

static enum assure_err ASSURE_PRINTF(5, 6)
csv_err(struct csvr *r, unsigned long line, unsigned long col,
    const char *field, const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return assure_diag_set(r->diag, ASSURE_ERR_PARSE, r->source, line, col,
	    field, "%s", msg);
}

/* The text of field i of the current record, or "" when absent. */
static const char *
csv_field(const struct csvr *r, size_t i)
{
	return i < r->nf ? assure_buf_str(&r->rec) + r->off[i] : "";
}

/*
 * Read one record.  Returns ASSURE_OK with r->nf fields, or
 * ASSURE_ERR_NOTFOUND at the end of the input.
 */
static enum assure_err
csv_record(struct csvr *r)
{
	unsigned long fline, fcol;
	size_t start;
	char c;

	if (r->p >= r->end)
		return ASSURE_ERR_NOTFOUND;
	assure_buf_reset(&r->rec);
	r->nf = 0;
	r->rline = r->line;
	for (;;) {
		fline = r->line;
		fcol = (unsigned long)(r->p - r->line_start) + 1;
		if (r->nf == SOA_COLS_MAX)
			return csv_err(r, fline, fcol, NULL, "more than %d "
			    "columns", SOA_COLS_MAX);
		start = r->rec.len;
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				if (r->p >= r->end)
					return csv_err(r, fline, fcol, NULL,
					    "quoted field is not closed");
				c = *r->p;
				if (c == '"') {
					if (r->p + 1 < r->end &&
					    r->p[1] == '"') {
						assure_buf_addc(&r->rec, '"');
						r->p += 2;
						continue;
					}
					r->p++;
					break;
				}
				if (c == '\0')
					return csv_err(r, r->line,
					    (unsigned long)(r->p -
					    r->line_start) + 1, NULL,
					    "NUL byte");
				if (c == '\n') {
					r->line++;
					r->line_start = r->p + 1;
				}
				assure_buf_addc(&r->rec, c);
				r->p++;
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			    *r->p != '\r')
				return csv_err(r, r->line,
				    (unsigned long)(r->p - r->line_start) + 1,
				    NULL, "unexpected character after a "
				    "closing quote");
		} else {
			while (r->p < r->end && *r->p != ',' &&
			    *r->p != '\n' && *r->p != '\r') {
				if (*r->p == '"')
					return csv_err(r, r->line,
					    (unsigned long)(r->p -
					    r->line_start) + 1, NULL,
					    "quote inside an unquoted field "
					    "(quote the whole field)");
				if (*r->p == '\0')
					return csv_err(r, r->line,
					    (unsigned long)(r->p -
					    r->line_start) + 1, NULL,
					    "NUL byte");
				assure_buf_addc(&r->rec, *r->p);
				r->p++;
			}
		}
		if (r->rec.len - start > SOA_FIELD_MAX)
			return csv_err(r, fline, fcol, NULL, "field longer "
			    "than %d bytes", SOA_FIELD_MAX);
		assure_buf_addc(&r->rec, '\0');
		if (assure_buf_err(&r->rec) != ASSURE_OK)
			return assure_diag_set(r->diag,
			    assure_buf_err(&r->rec), r->source, fline, fcol,
			    NULL, "cannot hold the record");
		r->off[r->nf] = start;
		r->fline[r->nf] = fline;
		r->fcol[r->nf] = fcol;
		r->nf++;
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r') {
			if (r->p + 1 >= r->end || r->p[1] != '\n')
				return csv_err(r, r->line,
				    (unsigned long)(r->p - r->line_start) + 1,
				    NULL, "carriage return not followed by a "
				    "line feed");
			r->p++;
		}
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		r->line_start = r->p;
		return ASSURE_OK;
	}
}

/* ---------------------------------------------------------------- values */

/* Copy s without surrounding white space into out (size bytes). */
static void
trim(const char *s, char *out, size_t size)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * Lower-case s, turn ' ', '_' and '-' into sep, and squeeze repeats, into
 * out.
 */
static void
normalise(const char *s, char sep, char *out, size_t size)
{
	char t[SOA_FIELD_MAX + 1];
	size_t i, o = 0;

	trim(s, t, sizeof(t));
	for (i = 0; t[i] != '\0' && o + 1 < size; i++) {
		if (t[i] == ' ' || t[i] == '_' || t[i] == '-') {
			if (o > 0 && out[o - 1] != sep)
				out[o++] = sep;
			continue;
		}
		out[o++] = (char)tolower((unsigned char)t[i]);
	}
	while (o > 0 && out[o - 1] == sep)
		o--;
	out[o] = '\0';
}

static int
parse_status(const char *s, enum soa_status *ret)
{
	char n[64];

	normalise(s, '_', n, sizeof(n));
	if (strcmp(n, "implemented") == 0 ||
	    strcmp(n, "fully_implemented") == 0)
		*ret = SOA_IMPLEMENTED;
	else if (strcmp(n, "partial") == 0 ||
	    strcmp(n, "partially_implemented") == 0)
		*ret = SOA_PARTIAL;
	else if (strcmp(n, "planned") == 0)
		*ret = SOA_PLANNED;
	else if (strcmp(n, "not_implemented") == 0)
		*ret = SOA_NOT_IMPLEMENTED;
	else
		return -1;
	return 0;
}

static int
parse_bool(const char *s, bool *ret)
{
	char n[16];

	trim(s, n, sizeof(n));
	if (strcasecmp(n, "yes") == 0 || strcasecmp(n, "y") == 0 ||
	    strcasecmp(n, "true") == 0)
		*ret = true;
	else if (strcasecmp(n, "no") == 0 || strcasecmp(n, "n") == 0 ||
	    strcasecmp(n, "false") == 0)
		*ret = false;
	else
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- parse */

void
soa_release(struct soa *soa)
{
	size_t i;

	if (soa->entries != NULL)
		for (i = 0; i < soa->n; i++)
			free(soa->entries[i].justification);
	free(soa->entries);
	free(soa->source);
	memset(soa, 0, sizeof(*soa));
}

const struct soa_entry *
soa_entry(const struct soa *soa, const struct assure_iso_control *iso)
{
	size_t i = (size_t)(iso - soa->cat->iso);

	if (i >= soa->n)
		assure_bug("soa_entry: control %s is not in the catalogue",
		    iso->id);
	return &soa->entries[i];
}

/* Map header fields to columns; cols[c] is the field index or -1. */
static enum assure_err
read_header(struct csvr *r, int cols[COL__MAX])
{
	char n[SOA_FIELD_MAX + 1];
	size_t i, a, rank[COL__MAX];
	int c;

	for (c = 0; c < COL__MAX; c++) {
		cols[c] = -1;
		rank[c] = SIZE_MAX;
	}
	for (i = 0; i < r->nf; i++) {
		normalise(csv_field(r, i), ' ', n, sizeof(n));
		for (a = 0; a < ASSURE_ARRAY_LEN(col_aliases); a++)
			if (strcmp(n, col_aliases[a].name) == 0)
				break;
		if (a == ASSURE_ARRAY_LEN(col_aliases))
			continue;
		c = (int)col_aliases[a].col;
		if (a == rank[c])
			return csv_err(r, r->fline[i], r->fcol[i],
			    col_names[c], "two columns give the %s ('%.40s' "
			    "and '%.40s')", col_names[c],
			    csv_field(r, (size_t)cols[c]), csv_field(r, i));
		if (a < rank[c]) {
			rank[c] = a;
			cols[c] = (int)i;
		}
	}
	for (c = 0; c < COL_JUSTIFICATION; c++)
		if (cols[c] < 0)
			return csv_err(r, r->rline, 1, col_names[c], "the "
			    "header has no %s column (expected e.g. 'Control "
			    "ID,Applicable,Implementation status,"
			    "Justification')", col_names[c]);
	return ASSURE_OK;
}

/* Line and column of column c of the current row, even when absent. */
static void
where(const struct csvr *r, int col, unsigned long *line, unsigned long *pos)
{
	if (col >= 0 && (size_t)col < r->nf) {
		*line = r->fline[col];
		*pos = r->fcol[col];
	} else {
		*line = r->rline;
		*pos = 1;
	}
}

static enum assure_err
read_row(struct csvr *r, const int cols[COL__MAX],
    const struct assure_catalog *cat, struct soa *soa)
{
	const struct assure_iso_control *iso;
	struct soa_entry *e;
	char id[64], val[SOA_FIELD_MAX + 1];
	unsigned long line, pos;
	enum soa_status st = SOA_NOT_APPLICABLE;
	bool applicable;

	where(r, cols[COL_ID], &line, &pos);
	trim(csv_field(r, (size_t)cols[COL_ID]), id, sizeof(id));
	if (id[0] == '\0')
		return csv_err(r, line, pos, col_names[COL_ID], "empty; "
		    "expected an Annex A control such as A.5.15");
	if (assure_catalog_iso_find(cat, id, &iso) != ASSURE_OK)
		return csv_err(r, line, pos, col_names[COL_ID], "unknown "
		    "ISO/IEC 27001:2022 Annex A control '%.40s' (2013 ids "
		    "such as A.9.2.3 are not accepted; see 'assure catalog "
		    "iso27001')", id);
	e = &soa->entries[iso - cat->iso];
	if (e->listed)
		return csv_err(r, line, pos, col_names[COL_ID], "%s is listed "
		    "twice (first at line %lu)", iso->id, e->line);

	where(r, cols[COL_APPLICABLE], &line, &pos);
	if (parse_bool(csv_field(r, (size_t)cols[COL_APPLICABLE]),
	    &applicable) != 0)
		return csv_err(r, line, pos, col_names[COL_APPLICABLE],
		    "expected yes or no, got '%.40s'",
		    csv_field(r, (size_t)cols[COL_APPLICABLE]));

	where(r, cols[COL_STATUS], &line, &pos);
	trim(csv_field(r, (size_t)cols[COL_STATUS]), val, sizeof(val));
	if (val[0] == '\0') {
		if (applicable)
			return csv_err(r, line, pos, col_names[COL_STATUS],
			    "empty; an applicable control needs implemented, "
			    "partial, planned or not_implemented");
	} else if (parse_status(val, &st) != 0)
		return csv_err(r, line, pos, col_names[COL_STATUS], "expected "
		    "implemented, partial, planned or not_implemented, got "
		    "'%.40s'", val);
	if (!applicable)
		st = SOA_NOT_APPLICABLE;

	val[0] = '\0';
	if (cols[COL_JUSTIFICATION] >= 0)
		trim(csv_field(r, (size_t)cols[COL_JUSTIFICATION]), val,
		    sizeof(val));
	if (!applicable && val[0] == '\0') {
		where(r, cols[COL_JUSTIFICATION] >= 0 ?
		    cols[COL_JUSTIFICATION] : cols[COL_APPLICABLE], &line,
		    &pos);
		return csv_err(r, line, pos, col_names[COL_JUSTIFICATION],
		    "%s is not applicable but has no justification (ISO/IEC "
		    "27001 clause 6.1.3 d asks for one)", iso->id);
	}
	if (val[0] != '\0') {
		e->justification = strdup(val);
		if (e->justification == NULL)
			return assure_diag_set(r->diag, ASSURE_ERR_NOMEM,
			    r->source, 0, 0, NULL, "out of memory");
	}
	e->listed = true;
	e->applicable = applicable;
	e->status = st;
	e->line = r->rline;
	soa->nlisted++;
	return ASSURE_OK;
}

/* Whether the current record is one empty field (a blank line). */
static bool
blank_record(const struct csvr *r)
{
	return r->nf == 1 && csv_field(r, 0)[0] == '\0';
}

enum assure_err
soa_parse(const char *text, size_t len, const char *source,
    const struct assure_catalog *cat, struct soa *ret,
    struct assure_diag *reterr_diag)
{
	struct csvr r;
	struct soa soa;
	int cols[COL__MAX];
	size_t i, rows = 0;
	enum assure_err rc;
	bool header = false;

	memset(&soa, 0, sizeof(soa));
	memset(ret, 0, sizeof(*ret));
	if (len > SOA_FILE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, source,
		    0, 0, NULL, "larger than %d bytes", SOA_FILE_MAX);
	soa.cat = cat;
	soa.n = cat->niso;
	soa.source = strdup(source);
	soa.entries = calloc(cat->niso, sizeof(*soa.entries));
	if (soa.source == NULL || soa.entries == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source, 0,
		    0, NULL, "out of memory");
		goto out_soa;
	}
	for (i = 0; i < soa.n; i++) {
		soa.entries[i].iso = &cat->iso[i];
		soa.entries[i].status = SOA_NOT_LISTED;
	}
	memset(&r, 0, sizeof(r));
	r.source = source;
	r.p = text;
	r.end = text + len;
	r.line = 1;
	r.diag = reterr_diag;
	assure_buf_init(&r.rec, (size_t)SOA_COLS_MAX * (SOA_FIELD_MAX + 1) +
	    1);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		r.p += 3;
	r.line_start = r.p;
	for (;;) {
		rc = csv_record(&r);
		if (rc == ASSURE_ERR_NOTFOUND)
			break;
		if (rc != ASSURE_OK)
			goto out_rec;
		if (blank_record(&r))
			continue;
		if (!header) {
			rc = read_header(&r, cols);
			if (rc != ASSURE_OK)
				goto out_rec;
			header = true;
			continue;
		}
		if (++rows > SOA_ROWS_MAX) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
			    source, r.rline, 1, NULL, "more than %d rows",
			    SOA_ROWS_MAX);
			goto out_rec;
		}
		rc = read_row(&r, cols, cat, &soa);
		if (rc != ASSURE_OK)
			goto out_rec;
	}
	if (!header) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source, 1,
		    1, NULL, "empty file: expected a header row such as "
		    "'Control ID,Applicable,Implementation status,"
		    "Justification'");
		goto out_rec;
	}
	assure_buf_free(&r.rec);
	*ret = soa;
	return ASSURE_OK;
out_rec:
	assure_buf_free(&r.rec);
out_soa:
	soa_release(&soa);
	return rc;
}

enum assure_err
soa_load(const char *path, const struct assure_catalog *cat, struct soa *ret,
    struct assure_diag *reterr_diag)
{
	char *text;
	size_t len;
	enum assure_err rc;

	rc = scope_read_file(path, SOA_FILE_MAX, &text, &len, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = soa_parse(text, len, path, cat, ret, reterr_diag);
	free(text);
	return rc;
}
