/*
 * aws_authz.c: the aws-iam-authorization-details kind: the JSON of `aws
 * iam get-account-authorization-details` (UserDetailList,
 * GroupDetailList, RoleDetailList, Policies).
 *
 * One account per IAM user, emitted at the end of the file (a user's
 * groups and policies may come after it): system "aws", tenant = the
 * 12-digit account from the user's Arn (or --tenant), account_id =
 * UserId, login = UserName, created = CreateDate.
 *
 * Admin: true when the user holds, directly or through a group in its
 * GroupList, the AWS managed policy arn:aws:iam::aws:policy/
 * AdministratorAccess, or any managed or inline policy whose document
 * (the default version, for managed policies listed under Policies) has a
 * statement with Effect "Allow", Action "*" (or "*:*") and Resource "*"
 * (a string or within a list; a Condition does not matter).  Documents
 * are JSON objects or URL-encoded JSON text, as the raw API returns them.
 * False when every policy it holds was judged; absent when a group or a
 * customer managed policy it holds is not in the file (then this file
 * cannot say).  roles lists the groups and policies that make it admin.
 *
 * Kind: service when Path starts with "/service/" or the name starts
 * with "svc-", "svc_" or "service-", or ends with "-svc", "_svc", "-bot"
 * or "-ci"; else human.  MFA, active and status are absent: the
 * credential report (aws-iam-credential-report) says them.  Roles are not
 * accounts and are skipped.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parse/idparse_int.h"

#define AWS_USERS_MAX		200000	/* users in one file */
#define AWS_GROUPS_MAX		50000
#define AWS_POLICIES_MAX	200000
#define AWS_LIST_MAX		(64u * 1024)	/* a user's groups+policies */
#define AWS_ADMIN_ARN		"arn:aws:iam::aws:policy/AdministratorAccess"

enum { PAT_USER, PAT_GROUP, PAT_POLICY, PAT_ROLE };

struct aws_user {
	char		*id;
	char		*name;
	char		*tenant;
	bool		 service;
	bool		 has_created;
	int64_t		 created;
	unsigned long	 line;
	bool		 inline_admin;
	char		*refs;	/* "g:NAME\np:ARN\n"... */
};

struct aws_group {
	char		*name;
	bool		 inline_admin;
	char		*refs;	/* "p:ARN\n"... */
};

struct aws_policy {
	char		*arn;
	bool		 admin;
};

struct aws_state {
	struct aws_user		*u;
	size_t			 nu, capu;
	struct aws_group	*g;
	size_t			 ng, capg;
	struct aws_policy	*pol;
	size_t			 np, capp;
};

static enum assure_err
aws_init(struct id_parser *p)
{
	p->state = calloc(1, sizeof(struct aws_state));
	return p->state == NULL ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

static void
aws_release(struct id_parser *p)
{
	struct aws_state *s = p->state;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nu; i++) {
		free(s->u[i].id);
		free(s->u[i].name);
		free(s->u[i].tenant);
		free(s->u[i].refs);
	}
	for (i = 0; i < s->ng; i++) {
		free(s->g[i].name);
		free(s->g[i].refs);
	}
	for (i = 0; i < s->np; i++)
		free(s->pol[i].arn);
	free(s->u);
	free(s->g);
	free(s->pol);
	free(s);
	p->state = NULL;
}

/* Make room for one more element of size sz in *v (n used, *cap). */
static bool
grow(void **v, size_t n, size_t *cap, size_t sz)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return true;
	ncap = *cap == 0 ? 64 : *cap * 2;
	nv = reallocarray(*v, ncap, sz);
	if (nv == NULL)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

/* ------------------------------------------------------------------ */
/* Policy documents */

struct stmt_eval {
	bool	allow;
	bool	action_star;
	bool	resource_star;
	bool	admin;		/* some statement so far */
};

static void
stmt_end(struct stmt_eval *e)
{
	if (e->allow && e->action_star && e->resource_star)
		e->admin = true;
	e->allow = e->action_star = e->resource_star = false;
}

/*
 * Judge the statements among f[0..n) whose paths start with pfx (""
 * or "X.PolicyDocument."): true when one allows "*" on "*".
 */
