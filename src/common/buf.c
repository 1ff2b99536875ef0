/*
 * buf.c: the bounded, sticky-error growable buffer (see buf.h).
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
assure_buf_init(struct assure_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max > 0 ? max : ASSURE_BUF_DEFAULT_MAX;
}

void
assure_buf_free(struct assure_buf *b)
{
	size_t max = b->max;

	free(b->data);
	assure_buf_init(b, max);
}

void
assure_buf_reset(struct assure_buf *b)
{
	b->len = 0;
	b->err = ASSURE_OK;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the NUL; record the error on failure. */
static int
buf_grow(struct assure_buf *b, size_t n)
{
	size_t need, ncap;
	char *p;

	if (b->err != ASSURE_OK)
		return -1;
	/* len + n + 1 <= max, without overflow: n == max would wrap
	 * max - n - 1 and leave the loop below unable to reach need. */
	if (n >= b->max || b->len > b->max - n - 1) {
		b->err = ASSURE_ERR_LIMIT;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap < 64 ? 64 : b->cap;
	while (ncap < need)
		ncap = ncap > b->max / 2 ? b->max : ncap * 2;
	p = realloc(b->data, ncap);
	if (p == NULL) {
		b->err = ASSURE_ERR_NOMEM;
		return -1;
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

void
assure_buf_add(struct assure_buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) != 0)
		return;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
assure_buf_adds(struct assure_buf *b, const char *s)
{
	assure_buf_add(b, s, strlen(s));
}

void
assure_buf_addc(struct assure_buf *b, char c)
{
	assure_buf_add(b, &c, 1);
}

void
assure_buf_vprintf(struct assure_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (b->err != ASSURE_OK)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->err = ASSURE_ERR_INVAL;
		return;
	}
	if (buf_grow(b, (size_t)n) != 0)
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
assure_buf_printf(struct assure_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	assure_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
assure_buf_str(const struct assure_buf *b)
{
	return b->data != NULL ? b->data : "";
}

enum assure_err
assure_buf_err(const struct assure_buf *b)
{
	return b->err;
}

char *
assure_buf_detach(struct assure_buf *b, size_t *ret_len)
{
	char *p;

	if (b->err != ASSURE_OK)
		return NULL;
	if (b->data == NULL) {
		p = calloc(1, 1);
		if (p == NULL)
			return NULL;
	} else
		p = b->data;
	if (ret_len != NULL)
		*ret_len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
