# ledger_crash.sh: SIGKILL at random points of ingest and evaluate loops.
# After each kill the store opens, `assure ledger verify` passes, and the
# evidence present is exactly what was committed: every file the killed
# run reported as ingested is there, every evidence row has its ledger
# entry and all its records, nothing is half-ingested.
#
# ASSURE_SOAK_RUNS sets the number of kills (default 6; `make soak` runs
# hundreds).
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
unset ASSURE_NOW
RUNS=${ASSURE_SOAK_RUNS:-6}
FILES=30
WS=$TMP/ws
DB=$WS/.assure/assure.db
"$ASSURE_BIN" init "$WS" --org "Crash Test" >/dev/null
head -n 2 "$DATA/report-clean.csv" >"$TMP/head.csv"
q() { sqlite3 "$DB" "$1"; }

# A distinct small report per run and file: the user's name varies.
make_files() {
	i=0
	while [ $i -lt $FILES ]; do
		{
			cat "$TMP/head.csv"
			printf 'u%s-%s,arn:aws:iam::555566667777:user/u%s-%s,' \
			    "$1" "$i" "$1" "$i"
			printf '2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,'
			printf 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,'
			printf 'false,N/A,false,N/A\n'
		} >"$TMP/run$1-$i.csv"
		i=$((i + 1))
	done
}

check_consistent() {
	run assure --workspace "$WS" ledger verify
	[ "$status" -eq 0 ] || fail "ledger verify after kill $1"
	ev=$(q "SELECT count(*) FROM evidence")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evidence'")
	[ "$ev" = "$le" ] || fail "kill $1: $ev evidence rows, $le entries"
	half=$(q "SELECT count(*) FROM evidence e WHERE e.records <>
	    (SELECT count(*) FROM iam_credential c WHERE c.evidence_id = e.id)")
	[ "$half" = 0 ] || fail "kill $1: $half evidence half-ingested"
	# Every file the killed run said it ingested is there.
	for d in $(sed -n 's/.*: ingested .*, sha256:\([0-9a-f]*\)$/\1/p' \
	    "$TMP/ingest.log"); do
		n=$(q "SELECT count(*) FROM evidence WHERE sha256 = '$d'")
		[ "$n" = 1 ] || fail "kill $1: reported $d but it is not stored"
	done
	checks=$((checks + 4))
}

r=1
while [ $r -le "$RUNS" ]; do
	make_files $r
	"$ASSURE_BIN" --workspace "$WS" ingest aws-iam-credential-report \
	    "$TMP"/run$r-*.csv >"$TMP/ingest.log" 2>"$TMP/ingest.err" &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 300 + 5)))"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	check_consistent "$r (ingest)"
	# The rest of the files go in afterwards, as a user would retry.
	run assure --workspace "$WS" ingest aws-iam-credential-report \
	    "$TMP"/run$r-*.csv
	expect_status 0
	r=$((r + 1))
done

# Kills during evaluations.
r=1
while [ $r -le "$RUNS" ]; do
	( while :; do "$ASSURE_BIN" --workspace "$WS" evaluate \
	    >/dev/null 2>&1 || true; done ) &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 300 + 5)))"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	# The loop's current evaluate too, wherever it had got to.
	pkill -9 -f -- "--workspace $WS evaluate" 2>/dev/null || true
	while pgrep -f -- "--workspace $WS evaluate" >/dev/null; do
		sleep 0.05
	done
	: >"$TMP/ingest.log"
	check_consistent "$r (evaluate)"
	r=$((r + 1))
done
total=$(q "SELECT count(*) FROM evidence")
[ "$total" -eq $((RUNS * FILES)) ] || fail "expected $((RUNS * FILES)) files, got $total"
echo "$RUNS kills during ingest and $RUNS during evaluate: the ledger verified every time"
done_ok
