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
/*
 * The same head, linking the style sheet at href (a URL htmlw_url_ok()
 * accepts) instead of holding it inline: for the dashboard, whose CSP
 * allows no inline style.
 */
void htmlw_begin_linked(struct htmlw *w, const char *title, const char *href);
/* Close every open element, then </body></html>. */
void htmlw_end(struct htmlw *w);

/* Open <tag class="cls"> (cls may be NULL). */
void htmlw_open(struct htmlw *w, const char *tag, const char *cls);
/* Close the innermost open element. */
void htmlw_close(struct htmlw *w);
/* A void element such as <br>. */
void htmlw_void(struct htmlw *w, const char *tag);

/*
 * Open <tag class="cls" name="value" ...> with attributes: attrs holds
 * name, value pairs and ends with NULL (attrs itself may be NULL).  The
 * names come from code and must be on a short list (html.c: href,
 * action, method, name, value, type, id, for, src, alt, title, rel,
 * role, aria-label, colspan, datetime, autocomplete, the form controls'
 * required, inputmode, pattern, maxlength, minlength, enctype,
 * autofocus, spellcheck, size, accept, placeholder, and SVG's xmlns,
 * width, height, viewBox, d, x, y, x1, y1, x2, y2, cx, cy, r, points,
 * text-anchor); another name is a bug.  A NULL value leaves the
 * attribute out.  Values are escaped as text is (quotes included), so
 * any string may be one.  The values of href, action and src must be
 * relative URLs: a path starting with one '/', a query starting with '?'
 * or a fragment starting with '#', with no backslash and no control
 * character; any other value
 * (javascript:, http:, //host) is written as "#" instead.  No "style"
 * and no "on..." handler can be written.
 */
void htmlw_open_attrs(struct htmlw *w, const char *tag, const char *cls,
    const char *const *attrs);
/* The same for a void element such as <input> or <link>. */
void htmlw_void_attrs(struct htmlw *w, const char *tag, const char *cls,
    const char *const *attrs);
/* Whether url is an href, action or src value the writer keeps. */
bool htmlw_url_ok(const char *url);

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
