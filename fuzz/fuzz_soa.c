/*
 * fuzz_soa.c: libFuzzer target for the Statement of Applicability reader
 * (src/gap/soa.c).  Each input is parsed as a SoA; on success the gap
 * analysis runs over it for every category, and every entry is read so the
 * sanitizers see any bad pointer.  A failure must leave nothing allocated
 * and a diagnostic with a source.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "gap/gap.h"
#include "gap/soa.h"
#include "workspace/config.h"

#ifdef ASSURE_TORTURE
#include "fuzz_mix.h"
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct assure_catalog *cat;
	struct gap_report r;
	struct assure_diag d;
	struct soa s;
	size_t i, n = 0;

	if (assure_catalog_get(&cat, &d) != ASSURE_OK)
		abort();
#ifdef ASSURE_TORTURE
	{
		/* fuzz/torture.c: one parse, judged by the driver. */
		uint64_t h = 0xcbf29ce484222325ull;
		enum assure_err rc;

		assure_diag_clear(&d);
		rc = soa_parse((const char *)data, size, "fuzz.csv", cat, &s,
		    &d);
		if (rc != ASSURE_OK && s.entries != NULL)
			abort();
		for (i = 0; rc == ASSURE_OK && i < s.n; i++)
			mix_str(&h, s.entries[i].justification);
		torture_report_diag(rc, rc == ASSURE_OK ? s.n : 0, h, &d);
		if (rc == ASSURE_OK) {
			assure_diag_clear(&d);
			rc = gap_from_soa(cat, TSC_ALL_CATEGORIES, &s, NULL,
			    &r, &d);
			if (rc == ASSURE_OK) {
				h = r.nrows;
				gap_report_release(&r);
			}
			torture_report_diag(rc, rc == ASSURE_OK ? 1 : 0, h, &d);
			soa_release(&s);
		}
		return (int)n;
	}
#endif
	assure_diag_clear(&d);
	if (soa_parse((const char *)data, size, "fuzz.csv", cat, &s, &d) !=
	    ASSURE_OK) {
		if (s.entries != NULL || d.source[0] == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < s.n; i++)
		if (s.entries[i].justification != NULL)
			n += strlen(s.entries[i].justification);
	if (gap_from_soa(cat, TSC_ALL_CATEGORIES, &s, NULL, &r, &d) !=
	    ASSURE_OK)
		abort();
	if (r.nrows != ASSURE_CATALOG_TSC_COUNT || n > size)
		abort();
	gap_report_release(&r);
	soa_release(&s);
	return 0;
}
