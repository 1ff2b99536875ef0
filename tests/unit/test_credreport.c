/*
 * test_credreport.c: unit tests of the AWS IAM credential report parser
 * (src/parse/credreport.c) and of the base64 decoder it uses.
 *
 * Every input goes through parse_all(), which parses it whole, one byte
 * at a time and in a few odd chunk sizes, and fails unless all of them
 * give the same rows, the same code and the same diagnostic: the streaming
 * property is checked on every case, valid or not.  Fixtures are our own
 * (tests/data/credreport/); the genuine AWS samples in the shared folder
 * are used when it is there and skipped otherwise.  The last test streams
 * a generated 100 MB report from a temporary file and checks that the
 * parser's heap stays bounded, and a large JSON-wrapped one.
 */
#include "common/compat.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "common/base64.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/timeutil.h"
#include "parse/credreport.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif

#if defined(TEST_ASAN)
/* From <sanitizer/allocator_interface.h>, which gcc does not install. */
size_t __sanitizer_get_current_allocated_bytes(void);
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

#define TEST_ROWS_KEPT		16	/* rows copied for field checks */
#define TEST_DIAG_MAX		1024
#define TEST_TEXT_MAX		(64u * 1024 * 1024)
#define TEST_LINE_MAX		4096
#define TEST_BIG_BYTES		(100ul * 1024 * 1024)
#define TEST_BIG_CHUNK		(64u * 1024)
#define TEST_BIG_JSON_ROWS	40000ul	/* about 13 MB of CSV */
#define TEST_HEAP_MAX		(256u * 1024)	/* parser heap, streaming */
#define TEST_HEAP_EVERY		4096	/* rows between heap samples */

#define HEADER								\
	"user,arn,user_creation_time,password_enabled,password_last_used," \
	"password_last_changed,password_next_rotation,mfa_active,"	\
	"access_key_1_active,access_key_1_last_rotated,"		\
	"access_key_1_last_used_date,access_key_1_last_used_region,"	\
	"access_key_1_last_used_service,access_key_2_active,"		\
	"access_key_2_last_rotated,access_key_2_last_used_date,"	\
	"access_key_2_last_used_region,access_key_2_last_used_service,"	\
	"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"

#define ROOT_ROW							\
	"<root_account>,arn:aws:iam::111122223333:root,"		\
	"2019-03-11T08:12:45+00:00,not_supported,"			\
	"2024-06-02T14:03:11+00:00,not_supported,not_supported,true,false," \
	"N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"

/* Alice's row after her ARN, to build rows for other users. */
#define ALICE_REST							\
	",2019-03-11T09:01:02+00:00,true,2024-06-28T07:45:10+00:00,"	\
	"2024-04-02T10:11:12+00:00,2024-07-01T10:11:12+00:00,true,true," \
	"2024-03-15T16:20:00+00:00,2024-06-28T08:02:00+00:00,eu-west-1,s3," \
	"true,2023-01-01T00:00:00Z,2024-06-01T12:00:00Z,us-east-1,sts,"	\
	"true,2022-02-02T02:02:02+00:00,true,2022-03-03T03:03:03+00:00"

#define ALICE_ROW "alice,arn:aws:iam::111122223333:user/alice" ALICE_REST

static const char *const alice_fields[CREDREPORT_NCOLS] = {
	"alice", "arn:aws:iam::111122223333:user/alice",
	"2019-03-11T09:01:02+00:00", "true", "2024-06-28T07:45:10+00:00",
	"2024-04-02T10:11:12+00:00", "2024-07-01T10:11:12+00:00", "true",
	"true", "2024-03-15T16:20:00+00:00", "2024-06-28T08:02:00+00:00",
	"eu-west-1", "s3", "true", "2023-01-01T00:00:00Z",
	"2024-06-01T12:00:00Z", "us-east-1", "sts", "true",
	"2022-02-02T02:02:02+00:00", "true", "2022-03-03T03:03:03+00:00",
};

static const char *const markers[] = { "N/A", "no_information",
    "not_supported" };

/* ------------------------------------------------------------------ */
/* Running the parser */

/* A row copied out of the callback, strings included. */
struct rowcopy {
	struct credreport_row	r;
	char			user[256];
	char			arn[512];
	char			region[2][128];
	char			service[2][128];
};

struct result {
	enum assure_err		 rc;
	char			 diag[TEST_DIAG_MAX];
	struct assure_buf	 text;	/* every row, serialised */
	unsigned long		 rows;	/* callbacks */
	unsigned long		 parser_rows;
	struct opt_time		 generated;
	struct rowcopy		 kept[TEST_ROWS_KEPT];
	/* callback behaviour */
	unsigned long		 stop_at;	/* return stop_rc at row */
	enum assure_err		 stop_rc;
	bool			 stop_with_diag;
};

static void
text_time(struct assure_buf *b, const char *name, struct opt_time t)
{
	char s[ASSURE_TIME_STRLEN];

	if (t.has) {
		assure_time_format(t.t, s);
		assure_buf_printf(b, " %s=%s", name, s);
	} else
		assure_buf_printf(b, " %s=-", name);
}

static void
text_row(struct assure_buf *b, const struct credreport_row *r)
{
	static const char tri[] = "-FT";
	int i;

	assure_buf_printf(b, "%lu/%lu user=%s arn=%s root=%d part=%s acct=%s",
	    r->line, r->index, r->user, r->arn, r->is_root, r->partition,
	    r->account_id);
	text_time(b, "created", r->user_creation_time);
	assure_buf_printf(b, " pw=%c", tri[r->password_enabled]);
	text_time(b, "pw_used", r->password_last_used);
	text_time(b, "pw_changed", r->password_last_changed);
	text_time(b, "pw_next", r->password_next_rotation);
	assure_buf_printf(b, " mfa=%c", tri[r->mfa_active]);
	for (i = 0; i < 2; i++) {
		assure_buf_printf(b, " key%d=%c", i + 1, tri[r->key[i].active]);
		text_time(b, "rotated", r->key[i].last_rotated);
		text_time(b, "used", r->key[i].last_used);
		assure_buf_printf(b, " region=%s service=%s",
		    r->key[i].last_used_region ? r->key[i].last_used_region :
		    "-", r->key[i].last_used_service ?
		    r->key[i].last_used_service : "-");
	}
	for (i = 0; i < 2; i++) {
		assure_buf_printf(b, " cert%d=%c", i + 1,
		    tri[r->cert[i].active]);
		text_time(b, "rotated", r->cert[i].last_rotated);
	}
	assure_buf_addc(b, '\n');
}

static void
copy_str(char *dst, size_t size, const char **ptr)
{
	if (*ptr == NULL)
		return;
	assert_true(strlen(*ptr) < size);
	assure_strlcpy(dst, *ptr, size);
	*ptr = dst;
}

static enum assure_err
collect(const struct credreport_row *r, void *arg, struct assure_diag *d)
{
	struct result *res = arg;
	struct rowcopy *k;
	int i;

	assert_int_equal(r->index, res->rows);
	res->rows++;
	if (res->stop_at != 0 && r->index + 1 == res->stop_at) {
		if (res->stop_with_diag)
			assure_diag_set(d, res->stop_rc, NULL, r->line, 1,
			    "user", "rejected '%s'", r->user);
		return res->stop_rc;
	}
	text_row(&res->text, r);
	if (r->index < TEST_ROWS_KEPT) {
		k = &res->kept[r->index];
		k->r = *r;
		copy_str(k->user, sizeof(k->user), &k->r.user);
		copy_str(k->arn, sizeof(k->arn), &k->r.arn);
		for (i = 0; i < 2; i++) {
			copy_str(k->region[i], sizeof(k->region[i]),
			    &k->r.key[i].last_used_region);
			copy_str(k->service[i], sizeof(k->service[i]),
			    &k->r.key[i].last_used_service);
		}
	}
	return ASSURE_OK;
}

static void
result_init(struct result *res)
{
	memset(res, 0, sizeof(*res));
	assure_buf_init(&res->text, TEST_TEXT_MAX);
}

static void
result_free(struct result *res)
{
	assure_buf_free(&res->text);
}

/* Parse data[0..len) fed in pieces of chunk bytes (0: all at once). */
static void
parse_chunked(const char *source, const void *data, size_t len, size_t chunk,
    struct result *res)
{
	struct credreport_parser *p;
	struct assure_diag d;
	const char *s = data;
	size_t off, n;
	enum assure_err rc = ASSURE_OK;

