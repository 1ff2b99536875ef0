/*
 * policies.h: the organisation's policies, policies/<name>.md in the
 * workspace.  Each is Markdown opened by YAML front matter between two
 * lines of exactly "---" (the first on line 1):
 *
 *	---
 *	id: POL-ISP			letters, digits, '.', '_', '-'
 *	title: Information Security Policy
 *	owner: Chief Technology Officer
 *	version: 1.0			one line of text
 *	effective: 2026-01-01		a date, YYYY-MM-DD
 *	approved_by: null		a name, or null until approved
 *	approved_at: null		a date or RFC 3339 instant, or null
 *	review_every: 365d		a duration, 1d to 1096d
 *	audience: all			a name or a list of names
 *	---
 *	# Information Security Policy
 *	...
 *
 * Parsing is strict: unknown keys, a missing required key (all but the
 * two approval keys), a bad date or duration and an id used twice in the
 * folder are errors at file:line:column, the line counted in the whole
 * file.  The SHA-256 of the file's bytes and of its body (everything
 * after the closing "---" line) are kept so that an approval can name
 * the exact text approved.
 *
 * README.md and names starting with '.' are not policies and are skipped.
 *
 * Ownership: a policy set owns its policies and every string (one pool).
 */
#ifndef ASSURE_WORKSPACE_POLICIES_H
#define ASSURE_WORKSPACE_POLICIES_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "common/hash.h"
#include "scope/ywalk.h"

#define POLICIES_DIR		"policies"
/* Where the starter set lives among the embedded data files. */
#define POLICIES_STARTER_PREFIX	"policies/"
/* The starter policy written only when Privacy is in scope. */
#define POLICIES_PRIVACY_FILE	"privacy-notice.md"
/* Replaced by the organisation's name in the starter policies. */
#define POLICIES_PH_ORGANISATION "{{organisation}}"
#define POLICY_FILE_MAX		(1024 * 1024)
#define POLICIES_MAX		200
#define POLICY_ID_MAX		64
#define POLICY_NAME_MAX		200
#define POLICY_VERSION_MAX	32
#define POLICY_AUDIENCE_MAX	16
/* The longest review interval accepted: three years and a day. */
#define POLICY_REVIEW_MAX_DAYS	1096

struct policy {
	const char		 *id;
	const char		 *title;
	const char		 *owner;
	const char		 *version;
	int64_t			  effective;	/* midnight UTC */
	const char		 *approved_by;	/* or NULL */
	int64_t			  approved_at;	/* when approved_by is set */
	int64_t			  review_every;	/* seconds */
	const char		**audience;
	size_t			  naudience;
	const char		 *source;	/* the path it was read from */
	unsigned long		  line;		/* of the id */
	unsigned long		  body_line;	/* first line of the body */
	size_t			  size;		/* bytes of the whole file */
	size_t			  body_offset;	/* where the body starts */
	unsigned char		  sha256[ASSURE_SHA256_LEN];
	unsigned char		  body_sha256[ASSURE_SHA256_LEN];
};

struct policy_set {
	struct policy	*v;
	size_t		 n;
	size_t		 cap;
	struct ypool	 pool;
};

void policy_set_init(struct policy_set *set);
/* Release everything; the set is then empty and reusable. */
void policy_set_release(struct policy_set *set);

/*
 * Parse one file's bytes (source names it) and append its policy to set.
 * On failure returns ASSURE_ERR_PARSE (located), ASSURE_ERR_LIMIT or
 * ASSURE_ERR_NOMEM and set is unchanged but for pooled strings.
 */
enum assure_err policy_parse(struct policy_set *set, const char *text,
    size_t len, const char *source, struct assure_diag *reterr_diag);

/*
 * Load every *.md file of dir but README.md, in name order, into set.  A
 * missing folder is an empty set.  Errors as policy_parse(), plus
 * ASSURE_ERR_IO naming the file and ASSURE_ERR_LIMIT past POLICIES_MAX
 * files or POLICY_FILE_MAX bytes.
 */
enum assure_err policies_load_dir(struct policy_set *set, const char *dir,
    struct assure_diag *reterr_diag);

/* The policy with this id, or NULL. */
const struct policy *policies_find(const struct policy_set *set,
    const char *id);

/*
 * The embedded starter policy text with {{organisation}} replaced by
 * organisation, into out (errors sticky in out).
 */
void policies_render(const char *text, size_t len, const char *organisation,
    struct assure_buf *out);

/*
 * Write the embedded starter set (data/policies/) into the folder dir,
 * one file each, naming organisation; the privacy notice only when
 * privacy is true.  Files that exist are left alone.
 */
enum assure_err policies_write_starter(const char *dir,
    const char *organisation, bool privacy, struct assure_diag *reterr_diag);

#endif
