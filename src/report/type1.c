/*
 * type1.c: the Type 1 report (type1.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "report/type1.h"
#include "store/store.h"

/* ------------------------------------------------------------- loading */

static enum assure_err
grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return ASSURE_OK;
	ncap = *cap == 0 ? 8 : *cap * 2;
	if ((nv = reallocarray(*v, ncap, size)) == NULL)
		return ASSURE_ERR_NOMEM;
	*v = nv;
	*cap = ncap;
	return ASSURE_OK;
}

/* A document filed against the control: id, sha256, kind, as_of,
 * period_start, period_end, source_name. */
static enum assure_err
filed_row(const struct store_val *c, int n, void *arg)
{
	struct type1_control *x = arg;
	struct type1_filed *f;
	enum assure_err rc;

	if (n < 7 || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[6].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	rc = grow((void **)&x->filed, x->nfiled, &x->capfiled, sizeof(*f));
	if (rc != ASSURE_OK)
		return rc;
	f = &x->filed[x->nfiled];
	memset(f, 0, sizeof(*f));
	f->id = c[0].i;
	snprintf(f->sha256, sizeof(f->sha256), "sha256:%s", c[1].s);
	assure_strlcpy(f->kind, c[2].s, sizeof(f->kind));
	f->as_of = c[3].i;
	if ((f->source = strdup(c[6].s)) == NULL)
		return ASSURE_ERR_NOMEM;
	x->nfiled++;
	return ASSURE_OK;
}

static const struct test_result *
result_of(const struct evaluation *ev, const char *test_id)
{
	size_t i;

	for (i = 0; i < ev->n; i++)
		if (strcmp(ev->results[i].test_id, test_id) == 0)
			return &ev->results[i];
	return NULL;
}

static enum assure_err
load_control(struct store *s, struct type1doc *t, const struct control *c,
    struct type1_control *x, struct assure_diag *d)
{
	struct store_val p[3];
	struct type1_policy *tp;
	size_t i;

	x->c = c;
	if (c->ntests > 0 &&
	    (x->res = calloc(c->ntests, sizeof(*x->res))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < c->ntests; i++)
		x->res[i] = result_of(&t->ev, c->tests[i]->id);
	if (c->npolicies > 0 &&
	    (x->pol = calloc(c->npolicies, sizeof(*x->pol))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < c->npolicies; i++) {
		tp = &x->pol[i];
		tp->p = policies_find(&t->des->policies, c->policies[i].id);
		if (tp->p == NULL)
			return assure_diag_set(d, ASSURE_ERR_PARSE, c->source,
			    c->policies[i].line, c->policies[i].column,
			    "policies", "control %s: unknown policy '%s' (no "
			    "policies/*.md has this id)", c->id,
			    c->policies[i].id);
		assure_hex(tp->p->body_sha256, sizeof(tp->p->body_sha256),
		    tp->sha);
		tp->approved = policy_approvals_newest(&t->approvals,
		    tp->p->id, tp->sha);
		tp->any = policy_approvals_newest(&t->approvals, tp->p->id,
		    NULL);
	}
	p[0] = STORE_TEXTV(c->id);
	p[1] = STORE_INTV(t->as_of - TYPE1_FILED_WINDOW);
	p[2] = STORE_INTV(t->as_of);
	return store_exec(s, STMT_EVCONTROL_OF, p, 3, filed_row, x, d);
}

static struct type1_tenant *
tenant_of(struct type1doc *t, const char *system, const char *tenant,
    size_t *cap)
{
	struct type1_tenant *x;
	size_t i;

	for (i = 0; i < t->ntenants; i++)
		if (strcmp(t->tenants[i].system, system) == 0 &&
		    strcmp(t->tenants[i].tenant, tenant) == 0)
			return &t->tenants[i];
	if (grow((void **)&t->tenants, t->ntenants, cap, sizeof(*x)) !=
	    ASSURE_OK)
		return NULL;
	x = &t->tenants[t->ntenants++];
	memset(x, 0, sizeof(*x));
	x->system = system;
	x->tenant = tenant;
	return x;
}

static int
tenant_cmp(const void *a, const void *b)
{
	const struct type1_tenant *x = a, *y = b;
	int c;

	if ((c = strcmp(x->system, y->system)) != 0)
		return c;
	return strcmp(x->tenant, y->tenant);
}

static enum assure_err
load_accounts(struct type1doc *t, struct test_ctx *ctx, struct assure_diag *d)
{
	const struct pop_snapshot *sn;
	const struct pop_account *a;
	struct type1_tenant *x;
	size_t i, j, cap = 0, l, capadm;
	enum assure_err rc;

	rc = population_load(ctx, POP_ACCOUNTS, &t->pop, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; i < t->pop.nsnaps; i++) {
		sn = &t->pop.snaps[i];
		if (!sn->newest)
			continue;
		if ((x = tenant_of(t, sn->system, sn->tenant, &cap)) == NULL)
			return ASSURE_ERR_NOMEM;
		if (sn->as_of > x->as_of)
			x->as_of = sn->as_of;
		x->stale = x->stale || sn->stale;
		l = strlen(x->kinds);
		snprintf(x->kinds + l, sizeof(x->kinds) - l, "%s%s",
		    l > 0 ? ", " : "", sn->kind);
	}
	if (t->ntenants > 1)
		qsort(t->tenants, t->ntenants, sizeof(*t->tenants),
		    tenant_cmp);
	for (j = 0; j < t->ntenants; j++) {
		x = &t->tenants[j];
		capadm = 0;
		for (i = 0; i < t->pop.nacc; i++) {
			a = &t->pop.acc[i];
			if (strcmp(a->system, x->system) != 0 ||
			    strcmp(a->tenant, x->tenant) != 0 || a->active == 0)
				continue;
			x->active++;
			if (a->service)
				x->service++;
			else
				x->human++;
			if (a->mfa != NULL && strcmp(a->mfa, "enrolled") == 0)
				x->mfa_enrolled++;
			else if (a->mfa != NULL &&
			    strcmp(a->mfa, "not_enrolled") == 0)
				x->mfa_not++;
			else
				x->mfa_unknown++;
			if (a->is_admin != 1)
				continue;
			x->admins++;
			rc = grow((void **)&x->admins_v, x->nadmins_v, &capadm,
			    sizeof(*x->admins_v));
			if (rc != ASSURE_OK)
				return rc;
			x->admins_v[x->nadmins_v++] = i;
		}
	}
	for (i = 0; i < t->cfg->change.production_systems.n; i++) {
		const char *sys = t->cfg->change.production_systems.item[i];

		for (j = 0; j < t->ntenants; j++)
			if (strcmp(t->tenants[j].system, sys) == 0)
				break;
		if (j == t->ntenants)
			t->missing[t->nmissing++] = sys;
	}
	return ASSURE_OK;
}

enum assure_err
type1_load(struct store *s, const struct config *cfg, const struct design *des,
    int64_t as_of, struct type1doc *t, struct assure_diag *d)
{
	struct evaluation_opts o;
	struct test_ctx ctx;
	enum assure_err rc;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->des = des;
	t->as_of = as_of;
	t->generated = assure_now();
	rc = gap_from_controls(des->cat, cfg->categories, &des->controls,
	    des->scope, &t->gap, d);
	if (rc != ASSURE_OK)
		return rc;
	t->ncriteria = t->gap.nrows;
	/* The tests as of the day; the evaluation is never recorded. */
	memset(&o, 0, sizeof(o));
	rc = evaluation_run_opts(s, cfg, as_of, &o, &t->ev, d);
	if (rc != ASSURE_OK)
		return rc;
	evaluation_counts(&t->ev, t->verdicts);
	rc = policy_approvals_load(s, as_of, &t->approvals, d);
	if (rc != ASSURE_OK)
		return rc;
	if (des->controls.n > 0 &&
	    (t->v = calloc(des->controls.n, sizeof(*t->v))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < des->controls.n; i++) {
		t->n++;
		rc = load_control(s, t, &des->controls.v[i], &t->v[i], d);
		if (rc != ASSURE_OK)
			return rc;
		t->status[des->controls.v[i].status]++;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.store = s;
	ctx.cfg = cfg;
	ctx.as_of = as_of;
	return load_accounts(t, &ctx, d);
}

void
type1_release(struct type1doc *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].res);
		free(t->v[i].pol);
		for (j = 0; j < t->v[i].nfiled; j++)
			free(t->v[i].filed[j].source);
		free(t->v[i].filed);
	}
	free(t->v);
	for (i = 0; i < t->ntenants; i++)
		free(t->tenants[i].admins_v);
	free(t->tenants);
	population_release(&t->pop);
	policy_approvals_release(&t->approvals);
	evaluation_release(&t->ev);
	gap_report_release(&t->gap);
	memset(t, 0, sizeof(*t));
}

const struct type1_control *
type1_control_of(const struct type1doc *t, const struct control *c)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].c == c)
			return &t->v[i];
	return NULL;
}

