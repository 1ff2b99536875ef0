/*
 * review.h: access-review campaigns.
 *
 * A campaign freezes the current accounts of one system (optionally one
 * tenant) as of its start: one item per account, with its login, e-mail,
 * admin flag, status and roles as the newest fresh snapshots show them
 * (rules/population.h).  Reviewers then decide keep or revoke per account;
 * closing records completion and needs every account decided.  Start,
 * each decision and close are rows of review_campaign and review_item and
 * ledger entries appended in the same transaction, followed by a signed
 * checkpoint (docs/LEDGER.md, "review-start", "review-decision",
 * "review-close").  iam.access_review reads the closed campaigns.
 *
 * Campaign ids are "<system>-<year>Q<quarter>-<seq>", the quarter being
 * the calendar quarter (UTC) of the start.
 */
#ifndef ASSURE_REVIEW_H
#define ASSURE_REVIEW_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "common/jsonw.h"
#include "workspace/workspace.h"

#define REVIEW_ID_MAX		160
#define REVIEW_NAME_MAX		256
#define REVIEW_NOTE_MAX		2000
#define REVIEW_ITEMS_MAX	1000000

struct review_item {
	int64_t	 seq;
	char	*tenant;
	char	*account_id;
	char	*login;
	char	*email;
	int	 is_admin;	/* 1, 0, -1 unknown */
	char	*status;
	int	 active;	/* 1, 0, -1 unknown */
	char	*roles;
	char	*decision;	/* "keep", "revoke" or NULL */
	char	*decided_by;
	bool	 decided;
	int64_t	 decided_at;
	char	*note;
};

struct review_campaign {
	char			 id[REVIEW_ID_MAX];
	int64_t			 seq;
	char			 system[REVIEW_NAME_MAX];
	char			 tenant[REVIEW_NAME_MAX];	/* "" for all */
	int64_t			 as_of;
	int64_t			 started_at;
	char			 started_by[REVIEW_NAME_MAX];
	bool			 closed;
	int64_t			 closed_at;
	char			 closed_by[REVIEW_NAME_MAX];
	struct review_item	*items;		/* loaded by review_load */
	size_t			 nitems;
	size_t			 capitems;
	size_t			 undecided;
};

/*
 * Start a campaign of system (and tenant, or NULL for all) as of now, by
 * user by.  NOTFOUND when the system has no fresh accounts.  The new id
 * is written to ret_id (REVIEW_ID_MAX bytes) and the number of accounts
 * frozen to *ret_n.
 */
enum assure_err review_start(struct workspace *ws, const char *system,
    const char *tenant, const char *by, int64_t now, char *ret_id,
    size_t *ret_n, struct assure_diag *reterr_diag);

/*
 * Decide keep or revoke for the account of campaign id whose login,
 * e-mail or account id is account (case-insensitive; CONFLICT when it
 * names several, NOTFOUND when none, CONFLICT when the campaign is
 * closed).  A later decision replaces an earlier one; both stay in the
 * ledger.
 */
enum assure_err review_decide(struct workspace *ws, const char *id,
    const char *account, const char *decision, const char *by,
    const char *note, int64_t now, struct assure_diag *reterr_diag);

/* Close campaign id; CONFLICT while accounts are undecided or if closed. */
enum assure_err review_close(struct workspace *ws, const char *id,
    const char *by, int64_t now, struct assure_diag *reterr_diag);

/* Load one campaign with its items; *ret_found false when none. */
enum assure_err review_load(struct store *s, const char *id,
    struct review_campaign *ret, bool *ret_found,
    struct assure_diag *reterr_diag);

/* Every campaign, without items, in start order. */
enum assure_err review_list(struct store *s, struct review_campaign **ret,
    size_t *ret_n, struct assure_diag *reterr_diag);

void review_campaign_release(struct review_campaign *c);

/* The campaign as JSON, with its items when with_items. */
void review_json(const struct review_campaign *c, bool with_items,
    struct jsonw *w);

/* Canonical ledger entry bodies (docs/LEDGER.md). */
enum assure_err review_encode_start(struct assure_buf *b,
    const struct review_campaign *c);
void review_encode_decision(struct assure_buf *b, const char *campaign,
    const struct review_item *it);
void review_encode_close(struct assure_buf *b,
    const struct review_campaign *c);

#endif
