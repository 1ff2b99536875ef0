# ledger_crash.sh: SIGKILL at random points of ingest and evaluate loops.
# After each kill the store opens, `assure ledger verify` passes, and the
# evidence present is exactly what was committed: every file the killed
# loop reported as ingested is there, every evidence row has its ledger
# entry and all its records, nothing is half-ingested.  At the end, the
# temporary copies killed ingests left are counted, and an ingest removes
# those older than an hour (and only those).
#
# Then the same kills hit a loop of report exports (type2 to .xlsx, type1
# to .html, the auditor package to .zip): the store is unchanged (same
# dump), the ledger verifies, and each output path is absent or a whole
# file.  And a loop of other ledger appends (user add, policy approve):
# every user and approval row has its entry, every user reported added is
# stored.
#
# Each loop runs in a process group of its own (set -m), so one kill -9 of
# the group stops the loop and the assure process it is running, wherever
# that process is: opening the store, in a transaction, fsyncing.
#
# ASSURE_SOAK_RUNS sets the number of kills of the ingest and evaluate
# loops (default 6; `make soak` runs hundreds), and a third as many of
# the export and append loops.
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
unset ASSURE_NOW
RUNS=${ASSURE_SOAK_RUNS:-6}
FILES=20
KIND=aws-iam-credential-report
WS=$TMP/ws
DB=$WS/.assure/assure.db
EVD=$WS/.assure/evidence
"$ASSURE_BIN" init "$WS" --org "Crash Test" >/dev/null
head -n 2 "$DATA/report-clean.csv" >"$TMP/head.csv"
q() { sqlite3 "$DB" "$1"; }
set -m

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

