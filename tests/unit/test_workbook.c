/*
 * test_workbook.c: the auditor's workbook (src/report/workbook.c), read
 * back with libarchive: the zip members, the sheet names (sanitised and
 * de-duplicated), text written as strings and never as formulas (a
 * subject "=HYPERLINK(...)" stays literal), dates as numbers, Excel's
 * limits (rows, characters a cell), and an unwritable path.
 *
 * The report is built by hand: a monthly control with one unit filed and
 * one missing, a per-event control of two tests whose population holds a
 * formula-like subject, and controls whose ids test the sheet names.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "testutil.h"
#include "common/timeutil.h"
#include "report/workbook.h"

#define EVIL	"=HYPERLINK(\"http://evil.example/\",\"click\")"
#define NMEMBERS 100

struct zipped {
	char	*name[64];
	char	*data[64];
	size_t	 n;
};

static void
unzip_all(const char *path, struct zipped *z)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	la_ssize_t r;
	size_t len, cap;
	char *buf;

	memset(z, 0, sizeof(*z));
	assert_non_null(a);
	assert_int_equal(archive_read_support_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_read_open_filename(a, path, 16384),
	    ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		assert_true(z->n < ASSURE_ARRAY_LEN(z->name));
		cap = 65536;
		len = 0;
		buf = malloc(cap);
		assert_non_null(buf);
		for (;;) {
			if (cap - len < 65536) {
				cap *= 2;
				buf = realloc(buf, cap);
				assert_non_null(buf);
			}
			r = archive_read_data(a, buf + len, cap - len - 1);
			assert_true(r >= 0);
			if (r == 0)
				break;
			len += (size_t)r;
		}
		buf[len] = '\0';
		z->name[z->n] = strdup(archive_entry_pathname(e));
		z->data[z->n++] = buf;
	}
	archive_read_free(a);
}

static void
zipped_free(struct zipped *z)
{
	size_t i;

	for (i = 0; i < z->n; i++) {
		free(z->name[i]);
		free(z->data[i]);
	}
}

static const char *
member_data(const struct zipped *z, const char *name)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		if (strcmp(z->name[i], name) == 0)
			return z->data[i];
	return NULL;
}

/* The worksheet XML of sheet n (1-based). */
static const char *
sheet(const struct zipped *z, int n)
{
	char name[64];

	snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", n);
	return member_data(z, name);
}

/* ------------------------------------------------------------ fixture */

struct fixture {
	char			*dir;
	struct config		 cfg;
	const struct test_def	*tests[2];
	struct control		 c[5];
	struct type2_control	 v[5];
	struct type2doc		 t;
	struct hist_unit	 units[2];
	struct hist_exception	 exc[1];
	struct occur_span	 gaps[1];
	struct cpop_member	 um[2], em[NMEMBERS];
	char			*subjects[NMEMBERS];
	struct cpop_exception	 mexc[2];
	char			*longreason;
};

