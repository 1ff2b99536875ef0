/*
 * history.h: what a control did over an observation period, read from
 * the recorded evaluations and the evidence filed against it: the chain a
 * Type 2 report and an auditor walk for each control.
 *
 *   occurrences  Each recorded evaluation, in the period, of one of the
 *                control's tests that judged something (pass or fail:
 *                no_evidence and error are not occurrences), and each
 *                piece of evidence filed against the control (`ingest
 *                --control`) whose instant is in the period, is an
 *                occurrence at its instant.  An occurrence falls in the
 *                unit of the control's frequency holding it (occur.h);
 *                actual = the expected units with at least one.  A
 *                per-event control has no units: its occurrences are its
 *                events, counted by the caller from the population.
 *   exceptions   Every subject the control's tests recorded an exception
 *                (or a warning) for in the period, once per test, with
 *                the first and last evaluation that did, how many did,
 *                and the reason the last one gave (reasons carry ages and
 *                counts that change from day to day).
 *   continuity   Each piece of evidence those evaluations used, and each
 *                filed against the control, covers its instant (from the
 *                start of its period, when it has one) up to occur_window()
 *                after; the stretches of the period no piece covers, a day
 *                or longer, are gaps.
 *   conclusion   not evidenced: no occurrence at all; exceptions noted: a
 *                failing exception, a failed evaluation, an expected unit
 *                without an occurrence, or, for a per-event control (which
 *                has no units), a gap; otherwise operated effectively.
 *                For a calendar control a gap is listed but does not
 *                decide: its units already say whether the control
 *                operated in each stretch of the period (an annual review
 *                in March leaves the months before it uncovered, yet the
 *                year had its review).
 */
#ifndef ASSURE_PERIOD_HISTORY_H
#define ASSURE_PERIOD_HISTORY_H

#include "common/compat.h"
#include "common/err.h"
#include "controls/controls.h"
#include "period/occur.h"
#include "rules/rules.h"
#include "store/store.h"

/* Rows of one control's history, at most. */
#define HISTORY_ROWS_MAX	2000000

enum hist_conclusion {
	HIST_EFFECTIVE,		/* operated effectively */
	HIST_EXCEPTIONS,	/* exceptions noted */
	HIST_NOT_EVIDENCED,	/* not evidenced */
	HIST_CONCLUSION__MAX
};

struct hist_result {
	char		 evaluation[EVALUATION_ID_LEN];
	const char	*test_id;	/* the control's, static */
	int64_t		 as_of;
	enum verdict	 verdict;
	int64_t		 population;
	int64_t		 exceptions;
};

struct hist_exception {
	const char	*test_id;	/* the control's, static */
	char		*subject;
	char		*reason;	/* the latest evaluation's */
	int64_t		 first;		/* as_of of the first evaluation */
	int64_t		 last;
	int64_t		 times;		/* evaluations that recorded it */
	bool		 warning;	/* a warning, not failing */
};

struct hist_evidence {
	int64_t	 id;
	char	 sha256[ASSURE_SHA256_HEXLEN + 1];
	char	 kind[64];
	char	*source;		/* the file name given at ingest */
	int64_t	 as_of;
	bool	 filed;			/* filed against the control */
	bool	 has_period;
	int64_t	 period_start;
	int64_t	 period_end;
};

struct hist_unit {
	struct occur_unit	u;
	size_t			evaluations;	/* occurrences from tests */
	size_t			filed;		/* from filed evidence */
};

struct control_history {
	const struct control	*control;
	int64_t			 start, end;
	struct hist_unit	*units;		/* expected; none: per-event */
	size_t			 nunits;
	size_t			 actual;	/* units with an occurrence */
	size_t			 occurrences;	/* evaluations + filed */
	struct hist_result	*results;	/* by as_of */
	size_t			 nresults;
	size_t			 verdicts[VERDICT__MAX];
	struct hist_exception	*exc;		/* by first seen */
	size_t			 nexc;
	struct hist_evidence	*ev;		/* by as_of */
	size_t			 nev;
	struct occur_span	*gaps;
	size_t			 ngaps;
	enum hist_conclusion	 conclusion;
};

/*
 * The history of control c over [start, end] into *ret (release it with
 * control_history_release() whatever the outcome).  cfg gives the
 * freshness window.  Store errors, ASSURE_ERR_LIMIT past
 * HISTORY_ROWS_MAX rows or OCCUR_UNITS_MAX units, ASSURE_ERR_NOMEM.
 */
enum assure_err control_history_load(struct store *s,
    const struct config *cfg, const struct control *c, int64_t start,
    int64_t end, struct control_history *ret,
    struct assure_diag *reterr_diag);
void control_history_release(struct control_history *h);

/* "operated effectively", "exceptions noted", "not evidenced". */
const char *hist_conclusion_text(enum hist_conclusion c);

#endif
