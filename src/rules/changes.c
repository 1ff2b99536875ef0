/*
 * changes.c: the change-management populations as of an instant (see
 * changes.h for the rules): changes with their reviews, deployments with
 * their effective results, branch protection and first-parent histories.
 *
 * CONTROL: tsc:CC8.1
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "rules/changes.h"

/* ------------------------------------------------------------ strings */

static char *
pdup(struct chg_population *p, const struct store_val *v)
{
	char **n;
	char *s;
	size_t cap;

	if (v->type != STORE_TEXT || v->s == NULL)
		return NULL;
	s = strdup(v->s);
	if (s == NULL)
		return NULL;
	if (p->nstrs == p->capstrs) {
		cap = p->capstrs == 0 ? 256 : p->capstrs * 2;
		n = reallocarray(p->strs, cap, sizeof(*n));
		if (n == NULL) {
			free(s);
			return NULL;
		}
		p->strs = n;
		p->capstrs = cap;
	}
	p->strs[p->nstrs++] = s;
	return s;
}

/* Fill *dst from v when *dst is absent; false on allocation failure. */
static bool
fill(struct chg_population *p, char **dst, const struct store_val *v)
{
	if (*dst != NULL || v->type != STORE_TEXT)
		return true;
	*dst = pdup(p, v);
	return *dst != NULL;
}

static void
fill_int(bool *has, int64_t *dst, const struct store_val *v)
{
	if (!*has && v->type == STORE_INT) {
		*has = true;
		*dst = v->i;
	}
}

static int
tri(const struct store_val *v)
{
	return v->type == STORE_INT ? (v->i != 0) : -1;
}

static void *
grow(void *v, size_t *cap, size_t n, size_t size, size_t max)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return v;
	if (n >= max)
		return NULL;
	ncap = *cap == 0 ? 64 : *cap * 2;
	nv = reallocarray(v, ncap, size);
	if (nv != NULL)
		*cap = ncap;
	return nv;
}

static bool
same_text(const char *a, const struct store_val *v)
{
	return a != NULL && v->type == STORE_TEXT && strcmp(a, v->s) == 0;
}

void
chg_population_release(struct chg_population *p)
{
	size_t i;

	for (i = 0; i < p->nstrs; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p->pr);
	free(p->rvall);
	free(p->dep);
	free(p->prot);
	free(p->commits);
	free(p->ev);
	free(p->byhash);
	free(p->cbysha);
	memset(p, 0, sizeof(*p));
}

/* ------------------------------------------------------------ loading */

struct loader {
	struct chg_population	*p;
	size_t			 cap;
	size_t			 cap2;
	enum assure_err		 rc;
};

/*
 * change rows: system, repo, number, title, author, author_bot, state,
 * created, merged_at, merged, merged_by, base_branch, head_sha, merge_sha,
 * labels, url, evidence_id; newest file first per key.
 */
static enum assure_err
change_cb(const struct store_val *c, int n, void *arg)
{
	struct loader *l = arg;
	struct chg_population *p = l->p;
	struct chg_pr *x, *v;
	bool ok = true;

	if (n < 17 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_INT)
		return ASSURE_ERR_DB;
	x = p->npr > 0 ? &p->pr[p->npr - 1] : NULL;
	if (x == NULL || !same_text(x->system, &c[0]) ||
	    !same_text(x->repo, &c[1]) || x->number != c[2].i) {
		v = grow(p->pr, &l->cap, p->npr, sizeof(*v), CHG_CHANGES_MAX);
		if (v == NULL)
			return p->npr >= CHG_CHANGES_MAX ? ASSURE_ERR_LIMIT :
			    ASSURE_ERR_NOMEM;
		p->pr = v;
		x = &p->pr[p->npr++];
		memset(x, 0, sizeof(*x));
		x->system = pdup(p, &c[0]);
		x->repo = pdup(p, &c[1]);
		x->number = c[2].i;
		x->author_bot = -1;
		if (x->system == NULL || x->repo == NULL)
			return ASSURE_ERR_NOMEM;
	}
	ok = fill(p, &x->title, &c[3]) && fill(p, &x->author, &c[4]);
	if (x->author_bot < 0)
		x->author_bot = tri(&c[5]);
	ok = ok && fill(p, &x->state, &c[6]);
	fill_int(&x->has_merged_at, &x->merged_at, &c[8]);
	ok = ok && fill(p, &x->merged_by, &c[10]) &&
	    fill(p, &x->base, &c[11]) && fill(p, &x->head_sha, &c[12]) &&
	    fill(p, &x->merge_sha, &c[13]) && fill(p, &x->labels, &c[14]) &&
	    fill(p, &x->url, &c[15]);
	return ok ? ASSURE_OK : ASSURE_ERR_NOMEM;
}

