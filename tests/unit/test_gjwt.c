/*
 * test_gjwt.c: Google's service-account JWT.  An RSA key pair made at
 * test time goes into a key file; the JWT built from it must decode to
 * exactly the header and claims asked for and verify under the public
 * key (and stop verifying when a byte changes).  Malformed key files give
 * errors naming the file, the line and the field.
 */
#include "common/compat.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "testutil.h"

#include "collect/gjwt.h"
#include "common/base64.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/jsonw.h"

#define EMAIL	"collector@acme-prod.iam.gserviceaccount.com"
#define KID	"1a2b3c4d5e6f"
#define TURI	"https://oauth2.googleapis.com/token"
#define SCOPE	"https://www.googleapis.com/auth/" \
		"admin.directory.user.readonly " \
		"https://www.googleapis.com/auth/admin.reports.audit.readonly"
#define NOW	1767225600	/* 2026-01-01T00:00:00Z */

struct fx {
	EVP_PKEY	*rsa;
	char		*pem;		/* PKCS#8 PEM of rsa */
	char		*ec_pem;	/* EC, which RS256 cannot use */
	char		*dir;
};

static char *
pem_of(EVP_PKEY *pk)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *ret;
	long n;

	assert_non_null(b);
	assert_int_equal(PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL,
	    NULL), 1);
	n = BIO_get_mem_data(b, &p);
	ret = strndup(p, (size_t)n);
	BIO_free(b);
	return ret;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	EVP_PKEY *ec;

	assert_non_null(f);
	f->rsa = EVP_RSA_gen(2048);
	assert_non_null(f->rsa);
	f->pem = pem_of(f->rsa);
	ec = EVP_EC_gen("P-256");
	assert_non_null(ec);
	f->ec_pem = pem_of(ec);
	EVP_PKEY_free(ec);
	f->dir = tu_mkdtemp();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	EVP_PKEY_free(f->rsa);
	free(f->pem);
	free(f->ec_pem);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
add_field(struct assure_buf *b, const char *name, const char *val)
{
	if (val == NULL)
		return;
	assure_buf_printf(b, ",\n  \"%s\": \"", name);
	jsonw_escape(b, val, strlen(val));
	assure_buf_addc(b, '"');
}

/*
 * A key file as Google writes it, one member a line: type on line 2,
 * then private_key_id, private_key, client_email, client_id and
 * token_uri from line 4 on.  A NULL leaves the member out (and moves
 * those after it up a line).
 */
static char *
key_file(struct fx *f, const char *name, const char *type, const char *kid,
    const char *pem, const char *email, const char *turi)
{
	struct assure_buf b;
	char *path;

	assure_buf_init(&b, 1 << 20);
	assure_buf_adds(&b, "{\n  \"type\": ");
	if (type != NULL) {
		assure_buf_addc(&b, '"');
		assure_buf_adds(&b, type);
		assure_buf_addc(&b, '"');
	} else
		assure_buf_adds(&b, "null");
	assure_buf_adds(&b, ",\n  \"project_id\": \"acme-prod\"");
	add_field(&b, "private_key_id", kid);
	add_field(&b, "private_key", pem);
	add_field(&b, "client_email", email);
	assure_buf_adds(&b, ",\n  \"client_id\": \"1234567890\"");
	add_field(&b, "token_uri", turi);
	assure_buf_adds(&b, "\n}\n");
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);
	path = tu_join(f->dir, name);
	tu_write_file(path, b.data, b.len);
	assure_buf_free(&b);
	return path;
}

/* base64url text s[0..n) decoded into out. */
static void
b64url_decode(const char *s, size_t n, struct assure_buf *out)
{
	char *t = strndup(s, n);
	size_t i;

	assert_non_null(t);
	for (i = 0; i < n; i++) {
		assert_true(t[i] != '+' && t[i] != '/' && t[i] != '=');
		if (t[i] == '-')
			t[i] = '+';
		else if (t[i] == '_')
			t[i] = '/';
	}
	assert_int_equal(assure_base64_decode(t, n, out), ASSURE_OK);
	free(t);
}

static bool
verify(EVP_PKEY *pk, const char *jwt)
{
	const char *dot2 = strrchr(jwt, '.');
	struct assure_buf sig;
	EVP_MD_CTX *ctx;
	int ok;

	assert_non_null(dot2);
	assure_buf_init(&sig, 4096);
	b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig);
	ctx = EVP_MD_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    pk), 1);
	ok = EVP_DigestVerify(ctx, (unsigned char *)sig.data, sig.len,
	    (const unsigned char *)jwt, (size_t)(dot2 - jwt));
	EVP_MD_CTX_free(ctx);
	assure_buf_free(&sig);
	return ok == 1;
}

