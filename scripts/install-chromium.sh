#!/usr/bin/env bash
# Makes headless Chromium and its WebDriver available for the console's browser tests (ConsoleIT).
#
# Does nothing (and prints nothing) when both `chromium` and `chromedriver` are on the PATH. Otherwise it installs
# Debian's `chromium` and `chromium-driver` packages, which always come in matching versions. apt's lists are
# refreshed only when apt does not know the packages yet (fresh images ship without lists).
#
# Needs root (or sudo) for apt-get.
set -euo pipefail

log() { echo "install-chromium: $*" >&2; }
die() { log "$*"; exit 1; }

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
command -v apt-get >/dev/null || die "no apt-get here; install Chromium and a matching chromedriver yourself"

SUDO=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || die "run as root (apt-get needs it)"
  SUDO=(sudo)
fi

readonly PACKAGES=(chromium chromium-driver)
export DEBIAN_FRONTEND=noninteractive
for pkg in "${PACKAGES[@]}"; do
  if ! apt-cache show "$pkg" >/dev/null 2>&1; then
    "${SUDO[@]}" apt-get update -q >&2
    break
  fi
done
log "installing ${PACKAGES[*]}"
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >&2
command -v chromedriver >/dev/null || die "chromium-driver installed, but chromedriver is not on the PATH"
log "$(chromium --version 2>/dev/null || echo chromium) and $(chromedriver --version | head -n 1) installed"
