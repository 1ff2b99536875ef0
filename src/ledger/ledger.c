/*
 * ledger.c: the evidence ledger over the store (see ledger.h).
 *
 * Entries are text: a magic line, then "key value" lines in a fixed order
 * per type, each value percent-encoded where it holds '%', a control
 * character or DEL, so that one entry has exactly one encoding.  The tree
 * is kept in the entry rows: each row holds its leaf hash and the perfect
 * subtrees its leaf completed (merkle.h's frontier), level 1 first, so an
 * append is one row and any node is one primary-key read (get_node).
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <yajl/yajl_tree.h>

#include "common/base64.h"
#include "common/fileio.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "ledger/tsa.h"
#include "rules/rules.h"

#define LEDGER_KEYFILE_MAX	1024
#define LEDGER_READ_CHUNK	(256 * 1024)

struct ledger {
	struct store			*store;
	struct assure_merkle_hasher	*hasher;
	struct assure_note_signer	*signer;	/* NULL when read-only */
	struct assure_note_verifier	 verifier;
	char				 vkey[ASSURE_NOTE_VKEY_MAX];
	/*
	 * The frontier after this process's last append, valid only inside
	 * the same write transaction (store tx_seq), where nobody else can
	 * append: batches then skip reloading it from the stored nodes.
	 */
	bool				 cache_valid;
	uint64_t			 cache_tx;
	struct assure_merkle_frontier	 cache;
	/* Why get_node's last store read failed ("" when it did not). */
	struct assure_diag		 node_diag;
};

/* ------------------------------------------------------------ keys */

/* A key file's one line, without its line ending, into buf. */
static enum assure_err
read_small_file(const char *path, char *buf, size_t size, size_t *ret_len,
    struct assure_diag *d)
{
	struct assure_buf b;
	enum assure_err rc;
	size_t len;

	assure_buf_init(&b, size);
	rc = assure_file_read(path, &b, d);
	if (rc == ASSURE_OK) {
		len = b.len;
		while (len > 0 && (b.data[len - 1] == '\n' ||
		    b.data[len - 1] == '\r'))
			len--;
		memcpy(buf, assure_buf_str(&b), len);
		buf[len] = '\0';
		*ret_len = len;
		sodium_memzero(b.data, b.cap);
	}
	assure_buf_free(&b);
	return rc;
}

static enum assure_err
write_key_file(const char *path, const char *text, unsigned mode,
    struct assure_diag *d)
{
	struct assure_buf b;
	enum assure_err rc;

	assure_buf_init(&b, 0);
	assure_buf_printf(&b, "%s\n", text);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = assure_file_create(path, b.data, b.len, mode, d);
	if (rc == ASSURE_ERR_CONFLICT)
		assure_diag_set(d, rc, path, 0, 0, NULL, "a ledger key exists "
		    "already");
	if (b.data != NULL)
		sodium_memzero(b.data, b.cap);
	assure_buf_free(&b);
	return rc;
}

enum assure_err
ledger_keygen(const char *dotdir, const char *organisation,
    struct assure_diag *reterr_diag)
{
	struct assure_note_signer *signer = NULL;
	struct assure_note_verifier v;
	char name[96], skey[ASSURE_NOTE_SKEY_MAX], vkey[ASSURE_NOTE_VKEY_MAX];
	char path[4096], pub[4096];
	unsigned char rnd[4];
	char rhex[9];
	size_t i, n = 0;
	enum assure_err rc;

	/* A slug of the organisation's name: lowercase letters, digits, '-'. */
	for (i = 0; organisation[i] != '\0' && n < 40; i++) {
		unsigned char c = (unsigned char)organisation[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			name[n++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			name[n++] = (char)(c - 'A' + 'a');
		else if (n > 0 && name[n - 1] != '-')
			name[n++] = '-';
	}
	while (n > 0 && name[n - 1] == '-')
		n--;
	if (n == 0) {
		memcpy(name, "workspace", 9);
		n = 9;
	}
	randombytes_buf(rnd, sizeof(rnd));
	assure_hex(rnd, sizeof(rnd), rhex);
	snprintf(name + n, sizeof(name) - n, ".assure/%s", rhex);
	if (snprintf(path, sizeof(path), "%s/%s", dotdir, LEDGER_KEY_FILE) >=
	    (int)sizeof(path) || snprintf(pub, sizeof(pub), "%s/%s", dotdir,
	    LEDGER_PUB_FILE) >= (int)sizeof(pub))
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dotdir,
		    0, 0, NULL, "path too long");
	rc = assure_note_key_generate(name, &signer);
	if (rc != ASSURE_OK)
		return assure_diag_set(reterr_diag, rc, dotdir, 0, 0, NULL,
		    "cannot generate the ledger key");
	assure_note_signer_format(signer, skey);
	assure_note_signer_verifier(signer, &v);
	assure_note_verifier_format(&v, vkey);
	rc = write_key_file(path, skey, 0600, reterr_diag);
	sodium_memzero(skey, sizeof(skey));
	if (rc == ASSURE_OK)
		rc = write_key_file(pub, vkey, 0644, reterr_diag);
	assure_note_signer_free(signer);
	return rc;
}

enum assure_err
ledger_open(struct store *s, const char *dotdir, const char *organisation,
    bool writable, struct ledger **ret_ledger, struct assure_diag *reterr_diag)
{
	struct ledger *l;
	char path[4096], text[LEDGER_KEYFILE_MAX];
	size_t len;
	enum assure_err rc;

	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, dotdir,
		    0, 0, NULL, "out of memory");
	l->store = s;
	rc = assure_merkle_hasher_new(&l->hasher);
	if (rc != ASSURE_OK) {
		assure_diag_set(reterr_diag, rc, dotdir, 0, 0, NULL,
		    "cannot set up SHA-256");
		goto out_free;
	}
	if (writable) {
		snprintf(path, sizeof(path), "%s/%s", dotdir, LEDGER_KEY_FILE);
		rc = read_small_file(path, text, sizeof(text), &len,
		    reterr_diag);
		if (rc == ASSURE_ERR_NOTFOUND) {
			/* A workspace from before the ledger: make its key. */
			rc = ledger_keygen(dotdir, organisation, reterr_diag);
			if (rc == ASSURE_OK)
				rc = read_small_file(path, text, sizeof(text),
				    &len, reterr_diag);
		}
		if (rc == ASSURE_OK)
			rc = assure_note_signer_parse(text, len, &l->signer,
			    reterr_diag);
		sodium_memzero(text, sizeof(text));
		if (rc != ASSURE_OK) {
			assure_diag_default_source(reterr_diag, path);
			goto out_free;
		}
		assure_note_signer_verifier(l->signer, &l->verifier);
	} else {
		snprintf(path, sizeof(path), "%s/%s", dotdir, LEDGER_PUB_FILE);
		rc = read_small_file(path, text, sizeof(text), &len,
		    reterr_diag);
		if (rc == ASSURE_OK)
			rc = assure_note_verifier_parse(text, len,
			    &l->verifier, reterr_diag);
		if (rc != ASSURE_OK) {
			assure_diag_default_source(reterr_diag, path);
			goto out_free;
		}
	}
	assure_note_verifier_format(&l->verifier, l->vkey);
	*ret_ledger = l;
	return ASSURE_OK;
out_free:
	ledger_close(l);
	return rc;
}

void
ledger_close(struct ledger *l)
{
	if (l == NULL)
		return;
	assure_note_signer_free(l->signer);
	assure_merkle_hasher_free(l->hasher);
	free(l);
}

void
ledger_verifier_text(const struct ledger *l, char *out)
{
	assure_strlcpy(out, l->vkey, ASSURE_NOTE_VKEY_MAX);
}

const char *
ledger_origin(const struct ledger *l)
{
	return l->verifier.name;
}

/* ------------------------------------------------------------ encoding */

/* Append a value, percent-encoding '%', control characters and DEL. */
static void
put_value(struct assure_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '%')
			assure_buf_printf(b, "%%%02X", *p);
		else
			assure_buf_addc(b, (char)*p);
	}
}

static void
put_line(struct assure_buf *b, const char *key, const char *value)
{
	assure_buf_adds(b, key);
	assure_buf_addc(b, ' ');
	put_value(b, value);
	assure_buf_addc(b, '\n');
}

static void
put_time(struct assure_buf *b, const char *key, int64_t t)
{
	char ts[ASSURE_TIME_STRLEN];

	assure_time_format(t, ts);
	put_line(b, key, ts);
}

static void
put_int(struct assure_buf *b, const char *key, int64_t v)
{
	assure_buf_printf(b, "%s %lld\n", key, (long long)v);
}

static void
put_header(struct assure_buf *b, const char *type)
{
	assure_buf_adds(b, LEDGER_ENTRY_MAGIC "\n");
	put_line(b, "type", type);
}

void
ledger_encode_evidence(struct assure_buf *b, const struct ledger_evidence *e)
{
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];

	put_header(b, "evidence");
	put_line(b, "sha256", e->sha256_hex);
	put_line(b, "kind", e->kind);
	put_int(b, "size", e->size);
	put_time(b, "collected-at", e->collected_at);
	put_time(b, "as-of", e->as_of);
	put_line(b, "as-of-origin", e->as_of_origin);
	if (e->has_period) {
		assure_time_format(e->period_start, t1);
		assure_time_format(e->period_end, t2);
		assure_buf_printf(b, "period %s %s\n", t1, t2);
	} else
		put_line(b, "period", "-");
	put_line(b, "collector", e->collector);
	put_int(b, "records", e->records);
}

void
ledger_encode_observation(struct assure_buf *b,
    const struct ledger_observation *o)
{
	put_header(b, "evidence-observation");
	put_line(b, "sha256", o->sha256_hex);
	put_line(b, "kind", o->kind);
	put_time(b, "as-of", o->as_of);
	put_time(b, "collected-at", o->collected_at);
	put_line(b, "collector", o->collector);
}

void
ledger_encode_policy_approval(struct assure_buf *b,
    const struct ledger_policy_approval *a)
{
	put_header(b, "policy-approval");
	put_line(b, "policy", a->policy_id);
	put_line(b, "version", a->version);
	put_line(b, "body-sha256", a->body_sha256);
	put_line(b, "by", a->approved_by);
	put_time(b, "at", a->approved_at);
}

void
ledger_encode_user(struct assure_buf *b, const char *type,
    const struct ledger_user *u)
{
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];

	put_header(b, type);
	put_line(b, "user", u->name);
	put_line(b, "display", u->display);
	put_line(b, "role", u->role);
	if (u->has_period) {
		assure_time_format(u->period_start, t1);
		assure_time_format(u->period_end, t2);
		assure_buf_printf(b, "period %s %s\n", t1, t2);
	} else
		put_line(b, "period", "-");
	put_line(b, "disabled", u->disabled ? "yes" : "no");
	put_line(b, "mfa-sha256", u->mfa_sha256 != NULL ? u->mfa_sha256 :
	    "-");
	put_line(b, "password-sha256", u->password_sha256);
	put_line(b, "by", u->by);
	put_time(b, "at", u->at);
}

void
ledger_encode_token(struct assure_buf *b, const char *type,
    const struct ledger_token *t)
{
	put_header(b, type);
	put_line(b, "token", t->id);
	put_line(b, "user", t->user);
	put_line(b, "name", t->name);
	put_line(b, "role", t->role);
	put_time(b, "created-at", t->created_at);
	put_line(b, "created-by", t->created_by);
	if (t->expires)
		put_time(b, "expires-at", t->expires_at);
	else
		put_line(b, "expires-at", "-");
	if (t->revoked) {
		put_time(b, "revoked-at", t->revoked_at);
		put_line(b, "revoked-by", t->revoked_by);
	} else {
		put_line(b, "revoked-at", "-");
		put_line(b, "revoked-by", "-");
	}
}

void
ledger_encode_login(struct assure_buf *b, bool ok, const char *user,
    const char *method, const char *reason, int64_t at)
{
	put_header(b, ok ? "login" : "login-failed");
	put_line(b, "user", user);
	put_line(b, "method", method);
	put_time(b, "at", at);
	if (!ok)
		put_line(b, "reason", reason);
}

void
ledger_observation_ref(const char *sha256_hex, int64_t as_of, char *out,
    size_t size)
{
	char t[ASSURE_TIME_STRLEN];

	assure_time_format(as_of, t);
	snprintf(out, size, "%s@%s", sha256_hex, t);
}

void
ledger_encode_evidence_control(struct assure_buf *b,
    const struct ledger_evidence_control *c)
{
	put_header(b, "evidence-control");
	put_line(b, "sha256", c->sha256_hex);
	put_line(b, "control", c->control);
	put_time(b, "linked-at", c->linked_at);
	put_line(b, "linked-by", c->linked_by);
}

void
ledger_evidence_control_ref(const char *sha256_hex, const char *control,
    char *out, size_t size)
{
	snprintf(out, size, "%s:%s", sha256_hex, control);
}

void
ledger_encode_collection(struct assure_buf *b,
    const struct ledger_collection *c)
{
	char ts[ASSURE_TIME_STRLEN];
	size_t i;

	put_header(b, "collection");
	put_int(b, "run", c->id);
	put_line(b, "source", c->source);
	put_line(b, "target", c->target);
	put_time(b, "started-at", c->started_at);
	put_time(b, "ended-at", c->ended_at);
	put_line(b, "complete", c->complete ? "yes" : "no");
	put_line(b, "note", c->note[0] != '\0' ? c->note : "-");
	put_int(b, "pages", (int64_t)c->npages);
	for (i = 0; i < c->npages; i++) {
		assure_time_format(c->pages[i].as_of, ts);
		assure_buf_printf(b, "page %lld ",
		    (long long)c->pages[i].seq);
		put_value(b, c->pages[i].kind);
		assure_buf_addc(b, ' ');
		put_value(b, c->pages[i].sha256_hex);
		assure_buf_printf(b, " %s ", ts);
		put_value(b, c->pages[i].url);
		assure_buf_addc(b, '\n');
	}
}

