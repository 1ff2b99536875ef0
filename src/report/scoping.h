/*
 * scoping.h: the scoping statement, the document of step 1 that a CPA firm
 * takes as the basis of the engagement letter: the system, its boundary,
 * the categories and criteria in scope, what is left out and why, the
 * sub-service organisations and how they are presented, and the
 * complementary user-entity controls.
 *
 * One content, three renderings: Markdown and HTML through doc.h, and JSON
 * (also what `assure scope --format json` prints).  Criteria of categories
 * not in scope appear nowhere, not even in the criteria that sub-service
 * organisations and CUECs bear on; a CUEC that bears only on such criteria
 * is left out.
 */
#ifndef ASSURE_REPORT_SCOPING_H
#define ASSURE_REPORT_SCOPING_H

#include "catalog/catalog.h"
#include "common/buf.h"
#include "common/compat.h"
#include "common/jsonw.h"
#include "report/doc.h"
#include "scope/scope.h"
#include "workspace/config.h"

struct scoping {
	const struct config		*cfg;
	const struct scope		*scope;
	const struct assure_catalog	*cat;
	/* when the document is produced (assure_now()) */
	int64_t				 generated;
};

/* Append the statement to out in fmt; errors are sticky in out. */
void report_scoping(const struct scoping *s, enum doc_format fmt,
    struct assure_buf *out);

/* Whether a CUEC bears on a criterion in scope (or names none). */
bool scoping_cuec_in_scope(const struct scope_cuec *c, unsigned categories);

/*
 * JSON pieces shared by the scoping statement and the system description:
 * the in-scope ids of a criteria list, a list of scope items (with the
 * classification of data items when data is true), a list of strings.
 */
void scoping_json_criteria(struct jsonw *w, const struct scope_criteria *cr,
    unsigned categories);
void scoping_json_items(struct jsonw *w, const struct scope_item *v, size_t n,
    bool data);
void scoping_json_strings(struct jsonw *w, const char *const *v, size_t n);
/* The keys boundary (components by type), out_of_boundary, locations. */
void scoping_json_boundary(struct jsonw *w, const struct scope *sc);
/* A table of scope items headed what (data items with their
 * classification and whether personal). */
void scoping_doc_items_table(struct doc *d, const char *what,
    const struct scope_item *v, size_t n, bool data);

#endif
