/*
 * fuzz_mix.h: the FNV-1a digest the fuzz targets fold every parsed record
 * into, so that feeding an input whole and in pieces can be compared
 * without keeping the records.
 */
#ifndef ASSURE_FUZZ_MIX_H
#define ASSURE_FUZZ_MIX_H

#include "common/compat.h"
#include "parse/credreport.h"	/* struct opt_time */

static inline void
mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		*h ^= s[i];
		*h *= 0x100000001b3ull;
	}
}

/* A string with its NUL, or one 0xff byte for NULL (absent). */
static inline void
mix_str(uint64_t *h, const char *s)
{
	if (s == NULL)
		mix(h, "\xff", 1);
	else
		mix(h, s, strlen(s) + 1);
}

static inline void
mix_time(uint64_t *h, struct opt_time t)
{
	mix(h, &t.has, sizeof(t.has));
	if (t.has)
		mix(h, &t.t, sizeof(t.t));
}

#endif