/* A run's rows as read back: the run, then its pages, copied. */
struct coll_rows {
	bool				 found;
	bool				 open;
	struct ledger_collection	 c;
	char				*source, *target, *note;
	struct ledger_collection_page	*pages;
	size_t				 npages;
	enum assure_err			 err;
};

static char *
coll_dup(const struct store_val *v)
{
	return strdup(v->type == STORE_TEXT ? v->s : "");
}

static enum assure_err
coll_run_row(const struct store_val *c, int n, void *arg)
{
	struct coll_rows *r = arg;

	if (n < 7 || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[5].type != STORE_INT)
		return ASSURE_ERR_TAMPER;
	r->found = true;
	r->open = c[4].type != STORE_INT;
	r->c.id = c[0].i;
	r->c.started_at = c[3].i;
	r->c.ended_at = c[4].i;
	r->c.complete = c[5].i != 0;
	r->source = coll_dup(&c[1]);
	r->target = coll_dup(&c[2]);
	r->note = coll_dup(&c[6]);
	if (r->source == NULL || r->target == NULL || r->note == NULL)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

static enum assure_err
coll_page_row(const struct store_val *c, int n, void *arg)
{
	struct coll_rows *r = arg;
	struct ledger_collection_page *p;

	if (n < 5 || c[0].type != STORE_INT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_INT ||
	    c[4].type != STORE_TEXT)
		return ASSURE_ERR_TAMPER;
	p = reallocarray(r->pages, r->npages + 1, sizeof(*p));
	if (p == NULL)
		return ASSURE_ERR_NOMEM;
	r->pages = p;
	p = &r->pages[r->npages];
	memset(p, 0, sizeof(*p));
	r->npages++;
	p->seq = c[0].i;
	p->as_of = c[3].i;
	p->kind = strdup(c[1].s);
	p->sha256_hex = strdup(c[2].s);
	p->url = strdup(c[4].s);
	if (p->kind == NULL || p->sha256_hex == NULL || p->url == NULL)
		return ASSURE_ERR_NOMEM;
	return ASSURE_OK;
}

static void
coll_rows_free(struct coll_rows *r)
{
	size_t i;

	for (i = 0; i < r->npages; i++) {
		free((char *)r->pages[i].kind);
		free((char *)r->pages[i].sha256_hex);
		free((char *)r->pages[i].url);
	}
	free(r->pages);
	free(r->source);
	free(r->target);
	free(r->note);
}

enum assure_err
ledger_collection_from_store(struct store *s, int64_t id,
    struct assure_buf *b, struct assure_diag *reterr_diag)
{
	struct coll_rows r;
	struct store_val p[1];
	enum assure_err rc;

	memset(&r, 0, sizeof(r));
	p[0] = STORE_INTV(id);
	rc = store_exec(s, STMT_RUN_GET, p, 1, coll_run_row, &r, reterr_diag);
	if (rc == ASSURE_OK && r.found && !r.open)
		rc = store_exec(s, STMT_RUN_PAGES, p, 1, coll_page_row, &r,
		    reterr_diag);
	if (rc == ASSURE_ERR_TAMPER || rc == ASSURE_ERR_NOMEM)
		rc = assure_diag_set(reterr_diag, rc, "collection_run", 0, 0,
		    NULL, rc == ASSURE_ERR_NOMEM ? "out of memory" :
		    "run %lld: a row is malformed", (long long)id);
	else if (rc == ASSURE_OK && !r.found)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND,
		    "collection_run", 0, 0, NULL, "no run %lld",
		    (long long)id);
	else if (rc == ASSURE_OK && r.open)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
		    "collection_run", 0, 0, NULL, "run %lld is still open",
		    (long long)id);
	if (rc == ASSURE_OK) {
		r.c.source = r.source;
		r.c.target = r.target;
		r.c.note = r.note;
		r.c.pages = r.pages;
		r.c.npages = r.npages;
		ledger_encode_collection(b, &r.c);
		rc = assure_buf_err(b);
	}
	coll_rows_free(&r);
	return rc;
}

void
ledger_encode_rejection(struct assure_buf *b, const char *sha256_hex,
    const char *kind, const char *source, int64_t at, const char *error)
{
	put_header(b, "ingest-rejection");
	put_line(b, "sha256", sha256_hex != NULL ? sha256_hex : "-");
	put_line(b, "kind", kind);
	put_line(b, "source", source);
	put_time(b, "at", at);
	put_line(b, "error", error);
}

