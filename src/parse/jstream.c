/*
 * jstream.c: the streaming JSON record extractor (see jstream.h).
 *
 * yajl drives callbacks; a stack of containers keeps two paths: the full
 * path with array indices ("value.3.id") for the fields, and the general
 * path with "[]" for elements ("value[]") for matching record patterns.
 * Fields go into one of two collections, the current record's or the
 * envelope's: a byte buffer of NUL-terminated paths and values plus an
 * array of offsets, turned into struct jfield pointers when handed out.
 *
 * Positions: every callback asks yajl how far into the current chunk it
 * has read, and the lines and columns up to there are counted once, so a
 * callback knows the line and column of the last byte of its token
 * whatever the chunking.  Before yajl sees a chunk, a small scanner
 * measures string and number tokens so that none exceeds
 * JSTREAM_TOKEN_MAX (yajl itself would buffer a split token of any size).
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "common/buf.h"
#include "parse/jstream.h"

/* One collected field, by offsets into the collection's buffer. */
struct jent {
	size_t		poff;
	size_t		voff;		/* SIZE_MAX when no value */
	size_t		len;
	enum jtype	type;
	unsigned long	line;
	unsigned long	col;
};

struct jcoll {
	struct assure_buf	 b;
	struct jent		*e;
	size_t			 n;
	size_t			 cap;
	size_t			 fields_max;
	struct jfield		*out;
	size_t			 outcap;
};

struct jlevel {
	bool		is_array;
	unsigned long	next_index;	/* arrays: the next element */
	size_t		flen;		/* path lengths before this container */
	size_t		glen;
	bool		is_record;	/* this map is a record's root */
};

struct jstream {
	char			 source[ASSURE_DIAG_SOURCE_MAX];
	const char *const	*patterns;
	jstream_rec_fn		 fn;
	void			*arg;
	yajl_handle		 h;
	enum assure_err		 err;
	struct assure_diag	 diag;
	struct jlevel		 stack[JSTREAM_DEPTH_MAX];
	unsigned		 depth;
	char			 fpath[JSTREAM_PATH_MAX];
	size_t			 flen;
	char			 gpath[JSTREAM_PATH_MAX];
	size_t			 glen;
	char			 key[JSTREAM_PATH_MAX];	/* pending map key */
	size_t			 keylen;
	/* the record being collected */
	bool			 in_rec;
	size_t			 rec_base;	/* fpath length at its root */
	unsigned long		 rec_line;
	unsigned long		 rec_col;
	int			 rec_pattern;
	unsigned long		 records;
	struct jcoll		 rec;
	struct jcoll		 env;
	/* positions */
	const unsigned char	*chunk;
	size_t			 scan_off;
	unsigned long		 line;	/* of the last byte counted */
	unsigned long		 col;
	unsigned long		 good_line;
	unsigned long		 good_col;
	/* token scanner */
	bool			 in_str;
	bool			 esc;
	size_t			 toklen;
};

/* ------------------------------------------------------------------ */
/* Collections */

static void
coll_init(struct jcoll *c, size_t max, size_t fields_max)
{
	memset(c, 0, sizeof(*c));
	assure_buf_init(&c->b, max);
	c->fields_max = fields_max;
}

static void
coll_free(struct jcoll *c)
{
	assure_buf_free(&c->b);
	free(c->e);
	free(c->out);
}

static void
coll_reset(struct jcoll *c)
{
	assure_buf_reset(&c->b);
	c->n = 0;
}

/* Append a field; returns ASSURE_ERR_LIMIT or NOMEM on failure. */
static enum assure_err
coll_add(struct jcoll *c, const char *path, size_t plen, const char *val,
    size_t vlen, enum jtype type, unsigned long line, unsigned long col)
{
	struct jent *e;
	struct jfield *o;
	size_t ncap;

	if (c->n >= c->fields_max)
		return ASSURE_ERR_LIMIT;
	if (c->n == c->cap) {
		ncap = c->cap == 0 ? 64 : c->cap * 2;
		if (ncap > c->fields_max)
			ncap = c->fields_max;
		e = reallocarray(c->e, ncap, sizeof(*e));
		if (e == NULL)
			return ASSURE_ERR_NOMEM;
		c->e = e;
		/* Room for the view too, so that coll_view() cannot fail. */
		if (ncap > c->outcap) {
			o = reallocarray(c->out, ncap, sizeof(*o));
			if (o == NULL)
				return ASSURE_ERR_NOMEM;
			c->out = o;
			c->outcap = ncap;
		}
		c->cap = ncap;
	}
	e = &c->e[c->n];
	e->poff = c->b.len;
	assure_buf_add(&c->b, path, plen);
	assure_buf_addc(&c->b, '\0');
	if (val != NULL) {
		e->voff = c->b.len;
		assure_buf_add(&c->b, val, vlen);
		assure_buf_addc(&c->b, '\0');
	} else
		e->voff = SIZE_MAX;
	if (assure_buf_err(&c->b) != ASSURE_OK)
		return assure_buf_err(&c->b);
	e->len = vlen;
	e->type = type;
	e->line = line;
	e->col = col;
	c->n++;
	return ASSURE_OK;
}

