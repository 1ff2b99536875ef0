# users.sh: `assure user`: add (password from standard input, never the
# command line), list in text and JSON, login and its refusals (exit 1),
# lock-out after five failures, roles and the auditor's period, TOTP
# enrolment and confirmation (codes computed here from the URI's secret),
# the MFA rule for admins, tokens shown once and revoked, and the ledger:
# every change is an entry, `ledger verify` passes, and a role edited in
# the database is caught (exit 1, naming the user).
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
# Argon2id at libsodium's minimum limits: the suite also runs under ASan.
export ASSURE_TEST_PWHASH_MIN=1
WS=$TMP/ws
PW='correct horse battery staple'

# runin FILE ARGS...: run assure with standard input from FILE.
runin() {
	f=$1
	shift
	set +e
	"$ASSURE_BIN" --workspace "$WS" "$@" <"$f" >"$TMP/out" 2>"$TMP/err"
	status=$?
	set -e
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}
printf '%s\n' "$PW" >"$TMP/pw"
printf 'wrong password here\n' >"$TMP/bad"
printf 'short\n' >"$TMP/short"
: >"$TMP/empty"

run assure init "$WS" --org "Example Co"
expect_status 0

runin "$TMP/pw" user add alice --role owner --display "Alice Owner"
expect_status 0
expect_out "Added alice (owner)"
runin "$TMP/pw" user add alice --role viewer
expect_status 2
expect_err "alice"
runin "$TMP/short" user add bob --role viewer
expect_status 2
expect_err "password"
runin "$TMP/empty" user add bob --role viewer
expect_status 2
runin "$TMP/pw" user add Bob --role viewer
expect_status 2
expect_err "name"
runin "$TMP/pw" user add bob --role wizard
expect_status 2
runin "$TMP/pw" user add carol --role auditor
expect_status 2
expect_err "period"
runin "$TMP/pw" user add carol --role auditor --period 2026-01-01..2026-06-30
expect_status 0
runin "$TMP/pw" user add root --role admin
expect_status 0
expect_err "root must enrol TOTP"

run assure --workspace "$WS" user list
expect_status 0
expect_out "alice"
expect_out "period 2026-01-01..2026-06-30"
run assure --workspace "$WS" user list --format json
expect_status 0
[ "$(printf '%s' "$out" | jq -r '.[] | select(.name == "carol") | .role')" = auditor ] ||
    fail "carol is not an auditor in the JSON"
[ "$(printf '%s' "$out" | jq -r '.[0] | has("password_hash")')" = false ] ||
    fail "the list shows a password hash"
case $out in *argon2*) fail "the list shows a hash" ;; esac

# Logins.
runin "$TMP/pw" user login alice
expect_status 0
expect_out "ok alice owner"
runin "$TMP/bad" user login alice
expect_status 1
expect_err "denied"
runin "$TMP/pw" user login nobody
expect_status 1
expect_err "denied"
runin "$TMP/pw" user login root
expect_status 1
expect_err "mfa-not-enrolled"

# Lock-out after five failures (one is above).
for i in 1 2 3 4; do
	runin "$TMP/bad" user login alice
	expect_status 1
done
runin "$TMP/pw" user login alice
expect_status 1
expect_err "locked"
run assure --workspace "$WS" user list
expect_out "locked"
# Fifteen minutes later.
ASSURE_NOW=2026-07-01T00:15:01Z runin "$TMP/pw" user login alice
expect_status 0

# TOTP for root.
run assure --workspace "$WS" user totp root
expect_status 0
expect_out "otpauth://totp/assure:root?secret="
expect_out "issuer=assure"
secret=$(printf '%s\n' "$out" | sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p')
[ -n "$secret" ] || fail "no secret in the URI"
case $out in *█*) ;; *) fail "no QR code" ;; esac
# The secret is sealed under .assure/auth.key (0600), not stored as is.
[ "$(stat -c %a "$WS/.assure/auth.key")" = 600 ] || fail "auth.key is not 0600"
if command -v sqlite3 >/dev/null; then
	n=$(sqlite3 "$WS/.assure/assure.db" "SELECT count(*) FROM app_user WHERE instr(totp_secret, '$secret') > 0")
	[ "$n" = 0 ] || fail "the TOTP secret is stored in clear"