enum assure_err
ledger_encode_evaluation(struct assure_buf *b, const struct evaluation *ev)
{
	const struct test_result *r;
	struct assure_sha256 *h;
	struct assure_buf line;
	unsigned char d[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc = ASSURE_OK;
	size_t i, j;

	h = assure_sha256_new();
	if (h == NULL)
		return ASSURE_ERR_NOMEM;
	assure_buf_init(&line, 0);
	put_header(b, "evaluation");
	put_line(b, "id", ev->id);
	put_time(b, "as-of", ev->as_of);
	put_time(b, "started-at", ev->started_at);
	for (i = 0; rc == ASSURE_OK && i < ev->n; i++) {
		r = &ev->results[i];
		/*
		 * The exception list: "subject TAB reason LF" per exception,
		 * "warning TAB subject TAB reason LF" per warning.
		 */
		for (j = 0; rc == ASSURE_OK && j < r->nexc; j++) {
			assure_buf_reset(&line);
			if (r->exc[j].warning)
				assure_buf_adds(&line, "warning\t");
			put_value(&line, r->exc[j].subject);
			assure_buf_addc(&line, '\t');
			put_value(&line, r->exc[j].reason);
			assure_buf_addc(&line, '\n');
			rc = assure_buf_err(&line);
			if (rc == ASSURE_OK)
				rc = assure_sha256_update(h, line.data,
				    line.len);
		}
		if (rc == ASSURE_OK)
			rc = assure_sha256_final(h, d);
		if (rc != ASSURE_OK)
			break;
		assure_hex(d, sizeof(d), hex);
		assure_buf_adds(b, "test ");
		put_value(b, r->test_id);
		assure_buf_printf(b, " %s %lld %zu %s\n",
		    verdict_name(r->verdict), (long long)r->population, r->nexc,
		    hex);
	}
	assure_buf_free(&line);
	assure_sha256_free(h);
	return rc;
}

/* ------------------------------------------------------------ the tree */

struct node_read {
	unsigned char	*out;
	bool		 found;
};

static enum assure_err
node_row(const struct store_val *c, int n, void *arg)
{
	struct node_read *r = arg;

	if (n < 1 || c[0].type != STORE_BLOB || c[0].n != ASSURE_MERKLE_HASH_LEN)
		return ASSURE_ERR_TAMPER;
	memcpy(r->out, c[0].s, ASSURE_MERKLE_HASH_LEN);
	r->found = true;
	return ASSURE_OK;
}

/*
 * The merkle.h node callback.  A leaf hash is its entry's leaf column; the
 * perfect subtree (level, index), level >= 1, is in the nodes column of
 * the entry that completed it, its last leaf (index + 1) * 2^level - 1,
 * at byte 32 * (level - 1).
 */
static enum assure_err
get_node(unsigned level, uint64_t index, unsigned char out[32], void *arg)
{
	struct ledger *l = arg;
	struct node_read r = { out, false };
	struct store_val p[2];
	enum assure_err rc;

	assure_diag_clear(&l->node_diag);
	if (level == 0) {
		p[0] = STORE_INTV((int64_t)index);
		rc = store_exec(l->store, STMT_LEDGER_LEAF_GET, p, 1, node_row,
		    &r, &l->node_diag);
	} else {
		/* SQL's substr() counts from 1. */
		p[0] = STORE_INTV((int64_t)(ASSURE_MERKLE_HASH_LEN *
		    (level - 1) + 1));
		p[1] = STORE_INTV((int64_t)(((index + 1) << level) - 1));
		rc = store_exec(l->store, STMT_LEDGER_NODE_GET, p, 2, node_row,
		    &r, &l->node_diag);
	}
	if (rc != ASSURE_OK)
		return rc;
	return r.found ? ASSURE_OK : ASSURE_ERR_TAMPER;
}

/*
 * Whether a tree computation failed with rc because the store could not
 * be read (I/O, database) rather than because a node is missing or
 * damaged: then d says so with the store's own message, so that a disk
 * error is never reported as tampering.
 */
static bool
node_read_failed(struct ledger *l, enum assure_err rc, uint64_t size,
    struct assure_diag *d)
{
	if (rc == ASSURE_OK || rc == ASSURE_ERR_TAMPER ||
	    l->node_diag.msg[0] == '\0')
		return false;
	assure_diag_set(d, rc, l->node_diag.source[0] != '\0' ?
	    l->node_diag.source : "ledger", 0, 0, NULL, "cannot read the "
	    "ledger's tree at size %llu: %s", (unsigned long long)size,
	    l->node_diag.msg);
	if (d != NULL)
		d->sys_errno = l->node_diag.sys_errno;
	return true;
}

static enum assure_err
tree_size(struct ledger *l, uint64_t *ret, struct assure_diag *d)
{
	int64_t n = 0;
	enum assure_err rc;

	rc = store_exec_int(l->store, STMT_LEDGER_SIZE, NULL, 0, &n, NULL, d);
	if (rc == ASSURE_OK)
		*ret = (uint64_t)n;
	return rc;
}

enum assure_err
ledger_append(struct ledger *l, const char *type, const char *ref,
    const void *body, size_t len, int64_t now, uint64_t *ret_index,
    struct assure_diag *reterr_diag)
{
	struct assure_merkle_frontier f;
	struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
	unsigned char leaf[ASSURE_MERKLE_HASH_LEN];
	unsigned char nb[ASSURE_MERKLE_MAX_LEVEL * ASSURE_MERKLE_HASH_LEN];
	struct store_val p[7];
	uint64_t size;
	size_t nn = 0, i;
	enum assure_err rc;

	if (!l->store->in_tx)
		assure_bug("ledger_append outside a transaction");
	if (len > LEDGER_ENTRY_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, "ledger",
		    0, 0, NULL, "entry of %zu bytes is over the %u-byte limit",
		    len, LEDGER_ENTRY_MAX);
	if (l->cache_valid && l->cache_tx == l->store->tx_seq) {
		f = l->cache;
		size = f.size;
		rc = ASSURE_OK;
	} else {
		l->cache_valid = false;
		/* The first append of the transaction: other writers of the
		 * organisation wait from here until it ends, so that the size
		 * read next is the one this entry extends. */
		rc = store_lock_ledger(l->store, reterr_diag);
		if (rc == ASSURE_OK)
			rc = tree_size(l, &size, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
		rc = assure_merkle_frontier_load(size, get_node, l, &f);
	}
	if (rc == ASSURE_OK)
		rc = assure_merkle_hash_leaf(l->hasher, body, len, leaf);
	if (rc == ASSURE_OK)
		rc = assure_merkle_frontier_append(l->hasher, &f, leaf, &f,
		    nodes, &nn);
	if (node_read_failed(l, rc, size, reterr_diag))
		return rc;
	if (rc != ASSURE_OK)
		return assure_diag_set(reterr_diag, rc, "ledger", 0, 0, NULL,
		    "cannot extend the tree at size %llu: %s",
		    (unsigned long long)size, assure_strerror(rc));
	/* The subtrees this leaf completes, level 1 first, go in its row. */
	for (i = 0; i < nn; i++) {
		if (nodes[i].level != i + 1)
			assure_bug("frontier completed level %u as node %zu",
			    nodes[i].level, i);
		memcpy(nb + i * ASSURE_MERKLE_HASH_LEN, nodes[i].hash,
		    ASSURE_MERKLE_HASH_LEN);
	}
	p[0] = STORE_INTV((int64_t)size);
	p[1] = STORE_TEXTV(type);
	p[2] = STORE_TEXTV(ref);
	p[3] = (struct store_val){ .type = STORE_BLOB, .s = body, .n = len };
	p[4] = (struct store_val){ .type = STORE_BLOB, .s = (const char *)leaf,
	    .n = sizeof(leaf) };
	/* Never a NULL pointer: that would bind NULL, not an empty blob. */
	p[5] = (struct store_val){ .type = STORE_BLOB, .s = (const char *)nb,
	    .n = nn * ASSURE_MERKLE_HASH_LEN };
	p[6] = STORE_INTV(now);
	rc = store_exec(l->store, STMT_LEDGER_ENTRY_INSERT, p, 7, NULL, NULL,
	    reterr_diag);
	if (rc != ASSURE_OK) {
		l->cache_valid = false;
		return rc;
	}
	l->cache = f;
	l->cache_tx = l->store->tx_seq;
	l->cache_valid = true;
	if (ret_index != NULL)
		*ret_index = size;
	return ASSURE_OK;
}

static enum assure_err
current_root(struct ledger *l, uint64_t *ret_size, unsigned char root[32],
    struct assure_diag *d)
{
	enum assure_err rc;

	rc = tree_size(l, ret_size, d);
	if (rc != ASSURE_OK)
		return rc;
	rc = assure_merkle_root(l->hasher, *ret_size, get_node, l, root);
	if (node_read_failed(l, rc, *ret_size, d))
		return rc;
	if (rc != ASSURE_OK)
		return assure_diag_set(d, rc, "ledger", 0, 0, NULL, "cannot "
		    "compute the root at size %llu: a tree node is missing or "
		    "damaged", (unsigned long long)*ret_size);
	return ASSURE_OK;
}

enum assure_err
ledger_checkpoint(struct ledger *l, int64_t now, struct assure_buf *ret_note,
    struct assure_diag *reterr_diag)
{
	struct assure_buf body, note;
	unsigned char root[ASSURE_MERKLE_HASH_LEN];
	struct store_val p[4];
	uint64_t size;
	enum assure_err rc;

	if (l->signer == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_PERM, "ledger",
		    0, 0, NULL, "no signing key: the ledger is open read-only");
	rc = current_root(l, &size, root, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	assure_buf_init(&body, 0);
	assure_buf_init(&note, 0);
	rc = assure_note_checkpoint_format(ledger_origin(l), size, root, NULL,
	    &body);
	if (rc == ASSURE_OK)
		rc = assure_note_sign(l->signer, body.data, body.len, &note,
		    reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	p[0] = STORE_INTV((int64_t)size);
	p[1] = (struct store_val){ .type = STORE_BLOB, .s = (const char *)root,
	    .n = sizeof(root) };
	p[2] = STORE_TEXTV(assure_buf_str(&note));
	p[3] = STORE_INTV(now);
	rc = store_exec(l->store, STMT_LEDGER_CHECKPOINT_INSERT, p, 4, NULL,
	    NULL, reterr_diag);
	if (rc == ASSURE_OK && ret_note != NULL)
		assure_buf_add(ret_note, note.data, note.len);
out:
	assure_buf_free(&body);
	assure_buf_free(&note);
	return rc;
}

enum assure_err
ledger_sign_note(struct ledger *l, const char *body, size_t len,
    struct assure_buf *out, struct assure_diag *reterr_diag)
{
	if (l->signer == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_PERM, "ledger",
		    0, 0, NULL, "no signing key: the ledger is open read-only");
	return assure_note_sign(l->signer, body, len, out, reterr_diag);
}

struct cp_row {
	bool		 found;
	uint64_t	 size;
	int64_t		 at;
	struct assure_buf *note;
};

static enum assure_err
cp_row_cb(const struct store_val *c, int n, void *arg)
{
	struct cp_row *r = arg;

	if (n < 4 || c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	r->found = true;
	r->size = (uint64_t)c[0].i;
	r->at = c[3].i;
	if (r->note != NULL)
		assure_buf_add(r->note, c[2].s, c[2].n);
	return ASSURE_OK;
}

enum assure_err
ledger_status(struct ledger *l, struct ledger_status *ret,
    struct assure_diag *reterr_diag)
{
	struct cp_row r = { false, 0, 0, NULL };
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = current_root(l, &ret->size, ret->root, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_exec(l->store, STMT_LEDGER_CHECKPOINT_LATEST, NULL,
		    0, cp_row_cb, &r, reterr_diag);
	if (rc == ASSURE_OK && r.found) {
		ret->has_checkpoint = true;
		ret->checkpoint_size = r.size;
		ret->checkpoint_at = r.at;
	}
	return rc;
}

enum assure_err
ledger_latest_checkpoint(struct ledger *l, struct assure_buf *out,
    struct assure_diag *reterr_diag)
{
	struct cp_row r = { false, 0, 0, out };
	enum assure_err rc;

	rc = store_exec(l->store, STMT_LEDGER_CHECKPOINT_LATEST, NULL, 0,
	    cp_row_cb, &r, reterr_diag);
	if (rc == ASSURE_OK && !r.found)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, "ledger",
		    0, 0, NULL, "no checkpoint yet");
	return rc;
}

enum assure_err
ledger_checkpoint_after(struct ledger *l, int64_t t, struct assure_buf *out,
    int64_t *ret_at, struct assure_diag *reterr_diag)
{
	struct cp_row r = { false, 0, 0, out };
	struct store_val p[1];
	char when[ASSURE_TIME_STRLEN];
	enum assure_err rc;

	p[0] = STORE_INTV(t);
	rc = store_exec(l->store, STMT_LEDGER_CHECKPOINT_AFTER, p, 1,
	    cp_row_cb, &r, reterr_diag);
	if (rc == ASSURE_OK && !r.found) {
		assure_time_format(t, when);
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND,
		    "ledger", 0, 0, NULL, "no checkpoint was signed after %s "
		    "yet", when);
	}
	if (rc == ASSURE_OK && ret_at != NULL)
		*ret_at = r.at;
	return rc;
}

struct idx_row {
	bool		found;
	uint64_t	idx;
};

static enum assure_err
idx_row_cb(const struct store_val *c, int n, void *arg)
{
	struct idx_row *r = arg;

	if (!r->found && n >= 1 && c[0].type == STORE_INT) {
		r->found = true;
		r->idx = (uint64_t)c[0].i;
	}
	return ASSURE_OK;
}

enum assure_err
ledger_find(struct ledger *l, const char *what, uint64_t *ret_index,
    struct assure_diag *reterr_diag)
{
	unsigned char dg[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1];
	struct idx_row r = { false, 0 };
	struct store_val p[1];
	long long v;
	uint64_t size;
	enum assure_err rc;

	if (assure_strtonum(what, 0, INT64_MAX, &v) == 0) {
		rc = tree_size(l, &size, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
		if ((uint64_t)v >= size)
			return assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND,
			    what, 0, 0, NULL, "no entry %lld: the ledger has "
			    "%llu", v, (unsigned long long)size);
		*ret_index = (uint64_t)v;
		return ASSURE_OK;
	}
	if (assure_digest_parse(what, dg) == 0) {
		assure_hex(dg, sizeof(dg), hex);
		p[0] = STORE_TEXTV(hex);
	} else
		p[0] = STORE_TEXTV(what);
	rc = store_exec(l->store, STMT_LEDGER_ENTRY_BY_REF, p, 1, idx_row_cb,
	    &r, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (!r.found)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, what,
		    0, 0, NULL, "no ledger entry for this index, evidence "
		    "digest or evaluation id");
	*ret_index = r.idx;
	return ASSURE_OK;
}

/* ------------------------------------------------------------ proofs */

struct entry_row {
	bool			 found;
	char			 type[32];
	struct assure_buf	*body;
};

static enum assure_err
entry_row_cb(const struct store_val *c, int n, void *arg)
{
	struct entry_row *r = arg;

	if (n < 5 || c[1].type != STORE_TEXT || c[3].type != STORE_BLOB)
		return ASSURE_ERR_DB;
	r->found = true;
	assure_strlcpy(r->type, c[1].s, sizeof(r->type));
	if (r->body != NULL)
		assure_buf_add(r->body, c[3].s, c[3].n);
	return ASSURE_OK;
}

static enum assure_err
entry_get(struct ledger *l, uint64_t index, struct entry_row *r,
    struct assure_diag *d)
{
	struct store_val p[1];
	enum assure_err rc;

	p[0] = STORE_INTV((int64_t)index);
	rc = store_exec(l->store, STMT_LEDGER_ENTRY_GET, p, 1, entry_row_cb, r,
	    d);
	if (rc == ASSURE_OK && !r->found)
		rc = assure_diag_set(d, ASSURE_ERR_TAMPER, "ledger", 0, 0, NULL,
		    "entry %llu is missing", (unsigned long long)index);
	return rc;
}

/* Parse and verify a checkpoint note of this log. */
static enum assure_err
open_checkpoint(const struct assure_note_verifier *v, const char *note,
    size_t len, struct assure_note **ret_note, struct assure_checkpoint *ret_cp,
    struct assure_diag *d)
{
	struct assure_note *n = NULL;
	enum assure_err rc;

	rc = assure_note_open(note, len, v, &n, d);
	if (rc != ASSURE_OK)
		return rc == ASSURE_ERR_NOTFOUND ? assure_diag_set(d,
		    ASSURE_ERR_TAMPER, "checkpoint", 0, 0, NULL, "not signed "
		    "by the key %s", v->name) : rc;
	rc = assure_note_checkpoint_parse(n->text, n->body_len, ret_cp, d);
	if (rc == ASSURE_OK && (ret_cp->origin_len != strlen(v->name) ||
	    memcmp(ret_cp->origin, v->name, ret_cp->origin_len) != 0))
		rc = assure_diag_set(d, ASSURE_ERR_TAMPER, "checkpoint", 1, 1,
		    "origin", "is '%.*s', not this ledger's '%s'",
		    (int)(ret_cp->origin_len > 100 ? 100 : ret_cp->origin_len),
		    ret_cp->origin, v->name);
	if (rc != ASSURE_OK) {
		assure_note_free(n);
		return rc;
	}
	*ret_note = n;
	return ASSURE_OK;
}

static void
json_hex(struct jsonw *w, const unsigned char *h)
{
	char hex[2 * ASSURE_MERKLE_HASH_LEN + 1];

	assure_hex(h, ASSURE_MERKLE_HASH_LEN, hex);
	jsonw_str(w, hex);
}

enum assure_err
ledger_prove(struct ledger *l, uint64_t index, const char *checkpoint_note,
    size_t note_len, struct assure_buf *out, struct assure_diag *reterr_diag)
{
	struct assure_buf body, b64, cpnote;
	struct entry_row er;
	struct cp_row cr = { false, 0, 0, NULL };
	struct assure_note *note = NULL;
	struct assure_checkpoint cp;
	struct assure_merkle_proof proof;
	unsigned char leaf[ASSURE_MERKLE_HASH_LEN], root[ASSURE_MERKLE_HASH_LEN];
	struct store_val p[1];
	struct jsonw w;
	uint64_t size;
	enum assure_err rc;
	size_t i;

	bool own_tx = !l->store->in_tx;

	/* One read snapshot: fewer locks, and a consistent tree. */
	if (own_tx) {
		rc = store_begin(l->store, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
	}
	assure_buf_init(&body, 0);
	assure_buf_init(&b64, 0);
	assure_buf_init(&cpnote, 0);
	memset(&er, 0, sizeof(er));
	er.body = &body;
	rc = entry_get(l, index, &er, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	if (checkpoint_note != NULL) {
		assure_buf_add(&cpnote, checkpoint_note, note_len);
	} else {
		cr.note = &cpnote;
		p[0] = STORE_INTV((int64_t)index + 1);
		rc = store_exec(l->store, STMT_LEDGER_CHECKPOINT_AT_LEAST, p, 1,
		    cp_row_cb, &cr, reterr_diag);
		if (rc != ASSURE_OK)
			goto out;
		if (!cr.found) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND,
			    "ledger", 0, 0, NULL, "no checkpoint covers entry "
			    "%llu yet: run 'assure ledger checkpoint'",
			    (unsigned long long)index);
			goto out;
		}
	}
	rc = open_checkpoint(&l->verifier, cpnote.data, cpnote.len, &note, &cp,
	    reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	size = cp.size;
	if (index >= size) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, "checkpoint",
		    0, 0, NULL, "covers %llu entries, not entry %llu",
		    (unsigned long long)size, (unsigned long long)index);
		goto out;
	}
	/* The checkpoint must agree with the tree as stored. */
	rc = assure_merkle_root(l->hasher, size, get_node, l, root);
	if (node_read_failed(l, rc, size, reterr_diag))
		goto out;
	if (rc == ASSURE_OK && memcmp(root, cp.root, sizeof(root)) != 0)
		rc = ASSURE_ERR_TAMPER;
	if (rc != ASSURE_OK) {
		assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, "checkpoint",
		    0, 0, NULL, "its root for size %llu is not the stored "
		    "tree's: the ledger was changed after it was signed",
		    (unsigned long long)size);
		rc = ASSURE_ERR_TAMPER;
		goto out;
	}
	rc = assure_merkle_hash_leaf(l->hasher, body.data, body.len, leaf);
	if (rc == ASSURE_OK)
		rc = assure_merkle_inclusion_proof(l->hasher, index, size,
		    get_node, l, &proof);
	if (node_read_failed(l, rc, size, reterr_diag))
		goto out;
	if (rc != ASSURE_OK) {
		assure_diag_set(reterr_diag, rc, "ledger", 0, 0, NULL,
		    "cannot build the proof: %s", assure_strerror(rc));
		goto out;
	}
	assure_base64_encode(&b64, body.data, body.len);
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "format", LEDGER_PROOF_FORMAT);
	jsonw_kstr(&w, "origin", ledger_origin(l));
	jsonw_kint(&w, "index", (long long)index);
	jsonw_kint(&w, "tree_size", (long long)size);
	jsonw_kstr(&w, "entry_type", er.type);
	jsonw_key(&w, "entry");
	jsonw_strn(&w, b64.data, b64.len);
	jsonw_key(&w, "entry_text");
	jsonw_strn(&w, body.data, body.len);
	jsonw_key(&w, "leaf_hash");
	json_hex(&w, leaf);
	jsonw_key(&w, "inclusion_path");
	jsonw_arr_open(&w);
	for (i = 0; i < proof.len; i++)
		json_hex(&w, proof.hash[i]);
	jsonw_arr_close(&w);
	jsonw_key(&w, "checkpoint");
	jsonw_strn(&w, cpnote.data, cpnote.len);
	jsonw_kstr(&w, "verifier_key", l->vkey);
	jsonw_obj_close(&w);
	rc = assure_buf_err(out);
out:
	if (own_tx)
		store_rollback(l->store);
	assure_note_free(note);
	assure_buf_free(&body);
	assure_buf_free(&b64);
	assure_buf_free(&cpnote);
	return rc;
}

enum assure_err
ledger_consistency(struct ledger *l, const char *old_note, size_t old_len,
    const char *new_note, size_t new_len, struct assure_buf *out,
    struct assure_diag *reterr_diag)
{
	struct assure_note *note = NULL, *nnote = NULL;
	struct assure_checkpoint cp, ncp;
	unsigned char stored[ASSURE_MERKLE_HASH_LEN];
	struct assure_merkle_proof proof;
	unsigned char root[ASSURE_MERKLE_HASH_LEN];
	struct jsonw w;
	uint64_t size;
	enum assure_err rc;
	size_t i;

	rc = open_checkpoint(&l->verifier, old_note, old_len, &note, &cp,
	    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	rc = current_root(l, &size, root, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	if (new_note != NULL) {
		/* A second saved checkpoint: it must be this log's, and the
		 * log as stored must still agree with it. */
		rc = open_checkpoint(&l->verifier, new_note, new_len, &nnote,
		    &ncp, reterr_diag);
		if (rc != ASSURE_OK)
			goto out;
		if (ncp.size > size) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
			    "new checkpoint", 0, 0, NULL, "covers %llu entries "
			    "but the ledger holds only %llu: entries were "
			    "removed", (unsigned long long)ncp.size,
			    (unsigned long long)size);
			goto out;
		}
		rc = assure_merkle_root(l->hasher, ncp.size, get_node, l,
		    stored);
		if (node_read_failed(l, rc, ncp.size, reterr_diag))
			goto out;
		if (rc != ASSURE_OK || memcmp(stored, ncp.root, 32) != 0) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
			    "new checkpoint", 0, 0, NULL, "the ledger as stored "
			    "no longer has this checkpoint's root at size %llu",
			    (unsigned long long)ncp.size);
			goto out;
		}
		size = ncp.size;
		memcpy(root, ncp.root, sizeof(root));
	}
	if (cp.size > size) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
		    "checkpoint", 0, 0, NULL, "covers %llu entries but the "
		    "ledger holds only %llu: entries were removed",
		    (unsigned long long)cp.size, (unsigned long long)size);
		goto out;
	}
	rc = assure_merkle_consistency_proof(l->hasher, cp.size, size,
	    get_node, l, &proof);
	if (node_read_failed(l, rc, size, reterr_diag))
		goto out;
	if (rc == ASSURE_OK)
		rc = assure_merkle_verify_consistency(l->hasher, cp.size, size,
		    cp.root, root, (const unsigned char (*)[32])proof.hash,
		    proof.len);
	if (rc != ASSURE_OK) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
		    "checkpoint", 0, 0, NULL, "the ledger %s does not "
		    "extend the checkpoint of size %llu: it was rewritten "
		    "after that checkpoint was signed", new_note != NULL ?
		    "at the new checkpoint" : "as stored",
		    (unsigned long long)cp.size);
		goto out;
	}
	if (out != NULL) {
		jsonw_init(&w, out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "origin", ledger_origin(l));
		jsonw_kint(&w, "old_size", (long long)cp.size);
		jsonw_key(&w, "old_root");
		json_hex(&w, cp.root);
		jsonw_kint(&w, "new_size", (long long)size);
		jsonw_key(&w, "new_root");
		json_hex(&w, root);
		jsonw_key(&w, "consistency_path");
		jsonw_arr_open(&w);
		for (i = 0; i < proof.len; i++)
			json_hex(&w, proof.hash[i]);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
		rc = assure_buf_err(out);
	}
