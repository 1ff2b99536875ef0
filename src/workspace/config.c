/*
 * config.c: strict parsing and rendering of assure.yaml (see config.h).
 *
 * libyaml loads the document into nodes that carry their positions; a
 * table-free walker then checks every key against what it expects, so an
 * unknown or duplicated key, or a value of the wrong shape, is reported at
 * its line and column.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "common/timeutil.h"
#include "scope/ywalk.h"
#include "store/store.h"
#include "workspace/config.h"

static const char *const category_names[TSC_NCATEGORIES] = {
	"security", "availability", "processing-integrity", "confidentiality",
	"privacy",
};

const char *
config_category_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < TSC_NCATEGORIES; i++)
		if (bit == 1u << i)
			return category_names[i];
	return "unknown";
}

unsigned
config_category_bit(const char *name)
{
	unsigned i;

	for (i = 0; i < TSC_NCATEGORIES; i++)
		if (strcasecmp(name, category_names[i]) == 0)
			return 1u << i;
	/* Accept the spelling with an underscore or a space too. */
	if (strcasecmp(name, "processing_integrity") == 0 ||
	    strcasecmp(name, "processing integrity") == 0)
		return TSC_PROCESSING_INTEGRITY;
	return 0;
}

int
config_parse_categories(const char *list, unsigned *ret, char *bad,
    size_t size)
{
	unsigned bits = TSC_SECURITY, b;
	const char *p = list, *e;
	char word[64];
	size_t n;

	while (*p != '\0') {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0 || n >= sizeof(word)) {
			snprintf(bad, size, "%.*s", (int)(n < 60 ? n : 60), p);
			return -1;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		b = config_category_bit(word);
		if (b == 0) {
			assure_strlcpy(bad, word, size);
			return -1;
		}
		bits |= b;
		if (e == NULL)
			break;
		p = e + 1;
	}
	*ret = bits;
	return 0;
}

int
config_parse_period(const char *s, int64_t *ret_start, int64_t *ret_end)
{
	const char *dots = strstr(s, "..");
	int64_t a, b;
	size_t blen;

	if (dots == NULL)
		return -1;
	if (assure_time_parse(s, (size_t)(dots - s), &a) != 0)
		return -1;
	blen = strlen(dots + 2);
	if (assure_time_parse(dots + 2, blen, &b) != 0)
		return -1;
	if (blen == 10)
		b += 86400 - 1;	/* a date END includes that whole day */
	if (b < a)
		return -1;
	*ret_start = a;
	*ret_end = b;
	return 0;
}

bool
config_list_has(const struct config_list *list, const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; i < list->n; i++)
		if (strcmp(list->item[i], s) == 0)
			return true;
	return false;
}

/* Set list to the NULL-terminated names (defaults: short, fixed). */
static void
list_set(struct config_list *list, ...)
{
	const char *s;
	va_list ap;

	list->n = 0;
	va_start(ap, list);
	while ((s = va_arg(ap, const char *)) != NULL &&
	    list->n < CONFIG_LIST_MAX)
		assure_strlcpy(list->item[list->n++], s, CONFIG_ITEM_MAX);
	va_end(ap);
}

void
config_org_from_name(const char *name, char *out, size_t size)
{
	size_t n = 0;
	bool dash = false;
	unsigned char c;

	if (size == 0)
		return;
	for (; *name != '\0' && n + 1 < size; name++) {
		c = (unsigned char)*name;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0) {
				/* No room for '-' and a character: stop at
				 * the word's end. */
				if (n + 2 >= size)
					break;
				out[n++] = '-';
			}
			dash = false;
			out[n++] = (char)c;
		} else
			dash = true;
	}
	out[n] = '\0';
	if (n == 0)
		assure_strlcpy(out, "org", size);
}

void
config_defaults(struct config *c)
{
	/* What auditors commonly test of a control operated that often
	 * (docs/SAMPLING.md); per-event and continuous as more than daily. */
	static const int sample_defaults[CONFIG_FREQUENCIES] = {
		25, 25, 5, 2, 2, 1, 25,
	};
	int64_t now = assure_now(), today;
	size_t i;

	memset(c, 0, sizeof(*c));
	assure_strlcpy(c->timezone, "UTC", sizeof(c->timezone));
	c->categories = TSC_SECURITY;
	/* The twelve months ending today (a year of 365 days). */
	today = now - now % 86400;
	c->period_end = today + 86400 - 1;
	c->period_start = today + 86400 - 365 * 86400;
	c->sla.leaver_revocation = SLA_DEFAULT_LEAVER_REVOCATION;
	c->sla.access_review = SLA_DEFAULT_ACCESS_REVIEW;
	c->sla.vuln_critical = SLA_DEFAULT_VULN_CRITICAL;
	c->sla.vuln_high = SLA_DEFAULT_VULN_HIGH;
	c->sla.vuln_medium = SLA_DEFAULT_VULN_MEDIUM;
	c->sla.vuln_low = SLA_DEFAULT_VULN_LOW;
	c->sla.scan_cadence = SLA_DEFAULT_SCAN_CADENCE;
	c->freshness = EVIDENCE_DEFAULT_FRESHNESS;
	c->iam.dormant_after = IAM_DEFAULT_DORMANT_AFTER;
	c->iam.key_max_age = IAM_DEFAULT_KEY_MAX_AGE;
	list_set(&c->change.branches, "main", "master", NULL);
	list_set(&c->change.environments, "production", "prod", NULL);
	list_set(&c->change.emergency_labels, "emergency", NULL);
	c->change.emergency_within = CHANGE_DEFAULT_EMERGENCY_WITHIN;
	c->risk.appetite = RISK_DEFAULT_APPETITE;
	c->incident.escalate_sev1 = INCIDENT_DEFAULT_ESCALATE_SEV1;
	c->incident.escalate_sev2 = INCIDENT_DEFAULT_ESCALATE_SEV2;
	c->incident.notify_within = INCIDENT_DEFAULT_NOTIFY;
	c->incident.postmortem_within = INCIDENT_DEFAULT_POSTMORTEM;
	c->incident.tabletop_every = INCIDENT_DEFAULT_TABLETOP;
	c->risk.reassess_every = RISK_DEFAULT_REASSESS;
	c->hr.training_every = HR_DEFAULT_TRAINING_EVERY;
	c->hr.training_within = HR_DEFAULT_TRAINING_WITHIN;
	c->policy.acknowledge_within = POLICY_DEFAULT_ACKNOWLEDGE;
	for (i = 0; i < CONFIG_FREQUENCIES; i++)
		c->sample_size[i] = sample_defaults[i];
	assure_strlcpy(c->hr.security_course, HR_DEFAULT_SECURITY_COURSE,
	    sizeof(c->hr.security_course));
	assure_strlcpy(c->server.listen, SERVER_DEFAULT_LISTEN,
	    sizeof(c->server.listen));
	c->server.max_header_bytes = SERVER_DEFAULT_MAX_HEADER;
	c->server.max_body_bytes = SERVER_DEFAULT_MAX_BODY;
	c->server.max_upload_bytes = SERVER_DEFAULT_MAX_UPLOAD;
	c->server.max_connections = SERVER_DEFAULT_MAX_CONNECTIONS;
	c->server.request_timeout = SERVER_DEFAULT_REQUEST_TIMEOUT;
	c->server.session_idle = SERVER_DEFAULT_SESSION_IDLE;
	c->server.session_absolute = SERVER_DEFAULT_SESSION_ABSOLUTE;
	c->server.login_attempts = SERVER_DEFAULT_LOGIN_ATTEMPTS;
	c->server.lockout = SERVER_DEFAULT_LOCKOUT;
	for (i = 0; i < COLLECT_SOURCES; i++)
		c->collect.src[i].alert.after_failures = 1;
	c->collect.evaluate_alert.after_failures = 1;
	assure_strlcpy(c->collect.src[COLLECT_GITHUB].base_url,
	    COLLECT_DEFAULT_GITHUB_URL,
	    sizeof(c->collect.src[COLLECT_GITHUB].base_url));
	assure_strlcpy(c->collect.src[COLLECT_PAGERDUTY].base_url,
	    COLLECT_DEFAULT_PAGERDUTY_URL,
	    sizeof(c->collect.src[COLLECT_PAGERDUTY].base_url));
	assure_strlcpy(c->collect.src[COLLECT_GOOGLE].customer,
	    COLLECT_DEFAULT_GOOGLE_CUSTOMER,
	    sizeof(c->collect.src[COLLECT_GOOGLE].customer));
}

