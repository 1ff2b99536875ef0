#!/bin/sh
# demo.sh: the Acme Payroll demo.  Builds a fresh workspace under demo/ from
# the files in examples/acme-payroll/: the scope and the gap analysis (from
# the ISO 27001 Statement of Applicability and from Acme's controls), then a
# year of evidence, the observation period replayed month by month, the
# readiness summary, and the scoping statement, the gap report, the policy
# set and the system description as HTML.
# The identity part: an HR roster, Okta, Google Workspace and AWS IAM
# exports a month, identity.yaml, and a quarterly access review of each
# system (start, a decision per account, close).
#
# The PostgreSQL part (when the server binaries are installed): the same
# organisation's store in a throwaway PostgreSQL database beside a second
# organisation, each seeing only its own evidence.
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

rm -rf "$WS" demo/acme-payroll-pg demo/globex-hosting-pg
mkdir -p demo

# The loops below that the PostgreSQL part repeats are functions over $WS
# (through a), so that it loads the same files into its own workspace.
init_acme() {
	"$BIN" init "$1" --org "Acme Payroll" --system "Acme Payroll Platform" \
	    --categories security,availability --period 2025-07-01..2026-06-30 \
	    --timezone Europe/London
}

step "A workspace for Acme Payroll, a payroll processor (Security + Availability)"
init_acme "$WS"

step "Acme's scope (scope.yaml) and controls: the starter set, with Acme's own versions"
cp "$EX"/scope.yaml "$WS"/scope.yaml
cp "$EX"/controls/*.yaml "$WS"/controls/
a scope

step "Gap analysis from Acme's ISO 27001 Statement of Applicability (exit 1: gaps remain)"
a gap --soa "$EX"/soa.csv || echo "(exit status $?)"

step "Gap analysis from Acme's own controls (A1.3 is only planned)"
a gap || echo "(exit status $?)"

step "A year of AWS IAM credential reports: production (CSV, as of the day pulled)"
ingest_production() {
	for f in "$EX"/evidence/aws-production/credential-report-*.csv; do
		day=${f##*credential-report-}
		day=${day%.csv}
		a ingest aws-iam-credential-report --as-of "${day}T09:00:00Z" \
		    --collector "aws-cli:secops@acme-payroll" "$f"
	done
}
ingest_production

step "... and corporate (GetCredentialReport JSON: the as-of comes from GeneratedTime)"
ingest_corporate() {
	a ingest aws-iam-credential-report \
	    --collector "aws-cli:secops@acme-payroll" \
	    "$EX"/evidence/aws-corporate/get-credential-report-*.json
}
ingest_corporate

step "The same bytes again change nothing"
a ingest aws-iam-credential-report "$EX"/evidence/aws-production/credential-report-2026-06-24.csv

step "A damaged export is rejected whole, with file, line, column and field"
bad=demo/damaged-credential-report.csv
sed '3s/,true,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,false,N\/A$/,maybe,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,N\/A,N\/A,N\/A,false,N\/A,false,N\/A/' \
    "$EX"/evidence/aws-production/credential-report-2026-06-24.csv > "$bad"
a ingest aws-iam-credential-report "$bad" || echo "(exit status $?; nothing of it was stored)"

step "The HR roster and identity exports: Okta, Google Workspace, AWS IAM"
cp "$EX"/evidence/identity.yaml "$WS"/identity.yaml
have_kinds=yes
for k in hr-csv okta-users okta-factors google-workspace-users \
    aws-iam-authorization-details; do
	"$BIN" ingest --list | grep -q "^$k\$" || have_kinds=no
done
# ingest_day KIND FILE: the as-of is the day in the file name, 08:00Z.
ingest_day() {
	day=${2##*-20}
	day=20${day%.*}
	a ingest "$1" --as-of "${day}T08:00:00Z" --collector "$3" "$2" \
	    >/dev/null
}
# ingest_identity: every month's roster and exports; n counts them.
ingest_identity() {
	n=0
	for f in "$EX"/evidence/hr/roster-*.csv; do
		ingest_day hr-csv "$f" "bamboohr-export:people-ops@acme-payroll"
		n=$((n + 1))
	done
	for f in "$EX"/evidence/okta/users-*.json; do
		ingest_day okta-users "$f" "okta-api:secops@acme-payroll"
		n=$((n + 1))
	done
	for f in "$EX"/evidence/okta/factors-*.json; do
		ingest_day okta-factors "$f" "okta-api:secops@acme-payroll"
		n=$((n + 1))
	done
	for f in "$EX"/evidence/google/users-*.json; do
		ingest_day google-workspace-users "$f" \
		    "gam:secops@acme-payroll"
		n=$((n + 1))
	done
	for f in "$EX"/evidence/aws-*/authorization-details-*.json; do
		ingest_day aws-iam-authorization-details "$f" \
		    "aws-cli:secops@acme-payroll"
		n=$((n + 1))
	done
}
if [ $have_kinds = yes ]; then
	ingest_identity
	echo "ingested $n identity snapshots (a roster and four exports a month)"

	step "Quarterly access reviews: start, decide every account, close (Google missed Q3 2025)"
	# review QUARTER-DAY SYSTEM [LOGIN-TO-REVOKE]
	review() {
		id=$(ASSURE_NOW="$1T10:00:00Z" a review start "$2" \
		    --by maria.garcia@acme-payroll.com |
		    sed -n 's/^Started \([^:]*\):.*/\1/p')
		for acct in $(a review show "$id" |
		    sed -n 's/^  undecided *[^/]*\/\([^ ]*\).*/\1/p'); do
			if [ "$acct" = "${3:-}" ]; then
				ASSURE_NOW="$1T11:00:00Z" a review decide "$id" \
				    "$acct" revoke --by tom.becker@acme-payroll.com \
				    --note "no longer needed" >/dev/null
			else
				ASSURE_NOW="$1T11:00:00Z" a review decide "$id" \
				    "$acct" keep --by tom.becker@acme-payroll.com \
				    >/dev/null
			fi
		done
		ASSURE_NOW="$1T16:00:00Z" a review close "$id" \
		    --by maria.garcia@acme-payroll.com
	}
	review 2025-09-15 okta
	review 2025-09-15 aws
	review 2025-12-10 okta
	review 2025-12-10 google
	review 2025-12-10 aws legacy-admin
	for q in 2026-03-16 2026-06-15; do
		for sys in okta google aws; do
			review $q $sys
		done
	done
	a review show | head -n 3