/* ----------------------------------------------------------- rendering */

static const char *const status_class[GAP_STATUS__MAX] = {
	[GAP_COVERED] = "covered",
	[GAP_PARTIAL] = "partial",
	[GAP_GAP] = "gap",
};

static const char *
verdict_class(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "covered";
	case VERDICT_FAIL:
		return "gap";
	default:
		return "partial";
	}
}

static const char *
verdict_text(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "pass";
	case VERDICT_FAIL:
		return "fail";
	case VERDICT_NO_EVIDENCE:
		return "no evidence";
	default:
		return "error";
	}
}

static void
categories_text(unsigned cats, char *out, size_t size)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < ASSURE_TSC_CATEGORY__MAX && o < size; i++)
		if (cats & (1u << i))
			o += (size_t)snprintf(out + o, size - o, "%s%s",
			    o > 0 ? ", " : "", assure_catalog_category_title(
			    (enum assure_tsc_category)i));
}

/* The criteria of c other than tsc, into out. */
static void
other_criteria(const struct control *c, const struct assure_tsc_criterion *tsc,
    char *out, size_t size)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->ntsc && o < size; i++)
		if (c->tsc[i] != tsc)
			o += (size_t)snprintf(out + o, size - o, "%s%s",
			    o > 0 ? ", " : "", c->tsc[i]->id);
}

