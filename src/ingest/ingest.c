/*
 * ingest.c: one evidence file into the store, all or nothing (see ingest.h).
 *
 * Pass 1 hashes the file and looks the digest up: identical bytes already
 * stored end the ingest there.  Pass 2 runs in one store transaction: the
 * evidence row is inserted, each chunk is fed to the kind's parser and
 * copied to a temporary file beside the evidence store, and the digest is
 * computed again (a file that changed between the passes is rejected).  On
 * success the copy is fsynced and renamed to its content address, then the
 * transaction commits.  A crash between rename and commit leaves only a
 * stray content-addressed file, which a later ingest of the same bytes
 * reuses; it never leaves a row without its bytes.  A kill before the
 * rename leaves a "tmp.XXXXXX" copy, which ingest_sweep_temps() removes
 * once it is an hour old.
 */
#include "common/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hash.h"
#include "common/timeutil.h"
#include "ingest/ingest.h"

static enum assure_err
sys_err(struct assure_diag *d, const char *path, const char *what)
{
	int e = errno;

	assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL, "%s", what);
	if (d != NULL)
		d->sys_errno = e;
	return ASSURE_ERR_IO;
}

static enum assure_err
read_chunk(int fd, const char *path, unsigned char *buf, size_t size,
    size_t *ret_n, struct assure_diag *d)
{
	ssize_t r;

	for (;;) {
		r = read(fd, buf, size);
		if (r >= 0)
			break;
		if (errno != EINTR)
			return sys_err(d, path, "read error");
	}
	*ret_n = (size_t)r;
	return ASSURE_OK;
}

static enum assure_err
write_all(int fd, const char *path, const unsigned char *p, size_t n,
    struct assure_diag *d)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return sys_err(d, path, "cannot write the evidence copy");
		}
		p += w;
		n -= (size_t)w;
	}
	return ASSURE_OK;
}

/* Pass 1: the digest of the whole file. */
static enum assure_err
hash_file(int fd, const char *path, unsigned char *buf,
    unsigned char out[ASSURE_SHA256_LEN], uint64_t *ret_size,
    struct assure_diag *d)
{
	struct assure_sha256 *h;
	uint64_t total = 0;
	enum assure_err rc;
	size_t n;

	h = assure_sha256_new();
	if (h == NULL)
		return assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0, NULL,
		    "out of memory");
	for (;;) {
		rc = read_chunk(fd, path, buf, INGEST_CHUNK, &n, d);
		if (rc != ASSURE_OK || n == 0)
			break;
		total += n;
		if (total > INGEST_FILE_MAX) {
			rc = assure_diag_set(d, ASSURE_ERR_LIMIT, path, 0, 0,
			    NULL, "larger than the %llu-byte evidence limit",
			    (unsigned long long)INGEST_FILE_MAX);
			break;
		}
		rc = assure_sha256_update(h, buf, n);
		if (rc != ASSURE_OK)
			break;
	}
	if (rc == ASSURE_OK)
		rc = assure_sha256_final(h, out);
	assure_sha256_free(h);
	*ret_size = total;
	return rc;
}

struct dup_row {
	bool	found;
	int64_t	id;
	int64_t	as_of;
	int64_t	records;
	char	kind[64];
	char	origin[16];
};

static enum assure_err
dup_cb(const struct store_val *c, int n, void *arg)
{
	struct dup_row *r = arg;

	if (n < 12)
		return ASSURE_ERR_DB;
	r->found = true;
	r->id = c[0].i;
	assure_strlcpy(r->kind, c[2].s != NULL ? c[2].s : "", sizeof(r->kind));
	r->as_of = c[6].i;
	assure_strlcpy(r->origin, c[7].s != NULL ? c[7].s : "",
	    sizeof(r->origin));
	r->records = c[11].i;
	return ASSURE_OK;
}

static enum assure_err
exists_cb(const struct store_val *c, int n, void *arg)
{
	(void)c;
	(void)n;
	*(bool *)arg = true;
	return ASSURE_OK;
}

static const char *
origin_name(const char *o)
{
	if (strcmp(o, "given") == 0)
		return "given";
	if (strcmp(o, "file") == 0)
		return "file";
	return "collected";
}

/*
 * A rejected file leaves a trace in the ledger (its digest, the kind, the
 * error), in a transaction of its own after the rollback.  Failing to log
 * it is reported on top of the parse error, never instead of it.
 */
