/*
 * eval.c: evaluations: running the tests, recording them, loading the
 * newest one back, and the JSON contract (see rules.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "rules/rules.h"

extern const struct test_def test_iam_aws_root;
extern const struct test_def test_iam_user_mfa;
extern const struct test_def test_iam_admin_mfa;
extern const struct test_def test_iam_unique_ids;
extern const struct test_def test_iam_leaver_access;
extern const struct test_def test_iam_dormant_accounts;
extern const struct test_def test_iam_key_rotation;
extern const struct test_def test_iam_least_privilege;
extern const struct test_def test_iam_access_review;
extern const struct test_def test_change_peer_review;
extern const struct test_def test_change_deploy_traceability;
extern const struct test_def test_change_segregation;
extern const struct test_def test_change_emergency;
extern const struct test_def test_change_branch_protection;
extern const struct test_def test_vuln_remediation_sla;
extern const struct test_def test_vuln_scan_cadence;
extern const struct test_def test_vuln_pentest;
extern const struct test_def test_risk_assessment_current;
extern const struct test_def test_risk_treatment_linked;
extern const struct test_def test_incident_escalation;
extern const struct test_def test_incident_notification;
extern const struct test_def test_incident_postmortem;
extern const struct test_def test_incident_tabletop;
extern const struct test_def test_vendor_assurance_current;
extern const struct test_def test_vendor_dpa;
extern const struct test_def test_vendor_review_cadence;
extern const struct test_def test_vendor_csoc_mapped;
extern const struct test_def test_hr_training;
extern const struct test_def test_hr_background_check;
extern const struct test_def test_policy_approved;
extern const struct test_def test_policy_reviewed;
extern const struct test_def test_policy_acknowledged;

const struct test_def *const test_defs[] = {
	&test_iam_aws_root,
	&test_iam_user_mfa,
	&test_iam_admin_mfa,
	&test_iam_unique_ids,
	&test_iam_leaver_access,
	&test_iam_dormant_accounts,
	&test_iam_key_rotation,
	&test_iam_least_privilege,
	&test_iam_access_review,
	&test_change_peer_review,
	&test_change_deploy_traceability,
	&test_change_segregation,
	&test_change_emergency,
	&test_change_branch_protection,
	&test_vuln_remediation_sla,
	&test_vuln_scan_cadence,
	&test_vuln_pentest,
	&test_risk_assessment_current,
	&test_risk_treatment_linked,
	&test_incident_escalation,
	&test_incident_notification,
	&test_incident_postmortem,
	&test_incident_tabletop,
	&test_vendor_assurance_current,
	&test_vendor_dpa,
	&test_vendor_review_cadence,
	&test_vendor_csoc_mapped,
	&test_hr_training,
	&test_hr_background_check,
	&test_policy_approved,
	&test_policy_reviewed,
	&test_policy_acknowledged,
	NULL,
};

const struct test_def *
test_find(const char *id)
{
	size_t i;

	for (i = 0; test_defs[i] != NULL; i++)
		if (strcmp(test_defs[i]->id, id) == 0)
			return test_defs[i];
	return NULL;
}

/* The TSC category of a criterion id, by its prefix. */
static unsigned
criterion_category(const char *id)
{
	if (strncmp(id, "CC", 2) == 0)
		return TSC_SECURITY;
	if (strncmp(id, "PI", 2) == 0)
		return TSC_PROCESSING_INTEGRITY;
	if (id[0] == 'A')
		return TSC_AVAILABILITY;
	if (id[0] == 'C')
		return TSC_CONFIDENTIALITY;
	if (id[0] == 'P')
		return TSC_PRIVACY;
	return 0;
}

/* A test is in scope when any of its criteria is. */
static bool
test_in_scope(const struct test_def *t, unsigned categories)
{
	size_t i;

	for (i = 0; t->criteria[i] != NULL; i++)
		if (criterion_category(t->criteria[i]) & categories)
			return true;
	return false;
}

