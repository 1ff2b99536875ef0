/*
 * sample.c: the auditor-reproducible sample draw (see sample.h and
 * docs/SAMPLING.md).
 *
 * HMAC-SHA256 is written out here (RFC 2104) over the streaming SHA-256
 * of common/hash.h rather than through OpenSSL's MAC interface: the key
 * is always 32 bytes, the construction is ten lines, and one reused
 * digest context serves the whole draw.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "ledger/note.h"
#include "sample/sample.h"

#define HMAC_BLOCK	64

static const size_t default_sizes[CONTROL_FREQUENCY__MAX] = {
	[CONTROL_ANNUAL] = 1,
	[CONTROL_QUARTERLY] = 2,
	[CONTROL_MONTHLY] = 2,
	[CONTROL_WEEKLY] = 5,
	[CONTROL_DAILY] = 25,
	[CONTROL_CONTINUOUS] = 25,
	[CONTROL_PER_EVENT] = 25,
};

size_t
sample_default_size(enum control_frequency f)
{
	return (unsigned)f < CONTROL_FREQUENCY__MAX ? default_sizes[f] : 0;
}

/*
 * floor(2^64 / n) * n = 2^64 - r with r = 2^64 mod n, and
 * 2^64 mod n = ((2^64 - 1) mod n + 1) mod n, computed without 2^64.
 * r = 0 (n a power of two) accepts every x; otherwise the limit
 * 2^64 - r fits in 64 bits and is what 0 - r wraps to.
 */
bool
sample_accept(uint64_t x, uint64_t n)
{
	uint64_t	r;

	if (n == 0)
		return false;
	r = (UINT64_MAX % n + 1) % n;
	return r == 0 || x < (uint64_t)0 - r;
}

/* ---------------------------------------------------------------------- */
/* HMAC-SHA256 with a 32-byte key                                          */

struct hmac {
	struct assure_sha256	*h;
	unsigned char		 ipad[HMAC_BLOCK];
	unsigned char		 opad[HMAC_BLOCK];
};

static enum assure_err
hmac_init(struct hmac *m, const unsigned char key[SAMPLE_SEED_LEN])
{
	size_t	k;

	memset(m, 0, sizeof(*m));
	if ((m->h = assure_sha256_new()) == NULL)
		return ASSURE_ERR_NOMEM;
	for (k = 0; k < HMAC_BLOCK; k++) {
		unsigned char b = k < SAMPLE_SEED_LEN ? key[k] : 0;

		m->ipad[k] = b ^ 0x36;
		m->opad[k] = b ^ 0x5c;
	}
	return ASSURE_OK;
}

static void
hmac_fini(struct hmac *m)
{
	assure_sha256_free(m->h);
	m->h = NULL;
}

/* x for control_id ":" i, control_id already checked. */
static enum assure_err
hmac_x(struct hmac *m, const char *control_id, uint64_t i, uint64_t *ret_x)
{
	unsigned char	 inner[ASSURE_SHA256_LEN], mac[ASSURE_SHA256_LEN];
	char		 msg[SAMPLE_CONTROL_ID_MAX + 1 + 20 + 1];
	enum assure_err	 rc;
	uint64_t	 x;
	int		 len;
	size_t		 k;

	len = snprintf(msg, sizeof(msg), "%s:%llu", control_id,
	    (unsigned long long)i);
	if (len < 0 || (size_t)len >= sizeof(msg))
		return ASSURE_ERR_INVAL;
	if ((rc = assure_sha256_update(m->h, m->ipad, HMAC_BLOCK)) != ASSURE_OK ||
	    (rc = assure_sha256_update(m->h, msg, (size_t)len)) != ASSURE_OK ||
	    (rc = assure_sha256_final(m->h, inner)) != ASSURE_OK ||
	    (rc = assure_sha256_update(m->h, m->opad, HMAC_BLOCK)) != ASSURE_OK ||
	    (rc = assure_sha256_update(m->h, inner, sizeof(inner))) != ASSURE_OK ||
	    (rc = assure_sha256_final(m->h, mac)) != ASSURE_OK)
		return rc;
	for (x = 0, k = 0; k < 8; k++)
		x = x << 8 | mac[k];
	*ret_x = x;
	return ASSURE_OK;
}

/* ---------------------------------------------------------------------- */
/* Checks                                                                  */

