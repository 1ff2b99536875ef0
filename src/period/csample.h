/*
 * csample.h: a control's sample over a period, as `assure sample CONTROL
 * --format json` prints it and GET /api/v1/samples/CONTROL answers it:
 * the seed read from a signed checkpoint of the workspace's ledger, the
 * control's population over the period (cpop.h), the draw (sample.h) and
 * the JSON document.  One implementation, so that the CLI and the API
 * give the same bytes for the same arguments.
 */
#ifndef ASSURE_PERIOD_CSAMPLE_H
#define ASSURE_PERIOD_CSAMPLE_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "controls/controls.h"
#include "ledger/ledger.h"
#include "period/cpop.h"
#include "period/history.h"
#include "sample/sample.h"
#include "store/store.h"
#include "workspace/config.h"

struct csample {
	const struct control	*c;		/* not owned */
	int64_t			 start;
	int64_t			 end;
	size_t			 size;		/* asked */
	struct control_history	 h;
	struct cpop		 pop;
	struct sample		 s;
};

/*
 * The seed of a sample over a period ending at end: the checkpoint note
 * note[0..len), or with note NULL the first checkpoint signed after end
 * (NOTFOUND when there is none yet), verified by l's own key: only this
 * ledger's signed checkpoints seed its samples (TAMPER otherwise).
 */
enum assure_err csample_checkpoint(struct ledger *l, const char *note,
    size_t len, int64_t end, struct sample_checkpoint *ret,
    struct assure_diag *reterr_diag);

/*
 * The sample of c over [start, end] of size (0: cfg's sample size for
 * c's frequency), drawn with the seed of cp.  Release with
 * csample_release() whatever the outcome.
 */
enum assure_err csample_draw(struct store *s, const struct config *cfg,
    const struct control *c, int64_t start, int64_t end, size_t size,
    const struct sample_checkpoint *cp, struct csample *ret,
    struct assure_diag *reterr_diag);
void csample_release(struct csample *x);

/*
 * The JSON document, appended to out and ending in a newline: control,
 * frequency, population_kind, period_start, period_end, size_asked,
 * tests_without_evidence, and the sample (sample_json()).
 */
void csample_json(struct assure_buf *out, const struct csample *x,
    const struct sample_checkpoint *cp);

#endif
