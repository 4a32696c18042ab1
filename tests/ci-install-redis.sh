#!/usr/bin/env bash
# Installs what the multi-node tests (tests/tests/live_nodes.rs) start: Debian's redis-server,
# run by each test on a free loopback port. Called by .ci/run; a no-op when it is present.
set -euo pipefail
if command -v redis-server >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq redis-server