else
	echo "(the identity kinds are not in this build yet; see 'assure ingest --list')"
fi

step "Change management: a year of pull requests, reviews and deployments"
# Acme's settings: stale approvals are warnings; authors may not deploy
# their own changes; production access means AWS administrators.
sed -i 's/^  stale_approval: exception$/  stale_approval: warning/;
    s/^  deployer_not_author: false$/  deployer_not_author: true/;
    s/^  production_systems: \[\]$/  production_systems: ["aws"]/' \
    "$WS"/assure.yaml
grep -A8 '^change:' "$WS"/assure.yaml
if "$BIN" ingest --list | grep -q '^git-repo$' && command -v git >/dev/null
then
	GH=$EX/evidence/github
	rm -rf demo/repos
	mkdir -p demo/repos
	git init -q --bare demo/repos/payroll-web.git
	n=0
	for day in 2025-07-28 2025-08-27 2025-09-26 2025-10-28 2025-11-26 \
	    2025-12-22 2026-01-27 2026-02-25 2026-03-27 2026-04-28 \
	    2026-05-27 2026-06-24; do
		at=${day}T08:00:00Z
		c="github-api:secops@acme-payroll"
		# Reviews first: a review may arrive before its pull.
		a ingest github-reviews --as-of "$at" --collector "$c" \
		    "$GH"/payroll-api/reviews-$day.json \
		    "$GH"/payroll-web/reviews-$day.json >/dev/null
		a ingest github-pulls --as-of "$at" --collector "$c" \
		    "$GH"/payroll-api/pulls-$day-p*.json \
		    "$GH"/payroll-web/pulls-$day.json >/dev/null
		for f in "$GH"/payroll-api/pull-*-$day.json; do
			[ -e "$f" ] && a ingest github-pulls --as-of "$at" \
			    --collector "$c" "$f" >/dev/null
		done
		a ingest github-deployments --as-of "$at" --collector "$c" \
		    "$GH"/payroll-api/deployments-$day.json >/dev/null
		a ingest github-deployment-statuses --as-of "$at" \
		    --collector "$c" \
		    "$GH"/payroll-api/deployment-statuses-$day.json >/dev/null
		a ingest github-branch-protection --as-of "$at" --collector "$c" \
		    "$GH"/payroll-api/branch-protection-main-$day.json \
		    "$GH"/payroll-web/branch-protection-main-$day.json >/dev/null
		a ingest deployments-csv --as-of "$at" \
		    --collector "ci-export:platform@acme-payroll" \
		    "$EX"/evidence/ci/payroll-web-deployments-$day.csv >/dev/null
		# payroll-web's history as it stood that day, read from a clone.
		git -C demo/repos/payroll-web.git fast-import --quiet \
		    --import-marks-if-exists=../payroll-web.marks \
		    --export-marks=../payroll-web.marks \
		    <"$EX"/git/payroll-web-$day.fi
		a ingest git-repo --as-of "$at" --branch main \
		    --repo acme-payroll/payroll-web \
		    --collector "git:platform@acme-payroll" \
		    demo/repos/payroll-web.git >/dev/null
		n=$((n + 1))
	done
	echo "ingested $n months of pulls, reviews, deployments, statuses," \
	    "branch protection, CI logs and git history for 2 repositories"
