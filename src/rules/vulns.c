/*
 * vulns.c: the finding lifecycle as of an instant (see vulns.h).  The
 * scans are held (thousands); the listings of findings stream through in
 * (tool, asset, fingerprint, time) order, one finding's listings at a
 * time, and only the episodes are kept.
 *
 * CONTROL: tsc:CC7.1
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/vulns.h"

static char *
sdup(struct vuln_population *p, const char *s)
{
	char **n, *c;
	size_t cap;

	if (s == NULL)
		return NULL;
	c = strdup(s);
	if (c == NULL)
		return NULL;
	if (p->nstrs == p->capstrs) {
		cap = p->capstrs == 0 ? 256 : p->capstrs * 2;
		n = reallocarray(p->strs, cap, sizeof(*n));
		if (n == NULL) {
			free(c);
			return NULL;
		}
		p->strs = n;
		p->capstrs = cap;
	}
	p->strs[p->nstrs++] = c;
	return c;
}

void
vuln_population_release(struct vuln_population *p)
{
	size_t i;

	for (i = 0; i < p->nstrs; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p->scans);
	free(p->ep);
	memset(p, 0, sizeof(*p));
}

static const char *
text(const struct store_val *v)
{
	return v->type == STORE_TEXT ? v->s : NULL;
}

/* ------------------------------------------------------------------ scans */

struct scan_loader {
	struct vuln_population	*p;
	size_t			 cap;
};