int
config_parse_listen(const char *s, char *host, size_t hostsize,
    unsigned *ret_port, char *why, size_t whysize)
{
	const char *colon, *h, *p;
	long long port;
	size_t hlen, i;

	if (s[0] == '[') {
		colon = strchr(s, ']');
		if (colon == NULL || colon[1] != ':') {
			snprintf(why, whysize, "expected [IPV6]:PORT");
			return -1;
		}
		h = s + 1;
		hlen = (size_t)(colon - h);
		p = colon + 2;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || memchr(s, ':', (size_t)(colon - s)) !=
		    NULL) {
			snprintf(why, whysize, "expected HOST:PORT (an IPv6 "
			    "address in brackets)");
			return -1;
		}
		h = s;
		hlen = (size_t)(colon - s);
		p = colon + 1;
	}
	if (hlen == 0 || hlen >= hostsize) {
		snprintf(why, whysize, "the host is empty or too long");
		return -1;
	}
	for (i = 0; i < hlen; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' &&
		    h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
		    h[i] == '.' || h[i] == ':' || h[i] == '-')) {
			snprintf(why, whysize, "the host is not an address "
			    "or a name");
			return -1;
		}
	if (assure_strtonum(p, 0, 65535, &port) != 0) {
		snprintf(why, whysize, "the port is not a number from 0 to "
		    "65535");
		return -1;
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*ret_port = (unsigned)port;
	return 0;
}

int
config_parse_size(const char *s, uint64_t *ret)
{
	unsigned long long n, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		mul = 1024;
	else if (*end == 'm' || *end == 'M')
		mul = 1024 * 1024;
	else if (*end == 'g' || *end == 'G')
		mul = 1024 * 1024 * 1024;
	else if (*end != '\0')
		return -1;
	if (mul != 1 && end[1] != '\0')
		return -1;
	if (n > UINT64_MAX / mul)
		return -1;
	*ret = n * mul;
	return 0;
}

/* A size as the largest exact unit: 16k, 1M, 65537. */
static void
size_format(uint64_t n, char *out, size_t size)
{
	if (n != 0 && n % (1024 * 1024 * 1024) == 0)
		snprintf(out, size, "%lluG",
		    (unsigned long long)(n / (1024 * 1024 * 1024)));
	else if (n != 0 && n % (1024 * 1024) == 0)
		snprintf(out, size, "%lluM",
		    (unsigned long long)(n / (1024 * 1024)));
	else if (n != 0 && n % 1024 == 0)
		snprintf(out, size, "%lluk", (unsigned long long)(n / 1024));
	else
		snprintf(out, size, "%llu", (unsigned long long)n);
}

/* ---------------------------------------------------------------- walker */

struct walk {
	yaml_document_t		*doc;
	const char		*source;
	struct assure_diag	*diag;
};

static enum assure_err
at(struct walk *w, yaml_node_t *n, const char *field, const char *fmt, ...)
    ASSURE_PRINTF(4, 5);

static enum assure_err
at(struct walk *w, yaml_node_t *n, const char *field, const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return assure_diag_set(w->diag, ASSURE_ERR_PARSE, w->source,
	    n != NULL ? n->start_mark.line + 1 : 0,
	    n != NULL ? n->start_mark.column + 1 : 0, field, "%s", msg);
}

static const char *
scalar(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value :
	    NULL;
}

static enum assure_err
get_string(struct walk *w, yaml_node_t *n, const char *field, char *out,
    size_t size)
{
	const char *s = scalar(n);

	if (s == NULL)
		return at(w, n, field, "expected a string");
	if (*s == '\0')
		return at(w, n, field, "must not be empty");
	if (strlen(s) >= size)
		return at(w, n, field, "longer than %zu characters", size - 1);
	if (strpbrk(s, "\n\r") != NULL)
		return at(w, n, field, "must be one line");
	assure_strlcpy(out, s, size);
	return ASSURE_OK;
}

static enum assure_err
get_duration(struct walk *w, yaml_node_t *n, const char *field, int64_t *out)
{
	const char *s = scalar(n);

	if (s == NULL || assure_duration_parse(s, out) != 0 || *out <= 0)
		return at(w, n, field, "expected a duration such as 24h, 7d "
		    "or 2w, got '%.40s'", s != NULL ? s : "(not a scalar)");
	return ASSURE_OK;
}

static enum assure_err
get_instant(struct walk *w, yaml_node_t *n, const char *field, bool end,
    int64_t *out)
{
	const char *s = scalar(n);
	size_t len;

	if (s == NULL || assure_time_parse(s, strlen(s), out) != 0)
		return at(w, n, field, "expected a date (YYYY-MM-DD) or an "
		    "RFC 3339 instant, got '%.40s'",
		    s != NULL ? s : "(not a scalar)");
	len = strlen(s);
	if (end && len == 10)
		*out += 86400 - 1;
	return ASSURE_OK;
}

/*
 * Iterate over the pairs of mapping n, calling fn for each key with the
 * value node; rejects non-string keys and duplicates.
 */
typedef enum assure_err (*pair_fn)(struct walk *w, const char *key,
    yaml_node_t *k, yaml_node_t *v, void *arg);

static enum assure_err
each_pair(struct walk *w, yaml_node_t *n, const char *field, pair_fn fn,
    void *arg)
{
	yaml_node_pair_t *p, *q;
	yaml_node_t *k, *v, *k2;
	enum assure_err rc;

	if (n->type != YAML_MAPPING_NODE)
		return at(w, n, field, "expected a mapping of keys to values");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		k = yaml_document_get_node(w->doc, p->key);
		v = yaml_document_get_node(w->doc, p->value);
		if (k == NULL || v == NULL || scalar(k) == NULL)
			return at(w, k, field, "keys must be plain strings");
		for (q = n->data.mapping.pairs.start; q < p; q++) {
			k2 = yaml_document_get_node(w->doc, q->key);
			if (k2 != NULL && scalar(k2) != NULL &&
			    strcmp(scalar(k2), scalar(k)) == 0)
				return at(w, k, scalar(k), "duplicate key "
				    "(first at line %lu)",
				    (unsigned long)k2->start_mark.line + 1);
		}
		rc = fn(w, scalar(k), k, v, arg);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

static enum assure_err
unknown_key(struct walk *w, yaml_node_t *k, const char *parent,
    const char *known)
{
	return at(w, k, scalar(k), "unknown key in %s (known: %s)", parent,
	    known);
}

static enum assure_err
period_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "start") == 0)
		return get_instant(w, v, "observation_period.start", false,
		    &c->period_start);
	if (strcmp(key, "end") == 0)
		return get_instant(w, v, "observation_period.end", true,
		    &c->period_end);
	return unknown_key(w, k, "observation_period", "start, end");
}

static enum assure_err
vuln_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "critical") == 0)
		return get_duration(w, v, "slas.vulnerability.critical",
		    &c->sla.vuln_critical);
	if (strcmp(key, "high") == 0)
		return get_duration(w, v, "slas.vulnerability.high",
		    &c->sla.vuln_high);
	if (strcmp(key, "medium") == 0)
		return get_duration(w, v, "slas.vulnerability.medium",
		    &c->sla.vuln_medium);
	if (strcmp(key, "low") == 0)
		return get_duration(w, v, "slas.vulnerability.low",
		    &c->sla.vuln_low);
	return unknown_key(w, k, "slas.vulnerability",
	    "critical, high, medium, low");
}