/* The first in-scope criterion, in catalogue order, that c addresses. */
static const struct assure_tsc_criterion *
first_criterion(const struct type1doc *t, const struct control *c)
{
	size_t i, j;

	for (i = 0; i < t->gap.nrows; i++)
		for (j = 0; j < t->gap.rows[i].ncontrols; j++)
			if (t->gap.rows[i].controls[j].ctl == c)
				return t->gap.rows[i].tsc;
	return NULL;
}

static void
approval_text(const struct type1doc *t, const struct type1_policy *p,
    char *out, size_t size)
{
	char t1[ASSURE_TIME_STRLEN];

	(void)t;
	if (p->approved != NULL) {
		assure_date_format(p->approved->at, t1);
		snprintf(out, size, "approved in its current text by %s on %s",
		    p->approved->by, t1);
	} else if (p->any != NULL) {
		assure_date_format(p->any->at, t1);
		snprintf(out, size, "not approved in its current text (an "
		    "earlier text was approved by %s on %s)", p->any->by, t1);
	} else
		snprintf(out, size, "not approved");
}

static size_t
tests_verdicts(const struct type1_control *x, size_t v[VERDICT__MAX + 1])
{
	size_t i;

	memset(v, 0, sizeof(*v) * (VERDICT__MAX + 1));
	for (i = 0; i < x->c->ntests; i++)
		v[x->res[i] != NULL ? x->res[i]->verdict : VERDICT__MAX]++;
	return x->c->ntests;
}

static void
state_summary(const struct type1_control *x, char *out, size_t size)
{
	size_t v[VERDICT__MAX + 1];

	if (tests_verdicts(x, v) == 0) {
		snprintf(out, size, "no automated test; %zu document%s filed",
		    x->nfiled, x->nfiled == 1 ? "" : "s");
		return;
	}
	snprintf(out, size, "tests %zu pass, %zu fail, %zu no evidence%s; "
	    "%zu document%s filed", v[VERDICT_PASS], v[VERDICT_FAIL],
	    v[VERDICT_NO_EVIDENCE] + v[VERDICT_ERROR], v[VERDICT__MAX] > 0 ?
	    ", some not run (out of scope)" : "", x->nfiled,
	    x->nfiled == 1 ? "" : "s");
}

/* Whether evidence j of test i was used by an earlier test of x. */
static bool
digest_seen(const struct type1_control *x, size_t i, size_t j)
{
	const char *dg = x->res[i]->ev[j].digest;
	size_t a, b;

	for (a = 0; a <= i; a++)
		for (b = 0; x->res[a] != NULL && b < x->res[a]->nev &&
		    (a < i || b < j); b++)
			if (strcmp(x->res[a]->ev[b].digest, dg) == 0)
				return true;
	return false;
}

/* The tests of x that used evidence dg. */
static void
users_of(const struct type1_control *x, const char *dg, char *out,
    size_t size)
{
	size_t i, j, o = 0;

	out[0] = '\0';
	for (i = 0; i < x->c->ntests && o < size; i++)
		for (j = 0; x->res[i] != NULL && j < x->res[i]->nev; j++)
			if (strcmp(x->res[i]->ev[j].digest, dg) == 0) {
				o += (size_t)snprintf(out + o, size - o,
				    "%s%s", o > 0 ? ", " : "",
				    x->c->tests[i]->id);
				break;
			}
}

