/*
 * aws.c: the AWS IAM collector (see aws.h and docs/COLLECT.md).
 *
 * IAM's Query API answers XML (libxml2 reads it, without the network and
 * without entities).  Each answer kept is stored as it came, a document
 * page; what the parsers read is derived from it: the credential
 * report's decoded CSV, and the authorization details converted to the
 * AWS CLI's JSON (xml_json() below).  The keys live in guarded memory
 * (secret.h), the signing in sigv4.c; no message carries a key or a
 * signature.
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "collect/aws.h"
#include "collect/run.h"
#include "collect/sigv4.h"
#include "common/base64.h"
#include "common/buf.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

/* The four lists of GetAccountAuthorizationDetails, in the CLI's order. */
static const char *const authz_lists[] = { "UserDetailList",
    "GroupDetailList", "RoleDetailList", "Policies" };
#define AUTHZ_NLISTS	4

struct aw {
	struct workspace		*ws;
	const struct aws_target		*t;
	struct run			 run;
	const struct http_opts		*hopts;
	const struct collect_progress	*progress;
	struct secret			 key_id, secret_key, session;
	struct sigv4_creds		 creds;
	const char			*region;
	char				 base[HTTP_URL_MAX];
	char				 host[256];
	char				 path[1024];
	int64_t				 as_of;
	bool				 failed;
	char				 why[RUN_NOTE_MAX];
};

/* The run's remarks for people (collect.h). */
#define note(x, ...)	collect_note((x)->progress, __VA_ARGS__)

/* Why the run stops, the first reason winning (collect.h). */
#define stop(x, rc, d)	collect_stop(&(x)->failed, (x)->why, \
			    sizeof((x)->why), (rc), (d))

/* The first element named name at or under n, depth first. */
static xmlNode *
xml_find(xmlNode *n, const char *name)
{
	xmlNode *c, *f;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return n;
		for (c = n->children; c != NULL; c = c->next)
			if ((f = xml_find(c, name)) != NULL)
				return f;
	}
	return NULL;
}

/* The text of the first element name under doc, into out ("" when
 * none). */
static void
xml_text(xmlDoc *doc, const char *name, char *out, size_t size)
{
	xmlNode *n = doc != NULL ? xml_find(xmlDocGetRootElement(doc), name) :
	    NULL;
	xmlChar *t;

	out[0] = '\0';
	if (n == NULL || (t = xmlNodeGetContent(n)) == NULL)
		return;
	assure_strlcpy(out, (const char *)t, size);
	xmlFree(t);
}

static xmlDoc *
xml_read(const struct http_response *r)
{
	if (r->body.data == NULL || r->body.len == 0 ||
	    r->body.len > (size_t)INT32_MAX)
		return NULL;
	return xmlReadMemory(r->body.data, (int)r->body.len, "aws.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* An element with no element children that is an (empty) list. */
static bool
list_name(const char *n)
{
	size_t l = strlen(n);

	return (l > 4 && strcmp(n + l - 4, "List") == 0) ||
	    strcmp(n, "AttachedManagedPolicies") == 0 ||
	    strcmp(n, "Policies") == 0 || strcmp(n, "Tags") == 0 ||
	    strcmp(n, "Roles") == 0;
}

/*
 * n as the AWS CLI writes it: an element whose children are all
 * <member> is an array of them, one with other children an object, one
 * without an empty list (by its name) or a string; an Is* flag of "true"
 * or "false" is a JSON boolean.  Text is kept as sent (the policy
 * documents stay URL-encoded; the parser decodes them).
 */
static void
xml_json(xmlNode *n, struct assure_buf *out)
{
	xmlNode *c;
	xmlChar *t;
	bool any = false, members = true, first = true;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			any = true;
			if (strcmp((const char *)c->name, "member") != 0)
				members = false;
		}
	if (!any) {
		if (list_name((const char *)n->name)) {
			assure_buf_adds(out, "[]");
			return;
		}
		t = xmlNodeGetContent(n);
		if (strncmp((const char *)n->name, "Is", 2) == 0 && t != NULL &&
		    (strcmp((const char *)t, "true") == 0 ||
		    strcmp((const char *)t, "false") == 0))
			assure_buf_adds(out, (const char *)t);
		else {
			assure_buf_addc(out, '"');
			if (t != NULL)
				jsonw_escape(out, (const char *)t,
				    strlen((const char *)t));
			assure_buf_addc(out, '"');
		}
		xmlFree(t);
		return;
	}
	assure_buf_addc(out, members ? '[' : '{');
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!first)
			assure_buf_addc(out, ',');
		first = false;
		if (!members) {
			assure_buf_addc(out, '"');
			jsonw_escape(out, (const char *)c->name,
			    strlen((const char *)c->name));
			assure_buf_adds(out, "\":");
		}
		xml_json(c, out);
	}
	assure_buf_addc(out, members ? ']' : '}');
}

