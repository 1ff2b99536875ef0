/*
 * rules.h: automated tests over populations, and evaluations.
 *
 * A test is code with an id, a title, the TSC criteria it evidences, and a
 * function from the populations as of an instant to a result: the
 * population size, the exceptions (each naming the record by a stable,
 * readable subject and saying why), the evidence used, and a verdict.
 * No evidence is never a pass: a test with no evidence, or whose newest
 * evidence is older than the workspace's freshness window at that instant,
 * says no_evidence and why.
 *
 * An evaluation runs every test whose criteria are in scope as of one
 * instant and is recorded, results, exceptions and evidence used, in one
 * transaction, so that reports can replay history.
 *
 * On request (evaluation_run_opts(), members), a result also lists its
 * population: the subject of each record judged, for a Type 2 report or
 * an auditor's sample to show every record with its result.  A member's
 * subject is its exceptions' subject, so that every exception subject is
 * a member.  Where a test's exceptions name a coarser or another unit
 * than the one it counts, its members are the exceptions' subjects and,
 * with members, its population is their number: iam.key_rotation (keys;
 * members their users), iam.leaver_access (leavers; members their
 * accounts, or the e-mail of a leaver with none), vuln.remediation_sla
 * (episodes; members their findings), vuln.pentest (the pentest; members
 * also its high and critical findings), risk.assessment_current (the
 * risks; members also "risk assessment"), vendor.csoc_mapped (CSOCs;
 * members their vendors), policy.acknowledged ((employee, policy) pairs;
 * members the employees), and tests where one subject may be judged twice
 * (iam.access_review, change.deploy_traceability,
 * change.segregation_of_duties).  Without members nothing changes.
 */
#ifndef ASSURE_RULES_H
#define ASSURE_RULES_H

#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "store/store.h"
#include "workspace/config.h"

#define RULES_EXCEPTIONS_MAX	1000000
#define RULES_SUBJECT_MAX	512
#define RULES_REASON_MAX	512
#define RULES_MEMBERS_MAX	10000000

enum verdict {
	VERDICT_PASS,
	VERDICT_FAIL,
	VERDICT_NO_EVIDENCE,
	VERDICT_ERROR,
	VERDICT__MAX
};

const char *verdict_name(enum verdict v);
/* Verdict for a stored name, or VERDICT__MAX. */
enum verdict verdict_parse(const char *s);

/*
 * An exception fails the test; a warning (warning true) is reported with
 * the exceptions but does not: a finding the workspace chose to see
 * without failing on (e.g. change.stale_approval: warning).
 */
struct test_exception {
	char	*subject;
	char	*reason;
	bool	 warning;
};

struct test_evidence {
	int64_t	id;
	char	digest[ASSURE_DIGEST_STRLEN];
};

struct test_def;

struct test_result {
	const struct test_def	*def;		/* NULL when loaded from store */
	char			 test_id[64];
	char			 criteria[128];	/* "CC6.1,CC6.2" */
	enum verdict		 verdict;
	int64_t			 population;
	char			*reason;	/* may be NULL */
	struct test_exception	*exc;		/* exceptions and warnings */
	size_t			 nexc;		/* both */
	size_t			 nwarn;		/* of which warnings */
	size_t			 capexc;
	struct test_evidence	*ev;
	size_t			 nev;
	size_t			 capev;
	/*
	 * The population itself, when the evaluation collects it
	 * (test_ctx.members): the subject of every record the test judged,
	 * the same string its exceptions use, so that each record can be
	 * shown with its result and sampled.  Sorted and unique once the
	 * test has run; then population == nmembers (see
	 * result_add_member()).  Never recorded in the store.
	 */
	char			**members;
	size_t			 nmembers;
	size_t			 capmembers;
};

struct test_ctx {
	struct store		*store;
	const struct config	*cfg;
	int64_t			 as_of;
	bool			 members;	/* collect the members */
};

struct test_def {
	const char		*id;
	const char		*title;
	const char		*description;
	const char *const	*criteria;	/* NULL-terminated */
	enum assure_err		(*run)(const struct test_ctx *ctx,
				    struct test_result *res,
				    struct assure_diag *reterr_diag);
};

/* Every test, NULL-terminated. */
extern const struct test_def *const test_defs[];
const struct test_def *test_find(const char *id);

