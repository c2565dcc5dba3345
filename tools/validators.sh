#!/usr/bin/env bash
# Installs the validators that the tests and `make release` run, from
# Debian's packages: epubcheck (and a Java runtime) for EPUBs, qpdf for
# PDFs, poppler-utils (pdftotext, pdffonts) and mupdf-tools (mutool, a
# second reader: pages drawn, outlines and links) for the tests that read PDFs,
# chromium for the website's browser tests and for Ace by DAISY (npm,
# tools/ace.sh); then axe-core (npm), which the browser tests inject into
# pages, into the checkout's gitignored .cache/axe (internal/testenv.AxePath).
# apt-get runs as root, or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
$sudo apt-get update -qq
# npm only where there is none: Debian's npm conflicts with a Node.js
# installed otherwise (the build machines come with Node.js and npm).
npm=
if ! command -v npm >/dev/null; then npm=npm; fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  default-jre-headless epubcheck qpdf poppler-utils mupdf-tools fonts-noto-cjk chromium $npm >/dev/null
# A fixed version, so that a new rule does not fail an old commit.
npm install --prefix .cache/axe --no-save --no-audit --no-fund --loglevel=error axe-core@4.14.1 >/dev/null