static int64_t
t_(const char *s)
{
	int64_t t;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char **subj;
	size_t i;
	char buf[64];

	assert_non_null(f);
	f->dir = tu_mkdtemp();
	config_defaults(&f->cfg);
	snprintf(f->cfg.organisation, sizeof(f->cfg.organisation),
	    "Example & Co <Ltd>");
	snprintf(f->cfg.system, sizeof(f->cfg.system), "Payroll");
	f->tests[0] = test_find("hr.background_check");
	f->tests[1] = test_find("iam.aws_root");
	assert_non_null(f->tests[0]);
	assert_non_null(f->tests[1]);

	/* A monthly control: January filed, February missing. */
	f->c[0].id = "GOV-02";
	f->c[0].title = "Board oversight";
	f->c[0].owner = "CEO";
	f->c[0].frequency = CONTROL_MONTHLY;
	f->v[0].c = &f->c[0];
	f->units[0].u.start = t_("2026-01-01");
	f->units[0].u.end = t_("2026-01-31T23:59:59Z");
	snprintf(f->units[0].u.label, sizeof(f->units[0].u.label), "2026-01");
	f->units[0].filed = 1;
	f->units[1].u.start = t_("2026-02-01");
	f->units[1].u.end = t_("2026-02-28T23:59:59Z");
	snprintf(f->units[1].u.label, sizeof(f->units[1].u.label), "2026-02");
	f->v[0].h.control = &f->c[0];
	f->v[0].h.units = f->units;
	f->v[0].h.nunits = 2;
	f->v[0].h.actual = 1;
	f->v[0].h.occurrences = 1;
	f->gaps[0].start = t_("2026-02-05");
	f->gaps[0].end = t_("2026-02-28T23:59:59Z");
	f->v[0].h.gaps = f->gaps;
	f->v[0].h.ngaps = 1;
	f->v[0].h.conclusion = HIST_EXCEPTIONS;
	f->um[0].subject = "2026-01";
	f->um[0].filed = 1;
	f->um[1].subject = "2026-02";
	f->v[0].pop.m = f->um;
	f->v[0].pop.n = 2;

	/* A per-event control: NMEMBERS subjects, one formula-like. */
	f->c[1].id = "HR-01";
	f->c[1].title = "Background checks";
	f->c[1].owner = "=cmd|' /C calc'!A0";
	f->c[1].frequency = CONTROL_PER_EVENT;
	f->c[1].tests = f->tests;
	f->c[1].ntests = 2;
	f->v[1].c = &f->c[1];
	f->v[1].pop.events = true;
	for (i = 0; i < NMEMBERS; i++) {
		if (i == 0)
			f->subjects[i] = strdup(EVIL);
		else {
			snprintf(buf, sizeof(buf), "person%03zu@example.com",
			    i);
			f->subjects[i] = strdup(buf);
		}
		f->em[i].subject = f->subjects[i];
	}
	f->longreason = malloc(40001);
	assert_non_null(f->longreason);
	memset(f->longreason, 'r', 40000);
	f->longreason[40000] = '\0';
	f->mexc[0].test_id = f->tests[0]->id;
	f->mexc[0].reason = "checked 11 days after the hire";
	f->mexc[1].test_id = f->tests[1]->id;
	f->mexc[1].reason = f->longreason;
	f->mexc[1].warning = true;
	/* Sorted bytewise: '=' sorts before 'p'. */
	f->em[0].exc = f->mexc;
	f->em[0].nexc = 2;
	f->v[1].pop.m = f->em;
	f->v[1].pop.n = NMEMBERS;
	f->exc[0].test_id = f->tests[0]->id;
	f->exc[0].subject = f->subjects[0];
	f->exc[0].reason = "checked 11 days after the hire";
	f->exc[0].first = t_("2026-03-20T23:59:59Z");
	f->exc[0].last = t_("2026-06-30T23:59:59Z");
	f->exc[0].times = 15;
	f->v[1].h.exc = f->exc;
	f->v[1].h.nexc = 1;
	f->v[1].h.occurrences = NMEMBERS;
	f->v[1].h.conclusion = HIST_EXCEPTIONS;

	/* Ids that test the sheet names. */
	f->c[2].id = "ac-01";
	f->c[3].id = "AC-01";
	f->c[4].id = "A-very-long-control-identifier-of-forty";
	for (i = 2; i < 5; i++) {
		f->c[i].title = "Named";
		f->c[i].owner = "Someone";
		f->c[i].frequency = CONTROL_ANNUAL;
		f->v[i].c = &f->c[i];
		f->v[i].h.conclusion = HIST_NOT_EVIDENCED;
	}

	f->t.cfg = &f->cfg;
	f->t.start = t_("2026-01-01");
	f->t.end = t_("2026-06-30T23:59:59Z");
	f->t.generated = t_("2026-07-02T10:00:00Z");
	f->t.v = f->v;
	f->t.n = 5;
	f->t.has_cp = true;
	snprintf(f->t.cp.origin, sizeof(f->t.cp.origin), "assure.example/ledger");
	f->t.cp.size = 42;
	memset(f->t.cp.root, 0xab, sizeof(f->t.cp.root));
	for (i = 0; i < 2; i++) {
		subj = cpop_subjects(&f->v[i].pop);
		assert_non_null(subj);
		assert_int_equal(sample_draw(f->t.cp.root, f->c[i].id, subj,
		    f->v[i].pop.n, i == 0 ? 2 : 25, &f->v[i].s, NULL),
		    ASSURE_OK);
		f->v[i].sampled = true;
		free(subj);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < 5; i++)
		sample_release(&f->v[i].s);
	for (i = 0; i < NMEMBERS; i++)
		free(f->subjects[i]);
	free(f->longreason);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	workbook_set_rows_max(0);
	return 0;
}

static void
write_and_read(struct fixture *f, struct zipped *z)
{
	struct assure_diag d;
	char *path = tu_join(f->dir, "t2.xlsx");

	assure_diag_clear(&d);
	assert_int_equal(workbook_write(&f->t, path, &d), ASSURE_OK);
	unzip_all(path, z);
	free(path);
}

/* ---------------------------------------------------------------- tests */

