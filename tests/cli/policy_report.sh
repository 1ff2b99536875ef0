# policy_report.sh: `assure report policies` over the starter policies:
# one approved in its current text, one edited after its approval, the
# rest never approved, in HTML, Markdown and JSON; hostile text in a
# policy is shown, not run; and the report changes neither the store nor
# the ledger.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws

run assure init "$WS" --org "Example Co"
expect_status 0
run assure --workspace "$WS" policy approve POL-ISP --by "Jane Doe"
expect_status 0
run assure --workspace "$WS" policy approve POL-AC --by "Jane Doe"
expect_status 0
# POL-AC is edited after its approval, with markup and a script link.
printf '\nAdded <script>alert(1)</script> and [x](javascript:alert(1)).\n' \
    >>"$WS/policies/access-control.md"

run assure --workspace "$WS" ledger status --format json
expect_status 0
size_before=$(printf '%s' "$out" | jq .size)
[ "$size_before" -ge 2 ] || fail "approvals are not in the ledger"
# The store's content, as SQL (the -wal and -shm files change on reads).
dump() {
	if command -v sqlite3 >/dev/null; then
		sqlite3 -readonly "$WS/.assure/assure.db" .dump | sha256sum
	else
		echo no-sqlite3
	fi
}
sum_before=$(dump)

run assure --workspace "$WS" report policies --out "$TMP/p.html"
expect_status 0
expect_out "Wrote the policy set (html,"
run assure --workspace "$WS" report policies --out "$TMP/p.md"
expect_status 0
run assure --workspace "$WS" report policies --out "$TMP/p.json"
expect_status 0

# JSON: the three states, the approval with its ledger entry.
out=$(cat "$TMP/p.json")
jq_true '.organisation == "Example Co" and .policies_total == 15'
jq_true '.approved == 1 and .changed_since_approval == 1 and .not_approved == 13'
jq_true '.policies[] | select(.id == "POL-ISP") | .status == "approved" and .approval.by == "Jane Doe" and (.approval.ledger_index | type) == "number" and .approval.body_sha256 == .body_sha256'
jq_true '.policies[] | select(.id == "POL-AC") | .status == "changed-since-approval" and .approval == null and .last_approval.by == "Jane Doe" and .last_approval.body_sha256 != .body_sha256'
jq_true '.policies[] | select(.id == "POL-BAK") | .status == "not-approved" and .last_approval == null'

# HTML: the header, the contents, a page per policy, nothing live.
out=$(cat "$TMP/p.html")
expect_out "<dd>1 of 15</dd>"
expect_out "<h2>Contents</h2>"
expect_out '<td class="in">approved</td>'
expect_out '<td class="partial">changed since approval</td>'
expect_out '<td class="gap">not approved</td>'
expect_out '<p class="st-approved">'
expect_out '<p class="st-changed">'
expect_out '<p class="st-not-approved">'
expect_out "&lt;script&gt;alert(1)&lt;/script&gt;"
expect_no_out "<script"
expect_no_out 'href="javascript'
checks=$((checks + 1))
[ "$(grep -c '<section class="policy">' "$TMP/p.html")" -eq 15 ] ||
    fail "not one section per policy"

# Markdown: the contents and the bodies as written.
out=$(cat "$TMP/p.md")
expect_out "| POL-ISP | Information Security Policy | 1\\.0 |"
expect_out "**changed since approval**"
expect_out "- **Status**: not approved"
expect_out "# Information Security Policy"

# Unknown kinds and missing --out list policies.
run assure --workspace "$WS" report nonsense --out "$TMP/x.html"
expect_status 2
expect_err "policies"

# The report changed neither the ledger nor the store.
run assure --workspace "$WS" ledger status --format json
expect_status 0
[ "$(printf '%s' "$out" | jq .size)" = "$size_before" ] ||
    fail "the ledger grew"
[ "$(dump)" = "$sum_before" ] || fail "the store changed"
run assure --workspace "$WS" ledger verify
expect_status 0
done_ok
