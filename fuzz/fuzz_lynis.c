/*
 * fuzz_lynis.c: libFuzzer target for the Lynis report.dat parser
 * (src/parse/lynis.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_LYNIS
#include "fuzz_vuln.h"
