/*
 * idparse.c: the identity parser interface (idparse.h) and the helpers the
 * vendor parsers share: absence markers, times, booleans, strings and URL
 * pieces.  hr-csv has its own CSV reader (hr_csv.c); every other format is
 * JSON streamed by jstream.c into the vendor's record callback.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "parse/idparse_int.h"

static const char *const format_names[ID_FMT__MAX] = {
	[ID_FMT_HR_CSV] = "hr-csv",
	[ID_FMT_BAMBOOHR] = "bamboohr-report",
	[ID_FMT_AWS_AUTHZ] = "aws-iam-authorization-details",
	[ID_FMT_OKTA_USERS] = "okta-users",
	[ID_FMT_OKTA_FACTORS] = "okta-factors",
	[ID_FMT_OKTA_ADMINS] = "okta-admins",
	[ID_FMT_GOOGLE_USERS] = "google-workspace-users",
	[ID_FMT_ENTRA_USERS] = "entra-users",
	[ID_FMT_ENTRA_REGISTRATION] = "entra-registration-details",
	[ID_FMT_GITHUB_MEMBERS] = "github-org-members",
};

static const struct id_json_vendor *const vendors[ID_FMT__MAX] = {
	[ID_FMT_BAMBOOHR] = &id_vendor_bamboohr,
	[ID_FMT_AWS_AUTHZ] = &id_vendor_aws_authz,
	[ID_FMT_OKTA_USERS] = &id_vendor_okta_users,
	[ID_FMT_OKTA_FACTORS] = &id_vendor_okta_factors,
	[ID_FMT_OKTA_ADMINS] = &id_vendor_okta_admins,
	[ID_FMT_GOOGLE_USERS] = &id_vendor_google_users,
	[ID_FMT_ENTRA_USERS] = &id_vendor_entra_users,
	[ID_FMT_ENTRA_REGISTRATION] = &id_vendor_entra_registration,
	[ID_FMT_GITHUB_MEMBERS] = &id_vendor_github_members,
};

enum id_format
id_format_find(const char *name)
{
	int i;

	for (i = 0; i < ID_FMT__MAX; i++)
		if (strcmp(format_names[i], name) == 0)
			return (enum id_format)i;
	return ID_FMT__MAX;
}

const char *
id_format_name(enum id_format fmt)
{
	if ((int)fmt < 0 || fmt >= ID_FMT__MAX)
		return "?";
	return format_names[fmt];
}

enum assure_err
id_parser_new(enum id_format fmt, const struct id_opts *o,
    const struct id_sink *sink, struct id_parser **ret, struct assure_diag *d)
{
	struct id_parser *p;
	const char *src = o->source != NULL ? o->source : "<input>";
	enum assure_err rc;

	if ((int)fmt < 0 || fmt >= ID_FMT__MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, NULL,
		    "unknown identity format");
	if (o->nmaps > 0 && fmt != ID_FMT_HR_CSV)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, "--map",
		    "only hr-csv takes --map, not %s", format_names[fmt]);
	if (o->nmaps > ID_MAPS_MAX)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, "--map",
		    "more than %d header maps", ID_MAPS_MAX);
	if (o->user != NULL && fmt != ID_FMT_OKTA_FACTORS)
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0, "--user",
		    "only okta-factors takes --user, not %s",
		    format_names[fmt]);
	if (o->tenant != NULL && (fmt == ID_FMT_HR_CSV ||
	    fmt == ID_FMT_BAMBOOHR))
		return assure_diag_set(d, ASSURE_ERR_INVAL, src, 0, 0,
		    "--tenant", "an HR roster has no tenant: %s takes no "
		    "--tenant", format_names[fmt]);
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	p->fmt = fmt;
	p->o = o;
	p->sink = *sink;
	if (o->tenant != NULL)
		assure_strlcpy(p->tenant, o->tenant, sizeof(p->tenant));
	if (fmt == ID_FMT_HR_CSV) {
		rc = hrcsv_new(p, d);
		if (rc != ASSURE_OK)
			goto fail;
		*ret = p;
		return ASSURE_OK;
	}
	p->v = vendors[fmt];
	p->js = jstream_new(src, p->v->patterns, p->v->record, p);
	if (p->js == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
		goto fail;
	}
	if (p->v->init != NULL) {
		rc = p->v->init(p);
		if (rc != ASSURE_OK) {
			assure_diag_set(d, rc, src, 0, 0, NULL,
			    "out of memory");
			goto fail;
		}
	}
	*ret = p;
	return ASSURE_OK;
fail:
	id_parser_free(p);
	return rc;
}

void
id_parser_free(struct id_parser *p)
{
	if (p == NULL)
		return;
	if (p->v != NULL && p->v->release != NULL)
		p->v->release(p);
	jstream_free(p->js);
	hrcsv_free(p->csv);
	free(p);
}

enum assure_err
id_parser_feed(struct id_parser *p, const void *data, size_t len,
    struct assure_diag *d)
{
	if (p->fmt == ID_FMT_HR_CSV)
		return hrcsv_feed(p, data, len, d);
	return jstream_feed(p->js, data, len, d);
}

enum assure_err
id_parser_finish(struct id_parser *p, struct assure_diag *d)
{
	enum assure_err rc;

	if (p->fmt == ID_FMT_HR_CSV)
		return hrcsv_finish(p, d);
	rc = jstream_finish(p->js, d);
	if (rc == ASSURE_OK && p->v->finish != NULL)
		rc = p->v->finish(p, d);
	return rc;
}

unsigned long
id_parser_records(const struct id_parser *p)
{
	return p->emitted;
}

/* ------------------------------------------------------------------ */
/* Emitting */

