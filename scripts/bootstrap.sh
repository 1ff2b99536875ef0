#!/bin/sh
# bootstrap.sh: install the Debian packages assure needs to build, test and
# run its demo, and the browser tests' npm modules (tests/browser: `npm ci`,
# playwright-core at the version package-lock.json pins).  Idempotent: it
# asks dpkg what is missing and calls apt-get only for that, and runs npm
# only when node_modules is absent or holds another version, so a second
# run costs a few dpkg queries.
#
# Usage: scripts/bootstrap.sh [--check]
#   --check   list what is missing and exit 1 if anything is; install nothing.
set -eu
BROWSER=$(cd "$(dirname "$0")/../tests/browser" && pwd)

# Build and run time libraries, the test framework, the fuzzing toolchain,
# valgrind (make valgrind), and the comparison tools the benchmarks run
# against.
PKGS="
	build-essential cmake pkg-config git
	clang libclang-rt-14-dev
	libsqlite3-dev sqlite3
	libpq-dev postgresql
	libyaml-dev
	libssl-dev
	libsodium-dev
	libyajl-dev
	libcmocka-dev
	libgit2-dev
	libxml2-dev
	libmd4c-dev libmd4c-html0-dev
	libarchive-dev
	libxlsxwriter-dev
	libgraphviz-dev
	liboath-dev libqrencode-dev
	libmicrohttpd-dev
	jq time mandoc procps zip unzip oathtool wrk
	libcurl4-openssl-dev curl openssl socat tzdata
	nodejs chromium
	valgrind
"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done
# npm: Debian's package, unless the nodejs installed bundles its own (the
# NodeSource build does, and conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || missing="$missing npm"

# Are the browser tests' modules those package.json pins?
modules_ok() {
	want=$(sed -n 's/.*"playwright-core": *"\([^"]*\)".*/\1/p' \
	    "$BROWSER/package.json")
	have=$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' \
	    "$BROWSER/node_modules/playwright-core/package.json" 2>/dev/null ||
	    true)
	[ -n "$have" ] && [ "$have" = "$want" ]
}

# npm ci in tests/browser (quiet; its log only when it fails).
modules() {
	modules_ok && return 0
	echo "bootstrap: npm ci in tests/browser (playwright-core)" >&2
	log=$(mktemp)
	if ! (cd "$BROWSER" && npm ci --no-audit --no-fund --loglevel=error \
	    >"$log" 2>&1); then
		cat "$log" >&2
		rm -f "$log"
		echo "bootstrap: npm ci failed in $BROWSER: is the npm" \
		    "registry reachable? (the browser tests need it)" >&2
		exit 3
	fi
	rm -f "$log"
}

if [ "${1:-}" = "--check" ]; then
	status=0
	if [ -n "$missing" ]; then
		echo "bootstrap: missing packages:$missing" >&2
		status=1
	fi
	if ! modules_ok; then
		echo "bootstrap: missing: tests/browser/node_modules (npm ci)" >&2
		status=1
	fi
	exit $status
fi

if [ -z "$missing" ]; then
	modules
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "bootstrap: these Debian packages are missing:$missing" >&2
	echo "bootstrap: run as root, or: sudo apt-get install$missing" >&2
	exit 2
fi

echo "bootstrap: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# An install can fail on a stale package list; refresh once and retry.
if ! apt-get install -y --no-install-recommends $missing >/dev/null 2>&1; then
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends $missing
fi
modules
