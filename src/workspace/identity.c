/*
 * identity.c: identity.yaml (see identity.h): the strict reader, the
 * look-ups the identity tests use, and the template `assure init` writes.
 *
 * Everything parsed lives in the identity's pool; the YAML document is
 * released before identity_parse() returns.
 */
#include "common/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "workspace/identity.h"

static const char identity_template[] =
    "# identity.yaml: what no export can tell the identity tests.\n"
    "# See assure(1), IDENTITY.  Logins and e-mail addresses match\n"
    "# case-insensitively; tenant is optional everywhere.\n"
    "#\n"
    "# aliases: an account whose login or e-mail differs from the\n"
    "# person's HR e-mail.\n"
    "#   - { account: j.doe@acme.io, person: jane.doe@acme.com }\n"
    "aliases: []\n"
    "\n"
    "# service_accounts: non-human accounts, each with an owner.\n"
    "#   - { system: aws, tenant: \"123456789012\", login: ci-deploy,\n"
    "#       owner: alice@acme.com, purpose: CI deployments }\n"
    "service_accounts: []\n"
    "\n"
    "# admins: the approved admin roster per system (logins or e-mails)\n"
    "# for iam.least_privilege.\n"
    "#   okta: [alice@acme.com]\n"
    "admins: {}\n"
    "\n"
    "# declared_accounts: accepted shared accounts and second accounts.\n"
    "#   - { system: okta, login: ops@acme.com, owner: bob@acme.com,\n"
    "#       reason: on-call mailbox }\n"
    "declared_accounts: []\n"
    "\n"
    "# compensating_controls: developers who also hold production admin\n"
    "# access, accepted because a control compensates\n"
    "# (change.segregation_of_duties).\n"
    "#   - { person: alice@acme.com, control: CHG-4,\n"
    "#       reason: production sessions recorded and reviewed weekly }\n"
    "compensating_controls: []\n";

struct iparse {
	struct identity	*id;
	size_t		 n;	/* items filled in the current list */
	/* Fields of the item being read. */
	const char	*f[6];
	bool		 want_purpose;
};

enum { F_SYSTEM, F_TENANT, F_LOGIN, F_OWNER, F_WHY, F_ACCOUNT };

static enum assure_err
copy_text(struct ywalk *w, struct identity *id, yaml_node_t *n,
    const char *field, const char **ret)
{
	const char *s;
	size_t len;
	enum assure_err rc;
	char *c;

	rc = ywalk_text(w, n, field, IDENTITY_TEXT_MAX, 0, &s, &len);
	if (rc != ASSURE_OK)
		return rc;
	c = ypool_strndup(&id->pool, s, len);
	if (c == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, field, "out of memory");
	*ret = c;
	return ASSURE_OK;
}

static enum assure_err
alias_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct iparse *p = arg;

	if (strcmp(key, "account") == 0)
		return copy_text(w, p->id, v, "aliases.account",
		    &p->f[F_ACCOUNT]);
	if (strcmp(key, "person") == 0)
		return copy_text(w, p->id, v, "aliases.person", &p->f[F_LOGIN]);
	return ywalk_unknown_key(w, k, "aliases", "account, person");
}

static enum assure_err
alias_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct iparse *p = arg;
	struct identity_alias *a;
	enum assure_err rc;

	memset(p->f, 0, sizeof(p->f));
	rc = ywalk_each_pair(w, item, "aliases", alias_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if (p->f[F_ACCOUNT] == NULL || p->f[F_LOGIN] == NULL)
		return ywalk_at(w, item, "aliases", "each alias needs account "
		    "and person");
	a = &p->id->aliases[p->n++];
	a->account = p->f[F_ACCOUNT];
	a->person = p->f[F_LOGIN];
	return ASSURE_OK;
}