/* IAM's <Error><Code> and <Message> of an error body, for the note. */
static void
error_message(const struct http_response *r, char *out, size_t size)
{
	xmlDoc *doc = xml_read(r);
	char code[128], msg[256];

	out[0] = '\0';
	if (doc == NULL)
		return;
	xml_text(doc, "Code", code, sizeof(code));
	xml_text(doc, "Message", msg, sizeof(msg));
	if (code[0] != '\0' || msg[0] != '\0')
		snprintf(out, size, ": %s%s%s", code, code[0] != '\0' &&
		    msg[0] != '\0' ? ": " : "", msg);
	xmlFreeDoc(doc);
}

/*
 * GET BASE/?query, signed, into resp (and its URL into url).  Any status
 * but 200, or a transfer error, ends the run: stop() records why.
 */
static enum assure_err
aws_get(struct aw *a, const char *query, char *url, size_t size,
    struct http_response *resp)
{
	struct sigv4_request r;
	struct sigv4_signed sg;
	struct http_request req;
	struct assure_diag d;
	const char *hdr[5];
	char u[HTTP_URL_MAX], msg[512];
	size_t i;
	int w;
	enum assure_err rc;

	w = snprintf(url, size, "%s%s?%s", a->base, a->path, query);
	http_url_for_message(url, u, sizeof(u));
	if (w < 0 || (size_t)w >= size) {
		assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
		    "a request URL is longer than %d bytes", HTTP_URL_MAX);
		return stop(a, ASSURE_ERR_LIMIT, &d);
	}
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.host = a->host;
	r.path = a->path;
	r.query = query;
	r.region = a->region;
	r.service = "iam";
	r.now = assure_now();
	assure_diag_clear(&d);
	rc = sigv4_sign(&a->creds, &r, &sg, &d);
	if (rc != ASSURE_OK) {
		sigv4_signed_free(&sg);
		return stop(a, rc, &d);
	}
	for (i = 0; i < 3 && sg.lines[i] != NULL; i++)
		hdr[i] = sg.lines[i];
	hdr[i] = NULL;
	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.url = url;
	req.headers = hdr;
	rc = http_do(a->hopts, &req, resp, &d);
	sigv4_signed_free(&sg);
	if (rc != ASSURE_OK)
		return stop(a, rc, &d);
	if (resp->status == 401 || resp->status == 403) {
		error_message(resp, msg, sizeof(msg));
		assure_diag_set(&d, ASSURE_ERR_PERM, u, 0, 0, NULL, "the keys "
		    "were refused (HTTP %u%s): assure secret set "
		    AWS_KEY_ID_SECRET " and " AWS_SECRET_KEY_SECRET,
		    resp->status, msg);
		return stop(a, ASSURE_ERR_PERM, &d);
	}
	if (resp->status != 200) {
		error_message(resp, msg, sizeof(msg));
		rc = resp->status == 404 || resp->status == 410 ?
		    ASSURE_ERR_NOTFOUND : ASSURE_ERR_IO;
		assure_diag_set(&d, rc, u, 0, 0, NULL, "GET answered HTTP "
		    "%u%s", resp->status, msg);
		return stop(a, rc, &d);
	}
	return ASSURE_OK;
}

