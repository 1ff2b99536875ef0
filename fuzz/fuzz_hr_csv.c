/*
 * fuzz_hr_csv.c: libFuzzer target for the hr-csv roster parser
 * (src/parse/hr_csv.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_HR_CSV
#include "fuzz_identity.h"
