/*
 * credreport.c: the AWS IAM credential report parser (see credreport.h).
 *
 * Two layers.  The CSV layer is a byte-at-a-time RFC 4180 state machine
 * with a fast path that copies runs of ordinary bytes; it assembles one
 * record at a time in a fixed buffer (fields NUL-separated, so they are C
 * strings for the callback), then checks the header or validates the row
 * and hands it on.  Because every decision depends only on the bytes seen,
 * never on where a chunk ends, any split of the input gives the same
 * result.  The JSON layer drives yajl over the GetCredentialReport wrapper;
 * when the Content string is complete it runs the CSV layer over it,
 * decoding base64 a bounded piece at a time.
 *
 * Errors are recorded once in the parser (code and diagnostic) and the
 * parser is dead from then on.
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "common/base64.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/timeutil.h"
#include "parse/credreport.h"

/* Bytes of a value shown in a diagnostic. */
#define CR_QUOTE_MAX		40
/* Base64 text decoded per step of the Content. */
#define CR_B64_PIECE		(48u * 1024)
/* The record buffer: a record's bytes, each field NUL-terminated. */
#define CR_REC_CAP		((size_t)CREDREPORT_RECORD_MAX + 1)
/* A region or service name. */
#define CR_NAME_MAX		64
/* Digits of an AWS account id. */
#define CR_ACCOUNT_DIGITS	12

static const char cr_root_user[] = "<root_account>";
static const unsigned char cr_bom[3] = { 0xef, 0xbb, 0xbf };

/* ------------------------------------------------------------------ */
/* Columns */

enum cr_kind {
	CK_USER,	/* non-empty name */
	CK_ARN,		/* IAM ARN, checked against the user */
	CK_TIME,	/* RFC 3339 instant or an absence marker */
	CK_TRI,		/* true/false or an absence marker */
	CK_BOOL,	/* true/false */
	CK_NAME,	/* region or service name, or an absence marker */
};

struct cr_col {
	const char	*name;
	enum cr_kind	 kind;
	size_t		 off;	/* of the target in struct credreport_row */
	const char	*what;	/* "expected <what>" */
};

#define ROW_OFF(m)	offsetof(struct credreport_row, m)
#define WHAT_TIME	"an RFC 3339 timestamp or N/A"
#define WHAT_BOOL	"true or false"

static const struct cr_col cr_cols[CREDREPORT_NCOLS] = {
	{ "user", CK_USER, 0, "a user name" },
	{ "arn", CK_ARN, 0,
	    "'arn:<partition>:iam::<12 digits>:root' or '...:user/<name>'" },
	{ "user_creation_time", CK_TIME, ROW_OFF(user_creation_time),
	    WHAT_TIME },
	{ "password_enabled", CK_TRI, ROW_OFF(password_enabled),
	    "true, false or not_supported" },
	{ "password_last_used", CK_TIME, ROW_OFF(password_last_used),
	    WHAT_TIME },
	{ "password_last_changed", CK_TIME, ROW_OFF(password_last_changed),
	    WHAT_TIME },
	{ "password_next_rotation", CK_TIME, ROW_OFF(password_next_rotation),
	    WHAT_TIME },
	{ "mfa_active", CK_BOOL, ROW_OFF(mfa_active), WHAT_BOOL },
	{ "access_key_1_active", CK_BOOL, ROW_OFF(key[0].active), WHAT_BOOL },
	{ "access_key_1_last_rotated", CK_TIME, ROW_OFF(key[0].last_rotated),
	    WHAT_TIME },
	{ "access_key_1_last_used_date", CK_TIME, ROW_OFF(key[0].last_used),
	    WHAT_TIME },
	{ "access_key_1_last_used_region", CK_NAME,
	    ROW_OFF(key[0].last_used_region), "an AWS region or N/A" },
	{ "access_key_1_last_used_service", CK_NAME,
	    ROW_OFF(key[0].last_used_service), "an AWS service name or N/A" },
	{ "access_key_2_active", CK_BOOL, ROW_OFF(key[1].active), WHAT_BOOL },
	{ "access_key_2_last_rotated", CK_TIME, ROW_OFF(key[1].last_rotated),
	    WHAT_TIME },
	{ "access_key_2_last_used_date", CK_TIME, ROW_OFF(key[1].last_used),
	    WHAT_TIME },
	{ "access_key_2_last_used_region", CK_NAME,
	    ROW_OFF(key[1].last_used_region), "an AWS region or N/A" },
	{ "access_key_2_last_used_service", CK_NAME,
	    ROW_OFF(key[1].last_used_service), "an AWS service name or N/A" },
	{ "cert_1_active", CK_BOOL, ROW_OFF(cert[0].active), WHAT_BOOL },
	{ "cert_1_last_rotated", CK_TIME, ROW_OFF(cert[0].last_rotated),
	    WHAT_TIME },
	{ "cert_2_active", CK_BOOL, ROW_OFF(cert[1].active), WHAT_BOOL },
	{ "cert_2_last_rotated", CK_TIME, ROW_OFF(cert[1].last_rotated),
	    WHAT_TIME },
};

enum {
	COL_USER = 0,
	COL_ARN = 1,
};

/* ------------------------------------------------------------------ */
/* Parser state */

enum cr_mode {
	MODE_CSV,
	MODE_JSON,
};

enum csv_state {
	CS_BOM,		/* matching a UTF-8 byte order mark */
	CS_LEADING,	/* blank space before the header */
	CS_FIELD,	/* at the start of a field (or of a record) */
	CS_UNQUOTED,	/* inside an unquoted field */
	CS_QUOTED,	/* inside a quoted field */
	CS_QUOTE_END,	/* a '"' inside a quoted field: end or escape */
	CS_CR,		/* a CR ended a record; expecting LF */
};

struct csv_field {
	size_t		 off;	/* in rec */
	size_t		 len;
	unsigned long	 line;	/* where the field starts */
	unsigned long	 col;
	bool		 quoted;
};

struct csv {
	enum csv_state	 st;
	unsigned	 bom_matched;
	bool		 allow_json;	/* '{' first means the JSON wrapper */
	bool		 want_json;	/* ... and it was seen */
	const char	*source;
	unsigned long	 line;		/* of the last byte consumed */
	unsigned long	 col;		/* of the last byte consumed, 1-based */
	char		*rec;		/* CR_REC_CAP bytes */
	size_t		 used;		/* bytes of rec in use */
	size_t		 rawlen;	/* input bytes of the record so far */
	size_t		 flen;		/* bytes of the current field */
	bool		 in_record;
	unsigned long	 rec_line;
	unsigned long	 rec_col;
	unsigned long	 end_line;	/* where the last field ended */
	unsigned long	 end_col;
	unsigned	 nfields;	/* fields begun in this record */
	/* the 22 columns, and one more to quote in "too many" errors */
	struct csv_field f[CREDREPORT_NCOLS + 1];
	bool		 header_seen;
	unsigned long	 blank_line;	/* first blank line after the header */
};

/*
 * Finding the first byte of the token after the last accepted one and the
 * separator the grammar wants there.
 */
enum json_next {
	JN_FOUND,	/* next_line/next_col hold it */
	JN_BLANK,	/* skipping blank space; json.sep may come */
	JN_BLANK2,	/* skipping blank space after the separator */
};

/* Where the byte stream is with respect to JSON strings. */
enum json_str {
	JS_OUT,		/* outside any string */
	JS_IN,		/* inside a string: collecting the token */
	JS_ESC,		/* inside a string, after a backslash */
};

