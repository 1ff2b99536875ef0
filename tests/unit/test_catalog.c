/*
 * test_catalog.c: the built-in catalogue (src/catalog): exact counts of the
 * TSC 2017, ISO/IEC 27001:2022 Annex A and DC 200 content, cross-walk
 * integrity and coverage, look-ups in both directions, spot checks of
 * reviewed pairs, and the loader's located errors on broken data.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "common/embed.h"
#include "testutil.h"

static const struct assure_catalog *
cat_get(void)
{
	const struct assure_catalog *cat = NULL;
	struct assure_diag d;
	char msg[1024];
	enum assure_err rc;

	assure_diag_clear(&d);
	rc = assure_catalog_get(&cat, &d);
	if (rc != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("catalogue does not load: %s", msg);
	}
	assert_non_null(cat);
	return cat;
}

/* ---------------------------------------------------------------------
 * Counts
 */

static void
test_tsc_counts(void **state)
{
	static const struct {
		enum assure_tsc_category	c;
		size_t				n;
	} by_cat[] = {
		{ ASSURE_TSC_SECURITY, 33 },
		{ ASSURE_TSC_AVAILABILITY, 3 },
		{ ASSURE_TSC_CONFIDENTIALITY, 2 },
		{ ASSURE_TSC_PROCESSING_INTEGRITY, 5 },
		{ ASSURE_TSC_PRIVACY, 18 },
	};
	static const struct {
		const char	*group;
		size_t		 n;
	} cc_groups[] = {
		{ "CC1", 5 }, { "CC2", 3 }, { "CC3", 4 }, { "CC4", 2 },
		{ "CC5", 3 }, { "CC6", 8 }, { "CC7", 5 }, { "CC8", 1 },
		{ "CC9", 2 },
	};
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *c;
	size_t i, it, n, ngroups = 0;
	const char *last_group = "";

	(void)state;
	assert_int_equal(cat->ntsc, 61);
	assert_int_equal(assure_catalog_tsc_count(cat, ASSURE_TSC_ANY), 61);
	for (i = 0; i < ASSURE_ARRAY_LEN(by_cat); i++)
		assert_int_equal(assure_catalog_tsc_count(cat, by_cat[i].c),
		    by_cat[i].n);
	for (i = 0; i < ASSURE_ARRAY_LEN(cc_groups); i++) {
		n = 0;
		ASSURE_CATALOG_TSC_FOREACH(cat, ASSURE_TSC_SECURITY, it, c)
			if (strcmp(c->group, cc_groups[i].group) == 0)
				n++;
		assert_int_equal(n, cc_groups[i].n);
	}
	ASSURE_CATALOG_TSC_FOREACH(cat, ASSURE_TSC_SECURITY, it, c) {
		if (strcmp(c->group, last_group) != 0)
			ngroups++;
		last_group = c->group;
		assert_string_equal(assure_catalog_category_name(c->category),
		    "security");
		assert_true(c->summary[0] != '\0');
		assert_true(c->group_name[0] != '\0');
	}
	assert_int_equal(ngroups, 9);
	assert_string_equal(cat->tsc[0].id, "CC1.1");
	assert_string_equal(cat->tsc[cat->ntsc - 1].id, "P8.1");
}

static void
test_iso_counts(void **state)
{
	static const struct {
		enum assure_iso_theme	t;
		size_t			n;
		const char		*first;
		const char		*last;
	} themes[] = {
		{ ASSURE_ISO_ORGANISATIONAL, 37, "5.1", "5.37" },
		{ ASSURE_ISO_PEOPLE, 8, "6.1", "6.8" },
		{ ASSURE_ISO_PHYSICAL, 14, "7.1", "7.14" },
		{ ASSURE_ISO_TECHNOLOGICAL, 34, "8.1", "8.34" },
	};
	const struct assure_catalog *cat = cat_get();
	const struct assure_iso_control *c, *first, *last;
	size_t i, it;

	(void)state;
	assert_int_equal(cat->niso, 93);
	assert_int_equal(assure_catalog_iso_count(cat, ASSURE_ISO_ANY), 93);
	for (i = 0; i < ASSURE_ARRAY_LEN(themes); i++) {
		assert_int_equal(assure_catalog_iso_count(cat, themes[i].t),
		    themes[i].n);
		first = last = NULL;
		ASSURE_CATALOG_ISO_FOREACH(cat, themes[i].t, it, c) {
			if (first == NULL)
				first = c;
			last = c;
			assert_true(c->title[0] != '\0');
		}
		assert_non_null(first);
		assert_string_equal(first->id, themes[i].first);
		assert_string_equal(last->id, themes[i].last);
	}
}

