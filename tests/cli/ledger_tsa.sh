# ledger_tsa.sh: RFC 3161 time-stamps of ledger checkpoints against a local
# Time-Stamping Authority made with `openssl ts` behind a tiny HTTP
# responder on 127.0.0.1 (socat), with its own test CA.
. "$(dirname "$0")/lib.sh"
set -e
for t in openssl socat sqlite3 jq; do
	command -v $t >/dev/null || { echo "SKIPPED: $t absent"; exit 77; }
done
D=$TMP/tsa
mkdir -p "$D"
cd "$D"
quiet() { "$@" >/dev/null 2>&1 || fail "setting up the TSA: $*"; }
quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout ca.key -out ca.pem -days 30 -subj "/CN=assure test TSA CA"
quiet openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout tsa.key -out tsa.csr -subj "/CN=assure test TSA"
printf 'extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >ext.cnf
quiet openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key \
    -CAcreateserial -out tsa.pem -days 30 -extfile ext.cnf
quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout other.key -out other.pem -days 30 -subj "/CN=not the TSA"
echo 01 >serial
cat >tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = $D
serial = \$dir/serial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
certs = \$dir/ca.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
# The responder: read the HTTP request, answer with `openssl ts -reply`.
cat >handler.sh <<'HANDLER'
len=0
while IFS= read -r line; do
	line=${line%$'\r'}
	[ -z "$line" ] && break
	case ${line,,} in content-length:*) len=${line#*:}; len=${len// /} ;; esac
done
req=$(mktemp "$TSA_DIR/req.XXXXXX")
head -c "$len" >"$req"
openssl ts -reply -config "$TSA_DIR/tsa.cnf" -queryfile "$req" \
    -out "$req.resp" 2>/dev/null
printf 'HTTP/1.0 200 OK\r\nContent-Type: application/timestamp-reply\r\n'
printf 'Content-Length: %d\r\nConnection: close\r\n\r\n' "$(stat -c %s "$req.resp")"
cat "$req.resp"
rm -f "$req" "$req.resp"
HANDLER
cd - >/dev/null
port=$((20000 + RANDOM % 20000))
TSA_DIR=$D socat TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork \
    EXEC:"bash $D/handler.sh" 2>/dev/null &
socat_pid=$!
trap 'kill $socat_pid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "the test TSA did not start on port $port"
	sleep 0.1
done
URL=http://127.0.0.1:$port/tsa

WS=$TMP/ws
"$ASSURE_BIN" init "$WS" --org "TSA Test" >/dev/null
for f in report-clean.csv report-findings.csv; do
	"$ASSURE_BIN" --workspace "$WS" ingest aws-iam-credential-report \
	    "$DATA/$f" >/dev/null
done

run assure --workspace "$WS" ledger timestamp --tsa "$URL"
expect_status 0
expect_out "checkpoint of size 2 time-stamped by $URL at 20"

run assure --workspace "$WS" ledger verify --tsa-cert "$D/ca.pem"
expect_status 0
expect_out "1 RFC 3161 time-stamps (TSA signatures checked)"

run assure --workspace "$WS" ledger verify --format json
expect_status 0
jq_true '.timestamps == 1 and .timestamp_signatures_checked == false'

# The auditor's check by hand (docs/LEDGER.md) agrees.
(
	cd "$D"
	sqlite3 "$WS/.assure/assure.db" \
	    "SELECT writefile('note.txt', note) FROM ledger_checkpoint WHERE tree_size = 2;
	     SELECT writefile('token.tsr', token) FROM ledger_timestamp WHERE tree_size = 2" >/dev/null
	openssl ts -verify -data note.txt -in token.tsr -token_in \
	    -CAfile ca.pem 2>&1
) >"$TMP/by-hand" || fail "openssl ts -verify: $(cat "$TMP/by-hand")"
grep -q "Verification: OK" "$TMP/by-hand" || fail "openssl ts -verify did not say OK"
checks=$((checks + 1))

# A certificate that is not the TSA's.
run assure --workspace "$WS" ledger verify --tsa-cert "$D/other.pem"
expect_status 1
expect_err "signature does not verify with this certificate"

# The token moved onto another checkpoint: its imprint no longer matches.
sqlite3 "$WS/.assure/assure.db" "UPDATE ledger_timestamp SET tree_size = 1"
run assure --workspace "$WS" ledger verify
expect_status 1
expect_err "the time-stamp of checkpoint 1 from $URL: the time-stamp token is not over this checkpoint"
sqlite3 "$WS/.assure/assure.db" "UPDATE ledger_timestamp SET tree_size = 2"

# The stored genTime edited: the token says otherwise.
sqlite3 "$WS/.assure/assure.db" "UPDATE ledger_timestamp SET gen_time = gen_time - 86400"
run assure --workspace "$WS" ledger verify
expect_status 1
expect_err "the time-stamp of checkpoint 2 from $URL: its stored genTime is not the token's"
sqlite3 "$WS/.assure/assure.db" "UPDATE ledger_timestamp SET gen_time = gen_time + 86400"

# The TSA's own certificate is a trust anchor too, not only its CA.
run assure --workspace "$WS" ledger verify --tsa-cert "$D/tsa.pem"
expect_status 0
expect_out "1 RFC 3161 time-stamps (TSA signatures checked)"

# With --tsa-cert, timestamp checks the token before storing it.
sed 's/ines\.moreau/ines.moreau2/g' "$DATA/report-clean.csv" >"$TMP/third.csv"
"$ASSURE_BIN" --workspace "$WS" ingest aws-iam-credential-report \
    "$TMP/third.csv" >/dev/null
run assure --workspace "$WS" ledger timestamp --tsa "$URL" \
    --tsa-cert "$D/other.pem"
expect_status 1
expect_err "signature does not verify with this certificate"
n=$(sqlite3 "$WS/.assure/assure.db" "SELECT count(*) FROM ledger_timestamp")
[ "$n" = 1 ] || fail "a token that did not verify was stored"
run assure --workspace "$WS" ledger timestamp --tsa "$URL" \
    --tsa-cert "$D/ca.pem" --format json
expect_status 0
jq_true '.tree_size == 3 and .tsa == "'"$URL"'"'
run assure --workspace "$WS" ledger verify --tsa-cert "$D/ca.pem"
expect_status 0
expect_out "2 RFC 3161 time-stamps (TSA signatures checked)"
run assure --workspace "$WS" ledger verify --tsa-cert "$D/missing.pem"
expect_status 2
expect_err "missing.pem"

# A TSA that is down: one line naming the URL, exit 2.
run assure --workspace "$WS" ledger timestamp --tsa http://127.0.0.1:1/tsa
expect_status 2
expect_err "http://127.0.0.1:1/tsa: the time-stamp request failed"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "error is not one line"

run assure --workspace "$WS" ledger timestamp --tsa ftp://example/x
expect_status 2
expect_err "must be http:// or https://"
done_ok
