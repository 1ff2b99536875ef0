/*
 * workspace.c: creating and opening workspaces (see workspace.h).
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "scope/scope.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

/* Folders later capabilities fill, each with a README saying what for. */
static const struct {
	const char	*name;
	const char	*readme;
} ws_folders[] = {
	{ "controls", "# controls\n\nThe organisation's own controls, one "
	    "YAML file each: id, title, owner,\nfrequency, the TSC criteria "
	    "and ISO 27001 controls it addresses, and the\nautomated tests "
	    "that evidence it.\n" },
	{ "policies", "# policies\n\nPolicies as Markdown with YAML front "
	    "matter (id, title, owner, version,\neffective date, approval). "
	    "Approvals are recorded by `assure policy approve`.\n" },
	{ "registers", "# registers\n\nThe vendor, incident, risk and "
	    "training registers, as reviewable files.\n" },
	{ "evidence", "# evidence\n\nAn inbox for evidence files to ingest "
	    "with `assure ingest KIND FILE`.\nIngested bytes are kept by hash "
	    "in .assure/evidence/, never here.\n" },
};

int
workspace_mkdir(const char *path, unsigned mode)
{
	struct stat st;

	if (mkdir(path, (mode_t)mode) == 0)
		return 0;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return -1;
}

static enum assure_err
join(char *out, size_t size, const char *a, const char *b,
    struct assure_diag *d)
{
	int n = snprintf(out, size, "%s/%s", a, b);

	if (n < 0 || (size_t)n >= size)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, a, 0, 0, NULL,
		    "path too long");
	return ASSURE_OK;
}

static enum assure_err
ws_paths(struct workspace *ws, const char *dir, struct assure_diag *d)
{
	enum assure_err rc;

	if (assure_strlcpy(ws->root, dir, sizeof(ws->root)) >=
	    sizeof(ws->root))
		return assure_diag_set(d, ASSURE_ERR_LIMIT, dir, 0, 0, NULL,
		    "path too long");
	rc = join(ws->config_path, sizeof(ws->config_path), dir,
	    WORKSPACE_CONFIG, d);
	if (rc == ASSURE_OK)
		rc = join(ws->dotdir, sizeof(ws->dotdir), dir, WORKSPACE_DOTDIR,
		    d);
	if (rc == ASSURE_OK)
		rc = join(ws->db_path, sizeof(ws->db_path), ws->dotdir,
		    WORKSPACE_DB, d);
	if (rc == ASSURE_OK)
		rc = join(ws->evidence_dir, sizeof(ws->evidence_dir),
		    ws->dotdir, WORKSPACE_EVIDENCE, d);
	return rc;
}

/*
 * Load identity.yaml, risk-acceptances.yaml, pentests.yaml, vendors.yaml
 * (or vendors.csv), risks.yaml (or risks.csv) and incidents.yaml beside
 * assure.yaml (absent: no declarations, nothing
 * accepted, no test, no register).
 */
/*
 * A register written either as YAML or as CSV: the path of the one there
 * (the YAML name when neither is, so the loader finds no file), *csv
 * saying which.  Both at once is an error: which one counts would be a
 * guess.
 */
static enum assure_err
which_form(struct workspace *ws, const char *yaml, const char *csvname,
    char *path, size_t size, bool *csv, struct assure_diag *d)
{
	struct stat st;
	enum assure_err rc;
	bool have_yaml;

	*csv = false;
	rc = join(path, size, ws->root, yaml, d);
	if (rc != ASSURE_OK)
		return rc;
	have_yaml = stat(path, &st) == 0;
	rc = join(path, size, ws->root, csvname, d);
	if (rc != ASSURE_OK)
		return rc;
	if (stat(path, &st) == 0) {
		if (have_yaml)
			return assure_diag_set(d, ASSURE_ERR_CONFLICT, path,
			    0, 0, NULL, "%s and %s both exist: keep one",
			    yaml, csvname);
		*csv = true;
		return ASSURE_OK;
	}
	return join(path, size, ws->root, yaml, d);
}

