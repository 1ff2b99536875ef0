/*
 * type2.h: the Type 2 report: how each control operated over the
 * observation period.
 *
 * For every control of controls/: its design (owner, frequency, criteria,
 * tests), the occurrences expected of its frequency against those that
 * happened (period/history.h), its population (period/cpop.h), every
 * exception its tests recorded in the period with when it was first and
 * last seen, the stretches its evidence did not cover, the sample drawn
 * from its population (sample/sample.h) with what was found for each
 * sampled item, and a conclusion: operated effectively, exceptions noted,
 * not evidenced.  Then the period's significant events: incidents of
 * severity 1 and 2, and policy versions approved.
 *
 * type2_load() gathers everything (read-only: no evaluation is
 * recorded); report_type2() renders it as Markdown, HTML or JSON.  The
 * JSON lists each control's whole population, so that the auditor can
 * redo each sample with nothing but the checkpoint (docs/SAMPLING.md).
 */
#ifndef ASSURE_REPORT_TYPE2_H
#define ASSURE_REPORT_TYPE2_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "controls/controls.h"
#include "ledger/ledger.h"
#include "period/cpop.h"
#include "period/history.h"
#include "policy/approval.h"
#include "report/doc.h"
#include "rules/inclist.h"
#include "sample/sample.h"
#include "store/store.h"
#include "workspace/config.h"

struct type2_control {
	const struct control	*c;
	struct control_history	 h;
	struct cpop		 pop;
	bool			 sampled;	/* a checkpoint seeded it */
	size_t			 size;		/* the size asked */
	struct sample		 s;
};

struct type2doc {
	const struct config	*cfg;
	int64_t			 start, end;
	int64_t			 generated;
	struct type2_control	*v;
	size_t			 n;
	size_t			 conclusions[HIST_CONCLUSION__MAX];
	/* The seed of every sample, or why there is none. */
	bool			 has_cp;
	struct sample_checkpoint cp;
	char			 cp_why[ASSURE_DIAG_MSG_MAX + 64];
	/* Significant events of the period. */
	struct incs		 incidents;	/* as of end; filter by date */
	struct policy_approvals	 approvals;	/* filter by date */
};

/*
 * Gather the report over [start, end] for every control of cs.  The
 * checkpoint is note[0..len) when note is not NULL, else the first the
 * ledger signed after end; it must verify under the ledger's key (a
 * note that does not is an error; no checkpoint yet is not: the report
 * says the samples cannot be drawn yet).  Release with type2_release()
 * whatever the outcome.
 */
enum assure_err type2_load(struct store *s, struct ledger *l,
    const struct config *cfg, const struct control_set *cs, int64_t start,
    int64_t end, const char *note, size_t len, struct type2doc *ret,
    struct assure_diag *reterr_diag);
void type2_release(struct type2doc *t);

void report_type2(const struct type2doc *t, enum doc_format fmt,
    struct assure_buf *out);

/*
 * What was found for the member of x's population named subject, as the
 * report's sample table says it ("no exception", the exceptions of each
 * test, or a unit's evaluations and filed documents), into out; "?" when
 * subject is not a member.
 */
void type2_finding(const struct type2_control *x, const char *subject,
    char *out, size_t size);

#endif
