/*
 * fuzz_openvas.c: libFuzzer target for the OpenVAS / Greenbone XML parser
 * (src/parse/vxml.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_OPENVAS
#include "fuzz_vuln.h"
