/*
 * fuzz_gitlab_mrs.c: libFuzzer target for the GitLab merge requests parser
 * (src/parse/gitlab_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITLAB_MERGE_REQUESTS
#include "fuzz_change.h"
