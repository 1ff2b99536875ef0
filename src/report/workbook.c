/*
 * workbook.c: the auditor's workbook (workbook.h).
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "report/workbook.h"

/* Excel's limits. */
#define WB_CELL_MAX	32767		/* characters (UTF-16 units) */
#define WB_NAME_MAX	31		/* characters of a sheet name */
#define WB_NAME_BYTES	(WB_NAME_MAX * 4 + 1)

#define WB_MIN(a, b)	((a) < (b) ? (a) : (b))

static size_t rows_max = LXW_ROW_MAX;

void
workbook_set_rows_max(size_t rows)
{
	rows_max = rows == 0 || rows > LXW_ROW_MAX ? LXW_ROW_MAX : rows;
}

struct wb {
	lxw_workbook	*wb;
	lxw_error	 err;		/* the first error */
	char		 where[128];	/* and where it happened */
	/* Formats. */
	lxw_format	*title, *label, *head, *section, *wrap, *date,
			*instant, *mono, *link, *concl[HIST_CONCLUSION__MAX];
	char		*cell;		/* a cell's text, fitted */
	char		 (*names)[WB_NAME_BYTES];	/* per control */
	const char	*sheet;		/* the sheet being written */
};

static void
ck(struct wb *w, lxw_error e, const char *what)
{
	if (e == LXW_NO_ERROR || w->err != LXW_NO_ERROR)
		return;
	w->err = e;
	snprintf(w->where, sizeof(w->where), "%s%s%s", w->sheet != NULL ?
	    w->sheet : "", w->sheet != NULL ? ": " : "", what);
}

/* ----------------------------------------------------------------- text */

/*
 * The length of the valid UTF-8 sequence at p[0..n), 0 when invalid, and
 * its width in UTF-16 units (Excel counts those).
 */
static size_t
utf8_seq(const unsigned char *p, size_t n, size_t *units)
{
	uint32_t c;
	size_t len, i;

	*units = 1;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*units = len == 4 ? 2 : 1;
	return len;
}

/*
 * s as a cell may hold it: valid UTF-8 (U+FFFD for each invalid byte) of
 * at most WB_CELL_MAX UTF-16 units, cut with "..." when longer.  Either s
 * itself or w->cell.
 */
static const char *
fit(struct wb *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, len, units, total = 0, o = 0;
	bool clean = true;

	for (i = 0; i < n; i += len) {
		if ((len = utf8_seq(p + i, n - i, &units)) == 0) {
			clean = false;
			len = 1;
		}
		total += units;
	}
	if (clean && total <= WB_CELL_MAX)
		return s;
	/* Each invalid byte becomes one U+FFFD, one unit like it. */
	for (i = 0, units = 0, total = total <= WB_CELL_MAX ? 0 :
	    WB_CELL_MAX - 3; i < n; i += len) {
		size_t u;

		len = utf8_seq(p + i, n - i, &u);
		if (total != 0 && units + u > total)
			break;
		units += u;
		if (len == 0) {
			memcpy(w->cell + o, "\xef\xbf\xbd", 3);
			o += 3;
			len = 1;
		} else {
			memcpy(w->cell + o, p + i, len);
			o += len;
		}
	}
	if (i < n) {
		memcpy(w->cell + o, "...", 3);
		o += 3;
	}
	w->cell[o] = '\0';
	return w->cell;
}

/* ---------------------------------------------------------------- cells */

static void
put_str(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
    const char *s, lxw_format *f)
{
	if (row >= rows_max)
		return;
	ck(w, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col,
	    fit(w, s != NULL ? s : ""), f), "writing text");
}

static void ASSURE_PRINTF(6, 7)
put_fmt(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
    lxw_format *f, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put_str(w, ws, row, col, buf, f);
}

static void
put_num(struct wb *w, lxw_worksheet *ws, size_t row, size_t col, double v,
    lxw_format *f)
{
	if (row >= rows_max)
		return;
	ck(w, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v,
	    f), "writing a number");
}

/* An instant as an Excel date, in the format f (a date or date-time). */
static void
put_time(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
    int64_t t, lxw_format *f)
{
	char buf[ASSURE_TIME_STRLEN];

	if (row >= rows_max)
		return;
	/* Excel's calendar: 1900-01-01 to 9999-12-31. */
	if (t < -2208988800LL || t > 253402300799LL) {
		assure_time_format(t, buf);
		put_str(w, ws, row, col, buf, NULL);
		return;
	}
	ck(w, worksheet_write_unixtime(ws, (lxw_row_t)row, (lxw_col_t)col,
	    t, f), "writing a date");
}

static void
width(struct wb *w, lxw_worksheet *ws, size_t col, double chars,
    lxw_format *f)
{
	ck(w, worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, chars,
	    f), "setting a column width");
}

/* A header row of columns cols[0..n). */
static void
header(struct wb *w, lxw_worksheet *ws, size_t row, const char *const *cols,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_str(w, ws, row, i, cols[i], w->head);
}

