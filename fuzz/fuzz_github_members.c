/*
 * fuzz_github_members.c: libFuzzer target for the GitHub org members parser
 * (src/parse/github_members.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_GITHUB_MEMBERS
#include "fuzz_identity.h"