static void
check_jwt(EVP_PKEY *pk, const char *jwt, const char *want_hdr,
    const char *want_claims)
{
	const char *dot1 = strchr(jwt, '.'), *dot2 = strrchr(jwt, '.');
	struct assure_buf b;

	assert_non_null(dot1);
	assert_true(dot2 > dot1);
	assure_buf_init(&b, 1 << 16);
	b64url_decode(jwt, (size_t)(dot1 - jwt), &b);
	assert_string_equal(assure_buf_str(&b), want_hdr);
	assure_buf_reset(&b);
	b64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &b);
	assert_string_equal(assure_buf_str(&b), want_claims);
	assure_buf_free(&b);
	assert_true(verify(pk, jwt));
}

static void
test_b64url(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *want;
	} v[] = {
		{ "", 0, "" }, { "f", 1, "Zg" }, { "fo", 2, "Zm8" },
		{ "foo", 3, "Zm9v" }, { "foob", 4, "Zm9vYg" },
		{ "fooba", 5, "Zm9vYmE" }, { "foobar", 6, "Zm9vYmFy" },
		{ "\xfb\xff", 2, "-_8" }, { "\xff\xfe\xfd", 3, "__79" },
	};
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(v); i++) {
		assert_int_equal(gjwt_b64url_len(v[i].n), strlen(v[i].want));
		assert_int_equal(gjwt_b64url(out, v[i].in, v[i].n),
		    strlen(v[i].want));
		assert_string_equal(out, v[i].want);
	}
}

static void
test_assertion(void **state)
{
	struct fx *f = *state;
	struct gjwt_key k;
	struct oauth_secret jwt, body;
	struct assure_diag d;
	char *path, *mut;
	size_t n;

	path = key_file(f, "sa.json", "service_account", KID, f->pem, EMAIL,
	    TURI);
	assert_int_equal(gjwt_key_load(path, &k, &d), ASSURE_OK);
	assert_string_equal(k.client_email, EMAIL);
	assert_string_equal(k.private_key_id, KID);
	assert_string_equal(k.token_uri, TURI);
	assert_string_equal(k.private_key.data, f->pem);

	/* Impersonating an administrator. */
	assert_int_equal(gjwt_assertion(&k, SCOPE, "admin@acme.example", NOW,
	    &jwt, &d), ASSURE_OK);
	assert_int_equal(strlen(jwt.data), jwt.len);
	check_jwt(f->rsa, jwt.data,
	    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" KID "\"}",
	    "{\"iss\":\"" EMAIL "\",\"scope\":\"" SCOPE "\",\"aud\":\"" TURI
	    "\",\"iat\":1767225600,\"exp\":1767229200,"
	    "\"sub\":\"admin@acme.example\"}");

	/* One changed byte of the claims and it no longer verifies. */
	mut = strdup(jwt.data);
	assert_non_null(mut);
	n = (size_t)(strchr(mut, '.') - mut) + 3;
	mut[n] = mut[n] == 'A' ? 'B' : 'A';
	assert_false(verify(f->rsa, mut));
	free(mut);

	/* The token request carries it unchanged (its bytes need no
	 * escaping). */
	assert_int_equal(gjwt_token_request(&k, SCOPE, "admin@acme.example",
	    NOW, &body, &d), ASSURE_OK);
	assert_int_equal(strncmp(body.data, "grant_type=urn%3Aietf%3Aparams"
	    "%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=", 75), 0);
	assert_string_equal(body.data + 75, jwt.data);
	oauth_secret_free(&body);
	oauth_secret_free(&jwt);

	/* Without sub, and a string that needs escaping in the claims. */
	assert_int_equal(gjwt_assertion(&k, "a \"quoted\" \\scope", NULL, NOW,
	    &jwt, &d), ASSURE_OK);
	check_jwt(f->rsa, jwt.data,
	    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" KID "\"}",
	    "{\"iss\":\"" EMAIL "\",\"scope\":\"a \\\"quoted\\\" \\\\scope\","
	    "\"aud\":\"" TURI "\",\"iat\":1767225600,\"exp\":1767229200}");
	oauth_secret_free(&jwt);

	assert_int_equal(gjwt_assertion(&k, "", NULL, NOW, &jwt, &d),
	    ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "scope");
	assert_null(jwt.data);

	gjwt_key_free(&k);
	assert_null(k.private_key.data);
	assert_int_equal(gjwt_assertion(&k, SCOPE, NULL, NOW, &jwt, &d),
	    ASSURE_ERR_INVAL);

	/* The same key read from a secret's text. */
	{
		struct assure_buf b;
		struct assure_diag d2;

		assure_buf_init(&b, 1 << 20);
		assert_int_equal(assure_file_read(path, &b, NULL), ASSURE_OK);
		assert_int_equal(gjwt_key_parse("google-sa", b.data, b.len, &k,
		    &d2), ASSURE_OK);
		gjwt_key_free(&k);
		assure_buf_free(&b);
	}
	free(path);
}