/* Label in column A, value in B. */
static void ASSURE_PRINTF(5, 6)
meta(struct wb *w, lxw_worksheet *ws, size_t row, const char *label,
    const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put_str(w, ws, row, 0, label, w->label);
	put_str(w, ws, row, 1, buf, NULL);
}

/* The note that ends a table cut at Excel's row limit. */
static void
cut_note(struct wb *w, lxw_worksheet *ws, size_t row, size_t shown,
    size_t n)
{
	put_fmt(w, ws, row, 0, w->label, "%zu of %zu rows shown: Excel holds "
	    "at most %zu rows a sheet; the JSON form of the report lists them "
	    "all.", shown, n, rows_max);
}

/* ---------------------------------------------------------------- names */

static int
ascii_casecmp(const char *a, const char *b)
{
	unsigned char x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
	} while (x != '\0' && x == y);
	return x - y;
}

static bool
name_taken(char (*names)[WB_NAME_BYTES], size_t n, const char *name)
{
	static const char *const reserved[] = { "Summary", "Request list",
	    "History" };
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(reserved); i++)
		if (ascii_casecmp(reserved[i], name) == 0)
			return true;
	for (i = 0; i < n; i++)
		if (ascii_casecmp(names[i], name) == 0)
			return true;
	return false;
}

/*
 * Copy at most max characters of the valid UTF-8 in s into out (a
 * WB_NAME_BYTES buffer), each of []:*?/\' and each control character or
 * invalid byte as '_'.
 */
static void
name_copy(const char *s, size_t max, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, len, units, o = 0, chars = 0;

	for (i = 0; i < n && chars < max; i += len, chars++) {
		len = utf8_seq(p + i, n - i, &units);
		if (len == 0 || (len == 1 && (p[i] < 0x20 || p[i] == 0x7f ||
		    strchr("[]:*?/\\'", p[i]) != NULL))) {
			out[o++] = '_';
			len = len == 0 ? 1 : len;
			continue;
		}
		memcpy(out + o, p + i, len);
		o += len;
	}
	out[o] = '\0';
}

/* The sheet name of control i into w->names[i]. */
static void
sheet_name(struct wb *w, const char *id, size_t i)
{
	char base[WB_NAME_BYTES], suffix[32];
	unsigned k;

	name_copy(*id != '\0' ? id : "Control", WB_NAME_MAX, base);
	snprintf(w->names[i], WB_NAME_BYTES, "%s", base);
	for (k = 2; name_taken(w->names, i, w->names[i]); k++) {
		snprintf(suffix, sizeof(suffix), "~%u", k);
		name_copy(base, WB_NAME_MAX - strlen(suffix), w->names[i]);
		memcpy(w->names[i] + strlen(w->names[i]), suffix,
		    strlen(suffix) + 1);
	}
}

/* --------------------------------------------------------------- pieces */

static void
join_criteria(const struct control *c, char *out, size_t size)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->ntsc && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i > 0 ? ", " :
		    "", c->tsc[i]->id);
}

static void
join_tests(const struct control *c, char *out, size_t size)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->ntests && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i > 0 ? ", " :
		    "", c->tests[i]->id);
	if (c->ntests == 0)
		snprintf(out, size, "none: evidenced by documents filed "
		    "against it");
}

static size_t
failing(const struct control_history *h)
{
	size_t i, n = 0;

	for (i = 0; i < h->nexc; i++)
		n += !h->exc[i].warning;
	return n;
}

static size_t
filed(const struct control_history *h)
{
	size_t i, n = 0;

	for (i = 0; i < h->nev; i++)
		n += h->ev[i].filed;
	return n;
}

static const char *
unit_name(const struct control *c)
{
	static const char *const one[] = { "day", "day", "week", "month",
	    "quarter", "year", "event" };

	if ((unsigned)c->frequency >= ASSURE_ARRAY_LEN(one))
		return "unit";
	return one[c->frequency];
}