out:
	assure_note_free(nnote);
	assure_note_free(note);
	return rc;
}

/* ------------------------------------------------------------ verify */

/*
 * The entry scan is a two-stage pipeline.  The store callback only copies
 * each row into a batch.  A worker thread hashes a batch's leaves, extends
 * the frontier with them, compares the perfect subtrees each leaf
 * completes with those its row holds, and computes the root at each
 * checkpoint's size.  The main thread, one batch behind the scan, makes
 * every check in entry order (the row's shape, its number, its type, its
 * leaf, its nodes, its subject, the checkpoint roots) exactly as a single
 * pass would, so the first mismatch reported is the same.  The worker computes only pure functions of the entries and
 * decides nothing; it shares no field with the main thread while it runs
 * except through the batch hand-over, which goes through the mutex.
 * Hashing then overlaps reading: a million-entry verify takes about the
 * time of the scan.  Without a thread (pthread_create failed) batches are
 * hashed inline, with the same results.
 */
#define VERIFY_BATCH_ENTRIES	4096
/*
 * Entries read per statement.  The checks of a batch look other rows up
 * while the walk's statement is still being read; PostgreSQL then reads
 * the rest of that statement into memory first (store_postgres.c), so the
 * walk goes a page at a time to bound that to a page.
 */
#define VERIFY_PAGE_ENTRIES	16384
#define VERIFY_BATCH_BYTES	(4u * 1024 * 1024)

/* Which check a worker failure (NOMEM, a full tree) comes before. */
enum verify_step {
	VSTEP_LEAF,		/* hashing the entry: before the leaf check */
	VSTEP_TREE,		/* extending the tree: before the subject */
	VSTEP_ROOT,		/* a checkpoint root: before the root check */
	VSTEP__MAX
};

/* One copied entry row; strings are offsets into the batch's arena. */
struct vrow {
	int64_t		 idx;
	bool		 malformed;	/* a column of the wrong type */
	bool		 leaf_ok;	/* the stored leaf is a 32-byte blob */
	size_t		 type_off;	/* NUL-terminated */
	size_t		 type_len;
	size_t		 ref_off;	/* NUL-terminated, "" for NULL */
	size_t		 body_off;
	size_t		 body_len;
	size_t		 nodes_off;
	size_t		 nodes_len;
	unsigned char	 stored[ASSURE_MERKLE_HASH_LEN];
	/* The worker's: the leaf hash, and the first level whose stored
	 * node differs from the recomputed one (0: all match; one past the
	 * last completed level: the row holds extra nodes). */
	unsigned char	 leaf[ASSURE_MERKLE_HASH_LEN];
	unsigned	 node_bad;
	unsigned	 node_count;
};

struct vbatch {
	struct vrow		*rows;	/* VERIFY_BATCH_ENTRIES */
	size_t			 n;
	struct assure_buf	 arena;
	/* Set by the worker: rows [0, done) are hashed; at row done it
	 * failed with rc before step, or stopped at a malformed row. */
	size_t			 done;
	enum assure_err		 rc;
	enum verify_step	 step;
};

struct verify {
	struct ledger			*l;
	/* The walk's page: rows read of it, and the last index read. */
	uint64_t			 page_rows;
	int64_t				 page_last;
	struct ledger_verify_report	*rep;
	struct assure_diag		*d;
	uint64_t			 next;
	uint64_t			 total;
	ledger_progress_fn		 progress;
	void				*progress_arg;
	/* the stored checkpoints, sorted by size */
	uint64_t			*cp_size;
	unsigned char			(*cp_root)[ASSURE_MERKLE_HASH_LEN];
	size_t				 ncp;
	size_t				 cp_next;
	/* The root recomputed at each checkpoint's size (the worker's). */
	unsigned char			(*cp_got)[ASSURE_MERKLE_HASH_LEN];
	/* Entries already matched to a row by compare_entry_unused(). */
	uint64_t			*used;
	size_t				 nused;
	size_t				 capused;
	/* The stored tree nodes: the first wrong one, and how many. */
	unsigned			 node_bad_level;
	uint64_t			 node_bad_index;
	uint64_t			 nodes_stored;
	uint64_t			 nodes_expected;
	/* The worker's own: its hasher, the frontier, its next checkpoint. */
	struct assure_merkle_hasher	*wh;
	struct assure_merkle_frontier	 f;
	size_t				 wcp;
	bool				 wstop;
	/* The pipeline. */
	struct vbatch			 batch[2];
	unsigned			 fill;	/* the batch being filled */
	struct vbatch			*pending; /* hashed, not checked */
	bool				 check_failed;
	bool				 threaded;
	bool				 quit;
	struct vbatch			*job;	/* for the worker */
	pthread_t			 thread;
	pthread_mutex_t			 mu;
	pthread_cond_t			 cv;
};

static enum assure_err
cp_collect(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct assure_note *note = NULL;
	struct assure_checkpoint cp;
	uint64_t *ns;
	unsigned char (*nr)[ASSURE_MERKLE_HASH_LEN];
	enum assure_err rc;

	if (n < 4 || c[2].type != STORE_TEXT || c[1].type != STORE_BLOB)
		return ASSURE_ERR_DB;
	rc = open_checkpoint(&v->l->verifier, c[2].s, c[2].n, &note, &cp,
	    v->d);
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX];

		assure_strlcpy(msg, v->d != NULL ? v->d->msg : "", sizeof(msg));
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "the stored checkpoint of size %lld does not verify: "
		    "%s", (long long)c[0].i, msg);
	}
	if (cp.size != (uint64_t)c[0].i || c[1].n != ASSURE_MERKLE_HASH_LEN ||
	    memcmp(cp.root, c[1].s, ASSURE_MERKLE_HASH_LEN) != 0) {
		assure_note_free(note);
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "the stored checkpoint of size %lld does not match "
		    "its signed text", (long long)c[0].i);
	}
	ns = reallocarray(v->cp_size, v->ncp + 1, sizeof(*ns));
	if (ns != NULL)
		v->cp_size = ns;
	nr = reallocarray(v->cp_root, v->ncp + 1, sizeof(*nr));
	if (nr != NULL)
		v->cp_root = nr;
	if (nr != NULL) {
		nr = reallocarray(v->cp_got, v->ncp + 1, sizeof(*nr));
		if (nr != NULL)
			v->cp_got = nr;
	}
	if (ns == NULL || nr == NULL) {
		assure_note_free(note);
		return ASSURE_ERR_NOMEM;
	}
	v->cp_size[v->ncp] = cp.size;
	memcpy(v->cp_root[v->ncp], cp.root, ASSURE_MERKLE_HASH_LEN);
	v->ncp++;
	assure_note_free(note);
	return ASSURE_OK;
}

/*
 * Compare the root recomputed at the current size with the checkpoints of
 * that size.
 */
static enum assure_err
check_roots(struct verify *v)
{
	while (v->cp_next < v->ncp && v->cp_size[v->cp_next] == v->next) {
		if (memcmp(v->cp_got[v->cp_next], v->cp_root[v->cp_next],
		    ASSURE_MERKLE_HASH_LEN) != 0)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "the signed checkpoint of "
			    "size %llu does not match the entries: an entry "
			    "before it was changed, removed or inserted",
			    (unsigned long long)v->next);
		v->rep->checkpoints++;
		v->cp_next++;
	}
	return ASSURE_OK;
}

static enum assure_err
exists_cb(const struct store_val *c, int n, void *arg)
{
	*(bool *)arg = true;
	return ASSURE_OK;
}

/* A run row that is closed (ended_at set). */
static enum assure_err
run_closed_cb(const struct store_val *c, int n, void *arg)
{
	if (n >= 5 && c[4].type == STORE_INT)
		*(bool *)arg = true;
	return ASSURE_OK;
}

/*
 * What an entry records must still be there, and be logged once: an
 * evidence entry's row, an evaluation entry's evaluation.
 */
