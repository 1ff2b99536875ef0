/*
 * tests_hr.c: the people tests (SOC 2 CC1.4) over the HR roster
 * (population.h) and the training-completions and background-checks
 * evidence.  A person's subject is their e-mail as the roster gives it.
 *
 * An employee at T is a person of the newest fresh HR roster not a
 * leaver at T (population.h), whose status is not terminated or
 * inactive, and whose hire date, when given, is not after T.  Hired in
 * the period: a hire date from observation_period.start up to T.
 *
 * CONTROL: tsc:CC1.4
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "rules/population.h"
#include "rules/rules.h"

#define DAY		86400
#define HR_ROWS_MAX	10000000

/* One training completion or background check, as the tests need it. */
struct hr_row {
	char	*person;	/* lower-cased e-mail */
	int64_t	 at;		/* completed_at */
	bool	 security;	/* training: the security course, not failed */
	char	 result[12];	/* check: clear|consider|adverse|pending */
};

struct hr_rows {
	struct hr_row		*v;
	size_t			 n, cap;
	struct test_result	*res;
	const char		*course;	/* training: what to match */
	bool			 training;
};

static void
rows_release(struct hr_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].person);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

/* Whether needle occurs in hay, ignoring ASCII case. */
static bool
has_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static enum assure_err
row_cb(const struct store_val *c, int n, void *arg)
{
	struct hr_rows *r = arg;
	struct hr_row *x, *v;
	int ev = r->training ? 4 : 3;
	size_t cap;
	enum assure_err rc;

	if (n < ev + 2 || c[0].type != STORE_TEXT || c[ev + 1].type !=
	    STORE_TEXT || (r->training && c[1].type != STORE_TEXT) ||
	    (!r->training && c[2].type != STORE_TEXT))
		return ASSURE_ERR_DB;
	rc = result_add_evidence(r->res, c[ev].i, c[ev + 1].s);
	if (rc != ASSURE_OK)
		return rc;
	if (r->n == r->cap) {
		if (r->n >= HR_ROWS_MAX)
			return ASSURE_ERR_LIMIT;
		cap = r->cap == 0 ? 64 : r->cap * 2;
		v = reallocarray(r->v, cap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		r->v = v;
		r->cap = cap;
	}
	x = &r->v[r->n];
	memset(x, 0, sizeof(*x));
	x->person = strdup(c[0].s);
	if (x->person == NULL)
		return ASSURE_ERR_NOMEM;
	r->n++;
	if (r->training) {
		x->at = c[2].i;
		x->security = has_word(c[1].s, r->course) &&
		    !(c[3].type == STORE_INT && c[3].i == 0);
	} else {
		x->at = c[1].i;
		assure_strlcpy(x->result, c[2].s, sizeof(x->result));
	}
	return ASSURE_OK;
}

static enum assure_err
rows_load(const struct test_ctx *ctx, bool training, struct hr_rows *r,
    struct test_result *res, struct assure_diag *d)
{
	struct store_val v[1];

	memset(r, 0, sizeof(*r));
	r->res = res;
	r->training = training;
	r->course = ctx->cfg->hr.security_course;
	v[0] = STORE_INTV(ctx->as_of);
	return store_exec(ctx->store, training ? STMT_TRAINING_ROWS :
	    STMT_BACKGROUND_ROWS, v, 1, row_cb, r, d);
}

/* The first row of person email_norm (rows are by person), or r->n. */
static size_t
rows_of(const struct hr_rows *r, const char *email_norm)
{
	size_t lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(r->v[mid].person, email_norm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
employed(const struct test_ctx *ctx, const struct pop_person *pp)
{
	if (pp->has_term && pp->term <= ctx->as_of)
		return false;
	if (pp->status != NULL && (strcasecmp(pp->status, "terminated") == 0 ||
	    strcasecmp(pp->status, "inactive") == 0))
		return false;
	return !pp->has_hire || pp->hire <= ctx->as_of;
}

static bool
hired_in_period(const struct test_ctx *ctx, const struct pop_person *pp)
{
	return pp->has_hire && pp->hire >= ctx->cfg->period_start &&
	    pp->hire <= ctx->as_of;
}

/* No roster, or a stale one: no_evidence, saying which. */
static bool
no_roster(const struct test_ctx *ctx, const struct population *p,
    struct test_result *res, enum assure_err *rc)
{
	char when[ASSURE_TIME_STRLEN], hr[ASSURE_TIME_STRLEN];

	*rc = ASSURE_OK;
	if (p->has_hr && !p->hr_stale)
		return false;
	res->verdict = VERDICT_NO_EVIDENCE;
	assure_time_format(ctx->as_of, when);
	if (!p->has_hr) {
		*rc = result_set_reason(res, "no HR roster evidence (hr-csv, "
		    "bamboohr-report) as of %s", when);
		return true;
	}
	assure_time_format(p->hr_as_of, hr);
	*rc = result_set_reason(res, "the newest HR roster (as of %s) is older "
	    "than the %lld-day freshness window as of %s", hr,
	    (long long)(ctx->cfg->freshness / DAY), when);
	return true;
}

static const char *const cc1_4[] = { "CC1.4", NULL };

/* ------------------------------------------------------------ training */

static enum assure_err
judge_training(const struct test_ctx *ctx, const struct hr_rows *r,
    const struct pop_person *pp, size_t *ret_pending,
    struct test_result *res)
{
	const char *course = ctx->cfg->hr.security_course;
	int64_t every = ctx->cfg->hr.training_every;
	int64_t within = ctx->cfg->hr.training_within;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	const char *who = pp->email != NULL ? pp->email : pp->email_norm;
	bool has_last = false, has_first = false;
	int64_t last = 0, first = 0;
	size_t i;
	enum assure_err rc;

	for (i = rows_of(r, pp->email_norm); i < r->n &&
	    strcmp(r->v[i].person, pp->email_norm) == 0; i++) {
		if (!r->v[i].security)
			continue;
		if (!has_first)
			first = r->v[i].at;	/* rows are by time */
		has_first = true;
		has_last = true;
		last = r->v[i].at;
	}
	if (hired_in_period(ctx, pp)) {
		assure_date_format(pp->hire, d1);
		if ((!has_first || first > pp->hire + within) &&
		    pp->hire + within > ctx->as_of) {
			(*ret_pending)++;	/* not yet due */
			return ASSURE_OK;
		}
		if (!has_first)
			return result_add_exception(res, who, "never completed "
			    "the security course ('%s'); hired on %s", course,
			    d1);
		if (first > pp->hire + within) {
			assure_date_format(first, d2);
			rc = result_add_exception(res, who, "hired on %s, "
			    "first completed the security course on %s, more "
			    "than %lld days after", d1, d2,
			    (long long)(within / DAY));
			if (rc != ASSURE_OK)
				return rc;
		}
	}
	if (!has_last)
		return result_add_exception(res, who, "never completed the "
		    "security course ('%s')", course);
	if (ctx->as_of - last > every) {
		assure_date_format(last, d2);
		return result_add_exception(res, who, "last completed the "
		    "security course on %s, more than %lld days ago", d2,
		    (long long)(every / DAY));
	}
	return ASSURE_OK;
}

static enum assure_err
run_training(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct population p;
	struct hr_rows r;
	const struct pop_person *pp;
	char when[ASSURE_TIME_STRLEN];
	size_t i, pending = 0;
	enum assure_err rc;

	memset(&r, 0, sizeof(r));
	rc = population_load(ctx, POP_PEOPLE, &p, d);
	if (rc == ASSURE_OK && no_roster(ctx, &p, res, &rc))
		goto out;
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_PEOPLE, res);
	if (rc == ASSURE_OK)
		rc = rows_load(ctx, true, &r, res, d);
	if (rc != ASSURE_OK)
		goto out;
	assure_time_format(ctx->as_of, when);
	if (r.n == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no training evidence "
		    "(training-completions) as of %s", when);
		goto out;
	}
	for (i = 0; rc == ASSURE_OK && i < p.npeople; i++) {
		if (!employed(ctx, &p.people[i]))
			continue;
		/* The subject judge_training() names exceptions by. */
		pp = &p.people[i];
		rc = result_add_member(res, ctx, pp->email != NULL ?
		    pp->email : pp->email_norm);
		if (rc != ASSURE_OK)
			break;
		rc = judge_training(ctx, &r, &p.people[i], &pending, res);
	}
	if (rc != ASSURE_OK)
		goto out;
	if (res->population == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no active employee in the HR "
		    "roster as of %s", when);
		goto out;
	}
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	rc = result_set_reason(res, "%lld employee%s; %zu new hire%s not yet "
	    "due; %zu exception%s", (long long)res->population,
	    res->population == 1 ? "" : "s", pending, pending == 1 ? "" : "s",
	    result_failures(res), result_failures(res) == 1 ? "" : "s");
out:
	rows_release(&r);
	population_release(&p);
	return rc;
}

