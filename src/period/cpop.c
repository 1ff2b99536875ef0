/*
 * cpop.c: a control's population over a period (cpop.h).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "period/cpop.h"

static int
member_cmp(const void *a, const void *b)
{
	const struct cpop_member *x = a, *y = b;

	/* Bytewise, as the sample sorts: strcmp compares unsigned bytes. */
	return strcmp(x->subject, y->subject);
}

static struct cpop_member *
find(struct cpop *p, const char *subject)
{
	size_t lo = 0, hi = p->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(p->m[mid].subject, subject);
		if (c == 0)
			return &p->m[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static enum assure_err
units(struct cpop *p, const struct control_history *h)
{
	size_t i;

	if (h->nunits == 0)
		return ASSURE_OK;
	if ((p->m = calloc(h->nunits, sizeof(*p->m))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < h->nunits; i++) {
		p->m[i].subject = strdup(h->units[i].u.label);
		p->n++;
		if (p->m[i].subject == NULL)
			return ASSURE_ERR_NOMEM;
		p->m[i].evaluations = h->units[i].evaluations;
		p->m[i].filed = h->units[i].filed;
	}
	/* Labels of one frequency sort in time order; sort anyway, since the
	 * sample's order is bytewise whatever the labels. */
	qsort(p->m, p->n, sizeof(*p->m), member_cmp);
	return ASSURE_OK;
}

static enum assure_err
add_exception(struct cpop_member *m, const char *test_id,
    const struct test_exception *x)
{
	struct cpop_exception *v;

	v = reallocarray(m->exc, m->nexc + 1, sizeof(*v));
	if (v == NULL)
		return ASSURE_ERR_NOMEM;
	m->exc = v;
	v[m->nexc].test_id = test_id;
	v[m->nexc].warning = x->warning;
	v[m->nexc].reason = strdup(x->reason);
	m->nexc++;
	return v[m->nexc - 1].reason == NULL ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

static enum assure_err
events(struct cpop *p, struct store *s, const struct config *cfg,
    const struct control *c, int64_t end, struct assure_diag *d)
{
	const char *only[CONTROL_LIST_MAX + 1];
	struct evaluation_opts o;
	const struct test_result *r;
	struct cpop_member *m;
	size_t i, j, total = 0, o_n = 0;
	enum assure_err rc;

	for (i = 0; i < c->ntests && i < CONTROL_LIST_MAX; i++)
		only[i] = c->tests[i]->id;
	only[i] = NULL;
	if (c->ntests == 0)
		return ASSURE_OK;
	memset(&o, 0, sizeof(o));
	o.only = only;
	o.members = true;
	rc = evaluation_run_opts(s, cfg, end, &o, &p->ev, d);
	if (rc != ASSURE_OK)
		return rc;
	p->has_ev = true;
	for (i = 0; i < p->ev.n; i++) {
		r = &p->ev.results[i];
		if (r->verdict == VERDICT_NO_EVIDENCE ||
		    r->verdict == VERDICT_ERROR)
			p->no_evidence[p->nno_evidence++] = r->def != NULL ?
			    r->def->id : "?";
		total += r->nmembers;
	}
	if (total == 0)
		return ASSURE_OK;
	if ((p->m = calloc(total, sizeof(*p->m))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < p->ev.n; i++) {
		r = &p->ev.results[i];
		for (j = 0; j < r->nmembers; j++) {
			p->m[o_n].subject = strdup(r->members[j]);
			if (p->m[o_n++].subject == NULL) {
				p->n = o_n;
				return ASSURE_ERR_NOMEM;
			}
		}
	}
	p->n = o_n;
	qsort(p->m, p->n, sizeof(*p->m), member_cmp);
	/* One member per subject: a change judged by two tests is one
	 * change. */
	for (i = 0, o_n = 0; i < p->n; i++) {
		if (o_n > 0 && strcmp(p->m[o_n - 1].subject,
		    p->m[i].subject) == 0) {
			free(p->m[i].subject);
			continue;
		}
		p->m[o_n++] = p->m[i];
	}
	p->n = o_n;
	for (i = 0; i < p->ev.n; i++) {
		r = &p->ev.results[i];
		for (j = 0; j < r->nexc; j++) {
			if ((m = find(p, r->exc[j].subject)) == NULL)
				continue;	/* not a member: none */
			rc = add_exception(m, r->def != NULL ? r->def->id :
			    "?", &r->exc[j]);
			if (rc != ASSURE_OK)
				return rc;
		}
	}
	return ASSURE_OK;
}

enum assure_err
cpop_load(struct store *s, const struct config *cfg, const struct control *c,
    const struct control_history *h, int64_t end, struct cpop *p,
    struct assure_diag *d)
{
	memset(p, 0, sizeof(*p));
	if (c->frequency != CONTROL_PER_EVENT)
		return units(p, h);
	p->events = true;
	return events(p, s, cfg, c, end, d);
}

void
cpop_release(struct cpop *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		free(p->m[i].subject);
		for (j = 0; j < p->m[i].nexc; j++)
			free(p->m[i].exc[j].reason);
		free(p->m[i].exc);
	}
	free(p->m);
	if (p->has_ev)
		evaluation_release(&p->ev);
	memset(p, 0, sizeof(*p));
}

const char **
cpop_subjects(const struct cpop *p)
{
	const char **v;
	size_t i;

	if ((v = calloc(p->n > 0 ? p->n : 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < p->n; i++)
		v[i] = p->m[i].subject;
	return v;
}