static void
test_dc_counts(void **state)
{
	const struct assure_catalog *cat = cat_get();
	const struct assure_dc_item *dc;
	char id[32];
	size_t i;

	(void)state;
	assert_int_equal(cat->ndc, 9);
	for (i = 0; i < cat->ndc; i++) {
		snprintf(id, sizeof(id), "DC%zu", i + 1);
		assert_string_equal(cat->dc[i].id, id);
		assert_true(cat->dc[i].summary[0] != '\0');
	}
	assert_int_equal(assure_catalog_dc_find(cat, "dc7", &dc), ASSURE_OK);
	assert_string_equal(dc->id, "DC7");
	assert_int_equal(assure_catalog_dc_find(cat, "DC10", &dc),
	    ASSURE_ERR_NOTFOUND);
}

/* ---------------------------------------------------------------------
 * Cross-walk integrity and coverage
 */

static bool
slice_has(const struct assure_xwalk_pair **pairs, size_t n,
    const struct assure_xwalk_pair *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pairs[i] == p)
			return true;
	return false;
}

static void
test_crosswalk_resolves(void **state)
{
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *t;
	const struct assure_iso_control *c;
	const struct assure_xwalk_pair *p;
	size_t i, sum_tsc = 0, sum_iso = 0, grades[ASSURE_GRADE__MAX] = { 0 };

	(void)state;
	assert_true(cat->npairs > 100);
	for (i = 0; i < cat->npairs; i++) {
		p = &cat->pairs[i];
		assert_int_equal(assure_catalog_tsc_find(cat, p->tsc->id, &t),
		    ASSURE_OK);
		assert_ptr_equal(t, p->tsc);
		assert_int_equal(assure_catalog_iso_find(cat, p->iso->id, &c),
		    ASSURE_OK);
		assert_ptr_equal(c, p->iso);
		assert_true((unsigned)p->grade < ASSURE_GRADE__MAX);
		grades[p->grade]++;
		assert_true(p->rationale[0] != '\0');
		assert_true(strlen(p->rationale) <= ASSURE_CATALOG_TEXT_MAX);
		assert_true(slice_has(p->tsc->pairs, p->tsc->npairs, p));
		assert_true(slice_has(p->iso->pairs, p->iso->npairs, p));
	}
	for (i = 0; i < ASSURE_GRADE__MAX; i++)
		assert_true(grades[i] > 0);
	for (i = 0; i < cat->ntsc; i++)
		sum_tsc += cat->tsc[i].npairs;
	for (i = 0; i < cat->niso; i++)
		sum_iso += cat->iso[i].npairs;
	assert_int_equal(sum_tsc, cat->npairs);
	assert_int_equal(sum_iso, cat->npairs);
}

static void
test_crosswalk_coverage(void **state)
{
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *c;
	size_t i, listed = 0;

	(void)state;
	for (i = 0; i < cat->ntsc; i++) {
		c = &cat->tsc[i];
		/* never both mapped and listed */
		assert_false(c->npairs > 0 && c->no_counterpart != NULL);
		if (c->no_counterpart != NULL) {
			listed++;
			assert_non_null(c->elsewhere);
			assert_true(c->no_counterpart[0] != '\0');
		}
		if (c->category == ASSURE_TSC_SECURITY ||
		    c->category == ASSURE_TSC_AVAILABILITY ||
		    c->category == ASSURE_TSC_CONFIDENTIALITY) {
			if (c->npairs == 0 && c->no_counterpart == NULL)
				fail_msg("%s is neither mapped nor listed",
				    c->id);
		}
		/* our data accounts for all 61, not only S/A/C */
		if (c->npairs == 0 && c->no_counterpart == NULL)
			fail_msg("%s is unaccounted for", c->id);
	}
	assert_int_equal(listed, cat->nno_counterpart);
}