/* Point c->out at the collected fields. */
static enum assure_err
coll_view(struct jcoll *c, struct jrec *r)
{
	struct jfield *o;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (c->n > c->outcap) {
		o = reallocarray(c->out, c->n, sizeof(*o));
		if (o == NULL)
			return ASSURE_ERR_NOMEM;
		c->out = o;
		c->outcap = c->n;
	}
	for (i = 0; i < c->n; i++) {
		c->out[i].path = c->b.data + c->e[i].poff;
		c->out[i].val = c->e[i].voff == SIZE_MAX ? NULL :
		    c->b.data + c->e[i].voff;
		c->out[i].len = c->e[i].len;
		c->out[i].type = c->e[i].type;
		c->out[i].line = c->e[i].line;
		c->out[i].col = c->e[i].col;
	}
	r->f = c->out;
	r->n = c->n;
	return ASSURE_OK;
}

/* ------------------------------------------------------------------ */
/* Positions and errors */

static void
scan_to(struct jstream *js, size_t off)
{
	const unsigned char *s = js->chunk;
	size_t i;

	if (s == NULL)
		return;
	for (i = js->scan_off; i < off; i++) {
		if (s[i] == '\n') {
			js->line++;
			js->col = 0;
		} else
			js->col++;
	}
	if (off > js->scan_off)
		js->scan_off = off;
}

/* The last byte of the token yajl just accepted. */
static void
here(struct jstream *js)
{
	scan_to(js, yajl_get_bytes_consumed(js->h));
	js->good_line = js->line;
	js->good_col = js->col;
}

static int
fail(struct jstream *js, enum assure_err rc, const char *field,
    const char *fmt, ...) ASSURE_PRINTF(4, 5);

static int
fail(struct jstream *js, enum assure_err rc, const char *field,
    const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	js->err = assure_diag_set(&js->diag, rc, js->source, js->good_line,
	    js->good_col, field, "%s", msg);
	return 0;
}

enum assure_err
jstream_error(const struct jstream *js, const struct jrec *r,
    const struct jfield *f, struct assure_diag *d, enum assure_err rc,
    const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (f != NULL)
		return assure_diag_set(d, rc, js->source, f->line, f->col,
		    f->path, "%s", msg);
	return assure_diag_set(d, rc, js->source, r != NULL ? r->line : 0,
	    r != NULL ? r->col : 0, "record", "%s", msg);
}

