/*
 * fuzz_github_statuses.c: libFuzzer target for the GitHub deployment
 * statuses parser (src/parse/github_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITHUB_DEPLOYMENT_STATUSES
#include "fuzz_change.h"
