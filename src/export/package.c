/*
 * package.c: writing the auditor package (package.h) with libarchive.
 */
#include "common/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "export/package.h"

#define PKG_CHUNK	(256 * 1024)

struct pkg_file {
	char		 path[PKG_PATH_MAX + 1];
	unsigned char	*data;		/* owned, or NULL: from src */
	char		*src;
	uint64_t	 size;
	unsigned char	 sha256[ASSURE_SHA256_LEN];
};

struct pkg {
	struct pkg_file	*v;
	size_t		 n, cap;
	uint64_t	 bytes;
};

enum assure_err
pkg_new(struct pkg **ret)
{
	*ret = calloc(1, sizeof(**ret));
	return *ret == NULL ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

void
pkg_free(struct pkg *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].data);
		free(p->v[i].src);
	}
	free(p->v);
	free(p);
}

bool
pkg_path_valid(const char *path)
{
	const char *c = path, *seg = path;
	size_t len = strlen(path);

	if (len == 0 || len > PKG_PATH_MAX || path[0] == '/' ||
	    path[len - 1] == '/')
		return false;
	for (; ; c++) {
		if (*c == '/' || *c == '\0') {
			/* No empty, "." or ".." component. */
			if (c == seg || (c - seg == 1 && seg[0] == '.') ||
			    (c - seg == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (*c == '\0')
				return true;
			seg = c + 1;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
		    *c == '-'))
			return false;
	}
}

bool
pkg_has(const struct pkg *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].path, path) == 0)
			return true;
	return false;
}

size_t
pkg_count(const struct pkg *p)
{
	return p->n;
}

uint64_t
pkg_bytes(const struct pkg *p)
{
	return p->bytes;
}

static enum assure_err
slot(struct pkg *p, const char *path, uint64_t size, struct pkg_file **ret,
    struct assure_diag *d)
{
	struct pkg_file *v;
	size_t cap;

	if (!pkg_path_valid(path) || strcmp(path, PKG_MANIFEST) == 0 ||
	    strcmp(path, PKG_SIGNATURE) == 0)
		return assure_diag_set(d, ASSURE_ERR_INVAL, path, 0, 0, NULL,
		    "not a legal package path");
	if (pkg_has(p, path))
		return assure_diag_set(d, ASSURE_ERR_INVAL, path, 0, 0, NULL,
		    "added to the package twice");
	if (p->n >= PKG_FILES_MAX || size > PKG_FILE_MAX ||
	    p->bytes + size > PKG_TOTAL_MAX)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, path, 0, 0, NULL,
		    "the package would exceed its limits (%d files, %llu "
		    "bytes a file, %llu in all)", PKG_FILES_MAX,
		    (unsigned long long)PKG_FILE_MAX,
		    (unsigned long long)PKG_TOTAL_MAX);
	if (p->n == p->cap) {
		cap = p->cap == 0 ? 64 : p->cap * 2;
		if ((v = reallocarray(p->v, cap, sizeof(*v))) == NULL)
			return assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0,
			    NULL, "out of memory");
		p->v = v;
		p->cap = cap;
	}
	*ret = &p->v[p->n];
	memset(*ret, 0, sizeof(**ret));
	assure_strlcpy((*ret)->path, path, sizeof((*ret)->path));
	(*ret)->size = size;
	return ASSURE_OK;
}

enum assure_err
pkg_add(struct pkg *p, const char *path, const void *data, size_t len,
    struct assure_diag *d)
{
	struct pkg_file *f;
	enum assure_err rc;