static enum assure_err
sla_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "leaver_revocation") == 0)
		return get_duration(w, v, "slas.leaver_revocation",
		    &c->sla.leaver_revocation);
	if (strcmp(key, "access_review") == 0)
		return get_duration(w, v, "slas.access_review",
		    &c->sla.access_review);
	if (strcmp(key, "vulnerability") == 0)
		return each_pair(w, v, "slas.vulnerability", vuln_pair, c);
	if (strcmp(key, "scan_cadence") == 0)
		return get_duration(w, v, "slas.scan_cadence",
		    &c->sla.scan_cadence);
	return unknown_key(w, k, "slas", "leaver_revocation, access_review, "
	    "vulnerability, scan_cadence");
}

static enum assure_err
evidence_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "freshness") == 0)
		return get_duration(w, v, "evidence.freshness", &c->freshness);
	return unknown_key(w, k, "evidence", "freshness");
}

static enum assure_err
iam_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "dormant_after") == 0)
		return get_duration(w, v, "iam.dormant_after",
		    &c->iam.dormant_after);
	if (strcmp(key, "key_max_age") == 0)
		return get_duration(w, v, "iam.key_max_age",
		    &c->iam.key_max_age);
	return unknown_key(w, k, "iam", "dormant_after, key_max_age");
}

/* A list of names (or one name); an empty list is allowed. */
static enum assure_err
get_list(struct walk *w, yaml_node_t *v, const char *field,
    struct config_list *out)
{
	yaml_node_item_t *it;
	yaml_node_t *item;
	size_t i;

	out->n = 0;
	if (v->type == YAML_SCALAR_NODE)
		return get_string(w, v, field, out->item[out->n++],
		    CONFIG_ITEM_MAX);
	if (v->type != YAML_SEQUENCE_NODE)
		return at(w, v, field, "expected a list of names");
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		item = yaml_document_get_node(w->doc, *it);
		if (item == NULL)
			return at(w, v, field, "expected a list of names");
		if (out->n == CONFIG_LIST_MAX)
			return at(w, item, field, "more than %d names",
			    CONFIG_LIST_MAX);
		if (get_string(w, item, field, out->item[out->n],
		    CONFIG_ITEM_MAX) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		for (i = 0; i < out->n; i++)
			if (strcmp(out->item[i], out->item[out->n]) == 0)
				return at(w, item, field, "'%s' is listed "
				    "twice", out->item[i]);
		out->n++;
	}
	return ASSURE_OK;
}

static enum assure_err
get_bool(struct walk *w, yaml_node_t *v, const char *field, bool *out)
{
	const char *s = scalar(v);

	if (s != NULL && strcmp(s, "true") == 0)
		*out = true;
	else if (s != NULL && strcmp(s, "false") == 0)
		*out = false;
	else
		return at(w, v, field, "expected true or false, got '%.40s'",
		    s != NULL ? s : "(not a scalar)");
	return ASSURE_OK;
}

static enum assure_err
change_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;
	const char *s;

	if (strcmp(key, "production_branches") == 0)
		return get_list(w, v, "change.production_branches",
		    &c->change.branches);
	if (strcmp(key, "production_environments") == 0)
		return get_list(w, v, "change.production_environments",
		    &c->change.environments);
	if (strcmp(key, "emergency_labels") == 0)
		return get_list(w, v, "change.emergency_labels",
		    &c->change.emergency_labels);
	if (strcmp(key, "production_systems") == 0)
		return get_list(w, v, "change.production_systems",
		    &c->change.production_systems);
	if (strcmp(key, "emergency_approval_within") == 0)
		return get_duration(w, v, "change.emergency_approval_within",
		    &c->change.emergency_within);
	if (strcmp(key, "deployer_not_author") == 0)
		return get_bool(w, v, "change.deployer_not_author",
		    &c->change.deployer_not_author);
	if (strcmp(key, "stale_approval") == 0) {
		s = scalar(v);
		if (s != NULL && strcmp(s, "exception") == 0)
			c->change.stale_is_warning = false;
		else if (s != NULL && strcmp(s, "warning") == 0)
			c->change.stale_is_warning = true;
		else
			return at(w, v, "change.stale_approval", "expected "
			    "exception or warning, got '%.40s'",
			    s != NULL ? s : "(not a scalar)");
		return ASSURE_OK;
	}
	return unknown_key(w, k, "change", "production_branches, "
	    "production_environments, emergency_labels, "
	    "emergency_approval_within, stale_approval, deployer_not_author, "
	    "production_systems");
}

static enum assure_err
incident_pair(struct walk *w, const char *key, yaml_node_t *k,
    yaml_node_t *v, void *arg)
{
	struct config *c = arg;
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "escalate_sev1", offsetof(struct config, incident.escalate_sev1) },
		{ "escalate_sev2", offsetof(struct config, incident.escalate_sev2) },
		{ "notify_within", offsetof(struct config, incident.notify_within) },
		{ "postmortem_within",
		    offsetof(struct config, incident.postmortem_within) },
		{ "tabletop_every",
		    offsetof(struct config, incident.tabletop_every) },
	};
	char field[64];
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i].key) == 0) {
			snprintf(field, sizeof(field), "incident.%s", key);
			return get_duration(w, v, field,
			    (int64_t *)(void *)((char *)c + keys[i].off));
		}
	return unknown_key(w, k, "incident", "escalate_sev1, escalate_sev2, "
	    "notify_within, postmortem_within, tabletop_every");
}

static enum assure_err
policy_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "approvers") == 0)
		return get_list(w, v, "policy.approvers", &c->policy.approvers);
	if (strcmp(key, "acknowledge_within") == 0)
		return get_duration(w, v, "policy.acknowledge_within",
		    &c->policy.acknowledge_within);
	return unknown_key(w, k, "policy", "approvers, acknowledge_within");
}

static enum assure_err
risk_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;
	const char *s;
	char *end;
	long n;

	if (strcmp(key, "reassess_every") == 0)
		return get_duration(w, v, "risk.reassess_every",
		    &c->risk.reassess_every);
	if (strcmp(key, "appetite") == 0) {
		s = scalar(v);
		n = s != NULL ? strtol(s, &end, 10) : 0;
		if (s == NULL || *s == '\0' || *end != '\0' || n < 1 ||
		    n > 25)
			return at(w, v, "risk.appetite", "expected a score from "
			    "1 to 25 (likelihood x impact), got '%.40s'",
			    s != NULL ? s : "(not a scalar)");
		c->risk.appetite = (int)n;
		return ASSURE_OK;
	}
	return unknown_key(w, k, "risk", "appetite, reassess_every");
}

/* The frequencies' names, in the order of enum control_frequency. */
static const char *const sample_keys[CONFIG_FREQUENCIES] = {
	"continuous", "daily", "weekly", "monthly", "quarterly", "annual",
	"per-event",
};

static enum assure_err
sample_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;
	char field[32];
	const char *s;
	char *end;
	long n;
	size_t i;

	for (i = 0; i < CONFIG_FREQUENCIES; i++)
		if (strcmp(key, sample_keys[i]) == 0)
			break;
	if (i == CONFIG_FREQUENCIES)
		return unknown_key(w, k, "sample", "continuous, daily, weekly, "
		    "monthly, quarterly, annual, per-event");
	snprintf(field, sizeof(field), "sample.%s", key);
	s = scalar(v);
	n = s != NULL ? strtol(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || n < 1 ||
	    n > CONFIG_SAMPLE_MAX)
		return at(w, v, field, "expected a sample size from 1 to %d, "
		    "got '%.40s'", CONFIG_SAMPLE_MAX, s != NULL ? s :
		    "(not a scalar)");
	c->sample_size[i] = (int)n;
	return ASSURE_OK;
}

