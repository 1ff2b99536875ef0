/*
 * test_oauth.c: form encoding, Microsoft's client-credentials request,
 * and the token endpoint's answers (success, the RFC 6749 5.2 error
 * form as Microsoft and Google send it, and what is neither).
 */
#include "common/compat.h"

#include <string.h>

#include "testutil.h"

#include "collect/oauth.h"

static void
test_form_encoding(void **state)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{ "", "" },
		{ "abcXYZ019", "abcXYZ019" },
		{ "*-._", "*-._" },
		{ "a b", "a+b" },
		{ "~", "%7E" },
		{ "=&+/?#%", "%3D%26%2B%2F%3F%23%25" },
		{ "\xc3\xa9", "%C3%A9" },
		{ "\n\x7f", "%0A%7F" },
	};
	char out[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(v); i++) {
		assert_int_equal(oauth_form_len(v[i].in), strlen(v[i].want));
		n = oauth_form_encode(out, v[i].in);
		out[n] = '\0';
		assert_string_equal(out, v[i].want);
	}
}

static void
test_form(void **state)
{
	const char *pairs[] = { "a b", "c&d", "e", "", NULL };
	const char *odd[] = { "a", NULL, NULL };
	struct oauth_secret s;
	struct assure_diag d;
	char *big;

	(void)state;
	assert_int_equal(oauth_form(pairs, &s, NULL), ASSURE_OK);
	assert_string_equal(s.data, "a+b=c%26d&e=");
	assert_int_equal(s.len, strlen("a+b=c%26d&e="));
	oauth_secret_free(&s);
	assert_null(s.data);
	oauth_secret_free(&s);

	assert_int_equal(oauth_form(odd, &s, &d), ASSURE_ERR_INVAL);
	assert_null(s.data);

	big = malloc(OAUTH_BODY_MAX);
	assert_non_null(big);
	memset(big, 'x', OAUTH_BODY_MAX - 1);
	big[OAUTH_BODY_MAX - 1] = '\0';
	pairs[1] = big;
	assert_int_equal(oauth_form(pairs, &s, &d), ASSURE_ERR_LIMIT);
	assert_null(s.data);
	free(big);
}

static void
test_client_credentials(void **state)
{
	static const char *const bad[] = {
		"", "evil/../x", "a?b", "a b", "a#", ".lead", "-lead",
		"t\r\nHost: x",
	};
	struct oauth_secret body;
	struct assure_diag d;
	char url[256];
	size_t i;

	(void)state;
	assert_int_equal(oauth_client_credentials("contoso.onmicrosoft.com",
	    "00000000-1111-2222-3333-444444444444", "a~b+c/d=e&f g%", NULL,
	    url, sizeof(url), &body, &d), ASSURE_OK);
	assert_string_equal(url, "https://login.microsoftonline.com/"
	    "contoso.onmicrosoft.com/oauth2/v2.0/token");
	assert_string_equal(body.data,
	    "client_id=00000000-1111-2222-3333-444444444444"
	    "&client_secret=a%7Eb%2Bc%2Fd%3De%26f+g%25"
	    "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
	    "&grant_type=client_credentials");
	oauth_secret_free(&body);

	assert_int_equal(oauth_client_credentials(
	    "72f988bf-86f1-41af-91ab-2d7cd011db47", "id", "s",
	    "api://x/.default", url, sizeof(url), &body, &d), ASSURE_OK);
	assert_string_equal(url, "https://login.microsoftonline.com/"
	    "72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token");
	assert_string_equal(body.data, "client_id=id&client_secret=s"
	    "&scope=api%3A%2F%2Fx%2F.default&grant_type=client_credentials");
	oauth_secret_free(&body);

	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assert_int_equal(oauth_client_credentials(bad[i], "id", "s",
		    NULL, url, sizeof(url), &body, &d), ASSURE_ERR_INVAL);
		assert_string_equal(d.field, "tenant");
		assert_null(body.data);
	}
	assert_int_equal(oauth_client_credentials("t", "id", "", NULL, url,
	    sizeof(url), &body, &d), ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "client_secret");
	assert_int_equal(oauth_client_credentials("t", "", "s", NULL, url,
	    sizeof(url), &body, &d), ASSURE_ERR_INVAL);
	assert_string_equal(d.field, "client_id");
	assert_int_equal(oauth_client_credentials("t", "id", "s", NULL, url,
	    20, &body, &d), ASSURE_ERR_LIMIT);
}

#define SRC	"https://login.microsoftonline.com/t/oauth2/v2.0/token"

static enum assure_err
parse(unsigned status, const char *body, struct oauth_token *t,
    struct assure_diag *d)
{
	assure_diag_clear(d);
	return oauth_token_parse(SRC, status, body, strlen(body), t, d);
}

