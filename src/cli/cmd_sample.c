/*
 * cmd_sample.c: `assure sample CONTROL [--period START..END]
 * [--checkpoint FILE] [--size N]`: the auditor's sample of a control's
 * population over a period, drawn from a signed ledger checkpoint so
 * that nobody can steer it and anybody can redo it (docs/SAMPLING.md).
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "ledger/note.h"
#include "period/csample.h"
#include "workspace/config.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

static const struct cli_option sample_options[] = {
	{ "period", "START..END", "the period sampled (default: the "
	    "observation period of assure.yaml)", false },
	{ "checkpoint", "FILE", "the signed ledger checkpoint whose root "
	    "seeds the draw (default: the first signed after the period's "
	    "end)", false },
	{ "size", "N", "the sample size (default: sample.<frequency> of "
	    "assure.yaml)", false },
	{ NULL, NULL, NULL, false },
};

/* The checkpoint note: FILE, or the first signed after end. */
static int
load_checkpoint(struct cli_ctx *ctx, struct workspace *ws, int64_t end,
    struct sample_checkpoint *cp, struct assure_diag *d)
{
	struct assure_buf note;
	const char *path = cli_opt(ctx, "checkpoint");
	enum assure_err rc = ASSURE_OK;

	assure_buf_init(&note, ASSURE_NOTE_MAX_SIZE);
	if (path != NULL && (rc = assure_file_read(path, &note, d)) ==
	    ASSURE_OK)
		rc = csample_checkpoint(ws->ledger, note.data, note.len, end,
		    cp, d);
	else if (path == NULL)
		rc = csample_checkpoint(ws->ledger, NULL, 0, end, cp, d);
	if (rc != ASSURE_OK && path != NULL && rc != ASSURE_ERR_IO) {
		char why[ASSURE_DIAG_MSG_MAX + 256];

		/* Name the file the auditor gave, then what is wrong. */
		assure_diag_format(d, why, sizeof(why));
		assure_diag_set(d, rc, path, 0, 0, NULL, "not a checkpoint "
		    "signed by this workspace's ledger: %s", why);
	}
	assure_buf_free(&note);
	return rc == ASSURE_OK ? CLI_EXIT_OK : cli_diag(ctx, d);
}

static const char *
what_of(const struct cpop *p, const struct control *c)
{
	if (p->events)
		return "events judged by its tests as of the period's end";
	switch (c->frequency) {
	case CONTROL_CONTINUOUS:
	case CONTROL_DAILY:
		return "days";
	case CONTROL_WEEKLY:
		return "ISO weeks";
	case CONTROL_MONTHLY:
		return "months";
	case CONTROL_QUARTERLY:
		return "quarters";
	default:
		return "years";
	}
}

static void
render(struct cli_ctx *ctx, const struct csample *x,
    const struct sample_checkpoint *cp, struct assure_buf *out)
{
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	size_t i;

	/* The same document as GET /api/v1/samples/CONTROL. */
	if (ctx->format == CLI_FORMAT_JSON) {
		csample_json(out, x, cp);
		return;
	}
	assure_time_format(x->start, t1);
	assure_time_format(x->end, t2);
	assure_buf_printf(out, "Sample of %s (%s, %s) over %.10s..%.10s: %zu "
	    "%s\n\n", x->c->id, x->c->title,
	    control_frequency_name(x->c->frequency), t1, t2, x->pop.n,
	    what_of(&x->pop, x->c));
	sample_text(out, &x->s, cp);
	for (i = 0; i < x->pop.nno_evidence; i++)
		assure_buf_printf(out, "note: %s had no evidence as of %s and "
		    "contributes nothing to the population\n",
		    x->pop.no_evidence[i], t2);
}

static int
run_sample(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct design des;
	const struct control *c;
	struct csample x;
	struct sample_checkpoint cp;
	struct assure_diag d;
	struct assure_buf out;
	const char *v;
	int64_t start = 0, end = 0;
	unsigned long long size = 0;
	bool has_period = false;
	char *endp;
	int ret;

	if (ctx->nargs != 1)
		return cli_usage(ctx, "sample needs one CONTROL id");
	v = cli_opt(ctx, "period");
	if (v != NULL) {
		if (config_parse_period(v, &start, &end) != 0)
			return cli_usage(ctx, "--period: expected START..END, "
			    "got '%s'", v);
		has_period = true;
	}
	v = cli_opt(ctx, "size");
	if (v != NULL) {
		size = strtoull(v, &endp, 10);
		if (*v < '0' || *v > '9' || *endp != '\0' || size < 1 ||
		    size > CONFIG_SAMPLE_MAX)
			return cli_usage(ctx, "--size: expected a number from 1 "
			    "to %d, got '%s'", CONFIG_SAMPLE_MAX, v);
	}
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (design_load(ws, &des, &d) != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	memset(&x, 0, sizeof(x));
	c = controls_find(&des.controls, ctx->args[0]);
	if (c == NULL) {
		ret = cli_usage(ctx, "no control '%s' in controls/",
		    ctx->args[0]);
		goto out;
	}
	if (!has_period) {
		start = ws->cfg.period_start;
		end = ws->cfg.period_end;
	}
	if ((ret = load_checkpoint(ctx, ws, end, &cp, &d)) != CLI_EXIT_OK)
		goto out;
	if (csample_draw(ws->store, &ws->cfg, c, start, end, (size_t)size,
	    &cp, &x, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto out;
	}
	assure_buf_init(&out, 0);
	render(ctx, &x, &cp, &out);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
out:
	csample_release(&x);
	design_release(&des);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_sample_def = {
	.name = "sample",
	.args = "CONTROL",
	.summary = "Draw the auditor's sample of a control's population",
	.description = "The population is the units of the control's "
	    "frequency in the period (its\ndays, weeks, months, quarters or "
	    "years) or, for a per-event control, the\nevents its tests judged "
	    "as of the period's end.  The subjects are sorted\nbytewise and "
	    "hashed; the draw is HMAC-SHA256 keyed by the root of a signed\n"
	    "ledger checkpoint (by default the first signed after the "
	    "period's end), so\nthe same checkpoint always gives the same "
	    "sample and anyone can redo it\n(docs/SAMPLING.md).  A population "
	    "no larger than the size is taken whole.",
	.options = sample_options,
	.run = run_sample,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
