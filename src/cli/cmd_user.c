/*
 * cmd_user.c: `assure user`, the engine's own users (auth/users.h):
 *
 *	user add NAME --role ROLE [--display TEXT] [--period START..END]
 *	user list
 *	user disable NAME
 *	user role NAME ROLE [--period START..END]
 *	user reset-mfa NAME
 *	user passwd NAME
 *	user totp NAME [--confirm CODE]
 *	user token NAME --name LABEL [--role ROLE] [--expires DURATION]
 *	user token NAME --revoke ID
 *	user login NAME [--code CODE]
 *
 * Passwords are read from standard input (one line), or prompted for
 * without echo when it is a terminal; never from the command line.
 */
#include "common/compat.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/users.h"
#include "cli/cli.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "workspace/workspace.h"

static const struct cli_option user_options[] = {
	{ "role", "ROLE", "add, token: admin, manager, owner, auditor or "
	    "viewer", false },
	{ "display", "TEXT", "add: the name shown (default: NAME)", false },
	{ "period", "START..END", "add, role: the period an auditor may see "
	    "(dates)", false },
	{ "confirm", "CODE", "totp: confirm the enrolment with a current "
	    "code", false },
	{ "name", "LABEL", "token: what the token is for", false },
	{ "expires", "DURATION", "token: lifetime such as 90d (default: "
	    "90d; 0: never)", false },
	{ "revoke", "ID", "token: revoke the token ID instead", false },
	{ "code", "CODE", "login: the TOTP code", false },
	{ "by", "USER", "who makes the change, for the ledger (default: "
	    "cli:<Unix user>)", false },
	{ NULL, NULL, NULL, false },
};

#define USER_DEFAULT_EXPIRY	(90 * 86400)

/* The actor recorded in the ledger. */
static void
actor(const struct cli_ctx *ctx, char *out, size_t size)
{
	const char *by = cli_opt(ctx, "by");
	struct passwd *pw;

	if (by != NULL) {
		assure_strlcpy(out, by, size);
		return;
	}
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL)
		snprintf(out, size, "cli:%s", pw->pw_name);
	else
		snprintf(out, size, "cli:uid %lu", (unsigned long)getuid());
}

/*
 * One line of standard input into buf (AUTH_PASSWORD_MAX + 2 bytes),
 * without echo on a terminal.  -1 on EOF or a line too long.
 */
static int
read_secret(const char *prompt, char *buf, size_t size)
{
	struct termios old, noecho;
	bool tty = isatty(STDIN_FILENO);
	size_t n;
	char *r;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) != 0)
			return -1;
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		noecho.c_lflag |= ECHONL;
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho) != 0)
			return -1;
	}
	r = fgets(buf, (int)size, stdin);
	if (tty)
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (r == NULL)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n + 1 >= size)
		return -1;	/* longer than the limit */
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* A new password, twice on a terminal. */
static int
new_password(struct cli_ctx *ctx, const char *name, char *pw, size_t size)
{
	char again[AUTH_PASSWORD_MAX + 2];
	int bad;

	if (read_secret("New password: ", pw, size) != 0)
		return cli_error(ctx, "%s: no password on standard input (at "
		    "most %d characters)", name, AUTH_PASSWORD_MAX);
	if (!isatty(STDIN_FILENO))
		return CLI_EXIT_OK;
	bad = read_secret("Again: ", again, sizeof(again)) != 0 ||
	    strcmp(pw, again) != 0;
	sodium_memzero(again, sizeof(again));
	if (bad)
		return cli_error(ctx, "%s: the passwords differ", name);
	return CLI_EXIT_OK;
}

/* "START..END" as two dates or instants. */
static int
parse_period(const char *s, bool *has, int64_t *start, int64_t *end)
{
	const char *dots;

	*has = false;
	if (s == NULL)
		return 0;
	dots = strstr(s, "..");
	if (dots == NULL || assure_time_parse(s, (size_t)(dots - s),
	    start) != 0 || assure_time_parse(dots + 2, strlen(dots + 2),
	    end) != 0)
		return -1;
	*has = true;
	return 0;
}

