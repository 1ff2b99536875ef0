/*
 * secret.c: the workspace's encrypted secrets (see secret.h).
 *
 * A secret file is the 24-byte nonce followed by crypto_secretbox_easy's
 * output (16-byte tag, then the ciphertext), under the 32-byte key in
 * .assure/secret.key.  A fresh random nonce per write: secretbox's nonces
 * are large enough for that to be safe.  The name is not bound into the
 * box, so a secret file copied under another name decrypts as that name;
 * whoever can rename files under .assure/ can also replace the key.
 */
#include "common/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "common/buf.h"
#include "common/fileio.h"
#include "secret/secret.h"

#define SECRET_KEY_FILE		"secret.key"
#define SECRET_DIR		"secrets"
#define SECRET_FILE_MAX		(crypto_secretbox_NONCEBYTES + \
    crypto_secretbox_MACBYTES + SECRET_VALUE_MAX)

bool
secret_name_ok(const char *name)
{
	size_t i;

	if (name == NULL || !(name[0] >= 'a' && name[0] <= 'z'))
		return false;
	for (i = 0; name[i] != '\0'; i++) {
		if (i >= SECRET_NAME_MAX - 1)
			return false;
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return false;
	}
	return true;
}

static enum assure_err
init_sodium(const char *where, struct assure_diag *d)
{
	if (sodium_init() < 0)
		return assure_diag_set(d, ASSURE_ERR_IO, where, 0, 0, NULL,
		    "cannot initialise libsodium");
	return ASSURE_OK;
}

static enum assure_err
name_check(const char *name, struct assure_diag *d)
{
	if (!secret_name_ok(name))
		return assure_diag_set(d, ASSURE_ERR_INVAL, "secret", 0, 0,
		    "name", "a secret's name is 1 to %d of a-z, 0-9 and '-', "
		    "a letter first", SECRET_NAME_MAX - 1);
	return ASSURE_OK;
}

static enum assure_err
path_of(const char *dotdir, const char *a, const char *b, char *out,
    size_t size, struct assure_diag *d)
{
	int n = b != NULL ? snprintf(out, size, "%s/%s/%s", dotdir, a, b) :
	    snprintf(out, size, "%s/%s", dotdir, a);

	if (n < 0 || (size_t)n >= size)
		return assure_diag_set(d, ASSURE_ERR_LIMIT, dotdir, 0, 0, NULL,
		    "the workspace's path is too long");
	return ASSURE_OK;
}

/* Make dir (0700) unless it exists; one that exists is tightened. */
static enum assure_err
ensure_dir(const char *dir, struct assure_diag *d)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return assure_diag_set(d, ASSURE_ERR_IO, dir, 0, 0, NULL,
		    "cannot create the folder: %s", strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return assure_diag_set(d, ASSURE_ERR_IO, dir, 0, 0, NULL,
		    "not a folder");
	if ((st.st_mode & 077) != 0 && chmod(dir, 0700) != 0)
		return assure_diag_set(d, ASSURE_ERR_IO, dir, 0, 0, NULL,
		    "cannot make the folder private: %s", strerror(errno));
	return ASSURE_OK;
}

/*
 * The workspace's key into key (sodium_malloc'd by the caller); made when
 * absent and create is true.  A key file another user could read is
 * refused: the secrets would be theirs too.
 */
static enum assure_err
load_key(const char *dotdir, bool create, unsigned char *key,
    struct assure_diag *d)
{
	char path[4096];
	struct stat st;
	ssize_t n;
	int fd;
	enum assure_err rc;

