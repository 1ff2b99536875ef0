/*
 * fuzz_okta_admins.c: libFuzzer target for the Okta admin roles parser
 * (src/parse/okta.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_OKTA_ADMINS
#include "fuzz_identity.h"
