#!/bin/sh
# demo-replay.sh: answer one HTTP request from the project's own GitHub
# fixtures (tests/data/collect/github/), for the demo's live collection
# without a network.  Run by socat once per connection:
#
#	socat TCP-LISTEN:PORT,bind=127.0.0.1,reuseaddr,fork \
#	    EXEC:"sh scripts/demo-replay.sh DIR"
#
# It reads the request line and headers from standard input and writes
# the response to standard output: the pulls in two pages (a Link header
# to the second, as GitHub pages), each pull, its reviews, the
# deployments and their statuses, branch protection (main protected,
# anything else "Branch not protected"), the organisation and its
# members by role; anything else is GitHub's 404.
set -eu
dir=$1
port=${SOCAT_SOCKPORT:-0}
IFS=' ' read -r method target version || exit 0
# The headers, up to the blank line (CRLF).
while IFS= read -r line; do
	case $line in ''|"$(printf '\r')") break ;; esac
done
path=${target%%\?*}
query=
case $target in *\?*) query=${target#*\?} ;; esac
status="200 OK"
link=
file=
case $path in
/repos/acme/payroll)
	file=repo.json ;;
/repos/acme/payroll/pulls)
	case $query in
	*page=2*) file=pulls-2.json ;;
	*)	file=pulls-1.json
		link="Link: <http://127.0.0.1:$port/repos/acme/payroll/pulls?state=closed&per_page=100&page=2>; rel=\"next\"" ;;
	esac ;;
/repos/acme/payroll/pulls/*/reviews)
	n=${path#/repos/acme/payroll/pulls/}
	file=reviews-${n%/reviews}.json ;;
/repos/acme/payroll/pulls/*)
	file=pull-${path#/repos/acme/payroll/pulls/}.json ;;
/repos/acme/payroll/deployments)
	file=deployments.json ;;
/repos/acme/payroll/deployments/*/statuses)
	n=${path#/repos/acme/payroll/deployments/}
	file=statuses-${n%/statuses}.json ;;
/repos/acme/payroll/branches/main/protection)
	file=protection-main.json ;;
/repos/acme/payroll/branches/*/protection)
	status="404 Not Found"
	file=unprotected.json ;;
/orgs/acme/members)
	case $query in
	*role=admin*) file=members-admin.json ;;
	*) file=members-member.json ;;
	esac ;;
/orgs/acme)
	file=org.json ;;
esac
if [ -z "$file" ] || [ ! -f "$dir/$file" ]; then
	body='{"message": "Not Found"}'
	printf 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n'
	printf 'Content-Length: %s\r\nConnection: close\r\n\r\n%s' \
	    "${#body}" "$body"
	exit 0
fi
printf 'HTTP/1.1 %s\r\nContent-Type: application/json; charset=utf-8\r\n' \
    "$status"
printf 'X-RateLimit-Remaining: 4999\r\n'
[ -n "$link" ] && printf '%s\r\n' "$link"
printf 'Content-Length: %s\r\nConnection: close\r\n\r\n' \
    "$(wc -c <"$dir/$file" | tr -d ' ')"
cat "$dir/$file"
