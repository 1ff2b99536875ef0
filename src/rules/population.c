/*
 * population.c: people and accounts as of an instant, merged from the
 * snapshots of every identity system, and the history of one account
 * (see population.h for the rules).
 *
 * CONTROL: tsc:CC6.1
 * CONTROL: tsc:CC6.2
 * CONTROL: tsc:CC6.3
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "common/timeutil.h"
#include "rules/population.h"
#include "workspace/identity.h"

/* ------------------------------------------------------------ strings */

static char *
pdup(struct population *p, const struct store_val *v)
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
		cap = p->capstrs == 0 ? 64 : p->capstrs * 2;
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

/* Copy an optional text column; false on allocation failure. */
static bool
opt(struct population *p, const struct store_val *v, char **ret)
{
	*ret = pdup(p, v);
	return v->type != STORE_TEXT || *ret != NULL;
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
	ncap = *cap == 0 ? 16 : *cap * 2;
	nv = reallocarray(v, ncap, size);
	if (nv != NULL)
		*cap = ncap;
	return nv;
}

void
population_release(struct population *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nstrs; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p->people);
	free(p->snaps);
	free(p->acc);
	memset(p, 0, sizeof(*p));
}

/* ------------------------------------------------------------ time */

#define ZONEINFO_DIR	"/usr/share/zoneinfo"

/* Whether tz names a file of the TZ database (TZDIR or the system's). */
static bool
zone_known(const char *tz)
{
	char path[512];
	const char *dir = secure_getenv("TZDIR");
	struct stat st;
	int n;

	if (strstr(tz, "..") != NULL || tz[0] == '/')
		return false;
	n = snprintf(path, sizeof(path), "%s/%s",
	    dir != NULL && dir[0] != '\0' ? dir : ZONEINFO_DIR, tz);
	return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode);
}

enum assure_err
population_day_end(int64_t raw, bool date_only, const char *tz, int64_t *ret)
{
	struct tm tm;
	time_t t = (time_t)raw, end;
	char *old = NULL;
	const char *cur;
	enum assure_err rc = ASSURE_OK;

	if (!date_only) {
		*ret = raw;
		return ASSURE_OK;
	}
	if (gmtime_r(&t, &tm) == NULL)
		return ASSURE_ERR_INVAL;
	if (tz == NULL || tz[0] == '\0' || strcmp(tz, "UTC") == 0) {
		*ret = raw - (raw % 86400 + 86400) % 86400 + 86400 - 1;
		return ASSURE_OK;
	}
	/* glibc reads an unknown zone as UTC: refuse it instead. */
	if (!zone_known(tz))
		return ASSURE_ERR_INVAL;
	/* The next day's local midnight, less one second. */
	cur = getenv("TZ");
	if (cur != NULL) {
		old = strdup(cur);
		if (old == NULL)
			return ASSURE_ERR_NOMEM;
	}
	if (setenv("TZ", tz, 1) != 0) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	tzset();
	tm.tm_mday += 1;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	end = mktime(&tm);
	if (end == (time_t)-1)
		rc = ASSURE_ERR_INVAL;
	else
		*ret = (int64_t)end - 1;
out:
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	return rc;
}

/* ------------------------------------------------------------ people */

static int person_cmp(const void *x, const void *y);

struct hr_latest {
	bool	found;
	int64_t	id;
	int64_t	as_of;
	char	sha256[ASSURE_SHA256_HEXLEN + 1];
};

