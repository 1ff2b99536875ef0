/*
 * route_users.c: GET /users and its forms, an admin's view of the
 * engine's users (docs/SECURITY.md, "The users page").  Each change
 * calls the src/auth function `assure user` calls, in a workspace handle
 * opened read-write for it, so that it writes the same row and the same
 * ledger entry, the signed-in admin as its actor.  Refused with 409: an
 * admin disabling themselves or giving up their own admin role, which
 * could leave the workspace without anyone to manage it from here.
 */
#include "common/compat.h"

#include <stdio.h>
#include <string.h>

#include "auth/users.h"
#include "common/timeutil.h"
#include "web/pages.h"
#include "web/server.h"
#include "workspace/workspace.h"

unsigned
web_page_users(struct web_req *req, struct assure_buf *out,
    struct assure_diag *d)
{
	struct web_page p;

	web_page_of(req, true, &p);
	return page_users(&p, out, d) == ASSURE_OK ? 200 : 500;
}

static void
refuse(struct web_req *req, struct web_resp *resp, unsigned status,
    const char *message)
{
	struct web_page p;

	web_page_of(req, true, &p);
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	assure_buf_reset(&resp->body);
	page_error(&p, (int)status, message, &resp->body);
}

/* "START..END" as `assure user` reads --period: two instants. */
static int
user_period(const char *s, bool *has, int64_t *start, int64_t *end)
{
	const char *dots;

	*has = false;
	if (s == NULL || *s == '\0')
		return 0;
	dots = strstr(s, "..");
	if (dots == NULL || assure_time_parse(s, (size_t)(dots - s),
	    start) != 0 || assure_time_parse(dots + 2, strlen(dots + 2),
	    end) != 0)
		return -1;
	*has = true;
	return 0;
}

enum user_op { OP_DISABLE, OP_ROLE, OP_RESET_MFA, OP_REVOKE };

static void
change(struct web_req *req, struct web_resp *resp, enum user_op op)
{
	const char *name = web_form(req, "user");
	const char *token = web_form(req, "token");
	struct workspace *ws = NULL;
	struct assure_diag d;
	enum auth_role role = AUTH_ROLE_VIEWER;
	int64_t ps = 0, pe = 0;
	bool has_period = false, self;
	enum assure_err rc;

	if (name == NULL || !auth_name_valid(name)) {
		refuse(req, resp, 400, "The form names no valid user.");
		return;
	}
	self = strcmp(name, req->who.user) == 0;
	if (op == OP_ROLE) {
		if (web_form(req, "role") == NULL ||
		    auth_role_parse(web_form(req, "role"), &role) != 0) {
			refuse(req, resp, 400, "A role is one of admin, "
			    "manager, owner, auditor, viewer.");
			return;
		}
		if (user_period(web_form(req, "period"), &has_period, &ps,
		    &pe) != 0) {
			refuse(req, resp, 400, "The period is START..END (two "
			    "dates).");
			return;
		}
	}
	if (op == OP_REVOKE && (token == NULL || *token == '\0')) {
		refuse(req, resp, 400, "The form names no token.");
		return;
	}
	if (self && op == OP_DISABLE) {
		refuse(req, resp, 409, "You cannot disable yourself: another "
		    "admin must.");
		return;
	}
	if (self && op == OP_ROLE && role != AUTH_ROLE_ADMIN) {
		refuse(req, resp, 409, "You cannot remove your own admin "
		    "role: another admin must.");
		return;
	}
	assure_diag_clear(&d);
	rc = workspace_open(req->ws->root, 0, &ws, &d);
	if (rc == ASSURE_OK) {
		switch (op) {
		case OP_DISABLE:
			rc = user_disable(ws->store, ws->ledger, name,
			    req->who.user, req->now, &d);
			break;
		case OP_ROLE:
			rc = user_set_role(ws->store, ws->ledger, name, role,
			    has_period, ps, pe, req->who.user, req->now, &d);
			break;
		case OP_RESET_MFA:
			rc = user_reset_mfa(ws->store, ws->ledger, name,
			    req->who.user, req->now, &d);
			break;
		default:
			rc = token_revoke(ws->store, ws->ledger, name, token,
			    req->who.user, req->now, &d);
			break;
		}
	}
	workspace_close(ws);
	if (rc != ASSURE_OK) {
		char msg[ASSURE_DIAG_MSG_MAX + 256];

		assure_diag_format(&d, msg, sizeof(msg));
		switch (rc) {
		case ASSURE_ERR_NOTFOUND:
			refuse(req, resp, 404, msg);
			break;
		case ASSURE_ERR_CONFLICT:
			refuse(req, resp, 409, msg);
			break;
		case ASSURE_ERR_INVAL:
		case ASSURE_ERR_PERM:
			refuse(req, resp, 400, msg);
			break;
		default:
			fprintf(stderr, "assure serve: %s: %s\n", req->path,
			    msg);
			refuse(req, resp, 500, "The change could not be "
			    "recorded.");
			break;
		}
		return;
	}
	resp->status = 303;
	assure_strlcpy(resp->location, "/users", sizeof(resp->location));
}

void
web_handle_user_disable(struct web_req *req, struct web_resp *resp)
{
	change(req, resp, OP_DISABLE);
}

void
web_handle_user_role(struct web_req *req, struct web_resp *resp)
{
	change(req, resp, OP_ROLE);
}

void
web_handle_user_reset_mfa(struct web_req *req, struct web_resp *resp)
{
	change(req, resp, OP_RESET_MFA);
}

void
web_handle_token_revoke(struct web_req *req, struct web_resp *resp)
{
	change(req, resp, OP_REVOKE);
}
