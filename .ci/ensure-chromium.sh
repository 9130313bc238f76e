#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver when they are missing (browser tests need both).
# Needs root or sudo; prints what it does. Safe to run again.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "ci: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version 2>/dev/null | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ci: chromium/chromedriver missing and apt-get not available; browser tests will fail under CI=true" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "ci: installing chromium and chromium-driver from Debian's packages"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "ci: $(chromium --version 2>/dev/null | head -1)"
