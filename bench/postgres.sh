#!/bin/sh
#
# postgres.sh: the two stores side by side, SQLite (a workspace's file)
# against PostgreSQL (one database, many organisations; docs/POSTGRES.md).
#
#	bench/postgres.sh [PEOPLE [PULLS]]
#
# In the same run, on the large organisation of bench/type2.sh (its
# generator, bench/gen-org.inc: PEOPLE people, default 10000, and PULLS
# pull requests with their reviews, default 200000):
#   1. into a SQLite workspace and into a PostgreSQL one, the same files:
#      assure ingest; assure evaluate --every 1w over 2026 (53
#      evaluations); one evaluation as of the year's end; assure ledger
#      verify; and for reference what an operator backs the store up with,
#      sqlite3 .backup against pg_dump -Fc;
#   2. ledger appends per second with 1, 4 and 8 writers at once
#      (bench_ledger_writers): a SQLite workspace, one PostgreSQL
#      organisation, and two organisations of one database sharing the
#      writers;
#   3. the evaluation as of the year's end of one organisation once nine
#      more organisations hold the same evidence in the same database,
#      against step 1's with that organisation alone.
# PostgreSQL is a throwaway server (scripts/pg-test.sh) with durability on
# (ASSURE_PG_DURABLE=1: fsync, synchronous_commit and full_page_writes, as
# SQLite's store commits with synchronous=FULL) and otherwise PostgreSQL's
# default settings, on the same disk as the SQLite file.  Without the
# server binaries only the SQLite figures are printed.
# Run it from the repository root.  Temporary files go under $TMPDIR; the
# server's folder is /tmp/assure-bench-pg-PID (a Unix socket's path must
# be short).

set -eu

