/*
 * catalog.c: parse, validate and index the built-in reference frameworks
 * (see catalog.h).
 *
 * The five CSV files are trusted (they ship inside the binary) but are
 * still checked in full, because a slip in the data would silently change
 * every scope, gap and report built on it: the loader reads them with a
 * small RFC 4180 reader, copies every field into one string pool, checks
 * each row against the expected framework shape (ids in canonical order,
 * exact counts, categories and themes agreeing with ids), resolves the
 * cross-walk, and builds per-criterion and per-control pair indexes.  The
 * first defect stops the load with a diagnostic naming file and line.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "common/embed.h"

/* Limits of the reader; the shipped files are far below them. */
#define CATALOG_COLS_MAX	8
#define CATALOG_ROWS_MAX	2048
#define CATALOG_FILE_MAX	(1024 * 1024)
#define CATALOG_ID_MAX		64
#define CATALOG_NAME_MAX	32

/* ---------------------------------------------------------------------
 * Names
 */

static const char *const catalog_files[ASSURE_CATALOG_FILE__MAX] = {
	[ASSURE_CATALOG_FILE_TSC] = "catalog/tsc2017.csv",
	[ASSURE_CATALOG_FILE_ISO] = "catalog/iso27001_2022.csv",
	[ASSURE_CATALOG_FILE_DC] = "catalog/dc200.csv",
	[ASSURE_CATALOG_FILE_XWALK] = "catalog/crosswalk.csv",
	[ASSURE_CATALOG_FILE_NOCP] = "catalog/no_counterpart.csv",
};

static const char *const category_names[ASSURE_TSC_CATEGORY__MAX] = {
	[ASSURE_TSC_SECURITY] = "security",
	[ASSURE_TSC_AVAILABILITY] = "availability",
	[ASSURE_TSC_PROCESSING_INTEGRITY] = "processing-integrity",
	[ASSURE_TSC_CONFIDENTIALITY] = "confidentiality",
	[ASSURE_TSC_PRIVACY] = "privacy",
};

static const char *const category_titles[ASSURE_TSC_CATEGORY__MAX] = {
	[ASSURE_TSC_SECURITY] = "Security",
	[ASSURE_TSC_AVAILABILITY] = "Availability",
	[ASSURE_TSC_PROCESSING_INTEGRITY] = "Processing Integrity",
	[ASSURE_TSC_CONFIDENTIALITY] = "Confidentiality",
	[ASSURE_TSC_PRIVACY] = "Privacy",
};

static const char *const theme_names[ASSURE_ISO_THEME__MAX] = {
	[ASSURE_ISO_ORGANISATIONAL] = "organisational",
	[ASSURE_ISO_PEOPLE] = "people",
	[ASSURE_ISO_PHYSICAL] = "physical",
	[ASSURE_ISO_TECHNOLOGICAL] = "technological",
};

static const char *const grade_names[ASSURE_GRADE__MAX] = {
	[ASSURE_GRADE_EQUAL] = "equal",
	[ASSURE_GRADE_SUBSET] = "subset",
	[ASSURE_GRADE_SUPERSET] = "superset",
	[ASSURE_GRADE_INTERSECT] = "intersect",
};

/* The sources a cross-walk pair may name in its basis column. */
static const char *const basis_sources[] = { "cisco", "direct", "scf" };
#define BASIS_REVIEW	"review"

/* ---------------------------------------------------------------------
 * The expected shape of each framework
 */

/* A TSC group: its criteria are <group>.1 .. <group>.<count>. */
struct tsc_group_spec {
	const char			*group;
	enum assure_tsc_category	 category;
	long long			 count;
};

static const struct tsc_group_spec tsc_groups[] = {
	{ "CC1", ASSURE_TSC_SECURITY, 5 },
	{ "CC2", ASSURE_TSC_SECURITY, 3 },
	{ "CC3", ASSURE_TSC_SECURITY, 4 },
	{ "CC4", ASSURE_TSC_SECURITY, 2 },
	{ "CC5", ASSURE_TSC_SECURITY, 3 },
	{ "CC6", ASSURE_TSC_SECURITY, 8 },
	{ "CC7", ASSURE_TSC_SECURITY, 5 },
	{ "CC8", ASSURE_TSC_SECURITY, 1 },
	{ "CC9", ASSURE_TSC_SECURITY, 2 },
	{ "A1", ASSURE_TSC_AVAILABILITY, 3 },
	{ "C1", ASSURE_TSC_CONFIDENTIALITY, 2 },
	{ "PI1", ASSURE_TSC_PROCESSING_INTEGRITY, 5 },
	{ "P1", ASSURE_TSC_PRIVACY, 1 },
	{ "P2", ASSURE_TSC_PRIVACY, 1 },
	{ "P3", ASSURE_TSC_PRIVACY, 2 },
	{ "P4", ASSURE_TSC_PRIVACY, 3 },
	{ "P5", ASSURE_TSC_PRIVACY, 2 },
	{ "P6", ASSURE_TSC_PRIVACY, 7 },
	{ "P7", ASSURE_TSC_PRIVACY, 1 },
	{ "P8", ASSURE_TSC_PRIVACY, 1 },
};

/* Criteria per category, as the TSC 2017 document counts them. */
static const size_t tsc_category_counts[ASSURE_TSC_CATEGORY__MAX] = {
	[ASSURE_TSC_SECURITY] = 33,
	[ASSURE_TSC_AVAILABILITY] = 3,
	[ASSURE_TSC_PROCESSING_INTEGRITY] = 5,
	[ASSURE_TSC_CONFIDENTIALITY] = 2,
	[ASSURE_TSC_PRIVACY] = 18,
};

