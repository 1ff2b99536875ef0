# secret.sh: assure secret set|list|rm: the value from standard input
# only, never printed, and nowhere in plaintext under the workspace; and
# assure collect's refusals before any request.
. "$(dirname "$0")/lib.sh"
set -e
WS=$TMP/ws
VALUE=ghp_CliSecretValue0123456789
run assure init "$WS" --org "Example Co"
expect_status 0
cd "$WS"

run sh -c "printf '%s\n' '$VALUE' | '$ASSURE_BIN' secret set github-token"
expect_status 0
expect_no_out "$VALUE"
checks=$((checks + 1))
case $err in *"$VALUE"*) fail "the value on stderr" ;; esac
run sh -c "printf 'second' | '$ASSURE_BIN' secret set okta-token"
expect_status 0

run assure secret list
expect_status 0
expect_out "github-token"
expect_out "okta-token"
expect_no_out "$VALUE"
run assure secret list --format json
expect_status 0
expect_out '"github-token"'
expect_no_out "$VALUE"

# Nowhere in plaintext, not even the key's folder.
checks=$((checks + 1))
if grep -r -a -q -- "$VALUE" "$WS"; then
	fail "the value is stored in plaintext"
fi
checks=$((checks + 1))
[ "$(stat -c %a .assure/secret.key)" = 600 ] || fail "key mode"
checks=$((checks + 1))
[ "$(stat -c %a .assure/secrets/github-token)" = 600 ] || fail "file mode"
checks=$((checks + 1))
[ "$(stat -c %a .assure/secrets)" = 700 ] || fail "folder mode"

# Refusals: an argument value, an empty value, a bad name, too long.
run assure secret set github-token "$VALUE"
expect_status 2
expect_no_out "$VALUE"
run sh -c "printf '\n' | '$ASSURE_BIN' secret set empty"
expect_status 2
expect_err "empty"
run sh -c "printf 'x' | '$ASSURE_BIN' secret set Bad/Name"
expect_status 2
expect_err "name"
run sh -c "head -c 70000 /dev/zero | tr '\\0' v | '$ASSURE_BIN' secret set big"
expect_status 2
expect_err "longer than"
run assure secret frob
expect_status 2

run assure secret rm okta-token
expect_status 0
run assure secret rm okta-token
expect_status 2
expect_err "okta-token"
run assure secret list
expect_status 0
expect_no_out "okta-token"

# collect: the source and the target are checked before any request, and
# with neither the secret nor $GITHUB_TOKEN nothing is asked.
run assure collect nosuch --repo a/b
expect_status 2
expect_err "unknown source"
run assure collect github
expect_status 2
expect_err "--repo or --org"
run assure collect github --repo not-a-repo
expect_status 2
expect_err "OWNER/NAME"
run assure secret rm github-token
expect_status 0
run env -u GITHUB_TOKEN "$ASSURE_BIN" collect github --repo acme/payroll \
    --base-url http://127.0.0.1:9
expect_status 2
expect_err "GITHUB_TOKEN"

# okta, jira, pagerduty: their flags, then their credentials.
run assure collect okta
expect_status 2
expect_err "--domain"
run assure collect okta --domain "acme.okta.com/x"
expect_status 2
expect_err "host name"
run env -u OKTA_API_TOKEN "$ASSURE_BIN" collect okta --domain acme.okta.com \
    --base-url http://127.0.0.1:9
expect_status 2
expect_err "OKTA_API_TOKEN"
run assure collect jira --base-url https://acme.atlassian.net --jql x
expect_status 2
expect_err "--email"
run env -u JIRA_API_TOKEN "$ASSURE_BIN" collect jira \
    --base-url http://127.0.0.1:9 --email ops@acme.example --jql "project = OPS"
expect_status 2
expect_err "JIRA_API_TOKEN"
run env -u PAGERDUTY_TOKEN "$ASSURE_BIN" collect pagerduty \
    --base-url http://127.0.0.1:9
expect_status 2
expect_err "PAGERDUTY_TOKEN"
# Without flags, assure.yaml's collect: section gives the targets and
# the names of the secrets: okta from its domain, its token the secret
# the section names.
cat >>"$WS/assure.yaml" <<'EOF2'

collect:
  okta:
    domain: acme.okta.com
    token: okta-prod-token
EOF2
run env -u OKTA_API_TOKEN "$ASSURE_BIN" collect okta
expect_status 2
expect_err "okta-prod-token"
done_ok
