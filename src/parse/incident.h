/*
 * incident.h: the normalised records the incident parsers (incparse.h)
 * emit: incidents (a Jira issue, a PagerDuty incident) and the events of
 * an incident's timeline (PagerDuty log entries).  Strings point into the
 * parser's buffers and live only during the callback; absent values are
 * NULL or has = false, never a default.
 *
 * The timeline times answer TSC CC7.3/CC7.4: was the incident seen,
 * taken up and resolved, and how fast.  Which vendor field or changelog
 * transition gives each time is written atop jira.c and pagerduty.c.
 */
#ifndef ASSURE_PARSE_INCIDENT_H
#define ASSURE_PARSE_INCIDENT_H

#include "common/compat.h"
#include "common/err.h"
#include "parse/credreport.h"	/* struct opt_time */

struct inc_incident {
	unsigned long	 line;		/* of the record's opening brace */
	unsigned long	 index;		/* 0-based record number */
	const char	*system;	/* "jira" | "pagerduty" */
	const char	*key;		/* Jira issue key, PD incident id */
	const char	*title;
	const char	*kind;		/* issuetype.name, incident_type */
	const char	*severity;	/* "1" (worst) .. "5", or NULL */
	const char	*status;	/* the system's own word */
	struct opt_time	 created;
	struct opt_time	 detected;	/* when monitoring saw it */
	struct opt_time	 acknowledged;	/* first taken up */
	struct opt_time	 escalated;	/* first escalated */
	struct opt_time	 resolved;
	const char	*service;	/* Jira project key, PD service */
	const char	*url;		/* for a human: browse / html_url */
	const char	*labels;	/* joined by ',', or NULL */
};

/* One entry of an incident's timeline (a PagerDuty log entry). */
struct inc_event {
	unsigned long	 line;
	unsigned long	 index;
	const char	*system;	/* "pagerduty" */
	const char	*event_id;	/* the log entry's id */
	const char	*incident;	/* the incident key it belongs to */
	const char	*type;		/* "trigger", "acknowledge",
					   "escalate", "resolve", "notify",
					   ...: the type less "_log_entry" */
	struct opt_time	 at;
	const char	*agent;		/* who or what acted, or NULL */
	const char	*summary;
};

/*
 * Where records go.  An error from a callback stops the parse and is
 * returned as it is.  event may be NULL when the format emits none.
 */
struct inc_sink {
	enum assure_err	(*incident)(const struct inc_incident *x, void *arg,
			    struct assure_diag *reterr_diag);
	enum assure_err	(*event)(const struct inc_event *e, void *arg,
			    struct assure_diag *reterr_diag);
	void		*arg;
};

#endif
