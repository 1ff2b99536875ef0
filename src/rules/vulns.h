/*
 * vulns.h: the finding lifecycle, as of an instant, from every scan.
 *
 * A finding is its fingerprint (tool, rule, asset, location).  Per tool
 * and asset the scans are taken in time order (a scan's instant is its
 * finish, else its start, else its file's as-of); a finding is open from
 * the first scan that lists it.  It is fixed at the first later scan of
 * the same target by the same tool that is complete and does not list it,
 * or that lists it with a closing state (VEX not_affected with a
 * justification, resolved, false_positive; Security Hub RESOLVED or
 * PASSED).  A partial scan (complete false) never fixes anything.  Listed
 * again after being fixed, it reopens: a new episode with its own first
 * seen.  A finding listed twice in one report is one finding.
 *
 * Severity is the newest listing's; a finding without one is held to the
 * medium service level (and says so).
 */
#ifndef ASSURE_RULES_VULNS_H
#define ASSURE_RULES_VULNS_H

#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "rules/rules.h"

#define VULN_SCANS_MAX		10000000
#define VULN_OCCURRENCES_MAX	100000000
#define VULN_EPISODES_MAX	20000000

struct vscan {
	char	*tool;
	char	*asset;
	int64_t	 t;
	int	 complete;	/* 1, 0, -1 not said (counts as complete) */
	int64_t	 evidence_id;
	char	 sha256[ASSURE_SHA256_HEXLEN + 1];
};

/* One open span of a finding: first seen to fixed (or still open). */
struct vepisode {
	char	 fingerprint[ASSURE_SHA256_HEXLEN + 1];
	char	*tool;
	char	*asset;
	char	*rule;
	char	*title;
	char	*severity;	/* critical|high|medium|low|info, or NULL */
	int	 cvss10;	/* -1 */
	char	*location;
	char	*fixed_in;
	int64_t	 first_seen;
	int64_t	 last_seen;
	bool	 fixed;
	int64_t	 fixed_at;
	bool	 reopened;	/* not the finding's first episode */
	bool	 by_state;	/* fixed by a closing state, not absence */
};

struct vuln_population {
	struct vscan	*scans;		/* by tool, asset, time */
	size_t		 nscans;
	struct vepisode	*ep;		/* by tool, asset, fingerprint, time */
	size_t		 nep;
	int64_t		 newest_scan;
	char		**strs;
	size_t		 nstrs;
	size_t		 capstrs;
};

enum assure_err vuln_population_load(const struct test_ctx *ctx,
    struct vuln_population *ret, struct assure_diag *reterr_diag);
void vuln_population_release(struct vuln_population *p);

/* The evidence the scans came from. */
enum assure_err vuln_population_evidence(const struct vuln_population *p,
    struct test_result *res);

/* The service level of a severity (NULL: medium); 0 for info. */
int64_t vuln_sla(const struct config *cfg, const char *severity);

/* "trivy CVE-2024-3094 on ghcr.io/acme/api (xz-utils@5.6.0)" */
void vuln_subject(const struct vepisode *e, char *out, size_t size);

#endif
