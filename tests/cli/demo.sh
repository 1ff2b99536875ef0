# demo.sh: the demo runs to the end on the built binary and shows what it
# promises: the scope and gap analysis, the year replayed, the rejection,
# the readiness summary and the reports.
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
expect_out "proof verified: entry "
expect_out "the evidence file is the one it logged"
expect_out "ledger verified: "
expect_err "the ledger extends this checkpoint"
# Steps 1 and 2: scope, gap from the SoA and from Acme's controls, reports.
expect_out "criteria in scope: 36 (security 33, availability 3)"
expect_out "TaxLink Filing Services Ltd  inclusive  CC6.7, CC8.1, CC9.2"
expect_out "36 criteria in scope (security, availability): 10 covered, 23 partial, 3 gap"
expect_out "CC6.2  covered  met on its own by 5.18 (equal)"
expect_out "A1.3   gap      only planned: AV-03"
expect_out "CC3.3  partial  partly implemented: RISK-03"
expect_out "Wrote the scoping statement (html,"
expect_out "to demo/gap.html"
grep -q '<h1>Acme Payroll Platform: SOC 2 scoping statement</h1>' \
    "$TMP/demo/scoping.html" || fail "no scoping statement"
grep -q 'TaxLink Filing Services Ltd' "$TMP/demo/scoping.html" ||
    fail "no sub-service organisation in the statement"
if command -v jq >/dev/null; then
	jq -e '.criteria | length == 36' "$TMP/demo/gap.json" >/dev/null ||
	    fail "gap.json does not list the 36 criteria"
fi
done_ok
