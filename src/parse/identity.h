/*
 * identity.h: the normalised records every identity parser emits: people
 * from an HR roster, and accounts (or facets of accounts) from an identity
 * system.  Strings point into the parser's buffers and live only during
 * the callback; absent values are NULL, TRI_ABSENT, MFA absent or
 * has = false, never a default.
 *
 * The kinds adapters (src/ingest/kind_identity.c) store each record as one
 * row of `person` or `account` (schema/sqlite/0004_identity.sql).
 */
#ifndef ASSURE_PARSE_IDENTITY_H
#define ASSURE_PARSE_IDENTITY_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/credreport.h"	/* enum tri, struct opt_time */

enum id_mfa {
	ID_MFA_ABSENT = 0,	/* this export does not say */
	ID_MFA_ENROLLED,
	ID_MFA_NOT_ENROLLED,
	ID_MFA_UNKNOWN,		/* the export says it cannot tell */
};

enum id_kind {
	ID_KIND_ABSENT = 0,
	ID_KIND_HUMAN,
	ID_KIND_SERVICE,
};

struct id_person {
	unsigned long	 line;		/* or the record number in JSON */
	unsigned long	 index;
	const char	*employee_id;
	const char	*email;
	const char	*name;
	const char	*status;	/* lower case: active, terminated, ... */
	struct opt_time	 hire_date;
	struct opt_time	 termination;	/* instant; see termination_date_only */
	bool		 termination_date_only;
	const char	*department;
	const char	*title;
	const char	*manager_email;
	const char	*extra_json;	/* other columns as a JSON object, or NULL */
};

struct id_account {
	unsigned long	 line;
	unsigned long	 index;
	const char	*system;	/* "aws", "okta", "google", "entra", "github" */
	const char	*tenant;
	const char	*account_id;
	const char	*login;
	const char	*email;
	const char	*display_name;
	enum id_kind	 kind;
	enum tri	 admin;
	enum id_mfa	 mfa;
	const char	*status;	/* the system's own word, e.g. SUSPENDED */
	enum tri	 active;	/* can sign in */
	struct opt_time	 created;
	struct opt_time	 last_login;
	struct opt_time	 status_changed;
	const char	*roles;		/* comma-separated, or NULL */
};

struct id_setting {
	const char	*system;
	const char	*tenant;
	const char	*name;
	const char	*value;
};

struct id_sink {
	enum assure_err	(*person)(const struct id_person *p, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*account)(const struct id_account *a, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*setting)(const struct id_setting *s, void *arg,
			    struct assure_diag *reterr_diag);
	void		*arg;
};

#endif
