/*
 * changes.h: the change-management populations the change tests judge.
 *
 * Changes, reviews, deployments and deployment statuses are events: as of
 * T they are the union of every file whose as-of is not after T, however
 * the pages were split into files and in whatever order they arrived (a
 * review may come before its pull).  Where the same record is in several
 * files (a pull on a list page and as a single pull; a review seen again
 * once dismissed), the row from the newest file wins and its absent
 * values are filled from older rows.
 *
 * A deployment's result is its own (a CI/CD log says it) or else that of
 * its statuses: success when any status is success (GitHub marks an
 * earlier successful deployment inactive when a newer one succeeds), else
 * the newest status's state, else unknown.
 *
 * Branch protection is a snapshot: the newest file per (system, repo,
 * branch) not after T.  The first-parent history of a branch is the
 * newest git-repo export per (repo, branch) not after T.
 */
#ifndef ASSURE_RULES_CHANGES_H
#define ASSURE_RULES_CHANGES_H

#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "rules/rules.h"

#define CHG_CHANGES_MAX		5000000
#define CHG_REVIEWS_MAX		20000000
#define CHG_DEPLOYMENTS_MAX	5000000
#define CHG_COMMITS_MAX		20000000
#define CHG_EVIDENCE_MAX	1000000

struct chg_rv {
	char	*review_id;
	char	*reviewer;	/* NULL: a deleted account */
	int	 bot;		/* 1, 0, -1 unknown */
	char	*state;
	bool	 has_submitted;
	int64_t	 submitted;
	char	*commit;
};

struct chg_pr {
	char		*system;
	char		*repo;
	int64_t		 number;
	char		*title;
	char		*author;
	int		 author_bot;
	char		*state;
	bool		 has_merged_at;
	int64_t		 merged_at;
	char		*merged_by;
	char		*base;
	char		*head_sha;
	char		*merge_sha;
	char		*labels;
	char		*url;
	struct chg_rv	*rv;		/* its reviews, by submission */
	size_t		 nrv;
};

struct chg_dep {
	char	*system;
	char	*repo;		/* NULL: a log that names none */
	char	*id;
	char	*environment;
	char	*sha;
	bool	 has_created;
	int64_t	 created;
	char	*actor;
	int	 production;	/* 1, 0, -1 not said */
	char	*result;	/* effective; NULL unknown */
};

struct chg_prot {
	char	*system;
	char	*repo;
	char	*branch;
	bool	 protected;
	int64_t	 required;	/* -1 not said */
	int	 dismiss_stale;	/* 1, 0, -1 */
	int	 enforce_admins;
	int64_t	 evidence_id;
	int64_t	 as_of;
};

struct chg_commit_row {
	char	*repo;
	char	*branch;
	char	*sha;
	int64_t	 position;
	char	*parents;
};

struct chg_ev {
	int64_t	 id;
	char	 sha256[ASSURE_SHA256_HEXLEN + 1];
	char	 kind[40];
	int64_t	 as_of;
};

struct chg_sha {
	const char	*sha;
	size_t		 pr;		/* index into pr */
	bool		 merge;		/* the merge sha, not the head */
};

struct chg_population {
	struct chg_pr		*pr;		/* by (system, repo, number) */
	size_t			 npr;
	struct chg_rv		*orphans;	/* reviews of unknown changes */
	size_t			 norphans;
	struct chg_dep		*dep;		/* by creation time */
	size_t			 ndep;
	struct chg_prot		*prot;		/* newest per branch */
	size_t			 nprot;
	struct chg_commit_row	*commits;	/* by (repo, branch, position) */
	size_t			 ncommits;
	struct chg_ev		*ev;
	size_t			 nev;
	bool			 has_changes_ev;	/* pulls or MRs */
	int64_t			 changes_as_of;		/* newest of them */
	bool			 has_deploy_ev;
	int64_t			 deploy_as_of;
	/* Indexes: changes by merge or head sha, commits by sha. */
	struct chg_sha		*byhash;
	size_t			 nbyhash;
	struct chg_sha		*cbysha;	/* .pr: index into commits */
	/* Strings. */
	char			**strs;
	size_t			 nstrs;
	size_t			 capstrs;
	struct chg_rv		*rvall;		/* owns every review */
	size_t			 nrvall;
};

/* Load the populations as of ctx->as_of; release whatever the outcome. */
enum assure_err chg_population_load(const struct test_ctx *ctx,
    struct chg_population *ret, struct assure_diag *reterr_diag);
void chg_population_release(struct chg_population *p);

/* Add the evidence of the given kinds (NULL-terminated; NULL: all). */
enum assure_err chg_population_evidence(const struct chg_population *p,
    const char *const *kinds, struct test_result *res);

/* The change of repo whose merge or head sha is sha, or NULL. */
const struct chg_pr *chg_find_by_sha(const struct chg_population *p,
    const char *repo, const char *sha);

/*
 * The first-parent history of repo that holds sha: *ret_first is the
 * index in p->commits of the commit, and the branch's commits run from
 * there while repo and branch stay the same.  false when no export has it.
 */
bool chg_find_commit(const struct chg_population *p, const char *repo,
    const char *sha, size_t *ret_index);

#endif
