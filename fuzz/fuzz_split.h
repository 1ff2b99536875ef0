/*
 * fuzz_split.h: what the streaming parsers' libFuzzer targets share
 * (fuzz_identity.h, fuzz_change.h): each input is parsed twice, in one
 * feed and split in two at a point derived from the input, and the two
 * runs must agree on the result, the records (folded into a digest) and
 * the diagnostic; a difference is a streaming bug and aborts.  For some
 * inputs the sink rejects a record as a database error would
 * (fuzz_count).  The including header defines fuzz_parse().  Built with
 * ASSURE_TORTURE (fuzz/torture.c), an input is parsed once and the result
 * handed to torture_report().
 */
#ifndef ASSURE_FUZZ_SPLIT_H
#define ASSURE_FUZZ_SPLIT_H

#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

#include "fuzz_mix.h"
#ifdef ASSURE_TORTURE
#include "torture.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifdef ASSURE_TORTURE
/* torture: the sink takes every record (size 0 has none) */
#define FUZZ_REJECT_EVERY	SIZE_MAX
#else
#define FUZZ_REJECT_EVERY	5
#endif

struct fuzz_run {
	unsigned long	reject_at;
	unsigned long	n;
	enum assure_err	rc;
	uint64_t	digest;
	int		has_msg;	/* the diagnostic has a message */
	char		diag[1024];
};

/* Count a record; reject the reject_at-th. */
static enum assure_err
fuzz_count(struct fuzz_run *run, struct assure_diag *d)
{
	if (++run->n == run->reject_at)
		return assure_diag_set(d, ASSURE_ERR_DB, "sink", 0, 0, NULL,
		    "rejected");
	return ASSURE_OK;
}

/* Parse data, fed as [0, at) then [at, size), into run. */
static void fuzz_parse(const uint8_t *data, size_t size, size_t at,
    struct fuzz_run *run);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run whole, split;
	size_t at;

#ifdef ASSURE_TORTURE
	/* fuzz/torture.c: one parse, its result judged by the driver. */
	fuzz_parse(data, size, size, &whole);
	torture_report(whole.rc, whole.n, whole.digest, whole.diag,
	    whole.has_msg);
	return 0;
#endif
	at = size > 0 ? ((size_t)data[0] * 257u + size) % (size + 1) : 0;
	fuzz_parse(data, size, size, &whole);
	fuzz_parse(data, size, at, &split);
	if (whole.rc != split.rc || whole.n != split.n ||
	    whole.digest != split.digest ||
	    strcmp(whole.diag, split.diag) != 0) {
		fprintf(stderr, "split at %zu changed the result:\n"
		    "  whole: %d records %lu '%s'\n"
		    "  split: %d records %lu '%s'\n", at, whole.rc, whole.n,
		    whole.diag, split.rc, split.n, split.diag);
		abort();
	}
	return 0;
}

#endif
