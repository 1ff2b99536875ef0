/*
 * controls.h: the organisation's own controls, controls/<name>.yaml in the
 * workspace.  A file holds one control (a mapping) or several (a list of
 * mappings):
 *
 *	id: AC-02
 *	title: Multi-factor authentication everywhere
 *	description: |
 *	  Every person signs in to production and the corporate identity
 *	  provider with a second factor ...
 *	owner: Head of Platform
 *	frequency: continuous	continuous|daily|weekly|monthly|quarterly|
 *				annual|per-event
 *	status: implemented	implemented|partial|planned (default
 *				implemented)
 *	tsc: [CC6.1, CC6.6]	TSC 2017 criteria it addresses
 *	iso27001: [8.5]		ISO/IEC 27001:2022 Annex A controls
 *	tests: [iam.user_mfa]	automated tests that evidence it
 *	policies: [POL-AC]	policies (policies/) that support it
 *
 * Parsing is strict: unknown keys, unknown criteria, Annex A or test ids,
 * a duplicated id (in any file of the folder) and bad values are errors at
 * file:line:column.  Ids are letters, digits, '.', '_' and '-'.  Policy
 * ids cannot be checked here, policies being loaded apart: each keeps
 * where it was written, and controls_check_policies() reports an unknown
 * one there once both are loaded (workspace/design.c does).
 *
 * Ownership: a control set owns its controls and every string (one pool);
 * criterion and Annex A pointers point into the catalogue, test pointers
 * into test_defs[].
 */
#ifndef ASSURE_CONTROLS_H
#define ASSURE_CONTROLS_H

#include "catalog/catalog.h"
#include "common/compat.h"
#include "common/err.h"
#include "rules/rules.h"
#include "scope/ywalk.h"

#define CONTROLS_DIR		"controls"
/* Where the starter set lives among the embedded data files. */
#define CONTROLS_STARTER_PREFIX	"templates/controls/"
#define CONTROLS_FILE_MAX	(256 * 1024)
#define CONTROLS_FILES_MAX	1000
#define CONTROLS_MAX		2000
#define CONTROL_ID_MAX		64
#define CONTROL_NAME_MAX	200
#define CONTROL_TEXT_MAX	4000
/* Criteria, Annex A controls or tests one control may name. */
#define CONTROL_LIST_MAX	100

enum control_frequency {
	CONTROL_CONTINUOUS,
	CONTROL_DAILY,
	CONTROL_WEEKLY,
	CONTROL_MONTHLY,
	CONTROL_QUARTERLY,
	CONTROL_ANNUAL,
	CONTROL_PER_EVENT,
	CONTROL_FREQUENCY__MAX
};

/* A policy id as written in a control, with where. */
struct control_ref {
	const char	*id;
	unsigned long	 line;
	unsigned long	 column;
};

enum control_status {
	CONTROL_IMPLEMENTED,
	CONTROL_PARTIAL,
	CONTROL_PLANNED,
	CONTROL_STATUS__MAX
};

struct control {
	const char				 *id;
	const char				 *title;
	const char				 *description;	/* or NULL */
	const char				 *owner;
	enum control_frequency			  frequency;
	enum control_status			  status;
	const struct assure_tsc_criterion	**tsc;
	size_t					  ntsc;
	const struct assure_iso_control		**iso;
	size_t					  niso;
	const struct test_def			**tests;
	size_t					  ntests;
	const struct control_ref		 *policies;
	size_t					  npolicies;
	const char				 *source;
	unsigned long				  line;
};

struct control_set {
	struct control	*v;
	size_t		 n;
	size_t		 cap;
	struct ypool	 pool;
};

void control_set_init(struct control_set *set);
/* Release everything; the set is then empty and reusable. */
void control_set_release(struct control_set *set);

/*
 * Parse one file's text (source names it) and append its controls to set.
 * On failure returns ASSURE_ERR_PARSE (located), ASSURE_ERR_LIMIT or
 * ASSURE_ERR_NOMEM; set may then hold part of the file and is only fit to
 * be released.
 */
enum assure_err controls_parse(struct control_set *set, const char *text,
    size_t len, const char *source, const struct assure_catalog *cat,
    struct assure_diag *reterr_diag);

/*
 * Load every *.yaml and *.yml file of dir, in name order, into set.  A
 * missing folder is an empty set.  Errors as controls_parse(), plus
 * ASSURE_ERR_IO naming the file.
 */
enum assure_err controls_load_dir(struct control_set *set, const char *dir,
    const struct assure_catalog *cat, struct assure_diag *reterr_diag);

/* The control with this id, or NULL. */
const struct control *controls_find(const struct control_set *set,
    const char *id);

/*
 * Write the embedded starter set (data/templates/controls/) into the
 * folder dir, one file each; files that exist are left alone.
 */
enum assure_err controls_write_starter(const char *dir,
    struct assure_diag *reterr_diag);

/*
 * Check that every policy id the controls of set name is one that
 * known(id, arg) accepts; the first that is not is ASSURE_ERR_PARSE at
 * its file:line:column.
 */
enum assure_err controls_check_policies(const struct control_set *set,
    bool (*known)(const char *id, void *arg), void *arg,
    struct assure_diag *reterr_diag);

/* "continuous", ..., "per-event". */
const char *control_frequency_name(enum control_frequency f);
/* "implemented", "partial", "planned". */
const char *control_status_name(enum control_status s);

#endif
