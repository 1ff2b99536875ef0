/*
 * kind_credreport.c: the aws-iam-credential-report evidence kind.  Feeds
 * the bytes to the streaming parser (parse/credreport.c) and inserts each
 * row into iam_credential within the ingest transaction.
 */
#include "common/compat.h"

#include <stdlib.h>

#include "ingest/ingest.h"
#include "parse/credreport.h"

struct cred_state {
	struct ingest_sink		*sink;
	struct credreport_parser	*parser;
};

static enum assure_err
cred_row(const struct credreport_row *r, void *arg, struct assure_diag *d)
{
	struct cred_state *st = arg;
	struct store_val p[28];
	int n = 0, k;
	enum assure_err rc;

	if (r->index == 0) {
		/* The parser holds every row to one account: record it once. */
		p[0] = STORE_INTV(st->sink->evidence_id);
		p[1] = STORE_TEXTV(r->partition);
		p[2] = STORE_TEXTV(r->account_id);
		rc = store_exec(st->sink->store, STMT_CRED_REPORT_INSERT, p, 3,
		    NULL, NULL, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	p[n++] = STORE_INTV(st->sink->evidence_id);
	p[n++] = STORE_INTV((int64_t)r->index);
	p[n++] = STORE_INTV((int64_t)r->line);
	p[n++] = STORE_TEXTV(r->partition);
	p[n++] = STORE_TEXTV(r->account_id);
	p[n++] = STORE_TEXTV(r->user);
	p[n++] = STORE_TEXTV(r->arn);
	p[n++] = STORE_INTV(r->is_root ? 1 : 0);
	p[n++] = ingest_time(r->user_creation_time);
	p[n++] = ingest_tri(r->password_enabled);
	p[n++] = ingest_time(r->password_last_used);
	p[n++] = ingest_time(r->password_last_changed);
	p[n++] = ingest_time(r->password_next_rotation);
	p[n++] = ingest_tri(r->mfa_active);
	for (k = 0; k < 2; k++) {
		p[n++] = ingest_tri(r->key[k].active);
		p[n++] = ingest_time(r->key[k].last_rotated);
		p[n++] = ingest_time(r->key[k].last_used);
		p[n++] = STORE_OPTTEXT(r->key[k].last_used_region);
		p[n++] = STORE_OPTTEXT(r->key[k].last_used_service);
	}
	for (k = 0; k < 2; k++) {
		p[n++] = ingest_tri(r->cert[k].active);
		p[n++] = ingest_time(r->cert[k].last_rotated);
	}
	rc = store_exec(st->sink->store, STMT_CRED_INSERT, p, n, NULL, NULL, d);
	if (rc != ASSURE_OK) {
		if (d != NULL) {
			char why[ASSURE_DIAG_MSG_MAX];

			assure_strlcpy(why, d->msg, sizeof(why));
			assure_diag_set(d, rc, st->sink->source, r->line, 0,
			    NULL, "cannot store the row for user '%s': %s",
			    r->user, why);
		}
		return rc;
	}
	st->sink->records++;
	return ASSURE_OK;
}

static enum assure_err
cred_begin(struct ingest_sink *sink, void **ret_state, struct assure_diag *d)
{
	struct cred_state *st;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	st->sink = sink;
	st->parser = credreport_parser_new(sink->source, cred_row, st);
	if (st->parser == NULL) {
		free(st);
		return assure_diag_set(d, ASSURE_ERR_NOMEM, sink->source, 0, 0,
		    NULL, "out of memory");
	}
	*ret_state = st;
	return ASSURE_OK;
}

static enum assure_err
cred_feed(void *state, const void *data, size_t len, struct assure_diag *d)
{
	struct cred_state *st = state;

	return credreport_parser_feed(st->parser, data, len, d);
}

static enum assure_err
cred_finish(void *state, bool *ret_has_as_of, int64_t *ret_as_of,
    struct assure_diag *d)
{
	struct cred_state *st = state;
	struct opt_time gt;
	enum assure_err rc;

	rc = credreport_parser_finish(st->parser, d);
	if (rc != ASSURE_OK)
		return rc;
	gt = credreport_parser_generated_time(st->parser);
	*ret_has_as_of = gt.has;
	if (gt.has)
		*ret_as_of = gt.t;
	return ASSURE_OK;
}

static void
cred_free(void *state)
{
	struct cred_state *st = state;

	if (st == NULL)
		return;
	credreport_parser_free(st->parser);
	free(st);
}

const struct evidence_kind kind_aws_iam_credential_report = {
	.name = "aws-iam-credential-report",
	.summary = "AWS IAM credential report: every IAM user and the root "
	    "account, with password, MFA, access key and certificate state",
	.formats = "the report CSV (aws iam get-credential-report, decoded), "
	    "or the GetCredentialReport JSON with Content and GeneratedTime",
	.begin = cred_begin,
	.feed = cred_feed,
	.finish = cred_finish,
	.free = cred_free,
};