const struct test_def test_hr_training = {
	.id = "hr.training",
	.title = "Employees complete security-awareness training",
	.description = "Every employee of the newest HR roster completed the "
	    "security course (a training-completions course whose name holds "
	    "hr.security_course, not marked failed) within hr.training_every "
	    "(default 365 days) before the evaluation's instant, and every "
	    "employee hired in the observation period within "
	    "hr.training_within (default 30 days) of the hire date; a new "
	    "hire still inside that window is not yet due.",
	.criteria = cc1_4,
	.run = run_training,
};

/* ---------------------------------------------------- background checks */

/*
 * The instant a check was due for pp: the earliest creation of an account
 * linked to pp (named in acct), else the hire date (*ret_account false).
 */
static int64_t
check_due(const struct population *p, const struct pop_person *pp,
    bool *ret_account, char *acct, size_t size)
{
	const struct pop_account *a;
	int64_t due = pp->hire;
	size_t i;

	*ret_account = false;
	for (i = 0; i < p->nacc; i++) {
		a = &p->acc[i];
		if (a->person != pp || !a->has_created)
			continue;
		if (*ret_account && a->created >= due)
			continue;
		*ret_account = true;
		due = a->created;
		population_subject(a, acct, size);
	}
	return due;
}

static enum assure_err
judge_check(const struct hr_rows *r, const struct population *p,
    const struct pop_person *pp, struct test_result *res)
{
	const char *who = pp->email != NULL ? pp->email : pp->email_norm;
	const struct hr_row *x, *late = NULL, *last = NULL;
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	char what[RULES_SUBJECT_MAX + 128];
	char acct[RULES_SUBJECT_MAX];
	bool account;
	int64_t due;
	size_t i;

	due = check_due(p, pp, &account, acct, sizeof(acct));
	assure_date_format(due, d1);
	if (account)
		snprintf(what, sizeof(what), "their first account (%s) was "
		    "created on %s", acct, d1);
	else
		snprintf(what, sizeof(what), "their hire date %s (no account "
		    "of theirs is known)", d1);
	for (i = rows_of(r, pp->email_norm); i < r->n &&
	    strcmp(r->v[i].person, pp->email_norm) == 0; i++) {
		x = &r->v[i];
		last = x;
		if (strcmp(x->result, "clear") != 0 &&
		    strcmp(x->result, "consider") != 0)
			continue;
		if (x->at <= due)
			return ASSURE_OK;
		if (late == NULL)
			late = x;
	}
	if (last == NULL)
		return result_add_exception(res, who, "no background check on "
		    "record; one was due before %s", what);
	if (late == NULL || last->at > late->at) {
		assure_date_format(last->at, d2);
		return result_add_exception(res, who, "background check of %s "
		    "came back %s; a clear one was due before %s", d2,
		    last->result, what);
	}
	assure_date_format(late->at, d2);
	return result_add_exception(res, who, "background check completed on "
	    "%s (%s), after %s", d2, late->result, what);
}

