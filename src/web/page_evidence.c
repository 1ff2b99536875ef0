/*
 * page_evidence.c: the evidence list and one piece of evidence's
 * provenance (see pages.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "web/web.h"

struct list {
	struct htmlw	*w;
	size_t		 n;
};

/* id, sha256, kind, size, source_name, collected_at, as_of, as_of_origin,
 * period_start, period_end, collector, records */
static enum assure_err
list_row(const struct store_val *c, int n, void *arg)
{
	struct list *l = arg;
	char a[16], b[16], s[20];

	if (n < 12)
		return ASSURE_ERR_DB;
	if (l->n++ >= WEB_LIST_MAX)
		return ASSURE_OK;
	web_date(c[6].i, a, sizeof(a));
	web_date(c[5].i, b, sizeof(b));
	snprintf(s, sizeof(s), "%.16s", c[1].s != NULL ? c[1].s : "");
	htmlw_open(l->w, "tr", NULL);
	web_td_link(l->w, "/evidence/", c[1].s, NULL, s);
	web_td(l->w, NULL, c[2].s);
	web_td(l->w, NULL, c[4].s);
	web_td(l->w, NULL, a);
	web_td(l->w, NULL, b);
	if (c[11].type == STORE_INT)
		web_tdf(l->w, "n", "%lld", (long long)c[11].i);
	else
		web_td(l->w, "n", "-");
	htmlw_close(l->w);
	return ASSURE_OK;
}

enum assure_err
page_evidence(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "SHA-256", "Kind", "Source",
	    "As of", "Collected", "Records", NULL };
	struct htmlw w;
	struct list l;
	size_t len0 = out->len;
	enum assure_err rc;

	web_begin(&w, p, out, "Evidence", "Evidence");
	l.w = &w;
	l.n = 0;
	htmlw_open(&w, "table", "evid");
	web_thead(&w, head);
	htmlw_open(&w, "tbody", NULL);
	rc = store_exec(p->store, STMT_EVIDENCE_LIST, NULL, 0, list_row, &l,
	    d);
	if (rc != ASSURE_OK)
		return web_fail(out, len0, rc);
	htmlw_close(&w);
	htmlw_close(&w);
	if (l.n == 0)
		web_pf(&w, "notice", "No evidence ingested yet: run assure "
		    "ingest.");
	else if (l.n > WEB_LIST_MAX)
		web_pf(&w, "note", "The newest %d of %zu pieces of evidence.",
		    WEB_LIST_MAX, l.n);
	else
		web_pf(&w, "note", "%zu %s of evidence, newest first.",
		    l.n, l.n == 1 ? "piece" : "pieces");
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}

struct item {
	bool	 found;
	char	 sha[ASSURE_SHA256_HEXLEN + 1];
	char	 kind[64];
	char	 source[512];
	char	 origin[64];
	char	 collector[256];
	int64_t	 size, collected, as_of, pstart, pend, records;
	bool	 has_period, has_records;
};

static enum assure_err
item_row(const struct store_val *c, int n, void *arg)
{
	struct item *it = arg;

	if (n < 12)
		return ASSURE_ERR_DB;
	it->found = true;
	assure_strlcpy(it->sha, c[1].s ? c[1].s : "", sizeof(it->sha));
	assure_strlcpy(it->kind, c[2].s ? c[2].s : "", sizeof(it->kind));
	it->size = c[3].i;
	assure_strlcpy(it->source, c[4].s ? c[4].s : "", sizeof(it->source));
	it->collected = c[5].i;
	it->as_of = c[6].i;
	assure_strlcpy(it->origin, c[7].s ? c[7].s : "", sizeof(it->origin));
	it->has_period = c[8].type == STORE_INT && c[9].type == STORE_INT;
	it->pstart = c[8].i;
	it->pend = c[9].i;
	assure_strlcpy(it->collector, c[10].s ? c[10].s : "",
	    sizeof(it->collector));
	it->has_records = c[11].type == STORE_INT;
	it->records = c[11].i;
	return ASSURE_OK;
}

struct filed {
	struct htmlw	*w;
	const char	*sha;
	size_t		 n;
};

/* sha256, control_id, linked_at, linked_by */
static enum assure_err
filed_row(const struct store_val *c, int n, void *arg)
{
	struct filed *f = arg;
	char t[ASSURE_TIME_STRLEN];

	if (n < 4)
		return ASSURE_ERR_DB;
	if (c[0].s == NULL || strcmp(c[0].s, f->sha) != 0)
		return ASSURE_OK;
	f->n++;
	web_time(c[2].i, t, sizeof(t));
	htmlw_open(f->w, "tr", NULL);
	web_td_link(f->w, "/controls/", c[1].s, NULL, c[1].s);
	web_td(f->w, NULL, t);
	web_td(f->w, NULL, c[3].s);
	htmlw_close(f->w);
	return ASSURE_OK;
}