static enum assure_err
hr_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "training_every") == 0)
		return get_duration(w, v, "hr.training_every",
		    &c->hr.training_every);
	if (strcmp(key, "training_within") == 0)
		return get_duration(w, v, "hr.training_within",
		    &c->hr.training_within);
	if (strcmp(key, "security_course") == 0)
		return get_string(w, v, "hr.security_course",
		    c->hr.security_course, sizeof(c->hr.security_course));
	return unknown_key(w, k, "hr", "training_every, training_within, "
	    "security_course");
}

static enum assure_err
get_size(struct walk *w, yaml_node_t *v, const char *field, uint64_t min,
    uint64_t max, uint64_t *out)
{
	const char *s = scalar(v);
	char lo[32], hi[32];
	uint64_t n;

	if (s == NULL || config_parse_size(s, &n) != 0 || n < min ||
	    n > max) {
		size_format(min, lo, sizeof(lo));
		size_format(max, hi, sizeof(hi));
		return at(w, v, field, "expected a size from %s to %s bytes "
		    "(suffix k, M or G), got '%.40s'", lo, hi,
		    s != NULL ? s : "(not a scalar)");
	}
	*out = n;
	return ASSURE_OK;
}

static enum assure_err
get_count(struct walk *w, yaml_node_t *v, const char *field, long long max,
    long long *out)
{
	const char *s = scalar(v);

	if (s == NULL || assure_strtonum(s, 1, max, out) != 0)
		return at(w, v, field, "expected a number from 1 to %lld, "
		    "got '%.40s'", max, s != NULL ? s : "(not a scalar)");
	return ASSURE_OK;
}

static const char *url_problem(const char *);

static enum assure_err
server_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;
	char host[SERVER_LISTEN_MAX], why[128];
	unsigned port;
	long long n;
	enum assure_err rc;

	if (strcmp(key, "listen") == 0) {
		if (get_string(w, v, "server.listen", c->server.listen,
		    sizeof(c->server.listen)) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		if (config_parse_listen(c->server.listen, host, sizeof(host),
		    &port, why, sizeof(why)) != 0)
			return at(w, v, "server.listen", "%s, got '%.40s'",
			    why, c->server.listen);
		return ASSURE_OK;
	}
	if (strcmp(key, "max_header_bytes") == 0)
		return get_size(w, v, "server.max_header_bytes",
		    SERVER_MAX_HEADER_MIN, SERVER_MAX_HEADER_MAX,
		    &c->server.max_header_bytes);
	if (strcmp(key, "max_body_bytes") == 0)
		return get_size(w, v, "server.max_body_bytes",
		    SERVER_MAX_BODY_MIN, SERVER_MAX_BODY_MAX,
		    &c->server.max_body_bytes);
	if (strcmp(key, "max_upload_bytes") == 0)
		return get_size(w, v, "server.max_upload_bytes",
		    SERVER_MAX_UPLOAD_MIN, SERVER_MAX_UPLOAD_MAX,
		    &c->server.max_upload_bytes);
	if (strcmp(key, "max_connections") == 0) {
		rc = get_count(w, v, "server.max_connections",
		    SERVER_MAX_CONNECTIONS_MAX, &n);
		if (rc == ASSURE_OK)
			c->server.max_connections = (unsigned)n;
		return rc;
	}
	if (strcmp(key, "login_attempts") == 0) {
		rc = get_count(w, v, "server.login_attempts",
		    SERVER_LOGIN_ATTEMPTS_MAX, &n);
		if (rc == ASSURE_OK)
			c->server.login_attempts = (int)n;
		return rc;
	}
	if (strcmp(key, "request_timeout") == 0)
		return get_duration(w, v, "server.request_timeout",
		    &c->server.request_timeout);
	if (strcmp(key, "session_idle") == 0)
		return get_duration(w, v, "server.session_idle",
		    &c->server.session_idle);
	if (strcmp(key, "session_absolute") == 0)
		return get_duration(w, v, "server.session_absolute",
		    &c->server.session_absolute);
	if (strcmp(key, "lockout") == 0)
		return get_duration(w, v, "server.lockout",
		    &c->server.lockout);
	if (strcmp(key, "public_url") == 0) {
		const char *bad;

		if (get_string(w, v, "server.public_url", c->server.public_url,
		    sizeof(c->server.public_url)) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		if ((bad = url_problem(c->server.public_url)) != NULL)
			return at(w, v, "server.public_url", "%s, got '%.60s'",
			    bad, c->server.public_url);
		return ASSURE_OK;
	}
	return unknown_key(w, k, "server", "listen, max_header_bytes, "
	    "max_body_bytes, max_upload_bytes, max_connections, "
	    "request_timeout, session_idle, session_absolute, "
	    "login_attempts, lockout, public_url");
}

static enum assure_err
get_categories(struct walk *w, yaml_node_t *v, struct config *c)
{
	yaml_node_item_t *it;
	yaml_node_t *item;
	unsigned bits = TSC_SECURITY, b;
	char bad[64];
	const char *s;

	if (v->type == YAML_SCALAR_NODE) {
		if (config_parse_categories(scalar(v), &bits, bad,
		    sizeof(bad)) != 0)
			return at(w, v, "categories", "unknown category '%s' "
			    "(expected security, availability, "
			    "processing-integrity, confidentiality, privacy)",
			    bad);
		c->categories = bits;
		return ASSURE_OK;
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return at(w, v, "categories", "expected a list of categories");
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		item = yaml_document_get_node(w->doc, *it);
		s = item != NULL ? scalar(item) : NULL;
		b = s != NULL ? config_category_bit(s) : 0;
		if (b == 0)
			return at(w, item, "categories", "unknown category "
			    "'%.40s' (expected security, availability, "
			    "processing-integrity, confidentiality, privacy)",
			    s != NULL ? s : "(not a scalar)");
		bits |= b;
	}
	c->categories = bits;
	return ASSURE_OK;
}

/* ---------------------------------------------------------------- collect */

static const char *const collect_names[COLLECT_SOURCES] = {
	"github", "okta", "google", "graph", "aws", "jira", "pagerduty",
};

const char *
config_collect_source_name(enum collect_source s)
{
	return (unsigned)s < COLLECT_SOURCES ? collect_names[s] : NULL;
}

enum ckind {
	CK_EVERY,	/* a duration, at least COLLECT_EVERY_MIN */
	CK_ALERT,	/* the alert: mapping */
	CK_SECRET,	/* the name of a secret */
	CK_URL,		/* https, no credentials, no query */
	CK_NAME,	/* one word */
	CK_HOST,	/* a host name */
	CK_EMAIL,
	CK_PATH,	/* absolute */
	CK_REGION,	/* [a-z0-9-] */
	CK_TEXT,	/* one line */
	CK_REPOS,	/* github: [OWNER/NAME] */
	CK_BRANCHES,	/* github: [NAME] */
};

#define CB(s)		(1u << (s))
#define CALL		((1u << COLLECT_SOURCES) - 1)
#define CF(f)		offsetof(struct collect_settings, f), \
			sizeof(((struct collect_settings *)0)->f)

static const struct ckey {
	const char	*key;
	enum ckind	 kind;
	size_t		 off;
	size_t		 size;
	unsigned	 sources;
} collect_keys[] = {
	{ "every", CK_EVERY, 0, 0, CALL },
	{ "token", CK_SECRET, CF(token), CB(COLLECT_GITHUB) |
	    CB(COLLECT_OKTA) | CB(COLLECT_JIRA) | CB(COLLECT_PAGERDUTY) },
	{ "base_url", CK_URL, CF(base_url), CB(COLLECT_GITHUB) |
	    CB(COLLECT_JIRA) | CB(COLLECT_PAGERDUTY) },
	{ "org", CK_NAME, CF(org), CB(COLLECT_GITHUB) },
	{ "repos", CK_REPOS, 0, 0, CB(COLLECT_GITHUB) },
	{ "branches", CK_BRANCHES, 0, 0, CB(COLLECT_GITHUB) },
	{ "domain", CK_HOST, CF(domain), CB(COLLECT_OKTA) },
	{ "customer", CK_NAME, CF(customer), CB(COLLECT_GOOGLE) },
	{ "subject", CK_EMAIL, CF(subject), CB(COLLECT_GOOGLE) },
	{ "key_file", CK_PATH, CF(key_file), CB(COLLECT_GOOGLE) },
	{ "tenant", CK_NAME, CF(tenant), CB(COLLECT_GRAPH) },
	{ "client_id", CK_NAME, CF(client_id), CB(COLLECT_GRAPH) },
	{ "client_secret", CK_SECRET, CF(client_secret), CB(COLLECT_GRAPH) },
	{ "region", CK_REGION, CF(region), CB(COLLECT_AWS) },
	{ "access_key_id", CK_SECRET, CF(access_key_id), CB(COLLECT_AWS) },
	{ "secret_access_key", CK_SECRET, CF(secret_access_key),
	    CB(COLLECT_AWS) },
	{ "jql", CK_TEXT, CF(jql), CB(COLLECT_JIRA) },
	{ "email", CK_EMAIL, CF(email), CB(COLLECT_JIRA) },
	{ "alert", CK_ALERT, 0, 0, CALL },
};

/* A secret's name: 1 to 63 of [a-z0-9-], a letter first (secret.h). */
static bool
secret_name_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= COLLECT_SECRET_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* Whether every byte of s is in set or alphanumeric. */
static bool
chars_ok(const char *s, const char *set)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(set, *s) != NULL))
			return false;
	return true;
}

