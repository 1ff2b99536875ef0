/*
 * fuzz_okta_users.c: libFuzzer target for the Okta users parser
 * (src/parse/okta.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_OKTA_USERS
#include "fuzz_identity.h"
