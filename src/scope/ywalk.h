/*
 * ywalk.h: the strict YAML walker that scope.yaml and controls/<name>.yaml are
 * read with, in the style of workspace/config.c.
 *
 * libyaml loads a document into nodes that carry their positions; the
 * walker then visits each mapping key with a callback that either accepts
 * the key or reports it as unknown, so every unknown or duplicated key,
 * and every value of the wrong shape, is an error located at
 * source:line:column with the field's dotted name.  Nothing here knows a
 * schema: scope.c and controls.c bring their own callbacks.
 *
 * Ownership: strings handed out by ywalk_text() point into the document
 * and live until ywalk_doc_free(); callers copy what they keep.
 */
#ifndef ASSURE_SCOPE_YWALK_H
#define ASSURE_SCOPE_YWALK_H

#include <yaml.h>

#include "common/compat.h"
#include "common/err.h"

/*
 * Lists and mappings nested deeper than this are refused (ASSURE_ERR_LIMIT)
 * before the document is loaded; the files assure reads nest a few
 * levels.
 */
#define YWALK_DEPTH_MAX		32

struct ywalk {
	yaml_document_t		 doc;
	const char		*source;
	struct assure_diag	*diag;
	bool			 loaded;
};

/* Fill w->diag at node n (line and column from n) and return PARSE. */
enum assure_err ywalk_at(struct ywalk *w, const yaml_node_t *n,
    const char *field, const char *fmt, ...) ASSURE_PRINTF(4, 5);

/*
 * Load one YAML document from text (len bytes, at most max).  On success
 * the document is in w and *ret_root is its root node, or NULL for an
 * empty file; release with ywalk_doc_free().  On failure returns
 * ASSURE_ERR_PARSE (with the line and column libyaml gives),
 * ASSURE_ERR_LIMIT or ASSURE_ERR_NOMEM, and w holds nothing to free.
 */
enum assure_err ywalk_load(struct ywalk *w, const char *text, size_t len,
    size_t max, const char *source, struct assure_diag *reterr_diag,
    yaml_node_t **ret_root);
/*
 * ASSURE_ERR_LIMIT, located at the collection that opens too deep, when
 * text nests lists and mappings more than YWALK_DEPTH_MAX deep.  A
 * syntax error is left to the loader (ASSURE_OK).  ywalk_load() calls it;
 * config.c, which loads its own document, too.
 */
enum assure_err ywalk_depth_check(const char *text, size_t len,
    const char *source, struct assure_diag *reterr_diag);
/* Release the document of w; a no-op when nothing is loaded. */
void ywalk_doc_free(struct ywalk *w);

/* The text of a scalar node, or NULL for any other node. */
const char *ywalk_scalar(const yaml_node_t *n);

/* Look up the node with this id in the document. */
yaml_node_t *ywalk_node(struct ywalk *w, int id);

/*
 * Call fn for each key of mapping n with the key's text and the value
 * node.  Rejects a node that is not a mapping, non-string keys and
 * duplicated keys, naming field.  Stops at the first error fn returns.
 */
typedef enum assure_err (*ywalk_pair_fn)(struct ywalk *w, const char *key,
    yaml_node_t *k, yaml_node_t *v, void *arg);
enum assure_err ywalk_each_pair(struct ywalk *w, yaml_node_t *n,
    const char *field, ywalk_pair_fn fn, void *arg);

/*
 * Call fn for each item of sequence n.  Rejects a node that is not a
 * sequence (ASSURE_ERR_PARSE), and more than max items (ASSURE_ERR_LIMIT),
 * located.
 */
typedef enum assure_err (*ywalk_item_fn)(struct ywalk *w, yaml_node_t *item,
    void *arg);
enum assure_err ywalk_each_item(struct ywalk *w, yaml_node_t *n,
    const char *field, size_t max, ywalk_item_fn fn, void *arg);

/* Report key k of mapping parent as unknown, listing the known keys. */
enum assure_err ywalk_unknown_key(struct ywalk *w, yaml_node_t *k,
    const char *parent, const char *known);

enum ywalk_text_flags {
	/* Newlines are allowed (descriptions); otherwise one line. */
	YWALK_MULTILINE = 1 << 0,
};

/*
 * The text of scalar n: not empty, shorter than max bytes, and one line
 * unless YWALK_MULTILINE.  Surrounding white space is kept; a trailing
 * newline of a block scalar is not counted: *ret points into the document
 * and *ret_len is the length without it.
 */
enum assure_err ywalk_text(struct ywalk *w, yaml_node_t *n, const char *field,
    size_t max, unsigned flags, const char **ret, size_t *ret_len);

/*
 * A boolean: yes, no, true, false (any case).  Anything else is a located
 * error.
 */
enum assure_err ywalk_bool(struct ywalk *w, yaml_node_t *n, const char *field,
    bool *ret);

/*
 * A pool of allocations that a parsed model lives in: every array and
 * string of a struct scope or a control set comes from one pool and is
 * released with it.  Allocation failure returns NULL (the caller reports
 * ASSURE_ERR_NOMEM); the pool stays consistent.
 */
struct ypool {
	void	**p;
	size_t	  n;
	size_t	  cap;
};

/* n zeroed elements of size bytes each (at least one), or NULL. */
void *ypool_calloc(struct ypool *pool, size_t n, size_t size);
/* A NUL-terminated copy of s[0..n), or NULL. */
char *ypool_strndup(struct ypool *pool, const char *s, size_t n);
/* Free every allocation; the pool is then empty and reusable. */
void ypool_free(struct ypool *pool);

/* The number of items of a sequence node (0 for any other node). */
size_t ywalk_count(const yaml_node_t *n);

#endif
