/*
 * cmd_secret.c: the workspace's secrets (secret/secret.h):
 *
 *	assure secret set NAME	store standard input as NAME (one trailing
 *				newline dropped): never an argument, which
 *				ps and the shell's history would show
 *	assure secret list	the names, never the values
 *	assure secret rm NAME	remove it
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "common/jsonw.h"
#include "secret/secret.h"
#include "workspace/workspace.h"

static const struct cli_option secret_options[] = {
	{ NULL, NULL, NULL, false },
};

/* Standard input into guarded memory: at most SECRET_VALUE_MAX + 1
 * bytes, so that one byte too many is noticed. */
static int
read_value(struct cli_ctx *ctx, const char *name, char **ret, size_t *ret_len)
{
	size_t cap = SECRET_VALUE_MAX + 2, len = 0;
	char *v;
	ssize_t n;

	/* sodium_malloc needs the library's page size first. */
	if (sodium_init() < 0)
		return cli_error(ctx, "%s: cannot initialise libsodium", name);
	v = sodium_malloc(cap);
	if (v == NULL)
		return cli_error(ctx, "%s: out of memory", name);
	if (isatty(STDIN_FILENO))
		cli_note(ctx, "reading the value of %s from standard input "
		    "(end with Control-D)", name);
	while (len < cap - 1) {
		n = read(STDIN_FILENO, v + len, cap - 1 - len);
		if (n < 0) {
			sodium_free(v);
			return cli_error(ctx, "%s: cannot read standard input",
			    name);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > 0 && v[len - 1] == '\n') {
		len--;
		if (len > 0 && v[len - 1] == '\r')
			len--;
	}
	if (len == 0) {
		sodium_free(v);
		return cli_error(ctx, "%s: the value on standard input is "
		    "empty", name);
	}
	if (len > SECRET_VALUE_MAX) {
		sodium_free(v);
		return cli_error(ctx, "%s: the value is longer than %d bytes",
		    name, SECRET_VALUE_MAX);
	}
	v[len] = '\0';
	*ret = v;
	*ret_len = len;
	return CLI_EXIT_OK;
}

struct listing {
	struct assure_buf	*out;
	struct jsonw		*w;
};

static enum assure_err
list_one(const char *name, void *arg)
{
	struct listing *l = arg;

	if (l->w != NULL)
		jsonw_str(l->w, name);
	else
		assure_buf_printf(l->out, "%s\n", name);
	return ASSURE_OK;
}

static int
run_secret(struct cli_ctx *ctx)
{
	struct workspace *ws = NULL;
	struct assure_diag d;
	struct assure_buf out;
	struct listing l;
	struct jsonw w;
	const char *verb = ctx->nargs > 0 ? ctx->args[0] : NULL;
	char *value = NULL;
	size_t len = 0;
	int ret;

	if (verb == NULL)
		return cli_usage(ctx, "secret needs set, list or rm");
	if (strcmp(verb, "list") == 0 ? ctx->nargs != 1 :
	    ctx->nargs != 2)
		return cli_usage(ctx, "secret %s takes %s", verb,
		    strcmp(verb, "list") == 0 ? "no argument" : "one NAME");
	if (strcmp(verb, "set") != 0 && strcmp(verb, "list") != 0 &&
	    strcmp(verb, "rm") != 0)
		return cli_usage(ctx, "unknown secret command %s", verb);
	if (ctx->nargs == 2 && !secret_name_ok(ctx->args[1]))
		return cli_usage(ctx, "a secret's name is 1 to %d of a-z, 0-9 "
		    "and '-', a letter first", SECRET_NAME_MAX - 1);
	assure_diag_clear(&d);
	/* Read-only: the store is not needed, only where .assure/ is. */
	if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	ret = CLI_EXIT_OK;
	if (strcmp(verb, "set") == 0) {
		ret = read_value(ctx, ctx->args[1], &value, &len);
		if (ret == CLI_EXIT_OK && secret_set(ws->dotdir, ctx->args[1],
		    value, len, &d) != ASSURE_OK)
			ret = cli_diag(ctx, &d);
		sodium_free(value);
		if (ret == CLI_EXIT_OK)
			cli_note(ctx, "secret %s set", ctx->args[1]);
	} else if (strcmp(verb, "rm") == 0) {
		if (secret_remove(ws->dotdir, ctx->args[1], &d) != ASSURE_OK)
			ret = cli_diag(ctx, &d);
	} else {
		assure_buf_init(&out, 0);
		memset(&l, 0, sizeof(l));
		l.out = &out;
		if (ctx->format == CLI_FORMAT_JSON) {
			jsonw_init(&w, &out, true);
			jsonw_arr_open(&w);
			l.w = &w;
		}
		if (secret_list(ws->dotdir, list_one, &l, &d) != ASSURE_OK)
			ret = cli_diag(ctx, &d);
		else {
			if (l.w != NULL) {
				jsonw_arr_close(&w);
				assure_buf_addc(&out, '\n');
			}
			ret = cli_write_out(ctx, &out);
		}
		assure_buf_free(&out);
	}
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_secret_def = {
	.name = "secret",
	.args = "set NAME | list | rm NAME",
	.summary = "Store, list or remove the collectors' credentials",
	.description = "set stores standard input (one trailing newline "
	    "dropped) as the secret NAME,\nencrypted under the workspace's "
	    "key in .assure/ (never as an argument,\nwhich ps and the shell's "
	    "history would keep).  list shows the names, never\nthe values.  "
	    "rm removes one.  The collectors read theirs by name, e.g.\n"
	    "github-token, else from an environment variable.",
	.options = secret_options,
	.words = (const char *const[]){ "set", "list", "rm", NULL },
	.run = run_secret,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