static enum assure_err
run_background(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct population p;
	struct hr_rows r;
	const struct pop_person *pp;
	char when[ASSURE_TIME_STRLEN];
	size_t i;
	enum assure_err rc;

	memset(&r, 0, sizeof(r));
	rc = population_load(ctx, POP_PEOPLE | POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK && no_roster(ctx, &p, res, &rc))
		goto out;
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_PEOPLE | POP_ACCOUNTS, res);
	if (rc == ASSURE_OK)
		rc = rows_load(ctx, false, &r, res, d);
	for (i = 0; rc == ASSURE_OK && i < p.npeople; i++) {
		if (!employed(ctx, &p.people[i]) ||
		    !hired_in_period(ctx, &p.people[i]))
			continue;
		/* The subject judge_check() names exceptions by. */
		pp = &p.people[i];
		rc = result_add_member(res, ctx, pp->email != NULL ?
		    pp->email : pp->email_norm);
		if (rc != ASSURE_OK)
			break;
		rc = judge_check(&r, &p, &p.people[i], res);
	}
	if (rc != ASSURE_OK)
		goto out;
	if (res->population == 0) {
		assure_time_format(ctx->as_of, when);
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no active employee of the HR "
		    "roster was hired in the observation period up to %s",
		    when);
		goto out;
	}
	res->verdict = result_failures(res) > 0 ? VERDICT_FAIL : VERDICT_PASS;
	rc = result_set_reason(res, "%lld employee%s hired in the period; "
	    "%zu without a clear background check in time",
	    (long long)res->population, res->population == 1 ? "" : "s",
	    result_failures(res));
out:
	rows_release(&r);
	population_release(&p);
	return rc;
}

const struct test_def test_hr_background_check = {
	.id = "hr.background_check",
	.title = "New hires are background-checked before access",
	.description = "Every employee hired in the observation period had a "
	    "background check with result clear or consider completed no "
	    "later than the creation of their first account in the identity "
	    "populations, or, when no account of theirs is known, than their "
	    "hire date.  Adverse or pending results, late checks and missing "
	    "checks are exceptions.",
	.criteria = cc1_4,
	.run = run_background,
};
