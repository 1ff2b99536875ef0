/*
 * result.c: building test results (see rules.h).
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

static const char *const verdict_names[VERDICT__MAX] = {
	[VERDICT_PASS] = "pass",
	[VERDICT_FAIL] = "fail",
	[VERDICT_NO_EVIDENCE] = "no_evidence",
	[VERDICT_ERROR] = "error",
};

const char *
verdict_name(enum verdict v)
{
	return (unsigned)v < VERDICT__MAX ? verdict_names[v] : "error";
}

enum verdict
verdict_parse(const char *s)
{
	unsigned i;

	for (i = 0; i < VERDICT__MAX; i++)
		if (strcmp(s, verdict_names[i]) == 0)
			return (enum verdict)i;
	return VERDICT__MAX;
}

static enum assure_err
add(struct test_result *r, bool warning, const char *subject,
    const char *fmt, va_list ap) ASSURE_PRINTF(4, 0);

static enum assure_err
add(struct test_result *r, bool warning, const char *subject,
    const char *fmt, va_list ap)
{
	struct test_exception *e;
	char reason[RULES_REASON_MAX];
	size_t ncap;

	if (r->nexc >= RULES_EXCEPTIONS_MAX)
		return ASSURE_ERR_LIMIT;
	if (r->nexc == r->capexc) {
		ncap = r->capexc == 0 ? 16 : r->capexc * 2;
		e = reallocarray(r->exc, ncap, sizeof(*e));
		if (e == NULL)
			return ASSURE_ERR_NOMEM;
		r->exc = e;
		r->capexc = ncap;
	}
	vsnprintf(reason, sizeof(reason), fmt, ap);
	e = &r->exc[r->nexc];
	e->subject = strndup(subject, RULES_SUBJECT_MAX);
	e->reason = strdup(reason);
	e->warning = warning;
	if (e->subject == NULL || e->reason == NULL) {
		free(e->subject);
		free(e->reason);
		return ASSURE_ERR_NOMEM;
	}
	r->nexc++;
	if (warning)
		r->nwarn++;
	return ASSURE_OK;
}

enum assure_err
result_add_exception(struct test_result *r, const char *subject,
    const char *fmt, ...)
{
	enum assure_err rc;
	va_list ap;

	va_start(ap, fmt);
	rc = add(r, false, subject, fmt, ap);
	va_end(ap);
	return rc;
}

enum assure_err
result_add_warning(struct test_result *r, const char *subject,
    const char *fmt, ...)
{
	enum assure_err rc;
	va_list ap;

	va_start(ap, fmt);
	rc = add(r, true, subject, fmt, ap);
	va_end(ap);
	return rc;
}

size_t
result_failures(const struct test_result *r)
{
	return r->nexc - r->nwarn;
}

enum assure_err
result_add_evidence(struct test_result *r, int64_t id, const char *hex)
{
	struct test_evidence *e;
	unsigned char d[ASSURE_SHA256_LEN];
	size_t i, ncap;

	for (i = 0; i < r->nev; i++)
		if (r->ev[i].id == id)
			return ASSURE_OK;
	if (r->nev == r->capev) {
		ncap = r->capev == 0 ? 4 : r->capev * 2;
		e = reallocarray(r->ev, ncap, sizeof(*e));
		if (e == NULL)
			return ASSURE_ERR_NOMEM;
		r->ev = e;
		r->capev = ncap;
	}
	e = &r->ev[r->nev];
	e->id = id;
	if (assure_digest_parse(hex, d) != 0)
		return ASSURE_ERR_INVAL;
	assure_digest_format(d, e->digest);
	r->nev++;
	return ASSURE_OK;
}

enum assure_err
result_set_reason(struct test_result *r, const char *fmt, ...)
{
	char buf[RULES_REASON_MAX];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	p = strdup(buf);
	if (p == NULL)
		return ASSURE_ERR_NOMEM;
	free(r->reason);
	r->reason = p;
	return ASSURE_OK;
}

enum assure_err
result_add_member(struct test_result *r, const struct test_ctx *ctx,
    const char *subject)
{
	char **m;
	size_t ncap;

	/* Counting is all a normal evaluation pays. */
	r->population++;
	if (!ctx->members)
		return ASSURE_OK;
	if (r->nmembers >= RULES_MEMBERS_MAX)
		return ASSURE_ERR_LIMIT;
	if (r->nmembers == r->capmembers) {
		ncap = r->capmembers == 0 ? 64 : r->capmembers * 2;
		m = reallocarray(r->members, ncap, sizeof(*m));
		if (m == NULL)
			return ASSURE_ERR_NOMEM;
		r->members = m;
		r->capmembers = ncap;
	}
	/* Truncated as exception subjects are, so that they still match. */
	r->members[r->nmembers] = strndup(subject, RULES_SUBJECT_MAX);
	if (r->members[r->nmembers] == NULL)
		return ASSURE_ERR_NOMEM;
	r->nmembers++;
	return ASSURE_OK;
}

static int
member_cmp(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;

	return strcmp(*a, *b);
}

enum assure_err
result_members_finish(struct test_result *r)
{
	size_t i, n;

	if (r->nmembers == 0)
		return ASSURE_OK;
	qsort(r->members, r->nmembers, sizeof(*r->members), member_cmp);
	for (i = 1, n = 1; i < r->nmembers; i++) {
		if (strcmp(r->members[i], r->members[n - 1]) == 0)
			free(r->members[i]);
		else
			r->members[n++] = r->members[i];
	}
	r->nmembers = n;
	r->population = (int64_t)n;
	return ASSURE_OK;
}

bool
result_has_member(const struct test_result *r, const char *subject)
{
	char key[RULES_SUBJECT_MAX + 1];
	const char *k = key;

	if (r->nmembers == 0)
		return false;
	/* Members are kept truncated to RULES_SUBJECT_MAX. */
	snprintf(key, sizeof(key), "%s", subject);
	return bsearch(&k, r->members, r->nmembers, sizeof(*r->members),
	    member_cmp) != NULL;
}

void
result_release(struct test_result *r)
{
	size_t i;

	for (i = 0; i < r->nexc; i++) {
		free(r->exc[i].subject);
		free(r->exc[i].reason);
	}
	free(r->exc);
	for (i = 0; i < r->nmembers; i++)
		free(r->members[i]);
	free(r->members);
	free(r->ev);
	free(r->reason);
	memset(r, 0, sizeof(*r));
}