/* evidence_id, seq, tool, asset, t, complete, sha256, kind */
static enum assure_err
scan_cb(const struct store_val *c, int n, void *arg)
{
	struct scan_loader *l = arg;
	struct vuln_population *p = l->p;
	struct vscan *s, *v;
	size_t cap;

	if (n < 8 || c[0].type != STORE_INT || c[2].type != STORE_TEXT ||
	    c[3].type != STORE_TEXT || c[4].type != STORE_INT ||
	    c[6].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (p->nscans == l->cap) {
		if (p->nscans >= VULN_SCANS_MAX)
			return ASSURE_ERR_LIMIT;
		cap = l->cap == 0 ? 64 : l->cap * 2;
		v = reallocarray(p->scans, cap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		p->scans = v;
		l->cap = cap;
	}
	s = &p->scans[p->nscans];
	memset(s, 0, sizeof(*s));
	/* Scans of one target share its names. */
	if (p->nscans > 0 && strcmp(s[-1].tool, c[2].s) == 0 &&
	    strcmp(s[-1].asset, c[3].s) == 0) {
		s->tool = s[-1].tool;
		s->asset = s[-1].asset;
	} else {
		s->tool = sdup(p, c[2].s);
		s->asset = sdup(p, c[3].s);
		if (s->tool == NULL || s->asset == NULL)
			return ASSURE_ERR_NOMEM;
	}
	s->t = c[4].i;
	s->complete = c[5].type == STORE_INT ? c[5].i != 0 : -1;
	s->evidence_id = c[0].i;
	assure_strlcpy(s->sha256, c[6].s, sizeof(s->sha256));
	if (p->nscans == 0 || s->t > p->newest_scan)
		p->newest_scan = s->t;
	p->nscans++;
	return ASSURE_OK;
}

/* The scans of (tool, asset): [*ret_lo, *ret_hi) of p->scans. */
static void
scan_range(const struct vuln_population *p, const char *tool,
    const char *asset, size_t *ret_lo, size_t *ret_hi)
{
	size_t lo = 0, hi = p->nscans, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(p->scans[mid].tool, tool);
		if (c == 0)
			c = strcmp(p->scans[mid].asset, asset);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*ret_lo = lo;
	while (lo < p->nscans && strcmp(p->scans[lo].tool, tool) == 0 &&
	    strcmp(p->scans[lo].asset, asset) == 0)
		lo++;
	*ret_hi = lo;
}

/* --------------------------------------------------------------- findings */

struct listing {
	int64_t	t;
	bool	closing;
};

struct occ_walk {
	struct vuln_population	*p;
	size_t			 capep;
	/* The finding whose listings are being gathered. */
	bool			 have;
	char			 fp[ASSURE_SHA256_HEXLEN + 1];
	char			*tool, *asset;	/* into p's strings */
	struct listing		*l;
	size_t			 nl, capl;
	/* Its newest listing that is not a closing state. */
	char			*rule, *title, *severity, *location;
	char			*fixed_in;
	int			 cvss10;
	enum assure_err		 rc;
};

/* Whether a listing's state closes the finding (see vulns.h). */
static bool
closing(const char *status, const char *justification)
{
	if (status == NULL)
		return false;
	if (strcasecmp(status, "not_affected") == 0)
		return justification != NULL;
	return strcasecmp(status, "resolved") == 0 ||
	    strcasecmp(status, "false_positive") == 0 ||
	    strcasecmp(status, "passed") == 0 ||
	    strcasecmp(status, "fixed") == 0;
}

static void
meta_free(struct occ_walk *w)
{
	free(w->rule);
	free(w->title);
	free(w->severity);
	free(w->location);
	free(w->fixed_in);
	w->rule = w->title = w->severity = w->location = w->fixed_in = NULL;
}

static enum assure_err
meta_set(struct occ_walk *w, const struct store_val *c)
{
	meta_free(w);
	w->rule = text(&c[4]) != NULL ? strdup(c[4].s) : NULL;
	w->title = text(&c[5]) != NULL ? strdup(c[5].s) : NULL;
	w->severity = text(&c[6]) != NULL ? strdup(c[6].s) : NULL;
	w->cvss10 = c[7].type == STORE_INT ? (int)c[7].i : -1;
	w->location = text(&c[8]) != NULL ? strdup(c[8].s) : NULL;
	w->fixed_in = text(&c[9]) != NULL ? strdup(c[9].s) : NULL;
	if ((text(&c[4]) != NULL && w->rule == NULL) ||
	    (text(&c[5]) != NULL && w->title == NULL) ||
	    (text(&c[6]) != NULL && w->severity == NULL) ||
	    (text(&c[8]) != NULL && w->location == NULL) ||
	    (text(&c[9]) != NULL && w->fixed_in == NULL))
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

static enum assure_err
episode(struct occ_walk *w, int64_t first, int64_t last, bool fixed,
    int64_t fixed_at, bool by_state, bool reopened)
{
	struct vuln_population *p = w->p;
	struct vepisode *e, *v;
	size_t cap;

	if (p->nep == w->capep) {
		if (p->nep >= VULN_EPISODES_MAX)
			return ASSURE_ERR_LIMIT;
		cap = w->capep == 0 ? 256 : w->capep * 2;
		v = reallocarray(p->ep, cap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		p->ep = v;
		w->capep = cap;
	}
	e = &p->ep[p->nep];
	memset(e, 0, sizeof(*e));
	assure_strlcpy(e->fingerprint, w->fp, sizeof(e->fingerprint));
	e->tool = w->tool;
	e->asset = w->asset;
	/* Episodes of one finding share their strings. */
	if (reopened) {
		e->rule = e[-1].rule;
		e->title = e[-1].title;
		e->severity = e[-1].severity;
		e->location = e[-1].location;
		e->fixed_in = e[-1].fixed_in;
	} else {
		e->rule = sdup(p, w->rule != NULL ? w->rule : "?");
		e->title = sdup(p, w->title);
		e->severity = sdup(p, w->severity);
		e->location = sdup(p, w->location != NULL ? w->location : "");
		e->fixed_in = sdup(p, w->fixed_in);
		if (e->rule == NULL || e->location == NULL ||
		    (w->title != NULL && e->title == NULL) ||
		    (w->severity != NULL && e->severity == NULL) ||
		    (w->fixed_in != NULL && e->fixed_in == NULL))
			return ASSURE_ERR_NOMEM;
	}
	e->cvss10 = w->cvss10;
	e->first_seen = first;
	e->last_seen = last;
	e->fixed = fixed;
	e->fixed_at = fixed_at;
	e->by_state = by_state;
	e->reopened = reopened;
	p->nep++;
	return ASSURE_OK;
}

/*
 * The first instant after t that fixes the finding: a complete scan of
 * its target, or one of its own closing listings.  false when none.
 */
static bool
next_fix(const struct occ_walk *w, size_t lo, size_t hi, int64_t t,
    int64_t *ret, bool *ret_by_state)
{
	const struct vuln_population *p = w->p;
	bool found = false;
	size_t a = lo, b = hi, mid, li;

	/* The first scan of the target after t (scans are in time order). */
	while (a < b) {
		mid = a + (b - a) / 2;
		if (p->scans[mid].t <= t)
			a = mid + 1;
		else
			b = mid;
	}
	for (; a < hi; a++)
		if (p->scans[a].complete != 0) {
			*ret = p->scans[a].t;
			*ret_by_state = false;
			found = true;
			break;
		}
	for (li = 0; li < w->nl; li++)
		if (w->l[li].closing && w->l[li].t > t) {
			if (!found || w->l[li].t < *ret) {
				*ret = w->l[li].t;
				*ret_by_state = true;
				found = true;
			}
			break;
		}
	return found;
}

/* Turn the gathered listings of one finding into its episodes. */
static enum assure_err
settle(struct occ_walk *w)
{
	size_t lo, hi, i;
	int64_t first = 0, last = 0, fix;
	bool open = false, reopened = false, by_state;
	enum assure_err rc;

	if (!w->have)
		return ASSURE_OK;
	scan_range(w->p, w->tool, w->asset, &lo, &hi);
	for (i = 0; i < w->nl; i++) {
		if (w->l[i].closing)
			continue;
		if (!open) {
			open = true;
			first = last = w->l[i].t;
			continue;
		}
		/* Fixed between the last listing and this one? */
		if (next_fix(w, lo, hi, last, &fix, &by_state) &&
		    fix < w->l[i].t) {
			rc = episode(w, first, last, true, fix, by_state,
			    reopened);
			if (rc != ASSURE_OK)
				return rc;
			reopened = true;
			first = w->l[i].t;
		}
		last = w->l[i].t;
	}
	if (open) {
		if (next_fix(w, lo, hi, last, &fix, &by_state))
			rc = episode(w, first, last, true, fix, by_state,
			    reopened);
		else
			rc = episode(w, first, last, false, 0, false,
			    reopened);
		if (rc != ASSURE_OK)
			return rc;
	}
	w->have = false;
	w->nl = 0;
	meta_free(w);
	return ASSURE_OK;
}

/*
 * fingerprint, tool, asset, t, rule, title, severity, cvss10, location,
 * fixed_in, status, justification, evidence_id
 */
static enum assure_err
occ_cb(const struct store_val *c, int n, void *arg)
{
	struct occ_walk *w = arg;
	struct listing *nl;
	size_t lo, hi, cap;
	enum assure_err rc;
	bool close;

	if (n < 13 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT)
		return ASSURE_ERR_DB;
	if (!w->have || strcmp(w->fp, c[0].s) != 0 ||
	    strcmp(w->tool, c[1].s) != 0 || strcmp(w->asset, c[2].s) != 0) {
		rc = settle(w);
		if (rc != ASSURE_OK)
			return rc;
		/* The target's names, shared with its scans. */
		scan_range(w->p, c[1].s, c[2].s, &lo, &hi);
		if (lo == hi)
			return ASSURE_ERR_DB;	/* a listing without a scan */
		w->tool = w->p->scans[lo].tool;
		w->asset = w->p->scans[lo].asset;
		assure_strlcpy(w->fp, c[0].s, sizeof(w->fp));
		w->have = true;
	}
	close = closing(text(&c[10]), text(&c[11]));
	if (w->nl == w->capl) {
		if (w->nl >= VULN_OCCURRENCES_MAX)
			return ASSURE_ERR_LIMIT;
		cap = w->capl == 0 ? 16 : w->capl * 2;
		nl = reallocarray(w->l, cap, sizeof(*nl));
		if (nl == NULL)
			return ASSURE_ERR_NOMEM;
		w->l = nl;
		w->capl = cap;
	}
	w->l[w->nl].t = c[3].i;
	w->l[w->nl++].closing = close;
	if (!close || w->rule == NULL)
		return meta_set(w, c);
	return ASSURE_OK;
}

enum assure_err
vuln_population_load(const struct test_ctx *ctx, struct vuln_population *ret,
    struct assure_diag *d)
{
	struct scan_loader sl;
	struct occ_walk w;
	struct store_val v[1];
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	memset(&sl, 0, sizeof(sl));
	sl.p = ret;
	v[0] = STORE_INTV(ctx->as_of);
	rc = store_exec(ctx->store, STMT_VULN_SCANS, v, 1, scan_cb, &sl, d);
	if (rc != ASSURE_OK)
		goto fail;
	memset(&w, 0, sizeof(w));
	w.p = ret;
	rc = store_exec(ctx->store, STMT_VULN_OCCURRENCES, v, 1, occ_cb, &w,
	    d);
	if (rc == ASSURE_OK)
		rc = settle(&w);
	meta_free(&w);
	free(w.l);
	if (rc != ASSURE_OK)
		goto fail;
	return ASSURE_OK;
fail:
	if (rc == ASSURE_ERR_NOMEM || rc == ASSURE_ERR_LIMIT)
		assure_diag_set(d, rc, NULL, 0, 0, NULL, "findings: %s",
		    rc == ASSURE_ERR_LIMIT ? "more than the population limit" :
		    "out of memory");
	return rc;
}

enum assure_err
vuln_population_evidence(const struct vuln_population *p,
    struct test_result *res)
{
	enum assure_err rc;
	size_t i;

	for (i = 0; i < p->nscans; i++) {
		rc = result_add_evidence(res, p->scans[i].evidence_id,
		    p->scans[i].sha256);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

int64_t
vuln_sla(const struct config *cfg, const char *severity)
{
	if (severity == NULL)
		return cfg->sla.vuln_medium;
	if (strcmp(severity, "critical") == 0)
		return cfg->sla.vuln_critical;
	if (strcmp(severity, "high") == 0)
		return cfg->sla.vuln_high;
	if (strcmp(severity, "medium") == 0)
		return cfg->sla.vuln_medium;
	if (strcmp(severity, "low") == 0)
		return cfg->sla.vuln_low;
	return 0;
}

void
vuln_subject(const struct vepisode *e, char *out, size_t size)
{
	if (e->location[0] != '\0')
		snprintf(out, size, "%s %s on %s (%s)", e->tool, e->rule,
		    e->asset, e->location);
	else
		snprintf(out, size, "%s %s on %s", e->tool, e->rule, e->asset);
}
