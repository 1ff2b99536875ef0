# demo.sh: the demo runs to the end on the built binary and shows what it
# promises: the year replayed, the rejection, the readiness summary.
. "$(dirname "$0")/lib.sh"
set -e
unset ASSURE_NOW
cp -R "$SRC/examples" "$SRC/scripts" "$TMP/"
run sh -c "cd '$TMP' && sh scripts/demo.sh '$ASSURE_BIN'"
expect_status 0
expect_out "Created the workspace of Acme Payroll"
expect_out "as of 2025-07-28T09:00:00Z (as given)"
expect_out "nothing changed"
expect_err "damaged-credential-report.csv:3:"
expect_out "2025-07-31  0 of 2 tests pass"
expect_out "2026-04-30  0 of 2 tests pass: 0 fail, 2 no evidence"
expect_out "2026-05-31  2 of 2 tests pass"
expect_out "2026-06-30  1 of 2 tests pass: 1 fail"
expect_out "aws/210987654321/sam.lee"
expect_out '"evaluation_id":'
done_ok
