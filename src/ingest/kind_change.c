/*
 * kind_change.c: the change-management evidence kinds (github-pulls,
 * github-reviews, github-deployments, github-deployment-statuses,
 * github-branch-protection, gitlab-merge-requests, gitlab-approvals,
 * git-repo, deployments-csv, deployments-json).  Each feeds the bytes to
 * its parser (parse/chparse.h) and inserts every record into the tables of
 * schema/sqlite/0006_change.sql within the ingest transaction.  The rules
 * of each kind are in docs/EVIDENCE.md and atop its parser.
 *
 * git-repo also takes a directory, a local clone: ingest_file() first
 * writes the branch's first-parent history as the canonical export
 * (collect/gitrepo.h) and ingests that, so the stored evidence is exactly
 * the bytes that were parsed.
 *
 * CONTROL: tsc:CC8.1
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "collect/gitrepo.h"
#include "ingest/ingest.h"
#include "parse/chparse.h"

struct chg_state {
	struct ingest_sink	*sink;
	struct chg_parser	*parser;
	struct chg_opts		 o;
};

static enum assure_err
put_change(const struct chg_change *x, void *arg, struct assure_diag *d)
{
	struct chg_state *st = arg;
	struct store_val p[21];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->system);
	p[4] = STORE_TEXTV(x->repo);
	p[5] = STORE_INTV(x->number);
	p[6] = STORE_OPTTEXT(x->title);
	p[7] = STORE_OPTTEXT(x->author);
	p[8] = ingest_tri(x->author_bot);
	p[9] = STORE_OPTTEXT(x->state);
	p[10] = ingest_time(x->created);
	p[11] = ingest_time(x->updated);
	p[12] = ingest_time(x->closed);
	p[13] = ingest_time(x->merged_at);
	p[14] = ingest_tri(x->merged);
	p[15] = STORE_OPTTEXT(x->merged_by);
	p[16] = STORE_OPTTEXT(x->base_branch);
	p[17] = STORE_OPTTEXT(x->head_sha);
	p[18] = STORE_OPTTEXT(x->merge_sha);
	p[19] = STORE_OPTTEXT(x->labels);
	p[20] = STORE_OPTTEXT(x->url);
	rc = store_exec(st->sink->store, STMT_CHG_CHANGE_INSERT, p, 21, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the change", d);
}

static enum assure_err
put_review(const struct chg_review *x, void *arg, struct assure_diag *d)
{
	struct chg_state *st = arg;
	struct store_val p[12];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->system);
	p[4] = STORE_TEXTV(x->repo);
	p[5] = STORE_INTV(x->number);
	p[6] = STORE_TEXTV(x->review_id);
	p[7] = STORE_OPTTEXT(x->reviewer);
	p[8] = ingest_tri(x->reviewer_bot);
	p[9] = STORE_TEXTV(x->state);
	p[10] = ingest_time(x->submitted);
	p[11] = STORE_OPTTEXT(x->commit);
	rc = store_exec(st->sink->store, STMT_CHG_REVIEW_INSERT, p, 12, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the review", d);
}

static enum assure_err
put_deployment(const struct chg_deployment *x, void *arg,
    struct assure_diag *d)
{
	struct chg_state *st = arg;
	struct store_val p[14];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->system);
	p[4] = STORE_OPTTEXT(x->repo);
	p[5] = STORE_TEXTV(x->deployment_id);
	p[6] = STORE_TEXTV(x->environment);
	p[7] = STORE_TEXTV(x->sha);
	p[8] = STORE_OPTTEXT(x->ref);
	p[9] = ingest_time(x->created);
	p[10] = STORE_OPTTEXT(x->actor);
	p[11] = ingest_tri(x->production);
	p[12] = STORE_OPTTEXT(x->result);
	p[13] = STORE_OPTTEXT(x->url);
	rc = store_exec(st->sink->store, STMT_CHG_DEPLOYMENT_INSERT, p, 14, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the deployment", d);
}

static enum assure_err
put_status(const struct chg_deploy_status *x, void *arg,
    struct assure_diag *d)
{
	struct chg_state *st = arg;
	struct store_val p[11];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->system);
	p[4] = STORE_TEXTV(x->repo);
	p[5] = STORE_TEXTV(x->deployment_id);
	p[6] = STORE_TEXTV(x->status_id);
	p[7] = STORE_TEXTV(x->state);
	p[8] = ingest_time(x->created);
	p[9] = STORE_OPTTEXT(x->creator);
	p[10] = STORE_OPTTEXT(x->environment);
	rc = store_exec(st->sink->store, STMT_CHG_STATUS_INSERT, p, 11, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the deployment status", d);
}

static enum assure_err
put_protection(const struct chg_protection *x, void *arg,
    struct assure_diag *d)
{
	struct chg_state *st = arg;
	struct store_val p[16];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->line);
	p[2] = STORE_TEXTV(x->system);
	p[3] = STORE_TEXTV(x->repo);
	p[4] = STORE_TEXTV(x->branch);
	p[5] = STORE_INTV(x->protected == TRI_TRUE ? 1 : 0);
	p[6] = STORE_OPTINT(x->required_approvals >= 0,
	    x->required_approvals);
	p[7] = ingest_tri(x->dismiss_stale);
	p[8] = ingest_tri(x->code_owners);
	p[9] = ingest_tri(x->last_push_approval);
	p[10] = ingest_tri(x->enforce_admins);
	p[11] = ingest_tri(x->force_pushes);
	p[12] = ingest_tri(x->deletions);
	p[13] = ingest_tri(x->signatures);
	p[14] = ingest_tri(x->linear_history);
	p[15] = STORE_OPTTEXT(x->status_checks);
	rc = store_exec(st->sink->store, STMT_CHG_PROTECTION_INSERT, p, 16, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the branch protection", d);
}

static enum assure_err
put_commit(const struct chg_commit *x, void *arg, struct assure_diag *d)
{
	struct chg_state *st = arg;
	struct store_val p[16];
	enum assure_err rc;

	p[0] = STORE_INTV(st->sink->evidence_id);
	p[1] = STORE_INTV((int64_t)x->index);
	p[2] = STORE_INTV((int64_t)x->line);
	p[3] = STORE_TEXTV(x->repo);
	p[4] = STORE_TEXTV(x->branch);
	p[5] = STORE_TEXTV(x->sha);
	p[6] = STORE_INTV(x->position);
	p[7] = STORE_TEXTV(x->parents);
	p[8] = STORE_OPTTEXT(x->author_name);
	p[9] = STORE_OPTTEXT(x->author_email);
	p[10] = ingest_time(x->authored);
	p[11] = STORE_OPTTEXT(x->committer_name);
	p[12] = STORE_OPTTEXT(x->committer_email);
	p[13] = ingest_time(x->committed);
	p[14] = ingest_tri(x->signed_);
	p[15] = STORE_OPTTEXT(x->summary);
	rc = store_exec(st->sink->store, STMT_CHG_COMMIT_INSERT, p, 16, NULL, NULL,
	    d);
	return ingest_stored(st->sink, rc, x->line, "the commit", d);
}

static enum assure_err
chg_begin(enum chg_format fmt, struct ingest_sink *sink, void **ret_state,
    struct assure_diag *d)
{
	struct chg_state *st;
	struct chg_sink cs;
	const struct ingest_opts *io = sink->opts;
	enum assure_err rc;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->o.source = sink->source;
	if (io != NULL) {
		if (io->tenant != NULL || io->user != NULL || io->nmaps > 0) {
			free(st);
			return assure_diag_set(d, ASSURE_ERR_INVAL,
			    sink->source, 0, 0, io->tenant != NULL ?
			    "--tenant" : io->user != NULL ? "--user" : "--map",
			    "%s takes no such option", chg_format_name(fmt));
		}
		/*
		 * git-repo's --repo and --branch are the collector's (which
		 * branch of a clone, named how); the export names both.
		 */
		st->o.repo = fmt == CHG_FMT_GIT_REPO ? NULL : io->repo;
		st->o.branch = fmt == CHG_FMT_GIT_REPO ? NULL : io->branch;
		st->o.change = io->change;
	}
	cs.change = put_change;
	cs.review = put_review;
	cs.deployment = put_deployment;
	cs.status = put_status;
	cs.protection = put_protection;
	cs.commit = put_commit;
	cs.arg = st;
	rc = chg_parser_new(fmt, &st->o, &cs, &st->parser, d);
	if (rc != ASSURE_OK) {
		free(st);
		return rc;
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
chg_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	struct chg_state *st = state;

	return chg_parser_feed(st->parser, data, len, d);
}

