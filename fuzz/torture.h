/*
 * torture.h: how a fuzz target built for fuzz/torture.c (compile
 * definition ASSURE_TORTURE) hands its result to the driver.  In that
 * build LLVMFuzzerTestOneInput parses its input once and calls
 * torture_report() once per parse it runs: the result code, the records
 * (count and digest), the formatted diagnostic, and whether the
 * diagnostic has a message.
 */
#ifndef ASSURE_FUZZ_TORTURE_H
#define ASSURE_FUZZ_TORTURE_H

#include "common/compat.h"

#include "common/err.h"

void torture_report(enum assure_err rc, unsigned long n, uint64_t digest,
    const char *diag, int has_msg);

/* torture_report() with the diagnostic d, formatted when rc is an error. */
static inline void
torture_report_diag(enum assure_err rc, unsigned long n, uint64_t digest,
    const struct assure_diag *d)
{
	char buf[1024];

	buf[0] = '\0';
	if (rc != ASSURE_OK)
		assure_diag_format(d, buf, sizeof(buf));
	torture_report(rc, n, digest, buf, rc != ASSURE_OK &&
	    d->msg[0] != '\0');
}

#endif
