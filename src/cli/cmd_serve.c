/*
 * cmd_serve.c: `assure serve`: the dashboard and the JSON API of the
 * workspace over HTTP (src/web/server.h) until SIGINT or SIGTERM.
 */
#include "common/compat.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "collect/schedule.h"
#include "common/timeutil.h"
#include "web/server.h"
#include "web/auth_hook.h"
#include "workspace/design.h"
#include "workspace/workspace.h"

static const struct cli_option serve_options[] = {
	{ "listen", "ADDR:PORT", "listen here instead of server.listen in "
	    "assure.yaml (default 127.0.0.1:8080)", false },
	{ "tls-cert", "FILE", "serve HTTPS with this PEM certificate "
	    "(chain)", false },
	{ "tls-key", "FILE", "the PEM private key of --tls-cert", false },
	{ "insecure-listen", NULL, "allow a non-loopback address without "
	    "TLS", false },
	{ NULL, NULL, NULL, false },
};

/*
 * The schedules of assure.yaml's collect: section (collect/schedule.h),
 * in a thread of their own: it sleeps until the next thing is due, or
 * until told to stop.  A collection under way when the server is told to
 * stop is finished first (its run must close, complete or not).
 */
struct scheduler {
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	bool			 stop;
	struct schedule		 s;
	const char		*root;
	const struct config	*cfg;
};

static void
sched_log(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "assure serve: %s\n", line);
}

static void *
sched_main(void *arg)
{
	struct scheduler *sc = arg;
	struct assure_diag d;
	struct timespec ts;
	int64_t next, now;

	pthread_mutex_lock(&sc->mu);
	while (!sc->stop) {
		pthread_mutex_unlock(&sc->mu);
		now = assure_now();
		assure_diag_clear(&d);
		if (schedule_tick(&sc->s, sc->root, sc->cfg, now, &next, &d) !=
		    ASSURE_OK) {
			sched_log(NULL, d.msg);
			/* The workspace could not be opened: try again in a
			 * minute rather than spin. */
			next = now + 60;
		}
		pthread_mutex_lock(&sc->mu);
		if (next == INT64_MAX)
			break;
		/* The schedule's clock is assure_now(); the wait is on the
		 * system's, which the two share outside of tests. */
		ts.tv_sec = (time_t)(next > now ? next : now + 1);
		ts.tv_nsec = 0;
		while (!sc->stop && pthread_cond_timedwait(&sc->cv, &sc->mu,
		    &ts) == 0)
			;
	}
	pthread_mutex_unlock(&sc->mu);
	return NULL;
}

static int
run_serve(struct cli_ctx *ctx)
{
	struct scheduler sc;
	bool scheduled = false;
	struct workspace *ws = NULL, *wsw = NULL;
	struct web_auth_store auth;
	struct web_auth_ops ops;
	struct web_server *srv = NULL;
	struct web_options o;
	struct design des;
	struct assure_diag d;
	sigset_t set;
	char host[SERVER_LISTEN_MAX], why[128];
	const char *listen;
	unsigned port;
	int sig;

	if (ctx->nargs > 0)
		return cli_usage(ctx, "serve takes no arguments");
	listen = cli_opt(ctx, "listen");
	if (listen != NULL && config_parse_listen(listen, host, sizeof(host),
	    &port, why, sizeof(why)) != 0)
		return cli_usage(ctx, "--listen %s: %s", listen, why);
	assure_diag_clear(&d);
	if (workspace_open(ctx->workspace, WORKSPACE_READONLY, &ws, &d) !=
	    ASSURE_OK)
		return cli_diag(ctx, &d);
	/* The design the pages show: loaded once, as the server starts. */
	if (design_load(ws, &des, &d) != ASSURE_OK) {
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	memset(&o, 0, sizeof(o));
	o.ws = ws;
	o.des = &des;
	/* Users, sessions and tokens: a read-write handle of the workspace
	 * of their own, for sign-ins and their ledger entries. */
	if (workspace_open(ctx->workspace, 0, &wsw, &d) != ASSURE_OK ||
	    web_auth_store_init(&auth, wsw, &ops, &d) != ASSURE_OK) {
		workspace_close(wsw);
		design_release(&des);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	o.auth = &ops;
	o.listen = listen;
	o.tls_cert_file = cli_opt(ctx, "tls-cert");
	o.tls_key_file = cli_opt(ctx, "tls-key");
	o.insecure_listen = cli_has(ctx, "insecure-listen");
	/* The server's threads inherit the mask: the signals come here. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (web_server_start(&o, &srv, &d) != ASSURE_OK) {
		web_auth_store_release(&auth);
		workspace_close(wsw);
		design_release(&des);
		workspace_close(ws);
		return cli_diag(ctx, &d);
	}
	listen = listen != NULL ? listen : ws->cfg.server.listen;
	config_parse_listen(listen, host, sizeof(host), &port, why,
	    sizeof(why));
	printf("Serving %s on %s://%s%s%s:%u/ (Ctrl-C stops)\n",
	    ws->cfg.organisation, web_server_tls(srv) ? "https" : "http",
	    strchr(host, ':') != NULL ? "[" : "", host,
	    strchr(host, ':') != NULL ? "]" : "", web_server_port(srv));
	fflush(stdout);
	memset(&sc, 0, sizeof(sc));
	if (schedule_wanted(&ws->cfg)) {
		sc.root = ws->root;
		sc.cfg = &ws->cfg;
		sc.s.log = sched_log;
		if (schedule_init(&sc.s, ws->root, &ws->cfg, assure_now(), &d) !=
		    ASSURE_OK)
			cli_diag(ctx, &d);
		else {
			pthread_mutex_init(&sc.mu, NULL);
			pthread_cond_init(&sc.cv, NULL);
			scheduled = pthread_create(&sc.thread, NULL, sched_main,
			    &sc) == 0;
			if (scheduled)
				cli_note(ctx, "running the schedules of "
				    "assure.yaml's collect: section");
		}
	}
	sig = 0;
	sigwait(&set, &sig);
	cli_note(ctx, "%s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	if (scheduled) {
		pthread_mutex_lock(&sc.mu);
		sc.stop = true;
		pthread_cond_signal(&sc.cv);
		pthread_mutex_unlock(&sc.mu);
		pthread_join(sc.thread, NULL);
		pthread_cond_destroy(&sc.cv);
		pthread_mutex_destroy(&sc.mu);
	}
	web_server_stop(srv);
	web_auth_store_release(&auth);
	workspace_close(wsw);
	design_release(&des);
	workspace_close(ws);
	return CLI_EXIT_OK;
}

const struct cli_command cmd_serve_def = {
	.name = "serve",
	.args = NULL,
	.summary = "Serve the dashboard and the HTTP API",
	.description = "Serve the workspace's dashboard and JSON API "
	    "(docs/API.md) over HTTP on\nserver.listen (127.0.0.1:8080) until "
	    "SIGINT or SIGTERM.  A non-loopback\naddress needs --tls-cert and "
	    "--tls-key, or --insecure-listen.  The limits\nof requests, "
	    "sessions and sign-in are the server: settings of assure.yaml.\n\n"
	    "When assure.yaml's collect: section schedules sources (every:) or "
	    "evaluations\n(evaluate: every:), the server runs them when due, "
	    "each collection before the\nevaluation, and posts the alerts "
	    "configured: a source failing after_failures\ntimes in a row, a "
	    "test turned from pass to fail.",
	.options = serve_options,
	.run = run_serve,
	.flags = CLI_WORKSPACE,
};
