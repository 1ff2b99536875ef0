/*
 * test_package.c: the auditor package (src/export/package.c, verify.c):
 * a package built with the ledger's key verifies with its public key
 * alone; one byte changed in any member, a member removed or added, or a
 * wrong key, and it does not, naming the file; an evidence file whose
 * proof logs another digest; and a sample that does not come out of its
 * population and checkpoint, though the manifest is properly signed (what
 * an organisation holding its own key could try).
 */
#include "common/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "export/package.h"
#include "export/verify.h"
#include "ledger/ledger.h"
#include "ledger/note.h"
#include "sample/sample.h"
#include "store/store.h"
#include "workspace/workspace.h"

struct fixture {
	char			*dir;
	struct workspace	*ws;
	struct assure_note_verifier key;
	char			 evidence_hex[ASSURE_SHA256_HEXLEN + 1];
	struct assure_buf	 checkpoint;
};

static const char evidence_bytes[] = "user,mfa\nalice,true\n";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char vkey[ASSURE_NOTE_VKEY_MAX + 1], body[512];
	unsigned char sha[ASSURE_SHA256_LEN];
	struct assure_diag d;
	uint64_t index;

	assert_non_null(f);
	f->ws = tu_workspace_new("Pkg Org", &f->dir);
	ledger_verifier_text(f->ws->ledger, vkey);
	assert_int_equal(assure_note_verifier_parse(vkey, strlen(vkey),
	    &f->key, &d), ASSURE_OK);
	/* An entry that logs the evidence's digest, as an ingest does. */
	assure_sha256(evidence_bytes, strlen(evidence_bytes), sha);
	assure_hex(sha, sizeof(sha), f->evidence_hex);
	snprintf(body, sizeof(body), "assure-ledger-entry/1\ntype evidence\n"
	    "sha256 %s\n", f->evidence_hex);
	assert_int_equal(store_begin(f->ws->store, &d), ASSURE_OK);
	assert_int_equal(ledger_append(f->ws->ledger, "evidence",
	    f->evidence_hex, body, strlen(body), 1000, &index, &d), ASSURE_OK);
	assert_int_equal(ledger_checkpoint(f->ws->ledger, 1001, NULL, &d),
	    ASSURE_OK);
	assert_int_equal(store_commit(f->ws->store, &d), ASSURE_OK);
	assure_buf_init(&f->checkpoint, 0);
	assert_int_equal(ledger_latest_checkpoint(f->ws->ledger,
	    &f->checkpoint, &d), ASSURE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	assure_buf_free(&f->checkpoint);
	tu_workspace_free(f->ws, f->dir);
	free(f);
	return 0;
}

/* The Type 2 JSON of one control, its sample drawn (or altered). */
static void
type2_json(struct fixture *f, int alter, struct assure_buf *out)
{
	static const char *const pop[] = { "e", "a", "d", "b", "c", "g",
	    "f" };
	struct sample_checkpoint cp;
	struct sample s;
	struct assure_diag d;
	struct jsonw w;
	size_t i;

	assert_int_equal(sample_seed_from_checkpoint(f->checkpoint.data,
	    f->checkpoint.len, &f->key, &cp, &d), ASSURE_OK);
	assert_int_equal(sample_draw(cp.root, "CHG-01", pop, 7, 3, &s, &d),
	    ASSURE_OK);
	if (alter == 1)
		s.items[0].subject = s.items[1].subject;	/* steered */
	if (alter == 2)
		s.pop_sha256[0] = s.pop_sha256[0] == '0' ? '1' : '0';
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "report", "type2");
	jsonw_key(&w, "controls");
	jsonw_arr_open(&w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "id", "CHG-01");
	jsonw_key(&w, "population");
	jsonw_arr_open(&w);
	for (i = 0; i < 7; i++) {
		if (alter == 3 && i == 6)
			break;			/* a record dropped */
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "subject", pop[i]);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "sample");
	sample_json(&w, &s, &cp);
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	sample_release(&s);
}

