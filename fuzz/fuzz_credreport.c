/*
 * fuzz_credreport.c: libFuzzer target for the AWS IAM credential report
 * parser (src/parse/credreport.c), CSV and JSON wrapper alike.
 *
 * Each input is parsed twice: once in one feed, once split in two at a
 * point derived from the input.  The row callback reads every field so
 * the sanitizers see any bad pointer, and for some inputs rejects a row
 * (as a caller's database error would).  The two runs must agree on the
 * result code, the number of rows, a digest of the rows and the
 * diagnostic; a disagreement is a streaming bug and aborts.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "parse/credreport.h"

#include "fuzz_mix.h"
#ifdef ASSURE_TORTURE
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every FUZZ_REJECT_EVERY-th input size has a row rejected. */
#ifdef ASSURE_TORTURE
/* torture: the sink takes every record (size 0 has none) */
#define FUZZ_REJECT_EVERY	SIZE_MAX
#else
#define FUZZ_REJECT_EVERY	5
#endif

/* What one run produced. */
struct fuzz_run {
	unsigned long	reject_at;	/* 1-based row to reject, or 0 */
	enum assure_err	rc;
	unsigned long	rows;
	uint64_t	digest;	/* FNV-1a over every field of every row */
	int		has_msg;	/* the diagnostic has a message */
	char		diag[1024];
};

static enum assure_err
fuzz_row(const struct credreport_row *r, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;
	int i;

	mix(h, &r->line, sizeof(r->line));
	mix(h, &r->index, sizeof(r->index));
	mix_str(h, r->user);
	mix_str(h, r->arn);
	mix(h, &r->is_root, sizeof(r->is_root));
	mix_str(h, r->partition);
	mix_str(h, r->account_id);
	mix_time(h, r->user_creation_time);
	mix(h, &r->password_enabled, sizeof(r->password_enabled));
	mix_time(h, r->password_last_used);
	mix_time(h, r->password_last_changed);
	mix_time(h, r->password_next_rotation);
	mix(h, &r->mfa_active, sizeof(r->mfa_active));
	for (i = 0; i < 2; i++) {
		mix(h, &r->key[i].active, sizeof(r->key[i].active));
		mix_time(h, r->key[i].last_rotated);
		mix_time(h, r->key[i].last_used);
		mix_str(h, r->key[i].last_used_region);
		mix_str(h, r->key[i].last_used_service);
		mix(h, &r->cert[i].active, sizeof(r->cert[i].active));
		mix_time(h, r->cert[i].last_rotated);
	}
	if (r->index + 1 == run->reject_at) {
		if (r->index % 2 == 0)
			assure_diag_set(d, ASSURE_ERR_DB, NULL, r->line, 1,
			    "user", "rejected");
		return ASSURE_ERR_DB;
	}
	return ASSURE_OK;
}

/* Parse data[0..size), the first feed ending at split. */
static void
fuzz_parse(const uint8_t *data, size_t size, size_t split,
    struct fuzz_run *run)
{
	struct credreport_parser *p;
	struct assure_diag d;
	struct opt_time t;

	memset(run, 0, sizeof(*run));
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size / FUZZ_REJECT_EVERY % 3;
	run->digest = 0xcbf29ce484222325ull;
	p = credreport_parser_new("fuzz", fuzz_row, run);
	if (p == NULL) {
#ifdef ASSURE_TORTURE
		/* Out of memory, as the callers report it. */
		run->rc = ASSURE_ERR_NOMEM;
		run->has_msg = 1;
		snprintf(run->diag, sizeof(run->diag), "out of memory");
		return;
#endif
		abort();
	}
	assure_diag_clear(&d);
	run->rc = credreport_parser_feed(p, data, split, &d);
	if (run->rc == ASSURE_OK)
		run->rc = credreport_parser_feed(p, data + split, size - split,
		    &d);
	if (run->rc == ASSURE_OK)
		run->rc = credreport_parser_finish(p, &d);
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	run->rows = credreport_parser_rows(p);
	t = credreport_parser_generated_time(p);
	mix_time(&run->digest, t);
	credreport_parser_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run whole, split;
	size_t at;

#ifdef ASSURE_TORTURE
	/* fuzz/torture.c: one parse, its result judged by the driver. */
	fuzz_parse(data, size, size, &whole);
	torture_report(whole.rc, whole.rows, whole.digest, whole.diag,
	    whole.has_msg);
	return 0;
#endif
	at = size > 0 ? ((size_t)data[0] * 257u + size) % (size + 1) : 0;
	fuzz_parse(data, size, size, &whole);
	fuzz_parse(data, size, at, &split);
	if (whole.rc != split.rc || whole.rows != split.rows ||
	    whole.digest != split.digest ||
	    strcmp(whole.diag, split.diag) != 0) {
		fprintf(stderr, "split at %zu changed the result:\n"
		    "  whole: %d rows %lu '%s'\n  split: %d rows %lu '%s'\n",
		    at, whole.rc, whole.rows, whole.diag, split.rc, split.rows,
		    split.diag);
		abort();
	}
	return 0;
}
