/*
 * fuzz_bamboohr.c: libFuzzer target for the BambooHR custom report parser
 * (src/parse/bamboohr.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_BAMBOOHR
#include "fuzz_identity.h"
