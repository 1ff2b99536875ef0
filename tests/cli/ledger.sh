# ledger.sh: the evidence ledger as an auditor would use it: status, key,
# checkpoint, prove and offline verify; and every tampering the issue names,
# each caught by `assure ledger verify` or `assure ledger consistency` with
# exit 1 and a message naming what changed.
. "$(dirname "$0")/lib.sh"
set -e
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
EX=$SRC/examples/acme-payroll/evidence/aws-production

# fresh NAME: a workspace with three reports and an evaluation.
fresh() {
	rm -rf "$TMP/$1"
	"$ASSURE_BIN" init "$TMP/$1" --org "Ledger Test" >/dev/null
	for d in 2025-07-28 2025-08-27 2025-09-26; do
		"$ASSURE_BIN" --workspace "$TMP/$1" ingest \
		    aws-iam-credential-report --as-of "$d" \
		    "$EX/credential-report-$d.csv" >/dev/null
	done
	"$ASSURE_BIN" --workspace "$TMP/$1" evaluate --as-of 2025-09-30 \
	    >/dev/null || true
}
db() { sqlite3 "$TMP/$1/.assure/assure.db" "$2"; }
verify_fails() {
	run assure --workspace "$TMP/$1" ledger verify
	expect_status 1
	expect_err "$2"
}

fresh w
run assure --workspace "$TMP/w" ledger status --format json
expect_status 0
jq_true '.size == 4 and .last_checkpoint.size == 4 and (.root | length) == 64'
jq_true '.origin | test("^ledger-test\\.assure/[0-9a-f]{8}$")'

run assure --workspace "$TMP/w" ledger verify
expect_status 0
expect_out "ledger verified: 4 entries, 3 evidence files"
expect_out "1 evaluations, 4 signed checkpoints"

