/*
 * tsa.h: RFC 3161 time-stamp tokens for ledger checkpoints.
 *
 * A checkpoint proves what the ledger held; a time-stamp token from an
 * independent Time-Stamping Authority proves that the checkpoint existed
 * by the TSA's genTime, so the log cannot have been rebuilt later with
 * back-dated checkpoints.  The token covers SHA-256 of the checkpoint's
 * whole signed note text.
 *
 * Requests are built and responses checked with OpenSSL's TS API; the
 * request travels by HTTP(S) POST with libcurl, with explicit timeouts and
 * a response size limit.
 */
#ifndef ASSURE_LEDGER_TSA_H
#define ASSURE_LEDGER_TSA_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

#define TSA_RESPONSE_MAX	(1024 * 1024)
#define TSA_URL_MAX		2048
#define TSA_TIMEOUT_SECONDS	30L
#define TSA_CONNECT_SECONDS	10L

/*
 * Ask the TSA at url (http:// or https://, at most TSA_URL_MAX bytes) for
 * a token over SHA-256 of data[0..len).  The response must be granted,
 * carry our nonce and the right imprint.  When ca_file (may be NULL) is
 * given, the token's signature must also verify against it (as in
 * tsa_verify_token; a failure is ASSURE_ERR_TAMPER).  On success the token
 * (DER, a CMS SignedData) is appended to ret_token and its genTime stored
 * in *ret_gen_time.  An unreachable or failing TSA is ASSURE_ERR_IO with
 * the URL as the diagnostic's source.
 */
enum assure_err tsa_request(const char *url, const void *data, size_t len,
    const char *ca_file, struct assure_buf *ret_token, int64_t *ret_gen_time,
    struct assure_diag *reterr_diag);

/*
 * Check a stored token: it is well formed and its imprint is SHA-256 of
 * data[0..len) (a mismatch is ASSURE_ERR_TAMPER).  When ca_file (PEM: the
 * TSA's certificate or a CA above it) is given, the TSA's signature and
 * certificate chain are verified too, as of the token's genTime (so that
 * a token outlives its TSA certificate), and a failure is TAMPER; a
 * ca_file that cannot be loaded is ASSURE_ERR_INVAL.  *ret_gen_time (may
 * be NULL) gets the token's genTime.
 */
enum assure_err tsa_verify_token(const unsigned char *der, size_t der_len,
    const void *data, size_t len, const char *ca_file, int64_t *ret_gen_time,
    struct assure_diag *reterr_diag);

#endif
