/*
 * scope.h: the workspace's scope.yaml, step 1 of a SOC 2 programme: the
 * system and its boundary, from which the scoping statement is written.
 *
 *	description: |			the system in a paragraph
 *	services:			what the organisation provides
 *	  - { name: Payroll processing, description: ... }
 *	commitments: [ ... ]		principal service commitments
 *	system_requirements: [ ... ]	what the system must do to keep them
 *	boundary:			the components inside the boundary
 *	  infrastructure: [ { name, description } ]
 *	  software:       [ { name, description } ]
 *	  people:         [ { name, description } ]	roles and teams
 *	  procedures:     [ { name, description } ]
 *	  data:           [ { name, classification, personal, description } ]
 *	out_of_boundary: [ { name, reason } ]
 *	locations: [ { name, description } ]
 *	subservice_organisations:
 *	  - { name, service, method: carve-out|inclusive,
 *	      criteria: [CC6.4, A1.2], csocs: [ ... ] }
 *	cuecs: [ { description, criteria: [CC6.2] } ]
 *	excluded_categories: { privacy: why it is left out, ... }
 *	actors: [ { name, description } ]	outside parties: users, banks
 *	flows:				the data flows of the system
 *	  - { from: NAME, to: NAME, data: what, protocol: HTTPS/TLS 1.2 }
 *	changes: [ { date: 2026-02-01, description } ]	of the period
 *
 * A flow's from and to each name a boundary component, a sub-service
 * organisation or an actor (exactly, case and all; a name that is both a
 * component and an organisation, like Okta, means the component); an
 * unknown name is an error at its own line and column.  An actor named
 * twice or like a component or an organisation is an error at the
 * actor's line.  protocol is optional.  actors, flows and
 * changes feed the system description (report/sysdesc.h): its diagrams
 * and its significant changes.
 *
 * Which categories are in scope is assure.yaml's (struct config); this
 * file says why the others are not.  Parsing is strict like assure.yaml:
 * an unknown key, a missing required key, an unknown criterion id or a bad
 * value is an error at file:line:column with the field's name.  What is
 * legal but worth a practitioner's attention (a category left out without
 * a reason, a carve-out organisation with no CSOCs, criteria outside the
 * categories in scope) is reported by scope_check() as notes.
 *
 * Ownership: a struct scope owns every string and array it points to (one
 * pool), released by scope_free().  Criterion pointers point into the
 * catalogue it was parsed against, which must outlive it.
 */
#ifndef ASSURE_SCOPE_H
#define ASSURE_SCOPE_H

#include "catalog/catalog.h"
#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "scope/ywalk.h"
#include "workspace/config.h"

#define SCOPE_FILE		"scope.yaml"
#define SCOPE_FILE_MAX		(1024 * 1024)
#define SCOPE_PATH_MAX		4096
/* Names and one-line texts; descriptions and reasons. */
#define SCOPE_NAME_MAX		200
#define SCOPE_TEXT_MAX		4000
/* Items in any one list. */
#define SCOPE_ITEMS_MAX		500
/* Notes scope_check() keeps, and the length of each. */
#define SCOPE_NOTES_MAX		32
#define SCOPE_NOTE_LEN		400

enum scope_component {
	SCOPE_INFRASTRUCTURE,
	SCOPE_SOFTWARE,
	SCOPE_PEOPLE,
	SCOPE_PROCEDURES,
	SCOPE_DATA,
	SCOPE_COMPONENT__MAX
};

enum scope_classification {
	SCOPE_PUBLIC,
	SCOPE_INTERNAL,
	SCOPE_CONFIDENTIAL,
	SCOPE_RESTRICTED,
	SCOPE_CLASSIFICATION__MAX
};

/* How a sub-service organisation is presented in the report. */
enum scope_method {
	SCOPE_CARVE_OUT,
	SCOPE_INCLUSIVE,
	SCOPE_METHOD__MAX
};

struct scope_item {
	const char			*name;
	const char			*description;	/* NULL if not given */
	/* components only: the scan targets they are (hosts, images,
	 * repositories, URLs) as the scanners name them; vuln.scan_cadence
	 * holds each to the scanning cadence */
	const char			**assets;
	size_t				 nassets;
	/* data only */
	enum scope_classification	 classification;
	bool				 personal;
	unsigned long			 line;
};

struct scope_exclusion {
	const char	*name;
	const char	*reason;
	unsigned long	 line;
};

/* A list of criteria, in the order written, without duplicates. */
struct scope_criteria {
	const struct assure_tsc_criterion	**v;
	size_t					  n;
};

struct scope_subservice {
	const char		*name;
	const char		*service;
	enum scope_method	 method;
	struct scope_criteria	 criteria;
	const char		**csocs;
	size_t			  ncsocs;
	unsigned long		  line;
};

struct scope_cuec {
	const char		*description;
	struct scope_criteria	 criteria;
	unsigned long		 line;
};

/* What a flow's endpoint names. */
enum scope_endpoint_kind {
	SCOPE_EP_COMPONENT,
	SCOPE_EP_SUBSERVICE,
	SCOPE_EP_ACTOR,
};

struct scope_endpoint {
	const char		*name;
	enum scope_endpoint_kind kind;
	enum scope_component	 component;	/* SCOPE_EP_COMPONENT only */
	size_t			 index;	/* in its list */
};

