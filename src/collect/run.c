/*
 * run.c: collection runs (run.h).
 *
 * A run is a collection_run row; each page a collection_page row written
 * before its bytes are ingested, so that whatever happens next the bytes
 * are known to be this run's, and the run's evidence stays out of the
 * populations (the evidence_usable view, 0017_collection.sql) until the
 * run is closed complete.  Closing the run and its "collection" ledger
 * entry are one transaction.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "collect/run.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "workspace/workspace.h"

#define RUN_TARGET_MAX	256	/* run_info.target */
#define RUN_URL_MAX	2048	/* a page's URL as stored */

static bool
source_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= RUN_SOURCE_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* Whether s holds a control character (a value must be one line). */
static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

enum assure_err
run_begin(struct workspace *ws, const char *source, const char *target,
    int64_t now, struct run *ret_run, struct assure_diag *reterr_diag)
{
	struct store_val p[3];
	int64_t id = 0;
	bool found = false;
	enum assure_err rc;

	memset(ret_run, 0, sizeof(*ret_run));
	if (source == NULL || !source_ok(source))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "source", "a source is 1 to %d characters of a-z, 0-9 "
		    "and '-'", RUN_SOURCE_MAX - 1);
	if (target == NULL || strlen(target) >= RUN_TARGET_MAX ||
	    has_control(target))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "target", "a target is one line of at most %d bytes",
		    RUN_TARGET_MAX - 1);
	p[0] = STORE_TEXTV(source);
	p[1] = STORE_TEXTV(target);
	p[2] = STORE_INTV(now);
	rc = store_begin(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = store_exec_int(ws->store, STMT_RUN_INSERT, p, 3, &id, &found,
	    reterr_diag);
	if (rc == ASSURE_OK && !found)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_DB, NULL, 0, 0,
		    NULL, "the new run has no id");
	if (rc == ASSURE_OK)
		rc = store_commit(ws->store, reterr_diag);
	if (rc != ASSURE_OK) {
		store_rollback(ws->store);
		return rc;
	}
	ret_run->ws = ws;
	ret_run->id = id;
	assure_strlcpy(ret_run->source, source, sizeof(ret_run->source));
	ret_run->started_at = now;
	return ASSURE_OK;
}

/*
 * url without its user information, query and fragment: what is stored
 * and logged (a token in a query string must not reach either).
 */
static void
url_strip(const char *url, char *out, size_t size)
{
	const char *p, *host, *at, *slash;
	size_t n;

	p = strstr(url, "://");
	host = p != NULL ? p + 3 : url;
	slash = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(slash - host));
	n = (size_t)(host - url);
	if (n >= size)
		n = size - 1;
	memcpy(out, url, n);
	out[n] = '\0';
	if (at != NULL)
		host = at + 1;
	n = strcspn(host, "?#");
	if (strlen(out) + n >= size)
		n = size - 1 - strlen(out);
	strncat(out, host, n);
}

/* Write the page's bytes to a private file under dotdir. */
static enum assure_err
page_file(struct workspace *ws, const struct run_page *p, char *path,
    size_t size, struct assure_diag *d)
{
	const unsigned char *b = p->data;
	size_t left = p->len;
	ssize_t w;
	int fd;

	if (snprintf(path, size, "%s/collect.XXXXXX", ws->dotdir) >=
	    (int)size)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, ws->dotdir, 0, 0,
		    NULL, "path too long");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		path[0] = '\0';
		return assure_diag_set(d, ASSURE_ERR_IO, ws->dotdir, 0, 0,
		    NULL, "cannot create a file: %s", strerror(e));
	}
	while (left > 0) {
		w = write(fd, b, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;

			close(fd);
			return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0,
			    NULL, "cannot write: %s", strerror(e));
		}
		b += w;
		left -= (size_t)w;
	}
	if (close(fd) != 0)
		return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
	return ASSURE_OK;
}

