/*
 * change.h: the normalised records every change-management parser emits:
 * changes (pull requests, merge requests), reviews and approvals,
 * deployments and their statuses, branch protection settings, and commits
 * of a branch's first-parent history.  Strings point into the parser's
 * buffers and live only during the callback; absent values are NULL,
 * TRI_ABSENT, -1 or has = false, never a default.
 *
 * The kinds adapter (src/ingest/kind_change.c) stores each record as one
 * row of schema/sqlite/0006_change.sql.
 */
#ifndef ASSURE_PARSE_CHANGE_H
#define ASSURE_PARSE_CHANGE_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/credreport.h"	/* enum tri, struct opt_time */

/* A pull request or merge request. */
struct chg_change {
	unsigned long	 line;		/* of the record's opening brace */
	unsigned long	 index;		/* 0-based record number */
	const char	*system;	/* "github" | "gitlab" */
	const char	*repo;		/* "owner/name", "group/sub/project" */
	int64_t		 number;	/* pull number, MR iid */
	const char	*title;
	const char	*author;	/* login / username */
	enum tri	 author_bot;	/* user.type "Bot", login "...[bot]" */
	const char	*state;		/* open | closed | merged (normalised) */
	struct opt_time	 created;
	struct opt_time	 updated;
	struct opt_time	 closed;
	struct opt_time	 merged_at;	/* absent: not merged (or unknown) */
	enum tri	 merged;	/* single GET's "merged"; MR state */
	const char	*merged_by;	/* absent in list responses */
	const char	*base_branch;	/* base.ref, target_branch */
	const char	*head_sha;	/* head.sha, sha */
	const char	*merge_sha;	/* merge_commit_sha (or squash sha) */
	const char	*labels;	/* names joined by ',', or NULL */
	const char	*url;		/* html_url / web_url */
};

/*
 * A review of a change (GitHub review) or an approval (GitLab).  GitLab
 * approvals carry no time and no commit: submitted.has false, commit NULL,
 * review_id "approval:<username>".
 */
struct chg_review {
	unsigned long	 line;
	unsigned long	 index;
	const char	*system;
	const char	*repo;
	int64_t		 number;	/* the change it reviews */
	const char	*review_id;
	const char	*reviewer;	/* login; NULL for a deleted user */
	enum tri	 reviewer_bot;
	const char	*state;		/* APPROVED | CHANGES_REQUESTED |
					   COMMENTED | DISMISSED | PENDING */
	struct opt_time	 submitted;
	const char	*commit;	/* commit_id reviewed */
};

/* A deployment (GitHub deployment, or a CI/CD deployment log line). */
struct chg_deployment {
	unsigned long	 line;
	unsigned long	 index;
	const char	*system;	/* "github" | "log" */
	const char	*repo;		/* may be NULL in a log without one */
	const char	*deployment_id;	/* GitHub id; log: id column or row */
	const char	*environment;
	const char	*sha;
	const char	*ref;
	struct opt_time	 created;	/* when it was made / ran */
	const char	*actor;		/* creator.login, actor column */
	enum tri	 production;	/* production_environment, if said */
	const char	*result;	/* success | failure | error | ... ;
					   NULL when the record cannot say
					   (GitHub: see statuses) */
	const char	*url;		/* pipeline run URL, statuses_url */
};

/* One status of a GitHub deployment. */
struct chg_deploy_status {
	unsigned long	 line;
	unsigned long	 index;
	const char	*system;
	const char	*repo;
	const char	*deployment_id;	/* from deployment_url */
	const char	*status_id;
	const char	*state;		/* error | failure | inactive |
					   in_progress | queued | pending |
					   success */
	struct opt_time	 created;
	const char	*creator;
	const char	*environment;
};

/* The protection of one branch.  protected false: "Branch not protected". */
struct chg_protection {
	unsigned long	 line;
	const char	*system;
	const char	*repo;
	const char	*branch;
	enum tri	 protected;
	long		 required_approvals;	/* -1 absent */
	enum tri	 dismiss_stale;
	enum tri	 code_owners;
	enum tri	 last_push_approval;
	enum tri	 enforce_admins;
	enum tri	 force_pushes;		/* allowed */
	enum tri	 deletions;		/* allowed */
	enum tri	 signatures;		/* required */
	enum tri	 linear_history;	/* required */
	const char	*status_checks;		/* contexts joined by ',' */
};

/* A commit of a branch's first-parent history (git-repo). */
struct chg_commit {
	unsigned long	 line;
	unsigned long	 index;
	const char	*repo;
	const char	*branch;
	const char	*sha;
	long		 position;	/* 0 = branch head, 1 its first parent */
	const char	*parents;	/* shas joined by ' '; "" for a root */
	const char	*author_name;
	const char	*author_email;
	struct opt_time	 authored;
	const char	*committer_name;
	const char	*committer_email;
	struct opt_time	 committed;
	enum tri	 signed_;	/* a signature header is present */
	const char	*summary;	/* first line of the message */
};

struct chg_sink {
	enum assure_err	(*change)(const struct chg_change *c, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*review)(const struct chg_review *r, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*deployment)(const struct chg_deployment *x,
			    void *arg, struct assure_diag *reterr_diag);
	enum assure_err	(*status)(const struct chg_deploy_status *s,
			    void *arg, struct assure_diag *reterr_diag);
	enum assure_err	(*protection)(const struct chg_protection *b,
			    void *arg, struct assure_diag *reterr_diag);
	enum assure_err	(*commit)(const struct chg_commit *c, void *arg,
			    struct assure_diag *reterr_diag);
	void		*arg;
};

#endif
