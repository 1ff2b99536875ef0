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
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ledger/ledger.h"
#include "ledger/note.h"
#include "period/cpop.h"
#include "period/history.h"
#include "sample/sample.h"
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
	struct assure_note_verifier v;
	struct assure_buf note;
	char vkey[ASSURE_NOTE_VKEY_MAX + 1];
	const char *path = cli_opt(ctx, "checkpoint");
	enum assure_err rc;

	assure_buf_init(&note, ASSURE_NOTE_MAX_SIZE);
	if (path != NULL)
		rc = assure_file_read(path, &note, d);
	else
		rc = ledger_checkpoint_after(ws->ledger, end, &note, NULL, d);
	ledger_verifier_text(ws->ledger, vkey);
	if (rc == ASSURE_OK)
		rc = assure_note_verifier_parse(vkey, strlen(vkey), &v, d);
	/* Only this ledger's signed checkpoints seed its samples. */
	if (rc == ASSURE_OK)
		rc = sample_seed_from_checkpoint(note.data, note.len, &v, cp, d);
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
render(struct cli_ctx *ctx, const struct control *c, int64_t start,
    int64_t end, size_t size, const struct cpop *p, const struct sample *s,
    const struct sample_checkpoint *cp, struct assure_buf *out)
{
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	struct jsonw w;
	size_t i;

	assure_time_format(start, t1);
	assure_time_format(end, t2);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "control", c->id);
		jsonw_kstr(&w, "frequency",
		    control_frequency_name(c->frequency));
		jsonw_kstr(&w, "population_kind", p->events ? "events" :
		    "units");
		jsonw_kstr(&w, "period_start", t1);
		jsonw_kstr(&w, "period_end", t2);
		jsonw_kint(&w, "size_asked", (long long)size);
		jsonw_key(&w, "tests_without_evidence");
		jsonw_arr_open(&w);
		for (i = 0; i < p->nno_evidence; i++)
			jsonw_str(&w, p->no_evidence[i]);
		jsonw_arr_close(&w);
		jsonw_key(&w, "sample");
		sample_json(&w, s, cp);
		jsonw_obj_close(&w);
		return;
	}
	assure_buf_printf(out, "Sample of %s (%s, %s) over %.10s..%.10s: %zu "
	    "%s\n\n", c->id, c->title, control_frequency_name(c->frequency),
	    t1, t2, p->n, what_of(p, c));
	sample_text(out, s, cp);
	for (i = 0; i < p->nno_evidence; i++)
		assure_buf_printf(out, "note: %s had no evidence as of %s and "
		    "contributes nothing to the population\n", p->no_evidence[i],
		    t2);
}

static int
run_sample(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct design des;
	const struct control *c;
	struct control_history h;
	struct cpop pop;
	struct sample s;
	struct sample_checkpoint cp;
	struct assure_diag d;
	struct assure_buf out;
	const char **subjects = NULL;
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
	memset(&h, 0, sizeof(h));
	memset(&pop, 0, sizeof(pop));
	memset(&s, 0, sizeof(s));
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
	if (size == 0)
		size = (unsigned long long)ws->cfg.sample_size[c->frequency];
	if ((ret = load_checkpoint(ctx, ws, end, &cp, &d)) != CLI_EXIT_OK)
		goto out;
	if (control_history_load(ws->store, &ws->cfg, c, start, end, &h,
	    &d) != ASSURE_OK ||
	    cpop_load(ws->store, &ws->cfg, c, &h, end, &pop, &d) !=
	    ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto out;
	}
	if ((subjects = cpop_subjects(&pop)) == NULL ||
	    sample_draw(cp.root, c->id, subjects, pop.n, (size_t)size, &s,
	    &d) != ASSURE_OK) {
		if (subjects == NULL)
			assure_diag_set(&d, ASSURE_ERR_NOMEM, c->id, 0, 0,
			    NULL, "out of memory");
		ret = cli_diag(ctx, &d);
		goto out;
	}
	assure_buf_init(&out, 0);
	render(ctx, c, start, end, (size_t)size, &pop, &s, &cp, &out);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
out:
	free(subjects);
	sample_release(&s);
	cpop_release(&pop);
	control_history_release(&h);
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
