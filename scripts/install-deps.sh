#!/usr/bin/env bash
# Installs what wslens needs on Debian/Ubuntu when it is missing: libpcap-dev (build) and,
# with --test, tshark (the independent decoder the tests compare against) and python3. Needs root for apt.
set -euo pipefail

need=()
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
if [ "${1:-}" = "--test" ]; then
  command -v tshark >/dev/null 2>&1 || need+=(tshark)
  command -v python3 >/dev/null 2>&1 || need+=(python3)   # an inflater independent of wslens's zlib use
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
