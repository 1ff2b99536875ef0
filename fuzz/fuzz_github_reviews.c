/*
 * fuzz_github_reviews.c: libFuzzer target for the GitHub reviews parser
 * (src/parse/github_change.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GITHUB_REVIEWS
#include "fuzz_change.h"
