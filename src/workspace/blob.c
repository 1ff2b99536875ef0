/*
 * blob.c: reading an evidence file's bytes wherever the workspace keeps
 * them: the content-addressed files of .assure/evidence/ (SQLite), or the
 * store (PostgreSQL, store_keeps_blobs()), whose bytes are streamed into
 * a file of our own so that callers always get a descriptor.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "workspace/workspace.h"

struct copy {
	int		 fd;
	const char	*path;
	struct assure_diag *d;
};

static enum assure_err
copy_chunk(const void *chunk, size_t len, void *arg)
{
	struct copy *c = arg;
	const char *p = chunk;
	ssize_t n;

	while (len > 0) {
		n = write(c->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return assure_diag_set(c->d, ASSURE_ERR_IO, c->path, 0,
			    0, NULL, "cannot write the evidence copy: %s",
			    strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return ASSURE_OK;
}

/* The store's bytes of hex into fd (at its current offset). */
static enum assure_err
from_store(const struct workspace *ws, const char *hex, int fd,
    const char *path, struct assure_diag *d)
{
	struct copy c = { fd, path, d };
	enum assure_err rc;

	rc = store_blob_read(ws->store, hex, copy_chunk, &c, d);
	if (rc == ASSURE_ERR_NOTFOUND)
		assure_diag_set(d, rc, NULL, 0, 0, NULL, "no evidence bytes "
		    "for sha256:%s in the store", hex);
	return rc;
}

enum assure_err
workspace_blob_open(const struct workspace *ws, const char *hex,
    int *ret_fd, struct assure_diag *d)
{
	char path[WORKSPACE_PATH_MAX + 80];
	enum assure_err rc;
	int fd;

	*ret_fd = -1;
	if (!store_keeps_blobs(ws->store)) {
		workspace_blob_path(ws, hex, path, sizeof(path));
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return assure_diag_set(d, errno == ENOENT ?
			    ASSURE_ERR_NOTFOUND : ASSURE_ERR_IO, path, 0, 0,
			    NULL, "%s", strerror(errno));
		*ret_fd = fd;
		return ASSURE_OK;
	}
	/* A private file beside the workspace's other state, unlinked at
	 * once: nothing is left behind, whatever happens next. */
	if (snprintf(path, sizeof(path), "%s/blob.XXXXXX", ws->dotdir) >=
	    (int)sizeof(path))
		return assure_diag_set(d, ASSURE_ERR_LIMIT, ws->dotdir, 0, 0,
		    NULL, "path too long");
	if ((fd = mkostemp(path, O_CLOEXEC)) < 0)
		return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot create a file for the evidence bytes: %s",
		    strerror(errno));
	(void)unlink(path);
	rc = from_store(ws, hex, fd, path, d);
	if (rc == ASSURE_OK && lseek(fd, 0, SEEK_SET) != 0)
		rc = assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "%s", strerror(errno));
	if (rc != ASSURE_OK) {
		(void)close(fd);
		return rc;
	}
	*ret_fd = fd;
	return ASSURE_OK;
}

enum assure_err
workspace_blob_copy(const struct workspace *ws, const char *hex,
    const char *dest, struct assure_diag *d)
{
	enum assure_err rc;
	int fd;

	fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return assure_diag_set(d, ASSURE_ERR_IO, dest, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
	rc = from_store(ws, hex, fd, dest, d);
	if (close(fd) != 0 && rc == ASSURE_OK)
		rc = assure_diag_set(d, ASSURE_ERR_IO, dest, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
	if (rc != ASSURE_OK)
		(void)unlink(dest);
	return rc;
}
