/*
 * web.h: what the page renderers share (page_common.c): the layout, links
 * with percent-encoded segments, dates, verdict labels.  Internal to
 * src/web/.
 */
#ifndef ASSURE_WEB_WEB_H
#define ASSURE_WEB_WEB_H

#include "common/buf.h"
#include "common/compat.h"
#include "report/html.h"
#include "rules/rules.h"
#include "web/pages.h"

#define WEB_HREF_MAX	1024

/*
 * Start the document: head, header with navigation (active: the nav
 * entry to mark, or NULL), the h1 title, and open <main>.
 */
void web_begin(struct htmlw *w, const struct web_page *p,
    struct assure_buf *out, const char *title, const char *active);
/* Close <main>, write the footer, end the document; out's error. */
enum assure_err web_end(struct htmlw *w, const struct web_page *p,
    struct assure_diag *reterr_diag);
/* On failure: drop what was appended since len, return rc. */
enum assure_err web_fail(struct assure_buf *out, size_t len,
    enum assure_err rc);

/*
 * prefix, seg percent-encoded (every byte but A-Z a-z 0-9 - . _ ~), then
 * suffix (either may be NULL) into out.
 */
void web_href(char *out, size_t size, const char *prefix, const char *seg,
    const char *suffix);
/* <a href="href">text</a>. */
void web_link(struct htmlw *w, const char *href, const char *text);
/* <td> holding a link to prefix+seg+suffix showing text. */
void web_td_link(struct htmlw *w, const char *prefix, const char *seg,
    const char *suffix, const char *text);
/* The hidden CSRF input of a form. */
void web_csrf(struct htmlw *w, const struct web_page *p);

/* "YYYY-MM-DD", or "-" for 0. */
void web_date(int64_t t, char *out, size_t size);
/* RFC 3339, or "-" for 0. */
void web_time(int64_t t, char *out, size_t size);

/* <td class="cls">printf text</td>, escaped. */
void web_tdf(struct htmlw *w, const char *cls, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);
void web_td(struct htmlw *w, const char *cls, const char *text);
/* A header row of NULL-terminated labels. */
void web_thead(struct htmlw *w, const char *const *labels);
/* <dt>k</dt><dd>v</dd>. */
void web_kv(struct htmlw *w, const char *k, const char *v);
/* <p class="cls">printf text</p>, escaped. */
void web_pf(struct htmlw *w, const char *cls, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);

/* "pass", "fail", "no evidence", "error" and the class "v-pass", ... */
const char *web_verdict_text(enum verdict v);
const char *web_verdict_class(enum verdict v);
/* A verdict as a <td> with its colour. */
void web_td_verdict(struct htmlw *w, enum verdict v);
/* Which of two verdicts is worse (error, fail, no_evidence, pass). */
enum verdict web_verdict_worse(enum verdict a, enum verdict b);

/* The result of test id in ev, or NULL. */
const struct test_result *web_result(const struct evaluation *ev,
    const char *id);
/* Whether the comma-separated list has item. */
bool web_list_has(const char *list, const char *item);

#endif
