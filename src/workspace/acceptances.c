/*
 * acceptances.c: risk-acceptances.yaml (see acceptances.h): the strict
 * reader on scope/ywalk and the match.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "common/timeutil.h"
#include "workspace/acceptances.h"

enum { F_FINDING, F_RULE, F_TOOL, F_ASSET, F_REASON, F_APPROVER, F_EXPIRES,
    F__MAX };

static const char *const fields[F__MAX] = { "finding", "rule", "tool",
    "asset", "reason", "approver", "expires" };

struct aparse {
	struct acceptances	*acc;
	const char		*f[F__MAX];
	yaml_node_t		*expires_node;
};

static enum assure_err
item_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct aparse *p = arg;
	const char *s;
	size_t len;
	enum assure_err rc;
	int i;
	char *c;

	for (i = 0; i < F__MAX; i++)
		if (strcmp(key, fields[i]) == 0)
			break;
	if (i == F__MAX)
		return ywalk_unknown_key(w, k, "acceptances", "finding, rule, "
		    "tool, asset, reason, approver, expires");
	rc = ywalk_text(w, v, fields[i], ACCEPTANCES_TEXT_MAX, 0, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	c = ypool_strndup(&p->acc->pool, s, len);
	if (c == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, fields[i], "out of memory");
	p->f[i] = c;
	if (i == F_EXPIRES)
		p->expires_node = v;
	return ASSURE_OK;
}

static enum assure_err
item(struct ywalk *w, yaml_node_t *n, void *arg)
{
	struct aparse *p = arg;
	struct acceptance *a;
	const char *fp;
	enum assure_err rc;
	int64_t t;
	size_t i;

	memset(p->f, 0, sizeof(p->f));
	p->expires_node = NULL;
	rc = ywalk_each_pair(w, n, "acceptances", item_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if ((p->f[F_FINDING] == NULL) == (p->f[F_RULE] == NULL))
		return ywalk_at(w, n, "acceptances", "each acceptance names "
		    "either a finding (its fingerprint) or a rule");
	if (p->f[F_REASON] == NULL || p->f[F_APPROVER] == NULL ||
	    p->f[F_EXPIRES] == NULL)
		return ywalk_at(w, n, "acceptances", "each acceptance needs a "
		    "reason, an approver and an expiry date");
	fp = p->f[F_FINDING];
	if (fp != NULL) {
		for (i = 0; fp[i] != '\0'; i++)
			if (!((fp[i] >= '0' && fp[i] <= '9') ||
			    (fp[i] >= 'a' && fp[i] <= 'f')))
				break;
		if (fp[i] != '\0' || i < 12 || i > 64)
			return ywalk_at(w, n, "finding", "expected at least "
			    "12 lower-case hex digits of a fingerprint (assure "
			    "findings shows them), got '%.40s'", fp);
	}
	if (assure_time_parse(p->f[F_EXPIRES], strlen(p->f[F_EXPIRES]),
	    &t) != 0)
		return ywalk_at(w, p->expires_node, "expires", "expected a "
		    "date (YYYY-MM-DD) or an RFC 3339 instant, got '%.40s'",
		    p->f[F_EXPIRES]);
	/* A date holds to the end of that day. */
	if (strlen(p->f[F_EXPIRES]) == 10)
		t += 86400 - 1;
	a = &p->acc->a[p->acc->n++];
	a->finding = p->f[F_FINDING];
	a->rule = p->f[F_RULE];
	a->tool = p->f[F_TOOL];
	a->asset = p->f[F_ASSET];
	a->reason = p->f[F_REASON];
	a->approver = p->f[F_APPROVER];
	a->expires = t;
	a->line = n->start_mark.line + 1;
	return ASSURE_OK;
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct aparse *p = arg;
	size_t n;

	if (strcmp(key, "acceptances") != 0)
		return ywalk_unknown_key(w, k, ACCEPTANCES_FILE,
		    "acceptances");
	n = ywalk_count(v);
	p->acc->a = ypool_calloc(&p->acc->pool, n, sizeof(*p->acc->a));
	if (p->acc->a == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, key, "out of memory");
	return ywalk_each_item(w, v, key, ACCEPTANCES_MAX, item, p);
}

enum assure_err
acceptances_parse(const char *text, size_t len, const char *source,
    struct acceptances *ret, struct assure_diag *reterr_diag)
{
	struct acceptances acc;
	struct aparse p;
	struct ywalk w;
	yaml_node_t *root;
	enum assure_err rc;

	memset(&acc, 0, sizeof(acc));
	memset(&p, 0, sizeof(p));
	memset(&w, 0, sizeof(w));
	p.acc = &acc;
	rc = ywalk_load(&w, text, len, ACCEPTANCES_FILE_MAX, source,
	    reterr_diag, &root);
	if (rc != ASSURE_OK)
		return rc;
	if (root != NULL && !(root->type == YAML_SCALAR_NODE &&
	    ywalk_scalar(root)[0] == '\0'))
		rc = ywalk_each_pair(&w, root, ACCEPTANCES_FILE, top_pair, &p);
	ywalk_doc_free(&w);
	if (rc != ASSURE_OK) {
		ypool_free(&acc.pool);
		return rc;
	}
	*ret = acc;
	return ASSURE_OK;
}

enum assure_err
acceptances_load(const char *path, struct acceptances *ret,
    struct assure_diag *reterr_diag)
{
	struct assure_buf b;
	struct stat st;
	enum assure_err rc;

	if (stat(path, &st) != 0 && errno == ENOENT) {
		memset(ret, 0, sizeof(*ret));
		return ASSURE_OK;
	}
	assure_buf_init(&b, ACCEPTANCES_FILE_MAX);
	rc = assure_file_read(path, &b, reterr_diag);
	if (rc == ASSURE_OK)
		rc = acceptances_parse(assure_buf_str(&b), b.len, path, ret,
		    reterr_diag);
	assure_buf_free(&b);
	return rc;
}

void
acceptances_release(struct acceptances *a)
{
	if (a == NULL)
		return;
	ypool_free(&a->pool);
	memset(a, 0, sizeof(*a));
}

const struct acceptance *
acceptances_match(const struct acceptances *acc, const char *fingerprint,
    const char *tool, const char *rule, const char *asset, int64_t t,
    bool *ret_expired)
{
	const struct acceptance *a;
	size_t i;

	if (ret_expired != NULL)
		*ret_expired = false;
	for (i = 0; acc != NULL && i < acc->n; i++) {
		a = &acc->a[i];
		if (a->finding != NULL ? strncmp(fingerprint, a->finding,
		    strlen(a->finding)) != 0 : strcasecmp(rule, a->rule) != 0)
			continue;
		if ((a->tool != NULL && strcasecmp(a->tool, tool) != 0) ||
		    (a->asset != NULL && strcmp(a->asset, asset) != 0))
			continue;
		if (t > a->expires) {
			if (ret_expired != NULL)
				*ret_expired = true;
			continue;
		}
		return a;
	}
	return NULL;
}
