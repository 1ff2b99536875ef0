/*
 * test_note.c: C2SP signed notes and tlog checkpoints.
 *
 * Known answers come from golang.org/x/mod/sumdb/note (note.go's package
 * documentation and note_test.go): the "PeterNeumann" signer and verifier
 * keys, the note they sign byte for byte, the "EnochRoot" verifier key and
 * its co-signature of the same text, and the malformed notes and keys that
 * Go's Open, NewVerifier and NewSigner reject.  The checkpoint example is
 * the one in c2sp.org/tlog-checkpoint.  The rest are round trips with
 * fresh keys, tampering, wrong keys, unknown signature lines and limits.
 */
#include "common/compat.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"

#include "common/base64.h"
#include "common/buf.h"
#include "ledger/note.h"

#define EMDASH		"\xe2\x80\x94"
/* Offset of the key id in the signer key text, after "PRIVATE+KEY+<name>+". */
#define SKEY_ID_OFFSET	25

/* Key id and ML-DSA-44 signature: a long line of a key we do not know. */
#define MLDSA_SIG_BYTES	(4 + 2420)

/* Peter's signature of text, in three pieces to build variants from. */
#define PETER_B64_1	"x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1F"
#define PETER_B64_2	"FYC2pZSNXgKvqfqdngotpRZb6KE6Ry"
#define PETER_B64_3	"yBwJnAM="
#define PETER_B64	PETER_B64_1 PETER_B64_2 PETER_B64_3
#define PETER_LINE	EMDASH " PeterNeumann " PETER_B64 "\n"
/* Enoch's co-signature of text. */
#define ENOCH_B64	"rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiO" \
			"Hp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="
#define ENOCH_LINE	EMDASH " EnochRoot " ENOCH_B64 "\n"

static const char peter_vkey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char peter_skey[] =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+"
    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char enoch_vkey[] =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