/* The index of subject in p, or -1. */
static long
member_at(const struct cpop *p, const char *subject)
{
	size_t lo = 0, hi = p->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(p->m[mid].subject, subject);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The unit of h labelled label, trying index i first. */
static const struct hist_unit *
unit_of(const struct control_history *h, size_t i, const char *label)
{
	size_t j;

	if (i < h->nunits && strcmp(h->units[i].u.label, label) == 0)
		return &h->units[i];
	for (j = 0; j < h->nunits; j++)
		if (strcmp(h->units[j].u.label, label) == 0)
			return &h->units[j];
	return NULL;
}

static bool
provided(const struct type2_control *x)
{
	return x->h.occurrences > 0 || (x->pop.events && x->pop.n > 0);
}

/* ------------------------------------------------------------- summary */

static void
write_summary(struct wb *w, const struct type2doc *t)
{
	static const char *const cols[] = { "Control", "Title", "Frequency",
	    "Status", "Criteria", "Tests", "Expected", "Occurred",
	    "Population", "Sample", "Failing exceptions", "Gaps",
	    "Conclusion" };
	static const double widths[] = { 12, 40, 11, 13, 18, 32, 10, 10, 11,
	    9, 11, 7, 20 };
	char crit[512], tests[1024], hex[ASSURE_SHA256_HEXLEN + 1],
	    url[WB_NAME_BYTES + 32];
	lxw_worksheet *ws;
	size_t i, row, head;

	w->sheet = "Summary";
	if ((ws = workbook_add_worksheet(w->wb, "Summary")) == NULL) {
		ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding the sheet");
		return;
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(widths); i++)
		width(w, ws, i, widths[i], NULL);
	put_str(w, ws, 0, 0, "Type 2: operating effectiveness of controls",
	    w->title);
	meta(w, ws, 1, "Organisation", "%s", t->cfg->organisation);
	meta(w, ws, 2, "System", "%s", t->cfg->system);
	put_str(w, ws, 3, 0, "Observation period", w->label);
	put_time(w, ws, 3, 1, t->start, w->date);
	put_time(w, ws, 3, 2, t->end, w->date);
	put_str(w, ws, 4, 0, "Generated", w->label);
	put_time(w, ws, 4, 1, t->generated, w->instant);
	meta(w, ws, 5, "Controls", "%zu: %zu operated effectively, %zu with "
	    "exceptions noted, %zu not evidenced", t->n,
	    t->conclusions[HIST_EFFECTIVE], t->conclusions[HIST_EXCEPTIONS],
	    t->conclusions[HIST_NOT_EVIDENCED]);
	if (t->has_cp) {
		assure_hex(t->cp.root, sizeof(t->cp.root), hex);
		meta(w, ws, 6, "Samples seeded by", "the ledger checkpoint "
		    "of %s", t->cp.origin);
		put_str(w, ws, 7, 0, "Checkpoint size", w->label);
		put_num(w, ws, 7, 1, (double)t->cp.size, NULL);
		put_str(w, ws, 8, 0, "Checkpoint root", w->label);
		put_str(w, ws, 8, 1, hex, w->mono);
	} else {
		meta(w, ws, 6, "Samples", "not drawn: %s", t->cp_why);
		meta(w, ws, 7, "", "A checkpoint signed after the period's "
		    "end seeds them (docs/SAMPLING.md).");
	}
	head = 10;
	header(w, ws, head, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0, row = head + 1; i < t->n; i++, row++) {
		const struct type2_control *x = &t->v[i];
		const struct control_history *h = &x->h;

		snprintf(url, sizeof(url), "internal:'%s'!A1", w->names[i]);
		if (row < rows_max)
			ck(w, worksheet_write_url_opt(ws, (lxw_row_t)row, 0,
			    url, w->link, fit(w, x->c->id), NULL),
			    "writing a link");
		put_str(w, ws, row, 1, x->c->title, NULL);
		put_str(w, ws, row, 2, control_frequency_name(x->c->frequency),
		    NULL);
		put_str(w, ws, row, 3, control_status_name(x->c->status),
		    NULL);
		join_criteria(x->c, crit, sizeof(crit));
		join_tests(x->c, tests, sizeof(tests));
		put_str(w, ws, row, 4, crit, NULL);
		put_str(w, ws, row, 5, tests, NULL);
		if (x->pop.events) {
			put_str(w, ws, row, 6, "per event", NULL);
			put_num(w, ws, row, 7, (double)x->pop.n, NULL);
		} else {
			put_num(w, ws, row, 6, (double)h->nunits, NULL);
			put_num(w, ws, row, 7, (double)h->actual, NULL);
		}
		put_num(w, ws, row, 8, (double)x->pop.n, NULL);
		if (x->sampled)
			put_num(w, ws, row, 9, (double)x->s.nitems, NULL);
		else
			put_str(w, ws, row, 9, "not drawn", NULL);
		put_num(w, ws, row, 10, (double)failing(h), NULL);
		put_num(w, ws, row, 11, (double)h->ngaps, NULL);
		put_str(w, ws, row, 12, hist_conclusion_text(h->conclusion),
		    w->concl[h->conclusion]);
	}
	ck(w, worksheet_autofilter(ws, (lxw_row_t)head, 0,
	    (lxw_row_t)(head + t->n), (lxw_col_t)(ASSURE_ARRAY_LEN(cols) - 1)),
	    "setting the autofilter");
	worksheet_freeze_panes(ws, (lxw_row_t)(head + 1), 1);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	w->sheet = NULL;
}

/* ------------------------------------------------------ a control sheet */

/* The rows each table of a control sheet may take. */
struct budget {
	size_t	pop, exc, ev;
};

static void
plan(const struct type2_control *x, size_t row, struct budget *b)
{
	const struct control_history *h = &x->h;
	size_t avail, fixed;

	b->pop = x->pop.n;
	b->exc = h->nexc;
	b->ev = h->nev;
	/* Five sections of a blank, a title and a header, three notes. */
	fixed = row + 5 * 3 + 3 + h->ngaps + (x->sampled ? x->s.nitems : 0) +
	    2;
	avail = rows_max > fixed ? rows_max - fixed : 0;
	if (b->pop + b->exc + b->ev <= avail)
		return;
	b->ev = WB_MIN(h->nev, avail / 8);
	b->exc = WB_MIN(h->nexc, (avail - b->ev) / 2);
	b->pop = WB_MIN(x->pop.n, avail - b->ev - b->exc);
	if (b->pop == x->pop.n)
		b->exc = WB_MIN(h->nexc, avail - b->ev - b->pop);
}

/* A section title; the row after it. */
static size_t
section(struct wb *w, lxw_worksheet *ws, size_t row, const char *title)
{
	put_str(w, ws, row, 0, title, w->section);
	return row + 1;
}

static size_t
control_head(struct wb *w, lxw_worksheet *ws, const struct type2doc *t,
    const struct type2_control *x)
{
	const struct control *c = x->c;
	const struct control_history *h = &x->h;
	char crit[512], tests[1024], hex[ASSURE_SHA256_HEXLEN + 1];
	size_t judged = h->verdicts[VERDICT_PASS] + h->verdicts[VERDICT_FAIL];
	size_t row = 2;

	put_fmt(w, ws, 0, 0, w->title, "%s %s", c->id, c->title);
	join_criteria(c, crit, sizeof(crit));
	join_tests(c, tests, sizeof(tests));
	meta(w, ws, row++, "Control", "%s", c->id);
	meta(w, ws, row++, "Title", "%s", c->title);
	meta(w, ws, row++, "Owner", "%s", c->owner);
	meta(w, ws, row++, "Frequency", "%s",
	    control_frequency_name(c->frequency));
	meta(w, ws, row++, "Status", "%s", control_status_name(c->status));
	meta(w, ws, row++, "Criteria", "%s", crit[0] != '\0' ? crit : "-");
	meta(w, ws, row++, "Tests", "%s", tests);
	if (x->pop.events)
		meta(w, ws, row++, "Occurrences", "%zu event%s judged by its "
		    "tests; %zu document%s filed", x->pop.n, x->pop.n == 1 ?
		    "" : "s", h->occurrences - judged, h->occurrences -
		    judged == 1 ? "" : "s");
	else
		meta(w, ws, row++, "Occurrences", "%zu of %zu %ss expected "
		    "(%zu evaluations judged, %zu documents filed)", h->actual,
		    h->nunits, unit_name(c), judged, h->occurrences - judged);
	meta(w, ws, row++, "Test results", "%zu pass, %zu fail, %zu no "
	    "evidence, %zu error", h->verdicts[VERDICT_PASS],
	    h->verdicts[VERDICT_FAIL], h->verdicts[VERDICT_NO_EVIDENCE],
	    h->verdicts[VERDICT_ERROR]);
	put_str(w, ws, row, 0, "Conclusion", w->label);
	put_str(w, ws, row++, 1, hist_conclusion_text(h->conclusion),
	    w->concl[h->conclusion]);
	meta(w, ws, row++, "Population", "%zu %s", x->pop.n, x->pop.events ?
	    "events judged by its tests as of the period's end" :
	    "units of its frequency expected in the period");
	put_str(w, ws, row, 0, "Population SHA-256", w->label);
	if (x->sampled)
		put_str(w, ws, row++, 1, x->s.pop_sha256, w->mono);
	else {
		struct assure_sha256 *sh = assure_sha256_new();
		unsigned char md[32];
		bool ok = sh != NULL;
		size_t i;

		for (i = 0; ok && i < x->pop.n; i++)
			ok = assure_sha256_update(sh, x->pop.m[i].subject,
			    strlen(x->pop.m[i].subject)) == ASSURE_OK &&
			    assure_sha256_update(sh, "\n", 1) == ASSURE_OK;
		if (ok && assure_sha256_final(sh, md) == ASSURE_OK) {
			assure_hex(md, sizeof(md), hex);
			put_str(w, ws, row++, 1, hex, w->mono);
		} else
			put_str(w, ws, row++, 1, "?", NULL);
		assure_sha256_free(sh);
	}
	if (x->sampled)
		meta(w, ws, row++, "Sample", "%zu of %zu (%s)", x->s.nitems,
		    x->s.n, x->s.whole ? "the whole population" : "drawn");
	else
		meta(w, ws, row++, "Sample", "not drawn: %s", t->cp_why);
	if (x->pop.nno_evidence > 0) {
		char buf[1024];
		size_t i, o = 0;

		buf[0] = '\0';
		for (i = 0; i < x->pop.nno_evidence && o < sizeof(buf); i++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
			    i > 0 ? ", " : "", x->pop.no_evidence[i]);
		meta(w, ws, row++, "Tests without evidence", "%s", buf);
	}
	return row;
}

static size_t
control_population(struct wb *w, lxw_worksheet *ws,
    const struct type2_control *x, const uint32_t *draw, size_t row,
    size_t limit)
{
	static const char *const unit_cols[] = { "Index", "Unit", "Start",
	    "End", "Evaluations", "Documents filed", "Result", "In sample" };
	const struct control *c = x->c;
	const char *cols[CONTROL_LIST_MAX + 4];
	struct assure_buf buf;
	size_t i, j, k, ncols, head;

	row = section(w, ws, row + 1, x->pop.events ? "Population: the "
	    "events its tests judged" : "Population: the units expected");
	head = row;
	if (x->pop.events) {
		ncols = 0;
		cols[ncols++] = "Index";
		cols[ncols++] = "Subject";
		for (i = 0; i < c->ntests && i < CONTROL_LIST_MAX; i++)
			cols[ncols++] = c->tests[i]->id;
		cols[ncols++] = "Result";
		cols[ncols++] = "In sample";
		header(w, ws, row++, cols, ncols);
	} else {
		ncols = ASSURE_ARRAY_LEN(unit_cols);
		header(w, ws, row++, unit_cols, ncols);
	}
	if (x->pop.n == 0) {
		put_str(w, ws, row++, 1, "(empty)", NULL);
		return row;
	}
	assure_buf_init(&buf, 0);
	for (i = 0; i < x->pop.n && i < limit; i++, row++) {
		const struct cpop_member *m = &x->pop.m[i];

		put_num(w, ws, row, 0, (double)i, NULL);
		put_str(w, ws, row, 1, m->subject, NULL);
		if (x->pop.events) {
			bool fail = false, warn = false;

			for (j = 0; j < c->ntests && j < CONTROL_LIST_MAX;
			    j++) {
				const char *id = c->tests[j]->id;

				assure_buf_reset(&buf);
				for (k = 0; k < m->nexc; k++) {
					if (strcmp(m->exc[k].test_id, id) != 0)
						continue;
					assure_buf_printf(&buf, "%s%s%s",
					    buf.len > 0 ? "; " : "",
					    m->exc[k].warning ? "warning: " :
					    "", m->exc[k].reason);
					fail |= !m->exc[k].warning;
					warn |= m->exc[k].warning;
				}
				for (k = 0; buf.len == 0 &&
				    k < x->pop.nno_evidence; k++)
					if (strcmp(x->pop.no_evidence[k],
					    id) == 0)
						assure_buf_printf(&buf,
						    "no evidence");
				if (assure_buf_err(&buf) != ASSURE_OK)
					ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED,
					    "an exception");
				put_str(w, ws, row, 2 + j, buf.len > 0 &&
				    buf.data != NULL ? buf.data :
				    "no exception", buf.len > 0 ? w->wrap :
				    NULL);
			}
			put_str(w, ws, row, ncols - 2, fail ? "exception" :
			    warn ? "warning" : "no exception", NULL);
		} else {
			const struct hist_unit *u = unit_of(&x->h, i,
			    m->subject);

			if (u != NULL) {
				put_time(w, ws, row, 2, u->u.start, w->date);
				put_time(w, ws, row, 3, u->u.end, w->date);
			}
			put_num(w, ws, row, 4, (double)m->evaluations, NULL);
			put_num(w, ws, row, 5, (double)m->filed, NULL);
			put_str(w, ws, row, 6, m->evaluations + m->filed > 0 ?
			    "occurred" : "no occurrence", NULL);
		}
		if (draw != NULL && draw[i] != 0)
			put_num(w, ws, row, ncols - 1, draw[i], NULL);
	}
	assure_buf_free(&buf);
	ck(w, worksheet_autofilter(ws, (lxw_row_t)head, 0,
	    (lxw_row_t)(row - 1), (lxw_col_t)(ncols - 1)),
	    "setting the autofilter");
	if (i < x->pop.n)
		cut_note(w, ws, row++, i, x->pop.n);
	return row;
}