/* An Annex A theme: its controls are <clause>.1 .. <clause>.<count>. */
struct iso_theme_spec {
	long long		 clause;
	enum assure_iso_theme	 theme;
	long long		 count;
};

static const struct iso_theme_spec iso_themes[] = {
	{ 5, ASSURE_ISO_ORGANISATIONAL, 37 },
	{ 6, ASSURE_ISO_PEOPLE, 8 },
	{ 7, ASSURE_ISO_PHYSICAL, 14 },
	{ 8, ASSURE_ISO_TECHNOLOGICAL, 34 },
};

/* The columns of each file, in order. */
static const char *const tsc_cols[] = {
	"id", "category", "group", "group_name", "summary", NULL
};
static const char *const iso_cols[] = { "id", "theme", "title", NULL };
static const char *const dc_cols[] = { "id", "summary", NULL };
static const char *const xwalk_cols[] = {
	"iso_id", "tsc_id", "grade", "basis", "rationale", NULL
};
static const char *const nocp_cols[] = {
	"tsc_id", "elsewhere", "reason", NULL
};

/* ---------------------------------------------------------------------
 * Diagnostics
 */

/* Fill d with file, line, field and a formatted message; return rc. */
static enum assure_err ASSURE_PRINTF(6, 7)
catalog_err(struct assure_diag *d, enum assure_err rc, const char *file,
    unsigned long line, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return rc;
	assure_diag_clear(d);
	assure_diag_set(d, rc, file, line, 0, field, "%s", "");
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return rc;
}

/* ---------------------------------------------------------------------
 * String pool: every field of every file, NUL-terminated, in one block
 */

struct pool {
	char	*base;
	size_t	 len;
	size_t	 cap;
};

static void
pool_put(struct pool *p, char c)
{
	if (p->len >= p->cap)
		assure_bug("catalog: string pool overflow");
	p->base[p->len++] = c;
}

/* ---------------------------------------------------------------------
 * RFC 4180 reader
 */

struct csv {
	const char	*name;
	const char	*p;
	const char	*end;
	unsigned long	 line;
};

struct csv_row {
	unsigned long	 line;
	size_t		 nf;
	const char	*f[CATALOG_COLS_MAX];
};

static bool
csv_at_sep(const struct csv *c)
{
	return c->p == c->end || *c->p == ',' || *c->p == '\n' ||
	    *c->p == '\r';
}

/*
 * Copy one field into the pool and point *ret at it.  The separator after
 * the field is left unread.
 */
static enum assure_err
csv_field(struct csv *c, struct pool *pool, const char **ret,
    struct assure_diag *d)
{
	char *start = pool->base + pool->len;
	unsigned long line0 = c->line;
	char ch;

	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			if (c->p == c->end)
				return catalog_err(d, ASSURE_ERR_PARSE,
				    c->name, line0, NULL,
				    "quoted field is not closed");
			ch = *c->p++;
			if (ch == '"') {
				if (c->p < c->end && *c->p == '"') {
					c->p++;
					pool_put(pool, '"');
					continue;
				}
				break;
			}
			if (ch == '\0')
				return catalog_err(d, ASSURE_ERR_PARSE,
				    c->name, c->line, NULL, "NUL byte");
			if (ch == '\n')
				c->line++;
			pool_put(pool, ch);
		}
		if (!csv_at_sep(c))
			return catalog_err(d, ASSURE_ERR_PARSE, c->name,
			    c->line, NULL, "text after a closing quote");
	} else {
		while (!csv_at_sep(c)) {
			if (*c->p == '"')
				return catalog_err(d, ASSURE_ERR_PARSE,
				    c->name, c->line, NULL,
				    "quote inside an unquoted field");
			if (*c->p == '\0')
				return catalog_err(d, ASSURE_ERR_PARSE,
				    c->name, c->line, NULL, "NUL byte");
			pool_put(pool, *c->p++);
		}
	}
	pool_put(pool, '\0');
	*ret = start;
	return ASSURE_OK;
}

/* Read one record (LF or CRLF terminated, or ended by the end of input). */
static enum assure_err
csv_row(struct csv *c, struct pool *pool, struct csv_row *row,
    struct assure_diag *d)
{
	enum assure_err rc;

	row->line = c->line;
	row->nf = 0;
	for (;;) {
		if (row->nf == CATALOG_COLS_MAX)
			return catalog_err(d, ASSURE_ERR_LIMIT, c->name,
			    row->line, NULL, "more than %d fields",
			    CATALOG_COLS_MAX);
		rc = csv_field(c, pool, &row->f[row->nf], d);
		if (rc != ASSURE_OK)
			return rc;
		row->nf++;
		if (c->p == c->end)
			break;
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		if (*c->p == '\r') {
			c->p++;
			if (c->p == c->end || *c->p != '\n')
				return catalog_err(d, ASSURE_ERR_PARSE,
				    c->name, c->line, NULL,
				    "carriage return without line feed");
		}
		c->p++;
		c->line++;
		break;
	}
	return ASSURE_OK;
}

/* One parsed file: its data rows (the header is checked and dropped). */
struct table {
	const char	*name;
	struct csv_row	*rows;
	size_t		 nrows;
};

