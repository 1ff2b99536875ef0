/*
 * doc.c: documents in Markdown or HTML (see doc.h).
 *
 * Every text-taking call formats into d->tmp first and then hands the
 * whole result to the escaping writer of the format, so a value that
 * holds markup characters is shown, never interpreted.
 */
#include "common/compat.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "report/doc.h"
#include "report/md.h"

/* The style sheet: a plain document that prints well.  No script. */
static const char doc_css[] =
    "body { font: 10.5pt/1.45 Georgia, 'Times New Roman', serif; "
    "color: #111; max-width: 56em; margin: 2em auto; padding: 0 1.5em; }\n"
    "h1 { font-size: 1.75em; margin: 0 0 .15em; }\n"
    "p.subtitle { font-size: 1.1em; color: #333; margin: 0 0 1.2em; }\n"
    "h2 { font-size: 1.3em; border-bottom: 1px solid #888; "
    "padding-bottom: .15em; margin-top: 1.8em; page-break-after: avoid; }\n"
    "h3 { font-size: 1.08em; margin-top: 1.4em; page-break-after: avoid; }\n"
    "h4 { font-size: 1em; margin-top: 1.2em; page-break-after: avoid; }\n"
    "table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; "
    "font-size: .93em; }\n"
    "th, td { border: 1px solid #aaa; padding: .3em .5em; text-align: left; "
    "vertical-align: top; }\n"
    "th { background: #ececec; }\n"
    "tr { page-break-inside: avoid; }\n"
    "table.items td:first-child { width: 32%; }\n"
    "table.crit td:first-child, table.num td:first-child "
    "{ width: 4.5em; white-space: nowrap; }\n"
    "table.gaps td:first-child { width: 30%; }\n"
    "table.evid td:first-child { width: 55%; font-family: monospace; "
    "font-size: .9em; word-break: break-all; }\n"
    "table.gaps td:nth-child(2) { width: 5.5em; }\n"
    "dl.meta { display: grid; grid-template-columns: max-content auto; "
    "gap: .2em 1.5em; margin: 1em 0 1.5em; padding: .6em .8em; "
    "border: 1px solid #aaa; }\n"
    "dl.meta dt { font-weight: bold; }\n"
    "dl.meta dd { margin: 0; }\n"
    "p.note { font-size: .9em; color: #333; }\n"
    "td.covered, td.addressed, td.in { background: #e2f0e2; }\n"
    "td.partial { background: #fbf0d2; }\n"
    "td.gap, td.open { background: #f5dada; }\n"
    "td.out { background: #eeeeee; }\n"
    "table.signoff td { height: 2.6em; }\n"
    "footer { margin-top: 2.5em; font-size: .85em; color: #444; "
    "border-top: 1px solid #aaa; padding-top: .5em; }\n"
    /* The policies report: a page per policy, its status, its body. */
    "section.policy { page-break-before: always; break-before: page; }\n"
    "p.st-approved, p.st-changed, p.st-not-approved { font-weight: bold; "
    "padding: .3em .6em; border: 1px solid #aaa; margin-bottom: 0; }\n"
    "p.st-approved { background: #e2f0e2; }\n"
    "p.st-changed { background: #fbf0d2; }\n"
    "p.st-not-approved { background: #f5dada; }\n"
    "div.policy-body h1 { font-size: 1.4em; margin-top: 1em; }\n"
    "div.policy-body pre, div.policy-body code { font-family: monospace; "
    "font-size: .95em; }\n"
    /* The system description: diagrams sized to the page. */
    "figure.diagram { margin: 1em 0 1.5em; text-align: center; "
    "page-break-inside: avoid; }\n"
    "figure.diagram svg { max-width: 100%; height: auto; }\n"
    "figure.diagram figcaption { font-size: .9em; color: #333; "
    "margin-top: .4em; }\n"
    "pre { font-size: .85em; background: #f6f6f6; padding: .5em; "
    "overflow-x: auto; }\n"
    "@page { margin: 2cm; }\n"
    "@media print { body { margin: 0; max-width: none; padding: 0; } }\n";

