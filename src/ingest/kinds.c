/*
 * kinds.c: the table of evidence kinds `assure ingest` accepts.  Each kind
 * lives in its own kind_<name>.c; adding one is adding a line here.
 */
#include "common/compat.h"

#include <string.h>

#include "ingest/ingest.h"

extern const struct evidence_kind kind_aws_iam_credential_report;

const struct evidence_kind *const evidence_kinds[] = {
	&kind_aws_iam_credential_report,
	NULL,
};

const struct evidence_kind *
ingest_kind_find(const char *name)
{
	size_t i;

	for (i = 0; evidence_kinds[i] != NULL; i++)
		if (strcmp(evidence_kinds[i]->name, name) == 0)
			return evidence_kinds[i];
	return NULL;
}
