/*
 * page_reviews.c: access-review campaigns (src/review): the list, and one
 * campaign with every account frozen in it and, while it is open and for
 * a reviewer (owner and above), a keep and a revoke button per account
 * posting to /reviews/ID/decide (see pages.h).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "review/review.h"
#include "web/web.h"

bool
web_role_can_review(const char *role)
{
	return role != NULL && (strcmp(role, "owner") == 0 ||
	    strcmp(role, "manager") == 0 || strcmp(role, "admin") == 0);
}

enum assure_err
page_reviews(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Campaign", "System", "Tenant",
	    "Accounts as of", "Started", "Started by", "State", NULL };
	struct review_campaign *v = NULL;
	struct htmlw w;
	char a[32], b[32];
	size_t len0 = out->len, n = 0, i;
	enum assure_err rc;

	if ((rc = review_list(p->store, &v, &n, d)) != ASSURE_OK)
		return web_fail(out, len0, rc);
	web_begin(&w, p, out, "Access reviews", "Reviews");
	if (n == 0)
		web_pf(&w, "notice", "No access review yet: start one with "
		    "assure review start SYSTEM.");
	else {
		htmlw_open(&w, "table", "reviews");
		web_thead(&w, head);
		htmlw_open(&w, "tbody", NULL);
		for (i = n; i-- > 0;) {
			htmlw_open(&w, "tr", NULL);
			web_td_link(&w, "/reviews/", v[i].id, NULL, v[i].id);
			web_td(&w, NULL, v[i].system);
			web_td(&w, NULL, v[i].tenant[0] != '\0' ? v[i].tenant :
			    "all");
			web_date(v[i].as_of, a, sizeof(a));
			web_td(&w, NULL, a);
			web_date(v[i].started_at, b, sizeof(b));
			web_td(&w, NULL, b);
			web_td(&w, NULL, v[i].started_by);
			web_td(&w, v[i].closed ? "v-pass" : "v-none",
			    v[i].closed ? "closed" : "open");
			htmlw_close(&w);
		}
		htmlw_close(&w);
		htmlw_close(&w);
	}
	for (i = 0; i < n; i++)
		review_campaign_release(&v[i]);
	free(v);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}

/* The keep and revoke buttons of one account. */
static void
decide_form(struct htmlw *w, const struct web_page *p, const char *id,
    const struct review_item *it)
{
	char action[WEB_HREF_MAX];
	const char *const form[] = { "method", "post", "action", action,
	    NULL };
	const char *const acct[] = { "type", "hidden", "name", "account",
	    "value", it->account_id, NULL };
	const char *const keep[] = { "type", "submit", "name", "decision",
	    "value", "keep", NULL };
	const char *const revoke[] = { "type", "submit", "name", "decision",
	    "value", "revoke", NULL };

	web_href(action, sizeof(action), "/reviews/", id, "/decide");
	htmlw_open_attrs(w, "form", "decide", form);
	web_csrf(w, p);
	htmlw_void_attrs(w, "input", NULL, acct);
	htmlw_open_attrs(w, "button", NULL, keep);
	htmlw_text(w, "Keep");
	htmlw_close(w);
	htmlw_open_attrs(w, "button", NULL, revoke);
	htmlw_text(w, "Revoke");
	htmlw_close(w);
	htmlw_close(w);
}

enum assure_err
page_review(const struct web_page *p, const char *id, struct assure_buf *out,
    struct assure_diag *d)
{
	static const char *const head[] = { "Account", "E-mail", "Admin",
	    "Status", "Roles", "Decision", "By", NULL };
	static const char *const head_act[] = { "Account", "E-mail", "Admin",
	    "Status", "Roles", "Decision", "By", "Decide", NULL };
	struct review_campaign c;
	const struct review_item *it;
	struct htmlw w;
	char title[REVIEW_ID_MAX + 32], a[32];
	size_t len0 = out->len, i;
	bool found = false, act;
	enum assure_err rc;

	memset(&c, 0, sizeof(c));
	rc = review_load(p->store, id, &c, &found, d);
	if (rc != ASSURE_OK || !found) {
		review_campaign_release(&c);
		return web_fail(out, len0, rc != ASSURE_OK ? rc :
		    ASSURE_ERR_NOTFOUND);
	}
	act = !c.closed && web_role_can_review(p->role);
	snprintf(title, sizeof(title), "Access review %s", c.id);
	web_begin(&w, p, out, title, "Reviews");
	web_date(c.as_of, a, sizeof(a));
	web_pf(&w, "summary", "%s%s%s: %zu accounts as of %s, %zu undecided; "
	    "%s.", c.system, c.tenant[0] != '\0' ? " / " : "", c.tenant,
	    c.nitems, a, c.undecided, c.closed ? "closed" : act ?
	    "decide keep or revoke for each account" : "open");
	htmlw_open(&w, "table", "review");
	web_thead(&w, act ? head_act : head);
	htmlw_open(&w, "tbody", NULL);
	for (i = 0; i < c.nitems; i++) {
		it = &c.items[i];
		htmlw_open(&w, "tr", NULL);
		web_td(&w, NULL, it->login != NULL ? it->login :
		    it->account_id);
		web_td(&w, NULL, it->email != NULL ? it->email : "-");
		web_td(&w, it->is_admin == 1 ? "admin" : NULL,
		    it->is_admin == 1 ? "yes" : it->is_admin == 0 ? "no" :
		    "?");
		web_td(&w, NULL, it->status != NULL ? it->status : "-");
		web_td(&w, NULL, it->roles != NULL ? it->roles : "-");
		web_td(&w, it->decision == NULL ? "v-none" :
		    strcmp(it->decision, "keep") == 0 ? "v-pass" : "v-fail",
		    it->decision != NULL ? it->decision : "undecided");
		web_td(&w, NULL, it->decided_by != NULL ? it->decided_by :
		    "-");
		if (act) {
			htmlw_open(&w, "td", NULL);
			decide_form(&w, p, c.id, it);
			htmlw_close(&w);
		}
		htmlw_close(&w);
	}
	htmlw_close(&w);
	htmlw_close(&w);
	review_campaign_release(&c);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