	p = credreport_parser_new(source, collect, res);
	assert_non_null(p);
	assure_diag_clear(&d);
	if (chunk == 0)
		chunk = len > 0 ? len : 1;
	for (off = 0; off < len && rc == ASSURE_OK; off += n) {
		n = len - off < chunk ? len - off : chunk;
		rc = credreport_parser_feed(p, s + off, n, &d);
	}
	if (rc == ASSURE_OK)
		rc = credreport_parser_finish(p, &d);
	res->rc = rc;
	if (rc != ASSURE_OK)
		assure_diag_format(&d, res->diag, sizeof(res->diag));
	res->parser_rows = credreport_parser_rows(p);
	res->generated = credreport_parser_generated_time(p);
	credreport_parser_free(p);
	assert_int_equal(assure_buf_err(&res->text), ASSURE_OK);
}

/*
 * Parse whole into res, then again in other chunkings, and require the
 * same outcome from each.
 */
static void
parse_all(const char *source, const void *data, size_t len,
    struct result *res)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 4096 };
	struct result other;
	size_t i;

	parse_chunked(source, data, len, 0, res);
	for (i = 0; i < ASSURE_ARRAY_LEN(chunks); i++) {
		result_init(&other);
		other.stop_at = res->stop_at;
		other.stop_rc = res->stop_rc;
		other.stop_with_diag = res->stop_with_diag;
		parse_chunked(source, data, len, chunks[i], &other);
		assert_int_equal(other.rc, res->rc);
		assert_string_equal(other.diag, res->diag);
		assert_int_equal(other.rows, res->rows);
		assert_int_equal(other.parser_rows, res->parser_rows);
		assert_string_equal(assure_buf_str(&other.text),
		    assure_buf_str(&res->text));
		assert_int_equal(other.generated.has, res->generated.has);
		assert_int_equal(other.generated.t, res->generated.t);
		result_free(&other);
	}
}

static void
parse_str(const char *data, struct result *res)
{
	parse_all("t.csv", data, strlen(data), res);
}

/* data must parse, giving nrows rows. */
static void
expect_ok(const char *data, unsigned long nrows, struct result *res)
{
	result_init(res);
	parse_str(data, res);
	if (res->rc != ASSURE_OK)
		fail_msg("unexpected error: %s", res->diag);
	assert_int_equal(res->rows, nrows);
	assert_int_equal(res->parser_rows, nrows);
}

/* data[0..len) must fail with rc and exactly this diagnostic. */
static void
expect_err_n(const char *data, size_t len, enum assure_err rc,
    const char *diag)
{
	struct result res;

	result_init(&res);
	parse_all("t.csv", data, len, &res);
	if (res.rc == ASSURE_OK)
		fail_msg("expected '%s', parsed fine", diag);
	assert_string_equal(res.diag, diag);
	assert_int_equal(res.rc, rc);
	result_free(&res);
}

static void
expect_err(const char *data, enum assure_err rc, const char *diag)
{
	expect_err_n(data, strlen(data), rc, diag);
}

/* The alice row with column col replaced by value. */
static char *
alice_with(unsigned col, const char *value)
{
	struct assure_buf b;
	unsigned i;

	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HEADER "\n");
	for (i = 0; i < CREDREPORT_NCOLS; i++) {
		if (i > 0)
			assure_buf_addc(&b, ',');
		assure_buf_adds(&b, i == col ? value : alice_fields[i]);
	}
	assure_buf_addc(&b, '\n');
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	return assure_buf_detach(&b, NULL);
}

/* The 1-based column where field col of an alice_with() row starts. */
static unsigned long
alice_col(unsigned col, const char *value)
{
	unsigned long c = 1;
	unsigned i;

	(void)value;
	for (i = 0; i < col; i++)
		c += strlen(alice_fields[i]) + 1;
	return c;
}

static char *
read_fixture(const char *path, size_t *ret_len)
{
	struct assure_buf b;
	char tmp[4096];
	FILE *f;
	size_t n;

	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assure_buf_init(&b, 0);
	for (;;) {
		n = fread(tmp, 1, sizeof(tmp), f);
		if (n == 0)
			break;
		assure_buf_add(&b, tmp, n);
	}
	fclose(f);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	return assure_buf_detach(&b, ret_len);
}

static void
parse_fixture(const char *name, struct result *res)
{
	char *path, *data;
	size_t len;

	path = tu_data_path(name);
	data = read_fixture(path, &len);
	result_init(res);
	parse_all(name, data, len, res);
	if (res->rc != ASSURE_OK)
		fail_msg("%s: %s", name, res->diag);
	free(data);
	free(path);
}

static int64_t
ts(const char *s)
{
	int64_t t;

	assert_int_equal(assure_time_parse(s, strlen(s), &t), 0);
	return t;
}

static void
assert_time(struct opt_time t, const char *want)
{
	if (want == NULL) {
		assert_false(t.has);
		assert_int_equal(t.t, 0);
	} else {
		assert_true(t.has);
		assert_int_equal(t.t, ts(want));
	}
}

static void
assert_str_or_null(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/* ------------------------------------------------------------------ */
/* base64 */

static void
test_base64_vectors(void **state)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const char *const bad[] = { "Zg=", "Z===", "Zm9v=", "Zm=9",
	    "Zh==", "Zm9=", "Z", "Zm9vY", "Zm9v!A==", "Zg==Zg==" };
	struct assure_buf b;
	struct assure_base64_dec d;
	unsigned char out[16];
	size_t i, j, n, total;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(v); i++) {
		assure_buf_init(&b, 0);
		assure_base64_encode(&b, v[i][0], strlen(v[i][0]));
		assert_string_equal(assure_buf_str(&b), v[i][1]);
		assure_buf_free(&b);
		assert_int_equal(assure_base64_decode(v[i][1],
		    strlen(v[i][1]), &b), ASSURE_OK);
		assert_string_equal(assure_buf_str(&b), v[i][0]);
		assure_buf_free(&b);
		/* one byte at a time */
		assure_base64_dec_init(&d);
		total = 0;
		for (j = 0; j < strlen(v[i][1]); j++) {
			assert_int_equal(assure_base64_dec_update(&d,
			    v[i][1] + j, 1, out + total, &n), ASSURE_OK);
			total += n;
		}
		assert_int_equal(assure_base64_dec_final(&d, out + total, &n),
		    ASSURE_OK);
		total += n;
		assert_int_equal(total, strlen(v[i][0]));
		assert_memory_equal(out, v[i][0], total);
	}
	/* white space and a missing final padding are accepted */
	assure_buf_init(&b, 0);
	assert_int_equal(assure_base64_decode("Zm9v\r\nYmE", 9, &b),
	    ASSURE_OK);
	assert_string_equal(assure_buf_str(&b), "fooba");
	assure_buf_free(&b);
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assure_buf_init(&b, 0);
		if (assure_base64_decode(bad[i], strlen(bad[i]), &b) !=
		    ASSURE_ERR_PARSE)
			fail_msg("'%s' decoded", bad[i]);
		assure_buf_free(&b);
	}
}

/* ------------------------------------------------------------------ */
/* Valid reports */