static enum assure_err
account_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct iparse *p = arg;
	const char *why = p->want_purpose ? "purpose" : "reason";
	const char *list = p->want_purpose ? "service_accounts" :
	    "declared_accounts";

	if (strcmp(key, "system") == 0)
		return copy_text(w, p->id, v, "system", &p->f[F_SYSTEM]);
	if (strcmp(key, "tenant") == 0)
		return copy_text(w, p->id, v, "tenant", &p->f[F_TENANT]);
	if (strcmp(key, "login") == 0)
		return copy_text(w, p->id, v, "login", &p->f[F_LOGIN]);
	if (strcmp(key, "owner") == 0)
		return copy_text(w, p->id, v, "owner", &p->f[F_OWNER]);
	if (strcmp(key, why) == 0)
		return copy_text(w, p->id, v, why, &p->f[F_WHY]);
	return ywalk_unknown_key(w, k, list, p->want_purpose ?
	    "system, tenant, login, owner, purpose" :
	    "system, tenant, login, owner, reason");
}

static enum assure_err
account_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct iparse *p = arg;
	struct identity_account *a;
	const char *list = p->want_purpose ? "service_accounts" :
	    "declared_accounts";
	enum assure_err rc;

	memset(p->f, 0, sizeof(p->f));
	rc = ywalk_each_pair(w, item, list, account_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if (p->f[F_SYSTEM] == NULL || p->f[F_LOGIN] == NULL ||
	    p->f[F_OWNER] == NULL)
		return ywalk_at(w, item, list, "each account needs system, "
		    "login and owner");
	a = p->want_purpose ? &p->id->services[p->n++] :
	    &p->id->declared[p->n++];
	a->system = p->f[F_SYSTEM];
	a->tenant = p->f[F_TENANT];
	a->login = p->f[F_LOGIN];
	a->owner = p->f[F_OWNER];
	a->why = p->f[F_WHY];
	a->line = item->start_mark.line + 1;
	return ASSURE_OK;
}

static enum assure_err
comp_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct iparse *p = arg;

	if (strcmp(key, "person") == 0)
		return copy_text(w, p->id, v, "compensating_controls.person",
		    &p->f[F_LOGIN]);
	if (strcmp(key, "control") == 0)
		return copy_text(w, p->id, v, "compensating_controls.control",
		    &p->f[F_SYSTEM]);
	if (strcmp(key, "reason") == 0)
		return copy_text(w, p->id, v, "compensating_controls.reason",
		    &p->f[F_WHY]);
	return ywalk_unknown_key(w, k, "compensating_controls",
	    "person, control, reason");
}

static enum assure_err
comp_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct iparse *p = arg;
	struct identity_compensation *c;
	enum assure_err rc;

	memset(p->f, 0, sizeof(p->f));
	rc = ywalk_each_pair(w, item, "compensating_controls", comp_pair, p);
	if (rc != ASSURE_OK)
		return rc;
	if (p->f[F_LOGIN] == NULL || p->f[F_SYSTEM] == NULL ||
	    p->f[F_WHY] == NULL)
		return ywalk_at(w, item, "compensating_controls", "each entry "
		    "needs person, control and reason");
	c = &p->id->compensations[p->n++];
	c->person = p->f[F_LOGIN];
	c->control = p->f[F_SYSTEM];
	c->reason = p->f[F_WHY];
	c->line = item->start_mark.line + 1;
	return ASSURE_OK;
}

struct admin_walk {
	struct iparse	*p;
	const char	*system;
};

static enum assure_err
admin_item(struct ywalk *w, yaml_node_t *item, void *arg)
{
	struct admin_walk *aw = arg;
	struct identity_admin *a = &aw->p->id->admins[aw->p->n];
	enum assure_err rc;

	rc = copy_text(w, aw->p->id, item, "admins", &a->who);
	if (rc != ASSURE_OK)
		return rc;
	a->system = aw->system;
	aw->p->n++;
	return ASSURE_OK;
}

