/*
 * chparse_int.h: what the change-management parsers share inside parse/
 * (not for other layers): the parser object and the JSON vendor table.
 * The string, time and boolean helpers are the identity parsers'
 * (idparse_int.h: id_json_req, id_json_opt, id_json_time, id_json_bool,
 * id_url_segment, id_quote).
 */
#ifndef ASSURE_PARSE_CHPARSE_INT_H
#define ASSURE_PARSE_CHPARSE_INT_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/chparse.h"
#include "parse/idparse_int.h"
#include "parse/jstream.h"

struct deploycsv;

/* A JSON format: where its records are and what to do with them. */
struct chg_json_vendor {
	const char *const	*patterns;
	/* per-format state; may be NULL */
	enum assure_err		(*init)(struct chg_parser *p);
	jstream_rec_fn		 record;
	/* after the document: the envelope, state emitted at the end */
	enum assure_err		(*finish)(struct chg_parser *p,
				    struct assure_diag *reterr_diag);
	void			(*release)(struct chg_parser *p);
};

struct chg_parser {
	enum chg_format			 fmt;
	const struct chg_opts		*o;
	struct chg_sink			 sink;
	unsigned long			 emitted;
	struct jstream			*js;
	const struct chg_json_vendor	*v;
	struct deploycsv		*csv;
	void				*state;	/* the vendor's */
	bool				 has_as_of;
	int64_t				 as_of;
};

extern const struct chg_json_vendor chg_vendor_github_pulls;
extern const struct chg_json_vendor chg_vendor_github_reviews;
extern const struct chg_json_vendor chg_vendor_github_deployments;
extern const struct chg_json_vendor chg_vendor_github_statuses;
extern const struct chg_json_vendor chg_vendor_github_protection;
extern const struct chg_json_vendor chg_vendor_gitlab_mrs;
extern const struct chg_json_vendor chg_vendor_gitlab_approvals;
extern const struct chg_json_vendor chg_vendor_git_repo;
extern const struct chg_json_vendor chg_vendor_deployments_json;

/*
 * deploylog.c: the CSV side of chg_parser_*: deploycsv_new sets p->csv
 * (NOMEM with a diagnostic otherwise); feed and finish follow
 * chg_parser_feed/finish (errors sticky); free accepts NULL.
 */
enum assure_err deploycsv_new(struct chg_parser *p, struct assure_diag *d);
enum assure_err deploycsv_feed(struct chg_parser *p,
    const unsigned char *data, size_t len, struct assure_diag *d);
enum assure_err deploycsv_finish(struct chg_parser *p, struct assure_diag *d);
void deploycsv_free(struct deploycsv *c);

/* Emit through the sink, counting. */
enum assure_err chg_emit_change(struct chg_parser *p,
    const struct chg_change *x, struct assure_diag *d);
enum assure_err chg_emit_review(struct chg_parser *p,
    const struct chg_review *x, struct assure_diag *d);
enum assure_err chg_emit_deployment(struct chg_parser *p,
    const struct chg_deployment *x, struct assure_diag *d);
enum assure_err chg_emit_status(struct chg_parser *p,
    const struct chg_deploy_status *x, struct assure_diag *d);
enum assure_err chg_emit_protection(struct chg_parser *p,
    const struct chg_protection *x, struct assure_diag *d);
enum assure_err chg_emit_commit(struct chg_parser *p,
    const struct chg_commit *x, struct assure_diag *d);

/*
 * "owner/name" and the number from an API URL such as
 * "https://api.github.com/repos/owner/name/pulls/12" (after "/repos/",
 * before "/<what>/"), into repo; *ret_id gets the segment after
 * "/<what>/" as text into id.  false when the URL has no such shape.
 */
bool chg_api_url(const char *url, const char *what, char *repo,
    size_t repo_size, char *id, size_t id_size);

/*
 * A whole-number field of r at path into *ret, within [min, max]: absent
 * (*ret_has false) when missing or null; a located PARSE error when it is
 * not a JSON number or is out of range.  With ret_has NULL the field is
 * required: missing or null is an error too.
 */
/*
 * The user object at key ("user", "author", "creator"): its name field
 * (GitHub "login", GitLab "username") into *ret_name, required when the
 * object is there; NULL when the key is missing or null (a deleted
 * account).  Anything else at key is a located error.
 */
enum assure_err chg_json_user(struct jstream *js, const struct jrec *r,
    const char *key, const char *name_field, const char **ret_name,
    struct assure_diag *d);
enum assure_err chg_json_int(struct jstream *js, const struct jrec *r,
    const char *path, int64_t min, int64_t max, bool *ret_has,
    int64_t *ret, struct assure_diag *reterr_diag);
/*
 * The strings of the list at path joined by ',' into out (size bytes,
 * at most CHG_VALUE_MAX + 1 useful): elements that are strings, or the
 * string under key of elements that are objects (key may be NULL when the
 * elements must be strings).  *ret is NULL when the list is missing, null
 * or empty, else out.  A located error when the list is not an array, an
 * element is of another type, or the result is too long.
 */
enum assure_err chg_json_join(struct jstream *js, const struct jrec *r,
    const char *path, const char *key, char *out, size_t size,
    const char **ret, struct assure_diag *reterr_diag);
/*
 * An API error body where a record was expected ({"message": "Not
 * Found"}, GitLab's {"error": ...}): when r lacks key and carries a
 * message or error, a located PARSE error saying that vendor answered
 * with it instead of what (the collector lacked access or asked for
 * something absent).  ASSURE_OK otherwise.
 */
enum assure_err chg_api_error(struct jstream *js, const struct jrec *r,
    const char *key, const char *vendor, const char *what,
    struct assure_diag *reterr_diag);
/*
 * The number of what a record belongs to (what: "pull request",
 * "deployment"): the record's own (has, n, from field f, which may be
 * NULL) or else --change.  A located error when neither says, or when both
 * do and differ (evidence would be filed against the wrong change).
 */
enum assure_err chg_number(struct chg_parser *p, const struct jrec *r,
    const struct jfield *f, bool has, int64_t n, const char *what,
    int64_t *ret, struct assure_diag *reterr_diag);
/*
 * After the document of a format whose records are the objects of a
 * top-level array or the top-level object itself: a located error when
 * the document was something else (empty, a scalar, an array holding
 * non-objects).  what names a record ("pull request").
 */
enum assure_err chg_json_shape(struct chg_parser *p, const char *what,
    struct assure_diag *reterr_diag);

#endif