enum json_key {
	JK_NONE,
	JK_OTHER,
	JK_CONTENT,
	JK_GENERATED,
	JK_FORMAT,
};

struct json {
	yajl_handle		 h;
	unsigned		 depth;
	enum json_key		 key;	/* top-level key awaiting its value */
	const char		*key_name;
	unsigned long		 key_line;
	unsigned long		 key_col;
	bool			 have_content;
	bool			 have_generated;
	bool			 have_format;
	bool			 closed;
	int64_t			 generated;
	unsigned long		 line;	/* of the last byte before chunk */
	unsigned long		 col;
	/* the chunk yajl is parsing, and how far we have counted lines in it */
	const unsigned char	*chunk;
	size_t			 chunk_len;
	size_t			 scan_off;
	unsigned long		 scan_line;	/* of chunk[scan_off - 1] */
	unsigned long		 scan_col;
	/* the last byte of the last token yajl accepted */
	unsigned long		 good_line;
	unsigned long		 good_col;
	/* the first byte of the token after it: where a syntax error is */
	enum json_next		 next;
	char			 sep;	/* ',', ':' or 0 for none */
	unsigned long		 next_line;
	unsigned long		 next_col;
	size_t			 total;	/* input bytes taken */
	unsigned char		*b64out;
	/*
	 * A string token is collected here and given to yajl in one piece:
	 * yajl re-lexes a token split over several calls from its start at
	 * every call, which is quadratic for a large Content.
	 */
	enum json_str		 str;
	struct assure_buf	 tok;
};

struct credreport_parser {
	char			 source[ASSURE_DIAG_SOURCE_MAX];
	char			 content_source[ASSURE_DIAG_SOURCE_MAX];
	credreport_row_fn	 fn;
	void			*arg;
	enum cr_mode		 mode;
	enum assure_err		 err;	/* first failure, sticky */
	struct assure_diag	 diag;	/* its diagnostic */
	bool			 finished;
	unsigned long		 rows;
	unsigned long		 root_line;	/* 0 until a root row */
	char			 account_id[CR_ACCOUNT_DIGITS + 1];
	unsigned long		 account_line;
	struct csv		 cs;
	struct json		 js;
};