static void
doc_control_state(struct doc *d, const struct type1doc *t,
    const struct type1_control *x)
{
	static const char *const test_cols[] = { "Test", "Verdict",
	    "Population", "Exceptions" };
	static const char *const ev_cols[] = { "Evidence (SHA-256)",
	    "What" };
	const struct control *c = x->c;
	const struct test_result *r;
	char day[ASSURE_TIME_STRLEN], t1[ASSURE_TIME_STRLEN], users[512];
	size_t i, j, nev = 0;

	assure_date_format(t->as_of, day);
	if (c->ntests == 0)
		doc_para(d, "No automated test: the control is evidenced by the "
		    "documents filed against it.");
	else {
		doc_table_begin(d, NULL, test_cols, ASSURE_ARRAY_LEN(test_cols));
		for (i = 0; i < c->ntests; i++) {
			r = x->res[i];
			doc_cell(d, "%s: %s", c->tests[i]->id,
			    c->tests[i]->title);
			if (r == NULL) {
				doc_cell_class(d, "out", "not run");
				doc_cell(d, "-");
				doc_cell(d, "none of its criteria is in scope");
				continue;
			}
			nev += r->nev;
			doc_cell_class(d, verdict_class(r->verdict), "%s",
			    verdict_text(r->verdict));
			doc_cell(d, "%lld", (long long)r->population);
			if (r->nexc == 0)
				doc_cell(d, "%s", r->reason != NULL ?
				    r->reason : "none");
			else
				doc_cell(d, "%zu exception%s, %zu warning%s%s%s",
				    result_failures(r), result_failures(r) ==
				    1 ? "" : "s", r->nwarn, r->nwarn == 1 ? "" :
				    "s", r->reason != NULL ? "; " : "",
				    r->reason != NULL ? r->reason : "");
		}
		doc_table_end(d);
		for (i = 0; i < c->ntests; i++) {
			r = x->res[i];
			if (r == NULL || r->nexc == 0)
				continue;
			doc_para(d, "Exceptions of %s (%zu%s):",
			    c->tests[i]->id, r->nexc, r->nexc >
			    TYPE1_EXC_SHOWN ? ", the first shown" : "");
			doc_list_begin(d);
			for (j = 0; j < r->nexc && j < TYPE1_EXC_SHOWN; j++)
				doc_item(d, NULL, "%s%s: %s",
				    r->exc[j].warning ? "(warning) " : "",
				    r->exc[j].subject, r->exc[j].reason);
			if (r->nexc > TYPE1_EXC_SHOWN)
				doc_item(d, NULL, "and %zu more (see the JSON "
				    "form)", r->nexc - TYPE1_EXC_SHOWN);
			doc_list_end(d);
		}
	}
	if (nev + x->nfiled == 0) {
		doc_para(d, "Evidence: none used by its tests on %s, and no "
		    "document filed against it in the year to that day.", day);
		return;
	}
	doc_table_begin(d, "evid", ev_cols, ASSURE_ARRAY_LEN(ev_cols));
	for (i = 0; i < c->ntests; i++) {
		r = x->res[i];
		for (j = 0; r != NULL && j < r->nev; j++) {
			if (digest_seen(x, i, j))
				continue;
			users_of(x, r->ev[j].digest, users, sizeof(users));
			doc_cell(d, "%s", r->ev[j].digest);
			doc_cell(d, "used by %s on the day", users);
		}
	}
	for (i = 0; i < x->nfiled; i++) {
		assure_date_format(x->filed[i].as_of, t1);
		doc_cell(d, "%s", x->filed[i].sha256);
		doc_cell(d, "filed against %s: %s (%s, as of %s)", c->id,
		    x->filed[i].source, x->filed[i].kind, t1);
	}
	doc_table_end(d);
}

/* path relative to the workspace when it is inside it. */
static const char *
relpath(const struct type1doc *t, const char *path)
{
	const char *root = t->des->ws != NULL ? t->des->ws->root : NULL;
	size_t n;

	if (root == NULL || (n = strlen(root)) == 0 ||
	    strncmp(path, root, n) != 0 || path[n] != '/')
		return path;
	return path + n + 1;
}

static void
doc_control(struct doc *d, const struct type1doc *t,
    const struct type1_control *x, const struct assure_tsc_criterion *tsc)
{
	static const char *const pol_cols[] = { "Policy", "Version",
	    "Text (SHA-256)", "Approval on the day" };
	const struct control *c = x->c;
	const struct assure_tsc_criterion *first = first_criterion(t, c);
	char other[512], st[256], appr[512];
	size_t i;

	doc_heading(d, 4, "%s %s", c->id, c->title);
	if (first != tsc) {
		state_summary(x, st, sizeof(st));
		doc_para(d, "Described under %s: %s, owned by %s; %s.",
		    first->id, control_status_name(c->status), c->owner, st);
		return;
	}
	other_criteria(c, tsc, other, sizeof(other));
	doc_meta_begin(d);
	doc_meta(d, "Owner", "%s", c->owner);
	doc_meta(d, "Frequency", "%s", control_frequency_name(c->frequency));
	doc_meta(d, "Status", "%s", control_status_name(c->status));
	if (other[0] != '\0')
		doc_meta(d, "Also addresses", "%s", other);
	doc_meta(d, "Defined in", "%s:%lu", relpath(t, c->source), c->line);
	doc_meta_end(d);
	if (c->description != NULL)
		doc_para(d, "%s", c->description);
	else
		doc_para(d, "No description is written for this control.");
	if (c->npolicies == 0)
		doc_para(d, "Supporting policies: none named (add policies: to "
		    "the control).");
	else {
		doc_table_begin(d, NULL, pol_cols, ASSURE_ARRAY_LEN(pol_cols));
		for (i = 0; i < c->npolicies; i++) {
			const struct type1_policy *p = &x->pol[i];

			approval_text(t, p, appr, sizeof(appr));
			doc_cell(d, "%s %s", p->p->id, p->p->title);
			doc_cell(d, "%s", p->p->version);
			doc_cell(d, "%.16s...", p->sha);
			doc_cell_class(d, p->approved != NULL ? "covered" :
			    "gap", "%s", appr);
		}
		doc_table_end(d);
	}
	doc_control_state(d, t, x);
}

