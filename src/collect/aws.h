/*
 * aws.h: the AWS IAM collector (`assure collect aws`): the credential
 * report and the account's authorization details, from IAM's Query API
 * (https://iam.amazonaws.com/, global, signed for us-east-1).
 *
 * GenerateCredentialReport, polled while its State is STARTED or
 * INPROGRESS (waits doubling from 1 s, at most poll_max tries), then
 * GetCredentialReport; GetAccountAuthorizationDetails, every page through
 * IsTruncated and Marker.  Every request is a GET signed with SigV4
 * (sigv4.h).  IAM answers XML, which neither parser reads, so:
 *
 *  - every response kept is stored as it came, as a document page of the
 *    run;
 *  - the credential report's Content, base64-decoded, is the report CSV
 *    AWS generated, kept as aws-iam-credential-report (the same bytes the
 *    console's download gives);
 *  - the authorization details of every page are converted to one JSON
 *    document in the shape of `aws iam get-account-authorization-details`
 *    (the four lists, pages joined, as the CLI joins them), kept as
 *    aws-iam-authorization-details.
 *
 * docs/COLLECT.md says how the conversion maps the XML.  The keys are the
 * secrets aws-access-key-id and aws-secret-access-key, else
 * $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY, with a session token
 * from the secret aws-session-token or $AWS_SESSION_TOKEN when there is
 * one.
 */
#ifndef ASSURE_COLLECT_AWS_H
#define ASSURE_COLLECT_AWS_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define AWS_IAM_URL_DEFAULT	"https://iam.amazonaws.com"
#define AWS_IAM_REGION		"us-east-1"	/* IAM signs here */
#define AWS_IAM_VERSION		"2010-05-08"
#define AWS_KEY_ID_SECRET	"aws-access-key-id"
#define AWS_KEY_ID_ENV		"AWS_ACCESS_KEY_ID"
#define AWS_SECRET_KEY_SECRET	"aws-secret-access-key"
#define AWS_SECRET_KEY_ENV	"AWS_SECRET_ACCESS_KEY"
#define AWS_SESSION_SECRET	"aws-session-token"
#define AWS_SESSION_ENV		"AWS_SESSION_TOKEN"
#define AWS_POLL_DEFAULT	8	/* GenerateCredentialReport tries */
#define AWS_POLL_WAIT_MAX	30	/* seconds, longest wait between */
#define AWS_PAGES_MAX		10000	/* authorization pages */

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct aws_target {
	const char	*base_url;	/* NULL: AWS_IAM_URL_DEFAULT */
	const char	*region;	/* signing region; NULL: us-east-1 */
	unsigned	 poll_max;	/* 0: AWS_POLL_DEFAULT */
	/* The secrets holding the key id and the secret key; NULL:
	 * AWS_KEY_ID_SECRET, AWS_SECRET_KEY_SECRET. */
	const char	*key_id_secret;
	const char	*secret_key_secret;
};

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, a key is missing, or
 * the run could not be opened or closed.
 */
enum assure_err collect_aws(struct workspace *ws, const struct aws_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
