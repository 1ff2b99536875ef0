/*
 * page_test.c: one test's result in the newest evaluation (see
 * pages.h): verdict, reason, population, each exception and warning with
 * its subject and reason, the evidence it used, and the controls it
 * evidences.
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "web/web.h"

static void
summary(struct htmlw *w, const struct test_def *t,
    const struct test_result *r, const struct evaluation *ev)
{
	char s[64];

	htmlw_open(w, "dl", "meta");
	web_kv(w, "Title", t != NULL ? t->title : "-");
	web_kv(w, "Criteria", r->criteria);
	htmlw_elem(w, "dt", NULL, "Verdict");
	htmlw_elem(w, "dd", web_verdict_class(r->verdict),
	    web_verdict_text(r->verdict));
	web_kv(w, "Reason", r->reason);
	snprintf(s, sizeof(s), "%lld", (long long)r->population);
	web_kv(w, "Population", s);
	snprintf(s, sizeof(s), "%zu", result_failures(r));
	web_kv(w, "Exceptions", s);
	snprintf(s, sizeof(s), "%zu", r->nwarn);
	web_kv(w, "Warnings", s);
	web_time(ev->as_of, s, sizeof(s));
	web_kv(w, "Evaluation as of", s);
	web_kv(w, "Evaluation", ev->id);
	htmlw_close(w);
	if (t != NULL && t->description != NULL)
		htmlw_elem(w, "p", "description", t->description);
}

static void
exceptions(struct htmlw *w, const struct test_result *r)
{
	static const char *const head[] = { "Subject", "Reason", "Kind",
	    NULL };
	size_t i, n;

	htmlw_open(w, "section", "exceptions");
	htmlw_elem(w, "h2", NULL, "Exceptions");
	if (r->nexc == 0) {
		web_pf(w, "note", "None.");
		htmlw_close(w);
		return;
	}
	n = r->nexc > WEB_LIST_MAX ? WEB_LIST_MAX : r->nexc;
	if (n < r->nexc)
		web_pf(w, "note", "The first %zu of %zu; the JSON API and "
		    "assure findings list them all.", n, r->nexc);
	htmlw_open(w, "table", "exc");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (i = 0; i < n; i++) {
		htmlw_open(w, "tr", r->exc[i].warning ? "warning" : NULL);
		web_td(w, "subject", r->exc[i].subject);
		web_td(w, NULL, r->exc[i].reason);
		web_td(w, NULL, r->exc[i].warning ? "warning" : "exception");
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
	htmlw_close(w);
}

static void
evidence(struct htmlw *w, const struct test_result *r)
{
	size_t i;
	char href[WEB_HREF_MAX];

	htmlw_open(w, "section", "evidence");
	htmlw_elem(w, "h2", NULL, "Evidence used");
	if (r->nev == 0) {
		web_pf(w, "note", "None.");
		htmlw_close(w);
		return;
	}
	htmlw_open(w, "ul", "digests");
	for (i = 0; i < r->nev; i++) {
		htmlw_open(w, "li", NULL);
		/* "sha256:HEX": the route takes the hex. */
		web_href(href, sizeof(href), "/evidence/",
		    strncmp(r->ev[i].digest, "sha256:", 7) == 0 ?
		    r->ev[i].digest + 7 : r->ev[i].digest, NULL);
		web_link(w, href, r->ev[i].digest);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
}

static void
controls(struct htmlw *w, const struct web_page *p, const char *id)
{
	const struct control *c;
	size_t i, j, n = 0;

	htmlw_open(w, "section", "controls");
	htmlw_elem(w, "h2", NULL, "Controls it evidences");
	htmlw_open(w, "ul", NULL);
	for (i = 0; i < p->des->controls.n; i++) {
		c = &p->des->controls.v[i];
		for (j = 0; j < c->ntests; j++)
			if (strcmp(c->tests[j]->id, id) == 0)
				break;
		if (j == c->ntests)
			continue;
		htmlw_open(w, "li", NULL);
		{
			char href[WEB_HREF_MAX];

			web_href(href, sizeof(href), "/controls/", c->id,
			    NULL);
			web_link(w, href, c->id);
		}
		htmlw_text(w, " ");
		htmlw_text(w, c->title);
		htmlw_close(w);
		n++;
	}
	if (n == 0)
		htmlw_elem(w, "li", NULL, "None of controls/ names it.");
	htmlw_close(w);
	htmlw_close(w);
}

enum assure_err
page_test(const struct web_page *p, const char *id, struct assure_buf *out,
    struct assure_diag *d)
{
	const struct test_def *t = test_find(id);
	const struct test_result *r;
	struct evaluation ev;
	struct htmlw w;
	char title[128];
	size_t len0 = out->len;
	enum assure_err rc;
	bool found;

	memset(&ev, 0, sizeof(ev));
	rc = page_evaluation(p, &ev, &found, d);
	if (rc != ASSURE_OK)
		return web_fail(out, len0, rc);
	r = found ? web_result(&ev, id) : NULL;
	if (t == NULL && r == NULL) {
		evaluation_release(&ev);
		return assure_diag_set(d, ASSURE_ERR_NOTFOUND, NULL, 0, 0,
		    NULL, "no test '%s'", id);
	}
	snprintf(title, sizeof(title), "Test %s", id);
	web_begin(&w, p, out, title, "Controls");
	if (r == NULL) {
		web_pf(&w, "notice", "%s: not run in the newest evaluation "
		    "(none recorded, or its criteria are out of scope).",
		    t->title);
	} else {
		summary(&w, t, r, &ev);
		exceptions(&w, r);
		evidence(&w, r);
	}
	controls(&w, p, id);
	evaluation_release(&ev);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
