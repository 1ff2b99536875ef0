/*
 * workspace.h: a workspace is a folder holding the programme as files
 * (assure.yaml, controls/, policies/, registers/) plus .assure/, which
 * holds the database and the evidence bytes and is never committed.
 *
 *	assure.yaml			settings (config.h)
 *	identity.yaml			declared identity facts (identity.h)
 *	policies/<name>.md		policies with front matter (policies.h)
 *	.assure/assure.db		the SQLite store
 *	.assure/ledger.key		the ledger's Ed25519 signing key (0600)
 *	.assure/ledger.pub		its verifier key
 *	.assure/evidence/ab/<sha256>	evidence bytes, by hash, read-only
 */
#ifndef ASSURE_WORKSPACE_H
#define ASSURE_WORKSPACE_H

#include "common/compat.h"
#include "common/err.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "workspace/config.h"
#include "workspace/acceptances.h"
#include "workspace/identity.h"
#include "workspace/pentests.h"
#include "workspace/incidents.h"
#include "workspace/risks.h"
#include "workspace/vendors.h"

#define WORKSPACE_CONFIG	"assure.yaml"
#define WORKSPACE_DOTDIR	".assure"
#define WORKSPACE_DB		"assure.db"
#define WORKSPACE_EVIDENCE	"evidence"
#define WORKSPACE_PATH_MAX	4096
/* The environment: the database (a postgres:// URI) and the organisation
 * (`assure --db`, `--org`). */
#define WORKSPACE_DB_ENV	"ASSURE_DB"
#define WORKSPACE_ORG_ENV	"ASSURE_ORG"

struct workspace {
	char		 root[WORKSPACE_PATH_MAX];
	char		 config_path[WORKSPACE_PATH_MAX];
	char		 dotdir[WORKSPACE_PATH_MAX];
	char		 db_path[WORKSPACE_PATH_MAX];
	/* The store opened: $ASSURE_DB (a postgres:// URI) or db_path. */
	char		 db_target[WORKSPACE_PATH_MAX];
	/* The organisation: $ASSURE_ORG, which must then be cfg.org. */
	char		 org[64];
	char		 evidence_dir[WORKSPACE_PATH_MAX];
	struct config	 cfg;
	struct identity	 identity;	/* identity.yaml; cfg.identity points here */
	struct acceptances acceptances;	/* risk-acceptances.yaml; likewise */
	struct pentests	 pentests;	/* pentests.yaml; likewise */
	struct vendors	 vendors;	/* vendors.yaml or .csv; likewise */
	struct risks	 risks;		/* risks.yaml or .csv; likewise */
	struct incidents incidents;	/* incidents.yaml; likewise */
	struct store	*store;
	struct ledger	*ledger;
};

enum workspace_flags {
	WORKSPACE_READONLY = 1 << 0,
};

/*
 * Create a new workspace in dir (created if absent) with settings cfg:
 * assure.yaml, the folders, .gitignore, the starter scope, controls and
 * policies (policies.h), and a migrated database.  Refuses
 * (ASSURE_ERR_CONFLICT) when dir already holds assure.yaml or .assure.
 */
enum assure_err workspace_create(const char *dir, const struct config *cfg,
    struct assure_diag *reterr_diag);

/*
 * Open the workspace at dir: load assure.yaml, open and migrate the store
 * (the database of $ASSURE_DB when set, else .assure/assure.db) and use
 * the workspace's organisation in it.  ASSURE_ERR_NOTFOUND when dir is
 * not a workspace or the database has no such organisation;
 * ASSURE_ERR_INVAL when $ASSURE_ORG names another organisation than
 * assure.yaml's org.  workspace_create() makes the organisation.
 */
enum assure_err workspace_open(const char *dir, unsigned flags,
    struct workspace **ret_ws, struct assure_diag *reterr_diag);
void workspace_close(struct workspace *ws);

/* The path of the evidence bytes with this hex digest. */
void workspace_blob_path(const struct workspace *ws, const char *hex,
    char *out, size_t size);

/*
 * The evidence bytes of hex, open for reading from the start, wherever
 * they are kept (blob.c): the file of workspace_blob_path(), or streamed
 * from a store that keeps them into an unlinked private file.  NOTFOUND
 * when there are none.  The caller closes *ret_fd.
 */
enum assure_err workspace_blob_open(const struct workspace *ws,
    const char *hex, int *ret_fd, struct assure_diag *reterr_diag);
/* A store that keeps the bytes (store_keeps_blobs()): write them to a
 * new file dest (0600; removed on failure). */
enum assure_err workspace_blob_copy(const struct workspace *ws,
    const char *hex, const char *dest, struct assure_diag *reterr_diag);

/* mkdir that succeeds when the folder exists; 0 or -1 with errno. */
int workspace_mkdir(const char *path, unsigned mode);

#endif
