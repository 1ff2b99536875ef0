# diskfull.sh: a workspace on a small file system that fills up.
#
# A tmpfs of 32 MB is mounted under $TMP and a workspace made on it.
# For each of several amounts of free space (a filler file takes the
# rest), a credential report larger than that is ingested, so that the
# full disk strikes at different points: opening the store (SQLite makes
# its -shm and -wal files), writing the evidence copy, appending the
# transaction to the WAL at commit.  Each ingest must fail with a message
# saying the disk is full (and naming the file once the workspace is
# open); with the filler removed, the store opens, `assure ledger verify`
# passes, nothing of the file was stored (evidence rows = evidence
# entries, no evidence row without all its records or its file), and the
# same ingest then succeeds.  `assure evaluate` on the full disk likewise
# fails cleanly and works after, and `assure report type1 --out` onto a
# full file system fails without leaving a file at the path.
#
# Needs root (mount); SKIPPED (77) when the mount is refused.
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
MNT=$TMP/mnt
OUT=$TMP/full
mkdir "$MNT" "$OUT"
if ! mount -t tmpfs -o size=32m tmpfs "$MNT" 2>/dev/null; then
	echo "SKIPPED: cannot mount a tmpfs (not root?)"
	exit 77
fi
cleanup() {
	umount "$OUT" 2>/dev/null || true
	umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
mount -t tmpfs -o size=1m tmpfs "$OUT" 2>/dev/null ||
    fail "the second tmpfs could not be mounted"
WS=$MNT/ws
DB=$WS/.assure/assure.db
EVD=$WS/.assure/evidence
KIND=aws-iam-credential-report
USERS=3000
"$ASSURE_BIN" init "$WS" --org "Disk Full" >/dev/null
q() { sqlite3 "$DB" "$1"; }

# make_file N: a report of $USERS users (about 460 KB), distinct per N.
make_file() {
	{
		head -n 1 "$DATA/report-clean.csv"
		i=0
		while [ $i -lt $USERS ]; do
			printf 'u%s-%s,arn:aws:iam::555566667777:user/u%s-%s,' \
			    "$1" $i "$1" $i
			printf '2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,'
			printf 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,'
			printf 'false,N/A,false,N/A\n'
			i=$((i + 1))
		done
	} >"$TMP/f$1.csv"
}

avail() { df -B1 --output=avail "$1" | tail -n 1 | tr -d ' '; }

# fill DIR BYTES: a filler file leaves about BYTES free on DIR's file
# system (tmpfs counts 4 KiB pages).
fill() {
	rm -f "$1/filler"
	n=$((($(avail "$1") - $2) / 4096))
	if [ $n -gt 0 ]; then
		dd if=/dev/zero of="$1/filler" bs=4096 count=$n 2>/dev/null ||
		    true
	fi
}

consistent() {
	run assure --workspace "$WS" ledger verify
	[ "$status" -eq 0 ] || fail "$1: ledger verify"
	ev=$(q "SELECT count(*) FROM evidence")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evidence'")
	[ "$ev" = "$le" ] || fail "$1: $ev evidence rows, $le entries"
	ea=$(q "SELECT count(*) FROM evaluation")
	le=$(q "SELECT count(*) FROM ledger_entry WHERE type = 'evaluation'")
	[ "$ea" = "$le" ] || fail "$1: $ea evaluations, $le entries"
	half=$(q "SELECT count(*) FROM evidence e WHERE e.records <>
	    (SELECT count(*) FROM iam_credential c WHERE c.evidence_id = e.id)")
	[ "$half" = 0 ] || fail "$1: $half evidence half-ingested"
	for d in $(q "SELECT sha256 FROM evidence"); do
		[ -f "$EVD/$(printf %.2s "$d")/$d" ] ||
		    fail "$1: evidence $d has no file"
	done
	checks=$((checks + 5))
}

# The amounts of free space, in bytes: each less than an ingest needs.
LEVELS="0 4096 16384 32768 65536 131072 262144 393216 524288 655360 786432"
stage_open=0 stage_copy=0 stage_commit=0 stage_other=0 nlevels=0
for L in $LEVELS; do
	make_file "$L"
	f=$TMP/f$L.csv
	before=$(q "SELECT count(*) FROM evidence")
	fill "$MNT" "$L"
	run assure --workspace "$WS" ingest $KIND "$f"
	expect_status 2
	case $err in
	*"No space left on device"*) ;;
	*) fail "$L bytes free: the error does not say the disk is full" ;;
	esac
	case $err in
	*"cannot write the evidence copy"*)
		stage_copy=$((stage_copy + 1)) ;;
	*COMMIT*|*"disk is full"*)
		stage_commit=$((stage_commit + 1)) ;;
	*"$DB: PRAGMA"*|*"$DB: cannot open"*)
		stage_open=$((stage_open + 1)) ;;
	*)
		stage_other=$((stage_other + 1)) ;;
	esac
	# Once the workspace is open, the message names the file.
	case $err in
	*"$DB: PRAGMA"*|*"$DB: cannot open"*) ;;
	*"$f: not ingested: "*) checks=$((checks + 1)) ;;
	*) fail "$L bytes free: the error does not name $f" ;;
	esac
	rm -f "$MNT/filler"
	consistent "$L bytes free"
	n=$(q "SELECT count(*) FROM evidence")
	[ "$n" = "$before" ] || fail "$L bytes free: $n evidence, not $before"
	run assure --workspace "$WS" ingest $KIND "$f"
	expect_status 0
	expect_out "ingested $USERS records"
	consistent "$L bytes free, ingested again"
	nlevels=$((nlevels + 1))
