#!/usr/bin/env bash
# Installs Ace by DAISY, the EPUB accessibility checker the tests run
# (pipeline/build's TestAce), into .tools/ace (ignored by git) or $ACE_DIR.
# No browser is downloaded: Ace's Puppeteer runner drives the system's
# Chromium (PUPPETEER_EXECUTABLE_PATH; it passes --no-sandbox itself), and
# Electron's binary, which only ace-electron needs, is skipped.
# Prints the path of the ace-puppeteer command, for ACE=.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${ACE_DIR:-.tools/ace}
version=1.4.6
mkdir -p "$dir"
# Installed again unless it runs: an install cut short leaves the command
# without the modules it needs.
if ! "$dir/node_modules/.bin/ace-puppeteer" --version >/dev/null 2>&1; then
  rm -rf "$dir/node_modules" "$dir/package-lock.json"
  PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
    npm install --prefix "$dir" --no-audit --no-fund --silent "@daisy/ace@$version" >&2
fi
realpath "$dir/node_modules/.bin/ace-puppeteer"
