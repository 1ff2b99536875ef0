/*
 * findings.c: the vulnerability remediation report (see findings.h).
 * Ages are counted to the instant for open findings and to the fix for
 * fixed ones; a finding is past its SLA when its age exceeds the service
 * level of its severity (rules/vulns.h), and covered when an unexpired
 * risk acceptance names it.
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "report/findings.h"
#include "workspace/acceptances.h"

#define DAY	86400

static const char *const sevs[] = { "critical", "high", "medium", "low",
    "info", NULL };
#define NSEV	6	/* the five and "unknown" */

/* Ageing buckets of open findings, in days. */
static const int64_t buckets[] = { 30, 90, 180 };
#define NBUCKET	4

struct tally {
	size_t	open[NSEV][NBUCKET];
	size_t	nopen[NSEV];
	size_t	overdue[NSEV];
	size_t	accepted[NSEV];
	size_t	fixed[NSEV];	/* in the period */
	size_t	fixed_late[NSEV];
};

static int
sev_index(const char *s)
{
	int i;

	for (i = 0; s != NULL && sevs[i] != NULL; i++)
		if (strcmp(s, sevs[i]) == 0)
			return i;
	return NSEV - 1;
}

static const char *
sev_label(int i)
{
	return i < NSEV - 1 ? sevs[i] : "unknown";
}

struct judged {
	int64_t			 age;
	int64_t			 sla;
	bool			 late;
	const struct acceptance	*acc;
};

static void
judge(const struct findingsdoc *f, const struct vepisode *e,
    struct judged *j)
{
	int64_t at = e->fixed ? e->fixed_at : f->as_of;

	j->age = at - e->first_seen;
	j->sla = vuln_sla(f->cfg, e->severity);
	j->late = j->sla > 0 && j->age > j->sla;
	j->acc = acceptances_match(f->cfg->acceptances, e->fingerprint,
	    e->tool, e->rule, e->asset, at, NULL);
}

static void
count(const struct findingsdoc *f, struct tally *t)
{
	const struct vepisode *e;
	struct judged j;
	size_t i, b;
	int s;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < f->pop->nep; i++) {
		e = &f->pop->ep[i];
		s = sev_index(e->severity);
		judge(f, e, &j);
		if (e->fixed) {
			if (e->fixed_at < f->cfg->period_start)
				continue;
			t->fixed[s]++;
			if (j.late && j.acc == NULL)
				t->fixed_late[s]++;
			continue;
		}
		t->nopen[s]++;
		for (b = 0; b < NBUCKET - 1 && j.age > buckets[b] * DAY; b++)
			;
		t->open[s][b]++;
		if (j.late && j.acc != NULL)
			t->accepted[s]++;
		else if (j.late)
			t->overdue[s]++;
	}
}

static void
json(const struct findingsdoc *f, const struct tally *t,
    struct assure_buf *out)
{
	char when[ASSURE_TIME_STRLEN];
	const struct vepisode *e;
	struct judged j;
	struct jsonw w;
	size_t i, b;
	int s;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	assure_time_format(f->as_of, when);
	jsonw_kstr(&w, "as_of", when);
	jsonw_key(&w, "ageing");
	jsonw_arr_open(&w);
	for (s = 0; s < NSEV; s++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "severity", sev_label(s));
		jsonw_kint(&w, "open", (long long)t->nopen[s]);
		jsonw_key(&w, "open_by_age");
		jsonw_arr_open(&w);
		for (b = 0; b < NBUCKET; b++)
			jsonw_int(&w, (long long)t->open[s][b]);
		jsonw_arr_close(&w);
		jsonw_kint(&w, "open_past_sla", (long long)t->overdue[s]);
		jsonw_kint(&w, "open_past_sla_accepted",
		    (long long)t->accepted[s]);
		jsonw_kint(&w, "fixed_in_period", (long long)t->fixed[s]);
		jsonw_kint(&w, "fixed_late", (long long)t->fixed_late[s]);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "open");
	jsonw_arr_open(&w);
	for (i = 0; i < f->pop->nep; i++) {
		e = &f->pop->ep[i];
		if (e->fixed)
			continue;
		judge(f, e, &j);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "fingerprint", e->fingerprint);
		jsonw_key(&w, "severity");
		jsonw_str_or_null(&w, e->severity);
		jsonw_kstr(&w, "tool", e->tool);
		jsonw_kstr(&w, "rule", e->rule);
		jsonw_kstr(&w, "asset", e->asset);
		jsonw_kstr(&w, "location", e->location);
		assure_time_format(e->first_seen, when);
		jsonw_kstr(&w, "first_seen", when);
		jsonw_kint(&w, "age_days", j.age / DAY);
		jsonw_kbool(&w, "past_sla", j.late);
		jsonw_kbool(&w, "accepted", j.acc != NULL);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

