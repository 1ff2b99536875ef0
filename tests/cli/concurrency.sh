# concurrency.sh: several assure processes on one workspace at once.
#
# (a) Four `assure ingest` processes of distinct files and an `assure
# evaluate`, released together from a start line, for a few rounds: each
# exits 0, or non-zero saying "workspace busy" (SQLite's busy timeout ran
# out; it does not at this size).  After each round `assure ledger verify`
# passes, every evidence file and evaluation has its ledger entry, the
# ledger's indexes run 0..n-1 without a gap, and every file of the round
# is stored.
#
# (b) `assure serve` on a free loopback port, read by a loop of
# authenticated GETs (the overview, pages, /api/v1 endpoints) while the CLI
# ingests and evaluates in another: every answer is 200, the server logs
# nothing on stderr, the API's count of evaluations agrees with the store
# at the end, the ledger verifies, and the server stops cleanly.
#
# ASSURE_CONCURRENCY_ROUNDS sets the rounds of (a) and of (b)'s writer
# (default 3; `make soak` runs more).
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
command -v curl >/dev/null || { echo "SKIPPED: curl absent"; exit 77; }
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
unset ASSURE_NOW
# Argon2id at libsodium's minimum limits: the suite also runs under ASan.
export ASSURE_TEST_PWHASH_MIN=1
ROUNDS=${ASSURE_CONCURRENCY_ROUNDS:-3}
WRITERS=4
KIND=aws-iam-credential-report
WS=$TMP/ws
DB=$WS/.assure/assure.db
"$ASSURE_BIN" init "$WS" --org "Busy Co" >/dev/null
head -n 2 "$DATA/report-clean.csv" >"$TMP/head.csv"
q() { sqlite3 "$DB" "$1"; }

# make_file NAME: a distinct small credential report (the user varies).
make_file() {
	{
		cat "$TMP/head.csv"
		printf '%s,arn:aws:iam::555566667777:user/%s,' "$1" "$1"
		printf '2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,'
		printf 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,'
		printf 'false,N/A,false,N/A\n'
	} >"$TMP/$1.csv"
}

# check_consistent WHEN: the ledger verifies and agrees with the store.
check_consistent() {
	run assure --workspace "$WS" ledger verify
	[ "$status" -eq 0 ] || fail "ledger verify ($1)"
	ev=$(q "SELECT count(*) FROM evidence")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evidence'")
	[ "$ev" = "$le" ] || fail "$1: $ev evidence rows, $le entries"
	ea=$(q "SELECT count(*) FROM evaluation")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evaluation'")
	[ "$ea" = "$le" ] || fail "$1: $ea evaluations, $le entries"
	gaps=$(q "SELECT count(*) - (max(idx) + 1) + min(idx) FROM ledger_entry")
	[ "$(q "SELECT min(idx) FROM ledger_entry")" = 0 ] &&
	    [ "$gaps" = 0 ] || fail "$1: the ledger's indexes have a gap"
	checks=$((checks + 4))
}

# may_be_busy STATUS ERRFILE WHAT: exit 0, or a clear "workspace busy".
busy=0
may_be_busy() {
	checks=$((checks + 1))
	[ "$1" -eq 0 ] && return 0
	grep -q "workspace busy" "$2" || {
		status=$1 err=$(cat "$2") out=
		fail "$3 failed without saying the workspace is busy"
	}
	busy=$((busy + 1))
}

# ------------------------------------------------ (a) racing processes
stored=0
r=1
while [ "$r" -le "$ROUNDS" ]; do
	rm -f "$TMP/go"
	pids=
	w=0
	while [ $w -lt $WRITERS ]; do
		make_file "r$r-w$w"
		(
			while [ ! -e "$TMP/go" ]; do sleep 0.01; done
			exec "$ASSURE_BIN" --workspace "$WS" ingest $KIND \
			    "$TMP/r$r-w$w.csv" >"$TMP/a$w.out" 2>"$TMP/a$w.err"
		) &
		pids="$pids $!"
		w=$((w + 1))
	done
	(
		while [ ! -e "$TMP/go" ]; do sleep 0.01; done
		exec "$ASSURE_BIN" --workspace "$WS" evaluate \
		    >"$TMP/e.out" 2>"$TMP/e.err"
	) &
	epid=$!
	: >"$TMP/go"
	w=0
	for p in $pids; do
		st=0
		wait "$p" || st=$?
		may_be_busy $st "$TMP/a$w.err" "ingest $w of round $r"
		[ $st -ne 0 ] || stored=$((stored + 1))
		w=$((w + 1))
	done
	st=0
	wait "$epid" || st=$?
	# evaluate exits 1 when a test fails: that is a verdict, not an error.
	[ $st -le 1 ] || may_be_busy $st "$TMP/e.err" "evaluate of round $r"
	check_consistent "round $r"
	n=$(q "SELECT count(*) FROM evidence")
	[ "$n" = "$stored" ] || fail "round $r: $stored ingests succeeded, $n stored"
	r=$((r + 1))