static void
doc_criteria(struct doc *d, const struct type1doc *t)
{
	const struct gap_row *row;
	const char *group = NULL;
	size_t i, j;

	for (i = 0; i < t->gap.nrows; i++) {
		row = &t->gap.rows[i];
		if (group == NULL || strcmp(group, row->tsc->group) != 0) {
			group = row->tsc->group;
			doc_heading(d, 2, "%s: %s %s",
			    assure_catalog_category_title(row->tsc->category),
			    row->tsc->group, row->tsc->group_name);
		}
		doc_heading(d, 3, "Criterion %s", row->tsc->id);
		doc_para(d, "%s", row->tsc->summary);
		if (row->ncontrols == 0) {
			doc_para(d, "No control addresses this criterion: a "
			    "design gap.");
			continue;
		}
		doc_note(d, "Coverage: %s (%s).", gap_status_name(row->status),
		    row->reason);
		for (j = 0; j < row->ncontrols; j++)
			doc_control(d, t, type1_control_of(t,
			    row->controls[j].ctl), row->tsc);
	}
}

static void
doc_gaps(struct doc *d, const struct type1doc *t)
{
	static const char *const gap_cols[] = { "Criterion", "Status",
	    "Basis" };
	const struct control *c;
	char crit[512];
	size_t i, n;

	doc_heading(d, 2, "Open design gaps");
	n = t->gap.counts[GAP_PARTIAL] + t->gap.counts[GAP_GAP];
	doc_heading(d, 3, "Criteria not fully covered");
	if (n == 0)
		doc_para(d, "None: an implemented control addresses every "
		    "criterion in scope.");
	else {
		doc_table_begin(d, "gaps", gap_cols, ASSURE_ARRAY_LEN(gap_cols));
		for (i = 0; i < t->gap.nrows; i++) {
			const struct gap_row *row = &t->gap.rows[i];

			if (row->status == GAP_COVERED)
				continue;
			doc_cell(d, "%s %s", row->tsc->id, row->tsc->summary);
			doc_cell_class(d, status_class[row->status], "%s",
			    gap_status_name(row->status));
			doc_cell(d, "%s", row->reason);
		}
		doc_table_end(d);
	}
	doc_heading(d, 3, "Controls not fully implemented");
	if (t->status[CONTROL_PARTIAL] + t->status[CONTROL_PLANNED] == 0)
		doc_para(d, "None: every control is implemented.");
	else {
		doc_list_begin(d);
		for (i = 0; i < t->n; i++) {
			c = t->v[i].c;
			if (c->status == CONTROL_IMPLEMENTED)
				continue;
			doc_item(d, c->id, "%s (%s; owner %s)", c->title,
			    control_status_name(c->status), c->owner);
		}
		doc_list_end(d);
	}
	for (i = n = 0; i < t->n; i++)
		n += first_criterion(t, t->v[i].c) == NULL;
	if (n == 0)
		return;
	doc_heading(d, 3, "Controls outside the criteria in scope");
	doc_note(d, "These controls address no criterion of the categories in "
	    "scope and are not described above; the JSON form lists them "
	    "with the others.");
	doc_list_begin(d);
	for (i = 0; i < t->n; i++) {
		c = t->v[i].c;
		if (first_criterion(t, c) != NULL)
			continue;
		other_criteria(c, NULL, crit, sizeof(crit));
		doc_item(d, c->id, "%s (%s)", c->title, crit[0] != '\0' ?
		    crit : "no criterion");
	}
	doc_list_end(d);
}