struct scope_flow {
	struct scope_endpoint	 from;
	struct scope_endpoint	 to;
	const char		*data;
	const char		*protocol;	/* NULL if not given */
	unsigned long		 line;
};

struct scope_change {
	int64_t		 date;
	const char	*description;
	unsigned long	 line;
};

struct scope {
	const char		*source;
	const char		*description;
	struct scope_item	*services;
	size_t			 nservices;
	const char		**commitments;
	size_t			  ncommitments;
	const char		**requirements;
	size_t			  nrequirements;
	struct scope_item	*components[SCOPE_COMPONENT__MAX];
	size_t			 ncomponents[SCOPE_COMPONENT__MAX];
	struct scope_exclusion	*outside;
	size_t			 noutside;
	struct scope_item	*locations;
	size_t			 nlocations;
	struct scope_subservice	*subservices;
	size_t			 nsubservices;
	struct scope_cuec	*cuecs;
	size_t			 ncuecs;
	struct scope_item	*actors;
	size_t			 nactors;
	struct scope_flow	*flows;
	size_t			 nflows;
	struct scope_change	*changes;
	size_t			 nchanges;
	/* Why each category is left out; NULL when not said. */
	const char		*category_reason[ASSURE_TSC_CATEGORY__MAX];
	struct ypool		 pool;
};

/* What scope_check() found worth a note, one line each. */
struct scope_notes {
	char	text[SCOPE_NOTES_MAX][SCOPE_NOTE_LEN];
	size_t	n;
	/* notes beyond SCOPE_NOTES_MAX, counted but not kept */
	size_t	dropped;
};

/*
 * Parse scope.yaml text (source names it in diagnostics) against the
 * catalogue.  On success *ret is a new scope for scope_free().  On failure
 * returns ASSURE_ERR_PARSE (located), ASSURE_ERR_LIMIT or ASSURE_ERR_NOMEM,
 * fills reterr_diag and leaves *ret untouched.
 */
enum assure_err scope_parse(const char *text, size_t len, const char *source,
    const struct assure_catalog *cat, struct scope **ret,
    struct assure_diag *reterr_diag);

/*
 * Read and parse the file at path (at most SCOPE_FILE_MAX bytes).
 * ASSURE_ERR_NOTFOUND when it does not exist; otherwise as scope_parse().
 */
enum assure_err scope_load(const char *path, const struct assure_catalog *cat,
    struct scope **ret, struct assure_diag *reterr_diag);

/*
 * Load <root>/scope.yaml.  When it does not exist, returns
 * ASSURE_ERR_NOTFOUND with a diagnostic saying how to create one.
 */
enum assure_err scope_load_workspace(const char *root,
    const struct assure_catalog *cat, struct scope **ret,
    struct assure_diag *reterr_diag);

/* Release a scope; NULL is a no-op. */
void scope_free(struct scope *s);

/*
 * The notes for a scope judged against the categories in scope (enum
 * tsc_category bits of assure.yaml).  Never fails.
 */
void scope_check(const struct scope *s, unsigned categories,
    struct scope_notes *ret);

/* The assure.yaml bit of a catalogue category. */
unsigned scope_category_bit(enum assure_tsc_category c);
/* Whether a criterion's category is among the bits. */
bool scope_in_scope(const struct assure_tsc_criterion *c, unsigned categories);

/* "infrastructure", "software", "people", "procedures", "data". */
const char *scope_component_name(enum scope_component k);
/* "Infrastructure", ..., for documents. */
const char *scope_component_title(enum scope_component k);
/* "public", "internal", "confidential", "restricted". */
const char *scope_classification_name(enum scope_classification c);
/* "carve-out", "inclusive". */
const char *scope_method_name(enum scope_method m);

/*
 * Read a whole file of at most max bytes into a new NUL-terminated buffer
 * (*ret, free() it) of *ret_len bytes.  ASSURE_ERR_NOTFOUND when absent,
 * ASSURE_ERR_LIMIT when larger, ASSURE_ERR_IO or ASSURE_ERR_NOMEM; the
 * diagnostic names the path.
 */
enum assure_err scope_read_file(const char *path, size_t max, char **ret,
    size_t *ret_len, struct assure_diag *reterr_diag);

/*
 * Write data (len bytes) to a new file at path and fsync it; when the file
 * already exists, leave it alone and return ASSURE_OK.  ASSURE_ERR_IO
 * naming the path otherwise.
 */
enum assure_err scope_write_new_file(const char *path, const char *data,
    size_t len, struct assure_diag *reterr_diag);

/*
 * Render the starter scope.yaml of a SaaS company for the organisation and
 * system of cfg (template data/templates/scope.yaml).  Errors are sticky
 * in out.
 */
void scope_template_render(const struct config *cfg, struct assure_buf *out);

/*
 * Write the starter files of a new workspace in dir: scope.yaml and the
 * starter controls (controls/<id>.yaml).  A file that already exists is
 * left alone.  Returns ASSURE_OK or ASSURE_ERR_IO/LIMIT/NOMEM naming the
 * path.
 */
enum assure_err scope_write_templates(const char *dir,
    const struct config *cfg, struct assure_diag *reterr_diag);

#endif