static void
test_no_counterpart_list(void **state)
{
	static const char *const ids[] = {
		"CC1.2", "CC3.3", "CC5.2", "P5.1", "P5.2", "P6.2", "P7.1",
	};
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *c;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(ids); i++) {
		assert_int_equal(assure_catalog_tsc_find(cat, ids[i], &c),
		    ASSURE_OK);
		assert_int_equal(c->npairs, 0);
		assert_non_null(c->no_counterpart);
	}
	assert_int_equal(assure_catalog_tsc_find(cat, "CC6.1", &c),
	    ASSURE_OK);
	assert_null(c->no_counterpart);
}

/* ---------------------------------------------------------------------
 * Look-ups
 */

static void
test_lookup_case_insensitive(void **state)
{
	static const char *const tsc_ids[] = { "CC6.1", "cc6.1", "Cc6.1" };
	static const char *const iso_ids[] = {
		"5.15", "A.5.15", "a.5.15", "A5.15"
	};
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *t;
	const struct assure_iso_control *c;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(tsc_ids); i++) {
		t = NULL;
		assert_int_equal(assure_catalog_tsc_find(cat, tsc_ids[i], &t),
		    ASSURE_OK);
		assert_string_equal(t->id, "CC6.1");
		assert_int_equal(t->category, ASSURE_TSC_SECURITY);
		assert_string_equal(t->group, "CC6");
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(iso_ids); i++) {
		c = NULL;
		assert_int_equal(assure_catalog_iso_find(cat, iso_ids[i], &c),
		    ASSURE_OK);
		assert_string_equal(c->id, "5.15");
		assert_string_equal(c->title, "Access control");
		assert_int_equal(c->theme, ASSURE_ISO_ORGANISATIONAL);
	}
	assert_int_equal(assure_catalog_tsc_find(cat, "pi1.5", &t),
	    ASSURE_OK);
	assert_int_equal(t->category, ASSURE_TSC_PROCESSING_INTEGRITY);
}

static void
test_lookup_unknown(void **state)
{
	static const char *const bad[] = {
		"", "CC6.9", "CC10.1", "CC6", "6.1.1", "5.38", "A.9.1",
		"9.1", "DC1", "P9.1", "CC6.1 ", "x",
	};
	const struct assure_catalog *cat = cat_get();
	const struct assure_tsc_criterion *t = NULL;
	const struct assure_iso_control *c = NULL;
	struct assure_catalog_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assert_int_equal(assure_catalog_tsc_find(cat, bad[i], &t),
		    ASSURE_ERR_NOTFOUND);
		assert_int_equal(assure_catalog_iso_find(cat, bad[i], &c),
		    ASSURE_ERR_NOTFOUND);
		assert_int_equal(assure_catalog_map(cat, bad[i], &e),
		    ASSURE_ERR_NOTFOUND);
	}
	assert_null(t);
	assert_null(c);
}

static const struct assure_xwalk_pair *
find_pair(const struct assure_catalog_entry *e, const char *other)
{
	const struct assure_xwalk_pair *p;
	size_t i;

	for (i = 0; i < e->npairs; i++) {
		p = e->pairs[i];
		if (strcmp(e->kind == ASSURE_CATALOG_TSC ? p->iso->id :
		    p->tsc->id, other) == 0)
			return p;
	}
	return NULL;
}

