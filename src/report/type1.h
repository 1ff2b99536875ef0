/*
 * type1.h: the Type 1 report: the design of the controls and their state
 * on one day.
 *
 * For every TSC criterion in scope, in catalogue order: its text, then
 * each control whose tsc: lists it with its design (owner, frequency,
 * status, description, tests, the policies that support it and whether
 * each is approved in its current text on the day) and its state on the
 * day: each test run as of the day (verdict, population, exceptions, the
 * evidence digests it used) and the documents filed against it in the
 * year up to the day.  Then the open design gaps (the gap analysis from
 * controls/ and the controls not fully implemented) and a snapshot of the
 * accounts of every identity system and tenant on the day.
 *
 * type1_load() gathers everything and records nothing: the tests are run
 * (evaluation_run_opts()) but the evaluation is not recorded, and the
 * ledger is only read.  report_type1() renders it as Markdown, HTML or
 * JSON.
 */
#ifndef ASSURE_REPORT_TYPE1_H
#define ASSURE_REPORT_TYPE1_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "gap/gap.h"
#include "policy/approval.h"
#include "report/doc.h"
#include "rules/population.h"
#include "rules/rules.h"
#include "workspace/design.h"

/* Documents filed against a control: a year up to the day. */
#define TYPE1_FILED_WINDOW	(366 * 86400LL)
/* Exceptions listed per test; the rest are counted. */
#define TYPE1_EXC_SHOWN		5

/* A policy a control names, and its approval on the day. */
struct type1_policy {
	const struct policy			*p;
	char					 sha[ASSURE_SHA256_HEXLEN + 1];
	/* The newest approval of its current text by the day, or NULL. */
	const struct policy_approval_row	*approved;
	/* The newest approval of any text of it by the day, or NULL. */
	const struct policy_approval_row	*any;
};

/* A document filed against a control. */
struct type1_filed {
	int64_t	 id;
	char	 sha256[ASSURE_DIGEST_STRLEN];
	char	 kind[64];
	int64_t	 as_of;
	char	*source;
};

struct type1_control {
	const struct control	*c;
	/* Its tests' results on the day, as c->tests; NULL: not run (no
	 * criterion of the test is in scope). */
	const struct test_result **res;
	struct type1_policy	*pol;		/* c->npolicies of them */
	struct type1_filed	*filed;
	size_t			 nfiled, capfiled;
};

/* The accounts of one identity system and tenant on the day. */
struct type1_tenant {
	const char	*system;
	const char	*tenant;
	int64_t		 as_of;		/* newest snapshot */
	bool		 stale;		/* its newest is too old: no accounts */
	char		 kinds[128];	/* "okta-users, okta-factors" */
	size_t		 active, human, service, admins;
	size_t		 mfa_enrolled, mfa_not, mfa_unknown;
	/* Indexes into pop.acc of its active admin accounts. */
	size_t		*admins_v;
	size_t		 nadmins_v;
};

struct type1doc {
	const struct config	*cfg;
	const struct design	*des;
	int64_t			 as_of;
	int64_t			 generated;
	struct gap_report	 gap;
	struct evaluation	 ev;
	size_t			 verdicts[VERDICT__MAX];
	struct policy_approvals	 approvals;
	struct type1_control	*v;		/* as des->controls */
	size_t			 n;
	size_t			 status[CONTROL_STATUS__MAX];
	size_t			 ncriteria;	/* in scope */
	struct population	 pop;
	struct type1_tenant	*tenants;
	size_t			 ntenants;
	/* Production identity systems (change.production_systems) with no
	 * snapshot by the day. */
	const char		*missing[CONFIG_LIST_MAX];
	size_t			 nmissing;
};

/*
 * Gather the report as of as_of from the loaded design des.  Records
 * nothing.  Release with type1_release() whatever the outcome.
 */
enum assure_err type1_load(struct store *s, const struct config *cfg,
    const struct design *des, int64_t as_of, struct type1doc *ret,
    struct assure_diag *reterr_diag);
void type1_release(struct type1doc *t);

/* The control of t with this control, or NULL. */
const struct type1_control *type1_control_of(const struct type1doc *t,
    const struct control *c);

void report_type1(const struct type1doc *t, enum doc_format fmt,
    struct assure_buf *out);

#endif
