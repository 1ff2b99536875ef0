/*
 * doc.h: one document, written once, rendered as Markdown or HTML.
 *
 * A report (the scoping statement, the gap report, later the system
 * description) describes its content with these calls; the doc writes it
 * through the escaping Markdown writer (md.h) or HTML writer (html.h).
 * Every piece of text, including the result of a printf-style format, is
 * escaped as a whole: callers cannot produce markup from data.  Class
 * names (for a status cell's colour) are literals from the code.
 *
 * The HTML is a plain, printable page with an embedded style sheet and no
 * script.  Errors are sticky in the output buffer.
 */
#ifndef ASSURE_REPORT_DOC_H
#define ASSURE_REPORT_DOC_H

#include "common/buf.h"
#include "common/compat.h"
#include "report/html.h"

/* Formats a report file can be written in, chosen by its extension. */
enum doc_format {
	DOC_MARKDOWN,
	DOC_HTML,
	DOC_JSON,
	DOC_FORMAT__MAX
};

/*
 * The format for a file name: .md or .markdown, .html or .htm, .json (any
 * case).  Returns 0, or -1 for anything else.
 */
int doc_format_from_path(const char *path, enum doc_format *ret);
/* "markdown", "html", "json". */
const char *doc_format_name(enum doc_format f);

#define DOC_COLS_MAX	8

struct doc {
	enum doc_format		 fmt;	/* DOC_MARKDOWN or DOC_HTML */
	struct assure_buf	*out;
	struct htmlw		 html;
	struct assure_buf	 tmp;	/* formatted text before escaping */
	size_t			 ncols;
	size_t			 col;
	int			 list;	/* open list depth */
};

/* Start a document in fmt (DOC_MARKDOWN or DOC_HTML) appending to out. */
void doc_init(struct doc *d, enum doc_format fmt, struct assure_buf *out);
/* Release the doc's scratch storage (not out). */
void doc_release(struct doc *d);

/* The title (h1) and a subtitle line under it. */
void doc_begin(struct doc *d, const char *title, const char *subtitle);
/* A small-print footer, then the end of the document. */
void doc_end(struct doc *d, const char *footer);

/* A heading of level 2 to 4. */
void doc_heading(struct doc *d, int level, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);
void doc_para(struct doc *d, const char *fmt, ...) ASSURE_PRINTF(2, 3);
/* A paragraph in small print (explanations, notes). */
void doc_note(struct doc *d, const char *fmt, ...) ASSURE_PRINTF(2, 3);

/* Key/value lines: the header block of a document. */
void doc_meta_begin(struct doc *d);
void doc_meta(struct doc *d, const char *key, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);
void doc_meta_end(struct doc *d);

/* Bulleted lists; an item may start with a bold lead (or NULL). */
void doc_list_begin(struct doc *d);
void doc_item(struct doc *d, const char *lead, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);
void doc_list_end(struct doc *d);

/*
 * A table with n column headings; cls (or NULL) names its layout in HTML:
 * "items" (name and description), "crit" (short id first), "gaps" (a
 * criterion, a status, the basis), "num" (a numbered list).
 */
void doc_table_begin(struct doc *d, const char *cls, const char *const *cols,
    size_t n);
void doc_cell(struct doc *d, const char *fmt, ...) ASSURE_PRINTF(2, 3);
/* A cell with a class (HTML colour) and bold text in Markdown. */
void doc_cell_class(struct doc *d, const char *cls, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);
void doc_table_end(struct doc *d);

/*
 * A figure: in HTML, svg[0..n) (an SVG element from diagram_render(), its
 * prolog removed) inline in <figure class="diagram"> through
 * htmlw_trusted_fragment(), and the escaped caption; in Markdown only the
 * caption, as a note.  svg must be graphviz's rendering of a diagram whose
 * labels were quoted by diagram_dot_quote(): see diagram.h for why that
 * output holds no markup of the workspace's.
 */
void doc_figure_svg(struct doc *d, const char *svg, size_t n,
    const char *caption);

/*
 * A block of code in language lang (a literal, "dot"): in Markdown a
 * fenced block whose fence is longer than any run of backticks in text; in
 * HTML an escaped <pre>.
 */
void doc_code_block(struct doc *d, const char *lang, const char *text);

/* A sign-off block: one row per role with name, signature and date. */
void doc_signoff(struct doc *d, const char *const *roles, size_t n);

#endif