enum assure_err
jstream_limit(const struct jstream *js, const struct jrec *r,
    const struct jfield *f, struct assure_diag *d, enum assure_err buf_err,
    const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	if (buf_err == ASSURE_ERR_NOMEM)
		return jstream_error(js, r, f, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return jstream_error(js, r, f, d, ASSURE_ERR_LIMIT, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Paths */

/* Append the component of the value starting now; false when too long. */
static bool
path_push(struct jstream *js)
{
	struct jlevel *lv;
	char idx[24];
	int n;

	if (js->depth == 0)
		return true;
	lv = &js->stack[js->depth - 1];
	if (lv->is_array) {
		n = snprintf(idx, sizeof(idx), "%lu", lv->next_index++);
		if (js->flen + 1 + (size_t)n + 1 > sizeof(js->fpath) ||
		    js->glen + 3 > sizeof(js->gpath))
			return false;
		if (js->flen > 0)
			js->fpath[js->flen++] = '.';
		memcpy(js->fpath + js->flen, idx, (size_t)n);
		js->flen += (size_t)n;
		memcpy(js->gpath + js->glen, "[]", 2);
		js->glen += 2;
	} else {
		if (js->flen + 1 + js->keylen + 1 > sizeof(js->fpath) ||
		    js->glen + 1 + js->keylen + 1 > sizeof(js->gpath))
			return false;
		if (js->flen > 0)
			js->fpath[js->flen++] = '.';
		memcpy(js->fpath + js->flen, js->key, js->keylen);
		js->flen += js->keylen;
		if (js->glen > 0)
			js->gpath[js->glen++] = '.';
		memcpy(js->gpath + js->glen, js->key, js->keylen);
		js->glen += js->keylen;
	}
	js->fpath[js->flen] = '\0';
	js->gpath[js->glen] = '\0';
	return true;
}

/* The path of the current value relative to its record or the envelope. */
static const char *
rel_path(const struct jstream *js, size_t *ret_len)
{
	const char *p = js->fpath;
	size_t len = js->flen;

	if (js->in_rec) {
		p += js->rec_base;
		len -= js->rec_base;
		if (len > 0 && *p == '.') {
			p++;
			len--;
		}
	}
	*ret_len = len;
	return p;
}

static int
add_field(struct jstream *js, const char *val, size_t vlen, enum jtype type)
{
	struct jcoll *c = js->in_rec ? &js->rec : &js->env;
	const char *p;
	size_t plen;
	enum assure_err rc;

	p = rel_path(js, &plen);
	rc = coll_add(c, p, plen, val, vlen, type, js->line, js->col);
	if (rc == ASSURE_ERR_LIMIT)
		return fail(js, rc, NULL, "%s longer than %u bytes or %u "
		    "fields", js->in_rec ? "record" : "document outside the records",
		    js->in_rec ? JSTREAM_RECORD_MAX : JSTREAM_ENVELOPE_MAX,
		    JSTREAM_FIELDS_MAX);
	if (rc != ASSURE_OK)
		return fail(js, rc, NULL, "out of memory");
	return 1;
}

static int
scalar(struct jstream *js, const char *val, size_t vlen, enum jtype type)
{
	size_t flen = js->flen, glen = js->glen;
	int ok;

	here(js);
	if (!path_push(js))
		return fail(js, ASSURE_ERR_LIMIT, NULL, "path longer than %u "
		    "bytes", JSTREAM_PATH_MAX - 1);
	ok = add_field(js, val, vlen, type);
	js->flen = flen;
	js->glen = glen;
	js->fpath[flen] = '\0';
	js->gpath[glen] = '\0';
	return ok;
}

static int
matches(struct jstream *js)
{
	int i;

	for (i = 0; js->patterns[i] != NULL; i++)
		if (strcmp(js->patterns[i], js->gpath) == 0)
			return i;
	return -1;
}

static int
open_container(struct jstream *js, bool is_array)
{
	struct jlevel *lv;
	size_t flen = js->flen, glen = js->glen;
	int pat;

	here(js);
	if (js->depth >= JSTREAM_DEPTH_MAX)
		return fail(js, ASSURE_ERR_LIMIT, NULL, "JSON nested deeper "
		    "than %u levels", JSTREAM_DEPTH_MAX);
	if (!path_push(js))
		return fail(js, ASSURE_ERR_LIMIT, NULL, "path longer than %u "
		    "bytes", JSTREAM_PATH_MAX - 1);
	lv = &js->stack[js->depth];
	memset(lv, 0, sizeof(*lv));
	lv->is_array = is_array;
	lv->flen = flen;
	lv->glen = glen;
	pat = -1;
	if (!js->in_rec && !is_array)
		pat = matches(js);
	if (pat >= 0) {
		if (js->records >= JSTREAM_RECORDS_MAX)
			return fail(js, ASSURE_ERR_LIMIT, NULL, "more than %lu "
			    "records", JSTREAM_RECORDS_MAX);
		js->in_rec = true;
		js->rec_base = js->flen;
		js->rec_line = js->line;
		js->rec_col = js->col;
		js->rec_pattern = pat;
		lv->is_record = true;
		coll_reset(&js->rec);
	} else if (!add_field(js, NULL, 0, is_array ? JT_ARRAY : JT_MAP))
		return 0;
	js->depth++;
	return 1;
}

static int
close_container(struct jstream *js)
{
	struct jlevel *lv;
	struct jrec r;
	struct assure_diag d;
	enum assure_err rc;

	here(js);
	if (js->depth == 0)
		assure_bug("jstream: close without open");
	lv = &js->stack[--js->depth];
	if (lv->is_record) {
		rc = coll_view(&js->rec, &r);
		if (rc != ASSURE_OK)
			return fail(js, rc, NULL, "out of memory");
		r.line = js->rec_line;
		r.col = js->rec_col;
		r.index = js->records++;
		r.pattern = js->rec_pattern;
		r.path = js->fpath;	/* the record's own path: children
					   have been popped */
		js->in_rec = false;
		assure_diag_clear(&d);
		rc = js->fn(js, &r, js->arg, &d);
		if (rc != ASSURE_OK) {
			js->err = rc;
			js->diag = d;
			return 0;
		}
	}
	js->flen = lv->flen;
	js->glen = lv->glen;
	js->fpath[js->flen] = '\0';
	js->gpath[js->glen] = '\0';
	return 1;
}

/* ------------------------------------------------------------------ */
/* yajl callbacks */

static int
cb_null(void *ctx)
{
	return scalar(ctx, NULL, 0, JT_NULL);
}

static int
cb_boolean(void *ctx, int v)
{
	return scalar(ctx, v ? "true" : "false", v ? 4 : 5, JT_BOOL);
}

static int
cb_number(void *ctx, const char *s, size_t len)
{
	return scalar(ctx, s, len, JT_NUMBER);
}

static int
cb_string(void *ctx, const unsigned char *s, size_t len)
{
	return scalar(ctx, (const char *)s, len, JT_STRING);
}

static int
cb_start_map(void *ctx)
{
	return open_container(ctx, false);
}

static int
cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
	struct jstream *js = ctx;

	here(js);
	if (len >= sizeof(js->key))
		return fail(js, ASSURE_ERR_LIMIT, NULL, "key longer than %u "
		    "bytes", JSTREAM_PATH_MAX);
	memcpy(js->key, s, len);
	js->key[len] = '\0';
	js->keylen = len;
	return 1;
}

static int
cb_end(void *ctx)
{
	return close_container(ctx);
}

static int
cb_start_array(void *ctx)
{
	return open_container(ctx, true);
}

static const yajl_callbacks callbacks = {
	.yajl_null = cb_null,
	.yajl_boolean = cb_boolean,
	.yajl_number = cb_number,
	.yajl_string = cb_string,
	.yajl_start_map = cb_start_map,
	.yajl_map_key = cb_map_key,
	.yajl_end_map = cb_end,
	.yajl_start_array = cb_start_array,
	.yajl_end_array = cb_end,
};

/* ------------------------------------------------------------------ */
/* Public interface */

struct jstream *
jstream_new(const char *source, const char *const *patterns,
    jstream_rec_fn fn, void *arg)
{
	struct jstream *js;

	js = calloc(1, sizeof(*js));
	if (js == NULL)
		return NULL;
	js->h = yajl_alloc(&callbacks, NULL, js);
	if (js->h == NULL) {
		free(js);
		return NULL;
	}
	assure_strlcpy(js->source, source != NULL ? source : "<input>",
	    sizeof(js->source));
	js->patterns = patterns;
	js->fn = fn;
	js->arg = arg;
	js->line = 1;
	coll_init(&js->rec, JSTREAM_RECORD_MAX, JSTREAM_FIELDS_MAX);
	coll_init(&js->env, JSTREAM_ENVELOPE_MAX, JSTREAM_FIELDS_MAX);
	assure_diag_clear(&js->diag);
	return js;
}

void
jstream_free(struct jstream *js)
{
	if (js == NULL)
		return;
	yajl_free(js->h);
	coll_free(&js->rec);
	coll_free(&js->env);
	free(js);
}

const char *
jstream_source(const struct jstream *js)
{
	return js->source;
}

unsigned long
jstream_records(const struct jstream *js)
{
	return js->records;
}

void
jstream_envelope(struct jstream *js, struct jrec *ret)
{
	if (coll_view(&js->env, ret) != ASSURE_OK)
		memset(ret, 0, sizeof(*ret));
	ret->path = "";
}

static enum assure_err
sticky(struct jstream *js, struct assure_diag *d)
{
	if (d != NULL)
		*d = js->diag;
	return js->err;
}

/* Measure tokens in d[0..len); false when one is too long. */
static bool
scan_tokens(struct jstream *js, const unsigned char *d, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = d[i];
		if (js->in_str) {
			if (js->esc)
				js->esc = false;
			else if (c == '\\')
				js->esc = true;
			else if (c == '"') {
				js->in_str = false;
				js->toklen = 0;
				continue;
			}
		} else if (c == '"') {
			js->in_str = true;
			js->toklen = 0;
			continue;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '[' || c == ']' || c == '{' || c == '}' ||
		    c == ':' || c == ',' || c == '\0') {
			js->toklen = 0;
			continue;
		}
		js->toklen++;
		if (js->toklen > JSTREAM_TOKEN_MAX)
			return false;
	}
	return true;
}

static enum assure_err
syntax_error(struct jstream *js, const unsigned char *d, size_t len)
{
	unsigned char *e;
	char msg[ASSURE_DIAG_MSG_MAX];
	size_t n;

	e = yajl_get_error(js->h, 0, d, len);
	assure_strlcpy(msg, e != NULL ? (const char *)e : "syntax error",
	    sizeof(msg));
	if (e != NULL)
		yajl_free_error(js->h, e);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' ||
	    msg[n - 1] == '.'))
		msg[--n] = '\0';
	js->err = assure_diag_set(&js->diag, ASSURE_ERR_PARSE, js->source,
	    js->good_line, js->good_col + 1, NULL,
	    "expected JSON after here, got %s", msg);
	return js->err;
}

