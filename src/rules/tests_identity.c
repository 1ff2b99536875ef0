/*
 * tests_identity.c: the identity and access tests over the merged account
 * population and the HR roster (rules/population.h): admin MFA, MFA of
 * every user of the systems that report it (the account half of
 * iam.user_mfa), unique ids, leavers' access and revocation delay, dormant
 * accounts, least privilege and access reviews.
 *
 * Every exception's subject names the system, the tenant and the account
 * ("okta/acme.okta.com/jdoe@acme.com"); the leaver and review tests say
 * the person or quarter in the reason.  Verdicts follow the spine: no
 * evidence, or only stale evidence, is no_evidence and says why; any
 * exception is a fail even when some evidence is stale (the reason names
 * the stale exports).
 *
 * CONTROL: tsc:CC6.1
 * CONTROL: tsc:CC6.2
 * CONTROL: tsc:CC6.3
 */
#include "common/compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/timeutil.h"
#include "rules/identity_tests.h"
#include "rules/population.h"
#include "workspace/identity.h"

#define DAY	86400

/* Words that make an unowned account's name generic (iam.unique_ids). */
static const char *const generic_words[] = {
	"admin", "administrator", "root", "test", "testing", "shared", "team",
	"ops", "dev", "devops", "support", "info", "service", "guest", "demo",
	"temp", "tmp", NULL
};

static void
fmt_duration(int64_t secs, char *out, size_t size)
{
	if (secs < 0)
		secs = 0;
	if (secs >= DAY)
		snprintf(out, size, "%lldd %lldh", (long long)(secs / DAY),
		    (long long)(secs % DAY / 3600));
	else
		snprintf(out, size, "%lldh %lldm", (long long)(secs / 3600),
		    (long long)(secs % 3600 / 60));
}

/*
 * Settle the verdict of an account test from its population p.  need_hr:
 * the test joins accounts to people.  empty: when not NULL, a population
 * of zero is no_evidence with this reason.
 */
static enum assure_err
settle(const struct test_ctx *ctx, struct test_result *res,
    const struct population *p, bool need_hr, const char *empty)
{
	char when[ASSURE_TIME_STRLEN], hr[ASSURE_TIME_STRLEN];
	long long days = (long long)(ctx->cfg->freshness / DAY);

	assure_time_format(ctx->as_of, when);
	if (res->nexc > 0) {
		res->verdict = VERDICT_FAIL;
		if (p->nstale > 0)
			return result_set_reason(res, "%zu exception(s); the "
			    "newest snapshot of %zu export(s) (%s) is older "
			    "than the %lld-day freshness window", res->nexc,
			    p->nstale, p->stale, days);
		return ASSURE_OK;
	}
	res->verdict = VERDICT_NO_EVIDENCE;
	if (p->nsnaps == 0)
		return result_set_reason(res, "no identity-system evidence "
		    "(okta-users, google-workspace-users, entra-users, "
		    "aws-iam-authorization-details, github-org-members) as of "
		    "%s", when);
	if (p->nstale > 0)
		return result_set_reason(res, "the newest snapshot of %zu "
		    "export(s) (%s) is older than the %lld-day freshness "
		    "window as of %s", p->nstale, p->stale, days, when);
	if (need_hr && !p->has_hr)
		return result_set_reason(res, "no HR roster evidence (hr-csv, "
		    "bamboohr-report) as of %s", when);
	if (need_hr && p->hr_stale) {
		assure_time_format(p->hr_as_of, hr);
		return result_set_reason(res, "the newest HR roster (as of %s) "
		    "is older than the %lld-day freshness window as of %s", hr,
		    days, when);
	}
	if (empty != NULL && res->population == 0)
		return result_set_reason(res, "%s as of %s", empty, when);
	res->verdict = VERDICT_PASS;
	return ASSURE_OK;
}

static bool
is_active(const struct pop_account *a)
{
	return a->active != 0;
}

/* ------------------------------------------------------------ admin MFA */