static bool
doc_admin(const struct jfield *f, size_t n, const char *pfx)
{
	struct stmt_eval e;
	size_t i, pl = strlen(pfx);
	const char *rest, *name;
	long cur = -2, k;
	char *end;

	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		if (strncmp(f[i].path, pfx, pl) != 0 ||
		    strncmp(f[i].path + pl, "Statement", 9) != 0)
			continue;
		rest = f[i].path + pl + 9;
		if (*rest == '.' && isdigit((unsigned char)rest[1])) {
			k = strtol(rest + 1, &end, 10);
			rest = end;
		} else
			k = -1;
		if (*rest != '\0' && *rest != '.')
			continue;
		if (k != cur) {
			stmt_end(&e);
			cur = k;
		}
		if (*rest == '\0' || f[i].type != JT_STRING)
			continue;
		name = rest + 1;
		if (strcmp(name, "Effect") == 0)
			e.allow = strcmp(f[i].val, "Allow") == 0;
		else if (strcmp(name, "Action") == 0 ||
		    (strncmp(name, "Action.", 7) == 0 &&
		    strchr(name + 7, '.') == NULL)) {
			if (strcmp(f[i].val, "*") == 0 ||
			    strcmp(f[i].val, "*:*") == 0)
				e.action_star = true;
		} else if (strcmp(name, "Resource") == 0 ||
		    (strncmp(name, "Resource.", 9) == 0 &&
		    strchr(name + 9, '.') == NULL)) {
			if (strcmp(f[i].val, "*") == 0)
				e.resource_star = true;
		}
	}
	stmt_end(&e);
	return e.admin;
}

static enum assure_err
text_doc_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	bool *ret = arg;

	*ret = doc_admin(r->f, r->n, "");
	return ASSURE_OK;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Whether the policy document at field f of r is admin: a JSON object in
 * place, or URL-encoded (or plain) JSON text.
 */
static enum assure_err
policy_admin(struct jstream *js, const struct jrec *r, const struct jfield *f,
    bool *ret, struct assure_diag *d)
{
	char pfx[JSTREAM_PATH_MAX + 2];
	struct assure_buf b;
	struct assure_diag sub;
	size_t i;
	int hi, lo;
	enum assure_err rc;

	*ret = false;
	if (f->type == JT_MAP) {
		snprintf(pfx, sizeof(pfx), "%s.", f->path);
		*ret = doc_admin(r->f, r->n, pfx);
		return ASSURE_OK;
	}
	if (f->type != JT_STRING)
		return jstream_error(js, r, f, d, ASSURE_ERR_PARSE,
		    "expected a policy document, got '%.40s'",
		    f->val != NULL ? f->val : "an array");
	assure_buf_init(&b, JSTREAM_RECORD_MAX);
	for (i = 0; i < f->len; i++) {
		hi = lo = -1;
		if (f->val[i] == '%' && i + 2 < f->len) {
			hi = hexval((unsigned char)f->val[i + 1]);
			lo = hexval((unsigned char)f->val[i + 2]);
		}
		if (hi >= 0 && lo >= 0) {
			assure_buf_addc(&b, (char)(hi * 16 + lo));
			i += 2;
		} else
			assure_buf_addc(&b, f->val[i]);
	}
	rc = assure_buf_err(&b);
	if (rc != ASSURE_OK) {
		rc = jstream_error(js, r, f, d, rc, "out of memory");
		goto out;
	}
	assure_diag_clear(&sub);
	rc = jstream_parse_text(f->path, b.data != NULL ? b.data : "", b.len,
	    text_doc_record, ret, &sub);
	if (rc != ASSURE_OK)
		rc = jstream_error(js, r, f, d, rc, "expected a policy "
		    "document, got invalid JSON (%lu:%lu: %s)", sub.line,
		    sub.column, sub.msg);
out:
	assure_buf_free(&b);
	return rc;
}

/*
 * Inline policies under list (UserPolicyList, GroupPolicyList): true
 * when one is admin.
 */
static enum assure_err
inline_admin(struct jstream *js, const struct jrec *r, const char *list,
    bool *ret, struct assure_diag *d)
{
	size_t i, ll = strlen(list);
	const char *rest;
	bool a;
	enum assure_err rc;

	*ret = false;
	for (i = 0; i < r->n; i++) {
		if (strncmp(r->f[i].path, list, ll) != 0 ||
		    r->f[i].path[ll] != '.')
			continue;
		rest = r->f[i].path + ll + 1;
		rest += strspn(rest, "0123456789");
		if (strcmp(rest, ".PolicyDocument") != 0)
			continue;
		rc = policy_admin(js, r, &r->f[i], &a, d);
		if (rc != ASSURE_OK)
			return rc;
		if (a)
			*ret = true;
	}
	return ASSURE_OK;
}

