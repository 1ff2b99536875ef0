/*
 * fuzz_vendors.c: libFuzzer target for the strict reader of vendors.yaml
 * (src/workspace/vendors.c, over src/scope/ywalk.c).  On success every
 * string of every vendor is read; on failure the error must be located.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "workspace/vendors.h"

#ifdef ASSURE_TORTURE
#include "fuzz_mix.h"
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vendors v;
	struct assure_diag d;
	const struct vendor *e;
	size_t i, j, n = 0;

#ifdef ASSURE_TORTURE
	{
		/* fuzz/torture.c: one parse, judged by the driver. */
		uint64_t h = 0xcbf29ce484222325ull;
		enum assure_err rc;

		assure_diag_clear(&d);
		memset(&v, 0, sizeof(v));
		rc = vendors_parse((const char *)data, size, "fuzz.yaml", &v,
		    &d);
		if (rc != ASSURE_OK && v.v != NULL)
			abort();
		for (i = 0; rc == ASSURE_OK && i < v.n; i++) {
			e = &v.v[i];
			mix_str(&h, e->name);
			mix_str(&h, e->service);
			mix(&h, &e->tier, sizeof(e->tier));
			mix(&h, &e->review_every, sizeof(e->review_every));
			for (j = 0; j < e->ndata; j++)
				mix_str(&h, e->data[j].cls);
			for (j = 0; j < e->ncsocs; j++) {
				mix_str(&h, e->csocs[j].description);
				mix_str(&h, e->csocs[j].control);
			}
			mix(&h, &e->soc2.have, sizeof(e->soc2.have));
			if (e->iso.have)
				mix_str(&h, e->iso.certificate);
		}
		torture_report_diag(rc, rc == ASSURE_OK ? v.n : 0, h, &d);
		if (rc == ASSURE_OK)
			vendors_release(&v);
		return (int)n;
	}
#endif
	assure_diag_clear(&d);
	memset(&v, 0, sizeof(v));
	if (vendors_parse((const char *)data, size, "fuzz.yaml", &v, &d) !=
	    ASSURE_OK) {
		if (v.v != NULL || d.source[0] == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < v.n; i++) {
		e = &v.v[i];
		n += strlen(e->name) + strlen(e->service);
		n += strlen(vendor_tier_name(e->tier));
		if (e->review_every <= 0)
			abort();
		for (j = 0; j < e->ndata; j++)
			n += strlen(e->data[j].cls);
		for (j = 0; j < e->ncsocs; j++)
			n += strlen(e->csocs[j].description) +
			    strlen(e->csocs[j].control);
		if (e->soc2.have) {
			n += strlen(vendor_opinion_name(e->soc2.opinion));
			if (e->soc2.end < e->soc2.start || (e->soc2.bridged &&
			    e->soc2.bridge_until < e->soc2.end))
				abort();
		}
		if (e->iso.have)
			n += strlen(e->iso.certificate);
	}
	vendors_release(&v);
	return n == SIZE_MAX;
}