static void
table_free(struct table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

/*
 * Parse src into t, checking the header against cols (NULL-terminated)
 * and that every row has that many fields.
 */
static enum assure_err
table_parse(const struct assure_catalog_text *src, const char *const *cols,
    struct pool *pool, struct table *t, struct assure_diag *d)
{
	struct csv c;
	struct csv_row hdr, *grown;
	size_t ncols, cap = 0, i;
	enum assure_err rc;

	memset(t, 0, sizeof(*t));
	t->name = src->name;
	for (ncols = 0; cols[ncols] != NULL; ncols++)
		continue;
	c.name = src->name;
	c.p = src->data;
	c.end = src->data + src->len;
	c.line = 1;
	if (src->len >= 3 && memcmp(c.p, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	if (c.p == c.end)
		return catalog_err(d, ASSURE_ERR_PARSE, src->name, 1, NULL,
		    "empty file, expected a header line");
	rc = csv_row(&c, pool, &hdr, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; i < ncols || i < hdr.nf; i++) {
		if (i >= hdr.nf || i >= ncols ||
		    strcmp(hdr.f[i], cols[i]) != 0)
			return catalog_err(d, ASSURE_ERR_PARSE, src->name, 1,
			    NULL, "header column %zu is '%s', expected '%s'",
			    i + 1, i < hdr.nf ? hdr.f[i] : "",
			    i < ncols ? cols[i] : "");
	}
	while (c.p < c.end) {
		if (t->nrows == CATALOG_ROWS_MAX) {
			rc = catalog_err(d, ASSURE_ERR_LIMIT, src->name, c.line,
			    NULL, "more than %d rows", CATALOG_ROWS_MAX);
			goto out_free_rows;
		}
		if (t->nrows == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			grown = reallocarray(t->rows, cap, sizeof(*t->rows));
			if (grown == NULL) {
				rc = catalog_err(d, ASSURE_ERR_NOMEM,
				    src->name, c.line, NULL, "out of memory");
				goto out_free_rows;
			}
			t->rows = grown;
		}
		rc = csv_row(&c, pool, &t->rows[t->nrows], d);
		if (rc != ASSURE_OK)
			goto out_free_rows;
		if (t->rows[t->nrows].nf == 1 &&
		    t->rows[t->nrows].f[0][0] == '\0') {
			rc = catalog_err(d, ASSURE_ERR_PARSE, src->name,
			    t->rows[t->nrows].line, NULL, "blank line");
			goto out_free_rows;
		}
		if (t->rows[t->nrows].nf != ncols) {
			rc = catalog_err(d, ASSURE_ERR_PARSE, src->name,
			    t->rows[t->nrows].line, NULL,
			    "%zu fields, expected %zu",
			    t->rows[t->nrows].nf, ncols);
			goto out_free_rows;
		}
		t->nrows++;
	}
	return ASSURE_OK;

out_free_rows:
	table_free(t);
	return rc;
}

/* The line just after the last row, where a missing row would be. */
static unsigned long
table_end_line(const struct table *t)
{
	return t->nrows == 0 ? 2 : t->rows[t->nrows - 1].line + 1;
}

/* ---------------------------------------------------------------------
 * Field checks
 */

/* A one-line, non-empty, trimmed text of bounded length. */
static enum assure_err
check_text(const struct table *t, const struct csv_row *r, size_t col,
    const char *const *cols, struct assure_diag *d)
{
	const char *s = r->f[col];
	size_t n = strlen(s), i;

	if (n == 0)
		return catalog_err(d, ASSURE_ERR_INVAL, t->name, r->line,
		    cols[col], "empty");
	if (n > ASSURE_CATALOG_TEXT_MAX)
		return catalog_err(d, ASSURE_ERR_INVAL, t->name, r->line,
		    cols[col], "%zu bytes, longer than %d", n,
		    ASSURE_CATALOG_TEXT_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, cols[col],
			    "control character (texts are one line)");
	if (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1]))
		return catalog_err(d, ASSURE_ERR_INVAL, t->name, r->line,
		    cols[col], "leading or trailing space");
	return ASSURE_OK;
}

/*
 * Split "CC6.1" into the part before the last dot (copied into pre, at
 * most presz bytes with the NUL) and the number after it, 1..max, written
 * without sign or leading zero.
 */
static bool
id_split(const char *id, char *pre, size_t presz, long long max,
    long long *ret_n)
{
	const char *dot = strrchr(id, '.');
	size_t n;

	if (dot == NULL || dot == id)
		return false;
	n = (size_t)(dot - id);
	if (n >= presz)
		return false;
	if (!isdigit((unsigned char)dot[1]) || dot[1] == '0')
		return false;
	if (assure_strtonum(dot + 1, 1, max, ret_n) != 0)
		return false;
	memcpy(pre, id, n);
	pre[n] = '\0';
	return true;
}

/* Index of s in names[0..n), exactly, or -1. */
static int
name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/*
 * Lower-case s into out (size bytes), turning '_' and ' ' into '-'.
 * Returns false when s does not fit.
 */
static bool
name_fold(const char *s, char *out, size_t size)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i + 1 >= size)
			return false;
		if (s[i] == '_' || s[i] == ' ')
			out[i] = '-';
		else
			out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[i] = '\0';
	return true;
}

/* "review", or one or more known source names joined by '+'. */
static bool
basis_valid(const char *s)
{
	const char *p = s, *plus;
	size_t n, i;
	bool known;

	if (strcmp(s, BASIS_REVIEW) == 0)
		return true;
	for (;;) {
		plus = strchr(p, '+');
		n = plus == NULL ? strlen(p) : (size_t)(plus - p);
		known = false;
		for (i = 0; i < ASSURE_ARRAY_LEN(basis_sources); i++)
			if (strlen(basis_sources[i]) == n &&
			    memcmp(basis_sources[i], p, n) == 0)
				known = true;
		if (!known)
			return false;
		if (plus == NULL)
			return true;
		p = plus + 1;
	}
}

/* ---------------------------------------------------------------------
 * Building each part
 */

