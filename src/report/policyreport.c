/*
 * policyreport.c: the policy set as one document (see policyreport.h).
 *
 * Everything but a policy's body goes through the escaping doc writer.
 * The body is Markdown written by the organisation; md4c renders it with
 * raw HTML disabled, so markup in the text is shown, never interpreted.
 * md4c still makes links of any URL, javascript: included, so its output
 * is filtered before it is appended (filter_links()).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <md4c.h>
#include <md4c-html.h>

#include "common/fileio.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "report/policyreport.h"
#include "store/store.h"

#define DAY	86400

/*
 * CommonMark with tables and ~~strikethrough~~, without raw HTML blocks
 * or spans and without the permissive (bare URL) autolinks.
 */
#define POLREP_MD_FLAGS	(MD_FLAG_NOHTML | MD_FLAG_TABLES | \
    MD_FLAG_STRIKETHROUGH)

static const char *const status_names[] = {
	[POLREP_APPROVED] = "approved",
	[POLREP_CHANGED] = "changed since approval",
	[POLREP_NOT_APPROVED] = "not approved",
};

static const char *const status_json[] = {
	[POLREP_APPROVED] = "approved",
	[POLREP_CHANGED] = "changed-since-approval",
	[POLREP_NOT_APPROVED] = "not-approved",
};

/* Cell colours in the table of contents (doc.c's style sheet). */
static const char *const status_cell[] = {
	[POLREP_APPROVED] = "in",
	[POLREP_CHANGED] = "partial",
	[POLREP_NOT_APPROVED] = "gap",
};

/* The status line above an approval block. */
static const char *const status_para[] = {
	[POLREP_APPROVED] = "st-approved",
	[POLREP_CHANGED] = "st-changed",
	[POLREP_NOT_APPROVED] = "st-not-approved",
};

static bool
management(const struct config *cfg, const char *who)
{
	size_t i;

	if (cfg == NULL || cfg->policy.approvers.n == 0)
		return true;
	for (i = 0; i < cfg->policy.approvers.n; i++)
		if (strcasecmp(cfg->policy.approvers.item[i], who) == 0)
			return true;
	return false;
}

/*
 * As policy.approved (rules/tests_policy.c): the current text is approved
 * when an approval with its digest is recorded, even if a later approval
 * was of other text (the text was then reverted to what was approved).
 */
void
polrep_judge(struct polrep_item *it, const struct policy_approvals *a,
    const struct config *cfg)
{
	char hex[ASSURE_SHA256_HEXLEN + 1];

	assure_hex(it->p->body_sha256, sizeof(it->p->body_sha256), hex);
	it->cur = policy_approvals_newest(a, it->p->id, hex);
	it->last = policy_approvals_newest(a, it->p->id, NULL);
	it->by_management = it->cur != NULL && management(cfg, it->cur->by);
	if (it->cur != NULL)
		it->status = POLREP_APPROVED;
	else if (it->last != NULL)
		it->status = POLREP_CHANGED;
	else
		it->status = POLREP_NOT_APPROVED;
}

/* ------------------------------------------------------------ Markdown */

static void
md_out_cb(const MD_CHAR *s, MD_SIZE n, void *arg)
{
	assure_buf_add(arg, s, n);
}

/*
 * Whether a URL as md4c wrote it into an attribute may stay live: one
 * without a scheme (relative, a fragment) or with http, https or mailto.
 * Anything before the first ':' that is not one of those, written in any
 * case or encoding (md4c decodes entities and percent-encodes the rest),
 * makes it unsafe.
 */
static bool
url_safe(const char *u, size_t n)
{
	static const char *const schemes[] = { "http", "https", "mailto" };
	size_t i, k;

	for (i = 0; i < n; i++)
		if (u[i] == '/' || u[i] == '?' || u[i] == '#')
			return true;
		else if (u[i] == ':')
			break;
	if (i == n)
		return true;
	for (k = 0; k < ASSURE_ARRAY_LEN(schemes); k++)
		if (strlen(schemes[k]) == i &&
		    strncasecmp(u, schemes[k], i) == 0)
			return true;
	return false;
}

