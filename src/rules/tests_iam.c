/*
 * tests_iam.c: identity and access tests over the AWS IAM credential
 * report population.
 *
 * The tests look, for each AWS account, at the newest credential report
 * whose as-of instant is not after the evaluation's.  A report older than
 * the workspace's freshness window is stale: its account is not judged, and
 * the test cannot pass on it.  Absent values (N/A, not_supported) are never
 * read as true or false: an absent mfa_active is not MFA.
 *
 * iam.user_mfa also judges every other identity system that reports MFA
 * (tests_identity.c); iam.key_rotation reads the access keys.
 *
 * CONTROL: tsc:CC6.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "rules/identity_tests.h"
#include "rules/rules.h"

#define CRED_REPORTS_MAX	10000	/* AWS accounts in one evaluation */

struct cred_report {
	char	account[16];
	int64_t	evidence_id;
	int64_t	as_of;
	char	sha256[ASSURE_SHA256_HEXLEN + 1];
};

struct cred_reports {
	struct cred_report	*v;
	size_t			 n;
	size_t			 cap;
};

static enum assure_err
report_row(const struct store_val *c, int n, void *arg)
{
	struct cred_reports *rs = arg;
	struct cred_report *r;
	size_t ncap;

	if (n < 4 || c[0].type != STORE_TEXT || c[3].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (rs->n >= CRED_REPORTS_MAX)
		return ASSURE_ERR_LIMIT;
	if (rs->n == rs->cap) {
		ncap = rs->cap == 0 ? 8 : rs->cap * 2;
		r = reallocarray(rs->v, ncap, sizeof(*r));
		if (r == NULL)
			return ASSURE_ERR_NOMEM;
		rs->v = r;
		rs->cap = ncap;
	}
	r = &rs->v[rs->n++];
	assure_strlcpy(r->account, c[0].s, sizeof(r->account));
	r->evidence_id = c[1].i;
	r->as_of = c[2].i;
	assure_strlcpy(r->sha256, c[3].s, sizeof(r->sha256));
	return ASSURE_OK;
}

/* The columns of STMT_CRED_ROWS that the tests read. */
enum {
	COL_ACCOUNT = 4, COL_USER = 5, COL_IS_ROOT = 7,
	COL_PASSWORD_ENABLED = 9, COL_MFA_ACTIVE = 13, COL_KEY1_ACTIVE = 14,
	COL_KEY1_LAST_ROTATED = 15, COL_KEY1_LAST_USED = 16,
	COL_KEY2_ACTIVE = 19, COL_KEY2_LAST_ROTATED = 20,
	COL_KEY2_LAST_USED = 21, COL__MIN = 28
};

/* Whether an optional boolean column is present and true. */
static bool
is_true(const struct store_val *v)
{
	return v->type == STORE_INT && v->i == 1;
}

typedef enum assure_err (*cred_row_check)(const struct test_ctx *ctx,
    const struct store_val *c, struct test_result *res);

struct row_walk {
	const struct test_ctx	*ctx;
	struct test_result	*res;
	cred_row_check		 check;
	enum assure_err		 err;
};

static enum assure_err
walk_row(const struct store_val *c, int n, void *arg)
{
	struct row_walk *w = arg;

	if (n < COL__MIN || c[COL_ACCOUNT].type != STORE_TEXT ||
	    c[COL_USER].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	return w->check(w->ctx, c, w->res);
}

/*
 * The shared skeleton of the credential report tests: find each account's
 * newest report as of ctx->as_of, skip and name stale ones, run check on
 * every row of the fresh ones, and settle the verdict.
 */
static enum assure_err
run_over_reports(const struct test_ctx *ctx, struct test_result *res,
    cred_row_check check, size_t *ret_reports, struct assure_diag *d)
{
	struct cred_reports rs = { NULL, 0, 0 };
	struct row_walk w = { ctx, res, check, ASSURE_OK };
	struct store_val p[1];
	char when[ASSURE_TIME_STRLEN], stale[256];
	size_t i, nstale = 0;
	enum assure_err rc;

	stale[0] = '\0';
	p[0] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_CRED_LATEST_REPORTS, p, 1, report_row,
	    &rs, d);
	if (rc != ASSURE_OK)
		goto out;
	for (i = 0; i < rs.n; i++) {
		if (ctx->as_of - rs.v[i].as_of > ctx->cfg->freshness) {
			if (nstale++ < 4) {
				size_t l = strlen(stale);
				snprintf(stale + l, sizeof(stale) - l, "%s%s",
				    l > 0 ? ", " : "", rs.v[i].account);
			}
			continue;
		}
		rc = result_add_evidence(res, rs.v[i].evidence_id,
		    rs.v[i].sha256);
		if (rc != ASSURE_OK)
			goto out;
		p[0] = STORE_INTV(rs.v[i].evidence_id);
		rc = store_exec(ctx->store, STMT_CRED_ROWS, p, 1, walk_row, &w,
		    d);
		if (rc != ASSURE_OK)
			goto out;
	}
	assure_time_format(ctx->as_of, when);
	if (ret_reports != NULL)
		*ret_reports = rs.n;
	if (rs.n == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no aws-iam-credential-report "
		    "evidence as of %s", when);
	} else if (res->nexc > 0) {
		res->verdict = VERDICT_FAIL;
		if (nstale > 0)
			rc = result_set_reason(res, "%zu exception(s); the "
			    "newest report of %zu account(s) (%s) is older "
			    "than the %lld-day freshness window", res->nexc,
			    nstale, stale,
			    (long long)(ctx->cfg->freshness / 86400));
	} else if (nstale > 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "the newest credential report of "
		    "%zu account(s) (%s) is older than the %lld-day freshness "
		    "window as of %s", nstale, stale,
		    (long long)(ctx->cfg->freshness / 86400), when);
	} else {
		res->verdict = VERDICT_PASS;
	}
