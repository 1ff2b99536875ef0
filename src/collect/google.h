/*
 * google.h: the Google Workspace collector (`assure collect google`).
 *
 * The users of the Admin SDK Directory API (GET
 * /admin/directory/v1/users?customer=C&maxResults=500&projection=full,
 * every page through nextPageToken), each page kept through run_page()
 * as google-workspace-users.  docs/COLLECT.md lists the endpoints and
 * limits.
 *
 * Authentication is a service account's key file with domain-wide
 * delegation: gjwt.h signs the assertion (RS256) for GOOGLE_SCOPE,
 * impersonating the administrator subject, and the key's token_uri (or
 * the target's token_url) exchanges it for an access token, sent as a
 * bearer token to base_url only.  A 401 part-way gets a new token once;
 * a second ends the run incomplete.  The key file must lie outside the
 * workspace (which is committed).
 */
#ifndef ASSURE_COLLECT_GOOGLE_H
#define ASSURE_COLLECT_GOOGLE_H

#include "collect/collect.h"
#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define GOOGLE_BASE_URL_DEFAULT	"https://admin.googleapis.com"
#define GOOGLE_SCOPE \
	"https://www.googleapis.com/auth/admin.directory.user.readonly"
#define GOOGLE_CUSTOMER_DEFAULT	"my_customer"
#define GOOGLE_PAGES_MAX	100000	/* pages of the list: a guard */

/* What to collect: from flags today, from assure.yaml's collect: later. */
struct google_target {
	const char	*base_url;	/* NULL: the default */
	const char	*token_url;	/* NULL: the key's token_uri */
	const char	*key_file;	/* the service account's key */
	const char	*subject;	/* the administrator impersonated */
	const char	*customer;	/* NULL: my_customer */
};

/*
 * One run over target t at now.  ASSURE_OK when a run was opened and
 * closed, complete or not (*ret says which, and why not); an error, with
 * nothing collected, when the target is invalid, the key file cannot be
 * read or lies inside the workspace, or the run could not be opened or
 * closed.
 */
enum assure_err collect_google(struct workspace *ws,
    const struct google_target *t, const struct http_opts *hopts,
    const struct collect_progress *progress, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

#endif