static void
doc_accounts(struct doc *d, const struct type1doc *t)
{
	static const char *const acc_cols[] = { "System / tenant",
	    "Snapshot", "Active", "Human / service", "Admins",
	    "MFA enrolled", "MFA not enrolled", "MFA unknown" };
	static const char *const adm_cols[] = { "Account", "Name", "Kind",
	    "MFA" };
	char day[ASSURE_TIME_STRLEN], t1[ASSURE_TIME_STRLEN], age[32];
	const struct type1_tenant *x;
	const struct pop_account *a;
	size_t i, j;

	assure_date_format(t->as_of, day);
	doc_heading(d, 2, "Accounts on %s", day);
	doc_note(d, "Per identity system and tenant, the newest export of "
	    "each kind not after the day; an export older than the freshness "
	    "window is stale and its accounts are left out.  Active accounts "
	    "are those no export shows disabled.");
	if (t->ntenants == 0)
		doc_para(d, "No identity export was ingested by %s: the "
		    "accounts cannot be shown.", day);
	else {
		doc_table_begin(d, NULL, acc_cols, ASSURE_ARRAY_LEN(acc_cols));
		for (i = 0; i < t->ntenants; i++) {
			x = &t->tenants[i];
			assure_date_format(x->as_of, t1);
			snprintf(age, sizeof(age), "%lld day%s",
			    (long long)((t->as_of - x->as_of) / 86400),
			    (t->as_of - x->as_of) / 86400 == 1 ? "" : "s");
			doc_cell(d, "%s / %s", x->system, x->tenant);
			if (x->stale)
				doc_cell_class(d, "gap", "%s (%s old: stale)",
				    t1, age);
			else
				doc_cell_class(d, "covered", "%s (%s old)", t1,
				    age);
			doc_cell(d, "%zu", x->active);
			doc_cell(d, "%zu / %zu", x->human, x->service);
			doc_cell(d, "%zu", x->admins);
			doc_cell(d, "%zu", x->mfa_enrolled);
			doc_cell(d, "%zu", x->mfa_not);
			doc_cell(d, "%zu", x->mfa_unknown);
		}
		doc_table_end(d);
	}
	if (t->pop.nstale > 0)
		doc_para(d, "Stale on the day (accounts left out): %s.",
		    t->pop.stale);
	for (i = 0; i < t->nmissing; i++)
		doc_para(d, "No export of the production identity system %s by "
		    "%s.", t->missing[i], day);
	for (i = 0; i < t->ntenants; i++) {
		x = &t->tenants[i];
		if (x->nadmins_v == 0)
			continue;
		doc_heading(d, 3, "Active administrators: %s / %s", x->system,
		    x->tenant);
		doc_table_begin(d, NULL, adm_cols, ASSURE_ARRAY_LEN(adm_cols));
		for (j = 0; j < x->nadmins_v; j++) {
			a = &t->pop.acc[x->admins_v[j]];
			doc_cell(d, "%s", a->login != NULL ? a->login :
			    a->email != NULL ? a->email : a->account_id);
			doc_cell(d, "%s", a->display_name != NULL ?
			    a->display_name : "-");
			doc_cell(d, "%s", a->service ? "service" : "human");
			if (a->mfa != NULL && strcmp(a->mfa, "enrolled") == 0)
				doc_cell_class(d, "covered", "enrolled");
			else if (a->mfa != NULL &&
			    strcmp(a->mfa, "not_enrolled") == 0)
				doc_cell_class(d, "gap", "not enrolled");
			else
				doc_cell_class(d, "partial", "unknown");
		}
		doc_table_end(d);
	}
}

static void
render_doc(const struct type1doc *t, enum doc_format fmt,
    struct assure_buf *out)
{
	static const char *const sum_cols[] = { "Criterion", "Text",
	    "Design", "Controls" };
	char t1[ASSURE_TIME_STRLEN], sub[512], cats[256], ctl[1024];
	const struct gap_row *row;
	struct doc d;
	size_t i, j, o;

	assure_date_format(t->as_of, t1);
	snprintf(sub, sizeof(sub), "%s, %s: as of %s", t->cfg->organisation,
	    t->cfg->system, t1);
	categories_text(t->cfg->categories, cats, sizeof(cats));
	doc_init(&d, fmt, out);
	doc_begin(&d, "Type 1: design of controls", sub);
	doc_meta_begin(&d);
	doc_meta(&d, "Organisation", "%s", t->cfg->organisation);
	doc_meta(&d, "System", "%s", t->cfg->system);
	assure_time_format(t->as_of, t1);
	doc_meta(&d, "As of", "%s", t1);
	assure_time_format(t->generated, t1);
	doc_meta(&d, "Generated", "%s", t1);
	doc_meta(&d, "Categories in scope", "%s", cats);
	doc_meta(&d, "Criteria in scope", "%zu: %zu covered, %zu partly "
	    "covered, %zu gaps", t->ncriteria, t->gap.counts[GAP_COVERED],
	    t->gap.counts[GAP_PARTIAL], t->gap.counts[GAP_GAP]);
	doc_meta(&d, "Controls", "%zu: %zu implemented, %zu partial, %zu "
	    "planned", t->n, t->status[CONTROL_IMPLEMENTED],
	    t->status[CONTROL_PARTIAL], t->status[CONTROL_PLANNED]);
	doc_meta(&d, "Tests on the day", "%zu pass, %zu fail, %zu no "
	    "evidence, %zu error", t->verdicts[VERDICT_PASS],
	    t->verdicts[VERDICT_FAIL], t->verdicts[VERDICT_NO_EVIDENCE],
	    t->verdicts[VERDICT_ERROR]);
	doc_meta_end(&d);
	doc_note(&d, "This report describes the design of the controls and "
	    "their state on one day.  The design comes from controls/ and "
	    "policies/ as they are now; the coverage of each criterion is "
	    "the gap analysis of those controls.  The tests were run over the "
	    "evidence that existed at the instant above, and nothing was "
	    "recorded: no evaluation, no ledger entry.  Each evidence "
	    "digest can be checked against the ledger with 'assure ledger "
	    "prove DIGEST'.  A policy is approved when an approval recorded "
	    "by the day names the SHA-256 of its current text.");