static void
test_map_both_directions(void **state)
{
	const struct assure_catalog *cat = cat_get();
	struct assure_catalog_entry from_tsc, from_iso;
	const struct assure_xwalk_pair *a, *b;
	size_t i;

	(void)state;
	assert_int_equal(assure_catalog_map(cat, "cc6.1", &from_tsc),
	    ASSURE_OK);
	assert_int_equal(from_tsc.kind, ASSURE_CATALOG_TSC);
	assert_string_equal(from_tsc.id, "CC6.1");
	assert_ptr_equal(from_tsc.text, from_tsc.tsc->summary);
	assert_true(from_tsc.npairs >= 5);
	assert_int_equal(assure_catalog_map(cat, "A.5.15", &from_iso),
	    ASSURE_OK);
	assert_int_equal(from_iso.kind, ASSURE_CATALOG_ISO);
	assert_string_equal(from_iso.id, "5.15");
	assert_string_equal(from_iso.text, "Access control");
	a = find_pair(&from_tsc, "5.15");
	b = find_pair(&from_iso, "CC6.1");
	assert_non_null(a);
	assert_ptr_equal(a, b);
	/* a criterion's controls come in Annex A order */
	for (i = 1; i < from_tsc.npairs; i++)
		assert_true(from_tsc.pairs[i - 1]->iso <
		    from_tsc.pairs[i]->iso);
	/* a criterion with no counterpart maps to nothing, but is found */
	assert_int_equal(assure_catalog_map(cat, "CC1.2", &from_tsc),
	    ASSURE_OK);
	assert_int_equal(from_tsc.npairs, 0);
	/* "A1.1" is the availability criterion, not an Annex A id */
	assert_int_equal(assure_catalog_map(cat, "a1.1", &from_tsc),
	    ASSURE_OK);
	assert_int_equal(from_tsc.kind, ASSURE_CATALOG_TSC);
	assert_non_null(find_pair(&from_tsc, "8.6"));
}

/* Reviewed pairs that must be there, with their grade. */
static void
test_spot_checks(void **state)
{
	static const struct {
		const char		*iso;
		const char		*tsc;
		enum assure_xwalk_grade	 grade;
	} want[] = {
		{ "5.15", "CC6.1", ASSURE_GRADE_SUBSET },
		{ "5.15", "CC6.3", ASSURE_GRADE_SUPERSET },
		{ "5.18", "CC6.2", ASSURE_GRADE_EQUAL },
		{ "8.5", "CC6.1", ASSURE_GRADE_SUBSET },
		{ "7.2", "CC6.4", ASSURE_GRADE_EQUAL },
		{ "7.14", "CC6.5", ASSURE_GRADE_EQUAL },
		{ "8.7", "CC6.8", ASSURE_GRADE_SUBSET },
		{ "8.16", "CC7.2", ASSURE_GRADE_EQUAL },
		{ "5.25", "CC7.3", ASSURE_GRADE_EQUAL },
		{ "8.32", "CC8.1", ASSURE_GRADE_EQUAL },
		{ "5.19", "CC9.2", ASSURE_GRADE_EQUAL },
		{ "5.20", "CC9.2", ASSURE_GRADE_SUBSET },
		{ "8.6", "A1.1", ASSURE_GRADE_EQUAL },
		{ "8.13", "A1.2", ASSURE_GRADE_SUBSET },
		{ "8.10", "C1.2", ASSURE_GRADE_SUPERSET },
		{ "5.12", "C1.1", ASSURE_GRADE_SUBSET },
		{ "5.3", "CC5.1", ASSURE_GRADE_SUBSET },
	};
	const struct assure_catalog *cat = cat_get();
	struct assure_catalog_entry e;
	const struct assure_xwalk_pair *p;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(want); i++) {
		assert_int_equal(assure_catalog_map(cat, want[i].tsc, &e),
		    ASSURE_OK);
		p = find_pair(&e, want[i].iso);
		if (p == NULL)
			fail_msg("pair %s-%s missing", want[i].iso,
			    want[i].tsc);
		if (p->grade != want[i].grade)
			fail_msg("pair %s-%s is %s, expected %s", want[i].iso,
			    want[i].tsc, assure_catalog_grade_name(p->grade),
			    assure_catalog_grade_name(want[i].grade));
	}
}