/* Builders for test functions.  They return ASSURE_ERR_NOMEM/LIMIT. */
enum assure_err result_add_exception(struct test_result *r,
    const char *subject, const char *fmt, ...) ASSURE_PRINTF(3, 4);
enum assure_err result_add_warning(struct test_result *r,
    const char *subject, const char *fmt, ...) ASSURE_PRINTF(3, 4);
/* Exceptions that fail the test: nexc - nwarn. */
size_t result_failures(const struct test_result *r);
enum assure_err result_add_evidence(struct test_result *r, int64_t id,
    const char *hex);
enum assure_err result_set_reason(struct test_result *r, const char *fmt, ...)
    ASSURE_PRINTF(2, 3);
/*
 * One record of the population, named by the subject its exceptions use
 * (or would use): always counts it in r->population, and when
 * ctx->members is set also keeps a copy of subject (more than
 * RULES_MEMBERS_MAX: ASSURE_ERR_LIMIT).  Every test counts its population
 * through this, never by hand.
 */
enum assure_err result_add_member(struct test_result *r,
    const struct test_ctx *ctx, const char *subject);
/*
 * Once a test collecting members has run: sort them and drop repeats.  A
 * few tests judge more than one record under one subject (two active
 * keys of one IAM user in iam.key_rotation); their members are the
 * distinct subjects, and population is set to nmembers, so that in
 * members mode population counts distinct members only.
 */
enum assure_err result_members_finish(struct test_result *r);
/* Whether subject is a member of r (after result_members_finish()). */
bool result_has_member(const struct test_result *r, const char *subject);
void result_release(struct test_result *r);

#define EVALUATION_ID_LEN	37	/* UUID text + NUL */

struct evaluation {
	char			 id[EVALUATION_ID_LEN];
	int64_t			 as_of;
	int64_t			 started_at;
	char			 version[32];
	struct test_result	*results;
	size_t			 n;
};

/*
 * Run every in-scope test as of as_of.  A test whose code fails gets
 * verdict error with the reason; the evaluation itself fails on
 * allocation failure, and when a test cannot read the store (ASSURE_ERR_IO,
 * ASSURE_ERR_DB: a disk or database failure is not a verdict on a
 * control), naming the test.
 */
enum assure_err evaluation_run(struct store *s, const struct config *cfg,
    int64_t as_of, struct evaluation *ret, struct assure_diag *reterr_diag);

/*
 * What evaluation_run_opts() runs.  only: the test ids to run (NULL
 * terminated), each still only when in scope; NULL, every test in scope.
 * members: collect each result's members (for samples and Type 2
 * reports); off, the evaluation pays nothing for them.
 */
struct evaluation_opts {
	const char *const	*only;
	bool			 members;
};

/*
 * evaluation_run() with options; o NULL is evaluation_run().  An id of
 * o->only that names no test is ASSURE_ERR_INVAL.  The members are
 * neither recorded by evaluation_record() nor written by
 * evaluation_json().
 */
enum assure_err evaluation_run_opts(struct store *s, const struct config *cfg,
    int64_t as_of, const struct evaluation_opts *o, struct evaluation *ret,
    struct assure_diag *reterr_diag);

struct ledger;
/*
 * Record ev in one transaction, with its ledger entry and a fresh signed
 * checkpoint.
 */
enum assure_err evaluation_record(struct store *s, struct ledger *l,
    const struct evaluation *ev, struct assure_diag *reterr_diag);

/* Load the newest recorded evaluation; *ret_found false when none. */
enum assure_err evaluation_load_latest(struct store *s, struct evaluation *ret,
    bool *ret_found, struct assure_diag *reterr_diag);

/* Load the evaluation with this id; *ret_found false when none. */
enum assure_err evaluation_load(struct store *s, const char *id,
    struct evaluation *ret, bool *ret_found, struct assure_diag *reterr_diag);

void evaluation_release(struct evaluation *ev);

/* Counts per verdict. */
void evaluation_counts(const struct evaluation *ev,
    size_t counts[VERDICT__MAX]);

/* The JSON contract of `assure evaluate --format json`. */
void evaluation_json(const struct evaluation *ev, struct jsonw *w);

#endif