enum assure_err
id_emit_person(struct id_parser *p, const struct id_person *x,
    struct assure_diag *d)
{
	enum assure_err rc = ASSURE_OK;

	if (p->sink.person != NULL)
		rc = p->sink.person(x, p->sink.arg, d);
	if (rc == ASSURE_OK)
		p->emitted++;
	return rc;
}

enum assure_err
id_emit_account(struct id_parser *p, const struct id_account *x,
    struct assure_diag *d)
{
	enum assure_err rc = ASSURE_OK;

	if (p->sink.account != NULL)
		rc = p->sink.account(x, p->sink.arg, d);
	if (rc == ASSURE_OK)
		p->emitted++;
	return rc;
}

enum assure_err
id_emit_setting(struct id_parser *p, const struct id_setting *x,
    struct assure_diag *d)
{
	enum assure_err rc = ASSURE_OK;

	if (p->sink.setting != NULL)
		rc = p->sink.setting(x, p->sink.arg, d);
	if (rc == ASSURE_OK)
		p->emitted++;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Helpers */

void
id_quote(const char *s, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; s != NULL && s[i] != '\0' && i < 40 && o + 5 < size;
	    i++) {
		unsigned char c = (unsigned char)s[i];

		out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (s != NULL && s[i] != '\0' && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (size > 0)
		out[o < size ? o : size - 1] = '\0';
}

static bool
prefix(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);

	return len >= n && memcmp(s, pre, n) == 0;
}

int
id_time_text(const char *s, size_t len, bool never_epoch,
    struct opt_time *ret, bool *ret_date_only)
{
	int64_t t;

	ret->has = false;
	if (ret_date_only != NULL)
		*ret_date_only = false;
	if (len == 0 || prefix(s, len, "0000-00-00") ||
	    prefix(s, len, "0001-01-01T00:00:00") ||
	    (len == 3 && strncasecmp(s, "N/A", 3) == 0))
		return 0;
	if (never_epoch && prefix(s, len, "1970-01-01T00:00:00"))
		return 0;
	if (assure_time_parse(s, len, &t) != 0)
		return -1;
	ret->has = true;
	ret->t = t;
	if (ret_date_only != NULL)
		*ret_date_only = len == 10;
	return 0;
}

enum assure_err
id_json_time(struct jstream *js, const struct jrec *r, const char *path,
    bool never_epoch, struct opt_time *ret, bool *ret_date_only,
    struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);
	char q[64];

