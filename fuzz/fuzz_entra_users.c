/*
 * fuzz_entra_users.c: libFuzzer target for the Entra users parser
 * (src/parse/entra.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_ENTRA_USERS
#include "fuzz_identity.h"
