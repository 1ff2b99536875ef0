/*
 * tsa.c: RFC 3161 time-stamp requests and token checks (see tsa.h).
 *
 * A request is a TimeStampReq (version 1, SHA-256 imprint, a 63-bit random
 * nonce, certReq true) POSTed as application/timestamp-query; only http
 * and https are allowed, redirects are not followed, and the answer is cut
 * off past TSA_RESPONSE_MAX bytes or TSA_TIMEOUT_SECONDS.  Token checks
 * use OpenSSL's TS_VERIFY_CTX: the imprint always, the signature and the
 * TSA's certificate chain (extended key usage timeStamping) when the
 * caller trusts a certificate.
 */
#include "common/compat.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "common/hash.h"
#include "ledger/tsa.h"

struct response {
	struct assure_buf	body;
};

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct response *r = arg;
	size_t n = size * nmemb;

	assure_buf_add(&r->body, ptr, n);
	/* Returning less than n makes curl stop with a write error. */
	return assure_buf_err(&r->body) == ASSURE_OK ? n : 0;
}

static void
openssl_reason(char *out, size_t size)
{
	unsigned long e = ERR_get_error();

	if (e == 0)
		assure_strlcpy(out, "no detail", size);
	else
		ERR_error_string_n(e, out, size);
	ERR_clear_error();
}

/* genTime as seconds since the epoch. */
static int
gen_time(TS_TST_INFO *info, int64_t *ret)
{
	const ASN1_GENERALIZEDTIME *t = TS_TST_INFO_get_time(info);
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	*ret = (int64_t)timegm(&tm);
	return 0;
}

static TS_REQ *
make_request(const unsigned char digest[32], ASN1_INTEGER **ret_nonce)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_INTEGER *nonce = NULL;
	unsigned char rnd[8];
	BIGNUM *bn = NULL;

	if (req == NULL || mi == NULL || alg == NULL)
		goto fail;
	if (X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL)
	    != 1 || TS_MSG_IMPRINT_set_algo(mi, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)digest, 32) != 1 ||
	    TS_REQ_set_version(req, 1) != 1 ||
	    TS_REQ_set_msg_imprint(req, mi) != 1 ||
	    TS_REQ_set_cert_req(req, 1) != 1)
		goto fail;
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto fail;
	rnd[0] &= 0x7f;
	bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	nonce = bn != NULL ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	if (nonce == NULL || TS_REQ_set_nonce(req, nonce) != 1)
		goto fail;
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	*ret_nonce = nonce;
	return req;
fail:
	BN_free(bn);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	return NULL;
}

enum assure_err
tsa_request(const char *url, const void *data, size_t len,
    const char *ca_file, struct assure_buf *ret_token, int64_t *ret_gen_time,
    struct assure_diag *reterr_diag)
{
	unsigned char digest[32], *der = NULL, *tok = NULL;
	const unsigned char *p;
	struct curl_slist *hdr = NULL;
	struct response resp;
	TS_REQ *req = NULL;
	TS_RESP *rsp = NULL;
	TS_VERIFY_CTX *vctx = NULL;
	ASN1_INTEGER *nonce = NULL;
	char errbuf[CURL_ERROR_SIZE], why[256];
	long status = 0;
	int der_len, tok_len;
	int64_t gt;
	CURL *c = NULL;
	CURLcode cc;
	enum assure_err rc;

	assure_buf_init(&resp.body, TSA_RESPONSE_MAX);
	if (strlen(url) > TSA_URL_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, "--tsa",
		    0, 0, NULL, "the TSA URL is longer than %d bytes",
		    TSA_URL_MAX);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, url, 0, 0,
		    NULL, "the TSA URL must be http:// or https://");
	rc = assure_sha256(data, len, digest);
	if (rc != ASSURE_OK)
		return rc;
	req = make_request(digest, &nonce);
	der_len = req != NULL ? i2d_TS_REQ(req, &der) : -1;
	if (der_len <= 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, url, 0, 0,
		    NULL, "cannot build the time-stamp request");
		goto out;
	}
	c = curl_easy_init();
	hdr = curl_slist_append(NULL,
	    "Content-Type: application/timestamp-query");
	if (c == NULL || hdr == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, url, 0, 0,
		    NULL, "cannot set up the HTTP client");
		goto out;
	}
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, der);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)der_len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TSA_TIMEOUT_SECONDS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, TSA_CONNECT_SECONDS);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "assure/" ASSURE_VERSION);
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK && assure_buf_err(&resp.body) == ASSURE_ERR_LIMIT) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, url, 0, 0,
		    NULL, "the time-stamp response is larger than %d bytes",
		    TSA_RESPONSE_MAX);
		goto out;
	}
	if (cc != CURLE_OK) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, url, 0, 0,
		    NULL, "the time-stamp request failed: %s",
		    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, url, 0, 0,
		    NULL, "the TSA answered HTTP %ld", status);
		goto out;
	}
	p = (const unsigned char *)resp.body.data;
	rsp = p != NULL ? d2i_TS_RESP(NULL, &p, (long)resp.body.len) : NULL;
	if (rsp == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, url, 0, 0,
		    NULL, "the answer is not an RFC 3161 time-stamp response");
		goto out;
	}
	/* Granted (0) or granted with modifications (1), else refused. */
	if (ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(
	    TS_RESP_get_status_info(rsp))) > 1) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_IO, url, 0, 0,
		    NULL, "the TSA refused the time-stamp request (PKIStatus "
		    "%ld)", ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(
		    TS_RESP_get_status_info(rsp))));
		goto out;
	}
	/* Ours (nonce) and over our digest; the signature comes later. */
	vctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
	if (vctx != NULL)
		TS_VERIFY_CTX_set_flags(vctx, TS_VFY_VERSION | TS_VFY_IMPRINT |
		    TS_VFY_NONCE);
	if (vctx == NULL || TS_RESP_verify_response(vctx, rsp) != 1) {
		openssl_reason(why, sizeof(why));
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, url, 0, 0,
		    NULL, "the time-stamp response is not for this request: %s",
		    why);
		goto out;
	}
	tok_len = i2d_PKCS7(TS_RESP_get_token(rsp), &tok);
	if (tok_len <= 0 || gen_time(TS_RESP_get_tst_info(rsp), &gt) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_PARSE, url, 0, 0,
		    NULL, "the time-stamp response carries no usable token");
		goto out;
	}
	/* With a trusted certificate, a token that does not verify is not
	 * stored at all. */
	if (ca_file != NULL) {
		rc = tsa_verify_token(tok, (size_t)tok_len, data, len, ca_file,
		    NULL, reterr_diag);
		if (rc != ASSURE_OK)
			goto out;
	}
	assure_buf_add(ret_token, tok, (size_t)tok_len);
	rc = assure_buf_err(ret_token);
	if (rc == ASSURE_OK)
		*ret_gen_time = gt;
