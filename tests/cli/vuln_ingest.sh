# vuln_ingest.sh: scanner reports through the CLI as a user runs them: two
# weekly Trivy reports (a finding fixed, one new), a hostile XML file
# refused whole, --asset checks, the tracker in text, JSON and CSV with its
# filters, a risk acceptance, and the remediation report.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
WS=$TMP/ws
run assure init "$WS" --org "Vuln Co" --period 2026-01-01..2026-12-31
expect_status 0

trivy() { # DAY VULN...
	day=$1
	shift
	printf '{"SchemaVersion": 2, "CreatedAt": "%sT03:00:00Z",' "$day"
	printf ' "ArtifactName": "img:prod", "Results": [{"Target": "img:prod (debian 12)",'
	printf ' "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": ['
	sep=
	for v in "$@"; do
		printf '%s{"VulnerabilityID": "%s", "PkgName": "pkg-%s",' "$sep" \
		    "${v%%:*}" "${v%%:*}"
		printf ' "InstalledVersion": "1.0", "Severity": "%s"}' "${v#*:}"
		sep=,
	done
	printf ']}]}\n'
}
trivy 2026-03-02 CVE-2026-1:CRITICAL CVE-2026-2:MEDIUM >"$TMP/w1.json"
trivy 2026-03-09 CVE-2026-2:MEDIUM CVE-2026-3:HIGH >"$TMP/w2.json"
trivy 2026-04-13 CVE-2026-2:MEDIUM CVE-2026-3:HIGH >"$TMP/w3.json"
run assure --workspace "$WS" ingest trivy "$TMP/w1.json" "$TMP/w2.json" \
    "$TMP/w3.json"
expect_status 0
expect_out "as of 2026-03-02T03:00:00Z (from the file)"

# A document with a DOCTYPE is refused whole and leaves nothing.
cat >"$TMP/xxe.nessus" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<NessusClientData_v2><Report name="x"><ReportHost name="h">&x;</ReportHost></Report></NessusClientData_v2>
EOF
run assure --workspace "$WS" ingest nessus "$TMP/xxe.nessus"
expect_status 2
expect_err "xxe.nessus:2:"
[ "$(sqlite3 "$WS/.assure/assure.db" \
    "SELECT count(*) FROM evidence WHERE kind = 'nessus'")" = 0 ] ||
    fail "a refused report left evidence"

run assure --workspace "$WS" ingest okta-users --asset x "$TMP/w1.json"
expect_status 2
expect_err "--asset: only the scanner kinds take it"

# The tracker on 2026-04-01: CVE-2026-1 fixed by the second scan; the
# medium open 30 days (within 90); the high open 23 days (within 30).
run assure --workspace "$WS" findings --as-of 2026-04-01 --format json
expect_status 0
jq_true '.findings | length == 3'
jq_true '[.findings[] | select(.rule == "CVE-2026-1")][0] |
    .status == "fixed" and .fixed_at == "2026-03-09T03:00:00Z" and
    .overdue_days == 0'
run assure --workspace "$WS" findings --as-of 2026-04-20 --overdue
expect_status 0
expect_out "trivy CVE-2026-3 on img:prod (pkg-CVE-2026-3@1.0 (img:prod (debian 12)))"
expect_out "1 of 3 findings shown"
run assure --workspace "$WS" findings --as-of 2026-04-20 --open \
    --severity medium,high --format csv
expect_status 0
[ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || fail "expected 2 CSV rows"
expect_out "fingerprint,severity,status,tool,rule,asset,"
run assure --workspace "$WS" findings --format xml
expect_status 2

# An acceptance covers the overdue high until it expires.
fp=$("$ASSURE_BIN" --workspace "$WS" findings --format json \
    --as-of 2026-04-20 | jq -r '.findings[] | select(.rule ==
    "CVE-2026-3") | .fingerprint' | cut -c1-16)
cat >"$WS/risk-acceptances.yaml" <<EOF
acceptances:
  - { finding: $fp, reason: not reachable, approver: ciso@vuln.co,
      expires: 2026-05-01 }
EOF
run assure --workspace "$WS" findings --as-of 2026-04-20 --overdue
expect_out "0 of 3 findings shown"
run assure --workspace "$WS" evaluate --as-of 2026-04-20 --format json
jq_true '.tests[] | select(.id == "vuln.remediation_sla") |
    .verdict == "pass" and (.reason | test("1 past it under an unexpired"))'
run assure --workspace "$WS" evaluate --as-of 2026-05-05 --format json
jq_true '.tests[] | select(.id == "vuln.remediation_sla") |
    .verdict == "fail" and (.exceptions[0].reason |
    test("risk acceptance had expired"))'
# A malformed acceptance file is a located error.
printf 'acceptances:\n  - { rule: CVE-1, reason: x, approver: y }\n' \
    >"$WS/risk-acceptances.yaml"
run assure --workspace "$WS" findings
expect_status 2
expect_err "risk-acceptances.yaml:2:"
rm "$WS/risk-acceptances.yaml"

run assure --workspace "$WS" report findings --as-of 2026-04-20 \
    --out "$TMP/r.html"
expect_status 0
grep -q 'Ageing of open findings by severity' "$TMP/r.html" ||
    fail "no ageing table"
run assure --workspace "$WS" report findings --as-of 2026-04-20 \
    --out "$TMP/r.json"
expect_status 0
jq -e '.ageing[] | select(.severity == "high") | .open_past_sla == 1' \
    "$TMP/r.json" >/dev/null || fail "the JSON report lacks the high"
done_ok
