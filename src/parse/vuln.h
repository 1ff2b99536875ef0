/*
 * vuln.h: the normalised records every vulnerability and configuration
 * scanner parser emits: the scans a report holds (one per target asset)
 * and the findings of each.  Strings point into the parser's buffers and
 * live only during the callback; absent values are NULL, TRI_ABSENT, -1
 * or has = false, never a default.
 *
 * The kinds adapter (src/ingest/kind_vuln.c) stores each record as a row
 * of schema/sqlite/0008_vuln.sql; the finding lifecycle
 * (src/rules/vulns.c) fingerprints a finding by (tool, rule, asset,
 * location), so a parser must give the same four strings for the same
 * finding in every scan of the same target.
 */
#ifndef ASSURE_PARSE_VULN_H
#define ASSURE_PARSE_VULN_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/credreport.h"	/* enum tri, struct opt_time */

/* Normalised severities; the per-tool table is atop each parser. */
enum vuln_sev {
	VSEV_ABSENT = 0,
	VSEV_INFO,
	VSEV_LOW,
	VSEV_MEDIUM,
	VSEV_HIGH,
	VSEV_CRITICAL,
};

/*
 * One scan of one target: every finding the report holds for that asset
 * is emitted after it.  complete: the scan covered the whole target, so a
 * finding it does not list is not there (TRI_FALSE: partial, e.g. a scan
 * limited to some rules or hosts that failed; TRI_ABSENT: the report does
 * not say, which counts as complete for fixing findings).
 */
struct vuln_scan {
	unsigned long	 line;
	const char	*tool;		/* "trivy", "grype", "nessus", ... or
					   a SARIF driver's name */
	const char	*tool_version;
	const char	*asset;		/* host, image, repository, URL, AWS
					   resource: what was scanned */
	struct opt_time	 started;
	struct opt_time	 finished;	/* the scan's instant */
	enum tri	 complete;
};

/* A finding (or a failed check) of the current scan. */
struct vuln_finding {
	unsigned long	 line;		/* where the finding starts */
	unsigned long	 index;		/* 0-based within the file */
	const char	*rule;		/* CVE id, plugin id, rule id, check */
	const char	*title;
	enum vuln_sev	 severity;
	const char	*severity_raw;	/* the tool's own word or number */
	double		 cvss;		/* base score, or -1 */
	const char	*location;	/* package@version, file:line, URL,
					   port/protocol; "" when none */
	const char	*fixed_in;	/* the version that fixes it */
	const char	*status;	/* the tool's state: "fail", "open",
					   VEX "not_affected", ... or NULL */
	const char	*justification;	/* VEX justification, else NULL */
	const char	*cves;		/* CVE ids joined by ',' or NULL */
};

struct vuln_sink {
	enum assure_err	(*scan)(const struct vuln_scan *s, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*finding)(const struct vuln_finding *f, void *arg,
			    struct assure_diag *reterr_diag);
	void		*arg;
};

/* "critical", "high", ... for a severity; NULL for VSEV_ABSENT. */
const char *vuln_sev_name(enum vuln_sev s);
/* The severity of a CVSS base score (v3 bands: 9.0, 7.0, 4.0, 0.1). */
enum vuln_sev vuln_sev_from_cvss(double score);

#endif
