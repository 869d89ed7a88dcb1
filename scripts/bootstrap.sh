#!/usr/bin/env bash
# Installs what the workspace needs on a machine that has only Node >= 20.19 and npm:
# pnpm and turbo (pinned, into .tools/, without corepack: its signature check fails
# against registries that publish no signatures), the workspace's npm packages, and a build.
# Sourced by start.sh and test.sh, so PATH changes reach them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("sgc needs Node >= 20.19, found "+process.version); process.exit(1) }'

PNPM_VERSION=10.34.9
TURBO_VERSION=2.11.11
if [ ! -x .tools/node_modules/.bin/pnpm ] || [ "$(.tools/node_modules/.bin/pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "==> installing pnpm $PNPM_VERSION and turbo $TURBO_VERSION into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" "turbo@$TURBO_VERSION" >/dev/null
fi
export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1
export TURBO_NO_UPDATE_NOTIFIER=1
export COREPACK_ENABLE_STRICT=0

echo "==> pnpm install"
pnpm install --frozen-lockfile --reporter=append-only
echo "==> build"
pnpm turbo run build --output-logs=errors-only
