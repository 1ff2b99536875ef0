/*
 * fuzz_nessus.c: libFuzzer target for the Nessus (.nessus v2) parser
 * (src/parse/vxml.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_NESSUS
#include "fuzz_vuln.h"