static void
test_members_and_names(void **state)
{
	struct fixture *f = *state;
	const char *wbx;
	struct zipped z;
	int i;

	write_and_read(f, &z);
	assert_non_null(member_data(&z, "[Content_Types].xml"));
	assert_non_null(wbx = member_data(&z, "xl/workbook.xml"));
	for (i = 1; i <= 7; i++)
		assert_non_null(sheet(&z, i));
	assert_null(sheet(&z, 8));
	/* Summary first, the controls in order, the request list last. */
	assert_non_null(strstr(wbx, "<sheet name=\"Summary\" sheetId=\"1\""));
	assert_non_null(strstr(wbx, "<sheet name=\"GOV-02\" sheetId=\"2\""));
	assert_non_null(strstr(wbx, "<sheet name=\"HR-01\" sheetId=\"3\""));
	assert_non_null(strstr(wbx, "<sheet name=\"ac-01\" sheetId=\"4\""));
	/* Excel compares names without case: the second is renamed. */
	assert_non_null(strstr(wbx, "<sheet name=\"AC-01~2\" sheetId=\"5\""));
	/* 31 characters at most. */
	assert_non_null(strstr(wbx,
	    "<sheet name=\"A-very-long-control-identifier-\" sheetId=\"6\""));
	assert_non_null(strstr(wbx,
	    "<sheet name=\"Request list\" sheetId=\"7\""));
	zipped_free(&z);
}

static void
test_no_formulas(void **state)
{
	struct fixture *f = *state;
	const char *s;
	struct zipped z;
	size_t i;

	write_and_read(f, &z);
	for (i = 0; i < z.n; i++) {
		assert_null(strstr(z.data[i], "<f>"));
		assert_null(strstr(z.data[i], "<f "));
	}
	/* The subject, the owner and the request are literal text. */
	s = sheet(&z, 3);
	assert_non_null(strstr(s, "=HYPERLINK(\"http://evil.example/\""));
	assert_non_null(strstr(s, "=cmd|' /C calc'!A0"));
	assert_non_null(strstr(s, "t=\"inlineStr\""));
	assert_non_null(strstr(sheet(&z, 7), "=cmd|' /C calc'!A0"));
	assert_non_null(strstr(sheet(&z, 7), "supporting records for the "
	    "sampled items:"));
	/* The organisation is XML-escaped. */
	assert_non_null(strstr(sheet(&z, 1), "Example &amp; Co &lt;Ltd&gt;"));
	zipped_free(&z);
}

static void
test_layout(void **state)
{
	struct fixture *f = *state;
	const char *s;
	struct zipped z;

	write_and_read(f, &z);
	s = sheet(&z, 1);
	assert_non_null(strstr(s, "<autoFilter ref=\"A11:M16\""));
	assert_non_null(strstr(s, "state=\"frozen\""));
	assert_non_null(strstr(s, "exceptions noted"));
	assert_non_null(strstr(s, "not evidenced"));
	/* The per-event sheet: a column per test, the draw in the sample. */
	s = sheet(&z, 3);
	assert_non_null(strstr(s, "hr.background_check"));
	assert_non_null(strstr(s, "iam.aws_root"));
	assert_non_null(strstr(s, "checked 11 days after the hire"));
	assert_non_null(strstr(s, "warning: rrrr"));
	assert_non_null(strstr(s, "no exception"));
	assert_non_null(strstr(s, "In sample"));
	/* The 40,000-character reason is cut. */
	assert_null(strstr(s, "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr<"));
	assert_non_null(strstr(s, "rrr...</t>"));
	/* The monthly sheet: units with dates (numbers), the gap. */
	s = sheet(&z, 2);
	assert_non_null(strstr(s, "2026-02"));
	assert_non_null(strstr(s, "no occurrence"));
	assert_non_null(strstr(s, "<v>46023</v>"));	/* 2026-01-01 */
	assert_non_null(strstr(s, "Evidence continuity: gaps"));
	/* The request list. */
	s = sheet(&z, 7);
	assert_non_null(strstr(s, "documents evidencing the control for the "
	    "period"));
	assert_non_null(strstr(s, "provided"));
	assert_non_null(strstr(s, "open"));
	zipped_free(&z);
}

static void
test_row_limit(void **state)
{
	struct fixture *f = *state;
	const char *s;
	struct zipped z;

	workbook_set_rows_max(60);
	write_and_read(f, &z);
	s = sheet(&z, 3);
	assert_non_null(strstr(s, "of 100 rows shown: Excel holds at most "
	    "60 rows a sheet"));
	assert_null(strstr(s, "<row r=\"61\""));
	/* The sections after the population are still there. */
	assert_non_null(strstr(s, "Exceptions across the population"));
	assert_non_null(strstr(s, "What was found"));
	zipped_free(&z);
}

static void
test_unwritable(void **state)
{
	struct fixture *f = *state;
	struct assure_diag d;
	char *path = tu_join(f->dir, "missing/dir/t2.xlsx");

	assure_diag_clear(&d);
	assert_int_equal(workbook_write(&f->t, path, &d), ASSURE_ERR_IO);
	assert_string_equal(d.source, path);
	assert_non_null(strstr(d.msg, "cannot write the workbook"));
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_members_and_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_formulas, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
