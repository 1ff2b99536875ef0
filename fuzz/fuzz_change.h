/*
 * fuzz_change.h: the body shared by the change-management parsers'
 * libFuzzer targets (fuzz_github_pulls.c, fuzz_git_repo.c, ...).  Each
 * target defines FUZZ_FORMAT (an enum chg_format) and includes this file.
 *
 * Each input is parsed twice: in one feed, and split in two at a point
 * derived from the input; for odd sizes with --repo (and --branch,
 * --change where the format takes them).  The sink reads every field so
 * that the sanitizers see a bad pointer, and for some inputs rejects a
 * record as a database error would.  The two runs must agree on the
 * result, the records and the diagnostic: a difference is a streaming bug
 * and aborts.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "parse/chparse.h"

#include "fuzz_split.h"

static void
must(const char *s)
{
	if (s == NULL)
		abort();	/* a NOT NULL column */
}

static enum assure_err
fuzz_change(const struct chg_change *c, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &c->line, sizeof(c->line));
	mix(h, &c->index, sizeof(c->index));
	must(c->system);
	must(c->repo);
	mix_str(h, c->system);
	mix_str(h, c->repo);
	mix(h, &c->number, sizeof(c->number));
	mix_str(h, c->title);
	mix_str(h, c->author);
	mix(h, &c->author_bot, sizeof(c->author_bot));
	mix_str(h, c->state);
	mix_time(h, c->created);
	mix_time(h, c->updated);
	mix_time(h, c->closed);
	mix_time(h, c->merged_at);
	mix(h, &c->merged, sizeof(c->merged));
	mix_str(h, c->merged_by);
	mix_str(h, c->base_branch);
	mix_str(h, c->head_sha);
	mix_str(h, c->merge_sha);
	mix_str(h, c->labels);
	mix_str(h, c->url);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_review(const struct chg_review *r, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &r->line, sizeof(r->line));
	mix(h, &r->index, sizeof(r->index));
	must(r->system);
	must(r->repo);
	must(r->review_id);
	must(r->state);
	mix_str(h, r->system);
	mix_str(h, r->repo);
	mix(h, &r->number, sizeof(r->number));
	mix_str(h, r->review_id);
	mix_str(h, r->reviewer);
	mix(h, &r->reviewer_bot, sizeof(r->reviewer_bot));
	mix_str(h, r->state);
	mix_time(h, r->submitted);
	mix_str(h, r->commit);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_deployment(const struct chg_deployment *x, void *arg,
    struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &x->line, sizeof(x->line));
	mix(h, &x->index, sizeof(x->index));
	must(x->system);
	must(x->deployment_id);
	must(x->environment);
	must(x->sha);
	mix_str(h, x->system);
	mix_str(h, x->repo);
	mix_str(h, x->deployment_id);
	mix_str(h, x->environment);
	mix_str(h, x->sha);
	mix_str(h, x->ref);
	mix_time(h, x->created);
	mix_str(h, x->actor);
	mix(h, &x->production, sizeof(x->production));
	mix_str(h, x->result);
	mix_str(h, x->url);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_status(const struct chg_deploy_status *s, void *arg,
    struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &s->line, sizeof(s->line));
	mix(h, &s->index, sizeof(s->index));
	must(s->system);
	must(s->repo);
	must(s->deployment_id);
	must(s->status_id);
	must(s->state);
	mix_str(h, s->system);
	mix_str(h, s->repo);
	mix_str(h, s->deployment_id);
	mix_str(h, s->status_id);
	mix_str(h, s->state);
	mix_time(h, s->created);
	mix_str(h, s->creator);
	mix_str(h, s->environment);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_protection(const struct chg_protection *b, void *arg,
    struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &b->line, sizeof(b->line));
	must(b->system);
	must(b->repo);
	must(b->branch);
	mix_str(h, b->system);
	mix_str(h, b->repo);
	mix_str(h, b->branch);
	mix(h, &b->protected, sizeof(b->protected));
	mix(h, &b->required_approvals, sizeof(b->required_approvals));
	mix(h, &b->dismiss_stale, sizeof(b->dismiss_stale));
	mix(h, &b->code_owners, sizeof(b->code_owners));
	mix(h, &b->last_push_approval, sizeof(b->last_push_approval));
	mix(h, &b->enforce_admins, sizeof(b->enforce_admins));
	mix(h, &b->force_pushes, sizeof(b->force_pushes));
	mix(h, &b->deletions, sizeof(b->deletions));
	mix(h, &b->signatures, sizeof(b->signatures));
	mix(h, &b->linear_history, sizeof(b->linear_history));
	mix_str(h, b->status_checks);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_commit(const struct chg_commit *c, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &c->line, sizeof(c->line));
	mix(h, &c->index, sizeof(c->index));
	must(c->repo);
	must(c->branch);
	must(c->sha);
	must(c->parents);
	mix_str(h, c->repo);
	mix_str(h, c->branch);
	mix_str(h, c->sha);
	mix(h, &c->position, sizeof(c->position));
	mix_str(h, c->parents);
	mix_str(h, c->author_name);
	mix_str(h, c->author_email);
	mix_time(h, c->authored);
	mix_str(h, c->committer_name);
	mix_str(h, c->committer_email);
	mix_time(h, c->committed);
	mix(h, &c->signed_, sizeof(c->signed_));
	mix_str(h, c->summary);
	return fuzz_count(run, d);
}

static void
fuzz_parse(const uint8_t *data, size_t size, size_t at, struct fuzz_run *run)
{
	struct chg_sink sink = { fuzz_change, fuzz_review, fuzz_deployment,
	    fuzz_status, fuzz_protection, fuzz_commit, run };
	struct chg_opts o;
	struct chg_parser *p = NULL;
	struct assure_diag d;
	int64_t as_of;

	memset(run, 0, sizeof(*run));
	memset(&o, 0, sizeof(o));
	o.source = "fuzz";
	if (size % 2 == 1 && FUZZ_FORMAT != CHG_FMT_GIT_REPO)
		o.repo = "fuzz/repo";
	if (size % 2 == 1 && FUZZ_FORMAT == CHG_FMT_GITHUB_BRANCH_PROTECTION)
		o.branch = "main";
	if (size % 2 == 1 && (FUZZ_FORMAT == CHG_FMT_GITLAB_APPROVALS ||
	    FUZZ_FORMAT == CHG_FMT_GITHUB_REVIEWS))
		o.change = "7";
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size % 3;
	assure_diag_clear(&d);
	run->rc = chg_parser_new(FUZZ_FORMAT, &o, &sink, &p, &d);
	if (run->rc == ASSURE_OK)
		run->rc = chg_parser_feed(p, data, at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = chg_parser_feed(p, data + at, size - at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = chg_parser_finish(p, &d);
	if (run->rc == ASSURE_OK && chg_parser_as_of(p, &as_of))
		mix(&run->digest, &as_of, sizeof(as_of));
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	chg_parser_free(p);
}