static enum assure_err
run_admin_mfa(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct population p;
	char subject[RULES_SUBJECT_MAX];
	const struct pop_account *a;
	enum assure_err rc;
	size_t i;

	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_ACCOUNTS, res);
	for (i = 0; rc == ASSURE_OK && i < p.nacc; i++) {
		a = &p.acc[i];
		/* Service accounts sign in with keys, not interactively. */
		if (a->is_admin != 1 || !is_active(a) || a->service)
			continue;
		population_subject(a, subject, sizeof(subject));
		rc = result_add_member(res, ctx, subject);
		if (rc != ASSURE_OK)
			break;
		if (a->mfa == NULL || strcmp(a->mfa, "unknown") == 0)
			rc = result_add_exception(res, subject, "admin account; "
			    "MFA state unknown");
		else if (strcmp(a->mfa, "enrolled") != 0)
			rc = result_add_exception(res, subject, "admin account "
			    "without MFA");
	}
	if (rc == ASSURE_OK)
		rc = settle(ctx, res, &p, false, "no admin accounts in the "
		    "identity evidence");
	population_release(&p);
	return rc;
}

static const char *const admin_mfa_criteria[] = { "CC6.1", NULL };

const struct test_def test_iam_admin_mfa = {
	.id = "iam.admin_mfa",
	.title = "Every admin account has MFA",
	.description = "Every active admin account, in every identity system, "
	    "has MFA enrolled; an unknown MFA state is an exception.  Service "
	    "accounts (declared or so marked by the system) are left to "
	    "iam.least_privilege.",
	.criteria = admin_mfa_criteria,
	.run = run_admin_mfa,
};

/* ------------------------------------------------- user MFA (accounts) */

enum assure_err
identity_user_mfa(const struct test_ctx *ctx, struct test_result *res,
    struct identity_part *ret, struct assure_diag *d)
{
	struct population p;
	char subject[RULES_SUBJECT_MAX];
	const struct pop_account *a;
	enum assure_err rc;
	size_t i;

	memset(ret, 0, sizeof(*ret));
	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_ACCOUNTS, res);
	for (i = 0; rc == ASSURE_OK && i < p.nacc; i++) {
		a = &p.acc[i];
		/* AWS users are judged on the credential report. */
		if (strcmp(a->system, "aws") == 0 || a->service ||
		    !is_active(a) || !a->tenant_reports_mfa)
			continue;
		ret->judged++;
		population_subject(a, subject, sizeof(subject));
		rc = result_add_member(res, ctx, subject);
		if (rc != ASSURE_OK)
			break;
		if (a->mfa == NULL || strcmp(a->mfa, "unknown") == 0)
			rc = result_add_exception(res, subject, "MFA state "
			    "unknown");
		else if (strcmp(a->mfa, "enrolled") != 0)
			rc = result_add_exception(res, subject, "no MFA "
			    "enrolled");
	}
	if (rc == ASSURE_OK) {
		ret->snapshots = p.nsnaps;
		ret->fresh = p.nfresh;
		ret->nstale = p.nstale;
		assure_strlcpy(ret->stale, p.stale, sizeof(ret->stale));
	}
	population_release(&p);
	return rc;
}

/* ------------------------------------------------------------ unique ids */

static bool
generic_name(const char *login)
{
	char local[128], *tok, *save = NULL;
	size_t i;
	const char *at;
	size_t n;

	if (login == NULL)
		return false;
	at = strchr(login, '@');
	n = at != NULL ? (size_t)(at - login) : strlen(login);
	if (n >= sizeof(local))
		n = sizeof(local) - 1;
	memcpy(local, login, n);
	local[n] = '\0';
	for (i = 0; i < n; i++)
		local[i] = (char)tolower((unsigned char)local[i]);
	for (tok = strtok_r(local, "._-+0123456789", &save); tok != NULL;
	    tok = strtok_r(NULL, "._-+0123456789", &save))
		for (i = 0; generic_words[i] != NULL; i++)
			if (strcmp(tok, generic_words[i]) == 0)
				return true;
	return false;
}