/* Collect "tag:value\n" for every string at list.N[.key] into *ret. */
static enum assure_err
collect_refs(struct jstream *js, const struct jrec *r, struct assure_buf *b,
    const char *list, const char *key, char tag, struct assure_diag *d)
{
	size_t i, ll = strlen(list);
	const char *rest;

	for (i = 0; i < r->n; i++) {
		if (strncmp(r->f[i].path, list, ll) != 0 ||
		    r->f[i].path[ll] != '.' || r->f[i].type != JT_STRING)
			continue;
		rest = r->f[i].path + ll + 1;
		rest += strspn(rest, "0123456789");
		if (key == NULL ? *rest != '\0' : (*rest != '.' ||
		    strcmp(rest + 1, key) != 0))
			continue;
		assure_buf_addc(b, tag);
		assure_buf_addc(b, ':');
		assure_buf_add(b, r->f[i].val, strcspn(r->f[i].val, "\n"));
		assure_buf_addc(b, '\n');
	}
	if (assure_buf_err(b) != ASSURE_OK)
		return jstream_limit(js, r, NULL, d, assure_buf_err(b),
		    "expected groups and policies of at most %u bytes",
		    AWS_LIST_MAX);
	return ASSURE_OK;
}

static bool
is_service(const char *path, const char *name)
{
	static const char *const pre[] = { "svc-", "svc_", "service-", NULL };
	static const char *const suf[] = { "-svc", "_svc", "-bot", "-ci",
	    NULL };
	size_t i, n = strlen(name), k;

	if (path != NULL && strncmp(path, "/service/", 9) == 0)
		return true;
	for (i = 0; pre[i] != NULL; i++)
		if (strncasecmp(name, pre[i], strlen(pre[i])) == 0)
			return true;
	for (i = 0; suf[i] != NULL; i++) {
		k = strlen(suf[i]);
		if (n >= k && strcasecmp(name + n - k, suf[i]) == 0)
			return true;
	}
	return false;
}

/* The 12-digit account of an IAM ARN, into out[13]. */
static bool
arn_account(const char *arn, char *out)
{
	const char *s = arn;
	int i;

	for (i = 0; i < 4 && s != NULL; i++) {
		s = strchr(s, ':');
		if (s != NULL)
			s++;
	}
	if (s == NULL || strncmp(arn, "arn:", 4) != 0)
		return false;
	for (i = 0; i < 12; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	if (s[12] != ':')
		return false;
	memcpy(out, s, 12);
	out[12] = '\0';
	return true;
}

static enum assure_err
user_rec(struct id_parser *p, struct jstream *js, const struct jrec *r,
    struct assure_diag *d)
{
	struct aws_state *s = p->state;
	struct aws_user *u;
	struct assure_buf refs;
	const char *id, *name, *arn, *path;
	char acct[13];
	struct opt_time created;
	bool adm;
	enum assure_err rc;

	rc = id_json_req(js, r, "UserId", &id, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "UserName", &name, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "Arn", &arn, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "Path", &path, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "CreateDate", false, &created, NULL,
		    d);
	if (rc == ASSURE_OK)
		rc = inline_admin(js, r, "UserPolicyList", &adm, d);
	if (rc != ASSURE_OK)
		return rc;
	if (!arn_account(arn, acct))
		return jstream_error(js, r, jrec_get(r, "Arn"), d,
		    ASSURE_ERR_PARSE, "expected an IAM user ARN "
		    "(arn:aws:iam::123456789012:user/...), got '%.40s'", arn);
	if (s->nu >= AWS_USERS_MAX)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_LIMIT,
		    "more than %d users", AWS_USERS_MAX);
	assure_buf_init(&refs, AWS_LIST_MAX);
	rc = collect_refs(js, r, &refs, "GroupList", NULL, 'g', d);
	if (rc == ASSURE_OK)
		rc = collect_refs(js, r, &refs, "AttachedManagedPolicies",
		    "PolicyArn", 'p', d);
	if (rc != ASSURE_OK)
		goto out;
	if (!grow((void **)&s->u, s->nu, &s->capu, sizeof(*s->u)))
		goto nomem;
	u = &s->u[s->nu];
	memset(u, 0, sizeof(*u));
	u->id = strdup(id);
	u->name = strdup(name);
	u->tenant = strdup(p->o->tenant != NULL ? p->o->tenant : acct);
	u->refs = assure_buf_detach(&refs, NULL);
	s->nu++;
	if (u->id == NULL || u->name == NULL || u->tenant == NULL ||
	    u->refs == NULL)
		goto nomem;
	u->service = is_service(path, name);
	u->has_created = created.has;
	u->created = created.t;
	u->line = r->line;
	u->inline_admin = adm;
	goto out;
nomem:
	rc = jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM, "out of memory");
