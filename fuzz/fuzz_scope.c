/*
 * fuzz_scope.c: libFuzzer target for the strict YAML readers of the
 * workspace: scope.yaml (src/scope/scope.c) and controls files
 * (src/controls/controls.c), both over src/scope/ywalk.c.  Each input is
 * parsed as both; on success every string is read and the scope is
 * checked against every category.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "controls/controls.h"
#include "scope/scope.h"

#ifdef ASSURE_TORTURE
#include "fuzz_mix.h"
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct assure_catalog *cat;
	struct scope_notes notes;
	struct control_set set;
	struct assure_diag d;
	struct scope *s = NULL;
	size_t i, n = 0;
	unsigned k;

	if (assure_catalog_get(&cat, &d) != ASSURE_OK)
		abort();
#ifdef ASSURE_TORTURE
	{
		/* fuzz/torture.c: both parses, judged by the driver. */
		uint64_t h = 0xcbf29ce484222325ull;
		enum assure_err rc;

		assure_diag_clear(&d);
		rc = scope_parse((const char *)data, size, "fuzz.yaml", cat,
		    &s, &d);
		if (rc != ASSURE_OK && s != NULL)
			abort();
		if (rc == ASSURE_OK) {
			mix_str(&h, s->description);
			for (k = 0; k < SCOPE_COMPONENT__MAX; k++)
				for (i = 0; i < s->ncomponents[k]; i++) {
					mix_str(&h, s->components[k][i].name);
					n++;
				}
			for (i = 0; i < s->nsubservices; i++)
				mix(&h, &s->subservices[i].criteria.n,
				    sizeof(s->subservices[i].criteria.n));
			scope_free(s);
		}
		torture_report_diag(rc, n, h, &d);
		h = 0xcbf29ce484222325ull;
		control_set_init(&set);
		assure_diag_clear(&d);
		rc = controls_parse(&set, (const char *)data, size,
		    "fuzz.yaml", cat, &d);
		for (i = 0; rc == ASSURE_OK && i < set.n; i++) {
			mix_str(&h, set.v[i].id);
			mix(&h, &set.v[i].ntsc, sizeof(set.v[i].ntsc));
		}
		torture_report_diag(rc, rc == ASSURE_OK ? set.n : 0, h, &d);
		control_set_release(&set);
		return 0;
	}
#endif
	assure_diag_clear(&d);
	if (scope_parse((const char *)data, size, "fuzz.yaml", cat, &s, &d) ==
	    ASSURE_OK) {
		n += strlen(s->description);
		for (k = 0; k < SCOPE_COMPONENT__MAX; k++)
			for (i = 0; i < s->ncomponents[k]; i++)
				n += strlen(s->components[k][i].name);
		for (i = 0; i < s->nsubservices; i++)
			n += s->subservices[i].criteria.n;
		scope_check(s, TSC_SECURITY, &notes);
		scope_check(s, TSC_ALL_CATEGORIES, &notes);
		scope_free(s);
	} else if (s != NULL || d.source[0] == '\0')
		abort();
	control_set_init(&set);
	assure_diag_clear(&d);
	if (controls_parse(&set, (const char *)data, size, "fuzz.yaml", cat,
	    &d) == ASSURE_OK)
		for (i = 0; i < set.n; i++)
			n += strlen(set.v[i].id) + set.v[i].ntsc;
	control_set_release(&set);
	return n == SIZE_MAX;
}