static const char *const format_names[DOC_FORMAT__MAX] = {
	[DOC_MARKDOWN] = "markdown",
	[DOC_HTML] = "html",
	[DOC_JSON] = "json",
};

const char *
doc_format_name(enum doc_format f)
{
	return (unsigned)f < DOC_FORMAT__MAX ? format_names[f] : "unknown";
}

int
doc_format_from_path(const char *path, enum doc_format *ret)
{
	static const struct {
		const char	*ext;
		enum doc_format	 fmt;
	} exts[] = {
		{ ".md", DOC_MARKDOWN },
		{ ".markdown", DOC_MARKDOWN },
		{ ".html", DOC_HTML },
		{ ".htm", DOC_HTML },
		{ ".json", DOC_JSON },
	};
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t i;

	if (dot == NULL || (slash != NULL && dot < slash))
		return -1;
	for (i = 0; i < ASSURE_ARRAY_LEN(exts); i++)
		if (strcasecmp(dot, exts[i].ext) == 0) {
			*ret = exts[i].fmt;
			return 0;
		}
	return -1;
}

void
doc_init(struct doc *d, enum doc_format fmt, struct assure_buf *out)
{
	memset(d, 0, sizeof(*d));
	if (fmt != DOC_MARKDOWN && fmt != DOC_HTML)
		assure_bug("doc: format %d is not a document format", fmt);
	d->fmt = fmt;
	d->out = out;
	htmlw_init(&d->html, out);
	assure_buf_init(&d->tmp, 0);
}

void
doc_release(struct doc *d)
{
	assure_buf_free(&d->tmp);
}

/* Format into d->tmp; a failure there becomes the output's failure. */
static const char * ASSURE_PRINTF(2, 0)
vfmt(struct doc *d, const char *fmt, va_list ap)
{
	assure_buf_reset(&d->tmp);
	assure_buf_vprintf(&d->tmp, fmt, ap);
	if (assure_buf_err(&d->tmp) != ASSURE_OK && d->out->err == ASSURE_OK)
		d->out->err = assure_buf_err(&d->tmp);
	return assure_buf_str(&d->tmp);
}

void
doc_begin(struct doc *d, const char *title, const char *subtitle)
{
	if (d->fmt == DOC_HTML) {
		htmlw_begin(&d->html, title, doc_css);
		htmlw_elem(&d->html, "h1", NULL, title);
		if (subtitle != NULL)
			htmlw_elem(&d->html, "p", "subtitle", subtitle);
		return;
	}
	assure_buf_adds(d->out, "# ");
	md_text(d->out, title);
	assure_buf_adds(d->out, "\n\n");
	if (subtitle != NULL) {
		md_text(d->out, subtitle);
		assure_buf_adds(d->out, "\n\n");
	}
}

void
doc_end(struct doc *d, const char *footer)
{
	if (d->fmt == DOC_HTML) {
		if (footer != NULL)
			htmlw_elem(&d->html, "footer", NULL, footer);
		htmlw_end(&d->html);
		return;
	}
	if (footer != NULL) {
		assure_buf_adds(d->out, "\n---\n\n");
		md_text(d->out, footer);
		assure_buf_addc(d->out, '\n');
	}
}

void
doc_heading(struct doc *d, int level, const char *fmt, ...)
{
	static const char *const tags[] = { "h1", "h2", "h3", "h4" };
	const char *s;
	va_list ap;

	if (level < 2 || level > 4)
		assure_bug("doc: heading level %d", level);
	va_start(ap, fmt);
	s = vfmt(d, fmt, ap);
	va_end(ap);
	if (d->fmt == DOC_HTML)
		htmlw_elem(&d->html, tags[level - 1], NULL, s);
	else
		md_heading(d->out, level, s);
}

