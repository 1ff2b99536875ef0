/*
 * okta.c: the Okta exports okta-users, okta-factors and okta-admins.
 *
 * okta-users: the Users API list (GET /api/v1/users), a JSON array of
 * users.  One account per user: account_id = id, login = profile.login,
 * email = profile.email, display name = profile.displayName or
 * "firstName lastName"; created, lastLogin, statusChanged (null is
 * absence).  status must be one of STAGED, PROVISIONED, ACTIVE, RECOVERY,
 * PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED, DEPROVISIONED.  active is true
 * for ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT and PROVISIONED (the
 * account holds credentials or a pending activation the person can
 * complete), false for STAGED, SUSPENDED and DEPROVISIONED.  kind human;
 * admin and MFA absent (okta-admins and okta-factors say them).
 *
 * okta-factors: the Factors API list of one user (GET
 * /api/v1/users/{id}/factors), a JSON array.  The user is taken from each
 * factor's _links.user.href or _links.self.href (".../users/{id}/..."), or
 * from --user (needed when the list is empty).  One account facet per
 * user: mfa enrolled when any factor with status ACTIVE has a type other
 * than "question" and "password" (push, signed_nonce, token:*, u2f,
 * webauthn, and also sms, call and email, which are weaker but second
 * factors), else not_enrolled.  roles lists the types of the ACTIVE
 * factors, so that a rule can ask for strong factors only
 * (FORMATS.md: question and sms are not strong).
 *
 * okta-admins: either GET /api/v1/users/{id}/roles (an array of role
 * assignments with type, status and _links.assignee.href), or GET
 * /api/v1/iam/assignees/users ({"value": [{"id", "orn", "_links":
 * {"roles": ...}}]}).  One account facet per user with admin true and the
 * role types (comma-separated, when the shape names them).  Role
 * assignments with a status other than ACTIVE are ignored.
 *
 * Tenant: --tenant, else the host of the record's links (the Okta org,
 * e.g. acme.okta.com).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parse/idparse_int.h"

#define OKTA_COLLECT_MAX	100000	/* users in one factors/admins file */
#define OKTA_ROLES_MAX		4096	/* bytes of one user's role list */

static const char *const okta_statuses[] = {
	"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED",
	"LOCKED_OUT", "SUSPENDED", "DEPROVISIONED", NULL,
};

static const char *const okta_active[] = {
	"PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT",
	NULL,
};

static bool
in_list(const char *s, const char *const *l)
{
	size_t i;

	for (i = 0; l[i] != NULL; i++)
		if (strcmp(s, l[i]) == 0)
			return true;
	return false;
}

/* The tenant: --tenant, else the host of url; a located error when none. */
static enum assure_err
okta_tenant(struct id_parser *p, const struct jrec *r, const char *url,
    char *out, size_t size, struct assure_diag *d)
{
	if (p->o->tenant != NULL) {
		assure_strlcpy(out, p->o->tenant, size);
		return ASSURE_OK;
	}
	if (id_url_host(url, out, size))
		return ASSURE_OK;
	return jstream_error(p->js, r, NULL, d, ASSURE_ERR_PARSE,
	    "expected a link (_links) naming the Okta org, got none: pass "
	    "--tenant");
}

/* ------------------------------------------------------------------ */
/* okta-users */

static enum assure_err
users_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	struct id_account a;
	const struct jfield *f;
	const char *first, *last;
	char tenant[256], name[2 * ID_VALUE_MAX + 2], q[64];
	enum assure_err rc;

	memset(&a, 0, sizeof(a));
	a.line = r->line;
	a.index = r->index;
	a.system = "okta";
	a.kind = ID_KIND_HUMAN;
	rc = id_json_req(js, r, "id", &a.account_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "status", &a.status, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!in_list(a.status, okta_statuses)) {
		f = jrec_get(r, "status");
		id_quote(a.status, q, sizeof(q));
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected STAGED, PROVISIONED, ACTIVE, RECOVERY, "
		    "PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED or DEPROVISIONED, "
		    "got '%s'", q);
	}
	a.active = in_list(a.status, okta_active) ? TRI_TRUE : TRI_FALSE;
	rc = id_json_req(js, r, "profile.login", &a.login, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "profile.email", &a.email, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "profile.displayName",
		    &a.display_name, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "profile.firstName", &first, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "profile.lastName", &last, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "created", false, &a.created, NULL,
		    d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "lastLogin", false, &a.last_login,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "statusChanged", false,
		    &a.status_changed, NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	if (a.display_name == NULL && (first != NULL || last != NULL)) {
		snprintf(name, sizeof(name), "%s%s%s",
		    first != NULL ? first : "",
		    first != NULL && last != NULL ? " " : "",
		    last != NULL ? last : "");
		a.display_name = name;
	}
	rc = okta_tenant(p, r, jrec_str(r, "_links.self.href"), tenant,
	    sizeof(tenant), d);
	if (rc != ASSURE_OK)
		return rc;
	a.tenant = tenant;
	return id_emit_account(p, &a, d);
}

