#!/bin/sh
# run.sh TEST.sh: run one CLI test with every assure process under
# valgrind's memcheck (tests/valgrind/assure-vg), then read the logs the
# processes left in $ASSURE_VG_LOGDIR.  The test fails if the CLI test
# fails, or if any log reports an error (ERROR SUMMARY not 0), or if
# valgrind itself gave up; the logs in question are named and printed.
# A log with no summary belongs to a process the test killed (SIGKILL,
# as ledger_crash.sh does), which memcheck cannot report on; those are
# counted, not failed.  Exit 77 (SKIPPED) is passed through.
set -u
test=${1:?usage: run.sh TEST.sh}
command -v valgrind >/dev/null 2>&1 ||
    { echo "SKIPPED: valgrind absent"; exit 77; }
: "${ASSURE_VG_LOGDIR:?ASSURE_VG_LOGDIR must name the log folder}"
rm -rf "$ASSURE_VG_LOGDIR"
mkdir -p "$ASSURE_VG_LOGDIR"

bash "$test"
status=$?
[ "$status" -eq 77 ] && exit 77

runs=0 killed=0 bad=""
for log in "$ASSURE_VG_LOGDIR"/vg.*.log; do
	[ -e "$log" ] || continue
	runs=$((runs + 1))
	if grep -q "ERROR SUMMARY: [1-9]" "$log" ||
	    grep -q "the 'impossible' happened\|Valgrind's memory management: out of memory" "$log"; then
		bad="$bad $log"
	elif ! grep -q "ERROR SUMMARY: 0" "$log"; then
		killed=$((killed + 1))
	fi
done
for log in $bad; do
	echo "--- $log" >&2
	cat "$log" >&2
done
[ -z "$bad" ] || { echo "FAIL: memcheck errors in:$bad" >&2; exit 1; }
[ "$status" -eq 0 ] || exit "$status"
echo "valgrind: $runs assure processes under memcheck, no errors" \
    "($killed killed before their summary)"
exit 0