else
	echo "(the change kinds or git are not available; see 'assure ingest --list')"
fi

step "Vulnerability management: weekly Trivy, monthly OpenSCAP, a penetration test"
# Acme scans its hosts monthly: a 31-day cadence.
sed -i 's/^  scan_cadence: 30d$/  scan_cadence: 31d/' "$WS"/assure.yaml
cp "$EX"/evidence/risk-acceptances.yaml "$EX"/evidence/pentests.yaml "$WS"/
if "$BIN" ingest --list | grep -q '^pentest-findings$'; then
	n=0
	for f in "$EX"/evidence/trivy/payroll-api-*.json; do
		# Trivy's CreatedAt is the scan's instant.
		a ingest trivy --collector "trivy:ci@acme-payroll" "$f" \
		    >/dev/null
		n=$((n + 1))
	done
	for f in "$EX"/evidence/openscap/bastion-*.xml; do
		a ingest openscap --collector "oscap:secops@acme-payroll" "$f" \
		    >/dev/null
		n=$((n + 1))
	done
	echo "ingested $n scans (Trivy weekly, OpenSCAP monthly)"
	P=$EX/evidence/pentest
	a ingest document --as-of 2026-01-05T12:00:00Z \
	    "$P"/rules-of-engagement.txt "$P"/report-2026-01-30.txt
	a ingest pentest-findings --as-of 2026-01-30T17:00:00Z \
	    "$P"/findings-2026-01-30.csv
	a ingest pentest-findings --as-of 2026-03-13T17:00:00Z \
	    "$P"/retest-2026-03-13.csv
	step "The remediation tracker: what is overdue at the end of the period"
	a findings --as-of 2026-06-30T23:59:59Z --overdue || true
	a findings --as-of 2026-06-30T23:59:59Z --format csv \
	    >demo/findings-2026-06-30.csv
	echo "(every finding, as CSV: demo/findings-2026-06-30.csv)"
	a report findings --as-of 2026-06-30T23:59:59Z \
	    --out demo/findings-2026-06-30.html
else
	echo "(the scanner kinds are not in this build; see 'assure ingest --list')"