done
# The disk must have struck at each point at least once.
[ $stage_open -gt 0 ] || fail "no fill level failed at opening the store"
[ $stage_copy -gt 0 ] || fail "no fill level failed at the evidence copy"
[ $stage_commit -gt 0 ] || fail "no fill level failed at the commit"
[ $stage_other -eq 0 ] || fail "$stage_other failures at an unknown point"
checks=$((checks + 4))
# Files that a failed commit left at their content address, no row
# pointing at them (each re-ingest above reused its own).
nfiles=$(find "$EVD" -type f ! -name 'tmp.*' | wc -l)
nrows=$(q "SELECT count(*) FROM evidence")
[ "$nfiles" -eq "$nrows" ] ||
    fail "$nfiles evidence files for $nrows rows after the re-ingests"
checks=$((checks + 1))

# evaluate on the full disk: fails, records nothing, works after.
for L in 0 32768; do
	before=$(q "SELECT count(*) FROM evaluation")
	fill "$MNT" "$L"
	run assure --workspace "$WS" evaluate
	expect_status 2
	expect_err "No space left on device"
	rm -f "$MNT/filler"
	consistent "evaluate with $L bytes free"
	n=$(q "SELECT count(*) FROM evaluation")
	[ "$n" = "$before" ] || fail "evaluate on a full disk recorded one"
	# 1: recorded, with failing tests.
	run assure --workspace "$WS" evaluate
	expect_status 1
	consistent "evaluate again"
	n=$(q "SELECT count(*) FROM evaluation")
	[ "$n" = $((before + 1)) ] || fail "evaluate again: $n evaluations"
done

# A report written onto a full file system: an error, and no file (not
# even a truncated one) at the path nor beside it.
fill "$OUT" 0
run assure --workspace "$WS" report type1 --out "$OUT/type1.html"
expect_status 2
expect_err "$OUT/type1.html"
expect_err "No space left on device"
[ ! -e "$OUT/type1.html" ] || fail "report --out left $OUT/type1.html"
[ -z "$(find "$OUT" -name 'type1.html.tmp*')" ] ||
    fail "report --out left its temporary file"
rm -f "$OUT/filler"
run assure --workspace "$WS" report type1 --out "$OUT/type1.html"
expect_status 0
[ -s "$OUT/type1.html" ] || fail "report --out wrote nothing"
checks=$((checks + 3))

printf '%s: %d fill levels: %d failed opening the store, %d writing the ' \
    "$(basename "$0" .sh)" "$nlevels" "$stage_open" "$stage_copy"
printf 'evidence copy, %d at the commit; every one clean\n' "$stage_commit"
done_ok
