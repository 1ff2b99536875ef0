# demo.sh: the demo runs to the end on the built binary and shows what it
# promises: the scope and gap analysis, the year replayed, the rejection,
# the readiness summary and the reports.
. "$(dirname "$0")/lib.sh"
set -e
unset ASSURE_NOW
cp -R "$SRC/examples" "$SRC/scripts" "$TMP/"
run sh -c "cd '$TMP' && DEMO_SERVE=0 sh scripts/demo.sh '$ASSURE_BIN'"
expect_status 0
expect_out "Created the workspace of Acme Payroll"
expect_out "as of 2025-07-28T09:00:00Z (as given)"
expect_out "nothing changed"
expect_err "damaged-credential-report.csv:3:"
expect_out "aws/210987654321/sam.lee"
expect_out "aws/123456789012/finance-export: access key 1 last rotated 2021-08-23"
if "$ASSURE_BIN" ingest --list | grep -q '^okta-users$'; then
	# The identity story: reviews, and the handful of exceptions.
	expect_out "Closed okta-2025Q3-1 by maria.garcia@acme-payroll.com"
	expect_out "Closed aws-2025Q4-5 by maria.garcia@acme-payroll.com"
	expect_out "google/2025-07-01..2025-09-30: no access review of google completed in this quarter"
	expect_out "james.oconnor@acme-payroll.com: leaver james.oconnor@acme-payroll.com (terminated 2026-02-13T23:59:59Z) revoked 2026-02-16T15:20:00Z, 2d 15h after termination (SLA 1d)"
	expect_out "anna.novak@acme-payroll.com: admin account without MFA"
	expect_out "ops@acme-payroll.com: generic or shared account name"
	expect_out "nina.patel@acme-payroll.com: active, last login 2025-12-01T10:02:00Z"
fi
if "$ASSURE_BIN" ingest --list | grep -q '^git-repo$' &&
    command -v git >/dev/null; then
	# The change-management story (examples/acme-payroll/generate_change.py).
	expect_out "ingested 12 months of pulls, reviews, deployments"
	expect_out "acme-payroll/payroll-api#142: merged by tbecker at 2025-09-13T10:09:00Z with no review"
	expect_out "acme-payroll/payroll-api#157: merged at 2025-11-10T06:05:00Z before any approval; priya-shah approved at 2025-11-10T08:05:00Z, after the merge"
	expect_out "acme-payroll/payroll-api#188: approved only by tbecker-admin, a second account of its author tbecker"
	expect_out "~ acme-payroll/payroll-api#199: stale approval"
	expect_out "acme-payroll/payroll-web#64: approved only by acme-ci[bot], a bot"
	expect_out "deploys acme-payroll/payroll-api#142, which has no peer approval"
	expect_out "reaches 1 commit since the previous deployment that is no approved change"
	expect_out "deployed by tbecker, the author of acme-payroll/payroll-api#142"
	expect_out "acme-payroll/payroll-web:main: administrators are exempt"
	expect_no_out "developer tbecker"
fi
if "$ASSURE_BIN" ingest --list | grep -q '^pentest-findings$'; then
	# The vulnerability story (examples/acme-payroll/generate_vuln.py).
	expect_out "ingested 60 scans (Trivy weekly, OpenSCAP monthly)"
	expect_out "pentest PT26-01 on https://api.acme-payroll.com (GET /v2/payslips/{id})"
	expect_out "27 days past its 15-day SLA"
	expect_out "trivy CVE-2025-59375 on ghcr.io/acme-payroll/payroll-api:production"
	expect_out "its risk acceptance had expired"
	expect_out "not scanned from 2025-08-04 to 2025-09-08: 35 days, more than every 31"
	expect_no_out "pentest PT26-03 on"
	grep -q '^fingerprint,severity,status,tool,rule,asset,' \
	    "$TMP/demo/findings-2026-06-30.csv" || fail "no findings CSV"
	grep -q 'Ageing of open findings by severity' \
	    "$TMP/demo/findings-2026-06-30.html" || fail "no findings report"
fi
# The registers (docs/REGISTERS.md).
expect_out "vendors.yaml: 5 vendors; risks.yaml: 8 risks; incidents.yaml: 3 incidents; policies/: 15 starter policies"
expect_out "INC-2026-01: severity 2 detected 2026-01-14T09:00:00Z, escalated 5h later, more than 4h"
expect_out "INC-2025-08: severity 2 resolved 2025-09-24T11:30:00Z; post-mortem 18 days later, more than 14d"
expect_out "TaxLink Filing Services Ltd: its SOC 2 type 2 report (2025-01-01 to 2025-12-31) carries a qualified opinion"
expect_out "Datadog: medium tier, last reviewed 2024-03-14"
expect_out "risk R-05: residual score 10 above the appetite 9; linked to DR-09, which is no control"
expect_out "risk R-08: last reviewed on 2024-11-04"
expect_out "nina.patel@acme-payroll.com: never completed the security course"
expect_out "POL-LOG: version 1.0 was never approved"
expect_out "raj.mehta@acme-payroll.com: last completed the security course on 2025-06-02"
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
expect_out "Wrote the system description (html,"
grep -q '<h2>DC4. Significant incidents</h2>' \
    "$TMP/demo/system-description.html" || fail "no system description"
grep -q 'INC-2026-03: Payslip service down' \
    "$TMP/demo/system-description.html" || fail "no incident in DC4"
if command -v jq >/dev/null; then
	jq -e '.criteria | length == 36' "$TMP/demo/gap.json" >/dev/null ||
	    fail "gap.json does not list the 36 criteria"
fi
done_ok