static void
build(struct fixture *f, const char *out, int alter, const char *proof_hex)
{
	struct assure_buf meta, t2, proof;
	struct assure_diag d;
	struct pkg *p;
	struct jsonw w;
	uint64_t index;

	assert_int_equal(pkg_new(&p), ASSURE_OK);
	assure_buf_init(&t2, 0);
	type2_json(f, alter, &t2);
	assert_int_equal(pkg_add(p, "reports/type2.json", t2.data, t2.len,
	    &d), ASSURE_OK);
	assert_int_equal(pkg_add(p, "reports/type2.html", "<p>x</p>", 8, &d),
	    ASSURE_OK);
	assert_int_equal(pkg_add(p, "evidence/e1", evidence_bytes,
	    strlen(evidence_bytes), &d), ASSURE_OK);
	assert_int_equal(ledger_find(f->ws->ledger, f->evidence_hex, &index,
	    &d), ASSURE_OK);
	assure_buf_init(&proof, 0);
	assert_int_equal(ledger_prove(f->ws->ledger, index, NULL, 0, &proof,
	    &d), ASSURE_OK);
	assert_int_equal(pkg_add(p, "ledger/proofs/e1.json", proof.data,
	    proof.len, &d), ASSURE_OK);
	assert_int_equal(pkg_add(p, "ledger/sample-checkpoint.txt",
	    f->checkpoint.data, f->checkpoint.len, &d), ASSURE_OK);
	assure_buf_init(&meta, 0);
	jsonw_init(&w, &meta, true);
	jsonw_obj_open(&w);
	jsonw_key(&w, "ledger");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "sample_checkpoint", "ledger/sample-checkpoint.txt");
	jsonw_obj_close(&w);
	jsonw_key(&w, "reports");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "type2_json", "reports/type2.json");
	jsonw_obj_close(&w);
	jsonw_key(&w, "evidence");
	jsonw_arr_open(&w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "sha256", proof_hex != NULL ? proof_hex :
	    f->evidence_hex);
	jsonw_kstr(&w, "path", "evidence/e1");
	jsonw_kstr(&w, "proof", "ledger/proofs/e1.json");
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	assert_int_equal(pkg_write(p, f->ws->ledger, assure_buf_str(&meta), out,
	    &d), ASSURE_OK);
	pkg_free(p);
	assure_buf_free(&meta);
	assure_buf_free(&t2);
	assure_buf_free(&proof);
}

/* Verify path; the error's file, or "" when it verified. */
static enum assure_err
check(struct fixture *f, const char *path, char *file, size_t size)
{
	struct pkg_verify_report r;
	struct assure_diag d;
	enum assure_err rc;

	assure_diag_clear(&d);
	rc = pkg_verify(path, &f->key, &r, &d);
	assure_strlcpy(file, rc == ASSURE_OK ? "" : d.source, size);
	if (rc == ASSURE_OK) {
		assert_int_equal(r.files, 5);
		assert_int_equal(r.evidence, 1);
		assert_int_equal(r.samples, 1);
	}
	return rc;
}

/*
 * Copy package src to dst, flipping a byte of member victim (or dropping
 * it when drop, or adding a member extra when extra is not NULL).
 */
static void
rewrite(const char *src, const char *dst, const char *victim, bool drop,
    const char *extra)
{
	struct archive *in = archive_read_new(), *out = archive_write_new();
	struct archive_entry *e;
	struct assure_buf b;
	char buf[8192];
	la_ssize_t n;

	assert_non_null(in);
	assert_non_null(out);
	archive_read_support_format_zip(in);
	assert_int_equal(archive_read_open_filename(in, src, 8192), ARCHIVE_OK);
	archive_write_set_format_zip(out);
	assert_int_equal(archive_write_open_filename(out, dst), ARCHIVE_OK);
	while (archive_read_next_header(in, &e) == ARCHIVE_OK) {
		bool hit = victim != NULL &&
		    strcmp(archive_entry_pathname(e), victim) == 0;

		assure_buf_init(&b, 0);
		while ((n = archive_read_data(in, buf, sizeof(buf))) > 0)
			assure_buf_add(&b, buf, (size_t)n);
		if (hit && drop) {
			assure_buf_free(&b);
			continue;
		}
		if (hit && b.len > 0)
			b.data[b.len / 2] ^= 0x01;
		archive_entry_set_size(e, (la_int64_t)b.len);
		assert_int_equal(archive_write_header(out, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(out, b.data, b.len),
		    (la_ssize_t)b.len);
		assure_buf_free(&b);
	}
	if (extra != NULL) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, extra);
		archive_entry_set_size(e, 3);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		assert_int_equal(archive_write_header(out, e), ARCHIVE_OK);
		archive_write_data(out, "abc", 3);
		archive_entry_free(e);
	}
	archive_read_free(in);
	archive_write_close(out);
	archive_write_free(out);
}

