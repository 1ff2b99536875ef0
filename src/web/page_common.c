/*
 * page_common.c: the layout every dashboard page shares, and small
 * helpers (see web.h).
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "rules/rules.h"
#include "store/store.h"
#include "web/web.h"

static const struct {
	const char	*href;
	const char	*label;
} nav[] = {
	{ "/", "Overview" },
	{ "/controls", "Controls" },
	{ "/evidence", "Evidence" },
	{ "/policies", "Policies" },
	{ "/vendors", "Vendors" },
	{ "/risks", "Risks" },
	{ "/incidents", "Incidents" },
	{ "/reviews", "Reviews" },
	{ "/ledger", "Ledger" },
	{ "/reports", "Reports" },
};

void
web_begin(struct htmlw *w, const struct web_page *p, struct assure_buf *out,
    const char *title, const char *active)
{
	const char *const logout[] = { "method", "post", "action", "/logout",
	    NULL };
	const char *const submit[] = { "type", "submit", NULL };
	const char *a[5];
	char full[512];
	size_t i;

	htmlw_init(w, out);
	snprintf(full, sizeof(full), "%s - %s", title,
	    p->cfg != NULL && p->cfg->organisation[0] != '\0' ?
	    p->cfg->organisation : "assure");
	htmlw_begin_linked(w, full, WEB_CSS_HREF);
	htmlw_open(w, "header", "top");
	a[0] = "href";
	a[1] = "/";
	a[2] = NULL;
	htmlw_open_attrs(w, "a", "brand", a);
	htmlw_text(w, "assure");
	htmlw_close(w);
	if (p->cfg != NULL && p->cfg->organisation[0] != '\0')
		htmlw_elem(w, "span", "org", p->cfg->organisation);
	if (p->user != NULL) {
		a[0] = "aria-label";
		a[1] = "Main";
		a[2] = NULL;
		htmlw_open_attrs(w, "nav", NULL, a);
		htmlw_open(w, "ul", NULL);
		for (i = 0; i < ASSURE_ARRAY_LEN(nav); i++) {
			htmlw_open(w, "li", active != NULL &&
			    strcmp(active, nav[i].label) == 0 ? "active" :
			    NULL);
			web_link(w, nav[i].href, nav[i].label);
			htmlw_close(w);
		}
		/* /users is the admin's alone (the route refuses others). */
		if (p->role != NULL && strcmp(p->role, "admin") == 0) {
			htmlw_open(w, "li", active != NULL &&
			    strcmp(active, "Users") == 0 ? "active" : NULL);
			web_link(w, "/users", "Users");
			htmlw_close(w);
		}
		htmlw_close(w);
		htmlw_close(w);
		htmlw_open(w, "div", "who");
		htmlw_elem(w, "span", "user", p->user);
		if (p->role != NULL)
			htmlw_elem(w, "span", "role", p->role);
		htmlw_open_attrs(w, "form", "logout", logout);
		web_csrf(w, p);
		htmlw_open_attrs(w, "button", NULL, submit);
		htmlw_text(w, "Sign out");
		htmlw_close(w);
		htmlw_close(w);
		htmlw_close(w);
	}
	htmlw_close(w);
	htmlw_open(w, "main", NULL);
	htmlw_elem(w, "h1", NULL, title);
}

enum assure_err
web_end(struct htmlw *w, const struct web_page *p,
    struct assure_diag *d)
{
	char d1[16], d2[16], now[ASSURE_TIME_STRLEN];
	enum assure_err rc;

	while (w->depth > 1)	/* up to <body> */
		htmlw_close(w);
	htmlw_open(w, "footer", NULL);
	htmlw_open(w, "p", NULL);
	if (p->cfg != NULL) {
		web_date(p->cfg->period_start, d1, sizeof(d1));
		web_date(p->cfg->period_end, d2, sizeof(d2));
		htmlw_text(w, "Observation period ");
		htmlw_text(w, d1);
		htmlw_text(w, " to ");
		htmlw_text(w, d2);
		htmlw_text(w, ". ");
	}
	web_time(p->now, now, sizeof(now));
	htmlw_text(w, "Rendered ");
	htmlw_text(w, now);
	htmlw_text(w, " by assure.");
	htmlw_close(w);
	htmlw_close(w);
	htmlw_end(w);
	rc = assure_buf_err(w->out);
	if (rc != ASSURE_OK)
		return assure_diag_set(d, rc, NULL, 0, 0, NULL,
		    "rendering the page: %s", assure_strerror(rc));
	return ASSURE_OK;
}

