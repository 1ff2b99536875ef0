/*
 * workbook.h: the auditor's workbook: a Type 2 report (type2.h) as one
 * XLSX file, the form a CPA firm's staff work from.
 *
 *   Summary        organisation, system, period, when generated and the
 *                  checkpoint that seeds the samples (or why there is
 *                  none); then one row per control: id (a link to its
 *                  sheet), title, frequency, status, criteria, tests,
 *                  expected, occurred, population, sample, failing
 *                  exceptions, gaps and conclusion (coloured), with an
 *                  autofilter and a frozen header row.
 *   one per control
 *                  named after the control id (sanitised to Excel's 31
 *                  characters without []:*?/\ and de-duplicated): its
 *                  design and conclusion, then its population with one
 *                  row per record (a unit's evaluations and documents
 *                  filed, or an event's result under each test) and the
 *                  draw that sampled it, then the exceptions, the gaps,
 *                  the sample with what was found, and the evidence used.
 *   Request list   the auditor's request (PBC) list: per control what
 *                  will be asked for (the sampled units, the sampled
 *                  records, or the documents evidencing the control), its
 *                  owner, and open or provided.
 *
 * Dates and instants are Excel dates, counts are numbers, and every text
 * is written as a string, never a formula, so that a subject such as
 * "=HYPERLINK(...)" stays literal.  Text longer than Excel's 32,767
 * characters is cut with "...", invalid UTF-8 replaced by U+FFFD; a table
 * that would pass Excel's 1,048,576 rows is cut with a note row saying how
 * many rows are missing (the JSON form of the report lists them all).
 *
 * The worksheets are written in libxlsxwriter's constant-memory mode:
 * rows in order, through temporary files, whatever the population.
 */
#ifndef ASSURE_REPORT_WORKBOOK_H
#define ASSURE_REPORT_WORKBOOK_H

#include "common/compat.h"
#include "common/err.h"
#include "report/type2.h"

/*
 * Write t as an XLSX workbook to path (created or replaced; not
 * atomically: write to a temporary name and rename it).  ASSURE_ERR_IO
 * naming path when libxlsxwriter fails (the partial file is removed),
 * ASSURE_ERR_NOMEM.
 */
enum assure_err workbook_write(const struct type2doc *t, const char *path,
    struct assure_diag *reterr_diag);

/*
 * The rows a worksheet may hold: Excel's 1,048,576, or less for the
 * tests (0 restores the default).
 */
void workbook_set_rows_max(size_t rows);

#endif
