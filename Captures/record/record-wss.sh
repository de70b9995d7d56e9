#!/bin/bash
# Re-record the wss (WebSocket over TLS) captures in Captures/wss/ with their NSS key logs.
#
#   sudo Captures/record/record-wss.sh            # all of them
#   sudo Captures/record/record-wss.sh NAME ...   # some, e.g. wss-tls12-chacha
#
# Every recording runs in a private network namespace (unshare -n, loopback only), so the servers
# can listen on port 443 without disturbing anything, and no packet can leave the machine.
# The server certificate and key in tls/ are a self-signed TEST certificate for chat.wslens.test
# (made once with openssl req -x509, see Captures/README.md); clients connect to 127.0.0.1 and
# name chat.wslens.test in their ClientHello (SNI).
#
# Needs root (namespace, packet capture) and, on Debian 12:
#   apt-get install tcpdump tshark python3-websockets node-ws chromium openssl
# Peers: /usr/bin/python3 with Debian's python3-websockets (10.4) and its ssl module (OpenSSL 3.0),
# /usr/bin/node (Node 20, OpenSSL 3.0) with Debian's node-ws (8.11), Debian's chromium.
# Each capture is checked with tshark at the end: with its key log it must decode WebSocket frames.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$HERE")/wss
PY=/usr/bin/python3
NODE=/usr/bin/node
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
export PYTHONDONTWRITEBYTECODE=1