# group_alive PGID: whether a process of the group is still running (not a
# zombie: a zombie has closed its files and released its locks, and the
# container's init may take its time to reap it).
group_alive() {
	g=$1
	for f in /proc/[0-9]*/stat; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		# After "pid (comm) ": state, ppid, process group, ...
		set -- ${line##*) }
		[ "$3" = "$g" ] && [ "$1" != Z ] && return 0
	done
	return 1
}

# kill_group PID: SIGKILL the process group a background job leads and
# wait (a bounded while) until none of its processes runs any more.
kill_group() {
	kill -9 -- "-$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	n=0
	while group_alive "$1" && [ $n -lt 500 ]; do
		sleep 0.01
		n=$((n + 1))
	done
	[ $n -lt 500 ] || fail "the killed loop $1 is still running"
}

pause() {
	sleep "0.$(printf '%03d' $((RANDOM % 300 + 5)))"
}

check_consistent() {
	run assure --workspace "$WS" ledger verify
	[ "$status" -eq 0 ] || fail "ledger verify after kill $1: $err"
	ev=$(q "SELECT count(*) FROM evidence")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evidence'")
	[ "$ev" = "$le" ] || fail "kill $1: $ev evidence rows, $le entries"
	ea=$(q "SELECT count(*) FROM evaluation")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evaluation'")
	[ "$ea" = "$le" ] || fail "kill $1: $ea evaluations, $le entries"
	half=$(q "SELECT count(*) FROM evidence e WHERE e.records <>
	    (SELECT count(*) FROM iam_credential c WHERE c.evidence_id = e.id)")
	[ "$half" = 0 ] || fail "kill $1: $half evidence half-ingested"
	# Every file the killed loop said it ingested is there.
	for d in $(sed -n 's/.*: ingested .*, sha256:\([0-9a-f]*\)$/\1/p' \
	    "$TMP/ingest.log"); do
		n=$(q "SELECT count(*) FROM evidence WHERE sha256 = '$d'")
		[ "$n" = 1 ] || fail "kill $1: reported $d but it is not stored"
		reported=$((reported + 1))
	done
	checks=$((checks + 5))
}

reported=0
r=1
while [ $r -le "$RUNS" ]; do
	make_files $r
	: >"$TMP/ingest.log"
	(
		for f in "$TMP"/run$r-*.csv; do
			"$ASSURE_BIN" --workspace "$WS" ingest $KIND "$f" \
			    >>"$TMP/ingest.log" 2>>"$TMP/ingest.err" || true
		done
	) &
	pid=$!
	pause
	kill_group $pid
	check_consistent "$r (ingest)"
	# The rest of the files go in afterwards, as a user would retry.
	run assure --workspace "$WS" ingest $KIND "$TMP"/run$r-*.csv
	expect_status 0
	r=$((r + 1))
done
total=$(q "SELECT count(*) FROM evidence")
[ "$total" -eq $((RUNS * FILES)) ] ||
    fail "expected $((RUNS * FILES)) files, got $total"

# Kills during evaluations.
: >"$TMP/ingest.log"
r=1
while [ $r -le "$RUNS" ]; do
	(
		while :; do
			"$ASSURE_BIN" --workspace "$WS" evaluate \
			    >/dev/null 2>&1 || true
		done
	) &
	pid=$!
	pause
	kill_group $pid
	check_consistent "$r (evaluate)"
	r=$((r + 1))
done

# Kills during report export: the reports and the auditor package read
# the store and write one file each.  After each kill the store is as it
# was (same dump, same ledger) and each --out path is absent or a whole
# file, never a truncated one: they are written beside it, synced and
# renamed.
run assure --workspace "$WS" ledger checkpoint
expect_status 0
dump() { sqlite3 "$DB" .dump | sha256sum; }
before=$(dump)
whole_outputs() {
	if [ -e "$TMP/rep/r.html" ]; then
		[ "$(tail -c 8 "$TMP/rep/r.html" | tr -d '\n')" = "</html>" ] ||
		    fail "kill $1: r.html is truncated"
		html=$((html + 1))
	fi
	for z in r.xlsx pkg.zip; do
		[ -e "$TMP/rep/$z" ] || continue
		unzip -tqq "$TMP/rep/$z" >/dev/null 2>&1 ||
		    fail "kill $1: $z is not a whole archive"
		zips=$((zips + 1))
	done
	checks=$((checks + 2))
}
html=0
zips=0
mkdir "$TMP/rep"
# export_one I: the I-th export (0 to 2), written whole.
export_one() {
	case $1 in
	0) set -- report type2 --out "$TMP/rep/r.xlsx" ;;
	1) set -- report type1 --out "$TMP/rep/r.html" ;;
	*) set -- export auditor --out "$TMP/rep/pkg.zip" ;;
	esac
	"$ASSURE_BIN" --workspace "$WS" "$@"
}
# Each command writes its file whole when left to finish.
for i in 0 1 2; do
	export_one $i >/dev/null || fail "export $i failed"
done
whole_outputs "(none)"
[ "$zips" -eq 2 ] && [ "$html" -eq 1 ] || fail "an export wrote nothing"
[ "$(dump)" = "$before" ] || fail "the exports changed the store"
html=0
zips=0
# A third of the runs of the other loops: an export takes a second or two.
XRUNS=$(((RUNS + 2) / 3))
r=1
while [ $r -le "$XRUNS" ]; do
	# Odd runs replace the whole files there; even runs start with no
	# file, so that a kill finds either nothing or the first whole one.
	# Each run starts the loop with another command, so that the kills
	# land in each.
	[ $((r % 2)) -eq 1 ] || rm -f "$TMP/rep/r.html" "$TMP/rep/r.xlsx" \
	    "$TMP/rep/pkg.zip"
	(
		i=$r
		while :; do
			export_one $((i % 3)) >/dev/null 2>&1 || true
			i=$((i + 1))
		done
	) &
	pid=$!
	pause
	kill_group $pid
	run assure --workspace "$WS" ledger verify
	[ "$status" -eq 0 ] || fail "ledger verify after kill $r (export)"
	[ "$(dump)" = "$before" ] || fail "kill $r (export): the store changed"
	whole_outputs "$r (export)"
	r=$((r + 1))
