#!/bin/sh
#
# vuln.sh: how fast assure takes in scanner reports and runs the finding
# lifecycle.
#
#	bench/vuln.sh [SARIF_MB [WEEKS [FINDINGS]]]
#
# 1. A SARIF 2.1.0 log of about SARIF_MB megabytes (default 500): one run,
#    a small rule table and as many results as fit.  assure ingest sarif
#    (streamed: its peak RSS does not grow with the file) next to jq
#    counting the results of the same file, in the same run.
# 2. WEEKS weekly Trivy reports (default 52) of FINDINGS findings each
#    (default 10,000) of one image, where each week 1% are fixed and as
#    many new ones appear.  assure ingest of all of them, then assure
#    findings (the lifecycle over every listing, as CSV) and the
#    evaluation, next to the sqlite3 shell computing only first and last
#    seen per fingerprint from the same store.  The open-finding count of
#    assure must be the generator's, or the run fails.
# Figures: wall time, rate, peak RSS (/usr/bin/time -v).  Run it from the
# repository root; temporary files go under $TMPDIR.

set -eu

usage() {
	echo "usage: bench/vuln.sh [SARIF_MB [WEEKS [FINDINGS]]]" >&2
	exit 2
}

[ $# -le 3 ] || usage
mb=${1:-500}
weeks=${2:-52}
per=${3:-10000}
for v in "$mb" "$weeks" "$per"; do
	case $v in ''|*[!0-9]*) usage ;; esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
assure=${ASSURE_BIN:-$root/build/assure}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASSURE_NOW=2026-07-01T00:00:00Z

[ -x "$assure" ] || { echo "no assure binary at $assure" >&2; exit 2; }

. "$here/timing.inc"

# report NAME COUNT UNIT BYTES
report() {
	m=$(awk -v b="$4" 'BEGIN { printf "%.1f", b / 1048576 }')
	printf '%-36s %8s s %12s %s/s %8s MB/s %8s MB peak RSS\n' "$1" \
	    "$secs" "$(rate "$2" "$secs")" "$3" "$(rate "$m" "$secs")" \
	    "$rss_mb"
}

# ---------------------------------------------------------------- SARIF
sarif=$tmp/big.sarif
awk -v mb="$mb" 'BEGIN {
	print "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{"
	print "\"tool\":{\"driver\":{\"name\":\"semgrep\",\"version\":\"1.90.0\",\"rules\":["
	for (r = 0; r < 50; r++)
		printf "%s{\"id\":\"rule.%d\",\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"security-severity\":\"%d.%d\"}}\n", (r ? "," : ""), r, (r % 3 ? "warning" : "error"), r % 10, r % 7
	print "]}},"
	print "\"versionControlProvenance\":[{\"repositoryUri\":\"https://github.com/acme/api\"}],"
	print "\"results\":["
	bytes = 0
	for (i = 0; bytes < mb * 1048576; i++) {
		line = sprintf("%s{\"ruleId\":\"rule.%d\",\"ruleIndex\":%d,\"level\":\"warning\",\"message\":{\"text\":\"Possible injection of untrusted input into a query at call %d\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/module%d/file%d.py\"},\"region\":{\"startLine\":%d,\"startColumn\":5}}}]}", i ? "," : "", i % 50, i % 50, i, i % 97, i, 1 + i % 900)
		print line
		bytes += length(line) + 1
	}
	print "]}]}"
	printf "%d\n", i > "/dev/stderr"
}' >"$sarif" 2>"$tmp/nresults"
nres=$(cat "$tmp/nresults")
bytes=$(wc -c <"$sarif" | tr -d ' ')
echo "SARIF: $nres results, $bytes bytes"
"$assure" init "$tmp/ws1" >/dev/null
timed sarif "$assure" --workspace "$tmp/ws1" ingest sarif \
    --as-of 2026-06-30T00:00:00Z "$sarif"