/* Keep data as kind, a page of the run. */
static enum assure_err
keep(struct aw *a, const char *kind, const char *url, const void *data,
    size_t len)
{
	struct run_page p;
	struct assure_diag d;
	char u[HTTP_URL_MAX];
	size_t records = 0;
	enum assure_err rc;

	http_url_for_message(url, u, sizeof(u));
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.url = url;
	p.data = data != NULL ? data : "";
	p.len = len;
	p.as_of = a->as_of;
	assure_diag_clear(&d);
	rc = run_page(&a->run, &p, &records, &d);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(&d, u);
		return stop(a, rc, &d);
	}
	if (a->progress != NULL && a->progress->page != NULL)
		a->progress->page(a->progress->arg, kind, u, records);
	return ASSURE_OK;
}

static void
wait_s(struct aw *a, long s)
{
	if (a->hopts != NULL && a->hopts->sleep_fn != NULL)
		a->hopts->sleep_fn(a->hopts->arg, s);
	else
		sleep((unsigned)s);
}

/* GenerateCredentialReport until COMPLETE, then GetCredentialReport. */
static enum assure_err
collect_report(struct aw *a, unsigned poll_max)
{
	struct http_response resp;
	struct assure_diag d;
	struct assure_base64_dec dec;
	unsigned char *csv;
	xmlDoc *doc = NULL;
	xmlNode *content;
	xmlChar *b64 = NULL;
	char url[HTTP_URL_MAX], u[HTTP_URL_MAX], state[64], fmt[64];
	unsigned i;
	long wait = 1;
	size_t n, tail, clen = 0;
	enum assure_err rc = ASSURE_OK;

	http_response_init(&resp);
	for (i = 0; ; i++) {
		rc = aws_get(a, "Action=GenerateCredentialReport&Version="
		    AWS_IAM_VERSION, url, sizeof(url), &resp);
		if (rc != ASSURE_OK)
			goto out;
		http_url_for_message(url, u, sizeof(u));
		doc = xml_read(&resp);
		xml_text(doc, "State", state, sizeof(state));
		xmlFreeDoc(doc);
		doc = NULL;
		if (strcmp(state, "COMPLETE") == 0)
			break;
		if (strcmp(state, "STARTED") != 0 &&
		    strcmp(state, "INPROGRESS") != 0) {
			assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, "State",
			    "expected COMPLETE, STARTED or INPROGRESS, got "
			    "'%.40s'", state);
			rc = stop(a, ASSURE_ERR_PARSE, &d);
			goto out;
		}
		if (i + 1 >= poll_max) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, u, 0, 0, NULL,
			    "the credential report was still %s after %u "
			    "tries", state, poll_max);
			rc = stop(a, ASSURE_ERR_LIMIT, &d);
			goto out;
		}
		note(a, "%s: the credential report is %s, waiting %ld s", u,
		    state, wait);
		wait_s(a, wait);
		wait = wait * 2 > AWS_POLL_WAIT_MAX ? AWS_POLL_WAIT_MAX :
		    wait * 2;
	}
	rc = aws_get(a, "Action=GetCredentialReport&Version=" AWS_IAM_VERSION,
	    url, sizeof(url), &resp);
	if (rc != ASSURE_OK)
		goto out;
	http_url_for_message(url, u, sizeof(u));
	/* The answer as it came, then the report inside it. */
	rc = keep(a, "document", url, resp.body.data, resp.body.len);
	if (rc != ASSURE_OK)
		goto out;
	doc = xml_read(&resp);
	content = doc != NULL ? xml_find(xmlDocGetRootElement(doc),
	    "Content") : NULL;
	xml_text(doc, "ReportFormat", fmt, sizeof(fmt));
	if (content == NULL || (b64 = xmlNodeGetContent(content)) == NULL ||
	    (fmt[0] != '\0' && strcmp(fmt, "text/csv") != 0)) {
		assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, "Content",
		    "expected GetCredentialReport's Content in text/csv");
		rc = stop(a, ASSURE_ERR_PARSE, &d);
		goto out;
	}
	n = strlen((const char *)b64);
	csv = malloc(assure_base64_decoded_max(n) + 3);
	if (csv == NULL) {
		assure_diag_set(&d, ASSURE_ERR_NOMEM, u, 0, 0, NULL,
		    "out of memory");
		rc = stop(a, ASSURE_ERR_NOMEM, &d);
		goto out;
	}
	assure_base64_dec_init(&dec);
	rc = assure_base64_dec_update(&dec, b64, n, csv, &clen);
	if (rc == ASSURE_OK) {
		rc = assure_base64_dec_final(&dec, csv + clen, &tail);
		clen += tail;
	}
	if (rc != ASSURE_OK) {
		free(csv);
		assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, "Content",
		    "expected base64 text");
		rc = stop(a, ASSURE_ERR_PARSE, &d);
		goto out;
	}
	rc = keep(a, "aws-iam-credential-report", url, csv, clen);
	free(csv);