static const char *const users_patterns[] = { "[]", NULL };

const struct id_json_vendor id_vendor_okta_users = {
	.patterns = users_patterns,
	.record = users_record,
};

/* ------------------------------------------------------------------ */
/* Per-user facets: okta-factors and okta-admins */

struct facet {
	char			*user;
	char			 tenant[256];
	unsigned long		 line;
	bool			 enrolled;
	bool			 roles_known;
	struct assure_buf	 roles;
};

struct facets {
	struct facet	*v;
	size_t		 n;
	size_t		 cap;
};

static enum assure_err
facets_init(struct id_parser *p)
{
	p->state = calloc(1, sizeof(struct facets));
	return p->state == NULL ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

static void
facets_release(struct id_parser *p)
{
	struct facets *fs = p->state;
	size_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].user);
		assure_buf_free(&fs->v[i].roles);
	}
	free(fs->v);
	free(fs);
	p->state = NULL;
}

/* The facet of (user, tenant), created on first sight. */
static enum assure_err
facet_get(struct id_parser *p, const struct jrec *r, const char *user,
    const char *tenant, struct facet **ret, struct assure_diag *d)
{
	struct facets *fs = p->state;
	struct facet *f;
	size_t i, ncap;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].user, user) == 0 &&
		    strcmp(fs->v[i].tenant, tenant) == 0) {
			*ret = &fs->v[i];
			return ASSURE_OK;
		}
	if (fs->n >= OKTA_COLLECT_MAX)
		return jstream_error(p->js, r, NULL, d, ASSURE_ERR_LIMIT,
		    "more than %d users in one file", OKTA_COLLECT_MAX);
	if (fs->n == fs->cap) {
		ncap = fs->cap == 0 ? 16 : fs->cap * 2;
		f = reallocarray(fs->v, ncap, sizeof(*f));
		if (f == NULL)
			goto nomem;
		fs->v = f;
		fs->cap = ncap;
	}
	f = &fs->v[fs->n];
	memset(f, 0, sizeof(*f));
	f->user = strdup(user);
	if (f->user == NULL)
		goto nomem;
	assure_strlcpy(f->tenant, tenant, sizeof(f->tenant));
	f->line = r != NULL ? r->line : 0;
	assure_buf_init(&f->roles, OKTA_ROLES_MAX);
	fs->n++;
	*ret = f;
	return ASSURE_OK;
nomem:
	return jstream_error(p->js, r, NULL, d, ASSURE_ERR_NOMEM,
	    "out of memory");
}

