/*
 * fileio.c: durable whole-file writes and bounded reads (see fileio.h).
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"

#define FILEIO_CHUNK	65536

static enum assure_err
sys_fail(struct assure_diag *d, const char *path, const char *what)
{
	int e = errno;
	enum assure_err rc = e == ENOENT ? ASSURE_ERR_NOTFOUND :
	    e == EEXIST ? ASSURE_ERR_CONFLICT : e == EACCES || e == EPERM ?
	    ASSURE_ERR_PERM : ASSURE_ERR_IO;

	assure_diag_set(d, rc, path, 0, 0, NULL, "%s", what);
	if (d != NULL)
		d->sys_errno = e;
	return rc;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

enum assure_err
assure_file_create(const char *path, const void *data, size_t len,
    unsigned mode, struct assure_diag *reterr_diag)
{
	int fd, e;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
	if (fd < 0)
		return sys_fail(reterr_diag, path, errno == EEXIST ?
		    "exists already" : "cannot create");
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(path);
		errno = e;
		return sys_fail(reterr_diag, path, "cannot write");
	}
	if (close(fd) != 0)
		return sys_fail(reterr_diag, path, "cannot write");
	return ASSURE_OK;
}

enum assure_err
assure_file_replace(const char *path, const void *data, size_t len,
    unsigned mode, struct assure_diag *reterr_diag)
{
	char tmp[4200];
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(tmp))
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, path, 0,
		    0, NULL, "path too long");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return sys_fail(reterr_diag, path, "cannot create");
	if (write_all(fd, data, len) != 0 || fchmod(fd, (mode_t)mode) != 0 ||
	    fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return sys_fail(reterr_diag, path, "cannot write");
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return sys_fail(reterr_diag, path, "cannot write");
	}
	assure_fsync_parent(path);
	return ASSURE_OK;
}

void
assure_fsync_parent(const char *path)
{
	char dir[4200];
	int dfd;

	if (assure_strlcpy(dir, path, sizeof(dir)) >= sizeof(dir))
		return;
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
}

enum assure_err
assure_file_read(const char *path, struct assure_buf *out,
    struct assure_diag *reterr_diag)
{
	char chunk[FILEIO_CHUNK];
	enum assure_err rc = ASSURE_OK;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sys_fail(reterr_diag, path, "cannot open");
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sys_fail(reterr_diag, path, "read error");
			break;
		}
		if (n == 0)
			break;
		assure_buf_add(out, chunk, (size_t)n);
		if (assure_buf_err(out) != ASSURE_OK) {
			rc = assure_diag_set(reterr_diag, assure_buf_err(out),
			    path, 0, 0, NULL, assure_buf_err(out) ==
			    ASSURE_ERR_LIMIT ? "larger than %zu bytes" :
			    "out of memory", out->max - 1);
			break;
		}
	}
	close(fd);
	return rc;
}