	rc = path_of(dotdir, SECRET_KEY_FILE, NULL, path, sizeof(path), d);
	if (rc != ASSURE_OK)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && create) {
		rc = ensure_dir(dotdir, d);
		if (rc != ASSURE_OK)
			return rc;
		randombytes_buf(key, crypto_secretbox_KEYBYTES);
		/* O_EXCL: two first uses racing keep one key, and the
		 * loser reads the winner's. */
		rc = assure_file_create(path, key, crypto_secretbox_KEYBYTES,
		    0600, d);
		if (rc == ASSURE_OK)
			return ASSURE_OK;
		if (rc != ASSURE_ERR_CONFLICT)
			return rc;
		assure_diag_clear(d);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	}
	if (fd < 0) {
		if (errno == ENOENT)
			return assure_diag_set(d, ASSURE_ERR_NOTFOUND, path, 0,
			    0, NULL, "no secret key: no secret was ever set");
		return assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 077) != 0) {
		close(fd);
		return assure_diag_set(d, ASSURE_ERR_PERM, path, 0, 0, NULL,
		    "the key file must be a regular file of mode 0600");
	}
	n = read(fd, key, crypto_secretbox_KEYBYTES);
	close(fd);
	if (n != (ssize_t)crypto_secretbox_KEYBYTES || st.st_size !=
	    (off_t)crypto_secretbox_KEYBYTES)
		return assure_diag_set(d, ASSURE_ERR_TAMPER, path, 0, 0, NULL,
		    "the key file is not a %d-byte key",
		    (int)crypto_secretbox_KEYBYTES);
	return ASSURE_OK;
}

enum assure_err
secret_set(const char *dotdir, const char *name, const void *value,
    size_t len, struct assure_diag *reterr_diag)
{
	unsigned char *key = NULL, *box = NULL;
	char path[4096];
	size_t box_len = crypto_secretbox_NONCEBYTES +
	    crypto_secretbox_MACBYTES + len;
	enum assure_err rc;

	rc = name_check(name, reterr_diag);
	if (rc == ASSURE_OK)
		rc = init_sodium(name, reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (len == 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, name, 0,
		    0, NULL, "the secret is empty");
	if (len > SECRET_VALUE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, name, 0,
		    0, NULL, "the secret is longer than %d bytes",
		    SECRET_VALUE_MAX);
	key = sodium_malloc(crypto_secretbox_KEYBYTES);
	box = malloc(box_len);
	if (key == NULL || box == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, name, 0, 0,
		    NULL, "out of memory");
		goto out;
	}
	rc = load_key(dotdir, true, key, reterr_diag);
	if (rc == ASSURE_OK)
		rc = path_of(dotdir, SECRET_DIR, NULL, path, sizeof(path),
		    reterr_diag);
	if (rc == ASSURE_OK)
		rc = ensure_dir(path, reterr_diag);
	if (rc == ASSURE_OK)
		rc = path_of(dotdir, SECRET_DIR, name, path, sizeof(path),
		    reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, value, len,
	    box, key);
	/* Temporary file, fsync, rename: never a half-written secret. */
	rc = assure_file_replace(path, box, box_len, 0600, reterr_diag);
out:
	sodium_free(key);
	free(box);
	return rc;
}

enum assure_err
secret_get(const char *dotdir, const char *name, struct secret *ret,
    struct assure_diag *reterr_diag)
{
	unsigned char *key = NULL;
	struct assure_buf b;
	char path[4096];
	size_t len;
	enum assure_err rc;

	ret->data = NULL;
	ret->len = 0;
	rc = name_check(name, reterr_diag);
	if (rc == ASSURE_OK)
		rc = init_sodium(name, reterr_diag);
	if (rc == ASSURE_OK)
		rc = path_of(dotdir, SECRET_DIR, name, path, sizeof(path),
		    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	assure_buf_init(&b, SECRET_FILE_MAX + 1);
	rc = assure_file_read(path, &b, reterr_diag);
	if (rc == ASSURE_ERR_NOTFOUND) {
		assure_buf_free(&b);
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, name,
		    0, 0, NULL, "no secret of that name (assure secret set "
		    "%s)", name);
	}
	if (rc != ASSURE_OK)
		goto out;
	if (b.len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, path, 0, 0,
		    NULL, "the secret file is too short to be one");
		goto out;
	}
	len = b.len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	key = sodium_malloc(crypto_secretbox_KEYBYTES);
	ret->data = sodium_malloc(len + 1);
	if (key == NULL || ret->data == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, name, 0, 0,
		    NULL, "out of memory");
		goto out;
	}
	rc = load_key(dotdir, false, key, reterr_diag);
	if (rc != ASSURE_OK)
		goto out;
	if (crypto_secretbox_open_easy((unsigned char *)ret->data,
	    (const unsigned char *)b.data + crypto_secretbox_NONCEBYTES,
	    b.len - crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)b.data, key) != 0) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_TAMPER, path, 0, 0,
		    NULL, "the secret does not decrypt under the workspace's "
		    "key (altered, or from another workspace)");
		goto out;
	}
	ret->data[len] = '\0';
	ret->len = len;
