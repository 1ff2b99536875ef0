# package.sh: `assure export auditor` and `assure verify FILE.zip` as an
# auditor uses them: the package verifies with the ledger's public key
# alone, from another directory with no workspace; a wrong key, and one
# byte changed in an evidence file, a report or the manifest, exit 1
# naming the file.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws

run assure init "$WS" --org "Example Co" --period 2026-01-01..2026-06-30
expect_status 0
cat >"$TMP/roster.csv" <<'EOF'
employee_id,email,name,status,hire_date,termination_date,department
E1,ann@example.com,Ann,active,2020-03-01,,Engineering
E2,bea@example.com,Bea,active,2026-02-02,,Engineering
EOF
printf 'person,completed_at,result\nbea@example.com,2026-01-20,clear\n' \
    >"$TMP/checks.csv"
run assure --workspace "$WS" ingest hr-csv --as-of 2026-06-20 \
    "$TMP/roster.csv"
run assure --workspace "$WS" ingest background-checks --as-of 2026-06-20 \
    "$TMP/checks.csv"
printf 'Board minutes, 2026 Q1.\n' >"$TMP/minutes.txt"
run assure --workspace "$WS" ingest document --control GOV-02 \
    --period 2026-01-01..2026-03-31 "$TMP/minutes.txt"
expect_status 0
run assure --workspace "$WS" ingest aws-iam-credential-report \
    --as-of 2026-06-25T12:00:00Z "$DATA/report-clean.csv"
expect_status 0
run assure --workspace "$WS" evaluate --period 2026-05-01..2026-06-30 \
    --every 1w
run assure --workspace "$WS" ledger key
printf '%s\n' "$out" >"$TMP/key.pub"

run assure --workspace "$WS" export auditor --out "$TMP/pkg.zip"
expect_status 0
expect_out "Wrote the auditor package to $TMP/pkg.zip:"
expect_out "evidence files and 9 evaluations with their inclusion proofs"
[ -s "$TMP/pkg.zip" ] || fail "no package"

# Offline: another directory, no workspace, nothing but the key.
mkdir "$TMP/auditor"
cp "$TMP/pkg.zip" "$TMP/key.pub" "$TMP/auditor/"
run sh -c "cd '$TMP/auditor' && ASSURE_WORKSPACE= '$ASSURE_BIN' verify pkg.zip --key key.pub --format json"
expect_status 0
jq_true '.ok == true and .evidence >= 4 and .evaluations == 9 and .samples > 40'
run sh -c "cd '$TMP/auditor' && '$ASSURE_BIN' verify pkg.zip --key key.pub"
expect_status 0
expect_out "package verified:"

# Another organisation's key.
run assure init "$TMP/other" --org "Other Co"
run assure --workspace "$TMP/other" ledger key
printf '%s\n' "$out" >"$TMP/other.pub"
run assure verify "$TMP/pkg.zip" --key "$TMP/other.pub"
expect_status 1
expect_err "manifest.sig"

# Usage.
run assure --workspace "$WS" export auditor --out "$TMP/pkg.tar"
expect_status 2
run assure --workspace "$WS" export bundle --out "$TMP/x.zip"
expect_status 2
run assure verify "$TMP/pkg.zip" --key "$TMP/key.pub" --evidence "$TMP/x"
expect_status 2

if command -v unzip >/dev/null; then
	unzip -l "$TMP/pkg.zip" | grep -q ' workbook.xlsx$' ||
	    fail "no workbook in the package"
	unzip -l "$TMP/pkg.zip" | grep -q ' reports/system-description.html$' ||
	    fail "no system description in the package"
fi

# One byte changed anywhere is named (needs zip and unzip to rebuild it).
if command -v zip >/dev/null && command -v unzip >/dev/null; then
	for victim in reports/type2.html manifest.json \
	    "evidence/$(unzip -Z1 "$TMP/pkg.zip" | grep '^evidence/' | head -n 1 | cut -d/ -f2)"; do
		rm -rf "$TMP/x" "$TMP/bad.zip"
		mkdir "$TMP/x"
		(cd "$TMP/x" && unzip -q "$TMP/pkg.zip")
		printf 'x' | dd of="$TMP/x/$victim" bs=1 seek=20 conv=notrunc \
		    2>/dev/null
		(cd "$TMP/x" && zip -qrX "$TMP/bad.zip" .)
		run assure verify "$TMP/bad.zip" --key "$TMP/key.pub"
		expect_status 1
		expect_err "$victim"
	done
else
	echo "(zip or unzip absent: the byte-flip part is in unit/test_package)"
fi
done_ok
