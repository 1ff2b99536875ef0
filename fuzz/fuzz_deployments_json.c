/*
 * fuzz_deployments_json.c: libFuzzer target for the deployments-json
 * parser (src/parse/deploylog.c); the body is fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_DEPLOYMENTS_JSON
#include "fuzz_change.h"
