# workflow.sh: init, ingest, duplicate, rejection, evaluate, status, as
# a user would run them, with the JSON contract checked by jq.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws

run assure init "$WS" --org "Example Co" --categories availability \
    --period 2026-01-01..2026-12-31
expect_status 0
expect_out "Created the workspace of Example Co"
expect_out "categories in scope: security, availability"
[ -f "$WS/assure.yaml" ] || fail "no assure.yaml"
[ -f "$WS/.assure/assure.db" ] || fail "no database"
grep -q '^.assure/$' "$WS/.gitignore" || fail ".assure not ignored"
for d in controls policies registers evidence; do
	[ -d "$WS/$d" ] || fail "no $d/"
done
# The starter policies, naming the organisation; no privacy notice
# while Privacy is out of scope.
[ "$(ls "$WS"/policies/*.md | grep -vc '/README.md$')" -eq 15 ] ||
    fail "not 15 starter policies"
[ ! -e "$WS/policies/privacy-notice.md" ] || fail "privacy notice shipped"
head -n 1 "$WS/policies/information-security.md" | grep -qx -- '---' ||
    fail "no front matter"
grep -q "Example Co" "$WS/policies/access-control.md" ||
    fail "organisation not substituted"
! grep -q "{{organisation}}" "$WS"/policies/*.md ||
    fail "placeholder left in a policy"
run assure init "$TMP/priv" --org "Priv Co" --categories privacy
expect_status 0
[ -f "$TMP/priv/policies/privacy-notice.md" ] || fail "no privacy notice"

run assure init "$WS"
expect_status 2
expect_err "already holds a workspace; refusing to overwrite it"

run assure init "$TMP/bad" --categories security,marketing
expect_status 2
expect_err "unknown category 'marketing'"

run assure --workspace "$WS" ingest --list
expect_status 0
expect_out "aws-iam-credential-report"

run assure --workspace "$WS" ingest --list --format json
jq_true '.[0].kind == "aws-iam-credential-report"'

# Nothing ingested: no evidence is never a pass (exit 1).  The starter
# policies init wrote are not approved: two policy tests fail, and
# policy.acknowledged has neither a roster nor acknowledgements.
run assure --workspace "$WS" evaluate --format json
expect_status 1
jq_true '[.tests[] | select(.id | startswith("policy.") | not) | .verdict] | length == 29 and all(. == "no_evidence")'
jq_true '[.tests[] | select(.id | startswith("policy.")) | .verdict] == ["fail", "fail", "no_evidence"]'
jq_true '.tests[] | select(.id == "policy.approved") | .population == 15 and (.exceptions[0].reason | test("never approved"))'

run assure --workspace "$WS" ingest aws-iam-credential-report \
    --as-of 2026-05-30T12:00:00Z "$DATA/report-clean.csv"
expect_status 0
expect_out "report-clean.csv: ingested 3 records, as of 2026-05-30T12:00:00Z (as given), sha256:"
digest=$(sha256sum "$DATA/report-clean.csv" | cut -d' ' -f1)
expect_out "sha256:$digest"

run assure --workspace "$WS" ingest aws-iam-credential-report \
    "$DATA/report-clean.csv"
expect_status 0
expect_out "already stored as sha256:$digest"
expect_out "nothing changed"

# The credential report tests pass; the identity tests have no evidence
# (exit 1) and the clean report still holds an unrotated key.
run assure --workspace "$WS" evaluate --as-of 2026-06-01
expect_status 1
expect_out "2 of 32 tests pass: 3 fail, 27 no evidence"

# A bad file is rejected whole, located, exit 2; the good one still goes in.
run assure --workspace "$WS" ingest aws-iam-credential-report \
    --as-of 2026-06-30 "$DATA/report-bad-mfa.csv" "$DATA/report-findings.csv"
expect_status 2
expect_err "report-bad-mfa.csv:3:"
expect_err "mfa_active"
expect_out "report-findings.csv: ingested"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "error is not one line"

run assure --workspace "$WS" ingest aws-iam-credential-report \
    "$DATA/report-short-header.csv"
expect_status 2
expect_err "report-short-header.csv:1:"

run assure --workspace "$WS" evaluate --as-of 2026-06-30T12:00:00Z \
    --format json
expect_status 1
jq_true '.as_of == "2026-06-30T12:00:00Z"'
jq_true '.evaluation_id | test("^[0-9a-f]{8}-[0-9a-f]{4}-7")'
jq_true '.tests | length == 32'
jq_true '.tests[] | select(.id == "iam.aws_root") | .verdict == "fail" and .population == 1 and .criteria == ["CC6.1"]'
jq_true '[.tests[] | select(.id == "iam.aws_root") | .exceptions[].reason] == ["root account has no MFA device", "root access key 1 is active"]'
jq_true '.tests[] | select(.id == "iam.user_mfa") | .population == 2 and .exceptions == [{"subject": "aws/555566667777/karl.weber", "reason": "console password enabled, no MFA device"}]'
jq_true '.tests[] | select(.id == "iam.user_mfa") | .evidence | length == 1 and (.[0] | test("^sha256:[0-9a-f]{64}$"))'

run assure --workspace "$WS" status
expect_status 1
expect_out "Example Co"
expect_out "0 of 32 tests pass"
expect_out "CC6.1"
expect_out "aws/555566667777/karl.weber: console password enabled, no MFA device"

# The workspace from the environment, and from the current folder upwards.
export ASSURE_WORKSPACE=$WS
run assure status --format json
expect_status 1
jq_true '.organisation == "Example Co" and .categories == ["security", "availability"] and .evidence_files == 2'
unset ASSURE_WORKSPACE
(cd "$WS/controls" && "$ASSURE_BIN" status >/dev/null 2>&1; [ $? -eq 1 ]) ||
    fail "status from a subfolder did not find the workspace"

# Past the freshness window the newest report is stale: no evidence.
run assure --workspace "$WS" evaluate --as-of 2026-09-30
expect_status 1
expect_out "0 of 32 tests pass: 2 fail, 30 no evidence"
expect_out "older than the 35-day freshness window"

# Approving a policy's current text; an edit shows it is no longer so.
run assure --workspace "$WS" policy approve POL-BAK --by ceo@example.co
expect_status 0
expect_out "Approved POL-BAK version 1.0 (sha256:"
run assure --workspace "$WS" policy list
expect_out "POL-BAK    1.0      approved"
echo "An edit nobody approved." >>"$WS/policies/backup.md"
run assure --workspace "$WS" policy list
expect_out "POL-BAK    1.0      edited since its approval"
run assure --workspace "$WS" evaluate --format json
jq_true '.tests[] | select(.id == "policy.approved") | [.exceptions[] | select(.subject == "POL-BAK") | .reason][0] | test("edited since its approval")'
jq_true '.tests[] | select(.id == "policy.reviewed") | .exceptions | length == 14'
run assure --workspace "$WS" ledger verify
expect_status 0
run assure --workspace "$WS" policy approve POL-NOPE --by x
expect_status 2
if command -v sqlite3 >/dev/null; then
	cp -R "$WS" "$TMP/tampered"
	sqlite3 "$TMP/tampered/.assure/assure.db" \
	    "UPDATE policy_approval SET approved_by = 'someone@else'"
	run assure --workspace "$TMP/tampered" ledger verify
	expect_status 1
	expect_err "policy approval POL-BAK@"
fi

# A replay: one recorded evaluation at the end of each week of May, the
# last at the period's end.
run assure --workspace "$WS" evaluate --period 2026-05-01..2026-05-31 \
    --every 1w --format json
expect_status 1
jq_true '[.evaluations[].as_of] == ["2026-05-07T23:59:59Z", "2026-05-14T23:59:59Z", "2026-05-21T23:59:59Z", "2026-05-28T23:59:59Z", "2026-05-31T23:59:59Z"]'
jq_true '[.evaluations[] | .tests == 32 and .pass + .fail + .no_evidence + .error == 32] | all'
run assure --workspace "$WS" evaluate --period 2026-05-01..2026-05-03
expect_status 1
expect_out "2026-05-02T23:59:59Z  "
run assure --workspace "$WS" ledger verify
expect_status 0
run assure --workspace "$WS" evaluate --every 1d
expect_status 2
expect_err "--every needs --period"
run assure --workspace "$WS" evaluate --period 2026-05-01..2026-05-03 \
    --every 30m
expect_status 2
expect_err "--every: expected a duration from 1h to 366d, got '30m'"
run assure --workspace "$WS" evaluate --period 2026-05-01..2026-05-03 \
    --as-of 2026-05-01
expect_status 2
run assure --workspace "$WS" evaluate --period 2026-05-03..2026-05-01
expect_status 2
expect_err "--period: expected START..END"

# Manual evidence filed against a control: an occurrence of it, in the
# ledger; once only; an unknown control is refused before anything.
printf 'Minutes of the board, Q1: the security report was reviewed.\n' \
    >"$TMP/minutes-q1.txt"
run assure --workspace "$WS" ingest document --control GOV-01 \
    --period 2026-01-01..2026-03-31 "$TMP/minutes-q1.txt"
expect_status 0
expect_out "minutes-q1.txt: filed against control GOV-01"
run assure --workspace "$WS" ingest document --control GOV-01 \
    --format json "$TMP/minutes-q1.txt"
expect_status 0
jq_true '.files[0].status == "duplicate" and .files[0].control == "GOV-01" and .files[0].linked == false'
run assure --workspace "$WS" ingest document --control GOV-99 \
    "$TMP/minutes-q1.txt"
expect_status 2
expect_err "--control: no control 'GOV-99' in controls/"
run assure --workspace "$WS" ledger verify
expect_status 0
if command -v sqlite3 >/dev/null; then
	rm -rf "$TMP/relinked"
	cp -R "$WS" "$TMP/relinked"
	sqlite3 "$TMP/relinked/.assure/assure.db" \
	    "UPDATE evidence_control SET control_id = 'GOV-02'"
	run assure --workspace "$TMP/relinked" ledger verify
	expect_status 1
	expect_err "control link"
fi

# A malformed setting is a located error.
printf 'organisation: X\nsla:\n  leaver: 1d\n' >"$WS/assure.yaml"
run assure --workspace "$WS" status
expect_status 2
expect_err "$WS/assure.yaml:2:1: sla: unknown key"

done_ok