static size_t
control_exceptions(struct wb *w, lxw_worksheet *ws,
    const struct control_history *h, size_t row, size_t limit)
{
	static const char *const cols[] = { "Test", "Subject", "Exception",
	    "Warning", "First seen", "Last seen", "Evaluations" };
	size_t i;

	row = section(w, ws, row + 1, "Exceptions across the population");
	if (h->nexc == 0) {
		put_str(w, ws, row++, 0, "None recorded in the period.", NULL);
		return row;
	}
	header(w, ws, row++, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < h->nexc && i < limit; i++, row++) {
		const struct hist_exception *e = &h->exc[i];

		put_str(w, ws, row, 0, e->test_id, NULL);
		put_str(w, ws, row, 1, e->subject, NULL);
		put_str(w, ws, row, 2, e->reason, w->wrap);
		put_str(w, ws, row, 3, e->warning ? "yes" : "no", NULL);
		put_time(w, ws, row, 4, e->first, w->date);
		put_time(w, ws, row, 5, e->last, w->date);
		put_num(w, ws, row, 6, (double)e->times, NULL);
	}
	if (i < h->nexc)
		cut_note(w, ws, row++, i, h->nexc);
	return row;
}

static size_t
control_gaps(struct wb *w, lxw_worksheet *ws,
    const struct control_history *h, size_t row)
{
	static const char *const cols[] = { "Start", "End", "Days" };
	size_t i;

	row = section(w, ws, row + 1, "Evidence continuity: gaps");
	if (h->ngaps == 0) {
		put_fmt(w, ws, row++, 0, NULL, "None: the evidence covers the "
		    "whole period (%zu evidence files).", h->nev);
		return row;
	}
	header(w, ws, row++, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < h->ngaps; i++, row++) {
		put_time(w, ws, row, 0, h->gaps[i].start, w->instant);
		put_time(w, ws, row, 1, h->gaps[i].end, w->instant);
		put_num(w, ws, row, 2, (double)((h->gaps[i].end -
		    h->gaps[i].start + 1 + 43200) / 86400), NULL);
	}
	return row;
}

