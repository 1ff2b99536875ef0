/*
 * design.h: the organisation's control design as one loaded whole: the
 * scope (scope.yaml, when there is one), the controls (controls/) and the
 * policies (policies/).  Evaluations, samples and the reports of steps 9
 * and 10 all need the three; loading them in one place keeps the error
 * handling and the order (scope, controls, policies) the same everywhere.
 *
 * design_load() points ws->cfg.scope, .controls and .policies at what it
 * loaded, so that the tests see them; design_release() clears them again.
 */
#ifndef ASSURE_WORKSPACE_DESIGN_H
#define ASSURE_WORKSPACE_DESIGN_H

#include "catalog/catalog.h"
#include "common/err.h"
#include "controls/controls.h"
#include "scope/scope.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

struct design {
	struct workspace		*ws;
	const struct assure_catalog	*cat;
	struct scope			*scope;		/* or NULL: none */
	struct control_set		 controls;
	struct policy_set		 policies;
};

/*
 * Load the design of ws into *ret.  A missing scope.yaml is no scope; a
 * scope, control or policy file that does not parse is its located error,
 * and so is a policy id a control names (policies:) that no policy has.
 * On failure nothing stays loaded and ws->cfg is unchanged.
 */
enum assure_err design_load(struct workspace *ws, struct design *ret,
    struct assure_diag *reterr_diag);
/* Release what design_load() loaded and clear ws->cfg's pointers to it. */
void design_release(struct design *d);

#endif
