# lib.sh: helpers for the CLI tests.  Each test sources this file, calls
# `run assure ARGS...` and checks $status, $out and $err.  A failed check
# prints what was expected and what came, and the test exits 1.  Exit 77
# means SKIPPED.
set -u

ASSURE_BIN=${ASSURE_BIN:?ASSURE_BIN must name the assure binary}
SRC=${ASSURE_SRCDIR:?ASSURE_SRCDIR must name the source tree}
DATA=$SRC/tests/data/cli
TMP=$(mktemp -d "${TMPDIR:-/tmp}/assure-cli-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
# A fixed "now" keeps collection times and defaults reproducible.
export ASSURE_NOW=2026-07-01T00:00:00Z
unset ASSURE_WORKSPACE
checks=0

# run CMD ARGS...: capture stdout, stderr and the exit status.
run() {
	if [ "$1" = assure ]; then
		shift
		set -- "$ASSURE_BIN" "$@"
	fi
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	set -e
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

fail() {
	printf 'FAIL: %s\n--- status: %s\n--- stdout:\n%s\n--- stderr:\n%s\n' \
	    "$*" "${status:-}" "${out:-}" "${err:-}" >&2
	exit 1
}

expect_status() {
	checks=$((checks + 1))
	[ "$status" -eq "$1" ] || fail "expected exit status $1"
}

expect_out() {
	checks=$((checks + 1))
	case $out in *"$1"*) ;; *) fail "stdout lacks '$1'" ;; esac
}

expect_err() {
	checks=$((checks + 1))
	case $err in *"$1"*) ;; *) fail "stderr lacks '$1'" ;; esac
}

expect_no_out() {
	checks=$((checks + 1))
	case $out in *"$1"*) fail "stdout has '$1'" ;; esac
}

expect_empty_err() {
	checks=$((checks + 1))
	[ -z "$err" ] || fail "expected nothing on stderr"
}

# jq_out FILTER: evaluate a jq filter on $out; fail unless it is true.
jq_true() {
	checks=$((checks + 1))
	printf '%s' "$out" | jq -e "$1" >/dev/null 2>&1 ||
	    fail "jq '$1' is not true"
}

done_ok() {
	printf '%s: %d checks passed\n' "$(basename "$0" .sh)" "$checks"
	exit 0
}