out:
	assure_buf_free(&refs);
	return rc;
}

static enum assure_err
group_rec(struct id_parser *p, struct jstream *js, const struct jrec *r,
    struct assure_diag *d)
{
	struct aws_state *s = p->state;
	struct aws_group *g;
	struct assure_buf refs;
	const char *name;
	bool adm;
	enum assure_err rc;

	rc = id_json_req(js, r, "GroupName", &name, d);
	if (rc == ASSURE_OK)
		rc = inline_admin(js, r, "GroupPolicyList", &adm, d);
	if (rc != ASSURE_OK)
		return rc;
	if (s->ng >= AWS_GROUPS_MAX)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_LIMIT,
		    "more than %d groups", AWS_GROUPS_MAX);
	assure_buf_init(&refs, AWS_LIST_MAX);
	rc = collect_refs(js, r, &refs, "AttachedManagedPolicies",
	    "PolicyArn", 'p', d);
	if (rc != ASSURE_OK)
		goto out;
	if (!grow((void **)&s->g, s->ng, &s->capg, sizeof(*s->g)))
		goto nomem;
	g = &s->g[s->ng];
	memset(g, 0, sizeof(*g));
	g->name = strdup(name);
	g->refs = assure_buf_detach(&refs, NULL);
	s->ng++;
	if (g->name == NULL || g->refs == NULL)
		goto nomem;
	g->inline_admin = adm;
	goto out;
nomem:
	rc = jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM, "out of memory");
out:
	assure_buf_free(&refs);
	return rc;
}

static enum assure_err
policy_rec(struct id_parser *p, struct jstream *js, const struct jrec *r,
    struct assure_diag *d)
{
	struct aws_state *s = p->state;
	const char *arn, *defv, *rest, *vid;
	char key[JSTREAM_PATH_MAX + 32];
	bool adm = false, a, isdef;
	size_t i;
	enum assure_err rc;

	rc = id_json_req(js, r, "Arn", &arn, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "DefaultVersionId", &defv, d);
	if (rc != ASSURE_OK)
		return rc;
	for (i = 0; i < r->n; i++) {
		if (strncmp(r->f[i].path, "PolicyVersionList.", 18) != 0)
			continue;
		rest = r->f[i].path + 18;
		rest += strspn(rest, "0123456789");
		if (strcmp(rest, ".Document") != 0)
			continue;
		snprintf(key, sizeof(key), "%.*s.IsDefaultVersion",
		    (int)(rest - r->f[i].path), r->f[i].path);
		isdef = jrec_get(r, key) != NULL &&
		    jrec_get(r, key)->type == JT_BOOL &&
		    strcmp(jrec_get(r, key)->val, "true") == 0;
		snprintf(key, sizeof(key), "%.*s.VersionId",
		    (int)(rest - r->f[i].path), r->f[i].path);
		vid = jrec_str(r, key);
		if (!isdef && (defv == NULL || vid == NULL ||
		    strcmp(defv, vid) != 0))
			continue;
		rc = policy_admin(js, r, &r->f[i], &a, d);
		if (rc != ASSURE_OK)
			return rc;
		if (a)
			adm = true;
	}
	if (s->np >= AWS_POLICIES_MAX)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_LIMIT,
		    "more than %d policies", AWS_POLICIES_MAX);
	if (!grow((void **)&s->pol, s->np, &s->capp, sizeof(*s->pol)))
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	s->pol[s->np].arn = strdup(arn);
	if (s->pol[s->np].arn == NULL)
		return jstream_error(js, r, NULL, d, ASSURE_ERR_NOMEM,
		    "out of memory");
	s->pol[s->np++].admin = adm;
	return ASSURE_OK;
}

static enum assure_err
aws_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;

	switch (r->pattern) {
	case PAT_USER:
		return user_rec(p, js, r, d);
	case PAT_GROUP:
		return group_rec(p, js, r, d);
	case PAT_POLICY:
		return policy_rec(p, js, r, d);
	default:
		return ASSURE_OK;	/* roles are not accounts */
	}
}

