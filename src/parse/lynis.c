/*
 * lynis.c: the lynis kind: Lynis's report.dat (/var/log/lynis-report.dat),
 * key=value lines written by Report() in CISOfy/lynis include/functions.
 *
 * Lines: "# comment", blank, "key=value" or "key[]=value" (an array
 * entry, repeated).  Keys read (others are ignored):
 *
 *   hostname               the asset (--asset overrides it; one of them
 *                          is required)
 *   lynis_version          tool_version
 *   report_datetime_start  started  ("2026-07-31 00:00:00": naive local
 *   report_datetime_end    finished  time, taken as UTC; RFC 3339 too)
 *   finish=true            the run completed: complete = true; a report
 *                          without it is a truncated run, complete = false
 *   warning[]              a finding, severity medium
 *   suggestion[]           a finding, severity low
 *
 * A warning or suggestion is "TEST-ID|text|details|solution|" ("-" is
 * empty): rule the test id (required), title the text, location the
 * details when given (often a path or a setting), else "", severity_raw
 * "warning" or "suggestion", status NULL, cvss -1.  Lynis repeats a test
 * id with different texts ("Determine if protocol 'dccp' ... / 'sctp'
 * ..."): each is a finding, and they share a fingerprint when the details
 * field is empty.
 *
 * The times and finish=true come after the findings in the file, and a
 * scan is emitted before its findings, so the findings are held until the
 * end: at most LYNIS_ITEMS_MAX of them and LYNIS_BYTES_MAX bytes (a real
 * report holds tens).  Lines are at most LYNIS_LINE_MAX bytes.  Errors
 * are located "file:line:col: key: ...".
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "parse/vparse_int.h"

#define LYNIS_LINE_MAX		(64u * 1024)
#define LYNIS_ITEMS_MAX		100000u
#define LYNIS_BYTES_MAX		(16u * 1024 * 1024)
#define LYNIS_FIELD_MAX		512		/* hostname, version, time */

struct lynis_item {
	bool		warning;
	unsigned long	line;
	size_t		rule, title, details;	/* offsets into arena; */
	bool		has_title;		/* details: "" when none */
};

struct lynis {
	const char		*src;
	enum assure_err		 rc;
	struct assure_diag	 diag;
	/* the line being read */
	char			*line;
	size_t			 len, cap;
	unsigned long		 lineno;
	bool			 any;		/* a key line seen */
	/* the report */
	char			 hostname[LYNIS_FIELD_MAX];
	char			 version[LYNIS_FIELD_MAX];
	struct opt_time		 start, end;
	bool			 finished;
	/* the findings held */
	struct lynis_item	*items;
	size_t			 nitems, citems;
	char			*arena;
	size_t			 alen, acap;
};

static enum assure_err
fail(struct lynis *l, enum assure_err rc, unsigned long col,
    const char *field, const char *msg, const char *got)
{
	char q[64];

	id_quote(got, q, sizeof(q));
	l->rc = assure_diag_set(&l->diag, rc, l->src, l->lineno, col, field,
	    "%s, got '%s'", msg, q);
	return l->rc;
}

enum assure_err
lynis_new(struct vuln_parser *p, struct assure_diag *d)
{
	const char *src = p->o->source != NULL ? p->o->source : "<input>";
	struct lynis *l;

	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
	l->src = src;
	assure_diag_clear(&l->diag);
	p->lynis = l;
	return ASSURE_OK;
}

void
lynis_free(struct lynis *l)
{
	if (l == NULL)
		return;
	free(l->line);
	free(l->items);
	free(l->arena);
	free(l);
}

/* Copy n bytes of s into the arena, NUL-terminated; its offset. */
static bool
arena_add(struct lynis *l, const char *s, size_t n, size_t *ret)
{
	size_t cap;
	char *na;

	if (l->alen + n + 1 > LYNIS_BYTES_MAX) {
		fail(l, ASSURE_ERR_LIMIT, 1, NULL, "expected at most 16 MiB "
		    "of warnings and suggestions", "more");
		return false;
	}
	if (l->alen + n + 1 > l->acap) {
		cap = l->acap == 0 ? 4096 : l->acap;
		while (cap < l->alen + n + 1)
			cap *= 2;
		na = realloc(l->arena, cap);
		if (na == NULL) {
			fail(l, ASSURE_ERR_NOMEM, 1, NULL, "out of memory", "");
			return false;
		}
		l->arena = na;
		l->acap = cap;
	}
	memcpy(l->arena + l->alen, s, n);
	l->arena[l->alen + n] = '\0';
	*ret = l->alen;
	l->alen += n + 1;
	return true;
}

