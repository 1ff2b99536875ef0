/*
 * collect.h: what every live collector shares with its callers (the CLI's
 * `assure collect SOURCE`, later the server's schedules): how it reports
 * progress and how a run ended.  Each collector (github.h, ...) takes its
 * own target structure, the HTTP options (http.h) and these.
 */
#ifndef ASSURE_COLLECT_COLLECT_H
#define ASSURE_COLLECT_COLLECT_H

#include "collect/run.h"
#include "common/compat.h"

struct collect_progress {
	/* A page kept: its kind, URL without query, and its records. */
	void	(*page)(void *arg, const char *kind, const char *url,
		    size_t records);
	/* A remark for people: a cap reached, a skipped part. */
	void	(*note)(void *arg, const char *msg);
	void	*arg;
};

struct collect_result {
	int64_t	run_id;		/* 0: no run was opened */
	size_t	pages;
	size_t	records;
	bool	complete;
	char	why[RUN_NOTE_MAX];	/* when not complete; no secrets */
};

/* A remark for people through p->note (p or its note may be NULL). */
void collect_note(const struct collect_progress *p, const char *fmt, ...)
    ASSURE_PRINTF(2, 3);

/*
 * A collector stopping its run: the first reason (d, formatted into
 * why[0..size)) wins and *failed is set; returns rc.
 */
enum assure_err collect_stop(bool *failed, char *why, size_t size,
    enum assure_err rc, const struct assure_diag *d);

struct http_opts;
struct oauth_secret;

/*
 * Exchange a token request: POST the form body to token_url, read the
 * answer (oauth_token_parse(): the endpoint's own error form becomes the
 * message) and replace *bearer with its "Authorization: Bearer" line.
 * The answer's bytes are zeroed once read.  Google's and Microsoft's
 * collectors differ only in the body.
 */
enum assure_err collect_token_exchange(const struct http_opts *o,
    const char *token_url, const struct oauth_secret *body,
    struct oauth_secret *bearer, struct assure_diag *reterr_diag);

/*
 * out = base followed by the path fmt makes; a URL longer than size is
 * the run's stop (collect_stop(failed, why, ...), LIMIT).
 */
enum assure_err collect_url(bool *failed, char *why, size_t why_size,
    const char *base, char *out, size_t size, const char *fmt, ...)
    ASSURE_PRINTF(7, 8);

/* Whether url has the origin (scheme, host, port) of base: a credential
 * goes nowhere else, whatever a Link header or a next link says. */
bool collect_same_origin(const char *base, const char *url);

#endif
