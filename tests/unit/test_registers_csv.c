/*
 * test_registers_csv.c: vendors.csv and risks.csv (workspace/vendors.h,
 * workspace/risks.h): a CSV register reads to the very struct its YAML
 * twin does, quoted cells with commas and line breaks, every located
 * error, and a workspace holding both forms of one register.
 *
 * CONTROL: tsc:CC9.2
 * CONTROL: tsc:CC3.2
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "workspace/risks.h"
#include "workspace/vendors.h"
#include "workspace/workspace.h"

static const char vendors_yaml[] =
    "vendors:\n"
    "  - name: Amazon Web Services\n"
    "    service: Hosting, storage\n"
    "    tier: critical\n"
    "    subservice: carve-out\n"
    "    data: [{ class: confidential, personal: true },\n"
    "           { class: patients, health: true }, { class: logs }]\n"
    "    assurance:\n"
    "      soc2: { type: 2, period_start: 2024-10-01,\n"
    "              period_end: 2025-09-30, opinion: qualified,\n"
    "              bridge_until: 2026-03-31 }\n"
    "      iso27001: { certificate: \"IS 123\", expires: 2027-01-31 }\n"
    "    dpa_signed: 2023-04-12\n"
    "    last_review: 2026-02-10\n"
    "    review_every: 180d\n"
    "    csocs:\n"
    "      - { control: ACC-01, description: Customers restrict IAM }\n"
    "      - { control: OPS-02, description: Customers back up data }\n"
    "  - name: Slack\n"
    "    service: Chat\n"
    "    tier: low\n";

static const char vendors_csv[] =
    "Name,SERVICE,tier,subservice,data,soc2_type,soc2_period_start,"
    "soc2_period_end,soc2_opinion,soc2_bridge_until,iso27001_certificate,"
    "iso27001_expires,dpa_signed,baa_signed,last_review,review_every,"
    "csocs\r\n"
    "Amazon Web Services,\"Hosting, storage\",critical,carve-out,"
    "\"confidential+personal; patients + health;logs\",2,2024-10-01,"
    "2025-09-30,qualified,2026-03-31,IS 123,2027-01-31,2023-04-12,,"
    "2026-02-10,180d,\"ACC-01: Customers restrict IAM;\n"
    "OPS-02: Customers back up data\"\r\n"
    "\r\n"
    "Slack,Chat,low,,,,,,,,,,,,,,\r\n";

static void
vendors_of(const char *text, bool csv, struct vendors *v)
{
	struct assure_diag d;
	char msg[2048];
	enum assure_err rc;

	assure_diag_clear(&d);
	rc = csv ? vendors_parse_csv(text, strlen(text), "vendors.csv", v,
	    &d) : vendors_parse(text, strlen(text), "vendors.yaml", v, &d);
	if (rc != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("does not parse: %s", msg);
	}
}

static void
test_vendors_same(void **state)
{
	struct vendors y, c;
	const struct vendor *a, *b;
	size_t i, j;

	(void)state;
	vendors_of(vendors_yaml, false, &y);
	vendors_of(vendors_csv, true, &c);
	assert_true(c.present);
	assert_int_equal(y.n, 2);
	assert_int_equal(c.n, y.n);
	for (i = 0; i < y.n; i++) {
		a = &y.v[i];
		b = &c.v[i];
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->service, b->service);
		assert_int_equal(a->tier, b->tier);
		assert_int_equal(a->subservice, b->subservice);
		assert_int_equal(a->ndata, b->ndata);
		for (j = 0; j < a->ndata; j++) {
			assert_string_equal(a->data[j].cls, b->data[j].cls);
			assert_int_equal(a->data[j].personal,
			    b->data[j].personal);
			assert_int_equal(a->data[j].health,
			    b->data[j].health);
		}
		assert_int_equal(a->personal, b->personal);
		assert_int_equal(a->health, b->health);
		assert_int_equal(a->soc2.have, b->soc2.have);
		assert_int_equal(a->soc2.type, b->soc2.type);
		assert_int_equal(a->soc2.start, b->soc2.start);
		assert_int_equal(a->soc2.end, b->soc2.end);
		assert_int_equal(a->soc2.opinion, b->soc2.opinion);
		assert_int_equal(a->soc2.bridged, b->soc2.bridged);
		assert_int_equal(a->soc2.bridge_until, b->soc2.bridge_until);
		assert_int_equal(a->iso.have, b->iso.have);
		if (a->iso.have)
			assert_string_equal(a->iso.certificate,
			    b->iso.certificate);
		assert_int_equal(a->iso.expires, b->iso.expires);
		assert_int_equal(a->dpa, b->dpa);
		assert_int_equal(a->dpa_signed, b->dpa_signed);
		assert_int_equal(a->baa, b->baa);
		assert_int_equal(a->reviewed, b->reviewed);
		assert_int_equal(a->last_review, b->last_review);
		assert_int_equal(a->review_every, b->review_every);
		assert_int_equal(a->ncsocs, b->ncsocs);
		for (j = 0; j < a->ncsocs; j++) {
			assert_string_equal(a->csocs[j].control,
			    b->csocs[j].control);
			assert_string_equal(a->csocs[j].description,
			    b->csocs[j].description);
		}
	}
	/* The rows' lines: the quoted line break counts, the blank line too. */
	assert_int_equal(c.v[0].line, 2);
	assert_int_equal(c.v[1].line, 5);
	assert_true(c.v[0].health && c.v[0].data[1].personal);
	vendors_release(&y);
	vendors_release(&c);
}

