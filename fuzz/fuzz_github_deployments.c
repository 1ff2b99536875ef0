/*
 * fuzz_github_deployments.c: libFuzzer target for the GitHub deployments
 * parser (src/parse/github_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITHUB_DEPLOYMENTS
#include "fuzz_change.h"
