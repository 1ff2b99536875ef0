#!/bin/sh
#
# web-soak.sh: the server held under load against the large synthetic
# organisation, its memory sampled throughout.
#
#	bench/web-soak.sh [SECONDS [PEOPLE [PULLS]]]
#
# Loads the organisation of bench/gen-org.inc (default 10,000 people,
# 200,000 merged pull requests with their reviews over 2026), records an
# evaluation a week over the year and signs a checkpoint, adds a viewer,
# starts `assure serve` on a free loopback port, signs in, and runs wrk
# (2 threads, 16 connections, SECONDS, default 600) over the mix of pages,
# API calls and samples in bench/web-soak.lua.  Meanwhile the server's
# resident memory (VmRSS) is read every 5 seconds.
#
# Prints requests/s, p50/p99/max latency, errors (socket errors and
# non-2xx answers: there must be none), and RSS at the first minute, at
# the end and at its peak; writes the samples to OUT/web-soak-rss.tsv and
# plots them as OUT/web-soak-rss.svg (OUT: $ASSURE_BENCH_OUT, default the
# current directory).  Exits 1 on any error or when RSS grew by more than
# a quarter between the first minute and the end.
#
# `make soak` runs it for 10 minutes (docs/RELIABILITY.md has the figures).

set -eu

usage() { echo "usage: bench/web-soak.sh [SECONDS [PEOPLE [PULLS]]]" >&2; exit 2; }
secs=${1:-600}
people=${2:-10000}
pulls=${3:-200000}
case $secs$people$pulls in ''|*[!0-9]*) usage ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
assure=${ASSURE_BIN:-$root/build/assure}
out=${ASSURE_BENCH_OUT:-.}
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/bootstrap.sh)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
[ -x "$assure" ] || { echo "no assure binary at $assure" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
pid=
sampler=
cleanup() {
	[ -n "$sampler" ] && kill "$sampler" 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export ASSURE_NOW=2027-01-05T00:00:00Z

. "$here/gen-org.inc"

echo "loading $people people and $pulls changes (2026)..."
gen_org "$tmp" "$people" "$pulls"
ws=$tmp/ws
"$assure" init "$ws" --org "Bench Co" --period 2026-01-01..2026-12-31 \
    >/dev/null
sh -c "$ingest_org" "$assure" "$ws" "$tmp" >/dev/null
"$assure" --workspace "$ws" evaluate --period 2026-01-01..2026-12-31 \
    --every 1w >/dev/null || [ $? -eq 1 ]
"$assure" --workspace "$ws" ledger checkpoint >/dev/null
export ASSURE_TEST_PWHASH_MIN=1
printf 'bench-password-123\n' | "$assure" --workspace "$ws" user add bench \
    --role viewer >/dev/null
"$assure" --workspace "$ws" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>&1 &
pid=$!
i=0
while ! grep -q 'Serving' "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 300 ] || { cat "$tmp/serve.out" >&2; exit 1; }
	sleep 0.1
done
url=$(sed -n 's/.* on \(http[^ ]*\) .*/\1/p' "$tmp/serve.out")
curl -s -c "$tmp/cookies" -o /dev/null \
    -d 'name=bench&password=bench-password-123&totp=' "${url}login"
cookie=$(awk '$6 == "assure_session" { print $7 }' "$tmp/cookies")
[ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }

# Every path of the mix answers 200 before the run starts; how long each
# took alone is printed.
echo "each path alone:"
paths=$(sed -n '/^local paths/,/^}/p' "$here/web-soak.lua" |
    grep -o '"/[^"]*"' | tr -d '"')
for p in $paths; do
	set -- $(curl -s -o /dev/null -w '%{http_code} %{time_total}' \
	    -H "Cookie: assure_session=$cookie" "${url%/}$p")
	[ "$1" = 200 ] || { echo "$p answered $1" >&2; exit 1; }
	printf '  %-36s %6.0f ms\n' "$p" "$(awk -v s="$2" 'BEGIN { print s * 1000 }')"
done

mkdir -p "$out"
tsv=$out/web-soak-rss.tsv
(
	start=$(date +%s)
	printf 'seconds\trss_kb\n'
	while kill -0 "$pid" 2>/dev/null; do
		rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$rss" ] && printf '%s\t%s\n' $(( $(date +%s) - start )) "$rss"
		sleep 5
	done
) >"$tsv" &
sampler=$!

echo "assure serve, wrk -t2 -c16 -d${secs}s over $(echo $paths | wc -w) paths..."
WRK_COOKIE=$cookie wrk -t2 -c16 -d"${secs}s" --timeout 30s --latency \
    -s "$here/web-soak.lua" "$url" >"$tmp/wrk.out"
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
sampler=
peak=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")

awk -v peak="$peak" -v tsv="$tsv" '
    /Requests\/sec/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = $2 }
    $1 == "99.000%" || $1 == "99%" { p99 = $2 }
    $1 == "Latency" && max == "" { max = $4 }
    / [0-9]+ requests in / { n = $1 }
    /Socket errors/ { sock = $0 }
    /Non-2xx/ { bad = $NF }
    END {
	printf "%s requests, %s req/s, p50 %s, p99 %s, max %s\n", n, rps,
	    p50, p99, max
	printf "errors: %s non-2xx; %s\n", bad == "" ? 0 : bad,
	    sock == "" ? "no socket errors" : sock
    }' "$tmp/wrk.out"
# RSS: the first sample after a minute, the last, the peak.
awk -v peak="$peak" 'NR > 1 {
	if (first == "" && $1 >= 60) first = $2
	last = $2
	if ($2 > hi) hi = $2
	n++
    }
    END {
	if (first == "") first = last
	printf "RSS: %.1f MB after 1 min, %.1f MB at the end (%+.1f%%), " \
	    "sampled peak %.1f MB, VmHWM %.1f MB; %d samples\n", first / 1024,
	    last / 1024, (last - first) * 100 / first, hi / 1024,
	    peak / 1024, n
	if (last > first * 1.25) exit 3
    }' "$tsv" || { echo "RSS grew by more than a quarter" >&2; exit 1; }

# The plot: RSS (MB) over time (min), an SVG polyline.
awk -v secs="$secs" 'BEGIN { FS = "\t" } NR > 1 { t[n] = $1; r[n] = $2 / 1024; if (r[n] > hi) hi = r[n]; n++ }
    END {
	W = 640; H = 240; L = 50; B = 30; T = 20; R = 10
	top = hi * 1.25; if (top < 10) top = 10
	span = t[n - 1] > 0 ? t[n - 1] : 1
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", W, H
	printf "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H
	printf "<text x=\"%d\" y=\"14\">assure serve RSS under wrk (MB over minutes)</text>\n", L
	for (k = 0; k <= 4; k++) {
		y = H - B - (H - B - T) * k / 4
		printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", L, W - R, y, y
		printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n", L - 4, y + 4, top * k / 4
	}
	for (m = 0; m * 60 <= span; m += (span > 900 ? 5 : 1)) {
		x = L + (W - L - R) * m * 60 / span
		printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x, H - B + 16, m
	}
	printf "<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" points=\""
	for (i = 0; i < n; i++)
		printf "%.1f,%.1f ", L + (W - L - R) * t[i] / span, H - B - (H - B - T) * r[i] / top
	printf "\"/>\n</svg>\n"
    }' "$tsv" >"$out/web-soak-rss.svg"
echo "samples: $tsv; plot: $out/web-soak-rss.svg"
grep -q 'Non-2xx\|Socket errors' "$tmp/wrk.out" && { cat "$tmp/wrk.out" >&2; exit 1; }
exit 0
