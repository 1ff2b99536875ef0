/*
 * cpop.h: the population of a control over a period, the set an auditor
 * samples from (docs/SAMPLING.md).
 *
 * A control operated on a calendar (continuous, daily, weekly, monthly,
 * quarterly, annual) is tested by its instances: the population is the
 * units of its frequency expected in the period (occur.h), each subject
 * the unit's label ("2026-03", "2026-Q1", "2026-03-14"), each with the
 * evaluations and filed evidence that occurred in it (history.h).
 *
 * A per-event control is tested by its events: the population is the
 * union of the members of its tests (the changes, incidents, leavers,
 * findings they judged; rules.h) evaluated as of the period's end, each
 * subject as the test names it, each with the exceptions found for it.
 * A test that saw no evidence contributes nothing, and says so.
 */
#ifndef ASSURE_PERIOD_CPOP_H
#define ASSURE_PERIOD_CPOP_H

#include "common/compat.h"
#include "common/err.h"
#include "controls/controls.h"
#include "period/history.h"
#include "rules/rules.h"
#include "store/store.h"

struct cpop_exception {
	const char	*test_id;	/* static */
	char		*reason;
	bool		 warning;
};

struct cpop_member {
	char			*subject;
	/* Units: the occurrences in the unit.  Events: the tests that
	 * judged it, and what they found. */
	size_t			 evaluations;
	size_t			 filed;
	struct cpop_exception	*exc;
	size_t			 nexc;
};

struct cpop {
	bool			 events;	/* per-event: members of tests */
	struct cpop_member	*m;		/* sorted bytewise by subject */
	size_t			 n;
	/* Events: the evaluation as of the period's end that listed them,
	 * and the tests of the control that had no evidence. */
	struct evaluation	 ev;
	bool			 has_ev;
	const char		*no_evidence[CONTROL_LIST_MAX];
	size_t			 nno_evidence;
};

/*
 * The population of control c over [start, end]: for a calendar control
 * from its history h (loaded by the caller for the same period), for a
 * per-event control by evaluating its tests as of end with members (not
 * recorded).  Release with cpop_release() whatever the outcome.
 */
enum assure_err cpop_load(struct store *s, const struct config *cfg,
    const struct control *c, const struct control_history *h, int64_t end,
    struct cpop *ret, struct assure_diag *reterr_diag);
void cpop_release(struct cpop *p);

/* The subjects, in order, as an array of pointers into p (free() it). */
const char **cpop_subjects(const struct cpop *p);

#endif