fi
# The codes come from oathtool (oath-toolkit, bootstrapped): another
# implementation of RFC 6238 than the one under test.
totp() { # totp SECRET UNIX-TIME
	oathtool --totp -b -N "@$2" "$1"
}
t0=$(date -u -d 2026-07-01T00:00:00Z +%s)
if command -v oathtool >/dev/null; then
	code=$(totp "$secret" "$t0")
	bad=$(( (10#$code + 1) % 1000000 ))
	run assure --workspace "$WS" user totp root --confirm "$(printf %06d $bad)"
	expect_status 1
	run assure --workspace "$WS" user totp root --confirm "$code"
	expect_status 0
	expect_out "TOTP enrolled for root"
	runin "$TMP/pw" user login root
	expect_status 1
	expect_err "mfa-required"
	# The confirming code is spent; the next step's code works once.
	runin "$TMP/pw" user login root --code "$code"
	expect_status 1
	expect_err "mfa-bad"
	code2=$(totp "$secret" $((t0 + 30)))
	ASSURE_NOW=2026-07-01T00:00:30Z runin "$TMP/pw" user login root --code "$code2"
	expect_status 0
	expect_out "ok root admin"
	ASSURE_NOW=2026-07-01T00:00:31Z runin "$TMP/pw" user login root --code "$code2"
	expect_status 1
	run assure --workspace "$WS" user totp root
	expect_status 2
	expect_err "reset-mfa"
	run assure --workspace "$WS" user reset-mfa root
	expect_status 0
	runin "$TMP/pw" user login root --code "$code2"
	expect_status 1
	expect_err "mfa-not-enrolled"
else
	echo "(oathtool absent: the TOTP codes are checked in unit/test_auth)"
fi

# Roles and passwords.
run assure --workspace "$WS" user role alice manager
expect_status 0
expect_out "alice is now manager"
run assure --workspace "$WS" user role alice auditor
expect_status 2
expect_err "period"
printf 'a brand new password\n' >"$TMP/pw2"
runin "$TMP/pw2" user passwd alice
expect_status 0
runin "$TMP/pw" user login alice
expect_status 1

# Tokens: shown once, never stored or logged in clear, revocable.
run assure --workspace "$WS" user token carol --name ci --role admin
expect_status 2
expect_err "may not exceed"
run assure --workspace "$WS" user token alice --name ci --role owner --expires 30d
expect_status 0
token=$out
case $token in assure_*) ;; *) fail "no token printed" ;; esac
id=$(printf '%s\n' "$err" | sed -n 's/.*token \([0-9a-f]\{16\}\) of alice.*/\1/p')
[ -n "$id" ] || fail "no token id on stderr"
if command -v sqlite3 >/dev/null; then
	n=$(sqlite3 "$WS/.assure/assure.db" "SELECT count(*) FROM ledger_entry WHERE instr(CAST(body AS TEXT), '$token') > 0")
	[ "$n" = 0 ] || fail "the token is in the ledger"
	n=$(sqlite3 "$WS/.assure/assure.db" "SELECT count(*) FROM api_token WHERE token_hash = '$token'")
	[ "$n" = 0 ] || fail "the token is stored in clear"
fi
run assure --workspace "$WS" user token alice --name x --expires soon
expect_status 2
run assure --workspace "$WS" user token alice --revoke "$id"
expect_status 0
run assure --workspace "$WS" user token alice --revoke "$id"
expect_status 2
run assure --workspace "$WS" user disable carol
expect_status 0
runin "$TMP/pw" user login carol
expect_status 1
expect_err "disabled"
run assure --workspace "$WS" user frobnicate x
expect_status 2

# The ledger: every kind of entry, and verify passes.
if command -v sqlite3 >/dev/null; then
	types=$(sqlite3 "$WS/.assure/assure.db" "SELECT DISTINCT type FROM ledger_entry ORDER BY type" | tr '\n' ' ')
	for t in user-add user-role user-password user-disable token-create \
	    token-revoke login login-failed; do
		case " $types" in *" $t "*) ;; *) fail "no $t entry: $types" ;; esac
	done
fi
run assure --workspace "$WS" ledger verify
expect_status 0

# Tampering: a role edited in the database.
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
sqlite3 "$WS/.assure/assure.db" "UPDATE app_user SET role = 'admin' WHERE name = 'carol'"
run assure --workspace "$WS" ledger verify
expect_status 1
expect_err "user carol"
sqlite3 "$WS/.assure/assure.db" "UPDATE app_user SET role = 'auditor' WHERE name = 'carol'"
run assure --workspace "$WS" ledger verify
expect_status 0
sqlite3 "$WS/.assure/assure.db" "UPDATE api_token SET revoked_at = NULL, revoked_by = NULL"
run assure --workspace "$WS" ledger verify
expect_status 1
expect_err "token $id"
done_ok