static size_t
control_sample(struct wb *w, lxw_worksheet *ws, const struct type2doc *t,
    const struct type2_control *x, size_t row)
{
	static const char *const cols[] = { "Draw", "i", "x (hex)", "Index",
	    "Subject", "What was found" };
	char hex[17], found[4096];
	size_t i;

	row = section(w, ws, row + 1, "Sample");
	if (!x->sampled) {
		put_fmt(w, ws, row++, 0, NULL, "Not drawn: %s.", t->cp_why);
		return row;
	}
	put_fmt(w, ws, row++, 0, NULL, "%zu of %zu (%s); redo it from the "
	    "checkpoint and the population (docs/SAMPLING.md).", x->s.nitems,
	    x->s.n, x->s.whole ? "the whole population, without a draw" :
	    "drawn");
	if (x->s.nitems == 0)
		return row;
	header(w, ws, row++, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < x->s.nitems; i++, row++) {
		const struct sample_item *it = &x->s.items[i];

		put_num(w, ws, row, 0, (double)(i + 1), NULL);
		if (!x->s.whole) {
			put_num(w, ws, row, 1, (double)it->i, NULL);
			snprintf(hex, sizeof(hex), "%016llx",
			    (unsigned long long)it->x);
			put_str(w, ws, row, 2, hex, w->mono);
		}
		put_num(w, ws, row, 3, (double)it->index, NULL);
		put_str(w, ws, row, 4, it->subject, NULL);
		type2_finding(x, it->subject, found, sizeof(found));
		put_str(w, ws, row, 5, found, w->wrap);
	}
	return row;
}

