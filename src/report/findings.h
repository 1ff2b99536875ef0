/*
 * findings.h: the vulnerability remediation report (`assure report
 * findings`): the tracker as of an instant, with the ageing of open
 * findings by severity, what is past its SLA, and every open finding, in
 * Markdown, HTML or JSON.
 */
#ifndef ASSURE_REPORT_FINDINGS_H
#define ASSURE_REPORT_FINDINGS_H

#include "common/buf.h"
#include "common/compat.h"
#include "report/doc.h"
#include "rules/vulns.h"
#include "workspace/config.h"

struct findingsdoc {
	const struct config		*cfg;
	const struct vuln_population	*pop;
	int64_t				 as_of;
	int64_t				 generated;
};

/* Append the report to out in fmt; errors are sticky in out. */
void report_findings(const struct findingsdoc *f, enum doc_format fmt,
    struct assure_buf *out);

#endif