static enum assure_err
ws_identity(struct workspace *ws, struct assure_diag *d)
{
	char path[WORKSPACE_PATH_MAX];
	enum assure_err rc;
	bool csv;

	rc = join(path, sizeof(path), ws->root, IDENTITY_FILE, d);
	if (rc == ASSURE_OK)
		rc = identity_load(path, &ws->identity, d);
	if (rc == ASSURE_OK)
		ws->cfg.identity = &ws->identity;
	if (rc == ASSURE_OK)
		rc = join(path, sizeof(path), ws->root, ACCEPTANCES_FILE, d);
	if (rc == ASSURE_OK)
		rc = acceptances_load(path, &ws->acceptances, d);
	if (rc == ASSURE_OK)
		ws->cfg.acceptances = &ws->acceptances;
	if (rc == ASSURE_OK)
		rc = join(path, sizeof(path), ws->root, PENTESTS_FILE, d);
	if (rc == ASSURE_OK)
		rc = pentests_load(path, &ws->pentests, d);
	if (rc == ASSURE_OK)
		ws->cfg.pentests = &ws->pentests;
	if (rc == ASSURE_OK)
		rc = which_form(ws, VENDORS_FILE, VENDORS_CSV_FILE, path,
		    sizeof(path), &csv, d);
	if (rc == ASSURE_OK)
		rc = (csv ? vendors_load_csv : vendors_load)(path,
		    &ws->vendors, d);
	if (rc == ASSURE_OK)
		ws->cfg.vendors = &ws->vendors;
	if (rc == ASSURE_OK)
		rc = which_form(ws, RISKS_FILE, RISKS_CSV_FILE, path,
		    sizeof(path), &csv, d);
	if (rc == ASSURE_OK)
		rc = (csv ? risks_load_csv : risks_load)(path, &ws->risks, d);
	if (rc == ASSURE_OK)
		ws->cfg.risks = &ws->risks;
	if (rc == ASSURE_OK)
		rc = join(path, sizeof(path), ws->root, INCIDENTS_FILE, d);
	if (rc == ASSURE_OK)
		rc = incidents_load(path, &ws->incidents, d);
	if (rc == ASSURE_OK)
		ws->cfg.incidents = &ws->incidents;
	return rc;
}

/*
 * The database and organisation of ws: $ASSURE_DB or the workspace's
 * SQLite file; $ASSURE_ORG, which must be assure.yaml's org when given.
 */
static enum assure_err
ws_target(struct workspace *ws, const struct config *cfg,
    struct assure_diag *d)
{
	const char *db = getenv(WORKSPACE_DB_ENV);
	const char *org = getenv(WORKSPACE_ORG_ENV);

	if (db != NULL && *db != '\0') {
		if (!store_target_is_postgres(db))
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
			    WORKSPACE_DB_ENV, "expected a postgres:// or "
			    "postgresql:// URI (a SQLite store is always the "
			    "workspace's %s/%s)", WORKSPACE_DOTDIR,
			    WORKSPACE_DB);
		if (strlen(db) >= sizeof(ws->db_target))
			return assure_diag_set(d, ASSURE_ERR_LIMIT, NULL, 0, 0,
			    WORKSPACE_DB_ENV, "longer than %zu bytes",
			    sizeof(ws->db_target) - 1);
		assure_strlcpy(ws->db_target, db, sizeof(ws->db_target));
	} else
		assure_strlcpy(ws->db_target, ws->db_path,
		    sizeof(ws->db_target));
	if (org != NULL && *org != '\0' && strcmp(org, cfg->org) != 0)
		return assure_diag_set(d, ASSURE_ERR_INVAL, ws->config_path,
		    0, 0, "org", "this workspace is organisation '%s', not "
		    "'%s' (--org or $%s)", cfg->org, org, WORKSPACE_ORG_ENV);
	assure_strlcpy(ws->org, cfg->org, sizeof(ws->org));
	return ASSURE_OK;
}

