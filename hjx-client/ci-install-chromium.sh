#!/usr/bin/env bash
# Installs what the browser tests (tests/tests/browser*.rs) drive: Debian's headless-capable
# Chromium and its matching chromedriver. Called by .ci/run; a no-op when both are present.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium chromium-driver
