#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, build, typecheck, lint,
# unit/interop/fuzz tests, conformance (both roles), docs, changeset status and a
# short benchmark run. Peers that run as their own processes come from Debian
# (tinyproxy, microsocks, dante for the client's proxy tests); the tests start
# and stop their own instances on free ports. Brokers (Redis for the server's backplane)
# are started by scripts/services.sh when they are not already answering.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
echo "==> test peers"
bash scripts/install-test-peers.sh
echo "==> services"
bash scripts/services.sh

echo "==> typecheck"
pnpm turbo run typecheck --output-logs=errors-only
echo "==> lint"
pnpm exec eslint --max-warnings=0 .
echo "==> tests (unit, interop, fuzz, conformance)"
pnpm exec vitest run --reporter=default
echo "==> docs"
pnpm exec typedoc --logLevel Warn
echo "==> changeset status"
if git rev-parse --verify -q main >/dev/null; then
  pnpm exec changeset status
else
  echo "no main branch here; skipped (changesets compares against main)"
fi
echo "==> bench (quick)"
pnpm bench --quick
echo "==> all checks passed"