static enum assure_err
check_entry_subject(struct verify *v, const char *type, const char *ref)
{
	struct idx_row first = { false, 0 };
	struct store_val p[1], q[2];
	char sha[ASSURE_SHA256_HEXLEN + 1];
	enum store_stmt st;
	const char *at;
	bool found = false;
	enum assure_err rc;
	int64_t t;

	if (strcmp(type, "evidence-observation") == 0) {
		/* "HEX@AS-OF": that observation of that evidence. */
		at = strchr(ref, '@');
		if (at == NULL || at - ref != ASSURE_SHA256_HEXLEN ||
		    assure_time_parse(at + 1, strlen(at + 1), &t) != 0)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu has a malformed "
			    "observation ref '%.80s'",
			    (unsigned long long)v->next, ref);
		memcpy(sha, ref, ASSURE_SHA256_HEXLEN);
		sha[ASSURE_SHA256_HEXLEN] = '\0';
		q[0] = STORE_TEXTV(sha);
		q[1] = STORE_INTV(t);
		rc = store_exec(v->l->store, STMT_OBSERVATION_BY_REF, q, 2,
		    exists_cb, &found, v->d);
		if (rc == ASSURE_OK && !found)
			rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger",
			    0, 0, NULL, "entry %llu logs the observation %s, "
			    "which is not in the database: it was deleted, or "
			    "the entry was inserted",
			    (unsigned long long)v->next, ref);
		if (rc != ASSURE_OK)
			return rc;
		p[0] = STORE_TEXTV(ref);
		goto once;
	}
	if (strcmp(type, "evidence-control") == 0) {
		/* "HEX:CONTROL": that link of that evidence. */
		if (strlen(ref) < ASSURE_SHA256_HEXLEN + 2 ||
		    ref[ASSURE_SHA256_HEXLEN] != ':')
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu has a malformed "
			    "evidence-control ref '%.80s'",
			    (unsigned long long)v->next, ref);
		memcpy(sha, ref, ASSURE_SHA256_HEXLEN);
		sha[ASSURE_SHA256_HEXLEN] = '\0';
		q[0] = STORE_TEXTV(sha);
		q[1] = STORE_TEXTV(ref + ASSURE_SHA256_HEXLEN + 1);
		rc = store_exec(v->l->store, STMT_EVCONTROL_BY_REF, q, 2,
		    exists_cb, &found, v->d);
		if (rc == ASSURE_OK && !found)
			rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger",
			    0, 0, NULL, "entry %llu logs the control link %s, "
			    "which is not in the database: it was deleted, or "
			    "the entry was inserted",
			    (unsigned long long)v->next, ref);
		if (rc != ASSURE_OK)
			return rc;
		p[0] = STORE_TEXTV(ref);
		goto once;
	}
	if (strncmp(type, "user-", 5) == 0 || strncmp(type, "token-", 6) == 0) {
		/* Many entries per user or token; its row must be there. */
		const char *pre = type[0] == 'u' ? LEDGER_USER_REF_PREFIX :
		    LEDGER_TOKEN_REF_PREFIX;

		if (strncmp(ref, pre, strlen(pre)) != 0)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu (%s) has a "
			    "malformed ref '%.80s'",
			    (unsigned long long)v->next, type, ref);
		p[0] = STORE_TEXTV(ref + strlen(pre));
		rc = store_exec(v->l->store, type[0] == 'u' ?
		    STMT_AUTH_USER_GET : STMT_AUTH_TOKEN_GET, p, 1, exists_cb,
		    &found, v->d);
		if (rc == ASSURE_OK && !found)
			rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger",
			    0, 0, NULL, "entry %llu logs %s %s, which is not "
			    "in the database: it was deleted, or the entry was "
			    "inserted", (unsigned long long)v->next,
			    type[0] == 'u' ? "the user" : "the token",
			    ref + strlen(pre));
		return rc;
	}
	if (strcmp(type, "collection") == 0) {
		/* "run:ID": that run, closed. */
		long long id;

		if (strncmp(ref, LEDGER_RUN_REF_PREFIX,
		    strlen(LEDGER_RUN_REF_PREFIX)) != 0 ||
		    assure_strtonum(ref + strlen(LEDGER_RUN_REF_PREFIX), 1,
		    INT64_MAX, &id) != 0)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu has a malformed "
			    "collection ref '%.80s'",
			    (unsigned long long)v->next, ref);
		q[0] = STORE_INTV(id);
		rc = store_exec(v->l->store, STMT_RUN_GET, q, 1, run_closed_cb,
		    &found, v->d);
		if (rc == ASSURE_OK && !found)
			rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger",
			    0, 0, NULL, "entry %llu logs the closed collection "
			    "%s, which is not in the database (or is open): it "
			    "was deleted or reopened, or the entry was "
			    "inserted", (unsigned long long)v->next, ref);
		if (rc != ASSURE_OK)
			return rc;
		p[0] = STORE_TEXTV(ref);
		goto once;
	}
	if (strcmp(type, "evidence") == 0)
		st = STMT_EVIDENCE_BY_SHA256;
	else if (strcmp(type, "evaluation") == 0)
		st = STMT_EVAL_GET;
	else
		return ASSURE_OK;
	p[0] = STORE_TEXTV(ref);
	rc = store_exec(v->l->store, st, p, 1, exists_cb, &found, v->d);
	if (rc != ASSURE_OK)
		return rc;
	if (!found)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "entry %llu logs the %s %s, which is not in the "
		    "database: it was deleted, or the entry was inserted",
		    (unsigned long long)v->next, type, ref);
once:
	rc = store_exec(v->l->store, STMT_LEDGER_ENTRY_BY_REF, p, 1,
	    idx_row_cb, &first, v->d);
	if (rc == ASSURE_OK && first.found && first.idx != v->next)
		rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "entry %llu logs the %s %s a second time (first at "
		    "entry %llu): an entry was inserted",
		    (unsigned long long)v->next, type, ref,
		    (unsigned long long)first.idx);
	return rc;
}

/*
 * Compare the subtrees a leaf completed with those its row holds; the
 * first level that differs, or 0.
 */
static unsigned
first_bad_node(const struct assure_merkle_node *nodes, size_t nn,
    const unsigned char *stored, size_t stored_len)
{
	size_t i;

	for (i = 0; i < nn; i++) {
		if (stored_len < (i + 1) * ASSURE_MERKLE_HASH_LEN ||
		    memcmp(stored + i * ASSURE_MERKLE_HASH_LEN, nodes[i].hash,
		    ASSURE_MERKLE_HASH_LEN) != 0)
			return (unsigned)i + 1;
	}
	return stored_len > nn * ASSURE_MERKLE_HASH_LEN ? (unsigned)nn + 1 : 0;
}

/*
 * The worker's half of a batch: leaf hashes, the frontier, the completed
 * subtrees against the stored ones, and the roots at checkpoint sizes.
 * It stops for good at a malformed row or a failure, which the main
 * thread meets in order.
 */
static void
hash_batch(struct verify *v, struct vbatch *b)
{
	struct assure_merkle_node nodes[ASSURE_MERKLE_MAX_LEVEL];
	struct vrow *r;
	size_t i, nn;
	enum assure_err rc = ASSURE_OK;

	for (i = 0; i < b->n && !v->wstop; i++) {
		r = &b->rows[i];
		if (r->malformed)
			break;
		rc = assure_merkle_hash_leaf(v->wh, b->arena.data + r->body_off,
		    r->body_len, r->leaf);
		if (rc != ASSURE_OK) {
			b->step = VSTEP_LEAF;
			break;
		}
		nn = 0;
		rc = assure_merkle_frontier_append(v->wh, &v->f, r->leaf,
		    &v->f, nodes, &nn);
		if (rc == ASSURE_OK) {
			r->node_count = (unsigned)nn;
			r->node_bad = first_bad_node(nodes, nn,
			    (const unsigned char *)b->arena.data + r->nodes_off,
			    r->nodes_len);
		}
		if (rc != ASSURE_OK) {
			b->step = VSTEP_TREE;
			break;
		}
		while (rc == ASSURE_OK && v->wcp < v->ncp &&
		    v->cp_size[v->wcp] == v->f.size) {
			rc = assure_merkle_frontier_root(v->wh, &v->f,
			    v->cp_got[v->wcp]);
			v->wcp++;
		}
		if (rc != ASSURE_OK) {
			b->step = VSTEP_ROOT;
			break;
		}
	}
	if (i < b->n)
		v->wstop = true;
	b->done = i;
	b->rc = rc;
}

static void *
verify_worker(void *arg)
{
	struct verify *v = arg;
	struct vbatch *b;

	pthread_mutex_lock(&v->mu);
	for (;;) {
		while (v->job == NULL && !v->quit)
			pthread_cond_wait(&v->cv, &v->mu);
		if (v->job == NULL)
			break;
		b = v->job;
		pthread_mutex_unlock(&v->mu);
		hash_batch(v, b);
		pthread_mutex_lock(&v->mu);
		v->job = NULL;
		pthread_cond_broadcast(&v->cv);
	}
	pthread_mutex_unlock(&v->mu);
	return NULL;
}

/* Wait until the worker has finished the batch it was given. */
static void
worker_wait(struct verify *v)
{
	if (!v->threaded)
		return;
	pthread_mutex_lock(&v->mu);
	while (v->job != NULL)
		pthread_cond_wait(&v->cv, &v->mu);
	pthread_mutex_unlock(&v->mu);
}

static void
worker_submit(struct verify *v, struct vbatch *b)
{
	if (!v->threaded) {
		hash_batch(v, b);
		return;
	}
	pthread_mutex_lock(&v->mu);
	while (v->job != NULL)
		pthread_cond_wait(&v->cv, &v->mu);
	v->job = b;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
}

static void
worker_stop(struct verify *v)
{
	if (!v->threaded)
		return;
	pthread_mutex_lock(&v->mu);
	while (v->job != NULL)
		pthread_cond_wait(&v->cv, &v->mu);
	v->quit = true;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->thread, NULL);
	pthread_cond_destroy(&v->cv);
	pthread_mutex_destroy(&v->mu);
	v->threaded = false;
}

static void
batch_reset(struct vbatch *b)
{
	b->n = 0;
	b->done = 0;
	b->rc = ASSURE_OK;
	b->step = VSTEP_LEAF;
	assure_buf_reset(&b->arena);
}

/*
 * Remember the first stored tree node (by level, then index) that is not
 * the recomputed one, and count the stored nodes: both are reported after
 * the scan and the checkpoint checks (check_nodes), as a walk of the node
 * table level by level would.
 */
static void
note_nodes(struct verify *v, const struct vrow *r)
{
	uint64_t index;

	v->nodes_stored += (r->nodes_len + ASSURE_MERKLE_HASH_LEN - 1) /
	    ASSURE_MERKLE_HASH_LEN;
	v->nodes_expected += r->node_count;
	if (r->node_bad == 0 || r->node_bad > r->node_count)
		return;
	index = ((v->next + 1) >> r->node_bad) - 1;
	if (v->node_bad_level == 0 || r->node_bad < v->node_bad_level ||
	    (r->node_bad == v->node_bad_level && index < v->node_bad_index)) {
		v->node_bad_level = r->node_bad;
		v->node_bad_index = index;
	}
}

/* The tree nodes' verdict, once every entry has been checked. */
static enum assure_err
check_nodes(struct verify *v, uint64_t size)
{
	if (v->node_bad_level > 0)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "tree node (level %u, index %llu) does not match "
		    "the entries below it, or is missing or extra",
		    v->node_bad_level, (unsigned long long)v->node_bad_index);
	if (v->nodes_stored != v->nodes_expected)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "the tree holds %llu nodes where %llu entries make "
		    "%llu: nodes were added or removed",
		    (unsigned long long)v->nodes_stored,
		    (unsigned long long)size,
		    (unsigned long long)v->nodes_expected);
	return ASSURE_OK;
}

/*
 * The main thread's half of a batch the worker has hashed: every check of
 * a single pass, in entry order.
 */
static enum assure_err
check_batch(struct verify *v, struct vbatch *b)
{
	const char *type_line = LEDGER_ENTRY_MAGIC "\ntype ";
	size_t i, tl = strlen(type_line);
	const char *body, *type, *ref;
	struct vrow *r;
	enum assure_err rc;

	for (i = 0; i < b->n; i++) {
		r = &b->rows[i];
		if (r->malformed)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry row %llu is malformed",
			    (unsigned long long)v->next);
		if ((uint64_t)r->idx != v->next)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu is missing (the "
			    "next stored entry is %lld): entries were removed",
			    (unsigned long long)v->next, (long long)r->idx);
		body = b->arena.data + r->body_off;
		type = b->arena.data + r->type_off;
		ref = b->arena.data + r->ref_off;
		/* The stored type must be the one in the signed bytes. */
		if (r->body_len < tl + r->type_len + 1 ||
		    memcmp(body, type_line, tl) != 0 ||
		    memcmp(body + tl, type, r->type_len) != 0 ||
		    body[tl + r->type_len] != '\n')
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu: its type column "
			    "'%s' is not the type its bytes record",
			    (unsigned long long)v->next, type);
		if (i == b->done && b->step == VSTEP_LEAF)
			return b->rc;
		if (!r->leaf_ok || memcmp(r->leaf, r->stored,
		    ASSURE_MERKLE_HASH_LEN) != 0)
			return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    "ledger", 0, 0, NULL, "entry %llu (%s %s): its "
			    "bytes do not hash to the stored leaf: the entry "
			    "was changed", (unsigned long long)v->next, type,
			    ref);
		if (i == b->done && b->step == VSTEP_TREE)
			return b->rc;
		note_nodes(v, r);
		rc = check_entry_subject(v, type, ref);
		if (rc != ASSURE_OK)
			return rc;
		v->next++;
		v->rep->entries++;
		if (v->progress != NULL && (v->next & 0xffff) == 0)
			v->progress(v->next, v->total, v->progress_arg);
		if (i == b->done && b->step == VSTEP_ROOT)
			return b->rc;
		rc = check_roots(v);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

/*
 * Hand the batch being filled to the worker, check the one before it
 * meanwhile, and start filling the other buffer.
 */
static enum assure_err
verify_cycle(struct verify *v)
{
	struct vbatch *b = &v->batch[v->fill], *p = v->pending;
	enum assure_err rc = ASSURE_OK;

	worker_wait(v);
	if (b->n > 0)
		worker_submit(v, b);
	if (p != NULL)
		rc = check_batch(v, p);
	v->pending = b->n > 0 ? b : NULL;
	v->fill ^= 1;
	batch_reset(&v->batch[v->fill]);
	if (rc != ASSURE_OK)
		v->check_failed = true;
	return rc;
}

/* The store callback: copy one entry row into the batch being filled. */
static enum assure_err
verify_row(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct vbatch *b = &v->batch[v->fill];
	struct vrow *r = &b->rows[b->n];
	struct assure_buf *a = &b->arena;

	memset(r, 0, sizeof(*r));
	v->page_rows++;
	if (n > 0 && c[0].type == STORE_INT)
		v->page_last = c[0].i;
	r->malformed = n < 6 || c[0].type != STORE_INT ||
	    c[1].type != STORE_TEXT || c[3].type != STORE_BLOB ||
	    c[5].type != STORE_BLOB;
	if (!r->malformed) {
		r->idx = c[0].i;
		r->type_off = a->len;
		r->type_len = c[1].n;
		assure_buf_add(a, c[1].s, c[1].n + 1);
		r->ref_off = a->len;
		if (c[2].type == STORE_TEXT)
			assure_buf_add(a, c[2].s, c[2].n);
		assure_buf_addc(a, '\0');
		r->body_off = a->len;
		r->body_len = c[3].n;
		if (c[3].n > 0)
			assure_buf_add(a, c[3].s, c[3].n);
		r->nodes_off = a->len;
		r->nodes_len = c[5].n;
		if (c[5].n > 0)
			assure_buf_add(a, c[5].s, c[5].n);
		r->leaf_ok = c[4].type == STORE_BLOB &&
		    c[4].n == ASSURE_MERKLE_HASH_LEN;
		if (r->leaf_ok)
			memcpy(r->stored, c[4].s, ASSURE_MERKLE_HASH_LEN);
		if (assure_buf_err(a) != ASSURE_OK)
			return assure_diag_set(v->d, assure_buf_err(a),
			    "ledger", 0, 0, NULL, "cannot hold entry %lld for "
			    "checking", (long long)c[0].i);
	}
	b->n++;
	if (b->n == VERIFY_BATCH_ENTRIES || a->len >= VERIFY_BATCH_BYTES ||
	    r->malformed)
		return verify_cycle(v);
	return ASSURE_OK;
}