/*
 * Copy md4c's HTML s[0..n) to out, dropping the href of a link and the
 * src of an image whose URL is not url_safe().  With raw HTML disabled
 * every '<' of the text is escaped, so these byte sequences can only be
 * md4c's own tags, and its URLs never hold a '"' (it percent-encodes it).
 */
static void
filter_links(const char *s, size_t n, struct assure_buf *out)
{
	static const char *const attrs[] = { "<a href=\"", "<img src=\"" };
	const char *p = s, *end = s + n, *hit, *q, *u, *e;
	size_t k, tag;

	for (;;) {
		hit = NULL;
		tag = 0;
		for (k = 0; k < ASSURE_ARRAY_LEN(attrs); k++) {
			q = memmem(p, (size_t)(end - p), attrs[k],
			    strlen(attrs[k]));
			if (q != NULL && (hit == NULL || q < hit)) {
				hit = q;
				tag = k;
			}
		}
		if (hit == NULL)
			break;
		u = hit + strlen(attrs[tag]);
		e = memchr(u, '"', (size_t)(end - u));
		if (e == NULL)
			break;
		if (url_safe(u, (size_t)(e - u))) {
			assure_buf_add(out, p, (size_t)(e + 1 - p));
		} else {
			/* "<a" or "<img", then what followed the URL. */
			assure_buf_add(out, p, (size_t)(hit - p));
			assure_buf_adds(out, tag == 0 ? "<a" : "<img");
		}
		p = e + 1;
	}
	assure_buf_add(out, p, (size_t)(end - p));
}

int
polrep_markdown_html(const char *md, size_t n, struct assure_buf *out)
{
	struct assure_buf raw;
	int rc;

	assure_buf_init(&raw, 0);
	rc = md_html(md, (MD_SIZE)n, md_out_cb, &raw, POLREP_MD_FLAGS,
	    MD_HTML_FLAG_SKIP_UTF8_BOM);
	if (rc == 0 && assure_buf_err(&raw) == ASSURE_OK)
		filter_links(raw.data != NULL ? raw.data : "", raw.len, out);
	else if (rc == 0)
		out->err = assure_buf_err(&raw);
	assure_buf_free(&raw);
	return rc == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ document */

struct counts {
	size_t	st[3];
};

static void
count(const struct polrepdoc *r, struct counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->n; i++)
		c->st[r->items[i].status]++;
}

static void
audience(const struct policy *p, char *out, size_t size)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < p->naudience && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i > 0 ? ", " : "", p->audience[i]);
}

static void
json_approval(struct jsonw *w, const struct policy_approval_row *a)
{
	char t[ASSURE_TIME_STRLEN];

	jsonw_obj_open(w);
	jsonw_kstr(w, "by", a->by);
	assure_time_format(a->at, t);
	jsonw_kstr(w, "at", t);
	jsonw_kstr(w, "body_sha256", a->sha);
}

