# sysdesc.sh: `assure report system-description` over the Acme Payroll
# scope and controls, with an incident register and a policy approved
# twice: DC1 to DC9 in HTML (diagrams inline), Markdown (DOT source) and
# JSON; --period narrows what is reported; a hostile actor is text; a flow
# to an unknown name is a located error; --period is refused elsewhere.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws
EX=$SRC/examples/acme-payroll

run assure init "$WS" --org "Acme Payroll" --system "Acme Payroll Platform" \
    --categories security,availability --period 2025-07-01..2026-06-30
expect_status 0
cp "$EX"/scope.yaml "$WS"/scope.yaml
cp "$EX"/controls/*.yaml "$WS"/controls/
cat >"$WS/incidents.yaml" <<'YAML'
incidents:
  - { id: INC-1, severity: 1, title: Payslip service down,
      detected_at: 2026-03-02T07:10:00Z, resolved_at: 2026-03-02T09:40:00Z,
      customer_impact: true }
  - { id: INC-2, severity: 3, title: Slow reports,
      detected_at: 2026-04-02T07:10:00Z, customer_impact: false }
  - { id: INC-0, severity: 2, title: Before the period,
      detected_at: 2025-05-02T07:10:00Z }
YAML
ASSURE_NOW=2025-08-01T10:00:00Z run assure --workspace "$WS" policy approve \
    POL-ISP --by "Jane Doe"
expect_status 0
printf '\nA new paragraph.\n' >>"$WS/policies/information-security.md"
ASSURE_NOW=2026-02-01T10:00:00Z run assure --workspace "$WS" policy approve \
    POL-ISP --by "Jane Doe"
expect_status 0

for f in sd.html sd.md sd.json; do
	run assure --workspace "$WS" report system-description --out "$TMP/$f"
	expect_status 0
	expect_out "Wrote the system description ("
done

out=$(cat "$TMP/sd.json")
jq_true '.period.start == "2025-07-01" and .period.end == "2026-06-30"'
jq_true '.dc1_services.services | length == 4'
jq_true '.dc3_components.flows | length == 10'
jq_true '.dc3_components.diagrams.architecture.svg | startswith("<svg")'
jq_true '.dc3_components.diagrams.data_flows.dot | startswith("digraph dataflows")'
jq_true '[.dc4_incidents.incidents[].id] == ["INC-1"]'
jq_true '.dc4_incidents.incidents[0].customer_impact == true'
jq_true '.dc5_criteria.criteria | length == 36'
jq_true '.dc7_subservice_organisations | length == 3'
jq_true '[.dc8_not_relevant.excluded_categories[].id] == ["processing-integrity", "confidentiality", "privacy"]'
jq_true '[.dc9_changes.policy_approvals[].kind] == ["first approved", "new version approved"]'
jq_true '.dc9_changes.declared | length == 2'

out=$(cat "$TMP/sd.html")
for h in "DC1. Types of services provided" "DC2. Principal service" \
    "DC3. Components of the system" "DC4. Significant incidents" \
    "DC5. Trust services criteria" "DC6. Complementary user entity" \
    "DC7. Sub-service organisations" "DC8. Criteria not relevant" \
    "DC9. Significant changes"; do
	expect_out "<h2>$h"
done
expect_out '<figure class="diagram"><svg'
expect_out 'INC-1: Payslip service down'
expect_out 'Policy POL-ISP new version approved by Jane Doe'
expect_no_out '<?xml'
expect_no_out 'Before the period'
expect_no_out 'Slow reports'

out=$(cat "$TMP/sd.md")
expect_out '## DC4. Significant incidents'
expect_out '```dot'
expect_out 'digraph architecture {'
expect_out 'the HTML form of this report has the drawing'

# --period: only the first half; the February approval is outside it.
run assure --workspace "$WS" report system-description \
    --period 2025-07-01..2025-12-31 --out "$TMP/h1.json"
expect_status 0
out=$(cat "$TMP/h1.json")
jq_true '.period.end == "2025-12-31" and (.dc4_incidents.incidents | length) == 0'
jq_true '[.dc9_changes.policy_approvals[].kind] == ["first approved"]'
run assure --workspace "$WS" report system-description --period 2026..x \
    --out "$TMP/x.html"
expect_status 2
expect_err "--period"
run assure --workspace "$WS" report scoping --period 2025-07-01..2025-12-31 \
    --out "$TMP/x.html"
expect_status 2
expect_err "--period does not apply to 'report scoping'"

# A hostile actor is text in the page and in the drawing.
sed -i -e 's/^actors:$/actors:\n  - { name: "<script>alert(1)<\/script> \& co" }/' \
    -e 's/^flows:$/flows:\n  - { from: "<script>alert(1)<\/script> \& co", to: Payroll engine, data: "<b>data<\/b>" }/' \
    "$WS/scope.yaml"
run assure --workspace "$WS" report system-description --out "$TMP/evil.html"
expect_status 0
out=$(cat "$TMP/evil.html")
expect_no_out '<script'
expect_no_out '<b>data'
expect_out '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co'

# A flow to a name the scope does not declare.
sed -i 's/^flows:$/flows:\n  - { from: Payroll engine, to: Mars, data: x }/' \
    "$WS/scope.yaml"
run assure --workspace "$WS" report system-description --out "$TMP/y.html"
expect_status 2
expect_err "scope.yaml:"
expect_err "flows.to: 'Mars' is not a boundary component"
done_ok
