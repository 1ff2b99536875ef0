/*
 * fuzz_grype.c: libFuzzer target for the grype parser
 * (src/parse/vjson_grype.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_GRYPE
#include "fuzz_vuln.h"