/* A UUIDv7: 48 bits of Unix milliseconds, then random bits. */
static enum assure_err
uuid7(int64_t ms, char out[EVALUATION_ID_LEN])
{
	unsigned char b[16];
	char hex[33];
	int i;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return ASSURE_ERR_IO;
	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)((uint64_t)ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	assure_hex(b, sizeof(b), hex);
	snprintf(out, EVALUATION_ID_LEN, "%.8s-%.4s-%.4s-%.4s-%.12s", hex,
	    hex + 8, hex + 12, hex + 16, hex + 20);
	return ASSURE_OK;
}

static void
join_criteria(const struct test_def *t, char *out, size_t size)
{
	size_t i, l;

	out[0] = '\0';
	for (i = 0; t->criteria[i] != NULL; i++) {
		l = strlen(out);
		snprintf(out + l, size - l, "%s%s", i > 0 ? "," : "",
		    t->criteria[i]);
	}
}

/* Whether t is one of o->only (every test when there is no list). */
static bool
test_chosen(const struct test_def *t, const struct evaluation_opts *o)
{
	size_t i;

	if (o == NULL || o->only == NULL)
		return true;
	for (i = 0; o->only[i] != NULL; i++)
		if (strcmp(o->only[i], t->id) == 0)
			return true;
	return false;
}

enum assure_err
evaluation_run(struct store *s, const struct config *cfg, int64_t as_of,
    struct evaluation *ret, struct assure_diag *reterr_diag)
{
	return evaluation_run_opts(s, cfg, as_of, NULL, ret, reterr_diag);
}

enum assure_err
evaluation_run_opts(struct store *s, const struct config *cfg, int64_t as_of,
    const struct evaluation_opts *o, struct evaluation *ret,
    struct assure_diag *reterr_diag)
{
	struct evaluation ev;
	struct test_ctx ctx;
	struct test_result *r;
	struct assure_diag td;
	struct timespec ts;
	enum assure_err rc;
	size_t i, n = 0;

	/* A misspelt id would silently run nothing: say so. */
	for (i = 0; o != NULL && o->only != NULL && o->only[i] != NULL; i++)
		if (test_find(o->only[i]) == NULL)
			return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
			    NULL, 0, 0, NULL, "no test %s", o->only[i]);
	memset(&ev, 0, sizeof(ev));
	ev.as_of = as_of;
	ev.started_at = assure_now();
	assure_strlcpy(ev.version, ASSURE_VERSION, sizeof(ev.version));
	clock_gettime(CLOCK_REALTIME, &ts);
	rc = uuid7((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, ev.id);
	if (rc != ASSURE_OK)
		return assure_diag_set(reterr_diag, rc, NULL, 0, 0, NULL,
		    "cannot read random bytes for the evaluation id");
	for (i = 0; test_defs[i] != NULL; i++)
		n++;
	ev.results = calloc(n > 0 ? n : 1, sizeof(*ev.results));
	if (ev.results == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, NULL, 0,
		    0, NULL, "out of memory");
	ctx.store = s;
	ctx.cfg = cfg;
	ctx.as_of = as_of;
	ctx.members = o != NULL && o->members;
	for (i = 0; test_defs[i] != NULL; i++) {
		if (!test_in_scope(test_defs[i], cfg->categories) ||
		    !test_chosen(test_defs[i], o))
			continue;
		r = &ev.results[ev.n++];
		r->def = test_defs[i];
		assure_strlcpy(r->test_id, test_defs[i]->id, sizeof(r->test_id));
		join_criteria(test_defs[i], r->criteria, sizeof(r->criteria));
		assure_diag_clear(&td);
		rc = test_defs[i]->run(&ctx, r, &td);
		if (rc == ASSURE_OK && ctx.members)
			rc = result_members_finish(r);
		if (rc == ASSURE_ERR_NOMEM) {
			evaluation_release(&ev);
			return assure_diag_set(reterr_diag, rc, NULL, 0, 0,
			    NULL, "out of memory in test %s",
			    test_defs[i]->id);
		}
		/*
		 * The store could not be read (a disk or database failure):
		 * that is about this machine, not the controls, and is not
		 * recorded as the test's verdict.  The evaluation fails.
		 */
		if (rc == ASSURE_ERR_IO || rc == ASSURE_ERR_DB) {
			char msg[ASSURE_DIAG_MSG_MAX + 64];

			assure_diag_format(&td, msg, sizeof(msg));
			evaluation_release(&ev);
			return assure_diag_set(reterr_diag, rc, NULL, 0, 0,
			    NULL, "test %s cannot read the store: %s",
			    test_defs[i]->id, td.msg[0] != '\0' ? msg :
			    assure_strerror(rc));
		}
		if (rc != ASSURE_OK) {
			/* The test could not run: an error, never a pass. */
			char msg[ASSURE_DIAG_MSG_MAX + 64];

			assure_diag_format(&td, msg, sizeof(msg));
			result_release(r);
			r->def = test_defs[i];
			assure_strlcpy(r->test_id, test_defs[i]->id,
			    sizeof(r->test_id));
			join_criteria(test_defs[i], r->criteria,
			    sizeof(r->criteria));
			r->verdict = VERDICT_ERROR;
			if (result_set_reason(r, "%s: %s", assure_strerror(rc),
			    msg) != ASSURE_OK) {
				evaluation_release(&ev);
				return ASSURE_ERR_NOMEM;
			}
		}
	}
	*ret = ev;
	return ASSURE_OK;
}