	ret->has = false;
	if (ret_date_only != NULL)
		*ret_date_only = false;
	if (f == NULL || f->type == JT_NULL)
		return ASSURE_OK;
	if (f->type != JT_STRING || id_time_text(f->val, f->len, never_epoch,
	    ret, ret_date_only) != 0) {
		id_quote(f->val, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected an RFC 3339 time or a date, got '%s'",
		    f->val != NULL ? q : "an object or array");
	}
	return ASSURE_OK;
}

enum assure_err
id_json_bool(struct jstream *js, const struct jrec *r, const char *path,
    enum tri *ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);
	char q[64];

	*ret = TRI_ABSENT;
	if (f == NULL || f->type == JT_NULL)
		return ASSURE_OK;
	if (f->type != JT_BOOL) {
		id_quote(f->val, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected true or false, got '%s'",
		    f->val != NULL ? q : "an object or array");
	}
	*ret = strcmp(f->val, "true") == 0 ? TRI_TRUE : TRI_FALSE;
	return ASSURE_OK;
}

enum assure_err
id_json_opt(struct jstream *js, const struct jrec *r, const char *path,
    const char **ret, struct assure_diag *d)
{
	const struct jfield *f = jrec_get(r, path);
	char q[64];

	*ret = NULL;
	if (f == NULL || f->type == JT_NULL)
		return ASSURE_OK;
	if (f->type != JT_STRING && f->type != JT_NUMBER) {
		id_quote(f->val, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a string, got '%s'",
		    f->val != NULL ? q : "an object or array");
	}
	if (f->len > ID_VALUE_MAX)
		return jstream_error(js, r, f, d, ASSURE_ERR_LIMIT,
		    "expected at most %d bytes, got %zu", ID_VALUE_MAX,
		    f->len);
	if (strlen(f->val) != f->len)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected text, got a NUL character");
	if (f->len > 0)
		*ret = f->val;
	return ASSURE_OK;
}

enum assure_err
id_json_req(struct jstream *js, const struct jrec *r, const char *path,
    const char **ret, struct assure_diag *d)
{
	enum assure_err rc;

	rc = id_json_opt(js, r, path, ret, d);
	if (rc != ASSURE_OK)
		return rc;
	if (*ret == NULL) {
		const struct jfield *f = jrec_get(r, path);

		if (f != NULL)
			return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
			    "expected a non-empty string, got %s",
			    f->type == JT_NULL ? "null" : "''");
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(js), r->line, r->col, path,
		    "expected the key %s in this record, got none", path);
	}
	return ASSURE_OK;
}

bool
id_url_host(const char *url, char *out, size_t size)
{
	const char *h, *e;
	size_t n;

	if (url == NULL)
		return false;
	if (strncmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		h = url + 7;
	else
		return false;
	e = h + strcspn(h, "/?#:");
	n = (size_t)(e - h);
	if (n == 0 || n >= size)
		return false;
	memcpy(out, h, n);
	out[n] = '\0';
	return true;
}

bool
id_url_segment(const char *url, const char *seg, char *out, size_t size)
{
	const char *s, *e;
	size_t n, sl = strlen(seg);

	if (url == NULL)
		return false;
	for (s = strstr(url, seg); s != NULL; s = strstr(s + 1, seg)) {
		if (s == url || s[-1] != '/' || s[sl] != '/')
			continue;
		s += sl + 1;
		e = s + strcspn(s, "/?#");
		n = (size_t)(e - s);
		if (n == 0 || n >= size)
			return false;
		memcpy(out, s, n);
		out[n] = '\0';
		return true;
	}
	return false;
}
