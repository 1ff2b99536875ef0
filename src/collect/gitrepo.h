/*
 * gitrepo.h: the git-repo collector: reads a local clone with libgit2 and
 * writes the first-parent history of one branch as the canonical JSON
 * document "assure-git-repo/1", which the git-repo parser
 * (parse/gitlog.c) reads back.
 *
 * The format is fixed byte for byte, so that the same repository, branch,
 * name and collected_at always give identical output.  Line 1 is the
 * header (wrapped here; one line in the file):
 *
 *   {"format":"assure-git-repo/1","repository":"acme/payroll-api",
 *    "branch":"main","head":"<sha>","collected_at":"2026-11-27T00:00:00Z",
 *
 * line 2 is ` "commits":[` (one leading space), then one commit per line,
 * each indented by two spaces, lines joined by ",\n" (wrapped here):
 *
 *     {"sha":"<sha>","position":0,"parents":["<sha>","<sha>"],
 *      "author":{"name":"...","email":"...","time":"<RFC 3339>"},
 *      "committer":{"name":"...","email":"...","time":"<RFC 3339>"},
 *      "signed":false,"summary":"..."}
 *
 * and "]}\n" follows the last commit.  Keys always come in this order,
 * with no other whitespace.  Per commit:
 *
 *  - sha, parents: lower-case hex (40 digits; 64 in a SHA-256
 *    repository); parents in the commit's order, [] for a root.
 *  - position: 0 for the branch head, 1 for its first parent, and so on
 *    down the first-parent chain to a root.  A merge's other parents and
 *    the side branches behind them are not listed; they appear only in
 *    that merge's parents.
 *  - author, committer: name and email as git holds them; time the
 *    signature's instant in UTC ("...Z"), or null outside the years 1000
 *    to 9999.
 *  - signed: a signature header (gpgsig: OpenPGP, SSH or X.509) is
 *    present.  Whether it verifies is not judged.
 *  - summary: the first line of the message, trailing blanks removed.
 *
 * Strings are JSON-escaped.  A byte that is not UTF-8 (from a commit in
 * another encoding) becomes U+FFFD.  Names, emails and summaries are cut
 * at a character boundary to at most CHG_VALUE_MAX bytes once decoded.
 * "head" is the sha of position 0; "collected_at" is whatever the caller
 * passed.
 */
#ifndef ASSURE_COLLECT_GITREPO_H
#define ASSURE_COLLECT_GITREPO_H

#include <stdio.h>

#include "common/compat.h"
#include "common/err.h"

#define GITREPO_FORMAT		"assure-git-repo/1"
#define GITREPO_COMMITS_MAX	5000000ul	/* first-parent commits */
#define GITREPO_PARENTS_MAX	1024		/* parents of a commit */

/*
 * Write the first-parent history of branch in the clone at clone_path
 * (bare or not; the path itself, no search upwards) to out.
 *
 * branch is a local branch ("main", "refs/heads/main") or a
 * remote-tracking one ("origin/main", "refs/remotes/origin/main"); a
 * local branch wins when both exist.  The document names the branch as
 * its repository does ("main" for all four).  repo_name is the
 * repository's name ("acme/payroll-api"); NULL takes the last component
 * of the clone's path without ".git".  collected_at is written in the
 * header: pass a fixed instant for byte-identical output.
 *
 * On success *ret_commits (may be NULL) is the number of commits written.
 * On failure (INVAL: no such branch, a bad argument; NOTFOUND: not a
 * repository; LIMIT: more than GITREPO_COMMITS_MAX commits or
 * GITREPO_PARENTS_MAX parents; IO: a write failed; NOMEM) reterr_diag
 * names the clone path and says why, with libgit2's message; out may
 * hold a partial document, which the caller discards.
 */
enum assure_err gitrepo_export(const char *clone_path, const char *branch,
    const char *repo_name, int64_t collected_at, FILE *out,
    unsigned long *ret_commits, struct assure_diag *reterr_diag);

#endif