fi

step "The registers: vendors, the risk assessment, incidents"
cp "$EX"/evidence/vendors.yaml "$EX"/evidence/risks.yaml \
    "$EX"/evidence/incidents.yaml "$WS"/
a ingest document --as-of 2025-11-18T17:00:00Z \
    "$EX"/evidence/incidents/tabletop-2025-11-18.txt >/dev/null
# The board approved the policy set in January, all but logging and
# monitoring, still in draft.  Management (the audience 'management' of
# the policies) is the CTO and the finance lead, who alone may approve.
sed -i 's/^  approvers: \[\]$/  approvers: ["maria.garcia@acme-payroll.com", "anna.novak@acme-payroll.com"]/' \
    "$WS"/assure.yaml
for id in $(a policy list | awk '{print $1}'); do
	[ "$id" = POL-LOG ] && continue
	ASSURE_NOW=2026-01-15T10:00:00Z a policy approve "$id" \
	    --by maria.garcia@acme-payroll.com >/dev/null
done
a policy list | head -n 4
a ingest training-completions --as-of 2026-06-24T08:00:00Z \
    "$EX"/evidence/people/training-2026.csv >/dev/null
a ingest background-checks --as-of 2026-06-24T08:00:00Z \
    "$EX"/evidence/people/background-checks.csv >/dev/null
# Everyone acknowledges the policies of their audience after publication;
# the export shows a late signature, one missing, one of the old draft.
a ingest policy-acknowledgements --as-of 2026-06-24T08:00:00Z \
    "$EX"/evidence/people/policy-acknowledgements.csv >/dev/null
echo "vendors.yaml: $(grep -c '^  - name:' "$WS"/vendors.yaml) vendors;" \
    "risks.yaml: $(grep -c '^  - { id:' "$WS"/risks.yaml) risks;" \
    "incidents.yaml: $(grep -c '^  - { id:' "$WS"/incidents.yaml) incidents;" \
    "policies/: $(ls "$WS"/policies/*.md | grep -vc README) starter policies"

step "Documents filed against the controls they evidence (board minutes, a DR test, ...)"
# Controls no API evidences: each file is an occurrence of its control at
# its instant (the end of its --period), in the ledger like any evidence.
ingest_documents() {
	grep -v '^#' "$EX"/evidence/documents/index.tsv |
	while IFS="$(printf '\t')" read -r f c s e; do
		if [ "$s" = - ]; then
			a ingest document --control "$c" \
			    --as-of "${e}T17:00:00Z" \
			    "$EX/evidence/documents/$f" >/dev/null
		else
			a ingest document --control "$c" --period "$s..$e" \
			    "$EX/evidence/documents/$f" >/dev/null
		fi
	done
}
ingest_documents
echo "$(grep -vc '^#' "$EX"/evidence/documents/index.tsv) documents filed against" \
    "$(grep -v '^#' "$EX"/evidence/documents/index.tsv | cut -f2 | sort -u | wc -l) controls"

step "Replaying the observation period: an evaluation at each day's end (month ends shown)"
# The history a Type 2 report reads: 365 recorded evaluations, each as of
# the end of its day over the evidence that existed then.
a evaluate --period 2025-07-01..2026-06-30 --every 1d |
    awk '{ m = substr($1, 1, 7); if (NR > 1 && m != pm) print "  " last;
	pm = m; last = $0 } END { print "  " last }'

step "Readiness at the end of the observation period (assure status)"
a status || true

step "The evidence ledger: every file and evaluation in a signed Merkle log"
a ledger status
a ledger key >demo/acme-payroll-ledger.pub
a ledger checkpoint >demo/checkpoint-2026-06-30.txt
echo "(the verifier key is in demo/acme-payroll-ledger.pub; an auditor keeps demo/checkpoint-2026-06-30.txt)"
june=$EX/evidence/aws-production/credential-report-2026-06-24.csv
a ledger prove "sha256:$(sha256sum "$june" | cut -d' ' -f1)" --out demo/proof.json
step "... which the auditor checks with nothing but the public key, and recomputes whole"
"$BIN" verify demo/proof.json --key demo/acme-payroll-ledger.pub --evidence "$june" | head -n 1
a ledger verify
a ledger consistency demo/checkpoint-2026-06-30.txt --out demo/consistency.json