enum assure_err
web_fail(struct assure_buf *out, size_t len, enum assure_err rc)
{
	if (out->data != NULL && out->len >= len) {
		out->len = len;
		out->data[len] = '\0';
	}
	return rc;
}

void
web_href(char *out, size_t size, const char *prefix, const char *seg,
    const char *suffix)
{
	static const char hex[] = "0123456789ABCDEF";
	struct assure_buf b;
	const unsigned char *s;

	assure_buf_init(&b, size);
	if (prefix != NULL)
		assure_buf_adds(&b, prefix);
	for (s = (const unsigned char *)(seg != NULL ? seg : ""); *s != '\0';
	    s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
		    *s == '_' || *s == '~')
			assure_buf_addc(&b, (char)*s);
		else {
			assure_buf_addc(&b, '%');
			assure_buf_addc(&b, hex[*s >> 4]);
			assure_buf_addc(&b, hex[*s & 15]);
		}
	}
	if (suffix != NULL)
		assure_buf_adds(&b, suffix);
	/* Too long for a link: point nowhere rather than somewhere else. */
	assure_strlcpy(out, assure_buf_err(&b) == ASSURE_OK ?
	    assure_buf_str(&b) : "#", size);
	assure_buf_free(&b);
}

void
web_link(struct htmlw *w, const char *href, const char *text)
{
	const char *const a[] = { "href", href, NULL };

	htmlw_open_attrs(w, "a", NULL, a);
	htmlw_text(w, text);
	htmlw_close(w);
}

void
web_td_link(struct htmlw *w, const char *prefix, const char *seg,
    const char *suffix, const char *text)
{
	char href[WEB_HREF_MAX];

	web_href(href, sizeof(href), prefix, seg, suffix);
	htmlw_open(w, "td", NULL);
	web_link(w, href, text);
	htmlw_close(w);
}

void
web_csrf(struct htmlw *w, const struct web_page *p)
{
	const char *const a[] = { "type", "hidden", "name", WEB_CSRF_FIELD,
	    "value", p->csrf != NULL ? p->csrf : "", NULL };

	htmlw_void_attrs(w, "input", NULL, a);
}

void
web_date(int64_t t, char *out, size_t size)
{
	char s[ASSURE_TIME_STRLEN];

	if (t == 0) {
		assure_strlcpy(out, "-", size);
		return;
	}
	assure_date_format(t, s);
	assure_strlcpy(out, s, size);
}

void
web_time(int64_t t, char *out, size_t size)
{
	char s[ASSURE_TIME_STRLEN];

	if (t == 0) {
		assure_strlcpy(out, "-", size);
		return;
	}
	assure_time_format(t, s);
	assure_strlcpy(out, s, size);
}

void
web_td(struct htmlw *w, const char *cls, const char *text)
{
	htmlw_elem(w, "td", cls, text != NULL ? text : "");
}

void
web_tdf(struct htmlw *w, const char *cls, const char *fmt, ...)
{
	char s[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	htmlw_elem(w, "td", cls, s);
}

void
web_pf(struct htmlw *w, const char *cls, const char *fmt, ...)
{
	char s[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	htmlw_elem(w, "p", cls, s);
}

void
web_thead(struct htmlw *w, const char *const *labels)
{
	htmlw_open(w, "thead", NULL);
	htmlw_open(w, "tr", NULL);
	for (; *labels != NULL; labels++)
		htmlw_elem(w, "th", NULL, *labels);
	htmlw_close(w);
	htmlw_close(w);
}

void
web_kv(struct htmlw *w, const char *k, const char *v)
{
	htmlw_elem(w, "dt", NULL, k);
	htmlw_elem(w, "dd", NULL, v != NULL ? v : "-");
}

const char *
web_verdict_text(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "pass";
	case VERDICT_FAIL:
		return "fail";
	case VERDICT_NO_EVIDENCE:
		return "no evidence";
	case VERDICT_ERROR:
		return "error";
	default:
		return "not tested";
	}
}

const char *
web_verdict_class(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "v-pass";
	case VERDICT_FAIL:
		return "v-fail";
	case VERDICT_NO_EVIDENCE:
		return "v-none";
	case VERDICT_ERROR:
		return "v-error";
	default:
		return "v-untested";
	}
}

