#!/bin/sh
#
# identity.sh: how fast assure takes in identity exports.
#
#	bench/identity.sh [ROWS]
#
# Generates (POSIX sh and awk) an Okta Users API export of ROWS users
# (default 100000) in the shape the API returns, and an hr-csv roster of
# ROWS people, then measures in the same run and on the same files:
#   1. assure ingest okta-users and assure ingest hr-csv, each into a fresh
#      workspace, with $ASSURE_BIN or build/assure: wall time, rows/s,
#      MB/s, peak RSS (/usr/bin/time -v);
#   2. for reference, jq over the same Okta file: `jq length` (parse the
#      whole document) and `jq '.[].id'` (walk every record) (skipped
#      without jq).
# Run it from the repository root.  Temporary files go under $TMPDIR.

set -eu

usage() {
	echo "usage: bench/identity.sh [ROWS]" >&2
	exit 2
}

[ $# -le 1 ] || usage
rows=${1:-100000}
case $rows in
''|*[!0-9]*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
assure=${ASSURE_BIN:-$root/build/assure}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASSURE_NOW=2026-07-01T00:00:00Z

[ -x "$assure" ] || { echo "no assure binary at $assure" >&2; exit 2; }

. "$here/timing.inc"

# report NAME ROWS FILE: one line of figures
report() {
	mb=$(awk -v b="$(wc -c <"$3")" 'BEGIN { printf "%.1f", b / 1048576 }')
	printf '%-28s %8s s %12s rows/s %8s MB/s %8s MB peak RSS\n' "$1" \
	    "$secs" "$(rate "$2" "$secs")" "$(rate "$mb" "$secs")" "$rss_mb"
}

okta=$tmp/okta-users.json
awk -v n="$rows" 'BEGIN {
	split("STAGED PROVISIONED ACTIVE ACTIVE ACTIVE ACTIVE RECOVERY " \
	    "PASSWORD_EXPIRED LOCKED_OUT SUSPENDED", st, " ")
	print "["
	for (i = 1; i <= n; i++) {
		s = st[1 + i % 10]
		printf "  {\n    \"id\": \"00u%017d\",\n", i
		printf "    \"status\": \"%s\",\n", s
		printf "    \"created\": \"2020-01-%02dT10:00:00.000Z\",\n", 1 + i % 28
		printf "    \"activated\": null,\n"
		printf "    \"statusChanged\": \"2024-03-%02dT08:30:00.000Z\",\n", 1 + i % 28
		if (s == "STAGED")
			printf "    \"lastLogin\": null,\n"
		else
			printf "    \"lastLogin\": \"2026-05-%02dT09:15:00.000Z\",\n", 1 + i % 28
		printf "    \"lastUpdated\": \"2026-05-01T00:00:00.000Z\",\n"
		printf "    \"passwordChanged\": \"2025-01-01T00:00:00.000Z\",\n"
		printf "    \"profile\": {\n"
		printf "      \"firstName\": \"First%d\",\n      \"lastName\": \"Last%d\",\n", i, i
		printf "      \"mobilePhone\": null,\n      \"secondEmail\": null,\n"
		printf "      \"login\": \"user%d@example.com\",\n", i
		printf "      \"email\": \"user%d@example.com\"\n    },\n", i
		printf "    \"credentials\": {\"provider\": {\"type\": \"OKTA\", \"name\": \"OKTA\"}},\n"
		printf "    \"_links\": {\"self\": {\"href\": \"https://acme.okta.com/api/v1/users/00u%017d\"}}\n", i
		printf "  }%s\n", i < n ? "," : ""
	}
	print "]"
}' >"$okta"

hr=$tmp/roster.csv
awk -v n="$rows" 'BEGIN {
	print "employee_id,email,name,status,hire_date,termination_date," \
	    "department,title,manager_email,cost_center"
	for (i = 1; i <= n; i++) {
		term = i % 10 == 0 ? sprintf("2026-0%d-%02d", 1 + i % 6, 1 + i % 28) : ""
		printf "E%d,user%d@example.com,\"Last%d, First%d\",%s,2019-%02d-%02d,%s,Dept%d,Engineer,user%d@example.com,CC-%d\n",
		    i, i, i, i, term == "" ? "active" : "terminated",
		    1 + i % 12, 1 + i % 28, term, i % 40, 1 + i % 50, i % 7
	}
}' >"$hr"

echo "identity ingest, $rows records per file"
printf '  okta-users export %s bytes, roster %s bytes\n' \
    "$(wc -c <"$okta" | tr -d ' ')" "$(wc -c <"$hr" | tr -d ' ')"

"$assure" init "$tmp/ws1" >/dev/null
timed okta "$assure" --workspace "$tmp/ws1" ingest okta-users "$okta"
report "assure ingest okta-users" "$rows" "$okta"
"$assure" init "$tmp/ws2" >/dev/null
timed hr "$assure" --workspace "$tmp/ws2" ingest hr-csv "$hr"
report "assure ingest hr-csv" "$rows" "$hr"
if command -v sqlite3 >/dev/null; then
	n1=$(sqlite3 "$tmp/ws1/.assure/assure.db" "SELECT count(*) FROM account")
	n2=$(sqlite3 "$tmp/ws2/.assure/assure.db" "SELECT count(*) FROM person")
	[ "$n1" = "$rows" ] && [ "$n2" = "$rows" ] ||
	    { echo "row counts: $n1 accounts, $n2 people" >&2; exit 1; }
fi
if command -v jq >/dev/null; then
	timed jqlen jq length "$okta"
	report "jq length (okta)" "$rows" "$okta"
	timed jqids jq '.[].id' "$okta"
	report "jq '.[].id' (okta)" "$rows" "$okta"
else
	echo "(jq absent: no reference figures)"
fi
