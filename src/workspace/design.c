/*
 * design.c: load scope.yaml, controls/ and policies/ together (design.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "workspace/design.h"

static enum assure_err
folder(const struct workspace *ws, const char *name, char *out, size_t size,
    struct assure_diag *d)
{
	if (snprintf(out, size, "%s/%s", ws->root, name) >= (int)size)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, ws->root, 0, 0,
		    NULL, "path too long");
	return ASSURE_OK;
}

static bool
policy_known(const char *id, void *arg)
{
	return policies_find(arg, id) != NULL;
}

enum assure_err
design_load(struct workspace *ws, struct design *r, struct assure_diag *d)
{
	char path[WORKSPACE_PATH_MAX + 16];
	enum assure_err rc;

	memset(r, 0, sizeof(*r));
	r->ws = ws;
	control_set_init(&r->controls);
	policy_set_init(&r->policies);
	if ((rc = assure_catalog_get(&r->cat, d)) != ASSURE_OK)
		goto fail;
	rc = scope_load_workspace(ws->root, r->cat, &r->scope, d);
	if (rc == ASSURE_ERR_NOTFOUND) {
		assure_diag_clear(d);
		r->scope = NULL;
	} else if (rc != ASSURE_OK)
		goto fail;
	if ((rc = folder(ws, CONTROLS_DIR, path, sizeof(path), d)) !=
	    ASSURE_OK ||
	    (rc = controls_load_dir(&r->controls, path, r->cat, d)) !=
	    ASSURE_OK)
		goto fail;
	if ((rc = folder(ws, POLICIES_DIR, path, sizeof(path), d)) !=
	    ASSURE_OK ||
	    (rc = policies_load_dir(&r->policies, path, d)) != ASSURE_OK)
		goto fail;
	/* The policies a control names must exist. */
	rc = controls_check_policies(&r->controls, policy_known, &r->policies,
	    d);
	if (rc != ASSURE_OK)
		goto fail;
	ws->cfg.scope = r->scope;
	ws->cfg.controls = &r->controls;
	ws->cfg.policies = &r->policies;
	return ASSURE_OK;
fail:
	scope_free(r->scope);
	r->scope = NULL;
	control_set_release(&r->controls);
	policy_set_release(&r->policies);
	return rc;
}

void
design_release(struct design *r)
{
	if (r->ws != NULL && r->ws->cfg.controls == &r->controls) {
		r->ws->cfg.scope = NULL;
		r->ws->cfg.controls = NULL;
		r->ws->cfg.policies = NULL;
	}
	scope_free(r->scope);
	r->scope = NULL;
	control_set_release(&r->controls);
	policy_set_release(&r->policies);
	r->ws = NULL;
}