/*
 * Scan every entry through the pipeline.  A failure of the scan itself
 * comes after the checks of the rows read before it.
 */
static enum assure_err
verify_entries(struct verify *v)
{
	struct store_val p[2];
	enum assure_err rc, rc2 = ASSURE_OK;
	unsigned i;

	for (i = 0; i < 2; i++) {
		v->batch[i].rows = calloc(VERIFY_BATCH_ENTRIES,
		    sizeof(*v->batch[i].rows));
		if (v->batch[i].rows == NULL)
			return ASSURE_ERR_NOMEM;
		assure_buf_init(&v->batch[i].arena, ASSURE_BUF_DEFAULT_MAX);
	}
	rc = assure_merkle_hasher_new(&v->wh);
	if (rc != ASSURE_OK)
		return rc;
	/* Checkpoints of size 0 are checked before any entry. */
	while (v->wcp < v->ncp && v->cp_size[v->wcp] == 0)
		assure_merkle_empty_root(v->cp_got[v->wcp++]);
	rc = check_roots(v);
	if (rc != ASSURE_OK)
		return rc;
	if (pthread_mutex_init(&v->mu, NULL) == 0) {
		if (pthread_cond_init(&v->cv, NULL) == 0) {
			v->threaded = pthread_create(&v->thread, NULL,
			    verify_worker, v) == 0;
			if (!v->threaded)
				pthread_cond_destroy(&v->cv);
		}
		if (!v->threaded)
			pthread_mutex_destroy(&v->mu);
	}
	/* A page at a time, each from the index after the last one read. */
	p[0] = STORE_INTV(0);
	p[1] = STORE_INTV(VERIFY_PAGE_ENTRIES);
	for (;;) {
		v->page_rows = 0;
		rc = store_exec(v->l->store, STMT_LEDGER_ENTRIES, p, 2,
		    verify_row, v, v->d);
		if (rc != ASSURE_OK || v->check_failed ||
		    v->page_rows < VERIFY_PAGE_ENTRIES)
			break;
		p[0] = STORE_INTV(v->page_last + 1);
	}
	if (!v->check_failed) {
		rc2 = verify_cycle(v);
		if (rc2 == ASSURE_OK)
			rc2 = verify_cycle(v);
	}
	worker_stop(v);
	return rc2 != ASSURE_OK ? rc2 : rc;
}

static void
verify_release(struct verify *v)
{
	unsigned i;

	worker_stop(v);
	for (i = 0; i < 2; i++) {
		free(v->batch[i].rows);
		assure_buf_free(&v->batch[i].arena);
	}
	assure_merkle_hasher_free(v->wh);
	free(v->cp_size);
	free(v->cp_root);
	free(v->cp_got);
	free(v->used);
}

struct ev_row {
	struct ledger_evidence	 e;
	char			 sha[ASSURE_SHA256_HEXLEN + 1];
	char			 kind[64];
	char			 origin[16];
	char			 collector[512];
	char			 source[1024];
};

/* Compare the ledger entry recorded for ref with the expected bytes. */
static enum assure_err
compare_entry(struct verify *v, const char *what, const char *ref,
    const struct assure_buf *expect)
{
	struct assure_buf got;
	struct idx_row ir = { false, 0 };
	struct entry_row er;
	struct store_val p[1];
	enum assure_err rc;

	p[0] = STORE_TEXTV(ref);
	rc = store_exec(v->l->store, STMT_LEDGER_ENTRY_BY_REF, p, 1, idx_row_cb,
	    &ir, v->d);
	if (rc != ASSURE_OK)
		return rc;
	if (!ir.found)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0,
		    NULL, "has no ledger entry: it was added to the database "
		    "behind assure's back");
	assure_buf_init(&got, 0);
	memset(&er, 0, sizeof(er));
	er.body = &got;
	rc = entry_get(v->l, ir.idx, &er, v->d);
	if (rc == ASSURE_OK && (got.len != expect->len ||
	    memcmp(got.data, expect->data, got.len) != 0))
		rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0, NULL,
		    "does not match ledger entry %llu: the database row was "
		    "edited after it was logged", (unsigned long long)ir.idx);
	assure_buf_free(&got);
	return rc;
}

struct idx_list {
	uint64_t	*v;
	size_t		 n;
	size_t		 cap;
	bool		 nomem;
};

static enum assure_err
idx_list_cb(const struct store_val *c, int n, void *arg)
{
	struct idx_list *l = arg;
	uint64_t *nv;

	if (n < 1 || c[0].type != STORE_INT)
		return ASSURE_OK;
	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 4;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL) {
			l->nomem = true;
			return ASSURE_ERR_NOMEM;
		}
		l->v = nv;
	}
	l->v[l->n++] = (uint64_t)c[0].i;
	return ASSURE_OK;
}

static bool
idx_used(const struct verify *v, uint64_t idx)
{
	size_t i;

	for (i = 0; i < v->nused; i++)
		if (v->used[i] == idx)
			return true;
	return false;
}

/*
 * For rows that may repeat under one ref (a policy's unchanged text
 * approved again, every year): the row re-encoded must be the bytes of
 * one of the ref's entries not yet matched to another row (v->used), so
 * that k rows need k entries, each matched once.  A row matching only
 * entries already taken is a copy.
 */
static enum assure_err
compare_entry_unused(struct verify *v, const char *what, const char *ref,
    const struct assure_buf *expect)
{
	struct idx_list l = { NULL, 0, 0, false };
	struct assure_buf got;
	struct entry_row er;
	struct store_val p[1];
	enum assure_err rc;
	uint64_t *nu, first = 0;
	size_t i;
	bool unused = false, copied = false;

	p[0] = STORE_TEXTV(ref);
	rc = store_exec(v->l->store, STMT_LEDGER_ENTRY_BY_REF, p, 1,
	    idx_list_cb, &l, v->d);
	if (l.nomem)
		rc = assure_diag_set(v->d, ASSURE_ERR_NOMEM, what, 0, 0, NULL,
		    "out of memory");
	if (rc != ASSURE_OK) {
		free(l.v);
		return rc;
	}
	if (l.n == 0)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0,
		    NULL, "has no ledger entry: it was added to the database "
		    "behind assure's back");
	/* The first unused entry with the row's bytes; failing that, say
	 * whether the row copies one already matched. */
	assure_buf_init(&got, 0);
	for (i = 0; i < l.n && rc == ASSURE_OK; i++) {
		assure_buf_reset(&got);
		memset(&er, 0, sizeof(er));
		er.body = &got;
		rc = entry_get(v->l, l.v[i], &er, v->d);
		if (rc != ASSURE_OK || got.len != expect->len ||
		    memcmp(got.data, expect->data, got.len) != 0) {
			if (!unused && !idx_used(v, l.v[i])) {
				unused = true;
				first = l.v[i];
			}
			continue;
		}
		if (!idx_used(v, l.v[i]))
			break;
		copied = true;
		first = l.v[i];
	}
	assure_buf_free(&got);
	if (rc == ASSURE_OK && i == l.n)
		rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0, NULL,
		    copied ? "is a second row for ledger entry %llu: it was "
		    "added to the database behind assure's back" : "does not "
		    "match its ledger entry %llu: the database row was edited "
		    "after it was logged", (unsigned long long)(copied ||
		    unused ? first : l.v[l.n - 1]));
	if (rc == ASSURE_OK) {
		if (v->nused == v->capused) {
			v->capused = v->capused != 0 ? v->capused * 2 : 16;
			nu = realloc(v->used, v->capused * sizeof(*nu));
			if (nu == NULL)
				rc = assure_diag_set(v->d, ASSURE_ERR_NOMEM,
				    what, 0, 0, NULL, "out of memory");
			else
				v->used = nu;
		}
		if (rc == ASSURE_OK)
			v->used[v->nused++] = l.v[i];
	}
	free(l.v);
	return rc;
}

struct blob_hash {
	struct assure_sha256	*h;
	uint64_t		 total;
};

static enum assure_err
blob_chunk(const void *chunk, size_t len, void *arg)
{
	struct blob_hash *b = arg;

	b->total += len;
	return assure_sha256_update(b->h, chunk, len);
}

/* Hash the evidence bytes of a file into b; a missing file is TAMPER. */
static enum assure_err
hash_file(struct verify *v, const char *path, const char *hex,
    struct blob_hash *b)
{
	unsigned char *buf;
	enum assure_err rc = ASSURE_OK;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT) {
		/* There but unreadable: the machine's fault, not tampering. */
		rc = assure_diag_set(v->d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot open the evidence file of sha256:%s", hex);
		if (v->d != NULL)
			v->d->sys_errno = errno;
		return rc;
	}
	if (fd < 0)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, path, 0, 0,
		    NULL, "the evidence file of sha256:%s is missing", hex);
	if ((buf = malloc(LEDGER_READ_CHUNK)) == NULL) {
		close(fd);
		return ASSURE_ERR_NOMEM;
	}
	for (;;) {
		n = read(fd, buf, LEDGER_READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = assure_diag_set(v->d, ASSURE_ERR_IO, path, 0, 0,
			    NULL, "read error");
			break;
		}
		if (n == 0)
			break;
		if ((rc = blob_chunk(buf, (size_t)n, b)) != ASSURE_OK)
			break;
	}
	free(buf);
	close(fd);
	return rc;
}

/*
 * Hash the evidence bytes of a row, from the workspace's file or, where
 * the store keeps them (PostgreSQL), from the store, and compare with its
 * digest.
 */
static enum assure_err
check_blob(struct verify *v, const char *evidence_dir, const char *hex,
    int64_t size)
{
	struct blob_hash b;
	unsigned char d[ASSURE_SHA256_LEN];
	char path[4200], got[ASSURE_SHA256_HEXLEN + 1];
	enum assure_err rc;

	memset(&b, 0, sizeof(b));
	if ((b.h = assure_sha256_new()) == NULL)
		return ASSURE_ERR_NOMEM;
	if (store_keeps_blobs(v->l->store)) {
		snprintf(path, sizeof(path), "the store's evidence bytes");
		rc = store_blob_read(v->l->store, hex, blob_chunk, &b, v->d);
		if (rc == ASSURE_ERR_NOTFOUND)
			rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, NULL, 0,
			    0, NULL, "the evidence bytes of sha256:%s are "
			    "missing from the store", hex);
	} else {
		snprintf(path, sizeof(path), "%s/%.2s/%s", evidence_dir, hex,
		    hex);
		rc = hash_file(v, path, hex, &b);
	}
	if (rc == ASSURE_OK)
		rc = assure_sha256_final(b.h, d);
	if (rc == ASSURE_OK) {
		assure_hex(d, sizeof(d), got);
		v->rep->bytes_hashed += b.total;
		if (strcmp(got, hex) != 0 || b.total != (uint64_t)size)
			rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER,
			    store_keeps_blobs(v->l->store) ? NULL : path, 0,
			    0, NULL, "the evidence file's bytes changed: it "
			    "hashes to sha256:%s, %llu bytes, not the "
			    "sha256:%s, %lld bytes that were logged", got,
			    (unsigned long long)b.total, hex, (long long)size);
	}
	assure_sha256_free(b.h);
	return rc;
}

struct ev_walk {
	struct verify	*v;
	const char	*evidence_dir;
};

static enum assure_err
verify_evidence_row(const struct store_val *c, int n, void *arg)
{
	struct ev_walk *w = arg;
	struct verify *v = w->v;
	struct ev_row r;
	struct assure_buf b;
	char what[128];
	enum assure_err rc;

	if (n < 12 || c[1].type != STORE_TEXT || c[2].type != STORE_TEXT ||
	    c[7].type != STORE_TEXT || c[10].type != STORE_TEXT)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "evidence", 0,
		    0, NULL, "row %lld is malformed", (long long)c[0].i);
	memset(&r, 0, sizeof(r));
	assure_strlcpy(r.sha, c[1].s, sizeof(r.sha));
	assure_strlcpy(r.kind, c[2].s, sizeof(r.kind));
	assure_strlcpy(r.origin, c[7].s, sizeof(r.origin));
	assure_strlcpy(r.collector, c[10].s, sizeof(r.collector));
	r.e.sha256_hex = r.sha;
	r.e.kind = r.kind;
	r.e.size = c[3].i;
	r.e.collected_at = c[5].i;
	r.e.as_of = c[6].i;
	r.e.as_of_origin = r.origin;
	r.e.has_period = c[8].type == STORE_INT;
	r.e.period_start = c[8].i;
	r.e.period_end = c[9].i;
	r.e.collector = r.collector;
	r.e.records = c[11].i;
	snprintf(what, sizeof(what), "evidence sha256:%.16s...", r.sha);
	assure_buf_init(&b, 0);
	ledger_encode_evidence(&b, &r.e);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = compare_entry(v, what, r.sha, &b);
	assure_buf_free(&b);
	if (rc == ASSURE_OK)
		rc = check_blob(v, w->evidence_dir, r.sha, r.e.size);
	if (rc == ASSURE_OK)
		v->rep->evidence++;
	return rc;
}

