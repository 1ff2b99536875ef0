/*
 * catalog.h: the built-in reference frameworks: the 61 criteria of the
 * Trust Services Criteria 2017 (with the 2022 revised points of focus), the
 * 93 controls of ISO/IEC 27001:2022 Annex A, the nine DC 200 description
 * criteria, and the graded cross-walk between Annex A and the TSC.
 *
 * The content is data, not code: data/catalog/{tsc2017,iso27001_2022,
 * dc200,crosswalk,no_counterpart}.csv, compiled into the binary by
 * cmake/embed_data.cmake and parsed at first use by assure_catalog_get().
 * Loading validates everything (headers, exact counts per category, group
 * and theme, unique and well-formed ids, no dangling id in the cross-walk,
 * known grades, one-line texts, and that every Security, Availability and
 * Confidentiality criterion is reached by a pair or listed as having no
 * Annex A counterpart); a defect fails with a diagnostic naming the file
 * and line.  docs/CATALOG.md describes the content and how it was chosen.
 *
 * Grades are always stated from the ISO control's side: "subset" means the
 * ISO control covers part of what the criterion asks, "superset" that it
 * covers all of it and more, "equal" the same thing, "intersect" that each
 * asks for something the other does not.
 *
 * Ownership: a catalogue owns its arrays and one pool holding every string;
 * every pointer it hands out lives as long as the catalogue.  The one returned by
 * assure_catalog_get() lives until the process exits.  Nothing here is
 * thread-safe.
 */
#ifndef ASSURE_CATALOG_H
#define ASSURE_CATALOG_H

#include "common/compat.h"
#include "common/err.h"

/* The exact sizes the loader enforces. */
#define ASSURE_CATALOG_TSC_COUNT	61
#define ASSURE_CATALOG_ISO_COUNT	93
#define ASSURE_CATALOG_DC_COUNT		9

/* Longest one-line text (summary, title, rationale, reason), in bytes. */
#define ASSURE_CATALOG_TEXT_MAX		400

enum assure_tsc_category {
	ASSURE_TSC_SECURITY,
	ASSURE_TSC_AVAILABILITY,
	ASSURE_TSC_PROCESSING_INTEGRITY,
	ASSURE_TSC_CONFIDENTIALITY,
	ASSURE_TSC_PRIVACY,
	ASSURE_TSC_CATEGORY__MAX
};
/* A category filter that matches every criterion. */
#define ASSURE_TSC_ANY	ASSURE_TSC_CATEGORY__MAX

enum assure_iso_theme {
	ASSURE_ISO_ORGANISATIONAL,
	ASSURE_ISO_PEOPLE,
	ASSURE_ISO_PHYSICAL,
	ASSURE_ISO_TECHNOLOGICAL,
	ASSURE_ISO_THEME__MAX
};
/* A theme filter that matches every control. */
#define ASSURE_ISO_ANY	ASSURE_ISO_THEME__MAX

/* How an ISO control compares with a criterion (see the top of the file). */
enum assure_xwalk_grade {
	ASSURE_GRADE_EQUAL,
	ASSURE_GRADE_SUBSET,
	ASSURE_GRADE_SUPERSET,
	ASSURE_GRADE_INTERSECT,
	ASSURE_GRADE__MAX
};

enum assure_catalog_kind {
	ASSURE_CATALOG_TSC,
	ASSURE_CATALOG_ISO,
	ASSURE_CATALOG_DC,
	ASSURE_CATALOG_KIND__MAX
};

/* The data files, in the order assure_catalog_load() takes them. */
enum assure_catalog_file {
	ASSURE_CATALOG_FILE_TSC,
	ASSURE_CATALOG_FILE_ISO,
	ASSURE_CATALOG_FILE_DC,
	ASSURE_CATALOG_FILE_XWALK,
	ASSURE_CATALOG_FILE_NOCP,
	ASSURE_CATALOG_FILE__MAX
};

struct assure_xwalk_pair;

