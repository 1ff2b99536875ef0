/*
 * review.c: access-review campaigns (see review.h): freezing a system's
 * accounts, decisions, closing, loading, JSON, and the ledger encodings.
 *
 * CONTROL: tsc:CC6.2
 * CONTROL: tsc:CC6.3
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "review/review.h"
#include "rules/population.h"

/* ------------------------------------------------------------ encoding */

/* A value as docs/LEDGER.md says: '%', controls and DEL percent-encoded. */
static void
put_value(struct assure_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "-");

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

static const char *
tri_word(int v)
{
	return v < 0 ? "-" : v ? "1" : "0";
}

enum assure_err
review_encode_start(struct assure_buf *b, const struct review_campaign *c)
{
	struct assure_sha256 *h;
	struct assure_buf line;
	unsigned char d[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1];
	const struct review_item *it;
	enum assure_err rc = ASSURE_OK;
	size_t i;

	h = assure_sha256_new();
	if (h == NULL)
		return ASSURE_ERR_NOMEM;
	assure_buf_init(&line, 0);
	/* The frozen list: "tenant TAB id TAB login TAB email TAB admin TAB
	 * active TAB status TAB roles LF" per account, in order. */
	for (i = 0; rc == ASSURE_OK && i < c->nitems; i++) {
		it = &c->items[i];
		assure_buf_reset(&line);
		put_value(&line, it->tenant);
		assure_buf_addc(&line, '\t');
		put_value(&line, it->account_id);
		assure_buf_addc(&line, '\t');
		put_value(&line, it->login);
		assure_buf_addc(&line, '\t');
		put_value(&line, it->email);
		assure_buf_printf(&line, "\t%s\t%s\t", tri_word(it->is_admin),
		    tri_word(it->active));
		put_value(&line, it->status);
		assure_buf_addc(&line, '\t');
		put_value(&line, it->roles);
		assure_buf_addc(&line, '\n');
		rc = assure_buf_err(&line);
		if (rc == ASSURE_OK)
			rc = assure_sha256_update(h, line.data, line.len);
	}
	if (rc == ASSURE_OK)
		rc = assure_sha256_final(h, d);
	if (rc == ASSURE_OK) {
		assure_hex(d, sizeof(d), hex);
		assure_buf_adds(b, LEDGER_ENTRY_MAGIC "\n");
		put_line(b, "type", "review-start");
		put_line(b, "campaign", c->id);
		put_line(b, "system", c->system);
		put_line(b, "tenant", c->tenant[0] != '\0' ? c->tenant : "-");
		put_time(b, "as-of", c->as_of);
		put_time(b, "at", c->started_at);
		put_line(b, "by", c->started_by);
		assure_buf_printf(b, "accounts %zu %s\n", c->nitems, hex);
	}
	assure_buf_free(&line);
	assure_sha256_free(h);
	return rc;
}

void
review_encode_decision(struct assure_buf *b, const char *campaign,
    const struct review_item *it)
{
	assure_buf_adds(b, LEDGER_ENTRY_MAGIC "\n");
	put_line(b, "type", "review-decision");
	put_line(b, "campaign", campaign);
	put_line(b, "tenant", it->tenant);
	put_line(b, "account", it->account_id);
	put_line(b, "login", it->login);
	put_line(b, "decision", it->decision);
	put_line(b, "by", it->decided_by);
	put_time(b, "at", it->decided_at);
	put_line(b, "note", it->note);
}

void
review_encode_close(struct assure_buf *b, const struct review_campaign *c)
{
	size_t i, keep = 0, revoke = 0;

	for (i = 0; i < c->nitems; i++) {
		if (c->items[i].decision == NULL)
			continue;
		if (strcmp(c->items[i].decision, "revoke") == 0)
			revoke++;
		else
			keep++;
	}
	assure_buf_adds(b, LEDGER_ENTRY_MAGIC "\n");
	put_line(b, "type", "review-close");
	put_line(b, "campaign", c->id);
	put_time(b, "at", c->closed_at);
	put_line(b, "by", c->closed_by);
	assure_buf_printf(b, "decisions %zu keep %zu revoke %zu\n", c->nitems,
	    keep, revoke);
}

/* ------------------------------------------------------------ loading */

