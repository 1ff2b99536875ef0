/*
 * fuzz_training.c: libFuzzer target for the training-completions
 * parser (src/parse/people.c); the body is fuzz_people.h.
 */
#define FUZZ_FORMAT	PEOPLE_FMT_TRAINING
#include "fuzz_people.h"