static enum assure_err
build_tsc(struct assure_catalog *cat, const struct table *t,
    struct assure_diag *d)
{
	const char *names[ASSURE_ARRAY_LEN(tsc_groups)] = { NULL };
	size_t counts[ASSURE_TSC_CATEGORY__MAX] = { 0 };
	char grp[CATALOG_ID_MAX], want[CATALOG_ID_MAX];
	const struct csv_row *r;
	struct assure_tsc_criterion *c;
	size_t gi = 0, i, k;
	long long want_n = 1, n;
	enum assure_err rc;
	int cat_i;

	cat->tsc = calloc(t->nrows == 0 ? 1 : t->nrows, sizeof(*cat->tsc));
	if (cat->tsc == NULL)
		return catalog_err(d, ASSURE_ERR_NOMEM, t->name, 0, NULL,
		    "out of memory");
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		if (gi == ASSURE_ARRAY_LEN(tsc_groups))
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' after the last criterion "
			    "P8.1; there are exactly %d", r->f[0],
			    ASSURE_CATALOG_TSC_COUNT);
		snprintf(want, sizeof(want), "%s.%lld", tsc_groups[gi].group,
		    want_n);
		if (!id_split(r->f[0], grp, sizeof(grp), 99, &n))
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' is not a criterion id like "
			    "CC6.1", r->f[0]);
		for (k = 0; k < i; k++)
			if (strcmp(cat->tsc[k].id, r->f[0]) == 0)
				return catalog_err(d, ASSURE_ERR_INVAL,
				    t->name, r->line, "id",
				    "duplicate id '%s' (first at line %lu)",
				    r->f[0], cat->tsc[k].line);
		if (strcmp(r->f[0], want) != 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' where %s was expected "
			    "(criteria are listed once each, in order)",
			    r->f[0], want);
		cat_i = name_index(category_names, ASSURE_TSC_CATEGORY__MAX,
		    r->f[1]);
		if (cat_i < 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "category", "unknown category '%s'",
			    r->f[1]);
		if ((enum assure_tsc_category)cat_i != tsc_groups[gi].category)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "category", "%s belongs to %s, not %s",
			    r->f[0], category_names[tsc_groups[gi].category],
			    r->f[1]);
		if (strcmp(r->f[2], grp) != 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "group", "%s belongs to group %s, not "
			    "'%s'", r->f[0], grp, r->f[2]);
		rc = check_text(t, r, 3, tsc_cols, d);
		if (rc == ASSURE_OK)
			rc = check_text(t, r, 4, tsc_cols, d);
		if (rc != ASSURE_OK)
			return rc;
		if (names[gi] == NULL)
			names[gi] = r->f[3];
		else if (strcmp(names[gi], r->f[3]) != 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "group_name", "'%s' differs from '%s' "
			    "given earlier for %s", r->f[3], names[gi], grp);
		c = &cat->tsc[i];
		c->id = r->f[0];
		c->category = (enum assure_tsc_category)cat_i;
		c->group = r->f[2];
		c->group_name = r->f[3];
		c->summary = r->f[4];
		c->line = r->line;
		counts[cat_i]++;
		cat->ntsc++;
		if (want_n == tsc_groups[gi].count) {
			gi++;
			want_n = 1;
		} else
			want_n++;
	}
	if (gi != ASSURE_ARRAY_LEN(tsc_groups))
		return catalog_err(d, ASSURE_ERR_INVAL, t->name,
		    table_end_line(t), NULL,
		    "ends after %zu criteria; %s.%lld and on are missing "
		    "(expected %d)", cat->ntsc, tsc_groups[gi].group, want_n,
		    ASSURE_CATALOG_TSC_COUNT);
	for (k = 0; k < ASSURE_TSC_CATEGORY__MAX; k++)
		if (counts[k] != tsc_category_counts[k])
			assure_bug("catalog: %zu %s criteria, expected %zu",
			    counts[k], category_names[k],
			    tsc_category_counts[k]);
	if (cat->ntsc != ASSURE_CATALOG_TSC_COUNT)
		assure_bug("catalog: %zu criteria", cat->ntsc);
	return ASSURE_OK;
}

static enum assure_err
build_iso(struct assure_catalog *cat, const struct table *t,
    struct assure_diag *d)
{
	char pre[CATALOG_ID_MAX], want[CATALOG_ID_MAX];
	const struct csv_row *r;
	struct assure_iso_control *c;
	size_t ti = 0, i, k;
	long long want_n = 1, n, clause;
	enum assure_err rc;
	int th;