static bool
control_id_valid(const char *id)
{
	size_t	k;

	if (id == NULL || id[0] == '\0')
		return false;
	for (k = 0; id[k] != '\0'; k++) {
		unsigned char c = (unsigned char)id[k];

		if (k >= SAMPLE_CONTROL_ID_MAX)
			return false;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/*
 * Whether s[0..len) is valid UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF) without C0 control characters or DEL.
 */
static bool
subject_text_valid(const unsigned char *s, size_t len)
{
	size_t	 k = 0, need, j;
	uint32_t cp, min;

	while (k < len) {
		unsigned char c = s[k];

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			k++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return false;
		if (len - k - 1 < need)
			return false;
		for (j = 1; j <= need; j++) {
			if ((s[k + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[k + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		k += need + 1;
	}
	return true;
}

/* strcmp compares as unsigned char: bytewise, a prefix first. */
static int
subject_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---------------------------------------------------------------------- */
/* The draw                                                                */

enum assure_err
sample_x(const unsigned char seed[SAMPLE_SEED_LEN], const char *control_id,
    uint64_t i, uint64_t *ret_x)
{
	struct hmac	m;
	enum assure_err	rc;

	if (seed == NULL || ret_x == NULL || !control_id_valid(control_id))
		return ASSURE_ERR_INVAL;
	if ((rc = hmac_init(&m, seed)) != ASSURE_OK)
		return rc;
	rc = hmac_x(&m, control_id, i, ret_x);
	hmac_fini(&m);
	return rc;
}

void
sample_release(struct sample *s)
{
	if (s == NULL)
		return;
	free(s->sorted);
	free(s->pool);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

/* Copy, check, sort and hash the population into s. */
static enum assure_err
load_population(struct sample *s, const char *const *subjects, size_t n,
    struct assure_diag *d)
{
	unsigned char	 digest[ASSURE_SHA256_LEN];
	struct assure_sha256 *h;
	enum assure_err	 rc = ASSURE_OK;
	size_t		 k, len, total = 0, off = 0;

	for (k = 0; k < n; k++) {
		if (subjects[k] == NULL)
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
			    "subjects", "subject %zu is missing", k);
		len = strnlen(subjects[k], SAMPLE_SUBJECT_MAX + 1);
		if (len > SAMPLE_SUBJECT_MAX)
			return assure_diag_set(d, ASSURE_ERR_LIMIT, NULL, 0, 0,
			    "subjects", "subject %zu is longer than %u bytes",
			    k, SAMPLE_SUBJECT_MAX);
		if (len == 0)
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
			    "subjects", "subject %zu is empty", k);
		if (!subject_text_valid((const unsigned char *)subjects[k],
		    len))
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
			    "subjects", "subject %zu is not UTF-8 text without "
			    "control characters (a newline, a tab)", k);
		total += len + 1;
	}
	if (n > 0) {
		if ((s->sorted = calloc(n, sizeof(*s->sorted))) == NULL ||
		    (s->pool = malloc(total)) == NULL)
			return ASSURE_ERR_NOMEM;
	}
	for (k = 0; k < n; k++) {
		len = strlen(subjects[k]);
		memcpy(s->pool + off, subjects[k], len + 1);
		s->sorted[k] = s->pool + off;
		off += len + 1;
	}
	s->n = n;
	if (n > 1)
		qsort(s->sorted, n, sizeof(*s->sorted), subject_cmp);
	for (k = 1; k < n; k++)
		if (strcmp(s->sorted[k - 1], s->sorted[k]) == 0)
			return assure_diag_set(d, ASSURE_ERR_INVAL, NULL, 0, 0,
			    "subjects", "duplicate subject '%.200s': a "
			    "population lists each item once", s->sorted[k]);

	if ((h = assure_sha256_new()) == NULL)
		return ASSURE_ERR_NOMEM;
	for (k = 0; k < n && rc == ASSURE_OK; k++) {
		rc = assure_sha256_update(h, s->sorted[k], strlen(s->sorted[k]));
		if (rc == ASSURE_OK)
			rc = assure_sha256_update(h, "\n", 1);
	}
	if (rc == ASSURE_OK)
		rc = assure_sha256_final(h, digest);
	assure_sha256_free(h);
	if (rc == ASSURE_OK)
		assure_hex(digest, sizeof(digest), s->pop_sha256);
	return rc;
}

static enum assure_err
draw(struct sample *s, size_t size, struct assure_diag *d)
{
	struct hmac	 m;
	unsigned char	*seen;
	enum assure_err	 rc;
	uint64_t	 i, x, cap = SAMPLE_ITER_CAP(size);
	size_t		 idx;

	if ((seen = calloc(s->n / 8 + 1, 1)) == NULL)
		return ASSURE_ERR_NOMEM;
	if ((rc = hmac_init(&m, s->seed)) != ASSURE_OK) {
		free(seen);
		return rc;
	}
	for (i = 0; s->nitems < size; i++) {
		if (i >= cap) {
			rc = assure_diag_set(d, ASSURE_ERR_LIMIT, NULL, 0, 0,
			    "sample", "%zu of %zu items after %llu draws: "
			    "giving up", s->nitems, size,
			    (unsigned long long)i);
			break;
		}
		if ((rc = hmac_x(&m, s->control_id, i, &x)) != ASSURE_OK)
			break;
		if (!sample_accept(x, s->n)) {
			s->rejected++;
			continue;
		}
		idx = (size_t)(x % s->n);
		if (seen[idx / 8] & (1u << (idx % 8))) {
			s->repeats++;
			continue;
		}
		seen[idx / 8] |= (unsigned char)(1u << (idx % 8));
		s->items[s->nitems].i = i;
		s->items[s->nitems].x = x;
		s->items[s->nitems].index = idx;
		s->items[s->nitems].subject = s->sorted[idx];
		s->nitems++;
	}
	s->iterations = i;
	hmac_fini(&m);
	free(seen);
	return rc;
}

enum assure_err
sample_draw(const unsigned char seed[SAMPLE_SEED_LEN], const char *control_id,
    const char *const *subjects, size_t n, size_t size, struct sample *ret,
    struct assure_diag *reterr_diag)
{
	struct sample	s;
	enum assure_err	rc;
	size_t		k, want;

	if (ret != NULL)
		memset(ret, 0, sizeof(*ret));
	if (ret == NULL || seed == NULL || (subjects == NULL && n > 0))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, NULL, "missing argument");
	if (!control_id_valid(control_id))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "control", "not 1 to %u letters, digits, '.', '_' or "
		    "'-'", SAMPLE_CONTROL_ID_MAX);
	if (size == 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "size", "a sample has at least one item");
	if (n > SAMPLE_POPULATION_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, NULL, 0,
		    0, "subjects", "%zu subjects, more than %u", n,
		    SAMPLE_POPULATION_MAX);

	memset(&s, 0, sizeof(s));
	memcpy(s.control_id, control_id, strlen(control_id) + 1);
	memcpy(s.seed, seed, SAMPLE_SEED_LEN);
	if ((rc = load_population(&s, subjects, n, reterr_diag)) != ASSURE_OK)
		goto fail;

	want = n < size ? n : size;
	if (want > 0 && (s.items = calloc(want, sizeof(*s.items))) == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto fail;
	}
	if (n <= size) {
		/* No draw: every item, in the sorted order. */
		s.whole = true;
		for (k = 0; k < n; k++) {
			s.items[k].index = k;
			s.items[k].subject = s.sorted[k];
		}
		s.nitems = n;
	} else if ((rc = draw(&s, size, reterr_diag)) != ASSURE_OK)
		goto fail;
	*ret = s;
	return ASSURE_OK;
fail:
	sample_release(&s);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The seed from a checkpoint                                              */

enum assure_err
sample_seed_from_checkpoint(const char *note, size_t len,
    const struct assure_note_verifier *v, struct sample_checkpoint *ret,
    struct assure_diag *reterr_diag)
{
	struct assure_note	*n = NULL;
	struct assure_checkpoint cp;
	enum assure_err		 rc;

	if (ret == NULL || (note == NULL && len > 0))
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    "checkpoint", 0, 0, NULL, "missing argument");
	memset(ret, 0, sizeof(*ret));
	if (v != NULL) {
		rc = assure_note_open(note, len, v, &n, reterr_diag);
		if (rc == ASSURE_ERR_NOTFOUND)
			return assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
			    "checkpoint", 0, 0, NULL, "not signed by the key "
			    "%s", v->name);
	} else
		rc = assure_note_parse(note, len, &n, reterr_diag);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(reterr_diag, "checkpoint");
		return rc;
	}
	rc = assure_note_checkpoint_parse(n->text, n->body_len, &cp,
	    reterr_diag);
	if (rc != ASSURE_OK)
		assure_diag_default_source(reterr_diag, "checkpoint");
	else if (v != NULL && (cp.origin_len != strlen(v->name) ||
	    memcmp(cp.origin, v->name, cp.origin_len) != 0))
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
		    "checkpoint", 1, 1, "origin", "is '%.*s', not the key's "
		    "'%s'", (int)(cp.origin_len > 100 ? 100 : cp.origin_len),
		    cp.origin, v->name);
	else if (cp.origin_len > SAMPLE_ORIGIN_MAX)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
		    "checkpoint", 1, 1, "origin", "longer than %u bytes",
		    SAMPLE_ORIGIN_MAX);
	if (rc == ASSURE_OK) {
		memcpy(ret->origin, cp.origin, cp.origin_len);
		ret->origin[cp.origin_len] = '\0';
		ret->size = cp.size;
		memcpy(ret->root, cp.root, sizeof(ret->root));
		ret->verified = v != NULL;
	}
	assure_note_free(n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Output                                                                  */

void
sample_json(struct jsonw *w, const struct sample *s,
    const struct sample_checkpoint *cp)
{
	struct assure_buf	 b64;
	char			 hex[ASSURE_SHA256_HEXLEN + 1], xs[17];
	size_t			 k;

	jsonw_obj_open(w);
	jsonw_kstr(w, "control", s->control_id);
	jsonw_key(w, "checkpoint");
	if (cp == NULL)
		jsonw_null(w);
	else {
		assure_hex(cp->root, sizeof(cp->root), hex);
		assure_buf_init(&b64, 64);
		assure_base64_encode(&b64, cp->root, sizeof(cp->root));
		jsonw_obj_open(w);
		jsonw_kstr(w, "origin", cp->origin);
		jsonw_kint(w, "size", (long long)cp->size);
		jsonw_kstr(w, "root_hex", hex);
		jsonw_kstr(w, "root_base64", assure_buf_str(&b64));
		jsonw_kbool(w, "verified", cp->verified);
		jsonw_obj_close(w);
		assure_buf_free(&b64);
	}
	assure_hex(s->seed, sizeof(s->seed), hex);
	jsonw_kstr(w, "seed", hex);
	jsonw_kint(w, "population_size", (long long)s->n);
	jsonw_kstr(w, "population_sha256", s->pop_sha256);
	jsonw_kstr(w, "method", s->whole ? "whole" : "drawn");
	jsonw_kint(w, "sample_size", (long long)s->nitems);
	jsonw_kint(w, "draws", (long long)s->iterations);
	jsonw_kint(w, "rejected", (long long)s->rejected);
	jsonw_kint(w, "repeats", (long long)s->repeats);
	jsonw_key(w, "items");
	jsonw_arr_open(w);
	for (k = 0; k < s->nitems; k++) {
		const struct sample_item *it = &s->items[k];

		jsonw_obj_open(w);
		jsonw_kint(w, "draw", (long long)(k + 1));
		jsonw_key(w, "i");
		if (s->whole)
			jsonw_null(w);
		else
			jsonw_int(w, (long long)it->i);
		jsonw_key(w, "x");
		if (s->whole)
			jsonw_null(w);
		else {
			snprintf(xs, sizeof(xs), "%016llx",
			    (unsigned long long)it->x);
			jsonw_str(w, xs);
		}
		jsonw_kint(w, "index", (long long)it->index);
		jsonw_kstr(w, "subject", it->subject);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

void
sample_text(struct assure_buf *out, const struct sample *s,
    const struct sample_checkpoint *cp)
{
	char	hex[ASSURE_SHA256_HEXLEN + 1];
	size_t	k;

	assure_buf_printf(out, "control     %s\n", s->control_id);
	if (cp != NULL) {
		assure_hex(cp->root, sizeof(cp->root), hex);
		assure_buf_printf(out, "checkpoint  %s, size %llu, %s\n",
		    cp->origin, (unsigned long long)cp->size,
		    cp->verified ? "signature verified" :
		    "signature NOT verified");
		assure_buf_printf(out, "root        %s\n", hex);
		assure_buf_adds(out, "            ");
		assure_base64_encode(out, cp->root, sizeof(cp->root));
		assure_buf_addc(out, '\n');
	}
	assure_hex(s->seed, sizeof(s->seed), hex);
	assure_buf_printf(out, "seed        %s\n", hex);
	assure_buf_printf(out, "population  %zu subjects, sha256 %s\n", s->n,
	    s->pop_sha256);
	if (s->whole)
		assure_buf_printf(out, "sample      %zu: the whole population\n",
		    s->nitems);
	else
		assure_buf_printf(out, "sample      %zu, drawn with i = 0..%llu "
		    "(%llu rejected, %llu repeats)\n", s->nitems,
		    (unsigned long long)(s->iterations - 1),
		    (unsigned long long)s->rejected,
		    (unsigned long long)s->repeats);
	assure_buf_adds(out, "\ndraw  i       x                 index     "
	    "subject\n");
	for (k = 0; k < s->nitems; k++) {
		const struct sample_item *it = &s->items[k];

		if (s->whole)
			assure_buf_printf(out, "%-5zu -       -                 "
			    "%-9zu %s\n", k + 1, it->index, it->subject);
		else
			assure_buf_printf(out, "%-5zu %-7llu %016llx  %-9zu "
			    "%s\n", k + 1, (unsigned long long)it->i,
			    (unsigned long long)it->x, it->index, it->subject);
	}
}
