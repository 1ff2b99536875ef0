/*
 * err.c: error code names and the located diagnostic (see err.h).
 */
#include "compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static const char *const err_names[ASSURE_ERR__MAX] = {
	[ASSURE_OK] = "success",
	[ASSURE_ERR_NOMEM] = "out of memory",
	[ASSURE_ERR_INVAL] = "invalid argument",
	[ASSURE_ERR_PARSE] = "parse error",
	[ASSURE_ERR_LIMIT] = "limit exceeded",
	[ASSURE_ERR_IO] = "input/output error",
	[ASSURE_ERR_DB] = "database error",
	[ASSURE_ERR_NOTFOUND] = "not found",
	[ASSURE_ERR_CONFLICT] = "conflict",
	[ASSURE_ERR_PERM] = "permission denied",
	[ASSURE_ERR_TAMPER] = "tampering detected",
};

const char *
assure_strerror(enum assure_err rc)
{
	if ((unsigned)rc >= ASSURE_ERR__MAX || err_names[rc] == NULL)
		return "unknown error";
	return err_names[rc];
}

void
assure_diag_clear(struct assure_diag *d)
{
	if (d != NULL)
		memset(d, 0, sizeof(*d));
}

enum assure_err
assure_diag_set(struct assure_diag *d, enum assure_err rc, const char *source,
    unsigned long line, unsigned long column, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return rc;
	if (source != NULL)
		assure_strlcpy(d->source, source, sizeof(d->source));
	if (field != NULL)
		assure_strlcpy(d->field, field, sizeof(d->field));
	d->line = line;
	d->column = column;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return rc;
}

void
assure_diag_default_source(struct assure_diag *d, const char *source)
{
	if (d != NULL && d->source[0] == '\0' && source != NULL)
		assure_strlcpy(d->source, source, sizeof(d->source));
}

void
assure_diag_format(const struct assure_diag *d, char *out, size_t size)
{
	size_t n = 0;
	int w;

	if (size == 0)
		return;
	out[0] = '\0';
#define APPEND(...) do {						\
	if (n < size) {							\
		w = snprintf(out + n, size - n, __VA_ARGS__);		\
		if (w > 0)						\
			n += (size_t)w;					\
	}								\
} while (0)
	if (d->source[0] != '\0') {
		APPEND("%s", d->source);
		if (d->line > 0)
			APPEND(":%lu", d->line);
		if (d->line > 0 && d->column > 0)
			APPEND(":%lu", d->column);
		APPEND(": ");
	}
	if (d->field[0] != '\0')
		APPEND("%s: ", d->field);
	APPEND("%s", d->msg[0] != '\0' ? d->msg : "error");
	if (d->sys_errno != 0)
		APPEND(" (%s)", strerror(d->sys_errno));
#undef APPEND
}

size_t
assure_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

int
assure_strtonum(const char *s, long long min, long long max,
    long long *ret_val)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	/* strtoll accepts leading space and '+'; we do not. */
	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*ret_val = v;
	return 0;
}

void
assure_bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "assure: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
