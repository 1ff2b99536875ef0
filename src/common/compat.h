/*
 * compat.h: the first include of every assure source file.
 *
 * It fixes the feature-test macros so that every translation unit sees the
 * same POSIX surface, pulls in the few headers nearly every file needs, and
 * declares the small portable helpers (strlcpy, checked number parsing) that
 * the rest of the code uses instead of the banned libc functions listed in
 * banned.h, which this header includes last.
 */
#ifndef ASSURE_COMPAT_H
#define ASSURE_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/*
 * The headers that declare the banned functions come before banned.h, as in
 * git-compat-util.h: their later inclusion is then a no-op and cannot trip
 * over the macros (glibc defines atoi inline when optimising).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ASSURE_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ASSURE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ASSURE_NORETURN __attribute__((noreturn))
#define ASSURE_UNUSED __attribute__((unused))
#else
#define ASSURE_PRINTF(f, a)
#define ASSURE_NORETURN
#define ASSURE_UNUSED
#endif

/*
 * Copy at most size-1 bytes of src into dst and NUL-terminate.  Returns
 * strlen(src); a return >= size means the copy was truncated.
 */
size_t assure_strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse a decimal integer in [min, max] from the whole of s.  Returns 0 and
 * sets *ret_val on success, -1 on any junk, sign or range error.
 */
int assure_strtonum(const char *s, long long min, long long max,
    long long *ret_val);

/* Abort with file and line: a broken invariant, never bad input. */
ASSURE_NORETURN void assure_bug_at(const char *file, int line,
    const char *fmt, ...) ASSURE_PRINTF(3, 4);
#define assure_bug(...) assure_bug_at(__FILE__, __LINE__, __VA_ARGS__)

#include "banned.h"

#endif