/* Why url is no base URL, or NULL. */
static const char *
url_problem(const char *url)
{
	const char *host = url + strlen("https://");
	size_t hl = strcspn(host, "/");

	if (strncmp(url, "https://", strlen("https://")) != 0)
		return "expected an https:// URL";
	if (hl == 0)
		return "the URL has no host";
	if (memchr(host, '@', hl) != NULL)
		return "a URL must not carry credentials (name a secret "
		    "instead)";
	if (strpbrk(url, "?#") != NULL)
		return "a URL must not carry a query string or fragment "
		    "(a credential goes in a secret)";
	if (strpbrk(url, " \t") != NULL)
		return "a URL must not hold spaces";
	return NULL;
}

static enum assure_err
get_secret_name(struct walk *w, yaml_node_t *v, const char *field, char *out,
    size_t size)
{
	if (get_string(w, v, field, out, size) != ASSURE_OK)
		return ASSURE_ERR_PARSE;
	if (!secret_name_valid(out))
		return at(w, v, field, "expected the name of a secret (1 to 63 "
		    "of a-z, 0-9 and '-', a letter first; `assure secret set "
		    "NAME` stores it), got '%.40s': a credential is never "
		    "written in assure.yaml", out);
	return ASSURE_OK;
}

struct alert_walk {
	struct collect_alert	*a;
	const char		*field;		/* collect.SOURCE.alert */
};

static enum assure_err
alert_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	const struct alert_walk *aw = arg;
	struct collect_alert *a = aw->a;
	const char *why;
	long long n;
	char field[96];

	snprintf(field, sizeof(field), "%s.%s", aw->field, key);
	if (strcmp(key, "webhook") == 0) {
		if (get_string(w, v, field, a->webhook, sizeof(a->webhook)) !=
		    ASSURE_OK)
			return ASSURE_ERR_PARSE;
		if ((why = url_problem(a->webhook)) != NULL)
			return at(w, v, field, "%s, got '%.60s'", why,
			    a->webhook);
		return ASSURE_OK;
	}
	if (strcmp(key, "webhook_secret") == 0)
		return get_secret_name(w, v, field, a->webhook_secret,
		    sizeof(a->webhook_secret));
	if (strcmp(key, "after_failures") == 0) {
		if (get_count(w, v, field, COLLECT_AFTER_FAILURES_MAX, &n) !=
		    ASSURE_OK)
			return ASSURE_ERR_PARSE;
		a->after_failures = (int)n;
		return ASSURE_OK;
	}
	return unknown_key(w, k, aw->field, "webhook, webhook_secret, "
	    "after_failures");
}

struct collect_walk {
	struct config		*c;
	enum collect_source	 src;
};

/* github's repos: OWNER/NAME each. */
static enum assure_err
get_repos(struct walk *w, yaml_node_t *v, const char *field,
    struct config_list *out)
{
	const char *slash;
	size_t i;

	if (get_list(w, v, field, out) != ASSURE_OK)
		return ASSURE_ERR_PARSE;
	for (i = 0; i < out->n; i++) {
		slash = strchr(out->item[i], '/');
		if (slash == NULL || slash == out->item[i] ||
		    slash[1] == '\0' || strchr(slash + 1, '/') != NULL ||
		    !chars_ok(out->item[i], "._-/"))
			return at(w, v, field, "expected OWNER/NAME, got "
			    "'%.60s'", out->item[i]);
	}
	return ASSURE_OK;
}

