/*
 * verify.c: checking an auditor package offline (verify.h).
 */
#include "common/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "common/buf.h"
#include "common/hash.h"
#include "export/package.h"
#include "export/verify.h"
#include "ledger/ledger.h"
#include "sample/sample.h"

#define CHUNK	(256 * 1024)

struct member {
	char		 name[PKG_PATH_MAX + 1];
	uint64_t	 size;
	unsigned char	 sha256[ASSURE_SHA256_LEN];
	char		*data;		/* kept: NUL-terminated, or NULL */
	bool		 listed;
};

struct members {
	struct member	*v;
	size_t		 n, cap;
	uint64_t	 kept;
};

static void
members_free(struct members *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].data);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static struct member *
find(struct members *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].name, name) == 0)
			return &m->v[i];
	return NULL;
}

/* What the check needs to read, as opposed to hash only. */
static bool
kept(const char *name)
{
	return strcmp(name, PKG_MANIFEST) == 0 ||
	    strcmp(name, PKG_SIGNATURE) == 0 ||
	    strncmp(name, "ledger/", 7) == 0 ||
	    strcmp(name, "reports/type2.json") == 0;
}

static enum assure_err
tamper(struct assure_diag *d, const char *file, const char *fmt, ...)
    ASSURE_PRINTF(3, 4);