run assure --workspace "$TMP/w" ledger key
expect_status 0
key=$out
case $key in ledger-test.assure/*+*+*) ;; *) fail "bad verifier key" ;; esac
printf '%s\n' "$key" >"$TMP/key.pub"

run assure --workspace "$TMP/w" ledger checkpoint
expect_status 0
expect_out "ledger-test.assure/"
expect_out "— ledger-test.assure/"
printf '%s\n' "$out" >"$TMP/cp-saved.txt"

# A proof by evidence digest, verified with nothing but the key.
digest=sha256:$(sha256sum "$EX/credential-report-2025-08-27.csv" | cut -d' ' -f1)
run assure --workspace "$TMP/w" ledger prove "$digest" --out "$TMP/proof.json"
expect_status 0
run assure verify "$TMP/proof.json" --key "$TMP/key.pub" \
    --evidence "$EX/credential-report-2025-08-27.csv"
expect_status 0
expect_out "proof verified: entry 1 is in the ledger"
expect_out "the evidence file is the one it logged"
run assure verify "$TMP/proof.json" --key "$key" \
    --evidence "$EX/credential-report-2025-07-28.csv"
expect_status 1
expect_err "which is not the evidence this entry logged"
# A flipped hash in the path, and a key that is not the ledger's.
jq '.inclusion_path[0] |= (if .[0:1] == "0" then "1" + .[1:] else "0" + .[1:] end)' \
    "$TMP/proof.json" >"$TMP/bad-proof.json"
run assure verify "$TMP/bad-proof.json" --key "$key"
expect_status 1
expect_err "inclusion_path: does not lead from entry 1"
"$ASSURE_BIN" init "$TMP/other" --org "Other" >/dev/null
run assure verify "$TMP/proof.json" --key \
    "$("$ASSURE_BIN" --workspace "$TMP/other" ledger key)"
expect_status 1
expect_err "not signed by the key other.assure/"
run assure verify "$TMP/proof.json"
expect_status 2
expect_err "verify needs --key"

# An evaluation can be proved by its id too.
id=$(db w "SELECT id FROM evaluation")
run assure --workspace "$TMP/w" ledger prove "$id"
expect_status 0
jq_true '.entry_type == "evaluation" and .index == 3'

# 1. One byte changed in a stored evidence file.
fresh t1
blob=$(find "$TMP/t1/.assure/evidence" -type f | head -n 1)
chmod u+w "$blob"
printf 'X' | dd of="$blob" bs=1 seek=10 conv=notrunc 2>/dev/null
verify_fails t1 "the evidence file's bytes changed"
expect_err "$blob"

# 2. An evidence row's metadata edited in the database.
fresh t2
db t2 "UPDATE evidence SET collector = 'someone-else' WHERE id = 2"
verify_fails t2 "does not match ledger entry 1: the database row was edited"

# 3. An entry deleted.
fresh t3
db t3 "DELETE FROM ledger_entry WHERE idx = 1"
verify_fails t3 "entry 1 is missing"

# 4. Entries reordered: two whole rows swap places (each still hashes to
# its own leaf), and an entry's bytes changed in place.
fresh t4
db t4 "UPDATE ledger_entry SET idx = -1 WHERE idx = 1;
       UPDATE ledger_entry SET idx = 1 WHERE idx = 2;
       UPDATE ledger_entry SET idx = 2 WHERE idx = -1"
verify_fails t4 "the signed checkpoint of size 2 does not match the entries"
fresh t4b
db t4b "UPDATE ledger_entry SET body = CAST(replace(CAST(body AS TEXT), 'records 8', 'records 9') AS BLOB) WHERE idx = 1"
verify_fails t4b "entry 1 (evidence"
expect_err "its bytes do not hash to the stored leaf"

# 5. An entry inserted (with a leaf that fits, but no signed checkpoint).
fresh t5
db t5 "INSERT INTO ledger_entry SELECT 4, type, ref, body, leaf, nodes, created_at FROM ledger_entry WHERE idx = 0"
verify_fails t5 "entry 4 logs the evidence"
expect_err "a second time (first at entry 0)"
db t5 "UPDATE ledger_entry SET ref = 'x' WHERE idx = 4"
verify_fails t5 "entry 4 logs the evidence x, which is not in the database"
# ... and an evidence row deleted with its records.
fresh t5b
db t5b "PRAGMA foreign_keys = OFF; DELETE FROM iam_credential WHERE evidence_id = 3; DELETE FROM evidence WHERE id = 3"
verify_fails t5b "entry 2 logs the evidence"
expect_err "which is not in the database"

# 6. A checkpoint with a changed size, root or signature.
fresh t6
db t6 "UPDATE ledger_checkpoint SET note = replace(note, char(10) || '4' || char(10), char(10) || '5' || char(10)) WHERE tree_size = 4"
verify_fails t6 "the stored checkpoint of size 4 does not verify"
fresh t6b
db t6b "UPDATE ledger_checkpoint SET root = (SELECT root FROM ledger_checkpoint WHERE tree_size = 1) WHERE tree_size = 4"
verify_fails t6b "does not match its signed text"

# 7. A checkpoint signed by another key.
fresh t7
other_cp=$("$ASSURE_BIN" --workspace "$TMP/other" ledger checkpoint)
db t7 "UPDATE ledger_checkpoint SET note = '$(printf '%s\n' "$other_cp" | sed "s/'/''/g")' WHERE tree_size = 2"
verify_fails t7 "the stored checkpoint of size 2 does not verify"

# 8. The log rewritten from some point, with fresh signatures under the
# same key: internally consistent, caught only by a saved checkpoint.
fresh t8
"$ASSURE_BIN" --workspace "$TMP/t8" ledger checkpoint >"$TMP/t8-saved.txt"
rm -f "$TMP/t8/.assure/assure.db" "$TMP/t8/.assure/assure.db-wal" \
    "$TMP/t8/.assure/assure.db-shm"
for d in 2025-07-28 2025-10-28 2025-09-26; do
	"$ASSURE_BIN" --workspace "$TMP/t8" ingest aws-iam-credential-report \
	    --as-of "$d" "$EX/credential-report-$d.csv" >/dev/null
done
"$ASSURE_BIN" --workspace "$TMP/t8" evaluate --as-of 2025-09-30 >/dev/null || true
run assure --workspace "$TMP/t8" ledger verify
expect_status 0
run assure --workspace "$TMP/t8" ledger consistency "$TMP/t8-saved.txt"
expect_status 1
expect_err "$TMP/t8-saved.txt: the ledger as stored does not extend the checkpoint of size 4"
# ... while an honest ledger extends its saved checkpoint.
"$ASSURE_BIN" --workspace "$TMP/w" ingest aws-iam-credential-report \
    "$EX/credential-report-2025-12-22.csv" >/dev/null
run assure --workspace "$TMP/w" ledger consistency "$TMP/cp-saved.txt"
expect_status 0
jq_true '.old_size == 4 and .new_size == 5'

# A rejected file leaves a trace in the ledger, and nothing else.
printf 'not,a,credential,report\n' >"$TMP/junk.csv"
run assure --workspace "$TMP/w" ingest aws-iam-credential-report "$TMP/junk.csv"
expect_status 2
[ "$(db w "SELECT type FROM ledger_entry ORDER BY idx DESC LIMIT 1")" = ingest-rejection ] ||
    fail "no ingest-rejection entry"
run assure --workspace "$TMP/w" ledger verify
expect_status 0

# A policy's unchanged text approved again (a yearly review) is k rows of
# one ref with k entries: the ledger verifies.  A row copied behind
# assure's back is one row too many.
fresh t9
ASSURE_NOW=2025-01-10T00:00:00Z run assure --workspace "$TMP/t9" policy \
    approve POL-ISP --by "Jane Doe"
expect_status 0
ASSURE_NOW=2026-01-10T00:00:00Z run assure --workspace "$TMP/t9" policy \
    approve POL-ISP --by "Jane Doe"
expect_status 0
run assure --workspace "$TMP/t9" ledger verify
expect_status 0
db t9 "INSERT INTO policy_approval (policy_id, seq, version, body_sha256,
    approved_by, approved_at) SELECT policy_id, (SELECT max(seq) + 1 FROM
    policy_approval), version, body_sha256, approved_by, approved_at FROM
    policy_approval LIMIT 1" ||
    fail "could not copy an approval row"
run assure --workspace "$TMP/t9" ledger verify
expect_status 1
expect_err "is a second row for ledger entry"
# ... and an approval row whose approver was changed is caught.
db t9 "DELETE FROM policy_approval WHERE seq = (SELECT max(seq) FROM
    policy_approval); UPDATE policy_approval SET approved_by = 'Mallory'
    WHERE seq = (SELECT max(seq) FROM policy_approval)"
run assure --workspace "$TMP/t9" ledger verify
expect_status 1
expect_err "was edited after it was logged"
done_ok
