#!/usr/bin/env bash
# Installs everything the tests need on a machine that has only Node, npm and apt:
# Debian's Chromium for the browser tests (never a browser download) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: browser tests; fonts-noto-cjk: Chinese in the pages and in the poster PDFs (the poster
# function embeds a subset of NotoSansCJK); poppler-utils: pdftoppm / pdftotext / pdfinfo, with which
# the tests render and read the posters
APT_MISSING=()
command -v chromium >/dev/null 2>&1 || APT_MISSING+=(chromium)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] && [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ] || APT_MISSING+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || APT_MISSING+=(poppler-utils)
if [ ${#APT_MISSING[@]} -gt 0 ]; then
  echo "==> installing Debian ${APT_MISSING[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${APT_MISSING[@]}" >/dev/null
fi

echo "==> npm install"
# npm ci cannot be used: @tarojs/binding lists platform packages that were never published.
npm install --no-audit --no-fund
