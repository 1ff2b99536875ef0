/*
 * config.h: assure.yaml, the workspace's settings.
 *
 *	organisation: Acme Payroll
 *	system: Acme Payroll Platform
 *	timezone: Europe/London
 *	categories: [security, availability]
 *	observation_period: { start: 2025-07-01, end: 2026-06-30 }
 *	slas: { leaver_revocation: 1d, access_review: 90d,
 *	        vulnerability: { critical: 15d, high: 30d, medium: 90d, low: 180d } }
 *	evidence: { freshness: 35d }
 *	iam: { dormant_after: 90d, key_max_age: 90d }
 *	change: { production_branches: [main], production_environments:
 *	          [production], emergency_labels: [emergency],
 *	          emergency_approval_within: 48h, stale_approval: exception,
 *	          deployer_not_author: false, production_systems: [aws] }
 *	risk: { appetite: 9, reassess_every: 365d }
 *	incident: { escalate_sev1: 30m, escalate_sev2: 4h, notify_within: 72h,
 *	            postmortem_within: 14d, tabletop_every: 365d }
 *	hr: { training_every: 365d, training_within: 30d,
 *	      security_course: "security awareness" }
 *	server: { listen: "127.0.0.1:8080", max_header_bytes: 16k,
 *	          max_body_bytes: 1M, max_upload_bytes: 64M,
 *	          max_connections: 64, request_timeout: 30s,
 *	          session_idle: 30m, session_absolute: 12h,
 *	          login_attempts: 5, lockout: 15m }
 *	collect:				(none by default)
 *	  github: { org: acme, repos: [acme/payroll-api], branches: [main],
 *	            token: github-token, every: 1d,
 *	            alert: { webhook_secret: ops-webhook, after_failures: 2 } }
 *	  okta: { domain: acme.okta.com, token: okta-token, every: 1d }
 *	  (google, graph, aws, jira and pagerduty likewise: assure(1))
 *
 * Parsing is strict: an unknown key, a wrong type or a bad value is an
 * error located at file:line:column, never a silent default.  Keys that are
 * left out take the documented defaults.  Security is always in scope.
 */
#ifndef ASSURE_WORKSPACE_CONFIG_H
#define ASSURE_WORKSPACE_CONFIG_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

#define CONFIG_FILE_MAX		(1024 * 1024)
#define CONFIG_NAME_MAX		200

enum tsc_category {
	TSC_SECURITY = 1 << 0,
	TSC_AVAILABILITY = 1 << 1,
	TSC_PROCESSING_INTEGRITY = 1 << 2,
	TSC_CONFIDENTIALITY = 1 << 3,
	TSC_PRIVACY = 1 << 4,
};
#define TSC_ALL_CATEGORIES	0x1f
#define TSC_NCATEGORIES		5

/* Default service levels, in seconds. */
#define SLA_DEFAULT_LEAVER_REVOCATION	(1 * 86400)
#define SLA_DEFAULT_ACCESS_REVIEW	(92 * 86400)
#define SLA_DEFAULT_VULN_CRITICAL	(15 * 86400)
#define SLA_DEFAULT_VULN_HIGH		(30 * 86400)
#define SLA_DEFAULT_VULN_MEDIUM		(90 * 86400)
#define SLA_DEFAULT_VULN_LOW		(180 * 86400)
#define SLA_DEFAULT_SCAN_CADENCE	(30 * 86400)
#define EVIDENCE_DEFAULT_FRESHNESS	(35 * 86400)
#define IAM_DEFAULT_DORMANT_AFTER	(90 * 86400)
#define IAM_DEFAULT_KEY_MAX_AGE		(90 * 86400)
#define CHANGE_DEFAULT_EMERGENCY_WITHIN	(48 * 3600)
#define RISK_DEFAULT_APPETITE		9
#define INCIDENT_DEFAULT_ESCALATE_SEV1	(30 * 60)
#define INCIDENT_DEFAULT_ESCALATE_SEV2	(4 * 3600)
#define INCIDENT_DEFAULT_NOTIFY		(72 * 3600)
#define INCIDENT_DEFAULT_POSTMORTEM	(14 * 86400)
#define INCIDENT_DEFAULT_TABLETOP	(365 * 86400)
#define RISK_DEFAULT_REASSESS		(365 * 86400)
#define HR_DEFAULT_TRAINING_EVERY	(365 * 86400)
#define HR_DEFAULT_TRAINING_WITHIN	(30 * 86400)
/* Control frequencies (controls.h), for the sample sizes. */
#define CONFIG_FREQUENCIES		7
#define CONFIG_SAMPLE_MAX		1000
/* Policies acknowledged within this of hire or publication. */
#define POLICY_DEFAULT_ACKNOWLEDGE	(30 * 86400)
#define HR_DEFAULT_SECURITY_COURSE	"security awareness"