/* By system, then person, then account order (stable for subjects). */
static int
person_cmp(const void *x, const void *y)
{
	const struct pop_account *const *a = x, *const *b = y;
	int c;

	c = strcmp((*a)->system, (*b)->system);
	if (c == 0 && (*a)->person != (*b)->person)
		c = strcmp((*a)->person->email_norm, (*b)->person->email_norm);
	if (c == 0)
		c = strcmp((*a)->tenant, (*b)->tenant);
	if (c == 0)
		c = strcmp((*a)->account_id, (*b)->account_id);
	return c;
}

static enum assure_err
run_unique_ids(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct identity *id = ctx->cfg->identity;
	struct population p;
	char subject[RULES_SUBJECT_MAX], other[RULES_SUBJECT_MAX];
	const struct pop_account *a, *b, **idx = NULL;
	enum assure_err rc;
	size_t i, nidx = 0;

	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_PEOPLE | POP_ACCOUNTS, res);
	if (rc == ASSURE_OK) {
		idx = calloc(p.nacc > 0 ? p.nacc : 1, sizeof(*idx));
		if (idx == NULL)
			rc = ASSURE_ERR_NOMEM;
	}
	for (i = 0; rc == ASSURE_OK && i < p.nacc; i++) {
		a = &p.acc[i];
		if (!is_active(a))
			continue;
		population_subject(a, subject, sizeof(subject));
		rc = result_add_member(res, ctx, subject);
		if (rc != ASSURE_OK)
			break;
		if (a->service || identity_declared(id, a->system, a->tenant,
		    a->login, a->email) != NULL)
			continue;
		if (a->person == NULL) {
			if (!p.has_hr || p.hr_stale)
				continue;	/* settle() says no_evidence */
			if (generic_name(a->login) || generic_name(a->email))
				rc = result_add_exception(res, subject,
				    "generic or shared account name, no "
				    "person in the HR roster, not declared in "
				    "identity.yaml");
			else
				rc = result_add_exception(res, subject, "no "
				    "person in the HR roster and not declared "
				    "in identity.yaml");
			continue;
		}
		if (nidx < p.nacc)
			idx[nidx++] = a;
	}
	/* A second active account of the same person and system. */
	if (rc == ASSURE_OK && nidx > 1)
		qsort(idx, nidx, sizeof(*idx), person_cmp);
	for (i = 1; rc == ASSURE_OK && i < nidx; i++) {
		a = idx[i];
		b = idx[i - 1];
		if (a->person != b->person || strcmp(a->system, b->system) != 0)
			continue;
		population_subject(a, subject, sizeof(subject));
		population_subject(b, other, sizeof(other));
		rc = result_add_exception(res, subject, "second active account "
		    "of %s in %s (also %s), not declared in identity.yaml",
		    a->person->email_norm, a->system, other);
	}
	if (rc == ASSURE_OK)
		rc = settle(ctx, res, &p, true, NULL);
	free(idx);
	population_release(&p);
	return rc;
}

static const char *const unique_ids_criteria[] = { "CC6.2", NULL };

const struct test_def test_iam_unique_ids = {
	.id = "iam.unique_ids",
	.title = "One unique account per person; no shared accounts",
	.description = "Every active account belongs to a person of the HR "
	    "roster or is declared in identity.yaml (service, shared or "
	    "second accounts); no person has two active accounts in one "
	    "system unless declared.",
	.criteria = unique_ids_criteria,
	.run = run_unique_ids,
};

/* ------------------------------------------------------------ leavers */

struct key {
	char	system[128];
	char	tenant[256];
	char	account_id[256];
};

struct keys {
	struct key	*v;
	size_t		 n;
	size_t		 cap;
};

#define LEAVER_ACCOUNTS_MAX	1000