out:
	free(rs.v);
	return rc;
}

/* ------------------------------------------------------------ iam.aws_root */

static enum assure_err
root_check(const struct test_ctx *ctx, const struct store_val *c,
    struct test_result *res)
{
	char subject[RULES_SUBJECT_MAX];
	enum assure_err rc;

	if (!(c[COL_IS_ROOT].type == STORE_INT && c[COL_IS_ROOT].i == 1))
		return ASSURE_OK;
	snprintf(subject, sizeof(subject), "aws/%s/root", c[COL_ACCOUNT].s);
	rc = result_add_member(res, ctx, subject);
	if (rc == ASSURE_OK && !is_true(&c[COL_MFA_ACTIVE]))
		rc = result_add_exception(res, subject, "root account has no "
		    "MFA device");
	if (rc == ASSURE_OK && is_true(&c[COL_KEY1_ACTIVE]))
		rc = result_add_exception(res, subject, "root access key 1 is "
		    "active");
	if (rc == ASSURE_OK && is_true(&c[COL_KEY2_ACTIVE]))
		rc = result_add_exception(res, subject, "root access key 2 is "
		    "active");
	return rc;
}

static enum assure_err
run_aws_root(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	enum assure_err rc;

	rc = run_over_reports(ctx, res, root_check, NULL, d);
	if (rc == ASSURE_OK && res->verdict == VERDICT_PASS &&
	    res->population == 0) {
		/* Every real report has a root row; none means no evidence. */
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "the credential reports have no "
		    "<root_account> row");
	}
	return rc;
}

static const char *const aws_root_criteria[] = { "CC6.1", NULL };

const struct test_def test_iam_aws_root = {
	.id = "iam.aws_root",
	.title = "AWS root account has MFA and no active access keys",
	.description = "For each AWS account, the root user of the newest "
	    "credential report has an MFA device and neither access key "
	    "active.",
	.criteria = aws_root_criteria,
	.run = run_aws_root,
};

/* ------------------------------------------------------------ iam.user_mfa */

static enum assure_err
user_mfa_check(const struct test_ctx *ctx, const struct store_val *c,
    struct test_result *res)
{
	char subject[RULES_SUBJECT_MAX];
	enum assure_err rc;

	/* Console users are those with a password; root is iam.aws_root's. */
	if (is_true(&c[COL_IS_ROOT]) || !is_true(&c[COL_PASSWORD_ENABLED]))
		return ASSURE_OK;
	snprintf(subject, sizeof(subject), "aws/%s/%s", c[COL_ACCOUNT].s,
	    c[COL_USER].s);
	rc = result_add_member(res, ctx, subject);
	if (rc != ASSURE_OK || is_true(&c[COL_MFA_ACTIVE]))
		return rc;
	return result_add_exception(res, subject, "console password enabled, "
	    "no MFA device");
}

/*
 * The credential-report half settles a verdict first; the accounts of the
 * other systems then join it.  With no identity evidence the
 * credential-report verdict and its reason stand as they are; with no
 * credential report but fresh identity evidence, the accounts alone
 * decide.  Stale evidence on either side keeps the test from passing.
 */
