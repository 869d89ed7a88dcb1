#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, build, typecheck, lint,
# unit/interop/fuzz tests, conformance (both roles), docs, changeset status and a
# short benchmark run. The core packages need no outside service: their peers
# (ws, our own server and client, the conformance harness) run inside the test
# processes on 127.0.0.1, port 0. Packages that need brokers start them here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

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