static enum assure_err
chg_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct chg_state *st = state;
	enum assure_err rc;

	*ret_has_as_of = false;
	rc = chg_parser_finish(st->parser, d);
	if (rc == ASSURE_OK)
		*ret_has_as_of = chg_parser_as_of(st->parser, ret_as_of);
	return rc;
}

static void
chg_free(void *state)
{
	struct chg_state *st = state;

	if (st == NULL)
		return;
	chg_parser_free(st->parser);
	free(st);
}

/* git-repo from a clone: the canonical export of its branch. */
static enum assure_err
git_collect(const struct ingest_opts *o, FILE *out, struct assure_diag *d)
{
	unsigned long n;

	if (o->branch == NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, o->path, 0, 0,
		    "--branch", "a clone needs --branch, the branch whose "
		    "first-parent history to read");
	return gitrepo_export(o->path, o->branch, o->repo,
	    o->has_as_of ? o->as_of : o->collected_at, out, &n, d);
}

#define CHG_KIND(var, fmt, nm, sum, fmts, coll)			\
static enum assure_err							\
var##_begin(struct ingest_sink *sink, void **ret_state,			\
    struct assure_diag *d)						\
{									\
	return chg_begin(fmt, sink, ret_state, d);			\
}									\
const struct evidence_kind var = {					\
	.name = nm,							\
	.summary = sum,							\
	.formats = fmts,						\
	.begin = var##_begin,						\
	.feed = chg_feed,						\
	.finish = chg_finish,						\
	.free = chg_free,						\
	.collect = coll,						\
}