/* "-" and "" are empty. */
static bool
empty(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '-');
}

/* warning[]= or suggestion[]=: "TEST-ID|text|details|solution|". */
static enum assure_err
item(struct lynis *l, bool warning, const char *key, const char *v,
    unsigned long col)
{
	struct lynis_item *it, *ni;
	const char *f[3];
	size_t fl[3], i, n, nc;
	const char *s = v;

	for (i = 0; i < 3; i++) {
		n = strcspn(s, "|");
		f[i] = s;
		fl[i] = n;
		s += n;
		if (*s == '|')
			s++;
	}
	for (i = 0; i < fl[0]; i++)
		if (isspace((unsigned char)f[0][i]))
			break;
	if (empty(f[0], fl[0]) || i < fl[0] || fl[0] > 64)
		return fail(l, ASSURE_ERR_PARSE, col, key, "expected "
		    "TEST-ID|text|details|solution|", v);
	if (l->nitems >= LYNIS_ITEMS_MAX)
		return fail(l, ASSURE_ERR_LIMIT, col, key, "expected at most "
		    "100000 warnings and suggestions", "more");
	if (l->nitems == l->citems) {
		nc = l->citems == 0 ? 64 : l->citems * 2;
		ni = realloc(l->items, nc * sizeof(*ni));
		if (ni == NULL)
			return fail(l, ASSURE_ERR_NOMEM, col, key,
			    "out of memory", "");
		l->items = ni;
		l->citems = nc;
	}
	it = &l->items[l->nitems];
	memset(it, 0, sizeof(*it));
	it->warning = warning;
	it->line = l->lineno;
	it->has_title = !empty(f[1], fl[1]);
	if (!arena_add(l, f[0], fl[0], &it->rule) ||
	    !arena_add(l, f[1], it->has_title ? fl[1] : 0, &it->title) ||
	    !arena_add(l, f[2], empty(f[2], fl[2]) ? 0 : fl[2],
	    &it->details))
		return l->rc;
	l->nitems++;
	return ASSURE_OK;
}

/* "2026-07-31 00:00:00" (UTC) or RFC 3339. */
static int
lynis_time(const char *s, struct opt_time *ret)
{
	char buf[32];
	size_t n = strlen(s);

	ret->has = false;
	if (n == 0)
		return 0;
	if (id_time_text(s, n, false, ret, NULL) == 0 && ret->has)
		return 0;
	if (n == 19 && s[10] == ' ') {
		snprintf(buf, sizeof(buf), "%.10sT%.8sZ", s, s + 11);
		if (assure_time_parse(buf, strlen(buf), &ret->t) == 0) {
			ret->has = true;
			return 0;
		}
	}
	return -1;
}