static void
check_acme(const struct result *res)
{
	const struct credreport_row *r;

	assert_int_equal(res->rows, 9);

	r = &res->kept[0].r;
	assert_int_equal(r->line, 2);
	assert_string_equal(r->user, "<root_account>");
	assert_string_equal(r->arn, "arn:aws:iam::111122223333:root");
	assert_true(r->is_root);
	assert_string_equal(r->partition, "aws");
	assert_string_equal(r->account_id, "111122223333");
	assert_time(r->user_creation_time, "2019-03-11T08:12:45Z");
	assert_int_equal(r->password_enabled, TRI_ABSENT);
	assert_time(r->password_last_used, "2024-06-02T14:03:11Z");
	assert_time(r->password_last_changed, NULL);
	assert_time(r->password_next_rotation, NULL);
	assert_int_equal(r->mfa_active, TRI_TRUE);
	assert_int_equal(r->key[0].active, TRI_FALSE);
	assert_int_equal(r->key[1].active, TRI_FALSE);
	assert_time(r->key[0].last_used, NULL);
	assert_null(r->key[0].last_used_region);

	r = &res->kept[1].r;
	assert_string_equal(r->user, "alice.martin");
	assert_false(r->is_root);
	assert_int_equal(r->password_enabled, TRI_TRUE);
	assert_int_equal(r->mfa_active, TRI_TRUE);
	assert_time(r->password_next_rotation, "2024-07-01T10:11:12Z");
	assert_int_equal(r->key[0].active, TRI_TRUE);
	assert_time(r->key[0].last_rotated, "2024-03-15T16:20:00Z");
	assert_time(r->key[0].last_used, "2024-06-28T08:02:00Z");
	assert_str_or_null(r->key[0].last_used_region, "eu-west-1");
	assert_str_or_null(r->key[0].last_used_service, "s3");

	r = &res->kept[3].r;
	assert_string_equal(r->user, "ci-deploy");
	assert_string_equal(r->arn,
	    "arn:aws:iam::111122223333:user/automation/ci-deploy");
	assert_int_equal(r->password_enabled, TRI_FALSE);
	assert_time(r->password_last_used, NULL);
	assert_int_equal(r->key[1].active, TRI_TRUE);
	assert_str_or_null(r->key[1].last_used_service, "sts");

	r = &res->kept[4].r;
	assert_string_equal(r->user, "carol.ng");
	assert_int_equal(r->password_enabled, TRI_TRUE);
	assert_time(r->password_last_used, NULL);	/* no_information */

	r = &res->kept[6].r;
	assert_string_equal(r->user, "legacy-ftp");
	assert_null(r->key[0].last_used_region);	/* S3: not regional */
	assert_str_or_null(r->key[0].last_used_service, "s3");
	assert_int_equal(r->cert[0].active, TRI_TRUE);
	assert_time(r->cert[0].last_rotated, "2016-08-30T15:20:00Z");
	assert_int_equal(r->cert[1].active, TRI_FALSE);

	r = &res->kept[8].r;
	assert_int_equal(r->line, 10);
	assert_int_equal(r->index, 8);
	assert_string_equal(r->user, "ops+oncall");
}

static void
test_acme_csv(void **state)
{
	struct result res;

	(void)state;
	parse_fixture("credreport/acme-2024-06.csv", &res);
	check_acme(&res);
	assert_false(res.generated.has);
	result_free(&res);
}

/* The same report saved four more ways gives the same rows. */
static void
test_acme_variants_agree(void **state)
{
	static const char *const names[] = {
		"credreport/acme-2024-06-upper.csv",
		"credreport/acme-2024-06-bom-crlf.csv",
		"credreport/acme-get-credential-report.json",
		"credreport/acme-get-credential-report-text.json",
	};
	struct result base, res;
	size_t i;

	(void)state;
	parse_fixture("credreport/acme-2024-06.csv", &base);
	for (i = 0; i < ASSURE_ARRAY_LEN(names); i++) {
		parse_fixture(names[i], &res);
		check_acme(&res);
		assert_string_equal(assure_buf_str(&res.text),
		    assure_buf_str(&base.text));
		result_free(&res);
	}
	result_free(&base);
}

static void
test_json_wrapper(void **state)
{
	struct result res;

	(void)state;
	/* base64 Content, as the AWS CLI prints it */
	parse_fixture("credreport/acme-get-credential-report.json", &res);
	assert_true(res.generated.has);
	assert_int_equal(res.generated.t, ts("2024-06-30T06:00:04Z"));
	result_free(&res);
	/* text Content, as an SDK collector saves it, with extra keys */
	parse_fixture("credreport/acme-get-credential-report-text.json", &res);
	assert_true(res.generated.has);
	assert_int_equal(res.generated.t, ts("2024-06-30T06:00:04Z"));
	result_free(&res);
	/* no GeneratedTime, keys in another order, no ReportFormat */
	expect_ok("{\"Other\": [1, {\"Content\": 2}, null, true],"
	    " \"Content\": \"" HEADER "\\n" ALICE_ROW "\\r\\n\"}", 1, &res);
	assert_false(res.generated.has);
	assert_string_equal(res.kept[0].r.user, "alice");
	result_free(&res);
	/* base64 of a CSV with a BOM and no final newline */
	expect_ok("{\"GeneratedTime\": \"2024-01-02T03:04:05.123Z\","
	    " \"Content\": \"77u/dXNlcixhcm4sdXNlcl9jcmVhdGlvbl90aW1lLHBhc3N3"
	    "b3JkX2VuYWJsZWQscGFzc3dvcmRfbGFzdF91c2VkLHBhc3N3b3JkX2xhc3RfY2hh"
	    "bmdlZCxwYXNzd29yZF9uZXh0X3JvdGF0aW9uLG1mYV9hY3RpdmUsYWNjZXNzX2tl"
	    "eV8xX2FjdGl2ZSxhY2Nlc3Nfa2V5XzFfbGFzdF9yb3RhdGVkLGFjY2Vzc19rZXlf"
	    "MV9sYXN0X3VzZWRfZGF0ZSxhY2Nlc3Nfa2V5XzFfbGFzdF91c2VkX3JlZ2lvbixh"
	    "Y2Nlc3Nfa2V5XzFfbGFzdF91c2VkX3NlcnZpY2UsYWNjZXNzX2tleV8yX2FjdGl2"
	    "ZSxhY2Nlc3Nfa2V5XzJfbGFzdF9yb3RhdGVkLGFjY2Vzc19rZXlfMl9sYXN0X3Vz"
	    "ZWRfZGF0ZSxhY2Nlc3Nfa2V5XzJfbGFzdF91c2VkX3JlZ2lvbixhY2Nlc3Nfa2V5"
	    "XzJfbGFzdF91c2VkX3NlcnZpY2UsY2VydF8xX2FjdGl2ZSxjZXJ0XzFfbGFzdF9y"
	    "b3RhdGVkLGNlcnRfMl9hY3RpdmUsY2VydF8yX2xhc3Rfcm90YXRlZA==\","
	    " \"ReportFormat\": \"text/csv\"}", 0, &res);
	assert_true(res.generated.has);
	assert_int_equal(res.generated.t, ts("2024-01-02T03:04:05Z"));
	result_free(&res);
	/* a BOM and blank space before the document */
	expect_ok("\xef\xbb\xbf\r\n  {\"Content\":\"" HEADER "\"}\n\n", 0,
	    &res);
	result_free(&res);
}

static void
test_json_errors(void **state)
{
	(void)state;
	expect_err("{\"GeneratedTime\": \"2024-06-30T06:00:04Z\"}",
	    ASSURE_ERR_PARSE, "t.csv:1:41: Content: expected the key Content "
	    "(the report), got the end of the object");
	expect_err("{\"Content\": \"" HEADER "\"",
	    ASSURE_ERR_PARSE, "t.csv:1:472: expected JSON, got parse error: "
	    "premature EOF");
	expect_err("{\"Content\": 42}", ASSURE_ERR_PARSE,
	    "t.csv:1:2: Content: expected the report as a string, got a "
	    "number");
	expect_err("{\"Content\": {\"a\": 1}}", ASSURE_ERR_PARSE,
	    "t.csv:1:2: Content: expected the report as a string, got an "
	    "object");
	expect_err("{\n  \"Content\": \"" HEADER "\",\n"
	    "  \"GeneratedTime\": \"yesterday\"\n}", ASSURE_ERR_PARSE,
	    "t.csv:3:3: GeneratedTime: expected an RFC 3339 timestamp, got "
	    "'yesterday'");
	expect_err("{\"GeneratedTime\": null, \"Content\": \"\"}",
	    ASSURE_ERR_PARSE, "t.csv:1:2: GeneratedTime: expected an RFC 3339 "
	    "timestamp string, got null");
	expect_err("{\"ReportFormat\": \"text/xml\", \"Content\": \"\"}",
	    ASSURE_ERR_PARSE, "t.csv:1:2: ReportFormat: expected 'text/csv', "
	    "got 'text/xml'");
	expect_err("{\"Content\": \"" HEADER "\", \"Content\": \"\"}",
	    ASSURE_ERR_PARSE, "t.csv:1:474: Content: expected one Content "
	    "key, got another");
	/* errors inside Content are located in the CSV text */
	expect_err("{\"Content\": \"\"}", ASSURE_ERR_PARSE,
	    "t.csv (Content): empty file: expected the credential report "
	    "header");
	expect_err("{\"Content\": \"" HEADER "\\n" ROOT_ROW "\\nbob,arn:aws:"
	    "iam::111122223333:user/rob" ALICE_REST "\"}", ASSURE_ERR_PARSE,
	    "t.csv (Content):3:5: arn: expected a user ARN ending in '/bob', "
	    "got 'arn:aws:iam::111122223333:user/rob'");
	/* base64 that is malformed, or decodes to something that is not CSV */
	expect_err("{\n\"Content\": \"Zh==\"}", ASSURE_ERR_PARSE,
	    "t.csv:2:1: Content: expected base64 text, got a malformed group "
	    "at offset 2 of the value");
	expect_err("{\"Content\": \"e30=\"}", ASSURE_ERR_PARSE,
	    "t.csv (Content):1:1: header: column 1: expected 'user', got '{}'");
	/* syntax and nesting */
	expect_err("{\"Content\": tru}", ASSURE_ERR_PARSE,
	    "t.csv:1:13: expected JSON, got lexical error: invalid string in "
	    "json text");
	expect_err("{\"Content\": \"" HEADER "\"} {}", ASSURE_ERR_PARSE,
	    "t.csv:1:474: expected JSON, got parse error: trailing garbage");
	expect_err("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]], \"Content\": \"\"}", ASSURE_ERR_LIMIT,
	    "t.csv:1:37: expected at most 32 levels of nesting");
	expect_err("{\"Content\": \"a\\u0000b\"}", ASSURE_ERR_PARSE,
	    "t.csv (Content):1:2: expected text, got a NUL byte");
}

