/*
 * bamboohr.c: the bamboohr-report kind: a BambooHR custom report as JSON
 * ({"title": ..., "fields": [...], "employees": [...]}).
 *
 * One person per employee: employee_id = employeeNumber, else id; email =
 * workEmail; name = displayName, else "firstName lastName"; status =
 * status lower-cased ("active", "inactive"); hire_date = hireDate;
 * termination = terminationDate (a date: termination_date_only, stored as
 * midnight UTC of that day); department, title = jobTitle, manager_email
 * = supervisorEmail.  "0000-00-00", null and "" are absence.  Every other
 * scalar field is kept in extra as a JSON object.  A termination date
 * after the as-of instant is stored as is: whether it is a leaver yet is
 * the tests' decision.
 */
#include "common/compat.h"

#include <ctype.h>
#include <string.h>

#include "common/buf.h"
#include "common/jsonw.h"
#include "parse/idparse_int.h"

#define BAMBOO_EXTRA_MAX	(64u * 1024)	/* bytes of one extra object */
#define BAMBOO_STATUS_MAX	64

static const char *const known[] = {
	"id", "employeeNumber", "workEmail", "displayName", "firstName",
	"lastName", "status", "hireDate", "terminationDate", "department",
	"jobTitle", "supervisorEmail", NULL,
};

static bool
is_known(const char *path)
{
	size_t i;

	for (i = 0; known[i] != NULL; i++)
		if (strcmp(path, known[i]) == 0)
			return true;
	return false;
}

static enum assure_err
employee_record(struct jstream *js, const struct jrec *r, void *arg,
    struct assure_diag *d)
{
	struct id_parser *p = arg;
	struct id_person x;
	struct assure_buf extra;
	const char *first, *last, *status;
	char name[2 * ID_VALUE_MAX + 2], st[BAMBOO_STATUS_MAX];
	bool date_only, any = false;
	size_t i;
	enum assure_err rc;

	memset(&x, 0, sizeof(x));
	assure_buf_init(&extra, BAMBOO_EXTRA_MAX);
	x.line = r->line;
	x.index = r->index;
	rc = id_json_opt(js, r, "employeeNumber", &x.employee_id, d);
	if (rc == ASSURE_OK && x.employee_id == NULL)
		rc = id_json_req(js, r, "id", &x.employee_id, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "workEmail", &x.email, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "displayName", &x.name, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "firstName", &first, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "lastName", &last, d);
	if (rc == ASSURE_OK)
		rc = id_json_req(js, r, "status", &status, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "hireDate", false, &x.hire_date,
		    NULL, d);
	if (rc == ASSURE_OK)
		rc = id_json_time(js, r, "terminationDate", false,
		    &x.termination, &date_only, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "department", &x.department, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "jobTitle", &x.title, d);
	if (rc == ASSURE_OK)
		rc = id_json_opt(js, r, "supervisorEmail", &x.manager_email, d);
	if (rc != ASSURE_OK)
		goto out;
	x.termination_date_only = x.termination.has && date_only;
	if (x.name == NULL && (first != NULL || last != NULL)) {
		snprintf(name, sizeof(name), "%s%s%s",
		    first != NULL ? first : "",
		    first != NULL && last != NULL ? " " : "",
		    last != NULL ? last : "");
		x.name = name;
	}
	if (strlen(status) >= sizeof(st)) {
		rc = jstream_error(js, r, jrec_get(r, "status"), d,
		    ASSURE_ERR_PARSE, "expected a status such as Active or "
		    "Inactive, got '%.40s'", status);
		goto out;
	}
	for (i = 0; status[i] != '\0'; i++)
		st[i] = (char)tolower((unsigned char)status[i]);
	st[i] = '\0';
	x.status = st;
	assure_buf_addc(&extra, '{');
	for (i = 0; i < r->n; i++) {
		const struct jfield *f = &r->f[i];

		if (strchr(f->path, '.') != NULL || f->type == JT_MAP ||
		    f->type == JT_ARRAY || is_known(f->path))
			continue;
		assure_buf_adds(&extra, any ? ",\"" : "\"");
		jsonw_escape(&extra, f->path, strlen(f->path));
		assure_buf_adds(&extra, "\":");
		if (f->type == JT_STRING) {
			assure_buf_addc(&extra, '"');
			jsonw_escape(&extra, f->val, f->len);
			assure_buf_addc(&extra, '"');
		} else
			assure_buf_adds(&extra, f->val != NULL ? f->val :
			    "null");
		any = true;
	}
	assure_buf_addc(&extra, '}');
	if (assure_buf_err(&extra) != ASSURE_OK) {
		rc = jstream_limit(js, r, NULL, d, assure_buf_err(&extra),
		    "expected other fields of at most %u bytes",
		    BAMBOO_EXTRA_MAX);
		goto out;
	}
	if (any)
		x.extra_json = assure_buf_str(&extra);
	rc = id_emit_person(p, &x, d);
out:
	assure_buf_free(&extra);
	return rc;
}

/* A report without an "employees" list is some other document. */
static enum assure_err
bamboo_finish(struct id_parser *p, struct assure_diag *d)
{
	struct jrec env;
	const struct jfield *f;

	jstream_envelope(p->js, &env);
	f = jrec_get(&env, "employees");
	if (f == NULL || f->type != JT_ARRAY)
		return assure_diag_set(d, ASSURE_ERR_PARSE,
		    jstream_source(p->js), 1, 1, "employees", "expected a "
		    "custom report with an employees list, got none");
	return ASSURE_OK;
}

static const char *const bamboo_patterns[] = { "employees[]", NULL };

const struct id_json_vendor id_vendor_bamboohr = {
	.patterns = bamboo_patterns,
	.record = employee_record,
	.finish = bamboo_finish,
};
