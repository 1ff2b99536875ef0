/*
 * fuzz_pagerduty.c: libFuzzer target for the PagerDuty incidents
 * parser (src/parse/pagerduty.c); the body is fuzz_incident.h.
 */
#define FUZZ_FORMAT	INC_FMT_PAGERDUTY_INCIDENTS
#include "fuzz_incident.h"
