/*
 * alert.c: webhook alerts (see alert.h): what turned bad, as a document
 * Slack's incoming webhooks take and any receiver can read.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/alert.h"
#include "collect/http.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "rules/rules.h"

static const struct test_result *
find_result(const struct evaluation *ev, const char *id)
{
	size_t i;

	for (i = 0; i < ev->n; i++)
		if (strcmp(ev->results[i].test_id, id) == 0)
			return &ev->results[i];
	return NULL;
}

static bool
failing(enum verdict v)
{
	return v == VERDICT_FAIL || v == VERDICT_ERROR;
}

enum assure_err
alert_turns_find(const struct evaluation *prev, const struct evaluation *cur,
    struct alert_turns *ret)
{
	const struct test_result *p;
	size_t i;

	memset(ret, 0, sizeof(*ret));
	if (cur->n == 0)
		return ASSURE_OK;
	if ((ret->idx = calloc(cur->n, sizeof(*ret->idx))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < cur->n; i++) {
		if (!failing(cur->results[i].verdict))
			continue;
		/* Only a turn: a test failing before, or new, is not news
		 * the next time round. */
		p = prev != NULL ? find_result(prev, cur->results[i].test_id) :
		    NULL;
		if (p != NULL && p->verdict == VERDICT_PASS)
			ret->idx[ret->n++] = i;
	}
	return ASSURE_OK;
}

void
alert_turns_release(struct alert_turns *t)
{
	free(t->idx);
	memset(t, 0, sizeof(*t));
}

/* base_url with path (which begins with '/') and id, or NULL. */
static void
link_to(const char *base_url, const char *path, const char *id, char *out,
    size_t size)
{
	size_t n;

	out[0] = '\0';
	if (base_url == NULL || *base_url == '\0')
		return;
	n = strlen(base_url);
	while (n > 0 && base_url[n - 1] == '/')
		n--;
	snprintf(out, size, "%.*s%s%s", (int)n, base_url, path,
	    id != NULL ? id : "");
}

/* Slack's blocks: a header line and a section of mrkdwn text. */
static void
blocks(struct jsonw *w, const char *title, const char *body)
{
	jsonw_key(w, "blocks");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "section");
	jsonw_key(w, "text");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "mrkdwn");
	jsonw_kstr(w, "text", title);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	if (body != NULL && *body != '\0') {
		jsonw_obj_open(w);
		jsonw_kstr(w, "type", "section");
		jsonw_key(w, "text");
		jsonw_obj_open(w);
		jsonw_kstr(w, "type", "mrkdwn");
		jsonw_kstr(w, "text", body);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

void
alert_test_json(const char *organisation, const char *base_url,
    const struct evaluation *ev, const struct test_result *r,
    struct assure_buf *out)
{
	struct assure_buf title, body;
	struct jsonw w;
	char url[2048], when[ASSURE_TIME_STRLEN];
	size_t i, shown = 0, nfail = result_failures(r);

	link_to(base_url, "/tests/", r->test_id, url, sizeof(url));
	assure_time_format(ev->as_of, when);
	assure_buf_init(&title, 4096);
	assure_buf_init(&body, 64 * 1024);
	assure_buf_printf(&title, "%s: test %s now %s (%zu exception%s)",
	    organisation, r->test_id, verdict_name(r->verdict), nfail,
	    nfail == 1 ? "" : "s");
	if (r->reason != NULL)
		assure_buf_printf(&body, "%s\n", r->reason);
	for (i = 0; i < r->nexc && shown < ALERT_EXCEPTIONS_MAX; i++) {
		if (r->exc[i].warning)
			continue;
		assure_buf_printf(&body, "- %s: %s\n", r->exc[i].subject,
		    r->exc[i].reason);
		shown++;
	}
	if (nfail > shown)
		assure_buf_printf(&body, "... and %zu more\n", nfail - shown);
	if (url[0] != '\0')
		assure_buf_printf(&body, "%s\n", url);

	jsonw_init(&w, out, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "text", assure_buf_str(&title));
	blocks(&w, assure_buf_str(&title), assure_buf_str(&body));
	jsonw_key(&w, "assure");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "event", "test-failing");
	jsonw_kstr(&w, "organisation", organisation);
	jsonw_kstr(&w, "test", r->test_id);
	jsonw_kstr(&w, "criteria", r->criteria);
	jsonw_kstr(&w, "verdict", verdict_name(r->verdict));
	jsonw_kstr(&w, "evaluation", ev->id);
	jsonw_kstr(&w, "as_of", when);
	jsonw_kint(&w, "population", (long long)r->population);
	jsonw_kint(&w, "exceptions_total", (long long)nfail);
	jsonw_key(&w, "exceptions");
	jsonw_arr_open(&w);
	for (i = 0, shown = 0; i < r->nexc && shown < ALERT_EXCEPTIONS_MAX;
	    i++) {
		if (r->exc[i].warning)
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "subject", r->exc[i].subject);
		jsonw_kstr(&w, "reason", r->exc[i].reason);
		jsonw_obj_close(&w);
		shown++;
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "url");
	jsonw_str_or_null(&w, url[0] != '\0' ? url : NULL);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	assure_buf_addc(out, '\n');
	assure_buf_free(&title);
	assure_buf_free(&body);
}

void
alert_collector_json(const char *organisation, const char *base_url,
    const char *source, const char *target, unsigned failures,
    const char *why, struct assure_buf *out)
{
	struct assure_buf title;
	struct jsonw w;
	char url[2048];

	link_to(base_url, "/ledger", NULL, url, sizeof(url));
	assure_buf_init(&title, 4096);
	assure_buf_printf(&title, "%s: collecting from %s (%s) failed %u "
	    "time%s in a row", organisation, source, target, failures,
	    failures == 1 ? "" : "s");
	jsonw_init(&w, out, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "text", assure_buf_str(&title));
	blocks(&w, assure_buf_str(&title), why);
	jsonw_key(&w, "assure");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "event", "collector-failing");
	jsonw_kstr(&w, "organisation", organisation);
	jsonw_kstr(&w, "source", source);
	jsonw_kstr(&w, "target", target);
	jsonw_kint(&w, "failures", (long long)failures);
	jsonw_key(&w, "last_error");
	jsonw_str_or_null(&w, why);
	jsonw_key(&w, "url");
	jsonw_str_or_null(&w, url[0] != '\0' ? url : NULL);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	assure_buf_addc(out, '\n');
	assure_buf_free(&title);
}

enum assure_err
alert_send(const struct http_opts *o, const char *url, const char *label,
    const struct assure_buf *json, struct assure_diag *d)
{
	static const char *const headers[] = {
	    "Content-Type: application/json", NULL };
	struct http_request req;
	struct http_response resp;
	struct assure_diag hd;
	enum assure_err rc;

	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = url;
	req.headers = headers;
	req.body = json->data;
	req.body_len = json->len;
	http_response_init(&resp);
	assure_diag_clear(&hd);
	rc = http_do(o, &req, &resp, &hd);
	/* The URL is the credential: the message names the label only. */
	if (rc != ASSURE_OK)
		rc = assure_diag_set(d, rc, NULL, 0, 0, "alert", "the webhook "
		    "%s could not be reached", label);
	else if (resp.status < 200 || resp.status > 299)
		rc = assure_diag_set(d, ASSURE_ERR_IO, NULL, 0, 0, "alert",
		    "the webhook %s answered HTTP %u", label, resp.status);
	http_response_free(&resp);
	return rc;
}
