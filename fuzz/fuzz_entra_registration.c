/*
 * fuzz_entra_registration.c: libFuzzer target for the Entra registration details parser
 * (src/parse/entra.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_ENTRA_REGISTRATION
#include "fuzz_identity.h"