out:
	sodium_free(key);
	assure_buf_free(&b);
	if (rc != ASSURE_OK)
		secret_free(ret);
	return rc;
}

void
secret_free(struct secret *s)
{
	if (s == NULL)
		return;
	/* sodium_free zeroes before it releases. */
	sodium_free(s->data);
	s->data = NULL;
	s->len = 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum assure_err
secret_list(const char *dotdir, enum assure_err (*fn)(const char *name,
    void *arg), void *arg, struct assure_diag *reterr_diag)
{
	char path[4096], **names = NULL, **t;
	struct dirent *e;
	size_t n = 0, cap = 0, i;
	DIR *dir;
	enum assure_err rc;

	rc = path_of(dotdir, SECRET_DIR, NULL, path, sizeof(path),
	    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	dir = opendir(path);
	if (dir == NULL) {
		if (errno == ENOENT)
			return ASSURE_OK;	/* none set yet */
		return assure_diag_set(reterr_diag, ASSURE_ERR_IO, path, 0, 0,
		    NULL, "cannot read the folder: %s", strerror(errno));
	}
	while ((e = readdir(dir)) != NULL) {
		/* Temporary files of a write in progress are not names. */
		if (!secret_name_ok(e->d_name))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			t = realloc(names, cap * sizeof(*names));
			if (t == NULL)
				goto nomem;
			names = t;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			goto nomem;
		n++;
	}
	closedir(dir);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && rc == ASSURE_OK; i++)
		rc = fn(names[i], arg);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
nomem:
	closedir(dir);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, path, 0, 0,
	    NULL, "out of memory");
}

enum assure_err
secret_remove(const char *dotdir, const char *name,
    struct assure_diag *reterr_diag)
{
	char path[4096];
	enum assure_err rc;

	rc = name_check(name, reterr_diag);
	if (rc == ASSURE_OK)
		rc = path_of(dotdir, SECRET_DIR, name, path, sizeof(path),
		    reterr_diag);
	if (rc != ASSURE_OK)
		return rc;
	if (unlink(path) != 0) {
		if (errno == ENOENT)
			return assure_diag_set(reterr_diag,
			    ASSURE_ERR_NOTFOUND, name, 0, 0, NULL,
			    "no secret of that name");
		return assure_diag_set(reterr_diag, ASSURE_ERR_IO, path, 0, 0,
		    NULL, "cannot remove: %s", strerror(errno));
	}
	return ASSURE_OK;
}

enum assure_err
secret_lookup(const char *dotdir, const char *name, const char *env,
    struct secret *ret, struct assure_diag *reterr_diag)
{
	const char *v;
	size_t len;
	enum assure_err rc;

	rc = secret_get(dotdir, name, ret, reterr_diag);
	if (rc != ASSURE_ERR_NOTFOUND)
		return rc;
	v = env != NULL ? getenv(env) : NULL;
	if (v == NULL || *v == '\0') {
		if (env != NULL)
			return assure_diag_set(reterr_diag,
			    ASSURE_ERR_NOTFOUND, name, 0, 0, NULL,
			    "no credential: neither the secret %s (assure "
			    "secret set %s) nor $%s is set", name, name, env);
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOTFOUND, name,
		    0, 0, NULL, "no credential: the secret %s is not set "
		    "(assure secret set %s)", name, name);
	}
	len = strlen(v);
	if (len > SECRET_VALUE_MAX)
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, env, 0,
		    0, NULL, "the credential is longer than %d bytes",
		    SECRET_VALUE_MAX);
	if (init_sodium(name, reterr_diag) != ASSURE_OK)
		return ASSURE_ERR_IO;
	ret->data = sodium_malloc(len + 1);
	if (ret->data == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, name, 0,
		    0, NULL, "out of memory");
	memcpy(ret->data, v, len + 1);
	ret->len = len;
	assure_diag_clear(reterr_diag);
	return ASSURE_OK;
}