/* Bytes that end a run of ordinary bytes in each field state. */
static const bool csv_stop_unquoted[256] = {
	[0] = true, [','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true,
};
static const bool csv_stop_quoted[256] = {
	[0] = true, ['"'] = true, ['\n'] = true,
};

/* ------------------------------------------------------------------ */
/* Diagnostics */

struct vquote {
	char	s[CR_QUOTE_MAX * 4 + 8];
};

/*
 * v[0..n) made safe to print in a message: bytes other than printable
 * ASCII as \xNN (IAM names are ASCII), cut to CR_QUOTE_MAX bytes with
 * "..." when longer.
 */
static const char *
vquote(struct vquote *q, const char *v, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, lim = n < CR_QUOTE_MAX ? n : CR_QUOTE_MAX;
	unsigned char c;

	for (i = 0; i < lim; i++) {
		c = (unsigned char)v[i];
		if (c < 0x20 || c >= 0x7f) {
			q->s[o++] = '\\';
			q->s[o++] = 'x';
			q->s[o++] = hex[c >> 4];
			q->s[o++] = hex[c & 0xf];
		} else
			q->s[o++] = (char)c;
	}
	if (lim < n) {
		memcpy(q->s + o, "...", 3);
		o += 3;
	}
	q->s[o] = '\0';
	return q->s;
}

/* Record the parse's one error in p and return rc. */
static enum assure_err
perr(struct credreport_parser *p, enum assure_err rc, const char *source,
    unsigned long line, unsigned long col, const char *field,
    const char *fmt, ...) ASSURE_PRINTF(7, 8);

static enum assure_err
perr(struct credreport_parser *p, enum assure_err rc, const char *source,
    unsigned long line, unsigned long col, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	assure_diag_clear(&p->diag);
	assure_strlcpy(p->diag.source, source, sizeof(p->diag.source));
	if (field != NULL)
		assure_strlcpy(p->diag.field, field, sizeof(p->diag.field));
	p->diag.line = line;
	p->diag.column = col;
	va_start(ap, fmt);
	vsnprintf(p->diag.msg, sizeof(p->diag.msg), fmt, ap);
	va_end(ap);
	p->err = rc;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Row validation */

/*
 * Whether v[0..n) is lower, a lower-case ASCII word of length n, in any
 * case (strncasecmp is locale-dependent and slower).
 */
static bool
ascii_ieq(const char *v, size_t n, const char *lower, size_t lower_len)
{
	size_t i;
	char c;

	if (n != lower_len)
		return false;
	for (i = 0; i < n; i++) {
		c = v[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lower[i])
			return false;
	}
	return true;
}

#define IEQ(v, n, lit)	ascii_ieq((v), (n), (lit), sizeof(lit) - 1)

static bool
is_marker(const char *v, size_t n)
{
	return IEQ(v, n, "n/a") || IEQ(v, n, "no_information") ||
	    IEQ(v, n, "not_supported");
}

/* 1 true, 0 false, -1 neither. */
static int
parse_bool(const char *v, size_t n)
{
	if (IEQ(v, n, "true"))
		return 1;
	if (IEQ(v, n, "false"))
		return 0;
	return -1;
}

/* A region or service name: [A-Za-z0-9._-]{1,CR_NAME_MAX}. */
static bool
is_name(const char *v, size_t n)
{
	size_t i;
	char c;

	if (n == 0 || n > CR_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.'))
			return false;
	}
	return true;
}

/* aws, aws-cn, aws-us-gov, aws-eusc, aws-iso, aws-iso-<letters>. */
static bool
is_partition(const char *v, size_t n, size_t max)
{
	size_t i;

	if (n >= max)
		return false;
	if ((n == 3 && memcmp(v, "aws", 3) == 0) ||
	    (n == 6 && memcmp(v, "aws-cn", 6) == 0) ||
	    (n == 10 && memcmp(v, "aws-us-gov", 10) == 0) ||
	    (n == 8 && memcmp(v, "aws-eusc", 8) == 0) ||
	    (n == 7 && memcmp(v, "aws-iso", 7) == 0))
		return true;
	if (n < 9 || memcmp(v, "aws-iso-", 8) != 0)
		return false;
	for (i = 8; i < n; i++)
		if (v[i] < 'a' || v[i] > 'z')
			return false;
	return true;
}

/*
 * A user's path and name after "user/": printable ASCII without spaces,
 * no empty component.  Sets *ret_name to the last component.
 */
static bool
is_user_path(const char *v, size_t n, const char **ret_name)
{
	size_t i, last = 0;

	if (n == 0 || v[0] == '/' || v[n - 1] == '/')
		return false;
	for (i = 0; i < n; i++) {
		if ((unsigned char)v[i] < 0x21 || (unsigned char)v[i] > 0x7e)
			return false;
		if (v[i] == '/') {
			if (v[i - 1] == '/')
				return false;
			last = i + 1;
		}
	}
	*ret_name = v + last;
	return true;
}

static enum assure_err
field_error(struct credreport_parser *p, unsigned i, const char *what)
{
	const struct csv_field *f = &p->cs.f[i];
	struct vquote q;

	return perr(p, ASSURE_ERR_PARSE, p->cs.source, f->line, f->col,
	    cr_cols[i].name, "expected %s, got '%s'", what,
	    vquote(&q, p->cs.rec + f->off, f->len));
}

/*
 * The arn column: its shape, then that it agrees with the user column,
 * with the root rule and with the account of the earlier rows.
 */
static enum assure_err
row_arn(struct credreport_parser *p, struct credreport_row *r)
{
	const struct csv_field *f = &p->cs.f[COL_ARN];
	const char *v = p->cs.rec + f->off, *s, *e = v + f->len, *colon;
	const char *name = NULL;
	struct vquote q1, q2;
	bool root_user;
	size_t i;
	enum assure_err rc = ASSURE_OK;

	s = v;
	if (e - s < 4 || memcmp(s, "arn:", 4) != 0)
		goto bad;
	s += 4;
	colon = memchr(s, ':', (size_t)(e - s));
	if (colon == NULL ||
	    !is_partition(s, (size_t)(colon - s), sizeof(r->partition)))
		goto bad;
	memcpy(r->partition, s, (size_t)(colon - s));
	r->partition[colon - s] = '\0';
	s = colon + 1;
	if (e - s < 5 + CR_ACCOUNT_DIGITS + 1 || memcmp(s, "iam::", 5) != 0)
		goto bad;
	s += 5;
	for (i = 0; i < CR_ACCOUNT_DIGITS; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	memcpy(r->account_id, s, CR_ACCOUNT_DIGITS);
	r->account_id[CR_ACCOUNT_DIGITS] = '\0';
	s += CR_ACCOUNT_DIGITS;
	if (*s != ':')
		goto bad;
	s++;
	if (e - s == 4 && memcmp(s, "root", 4) == 0)
		r->is_root = true;
	else if (e - s > 5 && memcmp(s, "user/", 5) == 0 &&
	    is_user_path(s + 5, (size_t)(e - s - 5), &name))
		r->is_root = false;
	else
		goto bad;

	root_user = strcmp(r->user, cr_root_user) == 0;
	if (root_user && !r->is_root) {
		rc = perr(p, ASSURE_ERR_PARSE, p->cs.source, f->line, f->col,
		    "arn", "expected the root ARN "
		    "'arn:%s:iam::%s:root' for '%s', got '%s'", r->partition,
		    r->account_id, cr_root_user, vquote(&q1, v, f->len));
		goto out;
	}
	if (!root_user && r->is_root) {
		rc = field_error(p, COL_USER,
		    "'<root_account>' for a root ARN");
		goto out;
	}
	if (!r->is_root && strcmp(name, r->user) != 0) {
		rc = perr(p, ASSURE_ERR_PARSE, p->cs.source, f->line, f->col,
		    "arn", "expected a user ARN ending in '/%s', got '%s'",
		    vquote(&q1, r->user, strlen(r->user)),
		    vquote(&q2, v, f->len));
		goto out;
	}
	if (p->account_line == 0) {
		memcpy(p->account_id, r->account_id, sizeof(p->account_id));
		p->account_line = r->line;
	} else if (strcmp(p->account_id, r->account_id) != 0) {
		rc = perr(p, ASSURE_ERR_PARSE, p->cs.source, f->line, f->col,
		    "arn", "expected account %s (as on line %lu), got '%s'",
		    p->account_id, p->account_line, vquote(&q1, v, f->len));
		goto out;
	}
	if (r->is_root) {
		if (p->root_line != 0) {
			rc = perr(p, ASSURE_ERR_PARSE, p->cs.source,
			    p->cs.f[COL_USER].line, p->cs.f[COL_USER].col,
			    "user", "expected one '%s' row, got another "
			    "(the first is on line %lu)", cr_root_user,
			    p->root_line);
			goto out;
		}
		p->root_line = r->line;
	}
	goto out;
bad:
	rc = field_error(p, COL_ARN, cr_cols[COL_ARN].what);
out:
	return rc;
}

/* Fill r from the current record, which has exactly 22 fields. */
static enum assure_err
row_build(struct credreport_parser *p, struct credreport_row *r)
{
	const struct csv_field *f;
	const char *v;
	struct opt_time *t;
	enum tri *tri;
	const char **name;
	unsigned i;
	int b;
	enum assure_err rc = ASSURE_OK;

	memset(r, 0, sizeof(*r));
	r->line = p->cs.rec_line;
	r->index = p->rows;
	for (i = 0; i < CREDREPORT_NCOLS && rc == ASSURE_OK; i++) {
		f = &p->cs.f[i];
		v = p->cs.rec + f->off;
		switch (cr_cols[i].kind) {
		case CK_USER:
			if (f->len == 0)
				rc = field_error(p, i, cr_cols[i].what);
			r->user = v;
			break;
		case CK_ARN:
			r->arn = v;
			rc = row_arn(p, r);
			break;
		case CK_TIME:
			t = (struct opt_time *)((char *)r + cr_cols[i].off);
			if (is_marker(v, f->len))
				t->has = false;
			else if (assure_time_parse(v, f->len, &t->t) == 0)
				t->has = true;
			else
				rc = field_error(p, i, cr_cols[i].what);
			break;
		case CK_TRI:
		case CK_BOOL:
			tri = (enum tri *)((char *)r + cr_cols[i].off);
			b = parse_bool(v, f->len);
			if (b >= 0)
				*tri = b ? TRI_TRUE : TRI_FALSE;
			else if (cr_cols[i].kind == CK_TRI &&
			    is_marker(v, f->len))
				*tri = TRI_ABSENT;
			else
				rc = field_error(p, i, cr_cols[i].what);
			break;
		case CK_NAME:
			name = (const char **)((char *)r + cr_cols[i].off);
			if (is_marker(v, f->len))
				*name = NULL;
			else if (is_name(v, f->len))
				*name = v;
			else
				rc = field_error(p, i, cr_cols[i].what);
			break;
		}
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* CSV records */

static const char *
csv_field_name(const struct csv *cs, unsigned i)
{
	if (!cs->header_seen)
		return "header";
	return i < CREDREPORT_NCOLS ? cr_cols[i].name : "row";
}

static enum assure_err
csv_header(struct credreport_parser *p)
{
	struct csv *cs = &p->cs;
	const struct csv_field *f;
	struct vquote q;
	unsigned i;

	for (i = 0; i < CREDREPORT_NCOLS && i < cs->nfields; i++) {
		f = &cs->f[i];
		if (!ascii_ieq(cs->rec + f->off, f->len, cr_cols[i].name,
		    strlen(cr_cols[i].name)))
			return perr(p, ASSURE_ERR_PARSE, cs->source, f->line,
			    f->col, "header",
			    "column %u: expected '%s', got '%s'", i + 1,
			    cr_cols[i].name,
			    vquote(&q, cs->rec + f->off, f->len));
	}
	if (cs->nfields < CREDREPORT_NCOLS)
		return perr(p, ASSURE_ERR_PARSE, cs->source, cs->end_line,
		    cs->end_col, "header",
		    "column %u: expected '%s', got the end of the line",
		    cs->nfields + 1, cr_cols[cs->nfields].name);
	if (cs->nfields > CREDREPORT_NCOLS) {
		f = &cs->f[CREDREPORT_NCOLS];
		return perr(p, ASSURE_ERR_PARSE, cs->source, f->line, f->col,
		    "header", "column %u: expected the end of the line, "
		    "got '%s'", CREDREPORT_NCOLS + 1,
		    vquote(&q, cs->rec + f->off, f->len));
	}
	cs->header_seen = true;
	return ASSURE_OK;
}

static enum assure_err
csv_row(struct credreport_parser *p)
{
	struct csv *cs = &p->cs;
	struct credreport_row row;
	enum assure_err rc;

	if (cs->nfields < CREDREPORT_NCOLS)
		return perr(p, ASSURE_ERR_PARSE, cs->source, cs->end_line,
		    cs->end_col, cr_cols[cs->nfields].name,
		    "expected %u fields, got %u", CREDREPORT_NCOLS,
		    cs->nfields);
	if (cs->nfields > CREDREPORT_NCOLS)
		return perr(p, ASSURE_ERR_PARSE, cs->source,
		    cs->f[CREDREPORT_NCOLS].line, cs->f[CREDREPORT_NCOLS].col,
		    "row", "expected %u fields, got %u", CREDREPORT_NCOLS,
		    cs->nfields);
	if (p->rows >= CREDREPORT_ROWS_MAX)
		return perr(p, ASSURE_ERR_LIMIT, cs->source, cs->rec_line,
		    cs->rec_col, NULL, "more than %lu rows",
		    CREDREPORT_ROWS_MAX);
	rc = row_build(p, &row);
	if (rc != ASSURE_OK)
		return rc;
	if (p->fn != NULL) {
		/* Only what the callback writes now counts. */
		if (p->diag.msg[0] != '\0' || p->diag.field[0] != '\0' ||
		    p->diag.source[0] != '\0' || p->diag.line != 0)
			assure_diag_clear(&p->diag);
		rc = p->fn(&row, p->arg, &p->diag);
		if (rc != ASSURE_OK) {
			if (p->diag.msg[0] == '\0')
				perr(p, rc, cs->source, row.line, 0, NULL,
				    "row rejected: %s", assure_strerror(rc));
			assure_diag_default_source(&p->diag, cs->source);
			p->err = rc;
			return rc;
		}
	}
	p->rows++;
	return ASSURE_OK;
}

static bool
csv_record_blank(const struct csv *cs)
{
	return cs->nfields == 1 && cs->f[0].len == 0 && !cs->f[0].quoted;
}

/* A record is complete: header, data row or a blank line. */
static enum assure_err
csv_record_end(struct credreport_parser *p)
{
	struct csv *cs = &p->cs;
	enum assure_err rc = ASSURE_OK;

	cs->in_record = false;
	if (csv_record_blank(cs)) {
		if (cs->blank_line == 0)
			cs->blank_line = cs->rec_line;
	} else if (cs->blank_line != 0)
		rc = perr(p, ASSURE_ERR_PARSE, cs->source, cs->blank_line, 1,
		    NULL, "expected a record, got a blank line");
	else if (!cs->header_seen)
		rc = csv_header(p);
	else
		rc = csv_row(p);
	return rc;
}

static void
csv_field_begin(struct csv *cs, unsigned long line, unsigned long col)
{
	struct csv_field *f;
	unsigned i = cs->nfields++;

	cs->flen = 0;
	if (i > CREDREPORT_NCOLS)
		return;
	f = &cs->f[i];
	f->off = cs->used;
	f->len = 0;
	f->line = line;
	f->col = col;
	f->quoted = false;
}

/* End the current field at (line, col), the byte after its last one. */
static void
csv_field_end(struct csv *cs, unsigned long line, unsigned long col)
{
	unsigned i = cs->nfields - 1;

	cs->end_line = line;
	cs->end_col = col;
	if (i > CREDREPORT_NCOLS)
		return;
	if (cs->used >= CR_REC_CAP)
		assure_bug("credreport record buffer overrun");
	cs->f[i].len = cs->flen;
	cs->rec[cs->used++] = '\0';
}

static void
csv_record_begin(struct csv *cs)
{
	cs->in_record = true;
	cs->rec_line = cs->line;
	cs->rec_col = cs->col;
	cs->used = 0;
	cs->rawlen = 0;
	cs->nfields = 0;
	csv_field_begin(cs, cs->line, cs->col);
}

/* Count one more input byte of the record. */
static enum assure_err
csv_raw(struct credreport_parser *p)
{
	struct csv *cs = &p->cs;

	if (cs->rawlen >= CREDREPORT_RECORD_MAX)
		return perr(p, ASSURE_ERR_LIMIT, cs->source, cs->rec_line,
		    cs->rec_col, NULL, "record longer than %u bytes",
		    CREDREPORT_RECORD_MAX);
	cs->rawlen++;
	return ASSURE_OK;
}

/* Append one byte to the current field. */
static enum assure_err
csv_add(struct credreport_parser *p, char c)
{
	struct csv *cs = &p->cs;
	unsigned i = cs->nfields - 1;

	if (cs->flen >= CREDREPORT_FIELD_MAX)
		return perr(p, ASSURE_ERR_LIMIT, cs->source,
		    i <= CREDREPORT_NCOLS ? cs->f[i].line : cs->rec_line,
		    i <= CREDREPORT_NCOLS ? cs->f[i].col : cs->rec_col,
		    csv_field_name(cs, i), "value longer than %u bytes",
		    CREDREPORT_FIELD_MAX);
	cs->flen++;
	if (i <= CREDREPORT_NCOLS) {
		if (cs->used >= CR_REC_CAP)
			assure_bug("credreport record buffer overrun");
		cs->rec[cs->used++] = c;
	}
	return ASSURE_OK;
}

static void
csv_newline(struct csv *cs)
{
	cs->line++;
	cs->col = 0;
}

static enum assure_err
csv_nul(struct credreport_parser *p)
{
	return perr(p, ASSURE_ERR_PARSE, p->cs.source, p->cs.line, p->cs.col,
	    NULL, "expected text, got a NUL byte");
}

/* ------------------------------------------------------------------ */
/* CSV bytes */

static enum assure_err csv_step(struct credreport_parser *p,
    unsigned char c);

/* The byte at the start of a field (the record may not have begun). */
static enum assure_err
csv_step_field(struct credreport_parser *p, unsigned char c)
{
	struct csv *cs = &p->cs;
	enum assure_err rc = ASSURE_OK;

	if (!cs->in_record)
		csv_record_begin(cs);
	switch (c) {
	case '\r':
		csv_field_end(cs, cs->line, cs->col);
		cs->st = CS_CR;
		break;
	case '\n':
		csv_field_end(cs, cs->line, cs->col);
		rc = csv_record_end(p);
		csv_newline(cs);
		break;
	case '\0':
		rc = csv_nul(p);
		break;
	default:
		rc = csv_raw(p);
		if (rc != ASSURE_OK)
			break;
		if (c == '"') {
			if (cs->nfields - 1 <= CREDREPORT_NCOLS)
				cs->f[cs->nfields - 1].quoted = true;
			cs->st = CS_QUOTED;
		} else if (c == ',') {
			csv_field_end(cs, cs->line, cs->col);
			csv_field_begin(cs, cs->line, cs->col + 1);
		} else {
			rc = csv_add(p, (char)c);
			cs->st = CS_UNQUOTED;
		}
		break;
	}
	return rc;
}

/* A byte after an unquoted field's content or a quoted field's end. */
static enum assure_err
csv_step_after(struct credreport_parser *p, unsigned char c)
{
	struct csv *cs = &p->cs;
	enum assure_err rc = ASSURE_OK;

	switch (c) {
	case ',':
		rc = csv_raw(p);
		if (rc != ASSURE_OK)
			break;
		csv_field_end(cs, cs->line, cs->col);
		csv_field_begin(cs, cs->line, cs->col + 1);
		cs->st = CS_FIELD;
		break;
	case '\r':
		csv_field_end(cs, cs->line, cs->col);
		cs->st = CS_CR;
		break;
	case '\n':
		csv_field_end(cs, cs->line, cs->col);
		cs->st = CS_FIELD;
		rc = csv_record_end(p);
		csv_newline(cs);
		break;
	default:
		assure_bug("csv_step_after: byte %u", c);
	}
	return rc;
}

static enum assure_err
csv_step(struct credreport_parser *p, unsigned char c)
{
	struct csv *cs = &p->cs;
	struct vquote q;
	unsigned i;
	char ch = (char)c;
	enum assure_err rc = ASSURE_OK;

	if (cs->st == CS_BOM) {
		if (cs->bom_matched == 0 && (c == 0xff || c == 0xfe))
			return perr(p, ASSURE_ERR_PARSE, cs->source, 1, 1, NULL,
			    "expected UTF-8 text, got UTF-16 or binary data");
		if (c == cr_bom[cs->bom_matched]) {
			cs->bom_matched++;
			if (cs->bom_matched == sizeof(cr_bom))
				cs->st = CS_LEADING;
			return ASSURE_OK;
		}
		/* Not a BOM after all: its bytes so far are data. */
		cs->st = CS_LEADING;
		for (i = 0; i < cs->bom_matched && rc == ASSURE_OK; i++)
			rc = csv_step(p, cr_bom[i]);
		if (rc != ASSURE_OK)
			return rc;
	}
	cs->col++;
	switch (cs->st) {
	case CS_BOM:
		assure_bug("csv_step: BOM state");
	case CS_LEADING:
		if (c == ' ' || c == '\t' || c == '\r')
			break;
		if (c == '\n') {
			csv_newline(cs);
			break;
		}
		if (c == '{' && cs->allow_json) {
			cs->want_json = true;
			break;
		}
		cs->st = CS_FIELD;
		rc = csv_step_field(p, c);
		break;
	case CS_FIELD:
		rc = csv_step_field(p, c);
		break;
	case CS_UNQUOTED:
		if (c == ',' || c == '\r' || c == '\n')
			rc = csv_step_after(p, c);
		else if (c == '"')
			rc = perr(p, ASSURE_ERR_PARSE, cs->source, cs->line,
			    cs->col, csv_field_name(cs, cs->nfields - 1),
			    "expected a field in quotes or without any, "
			    "got a '\"' inside a field");
		else if (c == '\0')
			rc = csv_nul(p);
		else {
			rc = csv_raw(p);
			if (rc == ASSURE_OK)
				rc = csv_add(p, ch);
		}
		break;
	case CS_QUOTED:
		if (c == '\0') {
			rc = csv_nul(p);
			break;
		}
		rc = csv_raw(p);
		if (rc != ASSURE_OK)
			break;
		if (c == '"') {
			cs->st = CS_QUOTE_END;
			break;
		}
		rc = csv_add(p, ch);
		if (c == '\n')
			csv_newline(cs);
		break;
	case CS_QUOTE_END:
		if (c == '"') {
			rc = csv_raw(p);
			if (rc == ASSURE_OK)
				rc = csv_add(p, ch);
			cs->st = CS_QUOTED;
		} else if (c == ',' || c == '\r' || c == '\n')
			rc = csv_step_after(p, c);
		else
			rc = perr(p, ASSURE_ERR_PARSE, cs->source, cs->line,
			    cs->col, csv_field_name(cs, cs->nfields - 1),
			    "expected ',' or the end of the line after a "
			    "closing quote, got '%s'", vquote(&q, &ch, 1));
		break;
	case CS_CR:
		if (c != '\n') {
			rc = perr(p, ASSURE_ERR_PARSE, cs->source, cs->line,
			    cs->col - 1, NULL, "expected a line feed after a "
			    "carriage return, got '%s'", vquote(&q, &ch, 1));
			break;
		}
		cs->st = CS_FIELD;
		rc = csv_record_end(p);
		csv_newline(cs);
		break;
	}
	return rc;
}

/*
 * Take the longest run of ordinary bytes of d[0..n) into the current field
 * (quoted or not), within the record and field limits; the byte after it
 * needs csv_step().  Returns the run's length.
 */
static size_t
csv_run(struct csv *cs, const unsigned char *d, size_t n)
{
	const bool *stop = cs->st == CS_UNQUOTED ? csv_stop_unquoted :
	    csv_stop_quoted;
	size_t k, lim = n, room;

	room = CREDREPORT_RECORD_MAX - cs->rawlen;
	if (room < lim)
		lim = room;
	room = CREDREPORT_FIELD_MAX - cs->flen;
	if (room < lim)
		lim = room;
	for (k = 0; k < lim && !stop[d[k]]; k++)
		;
	if (k == 0)
		return 0;
	if (cs->nfields - 1 <= CREDREPORT_NCOLS) {
		if (cs->used + k > CR_REC_CAP)
			assure_bug("credreport record buffer overrun");
		memcpy(cs->rec + cs->used, d, k);
		cs->used += k;
	}
	cs->flen += k;
	cs->rawlen += k;
	cs->col += k;
	return k;
}

/*
 * Run the CSV layer over d[0..len).  When it meets the '{' of a JSON
 * document it stops there: cs->want_json is set and *ret_used is the
 * offset of the '{'.
 */
static enum assure_err
csv_feed(struct credreport_parser *p, const unsigned char *d, size_t len,
    size_t *ret_used)
{
	struct csv *cs = &p->cs;
	size_t i = 0;
	enum assure_err rc = ASSURE_OK;

	while (i < len) {
		/* An ordinary byte starting a field: the run takes it. */
		if (cs->st == CS_FIELD && cs->in_record &&
		    !csv_stop_unquoted[d[i]])
			cs->st = CS_UNQUOTED;
		if (cs->st == CS_UNQUOTED || cs->st == CS_QUOTED) {
			i += csv_run(cs, d + i, len - i);
			if (i == len)
				break;
			/* The usual end of a run: a comma (csv_step_after). */
			if (cs->st == CS_UNQUOTED && d[i] == ',' &&
			    cs->rawlen < CREDREPORT_RECORD_MAX) {
				cs->col++;
				cs->rawlen++;
				csv_field_end(cs, cs->line, cs->col);
				csv_field_begin(cs, cs->line, cs->col + 1);
				cs->st = CS_FIELD;
				i++;
				continue;
			}
		}
		rc = csv_step(p, d[i]);
		if (rc != ASSURE_OK)
			break;
		if (cs->want_json)
			break;
		i++;
	}
	*ret_used = i;
	return rc;
}

/* The end of the CSV text: the last record, then "was there a header". */
static enum assure_err
csv_finish(struct credreport_parser *p)
{
	struct csv *cs = &p->cs;
	const struct csv_field *f;
	unsigned i;
	enum assure_err rc = ASSURE_OK;

	if (cs->st == CS_BOM) {
		cs->st = CS_LEADING;
		for (i = 0; i < cs->bom_matched && rc == ASSURE_OK; i++)
			rc = csv_step(p, cr_bom[i]);
		if (rc != ASSURE_OK)
			goto out;
	}
	switch (cs->st) {
	case CS_BOM:
	case CS_LEADING:
		break;
	case CS_FIELD:
		if (!cs->in_record)
			break;
		csv_field_end(cs, cs->line, cs->col + 1);
		rc = csv_record_end(p);
		break;
	case CS_UNQUOTED:
	case CS_QUOTE_END:
		csv_field_end(cs, cs->line, cs->col + 1);
		rc = csv_record_end(p);
		break;
	case CS_QUOTED:
		i = cs->nfields - 1;
		f = &cs->f[i <= CREDREPORT_NCOLS ? i : CREDREPORT_NCOLS];
		rc = perr(p, ASSURE_ERR_PARSE, cs->source, f->line, f->col,
		    csv_field_name(cs, i), "expected a closing '\"', got the "
		    "end of the input");
		break;
	case CS_CR:
		rc = csv_record_end(p);
		break;
	}
	if (rc == ASSURE_OK && !cs->header_seen)
		rc = perr(p, ASSURE_ERR_PARSE, cs->source, 0, 0, NULL,
		    "empty file: expected the credential report header");
out:
	return rc;
}

static void
csv_reset(struct csv *cs, bool allow_json, const char *source)
{
	char *rec = cs->rec;

	memset(cs, 0, sizeof(*cs));
	cs->rec = rec;
	cs->st = CS_BOM;
	cs->allow_json = allow_json;
	cs->source = source;
	cs->line = 1;
	cs->col = 0;
}

/* ------------------------------------------------------------------ */
/* JSON wrapper */

/* Start counting positions in a new chunk d[0..len). */
static void
json_chunk(struct json *js, const unsigned char *d, size_t len)
{
	js->chunk = d;
	js->chunk_len = len;
	js->scan_off = 0;
	js->scan_line = js->line;
	js->scan_col = js->col;
}

/*
 * Count lines and columns in the chunk up to offset off.  Right after an
 * accepted token, go byte by byte until the first byte of the next token.
 */
static void
json_scan_to(struct json *js, size_t off)
{
	const unsigned char *s, *e, *nl;
	unsigned char c;

	if (off > js->chunk_len)
		off = js->chunk_len;
	while (js->next != JN_FOUND && js->scan_off < off) {
		c = js->chunk[js->scan_off++];
		if (c == '\n') {
			js->scan_line++;
			js->scan_col = 0;
		} else
			js->scan_col++;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (js->sep != 0 && c == (unsigned char)js->sep &&
		    js->next == JN_BLANK) {
			js->next = JN_BLANK2;
			continue;
		}
		js->next = JN_FOUND;
		js->next_line = js->scan_line;
		js->next_col = js->scan_col;
	}
	if (off <= js->scan_off)
		return;
	s = js->chunk + js->scan_off;
	e = js->chunk + off;
	while (s < e) {
		nl = memchr(s, '\n', (size_t)(e - s));
		if (nl == NULL) {
			js->scan_col += (unsigned long)(e - s);
			break;
		}
		js->scan_line++;
		js->scan_col = 0;
		s = nl + 1;
	}
	js->scan_off = off;
}

/*
 * Where yajl is now: the last byte of the token it just read.  Inside a
 * callback this is exact and does not depend on where chunks end.
 */
static void
json_here(struct json *js, unsigned long *ret_line, unsigned long *ret_col)
{
	json_scan_to(js, yajl_get_bytes_consumed(js->h));
	*ret_line = js->scan_line;
	*ret_col = js->scan_col;
}

/*
 * Every callback: remember the end of the token yajl accepted and which
 * separator (',', ':' or 0) may follow it.
 */
static void
json_good(struct json *js, char sep)
{
	json_here(js, &js->good_line, &js->good_col);
	js->next = JN_BLANK;
	js->sep = sep;
}

/* After a value: a ',' unless it was the whole document. */
static char
json_value_sep(const struct json *js)
{
	return js->depth > 0 ? ',' : 0;
}

static int
json_fail_here(struct credreport_parser *p, enum assure_err rc,
    const char *field, const char *msg)
{
	unsigned long line, col;

	json_here(&p->js, &line, &col);
	perr(p, rc, p->source, line, col, field, "%s", msg);
	return 0;
}

/* A value of the wrong type for a meaningful top-level key. */
static int
json_type_error(struct credreport_parser *p, const char *got)
{
	const char *want = p->js.key == JK_FORMAT ? "the string 'text/csv'" :
	    p->js.key == JK_GENERATED ? "an RFC 3339 timestamp string" :
	    "the report as a string";

	perr(p, ASSURE_ERR_PARSE, p->source, p->js.key_line, p->js.key_col,
	    p->js.key_name, "expected %s, got %s", want, got);
	return 0;
}

/* A scalar or the start of a container, as the value of a key. */
static int
json_value(struct credreport_parser *p, const char *what)
{
	struct json *js = &p->js;

	if (js->depth == 0)
		return json_fail_here(p, ASSURE_ERR_PARSE, NULL,
		    "expected a JSON object (the GetCredentialReport output)");
	if (js->depth == 1 && js->key != JK_OTHER && js->key != JK_NONE)
		return json_type_error(p, what);
	if (js->depth == 1)
		js->key = JK_NONE;
	return 1;
}

static int
json_null(void *ctx)
{
	struct credreport_parser *p = ctx;

	json_good(&p->js, json_value_sep(&p->js));
	return json_value(p, "null");
}

static int
json_boolean(void *ctx, int v)
{
	struct credreport_parser *p = ctx;

	json_good(&p->js, json_value_sep(&p->js));
	return json_value(p, v ? "true" : "false");
}

static int
json_number(void *ctx, const char *s, size_t len)
{
	struct credreport_parser *p = ctx;

	(void)s;
	(void)len;
	json_good(&p->js, json_value_sep(&p->js));
	return json_value(p, "a number");
}

static int
json_open(struct credreport_parser *p, const char *what)
{
	struct json *js = &p->js;
	unsigned long line, col;

	json_good(js, 0);
	if (js->depth > 0 && json_value(p, what) == 0)
		return 0;
	if (js->depth >= CREDREPORT_JSON_DEPTH_MAX) {
		json_here(js, &line, &col);
		perr(p, ASSURE_ERR_LIMIT, p->source, line, col, NULL,
		    "expected at most %u levels of nesting",
		    CREDREPORT_JSON_DEPTH_MAX);
		return 0;
	}
	js->depth++;
	return 1;
}

static int
json_start_map(void *ctx)
{
	return json_open(ctx, "an object");
}

static int
json_start_array(void *ctx)
{
	struct credreport_parser *p = ctx;

	if (p->js.depth == 0)
		return json_value(p, "an array");
	return json_open(p, "an array");
}

static int
json_end_array(void *ctx)
{
	struct credreport_parser *p = ctx;

	p->js.depth--;
	json_good(&p->js, json_value_sep(&p->js));
	return 1;
}

static int
json_end_map(void *ctx)
{
	struct credreport_parser *p = ctx;
	struct json *js = &p->js;

	js->depth--;
	json_good(js, json_value_sep(js));
	if (js->depth > 0)
		return 1;
	js->closed = true;
	if (!js->have_content)
		return json_fail_here(p, ASSURE_ERR_PARSE, "Content",
		    "expected the key Content (the report), got the end of "
		    "the object");
	return 1;
}

static int
json_map_key(void *ctx, const unsigned char *key, size_t len)
{
	struct credreport_parser *p = ctx;
	struct json *js = &p->js;
	unsigned long line, col;

	json_good(js, ':');
	if (js->depth != 1)
		return 1;
	if (len == 7 && memcmp(key, "Content", 7) == 0) {
		js->key = JK_CONTENT;
		js->key_name = "Content";
	} else if (len == 13 && memcmp(key, "GeneratedTime", 13) == 0) {
		js->key = JK_GENERATED;
		js->key_name = "GeneratedTime";
	} else if (len == 12 && memcmp(key, "ReportFormat", 12) == 0) {
		js->key = JK_FORMAT;
		js->key_name = "ReportFormat";
	} else {
		js->key = JK_OTHER;
		return 1;
	}
	/* The key ends at the last byte read; it starts len + 1 before. */
	json_here(js, &line, &col);
	js->key_line = line;
	js->key_col = col > len + 1 ? col - len - 1 : 1;
	return 1;
}

/* Whether the Content string is base64 rather than the CSV itself. */
static bool
content_is_base64(const unsigned char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/' ||
		    c == '=' || c == ' ' || c == '\t' || c == '\r' ||
		    c == '\n'))
			return false;
	}
	return len > 0;
}

static enum assure_err
content_base64(struct credreport_parser *p, const unsigned char *s,
    size_t len)
{
	struct json *js = &p->js;
	struct assure_base64_dec dec;
	size_t off, step, n, used;
	enum assure_err rc = ASSURE_OK;

	assure_base64_dec_init(&dec);
	for (off = 0; off < len && rc == ASSURE_OK; off += step) {
		step = len - off < CR_B64_PIECE ? len - off : CR_B64_PIECE;
		rc = assure_base64_dec_update(&dec, s + off, step, js->b64out,
		    &n);
		if (rc != ASSURE_OK)
			goto bad;
		rc = csv_feed(p, js->b64out, n, &used);
	}
	if (rc != ASSURE_OK)
		goto out;
	rc = assure_base64_dec_final(&dec, js->b64out, &n);
	if (rc != ASSURE_OK)
		goto bad;
	rc = csv_feed(p, js->b64out, n, &used);
	goto out;
bad:
	rc = perr(p, ASSURE_ERR_PARSE, p->source, js->key_line, js->key_col,
	    "Content", "expected base64 text, got a malformed group at "
	    "offset %zu of the value", dec.err_pos);
out:
	return rc;
}

static int
json_content(struct credreport_parser *p, const unsigned char *s,
    size_t len)
{
	struct json *js = &p->js;
	size_t used;
	enum assure_err rc;

	if (js->have_content) {
		perr(p, ASSURE_ERR_PARSE, p->source, js->key_line, js->key_col,
		    "Content", "expected one Content key, got another");
		return 0;
	}
	js->have_content = true;
	if (len > CREDREPORT_JSON_CONTENT_MAX) {
		perr(p, ASSURE_ERR_LIMIT, p->source, js->key_line, js->key_col,
		    "Content", "value longer than %u bytes",
		    CREDREPORT_JSON_CONTENT_MAX);
		return 0;
	}
	csv_reset(&p->cs, false, p->content_source);
	if (content_is_base64(s, len))
		rc = content_base64(p, s, len);
	else
		rc = csv_feed(p, s, len, &used);
	if (rc == ASSURE_OK)
		rc = csv_finish(p);
	return rc == ASSURE_OK;
}

static int
json_string(void *ctx, const unsigned char *s, size_t len)
{
	struct credreport_parser *p = ctx;
	struct json *js = &p->js;
	enum json_key key = js->key;
	struct vquote q;

	json_good(js, json_value_sep(js));
	if (js->depth != 1 || key == JK_NONE || key == JK_OTHER)
		return json_value(p, "a string");
	js->key = JK_NONE;
	if ((key == JK_GENERATED && js->have_generated) ||
	    (key == JK_FORMAT && js->have_format)) {
		perr(p, ASSURE_ERR_PARSE, p->source, js->key_line, js->key_col,
		    js->key_name, "expected one %s key, got another",
		    js->key_name);
		return 0;
	}
	switch (key) {
	case JK_CONTENT:
		return json_content(p, s, len);
	case JK_GENERATED:
		js->have_generated = true;
		if (assure_time_parse((const char *)s, len, &js->generated) ==
		    0)
			return 1;
		perr(p, ASSURE_ERR_PARSE, p->source, js->key_line, js->key_col,
		    js->key_name, "expected an RFC 3339 timestamp, got '%s'",
		    vquote(&q, (const char *)s, len));
		return 0;
	case JK_FORMAT:
		js->have_format = true;
		if (IEQ((const char *)s, len, "text/csv"))
			return 1;
		perr(p, ASSURE_ERR_PARSE, p->source, js->key_line, js->key_col,
		    js->key_name, "expected 'text/csv', got '%s'",
		    vquote(&q, (const char *)s, len));
		return 0;
	default:
		assure_bug("json_string: key %d", (int)key);
	}
}

static const yajl_callbacks json_callbacks = {
	.yajl_null = json_null,
	.yajl_boolean = json_boolean,
	.yajl_number = json_number,
	.yajl_string = json_string,
	.yajl_start_map = json_start_map,
	.yajl_map_key = json_map_key,
	.yajl_end_map = json_end_map,
	.yajl_start_array = json_start_array,
	.yajl_end_array = json_end_array,
};

/* Switch to the JSON layer at the '{' the CSV layer stopped at. */
static enum assure_err
json_begin(struct credreport_parser *p)
{
	struct json *js = &p->js;
	int n;

	n = snprintf(p->content_source, sizeof(p->content_source),
	    "%s (Content)", p->source);
	if (n < 0)
		p->content_source[0] = '\0';
	js->b64out = malloc(assure_base64_decoded_max(CR_B64_PIECE));
	if (js->b64out == NULL)
		return perr(p, ASSURE_ERR_NOMEM, p->source, 0, 0, NULL,
		    "out of memory");
	assure_buf_init(&js->tok, CREDREPORT_JSON_INPUT_MAX + 1);
	js->h = yajl_alloc(&json_callbacks, NULL, p);
	if (js->h == NULL)
		return perr(p, ASSURE_ERR_NOMEM, p->source, 0, 0, NULL,
		    "out of memory");
	js->line = p->cs.line;
	js->col = p->cs.col - 1;
	js->good_line = js->line;
	js->good_col = js->col;
	js->next = JN_FOUND;
	js->next_line = p->cs.line;
	js->next_col = p->cs.col;
	p->cs.want_json = false;
	p->mode = MODE_JSON;
	return ASSURE_OK;
}

/*
 * yajl's complaint, without its trailing newline, as our diagnostic.  It
 * points at the first byte of the token after the last one yajl accepted
 * (or at the end of the input): yajl's own error offset depends on where
 * the chunks end.
 */
static enum assure_err
json_syntax_error(struct credreport_parser *p, const unsigned char *d,
    size_t len, bool at_end)
{
	struct json *js = &p->js;
	unsigned char *e;
	unsigned long line, col;
	size_t n;
	char msg[ASSURE_DIAG_MSG_MAX];

	e = yajl_get_error(js->h, 0, d, len);
	assure_strlcpy(msg, e != NULL ? (const char *)e : "syntax error",
	    sizeof(msg));
	if (e != NULL)
		yajl_free_error(js->h, e);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' ||
	    msg[n - 1] == '.'))
		msg[--n] = '\0';
	if (at_end) {
		line = js->line;
		col = js->col + 1;
	} else {
		json_scan_to(js, js->chunk_len);
		line = js->next == JN_FOUND ? js->next_line : js->good_line;
		col = js->next == JN_FOUND ? js->next_col : js->good_col + 1;
	}
	return perr(p, ASSURE_ERR_PARSE, p->source, line, col, NULL,
	    "expected JSON, got %s", msg);
}