static size_t
control_evidence(struct wb *w, lxw_worksheet *ws,
    const struct control_history *h, size_t row, size_t limit)
{
	static const char *const cols[] = { "As of", "Kind", "Source",
	    "Filed against the control", "Period start", "Period end",
	    "SHA-256" };
	size_t i;

	row = section(w, ws, row + 1, "Evidence used");
	if (h->nev == 0) {
		put_str(w, ws, row++, 0, "None.", NULL);
		return row;
	}
	header(w, ws, row++, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < h->nev && i < limit; i++, row++) {
		const struct hist_evidence *e = &h->ev[i];

		put_time(w, ws, row, 0, e->as_of, w->instant);
		put_str(w, ws, row, 1, e->kind, NULL);
		put_str(w, ws, row, 2, e->source, NULL);
		put_str(w, ws, row, 3, e->filed ? "yes" : "no", NULL);
		if (e->has_period) {
			put_time(w, ws, row, 4, e->period_start, w->date);
			put_time(w, ws, row, 5, e->period_end, w->date);
		}
		put_str(w, ws, row, 6, e->sha256, w->mono);
	}
	if (i < h->nev)
		cut_note(w, ws, row++, i, h->nev);
	return row;
}

static void
write_control(struct wb *w, const struct type2doc *t,
    const struct type2_control *x, const char *name)
{
	static const double widths[] = { 24, 36, 28, 28, 16, 16, 14, 12 };
	lxw_worksheet *ws;
	uint32_t *draw = NULL;
	struct budget b;
	size_t i, row;
	long k;

	w->sheet = name;
	ck(w, workbook_validate_sheet_name(w->wb, name), "naming the sheet");
	if (w->err != LXW_NO_ERROR)
		return;
	if ((ws = workbook_add_worksheet(w->wb, name)) == NULL) {
		ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding the sheet");
		return;
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(widths); i++)
		width(w, ws, i, widths[i], NULL);
	if (x->pop.events && x->c->ntests > 0)
		width(w, ws, 2 + WB_MIN(x->c->ntests, CONTROL_LIST_MAX),
		    14, NULL);
	if (x->sampled && x->pop.n > 0) {
		if ((draw = calloc(x->pop.n, sizeof(*draw))) == NULL) {
			ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "the sample");
			return;
		}
		for (i = 0; i < x->s.nitems; i++)
			if ((k = member_at(&x->pop, x->s.items[i].subject)) >= 0)
				draw[k] = (uint32_t)(i + 1);
	}
	row = control_head(w, ws, t, x);
	plan(x, row, &b);
	row = control_population(w, ws, x, draw, row, b.pop);
	row = control_exceptions(w, ws, &x->h, row, b.exc);
	row = control_gaps(w, ws, &x->h, row);
	row = control_sample(w, ws, t, x, row);
	(void)control_evidence(w, ws, &x->h, row, b.ev);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	free(draw);
	w->sheet = NULL;
}

