/*
 * fuzz_okta_log.c: libFuzzer target for the Okta System Log parser
 * (src/parse/okta_log.c), with fuzz_split.h's whole-and-split check: the
 * events counted and the diagnostic must not depend on how the input is
 * cut.
 */
#include "common/compat.h"

#include "parse/okta_log.h"

#include "fuzz_split.h"

static enum assure_err
fuzz_event(unsigned long line, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;

	mix(&run->digest, &line, sizeof(line));
	return fuzz_count(run, d);
}

static void
fuzz_parse(const uint8_t *data, size_t size, size_t at, struct fuzz_run *run)
{
	struct okta_log *p;
	struct assure_diag d;

	memset(run, 0, sizeof(*run));
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size % 3;
	assure_diag_clear(&d);
	p = okta_log_new("fuzz", fuzz_event, run);
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
	run->rc = okta_log_feed(p, data, at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = okta_log_feed(p, data + at, size - at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = okta_log_finish(p, &d);
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	okta_log_free(p);
}
