/*
 * route_reports.c: the reports over HTTP, each built on request by the
 * library's renderers (report/render.h) in a workspace handle of the
 * handler's own, outside the server's lock (WEB_UNLOCKED):
 *
 *	GET /reports/KIND.EXT	a download: .html, .md, .json (type2 also
 *				.xlsx, the auditor's workbook)
 *	GET /reports/auditor.zip	the auditor package (export/auditor.h)
 *	GET /api/v1/reports	the kinds, their formats and addresses
 *	GET /api/v1/reports/KIND	the report, JSON unless ?format=
 *
 * An auditor gets every report over the auditor's own period
 * (web_req_period()), type1 and findings as of its end; the other roles
 * the workspace's period, findings as of now.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/jsonw.h"
#include "export/auditor.h"
#include "report/render.h"
#include "web/pages.h"
#include "web/server.h"
#include "workspace/workspace.h"

#define XLSX_TYPE	"application/vnd.openxmlformats-officedocument." \
			"spreadsheetml.sheet"

/* The extensions a report is served in, in the order listed. */
static const struct {
	const char	*ext;
	enum doc_format	 fmt;
	const char	*type;
} exts[] = {
	{ "html", DOC_HTML, "text/html; charset=utf-8" },
	{ "md", DOC_MARKDOWN, "text/markdown; charset=utf-8" },
	{ "json", DOC_JSON, "application/json" },
};

/*
 * What the reports of req are built over: an auditor's period with type1
 * and findings as of its end, else the workspace's period (findings as
 * of now, type1 as of the period's end).  True for an auditor.
 */
static bool
report_args_of(struct web_req *req, struct report_args *a)
{
	bool scoped;

	memset(a, 0, sizeof(*a));
	scoped = web_req_period(req, &a->start, &a->end);
	if (!scoped) {
		a->start = req->ws->cfg.period_start;
		a->end = req->ws->cfg.period_end;
	} else {
		a->has_as_of = true;
		a->as_of = a->end;
	}
	a->has_period = true;
	return scoped;
}

/*
 * Render kind in fmt into out over req's arguments, from a read-only
 * workspace handle of its own.  On failure the cause is logged and the
 * status to answer returned: 404 when the workspace lacks what the
 * report needs, else 500.
 */
static unsigned
build(struct web_req *req, const char *kind, enum doc_format fmt,
    struct assure_buf *out)
{
	struct workspace *ws = NULL;
	struct report_args a;
	struct assure_diag d;
	enum assure_err rc;

	report_args_of(req, &a);
	assure_diag_clear(&d);
	rc = workspace_open(req->ws->root, WORKSPACE_READONLY, &ws, &d);
	if (rc == ASSURE_OK)
		rc = report_render(ws, kind, &a, fmt, out, &d);
	workspace_close(ws);
	if (rc == ASSURE_OK && (rc = assure_buf_err(out)) != ASSURE_OK)
		assure_diag_set(&d, rc, NULL, 0, 0, NULL, "%s",
		    assure_strerror(rc));
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: report %s: %s\n", kind, msg);
		assure_buf_reset(out);
		return rc == ASSURE_ERR_NOTFOUND ? 404 : 500;
	}
	return 200;
}

/*
 * A private temporary folder for a file built to be streamed: dir
 * (size bytes) and the file name in it in path.  -1 logged.
 */
static int
private_tmp(const char *what, const char *name, char *dir, size_t dsize,
    char *path, size_t psize)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	if (snprintf(dir, dsize, "%s/assure-%s.XXXXXX", tmp, what) >=
	    (int)dsize || mkdtemp(dir) == NULL) {
		fprintf(stderr, "assure serve: %s: cannot create a "
		    "temporary folder in %s: %s\n", what, tmp,
		    strerror(errno));
		return -1;
	}
	snprintf(path, psize, "%s/%s", dir, name);
	return 0;
}

/*
 * Open path into resp to stream it, then unlink it and its folder: the
 * response reads the descriptor and nothing is left behind.
 */
static enum assure_err
stream_file(struct web_resp *resp, const char *dir, const char *path,
    enum assure_err rc, struct assure_diag *d)
{
	struct stat st;
	int fd = -1;

	if (rc == ASSURE_OK && ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0))
		rc = assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "%s", strerror(errno));
	(void)unlink(path);
	(void)rmdir(dir);
	if (rc != ASSURE_OK) {
		if (fd >= 0)
			(void)close(fd);
		return rc;
	}
	resp->has_fd = true;
	resp->fd = fd;
	resp->fd_size = (uint64_t)st.st_size;
	return ASSURE_OK;
}

