# type2.sh: `assure report type2` over a replayed half-year: a quarterly
# control evidenced by filed minutes each quarter operated effectively,
# one missing a quarter has exceptions noted, one with nothing is not
# evidenced; a per-event control's population and exceptions; the sample
# in the report is the one `assure sample` draws from the same
# checkpoint; three formats; the report records nothing.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws

run assure init "$WS" --org "Example Co" --period 2026-01-01..2026-06-30
expect_status 0
cat >"$TMP/roster.csv" <<'EOF'
employee_id,email,name,status,hire_date,termination_date,department
E1,ann@example.com,Ann,active,2020-03-01,,Engineering
E2,bea@example.com,Bea,active,2026-02-02,,Engineering
E3,cal@example.com,Cal,active,2026-03-09,,Sales
EOF
cat >"$TMP/checks.csv" <<'EOF'
person,completed_at,result
bea@example.com,2026-01-20,clear
cal@example.com,2026-03-20,clear
EOF
run assure --workspace "$WS" ingest hr-csv --as-of 2026-06-20 \
    "$TMP/roster.csv"
expect_status 0
run assure --workspace "$WS" ingest background-checks --as-of 2026-06-20 \
    "$TMP/checks.csv"
expect_status 0
for q in 1 2; do
	printf 'Board minutes, 2026 Q%s: the security report was reviewed.\n' \
	    "$q" >"$TMP/minutes-q$q.txt"
done
run assure --workspace "$WS" ingest document --control GOV-02 \
    --period 2026-01-01..2026-03-31 "$TMP/minutes-q1.txt"
expect_status 0
run assure --workspace "$WS" ingest document --control GOV-02 \
    --period 2026-04-01..2026-06-30 "$TMP/minutes-q2.txt"
expect_status 0
printf 'Inventory reviewed, Q1.\n' >"$TMP/inventory-q1.txt"
run assure --workspace "$WS" ingest document --control COM-01 \
    --period 2026-01-01..2026-03-31 "$TMP/inventory-q1.txt"
expect_status 0
run assure --workspace "$WS" evaluate --period 2026-01-01..2026-06-30 \
    --every 1w
run assure --workspace "$WS" ledger checkpoint
printf '%s\n' "$out" >"$TMP/cp.txt"
run assure --workspace "$WS" ledger status --format json
size_before=$(printf '%s' "$out" | jq .size)

run assure --workspace "$WS" report type2 --checkpoint "$TMP/cp.txt" \
    --out "$TMP/t2.json"
expect_status 0
expect_out "Wrote the Type 2 report (json,"
J=$TMP/t2.json
jq -e '.report == "type2" and .period_start == "2026-01-01T00:00:00Z"' "$J" \
    >/dev/null || fail "the period"
jq -e '.controls[] | select(.id == "GOV-02") | .expected == 2 and .occurred == 2 and .conclusion == "operated effectively"' \
    "$J" >/dev/null || fail "GOV-02: $(jq -c '.controls[] | select(.id == "GOV-02") | {expected, occurred, conclusion}' "$J")"
jq -e '.controls[] | select(.id == "COM-01") | .occurred == 1 and .conclusion == "exceptions noted" and ([.units[] | select(.filed == 0) | .unit] == ["2026-Q2"])' \
    "$J" >/dev/null || fail "COM-01"
jq -e '.controls[] | select(.id == "AC-03") | .occurred == 0 and .conclusion == "not evidenced" and (.gaps | length) == 1' \
    "$J" >/dev/null || fail "AC-03"
# HR-01 is per-event: the two hired in the period, both checked in time
# (Bea's check was before her hire, Cal's eleven days after hers: an
# exception).
jq -e '.controls[] | select(.id == "HR-01") | .population_kind == "events" and ([.population[].subject] == ["bea@example.com", "cal@example.com"])' \
    "$J" >/dev/null || fail "HR-01 population"
jq -e '.controls[] | select(.id == "HR-01") | [.exceptions[] | select(.subject == "cal@example.com")] | length == 1' \
    "$J" >/dev/null || fail "HR-01 exceptions"
jq -e '.controls[] | select(.id == "HR-01") | .population[] | select(.subject == "cal@example.com") | .exceptions[0].test == "hr.background_check"' \
    "$J" >/dev/null || fail "HR-01 per-record result"
