/*
 * jsonw.h: an escaping JSON writer on top of assure_buf.
 *
 * The writer tracks nesting so that callers never place commas or quotes
 * themselves: open an object, write key/value pairs, close it.  Strings
 * are escaped per RFC 8259; bytes that are not valid UTF-8 are replaced by
 * U+FFFD so that the output is always valid JSON.  Errors are sticky in the
 * underlying buffer.  Output is indented by two spaces per level, with a
 * newline after the top-level value.
 */
#ifndef ASSURE_JSONW_H
#define ASSURE_JSONW_H

#include "buf.h"
#include "compat.h"

#define ASSURE_JSONW_DEPTH_MAX	32

struct jsonw {
	struct assure_buf	*out;
	int			 depth;
	/* per level: number of members written, and whether a key is pending */
	unsigned		 count[ASSURE_JSONW_DEPTH_MAX];
	bool			 after_key;
	bool			 pretty;
};

void jsonw_init(struct jsonw *w, struct assure_buf *out, bool pretty);
void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, long long v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* A string, or null when s is NULL. */
void jsonw_str_or_null(struct jsonw *w, const char *s);
/* An RFC 3339 UTC instant, or null when has is false. */
void jsonw_time(struct jsonw *w, int64_t t, bool has);

/*
 * A value already written as JSON by another jsonw (a trailing newline is
 * dropped), placed as the next value: for documents built from parts.
 * Never for text from outside the program.
 */
void jsonw_raw(struct jsonw *w, const char *json);

/* Key and value in one call. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, long long v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);
void jsonw_ktime(struct jsonw *w, const char *key, int64_t t, bool has);

/* Append s to b as JSON string contents (no quotes), escaped. */
void jsonw_escape(struct assure_buf *b, const char *s, size_t n);

#endif