enum assure_err
evaluation_record(struct store *s, struct ledger *l,
    const struct evaluation *ev, struct assure_diag *reterr_diag)
{
	const struct test_result *r;
	struct assure_buf entry;
	struct store_val p[7];
	enum assure_err rc;
	size_t i, j;

	rc = store_begin(s, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	p[0] = STORE_TEXTV(ev->id);
	p[1] = STORE_INTV(ev->as_of);
	p[2] = STORE_INTV(ev->started_at);
	p[3] = STORE_TEXTV(ev->version);
	rc = store_exec(s, STMT_EVAL_INSERT, p, 4, NULL, NULL, reterr_diag);
	for (i = 0; rc == ASSURE_OK && i < ev->n; i++) {
		r = &ev->results[i];
		p[0] = STORE_TEXTV(ev->id);
		p[1] = STORE_INTV((int64_t)i);
		p[2] = STORE_TEXTV(r->test_id);
		p[3] = STORE_TEXTV(verdict_name(r->verdict));
		p[4] = STORE_INTV(r->population);
		p[5] = STORE_OPTTEXT(r->reason);
		p[6] = STORE_TEXTV(r->criteria);
		rc = store_exec(s, STMT_EVAL_RESULT_INSERT, p, 7, NULL, NULL,
		    reterr_diag);
		for (j = 0; rc == ASSURE_OK && j < r->nexc; j++) {
			p[0] = STORE_TEXTV(ev->id);
			p[1] = STORE_TEXTV(r->test_id);
			p[2] = STORE_INTV((int64_t)j);
			p[3] = STORE_TEXTV(r->exc[j].subject);
			p[4] = STORE_TEXTV(r->exc[j].reason);
			p[5] = STORE_TEXTV(r->exc[j].warning ? "warning" :
			    "exception");
			rc = store_exec(s, STMT_EVAL_EXCEPTION_INSERT, p, 6,
			    NULL, NULL, reterr_diag);
		}
		for (j = 0; rc == ASSURE_OK && j < r->nev; j++) {
			p[0] = STORE_TEXTV(ev->id);
			p[1] = STORE_TEXTV(r->test_id);
			p[2] = STORE_INTV(r->ev[j].id);
			rc = store_exec(s, STMT_EVAL_EVIDENCE_INSERT, p, 3,
			    NULL, NULL, reterr_diag);
		}
	}
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	if (rc == ASSURE_OK)
		rc = ledger_encode_evaluation(&entry, ev);
	if (rc == ASSURE_OK)
		rc = assure_buf_err(&entry);
	if (rc == ASSURE_OK)
		rc = ledger_append(l, "evaluation", ev->id, entry.data,
		    entry.len, ev->started_at, NULL, reterr_diag);
	if (rc == ASSURE_OK)
		rc = ledger_checkpoint(l, ev->started_at, NULL, reterr_diag);
	assure_buf_free(&entry);
	if (rc != ASSURE_OK) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, reterr_diag);
}

