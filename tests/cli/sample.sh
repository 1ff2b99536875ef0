# sample.sh: `assure sample` as an auditor uses it: the population of a
# per-event control (the new hires hr.background_check judged) and of a
# calendar control (the days of the period), the same checkpoint giving
# the same sample and another a different one, the population hash
# reproduced with sort and sha256sum, and a checkpoint of another ledger
# refused.
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
E4,dan@example.com,Dan,active,2026-04-13,,Finance
E5,eve@example.com,Eve,active,2026-05-04,,Engineering
E6,fay@example.com,Fay,active,2026-06-01,,Support
EOF
cat >"$TMP/checks.csv" <<'EOF'
person,completed_at,result
bea@example.com,2026-01-20,clear
cal@example.com,2026-03-01,clear
dan@example.com,2026-04-20,clear
eve@example.com,2026-04-28,consider
EOF
run assure --workspace "$WS" ingest hr-csv --as-of 2026-06-20 \
    "$TMP/roster.csv"
expect_status 0
run assure --workspace "$WS" ingest background-checks --as-of 2026-06-20 \
    "$TMP/checks.csv"
expect_status 0
run assure --workspace "$WS" evaluate --as-of 2026-06-30T23:59:59Z
run assure --workspace "$WS" ledger checkpoint
expect_status 0
printf '%s\n' "$out" >"$TMP/cp1.txt"

# HR-01 is per-event: its population is the five hired in the period,
# taken whole under the default size of 25.
run assure --workspace "$WS" sample HR-01 --checkpoint "$TMP/cp1.txt" \
    --format json
expect_status 0
jq_true '.population_kind == "events" and .sample.population_size == 5 and .sample.method == "whole"'
jq_true '[.sample.items[].subject] == ["bea@example.com", "cal@example.com", "dan@example.com", "eve@example.com", "fay@example.com"]'
jq_true '.sample.checkpoint.verified == true'
pop=$(printf '%s\n' bea@example.com cal@example.com dan@example.com \
    eve@example.com fay@example.com | LC_ALL=C sort | sha256sum | cut -d' ' -f1)
jq_true ".sample.population_sha256 == \"$pop\""

# A drawn sample: the same checkpoint, the same items, every time.
run assure --workspace "$WS" sample HR-01 --checkpoint "$TMP/cp1.txt" \
    --size 2 --format json
expect_status 0
jq_true '.sample.method == "drawn" and (.sample.items | length) == 2'
first=$(printf '%s' "$out" | jq -c '[.sample.items[].subject]')
run assure --workspace "$WS" sample HR-01 --checkpoint "$TMP/cp1.txt" \
    --size 2 --format json
[ "$(printf '%s' "$out" | jq -c '[.sample.items[].subject]')" = "$first" ] ||
    fail "the same checkpoint drew another sample"

# AC-02 is continuous: the 181 days of the period, 25 drawn.
run assure --workspace "$WS" sample AC-02 --checkpoint "$TMP/cp1.txt" \
    --format json
expect_status 0
jq_true '.population_kind == "units" and .sample.population_size == 181 and (.sample.items | length) == 25'
jq_true '[.sample.items[].subject | test("^2026-0[1-6]-[0-3][0-9]$")] | all'
days1=$(printf '%s' "$out" | jq -c '[.sample.items[].subject]')
seed1=$(printf '%s' "$out" | jq -r '.sample.seed')
days=$(i=0; while [ $i -lt 181 ]; do
	date -u -d "2026-01-01 + $i days" +%Y-%m-%d; i=$((i + 1)); done |
	LC_ALL=C sort | sha256sum | cut -d' ' -f1)
jq_true ".sample.population_sha256 == \"$days\""

# A later checkpoint seeds another draw.
run assure --workspace "$WS" evaluate --as-of 2026-06-30T23:59:59Z
run assure --workspace "$WS" ledger checkpoint
printf '%s\n' "$out" >"$TMP/cp2.txt"
run assure --workspace "$WS" sample AC-02 --checkpoint "$TMP/cp2.txt" \
    --format json
expect_status 0
[ "$(printf '%s' "$out" | jq -r '.sample.seed')" != "$seed1" ] ||
    fail "another checkpoint, the same seed"
[ "$(printf '%s' "$out" | jq -c '[.sample.items[].subject]')" != "$days1" ] ||
    fail "another checkpoint drew the same days"

# Without --checkpoint: the first signed after the period's end, which
# is the workspace's first (everything here was signed in 2026-11 or
# later), so the same every time.
run assure --workspace "$WS" sample AC-02 --size 3
expect_status 0
expect_out "checkpoint  example-co.assure/"
expect_out ", size 1, signature verified"
expect_out "sample      3, drawn with i = 0.."

# Text output names the draw; --size bounds; unknown control.
run assure --workspace "$WS" sample HR-01 --checkpoint "$TMP/cp1.txt" \
    --size 2
expect_status 0
expect_out "Sample of HR-01 (Background checks before hiring, per-event)"
expect_out "population  5 subjects, sha256 $pop"
run assure --workspace "$WS" sample HR-01 --size 0
expect_status 2
expect_err "--size: expected a number from 1 to 1000, got '0'"
run assure --workspace "$WS" sample NOPE-1
expect_status 2
expect_err "no control 'NOPE-1' in controls/"

# A checkpoint of another organisation's ledger does not seed this one.
run assure init "$TMP/other" --org "Other Co"
run assure --workspace "$TMP/other" ledger checkpoint
printf '%s\n' "$out" >"$TMP/other-cp.txt"
run assure --workspace "$WS" sample HR-01 --checkpoint "$TMP/other-cp.txt"
[ "$status" -ne 0 ] || fail "a foreign checkpoint was accepted"
expect_err "other-cp.txt"
done_ok
