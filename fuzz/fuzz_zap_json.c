/*
 * fuzz_zap_json.c: libFuzzer target for the zap_json parser
 * (src/parse/vjson_zap.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_ZAP_JSON
#include "fuzz_vuln.h"
