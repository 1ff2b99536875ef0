/*
 * vendors.h: vendors.yaml, the register of vendors and subservice
 * organisations (SOC 2 CC9.2): what each one does for the system, how
 * critical it is, which data it receives, the assurance it gives (a SOC 2
 * report, its bridge letter, an ISO 27001 certificate), the agreements
 * signed with it and when it was last reviewed.
 *
 *	vendors:
 *	  - name: Amazon Web Services
 *	    service: Hosting (EKS, Aurora, S3, KMS)
 *	    tier: critical		critical|high|medium|low
 *	    data: [{ class: confidential, personal: true, health: false }]
 *	    subservice: carve-out	no|inclusive|carve-out (default no)
 *	    assurance:
 *	      soc2: { type: 2, period_start: 2024-10-01,
 *	              period_end: 2025-09-30, opinion: unqualified,
 *	              bridge_until: 2026-03-31 }
 *	      iso27001: { certificate: "IS 123", expires: 2027-01-31 }
 *	    dpa_signed: 2023-04-12	a date, or null: none
 *	    baa_signed: null
 *	    last_review: 2026-02-10	a date, or null: never
 *	    review_every: 365d		default by tier, see below
 *	    csocs:
 *	      - { description: "Customers restrict IAM access",
 *	          control: ACC-01 }
 *
 * name, service and tier are required; the rest is optional.  A soc2
 * report needs type (1 or 2), period_start, period_end and opinion
 * (unqualified|qualified|adverse|disclaimer); bridge_until is optional.
 * An iso27001 certificate needs certificate and expires.  A data class is
 * free text; health data is personal data.
 *
 * The review interval defaults by tier (VENDOR_REVIEW_*): critical and
 * high every 365 days, medium every 730, low every 1095; review_every
 * overrides it for one vendor.
 *
 * Strict (scope/ywalk.h): unknown keys, a missing field, a bad date or
 * duration, an unknown tier, opinion or subservice word, a report period
 * that ends before it starts, a bridge letter that ends before the period
 * and a vendor named twice are errors at file:line:column.  A workspace
 * without the file has no register (present false): the vendor tests say
 * no_evidence.
 *
 * vendors.csv, the same register as CSV (docs/REGISTERS.md): a header
 * naming columns name, service, tier, subservice, data, soc2_type,
 * soc2_period_start, soc2_period_end, soc2_opinion, soc2_bridge_until,
 * iso27001_certificate, iso27001_expires, dpa_signed, baa_signed,
 * last_review, review_every, csocs (any order and case; unknown ones are
 * errors), one vendor a row, an empty cell absent.  data holds items
 * "class[+personal][+health]" and csocs items "CONTROL-ID: description",
 * both separated by ';'.  Same checks, same struct.
 */
#ifndef ASSURE_WORKSPACE_VENDORS_H
#define ASSURE_WORKSPACE_VENDORS_H

#include "common/compat.h"
#include "common/err.h"
#include "scope/ywalk.h"

#define VENDORS_FILE		"vendors.yaml"
#define VENDORS_CSV_FILE	"vendors.csv"
#define VENDORS_FILE_MAX	(1024 * 1024)	/* either form */
#define VENDORS_MAX		2000		/* vendors, or CSV rows */
#define VENDOR_DATA_MAX		50
#define VENDOR_CSOCS_MAX	200
#define VENDOR_TEXT_MAX		511		/* bytes of one string */
#define VENDORS_CSV_CELL_MAX	(64 * 1024)	/* bytes of one cell */
#define VENDORS_CSV_RECORD_MAX	(256 * 1024)	/* bytes of one row */

/* Default review intervals, in seconds. */
#define VENDOR_REVIEW_CRITICAL	(365 * 86400)
#define VENDOR_REVIEW_HIGH	(365 * 86400)
#define VENDOR_REVIEW_MEDIUM	(730 * 86400)
#define VENDOR_REVIEW_LOW	(1095 * 86400)

enum vendor_tier {
	VENDOR_CRITICAL,
	VENDOR_HIGH,
	VENDOR_MEDIUM,
	VENDOR_LOW,
	VENDOR_TIER__MAX
};

enum vendor_subservice {
	VENDOR_SUBSERVICE_NO,
	VENDOR_SUBSERVICE_INCLUSIVE,
	VENDOR_SUBSERVICE_CARVE_OUT,
	VENDOR_SUBSERVICE__MAX
};

enum vendor_opinion {
	VENDOR_UNQUALIFIED,
	VENDOR_QUALIFIED,
	VENDOR_ADVERSE,
	VENDOR_DISCLAIMER,
	VENDOR_OPINION__MAX
};

struct vendor_data {
	const char	*cls;
	bool		 personal;
	bool		 health;
};

/* A complementary subservice organisation control the vendor expects. */
struct vendor_csoc {
	const char	*description;
	const char	*control;	/* a control id of controls/ */
	unsigned long	 line;
};

struct vendor {
	const char		*name;
	const char		*service;
	enum vendor_tier	 tier;
	enum vendor_subservice	 subservice;
	struct vendor_data	*data;
	size_t			 ndata;
	bool			 personal;	/* any data item is */
	bool			 health;	/* any data item is */
	struct {
		bool			have;
		int			type;		/* 1 or 2 */
		int64_t			start;
		int64_t			end;	/* the last instant */
		enum vendor_opinion	opinion;
		bool			bridged;
		int64_t			bridge_until;	/* last instant */
	} soc2;
	struct {
		bool		 have;
		const char	*certificate;
		int64_t		 expires;	/* the last instant */
	} iso;
	bool			 dpa;		/* dpa_signed is a date */
	int64_t			 dpa_signed;
	bool			 baa;
	int64_t			 baa_signed;
	bool			 reviewed;	/* last_review is a date */
	int64_t			 last_review;
	int64_t			 review_every;	/* seconds, never 0 */
	struct vendor_csoc	*csocs;
	size_t			 ncsocs;
	unsigned long		 line;
};

struct vendors {
	struct vendor	*v;
	size_t		 n;
	bool		 present;	/* the file was there */
	struct ypool	 pool;
};

enum assure_err vendors_parse(const char *text, size_t len,
    const char *source, struct vendors *ret,
    struct assure_diag *reterr_diag);
/* vendors.csv: the same struct, by the same checks. */
enum assure_err vendors_parse_csv(const char *text, size_t len,
    const char *source, struct vendors *ret,
    struct assure_diag *reterr_diag);
/* A missing file: ASSURE_OK with present false and no vendor. */
enum assure_err vendors_load(const char *path, struct vendors *ret,
    struct assure_diag *reterr_diag);
enum assure_err vendors_load_csv(const char *path, struct vendors *ret,
    struct assure_diag *reterr_diag);
void vendors_release(struct vendors *v);

/* "critical", ... "low"; "unqualified", ... "disclaimer". */
const char *vendor_tier_name(enum vendor_tier t);
const char *vendor_opinion_name(enum vendor_opinion o);
/* The default review interval of a tier, in seconds. */
int64_t vendor_review_default(enum vendor_tier t);

#endif