static void ASSURE_PRINTF(3, 0)
vpara(struct doc *d, const char *cls, const char *fmt, va_list ap)
{
	const char *s = vfmt(d, fmt, ap);

	if (d->fmt == DOC_HTML) {
		htmlw_elem(&d->html, "p", cls, s);
		return;
	}
	if (cls != NULL)
		assure_buf_addc(d->out, '*');
	md_text(d->out, s);
	if (cls != NULL)
		assure_buf_addc(d->out, '*');
	assure_buf_adds(d->out, "\n\n");
}

void
doc_para(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpara(d, NULL, fmt, ap);
	va_end(ap);
}

void
doc_note(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpara(d, "note", fmt, ap);
	va_end(ap);
}

void
doc_meta_begin(struct doc *d)
{
	if (d->fmt == DOC_HTML)
		htmlw_open(&d->html, "dl", "meta");
}

void
doc_meta(struct doc *d, const char *key, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = vfmt(d, fmt, ap);
	va_end(ap);
	if (d->fmt == DOC_HTML) {
		htmlw_elem(&d->html, "dt", NULL, key);
		htmlw_elem(&d->html, "dd", NULL, s);
		return;
	}
	assure_buf_adds(d->out, "- ");
	md_strong(d->out, key);
	assure_buf_adds(d->out, ": ");
	md_text(d->out, s);
	assure_buf_addc(d->out, '\n');
}

void
doc_meta_end(struct doc *d)
{
	if (d->fmt == DOC_HTML)
		htmlw_close(&d->html);
	else
		assure_buf_addc(d->out, '\n');
}

void
doc_list_begin(struct doc *d)
{
	d->list++;
	if (d->fmt == DOC_HTML)
		htmlw_open(&d->html, "ul", NULL);
}

void
doc_item(struct doc *d, const char *lead, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = vfmt(d, fmt, ap);
	va_end(ap);
	if (d->fmt == DOC_HTML) {
		htmlw_open(&d->html, "li", NULL);
		if (lead != NULL) {
			htmlw_elem(&d->html, "strong", NULL, lead);
			if (*s != '\0')
				htmlw_text(&d->html, " ");
		}
		htmlw_text(&d->html, s);
		htmlw_close(&d->html);
		return;
	}
	assure_buf_adds(d->out, "- ");
	if (lead != NULL) {
		md_strong(d->out, lead);
		if (*s != '\0')
			assure_buf_addc(d->out, ' ');
	}
	md_text(d->out, s);
	assure_buf_addc(d->out, '\n');
}

void
doc_list_end(struct doc *d)
{
	if (d->list == 0)
		assure_bug("doc: list end without begin");
	d->list--;
	if (d->fmt == DOC_HTML)
		htmlw_close(&d->html);
	else
		assure_buf_addc(d->out, '\n');
}

void
doc_table_begin(struct doc *d, const char *cls, const char *const *cols,
    size_t n)
{
	size_t i;

	if (n == 0 || n > DOC_COLS_MAX)
		assure_bug("doc: table of %zu columns", n);
	d->ncols = n;
	d->col = 0;
	if (d->fmt == DOC_MARKDOWN) {
		md_table_head(d->out, cols, n);
		return;
	}
	htmlw_open(&d->html, "table", cls);
	htmlw_open(&d->html, "thead", NULL);
	htmlw_open(&d->html, "tr", NULL);
	for (i = 0; i < n; i++)
		htmlw_elem(&d->html, "th", NULL, cols[i]);
	htmlw_close(&d->html);
	htmlw_close(&d->html);
	htmlw_open(&d->html, "tbody", NULL);
}

static void
cell(struct doc *d, const char *cls, const char *s)
{
	if (d->ncols == 0)
		assure_bug("doc: cell outside a table");
	if (d->fmt == DOC_HTML) {
		if (d->col == 0)
			htmlw_open(&d->html, "tr", NULL);
		htmlw_elem(&d->html, "td", cls, s);
		if (++d->col == d->ncols) {
			htmlw_close(&d->html);
			d->col = 0;
		}
		return;
	}
	if (d->col == 0)
		assure_buf_addc(d->out, '|');
	assure_buf_addc(d->out, ' ');
	if (cls != NULL && *s != '\0')
		md_strong(d->out, s);
	else
		md_text(d->out, s);
	assure_buf_adds(d->out, " |");
	if (++d->col == d->ncols) {
		assure_buf_addc(d->out, '\n');
		d->col = 0;
	}
}