	doc_heading(&d, 2, "Summary by criterion");
	doc_table_begin(&d, "crit", sum_cols, ASSURE_ARRAY_LEN(sum_cols));
	for (i = 0; i < t->gap.nrows; i++) {
		row = &t->gap.rows[i];
		ctl[0] = '\0';
		for (j = o = 0; j < row->ncontrols && o < sizeof(ctl); j++)
			o += (size_t)snprintf(ctl + o, sizeof(ctl) - o, "%s%s",
			    j > 0 ? ", " : "", row->controls[j].ctl->id);
		doc_cell(&d, "%s", row->tsc->id);
		doc_cell(&d, "%s", row->tsc->summary);
		doc_cell_class(&d, status_class[row->status], "%s",
		    gap_status_name(row->status));
		doc_cell(&d, "%s", row->ncontrols > 0 ? ctl : "none");
	}
	doc_table_end(&d);
	doc_criteria(&d, t);
	doc_gaps(&d, t);
	doc_accounts(&d, t);
	doc_end(&d, "Generated by assure " ASSURE_VERSION " from controls/, "
	    "policies/, the evidence store and the ledger; nothing was "
	    "recorded in writing it.");
	doc_release(&d);
}

static void
json_result(struct jsonw *w, const struct test_def *def,
    const struct test_result *r)
{
	size_t i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", def->id);
	jsonw_kstr(w, "title", def->title);
	if (r == NULL) {
		jsonw_kstr(w, "verdict", "not_run");
		jsonw_obj_close(w);
		return;
	}
	jsonw_kstr(w, "verdict", verdict_name(r->verdict));
	jsonw_kint(w, "population", (long long)r->population);
	jsonw_kstr(w, "reason", r->reason);
	jsonw_kint(w, "failures", (long long)result_failures(r));
	jsonw_kint(w, "warnings", (long long)r->nwarn);
	jsonw_key(w, "exceptions");
	jsonw_arr_open(w);
	for (i = 0; i < r->nexc; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "subject", r->exc[i].subject);
		jsonw_kstr(w, "reason", r->exc[i].reason);
		jsonw_kbool(w, "warning", r->exc[i].warning);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "evidence");
	jsonw_arr_open(w);
	for (i = 0; i < r->nev; i++)
		jsonw_str(w, r->ev[i].digest);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

