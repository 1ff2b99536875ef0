/*
 * route_api.c: downloads of evidence and of its inclusion proof, and the
 * JSON API over evaluations, tests and controls (docs/API.md).
 * An auditor sees only what falls in the auditor's period
 * (web_req_period()): the evaluations as of it, and as "the newest
 * evaluation" the newest of those.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hash.h"
#include "common/jsonw.h"
#include "controls/controls.h"
#include "ledger/ledger.h"
#include "rules/rules.h"
#include "store/store.h"
#include "web/pages.h"
#include "web/server.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

/* The newest evaluations listed at most, and by default. */
#define API_EVALUATIONS_MAX	1000
#define API_EVALUATIONS_DEFAULT	100

/* Log d and answer 500 (the details stay in the server's log). */
static void
api_fail(struct web_req *req, struct web_resp *resp, struct assure_diag *d)
{
	char msg[ASSURE_DIAG_MSG_MAX + 256];

	assure_diag_format(d, msg, sizeof(msg));
	fprintf(stderr, "assure serve: %s: %s\n", req->path, msg);
	web_json_error(resp, 500, "the workspace could not be read");
}

static void
api_begin(struct web_resp *resp, struct jsonw *j)
{
	resp->content_type = "application/json";
	jsonw_init(j, &resp->body, true);
}

static void
api_end(struct web_resp *resp)
{
	assure_buf_addc(&resp->body, '\n');
}

/* 64 lower-case hex digits, bare or after "sha256:": a SHA-256 as the
 * evidence store names it. */
static const char *
sha256_hex(const char *s)
{
	size_t i;

	if (strncmp(s, "sha256:", 7) == 0)
		s += 7;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return NULL;
	return i == ASSURE_SHA256_HEXLEN ? s : NULL;
}

/* -------------------------------------------------------------- evidence */

/*
 * GET /evidence/SHA/raw: the evidence bytes (workspace_blob_open(): the
 * file under .assure/evidence, or the store's), streamed from the
 * descriptor.
 */
void
web_handle_evidence_raw(struct web_req *req, struct web_resp *resp)
{
	const char *sha = sha256_hex(req->id);
	struct assure_diag d;
	struct stat st;
	enum assure_err rc;
	int fd;

	if (sha == NULL) {
		web_json_error(resp, 404, "no evidence with that SHA-256");
		return;
	}
	assure_diag_clear(&d);
	rc = workspace_blob_open(req->ws, sha, &fd, &d);
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		if (rc == ASSURE_ERR_NOTFOUND) {
			web_json_error(resp, 404, "no evidence with that "
			    "SHA-256");
			return;
		}
		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: evidence %s: %s\n", sha, msg);
		web_json_error(resp, 500, "the evidence could not be read");
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		web_json_error(resp, 500, "the evidence could not be read");
		return;
	}
	resp->content_type = "application/octet-stream";
	snprintf(resp->attachment, sizeof(resp->attachment), "%s", sha);
	resp->has_fd = true;
	resp->fd = fd;
	resp->fd_size = (uint64_t)st.st_size;
}

/*
 * GET /evidence/SHA/proof: the inclusion proof of the evidence's ledger
 * entry against the smallest stored checkpoint covering it, as `assure
 * ledger prove` writes it.
 */
void
web_handle_evidence_proof(struct web_req *req, struct web_resp *resp)
{
	const char *sha = sha256_hex(req->id);
	char what[ASSURE_SHA256_HEXLEN + 8];
	struct assure_diag d;
	uint64_t index;
	enum assure_err rc;

	if (sha == NULL) {
		web_json_error(resp, 404, "no evidence with that SHA-256");
		return;
	}
	/* As a digest: 64 decimal digits would read as an index. */
	snprintf(what, sizeof(what), "sha256:%s", sha);
	assure_diag_clear(&d);
	rc = ledger_find(req->ws->ledger, what, &index, &d);
	if (rc == ASSURE_ERR_NOTFOUND) {
		web_json_error(resp, 404, "no evidence with that SHA-256 in the "
		    "ledger");
		return;
	}
	if (rc == ASSURE_OK) {
		assure_buf_init(&resp->body, LEDGER_PROOF_FILE_MAX);
		rc = ledger_prove(req->ws->ledger, index, NULL, 0, &resp->body,
		    &d);
	}
	if (rc != ASSURE_OK) {
		api_fail(req, resp, &d);
		return;
	}
	resp->content_type = "application/json";
	snprintf(resp->attachment, sizeof(resp->attachment), "%s.proof.json",
	    sha);
}

/* ----------------------------------------------------------- evaluations */

struct eval_ids {
	char	(*id)[EVALUATION_ID_LEN];
	size_t	  n, cap;
};

