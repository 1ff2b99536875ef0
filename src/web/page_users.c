/*
 * page_users.c: /users, the engine's users and API tokens for an admin
 * (see pages.h), with a form per change the server can make: disable,
 * role (and an auditor's period), reset MFA, revoke a token.  Each form
 * names its user in a field, not in the path: a login name may hold '@',
 * which a route's id segment does not.
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "auth/users.h"
#include "common/timeutil.h"
#include "web/web.h"

/* A form of one button posting to action with the user (and extra). */
static void
button_form(struct htmlw *w, const struct web_page *p, const char *action,
    const char *user, const char *xname, const char *xvalue,
    const char *label)
{
	const char *const form[] = { "method", "post", "action", action,
	    NULL };
	const char *const who[] = { "type", "hidden", "name", "user",
	    "value", user, NULL };
	const char *const extra[] = { "type", "hidden", "name", xname,
	    "value", xvalue, NULL };
	const char *const submit[] = { "type", "submit", NULL };

	htmlw_open_attrs(w, "form", "inline", form);
	web_csrf(w, p);
	htmlw_void_attrs(w, "input", NULL, who);
	if (xname != NULL)
		htmlw_void_attrs(w, "input", NULL, extra);
	htmlw_open_attrs(w, "button", NULL, submit);
	htmlw_text(w, label);
	htmlw_close(w);
	htmlw_close(w);
}

/*
 * The role form: the user's role is the first option, so that it is the
 * one shown (the writer has no "selected"); the period is for auditors.
 */