static void
vendors_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	struct assure_diag d;
	struct vendors v;
	char msg[2048];

	memset(&v, 0, sizeof(v));
	assure_diag_clear(&d);
	assert_int_not_equal(vendors_parse_csv(text, strlen(text),
	    "vendors.csv", &v, &d), ASSURE_OK);
	assure_diag_format(&d, msg, sizeof(msg));
	if (d.line != line || d.column != col ||
	    strcmp(d.field, field) != 0 || strstr(msg, needle) == NULL)
		fail_msg("expected %lu:%lu %s '%s', got %s", line, col, field,
		    needle, msg);
	assert_null(v.v);
}

#define VH	"name,service,tier"

static void
test_vendors_errors(void **state)
{
	(void)state;
	vendors_error("name,service,tier,nmae\n", 1, 19, "header",
	    "got 'nmae'");
	vendors_error("name,service,tier,Tier\n", 1, 19, "header",
	    "second one");
	vendors_error("name,service\nA,B\n", 1, 1, "header", "column tier");
	vendors_error(VH "\nA,B,top\n", 2, 5, "tier",
	    "expected critical, high, medium or low, got 'top'");
	vendors_error(VH "\nA,B\n", 2, 1, "row", "expected 3 fields");
	vendors_error(VH "\nA,,low\n", 2, 1, "vendors",
	    "needs name, service and tier");
	vendors_error(VH ",subservice\nA,B,low,yes\n", 2, 9, "subservice",
	    "no, inclusive or carve-out");
	vendors_error(VH ",data\nA,B,low,x;;y\n", 2, 9, "data",
	    "empty item");
	vendors_error(VH ",data\nA,B,low,x+secret\n", 2, 9, "data",
	    "got 'secret'");
	vendors_error(VH ",soc2_type\nA,B,low,3\n", 2, 9, "soc2_type",
	    "expected 1 or 2, got '3'");
	vendors_error(VH ",dpa_signed,soc2_type\nA,B,low,,2\n", 2, 10, "soc2",
	    "needs soc2_type, soc2_period_start");
	vendors_error(VH ",soc2_type,soc2_period_start,soc2_period_end,"
	    "soc2_opinion\nA,B,low,2,2025-01-01,2024-12-31,adverse\n", 2, 22,
	    "soc2_period_end", "ends before it starts");
	vendors_error(VH ",soc2_type,soc2_period_start,soc2_period_end,"
	    "soc2_opinion\nA,B,low,2,2025-01-01,2025-12-31,fine\n", 2, 33,
	    "soc2_opinion", "got 'fine'");
	vendors_error(VH ",soc2_type,soc2_period_start,soc2_period_end,"
	    "soc2_opinion,soc2_bridge_until\n"
	    "A,B,low,2,2025-01-01,2025-12-31,adverse,2025-06-30\n", 2, 41,
	    "soc2_bridge_until", "bridge letter ends before");
	vendors_error(VH ",iso27001_expires\nA,B,low,2027-01-01\n", 2, 9,
	    "iso27001", "needs iso27001_certificate");
	vendors_error(VH ",last_review\nA,B,low,soon\n", 2, 9, "last_review",
	    "expected a date (YYYY-MM-DD) or an RFC 3339 instant, got "
	    "'soon'");
	vendors_error(VH ",review_every\nA,B,low,often\n", 2, 9,
	    "review_every", "got 'often'");
	vendors_error(VH ",csocs\nA,B,low,ACC-01 no colon\n", 2, 9, "csocs",
	    "CONTROL-ID: description");
	vendors_error(VH ",csocs\nA,B,low,: nothing\n", 2, 9, "csocs",
	    "CONTROL-ID: description");
	vendors_error(VH "\nA,B,low\nA,C,high\n", 3, 1, "name",
	    "already listed at line 2");
	vendors_error(VH "\n\"A\nB\",B,low\n", 2, 1, "name", "one line");
	vendors_error(VH "\nA,\"B\"x,low\n", 2, 6, "", "");
}

