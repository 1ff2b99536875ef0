/*
 * fuzz_asff.c: libFuzzer target for the asff parser
 * (src/parse/vjson_asff.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_ASFF
#include "fuzz_vuln.h"
