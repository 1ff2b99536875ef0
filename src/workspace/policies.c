/*
 * policies.c: reading policies/<name>.md and writing the starter set (see
 * policies.h).
 *
 * The front matter is handed to libyaml together with its opening "---"
 * line (a YAML document start marker) and without the closing one, so
 * the marks libyaml reports are already lines and columns of the whole
 * file.  Its keys are walked strictly with scope/ywalk.c.
 */
#include "common/compat.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/embed.h"
#include "common/timeutil.h"
#include "scope/scope.h"
#include "workspace/policies.h"

#define POLICY_KEYS	"id, title, owner, version, effective, " \
			"approved_by, approved_at, review_every, audience"

void
policy_set_init(struct policy_set *set)
{
	memset(set, 0, sizeof(*set));
}

void
policy_set_release(struct policy_set *set)
{
	free(set->v);
	ypool_free(&set->pool);
	policy_set_init(set);
}

const struct policy *
policies_find(const struct policy_set *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].id, id) == 0)
			return &set->v[i];
	return NULL;
}

/* ---------------------------------------------------------------- parse */

/* Which required keys were seen. */
enum {
	SEEN_ID = 1 << 0,
	SEEN_TITLE = 1 << 1,
	SEEN_OWNER = 1 << 2,
	SEEN_VERSION = 1 << 3,
	SEEN_EFFECTIVE = 1 << 4,
	SEEN_REVIEW = 1 << 5,
	SEEN_AUDIENCE = 1 << 6,
};

static const struct {
	unsigned	 bit;
	const char	*name;
} required[] = {
	{ SEEN_ID, "id" },
	{ SEEN_TITLE, "title" },
	{ SEEN_OWNER, "owner" },
	{ SEEN_VERSION, "version" },
	{ SEEN_EFFECTIVE, "effective" },
	{ SEEN_REVIEW, "review_every" },
	{ SEEN_AUDIENCE, "audience" },
};

struct pp {
	struct policy_set	*set;
	struct policy		 cur;
	unsigned		 seen;
	yaml_node_t		*id_node;
	yaml_node_t		*by_node;	/* approved_by, when not null */
	yaml_node_t		*at_node;	/* approved_at, when not null */
	yaml_node_t		*aud_node;
};

static enum assure_err
nomem(struct ywalk *w)
{
	return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0, 0,
	    NULL, "out of memory");
}

static enum assure_err
get_text(struct ywalk *w, struct pp *pp, yaml_node_t *n, const char *field,
    size_t max, const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *copy;

	rc = ywalk_text(w, n, field, max, 0, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	copy = ypool_strndup(&pp->set->pool, s, len);
	if (copy == NULL)
		return nomem(w);
	*ret = copy;
	return ASSURE_OK;
}

/* Letters, digits and the characters of extra, at least one. */
static bool
is_name(const char *s, const char *extra)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    strchr(extra, s[i]) != NULL))
			return false;
	return i > 0;
}

/* A plain null, ~ or empty scalar. */
static bool
is_null(const yaml_node_t *n)
{
	const char *s = ywalk_scalar(n);

	return s != NULL && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
}

static enum assure_err
get_date(struct ywalk *w, yaml_node_t *v, const char *field, bool instant,
    int64_t *ret)
{
	const char *s = ywalk_scalar(v);
	size_t len = s != NULL ? strlen(s) : 0;

	if (s == NULL || (!instant && len != 10) ||
	    assure_time_parse(s, len, ret) != 0)
		return ywalk_at(w, v, field, "expected a date (YYYY-MM-DD%s), "
		    "got '%.40s'", instant ? " or an RFC 3339 instant" : "",
		    s != NULL ? s : "(not a scalar)");
	return ASSURE_OK;
}

static enum assure_err
audience_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct pp *pp = arg;
	struct policy *p = &pp->cur;
	const char *s;
	size_t i;
	enum assure_err rc;

	rc = get_text(w, pp, item, "audience", POLICY_ID_MAX, &s);
	if (rc != ASSURE_OK)
		return rc;
	if (!is_name(s, "_-"))
		return ywalk_at(w, item, "audience", "'%.40s': use letters, "
		    "digits, '_' and '-' only", s);
	for (i = 0; i < p->naudience; i++)
		if (strcmp(p->audience[i], s) == 0)
			return ywalk_at(w, item, "audience", "'%.40s' is "
			    "listed twice", s);
	p->audience[p->naudience++] = s;
	return ASSURE_OK;
}

