/*
 * identity_tests.h: what tests_iam.c needs from tests_identity.c: the
 * account half of iam.user_mfa, which judges every system that reports
 * MFA (the credential-report half stays in tests_iam.c).
 */
#ifndef ASSURE_RULES_IDENTITY_TESTS_H
#define ASSURE_RULES_IDENTITY_TESTS_H

#include "common/compat.h"
#include "rules/rules.h"

struct identity_part {
	size_t	snapshots;	/* identity snapshots as of the instant */
	size_t	fresh;
	size_t	nstale;
	char	stale[256];
	size_t	judged;		/* accounts with an MFA state */
};

/*
 * Judge MFA of every active human non-AWS account whose system reports an
 * MFA state, adding to res's population, exceptions and evidence; *ret
 * says what evidence there was.  The verdict is the caller's.
 */
enum assure_err identity_user_mfa(const struct test_ctx *ctx,
    struct test_result *res, struct identity_part *ret,
    struct assure_diag *reterr_diag);

#endif