static enum assure_err
eval_id_row(const struct store_val *c, int n, void *arg)
{
	struct eval_ids *ids = arg;
	void *p;

	if (n < 1 || c[0].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (ids->n == ids->cap) {
		ids->cap = ids->cap == 0 ? 64 : ids->cap * 2;
		if ((p = realloc(ids->id, ids->cap * sizeof(*ids->id))) ==
		    NULL)
			return ASSURE_ERR_NOMEM;
		ids->id = p;
	}
	assure_strlcpy(ids->id[ids->n++], c[0].s, EVALUATION_ID_LEN);
	return ASSURE_OK;
}

static void
eval_json(struct jsonw *j, const struct evaluation *ev)
{
	size_t counts[VERDICT__MAX];
	int v;

	evaluation_counts(ev, counts);
	jsonw_obj_open(j);
	jsonw_kstr(j, "id", ev->id);
	jsonw_ktime(j, "as_of", ev->as_of, true);
	jsonw_ktime(j, "started_at", ev->started_at, true);
	jsonw_kint(j, "tests", (long long)ev->n);
	jsonw_key(j, "counts");
	jsonw_obj_open(j);
	for (v = 0; v < VERDICT__MAX; v++)
		jsonw_kint(j, verdict_name((enum verdict)v),
		    (long long)counts[v]);
	jsonw_obj_close(j);
	jsonw_obj_close(j);
}

/*
 * GET /api/v1/evaluations[?limit=N]: the recorded evaluations, newest
 * first, N (default 100) at most 1000; an auditor's, only those as of
 * the auditor's period.
 */
void
web_handle_api_evaluations(struct web_req *req, struct web_resp *resp)
{
	const char *v = web_query(req, "limit");
	struct eval_ids ids;
	struct evaluation ev;
	struct store_val q[2];
	struct assure_diag d;
	struct jsonw j;
	unsigned long limit = API_EVALUATIONS_DEFAULT;
	int64_t start = INT64_MIN, end = INT64_MAX;
	bool scoped, found;
	enum assure_err rc;
	size_t i, shown;
	char *e;

	if (v != NULL) {
		errno = 0;
		limit = strtoul(v, &e, 10);
		if (*v < '0' || *v > '9' || *e != '\0' || errno != 0 ||
		    limit < 1 || limit > API_EVALUATIONS_MAX) {
			web_json_error(resp, 400, "limit: expected a number from 1 "
			    "to 1000");
			return;
		}
	}
	scoped = web_req_period(req, &start, &end);
	memset(&ids, 0, sizeof(ids));
	assure_diag_clear(&d);
	q[0] = STORE_INTV(start);
	q[1] = STORE_INTV(end);
	rc = store_exec(req->ws->store, STMT_EVAL_IN_PERIOD, q, 2, eval_id_row,
	    &ids, &d);
	if (rc != ASSURE_OK) {
		free(ids.id);
		api_fail(req, resp, &d);
		return;
	}
	api_begin(resp, &j);
	jsonw_obj_open(&j);
	if (scoped) {
		jsonw_key(&j, "period");
		jsonw_obj_open(&j);
		jsonw_ktime(&j, "start", start, true);
		jsonw_ktime(&j, "end", end, true);
		jsonw_obj_close(&j);
	}
	jsonw_kint(&j, "total", (long long)ids.n);
	jsonw_key(&j, "evaluations");
	jsonw_arr_open(&j);
	for (i = ids.n, shown = 0; rc == ASSURE_OK && i > 0 && shown < limit;
	    i--, shown++) {
		memset(&ev, 0, sizeof(ev));
		rc = evaluation_load(req->ws->store, ids.id[i - 1], &ev, &found,
		    &d);
		if (rc == ASSURE_OK && found)
			eval_json(&j, &ev);
		evaluation_release(&ev);
	}
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	free(ids.id);
	if (rc != ASSURE_OK) {
		api_fail(req, resp, &d);
		return;
	}
	api_end(resp);
}

/* The evaluation req may see as the newest; false: answered (none, or an
 * error). */
static bool
newest(struct web_req *req, struct web_resp *resp, struct evaluation *ev)
{
	struct assure_diag d;
	int64_t start = 0, end = 0;
	bool scoped, found = false;

	memset(ev, 0, sizeof(*ev));
	assure_diag_clear(&d);
	scoped = web_req_period(req, &start, &end);
	if (web_evaluation_load(req->ws->store, scoped, start, end, ev,
	    &found, &d) != ASSURE_OK) {
		api_fail(req, resp, &d);
		return false;
	}
	if (!found) {
		web_json_error(resp, 404, scoped ? "no evaluation as of your "
		    "period" : "no evaluation recorded yet (assure evaluate)");
		return false;
	}
	return true;
}

static const struct test_result *
result_of(const struct evaluation *ev, const char *test_id)
{
	size_t i;

	for (i = 0; i < ev->n; i++)
		if (strcmp(ev->results[i].test_id, test_id) == 0)
			return &ev->results[i];
	return NULL;
}

/*
 * GET /api/v1/tests/ID: the test's result in the newest evaluation (an
 * auditor's: the newest as of the auditor's period).
 */
void
web_handle_api_test(struct web_req *req, struct web_resp *resp)
{
	const struct test_result *r;
	const struct test_def *t;
	struct evaluation ev;
	struct jsonw j;
	size_t i;

	if (!newest(req, resp, &ev))
		return;
	if ((r = result_of(&ev, req->id)) == NULL) {
		evaluation_release(&ev);
		web_json_error(resp, 404, "no result of that test in the "
		    "evaluation");
		return;
	}
	t = test_find(r->test_id);
	api_begin(resp, &j);
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "test", r->test_id);
	jsonw_key(&j, "title");
	jsonw_str_or_null(&j, t != NULL ? t->title : NULL);
	jsonw_kstr(&j, "criteria", r->criteria);
	jsonw_key(&j, "evaluation");
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "id", ev.id);
	jsonw_ktime(&j, "as_of", ev.as_of, true);
	jsonw_obj_close(&j);
	jsonw_kstr(&j, "verdict", verdict_name(r->verdict));
	jsonw_kint(&j, "population", (long long)r->population);
	jsonw_key(&j, "reason");
	jsonw_str_or_null(&j, r->reason);
	jsonw_key(&j, "exceptions");
	jsonw_arr_open(&j);
	for (i = 0; i < r->nexc; i++) {
		jsonw_obj_open(&j);
		jsonw_kstr(&j, "subject", r->exc[i].subject);
		jsonw_kstr(&j, "reason", r->exc[i].reason);
		jsonw_kbool(&j, "warning", r->exc[i].warning);
		jsonw_obj_close(&j);
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "evidence");
	jsonw_arr_open(&j);
	for (i = 0; i < r->nev; i++)
		jsonw_str(&j, r->ev[i].digest);
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	evaluation_release(&ev);
	api_end(resp);
}

