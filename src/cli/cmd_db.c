/*
 * cmd_db.c: the store itself, apart from any one workspace's programme:
 *
 *	assure db status	the backend, the database (its password
 *				hidden), the schema version against this
 *				build's, the organisations, and on
 *				PostgreSQL whether the role is bound by
 *				row-level security
 *	assure db migrate	bring the schema up to date
 *	assure org create NAME	add an organisation (PostgreSQL)
 *	assure org list		the organisations
 *
 * The database is --db (or $ASSURE_DB) when given, so that an operator
 * can run these with no workspace at hand; else the workspace's store.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/jsonw.h"
#include "common/timeutil.h"
#include "store/migrate.h"
#include "store/store.h"
#include "workspace/workspace.h"

struct target {
	char	 uri[WORKSPACE_PATH_MAX];
	char	 shown[WORKSPACE_PATH_MAX];
	/* The workspace's organisation, when the store is a workspace's. */
	char	 ws_org[STORE_ORG_MAX];
};

/*
 * The database: $ASSURE_DB (--db set it), else the SQLite file of the
 * workspace, whose settings are read for its organisation.
 */
static int
resolve(struct cli_ctx *ctx, struct target *t)
{
	const char *db = getenv(WORKSPACE_DB_ENV);
	struct workspace *ws = NULL;
	struct assure_diag d;

	memset(t, 0, sizeof(*t));
	if (db != NULL && *db != '\0') {
		if (!store_target_is_postgres(db))
			return cli_usage(ctx, "$%s must be a postgres:// or "
			    "postgresql:// URI", WORKSPACE_DB_ENV);
		assure_strlcpy(t->uri, db, sizeof(t->uri));
	} else {
		/* Read-only: nothing is migrated by looking. */
		assure_diag_clear(&d);
		if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws,
		    &d) != ASSURE_OK)
			return cli_diag(ctx, &d);
		assure_strlcpy(t->uri, ws->db_target, sizeof(t->uri));
		assure_strlcpy(t->ws_org, ws->org, sizeof(t->ws_org));
		workspace_close(ws);
	}
	store_target_display(t->uri, t->shown, sizeof(t->shown));
	return CLI_EXIT_OK;
}

struct orgs {
	struct jsonw	*w;
	struct assure_buf *out;
	size_t		 n;
};

static enum assure_err
org_row(const struct store_val *c, int n, void *arg)
{
	struct orgs *o = arg;
	char t[ASSURE_TIME_STRLEN];

	if (n < 2 || c[0].type != STORE_TEXT)
		return ASSURE_ERR_DB;
	o->n++;
	if (o->w != NULL) {
		jsonw_obj_open(o->w);
		jsonw_kstr(o->w, "name", c[0].s);
		jsonw_ktime(o->w, "created_at", c[1].i, c[1].type ==
		    STORE_INT);
		jsonw_obj_close(o->w);
	} else if (o->out != NULL) {
		t[0] = '\0';
		if (c[1].type == STORE_INT)
			assure_time_format(c[1].i, t);
		assure_buf_printf(o->out, "%-32s %s\n", c[0].s, t);
	}
	return ASSURE_OK;
}

