/*
 * collect.h: what every live collector shares with its callers (the CLI's
 * `assure collect SOURCE`, later the server's schedules): how it reports
 * progress and how a run ended.  Each collector (github.h, ...) takes its
 * own target structure, the HTTP options (http.h) and these.
 */
#ifndef ASSURE_COLLECT_COLLECT_H
#define ASSURE_COLLECT_COLLECT_H

#include "collect/run.h"
#include "common/compat.h"

struct collect_progress {
	/* A page kept: its kind, URL without query, and its records. */
	void	(*page)(void *arg, const char *kind, const char *url,
		    size_t records);
	/* A remark for people: a cap reached, a skipped part. */
	void	(*note)(void *arg, const char *msg);
	void	*arg;
};

struct collect_result {
	int64_t	run_id;		/* 0: no run was opened */
	size_t	pages;
	size_t	records;
	bool	complete;
	char	why[RUN_NOTE_MAX];	/* when not complete; no secrets */
};

#endif
