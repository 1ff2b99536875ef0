/*
 * err.h: the error codes every fallible assure function returns, and the
 * diagnostic that parsers and the store fill to say where a failure is.
 *
 * A diagnostic names a source (a file path, "assure.yaml", a record key),
 * a 1-based line and column when known (0 when not), the field, and a
 * message.  assure_diag_format() renders the one-line form the CLI prints:
 *
 *	source:line:column: field: message
 */
#ifndef ASSURE_ERR_H
#define ASSURE_ERR_H

#include "compat.h"

enum assure_err {
	ASSURE_OK = 0,
	ASSURE_ERR_NOMEM,
	ASSURE_ERR_INVAL,
	ASSURE_ERR_PARSE,
	ASSURE_ERR_LIMIT,
	ASSURE_ERR_IO,
	ASSURE_ERR_DB,
	ASSURE_ERR_NOTFOUND,
	ASSURE_ERR_CONFLICT,
	ASSURE_ERR_PERM,
	ASSURE_ERR_TAMPER,
	ASSURE_ERR__MAX
};

#define ASSURE_DIAG_SOURCE_MAX	512
#define ASSURE_DIAG_FIELD_MAX	128
#define ASSURE_DIAG_MSG_MAX	512

struct assure_diag {
	char		source[ASSURE_DIAG_SOURCE_MAX];
	unsigned long	line;		/* 1-based; 0 when unknown */
	unsigned long	column;		/* 1-based; 0 when unknown */
	char		field[ASSURE_DIAG_FIELD_MAX];
	char		msg[ASSURE_DIAG_MSG_MAX];
	int		sys_errno;	/* errno of a failed system call, or 0 */
};

/* A short English description of rc; never NULL. */
const char *assure_strerror(enum assure_err rc);

/* Reset d to "nothing known".  d may be NULL. */
void assure_diag_clear(struct assure_diag *d);

/*
 * Fill d (when not NULL) and return rc, so that callers can write
 * "return assure_diag_set(d, ASSURE_ERR_PARSE, ...)".  source and field may
 * be NULL to leave what is already there.
 */
enum assure_err assure_diag_set(struct assure_diag *d, enum assure_err rc,
    const char *source, unsigned long line, unsigned long column,
    const char *field, const char *fmt, ...) ASSURE_PRINTF(7, 8);

/* Set only the source of d when it has none yet. */
void assure_diag_default_source(struct assure_diag *d, const char *source);

/*
 * Render d as "source:line:column: field: message" into out (size bytes,
 * always NUL-terminated).  Parts that are unknown are left out.
 */
void assure_diag_format(const struct assure_diag *d, char *out, size_t size);

#endif