static enum assure_err
campaign_row(const struct store_val *c, int n, struct review_campaign *r)
{
	if (n < 9 || c[0].type != STORE_TEXT || c[2].type != STORE_TEXT ||
	    c[6].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	memset(r, 0, sizeof(*r));
	assure_strlcpy(r->id, c[0].s, sizeof(r->id));
	r->seq = c[1].i;
	assure_strlcpy(r->system, c[2].s, sizeof(r->system));
	if (c[3].type == STORE_TEXT)
		assure_strlcpy(r->tenant, c[3].s, sizeof(r->tenant));
	r->as_of = c[4].i;
	r->started_at = c[5].i;
	assure_strlcpy(r->started_by, c[6].s, sizeof(r->started_by));
	r->closed = c[7].type == STORE_INT;
	r->closed_at = c[7].i;
	if (c[8].type == STORE_TEXT)
		assure_strlcpy(r->closed_by, c[8].s, sizeof(r->closed_by));
	return ASSURE_OK;
}

struct one {
	struct review_campaign	*c;
	bool			 found;
};

static enum assure_err
one_row(const struct store_val *c, int n, void *arg)
{
	struct one *o = arg;
	enum assure_err rc;

	rc = campaign_row(c, n, o->c);
	o->found = rc == ASSURE_OK;
	return rc;
}

static char *
dup_opt(const struct store_val *v, bool *nomem)
{
	char *s;

	if (v->type != STORE_TEXT)
		return NULL;
	s = strdup(v->s);
	if (s == NULL)
		*nomem = true;
	return s;
}

static void
item_free(struct review_item *it)
{
	free(it->tenant);
	free(it->account_id);
	free(it->login);
	free(it->email);
	free(it->status);
	free(it->roles);
	free(it->decision);
	free(it->decided_by);
	free(it->note);
}

static int
tri(const struct store_val *v)
{
	return v->type != STORE_INT ? -1 : v->i != 0;
}

static enum assure_err
add_item(struct review_campaign *c, struct review_item *it)
{
	struct review_item *v;
	size_t cap;

	if (c->nitems >= REVIEW_ITEMS_MAX)
		return ASSURE_ERR_LIMIT;
	if (c->nitems == c->capitems) {
		cap = c->capitems == 0 ? 16 : c->capitems * 2;
		v = reallocarray(c->items, cap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		c->items = v;
		c->capitems = cap;
	}
	c->items[c->nitems++] = *it;
	if (it->decision == NULL)
		c->undecided++;
	return ASSURE_OK;
}

static enum assure_err
item_row(const struct store_val *c, int n, void *arg)
{
	struct review_campaign *rc = arg;
	struct review_item it;
	bool nomem = false;
	enum assure_err err;

	if (n < 13)
		return ASSURE_ERR_DB;
	memset(&it, 0, sizeof(it));
	it.seq = c[0].i;
	it.tenant = dup_opt(&c[1], &nomem);
	it.account_id = dup_opt(&c[2], &nomem);
	it.login = dup_opt(&c[3], &nomem);
	it.email = dup_opt(&c[4], &nomem);
	it.is_admin = tri(&c[5]);
	it.status = dup_opt(&c[6], &nomem);
	it.active = tri(&c[7]);
	it.roles = dup_opt(&c[8], &nomem);
	it.decision = dup_opt(&c[9], &nomem);
	it.decided_by = dup_opt(&c[10], &nomem);
	it.decided = c[11].type == STORE_INT;
	it.decided_at = c[11].i;
	it.note = dup_opt(&c[12], &nomem);
	err = nomem ? ASSURE_ERR_NOMEM : add_item(rc, &it);
	if (err != ASSURE_OK)
		item_free(&it);
	return err;
}

enum assure_err
review_load(struct store *s, const char *id, struct review_campaign *ret,
    bool *ret_found, struct assure_diag *reterr_diag)
{
	struct review_campaign c;
	struct one o = { &c, false };
	struct store_val p[1];
	enum assure_err rc;

	memset(&c, 0, sizeof(c));
	p[0] = STORE_TEXTV(id);
	rc = store_exec(s, STMT_REVIEW_CAMPAIGN_GET, p, 1, one_row, &o,
	    reterr_diag);
	if (rc != ASSURE_OK || !o.found) {
		*ret_found = false;
		return rc;
	}
	rc = store_exec(s, STMT_REVIEW_ITEMS, p, 1, item_row, &c, reterr_diag);
	if (rc != ASSURE_OK) {
		review_campaign_release(&c);
		return rc;
	}
	*ret = c;
	*ret_found = true;
	return ASSURE_OK;
}

struct list {
	struct review_campaign	*v;
	size_t			 n;
	size_t			 cap;
};

static enum assure_err
list_row(const struct store_val *c, int n, void *arg)
{
	struct list *l = arg;
	struct review_campaign *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap == 0 ? 8 : l->cap * 2;
		v = reallocarray(l->v, cap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	return campaign_row(c, n, &l->v[l->n++]);
}

enum assure_err
review_list(struct store *s, struct review_campaign **ret, size_t *ret_n,
    struct assure_diag *reterr_diag)
{
	struct list l = { NULL, 0, 0 };
	enum assure_err rc;

	rc = store_exec(s, STMT_REVIEW_CAMPAIGNS, NULL, 0, list_row, &l,
	    reterr_diag);
	if (rc != ASSURE_OK) {
		free(l.v);
		return rc;
	}
	*ret = l.v;
	*ret_n = l.n;
	return ASSURE_OK;
}

void
review_campaign_release(struct review_campaign *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nitems; i++)
		item_free(&c->items[i]);
	free(c->items);
	c->items = NULL;
	c->nitems = c->capitems = c->undecided = 0;
}

/* ------------------------------------------------------------ writing */

/* Append the entry and commit, with a checkpoint; rolls back on error. */
static enum assure_err
finish(struct workspace *ws, const char *type, const char *ref,
    struct assure_buf *entry, int64_t now, struct assure_diag *d)
{
	enum assure_err rc;

	rc = assure_buf_err(entry);
	if (rc == ASSURE_OK)
		rc = ledger_append(ws->ledger, type, ref, entry->data,
		    entry->len, now, NULL, d);
	if (rc == ASSURE_OK)
		rc = ledger_checkpoint(ws->ledger, now, NULL, d);
	if (rc == ASSURE_OK)
		rc = store_commit(ws->store, d);
	if (rc != ASSURE_OK)
		store_rollback(ws->store);
	return rc;
}

enum assure_err
review_start(struct workspace *ws, const char *system, const char *tenant,
    const char *by, int64_t now, char *ret_id, size_t *ret_n,
    struct assure_diag *reterr_diag)
{
	struct review_campaign c;
	struct population pop;
	struct test_ctx ctx;
	struct review_item it;
	struct assure_buf entry;
	struct store_val p[10];
	const struct pop_account *a;
	struct tm tm;
	time_t t = (time_t)now;
	int64_t seq = 0;
	enum assure_err rc;
	size_t i;

	memset(&c, 0, sizeof(c));
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	ctx.store = ws->store;
	ctx.cfg = &ws->cfg;
	ctx.as_of = now;
	ctx.members = false;
	rc = population_load(&ctx, POP_ACCOUNTS, &pop, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	for (i = 0; i < pop.nacc; i++) {
		a = &pop.acc[i];
		if (strcmp(a->system, system) != 0 || (tenant != NULL &&
		    strcmp(a->tenant, tenant) != 0))
			continue;
		memset(&it, 0, sizeof(it));
		/* Borrowed from the population until the release below. */
		it.tenant = a->tenant;
		it.account_id = a->account_id;
		it.login = a->login;
		it.email = a->email;
		it.is_admin = a->is_admin;
		it.status = a->status;
		it.active = a->active;
		it.roles = a->roles;
		rc = add_item(&c, &it);
		if (rc != ASSURE_OK)
			goto out_items;
	}
	if (c.nitems == 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, system,
		    0, 0, NULL, "no fresh accounts of %s%s%s to review; ingest "
		    "a current export first", system, tenant != NULL ? "/" :
		    "", tenant != NULL ? tenant : "");
		goto out_items;
	}
	rc = store_begin(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_items;
	rc = store_exec_int(ws->store, STMT_REVIEW_NEXT_SEQ, NULL, 0, &seq,
	    NULL, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_rollback;
	gmtime_r(&t, &tm);
	snprintf(c.id, sizeof(c.id), "%s-%dQ%d-%lld", system,
	    tm.tm_year + 1900, tm.tm_mon / 3 + 1, (long long)seq);
	c.seq = seq;
	assure_strlcpy(c.system, system, sizeof(c.system));
	if (tenant != NULL)
		assure_strlcpy(c.tenant, tenant, sizeof(c.tenant));
	c.as_of = now;
	c.started_at = now;
	assure_strlcpy(c.started_by, by, sizeof(c.started_by));
	p[0] = STORE_TEXTV(c.id);
	p[1] = STORE_INTV(seq);
	p[2] = STORE_TEXTV(system);
	p[3] = STORE_OPTTEXT(tenant);
	p[4] = STORE_INTV(now);
	p[5] = STORE_INTV(now);
	p[6] = STORE_TEXTV(by);
	rc = store_exec(ws->store, STMT_REVIEW_CAMPAIGN_INSERT, p, 7, NULL,
	    NULL, reterr_diag);
	for (i = 0; rc == ASSURE_OK && i < c.nitems; i++) {
		const struct review_item *x = &c.items[i];

		p[0] = STORE_TEXTV(c.id);
		p[1] = STORE_INTV((int64_t)i);
		p[2] = STORE_TEXTV(x->tenant);
		p[3] = STORE_TEXTV(x->account_id);
		p[4] = STORE_OPTTEXT(x->login);
		p[5] = STORE_OPTTEXT(x->email);
		p[6] = STORE_OPTINT(x->is_admin >= 0, x->is_admin);
		p[7] = STORE_OPTTEXT(x->status);
		p[8] = STORE_OPTINT(x->active >= 0, x->active);
		p[9] = STORE_OPTTEXT(x->roles);
		rc = store_exec(ws->store, STMT_REVIEW_ITEM_INSERT, p, 10,
		    NULL, NULL, reterr_diag);
	}
	if (rc == ASSURE_OK)
		rc = review_encode_start(&entry, &c);
	if (rc != ASSURE_OK)
		goto out_rollback;
	rc = finish(ws, "review-start", c.id, &entry, now, reterr_diag);
	if (rc == ASSURE_OK) {
		assure_strlcpy(ret_id, c.id, REVIEW_ID_MAX);
		*ret_n = c.nitems;
	}
	goto out_items;
out_rollback:
	store_rollback(ws->store);
out_items:
	/* The items borrowed their strings: free only the array. */
	free(c.items);
	population_release(&pop);
out:
	assure_buf_free(&entry);
	return rc;
}

static bool
names(const struct review_item *it, const char *account)
{
	return (it->login != NULL && strcasecmp(it->login, account) == 0) ||
	    (it->email != NULL && strcasecmp(it->email, account) == 0) ||
	    strcmp(it->account_id, account) == 0;
}

enum assure_err
review_decide(struct workspace *ws, const char *id, const char *account,
    const char *decision, const char *by, const char *note, int64_t now,
    struct assure_diag *reterr_diag)
{
	struct review_campaign c;
	struct review_item it;
	struct assure_buf entry;
	struct store_val p[6];
	const struct review_item *hit = NULL;
	enum assure_err rc;
	size_t i, nhits = 0;
	bool found;

	if (strcmp(decision, "keep") != 0 && strcmp(decision, "revoke") != 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, "decision", "expected keep or revoke, got '%s'",
		    decision);
	rc = review_load(ws->store, id, &c, &found, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (!found)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, id, 0,
		    0, NULL, "no such campaign (see 'assure review show')");
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	if (c.closed) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT, id, 0,
		    0, NULL, "the campaign is closed");
		goto out;
	}
	for (i = 0; i < c.nitems; i++)
		if (names(&c.items[i], account)) {
			hit = &c.items[i];
			nhits++;
		}
	if (nhits != 1) {
		rc = assure_diag_set(reterr_diag, nhits == 0 ?
		    ASSURE_ERR_NOTFOUND : ASSURE_ERR_CONFLICT, id, 0, 0,
		    "account", nhits == 0 ? "'%s' is not an account of this "
		    "campaign" : "'%s' names several accounts; give the "
		    "account id", account);
		goto out;
	}
	it = *hit;
	it.decision = (char *)(uintptr_t)decision;
	it.decided_by = (char *)(uintptr_t)by;
	it.decided_at = now;
	it.note = (char *)(uintptr_t)note;
	rc = store_begin(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	p[0] = STORE_TEXTV(decision);
	p[1] = STORE_TEXTV(by);
	p[2] = STORE_INTV(now);
	p[3] = STORE_OPTTEXT(note);
	p[4] = STORE_TEXTV(id);
	p[5] = STORE_INTV(hit->seq);
	rc = store_exec(ws->store, STMT_REVIEW_DECIDE, p, 6, NULL, NULL,
	    reterr_diag);
	if (rc != ASSURE_OK) {
		store_rollback(ws->store);
		goto out;
	}
	review_encode_decision(&entry, id, &it);
	rc = finish(ws, "review-decision", id, &entry, now, reterr_diag);
out:
	assure_buf_free(&entry);
	review_campaign_release(&c);
	return rc;
}

enum assure_err
review_close(struct workspace *ws, const char *id, const char *by,
    int64_t now, struct assure_diag *reterr_diag)
{
	struct review_campaign c;
	struct assure_buf entry;
	struct store_val p[3];
	enum assure_err rc;
	bool found;

	rc = review_load(ws->store, id, &c, &found, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (!found)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, id, 0,
		    0, NULL, "no such campaign (see 'assure review show')");
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	if (c.closed) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT, id, 0,
		    0, NULL, "the campaign is already closed");
		goto out;
	}
	if (c.undecided > 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT, id, 0,
		    0, NULL, "%zu of %zu accounts have no decision yet",
		    c.undecided, c.nitems);
		goto out;
	}
	c.closed = true;
	c.closed_at = now;
	assure_strlcpy(c.closed_by, by, sizeof(c.closed_by));
	rc = store_begin(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	p[0] = STORE_INTV(now);
	p[1] = STORE_TEXTV(by);
	p[2] = STORE_TEXTV(id);
	rc = store_exec(ws->store, STMT_REVIEW_CLOSE, p, 3, NULL, NULL,
	    reterr_diag);
	if (rc != ASSURE_OK) {
		store_rollback(ws->store);
		goto out;
	}
	review_encode_close(&entry, &c);
	rc = finish(ws, "review-close", id, &entry, now, reterr_diag);
out:
	assure_buf_free(&entry);
	review_campaign_release(&c);
	return rc;
}

/* ------------------------------------------------------------ JSON */

static void
ktri(struct jsonw *w, const char *key, int v)
{
	jsonw_key(w, key);
	if (v < 0)
		jsonw_null(w);
	else
		jsonw_bool(w, v != 0);
}

void
review_json(const struct review_campaign *c, bool with_items,
    struct jsonw *w)
{
	const struct review_item *it;
	size_t i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", c->id);
	jsonw_kstr(w, "system", c->system);
	jsonw_key(w, "tenant");
	jsonw_str_or_null(w, c->tenant[0] != '\0' ? c->tenant : NULL);
	jsonw_ktime(w, "as_of", c->as_of, true);
	jsonw_ktime(w, "started_at", c->started_at, true);
	jsonw_kstr(w, "started_by", c->started_by);
	jsonw_kstr(w, "state", c->closed ? "closed" : "open");
	jsonw_ktime(w, "closed_at", c->closed_at, c->closed);
	jsonw_key(w, "closed_by");
	jsonw_str_or_null(w, c->closed ? c->closed_by : NULL);
	jsonw_kint(w, "accounts", (long long)c->nitems);
	jsonw_kint(w, "undecided", (long long)c->undecided);
	if (with_items) {
		jsonw_key(w, "items");
		jsonw_arr_open(w);
		for (i = 0; i < c->nitems; i++) {
			it = &c->items[i];
			jsonw_obj_open(w);
			jsonw_kstr(w, "tenant", it->tenant);
			jsonw_kstr(w, "account_id", it->account_id);
			jsonw_key(w, "login");
			jsonw_str_or_null(w, it->login);
			jsonw_key(w, "email");
			jsonw_str_or_null(w, it->email);
			ktri(w, "admin", it->is_admin);
			ktri(w, "active", it->active);
			jsonw_key(w, "status");
			jsonw_str_or_null(w, it->status);
			jsonw_key(w, "decision");
			jsonw_str_or_null(w, it->decision);
			jsonw_key(w, "decided_by");
			jsonw_str_or_null(w, it->decided_by);
			jsonw_ktime(w, "decided_at", it->decided_at,
			    it->decided);
			jsonw_key(w, "note");
			jsonw_str_or_null(w, it->note);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
	}
	jsonw_obj_close(w);
}
