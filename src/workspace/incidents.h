/*
 * incidents.h: incidents.yaml, the incident register: the facts about an
 * incident that no ticketing or paging system records (customer impact,
 * whether customer data was involved, when customers were notified, the
 * post-mortem), for incidents that are in Jira or PagerDuty (source:
 * names them) or only here; and the tabletop exercises.
 *
 *	incidents:
 *	  - { id: INC-2026-03, source: "pagerduty:PT4KHLK", severity: 1,
 *	      title: Payslip service down, detected_at: 2026-03-02T07:10:00Z,
 *	      escalated_at: 2026-03-02T07:25:00Z,
 *	      resolved_at: 2026-03-02T09:40:00Z, customer_impact: true,
 *	      data_involved: false, postmortem: "sha256:77de...",
 *	      postmortem_at: 2026-03-06 }
 *	tabletops:
 *	  - { date: 2026-02-11, scenario: Ransomware on a build runner,
 *	      evidence: "sha256:0c13..." }
 *
 * A value given here wins over the source's.  Strict (scope/ywalk.h):
 * unknown keys, a severity other than 1 to 5, times out of order, a
 * malformed digest or source, a duplicate id are located errors.
 */
#ifndef ASSURE_WORKSPACE_INCIDENTS_H
#define ASSURE_WORKSPACE_INCIDENTS_H

#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "scope/ywalk.h"

#define INCIDENTS_FILE		"incidents.yaml"
#define INCIDENTS_FILE_MAX	(4 * 1024 * 1024)
#define INCIDENTS_MAX		100000

struct incident_entry {
	const char	*id;
	const char	*source_system;	/* "jira" | "pagerduty", or NULL */
	const char	*source_key;
	const char	*title;
	int		 severity;	/* 1..5, 0 not given */
	int64_t		 detected_at;	/* 0: not given (each time) */
	int64_t		 escalated_at;
	int64_t		 resolved_at;
	int		 customer_impact;	/* 1, 0, -1 not said */
	int		 data_involved;
	int64_t		 notified_at;
	char		 postmortem[ASSURE_SHA256_HEXLEN + 1];	/* or "" */
	const char	*postmortem_url;
	int64_t		 postmortem_at;
	unsigned long	 line;
};

struct tabletop {
	int64_t		 date;
	const char	*scenario;
	char		 evidence[ASSURE_SHA256_HEXLEN + 1];
	unsigned long	 line;
};

struct incidents {
	struct incident_entry	*e;
	size_t			 n;
	struct tabletop		*t;
	size_t			 nt;
	bool			 present;
	struct ypool		 pool;
};

enum assure_err incidents_parse(const char *text, size_t len,
    const char *source, struct incidents *ret,
    struct assure_diag *reterr_diag);
enum assure_err incidents_load(const char *path, struct incidents *ret,
    struct assure_diag *reterr_diag);
void incidents_release(struct incidents *i);

#endif
