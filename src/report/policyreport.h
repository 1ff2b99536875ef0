/*
 * policyreport.h: the policy set as one document (`assure report
 * policies`): a header with the counts, a table of contents, then every
 * policy with its approval block and its body, in HTML (the body
 * rendered from Markdown by md4c), Markdown (the body as written) or
 * JSON (the approval fields and the body's digest, not its text).
 *
 * A policy is "approved" when an approval of its current body (the same
 * SHA-256) is recorded, as policy.approved decides; "changed since
 * approval" when only approvals of other text are; "not approved" when
 * none is.  The report reads the store and the ledger, never writes them.
 */
#ifndef ASSURE_REPORT_POLICYREPORT_H
#define ASSURE_REPORT_POLICYREPORT_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "policy/approval.h"
#include "report/doc.h"
#include "workspace/config.h"
#include "workspace/policies.h"
#include "workspace/workspace.h"

enum polrep_status {
	POLREP_APPROVED,
	POLREP_CHANGED,		/* approved once, edited since */
	POLREP_NOT_APPROVED,
};

struct polrep_item {
	const struct policy			*p;
	const char				*body;	/* Markdown */
	size_t					 body_len;
	enum polrep_status			 status;
	/* The newest approval of the current text, or NULL. */
	const struct policy_approval_row	*cur;
	/* The newest approval of any text, or NULL. */
	const struct policy_approval_row	*last;
	int64_t					 ledger_index;	/* of cur; -1 */
	bool					 by_management;
};

struct polrepdoc {
	const struct config		*cfg;
	const struct polrep_item	*items;
	size_t				 n;
	int64_t				 generated;
};

/*
 * Decide it->status, cur, last and by_management from the recorded
 * approvals a (it->p set; ledger_index is left to the caller).
 */
void polrep_judge(struct polrep_item *it, const struct policy_approvals *a,
    const struct config *cfg);

/*
 * Render Markdown md[0..n) to HTML appended to out: raw HTML is not
 * recognised (it shows as text) and a link or image whose URL has a
 * scheme other than http, https or mailto loses its href or src.
 * Returns 0, or -1 when md4c fails (out then has nothing of it).
 */
int polrep_markdown_html(const char *md, size_t n, struct assure_buf *out);

/* Append the document to out in fmt; errors are sticky in out. */
void report_policies(const struct polrepdoc *r, enum doc_format fmt,
    struct assure_buf *out);

/* Everything the report reads, loaded from a workspace. */
struct polrep {
	struct policy_set	 set;
	struct policy_approvals	 ap;
	struct polrep_item	*items;
	struct assure_buf	*files;		/* each policy's bytes */
	size_t			 n;
};

/*
 * Load policies/, every recorded approval and the ledger index of each
 * current approval into r (read only); release with polrep_release()
 * whatever the outcome.  A policy file that changes while it is read
 * again for its body is ASSURE_ERR_IO.
 */
enum assure_err polrep_load(const struct workspace *ws, struct polrep *r,
    struct assure_diag *reterr_diag);
void polrep_release(struct polrep *r);

#endif