/* --------------------------------------------------------- request list */

static int
index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void
write_requests(struct wb *w, const struct type2doc *t)
{
	static const char *const cols[] = { "Request", "Control", "Title",
	    "Owner", "Frequency", "What the auditor requests", "Items",
	    "Status", "Notes" };
	static const double widths[] = { 9, 12, 36, 22, 11, 70, 7, 10, 30 };
	lxw_worksheet *ws;
	struct assure_buf b;
	size_t i, j, row, head = 2, *order = NULL;

	w->sheet = "Request list";
	if ((ws = workbook_add_worksheet(w->wb, "Request list")) == NULL) {
		ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding the sheet");
		return;
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(widths); i++)
		width(w, ws, i, widths[i], i == 5 ? w->wrap : NULL);
	put_str(w, ws, 0, 0, "Request list: evidence to provide to the "
	    "auditor", w->title);
	header(w, ws, head, cols, ASSURE_ARRAY_LEN(cols));
	assure_buf_init(&b, 0);
	for (i = 0, row = head + 1; i < t->n; i++, row++) {
		const struct type2_control *x = &t->v[i];
		size_t items = 0;

		assure_buf_reset(&b);
		free(order);
		order = NULL;
		if (x->sampled && x->s.nitems > 0 && (order =
		    calloc(x->s.nitems, sizeof(*order))) == NULL) {
			ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "a request");
			break;
		}
		if (x->c->ntests == 0 && filed(&x->h) == 0 &&
		    (x->pop.events || x->h.nunits == 0)) {
			assure_buf_printf(&b, "documents evidencing the "
			    "control for the period");
		} else if (x->c->ntests == 0 && filed(&x->h) == 0) {
			assure_buf_printf(&b, "documents evidencing the "
			    "control for the period");
			if (x->sampled && x->s.nitems > 0)
				assure_buf_printf(&b, ", covering the sampled "
				    "%ss:", unit_name(x->c));
		} else if (x->pop.events)
			assure_buf_printf(&b, "supporting records for the "
			    "sampled items:");
		else
			assure_buf_printf(&b, "evidence of operation for the "
			    "sampled %ss:", unit_name(x->c));
		if (b.len > 0 && b.data[b.len - 1] == ':') {
			if (!x->sampled)
				assure_buf_printf(&b, " (sample not drawn "
				    "yet: %s)", t->cp_why);
			else if (x->s.nitems == 0)
				assure_buf_printf(&b, " none (the population "
				    "is empty)");
			/* In population order: by date for units. */
			for (j = 0; x->sampled && j < x->s.nitems; j++)
				order[j] = x->s.items[j].index;
			if (order != NULL)
				qsort(order, x->s.nitems, sizeof(*order),
				    index_cmp);
			for (j = 0; x->sampled && j < x->s.nitems; j++)
				assure_buf_printf(&b, "%s %s", j > 0 ? "," : "",
				    x->s.sorted[order[j]]);
			items = x->sampled ? x->s.nitems : 0;
		}
		if (assure_buf_err(&b) != ASSURE_OK) {
			ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "a request");
			break;
		}
		put_fmt(w, ws, row, 0, NULL, "R-%03zu", i + 1);
		put_str(w, ws, row, 1, x->c->id, NULL);
		put_str(w, ws, row, 2, x->c->title, NULL);
		put_str(w, ws, row, 3, x->c->owner, NULL);
		put_str(w, ws, row, 4, control_frequency_name(x->c->frequency),
		    NULL);
		put_str(w, ws, row, 5, b.data != NULL ? b.data : "", w->wrap);
		put_num(w, ws, row, 6, (double)items, NULL);
		put_str(w, ws, row, 7, provided(x) ? "provided" : "open",
		    NULL);
	}
	free(order);
	assure_buf_free(&b);
	ck(w, worksheet_autofilter(ws, (lxw_row_t)head, 0,
	    (lxw_row_t)(head + t->n), (lxw_col_t)(ASSURE_ARRAY_LEN(cols) - 1)),
	    "setting the autofilter");
	worksheet_freeze_panes(ws, (lxw_row_t)(head + 1), 0);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	w->sheet = NULL;
}

