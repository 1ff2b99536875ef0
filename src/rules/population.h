/*
 * population.h: the identity populations the identity tests judge.
 *
 * People as of T are the rows of the newest HR roster snapshot (hr-csv or
 * bamboohr-report) whose as-of is not after T.  A person is a leaver at T
 * when the roster gives a termination instant not after T; a termination
 * in the future of T is not yet a leaver.  A date-only termination ends at
 * the end of that day (23:59:59) in the organisation's time zone
 * (assure.yaml timezone, looked up in the TZ database).
 *
 * Accounts as of T: for each (system, tenant, kind of export), the newest
 * snapshot not after T; snapshots older than the freshness window are
 * stale, named, and left out.  Facets of one account from several kinds
 * (okta-users + okta-factors + okta-admins, entra-users +
 * entra-registration-details) are merged by (system, tenant, account_id):
 * admin if any facet says so; MFA not_enrolled over enrolled over unknown
 * over absent; inactive if any facet says so; the newest last login.  AWS
 * accounts with no MFA facet take mfa_active from the newest fresh
 * credential report of their AWS account.
 *
 * An account belongs to a person when its e-mail or login equals the
 * person's e-mail (case-insensitively), or identity.yaml declares it an
 * alias of the person.
 *
 * The history of an account (population_revocation) walks every snapshot
 * of its system and tenant, of the kinds that report its status, up to T.
 */
#ifndef ASSURE_RULES_POPULATION_H
#define ASSURE_RULES_POPULATION_H

#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "rules/rules.h"

#define POP_ACCOUNTS_MAX	2000000
#define POP_PEOPLE_MAX		2000000
#define POP_SNAPSHOTS_MAX	100000

struct pop_person {
	char	*employee_id;
	char	*email;
	char	*email_norm;
	char	*name;
	char	*status;
	bool	 has_term;
	int64_t	 term;		/* effective termination instant */
	bool	 term_date_only;
	bool	 has_hire;
	int64_t	 hire;		/* hire date as the roster gives it */
	char	*department;	/* or NULL */
};

struct pop_account {
	char			*system;
	char			*tenant;
	char			*account_id;
	char			*login;
	char			*email;
	char			*email_norm;
	char			*display_name;
	char			*kind;		/* human|service|NULL */
	char			*mfa;		/* enrolled|not_enrolled|unknown|NULL */
	char			*status;
	char			*roles;
	int			 is_admin;	/* 1, 0, -1 unknown */
	int			 active;	/* 1, 0, -1 unknown */
	bool			 has_created, has_last_login, has_status_changed;
	int64_t			 created, last_login, status_changed;
	int64_t			 as_of;		/* newest snapshot it is in */
	const struct pop_person	*person;	/* linked person, or NULL */
	bool			 service;	/* kind service or declared */
	/* Whether any account of the same system and tenant has an MFA
	 * state, or a last login: the system reports them at all. */
	bool			 tenant_reports_mfa;
	bool			 tenant_reports_logins;
};

struct pop_snapshot {
	char	*system;
	char	*tenant;
	char	*kind;
	int64_t	 evidence_id;
	int64_t	 as_of;
	char	 sha256[ASSURE_SHA256_HEXLEN + 1];
	int64_t	 run;		/* the complete collection run it is a
				   page of, or 0 */
	bool	 newest;	/* newest of its (system, tenant, kind); the
				   pages of one run are all newest */
	bool	 stale;		/* newest, but older than freshness */
};

enum pop_what {
	POP_PEOPLE = 1 << 0,
	POP_ACCOUNTS = 1 << 1,
};

struct population {
	/* People. */
	bool			 has_hr;
	bool			 hr_stale;
	int64_t			 hr_as_of;
	int64_t			 hr_evidence;
	char			 hr_sha256[ASSURE_SHA256_HEXLEN + 1];
	struct pop_person	*people;
	size_t			 npeople;
	/* Accounts. */
	struct pop_snapshot	*snaps;		/* every snapshot <= as_of */
	size_t			 nsnaps;
	size_t			 nfresh;	/* newest and fresh */
	size_t			 nstale;
	char			 stale[256];	/* "okta/acme/okta-users, ..." */
	struct pop_account	*acc;
	size_t			 nacc;
	/* Strings. */
	char			**strs;
	size_t			 nstrs;
	size_t			 capstrs;
};

/*
 * Load what (enum pop_what bits) as of ctx->as_of.  Release with
 * population_release() whatever the outcome.
 */
enum assure_err population_load(const struct test_ctx *ctx, unsigned what,
    struct population *ret, struct assure_diag *reterr_diag);
void population_release(struct population *p);

/* Add the evidence the population was built from to res. */
enum assure_err population_evidence(const struct population *p,
    unsigned what, struct test_result *res);

/* The person with this e-mail (any case), or NULL. */
const struct pop_person *population_person(const struct population *p,
    const char *email);

/*
 * The effective termination instant of a roster value: raw itself, or
 * with date_only the last second of raw's UTC date in time zone tz.
 * Returns ASSURE_ERR_INVAL when tz is unknown to the TZ database.
 */
enum assure_err population_day_end(int64_t raw, bool date_only,
    const char *tz, int64_t *ret);

enum pop_revocation {
	POP_REVOKED,		/* disabled or gone; *ret_when is when */
	POP_LIVE,		/* active in a snapshot at or after since */
	POP_UNOBSERVED,		/* no snapshot at or after since */
};

/*
 * What became of account (system, tenant, account_id) from instant since
 * up to ctx->as_of: revoked at *ret_when (the system's status-change time
 * where recorded, else the as-of of the first snapshot in which the
 * account is disabled or gone, after the last in which it is active), live
 * (*ret_when: the as-of of the newest snapshot showing it active), or not
 * observed since.  A revocation before since is reported as it is.
 */
enum assure_err population_revocation(const struct test_ctx *ctx,
    const struct population *p, const char *system, const char *tenant,
    const char *account_id, int64_t since, enum pop_revocation *ret,
    int64_t *ret_when, struct assure_diag *reterr_diag);

/* The current account with this key (bsearch), or NULL. */
const struct pop_account *population_find(const struct population *p,
    const char *system, const char *tenant, const char *account_id);

/* "system/tenant/login" (login falls back to e-mail, then account id). */
void population_subject(const struct pop_account *a, char *out, size_t size);

#endif