static enum assure_err
admin_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct admin_walk aw;
	char *sys;

	(void)k;
	aw.p = arg;
	sys = ypool_strndup(&aw.p->id->pool, key, strlen(key));
	if (sys == NULL)
		return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0,
		    0, "admins", "out of memory");
	aw.system = sys;
	return ywalk_each_item(w, v, "admins", IDENTITY_ITEMS_MAX, admin_item,
	    &aw);
}

/* The number of list items under every key of the admins mapping. */
static size_t
admin_count(struct ywalk *w, yaml_node_t *n)
{
	yaml_node_pair_t *pr;
	yaml_node_t *v;
	size_t total = 0;

	if (n->type != YAML_MAPPING_NODE)
		return 0;
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	    pr++) {
		v = ywalk_node(w, pr->value);
		if (v != NULL)
			total += ywalk_count(v);
	}
	return total;
}

static enum assure_err
top_pair(struct ywalk *w, const char *key, yaml_node_t *k, yaml_node_t *v,
    void *arg)
{
	struct iparse *p = arg;
	struct identity *id = p->id;
	size_t n;

	p->n = 0;
	if (strcmp(key, "aliases") == 0) {
		n = ywalk_count(v);
		id->aliases = ypool_calloc(&id->pool, n, sizeof(*id->aliases));
		if (id->aliases == NULL)
			goto nomem;
		if (ywalk_each_item(w, v, key, IDENTITY_ITEMS_MAX, alias_item,
		    p) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		id->naliases = p->n;
		return ASSURE_OK;
	}
	if (strcmp(key, "service_accounts") == 0 ||
	    strcmp(key, "declared_accounts") == 0) {
		struct identity_account **list;

		p->want_purpose = key[0] == 's';
		list = p->want_purpose ? &id->services : &id->declared;
		n = ywalk_count(v);
		*list = ypool_calloc(&id->pool, n, sizeof(**list));
		if (*list == NULL)
			goto nomem;
		if (ywalk_each_item(w, v, key, IDENTITY_ITEMS_MAX,
		    account_item, p) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		if (p->want_purpose)
			id->nservices = p->n;
		else
			id->ndeclared = p->n;
		return ASSURE_OK;
	}
	if (strcmp(key, "admins") == 0) {
		n = admin_count(w, v);
		if (n > IDENTITY_ITEMS_MAX)
			return ywalk_at(w, v, key, "more than %d admins",
			    IDENTITY_ITEMS_MAX);
		id->admins = ypool_calloc(&id->pool, n, sizeof(*id->admins));
		if (id->admins == NULL)
			goto nomem;
		if (ywalk_each_pair(w, v, key, admin_pair, p) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		id->nadmins = p->n;
		id->has_admins = true;
		return ASSURE_OK;
	}
	if (strcmp(key, "compensating_controls") == 0) {
		n = ywalk_count(v);
		id->compensations = ypool_calloc(&id->pool, n,
		    sizeof(*id->compensations));
		if (id->compensations == NULL)
			goto nomem;
		if (ywalk_each_item(w, v, key, IDENTITY_ITEMS_MAX, comp_item,
		    p) != ASSURE_OK)
			return ASSURE_ERR_PARSE;
		id->ncompensations = p->n;
		return ASSURE_OK;
	}
	return ywalk_unknown_key(w, k, "identity.yaml", "aliases, "
	    "service_accounts, admins, declared_accounts, "
	    "compensating_controls");
nomem:
	return assure_diag_set(w->diag, ASSURE_ERR_NOMEM, w->source, 0, 0,
	    key, "out of memory");
}

enum assure_err
identity_parse(const char *text, size_t len, const char *source,
    struct identity *ret, struct assure_diag *reterr_diag)
{
	struct identity id;
	struct iparse p;
	struct ywalk w;
	yaml_node_t *root;
	enum assure_err rc;

	memset(&id, 0, sizeof(id));
	memset(&p, 0, sizeof(p));
	memset(&w, 0, sizeof(w));
	p.id = &id;
	rc = ywalk_load(&w, text, len, IDENTITY_FILE_MAX, source, reterr_diag,
	    &root);
	if (rc != ASSURE_OK)
		return rc;
	if (root != NULL && !(root->type == YAML_SCALAR_NODE &&
	    ywalk_scalar(root)[0] == '\0'))
		rc = ywalk_each_pair(&w, root, "identity.yaml", top_pair, &p);
	ywalk_doc_free(&w);
	if (rc != ASSURE_OK) {
		ypool_free(&id.pool);
		return rc;
	}
	*ret = id;
	return ASSURE_OK;
}

enum assure_err
identity_load(const char *path, struct identity *ret,
    struct assure_diag *reterr_diag)
{
	struct assure_buf b;
	struct stat st;
	enum assure_err rc;

	if (stat(path, &st) != 0 && errno == ENOENT) {
		memset(ret, 0, sizeof(*ret));
		return ASSURE_OK;
	}
	assure_buf_init(&b, IDENTITY_FILE_MAX);
	rc = assure_file_read(path, &b, reterr_diag);
	if (rc == ASSURE_OK)
		rc = identity_parse(assure_buf_str(&b), b.len, path, ret,
		    reterr_diag);
	assure_buf_free(&b);
	return rc;
}

void
identity_release(struct identity *id)
{
	if (id == NULL)
		return;
	ypool_free(&id->pool);
	memset(id, 0, sizeof(*id));
}

enum assure_err
identity_write_template(const char *dir, struct assure_diag *reterr_diag)
{
	char path[4096];
	struct stat st;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, IDENTITY_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir, 0, 0,
		    NULL, "path too long");
	if (stat(path, &st) == 0)
		return ASSURE_OK;
	return assure_file_create(path, identity_template,
	    sizeof(identity_template) - 1, 0644, reterr_diag);
}

/* ------------------------------------------------------------ look-ups */

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

const char *
identity_alias_of(const struct identity *id, const char *login,
    const char *email)
{
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < id->naliases; i++)
		if (same(id->aliases[i].account, login) ||
		    same(id->aliases[i].account, email))
			return id->aliases[i].person;
	return NULL;
}

static const struct identity_account *
find_account(const struct identity_account *v, size_t n, const char *system,
    const char *tenant, const char *login, const char *email)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!same(v[i].system, system))
			continue;
		if (v[i].tenant != NULL && !same(v[i].tenant, tenant))
			continue;
		if (same(v[i].login, login) || same(v[i].login, email))
			return &v[i];
	}
	return NULL;
}