out:
	ASN1_INTEGER_free(nonce);
	OPENSSL_free(tok);
	OPENSSL_free(der);
	TS_VERIFY_CTX_free(vctx);
	TS_RESP_free(rsp);
	TS_REQ_free(req);
	curl_slist_free_all(hdr);
	if (c != NULL)
		curl_easy_cleanup(c);
	assure_buf_free(&resp.body);
	return rc;
}

enum assure_err
tsa_verify_token(const unsigned char *der, size_t der_len, const void *data,
    size_t len, const char *ca_file, int64_t *ret_gen_time,
    struct assure_diag *reterr_diag)
{
	unsigned char digest[32];
	const unsigned char *p = der;
	PKCS7 *token = NULL;
	TS_TST_INFO *info = NULL;
	TS_VERIFY_CTX *vctx = NULL;
	X509_STORE *store = NULL;
	const ASN1_OCTET_STRING *msg;
	const ASN1_OBJECT *oid = NULL;
	TS_MSG_IMPRINT *mi;
	X509_ALGOR *alg;
	unsigned char *imprint;
	char why[256];
	int64_t gt;
	enum assure_err rc;

	rc = assure_sha256(data, len, digest);
	if (rc != ASSURE_OK)
		return rc;
	token = d2i_PKCS7(NULL, &p, (long)der_len);
	info = token != NULL ? PKCS7_to_TS_TST_INFO(token) : NULL;
	if (info == NULL || gen_time(info, &gt) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, NULL, 0, 0,
		    NULL, "the stored time-stamp token is not a valid RFC 3161 "
		    "token");
		goto out;
	}
	mi = TS_TST_INFO_get_msg_imprint(info);
	alg = mi != NULL ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
	if (alg != NULL)
		X509_ALGOR_get0(&oid, NULL, NULL, alg);
	if (oid == NULL || OBJ_obj2nid(oid) != NID_sha256) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, NULL, 0, 0,
		    NULL, "the time-stamp token's imprint is not SHA-256");
		goto out;
	}
	msg = TS_MSG_IMPRINT_get_msg(mi);
	if (msg == NULL || ASN1_STRING_length(msg) != 32 ||
	    memcmp(ASN1_STRING_get0_data(msg), digest, 32) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, NULL, 0, 0,
		    NULL, "the time-stamp token is not over this checkpoint");
		goto out;
	}
	if (ca_file != NULL) {
		vctx = TS_VERIFY_CTX_new();
		store = X509_STORE_new();
		if (vctx == NULL || store == NULL ||
		    X509_STORE_load_file(store, ca_file) != 1 ||
		    X509_STORE_set_flags(store,
		    X509_V_FLAG_PARTIAL_CHAIN) != 1) {
			openssl_reason(why, sizeof(why));
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL,
			    ca_file, 0, 0, NULL, "cannot load the TSA "
			    "certificate: %s", why);
			goto out;
		}
		/* The TSA's certificate must have been valid at genTime, not
		 * necessarily today: tokens are kept for years. */
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store),
		    (time_t)gt);
		TS_VERIFY_CTX_set_flags(vctx, TS_VFY_VERSION | TS_VFY_SIGNATURE
		    | TS_VFY_IMPRINT);
		imprint = OPENSSL_memdup(digest, sizeof(digest));
		if (imprint == NULL) {
			rc = ASSURE_ERR_NOMEM;
			goto out;
		}
		TS_VERIFY_CTX_set_imprint(vctx, imprint, sizeof(digest));
		TS_VERIFY_CTX_set_store(vctx, store);
		store = NULL;	/* owned by vctx now */
		if (TS_RESP_verify_token(vctx, token) != 1) {
			openssl_reason(why, sizeof(why));
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER,
			    ca_file, 0, 0, NULL, "the time-stamp token's "
			    "signature does not verify with this certificate: "
			    "%s", why);
			goto out;
		}
	}
	if (ret_gen_time != NULL)
		*ret_gen_time = gt;
	rc = ASSURE_OK;
out:
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(vctx);
	TS_TST_INFO_free(info);
	PKCS7_free(token);
	return rc;
}
