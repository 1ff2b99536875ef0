/*
 * run.h: a collection run, the unit of live collection (`assure collect
 * SOURCE`, and the server's schedules).
 *
 * A run fetches pages from one source's API.  Each page is kept raw as
 * evidence and parsed by the existing parser of its kind, in its own
 * transaction, as `assure ingest` would (ingest_file()), its collector
 * naming the source and the run.  The run itself is a row (collection_run)
 * with its pages (collection_page), and when it ends, one ledger entry
 * ("collection") listing every page's digest, kind and URL (without query
 * string) and whether the run was complete, in the same transaction as
 * the row that closes it.
 *
 * A run that fails part-way keeps the pages it stored and is closed as
 * incomplete, never as a complete snapshot: the evidence of a run that is
 * not complete (failed, or still going) is left out of every population
 * the tests read (a partial account list must not make people look
 * deprovisioned), though it stays stored, logged and downloadable.
 */
#ifndef ASSURE_COLLECT_RUN_H
#define ASSURE_COLLECT_RUN_H

#include "common/compat.h"
#include "common/err.h"

struct workspace;

#define RUN_SOURCE_MAX	32	/* "github", "okta", ... */
#define RUN_NOTE_MAX	512	/* why a run is incomplete */

struct run {
	struct workspace	*ws;
	int64_t			 id;
	char			 source[RUN_SOURCE_MAX];
	int64_t			 started_at;
	size_t			 pages;
	uint64_t		 bytes;
	size_t			 records;
	bool			 closed;
};

/*
 * Open a run of source at now (a row, not complete).  target names what
 * it collects, for people ("acme/payroll-api", "acme.okta.com").
 */
enum assure_err run_begin(struct workspace *ws, const char *source,
    const char *target, int64_t now, struct run *ret_run,
    struct assure_diag *reterr_diag);

/* What a page is. */
struct run_page {
	const char	*kind;		/* the evidence kind it is ingested as */
	const char	*url;		/* where it came from (query stripped
					   before it is stored or logged) */
	const void	*data;
	size_t		 len;
	int64_t		 as_of;		/* the instant it describes: usually
					   the run's start, so that one run's
					   pages are one snapshot */
	/* The kind's options, as ingest's (NULL when not needed). */
	const char	*tenant;	/* identity kinds */
	const char	*repo;		/* change kinds: OWNER/NAME */
	const char	*branch;	/* github-branch-protection */
	const char	*user;		/* okta-factors */
	const char	*change;	/* github-reviews: the pull's number */
};

/*
 * Keep one page: ingest it (its own transaction) and link it to the run.
 * The same bytes already stored are linked, not stored again.  A page the
 * parser refuses is an error with the parser's location; the caller then
 * ends the run incomplete.  *ret_records (may be NULL) gets its records.
 */
enum assure_err run_page(struct run *r, const struct run_page *p,
    size_t *ret_records, struct assure_diag *reterr_diag);

/*
 * Close the run at now: complete, or not with why (a line, no secrets).
 * Writes the ledger entry listing its pages.  Closing twice is a bug.
 */
enum assure_err run_end(struct run *r, bool complete, const char *why,
    int64_t now, struct assure_diag *reterr_diag);

/* A run as listed (assure collect --list-runs, the dashboard, alerts). */
struct run_info {
	int64_t	id;
	char	source[RUN_SOURCE_MAX];
	char	target[256];
	int64_t	started_at, ended_at;	/* ended_at 0: still open */
	bool	complete;
	char	note[RUN_NOTE_MAX];
	size_t	pages;
};

/*
 * The newest runs (at most n, newest first) into out; *ret_n the count.
 * With source non-NULL, only its runs.
 */
enum assure_err run_list(struct workspace *ws, const char *source,
    struct run_info *out, size_t n, size_t *ret_n,
    struct assure_diag *reterr_diag);

#endif