static enum assure_err
get_audience(struct ywalk *w, struct pp *pp, yaml_node_t *v)
{
	struct policy *p = &pp->cur;
	size_t n = v->type == YAML_SEQUENCE_NODE ? ywalk_count(v) : 1;

	if (v->type == YAML_SEQUENCE_NODE && n == 0)
		return ywalk_at(w, v, "audience", "an empty list: name who the "
		    "policy is for (all, engineering, management, ...)");
	if (n > POLICY_AUDIENCE_MAX)
		n = POLICY_AUDIENCE_MAX;
	p->audience = ypool_calloc(&pp->set->pool, n, sizeof(*p->audience));
	if (p->audience == NULL)
		return nomem(w);
	p->naudience = 0;
	if (v->type == YAML_SEQUENCE_NODE)
		return ywalk_each_item(w, v, "audience", POLICY_AUDIENCE_MAX,
		    audience_item, pp);
	return audience_item(w, v, pp);
}

static enum assure_err
policy_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct pp *pp = arg;
	struct policy *p = &pp->cur;
	const char *s;
	enum assure_err rc;

	if (strcmp(key, "id") == 0) {
		rc = get_text(w, pp, v, key, POLICY_ID_MAX, &p->id);
		if (rc == ASSURE_OK && !is_name(p->id, "._-"))
			rc = ywalk_at(w, v, key, "'%.40s': use letters, "
			    "digits, '.', '_' and '-' only", p->id);
		pp->seen |= SEEN_ID;
		pp->id_node = v;
		p->line = v->start_mark.line + 1;
		return rc;
	}
	if (strcmp(key, "title") == 0) {
		pp->seen |= SEEN_TITLE;
		return get_text(w, pp, v, key, POLICY_NAME_MAX, &p->title);
	}
	if (strcmp(key, "owner") == 0) {
		pp->seen |= SEEN_OWNER;
		return get_text(w, pp, v, key, POLICY_NAME_MAX, &p->owner);
	}
	if (strcmp(key, "version") == 0) {
		pp->seen |= SEEN_VERSION;
		return get_text(w, pp, v, key, POLICY_VERSION_MAX,
		    &p->version);
	}
	if (strcmp(key, "effective") == 0) {
		pp->seen |= SEEN_EFFECTIVE;
		return get_date(w, v, key, false, &p->effective);
	}
	if (strcmp(key, "approved_by") == 0) {
		if (is_null(v))
			return ASSURE_OK;
		pp->by_node = v;
		return get_text(w, pp, v, key, POLICY_NAME_MAX,
		    &p->approved_by);
	}
	if (strcmp(key, "approved_at") == 0) {
		if (is_null(v))
			return ASSURE_OK;
		pp->at_node = v;
		return get_date(w, v, key, true, &p->approved_at);
	}
	if (strcmp(key, "review_every") == 0) {
		pp->seen |= SEEN_REVIEW;
		s = ywalk_scalar(v);
		if (s == NULL || assure_duration_parse(s, &p->review_every) !=
		    0 || p->review_every < 86400 || p->review_every >
		    (int64_t)POLICY_REVIEW_MAX_DAYS * 86400)
			return ywalk_at(w, v, key, "expected a duration from "
			    "1d to %dd such as 365d or 26w, got '%.40s'",
			    POLICY_REVIEW_MAX_DAYS,
			    s != NULL ? s : "(not a scalar)");
		return ASSURE_OK;
	}
	if (strcmp(key, "audience") == 0) {
		pp->seen |= SEEN_AUDIENCE;
		pp->aud_node = v;
		return get_audience(w, pp, v);
	}
	return ywalk_unknown_key(w, k, "a policy's front matter",
	    POLICY_KEYS);
}

