/*
 * sources.h: one collection of a source as assure.yaml's collect: section
 * configures it, for the server's schedules (schedule.h) and `assure
 * collect SOURCE` without flags.  Each source's settings become its
 * collector's target (github.h, ...); the command line's flags build the
 * same targets in cmd_collect.c.
 */
#ifndef ASSURE_COLLECT_SOURCES_H
#define ASSURE_COLLECT_SOURCES_H

#include "collect/collect.h"
#include "common/compat.h"
#include "common/err.h"
#include "workspace/config.h"

struct http_opts;
struct workspace;

/*
 * One run of src over the settings of cfg (ws's own, or the server's
 * loaded copy).  INVAL when src is not configured; otherwise as the
 * source's collector: ASSURE_OK once a run was opened and closed, *ret
 * saying complete or why not.
 */
enum assure_err collect_source(struct workspace *ws, const struct config *cfg,
    enum collect_source src, const struct http_opts *ho,
    const struct collect_progress *pr, int64_t now,
    struct collect_result *ret, struct assure_diag *reterr_diag);

/* Whether collect_source() can run src (its collector is built). */
bool collect_source_supported(enum collect_source src);

#endif