done
rtmps=$(find "$TMP/rep" -name '*.tmp*' | wc -l)

# Kills during other ledger appends: user additions and policy
# approvals, one transaction each with their row, entry and checkpoint.
export ASSURE_TEST_PWHASH_MIN=1
printf 'correct horse battery staple\n' >"$TMP/pw"
r=1
while [ $r -le "$XRUNS" ]; do
	: >"$TMP/user.log"
	(
		# Odd runs start with a user, even ones with an approval.
		i=$r
		while :; do
			if [ $((i % 2)) -eq 1 ]; then
				"$ASSURE_BIN" --workspace "$WS" user add \
				    "u$r-$i" --role viewer <"$TMP/pw" \
				    >>"$TMP/user.log" 2>&1 || true
			else
				# The same text approved again and
				# again, as a yearly review does.
				"$ASSURE_BIN" --workspace "$WS" policy \
				    approve POL-ISP --by "Jane Doe" \
				    >/dev/null 2>&1 || true
			fi
			i=$((i + 1))
		done
	) &
	pid=$!
	pause
	kill_group $pid
	check_consistent "$r (user, policy)"
	nu=$(q "SELECT count(*) FROM app_user")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'user-add'")
	[ "$nu" = "$le" ] || fail "kill $r: $nu users, $le user-add entries"
	na=$(q "SELECT count(*) FROM policy_approval")
	le=$(q "SELECT count(*) FROM ledger_entry
	    WHERE type = 'policy-approval'")
	[ "$na" = "$le" ] || fail "kill $r: $na approvals, $le entries"
	for u in $(sed -n 's/^Added \([^ ]*\) (.*/\1/p' "$TMP/user.log"); do
		n=$(q "SELECT count(*) FROM app_user WHERE name = '$u'")
		[ "$n" = 1 ] || fail "kill $r: added $u but it is not stored"
	done
	checks=$((checks + 2))
	r=$((r + 1))
done
users=$nu
approvals=$na
set +m

# What the kills left beside the store: temporary copies (killed before
# the rename) and content-addressed files with no row (killed between the
# rename and the commit).  Neither is read by anything.
tmps=$(find "$EVD" -maxdepth 1 -name 'tmp.*' -type f | wc -l)
find "$EVD" -mindepth 2 -type f -printf '%f\n' | sort >"$TMP/blobs"
q "SELECT sha256 FROM evidence ORDER BY sha256" >"$TMP/rows"
orphans=$(comm -23 "$TMP/blobs" "$TMP/rows" | wc -l)
missing=$(comm -13 "$TMP/blobs" "$TMP/rows" | wc -l)
[ "$missing" -eq 0 ] || fail "$missing evidence rows have no file"

# An ingest removes temporary copies an hour old, and only those.
: >"$EVD/tmp.OLDOLD"
touch -d '2 hours ago' "$EVD/tmp.OLDOLD"
: >"$EVD/tmp.NEWNEW"
run assure --workspace "$WS" ingest $KIND "$TMP/run1-0.csv"
expect_status 0
expect_out "already stored"
checks=$((checks + 2))
[ ! -e "$EVD/tmp.OLDOLD" ] || fail "a stale temporary copy was not removed"
[ -e "$EVD/tmp.NEWNEW" ] || fail "a fresh temporary copy was removed"
rm -f "$EVD/tmp.NEWNEW"

echo "$RUNS kills during ingest, $RUNS during evaluate, $XRUNS during" \
    "report export, $XRUNS during user and policy appends: the ledger" \
    "verified every time; $reported files reported before a kill were" \
    "all stored; left behind: $tmps temporary copies, $orphans" \
    "unreferenced evidence files, $rtmps temporary reports; $html html," \
    "$zips xlsx/zip outputs found whole after kills; $users users and" \
    "$approvals approvals each with its entry"
done_ok
