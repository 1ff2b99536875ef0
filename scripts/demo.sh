#!/bin/sh
# demo.sh: the Acme Payroll demo.  Builds a fresh workspace under demo/ from
# the files in examples/acme-payroll/, ingests a year of evidence, replays
# the observation period month by month, and prints the readiness summary.
#
# Usage: scripts/demo.sh [path/to/assure]
set -eu

BIN=${1:-build/assure}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
EX=examples/acme-payroll
WS=demo/acme-payroll
a() { "$BIN" --workspace "$WS" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[ -t 1 ] || step() { printf '\n== %s\n' "$*"; }

rm -rf "$WS"
mkdir -p demo

step "A workspace for Acme Payroll, a payroll processor (Security + Availability)"
"$BIN" init "$WS" --org "Acme Payroll" --system "Acme Payroll Platform" \
    --categories security,availability --period 2025-07-01..2026-06-30 \
    --timezone Europe/London

step "A year of AWS IAM credential reports: production (CSV, as of the day pulled)"
for f in "$EX"/evidence/aws-production/credential-report-*.csv; do
	day=${f##*credential-report-}
	day=${day%.csv}
	a ingest aws-iam-credential-report --as-of "${day}T09:00:00Z" \
	    --collector "aws-cli:secops@acme-payroll" "$f"
done

step "... and corporate (GetCredentialReport JSON: the as-of comes from GeneratedTime)"
a ingest aws-iam-credential-report --collector "aws-cli:secops@acme-payroll" \
    "$EX"/evidence/aws-corporate/*.json

step "The same bytes again change nothing"
a ingest aws-iam-credential-report "$EX"/evidence/aws-production/credential-report-2026-06-24.csv

step "A damaged export is rejected whole, with file, line, column and field"
bad=demo/damaged-credential-report.csv
sed '3s/,true,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,false,N\/A$/,maybe,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,false,N\/A/' \
    "$EX"/evidence/aws-production/credential-report-2026-06-24.csv > "$bad"
a ingest aws-iam-credential-report "$bad" || echo "(exit status $?; nothing of it was stored)"

step "Replaying the observation period: an evaluation at each month's end"
for m in 2025-07-31 2025-08-31 2025-09-30 2025-10-31 2025-11-30 2025-12-31 \
    2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31 2026-06-30; do
	line=$(a evaluate --as-of "${m}T23:59:59Z" | sed -n 2p) || true
	printf '  %s  %s\n' "$m" "$line"
done

step "Readiness at the end of the observation period (assure status)"
a status || true

step "The same as JSON for scripts (assure evaluate --format json), first lines"
a evaluate --as-of 2026-06-30T23:59:59Z --format json | head -n 20 || true

printf '\nThe demo workspace is %s; try: %s --workspace %s status\n' \
    "$WS" "$BIN" "$WS"
