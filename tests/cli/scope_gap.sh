# scope_gap.sh: steps 1 and 2 as a user runs them: the starter scope and
# controls from init, `assure scope`, `assure gap` from controls and from a
# Statement of Applicability, located errors for bad files, category
# switching, and `assure report scoping|gap` in all three formats.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws
EX=$SRC/examples/acme-payroll

run assure init "$WS" --org "Example Co" --categories availability
expect_status 0
[ -f "$WS/scope.yaml" ] || fail "init wrote no scope.yaml"
[ "$(ls "$WS"/controls/*.yaml | wc -l)" -ge 33 ] || fail "no starter controls"
grep -q 'Example Co' "$WS/scope.yaml" || fail "organisation not filled in"

# scope: valid, summarised, with the categories of assure.yaml.
run assure --workspace "$WS" scope
expect_status 0
expect_out "Example Co: Example Co"
expect_out "categories in scope: security, availability"
expect_out "criteria in scope: 36 (security 33, availability 3)"
expect_out "left out:"
expect_out "    privacy "
expect_no_out "Notes:"
run assure --workspace "$WS" scope --format json
expect_status 0
jq_true '[.categories[] | select(.in_scope) | .id] == ["security", "availability"]'
jq_true '.criteria | length == 36'
jq_true '[.categories[] | select(.in_scope | not) | .reason | type] == ["string", "string", "string"]'
jq_true '.subservice_organisations[0].method == "carve-out"'
jq_true '.boundary.data[0].classification == "confidential"'

# gap from the starter controls: every criterion covered, exit 0.
run assure --workspace "$WS" gap
expect_status 0
expect_out "36 criteria in scope (security, availability): 36 covered, 0 partial, 0 gap"
run assure --workspace "$WS" gap --format json
expect_status 0
jq_true '.source == "controls" and .soa == null and .controls_loaded >= 33'
jq_true '[.criteria[] | select(.id | startswith("CC"))] | length == 33'
jq_true '[.criteria[] | select(.id | startswith("CC")) | .status] | all(. == "covered")'
jq_true '[.soc2_specific[].id] == ["system_description", "cuecs", "subservice_monitoring"]'

# A planned control leaves a gap: exit 1, and the gap is named.
sed -i 's/^frequency: annual$/frequency: annual\nstatus: planned/' "$WS/controls/av-03.yaml"
run assure --workspace "$WS" gap
expect_status 1
expect_out "A1.3   gap      only planned: AV-03"

# Switching categories changes scope and gap at once.
sed -i 's/^categories: .*/categories: [security]/' "$WS/assure.yaml"
run assure --workspace "$WS" scope
expect_status 0
expect_out "criteria in scope: 33 (security 33)"
expect_out "availability is left out of scope without a reason"
run assure --workspace "$WS" gap --format json
expect_status 0
jq_true '.criteria | length == 33'
jq_true '[.criteria[] | select(.id | startswith("A1"))] == []'
sed -i 's/^categories: .*/categories: [security, privacy]/' "$WS/assure.yaml"
run assure --workspace "$WS" scope
expect_out "criteria in scope: 51 (security 33, privacy 18)"
expect_out "excluded_categories gives a reason for privacy, but assure.yaml has it in scope"
run assure --workspace "$WS" gap --format json
expect_status 1
jq_true '(.criteria | length == 51) and .summary.gap == 18'
jq_true '.summary.by_category.privacy.gap == 18'
sed -i 's/^categories: .*/categories: [security, availability]/' "$WS/assure.yaml"

# gap from a Statement of Applicability.
run assure --workspace "$WS" gap --soa "$EX/soa.csv"
expect_status 1
expect_out "from the Statement of Applicability"
expect_out "93 of 93 Annex A controls listed"
expect_out "CC6.2  covered  met on its own by 5.18 (equal)"
expect_out "CC1.2  gap      no Annex A counterpart"
expect_out "A1.3   partial"
expect_out "System Description"
run assure --workspace "$WS" gap --soa "$EX/soa.csv" --format json
expect_status 1
jq_true '.source == "soa" and (.soa.sha256 | test("^sha256:[0-9a-f]{64}$"))'
jq_true '.criteria | length == 36'
jq_true '.criteria[] | select(.id == "CC1.2") | .status == "gap" and .no_counterpart'
jq_true '.criteria[] | select(.id == "CC6.2") | [.iso27001[] | select(.decisive) | .id] == ["5.18"]'
jq_true '[.soc2_specific[].id] | contains(["system_description", "cuecs", "subservice_monitoring", "CC1.2", "CC3.3", "CC5.2"])'
jq_true '[.excluded_in_soa[].id] | index("7.6") != null'

# A bad SoA is a located error, exit 2, one line.
printf 'Control ID,Applicable,Status,Justification\nA.5.1,yes,implemented,x\nA.9.2.3,yes,implemented,x\n' >"$TMP/bad-id.csv"
run assure --workspace "$WS" gap --soa "$TMP/bad-id.csv"
expect_status 2
expect_err "bad-id.csv:3:1: control id: unknown ISO/IEC 27001:2022 Annex A control 'A.9.2.3'"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "error is not one line"
printf 'Control ID,Applicable,Status,Justification\nA.5.1,yes,done,x\n' >"$TMP/bad-status.csv"
run assure --workspace "$WS" gap --soa "$TMP/bad-status.csv"
expect_status 2
expect_err "bad-status.csv:2:11: status: expected implemented, partial, planned or not_implemented, got 'done'"
printf 'Control ID,Applicable,Status,Justification\nA.5.1,perhaps,implemented,x\n' >"$TMP/bad-bool.csv"
run assure --workspace "$WS" gap --soa "$TMP/bad-bool.csv"
expect_status 2
expect_err "bad-bool.csv:2:7: applicable: expected yes or no, got 'perhaps'"
printf 'Control ID,Applicable,Status,Justification\n5.1,yes,implemented,x\nA.5.1,yes,partial,x\n' >"$TMP/dup.csv"
run assure --workspace "$WS" gap --soa "$TMP/dup.csv"
expect_status 2
expect_err "dup.csv:3:1: control id: 5.1 is listed twice (first at line 2)"
run assure --workspace "$WS" gap --soa "$TMP/absent.csv"
expect_status 2
expect_err "absent.csv: cannot open"

