/*
 * collectutil.c: the collectors' tests' shared pieces (collectutil.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectutil.h"
#include "testutil.h"

#define TU_FIXTURES_MAX	256

static char *fixtures[TU_FIXTURES_MAX];
static size_t nfixtures;

/* Append "a", then " b" when b is given, then a newline. */
static void
add(char *buf, size_t size, const char *a, const char *b)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s%s\n", a, b != NULL ? " " : "",
	    b != NULL ? b : "");
}

void
tu_on_page(void *arg, const char *kind, const char *url, size_t records)
{
	struct tu_progress *p = arg;
	char num[32];

	p->pages++;
	snprintf(num, sizeof(num), "%zu", records);
	add(p->urls, sizeof(p->urls), kind, url);
	add(p->kinds, sizeof(p->kinds), kind, NULL);
	add(p->counts, sizeof(p->counts), kind, num);
}

void
tu_on_note(void *arg, const char *msg)
{
	struct tu_progress *p = arg;

	add(p->notes, sizeof(p->notes), msg, NULL);
}

void
tu_progress_init(struct tu_progress *p, struct collect_progress *cp)
{
	memset(p, 0, sizeof(*p));
	cp->page = tu_on_page;
	cp->note = tu_on_note;
	cp->arg = p;
}

void
tu_no_sleep(void *arg, long seconds)
{
	(void)arg;
	(void)seconds;
}

const char *
tu_fixture(const char *dir, const char *name)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	assert_true(nfixtures < TU_FIXTURES_MAX);
	return fixtures[nfixtures++] = tu_data_path(buf);
}

void
tu_fixtures_free(void)
{
	while (nfixtures > 0)
		free(fixtures[--nfixtures]);
}