	cat->iso = calloc(t->nrows == 0 ? 1 : t->nrows, sizeof(*cat->iso));
	if (cat->iso == NULL)
		return catalog_err(d, ASSURE_ERR_NOMEM, t->name, 0, NULL,
		    "out of memory");
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		if (ti == ASSURE_ARRAY_LEN(iso_themes))
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' after the last control 8.34; "
			    "there are exactly %d", r->f[0],
			    ASSURE_CATALOG_ISO_COUNT);
		snprintf(want, sizeof(want), "%lld.%lld",
		    iso_themes[ti].clause, want_n);
		if (!id_split(r->f[0], pre, sizeof(pre), 99, &n) ||
		    assure_strtonum(pre, 5, 8, &clause) != 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' is not an Annex A id like "
			    "5.15", r->f[0]);
		for (k = 0; k < i; k++)
			if (strcmp(cat->iso[k].id, r->f[0]) == 0)
				return catalog_err(d, ASSURE_ERR_INVAL,
				    t->name, r->line, "id",
				    "duplicate id '%s' (first at line %lu)",
				    r->f[0], cat->iso[k].line);
		if (strcmp(r->f[0], want) != 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' where %s was expected "
			    "(controls are listed once each, in order)",
			    r->f[0], want);
		th = name_index(theme_names, ASSURE_ISO_THEME__MAX, r->f[1]);
		if (th < 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "theme", "unknown theme '%s'", r->f[1]);
		if ((enum assure_iso_theme)th != iso_themes[ti].theme)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "theme", "%s belongs to %s, not %s",
			    r->f[0], theme_names[iso_themes[ti].theme],
			    r->f[1]);
		rc = check_text(t, r, 2, iso_cols, d);
		if (rc != ASSURE_OK)
			return rc;
		c = &cat->iso[i];
		c->id = r->f[0];
		c->theme = (enum assure_iso_theme)th;
		c->title = r->f[2];
		c->line = r->line;
		cat->niso++;
		if (want_n == iso_themes[ti].count) {
			ti++;
			want_n = 1;
		} else
			want_n++;
	}
	if (ti != ASSURE_ARRAY_LEN(iso_themes))
		return catalog_err(d, ASSURE_ERR_INVAL, t->name,
		    table_end_line(t), NULL,
		    "ends after %zu controls; %lld.%lld and on are missing "
		    "(expected %d)", cat->niso, iso_themes[ti].clause, want_n,
		    ASSURE_CATALOG_ISO_COUNT);
	if (cat->niso != ASSURE_CATALOG_ISO_COUNT)
		assure_bug("catalog: %zu Annex A controls", cat->niso);
	return ASSURE_OK;
}

static enum assure_err
build_dc(struct assure_catalog *cat, const struct table *t,
    struct assure_diag *d)
{
	char want[CATALOG_ID_MAX];
	const struct csv_row *r;
	enum assure_err rc;
	size_t i;

	cat->dc = calloc(t->nrows == 0 ? 1 : t->nrows, sizeof(*cat->dc));
	if (cat->dc == NULL)
		return catalog_err(d, ASSURE_ERR_NOMEM, t->name, 0, NULL,
		    "out of memory");
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		snprintf(want, sizeof(want), "DC%zu", i + 1);
		if (i >= ASSURE_CATALOG_DC_COUNT || strcmp(r->f[0], want) != 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "id", "'%s' where %s was expected "
			    "(DC1 to DC%d, once each, in order)", r->f[0],
			    i >= ASSURE_CATALOG_DC_COUNT ? "the end" : want,
			    ASSURE_CATALOG_DC_COUNT);
		rc = check_text(t, r, 1, dc_cols, d);
		if (rc != ASSURE_OK)
			return rc;
		cat->dc[i].id = r->f[0];
		cat->dc[i].summary = r->f[1];
		cat->dc[i].line = r->line;
		cat->ndc++;
	}
	if (cat->ndc != ASSURE_CATALOG_DC_COUNT)
		return catalog_err(d, ASSURE_ERR_INVAL, t->name,
		    table_end_line(t), NULL,
		    "%zu description criteria, expected %d", cat->ndc,
		    ASSURE_CATALOG_DC_COUNT);
	return ASSURE_OK;
}

/* Exact (canonical) look-ups used while resolving the cross-walk. */
static struct assure_tsc_criterion *
tsc_exact(struct assure_catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->ntsc; i++)
		if (strcmp(cat->tsc[i].id, id) == 0)
			return &cat->tsc[i];
	return NULL;
}

static struct assure_iso_control *
iso_exact(struct assure_catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->niso; i++)
		if (strcmp(cat->iso[i].id, id) == 0)
			return &cat->iso[i];
	return NULL;
}

static enum assure_err
build_xwalk(struct assure_catalog *cat, const struct table *t,
    struct assure_diag *d)
{
	const struct csv_row *r;
	struct assure_xwalk_pair *p;
	struct assure_iso_control *iso;
	struct assure_tsc_criterion *tsc;
	enum assure_err rc;
	size_t i, k;
	int g;

	cat->pairs = calloc(t->nrows == 0 ? 1 : t->nrows,
	    sizeof(*cat->pairs));
	if (cat->pairs == NULL)
		return catalog_err(d, ASSURE_ERR_NOMEM, t->name, 0, NULL,
		    "out of memory");
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		iso = iso_exact(cat, r->f[0]);
		if (iso == NULL)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "iso_id", "no Annex A control '%s' in "
			    "%s", r->f[0],
			    catalog_files[ASSURE_CATALOG_FILE_ISO]);
		tsc = tsc_exact(cat, r->f[1]);
		if (tsc == NULL)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "tsc_id", "no criterion '%s' in %s",
			    r->f[1], catalog_files[ASSURE_CATALOG_FILE_TSC]);
		g = name_index(grade_names, ASSURE_GRADE__MAX, r->f[2]);
		if (g < 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "grade", "'%s' is not one of equal, "
			    "subset, superset, intersect", r->f[2]);
		if (!basis_valid(r->f[3]))
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "basis", "'%s' is neither 'review' nor "
			    "sources (cisco, direct, scf) joined by '+'",
			    r->f[3]);
		rc = check_text(t, r, 4, xwalk_cols, d);
		if (rc != ASSURE_OK)
			return rc;
		for (k = 0; k < i; k++)
			if (cat->pairs[k].iso == iso &&
			    cat->pairs[k].tsc == tsc)
				return catalog_err(d, ASSURE_ERR_INVAL,
				    t->name, r->line, NULL, "pair %s-%s "
				    "repeated (first at line %lu)", iso->id,
				    tsc->id, cat->pairs[k].line);
		p = &cat->pairs[i];
		p->iso = iso;
		p->tsc = tsc;
		p->grade = (enum assure_xwalk_grade)g;
		p->basis = r->f[3];
		p->rationale = r->f[4];
		p->line = r->line;
		tsc->npairs++;
		iso->npairs++;
		cat->npairs++;
	}
	return ASSURE_OK;
}

