#!/bin/sh
# pg-test.sh: a throwaway PostgreSQL server for the test suite.
#
# Usage: scripts/pg-test.sh start DIR
#        scripts/pg-test.sh stop DIR
#
# start makes a cluster in DIR/data and runs it listening on a Unix socket
# in DIR only (no TCP port, so two builds never collide), with durability
# off (fsync, synchronous_commit, full_page_writes: the data is thrown
# away) unless ASSURE_PG_DURABLE=1 is in the environment (bench/postgres.sh:
# SQLite's store commits with synchronous=FULL).  It creates the role
# assure_app, neither superuser nor BYPASSRLS so that row-level security
# binds it, and the database assure it owns, and writes the URI to connect
# as it to DIR/conninfo.  stop stops the server and removes DIR; both are
# idempotent.
#
# A Unix socket's path must fit in sun_path (about 100 bytes): DIR must be
# short, e.g. /tmp/assure-pg-XXXX, not a deep build folder.
#
# Exits 77 (SKIPPED for ctest) when the server binaries are not installed.
set -eu

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case $dir in
/*) ;;
*) dir=$(pwd)/$dir ;;
esac

# The newest /usr/lib/postgresql/N/bin (Debian's layout), else PATH.
bindir=
# shellcheck disable=SC2012 # version folders: digits only
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n); do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && bindir=$d
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1 &&
    command -v pg_ctl >/dev/null 2>&1; then
	bindir=$(dirname "$(command -v initdb)")
fi

# initdb and postgres refuse to run as root: then run them as Debian's
# postgres system user (made by the postgresql package).
as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

stop() {
	if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
		as_server "$bindir/pg_ctl" stop -D "$dir/data" -m fast \
		    >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

start() {
	if [ -z "$bindir" ]; then
		echo "SKIPPED: PostgreSQL server binaries not installed"
		exit 77
	fi
	if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "SKIPPED: running as root and there is no postgres" \
		    "user to run the server as"
		exit 77
	fi
	# A leftover of an earlier run (a crash, an interrupted ctest).
	stop
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	as_server "$bindir/initdb" -D "$dir/data" -A trust --no-locale \
	    -E UTF8 -U postgres >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	# pg_ctl hands -o to a shell: the folder is quoted for it.
	opts="-k '$dir' -c listen_addresses=''"
	# The tests throw the data away: durability only costs them time.  A
	# benchmark keeps it (ASSURE_PG_DURABLE=1), or its write figures
	# would flatter PostgreSQL against SQLite's fsync on every commit.
	if [ "${ASSURE_PG_DURABLE:-0}" != 1 ]; then
		opts="$opts -c fsync=off -c synchronous_commit=off"
		opts="$opts -c full_page_writes=off"
	fi
	opts="$opts -c max_connections=100"
	as_server "$bindir/pg_ctl" start -w -D "$dir/data" \
	    -l "$dir/server.log" -o "$opts" >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	psql=$bindir/psql
	[ -x "$psql" ] || psql=psql
	as_server "$psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres \
	    -d postgres <<-EOF
	CREATE ROLE assure_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB
	    NOCREATEROLE;
	CREATE DATABASE assure OWNER assure_app;
	EOF
	# The socket folder as a query parameter, percent-encoded ("/" too,
	# which libpq accepts either way).
	enc=$(printf '%s' "$dir" | sed 's/%/%25/g; s/ /%20/g; s/&/%26/g;
	    s/#/%23/g; s/?/%3F/g; s/=/%3D/g; s/+/%2B/g; s|/|%2F|g')
	uri="postgresql://assure_app@/assure?host=$enc"
	as_server "$psql" -X -q -At -c 'SELECT 1' "$uri" >/dev/null
	printf '%s\n' "$uri" >"$dir/conninfo.tmp"
	mv "$dir/conninfo.tmp" "$dir/conninfo"
	chmod 755 "$dir"
	chmod 644 "$dir/conninfo"
	echo "PostgreSQL running in $dir: $uri"
}

case $cmd in
start) start ;;
stop) stop ;;
*) usage ;;
esac
