/*
 * assure.c: main(), the command table, and the option parser and output
 * helpers every command shares (see cli.h).
 */
#include "common/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"
#include "workspace/workspace.h"

const struct cli_command *const cli_commands[] = {
	&cmd_init_def,
	&cmd_catalog_def,
	&cmd_scope_def,
	&cmd_gap_def,
	&cmd_ingest_def,
	&cmd_collect_def,
	&cmd_secret_def,
	&cmd_evaluate_def,
	&cmd_status_def,
	&cmd_report_def,
	&cmd_review_def,
	&cmd_findings_def,
	&cmd_policy_def,
	&cmd_user_def,
	&cmd_ledger_def,
	&cmd_sample_def,
	&cmd_export_def,
	&cmd_serve_def,
	&cmd_verify_def,
	&cmd_org_def,
	&cmd_db_def,
	&cmd_completion_def,
	NULL,
};

/* Options every command takes. */
static const struct cli_option global_options[] = {
	{ "workspace", "DIR", "the workspace (default: $ASSURE_WORKSPACE, or "
	    "the nearest folder upwards holding assure.yaml)", false },
	{ "db", "URI", "the store: a postgres:// URI (default: $ASSURE_DB, "
	    "or the workspace's SQLite file)", false },
	{ "org", "NAME", "the organisation in a store holding many (default: "
	    "$ASSURE_ORG, or assure.yaml's org)", false },
	{ "format", "text|json", "output format (default: text)", false },
	{ "help", NULL, "show this help and exit", false },
	{ NULL, NULL, NULL, false },
};

static const char *progname = "assure";

#define HELP_WIDTH	79

/* ------------------------------------------------------------ output */

static const char *const colors[CLI_COLOR__MAX] = {
	[CLI_RESET] = "\033[0m",
	[CLI_BOLD] = "\033[1m",
	[CLI_RED] = "\033[31m",
	[CLI_GREEN] = "\033[32m",
	[CLI_YELLOW] = "\033[33m",
	[CLI_DIM] = "\033[2m",
};

const char *
cli_c(const struct cli_ctx *ctx, enum cli_color c)
{
	if (!ctx->color_out || (unsigned)c >= CLI_COLOR__MAX)
		return "";
	return colors[c];
}

static void verr(const struct cli_ctx *ctx, const char *fmt, va_list ap)
    ASSURE_PRINTF(2, 0);