/*
 * review rows: system, repo, number, review_id, reviewer, reviewer_bot,
 * state, submitted, commit_sha, evidence_id; newest file first per key.
 */
struct review_row {
	char		*system;
	char		*repo;
	int64_t		 number;
	struct chg_rv	 rv;
};

struct review_loader {
	struct chg_population	*p;
	struct review_row	*rows;
	size_t			 n;
	size_t			 cap;
};

static enum assure_err
review_cb(const struct store_val *c, int n, void *arg)
{
	struct review_loader *l = arg;
	struct chg_population *p = l->p;
	struct review_row *x, *v;
	bool ok;

	if (n < 10 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_INT || c[3].type != STORE_TEXT ||
	    c[6].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	x = l->n > 0 ? &l->rows[l->n - 1] : NULL;
	if (x == NULL || !same_text(x->system, &c[0]) ||
	    !same_text(x->repo, &c[1]) || x->number != c[2].i ||
	    !same_text(x->rv.review_id, &c[3])) {
		v = grow(l->rows, &l->cap, l->n, sizeof(*v), CHG_REVIEWS_MAX);
		if (v == NULL)
			return l->n >= CHG_REVIEWS_MAX ? ASSURE_ERR_LIMIT :
			    ASSURE_ERR_NOMEM;
		l->rows = v;
		x = &l->rows[l->n++];
		memset(x, 0, sizeof(*x));
		x->system = pdup(p, &c[0]);
		x->repo = pdup(p, &c[1]);
		x->number = c[2].i;
		x->rv.review_id = pdup(p, &c[3]);
		x->rv.state = pdup(p, &c[6]);
		x->rv.bot = -1;
		if (x->system == NULL || x->repo == NULL ||
		    x->rv.review_id == NULL || x->rv.state == NULL)
			return ASSURE_ERR_NOMEM;
	}
	ok = fill(p, &x->rv.reviewer, &c[4]) && fill(p, &x->rv.commit, &c[8]);
	if (x->rv.bot < 0)
		x->rv.bot = tri(&c[5]);
	fill_int(&x->rv.has_submitted, &x->rv.submitted, &c[7]);
	return ok ? ASSURE_OK : ASSURE_ERR_NOMEM;
}

static int
key_cmp(const char *s1, const char *r1, int64_t n1, const char *s2,
    const char *r2, int64_t n2)
{
	int c;

	if ((c = strcmp(s1, s2)) != 0)
		return c;
	if ((c = strcmp(r1, r2)) != 0)
		return c;
	return n1 < n2 ? -1 : n1 > n2;
}

static int
rv_time_cmp(const void *a, const void *b)
{
	const struct chg_rv *x = a, *y = b;

	/* Reviews without a time (GitLab approvals) sort first. */
	if (x->has_submitted != y->has_submitted)
		return x->has_submitted ? 1 : -1;
	if (x->has_submitted && x->submitted != y->submitted)
		return x->submitted < y->submitted ? -1 : 1;
	return strcmp(x->review_id, y->review_id);
}

/*
 * Attach the reviews (ordered like the changes) to their changes; those of
 * changes not in the population are kept as orphans.
 */
static enum assure_err
attach_reviews(struct chg_population *p, struct review_loader *l)
{
	size_t i = 0, j, k = 0, start;
	int c;

	p->rvall = calloc(l->n > 0 ? l->n : 1, sizeof(*p->rvall));
	if (p->rvall == NULL)
		return ASSURE_ERR_NOMEM;
	/* Attached reviews first, grouped by change; orphans after. */
	for (j = 0; j < l->n; ) {
		while (i < p->npr && key_cmp(p->pr[i].system, p->pr[i].repo,
		    p->pr[i].number, l->rows[j].system, l->rows[j].repo,
		    l->rows[j].number) < 0)
			i++;
		c = i < p->npr ? key_cmp(p->pr[i].system, p->pr[i].repo,
		    p->pr[i].number, l->rows[j].system, l->rows[j].repo,
		    l->rows[j].number) : 1;
		start = j;
		while (j < l->n && l->rows[j].number == l->rows[start].number &&
		    strcmp(l->rows[j].repo, l->rows[start].repo) == 0 &&
		    strcmp(l->rows[j].system, l->rows[start].system) == 0)
			j++;
		if (c != 0) {
			p->norphans += j - start;
			continue;
		}
		p->pr[i].rv = &p->rvall[k];
		p->pr[i].nrv = j - start;
		for (; start < j; start++)
			p->rvall[k++] = l->rows[start].rv;
		qsort(p->pr[i].rv, p->pr[i].nrv, sizeof(*p->pr[i].rv),
		    rv_time_cmp);
	}
	p->orphans = &p->rvall[k];
	p->nrvall = l->n;
	return ASSURE_OK;
}

/*
 * deployment rows: system, repo, deployment_id, environment, sha, ref,
 * created, actor, production, result, url, evidence_id.
 */
static enum assure_err
deployment_cb(const struct store_val *c, int n, void *arg)
{
	struct loader *l = arg;
	struct chg_population *p = l->p;
	struct chg_dep *x, *v;
	bool ok;

	if (n < 12 || c[0].type != STORE_TEXT || c[2].type != STORE_TEXT ||
	    c[3].type != STORE_TEXT || c[4].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	x = p->ndep > 0 ? &p->dep[p->ndep - 1] : NULL;
	if (x == NULL || !same_text(x->system, &c[0]) ||
	    !(x->repo == NULL ? c[1].type != STORE_TEXT :
	    same_text(x->repo, &c[1])) || !same_text(x->id, &c[2])) {
		v = grow(p->dep, &l->cap, p->ndep, sizeof(*v),
		    CHG_DEPLOYMENTS_MAX);
		if (v == NULL)
			return p->ndep >= CHG_DEPLOYMENTS_MAX ?
			    ASSURE_ERR_LIMIT : ASSURE_ERR_NOMEM;
		p->dep = v;
		x = &p->dep[p->ndep++];
		memset(x, 0, sizeof(*x));
		x->system = pdup(p, &c[0]);
		x->repo = pdup(p, &c[1]);
		x->id = pdup(p, &c[2]);
		x->environment = pdup(p, &c[3]);
		x->sha = pdup(p, &c[4]);
		x->production = -1;
		if (x->system == NULL || x->id == NULL ||
		    x->environment == NULL || x->sha == NULL ||
		    (c[1].type == STORE_TEXT && x->repo == NULL))
			return ASSURE_ERR_NOMEM;
	}
	fill_int(&x->has_created, &x->created, &c[6]);
	ok = fill(p, &x->actor, &c[7]) && fill(p, &x->result, &c[9]);
	if (x->production < 0)
		x->production = tri(&c[8]);
	return ok ? ASSURE_OK : ASSURE_ERR_NOMEM;
}

struct status_walk {
	struct chg_population	*p;
	/* The deployment the statuses so far belong to, and the newest. */
	char			 sys[64], repo[512], id[128];
	bool			 any_success;
	bool			 has_newest;
	int64_t			 newest;
	char			 newest_state[32];
	enum assure_err		 rc;
};

static struct chg_dep *
dep_find(struct chg_population *p, const char *sys, const char *repo,
    const char *id)
{
	size_t i;

	/* Deployments are few next to changes: a linear scan will do. */
	for (i = 0; i < p->ndep; i++)
		if (strcmp(p->dep[i].system, sys) == 0 &&
		    p->dep[i].repo != NULL &&
		    strcmp(p->dep[i].repo, repo) == 0 &&
		    strcmp(p->dep[i].id, id) == 0)
			return &p->dep[i];
	return NULL;
}

static enum assure_err
status_settle(struct status_walk *w)
{
	struct chg_dep *d;
	struct store_val v;

	if (w->id[0] == '\0')
		return ASSURE_OK;
	d = dep_find(w->p, w->sys, w->repo, w->id);
	if (d == NULL || d->result != NULL)
		return ASSURE_OK;
	v = STORE_TEXTV(w->any_success ? "success" : w->newest_state);
	d->result = pdup(w->p, &v);
	return d->result != NULL ? ASSURE_OK : ASSURE_ERR_NOMEM;
}

/*
 * status rows: system, repo, deployment_id, status_id, state, created,
 * creator, evidence_id; ordered by deployment.
 */
static enum assure_err
status_cb(const struct store_val *c, int n, void *arg)
{
	struct status_walk *w = arg;
	enum assure_err rc;
	int64_t t;

	if (n < 8 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[4].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (strcmp(w->sys, c[0].s) != 0 || strcmp(w->repo, c[1].s) != 0 ||
	    strcmp(w->id, c[2].s) != 0) {
		rc = status_settle(w);
		if (rc != ASSURE_OK)
			return rc;
		assure_strlcpy(w->sys, c[0].s, sizeof(w->sys));
		assure_strlcpy(w->repo, c[1].s, sizeof(w->repo));
		assure_strlcpy(w->id, c[2].s, sizeof(w->id));
		w->any_success = false;
		w->has_newest = false;
	}
	if (strcmp(c[4].s, "success") == 0)
		w->any_success = true;
	t = c[5].type == STORE_INT ? c[5].i : INT64_MIN;
	if (!w->has_newest || t >= w->newest) {
		w->has_newest = true;
		w->newest = t;
		assure_strlcpy(w->newest_state, c[4].s,
		    sizeof(w->newest_state));
	}
	return ASSURE_OK;
}

/*
 * protection rows: system, repo, branch, protected, required_approvals,
 * dismiss_stale, enforce_admins, evidence_id, as_of, sha256; newest first.
 */
static enum assure_err
protection_cb(const struct store_val *c, int n, void *arg)
{
	struct loader *l = arg;
	struct chg_population *p = l->p;
	struct chg_prot *x, *v;

	if (n < 10 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[7].type != STORE_INT || c[8].type != STORE_INT)
		return ASSURE_ERR_DB;
	x = p->nprot > 0 ? &p->prot[p->nprot - 1] : NULL;
	if (x != NULL && same_text(x->system, &c[0]) &&
	    same_text(x->repo, &c[1]) && same_text(x->branch, &c[2]))
		return ASSURE_OK;	/* an older snapshot */
	v = grow(p->prot, &l->cap, p->nprot, sizeof(*v), CHG_CHANGES_MAX);
	if (v == NULL)
		return ASSURE_ERR_NOMEM;
	p->prot = v;
	x = &p->prot[p->nprot++];
	memset(x, 0, sizeof(*x));
	x->system = pdup(p, &c[0]);
	x->repo = pdup(p, &c[1]);
	x->branch = pdup(p, &c[2]);
	if (x->system == NULL || x->repo == NULL || x->branch == NULL)
		return ASSURE_ERR_NOMEM;
	x->protected = c[3].i != 0;
	x->required = c[4].type == STORE_INT ? c[4].i : -1;
	x->dismiss_stale = tri(&c[5]);
	x->enforce_admins = tri(&c[6]);
	x->evidence_id = c[7].i;
	x->as_of = c[8].i;
	return ASSURE_OK;
}

/* commit rows: repo, branch, sha, position, parents, evidence_id. */
static enum assure_err
commit_cb(const struct store_val *c, int n, void *arg)
{
	struct loader *l = arg;
	struct chg_population *p = l->p;
	struct chg_commit_row *x, *v;

	if (n < 6 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT)
		return ASSURE_ERR_DB;
	v = grow(p->commits, &l->cap, p->ncommits, sizeof(*v),
	    CHG_COMMITS_MAX);
	if (v == NULL)
		return p->ncommits >= CHG_COMMITS_MAX ? ASSURE_ERR_LIMIT :
		    ASSURE_ERR_NOMEM;
	p->commits = v;
	x = &p->commits[p->ncommits++];
	memset(x, 0, sizeof(*x));
	/* Repeated repo and branch names share the previous copy. */
	if (p->ncommits > 1 && same_text(x[-1].repo, &c[0]) &&
	    same_text(x[-1].branch, &c[1])) {
		x->repo = x[-1].repo;
		x->branch = x[-1].branch;
	} else {
		x->repo = pdup(p, &c[0]);
		x->branch = pdup(p, &c[1]);
	}
	x->sha = pdup(p, &c[2]);
	x->position = c[3].i;
	x->parents = pdup(p, &c[4]);
	if (x->repo == NULL || x->branch == NULL || x->sha == NULL)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

/* evidence rows: id, sha256, kind, as_of. */
static enum assure_err
evidence_cb(const struct store_val *c, int n, void *arg)
{
	struct loader *l = arg;
	struct chg_population *p = l->p;
	struct chg_ev *x, *v;

	if (n < 4 || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT)
		return ASSURE_ERR_DB;
	v = grow(p->ev, &l->cap, p->nev, sizeof(*v), CHG_EVIDENCE_MAX);
	if (v == NULL)
		return p->nev >= CHG_EVIDENCE_MAX ? ASSURE_ERR_LIMIT :
		    ASSURE_ERR_NOMEM;
	p->ev = v;
	x = &p->ev[p->nev++];
	x->id = c[0].i;
	assure_strlcpy(x->sha256, c[1].s, sizeof(x->sha256));
	assure_strlcpy(x->kind, c[2].s, sizeof(x->kind));
	x->as_of = c[3].i;
	if (strcmp(x->kind, "github-pulls") == 0 ||
	    strcmp(x->kind, "gitlab-merge-requests") == 0) {
		if (!p->has_changes_ev || x->as_of > p->changes_as_of)
			p->changes_as_of = x->as_of;
		p->has_changes_ev = true;
	}
	if (strcmp(x->kind, "github-deployments") == 0 ||
	    strcmp(x->kind, "deployments-csv") == 0 ||
	    strcmp(x->kind, "deployments-json") == 0) {
		if (!p->has_deploy_ev || x->as_of > p->deploy_as_of)
			p->deploy_as_of = x->as_of;
		p->has_deploy_ev = true;
	}
	return ASSURE_OK;
}

static int
dep_time_cmp(const void *a, const void *b)
{
	const struct chg_dep *x = a, *y = b;
	int64_t tx = x->has_created ? x->created : INT64_MIN;
	int64_t ty = y->has_created ? y->created : INT64_MIN;
	int c;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	if ((c = strcmp(x->system, y->system)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static int
sha_cmp(const void *a, const void *b)
{
	const struct chg_sha *x = a, *y = b;
	int c;

	if ((c = strcmp(x->sha, y->sha)) != 0)
		return c;
	if (x->pr != y->pr)
		return x->pr < y->pr ? -1 : 1;
	return (int)y->merge - (int)x->merge;
}

static enum assure_err
build_indexes(struct chg_population *p)
{
	size_t i, n = 0;

	p->byhash = calloc(2 * p->npr + 1, sizeof(*p->byhash));
	p->cbysha = calloc(p->ncommits + 1, sizeof(*p->cbysha));
	if (p->byhash == NULL || p->cbysha == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < p->npr; i++) {
		/*
		 * Only a merged change deploys: an open or closed pull's
		 * merge_commit_sha is GitHub's trial merge, never shipped.
		 */
		if (p->pr[i].merge_sha != NULL && p->pr[i].has_merged_at)
			p->byhash[n++] = (struct chg_sha){ p->pr[i].merge_sha,
			    i, true };
		/* A head sha deploys a change only once it merged. */
		if (p->pr[i].head_sha != NULL && p->pr[i].has_merged_at)
			p->byhash[n++] = (struct chg_sha){ p->pr[i].head_sha,
			    i, false };
	}
	p->nbyhash = n;
	qsort(p->byhash, n, sizeof(*p->byhash), sha_cmp);
	for (i = 0; i < p->ncommits; i++)
		p->cbysha[i] = (struct chg_sha){ p->commits[i].sha, i, false };
	qsort(p->cbysha, p->ncommits, sizeof(*p->cbysha), sha_cmp);
	return ASSURE_OK;
}

static enum assure_err
failed(enum assure_err rc, const char *what, struct assure_diag *d)
{
	if (rc == ASSURE_ERR_NOMEM || rc == ASSURE_ERR_LIMIT)
		assure_diag_set(d, rc, NULL, 0, 0, NULL, "%s: %s", what,
		    rc == ASSURE_ERR_LIMIT ? "more than the population limit" :
		    "out of memory");
	return rc;
}

enum assure_err
chg_population_load(const struct test_ctx *ctx, struct chg_population *ret,
    struct assure_diag *d)
{
	struct chg_population *p = ret;
	struct review_loader rl;
	struct status_walk sw;
	struct loader l;
	struct store_val v[1];
	enum assure_err rc;

	memset(p, 0, sizeof(*p));
	memset(&rl, 0, sizeof(rl));
	v[0] = STORE_INTV(ctx->as_of);
	memset(&l, 0, sizeof(l));
	l.p = p;
	rc = store_exec(ctx->store, STMT_CHG_EVIDENCE, v, 1, evidence_cb, &l,
	    d);
	if (rc != ASSURE_OK)
		return failed(rc, "change evidence", d);
	l.cap = 0;
	rc = store_exec(ctx->store, STMT_CHG_CHANGES, v, 1, change_cb, &l, d);
	if (rc != ASSURE_OK)
		return failed(rc, "changes", d);
	rl.p = p;
	rc = store_exec(ctx->store, STMT_CHG_REVIEWS, v, 1, review_cb, &rl,
	    d);
	if (rc == ASSURE_OK)
		rc = attach_reviews(p, &rl);
	free(rl.rows);
	if (rc != ASSURE_OK)
		return failed(rc, "reviews", d);
	l.cap = 0;
	rc = store_exec(ctx->store, STMT_CHG_DEPLOYMENTS, v, 1, deployment_cb,
	    &l, d);
	if (rc != ASSURE_OK)
		return failed(rc, "deployments", d);
	memset(&sw, 0, sizeof(sw));
	sw.p = p;
	rc = store_exec(ctx->store, STMT_CHG_STATUSES, v, 1, status_cb, &sw,
	    d);
	if (rc == ASSURE_OK)
		rc = status_settle(&sw);
	if (rc != ASSURE_OK)
		return failed(rc, "deployment statuses", d);
	if (p->ndep > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(p->dep, p->ndep, sizeof(*p->dep), dep_time_cmp);
	l.cap = 0;
	rc = store_exec(ctx->store, STMT_CHG_PROTECTIONS, v, 1, protection_cb,
	    &l, d);
	if (rc != ASSURE_OK)
		return failed(rc, "branch protection", d);
	l.cap = 0;
	rc = store_exec(ctx->store, STMT_CHG_COMMITS, v, 1, commit_cb, &l, d);
	if (rc != ASSURE_OK)
		return failed(rc, "commits", d);
	return failed(build_indexes(p), "indexes", d);
}

enum assure_err
chg_population_evidence(const struct chg_population *p,
    const char *const *kinds, struct test_result *res)
{
	enum assure_err rc;
	size_t i, k;
	bool want;

	for (i = 0; i < p->nev; i++) {
		want = kinds == NULL;
		for (k = 0; !want && kinds[k] != NULL; k++)
			want = strcmp(kinds[k], p->ev[i].kind) == 0;
		if (!want)
			continue;
		rc = result_add_evidence(res, p->ev[i].id, p->ev[i].sha256);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

const struct chg_pr *
chg_find_by_sha(const struct chg_population *p, const char *repo,
    const char *sha)
{
	const struct chg_pr *x, *head = NULL;
	size_t lo = 0, hi = p->nbyhash, mid;

	/* The first entry for sha, then every entry for it. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(p->byhash[mid].sha, sha) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->nbyhash && strcmp(p->byhash[lo].sha, sha) == 0; lo++) {
		x = &p->pr[p->byhash[lo].pr];
		if (repo != NULL && strcmp(x->repo, repo) != 0)
			continue;
		if (p->byhash[lo].merge)
			return x;
		if (head == NULL)
			head = x;
	}
	return head;
}

bool
chg_find_commit(const struct chg_population *p, const char *repo,
    const char *sha, size_t *ret_index)
{
	const struct chg_commit_row *c;
	size_t lo = 0, hi = p->ncommits, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(p->cbysha[mid].sha, sha) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->ncommits; lo++) {
		c = &p->commits[p->cbysha[lo].pr];
		if (strcmp(c->sha, sha) != 0)
			break;
		if (repo == NULL || strcmp(c->repo, repo) == 0) {
			*ret_index = p->cbysha[lo].pr;
			return true;
		}
	}
	return false;
}