static enum assure_err
source_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct collect_walk *cw = arg;
	struct collect_settings *cs = &cw->c->collect.src[cw->src];
	const struct ckey *ck = NULL;
	char field[96], known[512], *out;
	const char *why = NULL;
	size_t i;

	for (i = 0; i < sizeof(collect_keys) / sizeof(collect_keys[0]); i++)
		if ((collect_keys[i].sources & CB(cw->src)) &&
		    strcmp(collect_keys[i].key, key) == 0)
			ck = &collect_keys[i];
	snprintf(field, sizeof(field), "collect.%s", collect_names[cw->src]);
	if (ck == NULL) {
		known[0] = '\0';
		for (i = 0; i < sizeof(collect_keys) / sizeof(collect_keys[0]);
		    i++)
			if (collect_keys[i].sources & CB(cw->src)) {
				if (known[0] != '\0')
					assure_strlcpy(known + strlen(known),
					    ", ", sizeof(known) -
					    strlen(known));
				assure_strlcpy(known + strlen(known),
				    collect_keys[i].key, sizeof(known) -
				    strlen(known));
			}
		return unknown_key(w, k, field, known);
	}
	snprintf(field, sizeof(field), "collect.%s.%s",
	    collect_names[cw->src], key);
	out = (char *)cs + ck->off;
	switch (ck->kind) {
	case CK_EVERY:
		if (get_duration(w, v, field, &cs->every) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		if (cs->every < COLLECT_EVERY_MIN)
			return at(w, v, field, "at least every 5m");
		return ASSURE_OK;
	case CK_ALERT: {
		struct alert_walk aw = { &cs->alert, field };

		return each_pair(w, v, field, alert_pair, &aw);
	}
	case CK_SECRET:
		return get_secret_name(w, v, field, out, ck->size);
	case CK_REPOS:
		return get_repos(w, v, field, &cw->c->collect.repos);
	case CK_BRANCHES:
		return get_list(w, v, field, &cw->c->collect.branches);
	default:
		break;
	}
	if (get_string(w, v, field, out, ck->size) != ASSURE_OK)
		return ASSURE_ERR_PARSE;
	switch (ck->kind) {
	case CK_URL:
		why = url_problem(out);
		break;
	case CK_NAME:
		if (!chars_ok(out, "._-@"))
			why = "expected one word (letters, digits, . _ - @)";
		break;
	case CK_HOST:
		if (!chars_ok(out, ".-") || strchr(out, '.') == NULL)
			why = "expected a host name such as acme.okta.com "
			    "(no https://)";
		break;
	case CK_EMAIL:
		if (!chars_ok(out, "._-+@") || strchr(out, '@') == NULL)
			why = "expected an e-mail address";
		break;
	case CK_PATH:
		if (out[0] != '/')
			why = "expected an absolute path (outside the "
			    "workspace)";
		break;
	case CK_REGION:
		if (!chars_ok(out, "-") || strpbrk(out,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL)
			why = "expected a region such as eu-west-1";
		break;
	default:
		break;
	}
	if (why != NULL)
		return at(w, v, field, "%s, got '%.60s'", why, out);
	return ASSURE_OK;
}

/* collect.evaluate: the server's evaluation schedule and its alert. */
static enum assure_err
evaluate_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct config *c = arg;

	if (strcmp(key, "every") == 0) {
		if (get_duration(w, v, "collect.evaluate.every",
		    &c->collect.evaluate_every) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		if (c->collect.evaluate_every < COLLECT_EVERY_MIN)
			return at(w, v, "collect.evaluate.every", "at least "
			    "every 5m");
		return ASSURE_OK;
	}
	if (strcmp(key, "alert") == 0) {
		struct alert_walk aw = { &c->collect.evaluate_alert,
		    "collect.evaluate.alert" };

		return each_pair(w, v, "collect.evaluate.alert", alert_pair,
		    &aw);
	}
	return unknown_key(w, k, "collect.evaluate", "every, alert");
}

static enum assure_err
collect_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct collect_walk cw;
	struct collect_settings *cs;
	const struct collect_alert *a;
	const char *need = NULL;
	char field[64];
	unsigned i;

	if (strcmp(key, "evaluate") == 0)
		return each_pair(w, v, "collect.evaluate", evaluate_pair, arg);
	for (i = 0; i < COLLECT_SOURCES; i++)
		if (strcmp(key, collect_names[i]) == 0)
			break;
	if (i == COLLECT_SOURCES)
		return unknown_key(w, k, "collect", "evaluate, github, okta, "
		    "google, graph, aws, jira, pagerduty");
	cw.c = arg;
	cw.src = (enum collect_source)i;
	cs = &cw.c->collect.src[i];
	snprintf(field, sizeof(field), "collect.%s", key);
	if (each_pair(w, v, field, source_pair, &cw) != ASSURE_OK)
		return ASSURE_ERR_PARSE;
	cs->set = true;
	switch (cw.src) {
	case COLLECT_GITHUB:
		if (cs->org[0] == '\0' && cw.c->collect.repos.n == 0)
			need = "org or repos";
		break;
	case COLLECT_OKTA:
		if (cs->domain[0] == '\0')
			need = "domain";
		break;
	case COLLECT_GOOGLE:
		if (cs->subject[0] == '\0')
			need = "subject (the administrator impersonated)";
		else if (cs->key_file[0] == '\0')
			need = "key_file";
		break;
	case COLLECT_GRAPH:
		if (cs->tenant[0] == '\0')
			need = "tenant";
		else if (cs->client_id[0] == '\0')
			need = "client_id";
		break;
	case COLLECT_AWS:
		if (cs->region[0] == '\0')
			need = "region";
		break;
	case COLLECT_JIRA:
		if (cs->base_url[0] == '\0')
			need = "base_url";
		else if (cs->email[0] == '\0')
			need = "email";
		break;
	case COLLECT_PAGERDUTY:
		break;
	}
	if (need != NULL)
		return at(w, v, field, "needs %s", need);
	a = &cs->alert;
	if (a->webhook[0] != '\0' && a->webhook_secret[0] != '\0')
		return at(w, v, field, "alert: webhook and webhook_secret "
		    "exclude each other");
	if (a->webhook[0] == '\0' && a->webhook_secret[0] == '\0' &&
	    a->after_failures != 1)
		return at(w, v, field, "alert: after_failures without webhook "
		    "or webhook_secret");
	return ASSURE_OK;
}

struct seen {
	struct config	*c;
	bool		 organisation;
	bool		 system;
	bool		 org;
};

static enum assure_err
top_pair(struct walk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct seen *seen = arg;
	struct config *c = seen->c;
	const char *s;
	size_t i;

	if (strcmp(key, "organisation") == 0) {
		seen->organisation = true;
		return get_string(w, v, key, c->organisation,
		    sizeof(c->organisation));
	}
	if (strcmp(key, "org") == 0) {
		seen->org = true;
		if (get_string(w, v, key, c->org, sizeof(c->org)))
			return ASSURE_ERR_PARSE;
		if (!store_org_name_ok(c->org))
			return at(w, v, key, "expected 1 to 63 letters, digits, "
			    "'.', '_' or '-', a letter or digit first");
		return ASSURE_OK;
	}
	if (strcmp(key, "system") == 0) {
		seen->system = true;
		return get_string(w, v, key, c->system, sizeof(c->system));
	}
	if (strcmp(key, "timezone") == 0) {
		if (get_string(w, v, key, c->timezone, sizeof(c->timezone)))
			return ASSURE_ERR_PARSE;
		s = c->timezone;
		for (i = 0; s[i] != '\0'; i++)
			if (!(s[i] == '/' || s[i] == '_' || s[i] == '-' ||
			    s[i] == '+' || (s[i] >= '0' && s[i] <= '9') ||
			    (s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= 'a' && s[i] <= 'z')))
				return at(w, v, key, "expected an IANA time "
				    "zone name such as UTC or Europe/London");
		return ASSURE_OK;
	}
	if (strcmp(key, "categories") == 0)
		return get_categories(w, v, c);
	if (strcmp(key, "observation_period") == 0)
		return each_pair(w, v, key, period_pair, c);
	if (strcmp(key, "slas") == 0)
		return each_pair(w, v, key, sla_pair, c);
	if (strcmp(key, "evidence") == 0)
		return each_pair(w, v, key, evidence_pair, c);
	if (strcmp(key, "iam") == 0)
		return each_pair(w, v, key, iam_pair, c);
	if (strcmp(key, "change") == 0)
		return each_pair(w, v, key, change_pair, c);
	if (strcmp(key, "risk") == 0)
		return each_pair(w, v, key, risk_pair, c);
	if (strcmp(key, "incident") == 0)
		return each_pair(w, v, key, incident_pair, c);
	if (strcmp(key, "hr") == 0)
		return each_pair(w, v, key, hr_pair, c);
	if (strcmp(key, "policy") == 0)
		return each_pair(w, v, key, policy_pair, c);
	if (strcmp(key, "sample") == 0)
		return each_pair(w, v, key, sample_pair, c);
	if (strcmp(key, "server") == 0)
		return each_pair(w, v, key, server_pair, c);
	if (strcmp(key, "collect") == 0)
		return each_pair(w, v, key, collect_pair, c);
	return unknown_key(w, k, "assure.yaml", "organisation, org, system, "
	    "timezone, categories, observation_period, slas, evidence, iam, "
	    "change, risk, incident, hr, policy, sample, server, collect");
}