void
doc_cell(struct doc *d, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = vfmt(d, fmt, ap);
	va_end(ap);
	cell(d, NULL, s);
}

void
doc_cell_class(struct doc *d, const char *cls, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = vfmt(d, fmt, ap);
	va_end(ap);
	cell(d, cls, s);
}

void
doc_table_end(struct doc *d)
{
	while (d->col != 0)
		cell(d, NULL, "");
	d->ncols = 0;
	if (d->fmt == DOC_HTML) {
		htmlw_close(&d->html);
		htmlw_close(&d->html);
	} else
		assure_buf_addc(d->out, '\n');
}

void
doc_signoff(struct doc *d, const char *const *roles, size_t n)
{
	static const char *const cols[] = { "Role", "Name", "Signature",
	    "Date" };
	size_t i;

	if (d->fmt == DOC_HTML) {
		htmlw_open(&d->html, "table", "signoff");
		htmlw_open(&d->html, "thead", NULL);
		htmlw_open(&d->html, "tr", NULL);
		for (i = 0; i < ASSURE_ARRAY_LEN(cols); i++)
			htmlw_elem(&d->html, "th", NULL, cols[i]);
		htmlw_close(&d->html);
		htmlw_close(&d->html);
		htmlw_open(&d->html, "tbody", NULL);
		for (i = 0; i < n; i++) {
			htmlw_open(&d->html, "tr", NULL);
			htmlw_elem(&d->html, "td", NULL, roles[i]);
			htmlw_elem(&d->html, "td", NULL, "");
			htmlw_elem(&d->html, "td", NULL, "");
			htmlw_elem(&d->html, "td", NULL, "");
			htmlw_close(&d->html);
		}
		htmlw_close(&d->html);
		htmlw_close(&d->html);
		return;
	}
	md_table_head(d->out, cols, ASSURE_ARRAY_LEN(cols));
	for (i = 0; i < n; i++) {
		assure_buf_adds(d->out, "| ");
		md_text(d->out, roles[i]);
		assure_buf_adds(d->out, " | | | |\n");
	}
	assure_buf_addc(d->out, '\n');
}

void
doc_figure_svg(struct doc *d, const char *svg, size_t n, const char *caption)
{
	if (d->fmt == DOC_HTML) {
		htmlw_open(&d->html, "figure", "diagram");
		/*
		 * Safe: svg is graphviz's SVG of a DOT text whose every label
		 * came through diagram_dot_quote(), so the workspace's text
		 * is in it only as escaped character data (diagram.h).
		 */
		htmlw_trusted_fragment(&d->html, svg, n);
		htmlw_elem(&d->html, "figcaption", NULL, caption);
		htmlw_close(&d->html);
		return;
	}
	assure_buf_addc(d->out, '*');
	md_text(d->out, caption);
	assure_buf_adds(d->out, "*\n\n");
}

void
doc_code_block(struct doc *d, const char *lang, const char *text)
{
	size_t run = 0, longest = 0, i, n;
	const char *p;

	if (d->fmt == DOC_HTML) {
		htmlw_elem(&d->html, "pre", NULL, text);
		return;
	}
	for (p = text; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = longest < 3 ? 3 : longest + 1;
	for (i = 0; i < n; i++)
		assure_buf_addc(d->out, '`');
	assure_buf_printf(d->out, "%s\n", lang);
	assure_buf_adds(d->out, text);
	if (*text != '\0' && text[strlen(text) - 1] != '\n')
		assure_buf_addc(d->out, '\n');
	for (i = 0; i < n; i++)
		assure_buf_addc(d->out, '`');
	assure_buf_adds(d->out, "\n\n");
}
