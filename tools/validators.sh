#!/usr/bin/env bash
# Installs the validators that the tests and `make release` run, from
# Debian's packages: epubcheck (and a Java runtime) for EPUBs, qpdf for
# PDFs, poppler-utils (pdftotext, pdffonts) for the tests that read PDFs,
# and Chromium and npm for Ace by DAISY (tools/ace.sh). apt-get runs as
# root, or through sudo.
set -euo pipefail
sudo=
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  default-jre-headless epubcheck qpdf poppler-utils fonts-noto-cjk chromium npm >/dev/null
