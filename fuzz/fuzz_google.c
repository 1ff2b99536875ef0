/*
 * fuzz_google.c: libFuzzer target for the Google Workspace users parser
 * (src/parse/google.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_GOOGLE_USERS
#include "fuzz_identity.h"