void
report_findings(const struct findingsdoc *f, enum doc_format fmt,
    struct assure_buf *out)
{
	static const char *const agecols[] = { "Severity", "Open",
	    "0-30 days", "31-90", "91-180", "over 180", "Past SLA",
	    "Fixed in the period (late)" };
	static const char *const opencols[] = { "Severity", "Finding",
	    "First seen", "Age", "SLA", "State" };
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN];
	char subject[RULES_SUBJECT_MAX], sub[128];
	const struct vepisode *e;
	struct judged j;
	struct tally t;
	struct doc d;
	size_t i, n = 0, late = 0;
	int s;

	count(f, &t);
	if (fmt == DOC_JSON) {
		json(f, &t, out);
		return;
	}
	assure_date_format(f->as_of, d1);
	snprintf(sub, sizeof(sub), "The remediation tracker as of %s", d1);
	doc_init(&d, fmt, out);
	doc_begin(&d, "Vulnerability remediation", sub);
	doc_meta_begin(&d);
	doc_meta(&d, "Organisation", "%s", f->cfg->organisation);
	doc_meta(&d, "System", "%s", f->cfg->system);
	assure_date_format(f->cfg->period_start, d1);
	assure_date_format(f->cfg->period_end, d2);
	doc_meta(&d, "Observation period", "%s to %s", d1, d2);
	doc_meta(&d, "Service levels", "critical %lld days, high %lld, "
	    "medium %lld, low %lld",
	    (long long)(f->cfg->sla.vuln_critical / DAY),
	    (long long)(f->cfg->sla.vuln_high / DAY),
	    (long long)(f->cfg->sla.vuln_medium / DAY),
	    (long long)(f->cfg->sla.vuln_low / DAY));
	doc_meta(&d, "Scans", "%zu, newest %s", f->pop->nscans, f->pop->nscans
	    > 0 ? (assure_date_format(f->pop->newest_scan, d2), d2) : "none");
	doc_meta_end(&d);

	doc_heading(&d, 2, "Ageing of open findings by severity");
	doc_table_begin(&d, NULL, agecols, 8);
	for (s = 0; s < NSEV; s++) {
		doc_cell(&d, "%s", sev_label(s));
		doc_cell(&d, "%zu", t.nopen[s]);
		doc_cell(&d, "%zu", t.open[s][0]);
		doc_cell(&d, "%zu", t.open[s][1]);
		doc_cell(&d, "%zu", t.open[s][2]);
		doc_cell(&d, "%zu", t.open[s][3]);
		if (t.overdue[s] > 0)
			doc_cell_class(&d, "gap", "%zu", t.overdue[s]);
		else
			doc_cell(&d, "%zu%s", t.overdue[s], t.accepted[s] >
			    0 ? " (accepted past it)" : "");
		doc_cell(&d, "%zu (%zu)", t.fixed[s], t.fixed_late[s]);
	}
	doc_table_end(&d);
	assure_date_format(f->as_of, d1);
	doc_note(&d, "Open findings are aged to %s; fixed ones to the scan "
	    "that no longer listed them.  A finding past its service level "
	    "under an unexpired risk acceptance (risk-acceptances.yaml) is "
	    "not counted as past it.", d1);

	doc_heading(&d, 2, "Open findings");
	for (i = 0; i < f->pop->nep; i++)
		n += !f->pop->ep[i].fixed;
	if (n == 0)
		doc_para(&d, "No finding is open.");
	else {
		doc_table_begin(&d, NULL, opencols, 6);
		for (i = 0; i < f->pop->nep; i++) {
			e = &f->pop->ep[i];
			if (e->fixed)
				continue;
			judge(f, e, &j);
			vuln_subject(e, subject, sizeof(subject));
			assure_date_format(e->first_seen, d1);
			doc_cell(&d, "%s", e->severity != NULL ? e->severity :
			    "unknown");
			doc_cell(&d, "%s", subject);
			doc_cell(&d, "%s", d1);
			doc_cell(&d, "%lld days", (long long)(j.age / DAY));
			if (j.sla > 0)
				doc_cell(&d, "%lld days", (long long)(j.sla /
				    DAY));
			else
				doc_cell(&d, "none");
			if (j.late && j.acc == NULL) {
				late++;
				doc_cell_class(&d, "gap", "%lld days past "
				    "its SLA", (long long)((j.age - j.sla) /
				    DAY));
			} else if (j.acc != NULL) {
				assure_date_format(j.acc->expires, d2);
				doc_cell_class(&d, "partial", "accepted by %s "
				    "until %s", j.acc->approver, d2);
			} else
				doc_cell_class(&d, "in", "within its SLA");
		}
		doc_table_end(&d);
	}
	doc_para(&d, "%zu open, %zu of them past their service level.", n,
	    late);
	assure_time_format(f->generated, d1);
	snprintf(sub, sizeof(sub), "Generated by assure at %s from the scans "
	    "recorded in the workspace.", d1);
	doc_end(&d, sub);
	doc_release(&d);
}