static enum assure_err
key_row(const struct store_val *c, int n, void *arg)
{
	struct keys *k = arg;
	struct key *v;
	size_t i;

	if (n < 3 || c[0].type != STORE_TEXT || c[1].type != STORE_TEXT ||
	    c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i].system, c[0].s) == 0 &&
		    strcmp(k->v[i].tenant, c[1].s) == 0 &&
		    strcmp(k->v[i].account_id, c[2].s) == 0)
			return ASSURE_OK;
	if (k->n >= LEAVER_ACCOUNTS_MAX)
		return ASSURE_ERR_LIMIT;
	if (k->n == k->cap) {
		size_t ncap = k->cap == 0 ? 4 : k->cap * 2;

		v = reallocarray(k->v, ncap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		k->v = v;
		k->cap = ncap;
	}
	assure_strlcpy(k->v[k->n].system, c[0].s, sizeof(k->v[0].system));
	assure_strlcpy(k->v[k->n].tenant, c[1].s, sizeof(k->v[0].tenant));
	assure_strlcpy(k->v[k->n].account_id, c[2].s,
	    sizeof(k->v[0].account_id));
	k->n++;
	return ASSURE_OK;
}

static enum assure_err
accounts_of(const struct test_ctx *ctx, const char *email, struct keys *k,
    struct assure_diag *d)
{
	struct store_val v[3];
	char low[RULES_SUBJECT_MAX];
	size_t i;

