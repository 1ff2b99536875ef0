# change_ingest.sh: the change-management kinds through `assure ingest`:
# GitHub pulls in two pages and a single pull, reviews ingested before
# their pulls, deployments with statuses, a CI deployment log, branch
# protection (protected, "not protected", and a no-access answer refused),
# a clone read with git-repo (built with the git CLI), option checks, and
# the change tests in one evaluation.
. "$(dirname "$0")/lib.sh"
set -e
command -v jq >/dev/null || { echo "SKIPPED: jq absent"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 absent"; exit 77; }
WS=$TMP/ws
run assure init "$WS" --org "Change Co" --period 2026-01-01..2026-12-31
expect_status 0
db=$WS/.assure/assure.db
api=https://api.github.com/repos/acme/api
rows() { sqlite3 "$db" "SELECT count(*) FROM $1"; }

# A git repository: main with a merged branch and a direct push.
have_git=no
if command -v git >/dev/null; then
	have_git=yes
	R=$TMP/clone
	export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com
	export GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
	export GIT_AUTHOR_DATE=2026-03-01T10:00:00Z
	export GIT_COMMITTER_DATE=2026-03-01T10:00:00Z
	git init -q -b main "$R"
	echo one >"$R/a"
	git -C "$R" add a
	git -C "$R" commit -q -m "root"
	git -C "$R" checkout -q -b feature
	echo two >"$R/b"
	git -C "$R" add b
	git -C "$R" commit -q -m "feature work"
	head1=$(git -C "$R" rev-parse HEAD)
	git -C "$R" checkout -q main
	git -C "$R" merge -q --no-ff -m "Merge pull request #1" feature
	merge1=$(git -C "$R" rev-parse HEAD)
	echo three >"$R/c"
	git -C "$R" add c
	git -C "$R" commit -q -m "direct push"
	push=$(git -C "$R" rev-parse HEAD)
else
	head1=1111111111111111111111111111111111111111
	merge1=2222222222222222222222222222222222222222
	push=3333333333333333333333333333333333333333
fi

pull() { # NUMBER AUTHOR MERGED_AT HEAD MERGE
	cat <<EOF
{"url": "$api/pulls/$1", "number": $1, "state": "closed",
 "title": "Change $1", "user": {"login": "$2", "type": "User"},
 "labels": [], "created_at": "2026-03-01T09:00:00Z",
 "merged_at": $3, "merge_commit_sha": "$5",
 "head": {"ref": "b$1", "sha": "$4"},
 "base": {"ref": "main", "repo": {"full_name": "acme/api"}}}
EOF
}
{ echo "["; pull 1 alice '"2026-03-01T10:00:00Z"' "$head1" "$merge1"
  echo ","; pull 2 bob '"2026-03-02T10:00:00Z"' \
      4444444444444444444444444444444444444444 \
      5555555555555555555555555555555555555555; echo "]"; } >"$TMP/p1.json"
{ echo "["; pull 3 carol null 6666666666666666666666666666666666666666 \
      7777777777777777777777777777777777777777; echo "]"; } >"$TMP/p2.json"
cat >"$TMP/reviews.json" <<EOF
[{"id": 11, "user": {"login": "bob", "type": "User"}, "state": "APPROVED",
  "pull_request_url": "$api/pulls/1", "submitted_at": "2026-03-01T09:30:00Z",
  "commit_id": "$head1"},
 {"id": 12, "user": {"login": "alice", "type": "User"}, "state": "COMMENTED",
  "pull_request_url": "$api/pulls/2", "submitted_at": "2026-03-02T09:30:00Z",
  "commit_id": "4444444444444444444444444444444444444444"}]
EOF

# Reviews first: they wait for their pulls.
run assure --workspace "$WS" ingest github-reviews \
    --as-of 2026-03-05T00:00:00Z "$TMP/reviews.json"
expect_status 0
expect_out "ingested 2 records"
run assure --workspace "$WS" ingest github-pulls \
    --as-of 2026-03-05T00:00:00Z "$TMP/p1.json" "$TMP/p2.json"
expect_status 0
[ "$(rows change_request)" = 3 ] || fail "expected 3 change rows"
[ "$(rows change_review)" = 2 ] || fail "expected 2 review rows"

# The single pull names who merged it.
cat >"$TMP/single.json" <<EOF
{"url": "$api/pulls/2", "number": 2, "state": "closed", "merged": true,
 "merged_by": {"login": "bob", "type": "User"},
 "user": {"login": "bob", "type": "User"},
 "merged_at": "2026-03-02T10:00:00Z",
 "base": {"ref": "main", "repo": {"full_name": "acme/api"}}}
EOF
run assure --workspace "$WS" ingest github-pulls \
    --as-of 2026-03-06T00:00:00Z "$TMP/single.json"
expect_status 0

# Options: only the change kinds take them; --change is a number.
run assure --workspace "$WS" ingest okta-users --repo acme/api \
    "$TMP/p1.json"
expect_status 2
expect_err "--repo: only the change-management kinds take it"
run assure --workspace "$WS" ingest github-reviews --change abc \
    "$TMP/reviews.json"
expect_status 2
expect_err "--change: expected a number"

# A CI deployment log: one row has a bad sha, located.
cat >"$TMP/deploys.csv" <<EOF
time,environment,sha,actor,result,url
2026-03-03T10:00:00Z,production,$merge1,carol,success,https://ci/1
2026-03-04T10:00:00Z,production,not-a-sha,carol,success,https://ci/2
EOF
run assure --workspace "$WS" ingest deployments-csv --repo acme/api \
    "$TMP/deploys.csv"
expect_status 2
expect_err "deploys.csv:3:"
expect_err "sha"
[ "$(rows deployment)" = 0 ] || fail "a rejected log left rows"
cat >"$TMP/deploys.csv" <<EOF
time,environment,sha,actor,result,url
2026-03-03T10:00:00Z,production,$merge1,carol,success,https://ci/1
2026-03-04T10:00:00Z,staging,$push,carol,success,https://ci/2
2026-03-05T10:00:00Z,production,$push,carol,success,https://ci/3
2026-03-05T11:00:00Z,production,$push,carol,failure,https://ci/4
EOF
run assure --workspace "$WS" ingest deployments-csv --repo acme/api \
    --as-of 2026-03-06T00:00:00Z "$TMP/deploys.csv"
expect_status 0
expect_out "ingested 4 records"

# Branch protection: protected; "not protected" needs --repo and --branch;
# a no-access answer is refused, never read as unprotected.
cat >"$TMP/prot.json" <<EOF
{"url": "$api/branches/main/protection",
 "required_pull_request_reviews": {"dismiss_stale_reviews": true,
   "required_approving_review_count": 1},
 "enforce_admins": {"enabled": false}}
EOF
run assure --workspace "$WS" ingest github-branch-protection \
    --as-of 2026-03-06T00:00:00Z "$TMP/prot.json"
expect_status 0
echo '{"message": "Branch not protected", "documentation_url": "x"}' \
    >"$TMP/np.json"
run assure --workspace "$WS" ingest github-branch-protection "$TMP/np.json"
expect_status 2
run assure --workspace "$WS" ingest github-branch-protection \
    --repo acme/web --branch main --as-of 2026-03-06T00:00:00Z \
    "$TMP/np.json"
expect_status 0
echo '{"message": "Must have admin rights to Repository.", "documentation_url": "x"}' \
    >"$TMP/403.json"
run assure --workspace "$WS" ingest github-branch-protection \
    --repo acme/web --branch main "$TMP/403.json"
expect_status 2
[ "$(rows branch_protection)" = 2 ] || fail "expected 2 protection rows"

if [ $have_git = yes ]; then
	run assure --workspace "$WS" ingest git-repo "$R"
	expect_status 2
	expect_err "--branch"
	run assure --workspace "$WS" ingest git-repo --branch nope "$R"
	expect_status 2
	expect_err "nope"
	run assure --workspace "$WS" ingest git-repo --branch main \
	    --repo acme/api --as-of 2026-03-06T00:00:00Z "$R"
	expect_status 0
	expect_out "ingested 3 records"
	[ "$(rows git_commit)" = 3 ] || fail "expected 3 commits"
	# Nothing was left behind beside the evidence store.
	ls "$WS/.assure/evidence" | grep -q '^tmp\.' &&
	    fail "a temporary export was left"
fi

run assure --workspace "$WS" evaluate --as-of 2026-03-06T12:00:00Z \
    --format json
expect_status 1
# #2 was merged with a comment only; #1 was approved by a peer.
jq_true '.tests[] | select(.id == "change.peer_review") |
    .population == 2 and ([.exceptions[].subject] == ["acme/api#2"])'
jq_true '.tests[] | select(.id == "change.branch_protection") |
    [.exceptions[].subject] == ["acme/api:main", "acme/web:main"]'
if [ $have_git = yes ]; then
	# The production deployment of the direct push is caught; the
	# first one ships the approved merge.
	jq_true ".tests[] | select(.id == \"change.deploy_traceability\") |
	    .population == 2 and
	    ([.exceptions[].subject] == [\"production@$push\"])"
fi
done_ok
