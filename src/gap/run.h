/*
 * run.h: a gap analysis of a workspace, from its files: the catalogue,
 * scope.yaml when there is one, and either the SoA named on the command
 * line or the controls folder.  This is the I/O around the pure analysis
 * of gap.h, shared by `assure gap` and `assure report gap`.
 */
#ifndef ASSURE_GAP_RUN_H
#define ASSURE_GAP_RUN_H

#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "controls/controls.h"
#include "gap/gap.h"
#include "gap/soa.h"
#include "scope/scope.h"
#include "workspace/config.h"

struct gap_run {
	const struct assure_catalog	*cat;
	struct scope			*scope;		/* NULL if absent */
	struct control_set		 controls;	/* without a SoA */
	bool				 have_controls;
	struct soa			 soa;		/* with a SoA */
	bool				 have_soa;
	char				 soa_digest[ASSURE_DIGEST_STRLEN];
	struct gap_report		 report;
};

/*
 * Run the analysis for the workspace at root with settings cfg, from the
 * SoA at soa_path, or from root/controls when soa_path is NULL.  A missing
 * scope.yaml is not an error (the report says so); a malformed one is.
 * On failure returns the error with a located diagnostic and leaves
 * nothing to release.
 */
enum assure_err gap_run(const char *root, const struct config *cfg,
    const char *soa_path, struct gap_run *ret,
    struct assure_diag *reterr_diag);

void gap_run_release(struct gap_run *r);

#endif
