-- web-soak.lua: the request mix bench/web-soak.sh holds the server under.
-- Every connection walks the list in turn (from an offset of its own), so
-- each page, API call and download is asked for about equally often.  The
-- session cookie comes in WRK_COOKIE (set by the script through wrk's
-- environment); the API accepts the same session.
local paths = {
	"/", "/controls", "/controls/CHG-01", "/controls/HR-02",
	"/tests/change.peer_review", "/evidence", "/ledger", "/policies",
	"/reviews", "/vendors", "/risks", "/incidents", "/reports",
	"/api/v1/status", "/api/v1/evaluations", "/api/v1/controls",
	"/api/v1/tests/change.peer_review", "/api/v1/reports",
	"/api/v1/samples/CHG-01", "/healthz",
}
local cookie = os.getenv("WRK_COOKIE") or ""
local counter = 0

function init(args)
	counter = math.random(#paths)
end

function request()
	counter = counter % #paths + 1
	return wrk.format("GET", paths[counter],
	    { ["Cookie"] = "assure_session=" .. cookie })
end