static void
json(const struct polrepdoc *r, const struct counts *c,
    struct assure_buf *out)
{
	char t[ASSURE_TIME_STRLEN], hex[ASSURE_SHA256_HEXLEN + 1];
	const struct polrep_item *it;
	const struct policy *p;
	struct jsonw w;
	size_t i, k;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "organisation", r->cfg->organisation);
	assure_time_format(r->generated, t);
	jsonw_kstr(&w, "generated", t);
	jsonw_kint(&w, "policies_total", (long long)r->n);
	jsonw_kint(&w, "approved", (long long)c->st[POLREP_APPROVED]);
	jsonw_kint(&w, "changed_since_approval",
	    (long long)c->st[POLREP_CHANGED]);
	jsonw_kint(&w, "not_approved", (long long)c->st[POLREP_NOT_APPROVED]);
	jsonw_key(&w, "policies");
	jsonw_arr_open(&w);
	for (i = 0; i < r->n; i++) {
		it = &r->items[i];
		p = it->p;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", p->id);
		jsonw_kstr(&w, "title", p->title);
		jsonw_kstr(&w, "version", p->version);
		jsonw_kstr(&w, "owner", p->owner);
		assure_date_format(p->effective, t);
		jsonw_kstr(&w, "effective", t);
		jsonw_kint(&w, "review_every_days",
		    (long long)(p->review_every / DAY));
		jsonw_ktime(&w, "next_review_due", it->last != NULL ?
		    it->last->at + p->review_every : 0, it->last != NULL);
		jsonw_key(&w, "audience");
		jsonw_arr_open(&w);
		for (k = 0; k < p->naudience; k++)
			jsonw_str(&w, p->audience[k]);
		jsonw_arr_close(&w);
		jsonw_kstr(&w, "source", p->source);
		assure_hex(p->body_sha256, sizeof(p->body_sha256), hex);
		jsonw_kstr(&w, "body_sha256", hex);
		jsonw_kstr(&w, "status", status_json[it->status]);
		jsonw_key(&w, "approval");
		if (it->cur != NULL) {
			json_approval(&w, it->cur);
			jsonw_key(&w, "ledger_index");
			if (it->ledger_index >= 0)
				jsonw_int(&w, (long long)it->ledger_index);
			else
				jsonw_null(&w);
			jsonw_kbool(&w, "by_management", it->by_management);
			jsonw_obj_close(&w);
		} else
			jsonw_null(&w);
		jsonw_key(&w, "last_approval");
		if (it->last != NULL) {
			json_approval(&w, it->last);
			jsonw_obj_close(&w);
		} else
			jsonw_null(&w);
		jsonw_key(&w, "front_matter_approved_by");
		jsonw_str_or_null(&w, p->approved_by);
		jsonw_ktime(&w, "front_matter_approved_at", p->approved_at,
		    p->approved_by != NULL);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

/* The approval block of one policy: its metadata and approval state. */
static void
approval_block(struct doc *d, const struct polrepdoc *r,
    const struct polrep_item *it)
{
	const struct policy *p = it->p;
	char hex[ASSURE_SHA256_HEXLEN + 1], t1[ASSURE_TIME_STRLEN];
	char t2[ASSURE_TIME_STRLEN], aud[512];
	int64_t due;

	assure_hex(p->body_sha256, sizeof(p->body_sha256), hex);
	if (d->fmt == DOC_HTML)
		htmlw_elem(&d->html, "p", status_para[it->status],
		    it->status == POLREP_APPROVED ? "Approved in its current "
		    "version" : it->status == POLREP_CHANGED ? "Changed since "
		    "approval: the current text is not approved" :
		    "Not approved");
	doc_meta_begin(d);
	doc_meta(d, "Policy", "%s", p->id);
	doc_meta(d, "Version", "%s", p->version);
	doc_meta(d, "Owner", "%s", p->owner);
	assure_date_format(p->effective, t1);
	doc_meta(d, "Effective", "%s", t1);
	doc_meta(d, "Review interval", "%lld days",
	    (long long)(p->review_every / DAY));
	if (it->last != NULL) {
		due = it->last->at + p->review_every;
		assure_date_format(due, t1);
		assure_date_format(it->last->at, t2);
		doc_meta(d, "Next review due", "%s (from the approval of %s)%s",
		    t1, t2, due < r->generated ? ": overdue" : "");
	} else
		doc_meta(d, "Next review due", "now: never approved");
	audience(p, aud, sizeof(aud));
	doc_meta(d, "Audience", "%s", aud);
	doc_meta(d, "Status", "%s", status_names[it->status]);
	switch (it->status) {
	case POLREP_APPROVED:
		assure_time_format(it->cur->at, t1);
		doc_meta(d, "Approved", "by %s at %s%s", it->cur->by, t1,
		    it->by_management ? "" : " (not among policy.approvers)");
		if (it->ledger_index >= 0)
			doc_meta(d, "Ledger entry", "%lld (policy-approval "
			    "%s@%.16s...)", (long long)it->ledger_index,
			    p->id, it->cur->sha);
		else
			doc_meta(d, "Ledger entry", "not found");
		doc_meta(d, "Approved text", "sha256:%s", it->cur->sha);
		if (it->last != it->cur) {
			assure_time_format(it->last->at, t2);
			doc_meta(d, "Later approval", "of other text "
			    "(sha256:%.16s...) by %s at %s", it->last->sha,
			    it->last->by, t2);
		}
		break;
	case POLREP_CHANGED:
		assure_time_format(it->last->at, t1);
		doc_meta(d, "Last approval", "of earlier text (sha256:%.16s...) "
		    "by %s at %s", it->last->sha, it->last->by, t1);
		doc_meta(d, "Current text", "sha256:%s, not approved", hex);
		break;
	case POLREP_NOT_APPROVED:
		doc_meta(d, "Current text", "sha256:%s, no approval recorded",
		    hex);
		break;
	}
	if (p->approved_by != NULL) {
		assure_time_format(p->approved_at, t1);
		doc_meta(d, "Front matter", "approved_by %s, approved_at %s "
		    "(as written in the file; the ledger decides the status)",
		    p->approved_by, t1);
	}
	doc_meta_end(d);
}

static void
body(struct doc *d, const struct polrep_item *it)
{
	struct assure_buf html;

	if (d->fmt == DOC_MARKDOWN) {
		/* Already Markdown: as written, under the approval block. */
		assure_buf_add(d->out, it->body, it->body_len);
		if (it->body_len > 0 && it->body[it->body_len - 1] != '\n')
			assure_buf_addc(d->out, '\n');
		assure_buf_addc(d->out, '\n');
		return;
	}
	assure_buf_init(&html, 0);
	htmlw_open(&d->html, "div", "policy-body");
	if (polrep_markdown_html(it->body, it->body_len, &html) == 0 &&
	    assure_buf_err(&html) == ASSURE_OK)
		htmlw_trusted_fragment(&d->html, html.data != NULL ?
		    html.data : "", html.len);
	else {
		/* md4c failed (memory): the text itself, escaped. */
		assure_buf_reset(&html);
		assure_buf_add(&html, it->body, it->body_len);
		htmlw_elem(&d->html, "pre", NULL, assure_buf_str(&html));
	}
	htmlw_close(&d->html);
	assure_buf_free(&html);
}

void
report_policies(const struct polrepdoc *r, enum doc_format fmt,
    struct assure_buf *out)
{
	static const char *const toccols[] = { "Policy", "Title", "Version",
	    "Owner", "Status" };
	const struct polrep_item *it;
	char t[ASSURE_TIME_STRLEN], sub[300];
	struct counts c;
	struct doc d;
	size_t i;

	count(r, &c);
	if (fmt == DOC_JSON) {
		json(r, &c, out);
		return;
	}
	snprintf(sub, sizeof(sub), "The policies of %s", r->cfg->organisation);
	doc_init(&d, fmt, out);
	doc_begin(&d, "Policies", sub);
	doc_meta_begin(&d);
	doc_meta(&d, "Organisation", "%s", r->cfg->organisation);
	doc_meta(&d, "System", "%s", r->cfg->system);
	assure_time_format(r->generated, t);
	doc_meta(&d, "Generated", "%s", t);
	doc_meta(&d, "Policies", "%zu", r->n);
	doc_meta(&d, "Approved in their current version", "%zu of %zu",
	    c.st[POLREP_APPROVED], r->n);
	doc_meta(&d, "Changed since approval", "%zu",
	    c.st[POLREP_CHANGED]);
	doc_meta(&d, "Not approved", "%zu", c.st[POLREP_NOT_APPROVED]);
	doc_meta_end(&d);

	doc_heading(&d, 2, "Contents");
	if (r->n == 0)
		doc_para(&d, "No policy in policies/.");
	else {
		doc_table_begin(&d, "crit", toccols, 5);
		for (i = 0; i < r->n; i++) {
			it = &r->items[i];
			doc_cell(&d, "%s", it->p->id);
			doc_cell(&d, "%s", it->p->title);
			doc_cell(&d, "%s", it->p->version);
			doc_cell(&d, "%s", it->p->owner);
			doc_cell_class(&d, status_cell[it->status], "%s",
			    status_names[it->status]);
		}
		doc_table_end(&d);
	}
	doc_note(&d, "A policy is approved in its current version when the "
	    "ledger records an approval (assure policy approve) of the "
	    "SHA-256 of its current body, the text after the front matter; "
	    "changed since approval when it records approvals of other text "
	    "only.  The front matter's approved_by and approved_at are shown "
	    "as written and do not decide the status.");

	for (i = 0; i < r->n; i++) {
		it = &r->items[i];
		/* Each policy starts a printed page (section.policy). */
		if (fmt == DOC_HTML)
			htmlw_open(&d.html, "section", "policy");
		doc_heading(&d, 2, "%s: %s", it->p->id, it->p->title);
		approval_block(&d, r, it);
		body(&d, it);
		if (fmt == DOC_HTML)
			htmlw_close(&d.html);
	}
	assure_time_format(r->generated, t);
	snprintf(sub, sizeof(sub), "Generated by assure at %s from policies/ "
	    "and the approvals recorded in the ledger.", t);
	doc_end(&d, sub);
	doc_release(&d);
}

/* ------------------------------------------------------------ loading */

static enum assure_err
max_idx_cb(const struct store_val *c, int n, void *arg)
{
	int64_t *idx = arg;

	if (n >= 1 && c[0].type == STORE_INT && c[0].i > *idx)
		*idx = c[0].i;
	return ASSURE_OK;
}

/*
 * The ledger entry of the newest approval of p's current text: entries
 * of one text share the ref "ID@HEX" and are appended in the order of
 * the approvals, so the newest is the highest index.
 */
static enum assure_err
ledger_index(const struct workspace *ws, const struct polrep_item *it,
    int64_t *ret, struct assure_diag *d)
{
	struct store_val v[1];
	char ref[300];

	*ret = -1;
	snprintf(ref, sizeof(ref), "%s@%s", it->p->id, it->cur->sha);
	v[0] = STORE_TEXTV(ref);
	return store_exec(ws->store, STMT_LEDGER_ENTRY_BY_REF, v, 1,
	    max_idx_cb, ret, d);
}

enum assure_err
polrep_load(const struct workspace *ws, struct polrep *r,
    struct assure_diag *d)
{
	unsigned char dg[ASSURE_SHA256_LEN];
	char dir[WORKSPACE_PATH_MAX];
	const struct policy *p;
	struct assure_buf *f;
	enum assure_err rc;
	size_t i;

	memset(r, 0, sizeof(*r));
	policy_set_init(&r->set);
	if (snprintf(dir, sizeof(dir), "%s/%s", ws->root, POLICIES_DIR) >=
	    (int)sizeof(dir))
		return assure_diag_set(d, ASSURE_ERR_LIMIT, ws->root, 0, 0,
		    NULL, "path too long");
	rc = policies_load_dir(&r->set, dir, d);
	if (rc == ASSURE_OK)
		rc = policy_approvals_load(ws->store, INT64_MAX, &r->ap, d);
	if (rc != ASSURE_OK || r->set.n == 0)
		return rc;
	r->items = calloc(r->set.n, sizeof(*r->items));
	r->files = calloc(r->set.n, sizeof(*r->files));
	if (r->items == NULL || r->files == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, NULL, 0, 0, NULL,
		    "out of memory");
	for (i = 0; i < r->set.n; i++) {
		p = &r->set.v[i];
		f = &r->files[i];
		assure_buf_init(f, POLICY_FILE_MAX + 1);
		r->n = i + 1;
		rc = assure_file_read(p->source, f, d);
		if (rc != ASSURE_OK)
			return rc;
		/* The body shown must be the body the status is about. */
		if (f->len != p->size || assure_sha256(f->data +
		    p->body_offset, f->len - p->body_offset, dg) !=
		    ASSURE_OK || memcmp(dg, p->body_sha256, sizeof(dg)) != 0)
			return assure_diag_set(d, ASSURE_ERR_IO, p->source, 0,
			    0, NULL, "changed while the report was being "
			    "written; run it again");
		r->items[i].p = p;
		r->items[i].body = f->data + p->body_offset;
		r->items[i].body_len = f->len - p->body_offset;
		r->items[i].ledger_index = -1;
		polrep_judge(&r->items[i], &r->ap, &ws->cfg);
		if (r->items[i].cur != NULL) {
			rc = ledger_index(ws, &r->items[i],
			    &r->items[i].ledger_index, d);
			if (rc != ASSURE_OK)
				return rc;
		}
	}
	return ASSURE_OK;
}

void
polrep_release(struct polrep *r)
{
	size_t i;

	for (i = 0; r->files != NULL && i < r->n; i++)
		assure_buf_free(&r->files[i]);
	free(r->files);
	free(r->items);
	policy_approvals_release(&r->ap);
	policy_set_release(&r->set);
	memset(r, 0, sizeof(*r));
}