static void
trim_end(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static enum assure_err
one_line(struct lynis *l, char *s)
{
	char *eq, *v;
	size_t k;
	unsigned long col;

	if (*s == '\0' || *s == '#')
		return ASSURE_OK;
	k = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-.");
	eq = s + k;
	if (strncmp(eq, "[]", 2) == 0)
		eq += 2;
	if (k == 0 || *eq != '=')
		return fail(l, ASSURE_ERR_PARSE, 1, "line", "expected "
		    "key=value or key[]=value", s);
	*eq = '\0';
	v = eq + 1;
	col = (unsigned long)(v - s) + 1;
	l->any = true;
	if (strcmp(s, "warning[]") == 0)
		return item(l, true, s, v, col);
	if (strcmp(s, "suggestion[]") == 0)
		return item(l, false, s, v, col);
	trim_end(v);
	if (strcmp(s, "hostname") == 0 || strcmp(s, "lynis_version") == 0) {
		if (strlen(v) >= LYNIS_FIELD_MAX)
			return fail(l, ASSURE_ERR_LIMIT, col, s, "expected at "
			    "most 511 bytes", v);
		snprintf(s[0] == 'h' ? l->hostname : l->version,
		    LYNIS_FIELD_MAX, "%s", v);
	} else if (strcmp(s, "report_datetime_start") == 0) {
		if (lynis_time(v, &l->start) != 0)
			return fail(l, ASSURE_ERR_PARSE, col, s, "expected a "
			    "time YYYY-MM-DD HH:MM:SS", v);
	} else if (strcmp(s, "report_datetime_end") == 0) {
		if (lynis_time(v, &l->end) != 0)
			return fail(l, ASSURE_ERR_PARSE, col, s, "expected a "
			    "time YYYY-MM-DD HH:MM:SS", v);
	} else if (strcmp(s, "finish") == 0)
		l->finished = strcmp(v, "true") == 0;
	return ASSURE_OK;
}

enum assure_err
lynis_feed(struct vuln_parser *p, const unsigned char *data, size_t len,
    struct assure_diag *d)
{
	struct lynis *l = p->lynis;
	const unsigned char *nl;
	size_t n, cap;
	char *nb;

	while (l->rc == ASSURE_OK && len > 0) {
		nl = memchr(data, '\n', len);
		n = nl != NULL ? (size_t)(nl - data) : len;
		if (l->len + n > LYNIS_LINE_MAX) {
			l->lineno++;
			fail(l, ASSURE_ERR_LIMIT, 1, "line", "expected a line "
			    "of at most 65536 bytes", "longer");
			break;
		}
		if (l->len + n + 1 > l->cap) {
			cap = l->cap == 0 ? 256 : l->cap;
			while (cap < l->len + n + 1)
				cap *= 2;
			nb = realloc(l->line, cap);
			if (nb == NULL) {
				fail(l, ASSURE_ERR_NOMEM, 1, NULL,
				    "out of memory", "");
				break;
			}
			l->line = nb;
			l->cap = cap;
		}
		memcpy(l->line + l->len, data, n);
		l->len += n;
		l->line[l->len] = '\0';
		data += n;
		len -= n;
		if (nl == NULL)
			break;
		data++;
		len--;
		l->lineno++;
		if (l->len > 0 && l->line[l->len - 1] == '\r')
			l->line[--l->len] = '\0';
		if (memchr(l->line, '\0', l->len) != NULL) {
			fail(l, ASSURE_ERR_PARSE, 1, "line", "expected text, "
			    "got a NUL byte", "");
			break;
		}
		(void)one_line(l, l->line);
		l->len = 0;
	}
	if (l->rc != ASSURE_OK)
		*d = l->diag;
	return l->rc;
}

enum assure_err
lynis_finish(struct vuln_parser *p, struct assure_diag *d)
{
	struct lynis *l = p->lynis;
	struct vuln_scan s;
	struct vuln_finding f;
	const struct lynis_item *it;
	enum assure_err rc;
	size_t i;

	if (l->rc == ASSURE_OK && l->len > 0) {
		/* a last line without its newline */
		l->lineno++;
		if (l->len > 0 && l->line[l->len - 1] == '\r')
			l->line[--l->len] = '\0';
		if (memchr(l->line, '\0', l->len) != NULL)
			fail(l, ASSURE_ERR_PARSE, 1, "line", "expected text, "
			    "got a NUL byte", "");
		else
			(void)one_line(l, l->line);
		l->len = 0;
	}
	if (l->rc == ASSURE_OK && !l->any) {
		l->lineno = l->lineno > 0 ? l->lineno : 1;
		fail(l, ASSURE_ERR_PARSE, 1, NULL, "expected a Lynis "
		    "report.dat (key=value lines)", "no key");
	}
	if (l->rc == ASSURE_OK && p->o->asset == NULL &&
	    l->hostname[0] == '\0') {
		l->lineno = 1;
		fail(l, ASSURE_ERR_PARSE, 1, "hostname", "expected the host's "
		    "name (hostname=, or --asset)", "");
	}
	if (l->rc != ASSURE_OK) {
		*d = l->diag;
		return l->rc;
	}
	memset(&s, 0, sizeof(s));
	s.line = 1;
	s.tool = "lynis";
	s.tool_version = l->version[0] != '\0' ? l->version : NULL;
	s.asset = p->o->asset != NULL ? p->o->asset : l->hostname;
	s.started = l->start;
	s.finished = l->end;
	s.complete = l->finished ? TRI_TRUE : TRI_FALSE;
	rc = vuln_emit_scan(p, &s, &l->diag);
	for (i = 0; rc == ASSURE_OK && i < l->nitems; i++) {
		it = &l->items[i];
		memset(&f, 0, sizeof(f));
		f.line = it->line;
		f.rule = l->arena + it->rule;
		f.title = it->has_title ? l->arena + it->title : NULL;
		f.severity = it->warning ? VSEV_MEDIUM : VSEV_LOW;
		f.severity_raw = it->warning ? "warning" : "suggestion";
		f.cvss = -1;
		f.location = l->arena + it->details;
		rc = vuln_emit_finding(p, &f, &l->diag);
	}
	if (rc != ASSURE_OK) {
		l->rc = rc;
		assure_diag_default_source(&l->diag, l->src);
		*d = l->diag;
	}
	return rc;
}
