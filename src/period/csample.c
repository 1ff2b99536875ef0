/*
 * csample.c: a control's sample over a period (see csample.h), shared by
 * `assure sample` and the API.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "ledger/note.h"
#include "period/csample.h"

enum assure_err
csample_checkpoint(struct ledger *l, const char *note, size_t len,
    int64_t end, struct sample_checkpoint *ret, struct assure_diag *d)
{
	struct assure_note_verifier v;
	struct assure_buf found;
	char vkey[ASSURE_NOTE_VKEY_MAX + 1];
	enum assure_err rc = ASSURE_OK;

	assure_buf_init(&found, ASSURE_NOTE_MAX_SIZE);
	if (note == NULL) {
		rc = ledger_checkpoint_after(l, end, &found, NULL, d);
		note = found.data;
		len = found.len;
	}
	ledger_verifier_text(l, vkey);
	if (rc == ASSURE_OK)
		rc = assure_note_verifier_parse(vkey, strlen(vkey), &v, d);
	if (rc == ASSURE_OK)
		rc = sample_seed_from_checkpoint(note, len, &v, ret, d);
	assure_buf_free(&found);
	return rc;
}

enum assure_err
csample_draw(struct store *s, const struct config *cfg,
    const struct control *c, int64_t start, int64_t end, size_t size,
    const struct sample_checkpoint *cp, struct csample *ret,
    struct assure_diag *d)
{
	const char **subjects;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	ret->c = c;
	ret->start = start;
	ret->end = end;
	ret->size = size != 0 ? size : (size_t)cfg->sample_size[c->frequency];
	rc = control_history_load(s, cfg, c, start, end, &ret->h, d);
	if (rc == ASSURE_OK)
		rc = cpop_load(s, cfg, c, &ret->h, end, &ret->pop, d);
	if (rc != ASSURE_OK)
		return rc;
	if ((subjects = cpop_subjects(&ret->pop)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, c->id, 0, 0, NULL,
		    "out of memory");
	rc = sample_draw(cp->root, c->id, subjects, ret->pop.n, ret->size,
	    &ret->s, d);
	free(subjects);
	return rc;
}

void
csample_release(struct csample *x)
{
	sample_release(&x->s);
	cpop_release(&x->pop);
	control_history_release(&x->h);
	memset(x, 0, sizeof(*x));
}

void
csample_json(struct assure_buf *out, const struct csample *x,
    const struct sample_checkpoint *cp)
{
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	struct jsonw w;
	size_t i;

	assure_time_format(x->start, t1);
	assure_time_format(x->end, t2);
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "control", x->c->id);
	jsonw_kstr(&w, "frequency", control_frequency_name(x->c->frequency));
	jsonw_kstr(&w, "population_kind", x->pop.events ? "events" : "units");
	jsonw_kstr(&w, "period_start", t1);
	jsonw_kstr(&w, "period_end", t2);
	jsonw_kint(&w, "size_asked", (long long)x->size);
	jsonw_key(&w, "tests_without_evidence");
	jsonw_arr_open(&w);
	for (i = 0; i < x->pop.nno_evidence; i++)
		jsonw_str(&w, x->pop.no_evidence[i]);
	jsonw_arr_close(&w);
	jsonw_key(&w, "sample");
	sample_json(&w, &x->s, cp);
	jsonw_obj_close(&w);	/* pretty: ends the document with '\n' */
}