static enum assure_err
hr_row(const struct store_val *c, int n, void *arg)
{
	struct hr_latest *h = arg;

	if (n < 3 || c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	h->found = true;
	h->id = c[0].i;
	h->as_of = c[1].i;
	assure_strlcpy(h->sha256, c[2].s, sizeof(h->sha256));
	return ASSURE_OK;
}

struct person_walk {
	struct population	*p;
	size_t			 cap;
	const char		*tz;
};

static enum assure_err
person_row(const struct store_val *c, int n, void *arg)
{
	struct person_walk *w = arg;
	struct population *p = w->p;
	struct pop_person *pp, *v;
	enum assure_err rc;

	if (n < 7)
		return ASSURE_ERR_DB;
	if (c[2].type != STORE_TEXT)
		return ASSURE_OK;	/* no e-mail: cannot be joined */
	v = grow(p->people, &w->cap, p->npeople, sizeof(*v), POP_PEOPLE_MAX);
	if (v == NULL)
		return p->npeople >= POP_PEOPLE_MAX ? ASSURE_ERR_LIMIT :
		    ASSURE_ERR_NOMEM;
	p->people = v;
	pp = &p->people[p->npeople];
	memset(pp, 0, sizeof(*pp));
	if (!opt(p, &c[0], &pp->employee_id) || !opt(p, &c[1], &pp->email) ||
	    !opt(p, &c[2], &pp->email_norm) || !opt(p, &c[3], &pp->name) ||
	    !opt(p, &c[4], &pp->status))
		return ASSURE_ERR_NOMEM;
	if (c[5].type == STORE_INT) {
		pp->has_term = true;
		pp->term_date_only = c[6].type == STORE_INT && c[6].i == 1;
		rc = population_day_end(c[5].i, pp->term_date_only, w->tz,
		    &pp->term);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (n > 7 && c[7].type == STORE_INT) {
		pp->has_hire = true;
		pp->hire = c[7].i;
	}
	if (n > 8 && !opt(p, &c[8], &pp->department))
		return ASSURE_ERR_NOMEM;
	p->npeople++;
	return ASSURE_OK;
}

static enum assure_err
load_people(const struct test_ctx *ctx, struct population *p,
    struct assure_diag *d)
{
	struct hr_latest h;
	struct person_walk w = { p, 0, ctx->cfg->timezone };
	struct store_val v[1];
	enum assure_err rc;

	memset(&h, 0, sizeof(h));
	v[0] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_ID_HR_LATEST, v, 1, hr_row, &h, d);
	if (rc != ASSURE_OK || !h.found)
		return rc;
	p->has_hr = true;
	p->hr_as_of = h.as_of;
	p->hr_evidence = h.id;
	memcpy(p->hr_sha256, h.sha256, sizeof(p->hr_sha256));
	p->hr_stale = ctx->as_of - h.as_of > ctx->cfg->freshness;
	if (p->hr_stale)
		return ASSURE_OK;
	v[0] = STORE_INTV(h.id);
	rc = store_exec(ctx->store, STMT_ID_PERSON_ROWS, v, 1, person_row, &w,
	    d);
	/* By e-mail, for population_person(); a duplicate keeps one. */
	if (rc == ASSURE_OK && p->npeople > 1)
		qsort(p->people, p->npeople, sizeof(*p->people), person_cmp);
	if (rc == ASSURE_ERR_INVAL)
		return assure_diag_set(d, rc, "assure.yaml", 0, 0, "timezone",
		    "'%s' is not in the TZ database", ctx->cfg->timezone);
	return rc;
}

static int
person_cmp(const void *x, const void *y)
{
	const struct pop_person *a = x, *b = y;

	return strcasecmp(a->email_norm, b->email_norm);
}

const struct pop_person *
population_person(const struct population *p, const char *email)
{
	struct pop_person key;

	if (email == NULL || p->npeople == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.email_norm = (char *)(uintptr_t)email;
	return bsearch(&key, p->people, p->npeople, sizeof(*p->people),
	    person_cmp);
}

/* ------------------------------------------------------------ snapshots */

struct snap_walk {
	struct population	*p;
	size_t			 cap;
};

/* Whether a and b are pages of the same collection run and instant. */
static bool
same_run(const struct pop_snapshot *a, const struct pop_snapshot *b)
{
	return a->run != 0 && a->run == b->run && a->as_of == b->as_of;
}

static enum assure_err
snap_row(const struct store_val *c, int n, void *arg)
{
	struct snap_walk *w = arg;
	struct population *p = w->p;
	struct pop_snapshot *s, *v;

	if (n < 6 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[5].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	v = grow(p->snaps, &w->cap, p->nsnaps, sizeof(*v), POP_SNAPSHOTS_MAX);
	if (v == NULL)
		return p->nsnaps >= POP_SNAPSHOTS_MAX ? ASSURE_ERR_LIMIT :
		    ASSURE_ERR_NOMEM;
	p->snaps = v;
	s = &p->snaps[p->nsnaps];
	memset(s, 0, sizeof(*s));
	s->system = pdup(p, &c[0]);
	s->tenant = pdup(p, &c[1]);
	s->kind = pdup(p, &c[2]);
	if (s->system == NULL || s->tenant == NULL || s->kind == NULL)
		return ASSURE_ERR_NOMEM;
	s->evidence_id = c[3].i;
	s->as_of = c[4].i;
	assure_strlcpy(s->sha256, c[5].s, sizeof(s->sha256));
	s->run = n > 6 && c[6].type == STORE_INT ? c[6].i : 0;
	/*
	 * Rows come newest first within each (system, tenant, kind).  The
	 * pages of one collection run (one instant) are one snapshot: all
	 * of them are the newest.
	 */
	s->newest = p->nsnaps == 0 ||
	    strcmp(p->snaps[p->nsnaps - 1].system, s->system) != 0 ||
	    strcmp(p->snaps[p->nsnaps - 1].tenant, s->tenant) != 0 ||
	    strcmp(p->snaps[p->nsnaps - 1].kind, s->kind) != 0 ||
	    (p->snaps[p->nsnaps - 1].newest && same_run(&p->snaps[p->nsnaps
	    - 1], s));
	p->nsnaps++;
	return ASSURE_OK;
}

/* ------------------------------------------------------------ accounts */

struct acc_walk {
	struct population	*p;
	size_t			 cap;
	const struct pop_snapshot *snap;
};

static int
tri_col(const struct store_val *v)
{
	if (v->type != STORE_INT)
		return -1;
	return v->i != 0;
}

static enum assure_err
acc_row(const struct store_val *c, int n, void *arg)
{
	struct acc_walk *w = arg;
	struct population *p = w->p;
	struct pop_account *a, *v;

	if (n < 16 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	/* One evidence may hold several tenants; keep this snapshot's. */
	if (strcmp(c[0].s, w->snap->system) != 0 ||
	    strcmp(c[1].s, w->snap->tenant) != 0)
		return ASSURE_OK;
	v = grow(p->acc, &w->cap, p->nacc, sizeof(*v), POP_ACCOUNTS_MAX);
	if (v == NULL)
		return p->nacc >= POP_ACCOUNTS_MAX ? ASSURE_ERR_LIMIT :
		    ASSURE_ERR_NOMEM;
	p->acc = v;
	a = &p->acc[p->nacc];
	memset(a, 0, sizeof(*a));
	a->system = w->snap->system;
	a->tenant = w->snap->tenant;
	if (!opt(p, &c[2], &a->account_id) || !opt(p, &c[3], &a->login) ||
	    !opt(p, &c[4], &a->email_norm) ||
	    !opt(p, &c[5], &a->display_name) || !opt(p, &c[6], &a->kind) ||
	    !opt(p, &c[8], &a->mfa) || !opt(p, &c[9], &a->status) ||
	    !opt(p, &c[14], &a->roles) || !opt(p, &c[15], &a->email))
		return ASSURE_ERR_NOMEM;
	a->is_admin = tri_col(&c[7]);
	a->active = tri_col(&c[10]);
	a->has_created = c[11].type == STORE_INT;
	a->created = c[11].i;
	a->has_last_login = c[12].type == STORE_INT;
	a->last_login = c[12].i;
	a->has_status_changed = c[13].type == STORE_INT;
	a->status_changed = c[13].i;
	a->as_of = w->snap->as_of;
	p->nacc++;
	return ASSURE_OK;
}

static int
acc_cmp(const void *x, const void *y)
{
	const struct pop_account *a = x, *b = y;
	int c;

	c = strcmp(a->system, b->system);
	if (c == 0)
		c = strcmp(a->tenant, b->tenant);
	if (c == 0)
		c = strcmp(a->account_id, b->account_id);
	return c;
}

static int
mfa_rank(const char *m)
{
	if (m == NULL)
		return 0;
	if (strcmp(m, "unknown") == 0)
		return 1;
	if (strcmp(m, "enrolled") == 0)
		return 2;
	return 3;	/* not_enrolled: the conservative reading wins */
}

#define TAKE(f)	do { if (d->f == NULL) d->f = s->f; } while (0)

/* Fold facet s into account d (same key). */
static void
merge(struct pop_account *d, const struct pop_account *s)
{
	TAKE(login);
	TAKE(email);
	TAKE(email_norm);
	TAKE(display_name);
	TAKE(status);
	TAKE(roles);
	if (d->kind == NULL || (s->kind != NULL &&
	    strcmp(s->kind, "service") == 0))
		d->kind = s->kind;
	if (mfa_rank(s->mfa) > mfa_rank(d->mfa))
		d->mfa = s->mfa;
	if (s->is_admin == 1 || (s->is_admin == 0 && d->is_admin == -1))
		d->is_admin = s->is_admin;
	if (s->active == 0 || (s->active == 1 && d->active == -1))
		d->active = s->active;
	if (s->has_created && (!d->has_created || s->created < d->created)) {
		d->has_created = true;
		d->created = s->created;
	}
	if (s->has_last_login && (!d->has_last_login ||
	    s->last_login > d->last_login)) {
		d->has_last_login = true;
		d->last_login = s->last_login;
	}
	if (s->has_status_changed && (!d->has_status_changed ||
	    s->status_changed > d->status_changed)) {
		d->has_status_changed = true;
		d->status_changed = s->status_changed;
	}
	if (s->as_of > d->as_of)
		d->as_of = s->as_of;
}

#undef TAKE

/* AWS MFA from the newest fresh credential reports. */
struct cred_latest {
	int64_t	id;
	int64_t	as_of;
};

struct cred_list {
	struct cred_latest	v[64];
	size_t			n;
};

static enum assure_err
cred_latest_row(const struct store_val *c, int n, void *arg)
{
	struct cred_list *l = arg;

	if (n < 3)
		return ASSURE_ERR_DB;
	if (l->n < ASSURE_ARRAY_LEN(l->v)) {
		l->v[l->n].id = c[1].i;
		l->v[l->n].as_of = c[2].i;
		l->n++;
	}
	return ASSURE_OK;
}

static enum assure_err
cred_mfa_row(const struct store_val *c, int n, void *arg)
{
	struct population *p = arg;
	size_t i;

	/* Columns of STMT_CRED_ROWS: 4 account, 5 user, 13 mfa_active. */
	if (n < 14 || c[4].type != STORE_TEXT || c[5].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (c[13].type != STORE_INT)
		return ASSURE_OK;
	for (i = 0; i < p->nacc; i++) {
		struct pop_account *a = &p->acc[i];

		if (a->mfa != NULL || strcmp(a->system, "aws") != 0 ||
		    strcmp(a->tenant, c[4].s) != 0 || a->login == NULL ||
		    strcmp(a->login, c[5].s) != 0)
			continue;
		a->mfa = c[13].i == 1 ? "enrolled" : "not_enrolled";
	}
	return ASSURE_OK;
}

static enum assure_err
aws_mfa(const struct test_ctx *ctx, struct population *p,
    struct assure_diag *d)
{
	struct cred_list l;
	struct store_val v[1];
	enum assure_err rc;
	size_t i;
	bool any = false;

	for (i = 0; i < p->nacc && !any; i++)
		any = strcmp(p->acc[i].system, "aws") == 0;
	if (!any)
		return ASSURE_OK;
	l.n = 0;
	v[0] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_CRED_LATEST_REPORTS, v, 1,
	    cred_latest_row, &l, d);
	for (i = 0; rc == ASSURE_OK && i < l.n; i++) {
		if (ctx->as_of - l.v[i].as_of > ctx->cfg->freshness)
			continue;
		v[0] = STORE_INTV(l.v[i].id);
		rc = store_exec(ctx->store, STMT_CRED_ROWS, v, 1, cred_mfa_row,
		    p, d);
	}
	return rc;
}

static void
link_people(const struct test_ctx *ctx, struct population *p)
{
	const struct identity *id = ctx->cfg->identity;
	const char *alias;
	struct pop_account *a;
	size_t i;

	for (i = 0; i < p->nacc; i++) {
		a = &p->acc[i];
		alias = identity_alias_of(id, a->login, a->email);
		if (alias != NULL)
			a->person = population_person(p, alias);
		if (a->person == NULL)
			a->person = population_person(p, a->email_norm);
		if (a->person == NULL)
			a->person = population_person(p, a->login);
		a->service = (a->kind != NULL &&
		    strcmp(a->kind, "service") == 0) ||
		    identity_service(id, a->system, a->tenant, a->login,
		    a->email) != NULL;
	}
}

static enum assure_err
load_accounts(const struct test_ctx *ctx, struct population *p,
    struct assure_diag *d)
{
	struct snap_walk sw = { p, 0 };
	struct acc_walk aw = { p, 0, NULL };
	struct store_val v[1];
	struct pop_snapshot *s;
	enum assure_err rc;
	size_t i, j, k;

	v[0] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_ID_SNAPSHOTS, v, 1, snap_row, &sw, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; i < p->nsnaps; i++) {
		s = &p->snaps[i];
		if (!s->newest)
			continue;
		if (ctx->as_of - s->as_of > ctx->cfg->freshness) {
			s->stale = true;
			if (p->nstale++ < 3) {
				size_t l = strlen(p->stale);

				snprintf(p->stale + l, sizeof(p->stale) - l,
				    "%s%s/%s/%s", l > 0 ? ", " : "", s->system,
				    s->tenant, s->kind);
			}
			continue;
		}
		p->nfresh++;
		aw.snap = s;
		v[0] = STORE_INTV(s->evidence_id);
		rc = store_exec(ctx->store, STMT_ID_ACCOUNT_ROWS, v, 1, acc_row,
		    &aw, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	if (p->nacc > 1)
		qsort(p->acc, p->nacc, sizeof(*p->acc), acc_cmp);
	/* Fold the facets of each account into its first row. */
	for (i = 0, k = 0; i < p->nacc; i = j) {
		if (k != i)
			p->acc[k] = p->acc[i];
		for (j = i + 1; j < p->nacc &&
		    acc_cmp(&p->acc[i], &p->acc[j]) == 0; j++)
			merge(&p->acc[k], &p->acc[j]);
		k++;
	}
	p->nacc = k;
	rc = aws_mfa(ctx, p, d);
	/* What each system and tenant reports (accounts are grouped). */
	for (i = 0; rc == ASSURE_OK && i < p->nacc; i = j) {
		bool mfa = false, logins = false;

		for (j = i; j < p->nacc &&
		    strcmp(p->acc[j].system, p->acc[i].system) == 0 &&
		    strcmp(p->acc[j].tenant, p->acc[i].tenant) == 0; j++) {
			mfa |= p->acc[j].mfa != NULL;
			logins |= p->acc[j].has_last_login;
		}
		for (k = i; k < j; k++) {
			p->acc[k].tenant_reports_mfa = mfa;
			p->acc[k].tenant_reports_logins = logins;
		}
	}
	return rc;
}

enum assure_err
population_load(const struct test_ctx *ctx, unsigned what,
    struct population *ret, struct assure_diag *reterr_diag)
{
	enum assure_err rc = ASSURE_OK;

	memset(ret, 0, sizeof(*ret));
	if (what & (POP_PEOPLE | POP_ACCOUNTS))
		rc = load_people(ctx, ret, reterr_diag);
	if (rc == ASSURE_OK && (what & POP_ACCOUNTS)) {
		rc = load_accounts(ctx, ret, reterr_diag);
		if (rc == ASSURE_OK)
			link_people(ctx, ret);
	}
	return rc;
}

enum assure_err
population_evidence(const struct population *p, unsigned what,
    struct test_result *res)
{
	enum assure_err rc = ASSURE_OK;
	size_t i;

	if ((what & POP_PEOPLE) && p->has_hr && !p->hr_stale)
		rc = result_add_evidence(res, p->hr_evidence, p->hr_sha256);
	for (i = 0; rc == ASSURE_OK && (what & POP_ACCOUNTS) &&
	    i < p->nsnaps; i++)
		if (p->snaps[i].newest && !p->snaps[i].stale)
			rc = result_add_evidence(res, p->snaps[i].evidence_id,
			    p->snaps[i].sha256);
	return rc;
}

const struct pop_account *
population_find(const struct population *p, const char *system,
    const char *tenant, const char *account_id)
{
	struct pop_account key;

	if (p->nacc == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.system = (char *)(uintptr_t)system;
	key.tenant = (char *)(uintptr_t)tenant;
	key.account_id = (char *)(uintptr_t)account_id;
	return bsearch(&key, p->acc, p->nacc, sizeof(*p->acc), acc_cmp);
}

void
population_subject(const struct pop_account *a, char *out, size_t size)
{
	const char *name = a->login != NULL ? a->login :
	    a->email != NULL ? a->email : a->account_id;

	snprintf(out, size, "%s/%s/%s", a->system, a->tenant, name);
}

/* ------------------------------------------------------------ history */

#define HIST_MAX	100000

struct hist_row {
	int64_t	evidence_id;
	int64_t	as_of;
	int	active;
	bool	has_changed;
	int64_t	changed;
	char	kind[64];
};

struct hist {
	struct hist_row	*v;
	size_t		 n;
	size_t		 cap;
};

static enum assure_err
hist_row(const struct store_val *c, int n, void *arg)
{
	struct hist *h = arg;
	struct hist_row *r, *v;

	if (n < 6 || c[5].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	v = grow(h->v, &h->cap, h->n, sizeof(*v), HIST_MAX);
	if (v == NULL)
		return h->n >= HIST_MAX ? ASSURE_ERR_LIMIT : ASSURE_ERR_NOMEM;
	h->v = v;
	r = &h->v[h->n++];
	r->evidence_id = c[0].i;
	r->as_of = c[1].i;
	r->active = tri_col(&c[2]);
	r->has_changed = c[3].type == STORE_INT;
	r->changed = c[3].i;
	assure_strlcpy(r->kind, c[5].s, sizeof(r->kind));
	return ASSURE_OK;
}

/* Whether kind reports the account's status (some row gives active). */
static bool
status_kind(const struct hist *h, const char *kind, bool any_status)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].kind, kind) == 0 &&
		    (!any_status || h->v[i].active != -1))
			return true;
	return false;
}

static int
snap_as_of_cmp(const void *x, const void *y)
{
	const struct pop_snapshot *const *a = x, *const *b = y;

	if ((*a)->as_of != (*b)->as_of)
		return (*a)->as_of < (*b)->as_of ? -1 : 1;
	return ((*a)->evidence_id > (*b)->evidence_id) -
	    ((*a)->evidence_id < (*b)->evidence_id);
}

enum assure_err
population_revocation(const struct test_ctx *ctx, const struct population *p,
    const char *system, const char *tenant, const char *account_id,
    int64_t since, enum pop_revocation *ret, int64_t *ret_when,
    struct assure_diag *reterr_diag)
{
	struct hist h = { NULL, 0, 0 };
	const struct pop_snapshot **tl = NULL;
	const struct hist_row *row;
	struct store_val v[4];
	enum assure_err rc;
	size_t i, j, n = 0, ng = 0, first_off, *grp = NULL, *first = NULL;
	bool any_status = false;
	long last_active = -1;

	v[0] = STORE_TEXTV(system);
	v[1] = STORE_TEXTV(tenant);
	v[2] = STORE_TEXTV(account_id);
	v[3] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_ID_ACCOUNT_HISTORY, v, 4, hist_row,
	    &h, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	for (i = 0; i < h.n; i++)
		any_status |= h.v[i].active != -1;
	tl = calloc(p->nsnaps > 0 ? p->nsnaps : 1, sizeof(*tl));
	if (tl == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < p->nsnaps; i++)
		if (strcmp(p->snaps[i].system, system) == 0 &&
		    strcmp(p->snaps[i].tenant, tenant) == 0 &&
		    status_kind(&h, p->snaps[i].kind, any_status))
			tl[n++] = &p->snaps[i];
	if (n > 1)
		qsort(tl, n, sizeof(*tl), snap_as_of_cmp);
	*ret = POP_UNOBSERVED;
	if (n == 0)
		goto out;
	/*
	 * The pages of one collection run of a kind are one snapshot:
	 * number the snapshots in time order, each file's grp[] its
	 * snapshot.
	 */
	grp = calloc(n, sizeof(*grp));
	first = calloc(n, sizeof(*first));
	if (grp == NULL || first == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && tl[j - 1]->as_of == tl[i]->as_of; j--)
			if (strcmp(tl[j - 1]->kind, tl[i]->kind) == 0 &&
			    same_run(tl[j - 1], tl[i]))
				break;
		if (j > 0 && tl[j - 1]->as_of == tl[i]->as_of) {
			grp[i] = grp[j - 1];
			continue;
		}
		grp[i] = ng;
		first[ng++] = i;
	}
	/* The state in each snapshot: active, disabled, or gone. */
	for (i = 0; i < n; i++) {
		row = NULL;
		for (j = 0; j < h.n; j++)
			if (h.v[j].evidence_id == tl[i]->evidence_id)
				row = &h.v[j];
		if (row != NULL && row->active != 0 &&
		    (long)grp[i] > last_active)
			last_active = (long)grp[i];
	}
	if (last_active == (long)ng - 1) {
		if (tl[first[ng - 1]]->as_of >= since) {
			*ret = POP_LIVE;
			*ret_when = tl[first[ng - 1]]->as_of;
		}
		goto out;
	}
	first_off = (size_t)(last_active + 1);
	row = NULL;
	for (i = 0; i < n && row == NULL; i++) {
		if (grp[i] != first_off)
			continue;
		for (j = 0; j < h.n; j++)
			if (h.v[j].evidence_id == tl[i]->evidence_id)
				row = &h.v[j];
	}
	*ret = POP_REVOKED;
	if (row != NULL && row->has_changed && (last_active < 0 ||
	    row->changed >= tl[first[last_active]]->as_of))
		*ret_when = row->changed;
	else
		*ret_when = tl[first[first_off]]->as_of;
out:
	free(first);
	free(grp);
	free(tl);
	free(h.v);
	return rc;
}