/* Give d[0..len) to yajl; positions advance over it. */
static enum assure_err
json_yajl(struct credreport_parser *p, const unsigned char *d, size_t len)
{
	struct json *js = &p->js;
	yajl_status st;
	enum assure_err rc = ASSURE_OK;

	if (len == 0)
		return ASSURE_OK;
	json_chunk(js, d, len);
	st = yajl_parse(js->h, d, len);
	if (st == yajl_status_client_canceled) {
		rc = p->err;
		if (rc == ASSURE_OK)
			assure_bug("credreport: yajl cancelled without error");
	} else if (st != yajl_status_ok)
		rc = json_syntax_error(p, d, len, false);
	else {
		json_scan_to(js, len);
		js->line = js->scan_line;
		js->col = js->scan_col;
	}
	json_chunk(js, NULL, 0);
	return rc;
}

/*
 * The end of a string inside d[0..len) (the offset just past the closing
 * quote), following backslash escapes from js->str; len when the string
 * goes on.
 */
static size_t
json_string_end(struct json *js, const unsigned char *d, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (js->str == JS_ESC) {
			js->str = JS_IN;
			i++;
			continue;
		}
		while (i < len && d[i] != '"' && d[i] != '\\')
			i++;
		if (i == len)
			break;
		if (d[i] == '\\') {
			js->str = JS_ESC;
			i++;
			continue;
		}
		js->str = JS_OUT;
		return i + 1;
	}
	return len;
}