static void
test_header_only(void **state)
{
	struct result res;

	(void)state;
	parse_fixture("credreport/acme-header-only.csv", &res);
	assert_int_equal(res.rows, 0);
	result_free(&res);
	expect_ok(HEADER, 0, &res);
	result_free(&res);
	expect_ok(HEADER "\r\n", 0, &res);
	result_free(&res);
	/* blank trailing lines are ignored, blank leading ones skipped */
	expect_ok("\n\r\n" HEADER "\n" ALICE_ROW "\n\n\r\n\n", 1, &res);
	assert_int_equal(res.kept[0].r.line, 4);
	result_free(&res);
}

static void
test_empty_file(void **state)
{
	static const char *const empty[] = { "", "\n", "\r\n\r\n", "  \t\n",
	    "\xef\xbb\xbf", "\xef\xbb\xbf\n" };
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(empty); i++)
		expect_err(empty[i], ASSURE_ERR_PARSE,
		    "t.csv: empty file: expected the credential report header");
}

static void
test_quoted_fields(void **state)
{
	struct result res;

	(void)state;
	/* every field quoted, header too; a comma and an escaped quote */
	expect_ok("\"user\",\"arn\",\"user_creation_time\",\"password_enabled\""
	    ",\"password_last_used\",\"password_last_changed\","
	    "\"password_next_rotation\",\"mfa_active\",\"access_key_1_active\","
	    "\"access_key_1_last_rotated\",\"access_key_1_last_used_date\","
	    "\"access_key_1_last_used_region\","
	    "\"access_key_1_last_used_service\",\"access_key_2_active\","
	    "\"access_key_2_last_rotated\",\"access_key_2_last_used_date\","
	    "\"access_key_2_last_used_region\","
	    "\"access_key_2_last_used_service\",\"cert_1_active\","
	    "\"cert_1_last_rotated\",\"cert_2_active\","
	    "\"cert_2_last_rotated\"\n"
	    "\"eve,contractor\",\"arn:aws:iam::111122223333:user/ext/"
	    "eve,contractor\",\"2024-01-01T00:00:00Z\",\"true\",\"N/A\","
	    "\"2024-01-01T00:00:01Z\",\"N/A\",\"false\",\"false\",\"N/A\","
	    "\"N/A\",\"N/A\",\"N/A\",\"false\",\"N/A\",\"N/A\",\"N/A\",\"N/A\","
	    "\"false\",\"N/A\",\"false\",\"N/A\"\n", 1, &res);
	assert_string_equal(res.kept[0].r.user, "eve,contractor");
	assert_string_equal(res.kept[0].r.arn,
	    "arn:aws:iam::111122223333:user/ext/eve,contractor");
	assert_false(res.kept[0].r.password_last_used.has);
	result_free(&res);
	/* a "" in an unquoted field is an error ... */
	expect_err(HEADER "\n\"q\"\"uote\",arn:aws:iam::111122223333:user/"
	    "q\"\"uote\n", ASSURE_ERR_PARSE, "t.csv:2:43: arn: expected a "
	    "field in quotes or without any, got a '\"' inside a field");
	/* ... and quoted it is fine */
	expect_ok(HEADER "\n\"q\"\"uote\",\"arn:aws:iam::111122223333:user/"
	    "q\"\"uote\",2024-01-01T00:00:00Z,true,N/A,2024-01-01T00:00:01Z,"
	    "N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,"
	    "false,\"N/A\"\n", 1, &res);
	assert_string_equal(res.kept[0].r.user, "q\"uote");
	assert_string_equal(res.kept[0].r.arn,
	    "arn:aws:iam::111122223333:user/q\"uote");
	result_free(&res);
	/* the quoted comma */
	expect_ok(HEADER "\n\"eve,contractor\",\"arn:aws:iam::111122223333:"
	    "user/ext/eve,contractor\",2024-01-01T00:00:00Z,true,N/A,"
	    "2024-01-01T00:00:01Z,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,"
	    "N/A,N/A,N/A,false,N/A,false,N/A", 1, &res);
	assert_string_equal(res.kept[0].r.user, "eve,contractor");
	result_free(&res);
	/* a quoted line break: lines keep counting */
	expect_err(HEADER "\n" ROOT_ROW "\n\"multi\nline\",arn:aws:iam::"
	    "111122223333:user/multi" ALICE_REST "\n", ASSURE_ERR_PARSE,
	    "t.csv:4:7: arn: expected a user ARN ending in '/multi\\x0aline', "
	    "got 'arn:aws:iam::111122223333:user/multi'");
	expect_err(HEADER "\n\"a\"b,", ASSURE_ERR_PARSE,
	    "t.csv:2:4: user: expected ',' or the end of the line after a "
	    "closing quote, got 'b'");
	expect_err(HEADER "\n" ROOT_ROW "\nalice,\"arn:aws:iam::\n",
	    ASSURE_ERR_PARSE, "t.csv:3:7: arn: expected a closing '\"', got "
	    "the end of the input");
}

static void
test_crlf_and_bom(void **state)
{
	struct result lf, crlf;

	(void)state;
	expect_ok(HEADER "\n" ROOT_ROW "\n" ALICE_ROW "\n", 2, &lf);
	expect_ok("\xef\xbb\xbf" HEADER "\r\n" ROOT_ROW "\r\n" ALICE_ROW
	    "\r\n", 2, &crlf);
	assert_string_equal(assure_buf_str(&lf.text),
	    assure_buf_str(&crlf.text));
	result_free(&crlf);
	/* mixed line ends, no final one */
	expect_ok(HEADER "\r\n" ROOT_ROW "\n" ALICE_ROW, 2, &crlf);
	assert_string_equal(assure_buf_str(&lf.text),
	    assure_buf_str(&crlf.text));
	result_free(&crlf);
	result_free(&lf);
	/* the BOM does not count as a column */
	expect_err("\xef\xbb\xbfuser,arm", ASSURE_ERR_PARSE, "t.csv:1:6: "
	    "header: column 2: expected 'arn', got 'arm'");
	/* half a BOM is data */
	expect_err("\xef\xbbuser", ASSURE_ERR_PARSE, "t.csv:1:1: header: "
	    "column 1: expected 'user', got '\\xef\\xbbuser'");
	expect_err(HEADER "\r" ROOT_ROW, ASSURE_ERR_PARSE, "t.csv:1:458: "
	    "expected a line feed after a carriage return, got '<'");
	expect_err("\xff\xfeu\0s\0", ASSURE_ERR_PARSE, "t.csv:1:1: expected "
	    "UTF-8 text, got UTF-16 or binary data");
	expect_err_n(HEADER "\n" ROOT_ROW "\nal\0ice",
	    sizeof(HEADER "\n" ROOT_ROW "\nal\0ice") - 1, ASSURE_ERR_PARSE,
	    "t.csv:3:3: expected text, got a NUL byte");
}