static enum assure_err
build_nocp(struct assure_catalog *cat, const struct table *t,
    struct assure_diag *d)
{
	const struct csv_row *r;
	struct assure_tsc_criterion *tsc;
	enum assure_err rc;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		tsc = tsc_exact(cat, r->f[0]);
		if (tsc == NULL)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "tsc_id", "no criterion '%s' in %s",
			    r->f[0], catalog_files[ASSURE_CATALOG_FILE_TSC]);
		if (tsc->no_counterpart != NULL)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "tsc_id", "%s is listed twice",
			    tsc->id);
		if (tsc->npairs > 0)
			return catalog_err(d, ASSURE_ERR_INVAL, t->name,
			    r->line, "tsc_id", "%s is listed as having no "
			    "counterpart but has %zu pair(s) in %s", tsc->id,
			    tsc->npairs,
			    catalog_files[ASSURE_CATALOG_FILE_XWALK]);
		rc = check_text(t, r, 1, nocp_cols, d);
		if (rc == ASSURE_OK)
			rc = check_text(t, r, 2, nocp_cols, d);
		if (rc != ASSURE_OK)
			return rc;
		tsc->elsewhere = r->f[1];
		tsc->no_counterpart = r->f[2];
		cat->nno_counterpart++;
	}
	return ASSURE_OK;
}

/* Security, Availability and Confidentiality must each be accounted for. */
static enum assure_err
check_coverage(const struct assure_catalog *cat, struct assure_diag *d)
{
	const struct assure_tsc_criterion *c;
	size_t i;

	for (i = 0; i < cat->ntsc; i++) {
		c = &cat->tsc[i];
		if (c->category != ASSURE_TSC_SECURITY &&
		    c->category != ASSURE_TSC_AVAILABILITY &&
		    c->category != ASSURE_TSC_CONFIDENTIALITY)
			continue;
		if (c->npairs == 0 && c->no_counterpart == NULL)
			return catalog_err(d, ASSURE_ERR_INVAL,
			    catalog_files[ASSURE_CATALOG_FILE_TSC], c->line,
			    "id", "%s (%s) has no pair in %s and is not "
			    "listed in %s", c->id,
			    category_names[c->category],
			    catalog_files[ASSURE_CATALOG_FILE_XWALK],
			    catalog_files[ASSURE_CATALOG_FILE_NOCP]);
	}
	return ASSURE_OK;
}

static int
pair_by_iso(const void *a, const void *b)
{
	const struct assure_xwalk_pair *pa, *pb;

	pa = *(const struct assure_xwalk_pair *const *)a;
	pb = *(const struct assure_xwalk_pair *const *)b;
	if (pa->iso != pb->iso)
		return pa->iso < pb->iso ? -1 : 1;
	return 0;
}

static int
pair_by_tsc(const void *a, const void *b)
{
	const struct assure_xwalk_pair *pa, *pb;

	pa = *(const struct assure_xwalk_pair *const *)a;
	pb = *(const struct assure_xwalk_pair *const *)b;
	if (pa->tsc != pb->tsc)
		return pa->tsc < pb->tsc ? -1 : 1;
	return 0;
}

/*
 * Give every criterion and control its slice of pair pointers, sorted by
 * the other side's catalogue order.
 */
static enum assure_err
build_index(struct assure_catalog *cat, struct assure_diag *d)
{
	const struct assure_xwalk_pair **next;
	size_t i, *fill_tsc, *fill_iso, k;
	enum assure_err rc = ASSURE_OK;

	cat->index = calloc(2 * cat->npairs + 1, sizeof(*cat->index));
	fill_tsc = calloc(cat->ntsc + 1, sizeof(*fill_tsc));
	fill_iso = calloc(cat->niso + 1, sizeof(*fill_iso));
	if (cat->index == NULL || fill_tsc == NULL || fill_iso == NULL) {
		rc = catalog_err(d, ASSURE_ERR_NOMEM, NULL, 0, NULL,
		    "out of memory");
		goto out_free_fill;
	}
	next = cat->index;
	for (i = 0; i < cat->ntsc; i++) {
		cat->tsc[i].pairs = next;
		next += cat->tsc[i].npairs;
	}
	for (i = 0; i < cat->niso; i++) {
		cat->iso[i].pairs = next;
		next += cat->iso[i].npairs;
	}
	for (i = 0; i < cat->npairs; i++) {
		k = (size_t)(cat->pairs[i].tsc - cat->tsc);
		cat->tsc[k].pairs[fill_tsc[k]++] = &cat->pairs[i];
		k = (size_t)(cat->pairs[i].iso - cat->iso);
		cat->iso[k].pairs[fill_iso[k]++] = &cat->pairs[i];
	}
	for (i = 0; i < cat->ntsc; i++)
		qsort(cat->tsc[i].pairs, cat->tsc[i].npairs,
		    sizeof(*cat->tsc[i].pairs), pair_by_iso);
	for (i = 0; i < cat->niso; i++)
		qsort(cat->iso[i].pairs, cat->iso[i].npairs,
		    sizeof(*cat->iso[i].pairs), pair_by_tsc);

out_free_fill:
	free(fill_iso);
	free(fill_tsc);
	return rc;
}

/* ---------------------------------------------------------------------
 * Loading
 */

const char *
assure_catalog_file_path(enum assure_catalog_file f)
{
	if ((unsigned)f >= ASSURE_CATALOG_FILE__MAX)
		assure_bug("catalog: bad file %d", (int)f);
	return catalog_files[f];
}

