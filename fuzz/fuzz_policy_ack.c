/*
 * fuzz_policy_ack.c: libFuzzer target for the policy-acknowledgements
 * parser (src/parse/people.c); the body is fuzz_people.h.
 */
#define FUZZ_FORMAT	PEOPLE_FMT_ACK
#include "fuzz_people.h"
