/*
 * vparse.h: one interface over every vulnerability and configuration
 * scanner parser: SARIF 2.1.0 (any tool), Trivy JSON, Grype JSON,
 * CycloneDX VEX, AWS Security Hub ASFF, ZAP (traditional JSON and XML),
 * OpenSCAP (XCCDF results and ARF), Nessus (.nessus v2), OpenVAS /
 * Greenbone XML reports, and Lynis report.dat.  A parser is chosen by
 * format, fed bytes in chunks of any size, and emits the records of
 * parse/vuln.h into a struct vuln_sink: a scan, then its findings, for
 * each target in the report.  Pure: no I/O, no globals, no logging; every
 * error is located ("file:line:column: field: expected ..., got '...'").
 *
 * XML is read with libxml2's push parser (SAX2) with DTD loading, entity
 * substitution and network access off: a document that declares entities
 * or reaches outside is rejected, not expanded.
 */
#ifndef ASSURE_PARSE_VPARSE_H
#define ASSURE_PARSE_VPARSE_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/vuln.h"

enum vuln_format {
	VULN_FMT_SARIF,
	VULN_FMT_TRIVY,
	VULN_FMT_GRYPE,
	VULN_FMT_CYCLONEDX_VEX,
	VULN_FMT_ASFF,
	VULN_FMT_ZAP_JSON,
	VULN_FMT_ZAP_XML,
	VULN_FMT_OPENSCAP,
	VULN_FMT_NESSUS,
	VULN_FMT_OPENVAS,
	VULN_FMT_LYNIS,
	VULN_FMT_PENTEST,
	VULN_FMT__MAX
};

struct vuln_opts {
	const char	*source;	/* for diagnostics */
	const char	*asset;		/* --asset: the target when the report
					   does not name it, or to override */
};

struct vuln_parser;

enum assure_err vuln_parser_new(enum vuln_format fmt,
    const struct vuln_opts *o, const struct vuln_sink *sink,
    struct vuln_parser **ret, struct assure_diag *reterr_diag);
void vuln_parser_free(struct vuln_parser *p);
/* Feed the next len bytes; errors are sticky. */
enum assure_err vuln_parser_feed(struct vuln_parser *p, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* End of input: completes the document, emits what waited for it. */
enum assure_err vuln_parser_finish(struct vuln_parser *p,
    struct assure_diag *reterr_diag);
/* Records (scans and findings) emitted so far. */
unsigned long vuln_parser_records(const struct vuln_parser *p);
/* The instant the report says it was made (its newest scan's finish). */
bool vuln_parser_as_of(const struct vuln_parser *p, int64_t *ret);

/*
 * Kind names: "sarif", "trivy", "grype", "cyclonedx-vex",
 * "aws-securityhub", "zap" (JSON or XML, told apart by the first byte:
 * the kind table maps "zap" to both), "openscap", "nessus", "openvas",
 * "lynis", "pentest-findings".  The format named name, or VULN_FMT__MAX.
 */
enum vuln_format vuln_format_find(const char *name);
const char *vuln_format_name(enum vuln_format fmt);

#endif