done
evals_a=$(q "SELECT count(*) FROM evaluation")
[ "$evals_a" -ge 1 ] || fail "no evaluation recorded"

# ---------------------------------------- (b) the server read meanwhile
printf 'correct horse battery staple\n' >"$TMP/pw"
"$ASSURE_BIN" --workspace "$WS" user add vic --role viewer <"$TMP/pw" \
    >/dev/null
tok=$("$ASSURE_BIN" --workspace "$WS" user token vic --name soak 2>/dev/null)
case $tok in assure_*) ;; *) fail "no token printed" ;; esac
"$ASSURE_BIN" --workspace "$WS" serve --listen 127.0.0.1:0 \
    >"$TMP/serve.out" 2>"$TMP/serve.err" &
spid=$!
n=0
until grep -q '^Serving' "$TMP/serve.out" 2>/dev/null; do
	kill -0 $spid 2>/dev/null || { err=$(cat "$TMP/serve.err"); out=;
	    status=; fail "assure serve did not start"; }
	n=$((n + 1))
	[ $n -lt 3000 ] || fail "assure serve did not say where it listens"
	sleep 0.01
done
base=$(sed -n 's|^Serving .* on \(http://[^/]*\)/.*|\1|p' "$TMP/serve.out")
[ -n "$base" ] || fail "no address in: $(cat "$TMP/serve.out")"

get() {
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 60 \
	    -H "Authorization: Bearer $tok" "$base$1"
}
rm -f "$TMP/stop"
: >"$TMP/codes"
(
	while [ ! -e "$TMP/stop" ]; do
		for p in / /api/v1/status /api/v1/evaluations /api/v1/controls \
		    /controls /evidence /ledger; do
			printf '%s %s\n' "$(get "$p")" "$p" >>"$TMP/codes"
		done
	done
) &
rpid=$!
r=1
while [ "$r" -le "$ROUNDS" ]; do
	make_file "s$r-a"
	make_file "s$r-b"
	run assure --workspace "$WS" ingest $KIND "$TMP/s$r-a.csv" \
	    "$TMP/s$r-b.csv"
	may_be_busy $status "$TMP/err" "ingest while serving, round $r"
	run assure --workspace "$WS" evaluate
	[ "$status" -le 1 ] || may_be_busy $status "$TMP/err" \
	    "evaluate while serving, round $r"
	r=$((r + 1))
done
# The reader makes one full pass at least after the writer is done.
lines=$(wc -l <"$TMP/codes")
while [ "$(wc -l <"$TMP/codes")" -lt $((lines + 7)) ]; do sleep 0.05; done
: >"$TMP/stop"
wait $rpid
total=$(wc -l <"$TMP/codes")
bad=$(grep -vc '^200 ' "$TMP/codes" || true)
[ "$bad" = 0 ] || fail "$bad of $total answers were not 200:
$(grep -v '^200 ' "$TMP/codes" | sort | uniq -c)"
checks=$((checks + 1))
out=$(curl -s --max-time 60 -H "Authorization: Bearer $tok" \
    "$base/api/v1/evaluations?limit=1")
jq_true ".total == $(q "SELECT count(*) FROM evaluation")"
kill -TERM $spid
st=0
wait $spid || st=$?
[ $st -eq 0 ] || fail "assure serve exited $st on SIGTERM"
logged=$(grep -v 'SIGTERM: stopping' "$TMP/serve.err" || true)
[ -z "$logged" ] || fail "the server logged: $logged"
checks=$((checks + 2))
check_consistent "after serving"

echo "$ROUNDS rounds of $WRITERS ingests and an evaluate at once," \
    "$ROUNDS ingest+evaluate rounds under $total authenticated GETs" \
    "(all 200); $busy gave up busy; ledger verified"
done_ok
