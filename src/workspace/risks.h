/*
 * risks.h: risks.yaml, the risk register: when the risk assessment was
 * last made and by whom, and every risk with its category, likelihood
 * and impact before and after treatment, the treatment, the controls
 * that mitigate it, its owner, and when it was last reviewed.
 *
 *	assessed_at: 2026-01-20
 *	assessed_by: maria.garcia@acme.com
 *	risks:
 *	  - { id: R-07, description: Payroll fraud by a rogue administrator,
 *	      category: fraud, likelihood: 2, impact: 5,
 *	      residual_likelihood: 1, residual_impact: 4,
 *	      treatment: mitigate, controls: [ACC-03, CHG-01],
 *	      owner: maria.garcia@acme.com, last_reviewed: 2026-01-20 }
 *
 * Scores are likelihood x impact, each 1 to 5; the residual pair may be
 * left out (then the inherent score stands).  treatment is accept,
 * mitigate, transfer or avoid; an accepted risk names accepted_by.
 * Categories: security, availability, confidentiality, privacy,
 * processing_integrity, fraud, operational, compliance, vendor, other.
 * Strict (scope/ywalk.h): unknown keys, values out of range, an unknown
 * category or treatment, a duplicate id, a review after nothing are errors
 * at file:line:column.  A workspace without the file has no assessment.
 *
 * risks.csv, the same register as CSV (docs/REGISTERS.md): a header naming
 * the keys above as columns plus assessed_at and assessed_by (any order
 * and case; unknown ones are errors), one risk a row, controls separated
 * by ';', an empty cell absent.  assessed_at and assessed_by must agree on
 * every row that gives them; without assessed_at the newest last_reviewed
 * stands.  Same checks, same struct.
 */
#ifndef ASSURE_WORKSPACE_RISKS_H
#define ASSURE_WORKSPACE_RISKS_H

#include "common/compat.h"
#include "common/err.h"
#include "scope/ywalk.h"

#define RISKS_FILE		"risks.yaml"
#define RISKS_CSV_FILE		"risks.csv"
#define RISKS_FILE_MAX		(4 * 1024 * 1024)	/* either form */
#define RISKS_MAX		10000		/* risks, or CSV rows */
#define RISK_CONTROLS_MAX	64
#define RISK_TEXT_MAX		4095		/* bytes of one string */
#define RISKS_CSV_CELL_MAX	(64 * 1024)	/* bytes of one cell */
#define RISKS_CSV_RECORD_MAX	(256 * 1024)	/* bytes of one row */

enum risk_treatment {
	RISK_ACCEPT,
	RISK_MITIGATE,
	RISK_TRANSFER,
	RISK_AVOID,
};

struct risk {
	const char		*id;
	const char		*description;
	const char		*category;
	int			 likelihood, impact;	/* 1..5 */
	int			 residual_likelihood;	/* 0: not given */
	int			 residual_impact;
	enum risk_treatment	 treatment;
	const char		*accepted_by;		/* or NULL */
	const char		**controls;
	size_t			 ncontrols;
	const char		*owner;
	int64_t			 last_reviewed;		/* 0: never */
	unsigned long		 line;
};

struct risks {
	int64_t		 assessed_at;
	const char	*assessed_by;
	struct risk	*r;
	size_t		 n;
	struct ypool	 pool;
};

/* Inherent and residual scores (the residual is the inherent when the
 * register gives none). */
int risk_inherent(const struct risk *r);
int risk_residual(const struct risk *r);
const char *risk_treatment_name(enum risk_treatment t);

enum assure_err risks_parse(const char *text, size_t len, const char *source,
    struct risks *ret, struct assure_diag *reterr_diag);
/* risks.csv: the same struct, by the same checks. */
enum assure_err risks_parse_csv(const char *text, size_t len,
    const char *source, struct risks *ret,
    struct assure_diag *reterr_diag);
/* A missing file: ASSURE_OK and no risk. */
enum assure_err risks_load(const char *path, struct risks *ret,
    struct assure_diag *reterr_diag);
enum assure_err risks_load_csv(const char *path, struct risks *ret,
    struct assure_diag *reterr_diag);
void risks_release(struct risks *r);

#endif