/*
 * assure serve (src/web/server.h): where it listens and its limits.
 * Byte sizes are written as a number with an optional k, M or G suffix
 * (powers of 1024); each is bounded by the _MIN and _MAX below.
 */
#define SERVER_DEFAULT_LISTEN		"127.0.0.1:8080"
#define SERVER_LISTEN_MAX		64
#define SERVER_DEFAULT_MAX_HEADER	(16 * 1024)
#define SERVER_MAX_HEADER_MIN		(4 * 1024)
#define SERVER_MAX_HEADER_MAX		(1024 * 1024)
#define SERVER_DEFAULT_MAX_BODY		(1024 * 1024)
#define SERVER_MAX_BODY_MIN		1024
#define SERVER_MAX_BODY_MAX		(64 * 1024 * 1024)
#define SERVER_DEFAULT_MAX_UPLOAD	(64 * 1024 * 1024)
#define SERVER_MAX_UPLOAD_MIN		1024
#define SERVER_MAX_UPLOAD_MAX		(4ull * 1024 * 1024 * 1024)
#define SERVER_DEFAULT_MAX_CONNECTIONS	64
#define SERVER_MAX_CONNECTIONS_MAX	4096
#define SERVER_DEFAULT_REQUEST_TIMEOUT	30
#define SERVER_DEFAULT_SESSION_IDLE	(30 * 60)
#define SERVER_DEFAULT_SESSION_ABSOLUTE	(12 * 3600)
#define SERVER_DEFAULT_LOGIN_ATTEMPTS	5
#define SERVER_LOGIN_ATTEMPTS_MAX	100
#define SERVER_DEFAULT_LOCKOUT		(15 * 60)

/*
 * Split a listen address "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080",
 * "localhost:8080") into host (without brackets) and port (0-65535; 0
 * asks the system for a free port).  Returns 0, or -1 with a reason in
 * why (size bytes).
 */
int config_parse_listen(const char *s, char *host, size_t hostsize,
    unsigned *ret_port, char *why, size_t whysize);

/* Parse a byte size ("16k", "1M", "65536"); 0 or -1. */
int config_parse_size(const char *s, uint64_t *ret);

/* A list setting: at most CONFIG_LIST_MAX names of CONFIG_ITEM_MAX bytes. */
#define CONFIG_LIST_MAX		32
#define CONFIG_ITEM_MAX		128

struct config_list {
	char	item[CONFIG_LIST_MAX][CONFIG_ITEM_MAX];
	size_t	n;
};

/* Whether list holds s (case-sensitive, as branch and label names are). */
bool config_list_has(const struct config_list *list, const char *s);

/*
 * Live collection (collect:, `assure collect SOURCE` and the server's
 * schedules).  Credentials are never values in assure.yaml: a setting
 * that needs one names a secret (`assure secret set NAME`, secret.h).
 */
enum collect_source {
	COLLECT_GITHUB,
	COLLECT_OKTA,
	COLLECT_GOOGLE,
	COLLECT_GRAPH,
	COLLECT_AWS,
	COLLECT_JIRA,
	COLLECT_PAGERDUTY,
};
#define COLLECT_SOURCES			7
#define COLLECT_SECRET_NAME_MAX		64	/* secret.h's SECRET_NAME_MAX */
#define COLLECT_URL_MAX			512
#define COLLECT_PATH_MAX		1024
#define COLLECT_JQL_MAX			1024
#define COLLECT_EVERY_MIN		(5 * 60)	/* a schedule's floor */
#define COLLECT_AFTER_FAILURES_MAX	100
#define COLLECT_DEFAULT_GITHUB_URL	"https://api.github.com"
#define COLLECT_DEFAULT_PAGERDUTY_URL	"https://api.pagerduty.com"
#define COLLECT_DEFAULT_GOOGLE_CUSTOMER	"my_customer"

