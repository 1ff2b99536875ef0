#!/bin/sh
# bootstrap.sh: install the Debian packages assure needs to build, test and
# run its demo.  Idempotent: it asks dpkg what is missing and calls apt-get
# only for that, so a second run costs a few dpkg queries.
#
# Usage: scripts/bootstrap.sh [--check]
#   --check   list what is missing and exit 1 if anything is; install nothing.
set -eu

# Build and run time libraries, the test framework, the fuzzing toolchain,
# and the comparison tools the benchmarks run against.
PKGS="
	build-essential cmake pkg-config git
	clang libclang-rt-14-dev
	libsqlite3-dev sqlite3
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
	libcurl4-openssl-dev openssl socat tzdata
"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
	exit 0
fi

if [ "${1:-}" = "--check" ]; then
	echo "bootstrap: missing packages:$missing" >&2
	exit 1
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
