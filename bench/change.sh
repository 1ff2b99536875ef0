#!/bin/sh
#
# change.sh: how fast assure takes in a code host's pull requests and
# reviews, and judges peer review over them.
#
#	bench/change.sh [PULLS]
#
# Generates (POSIX sh and awk) PULLS merged pull requests (default 200000)
# as GitHub's list-pulls API returns them, in pages of 100 pulls a file
# concatenated into one file per 10,000 (a collector writing a month's
# pages as one array), and their reviews (one APPROVED review for most, a
# COMMENTED one for every 7th, none for every 50th, so that a known count
# is unreviewed).  Then, in the same run and on the same files:
#   1. assure ingest github-pulls and github-reviews into a fresh
#      workspace ($ASSURE_BIN or build/assure): wall time, pulls/s, MB/s,
#      peak RSS (/usr/bin/time -v): the files are streamed, so the RSS
#      does not grow with them;
#   2. assure evaluate: change.peer_review over the whole population;
#   3. for reference, jq computing the unreviewed-merge count on the same
#      files (slurping them, as jq must to join pulls to reviews).
# The counts of both must agree, or the run fails.
# Run it from the repository root.  Temporary files go under $TMPDIR.

set -eu

usage() {
	echo "usage: bench/change.sh [PULLS]" >&2
	exit 2
}

[ $# -le 1 ] || usage
pulls=${1:-200000}
case $pulls in
''|*[!0-9]*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
assure=${ASSURE_BIN:-$root/build/assure}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASSURE_NOW=2026-07-01T00:00:00Z

[ -x "$assure" ] || { echo "no assure binary at $assure" >&2; exit 2; }

. "$here/timing.inc"

# report NAME COUNT BYTES: one line of figures
report() {
	mb=$(awk -v b="$3" 'BEGIN { printf "%.1f", b / 1048576 }')
	printf '%-34s %8s s %10s pulls/s %8s MB/s %8s MB peak RSS\n' "$1" \
	    "$secs" "$(rate "$2" "$secs")" "$(rate "$mb" "$secs")" "$rss_mb"
}

per=10000
files=$(( (pulls + per - 1) / per ))
i=0
while [ $i -lt $files ]; do
	awk -v first=$((i * per + 1)) -v last=$(( (i + 1) * per < pulls ?
	    (i + 1) * per : pulls )) -v pf="$tmp/pulls-$i.json" \
	    -v rf="$tmp/reviews-$i.json" 'BEGIN {
		api = "https://api.github.com/repos/acme/api"
		printf "[\n" >pf
		printf "[\n" >rf
		nr = 0
		for (n = first; n <= last; n++) {
			d = 1 + n % 28
			m = 1 + n % 12
			head = sprintf("%040x", n * 7919)
			printf "%s{\"url\":\"%s/pulls/%d\",\"id\":%d,\"number\":%d,\"state\":\"closed\",\"title\":\"Change %d\",\"user\":{\"login\":\"dev%d\",\"id\":%d,\"type\":\"User\"},\"labels\":[],\"created_at\":\"2026-%02d-%02dT09:00:00Z\",\"updated_at\":\"2026-%02d-%02dT12:00:00Z\",\"closed_at\":\"2026-%02d-%02dT12:00:00Z\",\"merged_at\":\"2026-%02d-%02dT12:00:00Z\",\"merge_commit_sha\":\"%040x\",\"head\":{\"ref\":\"b%d\",\"sha\":\"%s\"},\"base\":{\"ref\":\"main\",\"sha\":\"%040x\",\"repo\":{\"full_name\":\"acme/api\"}},\"author_association\":\"MEMBER\"}\n", (n > first ? "," : ""), api, n, n, n, n, n % 40, n % 40, m, d, m, d, m, d, m, d, n * 104729, n, head, n >>pf
			if (n % 50 == 0)
				continue
			printf "%s{\"id\":%d,\"user\":{\"login\":\"dev%d\",\"id\":%d,\"type\":\"User\"},\"body\":\"\",\"state\":\"%s\",\"pull_request_url\":\"%s/pulls/%d\",\"author_association\":\"MEMBER\",\"submitted_at\":\"2026-%02d-%02dT11:00:00Z\",\"commit_id\":\"%s\"}\n", (nr++ > 0 ? "," : ""), n, (n + 1) % 40, (n + 1) % 40, (n % 7 == 0 ? "COMMENTED" : "APPROVED"), api, n, m, d, head >>rf
		}
		printf "]\n" >>pf
		printf "]\n" >>rf
	}'
	i=$((i + 1))
done
bytes_p=$(cat "$tmp"/pulls-*.json | wc -c)
bytes_r=$(cat "$tmp"/reviews-*.json | wc -c)
expect=$(awk -v n="$pulls" 'BEGIN {
	c = 0
	for (i = 1; i <= n; i++) if (i % 50 == 0 || i % 7 == 0) c++
	print c
}')

echo "change management ingest, $pulls merged pulls in $files files"
printf '  pulls %s bytes, reviews %s bytes; %s without an approval\n' \
    "$bytes_p" "$bytes_r" "$expect"

ws=$tmp/ws
"$assure" init "$ws" --period 2026-01-01..2026-12-31 >/dev/null
timed pulls "$assure" --workspace "$ws" ingest github-pulls \
    --as-of 2026-12-31T00:00:00Z "$tmp"/pulls-*.json
report "assure ingest github-pulls" "$pulls" "$bytes_p"
timed reviews "$assure" --workspace "$ws" ingest github-reviews \
    --as-of 2026-12-31T00:00:00Z "$tmp"/reviews-*.json
report "assure ingest github-reviews" "$pulls" "$bytes_r"
# evaluate exits 1 when a test fails, as it must here.
timed eval sh -c '"$0" --workspace "$1" evaluate --as-of 2026-12-31 \
    --format json || [ $? -eq 1 ]' "$assure" "$ws"
got=$(jq '[.tests[] | select(.id == "change.peer_review") |
    .exceptions[]] | length' "$tmp/out.eval")
report "assure evaluate (all tests)" "$pulls" $((bytes_p + bytes_r))
[ "$got" = "$expect" ] ||
    { echo "assure counts $got unreviewed merges, expected $expect" >&2;
      exit 1; }

if command -v jq >/dev/null; then
	# The unreviewed-merge count: merged pulls into main with no APPROVED
	# review by someone other than the author.  jq must hold every file
	# to join pulls to reviews.
	cat "$tmp"/reviews-*.json >"$tmp/R"
	cat "$tmp"/pulls-*.json >"$tmp/P"
	timed jq jq -n --slurpfile r "$tmp/R" --slurpfile p "$tmp/P" '
	    ($r | add | map(select(.state == "APPROVED")) |
	        map({key: (.pull_request_url | sub(".*/pulls/"; "")),
	            value: .user.login}) | from_entries) as $ok |
	    [$p | add | .[] | select(.merged_at != null and
	        .base.ref == "main") |
	        select(($ok[.number | tostring] // .user.login) ==
	        .user.login)] | length'
	jqgot=$(cat "$tmp/out.jq")
	report "jq (unreviewed-merge count)" "$pulls" $((bytes_p + bytes_r))
	[ "$jqgot" = "$expect" ] ||
	    { echo "jq counts $jqgot, expected $expect" >&2; exit 1; }
else
	echo "(jq absent: no reference figures)"
fi
