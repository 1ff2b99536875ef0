/*
 * jstream.h: a streaming JSON record extractor shared by the identity
 * parsers (okta.c, google.c, entra.c, bamboohr.c, github_members.c,
 * aws_authz.c).
 *
 * A vendor export is a JSON document holding a list of records somewhere
 * ("[ {...}, ... ]", {"value": [ ... ]}, {"employees": [ ... ]}).  The
 * caller names where records are by patterns over the path of a JSON
 * object: "[]" is an element of the top-level array, "value[]" an element
 * of the array under the top-level key "value", "a.b[]" deeper.  Each
 * object matching a pattern (outside another record) is collected, flat,
 * and handed to the record callback when it closes; only one record is
 * ever held, bounded by JSTREAM_RECORD_MAX bytes and JSTREAM_FIELDS_MAX
 * fields.  Everything outside records (a wrapper's "@odata.context", a
 * single object that is not in a list) is the envelope, collected the same
 * way under JSTREAM_ENVELOPE_MAX and available at any time.  A pattern
 * may reach into arrays of arrays ("runs[].results[]": each result of
 * each run); a record's own path ("runs.2.results.7") tells which
 * enclosing element it belongs to, whose other fields are the envelope's
 * ("runs.2.tool.driver.name").
 *
 * A record's fields are (path, value) pairs in document order.  Paths are
 * relative to the record: keys joined by '.', array elements by their
 * 0-based index ("profile.login", "methodsRegistered.1",
 * "UserPolicyList.0.PolicyDocument.Statement.0.Action").  Every object
 * and array also yields a field of its own (type JT_MAP or JT_ARRAY, value
 * NULL), so that an empty list is seen.  Scalars keep their JSON text
 * (numbers as written, strings unescaped, true/false as "true"/"false");
 * null has type JT_NULL and value NULL.
 *
 * Positions: lines and columns are 1-based and count bytes.  A record's
 * position is its opening brace; a field's is the last byte of its value.
 * A syntax error is reported just after the last token yajl accepted, so
 * that how the input is split into chunks never changes a diagnostic.
 */
#ifndef ASSURE_PARSE_JSTREAM_H
#define ASSURE_PARSE_JSTREAM_H

#include "common/compat.h"
#include "common/err.h"

#define JSTREAM_DEPTH_MAX	64		/* nesting of arrays and maps */
#define JSTREAM_RECORD_MAX	(4u * 1024 * 1024)	/* bytes in a record */
#define JSTREAM_FIELDS_MAX	65536u		/* fields in one record */
#define JSTREAM_ENVELOPE_MAX	(1u * 1024 * 1024)
#define JSTREAM_TOKEN_MAX	(4u * 1024 * 1024)	/* one string/number */
#define JSTREAM_RECORDS_MAX	50000000ul
#define JSTREAM_PATH_MAX	1024		/* bytes in a field's path */

enum jtype {
	JT_NULL,
	JT_BOOL,
	JT_NUMBER,
	JT_STRING,
	JT_MAP,
	JT_ARRAY,
};

struct jfield {
	const char	*path;
	const char	*val;		/* NULL for null, maps and arrays */
	size_t		 len;
	enum jtype	 type;
	unsigned long	 line;
	unsigned long	 col;
};

struct jrec {
	const struct jfield	*f;
	size_t			 n;
	unsigned long		 line;	/* of the opening brace */
	unsigned long		 col;
	unsigned long		 index;	/* 0-based record number */
	int			 pattern;	/* index into the patterns */
	const char		*path;	/* the record's own full path in the
					   document ("runs.0.results.3");
					   "" for the root */
};

struct jstream;

typedef enum assure_err (*jstream_rec_fn)(struct jstream *js,
    const struct jrec *r, void *arg, struct assure_diag *reterr_diag);

/*
 * A stream over the document named source.  patterns is a NULL-terminated
 * list (kept by pointer, not copied); fn is called for each record.
 * Returns NULL on allocation failure.
 */
struct jstream *jstream_new(const char *source, const char *const *patterns,
    jstream_rec_fn fn, void *arg);
/* Release js; js may be NULL. */
void jstream_free(struct jstream *js);

/*
 * Feed len more bytes.  The first error is sticky: later calls return it
 * again.  A callback's error stops the parse and is returned as it is.
 */
enum assure_err jstream_feed(struct jstream *js, const void *data, size_t len,
    struct assure_diag *reterr_diag);
/* End of input: the document must be complete. */
enum assure_err jstream_finish(struct jstream *js,
    struct assure_diag *reterr_diag);

/* The source name given to jstream_new. */
const char *jstream_source(const struct jstream *js);
/* Records delivered so far. */
unsigned long jstream_records(const struct jstream *js);
/* The envelope so far (fields outside records), valid until the next feed. */
void jstream_envelope(struct jstream *js, struct jrec *ret);

/* The first field of r with exactly this path, or NULL. */
const struct jfield *jrec_get(const struct jrec *r, const char *path);
/* Its string value when it is a string, else NULL. */
const char *jrec_str(const struct jrec *r, const char *path);

/*
 * Fill d with a located error about field f (or about the record when f
 * is NULL): "source:line:col: field: msg".  Returns rc.
 */
enum assure_err jstream_error(const struct jstream *js, const struct jrec *r,
    const struct jfield *f, struct assure_diag *reterr_diag,
    enum assure_err rc, const char *fmt, ...) ASSURE_PRINTF(6, 7);

/*
 * jstream_error() for a buffer that failed to grow (its sticky error is
 * buf_err): "out of memory" with ASSURE_ERR_NOMEM when it was that, else
 * ASSURE_ERR_LIMIT with fmt.
 */
enum assure_err jstream_limit(const struct jstream *js, const struct jrec *r,
    const struct jfield *f, struct assure_diag *reterr_diag,
    enum assure_err buf_err, const char *fmt, ...) ASSURE_PRINTF(6, 7);

/*
 * Parse a whole JSON text (a policy document carried as a string) as one
 * record: its root must be an object, returned through fn with every field
 * relative to the root.  Positions count in text; diagnostics name
 * source.
 */
enum assure_err jstream_parse_text(const char *source, const char *text,
    size_t len, jstream_rec_fn fn, void *arg, struct assure_diag *reterr_diag);

#endif