enum assure_err
config_parse(const char *text, size_t len, const char *source,
    struct config *ret, struct assure_diag *reterr_diag)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	struct config c;
	struct walk w;
	struct seen seen;
	enum assure_err rc;

	if (len > CONFIG_FILE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, source,
		    0, 0, NULL, "larger than %d bytes", CONFIG_FILE_MAX);
	if ((rc = ywalk_depth_check(text, len, source, reterr_diag)) !=
	    ASSURE_OK)
		return rc;
	config_defaults(&c);
	if (!yaml_parser_initialize(&parser))
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source,
		    0, 0, NULL, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc) && (parser.error ==
	    YAML_NO_ERROR || parser.error == YAML_MEMORY_ERROR)) {
		/* As in ywalk_load(): libyaml ran out of memory. */
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source, 0,
		    0, NULL, "out of memory");
		goto out_parser;
	}
	if (parser.error != YAML_NO_ERROR) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1, NULL, "%s%s%s",
		    parser.problem != NULL ? parser.problem : "invalid YAML",
		    parser.context != NULL ? " " : "",
		    parser.context != NULL ? parser.context : "");
		goto out_parser;
	}
	w.doc = &doc;
	w.source = source;
	w.diag = reterr_diag;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source, 1,
		    1, NULL, "empty file: expected the workspace settings");
		goto out_doc;
	}
	memset(&seen, 0, sizeof(seen));
	seen.c = &c;
	rc = each_pair(&w, root, NULL, top_pair, &seen);
	if (rc != ASSURE_OK)
		goto out_doc;
	if (!seen.organisation) {
		rc = at(&w, root, "organisation", "required key is missing");
		goto out_doc;
	}
	if (!seen.system)
		assure_strlcpy(c.system, c.organisation, sizeof(c.system));
	if (!seen.org)
		config_org_from_name(c.organisation, c.org, sizeof(c.org));
	if (c.period_end < c.period_start) {
		rc = at(&w, root, "observation_period",
		    "end is before start");
		goto out_doc;
	}
	if (c.server.session_absolute < c.server.session_idle) {
		rc = at(&w, root, "server.session_absolute",
		    "shorter than server.session_idle");
		goto out_doc;
	}
	*ret = c;
	rc = ASSURE_OK;
out_doc:
	yaml_document_delete(&doc);
out_parser:
	yaml_parser_delete(&parser);
	return rc;
}

enum assure_err
config_load(const char *path, struct config *ret,
    struct assure_diag *reterr_diag)
{
	FILE *f;
	char *buf;
	size_t n;
	enum assure_err rc;

	f = fopen(path, "rb");
	if (f == NULL) {
		rc = assure_diag_set(reterr_diag, errno == ENOENT ?
		    ASSURE_ERR_NOTFOUND : ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot open");
		if (reterr_diag != NULL)
			reterr_diag->sys_errno = errno;
		return rc;
	}
	buf = malloc(CONFIG_FILE_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, path, 0,
		    0, NULL, "out of memory");
	}
	n = fread(buf, 1, CONFIG_FILE_MAX + 1, f);
	if (ferror(f))
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, path, 0, 0,
		    NULL, "read error");
	else
		rc = config_parse(buf, n, path, ret, reterr_diag);
	free(buf);
	fclose(f);
	return rc;
}

static void
yaml_quoted(struct assure_buf *out, const char *s)
{
	assure_buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			assure_buf_addc(out, '\\');
		assure_buf_addc(out, *s);
	}
	assure_buf_addc(out, '"');
}

static void
list_render(struct assure_buf *out, const char *key,
    const struct config_list *list)
{
	size_t i;

	assure_buf_printf(out, "  %s: [", key);
	for (i = 0; i < list->n; i++) {
		if (i > 0)
			assure_buf_adds(out, ", ");
		yaml_quoted(out, list->item[i]);
	}
	assure_buf_adds(out, "]\n");
}

/* collect:, the sources that are set (nothing when none is). */
/* An alert: section under a source or evaluate (nothing when unset). */
static void
alert_render(struct assure_buf *out, const struct collect_alert *a)
{
	if (a->webhook[0] == '\0' && a->webhook_secret[0] == '\0')
		return;
	assure_buf_adds(out, "    alert:\n");
	if (a->webhook[0] != '\0') {
		assure_buf_adds(out, "      webhook: ");
		yaml_quoted(out, a->webhook);
	} else {
		assure_buf_adds(out, "      webhook_secret: ");
		yaml_quoted(out, a->webhook_secret);
	}
	assure_buf_printf(out, "\n      after_failures: %d\n",
	    a->after_failures);
}

static void
collect_render(const struct config *c, struct assure_buf *out)
{
	const struct collect_settings *cs;
	const struct ckey *ck;
	const char *v;
	char dur[32];
	size_t i, j;
	bool any = false;

	for (i = 0; i < COLLECT_SOURCES; i++)
		any |= c->collect.src[i].set;
	any |= c->collect.evaluate_every > 0;
	if (!any)
		return;
	assure_buf_adds(out, "\n# Live collection (assure collect SOURCE; "
	    "`every` schedules it under\n# assure serve).  Credentials are "
	    "names of secrets (assure secret set\n# NAME), never values.\n"
	    "collect:\n");

	for (i = 0; i < COLLECT_SOURCES; i++) {
		cs = &c->collect.src[i];
		if (!cs->set)
			continue;
		assure_buf_printf(out, "  %s:\n", collect_names[i]);
		for (j = 0; j < sizeof(collect_keys) / sizeof(collect_keys[0]);
		    j++) {
			ck = &collect_keys[j];
			if (!(ck->sources & CB(i)))
				continue;
			switch (ck->kind) {
			case CK_EVERY:
				if (cs->every == 0)
					break;
				assure_duration_format(cs->every, dur,
				    sizeof(dur));
				assure_buf_printf(out, "    every: %s\n", dur);
				break;
			case CK_REPOS:
			case CK_BRANCHES:
				assure_buf_adds(out, "  ");
				list_render(out, ck->key, ck->kind == CK_REPOS ?
				    &c->collect.repos : &c->collect.branches);
				break;
			case CK_ALERT:
				alert_render(out, &cs->alert);
				break;
			default:
				v = (const char *)cs + ck->off;
				if (*v == '\0')
					break;
				assure_buf_printf(out, "    %s: ", ck->key);
				yaml_quoted(out, v);
				assure_buf_addc(out, '\n');
				break;
			}
		}
	}
	if (c->collect.evaluate_every > 0) {
		assure_duration_format(c->collect.evaluate_every, dur,
		    sizeof(dur));
		assure_buf_printf(out, "  evaluate:\n    every: %s\n", dur);
		alert_render(out, &c->collect.evaluate_alert);
	}
}