/* One statement in its own transaction. */
static enum assure_err
exec_tx(struct store *s, enum store_stmt st, const struct store_val *p,
    int n, struct assure_diag *d)
{
	enum assure_err rc;

	rc = store_begin(s, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = store_exec(s, st, p, n, NULL, NULL, d);
	if (rc == ASSURE_OK)
		rc = store_commit(s, d);
	if (rc != ASSURE_OK)
		store_rollback(s);
	return rc;
}

enum assure_err
run_page(struct run *r, const struct run_page *p, size_t *ret_records,
    struct assure_diag *reterr_diag)
{
	struct workspace *ws = r->ws;
	struct ingest_opts o;
	struct ingest_result res;
	struct store_val v[6];
	unsigned char d[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1], url[RUN_URL_MAX];
	char path[WORKSPACE_PATH_MAX], collector[RUN_SOURCE_MAX + 48];
	struct assure_diag ignored;
	int64_t seq, as_of;
	enum assure_err rc;

	if (ret_records != NULL)
		*ret_records = 0;
	if (r->closed)
		assure_bug("run %lld: a page after the run was closed",
		    (long long)r->id);
	if (p->kind == NULL || ingest_kind_find(p->kind) == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "kind", "unknown evidence kind '%s'",
		    p->kind != NULL ? p->kind : "");
	if (p->url == NULL || has_control(p->url))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "url", "a page's URL is one line");
	if (p->data == NULL && p->len > 0)
		assure_bug("a page of %zu bytes without data", p->len);
	url_strip(p->url, url, sizeof(url));
	rc = assure_sha256(p->data != NULL ? p->data : "", p->len, d);
	if (rc != ASSURE_OK)
		return assure_diag_set(reterr_diag, rc, NULL, 0, 0, NULL,
		    "cannot hash the page");
	assure_hex(d, sizeof(d), hex);
	as_of = p->as_of != 0 ? p->as_of : r->started_at;
	seq = (int64_t)r->pages + 1;

	/* The link first: the bytes are this run's before they are in. */
	v[0] = STORE_INTV(r->id);
	v[1] = STORE_INTV(seq);
	v[2] = STORE_TEXTV(hex);
	v[3] = STORE_TEXTV(p->kind);
	v[4] = STORE_TEXTV(url);
	v[5] = STORE_INTV(as_of);
	rc = exec_tx(ws->store, STMT_RUN_PAGE_INSERT, v, 6, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;

	path[0] = '\0';
	rc = page_file(ws, p, path, sizeof(path), reterr_diag);
	if (rc == ASSURE_OK) {
		snprintf(collector, sizeof(collector), "collect:%s:run-%lld",
		    r->source, (long long)r->id);
		memset(&o, 0, sizeof(o));
		o.kind = p->kind;
		o.path = path;
		o.collector = collector;
		o.has_as_of = true;
		o.as_of = as_of;
		o.collected_at = assure_now();
		o.tenant = p->tenant;
		o.repo = p->repo;
		o.branch = p->branch;
		o.user = p->user;
		o.change = p->change;
		rc = ingest_file(ws, &o, &res, reterr_diag);
	}
	if (path[0] != '\0')
		(void)unlink(path);
	if (rc != ASSURE_OK) {
		/* Nothing of a refused page was stored: unlink it too. */
		(void)exec_tx(ws->store, STMT_RUN_PAGE_DELETE, v, 2, &ignored);
		return rc;
	}
	v[0] = STORE_INTV(res.evidence_id);
	v[1] = STORE_INTV(r->id);
	v[2] = STORE_INTV(seq);
	rc = exec_tx(ws->store, STMT_RUN_PAGE_LINK, v, 3, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	r->pages++;
	r->bytes += p->len;
	r->records += res.records;
	if (ret_records != NULL)
		*ret_records = res.records;
	return ASSURE_OK;
}

enum assure_err
run_end(struct run *r, bool complete, const char *why, int64_t now,
    struct assure_diag *reterr_diag)
{
	struct workspace *ws = r->ws;
	struct store_val p[4];
	struct assure_buf b;
	char note[RUN_NOTE_MAX], ref[64];
	size_t i;
	enum assure_err rc;

	if (r->closed)
		assure_bug("run %lld closed twice", (long long)r->id);
	assure_strlcpy(note, why != NULL ? why : "", sizeof(note));
	for (i = 0; note[i] != '\0'; i++)
		if ((unsigned char)note[i] < 0x20 || note[i] == 0x7f)
			note[i] = ' ';
	if (now < r->started_at)
		now = r->started_at;
	snprintf(ref, sizeof(ref), LEDGER_RUN_REF_PREFIX "%lld",
	    (long long)r->id);
	p[0] = STORE_INTV(now);
	p[1] = STORE_INTV(complete ? 1 : 0);
	p[2] = STORE_TEXTV(note);
	p[3] = STORE_INTV(r->id);
	rc = store_begin(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	rc = store_exec(ws->store, STMT_RUN_CLOSE, p, 4, NULL, NULL,
	    reterr_diag);
	/* The entry is what the rows now say, as ledger verify reads them. */
	if (rc == ASSURE_OK)
		rc = ledger_collection_from_store(ws->store, r->id, &b,
		    reterr_diag);
	if (rc == ASSURE_OK)
		rc = ledger_append(ws->ledger, "collection", ref, b.data, b.len,
		    now, NULL, reterr_diag);
	if (rc == ASSURE_OK)
		rc = ledger_checkpoint(ws->ledger, now, NULL, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_commit(ws->store, reterr_diag);
	assure_buf_free(&b);
	if (rc != ASSURE_OK) {
		store_rollback(ws->store);
		return rc;
	}
	r->closed = true;
	return ASSURE_OK;
}

struct list_ctx {
	struct run_info	*out;
	size_t		 n, got;
};

static enum assure_err
list_row(const struct store_val *c, int n, void *arg)
{
	struct list_ctx *l = arg;
	struct run_info *ri;

	if (n < 8 || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[5].type != STORE_INT || c[7].type != STORE_INT)
		return ASSURE_ERR_DB;
	if (l->got >= l->n)
		return ASSURE_OK;
	ri = &l->out[l->got++];
	memset(ri, 0, sizeof(*ri));
	ri->id = c[0].i;
	assure_strlcpy(ri->source, c[1].s, sizeof(ri->source));
	assure_strlcpy(ri->target, c[2].s, sizeof(ri->target));
	ri->started_at = c[3].i;
	ri->ended_at = c[4].type == STORE_INT ? c[4].i : 0;
	ri->complete = c[5].i != 0;
	if (c[6].type == STORE_TEXT)
		assure_strlcpy(ri->note, c[6].s, sizeof(ri->note));
	ri->pages = c[7].i > 0 ? (size_t)c[7].i : 0;
	return ASSURE_OK;
}

enum assure_err
run_list(struct workspace *ws, const char *source, struct run_info *out,
    size_t n, size_t *ret_n, struct assure_diag *reterr_diag)
{
	struct list_ctx l = { out, n, 0 };
	struct store_val p[2];
	enum assure_err rc;

	*ret_n = 0;
	if (n == 0)
		return ASSURE_OK;
	if (n > INT64_MAX)
		n = INT64_MAX;
	if (source != NULL) {
		p[0] = STORE_TEXTV(source);
		p[1] = STORE_INTV((int64_t)n);
		rc = store_exec(ws->store, STMT_RUN_LIST_SOURCE, p, 2,
		    list_row, &l, reterr_diag);
	} else {
		p[0] = STORE_INTV((int64_t)n);
		rc = store_exec(ws->store, STMT_RUN_LIST, p, 1, list_row, &l,
		    reterr_diag);
	}
	if (rc == ASSURE_ERR_DB && reterr_diag != NULL &&
	    reterr_diag->msg[0] == '\0')
		rc = assure_diag_set(reterr_diag, rc, "collection_run", 0, 0,
		    NULL, "a row is malformed");
	if (rc != ASSURE_OK)
		return rc;
	*ret_n = l.got;
	return ASSURE_OK;
}
