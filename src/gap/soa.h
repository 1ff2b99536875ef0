/*
 * soa.h: an ISO/IEC 27001:2022 Statement of Applicability as CSV, the
 * input of `assure gap --soa FILE`.
 *
 *	Control,Applicable,Implementation status,Justification,Owner
 *	A.5.1,yes,implemented,Information security policy approved 2025-03,CISO
 *	A.7.4,no,,No premises of our own: cloud hosted,
 *
 * The header row names the columns; names are matched case-insensitively,
 * with spaces, '_' and '-' treated alike, and columns not listed here are
 * ignored:
 *
 *	control id	"control id", "annex a control id", "id", "ref",
 *			"reference", "control ref", "control reference",
 *			"annex a control", "annex a", "control"
 *	applicable	"applicable", "applicability", "applies"
 *	status		"implementation status", "status",
 *			"implementation", "implemented"
 *	justification	"justification", "justification for inclusion or
 *			exclusion" (or "inclusion/exclusion"), "justification
 *			for exclusion", "reason", "rationale"
 *
 * When two columns could give the same thing, the name earlier in its
 * list wins ("Control ID" over "Control", often the control's title); two
 * columns with the same name are an error.
 * The first three are required.  Values: the id of an Annex A control
 * ("5.15", "A.5.15"); applicable yes|no|true|false|y|n; status
 * implemented | partial | planned | not_implemented ("partially
 * implemented", "not implemented" and other spellings with spaces or
 * dashes are accepted), which may be empty only when the control is not
 * applicable; a justification, required when the control is not applicable
 * (27001 clause 6.1.3 d).  Blank lines are skipped; a UTF-8 byte-order
 * mark and CRLF line ends are accepted; quoting follows RFC 4180.
 *
 * Parsing is pure (bytes in, records out, no I/O).  An unknown id, a
 * duplicate, a bad status or boolean, a missing required column or a
 * malformed line is an error located at file:line:column with the field.
 */
#ifndef ASSURE_GAP_SOA_H
#define ASSURE_GAP_SOA_H

#include "catalog/catalog.h"
#include "common/compat.h"
#include "common/err.h"

#define SOA_FILE_MAX		(4 * 1024 * 1024)
#define SOA_ROWS_MAX		2000
#define SOA_COLS_MAX		64
#define SOA_FIELD_MAX		4000

enum soa_status {
	SOA_IMPLEMENTED,
	SOA_PARTIAL,
	SOA_PLANNED,
	SOA_NOT_IMPLEMENTED,
	/* listed as not applicable */
	SOA_NOT_APPLICABLE,
	/* not in the file at all */
	SOA_NOT_LISTED,
	SOA_STATUS__MAX
};

struct soa_entry {
	const struct assure_iso_control	*iso;
	bool				 listed;
	bool				 applicable;
	enum soa_status			 status;
	char				*justification;	/* NULL if empty */
	unsigned long			 line;
};

/*
 * A parsed SoA: one entry per Annex A control, in catalogue order, indexed
 * like cat->iso.  Controls the file does not list have status
 * SOA_NOT_LISTED.
 */
struct soa {
	const struct assure_catalog	*cat;
	char			*source;
	struct soa_entry	*entries;
	size_t			 n;		/* = cat->niso */
	size_t			 nlisted;
};

/*
 * Parse SoA text (source names it) against the catalogue into ret.  On
 * failure returns ASSURE_ERR_PARSE (located), ASSURE_ERR_LIMIT or
 * ASSURE_ERR_NOMEM and leaves *ret empty.  Release with soa_release().
 */
enum assure_err soa_parse(const char *text, size_t len, const char *source,
    const struct assure_catalog *cat, struct soa *ret,
    struct assure_diag *reterr_diag);

/* Read (at most SOA_FILE_MAX bytes) and parse the file at path. */
enum assure_err soa_load(const char *path, const struct assure_catalog *cat,
    struct soa *ret, struct assure_diag *reterr_diag);

void soa_release(struct soa *soa);

/* The entry of an Annex A control (never NULL for a catalogue control). */
const struct soa_entry *soa_entry(const struct soa *soa,
    const struct assure_iso_control *iso);

/*
 * "implemented", "partial", "planned", "not_implemented",
 * "not_applicable", "not_listed".
 */
const char *soa_status_name(enum soa_status s);

#endif