void
config_render(const struct config *c, struct assure_buf *out)
{
	char d1[ASSURE_TIME_STRLEN], d2[ASSURE_TIME_STRLEN], dur[32], sz[32];
	unsigned i;
	bool first = true;

	assure_buf_adds(out,
	    "# assure workspace settings.  See assure(1) for every key.\n"
	    "# Unknown keys are errors; keys left out take their defaults.\n\n");
	assure_buf_adds(out, "# The service organisation and the system under "
	    "audit.\norganisation: ");
	yaml_quoted(out, c->organisation);
	assure_buf_adds(out, "\n# Its key in a database holding many "
	    "organisations (PostgreSQL).\norg: ");
	if (c->org[0] != '\0')
		assure_buf_adds(out, c->org);
	else {
		char org[sizeof(c->org)];

		config_org_from_name(c->organisation, org, sizeof(org));
		assure_buf_adds(out, org);
	}
	assure_buf_adds(out, "\nsystem: ");
	yaml_quoted(out, c->system);
	assure_buf_printf(out, "\ntimezone: %s\n\n", c->timezone);
	assure_buf_adds(out, "# Trust Services Criteria categories in scope. "
	    "Security is always in scope;\n# the others are security, "
	    "availability, processing-integrity,\n# confidentiality, "
	    "privacy.\ncategories: [");
	for (i = 0; i < TSC_NCATEGORIES; i++) {
		if (!(c->categories & (1u << i)))
			continue;
		assure_buf_printf(out, "%s%s", first ? "" : ", ",
		    category_names[i]);
		first = false;
	}
	assure_date_format(c->period_start, d1);
	assure_date_format(c->period_end, d2);
	assure_buf_printf(out, "]\n\n# The Type 2 observation period "
	    "(inclusive dates, UTC).\nobservation_period:\n  start: %s\n"
	    "  end: %s\n\n", d1, d2);
	assure_buf_adds(out, "# Service levels the tests hold the evidence "
	    "to (durations: s, m, h, d, w).\nslas:\n");
	assure_duration_format(c->sla.leaver_revocation, dur, sizeof(dur));
	assure_buf_printf(out, "  leaver_revocation: %s\n", dur);
	assure_duration_format(c->sla.access_review, dur, sizeof(dur));
	assure_buf_printf(out, "  access_review: %s\n  vulnerability:\n", dur);
	assure_duration_format(c->sla.vuln_critical, dur, sizeof(dur));
	assure_buf_printf(out, "    critical: %s\n", dur);
	assure_duration_format(c->sla.vuln_high, dur, sizeof(dur));
	assure_buf_printf(out, "    high: %s\n", dur);
	assure_duration_format(c->sla.vuln_medium, dur, sizeof(dur));
	assure_buf_printf(out, "    medium: %s\n", dur);
	assure_duration_format(c->sla.vuln_low, dur, sizeof(dur));
	assure_buf_printf(out, "    low: %s\n", dur);
	assure_duration_format(c->sla.scan_cadence, dur, sizeof(dur));
	assure_buf_printf(out, "  scan_cadence: %s\n\n", dur);
	assure_duration_format(c->freshness, dur, sizeof(dur));
	assure_buf_printf(out, "# Evidence older than this, at the instant a "
	    "test looks, is stale:\n# the test says no_evidence rather than "
	    "pass.\nevidence:\n  freshness: %s\n", dur);
	assure_duration_format(c->iam.dormant_after, dur, sizeof(dur));
	assure_buf_printf(out, "\n# Identity tests: an active human account "
	    "with no login for dormant_after\n# is dormant; an active access "
	    "key older than key_max_age is unrotated.\niam:\n"
	    "  dormant_after: %s\n", dur);
	assure_duration_format(c->iam.key_max_age, dur, sizeof(dur));
	assure_buf_printf(out, "  key_max_age: %s\n", dur);
	assure_buf_adds(out, "\n# Change management: changes merged into a "
	    "production branch need a\n# peer approval; deployments to a "
	    "production environment must trace to\n# approved changes.  "
	    "stale_approval (an approval of an earlier commit) is\n# an "
	    "exception or a warning.  production_systems: the identity "
	    "systems\n# whose administrators hold production access "
	    "([] = all but the code hosts).\nchange:\n");
	list_render(out, "production_branches", &c->change.branches);
	list_render(out, "production_environments", &c->change.environments);
	list_render(out, "emergency_labels", &c->change.emergency_labels);
	assure_duration_format(c->change.emergency_within, dur, sizeof(dur));
	assure_buf_printf(out, "  emergency_approval_within: %s\n"
	    "  stale_approval: %s\n  deployer_not_author: %s\n", dur,
	    c->change.stale_is_warning ? "warning" : "exception",
	    c->change.deployer_not_author ? "true" : "false");
	list_render(out, "production_systems",
	    &c->change.production_systems);
	assure_duration_format(c->risk.reassess_every, dur, sizeof(dur));
	assure_buf_printf(out, "\n# Risk assessment: a residual score "
	    "(likelihood x impact, 1-25) above\n# appetite needs a control "
	    "or a named acceptance; the assessment and\n# every risk are "
	    "reviewed within reassess_every.\nrisk:\n  appetite: %d\n"
	    "  reassess_every: %s\n", c->risk.appetite, dur);
	assure_buf_adds(out, "\n# Incident handling: severity 1 and 2 "
	    "escalated within escalate_sev1/2,\n# customers notified within "
	    "notify_within when their data is involved,\n# a post-mortem of "
	    "severity 1-2 within postmortem_within of resolution,\n# a "
	    "tabletop exercise every tabletop_every.\nincident:\n");
	assure_duration_format(c->incident.escalate_sev1, dur, sizeof(dur));
	assure_buf_printf(out, "  escalate_sev1: %s\n", dur);
	assure_duration_format(c->incident.escalate_sev2, dur, sizeof(dur));
	assure_buf_printf(out, "  escalate_sev2: %s\n", dur);
	assure_duration_format(c->incident.notify_within, dur, sizeof(dur));
	assure_buf_printf(out, "  notify_within: %s\n", dur);
	assure_duration_format(c->incident.postmortem_within, dur,
	    sizeof(dur));
	assure_buf_printf(out, "  postmortem_within: %s\n", dur);
	assure_duration_format(c->incident.tabletop_every, dur, sizeof(dur));
	assure_buf_printf(out, "  tabletop_every: %s\n", dur);
	assure_duration_format(c->hr.training_every, dur, sizeof(dur));
	assure_buf_printf(out, "\n# People (CC1.4): every employee completes "
	    "the security course (a\n# course whose name holds "
	    "security_course, any case) every\n# training_every, new hires "
	    "within training_within of their hire.\nhr:\n  training_every: "
	    "%s\n", dur);
	assure_duration_format(c->hr.training_within, dur, sizeof(dur));
	assure_buf_printf(out, "  training_within: %s\n  security_course: ",
	    dur);
	yaml_quoted(out, c->hr.security_course);
	assure_buf_adds(out, "\n\n# Policies: who may approve them "
	    "(management; [] = anyone), and how soon\n# each employee "
	    "acknowledges a policy of their audience after their\n# hire or "
	    "the policy's publication.\npolicy:\n");
	list_render(out, "approvers", &c->policy.approvers);
	assure_duration_format(c->policy.acknowledge_within, dur,
	    sizeof(dur));
	assure_buf_printf(out, "  acknowledge_within: %s\n", dur);
	assure_buf_adds(out, "\n# Sample sizes by control frequency (assure "
	    "sample; docs/SAMPLING.md);\n# a population no larger is taken "
	    "whole.\nsample:\n");
	for (i = 0; i < CONFIG_FREQUENCIES; i++)
		assure_buf_printf(out, "  %s: %d\n", sample_keys[i],
		    c->sample_size[i]);
	assure_buf_adds(out, "\n# assure serve: where the dashboard and API "
	    "listen (a non-loopback\n# address needs TLS or --insecure-listen), "
	    "the limits of a request\n# (sizes take k, M or G), sessions (idle "
	    "and absolute timeouts) and\n# the lock-out after login_attempts "
	    "failed logins.\nserver:\n  listen: ");
	yaml_quoted(out, c->server.listen);
	size_format(c->server.max_header_bytes, sz, sizeof(sz));
	assure_buf_printf(out, "\n  max_header_bytes: %s\n", sz);
	size_format(c->server.max_body_bytes, sz, sizeof(sz));
	assure_buf_printf(out, "  max_body_bytes: %s\n", sz);
	size_format(c->server.max_upload_bytes, sz, sizeof(sz));
	assure_buf_printf(out, "  max_upload_bytes: %s\n", sz);
	assure_buf_printf(out, "  max_connections: %u\n",
	    c->server.max_connections);
	assure_duration_format(c->server.request_timeout, dur, sizeof(dur));
	assure_buf_printf(out, "  request_timeout: %s\n", dur);
	assure_duration_format(c->server.session_idle, dur, sizeof(dur));
	assure_buf_printf(out, "  session_idle: %s\n", dur);
	assure_duration_format(c->server.session_absolute, dur, sizeof(dur));
	assure_buf_printf(out, "  session_absolute: %s\n", dur);
	assure_buf_printf(out, "  login_attempts: %d\n",
	    c->server.login_attempts);
	assure_duration_format(c->server.lockout, dur, sizeof(dur));
	assure_buf_printf(out, "  lockout: %s\n", dur);
	if (c->server.public_url[0] != '\0') {
		assure_buf_adds(out, "  public_url: ");
		yaml_quoted(out, c->server.public_url);
		assure_buf_addc(out, '\n');
	}
	collect_render(c, out);
}
