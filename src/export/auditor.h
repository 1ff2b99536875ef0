/*
 * auditor.h: building the auditor package (package.h,
 * docs/AUDITOR-PACKAGE.md) for an observation period: the Type 2 report
 * (HTML, Markdown, JSON) and its workbook, the other reports the caller
 * can render, every evidence file the period's evaluations used or that
 * was filed against a control, the ledger's key and checkpoints, an
 * inclusion proof of every evidence file and every evaluation of the
 * period, under a manifest signed by the ledger's key.  `assure export
 * auditor` and the dashboard's GET /reports/auditor.zip both call
 * export_auditor().
 */
#ifndef ASSURE_EXPORT_AUDITOR_H
#define ASSURE_EXPORT_AUDITOR_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "report/doc.h"

struct design;
struct workspace;

/*
 * Render the report kind ("system-description", "scoping", "gap",
 * "policies", "findings") in fmt to out.  A failure leaves the report out
 * of the package (a workspace without a register has no report of it).
 */
typedef enum assure_err (*export_render_fn)(void *arg, struct workspace *ws,
    const char *kind, enum doc_format fmt, struct assure_buf *out,
    struct assure_diag *reterr_diag);

struct export_opts {
	int64_t		 start, end;	/* the observation period */
	/* The signed checkpoint seeding the samples, or NULL: the first
	 * signed after end (none yet: no samples). */
	const char	*checkpoint;
	size_t		 checkpoint_len;
	/* The bundled reports beside the Type 2 report; NULL: only the
	 * Type 2 report and its workbook. */
	export_render_fn render;
	void		*render_arg;
};

struct export_stats {
	size_t		files;
	uint64_t	bytes;
	size_t		evidence, evaluations, controls;
	size_t		left_out;	/* bundled reports not written */
	bool		seeded;		/* samples seeded by a checkpoint */
};

/*
 * Write the package to out_path (a temporary file beside it, renamed:
 * whole or absent), reading ws (read-only use) and des (controls/).
 * ret_stats may be NULL.
 */
enum assure_err export_auditor(struct workspace *ws, const struct design *des,
    const struct export_opts *o, const char *out_path,
    struct export_stats *ret_stats, struct assure_diag *reterr_diag);

#endif