/* Use ws->org in the store; a missing one is named with the fix. */
static enum assure_err
ws_use_org(struct workspace *ws, struct assure_diag *d)
{
	enum assure_err rc;

	rc = store_org_use(ws->store, ws->org, d);
	if (rc == ASSURE_ERR_NOTFOUND)
		assure_diag_set(d, rc, NULL, 0, 0, "org", "the database has no "
		    "organisation '%s': create it with 'assure org create %s'",
		    ws->org, ws->org);
	return rc;
}

enum assure_err
workspace_create(const char *dir, const struct config *cfg,
    struct assure_diag *reterr_diag)
{
	struct workspace ws;
	struct config c;
	struct assure_buf b;
	struct store *store = NULL;
	char path[WORKSPACE_PATH_MAX];
	struct stat st;
	enum assure_err rc;
	size_t i;

	memset(&ws, 0, sizeof(ws));
	rc = ws_paths(&ws, dir, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	c = *cfg;
	if (c.org[0] == '\0') {
		const char *org = getenv(WORKSPACE_ORG_ENV);

		if (org != NULL && *org != '\0')
			assure_strlcpy(c.org, org, sizeof(c.org));
		else
			config_org_from_name(c.organisation, c.org,
			    sizeof(c.org));
	}
	if (!store_org_name_ok(c.org))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "org", "'%s' is not an organisation name: 1 to 63 "
		    "letters, digits, '.', '_' or '-', a letter or digit "
		    "first", c.org);
	if (stat(ws.config_path, &st) == 0 || stat(ws.dotdir, &st) == 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT, dir, 0,
		    0, NULL, "already holds a workspace; refusing to "
		    "overwrite it");
	if (workspace_mkdir(dir, 0755) != 0 ||
	    workspace_mkdir(ws.dotdir, 0700) != 0 ||
	    workspace_mkdir(ws.evidence_dir, 0700) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, dir, 0, 0,
		    NULL, "cannot create the workspace folders");
		if (reterr_diag != NULL)
			reterr_diag->sys_errno = errno;
		return rc;
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(ws_folders); i++) {
		rc = join(path, sizeof(path), dir, ws_folders[i].name,
		    reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
		if (workspace_mkdir(path, 0755) != 0)
			return assure_diag_set(reterr_diag, ASSURE_ERR_IO, path,
			    0, 0, NULL, "cannot create folder");
		if (assure_strlcpy(path + strlen(path), "/README.md",
		    sizeof(path) - strlen(path)) >= sizeof(path))
			return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
			    dir, 0, 0, NULL, "path too long");
		if (stat(path, &st) != 0) {
			rc = assure_file_create(path, ws_folders[i].readme,
			    strlen(ws_folders[i].readme), 0644, reterr_diag);
			if (rc != ASSURE_OK)
				return rc;
		}
	}
	rc = join(path, sizeof(path), dir, ".gitignore", reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (stat(path, &st) != 0) {
		static const char gi[] = "# The database, the evidence bytes "
		    "and the ledger key stay out of git.\n.assure/\n";
		rc = assure_file_create(path, gi, sizeof(gi) - 1, 0644,
		    reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
	}
	rc = scope_write_templates(dir, cfg, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = identity_write_template(dir, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = join(path, sizeof(path), dir, POLICIES_DIR, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = policies_write_starter(path, cfg->organisation,
	    (cfg->categories & TSC_PRIVACY) != 0, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	/* The database, its organisation and the key first, so a failure
	 * leaves no assure.yaml. */
	rc = ws_target(&ws, &c, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = store_open(ws.db_target, STORE_CREATE, &store, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (store_has_orgs(store)) {
		rc = store_org_create(store, c.org, assure_now(), reterr_diag);
		if (rc == ASSURE_ERR_CONFLICT)
			assure_diag_set(reterr_diag, rc, NULL, 0, 0, "org",
			    "the database already holds organisation '%s': "
			    "choose another org, or check out the workspace "
			    "that has it", c.org);
	}
	store_close(store);
	if (rc != ASSURE_OK)
		return rc;
	rc = ledger_keygen(ws.dotdir, cfg->organisation, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (c.system[0] == '\0')
		assure_strlcpy(c.system, c.organisation, sizeof(c.system));
	assure_buf_init(&b, CONFIG_FILE_MAX);
	config_render(&c, &b);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = assure_file_create(ws.config_path, assure_buf_str(&b), b.len,
		    0644, reterr_diag);
	else
		assure_diag_set(reterr_diag, rc, ws.config_path, 0, 0, NULL,
		    "cannot render the settings");
	assure_buf_free(&b);
	return rc;
}

enum assure_err
workspace_open(const char *dir, unsigned flags, struct workspace **ret_ws,
    struct assure_diag *reterr_diag)
{
	struct workspace *ws;
	struct stat st;
	const char *kf;
	char rp[PATH_MAX];
	enum assure_err rc;

	ws = calloc(1, sizeof(*ws));
	if (ws == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, dir, 0, 0,
		    NULL, "out of memory");
	rc = ws_paths(ws, dir, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	if (stat(ws->config_path, &st) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, dir, 0,
		    0, NULL, "not an assure workspace (no %s; create one with "
		    "'assure init DIR', or give --workspace DIR)",
		    WORKSPACE_CONFIG);
		goto out_free;
	}
	rc = config_load(ws->config_path, &ws->cfg, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	/* A private key inside the workspace would be committed with it. */
	kf = ws->cfg.collect.src[COLLECT_GOOGLE].key_file;
	if (kf[0] != '\0' && realpath(ws->root, rp) != NULL &&
	    strncmp(kf, rp, strlen(rp)) == 0 && (kf[strlen(rp)] == '/' ||
	    kf[strlen(rp)] == '\0')) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    ws->config_path, 0, 0, "collect.google.key_file", "'%s' is "
		    "inside the workspace, which is committed: keep the key "
		    "outside it", kf);
		goto out_free;
	}
	rc = ws_identity(ws, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	if (stat(ws->dotdir, &st) != 0 && !(flags & WORKSPACE_READONLY)) {
		/* A fresh clone of a workspace repository: make .assure. */
		if (workspace_mkdir(ws->dotdir, 0700) != 0 ||
		    workspace_mkdir(ws->evidence_dir, 0700) != 0) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO,
			    ws->dotdir, 0, 0, NULL, "cannot create");
			goto out_free;
		}
	}
	rc = ws_target(ws, &ws->cfg, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	rc = store_open(ws->db_target, (flags & WORKSPACE_READONLY) ?
	    STORE_READONLY : STORE_CREATE, &ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	if ((rc = ws_use_org(ws, reterr_diag)) != ASSURE_OK) {
		store_close(ws->store);
		goto out_free;
	}
	rc = ledger_open(ws->store, ws->dotdir, ws->cfg.organisation,
	    !(flags & WORKSPACE_READONLY), &ws->ledger, reterr_diag);
	if (rc != ASSURE_OK) {
		store_close(ws->store);
		goto out_free;
	}
	*ret_ws = ws;
	return ASSURE_OK;
out_free:
	identity_release(&ws->identity);
	acceptances_release(&ws->acceptances);
	pentests_release(&ws->pentests);
	vendors_release(&ws->vendors);
	risks_release(&ws->risks);
	incidents_release(&ws->incidents);
	free(ws);
	return rc;
}

void
workspace_close(struct workspace *ws)
{
	if (ws == NULL)
		return;
	ledger_close(ws->ledger);
	store_close(ws->store);
	identity_release(&ws->identity);
	acceptances_release(&ws->acceptances);
	pentests_release(&ws->pentests);
	vendors_release(&ws->vendors);
	risks_release(&ws->risks);
	incidents_release(&ws->incidents);
	free(ws);
}

void
workspace_blob_path(const struct workspace *ws, const char *hex, char *out,
    size_t size)
{
	snprintf(out, size, "%s/%.2s/%s", ws->evidence_dir, hex, hex);
}