static enum assure_err
tamper(struct assure_diag *d, const char *file, const char *fmt, ...)
{
	char msg[ASSURE_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return assure_diag_set(d, ASSURE_ERR_TAMPER, file, 0, 0, NULL, "%s",
	    msg);
}

/* Read every member: hash it, keep what the check reads. */
static enum assure_err
read_members(const char *path, struct members *m, struct assure_diag *d)
{
	struct archive *a;
	struct archive_entry *e;
	struct assure_sha256 *h = assure_sha256_new();
	struct assure_buf keep;
	unsigned char *buf = malloc(CHUNK);
	struct member *x, *nv;
	const char *name;
	la_ssize_t n;
	enum assure_err rc = ASSURE_OK;
	int r;

	assure_buf_init(&keep, 0);
	if ((a = archive_read_new()) == NULL || h == NULL || buf == NULL) {
		rc = assure_diag_set(d, ASSURE_ERR_NOMEM, path, 0, 0, NULL,
		    "out of memory");
		goto out;
	}
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
		rc = assure_diag_set(d, ASSURE_ERR_IO, path, 0, 0, NULL,
		    "cannot read the package: %s", archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		name = archive_entry_pathname(e);
		/* Directories hold nothing; zip tools add them. */
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (name == NULL || (!pkg_path_valid(name) &&
		    strcmp(name, PKG_MANIFEST) != 0 &&
		    strcmp(name, PKG_SIGNATURE) != 0)) {
			rc = tamper(d, path, "a member has an illegal name "
			    "'%.80s'", name != NULL ? name : "");
			goto out;
		}
		if (archive_entry_filetype(e) != AE_IFREG) {
			rc = tamper(d, name, "is not a regular file");
			goto out;
		}
		if (find(m, name) != NULL) {
			rc = tamper(d, name, "is in the package twice");
			goto out;
		}
		if (m->n >= PKG_FILES_MAX) {
			rc = assure_diag_set(d, ASSURE_ERR_LIMIT, path, 0, 0,
			    NULL, "more than %d members", PKG_FILES_MAX);
			goto out;
		}
		if (m->n == m->cap) {
			m->cap = m->cap == 0 ? 64 : m->cap * 2;
			if ((nv = reallocarray(m->v, m->cap, sizeof(*nv))) ==
			    NULL) {
				rc = ASSURE_ERR_NOMEM;
				goto out;
			}
			m->v = nv;
		}
		x = &m->v[m->n++];
		memset(x, 0, sizeof(*x));
		assure_strlcpy(x->name, name, sizeof(x->name));
		assure_buf_reset(&keep);
		for (;;) {
			n = archive_read_data(a, buf, CHUNK);
			if (n < 0) {
				rc = tamper(d, name, "cannot be read from the "
				    "package: %s", archive_error_string(a));
				goto out;
			}
			if (n == 0)
				break;
			x->size += (uint64_t)n;
			if (x->size > PKG_FILE_MAX) {
				rc = assure_diag_set(d, ASSURE_ERR_LIMIT, name,
				    0, 0, NULL, "larger than %llu bytes",
				    (unsigned long long)PKG_FILE_MAX);
				goto out;
			}
			assure_sha256_update(h, buf, (size_t)n);
			if (kept(name))
				assure_buf_add(&keep, buf, (size_t)n);
		}
		assure_sha256_final(h, x->sha256);
		if (kept(name)) {
			m->kept += x->size;
			if (m->kept > PKG_VERIFY_KEPT_MAX ||
			    assure_buf_err(&keep) != ASSURE_OK) {
				rc = assure_diag_set(d, ASSURE_ERR_LIMIT, name,
				    0, 0, NULL, "the files to read exceed %llu "
				    "bytes", (unsigned long long)
				    PKG_VERIFY_KEPT_MAX);
				goto out;
			}
			if ((x->data = malloc(keep.len + 1)) == NULL) {
				rc = ASSURE_ERR_NOMEM;
				goto out;
			}
			if (keep.len > 0)
				memcpy(x->data, keep.data, keep.len);
			x->data[keep.len] = '\0';
		}
	}
	if (r != ARCHIVE_EOF)
		rc = tamper(d, path, "is not a readable ZIP archive: %s",
		    archive_error_string(a));
out:
	if (a != NULL)
		archive_read_free(a);
	assure_buf_free(&keep);
	assure_sha256_free(h);
	free(buf);
	return rc;
}

static const char *
jstr(yajl_val v, const char *key)
{
	const char *path[2] = { key, NULL };
	yajl_val s = yajl_tree_get(v, path, yajl_t_string);

	return s != NULL ? YAJL_GET_STRING(s) : NULL;
}

static yajl_val
jget(yajl_val v, const char *key, yajl_type t)
{
	const char *path[2] = { key, NULL };

	return yajl_tree_get(v, path, t);
}

/* The signature names the manifest's digest under the key's origin. */
static enum assure_err
check_signature(struct members *m, const struct assure_note_verifier *key,
    struct assure_diag *d)
{
	struct member *man = find(m, PKG_MANIFEST), *sig = find(m,
	    PKG_SIGNATURE);
	struct assure_note *note = NULL;
	char hex[ASSURE_SHA256_HEXLEN + 1], want[1024];
	enum assure_err rc;

	if (man == NULL)
		return tamper(d, PKG_MANIFEST, "is missing from the package");
	if (sig == NULL)
		return tamper(d, PKG_SIGNATURE, "is missing from the package");
	man->listed = sig->listed = true;
	rc = assure_note_open(sig->data, (size_t)sig->size, key, &note, d);
	if (rc != ASSURE_OK) {
		assure_diag_set(d, ASSURE_ERR_TAMPER, PKG_SIGNATURE, 0, 0, NULL,
		    "is not a note signed by the key given");
		return ASSURE_ERR_TAMPER;
	}
	assure_hex(man->sha256, sizeof(man->sha256), hex);
	snprintf(want, sizeof(want), "%s\n%s\n%s\n", PKG_SIG_HEADER, key->name,
	    hex);
	if (note->body_len != strlen(want) ||
	    memcmp(note->text, want, note->body_len) != 0)
		rc = tamper(d, PKG_MANIFEST, "is not the manifest the signature "
		    "names (its SHA-256 is %s)", hex);
	assure_note_free(note);
	return rc;
}

/* Every listed file present and matching; nothing unlisted. */
static enum assure_err
check_files(struct members *m, yajl_val files, struct pkg_verify_report *r,
    struct assure_diag *d)
{
	struct member *x;
	const char *path, *sha;
	unsigned char want[ASSURE_SHA256_LEN];
	yajl_val f, size;
	size_t i;

	if (files == NULL)
		return tamper(d, PKG_MANIFEST, "lists no files");
	for (i = 0; i < YAJL_GET_ARRAY(files)->len; i++) {
		f = YAJL_GET_ARRAY(files)->values[i];
		path = jstr(f, "path");
		sha = jstr(f, "sha256");
		size = jget(f, "size", yajl_t_number);
		if (path == NULL || sha == NULL || size == NULL ||
		    !YAJL_IS_INTEGER(size) ||
		    assure_digest_parse(sha, want) != 0)
			return tamper(d, PKG_MANIFEST, "file %zu is malformed",
			    i + 1);
		if ((x = find(m, path)) == NULL)
			return tamper(d, path, "is listed in the manifest but "
			    "missing from the package");
		if (x->listed)
			return tamper(d, path, "is listed twice in the "
			    "manifest");
		x->listed = true;
		if ((uint64_t)YAJL_GET_INTEGER(size) != x->size ||
		    memcmp(want, x->sha256, sizeof(want)) != 0)
			return tamper(d, path, "is not the file the manifest "
			    "lists: its size or SHA-256 differs");
		r->files++;
		r->bytes += x->size;
	}
	for (i = 0; i < m->n; i++)
		if (!m->v[i].listed)
			return tamper(d, m->v[i].name, "is in the package but "
			    "not listed in the manifest");
	return ASSURE_OK;
}

/* A proof of a ledger entry holding line ("sha256 HEX", "id ID"). */
static enum assure_err
check_proof(struct members *m, const char *proof, const char *line,
    const struct assure_note_verifier *key, struct pkg_verify_report *r,
    struct assure_diag *d)
{
	struct member *p = proof != NULL ? find(m, proof) : NULL;
	struct assure_buf entry;
	char want[512];
	uint64_t index, size;
	enum assure_err rc;

	if (p == NULL || p->data == NULL)
		return tamper(d, proof != NULL ? proof : PKG_MANIFEST, "the "
		    "inclusion proof is missing");
	assure_buf_init(&entry, 0);
	rc = ledger_verify_proof(p->data, (size_t)p->size, key, NULL, &index,
	    &size, &entry, d);
	if (rc != ASSURE_OK) {
		assure_diag_default_source(d, proof);
		if (rc != ASSURE_ERR_TAMPER) {
			/* A proof that does not even parse was altered. */
			char why[ASSURE_DIAG_MSG_MAX + 128];

			assure_diag_format(d, why, sizeof(why));
			rc = tamper(d, proof, "is not a valid proof: %s", why);
		}
		assure_buf_free(&entry);
		return rc;
	}
	snprintf(want, sizeof(want), "\n%s\n", line);
	if (strstr(assure_buf_str(&entry), want) == NULL)
		rc = tamper(d, proof, "proves entry %llu, which does not log "
		    "%s", (unsigned long long)index, line);
	if (size > r->tree_size)
		r->tree_size = size;
	assure_buf_free(&entry);
	return rc;
}

static enum assure_err
check_evidence(struct members *m, yajl_val meta,
    const struct assure_note_verifier *key, struct pkg_verify_report *r,
    struct assure_diag *d)
{
	yajl_val list = jget(meta, "evidence", yajl_t_array), e;
	struct member *f;
	char hex[ASSURE_SHA256_HEXLEN + 1], line[128];
	const char *path, *sha;
	size_t i;
	enum assure_err rc;

	for (i = 0; list != NULL && i < YAJL_GET_ARRAY(list)->len; i++) {
		e = YAJL_GET_ARRAY(list)->values[i];
		path = jstr(e, "path");
		sha = jstr(e, "sha256");
		if (path == NULL || sha == NULL || (f = find(m, path)) == NULL)
			return tamper(d, PKG_MANIFEST, "evidence %zu names no "
			    "file of the package", i + 1);
		assure_hex(f->sha256, sizeof(f->sha256), hex);
		if (strcmp(hex, sha) != 0)
			return tamper(d, path, "is not the evidence "
			    "sha256:%.16s... it is listed as", sha);
		snprintf(line, sizeof(line), "sha256 %s", hex);
		rc = check_proof(m, jstr(e, "proof"), line, key, r, d);
		if (rc != ASSURE_OK)
			return rc;
		r->evidence++;
	}
	list = jget(meta, "evaluations", yajl_t_array);
	for (i = 0; list != NULL && i < YAJL_GET_ARRAY(list)->len; i++) {
		e = YAJL_GET_ARRAY(list)->values[i];
		if (jstr(e, "id") == NULL || strlen(jstr(e, "id")) > 64)
			return tamper(d, PKG_MANIFEST, "evaluation %zu has no "
			    "id", i + 1);
		snprintf(line, sizeof(line), "id %s", jstr(e, "id"));
		rc = check_proof(m, jstr(e, "proof"), line, key, r, d);
		if (rc != ASSURE_OK)
			return rc;
		r->evaluations++;
	}
	return ASSURE_OK;
}

/* Draw one control's sample again and compare. */
static enum assure_err
check_sample(yajl_val c, const unsigned char root[32], const char *root_hex,
    const char *file, struct assure_diag *d)
{
	yajl_val pop = jget(c, "population", yajl_t_array);
	yajl_val s = jget(c, "sample", yajl_t_object), items, cp;
	const char *id = jstr(c, "id"), **subjects = NULL, *hash, *got;
	struct sample drawn;
	size_t i, n, size;
	yajl_val sz;
	enum assure_err rc;

	if (id == NULL || pop == NULL)
		return tamper(d, file, "a control has no id or population");
	if (s == NULL)
		return ASSURE_OK;	/* not drawn */
	items = jget(s, "items", yajl_t_array);
	sz = jget(s, "sample_size", yajl_t_number);
	hash = jstr(s, "population_sha256");
	cp = jget(s, "checkpoint", yajl_t_object);
	if (items == NULL || sz == NULL || hash == NULL || cp == NULL ||
	    jstr(cp, "root_hex") == NULL)
		return tamper(d, file, "control %s: the sample is malformed",
		    id);
	if (strcmp(jstr(cp, "root_hex"), root_hex) != 0)
		return tamper(d, file, "control %s: the sample was not seeded "
		    "by the package's checkpoint", id);
	n = YAJL_GET_ARRAY(pop)->len;
	size = (size_t)YAJL_GET_INTEGER(sz);
	if ((subjects = calloc(n > 0 ? n : 1, sizeof(*subjects))) == NULL)
		return ASSURE_ERR_NOMEM;
	for (i = 0; i < n; i++)
		if ((subjects[i] = jstr(YAJL_GET_ARRAY(pop)->values[i],
		    "subject")) == NULL) {
			free(subjects);
			return tamper(d, file, "control %s: population member "
			    "%zu has no subject", id, i + 1);
		}
	rc = sample_draw(root, id, subjects, n, size > 0 ? size : 1, &drawn,
	    d);
	free(subjects);
	if (rc != ASSURE_OK) {
		char why[ASSURE_DIAG_MSG_MAX + 64];

		assure_diag_format(d, why, sizeof(why));
		return tamper(d, file, "control %s: the population cannot be "
		    "drawn from: %s", id, why);
	}
	if (strcmp(drawn.pop_sha256, hash) != 0)
		rc = tamper(d, file, "control %s: the population listed hashes "
		    "to %s, not the %s the sample names", id, drawn.pop_sha256,
		    hash);
	else if (drawn.nitems != YAJL_GET_ARRAY(items)->len)
		rc = tamper(d, file, "control %s: the sample has %zu items; "
		    "drawn again it has %zu", id, YAJL_GET_ARRAY(items)->len,
		    drawn.nitems);
	for (i = 0; rc == ASSURE_OK && i < drawn.nitems; i++) {
		got = jstr(YAJL_GET_ARRAY(items)->values[i], "subject");
		if (got == NULL || strcmp(got, drawn.items[i].subject) != 0)
			rc = tamper(d, file, "control %s: sample item %zu is "
			    "'%.80s'; drawn again it is '%.80s'", id, i + 1,
			    got != NULL ? got : "", drawn.items[i].subject);
	}
	sample_release(&drawn);
	return rc;
}

static enum assure_err
check_samples(struct members *m, yajl_val meta,
    const struct assure_note_verifier *key, struct pkg_verify_report *r,
    struct assure_diag *d)
{
	yajl_val reports = jget(meta, "reports", yajl_t_object), ledger, root,
	    controls;
	const char *file, *cpath;
	struct member *t2, *cpm;
	struct sample_checkpoint cp;
	char hex[ASSURE_SHA256_HEXLEN + 1], err[256];
	size_t i;
	enum assure_err rc = ASSURE_OK;

	file = reports != NULL ? jstr(reports, "type2_json") : NULL;
	if (file == NULL)
		return ASSURE_OK;
	ledger = jget(meta, "ledger", yajl_t_object);
	cpath = ledger != NULL ? jstr(ledger, "sample_checkpoint") : NULL;
	if ((t2 = find(m, file)) == NULL || t2->data == NULL)
		return tamper(d, file, "the Type 2 report is missing");
	if (cpath == NULL)
		return ASSURE_OK;	/* the samples were not drawn */
	if ((cpm = find(m, cpath)) == NULL || cpm->data == NULL)
		return tamper(d, cpath, "the seed checkpoint is missing");
	if (sample_seed_from_checkpoint(cpm->data, (size_t)cpm->size, key,
	    &cp, d) != ASSURE_OK)
		return tamper(d, cpath, "is not a checkpoint signed by the key "
		    "given");
	assure_hex(cp.root, sizeof(cp.root), hex);
	root = yajl_tree_parse(t2->data, err, sizeof(err));
	if (root == NULL)
		return tamper(d, file, "is not JSON: %s", err);
	controls = jget(root, "controls", yajl_t_array);
	if (controls == NULL)
		rc = tamper(d, file, "lists no controls");
	for (i = 0; rc == ASSURE_OK && controls != NULL &&
	    i < YAJL_GET_ARRAY(controls)->len; i++) {
		yajl_val c = YAJL_GET_ARRAY(controls)->values[i];

		rc = check_sample(c, cp.root, hex, file, d);
		if (rc == ASSURE_OK && jget(c, "sample", yajl_t_object) != NULL)
			r->samples++;
	}
	yajl_tree_free(root);
	return rc;
}

enum assure_err
pkg_verify(const char *path, const struct assure_note_verifier *key,
    struct pkg_verify_report *r, struct assure_diag *d)
{
	struct members m;
	struct member *man;
	yajl_val root = NULL, meta;
	const char *fmt;
	char err[256];
	enum assure_err rc;

	memset(r, 0, sizeof(*r));
	memset(&m, 0, sizeof(m));
	assure_strlcpy(r->origin, key->name, sizeof(r->origin));
	rc = read_members(path, &m, d);
	if (rc == ASSURE_OK)
		rc = check_signature(&m, key, d);
	if (rc != ASSURE_OK)
		goto out;
	man = find(&m, PKG_MANIFEST);
	root = yajl_tree_parse(man->data, err, sizeof(err));
	if (root == NULL) {
		rc = tamper(d, PKG_MANIFEST, "is not JSON: %s", err);
		goto out;
	}
	fmt = jstr(root, "format");
	if (fmt == NULL || strcmp(fmt, PKG_FORMAT) != 0) {
		rc = tamper(d, PKG_MANIFEST, "is not an %s manifest", PKG_FORMAT);
		goto out;
	}
	rc = check_files(&m, jget(root, "files", yajl_t_array), r, d);
	meta = jget(root, "meta", yajl_t_object);
	if (rc == ASSURE_OK && meta == NULL)
		rc = tamper(d, PKG_MANIFEST, "has no meta");
	if (rc == ASSURE_OK)
		rc = check_evidence(&m, meta, key, r, d);
	if (rc == ASSURE_OK)
		rc = check_samples(&m, meta, key, r, d);
out:
	if (root != NULL)
		yajl_tree_free(root);
	members_free(&m);
	return rc;
}
