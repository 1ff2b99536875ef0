/*
 * fuzz_identity.h: the body shared by the identity parsers' libFuzzer
 * targets (fuzz_hr_csv.c, fuzz_okta_users.c, ...).  Each target defines
 * FUZZ_FORMAT (an enum id_format) and includes this file.
 *
 * Each input is parsed twice: in one feed, and split in two at a point
 * derived from the input; for odd sizes with --tenant (and --user for
 * okta-factors, a header map for hr-csv).  The sink reads every field so
 * that the sanitizers see a bad pointer, and for some inputs rejects a
 * record as a database error would.  The two runs must agree on the
 * result, the records and the diagnostic: a difference is a streaming bug
 * and aborts.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "parse/idparse.h"

#include "fuzz_split.h"

static enum assure_err
fuzz_person(const struct id_person *x, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &x->line, sizeof(x->line));
	mix(h, &x->index, sizeof(x->index));
	mix_str(h, x->employee_id);
	mix_str(h, x->email);
	mix_str(h, x->name);
	mix_str(h, x->status);
	mix_time(h, x->hire_date);
	mix_time(h, x->termination);
	mix(h, &x->termination_date_only, sizeof(x->termination_date_only));
	mix_str(h, x->department);
	mix_str(h, x->title);
	mix_str(h, x->manager_email);
	mix_str(h, x->extra_json);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_account(const struct id_account *a, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	mix(h, &a->line, sizeof(a->line));
	mix(h, &a->index, sizeof(a->index));
	mix_str(h, a->system);
	mix_str(h, a->tenant);
	mix_str(h, a->account_id);
	mix_str(h, a->login);
	mix_str(h, a->email);
	mix_str(h, a->display_name);
	mix(h, &a->kind, sizeof(a->kind));
	mix(h, &a->admin, sizeof(a->admin));
	mix(h, &a->mfa, sizeof(a->mfa));
	mix_str(h, a->status);
	mix(h, &a->active, sizeof(a->active));
	mix_time(h, a->created);
	mix_time(h, a->last_login);
	mix_time(h, a->status_changed);
	mix_str(h, a->roles);
	if (a->system == NULL || a->tenant == NULL || a->account_id == NULL)
		abort();	/* NOT NULL columns */
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_setting(const struct id_setting *s, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;

	mix_str(&run->digest, s->system);
	mix_str(&run->digest, s->tenant);
	mix_str(&run->digest, s->name);
	mix_str(&run->digest, s->value);
	return fuzz_count(run, d);
}

static void
fuzz_parse(const uint8_t *data, size_t size, size_t at, struct fuzz_run *run)
{
	static const struct id_map maps[] = { { "Work Email", "email" },
	    { "State", "status" } };
	struct id_sink sink = { fuzz_person, fuzz_account, fuzz_setting, run };
	struct id_opts o;
	struct id_parser *p = NULL;
	struct assure_diag d;

	memset(run, 0, sizeof(*run));
	memset(&o, 0, sizeof(o));
	o.source = "fuzz";
	if (size % 2 == 1) {
		if (FUZZ_FORMAT == ID_FMT_HR_CSV) {
			o.maps = maps;
			o.nmaps = 2;
		} else if (FUZZ_FORMAT != ID_FMT_BAMBOOHR)
			o.tenant = "fuzz-tenant";
		if (FUZZ_FORMAT == ID_FMT_OKTA_FACTORS)
			o.user = "00ufuzz";
	}
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size % 3;
	assure_diag_clear(&d);
	run->rc = id_parser_new(FUZZ_FORMAT, &o, &sink, &p, &d);
	if (run->rc == ASSURE_OK)
		run->rc = id_parser_feed(p, data, at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = id_parser_feed(p, data + at, size - at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = id_parser_finish(p, &d);
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	id_parser_free(p);
}
