/*
 * fuzz_gitlab_approvals.c: libFuzzer target for the GitLab approvals parser
 * (src/parse/gitlab_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITLAB_APPROVALS
#include "fuzz_change.h"
