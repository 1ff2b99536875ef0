/*
 * fuzz_vuln.h: the body shared by the scanner parsers' libFuzzer targets
 * (fuzz_sarif.c, fuzz_nessus.c, ...).  Each target defines FUZZ_FORMAT
 * (an enum vuln_format) and includes this file.  The harness
 * (fuzz_split.h) parses each input whole and split, for odd sizes with
 * --asset; the sink reads every field and sometimes rejects a record.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "parse/vparse.h"

#include "fuzz_split.h"

static enum assure_err
fuzz_scan(const struct vuln_scan *s, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	if (s->tool == NULL || s->asset == NULL)
		abort();	/* NOT NULL columns */
	mix(h, &s->line, sizeof(s->line));
	mix_str(h, s->tool);
	mix_str(h, s->tool_version);
	mix_str(h, s->asset);
	mix_time(h, s->started);
	mix_time(h, s->finished);
	mix(h, &s->complete, sizeof(s->complete));
	return fuzz_count(run, d);
}

static enum assure_err
fuzz_finding(const struct vuln_finding *f, void *arg, struct assure_diag *d)
{
	struct fuzz_run *run = arg;
	uint64_t *h = &run->digest;

	if (f->rule == NULL || f->location == NULL)
		abort();	/* the fingerprint needs both */
	mix(h, &f->line, sizeof(f->line));
	mix(h, &f->index, sizeof(f->index));
	mix_str(h, f->rule);
	mix_str(h, f->title);
	mix(h, &f->severity, sizeof(f->severity));
	mix_str(h, f->severity_raw);
	mix(h, &f->cvss, sizeof(f->cvss));
	mix_str(h, f->location);
	mix_str(h, f->fixed_in);
	mix_str(h, f->status);
	mix_str(h, f->justification);
	mix_str(h, f->cves);
	return fuzz_count(run, d);
}

static void
fuzz_parse(const uint8_t *data, size_t size, size_t at, struct fuzz_run *run)
{
	struct vuln_sink sink = { fuzz_scan, fuzz_finding, run };
	struct vuln_opts o;
	struct vuln_parser *p = NULL;
	struct assure_diag d;
	int64_t as_of;

	memset(run, 0, sizeof(*run));
	memset(&o, 0, sizeof(o));
	o.source = "fuzz";
	if (size % 2 == 1)
		o.asset = "fuzz-asset";
	if (size % FUZZ_REJECT_EVERY == 0)
		run->reject_at = 1 + size % 3;
	assure_diag_clear(&d);
	run->rc = vuln_parser_new(FUZZ_FORMAT, &o, &sink, &p, &d);
	if (run->rc == ASSURE_OK)
		run->rc = vuln_parser_feed(p, data, at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = vuln_parser_feed(p, data + at, size - at, &d);
	if (run->rc == ASSURE_OK)
		run->rc = vuln_parser_finish(p, &d);
	if (run->rc == ASSURE_OK && vuln_parser_as_of(p, &as_of))
		mix(&run->digest, &as_of, sizeof(as_of));
	if (run->rc != ASSURE_OK) {
		assure_diag_format(&d, run->diag, sizeof(run->diag));
		run->has_msg = d.msg[0] != '\0';
	}
	vuln_parser_free(p);
}