	assure_strlcpy(low, email, sizeof(low));
	for (i = 0; low[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	v[0] = STORE_TEXTV(low);
	v[1] = STORE_TEXTV(low);
	v[2] = STORE_INTV(ctx->as_of);
	return store_exec(ctx->store, STMT_ID_ACCOUNTS_OF, v, 3, key_row, k,
	    d);
}

/* Every account ever seen of person pp: by e-mail, login or alias. */
static enum assure_err
leaver_accounts(const struct test_ctx *ctx, const struct pop_person *pp,
    struct keys *k, struct assure_diag *d)
{
	const struct identity *id = ctx->cfg->identity;
	enum assure_err rc;
	size_t i;

	rc = accounts_of(ctx, pp->email_norm, k, d);
	for (i = 0; rc == ASSURE_OK && id != NULL && i < id->naliases; i++)
		if (strcasecmp(id->aliases[i].person, pp->email_norm) == 0)
			rc = accounts_of(ctx, id->aliases[i].account, k, d);
	return rc;
}

static enum assure_err
run_leaver_access(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct population p;
	struct keys k = { NULL, 0, 0 };
	const struct pop_person *pp;
	const struct pop_account *cur;
	char subject[RULES_SUBJECT_MAX], t1[ASSURE_TIME_STRLEN],
	    t2[ASSURE_TIME_STRLEN], dur[32], sla[32], unobserved[200];
	enum pop_revocation st;
	enum assure_err rc;
	size_t i, j, nunobserved = 0;
	int64_t when = 0;
	bool observed, in_period;

	unobserved[0] = '\0';
	assure_duration_format(ctx->cfg->sla.leaver_revocation, sla,
	    sizeof(sla));
	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_PEOPLE | POP_ACCOUNTS, res);
	for (i = 0; rc == ASSURE_OK && i < p.npeople; i++) {
		pp = &p.people[i];
		/* A termination after the as-of instant: not yet a leaver. */
		if (!pp->has_term || pp->term > ctx->as_of)
			continue;
		in_period = pp->term >= ctx->cfg->period_start;
		k.n = 0;
		rc = leaver_accounts(ctx, pp, &k, d);
		/*
		 * The record is the leaver, but the exceptions name the
		 * leaver's accounts: counted, a leaver is one (under the
		 * e-mail); listed, the members are the accounts judged, or
		 * the e-mail of a leaver with none known.  So in members mode
		 * the population counts leavers' accounts.
		 */
		if (rc == ASSURE_OK && (!ctx->members || k.n == 0))
			rc = result_add_member(res, ctx, pp->email_norm);
		observed = true;
		assure_time_format(pp->term, t1);
		for (j = 0; rc == ASSURE_OK && j < k.n; j++) {
			rc = population_revocation(ctx, &p, k.v[j].system,
			    k.v[j].tenant, k.v[j].account_id, pp->term, &st,
			    &when, d);
			if (rc != ASSURE_OK)
				break;
			cur = population_find(&p, k.v[j].system,
			    k.v[j].tenant, k.v[j].account_id);
			if (cur != NULL)
				population_subject(cur, subject,
				    sizeof(subject));
			else
				snprintf(subject, sizeof(subject), "%s/%s/%s",
				    k.v[j].system, k.v[j].tenant,
				    pp->email_norm);
			if (ctx->members)
				rc = result_add_member(res, ctx, subject);
			if (rc != ASSURE_OK)
				break;
			if (st == POP_UNOBSERVED) {
				observed = false;
				continue;
			}
			assure_time_format(when, t2);
			if (st == POP_LIVE) {
				fmt_duration(when - pp->term, dur, sizeof(dur));
				rc = result_add_exception(res, subject, "leaver "
				    "%s (terminated %s) still has an active "
				    "account as of %s, %s after termination",
				    pp->email_norm, t1, t2, dur);
				continue;
			}
			if (in_period && when - pp->term >
			    ctx->cfg->sla.leaver_revocation) {
				fmt_duration(when - pp->term, dur, sizeof(dur));
				rc = result_add_exception(res, subject, "leaver "
				    "%s (terminated %s) revoked %s, %s after "
				    "termination (SLA %s)", pp->email_norm, t1,
				    t2, dur, sla);
			}
		}
		if (rc == ASSURE_OK && !observed) {
			if (nunobserved++ < 3) {
				size_t l = strlen(unobserved);

				snprintf(unobserved + l, sizeof(unobserved) - l,
				    "%s%s", l > 0 ? ", " : "", pp->email_norm);
			}
		}
	}
	if (rc == ASSURE_OK)
		rc = settle(ctx, res, &p, true, NULL);
	if (rc == ASSURE_OK && nunobserved > 0) {
		/*
		 * A leaver whose accounts were not observed after the
		 * termination is no evidence for that person: the test cannot
		 * pass, and a fail says so too.
		 */
		if (res->verdict == VERDICT_PASS) {
			res->verdict = VERDICT_NO_EVIDENCE;
			rc = result_set_reason(res, "%zu leaver(s) (%s) have "
			    "accounts not observed after their termination",
			    nunobserved, unobserved);
		} else if (res->verdict == VERDICT_FAIL &&
		    res->reason == NULL) {
			rc = result_set_reason(res, "%zu exception(s); %zu "
			    "leaver(s) (%s) have accounts not observed after "
			    "their termination", res->nexc, nunobserved,
			    unobserved);
		}
	}
	free(k.v);
	population_release(&p);
	return rc;
}

static const char *const leaver_criteria[] = { "CC6.2", "CC6.3", NULL };

const struct test_def test_iam_leaver_access = {
	.id = "iam.leaver_access",
	.title = "Leavers lose their access within the SLA",
	.description = "No person terminated up to the as-of instant has an "
	    "active account in any system, and every leaver of the "
	    "observation period was revoked within slas.leaver_revocation of "
	    "the termination (a date-only termination ends at the end of that "
	    "day in the organisation's time zone).",
	.criteria = leaver_criteria,
	.run = run_leaver_access,
};

/* ------------------------------------------------------------ dormant */

static enum assure_err
run_dormant(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct population p;
	char subject[RULES_SUBJECT_MAX], t[ASSURE_TIME_STRLEN], dur[32];
	const struct pop_account *a;
	int64_t limit = ctx->cfg->iam.dormant_after;
	enum assure_err rc;
	size_t i;

	assure_duration_format(limit, dur, sizeof(dur));
	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_ACCOUNTS, res);
	for (i = 0; rc == ASSURE_OK && i < p.nacc; i++) {
		a = &p.acc[i];
		if (a->active != 1 || a->service || !a->tenant_reports_logins)
			continue;
		if (!a->has_last_login && !a->has_created)
			continue;
		population_subject(a, subject, sizeof(subject));
		rc = result_add_member(res, ctx, subject);
		if (rc != ASSURE_OK)
			break;
		if (a->has_last_login && ctx->as_of - a->last_login > limit) {
			assure_time_format(a->last_login, t);
			rc = result_add_exception(res, subject, "active, last "
			    "login %s: %lld days before, dormant after %s", t,
			    (long long)((ctx->as_of - a->last_login) / DAY),
			    dur);
		} else if (!a->has_last_login &&
		    ctx->as_of - a->created > limit) {
			assure_time_format(a->created, t);
			rc = result_add_exception(res, subject, "active, never "
			    "logged in, created %s (dormant after %s)", t,
			    dur);
		}
	}
	if (rc == ASSURE_OK)
		rc = settle(ctx, res, &p, false, "no active human accounts "
		    "with login times in the identity evidence");
	population_release(&p);
	return rc;
}