struct bad {
	const char	*what;
	const char	*type, *kid, *pem, *email, *turi;
	const char	*field;
	unsigned long	 line;
};

static void
test_bad_key_files(void **state)
{
	struct fx *f = *state;
	const struct bad bad[] = {
		{ "no type", NULL, KID, f->pem, EMAIL, TURI, "type", 2 },
		{ "user creds", "authorized_user", KID, f->pem, EMAIL, TURI,
		  "type", 2 },
		{ "no kid", "service_account", NULL, f->pem, EMAIL, TURI,
		  "private_key_id", 1 },
		{ "no email", "service_account", KID, f->pem, NULL, TURI,
		  "client_email", 1 },
		{ "bad email", "service_account", KID, f->pem, "nobody", TURI,
		  "client_email", 6 },
		{ "no token_uri", "service_account", KID, f->pem, EMAIL, NULL,
		  "token_uri", 1 },
		{ "http token_uri", "service_account", KID, f->pem, EMAIL,
		  "http://oauth2.googleapis.com/token", "token_uri", 8 },
		{ "no key", "service_account", KID, NULL, EMAIL, TURI,
		  "private_key", 1 },
		{ "empty key", "service_account", KID, "", EMAIL, TURI,
		  "private_key", 5 },
		{ "not PEM", "service_account", KID,
		  "-----BEGIN PRIVATE KEY-----\nnot base64!\n"
		  "-----END PRIVATE KEY-----\n", EMAIL, TURI, "private_key",
		  5 },
		{ "EC key", "service_account", KID, f->ec_pem, EMAIL, TURI,
		  "private_key", 5 },
	};
	static const char broken[] =
	    "{\n  \"type\": \"service_account\",\n  oops\n}";
	struct gjwt_key k;
	struct assure_diag d;
	char line[1024], *path;
	size_t i;

	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		path = key_file(f, "bad.json", bad[i].type, bad[i].kid,
		    bad[i].pem, bad[i].email, bad[i].turi);
		assure_diag_clear(&d);
		if (gjwt_key_load(path, &k, &d) != ASSURE_ERR_PARSE)
			fail_msg("%s: not refused", bad[i].what);
		assert_string_equal(d.source, path);
		if (strcmp(d.field, bad[i].field) != 0 ||
		    d.line != bad[i].line)
			fail_msg("%s: field %s line %lu, want %s line %lu",
			    bad[i].what, d.field, d.line, bad[i].field,
			    bad[i].line);
		assure_diag_format(&d, line, sizeof(line));
		/* No key material in the message. */
		assert_null(strstr(line, "MII"));
		assert_null(strstr(line, "BEGIN"));
		assert_null(k.private_key.data);
		gjwt_key_free(&k);
		free(path);
	}

	/* Not JSON: located just after the last token accepted (jstream's
	 * rule), the comma on line 2. */
	path = tu_join(f->dir, "broken.json");
	tu_write_file(path, broken, strlen(broken));
	assert_int_equal(gjwt_key_load(path, &k, &d), ASSURE_ERR_PARSE);
	assert_string_equal(d.source, path);
	assert_int_equal(d.line, 2);
	free(path);

	/* No such file. */
	path = tu_join(f->dir, "missing.json");
	assert_int_equal(gjwt_key_load(path, &k, &d), ASSURE_ERR_NOTFOUND);
	assert_string_equal(d.source, path);
	free(path);

	/* A directory. */
	assert_int_equal(gjwt_key_load(f->dir, &k, &d), ASSURE_ERR_IO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b64url),
		cmocka_unit_test_setup_teardown(test_assertion, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_key_files, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
