#!/usr/bin/env bash
# Installs the proxy servers that the @sgc/client dial tests start themselves
# (packages/client/test/_proxies.ts): tinyproxy (HTTP CONNECT), microsocks (SOCKS5)
# and dante-server (danted: SOCKS4/SOCKS5), and the browser the @sgc/http-server
# browser tests drive with playwright-core (packages/http-server/test/browser.test.ts):
# chromium, at /usr/bin/chromium (playwright downloads no browser of its own). Debian/Ubuntu only.
#
# Idempotent: apt runs (update first, then install) only when a binary is missing.
# No daemon is left running: Debian's tinyproxy and dante-server packages ship a
# system service that starts on install. A temporary policy-rc.d (only if the
# machine has none) stops invoke-rc.d from starting it, and the services are then
# stopped and disabled anyway, so the tests' own instances are the only ones.
# Prints one line per package.
set -euo pipefail

PACKAGES=(tinyproxy microsocks dante-server chromium)
declare -A BINARY=([tinyproxy]=tinyproxy [microsocks]=microsocks [dante-server]=danted [chromium]=chromium)
# The system service each package installs, if any.
declare -A SERVICE=([tinyproxy]=tinyproxy [dante-server]=danted)
declare -A PIDFILE=([tinyproxy]=/run/tinyproxy/tinyproxy.pid [danted]=/run/danted.pid)

find_binary() {
  local name=$1 dir
  if command -v "$name" 2>/dev/null; then return 0; fi
  for dir in /usr/sbin /usr/bin /sbin /bin /usr/local/sbin /usr/local/bin; do
    if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
  done
  return 1
}

version_of() {
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "unknown version"
}

# Stops a service's running daemon, waits until it is gone (tinyproxy takes a second
# or two), and keeps it from starting at boot. Processes are found by pid file only.
stop_service() {
  local service=$1 pidfile pid="" i
  pidfile=${PIDFILE[$service]:-}
  if [ -n "$pidfile" ] && [ -r "$pidfile" ]; then pid=$(tr -dc '0-9' <"$pidfile"); fi
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  else
    if command -v service >/dev/null 2>&1; then service "$service" stop >/dev/null 2>&1 || true; fi
    if command -v update-rc.d >/dev/null 2>&1; then update-rc.d "$service" disable >/dev/null 2>&1 || true; fi
  fi
  [ -n "$pid" ] || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; [ "$i" -eq 30 ] && kill "$pid" 2>/dev/null; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

missing=()
for package in "${PACKAGES[@]}"; do
  if ! find_binary "${BINARY[$package]}" >/dev/null; then missing+=("$package"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
      echo "install-test-peers: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-peers: no apt-get; install these by hand: ${missing[*]}" >&2
    exit 1
  fi
  # Deny service starts during the install (exit 101 = "action forbidden", see
  # /usr/share/doc/init-system-helpers/README.policy-rc.d), unless a policy exists already.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Temporary: written by sgc scripts/install-test-peers.sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod 755 "$policy"
    trap '"${SUDO[@]}" rm -f "$policy"' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >/dev/null
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  for package in "${missing[@]}"; do
    service=${SERVICE[$package]:-}
    if [ -n "$service" ]; then
      if [ ${#SUDO[@]} -gt 0 ]; then "${SUDO[@]}" bash -c "$(declare -f stop_service); $(declare -p PIDFILE); stop_service $service"
      else stop_service "$service"; fi
    fi
  done
fi

status=0
for package in "${PACKAGES[@]}"; do
  binary=${BINARY[$package]}
  if path=$(find_binary "$binary"); then
    if [[ " ${missing[*]} " == *" $package "* ]]; then how="installed"; else how="already installed"; fi
    echo "$package: $how ($(version_of "$package"), $path)"
  else
    echo "$package: MISSING ($binary not found after apt-get install)"
    status=1
  fi
done
exit $status