/* The workbook of kind, built in a private folder and streamed. */
static unsigned
build_workbook(struct web_req *req, const struct report_kind *k,
    struct web_resp *resp)
{
	struct workspace *ws = NULL;
	struct report_args a;
	struct assure_diag d;
	char dir[4096], path[4096 + 32];
	enum assure_err rc;
	int fd;

	if (private_tmp("workbook", "report.xlsx", dir, sizeof(dir), path,
	    sizeof(path)) != 0)
		return 500;
	report_args_of(req, &a);
	assure_diag_clear(&d);
	/* report_workbook() writes over a file that exists. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0)
		rc = assure_diag_set(&d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "%s", strerror(errno));
	else {
		(void)close(fd);
		rc = workspace_open(req->ws->root, WORKSPACE_READONLY, &ws,
		    &d);
	}
	if (rc == ASSURE_OK)
		rc = report_workbook(ws, k->name, &a, path, &d);
	workspace_close(ws);
	if ((rc = stream_file(resp, dir, path, rc, &d)) != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: report %s: %s\n", k->name,
		    msg);
		return rc == ASSURE_ERR_NOTFOUND ? 404 : 500;
	}
	return 200;
}

/* Split id "KIND.EXT" at its last dot; NULL when kind is unknown. */
static const struct report_kind *
kind_ext(const char *id, char *kind, size_t size, const char **ret_ext)
{
	const char *dot = strrchr(id, '.');

	if (dot == NULL || (size_t)(dot - id) >= size)
		return NULL;
	memcpy(kind, id, (size_t)(dot - id));
	kind[dot - id] = '\0';
	*ret_ext = dot + 1;
	return report_kind_find(kind);
}

/*
 * GET /reports/KIND.EXT: the report of kind as a download named
 * KIND.EXT.  Downloads, not pages: an HTML report carries its own style
 * sheet, which the dashboard's CSP would not let it use in place.
 */
void
web_handle_report(struct web_req *req, struct web_resp *resp)
{
	const struct report_kind *k;
	char kind[WEB_ID_MAX];
	const char *ext = NULL;
	unsigned st;
	size_t i;

	k = kind_ext(req->id, kind, sizeof(kind), &ext);
	for (i = 0; k != NULL && i < ASSURE_ARRAY_LEN(exts); i++)
		if (strcmp(ext, exts[i].ext) == 0)
			break;
	if (k != NULL && i == ASSURE_ARRAY_LEN(exts) &&
	    (strcmp(ext, "xlsx") != 0 || !(k->flags & REPORT_HAS_WORKBOOK)))
		k = NULL;
	if (k == NULL) {
		web_error_page(req, resp, 404, "There is no such report.");
		return;
	}
	if (i == ASSURE_ARRAY_LEN(exts)) {
		st = build_workbook(req, k, resp);
		resp->content_type = XLSX_TYPE;
	} else {
		st = build(req, k->name, exts[i].fmt, &resp->body);
		resp->content_type = exts[i].type;
	}
	if (st == 404) {
		web_error_page(req, resp, 404, "This report cannot be built: the "
		    "workspace lacks what it needs; the server's log says "
		    "what.");
		return;
	}
	if (st != 200) {
		web_error_page(req, resp, 500, "The report could not be built; "
		    "the server's log says why.");
		return;
	}
	snprintf(resp->attachment, sizeof(resp->attachment), "%s.%s",
	    k->name, ext);
}

/* GET /api/v1/reports: the kinds, each with its formats' addresses. */
void
web_handle_api_reports(struct web_req *req, struct web_resp *resp)
{
	const struct report_kind *k;
	struct report_args a;
	struct jsonw j;
	char url[WEB_ID_MAX + 64];
	size_t i, e;

	resp->content_type = "application/json";
	jsonw_init(&j, &resp->body, true);
	jsonw_obj_open(&j);
	jsonw_key(&j, "period");
	jsonw_obj_open(&j);
	report_args_of(req, &a);
	jsonw_ktime(&j, "start", a.start, true);
	jsonw_ktime(&j, "end", a.end, true);
	jsonw_obj_close(&j);
	jsonw_key(&j, "reports");
	jsonw_arr_open(&j);
	for (i = 0; (k = report_kind_at(i)) != NULL; i++) {
		jsonw_obj_open(&j);
		jsonw_kstr(&j, "kind", k->name);
		jsonw_kstr(&j, "title", k->what);
		snprintf(url, sizeof(url), "/api/v1/reports/%s", k->name);
		jsonw_kstr(&j, "api", url);
		jsonw_key(&j, "formats");
		jsonw_arr_open(&j);
		for (e = 0; e <= ASSURE_ARRAY_LEN(exts); e++) {
			if (e == ASSURE_ARRAY_LEN(exts) &&
			    !(k->flags & REPORT_HAS_WORKBOOK))
				break;
			jsonw_obj_open(&j);
			jsonw_kstr(&j, "format", e < ASSURE_ARRAY_LEN(exts) ?
			    exts[e].ext : "xlsx");
			jsonw_kstr(&j, "content_type", e <
			    ASSURE_ARRAY_LEN(exts) ? exts[e].type :
			    XLSX_TYPE);
			snprintf(url, sizeof(url), "/reports/%s.%s", k->name,
			    e < ASSURE_ARRAY_LEN(exts) ? exts[e].ext : "xlsx");
			jsonw_kstr(&j, "url", url);
			jsonw_obj_close(&j);
		}
		jsonw_arr_close(&j);
		jsonw_obj_close(&j);
	}
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	assure_buf_addc(&resp->body, '\n');
}

/*
 * GET /api/v1/reports/KIND[?format=json|md|html]: the report itself, in
 * place (no attachment), JSON by default.
 */
void
web_handle_api_report(struct web_req *req, struct web_resp *resp)
{
	const struct report_kind *k = report_kind_find(req->id);
	const char *f = web_query(req, "format");
	unsigned st;
	size_t i;

	if (k == NULL) {
		web_json_error(resp, 404, "no report of that kind (GET "
		    "/api/v1/reports lists them)");
		return;
	}
	if (f == NULL)
		f = "json";
	for (i = 0; i < ASSURE_ARRAY_LEN(exts); i++)
		if (strcmp(f, exts[i].ext) == 0)
			break;
	if (i == ASSURE_ARRAY_LEN(exts)) {
		web_json_error(resp, 400, "format: expected json, md or html");
		return;
	}
	st = build(req, k->name, exts[i].fmt, &resp->body);
	if (st != 200) {
		web_json_error(resp, st, st == 404 ? "the report cannot be built: "
		    "the workspace lacks what it needs" : "the report could "
		    "not be built");
		return;
	}
	resp->content_type = exts[i].type;
}

/*
 * GET /reports/auditor.zip: the auditor package over the period, built
 * as `assure export auditor` builds it (export_auditor(), with every
 * report the library renders) into a file in a private temporary folder,
 * which is unlinked once open: the response streams from the descriptor
 * and nothing is left behind.
 */
void
web_handle_auditor_package(struct web_req *req, struct web_resp *resp)
{
	struct workspace *ws = NULL;
	struct report_args a;
	struct export_opts o;
	struct assure_diag d;
	char dir[4096], path[4096 + 32];
	enum assure_err rc;

	if (!web_role_can_package(web_role_name(req->who.role))) {
		web_error_page(req, resp, 403, "Only an admin, a manager or an "
		    "auditor may download the auditor package.");
		return;
	}
	if (req->des == NULL) {
		web_error_page(req, resp, 503, "The server was started without "
		    "the workspace's controls.");
		return;
	}
	if (private_tmp("package", "auditor.zip", dir, sizeof(dir), path,
	    sizeof(path)) != 0) {
		web_error_page(req, resp, 500, "The package could not be built.");
		return;
	}
	report_args_of(req, &a);
	memset(&o, 0, sizeof(o));
	o.start = a.start;
	o.end = a.end;
	o.render = report_render_bundled;
	o.render_arg = &a;
	assure_diag_clear(&d);
	/* The manifest is signed with the ledger's key. */
	rc = workspace_open(req->ws->root, 0, &ws, &d);
	if (rc == ASSURE_OK)
		rc = export_auditor(ws, req->des, &o, path, NULL, &d);
	workspace_close(ws);
	if (stream_file(resp, dir, path, rc, &d) != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "assure serve: package: %s\n", msg);
		web_error_page(req, resp, 500, "The package could not be built; "
		    "the server's log says why.");
		return;
	}
	resp->content_type = "application/zip";
	assure_strlcpy(resp->attachment, "auditor.zip",
	    sizeof(resp->attachment));
}
