/*
 * cli.h: the command table, the option parser every command shares, and
 * the output helpers (colour, progress, errors) of the assure binary.
 *
 * Each command is one struct cli_command, defined with its implementation
 * in cmd_<name>.c and listed in the table in assure.c.  A command declares
 * its options; the shared parser accepts them, plus the global --workspace, --format and --help,
 * anywhere on the command line, and leaves the positional arguments in
 * ctx->args.  The same table produces --help text, the man page check and
 * the bash completion script, so they cannot drift apart.
 *
 * Exit status contract (PRODUCT.md): 0 success, 1 the command ran and found
 * failing tests or a failed verification, 2 usage error, bad input or an
 * operational failure.
 */
#ifndef ASSURE_CLI_H
#define ASSURE_CLI_H

#include <stdio.h>

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "report/doc.h"

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,
	CLI_EXIT_ERROR = 2,
};

enum cli_format {
	CLI_FORMAT_TEXT,
	CLI_FORMAT_JSON,
	CLI_FORMAT_CSV,		/* only commands with CLI_CSV */
};

struct cli_option {
	const char	*name;	/* long name without "--" */
	const char	*arg;	/* metavariable, or NULL for a flag */
	const char	*help;
	bool		 repeat; /* may be given more than once */
};

enum cli_command_flags {
	/* The command works on a workspace (opened by the command itself). */
	CLI_WORKSPACE = 1 << 0,
	/* The command prints results and takes --format. */
	CLI_FORMATTED = 1 << 1,
	/* ... and also --format csv. */
	CLI_CSV = 1 << 2,
};

struct cli_ctx;

struct cli_command {
	const char			*name;
	const char			*args;	/* usage after the name */
	const char			*summary;	/* one line */
	const char			*description;	/* paragraphs, may be NULL */
	const struct cli_option		*options;	/* NULL-name terminated */
	const char *const		*words;	/* subcommand words, for completion */
	int				(*run)(struct cli_ctx *ctx);
	unsigned			 flags;
};

#define CLI_OPT_MAX	32
#define CLI_ARGS_MAX	4096

struct cli_optval {
	const char	*name;
	const char	*value;	/* "" for a flag */
};

struct cli_ctx {
	const struct cli_command	*cmd;
	const char			*workspace;	/* never NULL */
	bool				 workspace_given;
	enum cli_format			 format;
	bool				 color_out;	/* stdout is a tty, no NO_COLOR */
	bool				 color_err;
	bool				 progress;	/* stderr is a tty */
	int				 nargs;
	char				**args;		/* positionals */
	int				 nopts;
	struct cli_optval		 opts[CLI_OPT_MAX];
};

/* The command table (assure.c), NULL-terminated. */
extern const struct cli_command *const cli_commands[];

/* The last value given for option name, or NULL. */
const char *cli_opt(const struct cli_ctx *ctx, const char *name);
/* Whether flag or option name was given. */
bool cli_has(const struct cli_ctx *ctx, const char *name);
/*
 * Iterate over the values of a repeatable option: start with *iter = 0;
 * returns NULL when there are no more.
 */
const char *cli_opt_next(const struct cli_ctx *ctx, const char *name,
    int *iter);

/* "assure: <message>" on stderr; returns CLI_EXIT_ERROR. */
int cli_error(const struct cli_ctx *ctx, const char *fmt, ...)
    ASSURE_PRINTF(2, 3);
/* Print a diagnostic on one line as "assure: source:line:col: field: msg". */
int cli_diag(const struct cli_ctx *ctx, const struct assure_diag *d);
/* A usage error for the current command: message plus "try --help". */
int cli_usage(const struct cli_ctx *ctx, const char *fmt, ...)
    ASSURE_PRINTF(2, 3);
/* Print a note on stderr (not for results). */
void cli_note(const struct cli_ctx *ctx, const char *fmt, ...)
    ASSURE_PRINTF(2, 3);

/* Colour wrappers: return the escape sequence or "" when colour is off. */
enum cli_color { CLI_RESET, CLI_BOLD, CLI_RED, CLI_GREEN, CLI_YELLOW,
    CLI_DIM, CLI_COLOR__MAX };
const char *cli_c(const struct cli_ctx *ctx, enum cli_color c);

/*
 * Progress on stderr, only when stderr is a terminal: "label: done/total".
 * total may be 0 when unknown.  cli_progress_end clears the line.
 */
void cli_progress(const struct cli_ctx *ctx, const char *label,
    unsigned long long done, unsigned long long total);
void cli_progress_end(const struct cli_ctx *ctx);

/* Write a whole buffer to stdout; CLI_EXIT_ERROR on a write error. */
int cli_write_out(const struct cli_ctx *ctx, const struct assure_buf *b);

/* Print the --help text of cmd to f. */
void cli_help_command(const struct cli_command *cmd, FILE *f);

/* The commands, each defined in its cmd_<name>.c. */
extern const struct cli_command cmd_init_def;
extern const struct cli_command cmd_db_def;
extern const struct cli_command cmd_org_def;
extern const struct cli_command cmd_ingest_def;
extern const struct cli_command cmd_evaluate_def;
extern const struct cli_command cmd_status_def;
extern const struct cli_command cmd_catalog_def;
extern const struct cli_command cmd_ledger_def;
extern const struct cli_command cmd_verify_def;
extern const struct cli_command cmd_completion_def;
extern const struct cli_command cmd_scope_def;
extern const struct cli_command cmd_gap_def;
extern const struct cli_command cmd_report_def;
extern const struct cli_command cmd_review_def;
extern const struct cli_command cmd_findings_def;
extern const struct cli_command cmd_policy_def;
extern const struct cli_command cmd_user_def;
extern const struct cli_command cmd_sample_def;
extern const struct cli_command cmd_export_def;
extern const struct cli_command cmd_serve_def;
extern const struct cli_command cmd_collect_def;
extern const struct cli_command cmd_secret_def;

#endif
