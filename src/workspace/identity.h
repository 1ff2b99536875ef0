/*
 * identity.h: identity.yaml, the workspace's declared identity facts that
 * no export can tell: which account belongs to which person when the
 * e-mail addresses differ (aliases), which accounts are service accounts
 * and who owns them, which people may hold admin rights in each system,
 * and which shared or second accounts are accepted.
 *
 *	aliases:
 *	  - { account: j.doe@acme.io, person: jdoe@acme.com }
 *	service_accounts:
 *	  - { system: aws, tenant: "123456789012", login: ci-deploy,
 *	      owner: alice@acme.com, purpose: CI deployments }
 *	admins:
 *	  okta: [alice@acme.com]
 *	  aws: [alice, ci-deploy]
 *	declared_accounts:
 *	  - { system: okta, login: ops@acme.com, owner: bob@acme.com,
 *	      reason: on-call mailbox, shared by the on-call rota }
 *	compensating_controls:
 *	  - { person: alice@acme.com, control: CHG-4,
 *	      reason: production sessions recorded and reviewed weekly }
 *
 * Parsing is strict (scope/ywalk.h): unknown keys, missing required keys
 * and wrong shapes are errors at file:line:column.  `tenant` is optional
 * wherever it appears (absent: every tenant of the system).  Matching of
 * logins and e-mail addresses is case-insensitive.  A workspace without
 * the file has no declarations.
 */
#ifndef ASSURE_WORKSPACE_IDENTITY_H
#define ASSURE_WORKSPACE_IDENTITY_H

#include "common/compat.h"
#include "common/err.h"
#include "scope/ywalk.h"

#define IDENTITY_FILE		"identity.yaml"
#define IDENTITY_FILE_MAX	(4 * 1024 * 1024)
#define IDENTITY_ITEMS_MAX	100000
#define IDENTITY_TEXT_MAX	512

struct identity_alias {
	const char	*account;	/* login or e-mail as a system shows it */
	const char	*person;	/* the person's HR e-mail */
};

/* A service account (purpose set) or a declared shared/second account. */
struct identity_account {
	const char	*system;
	const char	*tenant;	/* NULL: any tenant */
	const char	*login;
	const char	*owner;
	const char	*why;		/* purpose or reason */
	unsigned long	 line;
};

struct identity_admin {
	const char	*system;
	const char	*who;		/* login, account e-mail or person e-mail */
};

/*
 * A developer who also holds production administrator access, accepted
 * because a compensating control covers it (change.segregation_of_duties).
 */
struct identity_compensation {
	const char	*person;	/* HR e-mail, or a login */
	const char	*control;	/* the control id that compensates */
	const char	*reason;
	unsigned long	 line;
};

struct identity {
	struct identity_alias	*aliases;
	size_t			 naliases;
	struct identity_account	*services;
	size_t			 nservices;
	struct identity_admin	*admins;
	size_t			 nadmins;
	struct identity_account	*declared;
	size_t			 ndeclared;
	struct identity_compensation *compensations;
	size_t			 ncompensations;
	bool			 has_admins;	/* an admins: key was given */
	struct ypool		 pool;
};

/* Parse identity.yaml text; release *ret with identity_release(). */
enum assure_err identity_parse(const char *text, size_t len,
    const char *source, struct identity *ret,
    struct assure_diag *reterr_diag);

/*
 * Load path; a missing file is an empty identity (ASSURE_OK), anything
 * else unreadable or malformed is an error.
 */
enum assure_err identity_load(const char *path, struct identity *ret,
    struct assure_diag *reterr_diag);

void identity_release(struct identity *id);

/* Write the commented template into workspace dir unless one exists. */
enum assure_err identity_write_template(const char *dir,
    struct assure_diag *reterr_diag);

/* The person e-mail an account's login or e-mail is an alias of, or NULL. */
const char *identity_alias_of(const struct identity *id, const char *login,
    const char *email);

/* The declared service account matching, or NULL (id may be NULL). */
const struct identity_account *identity_service(const struct identity *id,
    const char *system, const char *tenant, const char *login,
    const char *email);

/* The declared shared or second account matching, or NULL. */
const struct identity_account *identity_declared(const struct identity *id,
    const char *system, const char *tenant, const char *login,
    const char *email);

/*
 * The compensating control declared for a person (by any of login, email
 * or person_email; each may be NULL), or NULL.
 */
const struct identity_compensation *identity_compensation(
    const struct identity *id, const char *login, const char *email,
    const char *person_email);

/*
 * Whether any of login, email or person_email (each may be NULL) is in the
 * approved admin roster of system.
 */
bool identity_admin_approved(const struct identity *id, const char *system,
    const char *login, const char *email, const char *person_email);

#endif