/* Candidate pairs from the sources that review rejected. */
static void
test_dropped_pairs_absent(void **state)
{
	static const struct {
		const char	*iso;
		const char	*tsc;
	} gone[] = {
		{ "5.3", "CC7.5" },	/* separation of duties: recovery */
		{ "5.3", "A1.3" },	/* separation of duties: DR test */
		{ "6.5", "CC6.2" },	/* duties after leaving: revoking */
		{ "5.12", "CC6.5" },	/* classification: disposal */
		{ "6.4", "CC7.4" },	/* disciplinary: incidents */
		{ "8.34", "CC1.1" },	/* audit testing: ethics */
		{ "5.1", "CC1.1" },	/* security policy: conduct */
	};
	const struct assure_catalog *cat = cat_get();
	struct assure_catalog_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(gone); i++) {
		assert_int_equal(assure_catalog_map(cat, gone[i].iso, &e),
		    ASSURE_OK);
		if (find_pair(&e, gone[i].tsc) != NULL)
			fail_msg("dropped pair %s-%s is present", gone[i].iso,
			    gone[i].tsc);
	}
}

static void
test_names(void **state)
{
	enum assure_tsc_category c;
	enum assure_iso_theme t;
	enum assure_xwalk_grade g;

	(void)state;
	assert_int_equal(assure_catalog_category_parse("Processing_Integrity",
	    &c), ASSURE_OK);
	assert_int_equal(c, ASSURE_TSC_PROCESSING_INTEGRITY);
	assert_int_equal(assure_catalog_category_parse("SECURITY", &c),
	    ASSURE_OK);
	assert_int_equal(c, ASSURE_TSC_SECURITY);
	assert_int_equal(assure_catalog_category_parse("integrity", &c),
	    ASSURE_ERR_NOTFOUND);
	assert_string_equal(assure_catalog_category_title(
	    ASSURE_TSC_PROCESSING_INTEGRITY), "Processing Integrity");
	assert_int_equal(assure_catalog_theme_parse("Organizational", &t),
	    ASSURE_OK);
	assert_int_equal(t, ASSURE_ISO_ORGANISATIONAL);
	assert_int_equal(assure_catalog_theme_parse("technological", &t),
	    ASSURE_OK);
	assert_int_equal(t, ASSURE_ISO_TECHNOLOGICAL);
	assert_int_equal(assure_catalog_theme_parse("logical", &t),
	    ASSURE_ERR_NOTFOUND);
	assert_int_equal(assure_catalog_grade_parse("Superset", &g),
	    ASSURE_OK);
	assert_int_equal(g, ASSURE_GRADE_SUPERSET);
	assert_int_equal(assure_catalog_grade_parse("partial", &g),
	    ASSURE_ERR_NOTFOUND);
	assert_string_equal(assure_catalog_file_path(
	    ASSURE_CATALOG_FILE_XWALK), "catalog/crosswalk.csv");
}

/* ---------------------------------------------------------------------
 * Broken data: the loader names file and line
 */

/*
 * A defect to inject: in file f, the line containing find is replaced by
 * repl (NULL deletes it), or repl is appended when find is NULL.  The load
 * must fail with rc at file want_file (ASSURE_CATALOG_FILE__MAX: same as
 * f), line want_line (0: the line that was replaced; -1: the appended
 * line; other: that line).
 */
struct defect {
	const char			*what;
	enum assure_catalog_file	 f;
	const char			*find;
	const char			*repl;
	enum assure_err			 rc;
	enum assure_catalog_file	 want_file;
	long				 want_line;
};

