/*
 * inclist.c: the incidents of an instant, merged from evidence and the
 * register (inclist.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/inclist.h"

static int64_t
ival(const struct store_val *v)
{
	return v->type == STORE_INT ? v->i : 0;
}

/* system, key, title, severity, created, detected, acknowledged,
 * escalated, resolved; newest file first per key. */
static enum assure_err
inc_cb(const struct store_val *c, int n, void *arg)
{
	struct incs *l = arg;
	struct inc *x, *nv;
	size_t cap;

	if (n < 9 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	x = l->n > 0 ? &l->v[l->n - 1] : NULL;
	if (x != NULL && strcmp(x->system, c[0].s) == 0 &&
	    strcmp(x->key, c[1].s) == 0)
		return ASSURE_OK;	/* an older copy of the same */
	if (l->n == l->cap) {
		if (l->n >= INCLIST_MAX)
			return ASSURE_ERR_LIMIT;
		cap = l->cap == 0 ? 64 : l->cap * 2;
		nv = reallocarray(l->v, cap, sizeof(*nv));
		if (nv == NULL)
			return ASSURE_ERR_NOMEM;
		l->v = nv;
		l->cap = cap;
	}
	x = &l->v[l->n++];
	memset(x, 0, sizeof(*x));
	assure_strlcpy(x->system, c[0].s, sizeof(x->system));
	assure_strlcpy(x->key, c[1].s, sizeof(x->key));
	snprintf(x->subject, sizeof(x->subject), "%s:%s", c[0].s, c[1].s);
	if (c[2].type == STORE_TEXT)
		assure_strlcpy(x->title, c[2].s, sizeof(x->title));
	/* "1" (worst) .. "5"; anything else is unknown. */
	x->severity = c[3].type == STORE_TEXT && c[3].s[0] >= '1' &&
	    c[3].s[0] <= '5' && c[3].s[1] == '\0' ? c[3].s[0] - '0' : 0;
	x->detected = ival(&c[5]) != 0 ? ival(&c[5]) : ival(&c[4]);
	x->escalated = ival(&c[7]) != 0 ? ival(&c[7]) : ival(&c[6]);
	x->resolved = ival(&c[8]);
	return ASSURE_OK;
}

enum assure_err
incs_load(const struct test_ctx *ctx, struct incs *l, struct assure_diag *d)
{
	const struct incidents *reg = ctx->cfg->incidents;
	const struct incident_entry *e;
	struct store_val v[1];
	struct inc *x, *nv;
	enum assure_err rc;
	size_t i, k, cap;

	memset(l, 0, sizeof(*l));
	v[0] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_INCIDENTS, v, 1, inc_cb, l, d);
	if (rc != ASSURE_OK)
		return rc;
	l->from_evidence = l->n;
	for (i = 0; reg != NULL && i < reg->n; i++) {
		e = &reg->e[i];
		x = NULL;
		for (k = 0; e->source_system != NULL && k < l->from_evidence;
		    k++)
			if (strcmp(l->v[k].system, e->source_system) == 0 &&
			    strcmp(l->v[k].key, e->source_key) == 0)
				x = &l->v[k];
		if (x == NULL) {
			if (l->n == l->cap) {
				if (l->n >= INCLIST_MAX)
					return ASSURE_ERR_LIMIT;
				cap = l->cap == 0 ? 16 : l->cap * 2;
				nv = reallocarray(l->v, cap, sizeof(*nv));
				if (nv == NULL)
					return ASSURE_ERR_NOMEM;
				l->v = nv;
				l->cap = cap;
			}
			x = &l->v[l->n++];
			memset(x, 0, sizeof(*x));
		}
		assure_strlcpy(x->subject, e->id, sizeof(x->subject));
		x->reg = e;
		if (e->title != NULL)
			assure_strlcpy(x->title, e->title, sizeof(x->title));
		if (e->severity != 0)
			x->severity = e->severity;
		if (e->detected_at != 0)
			x->detected = e->detected_at;
		if (e->escalated_at != 0)
			x->escalated = e->escalated_at;
		if (e->resolved_at != 0)
			x->resolved = e->resolved_at;
	}
	return ASSURE_OK;
}

void
incs_release(struct incs *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
