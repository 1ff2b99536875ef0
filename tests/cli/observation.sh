# observation.sh: the same bytes collected again later are an observation:
# stored once, seen as of the new instant too (so a snapshot that never
# changes does not go stale), logged in the ledger, and caught by `ledger
# verify` when the row is edited or deleted behind assure's back.
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }

cat >"$TMP/prot.json" <<'EOF'
{"url": "https://api.github.com/repos/acme/api/branches/main/protection",
 "required_pull_request_reviews": {"dismiss_stale_reviews": true,
   "required_approving_review_count": 1},
 "enforce_admins": {"enabled": true}}
EOF
mk() {
	"$ASSURE_BIN" init "$TMP/$1" --org "Observation Test" \
	    --period 2026-01-01..2026-12-31 >/dev/null
}
db() { sqlite3 "$TMP/$1/.assure/assure.db" "$2"; }

mk w
run assure --workspace "$TMP/w" ingest github-branch-protection \
    --as-of 2026-01-01T00:00:00Z "$TMP/prot.json"
expect_status 0
expect_out "ingested 1 records"
run assure --workspace "$TMP/w" ingest github-branch-protection \
    --as-of 2026-02-01T00:00:00Z "$TMP/prot.json"
expect_status 0
expect_out "already stored as sha256:"
expect_out "seen again as of 2026-02-01T00:00:00Z"
# The same instant again changes nothing; nor does another kind.
run assure --workspace "$TMP/w" ingest github-branch-protection \
    --as-of 2026-02-01T00:00:00Z --format json "$TMP/prot.json"
expect_status 0
jq_true '.files[0].status == "duplicate" and (.files[0] | has("observed_as_of") | not)'
[ "$(db w 'SELECT count(*) FROM evidence')" = 1 ] || fail "stored twice"
[ "$(db w 'SELECT count(*) FROM evidence_observation')" = 1 ] ||
    fail "expected one observation"

# Seen on 2026-02-01, the protection is fresh on 2026-02-20; a workspace
# that only saw it on 2026-01-01 has nothing fresh then.
run assure --workspace "$TMP/w" evaluate --as-of 2026-02-20 --format json
jq_true '.tests[] | select(.id == "change.branch_protection") |
    .verdict == "pass" and .population == 1'
mk once
"$ASSURE_BIN" --workspace "$TMP/once" ingest github-branch-protection \
    --as-of 2026-01-01T00:00:00Z "$TMP/prot.json" >/dev/null
run assure --workspace "$TMP/once" evaluate --as-of 2026-02-20 --format json
jq_true '.tests[] | select(.id == "change.branch_protection") |
    .verdict == "no_evidence"'

# Logged: verify passes; an edited or deleted observation is caught.
run assure --workspace "$TMP/w" ledger verify
expect_status 0
cp -r "$TMP/w" "$TMP/edited"
db edited "UPDATE evidence_observation SET as_of = as_of + 86400"
run assure --workspace "$TMP/edited" ledger verify
expect_status 1
expect_err "observation"
cp -r "$TMP/w" "$TMP/deleted"
db deleted "DELETE FROM evidence_observation"
run assure --workspace "$TMP/deleted" ledger verify
expect_status 1
expect_err "logs the observation"
done_ok