static int
db_status(struct cli_ctx *ctx, const struct target *t)
{
	struct store *s = NULL;
	struct assure_diag d;
	struct assure_buf out;
	struct orgs o;
	struct jsonw w;
	int64_t have = 0, want = 0;
	char role[128];
	bool bypass = false, has_role = false, migrated = true;
	int ret;

	assure_diag_clear(&d);
	if (store_open(t->uri, STORE_READONLY, &s, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (store_schema_version(s, &have, &want, &d) != ASSURE_OK) {
		/* A database never migrated has no version table. */
		const struct migration *m;

		migrated = false;
		have = 0;
		want = 0;
		for (m = s->ops->migrations; m->name != NULL; m++)
			if (m->version > want)
				want = m->version;
	}
	assure_diag_clear(&d);
	if (store_has_orgs(s)) {
		if (store_pg_role_info(s, &bypass, role, sizeof(role), &d) !=
		    ASSURE_OK) {
			ret = cli_diag(ctx, &d);
			store_close(s);
			return ret;
		}
		has_role = true;
	}
	assure_buf_init(&out, 0);
	memset(&o, 0, sizeof(o));
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "backend", s->ops->name);
		jsonw_kstr(&w, "database", t->shown);
		jsonw_kint(&w, "schema_version", (long long)have);
		jsonw_kint(&w, "schema_version_known", (long long)want);
		jsonw_kbool(&w, "up_to_date", migrated && have == want);
		if (has_role) {
			jsonw_kstr(&w, "role", role);
			jsonw_kbool(&w, "row_level_security", !bypass);
		}
		jsonw_key(&w, "organisations");
		jsonw_arr_open(&w);
		o.w = &w;
		if (!store_has_orgs(s) && t->ws_org[0] != '\0') {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "name", t->ws_org);
			jsonw_obj_close(&w);
		}
	} else {
		assure_buf_printf(&out, "Backend:        %s\n", s->ops->name);
		assure_buf_printf(&out, "Database:       %s\n", t->shown);
		assure_buf_printf(&out, "Schema:         version %lld of %lld"
		    "%s\n", (long long)have, (long long)want, !migrated ?
		    " (never migrated: assure db migrate)" : have < want ?
		    " (behind: assure db migrate)" : "");
		if (has_role)
			assure_buf_printf(&out, "Role:           %s%s\n", role,
			    bypass ? " (superuser or BYPASSRLS: row-level "
			    "security does not bind it; connect as an ordinary "
			    "role)" : " (bound by row-level security)");
		if (!store_has_orgs(s))
			assure_buf_printf(&out, "Organisation:   %s (a %s "
			    "store holds one)\n", t->ws_org, s->ops->name);
		else
			assure_buf_adds(&out, "Organisations:\n");
	}
	if (store_has_orgs(s) && migrated) {
		o.out = ctx->format == CLI_FORMAT_JSON ? NULL : &out;
		if (store_org_list(s, org_row, &o, &d) != ASSURE_OK) {
			ret = cli_diag(ctx, &d);
			goto done;
		}
		if (o.n == 0 && ctx->format != CLI_FORMAT_JSON)
			assure_buf_adds(&out, "  (none: assure org create "
			    "NAME)\n");
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
		assure_buf_addc(&out, '\n');
	}
	ret = cli_write_out(ctx, &out);
done:
	assure_buf_free(&out);
	store_close(s);
	return ret;
}

