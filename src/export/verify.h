/*
 * verify.h: checking an auditor package (package.h) offline, with
 * nothing but the ledger's verifier key: no workspace, no database.
 *
 *   1. manifest.sig is a note signed by the key whose body names the
 *      SHA-256 of manifest.json and the key's origin;
 *   2. every file of the archive is listed in the manifest with its size
 *      and SHA-256, and every file listed is in the archive, once;
 *   3. every evidence file the manifest's meta lists has an inclusion
 *      proof, signed by the key, of a ledger entry that logged exactly
 *      its SHA-256; every evaluation listed, a proof of its entry;
 *   4. every sample of the Type 2 report's JSON is drawn again from the
 *      population it lists and the seed checkpoint of the package
 *      (signed by the key), and must come out the same, with the same
 *      population hash (docs/SAMPLING.md).
 *
 * The first failure is ASSURE_ERR_TAMPER naming the file (and the
 * control, for a sample); a package that cannot be read at all is
 * ASSURE_ERR_IO or ASSURE_ERR_PARSE.
 */
#ifndef ASSURE_EXPORT_VERIFY_H
#define ASSURE_EXPORT_VERIFY_H

#include "common/compat.h"
#include "common/err.h"
#include "ledger/note.h"

/* What a package in memory may hold for checking, at most. */
#define PKG_VERIFY_KEPT_MAX	(1024ULL * 1024 * 1024)

struct pkg_verify_report {
	char		origin[ASSURE_NOTE_NAME_MAX + 1];
	size_t		files;		/* listed and matching */
	uint64_t	bytes;
	size_t		evidence;	/* files proved to be in the ledger */
	size_t		evaluations;	/* evaluations proved */
	size_t		samples;	/* samples drawn again */
	uint64_t	tree_size;	/* of the checkpoint the proofs reach */
};

enum assure_err pkg_verify(const char *path,
    const struct assure_note_verifier *key, struct pkg_verify_report *ret,
    struct assure_diag *reterr_diag);

#endif
