/*
 * fuzz_people.h: the body shared by the people parsers' libFuzzer
 * targets (fuzz_training.c, fuzz_background.c,
 * fuzz_policy_ack.c).  Each target defines
 * FUZZ_FORMAT (an enum people_format) and includes this file.
 *
 * Each input is parsed twice (fuzz_split.h): in one feed, and split in
 * two at a point derived from the input.  The sink reads every field so
 * that the sanitizers see a bad pointer, aborts on a NULL where a store
 * needs a value or on a value the parser promises to normalise, and for
 * some inputs rejects a record as a database error would.  The two runs
 * must agree on the result, the records and the diagnostic.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "parse/people.h"

#include "fuzz_split.h"

static void
must(const char *s)
{
	if (s == NULL || *s == '\0')
		abort();	/* a NOT NULL column */
}

/* person_norm is person lower-cased, and an e-mail. */
static void
must_norm(const char *person, const char *norm)
{
	size_t i;

	must(person);
	must(norm);
	if (strchr(norm, '@') == NULL || strlen(person) != strlen(norm))
		abort();
	for (i = 0; norm[i] != '\0'; i++)
		if (norm[i] != (char)tolower((unsigned char)person[i]))
			abort();
}

static enum assure_err
fuzz_training(const struct people_training *x, void *arg,
    struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	must_norm(x->person, x->person_norm);
	must(x->course);
	if (!x->completed.has)
		abort();
	mix(h, &x->line, sizeof(x->line));
	mix(h, &x->index, sizeof(x->index));
	mix_str(h, x->person);
	mix_str(h, x->person_norm);
	mix_str(h, x->course);
	mix_time(h, x->completed);
	mix_str(h, x->score);
	mix(h, &x->passed, sizeof(x->passed));
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_check(const struct people_check *x, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	must_norm(x->person, x->person_norm);
	must(x->result);
	if (!x->completed.has || (strcmp(x->result, "clear") != 0 &&
	    strcmp(x->result, "consider") != 0 &&
	    strcmp(x->result, "adverse") != 0 &&
	    strcmp(x->result, "pending") != 0))
		abort();
	mix(h, &x->line, sizeof(x->line));
	mix(h, &x->index, sizeof(x->index));
	mix_str(h, x->person);
	mix_str(h, x->person_norm);
	mix_time(h, x->completed);
	mix_str(h, x->result);
	mix_str(h, x->provider);
	mix_str(h, x->type);
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_ack(const struct people_ack *x, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;
	size_t i;

	must_norm(x->person, x->person_norm);
	must(x->policy);
	must(x->version);
	if (!x->acknowledged.has || strlen(x->policy) > PEOPLE_POLICY_ID_MAX ||
	    strlen(x->version) > PEOPLE_VERSION_MAX)
		abort();
	for (i = 0; x->policy[i] != '\0'; i++)
		if (!isalnum((unsigned char)x->policy[i]) &&
		    strchr("._-", x->policy[i]) == NULL)
			abort();
	mix(h, &x->line, sizeof(x->line));
	mix(h, &x->index, sizeof(x->index));
	mix_str(h, x->person);
	mix_str(h, x->policy);
	mix_str(h, x->version);
	mix_time(h, x->acknowledged);
	return fuzz_count(run, d);
}

static void
fuzz_parse(const uint8_t *data, size_t size, size_t at, struct fuzz_run *run)
{
	struct people_sink sink = { fuzz_training, fuzz_check, fuzz_ack,
	    run };
	struct people_opts o;
	struct people_parser *p = NULL;
	struct assure_diag d;

	memset(run, 0, sizeof(*run));
	memset(&o, 0, sizeof(o));
	o.source = "fuzz";
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size % 3;
	assure_diag_clear(&d);
	run->rc = people_parser_new(FUZZ_FORMAT, &o, &sink, &p, &d);
	if (run->rc == ASSURE_OK)
		run->rc = people_parser_feed(p, data, at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = people_parser_feed(p, data + at, size - at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = people_parser_finish(p, &d);
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	else if (people_parser_records(p) != run->n)
		abort();
	people_parser_free(p);
}