static int
db_migrate(struct cli_ctx *ctx, const struct target *t)
{
	struct store *s = NULL;
	struct assure_diag d;
	struct assure_buf out;
	int64_t before = 0, after = 0, want = 0;
	int ret;

	assure_diag_clear(&d);
	/* The version before, read-only (a fresh database has none). */
	if (store_open(t->uri, STORE_READONLY, &s, &d) == ASSURE_OK) {
		if (store_schema_version(s, &before, &want, NULL) != ASSURE_OK)
			before = 0;
		store_close(s);
		s = NULL;
	}
	assure_diag_clear(&d);
	if (store_open(t->uri, STORE_CREATE, &s, &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	if (store_schema_version(s, &after, &want, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		store_close(s);
		return ret;
	}
	store_close(s);
	assure_buf_init(&out, 0);
	if (before == after)
		assure_buf_printf(&out, "%s: schema at version %lld, up to "
		    "date\n", t->shown, (long long)after);
	else
		assure_buf_printf(&out, "%s: schema migrated from version %lld "
		    "to %lld\n", t->shown, (long long)before, (long long)after);
	ret = cli_write_out(ctx, &out);
	assure_buf_free(&out);
	return ret;
}

static int
run_db(struct cli_ctx *ctx)
{
	struct target t;
	int ret;

	if (ctx->nargs != 1 || (strcmp(ctx->args[0], "status") != 0 &&
	    strcmp(ctx->args[0], "migrate") != 0))
		return cli_usage(ctx, "db needs status or migrate");
	if ((ret = resolve(ctx, &t)) != CLI_EXIT_OK)
		return ret;
	if (strcmp(ctx->args[0], "status") == 0)
		return db_status(ctx, &t);
	return db_migrate(ctx, &t);
}

const struct cli_command cmd_db_def = {
	.name = "db",
	.args = "status | migrate",
	.summary = "Show the store's backend, schema and organisations, or "
	    "migrate it",
	.description = "The store is --db URI (or $ASSURE_DB), a PostgreSQL "
	    "database, when given;\nelse the workspace's SQLite file.\n\n"
	    "status shows the backend, the database (a password in the URI "
	    "hidden),\nthe schema version against the newest this build "
	    "knows, and the\norganisations.  On PostgreSQL it also names the "
	    "role connected and\nwhether row-level security binds it: a "
	    "superuser or a BYPASSRLS role is\nnot bound, and should not be "
	    "what assure connects as.  It changes nothing.\n\n"
	    "migrate applies the migrations this build has and the database "
	    "lacks, each\nin its own transaction; processes migrating at "
	    "once queue.  Every other\ncommand also migrates when it opens "
	    "the store for writing.",
	.words = (const char *const[]){ "status", "migrate", NULL },
	.run = run_db,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};

static int
run_org(struct cli_ctx *ctx)
{
	struct target t;
	struct store *s = NULL;
	struct assure_diag d;
	struct assure_buf out;
	struct jsonw w;
	struct orgs o;
	bool create;
	int ret;

	if (ctx->nargs < 1 || (strcmp(ctx->args[0], "create") != 0 &&
	    strcmp(ctx->args[0], "list") != 0))
		return cli_usage(ctx, "org needs create NAME or list");
	create = strcmp(ctx->args[0], "create") == 0;
	if (create && ctx->nargs != 2)
		return cli_usage(ctx, "org create needs one NAME");
	if (!create && ctx->nargs != 1)
		return cli_usage(ctx, "org list takes no argument");
	if (create && !store_org_name_ok(ctx->args[1]))
		return cli_usage(ctx, "'%s' is not an organisation name (1 to "
		    "63 letters, digits, '.', '_' or '-', a letter or digit "
		    "first)", ctx->args[1]);
	if ((ret = resolve(ctx, &t)) != CLI_EXIT_OK)
		return ret;
	assure_diag_clear(&d);
	if (store_open(t.uri, create ? STORE_CREATE : STORE_READONLY, &s,
	    &d) != ASSURE_OK)
		return cli_diag(ctx, &d);
	assure_buf_init(&out, 0);
	if (create) {
		enum assure_err rc;

		rc = store_org_create(s, ctx->args[1], assure_now(), &d);
		if (rc != ASSURE_OK) {
			if (rc == ASSURE_ERR_CONFLICT)
				assure_diag_set(&d, ASSURE_ERR_CONFLICT, NULL,
				    0, 0, NULL, "%s already holds organisation "
				    "'%s'", t.shown, ctx->args[1]);
			ret = cli_diag(ctx, &d);
			goto done;
		}
		assure_buf_printf(&out, "Created organisation %s in %s\n",
		    ctx->args[1], t.shown);
		ret = cli_write_out(ctx, &out);
		goto done;
	}
	memset(&o, 0, sizeof(o));
	if (ctx->format == CLI_FORMAT_JSON) {
		jsonw_init(&w, &out, true);
		jsonw_arr_open(&w);
		o.w = &w;
	} else
		o.out = &out;
	if (!store_has_orgs(s)) {
		/* One: the workspace's, kept in no table. */
		if (o.w != NULL) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "name", t.ws_org);
			jsonw_obj_close(&w);
		} else
			assure_buf_printf(&out, "%s\n", t.ws_org);
	} else if (store_org_list(s, org_row, &o, &d) != ASSURE_OK) {
		ret = cli_diag(ctx, &d);
		goto done;
	}
	if (o.w != NULL) {
		jsonw_arr_close(&w);
		assure_buf_addc(&out, '\n');
	}
	ret = cli_write_out(ctx, &out);
done:
	assure_buf_free(&out);
	store_close(s);
	return ret;
}

const struct cli_command cmd_org_def = {
	.name = "org",
	.args = "create NAME | list",
	.summary = "Add an organisation to a PostgreSQL store, or list them",
	.description = "One PostgreSQL database holds many organisations; "
	    "each workspace names its\nown (org in assure.yaml) and reads "
	    "and writes only its rows, enforced by\nrow-level security.  "
	    "create adds NAME (1 to 63 letters, digits, '.', '_'\nor '-', "
	    "a letter or digit first); 'assure init' with --db creates the\n"
	    "workspace's own.  list shows each with when it was created.  A "
	    "SQLite store\nholds one organisation, the workspace's: create "
	    "is refused there and list\nshows that one.  The database is "
	    "--db (or $ASSURE_DB), else the\nworkspace's.",
	.words = (const char *const[]){ "create", "list", NULL },
	.run = run_org,
	.flags = CLI_WORKSPACE | CLI_FORMATTED,
};