# The report's sample is the one assure sample draws.
report_days=$(jq -c '.controls[] | select(.id == "AC-02") | [.sample.items[].subject]' "$J")
run assure --workspace "$WS" sample AC-02 --checkpoint "$TMP/cp.txt" \
    --format json
expect_status 0
[ "$(printf '%s' "$out" | jq -c '[.sample.items[].subject]')" = "$report_days" ] ||
    fail "the report's sample differs from assure sample's"
jq -e '.controls[] | select(.id == "AC-02") | (.population | length) == 181 and .sample.population_size == 181' \
    "$J" >/dev/null || fail "AC-02 population"

run assure --workspace "$WS" report type2 --checkpoint "$TMP/cp.txt" \
    --out "$TMP/t2.html"
expect_status 0
grep -q '<h1>Type 2: operating effectiveness of controls</h1>' "$TMP/t2.html" ||
    fail "no title"
grep -q '<h2>GOV-02 ' "$TMP/t2.html" || fail "no GOV-02 section"
grep -q 'operated effectively' "$TMP/t2.html" || fail "no conclusion"
grep -q '<script' "$TMP/t2.html" && fail "script in the report"
run assure --workspace "$WS" report type2 --checkpoint "$TMP/cp.txt" \
    --out "$TMP/t2.md"
expect_status 0
grep -q '^## Summary' "$TMP/t2.md" || fail "no summary in Markdown"
grep -q '^### Sample' "$TMP/t2.md" || fail "no sample in Markdown"

# Without --checkpoint: the first signed after the period's end.
run assure --workspace "$WS" report type2 --out "$TMP/t2b.json"
expect_status 0
jq -e '.controls[0].sample.checkpoint.size == 1' "$TMP/t2b.json" >/dev/null ||
    fail "default checkpoint"

# The auditor's workbook: .xlsx, a zip of sheets (checked when unzip is
# installed; tests/unit/test_workbook.c reads it with libarchive).
run assure --workspace "$WS" report type2 --checkpoint "$TMP/cp.txt" \
    --out "$TMP/t2.xlsx"
expect_status 0
expect_out "Wrote the Type 2 report (xlsx workbook,"
[ -s "$TMP/t2.xlsx" ] || fail "no workbook"
ls "$TMP" | grep -q 't2.xlsx.tmp' && fail "a temporary file left behind"
if command -v unzip >/dev/null; then
	unzip -l "$TMP/t2.xlsx" >"$TMP/xl.txt" || fail "not a zip"
	grep -q 'xl/workbook.xml' "$TMP/xl.txt" || fail "no xl/workbook.xml"
	grep -q 'xl/worksheets/sheet1.xml' "$TMP/xl.txt" || fail "no sheet1"
	unzip -p "$TMP/t2.xlsx" xl/workbook.xml >"$TMP/wb.xml"
	for name in Summary GOV-02 HR-01 AC-02 'Request list'; do
		grep -q "<sheet name=\"$name\"" "$TMP/wb.xml" ||
		    fail "no sheet $name"
	done
	unzip -p "$TMP/t2.xlsx" 'xl/worksheets/*.xml' >"$TMP/sheets.xml"
	grep -q '<f>' "$TMP/sheets.xml" && fail "a formula in the workbook"
	grep -q 'cal@example.com' "$TMP/sheets.xml" || fail "no HR-01 member"
	grep -q 'operated effectively' "$TMP/sheets.xml" ||
	    fail "no conclusion"
else
	echo "SKIPPED: unzip absent: the workbook's contents"
fi
# .xlsx is type2's only; other kinds refuse it.
run assure --workspace "$WS" report scoping --out "$TMP/x.xlsx"
expect_status 2
expect_err "has no .xlsx form"

# Nothing was recorded by the reports.
run assure --workspace "$WS" ledger status --format json
[ "$(printf '%s' "$out" | jq .size)" = "$size_before" ] ||
    fail "the report changed the ledger"

# Usage: options of other kinds, a bad period.
run assure --workspace "$WS" report type2 --as-of 2026-01-01 \
    --out "$TMP/x.json"
expect_status 2
run assure --workspace "$WS" report scoping --period 2026-01-01..2026-02-01 \
    --out "$TMP/x.json"
expect_status 2
expect_err "--period does not apply to 'report scoping'"
run assure --workspace "$WS" report type2 --period 2026-06-01..2026-01-01 \
    --out "$TMP/x.json"
expect_status 2
done_ok