const struct identity_account *
identity_service(const struct identity *id, const char *system,
    const char *tenant, const char *login, const char *email)
{
	if (id == NULL)
		return NULL;
	return find_account(id->services, id->nservices, system, tenant, login,
	    email);
}

const struct identity_account *
identity_declared(const struct identity *id, const char *system,
    const char *tenant, const char *login, const char *email)
{
	if (id == NULL)
		return NULL;
	return find_account(id->declared, id->ndeclared, system, tenant, login,
	    email);
}

bool
identity_admin_approved(const struct identity *id, const char *system,
    const char *login, const char *email, const char *person_email)
{
	size_t i;

	if (id == NULL)
		return false;
	for (i = 0; i < id->nadmins; i++) {
		if (!same(id->admins[i].system, system))
			continue;
		if (same(id->admins[i].who, login) ||
		    same(id->admins[i].who, email) ||
		    same(id->admins[i].who, person_email))
			return true;
	}
	return false;
}

const struct identity_compensation *
identity_compensation(const struct identity *id, const char *login,
    const char *email, const char *person_email)
{
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < id->ncompensations; i++)
		if (same(id->compensations[i].person, login) ||
		    same(id->compensations[i].person, email) ||
		    same(id->compensations[i].person, person_email))
			return &id->compensations[i];
	return NULL;
}