static void
list_text(struct assure_buf *out, const struct auth_users *us)
{
	const struct auth_user *u;
	char t1[ASSURE_TIME_STRLEN], t2[ASSURE_TIME_STRLEN];
	size_t i;

	assure_buf_printf(out, "%-24s %-8s %-4s %-9s %s\n", "NAME", "ROLE",
	    "MFA", "STATE", "DISPLAY");
	for (i = 0; i < us->n; i++) {
		u = &us->v[i];
		assure_buf_printf(out, "%-24s %-8s %-4s %-9s %s", u->name,
		    auth_role_name(u->role), u->totp_enrolled ? "yes" : "no",
		    u->disabled ? "disabled" : u->locked_until > assure_now() ?
		    "locked" : "active", u->display);
		if (u->has_period) {
			assure_date_format(u->period_start, t1);
			assure_date_format(u->period_end, t2);
			assure_buf_printf(out, " (period %s..%s)", t1, t2);
		}
		assure_buf_addc(out, '\n');
	}
}

static void
list_json(struct assure_buf *out, const struct auth_users *us)
{
	const struct auth_user *u;
	struct jsonw w;
	size_t i;

	jsonw_init(&w, out, true);
	jsonw_arr_open(&w);
	for (i = 0; i < us->n; i++) {
		u = &us->v[i];
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", u->name);
		jsonw_kstr(&w, "display", u->display);
		jsonw_kstr(&w, "role", auth_role_name(u->role));
		jsonw_ktime(&w, "period_start", u->period_start,
		    u->has_period);
		jsonw_ktime(&w, "period_end", u->period_end, u->has_period);
		jsonw_kbool(&w, "mfa", u->totp_enrolled);
		jsonw_kbool(&w, "disabled", u->disabled);
		jsonw_ktime(&w, "locked_until", u->locked_until,
		    u->locked_until != 0);
		jsonw_ktime(&w, "created_at", u->created_at, true);
		jsonw_ktime(&w, "updated_at", u->updated_at, true);
		jsonw_kstr(&w, "updated_by", u->updated_by);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	assure_buf_addc(out, '\n');
}

static int
role_arg(struct cli_ctx *ctx, const char *s, enum auth_role *r)
{
	if (s == NULL || auth_role_parse(s, r) != 0)
		return cli_usage(ctx, "a role is one of admin, manager, owner, "
		    "auditor, viewer (not '%s')", s != NULL ? s : "");
	return CLI_EXIT_OK;
}

static int
do_totp(struct cli_ctx *ctx, struct workspace *ws, const char *name,
    const char *by, struct assure_buf *out, struct assure_diag *d)
{
	const char *code = cli_opt(ctx, "confirm");
	unsigned char key[AUTH_KEY_LEN];
	char uri[AUTH_URI_MAX];
	int ret = CLI_EXIT_OK;
	enum assure_err rc;

	if (auth_key_load(ws->dotdir, key, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	if (code != NULL) {
		rc = user_totp_confirm(ws->store, ws->ledger, key, name, code,
		    by, assure_now(), d);
		sodium_memzero(key, sizeof(key));
		if (rc == ASSURE_ERR_PERM) {
			(void)cli_diag(ctx, d);
			return CLI_EXIT_FAIL;	/* a wrong code: denied */
		}
		if (rc != ASSURE_OK)
			return cli_diag(ctx, d);
		assure_buf_printf(out, "TOTP enrolled for %s\n", name);
		return CLI_EXIT_OK;
	}
	rc = user_totp_enrol(ws->store, key, name, uri, sizeof(uri), d);
	sodium_memzero(key, sizeof(key));
	if (rc != ASSURE_OK)
		return cli_diag(ctx, d);
	assure_buf_printf(out, "Scan this with an authenticator app, or "
	    "enter the URI; it is shown only now:\n\n%s\n\n", uri);
	if (qr_text(uri, out) != ASSURE_OK)
		ret = cli_error(ctx, "%s: the QR code could not be made", name);
	assure_buf_printf(out, "\nThen: assure user totp %s --confirm CODE\n",
	    name);
	sodium_memzero(uri, sizeof(uri));
	return ret;
}

static int
do_token(struct cli_ctx *ctx, struct workspace *ws, const char *name,
    const char *by, struct assure_buf *out, struct assure_diag *d)
{
	const char *label = cli_opt(ctx, "name"), *rs = cli_opt(ctx, "role");
	const char *ex = cli_opt(ctx, "expires"), *rev = cli_opt(ctx, "revoke");
	char text[AUTH_TOKEN_TEXT_MAX], id[AUTH_TOKEN_ID_LEN + 1];
	char t[ASSURE_TIME_STRLEN];
	struct auth_user u;
	enum auth_role role;
	int64_t now = assure_now(), secs = USER_DEFAULT_EXPIRY;
	int ret;

	if (rev != NULL) {
		if (label != NULL || rs != NULL || ex != NULL)
			return cli_usage(ctx, "user token --revoke takes no "
			    "--name, --role or --expires");
		if (token_revoke(ws->store, ws->ledger, name, rev, by, now,
		    d) != ASSURE_OK)
			return cli_diag(ctx, d);
		assure_buf_printf(out, "Revoked token %s of %s\n", rev, name);
		return CLI_EXIT_OK;
	}
	if (label == NULL)
		return cli_usage(ctx, "user token needs --name LABEL or "
		    "--revoke ID");
	if (user_get(ws->store, name, &u, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	role = u.role;
	if (rs != NULL && (ret = role_arg(ctx, rs, &role)) != CLI_EXIT_OK)
		return ret;
	if (ex != NULL && strcmp(ex, "0") == 0)
		secs = 0;
	else if (ex != NULL && (assure_duration_parse(ex, &secs) != 0 ||
	    secs <= 0))
		return cli_usage(ctx, "--expires: '%s' is not a duration such "
		    "as 90d, or 0", ex);
	if (token_create(ws->store, ws->ledger, name, label, role,
	    secs == 0 ? 0 : now + secs, by, now, text, id, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	if (secs != 0)
		assure_time_format(now + secs, t);
	assure_buf_printf(out, "%s\n", text);
	cli_note(ctx, "token %s of %s (%s, role %s, expires %s): shown only "
	    "now, keep it secret", id, name, label, auth_role_name(role),
	    secs == 0 ? "never" : t);
	sodium_memzero(text, sizeof(text));
	return CLI_EXIT_OK;
}

static int
do_login(struct cli_ctx *ctx, struct workspace *ws, const char *name,
    struct assure_buf *out, struct assure_diag *d)
{
	unsigned char key[AUTH_KEY_LEN];
	char pw[AUTH_PASSWORD_MAX + 2];
	enum auth_outcome o;
	struct auth_lock lock;
	struct auth_user u;
	enum assure_err rc;

	if (auth_key_load(ws->dotdir, key, d) != ASSURE_OK)
		return cli_diag(ctx, d);
	if (read_secret("Password: ", pw, sizeof(pw)) != 0) {
		sodium_memzero(key, sizeof(key));
		return cli_error(ctx, "%s: no password on standard input",
		    name);
	}
	lock.failures = ws->cfg.server.login_attempts;
	lock.seconds = ws->cfg.server.lockout;
	rc = user_authenticate_lock(ws->store, ws->ledger, key, name, pw,
	    cli_opt(ctx, "code"), &lock, assure_now(), &o, &u, d);
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(key, sizeof(key));
	if (rc != ASSURE_OK)
		return cli_diag(ctx, d);
	if (o != AUTH_OK) {
		cli_error(ctx, "%s: login refused: %s", name,
		    auth_outcome_name(o));
		return CLI_EXIT_FAIL;
	}
	assure_buf_printf(out, "ok %s %s\n", u.name, auth_role_name(u.role));
	return CLI_EXIT_OK;
}

static int
run_user(struct cli_ctx *ctx)
{
	static const struct {
		const char	*verb;
		int		 nargs;
	} verbs[] = {
		{ "add", 2 }, { "list", 1 }, { "disable", 2 }, { "role", 3 },
		{ "reset-mfa", 2 }, { "passwd", 2 }, { "totp", 2 },
		{ "token", 2 }, { "login", 2 },
	};
	struct workspace *ws = NULL;
	struct assure_diag d;
	struct assure_buf out;
	struct auth_users us;
	enum auth_role role = AUTH_ROLE_VIEWER;
	char by[AUTH_BY_MAX + 1], pw[AUTH_PASSWORD_MAX + 2];
	const char *verb, *name = NULL;
	bool has_period;
	int64_t ps = 0, pe = 0, now = assure_now();
	size_t i;
	int ret = CLI_EXIT_OK;

	if (ctx->nargs < 1)
		return cli_usage(ctx, "user needs add, list, disable, role, "
		    "reset-mfa, passwd, totp, token or login");
	verb = ctx->args[0];
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verb, verbs[i].verb) == 0)
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0]))
		return cli_usage(ctx, "unknown user subcommand '%s'", verb);
	if (ctx->nargs != verbs[i].nargs)
		return cli_usage(ctx, "user %s takes %d argument%s", verb,
		    verbs[i].nargs - 1, verbs[i].nargs == 2 ? "" : "s");
	if (ctx->nargs > 1)
		name = ctx->args[1];
	if (parse_period(cli_opt(ctx, "period"), &has_period, &ps, &pe) != 0)
		return cli_usage(ctx, "--period: '%s' is not START..END (two "
		    "dates)", cli_opt(ctx, "period"));
	if (strcmp(verb, "add") == 0 && (ret = role_arg(ctx,
	    cli_opt(ctx, "role"), &role)) != CLI_EXIT_OK)
		return ret;
	if (strcmp(verb, "role") == 0 && (ret = role_arg(ctx, ctx->args[2],
	    &role)) != CLI_EXIT_OK)
		return ret;
	if (strcmp(verb, "token") != 0 && (cli_has(ctx, "name") ||
	    cli_has(ctx, "expires") || cli_has(ctx, "revoke")))
		return cli_usage(ctx, "--name, --expires and --revoke are for "
		    "user token");
	actor(ctx, by, sizeof(by));
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, 0, &ws, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	assure_buf_init(&out, 0);
	if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
		ret = new_password(ctx, name, pw, sizeof(pw));
		if (ret == CLI_EXIT_OK && strcmp(verb, "add") == 0) {
			if (user_add(ws->store, ws->ledger, name,
			    cli_opt(ctx, "display"), role, has_period, ps, pe,
			    pw, by, now, &d) != ASSURE_OK)
				ret = cli_diag(ctx, &d);
			else {
				assure_buf_printf(&out, "Added %s (%s)\n",
				    name, auth_role_name(role));
				if (auth_role_needs_mfa(role))
					cli_note(ctx, "%s must enrol TOTP "
					    "before signing in: assure user "
					    "totp %s", name, name);
			}
		} else if (ret == CLI_EXIT_OK) {
			if (user_password_set(ws->store, ws->ledger, name, pw,
			    by, now, &d) != ASSURE_OK)
				ret = cli_diag(ctx, &d);
			else
				assure_buf_printf(&out, "Password changed for "
				    "%s\n", name);
		}
		sodium_memzero(pw, sizeof(pw));
	} else if (strcmp(verb, "list") == 0) {
		if (user_list(ws->store, &us, &d) != ASSURE_OK)
			ret = cli_diag(ctx, &d);
		else if (ctx->format == CLI_FORMAT_JSON)
			list_json(&out, &us);
		else
			list_text(&out, &us);
		auth_users_release(&us);
	} else if (strcmp(verb, "disable") == 0) {
		if (user_disable(ws->store, ws->ledger, name, by, now, &d) !=
		    ASSURE_OK)
			ret = cli_diag(ctx, &d);
		else
			assure_buf_printf(&out, "Disabled %s\n", name);
	} else if (strcmp(verb, "role") == 0) {
		if (user_set_role(ws->store, ws->ledger, name, role,
		    has_period, ps, pe, by, now, &d) != ASSURE_OK)
			ret = cli_diag(ctx, &d);
		else
			assure_buf_printf(&out, "%s is now %s\n", name,
			    auth_role_name(role));
	} else if (strcmp(verb, "reset-mfa") == 0) {
		if (user_reset_mfa(ws->store, ws->ledger, name, by, now, &d) !=
		    ASSURE_OK)
			ret = cli_diag(ctx, &d);
		else
			assure_buf_printf(&out, "TOTP reset for %s; enrol "
			    "again with assure user totp %s\n", name, name);
	} else if (strcmp(verb, "totp") == 0)
		ret = do_totp(ctx, ws, name, by, &out, &d);
	else if (strcmp(verb, "token") == 0)
		ret = do_token(ctx, ws, name, by, &out, &d);
	else
		ret = do_login(ctx, ws, name, &out, &d);
	if (ret == CLI_EXIT_OK || ret == CLI_EXIT_FAIL) {
		int w = cli_write_out(ctx, &out);

		if (w != CLI_EXIT_OK)
			ret = w;
	}
	/* The token or the TOTP URI may be in it. */
	if (out.data != NULL)
		sodium_memzero(out.data, out.cap);
	assure_buf_free(&out);
	workspace_close(ws);
	return ret;
}

const struct cli_command cmd_user_def = {
	.name = "user",
	.args = "add|list|disable|role|reset-mfa|passwd|totp|token|login "
	    "[NAME] ...",
	.summary = "Manage the engine's own users, TOTP and API tokens",
	.description = "The users of the dashboard and the HTTP API.  "
	    "Passwords are read from standard\ninput (or prompted for "
	    "without echo), at least 12 characters, and stored\nas Argon2id "
	    "hashes.  The admin and manager roles need TOTP.  Every change\n"
	    "is a ledger entry, and so is every login and failed login.",
	.options = user_options,
	.words = (const char *const[]){ "add", "list", "disable", "role",
	    "reset-mfa", "passwd", "totp", "token", "login", NULL },
	.run = run_user,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