static void
verr(const struct cli_ctx *ctx, const char *fmt, va_list ap)
{
	bool color = ctx != NULL && ctx->color_err;

	fprintf(stderr, "%s%s:%s ", color ? colors[CLI_RED] : "", progname,
	    color ? colors[CLI_RESET] : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
cli_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	cli_progress_end(ctx);
	va_start(ap, fmt);
	verr(ctx, fmt, ap);
	va_end(ap);
	return CLI_EXIT_ERROR;
}

int
cli_diag(const struct cli_ctx *ctx, const struct assure_diag *d)
{
	char line[ASSURE_DIAG_SOURCE_MAX + ASSURE_DIAG_FIELD_MAX +
	    ASSURE_DIAG_MSG_MAX + 128];

	assure_diag_format(d, line, sizeof(line));
	return cli_error(ctx, "%s", line);
}

int
cli_usage(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(ctx, fmt, ap);
	va_end(ap);
	if (ctx != NULL && ctx->cmd != NULL)
		fprintf(stderr, "Try '%s %s --help'.\n", progname,
		    ctx->cmd->name);
	else
		fprintf(stderr, "Try '%s --help'.\n", progname);
	return CLI_EXIT_ERROR;
}

void
cli_note(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	cli_progress_end(ctx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool progress_shown;

void
cli_progress(const struct cli_ctx *ctx, const char *label,
    unsigned long long done, unsigned long long total)
{
	if (ctx == NULL || !ctx->progress)
		return;
	if (total > 0)
		fprintf(stderr, "\r\033[K%s: %llu%% (%llu/%llu)", label,
		    done * 100 / total, done, total);
	else
		fprintf(stderr, "\r\033[K%s: %llu", label, done);
	progress_shown = true;
}

void
cli_progress_end(const struct cli_ctx *ctx)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	progress_shown = false;
}

int
cli_write_out(const struct cli_ctx *ctx, const struct assure_buf *b)
{
	if (assure_buf_err(b) != ASSURE_OK)
		return cli_error(ctx, "cannot build the output: %s",
		    assure_strerror(assure_buf_err(b)));
	if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len)
		return cli_error(ctx, "cannot write to standard output: %s",
		    strerror(errno));
	if (fflush(stdout) != 0)
		return cli_error(ctx, "cannot write to standard output: %s",
		    strerror(errno));
	return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ options */

const char *
cli_opt(const struct cli_ctx *ctx, const char *name)
{
	const char *v = NULL;
	int i;

	for (i = 0; i < ctx->nopts; i++)
		if (strcmp(ctx->opts[i].name, name) == 0)
			v = ctx->opts[i].value;
	return v;
}

bool
cli_has(const struct cli_ctx *ctx, const char *name)
{
	return cli_opt(ctx, name) != NULL;
}

const char *
cli_opt_next(const struct cli_ctx *ctx, const char *name, int *iter)
{
	while (*iter < ctx->nopts) {
		const struct cli_optval *o = &ctx->opts[(*iter)++];

		if (strcmp(o->name, name) == 0)
			return o->value;
	}
	return NULL;
}

static const struct cli_option *
find_option(const struct cli_option *opts, const char *name, size_t len)
{
	for (; opts != NULL && opts->name != NULL; opts++)
		if (strlen(opts->name) == len &&
		    strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

/* Print text from column indent, wrapped before column HELP_WIDTH. */
static void
help_wrap(FILE *f, const char *text, int indent, int col)
{
	const char *p = text, *sp;
	int len;

	while (*p != '\0') {
		len = (int)strlen(p);
		if (col + len > HELP_WIDTH) {
			/* Break at the last space that fits, if any. */
			for (sp = p + (HELP_WIDTH - col); sp > p && *sp != ' ';
			    sp--)
				;
			if (sp > p)
				len = (int)(sp - p);
		}
		fprintf(f, "%.*s\n", len, p);
		p += len;
		while (*p == ' ')
			p++;
		if (*p != '\0')
			fprintf(f, "%*s", indent, "");
		col = indent;
	}
}

static void
help_options(const struct cli_option *opts, FILE *f)
{
	char left[64];

	for (; opts != NULL && opts->name != NULL; opts++) {
		snprintf(left, sizeof(left), "--%s%s%s", opts->name,
		    opts->arg != NULL ? " " : "",
		    opts->arg != NULL ? opts->arg : "");
		if (strlen(left) > 22)
			fprintf(f, "  %s\n  %-22s  ", left, "");
		else
			fprintf(f, "  %-22s  ", left);
		help_wrap(f, opts->help, 26, 26);
	}
}

void
cli_help_command(const struct cli_command *cmd, FILE *f)
{
	const struct cli_option *g;

	fprintf(f, "usage: %s %s [options]%s%s\n\n%s.\n", progname, cmd->name,
	    cmd->args != NULL ? " " : "", cmd->args != NULL ? cmd->args : "",
	    cmd->summary);
	if (cmd->description != NULL)
		fprintf(f, "\n%s\n", cmd->description);
	if (cmd->options != NULL && cmd->options[0].name != NULL) {
		fputs("\nOptions:\n", f);
		help_options(cmd->options, f);
	}
	fputs("\nCommon options:\n", f);
	for (g = global_options; g->name != NULL; g++) {
		if (strcmp(g->name, "workspace") == 0 &&
		    !(cmd->flags & CLI_WORKSPACE))
			continue;
		if (strcmp(g->name, "format") == 0 &&
		    !(cmd->flags & CLI_FORMATTED))
			continue;
		help_options((const struct cli_option[]){ *g,
		    { NULL, NULL, NULL, false } }, f);
	}
	fputs("\nExit status: 0 success; 1 failing tests or a failed "
	    "verification;\n2 usage error, bad input or an operational "
	    "failure.\n", f);
}

static void
help_main(FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s [--workspace DIR] [--format text|json] COMMAND "
	    "[ARGS...]\n       %s --version\n\nassure runs a SOC 2 programme: "
	    "scope, evidence, continuous tests and the\nauditor's proof. "
	    "Commands:\n\n", progname, progname);
	for (i = 0; cli_commands[i] != NULL; i++)
		fprintf(f, "  %-12s %s\n", cli_commands[i]->name,
		    cli_commands[i]->summary);
	fprintf(f, "\nRun '%s COMMAND --help' for a command's options, and "
	    "see assure(1).\n", progname);
}

static const struct cli_command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; cli_commands[i] != NULL; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

/*
 * Parse one "--name[=value]" at argv[*i], taking the value from the next
 * argument when needed.  Returns 0, or CLI_EXIT_ERROR after printing.
 */
static int
parse_long(struct cli_ctx *ctx, const struct cli_command *cmd, int argc,
    char **argv, int *i)
{
	const char *arg = argv[*i] + 2, *eq, *value;
	const struct cli_option *o;
	size_t len;

	eq = strchr(arg, '=');
	len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	o = find_option(global_options, arg, len);
	if (o == NULL && cmd != NULL)
		o = find_option(cmd->options, arg, len);
	if (o == NULL)
		return cli_usage(ctx, "unknown option '--%.*s'", (int)len, arg);
	if (o->arg == NULL) {
		if (eq != NULL)
			return cli_usage(ctx, "option '--%s' takes no value",
			    o->name);
		value = "";
	} else if (eq != NULL) {
		value = eq + 1;
	} else {
		if (*i + 1 >= argc)
			return cli_usage(ctx, "option '--%s' needs a value "
			    "(%s)", o->name, o->arg);
		value = argv[++*i];
	}
	if (!o->repeat && cli_has(ctx, o->name) &&
	    strcmp(o->name, "help") != 0)
		return cli_usage(ctx, "option '--%s' given twice", o->name);
	if (ctx->nopts >= CLI_OPT_MAX)
		return cli_usage(ctx, "too many options (at most %d)",
		    CLI_OPT_MAX);
	ctx->opts[ctx->nopts].name = o->name;
	ctx->opts[ctx->nopts].value = value;
	ctx->nopts++;
	return 0;
}

/* Find the workspace: the option, the environment, or upwards from ".". */
static void
resolve_workspace(struct cli_ctx *ctx, char *buf, size_t size)
{
	const char *w = cli_opt(ctx, "workspace");
	char cwd[4096], probe[4200], *slash;
	struct stat st;

	if (w == NULL || *w == '\0') {
		w = getenv("ASSURE_WORKSPACE");
		if (w != NULL && *w == '\0')
			w = NULL;
	} else
		ctx->workspace_given = true;
	if (w != NULL) {
		ctx->workspace_given = true;
		assure_strlcpy(buf, w, size);
		ctx->workspace = buf;
		return;
	}
	ctx->workspace = ".";
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return;
	for (;;) {
		snprintf(probe, sizeof(probe), "%s/assure.yaml", cwd);
		if (stat(probe, &st) == 0) {
			assure_strlcpy(buf, cwd, size);
			ctx->workspace = buf;
			return;
		}
		slash = strrchr(cwd, '/');
		if (slash == NULL || slash == cwd)
			return;
		*slash = '\0';
	}
}

int
main(int argc, char **argv)
{
	static char *args[CLI_ARGS_MAX];
	static char wsbuf[4096];
	struct cli_ctx ctx;
	const struct cli_command *cmd = NULL;
	const char *fmt, *nc, *v;
	bool only_args = false;
	int i, rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.args = args;
	nc = getenv("NO_COLOR");
	ctx.color_out = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
	ctx.color_err = isatty(STDERR_FILENO) && (nc == NULL || *nc == '\0');
	ctx.progress = isatty(STDERR_FILENO);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			if (cmd == NULL) {
				cmd = find_command(a);
				if (cmd == NULL)
					return cli_usage(&ctx, "unknown "
					    "command '%s'", a);
				ctx.cmd = cmd;
				continue;
			}
			if (ctx.nargs >= CLI_ARGS_MAX)
				return cli_usage(&ctx, "too many arguments "
				    "(at most %d)", CLI_ARGS_MAX);
			ctx.args[ctx.nargs++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = true;
			continue;
		}
		if (strcmp(a, "-h") == 0) {
			ctx.opts[ctx.nopts].name = "help";
			ctx.opts[ctx.nopts++].value = "";
			continue;
		}
		if (cmd == NULL && (strcmp(a, "--version") == 0 ||
		    strcmp(a, "-V") == 0)) {
			printf("assure %s\n", ASSURE_VERSION);
			return CLI_EXIT_OK;
		}
		if (a[1] != '-')
			return cli_usage(&ctx, "unknown option '%s'", a);
		rc = parse_long(&ctx, cmd, argc, argv, &i);
		if (rc != 0)
			return rc;
	}
	if (cmd == NULL) {
		if (cli_has(&ctx, "help")) {
			help_main(stdout);
			return CLI_EXIT_OK;
		}
		help_main(stderr);
		return CLI_EXIT_ERROR;
	}
	if (cli_has(&ctx, "help")) {
		cli_help_command(cmd, stdout);
		return CLI_EXIT_OK;
	}
	fmt = cli_opt(&ctx, "format");
	if (fmt != NULL) {
		if (!(cmd->flags & CLI_FORMATTED))
			return cli_usage(&ctx, "'%s' does not take --format",
			    cmd->name);
		if (strcmp(fmt, "json") == 0)
			ctx.format = CLI_FORMAT_JSON;
		else if (strcmp(fmt, "csv") == 0 && (cmd->flags & CLI_CSV))
			ctx.format = CLI_FORMAT_CSV;
		else if (strcmp(fmt, "text") != 0)
			return cli_usage(&ctx, "--format must be text%s or json, "
			    "not '%s'", (cmd->flags & CLI_CSV) ? ", csv" : "",
			    fmt);
	}
	if (cli_has(&ctx, "workspace") && !(cmd->flags & CLI_WORKSPACE))
		return cli_usage(&ctx, "'%s' does not take --workspace",
		    cmd->name);
	/* Through the environment, so that every workspace the command
	 * opens (the server's per-request handles too) sees them. */
	if ((v = cli_opt(&ctx, "db")) != NULL) {
		if (!store_target_is_postgres(v))
			return cli_usage(&ctx, "--db expects a postgres:// or "
			    "postgresql:// URI, not '%s'", v);
		if (setenv(WORKSPACE_DB_ENV, v, 1) != 0)
			return cli_error(&ctx, "--db: %s", strerror(errno));
	}
	/* init's own --org is the organisation's name; its key is made from
	 * it (config_org_from_name()). */
	if ((v = cli_opt(&ctx, "org")) != NULL && (cmd->options == NULL ||
	    find_option(cmd->options, "org", 3) == NULL)) {
		if (!store_org_name_ok(v))
			return cli_usage(&ctx, "--org: '%s' is not an "
			    "organisation name (1 to 63 letters, digits, '.', "
			    "'_' or '-', a letter or digit first)", v);
		if (setenv(WORKSPACE_ORG_ENV, v, 1) != 0)
			return cli_error(&ctx, "--org: %s", strerror(errno));
	}
	if (ctx.format != CLI_FORMAT_TEXT)
		ctx.color_out = false;
	resolve_workspace(&ctx, wsbuf, sizeof(wsbuf));
	return cmd->run(&ctx);
}
