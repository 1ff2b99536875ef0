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

#ifdef ASSURE_TORTURE
#include "fuzz_mix.h"
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct risks rs;
	struct assure_diag d;
	const struct risk *r;
	size_t i, j, n = 0;

#ifdef ASSURE_TORTURE
	{
		/* fuzz/torture.c: one parse, judged by the driver. */
		uint64_t h = 0xcbf29ce484222325ull;
		enum assure_err rc;

		assure_diag_clear(&d);
		memset(&rs, 0, sizeof(rs));
		rc = risks_parse_csv((const char *)data, size, "fuzz.csv",
		    &rs, &d);
		if (rc != ASSURE_OK && rs.r != NULL)
			abort();
		mix_str(&h, rs.assessed_by);
		for (i = 0; rc == ASSURE_OK && i < rs.n; i++) {
			r = &rs.r[i];
			mix_str(&h, r->id);
			mix_str(&h, r->description);
			mix_str(&h, r->category);
			mix_str(&h, r->owner);
			mix_str(&h, r->accepted_by);
			mix(&h, &r->treatment, sizeof(r->treatment));
			n = (size_t)risk_inherent(r) * 100 +
			    (size_t)risk_residual(r);
			mix(&h, &n, sizeof(n));
			for (j = 0; j < r->ncontrols; j++)
				mix_str(&h, r->controls[j]);
		}
		torture_report_diag(rc, rc == ASSURE_OK ? rs.n : 0, h, &d);
		if (rc == ASSURE_OK)
			risks_release(&rs);
		return 0;
	}
#endif
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
