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
#include "workspace/workspace.h"

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

struct workspace *
tu_workspace_new(const char *org, char **ret_dir)
{
	struct workspace *ws = NULL;
	struct config cfg;
	struct assure_diag d;
	char *dir;

	config_defaults(&cfg);
	assure_strlcpy(cfg.organisation, org, sizeof(cfg.organisation));
	dir = tu_mkdtemp();
	assert_int_equal(workspace_create(dir, &cfg, &d), ASSURE_OK);
	assert_int_equal(workspace_open(dir, 0, &ws, &d), ASSURE_OK);
	*ret_dir = dir;
	return ws;
}

void
tu_workspace_free(struct workspace *ws, char *dir)
{
	workspace_close(ws);
	tu_rmtree(dir);
	free(dir);
}