static enum assure_err
run_user_mfa(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct identity_part ip;
	enum verdict cred;
	size_t nreports = 0;
	enum assure_err rc;

	rc = run_over_reports(ctx, res, user_mfa_check, &nreports, d);
	if (rc != ASSURE_OK)
		return rc;
	cred = res->verdict;
	rc = identity_user_mfa(ctx, res, &ip, d);
	if (rc != ASSURE_OK || ip.snapshots == 0)
		return rc;
	if (res->nexc > 0) {
		res->verdict = VERDICT_FAIL;
		if (ip.nstale > 0)
			rc = result_set_reason(res, "%zu exception(s); the "
			    "newest snapshot of %zu export(s) (%s) is older "
			    "than the %lld-day freshness window", res->nexc,
			    ip.nstale, ip.stale,
			    (long long)(ctx->cfg->freshness / 86400));
	} else if (ip.nstale > 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "the newest snapshot of %zu "
		    "export(s) (%s) is older than the %lld-day freshness "
		    "window", ip.nstale, ip.stale,
		    (long long)(ctx->cfg->freshness / 86400));
	} else if (nreports == 0 || cred == VERDICT_PASS) {
		res->verdict = VERDICT_PASS;
		free(res->reason);
		res->reason = NULL;
	}
	return rc;
}

static const char *const user_mfa_criteria[] = { "CC6.1", NULL };

const struct test_def test_iam_user_mfa = {
	.id = "iam.user_mfa",
	.title = "Every user has MFA",
	.description = "Every IAM user with a console password in the newest "
	    "credential report of each AWS account has an MFA device, and "
	    "every active human account of every other identity system that "
	    "reports MFA has MFA enrolled (unknown is an exception).",
	.criteria = user_mfa_criteria,
	.run = run_user_mfa,
};

/* ------------------------------------------------------- iam.key_rotation */

static enum assure_err
one_key(const struct test_ctx *ctx, const struct store_val *c, int n,
    int active, int rotated, int used, struct test_result *res)
{
	char subject[RULES_SUBJECT_MAX], t[ASSURE_TIME_STRLEN], dur[32];
	int64_t max = ctx->cfg->iam.key_max_age;
	enum assure_err rc;

	if (!is_true(&c[active]))
		return ASSURE_OK;
	/*
	 * The record is the key, the subject its user's (as the
	 * exceptions'): a user with both keys active is one member, and in
	 * members mode the population counts users, not keys.
	 */
	snprintf(subject, sizeof(subject), "aws/%s/%s", c[COL_ACCOUNT].s,
	    c[COL_USER].s);
	rc = result_add_member(res, ctx, subject);
	if (rc != ASSURE_OK)
		return rc;
	assure_duration_format(max, dur, sizeof(dur));
	if (c[rotated].type == STORE_INT && ctx->as_of - c[rotated].i > max) {
		assure_time_format(c[rotated].i, t);
		rc = result_add_exception(res, subject, "access key %d last "
		    "rotated %s, %lld days before (max %s)", n, t,
		    (long long)((ctx->as_of - c[rotated].i) / 86400), dur);
	}
	if (rc == ASSURE_OK && c[used].type != STORE_INT)
		rc = result_add_exception(res, subject, "access key %d is "
		    "active and has never been used", n);
	return rc;
}

static enum assure_err
key_check(const struct test_ctx *ctx, const struct store_val *c,
    struct test_result *res)
{
	enum assure_err rc;

	/* Root keys are iam.aws_root's exception already. */
	if (is_true(&c[COL_IS_ROOT]))
		return ASSURE_OK;
	rc = one_key(ctx, c, 1, COL_KEY1_ACTIVE, COL_KEY1_LAST_ROTATED,
	    COL_KEY1_LAST_USED, res);
	if (rc == ASSURE_OK)
		rc = one_key(ctx, c, 2, COL_KEY2_ACTIVE,
		    COL_KEY2_LAST_ROTATED, COL_KEY2_LAST_USED, res);
	return rc;
}

static enum assure_err
run_key_rotation(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	return run_over_reports(ctx, res, key_check, NULL, d);
}

static const char *const key_rotation_criteria[] = { "CC6.1", NULL };

const struct test_def test_iam_key_rotation = {
	.id = "iam.key_rotation",
	.title = "AWS access keys are rotated and used",
	.description = "No active access key of an IAM user in the newest "
	    "credential report of each account was last rotated more than "
	    "iam.key_max_age ago (default 90 days), and none is active "
	    "without ever having been used.",
	.criteria = key_rotation_criteria,
	.run = run_key_rotation,
};