void
web_td_verdict(struct htmlw *w, enum verdict v)
{
	htmlw_elem(w, "td", web_verdict_class(v), web_verdict_text(v));
}

static int
verdict_rank(enum verdict v)
{
	switch (v) {
	case VERDICT_ERROR:
		return 4;
	case VERDICT_FAIL:
		return 3;
	case VERDICT_NO_EVIDENCE:
		return 2;
	case VERDICT_PASS:
		return 1;
	default:
		return 0;
	}
}

enum verdict
web_verdict_worse(enum verdict a, enum verdict b)
{
	return verdict_rank(a) >= verdict_rank(b) ? a : b;
}

const struct test_result *
web_result(const struct evaluation *ev, const char *id)
{
	size_t i;

	for (i = 0; ev != NULL && i < ev->n; i++)
		if (strcmp(ev->results[i].test_id, id) == 0)
			return &ev->results[i];
	return NULL;
}

bool
web_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *s = list;

	while (s != NULL && *s != '\0') {
		if (strncmp(s, item, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return true;
		s = strchr(s, ',');
		if (s != NULL)
			s++;
	}
	return false;
}

bool
web_role_can_approve(const char *role)
{
	return role != NULL && (strcmp(role, "admin") == 0 ||
	    strcmp(role, "manager") == 0);
}

enum assure_err
page_error(const struct web_page *p, int status, const char *message,
    struct assure_buf *out)
{
	struct htmlw w;
	const char *title;
	char t[64];

	switch (status) {
	case 400:
		title = "Bad request";
		break;
	case 403:
		title = "Forbidden";
		break;
	case 404:
		title = "Not found";
		break;
	case 500:
		title = "Internal error";
		break;
	default:
		title = "Error";
		break;
	}
	snprintf(t, sizeof(t), "%d %s", status, title);
	web_begin(&w, p, out, t, NULL);
	htmlw_open(&w, "section", "error");
	htmlw_elem(&w, "p", "message", message != NULL ? message : title);
	htmlw_open(&w, "p", NULL);
	web_link(&w, "/", "Back to the overview");
	htmlw_close(&w);
	return web_end(&w, p, NULL);
}

static enum assure_err
last_in_period(const struct store_val *c, int n, void *arg)
{
	char *id = arg;

	if (n < 1 || c[0].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	/* In recording order: the last row is the newest. */
	assure_strlcpy(id, c[0].s, EVALUATION_ID_LEN);
	return ASSURE_OK;
}

enum assure_err
web_evaluation_load(struct store *s, bool scoped, int64_t start, int64_t end,
    struct evaluation *ret, bool *ret_found, struct assure_diag *d)
{
	struct store_val q[2];
	char id[EVALUATION_ID_LEN];
	enum assure_err rc;

	if (!scoped)
		return evaluation_load_latest(s, ret, ret_found, d);
	*ret_found = false;
	id[0] = '\0';
	q[0] = STORE_INTV(start);
	q[1] = STORE_INTV(end);
	rc = store_exec(s, STMT_EVAL_IN_PERIOD, q, 2, last_in_period, id, d);
	if (rc != ASSURE_OK || id[0] == '\0')
		return rc;
	return evaluation_load(s, id, ret, ret_found, d);
}

enum assure_err
page_evaluation(const struct web_page *p, struct evaluation *ret,
    bool *ret_found, struct assure_diag *d)
{
	return web_evaluation_load(p->store, p->scoped, p->scope_start,
	    p->scope_end, ret, ret_found, d);
}
