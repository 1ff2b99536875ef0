#!/bin/sh
# ledger.sh: the ledger's figures (docs/LEDGER.md): the core on its own
# (bench_ledger_merkle) and in the store next to bare SQLite and fdatasync
# (bench_ledger_store).  Run from the top of the checkout after a build:
#
#	bench/ledger.sh [ENTRIES]
set -eu
build=$(dirname "${ASSURE_BIN:-build/assure}")
entries=${1:-1000000}
for b in bench_ledger_merkle bench_ledger_store; do
	if [ ! -x "$build/bench/$b" ]; then
		echo "ledger.sh: $build/bench/$b is not built (make build)" >&2
		exit 2
	fi
done
"$build/bench/bench_ledger_merkle"
echo
"$build/bench/bench_ledger_store" "$entries"
