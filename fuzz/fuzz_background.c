/*
 * fuzz_background.c: libFuzzer target for the background-checks
 * parser (src/parse/people.c); the body is fuzz_people.h.
 */
#define FUZZ_FORMAT	PEOPLE_FMT_BACKGROUND
#include "fuzz_people.h"
