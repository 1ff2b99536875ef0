#!/bin/sh
#
# credreport.sh: how fast assure takes in an AWS IAM credential report.
#
#	bench/credreport.sh [ROWS]
#
# Generates a ROWS-row report (default 1000000) with gen-credreport.sh,
# then measures, in the same run and on the same file:
#   1. parse-only: bench_credreport.c (the parser alone, best of 3),
#      compiled here with $CC (default cc) -O2;
#   2. assure ingest: `assure init` + `assure --workspace DIR ingest
#      aws-iam-credential-report FILE`, with $ASSURE_BIN or build/assure,
#      wall time and peak RSS from /usr/bin/time -v (skipped when the
#      binary does not exist);
#   3. sqlite3 .import --csv of the same file into a fresh database with a
#      22-column table, timed the same way (skipped without sqlite3).
# Run it from the repository root.  Temporary files go under $TMPDIR.

set -eu

usage() {
	echo "usage: bench/credreport.sh [ROWS]" >&2
	exit 2
}

[ $# -le 1 ] || usage
rows=${1:-1000000}
case $rows in
''|*[!0-9]*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cc=${CC:-cc}
assure=${ASSURE_BIN:-$root/build/assure}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$here/timing.inc"

report="$tmp/credential_report.csv"
start=$(date +%s)
sh "$here/gen-credreport.sh" "$rows" "$report"
gen_secs=$(($(date +%s) - start))
bytes=$(wc -c <"$report" | tr -d ' ')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000000 }')
echo "credential report: $rows rows, $mb MB (generated in ${gen_secs}s)"

# 1. parse only
if "$cc" -std=c17 -O2 -DNDEBUG -I"$root/src" -I"$root/src/common" \
    -o "$tmp/bench_credreport" "$here/bench_credreport.c" \
    "$root/src/parse/credreport.c" "$root/src/common/err.c" \
    "$root/src/common/buf.c" "$root/src/common/timeutil.c" \
    "$root/src/common/base64.c" -lyajl 2>"$tmp/cc.log"; then
	line=$("$tmp/bench_credreport" "$report" 3)
	p_rows=$(echo "$line" | sed 's/.*rows=\([0-9]*\).*/\1/')
	p_secs=$(echo "$line" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
	if [ "$p_rows" != "$rows" ]; then
		echo "parse-only: expected $rows rows, got $p_rows" >&2
		exit 1
	fi
	printf 'parse-only:            %6.2fs  %10s rows/s  %7s MB/s\n' \
	    "$p_secs" "$(rate "$rows" "$p_secs")" "$(rate "$mb" "$p_secs")"
else
	echo "parse-only: skipped (could not compile bench_credreport.c):"
	cat "$tmp/cc.log"
fi

# 2. assure ingest
if [ -x "$assure" ]; then
	ws="$tmp/ws"
	if "$assure" init "$ws" --org Bench >"$tmp/init.log" 2>&1 &&
	    timed ingest "$assure" --workspace "$ws" ingest \
	    aws-iam-credential-report "$report"; then
		printf 'assure ingest:         %6.2fs  %10s rows/s  %7s MB/s' \
		    "$secs" "$(rate "$rows" "$secs")" "$(rate "$mb" "$secs")"
		printf '  peak RSS %s MB\n' "$rss_mb"
	else
		echo "assure ingest: failed; the end of its output:"
		for log in "$tmp/init.log" "$tmp/out.ingest"; do
			if [ -s "$log" ]; then
				tail -5 "$log"
			fi
		done
	fi
else
	echo "assure ingest: skipped ($assure does not exist yet;" \
	    "build it or set ASSURE_BIN)"
fi

# 3. sqlite3 .import of the same file
if command -v sqlite3 >/dev/null 2>&1; then
	db="$tmp/import.db"
	cols=$(head -n 1 "$report" | tr -d '\r' | sed 's/,/ TEXT, /g')
	sqlite3 "$db" "CREATE TABLE credential_report ($cols TEXT);"
	if timed sqlite3 sqlite3 "$db" \
	    ".import --csv --skip 1 $report credential_report"; then
		n=$(sqlite3 "$db" "SELECT count(*) FROM credential_report;")
		printf 'sqlite3 .import --csv: %6.2fs  %10s rows/s  %7s MB/s' \
		    "$secs" "$(rate "$n" "$secs")" "$(rate "$mb" "$secs")"
		printf '  peak RSS %s MB\n' "$rss_mb"
	fi
else
	echo "sqlite3 .import: skipped (no sqlite3)"
fi
