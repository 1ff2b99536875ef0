/*
 * cmd_status.c: `assure status`: readiness from the newest evaluation, by
 * criterion and by test.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "catalog/catalog.h"
#include "cli/render.h"
#include "controls/controls.h"
#include "common/timeutil.h"
#include "rules/rules.h"
#include "workspace/workspace.h"

#define STATUS_CRITERIA_MAX	128

struct crit_row {
	char		id[16];
	size_t		tests;
	size_t		passing;
	enum verdict	worst;
};

/* Order of badness: fail and error beat no_evidence, which beats pass. */
static int
badness(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return 0;
	case VERDICT_NO_EVIDENCE:
		return 1;
	case VERDICT_FAIL:
		return 2;
	default:
		return 3;
	}
}

static size_t
criteria_rows(const struct evaluation *ev, struct crit_row *rows, size_t max)
{
	char buf[128], *p, *next;
	size_t i, j, n = 0;

	for (i = 0; i < ev->n; i++) {
		assure_strlcpy(buf, ev->results[i].criteria, sizeof(buf));
		for (p = buf; *p != '\0'; p = next) {
			next = strchr(p, ',');
			if (next != NULL)
				*next++ = '\0';
			else
				next = p + strlen(p);
			for (j = 0; j < n; j++)
				if (strcmp(rows[j].id, p) == 0)
					break;
			if (j == n) {
				if (n == max)
					continue;
				memset(&rows[n], 0, sizeof(rows[n]));
				assure_strlcpy(rows[n].id, p,
				    sizeof(rows[n].id));
				rows[n].worst = VERDICT_PASS;
				n++;
			}
			rows[j].tests++;
			if (ev->results[i].verdict == VERDICT_PASS)
				rows[j].passing++;
			if (badness(ev->results[i].verdict) >
			    badness(rows[j].worst))
				rows[j].worst = ev->results[i].verdict;
		}
	}
	return n;
}

/* A control's verdict: the worst of its tests' in the evaluation. */
static enum verdict
control_verdict(const struct control *c, const struct evaluation *ev,
    size_t *ret_found)
{
	enum verdict worst = VERDICT_PASS;
	size_t i, j, found = 0;

	for (i = 0; i < c->ntests; i++) {
		for (j = 0; j < ev->n; j++) {
			if (strcmp(ev->results[j].test_id, c->tests[i]->id) != 0)
				continue;
			found++;
			if (badness(ev->results[j].verdict) > badness(worst))
				worst = ev->results[j].verdict;
		}
	}
	*ret_found = found;
	/* A control whose tests did not run has no evidence, never a pass. */
	return found == 0 ? VERDICT_NO_EVIDENCE : worst;
}

