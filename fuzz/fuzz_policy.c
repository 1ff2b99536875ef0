/*
 * fuzz_policy.c: libFuzzer target for the policy front-matter reader
 * (src/workspace/policies.c).  Each input is one policies/<name>.md;
 * it is parsed twice into one set (so the second is a duplicate id), and
 * on success every string is read and the body offset checked.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "workspace/policies.h"

#ifdef ASSURE_TORTURE
#include "fuzz_mix.h"
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_set set;
	struct assure_diag d;
	const struct policy *p;
	size_t i, n = 0;

#ifdef ASSURE_TORTURE
	{
		/* fuzz/torture.c: one parse, judged by the driver. */
		uint64_t h = 0xcbf29ce484222325ull;
		enum assure_err rc;

		policy_set_init(&set);
		assure_diag_clear(&d);
		rc = policy_parse(&set, (const char *)data, size, "fuzz.md",
		    &d);
		if (rc == ASSURE_OK) {
			p = &set.v[0];
			mix_str(&h, p->id);
			mix_str(&h, p->title);
			mix_str(&h, p->owner);
			mix_str(&h, p->version);
			mix_str(&h, p->approved_by);
			for (i = 0; i < p->naudience; i++)
				mix_str(&h, p->audience[i]);
			mix(&h, &p->body_offset, sizeof(p->body_offset));
		} else if (set.n != 0)
			abort();
		torture_report_diag(rc, set.n, h, &d);
		policy_set_release(&set);
		return (int)n;
	}
#endif
	policy_set_init(&set);
	assure_diag_clear(&d);
	if (policy_parse(&set, (const char *)data, size, "fuzz.md", &d) ==
	    ASSURE_OK) {
		if (set.n != 1)
			abort();
		p = &set.v[0];
		if (p->body_offset > size || p->size != size)
			abort();
		n += strlen(p->id) + strlen(p->title) + strlen(p->owner) +
		    strlen(p->version);
		if (p->approved_by != NULL)
			n += strlen(p->approved_by);
		for (i = 0; i < p->naudience; i++)
			n += strlen(p->audience[i]);
		assure_diag_clear(&d);
		if (policy_parse(&set, (const char *)data, size, "again.md",
		    &d) != ASSURE_ERR_PARSE || set.n != 1)
			abort();
	} else if (set.n != 0 || d.source[0] == '\0')
		abort();
	policy_set_release(&set);
	return n == SIZE_MAX;
}
