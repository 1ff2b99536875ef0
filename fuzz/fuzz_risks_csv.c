/*
 * fuzz_risks_csv.c: libFuzzer target for the reader of risks.csv
 * (src/workspace/risks.c, over src/parse/csvread.c).  On success every
 * string of every risk is read and every score is in range; on failure
 * the error must be located.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "workspace/risks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct risks rs;
	struct assure_diag d;
	const struct risk *r;
	size_t i, j, n = 0;

	assure_diag_clear(&d);
	memset(&rs, 0, sizeof(rs));
	if (risks_parse_csv((const char *)data, size, "fuzz.csv", &rs, &d) !=
	    ASSURE_OK) {
		if (rs.r != NULL || d.source[0] == '\0')
			abort();
		return 0;
	}
	if (rs.assessed_by != NULL)
		n += strlen(rs.assessed_by);
	for (i = 0; i < rs.n; i++) {
		r = &rs.r[i];
		n += strlen(r->id) + strlen(r->description) +
		    strlen(r->category) + strlen(r->owner);
		n += strlen(risk_treatment_name(r->treatment));
		if (r->accepted_by != NULL)
			n += strlen(r->accepted_by);
		if (risk_inherent(r) < 1 || risk_inherent(r) > 25 ||
		    risk_residual(r) < 1 || risk_residual(r) > 25)
			abort();
		for (j = 0; j < r->ncontrols; j++)
			n += strlen(r->controls[j]);
	}
	risks_release(&rs);
	return n == SIZE_MAX;
}