static void
log_rejection(struct workspace *ws, const struct ingest_opts *o,
    const char *kind, const char *hex, struct assure_diag *d)
{
	struct assure_buf entry;
	struct assure_diag ld;
	char msg[ASSURE_DIAG_SOURCE_MAX + ASSURE_DIAG_MSG_MAX + 256];
	enum assure_err rc;

	if (d == NULL)
		return;
	assure_diag_format(d, msg, sizeof(msg));
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	ledger_encode_rejection(&entry, hex, kind, o->path, o->collected_at,
	    msg);
	rc = assure_buf_err(&entry);
	assure_diag_clear(&ld);
	if (rc == ASSURE_OK)
		rc = store_begin(ws->store, &ld);
	if (rc == ASSURE_OK) {
		rc = ledger_append(ws->ledger, "ingest-rejection", hex,
		    entry.data, entry.len, o->collected_at, NULL, &ld);
		if (rc == ASSURE_OK)
			rc = ledger_checkpoint(ws->ledger, o->collected_at,
			    NULL, &ld);
		if (rc == ASSURE_OK)
			rc = store_commit(ws->store, &ld);
		else
			store_rollback(ws->store);
	}
	if (rc != ASSURE_OK) {
		size_t l = strlen(d->msg);

		snprintf(d->msg + l, sizeof(d->msg) - l, " (and the rejection "
		    "could not be logged: %s)", ld.msg[0] != '\0' ? ld.msg :
		    assure_strerror(rc));
	}
	assure_buf_free(&entry);
}

/*
 * A directory given to a kind that collects (git-repo: a clone): write
 * what it yields to a temporary file beside the evidence store (named
 * like the ingest copies, so a kill leaves nothing ingest_sweep_temps()
 * misses) and open that for reading; the caller unlinks path.
 */
static enum assure_err
collect_input(struct workspace *ws, const struct ingest_opts *o,
    const struct evidence_kind *kind, char *path, size_t size, int *ret_fd,
    struct assure_diag *d)
{
	enum assure_err rc;
	FILE *f;
	int fd;

	if (snprintf(path, size, "%s/%sXXXXXX", ws->evidence_dir,
	    INGEST_TMP_PREFIX) >= (int)size) {
		path[0] = '\0';
		return assure_diag_set(d, ASSURE_ERR_LIMIT, ws->evidence_dir,
		    0, 0, NULL, "path too long");
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		path[0] = '\0';
		return sys_err(d, ws->evidence_dir, "cannot create a file in "
		    "the evidence store");
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		rc = sys_err(d, path, "cannot open");
		close(fd);
		goto fail;
	}
	rc = kind->collect(o, f, d);
	if (fflush(f) != 0 && rc == ASSURE_OK)
		rc = sys_err(d, path, "cannot write");
	if (fclose(f) != 0 && rc == ASSURE_OK)
		rc = sys_err(d, path, "cannot write");
	if (rc != ASSURE_OK)
		goto fail;
	*ret_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*ret_fd < 0) {
		rc = sys_err(d, path, "cannot open");
		goto fail;
	}
	return ASSURE_OK;
fail:
	unlink(path);
	path[0] = '\0';
	return rc;
}

/*
 * File evidence evidence_id (digest hex) against o->control, with its
 * ledger entry, inside the caller's transaction; *ret_linked false when it
 * already was.
 */
static enum assure_err
link_control(struct workspace *ws, const struct ingest_opts *o,
    int64_t evidence_id, const char *hex, bool *ret_linked,
    struct assure_diag *d)
{
	struct ledger_evidence_control lc;
	struct assure_buf entry;
	struct store_val p[4];
	char ref[ASSURE_SHA256_HEXLEN + 2 + 256];
	bool found = false;
	enum assure_err rc;