usage() {
	echo "usage: bench/postgres.sh [PEOPLE [PULLS]]" >&2
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
writers=$(dirname "$assure")/bench/bench_ledger_writers
[ -x "$assure" ] || { echo "no assure binary at $assure" >&2; exit 2; }
[ -x "$writers" ] || { echo "no $writers (-DASSURE_BENCH=ON)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
pgdir=/tmp/assure-bench-pg-$$
cleanup() {
	sh "$root/scripts/pg-test.sh" stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM
export ASSURE_NOW=2027-01-05T00:00:00Z
# The SQLite figures are the workspace's file: no database from outside.
unset ASSURE_DB ASSURE_ORG

. "$here/timing.inc"
. "$here/gen-org.inc"

pg=yes
rc=0
ASSURE_PG_DURABLE=1 sh "$root/scripts/pg-test.sh" start "$pgdir" \
    >"$tmp/pg.out" 2>&1 || rc=$?
if [ $rc -eq 77 ]; then
	pg=no
	echo "PostgreSQL skipped ($(tail -n 1 "$tmp/pg.out")): SQLite only"
elif [ $rc -ne 0 ]; then
	cat "$tmp/pg.out" >&2
	exit 1
else
	uri=$(cat "$pgdir/conninfo")
	# shellcheck disable=SC2046 # five words, split on purpose
	set -- $(psql -X -At -F ' ' "$uri" -c "SELECT
	    split_part(current_setting('server_version'), ' ', 1),
	    current_setting('fsync'),
	    current_setting('synchronous_commit'),
	    current_setting('full_page_writes'),
	    current_setting('shared_buffers')")
	echo "PostgreSQL $1 (throwaway server, Unix socket): fsync=$2" \
	    "synchronous_commit=$3 full_page_writes=$4 shared_buffers=$5;" \
	    "SQLite synchronous=FULL"
fi

# pgenv CMD...: CMD with the PostgreSQL database as the store (in this
# shell, not a subshell: timed's figures are variables).
pgenv() {
	ASSURE_DB=$uri
	export ASSURE_DB
	prc=0
	"$@" || prc=$?
	unset ASSURE_DB
	return $prc
}

# pair LABEL SCRIPT [ARGS...]: sh -c SCRIPT ASSURE WORKSPACE ARGS... on
# the SQLite workspace and on the PostgreSQL one; prints a row of both.
pair() {
	label=$1
	script=$2
	shift 2
	timed s sh -c "$script" "$assure" "$ws_s" "$@"
	s_secs=$secs
	s_rss=$rss_mb
	p_secs=-
	p_rss=-
	cmp=
	if [ $pg = yes ]; then
		pgenv timed p sh -c "$script" "$assure" "$ws_p" "$@"
		p_secs=$secs
		p_rss=$rss_mb
		cmp=$(awk -v s="$s_secs" -v p="$p_secs" 'BEGIN {
			if (s <= 0) s = 0.01
			printf "%.1fx", p / s }')
	fi
	row "$label" "$s_secs s" "$s_rss MB" "$p_secs s" "$p_rss MB" "$cmp"
}
row() {
	printf '%-40s %9s %9s   %10s %9s  %s\n' "$@"
}
# pair's scripts: $0 is assure, $1 the workspace.  Exit 1 from evaluate
# is tests failing, which the generated organisation's do.
# shellcheck disable=SC2016 # expanded by sh -c, not here
ev1w='"$0" --workspace "$1" evaluate --period 2026-01-01..2026-12-31 \
    --every 1w >/dev/null || [ $? -eq 1 ]'
evend='"$0" --workspace "$1" evaluate --as-of 2026-12-31T23:59:59Z \
    >/dev/null || [ $? -eq 1 ]'
verify='"$0" --workspace "$1" ledger verify >/dev/null'

mkdir "$tmp/org"
gen_org "$tmp/org" "$people" "$pulls"
ws_s=$tmp/ws-sqlite
ws_p=$tmp/ws-pg-01
"$assure" init "$ws_s" --org "Bench Co 01" \
    --period 2026-01-01..2026-12-31 >/dev/null
[ $pg = no ] || pgenv "$assure" init "$ws_p" --org "Bench Co 01" \
    --period 2026-01-01..2026-12-31 >/dev/null

echo
echo "1. one organisation: $people people and $pulls changes (2026)," \
    "the same files into each store"
row "" "SQLite" "peak RSS" "PostgreSQL" "peak RSS" "PostgreSQL/SQLite"
pair "ingest (roster, checks, pulls, reviews)" "$ingest_org" "$tmp/org"
pair "evaluate --every 1w (53 evaluations)" "$ev1w"
pair "evaluate --as-of 2026-12-31 (one)" "$evend"
end1=$p_secs
pair "ledger verify" "$verify"
# What an operator backs up: SQLite's online backup of the file (the
# evidence bytes stay in .assure/evidence beside it, copied apart), and
# pg_dump, which under row-level security runs as a role that bypasses it
# (here the server's superuser) and holds the evidence bytes too.
if command -v sqlite3 >/dev/null; then
	timed sbak sqlite3 "$ws_s/.assure/assure.db" \
	    ".backup '$tmp/backup.db'"
	s_secs="$secs s"
	s_rss="$rss_mb MB"
	s_note="$(du -m "$tmp/backup.db" | cut -f1) MB, +$(du -sm \
	    "$ws_s/.assure/evidence" | cut -f1) MB of evidence files"
else
	s_secs=-
	s_rss=-
	s_note="sqlite3 absent"
fi
p_secs=-
p_rss=-
p_note=
if [ $pg = yes ] && command -v pg_dump >/dev/null; then
	timed pdump pg_dump -Fc -h "$pgdir" -U postgres -d assure \
	    -f "$tmp/assure.dump"
	p_secs="$secs s"
	p_rss="$rss_mb MB"
	p_note="$(du -m "$tmp/assure.dump" | cut -f1) MB compressed"
fi
row "backup: sqlite3 .backup | pg_dump -Fc" "$s_secs" "$s_rss" "$p_secs" \
    "$p_rss" ""
echo "  (sqlite3 .backup: $s_note${p_note:+; pg_dump: $p_note})"

echo
echo "2. ledger appends per second, 1, 4 and 8 writers at once" \
    "(bench_ledger_writers)"
"$assure" init "$tmp/lw-sqlite" --org "Writers" >/dev/null
echo "SQLite, one workspace:"
"$writers" "$tmp/lw-sqlite" | sed 's/^/  /'
if [ $pg = yes ]; then
	for o in a b c; do
		pgenv "$assure" init "$tmp/lw-$o" --org "Writers $o" >/dev/null
	done
	echo "PostgreSQL, one organisation:"
	pgenv "$writers" "$tmp/lw-a" | sed 's/^/  /'
	echo "PostgreSQL, two organisations of one database, the writers" \
	    "split between them:"
	pgenv "$writers" "$tmp/lw-b" "$tmp/lw-c" | sed 's/^/  /'
fi

echo
if [ $pg = no ]; then
	echo "3. (ten organisations in one database: PostgreSQL skipped)"
	exit 0
fi
echo "3. ten organisations in one database: the same evidence loaded into" \
    "nine more"
start=$(date +%s)
for n in 02 03 04 05 06 07 08 09 10; do
	pgenv "$assure" init "$tmp/ws-pg-$n" --org "Bench Co $n" \
	    --period 2026-01-01..2026-12-31 >/dev/null
	pgenv sh -c "$ingest_org" "$assure" "$tmp/ws-pg-$n" "$tmp/org" \
	    >/dev/null
done
echo "  (loading the nine took $(($(date +%s) - start)) s;" \
    "$(psql -X -At "$uri" -c \
    "SELECT pg_size_pretty(pg_database_size('assure'))") database)"
pgenv timed p10 sh -c "$evend" "$assure" "$ws_p"
printf '%-40s %9s   %9s\n' "evaluate --as-of 2026-12-31 (one)" \
    "1 org" "10 orgs"
printf '%-40s %9s   %9s  %s\n' "  Bench Co 01" "$end1 s" "$secs s" \
    "$(awk -v a="$end1" -v b="$secs" 'BEGIN {
	if (a <= 0) a = 0.01; printf "%.1fx", b / a }')"