out:
	xmlFree(b64);
	xmlFreeDoc(doc);
	http_response_free(&resp);
	return rc;
}

/* Every page of GetAccountAuthorizationDetails, kept, then converted. */
static enum assure_err
collect_authz(struct aw *a)
{
	struct http_response resp;
	struct assure_diag d;
	struct assure_buf lists[AUTHZ_NLISTS], json, q;
	xmlDoc *doc = NULL;
	xmlNode *res, *l, *m;
	char url[HTTP_URL_MAX], u[HTTP_URL_MAX], trunc[16];
	char *marker = NULL, *esc;
	size_t i, pages = 0;
	enum assure_err rc = ASSURE_OK;

	for (i = 0; i < AUTHZ_NLISTS; i++)
		assure_buf_init(&lists[i], ASSURE_BUF_DEFAULT_MAX);
	assure_buf_init(&q, HTTP_URL_MAX);
	http_response_init(&resp);
	for (;;) {
		assure_buf_reset(&q);
		assure_buf_adds(&q, "Action=GetAccountAuthorizationDetails&"
		    "MaxItems=1000&Version=" AWS_IAM_VERSION);
		if (marker != NULL) {
			esc = curl_easy_escape(NULL, marker, 0);
			if (esc == NULL) {
				rc = ASSURE_ERR_NOMEM;
				break;
			}
			assure_buf_printf(&q, "&Marker=%s", esc);
			curl_free(esc);
		}
		if (assure_buf_err(&q) != ASSURE_OK) {
			rc = ASSURE_ERR_NOMEM;
			break;
		}
		if (++pages > AWS_PAGES_MAX) {
			assure_diag_set(&d, ASSURE_ERR_LIMIT, a->base, 0, 0,
			    NULL, "more than %d pages", AWS_PAGES_MAX);
			rc = stop(a, ASSURE_ERR_LIMIT, &d);
			break;
		}
		rc = aws_get(a, assure_buf_str(&q), url, sizeof(url), &resp);
		if (rc != ASSURE_OK)
			break;
		http_url_for_message(url, u, sizeof(u));
		rc = keep(a, "document", url, resp.body.data, resp.body.len);
		if (rc != ASSURE_OK)
			break;
		doc = xml_read(&resp);
		res = doc != NULL ? xml_find(xmlDocGetRootElement(doc),
		    "GetAccountAuthorizationDetailsResult") : NULL;
		if (res == NULL) {
			assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0, NULL,
			    "expected GetAccountAuthorizationDetailsResult");
			rc = stop(a, ASSURE_ERR_PARSE, &d);
			break;
		}
		for (l = res->children; l != NULL; l = l->next)
			for (i = 0; l->type == XML_ELEMENT_NODE &&
			    i < AUTHZ_NLISTS; i++) {
				if (strcmp((const char *)l->name,
				    authz_lists[i]) != 0)
					continue;
				for (m = l->children; m != NULL; m = m->next) {
					if (m->type != XML_ELEMENT_NODE)
						continue;
					if (lists[i].len > 0)
						assure_buf_addc(&lists[i],
						    ',');
					xml_json(m, &lists[i]);
				}
			}
		xml_text(doc, "IsTruncated", trunc, sizeof(trunc));
		free(marker);
		marker = NULL;
		if (strcmp(trunc, "true") == 0) {
			m = xml_find(res->children, "Marker");
			if (m != NULL) {
				xmlChar *t = xmlNodeGetContent(m);

				marker = t != NULL && t[0] != '\0' ?
				    strdup((const char *)t) : NULL;
				xmlFree(t);
			}
			if (marker == NULL) {
				assure_diag_set(&d, ASSURE_ERR_PARSE, u, 0, 0,
				    "Marker", "IsTruncated is true but there "
				    "is no Marker");
				rc = stop(a, ASSURE_ERR_PARSE, &d);
				break;
			}
		}
		xmlFreeDoc(doc);
		doc = NULL;
		if (marker == NULL)
			break;
	}
	xmlFreeDoc(doc);
	free(marker);
	if (rc == ASSURE_ERR_NOMEM && !a->failed) {
		assure_diag_set(&d, rc, a->base, 0, 0, NULL, "out of memory");
		stop(a, rc, &d);
	}
	if (rc == ASSURE_OK) {
		/* The pages joined, in the CLI's shape. */
		assure_buf_init(&json, ASSURE_BUF_DEFAULT_MAX);
		assure_buf_addc(&json, '{');
		for (i = 0; i < AUTHZ_NLISTS; i++)
			assure_buf_printf(&json, "%s\"%s\":[%s]", i > 0 ?
			    "," : "", authz_lists[i],
			    assure_buf_str(&lists[i]));
		assure_buf_adds(&json, "}\n");
		rc = assure_buf_err(&json);
		for (i = 0; rc == ASSURE_OK && i < AUTHZ_NLISTS; i++)
			rc = assure_buf_err(&lists[i]);
		if (rc != ASSURE_OK) {
			assure_diag_set(&d, rc, a->base, 0, 0, NULL,
			    "out of memory");
			rc = stop(a, rc, &d);
		} else
			rc = keep(a, "aws-iam-authorization-details", url,
			    json.data, json.len);
		assure_buf_free(&json);
	}
	for (i = 0; i < AUTHZ_NLISTS; i++)
		assure_buf_free(&lists[i]);
	assure_buf_free(&q);
	http_response_free(&resp);
	return rc;
}

