/*
 * fuzz_git_repo.c: libFuzzer target for the git-repo parser
 * (src/parse/gitlog.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_GIT_REPO
#include "fuzz_change.h"
