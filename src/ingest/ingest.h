/*
 * ingest.h: adding one evidence file to a workspace.
 *
 * The bytes are hashed as received (SHA-256).  Identical bytes already in
 * the store are not stored again; collected as of another instant, they
 * are an observation (the evidence stands as of that instant too),
 * recorded with its ledger entry (and a --control link with its own, in
 * the same transaction); otherwise the ingest is a no-op that says so.
 * Otherwise, in one store
 * transaction: the evidence row is inserted, the kind's parser turns the
 * bytes into population records, and the bytes are written by hash under
 * .assure/evidence/.  Any parse error rolls everything back: nothing of a
 * rejected file is stored.  A failure not about the file's contents (the
 * store, a full disk) is restated as "FILE: not ingested: WHERE: why".
 */
#ifndef ASSURE_INGEST_H
#define ASSURE_INGEST_H

#include "common/compat.h"

#include <stdio.h>
#include "common/err.h"
#include "common/hash.h"
#include "parse/credreport.h"	/* enum tri, struct opt_time */
#include "store/store.h"
#include "workspace/workspace.h"

#define INGEST_FILE_MAX		(4ull * 1024 * 1024 * 1024)
#define INGEST_CHUNK		(256 * 1024)

struct ingest_opts;

/* Where an evidence file's records go while it is parsed. */
struct ingest_sink {
	struct store			*store;
	int64_t				 evidence_id;
	const char			*source;	/* the file name */
	unsigned long			 records;	/* counted by the kind */
	const struct ingest_opts	*opts;	/* the kind's options */
};

/* A header rename for kinds that take --map FROM=TO. */
struct ingest_map {
	const char	*from;
	const char	*to;
};

#define INGEST_MAPS_MAX		64

/* One evidence kind: a name and a streaming parser into the store. */
struct evidence_kind {
	const char	*name;
	const char	*summary;
	const char	*formats;	/* what files it takes */
	enum assure_err	(*begin)(struct ingest_sink *sink, void **ret_state,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*feed)(void *state, const void *data, size_t len,
			    struct assure_diag *reterr_diag);
	/* Sets *ret_has_as_of when the file says what instant it speaks for. */
	enum assure_err	(*finish)(void *state, bool *ret_has_as_of,
			    int64_t *ret_as_of, struct assure_diag *reterr_diag);
	void		(*free)(void *state);
	/*
	 * For kinds that read a directory (git-repo: a clone): write the
	 * evidence the directory o->path yields to out; the bytes written
	 * are then ingested as if they were the file.  NULL: files only.
	 */
	enum assure_err	(*collect)(const struct ingest_opts *o, FILE *out,
			    struct assure_diag *reterr_diag);
};

/*
 * Helpers of the kinds' store adapters: a tri-state and an optional
 * instant as a column value (absent: NULL), and the outcome of storing one
 * record: counted on success; on failure the diagnostic is restated as
 * "source:line: cannot store WHAT: why" and rc returned.
 */
struct store_val ingest_tri(enum tri t);
struct store_val ingest_time(struct opt_time t);
enum assure_err ingest_stored(struct ingest_sink *sink, enum assure_err rc,
    unsigned long line, const char *what, struct assure_diag *reterr_diag);

/* NULL-terminated table of every kind, in `assure ingest --list` order. */
extern const struct evidence_kind *const evidence_kinds[];
const struct evidence_kind *ingest_kind_find(const char *name);

typedef void (*ingest_progress_fn)(uint64_t done, uint64_t total, void *arg);

struct ingest_opts {
	const char		*kind;
	const char		*path;
	const char		*collector;	/* who or what collected it */
	bool			 has_as_of;	/* --as-of */
	int64_t			 as_of;
	bool			 has_period;	/* --period */
	int64_t			 period_start;
	int64_t			 period_end;
	int64_t			 collected_at;
	ingest_progress_fn	 progress;
	void			*progress_arg;
	/* Options of the identity kinds (NULL / 0 when not given). */
	const char		*tenant;	/* --tenant */
	const char		*user;		/* --user */
	const struct ingest_map	*maps;		/* --map, in order */
	size_t			 nmaps;
	/* Options of the change-management kinds. */
	const char		*repo;		/* --repo owner/name */
	const char		*branch;	/* --branch */
	const char		*change;	/* --change N */
	/* Option of the scanner kinds. */
	const char		*asset;		/* --asset */
	/* Any kind: file the evidence against this control (--control),
	 * which the caller has checked exists. */
	const char		*control;
};

struct ingest_result {
	bool		duplicate;	/* these bytes were already stored */
	bool		observed;	/* ... and are now seen as of a new */
	int64_t		observed_as_of;	/* instant (an observation) */
	bool		linked;		/* newly filed against --control */
	char		digest[ASSURE_DIGEST_STRLEN];
	int64_t		evidence_id;
	unsigned long	records;
	int64_t		as_of;
	const char	*as_of_origin;	/* "given", "file", "collected" */
	uint64_t	size;
	char		existing_kind[64];	/* for a duplicate */
};

enum assure_err ingest_file(struct workspace *ws, const struct ingest_opts *o,
    struct ingest_result *ret, struct assure_diag *reterr_diag);

/* A temporary evidence copy older than this was left by a killed ingest. */
#define INGEST_TMP_STALE_SECONDS	3600
#define INGEST_TMP_PREFIX		"tmp."

/*
 * Remove the temporary copies ("tmp.XXXXXX" directly under the evidence
 * store) that an ingest killed before its commit left behind, once they
 * are older than INGEST_TMP_STALE_SECONDS by the wall clock: younger ones
 * may belong to an ingest running now.  No query ever reads them, so this
 * is housekeeping, not repair.  Best effort: a file that cannot be removed
 * is left alone.  Returns the number removed.
 */
unsigned ingest_sweep_temps(const struct workspace *ws);

#endif