step "The same as JSON for scripts (assure evaluate --format json), first lines"
a evaluate --as-of 2026-06-30T23:59:59Z --format json | head -n 20 || true

step "The scoping statement, the gap report, the policy set and the system description, as documents"
a report scoping --out demo/scoping.html
a report gap --soa "$EX"/soa.csv --out demo/gap.html
a report gap --soa "$EX"/soa.csv --out demo/gap.json
a report policies --out demo/policies.html
a report system-description --out demo/system-description.html

step "Type 1: the design of each control and its state on the last day"
a report type1 --as-of 2026-06-30 --out demo/type1.html
a report type1 --as-of 2026-06-30 --out demo/type1.json
jq -r '"  criteria in scope: \(.counts.criteria.in_scope) (\(.counts.criteria.covered) covered); tests on the day: \(.counts.tests.pass) pass, \(.counts.tests.fail) fail"' \
    demo/type1.json 2>/dev/null || true

step "Type 2: each control over the period, its exceptions, gaps and sample"
a report type2 --checkpoint demo/checkpoint-2026-06-30.txt --out demo/type2.html
a report type2 --checkpoint demo/checkpoint-2026-06-30.txt --out demo/type2.json
a report type2 --checkpoint demo/checkpoint-2026-06-30.txt --out demo/type2.xlsx
jq -r '.controls[] | "  \(.id)\t\(.conclusion)"' demo/type2.json 2>/dev/null |
    sort -t "$(printf '\t')" -k2 | awk -F '\t' '{ n[$2]++ } END {
	for (c in n) printf "  %d controls: %s\n", n[c], c }' || true
echo "The auditor's sample of CHG-01 (peer review), redone from the checkpoint:"
a sample CHG-01 --checkpoint demo/checkpoint-2026-06-30.txt --size 5

step "The auditor package, and the auditor checking it with the public key alone"
a export auditor --checkpoint demo/checkpoint-2026-06-30.txt \
    --out demo/acme-payroll-fy26-auditor.zip
"$BIN" verify demo/acme-payroll-fy26-auditor.zip \
    --key demo/acme-payroll-ledger.pub

step "The dashboard's users: an auditor for the period, a control owner"
# Admins and managers need an authenticator app (assure user totp); these
# two roles sign in with a password alone.
printf 'auditor-demo-2026\n' | a user add auditor --role auditor \
    --display "Priya Auditor, CPA" --period 2025-07-01..2026-06-30
printf 'tom-owner-demo-2026\n' | a user add tom.becker --role owner \
    --display "Tom Becker"
a user list

step "Live collection: GitHub's API (a local replay of its answers), one collection run"
# assure collect reads the systems' APIs itself: every page is evidence,
# the run one ledger entry.  No network here, so a replay of GitHub's
# answers (the project's own fixtures, scripts/demo-replay.sh behind socat
# on loopback) stands in for api.github.com; --base-url points at it as
# it would at GitHub Enterprise Server.  The token is a secret, kept
# encrypted under .assure/, never in assure.yaml.
if command -v socat >/dev/null 2>&1; then
	RPORT=$((20000 + $$ % 20000))
	socat TCP-LISTEN:$RPORT,bind=127.0.0.1,reuseaddr,fork \
	    EXEC:"sh scripts/demo-replay.sh tests/data/collect/github" \
	    2>/dev/null &
	RPID=$!
	sleep 0.3
	printf 'demo-token-not-a-real-one\n' | a secret set github-token
	a secret list
	a collect github --repo acme/payroll --org acme --branch main \
	    --base-url "http://127.0.0.1:$RPORT" || echo "(exit status $?)"
	kill $RPID 2>/dev/null || true
	wait $RPID 2>/dev/null || true
