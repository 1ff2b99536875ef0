/*
 * google.c: the google-workspace-users kind: the Admin SDK Directory API
 * users list ({"kind": "admin#directory#users", "users": [...]}) or a
 * single user (users.get, {"kind": "admin#directory#user", ...}).
 *
 * One account per user: account_id = id, login and email = primaryEmail,
 * display name = name.fullName; created = creationTime; last login =
 * lastLoginTime, where 1970-01-01T00:00:00.000Z means never (absent).
 * admin is isAdmin or isDelegatedAdmin (roles "super_admin",
 * "delegated_admin"); mfa is enrolled or not_enrolled from
 * isEnrolledIn2Sv (isEnforcedIn2Sv does not enrol anyone); active is
 * neither suspended nor archived, and status is "suspended", "archived"
 * or "active".  kind human: service identities are declared in the
 * workspace.  Tenant: --tenant, else customerId.
 */
#include "common/compat.h"

#include <string.h>

#include "parse/idparse_int.h"

static enum assure_err
user_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	struct id_account a;
	enum tri is_admin, is_deleg, enrolled, suspended, archived;
	const char *customer;
	enum assure_err rc;

	memset(&a, 0, sizeof(a));
	a.line = r->line;
	a.index = r->index;
	a.system = "google";
	a.kind = ID_KIND_HUMAN;
	rc = id_json_req(js, r, "id", &a.account_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "primaryEmail", &a.login, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "name.fullName", &a.display_name, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "customerId", &customer, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "isAdmin", &is_admin, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "isDelegatedAdmin", &is_deleg, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "isEnrolledIn2Sv", &enrolled, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "suspended", &suspended, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "archived", &archived, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "creationTime", false, &a.created,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "lastLoginTime", true, &a.last_login,
		    NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	a.email = a.login;
	if (is_admin == TRI_TRUE || is_deleg == TRI_TRUE) {
		a.admin = TRI_TRUE;
		a.roles = is_admin == TRI_TRUE ? (is_deleg == TRI_TRUE ?
		    "super_admin,delegated_admin" : "super_admin") :
		    "delegated_admin";
	} else if (is_admin == TRI_FALSE)
		a.admin = is_deleg == TRI_ABSENT ? TRI_ABSENT : TRI_FALSE;
	if (enrolled != TRI_ABSENT)
		a.mfa = enrolled == TRI_TRUE ? ID_MFA_ENROLLED :
		    ID_MFA_NOT_ENROLLED;
	if (suspended == TRI_TRUE || archived == TRI_TRUE) {
		a.active = TRI_FALSE;
		a.status = suspended == TRI_TRUE ? "suspended" : "archived";
	} else if (suspended == TRI_FALSE) {
		a.active = TRI_TRUE;
		a.status = "active";
	}
	if (p->o->tenant != NULL)
		a.tenant = p->o->tenant;
	else if (customer != NULL)
		a.tenant = customer;
	else
		return jstream_error(js, r, NULL, d, ASSURE_ERR_PARSE,
		    "expected customerId naming the Google Workspace "
		    "customer, got none: pass --tenant");
	return id_emit_account(p, &a, d);
}

/* A single user (users.get) is the whole document: the envelope. */
static enum assure_err
google_finish(struct id_parser *p, struct assure_diag *d)
{
	struct jrec env;
	const char *kind;

	if (jstream_records(p->js) > 0)
		return ASSURE_OK;
	jstream_envelope(p->js, &env);
	env.line = 1;
	env.col = 1;
	kind = jrec_str(&env, "kind");
	if (jrec_get(&env, "users") != NULL || (kind != NULL &&
	    strcmp(kind, "admin#directory#users") == 0))
		return ASSURE_OK;	/* an empty list */
	if (jrec_get(&env, "primaryEmail") == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, "users", "expected a "
		    "Directory users list or a user, got neither users nor "
		    "primaryEmail");
	return user_record(p->js, &env, p, d);
}

static const char *const google_patterns[] = { "users[]", NULL };

const struct id_json_vendor id_vendor_google_users = {
	.patterns = google_patterns,
	.record = user_record,
	.finish = google_finish,
};
