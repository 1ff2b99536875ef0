/*
 * fuzz_pagerduty_log.c: libFuzzer target for the PagerDuty log entries
 * parser (src/parse/pagerduty.c); the body is fuzz_incident.h.
 */
#define FUZZ_FORMAT	INC_FMT_PAGERDUTY_LOG_ENTRIES
#include "fuzz_incident.h"
