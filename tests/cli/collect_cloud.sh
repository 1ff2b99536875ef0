# collect_cloud.sh: assure collect google, graph and aws refuse before
# any request: missing flags, a key file inside the workspace (resolved,
# so a relative path or a link into it is refused too), no credential;
# and never print a credential.
. "$(dirname "$0")/lib.sh"
set -e
WS=$TMP/ws
run assure init "$WS" --org "Example Co"
expect_status 0
cd "$WS"
unset AZURE_CLIENT_SECRET AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY \
    AWS_SESSION_TOKEN

run assure collect google
expect_status 2
expect_err "needs --key-file and --subject"
printf '{}\n' > key.json
run assure collect google --key-file key.json --subject admin@example.com
expect_status 2
expect_err "inside the workspace"
mkdir -p "$TMP/keys"
ln -s "$WS/key.json" "$TMP/keys/link.json"
run assure collect google --key-file "$TMP/keys/link.json" \
    --subject admin@example.com
expect_status 2
expect_err "inside the workspace"
run assure collect google --key-file "$TMP/keys/none.json" \
    --subject admin@example.com
expect_status 2

run assure collect graph --tenant acme.example
expect_status 2
expect_err "needs --tenant and --client-id"
run assure collect graph --tenant 'acme/../x' --client-id abc
expect_status 2
expect_err "tenant"
run assure collect graph --tenant acme.example --client-id abc
expect_status 2
expect_err "AZURE_CLIENT_SECRET"

run assure collect aws
expect_status 2
expect_err "AWS_ACCESS_KEY_ID"
run sh -c "printf 'AKIDCLITEST' | '$ASSURE_BIN' secret set aws-access-key-id"
expect_status 0
run assure collect aws
expect_status 2
expect_err "AWS_SECRET_ACCESS_KEY"
expect_no_out "AKIDCLITEST"
run assure collect aws --base-url ftp://iam.amazonaws.com
expect_status 2
run assure collect aws --region US_EAST
expect_status 2
expect_err "region"
done_ok