static void
test_token_success(void **state)
{
	struct oauth_token t;
	struct oauth_secret line;
	struct assure_diag d;

	(void)state;
	/* Microsoft's v2.0 answer. */
	assert_int_equal(parse(200, "{\"token_type\":\"Bearer\","
	    "\"expires_in\":3599,\"ext_expires_in\":3599,"
	    "\"access_token\":\"eyJ0eXAiOiJKV1Qi.eyJhdWQi.c2ln\"}", &t, &d),
	    ASSURE_OK);
	assert_string_equal(t.access_token.data,
	    "eyJ0eXAiOiJKV1Qi.eyJhdWQi.c2ln");
	assert_int_equal(t.access_token.len, 30);
	assert_string_equal(t.token_type, "Bearer");
	assert_int_equal(t.expires_in, 3599);
	assert_int_equal(oauth_bearer_line(&t, &line, &d), ASSURE_OK);
	assert_string_equal(line.data,
	    "Authorization: Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQi.c2ln");
	oauth_secret_free(&line);
	oauth_token_free(&t);
	assert_null(t.access_token.data);
	assert_int_equal(oauth_bearer_line(&t, &line, &d), ASSURE_ERR_INVAL);

	/* Google's, with the members in another order. */
	assert_int_equal(parse(200, "{\n  \"access_token\": \"ya29.c.b0Aa\",\n"
	    "  \"expires_in\": 3599,\n  \"token_type\": \"Bearer\"\n}", &t,
	    &d), ASSURE_OK);
	assert_string_equal(t.access_token.data, "ya29.c.b0Aa");
	oauth_token_free(&t);

	/* Microsoft's v1.0 sends numbers as strings; token_type any case. */
	assert_int_equal(parse(200, "{\"token_type\":\"bearer\","
	    "\"expires_in\":\"3600\",\"access_token\":\"x\"}", &t, &d),
	    ASSURE_OK);
	assert_int_equal(t.expires_in, 3600);
	assert_string_equal(t.token_type, "Bearer");
	oauth_token_free(&t);

	/* No expires_in, no token_type. */
	assert_int_equal(parse(200, "{\"access_token\":\"x\"}", &t, &d),
	    ASSURE_OK);
	assert_int_equal(t.expires_in, -1);
	assert_string_equal(t.token_type, "");
	oauth_token_free(&t);
}

static void
test_token_errors(void **state)
{
	struct oauth_token t;
	struct assure_diag d;

	(void)state;
	/* Microsoft's error form, with its CR LF. */
	assert_int_equal(parse(401, "{\"error\":\"invalid_client\","
	    "\"error_description\":\"AADSTS7000215: Invalid client secret "
	    "provided.\\r\\nTrace ID: 1f\",\"error_codes\":[7000215]}", &t,
	    &d), ASSURE_ERR_PERM);
	assert_string_equal(d.source, SRC);
	assert_string_equal(d.msg, "the token endpoint refused (status 401): "
	    "invalid_client: AADSTS7000215: Invalid client secret provided.  "
	    "Trace ID: 1f");
	assert_null(t.access_token.data);

	/* Google's. */
	assert_int_equal(parse(400, "{\"error\":\"invalid_grant\","
	    "\"error_description\":\"Invalid JWT Signature.\"}", &t, &d),
	    ASSURE_ERR_PERM);
	assert_string_equal(d.msg, "the token endpoint refused (status 400): "
	    "invalid_grant: Invalid JWT Signature.");

	/* An error member wins even with 200 and a token. */
	assert_int_equal(parse(200, "{\"error\":\"unauthorized_client\","
	    "\"access_token\":\"x\"}", &t, &d), ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "unauthorized_client: no description"));
	assert_null(t.access_token.data);

	/* A 4xx without the error form. */
	assert_int_equal(parse(403, "{\"message\":\"no\"}", &t, &d),
	    ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "(status 403): no error code"));
	assert_int_equal(parse(502, "<html>Bad Gateway</html>", &t, &d),
	    ASSURE_ERR_PERM);
	assert_non_null(strstr(d.msg, "status 502"));

	/* 200 but not a token. */
	assert_int_equal(parse(200, "{\"token_type\":\"Bearer\"}", &t, &d),
	    ASSURE_ERR_PARSE);
	assert_string_equal(d.field, "access_token");
	assert_int_equal(d.line, 1);
	assert_int_equal(parse(200, "{\"access_token\":42}", &t, &d),
	    ASSURE_ERR_PARSE);
	assert_string_equal(d.field, "access_token");
	assert_int_equal(parse(200, "{\"access_token\":\"a b\"}", &t, &d),
	    ASSURE_ERR_PARSE);
	assert_string_equal(d.field, "access_token");
	assert_null(strstr(d.msg, "a b"));
	assert_int_equal(parse(200, "{\"access_token\":\"x\",\n"
	    "\"token_type\":\"mac\"}", &t, &d), ASSURE_ERR_PARSE);
	assert_string_equal(d.field, "token_type");
	assert_int_equal(d.line, 2);
	assert_null(t.access_token.data);
	assert_int_equal(parse(200, "{\"access_token\":\"x\","
	    "\"expires_in\":-5}", &t, &d), ASSURE_ERR_PARSE);
	assert_string_equal(d.field, "expires_in");
	assert_int_equal(parse(200, "{\"access_token\":\"x\","
	    "\"expires_in\":1.5}", &t, &d), ASSURE_ERR_PARSE);
	assert_int_equal(parse(200, "{\"access_token\":\"x\","
	    "\"expires_in\":99999999999}", &t, &d), ASSURE_ERR_PARSE);
	assert_int_equal(parse(200, "{\"access_token\":\"x\"", &t, &d),
	    ASSURE_ERR_PARSE);
	assert_string_equal(d.source, SRC);
	assert_int_equal(parse(200, "", &t, &d), ASSURE_ERR_PARSE);
	assert_int_equal(parse(200, "[1]", &t, &d), ASSURE_ERR_PARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_encoding),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_client_credentials),
		cmocka_unit_test(test_token_success),
		cmocka_unit_test(test_token_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
