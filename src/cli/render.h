/*
 * render.h: text rendering of evaluations for the CLI.
 */
#ifndef ASSURE_CLI_RENDER_H
#define ASSURE_CLI_RENDER_H

#include "cli/cli.h"
#include "rules/rules.h"

/* "Evaluation ID as of T" and the counts per verdict. */
void render_summary(const struct cli_ctx *ctx, const struct evaluation *ev,
    struct assure_buf *out);
/* One block per test: verdict, id, title, population, reason, exceptions. */
void render_tests(const struct cli_ctx *ctx, const struct evaluation *ev,
    bool only_failing, struct assure_buf *out);

#endif
