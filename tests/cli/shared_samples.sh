# shared_samples.sh: the genuine AWS samples from ../shared, through the
# CLI.  SKIPPED when ../shared is not beside the checkout.
. "$(dirname "$0")/lib.sh"
set -e
S=${ASSURE_SHARED:-}/formats/samples/aws_iam_credential_report
if [ ! -d "$S" ]; then
	echo "SKIPPED: ../shared absent"
	exit 77
fi
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
WS=$TMP/ws
run assure init "$WS" --org Samples
expect_status 0

run assure --workspace "$WS" ingest aws-iam-credential-report \
    --as-of 2023-01-04T00:00:00Z "$S/credential_report_AWS_testbench.csv"
expect_status 0
expect_out "ingested 5 records"

# The CloudMapper wrapper carries GeneratedTime: the as-of comes from it.
run assure --workspace "$WS" ingest aws-iam-credential-report --format json \
    "$S/iam-get-credential-report_cloudmapper.json"
expect_status 0
jq_true '.files[0].as_of_origin == "file" and .files[0].records >= 1'

run assure --workspace "$WS" evaluate --as-of 2023-01-05 --format json
expect_status 1
# The testbench root has no MFA; jake and test_account log in without MFA.
jq_true '.tests[] | select(.id == "iam.aws_root") | .exceptions | map(.subject) | index("aws/278368863034/root") != null'
jq_true '.tests[] | select(.id == "iam.user_mfa") | [.exceptions[].subject] == ["aws/278368863034/jake", "aws/278368863034/test_account"]'
done_ok
