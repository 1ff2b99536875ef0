/*
 * schedule.h: what `assure serve` runs on its own, from assure.yaml's
 * collect: section: each configured source every `every`, an evaluation
 * every `collect.evaluate.every`, and the alerts (alert.h) that follow:
 * a source whose runs failed `after_failures` times in a row (once per
 * streak), and each test an evaluation turned from pass to fail.
 *
 * The schedule keeps only when each thing is next due and the streaks of
 * failures; a restart picks the due times up from the newest runs and
 * evaluation in the store, so that restarting the server does not collect
 * everything again at once.  Each tick opens a workspace handle of its
 * own (a writer's), so that the dashboard's requests go on meanwhile.
 */
#ifndef ASSURE_COLLECT_SCHEDULE_H
#define ASSURE_COLLECT_SCHEDULE_H

#include "common/compat.h"
#include "common/err.h"
#include "workspace/config.h"

/* Alerts sent for one evaluation at most (the rest are counted). */
#define SCHEDULE_ALERTS_MAX	20

struct schedule {
	int64_t		 next[COLLECT_SOURCES];		/* 0: not scheduled */
	unsigned	 failures[COLLECT_SOURCES];	/* in a row */
	int64_t		 next_eval;			/* 0: not scheduled */
	/* What happened, a line at a time (the server's log); may be
	 * NULL.  Never given a secret. */
	void		(*log)(void *arg, const char *line);
	void		*arg;
	/* Tests: the HTTP client's sleep (NULL: the system's). */
	void		(*sleep_fn)(void *arg, long seconds);
};

/* Whether cfg schedules anything. */
bool schedule_wanted(const struct config *cfg);

/*
 * Set s up for the workspace at root with settings cfg at now: each
 * source and the evaluation next due one period after its newest run or
 * evaluation (now when there is none).
 */
enum assure_err schedule_init(struct schedule *s, const char *root,
    const struct config *cfg, int64_t now, struct assure_diag *reterr_diag);

/*
 * Run what is due at now, each collection before the evaluation, and
 * set *ret_next (may be NULL) to the next instant something is due
 * (INT64_MAX: nothing is scheduled).  A failing collection or alert is
 * logged and counted, not returned: only a workspace that cannot be
 * opened is an error.
 */
enum assure_err schedule_tick(struct schedule *s, const char *root,
    const struct config *cfg, int64_t now, int64_t *ret_next,
    struct assure_diag *reterr_diag);

#endif
