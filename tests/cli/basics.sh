# basics.sh: --version, --help on every command, the exit status contract
# for usage errors, and the global options.
. "$(dirname "$0")/lib.sh"
set -e

run assure --version
expect_status 0
expect_out "assure 0."

run assure --help
expect_status 0
for c in init catalog ingest evaluate status ledger verify completion; do
	expect_out "  $c "
done

run assure
expect_status 2
expect_err "usage: assure"

run assure frobnicate
expect_status 2
expect_err "assure: unknown command 'frobnicate'"

for c in init catalog ingest evaluate status ledger verify completion; do
	run assure "$c" --help
	expect_status 0
	expect_out "usage: assure $c"
	expect_out "--help"
	expect_empty_err
done

run assure evaluate --no-such-option
expect_status 2
expect_err "unknown option '--no-such-option'"
expect_err "Try 'assure evaluate --help'."

run assure status --format yaml
expect_status 2
expect_err "--format must be text or json"

run assure evaluate --as-of
expect_status 2
expect_err "option '--as-of' needs a value"

run assure evaluate --as-of yesterday --workspace "$TMP"
expect_status 2
expect_err "--as-of: expected a date or an RFC 3339 instant"

run assure completion --workspace "$TMP" bash
expect_status 2
expect_err "'completion' does not take --workspace"

# Not a workspace: one line naming the folder.
run assure --workspace "$TMP/nowhere" status
expect_status 2
expect_err "$TMP/nowhere: not an assure workspace"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "error is not one line"

done_ok
