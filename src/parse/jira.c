/*
 * jira.c: Jira issues as incidents (FORMATS.md section 10a).  A file is
 * one answer of GET /rest/api/{2,3}/search (or /search/jql) with
 * fields and expand=changelog: {"issues": [...]}, or a bare array of
 * issues (pages a collector joined).  Only the issues are read; "total"
 * and the paging keys are not checked (/search/jql has no total).
 *
 * Rules: system "jira"; key required (an answer of /search/jql without
 * "fields" requested holds ids only, and is refused: it says nothing of
 * the incident); title = fields.summary; kind = fields.issuetype.name;
 * status = fields.status.name as the site calls it; service =
 * fields.project.key; labels = fields.labels joined by ','; url =
 * "<site>/browse/<key>", the site being self up to "/rest/api/" (self
 * is an API URL, not one for a human).  Times are RFC 3339 or Jira's
 * "2015-11-21T07:03:02.000-0500" (no colon in the offset).
 *
 * severity: fields.priority.name, case-insensitively: Highest, Blocker,
 * Critical, P1 -> "1"; High, Major, P2 -> "2"; Medium, P3 -> "3"; Low,
 * Minor, P4 -> "4"; Lowest, Trivial, P5 -> "5"; a null priority or
 * another name -> NULL.  A "Severity" custom field is not read: custom
 * field ids differ per site and the answer names them only in its
 * envelope ("names"), which may follow the issues.
 *
 * Times, from fields and the changelog (changelog.histories[]: created
 * and items[] whose field is "status", entering toString):
 *   created = fields.created; detected absent (an issue is filed after
 *   the problem was seen, and Jira does not say when that was);
 *   acknowledged = the earliest transition into "In Progress",
 *   "Investigating", "Acknowledged", "Identified" or "Escalated";
 *   escalated = the earliest transition into "Escalated";
 *   resolved = fields.resolutiondate when set; else, when the issue is
 *   done now (statusCategory.key "done", or with no category a status
 *   named "Done", "Resolved" or "Closed"), the earliest transition into
 *   a done status (those names, or the current status's) no earlier
 *   than the last transition into any other status: the start of the
 *   resolution that stuck, not one later reopened.  The sample shows
 *   "Done" with resolutiondate null, so the changelog is needed.
 * Status names match whole and case-insensitively: "Dev Done" is a
 * workflow step, not done.  Times are compared, so the changelog's order
 * does not matter.  An embedded changelog is capped (maxResults): a
 * long history may lack its early transitions, which then stay absent.
 */
#include "common/compat.h"

#include <string.h>
#include <strings.h>

#include "parse/incparse_int.h"

#define JIRA_URL_MAX	2048

static const char *const jira_patterns[] = { "issues[]", "[]", NULL };

static bool
name_in(const char *s, const char *const *l)
{
	size_t i;

	for (i = 0; s != NULL && l[i] != NULL; i++)
		if (strcasecmp(s, l[i]) == 0)
			return true;
	return false;
}

static const char *const done_names[] = { "Done", "Resolved", "Closed",
    NULL };
static const char *const ack_names[] = { "In Progress", "Investigating",
    "Acknowledged", "Identified", "Escalated", NULL };
static const char *const esc_names[] = { "Escalated", NULL };

