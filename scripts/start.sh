#!/usr/bin/env bash
# Quick start: install everything, then run the main job: the demo server on 127.0.0.1:8080
# (static demo page, WebSocket echo, server-sent events, the built-in test page).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec node apps/cli/dist/main.js serve --host "${SGC_HOST:-127.0.0.1}" --port "${SGC_PORT:-8080}"
