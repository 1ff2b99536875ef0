#!/bin/sh
# run.sh: the ctest entry of browser/dashboard.  Runs dashboard.mjs with
# Node, or says SKIPPED and exits 77 when Node, the node_modules that
# scripts/bootstrap.sh installs (npm ci here) or Chromium is absent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null 2>&1 ||
	{ echo "SKIPPED: node absent (scripts/bootstrap.sh installs nodejs)"; exit 77; }
[ -f "$here/node_modules/playwright-core/package.json" ] ||
	{ echo "SKIPPED: $here/node_modules absent (scripts/bootstrap.sh runs npm ci)"; exit 77; }
[ -x "$chromium" ] ||
	{ echo "SKIPPED: $chromium absent (scripts/bootstrap.sh installs chromium)"; exit 77; }
exec node "$here/dashboard.mjs"