static const char *const dormant_criteria[] = { "CC6.2", "CC6.3", NULL };

const struct test_def test_iam_dormant_accounts = {
	.id = "iam.dormant_accounts",
	.title = "No dormant active accounts",
	.description = "No active human account, in a system that reports "
	    "logins, has gone without a login for iam.dormant_after (default "
	    "90 days); an account never used counts from its creation.",
	.criteria = dormant_criteria,
	.run = run_dormant,
};

/* ------------------------------------------------------ least privilege */

static enum assure_err
run_least_privilege(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	const struct identity *id = ctx->cfg->identity;
	struct population p;
	char subject[RULES_SUBJECT_MAX], counts[RULES_REASON_MAX - 64];
	const struct pop_account *a;
	enum assure_err rc;
	size_t i, n = 0, l;
	bool in_roster;

	counts[0] = '\0';
	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_ACCOUNTS, res);
	for (i = 0; rc == ASSURE_OK && i < p.nacc; i++) {
		a = &p.acc[i];
		if (a->is_admin != 1 || !is_active(a))
			continue;
		population_subject(a, subject, sizeof(subject));
		rc = result_add_member(res, ctx, subject);
		if (rc != ASSURE_OK)
			break;
		in_roster = identity_admin_approved(id, a->system, a->login,
		    a->email, a->person != NULL ? a->person->email_norm : NULL);
		if (!in_roster) {
			rc = result_add_exception(res, subject, "admin not in "
			    "the approved admin roster (identity.yaml admins: "
			    "%s)", a->system);
		}
	}
	/* "N admin(s): okta/acme 2, google/acme.com 1". */
	for (i = 0, n = 0; rc == ASSURE_OK && i < p.nacc; i++) {
		a = &p.acc[i];
		if (a->is_admin == 1 && is_active(a))
			n++;
		if (i + 1 < p.nacc && strcmp(p.acc[i + 1].system, a->system) ==
		    0 && strcmp(p.acc[i + 1].tenant, a->tenant) == 0)
			continue;
		if (n == 0)
			continue;
		l = strlen(counts);
		snprintf(counts + l, sizeof(counts) - l, "%s%s/%s %zu",
		    l > 0 ? ", " : "", a->system, a->tenant, n);
		n = 0;
	}
	if (rc == ASSURE_OK)
		rc = settle(ctx, res, &p, false, "no admin accounts in the "
		    "identity evidence");
	if (rc == ASSURE_OK && res->reason == NULL && res->population > 0)
		rc = result_set_reason(res, "%lld admin account(s): %s",
		    (long long)res->population, counts);
	population_release(&p);
	return rc;
}

static const char *const least_priv_criteria[] = { "CC6.3", NULL };

const struct test_def test_iam_least_privilege = {
	.id = "iam.least_privilege",
	.title = "Admins are all on the approved roster",
	.description = "Every active admin account of each system is in the "
	    "approved admin roster of identity.yaml (admins:); the count of "
	    "admins per system is reported.",
	.criteria = least_priv_criteria,
	.run = run_least_privilege,
};

/* ------------------------------------------------------ access reviews */

#define REVIEW_CAMPAIGNS_MAX	100000

struct campaign {
	char	id[128];
	char	system[128];
	bool	closed;
	int64_t	closed_at;
};

struct campaigns {
	struct campaign	*v;
	size_t		 n;
	size_t		 cap;
};