static void
test_header_errors(void **state)
{
	(void)state;
	/* wrong order */
	expect_err("user,arn,user_creation_time,password_last_used,"
	    "password_enabled", ASSURE_ERR_PARSE, "t.csv:1:29: header: "
	    "column 4: expected 'password_enabled', got 'password_last_used'");
	/* too few */
	expect_err("user,arn,user_creation_time\n", ASSURE_ERR_PARSE,
	    "t.csv:1:28: header: column 4: expected 'password_enabled', got "
	    "the end of the line");
	expect_err(HEADER ",\n", ASSURE_ERR_PARSE, "t.csv:1:459: header: "
	    "column 23: expected the end of the line, got ''");
	expect_err(HEADER ",mfa_device_serial\n" ALICE_ROW, ASSURE_ERR_PARSE,
	    "t.csv:1:459: header: column 23: expected the end of the line, "
	    "got 'mfa_device_serial'");
	/* an unrelated CSV */
	expect_err("name,email\nalice,a@example.com\n", ASSURE_ERR_PARSE,
	    "t.csv:1:1: header: column 1: expected 'user', got 'name'");
	/* blank space before the header is skipped, columns still count */
	expect_err("\n  user,arn", ASSURE_ERR_PARSE, "t.csv:2:11: header: "
	    "column 3: expected 'user_creation_time', got the end of the "
	    "line");
}

static void
test_row_field_count(void **state)
{
	char *s;

	(void)state;
	expect_err(HEADER "\n" ROOT_ROW ",extra\n", ASSURE_ERR_PARSE,
	    "t.csv:2:210: row: expected 22 fields, got 23");
	expect_err(HEADER "\n" ROOT_ROW ",,,,\n", ASSURE_ERR_PARSE,
	    "t.csv:2:210: row: expected 22 fields, got 26");
	expect_err(HEADER "\nalice,arn:aws:iam::111122223333:user/alice\n",
	    ASSURE_ERR_PARSE, "t.csv:2:43: user_creation_time: expected 22 "
	    "fields, got 2");
	expect_err(HEADER "\n" ROOT_ROW "\n \n", ASSURE_ERR_PARSE,
	    "t.csv:3:2: arn: expected 22 fields, got 1");
	/* a blank line in the middle */
	expect_err(HEADER "\n\n" ROOT_ROW "\n", ASSURE_ERR_PARSE,
	    "t.csv:2:1: expected a record, got a blank line");
	/* the whole row missing its last field */
	s = alice_with(21, "");
	s[strlen(s) - 2] = '\n';
	s[strlen(s) - 1] = '\0';
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:324: cert_2_last_rotated: "
	    "expected 22 fields, got 21");
	free(s);
}

static void
test_bad_boolean(void **state)
{
	static const char *const bad[] = { "yes", "1", "", "t", "truee",
	    "N/A", "no_information", "not_supported", " true" };
	static const unsigned cols[] = { 7, 8, 13, 18, 20 };
	char *s, want[512];
	size_t i, j;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(cols); i++)
		for (j = 0; j < ASSURE_ARRAY_LEN(bad); j++) {
			s = alice_with(cols[i], bad[j]);
			snprintf(want, sizeof(want), "t.csv:2:%lu: %s: "
			    "expected true or false, got '%s'",
			    alice_col(cols[i], bad[j]),
			    cols[i] == 7 ? "mfa_active" :
			    cols[i] == 8 ? "access_key_1_active" :
			    cols[i] == 13 ? "access_key_2_active" :
			    cols[i] == 18 ? "cert_1_active" : "cert_2_active",
			    bad[j]);
			expect_err(s, ASSURE_ERR_PARSE, want);
			free(s);
		}
	s = alice_with(3, "maybe");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:70: password_enabled: "
	    "expected true, false or not_supported, got 'maybe'");
	free(s);
}

static void
test_uppercase_booleans(void **state)
{
	static const char *const t[] = { "TRUE", "True", "tRuE" };
	static const char *const f[] = { "FALSE", "False", "fAlSe" };
	static const unsigned cols[] = { 3, 7, 8, 13, 18, 20 };
	struct result res;
	const struct credreport_row *r;
	char *s;
	size_t i, j;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(cols); i++)
		for (j = 0; j < ASSURE_ARRAY_LEN(t); j++) {
			s = alice_with(cols[i], t[j]);
			expect_ok(s, 1, &res);
			r = &res.kept[0].r;
			assert_int_equal(r->password_enabled, TRI_TRUE);
			assert_int_equal(r->mfa_active, TRI_TRUE);
			assert_int_equal(r->cert[1].active, TRI_TRUE);
			result_free(&res);
			free(s);
			s = alice_with(cols[i], f[j]);
			expect_ok(s, 1, &res);
			r = &res.kept[0].r;
			switch (cols[i]) {
			case 3:
				assert_int_equal(r->password_enabled,
				    TRI_FALSE);
				break;
			case 7:
				assert_int_equal(r->mfa_active, TRI_FALSE);
				break;
			case 8:
				assert_int_equal(r->key[0].active, TRI_FALSE);
				break;
			case 13:
				assert_int_equal(r->key[1].active, TRI_FALSE);
				break;
			case 18:
				assert_int_equal(r->cert[0].active, TRI_FALSE);
				break;
			default:
				assert_int_equal(r->cert[1].active, TRI_FALSE);
				break;
			}
			result_free(&res);
			free(s);
		}
}

/* Each absence marker, in each column that may be absent, is absent. */
static void
test_markers_everywhere(void **state)
{
	static const unsigned time_cols[] = { 2, 4, 5, 6, 9, 10, 14, 15, 19,
	    21 };
	static const unsigned name_cols[] = { 11, 12, 16, 17 };
	struct result res;
	const struct credreport_row *r;
	struct opt_time t;
	const char *name;
	char *s;
	size_t i, m;

	(void)state;
	for (m = 0; m < ASSURE_ARRAY_LEN(markers); m++) {
		for (i = 0; i < ASSURE_ARRAY_LEN(time_cols); i++) {
			s = alice_with(time_cols[i], markers[m]);
			expect_ok(s, 1, &res);
			r = &res.kept[0].r;
			switch (time_cols[i]) {
			case 2: t = r->user_creation_time; break;
			case 4: t = r->password_last_used; break;
			case 5: t = r->password_last_changed; break;
			case 6: t = r->password_next_rotation; break;
			case 9: t = r->key[0].last_rotated; break;
			case 10: t = r->key[0].last_used; break;
			case 14: t = r->key[1].last_rotated; break;
			case 15: t = r->key[1].last_used; break;
			case 19: t = r->cert[0].last_rotated; break;
			default: t = r->cert[1].last_rotated; break;
			}
			assert_false(t.has);
			assert_int_equal(t.t, 0);
			/* and nothing else moved */
			assert_int_equal(r->mfa_active, TRI_TRUE);
			result_free(&res);
			free(s);
		}
		for (i = 0; i < ASSURE_ARRAY_LEN(name_cols); i++) {
			s = alice_with(name_cols[i], markers[m]);
			expect_ok(s, 1, &res);
			r = &res.kept[0].r;
			name = name_cols[i] == 11 ? r->key[0].last_used_region :
			    name_cols[i] == 12 ? r->key[0].last_used_service :
			    name_cols[i] == 16 ? r->key[1].last_used_region :
			    r->key[1].last_used_service;
			assert_null(name);
			result_free(&res);
			free(s);
		}
		s = alice_with(3, markers[m]);
		expect_ok(s, 1, &res);
		assert_int_equal(res.kept[0].r.password_enabled, TRI_ABSENT);
		result_free(&res);
		free(s);
	}
	/* any case */
	s = alice_with(4, "n/a");
	expect_ok(s, 1, &res);
	assert_false(res.kept[0].r.password_last_used.has);
	result_free(&res);
	free(s);
}