/* The length of the line at p (without its '\n' and a '\r' before it). */
static size_t
line_len(const char *p, const char *end, const char **ret_next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	*ret_next = nl != NULL ? nl + 1 : end;
	n = (size_t)((nl != NULL ? nl : end) - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

static bool
is_delim(const char *p, size_t n)
{
	return n == 3 && memcmp(p, "---", 3) == 0;
}

/*
 * Find the front matter of text: *ret_yaml_len bytes from the start
 * (the opening line included, the closing one not), the body from
 * *ret_body, its first line *ret_body_line.
 */
static enum assure_err
split(const char *text, size_t len, const char *source, size_t *ret_yaml_len,
    size_t *ret_body, unsigned long *ret_body_line, struct assure_diag *d)
{
	const char *end = text + len, *p, *next;
	unsigned long line = 1;
	size_t n;

	n = line_len(text, end, &next);
	if (!is_delim(text, n))
		return assure_diag_set(d, ASSURE_ERR_PARSE, source, 1, 1,
		    "front matter", "expected a line '---' on line 1 opening "
		    "the YAML front matter (id, title, owner, ...)");
	for (p = next; p < end; p = next) {
		line++;
		n = line_len(p, end, &next);
		if (is_delim(p, n)) {
			*ret_yaml_len = (size_t)(p - text);
			*ret_body = (size_t)(next - text);
			*ret_body_line = line + 1;
			return ASSURE_OK;
		}
	}
	return assure_diag_set(d, ASSURE_ERR_PARSE, source, 1, 1,
	    "front matter", "not closed: no line '---' after the one on "
	    "line 1");
}

static enum assure_err
check_policy(struct ywalk *w, struct pp *pp, yaml_node_t *root)
{
	const struct policy *first;
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(required); i++)
		if (!(pp->seen & required[i].bit))
			return ywalk_at(w, root, required[i].name, "required "
			    "key is missing (a policy has %s)", POLICY_KEYS);
	if ((pp->by_node == NULL) != (pp->at_node == NULL))
		return ywalk_at(w, pp->by_node != NULL ? pp->by_node :
		    pp->at_node, pp->by_node != NULL ? "approved_by" :
		    "approved_at", "approved_by and approved_at go together: "
		    "set both, or leave both null");
	first = policies_find(pp->set, pp->cur.id);
	if (first != NULL)
		return ywalk_at(w, pp->id_node, "id", "duplicate policy id "
		    "'%s' (first in %s:%lu)", pp->cur.id, first->source,
		    first->line);
	if (pp->set->n >= POLICIES_MAX)
		return assure_diag_set(w->diag, ASSURE_ERR_LIMIT, w->source, 0,
		    0, NULL, "more than %d policies", POLICIES_MAX);
	return ASSURE_OK;
}

static enum assure_err
append(struct ywalk *w, struct policy_set *set, const struct policy *p)
{
	struct policy *nv;
	size_t ncap;

	if (set->n == set->cap) {
		ncap = set->cap < 16 ? 16 : set->cap * 2;
		nv = reallocarray(set->v, ncap, sizeof(*nv));
		if (nv == NULL)
			return nomem(w);
		set->v = nv;
		set->cap = ncap;
	}
	set->v[set->n++] = *p;
	return ASSURE_OK;
}

enum assure_err
policy_parse(struct policy_set *set, const char *text, size_t len,
    const char *source, struct assure_diag *reterr_diag)
{
	struct ywalk w;
	struct pp pp;
	yaml_node_t *root;
	size_t ylen = 0, body = 0;
	unsigned long body_line = 0;
	enum assure_err rc;

	if (len > POLICY_FILE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, source, 0,
		    0, NULL, "larger than %d bytes", POLICY_FILE_MAX);
	rc = split(text, len, source, &ylen, &body, &body_line, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	memset(&pp, 0, sizeof(pp));
	pp.set = set;
	pp.cur.source = ypool_strndup(&set->pool, source, strlen(source));
	if (pp.cur.source == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source,
		    0, 0, NULL, "out of memory");
	pp.cur.size = len;
	pp.cur.body_offset = body;
	pp.cur.body_line = body_line;
	rc = ywalk_load(&w, text, ylen, POLICY_FILE_MAX, source, reterr_diag,
	    &root);
	if (rc != ASSURE_OK)
		return rc;
	/* "---" then nothing is an empty scalar to libyaml. */
	if (root == NULL || (ywalk_scalar(root) != NULL &&
	    *ywalk_scalar(root) == '\0'))
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source, 2,
		    1, "front matter", "empty: expected id, title, owner, "
		    "version, effective, review_every and audience");
	else
		rc = ywalk_each_pair(&w, root, "front matter", policy_pair,
		    &pp);
	if (rc == ASSURE_OK)
		rc = check_policy(&w, &pp, root);
	if (rc == ASSURE_OK && (assure_sha256(text, len, pp.cur.sha256) !=
	    ASSURE_OK || assure_sha256(text + body, len - body,
	    pp.cur.body_sha256) != ASSURE_OK))
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source, 0,
		    0, NULL, "cannot compute SHA-256");
	if (rc == ASSURE_OK)
		rc = append(&w, set, &pp.cur);
	ywalk_doc_free(&w);
	return rc;
}