static void
test_verifies(void **state)
{
	struct fixture *f = *state;
	char *path = tu_join(f->dir, "p.zip"), file[512];

	build(f, path, 0, NULL);
	assert_int_equal(check(f, path, file, sizeof(file)), ASSURE_OK);
	free(path);
}

static void
test_every_byte_counts(void **state)
{
	static const char *const members[] = { "manifest.json",
	    "manifest.sig", "reports/type2.json", "reports/type2.html",
	    "evidence/e1", "ledger/proofs/e1.json",
	    "ledger/sample-checkpoint.txt" };
	struct fixture *f = *state;
	char *path = tu_join(f->dir, "p.zip"), *bad = tu_join(f->dir, "b.zip");
	char file[512];
	size_t i;

	build(f, path, 0, NULL);
	for (i = 0; i < ASSURE_ARRAY_LEN(members); i++) {
		rewrite(path, bad, members[i], false, NULL);
		assert_int_equal(check(f, bad, file, sizeof(file)),
		    ASSURE_ERR_TAMPER);
		/* The signature's own damage shows as the manifest's or the
		 * signature's; every other file is named. */
		if (strcmp(members[i], "manifest.sig") == 0)
			assert_true(strcmp(file, "manifest.sig") == 0 ||
			    strcmp(file, "manifest.json") == 0);
		else if (strcmp(file, members[i]) != 0)
			fail_msg("flipping a byte of %s was reported as %s",
			    members[i], file);
	}
	rewrite(path, bad, "evidence/e1", true, NULL);
	assert_int_equal(check(f, bad, file, sizeof(file)), ASSURE_ERR_TAMPER);
	assert_string_equal(file, "evidence/e1");
	rewrite(path, bad, NULL, false, "evidence/extra");
	assert_int_equal(check(f, bad, file, sizeof(file)), ASSURE_ERR_TAMPER);
	assert_string_equal(file, "evidence/extra");
	free(path);
	free(bad);
}

static void
test_wrong_key(void **state)
{
	struct fixture *f = *state;
	char *path = tu_join(f->dir, "p.zip"), *odir, vkey[256], file[512];
	struct workspace *other = tu_workspace_new("Other Org", &odir);
	struct assure_note_verifier key = f->key;
	struct assure_diag d;

	build(f, path, 0, NULL);
	ledger_verifier_text(other->ledger, vkey);
	assert_int_equal(assure_note_verifier_parse(vkey, strlen(vkey),
	    &f->key, &d), ASSURE_OK);
	assert_int_equal(check(f, path, file, sizeof(file)),
	    ASSURE_ERR_TAMPER);
	assert_string_equal(file, "manifest.sig");
	f->key = key;
	tu_workspace_free(other, odir);
	free(path);
}

static void
test_steered_samples(void **state)
{
	struct fixture *f = *state;
	char *path = tu_join(f->dir, "p.zip"), file[512];
	int alter;

	/* Signed by the organisation's own key, yet the draw is wrong. */
	for (alter = 1; alter <= 3; alter++) {
		build(f, path, alter, NULL);
		assert_int_equal(check(f, path, file, sizeof(file)),
		    ASSURE_ERR_TAMPER);
		assert_string_equal(file, "reports/type2.json");
	}
	/* Evidence listed under a digest its proof does not log. */
	build(f, path, 0, "00000000000000000000000000000000"
	    "00000000000000000000000000000000");
	assert_int_equal(check(f, path, file, sizeof(file)),
	    ASSURE_ERR_TAMPER);
	assert_string_equal(file, "evidence/e1");
	free(path);
}

static void
test_paths(void **state)
{
	struct pkg *p;
	struct assure_diag d;

	(void)state;
	assert_true(pkg_path_valid("evidence/abc.json"));
	assert_false(pkg_path_valid("../x"));
	assert_false(pkg_path_valid("/x"));
	assert_false(pkg_path_valid("a//b"));
	assert_false(pkg_path_valid("a/./b"));
	assert_false(pkg_path_valid("a b"));
	assert_false(pkg_path_valid(""));
	assert_int_equal(pkg_new(&p), ASSURE_OK);
	assert_int_equal(pkg_add(p, "a", "x", 1, &d), ASSURE_OK);
	assert_int_equal(pkg_add(p, "a", "x", 1, &d), ASSURE_ERR_INVAL);
	assert_int_equal(pkg_add(p, "manifest.json", "x", 1, &d),
	    ASSURE_ERR_INVAL);
	assert_true(pkg_has(p, "a"));
	pkg_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test_setup_teardown(test_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_byte_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_steered_samples, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
