/*
 * cond.c: conditional requests (cond.h).
 */
#include "common/compat.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "collect/cond.h"
#include "common/buf.h"
#include "common/hash.h"
#include "store/store.h"
#include "workspace/workspace.h"

struct validator {
	bool	found;
	char	etag[sizeof(((struct http_response *)0)->etag)];
	char	last_modified[sizeof(
		    ((struct http_response *)0)->last_modified)];
	char	sha256[ASSURE_SHA256_HEXLEN + 1];
	char	kind[64];
	char	next[HTTP_URL_MAX];
};

static enum assure_err
validator_row(const struct store_val *c, int n, void *arg)
{
	struct validator *v = arg;

	if (n < 5 || c[2].type != STORE_TEXT || c[3].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	memset(v, 0, sizeof(*v));
	/* A value that does not fit is not sent: as if absent. */
	if (c[0].type == STORE_TEXT && strlen(c[0].s) < sizeof(v->etag))
		assure_strlcpy(v->etag, c[0].s, sizeof(v->etag));
	if (c[1].type == STORE_TEXT &&
	    strlen(c[1].s) < sizeof(v->last_modified))
		assure_strlcpy(v->last_modified, c[1].s,
		    sizeof(v->last_modified));
	if (c[4].type == STORE_TEXT && strlen(c[4].s) < sizeof(v->next))
		assure_strlcpy(v->next, c[4].s, sizeof(v->next));
	v->found = strlen(c[2].s) == ASSURE_SHA256_HEXLEN &&
	    strlen(c[3].s) < sizeof(v->kind) &&
	    (v->etag[0] != '\0' || v->last_modified[0] != '\0');
	assure_strlcpy(v->sha256, c[2].s, sizeof(v->sha256));
	assure_strlcpy(v->kind, c[3].s, sizeof(v->kind));
	return ASSURE_OK;
}

/* One statement in its own transaction. */
static enum assure_err
exec_tx(struct workspace *ws, enum store_stmt st, const struct store_val *p,
    int n, struct assure_diag *d)
{
	enum assure_err rc;

	rc = store_begin(ws->store, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = store_exec(ws->store, st, p, n, NULL, NULL, d);
	if (rc == ASSURE_OK)
		rc = store_commit(ws->store, d);
	if (rc != ASSURE_OK)
		store_rollback(ws->store);
	return rc;
}

static enum assure_err
forget(struct workspace *ws, const char *url, struct assure_diag *d)
{
	struct store_val p[1];

	p[0] = STORE_TEXTV(url);
	return exec_tx(ws, STMT_VALIDATOR_DELETE, p, 1, d);
}

/*
 * The stored bytes of hex into b (its limit max); false when they cannot
 * be read (gone, or over the limit): the caller refetches.
 */
static bool
stored_bytes(struct workspace *ws, const char *hex, size_t max,
    struct assure_buf *b)
{
	struct assure_diag ignored;
	unsigned char d[ASSURE_SHA256_LEN];
	char got[ASSURE_SHA256_HEXLEN + 1];
	char chunk[65536];
	ssize_t n;
	int fd;
	bool ok = true;

	assure_diag_clear(&ignored);
	if (workspace_blob_open(ws, hex, &fd, &ignored) != ASSURE_OK)
		return false;
	assure_buf_free(b);
	assure_buf_init(b, max < SIZE_MAX ? max + 1 : SIZE_MAX);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ok = false;
			break;
		}
		if (n == 0)
			break;
		assure_buf_add(b, chunk, (size_t)n);
		if (assure_buf_err(b) != ASSURE_OK) {
			ok = false;
			break;
		}
	}
	(void)close(fd);
	/* The bytes must be the ones remembered. */
	if (ok && (assure_sha256(b->data != NULL ? b->data : "", b->len, d) !=
	    ASSURE_OK))
		ok = false;
	if (ok) {
		assure_hex(d, sizeof(d), got);
		ok = strcmp(got, hex) == 0;
	}
	if (!ok) {
		assure_buf_free(b);
		assure_buf_init(b, HTTP_BODY_MAX_DEFAULT);
	}
	return ok;
}

enum assure_err
cond_get(struct workspace *ws, const struct http_opts *o,
    struct http_request *req, const char *kind, size_t max,
    struct http_response *resp, bool *ret_not_modified,
    struct assure_diag *reterr_diag)
{
	struct validator *v;
	struct store_val p[1];
	struct assure_buf body;
	enum assure_err rc;

	*ret_not_modified = false;
	req->etag = NULL;
	req->last_modified = NULL;
	if (kind == NULL)
		return http_do(o, req, resp, reterr_diag);
	if (max == 0)
		max = o != NULL && o->body_max > 0 && o->body_max < SIZE_MAX ?
		    (size_t)o->body_max : HTTP_BODY_MAX_DEFAULT;
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, NULL, 0,
		    0, NULL, "out of memory");
	p[0] = STORE_TEXTV(req->url);
	rc = store_exec(ws->store, STMT_VALIDATOR_GET, p, 1, validator_row, v,
	    reterr_diag);
	if (rc != ASSURE_OK) {
		free(v);
		return rc;
	}
	if (v->found && strcmp(v->kind, kind) == 0) {
		req->etag = v->etag[0] != '\0' ? v->etag : NULL;
		req->last_modified = v->last_modified[0] != '\0' ?
		    v->last_modified : NULL;
	}
	rc = http_do(o, req, resp, reterr_diag);
	if (rc != ASSURE_OK || resp->status != 304 ||
	    (req->etag == NULL && req->last_modified == NULL))
		goto out;
	assure_buf_init(&body, HTTP_BODY_MAX_DEFAULT);
	if (stored_bytes(ws, v->sha256, max, &body)) {
		/* The page as if sent again. */
		assure_buf_free(&resp->body);
		resp->body = body;
		if (resp->next[0] == '\0')
			assure_strlcpy(resp->next, v->next,
			    sizeof(resp->next));
		*ret_not_modified = true;
		goto out;
	}
	assure_buf_free(&body);
	/* A validator pointing at nothing: drop it, ask in full. */
	rc = forget(ws, req->url, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	req->etag = NULL;
	req->last_modified = NULL;
	rc = http_do(o, req, resp, reterr_diag);
out:
	req->etag = NULL;
	req->last_modified = NULL;
	free(v);
	return rc;
}

enum assure_err
cond_remember(struct workspace *ws, const char *url, const char *kind,
    const struct http_response *resp, const void *data, size_t len,
    int64_t now, struct assure_diag *reterr_diag)
{
	struct store_val p[7];
	unsigned char d[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc;

	if (resp->etag[0] == '\0' && resp->last_modified[0] == '\0')
		return forget(ws, url, reterr_diag);
	rc = assure_sha256(data != NULL ? data : "", len, d);
	if (rc != ASSURE_OK)
		return assure_diag_set(reterr_diag, rc, NULL, 0, 0, NULL,
		    "cannot hash the page");
	assure_hex(d, sizeof(d), hex);
	p[0] = STORE_TEXTV(url);
	p[1] = resp->etag[0] != '\0' ? STORE_TEXTV(resp->etag) : STORE_NULLV;
	p[2] = resp->last_modified[0] != '\0' ?
	    STORE_TEXTV(resp->last_modified) : STORE_NULLV;
	p[3] = STORE_TEXTV(hex);
	p[4] = STORE_TEXTV(kind);
	p[5] = resp->next[0] != '\0' ? STORE_TEXTV(resp->next) : STORE_NULLV;
	p[6] = STORE_INTV(now);
	return exec_tx(ws, STMT_VALIDATOR_PUT, p, 7, reterr_diag);
}
