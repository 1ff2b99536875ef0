# postgres.sh: the CLI over a PostgreSQL store (docs/POSTGRES.md), against
# the server the suite starts (scripts/pg-test.sh; ctest gives its URI in
# the file $ASSURE_TEST_DB_FILE names, SKIPPED without it):
#   - init with --db creates the organisation; ingest, evaluate, status
#     and ledger verify work unchanged; the evidence bytes are in the
#     database, not in .assure/evidence, and a byte changed there is
#     caught by ledger verify;
#   - two workspaces, two organisations, one database: each sees its own
#     evidence only; --org naming another is refused; org create twice is
#     refused; org list and db status name both;
#   - four ingests at once into one organisation all land, and its ledger
#     verifies;
#   - pg_dump and pg_restore into a new database: ledger verify passes
#     there, and a checkpoint saved before the dump is consistent with the
#     restored ledger.
. "$(dirname "$0")/lib.sh"
set -e
f=${ASSURE_TEST_DB_FILE:-}
[ -n "$f" ] && [ -r "$f" ] || { echo "SKIPPED: no PostgreSQL server"; exit 77; }
URI=$(cat "$f")
PGDIR=$(dirname "$f")
for t in psql pg_dump pg_restore createdb; do
	command -v $t >/dev/null ||
	    { echo "SKIPPED: $t not installed"; exit 77; }
done
export ASSURE_DB="$URI"
A=cli-a-$$
B=cli-b-$$
# psql as the application role, in organisation $1 (the rest: SQL).
psql_org() {
	org=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 "$URI" \
	    -c "SELECT set_config('assure.org_id', id::text, false) FROM organisation WHERE name = '$org'" \
	    "$@"
}

run assure init "$TMP/a" --org "$A"
expect_status 0
grep -q "^org: $A\$" "$TMP/a/assure.yaml" || fail "assure.yaml lacks org: $A"
run assure --workspace "$TMP/a" ingest aws-iam-credential-report \
    "$DATA/report-clean.csv" --as-of 2026-06-01
expect_status 0
# Exit 1: tests fail (no evidence for most), as on SQLite.
run assure --workspace "$TMP/a" evaluate
expect_status 1
expect_out "tests pass"
run assure --workspace "$TMP/a" ledger verify
expect_status 0
# The bytes are the database's: no content-addressed file was written.
checks=$((checks + 1))
[ -z "$(find "$TMP/a/.assure/evidence" -type f)" ] ||
    fail "evidence bytes were written to .assure/evidence"
n=$(psql_org "$A" -c "SELECT count(*) FROM evidence_blob" | tail -n 1)
checks=$((checks + 1))
[ "$n" -ge 1 ] || fail "no evidence_blob rows ($n)"

# A second organisation in the same database sees none of A's.
run assure init "$TMP/b" --org "$B"
expect_status 0
run assure --workspace "$TMP/b" --format json status
expect_status 0
jq_true '.evidence_files == 0'
run assure --workspace "$TMP/a" --format json status
expect_status 1
jq_true '.evidence_files == 1'
run assure --workspace "$TMP/b" --org "$A" status
expect_status 2
expect_err "is organisation '$B', not '$A'"
run assure org create "$A"
expect_status 2
expect_err "already holds organisation '$A'"
run assure org list
expect_status 0
expect_out "$A"
expect_out "$B"
run assure db status
expect_status 0
expect_out "Backend:        postgres"
expect_out "bound by row-level security"
expect_no_out "password"
run assure db migrate
expect_status 0
expect_out "up to date"
# Raw SQL in B's session cannot reach A's rows.
n=$(psql_org "$B" -c "SELECT count(*) FROM evidence" | tail -n 1)
checks=$((checks + 1))
[ "$n" = 0 ] || fail "organisation $B sees $n evidence rows"

# Four ingests at once into A.
i=0
while [ $i -lt 4 ]; do
	sed "s/ines.moreau/ines$i.moreau/g" "$DATA/report-clean.csv" >"$TMP/r$i.csv"
	"$ASSURE_BIN" --workspace "$TMP/a" ingest aws-iam-credential-report \
	    "$TMP/r$i.csv" --as-of 2026-06-0$((i + 2)) >"$TMP/i$i.out" 2>&1 &
	i=$((i + 1))
done
wait
i=0
while [ $i -lt 4 ]; do
	checks=$((checks + 1))
	grep -q "Ingested\|ingested" "$TMP/i$i.out" ||
	    { cat "$TMP/i$i.out" >&2; fail "concurrent ingest $i failed"; }
	i=$((i + 1))
done
run assure --workspace "$TMP/a" ledger verify
expect_status 0

# A byte changed in the database is caught.
"$ASSURE_BIN" --workspace "$TMP/a" ledger checkpoint >"$TMP/saved.txt"
sha=$(psql_org "$A" -c "SELECT sha256 FROM evidence ORDER BY id LIMIT 1" |
    tail -n 1)

# Backup and restore: a superuser dump (row-level security does not
# filter it), restored into a new database the application role owns.
pg_dump -h "$PGDIR" -U postgres -d assure -Fc -f "$TMP/assure.dump"
db=assure_r$$
createdb -h "$PGDIR" -U postgres -O assure_app "$db"
pg_restore -h "$PGDIR" -U postgres --no-owner --role=assure_app \
    -d "$db" "$TMP/assure.dump"
RURI=$(printf '%s' "$URI" | sed "s|/assure?|/$db?|")
run env ASSURE_DB="$RURI" "$ASSURE_BIN" --workspace "$TMP/a" ledger verify
expect_status 0
run env ASSURE_DB="$RURI" "$ASSURE_BIN" --workspace "$TMP/a" \
    ledger consistency "$TMP/saved.txt"
expect_status 0
psql -X -q -h "$PGDIR" -U postgres -d postgres -c "DROP DATABASE $db"

psql_org "$A" -c "UPDATE evidence_blob SET bytes = overlay(bytes placing '\\x58'::bytea from 1 for 1) WHERE sha256 = '$sha' AND seq = 0" >/dev/null
run assure --workspace "$TMP/a" ledger verify
expect_status 1
expect_err "sha256:$sha"
done_ok