die() { printf 'record-wss.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '== %s\n' "$*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (network namespace, packet capture)"
for tool in unshare ip tcpdump tshark timeout ss "$PY" "$NODE" chromium; do
    command -v "$tool" >/dev/null || die "missing $tool"
done

# Re-run this script inside a fresh network namespace with only the loopback interface up.
if [ -z "${WSLENS_IN_NETNS:-}" ]; then
    exec unshare -n env WSLENS_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
[ "$(ip -o link show | wc -l)" = 1 ] || die "expected a namespace with only lo"

mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/wslens-record-wss.XXXXXX)
CAP_PID=""
BG_PIDS=()
cleanup() {
    local pid
    for pid in "${BG_PIDS[@]}" $CAP_PID; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_listen() {
    local i
    for i in $(seq 100); do
        [ -n "$(ss -Hltn "sport = :$1")" ] && return 0
        sleep 0.1
    done
    die "nothing listens on port $1"
}

# capture_start NAME: tcpdump on lo, port 443 only; the key log of this capture starts empty.
capture_start() {
    PCAP="$OUT/$1.pcap"
    KEYS="$OUT/$1.keys"
    rm -f "$PCAP" "$KEYS"
    tcpdump -i lo -s 0 -U -Z root -n -w "$PCAP" "tcp port 443" 2>"$WORK/cap.log" &
    CAP_PID=$!
    local i
    for i in $(seq 100); do
        grep -q "listening on" "$WORK/cap.log" 2>/dev/null && { sleep 0.3; return 0; }
        sleep 0.1
    done
    cat "$WORK/cap.log" >&2
    die "tcpdump did not start"
}

capture_stop() {
    sleep 1
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    grep -E "captured|dropped" "$WORK/cap.log" >&2 || true
    chmod 644 "$PCAP" "$KEYS"
}

bg() { timeout 60 "$@" & BG_PIDS+=($!); LAST_BG=$!; }
wait_bg() {
    local pid rc=0
    for pid in "${BG_PIDS[@]}"; do wait "$pid" || rc=$?; done
    BG_PIDS=()
    [ "$rc" = 0 ] || die "a peer failed (exit $rc)"
}
fg() { timeout 60 "$@"; }

# verify: tshark must decrypt the capture with its key log and find WebSocket frames.
verify() {
    local frames
    frames=$(tshark -r "$PCAP" -o "tls.keylog_file:$KEYS" -Y websocket 2>/dev/null | wc -l)
    [ "$frames" -gt 0 ] || die "$(basename "$PCAP"): tshark decodes no WebSocket frame with the key log"
    log "$(basename "$PCAP"): tshark decodes $frames packets with WebSocket frames"
}

# ---------------------------------------------------------------- captures

# Headless Chromium (BoringSSL, TLS 1.3) against the python websockets server, permessage-deflate.
rec_wss_chromium_tls13() {
    local profile chromium_pid server_pid
    capture_start wss-chromium-tls13
    profile=$(mktemp -d "$WORK/chromium-profile.XXXXXX")
    bg "$PY" "$HERE/wss_python.py" server --port 443 --tls 1.3
    server_pid=$LAST_BG
    wait_listen 443
    SSLKEYLOGFILE="$KEYS" timeout 60 chromium --headless --no-sandbox --disable-gpu \
        --ignore-certificate-errors --host-resolver-rules="MAP chat.wslens.test 127.0.0.1" \
        --user-data-dir="$profile" --no-first-run --no-default-browser-check \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --disable-default-apps \
        "file://$HERE/wss_chromium_page.html" >"$WORK/chromium.log" 2>&1 &
    chromium_pid=$!
    wait "$server_pid" || die "wss_python.py server failed"
    BG_PIDS=()
    sleep 1
    kill -TERM "$chromium_pid" 2>/dev/null || true
    wait "$chromium_pid" 2>/dev/null || true
    capture_stop
}

# Python client and server pinned to TLS 1.2: one connection with ECDHE-RSA-AES128-GCM-SHA256,
# a second with ECDHE-RSA-AES256-GCM-SHA384 (the SHA-384 PRF). The client writes the key log.
rec_wss_tls12_aes_gcm() {
    capture_start wss-tls12-aes-gcm
    bg "$PY" "$HERE/wss_python.py" server --port 443 --tls 1.2 --connections 2
    wait_listen 443
    fg "$PY" "$HERE/wss_python.py" client --port 443 --tls 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 --keylog "$KEYS"
    fg "$PY" "$HERE/wss_python.py" client --port 443 --tls 1.2 --ciphers ECDHE-RSA-AES256-GCM-SHA384 --keylog "$KEYS"
    wait_bg
    capture_stop
}

# Node client and server pinned to TLS 1.2 ECDHE-RSA-CHACHA20-POLY1305, no compression.
rec_wss_tls12_chacha() {
    capture_start wss-tls12-chacha
    bg "$NODE" "$HERE/wss_node.js" server --port 443 --tls 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305
    wait_listen 443
    fg "$NODE" --tls-keylog="$KEYS" "$HERE/wss_node.js" client --port 443 --tls 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305
    wait_bg
    capture_stop
}

# Node client and server pinned to TLS 1.3 TLS_CHACHA20_POLY1305_SHA256, permessage-deflate on.
rec_wss_tls13_chacha() {
    capture_start wss-tls13-chacha
    bg "$NODE" "$HERE/wss_node.js" server --port 443 --tls 1.3 --ciphers TLS_CHACHA20_POLY1305_SHA256 --deflate
    wait_listen 443
    fg "$NODE" --tls-keylog="$KEYS" "$HERE/wss_node.js" client --port 443 --tls 1.3 --ciphers TLS_CHACHA20_POLY1305_SHA256 --deflate
    wait_bg
    capture_stop
}

# Node client and server pinned to TLS 1.3 TLS_AES_128_GCM_SHA256 (RFC 8448's suite), no compression.
rec_wss_tls13_aes128() {
    capture_start wss-tls13-aes128
    bg "$NODE" "$HERE/wss_node.js" server --port 443 --tls 1.3 --ciphers TLS_AES_128_GCM_SHA256
    wait_listen 443
    fg "$NODE" --tls-keylog="$KEYS" "$HERE/wss_node.js" client --port 443 --tls 1.3 --ciphers TLS_AES_128_GCM_SHA256
    wait_bg
    capture_stop
}

ALL=(wss-chromium-tls13 wss-tls12-aes-gcm wss-tls12-chacha wss-tls13-chacha wss-tls13-aes128)
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=("${ALL[@]}")
for name in "${NAMES[@]}"; do
    log "$name"
    "rec_${name//-/_}"
    verify
done
