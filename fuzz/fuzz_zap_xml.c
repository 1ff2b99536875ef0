/*
 * fuzz_zap_xml.c: libFuzzer target for the ZAP XML parser
 * (src/parse/vxml.c); the body is fuzz_vuln.h.
 */
#define FUZZ_FORMAT	VULN_FMT_ZAP_XML
#include "fuzz_vuln.h"