static enum assure_err
campaign_row(const struct store_val *c, int n, void *arg)
{
	struct campaigns *cs = arg;
	struct campaign *v;

	if (n < 9 || c[0].type != STORE_TEXT || c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (cs->n >= REVIEW_CAMPAIGNS_MAX)
		return ASSURE_ERR_LIMIT;
	if (cs->n == cs->cap) {
		size_t ncap = cs->cap == 0 ? 8 : cs->cap * 2;

		v = reallocarray(cs->v, ncap, sizeof(*v));
		if (v == NULL)
			return ASSURE_ERR_NOMEM;
		cs->v = v;
		cs->cap = ncap;
	}
	v = &cs->v[cs->n++];
	assure_strlcpy(v->id, c[0].s, sizeof(v->id));
	assure_strlcpy(v->system, c[2].s, sizeof(v->system));
	v->closed = c[7].type == STORE_INT;
	v->closed_at = c[7].i;
	return ASSURE_OK;
}

struct revoke {
	char	tenant[256];
	char	account_id[256];
	char	login[256];
	char	by[128];
	int64_t	at;
};

struct revokes {
	struct revoke	v[256];
	size_t		n;
	bool		more;
};

static enum assure_err
item_row(const struct store_val *c, int n, void *arg)
{
	struct revokes *r = arg;
	struct revoke *v;

	if (n < 13 || c[1].type != STORE_TEXT || c[2].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	if (c[9].type != STORE_TEXT || strcmp(c[9].s, "revoke") != 0)
		return ASSURE_OK;
	if (r->n >= ASSURE_ARRAY_LEN(r->v)) {
		r->more = true;
		return ASSURE_OK;
	}
	v = &r->v[r->n++];
	assure_strlcpy(v->tenant, c[1].s, sizeof(v->tenant));
	assure_strlcpy(v->account_id, c[2].s, sizeof(v->account_id));
	assure_strlcpy(v->login, c[3].type == STORE_TEXT ? c[3].s : c[2].s,
	    sizeof(v->login));
	assure_strlcpy(v->by, c[10].type == STORE_TEXT ? c[10].s : "?",
	    sizeof(v->by));
	v->at = c[11].i;
	return ASSURE_OK;
}

/* The first instant of the month m months after t's month (UTC). */
static int64_t
add_months(int64_t t, int m)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	tm.tm_mon += m;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return (int64_t)timegm(&tm);
}

/* Systems with identity evidence: each (system) once, in order. */
static bool
first_of_system(const struct population *p, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(p->snaps[j].system, p->snaps[i].system) == 0)
			return false;
	return true;
}

static enum assure_err
check_revokes(const struct test_ctx *ctx, const struct population *p,
    const struct campaign *c, struct test_result *res, size_t *pending,
    struct assure_diag *d)
{
	struct revokes *r;
	struct store_val v[1];
	char subject[RULES_SUBJECT_MAX], t[ASSURE_TIME_STRLEN],
	    t2[ASSURE_TIME_STRLEN];
	enum pop_revocation st;
	enum assure_err rc;
	int64_t when = 0;
	size_t i;

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return ASSURE_ERR_NOMEM;
	v[0] = STORE_TEXTV(c->id);
	rc = store_exec(ctx->store, STMT_REVIEW_ITEMS, v, 1, item_row, r, d);
	for (i = 0; rc == ASSURE_OK && i < r->n; i++) {
		/* One account revoked by two campaigns: one member. */
		/* Bounded so that the subject always fits whole. */
		snprintf(subject, sizeof(subject), "%.120s/%.120s/%.255s",
		    c->system, r->v[i].tenant, r->v[i].login);
		rc = result_add_member(res, ctx, subject);
		if (rc != ASSURE_OK)
			break;
		rc = population_revocation(ctx, p, c->system, r->v[i].tenant,
		    r->v[i].account_id, r->v[i].at, &st, &when, d);
		if (rc != ASSURE_OK)
			break;
		assure_time_format(r->v[i].at, t);
		if (st == POP_UNOBSERVED)
			(*pending)++;
		else if (st == POP_LIVE) {
			assure_time_format(when, t2);
			rc = result_add_exception(res, subject, "revoke "
			    "decided in %s by %s at %s not carried out: still "
			    "active as of %s", c->id, r->v[i].by, t, t2);
		}
	}
	free(r);
	return rc;
}