static enum assure_err
json_feed(struct credreport_parser *p, const unsigned char *d, size_t len)
{
	struct json *js = &p->js;
	const unsigned char *q;
	size_t allowed = len, i = 0, end;
	enum assure_err rc = ASSURE_OK;

	if (len > CREDREPORT_JSON_INPUT_MAX - js->total)
		allowed = CREDREPORT_JSON_INPUT_MAX - js->total;
	js->total += allowed;
	while (i < allowed && rc == ASSURE_OK) {
		if (js->str == JS_OUT) {
			q = memchr(d + i, '"', allowed - i);
			end = q == NULL ? allowed : (size_t)(q - d);
			rc = json_yajl(p, d + i, end - i);
			if (q == NULL || rc != ASSURE_OK)
				break;
			js->str = JS_IN;
			assure_buf_reset(&js->tok);
			assure_buf_addc(&js->tok, '"');
			i = end + 1;
			continue;
		}
		end = i + json_string_end(js, d + i, allowed - i);
		assure_buf_add(&js->tok, d + i, end - i);
		rc = assure_buf_err(&js->tok);
		if (rc != ASSURE_OK) {
			perr(p, rc, p->source, js->line, js->col + 1, NULL,
			    "out of memory");
			break;
		}
		if (js->str == JS_OUT)
			rc = json_yajl(p, (const unsigned char *)js->tok.data,
			    js->tok.len);
		i = end;
	}
	if (rc == ASSURE_OK && allowed < len) {
		/* where the input stops being taken: past the pending token */
		if (js->str != JS_OUT) {
			json_chunk(js, (const unsigned char *)js->tok.data,
			    js->tok.len);
			json_scan_to(js, js->tok.len);
			js->line = js->scan_line;
			js->col = js->scan_col;
		}
		rc = perr(p, ASSURE_ERR_LIMIT, p->source, js->line,
		    js->col + 1, NULL, "JSON document longer than %zu bytes",
		    CREDREPORT_JSON_INPUT_MAX);
	}
	return rc;
}

