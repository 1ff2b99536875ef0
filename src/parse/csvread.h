/*
 * csvread.h: the streaming RFC 4180 CSV reader the CSV kinds share
 * (hr_csv.c, deploylog.c).
 *
 * Bytes are fed in chunks of any size; each complete record is handed to
 * a callback, which reads its fields in place.  Rules: quoted fields may
 * hold commas, quotes ("") and line breaks; records end in LF or CRLF; a
 * UTF-8 byte order mark is skipped; blank lines are skipped; NUL bytes, a
 * bare CR, a quote inside an unquoted field and text after a closing
 * quote are errors.  Memory is one record (record_max bytes, at most
 * CSVREAD_FIELDS_MAX fields).
 *
 * Positions: lines and columns are 1-based and count bytes (the BOM is
 * not counted); a field's position is its first byte (its opening quote
 * when quoted), a record's line that of its first field.  Every error is
 * sticky and located: "source:line:col: field: message".
 */
#ifndef ASSURE_PARSE_CSVREAD_H
#define ASSURE_PARSE_CSVREAD_H

#include "common/compat.h"
#include "common/err.h"

#define CSVREAD_FIELDS_MAX	256	/* fields in one record */

struct csvread;

/*
 * Called for each record that is not a blank line.  An error it returns
 * stops the reader and is returned by feed or finish as it is (or as
 * csvread_error set it).
 */
typedef enum assure_err (*csvread_rec_fn)(struct csvread *cr, void *arg,
    struct assure_diag *reterr_diag);

/*
 * A reader of the document named source (copied), holding records of at
 * most record_max bytes.  NULL on allocation failure.
 */
struct csvread *csvread_new(const char *source, size_t record_max,
    csvread_rec_fn fn, void *arg);
/* Release cr; cr may be NULL. */
void csvread_free(struct csvread *cr);

/* Feed len more bytes; errors are sticky. */
enum assure_err csvread_feed(struct csvread *cr, const unsigned char *data,
    size_t len, struct assure_diag *reterr_diag);
/*
 * End of input: a last record without a line break is delivered; an open
 * quote or a CR is an error.  A second call delivers nothing again.
 */
enum assure_err csvread_finish(struct csvread *cr,
    struct assure_diag *reterr_diag);

/* Inside the callback: the fields of the current record. */
size_t csvread_nfields(const struct csvread *cr);
/* Field i, trimmed of blanks, NUL-terminated; writable until the next. */
char *csvread_field(struct csvread *cr, size_t i);
unsigned long csvread_field_line(const struct csvread *cr, size_t i);
unsigned long csvread_field_col(const struct csvread *cr, size_t i);
/* The line of the current record (of its first field). */
unsigned long csvread_record_line(const struct csvread *cr);
/* The line of the last byte read. */
unsigned long csvread_line(const struct csvread *cr);
const char *csvread_source(const struct csvread *cr);

/*
 * Make rc the reader's sticky error, located at line:col and naming
 * field (may be NULL), copy it into reterr_diag when not NULL, and
 * return rc.
 */
enum assure_err csvread_error(struct csvread *cr,
    struct assure_diag *reterr_diag, enum assure_err rc, unsigned long line,
    unsigned long col, const char *field, const char *fmt, ...)
    ASSURE_PRINTF(7, 8);

#endif
