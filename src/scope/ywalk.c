/*
 * ywalk.c: the strict YAML walker shared by scope.yaml and controls/<name>.yaml
 * (see ywalk.h).  It follows workspace/config.c: load the document with
 * its positions, then let schema callbacks visit each key, so that errors
 * carry the line and column of the node at fault.
 */
#include "common/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scope/ywalk.h"

enum assure_err
ywalk_at(struct ywalk *w, const yaml_node_t *n, const char *field,
    const char *fmt, ...)
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

/* As ywalk_at(), for a limit: ASSURE_ERR_LIMIT. */
static enum assure_err
limit_at(struct ywalk *w, const yaml_node_t *n, const char *field,
    const char *what, size_t max)
{
	return assure_diag_set(w->diag, ASSURE_ERR_LIMIT, w->source,
	    n != NULL ? n->start_mark.line + 1 : 0,
	    n != NULL ? n->start_mark.column + 1 : 0, field, "more than %zu "
	    "%s", max, what);
}

enum assure_err
ywalk_depth_check(const char *text, size_t len, const char *source,
    struct assure_diag *reterr_diag)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	enum assure_err rc = ASSURE_OK;
	unsigned depth = 0;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source,
		    0, 0, NULL, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	while (!done) {
		/* A syntax error is the loader's to report. */
		if (!yaml_parser_parse(&parser, &ev))
			break;
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > YWALK_DEPTH_MAX) {
				rc = assure_diag_set(reterr_diag,
				    ASSURE_ERR_LIMIT, source,
				    ev.start_mark.line + 1,
				    ev.start_mark.column + 1, NULL, "lists and "
				    "mappings nested more than %d deep",
				    YWALK_DEPTH_MAX);
				done = true;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

enum assure_err
ywalk_load(struct ywalk *w, const char *text, size_t len, size_t max,
    const char *source, struct assure_diag *reterr_diag,
    yaml_node_t **ret_root)
{
	yaml_parser_t parser;
	yaml_document_t extra;
	enum assure_err rc;

	memset(w, 0, sizeof(*w));
	w->source = source;
	w->diag = reterr_diag;
	if (len > max)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, source,
		    0, 0, NULL, "larger than %zu bytes", max);
	if ((rc = ywalk_depth_check(text, len, source, reterr_diag)) !=
	    ASSURE_OK)
		return rc;
	if (!yaml_parser_initialize(&parser))
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source,
		    0, 0, NULL, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	if (!yaml_parser_load(&parser, &w->doc))
		goto out_yaml_error;
	w->loaded = true;
	/* A second document would be silently ignored: refuse it. */
	if (yaml_document_get_root_node(&w->doc) != NULL) {
		if (!yaml_parser_load(&parser, &extra)) {
			ywalk_doc_free(w);
			goto out_yaml_error;
		}
		if (yaml_document_get_root_node(&extra) != NULL) {
			rc = ywalk_at(w, yaml_document_get_root_node(&extra),
			    NULL, "a second YAML document; put everything in "
			    "one");
			yaml_document_delete(&extra);
			ywalk_doc_free(w);
			goto out_parser;
		}
		yaml_document_delete(&extra);
	}
	*ret_root = yaml_document_get_root_node(&w->doc);
	rc = ASSURE_OK;
	goto out_parser;
out_yaml_error:
	/*
	 * libyaml names every syntax error; its loader leaves error at
	 * YAML_NO_ERROR when an allocation fails (fuzz/torture.c).
	 */
	if (parser.error == YAML_NO_ERROR ||
	    parser.error == YAML_MEMORY_ERROR) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, source, 0,
		    0, NULL, "out of memory");
		goto out_parser;
	}
	rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, source,
	    parser.problem_mark.line + 1, parser.problem_mark.column + 1, NULL,
	    "%s%s%s", parser.problem != NULL ? parser.problem : "invalid YAML",
	    parser.context != NULL ? " " : "",
	    parser.context != NULL ? parser.context : "");
out_parser:
	yaml_parser_delete(&parser);
	return rc;
}

void
ywalk_doc_free(struct ywalk *w)
{
	if (!w->loaded)
		return;
	yaml_document_delete(&w->doc);
	w->loaded = false;
}

const char *
ywalk_scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *
ywalk_node(struct ywalk *w, int id)
{
	return yaml_document_get_node(&w->doc, id);
}

