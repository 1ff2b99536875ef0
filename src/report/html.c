/*
 * html.c: the escaping HTML writer (see html.h).
 */
#include "common/compat.h"

#include <string.h>

#include "report/html.h"

/* Tags and classes come from code: plain lower-case names only. */
static void
check_name(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0')
		assure_bug("html: empty element or class name");
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			assure_bug("html: bad name '%s'", s);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void
html_escape(struct assure_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		switch (p[i]) {
		case '&':
			assure_buf_adds(b, "&amp;");
			i++;
			continue;
		case '<':
			assure_buf_adds(b, "&lt;");
			i++;
			continue;
		case '>':
			assure_buf_adds(b, "&gt;");
			i++;
			continue;
		case '"':
			assure_buf_adds(b, "&quot;");
			i++;
			continue;
		case '\'':
			assure_buf_adds(b, "&#39;");
			i++;
			continue;
		case '\n':
		case '\t':
			assure_buf_addc(b, (char)p[i]);
			i++;
			continue;
		default:
			break;
		}
		if (p[i] < 0x20 || p[i] == 0x7f) {
			assure_buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		l = utf8_len(p + i, n - i);
		if (l == 0) {
			assure_buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		assure_buf_add(b, p + i, l);
		i += l;
	}
}

void
htmlw_init(struct htmlw *w, struct assure_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

void
htmlw_begin(struct htmlw *w, const char *title, const char *css)
{
	assure_buf_adds(w->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(w->out, title, strlen(title));
	assure_buf_adds(w->out, "</title>\n<style>\n");
	assure_buf_adds(w->out, css);
	assure_buf_adds(w->out, "</style>\n</head>\n");
	htmlw_open(w, "body", NULL);
}

void
htmlw_begin_linked(struct htmlw *w, const char *title, const char *href)
{
	const char *const a[] = { "rel", "stylesheet", "href", href, NULL };

	assure_buf_adds(w->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(w->out, title, strlen(title));
	assure_buf_adds(w->out, "</title>\n");
	htmlw_void_attrs(w, "link", NULL, a);
	assure_buf_adds(w->out, "\n</head>\n");
	htmlw_open(w, "body", NULL);
}

void
htmlw_end(struct htmlw *w)
{
	while (w->depth > 0)
		htmlw_close(w);
	assure_buf_adds(w->out, "</html>\n");
}

void
htmlw_open(struct htmlw *w, const char *tag, const char *cls)
{
	check_name(tag);
	if (w->depth == HTMLW_DEPTH_MAX)
		assure_bug("html: elements nested deeper than %d",
		    HTMLW_DEPTH_MAX);
	assure_buf_printf(w->out, "<%s", tag);
	if (cls != NULL) {
		check_name(cls);
		assure_buf_printf(w->out, " class=\"%s\"", cls);
	}
	assure_buf_addc(w->out, '>');
	w->stack[w->depth++] = tag;
}

/* The attribute names htmlw_open_attrs() writes; see html.h. */
static const char *const attr_names[] = { "href", "action", "method",
    "name", "value", "type", "id", "for", "src", "alt", "title", "rel",
    "role", "aria-label", "colspan", "datetime", "autocomplete", "xmlns",
    "width", "height", "viewBox", "d", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "points", "text-anchor", "required", "inputmode",
    "pattern", "maxlength", "minlength", "enctype", "autofocus",
    "spellcheck", "size", "accept", "placeholder" };

static bool
is_url_attr(const char *name)
{
	return strcmp(name, "href") == 0 || strcmp(name, "action") == 0 ||
	    strcmp(name, "src") == 0;
}

bool
htmlw_url_ok(const char *url)
{
	const unsigned char *p;

	if (url == NULL)
		return false;
	if (url[0] == '#' || url[0] == '?')
		;
	else if (url[0] != '/' || url[1] == '/')
		return false;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

static void
write_attrs(struct htmlw *w, const char *tag, const char *cls,
    const char *const *attrs)
{
	const char *v;
	size_t i, j;

	check_name(tag);
	assure_buf_printf(w->out, "<%s", tag);
	if (cls != NULL) {
		check_name(cls);
		assure_buf_printf(w->out, " class=\"%s\"", cls);
	}
	for (i = 0; attrs != NULL && attrs[i] != NULL; i += 2) {
		for (j = 0; j < ASSURE_ARRAY_LEN(attr_names); j++)
			if (strcmp(attrs[i], attr_names[j]) == 0)
				break;
		if (j == ASSURE_ARRAY_LEN(attr_names))
			assure_bug("html: attribute '%s' not allowed",
			    attrs[i]);
		if ((v = attrs[i + 1]) == NULL)
			continue;
		if (is_url_attr(attrs[i]) && !htmlw_url_ok(v))
			v = "#";
		assure_buf_printf(w->out, " %s=\"", attr_names[j]);
		html_escape(w->out, v, strlen(v));
		assure_buf_addc(w->out, '"');
	}
	assure_buf_addc(w->out, '>');
}

void
htmlw_open_attrs(struct htmlw *w, const char *tag, const char *cls,
    const char *const *attrs)
{
	if (w->depth == HTMLW_DEPTH_MAX)
		assure_bug("html: elements nested deeper than %d",
		    HTMLW_DEPTH_MAX);
	write_attrs(w, tag, cls, attrs);
	w->stack[w->depth++] = tag;
}

void
htmlw_void_attrs(struct htmlw *w, const char *tag, const char *cls,
    const char *const *attrs)
{
	write_attrs(w, tag, cls, attrs);
}

/* Block elements get a newline after their end tag, for readable source. */
static bool
is_block(const char *tag)
{
	static const char *const blocks[] = { "body", "p", "h1", "h2", "h3",
	    "h4", "ul", "ol", "li", "table", "thead", "tbody", "tr", "dl",
	    "dd", "section", "header", "footer", "div" };
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(blocks); i++)
		if (strcmp(tag, blocks[i]) == 0)
			return true;
	return false;
}

void
htmlw_close(struct htmlw *w)
{
	const char *tag;

	if (w->depth == 0)
		assure_bug("html: close without open");
	tag = w->stack[--w->depth];
	assure_buf_printf(w->out, "</%s>", tag);
	if (is_block(tag))
		assure_buf_addc(w->out, '\n');
}

void
htmlw_void(struct htmlw *w, const char *tag)
{
	check_name(tag);
	assure_buf_printf(w->out, "<%s>", tag);
}

void
htmlw_text(struct htmlw *w, const char *s)
{
	html_escape(w->out, s, strlen(s));
}

/*
 * See html.h: for md4c's output of a policy body and graphviz's SVG of a
 * diagram only.  md4c copies the bytes of the text as they are, so bytes
 * that are not UTF-8 and control characters are replaced here as
 * htmlw_text() would.
 */
void
htmlw_trusted_fragment(struct htmlw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') ||
		    p[i] == 0x7f || (l = utf8_len(p + i, n - i)) == 0) {
			assure_buf_adds(w->out, "\xef\xbf\xbd");
			i++;
			continue;
		}
		assure_buf_add(w->out, p + i, l);
		i += l;
	}
}

void
htmlw_elem(struct htmlw *w, const char *tag, const char *cls,
    const char *text)
{
	htmlw_open(w, tag, cls);
	htmlw_text(w, text);
	htmlw_close(w);
}