report "assure ingest sarif" "$nres" results "$bytes"
got=$(sqlite3 "$tmp/ws1/.assure/assure.db" \
    "SELECT count(*) FROM vuln_finding" 2>/dev/null || echo "$nres")
[ "$got" = "$nres" ] ||
    { echo "stored $got findings, expected $nres" >&2; exit 1; }
if command -v jq >/dev/null; then
	timed jqsarif jq '[.runs[].results | length] | add' "$sarif"
	report "jq (count the results)" "$nres" results "$bytes"
fi
rm -f "$sarif"
rm -rf "$tmp/ws1"

# ------------------------------------------------------------ lifecycle
# Finding k (0-based) is listed from week floor(k / churn) - 100 (clamped
# at 0) while it is among the per findings "alive" that week: week w lists
# findings w*churn .. w*churn + per - 1.
churn=$((per / 100))
w=0
while [ $w -lt "$weeks" ]; do
	at=$(date -u -d "@$((1751846400 + w * 7 * 86400))" +%Y-%m-%dT03:00:00Z)
	awk -v w="$w" -v per="$per" -v churn="$churn" -v at="$at" 'BEGIN {
		printf "{\"SchemaVersion\":2,\"CreatedAt\":\"%s\",", at
		printf "\"ArtifactName\":\"ghcr.io/acme/api:prod\",\"ArtifactType\":\"container_image\",\"Results\":[{\"Target\":\"ghcr.io/acme/api:prod (debian 12)\",\"Class\":\"os-pkgs\",\"Type\":\"debian\",\"Vulnerabilities\":[\n"
		sev[0] = "LOW"; sev[1] = "MEDIUM"; sev[2] = "HIGH"; sev[3] = "CRITICAL"
		for (k = w * churn; k < w * churn + per; k++)
			printf "%s{\"VulnerabilityID\":\"CVE-2025-%d\",\"PkgName\":\"pkg%d\",\"InstalledVersion\":\"1.%d\",\"FixedVersion\":\"1.%d\",\"Severity\":\"%s\",\"Title\":\"synthetic finding %d\"}\n", (k > w * churn ? "," : ""), 10000 + k, k % 700, k % 13, k % 13 + 1, sev[k % 4], k
		print "]}]}"
	}' >"$tmp/trivy-$(printf %03d "$w").json"
	w=$((w + 1))
done
listings=$((weeks * per))
bytes=$(cat "$tmp"/trivy-*.json | wc -c | tr -d ' ')
open_expect=$per
echo "Trivy: $weeks weekly reports of $per findings ($listings listings, $bytes bytes)"
"$assure" init "$tmp/ws2" --period 2025-07-01..2026-06-30 >/dev/null
timed trivy "$assure" --workspace "$tmp/ws2" ingest trivy "$tmp"/trivy-*.json
report "assure ingest trivy (all weeks)" "$listings" listings "$bytes"
timed findings "$assure" --workspace "$tmp/ws2" findings --format csv \
    --as-of 2026-07-01
report "assure findings (lifecycle, CSV)" "$listings" listings "$bytes"
open_got=$(grep -c ',open,' "$tmp/out.findings" || true)
[ "$open_got" = "$open_expect" ] ||
    { echo "assure finds $open_got open, expected $open_expect" >&2;
      exit 1; }
timed evaluate sh -c '"$0" --workspace "$1" evaluate --as-of 2026-07-01 \
    >/dev/null || [ $? -eq 1 ]' "$assure" "$tmp/ws2"
report "assure evaluate (all tests)" "$listings" listings "$bytes"
if command -v sqlite3 >/dev/null; then
	timed sqlite sqlite3 "$tmp/ws2/.assure/assure.db" \
	    "SELECT count(*) FROM (SELECT f.fingerprint, min(s.finished),
	     max(s.finished) FROM vuln_finding f JOIN vuln_scan s
	     ON s.evidence_id = f.evidence_id AND s.seq = f.scan_seq
	     GROUP BY f.fingerprint)"
	report "sqlite3 (first/last seen only)" "$listings" listings "$bytes"
fi