/* Every observation row is, byte for byte, its ledger entry. */
static enum assure_err
verify_observation_row(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct ledger_observation o;
	struct assure_buf b;
	char ref[ASSURE_SHA256_HEXLEN + ASSURE_TIME_STRLEN + 2];
	char what[160];
	enum assure_err rc;

	if (n < 5 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_INT || c[3].type != STORE_INT ||
	    c[4].type != STORE_TEXT)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
		    "evidence_observation", 0, 0, NULL, "a row is malformed");
	o.sha256_hex = c[0].s;
	o.kind = c[1].s;
	o.as_of = c[2].i;
	o.collected_at = c[3].i;
	o.collector = c[4].s;
	ledger_observation_ref(o.sha256_hex, o.as_of, ref, sizeof(ref));
	snprintf(what, sizeof(what), "observation %s", ref);
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	ledger_encode_observation(&b, &o);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = compare_entry(v, what, ref, &b);
	assure_buf_free(&b);
	return rc;
}

/* Every control link is, byte for byte, its ledger entry. */
static enum assure_err
verify_evidence_control_row(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct ledger_evidence_control e;
	struct assure_buf b;
	char ref[ASSURE_SHA256_HEXLEN + 2 + 256], what[sizeof(ref) + 32];
	enum assure_err rc;

	if (n < 4 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_INT || c[3].type != STORE_TEXT)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
		    "evidence_control", 0, 0, NULL, "a row is malformed");
	e.sha256_hex = c[0].s;
	e.control = c[1].s;
	e.linked_at = c[2].i;
	e.linked_by = c[3].s;
	ledger_evidence_control_ref(e.sha256_hex, e.control, ref, sizeof(ref));
	snprintf(what, sizeof(what), "control link %s", ref);
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	ledger_encode_evidence_control(&b, &e);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = compare_entry(v, what, ref, &b);
	assure_buf_free(&b);
	return rc;
}

/* Every policy approval row is, byte for byte, its ledger entry. */
static enum assure_err
verify_policy_approval_row(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct ledger_policy_approval a;
	struct assure_buf b;
	char ref[512], what[560];
	enum assure_err rc;

	if (n < 5 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_TEXT ||
	    c[4].type != STORE_INT)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER,
		    "policy_approval", 0, 0, NULL, "a row is malformed");
	a.policy_id = c[0].s;
	a.version = c[1].s;
	a.body_sha256 = c[2].s;
	a.approved_by = c[3].s;
	a.approved_at = c[4].i;
	snprintf(ref, sizeof(ref), "%s@%s", a.policy_id, a.body_sha256);
	snprintf(what, sizeof(what), "policy approval %s", ref);
	assure_buf_init(&b, LEDGER_ENTRY_MAX);
	ledger_encode_policy_approval(&b, &a);
	rc = assure_buf_err(&b);
	if (rc == ASSURE_OK)
		rc = compare_entry_unused(v, what, ref, &b);
	assure_buf_free(&b);
	return rc;
}

/*
 * A row that changes over time (a user, a token) against the newest of
 * its entries, whose type must start with prefix: the row re-encoded as
 * that type must be those bytes.
 */
static enum assure_err
compare_newest(struct verify *v, const char *what, const char *ref,
    const char *prefix, void (*encode)(struct assure_buf *, const char *,
    const void *), const void *row)
{
	struct assure_buf got, expect;
	struct idx_row ir = { false, 0 };
	struct entry_row er;
	struct store_val p[1];
	enum assure_err rc;

	p[0] = STORE_TEXTV(ref);
	rc = store_exec(v->l->store, STMT_LEDGER_ENTRY_LAST_BY_REF, p, 1,
	    idx_row_cb, &ir, v->d);
	if (rc != ASSURE_OK)
		return rc;
	if (!ir.found)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0,
		    NULL, "has no ledger entry: it was added to the database "
		    "behind assure's back");
	assure_buf_init(&got, 0);
	assure_buf_init(&expect, LEDGER_ENTRY_MAX);
	memset(&er, 0, sizeof(er));
	er.body = &got;
	rc = entry_get(v->l, ir.idx, &er, v->d);
	if (rc == ASSURE_OK && strncmp(er.type, prefix, strlen(prefix)) != 0)
		rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0, NULL,
		    "its newest ledger entry %llu is of type '%s'",
		    (unsigned long long)ir.idx, er.type);
	if (rc == ASSURE_OK) {
		encode(&expect, er.type, row);
		rc = assure_buf_err(&expect);
	}
	if (rc == ASSURE_OK && (got.len != expect.len ||
	    memcmp(got.data, expect.data, got.len) != 0))
		rc = assure_diag_set(v->d, ASSURE_ERR_TAMPER, what, 0, 0, NULL,
		    "does not match its newest ledger entry %llu: the database "
		    "row was edited after it was logged",
		    (unsigned long long)ir.idx);
	assure_buf_free(&expect);
	assure_buf_free(&got);
	return rc;
}

static void
enc_user(struct assure_buf *b, const char *type, const void *row)
{
	ledger_encode_user(b, type, row);
}

static void
enc_token(struct assure_buf *b, const char *type, const void *row)
{
	ledger_encode_token(b, type, row);
}

static void
sha256_text(const char *s, char *hex)
{
	unsigned char d[ASSURE_SHA256_LEN];

	if (assure_sha256(s, strlen(s), d) != ASSURE_OK)
		memset(d, 0, sizeof(d));
	assure_hex(d, sizeof(d), hex);
}

/* Every app_user row (auth/users.h) is its newest "user-*" entry. */
static enum assure_err
verify_user_row(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct ledger_user u;
	char pw[ASSURE_SHA256_HEXLEN + 1], mfa[ASSURE_SHA256_HEXLEN + 1];
	char ref[128], what[160];
	enum assure_err rc;

	if (n < 17 || c[1].type != STORE_TEXT || c[2].type != STORE_TEXT ||
	    c[3].type != STORE_TEXT || c[6].type != STORE_TEXT ||
	    c[8].type != STORE_INT || c[10].type != STORE_INT ||
	    c[16].type != STORE_TEXT || c[15].type != STORE_INT)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "app_user", 0,
		    0, NULL, "a row is malformed");
	memset(&u, 0, sizeof(u));
	u.name = c[1].s;
	u.display = c[2].s;
	u.role = c[3].s;
	u.has_period = c[4].type == STORE_INT && c[5].type == STORE_INT;
	u.period_start = c[4].i;
	u.period_end = c[5].i;
	sha256_text(c[6].s, pw);
	u.password_sha256 = pw;
	if (c[8].i != 0) {
		sha256_text(c[7].type == STORE_TEXT ? c[7].s : "", mfa);
		u.mfa_sha256 = mfa;
	}
	u.disabled = c[10].i != 0;
	u.by = c[16].s;
	u.at = c[15].i;
	snprintf(ref, sizeof(ref), LEDGER_USER_REF_PREFIX "%s", u.name);
	snprintf(what, sizeof(what), "user %s", u.name);
	rc = compare_newest(v, what, ref, "user-", enc_user, &u);
	if (rc == ASSURE_OK)
		v->rep->users++;
	return rc;
}

/* Every api_token row is its newest "token-*" entry. */
static enum assure_err
verify_token_row(const struct store_val *c, int n, void *arg)
{
	struct verify *v = arg;
	struct ledger_token t;
	char ref[128], what[160];
	enum assure_err rc;

	if (n < 10 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT || c[3].type != STORE_TEXT ||
	    c[4].type != STORE_INT || c[5].type != STORE_TEXT)
		return assure_diag_set(v->d, ASSURE_ERR_TAMPER, "api_token", 0,
		    0, NULL, "a row is malformed");
	memset(&t, 0, sizeof(t));
	t.id = c[0].s;
	t.user = c[1].s;
	t.name = c[2].s;
	t.role = c[3].s;
	t.created_at = c[4].i;
	t.created_by = c[5].s;
	t.expires = c[6].type == STORE_INT;
	t.expires_at = c[6].i;
	t.revoked = c[7].type == STORE_INT;
	t.revoked_at = c[7].i;
	t.revoked_by = c[8].type == STORE_TEXT ? c[8].s : "-";
	snprintf(ref, sizeof(ref), LEDGER_TOKEN_REF_PREFIX "%s", t.id);
	snprintf(what, sizeof(what), "token %s of user %s", t.id, t.user);
	rc = compare_newest(v, what, ref, "token-", enc_token, &t);
	if (rc == ASSURE_OK)
		v->rep->tokens++;
	return rc;
}

struct run_ids {
	int64_t	*ids;
	size_t	 n;
};

static enum assure_err
run_id_row(const struct store_val *c, int n, void *arg)
{
	struct run_ids *l = arg;
	int64_t *p;

	if (n < 1 || c[0].type != STORE_INT)
		return ASSURE_ERR_DB;
	p = reallocarray(l->ids, l->n + 1, sizeof(*p));
	if (p == NULL)
		return ASSURE_ERR_NOMEM;
	l->ids = p;
	l->ids[l->n++] = c[0].i;
	return ASSURE_OK;
}

/*
 * Every closed collection run is, byte for byte, its "collection" entry:
 * a page unlinked or added, or the run's outcome changed, shows.
 */
static enum assure_err
verify_runs(struct verify *v)
{
	struct run_ids ids = { NULL, 0 };
	struct assure_buf b;
	char ref[64], what[64];
	enum assure_err rc;
	size_t i;

	rc = store_exec(v->l->store, STMT_RUN_CLOSED_IDS, NULL, 0, run_id_row,
	    &ids, v->d);
	if (rc == ASSURE_ERR_DB || rc == ASSURE_ERR_NOMEM)
		rc = assure_diag_set(v->d, rc, "collection_run", 0, 0, NULL,
		    "cannot list the runs");
	for (i = 0; rc == ASSURE_OK && i < ids.n; i++) {
		snprintf(ref, sizeof(ref), LEDGER_RUN_REF_PREFIX "%lld",
		    (long long)ids.ids[i]);
		snprintf(what, sizeof(what), "collection run %lld",
		    (long long)ids.ids[i]);
		assure_buf_init(&b, LEDGER_ENTRY_MAX);
		rc = ledger_collection_from_store(v->l->store, ids.ids[i], &b,
		    v->d);
		if (rc == ASSURE_OK)
			rc = compare_entry(v, what, ref, &b);
		assure_buf_free(&b);
		if (rc == ASSURE_OK)
			v->rep->runs++;
	}
	free(ids.ids);
	return rc;
}

struct id_list {
	char	(*ids)[EVALUATION_ID_LEN];
	size_t	  n;
};