	*ret_linked = false;
	p[0] = STORE_INTV(evidence_id);
	p[1] = STORE_TEXTV(o->control);
	rc = store_exec(ws->store, STMT_EVCONTROL_EXISTS, p, 2, exists_cb,
	    &found, d);
	if (rc != ASSURE_OK || found)
		return rc;
	p[2] = STORE_INTV(o->collected_at);
	p[3] = STORE_TEXTV(o->collector);
	rc = store_exec(ws->store, STMT_EVCONTROL_INSERT, p, 4, NULL, NULL, d);
	if (rc != ASSURE_OK)
		return rc;
	lc.sha256_hex = hex;
	lc.control = o->control;
	lc.linked_at = o->collected_at;
	lc.linked_by = o->collector;
	ledger_evidence_control_ref(hex, o->control, ref, sizeof(ref));
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	ledger_encode_evidence_control(&entry, &lc);
	rc = assure_buf_err(&entry);
	if (rc == ASSURE_OK)
		rc = ledger_append(ws->ledger, "evidence-control", ref,
		    entry.data, entry.len, o->collected_at, NULL, d);
	assure_buf_free(&entry);
	if (rc == ASSURE_OK)
		*ret_linked = true;
	return rc;
}

/*
 * Identical bytes ingested again.  Collected as of a given instant, the
 * evidence stands as of that instant too: unless the file carries its own
 * instant (the same bytes, the same instant), it was filed under another
 * kind, or this instant is already known, that is an observation, with
 * its ledger entry.  Filed against a control (--control), the link and
 * its entry.  Both in one transaction: all of it or none.
 */
static enum assure_err
record_known(struct workspace *ws, const struct ingest_opts *o,
    const struct dup_row *dup, const char *hex, struct ingest_result *ret,
    struct assure_diag *d)
{
	struct ledger_observation lo;
	struct assure_buf entry;
	struct store_val p[4];
	char ref[ASSURE_SHA256_HEXLEN + ASSURE_TIME_STRLEN + 2];
	int64_t as_of = 0;
	bool found = false, observe, linked = false;
	enum assure_err rc;

	/*
	 * Only an instant given with the bytes (--as-of, --period, a
	 * collector's) makes an observation: ingesting an old file again by
	 * hand must not make it look fresh.
	 */
	observe = strcmp(dup->origin, "file") != 0 &&
	    strcmp(dup->kind, o->kind) == 0 && (o->has_period || o->has_as_of);
	if (observe) {
		as_of = o->has_period ? o->period_end : o->as_of;
		observe = as_of != dup->as_of;
	}
	if (observe) {
		p[0] = STORE_INTV(dup->id);
		p[1] = STORE_INTV(as_of);
		rc = store_exec(ws->store, STMT_OBSERVATION_EXISTS, p, 2,
		    exists_cb, &found, d);
		if (rc != ASSURE_OK)
			return rc;
		observe = !found;
	}
	if (!observe && o->control == NULL)
		return ASSURE_OK;
	rc = store_begin(ws->store, d);
	if (rc != ASSURE_OK)
		return rc;
	if (observe) {
		p[2] = STORE_INTV(o->collected_at);
		p[3] = STORE_TEXTV(o->collector);
		rc = store_exec(ws->store, STMT_OBSERVATION_INSERT, p, 4, NULL,
		    NULL, d);
		lo.sha256_hex = hex;
		lo.kind = dup->kind;
		lo.as_of = as_of;
		lo.collected_at = o->collected_at;
		lo.collector = o->collector;
		ledger_observation_ref(hex, as_of, ref, sizeof(ref));
		assure_buf_init(&entry, LEDGER_ENTRY_MAX);
		ledger_encode_observation(&entry, &lo);
		if (rc == ASSURE_OK)
			rc = assure_buf_err(&entry);
		if (rc == ASSURE_OK)
			rc = ledger_append(ws->ledger, "evidence-observation",
			    ref, entry.data, entry.len, o->collected_at, NULL,
			    d);
		assure_buf_free(&entry);
	}
	if (rc == ASSURE_OK && o->control != NULL)
		rc = link_control(ws, o, dup->id, hex, &linked, d);
	if (rc == ASSURE_OK && (observe || linked))
		rc = ledger_checkpoint(ws->ledger, o->collected_at, NULL, d);
	if (rc == ASSURE_OK)
		rc = store_commit(ws->store, d);
	else
		store_rollback(ws->store);
	if (rc != ASSURE_OK)
		return rc;
	ret->observed = observe;
	ret->observed_as_of = observe ? as_of : 0;
	ret->linked = linked;
	return ASSURE_OK;
}

/*
 * A failure that the diagnostic places elsewhere (the store, the evidence
 * copy, a full disk) names the file being ingested first:
 * "FILE: not ingested: WHERE: why (OS error)".
 */