static const char *
jira_severity(const char *priority)
{
	static const struct {
		const char	*name;
		const char	*sev;
	} map[] = {
		{ "Highest", "1" }, { "Blocker", "1" }, { "Critical", "1" },
		{ "P1", "1" }, { "High", "2" }, { "Major", "2" },
		{ "P2", "2" }, { "Medium", "3" }, { "P3", "3" },
		{ "Low", "4" }, { "Minor", "4" }, { "P4", "4" },
		{ "Lowest", "5" }, { "Trivial", "5" }, { "P5", "5" },
	};
	size_t i;

	for (i = 0; priority != NULL && i < sizeof(map) / sizeof(map[0]);
	    i++)
		if (strcasecmp(priority, map[i].name) == 0)
			return map[i].sev;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The changelog */

/* What a walk over the status transitions gathers. */
struct walk {
	const char	*current;	/* the status now */
	bool		 current_done;	/* its category is done */
	int		 pass;		/* 1: the last not-done; 2: done */
	struct opt_time	 ack;
	struct opt_time	 esc;
	struct opt_time	 last_other;	/* latest into a not-done status */
	struct opt_time	 done;		/* the resolution that stuck */
};

static bool
is_done(const struct walk *w, const char *s)
{
	return name_in(s, done_names) || (w->current_done &&
	    w->current != NULL && strcasecmp(s, w->current) == 0);
}

static void
transition(struct walk *w, struct opt_time t, const char *to)
{
	if (w->pass == 1) {
		if (name_in(to, ack_names))
			inc_time_min(&w->ack, t);
		if (name_in(to, esc_names))
			inc_time_min(&w->esc, t);
		if (!is_done(w, to) && (!w->last_other.has ||
		    t.t > w->last_other.t))
			w->last_other = t;
		return;
	}
	if (is_done(w, to) && (!w->last_other.has || t.t >= w->last_other.t))
		inc_time_min(&w->done, t);
}

/* One history being read: its time and the status it entered. */
struct hist {
	long			 h, m;		/* history, item; -1 none */
	const struct jfield	*created;
	bool			 m_status;	/* item's field is status */
	const char		*m_to;
	const char		*to;
	const struct jfield	*at;		/* for a diagnostic */
};

/* "12.rest" -> 12, *ret_rest "rest"; -1 when not a number then '.'. */
static long
index_of(const char *s, const char **ret_rest)
{
	long n = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9' && n < 1000000000L)
		n = n * 10 + (*p++ - '0');
	if (*p != '.' && *p != '\0')
		return -1;
	*ret_rest = *p == '.' ? p + 1 : p;
	return n;
}

static void
flush_item(struct hist *c)
{
	if (c->m_status && c->m_to != NULL)
		c->to = c->m_to;
	c->m_status = false;
	c->m_to = NULL;
}

static enum assure_err
flush_hist(struct jstream *js, const struct jrec *r, struct hist *c,
    struct walk *w, struct assure_diag *d)
{
	struct opt_time t;
	enum assure_err rc;
	char k[64];

	flush_item(c);
	if (c->h < 0 || c->to == NULL)
		return ASSURE_OK;
	snprintf(k, sizeof(k), "changelog.histories.%ld.created", c->h);
	rc = inc_json_time(js, r, k, &t, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!t.has)
		return jstream_error(js, r, c->at, d, ASSURE_ERR_PARSE,
		    "expected the time of the status change (created), got "
		    "none");
	transition(w, t, c->to);
	return ASSURE_OK;
}

/*
 * Walk the status transitions of r's changelog.  The fields of one
 * history, and of one item, are contiguous in document order, so one
 * pass collects each before it is handed on.
 */
static enum assure_err
walk_changelog(struct jstream *js, const struct jrec *r, struct walk *w,
    struct assure_diag *d)
{
	static const char pre[] = "changelog.histories.";
	struct hist c = { .h = -1, .m = -1 };
	const struct jfield *f;
	const char *rest, *key;
	long h, m;
	size_t i;
	enum assure_err rc;

	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		if (strncmp(f->path, pre, sizeof(pre) - 1) != 0)
			continue;
		h = index_of(f->path + sizeof(pre) - 1, &rest);
		if (h < 0)
			continue;
		if (h != c.h) {
			rc = flush_hist(js, r, &c, w, d);
			if (rc != ASSURE_OK)
				return rc;
			memset(&c, 0, sizeof(c));
			c.h = h;
			c.m = -1;
		}
		if (strncmp(rest, "items.", 6) != 0)
			continue;
		m = index_of(rest + 6, &key);
		if (m < 0)
			continue;
		if (m != c.m) {
			flush_item(&c);
			c.m = m;
		}
		if (f->type != JT_STRING)
			continue;
		if (strcmp(key, "field") == 0 &&
		    strcmp(f->val, "status") == 0) {
			c.m_status = true;
			c.at = f;
		} else if (strcmp(key, "toString") == 0)
			c.m_to = f->val;
	}
	return flush_hist(js, r, &c, w, d);
}

/* ------------------------------------------------------------------ */
/* The issue */

/* "<site>/browse/<key>" from self ("<site>/rest/api/2/issue/10125"). */
static const char *
jira_browse(const char *self, const char *key, char *out, size_t size)
{
	const char *s;
	int n;

	if (self == NULL || (s = strstr(self, "/rest/api/")) == NULL ||
	    (strncmp(self, "https://", 8) != 0 &&
	    strncmp(self, "http://", 7) != 0))
		return NULL;
	n = snprintf(out, size, "%.*s/browse/%s", (int)(s - self), self, key);
	if (n < 0 || (size_t)n >= size)
		return NULL;
	return out;
}

static enum assure_err
jira_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct inc_parser *p = arg;
	struct inc_incident x;
	struct walk w;
	const struct jfield *f;
	const char *category, *priority, *self;
	char labels[INC_VALUE_MAX + 1], url[JIRA_URL_MAX];
	struct opt_time resolutiondate;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	memset(&w, 0, sizeof(w));
	x.line = r->line;
	x.index = r->index;
	x.system = "jira";
	rc = id_json_req(js, r, "key", &x.key, d);
	if (rc != ASSURE_OK)
		return rc;
	f = jrec_get(r, "fields");
	if (f == NULL || f->type != JT_MAP)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected the issue's fields (an object), got %s: ask "
		    "the search for fields and expand=changelog",
		    f == NULL ? "none" : f->type == JT_NULL ? "null" :
		    "another type");
	rc = id_json_opt(js, r, "fields.summary", &x.title, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "fields.issuetype.name", &x.kind, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "fields.status.name", &x.status, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "fields.status.statusCategory.key",
		    &category, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "fields.priority.name", &priority, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "fields.project.key", &x.service, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "self", &self, d);
	if (rc == ASSURE_OK)
		rc = chg_json_join(js, r, "fields.labels", NULL, labels,
		    sizeof(labels), &x.labels, d);
	if (rc == ASSURE_OK)
		rc = inc_json_time(js, r, "fields.created", &x.created, d);
	if (rc == ASSURE_OK)
		rc = inc_json_time(js, r, "fields.resolutiondate",
		    &resolutiondate, d);
	if (rc != ASSURE_OK)
		return rc;
	x.severity = jira_severity(priority);
	x.url = jira_browse(self, x.key, url, sizeof(url));

	w.current = x.status;
	w.current_done = category != NULL ? strcmp(category, "done") == 0 :
	    name_in(x.status, done_names);
	for (w.pass = 1; w.pass <= 2; w.pass++) {
		rc = walk_changelog(js, r, &w, d);
		if (rc != ASSURE_OK)
			return rc;
	}
	x.acknowledged = w.ack;
	x.escalated = w.esc;
	if (resolutiondate.has)
		x.resolved = resolutiondate;
	else if (w.current_done)
		x.resolved = w.done;
	return inc_emit_incident(p, &x, d);
}

const struct inc_vendor inc_vendor_jira_issues = {
	.patterns = jira_patterns,
	.record = jira_record,
	.list_key = "issues",
	.what = "Jira issues",
};
