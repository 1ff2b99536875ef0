# identity_ingest.sh: every identity evidence kind through `assure ingest`,
# with the rows each puts in person, account and tenant_setting counted by
# sqlite3; several files (pages) in one ingest; --tenant, --user and --map;
# located errors and usage errors; a rejected file leaves nothing.
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
WS=$TMP/ws
ID=$SRC/tests/data/identity
DB=$WS/.assure/assure.db

run assure init "$WS" --org "Example Co"
expect_status 0

count() {
	sqlite3 "$DB" "$1"
}

expect_count() {
	got=$(count "$1")
	[ "$got" = "$2" ] || fail "'$1': expected $2, got '$got'"
	checks=$((checks + 1))
}

run assure --workspace "$WS" ingest --list
for k in hr-csv bamboohr-report aws-iam-authorization-details okta-users \
    okta-factors okta-admins google-workspace-users entra-users \
    entra-registration-details github-org-members; do
	expect_out "$k"
done

run assure --workspace "$WS" ingest hr-csv "$ID/roster.csv"
expect_status 0
expect_out "ingested 5 records"
run assure --workspace "$WS" ingest hr-csv --map "Work Email=email" \
    --map state=status --map "leaving on=termination_date" \
    "$ID/roster_mapped.csv"
expect_status 0
expect_count "SELECT count(*) FROM person" 7
expect_count "SELECT count(*) FROM person WHERE termination_date_only = 1" 2
expect_count "SELECT email_norm FROM person WHERE employee_id = 'E1'" \
    alice@example.com

run assure --workspace "$WS" ingest bamboohr-report "$ID/bamboohr.json"
expect_status 0
expect_count "SELECT count(*) FROM person" 9

# two pages in one ingest: each is its own evidence
run assure --workspace "$WS" ingest okta-users "$ID/okta_users.json" \
    "$ID/okta_factors.json"
expect_status 2
run assure --workspace "$WS" ingest okta-users "$ID/okta_users.json"
expect_status 0
run assure --workspace "$WS" ingest okta-factors "$ID/okta_factors.json"
expect_status 0
run assure --workspace "$WS" ingest okta-admins "$ID/okta_roles.json" \
    "$ID/okta_assignees.json"
expect_status 0
expect_count "SELECT count(*) FROM account WHERE system = 'okta'" 9
expect_count "SELECT count(*) FROM account WHERE system = 'okta' AND
    is_admin = 1" 2
expect_count "SELECT mfa FROM account WHERE account_id = '00u4' AND
    mfa IS NOT NULL" enrolled
expect_count "SELECT count(*) FROM account WHERE system = 'okta' AND
    active = 1" 2

run assure --workspace "$WS" ingest google-workspace-users \
    "$ID/google_users.json" "$ID/google_empty.json"
expect_status 0
expect_count "SELECT count(*) FROM account WHERE system = 'google'" 2
expect_count "SELECT count(*) FROM account WHERE system = 'google' AND
    last_login IS NULL" 1

run assure --workspace "$WS" ingest entra-users --tenant contoso \
    "$ID/entra_users.json"
expect_status 0
run assure --workspace "$WS" ingest entra-registration-details \
    --tenant contoso "$ID/entra_registration.json"
expect_status 0
expect_count "SELECT count(*) FROM account WHERE system = 'entra' AND
    tenant = 'contoso'" 4

run assure --workspace "$WS" ingest github-org-members \
    "$ID/github_memberships.json" "$ID/github_org.json"
expect_status 0
run assure --workspace "$WS" ingest github-org-members --tenant acme \
    "$ID/github_members.json"
expect_status 0
expect_count "SELECT count(*) FROM account WHERE system = 'github'" 4
expect_count "SELECT value FROM tenant_setting WHERE system = 'github' AND
    tenant = 'acme' AND name = 'two_factor_requirement_enabled'" true

run assure --workspace "$WS" ingest aws-iam-authorization-details \
    "$ID/aws_authz.json"
expect_status 0
expect_count "SELECT count(*) FROM account WHERE system = 'aws'" 6
expect_count "SELECT group_concat(login) FROM (SELECT login FROM account
    WHERE system = 'aws' AND is_admin = 1 ORDER BY login)" alice,bob,carol
expect_count "SELECT login FROM account WHERE system = 'aws' AND
    kind = 'service'" ci

# located errors; nothing of a rejected file stays
before=$(count "SELECT count(*) FROM evidence")
run assure --workspace "$WS" ingest hr-csv "$ID/roster_bad_date.csv"
expect_status 2
expect_err "roster_bad_date.csv:2:22: termination_date: expected a date"
run assure --workspace "$WS" ingest okta-users \
    "$ID/okta_users_bad_status.json"
expect_status 2
expect_err "okta_users_bad_status.json:11:34: status: expected STAGED"
expect_count "SELECT count(*) FROM evidence" "$before"

# usage errors
run assure --workspace "$WS" ingest hr-csv --map nothing "$ID/roster.csv"
expect_status 2
expect_err "--map: expected FROM=TO, got 'nothing'"
run assure --workspace "$WS" ingest okta-users --tenant "" \
    "$ID/okta_users.json"
expect_status 2
expect_err "--tenant must be 1 to 255 characters"
run assure --workspace "$WS" ingest hr-csv --map "x=salary" \
    "$ID/roster_no_term.csv"
expect_status 2
expect_err "--map: expected HEADER=FIELD"
run assure --workspace "$WS" ingest google-workspace-users --map a=email \
    "$ID/google_empty.json"
expect_status 2
expect_err "--map: only hr-csv takes it, not google-workspace-users"

done_ok
