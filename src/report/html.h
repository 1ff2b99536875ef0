/*
 * html.h: the escaping HTML writer every HTML document goes through.
 *
 * Callers never write markup themselves: they open and close elements by
 * tag name (a literal from the code, checked to be a plain lower-case
 * name) with an optional class (likewise), and hand text to htmlw_text(),
 * which escapes &, <, >, " and ' and replaces control characters and bytes
 * that are not valid UTF-8 with U+FFFD.  The writer keeps the stack of
 * open elements, so closing is always balanced, and appends to a struct
 * assure_buf whose error is sticky (check it once at the end).
 */
#ifndef ASSURE_REPORT_HTML_H
#define ASSURE_REPORT_HTML_H

#include "common/buf.h"
#include "common/compat.h"

#define HTMLW_DEPTH_MAX		32

struct htmlw {
	struct assure_buf	*out;
	const char		*stack[HTMLW_DEPTH_MAX];
	int			 depth;
};

void htmlw_init(struct htmlw *w, struct assure_buf *out);

/*
 * <!DOCTYPE html>, <html lang="en">, the head with charset, the escaped
 * title and the style sheet css (a literal from the code, never user
 * text), and <body>.
 */
void htmlw_begin(struct htmlw *w, const char *title, const char *css);
/* Close every open element, then </body></html>. */
void htmlw_end(struct htmlw *w);

/* Open <tag class="cls"> (cls may be NULL). */
void htmlw_open(struct htmlw *w, const char *tag, const char *cls);
/* Close the innermost open element. */
void htmlw_close(struct htmlw *w);
/* A void element such as <br>. */
void htmlw_void(struct htmlw *w, const char *tag);

/* Escaped text. */
void htmlw_text(struct htmlw *w, const char *s);
/* <tag class="cls">escaped text</tag>. */
void htmlw_elem(struct htmlw *w, const char *tag, const char *cls,
    const char *text);

/*
 * Append s[0..n) as markup, unescaped: the one way around the escaping,
 * for two callers only.  The Markdown renderer of policy bodies
 * (policyreport.c): its input is md4c's HTML for a body parsed with raw
 * HTML disabled (MD_FLAG_NOHTML), so every '<', '>', '&' and quote of the
 * policy text arrives escaped and every tag is md4c's own; and its links
 * and images have already been filtered to safe URL schemes.  The
 * fragment must be balanced (md4c's is): the writer's stack of open
 * elements does not see inside it.  And doc_figure_svg() (doc.c), for the
 * system description's diagrams: graphviz's SVG of DOT text whose every
 * label was quoted by diagram_dot_quote(), with the XML prolog and
 * DOCTYPE removed (diagram.h); graphviz escapes label text as XML
 * character data and the element and attribute names are its own.
 * Bytes that are not UTF-8 and control characters are replaced with
 * U+FFFD, as in text.  Never pass anything else.
 */
void htmlw_trusted_fragment(struct htmlw *w, const char *s, size_t n);

/* Append s[0..n) to b escaped for HTML text and attribute values. */
void html_escape(struct assure_buf *b, const char *s, size_t n);

#endif