enum assure_err
assure_catalog_load(const struct assure_catalog_text *src,
    struct assure_catalog **ret_cat, struct assure_diag *reterr_diag)
{
	static const char *const *const cols[ASSURE_CATALOG_FILE__MAX] = {
		[ASSURE_CATALOG_FILE_TSC] = tsc_cols,
		[ASSURE_CATALOG_FILE_ISO] = iso_cols,
		[ASSURE_CATALOG_FILE_DC] = dc_cols,
		[ASSURE_CATALOG_FILE_XWALK] = xwalk_cols,
		[ASSURE_CATALOG_FILE_NOCP] = nocp_cols,
	};
	struct table tables[ASSURE_CATALOG_FILE__MAX];
	struct assure_catalog *cat;
	struct pool pool;
	enum assure_err rc;
	size_t i, ntables = 0;

	memset(tables, 0, sizeof(tables));
	cat = calloc(1, sizeof(*cat));
	if (cat == NULL)
		return catalog_err(reterr_diag, ASSURE_ERR_NOMEM, NULL, 0,
		    NULL, "out of memory");
	/*
	 * Each field is at most as long as its raw text, plus a NUL; there
	 * are at most len + 1 fields in a file.
	 */
	pool.len = 0;
	pool.cap = 1;
	for (i = 0; i < ASSURE_CATALOG_FILE__MAX; i++) {
		if (src[i].len > CATALOG_FILE_MAX) {
			rc = catalog_err(reterr_diag, ASSURE_ERR_LIMIT,
			    src[i].name, 0, NULL, "larger than %d bytes",
			    CATALOG_FILE_MAX);
			goto out_free_cat;
		}
		pool.cap += 2 * src[i].len + 2;
	}
	pool.base = malloc(pool.cap);
	if (pool.base == NULL) {
		rc = catalog_err(reterr_diag, ASSURE_ERR_NOMEM, NULL, 0, NULL,
		    "out of memory");
		goto out_free_cat;
	}
	cat->pool = pool.base;
	for (i = 0; i < ASSURE_CATALOG_FILE__MAX; i++) {
		rc = table_parse(&src[i], cols[i], &pool, &tables[i],
		    reterr_diag);
		if (rc != ASSURE_OK)
			goto out_free_tables;
		ntables++;
	}
	rc = build_tsc(cat, &tables[ASSURE_CATALOG_FILE_TSC], reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	rc = build_iso(cat, &tables[ASSURE_CATALOG_FILE_ISO], reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	rc = build_dc(cat, &tables[ASSURE_CATALOG_FILE_DC], reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	rc = build_xwalk(cat, &tables[ASSURE_CATALOG_FILE_XWALK],
	    reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	rc = build_nocp(cat, &tables[ASSURE_CATALOG_FILE_NOCP], reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	rc = check_coverage(cat, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	rc = build_index(cat, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free_tables;
	for (i = 0; i < ntables; i++)
		table_free(&tables[i]);
	*ret_cat = cat;
	return ASSURE_OK;

out_free_tables:
	for (i = 0; i < ntables; i++)
		table_free(&tables[i]);
out_free_cat:
	assure_catalog_free(cat);
	return rc;
}

void
assure_catalog_free(struct assure_catalog *cat)
{
	if (cat == NULL)
		return;
	free(cat->index);
	free(cat->pairs);
	free(cat->dc);
	free(cat->iso);
	free(cat->tsc);
	free(cat->pool);
	free(cat);
}

/* The built-in catalogue, once loaded; reachable until exit. */
static struct assure_catalog *catalog_builtin;

enum assure_err
assure_catalog_get(const struct assure_catalog **ret_cat,
    struct assure_diag *reterr_diag)
{
	struct assure_catalog_text src[ASSURE_CATALOG_FILE__MAX];
	const struct embedded_file *f;
	struct assure_catalog *cat;
	enum assure_err rc;
	size_t i;

	if (catalog_builtin == NULL) {
		for (i = 0; i < ASSURE_CATALOG_FILE__MAX; i++) {
			f = assure_embed_find(catalog_files[i]);
			if (f == NULL)
				return catalog_err(reterr_diag,
				    ASSURE_ERR_NOTFOUND, catalog_files[i], 0,
				    NULL, "built-in data file is missing");
			src[i].name = f->path;
			src[i].data = f->data;
			src[i].len = f->len;
		}
		rc = assure_catalog_load(src, &cat, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
		catalog_builtin = cat;
	}
	*ret_cat = catalog_builtin;
	return ASSURE_OK;
}

/* ---------------------------------------------------------------------
 * Look-ups
 */

enum assure_err
assure_catalog_tsc_find(const struct assure_catalog *cat, const char *id,
    const struct assure_tsc_criterion **ret)
{
	size_t i;

	for (i = 0; i < cat->ntsc; i++)
		if (strcasecmp(cat->tsc[i].id, id) == 0) {
			*ret = &cat->tsc[i];
			return ASSURE_OK;
		}
	return ASSURE_ERR_NOTFOUND;
}

enum assure_err
assure_catalog_iso_find(const struct assure_catalog *cat, const char *id,
    const struct assure_iso_control **ret)
{
	size_t i;

	if (id[0] == 'A' || id[0] == 'a') {
		id++;
		if (id[0] == '.')
			id++;
	}
	for (i = 0; i < cat->niso; i++)
		if (strcmp(cat->iso[i].id, id) == 0) {
			*ret = &cat->iso[i];
			return ASSURE_OK;
		}
	return ASSURE_ERR_NOTFOUND;
}

enum assure_err
assure_catalog_dc_find(const struct assure_catalog *cat, const char *id,
    const struct assure_dc_item **ret)
{
	size_t i;

	for (i = 0; i < cat->ndc; i++)
		if (strcasecmp(cat->dc[i].id, id) == 0) {
			*ret = &cat->dc[i];
			return ASSURE_OK;
		}
	return ASSURE_ERR_NOTFOUND;
}

const struct assure_tsc_criterion *
assure_catalog_tsc_next(const struct assure_catalog *cat,
    enum assure_tsc_category filter, size_t *iter)
{
	const struct assure_tsc_criterion *c;

	while (*iter < cat->ntsc) {
		c = &cat->tsc[(*iter)++];
		if (filter == ASSURE_TSC_ANY || c->category == filter)
			return c;
	}
	return NULL;
}

size_t
assure_catalog_tsc_count(const struct assure_catalog *cat,
    enum assure_tsc_category filter)
{
	size_t it = 0, n = 0;

	while (assure_catalog_tsc_next(cat, filter, &it) != NULL)
		n++;
	return n;
}

const struct assure_iso_control *
assure_catalog_iso_next(const struct assure_catalog *cat,
    enum assure_iso_theme filter, size_t *iter)
{
	const struct assure_iso_control *c;

	while (*iter < cat->niso) {
		c = &cat->iso[(*iter)++];
		if (filter == ASSURE_ISO_ANY || c->theme == filter)
			return c;
	}
	return NULL;
}

size_t
assure_catalog_iso_count(const struct assure_catalog *cat,
    enum assure_iso_theme filter)
{
	size_t it = 0, n = 0;

	while (assure_catalog_iso_next(cat, filter, &it) != NULL)
		n++;
	return n;
}

enum assure_err
assure_catalog_map(const struct assure_catalog *cat, const char *id,
    struct assure_catalog_entry *ret)
{
	const struct assure_tsc_criterion *tsc;
	const struct assure_iso_control *iso;

	if (assure_catalog_tsc_find(cat, id, &tsc) == ASSURE_OK) {
		memset(ret, 0, sizeof(*ret));
		ret->kind = ASSURE_CATALOG_TSC;
		ret->id = tsc->id;
		ret->text = tsc->summary;
		ret->tsc = tsc;
		ret->pairs = tsc->pairs;
		ret->npairs = tsc->npairs;
		return ASSURE_OK;
	}
	if (assure_catalog_iso_find(cat, id, &iso) == ASSURE_OK) {
		memset(ret, 0, sizeof(*ret));
		ret->kind = ASSURE_CATALOG_ISO;
		ret->id = iso->id;
		ret->text = iso->title;
		ret->iso = iso;
		ret->pairs = iso->pairs;
		ret->npairs = iso->npairs;
		return ASSURE_OK;
	}
	return ASSURE_ERR_NOTFOUND;
}

/* ---------------------------------------------------------------------
 * Names
 */

const char *
assure_catalog_category_name(enum assure_tsc_category c)
{
	if ((unsigned)c >= ASSURE_TSC_CATEGORY__MAX)
		assure_bug("catalog: bad category %d", (int)c);
	return category_names[c];
}

const char *
assure_catalog_category_title(enum assure_tsc_category c)
{
	if ((unsigned)c >= ASSURE_TSC_CATEGORY__MAX)
		assure_bug("catalog: bad category %d", (int)c);
	return category_titles[c];
}

enum assure_err
assure_catalog_category_parse(const char *s, enum assure_tsc_category *ret)
{
	char folded[CATALOG_NAME_MAX];
	int i;

	if (!name_fold(s, folded, sizeof(folded)))
		return ASSURE_ERR_NOTFOUND;
	i = name_index(category_names, ASSURE_TSC_CATEGORY__MAX, folded);
	if (i < 0)
		return ASSURE_ERR_NOTFOUND;
	*ret = (enum assure_tsc_category)i;
	return ASSURE_OK;
}

const char *
assure_catalog_theme_name(enum assure_iso_theme t)
{
	if ((unsigned)t >= ASSURE_ISO_THEME__MAX)
		assure_bug("catalog: bad theme %d", (int)t);
	return theme_names[t];
}

enum assure_err
assure_catalog_theme_parse(const char *s, enum assure_iso_theme *ret)
{
	char folded[CATALOG_NAME_MAX];
	int i;

	if (!name_fold(s, folded, sizeof(folded)))
		return ASSURE_ERR_NOTFOUND;
	if (strcmp(folded, "organizational") == 0) {
		*ret = ASSURE_ISO_ORGANISATIONAL;
		return ASSURE_OK;
	}
	i = name_index(theme_names, ASSURE_ISO_THEME__MAX, folded);
	if (i < 0)
		return ASSURE_ERR_NOTFOUND;
	*ret = (enum assure_iso_theme)i;
	return ASSURE_OK;
}

const char *
assure_catalog_grade_name(enum assure_xwalk_grade g)
{
	if ((unsigned)g >= ASSURE_GRADE__MAX)
		assure_bug("catalog: bad grade %d", (int)g);
	return grade_names[g];
}

enum assure_err
assure_catalog_grade_parse(const char *s, enum assure_xwalk_grade *ret)
{
	char folded[CATALOG_NAME_MAX];
	int i;

	if (!name_fold(s, folded, sizeof(folded)))
		return ASSURE_ERR_NOTFOUND;
	i = name_index(grade_names, ASSURE_GRADE__MAX, folded);
	if (i < 0)
		return ASSURE_ERR_NOTFOUND;
	*ret = (enum assure_xwalk_grade)i;
	return ASSURE_OK;
}