/* Judge policy arn: 1 admin, 0 not, -1 not in the file. */
static int
arn_admin(const struct aws_state *s, const char *arn, size_t len)
{
	size_t i;

	for (i = 0; i < s->np; i++)
		if (strlen(s->pol[i].arn) == len &&
		    memcmp(s->pol[i].arn, arn, len) == 0)
			return s->pol[i].admin ? 1 : 0;
	if (len == strlen(AWS_ADMIN_ARN) && memcmp(arn, AWS_ADMIN_ARN, len) ==
	    0)
		return 1;
	if (len > 24 && memcmp(arn, "arn:aws:iam::aws:policy/", 24) == 0)
		return 0;	/* other AWS managed policies */
	return -1;
}

/*
 * Walk refs ("g:NAME\n" or "p:ARN\n" lines): sets *admin and *unknown and
 * appends the admin sources to roles.
 */
static void
judge_refs(const struct aws_state *s, const char *refs, bool *admin,
    bool *unknown, struct assure_buf *roles)
{
	const char *l, *nl;
	size_t len, i;
	int a;

	for (l = refs; *l != '\0'; l = nl + 1) {
		nl = strchr(l, '\n');
		if (nl == NULL)
			break;
		len = (size_t)(nl - l) - 2;
		if (l[0] == 'p') {
			a = arn_admin(s, l + 2, len);
			if (a < 0)
				*unknown = true;
			if (a > 0) {
				*admin = true;
				if (roles->len > 0)
					assure_buf_addc(roles, ',');
				assure_buf_add(roles, l + 2, len);
			}
			continue;
		}
		for (i = 0; i < s->ng; i++)
			if (strlen(s->g[i].name) == len &&
			    memcmp(s->g[i].name, l + 2, len) == 0)
				break;
		if (i == s->ng) {
			*unknown = true;
			continue;
		}
		{
			bool ga = s->g[i].inline_admin, gu = false;
			struct assure_buf tmp;

			assure_buf_init(&tmp, AWS_LIST_MAX);
			judge_refs(s, s->g[i].refs, &ga, &gu, &tmp);
			assure_buf_free(&tmp);
			if (gu)
				*unknown = true;
			if (ga) {
				*admin = true;
				if (roles->len > 0)
					assure_buf_addc(roles, ',');
				assure_buf_adds(roles, "group:");
				assure_buf_add(roles, l + 2, len);
			}
		}
	}
}

static enum assure_err
aws_finish(struct id_parser *p, struct assure_diag *d)
{
	struct aws_state *s = p->state;
	struct id_account a;
	struct assure_buf roles;
	struct jrec env;
	bool admin, unknown;
	size_t i;
	enum assure_err rc = ASSURE_OK;

	jstream_envelope(p->js, &env);
	if (jrec_get(&env, "UserDetailList") == NULL)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, "UserDetailList", "expected "
		    "the output of get-account-authorization-details, got no "
		    "UserDetailList");
	for (i = 0; i < s->nu && rc == ASSURE_OK; i++) {
		struct aws_user *u = &s->u[i];

		admin = u->inline_admin;
		unknown = false;
		assure_buf_init(&roles, AWS_LIST_MAX);
		if (admin)
			assure_buf_adds(&roles, "inline");
		judge_refs(s, u->refs, &admin, &unknown, &roles);
		memset(&a, 0, sizeof(a));
		a.line = u->line;
		a.index = i;
		a.system = "aws";
		a.tenant = u->tenant;
		a.account_id = u->id;
		a.login = u->name;
		a.kind = u->service ? ID_KIND_SERVICE : ID_KIND_HUMAN;
		a.admin = admin ? TRI_TRUE : unknown ? TRI_ABSENT : TRI_FALSE;
		a.created.has = u->has_created;
		a.created.t = u->created;
		if (admin && assure_buf_err(&roles) == ASSURE_OK)
			a.roles = assure_buf_str(&roles);
		if (admin && assure_buf_err(&roles) == ASSURE_ERR_NOMEM)
			rc = assure_diag_set(d, ASSURE_ERR_NOMEM,
			    jstream_source(p->js), a.line, 0, "roles",
			    "out of memory");
		else
			rc = id_emit_account(p, &a, d);
		assure_buf_free(&roles);
	}
	return rc;
}

static const char *const aws_patterns[] = {
	[PAT_USER] = "UserDetailList[]",
	[PAT_GROUP] = "GroupDetailList[]",
	[PAT_POLICY] = "Policies[]",
	[PAT_ROLE] = "RoleDetailList[]",
	NULL,
};

const struct id_json_vendor id_vendor_aws_authz = {
	.patterns = aws_patterns,
	.init = aws_init,
	.record = aws_record,
	.finish = aws_finish,
	.release = aws_release,
};
