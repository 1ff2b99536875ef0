/*
 * fuzz_okta_factors.c: libFuzzer target for the Okta factors parser
 * (src/parse/okta.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_OKTA_FACTORS
#include "fuzz_identity.h"
