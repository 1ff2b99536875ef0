/*
 * collectutil.h: what the collectors' tests share: a progress recorder
 * (the pages and notes a run reports), an HTTP sleep that does not
 * sleep, and the paths of a source's fixtures under tests/data/collect/.
 */
#ifndef ASSURE_COLLECTUTIL_H
#define ASSURE_COLLECTUTIL_H

#include <stddef.h>

#include "collect/collect.h"

struct tu_progress {
	size_t	pages;
	char	notes[4096];	/* "note\n" each */
	char	urls[8192];	/* "kind url\n" each page */
	char	kinds[1024];	/* "kind\n" each page */
	char	counts[1024];	/* "kind records\n" each page */
};

/* Empty p and point cp (page, note, arg) at it. */
void tu_progress_init(struct tu_progress *p, struct collect_progress *cp);
/* The collect_progress callbacks recording into a struct tu_progress. */
void tu_on_page(void *arg, const char *kind, const char *url,
    size_t records);
void tu_on_note(void *arg, const char *msg);
/* An http_opts.sleep_fn that returns at once. */
void tu_no_sleep(void *arg, long seconds);

/* $ASSURE_TEST_DATA/DIR/NAME, kept until tu_fixtures_free(). */
const char *tu_fixture(const char *dir, const char *name);
void tu_fixtures_free(void);

#endif