static enum assure_err
id_row(const struct store_val *c, int n, void *arg)
{
	struct id_list *l = arg;
	char (*p)[EVALUATION_ID_LEN];

	if (n < 1 || c[0].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	p = reallocarray(l->ids, l->n + 1, sizeof(*p));
	if (p == NULL)
		return ASSURE_ERR_NOMEM;
	l->ids = p;
	assure_strlcpy(l->ids[l->n++], c[0].s, EVALUATION_ID_LEN);
	return ASSURE_OK;
}

static enum assure_err
verify_evaluations(struct verify *v)
{
	struct id_list ids = { NULL, 0 };
	struct evaluation ev;
	struct assure_buf b;
	char what[80];
	bool found;
	enum assure_err rc;
	size_t i;

	rc = store_exec(v->l->store, STMT_EVAL_ALL_IDS, NULL, 0, id_row, &ids,
	    v->d);
	for (i = 0; rc == ASSURE_OK && i < ids.n; i++) {
		rc = evaluation_load(v->l->store, ids.ids[i], &ev, &found,
		    v->d);
		if (rc != ASSURE_OK)
			break;
		if (!found)
			continue;
		snprintf(what, sizeof(what), "evaluation %s", ids.ids[i]);
		assure_buf_init(&b, 0);
		rc = ledger_encode_evaluation(&b, &ev);
		if (rc == ASSURE_OK)
			rc = assure_buf_err(&b);
		if (rc == ASSURE_OK)
			rc = compare_entry(v, what, ids.ids[i], &b);
		assure_buf_free(&b);
		evaluation_release(&ev);
		if (rc == ASSURE_OK)
			v->rep->evaluations++;
	}
	free(ids.ids);
	return rc;
}

enum assure_err
ledger_verify(struct ledger *l, const char *evidence_dir,
    struct ledger_verify_report *ret, ledger_progress_fn progress,
    void *progress_arg, struct assure_diag *reterr_diag)
{
	struct verify v;
	struct ev_walk w;
	uint64_t size;
	enum assure_err rc;

	memset(&v, 0, sizeof(v));
	memset(ret, 0, sizeof(*ret));
	/*
	 * One snapshot for the whole check: an ingest committing meanwhile
	 * must not make the entries and the nodes disagree.
	 */
	rc = store_begin(l->store, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	v.l = l;
	v.rep = ret;
	v.d = reterr_diag;
	v.progress = progress;
	v.progress_arg = progress_arg;
	assure_merkle_frontier_init(&v.f);
	rc = tree_size(l, &size, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	v.total = size;
	rc = store_exec(l->store, STMT_LEDGER_CHECKPOINTS, NULL, 0, cp_collect,
	    &v, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	rc = verify_entries(&v);
	if (rc != ASSURE_OK)
		goto out;
	if (v.cp_next < v.ncp) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, "ledger",
		    0, 0, NULL, "a signed checkpoint covers %llu entries but "
		    "the ledger holds %llu: entries were removed",
		    (unsigned long long)v.cp_size[v.cp_next],
		    (unsigned long long)v.next);
		goto out;
	}
	/* Every append signs a checkpoint in its own transaction, so the
	 * newest checkpoint covers the whole ledger. */
	if (size > 0 && (v.ncp == 0 || v.cp_size[v.ncp - 1] != size)) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, "ledger",
		    0, 0, NULL, "entries %llu to %llu are not covered by any "
		    "signed checkpoint: they were added behind assure's back",
		    (unsigned long long)(v.ncp > 0 ? v.cp_size[v.ncp - 1] : 0),
		    (unsigned long long)size - 1);
		goto out;
	}
	rc = check_nodes(&v, size);
	if (rc != ASSURE_OK)
		goto out;
	w.v = &v;
	w.evidence_dir = evidence_dir;
	rc = store_exec(l->store, STMT_EVIDENCE_ALL_REFS, NULL, 0,
	    verify_evidence_row, &w, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_exec(l->store, STMT_OBSERVATIONS_ALL, NULL, 0,
		    verify_observation_row, &v, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_exec(l->store, STMT_EVCONTROL_ALL, NULL, 0,
		    verify_evidence_control_row, &v, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_exec(l->store, STMT_POLICY_APPROVALS, NULL, 0,
		    verify_policy_approval_row, &v, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_exec(l->store, STMT_AUTH_USERS, NULL, 0,
		    verify_user_row, &v, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_exec(l->store, STMT_AUTH_TOKENS, NULL, 0,
		    verify_token_row, &v, reterr_diag);
	if (rc == ASSURE_OK)
		rc = verify_runs(&v);
	if (rc == ASSURE_OK)
		rc = verify_evaluations(&v);
	/* Time-stamp tokens: imprints here; signatures need the TSA's
	 * certificate (ledger_verify_timestamps with a ca_file). */
	if (rc == ASSURE_OK)
		rc = ledger_verify_timestamps(l, NULL, &ret->timestamps,
		    reterr_diag);
out:
	store_rollback(l->store);
	verify_release(&v);
	return rc;
}

/* ------------------------------------------------------------ proof files */

static const char *
jstr(yajl_val root, const char *key)
{
	const char *path[2] = { key, NULL };
	yajl_val v = yajl_tree_get(root, path, yajl_t_string);

	return v != NULL ? YAJL_GET_STRING(v) : NULL;
}

static bool
jint(yajl_val root, const char *key, uint64_t *ret)
{
	const char *path[2] = { key, NULL };
	yajl_val v = yajl_tree_get(root, path, yajl_t_number);

	if (v == NULL || !YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 0)
		return false;
	*ret = (uint64_t)YAJL_GET_INTEGER(v);
	return true;
}

static int
unhex32(const char *s, unsigned char out[32])
{
	return s != NULL ? assure_digest_parse(s, out) : -1;
}

static enum assure_err
bad_proof(struct assure_diag *d, const char *field, const char *what)
{
	return assure_diag_set(d, ASSURE_ERR_PARSE, NULL, 0, 0, field, "%s",
	    what);
}

enum assure_err
ledger_verify_proof(const char *json, size_t len,
    const struct assure_note_verifier *key, const char *evidence_path,
    uint64_t *ret_index, uint64_t *ret_size, struct assure_buf *ret_entry,
    struct assure_diag *reterr_diag)
{
	const char *path_key[2] = { "inclusion_path", NULL };
	struct assure_buf eb;
	char errbuf[256], *text;
	yajl_val root = NULL, arr;
	struct assure_note *note = NULL;
	struct assure_checkpoint cp;
	struct assure_merkle_hasher *h = NULL;
	unsigned char leaf[32], claimed[32], (*path)[32] = NULL;
	unsigned char *entry = NULL;
	const char *s, *cpn, *line;
	uint64_t index, size;
	size_t elen = 0, i, np;
	enum assure_err rc;

	if (len > LEDGER_PROOF_FILE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, NULL, 0,
		    0, NULL, "larger than %u bytes", LEDGER_PROOF_FILE_MAX);
	text = malloc(len + 1);
	if (text == NULL)
		return ASSURE_ERR_NOMEM;
	memcpy(text, json, len);
	text[len] = '\0';
	root = yajl_tree_parse(text, errbuf, sizeof(errbuf));
	free(text);
	if (root == NULL || !YAJL_IS_OBJECT(root)) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, NULL, 0, 0,
		    NULL, "not a JSON object: %.200s", errbuf);
		goto out;
	}
	s = jstr(root, "format");
	if (s == NULL || strcmp(s, LEDGER_PROOF_FORMAT) != 0) {
		rc = bad_proof(reterr_diag, "format", "expected "
		    LEDGER_PROOF_FORMAT);
		goto out;
	}
	if (!jint(root, "index", &index) || !jint(root, "tree_size", &size)) {
		rc = bad_proof(reterr_diag, "index", "expected the entry index "
		    "and tree_size as non-negative integers");
		goto out;
	}
	s = jstr(root, "entry");
	if (s == NULL) {
		rc = bad_proof(reterr_diag, "entry", "missing");
		goto out;
	}
	assure_buf_init(&eb, LEDGER_ENTRY_MAX);
	rc = assure_base64_decode(s, strlen(s), &eb);
	if (rc != ASSURE_OK) {
		assure_buf_free(&eb);
		rc = bad_proof(reterr_diag, "entry", "not valid base64");
		goto out;
	}
	entry = (unsigned char *)assure_buf_detach(&eb, &elen);
	if (entry == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	arr = yajl_tree_get(root, path_key, yajl_t_array);
	if (arr == NULL || YAJL_GET_ARRAY(arr)->len > ASSURE_MERKLE_MAX_PROOF) {
		rc = bad_proof(reterr_diag, "inclusion_path", "expected an "
		    "array of at most 64 hashes");
		goto out;
	}
	np = YAJL_GET_ARRAY(arr)->len;
	path = calloc(np > 0 ? np : 1, sizeof(*path));
	if (path == NULL) {
		rc = ASSURE_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < np; i++) {
		yajl_val hv = YAJL_GET_ARRAY(arr)->values[i];

		if (!YAJL_IS_STRING(hv) ||
		    unhex32(YAJL_GET_STRING(hv), path[i]) != 0) {
			rc = bad_proof(reterr_diag, "inclusion_path", "expected "
			    "64 hex digits per hash");
			goto out;
		}
	}
	cpn = jstr(root, "checkpoint");
	if (cpn == NULL) {
		rc = bad_proof(reterr_diag, "checkpoint", "missing");
		goto out;
	}
	/* The checkpoint must be signed by the key we were given. */
	rc = open_checkpoint(key, cpn, strlen(cpn), &note, &cp, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	if (cp.size != size) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, NULL, 0, 0,
		    "tree_size", "is %llu but the signed checkpoint says %llu",
		    (unsigned long long)size, (unsigned long long)cp.size);
		goto out;
	}
	rc = assure_merkle_hasher_new(&h);
	if (rc == ASSURE_OK)
		rc = assure_merkle_hash_leaf(h, entry, elen, leaf);
	if (rc != ASSURE_OK)
		goto out;
	if (unhex32(jstr(root, "leaf_hash"), claimed) == 0 &&
	    memcmp(claimed, leaf, 32) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, NULL, 0, 0,
		    "leaf_hash", "is not the hash of the entry");
		goto out;
	}
	rc = assure_merkle_verify_inclusion(h, leaf, index, size,
	    (const unsigned char (*)[32])path, np, cp.root);
	if (rc != ASSURE_OK) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, NULL, 0, 0,
		    "inclusion_path", "does not lead from entry %llu to the "
		    "signed root of size %llu", (unsigned long long)index,
		    (unsigned long long)size);
		goto out;
	}
	if (evidence_path != NULL) {
		unsigned char fd_digest[ASSURE_SHA256_LEN];
		char fhex[ASSURE_SHA256_HEXLEN + 1];
		struct assure_sha256 *fh = assure_sha256_new();
		unsigned char buf[65536];
		ssize_t n;
		int fd;

		line = strstr((const char *)entry, "\nsha256 ");
		fd = open(evidence_path, O_RDONLY | O_CLOEXEC);
		if (fh == NULL || fd < 0) {
			assure_sha256_free(fh);
			if (fd >= 0)
				close(fd);
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO,
			    evidence_path, 0, 0, NULL, "cannot open");
			goto out;
		}
		for (;;) {
			n = read(fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			assure_sha256_update(fh, buf, (size_t)n);
		}
		if (n < 0) {
			/* A read error is not a digest mismatch. */
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO,
			    evidence_path, 0, 0, NULL, "read error: %s",
			    strerror(errno));
			close(fd);
			assure_sha256_free(fh);
			goto out;
		}
		close(fd);
		assure_sha256_final(fh, fd_digest);
		assure_sha256_free(fh);
		assure_hex(fd_digest, sizeof(fd_digest), fhex);
		if (line == NULL || strncmp(line + 8, fhex, 64) != 0 ||
		    line[8 + 64] != '\n') {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
			    evidence_path, 0, 0, NULL, "hashes to sha256:%s, "
			    "which is not the evidence this entry logged",
			    fhex);
			goto out;
		}
	}
	*ret_index = index;
	*ret_size = size;
	if (ret_entry != NULL)
		assure_buf_add(ret_entry, entry, elen);
	rc = ASSURE_OK;
out:
	assure_merkle_hasher_free(h);
	assure_note_free(note);
	free(path);
	free(entry);
	yajl_tree_free(root);
	return rc;
}

/* ------------------------------------------------------------ time-stamps */

enum assure_err
ledger_timestamp(struct ledger *l, const char *url, const char *ca_file,
    int64_t now, uint64_t *ret_size, int64_t *ret_gen_time,
    struct assure_diag *reterr_diag)
{
	struct ledger_status st;
	struct assure_buf note, token;
	struct cp_row cr = { false, 0, 0, NULL };
	struct store_val p[5];
	int64_t gt = 0;
	enum assure_err rc;

	rc = ledger_status(l, &st, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (!st.has_checkpoint || st.checkpoint_size != st.size) {
		rc = ledger_checkpoint(l, now, NULL, reterr_diag);
		if (rc != ASSURE_OK)
			return rc;
	}
	assure_buf_init(&note, 0);
	assure_buf_init(&token, 0);
	cr.note = &note;
	rc = store_exec(l->store, STMT_LEDGER_CHECKPOINT_LATEST, NULL, 0,
	    cp_row_cb, &cr, reterr_diag);
	if (rc == ASSURE_OK && !cr.found)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, "ledger",
		    0, 0, NULL, "no checkpoint to time-stamp");
	if (rc == ASSURE_OK)
		rc = tsa_request(url, note.data, note.len, ca_file, &token,
		    &gt, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	p[0] = STORE_INTV((int64_t)cr.size);
	p[1] = STORE_TEXTV(url);
	p[2] = (struct store_val){ .type = STORE_BLOB, .s = token.data,
	    .n = token.len };
	p[3] = STORE_INTV(gt);
	p[4] = STORE_INTV(now);
	rc = store_exec(l->store, STMT_LEDGER_TIMESTAMP_INSERT, p, 5, NULL,
	    NULL, reterr_diag);
	if (rc == ASSURE_OK) {
		*ret_size = cr.size;
		*ret_gen_time = gt;
	}
out:
	assure_buf_free(&note);
	assure_buf_free(&token);
	return rc;
}

struct ts_walk {
	const char		*ca_file;
	uint64_t		 count;
	struct assure_diag	*d;
};

static enum assure_err
ts_row(const struct store_val *c, int n, void *arg)
{
	struct ts_walk *w = arg;
	char what[ASSURE_DIAG_MSG_MAX];
	int64_t gt = 0;
	enum assure_err rc;

	if (n < 5 || c[1].type != STORE_TEXT || c[2].type != STORE_BLOB ||
	    c[3].type != STORE_INT)
		return assure_diag_set(w->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "the time-stamp row of size %lld is malformed",
		    (long long)c[0].i);
	if (c[4].type != STORE_TEXT)
		return assure_diag_set(w->d, ASSURE_ERR_TAMPER, "ledger", 0, 0,
		    NULL, "the time-stamp of size %lld (%s) has no stored "
		    "checkpoint", (long long)c[0].i, c[1].s);
	rc = tsa_verify_token((const unsigned char *)c[2].s, c[2].n, c[4].s,
	    c[4].n, w->ca_file, &gt, w->d);
	if (rc == ASSURE_OK && gt != c[3].i)
		rc = assure_diag_set(w->d, ASSURE_ERR_TAMPER, NULL, 0, 0, NULL,
		    "its stored genTime is not the token's: the row was "
		    "edited");
	if (rc != ASSURE_OK) {
		assure_strlcpy(what, w->d != NULL ? w->d->msg : "",
		    sizeof(what));
		return assure_diag_set(w->d, rc, w->ca_file != NULL &&
		    rc != ASSURE_ERR_TAMPER ? w->ca_file : "ledger", 0, 0, NULL,
		    "the time-stamp of checkpoint %lld from %s: %s",
		    (long long)c[0].i, c[1].s, what);
	}
	w->count++;
	return ASSURE_OK;
}

enum assure_err
ledger_verify_timestamps(struct ledger *l, const char *ca_file,
    uint64_t *ret_count, struct assure_diag *reterr_diag)
{
	struct ts_walk w = { ca_file, 0, reterr_diag };
	enum assure_err rc;

	rc = store_exec(l->store, STMT_LEDGER_TIMESTAMPS, NULL, 0, ts_row, &w,
	    reterr_diag);
	*ret_count = w.count;
	return rc;
}