static void
json_control(struct jsonw *w, const struct type1_control *x)
{
	const struct control *c = x->c;
	const struct type1_policy *p;
	size_t i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", c->id);
	jsonw_kstr(w, "title", c->title);
	jsonw_kstr(w, "owner", c->owner);
	jsonw_kstr(w, "frequency", control_frequency_name(c->frequency));
	jsonw_kstr(w, "status", control_status_name(c->status));
	jsonw_kstr(w, "description", c->description);
	jsonw_kstr(w, "source", c->source);
	jsonw_kint(w, "line", (long long)c->line);
	jsonw_key(w, "criteria");
	jsonw_arr_open(w);
	for (i = 0; i < c->ntsc; i++)
		jsonw_str(w, c->tsc[i]->id);
	jsonw_arr_close(w);
	jsonw_key(w, "policies");
	jsonw_arr_open(w);
	for (i = 0; i < c->npolicies; i++) {
		p = &x->pol[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", p->p->id);
		jsonw_kstr(w, "title", p->p->title);
		jsonw_kstr(w, "version", p->p->version);
		jsonw_kstr(w, "body_sha256", p->sha);
		jsonw_kbool(w, "approved", p->approved != NULL);
		if (p->approved != NULL) {
			jsonw_kstr(w, "approved_by", p->approved->by);
			jsonw_ktime(w, "approved_at", p->approved->at, true);
		}
		if (p->approved == NULL && p->any != NULL) {
			jsonw_key(w, "earlier_approval");
			jsonw_obj_open(w);
			jsonw_kstr(w, "by", p->any->by);
			jsonw_ktime(w, "at", p->any->at, true);
			jsonw_kstr(w, "body_sha256", p->any->sha);
			jsonw_obj_close(w);
		}
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "tests");
	jsonw_arr_open(w);
	for (i = 0; i < c->ntests; i++)
		json_result(w, c->tests[i], x->res[i]);
	jsonw_arr_close(w);
	jsonw_key(w, "filed");
	jsonw_arr_open(w);
	for (i = 0; i < x->nfiled; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "sha256", x->filed[i].sha256);
		jsonw_kstr(w, "kind", x->filed[i].kind);
		jsonw_kstr(w, "source", x->filed[i].source);
		jsonw_ktime(w, "as_of", x->filed[i].as_of, true);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

static void
json_accounts(struct jsonw *w, const struct type1doc *t)
{
	const struct type1_tenant *x;
	const struct pop_account *a;
	const struct pop_snapshot *sn;
	char dg[ASSURE_DIGEST_STRLEN];
	size_t i, j;

	jsonw_key(w, "accounts");
	jsonw_arr_open(w);
	for (i = 0; i < t->ntenants; i++) {
		x = &t->tenants[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "system", x->system);
		jsonw_kstr(w, "tenant", x->tenant);
		jsonw_ktime(w, "snapshot", x->as_of, true);
		jsonw_kint(w, "age_days", (long long)((t->as_of - x->as_of) /
		    86400));
		jsonw_kbool(w, "stale", x->stale);
		jsonw_key(w, "snapshots");
		jsonw_arr_open(w);
		for (j = 0; j < t->pop.nsnaps; j++) {
			sn = &t->pop.snaps[j];
			if (!sn->newest || strcmp(sn->system, x->system) != 0 ||
			    strcmp(sn->tenant, x->tenant) != 0)
				continue;
			jsonw_obj_open(w);
			jsonw_kstr(w, "kind", sn->kind);
			jsonw_ktime(w, "as_of", sn->as_of, true);
			jsonw_kbool(w, "stale", sn->stale);
			snprintf(dg, sizeof(dg), "sha256:%s", sn->sha256);
			jsonw_kstr(w, "sha256", dg);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		jsonw_kint(w, "active", (long long)x->active);
		jsonw_kint(w, "human", (long long)x->human);
		jsonw_kint(w, "service", (long long)x->service);
		jsonw_kint(w, "admins", (long long)x->admins);
		jsonw_key(w, "mfa");
		jsonw_obj_open(w);
		jsonw_kint(w, "enrolled", (long long)x->mfa_enrolled);
		jsonw_kint(w, "not_enrolled", (long long)x->mfa_not);
		jsonw_kint(w, "unknown", (long long)x->mfa_unknown);
		jsonw_obj_close(w);
		jsonw_key(w, "active_admins");
		jsonw_arr_open(w);
		for (j = 0; j < x->nadmins_v; j++) {
			a = &t->pop.acc[x->admins_v[j]];
			jsonw_obj_open(w);
			jsonw_kstr(w, "account_id", a->account_id);
			jsonw_kstr(w, "login", a->login);
			jsonw_kstr(w, "email", a->email);
			jsonw_kstr(w, "name", a->display_name);
			jsonw_kbool(w, "service", a->service);
			jsonw_kstr(w, "mfa", a->mfa != NULL ? a->mfa :
			    "unknown");
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "accounts_missing");
	jsonw_arr_open(w);
	for (i = 0; i < t->nmissing; i++)
		jsonw_str(w, t->missing[i]);
	jsonw_arr_close(w);
}

static void
render_json(const struct type1doc *t, struct assure_buf *out)
{
	const struct gap_row *row;
	struct jsonw w;
	size_t i, j;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "report", "type1");
	jsonw_kstr(&w, "organisation", t->cfg->organisation);
	jsonw_kstr(&w, "system", t->cfg->system);
	jsonw_ktime(&w, "as_of", t->as_of, true);
	jsonw_ktime(&w, "generated", t->generated, true);
	jsonw_kbool(&w, "recorded", false);
	jsonw_key(&w, "categories");
	jsonw_arr_open(&w);
	for (i = 0; i < ASSURE_TSC_CATEGORY__MAX; i++)
		if (t->cfg->categories & (1u << i))
			jsonw_str(&w, assure_catalog_category_name(
			    (enum assure_tsc_category)i));
	jsonw_arr_close(&w);
	jsonw_key(&w, "counts");
	jsonw_obj_open(&w);
	jsonw_key(&w, "criteria");
	jsonw_obj_open(&w);
	jsonw_kint(&w, "in_scope", (long long)t->ncriteria);
	for (i = 0; i < GAP_STATUS__MAX; i++)
		jsonw_kint(&w, gap_status_name((enum gap_status)i),
		    (long long)t->gap.counts[i]);
	jsonw_obj_close(&w);
	jsonw_key(&w, "controls");
	jsonw_obj_open(&w);
	jsonw_kint(&w, "total", (long long)t->n);
	for (i = 0; i < CONTROL_STATUS__MAX; i++)
		jsonw_kint(&w, control_status_name((enum control_status)i),
		    (long long)t->status[i]);
	jsonw_obj_close(&w);
	jsonw_key(&w, "tests");
	jsonw_obj_open(&w);
	for (i = 0; i < VERDICT__MAX; i++)
		jsonw_kint(&w, verdict_name((enum verdict)i),
		    (long long)t->verdicts[i]);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_key(&w, "criteria");
	jsonw_arr_open(&w);
	for (i = 0; i < t->gap.nrows; i++) {
		row = &t->gap.rows[i];
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", row->tsc->id);
		jsonw_kstr(&w, "category", assure_catalog_category_name(
		    row->tsc->category));
		jsonw_kstr(&w, "group", row->tsc->group);
		jsonw_kstr(&w, "text", row->tsc->summary);
		jsonw_kstr(&w, "status", gap_status_name(row->status));
		jsonw_kstr(&w, "basis", row->reason);
		jsonw_key(&w, "controls");
		jsonw_arr_open(&w);
		for (j = 0; j < row->ncontrols; j++)
			jsonw_str(&w, row->controls[j].ctl->id);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "controls");
	jsonw_arr_open(&w);
	for (i = 0; i < t->n; i++)
		json_control(&w, &t->v[i]);
	jsonw_arr_close(&w);
	json_accounts(&w, t);
	jsonw_obj_close(&w);
	assure_buf_addc(out, '\n');
}

void
report_type1(const struct type1doc *t, enum doc_format fmt,
    struct assure_buf *out)
{
	if (fmt == DOC_JSON)
		render_json(t, out);
	else
		render_doc(t, fmt, out);
}