enum assure_err
jstream_feed(struct jstream *js, const void *data, size_t len,
    struct assure_diag *d)
{
	yajl_status st;

	if (js->err != ASSURE_OK)
		return sticky(js, d);
	if (len == 0)
		return ASSURE_OK;
	if (!scan_tokens(js, data, len)) {
		js->err = assure_diag_set(&js->diag, ASSURE_ERR_LIMIT,
		    js->source, js->good_line, js->good_col + 1, NULL,
		    "a JSON string or number longer than %u bytes",
		    JSTREAM_TOKEN_MAX);
		return sticky(js, d);
	}
	js->chunk = data;
	js->scan_off = 0;
	st = yajl_parse(js->h, data, len);
	if (st == yajl_status_client_canceled) {
		if (js->err == ASSURE_OK)
			assure_bug("jstream: cancelled without an error");
	} else if (st != yajl_status_ok)
		syntax_error(js, data, len);
	else
		scan_to(js, len);
	js->chunk = NULL;
	if (js->err != ASSURE_OK)
		return sticky(js, d);
	return ASSURE_OK;
}

enum assure_err
jstream_finish(struct jstream *js, struct assure_diag *d)
{
	yajl_status st;

	if (js->err != ASSURE_OK)
		return sticky(js, d);
	js->chunk = NULL;
	st = yajl_complete_parse(js->h);
	if (st == yajl_status_client_canceled) {
		if (js->err == ASSURE_OK)
			assure_bug("jstream: cancelled without an error");
	} else if (st != yajl_status_ok)
		syntax_error(js, NULL, 0);
	if (js->err != ASSURE_OK)
		return sticky(js, d);
	return ASSURE_OK;
}

const struct jfield *
jrec_get(const struct jrec *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].path, path) == 0)
			return &r->f[i];
	return NULL;
}

const char *
jrec_str(const struct jrec *r, const char *path)
{
	const struct jfield *f = jrec_get(r, path);

	if (f == NULL || f->type != JT_STRING)
		return NULL;
	return f->val;
}

static const char *const root_pattern[] = { "", NULL };

enum assure_err
jstream_parse_text(const char *source, const char *text, size_t len,
    jstream_rec_fn fn, void *arg, struct assure_diag *d)
{
	struct jstream *js;
	enum assure_err rc;

	js = jstream_new(source, root_pattern, fn, arg);
	if (js == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, source, 0, 0, NULL,
		    "out of memory");
	rc = jstream_feed(js, text, len, d);
	if (rc == ASSURE_OK)
		rc = jstream_finish(js, d);
	if (rc == ASSURE_OK && js->records == 0)
		rc = assure_diag_set(d, ASSURE_ERR_PARSE, source, 1, 1, NULL,
		    "expected a JSON object");
	jstream_free(js);
	return rc;
}
