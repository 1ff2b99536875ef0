/*
 * fuzz_github_protection.c: libFuzzer target for the GitHub branch
 * protection parser (src/parse/github_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITHUB_BRANCH_PROTECTION
#include "fuzz_change.h"
