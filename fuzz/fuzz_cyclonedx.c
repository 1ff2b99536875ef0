/*
 * fuzz_cyclonedx.c: libFuzzer target for the cyclonedx parser
 * (src/parse/vjson_cyclonedx.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_CYCLONEDX_VEX
#include "fuzz_vuln.h"
