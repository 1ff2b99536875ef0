/*
 * run.c: loading a workspace's inputs and running the gap analysis (see
 * run.h).  The SoA's bytes are hashed as read so that the report names
 * exactly which file it judged.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gap/run.h"

void
gap_run_release(struct gap_run *r)
{
	gap_report_release(&r->report);
	if (r->have_soa)
		soa_release(&r->soa);
	if (r->have_controls)
		control_set_release(&r->controls);
	scope_free(r->scope);
	memset(r, 0, sizeof(*r));
}

enum assure_err
gap_run(const char *root, const struct config *cfg, const char *soa_path,
    struct gap_run *ret, struct assure_diag *reterr_diag)
{
	struct gap_run r;
	unsigned char md[ASSURE_SHA256_LEN];
	char path[SCOPE_PATH_MAX], *text;
	size_t len;
	enum assure_err rc;
	int n;

	memset(&r, 0, sizeof(r));
	rc = assure_catalog_get(&r.cat, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = scope_load_workspace(root, r.cat, &r.scope, reterr_diag);
	if (rc == ASSURE_ERR_NOTFOUND) {
		assure_diag_clear(reterr_diag);
		r.scope = NULL;
	} else if (rc != ASSURE_OK)
		return rc;
	if (soa_path != NULL) {
		rc = scope_read_file(soa_path, SOA_FILE_MAX, &text, &len,
		    reterr_diag);
		if (rc != ASSURE_OK)
			goto out_release;
		rc = assure_sha256(text, len, md);
		if (rc == ASSURE_OK)
			rc = soa_parse(text, len, soa_path, r.cat, &r.soa,
			    reterr_diag);
		else
			assure_diag_set(reterr_diag, rc, soa_path, 0, 0, NULL,
			    "cannot hash the file");
		free(text);
		if (rc != ASSURE_OK)
			goto out_release;
		r.have_soa = true;
		assure_digest_format(md, r.soa_digest);
		rc = gap_from_soa(r.cat, cfg->categories, &r.soa, r.scope,
		    &r.report, reterr_diag);
	} else {
		n = snprintf(path, sizeof(path), "%s/%s", root, CONTROLS_DIR);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
			    root, 0, 0, NULL, "path too long");
			goto out_release;
		}
		control_set_init(&r.controls);
		r.have_controls = true;
		rc = controls_load_dir(&r.controls, path, r.cat, reterr_diag);
		if (rc != ASSURE_OK)
			goto out_release;
		rc = gap_from_controls(r.cat, cfg->categories, &r.controls,
		    r.scope, &r.report, reterr_diag);
	}
	if (rc != ASSURE_OK)
		goto out_release;
	*ret = r;
	return ASSURE_OK;
out_release:
	gap_run_release(&r);
	return rc;
}
