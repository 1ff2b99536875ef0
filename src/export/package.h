/*
 * package.h: the auditor package, a ZIP file (libarchive) an auditor can
 * check offline with nothing but the ledger's public key
 * (docs/AUDITOR-PACKAGE.md).
 *
 *	manifest.json		the format, what the package is of (the
 *				caller's meta object), and every other file
 *				with its size and SHA-256
 *	manifest.sig		a signed note (C2SP, the ledger's Ed25519
 *				key) whose body names the SHA-256 of
 *				manifest.json: PKG_SIG_HEADER, the ledger's
 *				origin, the digest, each on a line
 *	...			the files added, in the order added
 *
 * Changing a byte of any file changes its digest (caught against the
 * manifest), of the manifest (caught against the signature), or of the
 * signature (caught by the key).  A file missing from the archive, or one
 * the manifest does not list, is caught too.
 *
 * Building: files are added from memory (copied) or from disk (hashed
 * when added, streamed and hashed again when written: a file that changed
 * in between is an error, not a silent mismatch).  Paths are relative,
 * '/'-separated, of [A-Za-z0-9._-] components, no "." or ".." component,
 * unique.  pkg_write() writes a temporary file beside out and renames it,
 * so a package is whole or absent.
 */
#ifndef ASSURE_EXPORT_PACKAGE_H
#define ASSURE_EXPORT_PACKAGE_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "ledger/ledger.h"

#define PKG_FORMAT		"assure-auditor-package/1"
#define PKG_SIG_HEADER		"assure-auditor-manifest/1"
#define PKG_MANIFEST		"manifest.json"
#define PKG_SIGNATURE		"manifest.sig"
#define PKG_PATH_MAX		255
#define PKG_FILES_MAX		1000000
/* One file, and the whole package, at most. */
#define PKG_FILE_MAX		(2ULL * 1024 * 1024 * 1024)
#define PKG_TOTAL_MAX		(64ULL * 1024 * 1024 * 1024)

struct pkg;

enum assure_err pkg_new(struct pkg **ret);
void pkg_free(struct pkg *p);

/* Add path with the bytes data[0..len) (copied). */
enum assure_err pkg_add(struct pkg *p, const char *path, const void *data,
    size_t len, struct assure_diag *reterr_diag);
/* Add path with the contents of the file src (hashed now). */
enum assure_err pkg_add_file(struct pkg *p, const char *path,
    const char *src, struct assure_diag *reterr_diag);
/* Whether path was added. */
bool pkg_has(const struct pkg *p, const char *path);
/* Files added so far, and their total size. */
size_t pkg_count(const struct pkg *p);
uint64_t pkg_bytes(const struct pkg *p);

/*
 * Write the package to out: manifest.json (meta_json, a JSON object the
 * caller wrote, becomes its "meta"), manifest.sig signed by l's key, then
 * every file.  The ledger must hold its signing key.
 */
enum assure_err pkg_write(struct pkg *p, struct ledger *l,
    const char *meta_json, const char *out, struct assure_diag *reterr_diag);

/* Whether path is a legal package path. */
bool pkg_path_valid(const char *path);

#endif