/* -------------------------------------------------------------- formats */

static lxw_format *
fmt_new(struct wb *w)
{
	lxw_format *f = workbook_add_format(w->wb);

	if (f == NULL)
		ck(w, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a format");
	return f;
}

static bool
formats(struct wb *w)
{
	static const struct {
		lxw_color_t	bg, fg;
	} concl[HIST_CONCLUSION__MAX] = {
		[HIST_EFFECTIVE] = { 0xC6EFCE, 0x006100 },	/* green */
		[HIST_EXCEPTIONS] = { 0xFFEB9C, 0x9C5700 },	/* amber */
		[HIST_NOT_EVIDENCED] = { 0xFFC7CE, 0x9C0006 },	/* red */
	};
	size_t i;

	if ((w->title = fmt_new(w)) == NULL ||
	    (w->label = fmt_new(w)) == NULL ||
	    (w->head = fmt_new(w)) == NULL ||
	    (w->section = fmt_new(w)) == NULL ||
	    (w->wrap = fmt_new(w)) == NULL ||
	    (w->date = fmt_new(w)) == NULL ||
	    (w->instant = fmt_new(w)) == NULL ||
	    (w->mono = fmt_new(w)) == NULL ||
	    (w->link = fmt_new(w)) == NULL)
		return false;
	format_set_bold(w->title);
	format_set_font_size(w->title, 14);
	format_set_bold(w->label);
	format_set_bold(w->head);
	format_set_bg_color(w->head, 0xD9D9D9);
	format_set_bottom(w->head, LXW_BORDER_THIN);
	format_set_text_wrap(w->head);
	format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bold(w->section);
	format_set_font_size(w->section, 12);
	format_set_text_wrap(w->wrap);
	format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(w->date, "yyyy-mm-dd");
	format_set_align(w->date, LXW_ALIGN_LEFT);
	format_set_num_format(w->instant, "yyyy-mm-dd hh:mm:ss");
	format_set_align(w->instant, LXW_ALIGN_LEFT);
	format_set_font_name(w->mono, "Consolas");
	format_set_underline(w->link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(w->link, LXW_COLOR_BLUE);
	for (i = 0; i < HIST_CONCLUSION__MAX; i++) {
		if ((w->concl[i] = fmt_new(w)) == NULL)
			return false;
		format_set_bg_color(w->concl[i], concl[i].bg);
		format_set_font_color(w->concl[i], concl[i].fg);
	}
	return true;
}

/* ----------------------------------------------------------------- main */

enum assure_err
workbook_write(const struct type2doc *t, const char *path,
    struct assure_diag *d)
{
	lxw_workbook_options o;
	lxw_doc_properties props;
	char title[512], comments[] = "Generated by assure " ASSURE_VERSION;
	lxw_error e;
	struct wb w;
	size_t i;

	memset(&w, 0, sizeof(w));
	if ((w.cell = malloc(WB_CELL_MAX * 4 + 4)) == NULL ||
	    (w.names = calloc(t->n + 1, sizeof(*w.names))) == NULL) {
		free(w.cell);
		return ASSURE_ERR_NOMEM;
	}
	for (i = 0; i < t->n; i++)
		sheet_name(&w, t->v[i].c->id, i);
	memset(&o, 0, sizeof(o));
	o.constant_memory = LXW_TRUE;
	if ((w.wb = workbook_new_opt(path, &o)) == NULL) {
		free(w.cell);
		free(w.names);
		return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot start the workbook (out of memory or no "
		    "temporary directory)");
	}
	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "Type 2: %s, %s", t->cfg->organisation,
	    t->cfg->system);
	props.title = title;
	props.company = (char *)(uintptr_t)t->cfg->organisation;
	props.comments = comments;
	ck(&w, workbook_set_properties(w.wb, &props), "document properties");
	if (formats(&w)) {
		write_summary(&w, t);
		for (i = 0; i < t->n && w.err == LXW_NO_ERROR; i++)
			write_control(&w, t, &t->v[i], w.names[i]);
		if (w.err == LXW_NO_ERROR)
			write_requests(&w, t);
	}
	e = workbook_close(w.wb);
	free(w.cell);
	free(w.names);
	if (w.err == LXW_NO_ERROR && e != LXW_NO_ERROR) {
		w.err = e;
		snprintf(w.where, sizeof(w.where), "writing the file");
	}
	if (w.err != LXW_NO_ERROR) {
		(void)unlink(path);
		return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot write the workbook: %s: %s", w.where,
		    lxw_strerror(w.err));
	}
	return ASSURE_OK;
}
