/*
 * github_members.c: the github-org-members kind.  A file is one of:
 *
 *  - an array of organisation memberships (GET
 *    /orgs/{org}/memberships/{user}, one object per member, as a collector
 *    gathers them): {"state", "role", "user": {"login", "id", "type"},
 *    "organization": {"login"}}.  admin = role "admin"; active = state
 *    "active" (a "pending" invitation is not yet access);
 *  - an array of members (GET /orgs/{org}/members): {"login", "id",
 *    "type"}, with a "role" ("admin" or "member") when the collector added
 *    it (e.g. from ?role=admin), else admin is absent; active true;
 *  - the organisation itself (GET /orgs/{org}): its
 *    two_factor_requirement_enabled becomes the tenant setting
 *    "two_factor_requirement_enabled" ("true", "false", or absent when
 *    the token could not see it).
 *
 * account_id = the numeric user id, login = login; kind service when type
 * is "Bot", else human; MFA absent (GitHub reports it only through the
 * 2fa_disabled member filter; the org setting says whether it is
 * required).  Tenant: --tenant, else organization.login (memberships) or
 * login (the organisation); a plain member list needs --tenant.
 */
#include "common/compat.h"

#include <string.h>

#include "parse/idparse_int.h"

static enum assure_err
member_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	struct id_account a;
	const char *pre, *role, *state, *type, *org;
	char kid[64], klogin[64], ktype[64];
	enum assure_err rc;

	memset(&a, 0, sizeof(a));
	a.line = r->line;
	a.index = r->index;
	a.system = "github";
	pre = jrec_get(r, "user") != NULL ? "user." : "";
	snprintf(kid, sizeof(kid), "%sid", pre);
	snprintf(klogin, sizeof(klogin), "%slogin", pre);
	snprintf(ktype, sizeof(ktype), "%stype", pre);
	rc = id_json_req(js, r, kid, &a.account_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, klogin, &a.login, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, ktype, &type, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "role", &role, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "state", &state, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "organization.login", &org, d);
	if (rc != ASSURE_OK)
		return rc;
	a.kind = type != NULL && strcmp(type, "Bot") == 0 ? ID_KIND_SERVICE :
	    ID_KIND_HUMAN;
	if (role != NULL) {
		if (strcmp(role, "admin") != 0 && strcmp(role, "member") != 0 &&
		    strcmp(role, "billing_manager") != 0)
			return jstream_error(js, r, jrec_get(r, "role"), d,
			    ASSURE_ERR_PARSE, "expected admin, member or "
			    "billing_manager, got '%.40s'", role);
		a.admin = strcmp(role, "admin") == 0 ? TRI_TRUE : TRI_FALSE;
		a.roles = role;
	}
	a.status = state != NULL ? state : "active";
	a.active = strcmp(a.status, "active") == 0 ? TRI_TRUE : TRI_FALSE;
	if (p->o->tenant != NULL)
		a.tenant = p->o->tenant;
	else if (org != NULL)
		a.tenant = org;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected organization.login naming the organisation, "
		    "got none: pass --tenant");
	return id_emit_account(p, &a, d);
}

static enum assure_err
github_finish(struct id_parser *p, struct assure_diag *d)
{
	struct jrec env;
	struct id_setting s;
	const struct jfield *f;
	const char *login;

	if (jstream_records(p->js) > 0)
		return ASSURE_OK;
	jstream_envelope(p->js, &env);
	env.line = 1;
	env.col = 1;
	f = jrec_get(&env, "");
	if (f != NULL && f->type == JT_ARRAY)
		return ASSURE_OK;	/* an empty member list */
	login = jrec_str(&env, "login");
	if (login == NULL || f == NULL || f->type != JT_MAP)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, "login", "expected a member "
		    "list or an organisation with its login, got neither");
	f = jrec_get(&env, "two_factor_requirement_enabled");
	if (f != NULL && f->type != JT_BOOL && f->type != JT_NULL)
		return jstream_error(p->js, &env, f, d, ASSURE_ERR_PARSE,
		    "expected true, false or null, got '%.40s'",
		    f->val != NULL ? f->val : "an object or array");
	memset(&s, 0, sizeof(s));
	s.system = "github";
	s.tenant = p->o->tenant != NULL ? p->o->tenant : login;
	s.name = "two_factor_requirement_enabled";
	s.value = f != NULL && f->type == JT_BOOL ? f->val : NULL;
	return id_emit_setting(p, &s, d);
}

static const char *const github_patterns[] = { "[]", NULL };

const struct id_json_vendor id_vendor_github_members = {
	.patterns = github_patterns,
	.record = member_record,
	.finish = github_finish,
};
