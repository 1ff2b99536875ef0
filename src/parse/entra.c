/*
 * entra.c: the Microsoft Graph exports entra-users and
 * entra-registration-details.  Both are Graph collections
 * ({"@odata.context": ..., "value": [...], "@odata.nextLink": ...}; one
 * file per page) or a bare array of the same objects.
 *
 * entra-users (GET /users?$select=...,signInActivity): one account per
 * user: account_id = id, login = userPrincipalName, email = mail,
 * display name = displayName, created = createdDateTime, active =
 * accountEnabled (absent when not selected).  Last login =
 * signInActivity.lastSuccessfulSignInDateTime when present, else the later
 * of lastSignInDateTime and lastNonInteractiveSignInDateTime;
 * 0001-01-01T00:00:00Z is absence.  kind human (guests too).
 *
 * entra-registration-details (GET
 * /reports/authenticationMethods/userRegistrationDetails): one account
 * facet per user: admin = isAdmin, mfa = isMfaRegistered (enrolled or
 * not_enrolled), roles = methodsRegistered (comma-separated).
 *
 * Tenant: --tenant, else the host of @odata.context when it comes before
 * the records (Graph writes it first).  Graph's context names no tenant,
 * so that host is the same for every tenant: pass --tenant when a
 * workspace holds more than one.
 */
#include "common/compat.h"

#include <string.h>

#include "common/buf.h"
#include "parse/idparse_int.h"

#define ENTRA_METHODS_MAX	1024	/* bytes of methodsRegistered joined */

static enum assure_err
entra_tenant(struct id_parser *p, const struct jrec *r,
    struct assure_diag *d)
{
	struct jrec env;

	if (p->tenant[0] != '\0')
		return ASSURE_OK;
	jstream_envelope(p->js, &env);
	if (id_url_host(jrec_str(&env, "@odata.context"), p->tenant,
	    sizeof(p->tenant)))
		return ASSURE_OK;
	return jstream_error(p->js, r, NULL, d, ASSURE_ERR_PARSE,
	    "expected @odata.context before the records, got none: pass "
	    "--tenant");
}

static enum assure_err
users_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	struct id_account a;
	struct opt_time ok, inter, nonint;
	enum assure_err rc;

	memset(&a, 0, sizeof(a));
	a.line = r->line;
	a.index = r->index;
	a.system = "entra";
	a.kind = ID_KIND_HUMAN;
	rc = id_json_req(js, r, "id", &a.account_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "userPrincipalName", &a.login, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "mail", &a.email, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "displayName", &a.display_name, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "accountEnabled", &a.active, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "createdDateTime", false, &a.created,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r,
		    "signInActivity.lastSuccessfulSignInDateTime", false, &ok,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "signInActivity.lastSignInDateTime",
		    false, &inter, NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r,
		    "signInActivity.lastNonInteractiveSignInDateTime", false,
		    &nonint, NULL, d);
	if (rc == ASSURE_OK)
		rc = entra_tenant(p, r, d);
	if (rc != ASSURE_OK)
		return rc;
	if (ok.has)
		a.last_login = ok;
	else if (inter.has && (!nonint.has || inter.t >= nonint.t))
		a.last_login = inter;
	else
		a.last_login = nonint;
	if (a.active != TRI_ABSENT)
		a.status = a.active == TRI_TRUE ? "enabled" : "disabled";
	a.tenant = p->tenant;
	return id_emit_account(p, &a, d);
}

static enum assure_err
reg_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	struct id_account a;
	struct assure_buf m;
	enum tri mfa;
	size_t i;
	enum assure_err rc;

	memset(&a, 0, sizeof(a));
	a.line = r->line;
	a.index = r->index;
	a.system = "entra";
	rc = id_json_req(js, r, "id", &a.account_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "userPrincipalName", &a.login, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "userDisplayName", &a.display_name, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "isAdmin", &a.admin, d);
	if (rc == ASSURE_OK)
		rc = id_json_bool(js, r, "isMfaRegistered", &mfa, d);
	if (rc == ASSURE_OK)
		rc = entra_tenant(p, r, d);
	if (rc != ASSURE_OK)
		return rc;
	if (mfa != TRI_ABSENT)
		a.mfa = mfa == TRI_TRUE ? ID_MFA_ENROLLED :
		    ID_MFA_NOT_ENROLLED;
	a.tenant = p->tenant;
	assure_buf_init(&m, ENTRA_METHODS_MAX);
	for (i = 0; i < r->n; i++) {
		if (strncmp(r->f[i].path, "methodsRegistered.", 18) != 0 ||
		    r->f[i].type != JT_STRING)
			continue;
		if (m.len > 0)
			assure_buf_addc(&m, ',');
		assure_buf_adds(&m, r->f[i].val);
	}
	if (assure_buf_err(&m) != ASSURE_OK) {
		rc = jstream_limit(js, r, jrec_get(r, "methodsRegistered"), d,
		    assure_buf_err(&m), "expected at most %d bytes of methods",
		    ENTRA_METHODS_MAX);
		goto out;
	}
	if (m.len > 0)
		a.roles = assure_buf_str(&m);
	rc = id_emit_account(p, &a, d);
out:
	assure_buf_free(&m);
	return rc;
}

static const char *const entra_patterns[] = { "value[]", "[]", NULL };

const struct id_json_vendor id_vendor_entra_users = {
	.patterns = entra_patterns,
	.record = users_record,
};

const struct id_json_vendor id_vendor_entra_registration = {
	.patterns = entra_patterns,
	.record = reg_record,
};
