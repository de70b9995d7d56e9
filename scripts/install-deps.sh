#!/usr/bin/env bash
# Installs what wslens needs on Debian/Ubuntu when it is missing: libpcap-dev (build) and,
# with --test, tshark (the independent decoder the tests compare against), python3, chromium and
# python3-websockets (the HTML pages checked in a real browser), hunspell and hunspell-de-de (the
# German spell check), iproute2 and util-linux (live capture tests in a private network namespace).
# Needs root for apt.
set -euo pipefail

need=()
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
if [ "${1:-}" = "--test" ]; then
  command -v tshark >/dev/null 2>&1 || need+=(tshark)
  command -v python3 >/dev/null 2>&1 || need+=(python3)   # an inflater independent of wslens's zlib use
  command -v chromium >/dev/null 2>&1 || need+=(chromium)   # a real browser for the HTML report and lesson pages
  /usr/bin/python3 -c 'import websockets' 2>/dev/null || need+=(python3-websockets)   # drives chromium's DevTools
  command -v hunspell >/dev/null 2>&1 || need+=(hunspell)   # the German spell check (scripts/spellcheck-de.sh)
  [ -e /usr/share/hunspell/de_DE.dic ] || need+=(hunspell-de-de)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)          # live capture tests in a private network namespace
  command -v unshare >/dev/null 2>&1 || need+=(util-linux)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "wslens needs: ${need[*]} (install them with your package manager; on macOS: brew install libpcap)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing ${need[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
