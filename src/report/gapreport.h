/*
 * gapreport.h: the gap analysis as a document (Markdown or HTML) and as
 * JSON, the same JSON that `assure gap --format json` prints: every
 * criterion in scope with its status, the ISO controls or workspace
 * controls behind it, and the SOC 2 items ISO 27001 does not ask for.
 */
#ifndef ASSURE_REPORT_GAPREPORT_H
#define ASSURE_REPORT_GAPREPORT_H

#include "catalog/catalog.h"
#include "common/buf.h"
#include "common/compat.h"
#include "controls/controls.h"
#include "gap/gap.h"
#include "gap/soa.h"
#include "report/doc.h"
#include "workspace/config.h"

struct gapdoc {
	const struct config		*cfg;
	const struct assure_catalog	*cat;
	const struct gap_report		*gap;
	/* from a SoA: the SoA and "sha256:<hex>" of its bytes */
	const struct soa		*soa;
	const char			*soa_digest;
	/* from controls: the set */
	const struct control_set	*controls;
	int64_t				 generated;
};

/* Append the report to out in fmt; errors are sticky in out. */
void report_gap(const struct gapdoc *g, enum doc_format fmt,
    struct assure_buf *out);

#endif
