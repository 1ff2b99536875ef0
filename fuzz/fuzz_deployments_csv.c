/*
 * fuzz_deployments_csv.c: libFuzzer target for the deployments-csv parser
 * (src/parse/deploylog.c, src/parse/csvread.c); the body is
 * fuzz_change.h.
 */
#define FUZZ_FORMAT	CHG_FMT_DEPLOYMENTS_CSV
#include "fuzz_change.h"