static void
role_form(struct htmlw *w, const struct web_page *p,
    const struct auth_user *u)
{
	const char *const form[] = { "method", "post", "action",
	    "/users/role", NULL };
	const char *const who[] = { "type", "hidden", "name", "user",
	    "value", u->name, NULL };
	const char *const sel[] = { "name", "role", "aria-label", "Role",
	    NULL };
	char cur[48] = "", d1[16], d2[16];
	const char *const per[] = { "type", "text", "name", "period",
	    "value", cur, "placeholder", "auditor: START..END", "size", "23",
	    "aria-label", "Auditor period", NULL };
	const char *const submit[] = { "type", "submit", NULL };
	const char *opt[3] = { "value", NULL, NULL };
	int r;

	/* An auditor keeps the period unless the admin edits it. */
	if (u->has_period) {
		web_date(u->period_start, d1, sizeof(d1));
		web_date(u->period_end, d2, sizeof(d2));
		snprintf(cur, sizeof(cur), "%s..%s", d1, d2);
	}
	htmlw_open_attrs(w, "form", "inline", form);
	web_csrf(w, p);
	htmlw_void_attrs(w, "input", NULL, who);
	htmlw_open_attrs(w, "select", NULL, sel);
	opt[1] = auth_role_name(u->role);
	htmlw_open_attrs(w, "option", NULL, opt);
	htmlw_text(w, opt[1]);
	htmlw_close(w);
	for (r = AUTH_ROLE__MAX - 1; r >= 0; r--) {
		if ((enum auth_role)r == u->role)
			continue;
		opt[1] = auth_role_name((enum auth_role)r);
		htmlw_open_attrs(w, "option", NULL, opt);
		htmlw_text(w, opt[1]);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_void_attrs(w, "input", NULL, per);
	htmlw_open_attrs(w, "button", NULL, submit);
	htmlw_text(w, "Change role");
	htmlw_close(w);
	htmlw_close(w);
}

static void
users_table(struct htmlw *w, const struct web_page *p,
    const struct auth_users *us)
{
	static const char *const head[] = { "User", "Name", "Role",
	    "Auditor period", "MFA", "Disabled", "Failed logins", "Locked "
	    "until", "Actions", NULL };
	const struct auth_user *u;
	char t1[16], t2[16], t[ASSURE_TIME_STRLEN];
	size_t i;
	bool self;

	htmlw_open(w, "table", "users");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (i = 0; i < us->n; i++) {
		u = &us->v[i];
		self = p->user != NULL && strcmp(p->user, u->name) == 0;
		htmlw_open(w, "tr", u->disabled ? "disabled" : NULL);
		web_td(w, NULL, u->name);
		web_td(w, NULL, u->display);
		web_td(w, NULL, auth_role_name(u->role));
		if (u->has_period) {
			web_date(u->period_start, t1, sizeof(t1));
			web_date(u->period_end, t2, sizeof(t2));
			web_tdf(w, NULL, "%s to %s", t1, t2);
		} else
			web_td(w, NULL, "-");
		web_td(w, NULL, u->totp_enrolled ? "enrolled" :
		    auth_role_needs_mfa(u->role) ? "not enrolled (required)" :
		    "not enrolled");
		web_td(w, NULL, u->disabled ? "yes" : "no");
		web_tdf(w, "n", "%lld", (long long)u->failed_logins);
		if (u->locked_until > p->now) {
			web_time(u->locked_until, t, sizeof(t));
			web_td(w, NULL, t);
		} else
			web_td(w, NULL, "-");
		htmlw_open(w, "td", "actions");
		/* The server refuses these for oneself; so does the page. */
		if (!self) {
			role_form(w, p, u);
			if (!u->disabled)
				button_form(w, p, "/users/disable", u->name,
				    NULL, NULL, "Disable");
		}
		if (u->totp_enrolled)
			button_form(w, p, "/users/reset-mfa", u->name, NULL,
			    NULL, "Reset MFA");
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
}

static void
tokens_table(struct htmlw *w, const struct web_page *p,
    const struct auth_tokens *ts)
{
	static const char *const head[] = { "User", "Label", "Id", "Role",
	    "Created", "Expires", "Revoked", "Action", NULL };
	const struct auth_token *t;
	char s[ASSURE_TIME_STRLEN];
	size_t i;

	htmlw_elem(w, "h2", NULL, "API tokens");
	if (ts->n == 0) {
		web_pf(w, "note", "No API token.");
		return;
	}
	htmlw_open(w, "table", "tokens");
	web_thead(w, head);
	htmlw_open(w, "tbody", NULL);
	for (i = 0; i < ts->n; i++) {
		t = &ts->v[i];
		htmlw_open(w, "tr", t->revoked ? "revoked" : NULL);
		web_td(w, NULL, t->user);
		web_td(w, NULL, t->name);
		web_td(w, "id", t->id);
		web_td(w, NULL, auth_role_name(t->role));
		web_time(t->created_at, s, sizeof(s));
		web_td(w, NULL, s);
		if (t->expires) {
			web_time(t->expires_at, s, sizeof(s));
			web_td(w, t->expires_at <= p->now ? "expired" : NULL,
			    s);
		} else
			web_td(w, NULL, "never");
		if (t->revoked) {
			web_time(t->revoked_at, s, sizeof(s));
			web_td(w, NULL, s);
		} else
			web_td(w, NULL, "-");
		htmlw_open(w, "td", "actions");
		if (!t->revoked)
			button_form(w, p, "/users/revoke-token", t->user,
			    "token", t->id, "Revoke");
		else
			htmlw_text(w, "-");
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_close(w);
}

enum assure_err
page_users(const struct web_page *p, struct assure_buf *out,
    struct assure_diag *d)
{
	struct auth_users us;
	struct auth_tokens ts;
	struct htmlw w;
	size_t len0 = out->len;
	enum assure_err rc;

	memset(&ts, 0, sizeof(ts));
	rc = user_list(p->store, &us, d);
	if (rc == ASSURE_OK)
		rc = token_list(p->store, &ts, d);
	if (rc != ASSURE_OK) {
		auth_users_release(&us);
		return web_fail(out, len0, rc);
	}
	web_begin(&w, p, out, "Users", "Users");
	web_pf(&w, "note", "Every change here is recorded in the ledger with "
	    "you as its actor, as assure user records it.  Adding a user, "
	    "setting a password, enrolling TOTP and creating an API token "
	    "stay with the command line (assure user add, passwd, totp, "
	    "token): they show a secret once, which a page should not.");
	if (us.n == 0)
		web_pf(&w, "notice", "No user yet: assure user add.");
	else
		users_table(&w, p, &us);
	tokens_table(&w, p, &ts);
	auth_users_release(&us);
	auth_tokens_release(&ts);
	rc = web_end(&w, p, d);
	return rc == ASSURE_OK ? rc : web_fail(out, len0, rc);
}