struct assure_tsc_criterion {
	/* "CC6.1", its category, group "CC6" and the group's name */
	const char			 *id;
	enum assure_tsc_category	  category;
	const char			 *group;
	const char			 *group_name;
	/* one line, in assure's own words */
	const char			 *summary;
	/* The ISO controls mapped to it, in Annex A order. */
	const struct assure_xwalk_pair	**pairs;
	size_t				  npairs;
	/*
	 * When listed as having no Annex A counterpart (then npairs is 0):
	 * the reason, and where ISO deals with the matter instead.
	 */
	const char			 *no_counterpart;
	const char			 *elsewhere;
	/* its line in tsc2017.csv */
	unsigned long			  line;
};

struct assure_iso_control {
	/* "5.15" (stored without "A."), its theme and short title */
	const char			 *id;
	enum assure_iso_theme		  theme;
	const char			 *title;
	/* The criteria mapped to it, in catalogue order. */
	const struct assure_xwalk_pair	**pairs;
	size_t				  npairs;
	unsigned long			  line;
};

struct assure_dc_item {
	const char	*id;		/* "DC1" */
	const char	*summary;
	unsigned long	 line;
};

struct assure_xwalk_pair {
	const struct assure_iso_control		*iso;
	const struct assure_tsc_criterion	*tsc;
	enum assure_xwalk_grade			 grade;
	/* Which sources back it ("cisco+direct+scf") or "review". */
	const char				*basis;
	const char				*rationale;
	unsigned long				 line;
};

/*
 * A loaded catalogue.  The arrays are in file order: criteria CC1.1 ..
 * P8.1, controls 5.1 .. 8.34, DC1 .. DC9, pairs by criterion.  Treat as
 * read-only.
 */
struct assure_catalog {
	struct assure_tsc_criterion	*tsc;
	size_t				 ntsc;
	struct assure_iso_control	*iso;
	size_t				 niso;
	struct assure_dc_item		*dc;
	size_t				 ndc;
	struct assure_xwalk_pair	*pairs;
	size_t				 npairs;
	size_t				 nno_counterpart;
	/* storage owned by the catalogue */
	char				*pool;
	const struct assure_xwalk_pair	**index;
};

/* One input file: its name for diagnostics and its bytes. */
struct assure_catalog_text {
	const char	*name;
	const char	*data;
	size_t		 len;
};

/* The path of a data file under data/, e.g. "catalog/tsc2017.csv". */
const char *assure_catalog_file_path(enum assure_catalog_file f);

/*
 * The built-in catalogue, parsed from the embedded data on first call and
 * kept for the life of the process.  On failure (only a defect in the
 * shipped data or out of memory) returns the error, fills reterr_diag with
 * file and line, and leaves *ret_cat untouched; a later call tries again.
 */
enum assure_err assure_catalog_get(const struct assure_catalog **ret_cat,
    struct assure_diag *reterr_diag);

/*
 * Parse and validate a catalogue from src[ASSURE_CATALOG_FILE__MAX] (the
 * five files, in enum order).  The texts are copied; the caller keeps
 * ownership of src.  On success *ret_cat is a new catalogue to release with
 * assure_catalog_free().  On failure returns ASSURE_ERR_PARSE (malformed
 * CSV), ASSURE_ERR_INVAL (content that breaks a rule), ASSURE_ERR_LIMIT or
 * ASSURE_ERR_NOMEM, fills reterr_diag with the file name and line, and
 * leaves *ret_cat untouched.
 */
enum assure_err assure_catalog_load(const struct assure_catalog_text *src,
    struct assure_catalog **ret_cat, struct assure_diag *reterr_diag);

/* Release a catalogue from assure_catalog_load(); NULL is a no-op. */
void assure_catalog_free(struct assure_catalog *cat);

/*
 * Look up a criterion by id, case-insensitively ("cc6.1").  Returns
 * ASSURE_OK and sets *ret, or ASSURE_ERR_NOTFOUND leaving *ret untouched.
 */
enum assure_err assure_catalog_tsc_find(const struct assure_catalog *cat,
    const char *id, const struct assure_tsc_criterion **ret);

/*
 * Look up an Annex A control: "5.15", "A.5.15", "a5.15".  Returns ASSURE_OK
 * and sets *ret, or ASSURE_ERR_NOTFOUND leaving *ret untouched.
 */