static void
controls_json(struct jsonw *w, const struct control_set *cs,
    const struct evaluation *ev, bool found)
{
	const struct control *c;
	size_t i, j, nf;

	jsonw_arr_open(w);
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", c->id);
		jsonw_kstr(w, "title", c->title);
		jsonw_kstr(w, "owner", c->owner);
		jsonw_kstr(w, "frequency", control_frequency_name(c->frequency));
		jsonw_kstr(w, "status", control_status_name(c->status));
		jsonw_key(w, "tests");
		jsonw_arr_open(w);
		for (j = 0; j < c->ntests; j++)
			jsonw_str(w, c->tests[j]->id);
		jsonw_arr_close(w);
		jsonw_key(w, "verdict");
		if (c->ntests > 0 && found)
			jsonw_str(w, verdict_name(control_verdict(c, ev, &nf)));
		else
			jsonw_null(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void
controls_text(const struct cli_ctx *ctx, const struct control_set *cs,
    const struct evaluation *ev, struct assure_buf *out)
{
	const struct control *c;
	size_t i, j, nf, manual = 0;
	enum verdict v;

	assure_buf_adds(out, "\nBy control (automated tests):\n");
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (c->ntests == 0) {
			manual++;
			continue;
		}
		v = control_verdict(c, ev, &nf);
		assure_buf_printf(out, "  %-8s %-11s %s (%s, %s; tests:", c->id,
		    verdict_name(v), c->title, c->owner,
		    control_frequency_name(c->frequency));
		for (j = 0; j < c->ntests; j++)
			assure_buf_printf(out, " %s", c->tests[j]->id);
		assure_buf_adds(out, ")\n");
	}
	assure_buf_printf(out, "  %s%zu other controls rely on manual "
	    "evidence%s\n", cli_c(ctx, CLI_DIM), manual,
	    cli_c(ctx, CLI_RESET));
}

static void
categories_json(struct jsonw *w, unsigned bits)
{
	unsigned i;

	jsonw_arr_open(w);
	for (i = 0; i < TSC_NCATEGORIES; i++)
		if (bits & (1u << i))
			jsonw_str(w, config_category_name(1u << i));
	jsonw_arr_close(w);
}

static int
run_status(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct evaluation ev;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	struct crit_row rows[STATUS_CRITERIA_MAX];
	struct control_set cs;
	const struct assure_catalog *cat = NULL;
	char cdir[WORKSPACE_PATH_MAX + 16];
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN], cats[128];
	size_t c[VERDICT__MAX], nrows, i, l;
	int64_t nevidence = 0;
	bool found;
	int ret;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "status takes no arguments");
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	memset(&ev, 0, sizeof(ev));
	control_set_init(&cs);
	if (snprintf(cdir, sizeof(cdir), "%s/%s", ws->root, CONTROLS_DIR) >=
	    (int)sizeof(cdir) || assure_catalog_get(&cat, &d) != ASSURE_OK ||
	    controls_load_dir(&cs, cdir, cat, &d) != ASSURE_OK) {
		if (d.msg[0] == '\0')
			assure_diag_set(&d, ASSURE_ERR_LIMIT, ws->root, 0, 0,
			    NULL, "path too long");
		control_set_release(&cs);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	if (store_exec_int(ws->store, STMT_EVIDENCE_COUNT, NULL, 0, &nevidence,
	    NULL, &d) != ASSURE_OK ||
	    evaluation_load_latest(ws->store, &ev, &found, &d) != ASSURE_OK) {
		control_set_release(&cs);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	nrows = found ? criteria_rows(&ev, rows, STATUS_CRITERIA_MAX) : 0;
	assure_date_format(ws->cfg.period_start, d1);
	assure_date_format(ws->cfg.period_end, d2);
	assure_buf_init(&out, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "organisation", ws->cfg.organisation);
		jsonw_kstr(&w, "system", ws->cfg.system);
		jsonw_key(&w, "categories");
		categories_json(&w, ws->cfg.categories);
		jsonw_key(&w, "observation_period");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "start", d1);
		jsonw_kstr(&w, "end", d2);
		jsonw_obj_close(&w);
		jsonw_kint(&w, "evidence_files", nevidence);
		jsonw_key(&w, "criteria");
		jsonw_arr_open(&w);
		for (i = 0; i < nrows; i++) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "id", rows[i].id);
			jsonw_kstr(&w, "verdict", verdict_name(rows[i].worst));
			jsonw_kint(&w, "tests", (long long)rows[i].tests);
			jsonw_kint(&w, "passing", (long long)rows[i].passing);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
		jsonw_key(&w, "controls");
		controls_json(&w, &cs, &ev, found);
		jsonw_key(&w, "evaluation");
		if (found)
			evaluation_json(&ev, &w);
		else
			jsonw_null(&w);
		jsonw_obj_close(&w);
	} else {
		cats[0] = '\0';
		for (i = 0; i < TSC_NCATEGORIES; i++) {
			if (!(ws->cfg.categories & (1u << i)))
				continue;
			l = strlen(cats);
			snprintf(cats + l, sizeof(cats) - l, "%s%s",
			    l > 0 ? ", " : "", config_category_name(1u << i));
		}
		assure_buf_printf(&out, "%s%s%s: %s\n  in scope: %s\n  "
		    "observation period: %s to %s\n  evidence files: %lld\n\n",
		    cli_c(ctx, CLI_BOLD), ws->cfg.organisation,
		    cli_c(ctx, CLI_RESET), ws->cfg.system, cats, d1, d2,
		    (long long)nevidence);
		if (!found) {
			assure_buf_adds(&out, "No evaluation yet: run 'assure "
			    "evaluate'.\n");
		} else {
			render_summary(ctx, &ev, &out);
			assure_buf_adds(&out, "\nBy criterion:\n");
			for (i = 0; i < nrows; i++)
				assure_buf_printf(&out, "  %-8s %zu of %zu "
				    "tests pass  %s\n", rows[i].id,
				    rows[i].passing, rows[i].tests,
				    verdict_name(rows[i].worst));
			controls_text(ctx, &cs, &ev, &out);
			assure_buf_adds(&out, "\nBy test:\n");
			render_tests(ctx, &ev, false, &out);
		}
	}
	ret = cli_write_out(ctx, &out);
	if (ret == CLI_EXIT_OK && found) {
		evaluation_counts(&ev, c);
		if (c[VERDICT_PASS] != ev.n)
			ret = CLI_EXIT_FAIL;
	}
	assure_buf_free(&out);
	evaluation_release(&ev);
	control_set_release(&cs);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_status_def = {
	.name = "status",
	.args = NULL,
	.summary = "Show readiness from the newest evaluation",
	.description = "Readiness by criterion, by control (the controls in "
	    "controls/ with\nautomated tests) and by test, with each test's "
	    "population and\nexceptions, from the newest recorded evaluation.  "
	    "Exits 1 when any test in\nit does not pass.",
	.options = NULL,
	.run = run_status,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