/* ------------------------------------------------------------- loading */

static enum assure_err
latest_cb(const struct store_val *c, int n, void *arg)
{
	struct evaluation *ev = arg;

	if (n < 4 || c[0].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	assure_strlcpy(ev->id, c[0].s, sizeof(ev->id));
	ev->as_of = c[1].i;
	ev->started_at = c[2].i;
	assure_strlcpy(ev->version, c[3].type == STORE_TEXT ? c[3].s : "",
	    sizeof(ev->version));
	return ASSURE_OK;
}

static enum assure_err
result_cb(const struct store_val *c, int n, void *arg)
{
	struct evaluation *ev = arg;
	struct test_result *r, *nr;
	enum verdict v;

	if (n < 5 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	nr = reallocarray(ev->results, ev->n + 1, sizeof(*nr));
	if (nr == NULL)
		return ASSURE_ERR_NOMEM;
	ev->results = nr;
	r = &ev->results[ev->n];
	memset(r, 0, sizeof(*r));
	ev->n++;
	assure_strlcpy(r->test_id, c[0].s, sizeof(r->test_id));
	r->def = test_find(r->test_id);
	v = verdict_parse(c[1].s);
	r->verdict = v == VERDICT__MAX ? VERDICT_ERROR : v;
	r->population = c[2].i;
	if (c[3].type == STORE_TEXT) {
		r->reason = strdup(c[3].s);
		if (r->reason == NULL)
			return ASSURE_ERR_NOMEM;
	}
	assure_strlcpy(r->criteria, c[4].type == STORE_TEXT ? c[4].s : "",
	    sizeof(r->criteria));
	return ASSURE_OK;
}

static enum assure_err
exception_cb(const struct store_val *c, int n, void *arg)
{
	struct test_result *r = arg;

	if (n < 3 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (strcmp(c[2].s, "warning") == 0)
		return result_add_warning(r, c[0].s, "%s", c[1].s);
	return result_add_exception(r, c[0].s, "%s", c[1].s);
}

static enum assure_err
evidence_cb(const struct store_val *c, int n, void *arg)
{
	struct test_result *r = arg;

	if (n < 1 || c[0].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	return result_add_evidence(r, -(int64_t)r->nev - 1, c[0].s);
}

/* Load the results, exceptions and evidence of ev->id into ev. */
static enum assure_err
load_results(struct store *s, struct evaluation *ev, struct assure_diag *d)
{
	struct store_val p[2];
	enum assure_err rc;
	size_t i;

	p[0] = STORE_TEXTV(ev->id);
	rc = store_exec(s, STMT_EVAL_RESULTS, p, 1, result_cb, ev, d);
	for (i = 0; rc == ASSURE_OK && i < ev->n; i++) {
		p[1] = STORE_TEXTV(ev->results[i].test_id);
		rc = store_exec(s, STMT_EVAL_EXCEPTIONS, p, 2, exception_cb,
		    &ev->results[i], d);
		if (rc == ASSURE_OK)
			rc = store_exec(s, STMT_EVAL_EVIDENCE, p, 2,
			    evidence_cb, &ev->results[i], d);
	}
	return rc;
}

static enum assure_err
load_one(struct store *s, enum store_stmt stmt, const char *id,
    struct evaluation *ret, bool *ret_found, struct assure_diag *reterr_diag)
{
	struct evaluation ev;
	struct store_val p[1];
	enum assure_err rc;

	memset(&ev, 0, sizeof(ev));
	p[0] = STORE_TEXTV(id != NULL ? id : "");
	rc = store_exec(s, stmt, p, id != NULL ? 1 : 0, latest_cb, &ev,
	    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (ev.id[0] == '\0') {
		*ret_found = false;
		return ASSURE_OK;
	}
	rc = load_results(s, &ev, reterr_diag);
	if (rc != ASSURE_OK) {
		evaluation_release(&ev);
		return rc;
	}
	*ret = ev;
	*ret_found = true;
	return ASSURE_OK;
}

enum assure_err
evaluation_load_latest(struct store *s, struct evaluation *ret,
    bool *ret_found, struct assure_diag *reterr_diag)
{
	return load_one(s, STMT_EVAL_LATEST, NULL, ret, ret_found,
	    reterr_diag);
}

enum assure_err
evaluation_load(struct store *s, const char *id, struct evaluation *ret,
    bool *ret_found, struct assure_diag *reterr_diag)
{
	return load_one(s, STMT_EVAL_GET, id, ret, ret_found, reterr_diag);
}

void
evaluation_release(struct evaluation *ev)
{
	size_t i;

	for (i = 0; i < ev->n; i++)
		result_release(&ev->results[i]);
	free(ev->results);
	memset(ev, 0, sizeof(*ev));
}

void
evaluation_counts(const struct evaluation *ev, size_t counts[VERDICT__MAX])
{
	size_t i;

	memset(counts, 0, sizeof(counts[0]) * VERDICT__MAX);
	for (i = 0; i < ev->n; i++)
		counts[ev->results[i].verdict]++;
}

/* The exceptions (or the warnings) of r as an array under key. */
static void
exceptions_json(struct jsonw *w, const char *key,
    const struct test_result *r, bool warnings)
{
	size_t j;

	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (j = 0; j < r->nexc; j++) {
		if (r->exc[j].warning != warnings)
			continue;
		jsonw_obj_open(w);
		jsonw_kstr(w, "subject", r->exc[j].subject);
		jsonw_kstr(w, "reason", r->exc[j].reason);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

void
evaluation_json(const struct evaluation *ev, struct jsonw *w)
{
	const struct test_result *r;
	char crit[sizeof(r->criteria)], *p, *next;
	size_t i, j;

	jsonw_obj_open(w);
	jsonw_ktime(w, "as_of", ev->as_of, true);
	jsonw_kstr(w, "evaluation_id", ev->id);
	jsonw_ktime(w, "started_at", ev->started_at, true);
	jsonw_key(w, "tests");
	jsonw_arr_open(w);
	for (i = 0; i < ev->n; i++) {
		r = &ev->results[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", r->test_id);
		if (r->def != NULL)
			jsonw_kstr(w, "title", r->def->title);
		jsonw_kstr(w, "verdict", verdict_name(r->verdict));
		jsonw_kint(w, "population", r->population);
		jsonw_key(w, "criteria");
		jsonw_arr_open(w);
		assure_strlcpy(crit, r->criteria, sizeof(crit));
		for (p = crit; p != NULL && *p != '\0'; p = next) {
			next = strchr(p, ',');
			if (next != NULL)
				*next++ = '\0';
			jsonw_str(w, p);
		}
		jsonw_arr_close(w);
		if (r->reason != NULL)
			jsonw_kstr(w, "reason", r->reason);
		exceptions_json(w, "exceptions", r, false);
		if (r->nwarn > 0)
			exceptions_json(w, "warnings", r, true);
		jsonw_key(w, "evidence");
		jsonw_arr_open(w);
		for (j = 0; j < r->nev; j++)
			jsonw_str(w, r->ev[j].digest);
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}