/* The name of source ("github", ...), or NULL. */
const char *config_collect_source_name(enum collect_source s);

/* When runs of a source fail, whom to tell (alert:). */
struct collect_alert {
	/* An https URL without credentials, or the name of the secret that
	 * holds the URL (one of the two; both empty: no alert). */
	char	webhook[COLLECT_URL_MAX];
	char	webhook_secret[COLLECT_SECRET_NAME_MAX];
	int	after_failures;		/* consecutive failed runs; 1 */
};

/* One source's settings; only the fields of its kind are used. */
struct collect_settings {
	bool			set;		/* its section is present */
	int64_t			every;		/* schedule; 0: on demand */
	struct collect_alert	alert;
	/* Secret names (empty: the collector's default, secret.h). */
	char	token[COLLECT_SECRET_NAME_MAX];	/* github, okta, jira,
						   pagerduty */
	char	client_secret[COLLECT_SECRET_NAME_MAX];	/* graph */
	char	access_key_id[COLLECT_SECRET_NAME_MAX];	/* aws */
	char	secret_access_key[COLLECT_SECRET_NAME_MAX]; /* aws */
	char	base_url[COLLECT_URL_MAX];	/* github, jira, pagerduty */
	char	org[CONFIG_ITEM_MAX];		/* github */
	char	domain[CONFIG_ITEM_MAX];	/* okta: acme.okta.com */
	char	customer[CONFIG_ITEM_MAX];	/* google */
	char	subject[CONFIG_ITEM_MAX];	/* google: the admin */
	char	key_file[COLLECT_PATH_MAX];	/* google: absolute, outside
						   the workspace */
	char	tenant[CONFIG_ITEM_MAX];	/* graph */
	char	client_id[CONFIG_ITEM_MAX];	/* graph */
	char	region[CONFIG_ITEM_MAX];	/* aws */
	char	jql[COLLECT_JQL_MAX];		/* jira */
	char	email[CONFIG_ITEM_MAX];		/* jira */
};

struct identity;
struct acceptances;
struct control_set;
struct pentests;
struct scope;
struct vendors;
struct risks;
struct incidents;
struct policy_set;

