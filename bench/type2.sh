#!/bin/sh
#
# type2.sh: how long the observation-period work takes for a large
# organisation: a year of 10,000 people and 200,000 changes.
#
#	bench/type2.sh [PEOPLE [PULLS]]
#
# Generates (bench/gen-org.inc, shared with bench/postgres.sh) an HR
# roster of PEOPLE (default 10000), a tenth of them hired in the year,
# background checks for the hires (one in 40 late), PULLS merged pull
# requests (default 200000) spread over the year with their reviews (every
# 50th unreviewed), and a board minute a quarter filed against GOV-02.
# Then, in the same run, on one workspace:
#   1. assure ingest (roster, checks, pulls, reviews);
#   2. assure evaluate --period 2026-01-01..2026-12-31 --every 1w: the
#      53 evaluations a weekly schedule records over the year;
#   3. assure report type2 as JSON and as HTML: every control's history,
#      population (200,000 changes for CHG-01) and sample;
#   4. assure export auditor and assure verify of the package;
#   5. for reference, the sqlite3 shell on the same store computing what
#      the report's exception table rests on - each (test, subject) with
#      its first and last evaluation over the period - and jq reading the
#      report's JSON back for the number of CHG-01 exceptions.
# The report's CHG-01 population must hold the PULLS changes (beside the
# branch its branch-protection test judges) and its unreviewed exceptions
# the generated count, or the run fails.
# Run it from the repository root.  Temporary files go under $TMPDIR.

set -eu

usage() {
	echo "usage: bench/type2.sh [PEOPLE [PULLS]]" >&2
	exit 2
}

[ $# -le 2 ] || usage
people=${1:-10000}
pulls=${2:-200000}
case $people$pulls in
''|*[!0-9]*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
assure=${ASSURE_BIN:-$root/build/assure}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASSURE_NOW=2027-01-05T00:00:00Z

[ -x "$assure" ] || { echo "no assure binary at $assure" >&2; exit 2; }

. "$here/timing.inc"
. "$here/gen-org.inc"

line() {
	printf '%-40s %8s s %8s MB peak RSS  %s\n' "$1" "$secs" "$rss_mb" \
	    "${2:-}"
}

gen_org "$tmp" "$people" "$pulls"

echo "the observation period of $people people and $pulls changes (2026)"
ws=$tmp/ws
"$assure" init "$ws" --org "Bench Co" --period 2026-01-01..2026-12-31 \
    >/dev/null
timed ingest sh -c "$ingest_org" "$assure" "$ws" "$tmp"
line "ingest (roster, checks, pulls, reviews)"
timed replay sh -c '"$0" --workspace "$1" evaluate --period \
    2026-01-01..2026-12-31 --every 1w >/dev/null || [ $? -eq 1 ]' \
    "$assure" "$ws"
line "evaluate --every 1w (53 evaluations)" \
    "$(rate 53 "$secs") evaluations/s"
"$assure" --workspace "$ws" ledger checkpoint >"$tmp/cp.txt"
"$assure" --workspace "$ws" ledger key >"$tmp/key.pub"
timed t2json "$assure" --workspace "$ws" report type2 \
    --checkpoint "$tmp/cp.txt" --out "$tmp/type2.json"
line "report type2 (JSON)" "$(wc -c <"$tmp/type2.json") bytes"
timed t2html "$assure" --workspace "$ws" report type2 \
    --checkpoint "$tmp/cp.txt" --out "$tmp/type2.html"
line "report type2 (HTML)" "$(wc -c <"$tmp/type2.html") bytes"
timed export "$assure" --workspace "$ws" export auditor \
    --checkpoint "$tmp/cp.txt" --out "$tmp/pkg.zip"
line "export auditor" "$(wc -c <"$tmp/pkg.zip") bytes"
timed verify "$assure" verify "$tmp/pkg.zip" --key "$tmp/key.pub"
line "verify (offline, samples redrawn)"

if command -v jq >/dev/null; then
	timed jq jq '[.controls[] | select(.id == "CHG-01")][0] |
	    [([.population[] | select(.subject | startswith("acme/api#"))] |
	    length),
	    ([.exceptions[] | select(.test == "change.peer_review")] |
	    length)] | @tsv' -r "$tmp/type2.json"
	line "jq (read the report's CHG-01 back)"
	set -- $(cat "$tmp/out.jq")
	[ "$1" = "$pulls" ] ||
	    { echo "CHG-01 population $1, expected $pulls" >&2; exit 1; }
	[ "$2" = "$unreviewed" ] ||
	    { echo "CHG-01 exceptions $2, expected $unreviewed" >&2; exit 1; }
fi
if command -v sqlite3 >/dev/null; then
	timed sqlite3 sqlite3 -readonly "$ws/.assure/assure.db" "
	    SELECT count(*) FROM (SELECT x.test_id, x.subject, min(e.as_of),
	    max(e.as_of), count(*) FROM evaluation_exception x JOIN
	    evaluation e ON e.id = x.evaluation_id WHERE e.as_of BETWEEN
	    strftime('%s', '2026-01-01') AND strftime('%s', '2026-12-31
	    23:59:59') GROUP BY x.test_id, x.subject)"
	line "sqlite3 (exceptions by test and subject)" \
	    "$(cat "$tmp/out.sqlite3") groups"
else
	echo "(sqlite3 absent: no reference figure)"
fi