static const char risks_yaml[] =
    "assessed_at: 2026-01-20\n"
    "assessed_by: maria@acme.com\n"
    "risks:\n"
    "  - { id: R-07, description: \"Payroll fraud, by an admin\",\n"
    "      category: fraud, likelihood: 2, impact: 5,\n"
    "      residual_likelihood: 1, residual_impact: 4,\n"
    "      treatment: mitigate, controls: [ACC-03, CHG-01],\n"
    "      owner: maria@acme.com, last_reviewed: 2026-01-20 }\n"
    "  - { id: R-08, description: \"Outage\\nof the region\",\n"
    "      category: availability, likelihood: 3, impact: 3,\n"
    "      treatment: accept, accepted_by: ceo@acme.com,\n"
    "      owner: ops@acme.com, last_reviewed: 2025-12-01 }\n";

static const char risks_csv[] =
    "id,description,category,likelihood,impact,residual_likelihood,"
    "residual_impact,treatment,accepted_by,controls,owner,last_reviewed,"
    "assessed_at,assessed_by\n"
    "R-07,\"Payroll fraud, by an admin\",fraud,2,5,1,4,mitigate,,"
    "ACC-03; CHG-01,maria@acme.com,2026-01-20,2026-01-20,maria@acme.com\n"
    "R-08,\"Outage\nof the region\",availability,3,3,,,accept,"
    "ceo@acme.com,,ops@acme.com,2025-12-01,,maria@acme.com\n";

static void
risks_of(const char *text, bool csv, struct risks *r)
{
	struct assure_diag d;
	char msg[2048];
	enum assure_err rc;

	assure_diag_clear(&d);
	rc = csv ? risks_parse_csv(text, strlen(text), "risks.csv", r, &d) :
	    risks_parse(text, strlen(text), "risks.yaml", r, &d);
	if (rc != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("does not parse: %s", msg);
	}
}

static void
test_risks_same(void **state)
{
	struct risks y, c;
	const struct risk *a, *b;
	size_t i, j;

	(void)state;
	risks_of(risks_yaml, false, &y);
	risks_of(risks_csv, true, &c);
	assert_int_equal(y.n, 2);
	assert_int_equal(c.n, y.n);
	assert_int_equal(c.assessed_at, y.assessed_at);
	assert_string_equal(c.assessed_by, y.assessed_by);
	for (i = 0; i < y.n; i++) {
		a = &y.r[i];
		b = &c.r[i];
		assert_string_equal(a->id, b->id);
		assert_string_equal(a->description, b->description);
		assert_string_equal(a->category, b->category);
		assert_int_equal(a->likelihood, b->likelihood);
		assert_int_equal(a->impact, b->impact);
		assert_int_equal(a->residual_likelihood,
		    b->residual_likelihood);
		assert_int_equal(a->residual_impact, b->residual_impact);
		assert_int_equal(a->treatment, b->treatment);
		if (a->accepted_by != NULL)
			assert_string_equal(a->accepted_by, b->accepted_by);
		else
			assert_null(b->accepted_by);
		assert_int_equal(a->ncontrols, b->ncontrols);
		for (j = 0; j < a->ncontrols; j++)
			assert_string_equal(a->controls[j], b->controls[j]);
		assert_string_equal(a->owner, b->owner);
		assert_int_equal(a->last_reviewed, b->last_reviewed);
	}
	assert_int_equal(c.r[1].line, 3);
	risks_release(&y);
	risks_release(&c);

	/* No assessed_at column: the newest review; nobody named. */
	risks_of("id,description,category,likelihood,impact,owner,"
	    "last_reviewed\nR-1,d,fraud,1,1,o,2025-01-02\n"
	    "R-2,d,vendor,1,1,o,2025-03-04\n", true, &c);
	assert_null(c.assessed_by);
	assert_int_equal(c.r[1].last_reviewed, c.assessed_at);
	risks_release(&c);
}

static void
risks_error(const char *text, unsigned long line, unsigned long col,
    const char *field, const char *needle)
{
	struct assure_diag d;
	struct risks r;
	char msg[2048];

	memset(&r, 0, sizeof(r));
	assure_diag_clear(&d);
	assert_int_not_equal(risks_parse_csv(text, strlen(text), "risks.csv",
	    &r, &d), ASSURE_OK);
	assure_diag_format(&d, msg, sizeof(msg));
	if (d.line != line || d.column != col ||
	    strcmp(d.field, field) != 0 || strstr(msg, needle) == NULL)
		fail_msg("expected %lu:%lu %s '%s', got %s", line, col, field,
		    needle, msg);
	assert_null(r.r);
}