static enum assure_err
json_finish(struct credreport_parser *p)
{
	struct json *js = &p->js;
	yajl_status st;
	enum assure_err rc;

	/* an unterminated string: yajl says what is wrong with it */
	if (js->str != JS_OUT) {
		js->str = JS_OUT;
		rc = json_yajl(p, (const unsigned char *)js->tok.data,
		    js->tok.len);
		if (rc != ASSURE_OK)
			return rc;
	}
	rc = ASSURE_OK;
	/* yajl flushes a last number by parsing one space. */
	json_chunk(js, (const unsigned char *)" ", 1);
	st = yajl_complete_parse(js->h);
	if (st == yajl_status_client_canceled)
		rc = p->err;
	else if (st != yajl_status_ok)
		rc = json_syntax_error(p, NULL, 0, true);
	else if (!js->closed || !js->have_content)
		rc = perr(p, ASSURE_ERR_PARSE, p->source, js->line,
		    js->col + 1, "Content", "expected the key Content (the "
		    "report), got the end of the input");
	return rc;
}

/* ------------------------------------------------------------------ */
/* Public interface */

struct credreport_parser *
credreport_parser_new(const char *source, credreport_row_fn fn, void *arg)
{
	struct credreport_parser *p;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		goto fail;
	p->cs.rec = malloc(CR_REC_CAP);
	if (p->cs.rec == NULL)
		goto fail_free_parser;
	assure_strlcpy(p->source, source != NULL ? source : "<input>",
	    sizeof(p->source));
	p->fn = fn;
	p->arg = arg;
	p->mode = MODE_CSV;
	csv_reset(&p->cs, true, p->source);
	return p;
fail_free_parser:
	free(p);
fail:
	return NULL;
}