	if ((rc = slot(p, path, len, &f, d)) != ASSURE_OK)
		return rc;
	if ((f->data = malloc(len > 0 ? len : 1)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0, NULL,
		    "out of memory");
	if (len > 0)
		memcpy(f->data, data, len);
	if ((rc = assure_sha256(data, len, f->sha256)) != ASSURE_OK) {
		free(f->data);
		return assure_diag_set(d, rc, path, 0, 0, NULL, "cannot hash");
	}
	p->n++;
	p->bytes += len;
	return ASSURE_OK;
}

/* Hash the file src into out, its size into *ret_size. */
static enum assure_err
hash_path(const char *src, unsigned char out[ASSURE_SHA256_LEN],
    uint64_t *ret_size, struct assure_diag *d)
{
	struct assure_sha256 *h = assure_sha256_new();
	unsigned char *buf = malloc(PKG_CHUNK);
	uint64_t size = 0;
	ssize_t n;
	int fd = -1;
	enum assure_err rc = ASSURE_OK;

	if (h == NULL || buf == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, src, 0, 0, NULL,
		    "out of memory");
		goto out;
	}
	if ((fd = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = assure_diag_set(d, ASSURE_ERR_IO, src, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		n = read(fd, buf, PKG_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = assure_diag_set(d, ASSURE_ERR_IO, src, 0, 0, NULL,
			    "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		size += (uint64_t)n;
		assure_sha256_update(h, buf, (size_t)n);
	}
	assure_sha256_final(h, out);
	*ret_size = size;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	assure_sha256_free(h);
	return rc;
}

enum assure_err
pkg_add_file(struct pkg *p, const char *path, const char *src,
    struct assure_diag *d)
{
	unsigned char sha[ASSURE_SHA256_LEN];
	struct pkg_file *f;
	uint64_t size = 0;
	enum assure_err rc;

	if ((rc = hash_path(src, sha, &size, d)) != ASSURE_OK)
		return rc;
	if ((rc = slot(p, path, size, &f, d)) != ASSURE_OK)
		return rc;
	if ((f->src = strdup(src)) == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0, NULL,
		    "out of memory");
	memcpy(f->sha256, sha, sizeof(sha));
	p->n++;
	p->bytes += size;
	return ASSURE_OK;
}

static enum assure_err
arc_error(struct archive *a, const char *path, struct assure_diag *d)
{
	return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
	    "cannot write the package: %s", archive_error_string(a) != NULL ?
	    archive_error_string(a) : "unknown libarchive error");
}

static enum assure_err
put_header(struct archive *a, const char *name, uint64_t size, int64_t mtime,
    const char *out, struct assure_diag *d)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	if (e == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, out, 0, 0, NULL,
		    "out of memory");
	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	/* One instant for every member: the same package for the same
	 * inputs at the same second. */
	archive_entry_set_mtime(e, (time_t)mtime, 0);
	r = archive_write_header(a, e);
	archive_entry_free(e);
	return r == ARCHIVE_OK ? ASSURE_OK : arc_error(a, out, d);
}

static enum assure_err
put_data(struct archive *a, const void *data, size_t len, const char *out,
    struct assure_diag *d)
{
	const unsigned char *p = data;
	la_ssize_t w;

	while (len > 0) {
		w = archive_write_data(a, p, len);
		if (w <= 0)
			return arc_error(a, out, d);
		p += w;
		len -= (size_t)w;
	}
	return ASSURE_OK;
}

static enum assure_err
put_memory(struct archive *a, const char *name, const void *data, size_t len,
    int64_t mtime, const char *out, struct assure_diag *d)
{
	enum assure_err rc;

	rc = put_header(a, name, len, mtime, out, d);
	if (rc == ASSURE_OK)
		rc = put_data(a, data, len, out, d);
	return rc;
}

/* Stream f->src into the archive, checking it is the file hashed. */
static enum assure_err
put_stream(struct archive *a, const struct pkg_file *f, int64_t mtime,
    const char *out, struct assure_diag *d)
{
	struct assure_sha256 *h = assure_sha256_new();
	unsigned char *buf = malloc(PKG_CHUNK), sha[ASSURE_SHA256_LEN];
	uint64_t size = 0;
	ssize_t n;
	int fd = -1;
	enum assure_err rc;

	if (h == NULL || buf == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, f->src, 0, 0, NULL,
		    "out of memory");
		goto out;
	}
	if ((fd = open(f->src, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = assure_diag_set(d, ASSURE_ERR_IO, f->src, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
		goto out;
	}
	if ((rc = put_header(a, f->path, f->size, mtime, out, d)) != ASSURE_OK)
		goto out;
	for (;;) {
		n = read(fd, buf, PKG_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = assure_diag_set(d, ASSURE_ERR_IO, f->src, 0, 0,
			    NULL, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		size += (uint64_t)n;
		if (size > f->size)
			break;
		assure_sha256_update(h, buf, (size_t)n);
		if ((rc = put_data(a, buf, (size_t)n, out, d)) != ASSURE_OK)
			goto out;
	}
	assure_sha256_final(h, sha);
	if (size != f->size || memcmp(sha, f->sha256, sizeof(sha)) != 0)
		rc = assure_diag_set(d, ASSURE_ERR_IO, f->src, 0, 0, NULL,
		    "changed while the package was written");
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	assure_sha256_free(h);
	return rc;
}

static void
manifest(const struct pkg *p, const char *meta_json, struct assure_buf *out)
{
	struct jsonw w;
	char hex[ASSURE_SHA256_HEXLEN + 1];
	size_t i;

	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "format", PKG_FORMAT);
	jsonw_kstr(&w, "generator", "assure " ASSURE_VERSION);
	jsonw_key(&w, "meta");
	/* The caller's object, written by its own JSON writer. */
	jsonw_raw(&w, meta_json);
	jsonw_key(&w, "files");
	jsonw_arr_open(&w);
	for (i = 0; i < p->n; i++) {
		assure_hex(p->v[i].sha256, ASSURE_SHA256_LEN, hex);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "path", p->v[i].path);
		jsonw_kint(&w, "size", (long long)p->v[i].size);
		jsonw_kstr(&w, "sha256", hex);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	assure_buf_addc(out, '\n');
}

enum assure_err
pkg_write(struct pkg *p, struct ledger *l, const char *meta_json,
    const char *out, struct assure_diag *d)
{
	struct archive *a = NULL;
	struct assure_buf man, body, sig;
	unsigned char msha[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1], tmp[4096];
	int64_t now = assure_now();
	enum assure_err rc;
	size_t i;
	int fd;

	assure_buf_init(&man, 0);
	assure_buf_init(&body, 0);
	assure_buf_init(&sig, 0);
	tmp[0] = '\0';
	manifest(p, meta_json, &man);
	if ((rc = assure_buf_err(&man)) != ASSURE_OK) {
		assure_diag_set(d, rc, out, 0, 0, NULL, "cannot build the "
		    "manifest");
		goto done;
	}
	assure_sha256(man.data, man.len, msha);
	assure_hex(msha, sizeof(msha), hex);
	assure_buf_printf(&body, "%s\n%s\n%s\n", PKG_SIG_HEADER,
	    ledger_origin(l), hex);
	if ((rc = ledger_sign_note(l, body.data, body.len, &sig, d)) !=
	    ASSURE_OK)
		goto done;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", out) >=
	    (int)sizeof(tmp)) {
		tmp[0] = '\0';
		rc = assure_diag_set(d, ASSURE_ERR_LIMIT, out, 0, 0, NULL,
		    "path too long");
		goto done;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		tmp[0] = '\0';
		rc = assure_diag_set(d, ASSURE_ERR_IO, out, 0, 0, NULL,
		    "cannot create a temporary file beside it: %s",
		    strerror(errno));
		goto done;
	}
	if ((a = archive_write_new()) == NULL ||
	    archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		rc = a != NULL ? arc_error(a, out, d) : assure_diag_set(d,
		    ASSURE_ERR_NOMEM, out, 0, 0, NULL, "out of memory");
		close(fd);
		goto done;
	}
	rc = put_memory(a, PKG_MANIFEST, man.data, man.len, now, out, d);
	if (rc == ASSURE_OK)
		rc = put_memory(a, PKG_SIGNATURE, sig.data, sig.len, now, out,
		    d);
	for (i = 0; rc == ASSURE_OK && i < p->n; i++) {
		if (p->v[i].data != NULL)
			rc = put_memory(a, p->v[i].path, p->v[i].data,
			    (size_t)p->v[i].size, now, out, d);
		else
			rc = put_stream(a, &p->v[i], now, out, d);
	}
	if (archive_write_close(a) != ARCHIVE_OK && rc == ASSURE_OK)
		rc = arc_error(a, out, d);
	if (rc == ASSURE_OK && (fsync(fd) != 0 || close(fd) != 0))
		rc = assure_diag_set(d, ASSURE_ERR_IO, out, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
	else if (rc != ASSURE_OK)
		close(fd);
	if (rc == ASSURE_OK && rename(tmp, out) != 0)
		rc = assure_diag_set(d, ASSURE_ERR_IO, out, 0, 0, NULL,
		    "cannot rename the package into place: %s",
		    strerror(errno));
	if (rc == ASSURE_OK) {
		tmp[0] = '\0';
		assure_fsync_parent(out);
	}
done:
	if (a != NULL)
		archive_write_free(a);
	if (tmp[0] != '\0')
		unlink(tmp);
	assure_buf_free(&man);
	assure_buf_free(&body);
	assure_buf_free(&sig);
	return rc;
}