/* The base URL's host[:port] and path ("/" or "/PATH/"). */
static enum assure_err
split_base(struct aw *a, struct assure_diag *d)
{
	const char *h = strstr(a->base, "://") + 3;
	size_t hl = strcspn(h, "/?#");

	if (hl == 0 || hl >= sizeof(a->host) || h[hl] == '?' ||
	    h[hl] == '#' || strchr(h, '@') != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, a->base, 0, 0,
		    "base-url", "expected http(s)://HOST[:PORT][/PATH]");
	memcpy(a->host, h, hl);
	a->host[hl] = '\0';
	snprintf(a->path, sizeof(a->path), "%s/", h + hl);
	a->base[h - a->base + hl] = '\0';
	return ASSURE_OK;
}

static enum assure_err
check_target(const struct aws_target *t, struct assure_diag *d)
{
	const char *base = t->base_url != NULL ? t->base_url :
	    AWS_IAM_URL_DEFAULT;
	size_t i;

	if (strlen(base) >= 1024 || (strncmp(base, "https://", 8) != 0 &&
	    strncmp(base, "http://", 7) != 0))
		return assure_diag_set(d, ASSURE_ERR_INVAL, base, 0, 0,
		    "base-url", "IAM's base URL must be http:// or https://");
	if (t->region != NULL) {
		for (i = 0; t->region[i] != '\0'; i++)
			if (!islower((unsigned char)t->region[i]) &&
			    !isdigit((unsigned char)t->region[i]) &&
			    t->region[i] != '-')
				break;
		if (i == 0 || i > 32 || t->region[i] != '\0')
			return assure_diag_set(d, ASSURE_ERR_INVAL, "aws", 0,
			    0, "region", "expected a region such as "
			    "us-east-1");
	}
	return ASSURE_OK;
}