static void
test_bad_values(void **state)
{
	char *s;

	(void)state;
	s = alice_with(2, "2024-13-01T00:00:00+00:00");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:44: user_creation_time: "
	    "expected an RFC 3339 timestamp or N/A, got "
	    "'2024-13-01T00:00:00+00:00'");
	free(s);
	s = alice_with(10, "2024-02-30");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:189: "
	    "access_key_1_last_used_date: expected an RFC 3339 timestamp or "
	    "N/A, got '2024-02-30'");
	free(s);
	s = alice_with(4, "2024-06-28 07:45");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:75: password_last_used: "
	    "expected an RFC 3339 timestamp or N/A, got '2024-06-28 07:45'");
	free(s);
	s = alice_with(5, "");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:101: password_last_changed: "
	    "expected an RFC 3339 timestamp or N/A, got ''");
	free(s);
	s = alice_with(11, "eu west 1");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:215: "
	    "access_key_1_last_used_region: expected an AWS region or N/A, "
	    "got 'eu west 1'");
	free(s);
	s = alice_with(17, "");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:285: "
	    "access_key_2_last_used_service: expected an AWS service name or "
	    "N/A, got ''");
	free(s);
	s = alice_with(0, "");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:1: user: expected a user "
	    "name, got ''");
	free(s);
	/* a long value is cut in the message, control bytes escaped */
	s = alice_with(2, "\"0123456789012345678901234567890123456789"
	    "0123456789\"");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:44: user_creation_time: "
	    "expected an RFC 3339 timestamp or N/A, got "
	    "'0123456789012345678901234567890123456789...'");
	free(s);
	s = alice_with(2, "2024\t01");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:44: user_creation_time: "
	    "expected an RFC 3339 timestamp or N/A, got '2024\\x0901'");
	free(s);
}

static void
test_bad_arn(void **state)
{
	static const char *const bad[] = {
		"", "arn", "arn:aws:iam::111122223333:user/",
		"arn:aws:iam::11112222333:user/alice",
		"arn:aws:iam::1111222233334:user/alice",
		"arn:aws:iam::11112222333x:user/alice",
		"arn:aws:sts::111122223333:user/alice",
		"arn:aws:iam:us-east-1:111122223333:user/alice",
		"arn:aws-mars:iam::111122223333:user/alice",
		"arn:AWS:iam::111122223333:user/alice",
		"arn:aws:iam::111122223333:role/alice",
		"arn:aws:iam::111122223333:user//alice",
		"arn:aws:iam::111122223333:user/x//alice",
		"arn:aws:iam::111122223333:user/alice/",
		"arn:aws:iam::111122223333:user/al ice",
		"arn:aws:iam::111122223333:rootx",
		"ARN:aws:iam::111122223333:user/alice",
	};
	char *s, want[512];
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		s = alice_with(1, bad[i]);
		snprintf(want, sizeof(want), "t.csv:2:7: arn: expected "
		    "'arn:<partition>:iam::<12 digits>:root' or "
		    "'...:user/<name>', got '%.40s%s'", bad[i],
		    strlen(bad[i]) > 40 ? "..." : "");
		expect_err(s, ASSURE_ERR_PARSE, want);
		free(s);
	}
	/* the user column and the ARN disagree */
	s = alice_with(1, "arn:aws:iam::111122223333:user/bob");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:7: arn: expected a user ARN "
	    "ending in '/alice', got 'arn:aws:iam::111122223333:user/bob'");
	free(s);
	s = alice_with(1, "arn:aws:iam::111122223333:user/dev/Alice");
	expect_err(s, ASSURE_ERR_PARSE, "t.csv:2:7: arn: expected a user ARN "
	    "ending in '/alice', got 'arn:aws:iam::111122223333:user/dev/"
	    "Alice'");
	free(s);
	/* two accounts in one report */
	expect_err(HEADER "\n" ROOT_ROW "\nbob,arn:aws:iam::999988887777:"
	    "user/bob" ALICE_REST, ASSURE_ERR_PARSE,
	    "t.csv:3:5: arn: expected account "
	    "111122223333 (as on line 2), got 'arn:aws:iam::999988887777:user/"
	    "bob'");
}

static void
test_partitions(void **state)
{
	static const char *const part[] = { "aws", "aws-cn", "aws-us-gov",
	    "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc" };
	struct result res;
	char arn[128], *s;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(part); i++) {
		snprintf(arn, sizeof(arn), "arn:%s:iam::111122223333:user/"
		    "alice", part[i]);
		s = alice_with(1, arn);
		expect_ok(s, 1, &res);
		assert_string_equal(res.kept[0].r.partition, part[i]);
		assert_string_equal(res.kept[0].r.account_id, "111122223333");
		result_free(&res);
		free(s);
	}
}

static void
test_root_detection(void **state)
{
	struct result res;

	(void)state;
	expect_ok(HEADER "\n" ALICE_ROW "\n" ROOT_ROW "\n", 2, &res);
	assert_false(res.kept[0].r.is_root);
	assert_true(res.kept[1].r.is_root);
	assert_int_equal(res.kept[1].r.line, 3);
	result_free(&res);
	/* root in the GovCloud partition */
	expect_ok(HEADER "\n<root_account>,arn:aws-us-gov:iam::111122223333:"
	    "root,2019-03-11T08:12:45+00:00,not_supported,N/A,not_supported,"
	    "not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
	    "false,N/A,false,N/A", 1, &res);
	assert_true(res.kept[0].r.is_root);
	assert_string_equal(res.kept[0].r.partition, "aws-us-gov");
	result_free(&res);
	/* the root name with a user ARN, and the other way round */
	expect_err(HEADER "\n<root_account>,arn:aws:iam::111122223333:user/"
	    "<root_account>" ALICE_REST, ASSURE_ERR_PARSE,
	    "t.csv:2:16: arn: expected "
	    "the root ARN 'arn:aws:iam::111122223333:root' for "
	    "'<root_account>', got 'arn:aws:iam::111122223333:user/"
	    "<root_acc...'");
	expect_err(HEADER "\nroot,arn:aws:iam::111122223333:root" ALICE_REST,
	    ASSURE_ERR_PARSE, "t.csv:2:1: user: expected '<root_account>' for "
	    "a root ARN, got 'root'");
	expect_err(HEADER "\n" ROOT_ROW "\n" ROOT_ROW "\n", ASSURE_ERR_PARSE,
	    "t.csv:3:1: user: expected one '<root_account>' row, got another "
	    "(the first is on line 2)");
}

static void
test_limits(void **state)
{
	struct assure_buf b;
	unsigned i;

	(void)state;
	/* one field over CREDREPORT_FIELD_MAX */
	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HEADER "\nalice,");
	for (i = 0; i <= CREDREPORT_FIELD_MAX; i++)
		assure_buf_addc(&b, 'x');
	assure_buf_adds(&b, ",x\n");
	expect_err(assure_buf_str(&b), ASSURE_ERR_LIMIT,
	    "t.csv:2:7: arn: value longer than 8192 bytes");
	assure_buf_free(&b);
	/* the same inside quotes: still a field limit */
	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HEADER "\n\"");
	for (i = 0; i <= CREDREPORT_FIELD_MAX; i++)
		assure_buf_addc(&b, i % 100 == 99 ? '\n' : 'x');
	assure_buf_adds(&b, "\"\n");
	expect_err(assure_buf_str(&b), ASSURE_ERR_LIMIT,
	    "t.csv:2:1: user: value longer than 8192 bytes");
	assure_buf_free(&b);
	/* a record over CREDREPORT_RECORD_MAX, every field within limits */
	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HEADER "\n" ROOT_ROW "\n");
	for (i = 0; i < 10; i++) {
		assure_buf_addc(&b, ',');
		while (b.len % 8000 != 0)
			assure_buf_addc(&b, 'y');
	}
	expect_err(assure_buf_str(&b), ASSURE_ERR_LIMIT,
	    "t.csv:3:1: record longer than 65536 bytes");
	assure_buf_free(&b);
	/* exactly at the limits is fine: a 65536-byte record of 8192s */
	assure_buf_init(&b, 0);
	assure_buf_adds(&b, HEADER "\n");
	for (i = 0; i < 8; i++) {
		while (b.len - 458 < (i + 1) * 8192u - 1)
			assure_buf_addc(&b, 'z');
		assure_buf_addc(&b, i < 7 ? ',' : 'z');
	}
	assert_int_equal(b.len - 458, CREDREPORT_RECORD_MAX);
	expect_err(assure_buf_str(&b), ASSURE_ERR_PARSE,
	    "t.csv:2:65537: access_key_1_active: expected 22 fields, got 8");
	assure_buf_free(&b);
}

