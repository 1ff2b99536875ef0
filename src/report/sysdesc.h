/*
 * sysdesc.h: the SOC 2 system description, management's description of
 * the system for a period, organised by the AICPA's description criteria
 * (DC 200), DC1 to DC9:
 *
 *	DC1	the types of services provided		scope.yaml
 *	DC2	principal service commitments and	scope.yaml
 *		system requirements
 *	DC3	the components of the system, what is	scope.yaml, and its
 *		outside the boundary, the locations,	diagrams (diagram.h)
 *		the data flows
 *	DC4	significant incidents of the period:	incident evidence
 *		severity 1 and 2, detected in it	and incidents.yaml
 *	DC5	the criteria in scope and the controls	catalogue, assure.yaml,
 *		that address each; categories left out	controls/
 *	DC6	complementary user entity controls	scope.yaml
 *	DC7	sub-service organisations and their	scope.yaml, vendors
 *		complementary controls (CSOCs)		register
 *	DC8	criteria not relevant, and why		controls/, scope.yaml
 *	DC9	significant changes of the period	ledger (policy
 *							approvals), scope.yaml
 *
 * One content, three renderings: Markdown and HTML through doc.h, JSON.
 * The HTML embeds the diagrams as inline SVG; the Markdown carries their
 * DOT source in ```dot blocks; the JSON both.  A diagram graphviz cannot
 * lay out is replaced by a note and the rest of the report still renders.
 */
#ifndef ASSURE_REPORT_SYSDESC_H
#define ASSURE_REPORT_SYSDESC_H

#include "catalog/catalog.h"
#include "common/buf.h"
#include "common/compat.h"
#include "controls/controls.h"
#include "report/doc.h"
#include "scope/scope.h"
#include "workspace/config.h"
#include "workspace/vendors.h"
#include "workspace/workspace.h"

#define SYSDESC_INCIDENTS_MAX	100000

struct sysdesc_incident {
	char	 id[256];	/* the register's id, else system:key */
	char	 system[16];	/* of the evidence, "" for the register's */
	char	 key[256];
	char	 title[256];	/* "" when unknown */
	int	 severity;	/* 1..5, 0 unknown */
	int64_t	 detected;	/* 0: not recorded */
	int64_t	 resolved;
	int	 customer_impact;	/* 1, 0, -1 not recorded */
};

enum sysdesc_approval_kind {
	SYSDESC_FIRST_APPROVAL,		/* the policy's first approval */
	SYSDESC_NEW_VERSION,		/* a text unlike the one before */
	SYSDESC_REAPPROVAL,		/* the same text again */
};

struct sysdesc_approval {
	char				 policy[128];
	char				 by[128];
	char				 sha[65];
	int64_t				 at;
	enum sysdesc_approval_kind	 kind;
};

struct sysdesc {
	const struct config		*cfg;
	const struct scope		*scope;
	const struct assure_catalog	*cat;
	/* controls/ (NULL: not read), the vendors register (NULL: none) */
	const struct control_set	*controls;
	const struct vendors		*vendors;
	/* the period described, inclusive */
	int64_t				 start;
	int64_t				 end;
	int64_t				 generated;
	/* severity 1 and 2 incidents detected in the period, by time */
	const struct sysdesc_incident	*incidents;
	size_t				 nincidents;
	/* whether any incident evidence or incidents.yaml was there */
	bool				 incident_sources;
	/* policy approvals made in the period, by time */
	const struct sysdesc_approval	*approvals;
	size_t				 napprovals;
	/* tests: do not call graphviz (the diagrams get a note) */
	bool				 no_layout;
};

/* What sysdesc_load() reads from a workspace. */
struct sysdesc_data {
	struct scope			*scope;
	struct control_set		 controls;
	struct sysdesc_incident		*incidents;
	size_t				 nincidents;
	size_t				 cap;
	bool				 incident_sources;
	struct sysdesc_approval		*approvals;
	size_t				 napprovals;
};

/*
 * Read scope.yaml, controls/, the incidents of the store and of
 * incidents.yaml, and the policy approvals of the store, for the period
 * [start, end].  Release ret with sysdesc_data_release() whatever the
 * outcome.
 */
enum assure_err sysdesc_load(const struct workspace *ws,
    const struct assure_catalog *cat, int64_t start, int64_t end,
    struct sysdesc_data *ret, struct assure_diag *reterr_diag);
void sysdesc_data_release(struct sysdesc_data *sd);

/* Append the description to out in fmt; errors are sticky in out. */
void report_sysdesc(const struct sysdesc *sd, enum doc_format fmt,
    struct assure_buf *out);

#endif
