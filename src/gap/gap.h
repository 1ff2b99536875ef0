/*
 * gap.h: gap analysis, step 2 of a SOC 2 programme: for every criterion in
 * scope, is it covered, partly covered, or a gap, and by what.
 *
 * Two sources, one result:
 *
 * - From an ISO/IEC 27001 Statement of Applicability (gap_from_soa): a
 *   criterion is COVERED when at least one of its cross-walked Annex A
 *   controls is applicable and implemented and its grade is equal or
 *   superset (it meets the criterion on its own); PARTIAL when it is not
 *   covered but at least one cross-walked control is applicable and
 *   implemented or partially implemented (whatever the grade); a GAP
 *   otherwise, including every criterion the catalogue lists as having no
 *   Annex A counterpart.  Planned, not implemented, not applicable and
 *   unlisted controls count for nothing.
 *
 * - From the workspace's own controls (gap_from_controls): COVERED when at
 *   least one control with status implemented maps the criterion (tsc:),
 *   PARTIAL when none does but one with status partial does, a GAP
 *   otherwise (no control, or only planned ones).
 *
 * Only criteria of the categories in scope take part.  Beside the
 * criteria, the result lists the SOC 2 items ISO 27001 does not ask for:
 * the System Description (DC 200), complementary user-entity controls,
 * monitoring of sub-service organisations and, from a SoA, the in-scope
 * criteria with no Annex A counterpart.  Everything here is pure: the
 * inputs are already loaded and nothing is read or written.
 *
 * Ownership: a report points into the catalogue, the SoA or control set
 * and the scope it was built from, which must outlive it; it owns its own
 * arrays, released by gap_report_release().
 */
#ifndef ASSURE_GAP_H
#define ASSURE_GAP_H

#include "catalog/catalog.h"
#include "common/compat.h"
#include "common/err.h"
#include "controls/controls.h"
#include "gap/soa.h"
#include "scope/scope.h"

#define GAP_REASON_MAX		600
#define GAP_DETAIL_MAX		1200
#define GAP_ITEM_ID_MAX		32

enum gap_status {
	GAP_COVERED,
	GAP_PARTIAL,
	GAP_GAP,
	GAP_STATUS__MAX
};

enum gap_source {
	GAP_FROM_SOA,
	GAP_FROM_CONTROLS,
	GAP_SOURCE__MAX
};

/* One cross-walk pair of a criterion, judged by the SoA. */
struct gap_iso {
	const struct assure_xwalk_pair	*pair;
	const struct soa_entry		*entry;
	/* it counted towards the verdict */
	bool				 decisive;
};

/* One workspace control that maps a criterion. */
struct gap_ctl {
	const struct control	*ctl;
	bool			 decisive;
};

struct gap_row {
	const struct assure_tsc_criterion	*tsc;
	enum gap_status				 status;
	struct gap_iso				*iso;		/* SoA */
	size_t					 niso;
	struct gap_ctl				*controls;	/* controls */
	size_t					 ncontrols;
	/* one line: why this verdict */
	char					 reason[GAP_REASON_MAX];
};

enum gap_item_status {
	GAP_ITEM_OPEN,
	GAP_ITEM_ADDRESSED,
	GAP_ITEM_STATUS__MAX
};

/* A SOC 2 item that ISO 27001 does not ask for. */
struct gap_item {
	/* "system_description", "cuecs", "subservice_monitoring", or a
	 * criterion id for a criterion with no Annex A counterpart */
	char					 id[GAP_ITEM_ID_MAX];
	const char				*title;
	enum gap_item_status			 status;
	char					 detail[GAP_DETAIL_MAX];
	const struct assure_tsc_criterion	*tsc;	/* or NULL */
};

struct gap_report {
	enum gap_source		 source;
	unsigned		 categories;
	struct gap_row		*rows;		/* in catalogue order */
	size_t			 nrows;
	size_t			 counts[GAP_STATUS__MAX];
	size_t			 by_category[ASSURE_TSC_CATEGORY__MAX]
				    [GAP_STATUS__MAX];
	struct gap_item		*items;
	size_t			 nitems;
	/*
	 * SoA only: applicable-no controls that in-scope criteria are
	 * cross-walked to (the exclusion may need revisiting), and the
	 * number of Annex A controls the SoA does not list.
	 */
	const struct soa_entry	**excluded;
	size_t			  nexcluded;
	size_t			  unlisted;
};

/*
 * Judge every in-scope criterion (categories: enum tsc_category bits)
 * against a SoA.  scope may be NULL (no scope.yaml).  Returns ASSURE_OK
 * and fills *ret, or ASSURE_ERR_NOMEM leaving *ret empty.
 */
enum assure_err gap_from_soa(const struct assure_catalog *cat,
    unsigned categories, const struct soa *soa, const struct scope *scope,
    struct gap_report *ret, struct assure_diag *reterr_diag);

/* The same from the workspace's controls. */
enum assure_err gap_from_controls(const struct assure_catalog *cat,
    unsigned categories, const struct control_set *set,
    const struct scope *scope, struct gap_report *ret,
    struct assure_diag *reterr_diag);

void gap_report_release(struct gap_report *r);

/* "covered", "partial", "gap". */
const char *gap_status_name(enum gap_status s);
/* "open", "addressed". */
const char *gap_item_status_name(enum gap_item_status s);
/* "soa", "controls". */
const char *gap_source_name(enum gap_source s);

#endif