static void
name_input(struct assure_diag *d, const char *path)
{
	struct assure_diag where;
	char line[ASSURE_DIAG_SOURCE_MAX + ASSURE_DIAG_FIELD_MAX +
	    ASSURE_DIAG_MSG_MAX + 64];
	size_t l;

	if (d == NULL || strcmp(d->source, path) == 0)
		return;
	if (d->source[0] == '\0') {
		assure_strlcpy(d->source, path, sizeof(d->source));
		return;
	}
	where = *d;
	where.sys_errno = 0;	/* said once, at the end */
	assure_diag_format(&where, line, sizeof(line));
	assure_strlcpy(d->source, path, sizeof(d->source));
	d->line = d->column = 0;
	d->field[0] = '\0';
	assure_strlcpy(d->msg, "not ingested: ", sizeof(d->msg));
	l = strlen(d->msg);
	assure_strlcpy(d->msg + l, line, sizeof(d->msg) - l);
}

enum assure_err
ingest_file(struct workspace *ws, const struct ingest_opts *o,
    struct ingest_result *ret, struct assure_diag *reterr_diag)
{
	const struct evidence_kind *kind;
	struct ingest_sink sink;
	struct assure_sha256 *h = NULL;
	struct dup_row dup;
	struct store_val p[10];
	unsigned char *buf = NULL, d1[ASSURE_SHA256_LEN], d2[ASSURE_SHA256_LEN];
	char hex[ASSURE_SHA256_HEXLEN + 1], tmp[WORKSPACE_PATH_MAX];
	char final[WORKSPACE_PATH_MAX], subdir[WORKSPACE_PATH_MAX];
	char ctmp[WORKSPACE_PATH_MAX];
	void *state = NULL;
	struct ledger_evidence le;
	struct assure_buf entry;
	struct stat st;
	uint64_t size = 0, done = 0;
	int64_t as_of;
	bool has_file_as_of = false, found;
	const char *origin;
	enum assure_err rc;
	int fd = -1, tfd = -1, dfd;
	size_t n;