CHG_KIND(kind_github_pulls, CHG_FMT_GITHUB_PULLS, "github-pulls",
    "GitHub pull requests: author, merge, merger, base branch, shas",
    "the JSON of GET /repos/{owner}/{repo}/pulls (one file per page) or "
    "of one pull (GET .../pulls/{number}, which names merged_by)", NULL);
CHG_KIND(kind_github_reviews, CHG_FMT_GITHUB_REVIEWS, "github-reviews",
    "GitHub pull request reviews: reviewer, state, time, commit",
    "the JSON of GET /repos/{owner}/{repo}/pulls/{number}/reviews "
    "(--change N when the reviews carry no pull_request_url)", NULL);
CHG_KIND(kind_github_deployments, CHG_FMT_GITHUB_DEPLOYMENTS,
    "github-deployments",
    "GitHub deployments: environment, sha, creator, time",
    "the JSON of GET /repos/{owner}/{repo}/deployments (one file per page)",
    NULL);
CHG_KIND(kind_github_deployment_statuses,
    CHG_FMT_GITHUB_DEPLOYMENT_STATUSES, "github-deployment-statuses",
    "GitHub deployment statuses: whether each deployment succeeded",
    "the JSON of GET /repos/{owner}/{repo}/deployments/{id}/statuses",
    NULL);
CHG_KIND(kind_github_branch_protection, CHG_FMT_GITHUB_BRANCH_PROTECTION,
    "github-branch-protection",
    "GitHub branch protection: required reviews, stale dismissal, admins",
    "the JSON of GET /repos/{owner}/{repo}/branches/{branch}/protection, "
    "or its 404 \"Branch not protected\" body with --repo and --branch",
    NULL);
CHG_KIND(kind_gitlab_merge_requests, CHG_FMT_GITLAB_MERGE_REQUESTS,
    "gitlab-merge-requests",
    "GitLab merge requests: author, merge, merger, target branch, shas",
    "the JSON of GET /projects/{id}/merge_requests (one file per page) or "
    "of one merge request", NULL);
CHG_KIND(kind_gitlab_approvals, CHG_FMT_GITLAB_APPROVALS,
    "gitlab-approvals",
    "GitLab merge request approvals: who approved",
    "the JSON of GET .../merge_requests/{iid}/approvals (or a list of "
    "them), or of .../approval_state with --change N; --repo names the "
    "project", NULL);
CHG_KIND(kind_git_repo, CHG_FMT_GIT_REPO, "git-repo",
    "A branch's first-parent history: merges, authors, signatures",
    "a local clone with --branch B (read with libgit2), or the "
    "assure-git-repo/1 JSON such a read wrote", git_collect);
CHG_KIND(kind_deployments_csv, CHG_FMT_DEPLOYMENTS_CSV, "deployments-csv",
    "A CI/CD deployment log: time, environment, sha, actor, result",
    "a CSV with a header naming time, environment, sha, actor, result and "
    "optionally url, repository, id, ref", NULL);
CHG_KIND(kind_deployments_json, CHG_FMT_DEPLOYMENTS_JSON,
    "deployments-json",
    "A CI/CD deployment log as JSON",
    "a JSON array of objects (or {\"deployments\": [...]}) with the keys "
    "of deployments-csv", NULL);
