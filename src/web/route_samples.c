/*
 * route_samples.c: GET /api/v1/samples/CONTROL, the auditor's sample of
 * a control's population over a period (docs/API.md), the very document
 * `assure sample CONTROL --format json` prints (period/csample.h):
 *
 *	?period=START..END	default the observation period; an auditor's
 *				own period by default, and a period not
 *				inside it is refused (403) rather than
 *				clamped, so that what was asked is what is
 *				answered
 *	?size=N			1 to CONFIG_SAMPLE_MAX; default the
 *				control's frequency's sample size
 *
 * The seed is the first checkpoint signed after the period's end, as
 * `assure sample` picks it without --checkpoint: none yet is 409.
 *
 * Drawing walks every evaluation of the period, seconds on a large
 * organisation, so the handler runs outside the server's lock on a
 * read-only workspace handle of its own (WEB_UNLOCKED), and the answer
 * is kept (web/memo.h) by control, period and size until the ledger
 * grows: a new evaluation, evidence or checkpoint may change it.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "period/csample.h"
#include "store/store.h"
#include "web/memo.h"
#include "web/server.h"
#include "workspace/config.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

void
web_handle_api_sample(struct web_req *req, struct web_resp *resp)
{
	const struct control *c;
	struct workspace *ws = NULL;
	struct sample_checkpoint cp;
	char key[WEB_MEMO_KEY_MAX];
	int64_t lsize = -1;
	struct csample x;
	struct assure_diag d;
	const char *v;
	char *endp;
	unsigned long long size = 0;
	int64_t start, end, as, ae;
	enum assure_err rc;

	if (req->des == NULL) {
		web_json_error(resp, 503, "the server was started without the "
		    "workspace's design (controls/)");
		return;
	}
	c = controls_find(&req->des->controls, req->id);
	if (c == NULL) {
		web_json_error(resp, 404, "no such control in controls/");
		return;
	}
	start = req->ws->cfg.period_start;
	end = req->ws->cfg.period_end;
	if (web_req_period(req, &as, &ae)) {
		start = as;
		end = ae;
	}
	if ((v = web_query(req, "period")) != NULL &&
	    config_parse_period(v, &start, &end) != 0) {
		web_json_error(resp, 400, "period: expected START..END");
		return;
	}
	/* An auditor's sample stays inside the auditor's period. */
	if (web_req_period(req, &as, &ae) && (start < as || end > ae)) {
		web_json_error(resp, 403, "the period is outside your "
		    "observation period");
		return;
	}
	if ((v = web_query(req, "size")) != NULL) {
		size = strtoull(v, &endp, 10);
		if (*v < '0' || *v > '9' || *endp != '\0' || size < 1 ||
		    size > CONFIG_SAMPLE_MAX) {
			char msg[64];

			snprintf(msg, sizeof(msg), "size: expected a number "
			    "from 1 to %d", CONFIG_SAMPLE_MAX);
			web_json_error(resp, 400, msg);
			return;
		}
	}
	/* The server's handle is the lock's; this one is ours. */
	assure_diag_clear(&d);
	rc = workspace_open(req->ws->root, WORKSPACE_READONLY, &ws, &d);
	if (rc == ASSURE_OK)
		rc = store_exec_int(ws->store, STMT_LEDGER_SIZE, NULL, 0,
		    &lsize, NULL, &d);
	snprintf(key, sizeof(key), "sample %s %lld %lld %llu", c->id,
	    (long long)start, (long long)end, size);
	if (rc == ASSURE_OK && web_memo_get(web_server_memo(req->srv), key,
	    lsize, &resp->body)) {
		workspace_close(ws);
		resp->status = 200;
		resp->content_type = "application/json";
		return;
	}
	if (rc == ASSURE_OK)
		rc = csample_checkpoint(ws->ledger, NULL, 0, end, &cp, &d);
	if (rc == ASSURE_ERR_NOTFOUND) {
		workspace_close(ws);
		web_json_error(resp, 409, "no checkpoint has been signed after "
		    "the period's end yet: the sample cannot be drawn until "
		    "one is (assure ledger checkpoint)");
		return;
	}
	memset(&x, 0, sizeof(x));
	if (rc == ASSURE_OK)
		rc = csample_draw(ws->store, &ws->cfg, c, start, end,
		    (size_t)size, &cp, &x, &d);
	workspace_close(ws);
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: %s: %s\n", req->path, msg);
		web_json_error(resp, 500, "the sample could not be drawn");
		csample_release(&x);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/json";
	csample_json(&resp->body, &x, &cp);
	csample_release(&x);
	if (assure_buf_err(&resp->body) == ASSURE_OK)
		web_memo_put(web_server_memo(req->srv), key, lsize,
		    resp->body.data, resp->body.len);
}
