#!/bin/sh
#
# web.sh: how fast `assure serve` answers over the demo organisation.
#
#	bench/web.sh [SECONDS]
#
# Builds the demo workspace (scripts/demo.sh, DEMO_SERVE=0) unless
# demo/acme-payroll exists, adds a viewer and an API token, starts
# `assure serve` on a free loopback port, signs in, and runs wrk
# (SECONDS each, default 20; 2 threads, 16 connections) against, in the
# same run:
#   1. /healthz: the server's floor (no auth, no store);
#   2. /api/v1/status with the bearer token: an API call reading the
#      newest evaluation;
#   3. / (the overview) with the session cookie: readiness, failing tests,
#      the trend chart and every control's history over the period.
# Prints requests/s, p50 and p99 latency, and the server's peak RSS.
# Run it from the repository root.

set -eu

secs=${1:-20}
case $secs in ''|*[!0-9]*) echo "usage: bench/web.sh [SECONDS]" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
assure=${ASSURE_BIN:-$root/build/assure}
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/bootstrap.sh)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

cd "$root"
[ -d demo/acme-payroll ] || DEMO_SERVE=0 sh scripts/demo.sh "$assure" >/dev/null
ws=$tmp/ws
cp -R demo/acme-payroll "$ws"
export ASSURE_TEST_PWHASH_MIN=1
printf 'bench-password-123\n' | "$assure" --workspace "$ws" user add bench \
    --role viewer >/dev/null
token=$("$assure" --workspace "$ws" user token bench --name wrk 2>/dev/null)
"$assure" --workspace "$ws" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>&1 &
pid=$!
i=0
while ! grep -q 'Serving' "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/serve.out" >&2; exit 1; }
	sleep 0.1
done
url=$(sed -n 's/.* on \(http[^ ]*\) .*/\1/p' "$tmp/serve.out")
curl -s -c "$tmp/cookies" -o /dev/null \
    -d 'name=bench&password=bench-password-123&totp=' "${url}login"
cookie=$(awk '$6 == "assure_session" { print $7 }' "$tmp/cookies")
[ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }

line() {
	awk -v name="$1" '
	    /Requests\/sec/ { rps = $2 }
	    $1 == "50.000%" { p50 = $2 } $1 == "99.000%" { p99 = $2 }
	    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
	    / [0-9]+ requests in / { n = $1 }
	    /Non-2xx/ { bad = $NF }
	    END { printf "%-34s %10s req/s  p50 %8s  p99 %8s  %s requests%s\n",
		name, rps, p50, p99, n, bad != "" ? ", " bad " not 2xx" : "" }'
}

echo "assure serve on the demo organisation, wrk -t2 -c16 -d${secs}s"
wrk -t2 -c16 -d"${secs}s" --latency "${url}healthz" | line "/healthz (floor)"
wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $token" \
    "${url}api/v1/status" | line "/api/v1/status (token)"
wrk -t2 -c16 -d"${secs}s" --latency -H "Cookie: assure_session=$cookie" \
    "$url" | line "/ overview (session)"
rss=$(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status")
echo "server peak RSS: $rss"
