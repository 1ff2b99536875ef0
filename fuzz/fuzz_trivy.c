/*
 * fuzz_trivy.c: libFuzzer target for the trivy parser
 * (src/parse/vjson_trivy.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_TRIVY
#include "fuzz_vuln.h"
