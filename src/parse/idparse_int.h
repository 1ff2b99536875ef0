/*
 * idparse_int.h: what the identity parsers share inside parse/ (not for
 * other layers): the parser object, the JSON vendor table, and helpers
 * for absence markers, times, booleans and URL hosts.
 */
#ifndef ASSURE_PARSE_IDPARSE_INT_H
#define ASSURE_PARSE_IDPARSE_INT_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/idparse.h"
#include "parse/jstream.h"

struct hrcsv;

/* A JSON vendor format: where its records are and what to do with them. */
struct id_json_vendor {
	const char *const	*patterns;
	/* per-format state; may be NULL */
	enum assure_err		(*init)(struct id_parser *p);
	jstream_rec_fn		 record;
	/* after the document: the envelope, state emitted at the end */
	enum assure_err		(*finish)(struct id_parser *p,
				    struct assure_diag *reterr_diag);
	void			(*release)(struct id_parser *p);
};

struct id_parser {
	enum id_format			 fmt;
	const struct id_opts		*o;
	struct id_sink			 sink;
	unsigned long			 emitted;
	struct jstream			*js;
	const struct id_json_vendor	*v;
	struct hrcsv			*csv;
	void				*state;	/* the vendor's */
	char				 tenant[256];	/* derived */
};

extern const struct id_json_vendor id_vendor_bamboohr;
extern const struct id_json_vendor id_vendor_aws_authz;
extern const struct id_json_vendor id_vendor_okta_users;
extern const struct id_json_vendor id_vendor_okta_factors;
extern const struct id_json_vendor id_vendor_okta_admins;
extern const struct id_json_vendor id_vendor_google_users;
extern const struct id_json_vendor id_vendor_entra_users;
extern const struct id_json_vendor id_vendor_entra_registration;
extern const struct id_json_vendor id_vendor_github_members;

/*
 * hr_csv.c: the CSV side of id_parser_*: hrcsv_new validates the --map
 * options and sets p->csv (INVAL or NOMEM with a diagnostic otherwise);
 * feed and finish follow id_parser_feed/finish (errors sticky); free
 * accepts NULL.
 */
enum assure_err hrcsv_new(struct id_parser *p, struct assure_diag *d);
enum assure_err hrcsv_feed(struct id_parser *p, const unsigned char *data,
    size_t len, struct assure_diag *d);
enum assure_err hrcsv_finish(struct id_parser *p, struct assure_diag *d);
void hrcsv_free(struct hrcsv *c);

/* Emit through the sink, counting. */
enum assure_err id_emit_person(struct id_parser *p, const struct id_person *x,
    struct assure_diag *d);
enum assure_err id_emit_account(struct id_parser *p,
    const struct id_account *x, struct assure_diag *d);
enum assure_err id_emit_setting(struct id_parser *p,
    const struct id_setting *x, struct assure_diag *d);

/*
 * A time field of r at path: absent when missing, null, empty, or one of
 * the absence markers ("0000-00-00", "N/A", "1970-01-01T00:00:00..."
 * when never_epoch, "0001-01-01T00:00:00..."); an RFC 3339 instant or a
 * bare date otherwise (*ret_date_only tells which, when not NULL).  Any
 * other value is a located PARSE error.
 */
enum assure_err id_json_time(struct jstream *js, const struct jrec *r,
    const char *path, bool never_epoch, struct opt_time *ret,
    bool *ret_date_only, struct assure_diag *d);
/* The same for a string s (len bytes); -1 when not a time. */
int id_time_text(const char *s, size_t len, bool never_epoch,
    struct opt_time *ret, bool *ret_date_only);
/* A boolean field: absent when missing or null; else must be a boolean. */
enum assure_err id_json_bool(struct jstream *js, const struct jrec *r,
    const char *path, enum tri *ret, struct assure_diag *d);
/*
 * A required string field (non-empty); a located error names it when
 * missing or of another type.
 */
enum assure_err id_json_req(struct jstream *js, const struct jrec *r,
    const char *path, const char **ret, struct assure_diag *d);
/* An optional string: NULL when missing, null or empty; else a string. */
enum assure_err id_json_opt(struct jstream *js, const struct jrec *r,
    const char *path, const char **ret, struct assure_diag *d);
/* Copy the host of an http(s) URL into out; false when none. */
bool id_url_host(const char *url, char *out, size_t size);
/*
 * The path segment after "/<seg>/" in url (e.g. the user id after
 * "/users/"), into out; false when none.
 */
bool id_url_segment(const char *url, const char *seg, char *out,
    size_t size);
/* Quote at most 40 bytes of s for a diagnostic, into out. */
void id_quote(const char *s, char *out, size_t size);

#endif