	memset(ret, 0, sizeof(*ret));
	tmp[0] = '\0';
	kind = ingest_kind_find(o->kind);
	if (kind == NULL)
		return assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, NULL, 0,
		    0, NULL, "unknown evidence kind '%s' (see 'assure ingest "
		    "--list')", o->kind);
	ctmp[0] = '\0';
	fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sys_err(reterr_diag, o->path, "cannot open");
	if (kind->collect != NULL && fstat(fd, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		close(fd);
		rc = collect_input(ws, o, kind, ctmp, sizeof(ctmp), &fd,
		    reterr_diag);
		if (rc != ASSURE_OK) {
			name_input(reterr_diag, o->path);
			return rc;
		}
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_INVAL, o->path, 0,
		    0, NULL, "not a regular file");
		goto out_close;
	}
	buf = malloc(INGEST_CHUNK);
	if (buf == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, o->path, 0,
		    0, NULL, "out of memory");
		goto out_close;
	}

	/* Pass 1: hash, and stop here if these bytes are known. */
	rc = hash_file(fd, o->path, buf, d1, &size, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	assure_hex(d1, sizeof(d1), hex);
	assure_digest_format(d1, ret->digest);
	ret->size = size;
	memset(&dup, 0, sizeof(dup));
	p[0] = STORE_TEXTV(hex);
	rc = store_exec(ws->store, STMT_EVIDENCE_BY_SHA256, p, 1, dup_cb, &dup,
	    reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	if (dup.found) {
		ret->duplicate = true;
		ret->evidence_id = dup.id;
		ret->records = (unsigned long)dup.records;
		ret->as_of = dup.as_of;
		ret->as_of_origin = origin_name(dup.origin);
		assure_strlcpy(ret->existing_kind, dup.kind,
		    sizeof(ret->existing_kind));
		rc = record_known(ws, o, &dup, hex, ret, reterr_diag);
		goto out_free;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		rc = sys_err(reterr_diag, o->path, "cannot rewind");
		goto out_free;
	}

	/* Pass 2: one transaction for the row, the records and the copy. */
	h = assure_sha256_new();
	if (h == NULL) {
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_NOMEM, o->path, 0,
		    0, NULL, "out of memory");
		goto out_free;
	}
	if (snprintf(tmp, sizeof(tmp), "%s/tmp.XXXXXX", ws->evidence_dir) >=
	    (int)sizeof(tmp)) {
		tmp[0] = '\0';
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT,
		    ws->evidence_dir, 0, 0, NULL, "path too long");
		goto out_free;
	}
	tfd = mkostemp(tmp, O_CLOEXEC);
	if (tfd < 0) {
		rc = sys_err(reterr_diag, ws->evidence_dir,
		    "cannot create a file in the evidence store");
		tmp[0] = '\0';
		goto out_free;
	}
	rc = store_begin(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
	if (o->has_period) {
		as_of = o->period_end;
		origin = "given";
	} else if (o->has_as_of) {
		as_of = o->as_of;
		origin = "given";
	} else {
		as_of = o->collected_at;
		origin = "collected";
	}
	p[0] = STORE_TEXTV(hex);
	p[1] = STORE_TEXTV(kind->name);
	p[2] = STORE_INTV((int64_t)size);
	p[3] = STORE_TEXTV(o->path);
	p[4] = STORE_INTV(o->collected_at);
	p[5] = STORE_INTV(as_of);
	p[6] = STORE_TEXTV(origin);
	p[7] = STORE_OPTINT(o->has_period, o->period_start);
	p[8] = STORE_OPTINT(o->has_period, o->period_end);
	p[9] = STORE_TEXTV(o->collector);
	rc = store_exec_int(ws->store, STMT_EVIDENCE_INSERT, p, 10,
	    &sink.evidence_id, &found, reterr_diag);
	if (rc == ASSURE_OK && !found)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_DB, o->path, 0, 0,
		    NULL, "the store returned no evidence id");
	if (rc != ASSURE_OK)
		goto out_rollback;
	sink.store = ws->store;
	sink.source = o->path;
	sink.records = 0;
	sink.opts = o;
	/* The records: a batch, whose every failure fails the file. */
	rc = store_batch(ws->store, true, reterr_diag);
	if (rc == ASSURE_OK)
		rc = kind->begin(&sink, &state, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_rollback;
	for (;;) {
		rc = read_chunk(fd, o->path, buf, INGEST_CHUNK, &n, reterr_diag);
		if (rc != ASSURE_OK)
			goto out_rollback;
		if (n == 0)
			break;
		done += n;
		if (done > size) {
			rc = assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT,
			    o->path, 0, 0, NULL, "the file grew while it "
			    "was being ingested");
			goto out_rollback;
		}
		rc = assure_sha256_update(h, buf, n);
		if (rc == ASSURE_OK)
			rc = write_all(tfd, tmp, buf, n, reterr_diag);
		if (rc == ASSURE_OK)
			rc = kind->feed(state, buf, n, reterr_diag);
		if (rc != ASSURE_OK)
			goto out_rollback;
		if (o->progress != NULL)
			o->progress(done, size, o->progress_arg);
	}
	rc = kind->finish(state, &has_file_as_of, &as_of, reterr_diag);
	if (rc == ASSURE_OK)
		rc = store_batch(ws->store, false, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_rollback;
	rc = assure_sha256_final(h, d2);
	if (rc == ASSURE_OK && memcmp(d1, d2, sizeof(d1)) != 0)
		rc = assure_diag_set(reterr_diag, ASSURE_ERR_CONFLICT, o->path,
		    0, 0, NULL, "the file changed while it was being "
		    "ingested");
	if (rc != ASSURE_OK)
		goto out_rollback;
	/* What the caller said wins; then what the file says; then now. */
	if (o->has_period || o->has_as_of) {
		as_of = o->has_period ? o->period_end : o->as_of;
		origin = "given";
	} else if (has_file_as_of) {
		origin = "file";
	} else {
		as_of = o->collected_at;
		origin = "collected";
	}
	p[0] = STORE_INTV(as_of);
	p[1] = STORE_TEXTV(origin);
	p[2] = STORE_INTV((int64_t)sink.records);
	p[3] = STORE_INTV(sink.evidence_id);
	rc = store_exec(ws->store, STMT_EVIDENCE_FINISH, p, 4, NULL, NULL,
	    reterr_diag);
	if (rc != ASSURE_OK)
		goto out_rollback;

	/* The ledger entry and a checkpoint, in the same transaction. */
	le.sha256_hex = hex;
	le.kind = kind->name;
	le.size = (int64_t)size;
	le.collected_at = o->collected_at;
	le.as_of = as_of;
	le.as_of_origin = origin;
	le.has_period = o->has_period;
	le.period_start = o->period_start;
	le.period_end = o->period_end;
	le.collector = o->collector;
	le.records = (int64_t)sink.records;
	assure_buf_init(&entry, LEDGER_ENTRY_MAX);
	ledger_encode_evidence(&entry, &le);
	rc = assure_buf_err(&entry);
	if (rc == ASSURE_OK)
		rc = ledger_append(ws->ledger, "evidence", hex, entry.data,
		    entry.len, o->collected_at, NULL, reterr_diag);
	assure_buf_free(&entry);
	if (rc == ASSURE_OK && o->control != NULL)
		rc = link_control(ws, o, sink.evidence_id, hex, &ret->linked,
		    reterr_diag);
	if (rc == ASSURE_OK)
		rc = ledger_checkpoint(ws->ledger, o->collected_at, NULL,
		    reterr_diag);
	if (rc != ASSURE_OK)
		goto out_rollback;

	/* A store that keeps the bytes takes them in this transaction. */
	if (store_keeps_blobs(ws->store)) {
		rc = store_blob_put(ws->store, hex, tfd, reterr_diag);
		if (rc != ASSURE_OK)
			goto out_rollback;
		rc = store_commit(ws->store, reterr_diag);
		if (rc != ASSURE_OK)
			goto out_free;
		goto done;
	}
	/* The bytes reach their content address before the commit. */
	if (fchmod(tfd, 0400) != 0 || fsync(tfd) != 0) {
		rc = sys_err(reterr_diag, tmp, "cannot sync the evidence copy");
		goto out_rollback;
	}
	if (close(tfd) != 0) {
		tfd = -1;
		rc = sys_err(reterr_diag, tmp, "cannot close the evidence copy");
		goto out_rollback;
	}
	tfd = -1;
	if (snprintf(subdir, sizeof(subdir), "%s/%.2s", ws->evidence_dir,
	    hex) >= (int)sizeof(subdir) || workspace_mkdir(subdir, 0700) != 0) {
		rc = sys_err(reterr_diag, subdir, "cannot create");
		goto out_rollback;
	}
	workspace_blob_path(ws, hex, final, sizeof(final));
	if (rename(tmp, final) != 0) {
		rc = sys_err(reterr_diag, final, "cannot store the evidence");
		goto out_rollback;
	}
	tmp[0] = '\0';
	/* Make the rename durable before the row that points at it. */
	dfd = open(subdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0) {
		rc = sys_err(reterr_diag, subdir, "cannot sync");
		if (dfd >= 0)
			close(dfd);
		goto out_rollback;
	}
	close(dfd);
	rc = store_commit(ws->store, reterr_diag);
	if (rc != ASSURE_OK)
		goto out_free;
done:
	ret->evidence_id = sink.evidence_id;
	ret->records = sink.records;
	ret->as_of = as_of;
	ret->as_of_origin = origin;
	goto out_free;

out_rollback:
	store_rollback(ws->store);
	assure_diag_default_source(reterr_diag, o->path);
	if (rc == ASSURE_ERR_PARSE || rc == ASSURE_ERR_LIMIT)
		log_rejection(ws, o, kind->name, hex, reterr_diag);
out_free:
	if (state != NULL)
		kind->free(state);
	if (tfd >= 0)
		close(tfd);
	if (tmp[0] != '\0')
		unlink(tmp);
	assure_sha256_free(h);
	free(buf);
out_close:
	close(fd);
	if (ctmp[0] != '\0')
		unlink(ctmp);
	if (rc != ASSURE_OK)
		name_input(reterr_diag, o->path);
	return rc;
}

unsigned
ingest_sweep_temps(const struct workspace *ws)
{
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	unsigned removed = 0;
	size_t plen = strlen(INGEST_TMP_PREFIX);
	DIR *dir;
	int dfd;

	dir = opendir(ws->evidence_dir);
	if (dir == NULL)
		return 0;
	dfd = dirfd(dir);
	for (;;) {
		de = readdir(dir);
		if (de == NULL)
			break;
		/* Exactly mkostemp's names: the prefix and six characters. */
		if (strncmp(de->d_name, INGEST_TMP_PREFIX, plen) != 0 ||
		    strlen(de->d_name) != plen + 6)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) ||
		    now - st.st_mtime < INGEST_TMP_STALE_SECONDS)
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(dir);
	return removed;
}
