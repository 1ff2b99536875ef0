/*
 * fuzz_jira.c: libFuzzer target for the Jira issues
 * parser (src/parse/jira.c); the body is fuzz_incident.h.
 */
#define FUZZ_FORMAT	INC_FMT_JIRA_ISSUES
#include "fuzz_incident.h"