struct config {
	char		organisation[CONFIG_NAME_MAX];
	/* The organisation's key in a store that holds many (store.h,
	 * STORE_ORG_MAX): `org:`, else made from organisation. */
	char		org[64];
	char		system[CONFIG_NAME_MAX];
	char		timezone[64];
	unsigned	categories;	/* enum tsc_category bits */
	int64_t		period_start;	/* inclusive */
	int64_t		period_end;	/* inclusive, the last instant */
	struct {
		int64_t	leaver_revocation;
		int64_t	access_review;
		int64_t	vuln_critical;
		int64_t	vuln_high;
		int64_t	vuln_medium;
		int64_t	vuln_low;
		int64_t	scan_cadence;	/* every asset scanned this often */
	} sla;
	int64_t		freshness;	/* evidence older than this is stale */
	struct {
		int64_t	dormant_after;	/* no login for this long: dormant */
		int64_t	key_max_age;	/* access keys older: unrotated */
	} iam;
	struct {
		struct config_list	branches;	/* production branches */
		struct config_list	environments;	/* production envs */
		struct config_list	emergency_labels;
		int64_t			emergency_within;
		bool			stale_is_warning;
		bool			deployer_not_author;
		/* identity systems whose admins hold production access;
		 * empty: every system but the code hosts */
		struct config_list	production_systems;
	} change;
	struct {
		int64_t	escalate_sev1;	/* severity 1 escalated within */
		int64_t	escalate_sev2;
		int64_t	notify_within;	/* customers, when their data is */
		int64_t	postmortem_within;	/* of resolution, sev 1-2 */
		int64_t	tabletop_every;
	} incident;
	struct {
		/* who may approve policies (management); empty: anyone */
		struct config_list	approvers;
		/* each policy acknowledged within this of the later of
		 * the person's hire and the policy's publication */
		int64_t			acknowledge_within;
	} policy;
	struct {
		int	appetite;	/* residual scores above it need a
					   control or an acceptance (1-25) */
		int64_t	reassess_every;	/* the assessment's and each risk's */
	} risk;
	struct {
		int64_t	training_every;	 /* the security course, this often */
		int64_t	training_within; /* of the hire date, for new hires */
		/* a course is the security course when its name holds
		 * this, case-insensitively */
		char	security_course[CONFIG_ITEM_MAX];
	} hr;
	/* Sample sizes by control frequency, in the order of enum
	 * control_frequency (controls.h): continuous, daily, weekly,
	 * monthly, quarterly, annual, per-event. */
	int		sample_size[CONFIG_FREQUENCIES];
	struct {
		char		listen[SERVER_LISTEN_MAX];	/* HOST:PORT */
		uint64_t	max_header_bytes;	/* per connection */
		uint64_t	max_body_bytes;		/* forms, JSON */
		uint64_t	max_upload_bytes;	/* evidence uploads */
		unsigned	max_connections;	/* also per address */
		int64_t		request_timeout;	/* idle connection, s */
		int64_t		session_idle;		/* signed out after */
		int64_t		session_absolute;	/* whatever the use */
		int		login_attempts;		/* failures before */
		int64_t		lockout;		/* ... a lock-out */
		/* The dashboard's address for people (alert links), or "":
		 * none is given in alerts. */
		char		public_url[COLLECT_URL_MAX];
	} server;
	struct {
		/* by enum collect_source */
		struct collect_settings	src[COLLECT_SOURCES];
		/* github: the repositories (OWNER/NAME) and branches (empty:
		 * change.production_branches) it reads */
		struct config_list	repos;
		struct config_list	branches;
		/* evaluate: `assure serve` evaluates every this often (0:
		 * never) and tells alert of the tests turned failing. */
		int64_t			evaluate_every;
		struct collect_alert	evaluate_alert;
	} collect;
	/* identity.yaml as loaded by workspace_open(), or NULL: not owned. */
	const struct identity *identity;
	/* risk-acceptances.yaml likewise, or NULL. */
	const struct acceptances *acceptances;
	/* pentests.yaml likewise, or NULL. */
	const struct pentests *pentests;
	/* vendors.yaml likewise (present false when there is none). */
	const struct vendors *vendors;
	/* risks.yaml likewise, or NULL. */
	const struct risks *risks;
	/* incidents.yaml likewise, or NULL. */
	const struct incidents *incidents;
	/* policies/ when the caller loaded it (assure evaluate), or NULL. */
	const struct policy_set *policies;
	/* scope.yaml when the caller loaded it (assure evaluate), or NULL:
	 * the scan targets vuln.scan_cadence holds to the cadence. */
	const struct scope *scope;
	/* controls/ when the caller loaded it (assure evaluate), or NULL:
	 * the control ids a vendor's CSOCs map to. */
	const struct control_set *controls;
};

/*
 * The key made from an organisation's name when assure.yaml has no org:
 * lower-case letters and digits, every other run of characters one '-'
 * ("Acme Payroll, Inc." -> "acme-payroll-inc"); "org" when none is left.
 */
void config_org_from_name(const char *name, char *out, size_t size);

/* Defaults for every setting; organisation and system empty. */
void config_defaults(struct config *c);

/* Parse the YAML text (source names it in diagnostics). */
enum assure_err config_parse(const char *text, size_t len,
    const char *source, struct config *ret, struct assure_diag *reterr_diag);

/* Read and parse a file (at most CONFIG_FILE_MAX bytes). */
enum assure_err config_load(const char *path, struct config *ret,
    struct assure_diag *reterr_diag);

/* Render c as a commented assure.yaml. */
void config_render(const struct config *c, struct assure_buf *out);

/*
 * Parse a comma-separated category list ("security,availability") into
 * bits; Security is always added.  Returns 0, or -1 naming the bad word in
 * bad (size bytes).
 */
int config_parse_categories(const char *list, unsigned *ret, char *bad,
    size_t size);

/* The canonical name of one category bit ("processing-integrity"). */
const char *config_category_name(unsigned bit);
/* Bit for a name, or 0. */
unsigned config_category_bit(const char *name);

/*
 * Parse "START..END" (dates or RFC 3339 instants).  A date END means the
 * end of that day.  Returns 0 or -1.
 */
int config_parse_period(const char *s, int64_t *ret_start, int64_t *ret_end);

#endif
