/*
 * fileio.h: the three ways assure writes and reads whole files, durably.
 *
 *	assure_file_create	a new file that must not exist (O_EXCL),
 *				written, fsynced and closed: templates, keys
 *	assure_file_replace	a file replaced atomically: written to a
 *				temporary name beside it, fsynced, renamed,
 *				and the folder fsynced: reports, proofs
 *	assure_file_read	a whole file into a bounded buffer
 *
 * Errors name the path and keep the OS errno in the diagnostic.
 */
#ifndef ASSURE_FILEIO_H
#define ASSURE_FILEIO_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"

/* ASSURE_ERR_CONFLICT (and nothing written) when path exists. */
enum assure_err assure_file_create(const char *path, const void *data,
    size_t len, unsigned mode, struct assure_diag *reterr_diag);

/* path is either its old contents or the new ones, never a mix. */
enum assure_err assure_file_replace(const char *path, const void *data,
    size_t len, unsigned mode, struct assure_diag *reterr_diag);

/*
 * fsync the folder holding path, after a file was renamed to path, so
 * that the rename outlives a power cut (best effort: a folder that cannot
 * be opened is left alone).
 */
void assure_fsync_parent(const char *path);

/*
 * Append the contents of path to out, which bounds the size (a larger file
 * is ASSURE_ERR_LIMIT).  ASSURE_ERR_NOTFOUND when it does not exist.
 */
enum assure_err assure_file_read(const char *path, struct assure_buf *out,
    struct assure_diag *reterr_diag);

#endif
