# type1.sh: `assure report type1` on one day: an HR roster and an Okta
# export ingested, one policy approved; the report, in three formats,
# has a section per criterion in scope with the controls addressing it,
# a control's test verdicts on the day, the policies of a control with
# their approval state, the snapshot of the accounts, and records
# nothing.  A control naming an unknown policy is a located error.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws
ID=$SRC/tests/data/identity

run assure init "$WS" --org "Example Co" --period 2026-01-01..2026-06-30
expect_status 0
run assure --workspace "$WS" ingest hr-csv --as-of 2026-06-20 \
    "$ID/roster.csv"
expect_status 0
for k in okta-users:okta_users okta-factors:okta_factors; do
	run assure --workspace "$WS" ingest "${k%%:*}" --as-of 2026-06-20 \
	    "$ID/${k#*:}.json"
	expect_status 0
done
run assure --workspace "$WS" ingest okta-admins --as-of 2026-06-20 \
    "$ID/okta_roles.json" "$ID/okta_assignees.json"
expect_status 0
ASSURE_NOW=2026-03-01T00:00:00Z run assure --workspace "$WS" policy approve \
    POL-AC --by "Jane Doe"
expect_status 0
run assure --workspace "$WS" ledger status --format json
size_before=$(printf '%s' "$out" | jq .size)

# --as-of defaults to the end of the observation period.
run assure --workspace "$WS" report type1 --out "$TMP/t1.json"
expect_status 0
expect_out "Wrote the Type 1 report (json,"
J=$TMP/t1.json
jq_true() {
	checks=$((checks + 1))
	jq -e "$1" "$J" >/dev/null || fail "$J: $1"
}
jq_true '.report == "type1" and .as_of == "2026-06-30T23:59:59Z" and
    .recorded == false and .categories == ["security"]'
jq_true '.counts.criteria.in_scope == (.criteria | length) and
    .counts.controls.total == (.controls | length)'
jq_true '[.criteria[].id] | index("CC6.1") != null'
jq_true '.criteria[] | select(.id == "CC6.1") | .status == "covered" and
    (.controls | index("AC-02") != null)'
# AC-02 on the day: MFA for admins passes, for users fails on Alice.
jq_true '.controls[] | select(.id == "AC-02") | .tests[] |
    select(.id == "iam.admin_mfa") | .verdict == "pass" and
    .population == 1 and (.evidence | length) > 0'
jq_true '.controls[] | select(.id == "AC-02") | .tests[] |
    select(.id == "iam.user_mfa") | .verdict == "fail" and
    .exceptions[0].subject == "okta/acme.okta.com/alice@example.com"'
# The evidence digests are ledger references.
dg=$(jq -r '.controls[] | select(.id == "AC-02") | .tests[] |
    select(.id == "iam.admin_mfa") | .evidence[0]' "$J")
run assure --workspace "$WS" ledger prove "$dg"
expect_status 0
# Policies: POL-AC approved in its current text, POL-ENC not.
jq_true '.controls[] | select(.id == "AC-03") | .policies ==
    [.policies[] | select(.id == "POL-AC" or .id == "POL-ENC")] and
    ([.policies[] | select(.id == "POL-AC")][0] | .approved and
    .approved_by == "Jane Doe") and
    ([.policies[] | select(.id == "POL-ENC")][0].approved | not)'
# The accounts on the day.
jq_true '.accounts[] | select(.system == "okta") | .active == 2 and
    .admins == 1 and .mfa.enrolled == 1 and .mfa.not_enrolled == 1 and
    .stale == false and .snapshot == "2026-06-20T00:00:00Z" and
    .active_admins[0].login == "svc-deploy@example.com"'

# Before the approval and the exports: not approved, no accounts.
run assure --workspace "$WS" report type1 --as-of 2026-02-01 \
    --out "$TMP/early.json"
expect_status 0
jq -e '.as_of == "2026-02-01T23:59:59Z" and (.accounts | length) == 0 and
    ([.controls[] | select(.id == "AC-02") | .policies[0].approved] ==
    [false])' "$TMP/early.json" >/dev/null || fail "as of 2026-02-01"

run assure --workspace "$WS" report type1 --out "$TMP/t1.html"
expect_status 0
H=$TMP/t1.html
grep -q '<h1>Type 1: design of controls</h1>' "$H" || fail "no title"
grep -q '<h3>Criterion CC6.1</h3>' "$H" || fail "no CC6.1 section"
grep -q '<h4>AC-02 Multi-factor authentication</h4>' "$H" ||
    fail "no AC-02 under its criterion"
grep -q 'approved in its current text by Jane Doe' "$H" ||
    fail "no approval state"
grep -q '<h2>Accounts on 2026-06-30</h2>' "$H" || fail "no accounts"
grep -q 'nothing was recorded' "$H" || fail "does not say it records nothing"
grep -q '<script' "$H" && fail "script in the report"
run assure --workspace "$WS" report type1 --as-of 2026-06-30T12:00:00Z \
    --out "$TMP/t1.md"
expect_status 0
grep -q '^## Summary by criterion' "$TMP/t1.md" || fail "no summary"
grep -q '^## Open design gaps' "$TMP/t1.md" || fail "no design gaps"
grep -q '^### Criterion CC6.1' "$TMP/t1.md" || fail "no CC6.1 in Markdown"

# Nothing was recorded by the reports.
run assure --workspace "$WS" ledger status --format json
[ "$(printf '%s' "$out" | jq .size)" = "$size_before" ] ||
    fail "the report changed the ledger"
checks=$((checks + 1))

# A planned control shows as an open design gap.
printf 'status: planned\n' >>"$WS/controls/ven-01.yaml"
run assure --workspace "$WS" report type1 --out "$TMP/t1b.json"
expect_status 0
jq -e '.counts.controls.planned == 1 and
    (.controls[] | select(.id == "VEN-01") | .status == "planned")' \
    "$TMP/t1b.json" >/dev/null || fail "planned control"

# An unknown policy id is an error where it is written.
printf 'policies: [POL-AC, POL-NOPE]\n' >"$TMP/pol.yaml"
grep -v '^policies:' "$WS/controls/ac-01.yaml" >"$TMP/ac-01.yaml"
cat "$TMP/ac-01.yaml" "$TMP/pol.yaml" >"$WS/controls/ac-01.yaml"
line=$(grep -n '^policies:' "$WS/controls/ac-01.yaml" | cut -d: -f1)
run assure --workspace "$WS" report type1 --out "$TMP/x.json"
expect_status 2
expect_err "ac-01.yaml:$line:20: policies: control AC-01: unknown policy 'POL-NOPE'"
[ ! -e "$TMP/x.json" ] || fail "a report was written"

# Usage.
run assure --workspace "$WS" report type1 --period 2026-01-01..2026-02-01 \
    --out "$TMP/x.json"
expect_status 2
expect_err "--period does not apply to 'report type1'"
run assure --workspace "$WS" report type1 --as-of yesterday \
    --out "$TMP/x.json"
expect_status 2
run assure --workspace "$WS" report nope --out "$TMP/x.json"
expect_status 2
expect_err "type1"
done_ok
