/*
 * kinds.c: the table of evidence kinds `assure ingest` accepts, and the
 * helpers their store adapters share.  Each kind lives in its own
 * kind_<name>.c; adding one is adding a line here.
 */
#include "common/compat.h"

#include <string.h>

#include "ingest/ingest.h"

extern const struct evidence_kind kind_aws_iam_credential_report;
extern const struct evidence_kind kind_hr_csv;
extern const struct evidence_kind kind_bamboohr_report;
extern const struct evidence_kind kind_aws_iam_authorization_details;
extern const struct evidence_kind kind_okta_users;
extern const struct evidence_kind kind_okta_factors;
extern const struct evidence_kind kind_okta_admins;
extern const struct evidence_kind kind_okta_system_log;
extern const struct evidence_kind kind_google_workspace_users;
extern const struct evidence_kind kind_entra_users;
extern const struct evidence_kind kind_entra_registration_details;
extern const struct evidence_kind kind_github_org_members;
extern const struct evidence_kind kind_github_pulls;
extern const struct evidence_kind kind_github_reviews;
extern const struct evidence_kind kind_github_deployments;
extern const struct evidence_kind kind_github_deployment_statuses;
extern const struct evidence_kind kind_github_branch_protection;
extern const struct evidence_kind kind_gitlab_merge_requests;
extern const struct evidence_kind kind_gitlab_approvals;
extern const struct evidence_kind kind_git_repo;
extern const struct evidence_kind kind_deployments_csv;
extern const struct evidence_kind kind_deployments_json;
extern const struct evidence_kind kind_sarif;
extern const struct evidence_kind kind_trivy;
extern const struct evidence_kind kind_grype;
extern const struct evidence_kind kind_cyclonedx_vex;
extern const struct evidence_kind kind_aws_securityhub;
extern const struct evidence_kind kind_zap;
extern const struct evidence_kind kind_openscap;
extern const struct evidence_kind kind_nessus;
extern const struct evidence_kind kind_openvas;
extern const struct evidence_kind kind_lynis;
extern const struct evidence_kind kind_pentest_findings;
extern const struct evidence_kind kind_document;
extern const struct evidence_kind kind_jira_issues;
extern const struct evidence_kind kind_pagerduty_incidents;
extern const struct evidence_kind kind_pagerduty_log_entries;
extern const struct evidence_kind kind_training_completions;
extern const struct evidence_kind kind_background_checks;
extern const struct evidence_kind kind_policy_acknowledgements;

const struct evidence_kind *const evidence_kinds[] = {
	&kind_aws_iam_credential_report,
	&kind_aws_iam_authorization_details,
	&kind_hr_csv,
	&kind_bamboohr_report,
	&kind_okta_users,
	&kind_okta_factors,
	&kind_okta_admins,
	&kind_okta_system_log,
	&kind_google_workspace_users,
	&kind_entra_users,
	&kind_entra_registration_details,
	&kind_github_org_members,
	&kind_github_pulls,
	&kind_github_reviews,
	&kind_github_deployments,
	&kind_github_deployment_statuses,
	&kind_github_branch_protection,
	&kind_gitlab_merge_requests,
	&kind_gitlab_approvals,
	&kind_git_repo,
	&kind_deployments_csv,
	&kind_deployments_json,
	&kind_sarif,
	&kind_trivy,
	&kind_grype,
	&kind_cyclonedx_vex,
	&kind_aws_securityhub,
	&kind_zap,
	&kind_openscap,
	&kind_nessus,
	&kind_openvas,
	&kind_lynis,
	&kind_pentest_findings,
	&kind_jira_issues,
	&kind_pagerduty_incidents,
	&kind_pagerduty_log_entries,
	&kind_training_completions,
	&kind_background_checks,
	&kind_policy_acknowledgements,
	&kind_document,
	NULL,
};

const struct evidence_kind *
ingest_kind_find(const char *name)
{
	size_t i;

	for (i = 0; evidence_kinds[i] != NULL; i++)
		if (strcmp(evidence_kinds[i]->name, name) == 0)
			return evidence_kinds[i];
	return NULL;
}

struct store_val
ingest_tri(enum tri t)
{
	if (t == TRI_ABSENT)
		return STORE_NULLV;
	return STORE_INTV(t == TRI_TRUE ? 1 : 0);
}

struct store_val
ingest_time(struct opt_time t)
{
	return STORE_OPTINT(t.has, t.t);
}

enum assure_err
ingest_stored(struct ingest_sink *sink, enum assure_err rc,
    unsigned long line, const char *what, struct assure_diag *d)
{
	char why[ASSURE_DIAG_MSG_MAX];

	if (rc == ASSURE_OK) {
		sink->records++;
		return ASSURE_OK;
	}
	if (d != NULL) {
		assure_strlcpy(why, d->msg, sizeof(why));
		assure_diag_set(d, rc, sink->source, line, 0, NULL,
		    "cannot store %s: %s", what, why);
	}
	return rc;
}
