/*
 * credreport.h: streaming parser for the AWS IAM credential report.
 *
 * Input is either the CSV report itself (22 columns, in AWS's documented
 * order, header first) or the JSON body of GetCredentialReport as the AWS
 * CLI and SDK collectors save it ({"Content": ..., "GeneratedTime": ...,
 * "ReportFormat": "text/csv"}), where Content is the CSV either as text or
 * base64-encoded.  The format is detected from the first non-blank byte.
 *
 * Bytes are fed in chunks of any size; the parser never holds more than one
 * record (CSV) or the Content string (JSON) in memory, so a report of any
 * length streams.  Each data row is validated and handed to the callback;
 * the first problem stops the parse with a located diagnostic
 * ("file:line:column: field: what was expected").
 *
 * Absence markers "N/A", "no_information" and "not_supported" become
 * "absent", never a date or a boolean.  Booleans are true/false in any case.
 *
 * Details a caller may rely on:
 *  - CSV is RFC 4180: "" escapes a quote, quoted fields may hold commas and
 *    line breaks (lines are still counted right), records end in LF or
 *    CRLF, the last one with or without it.  A UTF-8 byte order mark and
 *    blank space before the header are skipped; blank lines are allowed
 *    only at the end.  NUL bytes and a bare CR are errors.  The record
 *    limit counts a record's bytes without its line ending.
 *  - Columns are 1-based byte columns (the BOM not counted).  A diagnostic
 *    about a field names the column where the field starts, the field
 *    (the header column name, "header" or "row") and the value, quoted and
 *    cut to 40 bytes: "report.csv:4:23: arn: expected ..., got '...'".
 *  - Inside the JSON wrapper, CSV diagnostics name the source
 *    "<source> (Content)" and count lines and columns in the CSV text;
 *    diagnostics about the JSON itself count in the JSON file (a syntax
 *    error points at the first byte of the token after the last valid
 *    one: yajl's own offset depends on chunking).  Content is taken as
 *    base64 when it holds only base64 characters and white space, else as
 *    the CSV text itself (base64 is decoded a bounded piece at a time).
 *    The Content string is collected whole and then parsed, so in JSON
 *    mode memory is up to about three times its size (the raw text, and
 *    yajl's unescaped copy when it has escapes); time stays linear.  Keys
 *    other than Content, GeneratedTime and ReportFormat are ignored;
 *    ReportFormat, when present, must be "text/csv".
 *  - Every row has a well-formed IAM ARN (partitions aws, aws-cn,
 *    aws-us-gov, aws-eusc, aws-iso*); a user ARN ends in "/<user>", the
 *    "<root_account>" row and only it has the ":root" ARN, there is at most
 *    one root row, and all rows belong to one account.
 *  - password_enabled and every timestamp may be absent; mfa_active and
 *    the key and certificate "active" columns must be true or false.
 *    Region and service are NULL when absent.
 */
#ifndef ASSURE_PARSE_CREDREPORT_H
#define ASSURE_PARSE_CREDREPORT_H

#include "common/compat.h"
#include "common/err.h"

/* Explicit input limits. */
#define CREDREPORT_RECORD_MAX	(64u * 1024)	/* bytes in one CSV record */
#define CREDREPORT_FIELD_MAX	(8u * 1024)	/* bytes in one field */
#define CREDREPORT_ROWS_MAX	10000000ul	/* data rows in one report */
#define CREDREPORT_JSON_CONTENT_MAX	(512u * 1024 * 1024)
#define CREDREPORT_NCOLS	22
/* Nesting depth of the JSON wrapper, and its size beyond the Content. */
#define CREDREPORT_JSON_DEPTH_MAX	32
#define CREDREPORT_JSON_OTHER_MAX	(1u * 1024 * 1024)
/* The whole JSON document: Content as escaped text plus the rest. */
#define CREDREPORT_JSON_INPUT_MAX	\
	((size_t)CREDREPORT_JSON_CONTENT_MAX + CREDREPORT_JSON_OTHER_MAX)

/* A value that may be absent (N/A, no_information, not_supported). */
enum tri {
	TRI_ABSENT = 0,
	TRI_FALSE,
	TRI_TRUE,
};

struct opt_time {
	bool	has;
	int64_t	t;	/* seconds since the epoch, UTC */
};

struct credreport_key {
	enum tri	 active;
	struct opt_time	 last_rotated;
	struct opt_time	 last_used;
	const char	*last_used_region;	/* NULL when absent */
	const char	*last_used_service;	/* NULL when absent */
};

struct credreport_cert {
	enum tri	 active;
	struct opt_time	 last_rotated;
};

/*
 * One data row.  Strings point into the parser's record buffer and are
 * valid only during the callback.
 */
struct credreport_row {
	unsigned long		 line;		/* line the record starts on */
	unsigned long		 index;		/* 0-based data row number */
	const char		*user;		/* "<root_account>" for root */
	const char		*arn;
	bool			 is_root;
	char			 partition[16];	/* "aws", "aws-cn", ... */
	char			 account_id[13];	/* 12 digits from the ARN */
	struct opt_time		 user_creation_time;
	enum tri		 password_enabled;
	struct opt_time		 password_last_used;
	struct opt_time		 password_last_changed;
	struct opt_time		 password_next_rotation;
	enum tri		 mfa_active;
	struct credreport_key	 key[2];
	struct credreport_cert	 cert[2];
};

/*
 * Called for each data row.  Return ASSURE_OK to go on; any other code
 * stops the parse and is returned from feed/finish (fill the diagnostic
 * yourself if you want one).
 */
typedef enum assure_err (*credreport_row_fn)(const struct credreport_row *row,
    void *arg, struct assure_diag *reterr_diag);

struct credreport_parser;

/*
 * A parser for the input named source (used in diagnostics).  fn may be
 * NULL to only validate and count rows.  Returns NULL on allocation
 * failure.  The parser allocates its record buffer here and, for JSON, the
 * yajl handle and a decoding buffer; nothing per row.
 */
struct credreport_parser *credreport_parser_new(const char *source,
    credreport_row_fn fn, void *arg);
/* Release p and everything it holds; p may be NULL. */
void credreport_parser_free(struct credreport_parser *p);

/*
 * Feed the next len bytes.  On error the parser is dead: free it (later
 * calls return the same error and diagnostic).  Splitting the input
 * differently never changes the rows or the diagnostic.
 */
enum assure_err credreport_parser_feed(struct credreport_parser *p,
    const void *data, size_t len, struct assure_diag *reterr_diag);

/* End of input: checks that the input was complete (header seen, no open
 * quote, a JSON document closed, Content present). */
enum assure_err credreport_parser_finish(struct credreport_parser *p,
    struct assure_diag *reterr_diag);

/* Data rows delivered so far. */
unsigned long credreport_parser_rows(const struct credreport_parser *p);

/*
 * When the input was the GetCredentialReport JSON with a GeneratedTime,
 * that instant (the moment AWS generated the report); else has = false.
 * Valid after a successful finish.
 */
struct opt_time credreport_parser_generated_time(
    const struct credreport_parser *p);

#endif