static enum assure_err
facets_emit(struct id_parser *p, bool factors, struct assure_diag *d)
{
	struct facets *fs = p->state;
	struct id_account a;
	size_t i;
	enum assure_err rc;

	for (i = 0; i < fs->n; i++) {
		memset(&a, 0, sizeof(a));
		a.line = fs->v[i].line;
		a.index = i;
		a.system = "okta";
		a.tenant = fs->v[i].tenant;
		a.account_id = fs->v[i].user;
		if (factors)
			a.mfa = fs->v[i].enrolled ? ID_MFA_ENROLLED :
			    ID_MFA_NOT_ENROLLED;
		else
			a.admin = TRI_TRUE;
		if (fs->v[i].roles_known &&
		    assure_buf_err(&fs->v[i].roles) == ASSURE_ERR_NOMEM)
			return assure_diag_set(d, ASSURE_ERR_NOMEM,
			    jstream_source(p->js), a.line, 0, "roles",
			    "out of memory");
		if (fs->v[i].roles_known &&
		    assure_buf_err(&fs->v[i].roles) == ASSURE_OK)
			a.roles = assure_buf_str(&fs->v[i].roles);
		rc = id_emit_account(p, &a, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

/* okta-factors */

static enum assure_err
factors_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	const char *type, *status, *link;
	char user[256], tenant[256];
	struct facet *f;
	enum assure_err rc;

	rc = id_json_req(js, r, "factorType", &type, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "status", &status, d);
	if (rc != ASSURE_OK)
		return rc;
	link = jrec_str(r, "_links.user.href");
	if (link == NULL)
		link = jrec_str(r, "_links.self.href");
	if (!id_url_segment(link, "users", user, sizeof(user))) {
		if (p->o->user == NULL)
			return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
			    "expected _links.user.href naming the user, got "
			    "none: pass --user");
		assure_strlcpy(user, p->o->user, sizeof(user));
	} else if (p->o->user != NULL && strcmp(user, p->o->user) != 0)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected factors of --user '%s', got user '%s'",
		    p->o->user, user);
	rc = okta_tenant(p, r, link, tenant, sizeof(tenant), d);
	if (rc == ASSURE_OK)
		rc = facet_get(p, r, user, tenant, &f, d);
	if (rc != ASSURE_OK)
		return rc;
	if (strcmp(status, "ACTIVE") != 0)
		return ASSURE_OK;
	if (strcmp(type, "question") != 0 && strcmp(type, "password") != 0)
		f->enrolled = true;
	if (f->roles.len > 0)
		assure_buf_addc(&f->roles, ',');
	assure_buf_adds(&f->roles, type);
	f->roles_known = true;
	return ASSURE_OK;
}

static enum assure_err
factors_finish(struct id_parser *p, struct assure_diag *d)
{
	struct facets *fs = p->state;
	struct facet *f;
	enum assure_err rc;

	if (fs->n == 0 && p->o->user != NULL) {
		if (p->o->tenant == NULL)
			return assure_diag_set(d, ASSURE_ERR_PARSE,
			    jstream_source(p->js), 0, 0, "--tenant",
			    "expected --tenant with --user for an empty "
			    "factor list");
		rc = facet_get(p, NULL, p->o->user, p->o->tenant, &f, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	return facets_emit(p, true, d);
}

const struct id_json_vendor id_vendor_okta_factors = {
	.patterns = users_patterns,
	.init = facets_init,
	.record = factors_record,
	.finish = factors_finish,
	.release = facets_release,
};

/* okta-admins */

static enum assure_err
admins_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	const char *type, *status, *link, *id;
	char user[256], tenant[256];
	struct facet *f;
	enum assure_err rc;

	if (r->pattern == 1) {
		/* iam/assignees/users: one user with some admin role */
		rc = id_json_req(js, r, "id", &id, d);
		if (rc != ASSURE_OK)
			return rc;
		link = jrec_str(r, "_links.roles.href");
		if (link == NULL)
			link = jrec_str(r, "_links.self.href");
		rc = okta_tenant(p, r, link, tenant, sizeof(tenant), d);
		if (rc == ASSURE_OK)
			rc = facet_get(p, r, id, tenant, &f, d);
		return rc;
	}
	rc = id_json_req(js, r, "type", &type, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "status", &status, d);
	if (rc != ASSURE_OK)
		return rc;
	if (status != NULL && strcmp(status, "ACTIVE") != 0)
		return ASSURE_OK;
	link = jrec_str(r, "_links.assignee.href");
	if (!id_url_segment(link, "users", user, sizeof(user)))
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected _links.assignee.href naming a user, got none");
	rc = okta_tenant(p, r, link, tenant, sizeof(tenant), d);
	if (rc == ASSURE_OK)
		rc = facet_get(p, r, user, tenant, &f, d);
	if (rc != ASSURE_OK)
		return rc;
	if (f->roles.len > 0)
		assure_buf_addc(&f->roles, ',');
	assure_buf_adds(&f->roles, type);
	f->roles_known = true;
	return ASSURE_OK;
}

static enum assure_err
admins_finish(struct id_parser *p, struct assure_diag *d)
{
	return facets_emit(p, false, d);
}

static const char *const admins_patterns[] = { "[]", "value[]", NULL };

const struct id_json_vendor id_vendor_okta_admins = {
	.patterns = admins_patterns,
	.init = facets_init,
	.record = admins_record,
	.finish = admins_finish,
	.release = facets_release,
};
