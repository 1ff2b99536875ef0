/*
 * graph.h: the Microsoft Graph collector (`assure collect graph`): the
 * users of an Entra ID tenant with their sign-in activity, and their
 * authentication-method registration.
 *
 * GET /v1.0/users?$select=...,signInActivity,...&$top=999 and GET
 * /v1.0/reports/authenticationMethods/userRegistrationDetails, every page
 * through @odata.nextLink (followed only to the base URL's origin), kept
 * through run_page() as entra-users and entra-registration-details with
 * the tenant.  docs/COLLECT.md lists the endpoints and limits.
 *
 * Authentication is the client-credentials grant (oauth.h) of an app
 * registration: the tenant, the client id, and the client secret from
 * the secret graph-client-secret, else $AZURE_CLIENT_SECRET.  A 401
 * part-way gets a new token once; a second ends the run incomplete.
 */
#ifndef ASSURE_COLLECT_GRAPH_H
#define ASSURE_COLLECT_GRAPH_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define GRAPH_BASE_URL_DEFAULT	"https://graph.microsoft.com"
#define GRAPH_SECRET		"graph-client-secret"
#define GRAPH_SECRET_ENV	"AZURE_CLIENT_SECRET"
#define GRAPH_PAGES_MAX		100000	/* pages of a list: a guard */

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct graph_target {
	const char	*base_url;	/* NULL: the default */
	const char	*login_url;	/* NULL: OAUTH_MS_LOGIN */
	const char	*tenant;	/* a GUID or a domain name */
	const char	*client_id;	/* the app registration's */
	/* The secret holding the client secret; NULL: GRAPH_SECRET. */
	const char	*secret;
};

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, there is no client
 * secret, or the run could not be opened or closed.
 */
enum assure_err collect_graph(struct workspace *ws,
    const struct graph_target *t, const struct http_opts *hopts,
    const struct collect_progress *progress, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
