/*
 * jsonw.c: the escaping JSON writer (see jsonw.h).
 */
#include "compat.h"

#include <string.h>

#include "jsonw.h"
#include "timeutil.h"

void
jsonw_init(struct jsonw *w, struct assure_buf *out, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
}

static void
newline(struct jsonw *w)
{
	int i;

	if (!w->pretty)
		return;
	assure_buf_addc(w->out, '\n');
	for (i = 0; i < w->depth; i++)
		assure_buf_adds(w->out, "  ");
}

/* Write what must come before a value at the current position. */
static void
before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->count[w->depth - 1] > 0)
			assure_buf_addc(w->out, ',');
		w->count[w->depth - 1]++;
		newline(w);
	}
}

static void
after_value(struct jsonw *w)
{
	if (w->depth == 0 && w->pretty)
		assure_buf_addc(w->out, '\n');
}

static void
open_level(struct jsonw *w, char c)
{
	before_value(w);
	assure_buf_addc(w->out, c);
	if (w->depth >= ASSURE_JSONW_DEPTH_MAX) {
		if (w->out->err == ASSURE_OK)
			w->out->err = ASSURE_ERR_LIMIT;
		return;
	}
	w->count[w->depth++] = 0;
}

static void
close_level(struct jsonw *w, char c)
{
	bool empty;

	if (w->depth == 0)
		assure_bug("jsonw: close without open");
	empty = w->count[w->depth - 1] == 0;
	w->depth--;
	if (!empty)
		newline(w);
	assure_buf_addc(w->out, c);
	after_value(w);
}

void jsonw_obj_open(struct jsonw *w) { open_level(w, '{'); }
void jsonw_obj_close(struct jsonw *w) { close_level(w, '}'); }
void jsonw_arr_open(struct jsonw *w) { open_level(w, '['); }
void jsonw_arr_close(struct jsonw *w) { close_level(w, ']'); }

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

void
jsonw_escape(struct assure_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		unsigned char c = p[i];

		switch (c) {
		case '"': assure_buf_adds(b, "\\\""); i++; continue;
		case '\\': assure_buf_adds(b, "\\\\"); i++; continue;
		case '\n': assure_buf_adds(b, "\\n"); i++; continue;
		case '\r': assure_buf_adds(b, "\\r"); i++; continue;
		case '\t': assure_buf_adds(b, "\\t"); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			assure_buf_printf(b, "\\u%04x", c);
			i++;
			continue;
		}
		l = utf8_len(p + i, n - i);
		if (l == 0) {
			assure_buf_adds(b, "\\ufffd");
			i++;
			continue;
		}
		assure_buf_add(b, p + i, l);
		i += l;
	}
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	before_value(w);
	assure_buf_addc(w->out, '"');
	jsonw_escape(w->out, key, strlen(key));
	assure_buf_adds(w->out, w->pretty ? "\": " : "\":");
	w->after_key = true;
}

void
jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	before_value(w);
	assure_buf_addc(w->out, '"');
	jsonw_escape(w->out, s, n);
	assure_buf_addc(w->out, '"');
	after_value(w);
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	jsonw_strn(w, s, strlen(s));
}

void
jsonw_str_or_null(struct jsonw *w, const char *s)
{
	if (s == NULL)
		jsonw_null(w);
	else
		jsonw_str(w, s);
}

void
jsonw_int(struct jsonw *w, long long v)
{
	before_value(w);
	assure_buf_printf(w->out, "%lld", v);
	after_value(w);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
	before_value(w);
	assure_buf_adds(w->out, v ? "true" : "false");
	after_value(w);
}

void
jsonw_raw(struct jsonw *w, const char *json)
{
	size_t n = strlen(json);

	while (n > 0 && json[n - 1] == '\n')
		n--;
	before_value(w);
	assure_buf_add(w->out, json, n);
	after_value(w);
}

void
jsonw_null(struct jsonw *w)
{
	before_value(w);
	assure_buf_adds(w->out, "null");
	after_value(w);
}

void
jsonw_time(struct jsonw *w, int64_t t, bool has)
{
	char ts[ASSURE_TIME_STRLEN];

	if (!has) {
		jsonw_null(w);
		return;
	}
	assure_time_format(t, ts);
	jsonw_str(w, ts);
}

void
jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str_or_null(w, s);
}

void
jsonw_kint(struct jsonw *w, const char *key, long long v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void
jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}

void
jsonw_ktime(struct jsonw *w, const char *key, int64_t t, bool has)
{
	jsonw_key(w, key);
	jsonw_time(w, t, has);
}
