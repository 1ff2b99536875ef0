/*
 * fuzz_openscap.c: libFuzzer target for the OpenSCAP XCCDF / ARF parser
 * (src/parse/vxml.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_OPENSCAP
#include "fuzz_vuln.h"
