/*
 * buf.h: the one growable byte buffer assure builds strings with.
 *
 * A buffer is created with a maximum size; growing past it records
 * ASSURE_ERR_LIMIT, allocation failure records ASSURE_ERR_NOMEM.  The first
 * error is sticky: later appends do nothing and the caller checks
 * assure_buf_err() once at the end (the SQLite/curl dynbuf pattern).  The
 * contents are always NUL-terminated, so b->data is a C string whenever no
 * NUL bytes were appended.
 *
 * Ownership: the buffer owns data until assure_buf_detach() hands it to the
 * caller, who then frees it with free().  assure_buf_free() releases the
 * storage and leaves an empty buffer that can be reused.
 */
#ifndef ASSURE_BUF_H
#define ASSURE_BUF_H

#include <stdarg.h>

#include "compat.h"
#include "err.h"

struct assure_buf {
	char		*data;	/* NUL-terminated; NULL until first growth */
	size_t		 len;	/* bytes used, not counting the NUL */
	size_t		 cap;	/* bytes allocated */
	size_t		 max;	/* growth limit, counting the NUL */
	enum assure_err	 err;	/* first failure, sticky */
};

/* Default limit for buffers that hold one rendered document. */
#define ASSURE_BUF_DEFAULT_MAX	(256u * 1024 * 1024)

void assure_buf_init(struct assure_buf *b, size_t max);
void assure_buf_free(struct assure_buf *b);
/* Empty the buffer but keep its storage and clear the sticky error. */
void assure_buf_reset(struct assure_buf *b);

void assure_buf_add(struct assure_buf *b, const void *p, size_t n);
void assure_buf_adds(struct assure_buf *b, const char *s);
void assure_buf_addc(struct assure_buf *b, char c);
void assure_buf_printf(struct assure_buf *b, const char *fmt, ...)
    ASSURE_PRINTF(2, 3);
void assure_buf_vprintf(struct assure_buf *b, const char *fmt, va_list ap)
    ASSURE_PRINTF(2, 0);

/* The contents as a C string; "" for a buffer never grown. */
const char *assure_buf_str(const struct assure_buf *b);
enum assure_err assure_buf_err(const struct assure_buf *b);

/*
 * Hand the storage to the caller (free() it) and reset b.  Returns NULL if
 * the buffer had an error; then nothing is handed over.
 */
char *assure_buf_detach(struct assure_buf *b, size_t *ret_len);

#endif