static const struct defect defects[] = {
	{ "dangling ISO id", ASSURE_CATALOG_FILE_XWALK, "\n5.15,CC6.1,",
	    "5.99,CC6.1,subset,review,Nothing.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "dangling TSC id", ASSURE_CATALOG_FILE_XWALK, "\n8.6,A1.1,",
	    "8.6,A1.9,equal,review,Nothing.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "bad grade", ASSURE_CATALOG_FILE_XWALK, "\n8.6,A1.1,",
	    "8.6,A1.1,same,review,Nothing.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "bad basis", ASSURE_CATALOG_FILE_XWALK, "\n8.6,A1.1,",
	    "8.6,A1.1,equal,rumour,Nothing.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "empty rationale", ASSURE_CATALOG_FILE_XWALK, "\n8.6,A1.1,",
	    "8.6,A1.1,equal,review,", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "repeated pair", ASSURE_CATALOG_FILE_XWALK, NULL,
	    "8.6,A1.1,equal,review,Again.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, -1 },
	{ "unclosed quote", ASSURE_CATALOG_FILE_XWALK, NULL,
	    "8.7,A1.1,equal,review,\"Open", ASSURE_ERR_PARSE,
	    ASSURE_CATALOG_FILE__MAX, -1 },
	{ "short row", ASSURE_CATALOG_FILE_XWALK, NULL, "8.7,A1.1,equal",
	    ASSURE_ERR_PARSE, ASSURE_CATALOG_FILE__MAX, -1 },
	{ "duplicate criterion", ASSURE_CATALOG_FILE_TSC, "\nCC6.2,",
	    "CC6.1,security,CC6,Logical and Physical Access Controls,Again.",
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, 0 },
	{ "missing criterion", ASSURE_CATALOG_FILE_TSC, "\nCC6.2,", NULL,
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, 0 },
	{ "extra criterion", ASSURE_CATALOG_FILE_TSC, NULL,
	    "P9.1,privacy,P9,More,More.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, -1 },
	{ "wrong category", ASSURE_CATALOG_FILE_TSC, "\nA1.1,",
	    "A1.1,security,A1,Additional Criteria for Availability,Cap.",
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, 0 },
	{ "wrong group", ASSURE_CATALOG_FILE_TSC, "\nCC7.1,",
	    "CC7.1,security,CC6,System Operations,Cfg.",
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, 0 },
	{ "two-line summary", ASSURE_CATALOG_FILE_TSC, "\nCC8.1,",
	    "CC8.1,security,CC8,Change Management,\"Two\nlines\"",
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, 0 },
	{ "bad header", ASSURE_CATALOG_FILE_TSC, "id,category,",
	    "id,category,group,name,summary", ASSURE_ERR_PARSE,
	    ASSURE_CATALOG_FILE__MAX, 1 },
	{ "wrong theme", ASSURE_CATALOG_FILE_ISO, "\n6.1,",
	    "6.1,physical,Screening", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "missing control", ASSURE_CATALOG_FILE_ISO, "\n8.34,", NULL,
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, 0 },
	{ "DC10", ASSURE_CATALOG_FILE_DC, NULL, "DC10,More.",
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX, -1 },
	{ "listed and mapped", ASSURE_CATALOG_FILE_NOCP, "\nCC1.2,",
	    "CC6.1,ISO,Not really.", ASSURE_ERR_INVAL,
	    ASSURE_CATALOG_FILE__MAX, 0 },
	{ "listed twice", ASSURE_CATALOG_FILE_NOCP, NULL,
	    "CC1.2,ISO,Again.", ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE__MAX,
	    -1 },
	/* CC1.2 neither mapped nor listed: the error points at the TSC row */
	{ "uncovered criterion", ASSURE_CATALOG_FILE_NOCP, "\nCC1.2,", NULL,
	    ASSURE_ERR_INVAL, ASSURE_CATALOG_FILE_TSC, 3 },
};

/* 1-based number of the line that starts at or contains offset off. */
static long
line_of(const char *s, size_t off)
{
	long line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

static void
test_defects(void **state)
{
	struct assure_catalog_text src[ASSURE_CATALOG_FILE__MAX];
	const struct embedded_file *ef;
	struct assure_catalog *cat;
	const struct defect *df;
	struct assure_diag d;
	char *text, msg[1024];
	const char *orig, *hit, *eol, *want_name;
	size_t i, k, head, tail_off, len;
	long want_line;
	enum assure_err rc;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(defects); i++) {
		df = &defects[i];
		for (k = 0; k < ASSURE_CATALOG_FILE__MAX; k++) {
			ef = assure_embed_find(assure_catalog_file_path(k));
			assert_non_null(ef);
			src[k].name = ef->path;
			src[k].data = ef->data;
			src[k].len = ef->len;
		}
		orig = src[df->f].data;
		len = src[df->f].len;
		text = malloc(len + strlen(df->repl == NULL ? "" : df->repl) +
		    2);
		assert_non_null(text);
		if (df->find == NULL) {
			/* append a line */
			memcpy(text, orig, len);
			head = len;
			if (head > 0 && text[head - 1] != '\n')
				text[head++] = '\n';
			want_line = line_of(text, head);
			memcpy(text + head, df->repl, strlen(df->repl));
			head += strlen(df->repl);
			text[head++] = '\n';
			src[df->f].len = head;
		} else {
			hit = strstr(orig, df->find);
			if (hit == NULL)
				fail_msg("%s: '%s' not in %s", df->what,
				    df->find, src[df->f].name);
			if (*hit == '\n')
				hit++;
			eol = strchr(hit, '\n');
			assert_non_null(eol);
			head = (size_t)(hit - orig);
			tail_off = (size_t)(eol + 1 - orig);
			want_line = line_of(orig, head);
			memcpy(text, orig, head);
			if (df->repl != NULL) {
				memcpy(text + head, df->repl,
				    strlen(df->repl));
				head += strlen(df->repl);
				text[head++] = '\n';
			}
			memcpy(text + head, orig + tail_off, len - tail_off);
			src[df->f].len = head + len - tail_off;
		}
		src[df->f].data = text;
		if (df->want_line > 0)
			want_line = df->want_line;
		want_name = assure_catalog_file_path(
		    df->want_file == ASSURE_CATALOG_FILE__MAX ? df->f :
		    df->want_file);

		assure_diag_clear(&d);
		cat = NULL;
		rc = assure_catalog_load(src, &cat, &d);
		assure_diag_format(&d, msg, sizeof(msg));
		if (rc != df->rc)
			fail_msg("%s: rc %s, expected %s (%s)", df->what,
			    assure_strerror(rc), assure_strerror(df->rc), msg);
		assert_null(cat);
		if (strcmp(d.source, want_name) != 0 ||
		    (long)d.line != want_line)
			fail_msg("%s: located at '%s', expected %s:%ld",
			    df->what, msg, want_name, want_line);
		free(text);
	}
}

/* The same data loads when handed in explicitly, and frees cleanly. */
static void
test_load_free(void **state)
{
	struct assure_catalog_text src[ASSURE_CATALOG_FILE__MAX];
	const struct embedded_file *ef;
	struct assure_catalog *cat = NULL;
	struct assure_diag d;
	size_t k;

	(void)state;
	for (k = 0; k < ASSURE_CATALOG_FILE__MAX; k++) {
		ef = assure_embed_find(assure_catalog_file_path(k));
		assert_non_null(ef);
		src[k].name = ef->path;
		src[k].data = ef->data;
		src[k].len = ef->len;
	}
	assert_int_equal(assure_catalog_load(src, &cat, &d), ASSURE_OK);
	assert_non_null(cat);
	assert_int_equal(cat->npairs, cat_get()->npairs);
	assure_catalog_free(cat);
	assure_catalog_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tsc_counts),
		cmocka_unit_test(test_iso_counts),
		cmocka_unit_test(test_dc_counts),
		cmocka_unit_test(test_crosswalk_resolves),
		cmocka_unit_test(test_crosswalk_coverage),
		cmocka_unit_test(test_no_counterpart_list),
		cmocka_unit_test(test_lookup_case_insensitive),
		cmocka_unit_test(test_lookup_unknown),
		cmocka_unit_test(test_map_both_directions),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_dropped_pairs_absent),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_defects),
		cmocka_unit_test(test_load_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
