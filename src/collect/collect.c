/*
 * collect.c: what every collector shares (see collect.h).
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "collect/collect.h"

void
collect_note(const struct collect_progress *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p == NULL || p->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->note(p->arg, msg);
}

enum assure_err
collect_stop(bool *failed, char *why, size_t size, enum assure_err rc,
    const struct assure_diag *d)
{
	if (!*failed) {
		*failed = true;
		assure_diag_format(d, why, size);
	}
	return rc;
}

bool
collect_same_origin(const char *base, const char *url)
{
	size_t n = strcspn(base + strcspn(base, ":") + 3, "/") +
	    strcspn(base, ":") + 3;

	return strncmp(base, url, n) == 0 && (url[n] == '/' ||
	    url[n] == '\0' || url[n] == '?');
}