/* The keys, before anything is asked. */
static enum assure_err
load_keys(struct aw *a, struct assure_diag *d)
{
	struct assure_diag ignored;
	enum assure_err rc;

	rc = secret_lookup(a->ws->dotdir, a->t->key_id_secret != NULL &&
	    *a->t->key_id_secret != '\0' ? a->t->key_id_secret :
	    AWS_KEY_ID_SECRET, AWS_KEY_ID_ENV, &a->key_id, d);
	if (rc == ASSURE_OK)
		rc = secret_lookup(a->ws->dotdir, a->t->secret_key_secret !=
		    NULL && *a->t->secret_key_secret != '\0' ?
		    a->t->secret_key_secret : AWS_SECRET_KEY_SECRET,
		    AWS_SECRET_KEY_ENV, &a->secret_key, d);
	if (rc != ASSURE_OK)
		return rc;
	if (a->key_id.len == 0 || a->secret_key.len == 0 ||
	    strpbrk(a->key_id.data, "\r\n") != NULL)
		return assure_diag_set(d, ASSURE_ERR_INVAL, AWS_KEY_ID_SECRET,
		    0, 0, NULL, "an access key is empty or holds a line "
		    "break");
	/* A session token is optional (temporary credentials). */
	assure_diag_clear(&ignored);
	rc = secret_lookup(a->ws->dotdir, AWS_SESSION_SECRET, AWS_SESSION_ENV,
	    &a->session, &ignored);
	if (rc != ASSURE_OK && rc != ASSURE_ERR_NOTFOUND) {
		*d = ignored;
		return rc;
	}
	if (a->session.data != NULL && strpbrk(a->session.data, "\r\n"))
		return assure_diag_set(d, ASSURE_ERR_INVAL, AWS_SESSION_SECRET,
		    0, 0, NULL, "the session token holds a line break");
	a->creds.access_key = a->key_id.data;
	a->creds.secret_key = a->secret_key.data;
	a->creds.session_token = a->session.data;
	return ASSURE_OK;
}

enum assure_err
collect_aws(struct workspace *ws, const struct aws_target *t,
    const struct http_opts *hopts, const struct collect_progress *progress,
    int64_t now, struct collect_result *ret, struct assure_diag *reterr_diag)
{
	struct aw *a;
	struct assure_diag d;
	size_t n;
	enum assure_err rc;

	memset(ret, 0, sizeof(*ret));
	rc = check_target(t, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, "aws",
		    0, 0, NULL, "out of memory");
	a->ws = ws;
	a->t = t;
	a->hopts = hopts;
	a->progress = progress;
	a->region = t->region != NULL ? t->region : AWS_IAM_REGION;
	assure_strlcpy(a->base, t->base_url != NULL ? t->base_url :
	    AWS_IAM_URL_DEFAULT, sizeof(a->base));
	n = strlen(a->base);
	while (n > 0 && a->base[n - 1] == '/')
		a->base[--n] = '\0';
	rc = split_base(a, reterr_diag);
	if (rc == ASSURE_OK)
		rc = load_keys(a, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;

	rc = run_begin(ws, "aws", a->host, now, &a->run, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	ret->run_id = a->run.id;
	a->as_of = a->run.started_at;

	rc = collect_report(a, t->poll_max > 0 ? t->poll_max :
	    AWS_POLL_DEFAULT);
	if (rc == ASSURE_OK)
		rc = collect_authz(a);

	ret->pages = a->run.pages;
	ret->records = a->run.records;
	ret->complete = !a->failed;
	assure_strlcpy(ret->why, a->why, sizeof(ret->why));
	assure_diag_clear(&d);
	rc = run_end(&a->run, !a->failed, a->failed ? a->why : NULL,
	    assure_now(), &d);
	if (rc != ASSURE_OK && reterr_diag != NULL)
		*reterr_diag = d;
out:
	secret_free(&a->key_id);
	secret_free(&a->secret_key);
	secret_free(&a->session);
	free(a);
	return rc;
}
