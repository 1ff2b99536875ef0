/*
 * testutil.c: helpers for the unit tests (see testutil.h).
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rules.h"
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

const char *
tu_db_uri(void)
{
	static char uri[1024];
	static bool done;
	const char *file = getenv("ASSURE_TEST_DB_FILE");
	FILE *f;
	size_t n;

	if (done)
		return uri[0] != '\0' ? uri : NULL;
	if (file == NULL || *file == '\0') {
		done = true;
		return NULL;
	}
	if ((f = fopen(file, "r")) == NULL ||
	    fgets(uri, sizeof(uri), f) == NULL) {
		printf("SKIPPED: cannot read %s: no PostgreSQL server "
		    "(pg/start)\n", file);
		exit(77);
	}
	fclose(f);
	n = strcspn(uri, "\r\n");
	uri[n] = '\0';
	if (n == 0) {
		printf("SKIPPED: %s is empty\n", file);
		exit(77);
	}
	done = true;
	return uri;
}

void
tu_db_setup(struct config *cfg)
{
	static unsigned counter;
	const char *uri = tu_db_uri();

	if (uri == NULL)
		return;
	assert_int_equal(setenv("ASSURE_DB", uri, 1), 0);
	/*
	 * The organisation goes in assure.yaml (cfg->org), not in
	 * $ASSURE_ORG: a test holding two workspaces would then open one
	 * of them under the other's name.
	 */
	assert_int_equal(unsetenv("ASSURE_ORG"), 0);
	snprintf(cfg->org, sizeof(cfg->org), "t%ldx%u", (long)getpid(),
	    counter++);
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
	tu_db_setup(&cfg);
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

/*
 * The tests whose members name another unit than the one they count
 * (rules.h): with members, their population is the number of members.
 */
static const char *const other_unit[] = {
	"iam.key_rotation",		/* keys; members: their users */
	"iam.leaver_access",		/* leavers; members: their accounts */
	"iam.access_review",		/* one account revoked twice */
	"change.deploy_traceability",	/* one commit deployed twice */
	"change.segregation_of_duties",	/* the same */
	"vuln.remediation_sla",		/* episodes; members: findings */
	"vuln.pentest",			/* members: its findings too */
	"risk.assessment_current",	/* members: the assessment too */
	"vendor.csoc_mapped",		/* CSOCs; members: their vendors */
	"policy.acknowledged",		/* pairs; members: the employees */
	NULL,
};

void
tu_check_members(const struct test_result *off, const struct test_result *on)
{
	size_t i;
	bool same_unit = true;

	assert_string_equal(off->test_id, on->test_id);
	assert_int_equal(off->nmembers, 0);
	assert_null(off->members);
	assert_int_equal(off->verdict, on->verdict);
	assert_int_equal(off->nexc, on->nexc);
	assert_int_equal(off->nwarn, on->nwarn);
	for (i = 0; i < off->nexc; i++)
		assert_string_equal(off->exc[i].subject, on->exc[i].subject);
	for (i = 0; other_unit[i] != NULL; i++)
		if (strcmp(other_unit[i], on->test_id) == 0)
			same_unit = false;
	if (same_unit && off->population != on->population)
		fail_msg("%s: population %lld without members, %lld with",
		    on->test_id, (long long)off->population,
		    (long long)on->population);
	assert_int_equal(on->population, (int64_t)on->nmembers);
	for (i = 1; i < on->nmembers; i++)
		if (strcmp(on->members[i - 1], on->members[i]) >= 0)
			fail_msg("%s: members %s and %s not sorted and unique",
			    on->test_id, on->members[i - 1], on->members[i]);
	for (i = 0; i < on->nexc; i++)
		if (!result_has_member(on, on->exc[i].subject))
			fail_msg("%s: exception subject %s is no member",
			    on->test_id, on->exc[i].subject);
}

void
tu_check_test_members(const struct test_def *t, const struct test_ctx *ctx)
{
	struct test_result off, on;
	struct test_ctx c = *ctx;
	struct assure_diag d;

	memset(&off, 0, sizeof(off));
	memset(&on, 0, sizeof(on));
	assure_strlcpy(off.test_id, t->id, sizeof(off.test_id));
	assure_strlcpy(on.test_id, t->id, sizeof(on.test_id));
	c.members = false;
	assert_int_equal(t->run(&c, &off, &d), ASSURE_OK);
	c.members = true;
	assert_int_equal(t->run(&c, &on, &d), ASSURE_OK);
	assert_int_equal(result_members_finish(&on), ASSURE_OK);
	tu_check_members(&off, &on);
	result_release(&off);
	result_release(&on);
}

void
tu_check_evaluation_members(struct store *s, const struct config *cfg,
    int64_t as_of)
{
	struct evaluation off, on, one;
	struct evaluation_opts o;
	const struct test_result *r;
	const char **only;
	struct assure_diag d;
	size_t i, j, n;

	assert_int_equal(evaluation_run(s, cfg, as_of, &off, &d), ASSURE_OK);
	memset(&o, 0, sizeof(o));
	o.members = true;
	assert_int_equal(evaluation_run_opts(s, cfg, as_of, &o, &on, &d),
	    ASSURE_OK);
	assert_int_equal(off.n, on.n);
	for (i = 0; i < on.n; i++) {
		if (on.results[i].verdict == VERDICT_ERROR)
			continue;
		tu_check_members(&off.results[i], &on.results[i]);
	}
	/* Every other test alone (o.only): the same members. */
	only = calloc(on.n + 1, sizeof(*only));
	assert_non_null(only);
	for (i = 0, n = 0; i < on.n; i += 2)
		only[n++] = on.results[i].test_id;
	o.only = only;
	assert_int_equal(evaluation_run_opts(s, cfg, as_of, &o, &one, &d),
	    ASSURE_OK);
	assert_int_equal(one.n, n);
	for (i = 0; i < n; i++) {
		r = &on.results[2 * i];
		assert_string_equal(one.results[i].test_id, r->test_id);
		assert_int_equal(one.results[i].population, r->population);
		assert_int_equal(one.results[i].nmembers, r->nmembers);
		for (j = 0; j < r->nmembers; j++)
			assert_string_equal(one.results[i].members[j],
			    r->members[j]);
	}
	evaluation_release(&one);
	free(only);
	evaluation_release(&off);
	evaluation_release(&on);
}

void
tu_blob_store(struct workspace *ws, const char *hex, const void *data,
    size_t len)
{
	struct assure_diag d;
	char path[WORKSPACE_PATH_MAX + 128], sub[WORKSPACE_PATH_MAX + 8];
	bool own;
	int fd;

	if (!store_keeps_blobs(ws->store)) {
		snprintf(sub, sizeof(sub), "%s/%.2s", ws->evidence_dir, hex);
		assert_int_equal(workspace_mkdir(sub, 0700), 0);
		workspace_blob_path(ws, hex, path, sizeof(path));
		tu_write_file(path, data, len);
		return;
	}
	snprintf(path, sizeof(path), "%s/tu-blob.XXXXXX", ws->dotdir);
	assert_true((fd = mkstemp(path)) >= 0);
	(void)unlink(path);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	own = !ws->store->in_tx;
	if (own)
		assert_int_equal(store_begin(ws->store, &d), ASSURE_OK);
	assert_int_equal(store_blob_put(ws->store, hex, fd, &d), ASSURE_OK);
	if (own)
		assert_int_equal(store_commit(ws->store, &d), ASSURE_OK);
	close(fd);
}
