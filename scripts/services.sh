#!/usr/bin/env bash
# Starts the services the tests need when they are not already answering:
# Redis on 127.0.0.1:6379 (the server's backplane tests). Machines of this project's
# kind start it before a session; a bare machine gets Debian's redis-server, started
# here without persistence.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if answers 6379; then
  echo "redis: answering on 127.0.0.1:6379"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  fi
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do answers 6379 && break; sleep 0.1; done
  answers 6379 && echo "redis: started on 127.0.0.1:6379" || { echo "redis: did not start" >&2; exit 1; }
fi