static void
test_callback_stops(void **state)
{
	struct result res;

	(void)state;
	/* the callback's code comes back, with its diagnostic */
	result_init(&res);
	res.stop_at = 2;
	res.stop_rc = ASSURE_ERR_CONFLICT;
	res.stop_with_diag = true;
	parse_str(HEADER "\n" ROOT_ROW "\n" ALICE_ROW "\n" ROOT_ROW "\n",
	    &res);
	assert_int_equal(res.rc, ASSURE_ERR_CONFLICT);
	assert_string_equal(res.diag, "t.csv:3:1: user: rejected 'alice'");
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.parser_rows, 1);
	result_free(&res);
	/* without one the parser locates it */
	result_init(&res);
	res.stop_at = 1;
	res.stop_rc = ASSURE_ERR_DB;
	parse_str(HEADER "\n" ROOT_ROW "\n" ALICE_ROW "\n", &res);
	assert_int_equal(res.rc, ASSURE_ERR_DB);
	assert_string_equal(res.diag, "t.csv:2: row rejected: database error");
	assert_int_equal(res.rows, 1);
	assert_int_equal(res.parser_rows, 0);
	result_free(&res);
}

static void
test_dead_parser(void **state)
{
	struct credreport_parser *p;
	struct assure_diag d;
	char m1[TEST_DIAG_MAX], m2[TEST_DIAG_MAX];

	(void)state;
	p = credreport_parser_new("x.csv", NULL, NULL);
	assert_non_null(p);
	assert_int_equal(credreport_parser_feed(p, "user,nope\n", 10, &d),
	    ASSURE_ERR_PARSE);
	assure_diag_format(&d, m1, sizeof(m1));
	assure_diag_clear(&d);
	assert_int_equal(credreport_parser_feed(p, HEADER, strlen(HEADER),
	    &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, m2, sizeof(m2));
	assert_string_equal(m1, m2);
	assert_int_equal(credreport_parser_finish(p, NULL), ASSURE_ERR_PARSE);
	credreport_parser_free(p);

	/* finish twice; feed after finish; no callback is fine */
	p = credreport_parser_new("x.csv", NULL, NULL);
	assert_non_null(p);
	assert_int_equal(credreport_parser_feed(p, HEADER "\n" ROOT_ROW,
	    strlen(HEADER "\n" ROOT_ROW), NULL), ASSURE_OK);
	assert_int_equal(credreport_parser_finish(p, NULL), ASSURE_OK);
	assert_int_equal(credreport_parser_rows(p), 1);
	assert_false(credreport_parser_generated_time(p).has);
	assert_int_equal(credreport_parser_finish(p, &d), ASSURE_ERR_INVAL);
	credreport_parser_free(p);
	p = credreport_parser_new(NULL, NULL, NULL);
	assert_non_null(p);
	assert_int_equal(credreport_parser_finish(p, &d), ASSURE_ERR_PARSE);
	assure_diag_format(&d, m1, sizeof(m1));
	assert_string_equal(m1, "<input>: empty file: expected the "
	    "credential report header");
	credreport_parser_free(p);
	credreport_parser_free(NULL);
}

/* ------------------------------------------------------------------ */
/* The genuine samples in the shared folder */

static char *
shared_sample(const char *name, size_t *ret_len)
{
	char *path, *data;

	path = tu_shared_path(name);
	if (path == NULL) {
		printf("SKIPPED: ../shared absent\n");
		skip();
	}
	data = read_fixture(path, ret_len);
	free(path);
	return data;
}

static void
test_genuine_csv(void **state)
{
	struct result res;
	const struct credreport_row *r;
	char *data;
	size_t len;

	(void)state;
	data = shared_sample("formats/samples/aws_iam_credential_report/"
	    "credential_report_AWS_testbench.csv", &len);
	result_init(&res);
	parse_all("testbench.csv", data, len, &res);
	if (res.rc != ASSURE_OK)
		fail_msg("%s", res.diag);
	assert_int_equal(res.rows, 5);

	r = &res.kept[0].r;
	assert_string_equal(r->user, "<root_account>");
	assert_true(r->is_root);
	assert_string_equal(r->account_id, "278368863034");
	assert_time(r->user_creation_time, "2022-03-08T16:02:25Z");
	assert_int_equal(r->password_enabled, TRI_ABSENT);
	assert_time(r->password_last_used, "2022-12-21T16:19:23Z");
	assert_time(r->password_last_changed, NULL);
	assert_time(r->password_next_rotation, NULL);
	assert_int_equal(r->mfa_active, TRI_FALSE);
	assert_int_equal(r->key[0].active, TRI_FALSE);
	assert_int_equal(r->key[1].active, TRI_FALSE);
	assert_int_equal(r->cert[0].active, TRI_FALSE);

	r = &res.kept[2].r;
	assert_int_equal(r->line, 4);
	assert_string_equal(r->user, "jake");
	assert_string_equal(r->arn, "arn:aws:iam::278368863034:user/jake");
	assert_false(r->is_root);
	assert_int_equal(r->password_enabled, TRI_TRUE);
	assert_time(r->password_last_used, "2023-01-03T09:38:09Z");
	assert_time(r->password_last_changed, "2022-05-18T09:05:13Z");
	assert_time(r->password_next_rotation, NULL);
	assert_int_equal(r->mfa_active, TRI_FALSE);
	assert_int_equal(r->key[0].active, TRI_TRUE);
	assert_time(r->key[0].last_rotated, "2022-05-18T09:51:58Z");
	assert_time(r->key[0].last_used, "2023-01-03T10:27:00Z");
	assert_str_or_null(r->key[0].last_used_region, "eu-central-1");
	assert_str_or_null(r->key[0].last_used_service, "ec2");
	assert_int_equal(r->key[1].active, TRI_FALSE);
	assert_null(r->key[1].last_used_region);

	r = &res.kept[3].r;
	assert_string_equal(r->user, "test_account");
	assert_time(r->password_last_used, NULL);	/* no_information */

	r = &res.kept[4].r;
	assert_string_equal(r->user, "test_key_account");
	assert_int_equal(r->password_enabled, TRI_FALSE);
	assert_int_equal(r->key[0].active, TRI_TRUE);
	assert_time(r->key[0].last_used, NULL);
	result_free(&res);
	free(data);
}

static void
test_genuine_json(void **state)
{
	struct result res;
	const struct credreport_row *r;
	struct assure_buf b, wrapped;
	char *data;
	size_t len;
	const char *content, *end;

	(void)state;
	data = shared_sample("formats/samples/aws_iam_credential_report/"
	    "iam-get-credential-report_cloudmapper.json", &len);
	result_init(&res);
	parse_all("cloudmapper.json", data, len, &res);
	if (res.rc != ASSURE_OK)
		fail_msg("%s", res.diag);
	assert_int_equal(res.rows, 1);
	assert_true(res.generated.has);
	assert_int_equal(res.generated.t, ts("2019-05-02T21:49:50Z"));
	r = &res.kept[0].r;
	assert_true(r->is_root);
	assert_string_equal(r->account_id, "653711331788");
	assert_int_equal(r->mfa_active, TRI_TRUE);
	assert_int_equal(r->key[0].active, TRI_TRUE);
	assert_time(r->key[0].last_rotated, "2018-11-23T16:01:14Z");
	assert_time(r->key[0].last_used, "2018-11-27T00:02:00Z");
	assert_str_or_null(r->key[0].last_used_region, "us-east-1");
	assert_str_or_null(r->key[0].last_used_service, "ecr");
	result_free(&res);

	/* The same Content base64-encoded, as the AWS CLI would print it. */
	content = strstr(data, "\"Content\": \"");
	assert_non_null(content);
	content += strlen("\"Content\": \"");
	end = strchr(content, '"');
	assert_non_null(end);
	assure_buf_init(&b, 0);
	assure_buf_add(&b, content, (size_t)(end - content));
	assert_non_null(strstr(assure_buf_str(&b), "\\n"));
	assure_buf_init(&wrapped, 0);
	assure_buf_adds(&wrapped, "{\"Content\": \"");
	/* the JSON escapes in the sample are only \n */
	for (len = 0; len < b.len; len++) {
		if (b.data[len] == '\\' && b.data[len + 1] == 'n') {
			b.data[len] = '\n';
			memmove(b.data + len + 1, b.data + len + 2,
			    b.len - len - 1);
			b.len--;
		}
	}
	assure_base64_encode(&wrapped, b.data, b.len);
	assure_buf_adds(&wrapped, "\", \"GeneratedTime\": "
	    "\"2019-05-02T21:49:50+00:00\"}");
	expect_ok(assure_buf_str(&wrapped), 1, &res);
	assert_string_equal(res.kept[0].r.account_id, "653711331788");
	assert_int_equal(res.generated.t, ts("2019-05-02T21:49:50Z"));
	result_free(&res);
	assure_buf_free(&wrapped);
	assure_buf_free(&b);
	free(data);
}

/* ------------------------------------------------------------------ */
/* A 100 MB report, streamed */

static size_t
heap_in_use(void)
{
#if defined(TEST_ASAN)
	return __sanitizer_get_current_allocated_bytes();
#elif defined(__GLIBC__)
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#else
	return 0;
#endif
}

struct big {
	unsigned long	rows;
	unsigned long	with_mfa;
	unsigned long	absent_pw_used;
	size_t		heap_base;
	size_t		heap_peak;
};

static enum assure_err
big_row(const struct credreport_row *r, void *arg, struct assure_diag *d)
{
	struct big *b = arg;
	size_t h;

	(void)d;
	b->rows++;
	if (r->mfa_active == TRI_TRUE)
		b->with_mfa++;
	if (!r->password_last_used.has)
		b->absent_pw_used++;
	if (r->index % TEST_HEAP_EVERY == 0) {
		h = heap_in_use();
		if (h > b->heap_peak)
			b->heap_peak = h;
	}
	return ASSURE_OK;
}

/* Write a report of about TEST_BIG_BYTES; returns its data rows. */
static unsigned long
write_big(const char *path, unsigned long *ret_mfa,
    unsigned long *ret_absent)
{
	static const char *const pw_used[] = { "2024-06-01T10:00:00+00:00",
	    "no_information", "N/A", "2023-12-24T23:59:59+00:00" };
	static const char *const region[] = { "us-east-1", "eu-west-1", "N/A",
	    "ap-southeast-2" };
	FILE *f;
	unsigned long n = 0, mfa = 0, absent = 0;
	long size;
	int len;

	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n%s\n", HEADER, ROOT_ROW);
	mfa++;
	n++;
	for (;;) {
		size = ftell(f);
		assert_true(size >= 0);
		if ((unsigned long)size >= TEST_BIG_BYTES)
			break;
		len = fprintf(f, "user%07lu,arn:aws:iam::111122223333:user/"
		    "team%02lu/user%07lu,2021-%02lu-%02luT%02lu:%02lu:00+00:00,"
		    "%s,%s,2024-01-01T00:00:00Z,N/A,%s,%s,"
		    "2024-02-02T02:02:02+00:00,N/A,%s,%s,false,N/A,N/A,N/A,"
		    "N/A,false,N/A,false,N/A\n", n, n % 37, n, n % 12 + 1,
		    n % 28 + 1, n % 24, n % 60, n % 5 ? "true" : "false",
		    pw_used[n % 4], n % 3 ? "true" : "false",
		    n % 2 ? "TRUE" : "FALSE", region[n % 4],
		    n % 4 == 2 ? "N/A" : "iam");
		assert_true(len > 0);
		if (n % 3)
			mfa++;
		if (n % 4 == 1 || n % 4 == 2)
			absent++;
		n++;
	}
	assert_int_equal(fclose(f), 0);
	*ret_mfa = mfa;
	*ret_absent = absent;
	return n;
}

static void
test_big_report_streams(void **state)
{
	static char chunk[TEST_BIG_CHUNK];
	struct credreport_parser *p;
	struct assure_diag d;
	struct big b;
	char *dir, *path, msg[TEST_DIAG_MAX];
	unsigned long nrows, mfa, absent;
	ssize_t n;
	int fd;
	enum assure_err rc = ASSURE_OK;

	(void)state;
	dir = tu_mkdtemp();
	path = tu_join(dir, "big.csv");
	nrows = write_big(path, &mfa, &absent);
	assert_true(nrows > 400000);

	memset(&b, 0, sizeof(b));
	b.heap_base = heap_in_use();
	p = credreport_parser_new(path, big_row, &b);
	assert_non_null(p);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	while (rc == ASSURE_OK) {
		n = read(fd, chunk, sizeof(chunk));
		assert_true(n >= 0);
		if (n == 0)
			break;
		rc = credreport_parser_feed(p, chunk, (size_t)n, &d);
	}
	assert_int_equal(close(fd), 0);
	if (rc == ASSURE_OK)
		rc = credreport_parser_finish(p, &d);
	if (rc != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fail_msg("%s", msg);
	}
	assert_int_equal(credreport_parser_rows(p), nrows);
	credreport_parser_free(p);
	assert_int_equal(b.rows, nrows);
	assert_int_equal(b.with_mfa, mfa);
	assert_int_equal(b.absent_pw_used, absent);
	if (b.heap_base != 0 || b.heap_peak != 0) {
		if (b.heap_peak > b.heap_base + TEST_HEAP_MAX)
			fail_msg("parser heap grew by %zu bytes",
			    b.heap_peak - b.heap_base);
		print_message("streamed %lu rows; heap grew by %zu bytes\n",
		    nrows, b.heap_peak > b.heap_base ?
		    b.heap_peak - b.heap_base : 0);
	}
	tu_rmtree(dir);
	free(path);
	free(dir);
}

/*
 * A multi-megabyte report inside the JSON wrapper, base64 and text, fed in
 * 64 KiB chunks: the Content string spans hundreds of feeds.
 */
static void
test_big_json_streams(void **state)
{
	struct assure_buf csv, json;
	struct credreport_parser *p;
	struct assure_diag d;
	struct big b;
	char msg[TEST_DIAG_MAX];
	unsigned long i, nrows = TEST_BIG_JSON_ROWS;
	size_t off, n;
	int pass;
	enum assure_err rc;

	(void)state;
	assure_buf_init(&csv, 0);
	assure_buf_adds(&csv, HEADER "\n" ROOT_ROW "\n");
	for (i = 1; i < nrows; i++)
		assure_buf_printf(&csv, "u%06lu,arn:aws:iam::111122223333:"
		    "user/u%06lu" ALICE_REST "\n", i, i);
	assert_int_equal(assure_buf_err(&csv), ASSURE_OK);
	for (pass = 0; pass < 2; pass++) {
		assure_buf_init(&json, 0);
		assure_buf_adds(&json, "{\"ReportFormat\": \"text/csv\", "
		    "\"Content\": \"");
		if (pass == 0)
			assure_base64_encode(&json, csv.data, csv.len);
		else
			for (off = 0; off < csv.len; off++) {
				if (csv.data[off] == '\n')
					assure_buf_adds(&json, "\\n");
				else
					assure_buf_addc(&json, csv.data[off]);
			}
		assure_buf_adds(&json, "\", \"GeneratedTime\": "
		    "\"2024-06-30T06:00:04+00:00\"}\n");
		assert_int_equal(assure_buf_err(&json), ASSURE_OK);

		memset(&b, 0, sizeof(b));
		p = credreport_parser_new("big.json", big_row, &b);
		assert_non_null(p);
		rc = ASSURE_OK;
		for (off = 0; off < json.len && rc == ASSURE_OK; off += n) {
			n = json.len - off < TEST_BIG_CHUNK ? json.len - off :
			    TEST_BIG_CHUNK;
			rc = credreport_parser_feed(p, json.data + off, n, &d);
		}
		if (rc == ASSURE_OK)
			rc = credreport_parser_finish(p, &d);
		if (rc != ASSURE_OK) {
			assure_diag_format(&d, msg, sizeof(msg));
			fail_msg("%s", msg);
		}
		assert_int_equal(b.rows, nrows);
		assert_int_equal(credreport_parser_generated_time(p).t,
		    ts("2024-06-30T06:00:04Z"));
		credreport_parser_free(p);
		assure_buf_free(&json);
	}
	assure_buf_free(&csv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_vectors),
		cmocka_unit_test(test_acme_csv),
		cmocka_unit_test(test_acme_variants_agree),
		cmocka_unit_test(test_json_wrapper),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_row_field_count),
		cmocka_unit_test(test_bad_boolean),
		cmocka_unit_test(test_uppercase_booleans),
		cmocka_unit_test(test_markers_everywhere),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_arn),
		cmocka_unit_test(test_partitions),
		cmocka_unit_test(test_root_detection),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_dead_parser),
		cmocka_unit_test(test_genuine_csv),
		cmocka_unit_test(test_genuine_json),
		cmocka_unit_test(test_big_report_streams),
		cmocka_unit_test(test_big_json_streams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