void
credreport_parser_free(struct credreport_parser *p)
{
	if (p == NULL)
		return;
	if (p->js.h != NULL)
		yajl_free(p->js.h);
	assure_buf_free(&p->js.tok);
	free(p->js.b64out);
	free(p->cs.rec);
	free(p);
}

/* Hand the recorded error out, when there is one. */
static enum assure_err
parser_result(struct credreport_parser *p, enum assure_err rc,
    struct assure_diag *reterr_diag)
{
	if (rc != ASSURE_OK && p->err == ASSURE_OK)
		perr(p, rc, p->source, 0, 0, NULL, "%s", assure_strerror(rc));
	if (p->err != ASSURE_OK && reterr_diag != NULL)
		*reterr_diag = p->diag;
	return p->err;
}

enum assure_err
credreport_parser_feed(struct credreport_parser *p, const void *data,
    size_t len, struct assure_diag *reterr_diag)
{
	const unsigned char *d = data;
	size_t used;
	enum assure_err rc = ASSURE_OK;

	if (p->err != ASSURE_OK)
		goto out;
	if (p->finished) {
		rc = perr(p, ASSURE_ERR_INVAL, p->source, 0, 0, NULL,
		    "input after the end of the input");
		goto out;
	}
	if (p->mode == MODE_CSV) {
		rc = csv_feed(p, d, len, &used);
		if (rc != ASSURE_OK || !p->cs.want_json)
			goto out;
		rc = json_begin(p);
		if (rc != ASSURE_OK)
			goto out;
		d += used;
		len -= used;
	}
	rc = json_feed(p, d, len);
out:
	return parser_result(p, rc, reterr_diag);
}

enum assure_err
credreport_parser_finish(struct credreport_parser *p,
    struct assure_diag *reterr_diag)
{
	enum assure_err rc = ASSURE_OK;

	if (p->err != ASSURE_OK)
		goto out;
	if (p->finished) {
		rc = perr(p, ASSURE_ERR_INVAL, p->source, 0, 0, NULL,
		    "the input was already finished");
		goto out;
	}
	p->finished = true;
	if (p->mode == MODE_CSV)
		rc = csv_finish(p);
	else
		rc = json_finish(p);
out:
	return parser_result(p, rc, reterr_diag);
}

unsigned long
credreport_parser_rows(const struct credreport_parser *p)
{
	return p->rows;
}

struct opt_time
credreport_parser_generated_time(const struct credreport_parser *p)
{
	struct opt_time t = { false, 0 };

	if (p->finished && p->err == ASSURE_OK && p->js.have_generated) {
		t.has = true;
		t.t = p->js.generated;
	}
	return t;
}
