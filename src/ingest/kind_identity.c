/*
 * kind_identity.c: the identity evidence kinds (hr-csv, bamboohr-report,
 * aws-iam-authorization-details, okta-users, okta-factors, okta-admins,
 * google-workspace-users, entra-users, entra-registration-details,
 * github-org-members).  Each feeds the bytes to its parser
 * (parse/idparse.h) and inserts every person, account and tenant setting
 * into person, account and tenant_setting within the ingest transaction;
 * email_norm is the e-mail lower-cased.  The rules of each kind are in
 * docs/EVIDENCE.md and atop its parser.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "parse/idparse.h"

#define ID_EMAIL_MAX	512	/* bytes of an e-mail we lower-case */

struct id_state {
	struct ingest_sink	*sink;
	struct id_parser	*parser;
	struct id_opts		 o;
	struct id_map		 maps[ID_MAPS_MAX];
	unsigned long		 accounts;
	unsigned long		 settings;
};

/* email lower-cased into out; NULL when there is none or it is too long. */
static const char *
norm(const char *email, char *out, size_t size)
{
	size_t i;

	if (email == NULL || strlen(email) >= size)
		return NULL;
	for (i = 0; email[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	out[i] = '\0';
	return out;
}

static enum assure_err
put_person(const struct id_person *x, void *arg, struct assure_diag *d)
{
	struct id_state *st = arg;
	struct store_val p[15];
	char en[ID_EMAIL_MAX];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_OPTTEXT(x->employee_id);
	p[4] = STORE_OPTTEXT(x->email);
	p[5] = STORE_OPTTEXT(norm(x->email, en, sizeof(en)));
	p[6] = STORE_OPTTEXT(x->name);
	p[7] = STORE_OPTTEXT(x->status);
	p[8] = ingest_time(x->hire_date);
	p[9] = ingest_time(x->termination);
	p[10] = x->termination.has ?
	    STORE_INTV(x->termination_date_only ? 1 : 0) : STORE_NULLV;
	p[11] = STORE_OPTTEXT(x->department);
	p[12] = STORE_OPTTEXT(x->title);
	p[13] = STORE_OPTTEXT(x->manager_email);
	p[14] = STORE_OPTTEXT(x->extra_json);
	rc = store_exec(st->sink->store, STMT_PERSON_INSERT, p, 15, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the person", d);
}

static const char *
mfa_word(enum id_mfa m)
{
	switch (m) {
	case ID_MFA_ENROLLED:
		return "enrolled";
	case ID_MFA_NOT_ENROLLED:
		return "not_enrolled";
	case ID_MFA_UNKNOWN:
		return "unknown";
	default:
		return NULL;
	}
}

static enum assure_err
put_account(const struct id_account *a, void *arg, struct assure_diag *d)
{
	struct id_state *st = arg;
	struct store_val p[19];
	char en[ID_EMAIL_MAX];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)st->accounts);
	p[2] = STORE_INTV((int64_t)a->line);
	p[3] = STORE_TEXTV(a->system);
	p[4] = STORE_TEXTV(a->tenant);
	p[5] = STORE_TEXTV(a->account_id);
	p[6] = STORE_OPTTEXT(a->login);
	p[7] = STORE_OPTTEXT(a->email);
	p[8] = STORE_OPTTEXT(norm(a->email, en, sizeof(en)));
	p[9] = STORE_OPTTEXT(a->display_name);
	p[10] = a->kind == ID_KIND_ABSENT ? STORE_NULLV :
	    STORE_TEXTV(a->kind == ID_KIND_HUMAN ? "human" : "service");
	p[11] = ingest_tri(a->admin);
	p[12] = STORE_OPTTEXT(mfa_word(a->mfa));
	p[13] = STORE_OPTTEXT(a->status);
	p[14] = ingest_tri(a->active);
	p[15] = ingest_time(a->created);
	p[16] = ingest_time(a->last_login);
	p[17] = ingest_time(a->status_changed);
	p[18] = STORE_OPTTEXT(a->roles);
	rc = store_exec(st->sink->store, STMT_ACCOUNT_INSERT, p, 19, NULL,
	    NULL, d);
	if (rc == ASSURE_OK)
		st->accounts++;
	return ingest_stored(st->sink, rc, a->line, "the account", d);
}

static enum assure_err
put_setting(const struct id_setting *s, void *arg, struct assure_diag *d)
{
	struct id_state *st = arg;
	struct store_val p[5];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_TEXTV(s->system);
	p[2] = STORE_TEXTV(s->tenant);
	p[3] = STORE_TEXTV(s->name);
	p[4] = STORE_OPTTEXT(s->value);
	rc = store_exec(st->sink->store, STMT_TENANT_SETTING_INSERT, p, 5,
	    NULL, NULL, d);
	if (rc == ASSURE_OK)
		st->settings++;
	return ingest_stored(st->sink, rc, 0, "the setting", d);
}

static enum assure_err
id_begin(enum id_format fmt, struct ingest_sink *sink, void **ret_state,
    struct assure_diag *d)
{
	const struct ingest_opts *io = sink->opts;
	struct id_sink is;
	struct id_state *st;
	size_t i;
	enum assure_err rc;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->o.source = sink->source;
	if (io != NULL) {
		if (io->nmaps > ID_MAPS_MAX) {
			free(st);
			return assure_diag_set(d, ASSURE_ERR_INVAL,
			    sink->source, 0, 0, "--map", "more than %d maps",
			    ID_MAPS_MAX);
		}
		st->o.tenant = io->tenant;
		st->o.user = io->user;
		for (i = 0; i < io->nmaps; i++) {
			st->maps[i].from = io->maps[i].from;
			st->maps[i].to = io->maps[i].to;
		}
		st->o.maps = st->maps;
		st->o.nmaps = io->nmaps;
	}
	is.person = put_person;
	is.account = put_account;
	is.setting = put_setting;
	is.arg = st;
	rc = id_parser_new(fmt, &st->o, &is, &st->parser, d);
	if (rc != ASSURE_OK) {
		free(st);
		return rc;
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
id_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	struct id_state *st = state;

	return id_parser_feed(st->parser, data, len, d);
}

static enum assure_err
id_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct id_state *st = state;

	*ret_has_as_of = false;
	(void)ret_as_of;
	return id_parser_finish(st->parser, d);
}

static void
id_free(void *state)
{
	struct id_state *st = state;

	if (st == NULL)
		return;
	id_parser_free(st->parser);
	free(st);
}

#define ID_KIND(var, fmt, nm, sum, fmts)				\
static enum assure_err							\
var##_begin(struct ingest_sink *sink, void **ret_state,			\
    struct assure_diag *d)						\
{									\
	return id_begin(fmt, sink, ret_state, d);			\
}									\
const struct evidence_kind var = {					\
	.name = nm,							\
	.summary = sum,							\
	.formats = fmts,						\
	.begin = var##_begin,						\
	.feed = id_feed,						\
	.finish = id_finish,						\
	.free = id_free,						\
}