else
	echo "(live collection skipped: socat is not installed)"
fi

step "PostgreSQL: Acme Payroll's store in a shared database, beside a second organisation"
# One database, many organisations (docs/POSTGRES.md): a throwaway server
# (scripts/pg-test.sh, as the test suite's: durability off, a Unix socket
# only), thrown away with its two workspaces when this part ends, before
# the dashboard.  A subshell keeps ASSURE_DB and the trap to this part.
PGDIR=/tmp/assure-demo-pg-$$
if out=$(sh scripts/pg-test.sh start "$PGDIR" 2>&1); then
	(
	trap 'sh scripts/pg-test.sh stop "$PGDIR" >/dev/null 2>&1 || true;
	    rm -rf demo/acme-payroll-pg demo/globex-hosting-pg' EXIT
	trap 'exit 1' HUP INT TERM
	ASSURE_DB=$(cat "$PGDIR/conninfo")
	export ASSURE_DB
	echo "ASSURE_DB=$ASSURE_DB"
	# The same organisation, its settings and controls: every command
	# below goes to the database, the workspace holds keys and settings.
	init_acme demo/acme-payroll-pg | head -n 1
	cp "$WS"/*.yaml demo/acme-payroll-pg/
	cp "$WS"/controls/*.yaml demo/acme-payroll-pg/controls/
	# A representative part of the year, in seconds: the credential
	# reports, the identity exports and the documents (not the change
	# history, its git clone, nor the access reviews).
	WS=demo/acme-payroll-pg
	ingest_production >/dev/null
	ingest_corporate >/dev/null
	[ $have_kinds = no ] || ingest_identity
	ingest_documents
	echo "ingested the credential reports, identity exports and" \
	    "documents into $WS (PostgreSQL)"
	a evaluate --as-of 2026-06-30T23:59:59Z | grep 'tests pass:' || true
	a ledger verify
	# A second client of the same consultancy: one file of its own.
	"$BIN" init demo/globex-hosting-pg --org "Globex Hosting" \
	    --categories security --period 2025-07-01..2026-06-30 |
	    head -n 1
	"$BIN" --workspace demo/globex-hosting-pg ingest document \
	    --control GOV-02 --as-of 2026-01-15T17:00:00Z \
	    "$EX"/evidence/documents/"$(grep -v '^#' \
	    "$EX"/evidence/documents/index.tsv | head -n 1 | cut -f1)"
	"$BIN" --workspace demo/globex-hosting-pg evaluate >/dev/null || true
	"$BIN" org list
	"$BIN" db status
	echo "Each organisation sees only its own evidence (assure status):"
	for w in demo/acme-payroll-pg demo/globex-hosting-pg; do
		"$BIN" --workspace "$w" status |
		    sed -n '1p; /evidence files:/p; /tests pass:/p' || true
	done
	)
else
	# Not installed (exit 77), or no server could start here: the demo
	# goes on without this part.
	sh scripts/pg-test.sh stop "$PGDIR" >/dev/null 2>&1 || true
	echo "(PostgreSQL skipped: $(printf '%s\n' "$out" | tail -n 1))"
fi

printf '\nThe demo workspace is %s; try: %s --workspace %s status\n' \
    "$WS" "$BIN" "$WS"
printf 'Open demo/scoping.html, demo/gap.html, demo/policies.html, demo/type1.html,\ndemo/type2.html, demo/system-description.html and\ndemo/findings-2026-06-30.html in a browser (or print them).\n'

if [ "${DEMO_SERVE:-1}" != 0 ]; then
	step "The dashboard (Ctrl-C stops it; DEMO_SERVE=0 skips this)"
	echo "Sign in as auditor / auditor-demo-2026 (read-only, the period)"
	echo "or tom.becker / tom-owner-demo-2026 (a control owner)."
	exec "$BIN" --workspace "$WS" serve
fi
