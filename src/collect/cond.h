/*
 * cond.h: conditional requests for the live collectors (the
 * collect_validator table, 0018_collect_validator.sql).
 *
 * A page fetched with an ETag or a Last-Modified is remembered by its
 * full URL (query included) with the digest of the bytes the run stored
 * for it (cond_remember()).  The next GET of that URL sends them back
 * (cond_get()); a 304 Not Modified is answered with those stored bytes,
 * read back from the evidence store, so that the caller keeps them as
 * this run's page as if the server had sent them again: run_page() links
 * the evidence already stored, and the page is part of the run's
 * snapshot.  A validator whose bytes cannot be read (or whose kind is not
 * the one asked for) is dropped and the URL fetched again in full.
 *
 * GitHub does not count a 304 against the rate limit.
 */
#ifndef ASSURE_COLLECT_COND_H
#define ASSURE_COLLECT_COND_H

#include "collect/http.h"
#include "common/compat.h"
#include "common/err.h"

struct workspace;

/*
 * http_do() of the GET req (req->etag and req->last_modified are set
 * here, and left NULL again on return) into resp, sending the validators
 * remembered for req->url as kind when there are any (kind NULL: none
 * are looked for).  On a 304 answered to them, resp->body holds the
 * stored bytes (at most max bytes; 0: the options' body_max), resp->next
 * the remembered rel="next" when the 304 carried no Link header, and
 * *ret_not_modified is set; the caller goes on as with a 200 of those
 * bytes.  Otherwise resp is http_do()'s answer.  Errors are http_do()'s,
 * or the store's.
 */
enum assure_err cond_get(struct workspace *ws, const struct http_opts *o,
    struct http_request *req, const char *kind, size_t max,
    struct http_response *resp, bool *ret_not_modified,
    struct assure_diag *reterr_diag);

/*
 * After a 200 whose page the run stored as data (the bytes as stored,
 * which the next 304 stands for) of kind: remember resp's ETag and
 * Last-Modified (and rel="next") for url, replacing what was there.
 * Without either validator, nothing is remembered and any old row is
 * dropped.
 */
enum assure_err cond_remember(struct workspace *ws, const char *url,
    const char *kind, const struct http_response *resp, const void *data,
    size_t len, int64_t now, struct assure_diag *reterr_diag);

#endif
