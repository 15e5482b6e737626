#!/usr/bin/env bash
# Installs everything the tests need on a machine that has only Node, npm and apt:
# Debian's Chromium for the browser tests (never a browser download) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing Debian chromium (browser tests)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

echo "==> npm install"
# npm ci cannot be used: @tarojs/binding lists platform packages that were never published.
npm install --no-audit --no-fund