enum assure_err assure_catalog_iso_find(const struct assure_catalog *cat,
    const char *id, const struct assure_iso_control **ret);

/* Look up a description criterion, case-insensitively ("dc3"). */
enum assure_err assure_catalog_dc_find(const struct assure_catalog *cat,
    const char *id, const struct assure_dc_item **ret);

/*
 * Iterate over the criteria of one category (or ASSURE_TSC_ANY): start with
 * *iter = 0; returns NULL when there are no more.
 */
const struct assure_tsc_criterion *assure_catalog_tsc_next(
    const struct assure_catalog *cat, enum assure_tsc_category filter,
    size_t *iter);
/* The number of criteria of one category (or ASSURE_TSC_ANY). */
size_t assure_catalog_tsc_count(const struct assure_catalog *cat,
    enum assure_tsc_category filter);
/* Loop c over the criteria of a category; it is a size_t cursor. */
#define ASSURE_CATALOG_TSC_FOREACH(cat, filter, it, c)			\
	for ((it) = 0,							\
	    (c) = assure_catalog_tsc_next((cat), (filter), &(it));	\
	    (c) != NULL;						\
	    (c) = assure_catalog_tsc_next((cat), (filter), &(it)))

/* The same for Annex A controls by theme (or ASSURE_ISO_ANY). */
const struct assure_iso_control *assure_catalog_iso_next(
    const struct assure_catalog *cat, enum assure_iso_theme filter,
    size_t *iter);
size_t assure_catalog_iso_count(const struct assure_catalog *cat,
    enum assure_iso_theme filter);
/* Loop c over the controls of a theme; it is a size_t cursor. */
#define ASSURE_CATALOG_ISO_FOREACH(cat, filter, it, c)			\
	for ((it) = 0,							\
	    (c) = assure_catalog_iso_next((cat), (filter), &(it));	\
	    (c) != NULL;						\
	    (c) = assure_catalog_iso_next((cat), (filter), &(it)))

/* What assure_catalog_map() found for an id. */
struct assure_catalog_entry {
	/* ASSURE_CATALOG_TSC or ASSURE_CATALOG_ISO */
	enum assure_catalog_kind		 kind;
	/* the canonical id, and the criterion's summary or control's title */
	const char				*id;
	const char				*text;
	/* the criterion (kind TSC) or the control (kind ISO); the other NULL */
	const struct assure_tsc_criterion	*tsc;
	const struct assure_iso_control		*iso;
	/*
	 * The pairs: for a criterion each pair's iso is the other side, for
	 * a control each pair's tsc is.
	 */
	const struct assure_xwalk_pair		**pairs;
	size_t					 npairs;
};

/*
 * The cross-walk for a TSC criterion or an Annex A control, in either
 * spelling accepted by the _find functions.  Returns ASSURE_OK and fills
 * *ret, or ASSURE_ERR_NOTFOUND (also for DC ids, which have no pairs)
 * leaving *ret untouched.
 */
enum assure_err assure_catalog_map(const struct assure_catalog *cat,
    const char *id, struct assure_catalog_entry *ret);

/* Machine names: "security", "processing-integrity", ... */
const char *assure_catalog_category_name(enum assure_tsc_category c);
/* Display names: "Security", "Processing Integrity", ... */
const char *assure_catalog_category_title(enum assure_tsc_category c);
/*
 * Parse a category name case-insensitively; "processing_integrity" and
 * "processing integrity" are accepted too.  ASSURE_ERR_NOTFOUND if unknown.
 */
enum assure_err assure_catalog_category_parse(const char *s,
    enum assure_tsc_category *ret);

/* "organisational", "people", "physical", "technological". */
const char *assure_catalog_theme_name(enum assure_iso_theme t);
/* Case-insensitive; "organizational" is accepted as well. */
enum assure_err assure_catalog_theme_parse(const char *s,
    enum assure_iso_theme *ret);

/* "equal", "subset", "superset", "intersect". */
const char *assure_catalog_grade_name(enum assure_xwalk_grade g);
enum assure_err assure_catalog_grade_parse(const char *s,
    enum assure_xwalk_grade *ret);

#endif