ID_KIND(kind_hr_csv, ID_FMT_HR_CSV, "hr-csv",
    "HR roster: people with status, hire and termination dates",
    "a CSV with a header naming employee_id, email, name, status, "
    "hire_date, termination_date, department, title, manager_email in any "
    "order and case (--map HEADER=FIELD for other names)");
ID_KIND(kind_bamboohr_report, ID_FMT_BAMBOOHR, "bamboohr-report",
    "BambooHR custom report: people with status and termination dates",
    "the JSON of a BambooHR custom report ({\"fields\", \"employees\"})");
ID_KIND(kind_aws_iam_authorization_details, ID_FMT_AWS_AUTHZ,
    "aws-iam-authorization-details",
    "AWS IAM users with their groups and policies: who is admin",
    "the JSON of aws iam get-account-authorization-details");
ID_KIND(kind_okta_users, ID_FMT_OKTA_USERS, "okta-users",
    "Okta users with status, last login and status change",
    "the JSON array of the Okta Users API (one file per page; --tenant "
    "when the records carry no links)");
ID_KIND(kind_okta_factors, ID_FMT_OKTA_FACTORS, "okta-factors",
    "Okta enrolled factors: whether each user has MFA",
    "the JSON array of the Okta Factors API for one user (--user ID "
    "when the list may be empty)");
ID_KIND(kind_okta_admins, ID_FMT_OKTA_ADMINS, "okta-admins",
    "Okta users holding admin roles",
    "the JSON of GET /api/v1/users/{id}/roles or "
    "/api/v1/iam/assignees/users");
ID_KIND(kind_google_workspace_users, ID_FMT_GOOGLE_USERS,
    "google-workspace-users",
    "Google Workspace users: admin, 2-Step Verification, suspension, "
    "last login",
    "the JSON of the Directory API users list or of one user");
ID_KIND(kind_entra_users, ID_FMT_ENTRA_USERS, "entra-users",
    "Microsoft Entra ID users with signInActivity",
    "the JSON of Microsoft Graph GET /users with signInActivity (one "
    "file per page)");
ID_KIND(kind_entra_registration_details, ID_FMT_ENTRA_REGISTRATION,
    "entra-registration-details",
    "Microsoft Entra ID authentication method registration: admin and "
    "MFA per user",
    "the JSON of Microsoft Graph userRegistrationDetails (one file per "
    "page)");
ID_KIND(kind_github_org_members, ID_FMT_GITHUB_MEMBERS,
    "github-org-members",
    "GitHub organisation members and roles, and the org's two-factor "
    "requirement",
    "the JSON of org memberships or members (with role), or of the "
    "organisation (GET /orgs/{org})");