# reports in all three formats.
for ext in md html json; do
	run assure --workspace "$WS" report scoping --out "$TMP/scoping.$ext"
	expect_status 0
	expect_out "Wrote the scoping statement"
	[ -s "$TMP/scoping.$ext" ] || fail "no scoping.$ext"
	run assure --workspace "$WS" report gap --soa "$EX/soa.csv" --out "$TMP/gap.$ext"
	expect_status 0
	expect_out "Wrote the gap analysis"
done
grep -q '^# Example Co: SOC 2 scoping statement' "$TMP/scoping.md" || fail "md title"
grep -q '<h2>5. Sub-service organisations</h2>' "$TMP/scoping.html" || fail "html section"
! grep -qi '<script' "$TMP/scoping.html" "$TMP/gap.html" || fail "script in a report"
out=$(cat "$TMP/scoping.json")
jq_true '.criteria | length == 36'
jq_true '[.criteria[].id] | index("A1.3") != null'
out=$(cat "$TMP/gap.json")
jq_true '.criteria | length == 36'
jq_true '[.criteria[] | .status | IN("covered", "partial", "gap")] | all'
jq_true '(.summary.covered + .summary.partial + .summary.gap) == 36'
run assure --workspace "$WS" report gap --out "$TMP/gap-controls.json"
expect_status 0
out=$(cat "$TMP/gap-controls.json")
jq_true '.source == "controls" and (.criteria | length == 36)'

# Text in scope.yaml is escaped in the HTML.
sed -i 's/^  - name: Hosted application$/  - name: "<b>Hosted<\/b> \& app"/' "$WS/scope.yaml"
run assure --workspace "$WS" report scoping --out "$TMP/esc.html"
expect_status 0
grep -q '&lt;b&gt;Hosted&lt;/b&gt; &amp; app' "$TMP/esc.html" || fail "not escaped"
! grep -q '<b>Hosted' "$TMP/esc.html" || fail "markup passed through"

# report usage errors.
run assure --workspace "$WS" report scoping --out "$TMP/scoping.pdf"
expect_status 2
expect_err "the extension must be .md, .html or .json"
run assure --workspace "$WS" report scoping
expect_status 2
expect_err "needs --out FILE"
run assure --workspace "$WS" report type9 --out "$TMP/x.md"
expect_status 2
expect_err "unknown report 'type9'"
run assure --workspace "$WS" report scoping --soa "$EX/soa.csv" --out "$TMP/x.md"
expect_status 2
expect_err "--soa does not apply to 'report scoping'"

# A bad scope.yaml is a located error; no report is written.
printf 'colour: blue\n' >>"$WS/scope.yaml"
line=$(wc -l <"$WS/scope.yaml")
run assure --workspace "$WS" scope
expect_status 2
expect_err "$WS/scope.yaml:$line:1: colour: unknown key in scope.yaml"
run assure --workspace "$WS" report scoping --out "$TMP/broken.html"
expect_status 2
[ ! -e "$TMP/broken.html" ] || fail "a report was written from a bad scope"
sed -i '$d' "$WS/scope.yaml"
sed -i 's/criteria: \[CC6.4, CC6.5\]/criteria: [CC6.4, CC6.55]/' "$WS/scope.yaml"
run assure --workspace "$WS" scope
expect_status 2
expect_err "subservice_organisations.criteria: unknown TSC 2017 criterion 'CC6.55'"
sed -i 's/CC6.55/CC6.5/' "$WS/scope.yaml"

# A bad control file is a located error for gap (not for gap --soa).
printf 'id: X-1\ntitle: T\nowner: O\nfrequency: daily\ntests: [iam.nope]\n' >"$WS/controls/zz.yaml"
run assure --workspace "$WS" gap
expect_status 2
expect_err "$WS/controls/zz.yaml:5:9: tests: unknown automated test 'iam.nope'"
printf 'id: X-1\ntitle: T\nowner: O\nfrequency: daily\ntsc: [CC6.1]\niso27001: [A.9.1.1]\n' >"$WS/controls/zz.yaml"
run assure --workspace "$WS" gap
expect_status 2
expect_err "$WS/controls/zz.yaml:6:12: iso27001: unknown ISO/IEC 27001:2022 Annex A control 'A.9.1.1'"
run assure --workspace "$WS" gap --soa "$EX/soa.csv"
expect_status 1
rm "$WS/controls/zz.yaml"

# No scope.yaml: scope and report scoping say how to make one; gap runs.
rm "$WS/scope.yaml"
run assure --workspace "$WS" scope
expect_status 2
expect_err "scope.yaml: no scope file"
run assure --workspace "$WS" gap --format json
jq_true '.soc2_specific[] | select(.id == "cuecs") | .status == "open"'

done_ok
