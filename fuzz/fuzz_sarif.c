/*
 * fuzz_sarif.c: libFuzzer target for the sarif parser
 * (src/parse/vjson_sarif.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_SARIF
#include "fuzz_vuln.h"