static bool
is_sha(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == ASSURE_SHA256_HEXLEN;
}

enum assure_err
page_evidence_item(const struct web_page *p, const char *sha,
    struct assure_buf *out, struct assure_diag *d)
{
	static const char *const head[] = { "Control", "Filed at", "By",
	    NULL };
	struct item it;
	struct filed f;
	struct htmlw w;
	struct store_val q[1];
	char s[128], t[ASSURE_TIME_STRLEN], href[WEB_HREF_MAX];
	size_t len0 = out->len;
	uint64_t idx;
	enum assure_err rc;

	memset(&it, 0, sizeof(it));
	if (!is_sha(sha))
		return assure_diag_set(d, ASSURE_ERR_NOTFOUND, NULL, 0, 0,
		    NULL, "not a SHA-256 digest");
	q[0] = STORE_TEXTV(sha);
	rc = store_exec(p->store, STMT_EVIDENCE_BY_SHA256, q, 1, item_row,
	    &it, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!it.found)
		return assure_diag_set(d, ASSURE_ERR_NOTFOUND, NULL, 0, 0,
		    NULL, "no evidence %s", sha);

	snprintf(s, sizeof(s), "Evidence %.16s", it.sha);
	web_begin(&w, p, out, s, "Evidence");
	htmlw_open(&w, "section", "provenance");
	htmlw_elem(&w, "h2", NULL, "Provenance");
	htmlw_open(&w, "dl", "meta");
	web_kv(&w, "Kind", it.kind);
	web_kv(&w, "Source", it.source);
	web_kv(&w, "Collector", it.collector);
	web_time(it.as_of, t, sizeof(t));
	snprintf(s, sizeof(s), "%s (%s)", t, it.origin);
	web_kv(&w, "As of", s);
	web_time(it.collected, t, sizeof(t));
	web_kv(&w, "Collected", t);
	if (it.has_period) {
		char a[16], b[16];

		web_date(it.pstart, a, sizeof(a));
		web_date(it.pend, b, sizeof(b));
		snprintf(s, sizeof(s), "%s to %s", a, b);
		web_kv(&w, "Period", s);
	} else
		web_kv(&w, "Period", "-");
	snprintf(s, sizeof(s), "%lld bytes", (long long)it.size);
	web_kv(&w, "Size", s);
	if (it.has_records) {
		snprintf(s, sizeof(s), "%lld", (long long)it.records);
		web_kv(&w, "Records", s);
	}
	htmlw_elem(&w, "dt", NULL, "SHA-256");
	htmlw_elem(&w, "dd", "digest", it.sha);
	if (p->ledger != NULL && ledger_find(p->ledger, it.sha, &idx,
	    NULL) == ASSURE_OK) {
		snprintf(s, sizeof(s), "%llu", (unsigned long long)idx);
		web_kv(&w, "Ledger entry", s);
	}
	htmlw_close(&w);
	htmlw_open(&w, "ul", "actions");
	htmlw_open(&w, "li", NULL);
	web_href(href, sizeof(href), "/evidence/", it.sha, "/proof");
	web_link(&w, href, "Download the inclusion proof");
	htmlw_close(&w);
	htmlw_open(&w, "li", NULL);
	web_href(href, sizeof(href), "/evidence/", it.sha, "/raw");
	web_link(&w, href, "Download the evidence file");
	htmlw_close(&w);
	htmlw_close(&w);
	htmlw_close(&w);

	htmlw_open(&w, "section", "filed");
	htmlw_elem(&w, "h2", NULL, "Filed against controls");
	htmlw_open(&w, "table", "filed");
	web_thead(&w, head);
	htmlw_open(&w, "tbody", NULL);
	f.w = &w;
	f.sha = it.sha;
	f.n = 0;
	rc = store_exec(p->store, STMT_EVCONTROL_ALL, NULL, 0, filed_row, &f,
	    d);
	if (rc != ASSURE_OK)
		return web_fail(out, len0, rc);
	htmlw_close(&w);
	htmlw_close(&w);
	if (f.n == 0)
		web_pf(&w, "note", "Not filed against a control (assure "
		    "ingest --control); tests may still use it.");
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