/*
 * GET /api/v1/controls: every control of controls/ with its owner,
 * frequency, status, tests and each test's verdict in the newest
 * evaluation (null: not evaluated).
 */
void
web_handle_api_controls(struct web_req *req, struct web_resp *resp)
{
	const struct control_set *cs;
	const struct control *c;
	const struct test_result *r;
	struct evaluation ev;
	struct assure_diag d;
	struct jsonw j;
	int64_t start = 0, end = 0;
	bool scoped, found = false;
	size_t i, k;

	if (req->des == NULL) {
		web_json_error(resp, 503, "the server was started without the "
		    "workspace's design (controls/)");
		return;
	}
	cs = &req->des->controls;
	memset(&ev, 0, sizeof(ev));
	assure_diag_clear(&d);
	scoped = web_req_period(req, &start, &end);
	if (web_evaluation_load(req->ws->store, scoped, start, end, &ev,
	    &found, &d) != ASSURE_OK) {
		api_fail(req, resp, &d);
		return;
	}
	api_begin(resp, &j);
	jsonw_obj_open(&j);
	jsonw_key(&j, "evaluation");
	if (found) {
		jsonw_obj_open(&j);
		jsonw_kstr(&j, "id", ev.id);
		jsonw_ktime(&j, "as_of", ev.as_of, true);
		jsonw_obj_close(&j);
	} else
		jsonw_null(&j);
	jsonw_key(&j, "controls");
	jsonw_arr_open(&j);
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		jsonw_obj_open(&j);
		jsonw_kstr(&j, "id", c->id);
		jsonw_kstr(&j, "title", c->title);
		jsonw_key(&j, "owner");
		jsonw_str_or_null(&j, c->owner);
		jsonw_kstr(&j, "frequency",
		    control_frequency_name(c->frequency));
		jsonw_kstr(&j, "status", control_status_name(c->status));
		jsonw_key(&j, "tests");
		jsonw_arr_open(&j);
		for (k = 0; k < c->ntests; k++) {
			r = found ? result_of(&ev, c->tests[k]->id) : NULL;
			jsonw_obj_open(&j);
			jsonw_kstr(&j, "id", c->tests[k]->id);
			jsonw_key(&j, "verdict");
			jsonw_str_or_null(&j, r != NULL ?
			    verdict_name(r->verdict) : NULL);
			jsonw_obj_close(&j);
		}
		jsonw_arr_close(&j);
		jsonw_obj_close(&j);
	}
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	if (found)
		evaluation_release(&ev);
	api_end(resp);
}