enum assure_err
ywalk_each_pair(struct ywalk *w, yaml_node_t *n, const char *field,
    ywalk_pair_fn fn, void *arg)
{
	yaml_node_pair_t *p, *q;
	yaml_node_t *k, *v, *k2;
	enum assure_err rc;

	if (n->type != YAML_MAPPING_NODE)
		return ywalk_at(w, n, field, "expected a mapping of keys to "
		    "values");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		k = ywalk_node(w, p->key);
		v = ywalk_node(w, p->value);
		if (k == NULL || v == NULL || ywalk_scalar(k) == NULL)
			return ywalk_at(w, k != NULL ? k : n, field,
			    "keys must be plain strings");
		for (q = n->data.mapping.pairs.start; q < p; q++) {
			k2 = ywalk_node(w, q->key);
			if (k2 != NULL && ywalk_scalar(k2) != NULL &&
			    strcmp(ywalk_scalar(k2), ywalk_scalar(k)) == 0)
				return ywalk_at(w, k, ywalk_scalar(k),
				    "duplicate key (first at line %lu)",
				    (unsigned long)k2->start_mark.line + 1);
		}
		rc = fn(w, ywalk_scalar(k), k, v, arg);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

enum assure_err
ywalk_each_item(struct ywalk *w, yaml_node_t *n, const char *field,
    size_t max, ywalk_item_fn fn, void *arg)
{
	yaml_node_item_t *it;
	yaml_node_t *item;
	enum assure_err rc;
	size_t i = 0;

	if (n->type != YAML_SEQUENCE_NODE)
		return ywalk_at(w, n, field, "expected a list");
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	    it++) {
		item = ywalk_node(w, *it);
		if (item == NULL)
			return ywalk_at(w, n, field, "unreadable list item");
		if (++i > max)
			return limit_at(w, item, field, "items", max);
		rc = fn(w, item, arg);
		if (rc != ASSURE_OK)
			return rc;
	}
	return ASSURE_OK;
}

enum assure_err
ywalk_unknown_key(struct ywalk *w, yaml_node_t *k, const char *parent,
    const char *known)
{
	return ywalk_at(w, k, ywalk_scalar(k), "unknown key in %s (known: %s)",
	    parent, known);
}

enum assure_err
ywalk_text(struct ywalk *w, yaml_node_t *n, const char *field, size_t max,
    unsigned flags, const char **ret, size_t *ret_len)
{
	const char *s = ywalk_scalar(n);
	size_t len, i;

	if (s == NULL)
		return ywalk_at(w, n, field, "expected a string");
	len = strlen(s);
	while (len > 0 && s[len - 1] == '\n')
		len--;
	for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t' ||
	    s[i] == '\n'); i++)
		;
	if (i == len)
		return ywalk_at(w, n, field, "must not be empty (leave the key "
		    "out instead)");
	if (len >= max)
		return assure_diag_set(w->diag, ASSURE_ERR_LIMIT, w->source,
		    n->start_mark.line + 1, n->start_mark.column + 1, field,
		    "longer than %zu characters", max - 1);
	if (!(flags & YWALK_MULTILINE) && memchr(s, '\n', len) != NULL)
		return ywalk_at(w, n, field, "must be one line");
	if (memchr(s, '\r', len) != NULL)
		return ywalk_at(w, n, field, "must not hold a carriage return");
	*ret = s;
	*ret_len = len;
	return ASSURE_OK;
}

enum assure_err
ywalk_bool(struct ywalk *w, yaml_node_t *n, const char *field, bool *ret)
{
	const char *s = ywalk_scalar(n);

	if (s != NULL && (strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "true") == 0)) {
		*ret = true;
		return ASSURE_OK;
	}
	if (s != NULL && (strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "false") == 0)) {
		*ret = false;
		return ASSURE_OK;
	}
	return ywalk_at(w, n, field, "expected yes or no, got '%.40s'",
	    s != NULL ? s : "(not a scalar)");
}

size_t
ywalk_count(const yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SEQUENCE_NODE)
		return 0;
	return (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
}

/* ---------------------------------------------------------------- pool */

static bool
ypool_track(struct ypool *pool, void *p)
{
	void **np;
	size_t ncap;

	if (pool->n == pool->cap) {
		ncap = pool->cap < 16 ? 16 : pool->cap * 2;
		np = reallocarray(pool->p, ncap, sizeof(*np));
		if (np == NULL)
			return false;
		pool->p = np;
		pool->cap = ncap;
	}
	pool->p[pool->n++] = p;
	return true;
}

void *
ypool_calloc(struct ypool *pool, size_t n, size_t size)
{
	void *p;

	p = calloc(n > 0 ? n : 1, size);
	if (p == NULL)
		return NULL;
	if (!ypool_track(pool, p)) {
		free(p);
		return NULL;
	}
	return p;
}

char *
ypool_strndup(struct ypool *pool, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = ypool_calloc(pool, n + 1, 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
ypool_free(struct ypool *pool)
{
	size_t i;

	for (i = 0; i < pool->n; i++)
		free(pool->p[i]);
	free(pool->p);
	pool->p = NULL;
	pool->n = 0;
	pool->cap = 0;
}