/* ---------------------------------------------------------------- load */

static bool
is_policy_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && strcmp(name, "README.md") != 0 && n > 3 &&
	    strcmp(name + n - 3, ".md") == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum assure_err
policies_load_dir(struct policy_set *set, const char *dir,
    struct assure_diag *reterr_diag)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, path[4096], *text;
	size_t n = 0, i, len;
	enum assure_err rc = ASSURE_OK;
	int pn;

	d = opendir(dir);
	if (d == NULL) {
		if (errno == ENOENT)
			return ASSURE_OK;
		return assure_diag_set(reterr_diag, ASSURE_ERR_IO, dir, 0, 0,
		    NULL, "cannot open the folder: %s", strerror(errno));
	}
	names = calloc(POLICIES_MAX, sizeof(*names));
	if (names == NULL)
		goto out_nomem;
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (e == NULL)
			break;
		if (!is_policy_name(e->d_name))
			continue;
		if (n == POLICIES_MAX) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir,
			    0, 0, NULL, "more than %d policy files",
			    POLICIES_MAX);
			goto out_names;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL)
			goto out_nomem;
		n++;
	}
	if (errno != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, dir, 0, 0,
		    NULL, "cannot read the folder: %s", strerror(errno));
		goto out_names;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		pn = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (pn < 0 || (size_t)pn >= sizeof(path)) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir,
			    0, 0, NULL, "path too long");
			goto out_names;
		}
		rc = scope_read_file(path, POLICY_FILE_MAX, &text, &len,
		    reterr_diag);
		if (rc != ASSURE_OK)
			goto out_names;
		rc = policy_parse(set, text, len, path, reterr_diag);
		free(text);
		if (rc != ASSURE_OK)
			goto out_names;
	}
	goto out_names;
out_nomem:
	rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, dir, 0, 0, NULL,
	    "out of memory");
out_names:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ---------------------------------------------------------------- starter */

void
policies_render(const char *text, size_t len, const char *organisation,
    struct assure_buf *out)
{
	const char *p = text, *end = text + len, *at;
	size_t lp = strlen(POLICIES_PH_ORGANISATION);

	while (p < end) {
		at = memchr(p, '{', (size_t)(end - p));
		if (at == NULL) {
			assure_buf_add(out, p, (size_t)(end - p));
			break;
		}
		assure_buf_add(out, p, (size_t)(at - p));
		if ((size_t)(end - at) >= lp &&
		    memcmp(at, POLICIES_PH_ORGANISATION, lp) == 0) {
			assure_buf_adds(out, organisation);
			p = at + lp;
		} else {
			assure_buf_addc(out, '{');
			p = at + 1;
		}
	}
}

enum assure_err
policies_write_starter(const char *dir, const char *organisation,
    bool privacy, struct assure_diag *reterr_diag)
{
	const struct embedded_file *f;
	const char *name;
	char path[4096];
	size_t plen = strlen(POLICIES_STARTER_PREFIX);
	struct assure_buf b;
	enum assure_err rc;
	int n;

	for (f = embedded_files; f->path != NULL; f++) {
		if (strncmp(f->path, POLICIES_STARTER_PREFIX, plen) != 0)
			continue;
		name = f->path + plen;
		if (!is_policy_name(name) || strchr(name, '/') != NULL)
			continue;
		if (!privacy && strcmp(name, POLICIES_PRIVACY_FILE) == 0)
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (n < 0 || (size_t)n >= sizeof(path))
			return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
			    dir, 0, 0, NULL, "path too long");
		assure_buf_init(&b, POLICY_FILE_MAX);
		policies_render(f->data, f->len, organisation, &b);
		rc = assure_buf_err(&b);
		if (rc != ASSURE_OK)
			assure_diag_set(reterr_diag, rc, path, 0, 0, NULL,
			    "cannot render the starter policy");
		else
			rc = scope_write_new_file(path, assure_buf_str(&b),
			    b.len, reterr_diag);
		assure_buf_free(&b);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}
