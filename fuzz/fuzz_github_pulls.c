/*
 * fuzz_github_pulls.c: libFuzzer target for the GitHub pulls parser
 * (src/parse/github_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITHUB_PULLS
#include "fuzz_change.h"
