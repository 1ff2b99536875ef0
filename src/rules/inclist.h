/*
 * inclist.h: the incidents of an instant, as the incident tests, the
 * Type 2 report and the System Description see them: the incidents of
 * Jira and PagerDuty evidence and of incidents.yaml, merged.  A register
 * entry naming a source (jira:KEY, pagerduty:ID) adds to that incident,
 * its values winning; one naming none is an incident of its own.  An
 * evidence incident's detection is its detected time, else its creation;
 * its escalation its escalated time, else its first acknowledgement.
 * Subjects are the register id, else system:key.
 */
#ifndef ASSURE_RULES_INCLIST_H
#define ASSURE_RULES_INCLIST_H

#include "common/compat.h"
#include "common/err.h"
#include "rules/rules.h"
#include "workspace/incidents.h"

#define INCLIST_MAX	1000000

struct inc {
	char		 subject[RULES_SUBJECT_MAX];
	char		 system[16];	/* "" for a register-only incident */
	char		 key[256];
	char		 title[256];	/* "" when none is known */
	int		 severity;	/* 1 (worst) to 5; 0 unknown */
	int64_t		 detected, escalated, resolved;	/* 0: none */
	const struct incident_entry *reg;	/* or NULL */
};

struct incs {
	struct inc	*v;
	size_t		 n, cap;
	size_t		 from_evidence;	/* v[0..from_evidence) */
};

/*
 * The incidents known as of ctx->as_of (evidence no newer, the newest
 * copy of each; the register of ctx->cfg) into *ret; release with
 * incs_release() whatever the outcome.
 */
enum assure_err incs_load(const struct test_ctx *ctx, struct incs *ret,
    struct assure_diag *reterr_diag);
void incs_release(struct incs *l);

#endif
