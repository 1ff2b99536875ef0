/*
 * memo.h: answers the server keeps while the ledger stands still.
 *
 * Some answers take seconds to compute on a large organisation (an
 * auditor's sample walks every evaluation of the period) and are asked
 * for again and again.  Everything such an answer depends on is recorded
 * in the ledger (each evaluation, ingest and filed document appends an
 * entry), so its size is the key's second half: a memo kept at one
 * ledger size is never served at another.
 *
 * A memo is shared by the server's handler threads, including those
 * running outside the server's lock (WEB_UNLOCKED), so it has a lock of
 * its own.  It holds at most WEB_MEMO_SLOTS answers of at most
 * WEB_MEMO_BYTES each, the least recently used replaced first.
 */
#ifndef ASSURE_WEB_MEMO_H
#define ASSURE_WEB_MEMO_H

#include "common/compat.h"
#include "common/buf.h"

#define WEB_MEMO_SLOTS	32
#define WEB_MEMO_BYTES	(4u * 1024 * 1024)
#define WEB_MEMO_KEY_MAX	256

struct web_memo;

/* NULL when out of memory: then nothing is kept. */
struct web_memo *web_memo_new(void);
void web_memo_free(struct web_memo *m);
/* Append the answer kept for key at ledger_size to out: true, or false
 * when there is none (m NULL included). */
bool web_memo_get(struct web_memo *m, const char *key, int64_t ledger_size,
    struct assure_buf *out);
/* Keep body (len bytes) as key's answer at ledger_size, when it fits. */
void web_memo_put(struct web_memo *m, const char *key, int64_t ledger_size,
    const char *body, size_t len);

#endif