#define RH	"id,description,category,likelihood,impact,owner,"

static void
test_risks_errors(void **state)
{
	(void)state;
	risks_error(RH "colour\n", 1, 49, "header", "got 'colour'");
	risks_error("id,description\n", 1, 1, "header", "column category");
	risks_error(RH "last_reviewed\nR,d,fire,1,1,o,2025-01-01\n", 2, 5,
	    "category", "got 'fire'");
	risks_error(RH "last_reviewed\nR,d,fraud,6,1,o,2025-01-01\n", 2, 11,
	    "likelihood", "expected 1 to 5, got '6'");
	risks_error(RH "residual_impact,last_reviewed\n"
	    "R,d,fraud,1,1,o,2,2025-01-01\n", 2, 1, "risks",
	    "give both residual_likelihood");
	risks_error(RH "treatment,last_reviewed\n"
	    "R,d,fraud,1,1,o,accept,2025-01-01\n", 2, 1, "accepted_by",
	    "names who accepted");
	risks_error(RH "treatment\nR,d,fraud,1,1,o,ignore\n", 2, 17,
	    "treatment", "got 'ignore'");
	risks_error(RH "controls\nR,d,fraud,1,1,o,A;;B\n", 2, 17,
	    "controls", "empty one");
	risks_error(RH "last_reviewed\nR,d,fraud,1,1,o,2025-01-01\n"
	    "R,e,fraud,1,1,o,2025-01-01\n", 3, 1, "id", "listed twice");
	risks_error(RH "last_reviewed\nR,,fraud,1,1,o,2025-01-01\n", 2, 1,
	    "risks", "each risk needs");
	risks_error(RH "last_reviewed\nR,d,fraud,1,1,o,later\n", 2, 17,
	    "last_reviewed", "got 'later'");
	risks_error(RH "assessed_at\nR,d,fraud,1,1,o,2025-01-01\n"
	    "S,d,fraud,1,1,o,2025-01-02\n", 3, 17, "assessed_at",
	    "the same as on line 2");
	risks_error(RH "assessed_by\nR,d,fraud,1,1,o,a@x\n"
	    "S,d,fraud,1,1,o,b@x\n", 3, 17, "assessed_by",
	    "expected 'a@x' as on line 2, got 'b@x'");
	risks_error(RH "last_reviewed\nR,d,fraud,1,1,o,\n", 1, 1, "assessed_at",
	    "not when they were assessed");
}

/* Write name into dir with text. */
static void
put(const char *dir, const char *name, const char *text)
{
	char *p = tu_join(dir, name);

	tu_write_file(p, text, strlen(text));
	free(p);
}

static void
unput(const char *dir, const char *name)
{
	char *p = tu_join(dir, name);

	assert_int_equal(unlink(p), 0);
	free(p);
}

static void
test_both_forms(void **state)
{
	struct workspace *ws;
	struct assure_diag d;
	char *dir, msg[2048];

	(void)state;
	ws = tu_workspace_new("Acme", &dir);
	workspace_close(ws);
	put(dir, VENDORS_FILE, vendors_yaml);
	put(dir, VENDORS_CSV_FILE, vendors_csv);
	assure_diag_clear(&d);
	assert_int_equal(workspace_open(dir, 0, &ws, &d), ASSURE_ERR_CONFLICT);
	assure_diag_format(&d, msg, sizeof(msg));
	assert_non_null(strstr(msg, "vendors.yaml and vendors.csv both "
	    "exist: keep one"));
	unput(dir, VENDORS_FILE);
	put(dir, RISKS_FILE, risks_yaml);
	put(dir, RISKS_CSV_FILE, risks_csv);
	assure_diag_clear(&d);
	assert_int_equal(workspace_open(dir, 0, &ws, &d), ASSURE_ERR_CONFLICT);
	assure_diag_format(&d, msg, sizeof(msg));
	assert_non_null(strstr(msg, "risks.yaml and risks.csv both exist"));
	unput(dir, RISKS_FILE);
	assert_int_equal(workspace_open(dir, 0, &ws, &d), ASSURE_OK);
	assert_true(ws->vendors.present);
	assert_int_equal(ws->vendors.n, 2);
	assert_int_equal(ws->risks.n, 2);
	tu_workspace_free(ws, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vendors_same),
		cmocka_unit_test(test_vendors_errors),
		cmocka_unit_test(test_risks_same),
		cmocka_unit_test(test_risks_errors),
		cmocka_unit_test(test_both_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