static const char text[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
static const char peter_sig[] = PETER_LINE;
static const char enoch_sig[] = ENOCH_LINE;

/* The signed note of note.go's documentation, byte for byte. */
static const char peter_note[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    PETER_LINE;

/* c2sp.org/tlog-checkpoint's example body. */
static const char c2sp_checkpoint[] =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

/* text + "\n" + the given signature lines, malloc'd. */
static char *
note_with(const char *sigs)
{
	char *p;

	if (asprintf(&p, "%s\n%s", text, sigs) < 0)
		abort();
	return p;
}

static enum assure_err
open_with(const char *msg, const char *vkey, struct assure_note **ret_note)
{
	struct assure_note_verifier v;

	assert_int_equal(assure_note_verifier_parse(vkey, strlen(vkey), &v,
	    NULL), ASSURE_OK);
	return assure_note_open(msg, strlen(msg), &v, ret_note, NULL);
}

/* assure_note_open() of msg with vkey; the note, if any, freed. */
static enum assure_err
check_open(const char *msg, const char *vkey)
{
	struct assure_note *n = NULL;
	enum assure_err rc;

	rc = open_with(msg, vkey, &n);
	assure_note_free(n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                    */

static void
test_verifier_key_vector(void **state)
{
	struct assure_note_verifier v;
	struct assure_diag d;
	char out[ASSURE_NOTE_VKEY_MAX];

	(void)state;
	assure_diag_clear(&d);
	assert_int_equal(assure_note_verifier_parse(peter_vkey,
	    strlen(peter_vkey), &v, &d), ASSURE_OK);
	assert_string_equal(v.name, "PeterNeumann");
	assert_int_equal(v.key_id, 0xc74f20a3);
	assert_int_equal(assure_note_key_id(v.name, strlen(v.name),
	    ASSURE_NOTE_ALG_ED25519, v.pub, sizeof(v.pub)), 0xc74f20a3);
	assure_note_verifier_format(&v, out);
	assert_string_equal(out, peter_vkey);

	assert_int_equal(assure_note_verifier_parse(enoch_vkey,
	    strlen(enoch_vkey), &v, NULL), ASSURE_OK);
	assert_string_equal(v.name, "EnochRoot");
	assert_int_equal(v.key_id, 0xaf0cfe78);
	assure_note_verifier_format(&v, out);
	assert_string_equal(out, enoch_vkey);
}

static void
test_signer_key_vector(void **state)
{
	struct assure_note_signer *s = NULL;
	struct assure_note_verifier v, want;
	char out[ASSURE_NOTE_SKEY_MAX], vout[ASSURE_NOTE_VKEY_MAX];

	(void)state;
	assert_int_equal(assure_note_signer_parse(peter_skey,
	    strlen(peter_skey), &s, NULL), ASSURE_OK);
	assure_note_signer_verifier(s, &v);
	assert_int_equal(assure_note_verifier_parse(peter_vkey,
	    strlen(peter_vkey), &want, NULL), ASSURE_OK);
	assert_string_equal(v.name, want.name);
	assert_int_equal(v.key_id, want.key_id);
	assert_memory_equal(v.pub, want.pub, sizeof(v.pub));
	assure_note_verifier_format(&v, vout);
	assert_string_equal(vout, peter_vkey);

	assure_note_signer_format(s, out);
	assert_string_equal(out, peter_skey);
	sodium_memzero(out, sizeof(out));
	assure_note_signer_free(s);
	assure_note_signer_free(NULL);
}

/* note_test.go TestNewVerifier: every substring and every byte + 1. */
static void
test_verifier_key_manglings(void **state)
{
	static const char *const bad[] = {
		/* wrong length key, with adjusted key hash */
		"PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
		/* unknown algorithm, with adjusted key hash */
		"PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		/* ours: upper-case key id, spaces, trailing newline */
		"PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n",
		"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/ LDE4izWy10T",
		"",
		"+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
	};
	struct assure_note_verifier v;
	char b[sizeof(peter_vkey)];
	size_t len = strlen(peter_vkey), i, j;

	(void)state;
	for (i = 0; i <= len; i++)
		for (j = i + 1; j <= len; j++)
			if (i != 0 || j != len)
				assert_int_equal(assure_note_verifier_parse(
				    peter_vkey + i, j - i, &v, NULL),
				    ASSURE_ERR_PARSE);
	memcpy(b, peter_vkey, sizeof(b));
	for (i = 0; i < len; i++) {
		b[i]++;
		assert_int_equal(assure_note_verifier_parse(b, len, &v, NULL),
		    ASSURE_ERR_PARSE);
		b[i]--;
	}
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++)
		assert_int_equal(assure_note_verifier_parse(bad[i],
		    strlen(bad[i]), &v, NULL), ASSURE_ERR_PARSE);
}

/* note_test.go TestNewSigner: every substring and every byte + 1. */
static void
test_signer_key_manglings(void **state)
{
	struct assure_note_signer *s = NULL;
	struct assure_diag d;
	char b[sizeof(peter_skey)];
	size_t len = strlen(peter_skey), i, j;

	(void)state;
	for (i = 0; i <= len; i++)
		for (j = i + 1; j <= len; j++)
			if (i != 0 || j != len)
				assert_int_equal(assure_note_signer_parse(
				    peter_skey + i, j - i, &s, NULL),
				    ASSURE_ERR_PARSE);
	memcpy(b, peter_skey, sizeof(b));
	for (i = 0; i < len; i++) {
		b[i]++;
		assert_int_equal(assure_note_signer_parse(b, len, &s, NULL),
		    ASSURE_ERR_PARSE);
		b[i]--;
	}
	assert_null(s);

	/* A wrong key id is named as such. */
	assure_diag_clear(&d);
	memcpy(b, peter_skey, sizeof(b));
	b[SKEY_ID_OFFSET] = 'd';
	assert_int_equal(assure_note_signer_parse(b, len, &s, &d),
	    ASSURE_ERR_PARSE);
	assert_non_null(strstr(d.msg, "key id"));
	assert_null(s);
}

static void
test_key_names(void **state)
{
	static const char *const good[] = {
		"PeterNeumann", "example.com/log42", "a",
		"\303\274nic\303\266de", "tab\177del",
	};
	static const char *const bad[] = {
		"", "a b", "a+b", "a\nb", "a\tb", "a\001b",
		"nb\xc2\xa0sp",		/* U+00A0 */
		"em\xe2\x80\x83sp",		/* U+2003 */
		"ideo\xe3\x80\x80sp",		/* U+3000 */
		"line\xe2\x80\xa8sep",		/* U+2028 */
		"bad\xffutf8", "over\xc0\xaflong", "sur\xed\xa0\x80rogate",
		"cut\xe2\x80",
	};
	char name[ASSURE_NOTE_NAME_MAX + 2];
	struct assure_note_signer *s = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(good); i++)
		assert_true(assure_note_name_valid(good[i], strlen(good[i])));
	for (i = 0; i < ASSURE_ARRAY_LEN(bad); i++) {
		assert_false(assure_note_name_valid(bad[i], strlen(bad[i])));
		assert_int_equal(assure_note_key_generate(bad[i], &s),
		    ASSURE_ERR_INVAL);
	}
	memset(name, 'n', sizeof(name));
	name[ASSURE_NOTE_NAME_MAX] = '\0';
	assert_true(assure_note_name_valid(name, ASSURE_NOTE_NAME_MAX));
	assert_int_equal(assure_note_key_generate(name, &s), ASSURE_OK);
	assure_note_signer_free(s);
	s = NULL;
	name[ASSURE_NOTE_NAME_MAX] = 'n';
	name[ASSURE_NOTE_NAME_MAX + 1] = '\0';
	assert_false(assure_note_name_valid(name, ASSURE_NOTE_NAME_MAX + 1));
	assert_int_equal(assure_note_key_generate(name, &s), ASSURE_ERR_INVAL);
	assert_null(s);
}

/* ---------------------------------------------------------------------- */
/* Signing and verifying                                                   */

static void
test_sign_known_note(void **state)
{
	struct assure_note_signer *s = NULL;
	struct assure_buf b;

	(void)state;
	assert_int_equal(assure_note_signer_parse(peter_skey,
	    strlen(peter_skey), &s, NULL), ASSURE_OK);
	assure_buf_init(&b, 0);
	assert_int_equal(assure_note_sign(s, text, strlen(text), &b, NULL),
	    ASSURE_OK);
	assert_int_equal(b.len, strlen(peter_note));
	assert_memory_equal(b.data, peter_note, b.len);
	assure_buf_free(&b);
	assure_note_signer_free(s);
}

static void
test_open_known_notes(void **state)
{
	struct assure_note_verifier v;
	struct assure_note *n = NULL;
	struct assure_diag d;
	char *both;

	(void)state;
	/* Success leaves the diagnostic alone. */
	assure_diag_clear(&d);
	assert_int_equal(assure_note_verifier_parse(peter_vkey,
	    strlen(peter_vkey), &v, &d), ASSURE_OK);
	assert_int_equal(assure_note_open(peter_note, strlen(peter_note), &v,
	    &n, &d), ASSURE_OK);
	assert_string_equal(d.msg, "");
	assure_note_free(n);
	n = NULL;

	assert_int_equal(open_with(peter_note, peter_vkey, &n), ASSURE_OK);
	assert_int_equal(n->body_len, strlen(text));
	assert_memory_equal(n->text, text, n->body_len);
	assert_int_equal(n->len, strlen(peter_note));
	assert_int_equal(n->nsigs, 1);
	assert_int_equal(n->sigs[0].name_len, 12);
	assert_memory_equal(n->sigs[0].name, "PeterNeumann", 12);
	assert_int_equal(n->sigs[0].key_id, 0xc74f20a3);
	assert_int_equal(n->sigs[0].b64_len, 92);
	assure_note_free(n);
	n = NULL;

	/* Doubly signed: each key verifies its own line, the other stays. */
	both = note_with(PETER_LINE ENOCH_LINE);
	assert_int_equal(open_with(both, peter_vkey, &n), ASSURE_OK);
	assert_int_equal(n->nsigs, 2);
	assert_int_equal(n->sigs[1].key_id, 0xaf0cfe78);
	assert_memory_equal(n->sigs[1].name, "EnochRoot", 9);
	assure_note_free(n);
	n = NULL;
	assert_int_equal(check_open(both, enoch_vkey), ASSURE_OK);
	free(both);

	/* Enoch's line alone: no signature by Peter. */
	both = note_with(enoch_sig);
	assert_int_equal(check_open(both, peter_vkey), ASSURE_ERR_NOTFOUND);
	assure_diag_clear(&d);
	assert_int_equal(assure_note_open(both, strlen(both), &v, &n, &d),
	    ASSURE_ERR_NOTFOUND);
	assert_null(n);
	assert_string_equal(d.msg, "no signature by 'PeterNeumann+c74f20a3'");
	assert_int_equal(check_open(both, enoch_vkey), ASSURE_OK);
	free(both);
}

static void
test_round_trip_fresh_key(void **state)
{
	struct assure_note_signer *s = NULL, *s2 = NULL;
	struct assure_note_verifier v, v2;
	struct assure_note *n = NULL;
	struct assure_buf b1, b2;
	char skey[ASSURE_NOTE_SKEY_MAX], vkey[ASSURE_NOTE_VKEY_MAX];
	static const char body[] = "assure.example/ledger\n42\n"
	    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

	(void)state;
	assert_int_equal(assure_note_key_generate("assure.example/ledger", &s),
	    ASSURE_OK);
	assure_note_signer_verifier(s, &v);
	assert_string_equal(v.name, "assure.example/ledger");
	assert_int_equal(v.key_id, assure_note_key_id(v.name, strlen(v.name),
	    ASSURE_NOTE_ALG_ED25519, v.pub, sizeof(v.pub)));

	/* Text forms parse back to the same key. */
	assure_note_verifier_format(&v, vkey);
	assert_int_equal(assure_note_verifier_parse(vkey, strlen(vkey), &v2,
	    NULL), ASSURE_OK);
	assert_memory_equal(&v, &v2, sizeof(v));
	assure_note_signer_format(s, skey);
	assert_int_equal(strncmp(skey, "PRIVATE+KEY+assure.example/ledger+",
	    34), 0);
	assert_int_equal(assure_note_signer_parse(skey, strlen(skey), &s2,
	    NULL), ASSURE_OK);
	sodium_memzero(skey, sizeof(skey));

	/* Sign, open, verify; a reloaded key signs identically. */
	assure_buf_init(&b1, 0);
	assure_buf_init(&b2, 0);
	assert_int_equal(assure_note_sign(s, body, strlen(body), &b1, NULL),
	    ASSURE_OK);
	assert_int_equal(assure_note_sign(s2, body, strlen(body), &b2, NULL),
	    ASSURE_OK);
	assert_int_equal(b1.len, b2.len);
	assert_memory_equal(b1.data, b2.data, b1.len);
	assert_int_equal(assure_note_open(b1.data, b1.len, &v, &n, NULL),
	    ASSURE_OK);
	assert_int_equal(n->body_len, strlen(body));
	assure_note_free(n);
	n = NULL;

	/* A different key of the same name is not this one. */
	assure_note_signer_free(s2);
	s2 = NULL;
	assert_int_equal(assure_note_key_generate("assure.example/ledger", &s2),
	    ASSURE_OK);
	assure_note_signer_verifier(s2, &v2);
	assert_int_equal(assure_note_open(b1.data, b1.len, &v2, &n, NULL),
	    ASSURE_ERR_NOTFOUND);
	assert_null(n);

	assure_buf_free(&b1);
	assure_buf_free(&b2);
	assure_note_signer_free(s);
	assure_note_signer_free(s2);
}

static void
test_tampering(void **state)
{
	struct assure_note_verifier v;
	struct assure_diag d;
	char *m;
	size_t len = strlen(peter_note), i, sigstart;

	(void)state;
	assert_int_equal(assure_note_verifier_parse(peter_vkey,
	    strlen(peter_vkey), &v, NULL), ASSURE_OK);
	m = strdup(peter_note);
	assert_non_null(m);

	/* Every body byte changed (staying note text) breaks the signature. */
	for (i = 0; i < strlen(text) - 1; i++) {
		if (m[i] == '\n')
			continue;
		m[i] = m[i] == 'x' ? 'y' : 'x';
		assert_int_equal(check_open(m, peter_vkey), ASSURE_ERR_TAMPER);
		m[i] = peter_note[i];
	}

	/* Every signature character changed, keeping canonical base64. */
	sigstart = strlen(text) + 1 + 4 + 12 + 1;
	for (i = sigstart + 8; i < len - 3; i++) {
		m[i] = m[i] == 'A' ? 'B' : 'A';
		assert_int_equal(check_open(m, peter_vkey), ASSURE_ERR_TAMPER);
		m[i] = peter_note[i];
	}
	assert_int_equal(check_open(m, peter_vkey), ASSURE_OK);
	free(m);

	/* note_test.go: "ABCD" inserted into the signature. */
	m = note_with(EMDASH " PeterNeumann " PETER_B64_1 "ABCD"
	    PETER_B64_2 PETER_B64_3 "\n");
	assure_diag_clear(&d);
	{
		struct assure_note *n = NULL;

		assert_int_equal(assure_note_open(m, strlen(m), &v, &n, &d),
		    ASSURE_ERR_TAMPER);
		assert_null(n);
		assert_non_null(strstr(d.msg, "PeterNeumann+c74f20a3"));
		assert_int_equal(d.line, 4);
	}
	free(m);

	/* A repeated line of the same key that does not verify. */
	m = note_with(PETER_LINE
	    EMDASH " PeterNeumann " PETER_B64_1 PETER_B64_2
	    "yBwJnAA=\n");
	assert_int_equal(check_open(m, peter_vkey), ASSURE_ERR_TAMPER);
	free(m);

	/* Wrong name, same key id; same name, wrong key id: not this key. */
	m = note_with(EMDASH " CarmenSandiego " PETER_B64 "\n");
	assert_int_equal(check_open(m, peter_vkey), ASSURE_ERR_NOTFOUND);
	free(m);
	m = note_with(EMDASH " PeterNeumann "
	    "xxxxo/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1F" PETER_B64_2
	    PETER_B64_3 "\n");
	assert_int_equal(check_open(m, peter_vkey), ASSURE_ERR_NOTFOUND);
	free(m);
}

static void
test_unknown_signatures_kept(void **state)
{
	struct assure_note *n = NULL;
	struct assure_buf b;
	unsigned char big[MLDSA_SIG_BYTES];
	size_t i;

	(void)state;
	/*
	 * A witness line with a 5-byte payload, and one the size of an
	 * ML-DSA-44 signature, by keys we do not know; Enoch's line twice.
	 * All are kept in order and ignored by verification against Peter.
	 */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 31 + 7);
	assure_buf_init(&b, 0);
	assure_buf_adds(&b, text);
	assure_buf_adds(&b, "\n" EMDASH " witness.example/w1 AAAAAAA=\n");
	assure_buf_adds(&b, PETER_LINE EMDASH " mldsa.example/w2 ");
	assure_base64_encode(&b, big, sizeof(big));
	assure_buf_adds(&b, "\n" ENOCH_LINE ENOCH_LINE);
	assert_int_equal(assure_buf_err(&b), ASSURE_OK);

	assert_int_equal(open_with(b.data, peter_vkey, &n), ASSURE_OK);
	assert_int_equal(n->nsigs, 5);
	assert_int_equal(n->sigs[0].key_id, 0);
	assert_int_equal(n->sigs[0].name_len, 18);
	assert_int_equal(n->sigs[0].b64_len, 8);
	assert_memory_equal(n->sigs[0].b64, "AAAAAAA=", 8);
	assert_int_equal(n->sigs[1].key_id, 0xc74f20a3);
	assert_memory_equal(n->sigs[2].name, "mldsa.example/w2", 16);
	assert_int_equal(n->sigs[2].key_id, (uint32_t)big[0] << 24 |
	    (uint32_t)big[1] << 16 | (uint32_t)big[2] << 8 | big[3]);
	assert_int_equal(n->sigs[2].b64_len, (sizeof(big) + 2) / 3 * 4);
	assert_int_equal(n->sigs[3].key_id, 0xaf0cfe78);
	assert_int_equal(n->sigs[4].key_id, 0xaf0cfe78);
	assure_note_free(n);
	n = NULL;
	assert_int_equal(open_with(b.data, enoch_vkey, &n), ASSURE_OK);
	assure_note_free(n);
	assure_buf_free(&b);
}

/* note_test.go TestOpen's malformed notes, and some more. */
static void
test_malformed_notes(void **state)
{
	struct assure_note *n = NULL;
	struct assure_diag d;
	char *bad[24];
	size_t nbad = 0, i;
	char *nosig, *m;

	(void)state;
	nosig = strdup(peter_sig);
	assert_non_null(nosig);
	nosig[strlen(nosig) - 1] = '\0';

	bad[nbad++] = strdup(text);
	bad[nbad++] = note_with("");
	bad[nbad++] = note_with(nosig);
	assert_true(asprintf(&bad[nbad++], "\x01%s\n%s", text, peter_sig) > 0);
	assert_true(asprintf(&bad[nbad++], "\xff%s\n%s", text, peter_sig) > 0);
	bad[nbad++] = note_with(EMDASH " Bad Name " PETER_B64);
	assert_true(asprintf(&bad[nbad++], "%s\n%sUnexpected line.\n", text,
	    peter_sig) > 0);
	/* Ours: CR, overlong and surrogate UTF-8, a blank line at the end. */
	assert_true(asprintf(&bad[nbad++], "a\r\n\n%s", peter_sig) > 0);
	assert_true(asprintf(&bad[nbad++], "\xc0\xae\n\n%s", peter_sig) > 0);
	assert_true(asprintf(&bad[nbad++], "\xed\xa0\x80\n\n%s", peter_sig) >
	    0);
	assert_true(asprintf(&bad[nbad++], "%s\n%s\n", text, peter_sig) > 0);
	/* Signature lines: wrong dash, no space, '+' in the name, base64. */
	bad[nbad++] = note_with("- PeterNeumann " PETER_B64 "\n");
	bad[nbad++] = note_with(EMDASH "PeterNeumann " PETER_B64 "\n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann\n");
	bad[nbad++] = note_with(EMDASH " Peter+Neumann " PETER_B64 "\n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann \n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann " PETER_B64_1 PETER_B64_2
	    "yBwJnAN=\n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann " PETER_B64_1 PETER_B64_2
	    "yBwJnAM\n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann " PETER_B64_1 PETER_B64_2
	    " " PETER_B64_3 "\n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann AAAA\n");
	bad[nbad++] = note_with(EMDASH " PeterNeumann ====\n");
	bad[nbad++] = strdup("\n\n");
	bad[nbad++] = strdup("");
	assert_true(nbad <= ASSURE_ARRAY_LEN(bad));

	for (i = 0; i < nbad; i++) {
		assert_non_null(bad[i]);
		assure_diag_clear(&d);
		assert_int_equal(open_with(bad[i], peter_vkey, &n),
		    ASSURE_ERR_PARSE);
		assert_null(n);
		assert_int_equal(assure_note_parse(bad[i], strlen(bad[i]), &n,
		    &d), ASSURE_ERR_PARSE);
		assert_null(n);
		assert_true(d.msg[0] != '\0');
		free(bad[i]);
	}

	/* The diagnostic names the line. */
	m = note_with(PETER_LINE
	    EMDASH " Peter+Neumann AAAAAAA=\n");
	assure_diag_clear(&d);
	assert_int_equal(assure_note_parse(m, strlen(m), &n, &d),
	    ASSURE_ERR_PARSE);
	assert_int_equal(d.line, 5);
	assert_string_equal(d.field, "signature");
	free(m);
	free(nosig);
}

static void
test_note_limits(void **state)
{
	struct assure_note *n = NULL;
	struct assure_note_signer *s = NULL;
	struct assure_buf b, small;
	char *big, *sigs;
	size_t i, siglen = strlen(peter_sig), biglen;

	(void)state;
	/* 100 signature lines are fine, 101 are not (note_test.go). */
	sigs = malloc(siglen * (ASSURE_NOTE_MAX_SIGS + 1) + 1);
	assert_non_null(sigs);
	for (i = 0; i < ASSURE_NOTE_MAX_SIGS + 1; i++)
		memcpy(sigs + i * siglen, peter_sig, siglen);
	sigs[ASSURE_NOTE_MAX_SIGS * siglen] = '\0';
	big = note_with(sigs);
	assert_int_equal(open_with(big, peter_vkey, &n), ASSURE_OK);
	assert_int_equal(n->nsigs, ASSURE_NOTE_MAX_SIGS);
	assure_note_free(n);
	n = NULL;
	free(big);
	sigs[ASSURE_NOTE_MAX_SIGS * siglen] = peter_sig[0];
	sigs[(ASSURE_NOTE_MAX_SIGS + 1) * siglen] = '\0';
	big = note_with(sigs);
	assert_int_equal(open_with(big, peter_vkey, &n), ASSURE_ERR_LIMIT);
	assert_null(n);
	free(big);
	free(sigs);

	/* Size: exactly the limit parses, one byte more does not. */
	biglen = ASSURE_NOTE_MAX_SIZE;
	big = malloc(biglen + 2);
	assert_non_null(big);
	memset(big, 'a', biglen + 1);
	memcpy(big + biglen - siglen - 1, "\n", 1);
	memcpy(big + biglen - siglen, peter_sig, siglen);
	big[biglen - siglen - 2] = '\n';
	big[biglen] = '\0';
	assert_int_equal(assure_note_parse(big, biglen, &n, NULL), ASSURE_OK);
	assure_note_free(n);
	n = NULL;
	memmove(big + 1, big, biglen + 1);
	big[0] = 'a';
	assert_int_equal(assure_note_parse(big, biglen + 1, &n, NULL),
	    ASSURE_ERR_LIMIT);
	assert_null(n);

	/* Signing: a body too big for the note, a buffer too small. */
	assert_int_equal(assure_note_signer_parse(peter_skey,
	    strlen(peter_skey), &s, NULL), ASSURE_OK);
	assure_buf_init(&b, 0);
	memset(big, 'a', biglen);
	big[biglen - 100] = '\n';
	assert_int_equal(assure_note_sign(s, big, biglen - 99, &b, NULL),
	    ASSURE_ERR_LIMIT);
	assert_int_equal(b.len, 0);
	big[biglen - 200] = '\n';
	assert_int_equal(assure_note_sign(s, big, biglen - 199, &b, NULL),
	    ASSURE_OK);
	assert_int_equal(assure_note_parse(b.data, b.len, &n, NULL),
	    ASSURE_OK);
	assure_note_free(n);
	assure_buf_free(&b);
	assure_buf_init(&small, 64);
	assert_int_equal(assure_note_sign(s, text, strlen(text), &small, NULL),
	    ASSURE_ERR_LIMIT);
	assure_buf_free(&small);

	/* Bodies that are not note text. */
	assure_buf_init(&b, 0);
	assert_int_equal(assure_note_sign(s, "no newline", 10, &b, NULL),
	    ASSURE_ERR_PARSE);
	assert_int_equal(assure_note_sign(s, "", 0, &b, NULL),
	    ASSURE_ERR_PARSE);
	assert_int_equal(assure_note_sign(s, "cr\r\n", 4, &b, NULL),
	    ASSURE_ERR_PARSE);
	assert_int_equal(assure_note_sign(s, "nul\0x\n", 6, &b, NULL),
	    ASSURE_ERR_PARSE);
	assert_int_equal(b.len, 0);
	/* A body with blank lines in it survives the round trip. */
	assert_int_equal(assure_note_sign(s, "a\n\nb\n\n", 6, &b, NULL),
	    ASSURE_OK);
	assert_int_equal(assure_note_parse(b.data, b.len, &n, NULL),
	    ASSURE_OK);
	assert_int_equal(n->body_len, 6);
	assert_memory_equal(n->text, "a\n\nb\n\n", 6);
	assure_note_free(n);
	assure_buf_free(&b);
	assure_note_signer_free(s);
	free(big);
}

/* ---------------------------------------------------------------------- */
/* Checkpoints                                                             */

static void
test_checkpoint_c2sp_example(void **state)
{
	struct assure_checkpoint cp;
	struct assure_buf b;
	static const unsigned char root[32] = {
		0x0a, 0xc5, 0x18, 0x6a, 0x91, 0x86, 0x3e, 0x8e,
		0x1d, 0x90, 0xc8, 0x08, 0x01, 0x4a, 0xa8, 0x9b,
		0xf5, 0xda, 0x8e, 0x3e, 0xe1, 0xd9, 0xf0, 0x76,
		0x30, 0xf0, 0x37, 0x8f, 0x68, 0xf1, 0xab, 0x62,
	};

	(void)state;
	assert_int_equal(assure_note_checkpoint_parse(c2sp_checkpoint,
	    strlen(c2sp_checkpoint), &cp, NULL), ASSURE_OK);
	assert_int_equal(cp.origin_len, 27);
	assert_memory_equal(cp.origin, "example.com/behind-the-sofa", 27);
	assert_int_equal(cp.size, 20852163);
	assert_memory_equal(cp.root, root, 32);
	assert_int_equal(cp.ext_len, 0);

	assure_buf_init(&b, 0);
	assert_int_equal(assure_note_checkpoint_format(
	    "example.com/behind-the-sofa", 20852163, root, NULL, &b),
	    ASSURE_OK);
	assert_string_equal(assure_buf_str(&b), c2sp_checkpoint);
	assure_buf_free(&b);
}

/* The example of docs/LEDGER.md: the CT test tree of 8, checkpointed. */
static void
test_checkpoint_docs_example(void **state)
{
	static const char vkey[] = "example.com/assure-doc+10bcbbb5+"
	    "AfivT/2wI1paomD2m537XWPwgnMKWmZOe6o+yXaAVq1t";
	static const char note[] = "example.com/assure-doc\n"
	    "8\n"
	    "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
	    "\n"
	    EMDASH " example.com/assure-doc ELy7tc+qabDf4REtzoH0tioimTgggbJcgeJ+"
	    "Ay7/A11lnk8YH1/BXFy331Jj9C4gfgK/WgdhNJMLwv4t8L2VOJ3b8go=\n";
	static const unsigned char root[32] = {
		0x5d, 0xc9, 0xda, 0x79, 0xa7, 0x06, 0x59, 0xa9,
		0xad, 0x55, 0x9c, 0xb7, 0x01, 0xde, 0xd9, 0xa2,
		0xab, 0x9d, 0x82, 0x3a, 0xad, 0x2f, 0x49, 0x60,
		0xcf, 0xe3, 0x70, 0xef, 0xf4, 0x60, 0x43, 0x28,
	};
	struct assure_note *n = NULL;
	struct assure_checkpoint cp;

	(void)state;
	assert_int_equal(open_with(note, vkey, &n), ASSURE_OK);
	assert_int_equal(assure_note_checkpoint_parse(n->text, n->body_len,
	    &cp, NULL), ASSURE_OK);
	assert_int_equal(cp.size, 8);
	assert_memory_equal(cp.root, root, 32);
	assure_note_free(n);
}

static void
test_checkpoint_signed_round_trip(void **state)
{
	struct assure_note_signer *s = NULL;
	struct assure_note_verifier v;
	struct assure_note *n = NULL;
	struct assure_checkpoint cp;
	struct assure_buf body, note;
	unsigned char root[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(root); i++)
		root[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(assure_note_key_generate("assure.example/acme", &s),
	    ASSURE_OK);
	assure_note_signer_verifier(s, &v);
	assure_buf_init(&body, 0);
	assure_buf_init(&note, 0);
	assert_int_equal(assure_note_checkpoint_format("assure.example/acme",
	    UINT64_C(9223372036854775807), root, "ext one\next two\n", &body),
	    ASSURE_OK);
	assert_int_equal(assure_note_sign(s, body.data, body.len, &note, NULL),
	    ASSURE_OK);
	assert_int_equal(assure_note_open(note.data, note.len, &v, &n, NULL),
	    ASSURE_OK);
	assert_int_equal(assure_note_checkpoint_parse(n->text, n->body_len,
	    &cp, NULL), ASSURE_OK);
	assert_memory_equal(cp.origin, "assure.example/acme", cp.origin_len);
	assert_int_equal(cp.size, UINT64_C(9223372036854775807));
	assert_memory_equal(cp.root, root, 32);
	assert_int_equal(cp.ext_len, 16);
	assert_memory_equal(cp.ext, "ext one\next two\n", 16);
	assure_note_free(n);
	assure_buf_free(&body);
	assure_buf_free(&note);
	assure_note_signer_free(s);
}

static void
test_checkpoint_malformed(void **state)
{
	static const struct {
		const char	*body;
		enum assure_err	 rc;
	} cases[] = {
		{ "", ASSURE_ERR_PARSE },
		{ "origin\n", ASSURE_ERR_PARSE },
		{ "origin\n1\n", ASSURE_ERR_PARSE },
		{ "origin\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
		    ASSURE_ERR_PARSE },
		{ "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n+1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1 \nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n0x10\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n18446744073709551616\n"
		    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n9223372036854775808\n"
		    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_LIMIT },
		{ "o\n9999999999999999999\n"
		    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_LIMIT },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I==\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1\n CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
		    ASSURE_ERR_PARSE },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next",
		    ASSURE_ERR_PARSE },
		{ "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
		    "a\n\nb\n", ASSURE_ERR_PARSE },
		{ "o\r\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_ERR_PARSE },
		{ "o\n0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		    ASSURE_OK },
		{ "o p\n9223372036854775807\n"
		    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nx\n",
		    ASSURE_OK },
	};
	struct assure_checkpoint cp;
	struct assure_buf b;
	unsigned char root[32] = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < ASSURE_ARRAY_LEN(cases); i++)
		assert_int_equal(assure_note_checkpoint_parse(cases[i].body,
		    strlen(cases[i].body), &cp, NULL), cases[i].rc);

	assure_buf_init(&b, 0);
	assert_int_equal(assure_note_checkpoint_format("", 1, root, NULL, &b),
	    ASSURE_ERR_INVAL);
	assert_int_equal(assure_note_checkpoint_format("a\nb", 1, root, NULL,
	    &b), ASSURE_ERR_INVAL);
	assert_int_equal(assure_note_checkpoint_format("a\tb", 1, root, NULL,
	    &b), ASSURE_ERR_INVAL);
	assert_int_equal(assure_note_checkpoint_format("o",
	    UINT64_C(1) << 63, root, NULL, &b), ASSURE_ERR_INVAL);
	assert_int_equal(assure_note_checkpoint_format("o", 1, root, "x", &b),
	    ASSURE_ERR_INVAL);
	assert_int_equal(assure_note_checkpoint_format("o", 1, root, "\n", &b),
	    ASSURE_ERR_INVAL);
	assert_int_equal(assure_note_checkpoint_format("o", 1, root, "a\n\n",
	    &b), ASSURE_ERR_INVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(assure_note_checkpoint_format("o", 0, root, "", &b),
	    ASSURE_OK);
	assert_string_equal(assure_buf_str(&b),
	    "o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
	assure_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verifier_key_vector),
		cmocka_unit_test(test_signer_key_vector),
		cmocka_unit_test(test_verifier_key_manglings),
		cmocka_unit_test(test_signer_key_manglings),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_sign_known_note),
		cmocka_unit_test(test_open_known_notes),
		cmocka_unit_test(test_round_trip_fresh_key),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_unknown_signatures_kept),
		cmocka_unit_test(test_malformed_notes),
		cmocka_unit_test(test_note_limits),
		cmocka_unit_test(test_checkpoint_c2sp_example),
		cmocka_unit_test(test_checkpoint_docs_example),
		cmocka_unit_test(test_checkpoint_signed_round_trip),
		cmocka_unit_test(test_checkpoint_malformed),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
