/*
 * testutil.c: helpers for the unit tests (see testutil.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

char *
tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *p;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (asprintf(&p, "%s/assure-test-XXXXXX", tmp) < 0)
		abort();
	if (mkdtemp(p) == NULL)
		abort();
	return p;
}

void
tu_rmtree(const char *path)
{
	char *cmd;

	if (path == NULL || strncmp(path, "/", 1) != 0 ||
	    strstr(path, "assure-test-") == NULL)
		return;
	if (asprintf(&cmd, "rm -rf '%s'", path) < 0)
		abort();
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", path);
	free(cmd);
}

char *
tu_join(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

char *
tu_data_path(const char *name)
{
	const char *d = getenv("ASSURE_TEST_DATA");

	if (d == NULL)
		d = "tests/data";
	return tu_join(d, name);
}

char *
tu_shared_path(const char *name)
{
	const char *d = getenv("ASSURE_SHARED");
	struct stat st;
	char *p;

	if (d == NULL || stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	p = tu_join(d, name);
	if (stat(p, &st) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

void
tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}