static enum assure_err
run_access_review(const struct test_ctx *ctx, struct test_result *res,
    struct assure_diag *d)
{
	struct population p;
	struct campaigns cs = { NULL, 0, 0 };
	char subject[RULES_SUBJECT_MAX], d1[ASSURE_TIME_STRLEN],
	    d2[ASSURE_TIME_STRLEN], when[ASSURE_TIME_STRLEN];
	int64_t qs, qe, end = ctx->cfg->period_end;
	enum assure_err rc;
	size_t i, j, pending = 0, quarters = 0;
	int q;
	bool done;

	assure_time_format(ctx->as_of, when);
	rc = population_load(ctx, POP_ACCOUNTS, &p, d);
	if (rc == ASSURE_OK)
		rc = population_evidence(&p, POP_ACCOUNTS, res);
	if (rc == ASSURE_OK)
		rc = store_exec(ctx->store, STMT_REVIEW_CAMPAIGNS, NULL, 0,
		    campaign_row, &cs, d);
	for (i = 0; rc == ASSURE_OK && i < p.nsnaps; i++) {
		if (!first_of_system(&p, i))
			continue;
		/* Each quarter of the period that has ended by as_of. */
		for (q = 0; rc == ASSURE_OK; q++) {
			qs = q == 0 ? ctx->cfg->period_start :
			    add_months(ctx->cfg->period_start, 3 * q);
			if (qs > end)
				break;
			qe = add_months(ctx->cfg->period_start, 3 * (q + 1)) -
			    1;
			if (qe > end)
				qe = end;
			if (qe > ctx->as_of)
				break;
			assure_date_format(qs, d1);
			assure_date_format(qe, d2);
			snprintf(subject, sizeof(subject), "%s/%s..%s",
			    p.snaps[i].system, d1, d2);
			rc = result_add_member(res, ctx, subject);
			if (rc != ASSURE_OK)
				break;
			quarters++;
			done = false;
			for (j = 0; j < cs.n && !done; j++)
				done = cs.v[j].closed &&
				    strcmp(cs.v[j].system,
				    p.snaps[i].system) == 0 &&
				    cs.v[j].closed_at >= qs &&
				    cs.v[j].closed_at <= qe;
			if (done)
				continue;
			rc = result_add_exception(res, subject, "no access "
			    "review of %s completed in this quarter",
			    p.snaps[i].system);
		}
	}
	for (j = 0; rc == ASSURE_OK && j < cs.n; j++)
		if (cs.v[j].closed && cs.v[j].closed_at <= ctx->as_of)
			rc = check_revokes(ctx, &p, &cs.v[j], res, &pending,
			    d);
	if (rc == ASSURE_OK)
		rc = settle(ctx, res, &p, false, "no quarter of the "
		    "observation period has ended");
	if (rc == ASSURE_OK && res->verdict == VERDICT_PASS && quarters == 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "no quarter of the observation "
		    "period has ended as of %s", when);
	}
	if (rc == ASSURE_OK && res->verdict == VERDICT_PASS && pending > 0) {
		res->verdict = VERDICT_NO_EVIDENCE;
		rc = result_set_reason(res, "%zu revoke decision(s) not yet "
		    "observed in a later snapshot as of %s", pending, when);
	}
	free(cs.v);
	population_release(&p);
	return rc;
}

static const char *const access_review_criteria[] = { "CC6.2", "CC6.3",
	NULL };

const struct test_def test_iam_access_review = {
	.id = "iam.access_review",
	.title = "Quarterly access reviews, and revocations carried out",
	.description = "Every system with identity evidence had an access "
	    "review campaign closed in every quarter of the observation "
	    "period that has ended, and every revoke decision of a closed "
	    "campaign was carried out (the account is disabled or gone in a "
	    "later snapshot).",
	.criteria = access_review_criteria,
	.run = run_access_review,
};
