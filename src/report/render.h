/*
 * render.h: the programme's documents by kind - scoping, gap, findings,
 * policies, type1, type2 (and its XLSX workbook), system-description - as
 * `assure report KIND`, `assure export auditor` and the dashboard's
 * /reports/KIND.EXT build them.  One table, so that the CLI, the package
 * and the server offer the same kinds and build each the same way.
 *
 * The arguments come already parsed (struct report_args): reading
 * options, files and their errors is the caller's.  Each function reads
 * the workspace (store, ledger, the files beside assure.yaml) and changes
 * nothing.
 */
#ifndef ASSURE_REPORT_RENDER_H
#define ASSURE_REPORT_RENDER_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "report/doc.h"

struct workspace;

enum report_kind_flags {
	/* The kind reads report_args' soa, as_of, period, checkpoint. */
	REPORT_TAKES_SOA = 1 << 0,
	REPORT_TAKES_AS_OF = 1 << 1,
	REPORT_TAKES_PERIOD = 1 << 2,
	REPORT_TAKES_CHECKPOINT = 1 << 3,
	/* report_workbook() writes an XLSX form of it (type2). */
	REPORT_HAS_WORKBOOK = 1 << 4,
};

struct report_kind {
	const char	*name;		/* "type2" */
	const char	*what;		/* "the Type 2 report" */
	unsigned	 flags;		/* enum report_kind_flags */
};

/*
 * What a report is built over; zeroed: every default.  A kind ignores
 * what it does not take (its flags).
 */
struct report_args {
	/* gap: the ISO 27001 Statement of Applicability (CSV) to judge
	 * from, or NULL: from controls/. */
	const char	*soa;
	/* findings: the instant (default: now); type1: the instant
	 * (default: the end of assure.yaml's observation period).
	 * as_of_day: as_of is the start of a day given as YYYY-MM-DD, and
	 * type1 reports the state at its end (86399 s later). */
	bool		 has_as_of;
	bool		 as_of_day;
	int64_t		 as_of;
	/* type2, system-description: the period (default: the observation
	 * period of assure.yaml). */
	bool		 has_period;
	int64_t		 start, end;
	/* type2: the signed checkpoint seeding the samples (its bytes), or
	 * NULL: the first signed after the period's end.  checkpoint_source
	 * (its file name, or NULL) locates an error in loading the report
	 * with it. */
	const char	*checkpoint;
	size_t		 checkpoint_len;
	const char	*checkpoint_source;
};

/* The i-th kind in the table's order, or NULL past the last. */
const struct report_kind *report_kind_at(size_t i);
/* The kind named name, or NULL. */
const struct report_kind *report_kind_find(const char *name);

/*
 * Render the report kind over a (NULL: defaults) in fmt, appending to
 * out; out's sticky error is the caller's to check.  An unknown kind is
 * ASSURE_ERR_INVAL; a workspace without what the kind needs (a register,
 * scope.yaml) fails with the cause in reterr_diag.
 */
enum assure_err report_render(struct workspace *ws, const char *kind,
    const struct report_args *a, enum doc_format fmt, struct assure_buf *out,
    struct assure_diag *reterr_diag);

/*
 * Write the XLSX workbook of kind (REPORT_HAS_WORKBOOK) to path, an
 * existing file the caller made (written over, not renamed: atomicity is
 * the caller's).  A kind without one is ASSURE_ERR_INVAL.
 */
enum assure_err report_workbook(struct workspace *ws, const char *kind,
    const struct report_args *a, const char *path,
    struct assure_diag *reterr_diag);

/*
 * report_render() in the shape of export/auditor.h's export_render_fn,
 * arg being the struct report_args * (or NULL): the reports bundled in
 * the auditor package.
 */
enum assure_err report_render_bundled(void *arg, struct workspace *ws,
    const char *kind, enum doc_format fmt, struct assure_buf *out,
    struct assure_diag *reterr_diag);

#endif
