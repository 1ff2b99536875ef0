/*
 * acceptances.h: risk-acceptances.yaml, the workspace's accepted
 * vulnerability risks.  Each names a finding (its fingerprint, or at least
 * its first 12 hex digits) or a rule (a CVE or check id, optionally for
 * one tool and one asset), why it is accepted, who approved it, and until
 * when: an acceptance is honoured only up to its expiry.
 *
 *	acceptances:
 *	  - { rule: CVE-2024-3094, asset: ghcr.io/acme/api, tool: trivy,
 *	      reason: not reachable; library unused at runtime,
 *	      approver: maria.garcia@acme.com, expires: 2026-03-31 }
 *	  - { finding: 4f2a9c0e71b3, reason: ..., approver: ...,
 *	      expires: 2026-01-15 }
 *
 * Parsing is strict (scope/ywalk.h): unknown keys, a missing reason,
 * approver or expiry, a rule and a finding together, or a bad date are
 * errors at file:line:column.  A workspace without the file accepts
 * nothing.
 */
#ifndef ASSURE_WORKSPACE_ACCEPTANCES_H
#define ASSURE_WORKSPACE_ACCEPTANCES_H

#include "common/compat.h"
#include "common/err.h"
#include "scope/ywalk.h"

#define ACCEPTANCES_FILE	"risk-acceptances.yaml"
#define ACCEPTANCES_FILE_MAX	(4 * 1024 * 1024)
#define ACCEPTANCES_MAX		100000
#define ACCEPTANCES_TEXT_MAX	1024

struct acceptance {
	const char	*finding;	/* fingerprint prefix, or NULL */
	const char	*rule;		/* or a rule, or NULL */
	const char	*tool;		/* NULL: any tool */
	const char	*asset;		/* NULL: any asset */
	const char	*reason;
	const char	*approver;
	int64_t		 expires;	/* the last instant it holds */
	unsigned long	 line;
};

struct acceptances {
	struct acceptance	*a;
	size_t			 n;
	struct ypool		 pool;
};

enum assure_err acceptances_parse(const char *text, size_t len,
    const char *source, struct acceptances *ret,
    struct assure_diag *reterr_diag);
/* Load path; a missing file accepts nothing. */
enum assure_err acceptances_load(const char *path, struct acceptances *ret,
    struct assure_diag *reterr_diag);
void acceptances_release(struct acceptances *a);

/*
 * The acceptance covering a finding (fingerprint, tool, rule, asset) at
 * instant t, or NULL; *ret_expired (may be NULL) says whether one matched
 * but had expired by t.
 */
const struct acceptance *acceptances_match(const struct acceptances *a,
    const char *fingerprint, const char *tool, const char *rule,
    const char *asset, int64_t t, bool *ret_expired);

#endif
