/*
 * memo.c: answers the server keeps while the ledger stands still
 * (memo.h).  A handful of slots searched in order: the sizes make
 * anything cleverer pointless.
 */
#include "common/compat.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web/memo.h"

struct memo_slot {
	char		 key[WEB_MEMO_KEY_MAX];
	int64_t		 ledger_size;
	uint64_t	 used;		/* the use counter's value at last use */
	char		*body;
	size_t		 len;
};

struct web_memo {
	pthread_mutex_t	 lock;
	uint64_t	 uses;
	struct memo_slot slot[WEB_MEMO_SLOTS];
};

struct web_memo *
web_memo_new(void)
{
	struct web_memo *m = calloc(1, sizeof(*m));

	if (m != NULL)
		pthread_mutex_init(&m->lock, NULL);
	return m;
}

void
web_memo_free(struct web_memo *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < WEB_MEMO_SLOTS; i++)
		free(m->slot[i].body);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

bool
web_memo_get(struct web_memo *m, const char *key, int64_t ledger_size,
    struct assure_buf *out)
{
	struct memo_slot *s;
	bool found = false;
	size_t i;

	if (m == NULL)
		return false;
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < WEB_MEMO_SLOTS; i++) {
		s = &m->slot[i];
		if (s->body == NULL || s->ledger_size != ledger_size ||
		    strcmp(s->key, key) != 0)
			continue;
		s->used = ++m->uses;
		assure_buf_add(out, s->body, s->len);
		found = assure_buf_err(out) == ASSURE_OK;
		break;
	}
	pthread_mutex_unlock(&m->lock);
	return found;
}

void
web_memo_put(struct web_memo *m, const char *key, int64_t ledger_size,
    const char *body, size_t len)
{
	struct memo_slot *s, *victim = NULL;
	char *copy;
	size_t i;

	if (m == NULL || len > WEB_MEMO_BYTES || strlen(key) >= WEB_MEMO_KEY_MAX)
		return;
	if ((copy = malloc(len + 1)) == NULL)
		return;
	memcpy(copy, body, len);
	copy[len] = '\0';
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < WEB_MEMO_SLOTS; i++) {
		s = &m->slot[i];
		/* The same key's older answer, else a free slot, else the
		 * least recently used. */
		if (s->body != NULL && strcmp(s->key, key) == 0) {
			victim = s;
			break;
		}
		if (victim == NULL || (victim->body != NULL &&
		    (s->body == NULL || s->used < victim->used)))
			victim = s;
	}
	free(victim->body);
	memcpy(victim->key, key, strlen(key) + 1);
	victim->ledger_size = ledger_size;
	victim->body = copy;
	victim->len = len;
	victim->used = ++m->uses;
	pthread_mutex_unlock(&m->lock);
}
