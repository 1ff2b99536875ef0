#!/bin/sh
# fuzz-run.sh BUILD SECONDS [TARGET...]: run each libFuzzer target of a
# -DASSURE_FUZZ=ON build for SECONDS, one after another, and print one
# line of figures per target (also appended to BUILD/fuzz-runs.tsv):
#
#   target  seconds  executions  exec/s  coverage  corpus  crashes
#
# New inputs go to BUILD/corpus-TARGET (the kept corpus fuzz/corpus/TARGET
# is read, never written); a crashing input is written to
# fuzz/corpus/TARGET/crash-* so that, once fixed, `make check` replays it.
# Without TARGETs, every target of the build runs.  Exit status 1 if any
# target found a crash.  `make fuzz` and `make soak` call this.
set -u
build=${1:?usage: fuzz-run.sh BUILD SECONDS [TARGET...]}
secs=${2:?usage: fuzz-run.sh BUILD SECONDS [TARGET...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
	for f in "$build"/fuzz/fuzz_*; do
		[ -x "$f" ] && set -- "$@" "${f##*/fuzz_}"
	done
fi
tsv=$build/fuzz-runs.tsv
[ -s "$tsv" ] || printf 'date\ttarget\tseconds\texecutions\texec_per_s\tcoverage\tcorpus\tcrashes\n' >"$tsv"
bad=0
for t in "$@"; do
	bin=$build/fuzz/fuzz_$t
	[ -x "$bin" ] || { echo "fuzz-run: no target $t in $build" >&2; bad=1; continue; }
	mkdir -p "$build/corpus-$t" "$build/fuzz-logs"
	log=$build/fuzz-logs/$t.log
	before=$(ls "$src/fuzz/corpus/$t" | grep -c '^crash-' || true)
	start=$(date +%s)
	"$bin" -max_total_time="$secs" -print_final_stats=1 \
	    -artifact_prefix="$src/fuzz/corpus/$t/crash-" \
	    "$build/corpus-$t" "$src/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	after=$(ls "$src/fuzz/corpus/$t" | grep -c '^crash-' || true)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	corp=$(ls "$build/corpus-$t" | wc -l)
	crashes=$((after - before))
	[ $rc -eq 0 ] || [ $crashes -gt 0 ] || crashes="exit $rc"
	line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%F)" "$t" \
	    "$took" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$corp" "$crashes")
	printf '%s\n' "$line" >>"$tsv"
	printf '%s\n' "$line"
	[ "$crashes" = 0 ] || bad=1
done
exit $bad
